/* generator.c: cuRAND generators (create, destroy, seed, offset,
 * ordering, stream), the library's version and properties.
 *
 * cuRAND answers CURAND_STATUS_NOT_INITIALIZED for a generator that was
 * never created or was destroyed.  A pointer alone cannot say that, so
 * the library keeps its live generators in one list, its only global
 * state, as cux's cuBLAS keeps its handles. */
#include "curand_int.h"
#include "lib/host_compute.h"

#include <stdlib.h>

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct curandGenerator_st *live;

bool cux_rand_live(curandGenerator_t g)
{
    bool found = false;
    if (!g)
        return false;
    pthread_mutex_lock(&live_lock);
    for (struct curandGenerator_st *h = live; h && !found; h = h->next_live)
        found = h == g;
    pthread_mutex_unlock(&live_lock);
    return found;
}

/* The generators cux implements; the other (MT19937) is
 * refused with CURAND_STATUS_TYPE_ERROR, cuRAND's
 * status for a type it lacks. */
static bool known_type(curandRngType_t *type)
{
    if (*type == CURAND_RNG_PSEUDO_DEFAULT)
        *type = CURAND_RNG_PSEUDO_XORWOW;   /* cuRAND's default */
    if (*type == CURAND_RNG_QUASI_DEFAULT)
        *type = CURAND_RNG_QUASI_SOBOL32;
    return *type == CURAND_RNG_PSEUDO_XORWOW ||
           *type == CURAND_RNG_PSEUDO_PHILOX4_32_10 ||
           *type == CURAND_RNG_PSEUDO_MRG32K3A ||
           *type == CURAND_RNG_PSEUDO_MTGP32 || cux_rand_quasi(*type);
}

static curandStatus_t create(curandGenerator_t *out, curandRngType_t type,
                             bool host)
{
    if (!out)
        return CURAND_STATUS_NOT_INITIALIZED;
    if (!known_type(&type))
        return CURAND_STATUS_TYPE_ERROR;
    /* A device generator works on the current device: starting the
     * runtime here makes a missing device fail now. */
    int dev;
    if (!host && cudaGetDevice(&dev) != cudaSuccess)
        return CURAND_STATUS_INITIALIZATION_FAILED;
    if (!host && !cux_lib_device_memory_on_host(dev, "cuRAND"))
        return CURAND_STATUS_ARCH_MISMATCH;
    struct curandGenerator_st *g = calloc(1, sizeof(*g));
    if (!g)
        return CURAND_STATUS_ALLOCATION_FAILED;
    g->type = type;
    g->host = host;
    g->ordering = cux_rand_quasi(type) ? CURAND_ORDERING_QUASI_DEFAULT
                                       : CURAND_ORDERING_PSEUDO_DEFAULT;
    g->dims = 1;
    g->reset = true;
    if (type != CURAND_RNG_PSEUDO_PHILOX4_32_10 && !cux_rand_quasi(type) &&
        !(g->states = cux_rand_states_new(type))) {
        free(g);
        return CURAND_STATUS_ALLOCATION_FAILED;
    }
    pthread_mutex_init(&g->lock, NULL);
    pthread_mutex_lock(&live_lock);
    g->next_live = live;
    live = g;
    pthread_mutex_unlock(&live_lock);
    *out = g;
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t curandCreateGenerator(curandGenerator_t *g,
                                                     curandRngType_t type)
{
    return create(g, type, false);
}

CUX_RAND_EXPORT curandStatus_t
curandCreateGeneratorHost(curandGenerator_t *g, curandRngType_t type)
{
    return create(g, type, true);
}

static bool unlink_live(curandGenerator_t g)
{
    bool found = false;
    pthread_mutex_lock(&live_lock);
    for (struct curandGenerator_st **p = &live; *p; p = &(*p)->next_live) {
        if (*p == g) {
            *p = g->next_live;
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&live_lock);
    return found;
}

/* Queued calls hold their own records (and a reference to the XORWOW
 * cache), so they may still run after this. */
CUX_RAND_EXPORT curandStatus_t curandDestroyGenerator(curandGenerator_t g)
{
    if (!unlink_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    if (!g->host)
        cudaStreamSynchronize(g->stream);
    cux_rand_free_kept(g);
    cux_rand_states_put(g->states);
    pthread_mutex_destroy(&g->lock);
    free(g);
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t curandGetVersion(int *version)
{
    if (!version)
        return CURAND_STATUS_OUT_OF_RANGE;
    *version = CURAND_VERSION;
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t curandGetProperty(libraryPropertyType type,
                                                 int *value)
{
    if (!value)
        return CURAND_STATUS_OUT_OF_RANGE;
    switch (type) {
    case MAJOR_VERSION: *value = CURAND_VER_MAJOR; break;
    case MINOR_VERSION: *value = CURAND_VER_MINOR; break;
    case PATCH_LEVEL: *value = CURAND_VER_PATCH; break;
    default: return CURAND_STATUS_OUT_OF_RANGE;
    }
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t curandSetStream(curandGenerator_t g,
                                               cudaStream_t stream)
{
    if (!cux_rand_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    g->stream = stream;
    return CURAND_STATUS_SUCCESS;
}

CUX_RAND_EXPORT curandStatus_t
curandSetPseudoRandomGeneratorSeed(curandGenerator_t g,
                                   unsigned long long seed)
{
    if (!cux_rand_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    if (cux_rand_quasi(g->type))
        return CURAND_STATUS_TYPE_ERROR;    /* a Sobol sequence has none */
    /* The new seed's sequence starts at the generator's position, as
     * with NVIDIA's generators when the seed is set again (a Philox
     * generator given a different seed mid-sequence starts elsewhere in
     * NVIDIA's, a placement cux does not reproduce: docs/curand.md). */
    /* NVIDIA's MTGP32 generator, given a different seed, starts the new
     * sequence from its beginning; given the seed it has, it goes on
     * where it was (both checked against its host generator). */
    if (g->type == CURAND_RNG_PSEUDO_MTGP32 && seed != g->seed)
        g->position = 0;
    g->seed = seed;
    g->reset = true;
    return CURAND_STATUS_SUCCESS;
}

/* 1 to 20,000 dimensions, as cuRAND has.  The position stays: the next
 * call's points follow the last call's, in the new dimensions (as
 * NVIDIA's generators do). */
CUX_RAND_EXPORT curandStatus_t
curandSetQuasiRandomGeneratorDimensions(curandGenerator_t g,
                                        unsigned int dims)
{
    if (!cux_rand_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    if (!cux_rand_quasi(g->type))
        return CURAND_STATUS_TYPE_ERROR;
    if (dims < 1 || dims > CUX_SOBOL_DIMS)
        return CURAND_STATUS_OUT_OF_RANGE;
    g->dims = dims;
    return CURAND_STATUS_SUCCESS;
}

/* Sobol generators count the offset in points (of every dimension).
 * MTGP32 takes no offset: cuRAND documents it, and NVIDIA's generator
 * answers CURAND_STATUS_TYPE_ERROR, leaving the position as it was. */
CUX_RAND_EXPORT curandStatus_t
curandSetGeneratorOffset(curandGenerator_t g, unsigned long long offset)
{
    if (!cux_rand_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    if (g->type == CURAND_RNG_PSEUDO_MTGP32)
        return CURAND_STATUS_TYPE_ERROR;
    g->position = offset;
    g->reset = true;
    return CURAND_STATUS_SUCCESS;
}

/* BEST, DEFAULT and LEGACY give one ordering, cuRAND's legacy one, for
 * XORWOW, Philox and MRG32k3a (NVIDIA's host generators do the same);
 * MTGP32 has two, LEGACY's 64 states and the others' 192 (mtgp.c).  DYNAMIC lets
 * the library choose, so a device generator takes it with that same
 * ordering; NVIDIA's host generators refuse it, and so does cux's.
 * SEEDED (XORWOW seeded per state, not by skip-ahead) is not
 * implemented: refused rather than quietly giving another sequence.
 * A Sobol generator has one ordering, QUASI_DEFAULT, and refuses the
 * pseudorandom ones, as a pseudorandom generator refuses it. */
CUX_RAND_EXPORT curandStatus_t
curandSetGeneratorOrdering(curandGenerator_t g, curandOrdering_t order)
{
    if (!cux_rand_live(g))
        return CURAND_STATUS_NOT_INITIALIZED;
    if (cux_rand_quasi(g->type)) {
        if (order != CURAND_ORDERING_QUASI_DEFAULT)
            return CURAND_STATUS_OUT_OF_RANGE;
        g->ordering = order;
        return CURAND_STATUS_SUCCESS;
    }
    switch (order) {
    case CURAND_ORDERING_PSEUDO_BEST:
    case CURAND_ORDERING_PSEUDO_DEFAULT:
    case CURAND_ORDERING_PSEUDO_LEGACY:
        break;
    case CURAND_ORDERING_PSEUDO_DYNAMIC:
        if (g->host)
            return CURAND_STATUS_OUT_OF_RANGE;
        break;
    default:
        return CURAND_STATUS_OUT_OF_RANGE;
    }
    g->ordering = order;
    return CURAND_STATUS_SUCCESS;
}
