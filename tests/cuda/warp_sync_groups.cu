// warp_sync_groups.cu: warp collectives whose membermask differs between
// lanes of one warp, as nvcc's cooperative_groups tiles pass them
// (0xffff << (laneid & 16)): each lane's ballot, vote, reduction and match
// covers only the lanes of its own mask, so one instruction is several
// independent collectives.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL warp_sync_groups\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 96, OUTS = 9 };

__device__ __host__ int value_of(int i) { return (i * 37 + 5) % 101 - 50; }

__global__ void groups(int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x, lane = threadIdx.x & 31;
    int v = value_of(i);
    unsigned half = 0xffffu << (lane & 16);  // two groups of 16 lanes
    unsigned quad = 0xfu << (lane & ~3);     // eight groups of 4 lanes
    int *o = out + OUTS * i;
    o[0] = (int)__ballot_sync(half, v > 0);
    o[1] = __any_sync(quad, v > 30) * 2 + __all_sync(quad, v > -30);
    unsigned uni;
    asm volatile("{ .reg .pred p, q;\n\t"
                 "setp.gt.s32 p, %1, 0;\n\t"
                 "vote.sync.uni.pred q, p, %2;\n\t"
                 "selp.u32 %0, 1, 0, q; }"
                 : "=r"(uni) : "r"(v), "r"(quad));
    o[2] = (int)uni;
    o[3] = __reduce_add_sync(half, v);
    o[4] = __reduce_max_sync(quad, v);
    o[5] = (int)__match_any_sync(half, v % 3);
    // every lane of a quad with bit 2 of i set holds 1; the others differ
    int pred, same = (i & 4) ? 1 : (i & 1);
    o[6] = (int)__match_all_sync(quad, same, &pred);
    o[7] = pred;
    o[8] = (int)__reduce_or_sync(half, 1u << (lane & 15)) + (lane & 16);
}

// What lane g's collective over `mask` gives; want[] in kernel order.
static void expect(int g, int *want)
{
    int lane = g & 31, w0 = g - lane;
    unsigned half = 0xffffu << (lane & 16), quad = 0xfu << (lane & ~3);
    unsigned ballot = 0, anyq = 0, allq = 1, pos = 0, neg = 0;
    int sum = 0, max = -1000;
    unsigned match = 0, all_same = 1;
    int same_g = (g & 4) ? 1 : (g & 1);
    for (int k = 0; k < 32; k++) {
        int u = value_of(w0 + k), same_k = ((w0 + k) & 4) ? 1 : ((w0 + k) & 1);
        if (half >> k & 1) {
            ballot |= (unsigned)(u > 0) << k;
            sum += u;
            match |= (unsigned)(u % 3 == value_of(g) % 3) << k;
        }
        if (quad >> k & 1) {
            anyq |= u > 30;
            allq &= u > -30;
            pos |= u > 0;
            neg |= u <= 0;
            max = u > max ? u : max;
            all_same &= same_k == same_g;
        }
    }
    want[0] = (int)ballot;
    want[1] = (int)(anyq * 2 + allq);
    want[2] = !(pos && neg);
    want[3] = sum;
    want[4] = max;
    want[5] = (int)match;
    want[6] = all_same ? (int)quad : 0;
    want[7] = (int)all_same;
    want[8] = 0xffff + (lane & 16);
}

int main()
{
    int *d, h[N * OUTS];
    CHECK(cudaMalloc(&d, sizeof(h)));
    groups<<<1, N>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int g = 0; g < N; g++) {
        int want[OUTS];
        expect(g, want);
        for (int k = 0; k < OUTS; k++)
            if (h[OUTS * g + k] != want[k] && bad++ < 8)
                printf("thread %d out %d: %#x, expected %#x\n", g, k,
                       h[OUTS * g + k], want[k]);
    }
    CHECK(cudaFree(d));
    if (bad) {
        printf("FAIL warp_sync_groups (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS warp_sync_groups\n");
    return 0;
}
