/* jit.c: compiles generated C with the system C compiler and loads it.
 * Results are cached on disk by a hash of the source, compiler and flags
 * (CUX_CACHE_DIR, default $XDG_CACHE_HOME/cux), so a program's second run
 * starts at once.  Files are written to a name of their own and renamed,
 * so concurrent builds (processes, or devices' threads) never see half a
 * shared object.  C that maps its
 * lines to CUDA source (#line, from PTX .loc) is built with line tables,
 * and CUX_KEEP_C keeps <hash>.c and the PTX it came from, <hash>.ptx,
 * beside <hash>.so.  A module loaded twice in one process (on two
 * devices) gets a copy of the file for its second load (open_private). */
#include "cpu.h"
#include "dev/cache_files.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* CUX_CFLAGS replaces the tuning flags; the required ones below give
 * the generated code PTX semantics (wrapping integers, no contraction of
 * separately rounded operations, no errno) and are always passed. */
static const char default_tuning[] =
    "-O3 -march=native -mprefer-vector-width=512";
/* GCC's tuning for Intel's AVX-512 cores (-march=native is rocketlake,
 * icelake, sapphirerapids, ...) copies memory 32 bytes at a time even
 * where it computes 64: a half warp's 64 bytes written as two 32-byte
 * stores (a memcpy of a half row, a copy of a 128-byte value) and read
 * back as one 64-byte operand miss the store-to-load forward, a stall
 * of about 20 cycles.  In SGEMM's 16-wide tile that was every FMA of the
 * inner loop: 430 against 63 ms with wide moves, nbody 62 against 26 ms
 * (2026-12-06, one thread).  Compilers without the flags (clang, GCC
 * before 12) do not get them. */
#define WIDE_MOVES "-mmove-max=512 -mstore-max=512"
/* Kernels that unroll into thousands of PTX instructions (barriers in
 * fully unrolled loops) take the C compiler several times longer at -O3
 * than at -O1 (a 590 KB kernel with 52 barriers: 20 s against 5 s); past
 * this size of C, the default trades speed for start-up.  -O1 alone
 * leaves the loops over lanes scalar, which made a 365 KB scan kernel
 * 4x slower than with -ftree-vectorize and 12x slower than at -O3; so
 * the limit sits above such kernels, and the large tuning still
 * vectorises.  (bench/scan.cu, 417 KB of C since the slow paths of its
 * accesses compute their addresses themselves, compiles at -O3 in 4.7 s
 * here and runs 2.6x faster than at -O1.) */
static const char large_tuning[] = "-O1 -ftree-vectorize -march=native";
enum { LARGE_SOURCE = 480 * 1024 };

static const char *tuning(size_t source_len)
{
    const char *flags = getenv("CUX_CFLAGS");
    if (flags && *flags)
        return flags;
    return source_len > LARGE_SOURCE ? large_tuning : default_tuning;
}

/* CUX_VECTOR_WIDTH=4, 8 or 16 builds the lane loops with machine vectors
 * of that many 32-bit lanes (SSE, AVX2, AVX-512 on x86), so that a machine
 * with wide vectors also tests the code narrower ones run.  Appended
 * after the tuning flags, whose -march it narrows.  NULL, with a message,
 * for a width this machine cannot force. */
static const char *width_flags(void)
{
#if defined(__x86_64__) || defined(__i386__)
    static const char *const flags[] = {
        "4", "-mno-avx -mno-avx2 -mno-avx512f -mprefer-vector-width=128",
        "8", "-mno-avx512f -mprefer-vector-width=256",
        "16", "-mprefer-vector-width=512",
    };
    const char *choices = "4, 8 or 16";
#else
    static const char *const flags[] = {"4", ""}; /* NEON and most others */
    const char *choices = "4";
#endif
    const char *width = getenv("CUX_VECTOR_WIDTH");
    if (!width || !*width)
        return "";
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i += 2)
        if (!strcmp(width, flags[i]))
            return flags[i + 1];
    cux_log("CUX_VECTOR_WIDTH=%s: this machine's C compiler can be held to "
            "%s lanes per vector", width, choices);
    return NULL;
}
/* -fno-trapping-math: CUDA has no floating-point traps or flags to
 * read, and it lets the C compiler turn per-lane conditions between
 * floating-point values into selects, so the lane loops of the math
 * functions vectorise. */
static const char required_flags[] =
    "-fPIC -shared -fno-strict-aliasing -fwrapv -ffp-contract=off "
    "-fno-math-errno -fno-trapping-math -Wno-psabi "
    "-Werror=implicit-function-declaration -Werror=int-conversion";

/* Splits the compiler and flags into argv; returns the count. */
static int split_words(char *text, char **argv, int max)
{
    int n = 0;
    char *rest = NULL; /* builds may run in two threads at once */
    for (char *word = strtok_r(text, " \t\n", &rest); word && n < max;
         word = strtok_r(NULL, " \t\n", &rest))
        argv[n++] = word;
    return n;
}

/* The compiler, CUX_CC or cc, split into argv (CUX_CC may be a command
 * with flags); returns the count.  `text` holds the words. */
static int compiler_words(char *text, size_t len, char **argv, int max)
{
    const char *cc = getenv("CUX_CC");
    snprintf(text, len, "%s", cc && *cc ? cc : "cc");
    return split_words(text, argv, max);
}

/* Whether the compiler accepts `flags` (one spawn, done once per process
 * and only when a module is built). */
static bool compiler_accepts(char *flags)
{
    char compiler[512];
    char *argv[32];
    int argc = compiler_words(compiler, sizeof compiler, argv, 8);
    argc += split_words(flags, argv + argc, 20);
    argv[argc++] = "-fsyntax-only";
    argv[argc++] = "-xc";
    argv[argc++] = "/dev/null";
    argv[argc] = NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, 2, 1);
    pid_t pid;
    int status = 0;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 && waitpid(pid, &status, 0) == pid &&
           WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static const char *wide_moves = "";

static void choose_wide_moves(void)
{
#if defined(__x86_64__) || defined(__i386__)
    char probe[] = WIDE_MOVES;
    if (compiler_accepts(probe))
        wide_moves = " " WIDE_MOVES;
#endif
}

/* What a build adds to the default tuning for this compiler (asked once
 * per process, and only when a module is built).  The answer is not
 * part of the cache key: it follows from the compiler, which is. */
static const char *machine_tuning(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, choose_wide_moves);
    return wide_moves;
}

/* The -D argument that names, as a C string, the PTX file the generated
 * #line directives mean by CUX_PTX_FILE (lines.c). */
static void ptx_file_define(char *out, size_t len, const char *ptx_path)
{
    size_t n = (size_t)snprintf(out, len, "-DCUX_PTX_FILE=\"");
    for (const char *c = ptx_path; *c && n + 4 < len; c++) {
        if (*c == '"' || *c == '\\')
            out[n++] = '\\';
        out[n++] = *c;
    }
    snprintf(out + n, len - n, "\"");
}

/* A first run that sits silent for seconds looks hung: a compile still
 * running after this long says on stderr what it is compiling. */
enum { SLOW_COMPILE_MS = 2000 };

static bool wait_compiler(pid_t pid, const cux_cpu_jit_input *in,
                          const char *flags)
{
    int fd = pidfd_open(pid, 0); /* Linux 5.3; else just wait */
    if (fd >= 0) {
        struct pollfd ready = {.fd = fd, .events = POLLIN};
        if (poll(&ready, 1, SLOW_COMPILE_MS) == 0)
            cux_log("%s: compiling its kernels for the CPU (%zu KB of C, "
                    "%s) takes a while; later runs load them from the "
                    "cache", in->origin, in->c_weight / 1024, flags);
        close(fd);
    }
    int status = 0;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

/* Line tables come first, so that a -g in CUX_CFLAGS still wins. */
static cudaError_t compile(const cux_cpu_jit_input *in, const char *c_path,
                           const char *so_path, const char *log_path,
                           const char *ptx_path, const char *flags)
{
    char compiler[512], words[2048], define[2400];
    snprintf(words, sizeof words, "%s %s", flags, required_flags);
    char *argv[80];
    int argc = compiler_words(compiler, sizeof compiler, argv, 8);
    if (in->line_info)
        argv[argc++] = "-g1";
    argc += split_words(words, argv + argc, 60);
    if (in->line_info) {
        ptx_file_define(define, sizeof define, ptx_path);
        argv[argc++] = define;
    }
    argv[argc++] = (char *)c_path;
    argv[argc++] = "-o";
    argv[argc++] = (char *)so_path;
    argv[argc++] = "-lm";
    argv[argc] = NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 2, 1);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc == 0 && wait_compiler(pid, in, flags))
        return cudaSuccess;
    cux_log("%s: compiling the generated C failed (%s); see %s and %s",
            in->origin, rc ? strerror(rc) : "compiler error", c_path, log_path);
    return cudaErrorInvalidPtx;
}

/* The cache files of one module: <key>.so, .c, .ptx, and what one build
 * writes before it renames the result: <key>.<pid>.<n>.so, .c and .log,
 * names of its own, as two processes, or two devices' threads in one,
 * may build the same module at once. */
typedef struct cache_paths {
    char so[1024], c[1100], ptx[1100];
    char tmp[1200], tmp_c[1200], log[1200];
} cache_paths;

static void name_paths(cache_paths *p, const char *dir, uint64_t key)
{
    static unsigned builds;
    unsigned n = __atomic_fetch_add(&builds, 1, __ATOMIC_RELAXED);
    snprintf(p->so, sizeof p->so, "%s/%016" PRIx64 ".so", dir, key);
    snprintf(p->c, sizeof p->c, "%s/%016" PRIx64 ".c", dir, key);
    snprintf(p->ptx, sizeof p->ptx, "%s/%016" PRIx64 ".ptx", dir, key);
    snprintf(p->tmp, sizeof p->tmp, "%s/%016" PRIx64 ".%d.%u.so", dir, key,
             (int)getpid(), n);
    snprintf(p->tmp_c, sizeof p->tmp_c, "%s/%016" PRIx64 ".%d.%u.c", dir,
             key, (int)getpid(), n);
    snprintf(p->log, sizeof p->log, "%s/%016" PRIx64 ".%d.%u.log", dir, key,
             (int)getpid(), n);
}

/* A failed build keeps its C and log, which the message names. */
static cudaError_t build(const cux_cpu_jit_input *in, const cache_paths *p,
                         const char *flags)
{
    if (cux_write_file(p->tmp_c, in->c, in->c_len) != 0) {
        cux_log("cannot write %s: %s", p->tmp_c, strerror(errno));
        return cudaErrorInvalidPtx;
    }
    cudaError_t err = compile(in, p->tmp_c, p->tmp, p->log, p->ptx, flags);
    if (err != cudaSuccess)
        return err;
    rename(p->tmp, p->so);
    if (getenv("CUX_KEEP_C"))
        rename(p->tmp_c, p->c);
    else
        unlink(p->tmp_c);
    unlink(p->log);
    return cudaSuccess;
}

/* Copies a cached shared object to `to` (through a temporary name, as
 * build does); 0 on success. */
static int copy_so(const char *from, const char *to)
{
    FILE *file = fopen(from, "rb");
    if (!file)
        return -1;
    cux_strbuf data = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        cux_strbuf_append(&data, chunk, got);
    int rc = ferror(file) ? -1 : 0;
    fclose(file);
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.%d.tmp", to, (int)getpid());
    if (rc == 0)
        rc = cux_write_file(tmp, data.data ? data.data : "", data.len);
    if (rc == 0)
        rc = rename(tmp, to);
    if (rc != 0)
        unlink(tmp);
    cux_strbuf_free(&data);
    return rc;
}

/* The loader maps a file once per process however often it is opened,
 * and a build keeps its module's variable addresses (cux_module_bind) in
 * its own data: so the same module loaded on two devices, each with its
 * own __device__ variables, needs a file of its own per load.  The first
 * load opens <key>.so, a load while that is open <key>.i1.so, and so on:
 * copies made when first needed and kept in the cache.  A lock for the
 * process makes "not open yet" and the open one step. */
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

static cudaError_t open_private(const cux_cpu_jit_input *in,
                                const cache_paths *p, void **handle)
{
    char path[1100];
    bool tried = false;
    *handle = NULL;
    pthread_mutex_lock(&open_lock);
    for (int n = 0; n < 2 * CUX_MAX_DEVICES && !tried; n++) {
        if (n == 0)
            snprintf(path, sizeof path, "%s", p->so);
        else
            snprintf(path, sizeof path, "%.*s.i%d.so",
                     (int)(strlen(p->so) - 3), p->so, n);
        void *open = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
        if (open) { /* in use by another load: undo this open */
            dlclose(open);
            continue;
        }
        tried = true;
        if (n > 0 && access(path, R_OK) != 0 && copy_so(p->so, path) != 0) {
            cux_log("%s: cannot copy %s to %s: %s", in->origin, p->so, path,
                    strerror(errno));
            break;
        }
        *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!*handle)
            cux_log("%s: cannot load %s: %s", in->origin, path, dlerror());
    }
    pthread_mutex_unlock(&open_lock);
    if (!tried)
        cux_log("%s: %s is loaded too many times", in->origin, p->so);
    return *handle ? cudaSuccess : cudaErrorInvalidPtx;
}

/* CUX_KEEP_C keeps the C, and the PTX its comments and #line directives
 * refer to, beside the shared object, also when that was built before. */
static void keep_sources(const cux_cpu_jit_input *in, const cache_paths *p)
{
    if (!getenv("CUX_KEEP_C"))
        return;
    if (access(p->c, R_OK) != 0)
        cux_write_file(p->c, in->c, in->c_len);
    if (in->ptx && access(p->ptx, R_OK) != 0)
        cux_write_file(p->ptx, in->ptx, in->ptx_len);
}

cudaError_t cux_cpu_jit(const cux_cpu_jit_input *in, void **handle)
{
    const char *cc = getenv("CUX_CC"), *width = width_flags();
    if (!width)
        return cudaErrorInvalidPtx;
    char flags[1024];
    const char *tuned = tuning(in->c_weight);
    snprintf(flags, sizeof flags, "%s %s", tuned, width);
    const char *lines = in->line_info ? "-g1" : "";
    uint64_t key = cux_hash64(in->c, in->c_len, 0);
    key = cux_hash64(cc ? cc : "cc", strlen(cc ? cc : "cc"), key);
    key = cux_hash64(flags, strlen(flags), key);
    /* and what cux adds, so a cux that passes other flags rebuilds */
    key = cux_hash64(required_flags, strlen(required_flags), key);
    /* the text of the wide moves, so builds from before them are redone */
    key = cux_hash64(WIDE_MOVES, strlen(WIDE_MOVES), key);
    key = cux_hash64(lines, strlen(lines), key);
    char dir[900];
    cux_cache_dir(dir, sizeof dir);
    if (cux_make_dirs(dir) != 0) {
        cux_log("cannot create the JIT cache directory %s: %s", dir,
                strerror(errno));
        return cudaErrorInvalidPtx;
    }
    cache_paths paths;
    name_paths(&paths, dir, key);
    if (access(paths.so, R_OK) != 0) {
        char build_flags[1100];
        snprintf(build_flags, sizeof build_flags, "%s%s", flags,
                 tuned == default_tuning ? machine_tuning() : "");
        cudaError_t err = build(in, &paths, build_flags);
        if (err != cudaSuccess)
            return err;
    }
    keep_sources(in, &paths);
    return open_private(in, &paths, handle);
}
