/* kernel_unit.h: which functions a kernel may run, for both generators'
 * one-kernel units (codegen/c/emit_module.c, codegen/opencl/ocl_module.c):
 * a module with dozens of kernels of which a program launches a few
 * (Thrust's, CUB's) is compiled one launched kernel at a time. */
#ifndef CUX_CODEGEN_KERNEL_UNIT_H
#define CUX_CODEGEN_KERNEL_UNIT_H

#include "analysis/analysis.h"
#include "ptx/ptx.h"
#include "util/util.h"

#include <stddef.h>
#include <stdint.h>

/* Where one function's code lies in a generated source: [start, end). */
typedef struct cux_code_span {
    size_t start, end;
} cux_code_span;

/* Sets needed[f] (n_funcs bytes, zeroed by the caller) for the kernel
 * `entry`, every function it calls directly, every function whose
 * address the module takes (an indirect call may reach it), and what
 * those call in turn. */
void cux_kernel_unit_functions(const cux_ptx_module *module,
                               const cux_module_analysis *analysis,
                               uint32_t entry, uint8_t *needed);

/* Appends to *out the unit of kernel `entry` cut from a generated
 * source: its first shared_len bytes (what every function needs), then
 * the code of each function above, funcs[f] giving where it lies. */
void cux_kernel_unit_append(const cux_ptx_module *module,
                            const cux_module_analysis *analysis,
                            uint32_t entry, const cux_strbuf *source,
                            size_t shared_len, const cux_code_span *funcs,
                            cux_strbuf *out);

#endif
