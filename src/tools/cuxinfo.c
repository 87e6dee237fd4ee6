/* cuxinfo.c: lists every device cux offers and its properties, as
 * NVIDIA's deviceQuery does, through the public runtime API only.  A
 * process sees one device kind (CUX_DEVICE), so the other kinds are
 * listed by running cuxinfo again with CUX_DEVICE set. */
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "cuda_runtime_api.h"

static void line(const char *label, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void line(const char *label, const char *fmt, ...)
{
    va_list ap;
    printf("  %-42s ", label);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static int attr(enum cudaDeviceAttr a, int dev)
{
    int v = 0;
    cudaDeviceGetAttribute(&v, a, dev);
    return v;
}

static void show_limits(const struct cudaDeviceProp *p)
{
    line("Warp size:", "%d", p->warpSize);
    line("Maximum threads per block:", "%d", p->maxThreadsPerBlock);
    line("Maximum block dimensions:", "%d x %d x %d", p->maxThreadsDim[0],
         p->maxThreadsDim[1], p->maxThreadsDim[2]);
    line("Maximum grid dimensions:", "%d x %d x %d", p->maxGridSize[0],
         p->maxGridSize[1], p->maxGridSize[2]);
    line("Shared memory per block:", "%zu bytes (opt-in %zu)",
         p->sharedMemPerBlock, p->sharedMemPerBlockOptin);
    line("Shared memory per multiprocessor:", "%zu bytes",
         p->sharedMemPerMultiprocessor);
    line("Reserved shared memory per block:", "%zu bytes",
         p->reservedSharedMemPerBlock);
    line("Constant memory:", "%zu bytes", p->totalConstMem);
    line("Registers per block:", "%d", p->regsPerBlock);
    line("Maximum threads per multiprocessor:", "%d",
         p->maxThreadsPerMultiProcessor);
    line("Maximum blocks per multiprocessor:", "%d",
         p->maxBlocksPerMultiProcessor);
    line("L2 cache size:", "%d bytes (persisting at most %d)",
         p->l2CacheSize, p->persistingL2CacheMaxSize);
    line("Memory pitch:", "%zu bytes", p->memPitch);
}

static void show_features(const struct cudaDeviceProp *p, int dev)
{
    const char *yes[] = {"No", "Yes"};
    line("Unified addressing:", "%s", yes[p->unifiedAddressing != 0]);
    line("Managed memory:", "%s", yes[p->managedMemory != 0]);
    line("Concurrent managed access:", "%s",
         yes[p->concurrentManagedAccess != 0]);
    line("Can map host memory:", "%s", yes[p->canMapHostMemory != 0]);
    line("Concurrent kernels:", "%s", yes[p->concurrentKernels != 0]);
    line("Cooperative launch:", "%s",
         yes[attr(cudaDevAttrCooperativeLaunch, dev) != 0]);
    line("Stream priorities:", "%s",
         yes[attr(cudaDevAttrStreamPrioritiesSupported, dev) != 0]);
    line("Integrated (shares host memory):", "%s", yes[p->integrated != 0]);
}

static void show_device(int dev)
{
    struct cudaDeviceProp p;
    cudaError_t err = cudaGetDeviceProperties(&p, dev);
    if (err != cudaSuccess) {
        printf("Device %d: %s\n", dev, cudaGetErrorString(err));
        return;
    }
    const char *kind = getenv("CUX_DEVICE");
    printf("\nDevice %d: \"%s\"\n", dev, p.name);
    line("Backed by cux device kind:", "%s", kind && *kind ? kind : "cpu");
    line("Compute capability:", "%d.%d", p.major, p.minor);
    line("Multiprocessors (worker threads):", "%d", p.multiProcessorCount);
    line("Global memory:", "%.0f MiB (%zu bytes)",
         (double)p.totalGlobalMem / 1048576.0, p.totalGlobalMem);
    size_t free_mem = 0, total = 0;
    if (cudaSetDevice(dev) == cudaSuccess &&
        cudaMemGetInfo(&free_mem, &total) == cudaSuccess)
        line("Free memory:", "%.0f MiB", (double)free_mem / 1048576.0);
    line("Clock rate:", "%.0f MHz",
         attr(cudaDevAttrClockRate, dev) / 1000.0);
    show_limits(&p);
    show_features(&p, dev);
}

extern char **environ;

/* The device kinds a build of cux may have; --list-kinds says which of
 * them offer a device here. */
static const char *const kinds[] = {"cpu", "opencl"};

/* Runs this program again with CUX_DEVICE=kind and `arg` (or none);
 * its exit status, or -1.  `quiet` sends its output to /dev/null. */
static int run_kind(const char *kind, const char *arg, int quiet)
{
    char setting[64];
    snprintf(setting, sizeof setting, "CUX_DEVICE=%s", kind);
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    if (!env)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "CUX_DEVICE=", 11))
            env[k++] = environ[i];
    env[k++] = setting;
    char self[] = "cuxinfo";
    char *args[] = {self, (char *)arg, NULL};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (quiet) {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    }
    fflush(stdout);
    pid_t pid;
    int status = -1;
    if (posix_spawn(&pid, "/proc/self/exe", &actions, NULL, args, env) == 0 &&
        waitpid(pid, &status, 0) == pid && WIFEXITED(status))
        status = WEXITSTATUS(status);
    else
        status = -1;
    posix_spawn_file_actions_destroy(&actions);
    free(env);
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--count")) {
        int count = 0;
        return cudaGetDeviceCount(&count) == cudaSuccess && count > 0 ? 0 : 1;
    }
    if (argc > 1 && !strcmp(argv[1], "--list-kinds")) {
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (run_kind(kinds[i], "--count", 1) == 0)
                printf("%s\n", kinds[i]);
        return 0;
    }
    if (argc > 1) {
        printf("usage: cuxinfo [--list-kinds]\nLists the devices cux offers "
               "(choose with CUX_DEVICE, CUDA_VISIBLE_DEVICES);\n"
               "--list-kinds names the device kinds that have a device here."
               "\n");
        return 0;
    }
    /* Without CUX_DEVICE, the default kind's devices, then the others'. */
    const char *chosen = getenv("CUX_DEVICE");
    if (!chosen || !*chosen) {
        int status = run_kind(kinds[0], NULL, 0);
        for (size_t i = 1; i < sizeof kinds / sizeof kinds[0]; i++)
            if (run_kind(kinds[i], "--count", 1) == 0) {
                printf("\nWith CUX_DEVICE=%s:\n", kinds[i]);
                run_kind(kinds[i], NULL, 0);
            }
        return status < 0 ? 1 : status;
    }
    int driver = 0, runtime = 0, count = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    printf("cux runtime: CUDA runtime API %d.%d (driver API %d.%d)\n",
           runtime / 1000, runtime % 1000 / 10, driver / 1000,
           driver % 1000 / 10);
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        printf("No devices: %s (%s)\n", cudaGetErrorString(err),
               cudaGetErrorName(err));
        return 1;
    }
    printf("Detected %d device%s\n", count, count == 1 ? "" : "s");
    for (int dev = 0; dev < count; dev++)
        show_device(dev);
    return 0;
}
