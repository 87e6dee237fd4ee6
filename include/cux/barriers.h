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

#define CUX_BAR static __device__ __inline__ __attribute__((always_inline))
#define CUX_FENCE() __asm__ __volatile__("" ::: "memory")

CUX_BAR void cux_syncthreads(void)
{
    CUX_FENCE();
    __syncthreads();
    CUX_FENCE();
}
CUX_BAR int cux_syncthreads_count(int __p)
{
    CUX_FENCE();
    int __r = __syncthreads_count(__p);
    CUX_FENCE();
    return __r;
}
CUX_BAR int cux_syncthreads_and(int __p)
{
    CUX_FENCE();
    int __r = __syncthreads_and(__p);
    CUX_FENCE();
    return __r;
}
CUX_BAR int cux_syncthreads_or(int __p)
{
    CUX_FENCE();
    int __r = __syncthreads_or(__p);
    CUX_FENCE();
    return __r;
}
CUX_BAR void cux_syncwarp(unsigned __mask = 0xffffffffu)
{
    CUX_FENCE();
    __syncwarp(__mask);
    CUX_FENCE();
}
CUX_BAR void cux_threadfence(void)
{
    CUX_FENCE();
    __threadfence();
    CUX_FENCE();
}
CUX_BAR void cux_threadfence_block(void)
{
    CUX_FENCE();
    __threadfence_block();
    CUX_FENCE();
}
CUX_BAR void cux_threadfence_system(void)
{
    CUX_FENCE();
    __threadfence_system();
    CUX_FENCE();
}

#define __syncthreads() cux_syncthreads()
#define __syncthreads_count(p) cux_syncthreads_count(p)
#define __syncthreads_and(p) cux_syncthreads_and(p)
#define __syncthreads_or(p) cux_syncthreads_or(p)
#define __syncwarp(...) cux_syncwarp(__VA_ARGS__)
#define __threadfence() cux_threadfence()
#define __threadfence_block() cux_threadfence_block()
#define __threadfence_system() cux_threadfence_system()

#undef CUX_FENCE
#undef CUX_BAR
#endif
