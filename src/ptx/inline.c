/* inline.c: copies every device function that reaches a block barrier
 * or a nanosleep (where a warp yields: cux_ptx_parks_warp) into the
 * kernels that call it, so a barrier only ever stands in a kernel's own
 * body.
 *
 * CUDA lets a non-inlined __device__ function call __syncthreads();
 * sorting and reduction libraries do.  A device that runs a block's warps
 * one after another parks a warp at a barrier and resumes it later, which
 * needs the warp's whole state at that point, call frames included.
 * Inlining keeps that state in one frame, so the barrier machinery stays
 * the kernel's alone; recursion through a barrier cannot be inlined and
 * is an error naming the function.
 *
 *     call (retval0), f, (param0);          @!%p bra $end;   (if guarded)
 *                                    ==>    ...f's body, its registers,
 *                                           labels and locals renamed,
 *                                           f's parameters read as param0,
 *                                           retval0 (a scalar argument
 *                                           as the value stored there);
 *                                           `ret` is `bra $end`
 *                                         $end:
 *
 * The copies' declarations join the scope that held the call, under
 * names made unique with a per-module serial number. */
#include "ptx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    cux_ptx_module *m;
    uint8_t *syncs;  /* per function: a block barrier, itself or below */
    uint32_t serial; /* tells inlined copies apart in names */
} inliner;

/* The function a direct call names, or -1. */
static int32_t direct_callee(const cux_ptx_func *f, const cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_CALL || insn->n_operands < 2)
        return -1;
    const cux_ptx_operand *target = &f->operands[insn->first_operand + 1];
    return target->kind == CUX_OPND_FUNC ? (int32_t)target->value : -1;
}

static bool calls_syncing(const inliner *in, const cux_ptx_func *f,
                          const cux_ptx_insn *insn)
{
    int32_t callee = direct_callee(f, insn);
    return callee >= 0 && in->syncs[callee] && in->m->funcs[callee].has_body;
}

static void mark_syncing(inliner *in)
{
    const cux_ptx_module *m = in->m;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t f = 0; f < m->n_funcs; f++) {
            const cux_ptx_func *func = &m->funcs[f];
            for (uint32_t i = 0; !in->syncs[f] && i < func->n_insns; i++)
                if (cux_ptx_parks_warp(&func->insns[i]) ||
                    calls_syncing(in, func, &func->insns[i]))
                    in->syncs[f] = changed = true;
        }
    }
}

/* Depth-first over calls between syncing functions: a cycle is a
 * recursion that no amount of inlining removes. */
static bool find_cycle(const inliner *in, uint32_t f, uint8_t *state,
                       cux_diag *diag)
{
    const cux_ptx_func *func = &in->m->funcs[f];
    state[f] = 1;
    for (uint32_t i = 0; i < func->n_insns; i++) {
        const cux_ptx_insn *insn = &func->insns[i];
        if (!calls_syncing(in, func, insn))
            continue;
        uint32_t callee = (uint32_t)direct_callee(func, insn);
        if (state[callee] == 1) {
            cux_diag_report(diag, in->m->origin, insn->line, insn->column,
                            "a block barrier or nanosleep inside the recursive "
                            "function "
                            "'%s' is not supported", in->m->funcs[callee].name);
            return true;
        }
        if (state[callee] == 0 && find_cycle(in, callee, state, diag))
            return true;
    }
    state[f] = 2;
    return false;
}

/* The innermost { } scope of f holding instruction `at`. */
static uint32_t scope_of(const cux_ptx_func *f, uint32_t at)
{
    uint32_t best = 0;
    for (uint32_t b = 1; b < f->n_blocks; b++)
        if (f->blocks[b].begin <= at && at < f->blocks[b].end &&
            f->blocks[b].begin >= f->blocks[best].begin)
            best = b;
    return best;
}

static void *grow(cux_ptx_module *m, const void *old, size_t old_bytes,
                  size_t new_bytes)
{
    void *p = cux_arena_alloc(&m->arena, new_bytes ? new_bytes : 1);
    if (old_bytes)
        memcpy(p, old, old_bytes);
    return p;
}

#define GROW(m, arr, n, extra) \
    ((arr) = grow((m), (arr), (size_t)(n) * sizeof *(arr), \
                  ((size_t)(n) + (extra)) * sizeof *(arr)))

static const char *renamed(inliner *in, const char *name)
{
    size_t n = strlen(name) + 24;
    char *s = cux_arena_alloc(&in->m->arena, n);
    snprintf(s, n, "%s_inl%u", name, in->serial);
    return s;
}

/* What one inlining adds to the caller, and where. */
typedef struct {
    uint32_t at;          /* the call's index in the caller */
    uint32_t scope;       /* the caller's scope holding the call */
    uint32_t reg_base, label_base, operand_base;
    uint32_t end_label;   /* the label after the copied body */
    uint32_t *var_map;    /* callee variable -> caller variable */
} site;

static uint32_t map_var(const site *s, uint32_t v)
{
    return s->var_map[v] != UINT32_MAX ? s->var_map[v] : v;
}

static cux_ptx_operand copy_operand(const site *s, cux_ptx_operand o)
{
    uint8_t base = o.kind == CUX_OPND_ADDR ? o.base_kind : o.kind;
    if (base == CUX_OPND_REG)
        o.value += s->reg_base;
    else if (base == CUX_OPND_VAR)
        o.value = map_var(s, o.value);
    if (o.kind == CUX_OPND_VEC || o.kind == CUX_OPND_LIST)
        o.first += s->operand_base;
    else if (o.kind == CUX_OPND_LABEL)
        o.value += s->label_base;
    return o;
}

/* Appends an operand naming `label`; returns its index. */
static uint32_t label_operand(cux_ptx_func *f, uint32_t label)
{
    f->operands[f->n_operands] = (cux_ptx_operand){
        .kind = CUX_OPND_LABEL, .value = label};
    return f->n_operands++;
}

static cux_ptx_insn branch_to_end(cux_ptx_func *f, const site *s,
                                  const cux_ptx_insn *from)
{
    cux_ptx_insn bra = {0};
    bra.op = CUX_OP_BRA;
    bra.guard = from->guard;
    bra.guard_negated = from->guard_negated;
    bra.n_operands = 1;
    bra.first_operand = label_operand(f, s->end_label);
    bra.line = from->line;
    bra.column = from->column;
    bra.loc_file = from->loc_file;
    bra.loc_line = from->loc_line;
    return bra;
}

static uint32_t count_returns(const cux_ptx_func *f)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->n_insns; i++)
        n += f->insns[i].op == CUX_OP_RET;
    return n;
}

/* The callee's parameters become the call's own .param variables. */
static void bind_parameters(cux_ptx_func *f, const cux_ptx_insn *call,
                            const cux_ptx_func *callee, site *s)
{
    const cux_ptx_operand *rets = &f->operands[call->first_operand];
    const cux_ptx_operand *args = call->n_operands > 2
        ? &f->operands[call->first_operand + 2] : NULL;
    for (uint32_t i = 0; i < callee->n_rets && i < rets->count; i++)
        s->var_map[callee->rets[i]] = f->operands[rets->first + i].value;
    for (uint32_t i = 0; args && i < callee->n_params && i < args->count; i++)
        s->var_map[callee->params[i]] = f->operands[args->first + i].value;
}

static void copy_var(inliner *in, cux_ptx_func *f, uint32_t caller,
                     uint32_t v, site *s)
{
    cux_ptx_module *m = in->m;
    cux_ptx_var copy = m->vars[v];
    copy.name = renamed(in, copy.name);
    copy.func = (int32_t)caller;
    copy.block = s->scope;
    s->var_map[v] = m->n_vars;
    f->locals[f->n_locals++] = m->n_vars;
    m->vars[m->n_vars++] = copy;
}

/* The callee's locals become the caller's; so do parameters the call
 * left without a variable of its own (a result it does not read). */
static void copy_locals(inliner *in, cux_ptx_func *f, uint32_t caller,
                        const cux_ptx_func *callee, site *s)
{
    cux_ptx_module *m = in->m;
    uint32_t most = callee->n_locals + callee->n_rets + callee->n_params;
    GROW(m, m->vars, m->n_vars, most);
    GROW(m, f->locals, f->n_locals, most);
    for (uint32_t i = 0; i < callee->n_locals; i++)
        copy_var(in, f, caller, callee->locals[i], s);
    for (uint32_t i = 0; i < callee->n_rets + callee->n_params; i++) {
        uint32_t v = i < callee->n_rets ? callee->rets[i]
                                        : callee->params[i - callee->n_rets];
        if (s->var_map[v] == UINT32_MAX)
            copy_var(in, f, caller, v, s);
    }
}

static void copy_regs_and_labels(inliner *in, cux_ptx_func *f,
                                 const cux_ptx_func *callee, site *s,
                                 uint32_t body_at)
{
    GROW(in->m, f->regs, f->n_regs, callee->n_regs);
    for (uint32_t r = 0; r < callee->n_regs; r++) {
        cux_ptx_reg reg = callee->regs[r];
        reg.name = renamed(in, reg.name);
        reg.block = s->scope;
        f->regs[f->n_regs++] = reg;
    }
    GROW(in->m, f->labels, f->n_labels, callee->n_labels + 1);
    for (uint32_t l = 0; l < callee->n_labels; l++) {
        cux_ptx_label label = callee->labels[l];
        label.name = renamed(in, label.name);
        label.insn += body_at;
        label.block = s->scope;
        f->labels[f->n_labels++] = label;
    }
    s->end_label = f->n_labels++;
    f->labels[s->end_label] = (cux_ptx_label){
        .name = renamed(in, "$inline_end"),
        .insn = body_at + callee->n_insns, .block = s->scope};
}

/* Everything of the caller after the call moves down by `delta`. */
static void shift_caller(cux_ptx_func *f, const site *s, uint32_t n_labels,
                         uint32_t delta)
{
    for (uint32_t l = 0; l < n_labels; l++)
        if (f->labels[l].insn > s->at)
            f->labels[l].insn += delta;
    for (uint32_t b = 0; b < f->n_blocks; b++) {
        if (f->blocks[b].begin > s->at)
            f->blocks[b].begin += delta;
        if (f->blocks[b].end > s->at)
            f->blocks[b].end += delta;
    }
}

/* Whether a jump may land on instruction `at` of f (its first n_labels
 * labels are the caller's own). */
static bool is_jump_target(const cux_ptx_func *f, uint32_t n_labels,
                           uint32_t at)
{
    for (uint32_t l = 0; l < n_labels; l++)
        if (f->labels[l].insn == at)
            return true;
    return false;
}

/* The operand the call's own st.param wrote into argument variable `var`
 * of the same size as `load` reads, or NULL: the stores right before the
 * call, with no label between them that another path could enter by. */
static const cux_ptx_operand *argument_value(const cux_ptx_func *f,
                                             const site *s, uint32_t var,
                                             const cux_ptx_insn *load)
{
    uint32_t call_at = s->at;
    for (uint32_t i = call_at; i-- > 0;) {
        const cux_ptx_insn *st = &f->insns[i];
        if (st->op != CUX_OP_ST || st->space != CUX_SPACE_PARAM ||
            is_jump_target(f, s->label_base, i + 1))
            return NULL;
        const cux_ptx_operand *addr = &f->operands[st->first_operand];
        if (addr->kind != CUX_OPND_ADDR || addr->base_kind != CUX_OPND_VAR ||
            addr->value != var)
            continue;
        const cux_ptx_operand *value = &f->operands[st->first_operand + 1];
        bool plain = st->guard < 0 && st->vec <= 1 && addr->imm == 0 &&
                     cux_ptx_type_size((cux_ptx_type)st->type) ==
                         cux_ptx_type_size((cux_ptx_type)load->type) &&
                     (value->kind == CUX_OPND_REG ||
                      value->kind == CUX_OPND_IMM_INT);
        return plain ? value : NULL;
    }
    return NULL;
}

/* A copied `ld.param %r, [arg]` of a scalar argument reads what the call
 * stored there just before: it becomes `mov %r, value`.  The analyses
 * then see through the call (a uniform or thread-index argument stays
 * one), and the value lives in a register, which barriers know how to
 * keep, rather than in a per-call parameter buffer. */
static void forward_argument(cux_ptx_func *f, const site *s,
                             const cux_ptx_insn *call, cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_LD || insn->space != CUX_SPACE_PARAM ||
        insn->vec > 1 || insn->n_operands != 2 || call->n_operands < 3)
        return;
    cux_ptx_operand *addr = &f->operands[insn->first_operand + 1];
    if (addr->kind != CUX_OPND_ADDR || addr->base_kind != CUX_OPND_VAR ||
        addr->imm != 0)
        return;
    const cux_ptx_operand *args = &f->operands[call->first_operand + 2];
    bool is_argument = false;
    for (uint32_t i = 0; i < args->count; i++)
        is_argument |= f->operands[args->first + i].value == addr->value;
    const cux_ptx_operand *value =
        is_argument ? argument_value(f, s, addr->value, insn) : NULL;
    if (!value)
        return;
    *addr = *value;
    insn->op = CUX_OP_MOV;
    insn->space = 0;
    insn->flags = 0;
    insn->sem = insn->scope = 0;
}

static void inline_call(inliner *in, uint32_t caller, uint32_t at)
{
    cux_ptx_module *m = in->m;
    cux_ptx_func *f = &m->funcs[caller];
    const cux_ptx_insn call = f->insns[at];
    const cux_ptx_func *callee = &m->funcs[direct_callee(f, &call)];
    uint32_t guarded = call.guard >= 0;
    uint32_t n_new = guarded + callee->n_insns;
    uint32_t n_caller_labels = f->n_labels;
    in->serial++;
    site s = {.at = at, .scope = scope_of(f, at), .reg_base = f->n_regs,
              .label_base = f->n_labels, .operand_base = f->n_operands};
    s.var_map = cux_xcalloc(m->n_vars + 1, sizeof *s.var_map);
    memset(s.var_map, 0xff, (m->n_vars + 1) * sizeof *s.var_map);
    bind_parameters(f, &call, callee, &s);
    copy_locals(in, f, caller, callee, &s);
    copy_regs_and_labels(in, f, callee, &s, at + guarded);

    GROW(m, f->operands, f->n_operands,
         callee->n_operands + count_returns(callee) + guarded);
    for (uint32_t o = 0; o < callee->n_operands; o++)
        f->operands[f->n_operands++] = copy_operand(&s, callee->operands[o]);

    cux_ptx_insn *insns = grow(m, f->insns, (size_t)at * sizeof *insns,
                               ((size_t)f->n_insns + n_new) * sizeof *insns);
    uint32_t w = at;
    if (guarded) {
        cux_ptx_insn skip = branch_to_end(f, &s, &call);
        skip.guard_negated = !call.guard_negated;
        insns[w++] = skip;
    }
    for (uint32_t i = 0; i < callee->n_insns; i++) {
        cux_ptx_insn insn = callee->insns[i];
        if (insn.guard >= 0)
            insn.guard += (int32_t)s.reg_base;
        insn.first_operand += s.operand_base;
        forward_argument(f, &s, &call, &insn);
        insns[w++] = insn.op == CUX_OP_RET ? branch_to_end(f, &s, &insn)
                                            : insn;
    }
    memcpy(insns + w, f->insns + at + 1,
           (size_t)(f->n_insns - at - 1) * sizeof *insns);
    shift_caller(f, &s, n_caller_labels, n_new - 1);
    f->insns = insns;
    f->n_insns += n_new - 1;
    free(s.var_map);
}

bool cux_ptx_inline_barrier_calls(cux_ptx_module *m, cux_diag *diag)
{
    inliner in = {.m = m, .syncs = cux_xcalloc(m->n_funcs + 1, 1)};
    uint8_t *state = cux_xcalloc(m->n_funcs + 1, 1);
    mark_syncing(&in);
    bool ok = true;
    for (uint32_t f = 0; ok && f < m->n_funcs; f++)
        if (in.syncs[f] && !state[f] && find_cycle(&in, f, state, diag))
            ok = false;
    for (uint32_t f = 0; ok && f < m->n_funcs; f++) {
        if (!m->funcs[f].is_entry)
            continue;
        /* The copied body may call further syncing functions: the scan
         * goes on through it, and ends since no call chain is a cycle. */
        for (uint32_t i = 0; i < m->funcs[f].n_insns;)
            if (calls_syncing(&in, &m->funcs[f], &m->funcs[f].insns[i]))
                inline_call(&in, f, i);
            else
                i++;
    }
    /* Every call to them is gone; their bodies are the kernels' now. */
    for (uint32_t f = 0; ok && f < m->n_funcs; f++)
        if (in.syncs[f] && !m->funcs[f].is_entry)
            m->funcs[f].has_body = 0;
    free(state);
    free(in.syncs);
    return ok;
}
