/* desc.c: cuBLASLt's handles, version and status names, and its three
 * descriptors (matrix layout, matmul descriptor, matmul preference) with
 * their attributes.
 *
 * Each descriptor's state lives inside NVIDIA's opaque block, so
 * cublasLt...Init works on a block the program allocated and ...Create
 * is an allocation plus Init.  The Set/GetAttribute rules are cuBLASLt's
 * documented ones: INVALID_VALUE for a NULL buffer or a size that is not
 * the attribute's; GetAttribute with sizeInBytes 0 only reports the size
 * in *sizeWritten.  Values are stored as given: what a product cannot do
 * is refused by cublasLtMatmul and the heuristic (matmul.c), as NVIDIA's
 * library refuses an unsupported configuration there. */
#include "lt_int.h"
#include "../cublas/blas_shared.h"
#include "lib/host_compute.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(cux_lt_layout) <= sizeof(cublasLtMatrixLayoutOpaque_t),
               "layout state must fit NVIDIA's block");
_Static_assert(sizeof(cux_lt_desc) <= sizeof(cublasLtMatmulDescOpaque_t),
               "matmul descriptor state must fit NVIDIA's block");
_Static_assert(sizeof(cux_lt_pref) <=
                   sizeof(cublasLtMatmulPreferenceOpaque_t),
               "preference state must fit NVIDIA's block");

/* --- handles ----------------------------------------------------------- */

/* As in cux's cuBLAS, live handles are kept in one set (blas_shared.h),
 * so that a destroyed handle is told from a live one. */
static cux_blas_handles handles = CUX_BLAS_HANDLES_INIT;

bool cux_lt_live(cublasLtHandle_t handle)
{
    return cux_blas_handle_live(&handles, handle);
}

CUX_LT_EXPORT cublasStatus_t cublasLtCreate(cublasLtHandle_t *lightHandle)
{
    if (!lightHandle)
        return CUBLAS_STATUS_INVALID_VALUE;
    struct cublasLtContext *h = calloc(1, sizeof(*h));
    if (!h)
        return CUBLAS_STATUS_ALLOC_FAILED;
    /* starting the runtime here makes a missing device fail now, with
     * cuBLASLt's status for a library that could not initialise */
    int dev;
    if (cudaGetDevice(&dev) != cudaSuccess) {
        free(h);
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    if (!cux_lib_device_memory_on_host(dev, "cuBLASLt")) {
        free(h);
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
    pthread_mutex_init(&h->lock, NULL);
    if (!cux_blas_handle_add(&handles, h)) {
        pthread_mutex_destroy(&h->lock);
        free(h);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    *lightHandle = h;
    return CUBLAS_STATUS_SUCCESS;
}

/* A cuBLASLt handle has no stream: work already queued owns its record
 * and runs after this returns; only records kept for captured graphs,
 * which a graph may still run, are freed here (as cublasDestroy does). */
CUX_LT_EXPORT cublasStatus_t cublasLtDestroy(cublasLtHandle_t lightHandle)
{
    if (!cux_blas_handle_remove(&handles, lightHandle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    cux_lt_free_kept(lightHandle);
    pthread_mutex_destroy(&lightHandle->lock);
    free(lightHandle);
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT const char *cublasLtGetStatusName(cublasStatus_t status)
{
    return cux_blas_status_name(status);
}

CUX_LT_EXPORT const char *cublasLtGetStatusString(cublasStatus_t status)
{
    return cux_blas_status_string(status);
}

/* cuBLASLt ships with cuBLAS and reports cuBLAS's version. */
CUX_LT_EXPORT size_t cublasLtGetVersion(void)
{
    return CUBLAS_VERSION;
}

CUX_LT_EXPORT size_t cublasLtGetCudartVersion(void)
{
    return CUDART_VERSION;
}

CUX_LT_EXPORT cublasStatus_t cublasLtGetProperty(libraryPropertyType type,
                                                 int *value)
{
    if (!value)
        return CUBLAS_STATUS_INVALID_VALUE;
    switch (type) {
    case MAJOR_VERSION: *value = CUBLAS_VER_MAJOR; break;
    case MINOR_VERSION: *value = CUBLAS_VER_MINOR; break;
    case PATCH_LEVEL: *value = CUBLAS_VER_PATCH; break;
    default: return CUBLAS_STATUS_INVALID_VALUE;
    }
    return CUBLAS_STATUS_SUCCESS;
}

/* --- attributes -------------------------------------------------------- */

/* Where attribute id keeps its value in the state, and its size; size 0
 * for an id the descriptor does not have. */
typedef struct {
    unsigned short offset, size;
} attr_slot;

#define SLOT(type, field) {offsetof(type, field), sizeof(((type *)0)->field)}

static cublasStatus_t set_attr(void *state, const attr_slot *slots,
                               size_t nslots, unsigned id, const void *buf,
                               size_t size)
{
    if (!state || id >= nslots || !slots[id].size || !buf ||
        size != slots[id].size)
        return CUBLAS_STATUS_INVALID_VALUE;
    memcpy((char *)state + slots[id].offset, buf, size);
    return CUBLAS_STATUS_SUCCESS;
}

static cublasStatus_t get_attr(const void *state, const attr_slot *slots,
                               size_t nslots, unsigned id, void *buf,
                               size_t size, size_t *written)
{
    if (!state || id >= nslots || !slots[id].size)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (size == 0) {
        if (!written)
            return CUBLAS_STATUS_INVALID_VALUE;
        *written = slots[id].size;
        return CUBLAS_STATUS_SUCCESS;
    }
    if (!buf || size != slots[id].size)
        return CUBLAS_STATUS_INVALID_VALUE;
    memcpy(buf, (const char *)state + slots[id].offset, size);
    if (written)
        *written = size;
    return CUBLAS_STATUS_SUCCESS;
}

/* --- matrix layouts ---------------------------------------------------- */

static const attr_slot layout_slots[] = {
    [CUBLASLT_MATRIX_LAYOUT_TYPE] = SLOT(cux_lt_layout, type),
    [CUBLASLT_MATRIX_LAYOUT_ORDER] = SLOT(cux_lt_layout, order),
    [CUBLASLT_MATRIX_LAYOUT_ROWS] = SLOT(cux_lt_layout, rows),
    [CUBLASLT_MATRIX_LAYOUT_COLS] = SLOT(cux_lt_layout, cols),
    [CUBLASLT_MATRIX_LAYOUT_LD] = SLOT(cux_lt_layout, ld),
    [CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT] = SLOT(cux_lt_layout, batch_count),
    [CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET] =
        SLOT(cux_lt_layout, batch_stride),
    [CUBLASLT_MATRIX_LAYOUT_PLANE_OFFSET] = SLOT(cux_lt_layout, plane_offset),
    [CUBLASLT_MATRIX_LAYOUT_BATCH_MODE] = SLOT(cux_lt_layout, batch_mode),
};
#define NSLOTS(t) (sizeof(t) / sizeof(t[0]))

CUX_LT_EXPORT cublasStatus_t cublasLtMatrixLayoutInit_internal(
    cublasLtMatrixLayout_t matLayout, size_t size, cudaDataType type,
    uint64_t rows, uint64_t cols, int64_t ld)
{
    if (!matLayout || size < sizeof(cux_lt_layout))
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_lt_layout *l = (cux_lt_layout *)(void *)matLayout;
    memset(l, 0, sizeof(*l));
    l->type = (uint32_t)type;
    l->order = CUBLASLT_ORDER_COL;
    l->rows = rows;
    l->cols = cols;
    l->ld = ld;
    l->batch_count = 1;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatrixLayoutCreate(
    cublasLtMatrixLayout_t *matLayout, cudaDataType type, uint64_t rows,
    uint64_t cols, int64_t ld)
{
    if (!matLayout)
        return CUBLAS_STATUS_INVALID_VALUE;
    cublasLtMatrixLayout_t l = calloc(1, sizeof(*l));
    if (!l)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasLtMatrixLayoutInit_internal(l, sizeof(*l), type, rows, cols, ld);
    *matLayout = l;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t
cublasLtMatrixLayoutDestroy(cublasLtMatrixLayout_t matLayout)
{
    free(matLayout);
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatrixLayoutSetAttribute(
    cublasLtMatrixLayout_t matLayout, cublasLtMatrixLayoutAttribute_t attr,
    const void *buf, size_t sizeInBytes)
{
    return set_attr(matLayout, layout_slots, NSLOTS(layout_slots),
                    (unsigned)attr, buf, sizeInBytes);
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatrixLayoutGetAttribute(
    cublasLtMatrixLayout_t matLayout, cublasLtMatrixLayoutAttribute_t attr,
    void *buf, size_t sizeInBytes, size_t *sizeWritten)
{
    return get_attr(matLayout, layout_slots, NSLOTS(layout_slots),
                    (unsigned)attr, buf, sizeInBytes, sizeWritten);
}

/* --- matmul descriptors ------------------------------------------------ */

/* Every attribute of CUDA 12 and 13's cuBLASLt may be set and read back,
 * those cux does not implement included (ids 31-38 are CUDA 12.8's and
 * 13's, which cux's header does not declare): a program that sets a hint
 * (SM_COUNT_TARGET, FAST_ACCUM) works, and one that needs what cux lacks
 * (an aux output, FP8 scales) gets NOT_SUPPORTED from the product. */
static const attr_slot desc_slots[] = {
    [0] = SLOT(cux_lt_desc, compute),
    [1] = SLOT(cux_lt_desc, scale),
    [2] = SLOT(cux_lt_desc, pointer_mode),
    [3] = SLOT(cux_lt_desc, transa),
    [4] = SLOT(cux_lt_desc, transb),
    [5] = SLOT(cux_lt_desc, transc),
    [6] = SLOT(cux_lt_desc, fill),
    [7] = SLOT(cux_lt_desc, epilogue),
    [8] = SLOT(cux_lt_desc, bias),
    [10] = SLOT(cux_lt_desc, bias_stride),
    [11] = SLOT(cux_lt_desc, aux),
    [12] = SLOT(cux_lt_desc, aux_ld),
    [13] = SLOT(cux_lt_desc, aux_stride),
    [14] = SLOT(cux_lt_desc, alpha_vector_stride),
    [15] = SLOT(cux_lt_desc, sm_count),
    [17] = SLOT(cux_lt_desc, a_scale),
    [18] = SLOT(cux_lt_desc, b_scale),
    [19] = SLOT(cux_lt_desc, c_scale),
    [20] = SLOT(cux_lt_desc, d_scale),
    [21] = SLOT(cux_lt_desc, amax_d),
    [22] = SLOT(cux_lt_desc, aux_type),
    [23] = SLOT(cux_lt_desc, aux_scale),
    [24] = SLOT(cux_lt_desc, aux_amax),
    [25] = SLOT(cux_lt_desc, fast_accum),
    [26] = SLOT(cux_lt_desc, bias_type),
    [27] = SLOT(cux_lt_desc, sync_rows),
    [28] = SLOT(cux_lt_desc, sync_cols),
    [29] = SLOT(cux_lt_desc, sync_in),
    [30] = SLOT(cux_lt_desc, sync_out),
    [31] = SLOT(cux_lt_desc, scale_mode[0]),
    [32] = SLOT(cux_lt_desc, scale_mode[1]),
    [33] = SLOT(cux_lt_desc, scale_mode[2]),
    [34] = SLOT(cux_lt_desc, scale_mode[3]),
    [35] = SLOT(cux_lt_desc, scale_mode[4]),
    [36] = SLOT(cux_lt_desc, d_out_scale),
    [37] = SLOT(cux_lt_desc, d_out_scale_mode),
    [38] = SLOT(cux_lt_desc, emulation),
};

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulDescInit_internal(
    cublasLtMatmulDesc_t matmulDesc, size_t size,
    cublasComputeType_t computeType, cudaDataType_t scaleType)
{
    if (!matmulDesc || size < sizeof(cux_lt_desc))
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_lt_desc *d = (cux_lt_desc *)(void *)matmulDesc;
    memset(d, 0, sizeof(*d));
    d->compute = (int32_t)computeType;
    d->scale = (int32_t)scaleType;
    d->pointer_mode = CUBLASLT_POINTER_MODE_HOST;
    d->transa = d->transb = d->transc = CUBLAS_OP_N;
    d->fill = CUBLAS_FILL_MODE_FULL;
    d->epilogue = CUBLASLT_EPILOGUE_DEFAULT;
    d->aux_type = d->bias_type = -1;    /* "the type of D" */
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulDescCreate(
    cublasLtMatmulDesc_t *matmulDesc, cublasComputeType_t computeType,
    cudaDataType_t scaleType)
{
    if (!matmulDesc)
        return CUBLAS_STATUS_INVALID_VALUE;
    cublasLtMatmulDesc_t d = calloc(1, sizeof(*d));
    if (!d)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasLtMatmulDescInit_internal(d, sizeof(*d), computeType, scaleType);
    *matmulDesc = d;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t
cublasLtMatmulDescDestroy(cublasLtMatmulDesc_t matmulDesc)
{
    free(matmulDesc);
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulDescSetAttribute(
    cublasLtMatmulDesc_t matmulDesc, cublasLtMatmulDescAttributes_t attr,
    const void *buf, size_t sizeInBytes)
{
    return set_attr(matmulDesc, desc_slots, NSLOTS(desc_slots),
                    (unsigned)attr, buf, sizeInBytes);
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulDescGetAttribute(
    cublasLtMatmulDesc_t matmulDesc, cublasLtMatmulDescAttributes_t attr,
    void *buf, size_t sizeInBytes, size_t *sizeWritten)
{
    return get_attr(matmulDesc, desc_slots, NSLOTS(desc_slots),
                    (unsigned)attr, buf, sizeInBytes, sizeWritten);
}

/* --- preferences ------------------------------------------------------- */

static const attr_slot pref_slots[] = {
    [CUBLASLT_MATMUL_PREF_SEARCH_MODE] = SLOT(cux_lt_pref, search_mode),
    [CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES] =
        SLOT(cux_lt_pref, max_workspace),
    [CUBLASLT_MATMUL_PREF_REDUCTION_SCHEME_MASK] =
        SLOT(cux_lt_pref, reduction_mask),
    [CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES] = SLOT(cux_lt_pref, align[0]),
    [CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES] = SLOT(cux_lt_pref, align[1]),
    [CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES] = SLOT(cux_lt_pref, align[2]),
    [CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES] = SLOT(cux_lt_pref, align[3]),
    [CUBLASLT_MATMUL_PREF_MAX_WAVES_COUNT] = SLOT(cux_lt_pref, max_waves),
    [CUBLASLT_MATMUL_PREF_IMPL_MASK] = SLOT(cux_lt_pref, impl_mask),
};

CUX_LT_EXPORT cublasStatus_t
cublasLtMatmulPreferenceInit_internal(cublasLtMatmulPreference_t pref,
                                      size_t size)
{
    if (!pref || size < sizeof(cux_lt_pref))
        return CUBLAS_STATUS_INVALID_VALUE;
    cux_lt_pref *p = (cux_lt_pref *)(void *)pref;
    memset(p, 0, sizeof(*p));
    p->search_mode = CUBLASLT_SEARCH_BEST_FIT;
    p->max_workspace = 0;
    p->reduction_mask = CUBLASLT_REDUCTION_SCHEME_MASK;
    for (int i = 0; i < 4; i++)
        p->align[i] = 256;
    p->impl_mask = UINT64_MAX;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t
cublasLtMatmulPreferenceCreate(cublasLtMatmulPreference_t *pref)
{
    if (!pref)
        return CUBLAS_STATUS_INVALID_VALUE;
    cublasLtMatmulPreference_t p = calloc(1, sizeof(*p));
    if (!p)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasLtMatmulPreferenceInit_internal(p, sizeof(*p));
    *pref = p;
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t
cublasLtMatmulPreferenceDestroy(cublasLtMatmulPreference_t pref)
{
    free(pref);
    return CUBLAS_STATUS_SUCCESS;
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulPreferenceSetAttribute(
    cublasLtMatmulPreference_t pref, cublasLtMatmulPreferenceAttributes_t attr,
    const void *buf, size_t sizeInBytes)
{
    return set_attr(pref, pref_slots, NSLOTS(pref_slots), (unsigned)attr, buf,
                    sizeInBytes);
}

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulPreferenceGetAttribute(
    cublasLtMatmulPreference_t pref, cublasLtMatmulPreferenceAttributes_t attr,
    void *buf, size_t sizeInBytes, size_t *sizeWritten)
{
    return get_attr(pref, pref_slots, NSLOTS(pref_slots), (unsigned)attr, buf,
                    sizeInBytes, sizeWritten);
}
