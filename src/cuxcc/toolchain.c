/* toolchain.c: where cux's headers and libraries are, and which clang.
 * The driver finds its root from its own executable, <root>/bin/cuxcc, so
 * a build tree and an installed copy (headers in <root>/include/cux) both
 * work without configuration; CUX_CLANG picks the clang.  Started as the
 * bin/nvcc of a CUDA-toolkit-shaped tree (a symlink, so /proc/self/exe
 * names cuxcc), it finds that tree from the name it was started by. */
#include "cuxcc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool cux_cc_file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static char *parent(cux_cc_opts *opts, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return cux_arena_strdup(&opts->arena, ".");
    if (slash == path)
        return cux_arena_strdup(&opts->arena, "/");
    return cux_arena_strndup(&opts->arena, path, (size_t)(slash - path));
}

const char *cux_cc_self(cux_cc_opts *opts)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        cux_cc_fatal("Cannot find the cuxcc executable (/proc/self/exe)");
    exe[n] = '\0';
    return cux_arena_strdup(&opts->arena, exe);
}

static const char *find_root(cux_cc_opts *opts)
{
    return parent(opts, parent(opts, cux_cc_self(opts)));
}

/* In the build tree the CUDA headers sit in include/ itself; `make
 * install` puts them in include/cux so they do not shadow the system's. */
static const char *find_include(cux_cc_opts *opts, const char *root)
{
    static const char *const markers[] = {"cuda_runtime.h",
                                          "host_defines.h"};
    for (unsigned i = 0; i < 2; i++)
        if (cux_cc_file_exists(
                cux_cc_strf(opts, "%s/include/%s", root, markers[i])))
            return cux_cc_strf(opts, "%s/include", root);
    const char *installed = cux_cc_strf(opts, "%s/include/cux", root);
    if (cux_cc_file_exists(
            cux_cc_strf(opts, "%s/cuda_runtime.h", installed)))
        return installed;
    return cux_cc_strf(opts, "%s/include", root);
}

/* The stand-ins for the CUDA toolkit headers cux lacks (built from
 * mk/cuda_headers.txt): build/unsupported in the build tree,
 * share/cux/unsupported once installed.  NULL when neither exists. */
static const char *find_unsupported(cux_cc_opts *opts, const char *root)
{
    static const char *const dirs[] = {"build/unsupported",
                                       "share/cux/unsupported"};
    for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        const char *dir = cux_cc_strf(opts, "%s/%s", root, dirs[i]);
        if (cux_cc_file_exists(cux_cc_strf(opts, "%s/README", dir)))
            return dir;
    }
    return NULL;
}

/* The directory of the command the caller ran: argv[0]'s, looked up on
 * PATH when it has no slash, as the shell did.  Only the last component
 * may be a symlink to cuxcc; the directory itself is made absolute. */
static const char *invoked_dir(cux_cc_opts *opts, const char *root)
{
    const char *argv0 = opts->argv0 ? opts->argv0 : "";
    const char *path = strchr(argv0, '/') ? argv0
                                          : cux_cc_search_path(opts, argv0);
    char dir[PATH_MAX];
    if (!path || !realpath(parent(opts, path), dir))
        return cux_cc_strf(opts, "%s/bin", root);
    return cux_arena_strdup(&opts->arena, dir);
}

/* A tree laid out as NVIDIA's toolkit (`make install` makes one, see
 * docs/cuxcc.md): bin/nvcc, include/, lib64/, nvvm/libdevice/. */
static bool is_toolkit(cux_cc_opts *opts, const char *top)
{
    static const char *const parts[] = {"include/cuda_runtime.h",
                                        "lib64/libcudart.so",
                                        "nvvm/libdevice"};
    for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (!cux_cc_file_exists(cux_cc_strf(opts, "%s/%s", top, parts[i])))
            return false;
    return true;
}

static void find_toolkit(cux_cc_opts *opts, cux_cc_tools *tools)
{
    tools->here = invoked_dir(opts, tools->root);
    tools->toolkit = NULL;
    tools->lib64 = NULL;
    const char *top = parent(opts, tools->here);
    if (strcmp(top, tools->root) && is_toolkit(opts, top)) {
        tools->toolkit = top;
        tools->include = cux_cc_strf(opts, "%s/include", top);
        tools->lib64 = cux_cc_strf(opts, "%s/lib64", top);
    }
}

const char *cux_cc_search_path(cux_cc_opts *opts, const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        const char *full = cux_cc_strf(opts, "%.*s/%s", (int)n, path, name);
        if (n && access(full, X_OK) == 0)
            return full;
        path += n + (path[n] == ':');
    }
    return NULL;
}

/* The newest clang Debian ships first (16, else 14), as DESIGN.md says. */
static const char *find_clang(cux_cc_opts *opts)
{
    const char *env = getenv("CUX_CLANG");
    if (env && *env)
        return env;
    static const char *const names[] = {"clang++-16", "clang-16",
                                        "clang++-14", "clang-14",
                                        "clang++"};
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *found = cux_cc_search_path(opts, names[i]);
        if (found)
            return found;
    }
    cux_cc_fatal("No clang found (tried clang++-16, clang-16, clang++-14, "
                 "clang-14, clang++ on PATH); install clang-16 or set "
                 "CUX_CLANG");
}

void cux_cc_find_tools(cux_cc_opts *opts, cux_cc_tools *tools)
{
    tools->root = find_root(opts);
    tools->include = find_include(opts, tools->root);
    tools->unsupported = find_unsupported(opts, tools->root);
    tools->lib = cux_cc_strf(opts, "%s/lib", tools->root);
    find_toolkit(opts, tools);
    /* nvcc links the runtime statically unless told otherwise, and
     * CMake copies the choice from the link line -v shows; cuxcc's own
     * default stays the shared libcux. */
    if (opts->cudart == CUX_CC_CUDART_DEFAULT)
        opts->cudart = tools->toolkit ? CUX_CC_CUDART_STATIC
                                      : CUX_CC_CUDART_SHARED;
    tools->clang = find_clang(opts);
    const char *base = strrchr(tools->clang, '/');
    tools->clang_is_cxx = strstr(base ? base : tools->clang, "++") != NULL;
}
