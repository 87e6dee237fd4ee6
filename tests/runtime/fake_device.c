/* fake_device.c: a stand-in for the CPU device, for testing the runtime
 * core alone (the @fake runs of tests/runtime/run.sh).  It ignores the PTX
 * text and knows the kernels of tests/runtime/rt_test.h by name.  It
 * defines cux_cpu_device_create, so the device registry offers it as
 * kind "cpu". */
#include "dev/device.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cux_module {
    char gvar[64];
    unsigned cvar[4];
};

struct cux_kernel {
    cux_kernel_info info;
    cux_param_info params[2];
    int which;
};

static cux_kernel kernels[3] = {
    {{"add_one", 2, NULL, 12, 0, 0, {0}, {0}}, {{0, 8}, {8, 4}}, 0},
    {{"spin", 1, NULL, 4, 0, 0, {0}, {0}}, {{0, 4}}, 1},
    {{"fault", 0, NULL, 0, 0, 0, {0}, {0}}, {{0, 0}}, 2},
};

static void get_properties(cux_device *dev, struct cudaDeviceProp *p)
{
    (void)dev;
    memset(p, 0, sizeof(*p));
    strcpy(p->name, "cux fake device");
    p->totalGlobalMem = 1ull << 30;
    p->sharedMemPerBlock = 48 * 1024;
    p->sharedMemPerBlockOptin = 99 * 1024;
    p->sharedMemPerMultiprocessor = 100 * 1024;
    p->warpSize = 32;
    p->maxThreadsPerBlock = 1024;
    p->maxThreadsDim[0] = p->maxThreadsDim[1] = 1024;
    p->maxThreadsDim[2] = 64;
    p->maxGridSize[0] = 2147483647;
    p->maxGridSize[1] = p->maxGridSize[2] = 65535;
    p->major = 7;
    p->minor = 5;
    p->multiProcessorCount = 2;
    p->maxThreadsPerMultiProcessor = 1024;
    p->maxBlocksPerMultiProcessor = 16;
}

static cudaError_t mem_alloc(cux_device *dev, size_t size, void **ptr)
{
    (void)dev;
    *ptr = malloc(size);
    return *ptr ? cudaSuccess : cudaErrorMemoryAllocation;
}

static void mem_free(cux_device *dev, void *ptr)
{
    (void)dev;
    free(ptr);
}

static cudaError_t module_load(cux_device *dev, const char *ptx, size_t len,
                               const char *origin, cux_module **out)
{
    (void)dev, (void)len, (void)origin;
    if (strstr(ptx, "BROKEN")) {
        cux_log("%s: fake device refuses BROKEN PTX", origin);
        return cudaErrorInvalidPtx;
    }
    *out = calloc(1, sizeof(cux_module));
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
        *size = sizeof mod->gvar;
        return cudaSuccess;
    }
    if (!strcmp(name, "cvar")) {
        *ptr = mod->cvar;
        *size = sizeof mod->cvar;
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
    /* Device memory is malloc'd host memory, as on the CPU device; the
     * runtime must still reach it only through these two. */
    .mem_copy = cux_host_memory_copy,
    .mem_fill = cux_host_memory_fill,
    .module_load = module_load,
    .module_unload = module_unload,
    .module_get_kernel = get_kernel,
    .module_get_global = get_global,
    .launch = launch,
    .destroy = destroy,
};

cux_device *cux_cpu_device_create(int ordinal)
{
    cux_device *dev = calloc(1, sizeof(*dev));
    dev->ops = &ops;
    dev->ordinal = ordinal;
    return dev;
}
