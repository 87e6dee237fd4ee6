// cublas_extra.cu: cuBLAS routines BLAS lacks or has only in another
// form, against loops on the host: complex symmetric symv, syr, syr2 (C,
// Z; upper and lower, incx 2 / incy -1, beta 0 not reading a NaN y, the
// other triangle untouched); syrkx (S, D, C, Z; N and T) and herkx (C, Z;
// N and C, B = A diag(d) so that the product is Hermitian, the diagonal
// left real) on the uplo triangle only; gemvBatched and
// gemvStridedBatched (S, D, C, Z; N, T, C; three members, one stride with
// incx 2); trsmBatched (S, D, C, Z; left and right, upper and lower, N, T
// and C, unit and non-unit), checked by multiplying back; bad arguments.
// Values are O(1), triangles diagonally dominant: results within 64
// epsilon relative to 1 + |expected| (7.6e-6 for S and C, 1.4e-14 for D
// and Z).
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cuComplex.h>
#include <cfloat>
#include <cmath>
#include <complex>
#include <cstdio>
#include <vector>

static int failures = 0;
#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

typedef std::complex<double> cd;
typedef std::vector<cd> vec;
enum { N = 5, K = 3, BATCH = 3 };
static const cd JUNK(99, -77);

template <typename T> struct Ty;
#define CUX_TY(T, R, P, EPS, CPLX, TO, FROM)                                  \
    template <> struct Ty<T> {                                               \
        typedef R real;                                                      \
        static constexpr double eps = EPS;                                   \
        static constexpr bool complex = CPLX;                                \
        static constexpr const char *name = #P;                              \
        static cd to(T v) { return TO; }                                     \
        static T from(cd v) { return FROM; }                                 \
        static cublasStatus_t syrkx(cublasHandle_t h, cublasFillMode_t u,    \
                                    cublasOperation_t t, int n, int k,       \
                                    const T *a, const T *A, int lda,         \
                                    const T *B, int ldb, const T *b, T *C,   \
                                    int ldc)                                 \
        {                                                                    \
            return cublas##P##syrkx(h, u, t, n, k, a, A, lda, B, ldb, b, C,  \
                                    ldc);                                    \
        }                                                                    \
        static cublasStatus_t gemvb(cublasHandle_t h, cublasOperation_t t,   \
                                    int m, int n, const T *a,                \
                                    const T *const A[], int lda,             \
                                    const T *const x[], int incx,            \
                                    const T *b, T *const y[], int incy,      \
                                    int batch)                               \
        {                                                                    \
            return cublas##P##gemvBatched(h, t, m, n, a, A, lda, x, incx, b, \
                                          y, incy, batch);                   \
        }                                                                    \
        static cublasStatus_t gemvs(cublasHandle_t h, cublasOperation_t t,   \
                                    int m, int n, const T *a, const T *A,    \
                                    int lda, long long sa, const T *x,       \
                                    int incx, long long sx, const T *b,      \
                                    T *y, int incy, long long sy, int batch) \
        {                                                                    \
            return cublas##P##gemvStridedBatched(h, t, m, n, a, A, lda, sa,  \
                                                 x, incx, sx, b, y, incy,    \
                                                 sy, batch);                 \
        }                                                                    \
        static cublasStatus_t trsmb(cublasHandle_t h, cublasSideMode_t s,    \
                                    cublasFillMode_t u, cublasOperation_t t, \
                                    cublasDiagType_t d, int m, int n,        \
                                    const T *a, const T *const A[], int lda, \
                                    T *const B[], int ldb, int batch)        \
        {                                                                    \
            return cublas##P##trsmBatched(h, s, u, t, d, m, n, a, A, lda, B, \
                                          ldb, batch);                       \
        }                                                                    \
    };
CUX_TY(float, float, S, FLT_EPSILON, false, cd(v, 0), (float)v.real())
CUX_TY(double, double, D, DBL_EPSILON, false, cd(v, 0), v.real())
CUX_TY(cuComplex, float, C, FLT_EPSILON, true, cd(v.x, v.y),
       make_cuComplex((float)v.real(), (float)v.imag()))
CUX_TY(cuDoubleComplex, double, Z, DBL_EPSILON, true, cd(v.x, v.y),
       make_cuDoubleComplex(v.real(), v.imag()))

// The complex-only calls; S and D have none (check_rankkx names herkx
// for every type, and calls it only for C and Z).
template <typename T> struct Cx {
    static cublasStatus_t herkx(cublasHandle_t, cublasFillMode_t,
                                cublasOperation_t, int, int, const T *,
                                const T *, int, const T *, int,
                                const typename Ty<T>::real *, T *, int)
    {
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
};
#define CUX_CX(T, R, P)                                                      \
    template <> struct Cx<T> {                                               \
        static cublasStatus_t symv(cublasHandle_t h, cublasFillMode_t u,     \
                                   int n, const T *a, const T *A, int lda,   \
                                   const T *x, int incx, const T *b, T *y,   \
                                   int incy)                                 \
        {                                                                    \
            return cublas##P##symv(h, u, n, a, A, lda, x, incx, b, y, incy); \
        }                                                                    \
        static cublasStatus_t syr(cublasHandle_t h, cublasFillMode_t u,      \
                                  int n, const T *a, const T *x, int incx,   \
                                  T *A, int lda)                             \
        {                                                                    \
            return cublas##P##syr(h, u, n, a, x, incx, A, lda);              \
        }                                                                    \
        static cublasStatus_t syr2(cublasHandle_t h, cublasFillMode_t u,     \
                                   int n, const T *a, const T *x, int incx,  \
                                   const T *y, int incy, T *A, int lda)      \
        {                                                                    \
            return cublas##P##syr2(h, u, n, a, x, incx, y, incy, A, lda);    \
        }                                                                    \
        static cublasStatus_t herkx(cublasHandle_t h, cublasFillMode_t u,    \
                                    cublasOperation_t t, int n, int k,       \
                                    const T *a, const T *A, int lda,         \
                                    const T *B, int ldb, const R *b, T *C,   \
                                    int ldc)                                 \
        {                                                                    \
            return cublas##P##herkx(h, u, t, n, k, a, A, lda, B, ldb, b, C,  \
                                    ldc);                                    \
        }                                                                    \
    };
CUX_CX(cuComplex, float, C)
CUX_CX(cuDoubleComplex, double, Z)

template <typename T> static bool near(cd got, cd want)
{
    return std::abs(got - want) <= 64 * Ty<T>::eps * (1 + std::abs(want));
}

static double wobble(int r, int c, int salt)
{
    return 0.125 * ((r * 5 + c * 3 + salt) % 13) - 0.75;
}

static vec matrix(int rows, int cols, bool cplx, int salt)
{
    vec a(rows * cols);
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            a[c * rows + r] =
                cd(wobble(r, c, salt), cplx ? wobble(c, r, salt + 4) : 0);
    return a;
}

// Managed memory holding a rows x cols matrix with leading dimension ld
// (junk between), or with ld 0 a plain array of rows values.
template <typename T> static T *put(const vec &a, int rows, int cols, int ld)
{
    T *p;
    size_t n = (size_t)(ld ? ld : rows) * cols;
    cudaMallocManaged(&p, n * sizeof(T));
    for (size_t i = 0; i < n; i++)
        p[i] = Ty<T>::from(JUNK);
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            p[c * (ld ? ld : rows) + r] = Ty<T>::from(a[c * rows + r]);
    return p;
}

static int at(int i, int len, int inc)
{
    return inc > 0 ? i * inc : (len - 1 - i) * -inc;
}

// op(A) for a rows x cols A: op 0 N, 1 T, 2 C.
static vec op_of(const vec &a, int rows, int cols, int op)
{
    if (!op)
        return a;
    vec t(rows * cols);
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            t[r * cols + c] = op == 2 ? std::conj(a[c * rows + r])
                                      : a[c * rows + r];
    return t;
}

// a (m x k) times b (k x n).
static vec mul(const vec &a, const vec &b, int m, int k, int n)
{
    vec p(m * n, 0.0);
    for (int c = 0; c < n; c++)
        for (int l = 0; l < k; l++)
            for (int r = 0; r < m; r++)
                p[c * m + r] += a[l * m + r] * b[c * k + l];
    return p;
}

static const cublasOperation_t OPS[] = {CUBLAS_OP_N, CUBLAS_OP_T,
                                        CUBLAS_OP_C};

template <typename T> static void test_complex_symmetric(cublasHandle_t h)
{
    const int lda = N + 1;
    vec full = matrix(N, N, true, 1);
    for (int c = 0; c < N; c++)
        for (int r = c + 1; r < N; r++)
            full[c * N + r] = full[r * N + c]; // symmetric, not Hermitian
    cd alpha(0.75, -0.5), beta(0.5, 1);
    T a = Ty<T>::from(alpha), b = Ty<T>::from(beta), zero = Ty<T>::from(0);
    for (int upper = 0; upper < 2; upper++) {
        cublasFillMode_t uplo =
            upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
        // Only the uplo triangle is stored; the other holds junk.
        vec stored = full;
        for (int c = 0; c < N; c++)
            for (int r = 0; r < N; r++)
                if (upper ? r > c : r < c)
                    stored[c * N + r] = JUNK;
        T *A = put<T>(stored, N, N, lda);
        vec x0 = matrix(N, 1, true, 2), y0 = matrix(N, 1, true, 3);
        vec ax = mul(full, x0, N, N, 1);
        for (int zero_beta = 0; zero_beta < 2; zero_beta++) {
            T *x, *y;
            cudaMallocManaged(&x, 2 * N * sizeof(T));
            cudaMallocManaged(&y, N * sizeof(T));
            for (int i = 0; i < N; i++) {
                x[at(i, N, 2)] = Ty<T>::from(x0[i]);
                y[at(i, N, -1)] = zero_beta ? Ty<T>::from(cd(NAN, NAN))
                                            : Ty<T>::from(y0[i]);
            }
            EXPECT(Cx<T>::symv(h, uplo, N, &a, A, lda, x, 2,
                               zero_beta ? &zero : &b, y,
                               -1) == CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            for (int i = 0; i < N; i++)
                EXPECT(near<T>(Ty<T>::to(y[at(i, N, -1)]),
                               alpha * ax[i] +
                                   (zero_beta ? 0.0 : beta * y0[i])));
            cudaFree(x);
            cudaFree(y);
        }
        // syr and syr2 on the stored triangle.
        for (int two = 0; two < 2; two++) {
            T *B = put<T>(stored, N, N, lda);
            T *x = put<T>(x0, N, 1, 0), *y = put<T>(y0, N, 1, 0);
            EXPECT((two ? Cx<T>::syr2(h, uplo, N, &a, x, 1, y, 1, B, lda)
                        : Cx<T>::syr(h, uplo, N, &a, x, 1, B, lda)) ==
                   CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            for (int c = 0; c < N; c++)
                for (int r = 0; r < N; r++) {
                    cd got = Ty<T>::to(B[c * lda + r]);
                    if (upper ? r > c : r < c) {
                        EXPECT(got == JUNK);
                        continue;
                    }
                    cd add = two ? x0[r] * y0[c] + y0[r] * x0[c]
                                 : x0[r] * x0[c];
                    EXPECT(near<T>(got, full[c * N + r] + alpha * add));
                }
            cudaFree(B);
            cudaFree(x);
            cudaFree(y);
        }
        cudaFree(A);
    }
    T *A = put<T>(full, N, N, 0), *x = put<T>(matrix(N, 1, true, 2), N, 1, 0);
    EXPECT(Cx<T>::symv(h, CUBLAS_FILL_MODE_UPPER, N, &a, A, N - 1, x, 1, &b,
                       x, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Cx<T>::symv(h, CUBLAS_FILL_MODE_FULL, N, &a, A, N, x, 1, &b, x,
                       1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Cx<T>::symv(h, CUBLAS_FILL_MODE_UPPER, N, &a, A, N, x, 1, NULL, x,
                       1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Cx<T>::syr(h, CUBLAS_FILL_MODE_UPPER, N, &a, x, 0, A, N) ==
           CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Cx<T>::syr2(h, CUBLAS_FILL_MODE_UPPER, -1, &a, x, 1, x, 1, A,
                       N) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Cx<T>::syr2(h, CUBLAS_FILL_MODE_UPPER, N, &a, x, 1, x, 0, A, N) ==
           CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
    cudaFree(x);
}

// syrkx (herm false) and herkx: C = alpha op(A) op(B)^T (^H) + beta C on
// the uplo triangle; op(A), op(B) are N x K.
template <typename T> static void check_rankkx(cublasHandle_t h, bool herm)
{
    bool cx = Ty<T>::complex;
    const int ldc = N + 1;
    // herkx: a real alpha, or the product is not Hermitian.
    cd alpha(0.5, cx && !herm ? 0.25 : 0);
    cd beta(-1.5, cx && !herm ? 0.5 : 0);
    T a = Ty<T>::from(alpha), b = Ty<T>::from(beta);
    typename Ty<T>::real br = (typename Ty<T>::real)beta.real();
    vec c0 = matrix(N, N, cx, 6);
    if (herm) // a Hermitian C to start from
        for (int c = 0; c < N; c++)
            for (int r = 0; r <= c; r++)
                c0[c * N + r] = r == c ? cd(c0[c * N + r].real(), 0)
                                       : std::conj(c0[r * N + c]);
    for (int opi = 0; opi < 2; opi++) {
        int op = herm ? 2 * opi : opi; // syrkx: N, T; herkx: N, C
        vec opa = matrix(N, K, cx, 4); // op(A), N x K
        vec opb = opa;
        for (int l = 0; l < K; l++) // op(B) = op(A) diag(d), d real
            for (int r = 0; r < N; r++)
                opb[l * N + r] *= 0.5 + l;
        if (!herm)
            opb = matrix(N, K, cx, 5);
        // The stored A and B: op^-1 of op(A), op(B).
        int rows = op ? K : N, cols = op ? N : K;
        vec sa = op_of(opa, N, K, op), sb = op_of(opb, N, K, op);
        vec prod = mul(opa, op_of(opb, N, K, herm ? 2 : 1), N, K, N);
        for (int upper = 0; upper < 2; upper++) {
            cublasFillMode_t uplo =
                upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
            T *A = put<T>(sa, rows, cols, rows + 1);
            T *B = put<T>(sb, rows, cols, rows + 2);
            T *C = put<T>(c0, N, N, ldc);
            cublasStatus_t st =
                herm ? Cx<T>::herkx(h, uplo, OPS[op], N, K, &a, A, rows + 1,
                                    B, rows + 2, &br, C, ldc)
                     : Ty<T>::syrkx(h, uplo, OPS[op], N, K, &a, A, rows + 1,
                                    B, rows + 2, &b, C, ldc);
            EXPECT(st == CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            for (int c = 0; c < N; c++)
                for (int r = 0; r < N; r++) {
                    cd got = Ty<T>::to(C[c * ldc + r]);
                    if (upper ? r > c : r < c)
                        EXPECT(got == Ty<T>::to(Ty<T>::from(c0[c * N + r])));
                    else
                        EXPECT(near<T>(got, alpha * prod[c * N + r] +
                                                beta * c0[c * N + r]));
                    if (herm && r == c)
                        EXPECT(got.imag() == 0);
                }
            cudaFree(A);
            cudaFree(B);
            cudaFree(C);
        }
    }
}

template <typename T> static void test_rankkx(cublasHandle_t h)
{
    check_rankkx<T>(h, false);
    T *A = put<T>(matrix(N, N, false, 1), N, N, 0);
    T a = Ty<T>::from(1);
    EXPECT(Ty<T>::syrkx(h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, N, K, &a, A,
                        N - 1, A, N, &a, A, N) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::syrkx(h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_T, N, K, &a, A,
                        K, A, K - 1, &a, A, N) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::syrkx(h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, N, -1, &a, A,
                        N, A, N, &a, A, N) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::syrkx(h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, N, K, &a, A,
                        N, A, N, NULL, A, N) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::syrkx(h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_C, N, K, &a, A,
                        N, A, N, &a, A, N) ==
           (Ty<T>::complex ? CUBLAS_STATUS_INVALID_VALUE
                           : CUBLAS_STATUS_SUCCESS));
    cudaDeviceSynchronize();
    cudaFree(A);
}

template <typename T> static void test_herkx(cublasHandle_t h)
{
    check_rankkx<T>(h, true);
    T *A = put<T>(matrix(N, N, true, 1), N, N, 0);
    T a = Ty<T>::from(1);
    typename Ty<T>::real b = 1;
    EXPECT(Cx<T>::herkx(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_T, N, K, &a, A,
                        N, A, N, &b, A, N) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Cx<T>::herkx(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N, N, K, &a, A,
                        N, A, N, &b, A, N - 1) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
}

template <typename T> static void test_gemv_batched(cublasHandle_t h)
{
    bool cx = Ty<T>::complex;
    const int m = 4, n = 3, lda = 5;
    cd alpha(1.5, cx ? -0.5 : 0), beta(0.25, cx ? 0.75 : 0);
    T a = Ty<T>::from(alpha), b = Ty<T>::from(beta);
    for (int op = 0; op < 3; op++)
        for (int strided = 0; strided < 2; strided++) {
            int xl = op ? m : n, yl = op ? n : m;
            int incx = strided ? 2 : 1;
            // One allocation each, members at a stride (used by the
            // pointer arrays too).
            const long long sa = lda * n + 1, sx = xl * incx + 3, sy = yl + 2;
            vec As[BATCH], xs[BATCH], ys[BATCH];
            T *A, *x, *y, **pa, **px, **py;
            cudaMallocManaged(&A, BATCH * sa * sizeof(T));
            cudaMallocManaged(&x, BATCH * sx * sizeof(T));
            cudaMallocManaged(&y, BATCH * sy * sizeof(T));
            cudaMallocManaged(&pa, BATCH * sizeof(T *));
            cudaMallocManaged(&px, BATCH * sizeof(T *));
            cudaMallocManaged(&py, BATCH * sizeof(T *));
            for (int i = 0; i < BATCH; i++) {
                As[i] = matrix(m, n, cx, 10 + i);
                xs[i] = matrix(xl, 1, cx, 20 + i);
                ys[i] = matrix(yl, 1, cx, 30 + i);
                for (int c = 0; c < n; c++)
                    for (int r = 0; r < m; r++)
                        A[i * sa + c * lda + r] =
                            Ty<T>::from(As[i][c * m + r]);
                for (int k = 0; k < xl; k++)
                    x[i * sx + k * incx] = Ty<T>::from(xs[i][k]);
                for (int k = 0; k < yl; k++)
                    y[i * sy + k] = Ty<T>::from(ys[i][k]);
                pa[i] = A + i * sa, px[i] = x + i * sx, py[i] = y + i * sy;
            }
            cublasStatus_t st =
                strided ? Ty<T>::gemvs(h, OPS[op], m, n, &a, A, lda, sa, x,
                                       incx, sx, &b, y, 1, sy, BATCH)
                        : Ty<T>::gemvb(h, OPS[op], m, n, &a, pa, lda, px,
                                       incx, &b, py, 1, BATCH);
            EXPECT(st == CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            for (int i = 0; i < BATCH; i++) {
                vec ax = mul(op_of(As[i], m, n, op), xs[i], yl, xl, 1);
                for (int k = 0; k < yl; k++)
                    EXPECT(near<T>(Ty<T>::to(y[i * sy + k]),
                                   alpha * ax[k] + beta * ys[i][k]));
            }
            if (op == 0 && strided == 0) {
                EXPECT(Ty<T>::gemvb(h, CUBLAS_OP_N, m, n, &a, pa, m - 1, px,
                                    1, &b, py, 1,
                                    BATCH) == CUBLAS_STATUS_INVALID_VALUE);
                EXPECT(Ty<T>::gemvb(h, CUBLAS_OP_N, m, n, &a, pa, lda, px, 1,
                                    &b, py, 1,
                                    -1) == CUBLAS_STATUS_INVALID_VALUE);
                EXPECT(Ty<T>::gemvs(h, CUBLAS_OP_N, m, n, &a, A, lda, sa, x,
                                    0, sx, &b, y, 1, sy,
                                    BATCH) == CUBLAS_STATUS_INVALID_VALUE);
                EXPECT(Ty<T>::gemvs(h, CUBLAS_OP_CONJG, m, n, &a, A, lda, sa,
                                    x, 1, sx, &b, y, 1, sy,
                                    BATCH) == CUBLAS_STATUS_INVALID_VALUE);
                EXPECT(Ty<T>::gemvs(h, CUBLAS_OP_N, m, n, &a, A, lda, sa, x,
                                    1, sx, &b, y, 1, sy,
                                    0) == CUBLAS_STATUS_SUCCESS);
            }
            cudaFree(A);
            cudaFree(x);
            cudaFree(y);
            cudaFree(pa);
            cudaFree(px);
            cudaFree(py);
        }
}

template <typename T> static void test_trsm_batched(cublasHandle_t h)
{
    bool cx = Ty<T>::complex;
    const int m = 4, n = 3;
    cd alpha(2, cx ? -1 : 0);
    T a = Ty<T>::from(alpha);
    for (int form = 0; form < 2 * 2 * 2 * 3; form++) {
        bool left = form & 1, upper = form & 2, unit = form & 4;
        int op = form / 8;
        int ka = left ? m : n, lda = ka + 1, ldb = m + 2;
        T **pa, **pb;
        cudaMallocManaged(&pa, BATCH * sizeof(T *));
        cudaMallocManaged(&pb, BATCH * sizeof(T *));
        vec tri[BATCH], b0[BATCH];
        for (int i = 0; i < BATCH; i++) {
            tri[i] = matrix(ka, ka, cx, 40 + i);
            vec stored = tri[i];
            for (int c = 0; c < ka; c++)
                for (int r = 0; r < ka; r++) {
                    cd &v = tri[i][c * ka + r];
                    if (upper ? r > c : r < c) {
                        v = 0;
                        stored[c * ka + r] = JUNK; // not read
                    } else if (r == c) {
                        stored[c * ka + r] = v += 4;
                        if (unit)
                            v = 1; // the stored diagonal is not read
                    }
                }
            b0[i] = matrix(m, n, cx, 50 + i);
            pa[i] = put<T>(stored, ka, ka, lda);
            pb[i] = put<T>(b0[i], m, n, ldb);
        }
        EXPECT(Ty<T>::trsmb(h, left ? CUBLAS_SIDE_LEFT : CUBLAS_SIDE_RIGHT,
                            upper ? CUBLAS_FILL_MODE_UPPER
                                  : CUBLAS_FILL_MODE_LOWER,
                            OPS[op],
                            unit ? CUBLAS_DIAG_UNIT : CUBLAS_DIAG_NON_UNIT, m,
                            n, &a, pa, lda, pb, ldb,
                            BATCH) == CUBLAS_STATUS_SUCCESS);
        cudaDeviceSynchronize();
        for (int i = 0; i < BATCH; i++) {
            vec X(m * n);
            for (int c = 0; c < n; c++)
                for (int r = 0; r < m; r++)
                    X[c * m + r] = Ty<T>::to(pb[i][c * ldb + r]);
            vec opa = op_of(tri[i], ka, ka, op);
            vec back = left ? mul(opa, X, m, m, n) : mul(X, opa, m, n, n);
            for (int k = 0; k < m * n; k++)
                EXPECT(near<T>(back[k], alpha * b0[i][k]));
            cudaFree(pa[i]);
            cudaFree(pb[i]);
        }
        if (form == 0) {
            EXPECT(Ty<T>::trsmb(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER,
                                CUBLAS_OP_N, CUBLAS_DIAG_UNIT, m, n, &a, pa,
                                m - 1, pb, ldb,
                                BATCH) == CUBLAS_STATUS_INVALID_VALUE);
            EXPECT(Ty<T>::trsmb(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER,
                                CUBLAS_OP_N, CUBLAS_DIAG_UNIT, m, n, &a, pa,
                                lda, pb, m - 1,
                                BATCH) == CUBLAS_STATUS_INVALID_VALUE);
            EXPECT(Ty<T>::trsmb(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER,
                                CUBLAS_OP_N, CUBLAS_DIAG_UNIT, m, n, &a, pa,
                                lda, pb, ldb,
                                -1) == CUBLAS_STATUS_INVALID_VALUE);
            EXPECT(Ty<T>::trsmb(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER,
                                CUBLAS_OP_N, CUBLAS_DIAG_UNIT, m, n, NULL,
                                pa, lda, pb, ldb,
                                BATCH) == CUBLAS_STATUS_INVALID_VALUE);
            EXPECT(Ty<T>::trsmb(h, (cublasSideMode_t)2,
                                CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N,
                                CUBLAS_DIAG_UNIT, m, n, &a, pa, lda, pb, ldb,
                                BATCH) == CUBLAS_STATUS_INVALID_VALUE);
        }
        cudaFree(pa);
        cudaFree(pb);
    }
}

template <typename T> static void test_all(cublasHandle_t h)
{
    int before = failures;
    test_rankkx<T>(h);
    test_gemv_batched<T>(h);
    test_trsm_batched<T>(h);
    if (failures != before)
        printf("  (%d failures in %s)\n", failures - before, Ty<T>::name);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_extra: cublasCreate\n");
        return 1;
    }
    test_all<float>(h);
    test_all<double>(h);
    test_all<cuComplex>(h);
    test_all<cuDoubleComplex>(h);
    test_complex_symmetric<cuComplex>(h);
    test_complex_symmetric<cuDoubleComplex>(h);
    test_herkx<cuComplex>(h);
    test_herkx<cuDoubleComplex>(h);
    cublasDestroy(h);
    printf("%s cublas_extra\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
