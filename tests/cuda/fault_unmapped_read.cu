// fault_unmapped_read.cu: a kernel that loads from a page the process
// cannot read (mapped PROT_NONE by the host) fails with
// cudaErrorIllegalAddress, "an illegal memory access was encountered";
// cudaDeviceReset recovers and the same kernel then reads good memory.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstring>
#include <sys/mman.h>

__global__ void copy(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = in[i] + 1.0f;
}

int main()
{
    const int n = 256;
    void *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    float *out = NULL;
    if (page == MAP_FAILED || cudaMalloc(&out, n * sizeof(float))) {
        printf("setup failed\nFAIL fault_unmapped_read\n");
        return 1;
    }
    copy<<<n / 64, 64>>>((const float *)page, out, n);
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t last = cudaGetLastError();
    const char *text = cudaGetErrorString(sync);
    fflush(stderr);
    if (sync != cudaErrorIllegalAddress || last != cudaErrorIllegalAddress ||
        strcmp(text, "an illegal memory access was encountered") != 0) {
        printf("sync=%s last=%s text=%s\nFAIL fault_unmapped_read\n",
               cudaGetErrorName(sync), cudaGetErrorName(last), text);
        return 1;
    }
    munmap(page, 4096);
    // The reset frees `out` with everything else.
    cudaDeviceReset();
    float h[n], *in = NULL;
    for (int i = 0; i < n; i++)
        h[i] = (float)i * 0.5f;
    cudaMalloc(&in, sizeof h);
    cudaMalloc(&out, sizeof h);
    cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice);
    copy<<<n / 64, 64>>>(in, out, n);
    cudaError_t sync2 = cudaDeviceSynchronize();
    cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += h[i] != (float)i * 0.5f + 1.0f;
    cudaFree(in);
    cudaFree(out);
    if (sync2 != cudaSuccess || bad) {
        printf("after reset: sync=%s, %d wrong\nFAIL fault_unmapped_read\n",
               cudaGetErrorName(sync2), bad);
        return 1;
    }
    printf("PASS fault_unmapped_read\n");
    return 0;
}
