// atomic_min_max.cu: atomicMin and atomicMax on signed and unsigned int
// and 64-bit values, where signed and unsigned orders disagree.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_min_max\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct MinMax {
    int smin, smax;
    unsigned umin, umax;
    long long lmin, lmax;
    unsigned long long ulmax;
};

__global__ void minmax(const int *in, MinMax *m)
{
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int v = in[g];
    atomicMin(&m->smin, v);
    atomicMax(&m->smax, v);
    atomicMin(&m->umin, (unsigned)v);
    atomicMax(&m->umax, (unsigned)v);
    atomicMin(&m->lmin, (long long)v * 1000000);
    atomicMax(&m->lmax, (long long)v * 1000000);
    atomicMax(&m->ulmax, (unsigned long long)(long long)v);
}

int main()
{
    const int n = 1024;
    int in[n];
    for (int i = 0; i < n; i++)
        in[i] = (int)((i * 2654435761u) >> 3) - (1 << 28);
    MinMax init = { 0x7fffffff, (int)0x80000000, 0xffffffffu, 0,
                    0x7fffffffffffffffll, (long long)0x8000000000000000ull,
                    0 };
    MinMax want = init, got;
    for (int i = 0; i < n; i++) {
        int v = in[i];
        long long l = (long long)v * 1000000;
        if (v < want.smin) want.smin = v;
        if (v > want.smax) want.smax = v;
        if ((unsigned)v < want.umin) want.umin = (unsigned)v;
        if ((unsigned)v > want.umax) want.umax = (unsigned)v;
        if (l < want.lmin) want.lmin = l;
        if (l > want.lmax) want.lmax = l;
        if ((unsigned long long)(long long)v > want.ulmax)
            want.ulmax = (unsigned long long)(long long)v;
    }
    int *din;
    MinMax *dm;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dm, sizeof(MinMax)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dm, &init, sizeof(MinMax), cudaMemcpyHostToDevice));
    minmax<<<n / 256, 256>>>(din, dm);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&got, dm, sizeof(MinMax), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(din));
    CHECK(cudaFree(dm));
    if (got.smin != want.smin || got.smax != want.smax ||
        got.umin != want.umin || got.umax != want.umax ||
        got.lmin != want.lmin || got.lmax != want.lmax ||
        got.ulmax != want.ulmax) {
        printf("got  %d %d %u %u %lld %lld %llu\n", got.smin, got.smax,
               got.umin, got.umax, got.lmin, got.lmax, got.ulmax);
        printf("want %d %d %u %u %lld %lld %llu\n", want.smin, want.smax,
               want.umin, want.umax, want.lmin, want.lmax, want.ulmax);
        printf("FAIL atomic_min_max\n");
        return 1;
    }
    printf("PASS atomic_min_max\n");
    return 0;
}
