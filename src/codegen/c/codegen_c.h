/* codegen_c.h: PTX module -> C source for the CPU device, where each PTX
 * register of a warp is a 32-lane vector (see docs/design.md). */
#ifndef CUX_CODEGEN_C_H
#define CUX_CODEGEN_C_H

#include "analysis/analysis.h"

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
} cux_cgen_result;

/* Generates C for every function of the module.  Returns false with a
 * diagnostic naming the PTX place of anything it cannot translate.  The
 * caller frees the result with cux_cgen_result_free (also on failure). */
bool cux_codegen_c(const cux_ptx_module *module,
                   const cux_module_analysis *analysis,
                   cux_cgen_result *result, cux_diag *diag);
void cux_cgen_result_free(cux_cgen_result *result);

#endif
