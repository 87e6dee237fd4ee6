// ptx_edge_semantics.cu: PTX instructions at their edges, through inline
// asm, against values worked out from the PTX ISA: carry chains without
// .cc, bfe past the operand, mul24.hi, mad.hi.sat, shuffle lane masking,
// min/max.f32 ignoring a NaN operand (in every lane, so as one vector).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL ptx_edge_semantics\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N_RESULTS = 12 };

__global__ void edges(unsigned *out, unsigned x, float nan)
{
    unsigned lo, hi, v;
    int s;
    // madc.hi without .cc still adds the carry of the mad.lo.cc before it:
    // 0xffffffff^2 = 0xfffffffe_00000001; lo + 0xffffffff carries out.
    asm("mad.lo.cc.u32 %0, %2, %2, %2;\n\t"
        "madc.hi.u32 %1, %2, %2, 0;" : "=r"(lo), "=r"(hi) : "r"(x));
    if (threadIdx.x == 0) {
        out[0] = lo;
        out[1] = hi;
        asm("bfe.s32 %0, %1, 28, 8;" : "=r"(s) : "r"(0x80000000u));
        out[2] = (unsigned)s;
        asm("bfe.s32 %0, %1, 40, 32;" : "=r"(s) : "r"(x));
        out[3] = (unsigned)s;
        asm("mul24.hi.u32 %0, %1, %1;" : "=r"(v) : "r"(0x800000u));
        out[4] = v;
        asm("mad.hi.sat.s32 %0, %1, %1, %1;" : "=r"(s) : "r"(0x7fffffff));
        out[5] = (unsigned)s;
        asm("bfe.u32 %0, %1, 4, 8;" : "=r"(v) : "r"(0x12345678u));
        out[6] = v;
    }
    // Only bits 4..0 of the lane operand count: 33 means lane ^ 1.
    asm volatile("shfl.sync.bfly.b32 %0, %1, 33, 31, -1;"
                 : "=r"(v) : "r"(threadIdx.x));
    if (threadIdx.x == 2)
        out[7] = v;
    asm volatile("shfl.sync.idx.b32 %0, %1, 37, 31, -1;"
                 : "=r"(v) : "r"(threadIdx.x * 10));
    if (threadIdx.x == 9)
        out[8] = v;
    float lane = (float)threadIdx.x, a, b, c;
    asm("max.f32 %0, %1, %2;" : "=f"(a) : "f"(nan), "f"(lane + 2.5f));
    asm("min.f32 %0, %1, %2;" : "=f"(b) : "f"(-1.0f - lane), "f"(nan));
    asm("max.f32 %0, %1, %2;" : "=f"(c) : "f"(lane + 3.0f), "f"(-7.0f));
    if (threadIdx.x == 0) {
        out[9] = __float_as_uint(a);
        out[10] = __float_as_uint(b);
        out[11] = __float_as_uint(c);
    }
}

int main()
{
    static const unsigned want[N_RESULTS] = {
        0x00000000u, 0xffffffffu, 0xfffffff8u, 0xffffffffu, 0x40000000u,
        0x7fffffffu, 0x67u, 3u, 50u, 0x40200000u, 0xbf800000u, 0x40400000u,
    };
    unsigned *d, got[N_RESULTS];
    CHECK(cudaMalloc(&d, sizeof got));
    CHECK(cudaMemset(d, 0xab, sizeof got));
    edges<<<1, 32>>>(d, 0xffffffffu, __builtin_nanf(""));
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d, sizeof got, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N_RESULTS; i++)
        if (got[i] != want[i]) {
            printf("result %d: 0x%08x, expected 0x%08x\n", i, got[i], want[i]);
            bad++;
        }
    CHECK(cudaFree(d));
    printf("%s ptx_edge_semantics\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
