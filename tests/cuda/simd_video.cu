// simd_video.cu: every SIMD intrinsic of clang's CUDA header (__vadd4,
// __vabsdiffu2, __vcmpgeu4, __vsads2, ...; each is inline PTX vadd2/4,
// vsub2/4, vavrg2/4, vabsdiff2/4, vmin2/4, vmax2/4, vset2/4) on edge bytes
// and half-words and a spread of values, each checked against a host
// reference written from the CUDA Math API's per-byte/per-half-word
// description; then the PTX forms the header does not emit (a nonzero
// accumulator, mixed operand types) against the PTX ISA's definition.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL simd_video\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// X(name, arity): the intrinsics in the order the kernel stores them.
#define INTRINSICS(X) \
    X(__vabs2, 1) X(__vabs4, 1) X(__vabsdiffs2, 2) X(__vabsdiffs4, 2) \
    X(__vabsdiffu2, 2) X(__vabsdiffu4, 2) X(__vabsss2, 1) X(__vabsss4, 1) \
    X(__vadd2, 2) X(__vadd4, 2) X(__vaddss2, 2) X(__vaddss4, 2) \
    X(__vaddus2, 2) X(__vaddus4, 2) X(__vavgs2, 2) X(__vavgs4, 2) \
    X(__vavgu2, 2) X(__vavgu4, 2) X(__vhaddu2, 2) X(__vhaddu4, 2) \
    X(__vcmpeq2, 2) X(__vcmpeq4, 2) X(__vcmpges2, 2) X(__vcmpges4, 2) \
    X(__vcmpgeu2, 2) X(__vcmpgeu4, 2) X(__vcmpgts2, 2) X(__vcmpgts4, 2) \
    X(__vcmpgtu2, 2) X(__vcmpgtu4, 2) X(__vcmples2, 2) X(__vcmples4, 2) \
    X(__vcmpleu2, 2) X(__vcmpleu4, 2) X(__vcmplts2, 2) X(__vcmplts4, 2) \
    X(__vcmpltu2, 2) X(__vcmpltu4, 2) X(__vcmpne2, 2) X(__vcmpne4, 2) \
    X(__vmaxs2, 2) X(__vmaxs4, 2) X(__vmaxu2, 2) X(__vmaxu4, 2) \
    X(__vmins2, 2) X(__vmins4, 2) X(__vminu2, 2) X(__vminu4, 2) \
    X(__vneg2, 1) X(__vneg4, 1) X(__vnegss2, 1) X(__vnegss4, 1) \
    X(__vsads2, 2) X(__vsads4, 2) X(__vsadu2, 2) X(__vsadu4, 2) \
    X(__vseteq2, 2) X(__vseteq4, 2) X(__vsetges2, 2) X(__vsetges4, 2) \
    X(__vsetgeu2, 2) X(__vsetgeu4, 2) X(__vsetgts2, 2) X(__vsetgts4, 2) \
    X(__vsetgtu2, 2) X(__vsetgtu4, 2) X(__vsetles2, 2) X(__vsetles4, 2) \
    X(__vsetleu2, 2) X(__vsetleu4, 2) X(__vsetlts2, 2) X(__vsetlts4, 2) \
    X(__vsetltu2, 2) X(__vsetltu4, 2) X(__vsetne2, 2) X(__vsetne4, 2) \
    X(__vsub2, 2) X(__vsub4, 2) X(__vsubss2, 2) X(__vsubss4, 2) \
    X(__vsubus2, 2) X(__vsubus4, 2)

#define NAME(f, n) #f,
static const char *const names[] = {INTRINSICS(NAME) "sad4 c", "sad2 c",
                                     "vadd4.s.u.s.sat", "vsub2.u.s.u.sat",
                                     "vset4.s.u.lt.add", "vmax2.s.s.s.add",
                                     "vavrg4 uniform"};
#define COUNT(f, n) +1
enum { N_INTRINSIC = 0 INTRINSICS(COUNT), N_RESULT = N_INTRINSIC + 7 };

#define CALL1(f) f(a)
#define CALL2(f) f(a, b)
#define STORE(f, n) o[k++] = CALL##n(f);

__global__ void simd(const unsigned *in_a, const unsigned *in_b,
                     unsigned *out, int n, unsigned uniform_a,
                     unsigned uniform_b)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    unsigned a = in_a[i], b = in_b[i], c = a ^ (b >> 3), r;
    unsigned *o = out + N_RESULT * i;
    int k = 0;
    INTRINSICS(STORE)
    asm("vabsdiff4.u32.u32.u32.add %0, %1, %2, %3;" : "=r"(r)
        : "r"(a), "r"(b), "r"(c));
    o[k++] = r;
    asm("vabsdiff2.s32.s32.s32.add %0, %1, %2, %3;" : "=r"(r)
        : "r"(a), "r"(b), "r"(c));
    o[k++] = r;
    asm("vadd4.s32.u32.s32.sat %0, %1, %2, %3;" : "=r"(r)
        : "r"(a), "r"(b), "r"(c));
    o[k++] = r;
    asm("vsub2.u32.s32.u32.sat %0, %1, %2, %3;" : "=r"(r)
        : "r"(a), "r"(b), "r"(c));
    o[k++] = r;
    asm("vset4.s32.u32.lt.add %0, %1, %2, %3;" : "=r"(r)
        : "r"(a), "r"(b), "r"(c));
    o[k++] = r;
    asm("vmax2.s32.s32.s32.add %0, %1, %2, %3;" : "=r"(r)
        : "r"(a), "r"(b), "r"(c));
    o[k++] = r;
    // The same for every lane: computed once for the warp.
    asm("vavrg4.u32.u32.u32 %0, %1, %2, %3;" : "=r"(r)
        : "r"(uniform_a), "r"(uniform_b), "r"(0));
    o[k++] = r;
}

/* ---- host reference: one field at a time ------------------------------- */

// Field f of x, `bits` wide, as a signed or unsigned value.
static long field(unsigned x, int f, int bits, bool is_signed)
{
    unsigned long v = (x >> (f * bits)) & ((1ul << bits) - 1);
    if (is_signed && (v >> (bits - 1)))
        return (long)v - (1l << bits);
    return (long)v;
}

static long clamp(long v, int bits, bool is_signed)
{
    long lo = is_signed ? -(1l << (bits - 1)) : 0;
    long hi = is_signed ? (1l << (bits - 1)) - 1 : (1l << bits) - 1;
    return v < lo ? lo : v > hi ? hi : v;
}

enum op { ABS, ABSS, ABSDIFF, ADD, ADDSAT, AVG, HADD, CMPEQ, CMPGE, CMPGT,
          CMPLE, CMPLT, CMPNE, MAX, MIN, NEG, NEGSAT, SUB, SUBSAT };

// One field's result as the Math API describes the intrinsic.
static long one(enum op op, long x, long y, int bits, bool s)
{
    switch (op) {
    case ABS: return x < 0 ? -x : x;
    case ABSS: return clamp(x < 0 ? -x : x, bits, true);
    case ABSDIFF: return x > y ? x - y : y - x;
    case ADD: return x + y;
    case ADDSAT: return clamp(x + y, bits, s);
    case AVG: { // rounded: halves go away from zero
        long sum = x + y;
        return sum >= 0 ? (sum + 1) / 2 : -((-sum + 1) / 2);
    }
    case HADD: return (x + y) / 2;  // unsigned only: truncates
    case CMPEQ: return x == y; case CMPNE: return x != y;
    case CMPGE: return x >= y; case CMPGT: return x > y;
    case CMPLE: return x <= y; case CMPLT: return x < y;
    case MAX: return x > y ? x : y;
    case MIN: return x < y ? x : y;
    case NEG: return -x;
    case NEGSAT: return clamp(-x, bits, true);
    case SUB: return x - y;
    default: return clamp(x - y, bits, s);
    }
}

// Every field of a and b: packed (compare: 1 or all ones per field), or
// summed for the sum-of-absolute-differences intrinsics.
static unsigned simd_ref(enum op op, unsigned a, unsigned b, int bits,
                         bool s, int compare_ones, bool sum)
{
    unsigned r = 0, total = 0, mask = (unsigned)((1ul << bits) - 1);
    for (int f = 0; f < 32 / bits; f++) {
        long v = one(op, field(a, f, bits, s), field(b, f, bits, s), bits, s);
        if (compare_ones && v)
            v = compare_ones == 1 ? 1 : (long)mask;
        total += (unsigned)v;
        r |= ((unsigned)v & mask) << (f * bits);
    }
    return sum ? total : r;
}

static unsigned reference(int k, unsigned a, unsigned b)
{
    // {op, bits, signed, compare (1: 0/1, 2: 0/all ones), sum}
    static const struct { enum op op; int bits; bool s; int cmp; bool sum; }
    t[] = {
        {ABS, 16, 1, 0, 0}, {ABS, 8, 1, 0, 0},
        {ABSDIFF, 16, 1, 0, 0}, {ABSDIFF, 8, 1, 0, 0},
        {ABSDIFF, 16, 0, 0, 0}, {ABSDIFF, 8, 0, 0, 0},
        {ABSS, 16, 1, 0, 0}, {ABSS, 8, 1, 0, 0},
        {ADD, 16, 0, 0, 0}, {ADD, 8, 0, 0, 0},
        {ADDSAT, 16, 1, 0, 0}, {ADDSAT, 8, 1, 0, 0},
        {ADDSAT, 16, 0, 0, 0}, {ADDSAT, 8, 0, 0, 0},
        {AVG, 16, 1, 0, 0}, {AVG, 8, 1, 0, 0},
        {AVG, 16, 0, 0, 0}, {AVG, 8, 0, 0, 0},
        {HADD, 16, 0, 0, 0}, {HADD, 8, 0, 0, 0},
        {CMPEQ, 16, 0, 2, 0}, {CMPEQ, 8, 0, 2, 0},
        {CMPGE, 16, 1, 2, 0}, {CMPGE, 8, 1, 2, 0},
        {CMPGE, 16, 0, 2, 0}, {CMPGE, 8, 0, 2, 0},
        {CMPGT, 16, 1, 2, 0}, {CMPGT, 8, 1, 2, 0},
        {CMPGT, 16, 0, 2, 0}, {CMPGT, 8, 0, 2, 0},
        {CMPLE, 16, 1, 2, 0}, {CMPLE, 8, 1, 2, 0},
        {CMPLE, 16, 0, 2, 0}, {CMPLE, 8, 0, 2, 0},
        {CMPLT, 16, 1, 2, 0}, {CMPLT, 8, 1, 2, 0},
        {CMPLT, 16, 0, 2, 0}, {CMPLT, 8, 0, 2, 0},
        {CMPNE, 16, 0, 2, 0}, {CMPNE, 8, 0, 2, 0},
        {MAX, 16, 1, 0, 0}, {MAX, 8, 1, 0, 0},
        {MAX, 16, 0, 0, 0}, {MAX, 8, 0, 0, 0},
        {MIN, 16, 1, 0, 0}, {MIN, 8, 1, 0, 0},
        {MIN, 16, 0, 0, 0}, {MIN, 8, 0, 0, 0},
        {NEG, 16, 1, 0, 0}, {NEG, 8, 1, 0, 0},
        {NEGSAT, 16, 1, 0, 0}, {NEGSAT, 8, 1, 0, 0},
        {ABSDIFF, 16, 1, 0, 1}, {ABSDIFF, 8, 1, 0, 1},
        {ABSDIFF, 16, 0, 0, 1}, {ABSDIFF, 8, 0, 0, 1},
        {CMPEQ, 16, 0, 1, 0}, {CMPEQ, 8, 0, 1, 0},
        {CMPGE, 16, 1, 1, 0}, {CMPGE, 8, 1, 1, 0},
        {CMPGE, 16, 0, 1, 0}, {CMPGE, 8, 0, 1, 0},
        {CMPGT, 16, 1, 1, 0}, {CMPGT, 8, 1, 1, 0},
        {CMPGT, 16, 0, 1, 0}, {CMPGT, 8, 0, 1, 0},
        {CMPLE, 16, 1, 1, 0}, {CMPLE, 8, 1, 1, 0},
        {CMPLE, 16, 0, 1, 0}, {CMPLE, 8, 0, 1, 0},
        {CMPLT, 16, 1, 1, 0}, {CMPLT, 8, 1, 1, 0},
        {CMPLT, 16, 0, 1, 0}, {CMPLT, 8, 0, 1, 0},
        {CMPNE, 16, 0, 1, 0}, {CMPNE, 8, 0, 1, 0},
        {SUB, 16, 0, 0, 0}, {SUB, 8, 0, 0, 0},
        {SUBSAT, 16, 1, 0, 0}, {SUBSAT, 8, 1, 0, 0},
        {SUBSAT, 16, 0, 0, 0}, {SUBSAT, 8, 0, 0, 0},
    };
    static_assert(sizeof t / sizeof t[0] == N_INTRINSIC, "one row each");
    return simd_ref(t[k].op, a, b, t[k].bits, t[k].s, t[k].cmp, t[k].sum);
}

/* ---- the PTX forms beyond the header, from the PTX ISA ----------------- */

// vop.dtype.atype.btype{.sat|.add} d, a, b, c with default selectors:
// fields of a and b extended by their own types, .sat clamps to dtype's
// field range, .add sums the unclamped results onto c.
static unsigned ptx_ref(enum op op, int bits, bool as, bool bs, bool ds,
                        bool sat, bool add, unsigned a, unsigned b,
                        unsigned c)
{
    unsigned r = 0, total = c, mask = (unsigned)((1ul << bits) - 1);
    for (int f = 0; f < 32 / bits; f++) {
        long v = one(op, field(a, f, bits, as), field(b, f, bits, bs), bits,
                     ds);
        if (sat)
            v = clamp(v, bits, ds);
        total += (unsigned)v;
        r |= ((unsigned)v & mask) << (f * bits);
    }
    return add ? total : r;
}

static unsigned extra_ref(int k, unsigned a, unsigned b, unsigned ua,
                          unsigned ub)
{
    unsigned c = a ^ (b >> 3);
    switch (k) {
    case 0: return ptx_ref(ABSDIFF, 8, 0, 0, 0, 0, 1, a, b, c);
    case 1: return ptx_ref(ABSDIFF, 16, 1, 1, 1, 0, 1, a, b, c);
    case 2: return ptx_ref(ADD, 8, 0, 1, 1, 1, 0, a, b, c);
    case 3: return ptx_ref(SUB, 16, 1, 0, 0, 1, 0, a, b, c);
    case 4: return ptx_ref(CMPLT, 8, 1, 0, 0, 0, 1, a, b, c);
    case 5: return ptx_ref(MAX, 16, 1, 1, 1, 0, 1, a, b, c);
    default: return ptx_ref(AVG, 8, 0, 0, 0, 0, 0, ua, ub, 0);
    }
}

int main()
{
    static const unsigned edges[] = {
        0x00000000u, 0xffffffffu, 0x80808080u, 0x7f7f7f7fu, 0x01010101u,
        0xff00ff00u, 0x80007fffu, 0x7fff8000u, 0xffff0001u, 0x807f01ffu,
        0x8000ffffu, 0x00ff7f80u, 0xfe02817eu, 0x12345678u,
    };
    const int n_edge = sizeof edges / sizeof edges[0];
    const int n = n_edge * n_edge + 300;
    unsigned *a = (unsigned *)malloc(n * sizeof(unsigned));
    unsigned *b = (unsigned *)malloc(n * sizeof(unsigned));
    unsigned *out = (unsigned *)malloc(N_RESULT * n * sizeof(unsigned));
    for (int i = 0; i < n_edge * n_edge; i++) {
        a[i] = edges[i / n_edge];
        b[i] = edges[i % n_edge];
    }
    unsigned seed = 12345;
    for (int i = n_edge * n_edge; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        a[i] = seed;
        seed = seed * 1664525u + 1013904223u;
        b[i] = seed;
    }
    const unsigned ua = 0x80ff017fu, ub = 0x7f01fe80u;
    unsigned *da, *db, *dout;
    CHECK(cudaMalloc(&da, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&db, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&dout, N_RESULT * n * sizeof(unsigned)));
    CHECK(cudaMemcpy(da, a, n * sizeof(unsigned), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, n * sizeof(unsigned), cudaMemcpyHostToDevice));
    simd<<<(n + 127) / 128, 128>>>(da, db, dout, n, ua, ub);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, N_RESULT * n * sizeof(unsigned),
                     cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < N_RESULT; k++) {
            unsigned want = k < N_INTRINSIC
                                ? reference(k, a[i], b[i])
                                : extra_ref(k - N_INTRINSIC, a[i], b[i], ua,
                                            ub);
            unsigned got = out[N_RESULT * i + k];
            if (got != want && bad++ < 10)
                printf("%s(%#010x, %#010x) = %#010x, expected %#010x\n",
                       names[k], a[i], b[i], got, want);
        }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dout));
    free(a);
    free(b);
    free(out);
    if (bad) {
        printf("FAIL simd_video (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS simd_video\n");
    return 0;
}
