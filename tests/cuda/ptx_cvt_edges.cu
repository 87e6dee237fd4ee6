// ptx_cvt_edges.cu: cvt at its edges, through inline asm, against values
// worked out from the PTX ISA; nvcc's cuda_bf16.h and cuda_fp16.h emit
// these forms for sm_80 (found in the nvcc leg of bfloat16.cu):
// directed rounding to f16/bf16, the packed .f16x2/.bf16x2 forms (a in
// the upper half, b in the lower), f64 to f16 rounded once, and what a
// NaN converts to (0 from f32 to 32 bits, MININT or 1 << 63 otherwise);
// cvt.rna.tf32.f32, which is __float_to_tf32 in nvcc's mma.h.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL ptx_cvt_edges\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N_RESULTS = 18 };

struct In { float a, b, nan, neg; double d, dnan; float tie; };

// Every lane converts (its inputs vary by lane parity, so they are lane
// vectors, not warp-uniform scalars); lane 5 writes.
__global__ void edges(const In *in, unsigned *out)
{
    const In &x = in[threadIdx.x % 2];
    unsigned short h;
    unsigned v, r[N_RESULTS];
    long long ll;
    unsigned long long ull;
    int i;
    asm("cvt.rz.bf16.f32 %0, %1;" : "=h"(h) : "f"(x.a)); r[0] = h;
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(h) : "f"(x.a)); r[1] = h;
    asm("cvt.rm.bf16.f32 %0, %1;" : "=h"(h) : "f"(x.neg)); r[2] = h;
    asm("cvt.rz.f16.f32 %0, %1;" : "=h"(h) : "f"(x.a)); r[3] = h;
    asm("cvt.rp.f16.f32 %0, %1;" : "=h"(h) : "f"(x.b)); r[4] = h;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(v) : "f"(x.a), "f"(x.b));
    r[5] = v;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(v) : "f"(x.a), "f"(x.b));
    r[6] = v;
    asm("cvt.rn.relu.bf16x2.f32 %0, %1, %2;" : "=r"(v) : "f"(x.neg), "f"(x.b));
    r[7] = v;
    asm("cvt.rn.f16.f64 %0, %1;" : "=h"(h) : "d"(x.d)); r[8] = h;
    asm("cvt.rzi.s64.f32 %0, %1;" : "=l"(ll) : "f"(x.nan));
    r[9] = (unsigned)((unsigned long long)ll >> 32);
    asm("cvt.rni.u64.f32 %0, %1;" : "=l"(ull) : "f"(x.nan));
    r[10] = (unsigned)(ull >> 32);
    asm("cvt.rzi.s64.f64 %0, %1;" : "=l"(ll) : "d"(x.dnan));
    r[11] = (unsigned)((unsigned long long)ll >> 32);
    asm("cvt.rzi.s32.f64 %0, %1;" : "=r"(i) : "d"(x.dnan)); r[12] = i;
    asm("cvt.rzi.u32.f64 %0, %1;" : "=r"(v) : "d"(x.dnan)); r[13] = v;
    asm("cvt.rzi.s32.f32 %0, %1;" : "=r"(i) : "f"(x.nan)); r[14] = i;
    asm("cvt.rpi.u16.f32 %0, %1;" : "=h"(h) : "f"(x.nan)); r[15] = h;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(v) : "f"(x.tie)); r[16] = v;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(v) : "f"(x.a)); r[17] = v;
    if (threadIdx.x == 5)
        for (int k = 0; k < N_RESULTS; k++)
            out[k] = r[k];
}

static float f_of(unsigned u) { float f; memcpy(&f, &u, 4); return f; }

int main()
{
    static const unsigned want[N_RESULTS] = {
        0x3f81u,     // 1.0156249 toward zero: bf16 1.0078125, not 1.015625
        0x3f82u,     //   and to nearest
        0xbf82u,     // -1.0078125 - 2^-24 down: away from zero
        0x3c0fu,     // 1.0156249 toward zero in f16
        0x3c01u,     // 1 + 2^-23 up: the next f16 above 1
        0x3f823f80u, // (a, b): a's bf16 above, b's below
        0x3c103c00u, //   and in f16
        0x00003f80u, // .relu clears the negative a, keeps b
        0x3c01u,     // 1 + 2^-11 + 2^-40 to f16 once (via float: a tie, 1)
        0x80000000u, // NaN to s64: MININT
        0x80000000u, // NaN to u64: 1 << 63
        0x80000000u, // NaN from f64 to s64
        0x80000000u, // NaN from f64 to s32: MININT too
        0x80000000u, // NaN from f64 to u32: 1 << 31
        0u,          // NaN from f32 to s32: 0
        0u,          // NaN from f32 to u16: 0
        0x3f802000u, // 1 + 2^-11 to tf32: a tie, away from zero
        0x3f820000u, // 1.0156249 to tf32: 10 mantissa bits, nearest
    };
    In in = {f_of(0x3f81ffffu), f_of(0x3f800001u), __builtin_nanf(""),
             f_of(0xbf810001u), 1.0 + 0x1p-11 + 0x1p-40, __builtin_nan(""),
             f_of(0x3f801000u)};
    In both[2] = {in, in};
    In *din;
    unsigned *d, got[N_RESULTS];
    CHECK(cudaMalloc(&din, sizeof both));
    CHECK(cudaMalloc(&d, sizeof got));
    CHECK(cudaMemcpy(din, both, sizeof both, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d, 0xab, sizeof got));
    edges<<<1, 32>>>(din, d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d, sizeof got, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int k = 0; k < N_RESULTS; k++)
        if (got[k] != want[k]) {
            printf("result %d: 0x%08x, expected 0x%08x\n", k, got[k], want[k]);
            bad++;
        }
    CHECK(cudaFree(din));
    CHECK(cudaFree(d));
    printf("%s ptx_cvt_edges\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
