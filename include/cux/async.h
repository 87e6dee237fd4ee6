/* cux/async.h: what cuda/barrier, cuda/pipeline, cuda_pipeline.h and
 * cooperative_groups/memcpy_async.h share on cux.
 *
 * Asynchronous copies complete when they are issued: CUDA lets a copy
 * finish at any time before the wait that covers it, so finishing at
 * once is one allowed order, and every wait on a copy is then already
 * satisfied.  Waits on other threads (a barrier's phase, a pipeline
 * stage another thread fills) yield: the warp lets the block's other
 * warps run (PTX nanosleep, where the CPU device parks the warp until
 * they have had their turn) and looks again, so a block's warps never
 * wait on each other forever although they take turns on one CPU thread.
 *
 * A phase counter is the state a barrier or a pipeline stage needs: the
 * number of its current phase in the high 32 bits, the arrivals in it so
 * far in the low 32, changed by one atomic add, so that the last arrival
 * (the one that makes the count `expected`) alone completes the phase.
 * A thread arrives once per phase, as C++ and CUDA require, so no arrival
 * for the next phase can come before that completion. */
#ifndef CUX_ASYNC_H
#define CUX_ASYNC_H

#if defined(__CUDACC__)

#include <stddef.h>
#include <string.h>

#define CUX_ASYNC_DEV __device__ __inline__ __attribute__((always_inline))

namespace cuda {

/* The scopes of libcu++ (cuda/atomic), with its values. */
#ifndef CUX_THREAD_SCOPE_DEFINED
#define CUX_THREAD_SCOPE_DEFINED
enum thread_scope {
    thread_scope_system = 0,
    thread_scope_device = 1,
    thread_scope_block = 2,
    thread_scope_thread = 3,
};
#endif

/* A size that the caller promises is a multiple of Alignment, with both
 * addresses aligned to it (CUDA may then copy in wider pieces). */
template <size_t Alignment> struct aligned_size_t {
    static constexpr size_t align = Alignment;
    size_t value;
    __host__ __device__ constexpr explicit aligned_size_t(size_t size)
        : value(size) {}
    __host__ __device__ constexpr operator size_t() const { return value; }
};

} // namespace cuda

namespace cux_async {

/* Parks the warp until the block's other warps have run (see above). */
CUX_ASYNC_DEV void yield()
{
    asm volatile("nanosleep.u32 0;" ::: "memory");
}

CUX_ASYNC_DEV unsigned long long load(const unsigned long long *word)
{
    return *(const volatile unsigned long long *)word;
}

CUX_ASYNC_DEV unsigned phase_of(const unsigned long long *word)
{
    return (unsigned)(load(word) >> 32);
}

/* Adds `update` arrivals to the current phase; returns that phase's
 * number, and true in *last for the arrival that completes it, which
 * then starts the next phase (count 0) itself. */
CUX_ASYNC_DEV unsigned arrive(unsigned long long *word, unsigned update,
                              unsigned expected, bool *last)
{
    unsigned long long old = atomicAdd(word, (unsigned long long)update);
    unsigned phase = (unsigned)(old >> 32);
    *last = (unsigned)old + update == expected;
    return phase;
}

CUX_ASYNC_DEV void next_phase(unsigned long long *word, unsigned phase)
{
    atomicExch(word, (unsigned long long)(phase + 1) << 32);
    __threadfence();
}

/* Waits until the counter has left phase `phase`. */
CUX_ASYNC_DEV void wait_past(const unsigned long long *word, unsigned phase)
{
    while (phase_of(word) == phase)
        yield();
    __threadfence();
}

/* Waits until `phases` phases in all have completed. */
CUX_ASYNC_DEV void wait_phases(const unsigned long long *word,
                               unsigned phases)
{
    while ((int)(phase_of(word) - phases) < 0)
        yield();
    __threadfence();
}

/* One thread's part of an asynchronous copy, done now; CUDA's ranges of
 * one copy never overlap. */
CUX_ASYNC_DEV void copy(void *dst, const void *src, size_t bytes)
{
    memcpy(dst, src, bytes);
}

/* A group's copy of `bytes`, each thread taking every size()-th 16-byte
 * piece (and the tail in single bytes), so that together they copy it
 * once. */
template <class Group>
CUX_ASYNC_DEV void group_copy(const Group &g, void *dst, const void *src,
                              size_t bytes)
{
    unsigned rank = g.thread_rank(), n = g.size();
    size_t pieces = bytes / 16;
    char *d = (char *)dst;
    const char *s = (const char *)src;
    for (size_t i = rank; i < pieces; i += n)
        memcpy(d + i * 16, s + i * 16, 16);
    for (size_t i = pieces * 16 + rank; i < bytes; i += n)
        d[i] = s[i];
}

} // namespace cux_async

#endif /* __CUDACC__ */
#endif /* CUX_ASYNC_H */
