// libraries.cu: a program nvcc builds against NVIDIA's cuBLAS, cuBLASLt,
// cuFFT and cuRAND (-lcublas -lcublasLt -lcufft -lcurand) runs on cux's
// libraries: it asks for libcublas.so.13, libcublasLt.so.13,
// libcufft.so.12 and libcurand.so.10 (CUDA 13's sonames) and for each
// symbol at their version nodes.  A kernel fills a matrix, cublasSgemm
// multiplies, cublasLtMatmul (its algorithm from the heuristic) gives
// the same product, a cuFFT C2C round trip returns the input times n,
// and cuRAND's Philox fills uniforms in (0, 1].
#include <cublasLt.h>
#include <cublas_v2.h>
#include <cufft.h>
#include <curand.h>
#include <cstdio>
#include <cmath>

__global__ void fill(float *a, int n, float s)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        a[i] = s * (float)(i % 7) - 1.0f;
}

int main()
{
    const int n = 32;
    float *a, *b, *c;
    cudaMallocManaged(&a, n * n * sizeof(float));
    cudaMallocManaged(&b, n * n * sizeof(float));
    cudaMallocManaged(&c, n * n * sizeof(float));
    fill<<<(n * n + 255) / 256, 256>>>(a, n * n, 0.5f);
    fill<<<(n * n + 255) / 256, 256>>>(b, n * n, 0.25f);
    cublasHandle_t h;
    const float one = 1.0f, zero = 0.0f;
    int bad = cublasCreate(&h) != CUBLAS_STATUS_SUCCESS;
    bad |= cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, a, n, b,
                       n, &zero, c, n) != CUBLAS_STATUS_SUCCESS;
    cudaDeviceSynchronize();
    for (int i = 0; i < n && !bad; i++)
        for (int j = 0; j < n; j++) {
            double want = 0;
            for (int k = 0; k < n; k++)
                want += (double)a[k * n + i] * b[j * n + k];
            if (fabs(c[j * n + i] - want) > 1e-3 * (1 + fabs(want))) {
                printf("sgemm: c[%d,%d] = %g, want %g\n", i, j,
                       c[j * n + i], want);
                bad = 1;
                break;
            }
        }
    cublasDestroy(h);

    float *d;
    cudaMallocManaged(&d, n * n * sizeof(float));
    cublasLtHandle_t lt;
    cublasLtMatmulDesc_t op;
    cublasLtMatrixLayout_t l;
    cublasLtMatmulPreference_t pref;
    cublasLtMatmulHeuristicResult_t algo;
    int found = 0;
    bad |= cublasLtCreate(&lt) != CUBLAS_STATUS_SUCCESS;
    bad |= cublasLtMatmulDescCreate(&op, CUBLAS_COMPUTE_32F, CUDA_R_32F) !=
           CUBLAS_STATUS_SUCCESS;
    bad |= cublasLtMatrixLayoutCreate(&l, CUDA_R_32F, n, n, n) !=
           CUBLAS_STATUS_SUCCESS;
    bad |= cublasLtMatmulPreferenceCreate(&pref) != CUBLAS_STATUS_SUCCESS;
    bad |= cublasLtMatmulAlgoGetHeuristic(lt, op, l, l, l, l, pref, 1, &algo,
                                          &found) != CUBLAS_STATUS_SUCCESS;
    bad |= found != 1;
    bad |= cublasLtMatmul(lt, op, &one, a, l, b, l, &zero, d, l, d, l,
                          &algo.algo, nullptr, 0, 0) != CUBLAS_STATUS_SUCCESS;
    cudaDeviceSynchronize();
    for (int i = 0; i < n * n && !bad; i++)
        if (fabsf(d[i] - c[i]) > 1e-3f * (1 + fabsf(c[i]))) {
            printf("cublasLt: d[%d] = %g, sgemm gave %g\n", i, d[i], c[i]);
            bad = 1;
        }
    cublasLtMatmulPreferenceDestroy(pref);
    cublasLtMatrixLayoutDestroy(l);
    cublasLtMatmulDescDestroy(op);
    cublasLtDestroy(lt);

    const int m = 64;
    cufftComplex *x;
    cudaMallocManaged(&x, m * sizeof(cufftComplex));
    for (int i = 0; i < m; i++)
        x[i] = make_cuComplex((float)(i % 5), (float)(i % 3) - 1.0f);
    cufftHandle plan;
    bad |= cufftPlan1d(&plan, m, CUFFT_C2C, 1) != CUFFT_SUCCESS;
    bad |= cufftExecC2C(plan, x, x, CUFFT_FORWARD) != CUFFT_SUCCESS;
    bad |= cufftExecC2C(plan, x, x, CUFFT_INVERSE) != CUFFT_SUCCESS;
    cudaDeviceSynchronize();
    for (int i = 0; i < m && !bad; i++)
        if (fabsf(x[i].x - m * (float)(i % 5)) > 1e-3f * m ||
            fabsf(x[i].y - m * ((float)(i % 3) - 1.0f)) > 1e-3f * m) {
            printf("cufft: x[%d] = (%g, %g)\n", i, x[i].x, x[i].y);
            bad = 1;
        }
    cufftDestroy(plan);

    float *u;
    cudaMallocManaged(&u, 1024 * sizeof(float));
    curandGenerator_t gen;
    bad |= curandCreateGenerator(&gen, CURAND_RNG_PSEUDO_PHILOX4_32_10) !=
           CURAND_STATUS_SUCCESS;
    bad |= curandSetPseudoRandomGeneratorSeed(gen, 1234) !=
           CURAND_STATUS_SUCCESS;
    bad |= curandGenerateUniform(gen, u, 1024) != CURAND_STATUS_SUCCESS;
    cudaDeviceSynchronize();
    for (int i = 0; i < 1024 && !bad; i++)
        if (!(u[i] > 0.0f && u[i] <= 1.0f)) {
            printf("curand: u[%d] = %g\n", i, u[i]);
            bad = 1;
        }
    curandDestroyGenerator(gen);
    printf("%s libraries\n", bad ? "FAIL" : "PASS");
    return bad;
}
