/* queue.c: how a cuRAND call reaches its stream.  The entry point checks
 * its arguments and copies them, with the generator's seed and position,
 * into a heap record; a device generator enqueues the record with
 * cudaLaunchHostFunc on its stream, so the numbers are written after the
 * work queued before and before the work queued after, as cuRAND's
 * kernels are.  A host generator computes at once: cuRAND's host
 * generators return with the results in place.  While the stream is
 * being captured a graph may run the host node many times, so the record
 * then lives until curandDestroyGenerator. */
#include "curand_int.h"

#include <stdlib.h>

static void job_free(cux_rand_job *j)
{
    cux_rand_states_put(j->states);
    free(j);
}

static void CUDART_CB run_job(void *p)
{
    cux_rand_job *j = p;
    cux_rand_fill(j);
    if (!j->keep)
        job_free(j);
}

static cux_rand_job *job_new(curandGenerator_t g, cux_rand_kind kind,
                             void *out, size_t n)
{
    cux_rand_job *j = calloc(1, sizeof(*j));
    if (!j)
        return NULL;
    j->type = g->type;
    j->kind = kind;
    j->seed = g->seed;
    j->start = g->position;
    j->dims = g->dims;
    j->ordering = g->ordering;
    j->n = n;
    j->out = out;
    j->reset = g->reset;
    g->reset = false;
    if (g->states) {
        __atomic_add_fetch(&g->states->refs, 1, __ATOMIC_RELAXED);
        j->states = g->states;
    }
    return j;
}

/* Takes ownership of j.  A record that cannot be enqueued fails the call
 * with CURAND_STATUS_LAUNCH_FAILURE, cuRAND's "kernel launch failure". */
static curandStatus_t enqueue(curandGenerator_t g, cux_rand_job *j)
{
    enum cudaStreamCaptureStatus cap = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(g->stream, &cap) != cudaSuccess)
        cap = cudaStreamCaptureStatusNone;
    /* Once enqueued, a record not kept may already have run and been
     * freed by the stream's worker: decide from a copy. */
    bool keep = j->keep = cap == cudaStreamCaptureStatusActive;
    if (cudaLaunchHostFunc(g->stream, run_job, j) != cudaSuccess) {
        job_free(j);
        return CURAND_STATUS_LAUNCH_FAILURE;
    }
    if (keep) {
        pthread_mutex_lock(&g->lock);
        j->next_kept = g->kept;
        g->kept = j;
        pthread_mutex_unlock(&g->lock);
    }
    return CURAND_STATUS_SUCCESS;
}

curandStatus_t cux_rand_submit(curandGenerator_t g, cux_rand_kind kind,
                               void *out, size_t n, double mean,
                               double stddev, double lambda)
{
    cux_rand_job *j = job_new(g, kind, out, n);
    if (!j)
        return CURAND_STATUS_ALLOCATION_FAILED;
    j->mean = mean;
    j->stddev = stddev;
    j->lambda = lambda;
    /* The position moves on now: the next call's numbers follow these
     * whenever either runs. */
    g->position += cux_rand_advance(g->type, kind, n, g->dims);
    if (!g->host)
        return enqueue(g, j);
    cux_rand_fill(j);
    job_free(j);
    return CURAND_STATUS_SUCCESS;
}

void cux_rand_free_kept(curandGenerator_t g)
{
    while (g->kept) {
        cux_rand_job *j = g->kept;
        g->kept = j->next_kept;
        job_free(j);
    }
}
