/* matmul.c: cublasLtMatmul and cublasLtMatmulAlgoGetHeuristic.
 *
 * D = epilogue(alpha op(A) op(B) + beta C) for each entry of a strided
 * batch, as one cblas_<t>gemm per entry on OpenBLAS, queued on the
 * caller's stream with cudaLaunchHostFunc like cux's cuBLAS
 * (src/lib/cublas/queue.c): the work runs after what was queued before
 * it and before what is queued after; the call returns at once.
 *
 * What runs is decided once per call by plan(), which the heuristic
 * shares, so the heuristic answers "supported" exactly when the product
 * would run:
 *   - float, double, complex float and complex double matrices with the
 *     matching compute and scale type go to cblas_{s,d,c,z}gemm on the
 *     caller's pointers;
 *   - half and bfloat16 A and B with CUBLAS_COMPUTE_32F* are widened to
 *     float, multiplied by cblas_sgemm and D rounded once, as cux's
 *     cublasGemmEx does (float accumulation);
 *   - a row-major matrix (CUBLASLT_ORDER_ROW) is the transpose of a
 *     column-major one with the same ld, so it flips its operation; a
 *     row-major D is computed as D^T = op(B)^T op(A)^T.
 * Everything else (CUBLAS_COMPUTE_16F, integer and FP8 types, the tiled
 * orders, epilogues other than RELU/BIAS, scale pointers, aux outputs)
 * is CUBLAS_STATUS_NOT_SUPPORTED.  docs/cublas.md says more. */
#include "lt_int.h"
#include "../cublas/blas_shared.h"

#include <cblas.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { K_S, K_D, K_C, K_Z, K_WIDEN } lt_kind;

/* alpha and beta: copied at the call in host pointer mode, read when the
 * work runs in device pointer mode (a kernel queued before may write
 * them), as cuBLAS does. */
typedef struct {
    _Alignas(16) unsigned char value[16];
    const void *device;
} lt_scalar;

/* One call, from the call until its work has run.  The fields describe
 * the column-major product actually run, after order() has mapped
 * row-major matrices: D' (m x n) = op(A') op(B') + beta C'. */
typedef struct cux_lt_job {
    struct cux_lt_job *next_kept;
    bool keep;                          /* freed by cublasLtDestroy */
    lt_kind kind;
    enum CBLAS_TRANSPOSE ta, tb;
    int m, n, k, lda, ldb, ldc, ldd, batch;
    long long sa, sb, sc, sd;           /* batch strides, in elements */
    cudaDataType at, ct;                /* A' and B'; C and D */
    const void *A, *B, *C;
    void *D;
    lt_scalar alpha, beta;
    bool relu;
    bool swap;                          /* D row-major: A' is B, B' is A */
    bool bias_on_cols;                  /* bias per column of D' */
    const void *bias;                   /* NULL: no bias */
    cudaDataType bias_type;
    long long bias_stride;
    float *scratch;                     /* K_WIDEN: op(A'), op(B'), D' */
} lt_job;

static size_t scalar_size(lt_kind k)
{
    static const size_t size[] = {4, 8, 8, 16, 4};
    return size[k];
}

/* --- the work ---------------------------------------------------------- */

static double load(const void *p, cudaDataType t, size_t i)
{
    switch (t) {
    case CUDA_R_16F: return cux_half_to_float(((const uint16_t *)p)[i]);
    case CUDA_R_16BF: return cux_bf16_to_float(((const uint16_t *)p)[i]);
    case CUDA_R_32F: return ((const float *)p)[i];
    default: return ((const double *)p)[i];
    }
}

/* A float or double result rounds once: a float plus a float bias summed
 * in double and rounded is the float sum. */
static void store(void *p, cudaDataType t, size_t i, double v)
{
    switch (t) {
    case CUDA_R_16F: ((uint16_t *)p)[i] = cux_float_to_half((float)v); break;
    case CUDA_R_16BF: ((uint16_t *)p)[i] = cux_float_to_bf16((float)v); break;
    case CUDA_R_32F: ((float *)p)[i] = (float)v; break;
    default: ((double *)p)[i] = v; break;
    }
}

/* rows x cols of src (leading dimension ld) into dst as float, packed. */
static void widen(float *dst, const void *src, cudaDataType t, int rows,
                  int cols, int ld)
{
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            dst[(size_t)c * rows + r] =
                (float)load(src, t, (size_t)c * ld + r);
}

/* The bias is added and ReLU applied in the precision of the product
 * (float when widened), before D is rounded to its type, as cuBLASLt's
 * epilogue runs on the accumulator. */
static void epilogue(const lt_job *j, void *D, cudaDataType t, int ld,
                     const void *bias)
{
    if (!j->relu && !bias)
        return;
    for (int c = 0; c < j->n; c++)
        for (int r = 0; r < j->m; r++) {
            size_t i = (size_t)c * ld + r;
            double v = load(D, t, i);
            if (bias)
                v += load(bias, j->bias_type, j->bias_on_cols ? c : r);
            if (j->relu && v < 0)
                v = 0;
            store(D, t, i, v);
        }
}

static bool is_zero(lt_kind k, const void *v)
{
    switch (k) {
    case K_D: return ((const double *)v)[0] == 0;
    case K_C: return ((const float *)v)[0] == 0 && ((const float *)v)[1] == 0;
    case K_Z:
        return ((const double *)v)[0] == 0 && ((const double *)v)[1] == 0;
    default: return ((const float *)v)[0] == 0;
    }
}

static const void *scalar(const lt_scalar *s)
{
    return s->device ? s->device : s->value;
}

static void native_one(const lt_job *j, const void *A, const void *B,
                       const void *C, void *D, const void *bias)
{
    /* a zero of every kind's scalar type */
    static const union {
        float f[2];
        double d[2];
    } zero;
    const void *al = scalar(&j->alpha), *be = scalar(&j->beta);
    /* BLAS updates in place: D starts as C, unless beta is 0 (then C is
     * not read, as cuBLASLt does not read it) */
    if (!C || is_zero(j->kind, be))
        be = &zero;
    else if (C != D)
        for (int c = 0; c < j->n; c++)
            memcpy((char *)D + (size_t)c * j->ldd * cux_blas_type_size(j->ct),
                   (const char *)C + (size_t)c * j->ldc * cux_blas_type_size(j->ct),
                   (size_t)j->m * cux_blas_type_size(j->ct));
    switch (j->kind) {
    case K_S:
        cblas_sgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k,
                    *(const float *)al, A, j->lda, B, j->ldb,
                    *(const float *)be, D, j->ldd);
        break;
    case K_D:
        cblas_dgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k,
                    *(const double *)al, A, j->lda, B, j->ldb,
                    *(const double *)be, D, j->ldd);
        break;
    case K_C:
        cblas_cgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k, al, A,
                    j->lda, B, j->ldb, be, D, j->ldd);
        break;
    case K_Z:
        cblas_zgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k, al, A,
                    j->lda, B, j->ldb, be, D, j->ldd);
        break;
    case K_WIDEN:
        break;
    }
    epilogue(j, D, j->ct, j->ldd, bias);
}

static void widened_one(const lt_job *j, const void *A, const void *B,
                        const void *C, void *D, const void *bias)
{
    int ar = j->ta == CblasNoTrans ? j->m : j->k;
    int ac = j->ta == CblasNoTrans ? j->k : j->m;
    int br = j->tb == CblasNoTrans ? j->k : j->n;
    int bc = j->tb == CblasNoTrans ? j->n : j->k;
    float *a = j->scratch, *b = a + (size_t)ar * ac, *d = b + (size_t)br * bc;
    float alpha = *(const float *)scalar(&j->alpha);
    float beta = *(const float *)scalar(&j->beta);
    widen(a, A, j->at, ar, ac, j->lda);
    widen(b, B, j->at, br, bc, j->ldb);
    if (!C)
        beta = 0;
    /* beta == 0: C is not read and the buffer's old contents not used */
    if (beta != 0.0f)
        widen(d, C, j->ct, j->m, j->n, j->ldc);
    cblas_sgemm(CblasColMajor, j->ta, j->tb, j->m, j->n, j->k, alpha, a,
                ar > 1 ? ar : 1, b, br > 1 ? br : 1, beta, d, j->m);
    epilogue(j, d, CUDA_R_32F, j->m, bias);
    for (int c = 0; c < j->n; c++)
        for (int r = 0; r < j->m; r++)
            store(D, j->ct, (size_t)c * j->ldd + r, d[(size_t)c * j->m + r]);
}

static void job_free(lt_job *j)
{
    free(j->scratch);
    free(j);
}

/* Entry i of a strided batch; a stride may be 0 (one matrix for all)
 * or negative. */
static const void *entry(const void *base, int i, long long stride,
                         size_t size)
{
    if (!base)
        return NULL;
    return (const char *)base + (ptrdiff_t)(i * stride * (long long)size);
}

static void CUDART_CB run(void *p)
{
    lt_job *j = p;
    size_t as = cux_blas_type_size(j->at), cs = cux_blas_type_size(j->ct);
    size_t bs = j->bias ? cux_blas_type_size(j->bias_type) : 0;
    for (int i = 0; i < j->batch; i++) {
        const void *A = entry(j->A, i, j->sa, as);
        const void *B = entry(j->B, i, j->sb, as);
        const void *C = entry(j->C, i, j->sc, cs);
        void *D = (void *)entry(j->D, i, j->sd, cs);
        const void *bias = entry(j->bias, i, j->bias_stride, bs);
        if (j->kind == K_WIDEN)
            widened_one(j, A, B, C, D, bias);
        else
            native_one(j, A, B, C, D, bias);
    }
    if (!j->keep)
        job_free(j);
}

void cux_lt_free_kept(cublasLtHandle_t handle)
{
    pthread_mutex_lock(&handle->lock);
    while (handle->kept) {
        lt_job *j = handle->kept;
        handle->kept = j->next_kept;
        job_free(j);
    }
    pthread_mutex_unlock(&handle->lock);
}

/* Takes ownership of j.  Under stream capture a graph may run the host
 * node many times, so the record then lives until cublasLtDestroy. */
static cublasStatus_t enqueue(cublasLtHandle_t h, cudaStream_t stream,
                              lt_job *j)
{
    enum cudaStreamCaptureStatus cap = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(stream, &cap) != cudaSuccess)
        cap = cudaStreamCaptureStatusNone;
    /* once enqueued, a record not kept may already be freed */
    bool keep = j->keep = cap == cudaStreamCaptureStatusActive;
    if (cudaLaunchHostFunc(stream, run, j) != cudaSuccess) {
        job_free(j);
        return CUBLAS_STATUS_EXECUTION_FAILED;
    }
    if (keep) {
        pthread_mutex_lock(&h->lock);
        j->next_kept = h->kept;
        h->kept = j;
        pthread_mutex_unlock(&h->lock);
    }
    return CUBLAS_STATUS_SUCCESS;
}

/* --- the plan ---------------------------------------------------------- */

static bool compute_32f(int32_t c)
{
    return c == CUBLAS_COMPUTE_32F || c == CUBLAS_COMPUTE_32F_PEDANTIC ||
           c == CUBLAS_COMPUTE_32F_FAST_16F ||
           c == CUBLAS_COMPUTE_32F_FAST_16BF ||
           c == CUBLAS_COMPUTE_32F_FAST_TF32;
}

/* The type combinations cux runs (a subset of cuBLASLt's table), or
 * false.  CUBLAS_COMPUTE_16F is refused: its half accumulation is not
 * what a float product gives. */
static bool kind_of(const cux_lt_desc *d, cudaDataType at, cudaDataType ct,
                    lt_kind *kind)
{
    cudaDataType s = (cudaDataType)d->scale;
    if (compute_32f(d->compute)) {
        if (at == CUDA_R_32F && ct == CUDA_R_32F && s == CUDA_R_32F)
            *kind = K_S;
        else if (at == CUDA_C_32F && ct == CUDA_C_32F && s == CUDA_C_32F)
            *kind = K_C;
        else if ((at == CUDA_R_16F || at == CUDA_R_16BF) &&
                 (ct == at || ct == CUDA_R_32F) && s == CUDA_R_32F)
            *kind = K_WIDEN;
        else
            return false;
        return true;
    }
    if (d->compute == CUBLAS_COMPUTE_64F ||
        d->compute == CUBLAS_COMPUTE_64F_PEDANTIC) {
        if (at == CUDA_R_64F && ct == CUDA_R_64F && s == CUDA_R_64F)
            *kind = K_D;
        else if (at == CUDA_C_64F && ct == CUDA_C_64F && s == CUDA_C_64F)
            *kind = K_Z;
        else
            return false;
        return true;
    }
    return false;
}

/* What the descriptor asks for beyond a plain product, that cux lacks:
 * the FP8 scales and amax, aux outputs, atomics sync, scale modes,
 * TRANSC and FILL_MODE (cuBLASLt itself only accepts their defaults). */
static bool extras_unsupported(const cux_lt_desc *d)
{
    bool modes = false;
    for (int i = 0; i < 5; i++)
        modes |= d->scale_mode[i] != 0;
    return d->transc != CUBLAS_OP_N || d->fill != CUBLAS_FILL_MODE_FULL ||
           d->a_scale || d->b_scale || d->c_scale || d->d_scale ||
           d->amax_d || d->aux || d->aux_scale || d->aux_amax ||
           d->sync_in || d->sync_out || d->d_out_scale ||
           d->d_out_scale_mode != 0 || modes;
}

static bool layout_unsupported(const cux_lt_layout *l)
{
    return (l->order != CUBLASLT_ORDER_COL && l->order != CUBLASLT_ORDER_ROW) ||
           l->batch_mode != CUBLASLT_BATCH_MODE_STRIDED ||
           l->plane_offset != 0 || l->rows > INT_MAX || l->cols > INT_MAX ||
           l->ld > INT_MAX;
}

/* cuBLASLt's leading-dimension rule: at least the length of a column
 * (column-major) or of a row (row-major), and at least 1. */
static bool ld_ok(const cux_lt_layout *l)
{
    uint64_t need = l->order == CUBLASLT_ORDER_COL ? l->rows : l->cols;
    return l->ld >= 1 && (uint64_t)l->ld >= need;
}

static enum CBLAS_TRANSPOSE flip(enum CBLAS_TRANSPOSE t)
{
    return t == CblasNoTrans ? CblasTrans : CblasNoTrans;
}

/* The operation BLAS applies to the column-major storage of a matrix: a
 * row-major matrix is stored as its transpose. */
static enum CBLAS_TRANSPOSE stored_op(int32_t op, const cux_lt_layout *l,
                                      bool cplx)
{
    enum CBLAS_TRANSPOSE t = op == CUBLAS_OP_N ? CblasNoTrans
                             : op == CUBLAS_OP_C && cplx ? CblasConjTrans
                                                            : CblasTrans;
    return l->order == CUBLASLT_ORDER_ROW ? flip(t) : t;
}

/* Checks the descriptors and fills j's shape, kind and epilogue.
 * INVALID_VALUE for what cuBLASLt calls impossible (sizes that do not
 * multiply, short leading dimensions, batch counts that differ),
 * NOT_SUPPORTED for what cux does not run. */
static cublasStatus_t plan(const cux_lt_desc *d, const cux_lt_layout *a,
                           const cux_lt_layout *b, const cux_lt_layout *c,
                           const cux_lt_layout *o, lt_job *j)
{
    if ((d->transa < CUBLAS_OP_N || d->transa > CUBLAS_OP_C) ||
        (d->transb < CUBLAS_OP_N || d->transb > CUBLAS_OP_C))
        return CUBLAS_STATUS_INVALID_VALUE;
    if (a->type != b->type || c->type != o->type ||
        !kind_of(d, (cudaDataType)a->type, (cudaDataType)o->type, &j->kind))
        return CUBLAS_STATUS_NOT_SUPPORTED;
    bool cplx = j->kind == K_C || j->kind == K_Z;
    if (extras_unsupported(d) ||
        (d->pointer_mode != CUBLASLT_POINTER_MODE_HOST &&
         d->pointer_mode != CUBLASLT_POINTER_MODE_DEVICE) ||
        layout_unsupported(a) || layout_unsupported(b) ||
        layout_unsupported(c) || layout_unsupported(o) ||
        c->order != o->order)
        return CUBLAS_STATUS_NOT_SUPPORTED;
    /* conj(A) without a transpose is not a BLAS operation: a row-major
     * complex matrix may only be used with N or T */
    bool row = a->order == CUBLASLT_ORDER_ROW ||
               b->order == CUBLASLT_ORDER_ROW ||
               o->order == CUBLASLT_ORDER_ROW;
    if (cplx && row &&
        (d->transa == CUBLAS_OP_C || d->transb == CUBLAS_OP_C))
        return CUBLAS_STATUS_NOT_SUPPORTED;
    switch (d->epilogue) {
    case CUBLASLT_EPILOGUE_DEFAULT: case CUBLASLT_EPILOGUE_RELU:
    case CUBLASLT_EPILOGUE_BIAS: case CUBLASLT_EPILOGUE_RELU_BIAS:
        break;
    default:
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
    j->relu = d->epilogue & CUBLASLT_EPILOGUE_RELU;
    bool bias = d->epilogue & CUBLASLT_EPILOGUE_BIAS;
    if (cplx && d->epilogue != CUBLASLT_EPILOGUE_DEFAULT)
        return CUBLAS_STATUS_NOT_SUPPORTED;
    /* the bias has D's type, or float for a 16-bit D */
    j->bias_type = d->bias_type == -1 ? (cudaDataType)o->type
                                      : (cudaDataType)d->bias_type;
    if (bias && j->bias_type != (cudaDataType)o->type &&
        !(j->kind == K_WIDEN && j->bias_type == CUDA_R_32F))
        return CUBLAS_STATUS_NOT_SUPPORTED;

    /* the product's shape: D is m x n, op(A) m x k, op(B) k x n */
    bool ta = d->transa != CUBLAS_OP_N, tb = d->transb != CUBLAS_OP_N;
    uint64_t m = o->rows, n = o->cols, k = ta ? a->rows : a->cols;
    if ((ta ? a->cols : a->rows) != m || (tb ? b->cols : b->rows) != k ||
        (tb ? b->rows : b->cols) != n || c->rows != m || c->cols != n ||
        !ld_ok(a) || !ld_ok(b) || !ld_ok(c) || !ld_ok(o))
        return CUBLAS_STATUS_INVALID_VALUE;
    if (a->batch_count < 1 || a->batch_count != b->batch_count ||
        a->batch_count != c->batch_count || a->batch_count != o->batch_count)
        return CUBLAS_STATUS_INVALID_VALUE;
    j->batch = o->batch_count;
    j->at = (cudaDataType)a->type;
    j->ct = (cudaDataType)o->type;
    j->ldc = (int)c->ld, j->ldd = (int)o->ld;
    j->sc = c->batch_stride, j->sd = o->batch_stride;
    j->k = (int)k;
    j->bias_stride = d->bias_stride;
    enum CBLAS_TRANSPOSE opa = stored_op(d->transa, a, cplx);
    enum CBLAS_TRANSPOSE opb = stored_op(d->transb, b, cplx);
    if (o->order == CUBLASLT_ORDER_COL) {
        j->m = (int)m, j->n = (int)n;
        j->ta = opa, j->tb = opb;
        j->lda = (int)a->ld, j->ldb = (int)b->ld;
        j->sa = a->batch_stride, j->sb = b->batch_stride;
        j->swap = j->bias_on_cols = false;
    } else {
        /* D^T = op(B)^T op(A)^T, column-major n x m; D's rows, which
         * the bias follows, are D^T's columns */
        j->m = (int)n, j->n = (int)m;
        j->ta = flip(opb), j->tb = flip(opa);
        j->lda = (int)b->ld, j->ldb = (int)a->ld;
        j->sa = b->batch_stride, j->sb = a->batch_stride;
        j->swap = j->bias_on_cols = true;
    }
    return CUBLAS_STATUS_SUCCESS;
}

/* --- the entry points -------------------------------------------------- */

CUX_LT_EXPORT cublasStatus_t cublasLtMatmulAlgoGetHeuristic(
    cublasLtHandle_t lightHandle, cublasLtMatmulDesc_t operationDesc,
    cublasLtMatrixLayout_t Adesc, cublasLtMatrixLayout_t Bdesc,
    cublasLtMatrixLayout_t Cdesc, cublasLtMatrixLayout_t Ddesc,
    cublasLtMatmulPreference_t preference, int requestedAlgoCount,
    cublasLtMatmulHeuristicResult_t heuristicResultsArray[],
    int *returnAlgoCount)
{
    if (!cux_lt_live(lightHandle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!operationDesc || !Adesc || !Bdesc || !Cdesc || !Ddesc ||
        !preference || requestedAlgoCount <= 0 || !heuristicResultsArray ||
        !returnAlgoCount)
        return CUBLAS_STATUS_INVALID_VALUE;
    *returnAlgoCount = 0;
    lt_job j;
    memset(&j, 0, sizeof(j));
    cublasStatus_t st = plan(cux_lt_desc_of(operationDesc),
                             cux_lt_layout_of(Adesc), cux_lt_layout_of(Bdesc),
                             cux_lt_layout_of(Cdesc), cux_lt_layout_of(Ddesc),
                             &j);
    if (st != CUBLAS_STATUS_SUCCESS)
        return st;
    /* One algorithm, OpenBLAS's, needing no workspace, so any
     * MAX_WORKSPACE_BYTES allows it; the other preferences only narrow
     * the choice among GPU kernels. */
    cublasLtMatmulHeuristicResult_t *r = &heuristicResultsArray[0];
    memset(r, 0, sizeof(*r));
    r->workspaceSize = 0;
    r->state = CUBLAS_STATUS_SUCCESS;
    r->wavesCount = 1.0f;
    *returnAlgoCount = 1;
    return CUBLAS_STATUS_SUCCESS;
}

/* The algorithm and the workspace are accepted and unused: there is one
 * algorithm, and OpenBLAS needs no workspace of the caller's. */
CUX_LT_EXPORT cublasStatus_t cublasLtMatmul(
    cublasLtHandle_t lightHandle, cublasLtMatmulDesc_t computeDesc,
    const void *alpha, const void *A, cublasLtMatrixLayout_t Adesc,
    const void *B, cublasLtMatrixLayout_t Bdesc, const void *beta,
    const void *C, cublasLtMatrixLayout_t Cdesc, void *D,
    cublasLtMatrixLayout_t Ddesc, const cublasLtMatmulAlgo_t *algo,
    void *workspace, size_t workspaceSizeInBytes, cudaStream_t stream)
{
    (void)algo;
    (void)workspace;
    (void)workspaceSizeInBytes;
    if (!cux_lt_live(lightHandle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!computeDesc || !Adesc || !Bdesc || !Cdesc || !Ddesc || !alpha ||
        !beta)
        return CUBLAS_STATUS_INVALID_VALUE;
    const cux_lt_desc *d = cux_lt_desc_of(computeDesc);
    const cux_lt_layout *cl = cux_lt_layout_of(Cdesc);
    const cux_lt_layout *dl = cux_lt_layout_of(Ddesc);
    lt_job *j = calloc(1, sizeof(*j));
    if (!j)
        return CUBLAS_STATUS_ALLOC_FAILED;
    cublasStatus_t st = plan(d, cux_lt_layout_of(Adesc),
                             cux_lt_layout_of(Bdesc), cl, dl, j);
    bool host = d->pointer_mode == CUBLASLT_POINTER_MODE_HOST;
    bool empty = !j->m || !j->n;
    size_t ss = scalar_size(j->kind);
    if (st == CUBLAS_STATUS_SUCCESS && !empty) {
        /* pointers cuBLASLt calls unexpectedly NULL; C == D in place
         * must be laid out as D */
        if (!D || (j->k && (!A || !B)) ||
            (!C && host && !is_zero(j->kind, beta)) ||
            (d->epilogue & CUBLASLT_EPILOGUE_BIAS && !d->bias) ||
            (C == D && (cl->ld != dl->ld || cl->batch_stride !=
                                                dl->batch_stride)))
            st = CUBLAS_STATUS_INVALID_VALUE;
    }
    if (st != CUBLAS_STATUS_SUCCESS || empty) {
        free(j);
        return st;
    }
    j->A = j->swap ? B : A;
    j->B = j->swap ? A : B;
    j->C = C, j->D = D;
    j->bias = d->epilogue & CUBLASLT_EPILOGUE_BIAS ? d->bias : NULL;
    if (host) {
        memcpy(j->alpha.value, alpha, ss);
        memcpy(j->beta.value, beta, ss);
    } else {
        j->alpha.device = alpha;
        j->beta.device = beta;
    }
    if (j->kind == K_WIDEN) {
        size_t floats = (size_t)j->m * j->k + (size_t)j->k * j->n +
                        (size_t)j->m * j->n;
        if (!(j->scratch = malloc(floats * sizeof(float) + 1))) {
            free(j);
            return CUBLAS_STATUS_ALLOC_FAILED;
        }
    }
    return enqueue(lightHandle, stream, j);
}
