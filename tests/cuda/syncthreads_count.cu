// syncthreads_count.cu: __syncthreads_count, __syncthreads_and and
// __syncthreads_or give every thread the block-wide result.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL syncthreads_count\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void votes(const int *in, int *out)
{
    int t = threadIdx.x, b = blockIdx.x;
    int v = in[b * blockDim.x + t];
    int *o = out + 5 * (b * blockDim.x + t);
    o[0] = __syncthreads_count(v > 10);
    o[1] = __syncthreads_and(v >= 0);
    o[2] = __syncthreads_and(v > 10);
    o[3] = __syncthreads_or(v == 42);
    o[4] = __syncthreads_or(v < -1000);
}

int main()
{
    const int blocks = 3, threads = 200, n = blocks * threads;
    int in[n], out[5 * n];
    for (int i = 0; i < n; i++)
        in[i] = (i * 31) % 23;
    in[2 * threads + 7] = 42;
    in[threads + 3] = -5;
    int *din, *dout;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    votes<<<blocks, threads>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
        int cnt = 0, nonneg = 1, big = 1, has42 = 0, neg = 0;
        for (int t = 0; t < threads; t++) {
            int v = in[b * threads + t];
            cnt += v > 10;
            nonneg &= v >= 0;
            big &= v > 10;
            has42 |= v == 42;
            neg |= v < -1000;
        }
        int want[5] = { cnt, nonneg, big, has42, neg };
        for (int t = 0; t < threads; t++)
            for (int k = 0; k < 5; k++) {
                int got = out[5 * (b * threads + t) + k];
                if (k > 0)
                    got = got != 0;
                if (got != want[k] && bad++ < 5)
                    printf("block %d thread %d op %d: %d, expected %d\n", b,
                           t, k, got, want[k]);
            }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL syncthreads_count (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS syncthreads_count\n");
    return 0;
}
