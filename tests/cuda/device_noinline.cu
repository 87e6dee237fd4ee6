// device_noinline.cu: a __noinline__ __device__ function taking pointers
// and writing its results through them, called from divergent lanes.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_noinline\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ __noinline__ void minmax(const int *v, int n, int *lo, int *hi)
{
    *lo = v[0];
    *hi = v[0];
    for (int k = 1; k < n; k++) {
        if (v[k] < *lo) *lo = v[k];
        if (v[k] > *hi) *hi = v[k];
    }
}

__global__ void run(const int *data, int *out)
{
    int i = threadIdx.x;
    int lo, hi;
    minmax(data + i, 1 + i % 13, &lo, &hi);
    out[4 * i] = lo;
    out[4 * i + 1] = hi;
    if (i & 1)
        minmax(data + 2 * i, 3, &out[4 * i + 2], &out[4 * i + 3]);
    else
        out[4 * i + 2] = out[4 * i + 3] = -i;
}

int main()
{
    const int n = 64;
    int data[2 * n + 16], out[4 * n];
    for (int i = 0; i < 2 * n + 16; i++)
        data[i] = (i * 7919) % 97 + 1;
    int *dd, *dout;
    CHECK(cudaMalloc(&dd, sizeof(data)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(dd, data, sizeof(data), cudaMemcpyHostToDevice));
    run<<<1, n>>>(dd, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int lo = data[i], hi = data[i];
        for (int k = 1; k < 1 + i % 13; k++) {
            lo = data[i + k] < lo ? data[i + k] : lo;
            hi = data[i + k] > hi ? data[i + k] : hi;
        }
        int lo2 = -i, hi2 = -i;
        if (i & 1) {
            lo2 = hi2 = data[2 * i];
            for (int k = 1; k < 3; k++) {
                lo2 = data[2 * i + k] < lo2 ? data[2 * i + k] : lo2;
                hi2 = data[2 * i + k] > hi2 ? data[2 * i + k] : hi2;
            }
        }
        int want[4] = { lo, hi, lo2, hi2 };
        for (int k = 0; k < 4; k++)
            if (out[4 * i + k] != want[k] && bad++ < 5)
                printf("thread %d value %d: %d, expected %d\n", i, k,
                       out[4 * i + k], want[k]);
    }
    CHECK(cudaFree(dd));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL device_noinline\n");
        return 1;
    }
    printf("PASS device_noinline\n");
    return 0;
}
