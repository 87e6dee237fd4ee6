/* parse_insn.c: one PTX instruction: guard, opcode, the dot modifiers
 * into cux_ptx_insn fields, and the operands in every form of ptx.h. */
#include "parse.h"

#include <string.h>

enum { MAX_OPERANDS = 255 };

uint32_t cux_plabel_ref(cux_parser *p, const cux_tok *name)
{
    uint32_t index;
    /* a label of a closed { } block is out of scope: the name is new */
    if (cux_strmap_get(&p->labelmap, name->text, name->len, &index) &&
        !p->label_info.data[index].hidden)
        return index;
    cux_ptx_label label = {
        .name = cux_arena_strndup(&p->m->arena, name->text, name->len),
        .insn = UINT32_MAX};
    cux_plabel info = {.line = name->line, .column = name->column};
    CUX_PUSH(p->labels, label);
    CUX_PUSH(p->label_info, info);
    index = p->labels.len - 1;
    cux_strmap_put(&p->labelmap, label.name, name->len, index);
    return index;
}

static int find_name(const char *const *names, int count, const char *text,
                     uint32_t len)
{
    for (int i = 0; i < count; i++)
        if (names[i][0] && strlen(names[i]) == len &&
            !memcmp(names[i], text, len))
            return i;
    return -1;
}

/* ---- modifiers ----------------------------------------------------------- */

static const char *op_name(const cux_ptx_insn *insn)
{
    return cux_ptx_opcode_names[insn->op];
}

static void set_field(cux_parser *p, const cux_tok *at,
                      const cux_ptx_insn *insn, uint8_t *field, int value)
{
    if (*field && *field != value)
        cux_pfail(p, at, "conflicting modifier '%.*s' on '%s'", (int)at->len,
                  at->text, op_name(insn));
    *field = (uint8_t)value;
}

static bool is_op(const cux_ptx_insn *insn, int a, int b, int c, int d)
{
    return insn->op == a || insn->op == b || insn->op == c || insn->op == d;
}

static bool is_simd_video(const cux_ptx_insn *insn)
{
    return (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_SIMD) != 0;
}

static bool is_texture(const cux_ptx_insn *insn)
{
    return is_op(insn, CUX_OP_TEX, CUX_OP_TLD4, CUX_OP_SULD, CUX_OP_SUST);
}

/* The modes each opcode accepts, by name; -1 if `name` is none of them. */
static int mode_for(const cux_ptx_insn *insn, const char *name, uint32_t len)
{
    int mode = find_name(cux_ptx_mode_names, CUX_MODE_COUNT, name, len);
    if (mode < 0)
        return -1;
    if (is_op(insn, CUX_OP_ATOM, CUX_OP_RED, CUX_OP_REDUX, -1))
        return mode >= CUX_MODE_ADD && mode <= CUX_MODE_CAS ? mode : -1;
    if (is_op(insn, CUX_OP_MUL, CUX_OP_MAD, CUX_OP_MUL24, CUX_OP_MAD24) ||
        insn->op == CUX_OP_MADC)
        return mode >= CUX_MODE_LO && mode <= CUX_MODE_WIDE ? mode : -1;
    if (is_texture(insn))
        return mode >= CUX_MODE_1D && mode <= CUX_MODE_A2DMS ? mode : -1;
    if (insn->op == CUX_OP_DP2A)
        return mode == CUX_MODE_LO || mode == CUX_MODE_HI ? mode : -1;
    if (is_simd_video(insn)) /* the secondary accumulate; no .min/.max */
        return mode == CUX_MODE_ADD ? mode : -1;
    if (insn->op == CUX_OP_VOTE)
        return mode >= CUX_MODE_ALL && mode <= CUX_MODE_BALLOT ? mode : -1;
    if (insn->op == CUX_OP_MATCH)
        return mode == CUX_MODE_ALL || mode == CUX_MODE_ANY ? mode : -1;
    if (insn->op == CUX_OP_SHFL)
        return mode >= CUX_MODE_UP && mode <= CUX_MODE_IDX ? mode : -1;
    if (insn->op == CUX_OP_SHF)
        return mode == CUX_MODE_L || mode == CUX_MODE_R ? mode : -1;
    if (insn->op == CUX_OP_PRMT)
        return mode >= CUX_MODE_F4E && mode <= CUX_MODE_RC16 ? mode : -1;
    if (insn->op == CUX_OP_TESTP)
        return mode >= CUX_MODE_FINITE && mode <= CUX_MODE_SUBNORMAL ? mode
                                                                      : -1;
    if (insn->op == CUX_OP_CREATEPOLICY)
        return mode >= CUX_MODE_FRACTIONAL && mode <= CUX_MODE_POLICY_CVT
                   ? mode : -1;
    return -1;
}

/* bar / barrier: .sync .arrive .red (.popc .and .or) .warp.sync, and
 * cux's own .cux_grid.sync, the grid barrier that cux's
 * cooperative_groups.h lowers grid_group::sync() to (no PTX form exists:
 * nvcc's is a spin loop on a driver workspace, which cannot work where a
 * worker runs one block after another). */
static bool bar_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    const char *s = t->text + 1;
    uint32_t n = t->len - 1;
    int mode = find_name(cux_ptx_mode_names, CUX_MODE_COUNT, s, n);
    if (n == 4 && !memcmp(s, "warp", 4)) {
        set_field(p, t, insn, &insn->mode, CUX_MODE_WARP_SYNC);
    } else if (n == 8 && !memcmp(s, "cux_grid", 8)) {
        set_field(p, t, insn, &insn->mode, CUX_MODE_CUX_GRID);
    } else if (mode == CUX_MODE_SYNC) {
        if (insn->mode != CUX_MODE_WARP_SYNC &&
            insn->mode != CUX_MODE_CUX_GRID)
            set_field(p, t, insn, &insn->mode, CUX_MODE_SYNC);
    } else if (mode == CUX_MODE_ARRIVE || mode == CUX_MODE_RED) {
        set_field(p, t, insn, &insn->mode, mode);
    } else if (mode == CUX_MODE_POPC || mode == CUX_MODE_AND ||
               mode == CUX_MODE_OR) {
        set_field(p, t, insn, &insn->mode2, mode);
    } else {
        return false;
    }
    return true;
}

static bool is_cache_hint(const cux_tok *t)
{
    static const char *const hints[] = {"ca", "cg", "cs", "lu", "cv", "wb",
                                        "wt", "L1", "L2"};
    if (t->len > 4 && t->text[1] == 'L' && memchr(t->text, ':', t->len))
        return true;
    return find_name(hints, 9, t->text + 1, t->len - 1) >= 0;
}

static bool flag_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    int bit = find_name(cux_ptx_flag_names, 18, t->text + 1, t->len - 1);
    if (bit < 0) {
        if (!is_cache_hint(t))
            return false;
        insn->flags |= CUX_PTX_F_CACHE_HINT;
        return true;
    }
    (void)p;
    insn->flags |= 1u << bit;
    return true;
}

static bool typed_modifier(cux_parser *p, cux_ptx_insn *insn,
                           const cux_tok *t)
{
    cux_ptx_type type = cux_ptype_from(t->text, t->len);
    if (type == CUX_T_NONE)
        return false;
    if (!insn->type)
        insn->type = (uint8_t)type;
    else if (!insn->type2)
        insn->type2 = (uint8_t)type;
    else if (is_simd_video(insn) && !insn->type3) /* .dtype.atype.btype */
        insn->type3 = (uint8_t)type;
    else
        cux_pfail(p, t, "too many types on '%s'", op_name(insn));
    return true;
}

static bool space_modifier(cux_parser *p, cux_ptx_insn *insn,
                           const cux_tok *t)
{
    int space = find_name(cux_ptx_space_names, CUX_SPACE_COUNT, t->text + 1,
                          t->len - 1);
    if (cux_pis_word(t, ".shared::cta"))
        space = CUX_SPACE_SHARED;
    if (space < 0 || space == CUX_SPACE_REG || space == CUX_SPACE_SREG)
        return false;
    set_field(p, t, insn, &insn->space, space);
    return true;
}

/* suld/sust .trap .zero, tex .level .grad, tld4 .r .g .b .a */
static int texture_mode2(const cux_ptx_insn *insn, const char *s, uint32_t n)
{
    int v = find_name(cux_ptx_mode_names, CUX_MODE_COUNT, s, n);
    if (is_op(insn, CUX_OP_SULD, CUX_OP_SUST, -1, -1))
        return v == CUX_MODE_TRAP || v == CUX_MODE_ZERO ? v : -1;
    if (insn->op == CUX_OP_TEX)
        return v == CUX_MODE_LEVEL || v == CUX_MODE_GRAD ? v : -1;
    if (insn->op == CUX_OP_TLD4)
        return v == CUX_MODE_R || (v >= CUX_MODE_G && v <= CUX_MODE_A) ? v
                                                                   : -1;
    return -1;
}

static bool misc_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    const char *s = t->text + 1;
    uint32_t n = t->len - 1;
    int v;
    if (cux_pis_word(t, ".v2") || cux_pis_word(t, ".v4") ||
        cux_pis_word(t, ".v8"))
        set_field(p, t, insn, &insn->vec, s[1] - '0');
    else if ((v = find_name(cux_ptx_rounding_names, 10, s, n)) > 0)
        set_field(p, t, insn, &insn->rounding, v);
    else if (insn->op == CUX_OP_MEMBAR && cux_pis_word(t, ".gl"))
        set_field(p, t, insn, &insn->scope, CUX_SCOPE_GPU);
    else if ((v = find_name(cux_ptx_scope_names, 5, s, n)) > 0)
        set_field(p, t, insn, &insn->scope, v);
    else if ((v = find_name(cux_ptx_sem_names, 8, s, n)) > 0)
        set_field(p, t, insn, &insn->sem, v);
    else if (is_op(insn, CUX_OP_SHF, CUX_OP_BMSK, CUX_OP_SZEXT, -1) &&
             cux_pis_word(t, ".wrap"))
        ; /* the default: no clamp */
    else if (is_op(insn, CUX_OP_SULD, CUX_OP_SUST, -1, -1) &&
             cux_psurface_modifier(p, insn, t))
        ; /* .b or .p */
    else if ((v = texture_mode2(insn, s, n)) > 0)
        set_field(p, t, insn, &insn->mode2, v);
    else
        return false;
    return true;
}

static void modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t)
{
    const char *s = t->text + 1;
    uint32_t n = t->len - 1;
    int v;
    bool compares = is_op(insn, CUX_OP_SETP, CUX_OP_SET, CUX_OP_SLCT, -1) ||
                    is_op(insn, CUX_OP_VSET2, CUX_OP_VSET4, -1, -1);
    if (insn->op == CUX_OP_WMMA) {
        cux_pwmma_modifier(p, insn, t);
        return;
    }
    if (insn->op == CUX_OP_CP || insn->op == CUX_OP_MBARRIER) {
        cux_pasync_modifier(p, insn, t);
        return;
    }
    if (insn->op == CUX_OP_CVT && !insn->type && cux_pis_word(t, ".tf32")) {
        /* __float_to_tf32 in nvcc's mma.h: cvt.rna.tf32.f32 */
        insn->type = CUX_T_WMMA_TF32;
        insn->flags |= CUX_PTX_F_TF32;
        return;
    }
    if (typed_modifier(p, insn, t) || space_modifier(p, insn, t))
        return;
    if (compares && (v = find_name(cux_ptx_cmp_names, 19, s, n)) > 0) {
        set_field(p, t, insn, &insn->cmp, v);
    } else if (compares && (v = find_name(cux_ptx_mode_names, CUX_MODE_COUNT,
                                          s, n)) >= CUX_MODE_AND &&
               v <= CUX_MODE_XOR) {
        set_field(p, t, insn, &insn->mode2, v);
    } else if (is_op(insn, CUX_OP_BAR, CUX_OP_BARRIER, -1, -1) &&
               bar_modifier(p, insn, t)) {
    } else if ((v = mode_for(insn, s, n)) > 0) {
        set_field(p, t, insn, &insn->mode, v);
    } else if (!misc_modifier(p, insn, t) && !flag_modifier(p, insn, t)) {
        cux_pfail(p, t, "unknown modifier '%.*s' on '%s'", (int)t->len,
                  t->text, op_name(insn));
    }
}

static void modifiers(cux_parser *p, cux_ptx_insn *insn)
{
    while (p->tok.kind == CUX_TK_DIR && !p->tok.space_before) {
        cux_tok t = p->tok;
        modifier(p, insn, &t);
        cux_pnext(p);
    }
    if (insn->op == CUX_OP_SET) {
        uint8_t dtype = insn->type;
        insn->type = insn->type2;
        insn->type2 = dtype;
    }
}

/* ---- operands ------------------------------------------------------------ */

static bool special_register(const cux_tok *t, cux_ptx_operand *op)
{
    uint32_t base = t->len;
    const char *dot = memchr(t->text, '.', t->len);
    if (dot)
        base = (uint32_t)(dot - t->text);
    op->kind = CUX_OPND_SREG;
    if (!dot && base > 7 && !memcmp(t->text, "%envreg", 7)) {
        uint32_t n = 0;
        for (uint32_t i = 7; i < base; i++) {
            if (t->text[i] < '0' || t->text[i] > '9' || base - 7 > 2)
                return false;
            n = n * 10 + (uint32_t)(t->text[i] - '0');
        }
        op->value = CUX_SREG_ENVREG;
        op->component = (uint8_t)n;
        return n < 32;
    }
    static const char reserved[] = "%reserved_smem_offset_";
    const uint32_t n_reserved = sizeof reserved - 1;
    if (!dot && base == n_reserved + 1 &&
        !memcmp(t->text, reserved, n_reserved) &&
        (t->text[n_reserved] == '0' || t->text[n_reserved] == '1')) {
        op->value = CUX_SREG_RESERVED_SMEM_OFFSET;
        op->component = (uint8_t)(t->text[n_reserved] - '0');
        return true;
    }
    int sreg = find_name(cux_ptx_sreg_names, CUX_SREG_COUNT, t->text, base);
    if (sreg < 0 || sreg == CUX_SREG_ENVREG ||
        sreg == CUX_SREG_RESERVED_SMEM_OFFSET)
        return false;
    op->value = (uint32_t)sreg;
    bool xyz = sreg <= CUX_SREG_NCTAID;
    if (!xyz)
        return !dot;
    if (!dot || t->len - base != 2 || dot[1] < 'x' || dot[1] > 'z')
        return false;
    op->component = (uint8_t)(dot[1] - 'x');
    return true;
}

static int64_t signed_int(cux_parser *p)
{
    bool neg = cux_pis(p, '-');
    if (neg)
        cux_pnext(p);
    if (p->tok.kind != CUX_TK_INT)
        cux_pfail(p, &p->tok, "expected an integer offset");
    uint64_t v = p->tok.ival;
    cux_pnext(p);
    return (int64_t)(neg ? (uint64_t)0 - v : v);
}

/* "+ 4", "+-4", "- 4" after an address base or symbol; 0 if none. */
static int64_t offset_suffix(cux_parser *p)
{
    if (cux_pis(p, '+')) {
        cux_pnext(p);
        return signed_int(p);
    }
    if (cux_pis(p, '-'))
        return signed_int(p);
    return 0;
}

/* %r1.h0, %r2.b3210: the video instructions' byte and half-word
 * selectors, which cux does not implement; else an unknown name. */
static _Noreturn void undeclared_register(cux_parser *p, const cux_tok *t)
{
    const char *dot = memchr(t->text, '.', t->len);
    uint32_t index, base = dot ? (uint32_t)(dot - t->text) : 0;
    bool is_var;
    if (dot && cux_plookup_local(p, t->text, base, &index, &is_var) && !is_var)
        cux_pfail(p, t, "operand selector '%.*s' on '%.*s' is not supported "
                  "(video instruction byte/half-word selectors and masks)",
                  (int)(t->len - base), dot, (int)base, t->text);
    cux_pfail(p, t, "undeclared register '%.*s'", (int)t->len, t->text);
}

static void name_operand(cux_parser *p, const cux_tok *t, bool want_label,
                         cux_ptx_operand *op)
{
    uint32_t index;
    bool is_var, is_func;
    if (want_label && t->text[0] != '%') {
        op->kind = CUX_OPND_LABEL;
        op->value = cux_plabel_ref(p, t);
    } else if (cux_plookup_local(p, t->text, t->len, &index, &is_var)) {
        op->kind = is_var ? CUX_OPND_VAR : CUX_OPND_REG;
        op->value = index;
    } else if (t->text[0] == '%') {
        if (!special_register(t, op))
            undeclared_register(p, t);
    } else if (cux_plookup_global(p, t->text, t->len, &index, &is_func)) {
        op->kind = is_func ? CUX_OPND_FUNC : CUX_OPND_VAR;
        op->value = index;
    } else if (t->len == 7 && !memcmp(t->text, "WARP_SZ", 7)) {
        /* PTX's one predefined constant (nvcc writes it for the warp
         * size, e.g. in warp-index arithmetic); always 32 on cux. */
        op->kind = CUX_OPND_IMM_INT;
        op->imm = 32;
    } else {
        cux_pfail(p, t, "undeclared identifier '%.*s'", (int)t->len,
                  t->text);
    }
}

static void group_operand(cux_parser *p, const cux_ptx_insn *insn,
                          cux_ptx_operand *op, char close);

static cux_ptx_operand operand(cux_parser *p, const cux_ptx_insn *insn,
                               bool want_label);

/* [handle, {coords}]: the coordinates wait in p->coords for
 * plain_operands to push after the address.  A 1d surface access may
 * name its one coordinate without braces: it is kept as {x}. */
static void texture_coords(cux_parser *p, const cux_ptx_insn *insn)
{
    cux_pnext(p);
    bool surface = is_op(insn, CUX_OP_SULD, CUX_OP_SUST, -1, -1);
    if (!is_texture(insn) || (!cux_pis(p, '{') && !surface))
        cux_pfail(p, &p->tok, "expected ']' but found ','");
    p->coords = (cux_ptx_operand){0};
    if (cux_pis(p, '{')) {
        group_operand(p, insn, &p->coords, '}');
    } else {
        cux_ptx_operand x = operand(p, insn, false);
        p->coords = (cux_ptx_operand){.kind = CUX_OPND_VEC,
                                      .first = p->elems.len, .count = 1};
        CUX_PUSH(p->elems, x);
    }
    p->has_coords = true;
}

static void address_operand(cux_parser *p, const cux_ptx_insn *insn,
                            cux_ptx_operand *op)
{
    cux_pnext(p);
    op->kind = CUX_OPND_ADDR;
    cux_tok base = p->tok;
    if (base.kind == CUX_TK_IDENT) {
        cux_pnext(p);
        cux_ptx_operand b = {0};
        name_operand(p, &base, false, &b);
        if (b.kind != CUX_OPND_REG && b.kind != CUX_OPND_VAR)
            cux_pfail(p, &base, "'%.*s' cannot be an address base",
                      (int)base.len, base.text);
        op->base_kind = b.kind;
        op->value = b.value;
        op->imm = offset_suffix(p);
        if (cux_pis(p, ','))
            texture_coords(p, insn);
    } else {
        op->base_kind = CUX_OPND_IMM_INT;
        op->imm = signed_int(p);
        op->imm += offset_suffix(p);
    }
    cux_pexpect(p, ']');
}

static void number_operand(cux_parser *p, const cux_ptx_insn *insn,
                           cux_ptx_operand *op)
{
    bool neg = cux_pis(p, '-');
    if (neg)
        cux_pnext(p);
    cux_tok t = p->tok;
    uint64_t sign = 0;
    if (t.kind == CUX_TK_INT) {
        op->kind = CUX_OPND_IMM_INT;
        op->imm = (int64_t)(neg ? (uint64_t)0 - t.ival : t.ival);
    } else if (t.kind == CUX_TK_F32) {
        op->kind = CUX_OPND_IMM_F32;
        sign = neg ? 0x80000000u : 0;
        op->imm = (int64_t)(t.ival ^ sign);
    } else if (t.kind == CUX_TK_F64) {
        op->kind = CUX_OPND_IMM_F64;
        sign = neg ? 1ull << 63 : 0;
        op->imm = (int64_t)(t.ival ^ sign);
    } else if (t.kind == CUX_TK_FLOAT) {
        double d = neg ? -t.fval : t.fval;
        if (insn->type == CUX_T_F32) {
            float f = (float)d;
            uint32_t bits;
            memcpy(&bits, &f, 4);
            op->kind = CUX_OPND_IMM_F32;
            op->imm = bits;
        } else {
            op->kind = CUX_OPND_IMM_F64;
            memcpy(&op->imm, &d, 8);
        }
    } else {
        cux_pfail(p, &t, "expected an operand but found '%.*s'",
                  (int)(t.len < 32 ? t.len : 32), t.text);
    }
    cux_pnext(p);
}

/* {a, b} or (a, b): the elements go to p->elems. */
static void group_operand(cux_parser *p, const cux_ptx_insn *insn,
                          cux_ptx_operand *op, char close)
{
    cux_pnext(p);
    op->kind = close == '}' ? CUX_OPND_VEC : CUX_OPND_LIST;
    op->first = p->elems.len;
    while (!cux_pis(p, close)) {
        cux_tok at = p->tok;
        if (cux_pis(p, '{') || cux_pis(p, '(') || cux_pis(p, '['))
            cux_pfail(p, &at, "nested operand groups are not allowed");
        cux_ptx_operand e = operand(p, insn, false);
        CUX_PUSH(p->elems, e);
        if (p->elems.len - op->first > MAX_OPERANDS)
            cux_pfail(p, &at, "too many elements");
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
    op->count = p->elems.len - op->first;
    cux_pexpect(p, close);
}

static cux_ptx_operand operand(cux_parser *p, const cux_ptx_insn *insn,
                               bool want_label)
{
    cux_ptx_operand op = {0};
    cux_tok t = p->tok;
    if (cux_pis(p, '{') || cux_pis(p, '(')) {
        group_operand(p, insn, &op, cux_pis(p, '{') ? '}' : ')');
    } else if (cux_pis(p, '[')) {
        address_operand(p, insn, &op);
    } else if (cux_pis(p, '!')) {
        cux_pnext(p);
        t = p->tok;
        if (t.kind != CUX_TK_IDENT)
            cux_pfail(p, &t, "expected a predicate after '!'");
        cux_pnext(p);
        name_operand(p, &t, false, &op);
        if (op.kind != CUX_OPND_REG)
            cux_pfail(p, &t, "only a register can be negated");
        op.negate = 1;
    } else if (t.kind == CUX_TK_IDENT) {
        cux_pnext(p);
        if (t.len == 1 && t.text[0] == '_') {
            op.kind = CUX_OPND_SINK;
            return op;
        }
        name_operand(p, &t, want_label, &op);
        if (op.kind == CUX_OPND_VAR && (cux_pis(p, '+') || cux_pis(p, '-')))
            op.imm = offset_suffix(p);
    } else {
        number_operand(p, insn, &op);
    }
    return op;
}

/* ---- instructions -------------------------------------------------------- */

static void push_top(cux_parser *p, const cux_ptx_operand *op)
{
    if (p->tops.len >= MAX_OPERANDS)
        cux_pfail(p, &p->tok, "too many operands");
    CUX_PUSH(p->tops, *op);
}

/* call[.uni] [(rets),] target [, (args)] [, prototype] */
static void call_operands(cux_parser *p, const cux_ptx_insn *insn)
{
    cux_ptx_operand rets = {.kind = CUX_OPND_LIST};
    cux_ptx_operand args = {.kind = CUX_OPND_LIST};
    if (cux_pis(p, '(')) {
        rets = operand(p, insn, false);
        cux_pexpect(p, ',');
    }
    cux_tok at = p->tok;
    cux_ptx_operand target = operand(p, insn, false);
    if (target.kind != CUX_OPND_FUNC && target.kind != CUX_OPND_REG)
        cux_pfail(p, &at, "call target must be a function or a register");
    bool proto = false;
    cux_ptx_operand label = {0};
    if (cux_pis(p, ',')) {
        cux_pnext(p);
        if (cux_pis(p, '('))
            args = operand(p, insn, false);
        else
            proto = true;
        if (!proto && cux_pis(p, ',')) {
            cux_pnext(p);
            proto = true;
        }
        if (proto)
            label = operand(p, insn, true);
        if (proto && label.kind != CUX_OPND_LABEL)
            cux_pfail(p, &p->tok, "expected a call prototype label");
    }
    push_top(p, &rets);
    push_top(p, &target);
    push_top(p, &args);
    if (proto)
        push_top(p, &label);
}

static void plain_operands(cux_parser *p, cux_ptx_insn *insn)
{
    bool label = insn->op == CUX_OP_BRA;
    if (cux_pis(p, ';'))
        return;
    for (;;) {
        p->has_coords = false;
        cux_ptx_operand op = operand(p, insn, label);
        push_top(p, &op);
        if (p->has_coords)
            push_top(p, &p->coords);
        if (p->tops.len == 1 && cux_pis(p, '|')) {
            cux_pnext(p);
            op = operand(p, insn, false);
            push_top(p, &op);
            insn->flags |= CUX_PTX_F_PAIR;
        }
        if (!cux_pis(p, ','))
            break;
        cux_pnext(p);
    }
}

static void commit(cux_parser *p, cux_ptx_insn *insn)
{
    uint32_t base = p->operands.len, elems = base + p->tops.len;
    insn->first_operand = base;
    insn->n_operands = (uint8_t)p->tops.len;
    for (uint32_t i = 0; i < p->tops.len; i++) {
        cux_ptx_operand op = p->tops.data[i];
        if (op.kind == CUX_OPND_VEC || op.kind == CUX_OPND_LIST)
            op.first += elems;
        CUX_PUSH(p->operands, op);
    }
    for (uint32_t i = 0; i < p->elems.len; i++)
        CUX_PUSH(p->operands, p->elems.data[i]);
    CUX_PUSH(p->insns, *insn);
}

static void guard(cux_parser *p, cux_ptx_insn *insn)
{
    cux_pnext(p);
    if (cux_pis(p, '!')) {
        insn->guard_negated = 1;
        cux_pnext(p);
    }
    cux_tok t = p->tok;
    uint32_t index;
    bool is_var;
    if (t.kind != CUX_TK_IDENT ||
        !cux_plookup_local(p, t.text, t.len, &index, &is_var) || is_var)
        cux_pfail(p, &t, "expected a predicate register after '@' but "
                  "found '%.*s'", (int)(t.len < 32 ? t.len : 32), t.text);
    if (p->regs.data[index].type != CUX_T_PRED)
        cux_pfail(p, &t, "guard '%.*s' is not a .pred register",
                  (int)t.len, t.text);
    insn->guard = (int32_t)index;
    cux_pnext(p);
}

/* ---- operand checks ---------------------------------------------------- */

/* How many operands an opcode takes, where that is fixed; *max == 0 if it
 * is not checked here (calls, vectors of lanes, optional masks). */
static uint32_t arity(const cux_ptx_insn *insn, uint32_t *max)
{
    static const uint8_t n[CUX_OP_COUNT] = {
        [CUX_OP_ABS] = 2, [CUX_OP_NEG] = 2, [CUX_OP_NOT] = 2,
        [CUX_OP_CNOT] = 2, [CUX_OP_POPC] = 2, [CUX_OP_CLZ] = 2,
        [CUX_OP_BREV] = 2, [CUX_OP_BFIND] = 2, [CUX_OP_SQRT] = 2,
        [CUX_OP_RSQRT] = 2, [CUX_OP_RCP] = 2, [CUX_OP_SIN] = 2,
        [CUX_OP_COS] = 2, [CUX_OP_EX2] = 2, [CUX_OP_LG2] = 2,
        [CUX_OP_TANH] = 2, [CUX_OP_TESTP] = 2, [CUX_OP_ISSPACEP] = 2,
        [CUX_OP_CVTA] = 2, [CUX_OP_MOV] = 2, [CUX_OP_LD] = 2,
        [CUX_OP_LDU] = 2, [CUX_OP_ST] = 2, [CUX_OP_RED] = 2,
        [CUX_OP_ADD] = 3, [CUX_OP_SUB] = 3, [CUX_OP_MUL] = 3,
        [CUX_OP_DIV] = 3, [CUX_OP_REM] = 3, [CUX_OP_AND] = 3,
        [CUX_OP_OR] = 3, [CUX_OP_XOR] = 3, [CUX_OP_SHL] = 3,
        [CUX_OP_SHR] = 3, [CUX_OP_ADDC] = 3, [CUX_OP_SUBC] = 3,
        [CUX_OP_COPYSIGN] = 3, [CUX_OP_MUL24] = 3, [CUX_OP_MAD] = 4,
        [CUX_OP_FMA] = 4, [CUX_OP_MADC] = 4, [CUX_OP_MAD24] = 4,
        [CUX_OP_SELP] = 4, [CUX_OP_SLCT] = 4, [CUX_OP_BFE] = 4,
        [CUX_OP_SAD] = 4, [CUX_OP_SHF] = 4, [CUX_OP_PRMT] = 4,
        [CUX_OP_DP4A] = 4, [CUX_OP_DP2A] = 4, [CUX_OP_BFI] = 5,
        [CUX_OP_VABSDIFF2] = 4, [CUX_OP_VABSDIFF4] = 4, [CUX_OP_VADD2] = 4,
        [CUX_OP_VADD4] = 4, [CUX_OP_VSUB2] = 4, [CUX_OP_VSUB4] = 4,
        [CUX_OP_VAVRG2] = 4, [CUX_OP_VAVRG4] = 4, [CUX_OP_VMIN2] = 4,
        [CUX_OP_VMIN4] = 4, [CUX_OP_VMAX2] = 4, [CUX_OP_VMAX4] = 4,
        [CUX_OP_VSET2] = 4, [CUX_OP_VSET4] = 4,
        [CUX_OP_LOP3] = 5, [CUX_OP_FNS] = 4, [CUX_OP_BMSK] = 3,
        [CUX_OP_SZEXT] = 3, [CUX_OP_CVT] = 2, [CUX_OP_SETP] = 3,
        [CUX_OP_SET] = 3, [CUX_OP_ATOM] = 3, [CUX_OP_BRA] = 1,
        [CUX_OP_PREFETCH] = 1, [CUX_OP_PREFETCHU] = 1,
        [CUX_OP_DISCARD] = 2, [CUX_OP_APPLYPRIORITY] = 2,
        [CUX_OP_CREATEPOLICY] = 1,
    };
    uint32_t min = n[insn->op];
    *max = min;
    if (!min)
        return 0;
    if (insn->op == CUX_OP_CVT)
        *max = 3; /* cvt.rn.f16x2.f32 d, a, b */
    if (insn->op == CUX_OP_CREATEPOLICY) /* .range: d, [a], primary, total */
        *max = insn->mode == CUX_MODE_RANGE ? 4 : 2;
    if (is_op(insn, CUX_OP_SETP, CUX_OP_SET, CUX_OP_ATOM, -1))
        *max = min + 1; /* the combining predicate; cas's new value */
    if (is_op(insn, CUX_OP_LD, CUX_OP_LDU, CUX_OP_ST, CUX_OP_RED) ||
        insn->op == CUX_OP_ATOM || insn->op == CUX_OP_PREFETCH)
        *max += 1; /* .L2::cache_hint's policy */
    if (insn->flags & CUX_PTX_F_PAIR) {
        min++;
        (*max)++;
    }
    return min;
}

static void check_fail(cux_parser *p, const cux_ptx_insn *insn,
                       uint32_t i, const char *what)
{
    cux_tok at = {.line = insn->line, .column = insn->column};
    cux_pfail(p, &at, "operand %u of '%s' must be %s", i + 1,
              op_name(insn), what);
}

static bool is_dest(const cux_ptx_operand *op)
{
    return (op->kind == CUX_OPND_REG && !op->negate) ||
           op->kind == CUX_OPND_VEC || op->kind == CUX_OPND_SINK;
}

/* The address operand where memory instructions have one, nowhere else. */
static void check_addresses(cux_parser *p, const cux_ptx_insn *insn,
                            const cux_ptx_operand *ops, uint32_t n)
{
    int at = -1;
    if (is_op(insn, CUX_OP_LD, CUX_OP_LDU, CUX_OP_ATOM, -1))
        at = 1;
    else if (is_op(insn, CUX_OP_ST, CUX_OP_RED, CUX_OP_PREFETCH,
                   CUX_OP_PREFETCHU) ||
             is_op(insn, CUX_OP_DISCARD, CUX_OP_APPLYPRIORITY, -1, -1))
        at = 0;
    else if (insn->op == CUX_OP_CREATEPOLICY && insn->mode == CUX_MODE_RANGE)
        at = 1;
    for (uint32_t i = 0; i < n; i++) {
        bool addr = ops[i].kind == CUX_OPND_ADDR;
        if ((int)i == at && !addr)
            check_fail(p, insn, i, "an address like [%rd1]");
        if ((int)i != at && addr &&
            !(cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_MEM))
            check_fail(p, insn, i, "a value, not an address");
    }
}

static bool is_video_type(uint8_t type)
{
    return type == CUX_T_U32 || type == CUX_T_S32;
}

/* The SIMD video forms (vadd4, vset2, ...): every type .u32 or .s32, an
 * integer comparison on vset, and .sat only where the result is merged,
 * not accumulated (.add), as the PTX ISA defines them. */
static void check_simd_video(cux_parser *p, const cux_ptx_insn *insn)
{
    cux_tok at = {.line = insn->line, .column = insn->column};
    bool vset = is_op(insn, CUX_OP_VSET2, CUX_OP_VSET4, -1, -1);
    bool typed = is_video_type(insn->type) && is_video_type(insn->type2) &&
                 (vset ? !insn->type3 : is_video_type(insn->type3));
    if (!typed)
        cux_pfail(p, &at, "'%s' takes %s, each .u32 or .s32", op_name(insn),
                  vset ? ".atype.btype" : ".dtype.atype.btype");
    if (vset && (insn->cmp < CUX_CMP_EQ || insn->cmp > CUX_CMP_GE))
        cux_pfail(p, &at, "'%s' needs one of .eq .ne .lt .le .gt .ge",
                  op_name(insn));
    if (vset && (insn->mode2 || (insn->flags & CUX_PTX_F_SAT)))
        cux_pfail(p, &at, "'%s' takes no .sat or boolean combine",
                  op_name(insn));
    if (insn->mode && (insn->flags & CUX_PTX_F_SAT))
        cux_pfail(p, &at, "'%s' cannot saturate an accumulated (.add) "
                  "result", op_name(insn));
}

/* sm_80's L2 hints: discard and applypriority act on one 128-byte line
 * (the only size PTX defines); createpolicy writes a .b64 policy in one
 * of its forms, .range with an address and two sizes, .cvt from one
 * value, .fractional with an optional fraction. */
static void check_l2_hint(cux_parser *p, const cux_ptx_insn *insn,
                          const cux_ptx_operand *ops, uint32_t n)
{
    cux_tok at = {.line = insn->line, .column = insn->column};
    if (insn->op != CUX_OP_CREATEPOLICY) {
        if (n == 2 && (ops[1].kind != CUX_OPND_IMM_INT || ops[1].imm != 128))
            check_fail(p, insn, 1, "128, the one size PTX defines");
        return;
    }
    if (!insn->mode)
        cux_pfail(p, &at, "'createpolicy' needs .fractional, .range or .cvt");
    else if (insn->type != CUX_T_B64)
        cux_pfail(p, &at, "'createpolicy' writes a .b64 policy");
    else if ((insn->mode == CUX_MODE_RANGE && n != 4) ||
             (insn->mode == CUX_MODE_POLICY_CVT && n != 2))
        cux_pfail(p, &at, "'createpolicy.%s' takes %u operands, found %u",
                  cux_ptx_mode_names[insn->mode],
                  insn->mode == CUX_MODE_RANGE ? 4u : 2u, n);
}

static void check_operands(cux_parser *p, cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_WMMA) {
        cux_pwmma_check(p, insn);
        return;
    }
    if (insn->op == CUX_OP_CP || insn->op == CUX_OP_MBARRIER) {
        cux_pasync_check(p, insn);
        return;
    }
    const cux_ptx_operand *ops = p->tops.data;
    uint32_t n = p->tops.len, max, min = arity(insn, &max);
    if (max && (n < min || n > max)) {
        cux_tok at = {.line = insn->line, .column = insn->column};
        cux_pfail(p, &at, "'%s' takes %u operands, found %u", op_name(insn),
                  min, n);
    }
    check_addresses(p, insn, ops, n);
    if (is_op(insn, CUX_OP_SULD, CUX_OP_SUST, -1, -1))
        cux_psurface_check(p, insn, ops, n);
    if (is_simd_video(insn))
        check_simd_video(p, insn);
    if (is_op(insn, CUX_OP_DISCARD, CUX_OP_APPLYPRIORITY, CUX_OP_CREATEPOLICY,
              -1))
        check_l2_hint(p, insn, ops, n);
    bool has_dest = !(cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_NODST);
    if (has_dest && n && !is_dest(&ops[0]))
        check_fail(p, insn, 0, "a register to write");
    if (insn->op == CUX_OP_BRA && ops[0].kind != CUX_OPND_LABEL)
        check_fail(p, insn, 0, "a label");
    for (uint32_t i = 0; i < n; i++)
        if (ops[i].negate && p->regs.data[ops[i].value].type != CUX_T_PRED)
            check_fail(p, insn, i, "a predicate to negate");
}

/* vadd, vshl, vmad, ...: PTX's scalar video instructions, which cux
 * names in its error rather than calling them unknown. */
static bool is_scalar_video(const cux_tok *t)
{
    static const char *const names[] = {"vadd", "vsub", "vabsdiff", "vmin",
                                        "vmax", "vshl", "vshr", "vmad",
                                        "vset"};
    return t->kind == CUX_TK_IDENT && find_name(names, 9, t->text, t->len) >= 0;
}

static int opcode_of(const cux_tok *t)
{
    if (t->kind != CUX_TK_IDENT)
        return -1;
    for (int op = 0; op < CUX_OP_COUNT; op++)
        if (strlen(cux_ptx_opcode_names[op]) == t->len &&
            !memcmp(cux_ptx_opcode_names[op], t->text, t->len))
            return op;
    return -1;
}

void cux_pinsn(cux_parser *p)
{
    cux_ptx_insn insn = {.guard = -1, .line = p->tok.line,
                         .column = p->tok.column, .loc_file = p->loc_file,
                         .loc_line = p->loc_line};
    if (cux_pis(p, '@'))
        guard(p, &insn);
    cux_tok name = p->tok;
    int op = opcode_of(&name);
    if (op < 0 && is_scalar_video(&name))
        cux_pfail(p, &name, "scalar video instruction '%.*s' is not "
                  "supported (only the SIMD forms such as vadd2, vadd4)",
                  (int)name.len, name.text);
    if (op < 0)
        cux_pfail(p, &name, "unknown instruction '%.*s'",
                  (int)(name.len < 32 ? name.len : 32), name.text);
    insn.op = (uint16_t)op;
    cux_pnext(p);
    p->wmma = (cux_pwmma){0};
    p->async = (cux_pasync){0};
    modifiers(p, &insn);
    p->tops.len = p->elems.len = 0;
    if (op == CUX_OP_CALL)
        call_operands(p, &insn);
    else
        plain_operands(p, &insn);
    if (op != CUX_OP_CALL)
        check_operands(p, &insn);
    if (!cux_pis(p, ';'))
        cux_pfail(p, &p->tok, "expected ';' after '%s' instruction but "
                  "found '%.*s'", cux_ptx_opcode_names[op],
                  (int)(p->tok.len < 32 ? p->tok.len : 32), p->tok.text);
    commit(p, &insn);
    cux_pnext(p);
}
