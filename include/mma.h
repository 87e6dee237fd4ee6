/* mma.h: CUDA's warp matrix functions (nvcuda::wmma) for cux.
 *
 * Supported: fragment<matrix_a | matrix_b | accumulator, m, n, k, T,
 * layout> with num_elements and x[]; fill_fragment, load_matrix_sync (a
 * and b with their layout type, accumulators with mem_row_major or
 * mem_col_major), mma_sync (with satf) and store_matrix_sync, for
 *   half multiplicands, float or half accumulators: m16n16k16, m32n8k16,
 *     m8n32k16 (any mix of float and half for c and d);
 *   __nv_bfloat16 multiplicands, float accumulators: the same shapes;
 *   signed char or unsigned char multiplicands, int accumulators: the same;
 *   precision::tf32 multiplicands (floats in memory), float accumulators:
 *     m16n16k8; and __float_to_tf32.
 * Not supported, each a compile error naming it: the sub-byte and
 * single-bit forms (experimental::precision::u4, s4, b1, bmma_sync), double
 * (m8n8k4) and any other shape or type.
 *
 * Each function is one PTX wmma instruction written as inline asm, which
 * cux's PTX front end reads and its code generator runs on the whole
 * warp's registers at once (src/dev/cpu/prelude/50_wmma.h).  That route,
 * rather than a header that moves elements between lanes with shuffles,
 * keeps the 16x16x16 multiply a plain loop the C compiler vectorises
 * instead of thousands of cross-lane moves, and it runs the wmma PTX that
 * nvcc writes too.  Inline asm rather than clang's __hmma builtins: those
 * exist only for half and 8-bit types at sm_75, which cuxcc still targets
 * for builds that ask for older GPUs, while asm reaches bf16 and tf32 at
 * every target.
 *
 * How x[] maps to matrix elements is cux's own (CUDA leaves it
 * unspecified): elementwise operations on x[] work, code that assumes
 * NVIDIA's lane layout does not.  As in CUDA, all 32 lanes of a warp must
 * call each *_sync function together, with the same pointer and ldm. */
#ifndef CUX_MMA_H
#define CUX_MMA_H

#if defined(__cplusplus) && defined(__CUDACC__)

#include "cuda_fp16.h"
#include "cuda_bf16.h"

#define CUX_WMMA_DEV __device__ __inline__ __attribute__((always_inline))

namespace nvcuda {
namespace wmma {

/* the tags and the layout, as CUDA names them */
struct row_major;
struct col_major;
struct matrix_a;
struct matrix_b;
struct accumulator;
namespace precision {
struct tf32;
}
namespace experimental {
namespace precision {
struct u4;
struct s4;
struct b1;
}
enum bmmaBitOp { bmmaBitOpXOR = 1, bmmaBitOpAND = 2 };
enum bmmaAccumulateOp { bmmaAccumulateOpPOPC = 1 };
}
enum layout_t { mem_row_major, mem_col_major };

/* A dependent false, so that a static_assert fires only when used. */
template <typename... T> struct __cux_false { static const bool value = false; };

/* {%[d0], %[d1], ...}: named operands, so the lists of an instruction do
 * not depend on where the others start. */
#define __CUX_L1(x) "{%[" #x "0]}"
#define __CUX_L2(x) "{%[" #x "0], %[" #x "1]}"
#define __CUX_L4(x) "{%[" #x "0], %[" #x "1], %[" #x "2], %[" #x "3]}"
#define __CUX_L8(x)                                                        \
    "{%[" #x "0], %[" #x "1], %[" #x "2], %[" #x "3], %[" #x "4], %[" #x  \
    "5], %[" #x "6], %[" #x "7]}"
#define __CUX_O1(x, c, v) [x##0] c(v[0])
#define __CUX_O2(x, c, v) __CUX_O1(x, c, v), [x##1] c(v[1])
#define __CUX_O4(x, c, v) __CUX_O2(x, c, v), [x##2] c(v[2]), [x##3] c(v[3])
#define __CUX_O8(x, c, v)                                                  \
    __CUX_O4(x, c, v), [x##4] c(v[4]), [x##5] c(v[5]), [x##6] c(v[6]),     \
        [x##7] c(v[7])

/* What a fragment of Use, shape and T holds: element_type (CUDA's),
 * storage_element_type (x[]'s), memory_type (what load and store point
 * to), regs (the PTX fragment's 32-bit registers per lane); load and
 * store are the instructions. */
template <typename Use, int m, int n, int k, typename T>
struct __cux_frag_traits {
    static_assert(__cux_false<Use, T>::value,
                  "wmma::fragment: cux does not support this shape and "
                  "element type (supported: half, __nv_bfloat16, signed "
                  "char, unsigned char with m16n16k16, m32n8k16, m8n32k16; "
                  "precision::tf32 with m16n16k8; accumulators float, half "
                  "or int to match; not double, experimental::precision::"
                  "u4/s4/b1 or other shapes)");
    typedef T element_type;
    typedef T storage_element_type;
    typedef T memory_type;
    enum { regs = 1 };
};

#define __CUX_WMMA_LOAD(M, L, SHAPE, TY, R)                                \
    asm volatile("wmma.load." M ".sync.aligned." L "." SHAPE "." TY " "      \
                 __CUX_L##R(f) ", [%[p]], %[ld];"                          \
                 : __CUX_O##R(f, "=r", __r)                                \
                 : [p] "l"(__p), [ld] "r"(__ldm) : "memory")

#define __CUX_WMMA_STORE(L, SHAPE, TY, R)                                  \
    asm volatile("wmma.store.d.sync.aligned." L "." SHAPE "." TY           \
                 " [%[p]], " __CUX_L##R(f) ", %[ld];"                      \
                 : : [p] "l"(__p), __CUX_O##R(f, "r", __r), [ld] "r"(__ldm) \
                 : "memory")

/* One specialization: USE, the shape, T; CUDA's element type ETYPE, x[]'s
 * ELEM and the memory's MEM; the matrix letter and PTX spellings; R
 * registers.  store_matrix_sync takes accumulators only, so the `store`
 * of a multiplicand is never called and its asm never emitted. */
#define __CUX_WMMA_FRAG(USE, M, N, K, T, ETYPE, ELEM, MEM, LETTER, SHAPE,   \
                        TY, R)                                             \
    template <> struct __cux_frag_traits<USE, M, N, K, T> {                \
        typedef ETYPE element_type;                                        \
        typedef ELEM storage_element_type;                                 \
        typedef MEM memory_type;                                           \
        enum { regs = R };                                                 \
        static CUX_WMMA_DEV void load(unsigned *__r, const void *__p,      \
                                      unsigned __ldm, bool __col)          \
        {                                                                  \
            if (__col)                                                     \
                __CUX_WMMA_LOAD(LETTER, "col", SHAPE, TY, R);              \
            else                                                           \
                __CUX_WMMA_LOAD(LETTER, "row", SHAPE, TY, R);              \
        }                                                                  \
        static CUX_WMMA_DEV void store(const unsigned *__r, void *__p,     \
                                       unsigned __ldm, bool __col)         \
        {                                                                  \
            if (__col)                                                     \
                __CUX_WMMA_STORE("col", SHAPE, TY, R);                     \
            else                                                           \
                __CUX_WMMA_STORE("row", SHAPE, TY, R);                     \
        }                                                                  \
    };

/* a and b of one multiplicand type, RA and RB registers */
#define __CUX_WMMA_AB(M, N, K, T, ETYPE, ELEM, SHAPE, TY, RA, RB)          \
    __CUX_WMMA_FRAG(matrix_a, M, N, K, T, ETYPE, ELEM, ELEM, "a", SHAPE,   \
                    TY, RA)                                                \
    __CUX_WMMA_FRAG(matrix_b, M, N, K, T, ETYPE, ELEM, ELEM, "b", SHAPE,   \
                    TY, RB)

/* accumulators load as matrix c and store as d */
#define __CUX_WMMA_ACC(M, N, K, T, SHAPE, TY, R)                           \
    __CUX_WMMA_FRAG(accumulator, M, N, K, T, T, T, T, "c", SHAPE, TY, R)

#define __CUX_WMMA_SHAPE(M, N, K, SHAPE, RA8, RB8, RA16, RB16)             \
    __CUX_WMMA_AB(M, N, K, __half, __half, __half, SHAPE, "f16", 8, 8)     \
    __CUX_WMMA_AB(M, N, K, __nv_bfloat16, __nv_bfloat16, __nv_bfloat16,    \
                  SHAPE, "bf16", RA16, RB16)                               \
    __CUX_WMMA_AB(M, N, K, signed char, signed char, signed char, SHAPE,   \
                  "s8", RA8, RB8)                                          \
    __CUX_WMMA_AB(M, N, K, unsigned char, unsigned char, unsigned char,    \
                  SHAPE, "u8", RA8, RB8)                                   \
    __CUX_WMMA_ACC(M, N, K, float, SHAPE, "f32", 8)                        \
    __CUX_WMMA_ACC(M, N, K, __half, SHAPE, "f16", 4)                       \
    __CUX_WMMA_ACC(M, N, K, int, SHAPE, "s32", 8)

__CUX_WMMA_SHAPE(16, 16, 16, "m16n16k16", 2, 2, 4, 4)
__CUX_WMMA_SHAPE(32, 8, 16, "m32n8k16", 4, 1, 8, 2)
__CUX_WMMA_SHAPE(8, 32, 16, "m8n32k16", 1, 4, 2, 8)
__CUX_WMMA_AB(16, 16, 8, precision::tf32, precision::tf32, float,
              "m16n16k8", "tf32", 4, 4)
__CUX_WMMA_ACC(16, 16, 8, float, "m16n16k8", "f32", 8)

template <typename Use, typename Layout> struct __cux_layout_ok {
    static const bool value = false;
};
template <> struct __cux_layout_ok<matrix_a, row_major> { static const bool value = true; };
template <> struct __cux_layout_ok<matrix_a, col_major> { static const bool value = true; };
template <> struct __cux_layout_ok<matrix_b, row_major> { static const bool value = true; };
template <> struct __cux_layout_ok<matrix_b, col_major> { static const bool value = true; };
template <> struct __cux_layout_ok<accumulator, void> { static const bool value = true; };

template <typename Use, int m, int n, int k, typename T,
          typename Layout = void>
class fragment {
    typedef __cux_frag_traits<Use, m, n, k, T> __traits;
    static_assert(__cux_layout_ok<Use, Layout>::value,
                  "wmma::fragment: matrix_a and matrix_b take row_major or "
                  "col_major, an accumulator no layout");

public:
    typedef typename __traits::element_type element_type;
    typedef typename __traits::storage_element_type storage_element_type;
    enum {
        num_elements = __traits::regs * 4 / sizeof(storage_element_type),
        num_storage_elements = num_elements
    };
    storage_element_type x[num_elements];
};

/* x[] as the PTX fragment's 32-bit registers and back */
template <typename F, int R>
CUX_WMMA_DEV void __cux_to_regs(unsigned (&__r)[R], const F &__f)
{
    static_assert(sizeof(__f.x) == sizeof(__r), "fragment size");
    __builtin_memcpy(__r, __f.x, sizeof(__r));
}

template <typename F, int R>
CUX_WMMA_DEV void __cux_from_regs(F &__f, const unsigned (&__r)[R])
{
    __builtin_memcpy(__f.x, __r, sizeof(__r));
}

template <typename Use, int m, int n, int k, typename T, typename Layout>
CUX_WMMA_DEV void
fill_fragment(fragment<Use, m, n, k, T, Layout> &__f,
              const typename fragment<Use, m, n, k, T,
                                      Layout>::storage_element_type &__v)
{
    for (int __i = 0; __i < __f.num_elements; __i++)
        __f.x[__i] = __v;
}

template <typename Use, int m, int n, int k, typename T, typename Layout>
CUX_WMMA_DEV void
load_matrix_sync(fragment<Use, m, n, k, T, Layout> &__f,
                 const typename __cux_frag_traits<Use, m, n, k,
                                                  T>::memory_type *__p,
                 unsigned __ldm)
{
    typedef __cux_frag_traits<Use, m, n, k, T> __traits;
    static_assert(!__is_same(Layout, void),
                  "wmma::load_matrix_sync: an accumulator needs a layout_t "
                  "(mem_row_major or mem_col_major)");
    unsigned __r[__traits::regs];
    __traits::load(__r, __p, __ldm, __is_same(Layout, col_major));
    __cux_from_regs(__f, __r);
}

template <int m, int n, int k, typename T>
CUX_WMMA_DEV void
load_matrix_sync(fragment<accumulator, m, n, k, T> &__f,
                 const typename __cux_frag_traits<accumulator, m, n, k,
                                                  T>::memory_type *__p,
                 unsigned __ldm, layout_t __layout)
{
    typedef __cux_frag_traits<accumulator, m, n, k, T> __traits;
    unsigned __r[__traits::regs];
    __traits::load(__r, __p, __ldm, __layout == mem_col_major);
    __cux_from_regs(__f, __r);
}

template <int m, int n, int k, typename T>
CUX_WMMA_DEV void
store_matrix_sync(typename __cux_frag_traits<accumulator, m, n, k,
                                             T>::memory_type *__p,
                  const fragment<accumulator, m, n, k, T> &__f,
                  unsigned __ldm, layout_t __layout)
{
    typedef __cux_frag_traits<accumulator, m, n, k, T> __traits;
    unsigned __r[__traits::regs];
    __cux_to_regs(__r, __f);
    __traits::store(__r, __p, __ldm, __layout == mem_col_major);
}

/* ---- mma_sync ---------------------------------------------------------- */

template <int m, int n, int k, typename TA, typename TD, typename TC>
struct __cux_mma {
    static_assert(__cux_false<TA, TD, TC>::value,
                  "wmma::mma_sync: cux does not support these types "
                  "together (half with float or half accumulators; "
                  "__nv_bfloat16 and precision::tf32 with float; signed or "
                  "unsigned char with int)");
    static CUX_WMMA_DEV void run(unsigned *, const unsigned *,
                                 const unsigned *, const unsigned *, bool,
                                 bool, bool) {}
};

#define __CUX_MMA_ASM(LA, LB, SAT, SHAPE, TYPES, RD, RA, RB, RC)           \
    asm volatile("wmma.mma.sync.aligned." LA "." LB SHAPE TYPES SAT " "   \
                 __CUX_L##RD(d) ", " __CUX_L##RA(a) ", " __CUX_L##RB(b)    \
                 ", " __CUX_L##RC(c) ";"                                   \
                 : __CUX_O##RD(d, "=r", __d)                               \
                 : __CUX_O##RA(a, "r", __a), __CUX_O##RB(b, "r", __b),     \
                   __CUX_O##RC(c, "r", __c))

#define __CUX_MMA_SAT(LA, LB, SHAPE, TYPES, RD, RA, RB, RC)                \
    if (__satf)                                                            \
        __CUX_MMA_ASM(LA, LB, ".satfinite", SHAPE, TYPES, RD, RA, RB, RC); \
    else                                                                   \
        __CUX_MMA_ASM(LA, LB, "", SHAPE, TYPES, RD, RA, RB, RC)

#define __CUX_MMA(M, N, K, TA, TD, TC, SHAPE, TYPES, RD, RA, RB, RC)       \
    template <> struct __cux_mma<M, N, K, TA, TD, TC> {                    \
        static CUX_WMMA_DEV void run(unsigned *__d, const unsigned *__a,   \
                                     const unsigned *__b,                  \
                                     const unsigned *__c, bool __acol,     \
                                     bool __bcol, bool __satf)             \
        {                                                                  \
            if (!__acol && !__bcol)                                        \
                __CUX_MMA_SAT("row", "row", SHAPE, TYPES, RD, RA, RB, RC); \
            else if (!__acol)                                              \
                __CUX_MMA_SAT("row", "col", SHAPE, TYPES, RD, RA, RB, RC); \
            else if (!__bcol)                                              \
                __CUX_MMA_SAT("col", "row", SHAPE, TYPES, RD, RA, RB, RC); \
            else                                                           \
                __CUX_MMA_SAT("col", "col", SHAPE, TYPES, RD, RA, RB, RC); \
        }                                                                  \
    };

#define __CUX_MMA_SHAPE(M, N, K, SHAPE, RA8, RB8, RA16, RB16)              \
    __CUX_MMA(M, N, K, __half, float, float, SHAPE, ".f32.f32", 8, 8, 8, 8) \
    __CUX_MMA(M, N, K, __half, float, __half, SHAPE, ".f32.f16", 8, 8, 8,  \
              4)                                                           \
    __CUX_MMA(M, N, K, __half, __half, float, SHAPE, ".f16.f32", 4, 8, 8,  \
              8)                                                           \
    __CUX_MMA(M, N, K, __half, __half, __half, SHAPE, ".f16.f16", 4, 8, 8, \
              4)                                                           \
    __CUX_MMA(M, N, K, __nv_bfloat16, float, float, SHAPE,                 \
              ".f32.bf16.bf16.f32", 8, RA16, RB16, 8)                      \
    __CUX_MMA(M, N, K, signed char, int, int, SHAPE, ".s32.s8.s8.s32", 8,  \
              RA8, RB8, 8)                                                 \
    __CUX_MMA(M, N, K, unsigned char, int, int, SHAPE, ".s32.u8.u8.s32",   \
              8, RA8, RB8, 8)

__CUX_MMA_SHAPE(16, 16, 16, ".m16n16k16", 2, 2, 4, 4)
__CUX_MMA_SHAPE(32, 8, 16, ".m32n8k16", 4, 1, 8, 2)
__CUX_MMA_SHAPE(8, 32, 16, ".m8n32k16", 1, 4, 2, 8)
__CUX_MMA(16, 16, 8, precision::tf32, float, float, ".m16n16k8",
          ".f32.tf32.tf32.f32", 8, 4, 4, 8)

template <int m, int n, int k, typename TA, typename LA, typename LB,
          typename TD, typename TC>
CUX_WMMA_DEV void mma_sync(fragment<accumulator, m, n, k, TD> &__d,
                           const fragment<matrix_a, m, n, k, TA, LA> &__a,
                           const fragment<matrix_b, m, n, k, TA, LB> &__b,
                           const fragment<accumulator, m, n, k, TC> &__c,
                           bool __satf = false)
{
    typedef __cux_frag_traits<matrix_a, m, n, k, TA> __ta;
    typedef __cux_frag_traits<matrix_b, m, n, k, TA> __tb;
    typedef __cux_frag_traits<accumulator, m, n, k, TD> __td;
    typedef __cux_frag_traits<accumulator, m, n, k, TC> __tc;
    unsigned __ar[__ta::regs], __br[__tb::regs], __cr[__tc::regs],
        __dr[__td::regs];
    __cux_to_regs(__ar, __a);
    __cux_to_regs(__br, __b);
    __cux_to_regs(__cr, __c);
    __cux_mma<m, n, k, TA, TD, TC>::run(__dr, __ar, __br, __cr,
                                        __is_same(LA, col_major),
                                        __is_same(LB, col_major), __satf);
    __cux_from_regs(__d, __dr);
}

/* cvt.rna.tf32.f32: the nearest tf32, ties away from zero, in a float
 * whose 13 low mantissa bits are zero. */
CUX_WMMA_DEV float __float_to_tf32(float __in)
{
    unsigned __u = __float_as_uint(__in);
    if ((__u & 0x7f800000u) != 0x7f800000u)
        __u = (__u + 0x1000u) & 0xffffe000u;
    return __uint_as_float(__u);
}

/* The sub-byte and single-bit forms: named, so that using one is an
 * error that says so rather than an unknown name. */
template <typename... T> CUX_WMMA_DEV void bmma_sync(T &&...)
{
    static_assert(__cux_false<T...>::value,
                  "wmma::bmma_sync: cux does not support the single-bit "
                  "(experimental::precision::b1) warp matrix forms");
}

} // namespace wmma
} // namespace nvcuda

#undef CUX_WMMA_DEV

#endif /* __cplusplus && __CUDACC__ */
#endif /* CUX_MMA_H */
