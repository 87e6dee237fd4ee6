// uniform_values.cu: values that are the same in every thread of a warp
// (kernel parameters, block indices, loads from one address, arithmetic on
// them), which cux keeps as one scalar per warp: their bits survive
// exactly (-0.0, NaN payloads), narrow and wide integers keep their sign,
// PTX's shift clamping holds, and a uniform value written where only
// some threads run is seen only by those threads.  Blocks of 100 threads,
// so the last warp is partial.  Each result is checked against the host.
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL uniform_values\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { BLOCKS = 3, THREADS = 100, N = BLOCKS * THREADS, OUTS = 16 };

struct params {
    float negative_zero, nan_payload, to_int, two;
    double negative_zero_d;
    signed char small_signed;
    unsigned char small_unsigned;
    int negative, limit;
    unsigned shift;
};

__global__ void uniform_kernel(params p, const float *table, uint64_t *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    uint64_t *o = out + (size_t)t * OUTS;
    uint32_t bits;
    // As floats: a sign or payload lost on the way in would show.
    float product = p.negative_zero * p.two, magnitude = fabsf(p.nan_payload);
    memcpy(&bits, &product, 4);
    o[0] = bits;
    memcpy(&bits, &magnitude, 4);
    o[1] = bits;
    uint64_t wide;
    memcpy(&wide, &p.negative_zero_d, 8);
    o[2] = wide;
    o[3] = (uint64_t)(int64_t)(p.small_signed * 3);
    o[4] = (uint64_t)(p.small_unsigned * 3u);
    o[5] = (uint64_t)((long long)p.negative * 1000000007LL);
    o[6] = (uint64_t)(int64_t)(int)p.to_int;
    o[7] = (uint64_t)(int64_t)__float2int_rn(p.to_int);
    // PTX clamps shift amounts of the width or more.
    uint32_t shl, shr;
    int32_t sar;
    asm("shl.b32 %0, %1, %2;" : "=r"(shl) : "r"(0x12345678u), "r"(p.shift));
    asm("shr.u32 %0, %1, %2;" : "=r"(shr) : "r"(0x87654321u), "r"(p.shift));
    asm("shr.s32 %0, %1, %2;" : "=r"(sar) : "r"(p.negative), "r"(p.shift));
    o[8] = shl;
    o[9] = shr;
    o[10] = (uint64_t)(int64_t)sar;
    // A uniform choice and a load from a uniform address.
    int pick = p.limit > 5 ? p.negative : p.limit;
    o[11] = (uint64_t)(int64_t)pick;
    float first = table[blockIdx.x];
    // Written only by the odd threads; the even ones keep theirs.
    float v = first;
    if (t & 1)
        v = table[BLOCKS + blockIdx.x];
    memcpy(&bits, &v, 4);
    o[12] = bits;
    // A uniform value computed inside a branch only some threads take.
    o[13] = 0;
    if (t % 3 == 0) {
        float w = table[2 * BLOCKS] * (float)blockIdx.x;
        memcpy(&bits, &w, 4);
        o[13] = bits;
    }
    // A loop with a different trip count per thread: the last value each
    // thread loaded is its own.
    float last = -1.0f;
    for (int i = 0; i <= t % 5; i++)
        last = table[i];
    memcpy(&bits, &last, 4);
    o[14] = bits;
    if (threadIdx.x >= (unsigned)p.limit)
        return;
    // After some threads left: uniform arithmetic for the rest.
    o[15] = (uint64_t)(blockIdx.x * 1000u + gridDim.x * 10u + blockDim.x);
}

static uint64_t float_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

int main()
{
    params p;
    memset(&p, 0, sizeof p);
    p.negative_zero = -0.0f;
    uint32_t nan_bits = 0x7fc12345u;
    memcpy(&p.nan_payload, &nan_bits, 4);
    p.to_int = -3.5f;
    p.two = 2.0f;
    p.negative_zero_d = -0.0;
    p.small_signed = -5;
    p.small_unsigned = 250;
    p.negative = -7;
    p.limit = 70;
    p.shift = 40;
    float table[3 * BLOCKS];
    for (int i = 0; i < 3 * BLOCKS; i++)
        table[i] = 1.5f + (float)i;
    float *d_table;
    uint64_t *d_out;
    CHECK(cudaMalloc(&d_table, sizeof table));
    CHECK(cudaMalloc(&d_out, sizeof(uint64_t) * N * OUTS));
    CHECK(cudaMemcpy(d_table, table, sizeof table, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d_out, 0xee, sizeof(uint64_t) * N * OUTS));
    uniform_kernel<<<BLOCKS, THREADS>>>(p, d_table, d_out);
    CHECK(cudaGetLastError());
    static uint64_t out[N * OUTS];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int t = 0; t < N; t++) {
        unsigned block = (unsigned)t / THREADS, thread = (unsigned)t % THREADS;
        uint64_t want[OUTS] = {
            0x80000000u, 0x7fc12345u, 0x8000000000000000ull,
            (uint64_t)(int64_t)-15, 750, (uint64_t)(-7LL * 1000000007LL),
            (uint64_t)(int64_t)-3, (uint64_t)(int64_t)-4, 0, 0,
            (uint64_t)(int64_t)-1, (uint64_t)(int64_t)-7,
            float_bits(table[(t & 1 ? BLOCKS : 0) + block]),
            t % 3 == 0 ? float_bits(table[2 * BLOCKS] * (float)block) : 0,
            float_bits(table[t % 5]),
            thread < (unsigned)p.limit ? block * 1000u + BLOCKS * 10u + THREADS
                                       : 0xeeeeeeeeeeeeeeeeull};
        for (int k = 0; k < OUTS; k++)
            if (out[t * OUTS + k] != want[k] && bad++ < 10)
                printf("thread %d result %d: got %llx, want %llx\n", t, k,
                       (unsigned long long)out[t * OUTS + k],
                       (unsigned long long)want[k]);
    }
    CHECK(cudaFree(d_table));
    CHECK(cudaFree(d_out));
    if (bad) {
        printf("FAIL uniform_values\n");
        return 1;
    }
    printf("PASS uniform_values\n");
    return 0;
}
