// nested_divergence.cu: an if inside an if inside a loop whose trip count
// differs per lane, so the warp splits and rejoins at several depths.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL nested_divergence\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__host__ __device__ int nested(int t)
{
    int acc = 0;
    int trips = t % 9 + (t >> 4);
    for (int k = 0; k < trips; k++) {
        if ((k + t) & 1) {
            if (k % 3 == 0)
                acc += k * t;
            else
                acc -= t;
        } else {
            if (t & 4) {
                for (int m = 0; m < (t & 3); m++)
                    acc ^= m << k;
            }
            acc += 1;
        }
    }
    return acc;
}

__global__ void run(int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = nested(i);
}

int main()
{
    const int n = 700;
    int *out = (int *)malloc(n * sizeof(int));
    int *d;
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    run<<<(n + 63) / 64, 64>>>(d, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (out[i] != nested(i) && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], nested(i));
    }
    CHECK(cudaFree(d));
    free(out);
    if (bad) {
        printf("FAIL nested_divergence (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS nested_divergence\n");
    return 0;
}
