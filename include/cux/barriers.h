/* cux/barriers.h: CUDA's barriers and fences as compiler barriers too.
 *
 * clang lowers __syncthreads() and its kin to intrinsics that LLVM
 * treats as calls which cannot reach a __shared__ array whose address
 * never escapes the kernel (an internal global: GlobalsAA).  So LLVM
 * keeps such an array's values in registers across the barrier: in a
 * loop unrolled around two barriers (binomialOptions in cuda-samples) it
 * read a neighbour's element once for two steps, and every warp got the
 * stale value.  CUDA makes every write before a barrier visible after
 * it, so each barrier here sits between two `asm volatile("" :::
 * "memory")`, which LLVM must assume read and write all memory; the PTX
 * is the same instruction. */
#ifndef CUX_BARRIERS_H
#define CUX_BARRIERS_H

#define CUX_FENCE() __asm__ __volatile__("" ::: "memory")
/* cux_NAME: the barrier __NAME between two compiler barriers. */
#define CUX_FENCED(name, type, params, args)                            \
    static __device__ __inline__ __attribute__((always_inline)) type    \
    cux_##name params                                                   \
    {                                                                   \
        CUX_FENCE();                                                    \
        type __r = (type)__##name args;                                 \
        CUX_FENCE();                                                    \
        return __r;                                                     \
    }

CUX_FENCED(syncthreads_count, int, (int __p), (__p))
CUX_FENCED(syncthreads_and, int, (int __p), (__p))
CUX_FENCED(syncthreads_or, int, (int __p), (__p))
#undef CUX_FENCED

/* The others return nothing. */
#define CUX_FENCED(name, params, args)                                  \
    static __device__ __inline__ __attribute__((always_inline)) void    \
    cux_##name params                                                   \
    {                                                                   \
        CUX_FENCE();                                                    \
        __##name args;                                                  \
        CUX_FENCE();                                                    \
    }

CUX_FENCED(syncthreads, (void), ())
CUX_FENCED(syncwarp, (unsigned __mask = 0xffffffffu), (__mask))
CUX_FENCED(threadfence, (void), ())
CUX_FENCED(threadfence_block, (void), ())
CUX_FENCED(threadfence_system, (void), ())
#undef CUX_FENCED

#define __syncthreads() cux_syncthreads()
#define __syncthreads_count(p) cux_syncthreads_count(p)
#define __syncthreads_and(p) cux_syncthreads_and(p)
#define __syncthreads_or(p) cux_syncthreads_or(p)
#define __syncwarp(...) cux_syncwarp(__VA_ARGS__)
#define __threadfence() cux_threadfence()
#define __threadfence_block() cux_threadfence_block()
#define __threadfence_system() cux_threadfence_system()

#undef CUX_FENCE
#endif
