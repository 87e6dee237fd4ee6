// reduce_shared.cu: per-block sum by tree reduction in shared memory,
// __syncthreads inside the halving loop; then a second pass over blocks.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL reduce_shared\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define THREADS 256

__global__ void reduce(const int *in, int *out, int n)
{
    __shared__ int s[THREADS];
    int t = threadIdx.x;
    int sum = 0;
    for (int i = blockIdx.x * THREADS + t; i < n; i += THREADS * gridDim.x)
        sum += in[i];
    s[t] = sum;
    __syncthreads();
    for (int stride = THREADS / 2; stride > 0; stride >>= 1) {
        if (t < stride)
            s[t] += s[t + stride];
        __syncthreads();
    }
    if (t == 0)
        out[blockIdx.x] = s[0];
}

int main()
{
    const int n = 100003, blocks = 40;
    int *in = (int *)malloc(n * sizeof(int));
    long long want = 0;
    for (int i = 0; i < n; i++) {
        in[i] = (i * 37) % 201 - 100;
        want += in[i];
    }
    int *din, *dpart, *dsum, got;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dpart, blocks * sizeof(int)));
    CHECK(cudaMalloc(&dsum, sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    reduce<<<blocks, THREADS>>>(din, dpart, n);
    CHECK(cudaGetLastError());
    reduce<<<1, THREADS>>>(dpart, dsum, blocks);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&got, dsum, sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(din));
    CHECK(cudaFree(dpart));
    CHECK(cudaFree(dsum));
    free(in);
    if (got != want) {
        printf("sum = %d, expected %lld\nFAIL reduce_shared\n", got, want);
        return 1;
    }
    printf("PASS reduce_shared\n");
    return 0;
}
