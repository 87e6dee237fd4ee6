/* kernel_unit.h: which functions a kernel may run, for both generators'
 * one-kernel units (codegen/c/emit_module.c, codegen/opencl/ocl_module.c):
 * a module with dozens of kernels of which a program launches a few
 * (Thrust's, CUB's) is compiled one launched kernel at a time. */
#ifndef CUX_CODEGEN_KERNEL_UNIT_H
#define CUX_CODEGEN_KERNEL_UNIT_H

#include "analysis/analysis.h"
#include "ptx/ptx.h"

#include <stdint.h>

/* Sets needed[f] (n_funcs bytes, zeroed by the caller) for the kernel
 * `entry`, every function it calls directly, every function whose
 * address the module takes (an indirect call may reach it), and what
 * those call in turn. */
void cux_kernel_unit_functions(const cux_ptx_module *module,
                               const cux_module_analysis *analysis,
                               uint32_t entry, uint8_t *needed);

#endif
