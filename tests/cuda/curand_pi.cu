// curand_pi.cu: pi by Monte Carlo, written as a new cuRAND user writes
// it: one curandState per thread set up by curand_init in its own kernel,
// kept in global memory between launches, curand_uniform for the points;
// then the same with the host API filling an array of coordinates.  Each
// estimate must be within 6 standard errors of pi.
// cux-link: -lcurand
#include <cmath>
#include <cstdio>
#include <curand.h>
#include <curand_kernel.h>

#define BLOCKS 64
#define THREADS 256
#define PER_THREAD 256

__global__ void setup_kernel(curandState *state, unsigned long long seed)
{
    int id = threadIdx.x + blockIdx.x * blockDim.x;
    curand_init(seed, id, 0, &state[id]);
}

__global__ void pi_kernel(curandState *state, int n, unsigned int *hits)
{
    int id = threadIdx.x + blockIdx.x * blockDim.x;
    curandState local = state[id];
    unsigned int count = 0;
    for (int i = 0; i < n; i++) {
        float x = curand_uniform(&local);
        float y = curand_uniform(&local);
        if (x * x + y * y <= 1.0f)
            count++;
    }
    state[id] = local;
    atomicAdd(hits, count);
}

__global__ void count_kernel(const float *xy, size_t n, unsigned int *hits)
{
    size_t i = threadIdx.x + blockIdx.x * (size_t)blockDim.x;
    unsigned int count = 0;
    for (; i < n; i += (size_t)gridDim.x * blockDim.x) {
        float x = xy[2 * i], y = xy[2 * i + 1];
        if (x * x + y * y <= 1.0f)
            count++;
    }
    atomicAdd(hits, count);
}

static bool close_to_pi(const char *how, unsigned int hits, double n)
{
    double p = M_PI / 4.0;
    double estimate = 4.0 * hits / n;
    double bound = 6.0 * 4.0 * sqrt(p * (1.0 - p) / n);
    printf("%s: pi ~ %.5f (%.0f points)\n", how, estimate, n);
    return fabs(estimate - M_PI) <= bound;
}

int main()
{
    const int total = BLOCKS * THREADS;
    curandState *states;
    unsigned int *hits, h = 0;
    cudaMalloc(&states, total * sizeof(curandState));
    cudaMalloc(&hits, sizeof(unsigned int));
    cudaMemset(hits, 0, sizeof(unsigned int));
    setup_kernel<<<BLOCKS, THREADS>>>(states, 1234);
    // two launches: the states carry on where the first left them
    pi_kernel<<<BLOCKS, THREADS>>>(states, PER_THREAD / 2, hits);
    pi_kernel<<<BLOCKS, THREADS>>>(states, PER_THREAD / 2, hits);
    cudaMemcpy(&h, hits, sizeof(unsigned int), cudaMemcpyDeviceToHost);
    bool ok = close_to_pi("device API", h, (double)total * PER_THREAD);

    const size_t n = (size_t)total * PER_THREAD;
    float *xy;
    curandGenerator_t gen;
    cudaMalloc(&xy, 2 * n * sizeof(float));
    ok &= curandCreateGenerator(&gen, CURAND_RNG_PSEUDO_DEFAULT) ==
          CURAND_STATUS_SUCCESS;
    ok &= curandSetPseudoRandomGeneratorSeed(gen, 1234ULL) ==
          CURAND_STATUS_SUCCESS;
    ok &= curandGenerateUniform(gen, xy, 2 * n) == CURAND_STATUS_SUCCESS;
    cudaMemset(hits, 0, sizeof(unsigned int));
    count_kernel<<<BLOCKS, THREADS>>>(xy, n, hits);
    cudaMemcpy(&h, hits, sizeof(unsigned int), cudaMemcpyDeviceToHost);
    ok &= close_to_pi("host API", h, (double)n);
    ok &= curandDestroyGenerator(gen) == CURAND_STATUS_SUCCESS;
    cudaFree(xy);
    cudaFree(states);
    cudaFree(hits);
    printf("%s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
