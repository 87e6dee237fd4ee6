// bit_intrinsics.cu: __popc, __popcll, __ffs, __ffsll, __clz, __clzll and
// __brev, __brevll on edge values (0, 1, all ones, top bit) and a spread.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL bit_intrinsics\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void bits(const unsigned long long *in, long long *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    unsigned long long x = in[i];
    unsigned lo = (unsigned)x;
    long long *o = out + 8 * i;
    o[0] = __popc(lo);
    o[1] = __popcll(x);
    o[2] = __ffs((int)lo);
    o[3] = __ffsll((long long)x);
    o[4] = __clz((int)lo);
    o[5] = __clzll((long long)x);
    o[6] = __brev(lo);
    o[7] = (long long)__brevll(x);
}

static long long host_bit(int k, unsigned long long x)
{
    unsigned lo = (unsigned)x;
    long long r = 0;
    int b;
    switch (k) {
    case 0: for (b = 0; b < 32; b++) r += (lo >> b) & 1; return r;
    case 1: for (b = 0; b < 64; b++) r += (x >> b) & 1; return r;
    case 2: for (b = 0; b < 32; b++) if ((lo >> b) & 1) return b + 1;
            return 0;
    case 3: for (b = 0; b < 64; b++) if ((x >> b) & 1) return b + 1;
            return 0;
    case 4: for (b = 31; b >= 0; b--) if ((lo >> b) & 1) return 31 - b;
            return 32;
    case 5: for (b = 63; b >= 0; b--) if ((x >> b) & 1) return 63 - b;
            return 64;
    case 6: for (b = 0; b < 32; b++) r |= (long long)((lo >> b) & 1)
                                          << (31 - b);
            return r;
    default: {
        unsigned long long u = 0;
        for (b = 0; b < 64; b++)
            u |= ((x >> b) & 1ull) << (63 - b);
        return (long long)u;
    }
    }
}

int main()
{
    const int n = 100;
    unsigned long long in[n];
    long long out[8 * n];
    in[0] = 0; in[1] = 1; in[2] = ~0ull; in[3] = 1ull << 63;
    in[4] = 0x80000000ull; in[5] = 0x00000000ffffffffull;
    for (int i = 6; i < n; i++)
        in[i] = (0x9e3779b97f4a7c15ull * (i + 1)) >> (i % 40);
    unsigned long long *din;
    long long *dout;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    bits<<<2, 64>>>(din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 8; k++) {
            long long want = host_bit(k, in[i]);
            if (out[8 * i + k] != want && bad++ < 5)
                printf("x=%#llx op %d: %#llx, expected %#llx\n", in[i], k,
                       out[8 * i + k], want);
        }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL bit_intrinsics (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS bit_intrinsics\n");
    return 0;
}
