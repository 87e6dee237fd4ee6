/* parse_async.c: the sm_80 asynchronous copies and barriers, cp.async
 * (with commit_group, wait_group, wait_all and cp.async.mbarrier.arrive)
 * and mbarrier.  Their modifiers are collected first and the form is
 * checked once the operands are read, so that a malformed or unsupported
 * one (sm_90's bulk copies, transaction counts and clusters) fails the
 * load naming file, line and form instead of running wrongly. */
#include "parse.h"

#include <string.h>

enum { MAX_ARRIVALS = (1 << 20) - 1 }; /* an mbarrier's count limit */

static bool word(const cux_tok *t, const char *w)
{
    return cux_pis_word(t, w);
}

static void set_mode(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t,
                     int mode)
{
    if (insn->mode && insn->mode != mode)
        cux_pfail(p, t, "conflicting modifier '%.*s' on '%s'", (int)t->len,
                  t->text, cux_ptx_opcode_names[insn->op]);
    insn->mode = (uint8_t)mode;
}

/* Modifiers cp.async and mbarrier share: the barrier's or copy
 * destination's state space and the .b64 of the barrier word.  Clusters
 * (sm_90) have no meaning where a block is all there is. */
static bool common_modifier(cux_parser *p, cux_ptx_insn *insn,
                            const cux_tok *t)
{
    if (word(t, ".shared") || word(t, ".shared::cta"))
        insn->space = CUX_SPACE_SHARED;
    else if (word(t, ".shared::cluster") || word(t, ".cluster"))
        cux_pfail(p, t, "'%s' with '%.*s' is not supported (thread block "
                  "clusters are sm_90)", cux_ptx_opcode_names[insn->op],
                  (int)t->len, t->text);
    else if (word(t, ".b64"))
        insn->type = CUX_T_B64;
    else
        return false;
    return true;
}

static void cp_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    cux_pasync *a = &p->async;
    if (!a->async) {
        if (!word(t, ".async"))
            cux_pfail(p, t, "'cp%.*s' is not supported (cux runs cp.async)",
                      (int)t->len, t->text);
        a->async = true;
    } else if (word(t, ".bulk")) {
        cux_pfail(p, t, "cp.async.bulk (sm_90 bulk copies) is not supported");
    } else if (word(t, ".commit_group")) {
        set_mode(p, insn, t, CUX_MODE_COMMIT_GROUP);
    } else if (word(t, ".wait_group")) {
        set_mode(p, insn, t, CUX_MODE_WAIT_GROUP);
    } else if (word(t, ".wait_all")) {
        set_mode(p, insn, t, CUX_MODE_WAIT_ALL);
    } else if (word(t, ".mbarrier")) {
        a->mbarrier = true;
    } else if (word(t, ".arrive") && a->mbarrier) {
        set_mode(p, insn, t, CUX_MODE_ASYNC_ARRIVE);
    } else if (word(t, ".noinc")) {
        insn->flags |= CUX_PTX_F_NOINC;
    } else if (word(t, ".ca") || word(t, ".cg")) {
        if (a->cache && a->cache != t->text[2])
            cux_pfail(p, t, "conflicting modifier '%.*s' on 'cp'",
                      (int)t->len, t->text);
        a->cache = t->text[2];
    } else if (word(t, ".global")) {
        a->global = true;
    } else if (word(t, ".L2::cache_hint")) {
        insn->flags |= CUX_PTX_F_L2_POLICY;
    } else if (word(t, ".L2::64B") || word(t, ".L2::128B") ||
               word(t, ".L2::256B")) {
        /* a prefetch size: nothing to prefetch into on a CPU */
    } else if (!common_modifier(p, insn, t)) {
        cux_pfail(p, t, "unknown modifier '%.*s' on 'cp.async'", (int)t->len,
                  t->text);
    }
}

static void mbarrier_modifier(cux_parser *p, cux_ptx_insn *insn,
                              const cux_tok *t)
{
    static const struct { const char *name; int mode; } modes[] = {
        {".init", CUX_MODE_INIT}, {".inval", CUX_MODE_INVAL},
        {".arrive", CUX_MODE_ARRIVE}, {".arrive_drop", CUX_MODE_ARRIVE_DROP},
        {".test_wait", CUX_MODE_TEST_WAIT}, {".try_wait", CUX_MODE_TRY_WAIT},
        {".pending_count", CUX_MODE_PENDING_COUNT},
    };
    for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++)
        if (word(t, modes[i].name)) {
            set_mode(p, insn, t, modes[i].mode);
            return;
        }
    if (word(t, ".expect_tx") || word(t, ".complete_tx"))
        cux_pfail(p, t, "mbarrier%.*s (sm_90 transaction counts, for bulk "
                  "copies) is not supported", (int)t->len, t->text);
    else if (word(t, ".noComplete"))
        insn->flags |= CUX_PTX_F_NO_COMPLETE;
    else if (word(t, ".parity"))
        insn->flags |= CUX_PTX_F_PARITY;
    else if (word(t, ".release"))
        insn->sem = CUX_SEM_RELEASE;
    else if (word(t, ".acquire"))
        insn->sem = CUX_SEM_ACQUIRE;
    else if (word(t, ".relaxed"))
        insn->sem = CUX_SEM_RELAXED;
    else if (word(t, ".cta"))
        insn->scope = CUX_SCOPE_CTA;
    else if (!common_modifier(p, insn, t))
        cux_pfail(p, t, "unknown modifier '%.*s' on 'mbarrier'", (int)t->len,
                  t->text);
}

void cux_pasync_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    if (insn->op == CUX_OP_CP)
        cp_modifier(p, insn, t);
    else
        mbarrier_modifier(p, insn, t);
}

/* ---- operand checks ---------------------------------------------------- */

static const char *form_name(const cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_CP)
        return insn->mode == CUX_MODE_ASYNC_ARRIVE ? "cp.async.mbarrier.arrive"
             : insn->mode == CUX_MODE_COMMIT_GROUP ? "cp.async.commit_group"
             : insn->mode == CUX_MODE_WAIT_GROUP ? "cp.async.wait_group"
             : insn->mode == CUX_MODE_WAIT_ALL ? "cp.async.wait_all"
             : "cp.async";
    switch (insn->mode) {
    case CUX_MODE_INIT: return "mbarrier.init";
    case CUX_MODE_INVAL: return "mbarrier.inval";
    case CUX_MODE_ARRIVE: return "mbarrier.arrive";
    case CUX_MODE_ARRIVE_DROP: return "mbarrier.arrive_drop";
    case CUX_MODE_TEST_WAIT: return "mbarrier.test_wait";
    case CUX_MODE_TRY_WAIT: return "mbarrier.try_wait";
    case CUX_MODE_PENDING_COUNT: return "mbarrier.pending_count";
    default: return "mbarrier";
    }
}

static _Noreturn void fail(cux_parser *p, const cux_ptx_insn *insn,
                           const char *what)
{
    cux_tok at = {.line = insn->line, .column = insn->column};
    cux_pfail(p, &at, "%s: %s", form_name(insn), what);
}

static const cux_ptx_operand *opnd(const cux_parser *p, uint32_t i)
{
    return &p->tops.data[i];
}

static cux_ptx_type reg_type(const cux_parser *p, const cux_ptx_operand *op)
{
    return (cux_ptx_type)p->regs.data[op->value].type;
}

static bool is_reg(const cux_ptx_operand *op)
{
    return op->kind == CUX_OPND_REG && !op->negate;
}

/* A 32-bit integer: an immediate or a .b32/.u32/.s32 register. */
static bool is_value32(const cux_parser *p, const cux_ptx_operand *op)
{
    return op->kind == CUX_OPND_IMM_INT ||
           (is_reg(op) && cux_ptx_type_is_int(reg_type(p, op)) &&
            cux_ptx_type_size(reg_type(p, op)) == 4);
}

static bool is_reg64(const cux_parser *p, const cux_ptx_operand *op)
{
    return is_reg(op) && cux_ptx_type_is_int(reg_type(p, op)) &&
           cux_ptx_type_size(reg_type(p, op)) == 8;
}

static bool is_pred(const cux_parser *p, const cux_ptx_operand *op)
{
    return op->kind == CUX_OPND_REG && reg_type(p, op) == CUX_T_PRED;
}

static void want_address(cux_parser *p, const cux_ptx_insn *insn, uint32_t i)
{
    if (opnd(p, i)->kind != CUX_OPND_ADDR)
        fail(p, insn, i ? "expected an address like [%r1] after the "
                          "destination"
                        : "expected an address like [%r1] first");
}

static void want_count(cux_parser *p, const cux_ptx_insn *insn, uint32_t i)
{
    const cux_ptx_operand *op = opnd(p, i);
    if (!is_value32(p, op))
        fail(p, insn, "the count must be a 32-bit register or an integer");
    if (op->kind == CUX_OPND_IMM_INT &&
        (op->imm < 1 || op->imm > MAX_ARRIVALS))
        fail(p, insn, "the count must be from 1 to 2^20 - 1");
}

static void want_operands(cux_parser *p, const cux_ptx_insn *insn,
                          uint32_t min, uint32_t max, const char *form)
{
    uint32_t n = p->tops.len;
    if (n < min || n > max) {
        cux_tok at = {.line = insn->line, .column = insn->column};
        cux_pfail(p, &at, "%s: takes %s, found %u operand%s", form_name(insn),
                  form, n, n == 1 ? "" : "s");
    }
}

/* cp.async.ca|cg.shared.global [dst], [src], cp-size{, src-size |
 * ignore-src}{, cache-policy} */
static void check_copy(cux_parser *p, cux_ptx_insn *insn)
{
    const cux_pasync *a = &p->async;
    insn->mode = CUX_MODE_ASYNC_COPY;
    if (!a->cache || insn->space != CUX_SPACE_SHARED || !a->global ||
        insn->type || (insn->flags & CUX_PTX_F_NOINC))
        fail(p, insn, "expected cp.async.ca.shared.global or "
             "cp.async.cg.shared.global");
    uint32_t policy = (insn->flags & CUX_PTX_F_L2_POLICY) ? 1 : 0;
    want_operands(p, insn, 3 + policy, 4 + policy,
                  "[dst], [src], cp-size{, src-size or ignore-src}"
                  "{, cache-policy}");
    want_address(p, insn, 0);
    want_address(p, insn, 1);
    const cux_ptx_operand *size = opnd(p, 2);
    if (size->kind != CUX_OPND_IMM_INT ||
        (size->imm != 4 && size->imm != 8 && size->imm != 16))
        fail(p, insn, "cp-size must be 4, 8 or 16");
    if (a->cache == 'g' && size->imm != 16)
        fail(p, insn, ".cg copies 16 bytes only");
    if (p->tops.len == 4 + policy) {
        const cux_ptx_operand *src = opnd(p, 3);
        if (!is_value32(p, src) && !is_pred(p, src))
            fail(p, insn, "src-size must be a 32-bit register or an "
                 "integer, ignore-src a predicate");
        if (src->kind == CUX_OPND_IMM_INT &&
            (src->imm < 0 || src->imm > size->imm))
            fail(p, insn, "src-size must not exceed cp-size");
    }
    const cux_ptx_operand *last = opnd(p, p->tops.len - 1);
    if (policy && !is_reg64(p, last) && last->kind != CUX_OPND_IMM_INT)
        fail(p, insn, "the cache policy must be a 64-bit register");
}

static void check_cp(cux_parser *p, cux_ptx_insn *insn)
{
    const cux_pasync *a = &p->async;
    if (!insn->mode) {
        check_copy(p, insn);
        return;
    }
    if (a->cache || a->global || (insn->flags & CUX_PTX_F_L2_POLICY))
        fail(p, insn, "takes no cache operator or source state space");
    if ((insn->flags & CUX_PTX_F_NOINC) && insn->mode != CUX_MODE_ASYNC_ARRIVE)
        fail(p, insn, ".noinc belongs to cp.async.mbarrier.arrive");
    switch (insn->mode) {
    case CUX_MODE_ASYNC_ARRIVE:
        if (insn->type != CUX_T_B64)
            fail(p, insn, "needs .b64");
        want_operands(p, insn, 1, 1, "[mbarrier]");
        want_address(p, insn, 0);
        return;
    case CUX_MODE_WAIT_GROUP:
        want_operands(p, insn, 1, 1, "the number of groups left pending");
        if (opnd(p, 0)->kind != CUX_OPND_IMM_INT || opnd(p, 0)->imm < 0)
            fail(p, insn, "the number of groups must be an integer constant");
        break;
    default:
        want_operands(p, insn, 0, 0, "no operands");
    }
    if (insn->type || insn->space)
        fail(p, insn, "takes no type or state space");
}

/* The state an arrive returned, or with .parity the phase's parity. */
static void check_wait(cux_parser *p, cux_ptx_insn *insn)
{
    bool try_wait = insn->mode == CUX_MODE_TRY_WAIT;
    want_operands(p, insn, 3, try_wait ? 4 : 3,
                  try_wait ? "waitComplete, [addr], state or phaseParity{, "
                             "suspendTimeHint}"
                           : "waitComplete, [addr], state or phaseParity");
    if (!is_pred(p, opnd(p, 0)) || opnd(p, 0)->negate)
        fail(p, insn, "waitComplete must be a predicate register");
    want_address(p, insn, 1);
    if (insn->flags & CUX_PTX_F_PARITY ? !is_value32(p, opnd(p, 2))
                                       : !is_reg64(p, opnd(p, 2)))
        fail(p, insn, insn->flags & CUX_PTX_F_PARITY
             ? "phaseParity must be a 32-bit register or an integer"
             : "state must be a 64-bit register (an arrive's result)");
    if (p->tops.len == 4 && !is_value32(p, opnd(p, 3)))
        fail(p, insn, "suspendTimeHint must be a 32-bit register or an "
             "integer");
    if (insn->sem == CUX_SEM_RELEASE)
        fail(p, insn, "takes .acquire or .relaxed");
}

static void check_arrive(cux_parser *p, cux_ptx_insn *insn)
{
    bool count = (insn->flags & CUX_PTX_F_NO_COMPLETE) != 0;
    want_operands(p, insn, count ? 3 : 2, 3,
                  count ? "state, [addr], count" : "state, [addr]{, count}");
    const cux_ptx_operand *state = opnd(p, 0);
    if (state->kind != CUX_OPND_SINK && !is_reg64(p, state))
        fail(p, insn, "state must be a 64-bit register or _");
    want_address(p, insn, 1);
    if (p->tops.len == 3)
        want_count(p, insn, 2);
    if (insn->sem == CUX_SEM_ACQUIRE)
        fail(p, insn, "takes .release or .relaxed");
}

static void check_mbarrier(cux_parser *p, cux_ptx_insn *insn)
{
    if (!insn->mode)
        fail(p, insn, "needs one of .init .inval .arrive .arrive_drop "
             ".test_wait .try_wait .pending_count");
    if (insn->type != CUX_T_B64)
        fail(p, insn, "needs .b64");
    bool arrive = insn->mode == CUX_MODE_ARRIVE ||
                  insn->mode == CUX_MODE_ARRIVE_DROP;
    bool wait = insn->mode == CUX_MODE_TEST_WAIT ||
                insn->mode == CUX_MODE_TRY_WAIT;
    if ((insn->flags & CUX_PTX_F_NO_COMPLETE) && !arrive)
        fail(p, insn, ".noComplete belongs to arrive and arrive_drop");
    if ((insn->flags & CUX_PTX_F_PARITY) && !wait)
        fail(p, insn, ".parity belongs to test_wait and try_wait");
    if (!arrive && !wait && (insn->sem || insn->scope))
        fail(p, insn, "takes no memory order or scope");
    if (arrive) {
        check_arrive(p, insn);
    } else if (wait) {
        check_wait(p, insn);
    } else if (insn->mode == CUX_MODE_PENDING_COUNT) {
        want_operands(p, insn, 2, 2, "count, state");
        if (!is_reg(opnd(p, 0)) || !is_value32(p, opnd(p, 0)))
            fail(p, insn, "count must be a 32-bit register");
        if (!is_reg64(p, opnd(p, 1)))
            fail(p, insn, "state must be a 64-bit register (an arrive's "
                 "result)");
        if (insn->space)
            fail(p, insn, "takes no state space");
    } else {
        bool init = insn->mode == CUX_MODE_INIT;
        want_operands(p, insn, init ? 2 : 1, init ? 2 : 1,
                      init ? "[addr], count" : "[addr]");
        want_address(p, insn, 0);
        if (init)
            want_count(p, insn, 1);
    }
}

void cux_pasync_check(cux_parser *p, cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_CP)
        check_cp(p, insn);
    else
        check_mbarrier(p, insn);
}
