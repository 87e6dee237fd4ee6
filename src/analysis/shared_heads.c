/* shared_heads.c: instructions that both sides of a conditional branch
 * begin with, which count as written at the branch.
 *
 * clang often computes a value on both sides of a branch rather than
 * before it: an image filter's `if (x > 1)` leads to two blocks that each
 * start with `cvt.s64.s32 %rd71, %r1; add.s64 %rd70, %rd71, %rd68`.  With
 * the branch divergent, %rd70 is then written where part of the warp runs
 * and read after the sides meet, which makes it varying for the
 * uniformity analysis and not lane-affine, so every access through it
 * became a gather.  Yet every lane computes the same function of the
 * values the branch saw, whichever side it takes: the instructions could
 * as well stand before the branch.
 *
 * So where the two sides of a conditional branch are reached from it
 * alone (through at most a block holding nothing but a `bra`), the
 * identical instructions they start with get the branch's block as their
 * home: the block whose end the analyses take them as written at
 * (uniformity.c's escape rule, affine.c's).  Only pure arithmetic without
 * a guard or carry counts, on registers, immediates, variables' addresses
 * and the thread and block indices; each instruction before it on its
 * side is one of them too, so each reads what it would have read before
 * the branch.  The code generators still emit them where they are. */
#include "analysis.h"

#include <stdlib.h>

static bool pure_operand(const cux_ptx_operand *op)
{
    switch (op->kind) {
    case CUX_OPND_REG: case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32:
    case CUX_OPND_IMM_F64: case CUX_OPND_VAR:
        return true;
    case CUX_OPND_SREG:
        return op->value == CUX_SREG_TID || op->value == CUX_SREG_NTID ||
               op->value == CUX_SREG_CTAID || op->value == CUX_SREG_NCTAID ||
               op->value == CUX_SREG_LANEID;
    default:
        return false;
    }
}

static bool same_operand(const cux_ptx_operand *a, const cux_ptx_operand *b)
{
    return a->kind == b->kind && a->component == b->component &&
           a->negate == b->negate && a->value == b->value && a->imm == b->imm;
}

/* Whether insn is pure arithmetic with one destination register. */
static bool pure_insn(const cux_ptx_func *f, const cux_ptx_insn *insn)
{
    if (!cux_computes_from_operands(insn) || insn->guard >= 0 ||
        insn->vec > 1 || cux_ptx_insn_dsts(insn) != 1 ||
        f->operands[insn->first_operand].kind != CUX_OPND_REG)
        return false;
    for (uint32_t i = 0; i < insn->n_operands; i++)
        if (!pure_operand(&f->operands[insn->first_operand + i]))
            return false;
    return true;
}

/* Registers that matched instructions of the two sides wrote under
 * different names (clang's `cvt.s64.s32 %rd55, %r43` on one side and
 * `%rd54` on the other): the same value, each on its side. */
enum { MAX_RENAMED = 16 };
typedef struct renamed {
    uint32_t x[MAX_RENAMED], y[MAX_RENAMED];
    uint32_t n;
} renamed;

static bool same_reg(const renamed *names, uint32_t x, uint32_t y)
{
    if (x == y)
        return true;
    for (uint32_t i = 0; i < names->n; i++)
        if (names->x[i] == x && names->y[i] == y)
            return true;
    return false;
}

/* Whether a and b are one pure instruction, but perhaps for the name of
 * the register written. */
static bool same_pure(const cux_ptx_func *f, const renamed *names,
                      const cux_ptx_insn *a, const cux_ptx_insn *b)
{
    if (!pure_insn(f, a) || !pure_insn(f, b) || a->op != b->op ||
        a->type != b->type || a->type2 != b->type2 || a->type3 != b->type3 ||
        a->space != b->space || a->rounding != b->rounding ||
        a->cmp != b->cmp || a->mode != b->mode || a->mode2 != b->mode2 ||
        a->flags != b->flags || a->n_operands != b->n_operands)
        return false;
    for (uint32_t i = 1; i < a->n_operands; i++) {
        const cux_ptx_operand *x = &f->operands[a->first_operand + i];
        const cux_ptx_operand *y = &f->operands[b->first_operand + i];
        if (x->kind == CUX_OPND_REG && y->kind == CUX_OPND_REG
                ? x->negate != y->negate || !same_reg(names, x->value, y->value)
                : !same_operand(x, y))
            return false;
    }
    return true;
}

/* Whether pure instruction u, left where it is, must stay before or after
 * pure instruction b: one writes what the other reads or writes. */
static bool ordered(const cux_ptx_func *f, const cux_ptx_insn *u,
                    const cux_ptx_insn *b)
{
    uint32_t uw = f->operands[u->first_operand].value;
    uint32_t bw = f->operands[b->first_operand].value;
    if (uw == bw)
        return true;
    for (uint32_t i = 1; i < b->n_operands; i++) {
        const cux_ptx_operand *op = &f->operands[b->first_operand + i];
        if (op->kind == CUX_OPND_REG && op->value == uw)
            return true;
    }
    for (uint32_t i = 1; i < u->n_operands; i++) {
        const cux_ptx_operand *op = &f->operands[u->first_operand + i];
        if (op->kind == CUX_OPND_REG && op->value == bw)
            return true;
    }
    return false;
}

/* Gives branch block p as home to y's leading instructions, as long as
 * each has an identical one in x's leading pure instructions, in the same
 * order, that the pure ones of x it passes over do not have to stay
 * after (clang puts the side's own predicate logic first); and to their
 * twins in x.  A pair that writes two registers keeps its own blocks as
 * homes (each register holds the value on its side only), but what reads
 * them may match. */
static void share_heads(const cux_ptx_func *f, cux_cfg *cfg,
                        const cux_cfg_block *x, const cux_cfg_block *y,
                        uint32_t p)
{
    renamed names = {.n = 0};
    uint8_t *matched = cux_xcalloc(x->end - x->first, 1);
    uint32_t from = x->first;
    for (uint32_t k = y->first; k < y->end; k++) {
        const cux_ptx_insn *b = &f->insns[k];
        uint32_t twin = UINT32_MAX;
        for (uint32_t i = from; i < x->end && pure_insn(f, &f->insns[i]); i++)
            if (same_pure(f, &names, &f->insns[i], b)) {
                twin = i;
                break;
            }
        bool in_order = twin != UINT32_MAX;
        for (uint32_t i = x->first; in_order && i < twin; i++)
            in_order = matched[i - x->first] ||
                       !ordered(f, &f->insns[i], &f->insns[twin]);
        uint32_t xw = in_order ? f->operands[f->insns[twin].first_operand].value : 0;
        uint32_t yw = f->operands[b->first_operand].value;
        if (!in_order || (xw != yw && names.n == MAX_RENAMED))
            break;
        if (xw == yw) {
            cfg->home[twin] = cfg->home[k] = p;
        } else {
            names.x[names.n] = xw;
            names.y[names.n++] = yw;
        }
        matched[twin - x->first] = 1;
        from = twin + 1;
    }
    free(matched);
}

/* b, or where a block of a lone unguarded `bra` reached from nowhere else
 * leads; *lone is false where the result has other predecessors. */
static uint32_t side(const cux_ptx_func *f, const cux_cfg *cfg,
                     const uint32_t *preds, uint32_t b, bool *lone)
{
    *lone = false;
    if (b == CUX_CFG_EXIT || preds[b] != 1)
        return b;
    const cux_cfg_block *blk = &cfg->blocks[b];
    const cux_ptx_insn *only = &f->insns[blk->first];
    if (blk->end - blk->first == 1 && only->op == CUX_OP_BRA &&
        only->guard < 0 && blk->n_succ == 1) {
        b = blk->succ[0];
        if (b == CUX_CFG_EXIT || preds[b] != 1)
            return b;
    }
    *lone = true;
    return b;
}

void cux_cfg_shared_heads(const cux_ptx_func *f, cux_cfg *cfg)
{
    cfg->home = cux_xcalloc(f->n_insns + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < f->n_insns; i++)
        cfg->home[i] = cfg->block_of_insn[i];
    uint32_t *preds = cux_xcalloc(cfg->n_blocks + 1, sizeof(uint32_t));
    for (uint32_t b = 0; b < cfg->n_blocks; b++)
        for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
            if (cfg->blocks[b].succ[s] != CUX_CFG_EXIT)
                preds[cfg->blocks[b].succ[s]]++;
    for (uint32_t p = 0; p < cfg->n_blocks; p++) {
        const cux_cfg_block *branch = &cfg->blocks[p];
        if (branch->n_succ != 2)
            continue;
        bool lone_a, lone_b;
        uint32_t a = side(f, cfg, preds, branch->succ[0], &lone_a);
        uint32_t b = side(f, cfg, preds, branch->succ[1], &lone_b);
        if (!lone_a || !lone_b || a == b || a == p || b == p)
            continue;
        share_heads(f, cfg, &cfg->blocks[a], &cfg->blocks[b], p);
        share_heads(f, cfg, &cfg->blocks[b], &cfg->blocks[a], p);
    }
    free(preds);
}
