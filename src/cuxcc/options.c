/* options.c: nvcc's command line, read into a cux_cc_opts.
 * One table lists each flag's long and short spelling; the parser accepts
 * `-flag value`, `-flag=value` and the `--long` forms as nvcc does.
 *
 * A flag nvcc knows is either turned into clang flags, recorded (GPU
 * architectures, shown under -v) or accepted and ignored; anything else
 * fails with nvcc's own message, so build scripts that probe flags see
 * the answer they would get from nvcc. */
#include "cuxcc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void handler(cux_cc_opts *o, const char *value, const char *arg);

typedef struct option {
    const char *name;  /* long spelling, without the dashes */
    const char *alias; /* short spelling, or NULL */
    bool value;        /* takes a value */
    handler *fn;
    const char *arg;   /* handler's own parameter */
} option;

void cux_cc_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("cuxcc fatal   : ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* The errors cux adds to nvcc's: things nvcc does that cux cannot. */
static _Noreturn void unsupported(const char *what)
{
    fprintf(stderr, "cuxcc: %s\n", what);
    exit(1);
}

static void bad_value(const char *value, const char *option_name)
{
    cux_cc_fatal("Value '%s' is not defined for option '%s'", value,
                 option_name);
}

static bool parse_bool(const char *value, const char *option_name)
{
    if (!strcmp(value, "true"))
        return true;
    if (!strcmp(value, "false"))
        return false;
    bad_value(value, option_name);
    return false;
}

/* The items of an option's value, separated by any of `seps`: nvcc
 * takes comma-separated lists for most list-valued flags, and removes
 * double quotes in them, which keep what they enclose one item
 * (-Xcompiler="-Wall,-fPIC" is one argument, -Wall,-fPIC); \" is a
 * quote kept.  Each item gets `prefix` in front. */
static void push_items(cux_cc_opts *opts, cux_cc_strs *list,
                       const char *prefix, const char *value,
                       const char *seps)
{
    size_t plen = strlen(prefix);
    char *item = cux_arena_alloc(&opts->arena, plen + strlen(value) + 1);
    while (*value) {
        value += strspn(value, seps);
        size_t n = plen;
        bool quoted = false;
        memcpy(item, prefix, plen);
        for (; *value && (quoted || !strchr(seps, *value)); value++) {
            if (value[0] == '\\' && value[1] == '"')
                item[n++] = *++value;
            else if (*value == '"')
                quoted = !quoted;
            else
                item[n++] = *value;
        }
        if (n > plen) /* "" alone is no item */
            CUX_PUSH(*list, cux_arena_strndup(&opts->arena, item, n));
    }
}

static void push_split(cux_cc_opts *opts, cux_cc_strs *list,
                       const char *prefix, const char *value)
{
    push_items(opts, list, prefix, value, ",");
}

/* Host compiler options reach nvcc's host compiler through a shell, so
 * spaces separate them as commas do. */
static void push_words(cux_cc_opts *o, cux_cc_strs *list,
                       const char *prefix, const char *value)
{
    push_items(o, list, prefix, value, ", \t");
}

static void on_input(cux_cc_opts *o, const char *path)
{
    CUX_PUSH(o->inputs, path);
}

static void on_ignore(cux_cc_opts *o, const char *value, const char *arg)
{
    CUX_PUSH(o->ignored, cux_cc_strf(o, "--%s%s%s", arg, value ? " " : "",
                                     value ? value : ""));
}

static void on_phase(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)value;
    static const char *const names[] = {"link", "c",   "ptx",
                                        "E",    "M",   "lib", "dlink"};
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(arg, names[i]))
            o->phase = (cux_cc_phase)i;
}

static void on_output(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    o->output = value;
}

/* -I, -L, -isystem ...: arg is the clang prefix for each list item. */
static void on_pp(cux_cc_opts *o, const char *value, const char *arg)
{
    push_split(o, &o->pp, arg, value);
}

static void on_define(cux_cc_opts *o, const char *value, const char *arg)
{
    CUX_PUSH(o->pp, cux_cc_strf(o, "%s%s", arg, value));
}

static void on_pre_include(cux_cc_opts *o, const char *value,
                           const char *arg)
{
    (void)arg;
    CUX_PUSH(o->pp, "-include");
    CUX_PUSH(o->pp, value);
}

static void on_common(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)value;
    CUX_PUSH(o->common, arg);
}

/* libcux is CUDA's runtime and driver libraries in one. */
static bool provided_by_cux(const char *name)
{
    return !strcmp(name, "cudart") || !strcmp(name, "cudart_static") ||
           !strcmp(name, "cudadevrt") || !strcmp(name, "cuda");
}

static void on_library(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    cux_cc_strs names = {0};
    push_split(o, &names, "", value);
    for (uint32_t i = 0; i < names.len; i++) {
        const char *name = names.data[i];
        if (provided_by_cux(name))
            CUX_PUSH(o->ignored,
                     cux_cc_strf(o, "-l%s (provided by libcux)", name));
        else
            CUX_PUSH(o->link, cux_cc_strf(o, "-l%s", name));
    }
    free(names.data);
}

static void on_libpath(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    push_split(o, &o->link, "-L", value);
}

/* nvcc preprocesses device code with the host compiler's options too, so
 * a C++ library chosen with -Xcompiler -stdlib= reaches both CUDA passes
 * (kept in o->stdlib); everything else stays with the host pass. */
static void on_xcompiler(cux_cc_opts *o, const char *value,
                         const char *arg)
{
    (void)arg;
    uint32_t first = o->host.len;
    push_words(o, &o->host, "", value);
    for (uint32_t i = first; i < o->host.len; i++)
        if (!strncmp(o->host.data[i], "-stdlib=", 8))
            o->stdlib = o->host.data[i];
}

static void on_xlinker(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    push_words(o, &o->link, "-Wl,", value);
}

static void on_xarchive(cux_cc_opts *o, const char *value,
                        const char *arg)
{
    (void)arg;
    push_words(o, &o->archive, "", value);
}

static void on_opt(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    if (strlen(value) != 1 || value[0] < '0' || value[0] > '3')
        bad_value(value, "optimize");
    o->opt_level = cux_cc_strf(o, "-O%c", value[0]);
}

static void on_std(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    static const char *const known[] = {"c++03", "c++11", "c++14",
                                        "c++17", "c++20"};
    for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (!strcmp(value, known[i])) {
            o->std = cux_cc_strf(o, "-std=%s", value);
            return;
        }
    }
    bad_value(value, "std");
}

static void on_lang(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    if (!strcmp(value, "cu"))
        o->lang = CUX_CC_LANG_CU;
    else if (!strcmp(value, "c"))
        o->lang = CUX_CC_LANG_C;
    else if (!strcmp(value, "c++"))
        o->lang = CUX_CC_LANG_CXX;
    else if (!strcmp(value, "none"))
        o->lang = CUX_CC_LANG_NONE;
    else
        bad_value(value, "x");
}

static void on_cudart(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    if (!strcmp(value, "shared"))
        o->cudart = CUX_CC_CUDART_SHARED;
    else if (!strcmp(value, "static"))
        o->cudart = CUX_CC_CUDART_STATIC;
    else if (!strcmp(value, "none"))
        o->cudart = CUX_CC_CUDART_NONE;
    else
        bad_value(value, "cudart");
}

/* arg names the bool: which of nvcc's float-mode switches it is. */
static void on_fmode(cux_cc_opts *o, const char *value, const char *arg)
{
    bool on = parse_bool(value, arg);
    if (!strcmp(arg, "ftz"))
        o->ftz = on;
    else if (!strcmp(arg, "prec-div"))
        o->prec_div = on;
    else if (!strcmp(arg, "prec-sqrt"))
        o->prec_sqrt = on;
    else
        o->fmad = on;
}

static void on_fast_math(cux_cc_opts *o, const char *value,
                         const char *arg)
{
    (void)value;
    (void)arg;
    o->fast_math = true;
}

/* -rdc=B; -dc is -c -rdc=true and -dw is -c -rdc=false, as in nvcc. */
static void on_rdc(cux_cc_opts *o, const char *value, const char *arg)
{
    if (value)
        o->rdc = parse_bool(value, "relocatable-device-code");
    else
        o->rdc = !strcmp(arg, "dc");
    if (!value)
        o->phase = CUX_CC_COMPILE;
}

static void on_binary(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)o;
    (void)value;
    char text[160];
    snprintf(text, sizeof(text),
             "-%s is not supported: cux runs PTX, not NVIDIA machine "
             "code; use -ptx", arg);
    unsupported(text);
}

static void on_deps(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)value;
    CUX_PUSH(o->deps, arg);
    if (!strcmp(arg, "-M") || !strcmp(arg, "-MM"))
        o->phase = CUX_CC_DEPS;
    else
        o->dep_side = true;
}

static void on_dep_file(cux_cc_opts *o, const char *value,
                        const char *arg)
{
    (void)arg;
    o->dep_file = value;
}

static void on_dep_opt(cux_cc_opts *o, const char *value, const char *arg)
{
    CUX_PUSH(o->deps, arg);
    if (value)
        CUX_PUSH(o->deps, value);
    if (!strcmp(arg, "-MT"))
        o->dep_target = true;
}

static void on_arch(cux_cc_opts *o, const char *value, const char *arg)
{
    if (!strcmp(arg, "gencode"))
        cux_cc_arch_gencode(o, value);
    else
        cux_cc_arch_record(o, arg, value);
}

static void on_bool(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)value;
    if (!strcmp(arg, "v"))
        o->verbose = true;
    else if (!strcmp(arg, "dryrun"))
        o->dryrun = true;
    else if (!strcmp(arg, "keep"))
        o->keep = true;
    else if (!strcmp(arg, "shared"))
        o->shared = true;
    else if (!strcmp(arg, "help"))
        o->show_help = true;
    else if (!strcmp(arg, "version"))
        o->show_version = true;
    else if (!strcmp(arg, "g"))
        o->host_debug = true;
    else if (!strcmp(arg, "G"))
        o->device_debug = true;
    else
        o->lineinfo = true;
}

static void on_keep_dir(cux_cc_opts *o, const char *value,
                        const char *arg)
{
    (void)arg;
    o->keep_dir = value;
    o->keep = true;
}

static void on_ccbin(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    o->ccbin = value;
}

/* cux's own flag: which compiler writes the device pass's PTX.  nvcc
 * has no such flag; the name pairs with nvcc's --compiler-bindir, which
 * picks the host compiler, and CUX_DEVICE_COMPILER sets the default. */
static void on_device_compiler(cux_cc_opts *o, const char *value,
                               const char *arg)
{
    (void)arg;
    if (!strcmp(value, "nvcc"))
        o->device_nvcc = true;
    else if (!strcmp(value, "clang"))
        o->device_nvcc = false;
    else
        bad_value(value, "device-compiler");
}

static void on_stream(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    if (!strcmp(value, "per-thread"))
        CUX_PUSH(o->pp, "-DCUDA_API_PER_THREAD_DEFAULT_STREAM=1");
    else if (strcmp(value, "legacy") && strcmp(value, "null"))
        bad_value(value, "default-stream");
}

static void on_werror(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)arg;
    cux_cc_strs kinds = {0};
    push_split(o, &kinds, "", value);
    for (uint32_t i = 0; i < kinds.len; i++)
        if (!strcmp(kinds.data[i], "all-warnings"))
            CUX_PUSH(o->common, "-Werror");
    free(kinds.data);
}

static void on_forward(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)value;
    if (!strcmp(arg, "compiler"))
        o->forward_host = true;
    else
        o->forward_linker = true;
}

static void parse_words(cux_cc_opts *o, int argc, char **argv);

/* CMake passes include directories, objects and libraries this way. */
static void on_options_file(cux_cc_opts *o, const char *value,
                            const char *arg)
{
    (void)arg;
    cux_cc_strs words = cux_cc_read_options_file(o, value);
    /* argv[0] is a placeholder: the parser starts at 1, as for main's. */
    CUX_PUSH(words, NULL);
    memmove(words.data + 1, words.data,
            (words.len - 1) * sizeof(words.data[0]));
    words.data[0] = "";
    parse_words(o, (int)words.len, (char **)words.data);
    free(words.data);
}

static void on_machine(cux_cc_opts *o, const char *value, const char *arg)
{
    (void)o;
    (void)arg;
    if (strcmp(value, "64"))
        bad_value(value, "machine");
}

#define FLAG(n, a, f, p) {n, a, false, f, p}
#define VALUE(n, a, f, p) {n, a, true, f, p}
#define IGNORED(n, a) {n, a, false, on_ignore, n}
#define IGNORED_VALUE(n, a) {n, a, true, on_ignore, n}

static const option table[] = {
    VALUE("output-file", "o", on_output, NULL),
    FLAG("compile", "c", on_phase, "c"),
    FLAG("link", NULL, on_phase, "link"),
    FLAG("lib", NULL, on_phase, "lib"),
    FLAG("ptx", NULL, on_phase, "ptx"),
    FLAG("preprocess", "E", on_phase, "E"),
    FLAG("cubin", NULL, on_binary, "cubin"),
    FLAG("fatbin", NULL, on_binary, "fatbin"),
    FLAG("optix-ir", NULL, on_binary, "optix-ir"),
    FLAG("shared", NULL, on_bool, "shared"),
    VALUE("include-path", "I", on_pp, "-I"),
    VALUE("system-include", "isystem", on_pp, "-isystem"),
    VALUE("define-macro", "D", on_define, "-D"),
    VALUE("undefine-macro", "U", on_define, "-U"),
    VALUE("pre-include", "include", on_pre_include, NULL),
    VALUE("library", "l", on_library, NULL),
    VALUE("library-path", "L", on_libpath, NULL),
    VALUE("optimize", "O", on_opt, NULL),
    VALUE("std", NULL, on_std, NULL),
    VALUE("x", NULL, on_lang, NULL),
    FLAG("debug", "g", on_bool, "g"),
    FLAG("device-debug", "G", on_bool, "G"),
    FLAG("generate-line-info", "lineinfo", on_bool, "lineinfo"),
    FLAG("disable-warnings", "w", on_common, "-w"),
    VALUE("Werror", NULL, on_werror, NULL),
    FLAG("Wno-deprecated-declarations", NULL, on_common,
         "-Wno-deprecated-declarations"),
    FLAG("Wreorder", NULL, on_common, "-Wreorder"),
    IGNORED("Wno-deprecated-gpu-targets", NULL),
    IGNORED("Wdefault-stream-launch", NULL),
    IGNORED("Wmissing-launch-bounds", NULL),
    IGNORED("Wext-lambda-captures-this", NULL),
    VALUE("gpu-architecture", "arch", on_arch, "arch"),
    VALUE("gpu-code", "code", on_arch, "code"),
    VALUE("generate-code", "gencode", on_arch, "gencode"),
    VALUE("compiler-options", "Xcompiler", on_xcompiler, NULL),
    VALUE("linker-options", "Xlinker", on_xlinker, NULL),
    VALUE("archive-options", "Xarchive", on_xarchive, NULL),
    IGNORED_VALUE("ptxas-options", "Xptxas"),
    IGNORED_VALUE("nvlink-options", "Xnvlink"),
    IGNORED_VALUE("Xcudafe", NULL),
    IGNORED_VALUE("maxrregcount", NULL),
    IGNORED("resource-usage", "res-usage"),
    FLAG("use_fast_math", NULL, on_fast_math, NULL),
    VALUE("ftz", NULL, on_fmode, "ftz"),
    VALUE("prec-div", NULL, on_fmode, "prec-div"),
    VALUE("prec-sqrt", NULL, on_fmode, "prec-sqrt"),
    VALUE("fmad", NULL, on_fmode, "fmad"),
    IGNORED("expt-relaxed-constexpr", NULL),
    IGNORED("extended-lambda", NULL),
    IGNORED("expt-extended-lambda", NULL),
    IGNORED("restrict", NULL),
    IGNORED("source-in-ptx", "src-in-ptx"),
    IGNORED("display-error-number", "err-no"),
    IGNORED("allow-unsupported-compiler", NULL),
    IGNORED("keep-device-functions", NULL),
    IGNORED("extra-device-vectorization", NULL),
    IGNORED_VALUE("diag-suppress", NULL),
    IGNORED_VALUE("diag-warn", NULL),
    IGNORED_VALUE("diag-error", NULL),
    IGNORED_VALUE("threads", "t"),
    IGNORED_VALUE("split-compile", NULL),
    IGNORED_VALUE("cudadevrt", NULL),
    IGNORED_VALUE("dopt", NULL),
    IGNORED("m64", NULL),
    VALUE("machine", "m", on_machine, NULL),
    VALUE("compiler-bindir", "ccbin", on_ccbin, NULL),
    VALUE("device-compiler", NULL, on_device_compiler, NULL),
    FLAG("forward-unknown-to-host-compiler", NULL, on_forward, "compiler"),
    FLAG("forward-unknown-to-host-linker", NULL, on_forward, "linker"),
    VALUE("options-file", "optf", on_options_file, NULL),
    VALUE("cudart", NULL, on_cudart, NULL),
    VALUE("default-stream", NULL, on_stream, NULL),
    VALUE("relocatable-device-code", "rdc", on_rdc, NULL),
    FLAG("device-c", "dc", on_rdc, "dc"),
    FLAG("device-w", "dw", on_rdc, "dw"),
    FLAG("device-link", "dlink", on_phase, "dlink"),
    FLAG("generate-dependencies", "M", on_deps, "-M"),
    FLAG("generate-nonsystem-dependencies", "MM", on_deps, "-MM"),
    FLAG("generate-dependencies-with-compile", "MD", on_deps, "-MD"),
    FLAG("generate-nonsystem-dependencies-with-compile", "MMD", on_deps,
         "-MMD"),
    VALUE("dependency-output", "MF", on_dep_file, NULL),
    VALUE("dependency-target-name", "MT", on_dep_opt, "-MT"),
    FLAG("generate-dependency-targets", "MP", on_dep_opt, "-MP"),
    FLAG("keep", NULL, on_bool, "keep"),
    VALUE("keep-dir", NULL, on_keep_dir, NULL),
    FLAG("verbose", "v", on_bool, "v"),
    FLAG("dryrun", NULL, on_bool, "dryrun"),
    FLAG("help", "h", on_bool, "help"),
    FLAG("version", "V", on_bool, "version"),
};

static const option *lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        const option *opt = &table[i];
        if (!strncmp(opt->name, name, len) && !opt->name[len])
            return opt;
        if (opt->alias && !strncmp(opt->alias, name, len) &&
            !opt->alias[len])
            return opt;
    }
    return NULL;
}

/* -Ipath, -DX=1, -lm, -O3: a short flag with its value attached. */
static bool attached(cux_cc_opts *o, const char *arg)
{
    static const char prefixes[] = "IDULlO";
    if (arg[1] == '\0' || arg[2] == '\0' || !strchr(prefixes, arg[1]))
        return false;
    char name[2] = {arg[1], '\0'};
    const option *opt = lookup(name, 1);
    opt->fn(o, arg + 2, opt->arg);
    return true;
}

static int parse_one(cux_cc_opts *o, int argc, char **argv, int i)
{
    const char *arg = argv[i];
    if (arg[0] != '-' || arg[1] == '\0') {
        on_input(o, arg);
        return i + 1;
    }
    const char *name = arg + 1 + (arg[1] == '-');
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const option *opt = lookup(name, len);
    if (opt && (opt->value || !eq)) {
        const char *value = NULL;
        if (opt->value && eq)
            value = eq + 1;
        else if (opt->value && i + 1 < argc)
            value = argv[++i];
        else if (opt->value)
            cux_cc_fatal("No value given for option '%.*s'",
                         (int)(name - arg + len), arg);
        opt->fn(o, value, opt->arg);
        return i + 1;
    }
    if (arg[1] != '-' && attached(o, arg))
        return i + 1;
    /* As in nvcc, a value after the unknown flag is not forwarded with
     * it: the next word is read as a flag or an input of its own. */
    if (o->forward_host || o->forward_linker) {
        cux_cc_strs *to = o->forward_host ? &o->host : &o->link;
        CUX_PUSH(*to, arg);
        return i + 1;
    }
    cux_cc_fatal("Unknown option '%s'", arg);
}

static void parse_words(cux_cc_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc;)
        i = parse_one(o, argc, argv, i);
}

void cux_cc_parse(cux_cc_opts *opts, int argc, char **argv)
{
    opts->argv0 = argv[0];
    opts->fmad = true;
    opts->prec_div = true;
    opts->prec_sqrt = true;
    /* Build systems pick the device compiler without a flag: the
     * command line still overrides it. */
    const char *device = getenv("CUX_DEVICE_COMPILER");
    if (device && *device)
        on_device_compiler(opts, device, NULL);
    parse_words(opts, argc, argv);
    if (opts->fast_math) {
        opts->ftz = true;
        opts->prec_div = false;
        opts->prec_sqrt = false;
    }
}

void cux_cc_opts_free(cux_cc_opts *opts)
{
    cux_cc_strs *lists[] = {&opts->inputs, &opts->pp,      &opts->common,
                            &opts->host,   &opts->device,  &opts->deps,
                            &opts->link,   &opts->archive, &opts->archs,
                            &opts->ignored};
    for (unsigned i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        free(lists[i]->data);
    cux_arena_free(&opts->arena);
}
