/* 50_wmma.h: the warp matrix instructions (wmma.load, wmma.store,
 * wmma.mma) on a whole warp's fragment registers at once.
 *
 * How a fragment's elements lie in the lanes is cux's choice (CUDA
 * leaves it unspecified; it need only agree between load, mma and
 * store): slot s of lane l (element s % per_reg of register s / per_reg)
 * holds element i = (l * S + s) mod rows*cols of the matrix in row-major
 * order, S = regs * per_reg.  So a lane holds a run of one row, and where
 * the PTX fragment has more slots than the matrix has elements (f16 a and
 * b always take eight registers) the matrix repeats in the later lanes:
 * an elementwise operation on x[] changes every copy alike, and mma reads
 * the first.  The multiply itself runs on plain matrices: one pass over
 * the fragments unpacks them, then 16x16x16 products in loops the C
 * compiler vectorises, and one pass packs the result.  Products of two
 * halves (or bf16s, or tf32s) are exact in float, as on tensor cores; the
 * sums are float for float accumulators, and rounded to half once at the
 * end for half ones. */

enum { /* element kinds, as the code generator passes them */
    CUX_WMMA_F16, CUX_WMMA_BF16, CUX_WMMA_TF32, CUX_WMMA_F32, CUX_WMMA_S8,
    CUX_WMMA_U8, CUX_WMMA_S32,
};

typedef struct cux_wmma_frag {
    uint32_t rows, cols;    /* the matrix; both powers of two */
    uint32_t regs, per_reg; /* registers per lane, elements per register */
    uint32_t bits, kind;    /* element width; CUX_WMMA_* */
} cux_wmma_frag;

/* Element bits of slot s of lane l. */
CUX_INL uint32_t cux_wmma_slot(const cux_vu32 *f, const cux_wmma_frag *d,
                               uint32_t l, uint32_t s)
{
    uint32_t v = f[s / d->per_reg][l] >> (s % d->per_reg * d->bits);
    return d->bits == 32 ? v : v & ((1u << d->bits) - 1);
}

/* Where element (r, c) lies in memory, in elements from the start. */
CUX_INL uint64_t cux_wmma_at(uint32_t r, uint32_t c, int col, uint64_t ld)
{
    return col ? (uint64_t)c * ld + r : (uint64_t)r * ld + c;
}

/* wmma.load: every lane's slots from the matrix at p (ld elements from
 * one row, or column, to the next). */
static __attribute__((unused, noinline)) void
cux_wmma_load(cux_vu32 *f, const cux_wmma_frag *d, int col, const char *p,
              uint64_t ld)
{
    uint32_t S = d->regs * d->per_reg, n = d->rows * d->cols;
    for (uint32_t r = 0; r < d->regs; r++)
        f[r] = (cux_vu32){0};
    for (uint32_t l = 0; l < 32; l++)
        for (uint32_t s = 0; s < S; s++) {
            uint32_t i = (l * S + s) & (n - 1), v;
            uint64_t at = cux_wmma_at(i / d->cols, i % d->cols, col, ld);
            if (d->bits == 8)
                v = *(const uint8_t *)(p + at);
            else if (d->bits == 16)
                v = *(const uint16_t *)(p + 2 * at);
            else
                v = *(const uint32_t *)(p + 4 * at);
            f[s / d->per_reg][l] |= v << (s % d->per_reg * d->bits);
        }
}

/* wmma.store: the matrix's first copy to memory. */
static __attribute__((unused, noinline)) void
cux_wmma_store(const cux_vu32 *f, const cux_wmma_frag *d, int col, char *p,
               uint64_t ld)
{
    uint32_t S = d->regs * d->per_reg;
    for (uint32_t i = 0; i < d->rows * d->cols; i++) {
        uint32_t v = cux_wmma_slot(f, d, i / S, i % S);
        uint64_t at = cux_wmma_at(i / d->cols, i % d->cols, col, ld);
        if (d->bits == 16)
            *(uint16_t *)(p + 2 * at) = (uint16_t)v;
        else
            *(uint32_t *)(p + 4 * at) = v;
    }
}

/* The matrix of a fragment as floats (integers: as int32, in i). */
static __attribute__((unused)) void
cux_wmma_unpack(const cux_vu32 *f, const cux_wmma_frag *d, float *x,
                int32_t *i)
{
    uint32_t S = d->regs * d->per_reg;
    for (uint32_t e = 0; e < d->rows * d->cols; e++) {
        uint32_t v = cux_wmma_slot(f, d, e / S, e % S);
        switch (d->kind) {
        case CUX_WMMA_F16: x[e] = cux_half_to_float((uint16_t)v); break;
        case CUX_WMMA_BF16: x[e] = cux_bf16_to_float((uint16_t)v); break;
        case CUX_WMMA_TF32: v &= 0xffffe000u; /* tf32 keeps 10 bits */
            /* fall through */
        case CUX_WMMA_F32: memcpy(&x[e], &v, 4); break;
        case CUX_WMMA_S8: i[e] = (int8_t)v; break;
        case CUX_WMMA_U8: i[e] = (int32_t)v; break;
        default: i[e] = (int32_t)v; break;
        }
    }
}

/* .satfinite on a float result: NaN becomes 0, beyond the largest
 * finite value of the destination type the largest. */
CUX_INL float cux_wmma_satfinite(float v, float max)
{
    return v != v ? 0.0f : v > max ? max : v < -max ? -max : v;
}

/* The result's slots: every lane's, so the copies stay whole. */
static __attribute__((unused)) void
cux_wmma_pack(cux_vu32 *f, const cux_wmma_frag *d, const float *x,
              const int64_t *i, int satfinite)
{
    uint32_t S = d->regs * d->per_reg, n = d->rows * d->cols;
    for (uint32_t r = 0; r < d->regs; r++)
        f[r] = (cux_vu32){0};
    for (uint32_t l = 0; l < 32; l++)
        for (uint32_t s = 0; s < S; s++) {
            uint32_t e = (l * S + s) & (n - 1), v;
            if (d->kind == CUX_WMMA_S32) {
                int64_t w = i[e];
                if (satfinite)
                    w = w > INT32_MAX ? INT32_MAX : w < INT32_MIN ? INT32_MIN
                                                                  : w;
                v = (uint32_t)w;
            } else if (d->kind == CUX_WMMA_F16) {
                float y = satfinite ? cux_wmma_satfinite(x[e], 65504.0f)
                                    : x[e];
                v = cux_float_to_half(y);
            } else {
                float y = satfinite ? cux_wmma_satfinite(x[e], 0x1.fffffep127f)
                                    : x[e];
                memcpy(&v, &y, 4);
            }
            f[s / d->per_reg][l] |= v << (s % d->per_reg * d->bits);
        }
}

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
        for (uint32_t m = 0; m < M; m++)
            for (uint32_t k = 0; k < K; k++) {
                float x = ax[m * K + k];
                for (uint32_t n = 0; n < N; n++)
                    acc[m * N + n] += x * bx[k * N + n];
            }
    }
    cux_wmma_pack(dv, d, acc, iacc, satfinite);
}
