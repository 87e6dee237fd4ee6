// half2_packed_arith_ptx.cu: packed half and bfloat16 arithmetic (add,
// sub, mul, fma.rn with .sat and .relu, min, max.NaN, neg, abs on .f16x2
// and .bf16x2), the PTX nvcc's cuda_fp16.h and cuda_bf16.h emit for
// __hadd2, __hfma2, __hmax2_nan, ..., written as inline PTX so that every
// leg runs it; each half against the exact result rounded once to nearest
// on the host.  And atom.cas.b16 on global and shared memory, with the
// two halves of one 32-bit word updated by different threads at once: the
// CAS loops' counts must come out exact.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL half2_packed_arith_ptx\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); return 1; } } while (0)

enum {
    H_ADD, H_SUB, H_MUL, H_FMA, H_FMA_SAT, H_FMA_RELU, H_MIN, H_MAX_NAN,
    H_NEG, H_ABS, B_FMA, B_FMA_RELU, B_MIN, B_MAX, B_NEG, B_ABS, N_OPS
};
static const char *const op_names[N_OPS] = {
    "add.f16x2", "sub.f16x2", "mul.f16x2", "fma.rn.f16x2",
    "fma.rn.sat.f16x2", "fma.rn.relu.f16x2", "min.f16x2", "max.NaN.f16x2",
    "neg.f16x2", "abs.f16x2", "fma.rn.bf16x2", "fma.rn.relu.bf16x2",
    "min.bf16x2", "max.bf16x2", "neg.bf16x2", "abs.bf16x2"};

struct packed_case {
    uint32_t h[3];   // three f16x2 operands
    uint32_t b[3];   // three bf16x2 operands
};

__global__ void packed_ops(const packed_case *in, uint32_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    uint32_t a = in[i].h[0], b = in[i].h[1], c = in[i].h[2];
    uint32_t x = in[i].b[0], y = in[i].b[1], z = in[i].b[2];
    uint32_t *o = out + N_OPS * i;
    asm("add.f16x2 %0, %1, %2;" : "=r"(o[H_ADD]) : "r"(a), "r"(b));
    asm("sub.f16x2 %0, %1, %2;" : "=r"(o[H_SUB]) : "r"(a), "r"(b));
    asm("mul.f16x2 %0, %1, %2;" : "=r"(o[H_MUL]) : "r"(a), "r"(b));
    asm("fma.rn.f16x2 %0, %1, %2, %3;" : "=r"(o[H_FMA]) : "r"(a), "r"(b), "r"(c));
    asm("fma.rn.sat.f16x2 %0, %1, %2, %3;" : "=r"(o[H_FMA_SAT]) : "r"(a), "r"(b), "r"(c));
    asm("fma.rn.relu.f16x2 %0, %1, %2, %3;" : "=r"(o[H_FMA_RELU]) : "r"(a), "r"(b), "r"(c));
    asm("min.f16x2 %0, %1, %2;" : "=r"(o[H_MIN]) : "r"(a), "r"(b));
    asm("max.NaN.f16x2 %0, %1, %2;" : "=r"(o[H_MAX_NAN]) : "r"(a), "r"(b));
    asm("neg.f16x2 %0, %1;" : "=r"(o[H_NEG]) : "r"(a));
    asm("abs.f16x2 %0, %1;" : "=r"(o[H_ABS]) : "r"(a));
    asm("fma.rn.bf16x2 %0, %1, %2, %3;" : "=r"(o[B_FMA]) : "r"(x), "r"(y), "r"(z));
    asm("fma.rn.relu.bf16x2 %0, %1, %2, %3;" : "=r"(o[B_FMA_RELU]) : "r"(x), "r"(y), "r"(z));
    asm("min.bf16x2 %0, %1, %2;" : "=r"(o[B_MIN]) : "r"(x), "r"(y));
    asm("max.bf16x2 %0, %1, %2;" : "=r"(o[B_MAX]) : "r"(x), "r"(y));
    asm("neg.bf16x2 %0, %1;" : "=r"(o[B_NEG]) : "r"(x));
    asm("abs.bf16x2 %0, %1;" : "=r"(o[B_ABS]) : "r"(x));
}

// ---- 16-bit compare-and-swap --------------------------------------------

__device__ unsigned short cas16_global(unsigned short *p, unsigned short cmp,
                                       unsigned short val)
{
    unsigned short old;
    asm volatile("atom.global.cas.b16 %0, [%1], %2, %3;"
                 : "=h"(old) : "l"(p), "h"(cmp), "h"(val) : "memory");
    return old;
}

__device__ unsigned short cas16_shared(unsigned short *p, unsigned short cmp,
                                       unsigned short val)
{
    unsigned short old;
    asm volatile("atom.shared.cas.b16 %0, [%1], %2, %3;"
                 : "=h"(old)
                 : "r"((uint32_t)__cvta_generic_to_shared(p)), "h"(cmp),
                   "h"(val)
                 : "memory");
    return old;
}

// Even threads count in counter[0], odd ones in counter[1]: the two
// halves of one word.  Each adds its step with a CAS loop; `seen` gets
// the value each thread replaced in global memory (all distinct).
__global__ void cas_counts(unsigned short *counter, unsigned short *seen,
                           uint32_t *block_counts)
{
    __shared__ unsigned short local[2];
    if (threadIdx.x == 0)
        local[0] = local[1] = 0;
    __syncthreads();
    int half = threadIdx.x & 1;
    unsigned short *g = &counter[half], *s = &local[half];
    unsigned short cur = *(volatile unsigned short *)g, old;
    while ((old = cas16_global(g, cur, (unsigned short)(cur + 1))) != cur)
        cur = old;
    seen[blockIdx.x * blockDim.x + threadIdx.x] = cur;
    cur = *(volatile unsigned short *)s;
    while ((old = cas16_shared(s, cur, (unsigned short)(cur + 3))) != cur)
        cur = old;
    __syncthreads();
    if (threadIdx.x == 0)
        block_counts[blockIdx.x] = local[0] | (uint32_t)local[1] << 16;
}

// ---- host reference -----------------------------------------------------

static float half_to_float(uint16_t h)
{
    int e = h >> 10 & 0x1f, m = h & 0x3ff;
    float v = e == 0 ? ldexpf((float)m, -24)
            : e == 31 ? (m ? NAN : INFINITY)
            : ldexpf((float)(m | 0x400), e - 25);
    return h >> 15 ? -v : v;
}

static float bf16_to_float(uint16_t h)
{
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

// x (exact in double) rounded once to nearest even, to f16 (bf = 0) or
// bf16 (bf = 1) bits; NaN is reported as 0x7fff.
static uint16_t round_to_16(double x, bool bf)
{
    if (std::isnan(x))
        return 0x7fff;
    int mant = bf ? 7 : 10, emin = bf ? -126 : -14;
    double max = bf ? 0x1.fep127 : 65504.0;
    uint16_t sign = std::signbit(x) ? 0x8000 : 0;
    uint16_t inf = bf ? 0x7f80 : 0x7c00;
    if (std::isinf(x))
        return sign | inf;
    double a = fabs(x);
    int e = a == 0 ? emin : ilogb(a);
    double q = ldexp(1.0, (e < emin ? emin : e) - mant);
    double r = nearbyint(a / q) * q;  // ties to even (the default mode)
    if (r > max)
        return sign | inf;
    // r is exact in float: take its bits through the format's layout
    int re = r == 0 ? 0 : ilogb(r);
    uint32_t bits;
    if (r == 0)
        bits = 0;
    else if (re < emin)  // subnormal
        bits = (uint32_t)(r / ldexp(1.0, emin - mant));
    else
        bits = (uint32_t)(re - emin + 1) << mant |
               ((uint32_t)(r / ldexp(1.0, re - mant)) & ((1u << mant) - 1));
    return sign | (uint16_t)bits;
}

static double half_value(uint16_t h, bool bf)
{
    return bf ? bf16_to_float(h) : half_to_float(h);
}

// One half of op's result from the halves of its operands.
static uint16_t expected_half(int op, uint16_t a, uint16_t b, uint16_t c)
{
    bool bf = op >= B_FMA;
    double x = half_value(a, bf), y = half_value(b, bf), z = half_value(c, bf);
    switch (op) {
    case H_ADD: return round_to_16(x + y, bf);
    case H_SUB: return round_to_16(x - y, bf);
    case H_MUL: return round_to_16(x * y, bf);
    case H_FMA: case B_FMA: return round_to_16(x * y + z, bf);
    case H_FMA_SAT: {
        double v = x * y + z;
        return round_to_16(std::isnan(v) ? 0 : v < 0 ? 0 : v > 1 ? 1 : v, bf);
    }
    case H_FMA_RELU: case B_FMA_RELU: {
        double v = x * y + z;
        uint16_t r = round_to_16(v, bf);
        return !std::isnan(v) && (r & 0x8000) && (r & 0x7fff) ? 0 : r;
    }
    case H_MIN: case B_MIN:
        if (std::isnan(x) && std::isnan(y))
            return 0x7fff;
        return std::isnan(x) ? b : std::isnan(y) ? a : x <= y ? a : b;
    case B_MAX:
        if (std::isnan(x) && std::isnan(y))
            return 0x7fff;
        return std::isnan(x) ? b : std::isnan(y) ? a : x >= y ? a : b;
    case H_MAX_NAN:
        return std::isnan(x) || std::isnan(y) ? 0x7fff : x >= y ? a : b;
    case H_NEG: case B_NEG: return a ^ 0x8000;
    default: return a & 0x7fff;
    }
}

static bool is_nan16(uint16_t h, bool bf)
{
    return bf ? (h & 0x7f80) == 0x7f80 && (h & 0x7f)
              : (h & 0x7c00) == 0x7c00 && (h & 0x3ff);
}

// Deterministic halves: moderate magnitudes (so that a b + c is exact in
// double), both signs, some equal pairs, and a NaN or an infinity now
// and then.
static uint16_t pick_half(unsigned &seed, bool bf)
{
    seed = seed * 1664525u + 1013904223u;
    unsigned r = seed >> 8;
    if ((r & 63) == 0)
        return bf ? 0x7fc0 : 0x7e00;              // NaN
    if ((r & 63) == 1)
        return bf ? 0xff80 : 0xfc00;              // -infinity
    int e = (int)(r >> 6 & 15) - 8;               // 2^-8 .. 2^7
    double m = 1.0 + (double)(r >> 10 & 1023) / 1024.0;
    double v = ldexp(m, e) * ((r >> 20 & 1) ? -1 : 1);
    return round_to_16(v, bf);
}

int main()
{
    const int n = 512;
    static packed_case cases[n];
    unsigned seed = 2024;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 3; k++) {
            cases[i].h[k] = pick_half(seed, false) |
                            (uint32_t)pick_half(seed, false) << 16;
            cases[i].b[k] = pick_half(seed, true) |
                            (uint32_t)pick_half(seed, true) << 16;
        }
    for (int i = 0; i < n; i += 7) {      // equal operands: min/max ties
        cases[i].h[1] = cases[i].h[0];
        cases[i].b[1] = cases[i].b[0];
    }
    packed_case *d_in;
    uint32_t *d_out;
    static uint32_t out[n * N_OPS];
    CHECK(cudaMalloc(&d_in, sizeof cases));
    CHECK(cudaMalloc(&d_out, sizeof out));
    CHECK(cudaMemcpy(d_in, cases, sizeof cases, cudaMemcpyHostToDevice));
    packed_ops<<<n / 128, 128>>>(d_in, d_out, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++)
        for (int op = 0; op < N_OPS; op++)
            for (int part = 0; part < 2; part++) {
                bool bf = op >= B_FMA;
                const uint32_t *v = bf ? cases[i].b : cases[i].h;
                int sh = 16 * part;
                uint16_t want = expected_half(op, v[0] >> sh, v[1] >> sh,
                                              v[2] >> sh);
                uint16_t got = out[N_OPS * i + op] >> sh;
                // a NaN result need only be a NaN
                bool ok = is_nan16(want, bf) ? is_nan16(got, bf) : got == want;
                if (!ok && bad++ < 10)
                    printf("%s case %d %s half: 0x%04x, want 0x%04x "
                           "(operands 0x%04x 0x%04x 0x%04x)\n", op_names[op],
                           i, part ? "high" : "low", got, want,
                           (uint16_t)(v[0] >> sh), (uint16_t)(v[1] >> sh),
                           (uint16_t)(v[2] >> sh));
            }

    const int blocks = 4, threads = 256;
    unsigned short *d_counter, *d_seen;
    uint32_t *d_blocks, block_counts[blocks];
    static unsigned short seen[blocks * threads];
    unsigned short counter[2];
    CHECK(cudaMalloc(&d_counter, sizeof counter));
    CHECK(cudaMalloc(&d_seen, sizeof seen));
    CHECK(cudaMalloc(&d_blocks, sizeof block_counts));
    CHECK(cudaMemset(d_counter, 0, sizeof counter));
    cas_counts<<<blocks, threads>>>(d_counter, d_seen, d_blocks);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(counter, d_counter, sizeof counter, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(seen, d_seen, sizeof seen, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(block_counts, d_blocks, sizeof block_counts,
                     cudaMemcpyDeviceToHost));
    const int per_half = blocks * threads / 2;
    if (counter[0] != per_half || counter[1] != per_half) {
        printf("atom.global.cas.b16 counts %u and %u, want %d each\n",
               counter[0], counter[1], per_half);
        bad++;
    }
    static bool taken[2][blocks * threads / 2];
    for (int t = 0; t < blocks * threads; t++) {
        int half = t & 1;
        if (seen[t] >= per_half || taken[half][seen[t]]) {
            if (bad++ < 10)
                printf("thread %d replaced %u twice or out of range\n", t,
                       seen[t]);
            continue;
        }
        taken[half][seen[t]] = true;
    }
    for (int b = 0; b < blocks; b++)
        if (block_counts[b] != (uint32_t)(3 * threads / 2) * 0x10001u) {
            printf("block %d: atom.shared.cas.b16 counts 0x%08x, want 0x%08x\n",
                   b, block_counts[b], (uint32_t)(3 * threads / 2) * 0x10001u);
            bad++;
        }
    cudaFree(d_in);
    cudaFree(d_out);
    cudaFree(d_counter);
    cudaFree(d_seen);
    cudaFree(d_blocks);
    if (bad) {
        printf("%d mismatches\nFAIL half2_packed_arith_ptx\n", bad);
        return 1;
    }
    printf("PASS half2_packed_arith_ptx: %d cases of %d packed operations, "
           "%d 16-bit CAS loops\n", n, N_OPS, blocks * threads * 2);
    return 0;
}
