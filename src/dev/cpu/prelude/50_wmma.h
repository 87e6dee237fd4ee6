/* 50_wmma.h: the warp matrix instructions (wmma.load, wmma.store,
 * wmma.mma) on a whole warp's fragment registers at once.
 *
 * How a fragment's elements lie in the lanes is cux's choice (CUDA
 * leaves it unspecified; it need only agree between load, mma and
 * store).  Slot q of a lane is element q % per_reg of its register
 * q / per_reg, and slot q of lane l holds element i = (32 q + l) mod
 * rows*cols of the matrix in row-major order: each slot of the warp's
 * 32 lanes is a run of 32 consecutive elements, so turning registers
 * into a plain matrix and back is whole-vector shifts and masks.  Where
 * the PTX fragment has more slots than the matrix has elements (f16 a
 * and b always take eight registers) the matrix repeats in the later
 * slots: an elementwise operation on x[] changes every copy alike, and
 * mma reads the first.  The multiply runs on plain matrices, in loops
 * the C compiler vectorises.  Products of two halves (or bf16s, or
 * tf32s) are exact in float, as on tensor cores; the sums are float for
 * float accumulators, and rounded to half once at the end for half
 * ones. */

enum { /* element kinds, as the code generator passes them */
    CUX_WMMA_F16, CUX_WMMA_BF16, CUX_WMMA_TF32, CUX_WMMA_F32, CUX_WMMA_S8,
    CUX_WMMA_U8, CUX_WMMA_S32,
};

typedef struct cux_wmma_frag {
    uint32_t rows, cols;    /* the matrix; both powers of two */
    uint32_t regs, per_reg; /* registers per lane, elements per register */
    uint32_t bits, kind;    /* element width; CUX_WMMA_* */
} cux_wmma_frag;

/* Every count here is a power of two: positions are shifts and masks,
 * not divisions, which would cost more than the multiply-adds. */
CUX_INL uint32_t cux_wmma_log2(uint32_t x)
{
    return (uint32_t)__builtin_ctz(x);
}

/* Where element (r, c) lies in memory, in elements from the start. */
CUX_INL uint64_t cux_wmma_at(uint32_t r, uint32_t c, int col, uint64_t ld)
{
    return col ? (uint64_t)c * ld + r : (uint64_t)r * ld + c;
}

/* The matrix at p (ld elements from one row, or column, to the next)
 * into m in row-major order, a line of memory at a time. */
#define CUX_WMMA_GATHER(T)                                                 \
    do {                                                                   \
        for (uint32_t o = 0; o < outer; o++) {                             \
            const T *line_ = (const T *)p + (uint64_t)o * ld;              \
            for (uint32_t in = 0; in < inner; in++)                        \
                m[col ? in * d->cols + o : o * d->cols + in] = line_[in];  \
        }                                                                  \
    } while (0)

/* wmma.load: every slot of every lane. */
static __attribute__((unused, noinline)) void
cux_wmma_load(cux_vu32 *f, const cux_wmma_frag *d, int col, const char *p,
              uint64_t ld)
{
    uint32_t m[512], n = d->rows * d->cols;
    uint32_t outer = col ? d->cols : d->rows, inner = col ? d->rows : d->cols;
    uint32_t slots = d->regs * d->per_reg, lp = cux_wmma_log2(d->per_reg);
    if (d->bits == 8)
        CUX_WMMA_GATHER(uint8_t);
    else if (d->bits == 16)
        CUX_WMMA_GATHER(uint16_t);
    else
        CUX_WMMA_GATHER(uint32_t);
    for (uint32_t r = 0; r < d->regs; r++)
        f[r] = (cux_vu32){0};
    for (uint32_t q = 0; q < slots; q++) {
        cux_vu32 v;
        memcpy(&v, m + ((32 * q) & (n - 1)), sizeof v);
        f[q >> lp] |= v << ((q & (d->per_reg - 1)) * d->bits);
    }
}

/* The bits of each element of the matrix's first copy, in row-major
 * order. */
static __attribute__((unused)) void
cux_wmma_bits(const cux_vu32 *f, const cux_wmma_frag *d, uint32_t *out)
{
    uint32_t mask = d->bits == 32 ? ~0u : (1u << d->bits) - 1;
    uint32_t lp = cux_wmma_log2(d->per_reg);
    for (uint32_t q = 0; q < d->rows * d->cols / 32; q++) {
        cux_vu32 v = f[q >> lp] >> ((q & (d->per_reg - 1)) * d->bits) & mask;
        memcpy(out + 32 * q, &v, sizeof v);
    }
}

/* wmma.store: the matrix's first copy to memory. */
static __attribute__((unused, noinline)) void
cux_wmma_store(const cux_vu32 *f, const cux_wmma_frag *d, int col, char *p,
               uint64_t ld)
{
    uint32_t v[256], lc = cux_wmma_log2(d->cols);
    cux_wmma_bits(f, d, v);
    for (uint32_t i = 0; i < d->rows * d->cols; i++) {
        uint64_t at = cux_wmma_at(i >> lc, i & (d->cols - 1), col, ld);
        if (d->bits == 16)
            *(uint16_t *)(p + 2 * at) = (uint16_t)v[i];
        else
            *(uint32_t *)(p + 4 * at) = v[i];
    }
}

/* binary16 to binary32, exactly, in a form the C compiler vectorises:
 * the magnitude's bits moved into a float's place are the value scaled
 * by 2^-112 (subnormal halves included), so one exact multiply rescales
 * it; infinities and NaNs keep their payload. */
CUX_INL float cux_wmma_half(uint32_t h)
{
    uint32_t mag = h & 0x7fffu, bits = mag << 13;
    float f;
    memcpy(&f, &bits, 4);
    f *= 0x1p112f;
    memcpy(&bits, &f, 4);
    if (mag >= 0x7c00u)
        bits = 0x7f800000u | (mag & 0x3ffu) << 13;
    bits |= (h & 0x8000u) << 16;
    memcpy(&f, &bits, 4);
    return f;
}

/* The matrix of a fragment as floats (integers: as int32, in x_int). */
static __attribute__((unused)) void
cux_wmma_unpack(const cux_vu32 *f, const cux_wmma_frag *d, float *x,
                int32_t *x_int)
{
    uint32_t v[512], n = d->rows * d->cols;
    cux_wmma_bits(f, d, v);
    switch (d->kind) {
    case CUX_WMMA_F16:
        for (uint32_t e = 0; e < n; e++)
            x[e] = cux_wmma_half(v[e]);
        break;
    case CUX_WMMA_BF16:
        for (uint32_t e = 0; e < n; e++)
            x[e] = cux_bf16_to_float((uint16_t)v[e]);
        break;
    case CUX_WMMA_TF32: /* tf32 keeps 10 mantissa bits */
        for (uint32_t e = 0; e < n; e++)
            v[e] &= 0xffffe000u;
        /* fall through */
    case CUX_WMMA_F32:
        memcpy(x, v, 4 * n);
        break;
    case CUX_WMMA_S8:
        for (uint32_t e = 0; e < n; e++)
            x_int[e] = (int8_t)v[e];
        break;
    default: /* u8, s32 */
        memcpy(x_int, v, 4 * n);
    }
}

/* .satfinite on a float result: NaN becomes 0, beyond the largest
 * finite value of the destination type the largest. */
CUX_INL float cux_wmma_satfinite(float v, float max)
{
    return v != v ? 0.0f : v > max ? max : v < -max ? -max : v;
}

/* The result's element bits, into every slot so the copies stay whole. */
static __attribute__((unused)) void
cux_wmma_pack(cux_vu32 *f, const cux_wmma_frag *d, const float *x,
              const int64_t *i, int satfinite)
{
    uint32_t n = d->rows * d->cols, v[256];
    uint32_t slots = d->regs * d->per_reg, lp = cux_wmma_log2(d->per_reg);
    for (uint32_t e = 0; e < n; e++) {
        if (d->kind == CUX_WMMA_S32) {
            int64_t w = i[e];
            if (satfinite)
                w = w > INT32_MAX ? INT32_MAX : w < INT32_MIN ? INT32_MIN : w;
            v[e] = (uint32_t)w;
        } else if (d->kind == CUX_WMMA_F16) {
            v[e] = cux_float_to_half(
                satfinite ? cux_wmma_satfinite(x[e], 65504.0f) : x[e]);
        } else {
            float y = satfinite ? cux_wmma_satfinite(x[e], 0x1.fffffep127f)
                                : x[e];
            memcpy(&v[e], &y, 4);
        }
    }
    for (uint32_t r = 0; r < d->regs; r++)
        f[r] = (cux_vu32){0};
    for (uint32_t q = 0; q < slots; q++) {
        cux_vu32 w;
        memcpy(&w, v + ((32 * q) & (n - 1)), sizeof w);
        f[q >> lp] |= w << ((q & (d->per_reg - 1)) * d->bits);
    }
}

/* acc += a * b, a row of NN columns at a time held in one vector of
 * type VT (the C compiler, left to the plain loops, vectorised them
 * poorly); products rounded to float (exact for the multiplicand types)
 * before each sum, as -ffp-contract=off keeps them. */
typedef float cux_wmma_row8 __attribute__((vector_size(32)));
typedef float cux_wmma_row16 __attribute__((vector_size(64)));
typedef float cux_wmma_row32 __attribute__((vector_size(128)));
#define CUX_WMMA_FMA(NN, VT)                                               \
    do {                                                                   \
        for (uint32_t m = 0; m < M; m++) {                                 \
            VT r_, b_;                                                     \
            memcpy(&r_, acc + m * (NN), sizeof r_);                        \
            for (uint32_t k = 0; k < K; k++) {                             \
                memcpy(&b_, bx + k * (NN), sizeof b_);                     \
                r_ += ax[m * K + k] * b_;                                  \
            }                                                              \
            memcpy(acc + m * (NN), &r_, sizeof r_);                        \
        }                                                                  \
    } while (0)

/* wmma.mma: d = a * b + c, all four fragments of one warp. */
static __attribute__((unused, noinline)) void
cux_wmma_mma(cux_vu32 *dv, const cux_vu32 *av, const cux_vu32 *bv,
             const cux_vu32 *cv, const cux_wmma_frag *d,
             const cux_wmma_frag *a, const cux_wmma_frag *b,
             const cux_wmma_frag *c, int satfinite)
{
    uint32_t M = a->rows, K = a->cols, N = b->cols;
    float ax[512], bx[512], acc[256];
    int32_t ai[512], bi[512];
    int64_t iacc[256];
    cux_wmma_unpack(av, a, ax, ai);
    cux_wmma_unpack(bv, b, bx, bi);
    if (c->kind == CUX_WMMA_S32) {
        int32_t ci[256];
        cux_wmma_unpack(cv, c, acc, ci);
        for (uint32_t e = 0; e < M * N; e++)
            iacc[e] = ci[e];
        for (uint32_t m = 0; m < M; m++)
            for (uint32_t k = 0; k < K; k++)
                for (uint32_t n = 0; n < N; n++)
                    iacc[m * N + n] += (int64_t)ai[m * K + k] * bi[k * N + n];
        if (!satfinite) /* wraps as 32-bit sums do */
            for (uint32_t e = 0; e < M * N; e++)
                iacc[e] = (int32_t)(uint32_t)iacc[e];
    } else {
        cux_wmma_unpack(cv, c, acc, ai);
        if (N == 16)
            CUX_WMMA_FMA(16, cux_wmma_row16);
        else if (N == 8)
            CUX_WMMA_FMA(8, cux_wmma_row8);
        else
            CUX_WMMA_FMA(32, cux_wmma_row32);
    }
    cux_wmma_pack(dv, d, acc, iacc, satfinite);
}
