/* test_ptx.c: tests of the PTX front end: IR checks on snippets, round
 * trips of whole files, whose IR must also pass the verifier
 * (test_ptx FILE...), and malformed inputs
 * (test_ptx --malformed FILE...).  Prints PASS/FAIL lines. */
#include "ptx/ptx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void report(bool ok, const char *name, const char *detail)
{
    printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail ? ": " : "",
           detail ? detail : "");
    if (!ok)
        failures++;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    CUX_ARRAY(char) buf = {0};
    int c;
    while ((c = fgetc(f)) != EOF)
        CUX_PUSH(buf, (char)c);
    fclose(f);
    *len = buf.len;
    CUX_PUSH(buf, '\0');
    return buf.data;
}

/* Prints text, parses it back and prints again: both prints must match. */
static bool round_trip(const cux_ptx_module *m, const char *name,
                       char *why, size_t why_len)
{
    cux_strbuf a = {0}, b = {0};
    cux_ptx_print(m, &a);
    cux_diag diag = {0};
    cux_ptx_module *m2 = cux_ptx_parse(a.data, a.len, name, &diag);
    bool ok = m2 != NULL;
    if (!m2) {
        snprintf(why, why_len, "reparse: %s", diag.message);
    } else {
        cux_ptx_print(m2, &b);
        ok = !strcmp(a.data, b.data);
        if (!ok)
            snprintf(why, why_len, "second print differs");
        if (!ok && getenv("CUX_TEST_DUMP")) {
            FILE *f = fopen("/tmp/rt_a.ptx", "w");
            fputs(a.data, f);
            fclose(f);
            f = fopen("/tmp/rt_b.ptx", "w");
            fputs(b.data, f);
            fclose(f);
        }
    }
    cux_ptx_module_free(m2);
    cux_strbuf_free(&a);
    cux_strbuf_free(&b);
    return ok;
}

static void file_round_trip(const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    char why[700] = "";
    if (!text) {
        report(false, path, "cannot read");
        return;
    }
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, len, path, &diag);
    if (!m)
        report(false, path, diag.message);
    else if (!cux_ptx_verify(m, &diag))
        report(false, path, diag.message);
    else
        report(round_trip(m, path, why, sizeof(why)), path, why[0] ? why
                                                                 : NULL);
    cux_ptx_module_free(m);
    free(text);
}

/* The file's first line is "// expect: <substring>". */
static void file_malformed(const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        report(false, path, "cannot read");
        return;
    }
    char expect[256] = "";
    const char *tag = strstr(text, "// expect: ");
    if (tag && tag == text) {
        const char *s = tag + 11, *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        snprintf(expect, sizeof(expect), "%.*s", (int)n, s);
    }
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, len, path, &diag);
    char prefix[300];
    snprintf(prefix, sizeof(prefix), "%s:", path);
    bool ok = !m && expect[0] && strstr(diag.message, expect) &&
              !strncmp(diag.message, prefix, strlen(prefix)) &&
              strstr(diag.message, ": error: ");
    char why[800];
    snprintf(why, sizeof(why), "got \"%s\", want \"%s\"", diag.message,
             expect);
    report(ok, path, ok ? NULL : why);
    cux_ptx_module_free(m);
    free(text);
}

/* ---- IR checks on snippets ----------------------------------------------- */

#define HEADER ".version 7.8\n.target sm_75\n.address_size 64\n"

static cux_ptx_module *parse(const char *text)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "snippet", &diag);
    if (!m)
        printf("  parse error: %s\n", diag.message);
    return m;
}

static const cux_ptx_operand *opnd(const cux_ptx_func *f, uint32_t insn,
                                   uint32_t i)
{
    return &f->operands[f->insns[insn].first_operand + i];
}

static void test_header_and_ranges(void)
{
    cux_ptx_module *m = parse(HEADER ".visible .entry k(.param .u64 p)\n"
                              "{ .reg .b32 %r<6>; .reg .pred %p1, %p2;\n"
                              "  ret; }");
    bool ok = m && m->version_major == 7 && m->version_minor == 8 &&
              !strcmp(m->target, "sm_75") && m->address_size == 64 &&
              m->n_funcs == 1 && m->funcs[0].n_regs == 8 &&
              !strcmp(m->funcs[0].regs[5].name, "%r5") &&
              m->funcs[0].regs[6].type == CUX_T_PRED &&
              m->funcs[0].n_params == 1 &&
              m->vars[m->funcs[0].params[0]].space == CUX_SPACE_PARAM &&
              m->vars[m->funcs[0].params[0]].func == 0 &&
              m->funcs[0].is_entry && m->funcs[0].has_body;
    report(ok, "header_and_ranges", NULL);
    cux_ptx_module_free(m);
}

static void test_operands(void)
{
    cux_ptx_module *m = parse(HEADER ".global .u32 g[4];\n"
        ".visible .entry k()\n{ .reg .b32 %r<4>; .reg .b64 %rd<2>;\n"
        ".reg .pred %p<3>;\n"
        "  ld.global.u32 %r1, [%rd1+-4];\n"            /* 0 */
        "  ld.global.u32 %r1, [g+8];\n"                /* 1 */
        "  ld.u32 %r1, [0x100];\n"                     /* 2 */
        "  mov.b64 %rd1, {%r1, %r2};\n"                /* 3 */
        "  setp.lt.s32 %p1|%p2, %r1, -3;\n"            /* 4 */
        "  @!%p1 mov.u32 %r3, %ctaid.y;\n"             /* 5 */
        "  selp.b32 %r3, %r1, 0f3F800000, !%p2;\n"     /* 6 */
        "  mov.u64 %rd1, g;\n"                         /* 7 */
        "  ret; }");
    const cux_ptx_func *f = m ? &m->funcs[0] : NULL;
    bool ok = f && f->n_insns == 9 &&
              opnd(f, 0, 1)->kind == CUX_OPND_ADDR &&
              opnd(f, 0, 1)->base_kind == CUX_OPND_REG &&
              opnd(f, 0, 1)->imm == -4 &&
              opnd(f, 1, 1)->base_kind == CUX_OPND_VAR &&
              opnd(f, 1, 1)->imm == 8 &&
              opnd(f, 2, 1)->base_kind == CUX_OPND_IMM_INT &&
              opnd(f, 2, 1)->imm == 0x100 &&
              opnd(f, 3, 1)->kind == CUX_OPND_VEC &&
              opnd(f, 3, 1)->count == 2 &&
              f->operands[opnd(f, 3, 1)->first + 1].kind == CUX_OPND_REG &&
              (f->insns[4].flags & CUX_PTX_F_PAIR) &&
              f->insns[4].n_operands == 4 && opnd(f, 4, 3)->imm == -3 &&
              f->insns[5].guard >= 0 && f->insns[5].guard_negated &&
              opnd(f, 5, 1)->kind == CUX_OPND_SREG &&
              opnd(f, 5, 1)->component == 1 &&
              opnd(f, 6, 2)->kind == CUX_OPND_IMM_F32 &&
              opnd(f, 6, 2)->imm == 0x3F800000 && opnd(f, 6, 3)->negate &&
              opnd(f, 7, 1)->kind == CUX_OPND_VAR;
    report(ok, "operands", NULL);
    cux_ptx_module_free(m);
}

static void test_modifiers(void)
{
    cux_ptx_module *m = parse(HEADER ".visible .entry k()\n"
        "{ .reg .b32 %r<4>; .reg .f32 %f<3>; .reg .pred %p1;\n"
        "  cvt.rn.f32.s32 %f1, %r1;\n"
        "  set.lt.u32.f32 %r1, %f1, %f2;\n"
        "  setp.ne.or.s32 %p1, %r1, 0, %p1;\n"
        "  atom.global.or.b32 %r1, [%r2], 1;\n"
        "  bar.red.popc.u32 %r1, 0, %p1;\n"
        "  shfl.sync.down.b32 %r1, %r2, 1, 31, -1;\n"
        "  ld.shared::cta.v2.u32 {%r1, %r2}, [%r3];\n"
        "  ret; }");
    const cux_ptx_insn *i = m ? m->funcs[0].insns : NULL;
    bool ok = i && i[0].type == CUX_T_F32 && i[0].type2 == CUX_T_S32 &&
              i[0].rounding == CUX_RND_RN &&
              i[1].type == CUX_T_F32 && i[1].type2 == CUX_T_U32 &&
              i[1].cmp == CUX_CMP_LT &&
              i[2].mode2 == CUX_MODE_OR && i[2].cmp == CUX_CMP_NE &&
              i[3].mode == CUX_MODE_OR && i[3].space == CUX_SPACE_GLOBAL &&
              i[4].mode == CUX_MODE_RED && i[4].mode2 == CUX_MODE_POPC &&
              i[5].mode == CUX_MODE_DOWN && (i[5].flags & CUX_PTX_F_SYNC) &&
              i[6].space == CUX_SPACE_SHARED && i[6].vec == 2;
    report(ok, "modifiers", NULL);
    cux_ptx_module_free(m);
}

static void test_calls_and_scopes(void)
{
    cux_ptx_module *m = parse(HEADER
        ".extern .func (.param .b32 r) f(.param .b32 a);\n"
        ".visible .entry k()\n{ .reg .b32 %r<3>;\n"
        "  { .param .b32 param0; .param .b32 retval0;\n"
        "    st.param.b32 [param0+0], %r1;\n"
        "    call.uni (retval0), f, (param0);\n"
        "    ld.param.b32 %r2, [retval0+0]; }\n"
        "  { .param .b64 param0;\n"
        "    st.param.b64 [param0+0], 0; }\n"
        "  .loc 1 42 3\n"
        "  ret; }");
    const cux_ptx_func *f = m ? &m->funcs[1] : NULL;
    const cux_ptx_operand *rets = f ? opnd(f, 1, 0) : NULL;
    bool ok = f && f->n_locals == 3 && f->insns[1].op == CUX_OP_CALL &&
              rets->kind == CUX_OPND_LIST && rets->count == 1 &&
              opnd(f, 1, 1)->kind == CUX_OPND_FUNC &&
              opnd(f, 1, 1)->value == 0 &&
              opnd(f, 1, 2)->count == 1 &&
              f->operands[rets->first].kind == CUX_OPND_VAR &&
              m->vars[opnd(f, 3, 0)->value].size == 8 &&
              f->insns[4].loc_file == 1 && f->insns[4].loc_line == 42 &&
              m->funcs[0].has_body == 0 &&
              m->funcs[0].linkage == CUX_LINK_EXTERN;
    report(ok, "calls_and_scopes", NULL);
    cux_ptx_module_free(m);
}

static void test_initializers(void)
{
    cux_ptx_module *m = parse(HEADER ".global .u32 a[2][2] = {{1}, {2, 3}};\n"
        ".global .u64 p[2] = {a, generic(a)+4};\n"
        ".extern .shared .align 16 .b8 dyn[];\n");
    bool ok = m && m->n_vars == 3 && m->vars[0].size == 16 &&
              m->vars[0].init[0] == 1 && m->vars[0].init[4] == 0 &&
              m->vars[0].init[8] == 2 && m->vars[0].init[12] == 3 &&
              m->vars[1].n_relocs == 2 && m->relocs[1].offset == 8 &&
              m->relocs[1].generic && m->relocs[1].addend == 4 &&
              !m->relocs[0].generic && m->vars[2].unsized &&
              m->vars[2].align == 16 && cux_ptx_find_var(m, "p") == 1;
    report(ok, "initializers", NULL);
    cux_ptx_module_free(m);
}

static void test_labels_round_trip(void)
{
    cux_ptx_module *m = parse(HEADER ".visible .entry k()\n"
        "{ .reg .pred %p1;\n  @%p1 bra $L__BB0_2;\n  bra.uni LBB0_1;\n"
        "LBB0_1:\n$L__BB0_2:\n  ret;\nLEND:\n}");
    char why[700] = "";
    bool ok = m && m->funcs[0].n_labels == 3 &&
              m->funcs[0].labels[0].insn == 2 &&
              m->funcs[0].labels[2].insn == 3 &&
              opnd(&m->funcs[0], 0, 0)->kind == CUX_OPND_LABEL &&
              round_trip(m, "labels", why, sizeof(why));
    report(ok, "labels_round_trip", why[0] ? why : NULL);
    cux_ptx_module_free(m);
}

static void test_errors(void)
{
    cux_diag diag = {0};
    const char *text = HEADER ".visible .entry k()\n{\n  add.foo.s32 1;\n}";
    cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "x.ptx", &diag);
    bool ok = !m && !strcmp(diag.message, "x.ptx:6:6: error: unknown "
                            "modifier '.foo' on 'add'");
    report(ok, "error_position", diag.message);
    /* every prefix of a valid module must fail cleanly or parse */
    for (size_t n = 0; n < strlen(text); n++) {
        cux_diag d = {0};
        cux_ptx_module_free(cux_ptx_parse(text, n, "x.ptx", &d));
    }
    report(true, "prefixes_no_crash", NULL);
}

/* nvcc's __managed__ variables, and an indirect call's prototype kept
 * and printed back (ptxas needs the .callprototype line). */
static void test_managed_and_prototype(void)
{
    cux_ptx_module *m = parse(HEADER
        ".global .attribute(.managed) .align 4 .u32 mv[4];\n"
        ".visible .entry k()\n{ .reg .b64 %rd<2>; .reg .b32 %r1;\n"
        "  { .param .b32 retval0;\n"
        "  proto_0 : .callprototype (.param .b32 _) _ ();\n"
        "  call (retval0), %rd1, (), proto_0;\n"
        "  ld.param.b32 %r1, [retval0]; }\n"
        "  ret; }");
    const cux_ptx_func *f = m ? &m->funcs[0] : NULL;
    cux_strbuf text = {0};
    char why[600] = "";
    if (m)
        cux_ptx_print(m, &text);
    bool ok = f && m->vars[0].managed && m->vars[0].size == 16 &&
              f->n_labels == 1 && f->labels[0].proto &&
              !strcmp(f->labels[0].proto,
                      ".callprototype ( .param .b32 _ ) _ ( )") &&
              opnd(f, 0, 3)->kind == CUX_OPND_LABEL &&
              strstr(text.data, ".global .attribute(.managed) .align 4") &&
              strstr(text.data, "proto_0: .callprototype (") &&
              round_trip(m, "managed_and_prototype", why, sizeof(why));
    report(ok, "managed_and_prototype",
           ok ? NULL : why[0] ? why : text.data);
    cux_strbuf_free(&text);
    cux_ptx_module_free(m);
}

/* Forms that print in an order ptxas insists on. */
static void test_print_order(void)
{
    cux_ptx_module *m = parse(HEADER ".global .u32 s = 7;\n"
        ".global .v2 .f32 v[2] = {{0f3F800000, 0f40000000}, {0, 0}};\n"
        ".visible .entry k()\n.maxntid 64, 1, 1\n"
        "{ .reg .b32 %r<5>; .reg .f32 %f<3>; .reg .pred %p1;\n"
        "  div.ftz.full.f32 %f1, %f2, %f2;\n"
        "  shfl.bfly.sync.b32 %r1|%p1, %r2, 1, 31, -1;\n"
        "  vabsdiff4.u32.u32.u32.add %r1, %r2, %r3, %r4;\n"
        "  vadd2.sat.s32.u32.s32 %r1, %r2, %r3, %r4;\n"
        "  vset4.ge.s32.u32.add %r1, %r2, %r3, %r4;\n"
        "  prmt.b32.f4e %r1, %r2, %r3, %r4;\n"
        "  dp2a.lo.u32.s32 %r1, %r2, %r3, %r4;\n"
        "  ret; }");
    cux_strbuf text = {0};
    char why[600] = "";
    if (m)
        cux_ptx_print(m, &text);
    bool ok = m && strstr(text.data, ".global .u32 s = 7;") &&
              strstr(text.data, "= {{0f3F800000, 0f40000000}, {0f00000000") &&
              strstr(text.data, "div.full.ftz.f32") &&
              strstr(text.data, "shfl.sync.bfly.b32") &&
              strstr(text.data, "vabsdiff4.u32.u32.u32.add") &&
              strstr(text.data, "vadd2.s32.u32.s32.sat") &&
              strstr(text.data, "vset4.s32.u32.ge.add") &&
              strstr(text.data, "prmt.b32.f4e") &&
              strstr(text.data, "dp2a.lo.u32.s32") &&
              strstr(text.data, "k()\n.maxntid") &&
              !strstr(text.data, "k();\n.maxntid") &&
              round_trip(m, "print_order", why, sizeof(why));
    report(ok, "print_order", ok ? NULL : why[0] ? why : text.data);
    cux_strbuf_free(&text);
    cux_ptx_module_free(m);
}

/* [handle, {coords}] becomes an ADDR then a VEC; geometry in mode. */
static void test_textures(void)
{
    cux_ptx_module *m = parse(HEADER ".visible .entry k()\n"
        "{ .reg .f32 %f<6>; .reg .b32 %r<3>; .reg .b64 %rd<2>;\n"
        "  tex.level.2d.v4.f32.f32 {%f0, %f1, %f2, %f3}, "
        "[%rd1, {%f4, %f5}], %f5;\n"
        "  sust.b.2d.b32.trap [%rd1, {%r1, %r2}], {%r0};\n"
        "  ret; }");
    const cux_ptx_func *f = m ? &m->funcs[0] : NULL;
    bool ok = f && f->insns[0].n_operands == 4 &&
              f->insns[0].mode == CUX_MODE_2D &&
              f->insns[0].mode2 == CUX_MODE_LEVEL &&
              opnd(f, 0, 1)->kind == CUX_OPND_ADDR &&
              opnd(f, 0, 1)->base_kind == CUX_OPND_REG &&
              opnd(f, 0, 2)->kind == CUX_OPND_VEC &&
              opnd(f, 0, 2)->count == 2 &&
              opnd(f, 0, 3)->kind == CUX_OPND_REG &&
              f->insns[1].n_operands == 3 &&
              f->insns[1].mode2 == CUX_MODE_TRAP &&
              opnd(f, 1, 0)->kind == CUX_OPND_ADDR &&
              opnd(f, 1, 1)->count == 2 && opnd(f, 1, 2)->count == 1;
    report(ok, "textures", NULL);
    cux_ptx_module_free(m);
}

/* Labels are scoped to their { } block, as ptxas scopes them: inline asm
 * pasted twice defines the same label in sibling blocks. */
static void test_block_labels(void)
{
    cux_ptx_module *m = parse(HEADER ".visible .entry k()\n"
        "{ .reg .pred %p1;\n"
        "  { @%p1 bra L; L: ret; }\n"
        "  { @%p1 bra L; L: ret; }\n"
        "  bra L;\n"
        "  L: ret; }");
    const cux_ptx_func *f = m ? &m->funcs[0] : NULL;
    bool ok = f && f->n_labels == 3 && opnd(f, 0, 0)->value == 0 &&
              opnd(f, 2, 0)->value == 1 && opnd(f, 4, 0)->value == 2 &&
              f->labels[0].insn == 1 && f->labels[1].insn == 3 &&
              f->labels[0].block == 1 && f->labels[1].block == 2 &&
              f->labels[2].block == 0;
    report(ok, "block_labels", NULL);
    cux_ptx_module_free(m);
}

/* Operand kinds and counts that no PTX assembler accepts. */
static void test_operand_checks(void)
{
    static const char *const bad[][2] = {
        {"ld.global.u32 %r1, %rd1;", "must be an address"},
        {"st.global.u32 %rd1, %r1;", "must be an address"},
        {"add.u32 %r1, [%rd1], 1;", "a value, not an address"},
        {"add.u32 %r1, %r2;", "'add' takes 3 operands, found 2"},
        {"mov.u32 5, %r1;", "a register to write"},
        {"@%r1 bra L;", "is not a .pred register"},
        {"selp.b32 %r1, %r1, %r1, !%r2;", "a predicate to negate"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char text[512];
        snprintf(text, sizeof(text), HEADER ".entry k()\n{ .reg .b32 "
                 "%%r<3>; .reg .b64 %%rd1;\n  %s\nL: ret; }", bad[i][0]);
        cux_diag diag = {0};
        cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "c.ptx",
                                          &diag);
        bool ok = !m && strstr(diag.message, bad[i][1]) &&
                  !strncmp(diag.message, "c.ptx:6:", 8);
        report(ok, bad[i][0], ok ? NULL : diag.message);
        cux_ptx_module_free(m);
    }
}

int main(int argc, char **argv)
{
    bool malformed = argc > 1 && !strcmp(argv[1], "--malformed");
    if (argc == 1) {
        test_header_and_ranges();
        test_operands();
        test_modifiers();
        test_calls_and_scopes();
        test_initializers();
        test_labels_round_trip();
        test_errors();
        test_managed_and_prototype();
        test_print_order();
        test_operand_checks();
        test_textures();
        test_block_labels();
    }
    for (int i = malformed ? 2 : 1; i < argc; i++) {
        if (malformed)
            file_malformed(argv[i]);
        else
            file_round_trip(argv[i]);
    }
    return failures != 0;
}
