// fp16_ref.h: the host reference for half_precision.cu and bfloat16.cu, a
// 16-bit IEEE format with M mantissa and E exponent bits, written from the
// IEEE 754 definitions and independent of cux's headers: values are
// decoded to sign * m * 2^e with m an exact 128-bit integer, sums and
// products are formed exactly, and ref_round rounds such a value once,
// in any of the four modes, by looking at the bits it drops.
#ifndef FP16_REF_H
#define FP16_REF_H

#include <cmath>
#include <cstdio>
#include <cstring>

typedef unsigned __int128 u128;
enum { MODE_RN, MODE_RZ, MODE_RD, MODE_RU };

// An exact value: (-1)^s * m * 2^e; nan/inf flag the specials.
struct Exact {
    int s;
    u128 m;
    int e;
    bool nan, inf;
};

static int top_bit(u128 m)
{
    int t = 0;
    while (m >>= 1)
        t++;
    return t;
}

// Bits of any IEEE binary format (mant bits M, exponent bits E).
static Exact decode_bits(unsigned long long b, int M, int E)
{
    Exact x = {};
    int bias = (1 << (E - 1)) - 1;
    unsigned long long mant = b & ((1ull << M) - 1);
    int ef = (int)((b >> M) & ((1u << E) - 1));
    x.s = (int)((b >> (M + E)) & 1);
    if (ef == (1 << E) - 1) {
        x.nan = mant != 0;
        x.inf = mant == 0;
    } else if (ef == 0) {
        x.m = mant;
        x.e = 1 - bias - M;
    } else {
        x.m = mant | (1ull << M);
        x.e = ef - bias - M;
    }
    return x;
}

static Exact decode_double(double d)
{
    unsigned long long b;
    memcpy(&b, &d, 8);
    return decode_bits(b, 52, 11);
}

static double exact_to_double(const Exact &x)  // exact for 16-bit values
{
    if (x.nan)
        return NAN;
    if (x.inf)
        return x.s ? -INFINITY : INFINITY;
    double v = std::ldexp((double)x.m, x.e);
    return x.s ? -v : v;
}

// Rounds (-1)^s * m * 2^e to the format (M, E) in the given mode: an
// overflow gives infinity when the mode rounds away from zero, else the
// largest finite value.
static unsigned short ref_round(int s, u128 m, int e, int mode, int M, int E)
{
    unsigned short sign = (unsigned short)(s << 15);
    if (m == 0)
        return sign;
    int bias = (1 << (E - 1)) - 1;
    int emin = 1 - bias;
    int X = top_bit(m) + e;               // floor(log2 |value|)
    // The exponent of the last bit kept.
    int q = X - M > emin - M ? X - M : emin - M;
    int sh = q - e;
    u128 k;
    bool inexact, above, tie;
    if (sh <= 0) {
        k = m << -sh;
        inexact = above = tie = false;
    } else if (sh >= 127) {
        k = 0;
        inexact = true;
        above = tie = false;
    } else {
        k = m >> sh;
        u128 rem = m & (((u128)1 << sh) - 1), half = (u128)1 << (sh - 1);
        inexact = rem != 0;
        above = rem > half;
        tie = rem == half;
    }
    bool up = mode == MODE_RN ? (above || (tie && (k & 1)))
            : mode == MODE_RZ ? false
            : mode == MODE_RU ? inexact && !s
            : inexact && s;
    k += up;
    if (k == ((u128)1 << (M + 1))) {
        k >>= 1;
        q++;
    }
    bool away = mode == MODE_RN || (mode == MODE_RU && !s) ||
                (mode == MODE_RD && s);
    unsigned inf = ((1u << E) - 1) << M;
    if (k < ((u128)1 << M))
        return (unsigned short)(sign | (unsigned)k);  // subnormal
    int ef = q + M + bias;
    if (ef >= (1 << E) - 1)
        return (unsigned short)(sign | (away ? inf : inf - 1));
    return (unsigned short)(sign | (ef << M) | (unsigned)(k - ((u128)1 << M)));
}

static unsigned short round_exact(const Exact &x, int mode, int M, int E)
{
    if (x.nan)
        return 0x7fff;
    if (x.inf)
        return (unsigned short)((x.s << 15) | (((1u << E) - 1) << M));
    return ref_round(x.s, x.m, x.e, mode, M, E);
}

static unsigned short round_double(double d, int mode, int M, int E)
{
    return round_exact(decode_double(d), mode, M, E);
}

// Exact a * b + c of finite values (the product exactly; a sum whose
// terms are more than 100 bits apart keeps the smaller one as a tiny
// term of the same sign 40 bits below the larger's last bit, which
// decides every rounding the same way, as the larger has at most 22
// significant bits).
static Exact exact_fma(const Exact &a, const Exact &b, const Exact &c)
{
    Exact p = {a.s ^ b.s, a.m * b.m, a.e + b.e, false, false};
    if (p.m == 0 && c.m == 0) {
        Exact z = {p.s & c.s, 0, 0, false, false};  // -0 only from -0 + -0
        return z;
    }
    if (p.m == 0)
        return c;
    Exact q = c;
    if (q.m == 0)
        return p;
    Exact *lo = p.e < q.e ? &p : &q, *hi = p.e < q.e ? &q : &p;
    if (hi->e - lo->e > 100) {
        lo->m = 1;
        lo->e = hi->e - 40;
    }
    __int128 sum = (lo->s ? -1 : 1) * (__int128)lo->m +
                   (hi->s ? -1 : 1) * ((__int128)hi->m << (hi->e - lo->e));
    Exact r = {sum < 0, (u128)(sum < 0 ? -sum : sum), lo->e, false, false};
    return r;
}

static Exact exact_of(long long v, bool is_unsigned)
{
    Exact x = {};
    if (is_unsigned) {
        x.m = (unsigned long long)v;
    } else {
        x.s = v < 0;
        x.m = v < 0 ? (u128)(0 - (unsigned long long)v) : (u128)v;
    }
    return x;
}

// The integer conversion of a value: round by mode (ties to even by hand),
// saturate to the type of `bits` bits, NaN gives nanv.
static long long ref_to_int(double v, int mode, int bits, bool is_unsigned,
                            long long nanv)
{
    if (v != v)
        return nanv;
    double r;
    if (mode == MODE_RN) {
        double fl = std::floor(v), d = v - fl;
        r = d > 0.5 ? fl + 1 : d < 0.5 ? fl
          : std::fmod(fl, 2.0) == 0 ? fl : fl + 1;
    } else if (mode == MODE_RZ) {
        r = std::trunc(v);
    } else if (mode == MODE_RD) {
        r = std::floor(v);
    } else {
        r = std::ceil(v);
    }
    if (is_unsigned) {
        double top = std::ldexp(1.0, bits);
        if (r <= 0)
            return 0;
        if (r >= top)
            return bits == 64 ? (long long)~0ull
                              : (long long)((1ull << bits) - 1);
        return (long long)(unsigned long long)r;
    }
    double top = std::ldexp(1.0, bits - 1);
    if (r >= top)
        return bits == 64 ? (long long)(~0ull >> 1) : (1ll << (bits - 1)) - 1;
    if (r <= -top)
        return bits == 64 ? (long long)(1ull << 63) : -(1ll << (bits - 1));
    return (long long)r;
}

// An order-preserving integer of the format's bits (for ulp distances).
static int ord16(unsigned short b)
{
    return (b & 0x8000) ? -(int)(b & 0x7fff) : (int)(b & 0x7fff);
}

// Tallies mismatches per checked function and prints the first few.
struct Tally {
    const char *test;
    int bad;
    int shown;
    void check(bool ok, const char *what, unsigned long long in,
               unsigned long long got, unsigned long long want)
    {
        if (ok)
            return;
        if (shown++ < 12)
            printf("%s: %s(0x%llx) = 0x%llx, want 0x%llx\n", test, what, in,
                   got, want);
        bad++;
    }
};

#endif
