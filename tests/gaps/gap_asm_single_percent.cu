// gap_asm_single_percent.cu: nvcc takes special registers written with one
// '%' in inline asm with operands (%laneid); clang says "invalid % escape".
#include <cuda_runtime.h>
#include <cstdio>

__global__ void lanes(unsigned *lane, unsigned long long *t, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned l;
    unsigned long long t0, t1;
    asm volatile("mov.u32 %0, %laneid;" : "=r"(l));
    asm volatile("mov.u64 %0, %globaltimer;" : "=l"(t0));
    asm volatile("mov.u64 %0, %globaltimer;" : "=l"(t1));
    if (i < n) {
        lane[i] = l;
        t[i] = t1 >= t0 && t0 != 0;
    }
}

int main()
{
    const int n = 96;
    unsigned h[n], *d;
    unsigned long long ht[n], *dt;
    cudaMalloc(&d, sizeof(h));
    cudaMalloc(&dt, sizeof(ht));
    lanes<<<2, 48>>>(d, dt, n);
    cudaError_t e = cudaGetLastError();
    cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);
    cudaMemcpy(ht, dt, sizeof(ht), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += h[i] != (unsigned)((i % 48) % 32) || ht[i] != 1;
    if (e != cudaSuccess || bad) {
        printf("FAIL gap_asm_single_percent: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS gap_asm_single_percent\n");
    return 0;
}
