// stencil_halo.cu: a 1-D stencil of radius 3; each block loads its tile
// plus halos into shared memory (edge threads load the halos, zero past
// the array ends) and weights 7 neighbours.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL stencil_halo\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define R 3
#define B 128

__host__ __device__ int weight(int k)
{
    return k * k - 2 * k + 3;            // k in -R..R
}

__global__ void stencil(const int *in, int *out, int n)
{
    __shared__ int tile[B + 2 * R];
    int g = blockIdx.x * B + threadIdx.x, l = threadIdx.x + R;
    tile[l] = g < n ? in[g] : 0;
    if (threadIdx.x < R) {
        int left = g - R, right = g + B;
        tile[l - R] = left >= 0 && left < n ? in[left] : 0;
        tile[l + B] = right < n ? in[right] : 0;
    }
    __syncthreads();
    if (g >= n)
        return;
    int acc = 0;
    for (int k = -R; k <= R; k++)
        acc += weight(k) * tile[l + k];
    out[g] = acc;
}

int main()
{
    const int n = 1000;
    int in[n], out[n];
    for (int i = 0; i < n; i++)
        in[i] = (i * 31) % 17 - 8;
    int *din, *dout;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    stencil<<<(n + B - 1) / B, B>>>(din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want = 0;
        for (int k = -R; k <= R; k++)
            if (i + k >= 0 && i + k < n)
                want += weight(k) * in[i + k];
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], want);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL stencil_halo\n");
        return 1;
    }
    printf("PASS stencil_halo\n");
    return 0;
}
