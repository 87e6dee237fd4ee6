// cublas_gemm.cu: cublas<t>gemm with every transpose and padded leading
// dimensions, strided and pointer-array batches, gemmEx with half inputs
// and float compute, device pointer mode, stream order (a kernel writes A
// before the call, another reads C after it) and bad-argument statuses.
// Tolerance, relative to alpha * sum of the products' magnitudes: 1e-5
// for float, 1e-13 for double, 2e-3 for a half result.
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cuda_fp16.h>
#include <cmath>
#include <cstdio>
#include <vector>

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

// op(M)[r][c] of a column-major matrix with leading dimension ld
template <class T> static T at(const T *M, int ld, bool t, int r, int c)
{
    return t ? M[(size_t)r * ld + c] : M[(size_t)c * ld + r];
}

template <class T>
static double ref_err(int m, int n, int k, bool ta, bool tb, T alpha,
                      const T *A, int lda, const T *B, int ldb, T beta,
                      const T *C0, const T *C, int ldc)
{
    double worst = 0;
    for (int c = 0; c < n; c++)
        for (int r = 0; r < m; r++) {
            double s = 0, mag = 0;
            for (int i = 0; i < k; i++) {
                double p = (double)at(A, lda, ta, r, i) * at(B, ldb, tb, i, c);
                s += p;
                mag += fabs(p);
            }
            double want = alpha * s + beta * C0[(size_t)c * ldc + r];
            double e = fabs(C[(size_t)c * ldc + r] - want) /
                       (alpha * mag + fabs(beta * C0[(size_t)c * ldc + r]) + 1);
            worst = e > worst ? e : worst;
        }
    return worst;
}

__global__ void fill(float *p, int n, float scale)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = scale * (float)((i * 7) % 13 - 6);
}

__global__ void twice(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = 2 * in[i];
}

template <class T>
static void gemm_case(cublasHandle_t h, bool ta, bool tb, double tol)
{
    const int m = 13, n = 9, k = 11;
    int lda = (ta ? k : m) + 3, ldb = (tb ? n : k) + 2, ldc = m + 1;
    size_t na = (size_t)lda * (ta ? m : k), nb = (size_t)ldb * (tb ? k : n);
    size_t nc = (size_t)ldc * n;
    T *A, *B, *C;
    cudaMallocManaged(&A, na * sizeof(T));
    cudaMallocManaged(&B, nb * sizeof(T));
    cudaMallocManaged(&C, nc * sizeof(T));
    for (size_t i = 0; i < na; i++) A[i] = (T)((i * 5) % 11) / 4 - 1;
    for (size_t i = 0; i < nb; i++) B[i] = (T)((i * 3) % 7) / 2 - 1;
    for (size_t i = 0; i < nc; i++) C[i] = (T)(i % 5) - 2;
    std::vector<T> C0(C, C + nc);
    T alpha = (T)1.5, beta = (T)-0.5;
    cublasOperation_t oa = ta ? CUBLAS_OP_T : CUBLAS_OP_N;
    cublasOperation_t ob = tb ? CUBLAS_OP_T : CUBLAS_OP_N;
    cublasStatus_t st;
    if (sizeof(T) == 4)
        st = cublasSgemm(h, oa, ob, m, n, k, (const float *)&alpha,
                         (const float *)A, lda, (const float *)B, ldb,
                         (const float *)&beta, (float *)C, ldc);
    else
        st = cublasDgemm(h, oa, ob, m, n, k, (const double *)&alpha,
                         (const double *)A, lda, (const double *)B, ldb,
                         (const double *)&beta, (double *)C, ldc);
    CHECK(st == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    CHECK(ref_err(m, n, k, ta, tb, alpha, A, lda, B, ldb, beta, C0.data(), C,
                  ldc) < tol);
    cudaFree(A);
    cudaFree(B);
    cudaFree(C);
}

static void complex_case(cublasHandle_t h)
{
    // (1+2i) * conj-transposed A (2x2) times B: checked element by element
    cuDoubleComplex A[4] = {{1, 1}, {2, 0}, {0, 1}, {3, -1}};
    cuDoubleComplex B[4] = {{1, 0}, {0, 1}, {2, 2}, {1, -1}};
    cuDoubleComplex C[4] = {}, *dA, *dB, *dC;
    cudaMalloc(&dA, sizeof A);
    cudaMalloc(&dB, sizeof B);
    cudaMalloc(&dC, sizeof C);
    cudaMemcpy(dA, A, sizeof A, cudaMemcpyHostToDevice);
    cudaMemcpy(dB, B, sizeof B, cudaMemcpyHostToDevice);
    cuDoubleComplex alpha = {1, 2}, beta = {0, 0};
    CHECK(cublasZgemm(h, CUBLAS_OP_C, CUBLAS_OP_N, 2, 2, 2, &alpha, dA, 2, dB,
                      2, &beta, dC, 2) == CUBLAS_STATUS_SUCCESS);
    cudaMemcpy(C, dC, sizeof C, cudaMemcpyDeviceToHost);
    for (int c = 0; c < 2; c++)
        for (int r = 0; r < 2; r++) {
            cuDoubleComplex s = {0, 0};
            for (int i = 0; i < 2; i++)
                s = cuCadd(s, cuCmul(cuConj(A[r * 2 + i]), B[c * 2 + i]));
            s = cuCmul(alpha, s);
            CHECK(fabs(C[c * 2 + r].x - s.x) < 1e-12 &&
                  fabs(C[c * 2 + r].y - s.y) < 1e-12);
        }
    cudaFree(dA);
    cudaFree(dB);
    cudaFree(dC);
}

// stream order and device pointer mode: fill A and alpha by kernels, gemm,
// then a kernel doubles C, all on one stream with no synchronisation.
static void async_case(cublasHandle_t h)
{
    const int m = 64, n = 48, k = 32;
    cudaStream_t s;
    cudaStreamCreate(&s);
    cublasSetStream(h, s);
    float *A, *B, *C, *D, *scal;
    cudaMalloc(&A, m * k * sizeof(float));
    cudaMalloc(&B, k * n * sizeof(float));
    cudaMalloc(&C, m * n * sizeof(float));
    cudaMalloc(&D, m * n * sizeof(float));
    cudaMalloc(&scal, 2 * sizeof(float));
    fill<<<(m * k + 127) / 128, 128, 0, s>>>(A, m * k, 0.5f);
    fill<<<(k * n + 127) / 128, 128, 0, s>>>(B, k * n, 0.25f);
    float sc[2] = {2.0f, 0.0f};
    cudaMemcpyAsync(scal, sc, sizeof sc, cudaMemcpyHostToDevice, s);
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE);
    CHECK(cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, scal, A, m, B, k,
                      scal + 1, C, m) == CUBLAS_STATUS_SUCCESS);
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
    twice<<<(m * n + 127) / 128, 128, 0, s>>>(C, D, m * n);
    std::vector<float> hA(m * k), hB(k * n), hD(m * n), zero(m * n, 0.0f);
    cudaMemcpyAsync(hD.data(), D, m * n * sizeof(float),
                    cudaMemcpyDeviceToHost, s);
    cudaStreamSynchronize(s);
    for (int i = 0; i < m * k; i++) hA[i] = 0.5f * (float)((i * 7) % 13 - 6);
    for (int i = 0; i < k * n; i++) hB[i] = 0.25f * (float)((i * 7) % 13 - 6);
    for (float &v : hD) v /= 2;
    CHECK(ref_err(m, n, k, false, false, 2.0f, hA.data(), m, hB.data(), k,
                  0.0f, zero.data(), hD.data(), m) < 1e-4);
    cublasSetStream(h, 0);
    cudaFree(A); cudaFree(B); cudaFree(C); cudaFree(D); cudaFree(scal);
    cudaStreamDestroy(s);
}

static void batched_case(cublasHandle_t h)
{
    const int m = 5, n = 4, k = 3, batch = 3;
    const long long sa = m * k + 1, sb = k * n, sc = m * n + 2;
    double *A, *B, *C, **pa, **pb, **pc;
    cudaMallocManaged(&A, sa * batch * sizeof(double));
    cudaMallocManaged(&B, sb * batch * sizeof(double));
    cudaMallocManaged(&C, 2 * sc * batch * sizeof(double));
    cudaMallocManaged(&pa, batch * sizeof(double *));
    cudaMallocManaged(&pb, batch * sizeof(double *));
    cudaMallocManaged(&pc, batch * sizeof(double *));
    for (long long i = 0; i < sa * batch; i++) A[i] = (double)(i % 9) - 4;
    for (long long i = 0; i < sb * batch; i++) B[i] = (double)(i % 4) + 0.5;
    double one = 1, zero = 0;
    CHECK(cublasDgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k,
                                    &one, A, m, sa, B, k, sb, &zero, C, m, sc,
                                    batch) == CUBLAS_STATUS_SUCCESS);
    double *C2 = C + sc * batch;
    for (int b = 0; b < batch; b++) {
        pa[b] = A + b * sa, pb[b] = B + b * sb, pc[b] = C2 + b * sc;
    }
    CHECK(cublasDgemmBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &one, pa,
                             m, pb, k, &zero, pc, m, batch) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    std::vector<double> z(m * n, 0.0);
    for (int b = 0; b < batch; b++) {
        CHECK(ref_err(m, n, k, false, false, 1.0, A + b * sa, m, B + b * sb,
                      k, 0.0, z.data(), C + b * sc, m) < 1e-12);
        CHECK(ref_err(m, n, k, false, false, 1.0, A + b * sa, m, B + b * sb,
                      k, 0.0, z.data(), C2 + b * sc, m) < 1e-12);
    }
    cudaFree(A); cudaFree(B); cudaFree(C);
    cudaFree(pa); cudaFree(pb); cudaFree(pc);
}

// cublasHgemm and its batched forms: half scalars, C = 2 A B + C / 2 with
// C starting at its index, as one product, two strided and two through
// pointer arrays (the second of each on A and B transposed).
static void hgemm_case(cublasHandle_t h, const __half *A, const __half *B,
                       const std::vector<float> &fa,
                       const std::vector<float> &fb)
{
    const int m = 8, n = 6, k = 16, batch = 2;
    __half *C, **ptrs;
    cudaMallocManaged(&C, batch * m * n * sizeof(__half));
    cudaMallocManaged(&ptrs, 3 * batch * sizeof(__half *));
    __half two = __float2half(2.0f), half = __float2half(0.5f);
    std::vector<float> c0(batch * m * n), got(m * n);
    auto reset = [&]() {
        for (int i = 0; i < batch * m * n; i++) {
            C[i] = __float2half((float)(i % 11));
            c0[i] = __half2float(C[i]);
        }
    };
    auto check = [&](int b, bool t) {
        for (int i = 0; i < m * n; i++)
            got[i] = __half2float(C[b * m * n + i]);
        // A^T and B^T of the same data: the product of a k x m and an
        // n x k matrix read transposed
        CHECK(ref_err(m, n, k, t, t, 2.0f, fa.data(), t ? k : m, fb.data(),
                      t ? n : k, 0.5f, c0.data() + b * m * n, got.data(),
                      m) < 2e-3);
    };
    reset();
    CHECK(cublasHgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &two, A, m, B, k,
                      &half, C, m) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    check(0, false);
    reset();
    CHECK(cublasHgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k,
                                    &two, A, m, 0, B, k, 0, &half, C, m,
                                    m * n, batch) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    check(0, false);
    check(1, false);
    reset();
    for (int b = 0; b < batch; b++) {
        ptrs[b] = (__half *)A;
        ptrs[batch + b] = (__half *)B;
        ptrs[2 * batch + b] = C + b * m * n;
    }
    CHECK(cublasHgemmBatched(h, CUBLAS_OP_T, CUBLAS_OP_T, m, n, k, &two,
                             (const __half *const *)ptrs, k,
                             (const __half *const *)(ptrs + batch), n, &half,
                             ptrs + 2 * batch, m, batch) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    check(0, true);
    check(1, true);
    CHECK(cublasHgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &two, A, m - 1,
                      B, k, &half, C, m) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(C);
    cudaFree(ptrs);
}

static void half_case(cublasHandle_t h)
{
    const int m = 8, n = 6, k = 16;
    __half *A, *B, *Ch;
    float *C;
    cudaMallocManaged(&A, m * k * sizeof(__half));
    cudaMallocManaged(&B, k * n * sizeof(__half));
    cudaMallocManaged(&Ch, m * n * sizeof(__half));
    cudaMallocManaged(&C, m * n * sizeof(float));
    std::vector<float> fa(m * k), fb(k * n), z(m * n, 0.0f), got(m * n);
    for (int i = 0; i < m * k; i++) {
        A[i] = __float2half((float)(i % 7) * 0.125f);
        fa[i] = __half2float(A[i]);
    }
    for (int i = 0; i < k * n; i++) {
        B[i] = __float2half((float)(i % 5) - 2.0f);
        fb[i] = __half2float(B[i]);
    }
    float one = 1, zero = 0;
    CHECK(cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &one, A,
                       CUDA_R_16F, m, B, CUDA_R_16F, k, &zero, C, CUDA_R_32F,
                       m, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &one, A,
                       CUDA_R_16F, m, B, CUDA_R_16F, k, &zero, Ch, CUDA_R_16F,
                       m, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT) ==
          CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    CHECK(ref_err(m, n, k, false, false, 1.0f, fa.data(), m, fb.data(), k,
                  0.0f, z.data(), C, m) < 1e-5);
    for (int i = 0; i < m * n; i++) got[i] = __half2float(Ch[i]);
    CHECK(ref_err(m, n, k, false, false, 1.0f, fa.data(), m, fb.data(), k,
                  0.0f, z.data(), got.data(), m) < 2e-3);
    // double, and a combination cux does not implement
    CHECK(cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &one, A,
                       CUDA_R_16F, m, B, CUDA_R_16F, k, &zero, C, CUDA_R_64F,
                       m, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT) ==
          CUBLAS_STATUS_NOT_SUPPORTED);
    hgemm_case(h, A, B, fa, fb);
    cudaFree(A); cudaFree(B); cudaFree(C); cudaFree(Ch);
}

static void bad_args(cublasHandle_t h)
{
    float a = 1, *M;
    cudaMalloc(&M, 64 * sizeof(float));
    CHECK(cublasSgemm(nullptr, CUBLAS_OP_N, CUBLAS_OP_N, 2, 2, 2, &a, M, 2, M,
                      2, &a, M, 2) == CUBLAS_STATUS_NOT_INITIALIZED);
    CHECK(cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, -1, 2, 2, &a, M, 2, M, 2,
                      &a, M, 2) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 4, 2, 2, &a, M, 3, M, 2,
                      &a, M, 4) == CUBLAS_STATUS_INVALID_VALUE);  // lda < m
    CHECK(cublasSgemm(h, CUBLAS_OP_T, CUBLAS_OP_N, 4, 2, 3, &a, M, 2, M, 3,
                      &a, M, 4) == CUBLAS_STATUS_INVALID_VALUE);  // lda < k
    CHECK(cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_T, 4, 5, 2, &a, M, 4, M, 4,
                      &a, M, 4) == CUBLAS_STATUS_INVALID_VALUE);  // ldb < n
    CHECK(cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 4, 2, 2, &a, M, 4, M, 2,
                      &a, M, 3) == CUBLAS_STATUS_INVALID_VALUE);  // ldc < m
    CHECK(cublasSgemm(h, (cublasOperation_t)7, CUBLAS_OP_N, 2, 2, 2, &a, M, 2,
                      M, 2, &a, M, 2) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasSgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, 2, 2, 2, &a,
                                    M, 2, 4, M, 2, 4, &a, M, 2, 4, -1) ==
          CUBLAS_STATUS_INVALID_VALUE);
    // empty products are accepted and do nothing
    CHECK(cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 0, 2, 2, &a, M, 1, M, 2,
                      &a, M, 1) == CUBLAS_STATUS_SUCCESS);
    cudaFree(M);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublasCreate\n");
        return 1;
    }
    for (int t = 0; t < 4; t++) {
        gemm_case<float>(h, t & 1, t & 2, 1e-5);
        gemm_case<double>(h, t & 1, t & 2, 1e-13);
    }
    complex_case(h);
    async_case(h);
    batched_case(h);
    half_case(h);
    bad_args(h);
    cublasDestroy(h);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
