/* sobol.c: the Sobol generators' direction vectors and scramble
 * constants, and the library calls that hand them out.
 *
 * The 64-bit vectors continue the 32-bit ones: m_k for k <= 32 is the
 * 32-bit vector v_k shifted back (v_k = m_k 2^(32-k)), and Bratley and
 * Fox's recurrence on the dimension's polynomial (cux_sobol_poly, from
 * the same table) gives m_33 .. m_64; v_k = m_k 2^(64-k).  They are
 * 10 MB, so they are computed when first asked for, not compiled in.
 *
 * The plain vectors are Joe and Kuo's (new-joe-kuo-6, first 20,000
 * dimensions), which the build computes into build/gen/curand_sobol_dirs.c
 * (src/tools/curand_sobol.c); they equal NVIDIA's
 * CURAND_DIRECTION_VECTORS_32_JOEKUO6 in every dimension.
 *
 * NVIDIA's scrambled vectors and scramble constants are random numbers of
 * its own, published nowhere; cux makes its own of the same kind, so a
 * scrambled sequence is as good as NVIDIA's but not equal to it.  Each
 * dimension's scrambled vectors are its plain ones times a random
 * nonsingular lower-triangular matrix over GF(2) (Matousek's linear
 * scrambling, "On the L2-discrepancy for anchored boxes", 1998): bit j of
 * a scrambled point depends on bits 0 .. j (from the top) of the plain
 * one, so every dyadic interval still holds its share of points.  A point
 * is then XORed with the dimension's constant (a digital shift).  Both
 * come from Philox4x32-10 under a fixed key, so they are the same in
 * every run and every process; they are computed on first use. */
#include "curand_int.h"

#include <cux/curand_core.h>
#include <pthread.h>
#include <stdlib.h>

/* "SOBL", "SCRA": a key of the library's own. */
static const unsigned int scramble_key[2] = {0x534f424cu, 0x53435241u};

static pthread_once_t scramble_once = PTHREAD_ONCE_INIT;
static curandDirectionVectors32_t *scrambled;
static unsigned int *constants;

static pthread_once_t once64 = PTHREAD_ONCE_INIT;
static curandDirectionVectors64_t *plain64, *scrambled64;
static unsigned long long *constants64;

/* Four random words, numbered: counter (dim, block, what). */
static void words(unsigned dim, unsigned block, unsigned what,
                  unsigned int out[4])
{
    unsigned int c[4] = {dim, block, what, 0};
    cux_philox4x32_10(c, scramble_key, out);
}

static unsigned parity(unsigned int x)
{
    return (unsigned)__builtin_parity(x);
}

static void make_scrambled(void)
{
    curandDirectionVectors32_t *v = malloc(CUX_SOBOL_DIMS * sizeof(*v));
    unsigned int *c = malloc(CUX_SOBOL_DIMS * sizeof(*c));
    if (!v || !c) {
        free(v);
        free(c);
        return;
    }
    for (unsigned d = 0; d < CUX_SOBOL_DIMS; d++) {
        /* Row r of the matrix makes bit 31 - r of a scrambled vector:
         * that bit itself, plus random ones of the bits above it. */
        unsigned int rows[32], w[4] = {0, 0, 0, 0};
        for (unsigned r = 0; r < 32; r++) {
            if (r % 4 == 0)
                words(d, r / 4, 0, w);
            unsigned int above = r ? ~0u << (32 - r) : 0;
            rows[r] = (1u << (31 - r)) | (w[r % 4] & above);
        }
        for (unsigned k = 0; k < 32; k++) {
            unsigned int in = cux_sobol_dirs32[d][k], out = 0;
            for (unsigned r = 0; r < 32; r++)
                out |= parity(rows[r] & in) << (31 - r);
            v[d][k] = out;
        }
        words(d, 0, 1, w);
        c[d] = w[0];
    }
    scrambled = v;
    constants = c;
}

static void extend64(unsigned d, unsigned long long v[64])
{
    unsigned long long m[65];
    unsigned s = cux_sobol_poly[d] >> 24, a = cux_sobol_poly[d] & 0xffffff;
    for (unsigned k = 1; k <= 32; k++)
        m[k] = s ? cux_sobol_dirs32[d][k - 1] >> (32 - k) : 1;
    for (unsigned k = 33; k <= 64; k++) {
        if (!s) {
            m[k] = 1;       /* dimension 1: van der Corput */
            continue;
        }
        unsigned long long x = m[k - s] ^ (m[k - s] << s);
        for (unsigned i = 1; i < s; i++)
            if ((a >> (s - 1 - i)) & 1)
                x ^= m[k - i] << i;
        m[k] = x;
    }
    for (unsigned k = 1; k <= 64; k++)
        v[k - 1] = m[k] << (64 - k);
}

/* As the 32-bit scrambling, on 64 bits: row r makes bit 63 - r. */
static void make64(void)
{
    curandDirectionVectors64_t *p = malloc(CUX_SOBOL_DIMS * sizeof(*p));
    curandDirectionVectors64_t *v = malloc(CUX_SOBOL_DIMS * sizeof(*v));
    unsigned long long *c = malloc(CUX_SOBOL_DIMS * sizeof(*c));
    if (!p || !v || !c) {
        free(p);
        free(v);
        free(c);
        return;
    }
    for (unsigned d = 0; d < CUX_SOBOL_DIMS; d++) {
        unsigned long long rows[64];
        unsigned int w[4] = {0, 0, 0, 0};
        extend64(d, p[d]);
        for (unsigned r = 0; r < 64; r++) {
            if (r % 2 == 0)
                words(d, r / 2, 2, w);
            unsigned long long bits = (unsigned long long)w[r % 2 * 2] |
                                      (unsigned long long)w[r % 2 * 2 + 1]
                                          << 32;
            unsigned long long above = r ? ~0ull << (64 - r) : 0;
            rows[r] = (1ull << (63 - r)) | (bits & above);
        }
        for (unsigned k = 0; k < 64; k++) {
            unsigned long long out = 0;
            for (unsigned r = 0; r < 64; r++)
                out |= (unsigned long long)__builtin_parityll(rows[r] &
                                                               p[d][k])
                       << (63 - r);
            v[d][k] = out;
        }
        words(d, 0, 3, w);
        c[d] = (unsigned long long)w[0] | (unsigned long long)w[1] << 32;
    }
    plain64 = p;
    scrambled64 = v;
    constants64 = c;
}

const unsigned long long *cux_sobol_vectors64(bool scramble, unsigned dim,
                                              unsigned long long *c)
{
    *c = 0;
    pthread_once(&once64, make64);
    if (!plain64)
        return NULL;
    if (!scramble)
        return plain64[dim];
    *c = constants64[dim];
    return scrambled64[dim];
}

/* The vectors of dimension dim (0-based) and its constant (0 for the
 * plain set); NULL if the scrambled tables could not be allocated. */
const unsigned int *cux_sobol_vectors(bool scramble, unsigned dim,
                                      unsigned int *c)
{
    *c = 0;
    if (!scramble)
        return cux_sobol_dirs32[dim];
    pthread_once(&scramble_once, make_scrambled);
    if (!scrambled)
        return NULL;
    *c = constants[dim];
    return scrambled[dim];
}

/* The tables are the library's, as NVIDIA's are: callers copy from them
 * (to the device, for curand_init) and never write them, but cuRAND's
 * signature hands them out without const. */
CUX_RAND_EXPORT curandStatus_t
curandGetDirectionVectors32(curandDirectionVectors32_t *vectors[],
                            curandDirectionVectorSet_t set)
{
    if (!vectors)
        return CURAND_STATUS_OUT_OF_RANGE;
    switch (set) {
    case CURAND_DIRECTION_VECTORS_32_JOEKUO6:
        *vectors = (curandDirectionVectors32_t *)cux_sobol_dirs32;
        return CURAND_STATUS_SUCCESS;
    case CURAND_SCRAMBLED_DIRECTION_VECTORS_32_JOEKUO6:
        pthread_once(&scramble_once, make_scrambled);
        if (!scrambled)
            return CURAND_STATUS_ALLOCATION_FAILED;
        *vectors = scrambled;
        return CURAND_STATUS_SUCCESS;
    default:
        /* the 64-bit sets, which cux does not have, and unknown ones */
        return CURAND_STATUS_OUT_OF_RANGE;
    }
}

CUX_RAND_EXPORT curandStatus_t
curandGetDirectionVectors64(curandDirectionVectors64_t *vectors[],
                            curandDirectionVectorSet_t set)
{
    if (!vectors)
        return CURAND_STATUS_OUT_OF_RANGE;
    if (set != CURAND_DIRECTION_VECTORS_64_JOEKUO6 &&
        set != CURAND_SCRAMBLED_DIRECTION_VECTORS_64_JOEKUO6)
        return CURAND_STATUS_OUT_OF_RANGE;
    pthread_once(&once64, make64);
    if (!plain64)
        return CURAND_STATUS_ALLOCATION_FAILED;
    *vectors = set == CURAND_DIRECTION_VECTORS_64_JOEKUO6 ? plain64
                                                          : scrambled64;
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t
curandGetScrambleConstants64(unsigned long long **out)
{
    if (!out)
        return CURAND_STATUS_OUT_OF_RANGE;
    pthread_once(&once64, make64);
    if (!constants64)
        return CURAND_STATUS_ALLOCATION_FAILED;
    *out = constants64;
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t
curandGetScrambleConstants32(unsigned int **out)
{
    if (!out)
        return CURAND_STATUS_OUT_OF_RANGE;
    pthread_once(&scramble_once, make_scrambled);
    if (!constants)
        return CURAND_STATUS_ALLOCATION_FAILED;
    *out = constants;
    return CURAND_STATUS_SUCCESS;
}
