/* cuxcc.h: the compiler driver's internal map, one heading per file.
 * cuxcc reads nvcc's command line and runs clang, cc and the linker. */
#ifndef CUX_CUXCC_H
#define CUX_CUXCC_H

#include "util/util.h"

#include <stdbool.h>

#define CUX_CC_VERSION "0.1.0"
/* The nvcc release whose command line cuxcc follows. */
#define CUX_CC_NVCC_RELEASE "12.0"
/* The CUDA version cuxcc reports as nvcc's (--version, __CUDACC_VER_*),
 * the CUDART_VERSION that include/driver_types.h defaults to (12040), so
 * a program's compiler and runtime checks agree.  No NVIDIA build stands
 * behind it, hence build 0. */
#define CUX_CC_CUDA_MAJOR 12
#define CUX_CC_CUDA_MINOR 4
#define CUX_CC_CUDA_BUILD 0

typedef CUX_ARRAY(const char *) cux_cc_strs;

/* What the command line asks for; link is the default, as in nvcc. */
typedef enum cux_cc_phase {
    CUX_CC_LINK,       /* compile everything, then link an executable */
    CUX_CC_COMPILE,    /* -c: one object per input */
    CUX_CC_PTX,        /* -ptx: device code only, as PTX text */
    CUX_CC_PREPROCESS, /* -E: host preprocessing */
    CUX_CC_DEPS,       /* -M / -MM: dependency list only */
    CUX_CC_LIB,        /* -lib: a static library of the objects */
    CUX_CC_DLINK,      /* -dlink: the device link's object */
} cux_cc_phase;

typedef enum cux_cc_lang {
    CUX_CC_LANG_NONE, /* from the file name */
    CUX_CC_LANG_CU,
    CUX_CC_LANG_C,
    CUX_CC_LANG_CXX,
    CUX_CC_LANG_LINK, /* objects and libraries: straight to the linker */
} cux_cc_lang;

typedef enum cux_cc_cudart {
    CUX_CC_CUDART_DEFAULT, /* none given: shared, static as a toolkit's nvcc */
    CUX_CC_CUDART_SHARED,
    CUX_CC_CUDART_STATIC,
    CUX_CC_CUDART_NONE,
} cux_cc_cudart;

typedef struct cux_cc_opts {
    cux_arena arena;       /* every string the driver builds */
    const char *argv0;     /* the name cuxcc was started by */
    cux_cc_strs inputs;    /* files, in command-line order */
    const char *output;    /* -o, or NULL */
    cux_cc_phase phase;
    cux_cc_lang lang;      /* -x, applied to every input */
    cux_cc_strs pp;        /* -I -D -U -include, for every compilation */
    cux_cc_strs common;    /* -w, -W...: every compilation, C included */
    cux_cc_strs host;      /* -Xcompiler and other host-only flags */
    cux_cc_strs device;    /* device-only clang flags */
    cux_cc_strs deps;      /* -MD -MMD -MF -MT -MP for the host pass */
    cux_cc_strs link;      /* -L -l -Xlinker, in order */
    cux_cc_strs archive;   /* -Xarchive */
    cux_cc_strs archs;     /* -arch/-gencode/-code values, recorded */
    cux_cc_strs ignored;   /* accepted flags without effect, for -v */
    const char *opt_level; /* host -O flag, or NULL */
    const char *std;       /* -std=c++NN for CUDA and C++, or NULL */
    const char *stdlib;    /* -stdlib= among -Xcompiler's, or NULL */
    const char *ccbin;     /* -ccbin, reported and ignored */
    const char *keep_dir;  /* -keep-dir */
    const char *tmpdir;    /* private directory, once opened */
    uint32_t tmp_serial;   /* tells apart inputs of the same name */
    const char *dep_file;  /* -MF */
    bool dep_target;       /* -MT or -MQ given */
    bool dep_side;         /* -MD or -MMD: deps beside the compilation */
    bool verbose, dryrun, keep, shared;
    bool rdc;              /* -rdc=true, -dc: relocatable device code */
    bool forward_host;     /* -forward-unknown-to-host-compiler */
    bool forward_linker;   /* -forward-unknown-to-host-linker */
    bool host_debug, device_debug, lineinfo; /* -g, -G, -lineinfo */
    bool fast_math, ftz, fmad, prec_div, prec_sqrt;
    bool show_help, show_version;
    bool device_nvcc;      /* --device-compiler=nvcc: nvcc writes the PTX */
    cux_cc_cudart cudart;
} cux_cc_opts;

/* options.c: nvcc's flags.  Exits with nvcc's message on a bad one. */
void cux_cc_parse(cux_cc_opts *opts, int argc, char **argv);
void cux_cc_opts_free(cux_cc_opts *opts);
void cux_cc_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* optfile.c: --options-file, words read from a file. */
/* The file's words, in the opts' arena; exits with nvcc's message if it
 * cannot be read. */
cux_cc_strs cux_cc_read_options_file(cux_cc_opts *opts, const char *path);

/* arch.c: -arch, -code and -gencode values, kept for -v, and the one
 * of cux's two device targets they choose. */
void cux_cc_arch_gencode(cux_cc_opts *opts, const char *value);
void cux_cc_arch_record(cux_cc_opts *opts, const char *what,
                        const char *value);
/* 80 (sm_80, the default) or 75 (sm_75, when every architecture named
 * is older than 8.0). */
int cux_cc_arch_target(const cux_cc_opts *opts);

/* toolchain.c: where cux lives and which clang to run. */
typedef struct cux_cc_tools {
    const char *root;        /* directory holding bin/cuxcc */
    const char *here;        /* directory of the command as started */
    const char *toolkit;     /* the CUDA-toolkit-shaped tree whose bin/nvcc
                              * started cuxcc, or NULL */
    const char *include;     /* cux's CUDA headers */
    const char *unsupported; /* stand-ins for the toolkit's others, or NULL */
    const char *lib;         /* libcux.so and libcux.a */
    const char *lib64;       /* <toolkit>/lib64 (libcudart names), or NULL */
    const char *clang;       /* clang++ (or clang) used for everything */
    bool clang_is_cxx;       /* false: pass --driver-mode=g++ when linking */
} cux_cc_tools;

void cux_cc_find_tools(cux_cc_opts *opts, cux_cc_tools *tools);
bool cux_cc_file_exists(const char *path);
/* The first executable NAME on PATH, in the opts' arena, or NULL. */
const char *cux_cc_search_path(cux_cc_opts *opts, const char *name);
/* cuxcc's own executable, resolved (/proc/self/exe). */
const char *cux_cc_self(cux_cc_opts *opts);

/* nvcc_device.c: the device pass run by NVIDIA's nvcc
 * (--device-compiler=nvcc): its PTX, with nvcc's own headers. */
int cux_cc_nvcc_ptx(cux_cc_opts *opts, const char *input, const char *out);

/* nvcc_env.c: the lines nvcc -v prints before its commands (TOP=,
 * INCLUDES=, LIBRARIES= ...), which CMake reads to find the toolkit. */
void cux_cc_show_env(cux_cc_opts *opts, const cux_cc_tools *tools);
/* The -L flag of the link step that LIBRARIES= names. */
const char *cux_cc_libdir_flag(cux_cc_opts *opts, const cux_cc_tools *tools);

/* cmd.c: command vectors, shown under -v and run as child processes. */
typedef struct cux_cc_cmd {
    cux_cc_strs argv; /* NULL-terminated when run */
} cux_cc_cmd;

void cux_cc_arg(cux_cc_cmd *cmd, const char *arg);
void cux_cc_args(cux_cc_cmd *cmd, const cux_cc_strs *list);
/* Shows the command under -v/-dryrun, runs it unless -dryrun; returns
 * the child's exit status (0 on success).  Frees the vector. */
int cux_cc_run(const cux_cc_opts *opts, cux_cc_cmd *cmd);
/* The same, with each from[i] in the child's stderr shown as to[i]: the
 * linker names objects, and temporary ones must read as their sources. */
int cux_cc_run_renamed(const cux_cc_opts *opts, cux_cc_cmd *cmd,
                       const cux_cc_strs *from, const cux_cc_strs *to);
/* A formatted string in the driver's arena. */
char *cux_cc_strf(cux_cc_opts *opts, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cux_cc_note(const cux_cc_opts *opts, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One argument to stderr, quoted as the shown commands quote it. */
void cux_cc_show_arg(const char *arg);

/* tmpdir.c: a private directory for intermediate files. */
/* Removed at exit unless -keep; the path lives in the opts' arena. */
const char *cux_cc_tmpdir_open(cux_cc_opts *opts);
/* "<tmpdir>/<n>-<input's base name without suffix>": one per input, the
 * caller appends ".ptx", ".o" ... */
const char *cux_cc_tmpstem(cux_cc_opts *opts, const char *input);

/* container.c: PTX text wrapped for -fcuda-include-gpubinary. */
/* A whole file, NUL-terminated, malloc'd (caller frees); NULL, with a
 * line on stderr naming the file, if it cannot be read. */
char *cux_cc_slurp(const char *path, size_t *len);
/* source: the file relocatable code (-rdc=true) came from, or NULL for
 * a whole-program module. */
int cux_cc_wrap_ptx(const cux_cc_opts *opts, const char *ptx_path,
                    const char *source, const char *out_path);

/* ptx_fixup.c: clang's known NVPTX miscompiles repaired in place. */
int cux_cc_fix_clang_ptx(const cux_cc_opts *opts, const char *ptx_path);

/* compile.c: one input through its compiler; objects land in *out. */
const char *cux_cc_basename_with(cux_cc_opts *opts, const char *path,
                                 const char *suffix);
int cux_cc_compile(cux_cc_opts *opts, const cux_cc_tools *tools,
                   const char *input, const char *out);
int cux_cc_ptx(cux_cc_opts *opts, const cux_cc_tools *tools,
               const char *input, const char *out);
int cux_cc_preprocess(cux_cc_opts *opts, const cux_cc_tools *tools,
                      const char *input, const char *out);
cux_cc_lang cux_cc_lang_of(const cux_cc_opts *opts, const char *path);

/* link.c: objects into an executable, shared object or archive. */
/* sources[i] is the input objects[i] was compiled from (or itself). */
int cux_cc_link(cux_cc_opts *opts, const cux_cc_tools *tools,
                const cux_cc_strs *objects, const cux_cc_strs *sources,
                const char *out);
int cux_cc_archive(cux_cc_opts *opts, const cux_cc_strs *objects,
                   const char *out);

/* dlink.c: the device link of relocatable device code (-rdc=true). */
/* -dlink: links the device code of the objects and static libraries (an
 * undefined or twice-defined device symbol fails here, naming it) and
 * writes the object that registers the libraries' device code. */
int cux_cc_dlink(cux_cc_opts *opts, const cux_cc_tools *tools,
                 const cux_cc_strs *objects, const char *out);
/* Before linking a program: the same, implicitly, as nvcc does; appends
 * the device link's object to *objects (and itself to *sources) when
 * there is relocatable device code, else changes nothing. */
int cux_cc_dlink_implicit(cux_cc_opts *opts, const cux_cc_tools *tools,
                          cux_cc_strs *objects, cux_cc_strs *sources);

/* help.c: --help and --version. */
void cux_cc_print_help(void);
void cux_cc_print_version(const cux_cc_opts *opts,
                          const cux_cc_tools *tools);

#endif
