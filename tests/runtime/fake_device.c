/* fake_device.c: a stand-in for the CPU device, for testing the runtime
 * core alone (the @fake runs of tests/runtime/run.sh).  It ignores the PTX
 * text and knows the kernels of tests/runtime/rt_test.h by name.  It
 * defines cux_cpu_device_count and cux_cpu_device_create, so the device
 * registry offers it as kind "cpu" (CUX_CPU_DEVICES of them).
 *
 * Its device memory is not host memory, as on an OpenCL 1.2 device: a
 * device pointer is an address in a window mapped PROT_NONE, and the
 * bytes live in a shadow mapping at the same offset.  So the runtime
 * faults at once if it dereferences device memory instead of going
 * through mem_copy and mem_fill. */
#include "dev/device.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define WINDOW_BYTES ((size_t)1 << 30)

static pthread_mutex_t window_lock = PTHREAD_MUTEX_INITIALIZER;
static char *window, *shadow; /* both WINDOW_BYTES, reserved lazily */
static size_t window_used;

/* Device allocations are carved from the window and never reused: the
 * tests allocate little, and a stale pointer then still faults. */
static void *window_alloc(size_t size)
{
    void *p = NULL;
    pthread_mutex_lock(&window_lock);
    if (!window) {
        int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
        window = mmap(NULL, WINDOW_BYTES, PROT_NONE, flags, -1, 0);
        shadow = mmap(NULL, WINDOW_BYTES, PROT_READ | PROT_WRITE, flags,
                      -1, 0);
        if (window == MAP_FAILED || shadow == MAP_FAILED)
            abort();
    }
    size = (size + 255) & ~(size_t)255;
    if (size <= WINDOW_BYTES - window_used) {
        p = window + window_used;
        window_used += size;
    }
    pthread_mutex_unlock(&window_lock);
    return p;
}

/* Where the bytes of device address p are; other pointers (host and
 * managed memory) are themselves. */
static void *bytes_at(const void *p)
{
    const char *c = p;
    if (window && c >= window && c < window + WINDOW_BYTES)
        return shadow + (c - window);
    return (void *)c;
}

struct cux_module {
    char *gvar;      /* 64 bytes of device memory */
    unsigned *cvar;  /* 4 of them */
};

struct cux_kernel {
    cux_kernel_info info;
    cux_param_info params[2];
    int which;
};

static cux_kernel kernels[3] = {
    {{"add_one", 2, NULL, 12, 0, 0, {0}, {0}, false, false}, {{0, 8}, {8, 4}}, 0},
    {{"spin", 1, NULL, 4, 0, 0, {0}, {0}, false, false}, {{0, 4}}, 1},
    {{"fault", 0, NULL, 0, 0, 0, {0}, {0}, false, false}, {{0, 0}}, 2},
};

/* A fake device knows which of CUX_CPU_DEVICES it is. */
typedef struct fake_device {
    cux_device base;
    int index;
} fake_device;

static void get_properties(cux_device *dev, struct cudaDeviceProp *p)
{
    int index = ((fake_device *)dev)->index;
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof p->name, "cux fake device %d", index);
    p->pciBusID = index;
    p->totalGlobalMem = 1ull << 30;
    p->managedMemory = 1; /* its memory is the host's, as the CPU device's */
    /* compute capability 8.0's limits, as the CPU device reports them,
     * so that the tests reading them hold on both */
    p->sharedMemPerBlock = 48 * 1024;
    p->sharedMemPerBlockOptin = 163 * 1024;
    p->sharedMemPerMultiprocessor = 164 * 1024;
    p->reservedSharedMemPerBlock = 1024;
    p->warpSize = 32;
    p->maxThreadsPerBlock = 1024;
    p->maxThreadsDim[0] = p->maxThreadsDim[1] = 1024;
    p->maxThreadsDim[2] = 64;
    p->maxGridSize[0] = 2147483647;
    p->maxGridSize[1] = p->maxGridSize[2] = 65535;
    p->major = 8;
    p->minor = 0;
    p->multiProcessorCount = 2;
    p->maxThreadsPerMultiProcessor = 2048;
    p->maxBlocksPerMultiProcessor = 32;
}

static cudaError_t mem_alloc(cux_device *dev, size_t size,
                             cux_mem_access access, void **ptr)
{
    (void)dev;
    *ptr = access == CUX_MEM_HOST_TOO ? malloc(size) : window_alloc(size);
    return *ptr ? cudaSuccess : cudaErrorMemoryAllocation;
}

static void mem_free(cux_device *dev, void *ptr)
{
    (void)dev;
    if (bytes_at(ptr) == ptr)
        free(ptr);
}

static cudaError_t mem_copy(cux_device *dev, void *dst, const void *src,
                            const cux_mem_box *box, cux_copy_kind kind)
{
    (void)dev, (void)kind;
    cux_mem_box_copy(bytes_at(dst), bytes_at(src), box);
    return cudaSuccess;
}

static cudaError_t mem_fill(cux_device *dev, void *dst, unsigned char value,
                            const cux_mem_box *box)
{
    (void)dev;
    cux_mem_box_fill(bytes_at(dst), value, box);
    return cudaSuccess;
}

static cudaError_t module_load(cux_device *dev, const char *ptx, size_t len,
                               const char *origin, cux_module **out)
{
    (void)dev, (void)len, (void)origin;
    if (strstr(ptx, "BROKEN")) {
        cux_log("%s: fake device refuses BROKEN PTX", origin);
        return cudaErrorInvalidPtx;
    }
    cux_module *mod = calloc(1, sizeof(cux_module));
    mod->gvar = window_alloc(64);
    mod->cvar = window_alloc(4 * sizeof(unsigned));
    memset(bytes_at(mod->gvar), 0, 64);
    memset(bytes_at(mod->cvar), 0, 4 * sizeof(unsigned));
    *out = mod;
    return cudaSuccess;
}

static void module_unload(cux_device *dev, cux_module *mod)
{
    (void)dev;
    free(mod);
}

static cudaError_t get_kernel(cux_device *dev, cux_module *mod,
                              const char *name, cux_kernel **out,
                              const cux_kernel_info **info)
{
    (void)dev, (void)mod;
    for (int i = 0; i < 3; i++) {
        kernels[i].info.params = kernels[i].params;
        if (!strcmp(kernels[i].info.name, name)) {
            *out = &kernels[i];
            *info = &kernels[i].info;
            return cudaSuccess;
        }
    }
    return cudaErrorInvalidDeviceFunction;
}

static cudaError_t get_global(cux_device *dev, cux_module *mod,
                              const char *name, void **ptr, size_t *size)
{
    (void)dev;
    if (!strcmp(name, "gvar")) {
        *ptr = mod->gvar;
        *size = 64;
        return cudaSuccess;
    }
    if (!strcmp(name, "cvar")) {
        *ptr = mod->cvar;
        *size = 4 * sizeof(unsigned);
        return cudaSuccess;
    }
    return cudaErrorInvalidSymbol;
}

static cudaError_t launch(cux_device *dev, cux_kernel *k, const cux_launch *l)
{
    (void)dev;
    const char *p = l->params;
    if (k->which == 0) {
        int *data, n;
        memcpy(&data, p, 8);
        memcpy(&n, p + 8, 4);
        data = bytes_at(data);
        unsigned total = l->grid[0] * l->block[0];
        for (int i = 0; i < n && (unsigned)i < total; i++)
            data[i] += 1;
    } else if (k->which == 1) {
        int ms;
        memcpy(&ms, p, 4);
        struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
    } else {
        cux_log("fake: assertion failed in kernel fault");
        return cudaErrorAssert;
    }
    return cudaSuccess;
}

static void destroy(cux_device *dev)
{
    free(dev);
}

/* The fake samples no textures: texture_create stays NULL, and the
 * runtime answers cudaErrorNotSupported as the interface says. */
static const cux_device_ops ops = {
    .kind = "fake",
    .get_properties = get_properties,
    .mem_alloc = mem_alloc,
    .mem_free = mem_free,
    .mem_copy = mem_copy,
    .mem_fill = mem_fill,
    .module_load = module_load,
    .module_unload = module_unload,
    .module_get_kernel = get_kernel,
    .module_get_global = get_global,
    .launch = launch,
    .destroy = destroy,
};

/* As many fakes as CUX_CPU_DEVICES asks for, so that the runtime's
 * multi-device paths run over the fake too. */
int cux_cpu_device_count(void)
{
    const char *env = getenv("CUX_CPU_DEVICES");
    char *end = NULL;
    long n = env && *env ? strtol(env, &end, 10) : 1;
    if ((end && *end) || n < 1 || n > CUX_MAX_DEVICES) {
        cux_log("CUX_CPU_DEVICES=%s: not a number of devices from 1 to %d",
                env, CUX_MAX_DEVICES);
        return 0;
    }
    return (int)n;
}

cux_device *cux_cpu_device_create(int ordinal, int index, int count)
{
    (void)count;
    fake_device *dev = calloc(1, sizeof(*dev));
    dev->base.ops = &ops;
    dev->base.ordinal = ordinal;
    dev->index = index;
    return &dev->base;
}
