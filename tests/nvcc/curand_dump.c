/* curand_dump.c: prints what cuRAND's host generators give for a fixed
 * set of calls (seeds, offsets, every result type, calls in a row; for
 * the Sobol generator dimensions instead of seeds, and its direction
 * vectors; for MTGP32 orderings instead of offsets), one
 * line each, so that run.sh can build it against NVIDIA's libcurand and
 * against cux's and compare the two outputs (exact for integers and
 * uniforms, within rounding for the normals, whose log, sin and cos are
 * each library's own).  Host generators need no GPU. */
#include <curand.h>
#include <stdio.h>
#include <stdlib.h>

#define N 10000

static void line(const char *what, int type, int i, unsigned long long off)
{
    printf("%s type=%d call=%d offset=%llu", what, type, i, off);
}

/* 'x' marks a value that must match bit for bit; 'n' a float and 'm' a
 * double within rounding.  Every 97th result, and the first and last 8. */
static int wanted(int i) { return i < 8 || i >= N - 8 || i % 97 == 0; }

/* dims > 0: a Sobol generator in that many dimensions, seed unused. */
static void dump(int type, unsigned long long seed, unsigned long long off,
                 unsigned dims)
{
    curandGenerator_t g;
    if (curandCreateGeneratorHost(&g, (curandRngType_t)type) ||
        (dims ? curandSetQuasiRandomGeneratorDimensions(g, dims)
              : curandSetPseudoRandomGeneratorSeed(g, seed)) ||
        curandSetGeneratorOffset(g, off)) {
        printf("FAIL setup type=%d\n", type);
        exit(1);
    }
    static unsigned int u[N];
    static float f[N];
    static double d[N];
    for (int call = 0; call < 9; call++) {
        int st = 0;
        switch (call % 9) {
        case 0: case 8: st = curandGenerate(g, u, N); break;
        case 1: st = curandGenerateUniform(g, f, N); break;
        case 2: st = curandGenerateUniformDouble(g, d, N); break;
        case 3: st = curandGenerateNormal(g, f, N, 1.0f, 2.0f); break;
        case 4: st = curandGenerateNormalDouble(g, d, N, -1.0, 0.5); break;
        case 5: st = curandGenerateLogNormal(g, f, N, 0.0f, 0.25f); break;
        case 6: st = curandGenerateLogNormalDouble(g, d, N, 0.0, 0.25); break;
        case 7: st = curandGenerate(g, u, N / 2 + 1); break;
        }
        line("status", type, call, off);
        printf(" %d\n", st);
        /* every bit of the exact kinds, through one FNV-1a hash */
        if (call != 3 && call != 4 && call != 5 && call != 6) {
            const unsigned char *p = call == 1 ? (const void *)f
                                   : call == 2 ? (const void *)d
                                               : (const void *)u;
            size_t count = call == 7 ? N / 2 + 1 : N;
            size_t bytes = (call == 2 ? 8 : 4) * count;
            unsigned long long h = 1469598103934665603ull;
            for (size_t i = 0; i < bytes; i++)
                h = (h ^ p[i]) * 1099511628211ull;
            line("hash", type, call, off);
            printf(" x%016llx\n", h);
        }
        for (int i = 0; i < N; i++) {
            if (!wanted(i) || (call == 7 && i > N / 2))
                continue;
            line("value", type, call, off);
            switch (call) {
            case 0: case 7: case 8: printf(" %d x%08x\n", i, u[i]); break;
            case 1: printf(" %d x%a\n", i, f[i]); break;
            case 2: printf(" %d x%a\n", i, d[i]); break;
            case 3: case 5: printf(" %d n%.9g\n", i, f[i]); break;
            case 4: case 6: printf(" %d m%.17g\n", i, d[i]); break;
            }
        }
    }
    if (dims) {
        /* a Sobol generator has no seed */
        line("status", type, 9, off);
        printf(" %d\n", curandSetPseudoRandomGeneratorSeed(g, seed));
        curandDestroyGenerator(g);
        return;
    }
    /* Setting the seed again keeps the position; XORWOW's also with a
     * new seed (NVIDIA's Philox then moves elsewhere: docs/curand.md). */
    unsigned long long again = type == CURAND_RNG_PSEUDO_PHILOX4_32_10
                                   ? seed : seed ^ 0xfeed;
    if (curandSetPseudoRandomGeneratorSeed(g, again) ||
        curandGenerate(g, u, 16)) {
        printf("FAIL reseed type=%d\n", type);
        exit(1);
    }
    for (int i = 0; i < 16; i++) {
        line("value", type, 9, off);
        printf(" %d x%08x\n", i, u[i]);
    }
    curandDestroyGenerator(g);
}

/* FNV-1a over n bytes */
static unsigned long long fnv(const void *p, size_t n)
{
    const unsigned char *c = p;
    unsigned long long h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 1099511628211ull;
    return h;
}

/* The 64-bit Sobol generator: its integers and uniforms through hashes,
 * normals sampled; 32-bit curandGenerate must be refused. */
static void dump64(unsigned long long off, unsigned dims)
{
    static unsigned long long x[N];
    static float f[N];
    static double d[N];
    curandGenerator_t g;
    if (curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SOBOL64) ||
        curandSetQuasiRandomGeneratorDimensions(g, dims) ||
        curandSetGeneratorOffset(g, off)) {
        printf("FAIL setup sobol64\n");
        exit(1);
    }
    int type = CURAND_RNG_QUASI_SOBOL64;
    size_t n = N / dims * dims;     /* whole points */
    line("status", type, 0, off);
    printf(" %d %d\n", curandGenerate(g, (unsigned int *)x, N),
           curandGenerateLongLong(g, x, n));
    line("hash", type, 0, off);
    printf(" x%016llx\n", fnv(x, n * sizeof(*x)));
    line("status", type, 1, off);
    printf(" %d\n", curandGenerateUniform(g, f, n));
    line("hash", type, 1, off);
    printf(" x%016llx\n", fnv(f, n * sizeof(*f)));
    line("status", type, 2, off);
    printf(" %d\n", curandGenerateUniformDouble(g, d, n));
    line("hash", type, 2, off);
    printf(" x%016llx\n", fnv(d, n * sizeof(*d)));
    line("status", type, 3, off);
    printf(" %d\n", curandGenerateNormal(g, f, n, 1.0f, 2.0f));
    for (int i = 0; i < (int)n; i++)
        if (wanted(i)) {
            line("value", type, 3, off);
            printf(" %d n%.9g\n", i, f[i]);
        }
    line("status", type, 4, off);
    printf(" %d\n", curandGenerateNormalDouble(g, d, n, -1.0, 0.5));
    for (int i = 0; i < (int)n; i++)
        if (wanted(i)) {
            line("value", type, 4, off);
            printf(" %d m%.17g\n", i, d[i]);
        }
    curandDestroyGenerator(g);
}

/* MTGP32 (no offsets: the `offset` field carries the ordering): every
 * call kind in a row, an odd count, a call of 200,000 (past the first
 * rounds of 192 and 64 states and the 351-word wrap), the same seed again
 * (goes on) and another (starts over), and the statuses of an offset and
 * of the SEEDED ordering.  Double normals are printed as 'n': NVIDIA's
 * are its float quantiles widened. */
static void dump_mtgp(unsigned long long seed, curandOrdering_t order)
{
    static unsigned int u[200000];
    static float f[N];
    static double d[N];
    const int type = CURAND_RNG_PSEUDO_MTGP32;
    curandGenerator_t g;
    if (curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_MTGP32) ||
        curandSetPseudoRandomGeneratorSeed(g, seed) ||
        curandSetGeneratorOrdering(g, order)) {
        printf("FAIL setup mtgp32\n");
        exit(1);
    }
    for (int call = 0; call < 10; call++) {
        int st = 0;
        size_t n = call == 7 ? N / 2 + 1 : call == 9 ? 200000 : N;
        switch (call) {
        case 0: case 7: case 8: case 9: st = curandGenerate(g, u, n); break;
        case 1: st = curandGenerateUniform(g, f, n); break;
        case 2: st = curandGenerateUniformDouble(g, d, n); break;
        case 3: st = curandGenerateNormal(g, f, n, 1.0f, 2.0f); break;
        case 4: st = curandGenerateNormalDouble(g, d, n, -1.0, 0.5); break;
        case 5: st = curandGenerateLogNormal(g, f, n, 0.0f, 0.25f); break;
        case 6: st = curandGenerateLogNormalDouble(g, d, n, 0.0, 0.25); break;
        }
        line("status", type, call, order);
        printf(" %d\n", st);
        if (call < 3 || call > 6) {
            const void *p = call == 1 ? (const void *)f
                          : call == 2 ? (const void *)d : (const void *)u;
            line("hash", type, call, order);
            printf(" x%016llx\n", fnv(p, (call == 2 ? 8 : 4) * n));
        }
        for (int i = 0; i < N; i++) {
            if (!wanted(i) || (call == 7 && i > N / 2))
                continue;
            line("value", type, call, order);
            switch (call) {
            case 0: case 7: case 8: case 9: printf(" %d x%08x\n", i, u[i]); break;
            case 1: printf(" %d x%a\n", i, f[i]); break;
            case 2: printf(" %d x%a\n", i, d[i]); break;
            case 3: case 5: printf(" %d n%.9g\n", i, f[i]); break;
            case 4: case 6: printf(" %d n%.9g\n", i, d[i]); break;
            }
        }
    }
    unsigned long long again[2] = {seed, seed ^ 0xfeed};
    for (int a = 0; a < 2; a++) {
        line("status", type, 10 + a, order);
        printf(" %d", curandSetPseudoRandomGeneratorSeed(g, again[a]));
        printf(" %d\n", curandGenerate(g, u, 16));
        for (int i = 0; i < 16; i++) {
            line("value", type, 10 + a, order);
            printf(" %d x%08x\n", i, u[i]);
        }
    }
    line("status", type, 12, order);
    printf(" %d %d\n", curandSetGeneratorOffset(g, 5),
           curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_SEEDED));
    curandDestroyGenerator(g);
}

int main(void)
{
    int types[] = {CURAND_RNG_PSEUDO_XORWOW, CURAND_RNG_PSEUDO_PHILOX4_32_10,
                   CURAND_RNG_PSEUDO_DEFAULT, CURAND_RNG_PSEUDO_MRG32K3A};
    unsigned long long offsets[] = {0, 5, 123457, 300000000ull};
    for (int t = 0; t < 4; t++)
        for (int o = 0; o < 4; o++)
            dump(types[t], 0x123456789abcdefull + t, offsets[o], 0);
    /* Sobol: offsets in points, up to the end of its 2^32; 10000 results
     * in 1 to 10000 dimensions (N / 2 + 1 is no multiple of most). */
    unsigned long long points[] = {0, 5, 123457, 4294967000ull};
    unsigned dims[] = {1, 4, 25, 10000};
    for (int o = 0; o < 4; o++)
        for (int d = 0; d < 4; d++)
            dump(CURAND_RNG_QUASI_SOBOL32, 0, points[o], dims[d]);
    /* all 20000 dimensions' direction vectors, through one hash */
    curandDirectionVectors32_t *v;
    int st = curandGetDirectionVectors32(&v,
                                         CURAND_DIRECTION_VECTORS_32_JOEKUO6);
    unsigned long long h = 1469598103934665603ull;
    for (int d = 0; st == 0 && d < 20000; d++)
        for (int k = 0; k < 32; k++)
            h = (h ^ v[d][k]) * 1099511628211ull;
    printf("direction vectors status %d hash x%016llx\n", st, h);
    /* Sobol64, offsets past 2^32 too */
    unsigned long long points64[] = {0, 7, 4294967290ull, 0x123456789abull};
    unsigned dims64[] = {1, 3, 40};
    for (int o = 0; o < 4; o++)
        for (int d = 0; d < 3; d++)
            dump64(points64[o], dims64[d]);
    curandDirectionVectors64_t *v64;
    st = curandGetDirectionVectors64(&v64, CURAND_DIRECTION_VECTORS_64_JOEKUO6);
    printf("direction vectors 64 status %d hash x%016llx\n", st,
           st ? 0 : fnv(v64, 20000 * sizeof(*v64)));
    /* MTGP32: 192 states by default, 64 for the legacy ordering */
    dump_mtgp(0, CURAND_ORDERING_PSEUDO_DEFAULT);
    dump_mtgp(0x123456789abcdefull, CURAND_ORDERING_PSEUDO_BEST);
    dump_mtgp(0x123456789abcdefull, CURAND_ORDERING_PSEUDO_LEGACY);
    dump_mtgp(42, CURAND_ORDERING_PSEUDO_LEGACY);
    return 0;
}
