/* cux/device_extras.h: device built-ins that neither clang's helper
 * headers nor its builtins provide under CUDA's names. */
#ifndef CUX_DEVICE_EXTRAS_H
#define CUX_DEVICE_EXTRAS_H

#define CUX_XDEV static __device__ __inline__ __attribute__((always_inline))

/* nanosleep exists from sm_70; older targets get a no-op, as the
 * instruction only hints at a delay anyway. */
CUX_XDEV void __nanosleep(unsigned int __ns)
{
#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 700
    asm volatile("nanosleep.u32 %0;" : : "r"(__ns));
#else
    (void)__ns;
#endif
}

CUX_XDEV unsigned int __isGlobal(const void *__p)
{
    return __nvvm_isspacep_global(__p);
}
CUX_XDEV unsigned int __isShared(const void *__p)
{
    return __nvvm_isspacep_shared(__p);
}
CUX_XDEV unsigned int __isConstant(const void *__p)
{
    return __nvvm_isspacep_const(__p);
}
CUX_XDEV unsigned int __isLocal(const void *__p)
{
    return __nvvm_isspacep_local(__p);
}

CUX_XDEV size_t __cvta_generic_to_shared(const void *__p)
{
    size_t __r;
    asm("cvta.to.shared.u64 %0, %1;" : "=l"(__r) : "l"(__p));
    return __r;
}
CUX_XDEV void *__cvta_shared_to_generic(size_t __a)
{
    void *__r;
    asm("cvta.shared.u64 %0, %1;" : "=l"(__r) : "l"(__a));
    return __r;
}

/* Dot products of packed bytes and halves (sm_61). */
CUX_XDEV int __dp4a(int __a, int __b, int __c)
{
    int __r;
    asm("dp4a.s32.s32 %0, %1, %2, %3;"
        : "=r"(__r) : "r"(__a), "r"(__b), "r"(__c));
    return __r;
}
CUX_XDEV unsigned int __dp4a(unsigned int __a, unsigned int __b,
                             unsigned int __c)
{
    unsigned int __r;
    asm("dp4a.u32.u32 %0, %1, %2, %3;"
        : "=r"(__r) : "r"(__a), "r"(__b), "r"(__c));
    return __r;
}
CUX_XDEV int __dp2a_lo(int __a, int __b, int __c)
{
    int __r;
    asm("dp2a.lo.s32.s32 %0, %1, %2, %3;"
        : "=r"(__r) : "r"(__a), "r"(__b), "r"(__c));
    return __r;
}
CUX_XDEV int __dp2a_hi(int __a, int __b, int __c)
{
    int __r;
    asm("dp2a.hi.s32.s32 %0, %1, %2, %3;"
        : "=r"(__r) : "r"(__a), "r"(__b), "r"(__c));
    return __r;
}

/* Warp reductions (sm_80), as redux.sync. */
#define CUX_REDUX(name, op, T, ty) \
    CUX_XDEV T name(unsigned int __mask, T __v) \
    { \
        T __r; \
        asm volatile("redux.sync." op "." ty " %0, %1, %2;" \
                     : "=r"(__r) : "r"(__v), "r"(__mask)); \
        return __r; \
    }
CUX_REDUX(__reduce_add_sync, "add", int, "s32")
CUX_REDUX(__reduce_add_sync, "add", unsigned int, "u32")
CUX_REDUX(__reduce_min_sync, "min", int, "s32")
CUX_REDUX(__reduce_min_sync, "min", unsigned int, "u32")
CUX_REDUX(__reduce_max_sync, "max", int, "s32")
CUX_REDUX(__reduce_max_sync, "max", unsigned int, "u32")
CUX_REDUX(__reduce_and_sync, "and", unsigned int, "b32")
CUX_REDUX(__reduce_or_sync, "or", unsigned int, "b32")
CUX_REDUX(__reduce_xor_sync, "xor", unsigned int, "b32")
#undef CUX_REDUX

#undef CUX_XDEV

#endif
