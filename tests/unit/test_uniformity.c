/* test_uniformity.c: which registers uniformity.c finds warp-uniform and
 * which blocks it says may run with part of the warp.  Prints PASS/FAIL.
 * Links the compiler core (util, ptx, analysis, codegen). */
#include "analysis/analysis.h"

#include <stdio.h>
#include <string.h>

static int failures;

static const char kernel[] =
    ".version 7.0\n.target sm_75\n.address_size 64\n"
    ".visible .entry k(.param .u32 n, .param .u64 out)\n{\n"
    "  .reg .pred %p<4>;\n  .reg .b32 %r<10>;\n  .reg .b64 %rd<4>;\n"
    "  ld.param.u32 %r1, [n];\n"          /* 0: uniform (kernel param) */
    "  mov.u32 %r2, %tid.x;\n"            /* 1: varying */
    "  mov.u32 %r3, 0;\n"                 /* 2 */
    "LOOP:\n"
    "  add.s32 %r3, %r3, 1;\n"            /* 3: uniform loop counter */
    "  setp.lt.s32 %p1, %r3, %r1;\n"      /* 4: uniform predicate */
    "  @%p1 bra LOOP;\n"                  /* 5 */
    "  setp.lt.u32 %p2, %r2, 7;\n"        /* 6: varying predicate */
    "  mov.u32 %r4, 5;\n"                 /* 7 */
    "  @%p2 bra SKIP;\n"                  /* 8 */
    "  mov.u32 %r4, 9;\n"                 /* 9: partial block */
    "SKIP:\n"
    "  ld.param.u64 %rd1, [out];\n"       /* 10 */
    "  st.global.u32 [%rd1], %r4;\n"
    "  ret;\n}\n";

/* Uniform values written inside divergent regions: kept uniform only
 * where no thread can see another thread's value. */
static const char regions[] =
    ".version 7.0\n.target sm_75\n.address_size 64\n"
    ".visible .entry k(.param .u32 n, .param .u64 out)\n{\n"
    "  .reg .pred %p<4>;\n  .reg .b32 %r<12>;\n  .reg .b64 %rd<4>;\n"
    "  ld.param.u64 %rd1, [out];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  setp.lt.u32 %p1, %r1, 7;\n"        /* varying */
    "  mov.u32 %r5, 1;\n"                 /* read by the other side */
    "  @%p1 bra THEN;\n"
    "  st.global.u32 [%rd1], %r5;\n"      /* else: reads the old %r5 */
    "  bra JOIN;\n"
    "THEN:\n"
    "  ld.param.u32 %r2, [n];\n"          /* used only here: uniform */
    "  add.s32 %r3, %r2, 1;\n"            /* same */
    "  st.global.u32 [%rd1], %r3;\n"
    "  ld.param.u32 %r4, [n];\n"          /* read after the join */
    "  ld.param.u32 %r5, [n];\n"          /* clobbers what else reads */
    "JOIN:\n"
    "  st.global.u32 [%rd1], %r4;\n"
    "  mov.u32 %r6, 0;\n"
    "LOOP:\n"                            /* trip count per thread */
    "  ld.param.u32 %r7, [n];\n"          /* dead at the loop's exit */
    "  ld.param.u32 %r8, [n];\n"          /* live at the loop's exit */
    "  add.s32 %r6, %r6, %r7;\n"
    "  setp.lt.u32 %p2, %r6, %r1;\n"
    "  @%p2 bra LOOP;\n"
    "  st.global.u32 [%rd1], %r8;\n"
    "  ret;\n}\n";

static void expect(const char *name, bool ok)
{
    printf("%s %s\n", ok ? "PASS" : "FAIL", name);
    failures += !ok;
}

static int reg_index(const cux_ptx_func *f, const char *name)
{
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (!strcmp(f->regs[r].name, name))
            return (int)r;
    return -1;
}

int main(void)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(kernel, sizeof kernel - 1, "u.ptx", &diag);
    if (!m) {
        printf("FAIL parse: %s\n", diag.message);
        return 1;
    }
    const cux_ptx_func *f = &m->funcs[0];
    cux_cfg cfg;
    cux_cfg_build(m, f, &cfg, &diag);
    cux_postdom_compute(&cfg);
    cux_uniformity u;
    cux_uniformity_compute(m, f, &cfg, &u);
    expect("param_uniform", !u.varying[reg_index(f, "%r1")]);
    expect("tid_varying", u.varying[reg_index(f, "%r2")]);
    expect("loop_counter_uniform", !u.varying[reg_index(f, "%r3")]);
    expect("uniform_predicate", !u.varying[reg_index(f, "%p1")]);
    expect("varying_predicate", u.varying[reg_index(f, "%p2")]);
    /* %r4 is written in a block only some lanes run: varying after it */
    expect("merge_varying", u.varying[reg_index(f, "%r4")]);
    expect("loop_not_partial", !u.partial[cfg.block_of_insn[3]]);
    expect("branch_side_partial", u.partial[cfg.block_of_insn[9]]);
    expect("join_not_partial", !u.partial[cfg.block_of_insn[10]]);
    cux_uniformity_free(&u);
    cux_cfg_free(&cfg);
    cux_ptx_module_free(m);

    m = cux_ptx_parse(regions, sizeof regions - 1, "r.ptx", &diag);
    if (!m) {
        printf("FAIL parse: %s\n", diag.message);
        return 1;
    }
    f = &m->funcs[0];
    cux_cfg_build(m, f, &cfg, &diag);
    cux_postdom_compute(&cfg);
    cux_uniformity_compute(m, f, &cfg, &u);
    expect("region_local_uniform", !u.varying[reg_index(f, "%r2")] &&
                                   !u.varying[reg_index(f, "%r3")]);
    expect("read_after_join_varying", u.varying[reg_index(f, "%r4")]);
    expect("other_side_reads_varying", u.varying[reg_index(f, "%r5")]);
    /* Only the lanes still looping read it, and all have the same. */
    expect("divergent_loop_counter_uniform", !u.varying[reg_index(f, "%r6")]);
    expect("loop_local_uniform", !u.varying[reg_index(f, "%r7")]);
    expect("loop_exit_live_varying", u.varying[reg_index(f, "%r8")]);
    cux_uniformity_free(&u);
    cux_cfg_free(&cfg);
    cux_ptx_module_free(m);
    return failures != 0;
}
