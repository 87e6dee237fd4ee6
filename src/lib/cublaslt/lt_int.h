/* lt_int.h: what the files of cux's cuBLASLt share: the handle and the
 * contents of the three descriptors.
 *
 * cuBLASLt's descriptors are opaque blocks of fixed size that a program
 * may also allocate itself and fill with the ...Init functions, so cux
 * keeps each descriptor's state inside NVIDIA's block (the static
 * asserts in desc.c check that it fits) and ...Create is malloc plus
 * Init.  Attributes are plain fields; desc.c's tables give each
 * attribute's field and size for Set/GetAttribute. */
#ifndef CUX_CUBLASLT_INT_H
#define CUX_CUBLASLT_INT_H

#include <cublasLt.h>
#include <cuda_runtime_api.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define CUX_LT_EXPORT __attribute__((visibility("default")))

struct cux_lt_job;
struct cublasLtContext {
    pthread_mutex_t lock;               /* guards kept */
    struct cux_lt_job *kept;            /* records a captured graph runs */
};

typedef struct {
    uint32_t type;                      /* cudaDataType */
    int32_t order;
    uint64_t rows, cols;
    int64_t ld;
    int32_t batch_count;
    int64_t batch_stride;               /* elements */
    int64_t plane_offset;
    uint32_t batch_mode;
} cux_lt_layout;

typedef struct {
    int32_t compute, scale, pointer_mode, transa, transb, transc, fill;
    uint32_t epilogue;
    const void *bias;
    int64_t bias_stride;
    void *aux;
    int64_t aux_ld, aux_stride, alpha_vector_stride;
    int32_t sm_count;
    const void *a_scale, *b_scale, *c_scale, *d_scale;
    void *amax_d;
    int32_t aux_type;
    void *aux_scale, *aux_amax;
    int8_t fast_accum;
    int32_t bias_type;
    int32_t sync_rows, sync_cols;
    void *sync_in, *sync_out;
    int32_t scale_mode[5];              /* A, B, C, D, aux (ids 31-35) */
    void *d_out_scale;
    int32_t d_out_scale_mode;
    void *emulation;
} cux_lt_desc;

typedef struct {
    uint32_t search_mode;
    uint64_t max_workspace;
    uint32_t reduction_mask;
    uint32_t align[4];                  /* A, B, C, D */
    float max_waves;
    uint64_t impl_mask;
} cux_lt_pref;

/* desc.c */
bool cux_lt_live(cublasLtHandle_t handle);

/* matmul.c */
void cux_lt_free_kept(cublasLtHandle_t handle);

static inline const cux_lt_layout *cux_lt_layout_of(cublasLtMatrixLayout_t l)
{
    return (const cux_lt_layout *)(const void *)l;
}

static inline const cux_lt_desc *cux_lt_desc_of(cublasLtMatmulDesc_t d)
{
    return (const cux_lt_desc *)(const void *)d;
}

static inline const cux_lt_pref *cux_lt_pref_of(cublasLtMatmulPreference_t p)
{
    return (const cux_lt_pref *)(const void *)p;
}

#endif
