// nbody_omp.c: the C/OpenMP reference for nbody.cu, all-pairs gravitational
// acceleration for 8192 bodies, one body per loop iteration.
#include "bench_omp.h"
#include "nbody.h"
#include <math.h>
#include <stdlib.h>

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

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float);
    struct args b = {malloc(bytes), malloc(bytes), malloc(bytes),
                     malloc(bytes), malloc(bytes), malloc(bytes),
                     malloc(bytes)};
    fill(b.x, b.y, b.z, b.m, 1);
    double ms = bench_time(nbody, &b);
    int ok = check(b.x, b.y, b.z, b.m, b.ax, b.ay, b.az, 1);
    int bad = bench_report("nbody", ms, ok);
    free(b.x);
    free(b.y);
    free(b.z);
    free(b.m);
    free(b.ax);
    free(b.ay);
    free(b.az);
    return bad;
}
