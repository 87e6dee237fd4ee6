/* induction.c: which registers step by a fixed amount from one trip of a
 * loop to the next, and by how much.  A grid-stride loop
 *
 *     for (i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
 *          i += gridDim.x * blockDim.x)  sum += in[i];
 *
 * runs on the CPU one warp after another, so each warp reads its 128
 * bytes a whole grid apart on every trip: a stride the hardware
 * prefetcher does not follow, and each trip's miss waits for the last.
 * Knowing that the address steps by 4 * %r5 per trip (%r5 the loop's
 * gridDim.x * blockDim.x) lets the code generator fetch a few trips
 * ahead.
 *
 * For each natural loop (a header and the blocks that reach one of its
 * back edges without passing it), a register steps in the loop if its
 * only definition inside the loop lies in that loop and in no loop
 * nested in it, is not guarded, and is
 *   - a basic induction variable: r = r + x or r = r - x, x invariant
 *     (a constant, or a register the loop does not write), in a block
 *     every trip passes (it dominates every back edge's source); or
 *   - derived from one: a move, an integer conversion, cvta, the sum or
 *     difference of stepping registers and invariants, the product of a
 *     stepping register with a constant (mul.lo, mul.wide, mad) or its
 *     shift left by a constant.
 * The step is scale, or scale times the value of an invariant register.
 * A conversion or a wide product is taken to step like its source: the
 * step is a hint for prefetching, which is wrong only in speed when a
 * value wraps.  Steps past 48 bits are not steps.
 *
 * It also finds each loop's exit test, and its loads' addresses, as
 * linear forms of a basic induction variable (cux_loop_test and
 * cux_loop_load in analysis.h), so that a fetch K trips ahead fetches
 * nothing past the loop's end: a grid-stride loop that runs once per
 * thread, as when the grid covers its data, would otherwise fetch from
 * every load a line it never reads. */
#include "analysis.h"
#include "ptx/parse.h"

#include <stdlib.h>
#include <string.h>

typedef struct loop_scan {
    const cux_ptx_func *func;
    const cux_cfg *cfg;
    const uint8_t *body;    /* per block: in the loop */
    uint32_t header;
    uint32_t *defs;         /* per register: definitions in the loop */
    uint32_t *def_insn;     /* per register: the last of them */
    uint32_t *def_block;    /* ...and its block */
    uint32_t *latches;      /* the blocks whose edge goes back to header */
    uint32_t n_latches;
} loop_scan;

static void count_def(loop_scan *s, const cux_ptx_operand *op, uint32_t insn,
                      uint32_t block)
{
    if (op->kind == CUX_OPND_VEC) {
        for (uint32_t e = 0; e < op->count; e++)
            count_def(s, &s->func->operands[op->first + e], insn, block);
        return;
    }
    if (op->kind != CUX_OPND_REG)
        return;
    s->defs[op->value]++;
    s->def_insn[op->value] = insn;
    s->def_block[op->value] = block;
}

static void count_defs(loop_scan *s)
{
    memset(s->defs, 0, (s->func->n_regs + 1) * sizeof(uint32_t));
    for (uint32_t b = 0; b < s->cfg->n_blocks; b++) {
        if (!s->body[b])
            continue;
        for (uint32_t i = s->cfg->blocks[b].first; i < s->cfg->blocks[b].end;
             i++) {
            const cux_ptx_insn *insn = &s->func->insns[i];
            uint32_t dsts = cux_ptx_insn_dsts(insn);
            for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++)
                count_def(s, &s->func->operands[insn->first_operand + d], i, b);
        }
    }
}

static bool invariant(const loop_scan *s, const cux_ptx_operand *op)
{
    return op->kind == CUX_OPND_IMM_INT ||
           (op->kind == CUX_OPND_REG && s->defs[op->value] == 0);
}

static bool integer(cux_ptx_type t)
{
    return cux_ptx_type_is_int(t) && cux_ptx_type_size(t) >= 4;
}

/* *acc += scale * k, false where that leaves 48 bits: the forms become
 * C constants, and no address or index a prefetch needs is that large. */
static bool add_scaled(int64_t *acc, int64_t scale, int64_t k)
{
    const int64_t limit = (int64_t)1 << 48;
    int64_t product, sum;
    return !__builtin_mul_overflow(scale, k, &product) &&
           !__builtin_add_overflow(*acc, product, &sum) && sum < limit &&
           sum > -limit && (*acc = sum, true);
}

/* Whether every trip passes block b: it dominates each back edge's
 * source. */
static bool every_trip(const loop_scan *s, const uint32_t *idom, uint32_t b)
{
    for (uint32_t k = 0; k < s->n_latches; k++)
        if (!cux_dominates(idom, b, s->latches[k]))
            return false;
    return true;
}

/* The loop's latches, found once per loop for every_trip and
 * find_test. */
static void find_latches(loop_scan *s)
{
    s->n_latches = 0;
    for (uint32_t b = 0; b < s->cfg->n_blocks; b++)
        for (uint32_t k = 0; s->body[b] && k < s->cfg->blocks[b].n_succ; k++)
            if (s->cfg->blocks[b].succ[k] == s->header) {
                s->latches[s->n_latches++] = b;
                break;
            }
}

/* The step of op in the loop (an invariant steps by 0); false if unknown. */
static bool step_of(const cux_induction *iv, const loop_scan *s,
                    const cux_ptx_operand *op, uint32_t *by, int64_t *scale)
{
    if (invariant(s, op)) {
        *by = CUX_INDUCTION_CONSTANT;
        *scale = 0;
        return true;
    }
    if (op->kind != CUX_OPND_REG || iv->header[op->value] != s->header + 1)
        return false;
    *by = iv->by[op->value];
    *scale = iv->scale[op->value];
    return true;
}

/* The sum of two steps, if one of them is 0 or they share a register. */
static bool add_steps(uint32_t by1, int64_t s1, uint32_t by2, int64_t s2,
                      int64_t sign, uint32_t *by, int64_t *scale)
{
    if (s2 == 0) {
        *by = by1, *scale = s1;
        return true;
    }
    if (s1 != 0 && by1 != by2)
        return false;
    *by = s1 == 0 ? by2 : by1, *scale = s1;
    return add_scaled(scale, sign, s2);
}

static bool constant(const cux_ptx_operand *op, int64_t *k)
{
    if (op->kind != CUX_OPND_IMM_INT)
        return false;
    *k = op->imm;
    return true;
}

/* A mul.lo, mul.wide or mad (lo or wide) by a constant k: the index of
 * its other factor (1 or 2), or 0. */
static int scaled_source(const cux_ptx_insn *insn, const cux_ptx_operand *ops,
                         int64_t *k)
{
    unsigned n = insn->op == CUX_OP_MUL ? 3 : 4;
    if (insn->n_operands != n ||
        (insn->mode != CUX_MODE_LO && insn->mode != CUX_MODE_WIDE))
        return 0;
    return constant(&ops[2], k) ? 1 : constant(&ops[1], k) ? 2 : 0;
}

/* The step of insn's destination from its operands' steps. */
static bool derived_step(const cux_induction *iv, const loop_scan *s,
                         const cux_ptx_insn *insn, uint32_t *by,
                         int64_t *scale)
{
    const cux_ptx_operand *ops = &s->func->operands[insn->first_operand];
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t b1, b2;
    int64_t s1, s2, k;
    if (!integer(t) || (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT)))
        return false;
    switch (insn->op) {
    case CUX_OP_MOV: case CUX_OP_CVTA:
        return insn->n_operands == 2 && step_of(iv, s, &ops[1], by, scale);
    case CUX_OP_CVT:
        return insn->n_operands == 2 && insn->mode == 0 &&
               integer((cux_ptx_type)insn->type2) &&
               step_of(iv, s, &ops[1], by, scale);
    case CUX_OP_ADD: case CUX_OP_SUB:
        return insn->n_operands == 3 && step_of(iv, s, &ops[1], &b1, &s1) &&
               step_of(iv, s, &ops[2], &b2, &s2) &&
               add_steps(b1, s1, b2, s2, insn->op == CUX_OP_ADD ? 1 : -1, by,
                         scale);
    case CUX_OP_SHL:
        if (insn->n_operands != 3 || !constant(&ops[2], &k) || k < 0 ||
            k > 30 || !step_of(iv, s, &ops[1], by, &s1))
            return false;
        *scale = 0;
        return add_scaled(scale, s1, (int64_t)1 << k);
    case CUX_OP_MUL: case CUX_OP_MAD: {
        int f = scaled_source(insn, ops, &k);
        int64_t product = 0;
        if (!f || !step_of(iv, s, &ops[f], &b1, &s1) ||
            !add_scaled(&product, s1, k))
            return false;
        if (insn->op == CUX_OP_MUL) {
            *by = b1, *scale = product;
            return true;
        }
        return step_of(iv, s, &ops[3], &b2, &s2) &&
               add_steps(b1, product, b2, s2, 1, by, scale);
    }
    default:
        return false;
    }
}

/* r = r + x or r = r - x with x invariant: x's step per trip. */
static bool basic_step(const loop_scan *s, uint32_t r, const cux_ptx_insn *insn,
                       uint32_t *by, int64_t *scale)
{
    const cux_ptx_operand *ops = &s->func->operands[insn->first_operand];
    if ((insn->op != CUX_OP_ADD && insn->op != CUX_OP_SUB) ||
        insn->n_operands != 3 || !integer((cux_ptx_type)insn->type) ||
        (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT)))
        return false;
    int x = ops[1].kind == CUX_OPND_REG && ops[1].value == r ? 2
          : ops[2].kind == CUX_OPND_REG && ops[2].value == r &&
                    insn->op == CUX_OP_ADD ? 1 : 0;
    if (!x || !invariant(s, &ops[x]))
        return false;
    int64_t sign = insn->op == CUX_OP_ADD ? 1 : -1;
    *scale = 0;
    if (ops[x].kind == CUX_OPND_IMM_INT) {
        *by = CUX_INDUCTION_CONSTANT;
        return add_scaled(scale, sign, ops[x].imm) && *scale != 0;
    }
    *by = ops[x].value, *scale = sign;
    return true;
}

static void scan_loop(cux_induction *iv, loop_scan *s, const uint32_t *idom)
{
    count_defs(s);
    uint32_t nr = s->func->n_regs;
    /* candidates: one definition, in this loop and no inner one */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t r = 0; r < nr; r++) {
            if (s->defs[r] != 1 || iv->header[r] ||
                iv->loop[s->def_block[r]] != s->header + 1)
                continue;
            const cux_ptx_insn *insn = &s->func->insns[s->def_insn[r]];
            const cux_ptx_operand *dst =
                &s->func->operands[insn->first_operand];
            if (insn->guard >= 0 || dst->kind != CUX_OPND_REG ||
                dst->value != r)
                continue;
            uint32_t by;
            int64_t scale;
            bool steps = (basic_step(s, r, insn, &by, &scale) &&
                          every_trip(s, idom, s->def_block[r])) ||
                         (derived_step(iv, s, insn, &by, &scale) && scale);
            if (!steps)
                continue;
            iv->header[r] = s->header + 1;
            iv->by[r] = by;
            iv->scale[r] = scale;
            changed = true;
        }
    }
}

/* The last instruction of block b before `before` that writes reg, or
 * UINT32_MAX. */
static uint32_t last_def_before(const loop_scan *s, uint32_t b, uint32_t reg,
                                uint32_t before)
{
    for (uint32_t i = before; i-- > s->cfg->blocks[b].first;)
        if (cux_ptx_insn_writes(s->func, &s->func->insns[i], reg))
            return i;
    return UINT32_MAX;
}

/* Whether r is a basic induction variable of the loop written in its
 * latch: r = r + x or r = r - x there, and nowhere else in the loop. */
static bool basic_in_latch(const cux_induction *iv, const loop_scan *s,
                           uint32_t latch, uint32_t r)
{
    if (s->defs[r] != 1 || s->def_block[r] != latch ||
        iv->header[r] != s->header + 1)
        return false;
    const cux_ptx_insn *insn = &s->func->insns[s->def_insn[r]];
    const cux_ptx_operand *ops = &s->func->operands[insn->first_operand];
    return (insn->op == CUX_OP_ADD || insn->op == CUX_OP_SUB) &&
           insn->n_operands == 3 &&
           ((ops[1].kind == CUX_OPND_REG && ops[1].value == r) ||
            (ops[2].kind == CUX_OPND_REG && ops[2].value == r));
}

static bool add_linear(const cux_induction *iv, const loop_scan *s,
                       uint32_t latch, const cux_ptx_operand *op, uint32_t at,
                       int64_t scale, cux_linear *f, unsigned *budget);

/* Adds scale times the value insn (at index d) writes to f. */
static bool add_definition(const cux_induction *iv, const loop_scan *s,
                           uint32_t latch, uint32_t d, int64_t scale,
                           cux_linear *f, unsigned *budget)
{
    const cux_ptx_insn *insn = &s->func->insns[d];
    const cux_ptx_operand *ops = &s->func->operands[insn->first_operand];
    int64_t k;
    if (insn->guard >= 0 || !integer((cux_ptx_type)insn->type) ||
        (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT)))
        return false;
    switch (insn->op) {
    case CUX_OP_CVT:
        if (insn->mode != 0 || !integer((cux_ptx_type)insn->type2))
            return false;
        /* fall through */
    case CUX_OP_MOV: case CUX_OP_CVTA:
        return insn->n_operands == 2 &&
               add_linear(iv, s, latch, &ops[1], d, scale, f, budget);
    case CUX_OP_ADD: case CUX_OP_SUB:
        return insn->n_operands == 3 &&
               add_linear(iv, s, latch, &ops[1], d, scale, f, budget) &&
               add_linear(iv, s, latch, &ops[2], d,
                          insn->op == CUX_OP_SUB ? -scale : scale, f, budget);
    case CUX_OP_SHL: {
        int64_t shifted = 0;
        return insn->n_operands == 3 && constant(&ops[2], &k) && k >= 0 &&
               k <= 30 && add_scaled(&shifted, scale, (int64_t)1 << k) &&
               add_linear(iv, s, latch, &ops[1], d, shifted, f, budget);
    }
    case CUX_OP_MUL: case CUX_OP_MAD: {
        int by = scaled_source(insn, ops, &k);
        int64_t product = 0;
        return by && add_scaled(&product, scale, k) &&
               add_linear(iv, s, latch, &ops[by], d, product, f, budget) &&
               (insn->op == CUX_OP_MUL ||
                add_linear(iv, s, latch, &ops[3], d, scale, f, budget));
    }
    default:
        return false;
    }
}

/* Adds scale times the value of op, read at instruction `at` of the
 * loop, to f: false if it is not a linear form (analysis.h).  A value
 * is taken as the one its only definition in the loop computes, which
 * is wrong only in speed where a read precedes that definition. */
static bool add_linear(const cux_induction *iv, const loop_scan *s,
                       uint32_t latch, const cux_ptx_operand *op, uint32_t at,
                       int64_t scale, cux_linear *f, unsigned *budget)
{
    if (op->kind == CUX_OPND_IMM_INT)
        return add_scaled(&f->offset, scale, op->imm);
    /* a budget of operands visited: a chain of `add r, q, q` doubles
     * the walk at each step */
    if (op->kind != CUX_OPND_REG || !*budget)
        return false;
    --*budget;
    uint32_t r = op->value;
    if (s->defs[r] == 0) {
        if (f->n_terms == CUX_LINEAR_TERMS)
            return false;
        f->term_scale[f->n_terms] = 0;
        f->term[f->n_terms] = r;
        return add_scaled(&f->term_scale[f->n_terms++], scale, 1);
    }
    uint32_t d = s->cfg->block_of_insn[at] == latch
               ? last_def_before(s, latch, r, at) : UINT32_MAX;
    if (d != UINT32_MAX)
        return add_definition(iv, s, latch, d, scale, f, budget);
    if (basic_in_latch(iv, s, latch, r)) { /* its value on entry */
        if (f->iv != UINT32_MAX && f->iv != r)
            return false;
        f->iv = r;
        return add_scaled(&f->iv_scale, scale, 1);
    }
    return s->defs[r] == 1 && s->def_block[r] != latch &&
           add_definition(iv, s, latch, s->def_insn[r], scale, f, budget);
}

/* Whether op, read at instruction `at`, is a linear form of a basic
 * induction variable (not only of invariants). */
static bool linear_form(const cux_induction *iv, const loop_scan *s,
                        uint32_t latch, const cux_ptx_operand *op, uint32_t at,
                        cux_linear *f)
{
    *f = (cux_linear){.iv = UINT32_MAX};
    unsigned budget = 64;
    return add_linear(iv, s, latch, op, at, 1, f, &budget) &&
           f->iv != UINT32_MAX &&
           f->iv_scale != 0;
}

static bool ordered(cux_ptx_cmp cmp)
{
    return cmp == CUX_CMP_LT || cmp == CUX_CMP_LE || cmp == CUX_CMP_GT ||
           cmp == CUX_CMP_GE || cmp == CUX_CMP_LO || cmp == CUX_CMP_LS ||
           cmp == CUX_CMP_HI || cmp == CUX_CMP_HS;
}

/* The loop's exit test (analysis.h), if it has one of that form. */
static void find_test(const cux_induction *iv, const loop_scan *s,
                      cux_loop_test *t)
{
    const cux_cfg *cfg = s->cfg;
    if (s->n_latches != 1)
        return;
    uint32_t latch = s->latches[0];
    const cux_cfg_block *lb = &cfg->blocks[latch];
    if (lb->n_succ != 2 || lb->end == lb->first)
        return;
    const cux_ptx_insn *br = &s->func->insns[lb->end - 1];
    uint8_t again_if;
    if (br->op != CUX_OP_BRA || br->guard < 0)
        return;
    if (lb->succ[0] == s->header && !s->body[lb->succ[1]])
        again_if = !br->guard_negated; /* the branch starts a trip */
    else if (lb->succ[1] == s->header && !s->body[lb->succ[0]])
        again_if = br->guard_negated; /* it leaves; falling through stays */
    else
        return;
    uint32_t d = last_def_before(s, latch, (uint32_t)br->guard, lb->end - 1);
    if (d == UINT32_MAX)
        return;
    const cux_ptx_insn *c = &s->func->insns[d];
    const cux_ptx_operand *ops = &s->func->operands[c->first_operand];
    if (c->op != CUX_OP_SETP || c->guard >= 0 || c->n_operands != 3 ||
        (c->flags & CUX_PTX_F_PAIR) || !integer((cux_ptx_type)c->type) ||
        !ordered((cux_ptx_cmp)c->cmp))
        return;
    for (uint8_t side = 1; side <= 2; side++) {
        if (!invariant(s, &ops[3 - side]) ||
            !linear_form(iv, s, latch, &ops[side], d, &t->counter))
            continue;
        t->setp = d + 1;
        t->latch = latch;
        t->again_if = again_if;
        t->bound_side = (uint8_t)(3 - side);
        return;
    }
}

/* Lists the loads of the loop's own blocks whose address is a linear
 * form, if the loop has a test. */
static void find_loads(cux_induction *out, const loop_scan *s,
                       uint32_t *capacity)
{
    const cux_loop_test *t = &out->test[s->header];
    for (uint32_t b = 0; t->setp && b < s->cfg->n_blocks; b++) {
        if (!s->body[b] || out->loop[b] != s->header + 1)
            continue;
        for (uint32_t i = s->cfg->blocks[b].first; i < s->cfg->blocks[b].end;
             i++) {
            const cux_ptx_insn *insn = &s->func->insns[i];
            if (insn->op != CUX_OP_LD || insn->n_operands != 2 ||
                (insn->space != CUX_SPACE_GLOBAL &&
                 insn->space != CUX_SPACE_GENERIC))
                continue;
            const cux_ptx_operand *a = &s->func->operands[insn->first_operand + 1];
            cux_ptx_operand base = {.kind = CUX_OPND_REG, .value = a->value};
            cux_linear f;
            if (a->kind != CUX_OPND_ADDR || a->base_kind != CUX_OPND_REG ||
                !linear_form(out, s, t->latch, &base, i, &f) ||
                !add_scaled(&f.offset, 1, a->imm))
                continue;
            if (out->n_loads == *capacity) {
                *capacity = *capacity ? 2 * *capacity : 8;
                out->loads = cux_xrealloc(out->loads,
                                          *capacity * sizeof(cux_loop_load));
            }
            out->loads[out->n_loads++] =
                (cux_loop_load){.insn = i, .header = s->header, .address = f};
        }
    }
}

static int by_insn(const void *a, const void *b)
{
    uint32_t x = ((const cux_loop_load *)a)->insn;
    uint32_t y = ((const cux_loop_load *)b)->insn;
    return (x > y) - (x < y);
}

void cux_induction_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                           cux_induction *out)
{
    uint32_t nb = cfg->n_blocks, nr = func->n_regs;
    memset(out, 0, sizeof(*out));
    out->loop = cux_xcalloc(nb + 1, sizeof(uint32_t));
    out->header = cux_xcalloc(nr + 1, sizeof(uint32_t));
    out->by = cux_xcalloc(nr + 1, sizeof(uint32_t));
    out->scale = cux_xcalloc(nr + 1, sizeof(int64_t));
    out->test = cux_xcalloc(nb + 1, sizeof(cux_loop_test));
    if (!nb)
        return;
    uint32_t *idom = cux_dominators_compute(cfg);
    cux_preds preds;
    cux_preds_compute(cfg, &preds);
    /* a block's innermost loop is the smallest that holds it; then each
     * loop's registers, with its body found again (memory linear in the
     * blocks, for kernels of thousands) */
    uint8_t *body = cux_xcalloc(nb + 1, 1);
    uint32_t *size = cux_xcalloc(nb + 1, sizeof(uint32_t));
    uint32_t *work = cux_xcalloc(nb + 1, sizeof(uint32_t));
    for (uint32_t h = 0; h < nb; h++) {
        if (idom[h] == UINT32_MAX)
            continue;
        memset(body, 0, nb);
        size[h] = cux_natural_loop(cfg, idom, &preds, h, body, work);
        for (uint32_t b = 0; b < nb && size[h]; b++)
            if (body[b] && (!out->loop[b] || size[out->loop[b] - 1] > size[h]))
                out->loop[b] = h + 1;
    }
    loop_scan s = {
        .func = func, .cfg = cfg, .body = body,
        .defs = cux_xcalloc(nr + 1, sizeof(uint32_t)),
        .def_insn = cux_xcalloc(nr + 1, sizeof(uint32_t)),
        .def_block = cux_xcalloc(nr + 1, sizeof(uint32_t)),
        .latches = cux_xcalloc(nb + 1, sizeof(uint32_t)),
    };
    uint32_t load_capacity = 0;
    for (uint32_t h = 0; h < nb; h++) {
        if (!size[h])
            continue;
        memset(body, 0, nb);
        cux_natural_loop(cfg, idom, &preds, h, body, work);
        s.header = h;
        find_latches(&s);
        scan_loop(out, &s, idom);
        find_test(out, &s, &out->test[h]);
        find_loads(out, &s, &load_capacity);
    }
    if (out->n_loads)
        qsort(out->loads, out->n_loads, sizeof(cux_loop_load), by_insn);
    free(s.defs);
    free(s.def_insn);
    free(s.def_block);
    free(s.latches);
    free(work);
    free(size);
    free(body);
    cux_preds_free(&preds);
    free(idom);
}

bool cux_induction_step(const cux_induction *iv, uint32_t block, uint32_t reg,
                        uint32_t *by, int64_t *scale)
{
    if (!iv->header || !iv->header[reg] || iv->header[reg] != iv->loop[block])
        return false;
    *by = iv->by[reg];
    *scale = iv->scale[reg];
    return true;
}

void cux_induction_print(const cux_ptx_func *func, const cux_induction *iv,
                         cux_strbuf *out)
{
    for (uint32_t r = 0; r < func->n_regs; r++) {
        if (!iv->header[r])
            continue;
        cux_strbuf_printf(out, " %s(", func->regs[r].name);
        if (iv->by[r] == CUX_INDUCTION_CONSTANT)
            cux_strbuf_printf(out, "%lld", (long long)iv->scale[r]);
        else if (iv->scale[r] == 1)
            cux_strbuf_printf(out, "%s", func->regs[iv->by[r]].name);
        else
            cux_strbuf_printf(out, "%lld*%s", (long long)iv->scale[r],
                              func->regs[iv->by[r]].name);
        cux_strbuf_printf(out, ")@B%u", iv->header[r] - 1);
    }
}

const cux_loop_test *cux_induction_test(const cux_induction *iv,
                                        uint32_t block)
{
    uint32_t h = iv->loop ? iv->loop[block] : 0;
    return h && iv->test[h - 1].setp ? &iv->test[h - 1] : NULL;
}

static void print_scaled(const cux_ptx_func *func, int64_t scale,
                         uint32_t reg, bool first, cux_strbuf *out)
{
    if (scale == 1 || scale == -1)
        cux_strbuf_printf(out, "%s%s", scale < 0 ? "-" : first ? "" : "+",
                          func->regs[reg].name);
    else
        cux_strbuf_printf(out, first ? "%lld*%s" : "%+lld*%s",
                          (long long)scale, func->regs[reg].name);
}

static void print_linear(const cux_ptx_func *func, const cux_linear *f,
                         cux_strbuf *out)
{
    print_scaled(func, f->iv_scale, f->iv, true, out);
    for (uint32_t k = 0; k < f->n_terms; k++)
        print_scaled(func, f->term_scale[k], f->term[k], false, out);
    if (f->offset)
        cux_strbuf_printf(out, "%+lld", (long long)f->offset);
}

/* " B4(%r21+%r6+%r5 lt %r12; line 54: 4*%r21+4*%r5+%rd2)": the counter,
 * the compare (`!lt` where a false compare starts the next trip), the
 * bound, and each load's address by the line of the load. */
void cux_induction_print_tests(const cux_ptx_func *func,
                               const cux_induction *iv, uint32_t n_blocks,
                               cux_strbuf *out)
{
    for (uint32_t h = 0; h < n_blocks; h++) {
        const cux_loop_test *t = &iv->test[h];
        if (!t->setp)
            continue;
        const cux_ptx_insn *c = &func->insns[t->setp - 1];
        const cux_ptx_operand *bound =
            &func->operands[c->first_operand + t->bound_side];
        cux_strbuf_printf(out, " B%u(", h);
        print_linear(func, &t->counter, out);
        cux_strbuf_printf(out, " %s%s ", t->again_if ? "" : "!",
                          cux_ptx_cmp_names[c->cmp]);
        if (bound->kind == CUX_OPND_REG)
            cux_strbuf_puts(out, func->regs[bound->value].name);
        else
            cux_strbuf_printf(out, "%lld", (long long)bound->imm);
        for (uint32_t k = 0; k < iv->n_loads; k++)
            if (iv->loads[k].header == h) {
                cux_strbuf_printf(out, "; line %u: ",
                                  func->insns[iv->loads[k].insn].line);
                print_linear(func, &iv->loads[k].address, out);
            }
        cux_strbuf_puts(out, ")");
    }
}

void cux_induction_free(cux_induction *iv)
{
    free(iv->test);
    free(iv->loads);
    free(iv->loop);
    free(iv->header);
    free(iv->by);
    free(iv->scale);
    memset(iv, 0, sizeof(*iv));
}
