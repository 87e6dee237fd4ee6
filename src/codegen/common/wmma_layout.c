/* wmma_layout.c: the lanes' share of a warp matrix fragment
 * (wmma_layout.h says the rule and why every device keeps it). */
#include "codegen/common/wmma_layout.h"

uint32_t cux_wmma_slots(cux_ptx_wmma_frag f)
{
    return f.regs * f.per_reg;
}

uint32_t cux_wmma_first_slots(cux_ptx_wmma_frag f)
{
    return f.rows * f.cols / 32;
}

/* rows * cols is a power of two and a multiple of 32 in every shape,
 * so base + l stays inside the matrix. */
uint32_t cux_wmma_slot_base(cux_ptx_wmma_frag f, uint32_t q)
{
    return (32 * q) & (f.rows * f.cols - 1);
}

const char *cux_wmma_kind_name(uint8_t type)
{
    switch (type) {
    case CUX_T_F16: return "CUX_WMMA_F16";
    case CUX_T_BF16: return "CUX_WMMA_BF16";
    case CUX_T_WMMA_TF32: return "CUX_WMMA_TF32";
    case CUX_T_F32: return "CUX_WMMA_F32";
    case CUX_T_S8: return "CUX_WMMA_S8";
    case CUX_T_U8: return "CUX_WMMA_U8";
    default: return "CUX_WMMA_S32";
    }
}
