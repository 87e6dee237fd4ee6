/* lane_only.c: address registers whose vector is formed only where a
 * slow path reads it.
 *
 * An affine register keeps its lanes 0 and 31 as scalars (emit_affine.c),
 * and an access through it whose warp is one run needs nothing else.  Yet
 * its vector was computed too, at its definition, and the C compiler
 * computes it there, before the test that shows it unneeded: for
 * `in[i + n]` that is a 32-lane add, a widening to 64 bits and a 64-bit
 * add, a dozen AVX-512 instructions per access (stencil spent a fifth of
 * its time there).  A register that only such accesses read, directly or
 * through other such registers, now gets only its scalars at its
 * definition; a path that needs the vector (the 32 addresses compared, a
 * gather, lanes one by one) computes it again from the definitions,
 * which are pure lane arithmetic (analysis/affine.c admits no other).
 *
 * An atomic's lane loop (emit_mem.c) goes further: it computes each
 * lane's address from the definitions as it runs, never forming the
 * vector at all.  And the registers need not be affine: a chain of
 * integer lane arithmetic from a loaded index (histogram's
 * `&bins[in[i]]`, spmv's `&x[col[k]]`) has no fast path to save, but
 * its accesses, lane by lane with each lane's address from the
 * definitions, become gathers of 32-bit indices where the vector of
 * 64-bit addresses made gathers of 64-bit ones, at half the rate.
 *
 * Computing again later must give what the definition gave: the
 * definition and every read lie in one basic block, and nothing the
 * definitions read is written in between.  Registers live across a
 * barrier, or resident in the save area, keep their vectors. */
#include "cgen.h"

#include <stdlib.h>
#include <string.h>

enum { NONE = UINT32_MAX };

typedef struct chooser {
    cux_cgen *g;
    const uint32_t *def; /* per register: its only definition (remat.c) */
    uint32_t *last;     /* per register: its last read, through others */
    uint8_t *loaded;    /* per register: computed from a value loaded */
} chooser;

static bool live_across_barrier(const cux_cgen *g, uint32_t reg)
{
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++)
        if (g->cfg.blocks[b].ends_in_barrier &&
            cux_liveness_out(&g->live, b, reg))
            return true;
    return false;
}

/* Whether op of insn reads its register as the address of an access
 * that forms the addresses itself where it needs them (emit_mem.c): an
 * atomic, or a load or store through an affine register or an index
 * loaded from memory.  A load through another register keeps its
 * vector: `src[lane]` with `lane = tid % 32` is no affine register, but
 * its 32 addresses form a run the slow path finds and reads at once. */
static bool address_read(const chooser *c, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op)
{
    if (op->kind != CUX_OPND_ADDR || op->base_kind != CUX_OPND_REG)
        return false;
    if (insn->op == CUX_OP_ATOM || insn->op == CUX_OP_RED)
        return true;
    return (insn->op == CUX_OP_LD || insn->op == CUX_OP_ST) &&
           (cux_cgen_reg_affine(c->g, op->value, NULL, NULL, NULL) ||
            c->loaded[op->value]);
}

/* Marks the registers computed from a value loaded from memory that
 * differs across the warp (not a kernel parameter). */
static void mark_loaded(chooser *c)
{
    const cux_ptx_func *f = c->g->func;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < f->n_insns; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            const cux_ptx_operand *dst = cux_cgen_opnd(c->g, insn, 0);
            if (!insn->n_operands || dst->kind != CUX_OPND_REG ||
                c->loaded[dst->value] || cux_cgen_reg_scalar(c->g, dst->value))
                continue;
            bool loaded = insn->op == CUX_OP_LD;
            for (uint32_t k = 1; k < insn->n_operands && !loaded; k++) {
                const cux_ptx_operand *op = cux_cgen_opnd(c->g, insn, k);
                loaded = op->kind == CUX_OPND_REG && c->loaded[op->value];
            }
            if (loaded) {
                c->loaded[dst->value] = 1;
                changed = true;
            }
        }
    }
}

/* Whether insn is integer lane arithmetic that emit_affine.c can spell
 * for one lane: no flags, no faults, nothing read but its operands. */
static bool lane_arithmetic(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT) ||
        !cux_ptx_type_is_int(t) || cux_ptx_type_size(t) < 2)
        return false;
    switch (insn->op) {
    case CUX_OP_ADD: case CUX_OP_SUB: case CUX_OP_SHL: case CUX_OP_SHR:
    case CUX_OP_AND: case CUX_OP_OR: case CUX_OP_XOR:
        break;
    case CUX_OP_MUL: case CUX_OP_MAD:
        if (insn->mode != CUX_MODE_LO && insn->mode != CUX_MODE_WIDE)
            return false;
        break;
    case CUX_OP_CVT:
        if (insn->mode || !cux_ptx_type_is_int((cux_ptx_type)insn->type2) ||
            cux_ptx_type_size((cux_ptx_type)insn->type2) < 2)
            return false;
        break;
    default:
        return false;
    }
    for (uint32_t k = 1; k < insn->n_operands; k++) {
        const cux_ptx_operand *op = cux_cgen_opnd(g, insn, k);
        if (op->kind != CUX_OPND_REG && op->kind != CUX_OPND_IMM_INT)
            return false;
    }
    cux_lane_op op;
    return cux_cgen_lane_op(g, insn, &op);
}

/* The register insn defines as lane-only, or NONE. */
static uint32_t lane_only_dst(const chooser *c, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *dst = cux_cgen_opnd(c->g, insn, 0);
    if (!insn->n_operands || cux_ptx_insn_dsts(insn) != 1 ||
        dst->kind != CUX_OPND_REG || !c->g->lane_only[dst->value])
        return NONE;
    return dst->value;
}

/* Drops registers read other than as an address or by the definition of
 * another candidate, or read outside their definition's block. */
static bool drop_other_reads(chooser *c)
{
    cux_cgen *g = c->g;
    const cux_ptx_func *f = g->func;
    bool changed = false;
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        uint32_t feeds = lane_only_dst(c, insn);
        for (uint32_t k = cux_ptx_insn_dsts(insn); k < insn->n_operands; k++) {
            const cux_ptx_operand *op = cux_cgen_opnd(g, insn, k);
            uint32_t reg;
            bool fine;
            if (op->kind == CUX_OPND_REG) {
                reg = op->value;
                fine = feeds != NONE;
            } else if (op->kind == CUX_OPND_ADDR &&
                       op->base_kind == CUX_OPND_REG) {
                reg = op->value;
                fine = address_read(c, insn, op);
            } else if (op->kind == CUX_OPND_VEC) {
                for (uint32_t e = 0; e < op->count; e++) {
                    const cux_ptx_operand *el = &f->operands[op->first + e];
                    if (el->kind == CUX_OPND_REG && g->lane_only[el->value]) {
                        g->lane_only[el->value] = 0;
                        changed = true;
                    }
                }
                continue;
            } else {
                continue;
            }
            if (!g->lane_only[reg])
                continue;
            if (!fine || g->cfg.block_of_insn[i] !=
                             g->cfg.block_of_insn[c->def[reg]] ||
                i <= c->def[reg]) {
                g->lane_only[reg] = 0;
                changed = true;
            }
        }
    }
    return changed;
}

static bool writes(cux_cgen *g, const cux_ptx_insn *insn, uint32_t reg)
{
    uint32_t regs[CUX_MAX_WRITTEN];
    uint32_t n = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
    for (uint32_t i = 0; i < n; i++)
        if (regs[i] == reg)
            return true;
    return false;
}

/* Drops registers whose definition reads something written again before
 * the register's last read (through the registers it defines). */
static bool drop_overwritten_sources(chooser *c)
{
    cux_cgen *g = c->g;
    const cux_ptx_func *f = g->func;
    bool changed = false;
    /* Last reads, latest instructions first: a register defined later in
     * a block is read later too. */
    for (uint32_t r = 0; r < f->n_regs; r++)
        c->last[r] = g->lane_only[r] ? c->def[r] : 0;
    for (uint32_t i = f->n_insns; i-- > 0;) {
        const cux_ptx_insn *insn = &f->insns[i];
        uint32_t feeds = lane_only_dst(c, insn);
        for (uint32_t k = cux_ptx_insn_dsts(insn); k < insn->n_operands; k++) {
            const cux_ptx_operand *op = cux_cgen_opnd(g, insn, k);
            if ((op->kind != CUX_OPND_REG && op->kind != CUX_OPND_ADDR) ||
                (op->kind == CUX_OPND_ADDR && op->base_kind != CUX_OPND_REG) ||
                !g->lane_only[op->value])
                continue;
            uint32_t until = feeds != NONE ? c->last[feeds] : i;
            if (until > c->last[op->value])
                c->last[op->value] = until;
        }
    }
    for (uint32_t r = 0; r < f->n_regs; r++) {
        if (!g->lane_only[r])
            continue;
        const cux_ptx_insn *def = &f->insns[c->def[r]];
        for (uint32_t k = 1; k < def->n_operands && g->lane_only[r]; k++) {
            const cux_ptx_operand *src = cux_cgen_opnd(g, def, k);
            for (uint32_t i = c->def[r] + 1;
                 src->kind == CUX_OPND_REG && i <= c->last[r]; i++)
                if (writes(g, &f->insns[i], src->value)) {
                    g->lane_only[r] = 0;
                    changed = true;
                    break;
                }
        }
    }
    return changed;
}

void cux_cgen_choose_lane_only(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    chooser c = {.g = g, .def = g->remat.def};
    g->lane_only = cux_xcalloc(f->n_regs + 1, 1);
    c.last = cux_xcalloc(f->n_regs + 1, sizeof(uint32_t));
    c.loaded = cux_xcalloc(f->n_regs + 1, 1);
    mark_loaded(&c);
    /* one unguarded definition, the instruction's only destination:
     * lane arithmetic (remat.c counts a vector or pair's twice) */
    for (uint32_t r = 0; r < f->n_regs; r++)
        g->lane_only[r] = g->remat.defs[r] == 1 &&
                          f->insns[c.def[r]].guard < 0 &&
                          !cux_cgen_reg_scalar(g, r) && !g->exact_affine[r] &&
                          (cux_cgen_reg_affine(g, r, NULL, NULL, NULL) ||
                           lane_arithmetic(g, &f->insns[c.def[r]])) &&
                          !g->resident[r] && !live_across_barrier(g, r);
    for (bool changed = true; changed;) {
        changed = drop_other_reads(&c);
        changed |= drop_overwritten_sources(&c);
    }
    free(c.last);
    free(c.loaded);
}
