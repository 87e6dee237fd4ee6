/* curand_mtgp32_host.h: cuRAND's host functions that set up MTGP32
 * kernel parameters and states, for cux.
 *
 * curandMakeMTGP32Constants rearranges the 200 parameter sets by table
 * into a mtgp32_kernel_params_t in device memory.
 * curandMakeMTGP32KernelState seeds n states (one per block that will
 * draw from it), state i with parameter set i and seed fold(seed) + i + 1
 * (fold: the 64-bit seed's halves XORed), ring offset 0, as cuRAND seeds
 * them, then copies them to device memory.  The host generator
 * (curandCreateGenerator with CURAND_RNG_PSEUDO_MTGP32) seeds its states
 * the same way, so state i of a kernel and of the host generator give the
 * same draws. */
#ifndef CUX_CURAND_MTGP32_HOST_H
#define CUX_CURAND_MTGP32_HOST_H

#include <cuda_runtime.h>
#include <stdlib.h>
#include "curand.h"
#include "curand_mtgp32.h"
#include "curand_mtgp32dc_p_11213.h"
#include "cux/curand_mtgp32_core.h"

static inline curandStatus_t
curandMakeMTGP32Constants(const mtgp32_params_fast_t params[],
                          mtgp32_kernel_params_t *p)
{
    mtgp32_kernel_params_t *h =
        (mtgp32_kernel_params_t *)malloc(sizeof(*h));
    if (!h)
        return CURAND_STATUS_ALLOCATION_FAILED;
    h->mask[0] = params[0].mask;
    for (int i = 0; i < CURAND_NUM_MTGP32_PARAMS; i++) {
        h->pos_tbl[i] = (unsigned int)params[i].pos;
        h->sh1_tbl[i] = (unsigned int)params[i].sh1;
        h->sh2_tbl[i] = (unsigned int)params[i].sh2;
        for (int j = 0; j < TBL_SIZE; j++) {
            h->param_tbl[i][j] = params[i].tbl[j];
            h->temper_tbl[i][j] = params[i].tmp_tbl[j];
            h->single_temper_tbl[i][j] = params[i].flt_tmp_tbl[j];
        }
    }
    curandStatus_t st = cudaMemcpy(p, h, sizeof(*h),
                                   cudaMemcpyHostToDevice) == cudaSuccess
                            ? CURAND_STATUS_SUCCESS
                            : CURAND_STATUS_INITIALIZATION_FAILED;
    free(h);
    return st;
}

/* There are 200 parameter sets; n beyond them would read past the table
 * (cuRAND does not check), so cux refuses it. */
static inline curandStatus_t
curandMakeMTGP32KernelState(curandStateMtgp32_t *s,
                            mtgp32_params_fast_t params[],
                            mtgp32_kernel_params_t *k, int n,
                            unsigned long long seed)
{
    if (n < 0 || n > CURAND_NUM_MTGP32_PARAMS)
        return CURAND_STATUS_OUT_OF_RANGE;
    if (n == 0)
        return CURAND_STATUS_SUCCESS;
    curandStateMtgp32_t *h =
        (curandStateMtgp32_t *)calloc((size_t)n, sizeof(*h));
    if (!h)
        return CURAND_STATUS_ALLOCATION_FAILED;
    unsigned int folded = cux_mtgp32_fold(seed);
    for (int i = 0; i < n; i++) {
        cux_mtgp32_seed(h[i].s, params[i].tbl, folded + (unsigned int)i + 1);
        h[i].offset = 0;
        h[i].pIdx = i;
        h[i].k = k;
    }
    curandStatus_t st = cudaMemcpy(s, h, (size_t)n * sizeof(*h),
                                   cudaMemcpyHostToDevice) == cudaSuccess
                            ? CURAND_STATUS_SUCCESS
                            : CURAND_STATUS_INITIALIZATION_FAILED;
    free(h);
    return st;
}

#endif
