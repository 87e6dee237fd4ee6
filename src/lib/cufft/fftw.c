/* fftw.c: the FFTW plans behind a cuFFT plan, made on first use and run
 * with FFTW's new-array execute functions on the caller's pointers.
 *
 * FFTW fixes at planning time what cuFFT leaves to the execution:
 * whether the transform is in place, the direction of a C2C transform,
 * and the SIMD alignment of the arrays (a plan may only execute on arrays
 * whose fftw_alignment_of equals that of the arrays it was planned for).
 * So a cuFFT plan holds up to eight FFTW plans, one per combination, each
 * made on the first execution that needs it: for aligned arrays one that
 * may assume alignment, for any other arrays one made with
 * FFTW_UNALIGNED.  They are made with FFTW_ESTIMATE, which never reads or
 * writes the arrays, so planning on the caller's arrays while earlier work
 * on the stream may still be using them is safe.
 *
 * Every transform is one guru64 plan: the rank dimensions with their
 * input and output strides, and one "howmany" dimension for the batch
 * with its two distances.  An in-place layout FFTW cannot run in place
 * runs out of place from a copy of the input, which the record holds.
 *
 * FFTW's planner (plan creation and destruction) is not thread-safe,
 * while its execute functions are: one lock serialises the former, and
 * also guards the plans each cuFFT plan holds.  A transform large enough
 * to gain from it runs on FFTW's threads, as many as the device has
 * worker threads (its multiProcessorCount, CUX_CPU_THREADS): on a GPU one
 * cuFFT call uses the whole device, and here the kernels queued after it
 * wait for it anyway. */
#include "cufft_int.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t planner = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t threads_once = PTHREAD_ONCE_INIT;
static bool threads_ok;                 /* FFTW's threads started */

/* Below this many points (of all the batch) a transform takes a few
 * microseconds, less than waking FFTW's threads costs. */
#define CUX_FFT_THREADED_POINTS (1 << 15)

/* Both precisions' planners start their threads once, before any plan;
 * without them every transform runs on one thread. */
static void init_threads(void)
{
    threads_ok = fftw_init_threads() && fftwf_init_threads();
}

int cux_fftw_threads(const cux_fft_shape *s)
{
    long long points = s->batch;
    for (int i = 0; i < s->rank; i++)
        points *= s->n[i];
    int dev = 0, sms = 1;
    if (points < CUX_FFT_THREADED_POINTS || cudaGetDevice(&dev) ||
        cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev))
        return 1;
    return sms > 1 ? sms : 1;
}

static void iodims(const cux_fft_shape *s, bool in_place, fftw_iodim64 *dims,
                   fftw_iodim64 *howmany)
{
    cux_fft_side in, out;
    cux_fft_layout(s, in_place, &in, &out);
    for (int i = 0; i < s->rank; i++)
        dims[i] = (fftw_iodim64){s->n[i], in.stride[i], out.stride[i]};
    *howmany = (fftw_iodim64){s->batch, in.dist, out.dist};
}

static fftw_plan plan_double(const cux_fft_shape *s, bool in_place,
                             void *in, void *out, int sign, unsigned flags)
{
    fftw_iodim64 d[CUX_FFT_MAX_RANK], h;
    iodims(s, in_place, d, &h);
    switch (s->type) {
    case CUFFT_D2Z:
        return fftw_plan_guru64_dft_r2c(s->rank, d, 1, &h, in, out, flags);
    case CUFFT_Z2D:
        return fftw_plan_guru64_dft_c2r(s->rank, d, 1, &h, in, out, flags);
    default:
        return fftw_plan_guru64_dft(s->rank, d, 1, &h, in, out, sign, flags);
    }
}

static fftwf_plan plan_float(const cux_fft_shape *s, bool in_place,
                             void *in, void *out, int sign, unsigned flags)
{
    fftwf_iodim64 d[CUX_FFT_MAX_RANK], h;
    iodims(s, in_place, d, &h);
    switch (s->type) {
    case CUFFT_R2C:
        return fftwf_plan_guru64_dft_r2c(s->rank, d, 1, &h, in, out, flags);
    case CUFFT_C2R:
        return fftwf_plan_guru64_dft_c2r(s->rank, d, 1, &h, in, out, flags);
    default:
        return fftwf_plan_guru64_dft(s->rank, d, 1, &h, in, out, sign,
                                     flags);
    }
}

/* One FFTW plan with the layout of the call (in place or not) on the
 * arrays given, which differ when the input is staged.  The thread count
 * is planner state: the caller holds the planner lock. */
static cux_fftw_plan plan_one(const cux_fft_plan *p, bool in_place,
                              void *in, void *out, int sign, unsigned flags)
{
    cux_fftw_plan fp;
    int threads = threads_ok ? p->threads : 1;
    if (cux_fft_is_double(p->s.type)) {
        fftw_plan_with_nthreads(threads);
        fp.d = plan_double(&p->s, in_place, in, out, sign, flags);
    } else {
        fftwf_plan_with_nthreads(threads);
        fp.f = plan_float(&p->s, in_place, in, out, sign, flags);
    }
    return fp;
}

/* An in-place layout FFTW cannot run in place (input and output strides
 * that overlap differently) runs out of place from a copy of the input
 * into the output: *staged is then the copy's size, else 0. */
static cux_fftw_plan plan_variant(const cux_fft_plan *p, void *in,
                                  void *out, int sign, unsigned flags,
                                  size_t *staged)
{
    cux_fftw_plan fp = plan_one(p, in == out, in, out, sign, flags);
    *staged = 0;
    if (fp.d || in != out)
        return fp;
    size_t bytes = cux_fft_in_span(&p->s, true);
    void *copy = fftw_malloc(bytes);
    if (!copy)
        return fp;
    fp = plan_one(p, true, copy, out, sign, flags);
    fftw_free(copy);
    if (fp.d)
        *staged = bytes;
    return fp;
}

static bool aligned(bool dbl, void *p)
{
    return dbl ? fftw_alignment_of(p) == 0 : fftwf_alignment_of(p) == 0;
}

/* The FFTW plan that runs plan p on in and out (borrowed: p owns it)
 * and, in *staged, the bytes of input to copy first (0: none).  FFTW
 * refusing to plan even from a copy is CUFFT_EXEC_FAILED. */
cufftResult cux_fftw_get(cux_fft_plan *p, void *in, void *out, int sign,
                         cux_fftw_plan *plan, size_t *staged)
{
    bool dbl = cux_fft_is_double(p->s.type);
    bool al = aligned(dbl, in) && aligned(dbl, out);
    unsigned flags = FFTW_ESTIMATE | (al ? 0 : FFTW_UNALIGNED);
    int v = (in == out) * 4 + al * 2 + (sign > 0);
    pthread_once(&threads_once, init_threads);
    pthread_mutex_lock(&planner);
    if (!p->fftw[v].d)
        p->fftw[v] = plan_variant(p, in, out, sign, flags, &p->staged[v]);
    *plan = p->fftw[v];
    *staged = p->staged[v];
    pthread_mutex_unlock(&planner);
    return plan->d ? CUFFT_SUCCESS : CUFFT_EXEC_FAILED;
}

/* Runs on the stream's worker; new-array execution is thread-safe, so
 * transforms on several streams run at once. */
void cux_fftw_execute(const cux_fft_job *j)
{
    void *in = j->in;
    if (j->copy) {
        memcpy(j->copy, j->in, j->staged);
        in = j->copy;
    }
    switch (j->type) {
    case CUFFT_C2C:
        fftwf_execute_dft(j->fftw.f, in, j->out);
        break;
    case CUFFT_R2C:
        fftwf_execute_dft_r2c(j->fftw.f, in, j->out);
        break;
    case CUFFT_C2R:
        fftwf_execute_dft_c2r(j->fftw.f, in, j->out);
        break;
    case CUFFT_Z2Z:
        fftw_execute_dft(j->fftw.d, in, j->out);
        break;
    case CUFFT_D2Z:
        fftw_execute_dft_r2c(j->fftw.d, in, j->out);
        break;
    case CUFFT_Z2D:
        fftw_execute_dft_c2r(j->fftw.d, in, j->out);
        break;
    }
}

void cux_fftw_destroy(cux_fft_plan *p)
{
    bool dbl = cux_fft_is_double(p->s.type);
    pthread_mutex_lock(&planner);
    for (int v = 0; v < CUX_FFT_VARIANTS; v++) {
        if (dbl && p->fftw[v].d)
            fftw_destroy_plan(p->fftw[v].d);
        else if (!dbl && p->fftw[v].f)
            fftwf_destroy_plan(p->fftw[v].f);
    }
    pthread_mutex_unlock(&planner);
}
