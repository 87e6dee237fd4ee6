/* verify.c: checks that a module's IR holds together: every index an
 * instruction, operand, label, variable or scope holds points inside its
 * array, scopes nest, and calls name functions.  The parser builds only
 * such modules; passes that rewrite the IR (inline.c) run the verifier
 * after them in debug builds, so a pass that breaks an index is caught at
 * the pass, not as a crash in a code generator much later. */
#include "ptx.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct {
    const cux_ptx_module *m;
    const cux_ptx_func *f;
    cux_diag *diag;
    bool ok;
} verifier;

static void fail(verifier *v, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(verifier *v, uint32_t line, const char *fmt, ...)
{
    if (!v->ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    char what[256];
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    cux_diag_report(v->diag, v->m->origin, line, 0,
                    "IR check failed in '%s': %s", v->f ? v->f->name : "",
                    what);
    v->ok = false;
}

static void check_operand(verifier *v, const cux_ptx_insn *insn,
                          const cux_ptx_operand *o)
{
    const cux_ptx_func *f = v->f;
    uint8_t base = o->kind == CUX_OPND_ADDR ? o->base_kind : o->kind;
    if (base == CUX_OPND_REG && o->value >= f->n_regs)
        fail(v, insn->line, "register %u of %u", o->value, f->n_regs);
    if (base == CUX_OPND_VAR && o->value >= v->m->n_vars)
        fail(v, insn->line, "variable %u of %u", o->value, v->m->n_vars);
    if (o->kind == CUX_OPND_FUNC && o->value >= v->m->n_funcs)
        fail(v, insn->line, "function %u of %u", o->value, v->m->n_funcs);
    if (o->kind == CUX_OPND_LABEL && o->value >= f->n_labels)
        fail(v, insn->line, "label %u of %u", o->value, f->n_labels);
    if ((o->kind == CUX_OPND_VEC || o->kind == CUX_OPND_LIST) &&
        (o->first > f->n_operands || o->count > f->n_operands - o->first))
        fail(v, insn->line, "operand list %u+%u of %u", o->first, o->count,
             f->n_operands);
}

static void check_insns(verifier *v)
{
    const cux_ptx_func *f = v->f;
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (insn->op >= CUX_OP_COUNT)
            fail(v, insn->line, "opcode %u", insn->op);
        if (insn->guard >= (int32_t)f->n_regs)
            fail(v, insn->line, "guard register %d of %u", insn->guard,
                 f->n_regs);
        if (insn->first_operand > f->n_operands ||
            insn->n_operands > f->n_operands - insn->first_operand) {
            fail(v, insn->line, "operands %u+%u of %u", insn->first_operand,
                 insn->n_operands, f->n_operands);
            continue;
        }
        for (uint32_t k = 0; k < insn->n_operands; k++)
            check_operand(v, insn, &f->operands[insn->first_operand + k]);
    }
}

static void check_scopes(verifier *v)
{
    const cux_ptx_func *f = v->f;
    if (!f->n_blocks || f->blocks[0].begin != 0 ||
        f->blocks[0].end != f->n_insns) {
        fail(v, f->line, "the body scope does not span the body");
        return;
    }
    for (uint32_t b = 1; b < f->n_blocks; b++) {
        const cux_ptx_block *s = &f->blocks[b];
        const cux_ptx_block *p = s->parent < f->n_blocks
                                     ? &f->blocks[s->parent] : NULL;
        if (!p || s->parent >= b || s->begin > s->end ||
            s->begin < p->begin || s->end > p->end)
            fail(v, f->line, "scope %u does not nest in scope %u", b,
                 s->parent);
    }
    for (uint32_t l = 0; l < f->n_labels; l++)
        if (f->labels[l].insn > f->n_insns || f->labels[l].block >= f->n_blocks)
            fail(v, f->line, "label '%s' is outside the body",
                 f->labels[l].name);
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (f->regs[r].block >= f->n_blocks)
            fail(v, f->line, "register '%s' in scope %u of %u",
                 f->regs[r].name, f->regs[r].block, f->n_blocks);
    for (uint32_t i = 0; i < f->n_locals; i++)
        if (f->locals[i] >= v->m->n_vars ||
            v->m->vars[f->locals[i]].block >= f->n_blocks)
            fail(v, f->line, "local variable %u is not in the body",
                 f->locals[i]);
}

bool cux_ptx_verify(const cux_ptx_module *m, cux_diag *diag)
{
    verifier v = {.m = m, .diag = diag, .ok = true};
    for (uint32_t f = 0; f < m->n_funcs && v.ok; f++) {
        v.f = &m->funcs[f];
        for (uint32_t i = 0; i < v.f->n_params + v.f->n_rets; i++) {
            uint32_t var = i < v.f->n_params ? v.f->params[i]
                                             : v.f->rets[i - v.f->n_params];
            if (var >= m->n_vars)
                fail(&v, v.f->line, "parameter variable %u of %u", var,
                     m->n_vars);
        }
        if (!v.f->has_body)
            continue;
        check_insns(&v);
        check_scopes(&v);
    }
    return v.ok;
}
