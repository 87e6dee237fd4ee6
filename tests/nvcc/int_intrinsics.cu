/* int_intrinsics.cu: integer intrinsics (__popc, __clz, __brev,
 * __byte_perm, __funnelshift_l, __umulhi, __ffs, __float_as_int), a
 * recursive __noinline__ device function and one returning a float4,
 * assert, a 2D grid, and float functions nvcc inlines (rsqrtf,
 * __fdividef, erff, sinpif, lgammaf, exp2f, cbrtf); run.sh also builds it
 * with -use_fast_math -lineinfo and with -G.  Checked against the host. */
#include <cassert>
#include <cmath>
#include <cstdio>

__device__ __noinline__ int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__device__ __noinline__ float4 quad(float a, int b)
{
    return make_float4(a, b, a * b, a - b);
}

__global__ void ops(unsigned *u, float *f, int n)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * gridDim.x * blockDim.x + x;
    if (i >= n)
        return;
    assert(i >= 0);
    unsigned v = i * 2654435761u;
    u[8 * i + 0] = __popc(v);
    u[8 * i + 1] = __clz(v);
    u[8 * i + 2] = __brev(v);
    u[8 * i + 3] = __byte_perm(v, i, 0x5140);
    u[8 * i + 4] = __funnelshift_l(v, i, i & 31);
    u[8 * i + 5] = fib(i % 12);
    u[8 * i + 6] = __umulhi(v, 0x9e3779b9u);
    u[8 * i + 7] = __ffs(v) + __float_as_int(1.0f);
    float4 q = quad(i * 0.5f, i);
    f[4 * i + 0] = rsqrtf(i + 1.0f) + __fdividef(q.x, q.y + 1.0f);
    f[4 * i + 1] = erff(i * 0.01f) + sinpif(i * 0.001f);
    f[4 * i + 2] = lgammaf(i * 0.1f + 1.0f);
    f[4 * i + 3] = fmaf(q.z, 0.5f, q.w) + exp2f(i * 0.01f) + cbrtf(i);
}

static unsigned brev(unsigned v)
{
    unsigned r = 0;
    for (int k = 0; k < 32; k++)
        r |= ((v >> k) & 1) << (31 - k);
    return r;
}

static int fib_host(int n) { return n < 2 ? n : fib_host(n - 1) + fib_host(n - 2); }

/* __byte_perm(v, i, 0x5140): bytes 0, 4, 1, 5 of the pair (i:v). */
static unsigned perm(unsigned v, unsigned i)
{
    unsigned char b[8];
    for (int k = 0; k < 4; k++) {
        b[k] = (unsigned char)(v >> (8 * k));
        b[4 + k] = (unsigned char)(i >> (8 * k));
    }
    return b[0] | b[4] << 8 | b[1] << 16 | (unsigned)b[5] << 24;
}

int main()
{
    const int n = 2048;
    unsigned *u;
    float *f;
    cudaMallocManaged(&u, n * 8 * sizeof(unsigned));
    cudaMallocManaged(&f, n * 4 * sizeof(float));
    ops<<<dim3(8, 2), 128>>>(u, f, n);
    cudaError_t err = cudaDeviceSynchronize();
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        unsigned v = i * 2654435761u;
        unsigned long long fs = ((unsigned long long)(unsigned)i << 32 | v)
                                << (i & 31);
        unsigned wu[8] = {
            (unsigned)__builtin_popcount(v),
            v ? (unsigned)__builtin_clz(v) : 32u,
            brev(v),
            perm(v, i),
            (unsigned)(fs >> 32),
            (unsigned)fib_host(i % 12),
            (unsigned)(((unsigned long long)v * 0x9e3779b9u) >> 32),
            (unsigned)(v ? __builtin_ffs(v) : 0) + 0x3f800000u,
        };
        float wf[4] = {
            1.0f / sqrtf(i + 1.0f) + (i * 0.5f) / (i + 1.0f),
            erff(i * 0.01f) + sinf(3.14159265f * i * 0.001f),
            lgammaf(i * 0.1f + 1.0f),
            (i * 0.5f * i) * 0.5f + (i * 0.5f - i) + exp2f(i * 0.01f) +
                cbrtf(i),
        };
        for (int k = 0; k < 8; k++)
            if (u[8 * i + k] != wu[k] && bad++ < 10)
                printf("i %d op %d: %u, want %u\n", i, k, u[8 * i + k],
                       wu[k]);
        for (int k = 0; k < 4; k++)
            if (fabsf(f[4 * i + k] - wf[k]) > 1e-4f * (1 + fabsf(wf[k])) &&
                bad++ < 10)
                printf("i %d fn %d: %g, want %g\n", i, k, f[4 * i + k],
                       wf[k]);
    }
    cudaFree(u);
    cudaFree(f);
    printf("%s\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
