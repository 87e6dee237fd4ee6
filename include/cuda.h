/* cuda.h: the version of CUDA that cux's headers describe (12.4).
 * The driver API (cu*) is not provided yet; only its basic handles. */
#ifndef CUX_CUDA_H
#define CUX_CUDA_H

#if defined(__GNUC__)
#pragma GCC system_header   /* long long in C++98 user builds */
#endif

#define CUDA_VERSION 12040

#if defined(__cplusplus)
extern "C" {
#endif

typedef unsigned int cuuint32_t;
typedef unsigned long long cuuint64_t;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;

#if defined(__cplusplus)
}
#endif

#endif
