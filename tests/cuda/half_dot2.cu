// half_dot2.cu: <cuda_fp16.h> (__half, __half2, conversions, arithmetic)
// in a small dot-product kernel, once a gap (tests/gaps/gap_half.cu).
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cstdio>

__global__ void dot2(const __half2 *a, const __half2 *b, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        __half2 p = __hmul2(a[i], b[i]);
        out[i] = __low2float(p) + __high2float(p);
    }
}

int main()
{
    const int n = 64;
    __half2 ha[n], hb[n], *da, *db;
    float hout[n], *dout;
    for (int i = 0; i < n; i++) {
        ha[i] = __floats2half2_rn(0.5f * i, 1.0f + i);
        hb[i] = __floats2half2_rn(2.0f, 0.25f);
    }
    cudaMalloc(&da, sizeof(ha));
    cudaMalloc(&db, sizeof(hb));
    cudaMalloc(&dout, sizeof(hout));
    cudaMemcpy(da, ha, sizeof(ha), cudaMemcpyHostToDevice);
    cudaMemcpy(db, hb, sizeof(hb), cudaMemcpyHostToDevice);
    dot2<<<1, n>>>(da, db, dout, n);
    cudaError_t e = cudaGetLastError();
    cudaMemcpy(hout, dout, sizeof(hout), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++)   // every value is exact in binary16
        bad += hout[i] != 0.5f * i * 2.0f + (1.0f + i) * 0.25f;
    if (e != cudaSuccess || bad) {
        printf("FAIL half_dot2: %s, %d wrong\n", cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS half_dot2\n");
    return 0;
}
