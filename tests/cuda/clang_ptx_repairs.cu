// clang_ptx_repairs.cu: what clang's NVPTX back end gets wrong and cuxcc
// repairs: `(x >> c) & mask` on signed values (a zero-filling bfe) and
// 64-bit rotates by amounts of 64 or more (an unmasked shift pair); a bfe
// written in inline asm keeps the ISA's zero fill.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL clang_ptx_repairs\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { THREADS = 64, PER_THREAD = 10 };

// Rotate idioms that clang recognises; the amount's mask has one use.
__host__ __device__ unsigned long long rotl(unsigned long long u, int r)
{
    return (u << (r & 63)) | (u >> ((64 - r) & 63));
}

__host__ __device__ unsigned long long rotr(unsigned long long u, int r)
{
    return (u >> (r & 63)) | (u << ((64 - r) & 63));
}

// The shift counts and masks are constants, as in CRC and GF(2) code.
__host__ __device__ void fields(long long x, int y, unsigned long long *out)
{
    out[0] = (unsigned long long)((x >> 63) & 7);
    out[1] = (unsigned long long)((x >> 62) & 0xff);
    out[2] = (unsigned long long)((x >> 40) & 0xffffffffll);
    out[3] = (unsigned long long)(x < 0 ? 0x87 : 0);
    out[4] = (unsigned)((y >> 31) & 7);
    out[5] = (unsigned)((y >> 28) & 0x3ff);
    out[6] = (unsigned)(y < 0 ? 0x1d : 0);
    out[7] = (unsigned long long)((x >> 8) & 0xffff);
    // Rotates by a run-time amount, which may be 64 or more.
    out[8] = rotl((unsigned long long)x, y & 255);
    out[9] = rotr((unsigned long long)x, (y >> 8) & 255);
}

__global__ void run_fields(const long long *xs, unsigned long long *out,
                           unsigned long long *asm_out)
{
    int t = threadIdx.x;
    fields(xs[t], (int)(xs[t] >> 17), out + t * PER_THREAD);
    // Written by hand, bfe.u64 fills past bit 63 with zeros: 1, not 7.
    unsigned long long field;
    asm("bfe.u64 %0, %1, 63, 3;" : "=l"(field) : "l"(xs[t]));
    asm_out[t] = field;
}

int main()
{
    long long xs[THREADS];
    unsigned long long seed = 0x9e3779b97f4a7c15ull;
    for (int t = 0; t < THREADS; t++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        xs[t] = (long long)(t % 2 ? seed | (1ull << 63) : seed >> 1);
    }
    long long *d_xs;
    unsigned long long *d_out, *d_asm;
    CHECK(cudaMalloc(&d_xs, sizeof xs));
    CHECK(cudaMalloc(&d_out, THREADS * PER_THREAD * sizeof *d_out));
    CHECK(cudaMalloc(&d_asm, THREADS * sizeof *d_asm));
    CHECK(cudaMemcpy(d_xs, xs, sizeof xs, cudaMemcpyHostToDevice));
    run_fields<<<1, THREADS>>>(d_xs, d_out, d_asm);
    CHECK(cudaGetLastError());
    unsigned long long out[THREADS * PER_THREAD], asm_out[THREADS];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(asm_out, d_asm, sizeof asm_out, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < THREADS; t++) {
        unsigned long long want[PER_THREAD];
        fields(xs[t], (int)(xs[t] >> 17), want);
        for (int i = 0; i < PER_THREAD; i++)
            if (out[t * PER_THREAD + i] != want[i] && bad++ < 5)
                printf("thread %d field %d: got %llx, want %llx\n", t, i,
                       out[t * PER_THREAD + i], want[i]);
        unsigned long long asm_want = (unsigned long long)xs[t] >> 63;
        if (asm_out[t] != asm_want && bad++ < 5)
            printf("thread %d inline bfe.u64: got %llx, want %llx\n", t,
                   asm_out[t], asm_want);
    }
    printf("%s clang_ptx_repairs\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
