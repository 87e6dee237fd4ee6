// nbody.cu: all-pairs gravitational n-body with shared-memory tiles; shows
// barriers and dynamic shared memory at work, and checks energy drift.
#include <cuda_runtime.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 4096
#define BLOCK 128
#define STEPS 10
#define DT 0.001f
#define EPS2 0.01f

#define CHECK(call)                                                       \
    do {                                                                  \
        cudaError_t err_ = (call);                                        \
        if (err_ != cudaSuccess) {                                        \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, \
                    cudaGetErrorString(err_));                            \
            exit(1);                                                      \
        }                                                                 \
    } while (0)

// pos.w holds the mass.  Each block walks all bodies in tiles of
// blockDim.x, staged through shared memory so each body is read from
// global memory once per block rather than once per thread.
__global__ void accel(const float4 *pos, float4 *acc, int n)
{
    extern __shared__ float4 tile[];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float4 p = pos[i < n ? i : 0];
    float ax = 0.0f, ay = 0.0f, az = 0.0f;
    for (int base = 0; base < n; base += blockDim.x) {
        int j = base + threadIdx.x;
        // Past the end, a massless body adds nothing to the sum.
        tile[threadIdx.x] = j < n ? pos[j] : make_float4(0, 0, 0, 0);
        __syncthreads();
        for (int k = 0; k < blockDim.x; k++) {
            float4 q = tile[k];
            float dx = q.x - p.x, dy = q.y - p.y, dz = q.z - p.z;
            float inv = rsqrtf(dx * dx + dy * dy + dz * dz + EPS2);
            float s = q.w * inv * inv * inv;
            ax += dx * s;
            ay += dy * s;
            az += dz * s;
        }
        __syncthreads();
    }
    if (i < n)
        acc[i] = make_float4(ax, ay, az, 0.0f);
}

// Semi-implicit Euler: velocity first, then position, which keeps the
// energy error bounded instead of growing each step.
__global__ void integrate(float4 *pos, float4 *vel, const float4 *acc, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float4 v = vel[i], p = pos[i], a = acc[i];
    v.x += a.x * DT;
    v.y += a.y * DT;
    v.z += a.z * DT;
    p.x += v.x * DT;
    p.y += v.y * DT;
    p.z += v.z * DT;
    vel[i] = v;
    pos[i] = p;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// A fixed generator, so every run and every device starts alike.
static float uniform(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return (*state >> 8) / 16777216.0f * 2.0f - 1.0f;
}

static void init(float4 *pos, float4 *vel)
{
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        pos[i] = make_float4(uniform(&seed), uniform(&seed), uniform(&seed),
                             1.0f / N);
        vel[i] = make_float4(0.1f * uniform(&seed), 0.1f * uniform(&seed),
                             0.1f * uniform(&seed), 0.0f);
    }
}

// Total energy in double on the host, with the same softening as the
// kernel, so the drift measures the integration and not the check.
static double energy(const float4 *pos, const float4 *vel)
{
    double e = 0.0;
    for (int i = 0; i < N; i++) {
        const float4 *v = &vel[i];
        e += 0.5 * pos[i].w * (v->x * v->x + v->y * v->y + v->z * v->z);
        for (int j = i + 1; j < N; j++) {
            double dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y;
            double dz = pos[j].z - pos[i].z;
            e -= pos[i].w * pos[j].w / sqrt(dx * dx + dy * dy + dz * dz +
                                            EPS2);
        }
    }
    return e;
}

static void step(float4 *d_pos, float4 *d_vel, float4 *d_acc)
{
    int grid = (N + BLOCK - 1) / BLOCK;
    accel<<<grid, BLOCK, BLOCK * sizeof(float4)>>>(d_pos, d_acc, N);
    integrate<<<grid, BLOCK>>>(d_pos, d_vel, d_acc, N);
}

// The first step includes compiling the kernels for this machine (cached
// on disk afterwards), so it is timed apart from the others.
static void simulate(float4 *d_pos, float4 *d_vel, float4 *d_acc,
                     float *first_ms, float *rest_ms)
{
    cudaEvent_t ev[3];
    for (int e = 0; e < 3; e++)
        CHECK(cudaEventCreate(&ev[e]));
    CHECK(cudaEventRecord(ev[0]));
    step(d_pos, d_vel, d_acc);
    CHECK(cudaEventRecord(ev[1]));
    for (int s = 1; s < STEPS; s++)
        step(d_pos, d_vel, d_acc);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(ev[2]));
    CHECK(cudaEventSynchronize(ev[2]));
    CHECK(cudaEventElapsedTime(first_ms, ev[0], ev[1]));
    CHECK(cudaEventElapsedTime(rest_ms, ev[1], ev[2]));
    for (int e = 0; e < 3; e++)
        CHECK(cudaEventDestroy(ev[e]));
}

int main(void)
{
    double t0 = now_ms();
    size_t bytes = N * sizeof(float4);
    float4 *pos = (float4 *)malloc(bytes), *vel = (float4 *)malloc(bytes);
    float4 *d_pos, *d_vel, *d_acc;
    init(pos, vel);
    double e0 = energy(pos, vel);
    CHECK(cudaMalloc(&d_pos, bytes));
    CHECK(cudaMalloc(&d_vel, bytes));
    CHECK(cudaMalloc(&d_acc, bytes));
    CHECK(cudaMemcpy(d_pos, pos, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_vel, vel, bytes, cudaMemcpyHostToDevice));
    float first_ms, rest_ms;
    simulate(d_pos, d_vel, d_acc, &first_ms, &rest_ms);
    CHECK(cudaMemcpy(pos, d_pos, bytes, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(vel, d_vel, bytes, cudaMemcpyDeviceToHost));
    double e1 = energy(pos, vel), drift = fabs((e1 - e0) / e0);

    printf("nbody: %d bodies, %d steps\n", N, STEPS);
    printf("energy: %.6f -> %.6f, relative drift %.2e\n", e0, e1, drift);
    printf("first step: %.2f ms (includes the kernels' compile)\n",
           first_ms);
    printf("other %d steps: %.2f ms, %.1f M interactions/s\n", STEPS - 1,
           rest_ms, (double)N * N * (STEPS - 1) / (rest_ms * 1e3));
    printf("total: %.2f ms\n", now_ms() - t0);
    CHECK(cudaFree(d_pos));
    CHECK(cudaFree(d_vel));
    CHECK(cudaFree(d_acc));
    free(pos);
    free(vel);
    if (!(drift < 1e-3)) {
        fprintf(stderr, "error: energy drift %.2e is too large\n", drift);
        return 1;
    }
    return 0;
}
