// nbody.cu: all-pairs gravitational acceleration for 8192 bodies, positions
// tiled through shared memory, one thread per body; the C reference is
// nbody_omp.c.
#include "bench.cuh"
#include "nbody.h"
#include <math.h>

#define BLOCK 256

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

int main(void)
{
    size_t bytes = (size_t)N * sizeof(float4);
    float4 *pos = (float4 *)malloc(bytes), *acc = (float4 *)malloc(bytes);
    float *p = (float *)pos, *a = (float *)acc; /* x, y, z, w, x, ... */
    fill(p, p + 1, p + 2, p + 3, 4);
    struct args d;
    CHECK(cudaMalloc(&d.pos, bytes));
    CHECK(cudaMalloc(&d.acc, bytes));
    CHECK(cudaMemcpy(d.pos, pos, bytes, cudaMemcpyHostToDevice));
    float ms = bench_time(launch, &d);
    CHECK(cudaMemcpy(acc, d.acc, bytes, cudaMemcpyDeviceToHost));
    int ok = check(p, p + 1, p + 2, p + 3, a, a + 1, a + 2, 4);
    int bad = bench_report("nbody", ms, ok);
    CHECK(cudaFree(d.pos));
    CHECK(cudaFree(d.acc));
    free(pos);
    free(acc);
    return bad;
}
