/* cux/device_atomics.h: CUDA's atomic functions for device code.
 * Thin overloads over clang's __[iuf..]Atomic* helpers, which emit atom.*. */
#ifndef CUX_DEVICE_ATOMICS_H
#define CUX_DEVICE_ATOMICS_H

#define CUX_ADEV static __device__ __inline__ __attribute__((always_inline))

/* One CUDA atomic in its three scopes (device, block, system). */
#define CUX_ATOMIC2(name, T, impl) \
    CUX_ADEV T name(T *__p, T __v) { return impl(__p, __v); } \
    CUX_ADEV T name##_block(T *__p, T __v) { return impl##_block(__p, __v); } \
    CUX_ADEV T name##_system(T *__p, T __v) \
    { return impl##_system(__p, __v); }

#define CUX_ATOMIC3(name, T, impl) \
    CUX_ADEV T name(T *__p, T __c, T __v) { return impl(__p, __c, __v); } \
    CUX_ADEV T name##_block(T *__p, T __c, T __v) \
    { return impl##_block(__p, __c, __v); } \
    CUX_ADEV T name##_system(T *__p, T __c, T __v) \
    { return impl##_system(__p, __c, __v); }

CUX_ATOMIC2(atomicAdd, int, __iAtomicAdd)
CUX_ATOMIC2(atomicAdd, unsigned int, __uAtomicAdd)
CUX_ATOMIC2(atomicAdd, unsigned long long int, __ullAtomicAdd)
CUX_ATOMIC2(atomicAdd, float, __fAtomicAdd)
CUX_ATOMIC2(atomicAdd, double, __dAtomicAdd)

CUX_ATOMIC2(atomicExch, int, __iAtomicExch)
CUX_ATOMIC2(atomicExch, unsigned int, __uAtomicExch)
CUX_ATOMIC2(atomicExch, unsigned long long int, __ullAtomicExch)
CUX_ATOMIC2(atomicExch, float, __fAtomicExch)

CUX_ATOMIC2(atomicMin, int, __iAtomicMin)
CUX_ATOMIC2(atomicMin, long long int, __illAtomicMin)
CUX_ATOMIC2(atomicMax, int, __iAtomicMax)
CUX_ATOMIC2(atomicMax, long long int, __illAtomicMax)

CUX_ATOMIC2(atomicInc, unsigned int, __uAtomicInc)
CUX_ATOMIC2(atomicDec, unsigned int, __uAtomicDec)

CUX_ATOMIC2(atomicAnd, int, __iAtomicAnd)
CUX_ATOMIC2(atomicAnd, unsigned int, __uAtomicAnd)
CUX_ATOMIC2(atomicAnd, unsigned long long int, __ullAtomicAnd)
CUX_ATOMIC2(atomicOr, int, __iAtomicOr)
CUX_ATOMIC2(atomicOr, unsigned int, __uAtomicOr)
CUX_ATOMIC2(atomicOr, unsigned long long int, __ullAtomicOr)
CUX_ATOMIC2(atomicXor, int, __iAtomicXor)
CUX_ATOMIC2(atomicXor, unsigned int, __uAtomicXor)
CUX_ATOMIC2(atomicXor, unsigned long long int, __ullAtomicXor)

CUX_ATOMIC3(atomicCAS, int, __iAtomicCAS)
CUX_ATOMIC3(atomicCAS, unsigned int, __uAtomicCAS)
CUX_ATOMIC3(atomicCAS, unsigned long long int, __ullAtomicCAS)

/* LLVM lowers the scoped (cta, sys) unsigned min/max builtins to the
 * signed instructions, so those six go through inline PTX instead. */
#define CUX_ATOMIC_UMM(name, T, impl, op, ty, c) \
    CUX_ADEV T name(T *__p, T __v) { return impl(__p, __v); } \
    CUX_ADEV T name##_block(T *__p, T __v) \
    { \
        T __r; \
        asm volatile("atom.cta." op "." ty " %0, [%1], %2;" \
                     : "=" c(__r) : "l"(__p), c(__v) : "memory"); \
        return __r; \
    } \
    CUX_ADEV T name##_system(T *__p, T __v) \
    { \
        T __r; \
        asm volatile("atom.sys." op "." ty " %0, [%1], %2;" \
                     : "=" c(__r) : "l"(__p), c(__v) : "memory"); \
        return __r; \
    }
CUX_ATOMIC_UMM(atomicMin, unsigned int, __uAtomicMin, "min", "u32", "r")
CUX_ATOMIC_UMM(atomicMax, unsigned int, __uAtomicMax, "max", "u32", "r")
CUX_ATOMIC_UMM(atomicMin, unsigned long long int, __ullAtomicMin, "min",
               "u64", "l")
CUX_ATOMIC_UMM(atomicMax, unsigned long long int, __ullAtomicMax, "max",
               "u64", "l")
#undef CUX_ATOMIC_UMM

/* CUDA has no atom.sub: subtraction is addition of the negation, done
 * in unsigned arithmetic so that INT_MIN does not overflow. */
#define CUX_ATOMIC_SUB(sfx, impl) \
    CUX_ADEV int atomicSub##sfx(int *__p, int __v) \
    { return impl(__p, (int)(0u - (unsigned int)__v)); }
CUX_ATOMIC_SUB(, __iAtomicAdd)
CUX_ATOMIC_SUB(_block, __iAtomicAdd_block)
CUX_ATOMIC_SUB(_system, __iAtomicAdd_system)
#undef CUX_ATOMIC_SUB
#define CUX_ATOMIC_USUB(sfx, impl) \
    CUX_ADEV unsigned int atomicSub##sfx(unsigned int *__p, unsigned int __v) \
    { return impl(__p, 0u - __v); }
CUX_ATOMIC_USUB(, __uAtomicAdd)
CUX_ATOMIC_USUB(_block, __uAtomicAdd_block)
CUX_ATOMIC_USUB(_system, __uAtomicAdd_system)
#undef CUX_ATOMIC_USUB

#undef CUX_ATOMIC2
#undef CUX_ATOMIC3
#undef CUX_ADEV

#endif
