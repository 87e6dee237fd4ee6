// address_recomputed.cu: loads and stores through addresses computed from
// the thread index by a chain of integer operations, read where the
// warp's addresses are not one run (a stride of two elements, part of the
// warp), which the CPU device computes again from the chain where it
// needs all 32, or lane by lane for an atomic or a gather through a
// loaded index; one chain's source is written again between the address
// and the access (inline PTX), so computing again there would be wrong.
// Each output is compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL address_recomputed\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 4096 };

// Every other element, and in blocks whose threads stop short, part of a
// warp: out[i] = in[2 i + 1] + in[2 i] for i < n; out[i + N] written at a
// stride of two as well.
__global__ void strided(const int *in, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        int a = in[2 * i + 1], b = in[2 * i];
        out[2 * i] = a + b;
        out[2 * i + 1] = a - b;
    }
}

// %w is computed from %i, %i is incremented, and only then is the address
// %w feeds read: the load must see the address of the old %i.
__global__ void overwritten(const int *in, int *out)
{
    int v, after;
    asm volatile("{\n\t"
                 ".reg .u32 %%i;\n\t"
                 ".reg .u64 %%w, %%a;\n\t"
                 "mov.u32 %%i, %%tid.x;\n\t"
                 "mul.wide.u32 %%w, %%i, 8;\n\t"
                 "add.u32 %%i, %%i, 1;\n\t"
                 "add.u64 %%a, %2, %%w;\n\t"
                 "ld.global.u32 %0, [%%a];\n\t"
                 "mov.u32 %1, %%i;\n\t"
                 "}"
                 : "=r"(v), "=r"(after)
                 : "l"(in));
    out[blockIdx.x * blockDim.x + threadIdx.x] = v * 10000 + after;
}

// An atomic's address from a loaded index (not affine) by the same
// steps, the index written again before the atomic: bins[in[i] % 64]
// counts each index once.
__global__ void counted(const int *in, unsigned *bins)
{
    int idx = in[blockIdx.x * blockDim.x + threadIdx.x] % 64;
    asm volatile("{\n\t"
                 ".reg .u32 %%i;\n\t"
                 ".reg .u64 %%w, %%a;\n\t"
                 "mov.u32 %%i, %0;\n\t"
                 "mul.wide.u32 %%w, %%i, 4;\n\t"
                 "add.u32 %%i, %%i, 1;\n\t"
                 "add.u64 %%a, %1, %%w;\n\t"
                 "red.global.add.u32 [%%a], 1;\n\t"
                 "}"
                 :
                 : "r"(idx), "l"(bins)
                 : "memory");
}

// A gather through a loaded index by the same steps: out[i] =
// in[in[i] % N], the index written again before the load.
__global__ void gathered(const int *in, int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x, v;
    int idx = in[i] % N;
    asm volatile("{\n\t"
                 ".reg .u32 %%i;\n\t"
                 ".reg .u64 %%w, %%a;\n\t"
                 "mov.u32 %%i, %1;\n\t"
                 "mul.wide.u32 %%w, %%i, 4;\n\t"
                 "add.u32 %%i, %%i, 1;\n\t"
                 "add.u64 %%a, %2, %%w;\n\t"
                 "ld.global.u32 %0, [%%a];\n\t"
                 "}"
                 : "=r"(v)
                 : "r"(idx), "l"(in));
    out[i] = v;
}

int main()
{
    int *in = (int *)malloc(2 * N * sizeof(int));
    int *out = (int *)malloc(2 * N * sizeof(int));
    for (int i = 0; i < 2 * N; i++)
        in[i] = (i * 37) % 1000;
    int *din, *dout;
    CHECK(cudaMalloc(&din, 2 * N * sizeof(int)));
    CHECK(cudaMalloc(&dout, 2 * N * sizeof(int)));
    CHECK(cudaMemcpy(din, in, 2 * N * sizeof(int), cudaMemcpyHostToDevice));
    int failures = 0;
    const int counts[] = {N, N - 7, 1000};
    for (int n : counts) {
        CHECK(cudaMemset(dout, 0, 2 * N * sizeof(int)));
        strided<<<(n + 127) / 128, 128>>>(din, dout, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, dout, 2 * N * sizeof(int), cudaMemcpyDeviceToHost));
        for (int i = 0; i < N; i++) {
            int a = in[2 * i + 1], b = in[2 * i];
            int e0 = i < n ? a + b : 0, e1 = i < n ? a - b : 0;
            if ((out[2 * i] != e0 || out[2 * i + 1] != e1) && failures++ < 5)
                printf("strided n=%d: out[%d..] = %d %d, expected %d %d\n",
                       n, 2 * i, out[2 * i], out[2 * i + 1], e0, e1);
        }
    }
    overwritten<<<4, 256>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, 1024 * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < 1024; i++) {
        int t = i % 256, expected = in[2 * t] * 10000 + t + 1;
        if (out[i] != expected && failures++ < 5)
            printf("overwritten: thread %d gave %d, expected %d\n", i, out[i],
                   expected);
    }
    gathered<<<N / 256, 256>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, N * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        if (out[i] != in[in[i] % N] && failures++ < 5)
            printf("gathered: out[%d] = %d, expected %d\n", i, out[i],
                   in[in[i] % N]);
    unsigned bins[64], expected_bins[64] = {0};
    CHECK(cudaMemset(dout, 0, sizeof bins));
    counted<<<N / 256, 256>>>(din, (unsigned *)dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(bins, dout, sizeof bins, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        expected_bins[in[i] % 64]++;
    for (int b = 0; b < 64; b++)
        if (bins[b] != expected_bins[b] && failures++ < 5)
            printf("counted: bin %d = %u, expected %u\n", b, bins[b],
                   expected_bins[b]);
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    free(in);
    free(out);
    if (failures) {
        printf("FAIL address_recomputed (%d mismatches)\n", failures);
        return 1;
    }
    printf("PASS address_recomputed\n");
    return 0;
}
