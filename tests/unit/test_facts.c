/* test_facts.c: the pass list's facts, PTX text in, printed facts out
 * (src/analysis/pipeline.c with CUX_DUMP_ANALYSIS): control flow and
 * post-dominators, partial blocks, varying registers, registers live
 * across barriers, and the memory layout with each kernel's needs.
 * Prints PASS/FAIL lines; a failure shows the text it got. */
#include "analysis/analysis.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void expect_facts(const char *name, const char *ptx,
                         const char *expected)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(ptx, strlen(ptx), name, &diag);
    cux_module_analysis an;
    cux_strbuf got = {0};
    bool ok = m && cux_analyze_module(m, CUX_DUMP_ANALYSIS, &got, &an, &diag);
    if (ok)
        cux_module_analysis_free(&an);
    ok = ok && got.data && !strcmp(got.data, expected);
    printf("%s %s\n", ok ? "PASS" : "FAIL", name);
    if (!ok) {
        printf("--- got:\n%s--- want:\n%s", got.data ? got.data : diag.message,
               expected);
        failures++;
    }
    cux_strbuf_free(&got);
    cux_ptx_module_free(m);
}

#define HEADER ".version 7.0\n.target sm_75\n.address_size 64\n"

/* A varying branch makes its two sides partial; the uniform loop around
 * a barrier keeps only what is read after it live there. */
static void divergence_and_barrier(void)
{
    expect_facts("facts_divergence", HEADER
        ".visible .entry k(.param .u64 out, .param .u32 n)\n"   /* 4 */
        "{ .reg .pred %p<3>; .reg .b32 %r<8>; .reg .b64 %rd<3>;\n"
        "  .shared .align 4 .b8 s[128];\n"
        "  ld.param.u32 %r1, [n];\n"                             /* 7 */
        "  mov.u32 %r2, %tid.x;\n"
        "  setp.lt.u32 %p1, %r2, 16;\n"
        "  @%p1 bra L_small;\n"                                  /* 10 */
        "  add.s32 %r3, %r2, 1;\n"
        "  bra L_join;\n"
        "L_small:\n"
        "  sub.s32 %r3, %r2, 1;\n"                               /* 14 */
        "L_join:\n"
        "  mov.u32 %r4, 0;\n"                                    /* 16 */
        "L_loop:\n"
        "  st.shared.u32 [s], %r4;\n"                            /* 18 */
        "  bar.sync 0;\n"
        "  add.s32 %r4, %r4, 1;\n"                               /* 20 */
        "  setp.lt.u32 %p2, %r4, %r1;\n"
        "  @%p2 bra L_loop;\n"
        "  ld.param.u64 %rd1, [out];\n"                          /* 23 */
        "  st.global.u32 [%rd1], %r3;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 7-10 -> B2 B1; ipdom B3\n"
        "  B1: lines 11-12 -> B3; ipdom B3; partial\n"
        "  B2: lines 14-14 -> B3; ipdom B3; partial\n"
        "  B3: lines 16-16 -> B4; ipdom B4\n"
        "  B4: lines 18-19 -> B5; ipdom B5; barrier, live: %r1(recomputable) "
        "%r3 %r4\n"
        "  B5: lines 20-22 -> B4 B6; ipdom B6\n"
        "  B6: lines 23-25 -> (none); ipdom exit\n"
        "  varying: %p1 %r2 %r3\n"
        "  per-warp:\n"
        "  affine: %r2(1)\n"
        "  steps: %r4(1)@B4\n"
        "  tests: B4(%r4+1 lt %r1)\n"
        "  aligned:\n"
        "shared: static 128, dynamic at 128\n"
        "  .shared s at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 128, local 0, "
        "barriers\n");
}

/* A register written only under divergence (%r4) keeps the other lanes'
 * old value, so it is live above that write; but not at the first
 * barrier, where nothing has written it yet. */
static void nothing_to_save_before_first_write(void)
{
    expect_facts("facts_live_only_once_written", HEADER
        ".visible .entry k(.param .u64 out)\n"                 /* 4 */
        "{ .reg .pred %p<2>; .reg .b32 %r<5>; .reg .b64 %rd<2>;\n"
        "  mov.u32 %r1, %tid.x;\n"                              /* 6 */
        "  mov.u32 %r3, 0;\n"
        "  bar.sync 0;\n"
        "  mov.u32 %r2, %ntid.x;\n"                             /* 9 */
        "  setp.lt.u32 %p1, %r1, 16;\n"
        "  @%p1 bra L_skip;\n"
        "  add.s32 %r3, %r2, 5;\n"                              /* 12 */
        "  mul.lo.s32 %r4, %r2, 3;\n"
        "L_skip:\n"
        "  bar.sync 0;\n"                                       /* 15 */
        "  ld.param.u64 %rd1, [out];\n"                         /* 16 */
        "  st.global.u32 [%rd1], %r3;\n"
        "  st.global.u32 [%rd1+4], %r4;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 6-8 -> B1; ipdom B1; barrier, live: %r1(recomputable) "
        "%r3\n"
        "  B1: lines 9-11 -> B3 B2; ipdom B3\n"
        "  B2: lines 12-13 -> B3; ipdom B3; partial\n"
        "  B3: lines 15-15 -> B4; ipdom B4; barrier, live: %r3 "
        "%r4(recomputable)\n"
        "  B4: lines 16-19 -> (none); ipdom exit\n"
        "  varying: %p1 %r1 %r3 %r4\n"
        "  per-warp:\n"
        "  affine: %r1(1)\n"
        "  aligned:\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 8 bytes [0+8], shared 0, local 0, barriers\n");
}

/* The tree step of a shared-memory reduction: what `if (tid < s)`
 * computes under divergence is read only there, so the lanes that skip
 * it never read the old value and the loop's barrier keeps none of it;
 * the sum %f1, read after the loop by lanes that skipped a step, stays. */
static void tree_step_temporaries(void)
{
    expect_facts("facts_tree_step", HEADER
        ".visible .entry k(.param .u64 out)\n"                    /* 4 */
        "{ .reg .pred %p<3>; .reg .b32 %r<6>; .reg .f32 %f<3>;\n"
        "  .reg .b64 %rd<3>; .shared .align 4 .f32 s[256];\n"
        "  mov.u32 %r1, %tid.x;\n"                                /* 7 */
        "  mov.u32 %r2, 128;\n"
        "  ld.shared.f32 %f1, [s];\n"
        "L_loop:\n"
        "  setp.ge.u32 %p1, %r1, %r2;\n"                          /* 11 */
        "  @%p1 bra L_skip;\n"
        "  add.s32 %r3, %r1, %r2;\n"                              /* 13 */
        "  shl.b32 %r4, %r3, 2;\n"
        "  ld.shared.f32 %f2, [%r4];\n"
        "  add.f32 %f1, %f1, %f2;\n"
        "L_skip:\n"
        "  bar.sync 0;\n"                                         /* 18 */
        "  shr.u32 %r2, %r2, 1;\n"                                /* 19 */
        "  setp.ne.s32 %p2, %r2, 0;\n"
        "  @%p2 bra L_loop;\n"
        "  ld.param.u64 %rd1, [out];\n"                           /* 22 */
        "  st.global.f32 [%rd1], %f1;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 7-9 -> B1; ipdom B1\n"
        "  B1: lines 11-12 -> B3 B2; ipdom B3\n"
        "  B2: lines 13-16 -> B3; ipdom B3; partial\n"
        "  B3: lines 18-18 -> B4; ipdom B4; barrier, live: %r1(recomputable) "
        "%r2 %f1\n"
        "  B4: lines 19-21 -> B1 B5; ipdom B5\n"
        "  B5: lines 22-24 -> (none); ipdom exit\n"
        "  varying: %p1 %r1 %r3 %r4 %f1 %f2\n"
        "  per-warp:\n"
        "  affine: %r1(1) %r3(1) %r4(4)\n"
        "  aligned: %r4(4)\n"
        "shared: static 1024, dynamic at 1024\n"
        "  .shared s at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 8 bytes [0+8], shared 1024, local 0, barriers\n");
}

/* Recomputed after a barrier: values of one definition computed by
 * integer operations from %tid, %ctaid, kernel parameters and
 * constants.  Kept: a loaded value, a register written twice, a
 * division (it could trap in a lane that never ran it), and a chain
 * longer than CUX_REMAT_LIMIT. */
static void recomputed_across_barrier(void)
{
    expect_facts("facts_recomputed", HEADER
        ".visible .entry k(.param .u64 out, .param .u32 n)\n"     /* 4 */
        "{ .reg .pred %p<2>; .reg .b32 %r<24>; .reg .b64 %rd<4>;\n"
        "  ld.param.u64 %rd1, [out];\n"                          /* 6 */
        "  cvta.to.global.u64 %rd2, %rd1;\n"
        "  ld.param.u32 %r1, [n];\n"
        "  mov.u32 %r2, %tid.x;\n"
        "  mov.u32 %r3, %ctaid.x;\n"                             /* 10 */
        "  mad.lo.s32 %r4, %r3, %r1, %r2;\n"
        "  setp.lt.u32 %p1, %r4, %r1;\n"
        "  ld.global.u32 %r5, [%rd2];\n"
        "  mov.u32 %r6, %r2;\n"
        "  add.s32 %r6, %r6, 1;\n"                               /* 15 */
        "  div.u32 %r7, %r1, %r2;\n"
        "  add.s32 %r10, %r2, 1;\n"
        "  add.s32 %r11, %r10, 1;\n"
        "  add.s32 %r12, %r11, 1;\n"
        "  add.s32 %r13, %r12, 1;\n"                             /* 20 */
        "  add.s32 %r14, %r13, 1;\n"
        "  add.s32 %r15, %r14, 1;\n"
        "  add.s32 %r16, %r15, 1;\n"
        "  add.s32 %r17, %r16, 1;\n"
        "  add.s32 %r18, %r17, 1;\n"                             /* 25 */
        "  add.s32 %r19, %r18, 1;\n"
        "  add.s32 %r20, %r19, 1;\n"
        "  add.s32 %r21, %r20, 1;\n"
        "  bar.sync 0;\n"
        "  selp.u32 %r8, %r4, %r5, %p1;\n"                       /* 30 */
        "  add.s32 %r9, %r8, %r6;\n"
        "  add.s32 %r9, %r9, %r7;\n"
        "  add.s32 %r9, %r9, %r20;\n"
        "  add.s32 %r9, %r9, %r21;\n"
        "  st.global.u32 [%rd2], %r9;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 6-29 -> B1; ipdom B1; barrier, live: %p1(recomputable) "
        "%r4(recomputable) %r5 %r6 %r7 %r20(recomputable) %r21 "
        "%rd2(recomputable)\n"
        "  B1: lines 30-36 -> (none); ipdom exit\n"
        "  varying: %p1 %r2 %r4 %r6 %r7 %r8 %r9 %r10 %r11 %r12 %r13 "
        "%r14 %r15 %r16 %r17 %r18 %r19 %r20 %r21\n"
        "  per-warp: %r5\n"
        "  affine: %r2(1) %r4(1) %r6(1) %r10(1) %r11(1) %r12(1) %r13(1) "
        "%r14(1) %r15(1) %r16(1) %r17(1) %r18(1) %r19(1) %r20(1) %r21(1)\n"
        "  block steps: %r3(1) %r4(1*%r1)\n"
        "  aligned: %rd2(256 as %rd1)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 0, local 0, barriers\n");
}

/* Lane-affine registers: %tid.x and %tid.y scaled by constants, plus
 * uniform values, widened at most once where a lane may wrap (a value
 * made of %tid and constants only has a range, and widening it when the
 * narrow type holds that range wraps nothing); anything else is merely
 * varying. */
static void affine(void)
{
    expect_facts("facts_affine", HEADER
        ".visible .entry k(.param .u64 out, .param .u32 n)\n"
        "{ .reg .b32 %r<13>; .reg .b64 %rd<12>;\n"
        "  ld.param.u64 %rd1, [out];\n"                          /* 6 */
        "  ld.param.u32 %r1, [n];\n"
        "  mov.u32 %r2, %tid.x;\n"                               /* 1 */
        "  shl.b32 %r3, %r2, 2;\n"                               /* 4 */
        "  mad.lo.s32 %r4, %r1, 3, %r3;\n"                       /* 4 */
        "  mul.wide.u32 %rd2, %r2, 8;\n"          /* 8, in range */
        "  add.s64 %rd3, %rd1, %rd2;\n"                          /* 8 */
        "  cvt.u64.u32 %rd4, %r3;\n"              /* 4, in range */
        "  add.s64 %rd5, %rd2, %rd4;\n"                         /* 12 */
        "  mul.lo.s32 %r5, %r2, %r1;\n"      /* stride * register: not */
        "  mov.u32 %r6, %tid.y;\n"                               /* y1 */
        "  and.b32 %r7, %r2, 7;\n"                               /* not */
        "  sub.s32 %r8, %r1, %r2;\n"                             /* -1 */
        "  mul.lo.s32 %r9, %r6, %r1;\n"                          /* y? */
        "  mul.lo.s64 %rd6, %rd2, -7046029254386353131;\n" /* too large */
        "  cvt.u64.u32 %rd7, %r4;\n"              /* 4, n * 3 may wrap */
        "  mul.wide.s32 %rd8, %r8, 2;\n"                 /* -2, widened */
        "  add.s64 %rd9, %rd7, %rd8;\n"        /* widened twice: not */
        "  add.s32 %r10, %r2, -5;\n"                             /* 1 */
        "  cvt.u64.u32 %rd10, %r10;\n"     /* below zero in lanes 0-4 */
        "  mul.wide.s32 %rd11, %r10, 4;\n"    /* 4: signed, in range */
        "  or.b32 %r11, %r3, 3;\n"           /* 4: adds to zero bits */
        "  or.b32 %r12, 4, %r3;\n"                   /* not: a carry */
        "  st.global.u32 [%rd3], %r4;\n"
        "  st.global.u64 [%rd3], %rd5;\n"
        "  st.global.u32 [%rd3], %r5;\n"
        "  st.global.u32 [%rd3], %r6;\n"
        "  st.global.u32 [%rd3], %r7;\n"
        "  st.global.u32 [%rd3], %r8;\n"
        "  st.global.u32 [%rd3], %r9;\n"
        "  st.global.u64 [%rd3], %rd6;\n"
        "  st.global.u64 [%rd3], %rd9;\n"
        "  st.global.u64 [%rd3], %rd10;\n"
        "  st.global.u64 [%rd3], %rd11;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 6-40 -> (none); ipdom exit\n"
        "  varying: %r2 %r3 %r4 %r5 %r6 %r7 %r8 %r9 %r10 %r11 %r12 %rd2 %rd3 "
        "%rd4 %rd5 %rd6 %rd7 %rd8 %rd9 %rd10 %rd11\n"
        "  per-warp:\n"
        "  affine: %r2(1) %r3(4) %r4(4) %r6(0,y1) %r8(-1) %r9(0,y?) "
        "%r10(1) %r11(4) %rd2(8) %rd3(8) %rd4(4) %rd5(12) %rd7(4,widened) "
        "%rd8(-2,widened) %rd10(1,widened) %rd11(4)\n"
        "  aligned: %r3(4) %r12(4) %rd2(8) %rd3(8 as %rd1) %rd4(4) %rd5(4) "
        "%rd6(8) %rd8(2) %rd11(4)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 0, local 0\n");
}

/* Low bits known zero, or equal to a parameter's: shared offsets and
 * module data's alignment, scaling, sums (a root survives adding what
 * has none), a loop's induction variable (the fewest of its
 * definitions), two roots meeting (nothing), and what guarantees
 * nothing (a loaded value, %tid, a product with a root). */
static void alignment(void)
{
    expect_facts("facts_alignment", HEADER
        ".global .align 8 .b8 g[64];\n"
        ".visible .entry k(.param .u64 p, .param .u64 q, .param .u32 n)\n"
        "{ .reg .pred %p<2>; .reg .b32 %r<8>; .reg .b64 %rd<16>;\n"
        "  .shared .align 16 .b8 s[96];\n"
        "  ld.param.u64 %rd1, [p];\n"
        "  ld.param.u64 %rd2, [q];\n"
        "  ld.param.u32 %r1, [n];\n"
        "  mov.u32 %r2, %tid.x;\n"
        "  mul.wide.u32 %rd3, %r2, 4;\n"                          /* 4 */
        "  mov.u64 %rd4, s;\n"                                   /* 256 */
        "  add.s64 %rd5, %rd4, %rd3;\n"                            /* 4 */
        "  add.s64 %rd6, %rd1, %rd3;\n"                     /* 4 as p */
        "  add.s64 %rd7, %rd6, 8;\n"                        /* 4 as p */
        "  sub.s64 %rd8, %rd3, %rd1;\n"                   /* nothing */
        "  mov.u64 %rd9, g;\n"                                    /* 16 */
        "  add.s64 %rd10, %rd9, 40;\n"                             /* 8 */
        "  shl.b32 %r3, %r1, 3;\n"           /* 8: a root scaled is not */
        "  mul.lo.s32 %r4, %r1, %r1;\n"                   /* nothing */
        "  mov.u32 %r5, %tid.y;\n"
        "  shl.b32 %r6, %r1, 2;\n"
        "  mul.lo.s32 %r7, %r5, %r6;\n"   /* affine, %tid.y stride by 4 */
        "  mov.u64 %rd11, %rd1;\n"
        "L:\n"
        "  add.s64 %rd11, %rd11, 16;\n"                    /* 16 as p */
        "  setp.lt.u64 %p1, %rd11, %rd2;\n"
        "  @%p1 bra L;\n"
        "  selp.b64 %rd12, %rd1, %rd2, %p1;\n"            /* nothing */
        "  mov.u64 %rd13, %rd1;\n"
        "  @%p1 mov.u64 %rd13, %rd2;\n"             /* two roots: none */
        "  ld.global.u64 %rd14, [%rd5];\n"               /* nothing */
        "  and.b64 %rd15, %rd14, -16;\n"                          /* 16 */
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 8-25 -> B1; ipdom B1\n"
        "  B1: lines 27-29 -> B1 B2; ipdom B2\n"
        "  B2: lines 30-35 -> (none); ipdom exit\n"
        "  varying: %r2 %r5 %r7 %rd3 %rd5 %rd6 %rd7 %rd8 %rd14 %rd15\n"
        "  per-warp:\n"
        "  affine: %r2(1) %r5(0,y1) %r7(0,y?4) %rd3(4) %rd5(4) %rd6(4) "
        "%rd7(4) %rd8(4)\n"
        "  steps: %rd11(16)@B1\n"
        "  tests: B1(%rd11+16 lt %rd2)\n"
        "  aligned: %r3(8) %r6(4) %r7(4) %rd3(4) %rd4(256) %rd5(4) "
        "%rd6(4 as %rd1) %rd7(4 as %rd1) %rd9(16) %rd10(8) "
        "%rd11(16 as %rd1) %rd15(16)\n"
        "shared: static 96, dynamic at 96\n"
        "  .shared s at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 20 bytes [0+8 8+8 16+4], shared 96, local 0\n");
}

/* Static shared first, extern shared after at its alignment; frames
 * hold .local variables; a kernel counts its callees' frames, and a
 * recursive one gets the call-stack budget on top. */
static void layout(void)
{
    expect_facts("facts_layout", HEADER
        ".extern .shared .align 16 .b8 dyn[];\n"
        ".shared .align 4 .b8 a[6];\n"
        ".shared .align 8 .b8 b[8];\n"
        ".visible .func leaf()\n"
        "{ .local .align 8 .b8 depot[40]; ret; }\n"
        ".visible .func rec()\n"
        "{ .local .align 4 .b8 mine[4]; call rec, (); ret; }\n"
        ".visible .entry k(.param .u32 x, .param .u64 p, .param .u8 c)\n"
        "{ .local .align 4 .b8 own[20]; .reg .b64 %rd<2>;\n"
        "  mov.u64 %rd1, b; call leaf, (); ret; }\n"
        ".visible .entry r()\n"
        "{ .reg .b64 %rd<2>; mov.u64 %rd1, dyn; call rec, (); ret; }\n",
        ".func leaf\n"
        "  B0: lines 8-8 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned:\n"
        ".func rec\n"
        "  B0: lines 10-10 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned:\n"
        ".entry k\n"
        "  B0: lines 13-13 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned: %rd1(8)\n"
        ".entry r\n"
        "  B0: lines 15-15 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned: %rd1(16)\n"
        "shared: static 16, dynamic at 16\n"
        "  .shared dyn at 16\n"
        "  .shared a at 0\n"
        "  .shared b at 8\n"
        ".func leaf: frame 48\n"
        "  .local depot at 0\n"
        ".func rec: frame 16\n"
        "  .local mine at 0\n"
        ".entry k: frame 32\n"
        "  .local own at 0\n"
        ".entry r: frame 0\n"
        "kernel k: params 17 bytes [0+4 8+8 16+1], shared 8, local 80\n"
        "kernel r: params 0 bytes [], shared 0, local 8208, recursive\n");
}

/* CUX_DUMP: `ptx` prints the module as parsed, `ir` as lowered (the
 * barrier function copied into the kernel, so no call is left). */
static void dumps(void)
{
    unsigned all = CUX_DUMP_PTX | CUX_DUMP_IR | CUX_DUMP_ANALYSIS | CUX_DUMP_C;
    bool ok = cux_dump_flags("ptx,ir,analysis,c") == all &&
              cux_dump_flags("ir") == CUX_DUMP_IR && cux_dump_flags("") == 0;
    const char ptx[] = HEADER
        ".func sync_all() { bar.sync 0; ret; }\n"
        ".visible .entry k() { call sync_all, (); ret; }\n";
    for (unsigned which = CUX_DUMP_PTX; which <= CUX_DUMP_IR; which <<= 3) {
        cux_diag diag = {0};
        cux_ptx_module *m = cux_ptx_parse(ptx, strlen(ptx), "d", &diag);
        cux_module_analysis an;
        cux_strbuf got = {0};
        bool loaded = m && cux_analyze_module(m, which, &got, &an, &diag);
        if (loaded)
            cux_module_analysis_free(&an);
        bool has_call = got.data && strstr(got.data, "call");
        ok = ok && loaded && has_call == (which == CUX_DUMP_PTX);
        cux_strbuf_free(&got);
        cux_ptx_module_free(m);
    }
    printf("%s dump_ptx_and_ir\n", ok ? "PASS" : "FAIL");
    failures += !ok;
}

/* The block level: %warpid and a load from shared memory are uniform in a
 * warp but not across warps, a branch on them runs its side in some warps
 * only, and what that side writes is per-warp; a tree step's bound from
 * %ntid and a value from ld.global.nc stay uniform across the block, and
 * `tid < s` is varying as before. */
static void block_uniformity(void)
{
    expect_facts("facts_block_uniform", HEADER
        ".visible .entry k(.param .u64 in, .param .u64 out)\n"   /* 4 */
        "{ .reg .pred %p<4>; .reg .b32 %r<12>; .reg .b64 %rd<4>;\n"
        "  .shared .align 4 .b8 s[128];\n"
        "  ld.param.u64 %rd1, [in];\n"                           /* 7 */
        "  ld.global.nc.u32 %r1, [%rd1];\n"
        "  mov.u32 %r2, %warpid;\n"
        "  ld.shared.u32 %r3, [s];\n"                            /* 10 */
        "  mov.u32 %r4, %tid.x;\n"
        "  mov.u32 %r5, %ntid.x;\n"
        "  shr.u32 %r6, %r5, 1;\n"
        "  mov.u32 %r7, 0;\n"                                    /* 14 */
        "  setp.eq.u32 %p1, %r2, 0;\n"
        "  @%p1 bra L_first;\n"
        "  add.u32 %r7, %r3, %r1;\n"                             /* 17 */
        "L_first:\n"
        "  setp.lt.u32 %p2, %r4, %r6;\n"                         /* 19 */
        "  @!%p2 bra L_done;\n"
        "  add.u32 %r8, %r1, %r6;\n"                             /* 21 */
        "  st.shared.u32 [s], %r8;\n"
        "L_done:\n"
        "  bar.sync 0;\n"                                        /* 24 */
        "  ld.param.u64 %rd2, [out];\n"
        "  add.u32 %r9, %r7, %r6;\n"
        "  st.global.u32 [%rd2], %r9;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 7-16 -> B2 B1; ipdom B2\n"
        "  B1: lines 17-17 -> B2; ipdom B2; some warps\n"
        "  B2: lines 19-20 -> B4 B3; ipdom B4\n"
        "  B3: lines 21-22 -> B4; ipdom B4; partial\n"
        "  B4: lines 24-24 -> B5; ipdom B5; barrier, live: %r6(recomputable) "
        "%r7\n"
        "  B5: lines 25-28 -> (none); ipdom exit\n"
        "  varying: %p2 %r4\n"
        "  per-warp: %p1 %r2 %r3 %r7 %r9\n"
        "  affine: %r4(1)\n"
        "  aligned:\n"
        "shared: static 128, dynamic at 128\n"
        "  .shared s at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 16 bytes [0+8 8+8], shared 128, local 0, "
        "barriers\n");
}

/* Which kernels reach the heap or printf, through device functions too
 * (cudaDeviceSetLimit refuses to resize them after such a launch). */
static void runtime_services(void)
{
    expect_facts("facts_services", HEADER
        ".extern .func (.param .b64 r) malloc(.param .b64 n);\n"
        ".extern .func free(.param .b64 p);\n"
        ".extern .func (.param .b32 r) vprintf(.param .b64 f, "
        ".param .b64 a);\n"
        ".func grab()\n"
        "{ .reg .b64 %rd<3>; mov.u64 %rd1, 16;\n"
        "  { .param .b64 n; .param .b64 r; st.param.b64 [n], %rd1;\n"
        "    call.uni (r), malloc, (n); ld.param.b64 %rd2, [r]; }\n"
        "  { .param .b64 p; st.param.b64 [p], %rd2;\n"
        "    call.uni free, (p); }\n"
        "  ret; }\n"
        ".visible .entry heap()\n{ call.uni grab, (); ret; }\n"
        ".visible .entry say()\n"
        "{ .reg .b64 %rd<2>; mov.u64 %rd1, 0;\n"
        "  { .param .b64 f; .param .b64 a; .param .b32 r;\n"
        "    st.param.b64 [f], %rd1; st.param.b64 [a], %rd1;\n"
        "    call.uni (r), vprintf, (f, a); }\n"
        "  ret; }\n"
        ".visible .entry none()\n{ ret; }\n",
        ".func grab\n"
        "  B0: lines 8-13 -> (none); ipdom exit\n"
        "  varying: %rd2\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned: %rd1(16)\n"
        ".entry heap\n"
        "  B0: lines 15-15 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned:\n"
        ".entry say\n"
        "  B0: lines 17-21 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned: %rd1(256)\n"
        ".entry none\n"
        "  B0: lines 23-23 -> (none); ipdom exit\n"
        "  varying:\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned:\n"
        "shared: static 0, dynamic at 0\n"
        ".func grab: frame 0\n"
        ".entry heap: frame 0\n"
        ".entry say: frame 0\n"
        ".entry none: frame 0\n"
        "kernel heap: params 0 bytes [], shared 0, local 0, heap\n"
        "kernel say: params 0 bytes [], shared 0, local 0, printf\n"
        "kernel none: params 0 bytes [], shared 0, local 0\n");
}

/* Grid-stride loops: the index steps by a register (gridDim.x *
 * blockDim.x), each load's address and the exit test's counter are
 * linear forms of it (the test's counter read after the step, so it
 * includes it).  The second loop tests with `ne`, which bounds no trip
 * ahead; the third leaves from its header, not its latch: neither has a
 * test. */
static void loop_tests(void)
{
    expect_facts("facts_loop_tests", HEADER
        ".visible .entry k(.param .u64 in, .param .u32 n)\n"     /* 4 */
        "{ .reg .pred %p<5>; .reg .b32 %r<12>; .reg .b64 %rd<8>;\n"
        "  .reg .f32 %f<4>;\n"
        "  ld.param.u64 %rd1, [in];\n"                           /* 7 */
        "  ld.param.u32 %r1, [n];\n"
        "  cvta.to.global.u64 %rd2, %rd1;\n"
        "  mov.u32 %r2, %ntid.x;\n"                              /* 10 */
        "  mov.u32 %r3, %nctaid.x;\n"
        "  mul.lo.s32 %r4, %r3, %r2;\n"
        "  mov.u32 %r5, %tid.x;\n"                               /* 13 */
        "  mov.f32 %f1, 0f00000000;\n"
        "  mov.u32 %r6, %r5;\n"
        "L_sum:\n"
        "  add.s32 %r7, %r6, 7;\n"                               /* 17 */
        "  mul.wide.u32 %rd3, %r7, 4;\n"
        "  add.s64 %rd4, %rd2, %rd3;\n"
        "  ld.global.f32 %f2, [%rd4+8];\n"                       /* 20 */
        "  add.f32 %f1, %f1, %f2;\n"
        "  add.s32 %r6, %r6, %r4;\n"
        "  add.s32 %r8, %r6, 7;\n"                               /* 23 */
        "  setp.lt.u32 %p1, %r8, %r1;\n"
        "  @%p1 bra L_sum;\n"
        "  mov.u32 %r9, %r5;\n"                                  /* 26 */
        "L_ne:\n"
        "  add.s32 %r9, %r9, 1;\n"                               /* 28 */
        "  setp.ne.s32 %p2, %r9, %r1;\n"
        "  @%p2 bra L_ne;\n"
        "  mov.u32 %r10, 0;\n"                                   /* 31 */
        "L_top:\n"
        "  setp.ge.s32 %p3, %r10, %r1;\n"                        /* 33 */
        "  @%p3 bra L_done;\n"
        "  add.s32 %r10, %r10, 2;\n"
        "  bra L_top;\n"                                         /* 36 */
        "L_done:\n"
        "  st.global.f32 [%rd2], %f1;\n"                         /* 38 */
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 7-15 -> B1; ipdom B1\n"
        "  B1: lines 17-25 -> B1 B2; ipdom B2; partial\n"
        "  B2: lines 26-26 -> B3; ipdom B3\n"
        "  B3: lines 28-30 -> B3 B4; ipdom B4; partial\n"
        "  B4: lines 31-31 -> B5; ipdom B5\n"
        "  B5: lines 33-34 -> B7 B6; ipdom B7\n"
        "  B6: lines 35-36 -> B5; ipdom B5\n"
        "  B7: lines 38-39 -> (none); ipdom exit\n"
        "  varying: %p1 %p2 %r5 %r6 %r7 %r8 %r9 %rd3 %rd4 %f1 %f2\n"
        "  per-warp:\n"
        "  affine: %r5(1) %r6(1) %r7(1) %r8(1) %r9(1) %rd3(4,widened) "
        "%rd4(4,widened)\n"
        "  steps: %r6(%r4)@B1 %r7(%r4)@B1 %r8(%r4)@B1 %r9(1)@B3 %r10(2)@B5 "
        "%rd3(4*%r4)@B1 %rd4(4*%r4)@B1\n"
        "  tests: B1(%r6+%r4+7 lt %r1; line 20: 4*%r6+%rd2+36)\n"
        "  aligned: %r10(2) %rd2(256 as %rd1) %rd3(4) %rd4(4 as %rd1)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 0, local 0\n");
}

/* Steps and forms that would leave 48 bits are not steps: a step of
 * 2^30 twice over overflows no arithmetic of the analysis, and neither
 * does an address offset near the top of the range. */
static void loop_step_overflow(void)
{
    expect_facts("facts_loop_step_overflow", HEADER
        ".visible .entry k(.param .u64 in, .param .u32 n)\n"     /* 4 */
        "{ .reg .pred %p<2>; .reg .b32 %r<8>; .reg .b64 %rd<8>;\n"
        "  ld.param.u64 %rd1, [in];\n"                           /* 6 */
        "  ld.param.u32 %r1, [n];\n"
        "  mov.u32 %r2, %tid.x;\n"
        "L_loop:\n"
        "  shl.b32 %r3, %r2, 30;\n"                              /* 10 */
        "  shl.b32 %r4, %r3, 30;\n"
        "  mul.wide.s32 %rd2, %r2, 4;\n"
        "  add.s64 %rd3, %rd1, %rd2;\n"                          /* 13 */
        "  ld.global.u32 %r5, [%rd3+9223372036854775807];\n"
        "  add.s32 %r2, %r2, 1;\n"
        "  setp.lt.s32 %p1, %r2, %r1;\n"                         /* 16 */
        "  @%p1 bra L_loop;\n"
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 6-8 -> B1; ipdom B1\n"
        "  B1: lines 10-17 -> B1 B2; ipdom B2; partial\n"
        "  B2: lines 18-18 -> (none); ipdom exit\n"
        "  varying: %p1 %r2 %r3 %r4 %r5 %rd2 %rd3\n"
        "  per-warp:\n"
        "  affine: %r2(1) %rd2(4,widened) %rd3(4,widened)\n"
        "  steps: %r2(1)@B1 %r3(1073741824)@B1 %rd2(4)@B1 %rd3(4)@B1\n"
        "  tests: B1(%r2+1 lt %r1)\n"
        "  aligned: %r3(256) %r4(256) %rd2(4) %rd3(4 as %rd1)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 0, local 0\n");
}

/* Steps from one block to the next: %ctaid.x by 1, scaled by a value of
 * the block (%ntid.x shifted, through a register a loop later halves,
 * read where only its first definition reaches), clang's `or` after a
 * shift, a mad, a widening; a load and a product of two stepping values
 * do not step. */
static void block_steps(void)
{
    expect_facts("facts_block_steps", HEADER
        ".visible .entry k(.param .u64 in)\n"                    /* 4 */
        "{ .reg .pred %p<2>; .reg .b32 %r<14>; .reg .b64 %rd<6>;\n"
        "  ld.param.u64 %rd1, [in];\n"                           /* 6 */
        "  mov.u32 %r1, %ctaid.x;\n"
        "  mov.u32 %r2, %ntid.x;\n"
        "  shl.b32 %r3, %r2, 1;\n"                               /* 9 */
        "  mul.lo.s32 %r4, %r3, %r1;\n"
        "  shl.b32 %r5, %r1, 1;\n"
        "  or.b32 %r6, %r5, 1;\n"                                /* 12 */
        "  mov.u32 %r7, %tid.x;\n"
        "  mad.lo.s32 %r8, %r1, 96, %r7;\n"
        "  mul.wide.u32 %rd2, %r4, 4;\n"                         /* 15 */
        "  add.s64 %rd3, %rd1, %rd2;\n"
        "  ld.global.u32 %r9, [%rd3];\n"
        "  mul.lo.s32 %r10, %r1, %r4;\n"                         /* 18 */
        "L_half:\n"
        "  shr.u32 %r2, %r2, 1;\n"                               /* 20 */
        "  setp.gt.u32 %p1, %r2, 1;\n"
        "  @%p1 bra L_half;\n"
        "  mul.lo.s32 %r11, %r2, %r1;\n"                         /* 23 */
        "  ret; }\n",
        ".entry k\n"
        "  B0: lines 6-18 -> B1; ipdom B1\n"
        "  B1: lines 20-22 -> B1 B2; ipdom B2\n"
        "  B2: lines 23-24 -> (none); ipdom exit\n"
        "  varying: %r7 %r8\n"
        "  per-warp: %r9\n"
        "  affine: %r7(1) %r8(1)\n"
        "  block steps: %r1(1) %r4(2*ntid.x) %r5(2) %r6(2) %r8(96) "
        "%rd2(8*ntid.x) %rd3(8*ntid.x)\n"
        "  aligned: %r3(2) %r4(2) %r5(2) %r10(2) %rd2(8) %rd3(8 as %rd1)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 8 bytes [0+8], shared 0, local 0\n");
}

/* What both sides of a divergent branch begin with counts as written at
 * the branch (shared_heads.c): clang's `cvt; add` on each side of `if (x
 * > 1)` leaves %rd3, %rd4 and, through registers named differently on
 * each side (%rd5, %rd7), %rd6 lane-affine after the sides meet; %rd8,
 * which the sides compute differently, is not. */
static void shared_heads(void)
{
    expect_facts("facts_shared_heads", HEADER
        ".visible .entry k(.param .u64 out, .param .u32 n)\n"
        "{ .reg .pred %p<6>; .reg .b32 %r<8>; .reg .b64 %rd<16>;\n"
        "  ld.param.u64 %rd1, [out];\n"
        "  ld.param.u32 %r1, [n];\n"
        "  mov.u32 %r2, %tid.x;\n"
        "  mov.u32 %r3, %tid.y;\n"
        "  mul.lo.s32 %r4, %r3, %r1;\n"
        "  cvt.s64.s32 %rd2, %r4;\n"
        "  setp.gt.s32 %p1, %r2, 1;\n"
        "  @%p1 bra A;\n"
        "  bra.uni B;\n"
        "A:\n"
        "  setp.lt.s32 %p2, %r2, %r1;\n"
        "  cvt.s64.s32 %rd3, %r2;\n"
        "  add.s64 %rd4, %rd3, %rd2;\n"
        "  cvt.s64.s32 %rd5, %r1;\n"
        "  add.s64 %rd6, %rd4, %rd5;\n"
        "  add.s64 %rd8, %rd3, 1;\n"
        "  @!%p2 bra C;\n"
        "  st.global.u32 [%rd1], %r2;\n"
        "  bra.uni C;\n"
        "B:\n"
        "  cvt.s64.s32 %rd3, %r2;\n"
        "  add.s64 %rd4, %rd3, %rd2;\n"
        "  cvt.s64.s32 %rd7, %r1;\n"
        "  add.s64 %rd6, %rd4, %rd7;\n"
        "  add.s64 %rd8, %rd3, 2;\n"
        "C:\n"
        "  shl.b64 %rd9, %rd6, 2;\n"
        "  add.s64 %rd10, %rd1, %rd9;\n"
        "  st.global.u32 [%rd10], %r2;\n"
        "  add.s64 %rd11, %rd1, %rd8;\n"
        "  st.global.u32 [%rd11], %r2;\n"
        "  ret; }\n"
        ,
        ".entry k\n"
        "  B0: lines 6-13 -> B2 B1; ipdom B5\n"
        "  B1: lines 14-14 -> B4; ipdom B4; partial\n"
        "  B2: lines 16-22 -> B5 B3; ipdom B5; partial\n"
        "  B3: lines 23-24 -> B5; ipdom B5; partial\n"
        "  B4: lines 26-30 -> B5; ipdom B5; partial\n"
        "  B5: lines 32-37 -> (none); ipdom exit\n"
        "  varying: %p1 %p2 %r2 %r3 %r4 %rd2 %rd3 %rd4 %rd6 %rd8 %rd9 %rd10 "
        "%rd11\n"
        "  per-warp:\n"
        "  affine: %r2(1) %r3(0,y1) %r4(0,y?) %rd2(0,y?,widened) %rd3(1) "
        "%rd4(1,y?,widened) %rd6(1,y?,widened) %rd9(4,y?4,widened) "
        "%rd10(4,y?4,widened)\n"
        "  aligned: %rd5(256 as %r1) %rd7(256 as %r1) %rd9(4) "
        "%rd10(4 as %rd1)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 0, local 0\n");
}

/* ...and nothing is gained where one side first changes what the shared
 * instruction reads (`add.s32 %r2, %r2, 1` before side A's `cvt`): the
 * pair is not taken as one value (shared_heads.c), and %r2 itself is
 * seen by lanes that did not write it. */
static void shared_heads_in_order(void)
{
    expect_facts("facts_shared_heads_in_order", HEADER
        ".visible .entry k(.param .u64 out, .param .u32 n)\n"
        "{ .reg .pred %p<6>; .reg .b32 %r<8>; .reg .b64 %rd<16>;\n"
        "  ld.param.u64 %rd1, [out];\n"
        "  ld.param.u32 %r1, [n];\n"
        "  mov.u32 %r2, %tid.x;\n"
        "  setp.gt.s32 %p1, %r2, 1;\n"
        "  @%p1 bra A;\n"
        "  bra.uni B;\n"
        "A:\n"
        "  add.s32 %r2, %r2, 1;\n"
        "  cvt.s64.s32 %rd3, %r2;\n"
        "  bra.uni C;\n"
        "B:\n"
        "  cvt.s64.s32 %rd3, %r2;\n"
        "C:\n"
        "  shl.b64 %rd9, %rd3, 2;\n"
        "  add.s64 %rd10, %rd1, %rd9;\n"
        "  st.global.u32 [%rd10], %r2;\n"
        "  ret; }\n"
        ,
        ".entry k\n"
        "  B0: lines 6-10 -> B2 B1; ipdom B4\n"
        "  B1: lines 11-11 -> B3; ipdom B3; partial\n"
        "  B2: lines 13-15 -> B4; ipdom B4; partial\n"
        "  B3: lines 17-17 -> B4; ipdom B4; partial\n"
        "  B4: lines 19-22 -> (none); ipdom exit\n"
        "  varying: %p1 %r2 %rd3 %rd9 %rd10\n"
        "  per-warp:\n"
        "  affine:\n"
        "  aligned: %rd9(4) %rd10(4 as %rd1)\n"
        "shared: static 0, dynamic at 0\n"
        ".entry k: frame 0\n"
        "kernel k: params 12 bytes [0+8 8+4], shared 0, local 0\n");
}

int main(void)
{
    dumps();
    loop_tests();
    loop_step_overflow();
    block_steps();
    affine();
    shared_heads();
    shared_heads_in_order();
    alignment();
    divergence_and_barrier();
    nothing_to_save_before_first_write();
    tree_step_temporaries();
    recomputed_across_barrier();
    layout();
    block_uniformity();
    runtime_services();
    return failures != 0;
}
