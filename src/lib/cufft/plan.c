/* plan.c: making cuFFT plans (cufftPlan*, cufftMakePlan*) and the
 * work-area queries (cufftEstimate*, cufftGetSize*).
 *
 * Making a plan checks and records its sizes and layout; the FFTW plans
 * themselves are made on first execution (fftw.c), when the arrays are
 * known: FFTW plans for one alignment and for in place or not, which
 * cuFFT leaves to the execution.  Every entry point funnels into make(),
 * in the 64-bit form. */
#include "cufft_int.h"

#include <stdint.h>

/* cuFFT's documented statuses: "CUFFT_INVALID_SIZE: One or more of the
 * parameters is not a supported size" (rank, a dimension or the batch),
 * CUFFT_INVALID_TYPE for a type that is not a cufftType. */
static cufftResult check_sizes(int rank, const long long *n,
                               cufftType type, long long batch)
{
    if (!cux_fft_type_ok(type))
        return CUFFT_INVALID_TYPE;
    if (rank < 1 || rank > CUX_FFT_MAX_RANK || batch < 1)
        return CUFFT_INVALID_SIZE;
    if (!n)
        return CUFFT_INVALID_VALUE;
    for (int i = 0; i < rank; i++)
        if (n[i] < 1 || n[i] > INT64_MAX / 4)
            return CUFFT_INVALID_SIZE;
    return CUFFT_SUCCESS;
}

/* The shape a plan would have, without touching the registry: shared by
 * the makers and the size queries. */
static cufftResult describe(cux_fft_shape *s, int rank, const long long *n,
                            const long long *inembed, long long istride,
                            long long idist, const long long *onembed,
                            long long ostride, long long odist,
                            cufftType type, long long batch)
{
    cufftResult r = check_sizes(rank, n, type, batch);
    if (r != CUFFT_SUCCESS)
        return r;
    *s = (cux_fft_shape){.type = type, .rank = rank, .batch = batch,
                         .basic = !inembed || !onembed, .istride = istride,
                         .idist = idist, .ostride = ostride, .odist = odist};
    for (int i = 0; i < rank; i++) {
        s->n[i] = n[i];
        s->inembed[i] = s->basic ? 0 : inembed[i];
        s->onembed[i] = s->basic ? 0 : onembed[i];
    }
    return cux_fft_check(s);
}

static cufftResult make(cufftHandle handle, int rank, const long long *n,
                        const long long *inembed, long long istride,
                        long long idist, const long long *onembed,
                        long long ostride, long long odist, cufftType type,
                        long long batch, size_t *workSize)
{
    cux_fft_plan *p = cux_fft_find(handle);
    /* A handle's plan is made once; cuFFT calls a made plan locked. */
    if (!p || p->made)
        return CUFFT_INVALID_PLAN;
    cux_fft_shape s;
    cufftResult r = describe(&s, rank, n, inembed, istride, idist, onembed,
                             ostride, odist, type, batch);
    if (r != CUFFT_SUCCESS)
        return r;
    p->s = s;
    p->threads = cux_fftw_threads(&s);
    p->made = true;
    if (workSize)
        *workSize = 0;
    return CUFFT_SUCCESS;
}

/* int arrays of the 32-bit API to the 64-bit form; NULL stays NULL. */
static const long long *widen(const int *v, int rank, long long *out)
{
    if (!v || rank < 1 || rank > CUX_FFT_MAX_RANK)
        return v ? out : NULL;
    for (int i = 0; i < rank; i++)
        out[i] = v[i];
    return out;
}

CUX_FFT_EXPORT cufftResult cufftMakePlanMany64(
    cufftHandle plan, int rank, long long int *n, long long int *inembed,
    long long int istride, long long int idist, long long int *onembed,
    long long int ostride, long long int odist, cufftType type,
    long long int batch, size_t *workSize)
{
    return make(plan, rank, n, inembed, istride, idist, onembed, ostride,
                odist, type, batch, workSize);
}

CUX_FFT_EXPORT cufftResult cufftMakePlanMany(
    cufftHandle plan, int rank, int *n, int *inembed, int istride,
    int idist, int *onembed, int ostride, int odist, cufftType type,
    int batch, size_t *workSize)
{
    long long n64[CUX_FFT_MAX_RANK], in64[CUX_FFT_MAX_RANK],
        on64[CUX_FFT_MAX_RANK];
    return make(plan, rank, widen(n, rank, n64), widen(inembed, rank, in64),
                istride, idist, widen(onembed, rank, on64), ostride, odist,
                type, batch, workSize);
}

CUX_FFT_EXPORT cufftResult cufftMakePlan1d(cufftHandle plan, int nx,
                                           cufftType type, int batch,
                                           size_t *workSize)
{
    long long n[] = {nx};
    return make(plan, 1, n, NULL, 1, 0, NULL, 1, 0, type, batch, workSize);
}

CUX_FFT_EXPORT cufftResult cufftMakePlan2d(cufftHandle plan, int nx, int ny,
                                           cufftType type, size_t *workSize)
{
    long long n[] = {nx, ny};
    return make(plan, 2, n, NULL, 1, 0, NULL, 1, 0, type, 1, workSize);
}

CUX_FFT_EXPORT cufftResult cufftMakePlan3d(cufftHandle plan, int nx, int ny,
                                           int nz, cufftType type,
                                           size_t *workSize)
{
    long long n[] = {nx, ny, nz};
    return make(plan, 3, n, NULL, 1, 0, NULL, 1, 0, type, 1, workSize);
}

/* cufftPlan* = cufftCreate + cufftMakePlan*; a failed plan leaves no
 * handle behind. */
static cufftResult created(cufftHandle *plan, cufftResult made)
{
    if (made != CUFFT_SUCCESS)
        cufftDestroy(*plan);
    return made;
}

CUX_FFT_EXPORT cufftResult cufftPlan1d(cufftHandle *plan, int nx,
                                       cufftType type, int batch)
{
    cufftResult r = cufftCreate(plan);
    if (r != CUFFT_SUCCESS)
        return r;
    return created(plan, cufftMakePlan1d(*plan, nx, type, batch, NULL));
}

CUX_FFT_EXPORT cufftResult cufftPlan2d(cufftHandle *plan, int nx, int ny,
                                       cufftType type)
{
    cufftResult r = cufftCreate(plan);
    if (r != CUFFT_SUCCESS)
        return r;
    return created(plan, cufftMakePlan2d(*plan, nx, ny, type, NULL));
}

CUX_FFT_EXPORT cufftResult cufftPlan3d(cufftHandle *plan, int nx, int ny,
                                       int nz, cufftType type)
{
    cufftResult r = cufftCreate(plan);
    if (r != CUFFT_SUCCESS)
        return r;
    return created(plan, cufftMakePlan3d(*plan, nx, ny, nz, type, NULL));
}

CUX_FFT_EXPORT cufftResult cufftPlanMany(cufftHandle *plan, int rank,
                                         int *n, int *inembed, int istride,
                                         int idist, int *onembed,
                                         int ostride, int odist,
                                         cufftType type, int batch)
{
    cufftResult r = cufftCreate(plan);
    if (r != CUFFT_SUCCESS)
        return r;
    return created(plan, cufftMakePlanMany(*plan, rank, n, inembed,
                                           istride, idist, onembed, ostride,
                                           odist, type, batch, NULL));
}

/* The size queries answer 0 bytes for every valid plan: FFTW keeps its
 * scratch to itself.  They check what the makers check. */
static cufftResult estimate(int rank, const long long *n,
                            const long long *inembed, long long istride,
                            long long idist, const long long *onembed,
                            long long ostride, long long odist,
                            cufftType type, long long batch,
                            size_t *workSize)
{
    if (!workSize)
        return CUFFT_INVALID_VALUE;
    cux_fft_shape s;
    cufftResult r = describe(&s, rank, n, inembed, istride, idist, onembed,
                             ostride, odist, type, batch);
    if (r == CUFFT_SUCCESS)
        *workSize = 0;
    return r;
}

CUX_FFT_EXPORT cufftResult cufftEstimate1d(int nx, cufftType type,
                                           int batch, size_t *workSize)
{
    long long n[] = {nx};
    return estimate(1, n, NULL, 1, 0, NULL, 1, 0, type, batch, workSize);
}

CUX_FFT_EXPORT cufftResult cufftEstimate2d(int nx, int ny, cufftType type,
                                           size_t *workSize)
{
    long long n[] = {nx, ny};
    return estimate(2, n, NULL, 1, 0, NULL, 1, 0, type, 1, workSize);
}

CUX_FFT_EXPORT cufftResult cufftEstimate3d(int nx, int ny, int nz,
                                           cufftType type, size_t *workSize)
{
    long long n[] = {nx, ny, nz};
    return estimate(3, n, NULL, 1, 0, NULL, 1, 0, type, 1, workSize);
}

CUX_FFT_EXPORT cufftResult cufftEstimateMany(int rank, int *n, int *inembed,
                                             int istride, int idist,
                                             int *onembed, int ostride,
                                             int odist, cufftType type,
                                             int batch, size_t *workSize)
{
    long long n64[CUX_FFT_MAX_RANK], in64[CUX_FFT_MAX_RANK],
        on64[CUX_FFT_MAX_RANK];
    return estimate(rank, widen(n, rank, n64), widen(inembed, rank, in64),
                    istride, idist, widen(onembed, rank, on64), ostride,
                    odist, type, batch, workSize);
}

static cufftResult get_size(cufftHandle handle, int rank, const long long *n,
                            const long long *inembed, long long istride,
                            long long idist, const long long *onembed,
                            long long ostride, long long odist,
                            cufftType type, long long batch,
                            size_t *workSize)
{
    if (!cux_fft_find(handle))
        return CUFFT_INVALID_PLAN;
    return estimate(rank, n, inembed, istride, idist, onembed, ostride,
                    odist, type, batch, workSize);
}

CUX_FFT_EXPORT cufftResult cufftGetSize1d(cufftHandle handle, int nx,
                                          cufftType type, int batch,
                                          size_t *workSize)
{
    long long n[] = {nx};
    return get_size(handle, 1, n, NULL, 1, 0, NULL, 1, 0, type, batch,
                    workSize);
}

CUX_FFT_EXPORT cufftResult cufftGetSize2d(cufftHandle handle, int nx,
                                          int ny, cufftType type,
                                          size_t *workSize)
{
    long long n[] = {nx, ny};
    return get_size(handle, 2, n, NULL, 1, 0, NULL, 1, 0, type, 1,
                    workSize);
}

CUX_FFT_EXPORT cufftResult cufftGetSize3d(cufftHandle handle, int nx,
                                          int ny, int nz, cufftType type,
                                          size_t *workSize)
{
    long long n[] = {nx, ny, nz};
    return get_size(handle, 3, n, NULL, 1, 0, NULL, 1, 0, type, 1,
                    workSize);
}

CUX_FFT_EXPORT cufftResult cufftGetSizeMany(cufftHandle handle, int rank,
                                            int *n, int *inembed,
                                            int istride, int idist,
                                            int *onembed, int ostride,
                                            int odist, cufftType type,
                                            int batch, size_t *workArea)
{
    long long n64[CUX_FFT_MAX_RANK], in64[CUX_FFT_MAX_RANK],
        on64[CUX_FFT_MAX_RANK];
    return get_size(handle, rank, widen(n, rank, n64),
                    widen(inembed, rank, in64), istride, idist,
                    widen(onembed, rank, on64), ostride, odist, type, batch,
                    workArea);
}

CUX_FFT_EXPORT cufftResult cufftGetSizeMany64(
    cufftHandle plan, int rank, long long int *n, long long int *inembed,
    long long int istride, long long int idist, long long int *onembed,
    long long int ostride, long long int odist, cufftType type,
    long long int batch, size_t *workSize)
{
    return get_size(plan, rank, n, inembed, istride, idist, onembed,
                    ostride, odist, type, batch, workSize);
}

/* "Once plan generation has been done, ... returns the actual size of
 * the work area required": none. */
CUX_FFT_EXPORT cufftResult cufftGetSize(cufftHandle handle, size_t *workSize)
{
    if (!cux_fft_find(handle))
        return CUFFT_INVALID_PLAN;
    if (!workSize)
        return CUFFT_INVALID_VALUE;
    *workSize = 0;
    return CUFFT_SUCCESS;
}
