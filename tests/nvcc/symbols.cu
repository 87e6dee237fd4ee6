/* symbols.cu: __device__ and __constant__ variables reached with
 * cudaMemcpyToSymbol/FromSymbol and cudaGetSymbolAddress, and a
 * __managed__ variable, in a program nvcc built. */
#include <cstdio>

__constant__ float coef[4];
__device__ int counter;
__device__ float table[64];
__managed__ int managed_total;

__global__ void poly(float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float x = i * 0.25f;
    out[i] = ((coef[3] * x + coef[2]) * x + coef[1]) * x + coef[0] +
             table[i % 64];
    atomicAdd(&counter, 1);
    atomicAdd(&managed_total, i);
}

int main()
{
    const int n = 300;
    float hcoef[4] = {1.0f, -0.5f, 0.25f, 0.125f}, htable[64], hout[n];
    for (int i = 0; i < 64; i++)
        htable[i] = i * 0.5f;
    int zero = 0;
    cudaMemcpyToSymbol(coef, hcoef, sizeof hcoef);
    cudaMemcpyToSymbol(table, htable, sizeof htable);
    cudaMemcpyToSymbol(counter, &zero, sizeof zero);
    managed_total = 0;
    float *out;
    cudaMalloc(&out, sizeof hout);
    poly<<<(n + 63) / 64, 64>>>(out, n);
    cudaDeviceSynchronize();
    int count = -1;
    cudaMemcpyFromSymbol(&count, counter, sizeof count);
    cudaError_t err = cudaMemcpy(hout, out, sizeof hout,
                                 cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    int *addr = 0;
    if (cudaGetSymbolAddress((void **)&addr, counter) != cudaSuccess ||
        !addr) {
        printf("FAIL cudaGetSymbolAddress\n");
        return 1;
    }
    if (count != n || managed_total != n * (n - 1) / 2) {
        printf("FAIL counter %d managed %d\n", count, managed_total);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        float x = i * 0.25f;
        float want = ((hcoef[3] * x + hcoef[2]) * x + hcoef[1]) * x +
                     hcoef[0] + htable[i % 64];
        float d = hout[i] - want;
        if (d > 1e-3f || d < -1e-3f) {
            printf("FAIL out[%d] = %g, want %g\n", i, hout[i], want);
            return 1;
        }
    }
    printf("PASS\n");
    return 0;
}
