/* wmma_layout.h: which element of a warp matrix fragment each lane
 * holds, for both generators (codegen/c/emit_wmma.c with the CPU
 * prelude's 50_wmma.h, codegen/opencl/ocl_wmma.c).
 *
 * CUDA leaves the layout unspecified, but programs read and write
 * fragment elements x[i] per thread, so every cux device must agree.
 * cux's: slot q of a lane is element q % per_reg of its register
 * q / per_reg, and slot q of lane l holds element (32 q + l) mod
 * rows*cols of the matrix in row-major order.  Where the fragment has
 * more slots than the matrix has elements (f16 a and b always take eight
 * registers) the matrix repeats in the later slots; mma reads the first
 * copy, store writes it.  50_wmma.h implements the same rule on whole
 * 32-lane vectors. */
#ifndef CUX_CODEGEN_WMMA_LAYOUT_H
#define CUX_CODEGEN_WMMA_LAYOUT_H

#include "ptx/ptx.h"

/* Slots a lane holds: regs * per_reg. */
uint32_t cux_wmma_slots(cux_ptx_wmma_frag f);

/* Slots of the matrix's first copy: rows * cols / 32. */
uint32_t cux_wmma_first_slots(cux_ptx_wmma_frag f);

/* The element (row-major) that lane 0 holds in slot q; lane l holds
 * that plus l. */
uint32_t cux_wmma_slot_base(cux_ptx_wmma_frag f, uint32_t q);

/* The element kind both preludes name (CUX_WMMA_F16, ...) of a
 * fragment's element type. */
const char *cux_wmma_kind_name(uint8_t type);

#endif
