// half_atomics_ptx.cu: atomic adds on halves and pairs of halves, the PTX
// nvcc's atomicAdd(__half *), atomicAdd(__half2 *) and their bf16 forms
// emit (atom/red .add.noftz .f16, .f16x2, .bf16, .bf16x2), written as
// inline PTX so that every leg runs it.  256 threads add 1 (and 2 to the
// upper halves) in global and shared memory: the sums are exact, each
// atom returns a distinct old value, and the total of those is known.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdint>

enum { THREADS = 256 };

// out: [0] f16 sum, [1] f16x2 sums, [2] bf16 sum, [3] bf16x2 sums (red),
// [4] shared f16x2 sums; old: each thread's old f16 value's bits.
__global__ void add_halves(uint32_t *out, uint16_t *old)
{
    __shared__ uint32_t s;
    if (threadIdx.x == 0)
        s = 0;
    __syncthreads();
    unsigned short one = 0x3c00, before, bf_one = 0x3f80, bf_before;
    uint32_t two_one = 0x40003c00, bf_two_one = 0x40003f80, x2_before;
    uint16_t *h = (uint16_t *)&out[0];
    asm volatile("atom.global.add.noftz.f16 %0, [%1], %2;"
                 : "=h"(before) : "l"(h), "h"(one) : "memory");
    asm volatile("atom.global.add.noftz.f16x2 %0, [%1], %2;"
                 : "=r"(x2_before) : "l"(&out[1]), "r"(two_one) : "memory");
    asm volatile("atom.global.add.noftz.bf16 %0, [%1], %2;"
                 : "=h"(bf_before) : "l"((uint16_t *)&out[2]), "h"(bf_one)
                 : "memory");
    asm volatile("red.global.add.noftz.bf16x2 [%0], %1;"
                 :: "l"(&out[3]), "r"(bf_two_one) : "memory");
    asm volatile("red.shared.add.noftz.f16x2 [%0], %1;"
                 :: "r"((uint32_t)__cvta_generic_to_shared(&s)),
                    "r"(two_one) : "memory");
    __syncthreads();
    if (threadIdx.x == 0)
        out[4] = s;
    old[threadIdx.x] = before;
    (void)x2_before;
    (void)bf_before;
}

// A normal half or zero as a float.
static float half_value(uint16_t h)
{
    int e = (h >> 10) & 0x1f;
    float m = (float)(h & 0x3ff) / 1024.0f;
    float v = e ? (1.0f + m) * (float)(1 << e) / (float)(1 << 15) : 0.0f;
    return h >> 15 ? -v : v;
}

int main()
{
    uint32_t *d_out, out[5];
    uint16_t *d_old, old_bits[THREADS];
    float old[THREADS];
    cudaMalloc(&d_out, sizeof out);
    cudaMalloc(&d_old, sizeof old_bits);
    cudaMemset(d_out, 0, sizeof out);
    add_halves<<<1, THREADS>>>(d_out, d_old);
    cudaError_t err = cudaMemcpy(out, d_out, sizeof out,
                                 cudaMemcpyDeviceToHost);
    cudaMemcpy(old_bits, d_old, sizeof old_bits, cudaMemcpyDeviceToHost);
    for (int t = 0; t < THREADS; t++)
        old[t] = half_value(old_bits[t]);
    int bad = err != cudaSuccess;
    if (bad)
        printf("kernel: %s\n", cudaGetErrorString(err));
    // 256 = 0x5c00 in f16 and 0x4380 in bf16; 512 = 0x6000, 0x4400
    const uint32_t want[5] = {0x5c00, 0x60005c00, 0x4380, 0x44004380,
                              0x60005c00};
    const char *names[5] = {"atom.add.f16", "atom.add.f16x2",
                            "atom.add.bf16", "red.add.bf16x2",
                            "red.shared.add.f16x2"};
    for (int k = 0; k < 5 && !err; k++)
        if (out[k] != want[k] && bad++ < 10)
            printf("%s: 0x%08x, want 0x%08x\n", names[k], out[k], want[k]);
    // the old values are 0, 1, ..., 255, each once
    bool seen[THREADS] = {false};
    for (int t = 0; t < THREADS && !err; t++) {
        int v = (int)old[t];
        if (v < 0 || v >= THREADS || (float)v != old[t] || seen[v]) {
            if (bad++ < 10)
                printf("thread %d's old value %g repeats or is not a count\n",
                       t, old[t]);
        } else {
            seen[v] = true;
        }
    }
    printf("%s half_atomics_ptx\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
