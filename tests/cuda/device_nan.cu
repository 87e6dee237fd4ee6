// device_nan.cu: nan("") and nanf("") from <cmath> in device code must
// resolve to a quiet NaN, not to an unresolved external at PTX load.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>

__global__ void make_nans(double *d, float *f, int n)
{
    int i = threadIdx.x;
    if (i < n) {
        d[i] = i % 2 ? ::nan("") : (double)i;
        f[i] = i % 2 ? nanf("") : (float)i;
    }
}

int main()
{
    const int n = 32;
    double hd[n], *dd;
    float hf[n], *df;
    cudaMalloc(&dd, sizeof(hd));
    cudaMalloc(&df, sizeof(hf));
    make_nans<<<1, n>>>(dd, df, n);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess)
        e = cudaDeviceSynchronize();
    cudaMemcpy(hd, dd, sizeof(hd), cudaMemcpyDeviceToHost);
    cudaMemcpy(hf, df, sizeof(hf), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        bool odd = i % 2;
        bad += odd ? !std::isnan(hd[i]) : hd[i] != (double)i;
        bad += odd ? !std::isnan(hf[i]) : hf[i] != (float)i;
    }
    if (e != cudaSuccess || bad) {
        printf("FAIL device_nan: %s, %d wrong\n", cudaGetErrorString(e),
               bad);
        return 1;
    }
    printf("PASS device_nan\n");
    return 0;
}
