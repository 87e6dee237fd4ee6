// curand_host_api.cu: cuRAND's host API generating into device memory,
// checked in kernels.  Its 32-bit results are the device API's draws in
// cuRAND's default ordering (Philox: result e is word e % 4 of counter
// (e / 4) / 65536 of subsequence (e / 4) % 65536; XORWOW: draw e / 4096 of
// subsequence e % 4096; MRG32k3a: draw e / 81920 of subsequence
// e % 81920), so a kernel recomputes a sample of them with curand_init; the distributions have their range and moments (6-sigma
// bounds); the calls run in order on the generator's stream; a host
// generator gives the same numbers at once.  In the nvcc leg the kernels
// are NVIDIA's curand_kernel.h, checking cux's library against it.
// cux-link: -lcurand
#include <curand.h>
#include <curand_kernel.h>
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

#define N (1 << 20)
#define SAMPLES 4096
#define SEED 0x5eedULL

// Thread t checks result e = t * stride + t % 7 of the first call.
__global__ void check_philox(const unsigned int *r, int *bad, int stride)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned long long e = (unsigned long long)t * stride + t % 7;
    unsigned long long q = e / 4;
    curandStatePhilox4_32_10_t s;
    curand_init(SEED, q % 65536, (q / 65536) * 4 + e % 4, &s);
    if (curand(&s) != r[e])
        atomicAdd(bad, 1);
}

__global__ void check_xorwow(const unsigned int *r, int *bad, int stride)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned long long e = (unsigned long long)t * stride + t % 7;
    curandState s;
    curand_init(SEED, e % 4096, e / 4096, &s);
    if (curand(&s) != r[e])
        atomicAdd(bad, 1);
}

__global__ void check_mrg(const unsigned int *r, int *bad, int stride)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned long long e = (unsigned long long)t * stride + t % 7;
    curandStateMRG32k3a_t s;
    curand_init(SEED, e % 81920, e / 81920, &s);
    if (curand(&s) != r[e])
        atomicAdd(bad, 1);
}

// Sum and sum of squares of each thread's slice, and the extremes.
__global__ void moments(const float *x, int n, double *sum, double *sq,
                        float *lo, float *hi)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int per = n / (gridDim.x * blockDim.x);
    double s = 0, q = 0;
    float a = 1e30f, b = -1e30f;
    for (int i = t * per; i < (t + 1) * per; i++) {
        s += x[i];
        q += (double)x[i] * x[i];
        a = fminf(a, x[i]);
        b = fmaxf(b, x[i]);
    }
    sum[t] = s;
    sq[t] = q;
    lo[t] = a;
    hi[t] = b;
}

struct Moments {
    double mean, var;
    float lo, hi;
};

static Moments measure(const float *x, int n)
{
    const int T = 1024;
    double *s, *q;
    float *lo, *hi;
    cudaMallocManaged(&s, T * sizeof(double));
    cudaMallocManaged(&q, T * sizeof(double));
    cudaMallocManaged(&lo, T * sizeof(float));
    cudaMallocManaged(&hi, T * sizeof(float));
    moments<<<T / 128, 128>>>(x, n, s, q, lo, hi);
    cudaDeviceSynchronize();
    Moments m = {0, 0, 1e30f, -1e30f};
    for (int t = 0; t < T; t++) {
        m.mean += s[t];
        m.var += q[t];
        m.lo = fminf(m.lo, lo[t]);
        m.hi = fmaxf(m.hi, hi[t]);
    }
    m.mean /= n;
    m.var = m.var / n - m.mean * m.mean;
    cudaFree(s);
    cudaFree(q);
    cudaFree(lo);
    cudaFree(hi);
    return m;
}

static bool within(double v, double want, double tol)
{
    return fabs(v - want) <= tol;
}

static void layouts(curandRngType_t type, const char *name)
{
    curandGenerator_t g;
    unsigned int *r;
    int *bad;
    cudaMalloc(&r, N * sizeof(unsigned int));
    cudaMallocManaged(&bad, sizeof(int));
    *bad = 0;
    CHECK(curandCreateGenerator(&g, type) == CURAND_STATUS_SUCCESS);
    CHECK(curandSetPseudoRandomGeneratorSeed(g, SEED) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(g, r, N) == CURAND_STATUS_SUCCESS);
    if (type == CURAND_RNG_PSEUDO_PHILOX4_32_10)
        check_philox<<<SAMPLES / 128, 128>>>(r, bad, N / SAMPLES);
    else if (type == CURAND_RNG_PSEUDO_MRG32K3A)
        check_mrg<<<SAMPLES / 128, 128>>>(r, bad, N / SAMPLES);
    else
        check_xorwow<<<SAMPLES / 128, 128>>>(r, bad, N / SAMPLES);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    if (*bad) {
        printf("FAIL %s: %d of %d results differ from the device API\n",
               name, *bad, SAMPLES);
        failures++;
    }

    // A host generator with the same seed gives the same numbers, at once.
    curandGenerator_t h;
    std::vector<unsigned int> host(N), dev(N);
    CHECK(curandCreateGeneratorHost(&h, type) == CURAND_STATUS_SUCCESS);
    CHECK(curandSetPseudoRandomGeneratorSeed(h, SEED) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(h, host.data(), N) == CURAND_STATUS_SUCCESS);
    cudaMemcpy(dev.data(), r, N * sizeof(unsigned int),
               cudaMemcpyDeviceToHost);
    CHECK(host == dev);
    CHECK(curandDestroyGenerator(h) == CURAND_STATUS_SUCCESS);

    // Distributions, 2^20 each: mean and variance within 6 standard
    // errors, ranges as documented.
    float *f;
    cudaMalloc(&f, N * sizeof(float));
    CHECK(curandGenerateUniform(g, f, N) == CURAND_STATUS_SUCCESS);
    Moments m = measure(f, N);
    CHECK(within(m.mean, 0.5, 1.7e-3) && within(m.var, 1.0 / 12, 4.4e-4));
    CHECK(m.lo > 0.0f && m.hi <= 1.0f);
    CHECK(curandGenerateNormal(g, f, N, 2.0f, 3.0f) == CURAND_STATUS_SUCCESS);
    m = measure(f, N);
    CHECK(within(m.mean, 2.0, 1.8e-2) && within(m.var, 9.0, 7.5e-2));
    CHECK(curandGenerateLogNormal(g, f, N, 0.0f, 0.5f) ==
          CURAND_STATUS_SUCCESS);
    m = measure(f, N);
    CHECK(within(m.mean, exp(0.125), 3.6e-3) && m.lo > 0.0f);
    unsigned int *p = (unsigned int *)f;
    CHECK(curandGeneratePoisson(g, p, N, 7.5) == CURAND_STATUS_SUCCESS);
    std::vector<unsigned int> counts(N);
    cudaMemcpy(counts.data(), p, N * sizeof(unsigned int),
               cudaMemcpyDeviceToHost);
    double s = 0, q = 0;
    for (unsigned int c : counts) {
        s += c;
        q += (double)c * c;
    }
    double mean = s / N, var = q / N - mean * mean;
    CHECK(within(mean, 7.5, 1.7e-2) && within(var, 7.5, 7.0e-2));

    double *d;
    cudaMallocManaged(&d, N * sizeof(double));
    CHECK(curandGenerateUniformDouble(g, d, N) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerateNormalDouble(g, d + N / 2, N / 2, -1.0, 0.5) ==
          CURAND_STATUS_SUCCESS);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    double us = 0, ns = 0, nq = 0, ulo = 1, uhi = 0;
    for (int i = 0; i < N / 2; i++) {
        us += d[i];
        ulo = fmin(ulo, d[i]);
        uhi = fmax(uhi, d[i]);
        ns += d[N / 2 + i];
        nq += d[N / 2 + i] * d[N / 2 + i];
    }
    double nmean = ns / (N / 2);
    CHECK(within(us / (N / 2), 0.5, 2.4e-3) && ulo > 0.0 && uhi <= 1.0);
    CHECK(within(nmean, -1.0, 4.2e-3) &&
          within(nq / (N / 2) - nmean * nmean, 0.25, 3.0e-3));
    CHECK(curandDestroyGenerator(g) == CURAND_STATUS_SUCCESS);
    cudaFree(r);
    cudaFree(f);
    cudaFree(d);
    cudaFree(bad);
}

// Busy for a while, then marks the buffer: work queued after it on the
// stream must see the mark overwritten, work before it must not.
__global__ void slow_mark(unsigned int *x, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    volatile unsigned int spin = 0;
    for (int i = 0; i < 20000; i++)
        spin = spin + i;
    for (int i = t; i < n; i += gridDim.x * blockDim.x)
        x[i] = 0xdeadbeefu + spin * 0;
}

__global__ void copy(const unsigned int *a, unsigned int *b, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    for (int i = t; i < n; i += gridDim.x * blockDim.x)
        b[i] = a[i];
}

static void stream_order()
{
    const int n = 1 << 16;
    cudaStream_t s;
    cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
    unsigned int *a, *b;
    cudaMalloc(&a, n * sizeof(unsigned int));
    cudaMalloc(&b, n * sizeof(unsigned int));
    curandGenerator_t g, h;
    CHECK(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetStream(g, s) == CURAND_STATUS_SUCCESS);
    CHECK(curandSetPseudoRandomGeneratorSeed(g, 11) == CURAND_STATUS_SUCCESS);
    slow_mark<<<64, 128, 0, s>>>(a, n);
    CHECK(curandGenerate(g, a, n) == CURAND_STATUS_SUCCESS);
    copy<<<64, 128, 0, s>>>(a, b, n);
    CHECK(cudaStreamSynchronize(s) == cudaSuccess);
    std::vector<unsigned int> got(n), want(n);
    cudaMemcpy(got.data(), b, n * sizeof(unsigned int),
               cudaMemcpyDeviceToHost);
    CHECK(curandCreateGeneratorHost(&h, CURAND_RNG_PSEUDO_PHILOX4_32_10) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetPseudoRandomGeneratorSeed(h, 11) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(h, want.data(), n) == CURAND_STATUS_SUCCESS);
    CHECK(got == want);

    // Calls in a row continue one sequence, like one longer call; an
    // offset moves the start.
    std::vector<unsigned int> two(2 * n);
    CHECK(curandSetGeneratorOffset(h, 0) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(h, two.data(), 2 * n) == CURAND_STATUS_SUCCESS);
    CHECK(curandSetGeneratorOffset(g, 0) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(g, a, n) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(g, b, n) == CURAND_STATUS_SUCCESS);
    CHECK(cudaStreamSynchronize(s) == cudaSuccess);
    cudaMemcpy(got.data(), b, n * sizeof(unsigned int),
               cudaMemcpyDeviceToHost);
    CHECK(std::equal(got.begin(), got.end(), two.begin() + n));
    CHECK(curandSetGeneratorOffset(g, n) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(g, a, n) == CURAND_STATUS_SUCCESS);
    CHECK(cudaStreamSynchronize(s) == cudaSuccess);
    cudaMemcpy(got.data(), a, n * sizeof(unsigned int),
               cudaMemcpyDeviceToHost);
    CHECK(std::equal(got.begin(), got.end(), two.begin() + n));
    CHECK(curandDestroyGenerator(g) == CURAND_STATUS_SUCCESS);
    CHECK(curandDestroyGenerator(h) == CURAND_STATUS_SUCCESS);
    cudaFree(a);
    cudaFree(b);
    cudaStreamDestroy(s);
}

int main()
{
    layouts(CURAND_RNG_PSEUDO_PHILOX4_32_10, "philox");
    layouts(CURAND_RNG_PSEUDO_XORWOW, "xorwow");
    layouts(CURAND_RNG_PSEUDO_MRG32K3A, "mrg32k3a");
    stream_order();
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
