/* resident.c: registers whose home across barriers is the warp's save
 * area.
 *
 * A register some barrier has live and that only one instruction
 * defines, other than one analysis/remat.c can compute again in
 * CHEAP_REMAT instructions (a copy of %tid, %tid.y + 8), is resident: its
 * definition stores it to the save area (S_->name) once, and a barrier
 * neither saves nor restores it.  A warp that resumes thus loads back
 * only what the code after the barrier reads, where it reads it;
 * restoring or recomputing every live value on each resume was most of
 * the time of scan's twenty barriers.
 *
 * The register keeps its local too, as a copy the C compiler can hold in
 * a machine register: code reads the local where it is known to equal the
 * save area (after the definition, with no resume point and no jump from
 * the SIMT stack on the way) and the save area elsewhere.  That is a
 * forward "must" dataflow over the CFG; blocks the SIMT stack can jump to
 * (g->pushed) start without the copy. */
#include "cgen.h"

#include <stdlib.h>
#include <string.h>

uint32_t cux_cgen_written(cux_cgen *g, const cux_ptx_insn *insn,
                          uint32_t *regs, uint32_t max)
{
    uint32_t n = 0, dsts = cux_ptx_insn_dsts(insn);
    for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++) {
        const cux_ptx_operand *op = cux_cgen_opnd(g, insn, d);
        uint32_t count = op->kind == CUX_OPND_VEC ? op->count : 1;
        for (uint32_t e = 0; e < count && n < max; e++) {
            const cux_ptx_operand *el = op->kind == CUX_OPND_VEC
                                            ? &g->func->operands[op->first + e]
                                            : op;
            if (el->kind == CUX_OPND_REG)
                regs[n++] = el->value;
        }
    }
    return n;
}

/* Up to this many instructions (a copy of %tid, %tid.y + 8) computing a
 * value again costs less than loading it back. */
enum { CHEAP_REMAT = 2 };

/* valid_in[b * n + i]: on entry to block b the local of the i-th
 * resident register equals its save-area copy. */
static void compute_valid_in(cux_cgen *g, const uint32_t *ordinal, uint32_t n)
{
    uint32_t nb = g->cfg.n_blocks;
    uint8_t *in = cux_xcalloc((size_t)nb * n + 1, 1);
    uint8_t *out = cux_xcalloc((size_t)nb * n + 1, 1);
    uint8_t *gen = cux_xcalloc((size_t)nb * n + 1, 1);
    for (uint32_t b = 0; b < nb; b++) {
        const cux_cfg_block *block = &g->cfg.blocks[b];
        for (uint32_t i = block->first; i < block->end; i++) {
            uint32_t regs[CUX_MAX_WRITTEN];
            uint32_t k = cux_cgen_written(g, &g->func->insns[i], regs,
                                          CUX_MAX_WRITTEN);
            for (uint32_t j = 0; j < k; j++)
                if (g->resident[regs[j]])
                    gen[(size_t)b * n + ordinal[regs[j]]] = 1;
        }
        /* optimistic start for the meet; the entry and stack targets
         * never have the copy */
        memset(in + (size_t)b * n, b != 0 && !g->pushed[b], n);
    }
    /* Each pass recomputes a block's exit from its entry and lowers its
     * successors' entries; entries only fall, so this ends. */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = 0; b < nb; b++) {
            const cux_cfg_block *block = &g->cfg.blocks[b];
            for (uint32_t i = 0; i < n; i++) {
                size_t at = (size_t)b * n + i;
                out[at] = !block->ends_in_barrier && (in[at] || gen[at]);
            }
            for (uint32_t s = 0; s < block->n_succ; s++) {
                uint32_t t = block->succ[s];
                if (t >= nb)
                    continue;
                for (uint32_t i = 0; i < n; i++) {
                    size_t at = (size_t)t * n + i;
                    if (in[at] && !out[(size_t)b * n + i]) {
                        in[at] = 0;
                        changed = true;
                    }
                }
            }
        }
    }
    free(out);
    free(gen);
    g->valid_in = in;
}

void cux_cgen_choose_resident(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    g->resident = cux_xcalloc(f->n_regs + 1, 1);
    g->local_valid = cux_xcalloc(f->n_regs + 1, 1);
    g->resident_ordinal = cux_xcalloc(f->n_regs + 1, sizeof(uint32_t));
    g->n_resident = 0;
    g->valid_in = NULL;
    if (!f->is_entry)
        return;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        if (!g->cfg.blocks[b].ends_in_barrier)
            continue;
        for (uint32_t r = 0; r < f->n_regs; r++)
            if (!g->resident[r] && cux_liveness_out(&g->live, b, r) &&
                g->remat.defs[r] == 1 &&
                !(cux_remat_possible(&g->remat, r) &&
                  g->remat.cost[r] <= CHEAP_REMAT)) {
                g->resident[r] = 1;
                g->resident_ordinal[r] = g->n_resident++;
            }
    }
    if (g->n_resident)
        compute_valid_in(g, g->resident_ordinal, g->n_resident);
}

void cux_cgen_resident_drop(cux_cgen *g, const uint8_t *drop)
{
    uint32_t n = 0;
    for (uint32_t r = 0; r < g->func->n_regs; r++) {
        g->resident[r] = g->resident[r] && !drop[r];
        if (g->resident[r])
            g->resident_ordinal[r] = n++;
    }
    free(g->valid_in);
    g->valid_in = NULL;
    g->n_resident = n;
    if (n)
        compute_valid_in(g, g->resident_ordinal, n);
}

void cux_cgen_resident_block(cux_cgen *g, uint32_t b)
{
    for (uint32_t r = 0; r < g->func->n_regs; r++)
        if (g->resident[r])
            g->local_valid[r] =
                g->valid_in[(size_t)b * g->n_resident + g->resident_ordinal[r]];
}

void cux_cgen_resident_reload(cux_cgen *g, uint32_t block)
{
    for (uint32_t r = 0; r < g->func->n_regs; r++)
        if (g->resident[r] &&
            g->valid_in[(size_t)block * g->n_resident + g->resident_ordinal[r]])
            cux_cgen_save_area_copy(g, r, false);
}

void cux_cgen_resident_forget(cux_cgen *g)
{
    memset(g->local_valid, 0, g->func->n_regs);
}

/* Copies a register (and its kept lanes) between its local and its
 * place in the warp's save area: a resident one here, and the ones a
 * barrier keeps (emit_func.c). */
void cux_cgen_save_area_copy(cux_cgen *g, uint32_t reg, bool to_area)
{
    const char *fmt = to_area ? "    S_->%s = %s;\n" : "    %s = S_->%s;\n";
    const char *name = g->pred_bits[reg]
        ? cux_cgen_pred_bits_declared_name(g, reg)
        : cux_cgen_reg_declared_name(g, reg);
    if (!g->exact_affine[reg]) /* which has no vector */
        EMIT(fmt, name, name);
    if (!cux_cgen_reg_affine(g, reg, NULL, NULL, NULL))
        return;
    unsigned lanes[4], n = cux_cgen_kept_lanes(g, lanes);
    for (unsigned k = 0; k < n; k++) {
        const char *lv = cux_cgen_lane_declared_name(g, reg, lanes[k]);
        EMIT(fmt, lv, lv);
    }
}

/* An instruction writes a resident register's local.  Where that local
 * is stale and the instruction may write only part of the warp, it first
 * takes the saved value, so that the other lanes keep theirs. */
void cux_cgen_resident_before(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool whole = g->whole_warp && insn->guard < 0;
    uint32_t regs[CUX_MAX_WRITTEN];
    uint32_t n = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
    for (uint32_t i = 0; i < n; i++)
        if (g->resident[regs[i]] && !g->local_valid[regs[i]]) {
            if (!whole)
                cux_cgen_save_area_copy(g, regs[i], false);
            g->local_valid[regs[i]] = 1;
        }
}

/* After it, the save area takes the new value. */
void cux_cgen_resident_after(cux_cgen *g, const cux_ptx_insn *insn)
{
    uint32_t regs[CUX_MAX_WRITTEN];
    uint32_t n = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
    for (uint32_t i = 0; i < n; i++)
        if (g->resident[regs[i]])
            cux_cgen_save_area_copy(g, regs[i], true);
}

void cux_cgen_resident_free(cux_cgen *g)
{
    free(g->resident);
    free(g->local_valid);
    free(g->resident_ordinal);
    free(g->valid_in);
    g->resident = g->local_valid = g->valid_in = NULL;
    g->resident_ordinal = NULL;
}
