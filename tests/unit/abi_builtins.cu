// abi_builtins.cu: uses each device built-in cux's headers provide, so
// abi_headers.sh can check that each compiles to the expected PTX.
#include <cuda_runtime.h>
#include <math_constants.h>
#include <cstdio>
#include <cassert>

__constant__ float c_scale[4];
__device__ int d_counter;

__device__ __noinline__ int helper(int v) { return v * 3; }

__global__ void __launch_bounds__(256) atomics(float *f, double *d, int *i,
                                               unsigned *u,
                                               unsigned long long *ull,
                                               long long *ll)
{
    atomicAdd(f, 1.0f);
    atomicAdd(d, 2.0);
    atomicAdd(i, 1);
    atomicAdd(u, 1u);
    atomicAdd(ull, 1ull);
    atomicSub(i, 3);
    atomicSub(u, 3u);
    atomicExch(i, 4);
    atomicExch(f, 4.0f);
    atomicExch(ull, 4ull);
    atomicMin(i, 5);
    atomicMin(u, 5u);
    atomicMin(ll, 5ll);
    atomicMax(ull, 6ull);
    atomicMax(ll, 6ll);
    atomicInc(u, 7u);
    atomicDec(u, 7u);
    atomicCAS(i, 1, 2);
    atomicCAS(ull, 1ull, 2ull);
    atomicAnd(i, 1);
    atomicOr(u, 2u);
    atomicXor(ull, 3ull);
    atomicAdd_block(f, 1.0f);
    atomicAdd_system(i, 1);
    atomicCAS_block(u, 1u, 2u);
    atomicMax_system(u, 1u);
}

__global__ void warps(int *out, const int *__restrict__ in)
{
    __shared__ int s[64];
    int t = threadIdx.x + blockIdx.x * blockDim.x;
    s[threadIdx.x] = in[t];
    __syncthreads();
    int v = __shfl_sync(0xffffffffu, t, 0);
    v += __shfl_down_sync(0xffffffffu, v, 1);
    v += __shfl_up_sync(0xffffffffu, v, 1);
    v += __shfl_xor_sync(0xffffffffu, v, 1);
    v += __ballot_sync(0xffffffffu, v > 0);
    v += __all_sync(0xffffffffu, v > 0) + __any_sync(0xffffffffu, v > 0);
    v += __activemask();
    v += __match_any_sync(0xffffffffu, v);
    v += __syncthreads_count(v > 3) + __syncthreads_and(v) +
         __syncthreads_or(v);
    __syncwarp();
    __threadfence();
    __threadfence_block();
    __threadfence_system();
    v += __popc(v) + __popcll(v) + __ffs(v) + __ffsll(v) + __clz(v) +
         __clzll(v) + __brev(v) + (int)__brevll(v);
    v += __byte_perm(v, t, 0x3210) + __funnelshift_l(v, t, 3) +
         __funnelshift_r(v, t, 3);
    v += __float_as_int(1.0f) + (int)__int_as_float(v) +
         (int)__double_as_longlong(1.0) + (int)__longlong_as_double(3) +
         (int)__uint_as_float(2u) + (int)__float_as_uint(2.0f);
    v += __ldg(in) + (int)clock() + (int)clock64();
    v += __dp4a(v, t, 1) + __isShared(s) + helper(v) + (int)c_scale[1];
    v += (int)__cvta_generic_to_shared(s);
    __nanosleep(100);
    out[t] = v + s[63 - threadIdx.x] + warpSize;
}

__global__ void misc(float *f, int *i)
{
    int t = threadIdx.x;
    printf("thread %d of %d\n", t, blockDim.x);
    assert(t < 1024);
    int *p = (int *)malloc(16);
    p[0] = t;
    i[t] = p[0];
    free(p);
    dim3 b = blockDim;
    uint3 ti = threadIdx;
    float4 q = make_float4(1.0f, 2.0f, 3.0f, 4.0f);
    i[0] += b.x + ti.y + gridDim.x + blockIdx.y;
    f[t] = sinf(f[t]) + sqrtf(q.w) + expf(1.0f) + __expf(f[t]) +
           CUDART_PI_F + rsqrtf(2.0f) + __fdividef(1.0f, 3.0f);
    f[t] += (float)(sin(1.0) + pow(2.0, 0.5) + fma(1.0, 2.0, 3.0));
    atomicAdd(&d_counter, 1);
}

__global__ void surfaces(cudaSurfaceObject_t s, int x)
{
    uchar4 c = surf2Dread<uchar4>(s, x, 1, cudaBoundaryModeZero);
    surf3Dwrite(c.x * 1.0f, s, x, 1, 2);
    longlong2 v;
    surf2DLayeredread(&v, s, x, 0, 3, cudaBoundaryModeClamp);
    surf1DLayeredwrite(v.x, s, x, 2);
}

int main()
{
    float *f;
    int *i;
    cudaMalloc(&f, 1024 * sizeof(float));
    cudaMalloc(&i, 1024 * sizeof(int));
    misc<<<1, 32>>>(f, i);
    surfaces<<<1, 32>>>(0, 4);
    warps<<<dim3(2), dim3(32), 0, 0>>>(i, i);
    cudaDeviceSynchronize();
    float host[4] = {1, 2, 3, 4};
    cudaMemcpyToSymbol(c_scale, host, sizeof host);
    std::printf("%s\n", cudaGetErrorString(cudaGetLastError()));
    return 0;
}
