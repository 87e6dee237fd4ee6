// curand_sobol.cu: cuRAND's 32-bit Sobol generators, plain and scrambled,
// through the host API and the device API.  Checked: the direction
// vectors of dimension 1 (2^(31-k)) and the first points in Gray-code
// order (0, 1/2, 3/4, 1/4, ...); the host API's dimension-major layout
// and offsets, recomputed here from the direction vectors; that every
// dimension's first 2^k points fall one in each interval of width 2^-k,
// and dimensions 1 and 2 one in each square of a 2^5 x 2^5 grid (both
// kept by scrambling); the conversions of known points; the normals'
// symmetry and moments; the statuses cuRAND gives; and that kernels
// using curand_init on the same vectors (and scramble constants) give
// the host API's numbers, also after skipahead.  In the nvcc leg the
// kernels are NVIDIA's curand_kernel.h, checking cux's library against it.
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
#define OK(call) CHECK((call) == CURAND_STATUS_SUCCESS)

// Point i of one dimension, the slow way: XOR of v[k] over the bits of
// i's Gray code.
static unsigned int point(const unsigned int *v, unsigned long long i)
{
    unsigned int g = (unsigned int)(i ^ (i >> 1)), x = 0;
    for (int k = 0; k < 32; k++)
        if (g >> k & 1)
            x ^= v[k];
    return x;
}

// Thread t is dimension t of `dims`; it draws `per` points from `offset`
// into out[t * per ..] (the host API's layout).  `skip` of them are
// passed over by skipahead after the first draw, so the kernel skips
// rather than steps there.
__global__ void sobol_bits(const curandDirectionVectors32_t *dv,
                           const unsigned int *consts, int dims, int per,
                           unsigned int offset, unsigned int skip,
                           unsigned int *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= dims)
        return;
    if (consts) {
        curandStateScrambledSobol32_t s;
        curand_init((unsigned int *)dv[t], consts[t], offset, &s);
        for (int i = 0; i < per; i++) {
            out[t * per + i] = curand(&s);
            if (i == 0 && skip) {
                skipahead(skip, &s);
                i += skip;
            }
        }
    } else {
        curandStateSobol32_t s;
        curand_init((unsigned int *)dv[t], offset, &s);
        for (int i = 0; i < per; i++) {
            out[t * per + i] = curand(&s);
            if (i == 0 && skip) {
                skipahead(skip, &s);
                i += skip;
            }
        }
    }
}

// The 64-bit states, as sobol_bits.
__global__ void sobol64_bits(const curandDirectionVectors64_t *dv,
                             const unsigned long long *consts, int dims,
                             int per, unsigned long long offset,
                             unsigned long long skip,
                             unsigned long long *out, double *unid)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= dims)
        return;
    if (consts) {
        curandStateScrambledSobol64_t s;
        curand_init((unsigned long long *)dv[t], consts[t], offset, &s);
        for (int i = 0; i < per; i++) {
            out[t * per + i] = curand(&s);
            if (i == 0 && skip) {
                skipahead(skip, &s);
                i += skip;
            }
        }
    } else {
        curandStateSobol64_t s, u;
        curand_init((unsigned long long *)dv[t], offset, &s);
        curand_init((unsigned long long *)dv[t], offset, &u);
        for (int i = 0; i < per; i++) {
            out[t * per + i] = curand(&s);
            unid[t * per + i] = curand_uniform_double(&u);
            if (i == 0 && skip) {
                skipahead(skip, &s);
                skipahead(skip, &u);
                i += skip;
            }
        }
    }
}

__global__ void sobol_floats(const curandDirectionVectors32_t *dv, int dims,
                             int per, unsigned int offset, float *uni,
                             double *unid, float *nrm, double *nrmd)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= dims)
        return;
    curandStateSobol32_t a, b, c, d;
    curand_init((unsigned int *)dv[t], offset, &a);
    curand_init((unsigned int *)dv[t], offset, &b);
    curand_init((unsigned int *)dv[t], offset, &c);
    curand_init((unsigned int *)dv[t], offset, &d);
    for (int i = 0; i < per; i++) {
        uni[t * per + i] = curand_uniform(&a);
        unid[t * per + i] = curand_uniform_double(&b);
        nrm[t * per + i] = curand_normal(&c);
        nrmd[t * per + i] = curand_normal_double(&d);
    }
}

static void check_known_points(void)
{
    curandDirectionVectors32_t *dv;
    OK(curandGetDirectionVectors32(&dv, CURAND_DIRECTION_VECTORS_32_JOEKUO6));
    for (int k = 0; k < 32; k++)
        CHECK(dv[0][k] == 1u << (31 - k));
    // Joe and Kuo's dimension 2 (x + 1, m_1 = 1): m_k = m_(k-1) XOR
    // 2 m_(k-1), so each vector is the last XOR itself shifted right.
    CHECK(dv[1][0] == 1u << 31);
    for (int k = 1; k < 32; k++)
        CHECK(dv[1][k] == (dv[1][k - 1] ^ dv[1][k - 1] >> 1));

    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SOBOL32));
    unsigned int x[8];
    OK(curandGenerate(g, x, 8));
    const unsigned int want[8] = {0u, 1u << 31, 3u << 30, 1u << 30,
                                  3u << 29, 7u << 29, 5u << 29, 1u << 29};
    for (int i = 0; i < 8; i++)
        CHECK(x[i] == want[i]);
    // the next call goes on at point 8
    OK(curandGenerate(g, x, 1));
    CHECK(x[0] == 3u << 28);
    // uniforms: x 2^-32 + 2^-33 in float, (x + 1) 2^-32 in double
    float f[4];
    double d[4];
    OK(curandSetGeneratorOffset(g, 0));
    OK(curandGenerateUniform(g, f, 4));
    CHECK(f[0] == ldexpf(1.0f, -33) && f[1] == 0.5f && f[2] == 0.75f);
    OK(curandSetGeneratorOffset(g, 0));
    OK(curandGenerateUniformDouble(g, d, 4));
    CHECK(d[0] == ldexp(1.0, -32) && d[1] == 0.5 + ldexp(1.0, -32));
    // normals by the inverse distribution function: point 0 is the
    // quantile of 2^-33, the middle point 0 (float), 1/4 and 3/4 mirror
    OK(curandSetGeneratorOffset(g, 0));
    OK(curandGenerateNormal(g, f, 4, 0.0f, 1.0f));
    CHECK(fabsf(f[0] + 6.3379577f) < 2e-6f && f[1] == 0.0f);
    CHECK(fabsf(f[2] + f[3]) < 1e-6f && fabsf(f[2] - 0.6744898f) < 1e-6f);
    OK(curandSetGeneratorOffset(g, 0));
    OK(curandGenerateNormalDouble(g, d, 4, 1.0, 2.0));
    CHECK(fabs(d[0] - (1.0 - 2 * 6.3379577545537904)) < 1e-12);
    CHECK(fabs(d[2] - (1.0 + 2 * 0.67448975019608171)) < 1e-8);  // p 1/4 - 2^-33
    OK(curandSetGeneratorOffset(g, 0));
    OK(curandGenerateLogNormal(g, f, 2, 0.0f, 1.0f));
    CHECK(f[1] == 1.0f);
    // the sequence has 2^32 points and starts over
    OK(curandSetGeneratorOffset(g, 0xffffffffull));
    OK(curandGenerate(g, x, 3));
    CHECK(x[0] == 1u && x[1] == 0u && x[2] == 1u << 31);
    OK(curandDestroyGenerator(g));
}

// dims dimensions, `per` points from `offset`: each result recomputed.
static int layout_errors(curandRngType_t type, int dims, int per,
                         unsigned long long offset)
{
    bool scr = type == CURAND_RNG_QUASI_SCRAMBLED_SOBOL32;
    curandDirectionVectors32_t *dv;
    unsigned int *sc = NULL;
    OK(curandGetDirectionVectors32(
        &dv, scr ? CURAND_SCRAMBLED_DIRECTION_VECTORS_32_JOEKUO6
                 : CURAND_DIRECTION_VECTORS_32_JOEKUO6));
    if (scr)
        OK(curandGetScrambleConstants32(&sc));
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, type));
    OK(curandSetQuasiRandomGeneratorDimensions(g, dims));
    OK(curandSetGeneratorOffset(g, offset));
    std::vector<unsigned int> r((size_t)dims * per);
    // two calls: the second goes on where the first ended
    int first = per / 3;
    OK(curandGenerate(g, r.data(), (size_t)dims * first));
    std::vector<unsigned int> r2((size_t)dims * (per - first));
    OK(curandGenerate(g, r2.data(), r2.size()));
    OK(curandDestroyGenerator(g));
    int bad = 0;
    for (int d = 0; d < dims; d++)
        for (int i = 0; i < per; i++) {
            unsigned int got = i < first ? r[(size_t)d * first + i]
                                         : r2[(size_t)d * (per - first) +
                                              i - first];
            unsigned int want =
                point(dv[d], offset + i) ^ (scr ? sc[d] : 0u);
            bad += got != want;
        }
    return bad;
}

// Dimension-wise stratification of 2^10 points, and the 2-d one of
// dimensions 1 and 2 on a 32 x 32 grid.
static void check_strata(curandRngType_t type)
{
    const int dims = 7, n = 1 << 10;
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, type));
    OK(curandSetQuasiRandomGeneratorDimensions(g, dims));
    std::vector<unsigned int> r(dims * n);
    OK(curandGenerate(g, r.data(), r.size()));
    OK(curandDestroyGenerator(g));
    for (int d = 0; d < dims; d++) {
        std::vector<int> seen(n, 0);
        for (int i = 0; i < n; i++)
            seen[r[d * n + i] >> 22]++;
        int bad = 0;
        for (int k = 0; k < n; k++)
            bad += seen[k] != 1;
        CHECK(bad == 0);
    }
    std::vector<int> cell(n, 0);
    for (int i = 0; i < n; i++)
        cell[(r[i] >> 27) * 32 + (r[n + i] >> 27)]++;
    int bad = 0;
    for (int k = 0; k < n; k++)
        bad += cell[k] != 1;
    CHECK(bad == 0);
}

static void check_normal_moments(void)
{
    const int dims = 4, n = 1 << 16;
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SOBOL32));
    OK(curandSetQuasiRandomGeneratorDimensions(g, dims));
    std::vector<double> r(dims * n);
    OK(curandGenerateNormalDouble(g, r.data(), r.size(), 0.0, 1.0));
    OK(curandDestroyGenerator(g));
    for (int d = 0; d < dims; d++) {
        double s = 0, q = 0;
        for (int i = 0; i < n; i++) {
            s += r[d * n + i];
            q += r[d * n + i] * r[d * n + i];
        }
        // quasirandom: far tighter than the 1/sqrt(n) of random draws
        CHECK(fabs(s / n) < 1e-3 && fabs(q / n - 1.0) < 1e-2);
    }
}

static void check_statuses(void)
{
    curandGenerator_t g, p;
    unsigned int x[8];
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_DEFAULT));
    OK(curandCreateGeneratorHost(&p, CURAND_RNG_PSEUDO_DEFAULT));
    CHECK(curandSetQuasiRandomGeneratorDimensions(g, 0) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandSetQuasiRandomGeneratorDimensions(g, 20001) ==
          CURAND_STATUS_OUT_OF_RANGE);
    OK(curandSetQuasiRandomGeneratorDimensions(g, 20000));
    OK(curandSetQuasiRandomGeneratorDimensions(g, 3));
    CHECK(curandGenerate(g, x, 7) == CURAND_STATUS_LENGTH_NOT_MULTIPLE);
    OK(curandGenerateNormal(g, (float *)x, 3, 0.0f, 1.0f));  // no pairs
    CHECK(curandSetPseudoRandomGeneratorSeed(g, 1) ==
          CURAND_STATUS_TYPE_ERROR);
    OK(curandSetGeneratorOrdering(g, CURAND_ORDERING_QUASI_DEFAULT));
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_DEFAULT) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandSetGeneratorOrdering(p, CURAND_ORDERING_QUASI_DEFAULT) ==
          CURAND_STATUS_OUT_OF_RANGE);
    curandDirectionVectors32_t *dv;
    CHECK(curandGetDirectionVectors32(&dv,
                                      CURAND_DIRECTION_VECTORS_64_JOEKUO6) ==
          CURAND_STATUS_OUT_OF_RANGE);
    curandDirectionVectors64_t *dv64;
    CHECK(curandGetDirectionVectors64(&dv64,
                                      CURAND_DIRECTION_VECTORS_32_JOEKUO6) ==
          CURAND_STATUS_OUT_OF_RANGE);
    OK(curandDestroyGenerator(g));
    OK(curandDestroyGenerator(p));
}

// Kernels with curand_init on the library's vectors give what a device
// generator wrote.
static void check_device(curandRngType_t type, int dims, int per,
                         unsigned int offset, unsigned int skip)
{
    bool scr = type == CURAND_RNG_QUASI_SCRAMBLED_SOBOL32;
    curandDirectionVectors32_t *dv, *ddv;
    unsigned int *sc = NULL, *dsc = NULL, *a, *b;
    OK(curandGetDirectionVectors32(
        &dv, scr ? CURAND_SCRAMBLED_DIRECTION_VECTORS_32_JOEKUO6
                 : CURAND_DIRECTION_VECTORS_32_JOEKUO6));
    cudaMalloc(&ddv, dims * sizeof(*ddv));
    cudaMemcpy(ddv, dv, dims * sizeof(*ddv), cudaMemcpyHostToDevice);
    if (scr) {
        OK(curandGetScrambleConstants32(&sc));
        cudaMalloc(&dsc, dims * sizeof(*dsc));
        cudaMemcpy(dsc, sc, dims * sizeof(*dsc), cudaMemcpyHostToDevice);
    }
    size_t n = (size_t)dims * per;
    cudaMalloc(&a, n * sizeof(*a));
    cudaMalloc(&b, n * sizeof(*b));
    cudaMemset(b, 0, n * sizeof(*b));
    curandGenerator_t g;
    OK(curandCreateGenerator(&g, type));
    OK(curandSetQuasiRandomGeneratorDimensions(g, dims));
    OK(curandSetGeneratorOffset(g, offset));
    OK(curandGenerate(g, a, n));
    sobol_bits<<<(dims + 63) / 64, 64>>>(ddv, dsc, dims, per, offset, skip,
                                         b);
    std::vector<unsigned int> ha(n), hb(n);
    cudaMemcpy(ha.data(), a, n * sizeof(*a), cudaMemcpyDeviceToHost);
    cudaMemcpy(hb.data(), b, n * sizeof(*b), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int d = 0; d < dims; d++)
        for (int i = 0; i < per; i++)
            if (!(skip && i >= 1 && i <= (int)skip))
                bad += ha[(size_t)d * per + i] != hb[(size_t)d * per + i];
    if (bad)
        printf("FAIL device %d dims %d offset %u skip %u: %d differ\n",
               (int)type, dims, offset, skip, bad);
    failures += bad != 0;
    OK(curandDestroyGenerator(g));
    cudaFree(a);
    cudaFree(b);
    cudaFree(ddv);
    cudaFree(dsc);
}

static void check_device_floats(int dims, int per, unsigned int offset)
{
    curandDirectionVectors32_t *dv, *ddv;
    OK(curandGetDirectionVectors32(&dv, CURAND_DIRECTION_VECTORS_32_JOEKUO6));
    cudaMalloc(&ddv, dims * sizeof(*ddv));
    cudaMemcpy(ddv, dv, dims * sizeof(*ddv), cudaMemcpyHostToDevice);
    size_t n = (size_t)dims * per;
    float *u, *nr;
    double *ud, *nd;
    cudaMallocManaged(&u, n * sizeof(float));
    cudaMallocManaged(&nr, n * sizeof(float));
    cudaMallocManaged(&ud, n * sizeof(double));
    cudaMallocManaged(&nd, n * sizeof(double));
    sobol_floats<<<(dims + 31) / 32, 32>>>(ddv, dims, per, offset, u, ud, nr,
                                           nd);
    cudaDeviceSynchronize();
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SOBOL32));
    OK(curandSetQuasiRandomGeneratorDimensions(g, dims));
    std::vector<float> hu(n), hn(n);
    std::vector<double> hud(n), hnd(n);
    OK(curandSetGeneratorOffset(g, offset));
    OK(curandGenerateUniform(g, hu.data(), n));
    OK(curandSetGeneratorOffset(g, offset));
    OK(curandGenerateUniformDouble(g, hud.data(), n));
    OK(curandSetGeneratorOffset(g, offset));
    OK(curandGenerateNormal(g, hn.data(), n, 0.0f, 1.0f));
    OK(curandSetGeneratorOffset(g, offset));
    OK(curandGenerateNormalDouble(g, hnd.data(), n, 0.0, 1.0));
    OK(curandDestroyGenerator(g));
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        bad += u[i] != hu[i] || ud[i] != hud[i];
        // each library's own inverse: within rounding
        bad += fabsf(nr[i] - hn[i]) > 2e-6f * (1 + fabsf(hn[i]));
        bad += fabs(nd[i] - hnd[i]) > 1e-13 * (1 + fabs(hnd[i]));
    }
    if (bad)
        printf("FAIL device floats: %d differ\n", bad);
    failures += bad != 0;
    cudaFree(u);
    cudaFree(nr);
    cudaFree(ud);
    cudaFree(nd);
    cudaFree(ddv);
}

static unsigned long long point64(const unsigned long long *v,
                                  unsigned long long i)
{
    unsigned long long g = i ^ (i >> 1), x = 0;
    for (int k = 0; k < 64; k++)
        if (g >> k & 1)
            x ^= v[k];
    return x;
}

static void check_sobol64(void)
{
    curandDirectionVectors64_t *dv, *sv;
    unsigned long long *sc;
    OK(curandGetDirectionVectors64(&dv, CURAND_DIRECTION_VECTORS_64_JOEKUO6));
    OK(curandGetDirectionVectors64(&sv,
                                   CURAND_SCRAMBLED_DIRECTION_VECTORS_64_JOEKUO6));
    OK(curandGetScrambleConstants64(&sc));
    curandDirectionVectors32_t *d32;
    OK(curandGetDirectionVectors32(&d32, CURAND_DIRECTION_VECTORS_32_JOEKUO6));
    // the 64-bit vectors extend the 32-bit ones
    int bad = 0;
    for (int d = 0; d < 20000; d++)
        for (int k = 0; k < 32; k++)
            bad += (unsigned int)(dv[d][k] >> 32) != d32[d][k];
    CHECK(bad == 0);
    for (int k = 0; k < 64; k++)
        CHECK(dv[0][k] == 1ull << (63 - k));

    curandGenerator_t g;
    unsigned long long x[4];
    unsigned int u[4];
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SOBOL64));
    CHECK(curandGenerate(g, u, 4) == CURAND_STATUS_TYPE_ERROR);
    OK(curandGenerateLongLong(g, x, 4));
    CHECK(x[0] == 0 && x[1] == 1ull << 63 && x[2] == 3ull << 62 &&
          x[3] == 1ull << 62);
    double d[2];
    OK(curandSetGeneratorOffset(g, 0));
    OK(curandGenerateUniformDouble(g, d, 2));
    CHECK(d[0] == ldexp(1.0, -54) && d[1] == 0.5);
    OK(curandDestroyGenerator(g));
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SOBOL32));
    CHECK(curandGenerateLongLong(g, x, 4) == CURAND_STATUS_TYPE_ERROR);
    OK(curandDestroyGenerator(g));

    // layout, offsets past 2^32, stratification of the top 10 bits
    const int dims = 5, per = 1024;
    const unsigned long long offs[2] = {0, 0x123456789abull};
    for (int scr = 0; scr < 2; scr++)
        for (int o = 0; o < 2; o++) {
            std::vector<unsigned long long> r(dims * per);
            OK(curandCreateGeneratorHost(
                &g, scr ? CURAND_RNG_QUASI_SCRAMBLED_SOBOL64
                        : CURAND_RNG_QUASI_SOBOL64));
            OK(curandSetQuasiRandomGeneratorDimensions(g, dims));
            OK(curandSetGeneratorOffset(g, offs[o]));
            OK(curandGenerateLongLong(g, r.data(), r.size()));
            OK(curandDestroyGenerator(g));
            bad = 0;
            for (int k = 0; k < dims; k++) {
                std::vector<int> seen(per, 0);
                for (int i = 0; i < per; i++) {
                    unsigned long long want =
                        point64(scr ? sv[k] : dv[k], offs[o] + i) ^
                        (scr ? sc[k] : 0);
                    bad += r[k * per + i] != want;
                    seen[r[k * per + i] >> 54]++;
                }
                if (offs[o] == 0)
                    for (int i = 0; i < per; i++)
                        bad += seen[i] != 1;
            }
            CHECK(bad == 0);
        }

    // kernels against a device generator, plain and scrambled
    const int kd = 40, kp = 64;
    curandDirectionVectors64_t *ddv;
    unsigned long long *dsc, *a, *b;
    double *unid;
    cudaMalloc(&ddv, kd * sizeof(*ddv));
    cudaMalloc(&dsc, kd * sizeof(*dsc));
    cudaMalloc(&a, kd * kp * sizeof(*a));
    cudaMallocManaged(&b, kd * kp * sizeof(*b));
    cudaMallocManaged(&unid, kd * kp * sizeof(*unid));
    cudaMemcpy(dsc, sc, kd * sizeof(*dsc), cudaMemcpyHostToDevice);
    for (int scr = 0; scr < 2; scr++) {
        unsigned long long off = 4294967000ull, skip = scr ? 9 : 0;
        cudaMemcpy(ddv, scr ? sv : dv, kd * sizeof(*ddv),
                   cudaMemcpyHostToDevice);
        OK(curandCreateGenerator(&g, scr ? CURAND_RNG_QUASI_SCRAMBLED_SOBOL64
                                         : CURAND_RNG_QUASI_SOBOL64));
        OK(curandSetQuasiRandomGeneratorDimensions(g, kd));
        OK(curandSetGeneratorOffset(g, off));
        OK(curandGenerateLongLong(g, a, kd * kp));
        sobol64_bits<<<1, 64>>>(ddv, scr ? dsc : NULL, kd, kp, off, skip, b,
                                unid);
        cudaDeviceSynchronize();
        std::vector<unsigned long long> ha(kd * kp);
        cudaMemcpy(ha.data(), a, kd * kp * sizeof(*a), cudaMemcpyDeviceToHost);
        bad = 0;
        for (int i = 0; i < kd * kp; i++) {
            if (skip && i % kp >= 1 && i % kp <= (int)skip)
                continue;
            bad += ha[i] != b[i];
            if (!scr)
                bad += unid[i] != ((ha[i] >> 11) * 0x1p-53 + 0x1p-54);
        }
        if (bad)
            printf("FAIL device 64 scrambled %d: %d differ\n", scr, bad);
        failures += bad != 0;
        OK(curandDestroyGenerator(g));
    }
    cudaFree(ddv);
    cudaFree(dsc);
    cudaFree(a);
    cudaFree(b);
    cudaFree(unid);
}

int main()
{
    check_known_points();
    const curandRngType_t types[2] = {CURAND_RNG_QUASI_SOBOL32,
                                      CURAND_RNG_QUASI_SCRAMBLED_SOBOL32};
    for (int t = 0; t < 2; t++) {
        CHECK(layout_errors(types[t], 1, 300, 0) == 0);
        CHECK(layout_errors(types[t], 3, 96, 5) == 0);
        CHECK(layout_errors(types[t], 100, 33, 123457) == 0);
        CHECK(layout_errors(types[t], 20000, 3, 4000000000ull) == 0);
        check_strata(types[t]);
        check_device(types[t], 37, 200, 0, 0);
        check_device(types[t], 130, 64, 99991, 17);
    }
    check_normal_moments();
    check_statuses();
    check_device_floats(20, 256, 1000);
    check_sobol64();
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
