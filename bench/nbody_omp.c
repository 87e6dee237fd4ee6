// nbody_omp.c: the C/OpenMP reference for nbody.cu, all-pairs gravitational
// acceleration for 8192 bodies, one body per loop iteration.
#include "bench_omp.h"
#include <math.h>
#include <stdlib.h>

#define N 8192
#define EPS2 0.01f /* softening: eps^2 keeps close pairs finite */

// The bodies are the same as nbody.cu's, but held as separate arrays
// (structure of arrays) so that the inner loop runs over 8 or 16 bodies
// per vector; all of them (128 KiB) stay in cache.
struct args {
    float *x, *y, *z, *m;
    float *ax, *ay, *az;
};

// A body's pull on itself is zero (dx = dy = dz = 0 with eps^2 > 0).
// Note: with run.sh's flags gcc keeps sqrtf scalar, because sqrtf may set
// errno; -fno-math-errno (or -ffast-math) lets it vectorize this loop, and
// gcc 12 ignores that option in a pragma or attribute.
static void nbody(void *p)
{
    struct args *b = p;
    const float *x = b->x, *y = b->y, *z = b->z, *m = b->m;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < N; i++) {
        float px = x[i], py = y[i], pz = z[i];
        float ax = 0.0f, ay = 0.0f, az = 0.0f;
#pragma omp simd reduction(+ : ax, ay, az)
        for (int j = 0; j < N; j++) {
            float dx = x[j] - px, dy = y[j] - py, dz = z[j] - pz;
            float inv = 1.0f / sqrtf(dx * dx + dy * dy + dz * dz + EPS2);
            float s = m[j] * inv * inv * inv;
            ax += dx * s;
            ay += dy * s;
            az += dz * s;
        }
        b->ax[i] = ax;
        b->ay[i] = ay;
        b->az[i] = az;
    }
}

// The same sampled check and bound as nbody.cu.
static int check(const struct args *b)
{
    for (int s = 0; s < 256; s++) {
        int i = (int)((s * 7919L) % N);
        double ref[3] = {0, 0, 0}, mag[3] = {0, 0, 0};
        for (int j = 0; j < N; j++) {
            double d[3] = {(double)b->x[j] - b->x[i],
                           (double)b->y[j] - b->y[i],
                           (double)b->z[j] - b->z[i]};
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + EPS2;
            double f = b->m[j] / (r2 * sqrt(r2));
            for (int c = 0; c < 3; c++) {
                ref[c] += d[c] * f;
                mag[c] += fabs(d[c] * f);
            }
        }
        float got[3] = {b->ax[i], b->ay[i], b->az[i]};
        for (int c = 0; c < 3; c++)
            if (fabs(got[c] - ref[c]) > 1e-4 * mag[c]) {
                fprintf(stderr, "nbody: acc[%d].%c = %g, expected %g\n", i,
                        "xyz"[c], got[c], ref[c]);
                return 0;
            }
    }
    return 1;
}

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    struct args b = {malloc(bytes), malloc(bytes), malloc(bytes),
                     malloc(bytes), malloc(bytes), malloc(bytes),
                     malloc(bytes)};
    unsigned seed = 3;
    for (int i = 0; i < N; i++) {
        b.x[i] = bench_uniform(&seed);
        b.y[i] = bench_uniform(&seed);
        b.z[i] = bench_uniform(&seed);
        b.m[i] = 1.0f + 0.5f * bench_uniform(&seed); /* mass in [0.5, 1.5) */
    }
    double ms = bench_time(nbody, &b);
    int bad = bench_report("nbody", ms, check(&b));
    free(b.x);
    free(b.y);
    free(b.z);
    free(b.m);
    free(b.ax);
    free(b.ay);
    free(b.az);
    return bad;
}
