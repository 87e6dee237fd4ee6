/* nvcc_device.c: the device pass run by NVIDIA's nvcc instead of clang
 * (--device-compiler=nvcc or CUX_DEVICE_COMPILER=nvcc).  nvcc -ptx reads
 * the user's file with NVIDIA's own CUDA headers and writes PTX; cux wraps
 * it as it wraps clang's, and the host pass stays clang's with cux's
 * headers.  Both name kernels and variables by the Itanium ABI, so the
 * names clang's host stubs register are the names in nvcc's PTX.  The
 * toolkit is only run, never read: none of its headers reach cux. */
#include "cuxcc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A candidate that is cuxcc itself (a toolkit tree's bin/nvcc links to
 * it, and build systems set NVCC to whatever compiler they use) would
 * only run this pass again. */
static bool is_nvidia_nvcc(cux_cc_opts *opts, const char *path)
{
    char real[PATH_MAX];
    if (!path || !*path || access(path, X_OK) || !realpath(path, real))
        return false;
    char self[PATH_MAX];
    const char *exe = cux_cc_self(opts);
    return !realpath(exe, self) || strcmp(real, self);
}

/* CUX_NVCC first (cux's own name, as CUX_CLANG), then NVCC, which
 * Makefiles and tests/nvcc/run.sh use for the toolkit's nvcc, then the
 * toolkit's usual place and PATH. */
static const char *find_nvcc(cux_cc_opts *opts)
{
    const char *tries[] = {getenv("CUX_NVCC"), getenv("NVCC"),
                           "/usr/local/cuda/bin/nvcc",
                           cux_cc_search_path(opts, "nvcc")};
    for (unsigned i = 0; i < sizeof(tries) / sizeof(tries[0]); i++)
        if (is_nvidia_nvcc(opts, tries[i]))
            return tries[i];
    cux_cc_fatal("--device-compiler=nvcc: NVIDIA's nvcc not found (tried "
                 "$CUX_NVCC, $NVCC, /usr/local/cuda/bin/nvcc and nvcc on "
                 "PATH, skipping cuxcc itself); install the CUDA toolkit "
                 "or set CUX_NVCC");
}

/* nvcc writes PTX for the target cuxcc's own device pass would use
 * (arch.c): compute_80, where cp.async, redux.sync ... may appear, or
 * compute_75 for a build that names only older architectures. */
static const char *ptx_arch(const cux_cc_opts *opts)
{
    return cux_cc_arch_target(opts) == 80 ? "-arch=compute_80"
                                          : "-arch=compute_75";
}

/* cuxcc keeps preprocessor flags in clang's attached spelling; nvcc
 * takes -I, -D and -U so too, but -isystem only as a separate word. */
static void preprocessor(cux_cc_cmd *cmd, const cux_cc_opts *opts)
{
    for (uint32_t i = 0; i < opts->pp.len; i++) {
        const char *arg = opts->pp.data[i];
        if (!strncmp(arg, "-isystem", 8) && arg[8]) {
            cux_cc_arg(cmd, "-isystem");
            cux_cc_arg(cmd, arg + 8);
        } else {
            cux_cc_arg(cmd, arg);
        }
    }
}

/* -w and -Werror reach nvcc in its own spelling; the -W flags cuxcc
 * passes to clang are nvcc's too. */
static void warnings(cux_cc_cmd *cmd, const cux_cc_opts *opts)
{
    for (uint32_t i = 0; i < opts->common.len; i++) {
        const char *arg = opts->common.data[i];
        cux_cc_arg(cmd, strcmp(arg, "-Werror") ? arg
                                               : "-Werror=all-warnings");
    }
}

/* Flags clang needs not (it allows both by default) but nvcc does;
 * cuxcc keeps them among the ignored ones, spelled --name. */
static void language_extensions(cux_cc_cmd *cmd, const cux_cc_opts *opts)
{
    static const char *const needed[] = {"--extended-lambda",
                                         "--expt-extended-lambda",
                                         "--expt-relaxed-constexpr"};
    for (uint32_t i = 0; i < opts->ignored.len; i++)
        for (unsigned k = 0; k < sizeof(needed) / sizeof(needed[0]); k++)
            if (!strcmp(opts->ignored.data[i], needed[k]))
                cux_cc_arg(cmd, needed[k]);
}

static void float_modes(cux_cc_cmd *cmd, cux_cc_opts *opts)
{
    if (opts->fast_math)
        cux_cc_arg(cmd, "--use_fast_math");
    cux_cc_arg(cmd, cux_cc_strf(opts, "-ftz=%s",
                                opts->ftz ? "true" : "false"));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-prec-div=%s",
                                opts->prec_div ? "true" : "false"));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-prec-sqrt=%s",
                                opts->prec_sqrt ? "true" : "false"));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-fmad=%s",
                                opts->fmad ? "true" : "false"));
}

/* No cux header and no clang repair: nvcc's PTX is taken as nvcc wrote
 * it.  -ccbin, which cux's clang passes ignore, picks nvcc's host
 * compiler (it preprocesses the device side too). */
int cux_cc_nvcc_ptx(cux_cc_opts *opts, const char *input, const char *out)
{
    const char *arch = ptx_arch(opts);
    cux_cc_note(opts, "_CUX_DEVICE_CODE_=%s (PTX by NVIDIA's nvcc)", arch);
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, find_nvcc(opts));
    cux_cc_arg(&cmd, "-x");
    cux_cc_arg(&cmd, "cu");
    cux_cc_arg(&cmd, "-ptx");
    cux_cc_arg(&cmd, arch);
    cux_cc_arg(&cmd, "-Wno-deprecated-gpu-targets");
    if (opts->ccbin) {
        cux_cc_arg(&cmd, "-ccbin");
        cux_cc_arg(&cmd, opts->ccbin);
    }
    preprocessor(&cmd, opts);
    if (opts->std)
        cux_cc_arg(&cmd, opts->std);
    warnings(&cmd, opts);
    language_extensions(&cmd, opts);
    float_modes(&cmd, opts);
    if (opts->device_debug)
        cux_cc_arg(&cmd, "-G");
    else if (opts->lineinfo)
        cux_cc_arg(&cmd, "-lineinfo");
    if (opts->rdc)
        cux_cc_arg(&cmd, "-rdc=true");
    cux_cc_arg(&cmd, input);
    cux_cc_arg(&cmd, "-o");
    cux_cc_arg(&cmd, out);
    return cux_cc_run(opts, &cmd);
}
