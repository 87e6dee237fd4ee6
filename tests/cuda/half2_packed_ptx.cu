// half2_packed_ptx.cu: the packed half PTX that nvcc's cuda_fp16.h and
// cuda_bf16.h emit and clang's do not, written as inline PTX so that every
// leg runs it: cvt of two floats into an f16x2 or bf16x2 (a's half in the
// upper 16 bits), setp on .f16x2/.bf16x2 (p from the lower halves, q from
// the upper ones, not its complement), set on them (1.0 of the
// destination's half type per half, or 0xffff in an integer), and set on
// a single half.  Checked against values worked out by hand.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdint>

struct pair_case {
    float a, b;
};

// One case a thread: the packed conversions of (a, b), then the packed
// comparisons of those packings with (b, a)'s.
__global__ void packed(const pair_case *in, uint32_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float a = in[i].a, b = in[i].b;
    uint32_t h, hr, bf, hs, lt_lo, lt_hi, le_and, set_h, set_bf, set_u;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(h) : "f"(a), "f"(b));
    asm("cvt.rn.relu.f16x2.f32 %0, %1, %2;" : "=r"(hr) : "f"(a), "f"(b));
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(bf) : "f"(a), "f"(b));
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(hs) : "f"(b), "f"(a));
    asm("{ .reg .pred p, q;\n"
        "  setp.lt.f16x2 p|q, %2, %3;\n"
        "  selp.u32 %0, 1, 0, p;\n"
        "  selp.u32 %1, 1, 0, q; }"
        : "=r"(lt_lo), "=r"(lt_hi) : "r"(h), "r"(hs));
    asm("{ .reg .pred p, q, c;\n"
        "  setp.ne.u32 c, %2, 0;\n"
        "  setp.le.and.bf16x2 p|q, %1, %1, c;\n"
        "  selp.u32 %0, 1, 0, q; }"
        : "=r"(le_and) : "r"(bf), "r"(i & 1));
    asm("set.gt.f16x2.f16x2 %0, %1, %2;" : "=r"(set_h) : "r"(h), "r"(hs));
    asm("set.gt.bf16x2.bf16x2 %0, %1, %1;" : "=r"(set_bf) : "r"(bf));
    asm("set.ge.u32.f16x2 %0, %1, %2;" : "=r"(set_u) : "r"(h), "r"(hs));
    unsigned short s16 = (unsigned short)(h & 0xffff), one16;
    asm("set.eq.f16.f16 %0, %1, %1;" : "=h"(one16) : "h"(s16));
    uint32_t *o = out + 11 * i;
    o[0] = h;
    o[1] = hr;
    o[2] = bf;
    o[3] = lt_lo;
    o[4] = lt_hi;
    o[5] = le_and;
    o[6] = set_h;
    o[7] = set_bf;
    o[8] = set_u;
    o[9] = one16;
    o[10] = hs;
}

int main()
{
    // halves: 1.0 = 0x3c00, -2.5 = 0xc100, 0.5 = 0x3800, 3.0 = 0x4200,
    // 1 + 2^-11 ties to even 0x3c00, 1 + 3 * 2^-12 rounds up to 0x3c01;
    // bf16: 1.0 = 0x3f80, -2.5 = 0xc020, 0.5 = 0x3f00, 3.0 = 0x4040
    const pair_case cases[] = {
        {1.0f, -2.5f},
        {0.5f, 3.0f},
        {1.0f + 1.0f / 2048, 1.0f + 3.0f / 4096},
        {-2.5f, -2.5f},
    };
    const int n = sizeof cases / sizeof cases[0];
    // h, hr, bf, lt_lo, lt_hi, le_and (the q half, c = i odd),
    // set_h, set_bf, set_u, one16, hs
    const uint32_t want[n][11] = {
        // a = 1.0 > b = -2.5: packed (a, b) vs (b, a): lo -2.5 < 1.0,
        // hi 1.0 > -2.5
        {0x3c00c100, 0x3c000000, 0x3f80c020, 1, 0, 0, 0x3c000000, 0,
         0xffff0000, 0x3c00, 0xc1003c00},
        {0x38004200, 0x38004200, 0x3f004040, 0, 1, 1, 0x00003c00, 0,
         0x0000ffff, 0x3c00, 0x42003800},
        {0x3c003c01, 0x3c003c01, 0x3f803f80, 0, 1, 0, 0x00003c00, 0,
         0x0000ffff, 0x3c00, 0x3c013c00},
        {0xc100c100, 0x00000000, 0xc020c020, 0, 0, 1, 0, 0, 0xffffffff,
         0x3c00, 0xc100c100},
    };
    const char *names[11] = {"cvt.f16x2", "cvt.relu.f16x2", "cvt.bf16x2",
                             "setp.lt p", "setp.lt q", "setp.le.and q",
                             "set.f16x2", "set.bf16x2", "set.u32.f16x2",
                             "set.f16", "cvt.f16x2 swapped"};
    pair_case *d_in;
    uint32_t *d_out, out[n][11];
    cudaMalloc(&d_in, sizeof cases);
    cudaMalloc(&d_out, sizeof out);
    cudaMemcpy(d_in, cases, sizeof cases, cudaMemcpyHostToDevice);
    packed<<<1, 32>>>(d_in, d_out, n);
    cudaError_t err = cudaMemcpy(out, d_out, sizeof out,
                                 cudaMemcpyDeviceToHost);
    int bad = err != cudaSuccess;
    if (bad)
        printf("kernel: %s\n", cudaGetErrorString(err));
    for (int i = 0; i < n && !err; i++)
        for (int k = 0; k < 11; k++)
            if (out[i][k] != want[i][k] && bad++ < 10)
                printf("case %d %s: 0x%08x, want 0x%08x\n", i, names[k],
                       out[i][k], want[i][k]);
    printf("%s half2_packed_ptx\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
