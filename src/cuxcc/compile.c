/* compile.c: the commands that turn one input into PTX, text or an object.
 * A .cu file takes three steps: clang's device pass writes PTX, the PTX is
 * wrapped in cux's container, and clang's host pass embeds the container
 * in the object, which registers it at start-up.  Both passes read the
 * user's own file, so every diagnostic names the user's file and line. */
#include "cuxcc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The launch ABI clang emits follows the CUDA version it believes in:
 * 9.2 and later push the launch configuration and call cudaLaunchKernel,
 * which is what libcux implements.  Pinning it (and the PTX version) keeps
 * the output the same whether or not an NVIDIA toolkit is installed.  A
 * version the clang does not know reads as "old", so this must be one
 * that clang 14 (newest 11.5) and clang 16 both know. */
#define SDK_VERSION "11.5"
#define PTX_FEATURE "+ptx70"

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

const char *cux_cc_basename_with(cux_cc_opts *opts, const char *path,
                                 const char *suffix)
{
    const char *base = basename_of(path);
    const char *dot = strrchr(base, '.');
    int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    return cux_cc_strf(opts, "%.*s%s", n, base, suffix);
}

static bool has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    return n > m && !strcmp(path + n - m, suffix);
}

static bool is_link_input(const char *path)
{
    const char *base = basename_of(path);
    return has_suffix(base, ".o") || has_suffix(base, ".obj") ||
           has_suffix(base, ".a") || has_suffix(base, ".so") ||
           strstr(base, ".so.") != NULL;
}

cux_cc_lang cux_cc_lang_of(const cux_cc_opts *opts, const char *path)
{
    static const char *const cxx[] = {".cpp", ".cc", ".cxx", ".C",
                                      ".c++", ".cp", ".CPP"};
    if (is_link_input(path))
        return CUX_CC_LANG_LINK;
    if (opts->lang != CUX_CC_LANG_NONE)
        return opts->lang;
    if (has_suffix(path, ".cu"))
        return CUX_CC_LANG_CU;
    if (has_suffix(path, ".c"))
        return CUX_CC_LANG_C;
    for (unsigned i = 0; i < sizeof(cxx) / sizeof(cxx[0]); i++)
        if (has_suffix(path, cxx[i]))
            return CUX_CC_LANG_CXX;
    cux_cc_fatal("Don't know what to do with '%s'", path);
}

/* nvcc includes cuda_runtime.h in every CUDA file before the user's
 * code; so does cuxcc, once cux's headers provide it. */
static void pre_include(cux_cc_cmd *cmd, cux_cc_opts *opts,
                        const cux_cc_tools *tools)
{
    const char *header = cux_cc_strf(opts, "%s/cuda_runtime.h",
                                     tools->include);
    if (!cux_cc_file_exists(header))
        return;
    cux_cc_arg(cmd, "-include");
    cux_cc_arg(cmd, header);
}

/* What nvcc defines in every compilation it runs, CUDA, C++ and C: code
 * and build tools (CMake's compiler identification) test these to know
 * nvcc and its version.  __CUDACC__ and __CUDA_ARCH__ come from clang. */
static void nvcc_macros(cux_cc_cmd *cmd, cux_cc_opts *opts)
{
    cux_cc_arg(cmd, "-D__NVCC__");
    cux_cc_arg(cmd, cux_cc_strf(opts, "-D__CUDACC_VER_MAJOR__=%d",
                                CUX_CC_CUDA_MAJOR));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-D__CUDACC_VER_MINOR__=%d",
                                CUX_CC_CUDA_MINOR));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-D__CUDACC_VER_BUILD__=%d",
                                CUX_CC_CUDA_BUILD));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-D__CUDA_API_VER_MAJOR__=%d",
                                CUX_CC_CUDA_MAJOR));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-D__CUDA_API_VER_MINOR__=%d",
                                CUX_CC_CUDA_MINOR));
}

/* cux's headers come before the user's -I, so a -I pointing into an
 * NVIDIA toolkit cannot replace them.  The stand-ins for the toolkit's
 * other headers come next, still ahead of the user's -I and -isystem and
 * of the system directories (/usr/local/include links to NVIDIA's headers
 * on some machines): such a header stops with one error naming its
 * feature, never resolving to NVIDIA's copy.  nvcc's own macros come
 * with them, since every compilation gets both. */
static void cux_headers(cux_cc_cmd *cmd, cux_cc_opts *opts,
                        const cux_cc_tools *tools)
{
    if (!tools->unsupported)
        cux_cc_fatal("cux's stand-ins for the CUDA headers it lacks are "
                     "missing (%s/build/unsupported or "
                     "%s/share/cux/unsupported); run make",
                     tools->root, tools->root);
    cux_cc_arg(cmd, cux_cc_strf(opts, "-I%s", tools->include));
    cux_cc_arg(cmd, cux_cc_strf(opts, "-I%s", tools->unsupported));
    nvcc_macros(cmd, opts);
}

static void cuda_base(cux_cc_cmd *cmd, cux_cc_opts *opts,
                      const cux_cc_tools *tools, const char *pass)
{
    cux_cc_arg(cmd, tools->clang);
    cux_cc_arg(cmd, "-x");
    cux_cc_arg(cmd, "cuda");
    cux_cc_arg(cmd, pass);
    cux_cc_arg(cmd, "-nocudainc");
    cux_cc_arg(cmd, "-nocudalib");
    /* A path that holds no toolkit: clang must not find NVIDIA's. */
    cux_cc_arg(cmd, cux_cc_strf(opts, "--cuda-path=%s/no-cuda",
                                cux_cc_tmpdir_open(opts)));
    cux_cc_arg(cmd, cux_cc_strf(opts, "--cuda-gpu-arch=sm_%d",
                                cux_cc_arch_target(opts)));
    cux_cc_arg(cmd, "-Wno-unknown-cuda-version");
    /* `register`, which C++17 removed, is an error in clang's C++17 and
     * later and nothing at all to nvcc's front end: older CUDA code
     * (HeCBench's ntt) has it in kernels built with -std=c++17. */
    cux_cc_arg(cmd, "-Wno-register");
    cux_headers(cmd, opts, tools);
    pre_include(cmd, opts, tools);
    cux_cc_args(cmd, &opts->pp);
    if (opts->std)
        cux_cc_arg(cmd, opts->std);
    /* Both passes must read the same C++ library: kernels templated on
     * its types are named after it, in the PTX and in the host object. */
    if (opts->stdlib)
        cux_cc_arg(cmd, opts->stdlib);
    cux_cc_args(cmd, &opts->common);
}

static void xclang(cux_cc_cmd *cmd, const char *arg)
{
    cux_cc_arg(cmd, "-Xclang");
    cux_cc_arg(cmd, arg);
}

static void device_math(cux_cc_cmd *cmd, const cux_cc_opts *opts)
{
    cux_cc_arg(cmd, opts->fmad ? "-ffp-contract=fast" : "-ffp-contract=off");
    if (opts->fast_math)
        cux_cc_arg(cmd, "-fcuda-approx-transcendentals");
    if (opts->ftz)
        cux_cc_arg(cmd, "-fgpu-flush-denormals-to-zero");
    if (!opts->prec_div) {
        cux_cc_arg(cmd, "-mllvm");
        cux_cc_arg(cmd, "-nvptx-prec-divf32=0");
    }
    if (!opts->prec_sqrt) {
        cux_cc_arg(cmd, "-mllvm");
        cux_cc_arg(cmd, "-nvptx-prec-sqrtf32=0");
    }
}

/* Device code is always optimised: -O0 PTX would only be slower to
 * translate and run, and -G asks for debug information, not slowness. */
static int device_ptx(cux_cc_opts *opts, const cux_cc_tools *tools,
                      const char *input, const char *out)
{
    if (opts->device_nvcc)
        return cux_cc_nvcc_ptx(opts, input, out);
    /* CMake reads the architecture nvcc compiles for by default from
     * nvcc's "-arch compute_NN" under -v: cux's target for these flags. */
    int target = cux_cc_arch_target(opts);
    cux_cc_note(opts, "_CUX_DEVICE_CODE_=-arch compute_%d (PTX for sm_%d)",
                target, target);
    cux_cc_cmd cmd = {0};
    cuda_base(&cmd, opts, tools, "--cuda-device-only");
    xclang(&cmd, "-target-feature");
    xclang(&cmd, PTX_FEATURE);
    cux_cc_arg(&cmd, "-S");
    cux_cc_arg(&cmd, "-O3");
    device_math(&cmd, opts);
    if (opts->device_debug || opts->host_debug)
        cux_cc_arg(&cmd, "-g");
    else if (opts->lineinfo)
        cux_cc_arg(&cmd, "-gline-tables-only");
    cux_cc_args(&cmd, &opts->device);
    cux_cc_arg(&cmd, input);
    cux_cc_arg(&cmd, "-o");
    cux_cc_arg(&cmd, out);
    int rc = cux_cc_run(opts, &cmd);
    return rc ? rc : cux_cc_fix_clang_ptx(opts, out);
}

/* The user-facing names for -MD: never the temporary object's. */
static void side_deps(cux_cc_cmd *cmd, cux_cc_opts *opts, const char *input,
                      const char *out)
{
    if (!opts->dep_side)
        return;
    bool named = opts->phase == CUX_CC_COMPILE && opts->output;
    const char *object = named ? out : cux_cc_basename_with(opts, input,
                                                            ".o");
    const char *file = opts->dep_file;
    if (!file)
        file = cux_cc_basename_with(opts, named ? out : input, ".d");
    cux_cc_args(cmd, &opts->deps);
    cux_cc_arg(cmd, "-MF");
    cux_cc_arg(cmd, file);
    if (!opts->dep_target) {
        cux_cc_arg(cmd, "-MT");
        cux_cc_arg(cmd, object);
    }
}

static void host_flags(cux_cc_cmd *cmd, const cux_cc_opts *opts)
{
    if (opts->opt_level)
        cux_cc_arg(cmd, opts->opt_level);
    if (opts->host_debug)
        cux_cc_arg(cmd, "-g");
    if (opts->shared)
        cux_cc_arg(cmd, "-fPIC");
    cux_cc_args(cmd, &opts->host);
}

/* clang's -fgpu-rdc host code registers through a function named after
 * the object's module id, which nvlink's output defines; libcux has one
 * that serves every object, and the call is renamed to it. */
static int rename_registration(cux_cc_opts *opts, const char *out)
{
    static const char prefix[] = "__cudaRegisterLinkedBinary_";
    if (opts->dryrun)
        return 0;
    size_t len;
    char *data = cux_cc_slurp(out, &len);
    if (!data)
        return 1;
    const char *hit = memmem(data, len, prefix, sizeof prefix - 1);
    const char *name = hit ? cux_cc_strf(opts, "%s", hit) : NULL;
    free(data);
    if (!name)
        return 0;
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, "objcopy");
    cux_cc_arg(&cmd, cux_cc_strf(opts, "--redefine-sym=%s="
                                 "cux_register_linked_binary", name));
    cux_cc_arg(&cmd, out);
    return cux_cc_run(opts, &cmd);
}

/* Relocatable code (-rdc=true): the device pass is the whole-program one,
 * since its PTX already declares what it uses from other files .extern
 * and defines its own symbols .visible; clang 14's -fgpu-rdc there would
 * rename static variables in a way its host pass does not follow.  The
 * host pass does take -fgpu-rdc, which makes the host shadows of
 * __device__ variables global, so that another file can name them in
 * cudaMemcpyToSymbol. */
static int host_object(cux_cc_opts *opts, const cux_cc_tools *tools,
                       const char *input, const char *bin, const char *out)
{
    cux_cc_cmd cmd = {0};
    cuda_base(&cmd, opts, tools, "--cuda-host-only");
    if (opts->rdc)
        cux_cc_arg(&cmd, "-fgpu-rdc");
    host_flags(&cmd, opts);
    side_deps(&cmd, opts, input, out);
    xclang(&cmd, cux_cc_strf(opts, "-target-sdk-version=%s", SDK_VERSION));
    xclang(&cmd, "-fcuda-include-gpubinary");
    xclang(&cmd, bin);
    cux_cc_arg(&cmd, "-c");
    cux_cc_arg(&cmd, input);
    cux_cc_arg(&cmd, "-o");
    cux_cc_arg(&cmd, out);
    int rc = cux_cc_run(opts, &cmd);
    return rc || !opts->rdc ? rc : rename_registration(opts, out);
}

static int compile_cu(cux_cc_opts *opts, const cux_cc_tools *tools,
                      const char *input, const char *out)
{
    const char *stem = cux_cc_tmpstem(opts, input);
    const char *ptx = cux_cc_strf(opts, "%s.ptx", stem);
    const char *bin = cux_cc_strf(opts, "%s.cuxbin", stem);
    int rc = device_ptx(opts, tools, input, ptx);
    if (!rc)
        rc = cux_cc_wrap_ptx(opts, ptx, opts->rdc ? input : NULL, bin);
    if (!rc)
        rc = host_object(opts, tools, input, bin, out);
    return rc;
}

/* Plain C and C++ files see cux's headers too, to call the runtime. */
static int compile_host(cux_cc_opts *opts, const cux_cc_tools *tools,
                        const char *input, const char *out, bool cxx)
{
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, cxx ? tools->clang : "cc");
    cux_cc_arg(&cmd, "-x");
    cux_cc_arg(&cmd, cxx ? "c++" : "c");
    cux_headers(&cmd, opts, tools);
    cux_cc_args(&cmd, &opts->pp);
    if (cxx && opts->std)
        cux_cc_arg(&cmd, opts->std);
    cux_cc_args(&cmd, &opts->common);
    host_flags(&cmd, opts);
    side_deps(&cmd, opts, input, out);
    cux_cc_arg(&cmd, "-c");
    cux_cc_arg(&cmd, input);
    cux_cc_arg(&cmd, "-o");
    cux_cc_arg(&cmd, out);
    return cux_cc_run(opts, &cmd);
}

int cux_cc_compile(cux_cc_opts *opts, const cux_cc_tools *tools,
                   const char *input, const char *out)
{
    switch (cux_cc_lang_of(opts, input)) {
    case CUX_CC_LANG_CU:
        return compile_cu(opts, tools, input, out);
    case CUX_CC_LANG_C:
        return compile_host(opts, tools, input, out, false);
    case CUX_CC_LANG_CXX:
        return compile_host(opts, tools, input, out, true);
    default:
        return 0;
    }
}

int cux_cc_ptx(cux_cc_opts *opts, const cux_cc_tools *tools,
               const char *input, const char *out)
{
    if (cux_cc_lang_of(opts, input) != CUX_CC_LANG_CU)
        cux_cc_fatal("Option '-ptx' needs CUDA input; '%s' is not a .cu "
                     "file (use -x cu)", input);
    return device_ptx(opts, tools, input, out);
}

/* -E and -M/-MM: the host pass of the file, which is what nvcc's
 * dependency output describes too. */
int cux_cc_preprocess(cux_cc_opts *opts, const cux_cc_tools *tools,
                      const char *input, const char *out)
{
    cux_cc_cmd cmd = {0};
    cux_cc_lang lang = cux_cc_lang_of(opts, input);
    if (lang == CUX_CC_LANG_CU) {
        cuda_base(&cmd, opts, tools, "--cuda-host-only");
    } else {
        cux_cc_arg(&cmd, tools->clang);
        cux_cc_arg(&cmd, "-x");
        cux_cc_arg(&cmd, lang == CUX_CC_LANG_C ? "c" : "c++");
        cux_headers(&cmd, opts, tools);
        cux_cc_args(&cmd, &opts->pp);
    }
    cux_cc_args(&cmd, &opts->host);
    if (opts->phase == CUX_CC_DEPS) {
        cux_cc_args(&cmd, &opts->deps);
        if (opts->dep_file) {
            cux_cc_arg(&cmd, "-MF");
            cux_cc_arg(&cmd, opts->dep_file);
        }
    } else {
        cux_cc_arg(&cmd, "-E");
    }
    cux_cc_arg(&cmd, input);
    if (out) {
        cux_cc_arg(&cmd, "-o");
        cux_cc_arg(&cmd, out);
    }
    return cux_cc_run(opts, &cmd);
}
