// nbody.h: the host side that nbody.cu and nbody_omp.c share: the body
// count, the softening, the random bodies and the sampled check.  The CUDA
// side holds bodies as float4 (x, y, z, mass), the C side as separate
// arrays, so these functions take one pointer per field and a stride: 4
// for an array of float4 seen as floats (p, p + 1, p + 2, p + 3), 1 for
// separate arrays.
#ifndef NBODY_H
#define NBODY_H

#include "bench_common.h"
#include <math.h>

#define N 8192
#define EPS2 0.01f /* softening: eps^2 keeps close pairs finite */

// Body i is at (x, y, z)[i * stride] with mass m[i * stride].
static void fill(float *x, float *y, float *z, float *m, int stride)
{
    unsigned seed = 3;
    for (int i = 0; i < N; i++) {
        x[i * stride] = bench_uniform(&seed);
        y[i * stride] = bench_uniform(&seed);
        z[i * stride] = bench_uniform(&seed);
        m[i * stride] = 1.0f + 0.5f * bench_uniform(&seed); /* [0.5, 1.5) */
    }
}

// Checks 256 bodies spread over the set against a double-precision sum;
// body i's acceleration is (ax, ay, az)[i * stride].  Each term is good to
// a few ulps (rsqrtf is within 2 ulps on a GPU) and the float accumulation
// of 8192 terms drifts by about sqrt(8192) ulps of the terms' magnitude,
// ~1e-5 of it; the bound, 1e-4 of the sum of the terms' magnitudes, is far
// tighter than what one missing tile of 256 bodies would change (~2e-3 of
// it).
static int check(const float *x, const float *y, const float *z,
                 const float *m, const float *ax, const float *ay,
                 const float *az, int stride)
{
    for (int s = 0; s < 256; s++) {
        int i = (int)((s * 7919L) % N);
        double ref[3] = {0, 0, 0}, mag[3] = {0, 0, 0};
        for (int j = 0; j < N; j++) {
            double d[3] = {(double)x[j * stride] - x[i * stride],
                           (double)y[j * stride] - y[i * stride],
                           (double)z[j * stride] - z[i * stride]};
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + EPS2;
            double f = m[j * stride] / (r2 * sqrt(r2));
            for (int c = 0; c < 3; c++) {
                ref[c] += d[c] * f;
                mag[c] += fabs(d[c] * f);
            }
        }
        float got[3] = {ax[i * stride], ay[i * stride], az[i * stride]};
        for (int c = 0; c < 3; c++)
            if (fabs(got[c] - ref[c]) > 1e-4 * mag[c]) {
                fprintf(stderr, "nbody: acc[%d].%c = %g, expected %g\n", i,
                        "xyz"[c], got[c], ref[c]);
                return 0;
            }
    }
    return 1;
}

#endif
