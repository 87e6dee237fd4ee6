/* wmma.c: the shape of a warp matrix instruction's fragments: how many
 * registers each lane holds for matrix a, b, c or d, and how many
 * elements of which type each register packs, as the PTX ISA fixes them.
 * The parser checks operands against it and the code generator lays the
 * elements out by it. */
#include "ptx.h"

/* rows and columns of matrix `which` of the instruction's shape */
static bool dims(uint8_t shape, char which, uint32_t *rows, uint32_t *cols)
{
    uint32_t m, n, k;
    switch (shape) {
    case CUX_MODE_M16N16K16: m = 16, n = 16, k = 16; break;
    case CUX_MODE_M32N8K16: m = 32, n = 8, k = 16; break;
    case CUX_MODE_M8N32K16: m = 8, n = 32, k = 16; break;
    case CUX_MODE_M16N16K8: m = 16, n = 16, k = 8; break;
    default: return false;
    }
    *rows = which == 'b' ? k : m;
    *cols = which == 'a' ? k : n;
    return true;
}

/* The element type of matrix `which`, as load, store or mma names it. */
static uint8_t element_type(const cux_ptx_insn *insn, char which)
{
    if (insn->mode != CUX_MODE_MMA)
        return insn->type;
    return which == 'a' || which == 'b' ? insn->type3
         : which == 'c' ? insn->type2 : insn->type;
}

static bool multiplicand_type(uint8_t t, bool k8)
{
    if (k8)
        return t == CUX_T_WMMA_TF32;
    return t == CUX_T_F16 || t == CUX_T_BF16 || t == CUX_T_S8 ||
           t == CUX_T_U8;
}

static bool accumulator_type(uint8_t t, bool k8)
{
    if (k8)
        return t == CUX_T_F32;
    return t == CUX_T_F16 || t == CUX_T_F32 || t == CUX_T_S32;
}

cux_ptx_wmma_frag cux_ptx_wmma_fragment(const cux_ptx_insn *insn, char which)
{
    cux_ptx_wmma_frag f = {0};
    uint8_t t = element_type(insn, which);
    bool k8 = insn->mode2 == CUX_MODE_M16N16K8;
    bool ab = which == 'a' || which == 'b';
    if (!dims(insn->mode2, which, &f.rows, &f.cols) ||
        !(ab ? multiplicand_type(t, k8) : accumulator_type(t, k8)))
        return (cux_ptx_wmma_frag){0};
    f.type = t;
    f.bits = t == CUX_T_S8 || t == CUX_T_U8 ? 8
           : t == CUX_T_F16 || t == CUX_T_BF16 ? 16 : 32;
    f.per_reg = 32 / f.bits;
    /* f16 multiplicands: eight registers in every shape (PTX) */
    f.regs = ab && t == CUX_T_F16 ? 8 : f.rows * f.cols / (32 * f.per_reg);
    return f;
}
