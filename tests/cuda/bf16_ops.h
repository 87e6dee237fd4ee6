// bf16_ops.h: cuda_bf16.h's format-specific names for fp16_test.h, shared
// by bfloat16.cu, bfloat16_arithmetic.cu and bfloat16_math.cu.
#ifndef BF16_OPS_H
#define BF16_OPS_H
#include <cuda_bf16.h>
#include "fp16_test.h"

struct Bf16Ops {
    typedef __nv_bfloat16 T;
    typedef __nv_bfloat162 T2;
    static const int M = 7, E = 8;
    __device__ static T mk(u16 b) { return __ushort_as_bfloat16(b); }
    __device__ static u16 bits(T h) { return __bfloat16_as_ushort(h); }
    __device__ static T2 pair(T a, T b) { return __halves2bfloat162(a, b); }
    __device__ static T lo(T2 p) { return __low2bfloat16(p); }
    __device__ static T hi(T2 p) { return __high2bfloat16(p); }
    __device__ static T one() { return __float2bfloat16(1.0f); }
    __device__ static float tof(T h) { return __bfloat162float(h); }
    __device__ static float2 tof2(T2 p) { return __bfloat1622float2(p); }
    __device__ static T fromf(float f, int mode)
    {
        switch (mode) {
        case 0: return __float2bfloat16_rn(f);
        case 1: return __float2bfloat16_rz(f);
        case 2: return __float2bfloat16_rd(f);
        default: return __float2bfloat16_ru(f);
        }
    }
    __device__ static T fromf_default(float f) { return __float2bfloat16(f); }
    __device__ static T2 f2pair1(float f) { return __float2bfloat162_rn(f); }
    __device__ static T2 f2pair(float a, float b)
    {
        return __floats2bfloat162_rn(a, b);
    }
    __device__ static T2 f22pair(float2 f) { return __float22bfloat162_rn(f); }
    // Data movement: each result's 32 bits, lane x low.
    __device__ static void movement(T a, T b, const T2 *p, unsigned *o)
    {
        T2 ab = __halves2bfloat162(a, b), ba = __halves2bfloat162(b, a);
        o[0] = pack(__bfloat162bfloat162(a));
        o[1] = pack(__low2bfloat162(ab));
        o[2] = pack(__high2bfloat162(ab));
        o[3] = pack(__lows2bfloat162(ab, ba));
        o[4] = pack(__highs2bfloat162(ab, ba));
        o[5] = pack(__lowhigh2highlow(ab));
        o[6] = pack(make_bfloat162(b, a));
        o[7] = (unsigned short)__bfloat16_as_short(
            __short_as_bfloat16((short)bits(a)));
        o[8] = bits(__ldg((const T *)p)) |
               (unsigned)bits(__high2bfloat16(__ldg(p))) << 16;
    }
    __device__ static unsigned pack(T2 p)
    {
        return bits(lo(p)) | (unsigned)bits(hi(p)) << 16;
    }
    __device__ static T fromd(double d) { return __double2bfloat16(d); }
// One function per conversion: see fp16_test.h.
#define TO_INT(tn)                                                             \
    __device__ __noinline__ static long long to_##tn(T h, int mode)            \
    {                                                                          \
        switch (mode) {                                                        \
        case 0: return __bfloat162##tn##_rn(h);                                \
        case 1: return __bfloat162##tn##_rz(h);                                \
        case 2: return __bfloat162##tn##_rd(h);                                \
        default: return __bfloat162##tn##_ru(h);                               \
        }                                                                      \
    }
#define FROM_INT(I, tn)                                                        \
    __device__ __noinline__ static T from_##tn(long long v, int mode)          \
    {                                                                          \
        switch (mode) {                                                        \
        case 0: return __##tn##2bfloat16_rn((I)v);                             \
        case 1: return __##tn##2bfloat16_rz((I)v);                             \
        case 2: return __##tn##2bfloat16_rd((I)v);                             \
        default: return __##tn##2bfloat16_ru((I)v);                            \
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
        case 6: return __bfloat162char_rz(h);
        default: return __bfloat162uchar_rz(h);
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
