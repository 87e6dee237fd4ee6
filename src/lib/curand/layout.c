/* layout.c: where each result of a host-API call comes from, and the
 * computing of it on the CPU.
 *
 * cuRAND's default ordering runs many device-API states side by side and
 * interleaves their outputs; the mapping here reproduces the one NVIDIA's
 * host generator gives (docs/curand.md, "Host API ordering"):
 *
 *  - Philox4_32_10: 65536 subsequences.  32-bit results come four per
 *    counter, a group of four results per subsequence in turn: result e
 *    is word e % 4 of counter (e / 4) / 65536 of subsequence (e / 4) %
 *    65536.  Doubles take two counters per group of four, from the round
 *    (of 65536 groups) the call's first result falls in.
 *  - XORWOW and MRG32k3a: 4096 and 81920 states taken in turn
 *    (states.c).
 *  - MTGP32: 64 states taking blocks of 256 results in turn (mtgp.c).
 *  - Sobol: dimension-major, as cuRAND documents it: a call of n results
 *    in d dimensions gives n / d points, the first n / d results being
 *    their first coordinates, the next n / d their second, and so on.
 *    The position counts points.  Every result is one 32-bit point
 *    coordinate, whatever its kind: normals by the inverse normal
 *    distribution function, not in pairs.
 *
 * Poisson counts have no NVIDIA layout to follow (cuRAND's algorithm is
 * not documented): result e draws from its own Philox stream, keyed by
 * the seed and numbered by e, so it depends on e alone. */
#include "curand_int.h"

#include <cux/curand_core.h>

#define CUX_PHILOX_SUBS 65536u

static bool wide(cux_rand_kind k)
{
    return k == CUX_RAND_UNIFORM_DOUBLE || k == CUX_RAND_NORMAL_DOUBLE ||
           k == CUX_RAND_LOG_NORMAL_DOUBLE;
}

static bool paired(cux_rand_kind k)
{
    return k != CUX_RAND_BITS && k != CUX_RAND_UNIFORM &&
           k != CUX_RAND_UNIFORM_DOUBLE;
}

/* How far a call moves the generator's position, as NVIDIA's
 * generators move it: Philox and MTGP32 by results, XORWOW and MRG32k3a
 * by groups (a pair of normals is one), Sobol by points. */
unsigned long long cux_rand_advance(curandRngType_t type, cux_rand_kind kind,
                                    size_t n, unsigned dims)
{
    if (cux_rand_quasi(type))
        return n / dims;
    if (type != CURAND_RNG_PSEUDO_PHILOX4_32_10 &&
        type != CURAND_RNG_PSEUDO_MTGP32 && paired(kind) &&
        kind != CUX_RAND_POISSON)
        return (n + 1) / 2;
    return n;
}

/* --- normals and Poisson -------------------------------------------- */

/* Of the pair from w (a float pair takes the two words at pick & 2, a
 * double pair all four), the sine (pick even) or cosine one. */
static double normal_of(const unsigned int w[4], unsigned pick, bool w64)
{
    if (w64) {
        double a, b;
        cux_rand_box_muller_double(w[0], w[1], w[2], w[3], &a, &b);
        return pick & 1 ? b : a;
    }
    float a, b;
    unsigned base = pick & 2u;
    cux_rand_box_muller(w[base], w[base + 1], &a, &b);
    return pick & 1 ? b : a;
}

typedef struct {
    unsigned int ctr[4], key[2], block[4];
    unsigned used;
} poisson_stream;

static double poisson_uniform(poisson_stream *s)
{
    unsigned int x[2];
    for (int i = 0; i < 2; i++) {
        if (s->used == 4) {
            cux_philox4x32_10(s->ctr, s->key, s->block);
            cux_philox_add(s->ctr, 0, 1);
            s->used = 0;
        }
        x[i] = s->block[s->used++];
    }
    return cux_rand_uniform_double(x[0], x[1]);
}

#define CUX_POISSON_HEAD static unsigned int
#define CUX_POISSON_STATE poisson_stream
#define CUX_POISSON_UNIFORM(s) poisson_uniform(s)
#include <cux/curand_poisson.inc>

/* "POIS" in the key keeps these streams apart from a Philox
 * generator's own with the same seed. */
static unsigned int poisson_at(const cux_rand_job *j, unsigned long long e)
{
    poisson_stream s = {{0, 0, (unsigned int)e, (unsigned int)(e >> 32)},
                        {(unsigned int)j->seed ^ 0x504f4953u,
                         (unsigned int)(j->seed >> 32)},
                        {0, 0, 0, 0}, 4};
    return cux_rand_poisson(&s, j->lambda);
}

/* Result i of the call from v, a uniform or a standard normal (a
 * count for Poisson), with the call's mean and deviation; floats are
 * computed in float, as NVIDIA's are. */
static void store(const cux_rand_job *j, size_t i, double v)
{
    float fm = (float)j->mean, fs = (float)j->stddev;
    switch (j->kind) {
    case CUX_RAND_BITS:
    case CUX_RAND_POISSON:
        ((unsigned int *)j->out)[i] = (unsigned int)v;
        break;
    case CUX_RAND_BITS64:   /* fill_sobol64 stores its own */
        break;
    case CUX_RAND_UNIFORM:
        ((float *)j->out)[i] = (float)v;
        break;
    case CUX_RAND_UNIFORM_DOUBLE:
        ((double *)j->out)[i] = v;
        break;
    case CUX_RAND_NORMAL:
        ((float *)j->out)[i] = fm + fs * (float)v;
        break;
    case CUX_RAND_NORMAL_DOUBLE:
        ((double *)j->out)[i] = j->mean + j->stddev * v;
        break;
    case CUX_RAND_LOG_NORMAL:
        ((float *)j->out)[i] = expf(fm + fs * (float)v);
        break;
    case CUX_RAND_LOG_NORMAL_DOUBLE:
        ((double *)j->out)[i] = exp(j->mean + j->stddev * v);
        break;
    }
}

/* Result i from the 32-bit words w behind it; pick says which word
 * (Philox's 32-bit results) or which of a pair (normals) it is. */
static void put(const cux_rand_job *j, size_t i, const unsigned int w[4],
                unsigned pick)
{
    switch (j->kind) {
    case CUX_RAND_BITS:
    case CUX_RAND_BITS64:   /* only Sobol64's, which does not come here */
    case CUX_RAND_POISSON:
        store(j, i, w[pick]);
        break;
    case CUX_RAND_UNIFORM:
        store(j, i, cux_rand_uniform(w[pick]));
        break;
    case CUX_RAND_UNIFORM_DOUBLE:
        store(j, i, cux_rand_uniform_double(w[0], w[1]));
        break;
    case CUX_RAND_NORMAL:
    case CUX_RAND_LOG_NORMAL:
        store(j, i, normal_of(w, pick, false));
        break;
    case CUX_RAND_NORMAL_DOUBLE:
    case CUX_RAND_LOG_NORMAL_DOUBLE:
        store(j, i, normal_of(w, pick, true));
        break;
    }
}

/* --- the generators ------------------------------------------------- */

/* Result e's block: counter ctr of subsequence sub. */
static void philox_at(const cux_rand_job *j, unsigned long long e, bool w64,
                      unsigned int out[4])
{
    unsigned long long q = e / 4;
    unsigned int sub = (unsigned int)(q % CUX_PHILOX_SUBS);
    unsigned long long round = q / CUX_PHILOX_SUBS;
    unsigned long long first = j->start / 4 / CUX_PHILOX_SUBS;
    unsigned long long ctr =
        w64 ? first + 2 * (round - first) + (e % 4) / 2 : round;
    unsigned int c[4] = {(unsigned int)ctr, (unsigned int)(ctr >> 32), sub,
                         0};
    unsigned int k[2] = {(unsigned int)j->seed,
                         (unsigned int)(j->seed >> 32)};
    cux_philox4x32_10(c, k, out);
}

static void fill_philox(const cux_rand_job *j)
{
    bool w64 = wide(j->kind), pair = paired(j->kind);
    for (size_t i = 0; i < j->n; i++) {
        unsigned long long e = j->start + i;
        unsigned int w[4];
        unsigned pick = (unsigned)(e % 4);
        philox_at(j, e, w64, w);
        if (w64 && pair) {
            pick = (unsigned)(e % 2);
        } else if (w64) {
            /* the second double of a counter is words 2 and 3 */
            unsigned h = (unsigned)(e % 2) * 2;
            w[0] = w[h];
            w[1] = w[h + 1];
        }
        put(j, i, w, pick);
    }
}

/* A group is one result, or a pair of normals; it takes one draw per
 * 32 bits of each random input (two for a double, four for a pair of
 * doubles). */
static void fill_xorwow(const cux_rand_job *j)
{
    cux_rand_states *c = j->states;
    bool w64 = wide(j->kind), pair = paired(j->kind);
    unsigned group = pair ? 2 : 1;
    unsigned per = w64 ? (pair ? 4 : 2) : (pair ? 2 : 1);
    pthread_mutex_lock(&c->lock);
    if (j->reset || !c->valid || c->seed != j->seed)
        cux_rand_states_reset(c, j->seed, j->start);
    for (size_t i = 0; i < j->n; i += group) {
        unsigned int w[4];
        cux_xorwow_group(c, per, w);
        for (unsigned k = 0; k < group && i + k < j->n; k++)
            put(j, i + k, w, pair ? k : 0);
    }
    pthread_mutex_unlock(&c->lock);
}

/* MRG32k3a's draws are whole numbers in [1, m1] as doubles: one per
 * result, two per pair. */
static void fill_mrg(const cux_rand_job *j)
{
    cux_rand_states *c = j->states;
    bool w64 = wide(j->kind), pair = paired(j->kind);
    unsigned group = pair ? 2 : 1;
    pthread_mutex_lock(&c->lock);
    if (j->reset || !c->valid || c->seed != j->seed)
        cux_rand_states_reset(c, j->seed, j->start);
    for (size_t i = 0; i < j->n; i += group) {
        double u[2], n[2];
        float f[2];
        cux_mrg_group(c, group, u);
        if (!pair) {
            store(j, i, j->kind == CUX_RAND_BITS ? cux_mrg_bits(u[0])
                                                 : cux_mrg_uniform(u[0]));
            continue;
        }
        u[0] = cux_mrg_uniform(u[0]);
        u[1] = cux_mrg_uniform(u[1]);
        if (w64) {
            cux_mrg_box_muller_double(u[0], u[1], &n[0], &n[1]);
        } else {
            cux_mrg_box_muller(u[0], u[1], &f[0], &f[1]);
            n[0] = f[0];
            n[1] = f[1];
        }
        for (unsigned k = 0; k < 2 && i + k < j->n; k++)
            store(j, i + k, n[k]);
    }
    pthread_mutex_unlock(&c->lock);
}

/* MTGP32: one draw per result, whatever its kind (mtgp.c says which);
 * doubles (x + 1) 2^-32 from one draw, as NVIDIA's host generator makes
 * them; normals from the normal quantile of one draw each, as cuRAND's
 * curand_normal(curandStateMtgp32_t *) makes them, not Box-Muller pairs
 * (NVIDIA's host generator gives those quantiles, checked), so n may be
 * odd. */
static void fill_mtgp(const cux_rand_job *j)
{
    cux_rand_states *c = j->states;
    unsigned int w[1024];
    pthread_mutex_lock(&c->lock);
    cux_mtgp_seed(c, j->seed,
                  j->ordering == CURAND_ORDERING_PSEUDO_LEGACY
                      ? CUX_MTGP_STATES_LEGACY
                      : CUX_MTGP_STATES);
    for (size_t i = 0; i < j->n; i += 1024) {
        size_t m = j->n - i < 1024 ? j->n - i : 1024;
        cux_mtgp_draws(c, j->start + i, m, w);
        for (size_t k = 0; k < m; k++) {
            unsigned int x = w[k];
            switch (j->kind) {
            case CUX_RAND_BITS:
            case CUX_RAND_BITS64:   /* refused for 32-bit generators */
            case CUX_RAND_POISSON:  /* cux_rand_fill's own */
                store(j, i + k, x);
                break;
            case CUX_RAND_UNIFORM:
                store(j, i + k, cux_rand_uniform(x));
                break;
            case CUX_RAND_UNIFORM_DOUBLE:
                store(j, i + k, cux_rand_uniform_double1(x));
                break;
            case CUX_RAND_NORMAL:
            case CUX_RAND_LOG_NORMAL:
                store(j, i + k, cux_sobol_normal(x));
                break;
            case CUX_RAND_NORMAL_DOUBLE:
            case CUX_RAND_LOG_NORMAL_DOUBLE:
                /* NVIDIA's host generator gives the float quantile,
                 * widened (its doubles equal its floats; compared) */
                store(j, i + k, (double)cux_sobol_normal(x));
                break;
            }
        }
    }
    pthread_mutex_unlock(&c->lock);
}

/* Poisson counts from quasirandom points by inversion: the least k whose
 * distribution function reaches u, so that the counts keep the points'
 * uniformity (a rejection method would not).  Summing up from 0 is
 * exact but underflows for a large lambda, so from lambda = 32 the walk
 * starts at floor(lambda), whose probability and distribution function
 * (summed downwards until the terms no longer count) are computed
 * first: O(sqrt(lambda)) steps either way.  Not NVIDIA's sequence, whose
 * quasirandom Poisson method is not documented (docs/curand.md). */
static unsigned int poisson_inverse(double u, double lambda)
{
    double k = lambda < 32.0 ? 0.0 : floor(lambda);
    double t = exp(k * log(lambda) - lambda - lgamma(k + 1.0));
    double cdf = t;
    for (double j = k, s = t; j > 0.0 && s > cdf * 1e-18; j--) {
        s *= j / lambda;
        cdf += s;
    }
    if (u <= cdf) {
        /* down: the least k with cdf(k) >= u */
        while (k > 0.0 && u <= cdf - t) {
            cdf -= t;
            t *= k / lambda;
            k--;
        }
        return (unsigned int)k;
    }
    /* up; where the terms vanish before cdf reaches u (u within
     * rounding of 1), the tail is spent */
    while (u > cdf && t > cdf * 1e-18) {
        k++;
        t *= lambda / k;
        cdf += t;
    }
    return (unsigned int)k;
}

/* Dimension by dimension, each from the point at the position on: one
 * full computation of that point, then a step per point. */
static void fill_sobol(const cux_rand_job *j)
{
    bool scramble = j->type == CURAND_RNG_QUASI_SCRAMBLED_SOBOL32;
    size_t per = j->n / j->dims;
    for (unsigned d = 0; d < j->dims; d++) {
        unsigned int c;
        const unsigned int *v = cux_sobol_vectors(scramble, d, &c);
        if (!v)
            return;     /* the scrambled tables could not be allocated */
        unsigned int x = cux_sobol32_at(v, j->start) ^ c;
        unsigned int i = (unsigned int)j->start;
        for (size_t k = 0; k < per; k++, i++) {
            size_t at = d * per + k;
            switch (j->kind) {
            case CUX_RAND_BITS:
                store(j, at, x);
                break;
            case CUX_RAND_UNIFORM:
                store(j, at, cux_rand_uniform(x));
                break;
            case CUX_RAND_UNIFORM_DOUBLE:
                store(j, at, cux_rand_uniform_double1(x));
                break;
            case CUX_RAND_NORMAL:
            case CUX_RAND_LOG_NORMAL:
                store(j, at, cux_sobol_normal(x));
                break;
            case CUX_RAND_NORMAL_DOUBLE:
            case CUX_RAND_LOG_NORMAL_DOUBLE:
                store(j, at, cux_sobol_normal_double(x));
                break;
            case CUX_RAND_POISSON:
                store(j, at, poisson_inverse(cux_rand_uniform_double1(x),
                                             j->lambda));
                break;
            case CUX_RAND_BITS64:   /* refused for 32-bit generators */
                break;
            }
            x = cux_sobol32_step(v, i, x);
        }
    }
}

/* The same for the 64-bit generators (2^64 points): floats from a
 * point's top 32 bits, doubles from its top 53. */
static void fill_sobol64(const cux_rand_job *j)
{
    bool scramble = j->type == CURAND_RNG_QUASI_SCRAMBLED_SOBOL64;
    size_t per = j->n / j->dims;
    for (unsigned d = 0; d < j->dims; d++) {
        unsigned long long c;
        const unsigned long long *v = cux_sobol_vectors64(scramble, d, &c);
        if (!v)
            return;     /* the tables could not be allocated */
        unsigned long long x = cux_sobol64_at(v, j->start) ^ c;
        unsigned long long i = j->start;
        for (size_t k = 0; k < per; k++, i++) {
            size_t at = d * per + k;
            unsigned int top = (unsigned int)(x >> 32);
            switch (j->kind) {
            case CUX_RAND_BITS64:
                ((unsigned long long *)j->out)[at] = x;
                break;
            case CUX_RAND_BITS:     /* refused for 64-bit generators */
                break;
            case CUX_RAND_UNIFORM:
                store(j, at, cux_rand_uniform(top));
                break;
            case CUX_RAND_UNIFORM_DOUBLE:
                store(j, at, cux_sobol64_uniform_double(x));
                break;
            case CUX_RAND_NORMAL:
            case CUX_RAND_LOG_NORMAL:
                store(j, at, cux_sobol_normal(top));
                break;
            case CUX_RAND_NORMAL_DOUBLE:
            case CUX_RAND_LOG_NORMAL_DOUBLE:
                store(j, at, cux_sobol64_normal_double(x));
                break;
            case CUX_RAND_POISSON:
                store(j, at, poisson_inverse(cux_sobol64_uniform_double(x),
                                             j->lambda));
                break;
            }
            x = cux_sobol64_step(v, i, x);
        }
    }
}

void cux_rand_fill(const cux_rand_job *j)
{
    if (cux_rand_sobol64(j->type)) {
        fill_sobol64(j);
    } else if (cux_rand_quasi(j->type)) {
        fill_sobol(j);
    } else if (j->kind == CUX_RAND_POISSON) {
        for (size_t i = 0; i < j->n; i++) {
            unsigned int w[4] = {poisson_at(j, j->start + i), 0, 0, 0};
            put(j, i, w, 0);
        }
    } else if (j->type == CURAND_RNG_PSEUDO_PHILOX4_32_10) {
        fill_philox(j);
    } else if (j->type == CURAND_RNG_PSEUDO_MRG32K3A) {
        fill_mrg(j);
    } else if (j->type == CURAND_RNG_PSEUDO_MTGP32) {
        fill_mtgp(j);
    } else {
        fill_xorwow(j);
    }
}
