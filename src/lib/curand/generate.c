/* generate.c: the generation calls.  Each checks its generator and
 * arguments, as cuRAND does, and hands the work to its stream (queue.c);
 * the numbers themselves are layout.c's. */
#include "curand_int.h"

/* n == 0 is a call that does nothing, as in cuRAND; a NULL output for
 * n > 0 could only fault when the work runs, which cuRAND reports as a
 * failed launch: cux reports it before. */
static curandStatus_t check(curandGenerator_t g, const void *out, size_t n)
{
    if (!cux_rand_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    if (n && !out)
        return CURAND_STATUS_LAUNCH_FAILURE;
    /* a Sobol call gives whole points: n / dims in each dimension */
    if (cux_rand_quasi(g->type) && n % g->dims)
        return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
    return CURAND_STATUS_SUCCESS;
}

static curandStatus_t submit(curandGenerator_t g, cux_rand_kind kind,
                             void *out, size_t n, double mean,
                             double stddev, double lambda)
{
    curandStatus_t st = check(g, out, n);
    if (st != CURAND_STATUS_SUCCESS || !n)
        return st;
    return cux_rand_submit(g, kind, out, n, mean, stddev, lambda);
}

/* Normals come in Box-Muller pairs: "n must be a multiple of 2" for the
 * pseudorandom generators, else CURAND_STATUS_LENGTH_NOT_MULTIPLE.  The
 * Sobol generators make each normal from one point and MTGP32 from one
 * draw (by the inverse distribution function), so they take any n, as
 * NVIDIA's do. */
static curandStatus_t submit_pairs(curandGenerator_t g, cux_rand_kind kind,
                                   void *out, size_t n, double mean,
                                   double stddev)
{
    if (cux_rand_live(g) && !cux_rand_quasi(g->type) &&
        g->type != CURAND_RNG_PSEUDO_MTGP32 && n % 2)
        return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
    return submit(g, kind, out, n, mean, stddev, 0.0);
}

/* Seeds are applied when numbers are made (the XORWOW states on first
 * use, Philox needs none), so there is nothing more to do here than
 * check the generator. */
CUX_RAND_EXPORT curandStatus_t curandGenerateSeeds(curandGenerator_t g)
{
    return cux_rand_live(g) ? CURAND_STATUS_SUCCESS
                            : CURAND_STATUS_NOT_INITIALIZED;
}

/* 32-bit results from a 64-bit generator, or 64-bit ones from any
 * other, are CURAND_STATUS_TYPE_ERROR, as in cuRAND. */
CUX_RAND_EXPORT curandStatus_t curandGenerate(curandGenerator_t g,
                                              unsigned int *out, size_t num)
{
    if (cux_rand_live(g) && cux_rand_sobol64(g->type))
        return CURAND_STATUS_TYPE_ERROR;
    return submit(g, CUX_RAND_BITS, out, num, 0.0, 0.0, 0.0);
}

CUX_RAND_EXPORT curandStatus_t
curandGenerateLongLong(curandGenerator_t g, unsigned long long *out,
                       size_t num)
{
    if (cux_rand_live(g) && !cux_rand_sobol64(g->type))
        return CURAND_STATUS_TYPE_ERROR;
    return submit(g, CUX_RAND_BITS64, out, num, 0.0, 0.0, 0.0);
}

CUX_RAND_EXPORT curandStatus_t curandGenerateUniform(curandGenerator_t g,
                                                     float *out, size_t num)
{
    return submit(g, CUX_RAND_UNIFORM, out, num, 0.0, 0.0, 0.0);
}

CUX_RAND_EXPORT curandStatus_t
curandGenerateUniformDouble(curandGenerator_t g, double *out, size_t num)
{
    return submit(g, CUX_RAND_UNIFORM_DOUBLE, out, num, 0.0, 0.0, 0.0);
}

CUX_RAND_EXPORT curandStatus_t curandGenerateNormal(curandGenerator_t g,
                                                    float *out, size_t n,
                                                    float mean, float stddev)
{
    return submit_pairs(g, CUX_RAND_NORMAL, out, n, mean, stddev);
}

CUX_RAND_EXPORT curandStatus_t
curandGenerateNormalDouble(curandGenerator_t g, double *out, size_t n,
                           double mean, double stddev)
{
    return submit_pairs(g, CUX_RAND_NORMAL_DOUBLE, out, n, mean, stddev);
}

CUX_RAND_EXPORT curandStatus_t
curandGenerateLogNormal(curandGenerator_t g, float *out, size_t n,
                        float mean, float stddev)
{
    return submit_pairs(g, CUX_RAND_LOG_NORMAL, out, n, mean, stddev);
}

CUX_RAND_EXPORT curandStatus_t
curandGenerateLogNormalDouble(curandGenerator_t g, double *out, size_t n,
                              double mean, double stddev)
{
    return submit_pairs(g, CUX_RAND_LOG_NORMAL_DOUBLE, out, n, mean, stddev);
}

/* "lambda must be positive", else CURAND_STATUS_OUT_OF_RANGE. */
CUX_RAND_EXPORT curandStatus_t curandGeneratePoisson(curandGenerator_t g,
                                                     unsigned int *out,
                                                     size_t n, double lambda)
{
    if (cux_rand_live(g) && !(lambda > 0.0))
        return CURAND_STATUS_OUT_OF_RANGE;
    return submit(g, CUX_RAND_POISSON, out, n, 0.0, 0.0, lambda);
}
