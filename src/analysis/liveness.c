/* liveness.c: which registers are live at the end of each block, so a
 * warp that yields at a barrier saves only what it will read again.
 *
 * A warp's register write changes only its active lanes; the others keep
 * their old value, which stays live.  So a write kills a register only
 * where the warp surely runs with all its live lanes (a block uniformity.c
 * does not mark partial) and unguarded, or where the lanes that do not
 * run the block never read the old value (the `if (tid < s)` step of a
 * tree reduction, which writes its temporaries under divergence: they
 * need no saving at the loop's barrier).  Everything else is the usual
 * backward data flow.
 *
 * Such a merging write keeps its register live all the way up to the
 * function's entry, where it holds nothing yet.  So liveness is cut to
 * the registers some path has written before (a forward data flow):
 * without that, a kernel whose inlined device functions write under
 * divergence would save every such register at every barrier, and its
 * generated C grows with barriers times registers. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

typedef struct bits {
    uint64_t *data;
    uint32_t words;
} bits;

static uint64_t *row(const bits *b, uint32_t i)
{
    return b->data + (size_t)i * b->words;
}

static void set_bit(uint64_t *set, uint32_t i)
{
    set[i / 64] |= 1ull << (i % 64);
}

/* A read is upward exposed unless the block already killed the register. */
static void read_reg(uint32_t reg, uint64_t *use, const uint64_t *kill)
{
    if (!(kill[reg / 64] >> (reg % 64) & 1))
        set_bit(use, reg);
}

static void mark_operand_uses(const cux_ptx_func *f,
                              const cux_ptx_operand *op, uint64_t *use,
                              const uint64_t *kill)
{
    if (op->kind == CUX_OPND_REG)
        read_reg(op->value, use, kill);
    else if (op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_REG)
        read_reg(op->value, use, kill);
    else if (op->kind == CUX_OPND_VEC || op->kind == CUX_OPND_LIST)
        for (uint32_t e = 0; e < op->count; e++)
            mark_operand_uses(f, &f->operands[op->first + e], use, kill);
}

static void scan_insn(const cux_ptx_func *f, const cux_cfg *cfg,
                      const cux_uniformity *u, uint32_t block,
                      const cux_ptx_insn *insn, uint64_t *use, uint64_t *kill,
                      uint64_t *def)
{
    uint32_t dsts = cux_ptx_insn_dsts(insn);
    if (insn->guard >= 0)
        read_reg((uint32_t)insn->guard, use, kill);
    for (uint32_t i = dsts; i < insn->n_operands; i++) {
        const cux_ptx_operand *op = &f->operands[insn->first_operand + i];
        mark_operand_uses(f, op, use, kill);
    }
    for (uint32_t i = 0; i < dsts && i < insn->n_operands; i++) {
        const cux_ptx_operand *op = &f->operands[insn->first_operand + i];
        uint32_t count = op->kind == CUX_OPND_VEC ? op->count : 1;
        for (uint32_t e = 0; e < count; e++) {
            const cux_ptx_operand *el =
                op->kind == CUX_OPND_VEC ? &f->operands[op->first + e] : op;
            if (el->kind != CUX_OPND_REG)
                continue;
            set_bit(def, el->value);
            /* A partial write keeps the old value of the other lanes:
             * the register is read (merged), not killed, unless those
             * lanes never read that value. */
            if (insn->guard >= 0 ||
                (u && cux_uniformity_old_value_read(cfg, u, block, el->value)))
                read_reg(el->value, use, kill);
            else
                set_bit(kill, el->value);
        }
    }
}

/* Registers some path from the entry has written by the end of each
 * block, into `defined` (n_blocks rows). */
static void reach_definitions(const cux_cfg *cfg, const bits *def,
                              bits *defined)
{
    uint32_t words = defined->words;
    bits in = {cux_xcalloc((size_t)cfg->n_blocks * words + 1,
                           sizeof(uint64_t)), words};
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = 0; b < cfg->n_blocks; b++) {
            uint64_t *o = row(defined, b);
            for (uint32_t w = 0; w < words; w++) {
                uint64_t v = row(&in, b)[w] | row(def, b)[w];
                changed |= v != o[w];
                o[w] = v;
            }
            for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
                if (cfg->blocks[b].succ[s] != CUX_CFG_EXIT)
                    for (uint32_t w = 0; w < words; w++)
                        row(&in, cfg->blocks[b].succ[s])[w] |= o[w];
        }
    }
    free(in.data);
}

static void flow_backward(const cux_cfg *cfg, const bits *use,
                          const bits *kill, bits *out, bits in)
{
    uint32_t words = out->words;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = cfg->n_blocks; b-- > 0;) {
            uint64_t *o = row(out, b), *i_ = row(&in, b);
            for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
                if (cfg->blocks[b].succ[s] != CUX_CFG_EXIT)
                    for (uint32_t w = 0; w < words; w++)
                        o[w] |= row(&in, cfg->blocks[b].succ[s])[w];
            for (uint32_t w = 0; w < words; w++) {
                uint64_t v = row(use, b)[w] | (o[w] & ~row(kill, b)[w]);
                changed |= v != i_[w];
                i_[w] = v;
            }
        }
    }
}

bool cux_liveness_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                          const cux_uniformity *u, cux_liveness *live)
{
    uint32_t n = cfg->n_blocks;
    live->words = (func->n_regs + 63) / 64 + 1;
    size_t cells = (size_t)n * live->words + 1;
    bits use = {cux_xcalloc(cells, sizeof(uint64_t)), live->words};
    bits kill = {cux_xcalloc(cells, sizeof(uint64_t)), live->words};
    bits def = {cux_xcalloc(cells, sizeof(uint64_t)), live->words};
    bits defined = {cux_xcalloc(cells, sizeof(uint64_t)), live->words};
    live->out = cux_xcalloc(cells, sizeof(uint64_t));
    live->in = cux_xcalloc(cells, sizeof(uint64_t));
    for (uint32_t b = 0; b < n; b++)
        for (uint32_t i = cfg->blocks[b].first; i < cfg->blocks[b].end; i++)
            scan_insn(func, cfg, u, b, &func->insns[i], row(&use, b),
                      row(&kill, b), row(&def, b));
    bits out = {live->out, live->words};
    flow_backward(cfg, &use, &kill, &out, (bits){live->in, live->words});
    reach_definitions(cfg, &def, &defined);
    for (size_t c = 0; c < (size_t)n * live->words; c++)
        live->out[c] &= defined.data[c];
    free(use.data);
    free(kill.data);
    free(def.data);
    free(defined.data);
    return true;
}

void cux_liveness_after(const cux_ptx_func *func, const cux_cfg *cfg,
                        const cux_liveness *live, uint32_t insn,
                        uint64_t *set)
{
    uint32_t block = cfg->block_of_insn[insn], words = live->words;
    memcpy(set, live->out + (size_t)block * words, words * sizeof *set);
    uint64_t *use = cux_xcalloc(3 * (size_t)words, sizeof *use);
    uint64_t *kill = use + words, *def = kill + words;
    for (uint32_t i = cfg->blocks[block].end; i-- > insn + 1;) {
        memset(use, 0, 3 * (size_t)words * sizeof *use);
        scan_insn(func, cfg, NULL, block, &func->insns[i], use, kill, def);
        for (uint32_t w = 0; w < words; w++)
            set[w] = use[w] | (set[w] & ~kill[w]);
    }
    free(use);
}

bool cux_liveness_out(const cux_liveness *live, uint32_t block, uint32_t reg)
{
    return live->out[(size_t)block * live->words + reg / 64] >> (reg % 64) & 1;
}

bool cux_liveness_in(const cux_liveness *live, uint32_t block, uint32_t reg)
{
    return block != CUX_CFG_EXIT &&
           live->in[(size_t)block * live->words + reg / 64] >> (reg % 64) & 1;
}

void cux_liveness_free(cux_liveness *live)
{
    free(live->out);
    free(live->in);
    live->out = live->in = NULL;
}
