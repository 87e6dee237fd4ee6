/* curand_kernel.h: cuRAND's device API for cux, written from NVIDIA's
 * cuRAND documentation: the XORWOW (curandState_t), Philox4_32_10 and
 * MRG32k3a states with NVIDIA's names and layouts, curand_init, curand, the
 * uniform, normal, log-normal and Poisson draws and skip-ahead; and the
 * 32- and 64-bit Sobol states (plain and scrambled) with their uniforms
 * and normals; MTGP32's block-shared state is curand_mtgp32_kernel.h's.
 *
 * The generators and conversions are cux/curand_core.h, shared with the
 * host library; this header adapts them to the state structs.  Every
 * distribution is one template over the state types (__cux_rand_state
 * admits only cuRAND's), built on the state's next 32-bit draw, which
 * is how cuRAND composes them: a uniform float takes one draw, a double
 * or a pair of normals two, a pair of double normals four.  MRG32k3a's
 * draws are doubles, so its uniforms and normal pairs are its own
 * functions, which the templates call.  curand_normal keeps the second
 * value of its pair for the next call, as cuRAND does.
 * docs/curand.md says which sequences equal NVIDIA's and how that was
 * checked. */
#ifndef CUX_CURAND_KERNEL_H
#define CUX_CURAND_KERNEL_H
#define CURAND_KERNEL_H_

#if !defined(__cplusplus)
#error "curand_kernel.h is for CUDA C++ (the device API)"
#endif

#include "curand.h"
#include "curand_philox4x32_x.h"
#include "vector_types.h"
#include "cux/curand_core.h"

#ifndef QUALIFIERS
#define QUALIFIERS static __forceinline__ __device__
#endif

#define CURAND_2POW32_INV CUX_RAND_2POW32_INV
#define CURAND_2POW32_INV_2PI CUX_RAND_2POW32_INV_2PI
#define CURAND_2POW53_INV_DOUBLE CUX_RAND_2POW53_INV
#define CURAND_PI_DOUBLE 3.1415926535897932
#define CURAND_SQRT2 (-1.4142135f)
#define CURAND_SQRT2_DOUBLE (-1.4142135623730951)

struct curandStateXORWOW {
    unsigned int d, v[5];           /* Weyl counter, xorshift state */
    int boxmuller_flag;             /* boxmuller_extra holds a normal */
    int boxmuller_flag_double;
    float boxmuller_extra;
    double boxmuller_extra_double;
};
typedef struct curandStateXORWOW curandStateXORWOW_t;
typedef struct curandStateXORWOW curandState_t;
typedef struct curandStateXORWOW curandState;

/* --- XORWOW --------------------------------------------------------- */

QUALIFIERS void skipahead(unsigned long long n, curandStateXORWOW_t *state)
{
    cux_xorwow_skip(&state->d, state->v, n);
}

QUALIFIERS void skipahead_sequence(unsigned long long n,
                                   curandStateXORWOW_t *state)
{
    cux_xorwow_skip_sequence(state->v, n);
}

QUALIFIERS void curand_init(unsigned long long seed,
                            unsigned long long subsequence,
                            unsigned long long offset,
                            curandStateXORWOW_t *state)
{
    cux_xorwow_seed(seed, &state->d, state->v);
    state->boxmuller_flag = 0;
    state->boxmuller_flag_double = 0;
    state->boxmuller_extra = 0.0f;
    state->boxmuller_extra_double = 0.0;
    skipahead_sequence(subsequence, state);
    skipahead(offset, state);
}

QUALIFIERS unsigned int curand(curandStateXORWOW_t *state)
{
    return cux_xorwow_next(&state->d, state->v);
}

/* --- Philox4_32_10 -------------------------------------------------- */

QUALIFIERS void __cux_philox_refill(curandStatePhilox4_32_10_t *state)
{
    unsigned int c[4] = {state->ctr.x, state->ctr.y, state->ctr.z,
                         state->ctr.w};
    unsigned int k[2] = {state->key.x, state->key.y}, o[4];
    cux_philox4x32_10(c, k, o);
    state->output = make_uint4(o[0], o[1], o[2], o[3]);
}

/* Adds n to the counter from word `from` up and recomputes the block. */
QUALIFIERS void __cux_philox_advance(curandStatePhilox4_32_10_t *state,
                                     int from, unsigned long long n)
{
    unsigned int c[4] = {state->ctr.x, state->ctr.y, state->ctr.z,
                         state->ctr.w};
    cux_philox_add(c, from, n);
    state->ctr = make_uint4(c[0], c[1], c[2], c[3]);
    __cux_philox_refill(state);
}

/* Four draws per counter: n draws are n / 4 counters and n % 4 words. */
QUALIFIERS void skipahead(unsigned long long n,
                          curandStatePhilox4_32_10_t *state)
{
    unsigned long long blocks = n / 4;
    state->STATE += (unsigned int)(n % 4);
    if (state->STATE > 3) {
        state->STATE -= 4;
        blocks++;
    }
    __cux_philox_advance(state, 0, blocks);
}

/* A subsequence is 2^64 counters (2^66 draws): the counter's top half. */
QUALIFIERS void skipahead_sequence(unsigned long long n,
                                   curandStatePhilox4_32_10_t *state)
{
    __cux_philox_advance(state, 2, n);
}

QUALIFIERS void curand_init(unsigned long long seed,
                            unsigned long long subsequence,
                            unsigned long long offset,
                            curandStatePhilox4_32_10_t *state)
{
    state->ctr = make_uint4(0, 0, 0, 0);
    state->key = make_uint2((unsigned int)seed, (unsigned int)(seed >> 32));
    state->STATE = 0;
    state->boxmuller_flag = 0;
    state->boxmuller_flag_double = 0;
    state->boxmuller_extra = 0.0f;
    state->boxmuller_extra_double = 0.0;
    skipahead_sequence(subsequence, state);
    skipahead(offset, state);
}

/* The next n (1 to 4) draws: what is left of the block, then at most one
 * new block, computed as soon as the last word is handed out, as
 * curand() does.  One Philox evaluation per call site keeps kernels
 * small. */
QUALIFIERS void __cux_philox_take(curandStatePhilox4_32_10_t *state,
                                  unsigned int *out, int n)
{
    unsigned int o[4] = {state->output.x, state->output.y, state->output.z,
                         state->output.w};
    unsigned int at = state->STATE & 3;
    int k = 0;
    for (; k < n && at < 4; k++)
        out[k] = o[at++];
    if (at == 4) {
        __cux_philox_advance(state, 0, 1);
        unsigned int p[4] = {state->output.x, state->output.y,
                             state->output.z, state->output.w};
        for (at = 0; k < n; k++)
            out[k] = p[at++];
    }
    state->STATE = at;
}

QUALIFIERS unsigned int curand(curandStatePhilox4_32_10_t *state)
{
    unsigned int r;
    __cux_philox_take(state, &r, 1);
    return r;
}

/* The next four draws, as four calls of curand would give them. */
QUALIFIERS uint4 curand4(curandStatePhilox4_32_10_t *state)
{
    unsigned int r[4];
    __cux_philox_take(state, r, 4);
    return make_uint4(r[0], r[1], r[2], r[3]);
}

/* Two or four draws at once for the distributions below. */
QUALIFIERS void __cux_draws(curandStatePhilox4_32_10_t *state,
                            unsigned int *out, int n)
{
    __cux_philox_take(state, out, n);
}

QUALIFIERS void __cux_draws(curandStateXORWOW_t *state, unsigned int *out,
                            int n)
{
    for (int i = 0; i < n; i++)
        out[i] = curand(state);
}

/* --- MRG32k3a ------------------------------------------------------- */

/* Its draws are whole numbers in [1, m1]: curand() scales them to 32
 * bits, the uniforms to (0, 1]. */
struct curandStateMRG32k3a {
    unsigned int s1[3], s2[3];      /* the two recurrences, oldest first */
    int boxmuller_flag;             /* boxmuller_extra holds a normal */
    int boxmuller_flag_double;
    float boxmuller_extra;
    double boxmuller_extra_double;
};
typedef struct curandStateMRG32k3a curandStateMRG32k3a_t;

QUALIFIERS void skipahead(unsigned long long n, curandStateMRG32k3a_t *state)
{
    cux_mrg_jumps(state->s1, state->s2, n, 0);
}

/* A subsequence is 2^76 draws (curand_init's), a sequence 2^127. */
QUALIFIERS void skipahead_subsequence(unsigned long long n,
                                      curandStateMRG32k3a_t *state)
{
    cux_mrg_jumps(state->s1, state->s2, n, 76);
}

QUALIFIERS void skipahead_sequence(unsigned long long n,
                                   curandStateMRG32k3a_t *state)
{
    cux_mrg_jumps(state->s1, state->s2, n, 127);
}

QUALIFIERS void curand_init(unsigned long long seed,
                            unsigned long long subsequence,
                            unsigned long long offset,
                            curandStateMRG32k3a_t *state)
{
    cux_mrg_seed(seed, state->s1, state->s2);
    state->boxmuller_flag = 0;
    state->boxmuller_flag_double = 0;
    state->boxmuller_extra = 0.0f;
    state->boxmuller_extra_double = 0.0;
    skipahead_subsequence(subsequence, state);
    skipahead(offset, state);
}

QUALIFIERS unsigned int curand(curandStateMRG32k3a_t *state)
{
    return cux_mrg_bits(cux_mrg_next(state->s1, state->s2));
}

QUALIFIERS double curand_uniform_double(curandStateMRG32k3a_t *state)
{
    return cux_mrg_uniform(cux_mrg_next(state->s1, state->s2));
}

QUALIFIERS float curand_uniform(curandStateMRG32k3a_t *state)
{
    return (float)curand_uniform_double(state);
}

/* Box-Muller on two of its draws. */
QUALIFIERS float2 curand_normal2(curandStateMRG32k3a_t *state)
{
    double u = curand_uniform_double(state);
    double v = curand_uniform_double(state);
    float2 r;
    cux_mrg_box_muller(u, v, &r.x, &r.y);
    return r;
}

QUALIFIERS double2 curand_normal2_double(curandStateMRG32k3a_t *state)
{
    double u = curand_uniform_double(state);
    double v = curand_uniform_double(state);
    double2 r;
    cux_mrg_box_muller_double(u, v, &r.x, &r.y);
    return r;
}

/* --- Sobol (quasirandom) -------------------------------------------- */

/* One dimension of a Sobol sequence: point i in x, its direction
 * vectors (from curandGetDirectionVectors32, copied to the device), and
 * the scrambled form's constant c (0 for the plain one), in NVIDIA's
 * layout.  Points come in Gray-code order, each one vector XOR from the
 * last, so curand() returns x and steps to point i + 1; a point is the
 * same 32 bits that the host API's curandGenerate gives for it. */
struct curandStateSobol32 {
    unsigned int i, x, c;
    unsigned int direction_vectors[32];
};
typedef struct curandStateSobol32 curandStateSobol32_t;

struct curandStateScrambledSobol32 {
    unsigned int i, x, c;
    unsigned int direction_vectors[32];
};
typedef struct curandStateScrambledSobol32 curandStateScrambledSobol32_t;

template <class S> struct __cux_sobol_state;
template <> struct __cux_sobol_state<curandStateSobol32_t> {
    typedef int ok;
};
template <> struct __cux_sobol_state<curandStateScrambledSobol32_t> {
    typedef int ok;
};
#define CUX_SOBOL_TEMPLATE(T)                                              \
    template <class S, typename __cux_sobol_state<S>::ok = 0> QUALIFIERS T

/* n points on, computed afresh (the Gray code of i + n), not stepped. */
CUX_SOBOL_TEMPLATE(void) skipahead(unsigned int n, S *state)
{
    state->i += n;
    state->x = cux_sobol32_at(state->direction_vectors, state->i) ^ state->c;
}

QUALIFIERS void curand_init(curandDirectionVectors32_t direction_vectors,
                            unsigned int offset, curandStateSobol32_t *state)
{
    for (int k = 0; k < 32; k++)
        state->direction_vectors[k] = direction_vectors[k];
    state->i = 0;
    state->c = 0;
    skipahead(offset, state);
}

/* The scrambled set's vectors with the dimension's constant
 * (curandGetScrambleConstants32): every point XORed with it. */
QUALIFIERS void curand_init(curandDirectionVectors32_t direction_vectors,
                            unsigned int scramble_c, unsigned int offset,
                            curandStateScrambledSobol32_t *state)
{
    for (int k = 0; k < 32; k++)
        state->direction_vectors[k] = direction_vectors[k];
    state->i = 0;
    state->c = scramble_c;
    skipahead(offset, state);
}

CUX_SOBOL_TEMPLATE(unsigned int) curand(S *state)
{
    unsigned int r = state->x;
    state->x = cux_sobol32_step(state->direction_vectors, state->i, r);
    state->i++;
    return r;
}

/* One point each, as the host API converts them: uniforms x 2^-32 +
 * 2^-33 (float) and (x + 1) 2^-32 (double); normals by the inverse
 * distribution function, which keeps the points' spread (no pairs, no
 * value kept in the state). */
CUX_SOBOL_TEMPLATE(float) curand_uniform(S *state)
{
    return cux_rand_uniform(curand(state));
}

CUX_SOBOL_TEMPLATE(double) curand_uniform_double(S *state)
{
    return cux_rand_uniform_double1(curand(state));
}

CUX_SOBOL_TEMPLATE(float) curand_normal(S *state)
{
    return cux_sobol_normal(curand(state));
}

CUX_SOBOL_TEMPLATE(double) curand_normal_double(S *state)
{
    return cux_sobol_normal_double(curand(state));
}

CUX_SOBOL_TEMPLATE(float) curand_log_normal(S *state, float mean,
                                            float stddev)
{
    return expf(mean + stddev * curand_normal(state));
}

CUX_SOBOL_TEMPLATE(double) curand_log_normal_double(S *state, double mean,
                                                    double stddev)
{
    return exp(mean + stddev * curand_normal_double(state));
}

#undef CUX_SOBOL_TEMPLATE

/* The 64-bit states: the same with 64-bit points (2^64 of them), from
 * curandGetDirectionVectors64.  Floats, and float normals, take a point's
 * top 32 bits as a 32-bit point; doubles its top 53 bits,
 * (x >> 11) 2^-53 + 2^-54, as the host API converts them. */
struct curandStateSobol64 {
    unsigned long long i, x, c;
    unsigned long long direction_vectors[64];
};
typedef struct curandStateSobol64 curandStateSobol64_t;

struct curandStateScrambledSobol64 {
    unsigned long long i, x, c;
    unsigned long long direction_vectors[64];
};
typedef struct curandStateScrambledSobol64 curandStateScrambledSobol64_t;

template <class S> struct __cux_sobol64_state;
template <> struct __cux_sobol64_state<curandStateSobol64_t> {
    typedef int ok;
};
template <> struct __cux_sobol64_state<curandStateScrambledSobol64_t> {
    typedef int ok;
};
#define CUX_SOBOL64_TEMPLATE(T)                                            \
    template <class S, typename __cux_sobol64_state<S>::ok = 0> QUALIFIERS T

CUX_SOBOL64_TEMPLATE(void) skipahead(unsigned long long n, S *state)
{
    state->i += n;
    state->x = cux_sobol64_at(state->direction_vectors, state->i) ^ state->c;
}

QUALIFIERS void curand_init(curandDirectionVectors64_t direction_vectors,
                            unsigned long long offset,
                            curandStateSobol64_t *state)
{
    for (int k = 0; k < 64; k++)
        state->direction_vectors[k] = direction_vectors[k];
    state->i = 0;
    state->c = 0;
    skipahead(offset, state);
}

QUALIFIERS void curand_init(curandDirectionVectors64_t direction_vectors,
                            unsigned long long scramble_c,
                            unsigned long long offset,
                            curandStateScrambledSobol64_t *state)
{
    for (int k = 0; k < 64; k++)
        state->direction_vectors[k] = direction_vectors[k];
    state->i = 0;
    state->c = scramble_c;
    skipahead(offset, state);
}

CUX_SOBOL64_TEMPLATE(unsigned long long) curand(S *state)
{
    unsigned long long r = state->x;
    state->x = cux_sobol64_step(state->direction_vectors, state->i, r);
    state->i++;
    return r;
}

CUX_SOBOL64_TEMPLATE(float) curand_uniform(S *state)
{
    return cux_rand_uniform((unsigned int)(curand(state) >> 32));
}

CUX_SOBOL64_TEMPLATE(double) curand_uniform_double(S *state)
{
    return cux_sobol64_uniform_double(curand(state));
}

CUX_SOBOL64_TEMPLATE(float) curand_normal(S *state)
{
    return cux_sobol_normal((unsigned int)(curand(state) >> 32));
}

CUX_SOBOL64_TEMPLATE(double) curand_normal_double(S *state)
{
    return cux_sobol64_normal_double(curand(state));
}

CUX_SOBOL64_TEMPLATE(float) curand_log_normal(S *state, float mean,
                                              float stddev)
{
    return expf(mean + stddev * curand_normal(state));
}

CUX_SOBOL64_TEMPLATE(double) curand_log_normal_double(S *state, double mean,
                                                      double stddev)
{
    return exp(mean + stddev * curand_normal_double(state));
}

#undef CUX_SOBOL64_TEMPLATE

/* --- distributions, for every state --------------------------------- */

template <class S> struct __cux_rand_state;
template <> struct __cux_rand_state<curandStateXORWOW_t> { typedef int ok; };
template <> struct __cux_rand_state<curandStatePhilox4_32_10_t> {
    typedef int ok;
};
template <> struct __cux_rand_state<curandStateMRG32k3a_t> {
    typedef int ok;
};
#define CUX_RAND_TEMPLATE(T)                                               \
    template <class S, typename __cux_rand_state<S>::ok = 0> QUALIFIERS T

CUX_RAND_TEMPLATE(float) curand_uniform(S *state)
{
    return cux_rand_uniform(curand(state));
}

/* XORWOW's takes 53 bits from two draws; Philox's scales one draw, as
 * NVIDIA's does (curand_uniform2_double gives Philox's 53-bit ones). */
QUALIFIERS double curand_uniform_double(curandStateXORWOW_t *state)
{
    unsigned int x[2];
    __cux_draws(state, x, 2);
    return cux_rand_uniform_double(x[0], x[1]);
}

QUALIFIERS double curand_uniform_double(curandStatePhilox4_32_10_t *state)
{
    return cux_rand_uniform_double1(curand(state));
}

CUX_RAND_TEMPLATE(float2) curand_normal2(S *state)
{
    unsigned int x[2];
    __cux_draws(state, x, 2);
    float2 r;
    cux_rand_box_muller(x[0], x[1], &r.x, &r.y);
    return r;
}

CUX_RAND_TEMPLATE(double2) curand_normal2_double(S *state)
{
    unsigned int x[4];
    __cux_draws(state, x, 4);
    double2 r;
    cux_rand_box_muller_double(x[0], x[1], x[2], x[3], &r.x, &r.y);
    return r;
}

/* One of a pair: the other is kept in the state for the next call. */
CUX_RAND_TEMPLATE(float) curand_normal(S *state)
{
    if (state->boxmuller_flag) {
        state->boxmuller_flag = 0;
        return state->boxmuller_extra;
    }
    float2 r = curand_normal2(state);
    state->boxmuller_extra = r.y;
    state->boxmuller_flag = 1;
    return r.x;
}

CUX_RAND_TEMPLATE(double) curand_normal_double(S *state)
{
    if (state->boxmuller_flag_double) {
        state->boxmuller_flag_double = 0;
        return state->boxmuller_extra_double;
    }
    double2 r = curand_normal2_double(state);
    state->boxmuller_extra_double = r.y;
    state->boxmuller_flag_double = 1;
    return r.x;
}

CUX_RAND_TEMPLATE(float) curand_log_normal(S *state, float mean,
                                           float stddev)
{
    return expf(mean + stddev * curand_normal(state));
}

CUX_RAND_TEMPLATE(float2) curand_log_normal2(S *state, float mean,
                                             float stddev)
{
    float2 v = curand_normal2(state);
    return make_float2(expf(mean + stddev * v.x), expf(mean + stddev * v.y));
}

CUX_RAND_TEMPLATE(double) curand_log_normal_double(S *state, double mean,
                                                   double stddev)
{
    return exp(mean + stddev * curand_normal_double(state));
}

CUX_RAND_TEMPLATE(double2) curand_log_normal2_double(S *state, double mean,
                                                     double stddev)
{
    double2 v = curand_normal2_double(state);
    return make_double2(exp(mean + stddev * v.x), exp(mean + stddev * v.y));
}

#define CUX_POISSON_HEAD CUX_RAND_TEMPLATE(unsigned int)
#define CUX_POISSON_STATE S
#define CUX_POISSON_UNIFORM(s) curand_uniform_double(s)
#include "cux/curand_poisson.inc"
#undef CUX_POISSON_HEAD
#undef CUX_POISSON_STATE
#undef CUX_POISSON_UNIFORM

CUX_RAND_TEMPLATE(unsigned int) curand_poisson(S *state, double lambda)
{
    return cux_rand_poisson(state, lambda);
}

/* --- Philox's four-at-once forms ------------------------------------ */

QUALIFIERS float4 curand_uniform4(curandStatePhilox4_32_10_t *state)
{
    uint4 x = curand4(state);
    return make_float4(cux_rand_uniform(x.x), cux_rand_uniform(x.y),
                       cux_rand_uniform(x.z), cux_rand_uniform(x.w));
}

QUALIFIERS double2 curand_uniform2_double(curandStatePhilox4_32_10_t *state)
{
    uint4 x = curand4(state);
    return make_double2(cux_rand_uniform_double(x.x, x.y),
                        cux_rand_uniform_double(x.z, x.w));
}

QUALIFIERS float4 curand_normal4(curandStatePhilox4_32_10_t *state)
{
    float2 a = curand_normal2(state);
    float2 b = curand_normal2(state);
    return make_float4(a.x, a.y, b.x, b.y);
}

QUALIFIERS float4 curand_log_normal4(curandStatePhilox4_32_10_t *state,
                                     float mean, float stddev)
{
    float4 v = curand_normal4(state);
    return make_float4(expf(mean + stddev * v.x), expf(mean + stddev * v.y),
                       expf(mean + stddev * v.z), expf(mean + stddev * v.w));
}

/* Four 53-bit uniform doubles, four normals, from eight draws. */
QUALIFIERS double4 curand_uniform4_double(curandStatePhilox4_32_10_t *state)
{
    double2 a = curand_uniform2_double(state);
    double2 b = curand_uniform2_double(state);
    return make_double4(a.x, a.y, b.x, b.y);
}

QUALIFIERS double4 curand_normal4_double(curandStatePhilox4_32_10_t *state)
{
    double2 a = curand_normal2_double(state);
    double2 b = curand_normal2_double(state);
    return make_double4(a.x, a.y, b.x, b.y);
}

QUALIFIERS double4 curand_log_normal4_double(curandStatePhilox4_32_10_t *state,
                                             double mean, double stddev)
{
    double4 v = curand_normal4_double(state);
    return make_double4(exp(mean + stddev * v.x), exp(mean + stddev * v.y),
                        exp(mean + stddev * v.z), exp(mean + stddev * v.w));
}

QUALIFIERS uint4 curand_poisson4(curandStatePhilox4_32_10_t *state,
                                 double lambda)
{
    unsigned int a = curand_poisson(state, lambda);
    unsigned int b = curand_poisson(state, lambda);
    unsigned int c = curand_poisson(state, lambda);
    unsigned int d = curand_poisson(state, lambda);
    return make_uint4(a, b, c, d);
}

#undef CUX_RAND_TEMPLATE

/* MTGP32 (curandStateMtgp32_t), as cuRAND's curand_kernel.h has it */
#include "curand_mtgp32_kernel.h"

#endif
