/* cux/curand_core.h: the generators and conversions behind cuRAND, one
 * code path for the device API (curand_kernel.h, CUDA) and the host
 * library (src/lib/curand, C11), so both give the same bits.
 *
 * Philox4x32-10 is Salmon et al.'s counter-based generator (SC'11, the
 * Random123 constants); XORWOW is Marsaglia's xorshift with a Weyl
 * sequence ("Xorshift RNGs", 2003) seeded as cuRAND seeds it; MRG32k3a is
 * L'Ecuyer's combined multiple recursive generator ("Good parameters and
 * implementations for combined multiple recursive random number
 * generators", 1999), jumping by the matrix powers the build computes.  XORWOW
 * jumps ahead with polynomials x^(2^k) mod P that the build computes
 * (src/tools/curand_jump.c writes cux/curand_jumps.h): n steps of
 * the linear xorshift part are (x^n mod P)(M), evaluated by Horner in 160
 * steps, one jump per set bit of n.  The conversions to floating point
 * follow cuRAND's documented ranges: uniform floats in (0, 1], normals by
 * Box-Muller from two 32-bit draws (four for doubles).  Sobol points are
 * XORs of direction vectors in Gray-code order, and their normals come
 * from the normal quantile of one point each. */
#ifndef CUX_CURAND_CORE_H
#define CUX_CURAND_CORE_H

#if defined(__CUDACC__)
#include "../host_defines.h"
#define CUX_RAND_FN static __device__ __forceinline__
#define CUX_RAND_TABLE static __device__ const
#else
#include <math.h>
#define CUX_RAND_FN static inline
#define CUX_RAND_TABLE static const
#endif

#include "curand_jumps.h"

#define CUX_PHILOX_M0 0xD2511F53u
#define CUX_PHILOX_M1 0xCD9E8D57u
#define CUX_PHILOX_W0 0x9E3779B9u   /* golden ratio */
#define CUX_PHILOX_W1 0xBB67AE85u   /* sqrt(3) - 1 */

#define CUX_RAND_2POW32_INV 2.3283064e-10f               /* 2^-32 */
#define CUX_RAND_2POW32_INV_2PI 1.4629180792671596e-09f  /* 2^-32 2 pi */
#define CUX_RAND_2POW53_INV 1.1102230246251565e-16       /* 2^-53 */

#define CUX_XORWOW_WEYL 362437u

/* The counter-based block: 10 rounds on a 128-bit counter under a 64-bit
 * key, bumped by the Weyl constants between rounds. */
CUX_RAND_FN void cux_philox4x32_10(const unsigned int c_in[4],
                                   const unsigned int k_in[2],
                                   unsigned int out[4])
{
    unsigned int c0 = c_in[0], c1 = c_in[1], c2 = c_in[2], c3 = c_in[3];
    unsigned int k0 = k_in[0], k1 = k_in[1];
    for (int r = 0; r < 10; r++) {
        unsigned long long p0 = (unsigned long long)CUX_PHILOX_M0 * c0;
        unsigned long long p1 = (unsigned long long)CUX_PHILOX_M1 * c2;
        c0 = (unsigned int)(p1 >> 32) ^ c1 ^ k0;
        c1 = (unsigned int)p1;
        c2 = (unsigned int)(p0 >> 32) ^ c3 ^ k1;
        c3 = (unsigned int)p0;
        k0 += CUX_PHILOX_W0;
        k1 += CUX_PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* Adds n to the 128-bit counter c[0] (low) .. c[3] (high), from word
 * `from` up (2 adds to the subsequence half only). */
CUX_RAND_FN void cux_philox_add(unsigned int c[4], int from,
                                unsigned long long n)
{
    unsigned long long carry = n;
    for (int i = from; i < 4 && carry; i++) {
        unsigned long long s = (unsigned long long)c[i] + (carry & 0xffffffffu);
        c[i] = (unsigned int)s;
        carry = (carry >> 32) + (s >> 32);
    }
}

/* XORWOW's seeding scrambles each half of the seed with its own odd
 * multiplier into Marsaglia's published starting values. */
CUX_RAND_FN void cux_xorwow_seed(unsigned long long seed, unsigned int *d,
                                 unsigned int v[5])
{
    unsigned int s0 = (unsigned int)seed ^ 0xaad26b49u;
    unsigned int s1 = (unsigned int)(seed >> 32) ^ 0xf7dcefddu;
    unsigned int t0 = 1099087573u * s0;
    unsigned int t1 = 2591861531u * s1;
    *d = 6615241u + t1 + t0;
    v[0] = 123456789u + t0;
    v[1] = 362436069u ^ t0;
    v[2] = 521288629u + t1;
    v[3] = 88675123u ^ t1;
    v[4] = 5783321u + t0;
}

/* The linear (xorshift) part of one step. */
CUX_RAND_FN void cux_xorwow_shift(unsigned int v[5])
{
    unsigned int t = v[0] ^ (v[0] >> 2);
    v[0] = v[1];
    v[1] = v[2];
    v[2] = v[3];
    v[3] = v[4];
    v[4] = (v[4] ^ (v[4] << 4)) ^ (t ^ (t << 1));
}

CUX_RAND_FN unsigned int cux_xorwow_next(unsigned int *d, unsigned int v[5])
{
    cux_xorwow_shift(v);
    *d += CUX_XORWOW_WEYL;
    return v[4] + *d;
}

/* v = c(M) v, Horner from the top coefficient. */
CUX_RAND_FN void cux_xorwow_jump(unsigned int v[5], const unsigned int c[5])
{
    unsigned int a[5] = {0, 0, 0, 0, 0};
    for (int i = 159; i >= 0; i--) {
        cux_xorwow_shift(a);
        if ((c[i >> 5] >> (i & 31)) & 1u)
            for (int k = 0; k < 5; k++)
                a[k] ^= v[k];
    }
    for (int k = 0; k < 5; k++)
        v[k] = a[k];
}

/* n steps, or n subsequences of 2^67 steps (first = 67): one jump per
 * set bit.  Steps of 2^k < 160 are walked, which is cheaper. */
CUX_RAND_FN void cux_xorwow_jumps(unsigned int v[5], unsigned long long n,
                                  int first)
{
    for (int k = 0; n; k++, n >>= 1) {
        if (!(n & 1u))
            continue;
        if (first + k < 7) {
            for (int s = 0; s < (1 << (first + k)); s++)
                cux_xorwow_shift(v);
        } else {
            cux_xorwow_jump(v, cux_xorwow_jump_table[first + k]);
        }
    }
}

CUX_RAND_FN void cux_xorwow_skip(unsigned int *d, unsigned int v[5],
                                 unsigned long long n)
{
    cux_xorwow_jumps(v, n, 0);
    /* The Weyl counter moves by n steps; 2^67-step subsequences leave it
     * where it was (2^67 * 362437 is 0 mod 2^32). */
    *d += (unsigned int)n * CUX_XORWOW_WEYL;
}

CUX_RAND_FN void cux_xorwow_skip_sequence(unsigned int v[5],
                                          unsigned long long n)
{
    cux_xorwow_jumps(v, n, 67);
}

/* --- MRG32k3a --------------------------------------------------------- */

#define CUX_MRG_M1 4294967087u
#define CUX_MRG_M2 4294944443u

/* cuRAND's seeding: each recurrence's three words from the seed's halves
 * scrambled and scaled by 12345 (L'Ecuyer's default starting word, which
 * seed 0 keeps everywhere). */
CUX_RAND_FN void cux_mrg_seed(unsigned long long seed, unsigned int s1[3],
                              unsigned int s2[3])
{
    unsigned long long x = ((unsigned int)seed ^ 0x55555555u) * 12345ull;
    unsigned long long y = ((unsigned int)(seed >> 32) ^ 0xaaaaaaaau) *
                           12345ull;
    if (!seed) {
        x = y = 12345;
    }
    s1[0] = s1[2] = (unsigned int)(x % CUX_MRG_M1);
    s1[1] = (unsigned int)(y % CUX_MRG_M1);
    s2[0] = s2[2] = (unsigned int)(y % CUX_MRG_M2);
    s2[1] = (unsigned int)(x % CUX_MRG_M2);
}

/* One step of both recurrences; their combination (p1 - p2) mod m1 as a
 * whole number in [1, m1], m1 standing for 0 (a double, as cuRAND keeps
 * it). */
CUX_RAND_FN double cux_mrg_next(unsigned int s1[3], unsigned int s2[3])
{
    long long p1 = (1403580LL * s1[1] - 810728LL * s1[0]) % CUX_MRG_M1;
    long long p2 = (527612LL * s2[2] - 1370589LL * s2[0]) % CUX_MRG_M2;
    p1 += p1 < 0 ? CUX_MRG_M1 : 0;
    p2 += p2 < 0 ? CUX_MRG_M2 : 0;
    s1[0] = s1[1];
    s1[1] = s1[2];
    s1[2] = (unsigned int)p1;
    s2[0] = s2[1];
    s2[1] = s2[2];
    s2[2] = (unsigned int)p2;
    return (double)(p1 > p2 ? p1 - p2 : p1 - p2 + CUX_MRG_M1);
}

/* (0, 1]: the combination over m1. */
CUX_RAND_FN double cux_mrg_uniform(double d)
{
    return d * (1.0 / 4294967087.0);
}

/* The 32-bit draw: the combination times 2^32 / m1, NVIDIA's 12-digit
 * 1.000000048662 (found to give its numbers; the exact ratio does not
 * in one draw of a thousand), truncated, saturating at the top as the
 * GPU's conversion does. */
CUX_RAND_FN unsigned int cux_mrg_bits(double d)
{
    double x = d * 1.000000048662;
    return x >= 4294967295.0 ? 4294967295u : (unsigned int)x;
}

/* v = A v mod m, A one 3x3 table entry. */
CUX_RAND_FN void cux_mrg_apply(unsigned int v[3], const unsigned int a[9],
                               unsigned long long m)
{
    unsigned long long r[3];
    for (int i = 0; i < 3; i++) {
        unsigned long long t = 0;
        for (int k = 0; k < 3; k++)
            t = (t + (unsigned long long)a[3 * i + k] * v[k] % m) % m;
        r[i] = t;
    }
    for (int i = 0; i < 3; i++)
        v[i] = (unsigned int)r[i];
}

/* n steps (first = 0), n subsequences of 2^76 steps (first = 76) or n
 * sequences of 2^127 (first = 127). */
CUX_RAND_FN void cux_mrg_jumps(unsigned int s1[3], unsigned int s2[3],
                               unsigned long long n, int first)
{
    for (int k = 0; n; k++, n >>= 1) {
        if (!(n & 1u))
            continue;
        cux_mrg_apply(s1, cux_mrg_jump_table[first + k][0], CUX_MRG_M1);
        cux_mrg_apply(s2, cux_mrg_jump_table[first + k][1], CUX_MRG_M2);
    }
}

/* --- conversions ------------------------------------------------------ */

/* (0, 1]: the draw scaled by 2^-32 plus half a step, in float (rounding
 * maps the top draws to 1, never to 0). */
CUX_RAND_FN float cux_rand_uniform(unsigned int x)
{
    return (float)x * CUX_RAND_2POW32_INV + (CUX_RAND_2POW32_INV / 2.0f);
}

/* (0, 1] with 53 random bits from two draws. */
CUX_RAND_FN double cux_rand_uniform_double(unsigned int x, unsigned int y)
{
    unsigned long long z = (unsigned long long)x ^
                           ((unsigned long long)y << (53 - 32));
    return (double)z * CUX_RAND_2POW53_INV + (CUX_RAND_2POW53_INV / 2.0);
}

/* (0, 1] as a double from one draw, (x + 1) 2^-32, exactly 1 for the
 * top draw: Philox's curand_uniform_double (as NVIDIA's gives it). */
CUX_RAND_FN double cux_rand_uniform_double1(unsigned int x)
{
    const double step = CUX_RAND_2POW53_INV * 2097152.0;   /* 2^-32 */
    return (double)x * step + step;
}

/* Box-Muller: radius from x, angle in (0, 2 pi] from y. */
CUX_RAND_FN void cux_rand_box_muller(unsigned int x, unsigned int y,
                                     float *a, float *b)
{
    float u = cux_rand_uniform(x);
    float v = fmaf((float)y, CUX_RAND_2POW32_INV_2PI,
                   CUX_RAND_2POW32_INV_2PI / 2.0f);
    float s = sqrtf(-2.0f * logf(u));
    *a = sinf(v) * s;
    *b = cosf(v) * s;
}

/* sin and cos of pi v: sincospi on the device; C has none, and pi v is
 * off by at most an ulp of the angle. */
CUX_RAND_FN void cux_rand_sincospi(double v, double *sn, double *cs)
{
#if defined(__CUDACC__)
    sincospi(v, sn, cs);
#else
    *sn = sin(3.14159265358979323846 * v);
    *cs = cos(3.14159265358979323846 * v);
#endif
}

/* The same in double, 53 bits each for radius and angle; the angle is
 * pi times (0, 2]. */
CUX_RAND_FN void cux_rand_box_muller_double(unsigned int x0, unsigned int x1,
                                            unsigned int y0, unsigned int y1,
                                            double *a, double *b)
{
    unsigned long long zx = (unsigned long long)x0 ^
                            ((unsigned long long)x1 << (53 - 32));
    unsigned long long zy = (unsigned long long)y0 ^
                            ((unsigned long long)y1 << (53 - 32));
    double u = (double)zx * CUX_RAND_2POW53_INV + (CUX_RAND_2POW53_INV / 2.0);
    double v = (double)zy * (CUX_RAND_2POW53_INV * 2.0) + CUX_RAND_2POW53_INV;
    double s = sqrt(-2.0 * log(u)), sn, cs;
    cux_rand_sincospi(v, &sn, &cs);
    *a = sn * s;
    *b = cs * s;
}

/* MRG32k3a's Box-Muller, on two of its uniforms: radius from the first,
 * angle 2 pi times the second; the float pair in float. */
CUX_RAND_FN void cux_mrg_box_muller(double u, double v, float *a, float *b)
{
    float y = (float)v * 6.2831855f;
    float s = sqrtf(-2.0f * logf((float)u));
    *a = sinf(y) * s;
    *b = cosf(y) * s;
}

CUX_RAND_FN void cux_mrg_box_muller_double(double u, double v, double *a,
                                           double *b)
{
    double s = sqrt(-2.0 * log(u)), sn, cs;
    cux_rand_sincospi(2.0 * v, &sn, &cs);
    *a = sn * s;
    *b = cs * s;
}

/* --- Sobol ----------------------------------------------------------- */

/* Point i of a Sobol sequence in one dimension, from its 32 direction
 * vectors: the XOR of v[k] over the set bits k of i's Gray code
 * i ^ (i >> 1), which is how cuRAND orders the points (consecutive
 * points then differ by one vector: cux_sobol32_step).  The sequence has
 * 2^32 points and starts over after them, as NVIDIA's does: the index is
 * taken modulo 2^32. */
CUX_RAND_FN unsigned int cux_sobol32_at(const unsigned int *v,
                                        unsigned long long i)
{
    unsigned int g = (unsigned int)i, x = 0;
    g ^= g >> 1;
    for (int k = 0; g; k++, g >>= 1)
        if (g & 1)
            x ^= v[k];
    return x;
}

/* From point i to point i + 1: the Gray codes of i and i + 1 differ in
 * the bit of i's lowest zero.  From 2^32 - 1 (Gray code 2^31) to 0 it is
 * bit 31. */
CUX_RAND_FN unsigned int cux_sobol32_step(const unsigned int *v,
                                          unsigned int i, unsigned int x)
{
    return x ^ v[~i ? __builtin_ctz(~i) : 31];
}

/* The standard normal quantile for p in (0, 1/2 + 2^-33]: Abramowitz and
 * Stegun's 26.2.23 (error below 4.5e-4) refined by three Halley steps on
 * Phi(x) - p (cubic convergence: about 1e-10, then the double's
 * precision).  Near the middle Phi(x) - p is taken as erf(x / sqrt 2) / 2
 * - (p - 1/2), p - 1/2 being exact there, so that small quantiles keep
 * their relative precision. */
CUX_RAND_FN double cux_rand_normal_quantile(double p)
{
    const double sqrt1_2 = 0.70710678118654752440;
    const double sqrt2pi = 2.50662827463100050242;
    double t = sqrt(-2.0 * log(p));
    double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                         (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int k = 0; k < 3; k++) {
        double e = p > 0.25 ? 0.5 * erf(x * sqrt1_2) - (p - 0.5)
                            : 0.5 * erfc(-x * sqrt1_2) - p;
        double u = e * sqrt2pi * exp(0.5 * x * x);
        x -= u / (1.0 + 0.5 * x * u);
    }
    return x;
}

/* A quasirandom 32-bit point as a standard normal, by the inverse of the
 * normal distribution function (Box-Muller would pair dimensions and
 * spoil their uniformity), as cuRAND does for its Sobol generators: p =
 * x 2^-32 + 2^-33, taken from the nearer end (points above the middle are
 * mirrored, 1 - p being exact) so that neither tail loses precision.
 * The float form forms p in float, as cuRAND does (the middle point
 * gives 0, not 2.9e-10), then rounds the double quantile. */
CUX_RAND_FN float cux_sobol_normal(unsigned int x)
{
    int upper = x > 0x80000000u;
    unsigned int y = upper ? 0xffffffffu - x : x;
    float p = (float)y * CUX_RAND_2POW32_INV + (CUX_RAND_2POW32_INV / 2.0f);
    double q = cux_rand_normal_quantile(p);
    return (float)(upper ? -q : q);
}

CUX_RAND_FN double cux_sobol_normal_double(unsigned int x)
{
    const double step = CUX_RAND_2POW53_INV * 2097152.0;   /* 2^-32 */
    int upper = x > 0x80000000u;
    unsigned int y = upper ? 0xffffffffu - x : x;
    double q = cux_rand_normal_quantile((double)y * step + step / 2.0);
    return upper ? -q : q;
}

/* The 64-bit generators: the same in 64 bits, 2^64 points. */
CUX_RAND_FN unsigned long long cux_sobol64_at(const unsigned long long *v,
                                              unsigned long long i)
{
    unsigned long long g = i ^ (i >> 1), x = 0;
    for (int k = 0; g; k++, g >>= 1)
        if (g & 1)
            x ^= v[k];
    return x;
}

CUX_RAND_FN unsigned long long cux_sobol64_step(const unsigned long long *v,
                                                unsigned long long i,
                                                unsigned long long x)
{
    return x ^ v[~i ? __builtin_ctzll(~i) : 63];
}

/* A 64-bit point's double: its top 53 bits, (x >> 11) 2^-53 + 2^-54, in
 * (0, 1) (NVIDIA's, compared).  Floats and float normals take the top 32
 * bits as a 32-bit point. */
CUX_RAND_FN double cux_sobol64_uniform_double(unsigned long long x)
{
    return (double)(x >> 11) * CUX_RAND_2POW53_INV +
           CUX_RAND_2POW53_INV / 2.0;
}

/* The normal quantile of that, from the nearer end (~x = 1 - x). */
CUX_RAND_FN double cux_sobol64_normal_double(unsigned long long x)
{
    int upper = x > 0x8000000000000000ull;
    double q = cux_rand_normal_quantile(
        cux_sobol64_uniform_double(upper ? ~x : x));
    return upper ? -q : q;
}

#endif
