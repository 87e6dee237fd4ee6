// cublas_blas.cu: cuBLAS levels 1-3 besides gemm, on small matrices
// checked against loops on the host (tolerance 1e-12, double; 1e-5,
// float): dot, nrm2, asum, amax/amin (1-based), axpy, scal, copy, swap,
// gemv, ger, symv, trsv, symm, syrk, trsm, trmm, geam, dgmm; a result in
// device memory written in stream order; bad-argument statuses.
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cmath>
#include <cstdio>

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)
#define NEAR(a, b) (fabs((double)(a) - (double)(b)) < 1e-12 * (1 + fabs((double)(b))))

__global__ void set(double *p, int i, double v) { p[i] = v; }

int main()
{
    cublasHandle_t h;
    cublasCreate(&h);
    const int n = 4;
    double *x, *y, *A, *B, *C, *r;
    cudaMallocManaged(&x, 8 * sizeof(double));
    cudaMallocManaged(&y, 8 * sizeof(double));
    cudaMallocManaged(&A, 16 * sizeof(double));
    cudaMallocManaged(&B, 16 * sizeof(double));
    cudaMallocManaged(&C, 16 * sizeof(double));
    cudaMallocManaged(&r, 4 * sizeof(double));
    double hx[4] = {1, -3, 2, 0.5}, hy[4] = {2, 1, -1, 4};
    for (int i = 0; i < 4; i++) x[i] = hx[i], y[i] = hy[i];
    // A: lower triangular part meaningful, diagonal 2..5
    for (int c = 0; c < n; c++)
        for (int rr = 0; rr < n; rr++)
            A[c * n + rr] = rr == c ? 2 + c : (rr > c ? 0.5 * (rr - c) : 9);

    // level 1, results to host memory (the call waits for them)
    double d = 0, nrm = 0, sum = 0;
    int imax = 0, imin = 0;
    CHECK(cublasDdot(h, n, x, 1, y, 1, &d) == CUBLAS_STATUS_SUCCESS);
    CHECK(NEAR(d, 2 - 3 - 2 + 2));
    CHECK(cublasDnrm2(h, n, x, 1, &nrm) == CUBLAS_STATUS_SUCCESS);
    CHECK(NEAR(nrm, sqrt(1 + 9 + 4 + 0.25)));
    CHECK(cublasDasum(h, n, x, 1, &sum) == CUBLAS_STATUS_SUCCESS);
    CHECK(NEAR(sum, 6.5));
    CHECK(cublasIdamax(h, n, x, 1, &imax) == CUBLAS_STATUS_SUCCESS);
    CHECK(imax == 2);
    CHECK(cublasIdamin(h, n, x, 1, &imin) == CUBLAS_STATUS_SUCCESS);
    CHECK(imin == 4);
    CHECK(cublasIdamax(h, 0, x, 1, &imax) == CUBLAS_STATUS_SUCCESS);
    CHECK(imax == 0);
    CHECK(cublasDdot(h, n, x, 1, y, 1, nullptr) ==
          CUBLAS_STATUS_INVALID_VALUE);
    // strided: every second element of a length-8 vector
    float fx[8] = {3, 9, -4, 9, 0, 9, 0, 9}, fn = 0;
    float *dfx;
    cudaMalloc(&dfx, sizeof fx);
    cudaMemcpy(dfx, fx, sizeof fx, cudaMemcpyHostToDevice);
    CHECK(cublasSnrm2(h, 4, dfx, 2, &fn) == CUBLAS_STATUS_SUCCESS);
    CHECK(fabsf(fn - 5.0f) < 1e-5f);

    // result in device memory, written after a kernel changed x
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE);
    set<<<1, 1>>>(x, 3, 10.0);
    CHECK(cublasDdot(h, n, x, 1, y, 1, r) == CUBLAS_STATUS_SUCCESS);
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
    cudaDeviceSynchronize();
    CHECK(NEAR(r[0], 2 - 3 - 2 + 40));
    x[3] = 0.5;

    double two = 2, half = 0.5, one = 1, zero = 0;
    CHECK(cublasDaxpy(h, n, &two, x, 1, y, 1) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasDscal(h, n, &half, y, 1) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < n; i++) CHECK(NEAR(y[i], (hy[i] + 2 * hx[i]) / 2));
    CHECK(cublasDcopy(h, n, x, 1, y, 1) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasDscal(h, n, &two, y, 1) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasDswap(h, n, x, 1, y, 1) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < n; i++)
        CHECK(NEAR(x[i], 2 * hx[i]) && NEAR(y[i], hx[i]));
    for (int i = 0; i < n; i++) x[i] = hx[i], y[i] = hy[i];

    // level 2: y = 2 A^T x + 0.5 y
    CHECK(cublasDgemv(h, CUBLAS_OP_T, n, n, &two, A, n, x, 1, &half, y, 1) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < n; c++) {
        double s = 0;
        for (int rr = 0; rr < n; rr++) s += A[c * n + rr] * hx[rr];
        CHECK(NEAR(y[c], 2 * s + 0.5 * hy[c]));
    }
    // trsv: solve L z = x, check L z == x
    for (int i = 0; i < n; i++) y[i] = hx[i];
    CHECK(cublasDtrsv(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N,
                      CUBLAS_DIAG_NON_UNIT, n, A, n, y, 1) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int rr = 0; rr < n; rr++) {
        double s = 0;
        for (int c = 0; c <= rr; c++) s += A[c * n + rr] * y[c];
        CHECK(NEAR(s, hx[rr]));
    }
    // symv with the lower triangle: the 9s above it must not be read
    for (int i = 0; i < n; i++) y[i] = 0;
    CHECK(cublasDsymv(h, CUBLAS_FILL_MODE_LOWER, n, &one, A, n, x, 1, &zero,
                      y, 1) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int rr = 0; rr < n; rr++) {
        double s = 0;
        for (int c = 0; c < n; c++)
            s += (rr >= c ? A[c * n + rr] : A[rr * n + c]) * hx[c];
        CHECK(NEAR(y[rr], s));
    }
    // ger: B = x y^T + B
    for (int i = 0; i < 16; i++) B[i] = i;
    CHECK(cublasDger(h, n, n, &one, x, 1, y, 1, B, n) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < n; c++)
        for (int rr = 0; rr < n; rr++)
            CHECK(NEAR(B[c * n + rr], c * n + rr + x[rr] * y[c]));

    // level 3: trsm (left, lower) then trmm gives B back
    for (int i = 0; i < 16; i++) B[i] = (i % 5) - 1.5;
    double B0[16];
    for (int i = 0; i < 16; i++) B0[i] = B[i];
    CHECK(cublasDtrsm(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER,
                      CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT, n, n, &one, A, n, B,
                      n) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasDtrmm(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER,
                      CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT, n, n, &one, A, n, B,
                      n, C, n) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < 16; i++) CHECK(NEAR(C[i], B0[i]));
    // syrk: C = A^T A, lower triangle
    CHECK(cublasDsyrk(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_T, n, n, &one, A,
                      n, &zero, C, n) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < n; c++)
        for (int rr = c; rr < n; rr++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += A[rr * n + i] * A[c * n + i];
            CHECK(NEAR(C[c * n + rr], s));
        }
    // symm: C = sym(A) B0 (A's lower triangle)
    CHECK(cublasDsymm(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER, n, n, &one,
                      A, n, B0, n, &zero, C, n) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < n; c++)
        for (int rr = 0; rr < n; rr++) {
            double s = 0;
            for (int i = 0; i < n; i++)
                s += (rr >= i ? A[i * n + rr] : A[rr * n + i]) * B0[c * n + i];
            CHECK(NEAR(C[c * n + rr], s));
        }
    // geam: C = 2 A^T + 0.5 B0; dgmm: C = diag(x) B0
    CHECK(cublasDgeam(h, CUBLAS_OP_T, CUBLAS_OP_N, n, n, &two, A, n, &half,
                      B0, n, C, n) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < n; c++)
        for (int rr = 0; rr < n; rr++)
            CHECK(NEAR(C[c * n + rr], 2 * A[rr * n + c] + 0.5 * B0[c * n + rr]));
    CHECK(cublasDdgmm(h, CUBLAS_SIDE_LEFT, n, n, B0, n, x, 1, C, n) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int c = 0; c < n; c++)
        for (int rr = 0; rr < n; rr++)
            CHECK(NEAR(C[c * n + rr], hx[rr] * B0[c * n + rr]));

    // complex: Zdotc conjugates x
    cuDoubleComplex zx[2] = {{1, 2}, {3, -1}}, zy[2] = {{2, 0}, {1, 1}};
    cuDoubleComplex *dz, zr;
    cudaMalloc(&dz, sizeof zx + sizeof zy);
    cudaMemcpy(dz, zx, sizeof zx, cudaMemcpyHostToDevice);
    cudaMemcpy(dz + 2, zy, sizeof zy, cudaMemcpyHostToDevice);
    CHECK(cublasZdotc(h, 2, dz, 1, dz + 2, 1, &zr) == CUBLAS_STATUS_SUCCESS);
    cuDoubleComplex want = cuCadd(cuCmul(cuConj(zx[0]), zy[0]),
                                  cuCmul(cuConj(zx[1]), zy[1]));
    CHECK(NEAR(zr.x, want.x) && NEAR(zr.y, want.y));

    // bad arguments
    CHECK(cublasDgemv(h, CUBLAS_OP_N, 4, 4, &one, A, 3, x, 1, &one, y, 1) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasDgemv(h, CUBLAS_OP_N, 4, 4, &one, A, 4, x, 0, &one, y, 1) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasDtrsm(h, CUBLAS_SIDE_RIGHT, CUBLAS_FILL_MODE_LOWER,
                      CUBLAS_OP_N, CUBLAS_DIAG_UNIT, 2, 4, &one, A, 3, B, 2) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasZsyrk(h, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_C, 1, 1, &zr, dz,
                      1, &zr, dz, 1) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasDgeam(h, CUBLAS_OP_T, CUBLAS_OP_N, n, n, &one, C, n, &one, B,
                      n, C, n) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasDaxpy(nullptr, n, &one, x, 1, y, 1) ==
          CUBLAS_STATUS_NOT_INITIALIZED);

    cublasDestroy(h);
    cudaFree(x); cudaFree(y); cudaFree(A); cudaFree(B); cudaFree(C);
    cudaFree(r); cudaFree(dfx); cudaFree(dz);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
