// cublas_handle.cu: cuBLAS's handle calls (create, destroy, stream,
// pointer/math/atomics modes, version, status names) and the host<->device
// copies (Set/GetVector, Set/GetMatrix and their Async forms), with the
// status codes cuBLAS documents for bad arguments.
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cstdio>
#include <cstring>

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

int main()
{
    cublasHandle_t h = nullptr;
    CHECK(cublasCreate(nullptr) == CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasCreate(&h) == CUBLAS_STATUS_SUCCESS && h);

    int v = 0;
    CHECK(cublasGetVersion(h, &v) == CUBLAS_STATUS_SUCCESS);
    CHECK(v == CUBLAS_VERSION && v >= 120000);
    int major = -1, minor = -1, patch = -1;
    CHECK(cublasGetProperty(MAJOR_VERSION, &major) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetProperty(MINOR_VERSION, &minor) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetProperty(PATCH_LEVEL, &patch) == CUBLAS_STATUS_SUCCESS);
    CHECK(major * 10000 + minor * 100 + patch == CUBLAS_VERSION);
    CHECK(cublasGetCudartVersion() == CUDART_VERSION);

    // stream: the legacy default stream until set
    cudaStream_t s = (cudaStream_t)1, mine;
    CHECK(cublasGetStream(h, &s) == CUBLAS_STATUS_SUCCESS && s == nullptr);
    cudaStreamCreate(&mine);
    CHECK(cublasSetStream(h, mine) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetStream(h, &s) == CUBLAS_STATUS_SUCCESS && s == mine);

    cublasPointerMode_t pm;
    CHECK(cublasGetPointerMode(h, &pm) == CUBLAS_STATUS_SUCCESS &&
          pm == CUBLAS_POINTER_MODE_HOST);
    CHECK(cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetPointerMode(h, &pm) == CUBLAS_STATUS_SUCCESS &&
          pm == CUBLAS_POINTER_MODE_DEVICE);
    CHECK(cublasSetPointerMode(h, (cublasPointerMode_t)7) ==
          CUBLAS_STATUS_INVALID_VALUE);

    cublasMath_t mm;
    CHECK(cublasGetMathMode(h, &mm) == CUBLAS_STATUS_SUCCESS &&
          mm == CUBLAS_DEFAULT_MATH);
    cublasMath_t tf32 = (cublasMath_t)(CUBLAS_TF32_TENSOR_OP_MATH |
        CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION);
    CHECK(cublasSetMathMode(h, tf32) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetMathMode(h, &mm) == CUBLAS_STATUS_SUCCESS && mm == tf32);
    CHECK(cublasSetMathMode(h, (cublasMath_t)9) ==
          CUBLAS_STATUS_INVALID_VALUE);

    cublasAtomicsMode_t am;
    CHECK(cublasGetAtomicsMode(h, &am) == CUBLAS_STATUS_SUCCESS &&
          am == CUBLAS_ATOMICS_NOT_ALLOWED);
    CHECK(cublasSetAtomicsMode(h, CUBLAS_ATOMICS_ALLOWED) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasSetWorkspace(h, nullptr, 0) == CUBLAS_STATUS_SUCCESS);

    CHECK(!strcmp(cublasGetStatusName(CUBLAS_STATUS_INVALID_VALUE),
                  "CUBLAS_STATUS_INVALID_VALUE"));
    CHECK(!strcmp(cublasGetStatusName(CUBLAS_STATUS_SUCCESS),
                  "CUBLAS_STATUS_SUCCESS"));
    CHECK(strlen(cublasGetStatusString(CUBLAS_STATUS_NOT_SUPPORTED)) > 0);
    CHECK(strlen(cublasGetStatusString((cublasStatus_t)1234)) > 0);

    // vectors: every second host element into every third device one
    float host[8], back[12] = {0};
    for (int i = 0; i < 8; i++)
        host[i] = (float)i + 0.5f;
    float *d;
    cudaMalloc(&d, 12 * sizeof(float));
    cudaMemset(d, 0, 12 * sizeof(float));
    CHECK(cublasSetVector(4, sizeof(float), host, 2, d, 3) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetVector(12, sizeof(float), d, 1, back, 1) ==
          CUBLAS_STATUS_SUCCESS);
    for (int i = 0; i < 12; i++)
        CHECK(back[i] == (i % 3 == 0 ? host[i / 3 * 2] : 0.0f));
    CHECK(cublasSetVector(4, sizeof(float), host, 0, d, 1) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasSetVector(4, 0, host, 1, d, 1) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasGetVector(4, sizeof(float), d, 1, back, -1) ==
          CUBLAS_STATUS_INVALID_VALUE);

    // matrices: a 3x2 block of a host matrix (lda 5) into ldb 4 and back
    double A[5 * 2], B[3 * 2] = {0};
    for (int i = 0; i < 10; i++)
        A[i] = i * 1.25;
    double *dB;
    cudaMalloc(&dB, 4 * 2 * sizeof(double));
    CHECK(cublasSetMatrixAsync(3, 2, sizeof(double), A, 5, dB, 4, mine) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetMatrixAsync(3, 2, sizeof(double), dB, 4, B, 3, mine) ==
          CUBLAS_STATUS_SUCCESS);
    cudaStreamSynchronize(mine);
    for (int c = 0; c < 2; c++)
        for (int r = 0; r < 3; r++)
            CHECK(B[c * 3 + r] == A[c * 5 + r]);
    CHECK(cublasSetMatrix(3, 2, sizeof(double), A, 2, dB, 4) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasSetMatrix(-1, 2, sizeof(double), A, 5, dB, 4) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasGetMatrix(3, 2, sizeof(double), dB, 4, B, 0) ==
          CUBLAS_STATUS_INVALID_VALUE);
    CHECK(cublasSetVectorAsync(2, sizeof(float), host, 1, d, 1, mine) ==
          CUBLAS_STATUS_SUCCESS);
    CHECK(cublasGetVectorAsync(2, sizeof(float), d, 1, back, 1, mine) ==
          CUBLAS_STATUS_SUCCESS);
    cudaStreamSynchronize(mine);
    CHECK(back[0] == host[0] && back[1] == host[1]);

    // NULL and destroyed handles
    CHECK(cublasSetStream(nullptr, mine) == CUBLAS_STATUS_NOT_INITIALIZED);
    CHECK(cublasGetPointerMode(nullptr, &pm) ==
          CUBLAS_STATUS_NOT_INITIALIZED);
    CHECK(cublasDestroy(h) == CUBLAS_STATUS_SUCCESS);
    CHECK(cublasSetMathMode(h, CUBLAS_DEFAULT_MATH) ==
          CUBLAS_STATUS_NOT_INITIALIZED);
    CHECK(cublasDestroy(h) == CUBLAS_STATUS_NOT_INITIALIZED);
    CHECK(cublasDestroy(nullptr) == CUBLAS_STATUS_NOT_INITIALIZED);

    cudaFree(d);
    cudaFree(dB);
    cudaStreamDestroy(mine);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
