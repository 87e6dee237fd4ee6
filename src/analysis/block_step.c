/* block_step.c: how much each register's value changes from one thread
 * block to the next, the next along %ctaid.x.
 *
 * A worker runs a grid's blocks in order, one chunk of consecutive
 * blocks after another, and each block's warps one after another.  In
 * the most common kernel shape, `i = blockIdx.x * blockDim.x + tid`, a
 * block reads a few runs of memory that the next block's runs follow by
 * a fixed step, and nothing fetches them before that block's first warp
 * asks: with two runs per block (reduce_smem's `in[i]` and `in[i + 256]`)
 * the hardware prefetcher does not follow, and the block's loads wait
 * for memory one after another.  Knowing the step (here 8 * %ntid.x
 * bytes) lets the block's first warp fetch the next block's runs while
 * this one works.
 *
 * Flow-insensitive fixed point, like affine.c: each definition proposes
 * a step, every definition must agree, and a register starts unknown.
 * A step is a constant times 1 or one of %ntid.x, .y, .z, and perhaps
 * times one kernel parameter, so a register's value is followed too
 * where it is such a product (`%r4 = %ntid.x << 1` scales `%r5 = %r4 *
 * %ctaid.x`; transpose's output row `(blockIdx.x * 32 + ty) * n` steps
 * by 32 * n).  %ctaid.x steps by 1;
 * constants, parameters, %tid and the other special registers by 0;
 * moves, conversions, sums, differences, products with a value of the
 * block (one of the factors fixed), shifts by a constant and negation
 * combine steps as arithmetic does; anything else computed from
 * registers that do not step does not step; loads from memory other
 * than parameters, and what a register is given under a guard, vary.
 * The steps serve only a prefetch, which a wrapped value makes wrong in
 * speed, never in result: widening is taken to keep the step. */
#include "analysis.h"
#include "ptx/parse.h"

#include <stdlib.h>
#include <string.h>

enum { UNSET = 0, KNOWN = 1, VARIES = 2 };

/* A step or a value: scale times factor (CUX_STEP_*) times, where param
 * is not 0, the value of the kernel parameter that instruction param - 1
 * loads. */
typedef struct term {
    int state;
    int64_t scale;
    uint8_t factor;
    uint32_t param;
} term;

static const term unset = {UNSET, 0, 0, 0};
static const term varies = {VARIES, 0, 0, 0};
static const term zero = {KNOWN, 0, CUX_STEP_ONE, 0};

static term known_times(int64_t scale, uint8_t factor, uint32_t param)
{
    term t = {KNOWN, scale, scale ? factor : CUX_STEP_ONE, scale ? param : 0};
    return t;
}

static term known(int64_t scale, uint8_t factor)
{
    return known_times(scale, factor, 0);
}

/* Steps past 48 bits are no steps (the prefetch is of nearby memory). */
static bool small(int64_t v)
{
    return v < ((int64_t)1 << 48) && v > -((int64_t)1 << 48);
}

static term add(term a, term b, bool subtract)
{
    if (a.state != KNOWN || b.state != KNOWN)
        return a.state == VARIES || b.state == VARIES ? varies : unset;
    int64_t bs = subtract ? -b.scale : b.scale;
    if (!b.scale)
        return a;
    if (!a.scale)
        return known_times(bs, b.factor, b.param);
    if (a.factor != b.factor || a.param != b.param || !small(a.scale + bs))
        return varies;
    return known_times(a.scale + bs, a.factor, a.param);
}

static term scaled(term a, term by)
{
    if (a.state != KNOWN || by.state != KNOWN)
        return a.state == VARIES || by.state == VARIES ? varies : unset;
    if (!a.scale || !by.scale)
        return zero;
    if ((a.factor != CUX_STEP_ONE && by.factor != CUX_STEP_ONE) ||
        (a.param && by.param) ||
        __builtin_mul_overflow(a.scale, by.scale, &(int64_t){0}) ||
        !small(a.scale * by.scale))
        return varies;
    return known_times(a.scale * by.scale,
                       a.factor != CUX_STEP_ONE ? a.factor : by.factor,
                       a.param ? a.param : by.param);
}

typedef struct state {
    const cux_ptx_func *func;
    const cux_cfg *cfg;
    term *step;      /* per register */
    term *value;     /* per register: where it is a product the block fixes */
    term *def_step;  /* per instruction: what it proposed */
    term *def_value;
    cux_preds preds;
    uint32_t at;     /* the instruction being proposed for */
} state;

/* How far back an operand's definition is looked for, in instructions. */
enum { REACH = 64 };

/* The instruction that last wrote reg before s->at, looked for back
 * through the block and its predecessors while each has only one (so
 * that every path to s->at passes it), within REACH instructions, + 1;
 * 0 if none is found.  Its proposal holds for this use even where the
 * register has other definitions elsewhere (reduce_smem's `%r22 =
 * %ntid.x; %r4 = %r22 << 1` before a loop that halves %r22). */
static uint32_t reaching_def(const state *s, uint32_t reg)
{
    uint32_t b = s->cfg->block_of_insn[s->at], end = s->at, n = 0;
    for (;;) {
        for (uint32_t i = end; i-- > s->cfg->blocks[b].first; n++) {
            if (n >= REACH)
                return 0;
            const cux_ptx_insn *insn = &s->func->insns[i];
            if (cux_ptx_insn_writes(s->func, insn, reg))
                return cux_ptx_insn_dsts(insn) == 1 &&
                       s->func->operands[insn->first_operand].kind ==
                           CUX_OPND_REG ? i + 1 : 0;
        }
        if (s->preds.first[b + 1] - s->preds.first[b] != 1 || ++n >= REACH)
            return 0;
        b = s->preds.list[s->preds.first[b]];
        end = s->cfg->blocks[b].end;
    }
}

/* An operand's step, and its value where that is a product the block
 * fixes (VARIES, meaning not such a product, where it is not): one
 * search for its reaching definition serves both. */
typedef struct terms {
    term step, value;
} terms;

static terms operand(const state *s, const cux_ptx_operand *op)
{
    switch (op->kind) {
    case CUX_OPND_REG: {
        uint32_t def = reaching_def(s, op->value);
        if (def)
            return (terms){s->def_step[def - 1], s->def_value[def - 1]};
        return (terms){s->step[op->value], s->value[op->value]};
    }
    case CUX_OPND_SREG:
        if (op->value == CUX_SREG_CTAID && op->component == 0)
            return (terms){known(1, CUX_STEP_ONE), varies};
        if (op->value == CUX_SREG_NTID && op->component < 3)
            return (terms){zero, known(1, (uint8_t)(CUX_STEP_NTID_X +
                                                    op->component))};
        return (terms){zero, varies};
    case CUX_OPND_IMM_INT:
        return (terms){zero, known(op->imm, CUX_STEP_ONE)};
    case CUX_OPND_VAR:
        return (terms){zero, varies};
    default:
        return (terms){varies, varies};
    }
}

static terms sum(terms a, terms b, bool subtract)
{
    return (terms){add(a.step, b.step, subtract),
                   add(a.value, b.value, subtract)};
}

/* a * b: its step is a step times a value, a value of the block on one
 * side. */
static terms product(terms a, terms b)
{
    terms p = {zero, scaled(a.value, b.value)};
    if (a.step.state != KNOWN || b.step.state != KNOWN)
        p.step = a.step.state == VARIES || b.step.state == VARIES ? varies
                                                                  : unset;
    else if (a.step.scale && b.step.scale)
        p.step = varies; /* grows with the square of the block number */
    else if (a.step.scale || b.step.scale)
        p.step = a.step.scale ? scaled(a.step, b.value)
                              : scaled(b.step, a.value);
    return p;
}

/* The step and value the instruction proposes for its destination. */
static terms propose(const state *s, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *op = &s->func->operands[insn->first_operand];
    if (insn->guard >= 0 || (insn->flags & CUX_PTX_F_CC))
        return (terms){varies, varies};
    uint32_t n = insn->n_operands;
    switch (insn->op) {
    case CUX_OP_MOV: case CUX_OP_CVT: case CUX_OP_CVTA:
        if (n == 2 && op[1].kind != CUX_OPND_VEC)
            return operand(s, &op[1]);
        break;
    case CUX_OP_ADD: case CUX_OP_SUB:
        if (n == 3)
            return sum(operand(s, &op[1]), operand(s, &op[2]),
                       insn->op == CUX_OP_SUB);
        break;
    case CUX_OP_NEG:
        if (n == 2)
            return sum((terms){zero, zero}, operand(s, &op[1]), true);
        break;
    case CUX_OP_MUL: case CUX_OP_MAD:
        if (n >= 3 && insn->mode != CUX_MODE_HI) {
            terms p = product(operand(s, &op[1]), operand(s, &op[2]));
            return insn->op == CUX_OP_MAD && n == 4
                ? sum(p, operand(s, &op[3]), false) : p;
        }
        break;
    case CUX_OP_OR: { /* clang's 2 * x + 1: an add below the shifted bits */
        uint32_t def = n == 3 && op[1].kind == CUX_OPND_REG &&
                       op[2].kind == CUX_OPND_IMM_INT
                       ? reaching_def(s, op[1].value) : 0;
        const cux_ptx_insn *shl = def ? &s->func->insns[def - 1] : NULL;
        const cux_ptx_operand *by = shl ? &s->func->operands[shl->first_operand + 2]
                                        : NULL;
        if (shl && shl->op == CUX_OP_SHL && shl->n_operands == 3 &&
            by->kind == CUX_OPND_IMM_INT && by->imm > 0 && by->imm < 32 &&
            op[2].imm >= 0 && op[2].imm < ((int64_t)1 << by->imm))
            return sum(operand(s, &op[1]), operand(s, &op[2]), false);
        break;
    }
    case CUX_OP_SHL:
        if (n == 3 && op[2].kind == CUX_OPND_IMM_INT && op[2].imm >= 0 &&
            op[2].imm < 32)
            return product(operand(s, &op[1]),
                           (terms){zero, known((int64_t)1 << op[2].imm,
                                               CUX_STEP_ONE)});
        break;
    case CUX_OP_LD: {
        if (insn->space != CUX_SPACE_PARAM)
            return (terms){varies, varies};
        /* a kernel's integer parameter: a value the launch fixes */
        cux_ptx_type t = (cux_ptx_type)insn->type;
        bool value = s->func->is_entry && n == 2 && insn->vec <= 1 &&
                     op[1].kind == CUX_OPND_ADDR &&
                     op[1].base_kind == CUX_OPND_VAR &&
                     cux_ptx_type_is_int(t) &&
                     (cux_ptx_type_size(t) == 4 || cux_ptx_type_size(t) == 8);
        return (terms){zero, value ? known_times(1, CUX_STEP_ONE, s->at + 1)
                                   : varies};
    }
    default:
        break;
    }
    /* Other arithmetic: the same in every block if its sources are. */
    if (insn->op == CUX_OP_ATOM || insn->op == CUX_OP_CALL ||
        (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_TERM))
        return (terms){varies, varies};
    terms t = {zero, varies};
    for (uint32_t k = cux_ptx_insn_dsts(insn); k < n; k++) {
        term step = op[k].kind == CUX_OPND_ADDR || op[k].kind == CUX_OPND_VEC ||
                    op[k].kind == CUX_OPND_LIST ? varies
                                                : operand(s, &op[k]).step;
        if (step.state == VARIES || (step.state == KNOWN && step.scale))
            return (terms){varies, varies};
        if (step.state == UNSET)
            t.step = unset;
    }
    return t;
}

/* Joins a proposal into what the register has; true if that changed. */
static bool merge(term *have, term proposal)
{
    if (proposal.state == UNSET || have->state == VARIES)
        return false;
    if (have->state == UNSET) {
        *have = proposal;
        return true;
    }
    if (proposal.state == VARIES || have->scale != proposal.scale ||
        have->factor != proposal.factor || have->param != proposal.param) {
        *have = varies;
        return true;
    }
    return false;
}

void cux_block_step_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                            cux_block_step *out)
{
    uint32_t nr = func->n_regs;
    state s = {func, cfg, cux_xcalloc(nr + 1, sizeof(term)),
               cux_xcalloc(nr + 1, sizeof(term)),
               cux_xcalloc(func->n_insns + 1, sizeof(term)),
               cux_xcalloc(func->n_insns + 1, sizeof(term)), {0}, 0};
    cux_preds_compute(cfg, &s.preds);
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < func->n_insns; i++) {
            const cux_ptx_insn *insn = &func->insns[i];
            uint32_t dsts = cux_ptx_insn_dsts(insn);
            if (!dsts || !insn->n_operands)
                continue;
            const cux_ptx_operand *dst = &func->operands[insn->first_operand];
            s.at = i;
            terms t = propose(&s, insn);
            s.def_step[i] = t.step;
            s.def_value[i] = t.value;
            /* a pair (p|q) or a vector of registers: what varies */
            if (dsts != 1 || dst->kind != CUX_OPND_REG)
                t = (terms){varies, varies};
            for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++) {
                const cux_ptx_operand *op = &dst[d];
                uint32_t count = op->kind == CUX_OPND_VEC ? op->count : 1;
                for (uint32_t e = 0; e < count; e++) {
                    const cux_ptx_operand *el = op->kind == CUX_OPND_VEC
                        ? &func->operands[op->first + e] : op;
                    if (el->kind == CUX_OPND_REG) {
                        changed |= merge(&s.step[el->value], t.step);
                        changed |= merge(&s.value[el->value], t.value);
                    }
                }
            }
        }
    }
    out->scale = cux_xcalloc(nr + 1, sizeof(int64_t));
    out->factor = cux_xcalloc(nr + 1, 1);
    out->known = cux_xcalloc(nr + 1, 1);
    out->param = cux_xcalloc(nr + 1, sizeof(uint32_t));
    for (uint32_t r = 0; r < nr; r++)
        if (s.step[r].state == KNOWN) {
            out->known[r] = 1;
            out->scale[r] = s.step[r].scale;
            out->factor[r] = s.step[r].factor;
            out->param[r] = s.step[r].param;
        }
    free(s.step);
    free(s.value);
    free(s.def_step);
    free(s.def_value);
    cux_preds_free(&s.preds);
}

bool cux_block_step_of(const cux_block_step *s, uint32_t reg, int64_t *scale,
                    uint8_t *factor, uint32_t *param)
{
    if (!s->known || !s->known[reg])
        return false;
    *scale = s->scale[reg];
    *factor = s->factor[reg];
    *param = s->param[reg];
    return true;
}

void cux_block_step_print(const cux_ptx_func *func, const cux_block_step *s,
                          cux_strbuf *out)
{
    static const char *const factor[] = {"", "*ntid.x", "*ntid.y", "*ntid.z"};
    for (uint32_t r = 0; r < func->n_regs; r++)
        if (s->known && s->known[r] && s->scale[r]) {
            cux_strbuf_printf(out, " %s(%lld%s", func->regs[r].name,
                              (long long)s->scale[r], factor[s->factor[r]]);
            if (s->param[r]) /* the loaded register names the parameter */
                cux_strbuf_printf(out, "*%s", func->regs[
                    func->operands[func->insns[s->param[r] - 1].first_operand]
                        .value].name);
            cux_strbuf_printf(out, ")");
        }
}

void cux_block_step_free(cux_block_step *s)
{
    free(s->known);
    free(s->scale);
    free(s->factor);
    free(s->param);
    memset(s, 0, sizeof *s);
}
