// dynamic_shared.cu: extern __shared__ sized at launch; each block
// reverses its chunk in place, run with two different sizes.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL dynamic_shared\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void reverse(int *data)
{
    extern __shared__ int s[];
    int t = threadIdx.x, n = blockDim.x;
    int *chunk = data + blockIdx.x * n;
    s[t] = chunk[t];
    __syncthreads();
    chunk[t] = s[n - 1 - t];
}

static int run(int threads, int blocks)
{
    int n = threads * blocks;
    int *h = (int *)malloc(n * sizeof(int)), *d;
    for (int i = 0; i < n; i++)
        h[i] = i * 3 + 1;
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    CHECK(cudaMemcpy(d, h, n * sizeof(int), cudaMemcpyHostToDevice));
    reverse<<<blocks, threads, threads * sizeof(int)>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < threads; t++) {
            int want = (b * threads + threads - 1 - t) * 3 + 1;
            if (h[b * threads + t] != want && bad++ < 5)
                printf("threads %d block %d t %d: %d, expected %d\n",
                       threads, b, t, h[b * threads + t], want);
        }
    CHECK(cudaFree(d));
    free(h);
    return bad;
}

int main()
{
    int bad = run(64, 5) + run(1000, 3);
    if (bad) {
        printf("FAIL dynamic_shared (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS dynamic_shared\n");
    return 0;
}
