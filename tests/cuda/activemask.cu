// activemask.cu: __activemask in converged code, in a partial last warp,
// after an early exit and inside a loop whose lanes leave one by one.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL activemask\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void masks(unsigned *out)
{
    int i = threadIdx.x, lane = i & 31;
    out[4 * i] = __activemask();
    if (lane >= 20) {
        out[4 * i + 1] = 0;
        out[4 * i + 2] = 0;
        out[4 * i + 3] = 0;
        return;
    }
    out[4 * i + 1] = __activemask();
    unsigned last = 0;
    // Not unrolled: nvcc otherwise runs it four trips at a time, then the
    // lane % 4 trips left in a loop of their own, whose last trip for a
    // lane finds the lanes with at least as many left (lanes 1, 2, 3, 5,
    // ... for lane 1), not the lanes numbered lane and up: its PTX then
    // means other masks than this loop's.
#pragma unroll 1
    for (int k = 0; k < lane; k++)
        last = __activemask();
    out[4 * i + 2] = last;
    out[4 * i + 3] = __popc(__activemask());
}

int main()
{
    const int n = 40;
    unsigned out[4 * n];
    unsigned *d;
    CHECK(cudaMalloc(&d, sizeof(out)));
    masks<<<1, n>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int lane = i & 31, wsize = i < 32 ? 32 : n - 32;
        unsigned full = wsize == 32 ? 0xffffffffu : (1u << wsize) - 1;
        unsigned live = full & 0xfffffu;
        // A lane's last trip is k = lane - 1; the lanes still looping
        // then are those numbered lane and up.
        unsigned loop = lane == 0 ? 0 : live & ~((1u << lane) - 1);
        unsigned want[4] = { full, lane < 20 ? live : 0,
                             lane < 20 ? loop : 0,
                             lane < 20 ? (unsigned)__builtin_popcount(live)
                                       : 0 };
        for (int k = 0; k < 4; k++)
            if (out[4 * i + k] != want[k] && bad++ < 5)
                printf("lane %d case %d: %#x, expected %#x\n", i, k,
                       out[4 * i + k], want[k]);
    }
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL activemask (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS activemask\n");
    return 0;
}
