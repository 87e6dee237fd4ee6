/* link.c: objects into a program, a shared object or a static library.
 * clang++ links (the C++ runtime comes along for .cu and .cpp objects);
 * libcux stands in for libcudart and is found again at run time through
 * an rpath to cux's lib/, in the build tree and after `make install`.
 * The link step is also what CMake learns its implicit libraries from
 * (nvcc_env.c), so its -L comes first, as LIBRARIES= names it. */
#include "cuxcc.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* As a toolkit's nvcc, the runtime is linked by the names nvcc uses,
 * from lib64, so that the link line -v shows is one CMake can copy:
 * libcudart_static.a is libcux.a, and every object of it a program needs
 * is named by the program (registration included), so no --whole-archive.
 * The shared libcudart.so is libcux.so, whose soname the program then
 * asks for; the rpath finds it where it really lives. */
static void toolkit_runtime(cux_cc_cmd *cmd, cux_cc_opts *opts,
                            const cux_cc_tools *tools)
{
    bool static_rt = opts->cudart == CUX_CC_CUDART_STATIC;
    const char *need = cux_cc_strf(opts, "%s/%s", tools->lib64,
                                   static_rt ? "libcudart_static.a"
                                             : "libcudart.so");
    if (!opts->dryrun && !cux_cc_file_exists(need))
        cux_cc_fatal("Cannot find the cux runtime library '%s'", need);
    if (!static_rt) {
        cux_cc_arg(cmd, "-lcudart");
        cux_cc_arg(cmd, cux_cc_strf(opts, "-Wl,-rpath,%s", tools->lib));
        return;
    }
    cux_cc_arg(cmd, "-lcudadevrt");
    cux_cc_arg(cmd, "-lcudart_static");
    cux_cc_arg(cmd, "-lrt");
}

static void runtime_library(cux_cc_cmd *cmd, cux_cc_opts *opts,
                            const cux_cc_tools *tools)
{
    if (opts->cudart == CUX_CC_CUDART_NONE)
        return;
    if (tools->toolkit) {
        toolkit_runtime(cmd, opts, tools);
        return;
    }
    const char *so = cux_cc_strf(opts, "%s/libcux.so", tools->lib);
    const char *ar = cux_cc_strf(opts, "%s/libcux.a", tools->lib);
    const char *need = opts->cudart == CUX_CC_CUDART_STATIC ? ar : so;
    if (!opts->dryrun && !cux_cc_file_exists(need))
        cux_cc_fatal("Cannot find the cux runtime library '%s' (build it "
                     "with 'make')", need);
    if (opts->cudart == CUX_CC_CUDART_STATIC) {
        /* Registration and start-up code must come along even though no
         * object names it. */
        cux_cc_arg(cmd, "-Wl,--whole-archive");
        cux_cc_arg(cmd, ar);
        cux_cc_arg(cmd, "-Wl,--no-whole-archive");
        return;
    }
    cux_cc_arg(cmd, "-lcux");
    cux_cc_arg(cmd, cux_cc_strf(opts, "-Wl,-rpath,%s", tools->lib));
}

static int run_link(const cux_cc_opts *opts, cux_cc_cmd *cmd,
                    const cux_cc_strs *objects, const cux_cc_strs *sources)
{
    cux_cc_strs from = {0}, to = {0};
    for (uint32_t i = 0; i < objects->len; i++) {
        if (objects->data[i] != sources->data[i]) {
            CUX_PUSH(from, objects->data[i]);
            CUX_PUSH(to, sources->data[i]);
        }
    }
    int rc = cux_cc_run_renamed(opts, cmd, &from, &to);
    free(from.data);
    free(to.data);
    return rc;
}

int cux_cc_link(cux_cc_opts *opts, const cux_cc_tools *tools,
                const cux_cc_strs *objects, const cux_cc_strs *sources,
                const char *out)
{
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, tools->clang);
    if (!tools->clang_is_cxx)
        cux_cc_arg(&cmd, "--driver-mode=g++");
    /* -Xcompiler flags reach nvcc's link step too (-fopenmp, -pthread);
     * those only meant for compiling must not warn there. */
    cux_cc_arg(&cmd, "-Qunused-arguments");
    if (opts->shared)
        cux_cc_arg(&cmd, "-shared");
    if (opts->host_debug)
        cux_cc_arg(&cmd, "-g");
    cux_cc_args(&cmd, &opts->host);
    cux_cc_args(&cmd, objects);
    cux_cc_arg(&cmd, cux_cc_libdir_flag(opts, tools));
    cux_cc_args(&cmd, &opts->link);
    runtime_library(&cmd, opts, tools);
    cux_cc_arg(&cmd, "-lpthread");
    cux_cc_arg(&cmd, "-ldl");
    cux_cc_arg(&cmd, "-lm");
    cux_cc_arg(&cmd, "-o");
    cux_cc_arg(&cmd, out);
    return run_link(opts, &cmd, objects, sources);
}

/* -lib: nvcc replaces the library rather than adding to an old one. */
int cux_cc_archive(cux_cc_opts *opts, const cux_cc_strs *objects,
                   const char *out)
{
    if (!opts->dryrun)
        unlink(out);
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, "ar");
    cux_cc_arg(&cmd, "rcs");
    cux_cc_args(&cmd, &opts->archive);
    cux_cc_arg(&cmd, out);
    cux_cc_args(&cmd, objects);
    return cux_cc_run(opts, &cmd);
}
