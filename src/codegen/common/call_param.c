/* call_param.c: the type of a call's argument or result, read off the
 * st.param/ld.param around the call: PTX declares param variables as
 * bytes (.b8 x[8]) or with a type wider than the value, and the access
 * says how the value is used. */
#include "call_param.h"

cux_ptx_type cux_call_param_type(const cux_ptx_func *f,
                                 const cux_ptx_insn *call, uint32_t var,
                                 bool is_return)
{
    uint32_t at = (uint32_t)(call - f->insns);
    for (uint32_t k = 0; k < f->n_insns; k++) {
        uint32_t i = is_return ? at + 1 + k : at - 1 - k;
        if (is_return ? i >= f->n_insns : k >= at)
            break;
        const cux_ptx_insn *insn = &f->insns[i];
        uint32_t slot = is_return ? 1 : 0;
        if ((insn->op != CUX_OP_LD && insn->op != CUX_OP_ST) ||
            insn->space != CUX_SPACE_PARAM || insn->n_operands < 2)
            continue;
        const cux_ptx_operand *addr = &f->operands[insn->first_operand + slot];
        if (addr->kind == CUX_OPND_ADDR && addr->base_kind == CUX_OPND_VAR &&
            addr->value == var)
            return (cux_ptx_type)insn->type;
    }
    return CUX_T_NONE;
}
