// cvt_directed_ptx.cu: conversions that may round, in the directed modes
// (cvt.rz/.rm/.rp to f32 from f64, s64, u64 and s32, and to f64 from s64
// and u64), written as inline PTX so that every leg runs them; each bit
// for bit against the host's conversion under fesetround.  Values sit
// just above, below and on the boundaries where the modes disagree.
#include <cuda_runtime.h>
#include <cfenv>
#include <cstdint>
#include <cstdio>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL cvt_directed_ptx\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)

enum { KINDS = 6, MODES = 3 };

struct inputs {
    double d;
    long long s;
    unsigned long long u;
    int i;
};

// out: per case, KINDS x MODES results as their bits (floats widened).
__global__ void convert(const inputs *in, unsigned long long *out, int n)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n)
        return;
    double d = in[k].d;
    long long s = in[k].s;
    unsigned long long u = in[k].u;
    int i = in[k].i;
    unsigned long long *o = out + k * KINDS * MODES;
    float f;
    double g;
#define TO_F32(slot, mode, stype, reg, v)                                     \
    asm("cvt." mode ".f32." stype " %0, %1;" : "=f"(f) : reg(v));          \
    o[slot] = __float_as_uint(f);
#define TO_F64(slot, mode, stype, v)                                          \
    asm("cvt." mode ".f64." stype " %0, %1;" : "=d"(g) : "l"(v));          \
    o[slot] = __double_as_longlong(g);
    TO_F32(0, "rz", "f64", "d", d) TO_F32(1, "rm", "f64", "d", d)
    TO_F32(2, "rp", "f64", "d", d)
    TO_F32(3, "rz", "s64", "l", s) TO_F32(4, "rm", "s64", "l", s)
    TO_F32(5, "rp", "s64", "l", s)
    TO_F32(6, "rz", "u64", "l", u) TO_F32(7, "rm", "u64", "l", u)
    TO_F32(8, "rp", "u64", "l", u)
    TO_F32(9, "rz", "s32", "r", i) TO_F32(10, "rm", "s32", "r", i)
    TO_F32(11, "rp", "s32", "r", i)
    TO_F64(12, "rz", "s64", s) TO_F64(13, "rm", "s64", s)
    TO_F64(14, "rp", "s64", s)
    TO_F64(15, "rz", "u64", u) TO_F64(16, "rm", "u64", u)
    TO_F64(17, "rp", "u64", u)
}

static unsigned long long float_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

static unsigned long long double_bits(double d)
{
    unsigned long long b;
    memcpy(&b, &d, 8);
    return b;
}

// The host's answer for slot `slot` under the current rounding mode.
static unsigned long long host(int slot, const inputs &v)
{
    volatile double d = v.d;
    volatile long long s = v.s;
    volatile unsigned long long u = v.u;
    volatile int i = v.i;
    switch (slot / 3) {
    case 0: return float_bits((float)d);
    case 1: return float_bits((float)s);
    case 2: return float_bits((float)u);
    case 3: return float_bits((float)i);
    case 4: return double_bits((double)s);
    default: return double_bits((double)u);
    }
}

int main()
{
    const int n = 64;
    static inputs in[n];
    static const double ds[] = {0.1, -0.1, 1.0 / 3, -2.0 / 3, 1e-40, -1e-45,
                                3.5e38, -3.5e38, 1e300, 16777217.0,
                                -16777219.0, 0.0, -0.0, 5e-324};
    for (int k = 0; k < n; k++) {
        in[k].d = k < 14 ? ds[k] : (k - 30) * 1234.5678901234567;
        // around 2^24, 2^53 and 2^63, where float and double run out
        long long base = k % 3 == 0 ? (1LL << 24) : k % 3 == 1 ? (1LL << 53)
                                                           : (1LL << 62);
        in[k].s = (k & 1 ? -1 : 1) * (base + k * 7 - 100);
        in[k].u = (unsigned long long)base * (k % 4 + 1) + (unsigned)k * 13 +
                  (k == 63 ? 0xf000000000000000ULL : 0);
        in[k].i = (k & 1 ? -1 : 1) * ((1 << 24) + k * 3 - 50);
    }
    inputs *din;
    unsigned long long *dout;
    static unsigned long long out[n * KINDS * MODES];
    CHECK(cudaMalloc(&din, sizeof in));
    CHECK(cudaMalloc(&dout, sizeof out));
    CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
    convert<<<2, 32>>>(din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    static const int modes[MODES] = {FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
    static const char *const kinds[KINDS] = {"f32.f64", "f32.s64", "f32.u64",
                                             "f32.s32", "f64.s64", "f64.u64"};
    static const char *const names[MODES] = {"rz", "rm", "rp"};
    int bad = 0;
    for (int k = 0; k < n; k++)
        for (int slot = 0; slot < KINDS * MODES; slot++) {
            fesetround(modes[slot % 3]);
            unsigned long long want = host(slot, in[k]);
            fesetround(FE_TONEAREST);
            unsigned long long got = out[k * KINDS * MODES + slot];
            if (got != want && bad++ < 10)
                printf("cvt.%s.%s case %d: 0x%llx, want 0x%llx\n",
                       names[slot % 3], kinds[slot / 3], k, got, want);
        }
    cudaFree(din);
    cudaFree(dout);
    if (bad) {
        printf("%d mismatches\nFAIL cvt_directed_ptx\n", bad);
        return 1;
    }
    printf("PASS cvt_directed_ptx\n");
    return 0;
}
