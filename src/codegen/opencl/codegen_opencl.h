/* codegen_opencl.h: PTX IR to OpenCL C 1.2, one work-item per CUDA
 * thread, in rounds where barriers or collectives diverge
 * (docs/opencl.md), for the OpenCL device (src/dev/opencl). */
#ifndef CUX_CODEGEN_OPENCL_H
#define CUX_CODEGEN_OPENCL_H

#include "analysis/analysis.h"
#include "codegen/common/kernel_unit.h"

/* The generated code's contract with the device, besides the prelude
 * (src/dev/opencl/prelude): each kernel is
 *   __kernel void SYMBOL(__global uchar *A_, ulong AB_,
 *                        __global const uchar *P_, __local uchar *S_)
 * A_ is the device's memory arena and AB_ the CUDA address of its first
 * byte, P_ the kernel's packed .param block, S_ the block's shared
 * memory (layout.shared_dynamic_offset bytes of static .shared, then the
 * dynamic part).  The CUDA address of module variable v is the macro
 * CUX_VA_<v> (ulong), which the device defines ahead of the code. */
/* Functions on a recursive call chain run on a private stack of this
 * many bytes per thread, at most this many calls deep (ocl_recursion.c);
 * a deeper chain fails the launch as a GPU's call-stack overflow does. */
enum { CUX_OCL_STACK_BYTES = 16384, CUX_OCL_RECURSION_DEPTH = 256 };

typedef struct cux_ocl_kernel {
    uint32_t func;       /* the .entry's index in the module */
    const char *symbol;  /* its OpenCL name */
    const char *error;   /* NULL; else why it cannot run on OpenCL: one
                            line naming the PTX place and construct */
} cux_ocl_kernel;

typedef struct cux_ocl_result {
    cux_strbuf source;       /* the kernels that can run, and their callees */
    cux_ocl_kernel *kernels; /* every .entry with a body */
    uint32_t n_kernels;
    size_t shared_len;       /* the source's first bytes, which every
                                function needs: the rounds' helpers and
                                the functions' declarations */
    cux_code_span *funcs;    /* per function of the module; empty where
                                it has no code */
    bool uses_f64;           /* needs cl_khr_fp64 */
    bool uses_printf;        /* calls vprintf or __assertfail: the
                                device's service area (CUX_SVC_OFFSET,
                                CUX_SVC_BYTES) */
    cux_arena arena;         /* owns symbols and errors */
} cux_ocl_result;

/* Translates every function the OpenCL device can run; what it cannot
 * (collectives in device functions, textures, recursion, ...) leaves
 * the kernels that reach it out of `source`, each with its error.  Free
 * with cux_ocl_result_free. */
void cux_codegen_opencl(const cux_ptx_module *module,
                        const cux_module_analysis *analysis,
                        cux_ocl_result *out);
void cux_ocl_result_free(cux_ocl_result *result);

/* Appends to *out the source of one kernel alone (kernels[kernel]): the
 * shared part, the kernel and the functions it may call
 * (codegen/common/kernel_unit.h), for a device that builds a program per
 * launched kernel.  Empty for a kernel with an error. */
void cux_ocl_kernel_unit(const cux_ptx_module *module,
                         const cux_module_analysis *analysis,
                         const cux_ocl_result *result, uint32_t kernel,
                         cux_strbuf *out);

#endif
