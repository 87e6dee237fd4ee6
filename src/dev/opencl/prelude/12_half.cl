/* 12_half.cl: the half, bfloat16 and tf32 helpers that lane_ops' packed
 * (.f16x2, .bf16x2) and converting instructions expect: each half is
 * widened to float, computed there and rounded back once, in the mode the
 * instruction names, with NaN as the canonical 0x7fff. */

CUX_INL float cux_bf16_to_float(ushort h) { return as_float((uint)h << 16); }

CUX_INL ushort cux_float_to_bf16(float f)
{
    uint bits = as_uint(f);
    if (isnan(f))
        return (ushort)0x7fff;
    bits += 0x7fffu + ((bits >> 16) & 1u); /* to nearest, ties to even */
    return (ushort)(bits >> 16);
}

/* f to f16 (bf = 0) or bf16 (bf = 1) in `mode` (0 nearest even, 1
 * toward zero, 2 down, 3 up): the nearest, then one step back where it
 * went past f on the wrong side.  Both formats are sign-magnitude, so a
 * step is one on the bits, and past the largest finite value the step
 * back from infinity gives that value. */
CUX_INL ushort cux_float_to_16(float f, int mode, int bf)
{
    ushort h = bf ? cux_float_to_bf16(f) : cux_float_to_half(f);
    if (mode == 0 || isnan(f))
        return h;
    float back = bf ? cux_bf16_to_float(h) : cux_half_to_float(h);
    if (back == f)
        return h;
    int away = fabs(back) > fabs(f);
    int wrong = mode == 1 ? away : mode == 2 ? back > f : back < f;
    if (!wrong)
        return h;
    return (ushort)(away ? h - 1 : h + 1);
}

/* .relu on a rounded half: a negative value becomes +0; -0 and NaN stay
 * (`inf` is the type's infinity without sign: above it lie the NaNs). */
CUX_INL ushort cux_relu16(ushort h, ushort inf)
{
    ushort mag = h & 0x7fff;
    return (h & 0x8000) && mag && mag <= inf ? (ushort)0 : h;
}

/* cvt to .tf32: the low 13 mantissa bits cleared after rounding (`mode` 0
 * to nearest even, 1 toward zero, 4 to nearest with ties away); a carry
 * reaches the next binade or infinity; NaN is 0x7fffffff, infinity stays. */
CUX_INL uint cux_float_to_tf32(float f, int mode)
{
    uint bits = as_uint(f);
    if (isnan(f))
        return 0x7fffffffu;
    if ((bits & 0x7f800000u) == 0x7f800000u)
        return bits;
    uint rest = bits & 0x1fffu;
    bits &= ~0x1fffu;
    if (mode == 4 ? rest >= 0x1000u
        : mode == 0 ? rest > 0x1000u || (rest == 0x1000u && (bits & 0x2000u))
        : 0)
        bits += 0x2000u;
    return bits;
}

#ifdef cl_khr_fp64
/* d to float by round-to-odd (toward zero, the last bit set where that
 * was inexact): rounding that again to f16 or bf16, at least two bits
 * narrower, gives what rounding d directly would in every mode. */
CUX_INL float cux_f64_to_f32_odd(double d)
{
    float t = convert_float_rtz(d);
    if (isnan(d) || (double)t == d)
        return t;
    return as_float(as_uint(t) | 1u);
}

/* A 64-bit magnitude to double by round-to-odd, for integer-to-half cvt
 * through cux_f64_to_f32_odd. */
CUX_INL double cux_u64_to_f64_odd(ulong m)
{
    if (!(m >> 53))
        return (double)m;
    int drop = 11 - (int)clz(m); /* bits below the top 53 */
    ulong kept = (m >> drop) | (ulong)((m & ((1UL << drop) - 1)) != 0);
    return ldexp((double)kept, drop);
}

CUX_INL double cux_s64_to_f64_odd(long x)
{
    return x < 0 ? -cux_u64_to_f64_odd(0UL - (ulong)x)
                 : cux_u64_to_f64_odd((ulong)x);
}

/* fma of halves rounded once: a b is exact in double, s + e = a b + c
 * exactly (two-sum), and the float from s by round-to-odd (with e
 * deciding where s itself is a float) rounds to the half as a b + c
 * would. */
CUX_INL float cux_fma_odd(float a, float b, float c)
{
    double p = (double)a * (double)b, s = p + (double)c;
    double v = s - p, e = (p - (s - v)) + ((double)c - v);
    float f = (float)s;
    if (isnan(f) || isinf(f) || ((double)f == s && e == 0.0))
        return f;
    uint bits = as_uint(f);
    double over = (double)f == s ? (f < 0.0f ? e : -e)
                                 : fabs((double)f) - fabs(s);
    if (over > 0.0 && (bits & 0x7fffffffu))
        bits -= 1; /* toward zero: magnitudes order as their bits */
    return as_float(bits | 1u);
}
#endif
