/* atomics.cu: the atomic functions nvcc lowers to atom/red (add on int,
 * float and double, min, max, CAS, exch, inc, and, or, xor), checked
 * against the host. */
#include <cstdio>

struct acc {
    int add, min, max, cas_count, exch_seen, inc, and_, or_, xor_;
    float fadd;
    double dadd;
};

__global__ void hit(acc *a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    atomicAdd(&a->add, i);
    atomicMin(&a->min, 1000 - i);
    atomicMax(&a->max, i * 3);
    atomicAdd(&a->fadd, 0.5f);
    atomicAdd(&a->dadd, 0.25);
    atomicInc((unsigned *)&a->inc, 1u << 30);
    atomicAnd(&a->and_, ~(1 << (i % 31)));
    atomicOr(&a->or_, 1 << (i % 31));
    atomicXor(&a->xor_, i);
    atomicExch(&a->exch_seen, 1);
    int old = a->cas_count, seen;
    while ((seen = atomicCAS(&a->cas_count, old, old + 2)) != old)
        old = seen;
}

int main()
{
    const int n = 1000;
    acc h = {0, 1 << 30, -1, 0, 0, 0, -1, 0, 0, 0.0f, 0.0};
    acc *d;
    cudaMalloc(&d, sizeof h);
    cudaMemcpy(d, &h, sizeof h, cudaMemcpyHostToDevice);
    hit<<<(n + 127) / 128, 128>>>(d, n);
    cudaError_t err = cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    int x = 0;
    for (int i = 0; i < n; i++)
        x ^= i;
    bool ok = h.add == n * (n - 1) / 2 && h.min == 1000 - (n - 1) &&
              h.max == (n - 1) * 3 && h.fadd == 0.5f * n &&
              h.dadd == 0.25 * n && h.inc == n && h.and_ == (int)(1u << 31) &&
              h.or_ == 0x7fffffff && h.xor_ == x && h.exch_seen == 1 &&
              h.cas_count == 2 * n;
    if (!ok) {
        printf("FAIL add %d min %d max %d fadd %g dadd %g inc %d and %x "
               "or %x xor %d exch %d cas %d\n", h.add, h.min, h.max, h.fadd,
               h.dadd, h.inc, h.and_, h.or_, h.xor_, h.exch_seen,
               h.cas_count);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
