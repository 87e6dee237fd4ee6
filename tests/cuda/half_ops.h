// half_ops.h: cuda_fp16.h's format-specific names for fp16_test.h, shared
// by half_precision.cu, half_arithmetic.cu and half_math.cu.
#ifndef HALF_OPS_H
#define HALF_OPS_H
#include <cuda_fp16.h>
#include "fp16_test.h"

struct HalfOps {
    typedef __half T;
    typedef __half2 T2;
    static const int M = 10, E = 5;
    __device__ static T mk(u16 b) { return __ushort_as_half(b); }
    __device__ static u16 bits(T h) { return __half_as_ushort(h); }
    __device__ static T2 pair(T a, T b) { return __halves2half2(a, b); }
    __device__ static T lo(T2 p) { return __low2half(p); }
    __device__ static T hi(T2 p) { return __high2half(p); }
    __device__ static T one() { return __float2half(1.0f); }
    __device__ static float tof(T h) { return __half2float(h); }
    __device__ static float2 tof2(T2 p) { return __half22float2(p); }
    __device__ static T fromf(float f, int mode)
    {
        switch (mode) {
        case 0: return __float2half_rn(f);
        case 1: return __float2half_rz(f);
        case 2: return __float2half_rd(f);
        default: return __float2half_ru(f);
        }
    }
    __device__ static T fromf_default(float f) { return __float2half(f); }
    __device__ static T2 f2pair1(float f) { return __float2half2_rn(f); }
    __device__ static T2 f2pair(float a, float b)
    {
        return __floats2half2_rn(a, b);
    }
    __device__ static T2 f22pair(float2 f) { return __float22half2_rn(f); }
    // Data movement: each result's 32 bits, lane x low.
    __device__ static void movement(T a, T b, const T2 *p, unsigned *o)
    {
        T2 ab = __halves2half2(a, b), ba = __halves2half2(b, a);
        o[0] = pack(__half2half2(a));
        o[1] = pack(__low2half2(ab));
        o[2] = pack(__high2half2(ab));
        o[3] = pack(__lows2half2(ab, ba));
        o[4] = pack(__highs2half2(ab, ba));
        o[5] = pack(__lowhigh2highlow(ab));
        o[6] = pack(make_half2(b, a));
        o[7] = (unsigned short)__half_as_short(
            __short_as_half((short)bits(a)));
        o[8] = bits(__ldg((const T *)p)) |
               (unsigned)bits(__high2half(__ldg(p))) << 16;
    }
    __device__ static unsigned pack(T2 p)
    {
        return bits(lo(p)) | (unsigned)bits(hi(p)) << 16;
    }
    __device__ static T fromd(double d) { return __double2half(d); }
// One function per conversion: see fp16_test.h.
#define TO_INT(tn)                                                             \
    __device__ __noinline__ static long long to_##tn(T h, int mode)            \
    {                                                                          \
        switch (mode) {                                                        \
        case 0: return __half2##tn##_rn(h);                                    \
        case 1: return __half2##tn##_rz(h);                                    \
        case 2: return __half2##tn##_rd(h);                                    \
        default: return __half2##tn##_ru(h);                                   \
        }                                                                      \
    }
#define FROM_INT(I, tn)                                                        \
    __device__ __noinline__ static T from_##tn(long long v, int mode)          \
    {                                                                          \
        switch (mode) {                                                        \
        case 0: return __##tn##2half_rn((I)v);                                 \
        case 1: return __##tn##2half_rz((I)v);                                 \
        case 2: return __##tn##2half_rd((I)v);                                 \
        default: return __##tn##2half_ru((I)v);                                \
        }                                                                      \
    }
    TO_INT(int) TO_INT(uint) TO_INT(short) TO_INT(ushort) TO_INT(ll)
    TO_INT(ull)
    FROM_INT(int, int) FROM_INT(unsigned int, uint) FROM_INT(short, short)
    FROM_INT(unsigned short, ushort) FROM_INT(long long, ll)
    FROM_INT(unsigned long long, ull)
    __device__ static long long to_int(T h, int type, int mode)
    {
        switch (type) {
        case 0: return to_int(h, mode);
        case 1: return to_uint(h, mode);
        case 2: return to_short(h, mode);
        case 3: return to_ushort(h, mode);
        case 4: return to_ll(h, mode);
        case 5: return to_ull(h, mode);
        case 6: return __half2char_rz(h);
        default: return __half2uchar_rz(h);
        }
    }
    __device__ static T from_int(long long v, int type, int mode)
    {
        switch (type) {
        case 0: return from_int(v, mode);
        case 1: return from_uint(v, mode);
        case 2: return from_short(v, mode);
        case 3: return from_ushort(v, mode);
        case 4: return from_ll(v, mode);
        default: return from_ull(v, mode);
        }
    }
#undef TO_INT
#undef FROM_INT
};

#endif
