/* jit.c: compiles generated C with the system C compiler and loads it.
 * Results are cached on disk by a hash of the source, compiler and flags
 * (CUX_CACHE_DIR, default $XDG_CACHE_HOME/cux), so a program's second run
 * starts at once.  Files are written to a temporary name and renamed, so
 * concurrent processes never see half a shared object. */
#include "cpu.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* CUX_CFLAGS replaces the tuning flags; the required ones below give
 * the generated code PTX semantics (wrapping integers, no contraction of
 * separately rounded operations, no errno) and are always passed. */
static const char default_tuning[] =
    "-O3 -march=native -mprefer-vector-width=512";
/* Kernels that unroll into thousands of PTX instructions (barriers in
 * fully unrolled loops) take the C compiler minutes at -O3 but seconds at
 * -O1; past this size of C, the default trades speed for start-up. */
static const char large_tuning[] = "-O1 -march=native";
enum { LARGE_SOURCE = 240 * 1024 };

static const char *tuning(size_t source_len)
{
    const char *flags = getenv("CUX_CFLAGS");
    if (flags && *flags)
        return flags;
    return source_len > LARGE_SOURCE ? large_tuning : default_tuning;
}
static const char required_flags[] =
    "-fPIC -shared -fno-strict-aliasing -fwrapv -ffp-contract=off "
    "-fno-math-errno -Wno-psabi -Werror=implicit-function-declaration "
    "-Werror=int-conversion";

static void cache_dir(char *out, size_t len)
{
    const char *env = getenv("CUX_CACHE_DIR");
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (env && *env)
        snprintf(out, len, "%s", env);
    else if (xdg && *xdg)
        snprintf(out, len, "%s/cux", xdg);
    else if (home && *home)
        snprintf(out, len, "%s/.cache/cux", home);
    else
        snprintf(out, len, "/tmp/cux-cache-%u", (unsigned)getuid());
}

static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *file = fopen(path, "wb");
    if (!file)
        return -1;
    size_t written = fwrite(data, 1, len, file);
    return fclose(file) == 0 && written == len ? 0 : -1;
}

/* Splits the compiler and flags into argv; returns the count. */
static int split_words(char *text, char **argv, int max)
{
    int n = 0;
    for (char *word = strtok(text, " \t\n"); word && n < max;
         word = strtok(NULL, " \t\n"))
        argv[n++] = word;
    return n;
}

static cudaError_t compile(const char *c_path, const char *so_path,
                           const char *log_path, const char *origin,
                           const char *flags)
{
    const char *cc = getenv("CUX_CC");
    char words[2048];
    snprintf(words, sizeof words, "%s %s %s", cc && *cc ? cc : "cc", flags,
             required_flags);
    char *argv[80];
    int argc = split_words(words, argv, 70);
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
    int status = 0;
    if (rc == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0)
        return cudaSuccess;
    cux_log("%s: compiling the generated C failed (%s); see %s and %s",
            origin, rc ? strerror(rc) : "compiler error", c_path, log_path);
    return cudaErrorInvalidPtx;
}

cudaError_t cux_cpu_jit(const char *source, size_t len, const char *origin,
                        void **handle)
{
    const char *cc = getenv("CUX_CC"), *flags = tuning(len);
    uint64_t key = cux_hash64(source, len, 0);
    key = cux_hash64(cc ? cc : "cc", strlen(cc ? cc : "cc"), key);
    key = cux_hash64(flags, strlen(flags), key);
    char dir[900], so_path[1024], tmp_path[1100], c_path[1100], log_path[1100];
    cache_dir(dir, sizeof dir);
    if (make_dirs(dir) != 0) {
        cux_log("cannot create the JIT cache directory %s: %s", dir,
                strerror(errno));
        return cudaErrorInvalidPtx;
    }
    snprintf(so_path, sizeof so_path, "%s/%016" PRIx64 ".so", dir, key);
    if (access(so_path, R_OK) != 0) {
        snprintf(c_path, sizeof c_path, "%s/%016" PRIx64 ".c", dir, key);
        snprintf(log_path, sizeof log_path, "%s/%016" PRIx64 ".log", dir, key);
        snprintf(tmp_path, sizeof tmp_path, "%s/%016" PRIx64 ".%d.so", dir, key,
                 (int)getpid());
        if (write_file(c_path, source, len) != 0) {
            cux_log("cannot write %s: %s", c_path, strerror(errno));
            return cudaErrorInvalidPtx;
        }
        cudaError_t err = compile(c_path, tmp_path, log_path, origin, flags);
        if (err != cudaSuccess)
            return err;
        rename(tmp_path, so_path);
        if (!getenv("CUX_KEEP_C"))
            unlink(c_path);
        unlink(log_path);
    }
    *handle = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!*handle) {
        cux_log("%s: cannot load %s: %s", origin, so_path, dlerror());
        return cudaErrorInvalidPtx;
    }
    return cudaSuccess;
}
