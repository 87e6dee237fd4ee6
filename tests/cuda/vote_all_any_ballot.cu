// vote_all_any_ballot.cu: __all_sync, __any_sync and __ballot_sync over
// full warps, with predicates true for all, none, one and some lanes.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL vote_all_any_ballot\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// Predicate of case c for global thread i; warps differ through i.
__host__ __device__ int pred(int c, int i)
{
    int lane = i & 31, warp = i >> 5;
    switch (c) {
    case 0: return 1;
    case 1: return 0;
    case 2: return lane == warp % 32;
    default: return ((i * 2654435761u) >> 7) & 1;
    }
}

__global__ void vote(unsigned *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    for (int c = 0; c < 4; c++) {
        int p = pred(c, i);
        out[i * 12 + 3 * c + 0] = __all_sync(0xffffffffu, p);
        out[i * 12 + 3 * c + 1] = __any_sync(0xffffffffu, p);
        out[i * 12 + 3 * c + 2] = __ballot_sync(0xffffffffu, p);
    }
}

int main()
{
    const int n = 256;
    unsigned *out = (unsigned *)malloc(n * 12 * sizeof(unsigned));
    unsigned *d;
    CHECK(cudaMalloc(&d, n * 12 * sizeof(unsigned)));
    vote<<<2, 128>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, n * 12 * sizeof(unsigned),
                     cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++)
        for (int c = 0; c < 4; c++) {
            unsigned ballot = 0;
            for (int l = 0; l < 32; l++)
                if (pred(c, (i & ~31) + l))
                    ballot |= 1u << l;
            unsigned want[3] = { ballot == 0xffffffffu, ballot != 0, ballot };
            for (int k = 0; k < 3; k++) {
                unsigned got = out[i * 12 + 3 * c + k];
                // all/any return nonzero for true, not necessarily 1.
                if (k < 2)
                    got = got != 0;
                if (got != want[k] && bad++ < 5)
                    printf("thread %d case %d vote %d: %#x, expected %#x\n",
                           i, c, k, got, want[k]);
            }
        }
    CHECK(cudaFree(d));
    free(out);
    if (bad) {
        printf("FAIL vote_all_any_ballot (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS vote_all_any_ballot\n");
    return 0;
}
