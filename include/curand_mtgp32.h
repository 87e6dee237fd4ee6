/* curand_mtgp32.h: cuRAND's MTGP32 types for cux, with NVIDIA's names,
 * constants and layouts (interface facts), so that states and kernel
 * parameters allocated by sizeof are right for either header.
 *
 * mtgp32_params_fast_t is one of Saito and Matsumoto's published
 * parameter sets (curand_mtgp32dc_p_11213.h has the 200 for exponent
 * 11213); mtgp32_kernel_params_t is all 200 rearranged by table for the
 * kernels (curandMakeMTGP32Constants); curandStateMtgp32_t is one
 * generator shared by the threads of a block: a ring of 1024 words
 * holding the last 351 of the sequence from `offset`, the number of its
 * parameter set and the kernel parameters.  The algorithm is
 * cux/curand_mtgp32_core.h's; docs/curand.md says what equals NVIDIA's. */
#ifndef CUX_CURAND_MTGP32_H
#define CUX_CURAND_MTGP32_H
#define CURAND_MTGP32_H

#define MTGPDC_MEXP 11213
#define MTGPDC_N 351
#define MTGPDC_FLOOR_2P 256
#define MTGPDC_CEIL_2P 512
#define MTGPDC_PARAM_TABLE mtgp32dc_params_fast_11213
#define MTGP32_STATE_SIZE 1024
#define MTGP32_STATE_MASK 1023
#define CURAND_NUM_MTGP32_PARAMS 200
#define MEXP 11213
#define THREAD_NUM MTGPDC_FLOOR_2P
#define LARGE_SIZE (THREAD_NUM * 3)
#define TBL_SIZE 16

struct mtgp32_params_fast {
    int mexp;                       /* Mersenne exponent, 11213 */
    int pos;                        /* the recursion's middle word */
    int sh1;
    int sh2;
    unsigned int tbl[16];           /* the recursion's table */
    unsigned int tmp_tbl[16];       /* the tempering table */
    unsigned int flt_tmp_tbl[16];   /* the same, for floats in [1, 2) */
    unsigned int mask;              /* clears the state's 19 spare bits */
    unsigned char poly_sha1[21];    /* SHA-1 of the characteristic
                                       polynomial, NUL-terminated */
};
typedef struct mtgp32_params_fast mtgp32_params_fast_t;

struct mtgp32_kernel_params {
    unsigned int pos_tbl[CURAND_NUM_MTGP32_PARAMS];
    unsigned int param_tbl[CURAND_NUM_MTGP32_PARAMS][TBL_SIZE];
    unsigned int temper_tbl[CURAND_NUM_MTGP32_PARAMS][TBL_SIZE];
    unsigned int single_temper_tbl[CURAND_NUM_MTGP32_PARAMS][TBL_SIZE];
    unsigned int sh1_tbl[CURAND_NUM_MTGP32_PARAMS];
    unsigned int sh2_tbl[CURAND_NUM_MTGP32_PARAMS];
    unsigned int mask[1];
};
typedef struct mtgp32_kernel_params mtgp32_kernel_params_t;

struct curandStateMtgp32 {
    unsigned int s[MTGP32_STATE_SIZE];
    int offset;
    int pIdx;
    mtgp32_kernel_params_t *k;
};
typedef struct curandStateMtgp32 curandStateMtgp32_t;

#endif
