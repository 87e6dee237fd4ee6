// cublas_batched_lu.cu: cuBLAS's batched LU routines, S, D, C and Z, on
// three well-conditioned 5x5 matrices and a singular one (third column zero,
// so U(3,3) is exactly zero: info 3).  getrfBatched: P*A = L*U, pivots in
// range and swapping rows; getriBatched: A*C = I, factors untouched;
// getrsBatched: op(A) X = B for N, T and C, ldb > n, *info 0; NULL pivots:
// A = L*U unpermuted on matrices partial pivoting would permute, then
// getri and getrs without pivots; matinvBatched: A*Ainv = I, A unchanged;
// bad arguments (getrs's *info too); a kernel writing the pointer array
// just before getrf on a stream; and getrf + getri at n = 70, past LAPACK's
// blocking.  Residuals of these O(1) matrices must be within 200 epsilon
// (2.4e-5 for S and C, 4.4e-14 for D and Z; measured: under 15 epsilon).
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cuComplex.h>
#include <cfloat>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstring>
#include <vector>

static int failures = 0;
#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d (%s): %s\n", __LINE__, Ty<T>::name, \
                   #cond);                                            \
            failures++;                                               \
        }                                                             \
    } while (0)

typedef std::complex<double> cd;
enum { N = 5, BATCH = 4, SINGULAR = 3, NRHS = 2, LDA = 6, LDB = 7 };

// Each precision: its name, epsilon, conversion to and from complex
// double, and the four cuBLAS calls.
template <typename T> struct Ty;
#define CUX_TY(T, P, NAME, EPS, CPLX, TO, FROM)                                \
    template <> struct Ty<T> {                                              \
        static constexpr const char *name = NAME;                           \
        static constexpr double eps = EPS;                                  \
        static constexpr bool complex = CPLX;                               \
        static cd to(T v) { return TO; }                                    \
        static T from(cd v) { return FROM; }                                \
        static cublasStatus_t getrf(cublasHandle_t h, int n, T *const A[],   \
                                    int lda, int *P_, int *info, int b)      \
        {                                                                   \
            return cublas##P##getrfBatched(h, n, A, lda, P_, info, b);      \
        }                                                                   \
        static cublasStatus_t getri(cublasHandle_t h, int n,                 \
                                    const T *const A[], int lda,            \
                                    const int *P_, T *const C[], int ldc,   \
                                    int *info, int b)                       \
        {                                                                   \
            return cublas##P##getriBatched(h, n, A, lda, P_, C, ldc, info,  \
                                           b);                              \
        }                                                                   \
        static cublasStatus_t getrs(cublasHandle_t h, cublasOperation_t t,   \
                                    int n, int nrhs, const T *const A[],    \
                                    int lda, const int *ipiv,               \
                                    T *const B[], int ldb, int *info, int b) \
        {                                                                   \
            return cublas##P##getrsBatched(h, t, n, nrhs, A, lda, ipiv, B,  \
                                           ldb, info, b);                   \
        }                                                                   \
        static cublasStatus_t matinv(cublasHandle_t h, int n,                \
                                     const T *const A[], int lda,           \
                                     T *const Ainv[], int ldi, int *info,   \
                                     int b)                                 \
        {                                                                   \
            return cublas##P##matinvBatched(h, n, A, lda, Ainv, ldi, info,  \
                                            b);                             \
        }                                                                   \
    };
CUX_TY(float, S, "S", FLT_EPSILON, false, cd(v, 0), (float)v.real())
CUX_TY(double, D, "D", DBL_EPSILON, false, cd(v, 0), v.real())
CUX_TY(cuComplex, C, "C", FLT_EPSILON, true, cd(v.x, v.y),
       make_cuComplex((float)v.real(), (float)v.imag()))
CUX_TY(cuDoubleComplex, Z, "Z", DBL_EPSILON, true, cd(v.x, v.y),
       make_cuDoubleComplex(v.real(), v.imag()))

static double wobble(int b, int r, int c, int salt)
{
    return 0.125 * ((b * 7 + r * 5 + c * 3 + salt) % 17) - 1;
}

// Matrix b of the batch, entry (r, c).  Pivoted set: a dominant entry 4
// on the diagonal shifted down by one row (a permuted, well-conditioned
// matrix whose diagonal is small, so partial pivoting must swap).
// Unpivoted set: a dominant diagonal (about 6), and about 9 below it in
// column 0, the entry partial pivoting would take.  Matrix SINGULAR has
// column 2 (the third) zero in both.
static cd entry(bool pivoted, bool cplx, int b, int r, int c)
{
    if (b == SINGULAR && c == 2)
        return 0;
    cd v(wobble(b, r, c, 1), cplx ? wobble(b, r, c, 5) : 0);
    if (pivoted && r == (c + 1) % N)
        v += 4;
    if (!pivoted && r == c)
        v += 6;
    if (!pivoted && c == 0 && r == 3)
        v += 9;
    return v;
}

template <typename T> static double tol() { return 200 * Ty<T>::eps; }

// The n x n matrix at p (leading dimension ld), as complex doubles.
template <typename T> static std::vector<cd> get(const T *p, int ld)
{
    std::vector<cd> m(N * N);
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            m[c * N + r] = Ty<T>::to(p[c * ld + r]);
    return m;
}

static std::vector<cd> mul(const std::vector<cd> &a, const std::vector<cd> &b)
{
    std::vector<cd> p(N * N, 0.0);
    for (int c = 0; c < N; c++)
        for (int k = 0; k < N; k++)
            for (int r = 0; r < N; r++)
                p[c * N + r] += a[k * N + r] * b[c * N + k];
    return p;
}

static double maxdiff(const std::vector<cd> &a, const std::vector<cd> &b)
{
    double d = 0;
    for (size_t i = 0; i < a.size(); i++)
        d = fmax(d, std::abs(a[i] - b[i]));
    return d;
}

static std::vector<cd> identity()
{
    std::vector<cd> m(N * N, 0.0);
    for (int i = 0; i < N; i++)
        m[i * N + i] = 1;
    return m;
}

// L (unit lower) times U from the packed factors lu.
static std::vector<cd> lu_product(const std::vector<cd> &lu)
{
    std::vector<cd> L(N * N, 0.0), U(N * N, 0.0);
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++) {
            if (r > c)
                L[c * N + r] = lu[c * N + r];
            else
                U[c * N + r] = lu[c * N + r];
            if (r == c)
                L[c * N + r] = 1;
        }
    return mul(L, U);
}

// The device-side data of one test: BATCH matrices of LDA x N, their
// pointer array, and the same for the outputs and right-hand sides.
template <typename T> struct Batch {
    T *a, *c, *b;
    T **pa, **pc, **pb;
    int *piv, *info;
    Batch()
    {
        cudaMallocManaged(&a, sizeof(T) * LDA * N * BATCH);
        cudaMallocManaged(&c, sizeof(T) * LDA * N * BATCH);
        cudaMallocManaged(&b, sizeof(T) * LDB * NRHS * BATCH);
        cudaMallocManaged(&pa, sizeof(T *) * BATCH);
        cudaMallocManaged(&pc, sizeof(T *) * BATCH);
        cudaMallocManaged(&pb, sizeof(T *) * BATCH);
        cudaMallocManaged(&piv, sizeof(int) * N * BATCH);
        cudaMallocManaged(&info, sizeof(int) * BATCH);
        for (int i = 0; i < BATCH; i++) {
            pa[i] = a + i * LDA * N;
            pc[i] = c + i * LDA * N;
            pb[i] = b + i * LDB * NRHS;
        }
    }
    ~Batch()
    {
        cudaFree(a), cudaFree(c), cudaFree(b);
        cudaFree(pa), cudaFree(pc), cudaFree(pb);
        cudaFree(piv), cudaFree(info);
    }
    void fill(bool pivoted)
    {
        for (int i = 0; i < LDA * N * BATCH; i++)
            a[i] = c[i] = Ty<T>::from(cd(99, 99)); // padding rows too
        for (int m = 0; m < BATCH; m++)
            for (int col = 0; col < N; col++)
                for (int r = 0; r < N; r++)
                    pa[m][col * LDA + r] = Ty<T>::from(
                        entry(pivoted, Ty<T>::complex, m, r, col));
    }
    std::vector<cd> original(bool pivoted, int m) const
    {
        std::vector<cd> v(N * N);
        for (int col = 0; col < N; col++)
            for (int r = 0; r < N; r++)
                v[col * N + r] = Ty<T>::to(Ty<T>::from(
                    entry(pivoted, Ty<T>::complex, m, r, col)));
        return v;
    }
};

// getrs on the first SINGULAR (good) matrices, whose factors are in pa
// with pivots piv (or none): B = op(A) X for a known X, solved, compared.
template <typename T>
static void check_getrs(cublasHandle_t h, Batch<T> &d, bool pivoted,
                        const int *piv)
{
    cublasOperation_t ops[] = {CUBLAS_OP_N, CUBLAS_OP_T, CUBLAS_OP_C};
    for (int o = 0; o < 3; o++) { // N, T, C (C is T for S and D)
        std::vector<std::vector<cd>> X(SINGULAR);
        for (int m = 0; m < SINGULAR; m++) {
            std::vector<cd> A = d.original(pivoted, m);
            X[m].resize(N * NRHS);
            for (int j = 0; j < N * NRHS; j++) {
                cd x(wobble(m, j, 1, 2),
                     Ty<T>::complex ? wobble(m, j, 2, 3) : 0);
                X[m][j] = Ty<T>::to(Ty<T>::from(x)); // representable in T
            }
            for (int j = 0; j < NRHS; j++)
                for (int r = 0; r < N; r++) {
                    cd s = 0;
                    for (int k = 0; k < N; k++) {
                        cd e = o == 0 ? A[k * N + r] : A[r * N + k];
                        s += (o == 2 ? std::conj(e) : e) * X[m][j * N + k];
                    }
                    d.pb[m][j * LDB + r] = Ty<T>::from(s);
                }
        }
        int info = 99;
        EXPECT(Ty<T>::getrs(h, ops[o], N, NRHS, (const T *const *)d.pa, LDA,
                            piv, d.pb, LDB, &info,
                            SINGULAR) == CUBLAS_STATUS_SUCCESS);
        EXPECT(info == 0);
        cudaDeviceSynchronize();
        for (int m = 0; m < SINGULAR; m++)
            for (int j = 0; j < NRHS; j++)
                for (int r = 0; r < N; r++)
                    EXPECT(std::abs(Ty<T>::to(d.pb[m][j * LDB + r]) -
                                    X[m][j * N + r]) <= tol<T>());
    }
}

// getri (out of place) from the factors in pa: A*C = I for the good
// matrices, info 3 for the singular one, the factors untouched.
template <typename T>
static void check_getri(cublasHandle_t h, Batch<T> &d, bool pivoted,
                        const int *piv)
{
    std::vector<T> before(d.a, d.a + LDA * N * BATCH);
    for (int m = 0; m < BATCH; m++)
        d.info[m] = 99;
    EXPECT(Ty<T>::getri(h, N, (const T *const *)d.pa, LDA, piv, d.pc, LDA,
                        d.info, BATCH) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    EXPECT(!memcmp(before.data(), d.a, sizeof(T) * before.size()));
    for (int m = 0; m < BATCH; m++) {
        EXPECT(d.info[m] == (m == SINGULAR ? 3 : 0));
        if (m != SINGULAR)
            EXPECT(maxdiff(mul(d.original(pivoted, m), get(d.pc[m], LDA)),
                           identity()) <= tol<T>());
    }
}

template <typename T> static void pivoted(cublasHandle_t h)
{
    Batch<T> d;
    d.fill(true);
    for (int m = 0; m < BATCH; m++)
        d.info[m] = 99;
    EXPECT(Ty<T>::getrf(h, N, d.pa, LDA, d.piv, d.info, BATCH) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    int swaps = 0;
    for (int m = 0; m < BATCH; m++) {
        EXPECT(d.info[m] == (m == SINGULAR ? 3 : 0));
        // P*A: A's rows swapped as the pivots say, in order.
        std::vector<cd> pa = d.original(true, m);
        for (int k = 0; k < N; k++) {
            int p = d.piv[m * N + k];
            EXPECT(p >= k + 1 && p <= N);
            if (p < k + 1 || p > N)
                continue;
            swaps += p != k + 1;
            for (int c = 0; c < N; c++)
                std::swap(pa[c * N + k], pa[c * N + p - 1]);
        }
        EXPECT(maxdiff(lu_product(get(d.pa[m], LDA)), pa) <= tol<T>());
        EXPECT(Ty<T>::to(d.pa[m][N]) == cd(99, Ty<T>::complex ? 99 : 0));
    }
    EXPECT(swaps > 0);
    check_getri(h, d, true, d.piv);
    check_getrs(h, d, true, d.piv);
}

template <typename T> static void unpivoted(cublasHandle_t h)
{
    Batch<T> d;
    d.fill(false);
    for (int m = 0; m < BATCH; m++)
        d.info[m] = 99;
    EXPECT(Ty<T>::getrf(h, N, d.pa, LDA, NULL, d.info, BATCH) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int m = 0; m < BATCH; m++) {
        EXPECT(d.info[m] == (m == SINGULAR ? 3 : 0));
        // A = L*U itself: had rows been swapped, L*U would be P*A.
        if (m != SINGULAR)
            EXPECT(maxdiff(lu_product(get(d.pa[m], LDA)),
                           d.original(false, m)) <= tol<T>());
    }
    check_getri(h, d, false, NULL);
    check_getrs(h, d, false, NULL);
}

template <typename T> static void matinv(cublasHandle_t h)
{
    Batch<T> d;
    d.fill(true);
    std::vector<T> before(d.a, d.a + LDA * N * BATCH);
    for (int m = 0; m < BATCH; m++)
        d.info[m] = 99;
    EXPECT(Ty<T>::matinv(h, N, (const T *const *)d.pa, LDA, d.pc, LDA,
                         d.info, BATCH) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    EXPECT(!memcmp(before.data(), d.a, sizeof(T) * before.size()));
    for (int m = 0; m < BATCH; m++) {
        EXPECT(d.info[m] == (m == SINGULAR ? 3 : 0));
        if (m != SINGULAR)
            EXPECT(maxdiff(mul(d.original(true, m), get(d.pc[m], LDA)),
                           identity()) <= tol<T>());
    }
}

template <typename T> static void bad_arguments(cublasHandle_t h)
{
    Batch<T> d;
    const T *const *ca = (const T *const *)d.pa;
    const cublasStatus_t bad = CUBLAS_STATUS_INVALID_VALUE;
    EXPECT(Ty<T>::getrf(h, -1, d.pa, LDA, d.piv, d.info, 1) == bad);
    EXPECT(Ty<T>::getrf(h, N, d.pa, N - 1, d.piv, d.info, 1) == bad);
    EXPECT(Ty<T>::getrf(h, N, d.pa, LDA, d.piv, d.info, -1) == bad);
    EXPECT(Ty<T>::getri(h, -1, ca, LDA, d.piv, d.pc, LDA, d.info, 1) == bad);
    EXPECT(Ty<T>::getri(h, N, ca, N - 1, d.piv, d.pc, LDA, d.info, 1) == bad);
    EXPECT(Ty<T>::getri(h, N, ca, LDA, d.piv, d.pc, N - 1, d.info, 1) == bad);
    EXPECT(Ty<T>::getri(h, N, ca, LDA, d.piv, d.pc, LDA, d.info, -1) == bad);
    int info = 0;
    EXPECT(Ty<T>::getrs(h, CUBLAS_OP_N, -1, 1, ca, LDA, d.piv, d.pb, LDB,
                        &info, 1) == bad && info == -2);
    EXPECT(Ty<T>::getrs(h, CUBLAS_OP_N, N, -1, ca, LDA, d.piv, d.pb, LDB,
                        &info, 1) == bad && info == -3);
    EXPECT(Ty<T>::getrs(h, CUBLAS_OP_N, N, 1, ca, N - 1, d.piv, d.pb, LDB,
                        &info, 1) == bad && info == -5);
    EXPECT(Ty<T>::getrs(h, CUBLAS_OP_N, N, 1, ca, LDA, d.piv, d.pb, N - 1,
                        &info, 1) == bad && info == -8);
    EXPECT(Ty<T>::getrs(h, (cublasOperation_t)7, N, 1, ca, LDA, d.piv, d.pb,
                        LDB, &info, 1) == bad && info == -1);
    // n = 0: nothing to do, no pointer read, *info 0.
    EXPECT(Ty<T>::getrs(h, CUBLAS_OP_N, 0, 1, NULL, 1, NULL, NULL, 1, &info,
                        1) == CUBLAS_STATUS_SUCCESS && info == 0);
    EXPECT(Ty<T>::matinv(h, 33, ca, 33, d.pc, 33, d.info, 1) == bad);
    EXPECT(Ty<T>::matinv(h, N, ca, LDA, d.pc, N - 1, d.info, 1) == bad);
    EXPECT(Ty<T>::getrf(NULL, N, d.pa, LDA, d.piv, d.info, 1) ==
           CUBLAS_STATUS_NOT_INITIALIZED);
    // An empty batch, and n = 0 (info written, A[] not read).
    EXPECT(Ty<T>::getrf(h, N, NULL, LDA, NULL, NULL, 0) ==
           CUBLAS_STATUS_SUCCESS);
    d.info[0] = 99;
    EXPECT(Ty<T>::getrf(h, 0, NULL, 1, NULL, d.info, 1) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    EXPECT(d.info[0] == 0);
}

// Larger matrices (n = 70, past LAPACK's block size of 64; lda 72): with
// and without pivots, the inverse from getri times A is I.  The pivoted
// matrices have their dominant entries on a shifted diagonal, the
// unpivoted ones on the diagonal.
template <typename T> static void large(cublasHandle_t h)
{
    const int n = 70, ld = 72, batch = 2;
    T *a, *c, **pa, **pc;
    int *piv, *info;
    cudaMallocManaged(&a, sizeof(T) * ld * n * batch);
    cudaMallocManaged(&c, sizeof(T) * ld * n * batch);
    cudaMallocManaged(&pa, sizeof(T *) * batch);
    cudaMallocManaged(&pc, sizeof(T *) * batch);
    cudaMallocManaged(&piv, sizeof(int) * n * batch);
    cudaMallocManaged(&info, sizeof(int) * batch);
    std::vector<cd> orig(n * n * batch);
    for (int pivoting = 0; pivoting < 2; pivoting++) {
        for (int m = 0; m < batch; m++) {
            pa[m] = a + m * ld * n, pc[m] = c + m * ld * n;
            for (int col = 0; col < n; col++)
                for (int r = 0; r < n; r++) {
                    cd v(wobble(m, r, col, 3) / 4,
                         Ty<T>::complex ? wobble(m, col, r, 6) / 4 : 0);
                    if (r == (pivoting ? (col + 7) % n : col))
                        v += 8;
                    pa[m][col * ld + r] = Ty<T>::from(v);
                    orig[(m * n + col) * n + r] = Ty<T>::to(Ty<T>::from(v));
                }
        }
        int *p = pivoting ? piv : NULL;
        EXPECT(Ty<T>::getrf(h, n, pa, ld, p, info, batch) ==
               CUBLAS_STATUS_SUCCESS);
        EXPECT(Ty<T>::getri(h, n, (const T *const *)pa, ld, p, pc, ld, info,
                            batch) == CUBLAS_STATUS_SUCCESS);
        cudaDeviceSynchronize();
        for (int m = 0; m < batch; m++) {
            EXPECT(info[m] == 0);
            double worst = 0;
            for (int col = 0; col < n; col++)
                for (int r = 0; r < n; r++) {
                    cd s = 0;
                    for (int k = 0; k < n; k++)
                        s += orig[(m * n + k) * n + r] *
                             Ty<T>::to(pc[m][col * ld + k]);
                    worst = fmax(worst, std::abs(s - cd(r == col, 0)));
                }
            EXPECT(worst <= tol<T>());
        }
    }
    cudaFree(a), cudaFree(c), cudaFree(pa), cudaFree(pc);
    cudaFree(piv), cudaFree(info);
}

template <typename T> static void all(cublasHandle_t h)
{
    pivoted<T>(h);
    unpivoted<T>(h);
    matinv<T>(h);
    large<T>(h);
    bad_arguments<T>(h);
}

// Stream order: a kernel writes the pointer array and the diagonal of
// the one matrix; getrf is queued behind it with no synchronisation.
__global__ void point(double **arr, double *m, int lda)
{
    arr[0] = m;
    for (int i = 0; i < N; i++)
        m[i * lda + i] = 2;
}

static void stream_order(cublasHandle_t h)
{
    typedef double T;
    cudaStream_t s;
    cudaStreamCreate(&s);
    cublasSetStream(h, s);
    double *m, **arr;
    int *info;
    cudaMalloc(&m, sizeof(double) * N * N);
    cudaMalloc(&arr, sizeof(double *));
    cudaMalloc(&info, sizeof(int));
    cudaMemsetAsync(m, 0, sizeof(double) * N * N, s);
    cudaMemsetAsync(arr, 0, sizeof(double *), s);
    point<<<1, 1, 0, s>>>(arr, m, N);
    EXPECT(cublasDgetrfBatched(h, N, arr, N, NULL, info, 1) ==
           CUBLAS_STATUS_SUCCESS);
    double host[N * N];
    int hinfo = 99;
    cudaMemcpyAsync(host, m, sizeof(host), cudaMemcpyDeviceToHost, s);
    cudaMemcpyAsync(&hinfo, info, sizeof(int), cudaMemcpyDeviceToHost, s);
    cudaStreamSynchronize(s);
    EXPECT(hinfo == 0);
    for (int i = 0; i < N * N; i++)
        EXPECT(host[i] == (i % (N + 1) == 0 ? 2 : 0));
    cublasSetStream(h, 0);
    cudaFree(m), cudaFree(arr), cudaFree(info);
    cudaStreamDestroy(s);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_batched_lu: cublasCreate\n");
        return 1;
    }
    all<float>(h);
    all<double>(h);
    all<cuComplex>(h);
    all<cuDoubleComplex>(h);
    stream_order(h);
    cublasDestroy(h);
    printf("%s cublas_batched_lu\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
