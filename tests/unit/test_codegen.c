/* test_codegen.c: the C code generator on PTX snippets: what it cannot
 * translate is a diagnostic naming file:line; what it can compiles.
 * Links the compiler core (util, ptx, analysis, codegen). */
#include "codegen/c/codegen_c.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

static void report(bool ok, const char *name, const char *detail)
{
    printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail ? ": " : "",
           detail ? detail : "");
    if (!ok)
        failures++;
}

#define HEAD ".version 7.0\n.target sm_75\n.address_size 64\n"

/* 1-based number of the first line of text containing needle. */
static uint32_t line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    uint32_t line = 1;
    for (const char *c = text; at && c < at; c++)
        line += *c == '\n';
    return at ? line : 0;
}

/* Parsing or generating must fail with "t.ptx:LINE:" where LINE holds
 * `where`, and the message must mention `what`. */
static void expect_diag(const char *name, const char *text,
                        const char *where, const char *what)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse(text, strlen(text), "t.ptx", &diag);
    cux_cgen_result res = {0};
    cux_module_analysis an = {0};
    bool generated = m && cux_analyze_module(m, 0, NULL, &an, &diag) &&
                     cux_codegen_c(m, &an, &res, &diag);
    char place[32], why[700];
    snprintf(place, sizeof place, "t.ptx:%u:", line_of(text, where));
    bool ok = !generated && diag.count && strstr(diag.message, place) &&
              strstr(diag.message, what);
    snprintf(why, sizeof why, "%s (%s; want %s... %s)",
             generated ? "generated without error" : diag.message,
             m ? "codegen" : "parser", place, what);
    report(ok, name, why);
    cux_cgen_result_free(&res);
    cux_module_analysis_free(&an);
    cux_ptx_module_free(m);
}

static void diag_cases(void)
{
    /* Plain, layered and cube fetches work; an explicit mipmap level
     * does not yet. */
    expect_diag("tex_level_diag",
        HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
        ".reg .f32 %f<8>;\n.reg .b32 %r<2>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u64 %rd1, [k_p];\n"
        "mov.f32 %f5, 0f00000000;\nmov.f32 %f6, 0f00000000;\n"
        "mov.u32 %r1, 0;\n"
        "tex.level.2d.v4.f32.f32 {%f1, %f2, %f3, %f4}, [%rd1, {%f5, %f6}], %f5;\n"
        "ret;\n}\n", "tex.level", "texture fetch form");
    /* Surface stores are unformatted (sust.b) only; surfaces are
     * objects, not module-scope .surfref variables. */
    expect_diag("sust_p_diag",
        HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
        ".reg .b32 %r<4>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u64 %rd1, [k_p];\nmov.u32 %r1, 0;\n"
        "sust.p.2d.b32.trap [%rd1, {%r1, %r1}], {%r1};\n"
        "ret;\n}\n", "sust.p", "sust.p");
    expect_diag("surfref_diag",
        HEAD ".global .u64 s;\n"
        ".visible .entry k()\n{\n.reg .b32 %r<4>;\n"
        "mov.u32 %r1, 0;\n"
        "suld.b.1d.b32.trap {%r2}, [s, {%r1}];\n"
        "ret;\n}\n", "suld.b", ".surfref");
    /* Functions may stand in initializers (emit_indirect.c); other
     * state spaces' variables may not. */
    expect_diag("init_shared_address_diag",
        HEAD ".shared .align 4 .b8 sh[16];\n"
        ".global .align 8 .u64 p = sh;\n"
        ".visible .entry k()\n{\nret;\n}\n", ".global", "address of 'sh'");
    /* A barrier in a called .func is copied into the kernel, except on
     * a recursive call chain. */
    expect_diag("barrier_in_recursion_diag",
        HEAD ".func f()\n{\nbar.sync 0;\ncall f, ();\nret;\n}\n"
        ".visible .entry k(.param .u64 k_p)\n{\n"
        "call f, ();\nret;\n}\n", "call f, ();\nret;\n}\n.visible",
        "recursive function 'f'");
    /* A device-side runtime call (dynamic parallelism) names itself and
     * the feature. */
    expect_diag("device_runtime_call_diag",
        HEAD ".extern .func (.param .b32 func_retval0) cudaMalloc\n"
        "(.param .b64 cudaMalloc_param_0, .param .b64 cudaMalloc_param_1);\n"
        ".visible .entry k(.param .u64 k_p)\n{\n"
        ".reg .b64 %rd<3>;\n.reg .b32 %r<2>;\n"
        "ld.param.u64 %rd1, [k_p];\nmov.u64 %rd2, 4;\n"
        "{\n.param .b64 param0;\nst.param.b64 [param0+0], %rd1;\n"
        ".param .b64 param1;\nst.param.b64 [param1+0], %rd2;\n"
        ".param .b32 retval0;\n"
        "call.uni (retval0), cudaMalloc, (param0, param1);\n"
        "ld.param.b32 %r1, [retval0+0];\n}\nret;\n}\n",
        "call.uni", "dynamic parallelism");
    /* bar.red's result is the whole block's: not with named barriers */
    expect_diag("bar_red_named_diag",
        HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
        ".reg .pred %p<2>;\n.reg .b32 %r<3>;\n"
        "mov.u32 %r1, %tid.x;\nsetp.eq.u32 %p1, %r1, 0;\n"
        "bar.arrive 1, 64;\nbar.red.popc.u32 %r2, 0, %p1;\nret;\n}\n",
        "bar.red", "bar.red in a module that also names barriers");
}

/* A kernel exercising loads, stores, a divergent if/else, a loop, a
 * barrier, shared memory, a shuffle and a device function call. */
static const char kernel[] =
    HEAD
    ".func (.param .b32 f_ret) twice(.param .b32 f_x)\n{\n"
    ".reg .b32 %r<3>;\n"
    "ld.param.b32 %r1, [f_x];\nshl.b32 %r2, %r1, 1;\n"
    "st.param.b32 [f_ret], %r2;\nret;\n}\n"
    ".visible .entry k(.param .u64 k_out, .param .u32 k_n)\n{\n"
    ".reg .pred %p<4>;\n.reg .b32 %r<16>;\n.reg .b64 %rd<8>;\n"
    ".reg .f32 %f<4>;\n"
    ".shared .align 4 .b8 buf[512];\n"
    "ld.param.u64 %rd1, [k_out];\nld.param.u32 %r1, [k_n];\n"
    "cvta.to.global.u64 %rd2, %rd1;\n"
    "mov.u32 %r2, %tid.x;\nmov.u32 %r3, %ctaid.x;\n"
    "mov.u32 %r4, %ntid.x;\nmad.lo.s32 %r5, %r3, %r4, %r2;\n"
    "setp.ge.s32 %p1, %r5, %r1;\n@%p1 bra L_else;\n"
    "cvt.rn.f32.s32 %f1, %r5;\nmul.f32 %f2, %f1, 0f3F000000;\n"
    "cvt.rzi.s32.f32 %r6, %f2;\nbra.uni L_join;\n"
    "L_else:\nmov.u32 %r6, 0;\n"
    "L_join:\nmov.u32 %r7, 0;\n"
    "L_loop:\nadd.s32 %r6, %r6, %r7;\nadd.s32 %r7, %r7, 1;\n"
    "setp.lt.s32 %p2, %r7, 4;\n@%p2 bra L_loop;\n"
    "shl.b32 %r8, %r2, 2;\nmov.u32 %r9, buf;\nadd.s32 %r10, %r9, %r8;\n"
    "st.shared.u32 [%r10], %r6;\nbar.sync 0;\n"
    "ld.shared.u32 %r11, [%r10];\n"
    "shfl.sync.down.b32 %r12, %r11, 1, 31, -1;\n"
    "{\n.param .b32 a0;\nst.param.b32 [a0], %r12;\n"
    ".param .b32 r0;\ncall.uni (r0), twice, (a0);\n"
    "ld.param.b32 %r13, [r0];\n}\n"
    "@%p1 ret;\n"
    "mul.wide.s32 %rd3, %r5, 4;\nadd.s64 %rd4, %rd2, %rd3;\n"
    "st.global.u32 [%rd4], %r13;\nret;\n}\n";

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void append_file(FILE *out, const char *path)
{
    FILE *in = fopen(path, "r");
    for (int c; in && (c = fgetc(in)) != EOF;)
        fputc(c, out);
    if (in)
        fclose(in);
}

/* Appends the prelude as the Makefile embeds it: the texture descriptor
 * the runtime shares, then src/dev/cpu/prelude/ *.h in name order. */
static bool append_prelude(FILE *out)
{
    const char *dir = "src/dev/cpu/prelude";
    DIR *d = opendir(dir);
    if (!d)
        return false;
    CUX_ARRAY(char *) names = {0};
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 2 && !strcmp(e->d_name + n - 2, ".h"))
            CUX_PUSH(names, strdup(e->d_name));
    }
    closedir(d);
    qsort(names.data, names.len, sizeof *names.data, name_cmp);
    append_file(out, "src/dev/texture_desc.h");
    append_file(out, "src/dev/surface_desc.h");
    for (uint32_t i = 0; i < names.len; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names.data[i]);
        append_file(out, path);
        free(names.data[i]);
    }
    free(names.data);
    return names.len > 0;
}

/* Writes prelude + source to a temporary .c file and runs cc on it. */
static bool compiles(const char *source, char *why, size_t why_len)
{
    char path[] = "/tmp/cux_test_codegen_XXXXXX.c";
    int fd = mkstemps(path, 2);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        snprintf(why, why_len, "cannot create %s", path);
        return false;
    }
    bool have = append_prelude(out);
    fputs(source, out);
    fclose(out);
    char cmd[1024];
    /* Under `make check-asan` and `check-tsan` this test runs with the
     * sanitizer's runtime preloaded; the shell system() starts and cc must
     * not inherit it (LeakSanitizer would fail the compile, and dash
     * crashes under a preloaded libtsan). */
    unsetenv("LD_PRELOAD");
    snprintf(cmd, sizeof cmd, "cc -std=gnu11 "
             "-march=native -Wno-psabi "
             "-fsyntax-only %s >%s.log 2>&1", path, path);
    int st = have ? system(cmd) : -1;
    snprintf(why, why_len, have ? "cc failed, see %s.log (source %s)"
             : "no prelude in src/dev/cpu/prelude (run from the "
               "repository root)", path, path);
    if (st == 0) {
        char log[600];
        snprintf(log, sizeof log, "%s.log", path);
        unlink(log);
        unlink(path);
    }
    return st == 0;
}

/* A module taken through parse, analysis and generation. */
typedef struct generated {
    cux_ptx_module *m;
    cux_module_analysis an;
    cux_cgen_result res;
} generated;

/* False, with `name` reported failed, if any step refuses `text`. */
static bool generate(const char *name, const char *text, generated *gen)
{
    cux_diag diag = {0};
    memset(gen, 0, sizeof *gen);
    gen->m = cux_ptx_parse(text, strlen(text), "t.ptx", &diag);
    if (gen->m && cux_analyze_module(gen->m, 0, NULL, &gen->an, &diag) &&
        cux_codegen_c(gen->m, &gen->an, &gen->res, &diag))
        return true;
    report(false, name, diag.message);
    return false;
}

static void release(generated *gen)
{
    cux_cgen_result_free(&gen->res);
    cux_module_analysis_free(&gen->an);
    cux_ptx_module_free(gen->m);
}

static void report_compiles(const char *name, const char *source)
{
    char why[700];
    bool ok = compiles(source, why, sizeof why);
    report(ok, name, ok ? NULL : why);
}

static void compile_case(void)
{
    generated gen;
    if (generate("kernel_generates", kernel, &gen)) {
        const cux_kernel_facts *facts = gen.res.kernels[0].facts;
        report(gen.res.n_kernels == 1 && facts->uses_barrier &&
               facts->param_bytes >= 12, "kernel_generates",
               "one kernel, with a barrier, 12+ parameter bytes");
        report(!strstr(gen.res.source.data, "#line") && !gen.res.line_info,
               "no_loc_no_line_directives", NULL);
        /* shfl.down by 1: lane l reads l + 1, lane 31 keeps its own */
        report(strstr(gen.res.source.data,
                      "CUX_PERMUTE32_CONST(a_, t_, (1, 2, 3, 4, 5, 6, 7, 8, "
                      "9, 10, 11, 12, 13, 14, 15, 16), (17, 18, 19, 20, 21, "
                      "22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 31))") != NULL,
               "constant_shuffle_halves", "a shuffle by a constant picks "
               "each half's lanes by constant indices");
        report_compiles("kernel_compiles", gen.res.source.data);
    }
    release(&gen);
}

/* Named barriers: an id, a count and bar.arrive make every barrier of
 * the module wait as a named one, which the runtime opens. */
static const char named_kernel[] =
    HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .b32 %r<3>;\n"
    "mov.u32 %r1, %tid.x;\nshr.u32 %r2, %r1, 6;\n"
    "bar.arrive 1, 128;\nbar.sync %r2, 64;\nbarrier.sync 0;\nret;\n}\n";

static void named_barrier_case(void)
{
    generated gen;
    if (generate("named_barriers_generate", named_kernel, &gen)) {
        const char *c = gen.res.source.data;
        report(strstr(c, "CUX_BAR_NAMED") && strstr(c, "w->arrived") &&
               strstr(c, "warps[i].held"), "named_barriers_generate",
               "waits at CUX_BAR_NAMED, arrivals kept, held warps skipped");
        report_compiles("named_barriers_compile", c);
    }
    release(&gen);
}

/* An ld.acquire in a loop (nvcc's cooperative groups spin so on a flag
 * another warp sets) yields after the load; one outside a loop does not
 * (src/ptx/spin.c). */
static const char spin_kernel[] =
    HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .pred %p<2>;\n.reg .b32 %r<4>;\n.reg .b64 %rd<2>;\n"
    "ld.param.u64 %rd1, [k_p];\nld.acquire.gpu.u32 %r3, [%rd1+4];\n"
    "$spin:\nld.acquire.cta.u32 %r1, [%rd1];\n"
    "setp.eq.s32 %p1, %r1, 0;\n@%p1 bra $spin;\n"
    "st.global.u32 [%rd1+8], %r3;\nret;\n}\n";

/* sm_80's reserved shared memory registers parse, print back and read
 * as offsets at the end of the block's shared memory. */
static const char reserved_kernel[] =
    HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .b32 %r<6>;\n.reg .b64 %rd<2>;\n"
    "ld.param.u64 %rd1, [k_p];\n"
    "mov.u32 %r1, %reserved_smem_offset_begin;\n"
    "mov.u32 %r2, %reserved_smem_offset_end;\n"
    "mov.u32 %r3, %reserved_smem_offset_cap;\n"
    "mov.u32 %r4, %reserved_smem_offset_1;\n"
    "add.s32 %r5, %r1, %r2;\nadd.s32 %r5, %r5, %r3;\nadd.s32 %r5, %r5, %r4;\n"
    "st.global.u32 [%rd1], %r5;\nret;\n}\n";

static void reserved_smem_case(void)
{
    generated gen;
    if (generate("reserved_smem_generate", reserved_kernel, &gen)) {
        const char *c = gen.res.source.data;
        report(strstr(c, "%reserved_smem_offset_1") &&
               strstr(c, "blk->shared_bytes - CUX_RESERVED_SMEM + 8u"),
               "reserved_smem_generate",
               "printed back; offset 1 is 8 bytes into the region");
        report_compiles("reserved_smem_compile", c);
    }
    release(&gen);
}

/* In a cooperative launch the block's entry point returns to the
 * runtime when its yielded warps yield again, so that the grid's other
 * blocks run (dev/cpu/grid.c), and resumes those warps when called
 * again. */
static void spin_case(void)
{
    generated gen;
    if (generate("spin_yield_generate", spin_kernel, &gen)) {
        const char *c = gen.res.source.data, *y = strstr(c, "CUX_WARP_YIELD;");
        report(y && !strstr(y + 1, "return CUX_WARP_YIELD;"),
               "spin_yield_generate", "one yield: after the load in the loop");
        report(strstr(c, "if (yielded && only_yielded && blk->cooperative)") &&
               strstr(c, "only_yielded |= !warps[i].done && "
                         "warps[i].yielded;"),
               "spin_yield_cooperative",
               "returns to the runtime in a cooperative launch, resumes "
               "the yielded warps");
        report_compiles("spin_yield_compile", c);
    }
    release(&gen);
}

/* %envreg1 and %envreg2, where nvcc's grid.sync() finds the driver's
 * grid workspace, are the high and low halves of the block's
 * grid_workspace (0 outside a cooperative launch); other %envreg are 0. */
static const char envreg_kernel[] =
    HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .b32 %r<5>;\n.reg .b64 %rd<4>;\n"
    "ld.param.u64 %rd1, [k_p];\n"
    "mov.u32 %r1, %envreg2;\nmov.u32 %r2, %envreg1;\n"
    "mov.u32 %r3, %envreg0;\nmov.u32 %r4, %envreg3;\n"
    "cvt.u64.u32 %rd2, %r1;\ncvt.u64.u32 %rd3, %r2;\n"
    "bfi.b64 %rd2, %rd3, %rd2, 32, 32;\nadd.s32 %r3, %r3, %r4;\n"
    "st.global.u64 [%rd1], %rd2;\nst.global.u32 [%rd1+8], %r3;\nret;\n}\n";

static void envreg_case(void)
{
    generated gen;
    if (generate("envreg_generate", envreg_kernel, &gen)) {
        const char *c = gen.res.source.data;
        report(strstr(c, "((uint32_t)(blk->grid_workspace >> 32))") &&
               strstr(c, "((uint32_t)blk->grid_workspace)"),
               "envreg_generate", "envreg1 the high half, envreg2 the low");
        report_compiles("envreg_compile", c);
    }
    release(&gen);
}

/* A kernel's unit (cux_cgen_kernel_unit): the shared part, the kernel
 * and what it calls, not the other kernels. */
static const char two_kernels[] =
    HEAD ".func (.param .b32 r) twice(.param .b32 x)\n{\n"
    ".reg .b32 %r<3>;\nld.param.b32 %r1, [x];\nadd.s32 %r2, %r1, %r1;\n"
    "st.param.b32 [r], %r2;\nret;\n}\n"
    ".visible .entry a(.param .u64 a_p)\n{\n"
    ".reg .b32 %r<3>;\n.reg .b64 %rd<2>;\nld.param.u64 %rd1, [a_p];\n"
    "mov.u32 %r1, %tid.x;\n"
    "{\n.param .b32 p0;\nst.param.b32 [p0], %r1;\n.param .b32 r0;\n"
    "call.uni (r0), twice, (p0);\nld.param.b32 %r2, [r0];\n}\n"
    "st.global.u32 [%rd1], %r2;\nret;\n}\n"
    ".visible .entry b(.param .u64 b_p)\n{\n"
    ".reg .b32 %r<2>;\n.reg .b64 %rd<2>;\nld.param.u64 %rd1, [b_p];\n"
    "mov.u32 %r1, %ctaid.x;\nst.global.u32 [%rd1], %r1;\nret;\n}\n";

static void kernel_unit_case(void)
{
    generated gen;
    if (generate("kernel_unit_generate", two_kernels, &gen)) {
        cux_strbuf a = {0}, b = {0};
        uint32_t ka = strcmp(gen.m->funcs[gen.res.kernels[0].func].name, "a")
                      ? 1 : 0;
        cux_cgen_kernel_unit(gen.m, &gen.an, &gen.res, ka, &a);
        cux_cgen_kernel_unit(gen.m, &gen.an, &gen.res, 1 - ka, &b);
        const char *sym_a = gen.res.kernels[ka].symbol;
        const char *sym_b = gen.res.kernels[1 - ka].symbol;
        char def_a[48], def_b[48];
        snprintf(def_a, sizeof def_a, "int %s(", sym_a);
        snprintf(def_b, sizeof def_b, "int %s(", sym_b);
        report(a.data && b.data && strstr(a.data, def_a) &&
               !strstr(a.data, def_b) && strstr(b.data, def_b) &&
               !strstr(b.data, def_a) && strstr(a.data, "cux_module_bind"),
               "kernel_unit_split", "each unit holds its kernel alone");
        report_compiles("kernel_unit_a_compiles", a.data ? a.data : "");
        report_compiles("kernel_unit_b_compiles", b.data ? b.data : "");
        cux_strbuf_free(&a);
        cux_strbuf_free(&b);
    }
    release(&gen);
}

/* Texture references: a .texref named in the tex instruction (nvcc's
 * form) and its address moved to a register first (clang's); both
 * sample through the .texref's storage. */
static const char texref_kernel[] =
    HEAD ".visible .global .texref t;\n"
    ".visible .entry k(.param .u64 k_out)\n{\n"
    ".reg .f32 %f<12>;\n.reg .b32 %r<2>;\n.reg .b64 %rd<4>;\n"
    "ld.param.u64 %rd1, [k_out];\nmov.u32 %r1, %tid.x;\n"
    "tex.1d.v4.f32.s32 {%f1, %f2, %f3, %f4}, [t, {%r1}];\n"
    "mov.u64 %rd2, t;\ncvt.rn.f32.s32 %f9, %r1;\n"
    "tex.2d.v4.f32.f32 {%f5, %f6, %f7, %f8}, [%rd2, {%f9, %f9}];\n"
    "add.f32 %f10, %f1, %f5;\nst.global.f32 [%rd1], %f10;\nret;\n}\n";

static void texref_case(void)
{
    generated gen;
    if (generate("texref_generates", texref_kernel, &gen)) {
        report(strstr(gen.res.source.data, "(uintptr_t)cux_g0;") != NULL,
               "texref_handle", "the .texref's address is the handle");
        report_compiles("texref_compiles", gen.res.source.data);
    }
    release(&gen);
}

/* A call through a register whose targets come from an initializer (a
 * vtable's form): it generates and compiles, and the kernel's local
 * memory covers the frame of a function it may reach that way. */
static const char indirect_kernel[] =
    HEAD
    ".func (.param .b32 r) big(.param .b32 x)\n{\n"
    ".local .align 4 .b8 buf[400];\n.reg .b32 %r<3>;\n.reg .b64 %rd<2>;\n"
    "ld.param.u32 %r1, [x];\nmov.u64 %rd1, buf;\n"
    "st.local.u32 [%rd1], %r1;\nld.local.u32 %r2, [%rd1];\n"
    "st.param.b32 [r], %r2;\nret;\n}\n"
    ".global .align 8 .u64 table[1] = {big};\n"
    ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .b32 %r<4>;\n.reg .b64 %rd<4>;\n"
    "ld.param.u64 %rd1, [k_p];\nld.global.u64 %rd2, [table];\n"
    "{\n.param .b32 a0;\nst.param.b32 [a0], 1;\n"
    ".param .b32 r0;\n"
    "proto: .callprototype (.param .b32 _) _ (.param .b32 _);\n"
    "call (r0), %rd2, (a0), proto;\n"
    "ld.param.b32 %r1, [r0];\n}\n"
    "st.global.u32 [%rd1], %r1;\nret;\n}\n";

static void indirect_case(void)
{
    generated gen;
    if (generate("indirect_call_generates", indirect_kernel, &gen)) {
        report(gen.res.kernels[0].facts->local_bytes >= 400,
               "indirect_call_frames", "local memory for big's frame");
        report_compiles("indirect_call_compiles", gen.res.source.data);
    }
    release(&gen);
}

/* Directed rounding (.rz/.rm/.rp) calls libdevice's rounded operations
 * (codegen/common/lane_ops.c), which the prelude must provide. */
static const char rounding_kernel[] =
    HEAD
    ".visible .entry rounding(.param .u64 rounding_p)\n{\n"
    ".reg .f32 %f<8>;\n.reg .f64 %fd<8>;\n.reg .b64 %rd<2>;\n"
    "ld.param.u64 %rd1, [rounding_p];\n"
    "ld.global.f32 %f1, [%rd1];\nld.global.f64 %fd1, [%rd1+8];\n"
    "add.rz.f32 %f2, %f1, %f1;\nsub.rm.ftz.f32 %f3, %f2, %f1;\n"
    "mul.rp.sat.f32 %f4, %f3, %f1;\ndiv.rz.f32 %f5, %f4, %f1;\n"
    "fma.rm.f32 %f6, %f5, %f1, %f2;\nrcp.rp.f32 %f7, %f6;\n"
    "sqrt.rz.f32 %f7, %f7;\nst.global.f32 [%rd1], %f7;\n"
    "add.rz.f64 %fd2, %fd1, %fd1;\nfma.rp.f64 %fd3, %fd2, %fd1, %fd1;\n"
    "div.rm.f64 %fd4, %fd3, %fd1;\nrcp.rz.f64 %fd5, %fd4;\n"
    "sqrt.rp.f64 %fd6, %fd5;\nsub.rz.f64 %fd7, %fd6, %fd1;\n"
    "mul.rm.f64 %fd7, %fd7, %fd1;\nst.global.f64 [%rd1+8], %fd7;\n"
    "ret;\n}\n";

static void rounding_case(void)
{
    generated gen;
    if (generate("rounding_compiles", rounding_kernel, &gen))
        report_compiles("rounding_compiles", gen.res.source.data);
    release(&gen);
}

/* Registers named like the generated code's own variables, C keywords,
 * macros and library functions it calls, with '$', reused in sibling
 * blocks, and with and without '%'. */
static const char names_kernel[] =
    HEAD
    ".visible .entry names(.param .u64 names_p)\n{\n"
    ".reg .b32 %m, %l, %NULL, %unix, %r$1, %pv3, %cux_k0, %int, %a_;\n"
    ".reg .b32 %M_PI, %r5, r5, %partial, %r5_inl3, %x_t;\n"
    ".reg .f32 %sinf;\n.reg .b64 %rd<4>, %SP, %memcpy;\n.reg .pred %p;\n"
    "ld.param.u64 %rd1, [names_p];\n"
    "mov.u32 %m, %tid.x;\nadd.s32 %l, %m, 1;\nadd.s32 %NULL, %l, 1;\n"
    "add.s32 %unix, %NULL, 1;\nadd.s32 %r$1, %unix, 1;\n"
    "add.s32 %pv3, %r$1, 1;\nadd.s32 %cux_k0, %pv3, 1;\n"
    "add.s32 %int, %cux_k0, 1;\nadd.s32 %a_, %int, 1;\n"
    "add.s32 %M_PI, %a_, 1;\nadd.s32 %r5, %M_PI, 1;\nadd.s32 r5, %r5, 1;\n"
    "add.s32 %r5_inl3, r5, 1;\nadd.s32 %x_t, %r5_inl3, 1;\n"
    "cvt.rn.f32.u32 %sinf, %x_t;\nsin.approx.f32 %sinf, %sinf;\n"
    "{\n.reg .b32 %t;\nadd.s32 %t, %m, 2;\nadd.s32 %m, %m, %t;\n}\n"
    "{\n.reg .b32 %t;\nadd.s32 %t, %m, 3;\nadd.s32 %m, %m, %t;\n}\n"
    "setp.lt.u32 %p, %m, 5;\n@%p bra L1;\nadd.s32 %m, %m, 1;\nL1:\n"
    "bar.sync 0;\n"
    "mul.wide.u32 %memcpy, %m, 4;\nadd.s64 %SP, %rd1, %memcpy;\n"
    "ld.global.u32 %partial, [%SP];\nst.global.f32 [%SP], %sinf;\n"
    "st.global.u32 [%SP+4], %partial;\nret;\n}\n";

/* `name` is declared as a register under its own name. */
static bool kept(const char *c, const char *name)
{
    char decl[64];
    snprintf(decl, sizeof decl, " %s;\n", name);
    return strstr(c, decl) != NULL;
}

/* `name` is declared as cux_r<index>_<name>. */
static bool renamed(const char *c, const char *name)
{
    for (const char *at = strstr(c, "cux_r"); at; at = strstr(at + 1, "cux_r")) {
        size_t digits = strspn(at + 5, "0123456789");
        const char *rest = at + 5 + digits;
        if (digits && rest[0] == '_' && !strncmp(rest + 1, name, strlen(name)) &&
            !strncmp(rest + 1 + strlen(name), ";\n", 2))
            return true;
    }
    return false;
}

static void names_case(void)
{
    generated gen;
    if (generate("names_generate", names_kernel, &gen)) {
        const char *c = gen.res.source.data;
        report(kept(c, "rd1") && kept(c, "SP") && kept(c, "r5") &&
               kept(c, "r5_inl3") && kept(c, "t"), "names_kept",
               "rd1, SP, r5, r5_inl3, t");
        static const char *const other[] = {
            "m", "l", "NULL", "unix", "r_1", "pv3", "cux_k0", "int", "a_",
            "M_PI", "r5", "partial", "x_t", "sinf", "memcpy", "t",
        };
        bool ok = true;
        for (size_t i = 0; i < sizeof other / sizeof *other; i++)
            if (!renamed(c, other[i])) {
                report(false, "names_renamed", other[i]);
                ok = false;
            }
        if (ok)
            report(true, "names_renamed", NULL);
        report_compiles("names_compile", c);
    }
    release(&gen);
}

/* .loc lines in two files, and instructions before the first .loc. */
static const char lines_kernel[] =
    HEAD
    ".file 1 \"/src/dir/k.cu\"\n"
    ".file 2 \"/src/dir/h\\\\x.h\", 1700000000, 1234\n"
    ".visible .entry lines(.param .u64 lines_p)\n{\n"
    ".reg .b32 %r<4>;\n.reg .b64 %rd<3>;\n.reg .pred %p;\n"
    "ld.param.u64 %rd1, [lines_p];\n"
    ".loc 1 5 0\nmov.u32 %r1, %tid.x;\nsetp.lt.u32 %p, %r1, 7;\n"
    "@%p bra L1;\n"
    ".loc 2 10 7\nadd.s32 %r1, %r1, 1;\n"
    "L1:\n.loc 1 8 1\ncvta.to.global.u64 %rd2, %rd1;\n"
    "st.global.u32 [%rd2], %r1;\nret;\n}\n";

/* Reads c as the C compiler does and says whether every line from the
 * comment of the lines_kernel instruction starting `insn` up to the next
 * instruction or label counts as line `line` of `file` ("CUX_PTX_FILE"
 * for the macro). */
static bool maps_to(const char *c, const char *insn, const char *file,
                    uint32_t line)
{
    char cur_file[128] = "", want[140], from[64];
    snprintf(from, sizeof from, "    /* %u: %s", line_of(lines_kernel, insn),
             insn);
    uint32_t cur = 0;
    bool inside = false, ok = true;
    snprintf(want, sizeof want, strcmp(file, "CUX_PTX_FILE") ? "\"%s\"" : "%s",
             file);
    for (const char *at = c; *at;) {
        size_t len = strcspn(at, "\n");
        char text[600], name[128];
        unsigned n;
        snprintf(text, sizeof text, "%.*s", (int)len, at);
        at += len + (at[len] == '\n');
        int got = sscanf(text, "#line %u %127s", &n, name);
        if (got >= 1) {
            if (got == 2)
                snprintf(cur_file, sizeof cur_file, "%s", name);
            cur = n;
            continue;
        }
        if (inside && (!strncmp(text, "    /* ", 7) || text[0] != ' '))
            break; /* the next instruction, or a block's label */
        inside |= !strncmp(text, from, strlen(from));
        if (inside)
            ok &= cur == line && !strcmp(cur_file, want);
        cur++;
    }
    return inside && ok;
}

static void lines_case(void)
{
    generated gen;
    if (generate("lines_generate", lines_kernel, &gen)) {
        const char *c = gen.res.source.data;
        report(gen.res.line_info && gen.res.line_bytes > 0 &&
               strstr(c, "#define CUX_PTX_FILE \"t.ptx\"") &&
               maps_to(c, "mov.u32", "/src/dir/k.cu", 5) &&
               maps_to(c, "add.s32", "/src/dir/h\\\\x.h", 10) &&
               maps_to(c, "cvta.to", "/src/dir/k.cu", 8) &&
               maps_to(c, "ld.param", "CUX_PTX_FILE",
                       line_of(lines_kernel, "ld.param")), "lines_map",
               "each C line of an instruction counts as its .loc line, or "
               "its PTX line before the first .loc");
        report_compiles("lines_compile", c);
    }
    release(&gen);
}

/* A loop whose trip count differs between lanes and which gathers runs
 * one lane at a time (src/codegen/c/serial_loops.c); the same loop that
 * reads %tid.x inside, adds atomically, computes much on what it gathers
 * or reads contiguously only stays a warp's.  SERIAL_LOOP(body) is a CSR row loop: k from
 * row_start[tid] to row_start[tid + 1], `body` reading at %rd6 = q + 4k
 * and adding to %f1, which is stored after the loop. */
#define SERIAL_LOOP(body)                                              \
    HEAD ".visible .entry k(.param .u64 k_p, .param .u64 k_q)\n{\n"        \
    ".reg .pred %p<3>;\n.reg .b32 %r<9>;\n.reg .f32 %f<5>;\n"              \
    ".reg .b64 %rd<12>;\n"                                                 \
    "ld.param.u64 %rd1, [k_p];\nld.param.u64 %rd2, [k_q];\n"               \
    "mov.u32 %r1, %tid.x;\nmul.wide.u32 %rd3, %r1, 4;\n"                   \
    "add.s64 %rd4, %rd1, %rd3;\nld.global.u32 %r2, [%rd4];\n"              \
    "ld.global.u32 %r3, [%rd4+4];\nmov.f32 %f1, 0f00000000;\n"             \
    "setp.ge.s32 %p1, %r2, %r3;\n@%p1 bra $done;\n"                        \
    "$loop:\n"                                                             \
    "mul.wide.s32 %rd5, %r2, 4;\nadd.s64 %rd6, %rd2, %rd5;\n" body         \
    "add.s32 %r2, %r2, 1;\nsetp.lt.s32 %p2, %r2, %r3;\n@%p2 bra $loop;\n"  \
    "$done:\nadd.s64 %rd9, %rd2, %rd3;\nst.global.f32 [%rd9], %f1;\n"      \
    "ret;\n}\n"

#define GATHER_BODY                                                           \
    "ld.global.u32 %r4, [%rd6];\nmul.wide.s32 %rd7, %r4, 4;\n"             \
    "add.s64 %rd8, %rd1, %rd7;\nld.global.f32 %f2, [%rd8];\n"              \
    "ld.global.f32 %f3, [%rd6+4096];\nfma.rn.f32 %f1, %f2, %f3, %f1;\n"

static const char serial_gather[] = SERIAL_LOOP(GATHER_BODY);
static const char serial_tid[] =
    SERIAL_LOOP(GATHER_BODY "mov.u32 %r5, %tid.x;\n"
                    "cvt.rn.f32.u32 %f4, %r5;\nadd.f32 %f1, %f1, %f4;\n");
static const char serial_atomic[] =
    SERIAL_LOOP(GATHER_BODY "atom.global.add.u32 %r6, [%rd2], 1;\n");
static const char serial_computing[] =
    SERIAL_LOOP(GATHER_BODY "mul.f32 %f4, %f2, %f3;\nsqrt.rn.f32 %f4, %f4;\n"
                "ex2.approx.f32 %f4, %f4;\nmul.f32 %f4, %f4, %f2;\n"
                "mul.f32 %f4, %f4, %f4;\nadd.f32 %f4, %f4, %f3;\n"
                "add.f32 %f1, %f1, %f4;\n");
static const char serial_contiguous[] =
    SERIAL_LOOP("add.s64 %rd10, %rd2, %rd3;\n"
                    "ld.global.f32 %f2, [%rd10];\nadd.f32 %f1, %f1, %f2;\n");

static void serial_loop_case(void)
{
    static const struct {
        const char *name, *ptx;
        bool serial;
    } cases[] = {
        {"serial_loop_gather", serial_gather, true},
        {"serial_loop_not_with_tid", serial_tid, false},
        {"serial_loop_not_with_atomic", serial_atomic, false},
        {"serial_loop_not_computing", serial_computing, false},
        {"serial_loop_not_contiguous", serial_contiguous, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            bool serial = strstr(c, "lane by lane") != NULL;
            report(serial == cases[i].serial, cases[i].name,
                   cases[i].serial ? "the loop runs lane by lane"
                                   : "the loop stays the warp's");
            /* the sum is live after the loop: written back to its lane */
            if (cases[i].serial)
                report(strstr(c, "f1[l] = ls_f1;") != NULL,
                       "serial_loop_writes_back", "f1[l] = ls_f1;");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

/* A shared-memory tree: after each barrier the warps halve the bound
 * and test `tid >= bound`.  `idle` goes between the test and the next
 * barrier, where every thread runs it. */
#define IDLE_TREE(idle, after) IDLE_TREE_FROM("", idle, after)
#define IDLE_TREE_FROM(head, idle, after)                                     \
    HEAD ".visible .entry k(.param .u64 k_p)\n{\n"                            \
    ".reg .pred %p<4>;\n.reg .b32 %r<9>;\n"                                  \
    ".shared .align 4 .b8 s[1024];\n" head                                   \
    "mov.u32 %r1, %tid.x;\nmov.u32 %r2, %ntid.x;\nmov.u32 %r6, 0;\n"        \
    "shl.b32 %r3, %r1, 2;\nmov.u32 %r4, s;\nadd.s32 %r5, %r4, %r3;\n"        \
    "st.shared.u32 [%r5], %r1;\nbar.sync 0;\n"                               \
    "$step:\nshr.u32 %r2, %r2, 1;\nsetp.ge.u32 %p1, %r1, %r2;\n"             \
    "@%p1 bra $wait;\n"                                                      \
    "shl.b32 %r7, %r2, 2;\nadd.s32 %r7, %r5, %r7;\n"                         \
    "ld.shared.u32 %r3, [%r7];\nld.shared.u32 %r4, [%r5];\n"                  \
    "add.s32 %r3, %r3, %r4;\nst.shared.u32 [%r5], %r3;\n"                    \
    "$wait:\n" idle "bar.sync 0;\n"                                          \
    "setp.gt.u32 %p2, %r2, 1;\n@%p2 bra $step;\n" after "ret;\n}\n"

static const char idle_tree[] = IDLE_TREE("", "");
/* the kernel opens with a loop of its own, whose lanes leave at
 * different trips: its header is entered from per-warp code, so the
 * block runs in rounds, where idle warps are moved */
static const char idle_tree_after_loop[] = IDLE_TREE_FROM(
    "$top:\nadd.s32 %r8, %r8, 1;\nmov.u32 %r7, %tid.x;\n"
    "setp.lt.u32 %p3, %r8, %r7;\n@%p3 bra $top;\n", "", "");
/* a per-thread value kept across the barriers changes on the idle path */
static const char idle_tree_counting[] =
    IDLE_TREE("add.s32 %r6, %r6, %r1;\n", "st.shared.u32 [%r5], %r6;\n");
/* a loop of barriers with no test of the lanes: all block-level code */
static const char idle_bare_loop[] =
    HEAD ".visible .entry k(.param .u32 k_n)\n{\n"
    ".reg .pred %p<2>;\n.reg .b32 %r<3>;\n"
    "ld.param.u32 %r1, [k_n];\n"
    "$again:\nbar.sync 0;\nadd.s32 %r1, %r1, -1;\n"
    "setp.ne.s32 %p1, %r1, 0;\n@%p1 bra $again;\nret;\n}\n";
/* a barrier that only the lanes below 32 reach: rounds of warp calls */
static const char divergent_barrier[] =
    HEAD ".visible .entry k(.param .u64 k_p)\n{\n"
    ".reg .pred %p<2>;\n.reg .b32 %r<3>;\n"
    "mov.u32 %r1, %tid.x;\nsetp.ge.u32 %p1, %r1, 32;\n@%p1 bra $out;\n"
    "bar.sync 0;\n$out:\nret;\n}\n";

/* Which kernels run their block in one call (block_split.c): the tree's
 * bound halves once per step at block level (its shr is emitted once,
 * before the warp loops), and its warps that all wait go on to the next
 * at the top of the loop, or end the loop where every later thread
 * waits too; the counting tree changes a kept value on the waiting
 * side, so no warp skips it. */
static void block_split_case(void)
{
    static const struct {
        const char *name, *ptx;
        bool split, skips;
    } cases[] = {
        {"block_split_tree", idle_tree, true, true},
        {"block_split_counting", idle_tree_counting, true, false},
        {"block_split_bare_loop", idle_bare_loop, true, false},
        {"block_split_not_divergent", divergent_barrier, false, false},
        {"block_split_not_entry_loop", idle_tree_after_loop, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            const char *shr = strstr(c, "shr.u32 %r2, %r2, 1");
            const char *loop = strstr(c, "cux_stretch0:");
            bool split = strstr(c, "int cux_s0(") && !strstr(c, "cux_r0(");
            bool once = !split || !shr ||
                        (!strstr(shr + 1, "shr.u32 %r2, %r2, 1") && loop &&
                         shr < loop);
            bool skips = strstr(c, "if (m && (m & cux_pb_p1) == m) {") &&
                         strstr(c, "cux_later_span(") &&
                         strstr(c, "wi_ = nwarps;");
            /* in rounds, the tree's idle warps are moved (idle_warps.c) */
            bool moved = strstr(c, "CUX_WARP_IDLE") && strstr(c, "cux_idle0(");
            report(split == cases[i].split && once &&
                       skips == cases[i].skips &&
                       moved == (cases[i].ptx == idle_tree_after_loop),
                   cases[i].name,
                   cases[i].ptx == idle_tree_after_loop
                       ? "the block runs in rounds, idle warps moved"
                   : !cases[i].split ? "the block runs in rounds"
                   : cases[i].skips ? "one call per block, the bound halved "
                                      "once a step, waiting warps skipped"
                                    : "one call per block, no warp skipped");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

/* A grid-stride sum, `i = blockIdx.x * blockDim.x * 2 + tid`: the next
 * block reads 8 * blockDim.x bytes on, which the first warp fetches as
 * the loop is entered; without the loop, each warp fetches its own run
 * of the next block at the load; with `blockDim.x * 1` the next block's
 * run continues this one's, and nothing is fetched. */
#define NEXT_BLOCK(shift, loop_back)                                           \
    HEAD ".visible .entry k(.param .u64 k_in, .param .u32 k_n)\n{\n"          \
    ".reg .pred %p<2>;\n.reg .b32 %r<12>;\n.reg .f32 %f<4>;\n"               \
    ".reg .b64 %rd<6>;\n"                                                    \
    "ld.param.u64 %rd1, [k_in];\nld.param.u32 %r1, [k_n];\n"                 \
    "mov.u32 %r2, %ntid.x;\nshl.b32 %r3, %r2, " shift ";\n"                  \
    "mov.u32 %r4, %ctaid.x;\n"                                               \
    "mul.lo.s32 %r5, %r3, %r4;\nmov.u32 %r6, %tid.x;\n"                      \
    "mov.u32 %r7, %nctaid.x;\nmul.lo.s32 %r8, %r7, %r3;\n"                   \
    "mov.f32 %f1, 0f00000000;\nmov.u32 %r9, %r6;\nbra.uni $body;\n"          \
    "$body:\nadd.s32 %r10, %r5, %r9;\nmul.wide.u32 %rd2, %r10, 4;\n"         \
    "add.s64 %rd3, %rd1, %rd2;\nld.global.f32 %f2, [%rd3];\n"                \
    "add.f32 %f1, %f1, %f2;\n" loop_back                                     \
    "mul.wide.u32 %rd4, %r6, 4;\nadd.s64 %rd5, %rd1, %rd4;\n"                \
    "st.global.f32 [%rd5], %f1;\nret;\n}\n"

static const char next_block_loop[] = NEXT_BLOCK("1",
    "add.s32 %r9, %r9, %r8;\nadd.s32 %r11, %r5, %r9;\n"
    "setp.lt.u32 %p1, %r11, %r1;\n@%p1 bra $body;\n");
static const char next_block_no_loop[] = NEXT_BLOCK("1", "");
static const char next_block_continued[] = NEXT_BLOCK("0", "");

/* A copy, `b[i] = a[i]` with a thread per element: the next block
 * continues both runs, and the block's first warp fetches each run 16 KB
 * on, the store's for writing. */
static const char far_run_copy[] =
    HEAD ".visible .entry k(.param .u64 k_a, .param .u64 k_b)\n{\n"
    ".reg .b32 %r<5>;\n.reg .f32 %f<2>;\n.reg .b64 %rd<6>;\n"
    "ld.param.u64 %rd1, [k_a];\nld.param.u64 %rd2, [k_b];\n"
    "mov.u32 %r1, %ntid.x;\nmov.u32 %r2, %ctaid.x;\nmov.u32 %r3, %tid.x;\n"
    "mad.lo.s32 %r4, %r2, %r1, %r3;\nmul.wide.s32 %rd3, %r4, 4;\n"
    "add.s64 %rd4, %rd1, %rd3;\nld.global.f32 %f1, [%rd4];\n"
    "add.s64 %rd5, %rd2, %rd3;\nst.global.f32 [%rd5], %f1;\nret;\n}\n";

static void far_run_case(void)
{
    generated gen;
    if (generate("far_run_copy", far_run_copy, &gen)) {
        const char *c = gen.res.source.data;
        report(strstr(c, "a_ = r_ * ((16384 + r_ - 1) / r_)") &&
                   strstr(c, "__builtin_prefetch(p_ + a_ + q_, 0)") &&
                   strstr(c, "__builtin_prefetch(p_ + a_ + q_, 1)"),
               "far_run_copy", "the first warp fetches both runs 16 KB on");
        report_compiles("far_run_copy", c);
    }
    release(&gen);
}

/* A block-stride sum over a row (`k += 256` floats: 1 KB a trip) fetches
 * ahead on its back edge; with `k += 128` (512 bytes) the hardware
 * follows, and nothing is fetched. */
#define BLOCK_STRIDE(step)                                                    \
    HEAD ".visible .entry k(.param .u64 k_in, .param .u32 k_n)\n{\n"          \
    ".reg .pred %p<3>;\n.reg .b32 %r<4>;\n.reg .f32 %f<3>;\n"               \
    ".reg .b64 %rd<4>;\n"                                                    \
    "ld.param.u64 %rd1, [k_in];\nld.param.u32 %r1, [k_n];\n"                 \
    "mov.u32 %r2, %tid.x;\nmov.f32 %f1, 0f00000000;\n"                       \
    "setp.ge.u32 %p1, %r2, %r1;\n@%p1 bra $done;\n"                          \
    "$body:\nmul.wide.u32 %rd2, %r2, 4;\nadd.s64 %rd3, %rd1, %rd2;\n"         \
    "ld.global.f32 %f2, [%rd3];\nadd.f32 %f1, %f1, %f2;\n"                   \
    "add.s32 %r2, %r2, " step ";\nsetp.lt.u32 %p2, %r2, %r1;\n"              \
    "@%p2 bra $body;\n$done:\nmov.u32 %r3, %tid.x;\n"                       \
    "mul.wide.u32 %rd2, %r3, 4;\nadd.s64 %rd3, %rd1, %rd2;\n"                \
    "st.global.f32 [%rd3], %f1;\nret;\n}\n"

static void block_stride_case(void)
{
    static const struct {
        const char *name, *ptx;
        bool fetches;
    } cases[] = {
        {"block_stride_1k_fetches", BLOCK_STRIDE("256"), true},
        {"block_stride_512_not", BLOCK_STRIDE("128"), false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            bool fetches = strstr(c, "cux_fetch_ahead((const char *)") != NULL;
            report(fetches == cases[i].fetches, cases[i].name,
                   cases[i].fetches ? "the back edge fetches 4 trips on"
                                    : "nothing is fetched");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

static void next_block_case(void)
{
    static const struct {
        const char *name, *ptx;
        bool at_entry, at_load;
    } cases[] = {
        {"next_block_fetch_loop", next_block_loop, true, false},
        {"next_block_fetch_straight", next_block_no_loop, false, true},
        {"next_block_continued", next_block_continued, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            bool at_entry = strstr(c, "if (w->index == 0) { cux_fetch_run(") &&
                            strstr(c, "8ll * (int64_t)blk->ntid[0]");
            bool at_load = strstr(c, "__builtin_prefetch(p_ + 8ll * "
                                     "(int64_t)blk->ntid[0] + 64, 0)");
            report(at_entry == cases[i].at_entry &&
                       at_load == cases[i].at_load && !strstr(c, "__builtin_prefetch(p_ + 4ll"),
                   cases[i].name,
                   cases[i].at_entry ? "the loop's entry fetches 8 * ntid.x on"
                   : cases[i].at_load ? "each warp fetches its run 8 * ntid.x on"
                                      : "nothing fetches the next block");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

/* A grid-stride loop that copies (`out[i] = in[i]`) and one that only
 * sums (next_block_loop): the back edges count trips and yield, resuming
 * at the loop's header with the index kept, the copy's every 16 trips,
 * the sum's, whose loads are fetched ahead, every 64. */
static const char trip_copy_ptx[] =
    HEAD ".visible .entry k(.param .u64 k_in, .param .u64 k_out, "
    ".param .u32 k_n)\n{\n"
    ".reg .pred %p<3>;\n.reg .b32 %r<10>;\n.reg .f32 %f<2>;\n"
    ".reg .b64 %rd<6>;\n"
    "ld.param.u64 %rd1, [k_in];\nld.param.u64 %rd5, [k_out];\n"
    "ld.param.u32 %r1, [k_n];\nmov.u32 %r2, %ntid.x;\n"
    "mov.u32 %r3, %ctaid.x;\nmul.lo.s32 %r4, %r2, %r3;\n"
    "mov.u32 %r5, %tid.x;\nmov.u32 %r6, %nctaid.x;\n"
    "mul.lo.s32 %r7, %r6, %r2;\nadd.s32 %r8, %r4, %r5;\n"
    "setp.ge.u32 %p1, %r8, %r1;\n@%p1 bra $done;\n"
    "$body:\nmul.wide.u32 %rd2, %r8, 4;\nadd.s64 %rd3, %rd1, %rd2;\n"
    "ld.global.f32 %f1, [%rd3];\nadd.s64 %rd4, %rd5, %rd2;\n"
    "st.global.f32 [%rd4], %f1;\nadd.s32 %r8, %r8, %r7;\n"
    "setp.lt.u32 %p2, %r8, %r1;\n@%p2 bra $body;\n"
    "$done:\nret;\n}\n";

static void trip_yield_case(void)
{
    static const struct {
        const char *name, *ptx, *every, *index;
    } cases[] = {
        {"trip_yield_copy", trip_copy_ptx, "++trips_ == 16",
         "S_->cux_l0_r8 = cux_l0_r8;"},
        {"trip_yield_sum", next_block_loop, "++trips_ == 64",
         "S_->cux_l0_r9 = cux_l0_r9;"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            report(strstr(c, "return CUX_WARP_TRIP;") &&
                       strstr(c, cases[i].every) && strstr(c, cases[i].index) &&
                       strstr(c, "*yielded |= rc == CUX_WARP_YIELD ? 2"),
                   cases[i].name,
                   "the back edge counts trips and yields, keeping the index");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

/* A float4 per thread, read and written: lanes 16 bytes apart (shift 4)
 * go through the prelude's permutes; 32 apart (shift 5: every other
 * float4) lane by lane. */
#define VECTORS(shift)                                                       \
    HEAD ".visible .entry k(.param .u64 k_in)\n{\n"                          \
    ".reg .b32 %r<4>;\n.reg .f32 %f<5>;\n.reg .b64 %rd<4>;\n"                \
    "ld.param.u64 %rd1, [k_in];\nmov.u32 %r1, %tid.x;\n"                     \
    "mul.wide.u32 %rd2, %r1, " shift ";\nadd.s64 %rd3, %rd1, %rd2;\n"        \
    "ld.global.v4.f32 {%f1, %f2, %f3, %f4}, [%rd3];\n"                       \
    "st.global.v4.f32 [%rd3], {%f4, %f3, %f2, %f1};\nret;\n}\n"

static void vector_case(void)
{
    static const struct {
        const char *name, *ptx;
        bool permutes;
    } cases[] = {
        {"vectors_one_after_another", VECTORS("16"), true},
        {"vectors_apart", VECTORS("32"), false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            bool permutes = strstr(c, "cux_unzip4_32(p_, &t0_, &t1_, &t2_, &t3_)") &&
                            strstr(c, "cux_zip4_32(p_, &v0_, &v1_, &v2_, &v3_)");
            report(permutes == cases[i].permutes, cases[i].name,
                   cases[i].permutes ? "the warp's float4s move through permutes"
                                     : "lanes apart go lane by lane");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

/* A float3's fields stored one by one, with arithmetic between them as
 * clang leaves it: the warp's 32 elements go out as one span when the
 * fields cover each lane's element (12 bytes apart), and lane by lane
 * when a word of each element is not stored (16 apart) or a load comes
 * between the stores. */
#define FIELDS(shift, between)                                               \
    HEAD ".visible .entry k(.param .u64 k_out)\n{\n"                         \
    ".reg .b32 %r<3>;\n.reg .f32 %f<5>;\n.reg .b64 %rd<4>;\n"               \
    "ld.param.u64 %rd1, [k_out];\nmov.u32 %r1, %tid.x;\n"                   \
    "cvt.rn.f32.u32 %f1, %r1;\n"                                              \
    "mul.wide.u32 %rd2, %r1, " shift ";\nadd.s64 %rd3, %rd1, %rd2;\n"       \
    "st.global.f32 [%rd3], %f1;\nadd.f32 %f2, %f1, 0f3F800000;\n"          \
    "st.global.f32 [%rd3+4], %f2;\n" between                                \
    "st.global.f32 [%rd3+8], %f3;\nret;\n}\n"

static void store_group_case(void)
{
    static const struct {
        const char *name, *ptx;
        bool span;
    } cases[] = {
        {"store_group_float3", FIELDS("12", "mul.f32 %f3, %f2, %f1;\n"), true},
        {"store_group_word_left", FIELDS("16", "mul.f32 %f3, %f2, %f1;\n"),
         false},
        {"store_group_load_between",
         FIELDS("12", "ld.global.f32 %f3, [%rd1];\n"), false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        generated gen;
        if (generate(cases[i].name, cases[i].ptx, &gen)) {
            const char *c = gen.res.source.data;
            bool span = strstr(c, "float buf_[96]") &&
                        strstr(c, "memcpy(p_ - 8, buf_, sizeof buf_)") &&
                        strstr(c, "written with the store at line");
            report(span == cases[i].span, cases[i].name,
                   cases[i].span ? "the fields go out as one span"
                                 : "each field goes lane by lane");
            report_compiles(cases[i].name, c);
        }
        release(&gen);
    }
}

/* A histogram's increment by a loaded index, and the same value added
 * in global memory: the shared atomic's unrolled loop reads the index
 * and the value from pinned pieces, the global one's loop from the
 * vectors. */
static const char atomics_ptx[] =
    HEAD ".visible .entry k(.param .u64 k_in)\n{\n"
    ".reg .b32 %r<6>;\n.reg .b64 %rd<7>;\n"
    ".shared .align 4 .b8 bins[1024];\n"
    "ld.param.u64 %rd1, [k_in];\nmov.u32 %r1, %tid.x;\n"
    "mul.wide.u32 %rd2, %r1, 4;\nadd.s64 %rd3, %rd1, %rd2;\n"
    "ld.global.u32 %r2, [%rd3];\nand.b32 %r3, %r2, 255;\n"
    "mul.wide.u32 %rd4, %r3, 4;\nmov.u64 %rd5, bins;\n"
    "add.s64 %rd6, %rd5, %rd4;\n"
    "atom.shared.add.u32 %r4, [%rd6], %r1;\n"
    "atom.global.add.u32 %r5, [%rd3], %r1;\nret;\n}\n";

/* Atomics on one word for every lane (a counter, a maximum, a float sum)
 * and on a word per lane: the first make one read-modify-write for the
 * warp, the counter by a fetch-and-add of the lanes' total, the others
 * by the lanes' updates in lane order inside one compare-exchange; the
 * per-lane one stays lane by lane. */
static const char uniform_atomics_ptx[] =
    HEAD ".visible .entry k(.param .u64 k_count, .param .u64 k_sum)\n{\n"
    ".reg .b32 %r<6>;\n.reg .f32 %f<3>;\n.reg .b64 %rd<6>;\n"
    "ld.param.u64 %rd1, [k_count];\nld.param.u64 %rd5, [k_sum];\n"
    "mov.u32 %r1, %tid.x;\n"
    "atom.global.add.u32 %r2, [%rd1], 1;\n"
    "atom.global.max.s32 %r3, [%rd1+4], %r1;\n"
    "cvt.rn.f32.u32 %f1, %r1;\natom.global.add.f32 %f2, [%rd5], %f1;\n"
    "mul.wide.u32 %rd2, %r1, 4;\nadd.s64 %rd3, %rd1, %rd2;\n"
    "atom.global.add.u32 %r4, [%rd3+8], %r2;\nret;\n}\n";

/* Whether needle occurs in [from, to) of a generated source. */
static bool between(const char *from, const char *to, const char *needle)
{
    const char *at = from && to ? strstr(from, needle) : NULL;
    return at && at < to;
}

static void uniform_atomics_case(void)
{
    generated gen;
    if (generate("atomics_one_word", uniform_atomics_ptx, &gen)) {
        const char *c = gen.res.source.data;
        const char *count = strstr(c, "atom.global.add.u32 %r2");
        const char *max = strstr(c, "atom.global.max.s32");
        const char *fl = strstr(c, "atom.global.add.f32");
        const char *lane = strstr(c, "atom.global.add.u32 %r4");
        bool ok = count && max && fl && lane && count < max && max < fl &&
                  fl < lane;
        if (ok) {
            const char *end = strstr(lane, "cux_pop:");
            ok = between(count, max, "__atomic_fetch_add(p_, acc_") &&
                 between(count, max, "__builtin_popcount(em & ((1u << l) - 1u))") &&
                 between(max, fl, "CUX_ATOMIC_RMW(int32_t, p_, old_, ({ acc_ = old_;") &&
                 between(max, fl, "t_[l] = acc_; acc_ = (int32_t)(") &&
                 between(fl, lane, "CUX_ATOMIC_RMW(float, p_, old_, ({ acc_ = old_;") &&
                 between(fl, lane, "acc_ = (float)(acc_ + b_l)") &&
                 between(lane, end, "CUX_LANES if ((em >> l & 1))") &&
                 between(lane, end, "__atomic_fetch_add(p_, v_");
        }
        report(ok, "atomics_one_word", "the counter, the maximum and the "
               "float sum take one read-modify-write per warp; the word per "
               "lane goes lane by lane");
        report_compiles("atomics_one_word", c);
    }
    release(&gen);
}

static void atomics_case(void)
{
    generated gen;
    if (generate("atomics_pinned", atomics_ptx, &gen)) {
        const char *c = gen.res.source.data;
        const char *shared = strstr(c, "atom.shared.add.u32");
        const char *global = strstr(c, "atom.global.add.u32");
        const char *in_shared[] = {"CUX_PIN_LANES(r", "CUX_PINNED(r",
                                   "CUX_PIN_LANES(b_p_, b_, uint32_t);",
                                   "CUX_PINNED(b_p_, l)"};
        bool pinned = shared && global && !strstr(global, "CUX_PIN");
        for (size_t i = 0; pinned && i < sizeof in_shared / sizeof *in_shared; i++) {
            const char *at = strstr(shared, in_shared[i]);
            pinned = at && at < global;
        }
        report(pinned,
               "atomics_pinned", "the shared atomic's lanes come from pinned "
               "pieces, the global one's from the vectors");
        report_compiles("atomics_pinned", c);
    }
    release(&gen);
}

int main(void)
{
    diag_cases();
    compile_case();
    named_barrier_case();
    spin_case();
    reserved_smem_case();
    envreg_case();
    kernel_unit_case();
    texref_case();
    indirect_case();
    rounding_case();
    names_case();
    lines_case();
    serial_loop_case();
    block_split_case();
    next_block_case();
    far_run_case();
    block_stride_case();
    trip_yield_case();
    vector_case();
    store_group_case();
    atomics_case();
    uniform_atomics_case();
    return failures ? 1 : 0;
}
