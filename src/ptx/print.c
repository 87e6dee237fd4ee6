/* print.c: the module back to PTX text.  The output reparses to the same
 * IR, so parse -> print -> parse -> print is a fixed point; the code
 * generator also uses cux_ptx_print_insn for comments. */
#include "parse.h"

#include <inttypes.h>
#include <string.h>

static void print_operand(const cux_ptx_module *m, const cux_ptx_func *f,
                          const cux_ptx_operand *op, cux_strbuf *out);

static void print_offset(int64_t imm, cux_strbuf *out)
{
    if (imm)
        cux_strbuf_printf(out, "+%" PRId64, imm);
}

static const char *reg_name(const cux_ptx_func *f, uint32_t index)
{
    return f && index < f->n_regs ? f->regs[index].name : "%?";
}

static const char *var_name(const cux_ptx_module *m, uint32_t index)
{
    return index < m->n_vars ? m->vars[index].name : "?";
}

static void print_group(const cux_ptx_module *m, const cux_ptx_func *f,
                        const cux_ptx_operand *op, const char *brackets,
                        cux_strbuf *out)
{
    cux_strbuf_append(out, brackets, 1);
    for (uint32_t i = 0; f && i < op->count; i++) {
        if (i)
            cux_strbuf_puts(out, ", ");
        print_operand(m, f, &f->operands[op->first + i], out);
    }
    cux_strbuf_append(out, brackets + 1, 1);
}

static void print_sreg(const cux_ptx_operand *op, cux_strbuf *out)
{
    if (op->value == CUX_SREG_ENVREG) {
        cux_strbuf_printf(out, "%%envreg%u", op->component);
        return;
    }
    if (op->value == CUX_SREG_RESERVED_SMEM_OFFSET) {
        cux_strbuf_printf(out, "%%reserved_smem_offset_%u", op->component);
        return;
    }
    cux_strbuf_puts(out, op->value < CUX_SREG_COUNT
                             ? cux_ptx_sreg_names[op->value] : "%?");
    if (op->value <= CUX_SREG_NCTAID)
        cux_strbuf_printf(out, ".%c", 'x' + (op->component % 3));
}

static void print_address(const cux_ptx_module *m, const cux_ptx_func *f,
                          const cux_ptx_operand *op, cux_strbuf *out)
{
    cux_strbuf_puts(out, "[");
    if (op->base_kind == CUX_OPND_REG) {
        cux_strbuf_puts(out, reg_name(f, op->value));
        print_offset(op->imm, out);
    } else if (op->base_kind == CUX_OPND_VAR) {
        cux_strbuf_puts(out, var_name(m, op->value));
        print_offset(op->imm, out);
    } else {
        cux_strbuf_printf(out, "%" PRId64, op->imm);
    }
    cux_strbuf_puts(out, "]");
}

static void print_operand(const cux_ptx_module *m, const cux_ptx_func *f,
                          const cux_ptx_operand *op, cux_strbuf *out)
{
    switch (op->kind) {
    case CUX_OPND_REG:
        cux_strbuf_printf(out, "%s%s", op->negate ? "!" : "",
                          reg_name(f, op->value));
        break;
    case CUX_OPND_SREG: print_sreg(op, out); break;
    case CUX_OPND_IMM_INT: cux_strbuf_printf(out, "%" PRId64, op->imm); break;
    case CUX_OPND_IMM_F32:
        cux_strbuf_printf(out, "0f%08" PRIX32, (uint32_t)op->imm);
        break;
    case CUX_OPND_IMM_F64:
        cux_strbuf_printf(out, "0d%016" PRIX64, (uint64_t)op->imm);
        break;
    case CUX_OPND_VAR:
        cux_strbuf_puts(out, var_name(m, op->value));
        print_offset(op->imm, out);
        break;
    case CUX_OPND_FUNC:
        cux_strbuf_puts(out, op->value < m->n_funcs ? m->funcs[op->value].name
                                                    : "?");
        break;
    case CUX_OPND_ADDR: print_address(m, f, op, out); break;
    case CUX_OPND_VEC: print_group(m, f, op, "{}", out); break;
    case CUX_OPND_LIST: print_group(m, f, op, "()", out); break;
    case CUX_OPND_LABEL:
        cux_strbuf_puts(out, f && op->value < f->n_labels
                                 ? f->labels[op->value].name : "?");
        break;
    default: cux_strbuf_puts(out, "_"); break;
    }
}

/* ---- instructions -------------------------------------------------------- */

static void mod(cux_strbuf *out, const char *name)
{
    if (name && name[0])
        cux_strbuf_printf(out, ".%s", name);
}

static void print_modes(const cux_ptx_insn *insn, cux_strbuf *out)
{
    bool bar = insn->op == CUX_OP_BAR || insn->op == CUX_OP_BARRIER;
    bool surface = insn->op == CUX_OP_SULD || insn->op == CUX_OP_SUST;
    bool after_types = insn->op == CUX_OP_PRMT ||
                       (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_SIMD);
    bool texture = insn->op == CUX_OP_TEX || insn->op == CUX_OP_TLD4;
    if (texture) /* tex.level.2d, tld4.r.2d */
        mod(out, cux_ptx_mode_names[insn->mode2 % CUX_MODE_COUNT]);
    if (insn->mode < CUX_MODE_COUNT && !after_types)
        mod(out, cux_ptx_mode_names[insn->mode]);
    if (insn->cmp < 19 && !after_types)
        mod(out, cux_ptx_cmp_names[insn->cmp]);
    if (insn->mode2 < CUX_MODE_COUNT && (bar || insn->mode2) && !surface &&
        !texture)
        mod(out, cux_ptx_mode_names[insn->mode2]);
    if (insn->rounding < 10)
        mod(out, cux_ptx_rounding_names[insn->rounding]);
}

/* Flags printed elsewhere: .to .volatile before the state space, .sync
 * before the mode (except match's), .approx .full first of the rest
 * (ptxas wants div.full.ftz, not div.ftz.full). */
static uint32_t placed_flags(const cux_ptx_insn *insn)
{
    uint32_t placed = CUX_PTX_F_TO | CUX_PTX_F_VOLATILE | CUX_PTX_F_APPROX |
                      CUX_PTX_F_FULL;
    if (insn->op == CUX_OP_SULD || insn->op == CUX_OP_SUST)
        placed |= CUX_PTX_F_CLAMP; /* after the types: sust.b.1d.b32.clamp */
    if (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_SIMD)
        placed |= CUX_PTX_F_SAT; /* after the types: vadd4.s32.s32.s32.sat */
    return insn->op == CUX_OP_MATCH ? placed : placed | CUX_PTX_F_SYNC;
}

static void print_flags(const cux_ptx_insn *insn, cux_strbuf *out)
{
    if (insn->flags & CUX_PTX_F_APPROX)
        mod(out, "approx");
    if (insn->flags & CUX_PTX_F_FULL)
        mod(out, "full");
    for (int bit = 0; bit < 18; bit++)
        if ((insn->flags & (1u << bit)) && !((1u << bit) & placed_flags(insn)))
            mod(out, cux_ptx_flag_names[bit]);
    bool wraps = insn->op == CUX_OP_SHF || insn->op == CUX_OP_BMSK ||
                 insn->op == CUX_OP_SZEXT;
    if (wraps && !(insn->flags & CUX_PTX_F_CLAMP))
        mod(out, "wrap");
    if (insn->flags & CUX_PTX_F_CACHE_HINT)
        mod(out, insn->op == CUX_OP_PREFETCH || insn->op == CUX_OP_PREFETCHU ||
                         insn->op == CUX_OP_DISCARD
                     ? "L2"
                 : insn->op == CUX_OP_APPLYPRIORITY ? "L2::evict_normal"
                 : insn->op == CUX_OP_CREATEPOLICY
                     ? (insn->mode == CUX_MODE_POLICY_CVT ? "L2"
                                                          : "L2::evict_last")
                     : "cg");
}

static const char *wmma_type(uint8_t type)
{
    return type == CUX_T_WMMA_TF32 ? "tf32" : cux_ptx_type_name(type);
}

/* wmma.load.a.sync.aligned.row.m16n16k16.global.f16, as the ISA orders
 * it; the mma's types: .dtype.ctype for f16, else all four. */
static void print_wmma(const cux_ptx_insn *insn, cux_strbuf *out)
{
    bool mma = insn->mode == CUX_MODE_MMA;
    cux_strbuf_puts(out, "wmma");
    mod(out, cux_ptx_mode_names[insn->mode % CUX_MODE_COUNT]);
    cux_strbuf_puts(out, ".sync.aligned");
    mod(out, insn->flags & CUX_PTX_F_COL ? "col" : "row");
    if (mma)
        mod(out, insn->flags & CUX_PTX_F_COL_B ? "col" : "row");
    mod(out, cux_ptx_mode_names[insn->mode2 % CUX_MODE_COUNT]);
    if (insn->space < CUX_SPACE_COUNT)
        mod(out, cux_ptx_space_names[insn->space]);
    mod(out, wmma_type(insn->type));
    if (mma && insn->type3 != CUX_T_F16) {
        mod(out, wmma_type(insn->type3));
        mod(out, wmma_type(insn->type3));
    }
    if (mma)
        mod(out, wmma_type(insn->type2));
    if (insn->flags & CUX_PTX_F_SAT)
        mod(out, "satfinite");
}

/* cp.async.cg.shared.global.L2::cache_hint, cp.async.wait_group,
 * mbarrier.try_wait.parity.acquire.cta.shared.b64 ...  The copy prints
 * .cg where it moves 16 bytes (.ca and .cg differ only in caching there)
 * and .ca otherwise, the two cache operators the parser keeps no note of. */
static void print_async(const cux_ptx_insn *insn, const cux_ptx_operand *ops,
                        cux_strbuf *out)
{
    cux_strbuf_puts(out, cux_ptx_opcode_names[insn->op]);
    mod(out, cux_ptx_mode_names[insn->mode % CUX_MODE_COUNT]);
    if (insn->mode == CUX_MODE_ASYNC_COPY)
        mod(out, insn->n_operands > 2 && ops[2].imm == 16 ? "cg" : "ca");
    if (insn->flags & CUX_PTX_F_NOINC)
        mod(out, "noinc");
    if (insn->flags & CUX_PTX_F_NO_COMPLETE)
        mod(out, "noComplete");
    if (insn->flags & CUX_PTX_F_PARITY)
        mod(out, "parity");
    if (insn->sem < 8)
        mod(out, cux_ptx_sem_names[insn->sem]);
    if (insn->scope < 5)
        mod(out, cux_ptx_scope_names[insn->scope]);
    if (insn->space < CUX_SPACE_COUNT)
        mod(out, cux_ptx_space_names[insn->space]);
    if (insn->mode == CUX_MODE_ASYNC_COPY)
        mod(out, "global");
    if (insn->flags & CUX_PTX_F_L2_POLICY)
        mod(out, "L2::cache_hint");
    if (insn->type)
        mod(out, cux_ptx_type_name(insn->type));
}

static void print_opcode(const cux_ptx_insn *insn, const cux_ptx_operand *ops,
                         cux_strbuf *out)
{
    if (insn->op == CUX_OP_WMMA) {
        print_wmma(insn, out);
        return;
    }
    if (insn->op == CUX_OP_CP || insn->op == CUX_OP_MBARRIER) {
        print_async(insn, ops, out);
        return;
    }
    cux_strbuf_puts(out, insn->op < CUX_OP_COUNT
                             ? cux_ptx_opcode_names[insn->op] : "?");
    if (insn->flags & CUX_PTX_F_VOLATILE)
        mod(out, "volatile");
    if (insn->sem < 8)
        mod(out, cux_ptx_sem_names[insn->sem]);
    if (insn->op == CUX_OP_MEMBAR && insn->scope == CUX_SCOPE_GPU)
        mod(out, "gl");
    else if (insn->scope < 5)
        mod(out, cux_ptx_scope_names[insn->scope]);
    if (insn->flags & CUX_PTX_F_TO)
        mod(out, "to");
    if (insn->op == CUX_OP_SULD || insn->op == CUX_OP_SUST)
        mod(out, insn->flags & CUX_PTX_F_SURF_P ? "p" : "b");
    if (insn->space < CUX_SPACE_COUNT)
        mod(out, cux_ptx_space_names[insn->space]);
    if ((insn->flags & CUX_PTX_F_SYNC) && insn->op != CUX_OP_MATCH)
        mod(out, "sync");
    print_modes(insn, out);
    print_flags(insn, out);
    if (insn->vec > 1)
        cux_strbuf_printf(out, ".v%u", insn->vec);
    bool set = insn->op == CUX_OP_SET;
    if (insn->flags & CUX_PTX_F_TF32)
        mod(out, "tf32");
    else if (insn->type)
        mod(out, cux_ptx_type_name(set ? insn->type2 : insn->type));
    if (insn->type2)
        mod(out, cux_ptx_type_name(set ? insn->type : insn->type2));
    bool video = (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_SIMD) != 0;
    if (insn->type3) /* vadd4.dtype.atype.btype */
        mod(out, cux_ptx_type_name(insn->type3));
    if (video && insn->cmp < 19) /* vset4.u32.u32.ge */
        mod(out, cux_ptx_cmp_names[insn->cmp]);
    if (video || insn->op == CUX_OP_PRMT)
        mod(out, cux_ptx_mode_names[insn->mode % CUX_MODE_COUNT]);
    if (video && (insn->flags & CUX_PTX_F_SAT))
        mod(out, "sat");
    if (insn->op == CUX_OP_SULD || insn->op == CUX_OP_SUST) {
        mod(out, cux_ptx_mode_names[insn->mode2 % CUX_MODE_COUNT]);
        if (insn->flags & CUX_PTX_F_CLAMP)
            mod(out, "clamp");
    }
}

static void print_call(const cux_ptx_module *m, const cux_ptx_func *f,
                       const cux_ptx_operand *ops, uint32_t n,
                       cux_strbuf *out)
{
    if (n >= 1 && ops[0].count) {
        print_operand(m, f, &ops[0], out);
        cux_strbuf_puts(out, ", ");
    }
    if (n >= 2)
        print_operand(m, f, &ops[1], out);
    if (n >= 3 && (ops[2].count || n >= 4)) {
        cux_strbuf_puts(out, ", ");
        print_operand(m, f, &ops[2], out);
    }
    if (n >= 4) {
        cux_strbuf_puts(out, ", ");
        print_operand(m, f, &ops[3], out);
    }
}

void cux_ptx_print_insn(const cux_ptx_module *module, const cux_ptx_func *func,
                        const cux_ptx_insn *insn, cux_strbuf *out)
{
    if (insn->guard >= 0)
        cux_strbuf_printf(out, "@%s%s ", insn->guard_negated ? "!" : "",
                          reg_name(func, (uint32_t)insn->guard));
    const cux_ptx_operand *ops = func->operands + insn->first_operand;
    print_opcode(insn, ops, out);
    if (insn->n_operands)
        cux_strbuf_puts(out, " ");
    if (insn->op == CUX_OP_CALL) {
        print_call(module, func, ops, insn->n_operands, out);
        return;
    }
    bool texture = insn->op == CUX_OP_TEX || insn->op == CUX_OP_TLD4 ||
                   insn->op == CUX_OP_SULD || insn->op == CUX_OP_SUST;
    for (uint32_t i = 0; i < insn->n_operands; i++) {
        if (i)
            cux_strbuf_puts(out, i == 1 && (insn->flags & CUX_PTX_F_PAIR)
                                     ? "|" : ", ");
        if (texture && ops[i].kind == CUX_OPND_ADDR &&
            i + 1 < insn->n_operands && ops[i + 1].kind == CUX_OPND_VEC) {
            print_address(module, func, &ops[i], out);
            out->len--; /* reopen the ']' for the coordinates */
            cux_strbuf_puts(out, ", ");
            print_operand(module, func, &ops[++i], out);
            cux_strbuf_puts(out, "]");
            continue;
        }
        print_operand(module, func, &ops[i], out);
    }
}

/* ---- declarations -------------------------------------------------------- */

static const char *const linkage_names[] = {"", "visible", "extern", "weak",
                                            "common"};

static void print_value(const cux_ptx_module *m, const cux_ptx_var *v,
                        uint64_t at, uint32_t esize, cux_strbuf *out)
{
    for (uint32_t r = 0; r < v->n_relocs; r++) {
        const cux_ptx_reloc *rel = &m->relocs[v->first_reloc + r];
        if (rel->offset != at)
            continue;
        const char *name = rel->target_is_func
                               ? m->funcs[rel->target].name
                               : m->vars[rel->target].name;
        cux_strbuf_printf(out, rel->generic ? "generic(%s)" : "%s", name);
        if (rel->addend)
            cux_strbuf_printf(out, "+%" PRId64, rel->addend);
        return;
    }
    uint64_t bits = 0;
    for (uint32_t i = 0; i < esize && i < 8; i++)
        bits |= (uint64_t)v->init[at + i] << (8 * i);
    if (v->type == CUX_T_F32)
        cux_strbuf_printf(out, "0f%08" PRIX64, bits);
    else if (v->type == CUX_T_F64)
        cux_strbuf_printf(out, "0d%016" PRIX64, bits);
    else
        cux_strbuf_printf(out, "%" PRIu64, bits);
}

/* Braces as ptxas wants them: none around a scalar, one pair around each
 * .vN element, one around an array (its dimensions already flattened). */
static void print_init(const cux_ptx_module *m, const cux_ptx_var *v,
                       cux_strbuf *out)
{
    uint32_t esize = cux_ptx_type_size((cux_ptx_type)v->type);
    uint64_t n = esize ? v->size / esize : 0;
    uint32_t vec = v->vec > 1 ? v->vec : 1;
    bool array = n > vec || v->unsized;
    cux_strbuf_puts(out, array ? " = {" : " = ");
    for (uint64_t i = 0; i < n; i++) {
        if (i)
            cux_strbuf_puts(out, i % 16 ? ", " : ",\n    ");
        if (vec > 1 && i % vec == 0)
            cux_strbuf_puts(out, "{");
        print_value(m, v, i * esize, esize, out);
        if (vec > 1 && i % vec == vec - 1)
            cux_strbuf_puts(out, "}");
    }
    if (array)
        cux_strbuf_puts(out, "}");
}

/* .align N .vK .type name[count] = init (no space, no ';') */
static void print_var_body(const cux_ptx_module *m, const cux_ptx_var *v,
                           cux_strbuf *out)
{
    if (v->texref) {
        cux_strbuf_printf(out, " .texref %s", v->name);
        return;
    }
    if (v->align)
        cux_strbuf_printf(out, " .align %u", v->align);
    if (v->vec > 1)
        cux_strbuf_printf(out, " .v%u", v->vec);
    cux_strbuf_printf(out, " .%s %s", cux_ptx_type_name(v->type), v->name);
    uint64_t elem = (uint64_t)cux_ptx_type_size((cux_ptx_type)v->type) *
                    (v->vec > 1 ? v->vec : 1);
    if (v->unsized)
        cux_strbuf_puts(out, "[]");
    else if (elem && v->size != elem)
        cux_strbuf_printf(out, "[%" PRIu64 "]", v->size / elem);
    if (v->init && v->size)
        print_init(m, v, out);
}

static void print_var(const cux_ptx_module *m, const cux_ptx_var *v,
                      const char *indent, cux_strbuf *out)
{
    cux_strbuf_puts(out, indent);
    if (v->linkage && v->linkage < 5)
        cux_strbuf_printf(out, ".%s ", linkage_names[v->linkage]);
    cux_strbuf_printf(out, ".%s", cux_ptx_space_names[v->space %
                                                       CUX_SPACE_COUNT]);
    if (v->managed)
        cux_strbuf_puts(out, " .attribute(.managed)");
    print_var_body(m, v, out);
    cux_strbuf_puts(out, ";\n");
}

static void print_params(const cux_ptx_module *m, const uint32_t *vars,
                         uint32_t n, cux_strbuf *out)
{
    cux_strbuf_puts(out, "(");
    for (uint32_t i = 0; i < n; i++) {
        cux_strbuf_puts(out, i ? ",\n    .param" : "\n    .param");
        print_var_body(m, &m->vars[vars[i]], out);
    }
    cux_strbuf_puts(out, n ? "\n)" : ")");
}

static void print_dims(const char *name, const uint32_t *d, cux_strbuf *out)
{
    if (d[0] || d[1] || d[2])
        cux_strbuf_printf(out, "\n%s %u, %u, %u", name, d[0], d[1], d[2]);
}

static void print_signature(const cux_ptx_module *m, const cux_ptx_func *f,
                            cux_strbuf *out)
{
    if (f->linkage && f->linkage < 5)
        cux_strbuf_printf(out, ".%s ", linkage_names[f->linkage]);
    cux_strbuf_puts(out, f->is_entry ? ".entry " : ".func ");
    if (!f->is_entry && f->n_rets) {
        print_params(m, f->rets, f->n_rets, out);
        cux_strbuf_puts(out, " ");
    }
    cux_strbuf_puts(out, f->name);
    print_params(m, f->params, f->n_params, out);
    if (f->noreturn)
        cux_strbuf_puts(out, " .noreturn");
}

/* Performance directives belong to the definition only: ptxas rejects
 * them on a declaration. */
static void print_tuning(const cux_ptx_func *f, cux_strbuf *out)
{
    print_dims(".maxntid", f->maxntid, out);
    print_dims(".reqntid", f->reqntid, out);
    if (f->minnctapersm)
        cux_strbuf_printf(out, "\n.minnctapersm %u", f->minnctapersm);
    if (f->maxnreg)
        cux_strbuf_printf(out, "\n.maxnreg %u", f->maxnreg);
}

/* ---- bodies -------------------------------------------------------------- */

typedef struct body_printer {
    const cux_ptx_module *m;
    const cux_ptx_func *f;
    cux_strbuf *out;
    uint32_t loc_file, loc_line;
    uint32_t done_at, done_block; /* the labels last printed */
} body_printer;

/* Length of the run %r0, %r1, ... starting at register `i`, or 0. */
static uint32_t reg_run(const cux_ptx_func *f, uint32_t i, size_t *prefix)
{
    const cux_ptx_reg *r = &f->regs[i];
    size_t len = strlen(r->name);
    if (len < 2 || r->name[len - 1] != '0' ||
        (r->name[len - 2] >= '0' && r->name[len - 2] <= '9'))
        return 0;
    *prefix = len - 1;
    uint32_t n = 1;
    char buf[64];
    while (i + n < f->n_regs && *prefix < 40) {
        const cux_ptx_reg *q = &f->regs[i + n];
        snprintf(buf, sizeof(buf), "%.*s%u", (int)*prefix, r->name, n);
        if (q->type != r->type || q->vec != r->vec || q->block != r->block ||
            strcmp(q->name, buf))
            break;
        n++;
    }
    return n;
}

static void print_reg_decls(body_printer *bp, uint32_t block,
                            const char *indent)
{
    const cux_ptx_func *f = bp->f;
    for (uint32_t i = 0; i < f->n_regs;) {
        const cux_ptx_reg *r = &f->regs[i];
        if (r->block != block) {
            i++;
            continue;
        }
        cux_strbuf_printf(bp->out, "%s.reg ", indent);
        if (r->vec > 1)
            cux_strbuf_printf(bp->out, ".v%u ", r->vec);
        size_t prefix;
        uint32_t run = reg_run(f, i, &prefix);
        if (run) {
            cux_strbuf_printf(bp->out, ".%s %.*s<%u>;\n",
                              cux_ptx_type_name(r->type), (int)prefix,
                              r->name, run);
            i += run;
        } else {
            cux_strbuf_printf(bp->out, ".%s %s;\n",
                              cux_ptx_type_name(r->type), r->name);
            i++;
        }
    }
}

static void print_decls(body_printer *bp, uint32_t block, const char *indent)
{
    print_reg_decls(bp, block, indent);
    for (uint32_t i = 0; i < bp->f->n_locals; i++) {
        const cux_ptx_var *v = &bp->m->vars[bp->f->locals[i]];
        if (v->block == block)
            print_var(bp->m, v, indent, bp->out);
    }
}

/* The labels of `block` before instruction `at`, once. */
static void print_labels_at(body_printer *bp, uint32_t at, uint32_t block)
{
    if (at == bp->done_at && block == bp->done_block)
        return;
    bp->done_at = at;
    bp->done_block = block;
    for (uint32_t i = 0; i < bp->f->n_labels; i++) {
        const cux_ptx_label *l = &bp->f->labels[i];
        if (l->insn != at || l->block != block)
            continue;
        if (l->proto)
            cux_strbuf_printf(bp->out, "%s: %s;\n", l->name, l->proto);
        else
            cux_strbuf_printf(bp->out, "%s:\n", l->name);
    }
}

static void print_one(body_printer *bp, uint32_t at, uint32_t block,
                      const char *indent)
{
    const cux_ptx_insn *insn = &bp->f->insns[at];
    print_labels_at(bp, at, block);
    if (insn->loc_file != bp->loc_file || insn->loc_line != bp->loc_line) {
        bp->loc_file = insn->loc_file;
        bp->loc_line = insn->loc_line;
        cux_strbuf_printf(bp->out, "%s.loc %u %u 0\n", indent, insn->loc_file,
                          insn->loc_line);
    }
    cux_strbuf_puts(bp->out, indent);
    cux_ptx_print_insn(bp->m, bp->f, insn, bp->out);
    cux_strbuf_puts(bp->out, ";\n");
}

static void print_block(body_printer *bp, uint32_t block, uint32_t depth)
{
    char indent[40];
    uint32_t width = depth * 2 + 2 < sizeof(indent) ? depth * 2 + 2
                                                     : sizeof(indent) - 1;
    memset(indent, ' ', width);
    indent[width] = '\0';
    const cux_ptx_block *b = &bp->f->blocks[block];
    if (block)
        cux_strbuf_printf(bp->out, "%.*s{\n", (int)width - 2, indent);
    print_decls(bp, block, indent);
    uint32_t at = b->begin;
    for (uint32_t c = block + 1; c < bp->f->n_blocks; c++) {
        const cux_ptx_block *child = &bp->f->blocks[c];
        if (child->parent != block || c == block)
            continue;
        for (; at < child->begin; at++)
            print_one(bp, at, block, indent);
        print_labels_at(bp, child->begin, block); /* before the '{' */
        print_block(bp, c, depth + 1);
        at = child->end;
    }
    for (; at < b->end; at++)
        print_one(bp, at, block, indent);
    print_labels_at(bp, b->end, block);
    if (block)
        cux_strbuf_printf(bp->out, "%.*s}\n", (int)width - 2, indent);
}

static void print_body(const cux_ptx_module *m, const cux_ptx_func *f,
                       cux_strbuf *out)
{
    body_printer bp = {m, f, out, 0, 0, UINT32_MAX, UINT32_MAX};
    print_signature(m, f, out);
    print_tuning(f, out);
    cux_strbuf_puts(out, "\n{\n");
    if (f->n_blocks)
        print_block(&bp, 0, 0);
    print_labels_at(&bp, f->n_insns, 0);
    cux_strbuf_puts(out, "}\n\n");
}

void cux_ptx_print(const cux_ptx_module *module, cux_strbuf *out)
{
    const cux_ptx_module *m = module;
    cux_strbuf_printf(out, ".version %u.%u\n", m->version_major,
                      m->version_minor);
    if (m->target && m->target[0])
        cux_strbuf_printf(out, ".target %s\n", m->target);
    if (m->address_size)
        cux_strbuf_printf(out, ".address_size %u\n", m->address_size);
    for (uint32_t i = 0; i < m->n_files; i++)
        cux_strbuf_printf(out, ".file %u \"%s\"\n", m->files[i].index,
                          m->files[i].name);
    cux_strbuf_puts(out, "\n");
    for (uint32_t i = 0; i < m->n_funcs; i++) {
        print_signature(m, &m->funcs[i], out);
        if (!m->funcs[i].has_body)
            print_tuning(&m->funcs[i], out);
        cux_strbuf_puts(out, ";\n\n");
    }
    for (uint32_t i = 0; i < m->n_vars; i++)
        if (m->vars[i].func < 0)
            print_var(m, &m->vars[i], "", out);
    cux_strbuf_puts(out, "\n");
    for (uint32_t i = 0; i < m->n_funcs; i++)
        if (m->funcs[i].has_body)
            print_body(m, &m->funcs[i], out);
}
