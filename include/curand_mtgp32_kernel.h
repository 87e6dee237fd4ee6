/* curand_mtgp32_kernel.h: cuRAND's MTGP32 device functions for cux.
 *
 * One curandStateMtgp32_t serves all the threads of a block (at most
 * 256): each call of curand(&state) by every thread of the block makes
 * the next blockDim-many words of the sequence, thread t word t, and
 * moves the state's offset on by that many.  The ring of 1024 words
 * holds the last 351 from `offset`; thread t reads words t, t + 1,
 * t + pos and t + pos - 1 (pos < 95) and writes word t + 351, so no
 * thread of the step reads a word another writes (t + pos < 351).  A
 * barrier after the writes lets thread 0 move the offset, and one after
 * that lets every thread see it, as in cuRAND; so every thread of the
 * block must call, the same number of times.
 *
 * Thread t is numbered as cuRAND numbers it, (blockDim.z * blockDim.y *
 * threadIdx.z) + (blockDim.x * threadIdx.y) + threadIdx.x (the same as
 * the usual linear index for blocks of one or two dimensions).
 *
 * Conversions as cuRAND makes them from one draw: uniforms as the other
 * generators' (x 2^-32 + 2^-33 in float, (x + 1) 2^-32 in double), normals
 * as the normal quantile of one draw (no pairs, nothing kept), as for the
 * Sobol states. */
#ifndef CUX_CURAND_MTGP32_KERNEL_H
#define CUX_CURAND_MTGP32_KERNEL_H

#if !defined(__cplusplus)
#error "curand_mtgp32_kernel.h is for CUDA C++ (the device API)"
#endif

#include "curand.h"
#include "curand_mtgp32.h"
#include "cux/curand_core.h"
#include "cux/curand_mtgp32_core.h"

#ifndef QUALIFIERS
#define QUALIFIERS static __forceinline__ __device__
#endif

/* Device code only: the functions sync the block and read its shape.  A
 * C++ file that includes curand_kernel.h for its types (the host sets up
 * the states) compiles without them. */
#if defined(__CUDACC__)

/* Word `index` of this step (0 .. n - 1), the step making n words. */
QUALIFIERS unsigned int __cux_mtgp32_word(curandStateMtgp32_t *state,
                                          unsigned int t, unsigned int n)
{
    const mtgp32_kernel_params_t *k = state->k;
    const int p = state->pIdx;
    const unsigned int o = (unsigned int)state->offset;
    const unsigned int pos = k->pos_tbl[p];
    unsigned int r = cux_mtgp32_rec(
        state->s[(t + o) & MTGP32_STATE_MASK],
        state->s[(t + o + 1) & MTGP32_STATE_MASK],
        state->s[(t + o + pos) & MTGP32_STATE_MASK], k->mask[0],
        k->sh1_tbl[p], k->sh2_tbl[p], k->param_tbl[p]);
    state->s[(t + o + MTGPDC_N) & MTGP32_STATE_MASK] = r;
    unsigned int out = cux_mtgp32_temper(
        r, state->s[(t + o + pos - 1) & MTGP32_STATE_MASK], k->temper_tbl[p]);
    __syncthreads();
    if (t == 0)
        state->offset = (int)((o + n) & MTGP32_STATE_MASK);
    __syncthreads();
    return out;
}

QUALIFIERS unsigned int curand(curandStateMtgp32_t *state)
{
    unsigned int n = blockDim.z * blockDim.y * blockDim.x;
    unsigned int t = (blockDim.z * blockDim.y * threadIdx.z) +
                     (blockDim.x * threadIdx.y) + threadIdx.x;
    return __cux_mtgp32_word(state, t, n);
}

/* The word at `index` of a step that makes n words (n <= 256), for
 * blocks that draw other than one word per thread: the threads calling
 * must cover indices 0 .. n - 1, and index 0 moves the offset. */
QUALIFIERS unsigned int curand_mtgp32_specific(curandStateMtgp32_t *state,
                                               unsigned char index,
                                               unsigned char n)
{
    return __cux_mtgp32_word(state, index, n);
}

QUALIFIERS float curand_uniform(curandStateMtgp32_t *state)
{
    return cux_rand_uniform(curand(state));
}

QUALIFIERS double curand_uniform_double(curandStateMtgp32_t *state)
{
    return cux_rand_uniform_double1(curand(state));
}

QUALIFIERS float curand_normal(curandStateMtgp32_t *state)
{
    return cux_sobol_normal(curand(state));
}

QUALIFIERS double curand_normal_double(curandStateMtgp32_t *state)
{
    return cux_sobol_normal_double(curand(state));
}

QUALIFIERS float curand_log_normal(curandStateMtgp32_t *state, float mean,
                                   float stddev)
{
    return expf(mean + stddev * curand_normal(state));
}

QUALIFIERS double curand_log_normal_double(curandStateMtgp32_t *state,
                                           double mean, double stddev)
{
    return exp(mean + stddev * curand_normal_double(state));
}

#endif /* __CUDACC__ */

#endif
