/* blas_shared.h: what cux's cuBLAS (src/lib/cublas/) and cuBLASLt
 * (src/lib/cublaslt/) both need, as static inline functions: the two are
 * separate libraries, as NVIDIA's are, so neither links the other.
 *   - the status table behind cublas{,Lt}GetStatusName/String;
 *   - half and bfloat16 to and from float, for the products that widen
 *     16-bit matrices to float and accumulate in float. */
#ifndef CUX_BLAS_SHARED_H
#define CUX_BLAS_SHARED_H

#include <stdint.h>
#include <string.h>

/* One table gives both the name and the text of each status. */
#define CUX_CUBLAS_STATUSES(X) \
    X(SUCCESS, "the operation completed successfully") \
    X(NOT_INITIALIZED, "the library was not initialized (no valid handle)") \
    X(ALLOC_FAILED, "resource allocation failed") \
    X(INVALID_VALUE, "an unsupported value or parameter was passed") \
    X(ARCH_MISMATCH, "the device lacks a feature the function needs") \
    X(MAPPING_ERROR, "access to device memory failed") \
    X(EXECUTION_FAILED, "the work failed to launch or to run") \
    X(INTERNAL_ERROR, "an internal operation failed") \
    X(NOT_SUPPORTED, "the functionality requested is not supported") \
    X(LICENSE_ERROR, "a license check failed")

/* IEEE binary16 through the compiler's _Float16 (gcc 12 and clang on
 * x86-64 and AArch64), rounding to nearest even as __float2half does. */
static inline float cux_half_to_float(uint16_t bits)
{
    _Float16 h;
    memcpy(&h, &bits, 2);
    return (float)h;
}

static inline uint16_t cux_float_to_half(float f)
{
    _Float16 h = (_Float16)f;
    uint16_t bits;
    memcpy(&bits, &h, 2);
    return bits;
}

/* bfloat16 is the top half of a float; narrowing rounds to nearest even
 * and keeps NaNs quiet, as __float2bfloat16 does. */
static inline float cux_bf16_to_float(uint16_t bits)
{
    uint32_t u = (uint32_t)bits << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline uint16_t cux_float_to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)((u >> 16) | 0x40);
    u += 0x7fffu + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

#endif
