/* call_param.h: what a call sequence in PTX says about its parameters,
 * for both generators (codegen/c/emit_call.c, codegen/opencl/ocl_call.c). */
#ifndef CUX_CODEGEN_CALL_PARAM_H
#define CUX_CODEGEN_CALL_PARAM_H

#include "ptx/ptx.h"

#include <stdbool.h>
#include <stdint.h>

/* The type the st.param before `call` stores into param variable `var`
 * (an argument), or the ld.param after it loads from it (is_return);
 * CUX_T_NONE when no such access is found. */
cux_ptx_type cux_call_param_type(const cux_ptx_func *f,
                                 const cux_ptx_insn *call, uint32_t var,
                                 bool is_return);

#endif
