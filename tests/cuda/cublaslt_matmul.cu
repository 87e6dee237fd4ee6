// cublaslt_matmul.cu: cuBLASLt's matmul API against host loops: float and
// double with every transpose and padded leading dimensions, row-major
// layouts, C and D different (C left unchanged), in place (C == D), a
// strided batch with a broadcast A, half and bfloat16 inputs with float
// accumulation, the RELU, BIAS and RELU_BIAS epilogues, complex float
// products (A^H B; row-major A^T B), device pointer mode in stream order with kernels before and
// after, descriptors initialised on the stack, the heuristic query, the
// attribute calls, and the NOT_SUPPORTED / INVALID_VALUE /
// NOT_INITIALIZED statuses.
// Tolerance, relative to |alpha| * sum of the products' magnitudes plus
// |beta C| plus 1: 1e-5 for float, 1e-13 for double, 2e-3 for a half or
// bfloat16 result (4e-3 for bfloat16: 8 bits of mantissa).
// cux-link: -lcublasLt
#include <cublasLt.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuComplex.h>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

// A matrix's shape as a cuBLASLt layout describes it.
struct Shape {
    int rows, cols, ld;
    bool row;  // CUBLASLT_ORDER_ROW
    size_t at(int r, int c) const
    {
        return row ? (size_t)r * ld + c : (size_t)c * ld + r;
    }
    size_t size() const { return (size_t)ld * (row ? rows : cols); }
};

static cublasLtMatrixLayout_t layout(cudaDataType t, const Shape &s)
{
    cublasLtMatrixLayout_t l = nullptr;
    CHECK(cublasLtMatrixLayoutCreate(&l, t, s.rows, s.cols, s.ld) ==
          CUBLAS_STATUS_SUCCESS);
    if (s.row) {
        int32_t o = CUBLASLT_ORDER_ROW;
        CHECK(cublasLtMatrixLayoutSetAttribute(l, CUBLASLT_MATRIX_LAYOUT_ORDER,
                                               &o, sizeof o) ==
              CUBLAS_STATUS_SUCCESS);
    }
    return l;
}

static void set_batch(cublasLtMatrixLayout_t l, int32_t count, int64_t stride)
{
    CHECK(cublasLtMatrixLayoutSetAttribute(l, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT,
                                           &count, sizeof count) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatrixLayoutSetAttribute(
              l, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride,
              sizeof stride) == CUBLAS_STATUS_SUCCESS);
}

static cublasLtMatmulDesc_t desc(cublasComputeType_t ct, cudaDataType st,
                                 cublasOperation_t ta, cublasOperation_t tb)
{
    cublasLtMatmulDesc_t d = nullptr;
    CHECK(cublasLtMatmulDescCreate(&d, ct, st) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &ta,
                                         sizeof(int32_t)) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSB, &tb,
                                         sizeof(int32_t)) ==
          CUBLAS_STATUS_SUCCESS);
    return d;
}

// The worst relative error of D (m x n) against epilogue(alpha op(A) op(B)
// + beta C), the matrices given as doubles in their own layouts.
static double ref_err(int m, int n, int k, bool ta, bool tb, double alpha,
                      const double *A, const Shape &sa, const double *B,
                      const Shape &sb, double beta, const double *C,
                      const Shape &sc, const double *D, const Shape &sd,
                      const double *bias = nullptr, bool relu = false)
{
    double worst = 0;
    for (int c = 0; c < n; c++)
        for (int r = 0; r < m; r++) {
            double s = 0, mag = 0;
            for (int i = 0; i < k; i++) {
                double a = ta ? A[sa.at(i, r)] : A[sa.at(r, i)];
                double b = tb ? B[sb.at(c, i)] : B[sb.at(i, c)];
                s += a * b;
                mag += fabs(a * b);
            }
            double cv = beta != 0 ? C[sc.at(r, c)] : 0;
            double want = alpha * s + beta * cv + (bias ? bias[r] : 0);
            if (relu && want < 0)
                want = 0;
            double e = fabs(D[sd.at(r, c)] - want) /
                       (fabs(alpha) * mag + fabs(beta * cv) + 1);
            worst = e > worst ? e : worst;
        }
    return worst;
}

template <class T> static std::vector<double> as_double(const T *p, size_t n)
{
    std::vector<double> v(n);
    for (size_t i = 0; i < n; i++) v[i] = (double)p[i];
    return v;
}

// D = 1.5 op(A) op(B) - 0.5 C with C != D, in float or double, with the
// given transposes and orders (A, B, and C and D together).
template <class T>
static void real_case(cublasLtHandle_t h, bool ta, bool tb, bool rowA,
                      bool rowB, bool rowD, double tol)
{
    const bool dbl = sizeof(T) == 8;
    const cudaDataType t = dbl ? CUDA_R_64F : CUDA_R_32F;
    const int m = 13, n = 9, k = 11;
    int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
    Shape sa = {ar, ac, (rowA ? ac : ar) + 3, rowA};
    Shape sb = {br, bc, (rowB ? bc : br) + 2, rowB};
    Shape sc = {m, n, (rowD ? n : m) + 1, rowD};
    Shape sd = {m, n, (rowD ? n : m) + 4, rowD};
    T *A, *B, *C, *D;
    cudaMallocManaged(&A, sa.size() * sizeof(T));
    cudaMallocManaged(&B, sb.size() * sizeof(T));
    cudaMallocManaged(&C, sc.size() * sizeof(T));
    cudaMallocManaged(&D, sd.size() * sizeof(T));
    for (size_t i = 0; i < sa.size(); i++) A[i] = (T)((i * 5) % 11) / 4 - 1;
    for (size_t i = 0; i < sb.size(); i++) B[i] = (T)((i * 3) % 7) / 2 - 1;
    for (size_t i = 0; i < sc.size(); i++) C[i] = (T)(i % 5) - 2;
    for (size_t i = 0; i < sd.size(); i++) D[i] = (T)NAN;
    std::vector<double> C0 = as_double(C, sc.size());
    cublasLtMatmulDesc_t d =
        desc(dbl ? CUBLAS_COMPUTE_64F : CUBLAS_COMPUTE_32F, t,
             ta ? CUBLAS_OP_T : CUBLAS_OP_N, tb ? CUBLAS_OP_T : CUBLAS_OP_N);
    cublasLtMatrixLayout_t la = layout(t, sa), lb = layout(t, sb);
    cublasLtMatrixLayout_t lc = layout(t, sc), ld = layout(t, sd);
    T alpha = (T)1.5, beta = (T)-0.5;
    CHECK(cublasLtMatmul(h, d, &alpha, A, la, B, lb, &beta, C, lc, D, ld,
                         nullptr, nullptr, 0, 0) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    std::vector<double> a = as_double(A, sa.size()), b = as_double(B, sb.size());
    std::vector<double> dd = as_double(D, sd.size());
    double err = ref_err(m, n, k, ta, tb, 1.5, a.data(), sa, b.data(), sb,
                         -0.5, C0.data(), sc, dd.data(), sd);
    if (!(err < tol))
        printf("real_case<%s> ta=%d tb=%d rows=%d%d%d err %g\n",
               dbl ? "double" : "float", ta, tb, rowA, rowB, rowD, err);
    CHECK(err < tol);
    bool c_kept = true;
    for (size_t i = 0; i < sc.size(); i++) c_kept &= (double)C[i] == C0[i];
    CHECK(c_kept);
    cublasLtMatrixLayoutDestroy(la); cublasLtMatrixLayoutDestroy(lb);
    cublasLtMatrixLayoutDestroy(lc); cublasLtMatrixLayoutDestroy(ld);
    cublasLtMatmulDescDestroy(d);
    cudaFree(A); cudaFree(B); cudaFree(C); cudaFree(D);
}

// A batch of 3 with A broadcast (stride 0), in place (C == D, one
// layout), descriptors and layouts initialised on the stack.
static void batch_case(cublasLtHandle_t h)
{
    const int m = 7, n = 5, k = 6, batch = 3;
    const long long sA = 0, sB = k * n + 3, sD = m * n + 5;
    float *A, *B, *D;
    cudaMallocManaged(&A, m * k * sizeof(float));
    cudaMallocManaged(&B, sB * batch * sizeof(float));
    cudaMallocManaged(&D, sD * batch * sizeof(float));
    for (int i = 0; i < m * k; i++) A[i] = (float)(i % 9) - 4;
    for (long long i = 0; i < sB * batch; i++) B[i] = (float)(i % 5) * 0.5f;
    for (long long i = 0; i < sD * batch; i++) D[i] = (float)(i % 3);
    std::vector<double> D0 = as_double(D, sD * batch);
    cublasLtMatmulDescOpaque_t dm;
    cublasLtMatrixLayoutOpaque_t la, lb, ld;
    CHECK(cublasLtMatmulDescInit(&dm, CUBLAS_COMPUTE_32F, CUDA_R_32F) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatrixLayoutInit(&la, CUDA_R_32F, m, k, m) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatrixLayoutInit(&lb, CUDA_R_32F, k, n, k) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatrixLayoutInit(&ld, CUDA_R_32F, m, n, m) ==
          CUBLAS_STATUS_SUCCESS);
    set_batch(&la, batch, sA);
    set_batch(&lb, batch, sB);
    set_batch(&ld, batch, sD);
    float alpha = 2, beta = 1;
    CHECK(cublasLtMatmul(h, &dm, &alpha, A, &la, B, &lb, &beta, D, &ld, D, &ld,
                         nullptr, nullptr, 0, 0) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    Shape sa = {m, k, m, false}, sb = {k, n, k, false}, sd = {m, n, m, false};
    std::vector<double> a = as_double(A, m * k);
    for (int i = 0; i < batch; i++) {
        std::vector<double> b = as_double(B + i * sB, k * n);
        std::vector<double> d = as_double(D + i * sD, m * n);
        CHECK(ref_err(m, n, k, false, false, 2, a.data(), sa, b.data(), sb, 1,
                      D0.data() + i * sD, sd, d.data(), sd) < 1e-5);
        // the gap between entries is untouched
        for (long long g = m * n; g < sD; g++)
            CHECK(D[i * sD + g] == (float)D0[i * sD + g]);
    }
    cudaFree(A); cudaFree(B); cudaFree(D);
}

// Half or bfloat16 A and B, float accumulation, D 16-bit or float, with
// C != D and beta != 0.
template <class H>
static void narrow_case(cublasLtHandle_t h, cudaDataType t, bool float_out,
                        double tol)
{
    const int m = 8, n = 6, k = 16;
    cudaDataType ot = float_out ? CUDA_R_32F : t;
    size_t os = float_out ? sizeof(float) : sizeof(H);
    H *A, *B;
    void *C, *D;
    cudaMallocManaged(&A, m * k * sizeof(H));
    cudaMallocManaged(&B, k * n * sizeof(H));
    cudaMallocManaged(&C, m * n * os);
    cudaMallocManaged(&D, m * n * os);
    std::vector<double> fa(m * k), fb(k * n), fc(m * n), fd(m * n);
    for (int i = 0; i < m * k; i++) {
        A[i] = (H)((float)(i % 7) * 0.125f);
        fa[i] = (float)A[i];
    }
    for (int i = 0; i < k * n; i++) {
        B[i] = (H)((float)(i % 5) - 2.0f);
        fb[i] = (float)B[i];
    }
    for (int i = 0; i < m * n; i++) {
        float v = (float)(i % 4) - 1.5f;
        if (float_out) {
            ((float *)C)[i] = v;
        } else {
            ((H *)C)[i] = (H)v;
            v = (float)((H *)C)[i];
        }
        fc[i] = v;
    }
    cublasLtMatmulDesc_t d =
        desc(CUBLAS_COMPUTE_32F, CUDA_R_32F, CUBLAS_OP_T, CUBLAS_OP_N);
    Shape sa = {k, m, k, false}, sb = {k, n, k, false}, sc = {m, n, m, false};
    cublasLtMatrixLayout_t la = layout(t, sa), lb = layout(t, sb);
    cublasLtMatrixLayout_t lc = layout(ot, sc);
    float alpha = 0.5f, beta = 2;
    CHECK(cublasLtMatmul(h, d, &alpha, A, la, B, lb, &beta, C, lc, D, lc,
                         nullptr, nullptr, 0, 0) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < m * n; i++)
        fd[i] = float_out ? ((float *)D)[i] : (float)((H *)D)[i];
    CHECK(ref_err(m, n, k, true, false, 0.5, fa.data(), sa, fb.data(), sb, 2,
                  fc.data(), sc, fd.data(), sc) < tol);
    cublasLtMatrixLayoutDestroy(la); cublasLtMatrixLayoutDestroy(lb);
    cublasLtMatrixLayoutDestroy(lc);
    cublasLtMatmulDescDestroy(d);
    cudaFree(A); cudaFree(B); cudaFree(C); cudaFree(D);
}

// The epilogues: RELU, BIAS, RELU_BIAS on float, RELU_BIAS on a batch of
// two with BIAS_BATCH_STRIDE, and on a row-major D (the bias follows D's
// rows).
static void epilogue_case(cublasLtHandle_t h, cublasLtEpilogue_t ep,
                          bool rowD, int batch)
{
    const int m = 10, n = 7, k = 5;
    Shape sa = {m, k, m, false}, sb = {k, n, k, false};
    Shape sd = {m, n, rowD ? n : m, rowD};
    float *A, *B, *C, *D, *bias;
    long long sD = (long long)sd.size();
    cudaMallocManaged(&A, m * k * sizeof(float));
    cudaMallocManaged(&B, k * n * sizeof(float));
    cudaMallocManaged(&C, sD * batch * sizeof(float));
    cudaMallocManaged(&D, sD * batch * sizeof(float));
    cudaMallocManaged(&bias, m * batch * sizeof(float));
    for (int i = 0; i < m * k; i++) A[i] = (float)(i % 7) - 3;
    for (int i = 0; i < k * n; i++) B[i] = (float)(i % 4) - 1.5f;
    for (long long i = 0; i < sD * batch; i++) C[i] = (float)(i % 6) - 2.5f;
    for (int i = 0; i < m * batch; i++) bias[i] = (float)(i % 5) * 3 - 6;
    cublasLtMatmulDesc_t d =
        desc(CUBLAS_COMPUTE_32F, CUDA_R_32F, CUBLAS_OP_N, CUBLAS_OP_N);
    uint32_t e = ep;
    CHECK(cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_EPILOGUE, &e,
                                         sizeof e) == CUBLAS_STATUS_SUCCESS);
    bool with_bias = ep & CUBLASLT_EPILOGUE_BIAS;
    if (with_bias) {
        const void *p = bias;
        CHECK(cublasLtMatmulDescSetAttribute(
                  d, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &p, sizeof p) ==
              CUBLAS_STATUS_SUCCESS);
        int64_t bs = m;
        CHECK(cublasLtMatmulDescSetAttribute(
                  d, CUBLASLT_MATMUL_DESC_BIAS_BATCH_STRIDE, &bs, sizeof bs) ==
              CUBLAS_STATUS_SUCCESS);
    }
    cublasLtMatrixLayout_t la = layout(CUDA_R_32F, sa);
    cublasLtMatrixLayout_t lb = layout(CUDA_R_32F, sb);
    cublasLtMatrixLayout_t ld = layout(CUDA_R_32F, sd);
    set_batch(la, batch, 0);
    set_batch(lb, batch, 0);
    set_batch(ld, batch, sD);
    float alpha = 1, beta = 0.5f;
    CHECK(cublasLtMatmul(h, d, &alpha, A, la, B, lb, &beta, C, ld, D, ld,
                         nullptr, nullptr, 0, 0) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    std::vector<double> a = as_double(A, m * k), b = as_double(B, k * n);
    for (int i = 0; i < batch; i++) {
        std::vector<double> c = as_double(C + i * sD, sD);
        std::vector<double> dd = as_double(D + i * sD, sD);
        std::vector<double> bv = as_double(bias + i * m, m);
        CHECK(ref_err(m, n, k, false, false, 1, a.data(), sa, b.data(), sb,
                      0.5, c.data(), sd, dd.data(), sd,
                      with_bias ? bv.data() : nullptr,
                      ep & CUBLASLT_EPILOGUE_RELU) < 1e-5);
    }
    // a bias epilogue without a bias pointer
    if (with_bias) {
        const void *p = nullptr;
        cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_BIAS_POINTER,
                                       &p, sizeof p);
        CHECK(cublasLtMatmul(h, d, &alpha, A, la, B, lb, &beta, C, ld, D, ld,
                             nullptr, nullptr, 0, 0) ==
              CUBLAS_STATUS_INVALID_VALUE);
    }
    cublasLtMatrixLayoutDestroy(la); cublasLtMatrixLayoutDestroy(lb);
    cublasLtMatrixLayoutDestroy(ld);
    cublasLtMatmulDescDestroy(d);
    cudaFree(A); cudaFree(B); cudaFree(C); cudaFree(D); cudaFree(bias);
}

// (1+2i) A^H B for 2x2 complex float matrices, element by element.
static void complex_case(cublasLtHandle_t h)
{
    cuFloatComplex *A, *B, *D;
    cudaMallocManaged(&A, 4 * sizeof(cuFloatComplex));
    cudaMallocManaged(&B, 4 * sizeof(cuFloatComplex));
    cudaMallocManaged(&D, 4 * sizeof(cuFloatComplex));
    const float av[8] = {1, 1, 2, 0, 0, 1, 3, -1}, bv[8] = {1, 0, 0, 1,
                                                          2, 2, 1, -1};
    for (int i = 0; i < 4; i++) {
        A[i] = make_cuFloatComplex(av[2 * i], av[2 * i + 1]);
        B[i] = make_cuFloatComplex(bv[2 * i], bv[2 * i + 1]);
    }
    cublasLtMatmulDesc_t d =
        desc(CUBLAS_COMPUTE_32F, CUDA_C_32F, CUBLAS_OP_C, CUBLAS_OP_N);
    Shape s = {2, 2, 2, false};
    cublasLtMatrixLayout_t l = layout(CUDA_C_32F, s);
    cuFloatComplex alpha = make_cuFloatComplex(1, 2);
    cuFloatComplex beta = make_cuFloatComplex(0, 0);
    CHECK(cublasLtMatmul(h, d, &alpha, A, l, B, l, &beta, D, l, D, l,
                         nullptr, nullptr, 0, 0) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < 2; c++)
        for (int r = 0; r < 2; r++) {
            cuFloatComplex s2 = make_cuFloatComplex(0, 0);
            for (int i = 0; i < 2; i++)
                s2 = cuCaddf(s2, cuCmulf(cuConjf(A[r * 2 + i]), B[c * 2 + i]));
            s2 = cuCmulf(alpha, s2);
            CHECK(fabsf(D[c * 2 + r].x - s2.x) < 1e-5f &&
                  fabsf(D[c * 2 + r].y - s2.y) < 1e-5f);
        }
    // row-major A with op T, row-major D: D(r,c) = alpha sum A(i,r) B(i,c)
    Shape sr = {2, 2, 2, true};
    cublasLtMatrixLayout_t lr = layout(CUDA_C_32F, sr);
    int32_t t = CUBLAS_OP_T, nop = CUBLAS_OP_N;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &t,
                                   sizeof t);
    CHECK(cublasLtMatmul(h, d, &alpha, A, lr, B, l, &beta, D, lr, D, lr,
                         nullptr, nullptr, 0, 0) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < 2; c++)
        for (int r = 0; r < 2; r++) {
            cuFloatComplex s2 = make_cuFloatComplex(0, 0);
            for (int i = 0; i < 2; i++)
                s2 = cuCaddf(s2, cuCmulf(A[i * 2 + r], B[c * 2 + i]));
            s2 = cuCmulf(alpha, s2);
            CHECK(fabsf(D[r * 2 + c].x - s2.x) < 1e-5f &&
                  fabsf(D[r * 2 + c].y - s2.y) < 1e-5f);
        }
    // conjugation of a row-major complex matrix is not a BLAS operation
    t = CUBLAS_OP_C;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &t,
                                   sizeof t);
    CHECK(cublasLtMatmul(h, d, &alpha, A, lr, B, l, &beta, D, l, D, l,
                         nullptr, nullptr, 0, 0) ==
          CUBLAS_STATUS_NOT_SUPPORTED);
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &nop,
                                   sizeof nop);
    cublasLtMatrixLayoutDestroy(lr);
    // a complex epilogue is not supported
    uint32_t e = CUBLASLT_EPILOGUE_RELU;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_EPILOGUE, &e,
                                   sizeof e);
    CHECK(cublasLtMatmul(h, d, &alpha, A, l, B, l, &beta, D, l, D, l,
                         nullptr, nullptr, 0, 0) ==
          CUBLAS_STATUS_NOT_SUPPORTED);
    cublasLtMatrixLayoutDestroy(l);
    cublasLtMatmulDescDestroy(d);
    cudaFree(A); cudaFree(B); cudaFree(D);
}

__global__ void fill(float *p, int n, float scale)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = scale * (float)((i * 7) % 13 - 6);
}

__global__ void set_scalars(float *s)
{
    s[0] = 3.0f;  // alpha
    s[1] = 0.0f;  // beta
}

__global__ void twice(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = 2 * in[i];
}

// Device pointer mode in stream order: kernels write A and the scalars,
// the product runs, a kernel doubles D; one synchronisation at the end.
static void async_case(cublasLtHandle_t h)
{
    const int m = 64, n = 48, k = 32;
    cudaStream_t s;
    cudaStreamCreate(&s);
    float *A, *B, *D, *E, *scal;
    cudaMalloc(&A, m * k * sizeof(float));
    cudaMalloc(&B, k * n * sizeof(float));
    cudaMalloc(&D, m * n * sizeof(float));
    cudaMalloc(&E, m * n * sizeof(float));
    cudaMalloc(&scal, 2 * sizeof(float));
    cublasLtMatmulDesc_t d =
        desc(CUBLAS_COMPUTE_32F, CUDA_R_32F, CUBLAS_OP_N, CUBLAS_OP_N);
    int32_t pm = CUBLASLT_POINTER_MODE_DEVICE;
    CHECK(cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_POINTER_MODE,
                                         &pm, sizeof pm) ==
          CUBLAS_STATUS_SUCCESS);
    Shape sa = {m, k, m, false}, sb = {k, n, k, false}, sd = {m, n, m, false};
    cublasLtMatrixLayout_t la = layout(CUDA_R_32F, sa);
    cublasLtMatrixLayout_t lb = layout(CUDA_R_32F, sb);
    cublasLtMatrixLayout_t ld = layout(CUDA_R_32F, sd);
    fill<<<(m * k + 127) / 128, 128, 0, s>>>(A, m * k, 0.25f);
    fill<<<(k * n + 127) / 128, 128, 0, s>>>(B, k * n, 0.5f);
    set_scalars<<<1, 1, 0, s>>>(scal);
    char workspace[256];  // accepted, unused
    CHECK(cublasLtMatmul(h, d, scal, A, la, B, lb, scal + 1, D, ld, D, ld,
                         nullptr, workspace, sizeof workspace, s) ==
          CUBLAS_STATUS_SUCCESS);
    twice<<<(m * n + 127) / 128, 128, 0, s>>>(D, E, m * n);
    cudaStreamSynchronize(s);
    std::vector<float> a(m * k), b(k * n), e(m * n);
    cudaMemcpy(a.data(), A, a.size() * sizeof(float), cudaMemcpyDeviceToHost);
    cudaMemcpy(b.data(), B, b.size() * sizeof(float), cudaMemcpyDeviceToHost);
    cudaMemcpy(e.data(), E, e.size() * sizeof(float), cudaMemcpyDeviceToHost);
    std::vector<double> ad(a.begin(), a.end()), bd(b.begin(), b.end());
    std::vector<double> ed(e.begin(), e.end()), z(m * n, 0.0);
    CHECK(ref_err(m, n, k, false, false, 6, ad.data(), sa, bd.data(), sb, 0,
                  z.data(), sd, ed.data(), sd) < 1e-5);
    cublasLtMatrixLayoutDestroy(la); cublasLtMatrixLayoutDestroy(lb);
    cublasLtMatrixLayoutDestroy(ld);
    cublasLtMatmulDescDestroy(d);
    cudaFree(A); cudaFree(B); cudaFree(D); cudaFree(E); cudaFree(scal);
    cudaStreamDestroy(s);
}

// The heuristic: one algorithm for a supported problem, which the product
// then takes; NOT_SUPPORTED (and no algorithm) otherwise.
static void heuristic_case(cublasLtHandle_t h)
{
    const int m = 4, n = 3, k = 2;
    cublasLtMatmulDesc_t d =
        desc(CUBLAS_COMPUTE_64F, CUDA_R_64F, CUBLAS_OP_N, CUBLAS_OP_N);
    Shape sa = {m, k, m, false}, sb = {k, n, k, false}, sd = {m, n, m, false};
    cublasLtMatrixLayout_t la = layout(CUDA_R_64F, sa);
    cublasLtMatrixLayout_t lb = layout(CUDA_R_64F, sb);
    cublasLtMatrixLayout_t ld = layout(CUDA_R_64F, sd);
    cublasLtMatmulPreference_t p = nullptr;
    CHECK(cublasLtMatmulPreferenceCreate(&p) == CUBLAS_STATUS_SUCCESS);
    uint64_t ws = 1 << 20, got = 0;
    CHECK(cublasLtMatmulPreferenceSetAttribute(
              p, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &ws, sizeof ws) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtMatmulPreferenceGetAttribute(
              p, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &got, sizeof got,
              nullptr) == CUBLAS_STATUS_SUCCESS && got == ws);
    cublasLtMatmulHeuristicResult_t r[4];
    memset(r, 0xff, sizeof r);
    int count = -1;
    CHECK(cublasLtMatmulAlgoGetHeuristic(h, d, la, lb, ld, ld, p, 4, r,
                                         &count) == CUBLAS_STATUS_SUCCESS);
    CHECK(count == 1 && r[0].state == CUBLAS_STATUS_SUCCESS &&
          r[0].workspaceSize == 0);
    double *A, *B, *D;
    cudaMallocManaged(&A, m * k * sizeof(double));
    cudaMallocManaged(&B, k * n * sizeof(double));
    cudaMallocManaged(&D, m * n * sizeof(double));
    for (int i = 0; i < m * k; i++) A[i] = i + 1;
    for (int i = 0; i < k * n; i++) B[i] = 2 - i;
    double alpha = 1, beta = 0;
    CHECK(cublasLtMatmul(h, d, &alpha, A, la, B, lb, &beta, nullptr, ld, D,
                         ld, &r[0].algo, nullptr, 0, 0) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    std::vector<double> a = as_double(A, m * k), b = as_double(B, k * n);
    std::vector<double> dd = as_double(D, m * n), z(m * n, 0.0);
    CHECK(ref_err(m, n, k, false, false, 1, a.data(), sa, b.data(), sb, 0,
                  z.data(), sd, dd.data(), sd) < 1e-13);
    // bad requests
    CHECK(cublasLtMatmulAlgoGetHeuristic(h, d, la, lb, ld, ld, p, 0, r,
                                         &count) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasLtMatmulAlgoGetHeuristic(nullptr, d, la, lb, ld, ld, p, 1, r,
                                         &count) ==
          CUBLAS_STATUS_NOT_INITIALIZED);
    // half accumulation is not offered
    cublasLtMatmulDesc_t d16 = nullptr;
    CHECK(cublasLtMatmulDescCreate(&d16, CUBLAS_COMPUTE_16F, CUDA_R_16F) ==
          CUBLAS_STATUS_SUCCESS);
    cublasLtMatrixLayout_t l16 = layout(CUDA_R_16F, sd);
    count = -1;
    CHECK(cublasLtMatmulAlgoGetHeuristic(h, d16, l16, l16, l16, l16, p, 1, r,
                                         &count) ==
          CUBLAS_STATUS_NOT_SUPPORTED);
    CHECK(count == 0);
    cublasLtMatrixLayoutDestroy(l16);
    cublasLtMatmulDescDestroy(d16);
    cublasLtMatmulPreferenceDestroy(p);
    cublasLtMatrixLayoutDestroy(la); cublasLtMatrixLayoutDestroy(lb);
    cublasLtMatrixLayoutDestroy(ld);
    cublasLtMatmulDescDestroy(d);
    cudaFree(A); cudaFree(B); cudaFree(D);
}

// Each unsupported or bad configuration, one change at a time from a
// valid 4x4 float product.
static void status_case(cublasLtHandle_t h)
{
    float *M, one = 1, zero = 0;
    cudaMallocManaged(&M, 64 * sizeof(float));
    Shape s = {4, 4, 4, false};
    cublasLtMatrixLayout_t l = layout(CUDA_R_32F, s);
    cublasLtMatmulDesc_t d =
        desc(CUBLAS_COMPUTE_32F, CUDA_R_32F, CUBLAS_OP_N, CUBLAS_OP_N);
#define RUN(dd, la, lb, lc, ldd)                                              \
    cublasLtMatmul(h, dd, &one, M, la, M, lb, &zero, M + 16, lc, M + 32, ldd, \
                   nullptr, nullptr, 0, 0)
    CHECK(RUN(d, l, l, l, l) == CUBLAS_STATUS_SUCCESS);

    // NOT_SUPPORTED: other compute types, epilogues, orders, type mixes
    cublasComputeType_t bad_compute[] = {CUBLAS_COMPUTE_16F,
                                         CUBLAS_COMPUTE_32I,
                                         CUBLAS_COMPUTE_64F};
    for (cublasComputeType_t c : bad_compute) {
        cublasLtMatmulDesc_t b = nullptr;
        cublasLtMatmulDescCreate(&b, c, CUDA_R_32F);
        CHECK(RUN(b, l, l, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);
        cublasLtMatmulDescDestroy(b);
    }
    cublasLtMatmulDesc_t bs = nullptr;  // float data, double scale
    cublasLtMatmulDescCreate(&bs, CUBLAS_COMPUTE_32F, CUDA_R_64F);
    CHECK(RUN(bs, l, l, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);
    cublasLtMatmulDescDestroy(bs);
    uint32_t eps[] = {CUBLASLT_EPILOGUE_GELU, CUBLASLT_EPILOGUE_GELU_BIAS,
                      CUBLASLT_EPILOGUE_RELU_AUX, CUBLASLT_EPILOGUE_BGRADA};
    for (uint32_t e : eps) {
        cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_EPILOGUE, &e,
                                       sizeof e);
        CHECK(RUN(d, l, l, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);
    }
    uint32_t e = CUBLASLT_EPILOGUE_DEFAULT;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_EPILOGUE, &e,
                                   sizeof e);
    int32_t pm = CUBLASLT_POINTER_MODE_DEVICE_VECTOR;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_POINTER_MODE, &pm,
                                   sizeof pm);
    CHECK(RUN(d, l, l, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);
    pm = CUBLASLT_POINTER_MODE_HOST;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_POINTER_MODE, &pm,
                                   sizeof pm);
    cublasLtMatrixLayout_t l32 = layout(CUDA_R_32F, s);
    int32_t o = CUBLASLT_ORDER_COL32;
    cublasLtMatrixLayoutSetAttribute(l32, CUBLASLT_MATRIX_LAYOUT_ORDER, &o,
                                     sizeof o);
    CHECK(RUN(d, l32, l, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);
    cublasLtMatrixLayout_t lrow = layout(CUDA_R_32F, {4, 4, 4, true});
    CHECK(RUN(d, l, l, lrow, l) == CUBLAS_STATUS_NOT_SUPPORTED);  // C != D
    cublasLtMatrixLayout_t l64 = layout(CUDA_R_64F, s);
    CHECK(RUN(d, l, l64, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);
    cublasLtMatrixLayout_t l8 = layout(CUDA_R_8I, s);
    CHECK(RUN(d, l8, l8, l, l) == CUBLAS_STATUS_NOT_SUPPORTED);

    // INVALID_VALUE: shapes that do not multiply, short ld, batch counts
    cublasLtMatrixLayout_t l43 = layout(CUDA_R_32F, {4, 3, 4, false});
    CHECK(RUN(d, l, l43, l, l) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(RUN(d, l, l, l, l43) == CUBLAS_STATUS_INVALID_VALUE);
    cublasLtMatrixLayout_t lshort = layout(CUDA_R_32F, {4, 4, 3, false});
    CHECK(RUN(d, lshort, l, l, l) == CUBLAS_STATUS_INVALID_VALUE);
    cublasLtMatrixLayout_t lb2 = layout(CUDA_R_32F, s);
    set_batch(lb2, 2, 16);
    CHECK(RUN(d, l, lb2, l, l) == CUBLAS_STATUS_INVALID_VALUE);
    int32_t t = 7;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &t,
                                   sizeof t);
    CHECK(RUN(d, l, l, l, l) == CUBLAS_STATUS_INVALID_VALUE);
    t = CUBLAS_OP_N;
    cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &t,
                                   sizeof t);
    CHECK(cublasLtMatmul(h, d, nullptr, M, l, M, l, &zero, M, l, M, l,
                         nullptr, nullptr, 0, 0) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasLtMatmul(h, nullptr, &one, M, l, M, l, &zero, M, l, M, l,
                         nullptr, nullptr, 0, 0) ==
          CUBLAS_STATUS_INVALID_VALUE);
    // in place with C laid out unlike D
    cublasLtMatrixLayout_t lwide = layout(CUDA_R_32F, {4, 4, 8, false});
    CHECK(cublasLtMatmul(h, d, &one, M, l, M, l, &one, M + 32, lwide, M + 32,
                         l, nullptr, nullptr, 0, 0) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(RUN(d, l, l, l, l) == CUBLAS_STATUS_SUCCESS);  // d is valid again
#undef RUN

    // attributes: wrong sizes, unknown ids, NULL buffers, size queries
    int32_t v = 0;
    size_t w = 0;
    CHECK(cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA, &v,
                                         8) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasLtMatmulDescSetAttribute(d, CUBLASLT_MATMUL_DESC_TRANSA,
                                         nullptr, 4) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasLtMatmulDescSetAttribute(d, (cublasLtMatmulDescAttributes_t)9,
                                         &v, 4) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasLtMatmulDescGetAttribute(d, CUBLASLT_MATMUL_DESC_BIAS_POINTER,
                                         nullptr, 0, &w) ==
              CUBLAS_STATUS_SUCCESS && w == sizeof(void *));
    CHECK(cublasLtMatmulDescGetAttribute(d, CUBLASLT_MATMUL_DESC_COMPUTE_TYPE,
                                         &v, sizeof v, &w) ==
              CUBLAS_STATUS_SUCCESS && v == CUBLAS_COMPUTE_32F && w == 4);
    CHECK(cublasLtMatmulDescGetAttribute(d, CUBLASLT_MATMUL_DESC_EPILOGUE, &v,
                                         sizeof v, nullptr) ==
              CUBLAS_STATUS_SUCCESS && v == CUBLASLT_EPILOGUE_DEFAULT);
    CHECK(cublasLtMatmulDescGetAttribute(d, CUBLASLT_MATMUL_DESC_EPILOGUE,
                                         nullptr, 0, nullptr) ==
          CUBLAS_STATUS_INVALID_VALUE);
    uint64_t rows = 0;
    CHECK(cublasLtMatrixLayoutGetAttribute(l43, CUBLASLT_MATRIX_LAYOUT_COLS,
                                           &rows, sizeof rows, &w) ==
              CUBLAS_STATUS_SUCCESS && rows == 3 && w == 8);
    CHECK(cublasLtMatrixLayoutGetAttribute(l43, CUBLASLT_MATRIX_LAYOUT_ORDER,
                                           &v, sizeof v, &w) ==
              CUBLAS_STATUS_SUCCESS && v == CUBLASLT_ORDER_COL);
    CHECK(cublasLtMatrixLayoutGetAttribute(l43, CUBLASLT_MATRIX_LAYOUT_COLS,
                                           &v, sizeof v, &w) ==
          CUBLAS_STATUS_INVALID_VALUE);
    cublasLtMatmulPreference_t p = nullptr;
    cublasLtMatmulPreferenceCreate(&p);
    uint32_t align = 0;
    CHECK(cublasLtMatmulPreferenceGetAttribute(
              p, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES, &align,
              sizeof align, &w) == CUBLAS_STATUS_SUCCESS && align == 256);
    CHECK(cublasLtMatmulPreferenceSetAttribute(
              p, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &align,
              sizeof align) == CUBLAS_STATUS_INVALID_VALUE);
    cublasLtMatmulPreferenceDestroy(p);

    for (cublasLtMatrixLayout_t x : {l, l32, lrow, l64, l8, l43, lshort, lb2,
                                     lwide})
        cublasLtMatrixLayoutDestroy(x);
    cublasLtMatmulDescDestroy(d);
    cudaDeviceSynchronize();
    cudaFree(M);
}

int main()
{
    cublasLtHandle_t h = nullptr;
    CHECK(cublasLtCreate(nullptr) == CUBLAS_STATUS_INVALID_VALUE);
    if (cublasLtCreate(&h) != CUBLAS_STATUS_SUCCESS || !h) {
        printf("FAIL cublasLtCreate\n");
        return 1;
    }
    CHECK(cublasLtGetVersion() >= 120000);
    CHECK(cublasLtGetCudartVersion() >= 12000);
    CHECK(strcmp(cublasLtGetStatusName(CUBLAS_STATUS_NOT_SUPPORTED),
                 "CUBLAS_STATUS_NOT_SUPPORTED") == 0);
    CHECK(cublasLtGetStatusString(CUBLAS_STATUS_SUCCESS) != nullptr);

    for (int t = 0; t < 4; t++) {
        real_case<float>(h, t & 1, t & 2, false, false, false, 1e-5);
        real_case<double>(h, t & 1, t & 2, false, false, false, 1e-13);
    }
    // row-major layouts, alone and mixed with column-major ones
    real_case<float>(h, false, false, true, true, true, 1e-5);
    real_case<float>(h, true, false, true, false, false, 1e-5);
    real_case<double>(h, false, true, false, true, true, 1e-13);
    real_case<double>(h, true, true, true, false, true, 1e-13);
    batch_case(h);
    narrow_case<__half>(h, CUDA_R_16F, false, 2e-3);
    narrow_case<__half>(h, CUDA_R_16F, true, 1e-5);
    narrow_case<__nv_bfloat16>(h, CUDA_R_16BF, false, 4e-3);
    epilogue_case(h, CUBLASLT_EPILOGUE_RELU, false, 1);
    epilogue_case(h, CUBLASLT_EPILOGUE_BIAS, false, 1);
    epilogue_case(h, CUBLASLT_EPILOGUE_RELU_BIAS, false, 2);
    epilogue_case(h, CUBLASLT_EPILOGUE_RELU_BIAS, true, 1);
    complex_case(h);
    async_case(h);
    heuristic_case(h);
    status_case(h);

    CHECK(cublasLtDestroy(h) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasLtDestroy(h) == CUBLAS_STATUS_NOT_INITIALIZED);
    CHECK(cublasLtDestroy(nullptr) == CUBLAS_STATUS_NOT_INITIALIZED);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
