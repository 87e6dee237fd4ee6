// curand_conversions.cu: how the device API makes each value from its
// 32-bit draws, for both states: a uniform float is one draw scaled into
// (0, 1], a double 53 bits of two, normals Box-Muller pairs (cuRAND's
// documented forms), checked bit for bit against the draws of a copy of
// the state (normals within rounding of log, sin and cos); curand_normal
// hands out a pair one at a time; Philox's four-at-once forms are four
// single draws.  The nvcc leg holds NVIDIA's curand_kernel.h to the
// same numbers.
// cux-long-jit: its five kernels (both states, every conversion) compile for 62 s with a cold cache at 4 lanes (SSE) on 2 cores
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

struct Conv {
    unsigned int draws[6];
    float u, n0, n1;
    double ud, nd0, nd1;
};

// From one state: a uniform, a uniform double, a normal pair and a
// double normal pair; a copy gives the raw draws they are made of.
template <class S>
__global__ void conv_kernel(Conv *c, unsigned long long seed)
{
    int t = threadIdx.x;
    S s, raw;
    curand_init(seed, t, t, &s);
    raw = s;
    c[t].u = curand_uniform(&s);
    c[t].ud = curand_uniform_double(&s);
    float2 n = curand_normal2(&s);
    c[t].n0 = n.x;
    c[t].n1 = n.y;
    double2 nd = curand_normal2_double(&s);
    c[t].nd0 = nd.x;
    c[t].nd1 = nd.y;
    for (int i = 0; i < 6; i++)
        c[t].draws[i] = curand(&raw);
}

// curand_normal hands out a pair one at a time; so does _double.
template <class S>
__global__ void pair_kernel(int *ok, unsigned long long seed)
{
    int t = threadIdx.x;
    S a, b;
    curand_init(seed, t, 0, &a);
    b = a;
    float x = curand_normal(&a), y = curand_normal(&a);
    float2 p = curand_normal2(&b);
    double dx = curand_normal_double(&a), dy = curand_normal_double(&a);
    double2 dp = curand_normal2_double(&b);
    float l = curand_log_normal(&a, 0.5f, 2.0f);
    float m = curand_normal(&b);
    curand_normal(&b);
    ok[t] = x == p.x && y == p.y && dx == dp.x && dy == dp.y &&
            l == expf(0.5f + 2.0f * m);
}

static float uniform_of(unsigned int x)
{
    return (float)x * 2.3283064e-10f + 2.3283064e-10f / 2.0f;
}

static double uniform_double_of(unsigned int x, unsigned int y)
{
    unsigned long long z = (unsigned long long)x ^
                           ((unsigned long long)y << 21);
    return (double)z * 0x1p-53 + 0x1p-54;
}

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1.0 + fabs(b));
}

// Box-Muller as cuRAND documents it: radius from the first draw, angle
// in (0, 2 pi] from the second (doubles: 53 bits of two draws each).
// XORWOW's uniform double takes two draws, Philox's one, (x + 1) 2^-32
// (its curand_uniform2_double gives 53-bit ones).
static void check_conv(const Conv *c, const char *name, bool philox)
{
    const double two_pi = 6.283185307179586;
    int bad = 0;
    for (int t = 0; t < 64; t++) {
        const unsigned int *d = c[t].draws;
        bad += c[t].u != uniform_of(d[0]);
        if (philox) {
            bad += c[t].ud != d[1] * 0x1p-32 + 0x1p-32;
            d--;
        } else {
            bad += c[t].ud != uniform_double_of(d[1], d[2]);
        }
        double r = sqrt(-2.0 * log((double)uniform_of(d[3])));
        double a = (d[4] + 0.5) * (two_pi / 4294967296.0);
        bad += !near(c[t].n0, r * sin(a), 2e-5);
        bad += !near(c[t].n1, r * cos(a), 2e-5);
    }
    if (bad) {
        printf("FAIL %s: %d conversions differ\n", name, bad);
        failures++;
    }
}

__device__ double hq(unsigned int x, unsigned int y)
{
    return (double)(x ^ ((unsigned long long)y << 21)) * 0x1p-53 + 0x1p-54;
}

// Philox's four-at-once forms are four single draws: a 53-bit double
// from each two, a normal pair from each two; the double forms are two
// of the pair forms.
__global__ void four_kernel(int *ok)
{
    int t = threadIdx.x;
    curandStatePhilox4_32_10_t a, e;
    curand_init(9, t, t, &a);
    e = a;
    float4 u = curand_uniform4(&a);
    uint4 x = curand4(&e);
    int good = u.x == (float)x.x * 2.3283064e-10f + 2.3283064e-10f / 2.0f &&
               u.w == (float)x.w * 2.3283064e-10f + 2.3283064e-10f / 2.0f;
    double2 d = curand_uniform2_double(&a);
    x = curand4(&e);
    good &= d.x == hq(x.x, x.y) && d.y == hq(x.z, x.w);
    float4 n = curand_normal4(&a);
    float2 n0 = curand_normal2(&e), n1 = curand_normal2(&e);
    good &= n.x == n0.x && n.y == n0.y && n.z == n1.x && n.w == n1.y;
    double4 d4 = curand_uniform4_double(&a);
    double2 d0 = curand_uniform2_double(&e), d1 = curand_uniform2_double(&e);
    good &= d4.x == d0.x && d4.y == d0.y && d4.z == d1.x && d4.w == d1.y;
    double4 m4 = curand_normal4_double(&a);
    double2 m0 = curand_normal2_double(&e), m1 = curand_normal2_double(&e);
    good &= m4.x == m0.x && m4.y == m0.y && m4.z == m1.x && m4.w == m1.y;
    ok[t] = good && curand(&a) == curand(&e);
}

template <class S>
static void run(const char *name, unsigned long long seed, bool philox)
{
    Conv *c;
    int *ok;
    cudaMallocManaged(&c, 64 * sizeof(Conv));
    cudaMallocManaged(&ok, 64 * sizeof(int));
    conv_kernel<S><<<1, 64>>>(c, seed);
    pair_kernel<S><<<1, 64>>>(ok, seed);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    check_conv(c, name, philox);
    int all = 1;
    for (int t = 0; t < 64; t++)
        all &= ok[t];
    if (!all) {
        printf("FAIL %s: curand_normal's pairs\n", name);
        failures++;
    }
    cudaFree(c);
    cudaFree(ok);
}

int main()
{
    run<curandState>("xorwow", 1234, false);
    run<curandStatePhilox4_32_10_t>("philox", 1234, true);
    int *ok;
    cudaMallocManaged(&ok, 32 * sizeof(int));
    four_kernel<<<1, 32>>>(ok);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    for (int t = 0; t < 32; t++)
        CHECK(ok[t]);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
