// divergent_votes.cu: __ballot_sync, __any_sync and __all_sync under
// `if (lane < k)`, with the membermask of the lanes that take the
// branch, for every k; and a shuffle among them.  Each warp's lanes get
// a different k, so the warps of a block diverge differently.
// Compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL divergent_votes\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { OUTS = 5, UNTOUCHED = 0x5a5a5a5a };

__host__ __device__ unsigned lanes_below(int k)
{
    return k >= 32 ? 0xffffffffu : (1u << k) - 1;
}

__host__ __device__ int pred_of(unsigned i, unsigned seed)
{
    return ((i * 2654435761u + seed) >> 7) % 3 == 0;
}

// warp w of block b takes k = (b * 7 + w * 5) % 33 lanes (0 to 32)
__host__ __device__ int k_of(unsigned block, unsigned warp)
{
    return (int)((block * 7 + warp * 5) % 33);
}

__global__ void votes(unsigned *out, unsigned seed)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31, k = k_of(blockIdx.x, threadIdx.x >> 5);
    int p = pred_of(i, seed);
    if (lane < k) {
        unsigned m = lanes_below(k);
        out[OUTS * i + 0] = __ballot_sync(m, p);
        out[OUTS * i + 1] = __any_sync(m, p);
        out[OUTS * i + 2] = __all_sync(m, p);
        // from the next lane down among those below k (lane 0 its own)
        out[OUTS * i + 3] = __shfl_up_sync(m, i, 1);
        out[OUTS * i + 4] = __all_sync(m, lane < 32);
    }
}

int main()
{
    const int blocks = 9, block = 160, n = blocks * block;
    const unsigned seed = 99;
    unsigned *out = (unsigned *)malloc(OUTS * n * sizeof(unsigned)), *d;
    for (int j = 0; j < OUTS * n; j++)
        out[j] = UNTOUCHED;
    CHECK(cudaMalloc(&d, OUTS * n * sizeof(unsigned)));
    CHECK(cudaMemcpy(d, out, OUTS * n * sizeof(unsigned),
                     cudaMemcpyHostToDevice));
    votes<<<blocks, block>>>(d, seed);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, OUTS * n * sizeof(unsigned),
                     cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int b = i / block, t = i % block, lane = t & 31;
        int k = k_of(b, t >> 5);
        unsigned first = i - lane, ballot = 0;
        for (int l = 0; l < k; l++)
            ballot |= (unsigned)pred_of(first + l, seed) << l;
        unsigned want[OUTS] = {ballot, ballot != 0,
                               ballot == lanes_below(k),
                               lane > 0 ? (unsigned)i - 1 : (unsigned)i, 1};
        for (int o = 0; o < OUTS; o++) {
            unsigned w = lane < k ? want[o] : UNTOUCHED;
            if (out[OUTS * i + o] != w && bad++ < 5)
                printf("thread %d (k %d) output %d: %#x, want %#x\n", i, k, o,
                       out[OUTS * i + o], w);
        }
    }
    CHECK(cudaFree(d));
    free(out);
    if (bad) {
        printf("FAIL divergent_votes (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS divergent_votes\n");
    return 0;
}
