/* spin.c: finds the loads with which a warp waits for another: an
 * ld.acquire inside a loop, what nvcc's cooperative groups spin on to
 * sync a tile of more than a warp or the grid (and what cuda::atomic's
 * waits become).
 *
 * The CPU device runs a block's warps one after another, each up to its
 * next barrier: a warp spinning on a flag that a later warp of its block
 * sets would spin for ever.  After a marked load the warp yields, as at
 * a nanosleep (codegen/c/emit_func.c): the block's other warps run up to
 * their own barrier or yield, and the spinning warp loads again after
 * them; in a cooperative launch a block whose warps only spin lets the
 * grid's other blocks run too (dev/cpu/grid.c).  A loop is taken as the
 * instructions from a backward branch's target to the branch: what
 * compilers lay out as one (code placed inside that range but outside
 * the loop yields needlessly, no worse). */
#include "ptx/ptx.h"

#include <stdlib.h>

static void mark_function(cux_ptx_func *f)
{
    uint8_t *in_loop = calloc(f->n_insns + 1, 1);
    if (!in_loop)
        return; /* no marks: as before this pass */
    for (uint32_t j = 0; j < f->n_insns; j++) {
        const cux_ptx_insn *insn = &f->insns[j];
        if (insn->op != CUX_OP_BRA || insn->n_operands < 1)
            continue;
        const cux_ptx_operand *target = &f->operands[insn->first_operand];
        if (target->kind != CUX_OPND_LABEL || target->value >= f->n_labels)
            continue;
        uint32_t t = f->labels[target->value].insn;
        for (uint32_t i = t; i <= j && t <= j; i++)
            in_loop[i] = 1;
    }
    for (uint32_t i = 0; i < f->n_insns; i++) {
        cux_ptx_insn *insn = &f->insns[i];
        if (in_loop[i] && insn->op == CUX_OP_LD &&
            insn->sem == CUX_SEM_ACQUIRE)
            insn->flags |= CUX_PTX_F_SPIN;
    }
    free(in_loop);
}

void cux_ptx_mark_spin_loads(cux_ptx_module *module)
{
    for (uint32_t f = 0; f < module->n_funcs; f++)
        if (module->funcs[f].has_body)
            mark_function(&module->funcs[f]);
}
