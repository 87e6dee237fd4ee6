/* test_analysis.c: basic blocks (cfg.c) and reconvergence points
 * (postdom.c) of small hand-written PTX functions.  Prints PASS/FAIL.
 * Links the compiler core (util, ptx, analysis, codegen). */
#include "analysis/analysis.h"

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

/* Every case is one kernel; its body goes between these two parts. */
static const char head[] =
    ".version 7.0\n.target sm_75\n.address_size 64\n"
    ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .pred %p<8>;\n.reg .b32 %r<16>;\n.reg .b64 %rd<8>;\n";

static cux_ptx_module *parse_body(const char *body, cux_diag *diag)
{
    cux_strbuf text = {0};
    cux_strbuf_printf(&text, "%s%s}\n", head, body);
    cux_ptx_module *m = cux_ptx_parse(text.data, text.len, "t.ptx", diag);
    cux_strbuf_free(&text);
    return m;
}

static void put_block_id(cux_strbuf *out, uint32_t b)
{
    if (b == CUX_CFG_EXIT)
        cux_strbuf_puts(out, "X");
    else
        cux_strbuf_printf(out, "%u", b);
}

/* One word a block: "first-end>succ,succ/ipdom", then '!' if it ends in
 * a block barrier and '*' if it is a reconvergence point.  Blocks are
 * numbered in instruction order; X is the virtual exit. */
static void describe(const cux_cfg *cfg, cux_strbuf *out)
{
    for (uint32_t b = 0; b < cfg->n_blocks; b++) {
        const cux_cfg_block *blk = &cfg->blocks[b];
        cux_strbuf_printf(out, "%s%u-%u>", b ? " " : "", blk->first,
                          blk->end);
        for (uint32_t s = 0; s < blk->n_succ; s++) {
            if (s)
                cux_strbuf_puts(out, ",");
            put_block_id(out, blk->succ[s]);
        }
        cux_strbuf_puts(out, "/");
        put_block_id(out, blk->ipdom);
        if (blk->ends_in_barrier)
            cux_strbuf_puts(out, "!");
        if (blk->is_reconvergence)
            cux_strbuf_puts(out, "*");
    }
}

/* Parses body, builds the CFG and post-dominators, compares the
 * description with want. */
static void check(const char *name, const char *body, const char *want)
{
    cux_diag diag = {0};
    cux_ptx_module *m = parse_body(body, &diag);
    if (!m) {
        report(false, name, diag.message);
        return;
    }
    cux_cfg cfg = {0};
    if (!cux_cfg_build(m, &m->funcs[0], &cfg, &diag)) {
        report(false, name, diag.message);
    } else {
        cux_postdom_compute(&cfg);
        cux_strbuf got = {0};
        describe(&cfg, &got);
        const char *text = got.data ? got.data : "";
        bool ok = !strcmp(text, want);
        char why[1024];
        snprintf(why, sizeof why, "got \"%s\", want \"%s\"", text, want);
        report(ok, name, ok ? NULL : why);
        cux_strbuf_free(&got);
    }
    cux_cfg_free(&cfg);
    cux_ptx_module_free(m);
}

/* The block of each instruction, and of the end of the body. */
static void check_block_of_insn(void)
{
    cux_diag diag = {0};
    cux_ptx_module *m = parse_body(
        "mov.u32 %r1, 1;\n"
        "L_a:\n"
        "add.u32 %r1, %r1, 1;\n"
        "bar.sync 0;\n"
        "add.u32 %r1, %r1, 1;\n"
        "ret;\n", &diag);
    cux_cfg cfg = {0};
    bool ok = m && cux_cfg_build(m, &m->funcs[0], &cfg, &diag);
    static const uint32_t want[] = {0, 1, 1, 2, 2, CUX_CFG_EXIT};
    for (uint32_t i = 0; ok && i < 6; i++)
        ok = cfg.block_of_insn[i] == want[i];
    report(ok, "block_of_insn", ok ? NULL : m ? diag.message : "parse");
    cux_cfg_free(&cfg);
    cux_ptx_module_free(m);
}

/* The parser already refuses "bra %r1"; cfg.c's own check is reached by
 * turning a parsed direct branch into a register one. */
static void check_indirect_branch(void)
{
    cux_diag diag = {0};
    cux_ptx_module *m = parse_body("mov.u32 %r1, 1;\nbra %r1;\nret;\n", &diag);
    report(!m && strstr(diag.message, "t.ptx:10:"), "indirect_branch_parse",
           diag.message);
    cux_ptx_module_free(m);
    diag = (cux_diag){0};
    m = parse_body("mov.u32 %r1, 1;\nbra.uni L_x;\nL_x:\nret;\n", &diag);
    if (!m) {
        report(false, "indirect_branch_cfg", diag.message);
        return;
    }
    cux_ptx_func *f = &m->funcs[0];
    f->operands[f->insns[1].first_operand].kind = CUX_OPND_REG;
    f->operands[f->insns[1].first_operand].value = 1;
    cux_cfg cfg = {0};
    bool built = cux_cfg_build(m, f, &cfg, &diag);
    bool ok = !built && strstr(diag.message, "t.ptx:10:") &&
              strstr(diag.message, "indirect branch");
    report(ok, "indirect_branch_cfg", diag.message);
    cux_cfg_free(&cfg);
    cux_ptx_module_free(m);
}

static void structured_cases(void)
{
    check("if_then",
          "mov.u32 %r1, %tid.x;\n"
          "setp.lt.u32 %p1, %r1, 16;\n"
          "@%p1 bra L_skip;\n"
          "add.u32 %r2, %r1, 1;\n"
          "L_skip:\n"
          "ret;\n",
          "0-3>2,1/2 3-4>2/2 4-5>/X*");
    check("if_then_else",
          "mov.u32 %r1, %tid.x;\n"
          "setp.lt.u32 %p1, %r1, 16;\n"
          "@%p1 bra L_else;\n"
          "add.u32 %r2, %r1, 1;\n"
          "bra.uni L_join;\n"
          "L_else:\n"
          "sub.u32 %r2, %r1, 1;\n"
          "L_join:\n"
          "add.u32 %r3, %r2, 2;\n"
          "ret;\n",
          "0-3>2,1/3 3-5>3/3 5-6>3/3 6-8>/X*");
    check("nested_ifs",
          "setp.lt.u32 %p1, %r1, 16;\n"
          "@%p1 bra L_end;\n"
          "setp.lt.u32 %p2, %r1, 8;\n"
          "@%p2 bra L_inner_end;\n"
          "add.u32 %r2, %r1, 1;\n"
          "L_inner_end:\n"
          "add.u32 %r3, %r1, 2;\n"
          "L_end:\n"
          "ret;\n",
          "0-2>4,1/4 2-4>3,2/3 4-5>3/3 5-6>4/4* 6-7>/X*");
    check("switch_chain",
          "setp.eq.u32 %p1, %r1, 0;\n"
          "@%p1 bra L_c0;\n"
          "setp.eq.u32 %p2, %r1, 1;\n"
          "@%p2 bra L_c1;\n"
          "mov.u32 %r2, 30;\n"
          "bra.uni L_end;\n"
          "L_c0:\n"
          "mov.u32 %r2, 10;\n"
          "bra.uni L_end;\n"
          "L_c1:\n"
          "mov.u32 %r2, 20;\n"
          "L_end:\n"
          "ret;\n",
          "0-2>3,1/5 2-4>4,2/5 4-6>5/5 6-8>5/5 8-9>5/5 9-10>/X*");
}

static void loop_cases(void)
{
    check("loop_break",
          "mov.u32 %r1, 0;\n"
          "L_loop:\n"
          "setp.ge.u32 %p1, %r1, 100;\n"
          "@%p1 bra L_done;\n"
          "setp.eq.u32 %p2, %r1, %r5;\n"
          "@%p2 bra L_done;\n"
          "add.u32 %r1, %r1, 1;\n"
          "bra.uni L_loop;\n"
          "L_done:\n"
          "ret;\n",
          "0-1>1/1 1-3>4,2/4 3-5>4,3/4 5-7>1/1 7-8>/X*");
    check("loop_divergent_if",
          "mov.u32 %r1, 0;\n"
          "L_loop:\n"
          "setp.lt.u32 %p1, %r1, %r5;\n"
          "@%p1 bra L_skip;\n"
          "add.u32 %r2, %r2, %r1;\n"
          "L_skip:\n"
          "add.u32 %r1, %r1, 1;\n"
          "setp.lt.u32 %p2, %r1, 32;\n"
          "@%p2 bra L_loop;\n"
          "ret;\n",
          "0-1>1/1 1-3>3,2/3 3-4>3/3 4-7>1,4/4* 7-8>/X*");
    /* No block reaches the exit: no reconvergence point anywhere. */
    check("infinite_loop",
          "mov.u32 %r1, 0;\n"
          "L_loop:\n"
          "add.u32 %r1, %r1, 1;\n"
          "setp.lt.u32 %p1, %r1, %r5;\n"
          "@%p1 bra L_skip;\n"
          "add.u32 %r2, %r2, 1;\n"
          "L_skip:\n"
          "bra.uni L_loop;\n",
          "0-1>1/X 1-4>3,2/X 4-5>3/X 5-6>1/X");
    /* The whole body is the loop and its exit: every block post-dominates
     * the loop block, which must not be mistaken for an endless loop. */
    check("loop_at_entry",
          "L_loop:\n"
          "add.u32 %r1, %r1, 1;\n"
          "setp.lt.u32 %p1, %r1, %r5;\n"
          "@%p1 bra L_loop;\n"
          "ret;\n",
          "0-3>0,1/1 3-4>/X*");
    check("straight_line_chain",
          "add.u32 %r1, %r1, 1;\n"
          "bar.sync 0;\n"
          "ret;\n",
          "0-2>1/1! 2-3>/X");
    check("self_loop",
          "L_loop:\n"
          "bra.uni L_loop;\n",
          "0-1>0/X");
}

static void exit_cases(void)
{
    check("one_side_returns",
          "setp.lt.u32 %p1, %r1, 16;\n"
          "@%p1 bra L_cont;\n"
          "ret;\n"
          "L_cont:\n"
          "add.u32 %r3, %r1, 2;\n"
          "ret;\n",
          "0-2>2,1/X 2-3>/X 3-5>/X");
    check("guarded_ret",
          "setp.lt.u32 %p1, %r1, 16;\n"
          "@%p1 ret;\n"
          "add.u32 %r2, %r1, 1;\n"
          "ret;\n",
          "0-2>1/1 2-4>/X");
    check("early_return_before_barrier",
          "mov.u32 %r1, %tid.x;\n"
          "setp.ge.u32 %p1, %r1, %r5;\n"
          "@%p1 bra L_out;\n"
          "add.u32 %r2, %r1, 1;\n"
          "bar.sync 0;\n"
          "add.u32 %r3, %r2, 1;\n"
          "L_out:\n"
          "ret;\n",
          "0-3>3,1/3 3-5>2/2! 5-6>3/3 6-7>/X*");
    check("guarded_ret_before_barrier",
          "mov.u32 %r1, %tid.x;\n"
          "setp.ge.u32 %p1, %r1, %r5;\n"
          "@%p1 ret;\n"
          "add.u32 %r2, %r1, 1;\n"
          "bar.sync 0;\n"
          "add.u32 %r3, %r2, 1;\n"
          "ret;\n",
          "0-3>1/1 3-5>2/2! 5-7>/X");
    /* A label ends a block; bar.warp.sync does not; a label at the very
     * end of the body is the exit; falling off the end exits. */
    check("boundaries",
          "mov.u32 %r1, 1;\n"
          "L_a:\n"
          "add.u32 %r1, %r1, 1;\n"
          "barrier.sync 0;\n"
          "bar.warp.sync -1;\n"
          "add.u32 %r1, %r1, 1;\n"
          "@%p1 bra L_end;\n"
          "add.u32 %r1, %r1, 1;\n"
          "L_end:\n",
          "0-1>1/1 1-3>2/2! 3-6>X,3/X 6-7>X/X");
    check("empty_body", "", "");
}

int main(void)
{
    structured_cases();
    loop_cases();
    exit_cases();
    check_block_of_insn();
    check_indirect_branch();
    return failures ? 1 : 0;
}
