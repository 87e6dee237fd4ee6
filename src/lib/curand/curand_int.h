/* curand_int.h: what the files of cux's cuRAND share: the generator, the
 * work record that carries one call onto its stream, and the result
 * layouts.
 *
 * A generator's position is a result index: curandSetGeneratorOffset sets
 * it and every call moves it on by its results (XORWOW: by its groups, a
 * pair of normals counting one).  Result e maps to draws of the generator's subsequences as
 * cuRAND's default ordering maps it (layout.c); that mapping was taken
 * from NVIDIA's host generator and is checked against it
 * (tests/nvcc/curand_host_ref.sh).  Built against include/ and the CUDA
 * runtime API only (libcux): on the CPU device a device pointer is a host
 * pointer, and the work runs in stream order by cudaLaunchHostFunc, as
 * cuBLAS's does. */
#ifndef CUX_CURAND_INT_H
#define CUX_CURAND_INT_H

#include <curand.h>
#include <cuda_runtime_api.h>
#include <pthread.h>
#include <stdbool.h>

#define CUX_RAND_EXPORT __attribute__((visibility("default")))

/* What one call produces. */
typedef enum {
    CUX_RAND_BITS,          /* curandGenerate */
    CUX_RAND_UNIFORM,
    CUX_RAND_UNIFORM_DOUBLE,
    CUX_RAND_NORMAL,
    CUX_RAND_NORMAL_DOUBLE,
    CUX_RAND_LOG_NORMAL,
    CUX_RAND_LOG_NORMAL_DOUBLE,
    CUX_RAND_POISSON
} cux_rand_kind;

/* XORWOW's 4096 subsequences as the last call left them: cuRAND's
 * generator keeps one state per subsequence and hands each group of
 * results (one number, or one pair of normals) to the next state in
 * turn.  Shared by the generator and its queued calls, freed by the
 * last of them; the calls use it in stream order, under the lock. */
typedef struct {
    pthread_mutex_t lock;
    int refs;                            /* atomic */
    bool valid;                          /* set up for seed */
    unsigned long long seed;
    unsigned cursor;                     /* the state the next group takes */
    struct cux_xorwow_sub {
        unsigned int d, v[5];
    } *sub;                              /* CUX_XORWOW_SUBS of them */
} cux_xorwow_cache;

struct cux_rand_job;
struct curandGenerator_st {
    curandRngType_t type;               /* XORWOW or PHILOX4_32_10 */
    bool host;                          /* curandCreateGeneratorHost */
    unsigned long long seed;
    unsigned long long position;        /* the next result's index */
    bool reset;                         /* seed or offset set since the
                                           last call */
    curandOrdering_t ordering;
    cudaStream_t stream;
    cux_xorwow_cache *cache;            /* XORWOW only */
    struct curandGenerator_st *next_live;   /* the registry */
    pthread_mutex_t lock;               /* guards kept */
    struct cux_rand_job *kept;          /* records a captured graph runs */
};

/* One call: everything it needs, copied when it is made. */
typedef struct cux_rand_job {
    struct cux_rand_job *next_kept;
    bool keep;                          /* freed by curandDestroyGenerator */
    bool reset;                         /* XORWOW: start over at `start` */
    curandRngType_t type;
    cux_rand_kind kind;
    unsigned long long seed, start;     /* first result's index */
    size_t n;
    void *out;
    double mean, stddev, lambda;
    cux_xorwow_cache *cache;            /* a reference, XORWOW only */
} cux_rand_job;

/* generator.c */
bool cux_rand_live(curandGenerator_t g);

/* layout.c */
void cux_rand_fill(const cux_rand_job *job);
unsigned long long cux_rand_advance(curandRngType_t type, cux_rand_kind kind,
                                    size_t n);

/* xorwow_states.c */
#define CUX_XORWOW_SUBS 4096u
cux_xorwow_cache *cux_xorwow_cache_new(void);
void cux_xorwow_cache_put(cux_xorwow_cache *cache);
void cux_xorwow_states_reset(cux_xorwow_cache *c, unsigned long long seed,
                             unsigned long long offset);
void cux_xorwow_group(cux_xorwow_cache *c, unsigned per, unsigned int *out);

/* queue.c */
curandStatus_t cux_rand_submit(curandGenerator_t g, cux_rand_kind kind,
                               void *out, size_t n, double mean,
                               double stddev, double lambda);
void cux_rand_free_kept(curandGenerator_t g);

#endif
