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
    CUX_RAND_BITS64,        /* curandGenerateLongLong (64-bit Sobol) */
    CUX_RAND_UNIFORM,
    CUX_RAND_UNIFORM_DOUBLE,
    CUX_RAND_NORMAL,
    CUX_RAND_NORMAL_DOUBLE,
    CUX_RAND_LOG_NORMAL,
    CUX_RAND_LOG_NORMAL_DOUBLE,
    CUX_RAND_POISSON
} cux_rand_kind;

/* The states of a stateful generator as the last call left them:
 * cuRAND's XORWOW (4096 states) and MRG32k3a (81920) generators keep one
 * state per subsequence and hand each group of results (one number, or
 * one pair of normals) to the next state in turn; MTGP32 keeps 192 (64
 * for the legacy ordering), one per parameter set (mtgp.c).  Shared by the
 * generator and its queued calls, freed by the last of them; the calls
 * use it in stream order, under the lock. */
typedef struct {
    pthread_mutex_t lock;
    int refs;                            /* atomic */
    curandRngType_t type;
    bool valid;                          /* set up for seed */
    unsigned long long seed;
    unsigned count;                      /* states */
    unsigned cursor;                     /* the state the next group takes */
    struct cux_xorwow_sub {
        unsigned int d, v[5];
    } *xorwow;
    struct cux_mrg_sub {
        unsigned int s1[3], s2[3];
    } *mrg;
    unsigned used;                      /* MTGP32: states in use */
    struct cux_mtgp_sub {               /* MTGP32: a ring of the last N */
        unsigned int s[351];            /* words; the oldest at head */
        unsigned head;
        unsigned long long draws;       /* made since seeding */
    } *mtgp;
} cux_rand_states;

struct cux_rand_job;
struct curandGenerator_st {
    curandRngType_t type;               /* XORWOW, PHILOX4_32_10, MRG32K3A,
                                           MTGP32,
                                           QUASI_(SCRAMBLED_)SOBOL32/64 */
    unsigned dims;                      /* Sobol: dimensions, 1 .. 20000 */
    bool host;                          /* curandCreateGeneratorHost */
    unsigned long long seed;
    unsigned long long position;        /* the next result's index (Sobol:
                                           the next point's) */
    bool reset;                         /* seed or offset set since the
                                           last call */
    curandOrdering_t ordering;
    cudaStream_t stream;
    cux_rand_states *states;            /* XORWOW and MRG32k3a */
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
    unsigned long long seed, start;     /* first result's (point's) index */
    unsigned dims;                      /* Sobol */
    curandOrdering_t ordering;          /* MTGP32: how many states */
    size_t n;
    void *out;
    double mean, stddev, lambda;
    cux_rand_states *states;            /* a reference, or NULL */
} cux_rand_job;

/* generator.c */
bool cux_rand_live(curandGenerator_t g);

/* The Sobol generators: how many dimensions cuRAND has, and whether a
 * type is one of them. */
#define CUX_SOBOL_DIMS 20000u
static inline bool cux_rand_sobol64(curandRngType_t t)
{
    return t == CURAND_RNG_QUASI_SOBOL64 ||
           t == CURAND_RNG_QUASI_SCRAMBLED_SOBOL64;
}
static inline bool cux_rand_quasi(curandRngType_t t)
{
    return t == CURAND_RNG_QUASI_SOBOL32 ||
           t == CURAND_RNG_QUASI_SCRAMBLED_SOBOL32 || cux_rand_sobol64(t);
}

/* sobol.c; the table is build/gen/curand_sobol_dirs.c's */
extern const unsigned int cux_sobol_dirs32[CUX_SOBOL_DIMS][32];
extern const unsigned int cux_sobol_poly[CUX_SOBOL_DIMS];
const unsigned int *cux_sobol_vectors(bool scramble, unsigned dim,
                                      unsigned int *c);
const unsigned long long *cux_sobol_vectors64(bool scramble, unsigned dim,
                                              unsigned long long *c);

/* layout.c */
void cux_rand_fill(const cux_rand_job *job);
unsigned long long cux_rand_advance(curandRngType_t type, cux_rand_kind kind,
                                    size_t n, unsigned dims);

/* states.c */
cux_rand_states *cux_rand_states_new(curandRngType_t type);
void cux_rand_states_put(cux_rand_states *c);
void cux_rand_states_reset(cux_rand_states *c, unsigned long long seed,
                           unsigned long long offset);
void cux_xorwow_group(cux_rand_states *c, unsigned per, unsigned int *out);
void cux_mrg_group(cux_rand_states *c, unsigned per, double *out);

/* mtgp.c: MTGP32's host states (192, or 64 for the legacy ordering) and
 * its layout */
#define CUX_MTGP_STATES 192u
#define CUX_MTGP_STATES_LEGACY 64u
bool cux_mtgp_alloc(cux_rand_states *c);
void cux_mtgp_seed(cux_rand_states *c, unsigned long long seed,
                   unsigned count);
void cux_mtgp_draws(cux_rand_states *c, unsigned long long start, size_t n,
                    unsigned int *out);

/* queue.c */
curandStatus_t cux_rand_submit(curandGenerator_t g, cux_rand_kind kind,
                               void *out, size_t n, double mean,
                               double stddev, double lambda);
void cux_rand_free_kept(curandGenerator_t g);

#endif
