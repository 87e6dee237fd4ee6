/* blas_shared.h: what cux's cuBLAS (src/lib/cublas/) and cuBLASLt
 * (src/lib/cublaslt/) both need, as static inline functions: the two are
 * separate libraries, as NVIDIA's are, so neither links the other.
 *   - the status table behind cublas{,Lt}GetStatusName/String;
 *   - the element sizes of the Ex and Lt products' matrix types;
 *   - half and bfloat16 to and from float, for the products that widen
 *     16-bit matrices to float and accumulate in float;
 *   - the set of live handles. */
#ifndef CUX_BLAS_SHARED_H
#define CUX_BLAS_SHARED_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The handles a library has created and not destroyed.  cuBLAS answers
 * CUBLAS_STATUS_NOT_INITIALIZED for a handle never created or already
 * destroyed, which a pointer alone cannot tell; a program has a handful,
 * so every call's lookup is a short locked walk. */
typedef struct cux_blas_handles {
    pthread_mutex_t lock;
    const void **live;
    size_t n, cap;
} cux_blas_handles;

#define CUX_BLAS_HANDLES_INIT {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0}

static inline bool cux_blas_handle_live(cux_blas_handles *s, const void *h)
{
    bool found = false;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && !found; i++)
        found = s->live[i] == h;
    pthread_mutex_unlock(&s->lock);
    return h && found;
}

/* False when there is no memory to keep it. */
static inline bool cux_blas_handle_add(cux_blas_handles *s, const void *h)
{
    bool ok = true;
    pthread_mutex_lock(&s->lock);
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        const void **live = (const void **)realloc(s->live, cap * sizeof *live);
        if (live) {
            s->live = live;
            s->cap = cap;
        }
        ok = live != NULL;
    }
    if (ok)
        s->live[s->n++] = h;
    pthread_mutex_unlock(&s->lock);
    return ok;
}

/* False when h is not live. */
static inline bool cux_blas_handle_remove(cux_blas_handles *s, const void *h)
{
    bool found = false;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && !found; i++)
        if (s->live[i] == h) {
            s->live[i] = s->live[--s->n];
            found = true;
        }
    pthread_mutex_unlock(&s->lock);
    return h && found;
}

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

/* Bytes of one element of the matrix types the Ex and Lt products take;
 * 0 for others. */
static inline size_t cux_blas_type_size(cudaDataType t)
{
    switch (t) {
    case CUDA_R_16F: case CUDA_R_16BF: return 2;
    case CUDA_R_32F: return 4;
    case CUDA_R_64F: case CUDA_C_32F: return 8;
    case CUDA_C_64F: return 16;
    default: return 0;
    }
}

/* cublas{,Lt}GetStatusName and cublas{,Lt}GetStatusString. */
static inline const char *cux_blas_status_name(int status)
{
    switch (status) {
#define X(n, text) case CUBLAS_STATUS_##n: return "CUBLAS_STATUS_" #n;
        CUX_CUBLAS_STATUSES(X)
#undef X
    }
    return "CUBLAS_STATUS_UNKNOWN";
}

static inline const char *cux_blas_status_string(int status)
{
    switch (status) {
#define X(n, text) case CUBLAS_STATUS_##n: return text;
        CUX_CUBLAS_STATUSES(X)
#undef X
    }
    return "unknown status";
}

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
