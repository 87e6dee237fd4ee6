// blackscholes.cl: the OpenCL C port of blackscholes.cu, run by
// blackscholes_ocl.c: Black-Scholes call and put prices (exp, log, sqrt
// and a polynomial normal CDF), one work-item per option.

// The normal CDF by the classic Abramowitz-Stegun polynomial (26.2.17,
// absolute error below 7.5e-8), the same formula as blackscholes.cu.
float cnd(float d)
{
    const float a1 = 0.31938153f, a2 = -0.356563782f, a3 = 1.781477937f,
                a4 = -1.821255978f, a5 = 1.330274429f;
    const float rsqrt2pi = 0.39894228040143267794f;
    float k = 1.0f / (1.0f + 0.2316419f * fabs(d));
    float c = rsqrt2pi * exp(-0.5f * d * d) *
              (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))));
    return d > 0.0f ? 1.0f - c : c;
}

// s: spot price, x: strike, t: years to expiry.
__kernel void blackscholes(__global float *call, __global float *put,
                           __global const float *s, __global const float *x,
                           __global const float *t, float r, float v, int n)
{
    int i = get_global_id(0);
    if (i >= n)
        return;
    float sqrt_t = sqrt(t[i]);
    float d1 = (log(s[i] / x[i]) + (r + 0.5f * v * v) * t[i]) /
               (v * sqrt_t);
    float d2 = d1 - v * sqrt_t;
    float cnd1 = cnd(d1), cnd2 = cnd(d2);
    float discount = x[i] * exp(-r * t[i]);
    call[i] = s[i] * cnd1 - discount * cnd2;
    put[i] = discount * (1.0f - cnd2) - s[i] * (1.0f - cnd1);
}
