/* parse_wmma.c: the warp matrix instructions, wmma.load, wmma.store and
 * wmma.mma.  Their modifiers (operation, matrix, layouts, shape, types)
 * are collected first and checked together once the operands are read,
 * against the fragment sizes of wmma.c, so that a form cux does not run
 * is an error naming it rather than a wrong result. */
#include "parse.h"

#include <string.h>

static const char *const shapes[] = {"m16n16k16", "m32n8k16", "m8n32k16",
                                     "m16n16k8"};

static bool word(const cux_tok *t, const char *w)
{
    return cux_pis_word(t, w);
}

static int shape_of(const cux_tok *t)
{
    for (int i = 0; i < 4; i++)
        if (t->len - 1 == strlen(shapes[i]) &&
            !memcmp(t->text + 1, shapes[i], t->len - 1))
            return CUX_MODE_M16N16K16 + i;
    return -1;
}

static uint8_t type_of(const cux_tok *t)
{
    if (word(t, ".tf32"))
        return CUX_T_WMMA_TF32;
    cux_ptx_type type = cux_ptype_from(t->text, t->len);
    return type == CUX_T_F16 || type == CUX_T_F32 || type == CUX_T_S32 ||
           type == CUX_T_S8 || type == CUX_T_U8 || type == CUX_T_BF16
           ? (uint8_t)type : 0;
}

/* The forms of the PTX ISA that cux does not run, named as such. */
static bool unsupported_form(const cux_tok *t)
{
    static const char *const names[] = {".b1", ".s4", ".u4", ".f64",
                                        ".m8n8k128", ".m8n8k32", ".m8n8k4"};
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
        if (word(t, names[i]))
            return true;
    return false;
}

static void operation(cux_parser *p, const cux_tok *t, char op)
{
    if (p->wmma.op)
        cux_pfail(p, t, "wmma takes one of .load .store .mma");
    p->wmma.op = op;
}

void cux_pwmma_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    cux_pwmma *w = &p->wmma;
    int shape;
    uint8_t type;
    if (word(t, ".load") || word(t, ".store") || word(t, ".mma")) {
        operation(p, t, t->text[1] == 'm' ? 'm' : t->text[1]);
    } else if (t->len == 2 && t->text[1] >= 'a' && t->text[1] <= 'd' &&
               (w->op == 'l' || w->op == 's') && !w->matrix) {
        w->matrix = t->text[1];
    } else if (word(t, ".sync")) {
        insn->flags |= CUX_PTX_F_SYNC;
    } else if (word(t, ".aligned")) {
        insn->flags |= CUX_PTX_F_ALIGNED;
    } else if (word(t, ".row") || word(t, ".col")) {
        if (w->layouts == 2)
            cux_pfail(p, t, "too many layouts on 'wmma'");
        if (t->text[1] == 'c')
            insn->flags |= w->layouts ? CUX_PTX_F_COL_B : CUX_PTX_F_COL;
        w->layouts++;
    } else if ((shape = shape_of(t)) > 0) {
        if (insn->mode2)
            cux_pfail(p, t, "conflicting modifier '%.*s' on 'wmma'",
                      (int)t->len, t->text);
        insn->mode2 = (uint8_t)shape;
    } else if ((type = type_of(t)) != 0) {
        if (w->n_types == 4)
            cux_pfail(p, t, "too many types on 'wmma'");
        w->types[w->n_types++] = type;
    } else if (word(t, ".satfinite")) {
        insn->flags |= CUX_PTX_F_SAT;
    } else if (word(t, ".global") || word(t, ".shared") ||
               word(t, ".shared::cta")) {
        insn->space = t->text[1] == 'g' ? CUX_SPACE_GLOBAL : CUX_SPACE_SHARED;
    } else if (unsupported_form(t)) {
        cux_pfail(p, t, "wmma on '%.*s' is not supported (cux runs the "
                  "f16, bf16, tf32 and 8-bit integer forms)", (int)t->len,
                  t->text);
    } else {
        cux_pfail(p, t, "unknown modifier '%.*s' on 'wmma'", (int)t->len,
                  t->text);
    }
}

static _Noreturn void fail(cux_parser *p, const cux_ptx_insn *insn,
                           const char *what)
{
    cux_tok at = {.line = insn->line, .column = insn->column};
    cux_pfail(p, &at, "wmma: %s", what);
}

/* The operation and matrix into insn->mode, the types into its fields. */
static void decode(cux_parser *p, cux_ptx_insn *insn)
{
    const cux_pwmma *w = &p->wmma;
    static const uint8_t loads[] = {CUX_MODE_LOAD_A, CUX_MODE_LOAD_B,
                                    CUX_MODE_LOAD_C};
    if (w->op == 'l' && w->matrix >= 'a' && w->matrix <= 'c')
        insn->mode = loads[w->matrix - 'a'];
    else if (w->op == 's' && w->matrix == 'd')
        insn->mode = CUX_MODE_STORE_D;
    else if (w->op == 'm')
        insn->mode = CUX_MODE_MMA;
    else
        fail(p, insn, "expected .load.a, .load.b, .load.c, .store.d or .mma");
    if (!(insn->flags & CUX_PTX_F_SYNC) || !(insn->flags & CUX_PTX_F_ALIGNED))
        fail(p, insn, "needs .sync.aligned");
    if (!insn->mode2)
        fail(p, insn, "needs a shape (.m16n16k16, .m32n8k16, .m8n32k16 or "
             ".m16n16k8)");
    bool mma = insn->mode == CUX_MODE_MMA;
    if (w->layouts != (mma ? 2 : 1))
        fail(p, insn, mma ? "mma needs two layouts (.row or .col each)"
                          : "needs a layout (.row or .col)");
    if (mma && insn->space)
        fail(p, insn, "mma takes no state space");
    if (!mma && (insn->flags & CUX_PTX_F_SAT))
        fail(p, insn, ".satfinite belongs to mma only");
    if (!mma && w->n_types != 1)
        fail(p, insn, "load and store take one type");
    if (!mma) {
        insn->type = w->types[0];
    } else if (w->n_types == 2) { /* .dtype.ctype, f16 multiplicands */
        insn->type = w->types[0];
        insn->type2 = w->types[1];
        insn->type3 = CUX_T_F16;
    } else if (w->n_types == 4 && w->types[1] == w->types[2] &&
               w->types[1] != CUX_T_F16) { /* .dtype.atype.btype.ctype */
        insn->type = w->types[0];
        insn->type3 = w->types[1];
        insn->type2 = w->types[3];
    } else {
        fail(p, insn, "mma takes .dtype.ctype (f16) or "
             ".dtype.atype.btype.ctype with .atype equal to .btype");
    }
}

/* Multiplicand and accumulator types that go together in an mma. */
static bool mma_types_agree(const cux_ptx_insn *insn)
{
    uint8_t a = insn->type3, c = insn->type2, d = insn->type;
    if (a == CUX_T_F16)
        return true; /* f16 or f32 either side */
    if (a == CUX_T_S8 || a == CUX_T_U8)
        return c == CUX_T_S32 && d == CUX_T_S32;
    return c == CUX_T_F32 && d == CUX_T_F32;
}

/* Operand i: a vector of exactly frag.regs 32-bit registers. */
static void check_fragment(cux_parser *p, const cux_ptx_insn *insn,
                           uint32_t i, char which)
{
    cux_ptx_wmma_frag f = cux_ptx_wmma_fragment(insn, which);
    const cux_ptx_operand *op = &p->tops.data[i];
    if (!f.regs) {
        cux_tok at = {.line = insn->line, .column = insn->column};
        cux_pfail(p, &at, "wmma: this shape and type has no matrix %c "
                  "(f16/bf16/s8/u8 multiply m16n16k16, m32n8k16, "
                  "m8n32k16; tf32 m16n16k8)", which);
    }
    if (op->kind != CUX_OPND_VEC || op->count != f.regs) {
        cux_tok at = {.line = insn->line, .column = insn->column};
        cux_pfail(p, &at, "wmma: operand %u must be a vector of %u "
                  "registers (matrix %c)", i + 1, f.regs, which);
    }
    for (uint32_t e = 0; e < op->count; e++) {
        const cux_ptx_operand *el = &p->elems.data[op->first + e];
        if (el->kind != CUX_OPND_REG ||
            cux_ptx_type_size(p->regs.data[el->value].type) != 4)
            fail(p, insn, "fragment elements must be 32-bit registers");
    }
}

/* [address] and the optional stride (a register or an integer). */
static void check_memory(cux_parser *p, const cux_ptx_insn *insn,
                         uint32_t at)
{
    const cux_ptx_operand *ops = p->tops.data;
    uint32_t n = p->tops.len;
    if (ops[at].kind != CUX_OPND_ADDR)
        fail(p, insn, "expected an address like [%rd1]");
    if (n == 3 && ops[2].kind != CUX_OPND_IMM_INT &&
        !(ops[2].kind == CUX_OPND_REG && !ops[2].negate &&
          cux_ptx_type_size(p->regs.data[ops[2].value].type) == 4))
        fail(p, insn, "the stride must be a 32-bit register or an integer");
}

void cux_pwmma_check(cux_parser *p, cux_ptx_insn *insn)
{
    decode(p, insn);
    uint32_t n = p->tops.len;
    switch (insn->mode) {
    case CUX_MODE_MMA:
        if (n != 4)
            fail(p, insn, "mma takes four operands {d}, {a}, {b}, {c}");
        if (!mma_types_agree(insn))
            fail(p, insn, "mma: these multiplicand and accumulator types do "
                 "not go together");
        check_fragment(p, insn, 0, 'd');
        check_fragment(p, insn, 1, 'a');
        check_fragment(p, insn, 2, 'b');
        check_fragment(p, insn, 3, 'c');
        break;
    case CUX_MODE_STORE_D:
        if (n != 2 && n != 3)
            fail(p, insn, "store takes [address], {d}[, stride]");
        check_memory(p, insn, 0);
        check_fragment(p, insn, 1, 'd');
        break;
    default:
        if (n != 2 && n != 3)
            fail(p, insn, "load takes {fragment}, [address][, stride]");
        check_memory(p, insn, 1);
        check_fragment(p, insn, 0, "abc"[insn->mode - CUX_MODE_LOAD_A]);
    }
}
