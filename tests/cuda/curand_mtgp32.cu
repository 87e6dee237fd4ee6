// curand_mtgp32.cu: cuRAND's MTGP32 generator through the host API and
// the device API.  Checked: values NVIDIA's host libcurand gave (seeds 0
// and 0x123456789, both orderings, indices across blocks, rounds of
// states and the wrap of the 351-word state); the statuses cuRAND gives
// (no offsets, no SEEDED ordering, odd counts of normals taken); a new
// seed starting over and the same seed going on; a device generator
// giving the host one's numbers; moments of uniforms and normals; and that kernels sharing one state per block
// (curandMakeMTGP32Constants, curandMakeMTGP32KernelState, curand) give
// the host generator's draws, with 256, 64 and 16 x 8 threads a block,
// and curand_uniform / curand_normal its conversions.  In the nvcc leg
// the kernels and curand_mtgp32_host.h are NVIDIA's.
// cux-link: -lcurand
#include <curand.h>
#include <curand_kernel.h>
#include <curand_mtgp32_host.h>
#include <curand_mtgp32dc_p_11213.h>
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

// cuRAND's uniform float, computed in float: x 2^-32 + 2^-33
static float uniform(unsigned int x)
{
    return (float)x * 0x1p-32f + 0x1p-33f;
}

// n results of a host generator (legacy: 64 states, else 192).
static std::vector<unsigned int> host_bits(unsigned long long seed,
                                           bool legacy, size_t n)
{
    curandGenerator_t g;
    std::vector<unsigned int> v(n);
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_MTGP32));
    OK(curandSetPseudoRandomGeneratorSeed(g, seed));
    if (legacy)
        OK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_LEGACY));
    OK(curandGenerate(g, v.data(), n));
    OK(curandDestroyGenerator(g));
    return v;
}

// NVIDIA's libcurand 10 (CUDA 12), host generator.
static void check_known()
{
    static const size_t at[11] = {0,     1,     2,     255,   256,   16383,
                                  16384, 49151, 49152, 98604, 199999};
    static const struct {
        unsigned long long seed;
        bool legacy;
        unsigned int v[11];
    } want[4] = {
        {0, false, {0x1583a42bu, 0x4794680au, 0x89ebce6bu, 0x025c7b19u,
                    0x0b17cc2cu, 0x57ac571eu, 0x05a24279u, 0x7a52253cu,
                    0x6b3a155bu, 0xef83b86fu, 0x312b8cafu}},
        {0x123456789ull, false,
         {0xdb6a513fu, 0x3efd3141u, 0x22c279acu, 0x7acb1ad0u, 0x96ddb4ebu,
          0x8edbc8a6u, 0xa87942c4u, 0x8052f84au, 0xa00dbc79u, 0x06b2a831u,
          0x12229b62u}},
        {0, true, {0x1583a42bu, 0x4794680au, 0x89ebce6bu, 0x025c7b19u,
                   0x0b17cc2cu, 0x57ac571eu, 0x6b3a155bu, 0x8a4d5bdbu,
                   0x70a77db7u, 0x8ea4c1eeu, 0xca0a32c5u}},
        {0x123456789ull, true,
         {0xdb6a513fu, 0x3efd3141u, 0x22c279acu, 0x7acb1ad0u, 0x96ddb4ebu,
          0x8edbc8a6u, 0xa00dbc79u, 0x73c7d0e9u, 0xcbf25669u, 0x9ea68f1du,
          0x763a2524u}},
    };
    for (int w = 0; w < 4; w++) {
        std::vector<unsigned int> v =
            host_bits(want[w].seed, want[w].legacy, 200000);
        for (int i = 0; i < 11; i++)
            if (v[at[i]] != want[w].v[i]) {
                printf("FAIL known: seed %llx legacy %d [%zu] %08x, want "
                       "%08x\n",
                       want[w].seed, want[w].legacy, at[i], v[at[i]],
                       want[w].v[i]);
                failures++;
            }
    }
}

// Calls in a row equal one call; the conversions are of those draws.
static void check_calls_and_conversions()
{
    const size_t n = 60000;
    std::vector<unsigned int> all = host_bits(42, false, n);
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_MTGP32));
    OK(curandSetPseudoRandomGeneratorSeed(g, 42));
    std::vector<unsigned int> u(n);
    std::vector<float> f(n);
    std::vector<double> d(n);
    OK(curandGenerate(g, u.data(), 1000));
    OK(curandGenerateUniform(g, f.data(), 30001));
    OK(curandGenerateUniformDouble(g, d.data(), 999));
    OK(curandGenerate(g, u.data() + 1000, 2000));
    bool same = true;
    for (size_t i = 0; i < 1000; i++)
        same &= u[i] == all[i];
    for (size_t i = 0; i < 30001; i++)
        same &= f[i] == uniform(all[1000 + i]);
    for (size_t i = 0; i < 999; i++)
        same &= d[i] == ((double)all[31001 + i] + 1.0) * 0x1p-32;
    for (size_t i = 0; i < 2000; i++)
        same &= u[1000 + i] == all[32000 + i];
    CHECK(same);
    // the same seed goes on; a different one starts over
    OK(curandSetPseudoRandomGeneratorSeed(g, 42));
    OK(curandGenerate(g, u.data(), 8));
    CHECK(u[0] == all[34000] && u[7] == all[34007]);
    std::vector<unsigned int> seven = host_bits(7, false, 8);
    OK(curandSetPseudoRandomGeneratorSeed(g, 7));
    OK(curandGenerate(g, u.data(), 8));
    CHECK(u[0] == seven[0] && u[7] == seven[7]);
    OK(curandDestroyGenerator(g));
}

// A device generator (results in device memory, on its stream) gives
// the host generator's numbers.
static void check_device_generator()
{
    const size_t n = 70000;
    std::vector<unsigned int> want = host_bits(31337, true, n);
    unsigned int *out;
    CHECK(cudaMallocManaged(&out, n * sizeof(*out)) == cudaSuccess);
    curandGenerator_t g;
    OK(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_MTGP32));
    OK(curandSetPseudoRandomGeneratorSeed(g, 31337));
    OK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_LEGACY));
    OK(curandGenerate(g, out, 1234));
    OK(curandGenerate(g, out + 1234, n - 1234));
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    bool same = true;
    for (size_t i = 0; i < n; i++)
        same &= out[i] == want[i];
    CHECK(same);
    OK(curandDestroyGenerator(g));
    cudaFree(out);
}

static void check_statuses()
{
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_MTGP32));
    // cuRAND: "MTGP32 ... does not support offsets" (NVIDIA's answers
    // CURAND_STATUS_TYPE_ERROR)
    CHECK(curandSetGeneratorOffset(g, 5) == CURAND_STATUS_TYPE_ERROR);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_SEEDED) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_DYNAMIC) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_QUASI_DEFAULT) ==
          CURAND_STATUS_OUT_OF_RANGE);
    OK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_BEST));
    CHECK(curandSetQuasiRandomGeneratorDimensions(g, 2) ==
          CURAND_STATUS_TYPE_ERROR);
    unsigned long long ll[2];
    CHECK(curandGenerateLongLong(g, ll, 2) == CURAND_STATUS_TYPE_ERROR);
    float f[3];
    double d[3];
    OK(curandGenerateNormal(g, f, 3, 0.0f, 1.0f));  // one draw a normal
    OK(curandGenerateLogNormalDouble(g, d, 3, 0.0, 1.0));
    CHECK(d[0] > 0.0 && d[1] > 0.0 && d[2] > 0.0);
    unsigned int p[5];
    OK(curandGeneratePoisson(g, p, 5, 4.0));
    OK(curandDestroyGenerator(g));
}

static void check_moments()
{
    const size_t n = 1 << 20;
    curandGenerator_t g;
    OK(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_MTGP32));
    OK(curandSetPseudoRandomGeneratorSeed(g, 2024));
    std::vector<float> f(n);
    std::vector<double> d(n);
    OK(curandGenerateUniform(g, f.data(), n));
    double s = 0, s2 = 0;
    bool range = true;
    for (size_t i = 0; i < n; i++) {
        s += f[i];
        s2 += (double)f[i] * f[i];
        range &= f[i] > 0.0f && f[i] <= 1.0f;
    }
    double m = s / n, var = s2 / n - m * m;
    CHECK(range);
    // 6 standard errors: sd of the mean sqrt(1/12 / n)
    CHECK(fabs(m - 0.5) < 6 * sqrt(1.0 / 12 / n));
    CHECK(fabs(var - 1.0 / 12) < 6 * sqrt(1.0 / 180 / n));
    OK(curandGenerateNormalDouble(g, d.data(), n, 3.0, 2.0));
    s = s2 = 0;
    for (size_t i = 0; i < n; i++) {
        s += d[i];
        s2 += d[i] * d[i];
    }
    m = s / n;
    var = s2 / n - m * m;
    CHECK(fabs(m - 3.0) < 6 * 2.0 / sqrt((double)n));
    CHECK(fabs(var - 4.0) < 6 * 4.0 * sqrt(2.0 / n));
    OK(curandDestroyGenerator(g));
}

// Each block draws `rounds` times from its state; draw r of thread t
// goes to out[(b * rounds + r) * threads + t] (state b's sequence).
__global__ void mtgp_bits(curandStateMtgp32_t *states, int rounds,
                          unsigned int *out)
{
    int threads = blockDim.x * blockDim.y;
    int t = threadIdx.y * blockDim.x + threadIdx.x;
    for (int r = 0; r < rounds; r++)
        out[(blockIdx.x * rounds + r) * threads + t] =
            curand(&states[blockIdx.x]);
}

__global__ void mtgp_conv(curandStateMtgp32_t *states, float *u,
                          float *nrm, double *ud)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    u[i] = curand_uniform(&states[blockIdx.x]);
    nrm[i] = curand_normal(&states[blockIdx.x]);
    ud[i] = curand_uniform_double(&states[blockIdx.x]);
}

// Draw d of state k in the host generator's default layout (192 states,
// blocks of 256).
static unsigned int host_draw(const std::vector<unsigned int> &all, int k,
                              size_t d)
{
    return all[(d / 256) * 256 * 192 + (size_t)k * 256 + d % 256];
}

static void check_device(dim3 threads, int blocks, int rounds,
                         unsigned long long seed)
{
    int per = threads.x * threads.y;
    size_t draws = (size_t)per * rounds;
    // enough rounds of the host's 192 states for the draws and for the
    // conversions' three rounds
    size_t rounds_needed = (draws + 255) / 256 < 3 ? 3 : (draws + 255) / 256;
    std::vector<unsigned int> all =
        host_bits(seed, false, rounds_needed * 256 * 192);
    mtgp32_kernel_params_t *kp;
    curandStateMtgp32_t *st;
    unsigned int *out;
    CHECK(cudaMalloc(&kp, sizeof(*kp)) == cudaSuccess);
    CHECK(cudaMalloc(&st, blocks * sizeof(*st)) == cudaSuccess);
    CHECK(cudaMallocManaged(&out, blocks * draws * sizeof(*out)) ==
          cudaSuccess);
    OK(curandMakeMTGP32Constants(mtgp32dc_params_fast_11213, kp));
    OK(curandMakeMTGP32KernelState(st, mtgp32dc_params_fast_11213, kp,
                                   blocks, seed));
    mtgp_bits<<<blocks, threads>>>(st, rounds, out);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    int bad = 0;
    for (int b = 0; b < blocks; b++)
        for (size_t d = 0; d < draws; d++)
            if (out[b * draws + d] != host_draw(all, b, d) && bad++ < 3)
                printf("FAIL device %dx%d: block %d draw %zu %08x, host "
                       "%08x\n",
                       threads.x, threads.y, b, d, out[b * draws + d],
                       host_draw(all, b, d));
    CHECK(bad == 0);

    // conversions, from fresh states: each thread's three draws are
    // words t, 256 + t and 512 + t of its block's state
    if (threads.x == 256 && threads.y == 1) {
        float *u, *nrm;
        double *ud;
        cudaMallocManaged(&u, blocks * 256 * sizeof(float));
        cudaMallocManaged(&nrm, blocks * 256 * sizeof(float));
        cudaMallocManaged(&ud, blocks * 256 * sizeof(double));
        OK(curandMakeMTGP32KernelState(st, mtgp32dc_params_fast_11213, kp,
                                       blocks, seed));
        mtgp_conv<<<blocks, 256>>>(st, u, nrm, ud);
        CHECK(cudaDeviceSynchronize() == cudaSuccess);
        bool same = true, close = true;
        for (int b = 0; b < blocks; b++)
            for (int t = 0; t < 256; t++) {
                int i = b * 256 + t;
                unsigned int x0 = host_draw(all, b, t);
                unsigned int x1 = host_draw(all, b, 256 + t);
                unsigned int x2 = host_draw(all, b, 512 + t);
                same &= u[i] == uniform(x0);
                same &= ud[i] == ((double)x2 + 1.0) * 0x1p-32;
                // the normal quantile of x1 2^-32 + 2^-33, to float
                // rounding (each header computes its own)
                double p = x1 * 0x1p-32 + 0x1p-33;
                double z = nrm[i];
                double cdf = 0.5 * erfc(-z / sqrt(2.0));
                bool ok = fabs(cdf - p) <=
                          1e-6 * (p < 0.5 ? p : 1 - p) + 1e-9;
                if (!ok && close)
                    printf("normal of %08x: %.9g (cdf %.9g, want %.9g)\n",
                           x1, z, cdf, p);
                close &= ok;
            }
        CHECK(same);
        CHECK(close);
        cudaFree(u);
        cudaFree(nrm);
        cudaFree(ud);
    }
    cudaFree(kp);
    cudaFree(st);
    cudaFree(out);
}

int main()
{
    check_known();
    check_calls_and_conversions();
    check_statuses();
    check_device_generator();
    check_moments();
    check_device(dim3(256, 1), 3, 5, 1234);
    check_device(dim3(64, 1), 2, 13, 0x123456789ull);
    check_device(dim3(16, 8), 2, 9, 99);
    check_device(dim3(256, 1), 192, 1, 5);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
