// nbody.cu: all-pairs gravitational acceleration for 8192 bodies, positions
// tiled through shared memory, one thread per body; the C reference is
// nbody_omp.c.
#include "bench.cuh"
#include <math.h>

#define N 8192
#define BLOCK 256
#define EPS2 0.01f /* softening: eps^2 keeps close pairs finite */

// Each step stages BLOCK bodies (x, y, z, mass) in shared memory and every
// thread of the block accumulates their pull on its own body.  A body's
// pull on itself is zero (dx = dy = dz = 0 with eps^2 > 0), so no test is
// needed.  n must be a multiple of BLOCK (it is).
__global__ void nbody(const float4 *pos, float4 *acc, int n)
{
    __shared__ float4 tile[BLOCK];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float4 p = pos[i];
    float ax = 0.0f, ay = 0.0f, az = 0.0f;
    for (int t = 0; t < n; t += BLOCK) {
        tile[threadIdx.x] = pos[t + threadIdx.x];
        __syncthreads();
        for (int j = 0; j < BLOCK; j++) {
            float4 q = tile[j];
            float dx = q.x - p.x, dy = q.y - p.y, dz = q.z - p.z;
            float inv = rsqrtf(dx * dx + dy * dy + dz * dz + EPS2);
            float s = q.w * inv * inv * inv;
            ax += dx * s;
            ay += dy * s;
            az += dz * s;
        }
        __syncthreads();
    }
    acc[i] = make_float4(ax, ay, az, 0.0f);
}

struct args {
    float4 *pos, *acc;
};

static void launch(void *p)
{
    struct args *x = (struct args *)p;
    nbody<<<N / BLOCK, BLOCK>>>(x->pos, x->acc, N);
}

// Checks 256 bodies spread over the set against a double-precision sum.
// Each term is good to a few ulps (rsqrtf is within 2 ulps on a GPU) and
// the float accumulation of 8192 terms drifts by about sqrt(8192) ulps of
// the terms' magnitude, ~1e-5 of it; the bound, 1e-4 of the sum of the
// terms' magnitudes, is far tighter than what one missing tile of 256
// bodies would change (~2e-3 of it).
static int check(const float4 *pos, const float4 *acc)
{
    for (int s = 0; s < 256; s++) {
        int i = (int)((s * 7919L) % N);
        double ref[3] = {0, 0, 0}, mag[3] = {0, 0, 0};
        for (int j = 0; j < N; j++) {
            double d[3] = {(double)pos[j].x - pos[i].x,
                           (double)pos[j].y - pos[i].y,
                           (double)pos[j].z - pos[i].z};
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + EPS2;
            double f = pos[j].w / (r2 * sqrt(r2));
            for (int c = 0; c < 3; c++) {
                ref[c] += d[c] * f;
                mag[c] += fabs(d[c] * f);
            }
        }
        float got[3] = {acc[i].x, acc[i].y, acc[i].z};
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
    size_t bytes = (size_t)N * sizeof(float4);
    float4 *pos = (float4 *)malloc(bytes), *acc = (float4 *)malloc(bytes);
    unsigned seed = 3;
    for (int i = 0; i < N; i++) {
        pos[i].x = bench_uniform(&seed);
        pos[i].y = bench_uniform(&seed);
        pos[i].z = bench_uniform(&seed);
        pos[i].w = 1.0f + 0.5f * bench_uniform(&seed); /* mass in [0.5, 1.5) */
    }
    struct args d;
    CHECK(cudaMalloc(&d.pos, bytes));
    CHECK(cudaMalloc(&d.acc, bytes));
    CHECK(cudaMemcpy(d.pos, pos, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(acc, d.acc, bytes, cudaMemcpyDeviceToHost));
    int bad = bench_report("nbody", ms, check(pos, acc));
    CHECK(cudaFree(d.pos));
    CHECK(cudaFree(d.acc));
    free(pos);
    free(acc);
    return bad;
}
