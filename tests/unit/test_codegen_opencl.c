/* test_codegen_opencl.c: the OpenCL code generator on PTX snippets (what
 * it cannot translate leaves the kernel out with a reason naming the PTX
 * line, the construct and the kernel; the module's other kernels stay;
 * divergent barriers and collectives run in rounds, converged ones do
 * not), and the OpenCL device's arena allocator.
 * Build: src/dev/opencl/ocl_heap.c (with the compiler core). */
#include "codegen/opencl/codegen_opencl.h"
#include "dev/opencl/opencl.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void report(bool ok, const char *name, const char *detail)
{
    printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail ? ": " : "",
           detail ? detail : "");
    if (!ok)
        failures++;
}

#define HEAD ".version 7.0\n.target sm_80\n.address_size 64\n"

typedef struct generated {
    cux_ptx_module *m;
    cux_module_analysis an;
    cux_ocl_result res;
} generated;

static bool generate(const char *text, generated *g)
{
    cux_diag diag = {0};
    memset(g, 0, sizeof *g);
    g->m = cux_ptx_parse(text, strlen(text), "t.ptx", &diag);
    if (!g->m || !cux_analyze_module(g->m, 0, NULL, &g->an, &diag)) {
        printf("  %s\n", diag.message);
        return false;
    }
    cux_codegen_opencl(g->m, &g->an, &g->res);
    return true;
}

static void release(generated *g)
{
    cux_ocl_result_free(&g->res);
    cux_module_analysis_free(&g->an);
    cux_ptx_module_free(g->m);
}

/* The error of the kernel called `name`, or "(none)" / "(absent)". */
static const char *kernel_error(const generated *g, const char *name)
{
    for (uint32_t k = 0; k < g->res.n_kernels; k++)
        if (!strcmp(g->m->funcs[g->res.kernels[k].func].name, name))
            return g->res.kernels[k].error ? g->res.kernels[k].error
                                           : "(none)";
    return "(absent)";
}

/* Kernel `bad` of the module must be refused with every one of `what`
 * (NULL-terminated) in its reason, and kernel `good` translated. */
static void expect_refused(const char *name, const char *text,
                           const char *bad, const char *good,
                           const char *const *what)
{
    generated g;
    if (!generate(text, &g)) {
        report(false, name, "did not parse");
        return;
    }
    const char *err = kernel_error(&g, bad);
    bool ok = strcmp(err, "(none)") && strcmp(err, "(absent)");
    for (const char *const *w = what; *w; w++)
        ok = ok && strstr(err, *w);
    if (good)
        ok = ok && !strcmp(kernel_error(&g, good), "(none)") &&
             strstr(g.res.source.data, "__kernel void");
    char detail[700];
    snprintf(detail, sizeof detail, "%s", err);
    report(ok, name, detail);
    release(&g);
}

#define GOOD_KERNEL                                                       \
    ".visible .entry good(.param .u64 p)\n{\n"                            \
    "  .reg .b32 %r<3>;\n  .reg .b64 %rd<3>;\n"                           \
    "  ld.param.u64 %rd1, [p];\n  cvta.to.global.u64 %rd2, %rd1;\n"       \
    "  mov.u32 %r1, %tid.x;\n  st.global.u32 [%rd2], %r1;\n  ret;\n}\n"

static void refusals(void)
{
    expect_refused("a warp collective in a device function is refused",
        HEAD GOOD_KERNEL
        ".visible .func (.param .b32 r) f(.param .b32 a)\n{\n"
        "  .reg .b32 %r<3>;\n"
        "  ld.param.b32 %r1, [a];\n"
        "  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;\n"
        "  st.param.b32 [r], %r2;\n  ret;\n}\n"
        ".visible .entry calls(.param .u64 p)\n{\n"
        "  .reg .b32 %r<3>;\n"
        "  { .param .b32 a1; st.param.b32 [a1], 1;\n"
        "    .param .b32 r1;\n"
        "    call.uni (r1), f, (a1);\n"
        "    ld.param.b32 %r2, [r1]; }\n  ret;\n}\n",
        "calls", "good",
        (const char *const[]){"device function", "shfl", NULL});
    expect_refused("bar.red on a named barrier is refused, naming it",
        HEAD GOOD_KERNEL
        ".visible .entry named(.param .u64 p)\n{\n"
        "  .reg .pred %p<3>;\n  .reg .b32 %r<3>;\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  setp.gt.u32 %p1, %r1, 5;\n"
        "  @%p1 bra DONE;\n"
        "  bar.red.or.pred %p2, 1, 64, %p1;\n"
        "DONE:\n  ret;\n}\n",
        "named", "good",
        (const char *const[]){"t.ptx:21:", "barrier form", NULL});
    expect_refused("recursion through a function pointer is refused", HEAD
        ".visible .func g()\n{\n"
        "  .reg .b64 %rd<2>;\n"
        "  mov.u64 %rd1, g;\n"
        "  proto: .callprototype ()_ ();\n"
        "  call %rd1, (), proto;\n  ret;\n}\n"
        ".visible .entry ind(.param .u64 p)\n{\n"
        "  .reg .b64 %rd<2>;\n"
        "  mov.u64 %rd1, g;\n"
        "  proto: .callprototype ()_ ();\n"
        "  call %rd1, (), proto;\n  ret;\n}\n",
        "ind", NULL, (const char *const[]){"recursion", NULL});
    expect_refused("malloc with a size that is not 64-bit is refused", HEAD
        ".extern .func (.param .b64 r) malloc(.param .b32 n);\n"
        ".visible .entry heap(.param .u64 p)\n{\n"
        "  .reg .b64 %rd<2>;\n"
        "  { .param .b32 n1; st.param.b32 [n1], 16;\n"
        "    .param .b64 r1;\n"
        "    call.uni (r1), malloc, (n1);\n"
        "    ld.param.b64 %rd1, [r1]; }\n  ret;\n}\n",
        "heap", NULL, (const char *const[]){"malloc", "64-bit", NULL});
    expect_refused("an unknown runtime external is refused", HEAD
        ".extern .func (.param .b64 r) cudaGetParameterBuffer(.param .b64 a, "
        ".param .b64 n);\n"
        ".visible .entry ext(.param .u64 p)\n{\n"
        "  .reg .b64 %rd<2>;\n"
        "  { .param .b64 a1; st.param.b64 [a1], 16;\n"
        "    .param .b64 n1; st.param.b64 [n1], 16;\n"
        "    .param .b64 r1;\n"
        "    call.uni (r1), cudaGetParameterBuffer, (a1, n1);\n"
        "    ld.param.b64 %rd1, [r1]; }\n  ret;\n}\n",
        "ext", NULL, (const char *const[]){"cudaGetParameterBuffer", NULL});
}

/* The runtime's services and what OpenCL C has no construct for
 * translate into the prelude's: malloc and free (the device heap), a
 * call through a function pointer (a switch over the address-taken
 * functions), a texture fetch and a surface store, a clock read, a
 * 16-bit CAS (the containing word's) and packed half arithmetic. */
static void services(void)
{
    generated g;
    bool ok = generate(HEAD
        ".extern .func (.param .b64 r) malloc(.param .b64 n);\n"
        ".extern .func free(.param .b64 p);\n"
        ".visible .func (.param .b32 r) twice(.param .b32 x)\n{\n"
        "  .reg .b32 %r<3>;\n  ld.param.b32 %r1, [x];\n"
        "  add.s32 %r2, %r1, %r1;\n  st.param.b32 [r], %r2;\n  ret;\n}\n"
        ".visible .entry svc(.param .u64 t, .param .u64 out)\n{\n"
        "  .reg .b16 %h<4>;\n  .reg .b32 %r<12>;\n  .reg .f32 %f<5>;\n"
        "  .reg .b64 %rd<8>;\n"
        "  ld.param.u64 %rd1, [t];\n  ld.param.u64 %rd2, [out];\n"
        "  { .param .b64 n1; st.param.b64 [n1], 64;\n"
        "    .param .b64 r1;\n    call.uni (r1), malloc, (n1);\n"
        "    ld.param.b64 %rd3, [r1]; }\n"
        "  { .param .b64 p1; st.param.b64 [p1], %rd3;\n"
        "    call.uni free, (p1); }\n"
        "  mov.u64 %rd4, twice;\n"
        "  { .param .b32 x1; st.param.b32 [x1], 3;\n    .param .b32 r2;\n"
        "    proto: .callprototype (.param .b32 _) _ (.param .b32 _);\n"
        "    call (r2), %rd4, (x1), proto;\n    ld.param.b32 %r1, [r2]; }\n"
        "  tex.2d.v4.f32.f32 {%f1, %f2, %f3, %f4}, [%rd1, {%f1, %f2}];\n"
        "  sust.b.2d.b32.trap [%rd1, {%r1, %r1}], {%r1};\n"
        "  mov.u64 %rd5, %clock64;\n"
        "  atom.global.cas.b16 %h1, [%rd2], %h2, %h3;\n"
        "  fma.rn.f16x2 %r2, %r3, %r4, %r5;\n"
        "  ret;\n}\n", &g);
    const char *src = ok ? g.res.source.data : "";
    ok = ok && !strcmp(kernel_error(&g, "svc"), "(none)") &&
         strstr(src, "cux_malloc(A_, AB_,") && strstr(src, "cux_free(A_, AB_,") &&
         strstr(src, "case CUX_FUNC_ADDRESS(") &&
         strstr(src, "cux_tex_sample(") && strstr(src, "cux_surf_address(") &&
         strstr(src, "cux_clock64(A_)") && strstr(src, "0xffffu << sh_") &&
         strstr(src, "cux_fma_odd(");
    report(ok, "malloc, free, an indirect call, tex, sust, %clock64, a "
           "16-bit CAS and packed half fma translate",
           ok ? NULL : (g.m ? kernel_error(&g, "svc") : "parse failed"));
    if (g.m)
        release(&g);
}

/* A function that calls itself: a resumable body, which keeps across
 * its call the register it reads after it (%r1, r3 in the IR) but not
 * the argument it passes (%r2, r4), and a driver that the kernel calls
 * by the function's usual name, then stops if the chain faulted. */
static void recursion(void)
{
    generated g;
    bool ok = generate(HEAD
        ".visible .func (.param .b32 r) f(.param .b32 a)\n{\n"
        "  .reg .pred %p<2>;\n  .reg .b32 %r<5>;\n"
        "  ld.param.b32 %r1, [a];\n"
        "  setp.lt.s32 %p1, %r1, 1;\n"
        "  mov.u32 %r4, 0;\n"
        "  @%p1 bra DONE;\n"
        "  add.s32 %r2, %r1, -1;\n"
        "  { .param .b32 a1; st.param.b32 [a1], %r2;\n"
        "    .param .b32 r1;\n"
        "    call.uni (r1), f, (a1);\n"
        "    ld.param.b32 %r3, [r1]; }\n"
        "  add.s32 %r4, %r3, %r1;\n"
        "DONE:\n  st.param.b32 [r], %r4;\n  ret;\n}\n"
        ".visible .entry rec(.param .u64 p)\n{\n"
        "  .reg .b32 %r<3>;\n"
        "  { .param .b32 a1; st.param.b32 [a1], 5;\n"
        "    .param .b32 r1;\n"
        "    call.uni (r1), f, (a1);\n"
        "    ld.param.b32 %r2, [r1]; }\n  ret;\n}\n", &g);
    const char *src = ok ? g.res.source.data : "";
    ok = ok && !strcmp(kernel_error(&g, "rec"), "(none)") &&
         strstr(src, "static int cux_f0_body(") &&
         strstr(src, "case 1u: goto R1_;") &&
         strstr(src, "F_[0] = 1; return 0;") &&
         strstr(src, "(F_ + 6) = r3;") &&
         strstr(src, "r3 = *(__private uint *)(F_ + 6);") &&
         !strstr(src, " = r4;\n") &&
         strstr(src, "c_ = cux_f0_body(") &&
         strstr(src, "cux_bad_address(A_, (ulong)(top_ + 1), 7u)") &&
         strstr(src, "cux_f0(A_, AB_, S_, L_, SP_ + 0u") &&
         strstr(src, "if (cux_faulted(A_))");
    report(ok, "recursion runs on a stack of resumable bodies",
           ok ? NULL : src);
    if (g.m)
        release(&g);
}

/* A plain barrier and shared memory translate; the generated code names
 * the barrier and the shared window. */
static void translation(void)
{
    generated g;
    bool ok = generate(HEAD
        ".visible .entry sh(.param .u64 p)\n{\n"
        "  .reg .b32 %r<4>;\n  .reg .b64 %rd<4>;\n"
        "  .shared .align 4 .b8 s[128];\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  mul.wide.u32 %rd1, %r1, 4;\n"
        "  mov.u64 %rd2, s;\n  add.s64 %rd3, %rd2, %rd1;\n"
        "  st.shared.u32 [%rd3], %r1;\n"
        "  bar.sync 0;\n"
        "  ld.shared.u32 %r2, [%rd3];\n"
        "  atom.shared.add.u32 %r3, [%rd3], 1;\n"
        "  shfl.sync.down.b32 %r3, %r2, 16, 31, -1;\n"
        "  ret;\n}\n", &g);
    ok = ok && !strcmp(kernel_error(&g, "sh"), "(none)") &&
         strstr(g.res.source.data, "barrier(") &&
         strstr(g.res.source.data, "CUX_SHARED(") &&
         strstr(g.res.source.data, "atomic_cmpxchg") &&
         strstr(g.res.source.data, "cux_xch_[");
    report(ok, "barrier, shared memory, a shared atomic and a converged "
           "shuffle translate",
           ok ? NULL : g.res.source.data);
    if (g.m)
        release(&g);
}

/* A kernel whose shuffle or barrier only some threads reach runs in
 * rounds (ocl_rounds.c): one loop around the body whose round ends at
 * the one barrier pair; the threads' waits and operands in __local
 * records; the module gets the rounds' helpers.  A converged kernel
 * beside it keeps the exchange of ocl_warp.c. */
static void expect_rounds(const char *name, const char *text,
                          const char *const *what)
{
    generated g;
    bool ok = generate(text, &g);
    const char *src = ok && g.res.source.data ? g.res.source.data : "";
    ok = ok && !strcmp(kernel_error(&g, "divergent"), "(none)") &&
         !strcmp(kernel_error(&g, "converged"), "(none)");
    for (const char *const *w = what; *w; w++)
        ok = ok && strstr(src, *w);
    /* one barrier pair in the divergent kernel: its body has none */
    const char *div = strstr(src, "__kernel void cux_k1(");
    const char *conv = strstr(src, "__kernel void cux_k0(");
    int barriers = 0;
    for (const char *p = div; p && (p = strstr(p, "barrier(CLK_")); p++)
        barriers++;
    const char *rw = conv ? strstr(conv, "cux_rw_") : NULL;
    const char *xch = conv ? strstr(conv, "cux_xch_[") : NULL;
    ok = ok && div && conv && div > conv &&
         barriers == 3 && /* the start and the pair */
         xch && xch < div && rw && rw > div && !strstr(div, "cux_xch_");
    report(ok, name, ok ? NULL : src);
    if (g.m)
        release(&g);
}

#define CONVERGED_KERNEL                                                  \
    ".visible .entry converged(.param .u64 p)\n{\n"                       \
    "  .reg .b32 %r<3>;\n"                                                \
    "  mov.u32 %r1, %tid.x;\n"                                            \
    "  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;\n  ret;\n}\n"

static void rounds(void)
{
    expect_rounds("a shuffle only some threads reach runs in rounds",
        HEAD CONVERGED_KERNEL
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  .reg .pred %p<2>;\n  .reg .b32 %r<3>;\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  setp.gt.u32 %p1, %r1, 5;\n"
        "  @%p1 bra DONE;\n"
        "  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;\n"
        "DONE:\n  ret;\n}\n",
        (const char *const[]){"static uint cux_round_group(",
                              "cux_rv_[cux_t_] = (ulong)(",
                              "cux_rm_[cux_t_] = ((uint)0xffffffffUL)",
                              "goto X_;", "cux_round_stuck(A_", NULL});
    expect_rounds("a barrier after an early return runs in rounds",
        HEAD CONVERGED_KERNEL
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  .reg .pred %p<2>;\n  .reg .b32 %r<3>;\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  setp.gt.u32 %p1, %r1, 5;\n"
        "  @%p1 exit;\n"
        "  bar.sync 0;\n"
        "  ret;\n}\n",
        (const char *const[]){"atomic_inc(&cux_rc_[0])",
                              "cux_rc_[0] + nexit_ == cux_nt_",
                              "goto X_;", NULL});
    expect_rounds("an endless loop of a kernel in rounds gets a way out",
        HEAD CONVERGED_KERNEL
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  .reg .pred %p<3>;\n  .reg .b32 %r<3>;\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  setp.gt.u32 %p1, %r1, 5;\n"
        "  @%p1 bra DONE;\n"
        "  setp.gt.u32 %p2, %r1, 3;\n"
        "  @%p2 bra LOOP;\n"
        "  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;\n"
        "DONE:\n  ret;\n"
        "LOOP:\n  add.u32 %r2, %r2, 1;\n  bra.uni LOOP;\n}\n",
        (const char *const[]){"if (cux_never_) goto E_;", NULL});
}

/* The registers a thread of a kernel in rounds keeps across a stop live
 * in cux_kp_ (ocl_rounds_keep.c), so that no register goes round the
 * round loop: %r3 (C name r5), live after the shuffle, and the shuffle's
 * operands and result (%r1, %r4, %r2); the round's decision reads the
 * lane there and writes the result there; the stop stores nothing and
 * the dispatch loads nothing.  The predicate, dead at the stop, stays a
 * register. */
static void rounds_keep(void)
{
    generated g;
    bool ok = generate(HEAD
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  .reg .pred %p<2>;\n  .reg .b32 %r<5>;\n  .reg .b64 %rd<2>;\n"
        "  ld.param.u64 %rd1, [p];\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  add.u32 %r3, %r1, 7;\n"
        "  and.b32 %r4, %r1, 3;\n"
        "  setp.gt.u32 %p1, %r1, 5;\n"
        "  @%p1 bra DONE;\n"
        "  shfl.sync.idx.b32 %r2, %r1, %r4, 31, -1;\n"
        "  add.u32 %r2, %r2, %r3;\n"
        "  st.global.u32 [%rd1], %r2;\n"
        "DONE:\n  ret;\n}\n", &g);
    const char *src = ok && g.res.source.data ? g.res.source.data : "";
    /* the C names: %p0-1 r0-1, %r0-4 r2-6, %rd0-1 r7-8 */
    ok = ok && !strcmp(kernel_error(&g, "divergent"), "(none)") &&
         strstr(src, "ulong cux_ka_[5] = {0};") &&
         strstr(src, "cux_kp_ = cux_ka_ + cux_never_;") &&
         strstr(src, "cux_line_ = 15u; goto E_;") &&
         strstr(src, "case 7u: goto R7_;") &&
         strstr(src, "uint bv = ((*(__private uint *)(cux_kp_ + ") &&
         strstr(src, ") = r_;") && strstr(src, "    r1 = p_;") &&
         !strstr(src, "    r3 = ") && !strstr(src, "    r4 = ") &&
         !strstr(src, "    r5 = ") && !strstr(src, "    r6 = ") &&
         !strstr(src, "    r8 = ");
    report(ok, "a kernel in rounds keeps its registers in cux_kp_",
           ok ? NULL : src);
    if (g.m)
        release(&g);
}

/* The sync points of issue 11's second part: a nanosleep yields for a
 * round (no progress, so a spin hangs as on a GPU instead of failing);
 * named barriers and bar.arrive are decided by thread 0 over the
 * block's records; an mbarrier wait yields where its phase is not
 * complete, and the loop around it then passes the round's end at its
 * back edge (else the resume label would be a second way into the
 * loop, which PoCL cannot compile); cp.async copies at once, zeros past
 * src-size.  Each kernel runs in rounds; the converged one beside it
 * keeps its shape and none of the new records. */
static void yields_and_named(void)
{
    expect_rounds("a nanosleep yields for a round",
        HEAD CONVERGED_KERNEL
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  nanosleep.u32 100;\n  ret;\n}\n",
        (const char *const[]){"cux_go_ = 2;", "cux_ry_[cux_round_ & 1u] = 1u",
                              "!cux_stalled_ || cux_ry_[", NULL});
    expect_rounds("named barriers and bar.arrive count warps in rounds",
        HEAD CONVERGED_KERNEL
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  .reg .pred %p<2>;\n  .reg .b32 %r<3>;\n"
        "  mov.u32 %r1, %tid.x;\n"
        "  setp.gt.u32 %p1, %r1, 63;\n"
        "  @%p1 bra ARR;\n"
        "  bar.sync 1, 128;\n  ret;\n"
        "ARR:\n  bar.arrive 1, 128;\n  ret;\n}\n",
        (const char *const[]){"static int cux_round_named(",
                              "cux_rw_[cux_t_] = 0x20000000u | id_",
                              "cux_rw_[cux_t_] = 0x30000000u | id_",
                              "cux_bad_address(A_, 21UL, 6u)",
                              "cux_rn_[cux_t_] == 2u", NULL});
    expect_rounds("an mbarrier wait yields, its loop by the round's end",
        HEAD CONVERGED_KERNEL
        ".visible .entry divergent(.param .u64 p)\n{\n"
        "  .reg .pred %p<2>;\n  .reg .b32 %r<3>;\n  .reg .b64 %rd<2>;\n"
        "  .shared .align 8 .b64 bar;\n"
        "  mov.u32 %r1, bar;\n"
        "  mbarrier.init.shared.b64 [%r1], 64;\n"
        "  mbarrier.arrive.shared.b64 %rd1, [%r1];\n"
        "WAIT:\n"
        "  mbarrier.try_wait.parity.shared.b64 %p1, [%r1], 0;\n"
        "  @!%p1 bra WAIT;\n  ret;\n}\n",
        (const char *const[]){"static ulong cux_mbar_arrive(",
                              "d_ = cux_mbar_complete(m_, ",
                              "if (!d_) { cux_at_ = ",
                              "cux_rw_[cux_t_] = 0u; cux_at_ = ", NULL});
    generated g;
    bool ok = generate(HEAD
        ".visible .entry copy(.param .u64 p)\n{\n"
        "  .reg .b32 %r<3>;\n  .reg .b64 %rd<2>;\n"
        "  .shared .align 16 .b8 buf[16];\n"
        "  ld.param.u64 %rd1, [p];\n  mov.u32 %r1, buf;\n"
        "  cp.async.ca.shared.global [%r1], [%rd1], 16, 3;\n"
        "  cp.async.commit_group;\n  cp.async.wait_group 0;\n"
        "  ret;\n}\n", &g);
    const char *src = ok && g.res.source.data ? g.res.source.data : "";
    ok = ok && !strcmp(kernel_error(&g, "copy"), "(none)") &&
         strstr(src, "i_ < n_ ? CUX_GLOBAL(uchar, s_ + i_) : (uchar)0") &&
         !strstr(src, "cux_rw_");
    report(ok, "cp.async copies at once, zeros past src-size, no rounds",
           ok ? NULL : src);
    if (g.m)
        release(&g);
}

/* The warp matrix instructions (ocl_wmma.c): loads and stores per
 * work-item, each lane's elements where codegen/common/wmma_layout.h
 * puts them (slot q of lane l: element 32 q + l); a converged mma
 * exchanges a and b through cux_wmma_ (sized by .maxntid where the
 * kernel gives it) between two barriers; one that
 * only some warps reach makes the kernel run in rounds; one in a device
 * function is refused.  Only a module with an mma carries the helpers. */
#define WMMA_REGS                                                         \
    "  .reg .pred %p<2>;\n  .reg .b32 %r<40>;\n  .reg .f32 %f<9>;\n"      \
    "  .reg .b64 %rd<3>;\n"
#define WMMA_LOADS                                                        \
    "  ld.param.u64 %rd1, [p];\n"                                         \
    "  wmma.load.a.sync.aligned.row.m16n16k16.global.f16 {%r1, %r2, %r3," \
    " %r4, %r5, %r6, %r7, %r8}, [%rd1], 16;\n"                            \
    "  wmma.load.b.sync.aligned.col.m16n16k16.global.f16 {%r11, %r12, "   \
    "%r13, %r14, %r15, %r16, %r17, %r18}, [%rd1];\n"                      \
    "  wmma.load.c.sync.aligned.row.m16n16k16.global.f32 {%f1, %f2, %f3," \
    " %f4, %f5, %f6, %f7, %f8}, [%rd1], 16;\n"
#define WMMA_MMA                                                          \
    "  wmma.mma.sync.aligned.row.col.m16n16k16.f32.f32 {%f1, %f2, %f3, "  \
    "%f4, %f5, %f6, %f7, %f8}, {%r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8}," \
    " {%r11, %r12, %r13, %r14, %r15, %r16, %r17, %r18}, {%f1, %f2, %f3, " \
    "%f4, %f5, %f6, %f7, %f8};\n"
#define WMMA_STORE                                                        \
    "  wmma.store.d.sync.aligned.row.m16n16k16.global.f32 [%rd1], {%f1, " \
    "%f2, %f3, %f4, %f5, %f6, %f7, %f8}, 16;\n"

static void wmma(void)
{
    generated g;
    bool ok = generate(HEAD GOOD_KERNEL
        ".visible .entry mm(.param .u64 p)\n{\n" WMMA_REGS WMMA_LOADS
        WMMA_MMA WMMA_STORE "  ret;\n}\n", &g);
    const char *src = ok ? g.res.source.data : "";
    const char *mm = ok ? strstr(src, "__kernel void cux_k1(") : NULL;
    int barriers = 0;
    for (const char *p = mm; p && (p = strstr(p, "barrier(CLK_")); p++)
        barriers++;
    ok = ok && !strcmp(kernel_error(&g, "mm"), "(none)") && mm &&
         strstr(src, "static float cux_wmma_dot(") &&
         strstr(mm, "__local uint cux_wmma_[8192];") &&
         /* the other kernel declares no scratch */
         strstr(strstr(src, "__kernel void cux_k0("), "cux_wmma_[") > mm &&
         strstr(mm, "const uint e_ = q_ * 32u + l_") && barriers == 2 &&
         !strstr(mm, "cux_rw_") && !strstr(mm, "cux_xch_");
    report(ok, "wmma load, mma and store translate, the mma between two "
           "barriers", ok ? NULL : src);
    if (g.m)
        release(&g);
    ok = generate(HEAD GOOD_KERNEL, &g) &&
         !strstr(g.res.source.data, "cux_wmma");
    report(ok, "a module without wmma has none of its helpers", NULL);
    if (g.m)
        release(&g);
    ok = generate(HEAD
        ".visible .entry divergent(.param .u64 p)\n{\n" WMMA_REGS
        "  mov.u32 %r30, %tid.x;\n"
        "  setp.gt.u32 %p1, %r30, 63;\n"
        "  @%p1 bra DONE;\n" WMMA_LOADS WMMA_MMA WMMA_STORE
        "DONE:\n  ret;\n}\n", &g);
    src = ok ? g.res.source.data : "";
    ok = ok && !strcmp(kernel_error(&g, "divergent"), "(none)") &&
         strstr(src, "cux_rw_") && strstr(src, "(live_ & ~G_) == 0u") &&
         strstr(src, "cux_wmma_dot(");
    report(ok, "a wmma.mma only some warps reach runs in rounds",
           ok ? NULL : src);
    if (g.m)
        release(&g);
    ok = generate(HEAD
        ".visible .entry bounded(.param .u64 p) .maxntid 64, 1, 1\n{\n"
        WMMA_REGS WMMA_LOADS WMMA_MMA WMMA_STORE "  ret;\n}\n", &g) &&
         strstr(g.res.source.data, "__local uint cux_wmma_[512];");
    report(ok, "a kernel's .maxntid bounds its wmma scratch",
           ok ? NULL : g.m ? g.res.source.data : "did not parse");
    if (g.m)
        release(&g);
    expect_refused("a wmma.mma in a device function is refused",
        HEAD GOOD_KERNEL
        ".visible .func f(.param .u64 p)\n{\n" WMMA_REGS WMMA_LOADS WMMA_MMA
        WMMA_STORE "  ret;\n}\n"
        ".visible .entry calls(.param .u64 p)\n{\n"
        "  { .param .b64 a1; st.param.b64 [a1], 0;\n"
        "    call.uni f, (a1); }\n  ret;\n}\n",
        "calls", "good",
        (const char *const[]){"wmma.mma", "device function", NULL});
}

/* A kernel's unit (cux_ocl_kernel_unit), what a device that builds a
 * program per kernel compiles: the shared declarations, the kernel, the
 * functions it calls and those whose address is taken; not the other
 * kernels nor what only they call. */
static void kernel_units(void)
{
    generated g;
    bool ok = generate(HEAD
        ".func (.param .b32 r) twice(.param .b32 x)\n{\n"
        "  .reg .b32 %r<3>;\n  ld.param.b32 %r1, [x];\n"
        "  add.s32 %r2, %r1, %r1;\n  st.param.b32 [r], %r2;\n  ret;\n}\n"
        ".func (.param .b32 r) thrice(.param .b32 x)\n{\n"
        "  .reg .b32 %r<3>;\n  ld.param.b32 %r1, [x];\n"
        "  mul.lo.s32 %r2, %r1, 3;\n  st.param.b32 [r], %r2;\n  ret;\n}\n"
        ".visible .entry first(.param .u64 p)\n{\n"
        "  .reg .b32 %r<3>;\n  .reg .b64 %rd<2>;\n"
        "  ld.param.u64 %rd1, [p];\n  mov.u32 %r1, %tid.x;\n"
        "  { .param .b32 a; .param .b32 b;\n    st.param.b32 [a], %r1;\n"
        "    call (b), twice, (a);\n    ld.param.b32 %r2, [b]; }\n"
        "  st.global.u32 [%rd1], %r2;\n  ret;\n}\n"
        ".visible .entry second(.param .u64 p)\n{\n"
        "  .reg .b32 %r<3>;\n  .reg .b64 %rd<2>;\n"
        "  ld.param.u64 %rd1, [p];\n  mov.u32 %r1, %tid.x;\n"
        "  { .param .b32 a; .param .b32 b;\n    st.param.b32 [a], %r1;\n"
        "    call (b), thrice, (a);\n    ld.param.b32 %r2, [b]; }\n"
        "  st.global.u32 [%rd1], %r2;\n  ret;\n}\n", &g);
    cux_strbuf unit = {0};
    uint32_t first = 0;
    for (uint32_t k = 0; ok && k < g.res.n_kernels; k++)
        if (!strcmp(g.m->funcs[g.res.kernels[k].func].name, "first"))
            first = k;
    if (ok)
        cux_ocl_kernel_unit(g.m, &g.an, &g.res, first, &unit);
    const char *u = unit.data ? unit.data : "";
    /* the shared part declares both functions; only one is defined */
    ok = ok && !strncmp(u, g.res.source.data, g.res.shared_len) &&
         strstr(u, "__kernel void cux_k2(") &&
         !strstr(u, "__kernel void cux_k3(") &&
         strstr(u + g.res.shared_len, "cux_f0(") &&
         !strstr(u + g.res.shared_len, "cux_f1(");
    report(ok, "a kernel's unit holds it and its callees, not the other "
           "kernel's", ok ? NULL : u);
    cux_strbuf_free(&unit);
    if (g.m)
        release(&g);
}

static void heap(void)
{
    cux_ocl_heap h;
    cux_ocl_heap_init(&h, 4096);
    uint64_t a, b, c, d;
    bool ok = cux_ocl_heap_alloc(&h, 100, &a) && a == 0 &&
              cux_ocl_heap_alloc(&h, 512, &b) && b == 512 &&
              cux_ocl_heap_alloc(&h, 1, &c) && c == 1024;
    ok = ok && !cux_ocl_heap_alloc(&h, 4096, &d);      /* no room */
    ok = ok && !cux_ocl_heap_free(&h, 7);              /* not a start */
    ok = ok && cux_ocl_heap_free(&h, b) && cux_ocl_heap_free(&h, a);
    ok = ok && !cux_ocl_heap_free(&h, a);              /* twice */
    /* the two freed neighbours merged: 1024 bytes at 0 */
    ok = ok && cux_ocl_heap_alloc(&h, 1024, &d) && d == 0;
    ok = ok && cux_ocl_heap_free(&h, c) && cux_ocl_heap_free(&h, d);
    ok = ok && cux_ocl_heap_alloc(&h, 4096, &d) && d == 0; /* all merged */
    report(ok, "arena allocator: first fit, 512-byte steps, merging", NULL);
    cux_ocl_heap_destroy(&h);
}

int main(void)
{
    refusals();
    recursion();
    services();
    translation();
    rounds();
    rounds_keep();
    yields_and_named();
    wmma();
    kernel_units();
    heap();
    return failures ? 1 : 0;
}
