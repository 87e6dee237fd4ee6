// bitonic_sort.cu: each block sorts 512 keys in shared memory by bitonic
// merging, 256 threads each doing one compare-exchange per step.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL bitonic_sort\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define N 512

__global__ void bitonic(int *keys)
{
    __shared__ int s[N];
    int t = threadIdx.x;
    int *blk = keys + blockIdx.x * N;
    s[t] = blk[t];
    s[t + N / 2] = blk[t + N / 2];
    __syncthreads();
    for (int size = 2; size <= N; size <<= 1) {
        for (int stride = size / 2; stride > 0; stride >>= 1) {
            // Thread t owns the pair (i, i + stride) of its sub-sequence.
            int i = 2 * t - (t & (stride - 1));
            int j = i + stride;
            bool up = (i & size) == 0;
            int a = s[i], b = s[j];
            if ((a > b) == up) {
                s[i] = b;
                s[j] = a;
            }
            __syncthreads();
        }
    }
    blk[t] = s[t];
    blk[t + N / 2] = s[t + N / 2];
}

static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main()
{
    const int blocks = 3;
    int *h = (int *)malloc(blocks * N * sizeof(int));
    int *want = (int *)malloc(blocks * N * sizeof(int));
    unsigned x = 99;
    for (int i = 0; i < blocks * N; i++) {
        x = x * 1664525u + 1013904223u;
        h[i] = (int)(x >> 8) % 1000 - 500;
        want[i] = h[i];
    }
    for (int b = 0; b < blocks; b++)
        qsort(want + b * N, N, sizeof(int), cmp);
    int *d;
    CHECK(cudaMalloc(&d, blocks * N * sizeof(int)));
    CHECK(cudaMemcpy(d, h, blocks * N * sizeof(int), cudaMemcpyHostToDevice));
    bitonic<<<blocks, N / 2>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, blocks * N * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < blocks * N; i++)
        if (h[i] != want[i] && bad++ < 5)
            printf("key %d = %d, expected %d\n", i, h[i], want[i]);
    CHECK(cudaFree(d));
    free(h); free(want);
    if (bad) {
        printf("FAIL bitonic_sort\n");
        return 1;
    }
    printf("PASS bitonic_sort\n");
    return 0;
}
