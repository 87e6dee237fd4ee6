// carry_and_redux.cu: PTX carry chains (add.cc/addc, sub.cc/subc on 32 and
// 64 bits, mad.lo.cc/madc.hi and mad.hi.cc, signed and unsigned) and
// redux.sync (add, min, max, and, or, xor) through inline asm, per lane,
// against the same arithmetic done on the host.
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL carry_and_redux\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { THREADS = 64, OUTS = 14 };

__global__ void chains(const uint64_t *in, uint64_t *out)
{
    int t = threadIdx.x;
    uint64_t x = in[2 * t], y = in[2 * t + 1];
    uint32_t xl = (uint32_t)x, xh = (uint32_t)(x >> 32);
    uint32_t yl = (uint32_t)y, yh = (uint32_t)(y >> 32);
    uint32_t lo, hi, c;
    uint64_t *o = out + t * OUTS;
    // 64-bit add and subtract from 32-bit halves; the last addc catches
    // the carry out of the high half.
    asm("add.cc.u32 %0, %3, %4;\n\taddc.cc.u32 %1, %5, %6;\n\t"
        "addc.u32 %2, 0, 0;"
        : "=r"(lo), "=r"(hi), "=r"(c) : "r"(xl), "r"(yl), "r"(xh), "r"(yh));
    o[0] = (uint64_t)hi << 32 | lo;
    o[1] = c;
    asm("sub.cc.u32 %0, %3, %4;\n\tsubc.cc.u32 %1, %5, %6;\n\t"
        "subc.u32 %2, 0, 0;"
        : "=r"(lo), "=r"(hi), "=r"(c) : "r"(xl), "r"(yl), "r"(xh), "r"(yh));
    o[2] = (uint64_t)hi << 32 | lo;
    o[3] = c;
    // 128-bit add and subtract from 64-bit halves.
    uint64_t l64, h64;
    asm("add.cc.u64 %0, %2, %3;\n\taddc.u64 %1, %2, %3;"
        : "=l"(l64), "=l"(h64) : "l"(x), "l"(y));
    o[4] = l64;
    o[5] = h64;
    asm("sub.cc.u64 %0, %2, %3;\n\tsubc.u64 %1, %3, %2;"
        : "=l"(l64), "=l"(h64) : "l"(x), "l"(y));
    o[6] = l64;
    o[7] = h64;
    // The high half of a signed and an unsigned product, plus the carry
    // of the low half's sum.
    int32_t shi;
    asm("mad.lo.cc.u32 %0, %2, %3, %2;\n\tmadc.hi.s32 %1, %2, %3, 0;"
        : "=r"(lo), "=r"(shi) : "r"(xl), "r"(yl));
    o[8] = lo;
    o[9] = (uint64_t)(int64_t)shi;
    asm("mad.lo.cc.u32 %0, %2, %3, %2;\n\tmadc.hi.u32 %1, %2, %3, 0;"
        : "=r"(lo), "=r"(hi) : "r"(xl), "r"(yl));
    o[10] = lo;
    o[11] = hi;
    // mad.hi.cc: the signed high half plus an addend, carrying out.
    asm("mad.hi.cc.s32 %0, %2, %3, %4;\n\taddc.u32 %1, 0, 0;"
        : "=r"(lo), "=r"(c) : "r"(xl), "r"(yl), "r"(yh));
    o[12] = lo;
    o[13] = c;
}

__global__ void reductions(const uint64_t *in, uint32_t *out)
{
    int t = threadIdx.x;
    uint32_t v = (uint32_t)in[t], r;
    int32_t s = (int32_t)v, sr;
    uint32_t *o = out + (t / 32) * 6;
    asm("redux.sync.add.u32 %0, %1, 0xffffffff;" : "=r"(r) : "r"(v));
    o[0] = r;
    asm("redux.sync.min.s32 %0, %1, 0xffffffff;" : "=r"(sr) : "r"(s));
    o[1] = (uint32_t)sr;
    asm("redux.sync.max.u32 %0, %1, 0xffffffff;" : "=r"(r) : "r"(v));
    o[2] = r;
    asm("redux.sync.and.b32 %0, %1, 0xffffffff;" : "=r"(r) : "r"(v | 0x10));
    o[3] = r;
    asm("redux.sync.or.b32 %0, %1, 0xffffffff;" : "=r"(r) : "r"(v & 0xff));
    o[4] = r;
    asm("redux.sync.xor.b32 %0, %1, 0xffffffff;" : "=r"(r) : "r"(v));
    o[5] = r;
}

static void host_chains(uint64_t x, uint64_t y, uint64_t *o)
{
    uint32_t xl = (uint32_t)x, yl = (uint32_t)y;
    o[0] = x + y;
    o[1] = x + y < x;
    o[2] = x - y;
    o[3] = x < y ? 0xffffffffu : 0; // subc 0 - 0 - borrow
    o[4] = x + y;
    o[5] = x + y + (x + y < x);
    o[6] = x - y;
    o[7] = y - x - (x < y);
    uint64_t lo_sum = (uint64_t)(uint32_t)(xl * yl) + xl;
    o[8] = (uint32_t)lo_sum;
    int64_t sprod = (int64_t)(int32_t)xl * (int32_t)yl;
    o[9] = (uint64_t)(int64_t)(int32_t)((uint64_t)sprod >> 32) +
           (lo_sum >> 32);
    o[9] = (uint64_t)(int64_t)(int32_t)(uint32_t)o[9];
    uint64_t uprod = (uint64_t)xl * yl;
    o[10] = (uint32_t)lo_sum;
    o[11] = (uint32_t)((uint32_t)(uprod >> 32) + (lo_sum >> 32));
    uint64_t hi_sum = (uint64_t)(uint32_t)((uint64_t)sprod >> 32) +
                      (uint32_t)(y >> 32);
    o[12] = (uint32_t)hi_sum;
    o[13] = hi_sum >> 32;
}

int main()
{
    uint64_t in[2 * THREADS], seed = 0x243f6a8885a308d3ull;
    for (int i = 0; i < 2 * THREADS; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        in[i] = i % 5 == 0 ? ~0ull - (uint64_t)i : seed;
    }
    uint64_t *d_in, *d_out;
    uint32_t *d_red;
    CHECK(cudaMalloc(&d_in, sizeof in));
    CHECK(cudaMalloc(&d_out, THREADS * OUTS * sizeof(uint64_t)));
    CHECK(cudaMalloc(&d_red, 2 * 6 * sizeof(uint32_t)));
    CHECK(cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice));
    chains<<<1, THREADS>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    reductions<<<1, THREADS>>>(d_in, d_red);
    CHECK(cudaGetLastError());
    uint64_t out[THREADS * OUTS];
    uint32_t red[12];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(red, d_red, sizeof red, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < THREADS; t++) {
        uint64_t want[OUTS];
        host_chains(in[2 * t], in[2 * t + 1], want);
        for (int k = 0; k < OUTS; k++)
            if (out[t * OUTS + k] != want[k] && bad++ < 8)
                printf("thread %d result %d: got %llx, want %llx\n", t, k,
                       (unsigned long long)out[t * OUTS + k],
                       (unsigned long long)want[k]);
    }
    for (int w = 0; w < 2; w++) {
        uint32_t sum = 0, umax = 0, band = ~0u, bor = 0, bxor = 0;
        int32_t smin = INT32_MAX;
        for (int l = 0; l < 32; l++) {
            uint32_t v = (uint32_t)in[w * 32 + l];
            sum += v;
            smin = (int32_t)v < smin ? (int32_t)v : smin;
            umax = v > umax ? v : umax;
            band &= v | 0x10;
            bor |= v & 0xff;
            bxor ^= v;
        }
        uint32_t want[6] = {sum, (uint32_t)smin, umax, band, bor, bxor};
        for (int k = 0; k < 6; k++)
            if (red[w * 6 + k] != want[k] && bad++ < 16)
                printf("warp %d redux %d: got %x, want %x\n", w, k,
                       red[w * 6 + k], want[k]);
    }
    printf("%s carry_and_redux\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
