/* kernel_unit.c: the functions a one-kernel unit holds (kernel_unit.h). */
#include "codegen/common/kernel_unit.h"

#include <stdlib.h>

/* Marks f and, through direct calls, every function it may run. */
static void mark_reachable(const cux_ptx_module *m, uint32_t f, uint8_t *needed)
{
    if (needed[f] || !m->funcs[f].has_body)
        return;
    needed[f] = 1;
    const cux_ptx_func *func = &m->funcs[f];
    for (uint32_t i = 0; i < func->n_insns; i++) {
        const cux_ptx_insn *insn = &func->insns[i];
        if (insn->op != CUX_OP_CALL || insn->n_operands < 2)
            continue;
        const cux_ptx_operand *target = &func->operands[insn->first_operand + 1];
        if (target->kind != CUX_OPND_REG)
            mark_reachable(m, target->value, needed);
    }
}

void cux_kernel_unit_functions(const cux_ptx_module *module,
                               const cux_module_analysis *analysis,
                               uint32_t entry, uint8_t *needed)
{
    mark_reachable(module, entry, needed);
    for (uint32_t f = 0; f < module->n_funcs; f++)
        if (analysis->layout.address_taken[f])
            mark_reachable(module, f, needed);
}

void cux_kernel_unit_append(const cux_ptx_module *module,
                            const cux_module_analysis *analysis,
                            uint32_t entry, const cux_strbuf *source,
                            size_t shared_len, const cux_code_span *funcs,
                            cux_strbuf *out)
{
    uint8_t *needed = cux_xcalloc(module->n_funcs + 1, 1);
    cux_kernel_unit_functions(module, analysis, entry, needed);
    cux_strbuf_append(out, source->data, shared_len);
    for (uint32_t f = 0; f < module->n_funcs; f++)
        if (needed[f])
            cux_strbuf_append(out, source->data + funcs[f].start,
                              funcs[f].end - funcs[f].start);
    free(needed);
}
