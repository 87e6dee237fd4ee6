// curand_mrg32k3a.cu: cuRAND's MRG32k3a device generator
// (curandStateMRG32k3a_t) gives NVIDIA's sequence: the expected values
// are what NVIDIA's curand_kernel.h gave (seeding, subsequences of 2^76
// draws, offsets, the 32-bit and double draws; normals within rounding of
// log, sin and cos); normals and Poisson counts have their moments within
// 6 standard errors.  curand_mrg32k3a_skip.cu has the skip-ahead.  The
// nvcc leg runs it through NVIDIA's header.
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

struct Ref {
    unsigned long long seed, sub, off;
    unsigned int draws[4];
};

static const Ref refs[] = {
    {0, 0, 0, {545508615u, 1368065476u, 1327943825u, 3546985268u}},
    {0, 1, 0, {341016064u, 2063042464u, 3686465981u, 3078677252u}},
    {1, 0, 1, {403207181u, 975854239u, 891564283u, 2719027692u}},
    {0x100000000ull, 1, 0, {1097060211u, 3772913577u, 1562896283u,
                            2210559553u}},
    {1234, 1, 1, {2890950871u, 2749090064u, 2410030135u, 1992398857u}},
    {0, 0, 1000000007ull, {365337397u, 0, 0, 0}},
    {77, 0, 1000000007ull, {133765614u, 0, 0, 0}},
    {0x55555555ull, 0, 1000000007ull, {1697868753u, 0, 0, 0}},
    // the 32-bit draw is the combination times 1.000000048662, not 2^32/m1
    {0, 0, 277, {4130551518u, 0, 0, 0}},
    {0, 0, 1433, {3472950261u, 0, 0, 0}},
    {0, 5, 0, {2878123889u, 0, 0, 0}},
    {77, 5, 0, {457645698u, 0, 0, 0}},
    {0x55555555ull, 5, 0, {2091046515u, 0, 0, 0}},
};

#define NREF (int)(sizeof(refs) / sizeof(refs[0]))

// One curand_init call site per kernel, and one block shape for all
// kernels (cux builds a module once per shape): NVIDIA's header makes the
// nvcc leg's code big, and its JIT must fit the test's time.
__global__ void ref_kernel(const Ref *r, unsigned int *out, int n)
{
    int i = threadIdx.x;
    if (i >= n)
        return;
    curandStateMRG32k3a_t s;
    curand_init(r[i].seed, r[i].sub, r[i].off, &s);
    for (int k = 0; k < 4; k++)
        out[4 * i + k] = curand(&s);
}

// Seeds 0 and 77 (thread 0 and 1): the first uniform double, two
// uniform floats, a normal pair and a double normal pair, each from a
// copy of the fresh state.
__global__ void conv_kernel(double *out)
{
    int i = threadIdx.x;
    if (i >= 2)
        return;
    curandStateMRG32k3a_t s, t;
    curand_init(i ? 77 : 0, 0, 0, &s);
    t = s;
    out[8 * i] = curand_uniform_double(&t);
    t = s;
    out[8 * i + 1] = curand_uniform(&t);
    out[8 * i + 2] = curand_uniform(&t);
    t = s;
    float2 n = curand_normal2(&t);
    out[8 * i + 3] = n.x;
    out[8 * i + 4] = n.y;
    t = s;
    double2 d = curand_normal2_double(&t);
    out[8 * i + 5] = d.x;
    out[8 * i + 6] = d.y;
    t = s;
    out[8 * i + 7] = curand_normal(&t) == n.x && curand_normal(&t) == n.y;
}

__global__ void stats_kernel(double *sum, double *sq, double *pois)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    curandStateMRG32k3a_t s;
    curand_init(5, t, 0, &s);
    double a = 0, b = 0, p = 0;
    for (int i = 0; i < 1024; i++) {
        double x = curand_normal_double(&s);
        a += x;
        b += x * x;
        p += curand_poisson(&s, 10.0);
    }
    sum[t] = a;
    sq[t] = b;
    pois[t] = p;
}

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1.0 + fabs(b));
}

int main()
{
    Ref *r;
    unsigned int *out;
    double *conv, *sum, *sq, *pois;
    cudaMallocManaged(&r, sizeof(refs));
    cudaMallocManaged(&out, 4 * NREF * sizeof(unsigned int));
    cudaMallocManaged(&conv, 16 * sizeof(double));
    cudaMallocManaged(&sum, 4096 * sizeof(double));
    cudaMallocManaged(&sq, 4096 * sizeof(double));
    cudaMallocManaged(&pois, 4096 * sizeof(double));
    for (int i = 0; i < NREF; i++)
        r[i] = refs[i];
    ref_kernel<<<1, 32>>>(r, out, NREF);
    conv_kernel<<<1, 32>>>(conv);
    stats_kernel<<<8, 32>>>(sum, sq, pois);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    for (int i = 0; i < NREF; i++)
        for (int k = 0; k < 4; k++)
            if (refs[i].draws[k] && out[4 * i + k] != refs[i].draws[k]) {
                printf("FAIL seed %llx subsequence %llu offset %llu draw %d: "
                       "%u, expected %u\n", refs[i].seed, refs[i].sub,
                       refs[i].off, k, out[4 * i + k], refs[i].draws[k]);
                failures++;
            }
    static const double want[2][7] = {
        {0.12701112207614923, 0.12701112031936646, 0.31852757930755615,
         1.846072793006897, -0.84792506694793701, 1.8460727868869957,
         -0.84792482415947446},
        {0.24934773731829532, 0.24934773147106171, 0.66592353582382202,
         -1.4394783973693848, -0.84006893634796143, -1.4394780770594129,
         -0.84006934735639027},
    };
    for (int i = 0; i < 2; i++) {
        const double *c = conv + 8 * i;
        CHECK(c[0] == want[i][0]);
        CHECK(c[1] == want[i][1] && c[2] == want[i][2]);
        CHECK(near(c[3], want[i][3], 2e-6) && near(c[4], want[i][4], 2e-6));
        CHECK(near(c[5], want[i][5], 1e-14) && near(c[6], want[i][6], 1e-14));
        CHECK(c[7] == 1.0);
    }
    double a = 0, b = 0, p = 0, n = 256.0 * 1024;
    for (int t = 0; t < 256; t++) {
        a += sum[t];
        b += sq[t];
        p += pois[t];
    }
    // 2^18 normals: 6 standard errors are 0.0117 (mean) and 0.0166 (var);
    // Poisson(10) counts: 0.037 (mean)
    CHECK(fabs(a / n) < 0.0117 && fabs(b / n - (a / n) * (a / n) - 1) < 0.0166);
    CHECK(fabs(p / n - 10.0) < 0.037);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
