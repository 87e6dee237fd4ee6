// curand_distributions.cu: the device API's distributions for both
// states (XORWOW and Philox4_32_10): 2^19 samples of each have the
// documented range and a mean and variance within 6 standard errors
// (seeds are fixed, so the run is deterministic; 6 sigma leaves room for
// any seed).  curand_conversions.cu checks how each value is made.  The
// nvcc leg holds NVIDIA's curand_kernel.h to the same.
#include <curand_kernel.h>
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

#define THREADS 8192
#define PER 64
#define NSAMPLES ((double)THREADS * PER)
enum { U, UD, N, ND, LN, P4, P100, P05, KINDS };

struct Sums {
    double s[KINDS], q[KINDS];
    double lo[KINDS], hi[KINDS];
};

__device__ void add(Sums *r, int k, double v)
{
    r->s[k] += v;
    r->q[k] += v * v;
    r->lo[k] = fmin(r->lo[k], v);
    r->hi[k] = fmax(r->hi[k], v);
}

template <class S>
__global__ void stats_kernel(Sums *out, unsigned long long seed)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    S s;
    curand_init(seed, t, 0, &s);
    Sums r;
    for (int k = 0; k < KINDS; k++) {
        r.s[k] = r.q[k] = 0.0;
        r.lo[k] = 1e300;
        r.hi[k] = -1e300;
    }
    for (int i = 0; i < PER; i++) {
        add(&r, U, curand_uniform(&s));
        add(&r, UD, curand_uniform_double(&s));
        add(&r, N, curand_normal(&s));
        add(&r, ND, curand_normal_double(&s));
        add(&r, LN, curand_log_normal(&s, 0.0f, 0.5f));
        add(&r, P4, curand_poisson(&s, 4.0));
        add(&r, P100, curand_poisson(&s, 100.0));
        add(&r, P05, curand_poisson(&s, 0.5));
    }
    out[t] = r;
}

static void check_stats(const Sums *parts, const char *name)
{
    Sums r = {};
    for (int k = 0; k < KINDS; k++) {
        r.lo[k] = 1e300;
        r.hi[k] = -1e300;
    }
    for (int t = 0; t < THREADS; t++)
        for (int k = 0; k < KINDS; k++) {
            r.s[k] += parts[t].s[k];
            r.q[k] += parts[t].q[k];
            r.lo[k] = fmin(r.lo[k], parts[t].lo[k]);
            r.hi[k] = fmax(r.hi[k], parts[t].hi[k]);
        }
    // mean, variance; 6-sigma bounds on each (see the opening comment)
    const double ln_m = exp(0.125), ln_v = (exp(0.25) - 1.0) * exp(0.25);
    struct { double mean, var, dmean, dvar; } law[KINDS] = {
        {0.5, 1.0 / 12, 2.4e-3, 6.2e-4},   {0.5, 1.0 / 12, 2.4e-3, 6.2e-4},
        {0.0, 1.0, 8.3e-3, 1.2e-2},        {0.0, 1.0, 8.3e-3, 1.2e-2},
        {ln_m, ln_v, 5.0e-3, 1.0e-2},      {4.0, 4.0, 1.7e-2, 5.0e-2},
        {100.0, 100.0, 8.3e-2, 1.2},       {0.5, 0.5, 6.0e-3, 1.2e-2},
    };
    static const char *names[KINDS] = {"uniform", "uniform_double", "normal",
                                       "normal_double", "log_normal",
                                       "poisson(4)", "poisson(100)",
                                       "poisson(0.5)"};
    for (int k = 0; k < KINDS; k++) {
        double mean = r.s[k] / NSAMPLES;
        double var = r.q[k] / NSAMPLES - mean * mean;
        if (fabs(mean - law[k].mean) > law[k].dmean ||
            fabs(var - law[k].var) > law[k].dvar) {
            printf("FAIL %s %s: mean %g var %g, expected %g %g\n", name,
                   names[k], mean, var, law[k].mean, law[k].var);
            failures++;
        }
    }
    // (0, 1] for the uniforms, positive log-normals, whole counts
    CHECK(r.lo[U] > 0.0 && r.hi[U] <= 1.0);
    CHECK(r.lo[UD] > 0.0 && r.hi[UD] <= 1.0);
    CHECK(r.lo[LN] > 0.0);
    CHECK(r.lo[P4] == 0.0 && r.lo[P05] == 0.0 && r.lo[P100] > 40.0);
    CHECK(r.lo[N] < -4.0 && r.hi[N] > 4.0);
}

template <class S> static void run(const char *name, unsigned long long seed)
{
    Sums *parts;
    cudaMallocManaged(&parts, THREADS * sizeof(Sums));
    stats_kernel<S><<<THREADS / 128, 128>>>(parts, seed);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    check_stats(parts, name);
    cudaFree(parts);
}

int main()
{
    run<curandState>("xorwow", 1234);
    run<curandStatePhilox4_32_10_t>("philox", 1234);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
