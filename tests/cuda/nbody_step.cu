// nbody_step.cu: one step of an all-pairs gravity simulation, bodies
// staged through shared memory in tiles, checked against the host in
// double precision with a float tolerance.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cmath>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL nbody_step\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define TILE 64
#define EPS2 0.01f
#define DT 0.01f

__global__ void step(const float4 *pos, float4 *vel, float4 *npos, int n)
{
    __shared__ float4 tile[TILE];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float4 p = i < n ? pos[i] : make_float4(0, 0, 0, 0);
    float ax = 0, ay = 0, az = 0;
    for (int base = 0; base < n; base += TILE) {
        int j = base + threadIdx.x;
        tile[threadIdx.x] = j < n ? pos[j] : make_float4(0, 0, 0, 0);
        __syncthreads();
        for (int k = 0; k < TILE && base + k < n; k++) {
            float4 q = tile[k];
            float dx = q.x - p.x, dy = q.y - p.y, dz = q.z - p.z;
            float r2 = dx * dx + dy * dy + dz * dz + EPS2;
            float inv = rsqrtf(r2);
            float s = q.w * inv * inv * inv;   // q.w is the mass
            ax += dx * s;
            ay += dy * s;
            az += dz * s;
        }
        __syncthreads();
    }
    if (i < n) {
        float4 v = vel[i];
        v.x += ax * DT; v.y += ay * DT; v.z += az * DT;
        vel[i] = v;
        npos[i] = make_float4(p.x + v.x * DT, p.y + v.y * DT,
                              p.z + v.z * DT, p.w);
    }
}

int main()
{
    const int n = 300;
    float4 pos[n], vel[n], npos[n];
    for (int i = 0; i < n; i++) {
        pos[i] = make_float4(sinf(i * 1.3f) * 5, cosf(i * 0.7f) * 5,
                             (i % 11) - 5.0f, 1.0f + (i % 3));
        vel[i] = make_float4(0.1f * (i % 5), -0.05f * (i % 7), 0, 0);
    }
    float4 *dp, *dv, *dn;
    CHECK(cudaMalloc(&dp, sizeof(pos)));
    CHECK(cudaMalloc(&dv, sizeof(vel)));
    CHECK(cudaMalloc(&dn, sizeof(npos)));
    CHECK(cudaMemcpy(dp, pos, sizeof(pos), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dv, vel, sizeof(vel), cudaMemcpyHostToDevice));
    step<<<(n + TILE - 1) / TILE, TILE>>>(dp, dv, dn, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(npos, dn, sizeof(npos), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        double a[3] = { 0, 0, 0 };
        for (int j = 0; j < n; j++) {
            double d[3] = { pos[j].x - pos[i].x, pos[j].y - pos[i].y,
                            pos[j].z - pos[i].z };
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + EPS2;
            double s = pos[j].w / (r2 * sqrt(r2));
            for (int c = 0; c < 3; c++)
                a[c] += d[c] * s;
        }
        double v[3] = { vel[i].x + a[0] * DT, vel[i].y + a[1] * DT,
                        vel[i].z + a[2] * DT };
        double want[3] = { pos[i].x + v[0] * DT, pos[i].y + v[1] * DT,
                           pos[i].z + v[2] * DT };
        float got[3] = { npos[i].x, npos[i].y, npos[i].z };
        for (int c = 0; c < 3; c++)
            if (fabs(got[c] - want[c]) > 1e-4 * fmax(1.0, fabs(want[c])) &&
                bad++ < 5)
                printf("body %d axis %d: %.7g, expected %.7g\n", i, c,
                       got[c], want[c]);
    }
    CHECK(cudaFree(dp));
    CHECK(cudaFree(dv));
    CHECK(cudaFree(dn));
    if (bad) {
        printf("FAIL nbody_step\n");
        return 1;
    }
    printf("PASS nbody_step\n");
    return 0;
}
