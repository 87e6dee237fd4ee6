// cublas_banded_packed.cu: cuBLAS's level-2 routines on band and packed
// storage, S, D, C and Z, against loops on the host over the full matrix
// the storage stands for: gbmv (6x5, two sub- and one superdiagonal, lda
// one past the band; N, T and C), sbmv/hbmv (n 5, k 2), spmv/hpmv,
// spr/hpr, spr2/hpr2 (upper and lower), tbmv, tbsv, tpmv, tpsv (upper and
// lower, N, T, C, unit and non-unit diagonal), each with unit strides and
// with incx 2, incy -1 (a negative stride walks the vector from its end,
// as BLAS's does).  Band slots outside the matrix and stored imaginary
// parts of Hermitian diagonals hold junk that must not be read.  gbmv runs
// once with alpha and beta in device memory.  Bad arguments are
// CUBLAS_STATUS_INVALID_VALUE.  The values are O(1) and the triangles have
// a dominant diagonal: results must be within 64 epsilon, relative to
// 1 + |expected| (7.6e-6 for S and C, 1.4e-14 for D and Z).
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
enum { M = 6, N = 5, KL = 2, KU = 1, K = 2 };
static const cd JUNK(99, -77);

// Each precision: its name, epsilon, conversion to and from complex
// double, and the cuBLAS calls (sbmv, spmv, spr, spr2 are hbmv, hpmv, hpr,
// hpr2 for C and Z).
template <typename T> struct Ty;
#define CUX_TY(T, R, P, S, EPS, CPLX, TO, FROM)                               \
    template <> struct Ty<T> {                                               \
        static constexpr double eps = EPS;                                   \
        static constexpr bool complex = CPLX;                                \
        static constexpr const char *name = #P;                              \
        typedef R real;                                                      \
        static cd to(T v) { return TO; }                                     \
        static T from(cd v) { return FROM; }                                 \
        static cublasStatus_t gbmv(cublasHandle_t h, cublasOperation_t t,    \
                                   int m, int n, int kl, int ku,             \
                                   const T *a, const T *A, int lda,          \
                                   const T *x, int incx, const T *b, T *y,   \
                                   int incy)                                 \
        {                                                                    \
            return cublas##P##gbmv(h, t, m, n, kl, ku, a, A, lda, x, incx,   \
                                   b, y, incy);                              \
        }                                                                    \
        static cublasStatus_t sbmv(cublasHandle_t h, cublasFillMode_t u,     \
                                   int n, int k, const T *a, const T *A,     \
                                   int lda, const T *x, int incx,            \
                                   const T *b, T *y, int incy)               \
        {                                                                    \
            return cublas##P##S##bmv(h, u, n, k, a, A, lda, x, incx, b, y,   \
                                     incy);                                  \
        }                                                                    \
        static cublasStatus_t spmv(cublasHandle_t h, cublasFillMode_t u,     \
                                   int n, const T *a, const T *AP,           \
                                   const T *x, int incx, const T *b, T *y,   \
                                   int incy)                                 \
        {                                                                    \
            return cublas##P##S##pmv(h, u, n, a, AP, x, incx, b, y, incy);   \
        }                                                                    \
        static cublasStatus_t spr(cublasHandle_t h, cublasFillMode_t u,      \
                                  int n, const R *a, const T *x, int incx,   \
                                  T *AP)                                     \
        {                                                                    \
            return cublas##P##S##pr(h, u, n, a, x, incx, AP);                \
        }                                                                    \
        static cublasStatus_t spr2(cublasHandle_t h, cublasFillMode_t u,     \
                                   int n, const T *a, const T *x, int incx,  \
                                   const T *y, int incy, T *AP)              \
        {                                                                    \
            return cublas##P##S##pr2(h, u, n, a, x, incx, y, incy, AP);      \
        }                                                                    \
        static cublasStatus_t tb(bool solve, cublasHandle_t h,               \
                                 cublasFillMode_t u, cublasOperation_t t,    \
                                 cublasDiagType_t d, int n, int k,           \
                                 const T *A, int lda, T *x, int incx)        \
        {                                                                    \
            return (solve ? cublas##P##tbsv : cublas##P##tbmv)(              \
                h, u, t, d, n, k, A, lda, x, incx);                          \
        }                                                                    \
        static cublasStatus_t tp(bool solve, cublasHandle_t h,               \
                                 cublasFillMode_t u, cublasOperation_t t,    \
                                 cublasDiagType_t d, int n, const T *AP,     \
                                 T *x, int incx)                             \
        {                                                                    \
            return (solve ? cublas##P##tpsv : cublas##P##tpmv)(              \
                h, u, t, d, n, AP, x, incx);                                 \
        }                                                                    \
    };
CUX_TY(float, float, S, s, FLT_EPSILON, false, cd(v, 0), (float)v.real())
CUX_TY(double, double, D, s, DBL_EPSILON, false, cd(v, 0), v.real())
CUX_TY(cuComplex, float, C, h, FLT_EPSILON, true, cd(v.x, v.y),
       make_cuComplex((float)v.real(), (float)v.imag()))
CUX_TY(cuDoubleComplex, double, Z, h, DBL_EPSILON, true, cd(v.x, v.y),
       make_cuDoubleComplex(v.real(), v.imag()))

template <typename T> static bool near(cd got, cd want)
{
    return std::abs(got - want) <= 64 * Ty<T>::eps * (1 + std::abs(want));
}

static double wobble(int r, int c, int salt)
{
    return 0.125 * ((r * 5 + c * 3 + salt) % 13) - 0.75;
}

// A full rows x cols matrix, column-major, complex only for complex types.
static vec matrix(int rows, int cols, bool cplx, int salt)
{
    vec a(rows * cols);
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++)
            a[c * rows + r] =
                cd(wobble(r, c, salt), cplx ? wobble(c, r, salt + 4) : 0);
    return a;
}

// The logical element i of a vector of length len stored with stride inc
// (from the far end when inc < 0, as BLAS stores it).
static int at(int i, int len, int inc)
{
    return inc > 0 ? i * inc : (len - 1 - i) * -inc;
}

template <typename T> struct Vec {
    T *p;
    int len, inc;
    Vec(const vec &v, int inc_) : len((int)v.size()), inc(inc_)
    {
        int span = len * abs(inc);
        cudaMallocManaged(&p, span * sizeof(T));
        for (int i = 0; i < span; i++)
            p[i] = Ty<T>::from(JUNK);
        for (int i = 0; i < len; i++)
            p[at(i, len, inc)] = Ty<T>::from(v[i]);
    }
    ~Vec() { cudaFree(p); }
    cd operator[](int i) const { return Ty<T>::to(p[at(i, len, inc)]); }
    // The gaps between the elements must be untouched.
    bool gaps_junk() const
    {
        for (int i = 0; i < len * abs(inc); i++)
            if (i % abs(inc) && Ty<T>::to(p[i]) != Ty<T>::to(Ty<T>::from(JUNK)))
                return false;
        return true;
    }
};

static vec vector_of(int len, bool cplx, int salt)
{
    return matrix(len, 1, cplx, salt);
}

// op(A) x for a full rows x cols A: op 0 N, 1 T, 2 C.
static vec apply(const vec &a, int rows, int cols, int op, const vec &x)
{
    int out = op ? cols : rows;
    vec y(out, 0.0);
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < rows; r++) {
            cd v = a[c * rows + r];
            if (op == 0)
                y[r] += v * x[c];
            else
                y[c] += (op == 2 ? std::conj(v) : v) * x[r];
        }
    return y;
}

static const cublasOperation_t OPS[] = {CUBLAS_OP_N, CUBLAS_OP_T,
                                        CUBLAS_OP_C};
static const int INCS[][2] = {{1, 1}, {2, -1}};

template <typename T> static T *alloc(size_t n)
{
    T *p;
    cudaMallocManaged(&p, n * sizeof(T));
    for (size_t i = 0; i < n; i++)
        p[i] = Ty<T>::from(JUNK);
    return p;
}

template <typename T> static void test_gbmv(cublasHandle_t h)
{
    bool cx = Ty<T>::complex;
    vec full = matrix(M, N, cx, 1);
    for (int c = 0; c < N; c++)
        for (int r = 0; r < M; r++)
            if (r - c > KL || c - r > KU)
                full[c * M + r] = 0;
    const int lda = KL + KU + 2;
    T *A = alloc<T>(lda * N);
    for (int c = 0; c < N; c++)
        for (int r = 0; r < M; r++)
            if (r - c <= KL && c - r <= KU)
                A[c * lda + KU + r - c] = Ty<T>::from(full[c * M + r]);
    cd alpha(0.5, cx ? 0.25 : 0), beta(-1, cx ? 0.5 : 0);
    T a = Ty<T>::from(alpha), b = Ty<T>::from(beta);
    for (int op = 0; op < 3; op++)
        for (auto &inc : INCS) {
            int xl = op ? M : N, yl = op ? N : M;
            vec x0 = vector_of(xl, cx, 2), y0 = vector_of(yl, cx, 3);
            Vec<T> x(x0, inc[0]), y(y0, inc[1]);
            EXPECT(Ty<T>::gbmv(h, OPS[op], M, N, KL, KU, &a, A, lda, x.p,
                               inc[0], &b, y.p,
                               inc[1]) == CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            vec ax = apply(full, M, N, op, x0);
            for (int i = 0; i < yl; i++)
                EXPECT(near<T>(y[i], alpha * ax[i] + beta * y0[i]));
            EXPECT(y.gaps_junk());
        }
    // alpha and beta in device memory, read when the call runs.
    T *scal = alloc<T>(2);
    scal[0] = a, scal[1] = b;
    vec x0 = vector_of(N, cx, 2), y0 = vector_of(M, cx, 3);
    Vec<T> x(x0, 1), y(y0, 1);
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, M, N, KL, KU, scal, A, lda, x.p, 1,
                       scal + 1, y.p, 1) == CUBLAS_STATUS_SUCCESS);
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
    cudaDeviceSynchronize();
    vec ax = apply(full, M, N, 0, x0);
    for (int i = 0; i < M; i++)
        EXPECT(near<T>(y[i], alpha * ax[i] + beta * y0[i]));
    cudaFree(scal);

    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, M, N, KL, KU, &a, A, KL + KU, x.p, 1,
                       &b, y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, M, N, -1, KU, &a, A, lda, x.p, 1, &b,
                       y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, M, -1, KL, KU, &a, A, lda, x.p, 1, &b,
                       y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_CONJG, M, N, KL, KU, &a, A, lda, x.p, 1,
                       &b, y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, M, N, KL, KU, &a, A, lda, x.p, 0, &b,
                       y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, M, N, KL, KU, NULL, A, lda, x.p, 1,
                       &b, y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::gbmv(h, CUBLAS_OP_N, 0, N, KL, KU, &a, A, lda, x.p, 1, &b,
                       y.p, 1) == CUBLAS_STATUS_SUCCESS);
    cudaFree(A);
}

// A symmetric (real types) or Hermitian (complex) n x n matrix with k
// diagonals either side (k = N - 1: all of it).
static vec symmetric(bool cx, int k)
{
    vec s = matrix(N, N, cx, 5);
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++) {
            if (abs(r - c) > k)
                s[c * N + r] = 0;
            else if (r > c)
                s[c * N + r] = cx ? std::conj(s[r * N + c]) : s[r * N + c];
            else if (r == c)
                s[c * N + r] = s[c * N + r].real();
        }
    return s;
}

// Where (r, c) of the uplo triangle lies in band storage (lda, k) and in
// packed storage.
static int band_at(bool upper, int k, int lda, int r, int c)
{
    return c * lda + (upper ? k + r - c : r - c);
}
static int packed_at(bool upper, int r, int c)
{
    return upper ? c * (c + 1) / 2 + r : c * N - c * (c - 1) / 2 + r - c;
}
static bool in_triangle(bool upper, int r, int c)
{
    return upper ? r <= c : r >= c;
}

// Writes the uplo triangle of full (n x n) as band (k, lda) or, with
// lda 0, packed storage; a Hermitian diagonal gets a junk imaginary part.
template <typename T>
static void store(T *p, const vec &full, bool upper, int k, int lda,
                  bool herm_diag)
{
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++) {
            if (!in_triangle(upper, r, c) || abs(r - c) > k)
                continue;
            cd v = full[c * N + r];
            if (r == c && herm_diag)
                v += cd(0, 3);
            p[lda ? band_at(upper, k, lda, r, c) : packed_at(upper, r, c)] =
                Ty<T>::from(v);
        }
}

template <typename T> static void test_symmetric(cublasHandle_t h)
{
    bool cx = Ty<T>::complex;
    cd alpha(0.75, cx ? -0.5 : 0), beta(0.5, cx ? 1 : 0);
    T a = Ty<T>::from(alpha), b = Ty<T>::from(beta);
    const int lda = K + 2;
    for (int upper = 0; upper < 2; upper++) {
        cublasFillMode_t uplo =
            upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
        for (int packed = 0; packed < 2; packed++) {
            vec full = symmetric(cx, packed ? N - 1 : K);
            T *A = alloc<T>(packed ? N * (N + 1) / 2 : lda * N);
            store(A, full, upper, packed ? N : K, packed ? 0 : lda, cx);
            for (auto &inc : INCS) {
                vec x0 = vector_of(N, cx, 2), y0 = vector_of(N, cx, 3);
                Vec<T> x(x0, inc[0]), y(y0, inc[1]);
                EXPECT((packed ? Ty<T>::spmv(h, uplo, N, &a, A, x.p, inc[0],
                                             &b, y.p, inc[1])
                               : Ty<T>::sbmv(h, uplo, N, K, &a, A, lda, x.p,
                                             inc[0], &b, y.p, inc[1])) ==
                       CUBLAS_STATUS_SUCCESS);
                cudaDeviceSynchronize();
                vec ax = apply(full, N, N, 0, x0);
                for (int i = 0; i < N; i++)
                    EXPECT(near<T>(y[i], alpha * ax[i] + beta * y0[i]));
                EXPECT(y.gaps_junk());
            }
            cudaFree(A);
        }
    }
    T *A = alloc<T>(lda * N);
    Vec<T> x(vector_of(N, cx, 2), 1), y(vector_of(N, cx, 3), 1);
    EXPECT(Ty<T>::sbmv(h, CUBLAS_FILL_MODE_UPPER, N, K, &a, A, K, x.p, 1, &b,
                       y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::sbmv(h, CUBLAS_FILL_MODE_UPPER, N, -1, &a, A, lda, x.p, 1,
                       &b, y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::sbmv(h, CUBLAS_FILL_MODE_FULL, N, K, &a, A, lda, x.p, 1,
                       &b, y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::spmv(h, CUBLAS_FILL_MODE_LOWER, N, &a, A, x.p, 1, &b, y.p,
                       0) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::spmv(h, CUBLAS_FILL_MODE_LOWER, -1, &a, A, x.p, 1, &b,
                       y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::spmv(h, CUBLAS_FILL_MODE_LOWER, N, &a, A, x.p, 1, NULL,
                       y.p, 1) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
}

// spr/hpr: AP += alpha x x^T (x^H); spr2/hpr2: AP += alpha x y^T (y^H) +
// alpha y x^T (conj(alpha) y x^H).  Only the uplo triangle is stored;
// for hpr and hpr2 the diagonal comes out real.
template <typename T> static void test_rank_updates(cublasHandle_t h)
{
    bool cx = Ty<T>::complex;
    for (int upper = 0; upper < 2; upper++) {
        cublasFillMode_t uplo =
            upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
        for (int two = 0; two < 2; two++)
            for (auto &inc : INCS) {
                vec full = symmetric(cx, N - 1);
                T *AP = alloc<T>(N * (N + 1) / 2);
                store(AP, full, upper, N, 0, false);
                vec x0 = vector_of(N, cx, 7), y0 = vector_of(N, cx, 8);
                Vec<T> x(x0, inc[0]), y(y0, inc[1]);
                cd alpha(two ? 0.5 : -0.75, two && cx ? 0.25 : 0);
                T a = Ty<T>::from(alpha);
                cublasStatus_t st;
                if (two)
                    st = Ty<T>::spr2(h, uplo, N, &a, x.p, inc[0], y.p,
                                     inc[1], AP);
                else {
                    typename Ty<T>::real ar =
                        (typename Ty<T>::real)alpha.real();
                    st = Ty<T>::spr(h, uplo, N, &ar, x.p, inc[0], AP);
                }
                EXPECT(st == CUBLAS_STATUS_SUCCESS);
                cudaDeviceSynchronize();
                auto cj = [cx](cd v) { return cx ? std::conj(v) : v; };
                for (int c = 0; c < N; c++)
                    for (int r = 0; r < N; r++) {
                        if (!in_triangle(upper, r, c))
                            continue;
                        cd want = full[c * N + r];
                        if (two)
                            want += alpha * x0[r] * cj(y0[c]) +
                                    cj(alpha) * y0[r] * cj(x0[c]);
                        else
                            want += alpha * x0[r] * cj(x0[c]);
                        cd got = Ty<T>::to(AP[packed_at(upper, r, c)]);
                        EXPECT(near<T>(got, want));
                        if (r == c && cx)
                            EXPECT(got.imag() == 0);
                    }
                cudaFree(AP);
            }
    }
    T *AP = alloc<T>(N * (N + 1) / 2);
    Vec<T> x(vector_of(N, cx, 7), 1);
    T a = Ty<T>::from(1.0);
    typename Ty<T>::real ar = 1;
    EXPECT(Ty<T>::spr2(h, CUBLAS_FILL_MODE_UPPER, N, &a, x.p, 1, x.p, 0,
                       AP) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::spr2(h, CUBLAS_FILL_MODE_UPPER, -1, &a, x.p, 1, x.p, 1,
                       AP) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::spr(h, CUBLAS_FILL_MODE_UPPER, N, NULL, x.p, 1, AP) ==
           CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::spr(h, CUBLAS_FILL_MODE_FULL, N, &ar, x.p, 1, AP) ==
           CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(AP);
}

// tbmv, tbsv (band k), tpmv, tpsv (packed): a triangle with a dominant
// diagonal; the multiply is checked against op(A) x, the solve by
// solving op(A) x = op(A) x0 for x0.
template <typename T> static void test_triangular(cublasHandle_t h)
{
    bool cx = Ty<T>::complex;
    const int lda = K + 2;
    for (int form = 0; form < 4 * 3; form++) {
        bool upper = form & 1, unit = form & 2;
        int op = form / 4;
        cublasFillMode_t uplo =
            upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
        cublasDiagType_t diag = unit ? CUBLAS_DIAG_UNIT : CUBLAS_DIAG_NON_UNIT;
        for (int packed = 0; packed < 2; packed++) {
            int k = packed ? N - 1 : K;
            vec full = matrix(N, N, cx, 9);
            for (int c = 0; c < N; c++)
                for (int r = 0; r < N; r++)
                    if (!in_triangle(upper, r, c) || abs(r - c) > k)
                        full[c * N + r] = 0;
                    else if (r == c)
                        full[c * N + r] += 4;
            T *A = alloc<T>(packed ? N * (N + 1) / 2 : lda * N);
            store(A, full, upper, k, packed ? 0 : lda, false);
            if (unit) // the stored diagonal is not read
                for (int i = 0; i < N; i++)
                    full[i * N + i] = 1;
            for (int solve = 0; solve < 2; solve++)
                for (auto &inc : INCS) {
                    vec x0 = vector_of(N, cx, 4);
                    vec ax = apply(full, N, N, op, x0);
                    Vec<T> x(solve ? ax : x0, inc[0]);
                    EXPECT((packed ? Ty<T>::tp(solve, h, uplo, OPS[op], diag,
                                               N, A, x.p, inc[0])
                                   : Ty<T>::tb(solve, h, uplo, OPS[op], diag,
                                               N, K, A, lda, x.p, inc[0])) ==
                           CUBLAS_STATUS_SUCCESS);
                    cudaDeviceSynchronize();
                    for (int i = 0; i < N; i++)
                        EXPECT(near<T>(x[i], solve ? x0[i] : ax[i]));
                    EXPECT(x.gaps_junk());
                }
            cudaFree(A);
        }
    }
    T *A = alloc<T>(lda * N);
    Vec<T> x(vector_of(N, cx, 4), 1);
    EXPECT(Ty<T>::tb(false, h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N,
                     CUBLAS_DIAG_UNIT, N, K, A, K, x.p,
                     1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::tb(true, h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N,
                     CUBLAS_DIAG_UNIT, N, -1, A, lda, x.p,
                     1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::tb(true, h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N,
                     (cublasDiagType_t)2, N, K, A, lda, x.p,
                     1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::tp(false, h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N,
                     CUBLAS_DIAG_UNIT, N, A, x.p,
                     0) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::tp(true, h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_CONJG,
                     CUBLAS_DIAG_UNIT, N, A, x.p,
                     1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::tp(true, h, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N,
                     CUBLAS_DIAG_UNIT, 0, A, x.p,
                     1) == CUBLAS_STATUS_SUCCESS);
    cudaFree(A);
}

template <typename T> static void test_all(cublasHandle_t h)
{
    int before = failures;
    test_gbmv<T>(h);
    test_symmetric<T>(h);
    test_rank_updates<T>(h);
    test_triangular<T>(h);
    if (failures != before)
        printf("  (%d failures in %s)\n", failures - before, Ty<T>::name);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_banded_packed: cublasCreate\n");
        return 1;
    }
    test_all<float>(h);
    test_all<double>(h);
    test_all<cuComplex>(h);
    test_all<cuDoubleComplex>(h);
    EXPECT(cublasDgbmv(NULL, CUBLAS_OP_N, 1, 1, 0, 0, NULL, NULL, 1, NULL, 1,
                       NULL, NULL, 1) == CUBLAS_STATUS_NOT_INITIALIZED);
    cublasDestroy(h);
    printf("%s cublas_banded_packed\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
