// cufft_stream.cu: cuFFT executions are ordered on the plan's stream
// like kernels.  On a non-default stream, with no synchronisation in
// between: a kernel writes the input, the transform runs, a kernel reads
// the output, several rounds reusing the same buffers; then a plan
// destroyed while its work is still queued behind a slow kernel (the
// work must still run), and an execution captured into a graph that is
// launched twice.  Results against a host DFT in double, 1e-5 of the
// norm.
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

// Exact small integers, so that host and device inputs agree bit for bit.
__host__ __device__ static float input(int j, int round)
{
    return (float)((j * 7 + round * 5) % 13 - 6);
}

__global__ void fill(cufftComplex *x, int n, int round, int spin)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= n)
        return;
    float v = input(j, round);
    // a slow kernel, to leave the work after it queued for a while
    for (int k = 0; k < spin; k++)
        v = v * 1.0000001f - v * 0.0000001f;
    float late = v > 1e30f ? 1.0f : 0.0f; /* keeps the loop; always 0 */
    x[j] = make_cuFloatComplex(input(j, round) + late,
                               -0.5f * input(j, round));
}

// Reads the spectrum: what a user's next kernel would do.
__global__ void power(const cufftComplex *X, float *p, int n)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k < n)
        p[k] = X[k].x * X[k].x + X[k].y * X[k].y;
}

static double check_power(const float *p, int n, int round)
{
    std::vector<cref> x(n);
    for (int j = 0; j < n; j++)
        x[j] = cref(input(j, round), -0.5 * input(j, round));
    std::vector<cref> X = ref_dft(x, &n, 1, CUFFT_FORWARD), want(n);
    for (int k = 0; k < n; k++)
        want[k] = std::norm(X[k]);
    return ref_error(want, [&](size_t k) { return cref(p[k], 0); });
}

static const int N = 2048, ROUNDS = 5, T = 256;

static void rounds(cudaStream_t s, cufftComplex *x, cufftComplex *X,
                   float *p)
{
    cufftHandle plan;
    CHECK(cufftPlan1d(&plan, N, CUFFT_C2C, 1) == CUFFT_SUCCESS);
    CHECK(cufftSetStream(plan, s) == CUFFT_SUCCESS);
    for (int r = 0; r < ROUNDS; r++) {
        fill<<<N / T, T, 0, s>>>(x, N, r, r == 0 ? 20000 : 0);
        CHECK(cufftExecC2C(plan, x, X, CUFFT_FORWARD) == CUFFT_SUCCESS);
        power<<<N / T, T, 0, s>>>(X, p + r * N, N);
    }
    std::vector<float> h(ROUNDS * N);
    CHECK(cudaMemcpyAsync(h.data(), p, sizeof(float) * ROUNDS * N,
                          cudaMemcpyDeviceToHost, s) == cudaSuccess);
    CHECK(cudaStreamSynchronize(s) == cudaSuccess);
    for (int r = 0; r < ROUNDS; r++) {
        double e = check_power(h.data() + r * N, N, r);
        if (e > 1e-5)
            printf("round %d error %g\n", r, e);
        CHECK(e <= 1e-5);
    }
    CHECK(cufftDestroy(plan) == CUFFT_SUCCESS);
}

// The plan goes while its transform waits behind a slow kernel.
static void destroy_queued(cudaStream_t s, cufftComplex *x, cufftComplex *X,
                           float *p)
{
    cufftHandle plan;
    CHECK(cufftPlan1d(&plan, N, CUFFT_C2C, 1) == CUFFT_SUCCESS);
    CHECK(cufftSetStream(plan, s) == CUFFT_SUCCESS);
    fill<<<N / T, T, 0, s>>>(x, N, 7, 50000);
    CHECK(cufftExecC2C(plan, x, X, CUFFT_FORWARD) == CUFFT_SUCCESS);
    CHECK(cufftDestroy(plan) == CUFFT_SUCCESS);
    power<<<N / T, T, 0, s>>>(X, p, N);
    std::vector<float> h(N);
    cudaMemcpyAsync(h.data(), p, sizeof(float) * N, cudaMemcpyDeviceToHost,
                    s);
    CHECK(cudaStreamSynchronize(s) == cudaSuccess);
    double e = check_power(h.data(), N, 7);
    if (e > 1e-5)
        printf("destroyed while queued: error %g\n", e);
    CHECK(e <= 1e-5);
}

static void captured(cudaStream_t s, cufftComplex *x, cufftComplex *X,
                     float *p)
{
    cufftHandle plan;
    CHECK(cufftPlan1d(&plan, N, CUFFT_C2C, 1) == CUFFT_SUCCESS);
    CHECK(cufftSetStream(plan, s) == CUFFT_SUCCESS);
    cudaGraph_t g;
    cudaGraphExec_t ge;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal) ==
          cudaSuccess);
    fill<<<N / T, T, 0, s>>>(x, N, 3, 0);
    CHECK(cufftExecC2C(plan, x, X, CUFFT_FORWARD) == CUFFT_SUCCESS);
    power<<<N / T, T, 0, s>>>(X, p, N);
    CHECK(cudaStreamEndCapture(s, &g) == cudaSuccess);
    CHECK(cudaGraphInstantiate(&ge, g, 0) == cudaSuccess);
    for (int launch = 0; launch < 2; launch++) {
        cudaMemsetAsync(p, 0, sizeof(float) * N, s);
        CHECK(cudaGraphLaunch(ge, s) == cudaSuccess);
        std::vector<float> h(N);
        cudaMemcpyAsync(h.data(), p, sizeof(float) * N,
                        cudaMemcpyDeviceToHost, s);
        CHECK(cudaStreamSynchronize(s) == cudaSuccess);
        double e = check_power(h.data(), N, 3);
        if (e > 1e-5)
            printf("graph launch %d: error %g\n", launch, e);
        CHECK(e <= 1e-5);
    }
    cudaGraphExecDestroy(ge);
    cudaGraphDestroy(g);
    CHECK(cufftDestroy(plan) == CUFFT_SUCCESS);
}

int main()
{
    cudaStream_t s;
    cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
    cufftComplex *x, *X;
    float *p;
    cudaMalloc(&x, sizeof(cufftComplex) * N);
    cudaMalloc(&X, sizeof(cufftComplex) * N);
    cudaMalloc(&p, sizeof(float) * N * ROUNDS);
    cudaMemset(x, 0, sizeof(cufftComplex) * N);
    rounds(s, x, X, p);
    destroy_queued(s, x, X, p);
    captured(s, x, X, p);
    cudaFree(x);
    cudaFree(X);
    cudaFree(p);
    cudaStreamDestroy(s);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
