/* rt_context.c: the runtime's one context object, its lazy creation, the
 * per-thread state, the devices chosen by the environment, the handle
 * lists, and cleanup.
 *
 * The context itself is set up on the first call of any kind (static
 * constructors register fat binaries before main), but devices are created
 * only when a call needs one, so registration costs nothing.  The device
 * kinds come from the device registry (dev/registry.c) by CUX_DEVICE.
 * Everything is freed at exit, after clang's module destructors have
 * unregistered their fat binaries (our atexit handler is installed first,
 * so it runs last). */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static cux_rt_context ctx = {.devices_once = PTHREAD_ONCE_INIT};
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT; /* guards ctx_init */
static _Thread_local cux_rt_thread self;

static void cleanup(void);

static void thread_exit(void *arg)
{
    cux_rt_thread_streams_release(arg);
}

static void ctx_init(void)
{
    pthread_mutex_init(&ctx.lock, NULL);
    pthread_mutex_init(&ctx.load_lock, NULL);
    pthread_mutex_init(&ctx.mem_lock, NULL);
    pthread_mutex_init(&ctx.event_lock, NULL);
    pthread_mutex_init(&ctx.printf_lock, NULL);
    pthread_mutex_init(&ctx.graph_lock, NULL);
    pthread_key_create(&ctx.thread_key, thread_exit);
    const char *blocking = getenv("CUDA_LAUNCH_BLOCKING");
    ctx.launch_blocking = blocking && atoi(blocking) == 1;
    atomic_init(&ctx.sticky, cudaSuccess);
    atexit(cleanup);
}

cux_rt_context *cux_rt_ctx(void)
{
    pthread_once(&ctx_once, ctx_init);
    return &ctx;
}

cux_rt_thread *cux_rt_self(void)
{
    return &self;
}

/* CUDA_VISIBLE_DEVICES: a comma list of ordinals; the list stops at the
 * first entry that is not a valid, unused ordinal, as in CUDA. */
static int visible_devices(int physical, int *map)
{
    const char *env = getenv("CUDA_VISIBLE_DEVICES");
    if (!env) {
        for (int i = 0; i < physical; i++)
            map[i] = i;
        return physical;
    }
    int n = 0;
    const char *p = env;
    while (*p && n < physical) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 0 || v >= physical || (*end && *end != ','))
            break;
        for (int i = 0; i < n; i++)
            if (map[i] == v)
                return n;
        map[n++] = (int)v;
        p = *end ? end + 1 : end;
    }
    return n;
}

void cux_rt_device_defaults(cux_rt_device *d)
{
    d->limits[cudaLimitStackSize] = 1024;
    d->limits[cudaLimitPrintfFifoSize] = 1 << 20;
    d->limits[cudaLimitMallocHeapSize] = 8 << 20;
    d->limits[cudaLimitDevRuntimeSyncDepth] = 2;
    d->limits[cudaLimitDevRuntimePendingLaunchCount] = 2048;
    d->limits[cudaLimitMaxL2FetchGranularity] = 32;
    __atomic_store_n(&d->heap_launched, false, __ATOMIC_RELAXED);
    __atomic_store_n(&d->printf_launched, false, __ATOMIC_RELAXED);
    cux_rt_heap_size_changed(d);
    d->cache_config = cudaFuncCachePreferNone;
    d->shmem_config = cudaSharedMemBankSizeFourByte;
}

/* The devices of the kinds CUX_DEVICE names, kind after kind (each
 * kind's own count: CUX_CPU_DEVICES of the CPU kind, a device per OpenCL
 * platform), as CUDA_VISIBLE_DEVICES filters and orders them: CUDA
 * device i is the physical device map[i] of that list, named and shared
 * out as its kind's device of that index. */
static void devices_init(void)
{
    const cux_device_kind *chosen[CUX_DEVICE_KINDS];
    int n_kinds = cux_device_kinds_choose(getenv("CUX_DEVICE"), chosen);
    const cux_device_kind *kind_of[CUX_RT_MAX_DEVICES];
    int index_of[CUX_RT_MAX_DEVICES], count_of[CUX_RT_MAX_DEVICES];
    int physical = 0;
    for (int k = 0; k < n_kinds; k++) {
        int count = chosen[k]->count();
        for (int i = 0; i < count && physical < CUX_RT_MAX_DEVICES; i++) {
            kind_of[physical] = chosen[k];
            index_of[physical] = i;
            count_of[physical++] = count;
        }
    }
    if (physical <= 0) {
        ctx.init_error = cudaErrorNoDevice;
        return;
    }
    int map[CUX_RT_MAX_DEVICES];
    int n = visible_devices(physical, map);
    for (int i = 0; i < n; i++) {
        cux_rt_device *d = &ctx.devices[ctx.n_devices];
        const cux_device_kind *kind = kind_of[map[i]];
        d->dev = kind->create(ctx.n_devices, index_of[map[i]],
                              count_of[map[i]]);
        if (!d->dev) {
            cux_log("could not create the %s device %d", kind->name,
                    index_of[map[i]]);
            ctx.init_error = cudaErrorInitializationError;
            return;
        }
        d->dev->ops->get_properties(d->dev, &d->prop);
        cux_rt_device_defaults(d);
        ctx.mixed_kinds = ctx.mixed_kinds ||
                          d->dev->ops != ctx.devices[0].dev->ops;
        ctx.n_devices++;
    }
    ctx.init_error = ctx.n_devices ? cudaSuccess : cudaErrorNoDevice;
    ctx.devices_ready = true;
}

cudaError_t cux_rt_devices(void)
{
    cux_rt_ctx();
    if (atomic_load(&ctx.shut_down))
        return cudaErrorCudartUnloading;
    pthread_once(&ctx.devices_once, devices_init);
    return ctx.init_error;
}

cux_rt_device *cux_rt_device_at(int ordinal)
{
    if (cux_rt_devices() != cudaSuccess || ordinal < 0 ||
        ordinal >= ctx.n_devices)
        return NULL;
    return &ctx.devices[ordinal];
}

cudaError_t cux_rt_enter(cux_rt_device **dev)
{
    cudaError_t err = cux_rt_devices();
    if (err != cudaSuccess)
        return err;
    err = cux_rt_sticky();
    if (err != cudaSuccess)
        return err;
    if (dev)
        *dev = &ctx.devices[self.device];
    return cudaSuccess;
}

cudaError_t cux_rt_ret(cudaError_t err)
{
    /* cudaErrorNotReady "is not actually an error" (CUDA reference), so
     * queries that return it leave the last error alone. */
    if (err != cudaSuccess && err != cudaErrorNotReady)
        self.last_error = err;
    return err;
}

void cux_rt_set_sticky(cudaError_t err)
{
    int expected = cudaSuccess;
    cux_rt_ctx();
    atomic_compare_exchange_strong(&ctx.sticky, &expected, (int)err);
}

cudaError_t cux_rt_sticky(void)
{
    return (cudaError_t)atomic_load(&cux_rt_ctx()->sticky);
}

uint64_t cux_rt_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Handle lists ---------------------------------------------------------- */

void cux_rt_obj_add(cux_rt_obj **list, cux_rt_obj *o, int device)
{
    o->device = device;
    pthread_mutex_lock(&ctx.lock);
    o->next = *list;
    *list = o;
    pthread_mutex_unlock(&ctx.lock);
}

bool cux_rt_obj_find(cux_rt_obj **list, const cux_rt_obj *o, bool take)
{
    pthread_mutex_lock(&ctx.lock);
    cux_rt_obj **p = list;
    while (*p && *p != o)
        p = &(*p)->next;
    bool found = *p != NULL;
    if (found && take)
        *p = o->next;
    pthread_mutex_unlock(&ctx.lock);
    return found;
}

/* Caller holds ctx.lock. */
static cux_rt_handle_obj *handle_find(cux_rt_obj **list,
                                      unsigned long long handle, bool take)
{
    for (cux_rt_obj **p = list; *p; p = &(*p)->next) {
        cux_rt_handle_obj *o = (cux_rt_handle_obj *)*p;
        if (o->handle != handle)
            continue;
        if (take)
            *p = o->obj.next;
        return o;
    }
    return NULL;
}

cudaError_t cux_rt_handle_read(cux_rt_obj **list, unsigned long long handle,
                               void *out, size_t field, size_t size)
{
    pthread_mutex_lock(&ctx.lock);
    cux_rt_handle_obj *o = handle_find(list, handle, false);
    if (o)
        memcpy(out, (const char *)o + field, size);
    pthread_mutex_unlock(&ctx.lock);
    return o ? cudaSuccess : cudaErrorInvalidValue;
}

cudaError_t cux_rt_handle_destroy(cux_rt_obj **list, unsigned long long handle,
                                  void (*release)(cux_rt_obj *o))
{
    pthread_mutex_lock(&ctx.lock);
    cux_rt_handle_obj *o = handle_find(list, handle, true);
    pthread_mutex_unlock(&ctx.lock);
    if (!o)
        return cudaErrorInvalidValue;
    cux_rt_sync_device(o->obj.device);
    release(&o->obj);
    return cudaSuccess;
}

void cux_rt_obj_free_all(cux_rt_obj **list, int device,
                         void (*release)(cux_rt_obj *o))
{
    cux_rt_obj *dead = NULL;
    pthread_mutex_lock(&ctx.lock);
    cux_rt_obj **p = list;
    while (*p) {
        cux_rt_obj *o = *p;
        if (device >= 0 && o->device != device) {
            p = &o->next;
            continue;
        }
        *p = o->next;
        o->next = dead;
        dead = o;
    }
    pthread_mutex_unlock(&ctx.lock);
    /* Released without the lock: release calls into the device. */
    while (dead) {
        cux_rt_obj *next = dead->next;
        release(dead);
        dead = next;
    }
}

/* Teardown ---------------------------------------------------------------- */

/* Work goes first (it may use everything else), texture and surface
 * objects before the arrays they point into, modules before the memory table that lists
 * their variables. */
void cux_rt_device_clear(int device)
{
    cux_rt_sync_device(device);
    cux_rt_printf_flush();
    cux_rt_streams_destroy(device, false);
    cux_rt_events_destroy(device);
    /* A graph may hold kernels of any device's modules, which a reset
     * unloads: every graph goes, whichever device is reset. */
    cux_rt_graphs_free();
    cux_rt_textures_free(device);
    cux_rt_surfaces_free(device);
    cux_rt_arrays_free(device);
    cux_rt_modules_unload(device);
    cux_rt_allocs_free(device);
    cux_rt_graph_mems_free(device);
    cux_rt_mempools_free(device);
}

/* A service to devices (dev/device.h): the work still queued at exit,
 * finished early for a device whose driver is torn down before this
 * context's own handler runs. */
void cux_finish_pending_work(void)
{
    if (ctx.devices_ready && !atomic_load(&ctx.shut_down))
        cux_rt_sync_device(-1);
}

/* Frees everything, the devices last.  Calls from now on (other atexit
 * handlers, C++ destructors, threads still running) get
 * cudaErrorCudartUnloading, as with CUDA. */
static void cleanup(void)
{
    atomic_store(&ctx.shut_down, true);
    if (ctx.devices_ready)
        cux_rt_device_clear(-1);
    cux_rt_registry_free();
    for (int i = 0; i < ctx.n_devices; i++) {
        ctx.devices[i].dev->ops->destroy(ctx.devices[i].dev);
        ctx.devices[i].dev = NULL;
    }
    ctx.n_devices = 0;
    ctx.init_error = cudaErrorCudartUnloading;
}
