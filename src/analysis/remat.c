/* remat.c: registers a warp can compute again after a barrier instead of
 * keeping them across it.
 *
 * A warp that yields at a barrier stores every register live there and
 * loads it back when it resumes.  Most of those registers are thread
 * indices and addresses derived from them: `%tid.x`, `tid < s` hoisted
 * out of an unrolled loop, `&sdata[tid]`.  A register whose only
 * definition computes it, by a few integer operations, from constants,
 * launch-fixed special registers and kernel parameters holds the same
 * value every time that definition runs, so the code after the barrier
 * can run the definition again: a handful of vector operations instead
 * of a 128- or 256-byte store and load per register and barrier, and
 * less state per warp.
 *
 * Recomputing writes every lane, also lanes that did not run the
 * definition; that is harmless because those lanes never gave the
 * register a value to read, and no operation allowed here can fault
 * (no division, no memory but kernel parameters). */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

enum { NOT_YET = 0, VISITING = 0xff };

/* Special registers fixed for a warp between its start and its end. */
static bool sreg_fixed(uint32_t sreg)
{
    switch (sreg) {
    case CUX_SREG_TID: case CUX_SREG_NTID: case CUX_SREG_CTAID:
    case CUX_SREG_NCTAID: case CUX_SREG_LANEID: case CUX_SREG_NWARPID:
    case CUX_SREG_LANEMASK_EQ: case CUX_SREG_LANEMASK_LE:
    case CUX_SREG_LANEMASK_LT: case CUX_SREG_LANEMASK_GE:
    case CUX_SREG_LANEMASK_GT: case CUX_SREG_DYNAMIC_SMEM_SIZE:
    case CUX_SREG_TOTAL_SMEM_SIZE: case CUX_SREG_CUX_COOPERATIVE:
    case CUX_SREG_RESERVED_SMEM_BEGIN: case CUX_SREG_RESERVED_SMEM_END:
    case CUX_SREG_RESERVED_SMEM_CAP: case CUX_SREG_RESERVED_SMEM_OFFSET:
        return true;
    default:
        return false;
    }
}

static bool integer_or_pred(cux_ptx_type t)
{
    return t == CUX_T_PRED || cux_ptx_type_is_int(t);
}

bool cux_computes_from_operands(const cux_ptx_insn *insn)
{
    if (insn->flags & CUX_PTX_F_CC)
        return false;
    switch (insn->op) {
    case CUX_OP_MOV: case CUX_OP_ADD: case CUX_OP_SUB: case CUX_OP_MUL:
    case CUX_OP_MAD: case CUX_OP_SHL: case CUX_OP_SHR: case CUX_OP_AND:
    case CUX_OP_OR: case CUX_OP_XOR: case CUX_OP_NOT: case CUX_OP_NEG:
    case CUX_OP_MIN: case CUX_OP_MAX: case CUX_OP_SELP: case CUX_OP_CVTA:
    case CUX_OP_SETP: case CUX_OP_CVT:
        return true;
    default:
        return false;
    }
}

/* Integer operations that cannot fault and read nothing but operands
 * (a setp's type is what it compares). */
static bool pure_op(const cux_ptx_insn *insn)
{
    return cux_computes_from_operands(insn) &&
           integer_or_pred((cux_ptx_type)insn->type) &&
           (insn->op != CUX_OP_CVT ||
            integer_or_pred((cux_ptx_type)insn->type2));
}

/* ld.param of a kernel's own parameter: one buffer for the whole launch. */
static bool kernel_param_load(const cux_ptx_func *f, const cux_layout *layout,
                              const cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_LD || insn->space != CUX_SPACE_PARAM ||
        insn->vec > 1 || insn->n_operands != 2)
        return false;
    const cux_ptx_operand *addr = &f->operands[insn->first_operand + 1];
    return addr->kind == CUX_OPND_ADDR && addr->base_kind == CUX_OPND_VAR &&
           layout->kernel_param[addr->value];
}

/* Counts each register's definitions and records the last; a register
 * in a vector or pair destination counts as defined twice (never
 * recomputed). */
static void find_definitions(const cux_ptx_func *f, uint32_t *def,
                             uint8_t *defs)
{
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        uint32_t dsts = cux_ptx_insn_dsts(insn);
        for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++) {
            const cux_ptx_operand *op = &f->operands[insn->first_operand + d];
            uint32_t count = op->kind == CUX_OPND_VEC ? op->count : 1;
            bool single = dsts == 1 && op->kind == CUX_OPND_REG;
            for (uint32_t e = 0; e < count; e++) {
                const cux_ptx_operand *el =
                    op->kind == CUX_OPND_VEC ? &f->operands[op->first + e] : op;
                if (el->kind != CUX_OPND_REG)
                    continue;
                defs[el->value] = single && defs[el->value] < 2
                                ? defs[el->value] + 1 : 2;
                def[el->value] = i;
            }
        }
    }
}

typedef struct walk {
    const cux_ptx_module *m;
    const cux_ptx_func *f;
    const cux_layout *layout;
    const uint8_t *defs;
    cux_remat *out;
} walk;

static uint32_t chain_cost(walk *w, uint32_t reg);

/* What computing a source operand costs; CUX_REMAT_LIMIT + 1 if it
 * cannot be recomputed. */
static uint32_t source_cost(walk *w, const cux_ptx_operand *op)
{
    switch (op->kind) {
    case CUX_OPND_REG:
        return chain_cost(w, op->value);
    case CUX_OPND_SREG:
        return sreg_fixed(op->value) ? 0 : CUX_REMAT_LIMIT + 1;
    case CUX_OPND_IMM_INT:
        return 0;
    case CUX_OPND_VAR: { /* the address of module-wide memory */
        cux_ptx_space s = (cux_ptx_space)w->m->vars[op->value].space;
        return s == CUX_SPACE_SHARED || s == CUX_SPACE_GLOBAL ||
               s == CUX_SPACE_CONST ? 0 : CUX_REMAT_LIMIT + 1;
    }
    default:
        return CUX_REMAT_LIMIT + 1;
    }
}

/* Instructions that recompute reg, counting a shared source once per
 * use (an upper bound); CUX_REMAT_LIMIT + 1 when it cannot be. */
static uint32_t chain_cost(walk *w, uint32_t reg)
{
    uint8_t *cost = w->out->cost;
    if (cost[reg] == VISITING) /* defined from itself */
        return CUX_REMAT_LIMIT + 1;
    if (cost[reg] != NOT_YET)
        return cost[reg];
    uint32_t total = CUX_REMAT_LIMIT + 1;
    const cux_ptx_insn *insn = &w->f->insns[w->out->def[reg]];
    if (w->defs[reg] == 1 && insn->guard < 0 &&
        (pure_op(insn) || kernel_param_load(w->f, w->layout, insn))) {
        cost[reg] = VISITING;
        total = 1;
        uint32_t sources = pure_op(insn) ? insn->n_operands : 1;
        for (uint32_t i = 1; i < sources && total <= CUX_REMAT_LIMIT; i++)
            total += source_cost(w, &w->f->operands[insn->first_operand + i]);
    }
    cost[reg] = (uint8_t)(total <= CUX_REMAT_LIMIT ? total
                                                   : CUX_REMAT_LIMIT + 1);
    return cost[reg];
}

void cux_remat_compute(const cux_ptx_module *m, const cux_ptx_func *f,
                       const cux_layout *layout, cux_remat *out)
{
    out->def = cux_xcalloc(f->n_regs + 1, sizeof(uint32_t));
    out->cost = cux_xcalloc(f->n_regs + 1, 1);
    out->defs = cux_xcalloc(f->n_regs + 1, 1);
    find_definitions(f, out->def, out->defs);
    walk w = {m, f, layout, out->defs, out};
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (out->defs[r])
            chain_cost(&w, r);
        else
            out->cost[r] = CUX_REMAT_LIMIT + 1;
}

bool cux_remat_possible(const cux_remat *r, uint32_t reg)
{
    return r->cost[reg] >= 1 && r->cost[reg] <= CUX_REMAT_LIMIT;
}

void cux_remat_free(cux_remat *r)
{
    free(r->def);
    free(r->cost);
    free(r->defs);
    memset(r, 0, sizeof(*r));
}
