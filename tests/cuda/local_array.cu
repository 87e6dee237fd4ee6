// local_array.cu: a per-thread array indexed by run-time values (so it
// lives in local memory): a small sort and a lookup by data.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL local_array\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define K 24

__host__ __device__ int local_work(int seed, int pick)
{
    int a[K];
    for (int k = 0; k < K; k++)
        a[k] = (seed * (k + 3) * 2654435761u) >> 20;
    for (int k = 1; k < K; k++) {         // insertion sort
        int v = a[k], j = k - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
    return a[pick % K] + a[(pick * 7) % K] * 3;
}

__global__ void run(const int *pick, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = local_work(i + 1, pick[i]);
}

int main()
{
    const int n = 300;
    int pick[n], out[n];
    for (int i = 0; i < n; i++)
        pick[i] = (i * 37) % 101;
    int *dp, *dout;
    CHECK(cudaMalloc(&dp, sizeof(pick)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(dp, pick, sizeof(pick), cudaMemcpyHostToDevice));
    run<<<(n + 127) / 128, 128>>>(dp, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want = local_work(i + 1, pick[i]);
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], want);
    }
    CHECK(cudaFree(dp));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL local_array\n");
        return 1;
    }
    printf("PASS local_array\n");
    return 0;
}
