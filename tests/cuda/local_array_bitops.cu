// local_array_bitops.cu: 64- and 32-bit shifts by register amounts, signed
// and unsigned compares, and (x >> 63) & k-style fields (the bfe bug class).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL local_array_bitops\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

typedef unsigned long long u64;
typedef long long i64;

#define NR 51     // results of bitops per thread

// bitops: x, y and s7 (0..127) vary per lane, u (0..63) is warp-uniform.
// Every shift amount stays below the width, so the host computes the same
// thing in C++.
__host__ __device__ void bitops(i64 x, i64 y, int s7, int u, u64 *o)
{
    int s = s7 & 63;
    u64 ux = (u64)x, uy = (u64)y;
    int x32 = (int)(ux >> 16), y32 = (int)uy;
    unsigned ux32 = (unsigned)x32, uy32 = (unsigned)y32;
    // fields of signed values with constant shifts (bfe in PTX)
    o[0] = (u64)((x >> 63) & 7);
    o[1] = (u64)((x >> 63) & 1);
    o[2] = (u64)((x >> 62) & 0xf);
    o[3] = (u64)((x >> 50) & 0xffff);
    o[4] = (u64)((x >> 40) & 0xffffff);
    o[5] = (u64)((x >> 33) & 0x7fffffff);
    o[6] = (u64)((x >> 8) & 0xff);
    o[7] = (u64)(unsigned)((x32 >> 31) & 7);
    o[8] = (u64)(unsigned)((x32 >> 30) & 0xf);
    o[9] = (u64)(unsigned)((x32 >> 25) & 0xff);
    o[10] = (u64)(unsigned)((x32 >> 20) & 0xfff);
    o[11] = (u64)(((ux >> 60) & 0xff) | ((u64)((ux32 >> 28) & 0xff) << 8));
    // sign extension by shifts (bfe.s in PTX)
    o[12] = (u64)((i64)(ux << 20) >> 40);
    o[13] = (u64)((i64)(ux << 32) >> 32);
    o[14] = (u64)(i64)((int)(ux32 << 4) >> 28);
    o[15] = (u64)(i64)(signed char)(x >> 5);
    o[16] = (u64)(((i64)(signed char)x >> 7) & 3);
    // the issue's reduction step, signed and unsigned spellings
    o[17] = (ux << 1) ^ (x < 0 ? 7 : 0);
    o[18] = (ux << 1) ^ ((ux >> 63) ? 0x1b : 0);
    o[19] = (u64)(unsigned)((ux32 << 1) ^ (x32 < 0 ? 0x8d : 0));
    // shifts by a lane-varying register amount
    o[20] = ux << s;
    o[21] = ux >> s;
    o[22] = (u64)(x >> s);
    o[23] = (u64)((x >> s) & 7);
    o[24] = (ux << s) | (ux >> ((64 - s) & 63));            // rotate
    o[25] = (u64)(ux32 << (s & 31)) | ((u64)(ux32 >> (s & 31)) << 32);
    o[26] = (u64)(unsigned)(x32 >> (s & 31));
    o[27] = (u64)((ux >> s) & 1) * 0x100 + (u64)((x >> (63 - s)) & 3);
    // shifts by a warp-uniform register amount
    o[28] = ux << u;
    o[29] = (u64)(x >> u);
    o[30] = (u64)((x >> u) & 0x1f);
    o[31] = (u64)(unsigned)(x32 >> (u & 31)) ^ ((u64)(uy32 << (u & 31)) << 32);
    // compares, signed and unsigned, 64 and 32 bits
    o[32] = (u64)((x < y) | (ux < uy) << 1 | (x <= y) << 2 | (ux >= uy) << 3 |
                  (x < 0) << 4 | (x > -2) << 5 | (ux > 0x7fffffffffffffffull) << 6 |
                  (x32 < y32) << 7 | (ux32 < uy32) << 8 | (x32 >= -1) << 9 |
                  (ux32 > 0x7fffffffu) << 10 | (x == y) << 11);
    o[33] = (u64)(x < y ? x : y) ^ (ux < uy ? ux : uy) << 1;
    o[34] = (u64)(x32 > y32 ? x32 : y32) ^ (u64)(ux32 > uy32 ? ux32 : uy32) << 32;
    o[35] = (u64)((i64)uy32 < x ? 0x55 : 0xaa) ^ (u64)(ux < (u64)(i64)y32 ? 0x100 : 0);
    // predicated updates
    u64 t = uy;
    if (x < 0)
        t ^= 0x1b;
    if (ux > uy)
        t ^= ux;
    if (x32 < 0)
        t += 3;
    if ((i64)(ux << s) < 0)
        t = ~t;
    o[36] = t;
    // a loop over the bits with the issue's shapes, uniform counter
    u64 m = ux, acc = 0;
    for (int j = 0; j < 64; j++) {
        if ((uy >> j) & 1)
            acc ^= m;
        m = (m << 1) ^ ((i64)m < 0 ? 7 : 0);
    }
    o[37] = acc;
    acc = 0;
#pragma unroll 1
    for (int j = 0; j < 64; j += 3)
        acc = acc * 31 + (u64)((x >> j) & 7) + (u64)((ux << j) >> 61);
    o[38] = acc;
    // the same bit loop with the shift amount in a varying register
    acc = 0;
#pragma unroll 1
    for (int j = s; j < s + 64; j++) {
        int b = j & 63;
        acc ^= ((uy >> b) & 1) ? (ux << b) | (ux >> ((64 - b) & 63)) : 0;
    }
    o[39] = acc;
    // the bfe class through a local array
    u64 tab[16];
    for (int k = 0; k < 16; k++)
        tab[k] = (u64)((i64)(ux << (k * 4)) >> 63) & (0x7ull << k);
    o[40] = tab[s & 15] ^ tab[(s * 5 + 3) & 15] << 1;
    i64 sv[8];
#pragma unroll 1
    for (int k = 0; k < 8; k++)
        sv[(k + s) & 7] = (x >> (k * 9)) & 0x1ff;
    o[41] = (u64)(sv[s & 7] ^ (sv[(s + 3) & 7] << 9) ^ (sv[7 - (s & 7)] << 18));
    o[42] = (u64)((x >> 63) & 0x87) + (u64)((x >> 61) & 0x87) * 3;
    o[43] = (u64)(unsigned)((x32 >> 31) & 0x1d) + (u64)(unsigned)((y32 >> 29) & 0x1d) * 5;
    o[44] = (u64)(int)(((x32 >> 31) & 7) - ((y32 >> 31) & 5));
    o[45] = (u64)(((x >> 63) & 7) * ((y >> 63) & 3));
    o[46] = (u64)((ux >> 63) & 7) ^ ((uy >> 62) & 0xff) << 4;
    o[47] = (u64)((i64)(int)(ux >> 63) & 7) ^ (u64)(((i64)(int)ux >> 31) & 0x3ff) << 8;
    // rotates by an amount that is masked in the source only (s7 up to 127)
    // (clang folds a mask used once into the rotate's amount, then emits a
    // 64-bit rotate that does not mask it)
    int r1 = s7 + 1, r3 = s7 + 3;
    o[48] = (ux << (r1 & 63)) | (ux >> ((64 - r1) & 63));
    o[49] = (uy >> (r3 & 63)) | (uy << ((64 - r3) & 63));
    o[50] = (u64)((ux32 << (s7 & 31)) | (ux32 >> ((32 - s7) & 31))) << 32 |
            ((uy32 >> (s7 & 31)) | (uy32 << ((32 - s7) & 31)));
}

// PTX's own shift rules: amounts past the width clamp (inline asm, since
// C++ leaves them undefined); funnel shifts wrap or clamp the amount.
__device__ void clamp_shifts(u64 ux, u64 uy, unsigned s, u64 *o)
{
    u64 a, b, c;
    unsigned d, e;
    asm("shl.b64 %0, %1, %2;" : "=l"(a) : "l"(ux), "r"(s));
    asm("shr.u64 %0, %1, %2;" : "=l"(b) : "l"(ux), "r"(s));
    asm("shr.s64 %0, %1, %2;" : "=l"(c) : "l"(ux), "r"(s));
    asm("shl.b32 %0, %1, %2;" : "=r"(d) : "r"((unsigned)ux), "r"(s));
    asm("shr.s32 %0, %1, %2;" : "=r"(e) : "r"((unsigned)ux), "r"(s));
    o[0] = a;
    o[1] = b;
    o[2] = c;
    o[3] = (u64)d << 32 | e;
    unsigned lo = (unsigned)ux, hi = (unsigned)uy;
    o[4] = (u64)__funnelshift_l(lo, hi, s) << 32 | __funnelshift_r(lo, hi, s);
    o[5] = (u64)__funnelshift_lc(lo, hi, s) << 32 | __funnelshift_rc(lo, hi, s);
}

static void clamp_host(u64 ux, u64 uy, unsigned s, u64 *o)
{
    unsigned lo = (unsigned)ux;
    o[0] = s >= 64 ? 0 : ux << s;
    o[1] = s >= 64 ? 0 : ux >> s;
    o[2] = (u64)((i64)ux >> (s >= 64 ? 63 : s));
    unsigned d = s >= 32 ? 0 : lo << s;
    unsigned e = (unsigned)((int)lo >> (s >= 32 ? 31 : s));
    o[3] = (u64)d << 32 | e;
    u64 pair = (uy << 32) | (ux & 0xffffffffull);
    unsigned w = s & 31, c = s > 32 ? 32 : s;
    o[4] = (u64)(unsigned)((pair << w) >> 32) << 32 | (unsigned)(pair >> w);
    o[5] = (u64)(unsigned)((pair << c) >> 32) << 32 | (unsigned)(pair >> c);
}

#define NO (NR + 6)

__global__ void run(const i64 *xs, const i64 *ys, const int *ss, u64 *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    u64 *o = out + (size_t)i * NO;
    int u = (int)(blockIdx.x * 29 + 5) & 63;
    bitops(xs[i], ys[i], ss[i] & 127, u, o);
    clamp_shifts((u64)xs[i], (u64)ys[i], (unsigned)ss[i] & 127, o + NR);
}

int main()
{
    const int nb = 3, nt = 128, n = nb * nt;
    static i64 xs[n], ys[n];
    static int ss[n];
    static u64 out[n * NO];
    static const u64 edge[] = {
        0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
        0x80000000ull, 0x7fffffffull, 0xffffffff80000000ull, 0xfffffffeull,
        0x8000000000000001ull, 0xc000000000000000ull, 0x4000000000000000ull,
        0xffffffff7fffffffull, 0x00000000ffffffffull, 0xa5a5a5a5a5a5a5a5ull,
        0x5a5a5a5a5a5a5a5aull};
    static const int edge_s[8] = {0, 1, 31, 32, 33, 63, 64, 127};
    const int ne = sizeof edge / sizeof edge[0];
    u64 r = 0x243f6a8885a308d3ull;
    for (int i = 0; i < n; i++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        u64 a = r ^ (r >> 33);
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        u64 b = r ^ (r >> 29);
        if (i < ne * ne) {                       // every pair of edge values
            a = edge[i % ne];
            b = edge[i / ne];
        } else if (i & 1) {
            a |= 0x8000000000000000ull;          // half negative
        }
        xs[i] = (i64)a;
        ys[i] = (i64)b;
        ss[i] = (int)((r >> 40) & 127);
        if (i % 64 < 8)                          // amounts at the edges
            ss[i] = edge_s[i % 8];
    }
    i64 *dx, *dy;
    int *ds;
    u64 *dout;
    CHECK(cudaMalloc(&dx, sizeof(xs)));
    CHECK(cudaMalloc(&dy, sizeof(ys)));
    CHECK(cudaMalloc(&ds, sizeof(ss)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(dx, xs, sizeof(xs), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, ys, sizeof(ys), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(ds, ss, sizeof(ss), cudaMemcpyHostToDevice));
    run<<<nb, nt>>>(dx, dy, ds, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0, badv[NO] = {0};
    for (int i = 0; i < n; i++) {
        u64 want[NO];
        bitops(xs[i], ys[i], ss[i] & 127, (int)((i / nt) * 29 + 5) & 63, want);
        clamp_host((u64)xs[i], (u64)ys[i], (unsigned)ss[i] & 127, want + NR);
        for (int v = 0; v < NO; v++)
            if (out[(size_t)i * NO + v] != want[v]) {
                if (badv[v]++ < 2)
                    printf("result %d, thread %d (x %016llx y %016llx s %d): "
                           "got %016llx, expected %016llx\n", v, i,
                           (u64)xs[i], (u64)ys[i], ss[i],
                           out[(size_t)i * NO + v], want[v]);
                bad++;
            }
    }
    for (int v = 0; v < NO; v++)
        if (badv[v])
            printf("result %d: %d of %d threads wrong\n", v, badv[v], n);
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    CHECK(cudaFree(ds));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL local_array_bitops\n");
        return 1;
    }
    printf("PASS local_array_bitops\n");
    return 0;
}
