/* test_inline.c: the pass that copies barrier-reaching .funcs into their
 * kernels (src/ptx/inline.c): PTX text in, printed PTX out.  Prints
 * PASS/FAIL lines. */
#include "ptx/ptx.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void report(bool ok, const char *name, const char *detail)
{
    printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail ? ":\n" : "",
           detail ? detail : "");
    if (!ok)
        failures++;
}

#define HEADER ".version 7.0\n.target sm_75\n.address_size 64\n"

/* A guarded call of a .func whose early `ret` is guarded, with a local
 * array and a barrier (its argument read as the register the call
 * stored); and a .func without a barrier, left alone. */
static const char *const guarded_call =
    HEADER
    ".visible .func (.param .b32 r) sync_f(.param .b32 x)\n"
    "{ .local .align 4 .b8 depot[16]; .reg .b32 %r<3>; .reg .pred %p<2>;\n"
    "  ld.param.b32 %r1, [x];\n"
    "  setp.eq.s32 %p1, %r1, 0;\n"
    "  @%p1 ret;\n"
    "  st.local.b32 [depot], %r1;\n"
    "  bar.sync 0;\n"
    "L1:\n"
    "  ld.local.b32 %r2, [depot];\n"
    "  st.param.b32 [r], %r2;\n"
    "  ret; }\n"
    ".visible .func (.param .b32 r) plain(.param .b32 x)\n"
    "{ .reg .b32 %r<2>; ld.param.b32 %r1, [x]; st.param.b32 [r], %r1; "
    "ret; }\n"
    ".visible .entry k(.param .u32 n)\n"
    "{ .reg .b32 %r<4>; .reg .pred %p<2>;\n"
    "  ld.param.u32 %r1, [n];\n"
    "  setp.ne.s32 %p1, %r1, 0;\n"
    "  { .param .b32 a0; .param .b32 r0;\n"
    "    st.param.b32 [a0], %r1;\n"
    "    @%p1 call (r0), sync_f, (a0);\n"
    "    ld.param.b32 %r2, [r0]; }\n"
    "  { .param .b32 a1; .param .b32 r1;\n"
    "    st.param.b32 [a1], %r2;\n"
    "    call (r1), plain, (a1);\n"
    "    ld.param.b32 %r3, [r1]; }\n"
    "  ret; }\n";

static const char *const expected_kernel =
    ".visible .entry k(\n"
    "    .param .u32 n\n"
    ")\n"
    "{\n"
    "  .reg .b32 %r<4>;\n"
    "  .reg .pred %p<2>;\n"
    "  ld.param.u32 %r1, [n];\n"
    "  setp.ne.s32 %p1, %r1, 0;\n"
    "  {\n"
    "    .reg .b32 %r0_inl1;\n"
    "    .reg .b32 %r1_inl1;\n"
    "    .reg .b32 %r2_inl1;\n"
    "    .reg .pred %p0_inl1;\n"
    "    .reg .pred %p1_inl1;\n"
    "    .param .b32 a0;\n"
    "    .param .b32 r0;\n"
    "    .local .align 4 .b8 depot_inl1[16];\n"
    "    st.param.b32 [a0], %r1;\n"
    "    @!%p1 bra $inline_end_inl1;\n"
    "    mov.b32 %r1_inl1, %r1;\n"
    "    setp.eq.s32 %p1_inl1, %r1_inl1, 0;\n"
    "    @%p1_inl1 bra $inline_end_inl1;\n"
    "    st.local.b32 [depot_inl1], %r1_inl1;\n"
    "    bar.sync 0;\n"
    "L1_inl1:\n"
    "    ld.local.b32 %r2_inl1, [depot_inl1];\n"
    "    st.param.b32 [r0], %r2_inl1;\n"
    "    bra $inline_end_inl1;\n"
    "$inline_end_inl1:\n"
    "    ld.param.b32 %r2, [r0];\n"
    "  }\n";

static void test_guarded_call(void)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(guarded_call, strlen(guarded_call),
                                      "guarded_call", &diag);
    bool ok = m && cux_ptx_inline_barrier_calls(m, &diag);
    cux_strbuf text = {0};
    if (ok)
        cux_ptx_print(m, &text);
    const char *kernel = ok ? strstr(text.data, expected_kernel) : NULL;
    ok = kernel && strstr(kernel, "call (r1), plain, (a1);") &&
         strstr(text.data, ") plain(\n    .param .b32 x\n)\n{") &&
         !strstr(text.data, ") sync_f(\n    .param .b32 x\n)\n{");
    report(ok, "inline_guarded_call", ok ? NULL : m ? text.data : diag.message);
    if (ok) {
        /* The result is PTX the front end reads back. */
        cux_ptx_module *again = cux_ptx_parse(text.data, text.len, "again",
                                              &diag);
        report(again != NULL, "inline_result_parses",
               again ? NULL : diag.message);
        bool verified = cux_ptx_verify(m, &diag);
        report(verified, "inline_result_verifies",
               verified ? NULL : diag.message);
        cux_ptx_module_free(again);
    }
    cux_strbuf_free(&text);
    cux_ptx_module_free(m);
}

static void test_recursion_is_an_error(void)
{
    static const char *const text = HEADER
        ".visible .func f(.param .b32 x)\n"
        "{ .reg .b32 %r<2>; .reg .pred %p<2>;\n"
        "  ld.param.b32 %r1, [x]; bar.sync 0;\n"
        "  setp.eq.s32 %p1, %r1, 0; @%p1 ret;\n"
        "  { .param .b32 a; st.param.b32 [a], %r1; call f, (a); }\n"
        "  ret; }\n"
        ".visible .entry k()\n"
        "{ { .param .b32 a; st.param.b32 [a], 1; call f, (a); } ret; }\n";
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "recursive", &diag);
    bool ok = m && !cux_ptx_inline_barrier_calls(m, &diag) &&
              strstr(diag.message, "recursive:8:") &&
              strstr(diag.message, "recursive function 'f'");
    report(ok, "inline_recursion_error", ok ? NULL : diag.message);
    cux_ptx_module_free(m);
}

/* The verifier names a broken index: here an operand's register. */
static void test_verifier_catches(void)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(guarded_call, strlen(guarded_call),
                                      "broken", &diag);
    bool clean = m && cux_ptx_verify(m, &diag);
    if (m)
        m->funcs[0].operands[0].value = 999;
    bool caught = m && !cux_ptx_verify(m, &diag) &&
                  strstr(diag.message, "register 999 of") &&
                  strstr(diag.message, "'sync_f'");
    report(clean && caught, "verifier_catches_bad_register",
           clean && caught ? NULL : diag.message);
    cux_ptx_module_free(m);
}

/* A call that does not take the callee's result: the result parameter
 * becomes a variable of the kernel's own. */
static void test_unread_result(void)
{
    static const char *const text = HEADER
        ".visible .func (.param .b32 r) f(.param .b32 x)\n"
        "{ .reg .b32 %r<2>; ld.param.b32 %r1, [x]; bar.sync 0;\n"
        "  st.param.b32 [r], %r1; ret; }\n"
        ".visible .entry k()\n"
        "{ { .param .b32 a; st.param.b32 [a], 1; call f, (a); } ret; }\n";
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "unread", &diag);
    bool ok = m && cux_ptx_inline_barrier_calls(m, &diag) &&
              cux_ptx_verify(m, &diag);
    cux_strbuf out = {0};
    if (ok)
        cux_ptx_print(m, &out);
    ok = ok && strstr(out.data, ".param .b32 r_inl1;") &&
         strstr(out.data, "st.param.b32 [r_inl1], %r1_inl1;");
    report(ok, "inline_unread_result", ok ? NULL : m ? out.data : diag.message);
    cux_strbuf_free(&out);
    cux_ptx_module_free(m);
}

int main(void)
{
    test_unread_result();
    test_verifier_catches();
    test_guarded_call();
    test_recursion_is_an_error();
    return failures != 0;
}
