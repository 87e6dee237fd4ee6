/* cufftXt.h: the part of cuFFT's Xt API that cux implements (see
 * docs/cufft.md): plans and executions named by data types rather than
 * a transform type, on one device.  Multi-GPU descriptors (cudaLibXtDesc,
 * cufftXtMalloc, cufftXtMemcpy, cufftXtExecDescriptor), callbacks and
 * half-precision transforms are not declared: a program using them
 * fails to compile, naming the function. */
#ifndef CUX_CUFFTXT_H
#define CUX_CUFFTXT_H

#include "cufft.h"
#include "library_types.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* cufftMakePlanMany64 with the transform given by the input, output and
 * execution types: CUDA_C_32F in and out is C2C, CUDA_R_32F to
 * CUDA_C_32F R2C, CUDA_C_32F to CUDA_R_32F C2R (execution CUDA_C_32F),
 * and the same in double.  Half and bfloat16 types:
 * CUFFT_NOT_SUPPORTED; other combinations: CUFFT_INVALID_TYPE. */
cufftResult CUFFTAPI cufftXtMakePlanMany(cufftHandle plan, int rank,
                                         long long int *n,
                                         long long int *inembed,
                                         long long int istride,
                                         long long int idist,
                                         cudaDataType inputtype,
                                         long long int *onembed,
                                         long long int ostride,
                                         long long int odist,
                                         cudaDataType outputtype,
                                         long long int batch,
                                         size_t *workSize,
                                         cudaDataType executiontype);

/* Executes the plan's transform: direction as cufftExecC2C's for complex
 * to complex, implied (forward, inverse) for real to complex and complex
 * to real. */
cufftResult CUFFTAPI cufftXtExec(cufftHandle plan, void *input, void *output,
                                 int direction);

#if defined(__cplusplus)
}
#endif

#endif
