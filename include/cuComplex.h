/* cuComplex.h: CUDA's single and double precision complex numbers
 * (cuFloatComplex, cuDoubleComplex) for host and device, written from the
 * CUDA documentation: a complex is a float2/double2, real part in .x, so
 * arrays of them have the layout of C99 complex and of BLAS. */
#ifndef CUX_CUCOMPLEX_H
#define CUX_CUCOMPLEX_H
#define CU_COMPLEX_H_

#include <math.h>
#include "host_defines.h"
#include "vector_types.h"

#define CUX_COMPLEX_FN static __host__ __device__ __inline__

#if defined(__cplusplus)
extern "C" {
#endif

typedef float2 cuFloatComplex;
typedef double2 cuDoubleComplex;
typedef cuFloatComplex cuComplex;

CUX_COMPLEX_FN float cuCrealf(cuFloatComplex x) { return x.x; }
CUX_COMPLEX_FN float cuCimagf(cuFloatComplex x) { return x.y; }
CUX_COMPLEX_FN cuFloatComplex make_cuFloatComplex(float r, float i)
{
    cuFloatComplex c;
    c.x = r;
    c.y = i;
    return c;
}
CUX_COMPLEX_FN cuFloatComplex cuConjf(cuFloatComplex x)
{
    return make_cuFloatComplex(x.x, -x.y);
}
CUX_COMPLEX_FN cuFloatComplex cuCaddf(cuFloatComplex x, cuFloatComplex y)
{
    return make_cuFloatComplex(x.x + y.x, x.y + y.y);
}
CUX_COMPLEX_FN cuFloatComplex cuCsubf(cuFloatComplex x, cuFloatComplex y)
{
    return make_cuFloatComplex(x.x - y.x, x.y - y.y);
}
CUX_COMPLEX_FN cuFloatComplex cuCmulf(cuFloatComplex x, cuFloatComplex y)
{
    return make_cuFloatComplex(x.x * y.x - x.y * y.y,
                               x.x * y.y + x.y * y.x);
}
/* Scaled by the larger of |Re y| and |Im y| so that the squares neither
 * overflow nor underflow, as CUDA's version does. */
CUX_COMPLEX_FN cuFloatComplex cuCdivf(cuFloatComplex x, cuFloatComplex y)
{
    float s = fabsf(y.x) + fabsf(y.y), inv = 1.0f / s;
    float ar = x.x * inv, ai = x.y * inv, br = y.x * inv, bi = y.y * inv;
    float d = 1.0f / (br * br + bi * bi);
    return make_cuFloatComplex((ar * br + ai * bi) * d,
                               (ai * br - ar * bi) * d);
}
CUX_COMPLEX_FN float cuCabsf(cuFloatComplex x) { return hypotf(x.x, x.y); }

CUX_COMPLEX_FN double cuCreal(cuDoubleComplex x) { return x.x; }
CUX_COMPLEX_FN double cuCimag(cuDoubleComplex x) { return x.y; }
CUX_COMPLEX_FN cuDoubleComplex make_cuDoubleComplex(double r, double i)
{
    cuDoubleComplex c;
    c.x = r;
    c.y = i;
    return c;
}
CUX_COMPLEX_FN cuDoubleComplex cuConj(cuDoubleComplex x)
{
    return make_cuDoubleComplex(x.x, -x.y);
}
CUX_COMPLEX_FN cuDoubleComplex cuCadd(cuDoubleComplex x, cuDoubleComplex y)
{
    return make_cuDoubleComplex(x.x + y.x, x.y + y.y);
}
CUX_COMPLEX_FN cuDoubleComplex cuCsub(cuDoubleComplex x, cuDoubleComplex y)
{
    return make_cuDoubleComplex(x.x - y.x, x.y - y.y);
}
CUX_COMPLEX_FN cuDoubleComplex cuCmul(cuDoubleComplex x, cuDoubleComplex y)
{
    return make_cuDoubleComplex(x.x * y.x - x.y * y.y,
                                x.x * y.y + x.y * y.x);
}
CUX_COMPLEX_FN cuDoubleComplex cuCdiv(cuDoubleComplex x, cuDoubleComplex y)
{
    double s = fabs(y.x) + fabs(y.y), inv = 1.0 / s;
    double ar = x.x * inv, ai = x.y * inv, br = y.x * inv, bi = y.y * inv;
    double d = 1.0 / (br * br + bi * bi);
    return make_cuDoubleComplex((ar * br + ai * bi) * d,
                                (ai * br - ar * bi) * d);
}
CUX_COMPLEX_FN double cuCabs(cuDoubleComplex x) { return hypot(x.x, x.y); }

CUX_COMPLEX_FN cuComplex make_cuComplex(float x, float y)
{
    return make_cuFloatComplex(x, y);
}
CUX_COMPLEX_FN cuDoubleComplex cuComplexFloatToDouble(cuFloatComplex c)
{
    return make_cuDoubleComplex((double)c.x, (double)c.y);
}
CUX_COMPLEX_FN cuFloatComplex cuComplexDoubleToFloat(cuDoubleComplex c)
{
    return make_cuFloatComplex((float)c.x, (float)c.y);
}
/* x * y + d */
CUX_COMPLEX_FN cuComplex cuCfmaf(cuComplex x, cuComplex y, cuComplex d)
{
    float r = (x.x * y.x) + d.x, i = (x.x * y.y) + d.y;
    return make_cuComplex(r - x.y * y.y, i + x.y * y.x);
}
CUX_COMPLEX_FN cuDoubleComplex cuCfma(cuDoubleComplex x, cuDoubleComplex y,
                                      cuDoubleComplex d)
{
    double r = (x.x * y.x) + d.x, i = (x.x * y.y) + d.y;
    return make_cuDoubleComplex(r - x.y * y.y, i + x.y * y.x);
}

#if defined(__cplusplus)
}
#endif

#undef CUX_COMPLEX_FN
#endif
