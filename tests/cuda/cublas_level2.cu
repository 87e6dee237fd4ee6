// cublas_level2.cu: cuBLAS's triangular multiply and symmetric/Hermitian
// level-2 routines on small column-major matrices, checked against loops
// on the host: trmv (S, D, Z, upper and lower, transposed, unit
// diagonal), hemv (C, Z), syr and syr2 (D), her and her2 (C, Z: only the
// named triangle changes, the diagonal stays real), and bad arguments.
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cuComplex.h>
#include <cmath>
#include <cstdio>

static int failures = 0;
#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

enum { N = 5 };

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1 + fabs(b));
}

// The value at (r, c) of a full matrix, and a vector.
static double mat(int r, int c) { return 0.25 * ((r * 7 + c * 3) % 11) - 1.0; }
static double vec(int i) { return 0.5 * ((i * 5) % 7) - 1.5; }

// op(A) x for a triangular A (its uplo triangle, unit or not).
static void host_trmv(bool upper, bool trans, bool unit, const double *x,
                      double *out)
{
    for (int r = 0; r < N; r++) {
        double s = 0;
        for (int c = 0; c < N; c++) {
            int i = trans ? c : r, j = trans ? r : c; // element A(i, j)
            bool in = upper ? i <= j : i >= j;
            double a = i == j && unit ? 1.0 : in ? mat(i, j) : 0.0;
            s += a * x[c];
        }
        out[r] = s;
    }
}

static void test_trmv(cublasHandle_t h)
{
    double *A, *x;
    cudaMallocManaged(&A, N * N * sizeof(double));
    cudaMallocManaged(&x, N * sizeof(double));
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            A[c * N + r] = mat(r, c);
    for (int form = 0; form < 8; form++) {
        bool upper = form & 1, trans = form & 2, unit = form & 4;
        double hx[N], want[N];
        for (int i = 0; i < N; i++)
            x[i] = hx[i] = vec(i);
        host_trmv(upper, trans, unit, hx, want);
        EXPECT(cublasDtrmv(h, upper ? CUBLAS_FILL_MODE_UPPER
                                    : CUBLAS_FILL_MODE_LOWER,
                           trans ? CUBLAS_OP_T : CUBLAS_OP_N,
                           unit ? CUBLAS_DIAG_UNIT : CUBLAS_DIAG_NON_UNIT, N,
                           A, N, x, 1) == CUBLAS_STATUS_SUCCESS);
        cudaDeviceSynchronize();
        for (int i = 0; i < N; i++)
            EXPECT(near(x[i], want[i], 1e-12));
    }
    // Single precision, lower, no transpose.
    float *Af, *xf;
    cudaMallocManaged(&Af, N * N * sizeof(float));
    cudaMallocManaged(&xf, N * sizeof(float));
    double hx[N], want[N];
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            Af[c * N + r] = (float)mat(r, c);
    for (int i = 0; i < N; i++)
        xf[i] = (float)(hx[i] = vec(i));
    host_trmv(false, false, false, hx, want);
    EXPECT(cublasStrmv(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N,
                       CUBLAS_DIAG_NON_UNIT, N, Af, N, xf,
                       1) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < N; i++)
        EXPECT(near(xf[i], want[i], 1e-5));
    EXPECT(cublasDtrmv(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N,
                       CUBLAS_DIAG_NON_UNIT, N, A, N - 1, x,
                       1) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(cublasDtrmv(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N,
                       CUBLAS_DIAG_NON_UNIT, N, A, N, x,
                       0) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
    cudaFree(x);
    cudaFree(Af);
    cudaFree(xf);
}

// A Hermitian matrix from its upper triangle: (r, c) for r <= c.
static cuDoubleComplex herm(int r, int c)
{
    if (r == c)
        return make_cuDoubleComplex(mat(r, r), 0);
    if (r < c)
        return make_cuDoubleComplex(mat(r, c), 0.5 * mat(c, r));
    cuDoubleComplex u = herm(c, r);
    return make_cuDoubleComplex(u.x, -u.y);
}

static cuDoubleComplex cvec(int i)
{
    return make_cuDoubleComplex(vec(i), 0.25 * vec(i + 2));
}

static void test_hermitian(cublasHandle_t h)
{
    cuDoubleComplex *A, *x, *y;
    cudaMallocManaged(&A, N * N * sizeof(cuDoubleComplex));
    cudaMallocManaged(&x, N * sizeof(cuDoubleComplex));
    cudaMallocManaged(&y, N * sizeof(cuDoubleComplex));
    // Only the upper triangle is set; the lower holds garbage hemv must
    // not read.
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            A[c * N + r] = r <= c ? herm(r, c) : make_cuDoubleComplex(99, 99);
    for (int i = 0; i < N; i++)
        x[i] = cvec(i), y[i] = make_cuDoubleComplex(1, -1);
    cuDoubleComplex alpha = make_cuDoubleComplex(0.5, 1),
                    beta = make_cuDoubleComplex(2, 0);
    EXPECT(cublasZhemv(h, CUBLAS_FILL_MODE_UPPER, N, &alpha, A, N, x, 1, &beta,
                       y, 1) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int r = 0; r < N; r++) {
        cuDoubleComplex s = make_cuDoubleComplex(0, 0);
        for (int c = 0; c < N; c++)
            s = cuCadd(s, cuCmul(herm(r, c), cvec(c)));
        cuDoubleComplex want =
            cuCadd(cuCmul(alpha, s), cuCmul(beta, make_cuDoubleComplex(1, -1)));
        EXPECT(near(y[r].x, want.x, 1e-12) && near(y[r].y, want.y, 1e-12));
    }

    // her: A += a x x^H on the upper triangle; the lower stays as it was.
    double a = 0.75;
    EXPECT(cublasZher(h, CUBLAS_FILL_MODE_UPPER, N, &a, x, 1, A, N) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++) {
            if (r > c) {
                EXPECT(A[c * N + r].x == 99 && A[c * N + r].y == 99);
                continue;
            }
            cuDoubleComplex xx = cuCmul(cvec(r), cuConj(cvec(c)));
            cuDoubleComplex want = cuCadd(herm(r, c),
                                          make_cuDoubleComplex(a * xx.x,
                                                               a * xx.y));
            if (r == c)
                want.y = 0;
            EXPECT(near(A[c * N + r].x, want.x, 1e-12) &&
                   near(A[c * N + r].y, want.y, 1e-12));
        }

    // her2 on the lower triangle of a fresh matrix.
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            A[c * N + r] = r >= c ? herm(r, c) : make_cuDoubleComplex(99, 99);
    for (int i = 0; i < N; i++)
        y[i] = cvec(N - 1 - i);
    EXPECT(cublasZher2(h, CUBLAS_FILL_MODE_LOWER, N, &alpha, x, 1, y, 1, A,
                       N) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < N; c++)
        for (int r = c; r < N; r++) {
            cuDoubleComplex t1 = cuCmul(alpha, cuCmul(cvec(r), cuConj(cvec(N - 1 - c))));
            cuDoubleComplex t2 = cuCmul(cuConj(alpha),
                                        cuCmul(cvec(N - 1 - r), cuConj(cvec(c))));
            cuDoubleComplex want = cuCadd(herm(r, c), cuCadd(t1, t2));
            if (r == c)
                want.y = 0;
            EXPECT(near(A[c * N + r].x, want.x, 1e-12) &&
                   near(A[c * N + r].y, want.y, 1e-12));
        }
    EXPECT(cublasZher(h, CUBLAS_FILL_MODE_UPPER, N, &a, x, 0, A, N) ==
           CUBLAS_STATUS_INVALID_VALUE);

    // Single-precision hemv and her run too.
    cuComplex *Af, *xf, *yf;
    cudaMallocManaged(&Af, N * N * sizeof(cuComplex));
    cudaMallocManaged(&xf, N * sizeof(cuComplex));
    cudaMallocManaged(&yf, N * sizeof(cuComplex));
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            Af[c * N + r] = make_cuComplex((float)herm(r, c).x,
                                           (float)herm(r, c).y);
    for (int i = 0; i < N; i++)
        xf[i] = make_cuComplex((float)cvec(i).x, (float)cvec(i).y),
        yf[i] = make_cuComplex(0, 0);
    cuComplex one = make_cuComplex(1, 0), zero = make_cuComplex(0, 0);
    EXPECT(cublasChemv(h, CUBLAS_FILL_MODE_LOWER, N, &one, Af, N, xf, 1, &zero,
                       yf, 1) == CUBLAS_STATUS_SUCCESS);
    float af = 1.0f;
    EXPECT(cublasCher(h, CUBLAS_FILL_MODE_LOWER, N, &af, xf, 1, Af, N) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int r = 0; r < N; r++) {
        cuDoubleComplex s = make_cuDoubleComplex(0, 0);
        for (int c = 0; c < N; c++)
            s = cuCadd(s, cuCmul(herm(r, c), cvec(c)));
        EXPECT(near(yf[r].x, s.x, 1e-5) && near(yf[r].y, s.y, 1e-5));
    }
    EXPECT(Af[0].y == 0.0f); // her keeps the diagonal real
    cudaFree(A);
    cudaFree(x);
    cudaFree(y);
    cudaFree(Af);
    cudaFree(xf);
    cudaFree(yf);
}

static void test_syr(cublasHandle_t h)
{
    double *A, *x, *y;
    cudaMallocManaged(&A, N * N * sizeof(double));
    cudaMallocManaged(&x, N * sizeof(double));
    cudaMallocManaged(&y, N * sizeof(double));
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++)
            A[c * N + r] = mat(r, c);
    for (int i = 0; i < N; i++)
        x[i] = vec(i), y[i] = vec(i + 3);
    double a = -1.5;
    EXPECT(cublasDsyr(h, CUBLAS_FILL_MODE_LOWER, N, &a, x, 1, A, N) ==
           CUBLAS_STATUS_SUCCESS);
    EXPECT(cublasDsyr2(h, CUBLAS_FILL_MODE_LOWER, N, &a, x, 1, y, 1, A, N) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < N; c++)
        for (int r = 0; r < N; r++) {
            double want = mat(r, c);
            if (r >= c)
                want += a * vec(r) * vec(c) +
                        a * (vec(r) * vec(c + 3) + vec(r + 3) * vec(c));
            EXPECT(near(A[c * N + r], want, 1e-12));
        }
    EXPECT(cublasDsyr2(h, CUBLAS_FILL_MODE_LOWER, N, &a, x, 1, y, 0, A, N) ==
           CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(cublasDsyr(h, CUBLAS_FILL_MODE_LOWER, N, NULL, x, 1, A, N) ==
           CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
    cudaFree(x);
    cudaFree(y);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_level2: cublasCreate\n");
        return 1;
    }
    test_trmv(h);
    test_hermitian(h);
    test_syr(h);
    cublasDestroy(h);
    printf("%s cublas_level2\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
