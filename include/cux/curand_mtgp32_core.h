/* cux/curand_mtgp32_core.h: MTGP32, Saito and Matsumoto's Mersenne
 * Twister for Graphic Processors ("Variants of Mersenne Twister Suitable
 * for Graphic Processors", ACM TOMS 39(2), 2013), as cuRAND runs it with
 * the authors' parameter sets for exponent 11213 (period 2^11213 - 1).
 * One code path for the device API (curand_mtgp32_kernel.h,
 * curand_mtgp32_host.h) and the host library (src/lib/curand/mtgp.c).
 *
 * The state is N = 351 words x[i]; word i + N is made from words i,
 * i + 1 and i + pos alone:
 *     x = (x[i] & mask) ^ x[i+1];  x ^= x << sh1;
 *     y = x ^ (x[i+pos] >> sh2);   x[i+N] = y ^ tbl[y & 15]
 * (mask clears the 19 bits of x[i] beyond the 11213 that count), and the
 * output is x[i+N] tempered by word i + pos - 1:
 *     t = x[i+pos-1];  t ^= t >> 16;  t ^= t >> 8;  out = x[i+N] ^ tmp[t & 15].
 * The 16-entry tables are GF(2)-linear maps of a 4-bit index, found by
 * the authors' search; pos is small (below 95 in every set), so up to
 * 256 consecutive words can be made at once, one per thread.
 *
 * Seeding (the authors' init_state, which cuRAND uses with seed s for
 * the generator's state i taking s + i + 1): a "hidden seed" from the
 * table makes two sets given the same seed still start apart. */
#ifndef CUX_CURAND_MTGP32_CORE_H
#define CUX_CURAND_MTGP32_CORE_H

#if defined(__CUDACC__)
#include "../host_defines.h"
#define CUX_MTGP_FN static __host__ __device__ __forceinline__
#else
#define CUX_MTGP_FN static inline
#endif

#include "curand_mtgp32_params.h"

#define CUX_MTGP32_N 351

CUX_MTGP_FN unsigned int cux_mtgp32_rec(unsigned int x1, unsigned int x2,
                                        unsigned int y, unsigned int mask,
                                        unsigned int sh1, unsigned int sh2,
                                        const unsigned int tbl[16])
{
    unsigned int x = (x1 & mask) ^ x2;
    x ^= x << sh1;
    y = x ^ (y >> sh2);
    return y ^ tbl[y & 15u];
}

CUX_MTGP_FN unsigned int cux_mtgp32_temper(unsigned int v, unsigned int t,
                                           const unsigned int tmp[16])
{
    t ^= t >> 16;
    t ^= t >> 8;
    return v ^ tmp[t & 15u];
}

/* Words 0 .. 350 of a state from a 32-bit seed; tbl is the set's
 * recursion table, whose entries 4 and 8 make the hidden seed.  Every
 * byte starts as the hidden seed's folded low byte, then Knuth's
 * multiplier 1812433253 (MT19937's initialisation) mixes word i - 1
 * into word i. */
CUX_MTGP_FN void cux_mtgp32_seed(unsigned int s[CUX_MTGP32_N],
                                 const unsigned int tbl[16],
                                 unsigned int seed)
{
    unsigned int hidden = tbl[4] ^ (tbl[8] << 16);
    unsigned int t = hidden;
    t += t >> 16;
    t += t >> 8;
    t &= 0xffu;
    t |= t << 8;
    t |= t << 16;
    for (int i = 0; i < CUX_MTGP32_N; i++)
        s[i] = t;
    s[0] = seed;
    s[1] = hidden;
    for (unsigned int i = 1; i < CUX_MTGP32_N; i++)
        s[i] ^= 1812433253u * (s[i - 1] ^ (s[i - 1] >> 30)) + i;
}

/* cuRAND folds a 64-bit seed to 32 bits this way before adding the
 * state's number (curandMakeMTGP32KernelState and the host generator
 * alike; checked against NVIDIA's host library, where 2^32 + 5 starts
 * as 4 does). */
CUX_MTGP_FN unsigned int cux_mtgp32_fold(unsigned long long seed)
{
    return (unsigned int)(seed ^ (seed >> 32));
}

#endif
