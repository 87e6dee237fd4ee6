// atomic_cas_float_max.cu: a lock-free float maximum built from atomicCAS
// on the value's bits, plus a 64-bit CAS counter and a CAS-claimed slot.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_cas_float_max\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ float atomic_max_float(float *addr, float v)
{
    int *p = (int *)addr;
    int old = *p, assumed;
    do {
        assumed = old;
        if (__int_as_float(assumed) >= v)
            break;
        old = atomicCAS(p, assumed, __float_as_int(v));
    } while (old != assumed);
    return __int_as_float(old);
}

__device__ void add64_cas(unsigned long long *addr, unsigned long long v)
{
    unsigned long long old = *addr, assumed;
    do {
        assumed = old;
        old = atomicCAS(addr, assumed, assumed + v);
    } while (old != assumed);
}

__global__ void cas(const float *in, float *mx, unsigned long long *sum,
                    int *slot, int *winners)
{
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    atomic_max_float(mx, in[g]);
    add64_cas(sum, (unsigned long long)g << 20);
    // Only the first thread to see -1 claims the slot.
    if (atomicCAS(slot, -1, g) == -1)
        atomicAdd(winners, 1);
}

int main()
{
    const int n = 2048;
    float in[n], want = -1e30f;
    for (int i = 0; i < n; i++) {
        in[i] = ((i * 7919) % 4093) * 0.37f - 700.0f;
        if (in[i] > want)
            want = in[i];
    }
    float init = -1e30f, got;
    unsigned long long zero = 0, sum, wsum = 0;
    for (int i = 0; i < n; i++)
        wsum += (unsigned long long)i << 20;
    int ints[2] = { -1, 0 };
    float *din, *dmx;
    unsigned long long *dsum;
    int *dints;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dmx, sizeof(float)));
    CHECK(cudaMalloc(&dsum, sizeof(zero)));
    CHECK(cudaMalloc(&dints, sizeof(ints)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dmx, &init, sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dsum, &zero, sizeof(zero), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dints, ints, sizeof(ints), cudaMemcpyHostToDevice));
    cas<<<n / 128, 128>>>(din, dmx, dsum, dints, dints + 1);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&got, dmx, sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&sum, dsum, sizeof(sum), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(ints, dints, sizeof(ints), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(din));
    CHECK(cudaFree(dmx));
    CHECK(cudaFree(dsum));
    CHECK(cudaFree(dints));
    if (got != want || sum != wsum || ints[0] < 0 || ints[0] >= n ||
        ints[1] != 1) {
        printf("max %g (want %g) sum %llu (want %llu) slot %d winners %d\n",
               got, want, sum, wsum, ints[0], ints[1]);
        printf("FAIL atomic_cas_float_max\n");
        return 1;
    }
    printf("PASS atomic_cas_float_max\n");
    return 0;
}
