/* codegen_c.h: PTX module -> C source for the CPU device, where each PTX
 * register of a warp is a 32-lane vector (see docs/design.md). */
#ifndef CUX_CODEGEN_C_H
#define CUX_CODEGEN_C_H

#include "analysis/analysis.h"
#include "codegen/common/kernel_unit.h"

/* The C symbols of one kernel; what it needs to run is in its facts. */
typedef struct cux_cgen_kernel {
    uint32_t func;          /* index of the .entry in the module */
    char symbol[32];        /* C symbol of its round function */
    char save_symbol[40];   /* C symbol of its save-area size */
    const cux_kernel_facts *facts; /* borrowed from the module analysis */
} cux_cgen_kernel;

typedef struct cux_cgen_result {
    cux_strbuf source;      /* the C translation unit (without prelude) */
    bool line_info;         /* source maps lines to CUDA source (#line) */
    size_t line_bytes;      /* of source, in #line directives */
    cux_cgen_kernel *kernels;
    uint32_t n_kernels;
    size_t shared_len;      /* the source's first bytes, which every
                               function's C needs: types, globals, the
                               declarations of the functions */
    cux_code_span *funcs;   /* per function of the module; empty where
                               it has no body */
} cux_cgen_result;

/* Generates C for every function of the module.  Returns false with a
 * diagnostic naming the PTX place of anything it cannot translate.  The
 * caller frees the result with cux_cgen_result_free (also on failure). */
bool cux_codegen_c(const cux_ptx_module *module,
                   const cux_module_analysis *analysis,
                   cux_cgen_result *result, cux_diag *diag);
void cux_cgen_result_free(cux_cgen_result *result);

/* Appends to *out a translation unit holding one kernel alone: the
 * shared part of the source, the kernel, the functions it calls, and
 * every function whose address the module takes (an indirect call may
 * reach them) with theirs.  A module with many kernels of which a
 * program launches a few (Thrust's and CUB's) then compiles only
 * those. */
void cux_cgen_kernel_unit(const cux_ptx_module *module,
                          const cux_module_analysis *analysis,
                          const cux_cgen_result *result, uint32_t kernel,
                          cux_strbuf *out);

#endif
