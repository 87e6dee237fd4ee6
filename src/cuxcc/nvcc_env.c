/* nvcc_env.c: the environment lines nvcc -v and -dryrun print first.
 * Build tools read them rather than guess: CMake takes the toolkit root
 * from TOP=, the device library root from NVVMIR_LIBRARY_DIR= (it must
 * end in nvvm/libdevice), the include directories from INCLUDES=, and
 * finds the host link step as the command holding LIBRARIES='s text, to
 * copy its implicit -L and -l.  They come before any input is checked,
 * because CMake asks with an input that does not exist. */
#include "cuxcc.h"

#include <stdio.h>
#include <stdlib.h>

/* cux's own tree has no nvvm/; a toolkit tree has one, for the tools
 * that look (see docs/cuxcc.md). */
static const char *top_dir(const cux_cc_tools *tools)
{
    return tools->toolkit ? tools->toolkit : tools->root;
}

const char *cux_cc_libdir_flag(cux_cc_opts *opts, const cux_cc_tools *tools)
{
    return cux_cc_strf(opts, "-L%s",
                       tools->toolkit ? tools->lib64 : tools->lib);
}

static void show_args(const char *name, const char *const *args,
                      unsigned n)
{
    fprintf(stderr, "#$ %s=", name);
    for (unsigned i = 0; i < n; i++) {
        if (i)
            fputc(' ', stderr);
        cux_cc_show_arg(args[i]);
    }
    fputc('\n', stderr);
}

static const char *env_or_empty(const char *name)
{
    const char *value = getenv(name);
    return value ? value : "";
}

/* PATH= and LD_LIBRARY_PATH= are the environment every child runs with:
 * cuxcc adds nothing to them, unlike nvcc, whose own tools live there. */
void cux_cc_show_env(cux_cc_opts *opts, const cux_cc_tools *tools)
{
    if (!opts->verbose && !opts->dryrun)
        return;
    const char *top = top_dir(tools);
    cux_cc_note(opts, "_NVVM_BRANCH_=nvvm");
    cux_cc_note(opts, "_SPACE_= ");
    cux_cc_note(opts, "_CUDART_=cudart");
    cux_cc_note(opts, "_HERE_=%s", tools->here);
    cux_cc_note(opts, "_THERE_=%s", tools->here);
    cux_cc_note(opts, "_TARGET_SIZE_=");
    cux_cc_note(opts, "_TARGET_DIR_=");
    cux_cc_note(opts, "TOP=%s", top);
    cux_cc_note(opts, "NVVMIR_LIBRARY_DIR=%s/nvvm/libdevice", top);
    cux_cc_note(opts, "LD_LIBRARY_PATH=%s", env_or_empty("LD_LIBRARY_PATH"));
    cux_cc_note(opts, "PATH=%s", env_or_empty("PATH"));
    const char *includes[2] = {
        cux_cc_strf(opts, "-I%s", tools->include),
        tools->unsupported ? cux_cc_strf(opts, "-I%s", tools->unsupported)
                           : NULL};
    show_args("INCLUDES", includes, includes[1] ? 2 : 1);
    const char *libraries[1] = {cux_cc_libdir_flag(opts, tools)};
    show_args("LIBRARIES", libraries, 1);
    cux_cc_note(opts, "CUDAFE_FLAGS=");
    cux_cc_note(opts, "PTXAS_FLAGS=");
}
