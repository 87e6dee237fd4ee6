/* curand_mtgp32dc_p_11213.h: the 200 MTGP32 parameter sets for Mersenne
 * exponent 11213 that cuRAND uses, under cuRAND's name.  They are Mutsuo
 * Saito's and Makoto Matsumoto's published table (MTGP, BSD-licensed;
 * src/tools/mtgp32dc-params-11213.txt carries their notice), which the
 * build checks and writes as cux/curand_mtgp32_params.h.  Not const, as
 * cuRAND declares it. */
#ifndef CUX_CURAND_MTGP32DC_P_11213_H
#define CUX_CURAND_MTGP32DC_P_11213_H

#include "curand_mtgp32.h"
#include "cux/curand_mtgp32_params.h"

static mtgp32_params_fast_t mtgp32dc_params_fast_11213[]
    __attribute__((unused)) = CUX_MTGP32_PARAMS_11213;

#endif
