// cublas_sym_herm.cu: cuBLAS's symmetric and Hermitian level-3 routines
// against loops on the host: syr2k (D, both transposes, both triangles:
// only the named triangle of C changes), hemm (Z, A on the left and on
// the right, read from its upper triangle), herk and her2k (Z, op N and
// C, real alpha or beta as cuBLAS takes them), and bad arguments.
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

enum { N = 4, K = 3 };

static bool near(double a, double b) { return fabs(a - b) <= 1e-12 * (1 + fabs(b)); }
static double val(int r, int c, int salt) { return 0.25 * ((r * 5 + c * 3 + salt) % 9) - 1; }
static cuDoubleComplex cval(int r, int c, int salt)
{
    return make_cuDoubleComplex(val(r, c, salt), val(c, r, salt + 4));
}

static void test_dsyr2k(cublasHandle_t h)
{
    double *A, *B, *C;
    cudaMallocManaged(&A, N * K * sizeof(double));
    cudaMallocManaged(&B, N * K * sizeof(double));
    cudaMallocManaged(&C, N * N * sizeof(double));
    for (int trans = 0; trans < 2; trans++)
        for (int upper = 0; upper < 2; upper++) {
            // op(A) and op(B) are N x K: stored N x K (no transpose) or
            // K x N (transpose), column-major.
            int lda = trans ? K : N;
            for (int i = 0; i < N * K; i++)
                A[i] = val(i % lda, i / lda, 1), B[i] = val(i % lda, i / lda, 2);
            for (int i = 0; i < N * N; i++)
                C[i] = val(i % N, i / N, 3);
            double alpha = 0.5, beta = -2;
            EXPECT(cublasDsyr2k(h, upper ? CUBLAS_FILL_MODE_UPPER
                                         : CUBLAS_FILL_MODE_LOWER,
                                trans ? CUBLAS_OP_T : CUBLAS_OP_N, N, K,
                                &alpha, A, lda, B, lda, &beta, C,
                                N) == CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            for (int c = 0; c < N; c++)
                for (int r = 0; r < N; r++) {
                    double want = val(r, c, 3);
                    if (upper ? r <= c : r >= c) {
                        double s = 0;
                        for (int k = 0; k < K; k++) {
                            double ar = trans ? A[r * K + k] : A[k * N + r];
                            double ac = trans ? A[c * K + k] : A[k * N + c];
                            double br = trans ? B[r * K + k] : B[k * N + r];
                            double bc = trans ? B[c * K + k] : B[k * N + c];
                            s += ar * bc + br * ac;
                        }
                        want = alpha * s + beta * want;
                    }
                    EXPECT(near(C[c * N + r], want));
                }
        }
    double alpha = 1, beta = 0;
    EXPECT(cublasDsyr2k(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N, N, K, &alpha,
                        A, N, B, N - 1, &beta, C,
                        N) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
    cudaFree(B);
    cudaFree(C);
}

// A Hermitian matrix, as the full matrix its upper triangle stands for.
static cuDoubleComplex herm(int r, int c)
{
    if (r == c)
        return make_cuDoubleComplex(val(r, r, 5), 0);
    if (r < c)
        return cval(r, c, 6);
    return cuConj(cval(c, r, 6));
}

static void test_zhemm(cublasHandle_t h)
{
    const int M = 3; // C is M x N
    cuDoubleComplex *A, *B, *C;
    cudaMallocManaged(&A, N * N * sizeof(cuDoubleComplex));
    cudaMallocManaged(&B, M * N * sizeof(cuDoubleComplex));
    cudaMallocManaged(&C, M * N * sizeof(cuDoubleComplex));
    cuDoubleComplex alpha = make_cuDoubleComplex(1, 0.5),
                    beta = make_cuDoubleComplex(0.25, 0);
    for (int left = 0; left < 2; left++) {
        int na = left ? M : N; // A is na x na
        for (int c = 0; c < na; c++)
            for (int r = 0; r < na; r++) // the upper triangle only
                A[c * na + r] = r <= c ? herm(r, c)
                                       : make_cuDoubleComplex(77, 77);
        for (int i = 0; i < M * N; i++)
            B[i] = cval(i % M, i / M, 7), C[i] = cval(i % M, i / M, 8);
        EXPECT(cublasZhemm(h, left ? CUBLAS_SIDE_LEFT : CUBLAS_SIDE_RIGHT,
                           CUBLAS_FILL_MODE_UPPER, M, N, &alpha, A, na, B, M,
                           &beta, C, M) == CUBLAS_STATUS_SUCCESS);
        cudaDeviceSynchronize();
        for (int c = 0; c < N; c++)
            for (int r = 0; r < M; r++) {
                cuDoubleComplex s = make_cuDoubleComplex(0, 0);
                if (left)
                    for (int k = 0; k < M; k++)
                        s = cuCadd(s, cuCmul(herm(r, k), cval(k, c, 7)));
                else
                    for (int k = 0; k < N; k++)
                        s = cuCadd(s, cuCmul(cval(r, k, 7), herm(k, c)));
                cuDoubleComplex want = cuCadd(cuCmul(alpha, s),
                                              cuCmul(beta, cval(r, c, 8)));
                EXPECT(near(C[c * M + r].x, want.x) &&
                       near(C[c * M + r].y, want.y));
            }
    }
    EXPECT(cublasZhemm(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_UPPER, M, N,
                       &alpha, A, M - 1, B, M, &beta, C,
                       M) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
    cudaFree(B);
    cudaFree(C);
}

// herk (B NULL) and her2k on the lower triangle: C is N x N, op(A) and
// op(B) N x K.
static void test_zherk(cublasHandle_t h)
{
    cuDoubleComplex *A, *B, *C;
    cudaMallocManaged(&A, N * K * sizeof(cuDoubleComplex));
    cudaMallocManaged(&B, N * K * sizeof(cuDoubleComplex));
    cudaMallocManaged(&C, N * N * sizeof(cuDoubleComplex));
    for (int two = 0; two < 2; two++)
        for (int conj = 0; conj < 2; conj++) {
            int lda = conj ? K : N;
            for (int i = 0; i < N * K; i++)
                A[i] = cval(i % lda, i / lda, 1), B[i] = cval(i % lda, i / lda, 2);
            for (int c = 0; c < N; c++)
                for (int r = 0; r < N; r++)
                    C[c * N + r] = herm(r, c);
            // op(X)(r, k): X(r, k), or conj(X(k, r)) for op C.
            auto op = [&](const cuDoubleComplex *X, int r, int k) {
                return conj ? cuConj(X[r * K + k]) : X[k * N + r];
            };
            double rbeta = 0.5, ralpha = -1.5;
            cuDoubleComplex alpha = make_cuDoubleComplex(0.75, -0.25);
            cublasOperation_t t = conj ? CUBLAS_OP_C : CUBLAS_OP_N;
            cublasStatus_t st =
                two ? cublasZher2k(h, CUBLAS_FILL_MODE_LOWER, t, N, K, &alpha,
                                   A, lda, B, lda, &rbeta, C, N)
                    : cublasZherk(h, CUBLAS_FILL_MODE_LOWER, t, N, K, &ralpha,
                                  A, lda, &rbeta, C, N);
            EXPECT(st == CUBLAS_STATUS_SUCCESS);
            cudaDeviceSynchronize();
            for (int c = 0; c < N; c++)
                for (int r = c; r < N; r++) {
                    cuDoubleComplex s = make_cuDoubleComplex(0, 0);
                    for (int k = 0; k < K; k++) {
                        if (two) {
                            s = cuCadd(s, cuCmul(alpha, cuCmul(op(A, r, k),
                                                 cuConj(op(B, c, k)))));
                            s = cuCadd(s, cuCmul(cuConj(alpha),
                                                 cuCmul(op(B, r, k),
                                                        cuConj(op(A, c, k)))));
                        } else {
                            cuDoubleComplex p =
                                cuCmul(op(A, r, k), cuConj(op(A, c, k)));
                            s = cuCadd(s, make_cuDoubleComplex(ralpha * p.x,
                                                               ralpha * p.y));
                        }
                    }
                    cuDoubleComplex old = herm(r, c);
                    cuDoubleComplex want = make_cuDoubleComplex(
                        s.x + rbeta * old.x, s.y + rbeta * old.y);
                    if (r == c)
                        want.y = 0;
                    EXPECT(near(C[c * N + r].x, want.x) &&
                           near(C[c * N + r].y, want.y));
                }
        }
    double one = 1;
    EXPECT(cublasZherk(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_T, N, K, &one, A,
                       N, &one, C, N) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(A);
    cudaFree(B);
    cudaFree(C);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_sym_herm: cublasCreate\n");
        return 1;
    }
    test_dsyr2k(h);
    test_zhemm(h);
    test_zherk(h);
    cublasDestroy(h);
    printf("%s cublas_sym_herm\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
