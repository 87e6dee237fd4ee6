// fp16_test.h: the kernels and checks that half_precision.cu and
// bfloat16.cu share.  Ops (defined by each) names the format's type,
// pair type, mantissa and exponent bits, and its conversions under their
// format-specific CUDA names; everything with a shared CUDA name
// (__hadd, hsqrt, __heq2, operators, __shfl_sync, atomicAdd) is called
// here directly.  Every device result is compared with fp16_ref.h.
//
// Tolerances: conversions, +, -, *, /, fma (and their _sat, _rn, _relu
// and pair forms), sqrt, rcp, ceil, floor, trunc, rint, max, min and the
// comparisons are checked bit for bit (CUDA documents them as correctly
// rounded or exact); rsqrt, exp, exp2, exp10, log, log2, log10, sin,
// cos, tanh and __hcmadd within 1 ulp of the correctly rounded result.
#ifndef FP16_TEST_H
#define FP16_TEST_H

#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include "fp16_ref.h"

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\n", __FILE__, __LINE__, #call,               \
           cudaGetErrorString(e_)); exit(1); } } while (0)

typedef unsigned short u16;

// --- unary: every bit pattern ---------------------------------------------

enum { N_MATH = 16, N_U16 = 2 + N_MATH + 2 * N_MATH + 4, N_INT = 26 };
static const char *math_names[N_MATH] = {
    "sqrt", "rsqrt", "rcp", "exp", "exp2", "exp10", "log", "log2", "log10",
    "sin", "cos", "tanh", "ceil", "floor", "trunc", "rint"};

#define MATH_FN(f, f2)                                                      \
    template <class T>                                                      \
    __device__ __noinline__ T math_##f(T x) { return f(x); }                \
    template <class T2>                                                     \
    __device__ __noinline__ T2 math_##f2(T2 x) { return f2(x); }
MATH_FN(hsqrt, h2sqrt) MATH_FN(hrsqrt, h2rsqrt) MATH_FN(hrcp, h2rcp)
MATH_FN(hexp, h2exp) MATH_FN(hexp2, h2exp2) MATH_FN(hexp10, h2exp10)
MATH_FN(hlog, h2log) MATH_FN(hlog2, h2log2) MATH_FN(hlog10, h2log10)
MATH_FN(hsin, h2sin) MATH_FN(hcos, h2cos) MATH_FN(htanh, h2tanh)
MATH_FN(hceil, h2ceil) MATH_FN(hfloor, h2floor) MATH_FN(htrunc, h2trunc)
MATH_FN(hrint, h2rint)
#undef MATH_FN

template <class Ops>
__device__ typename Ops::T math1(int k, typename Ops::T x)
{
    switch (k) {
    case 0: return math_hsqrt(x);
    case 1: return math_hrsqrt(x);
    case 2: return math_hrcp(x);
    case 3: return math_hexp(x);
    case 4: return math_hexp2(x);
    case 5: return math_hexp10(x);
    case 6: return math_hlog(x);
    case 7: return math_hlog2(x);
    case 8: return math_hlog10(x);
    case 9: return math_hsin(x);
    case 10: return math_hcos(x);
    case 11: return math_htanh(x);
    case 12: return math_hceil(x);
    case 13: return math_hfloor(x);
    case 14: return math_htrunc(x);
    default: return math_hrint(x);
    }
}

template <class Ops>
__device__ typename Ops::T2 math2(int k, typename Ops::T2 x)
{
    switch (k) {
    case 0: return math_h2sqrt(x);
    case 1: return math_h2rsqrt(x);
    case 2: return math_h2rcp(x);
    case 3: return math_h2exp(x);
    case 4: return math_h2exp2(x);
    case 5: return math_h2exp10(x);
    case 6: return math_h2log(x);
    case 7: return math_h2log2(x);
    case 8: return math_h2log10(x);
    case 9: return math_h2sin(x);
    case 10: return math_h2cos(x);
    case 11: return math_h2tanh(x);
    case 12: return math_h2ceil(x);
    case 13: return math_h2floor(x);
    case 14: return math_h2trunc(x);
    default: return math_h2rint(x);
    }
}

// The partner of pattern i in a pair: another pattern, so that lanes differ.
__host__ __device__ inline u16 partner(u16 i) { return (u16)(i * 40503u + 1); }

// MATH: the math functions (and neg, abs); else the conversions.
template <class Ops, bool MATH>
__global__ void unary_kernel(u16 *o16, unsigned *of, long long *oi, int *flags)
{
    typedef typename Ops::T T;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    T x = Ops::mk((u16)i), y = Ops::mk(partner((u16)i));
    typename Ops::T2 p = Ops::pair(x, y);
    u16 *o = o16 + (size_t)i * N_U16;
    if (!MATH) {
        of[i * 4 + 0] = __float_as_uint(Ops::tof(x));
        of[i * 4 + 1] = __float_as_uint(__low2float(p));
        of[i * 4 + 2] = __float_as_uint(__high2float(p));
        of[i * 4 + 3] = __float_as_uint(Ops::tof2(p).y);
        for (int k = 0; k < N_INT; k++)
            oi[(size_t)i * N_INT + k] =
                Ops::to_int(x, k < 24 ? k / 4 : 6 + k - 24, k < 24 ? k % 4 : 1);
        u16 one = Ops::bits(Ops::one());
        typename Ops::T2 nan2 = __hisnan2(p);
        flags[i] = __hisnan(x) + 2 * (__hisinf(x) + 1) +
                   8 * (Ops::bits(Ops::lo(nan2)) == one) +
                   16 * (Ops::bits(Ops::hi(nan2)) == one);
        return;
    }
    o[0] = Ops::bits(__hneg(x));
    o[1] = Ops::bits(__habs(x));
    for (int k = 0; k < N_MATH; k++) {
        o[2 + k] = Ops::bits(math1<Ops>(k, x));
        typename Ops::T2 r = math2<Ops>(k, p);
        o[2 + N_MATH + 2 * k] = Ops::bits(Ops::lo(r));
        o[3 + N_MATH + 2 * k] = Ops::bits(Ops::hi(r));
    }
    o[2 + 3 * N_MATH] = Ops::bits(Ops::lo(__hneg2(p)));
    o[3 + 3 * N_MATH] = Ops::bits(Ops::hi(__hneg2(p)));
    o[4 + 3 * N_MATH] = Ops::bits(Ops::lo(__habs2(p)));
    o[5 + 3 * N_MATH] = Ops::bits(Ops::hi(__habs2(p)));
}

// The integer conversion k / 4 (int, uint, short, ushort, ll, ull, then
// char_rz and uchar_rz as 6 and 7 in the last two slots): bits, signedness
// and NaN result.
static void int_kind(int k, int *bits, bool *uns, long long *nanv)
{
    static const int b[8] = {32, 32, 16, 16, 64, 64, 8, 8};
    int t = k < 24 ? k / 4 : 6 + (k - 24);
    *bits = b[t];
    *uns = t == 1 || t == 3 || t == 5 || t == 7;
    *nanv = t == 4 || t == 5 ? (long long)(1ull << 63) : 0;
}
static const char *int_names[8] = {"int", "uint", "short", "ushort", "ll",
                                   "ull", "char", "uchar"};

// The checks of one bit pattern i (value v) and its partner pi (pv).
static void check_math1(Tally &t, const u16 *o, int i, double v, u16 pi,
                        double pv, int M, int E)
{
    t.check(o[0] == (u16)(i ^ 0x8000), "neg", i, o[0], i ^ 0x8000);
    t.check(o[1] == (u16)(i & 0x7fff), "abs", i, o[1], i & 0x7fff);
    for (int k = 0; k < N_MATH; k++) {
        for (int lane = 0; lane < 3; lane++) {
            double a = lane == 2 ? pv : v;
            double r;
            switch (k) {
            case 0: r = std::sqrt(a); break;
            case 1: r = 1.0 / std::sqrt(a); break;
            case 2: r = 1.0 / a; break;
            case 3: r = std::exp(a); break;
            case 4: r = std::exp2(a); break;
            case 5: r = std::pow(10.0, a); break;
            case 6: r = std::log(a); break;
            case 7: r = std::log2(a); break;
            case 8: r = std::log10(a); break;
            case 9: r = std::sin(a); break;
            case 10: r = std::cos(a); break;
            case 11: r = std::tanh(a); break;
            case 12: r = std::ceil(a); break;
            case 13: r = std::floor(a); break;
            case 14: r = std::trunc(a); break;
            default: r = std::nearbyint(a); break;
            }
            // Double rounding of sqrt and 1/x is innocuous (53 >= 2p+2).
            u16 want = round_double(r, MODE_RN, M, E);
            u16 got = o[lane == 0 ? 2 + k : 2 + N_MATH + 2 * k + lane - 1];
            bool exact = k == 0 || k == 2 || k >= 12;
            bool wnan = (want & 0x7fff) > (((1u << E) - 1) << M);
            bool gnan = (got & 0x7fff) > (((1u << E) - 1) << M);
            bool ok = wnan || gnan ? wnan && gnan
                    : exact ? got == want
                    : std::abs(ord16(got) - ord16(want)) <= 1;
            char what[32];
            snprintf(what, sizeof what, "%s%s", lane ? "h2" : "h",
                     math_names[k]);
            t.check(ok, what, lane == 2 ? pi : i, got, want);
        }
    }
    t.check(o[2 + 3 * N_MATH] == (u16)(i ^ 0x8000), "neg2.x", i,
            o[2 + 3 * N_MATH], i ^ 0x8000);
    t.check(o[3 + 3 * N_MATH] == (u16)(pi ^ 0x8000), "neg2.y", pi,
            o[3 + 3 * N_MATH], pi ^ 0x8000);
    t.check(o[4 + 3 * N_MATH] == (u16)(i & 0x7fff), "abs2.x", i,
            o[4 + 3 * N_MATH], i & 0x7fff);
    t.check(o[5 + 3 * N_MATH] == (u16)(pi & 0x7fff), "abs2.y", pi,
            o[5 + 3 * N_MATH], pi & 0x7fff);
}

static void check_conv1(Tally &t, const unsigned *of, const long long *oi,
                        int fl, int i, const Exact &x, double v, u16 pi,
                        double pv, int M, int E)
{
    // Widening is exact; a NaN stays a NaN.
    for (int k = 0; k < 4; k++) {
        float want = (float)(k >= 2 ? pv : v);
        float got;
        memcpy(&got, &of[k], 4);
        bool ok = want != want ? got != got
                               : memcmp(&got, &want, 4) == 0;
        unsigned wb;
        memcpy(&wb, &want, 4);
        t.check(ok, "to_float", k >= 2 ? pi : i, of[k], wb);
    }
    for (int k = 0; k < N_INT; k++) {
        int bits;
        bool uns;
        long long nanv;
        int_kind(k, &bits, &uns, &nanv);
        long long want = ref_to_int(v, k < 24 ? k % 4 : MODE_RZ, bits,
                                    uns, nanv);
        char what[32];
        snprintf(what, sizeof what, "to_%s_r%c",
                 int_names[k < 24 ? k / 4 : 6 + k - 24],
                 "nzdu"[k < 24 ? k % 4 : 1]);
        t.check(oi[k] == want, what, i,
                oi[k], want);
    }
    int inf = x.inf ? (x.s ? -1 : 1) : 0;
    Exact px = decode_bits(pi, M, E);
    int wf = x.nan + 2 * (inf + 1) + 8 * x.nan + 16 * px.nan;
    t.check(fl == wf, "isnan/isinf", i, fl, wf);
}

template <class Ops, bool MATH>
static int check_unary()
{
    const int n = 65536, M = Ops::M, E = Ops::E;
    u16 *d16;
    unsigned *df;
    long long *di;
    int *dfl;
    CHECK(cudaMalloc(&d16, sizeof(u16) * n * N_U16));
    CHECK(cudaMalloc(&df, sizeof(unsigned) * n * 4));
    CHECK(cudaMalloc(&di, sizeof(long long) * n * N_INT));
    CHECK(cudaMalloc(&dfl, sizeof(int) * n));
    unary_kernel<Ops, MATH><<<n / 256, 256>>>(d16, df, di, dfl);
    CHECK(cudaGetLastError());
    std::vector<u16> o16((size_t)n * N_U16);
    std::vector<unsigned> of((size_t)n * 4);
    std::vector<long long> oi((size_t)n * N_INT);
    std::vector<int> fl(n);
    CHECK(cudaMemcpy(o16.data(), d16, o16.size() * 2, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(of.data(), df, of.size() * 4, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(oi.data(), di, oi.size() * 8, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(fl.data(), dfl, fl.size() * 4, cudaMemcpyDeviceToHost));
    cudaFree(d16);
    cudaFree(df);
    cudaFree(di);
    cudaFree(dfl);

    Tally t = {"check", 0, 0};
    for (int i = 0; i < n; i++) {
        Exact x = decode_bits((unsigned)i, M, E);
        double v = exact_to_double(x);
        const u16 *o = &o16[(size_t)i * N_U16];
        u16 pi = partner((u16)i);
        double pv = exact_to_double(decode_bits(pi, M, E));
        if (MATH)
            check_math1(t, o, i, v, pi, pv, M, E);
        else
            check_conv1(t, &of[i * 4], &oi[(size_t)i * N_INT], fl[i], i, x,
                        v, pi, pv, M, E);
    }
    return t.bad;
}

// --- conversions from float, double and integers ---------------------------

enum { N_FROMF = 9, N_FROMI = 25 };

template <class Ops>
__global__ void from_float_kernel(const float *in, const double *din,
                                  u16 *o, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float f = in[i];
    u16 *r = o + (size_t)i * (N_FROMF + 2);
    for (int m = 0; m < 4; m++)
        r[m] = Ops::bits(Ops::fromf(f, m));
    r[4] = Ops::bits(Ops::fromf_default(f));
    r[5] = Ops::bits(Ops::hi(Ops::f2pair1(f)));
    r[6] = Ops::bits(Ops::hi(Ops::f2pair(1.0f, f)));
    r[7] = Ops::bits(Ops::lo(Ops::f22pair(make_float2(f, 1.0f))));
    typename Ops::T c = f;  // the converting constructor
    r[8] = Ops::bits(c);
    r[9] = Ops::bits(Ops::fromd(din[i]));
    typename Ops::T cd = din[i];
    r[10] = Ops::bits(cd);
}

template <class Ops>
__global__ void from_int_kernel(const long long *in, u16 *o, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    for (int k = 0; k < 24; k++)
        o[(size_t)i * N_FROMI + k] =
            Ops::bits(Ops::from_int(in[i], k / 4, k % 4));
    typename Ops::T c = (int)in[i];
    o[(size_t)i * N_FROMI + 24] = Ops::bits(c);
}

// Floats and doubles at and next to every value of the format and every
// midpoint between neighbours, plus the specials and extremes.
template <class Ops>
static void conversion_inputs(std::vector<float> &fs, std::vector<double> &ds)
{
    const int M = Ops::M, E = Ops::E;
    for (unsigned b = 0; b < 0x10000; b += 1) {
        Exact x = decode_bits(b, M, E), y = decode_bits(b + 1, M, E);
        if (x.nan || x.inf || (b & 0x7fff) == 0x7fff)
            continue;
        double v = exact_to_double(x);
        double w = (b & 0x7fff) == (((1u << E) - 1) << M) - 1
                 ? v + (v - exact_to_double(decode_bits(b - 1, M, E)))
                 : exact_to_double(y);
        double mid = (v + w) / 2;  // exact
        float fm = (float)mid;
        fs.push_back((float)v);
        fs.push_back(fm);
        fs.push_back(std::nextafter(fm, 0.0f));
        fs.push_back(std::nextafter(fm, fm * 2));
        ds.push_back(v);
        ds.push_back(mid);
        ds.push_back(std::nextafter(mid, 0.0));
        ds.push_back(std::nextafter(mid, mid * 2));
    }
    const float fsp[] = {INFINITY, -INFINITY, NAN, -NAN, 1e30f, -1e30f,
                         3.4e38f, 1e-45f, -1e-45f, 1e-40f, 6e-39f, 0.0f,
                         -0.0f};
    for (float f : fsp) {
        fs.push_back(f);
        ds.push_back(f);
    }
    ds.push_back(1e300);
    ds.push_back(-1e300);
    ds.push_back(1e-300);
    ds.push_back(4e-324);
    unsigned s = 12345;
    for (int k = 0; k < 20000; k++) {
        s = s * 1103515245u + 12345u;
        unsigned r = s ^ (s >> 7) * 2654435761u;
        float f;
        memcpy(&f, &r, 4);
        fs.push_back(f);
        unsigned long long q = ((unsigned long long)r << 32) | (s * 69069u);
        double d;
        memcpy(&d, &q, 8);
        ds.push_back(d);
    }
    if (ds.size() < fs.size())
        ds.resize(fs.size(), 0.5);
    fs.resize(ds.size(), 0.25f);
}

static const char *mode_names[4] = {"rn", "rz", "rd", "ru"};

template <class Ops>
static int check_from_float()
{
    const int M = Ops::M, E = Ops::E;
    std::vector<float> fs;
    std::vector<double> ds;
    conversion_inputs<Ops>(fs, ds);
    int n = (int)fs.size();
    float *dfs;
    double *dds;
    u16 *dout;
    CHECK(cudaMalloc(&dfs, 4 * n));
    CHECK(cudaMalloc(&dds, 8 * n));
    CHECK(cudaMalloc(&dout, 2 * (size_t)n * (N_FROMF + 2)));
    CHECK(cudaMemcpy(dfs, fs.data(), 4 * n, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dds, ds.data(), 8 * n, cudaMemcpyHostToDevice));
    from_float_kernel<Ops><<<(n + 255) / 256, 256>>>(dfs, dds, dout, n);
    CHECK(cudaGetLastError());
    std::vector<u16> out((size_t)n * (N_FROMF + 2));
    CHECK(cudaMemcpy(out.data(), dout, out.size() * 2, cudaMemcpyDeviceToHost));
    cudaFree(dfs);
    cudaFree(dds);
    cudaFree(dout);
    Tally t = {"check", 0, 0};
    for (int i = 0; i < n; i++) {
        unsigned fb;
        memcpy(&fb, &fs[i], 4);
        Exact x = decode_bits(fb, 23, 8);
        const u16 *r = &out[(size_t)i * (N_FROMF + 2)];
        for (int m = 0; m < 4; m++) {
            u16 want = round_exact(x, m, M, E);
            char what[32];
            snprintf(what, sizeof what, "from_float_%s", mode_names[m]);
            t.check(r[m] == want, what, fb, r[m], want);
        }
        u16 rn = round_exact(x, MODE_RN, M, E);
        static const char *rn_names[5] = {"from_float", "float2pair1.y",
                                          "floats2pair.y", "float22pair.x",
                                          "constructor(float)"};
        for (int k = 4; k < 9; k++)
            t.check(r[k] == rn, rn_names[k - 4], fb, r[k], rn);
        unsigned long long db;
        memcpy(&db, &ds[i], 8);
        u16 dwant = round_exact(decode_double(ds[i]), MODE_RN, M, E);
        t.check(r[9] == dwant, "from_double", db, r[9], dwant);
        t.check(r[10] == dwant, "constructor(double)", db, r[10], dwant);
    }
    return t.bad;
}

template <class Ops>
static int check_from_int()
{
    const int M = Ops::M, E = Ops::E;
    std::vector<long long> in;
    for (int sh = 0; sh < 64; sh++)
        for (long long d = -3; d <= 3; d++) {
            in.push_back((long long)(1ull << sh) + d);
            in.push_back(-(long long)(1ull << sh) + d);
        }
    const long long edges[] = {0, 65504, 65505, 65519, 65520, 65521, 65535,
                               65536, 32767, -32768, 2147483647,
                               -2147483647 - 1, 4294967295ll,
                               (long long)(~0ull >> 1), (long long)(1ull << 63),
                               (long long)0xffffffffffffffffull, 257, 259,
                               -257, 384, 385, 4097, 4099, 2049, 2051};
    for (long long e : edges)
        in.push_back(e);
    unsigned long long s = 99;
    for (int k = 0; k < 4000; k++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        in.push_back((long long)(s >> (s & 63)) * ((s >> 10) & 1 ? -1 : 1));
    }
    int n = (int)in.size();
    long long *din;
    u16 *dout;
    CHECK(cudaMalloc(&din, 8 * n));
    CHECK(cudaMalloc(&dout, 2 * (size_t)n * N_FROMI));
    CHECK(cudaMemcpy(din, in.data(), 8 * n, cudaMemcpyHostToDevice));
    from_int_kernel<Ops><<<(n + 255) / 256, 256>>>(din, dout, n);
    CHECK(cudaGetLastError());
    std::vector<u16> out((size_t)n * N_FROMI);
    CHECK(cudaMemcpy(out.data(), dout, out.size() * 2, cudaMemcpyDeviceToHost));
    cudaFree(din);
    cudaFree(dout);
    Tally t = {"check", 0, 0};
    for (int i = 0; i < n; i++) {
        long long v = in[i];
        // The value as each type sees it: int, uint, short, ushort, ll, ull.
        long long as[6] = {(int)v, (long long)(unsigned)v, (short)v,
                           (unsigned short)v, v, v};
        for (int k = 0; k < 24; k++) {
            Exact x = exact_of(as[k / 4], k / 4 == 5);
            u16 want = round_exact(x, k % 4, M, E);
            u16 got = out[(size_t)i * N_FROMI + k];
            char what[32];
            snprintf(what, sizeof what, "%s2x_%s", int_names[k / 4],
                     mode_names[k % 4]);
            t.check(got == want, what, (unsigned long long)v, got, want);
        }
        u16 want = round_exact(exact_of((int)v, false), MODE_RN, M, E);
        t.check(out[(size_t)i * N_FROMI + 24] == want, "constructor(int)",
                (unsigned long long)v, out[(size_t)i * N_FROMI + 24], want);
    }
    return t.bad;
}

// --- binary and ternary operations over special and random triples --------

enum { N_OPS = 17, N_BIN = 29 + 2 * N_OPS + 8 + 2 + 8, N_CMP = 12 };
enum { N_CW = 3 + N_CMP };
static const char *op_names[N_OPS] = {
    "add", "sub", "mul", "div", "fma", "add_sat", "sub_sat", "mul_sat",
    "fma_sat", "fma_relu", "max", "min", "max_nan", "min_nan", "add_rn",
    "sub_rn", "mul_rn"};
static const char *cmp_names[N_CMP] = {"eq", "ne", "lt", "le", "gt", "ge",
                                       "equ", "neu", "ltu", "leu", "gtu",
                                       "geu"};

// One function per operation (here and below): the C compiler that
// builds cux's kernels takes much longer over one function holding them
// all.
#define ONE_OP2(n, f)                                                       \
    template <class T>                                                      \
    __device__ __noinline__ T one_##n(T a, T b, T) { return f(a, b); }
#define ONE_OP3(n, f)                                                       \
    template <class T>                                                      \
    __device__ __noinline__ T one_##n(T a, T b, T c) { return f(a, b, c); }
ONE_OP2(add, __hadd) ONE_OP2(sub, __hsub) ONE_OP2(mul, __hmul)
ONE_OP2(div, __hdiv) ONE_OP3(fma, __hfma) ONE_OP2(add_sat, __hadd_sat)
ONE_OP2(sub_sat, __hsub_sat) ONE_OP2(mul_sat, __hmul_sat)
ONE_OP3(fma_sat, __hfma_sat) ONE_OP3(fma_relu, __hfma_relu)
ONE_OP2(max, __hmax) ONE_OP2(min, __hmin) ONE_OP2(max_nan, __hmax_nan)
ONE_OP2(min_nan, __hmin_nan) ONE_OP2(add_rn, __hadd_rn)
ONE_OP2(sub_rn, __hsub_rn) ONE_OP2(mul_rn, __hmul_rn)
#undef ONE_OP2
#undef ONE_OP3

template <class T>
__device__ T op3(int k, T a, T b, T c)
{
    switch (k) {
    case 0: return one_add(a, b, c);
    case 1: return one_sub(a, b, c);
    case 2: return one_mul(a, b, c);
    case 3: return one_div(a, b, c);
    case 4: return one_fma(a, b, c);
    case 5: return one_add_sat(a, b, c);
    case 6: return one_sub_sat(a, b, c);
    case 7: return one_mul_sat(a, b, c);
    case 8: return one_fma_sat(a, b, c);
    case 9: return one_fma_relu(a, b, c);
    case 10: return one_max(a, b, c);
    case 11: return one_min(a, b, c);
    case 12: return one_max_nan(a, b, c);
    case 13: return one_min_nan(a, b, c);
    case 14: return one_add_rn(a, b, c);
    case 15: return one_sub_rn(a, b, c);
    default: return one_mul_rn(a, b, c);
    }
}

#define PAIR_OP2(n, f)                                                      \
    template <class T2>                                                     \
    __device__ __noinline__ T2 pair_##n(T2 a, T2 b, T2) { return f(a, b); }
#define PAIR_OP3(n, f)                                                      \
    template <class T2>                                                     \
    __device__ __noinline__ T2 pair_##n(T2 a, T2 b, T2 c)                   \
    {                                                                       \
        return f(a, b, c);                                                  \
    }
PAIR_OP2(add, __hadd2) PAIR_OP2(sub, __hsub2) PAIR_OP2(mul, __hmul2)
PAIR_OP2(div, __h2div) PAIR_OP3(fma, __hfma2) PAIR_OP2(add_sat, __hadd2_sat)
PAIR_OP2(sub_sat, __hsub2_sat) PAIR_OP2(mul_sat, __hmul2_sat)
PAIR_OP3(fma_sat, __hfma2_sat) PAIR_OP3(fma_relu, __hfma2_relu)
PAIR_OP2(max, __hmax2) PAIR_OP2(min, __hmin2) PAIR_OP2(max_nan, __hmax2_nan)
PAIR_OP2(min_nan, __hmin2_nan) PAIR_OP2(add_rn, __hadd2_rn)
PAIR_OP2(sub_rn, __hsub2_rn) PAIR_OP2(mul_rn, __hmul2_rn)
#undef PAIR_OP2
#undef PAIR_OP3

template <class T2>
__device__ T2 op3_2(int k, T2 a, T2 b, T2 c)
{
    switch (k) {
    case 0: return pair_add(a, b, c);
    case 1: return pair_sub(a, b, c);
    case 2: return pair_mul(a, b, c);
    case 3: return pair_div(a, b, c);
    case 4: return pair_fma(a, b, c);
    case 5: return pair_add_sat(a, b, c);
    case 6: return pair_sub_sat(a, b, c);
    case 7: return pair_mul_sat(a, b, c);
    case 8: return pair_fma_sat(a, b, c);
    case 9: return pair_fma_relu(a, b, c);
    case 10: return pair_max(a, b, c);
    case 11: return pair_min(a, b, c);
    case 12: return pair_max_nan(a, b, c);
    case 13: return pair_min_nan(a, b, c);
    case 14: return pair_add_rn(a, b, c);
    case 15: return pair_sub_rn(a, b, c);
    default: return pair_mul_rn(a, b, c);
    }
}

template <class T>
__device__ bool cmp1(int k, T a, T b)
{
    switch (k) {
    case 0: return __heq(a, b);
    case 1: return __hne(a, b);
    case 2: return __hlt(a, b);
    case 3: return __hle(a, b);
    case 4: return __hgt(a, b);
    case 5: return __hge(a, b);
    case 6: return __hequ(a, b);
    case 7: return __hneu(a, b);
    case 8: return __hltu(a, b);
    case 9: return __hleu(a, b);
    case 10: return __hgtu(a, b);
    default: return __hgeu(a, b);
    }
}

// Pair compares: the 1.0/0.0 form, the both-lanes form and the mask form.
#define CMP2_FN(f)                                                          \
    template <class T2>                                                     \
    __device__ __noinline__ void cmp2_##f(T2 a, T2 b, T2 *v, bool *both,    \
                                          unsigned *mask)                   \
    {                                                                       \
        *v = __h##f##2(a, b);                                               \
        *both = __hb##f##2(a, b);                                           \
        *mask = __h##f##2_mask(a, b);                                       \
    }
CMP2_FN(eq) CMP2_FN(ne) CMP2_FN(lt) CMP2_FN(le) CMP2_FN(gt) CMP2_FN(ge)
CMP2_FN(equ) CMP2_FN(neu) CMP2_FN(ltu) CMP2_FN(leu) CMP2_FN(gtu) CMP2_FN(geu)
#undef CMP2_FN

template <class T2>
__device__ void cmp2(int k, T2 a, T2 b, T2 *v, bool *both, unsigned *mask)
{
    switch (k) {
    case 0: cmp2_eq(a, b, v, both, mask); break;
    case 1: cmp2_ne(a, b, v, both, mask); break;
    case 2: cmp2_lt(a, b, v, both, mask); break;
    case 3: cmp2_le(a, b, v, both, mask); break;
    case 4: cmp2_gt(a, b, v, both, mask); break;
    case 5: cmp2_ge(a, b, v, both, mask); break;
    case 6: cmp2_equ(a, b, v, both, mask); break;
    case 7: cmp2_neu(a, b, v, both, mask); break;
    case 8: cmp2_ltu(a, b, v, both, mask); break;
    case 9: cmp2_leu(a, b, v, both, mask); break;
    case 10: cmp2_gtu(a, b, v, both, mask); break;
    default: cmp2_geu(a, b, v, both, mask); break;
    }
}

template <class Ops>
__device__ __noinline__ void pair_operators(typename Ops::T2 A,
                                            typename Ops::T2 B, u16 *o)
{
    typedef typename Ops::T2 T2;
    T2 r8[8] = {A + B, A - B, A * B, A / B, A, A, A, A};
    r8[4] += B;
    r8[5] -= B;
    r8[6] *= B;
    r8[7] /= B;
    for (int k = 0; k < 8; k++) {
        int at = k < 4 ? 29 + 2 * N_OPS + 2 * k : 39 + 2 * N_OPS + 2 * (k - 4);
        o[at] = Ops::bits(Ops::lo(r8[k]));
        o[at + 1] = Ops::bits(Ops::hi(r8[k]));
    }
}

template <class T2>
__device__ __noinline__ T2 pair_cmadd(T2 a, T2 b, T2 c)
{
    return __hcmadd(a, b, c);
}

template <class Ops>
__device__ void pair_ops(typename Ops::T a, typename Ops::T b,
                         typename Ops::T c, u16 *o, unsigned *cw)
{
    typedef typename Ops::T2 T2;
    T2 A = Ops::pair(a, b), B = Ops::pair(b, c), C = Ops::pair(c, a);
    for (int k = 0; k < N_OPS; k++) {
        T2 r = op3_2(k, A, B, C);
        o[29 + 2 * k] = Ops::bits(Ops::lo(r));
        o[30 + 2 * k] = Ops::bits(Ops::hi(r));
    }
    pair_operators<Ops>(A, B, o);
    T2 cm = pair_cmadd(A, B, C);
    o[37 + 2 * N_OPS] = Ops::bits(Ops::lo(cm));
    o[38 + 2 * N_OPS] = Ops::bits(Ops::hi(cm));
    unsigned w1 = 0, w2 = 0;
    u16 one = Ops::bits(Ops::one());
    for (int k = 0; k < N_CMP; k++) {
        T2 v;
        bool both;
        unsigned mask;
        cmp2(k, A, B, &v, &both, &mask);
        u16 lx = Ops::bits(Ops::lo(v)), ly = Ops::bits(Ops::hi(v));
        w1 |= (unsigned)(lx == one) << (2 * k);
        w1 |= (unsigned)(ly == one) << (2 * k + 1);
        if ((lx != one && lx != 0) || (ly != one && ly != 0))
            w1 |= 1u << 30;
        w2 |= (unsigned)both << k;
        cw[3 + k] = mask;
    }
    w2 |= (unsigned)(A == B) << 12 | (unsigned)(A != B) << 13 |
          (unsigned)(A < B) << 14 | (unsigned)(A <= B) << 15 |
          (unsigned)(A > B) << 16 | (unsigned)(A >= B) << 17;
    cw[1] = w1;
    cw[2] = w2;
}

template <class Ops>
__device__ __noinline__ void scalar_operators(typename Ops::T a,
                                              typename Ops::T b, u16 *o)
{
    typedef typename Ops::T T;
    o[17] = Ops::bits(a + b);
    o[18] = Ops::bits(a - b);
    o[19] = Ops::bits(a * b);
    o[20] = Ops::bits(a / b);
    T t = a;
    t += b;
    o[21] = Ops::bits(t);
    t = a;
    t -= b;
    o[22] = Ops::bits(t);
    t = a;
    t *= b;
    o[23] = Ops::bits(t);
    t = a;
    t /= b;
    o[24] = Ops::bits(t);
    o[25] = Ops::bits(-a);
    t = a;
    o[26] = Ops::bits(++t);
    t = a;
    t--;
    o[27] = Ops::bits(t);
    t = a;
    o[28] = Ops::bits(t++);
}

// PAIR: the pair forms (lanes (a, b), (b, c), (c, a)); else the scalar ones.
template <class Ops, bool PAIR>
__global__ void binary_kernel(const u16 *ia, const u16 *ib, const u16 *ic,
                              u16 *o16, unsigned *ocw, int n)
{
    typedef typename Ops::T T;
    typedef typename Ops::T2 T2;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    T a = Ops::mk(ia[i]), b = Ops::mk(ib[i]), c = Ops::mk(ic[i]);
    u16 *o = o16 + (size_t)i * N_BIN;
    unsigned *cw = ocw + (size_t)i * N_CW;
    if (PAIR) {
        pair_ops<Ops>(a, b, c, o, cw);
        return;
    }
    for (int k = 0; k < N_OPS; k++)
        o[k] = Ops::bits(op3(k, a, b, c));
    scalar_operators<Ops>(a, b, o);
    unsigned w0 = 0;
    for (int k = 0; k < N_CMP; k++)
        w0 |= (unsigned)cmp1(k, a, b) << k;
    w0 |= (unsigned)(a == b) << 12 | (unsigned)(a != b) << 13 |
          (unsigned)(a < b) << 14 | (unsigned)(a <= b) << 15 |
          (unsigned)(a > b) << 16 | (unsigned)(a >= b) << 17;
    cw[0] = w0;
}

struct Fmt {
    int M, E;
    bool isnan(u16 b) const { return (b & 0x7fff) > (((1u << E) - 1) << M); }
    u16 one() const { return (u16)(((1u << (E - 1)) - 1) << M); }
    double val(u16 b) const { return exact_to_double(decode_bits(b, M, E)); }
    u16 rn(double d) const { return round_double(d, MODE_RN, M, E); }
    u16 exact_rn(const Exact &x) const { return round_exact(x, MODE_RN, M, E); }
    // a * b + c, exactly rounded; specials through double arithmetic.
    u16 fma(u16 a, u16 b, u16 c) const
    {
        Exact x = decode_bits(a, M, E), y = decode_bits(b, M, E),
              z = decode_bits(c, M, E);
        if (x.nan || y.nan || z.nan || x.inf || y.inf || z.inf)
            return rn(val(a) * val(b) + val(c));
        return exact_rn(exact_fma(x, y, z));
    }
    u16 sat(u16 r) const
    {
        double v = val(r);
        return rn(v > 0 ? (v < 1 ? v : 1) : 0);
    }
    u16 maxmin(u16 a, u16 b, bool max) const
    {
        if (isnan(a) && isnan(b))
            return 0x7fff;
        if (isnan(a))
            return b;
        if (isnan(b))
            return a;
        double x = val(a), y = val(b);
        if (x == y)  // only signed zeros differ
            return max ? (u16)(a & b) : (u16)(a | b);
        return (x > y) == max ? a : b;
    }
    u16 op(int k, u16 a, u16 b, u16 c) const
    {
        switch (k) {
        case 0: case 14: return fma(a, one(), b);
        case 1: case 15: return fma(a, one(), (u16)(b ^ 0x8000));
        case 2: case 16: {
            Exact x = decode_bits(a, M, E), y = decode_bits(b, M, E);
            if (x.nan || y.nan || x.inf || y.inf)
                return rn(val(a) * val(b));
            Exact p = {x.s ^ y.s, x.m * y.m, x.e + y.e, false, false};
            return exact_rn(p);
        }
        case 3: return rn(val(a) / val(b));  // innocuous double rounding
        case 4: return fma(a, b, c);
        case 5: return sat(op(0, a, b, c));
        case 6: return sat(op(1, a, b, c));
        case 7: return sat(op(2, a, b, c));
        case 8: return sat(fma(a, b, c));
        case 9: {
            u16 r = fma(a, b, c);
            return !isnan(r) && val(r) < 0 ? 0 : r;
        }
        case 10: return maxmin(a, b, true);
        case 11: return maxmin(a, b, false);
        case 12: return isnan(a) || isnan(b) ? 0x7fff : maxmin(a, b, true);
        default: return isnan(a) || isnan(b) ? 0x7fff : maxmin(a, b, false);
        }
    }
    bool cmp(int k, u16 a, u16 b) const
    {
        double x = val(a), y = val(b);
        bool un = x != x || y != y;
        switch (k) {
        case 0: return x == y;
        case 1: return x < y || x > y;
        case 2: return x < y;
        case 3: return x <= y;
        case 4: return x > y;
        case 5: return x >= y;
        case 6: return un || x == y;
        case 7: return un || x != y;
        case 8: return un || x < y;
        case 9: return un || x <= y;
        case 10: return un || x > y;
        default: return un || x >= y;
        }
    }
};

// The scalar forms' results o and compare word w for a, b, c.
static void check_scalar(Tally &t, const Fmt &f, u16 a, u16 b, u16 c,
                         const u16 *o, const unsigned *w)
{
    unsigned long long in = (unsigned long long)a << 32 |
                            (unsigned long long)b << 16 | c;
    for (int k = 0; k < N_OPS; k++) {
        u16 want = f.op(k, a, b, c);
        t.check(o[k] == want, op_names[k], in, o[k], want);
    }
    static const char *opn[12] = {"op+", "op-", "op*", "op/", "op+=",
                                  "op-=", "op*=", "op/=", "op-1",
                                  "op++", "op--", "op_post++"};
    u16 want[12] = {f.op(0, a, b, c), f.op(1, a, b, c), f.op(2, a, b, c),
                    f.op(3, a, b, c), f.op(0, a, b, c), f.op(1, a, b, c),
                    f.op(2, a, b, c), f.op(3, a, b, c), (u16)(a ^ 0x8000),
                    f.op(0, a, f.one(), 0), f.op(1, a, f.one(), 0), a};
    for (int k = 0; k < 12; k++)
        t.check(o[17 + k] == want[k], opn[k], in, o[17 + k], want[k]);
    unsigned w0 = 0;
    for (int k = 0; k < N_CMP; k++)
        w0 |= (unsigned)f.cmp(k, a, b) << k;
    static const int opk[6] = {0, 7, 2, 3, 4, 5};  // == != < <= > >=
    for (int j = 0; j < 6; j++)
        w0 |= (unsigned)f.cmp(opk[j], a, b) << (12 + j);
    t.check(w[0] == w0, "compare", in, w[0], w0);
}

// The pair forms' results: lane x from (a, b, c), lane y from (b, c, a).
static void check_pair(Tally &t, const Fmt &f, u16 a, u16 b, u16 c,
                       const u16 *o, const unsigned *w)
{
    unsigned long long in = (unsigned long long)a << 32 |
                            (unsigned long long)b << 16 | c;
    char what[32];
    for (int k = 0; k < N_OPS; k++) {
        u16 wx = f.op(k, a, b, c), wy = f.op(k, b, c, a);
        snprintf(what, sizeof what, "%s2.x", op_names[k]);
        t.check(o[29 + 2 * k] == wx, what, in, o[29 + 2 * k], wx);
        snprintf(what, sizeof what, "%s2.y", op_names[k]);
        t.check(o[30 + 2 * k] == wy, what, in, o[30 + 2 * k], wy);
    }
    for (int k = 0; k < 8; k++) {
        int at = k < 4 ? 29 + 2 * N_OPS + 2 * k : 39 + 2 * N_OPS + 2 * (k - 4);
        u16 wx = f.op(k % 4, a, b, c), wy = f.op(k % 4, b, c, a);
        snprintf(what, sizeof what, "pair op%c%s", "+-*/"[k % 4],
                 k < 4 ? "" : "=");
        t.check(o[at] == wx, what, in, o[at], wx);
        t.check(o[at + 1] == wy, what, in, o[at + 1], wy);
    }
    // __hcmadd: (a + ib)(b + ic) + (c + ia), within 1 ulp, or exactly
    // what NVIDIA's headers compute: the "fast" complex multiply-add
    // (its only documented accuracy) is four fmas, each rounded,
    // re = fma(-b, c, fma(a, b, c)) and im = fma(b, b, fma(a, c, a)),
    // which cancel (2 * x + 2 - x * 2 is 0) or overflow on the way
    // where the exact result does not.  nvcc's PTX is those fmas.
    double va = f.val(a), vb = f.val(b), vc = f.val(c);
    u16 cre = f.rn(va * vb - vb * vc + vc), cim = f.rn(va * vc + vb * vb + va);
    u16 fre = f.fma((u16)(b ^ 0x8000), c, f.fma(a, b, c));
    u16 fim = f.fma(b, b, f.fma(a, c, a));
    u16 gre = o[37 + 2 * N_OPS], gim = o[38 + 2 * N_OPS];
    bool okr = f.isnan(cre) || f.isnan(gre) ? f.isnan(cre) && f.isnan(gre)
             : std::abs(ord16(gre) - ord16(cre)) <= 1;
    bool oki = f.isnan(cim) || f.isnan(gim) ? f.isnan(cim) && f.isnan(gim)
             : std::abs(ord16(gim) - ord16(cim)) <= 1;
    okr = okr || gre == fre || (f.isnan(gre) && f.isnan(fre));
    oki = oki || gim == fim || (f.isnan(gim) && f.isnan(fim));
    t.check(okr, "hcmadd.x", in, gre, cre);
    t.check(oki, "hcmadd.y", in, gim, cim);
    unsigned w1 = 0, w2 = 0;
    for (int k = 0; k < N_CMP; k++) {
        bool x = f.cmp(k, a, b), y = f.cmp(k, b, c);
        w1 |= (unsigned)x << (2 * k) | (unsigned)y << (2 * k + 1);
        w2 |= (unsigned)(x && y) << k;
        unsigned m = (x ? 0xffffu : 0) | (y ? 0xffff0000u : 0);
        snprintf(what, sizeof what, "h%s2_mask", cmp_names[k]);
        t.check(w[3 + k] == m, what, in, w[3 + k], m);
    }
    static const int opk[6] = {0, 7, 2, 3, 4, 5};  // == != < <= > >=
    for (int j = 0; j < 6; j++)
        w2 |= (unsigned)(f.cmp(opk[j], a, b) && f.cmp(opk[j], b, c))
              << (12 + j);
    t.check(w[1] == w1, "compare2", in, w[1], w1);
    t.check(w[2] == w2, "compare2_both", in, w[2], w2);
}

// Specials and edges of the format, then random patterns.
static std::vector<u16> special_values(int M, int E)
{
    u16 inf = (u16)(((1u << E) - 1) << M);
    u16 one = (u16)(((1u << (E - 1)) - 1) << M);
    std::vector<u16> v = {0, 1, 2, (u16)((1u << M) - 1), (u16)(1u << M),
                          (u16)((1u << M) + 1), (u16)(one - 1), one,
                          (u16)(one + 1), (u16)(one + (1u << M)),
                          (u16)(one - (1u << M)), (u16)(one + (1u << M) + 1),
                          (u16)(one + (3u << (M - 1))), (u16)(inf - 1),
                          (u16)(inf - 2), (u16)(inf - (1u << M)), inf,
                          (u16)(inf + 1), 0x7fff, (u16)(inf | (1u << (M - 1)))};
    size_t n = v.size();
    for (size_t k = 0; k < n; k++)
        v.push_back((u16)(v[k] ^ 0x8000));
    unsigned s = 7;
    while (v.size() < 64) {
        s = s * 1103515245u + 12345u;
        v.push_back((u16)(s >> 16));
    }
    return v;
}

template <class Ops, bool PAIR>
static int check_binary()
{
    const int M = Ops::M, E = Ops::E;
    Fmt f = {M, E};
    std::vector<u16> A, B, C, sp = special_values(M, E);
    for (size_t i = 0; i < sp.size(); i++)
        for (size_t j = 0; j < sp.size(); j++) {
            A.push_back(sp[i]);
            B.push_back(sp[j]);
            C.push_back(sp[(i * 7 + j * 3) % sp.size()]);
        }
    // fma ties: (1 + k 2^-M) * 1.5 is a midpoint for odd k below 2/3 *
    // 2^M; a tiny c of either sign must decide the rounding.
    u16 one = f.one(), onehalf = (u16)(one + (1u << (M - 1)));
    for (unsigned k = 1; k < (2u << M) / 3; k += 2)
        for (u16 c : {(u16)1, (u16)0x8001, (u16)0, (u16)0x8000,
                      (u16)(one - (unsigned)(M + 3) * (1u << M))}) {
            A.push_back((u16)(one + k));
            B.push_back(onehalf);
            C.push_back(c);
            A.push_back((u16)((one + k) ^ 0x8000));
            B.push_back(onehalf);
            C.push_back((u16)(c ^ 0x8000));
        }
    unsigned s = 4242;
    for (int k = 0; k < 40000; k++) {
        u16 r[3];
        for (int j = 0; j < 3; j++) {
            s = s * 1664525u + 1013904223u;
            r[j] = (u16)(s >> 16);
        }
        // Keep most operands near each other's scale, where sums round.
        if (k & 1)
            r[1] = (u16)((r[1] & (0x8000 | ((8u << M) - 1))) |
                         (r[0] & 0x7fff & ~((8u << M) - 1)));
        A.push_back(r[0]);
        B.push_back(r[1]);
        C.push_back(r[2]);
    }
    int n = (int)A.size();
    u16 *da, *db, *dc, *dout;
    unsigned *dcw;
    CHECK(cudaMalloc(&da, 2 * n));
    CHECK(cudaMalloc(&db, 2 * n));
    CHECK(cudaMalloc(&dc, 2 * n));
    CHECK(cudaMalloc(&dout, 2 * (size_t)n * N_BIN));
    CHECK(cudaMalloc(&dcw, 4 * (size_t)n * N_CW));
    CHECK(cudaMemcpy(da, A.data(), 2 * n, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, B.data(), 2 * n, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, C.data(), 2 * n, cudaMemcpyHostToDevice));
    binary_kernel<Ops, PAIR><<<(n + 127) / 128, 128>>>(da, db, dc, dout, dcw,
                                                       n);
    CHECK(cudaGetLastError());
    std::vector<u16> out((size_t)n * N_BIN);
    std::vector<unsigned> cw((size_t)n * N_CW);
    CHECK(cudaMemcpy(out.data(), dout, out.size() * 2, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(cw.data(), dcw, cw.size() * 4, cudaMemcpyDeviceToHost));
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    cudaFree(dout);
    cudaFree(dcw);

    Tally t = {"check", 0, 0};
    for (int i = 0; i < n; i++) {
        u16 a = A[i], b = B[i], c = C[i];
        const u16 *o = &out[(size_t)i * N_BIN];
        const unsigned *w = &cw[(size_t)i * N_CW];
        if (PAIR)
            check_pair(t, f, a, b, c, o, w);
        else
            check_scalar(t, f, a, b, c, o, w);
    }
    return t.bad;
}

// --- warp shuffles and atomics ---------------------------------------------

template <class Ops>
__global__ void warp_atomic_kernel(typename Ops::T *sc, typename Ops::T2 *pc,
                                   u16 *shfl, u16 *olds)
{
    typedef typename Ops::T T;
    typedef typename Ops::T2 T2;
    int lane = threadIdx.x % 32, i = threadIdx.x;
    T v = Ops::mk((u16)(Ops::bits(Ops::one()) + i));
    T2 p = Ops::pair(v, -v);
    u16 *s = shfl + i * 10;
    s[0] = Ops::bits(__shfl_sync(0xffffffffu, v, (lane + 5) % 32));
    s[1] = Ops::bits(__shfl_up_sync(0xffffffffu, v, 1));
    s[2] = Ops::bits(__shfl_down_sync(0xffffffffu, v, 2));
    s[3] = Ops::bits(__shfl_xor_sync(0xffffffffu, v, 7));
    s[4] = Ops::bits(__shfl_xor_sync(0xffffffffu, v, 3, 16));
    T2 q = __shfl_sync(0xffffffffu, p, 31 - lane);
    s[5] = Ops::bits(Ops::lo(q));
    s[6] = Ops::bits(Ops::hi(q));
    q = __shfl_down_sync(0xffffffffu, p, 4);
    s[7] = Ops::bits(Ops::lo(q));
    q = __shfl_up_sync(0xffffffffu, p, 3);
    s[8] = Ops::bits(Ops::hi(q));
    q = __shfl_xor_sync(0xffffffffu, p, 16);
    s[9] = Ops::bits(Ops::lo(q));
    // Counters: sc[0] += 1 and sc[1] (the upper half of a word) += 0.5
    // from every thread, pc[0] += (1, -2): every partial sum is exact.
    __shared__ T shc[2];
    if (i < 2)
        shc[i] = Ops::mk(0);
    __syncthreads();
    olds[i] = Ops::bits(atomicAdd(&sc[0], Ops::one()));
    atomicAdd(&sc[1], Ops::fromf(0.5f, 0));
    atomicAdd(&pc[0], Ops::pair(Ops::one(), Ops::fromf(-2.0f, 0)));
    atomicAdd(&shc[1], Ops::one());
    __syncthreads();
    if (i == 0)
        sc[2] = shc[1];
}

template <class Ops>
static int check_warp_atomic()
{
    typedef typename Ops::T T;
    typedef typename Ops::T2 T2;
    const int n = 256, M = Ops::M, E = Ops::E;
    Fmt f = {M, E};
    T *dsc;
    T2 *dpc;
    u16 *dsh, *dold;
    CHECK(cudaMalloc(&dsc, 4 * sizeof(T)));
    CHECK(cudaMalloc(&dpc, sizeof(T2)));
    CHECK(cudaMalloc(&dsh, 2 * n * 10));
    CHECK(cudaMalloc(&dold, 2 * n));
    CHECK(cudaMemset(dsc, 0, 4 * sizeof(T)));
    CHECK(cudaMemset(dpc, 0, sizeof(T2)));
    warp_atomic_kernel<Ops><<<1, n>>>(dsc, dpc, dsh, dold);
    CHECK(cudaGetLastError());
    u16 sc[4], pc[2], sh[n * 10], old[n];
    CHECK(cudaMemcpy(sc, dsc, sizeof sc, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(pc, dpc, sizeof pc, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sh, dsh, sizeof sh, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(old, dold, sizeof old, cudaMemcpyDeviceToHost));
    cudaFree(dsc);
    cudaFree(dpc);
    cudaFree(dsh);
    cudaFree(dold);
    Tally t = {"check", 0, 0};
    u16 one = f.one();
    for (int i = 0; i < n; i++) {
        int lane = i % 32, w = i - lane;
        auto val = [&](int j) { return (u16)(one + j); };
        u16 want[10] = {val(w + (lane + 5) % 32),
                        val(lane >= 1 ? i - 1 : i),
                        val(lane + 2 < 32 ? i + 2 : i),
                        val(w + (lane ^ 7)),
                        val(w + (lane & 16) + ((lane & 15) ^ 3)),
                        val(w + 31 - lane),
                        (u16)(val(w + 31 - lane) ^ 0x8000),
                        val(lane + 4 < 32 ? i + 4 : i),
                        (u16)(val(lane >= 3 ? i - 3 : i) ^ 0x8000),
                        val(w + (lane ^ 16))};
        for (int k = 0; k < 10; k++)
            t.check(sh[i * 10 + k] == want[k], "shfl", i * 10 + k,
                    sh[i * 10 + k], want[k]);
    }
    // The old values atomicAdd returned: each of 0 .. 255 once.
    std::vector<int> seen(n, 0);
    for (int i = 0; i < n; i++) {
        double v = f.val(old[i]);
        if (v >= 0 && v < n && v == (int)v)
            seen[(int)v]++;
    }
    for (int i = 0; i < n; i++)
        t.check(seen[i] == 1, "atomicAdd old values", i, seen[i], 1);
    u16 w256 = f.rn(256), w128 = f.rn(128), wm512 = f.rn(-512);
    t.check(sc[0] == w256, "atomicAdd(T*)", 0, sc[0], w256);
    t.check(sc[1] == w128, "atomicAdd(T*) upper half", 1, sc[1], w128);
    t.check(sc[2] == w256, "atomicAdd(__shared__ T*)", 2, sc[2], w256);
    t.check(sc[3] == 0, "atomicAdd neighbour", 3, sc[3], 0);
    t.check(pc[0] == w256, "atomicAdd(T2*).x", 0, pc[0], w256);
    t.check(pc[1] == wm512, "atomicAdd(T2*).y", 1, pc[1], wm512);
    return t.bad;
}

// --- data movement: pairs built, split, swapped and loaded ----------------

template <class Ops>
__global__ void movement_kernel(const typename Ops::T2 *in, unsigned *o)
{
    int i = threadIdx.x;
    Ops::movement(Ops::lo(in[i]), Ops::hi(in[i]), &in[i], o + i * 9);
}

template <class Ops>
static int check_movement()
{
    typedef typename Ops::T2 T2;
    const int n = 64;
    unsigned in[n], out[n * 9];
    for (int i = 0; i < n; i++)
        in[i] = (unsigned)(i * 2654435761u);
    T2 *din;
    unsigned *dout;
    CHECK(cudaMalloc(&din, sizeof in));
    CHECK(cudaMalloc(&dout, sizeof out));
    CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
    movement_kernel<Ops><<<1, n>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    cudaFree(din);
    cudaFree(dout);
    static const char *names[9] = {"dup", "low2", "high2", "lows", "highs",
                                   "lowhigh2highlow", "make", "as_short",
                                   "ldg"};
    Tally t = {"check", 0, 0};
    for (int i = 0; i < n; i++) {
        unsigned a = in[i] & 0xffff, b = in[i] >> 16;
        unsigned want[9] = {a | a << 16, a | a << 16, b | b << 16,
                            a | b << 16, b | a << 16, b | a << 16,
                            b | a << 16, a, a | b << 16};
        for (int k = 0; k < 9; k++)
            t.check(out[i * 9 + k] == want[k], names[k], in[i],
                    out[i * 9 + k], want[k]);
    }
    return t.bad;
}

// The three parts, one test program each, so that no program's kernels
// take long to compile for the CPU (each instantiates only its kernels).
static int report(int bad, const char *test)
{
    if (bad) {
        printf("FAIL %s: %d mismatches\n", test, bad);
        return 1;
    }
    printf("PASS %s\n", test);
    return 0;
}

template <class Ops>
static int run_conversions(const char *test)
{
    return report(check_unary<Ops, false>() + check_from_float<Ops>() +
                  check_from_int<Ops>() + check_warp_atomic<Ops>() +
                  check_movement<Ops>(), test);
}

template <class Ops>
static int run_arithmetic(const char *test)
{
    return report(check_binary<Ops, false>(), test);
}

template <class Ops>
static int run_pair_arithmetic(const char *test)
{
    return report(check_binary<Ops, true>(), test);
}

template <class Ops>
static int run_math(const char *test)
{
    return report(check_unary<Ops, true>(), test);
}

#endif
