/* main.c: cuxcc, the nvcc-compatible compiler driver of cux.
 * Reads the command line, then runs one phase over the inputs: link (the
 * default), -c, -ptx, -E, -M or -lib.  The first failing step ends the run
 * with that step's status. */
#include "cuxcc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_inputs(const cux_cc_opts *opts)
{
    if (!opts->inputs.len)
        cux_cc_fatal("No input files specified; use option --help for "
                     "more information");
    for (uint32_t i = 0; i < opts->inputs.len; i++)
        if (!cux_cc_file_exists(opts->inputs.data[i]))
            cux_cc_fatal("Could not open input file '%s'",
                         opts->inputs.data[i]);
    bool one_output = opts->phase != CUX_CC_LINK &&
                      opts->phase != CUX_CC_LIB &&
                      opts->phase != CUX_CC_DLINK;
    if (one_output && opts->output && opts->inputs.len > 1)
        cux_cc_fatal("A single input file is required for a non-link "
                     "phase when an outputfile is specified");
}

static void show_setup(cux_cc_opts *opts, const cux_cc_tools *tools)
{
    cux_cc_note(opts, "_CUX_ROOT_=%s", tools->root);
    cux_cc_note(opts, "_CUX_INCLUDE_=%s", tools->include);
    cux_cc_note(opts, "_CUX_HOST_COMPILER_=%s%s%s%s", tools->clang,
                opts->ccbin ? " (-ccbin " : "",
                opts->ccbin ? opts->ccbin : "",
                opts->ccbin ? " ignored: host code is compiled by clang)"
                            : "");
    for (uint32_t i = 0; i < opts->archs.len; i++)
        cux_cc_note(opts, "_CUX_GPU_ARCH_=%s (recorded; device code is "
                    "sm_%d PTX run by libcux)", opts->archs.data[i],
                    cux_cc_arch_target(opts));
    for (uint32_t i = 0; i < opts->ignored.len; i++)
        cux_cc_note(opts, "_CUX_IGNORED_=%s", opts->ignored.data[i]);
}

static const char *output_for(cux_cc_opts *opts, const char *input,
                              const char *suffix)
{
    return opts->output ? opts->output
                        : cux_cc_basename_with(opts, input, suffix);
}

/* Phases with one output per input: -c, -ptx, -E, -M. */
static int each_input(cux_cc_opts *opts, const cux_cc_tools *tools)
{
    for (uint32_t i = 0; i < opts->inputs.len; i++) {
        const char *in = opts->inputs.data[i];
        int rc = 0;
        if (opts->phase == CUX_CC_PTX)
            rc = cux_cc_ptx(opts, tools, in, output_for(opts, in, ".ptx"));
        else if (opts->phase != CUX_CC_COMPILE)
            rc = cux_cc_preprocess(opts, tools, in, opts->output);
        else if (cux_cc_lang_of(opts, in) == CUX_CC_LANG_LINK)
            fprintf(stderr, "cuxcc warning : '%s': linker input unused "
                    "because linking is not done\n", in);
        else
            rc = cux_cc_compile(opts, tools, in, output_for(opts, in, ".o"));
        if (rc)
            return rc;
    }
    return 0;
}

/* Link, -lib and -dlink: compile to temporary objects, then put them
 * together. */
static int all_inputs(cux_cc_opts *opts, const cux_cc_tools *tools)
{
    cux_cc_strs objects = {0}, sources = {0};
    int rc = 0;
    for (uint32_t i = 0; i < opts->inputs.len && !rc; i++) {
        const char *in = opts->inputs.data[i];
        const char *obj = in;
        if (cux_cc_lang_of(opts, in) != CUX_CC_LANG_LINK) {
            obj = cux_cc_strf(opts, "%s.o", cux_cc_tmpstem(opts, in));
            rc = cux_cc_compile(opts, tools, in, obj);
        }
        CUX_PUSH(objects, obj);
        CUX_PUSH(sources, in);
    }
    if (!rc && opts->phase == CUX_CC_LIB)
        rc = cux_cc_archive(opts, &objects,
                            opts->output ? opts->output : "a.a");
    else if (!rc && opts->phase == CUX_CC_DLINK)
        rc = cux_cc_dlink(opts, tools, &objects,
                          opts->output ? opts->output : "a_dlink.o");
    else if (!rc)
        rc = cux_cc_dlink_implicit(opts, tools, &objects, &sources);
    if (!rc && opts->phase == CUX_CC_LINK)
        rc = cux_cc_link(opts, tools, &objects, &sources,
                         opts->output ? opts->output : "a.out");
    free(objects.data);
    free(sources.data);
    return rc;
}

int main(int argc, char **argv)
{
    cux_cc_opts opts = {0};
    cux_cc_parse(&opts, argc, argv);
    if (opts.show_help) {
        cux_cc_print_help();
        return 0;
    }
    cux_cc_tools tools;
    cux_cc_find_tools(&opts, &tools);
    if (opts.show_version) {
        cux_cc_print_version(&opts, &tools);
        cux_cc_opts_free(&opts);
        return 0;
    }
    cux_cc_show_env(&opts, &tools);
    check_inputs(&opts);
    show_setup(&opts, &tools);
    bool linking = opts.phase == CUX_CC_LINK || opts.phase == CUX_CC_LIB ||
                   opts.phase == CUX_CC_DLINK;
    int rc = linking ? all_inputs(&opts, &tools) : each_input(&opts, &tools);
    cux_cc_opts_free(&opts);
    return rc;
}
