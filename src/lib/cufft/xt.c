/* xt.c: cufftXtMakePlanMany and cufftXtExec, the Xt API's forms of a
 * plan and an execution named by data types: each maps to the cufftType
 * the types describe and goes the way of cufftMakePlanMany64 and
 * cufftExec*. */
#include "cufft_int.h"

#include <cufftXt.h>

/* The transform that data types in -> out (computed in exec) describe,
 * or 0: CUFFT_NOT_SUPPORTED in *why for types cuFFT has and cux lacks,
 * CUFFT_INVALID_TYPE for the rest. */
static cufftType xt_type(cudaDataType in, cudaDataType out,
                         cudaDataType exec, cufftResult *why)
{
    static const struct {
        cudaDataType in, out, exec;
        cufftType type;
    } forms[] = {
        {CUDA_C_32F, CUDA_C_32F, CUDA_C_32F, CUFFT_C2C},
        {CUDA_R_32F, CUDA_C_32F, CUDA_C_32F, CUFFT_R2C},
        {CUDA_C_32F, CUDA_R_32F, CUDA_C_32F, CUFFT_C2R},
        {CUDA_C_64F, CUDA_C_64F, CUDA_C_64F, CUFFT_Z2Z},
        {CUDA_R_64F, CUDA_C_64F, CUDA_C_64F, CUFFT_D2Z},
        {CUDA_C_64F, CUDA_R_64F, CUDA_C_64F, CUFFT_Z2D},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (forms[i].in == in && forms[i].out == out &&
            forms[i].exec == exec)
            return forms[i].type;
    bool half = in == CUDA_R_16F || in == CUDA_C_16F || in == CUDA_R_16BF ||
                in == CUDA_C_16BF;
    *why = half ? CUFFT_NOT_SUPPORTED : CUFFT_INVALID_TYPE;
    return (cufftType)0;
}

CUX_FFT_EXPORT cufftResult cufftXtMakePlanMany(
    cufftHandle plan, int rank, long long int *n, long long int *inembed,
    long long int istride, long long int idist, cudaDataType inputtype,
    long long int *onembed, long long int ostride, long long int odist,
    cudaDataType outputtype, long long int batch, size_t *workSize,
    cudaDataType executiontype)
{
    cufftResult why = CUFFT_SUCCESS;
    cufftType type = xt_type(inputtype, outputtype, executiontype, &why);
    if (!type)
        return cux_fft_find(plan) ? why : CUFFT_INVALID_PLAN;
    return cufftMakePlanMany64(plan, rank, n, inembed, istride, idist,
                               onembed, ostride, odist, type, batch,
                               workSize);
}

CUX_FFT_EXPORT cufftResult cufftXtExec(cufftHandle plan, void *input,
                                       void *output, int direction)
{
    cux_fft_plan *p = cux_fft_find(plan);
    if (!p || !p->made)
        return CUFFT_INVALID_PLAN;
    cufftType type = p->s.type;
    if (cux_fft_is_real_in(type))
        direction = CUFFT_FORWARD;
    else if (cux_fft_is_real_out(type))
        direction = CUFFT_INVERSE;
    return cux_fft_exec(plan, type, input, output, direction);
}
