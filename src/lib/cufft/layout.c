/* layout.c: where a plan's input and output elements lie in memory, from
 * cuFFT's basic and advanced data layouts.
 *
 * Advanced layout (cufftPlanMany with inembed and onembed): element
 * (b; x0, .., xr-1) of the input is at b * idist + ((x0 * inembed[1] +
 * x1) * inembed[2] + x2) * istride, in units of the input's element, and
 * likewise for the output; inembed[0] and onembed[0] are never used.
 * Basic layout (either embed NULL, which also makes cuFFT ignore the
 * strides and distances): the arrays are dense in C order, a real
 * dimension n holding n/2+1 complex values on the complex side; in place,
 * the real side's last dimension is padded to 2 * (n/2+1) reals so that
 * it holds the complex side, FFTW's layout and cuFFT's. */
#include "cufft_int.h"

bool cux_fft_type_ok(cufftType type)
{
    switch (type) {
    case CUFFT_R2C: case CUFFT_C2R: case CUFFT_C2C:
    case CUFFT_D2Z: case CUFFT_Z2D: case CUFFT_Z2Z:
        return true;
    }
    return false;
}

bool cux_fft_is_real_in(cufftType type)
{
    return type == CUFFT_R2C || type == CUFFT_D2Z;
}

bool cux_fft_is_real_out(cufftType type)
{
    return type == CUFFT_C2R || type == CUFFT_Z2D;
}

bool cux_fft_is_double(cufftType type)
{
    return type == CUFFT_D2Z || type == CUFFT_Z2D || type == CUFFT_Z2Z;
}

/* The logical extents of one side: a real transform's complex side
 * holds n/2+1 values of its last dimension. */
static void logical(const cux_fft_shape *sh, bool real, long long *dims)
{
    for (int i = 0; i < sh->rank; i++)
        dims[i] = sh->n[i];
    if (!real && sh->type != CUFFT_C2C && sh->type != CUFFT_Z2Z)
        dims[sh->rank - 1] = sh->n[sh->rank - 1] / 2 + 1;
}

static bool embed_ok(const cux_fft_shape *sh, const long long *embed,
                     bool real)
{
    long long dims[CUX_FFT_MAX_RANK];
    logical(sh, real, dims);
    for (int i = 1; i < sh->rank; i++)
        if (embed[i] < dims[i])
            return false;
    return true;
}

/* The advanced layout's own checks (the sizes are checked before): a
 * stride below 1, a negative distance or a storage dimension smaller
 * than the data it holds (which would make output elements overlap) is
 * CUFFT_INVALID_VALUE, "one or more invalid parameters". */
cufftResult cux_fft_check(const cux_fft_shape *sh)
{
    if (sh->basic)
        return CUFFT_SUCCESS;
    if (sh->istride < 1 || sh->ostride < 1 || sh->idist < 0 || sh->odist < 0)
        return CUFFT_INVALID_VALUE;
    if (!embed_ok(sh, sh->inembed, cux_fft_is_real_in(sh->type)) ||
        !embed_ok(sh, sh->onembed, cux_fft_is_real_out(sh->type)))
        return CUFFT_INVALID_VALUE;
    return CUFFT_SUCCESS;
}

static void side(const cux_fft_shape *sh, const long long *embed,
                 long long stride, long long dist, cux_fft_side *s)
{
    s->stride[sh->rank - 1] = stride;
    for (int i = sh->rank - 2; i >= 0; i--)
        s->stride[i] = s->stride[i + 1] * embed[i + 1];
    s->dist = dist;
}

static void basic_side(const cux_fft_shape *sh, bool real, bool in_place,
                       cux_fft_side *s)
{
    long long dims[CUX_FFT_MAX_RANK];
    logical(sh, real, dims);
    bool padded = real && in_place && sh->type != CUFFT_C2C &&
                  sh->type != CUFFT_Z2Z;
    if (padded)
        dims[sh->rank - 1] = 2 * (sh->n[sh->rank - 1] / 2 + 1);
    side(sh, dims, 1, 0, s);
    s->dist = s->stride[0] * dims[0];
}

void cux_fft_layout(const cux_fft_shape *sh, bool in_place, cux_fft_side *in,
                    cux_fft_side *out)
{
    if (sh->basic) {
        basic_side(sh, cux_fft_is_real_in(sh->type), in_place, in);
        basic_side(sh, cux_fft_is_real_out(sh->type), in_place, out);
        return;
    }
    side(sh, sh->inembed, sh->istride, sh->idist, in);
    side(sh, sh->onembed, sh->ostride, sh->odist, out);
}

/* The bytes from an execution's first input element to its last one
 * included: what a copy of the input must hold. */
size_t cux_fft_in_span(const cux_fft_shape *sh, bool in_place)
{
    cux_fft_side in, out;
    cux_fft_layout(sh, in_place, &in, &out);
    bool real = cux_fft_is_real_in(sh->type);
    long long dims[CUX_FFT_MAX_RANK];
    logical(sh, real, dims);
    long long last = (sh->batch - 1) * in.dist;
    for (int i = 0; i < sh->rank; i++)
        last += (dims[i] - 1) * in.stride[i];
    size_t elem = (cux_fft_is_double(sh->type) ? 8 : 4) * (real ? 1 : 2);
    return (size_t)(last + 1) * elem;
}
