/* rt_register.c: the registration ABI that clang's and nvcc's host code
 * calls at start-up (fat binaries, kernels, variables), the
 * launch-configuration stack of <<<>>>, and lazy loading of modules onto
 * devices.
 *
 * A fat binary here is either cux's PTX container ("CUXPTX01", a
 * little-endian 64-bit length L, L bytes of PTX, a NUL) or an NVIDIA fat
 * binary from nvcc, whose PTX rt_fatbin.c finds (and decompresses) when
 * the module first loads.  One that holds no usable PTX is remembered with
 * the reason; launching its kernels fails with
 * cudaErrorNoKernelImageForDevice and logs that reason once.  Modules are
 * compiled on a device at first use (launch or symbol access), so programs
 * pay only for what they run.
 *
 * A container of relocatable code (-rdc=true) reads "CUXRDC01" (or
 * "CUXRDL01": a static library's member, copied by the device link, to
 * be linked only if needed), then the same length, PTX and NUL, then the
 * name of its source file and a NUL.  Its module is the one that
 * rt_link.c links from all of its image's relocatable code. */
#include "rt/rt.h"
#include "ptx/ptx.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRAPPER_MAGIC 0x466243b1u
#define NVIDIA_FATBIN_MAGIC 0xBA55ED50u

typedef struct fatbin_wrapper {
    int magic;
    int version;
    const void *data;
    void *unused;
} fatbin_wrapper;

struct cux_rt_fatbin {
    const char *ptx;            /* borrowed from the program image */
    size_t len;
    const char *problem;        /* why it cannot run, or NULL */
    const void *nvidia;         /* an NVIDIA fatbin not yet looked into */
    char *owned;                /* decompressed PTX, owned */
    char why[384];              /* problem, when made up at load time */
    bool warned;
    char origin[256];           /* names it in diagnostics */
    cux_module *module[CUX_RT_MAX_DEVICES];
    cudaError_t load_error[CUX_RT_MAX_DEVICES];
    bool tried[CUX_RT_MAX_DEVICES];
    bool has_managed;           /* nvcc's managed variables (pointers) */
    bool has_host_managed;      /* clang's (host memory; host_storage) */
    cux_rt_link *link;          /* relocatable: the link it is part of */
    uint32_t link_index;        /* its input there */
    const char *source;         /* relocatable: its source file */
    bool lazy;                  /* a library member's copy */
    cux_rt_fatbin *next;
};

/* Maps ------------------------------------------------------------------- */

static uint32_t slot_of(const cux_rt_map *m, const void *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    uint32_t i = (uint32_t)(h >> 32) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void *map_get(const cux_rt_map *m, const void *key)
{
    if (!m->cap || !key)
        return NULL;
    uint32_t i = slot_of(m, key);
    return m->keys[i] ? m->values[i] : NULL;
}

static void map_put(cux_rt_map *m, const void *key, void *value);

static void map_grow(cux_rt_map *m)
{
    cux_rt_map bigger = {0};
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = cux_xcalloc(bigger.cap, sizeof(*bigger.keys));
    bigger.values = cux_xcalloc(bigger.cap, sizeof(*bigger.values));
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            map_put(&bigger, m->keys[i], m->values[i]);
    free(m->keys);
    free(m->values);
    *m = bigger;
}

static void map_put(cux_rt_map *m, const void *key, void *value)
{
    if ((m->len + 1) * 2 > m->cap)
        map_grow(m);
    uint32_t i = slot_of(m, key);
    if (!m->keys[i])
        m->len++;
    m->keys[i] = key;
    m->values[i] = value;
}

/* Drops and frees the entries belonging to fb (all if fb is NULL). */
static void map_purge(cux_rt_map *m, cux_rt_fatbin *fb, bool funcs)
{
    cux_rt_map kept = {0};
    for (uint32_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        cux_rt_fatbin *owner = funcs ? ((cux_rt_func *)m->values[i])->fatbin
                                     : ((cux_rt_var *)m->values[i])->fatbin;
        if (fb && owner != fb) {
            map_put(&kept, m->keys[i], m->values[i]);
            continue;
        }
        free(funcs ? ((cux_rt_func *)m->values[i])->name
                   : ((cux_rt_var *)m->values[i])->name);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    *m = kept;
}

/* Fat binaries ----------------------------------------------------------- */

static void name_origin(cux_rt_fatbin *fb, const void *where)
{
    Dl_info info;
    const char *file = dladdr(where, &info) && info.dli_fname &&
                       *info.dli_fname ? info.dli_fname : "program";
    snprintf(fb->origin, sizeof fb->origin, "%s", file);
}

static void parse_container(cux_rt_fatbin *fb, const fatbin_wrapper *w)
{
    if (!w || (unsigned)w->magic != WRAPPER_MAGIC || !w->data) {
        fb->problem = "not a CUDA fat binary wrapper";
        return;
    }
    const unsigned char *d = w->data;
    uint32_t head;
    memcpy(&head, d, sizeof head);
    if (head == NVIDIA_FATBIN_MAGIC) {
        fb->nvidia = d; /* read at the first load: start-up stays cheap */
        return;
    }
    bool rdc = !memcmp(d, "CUXRDC01", 8), lazy = !memcmp(d, "CUXRDL01", 8);
    if (memcmp(d, "CUXPTX01", 8) != 0 && !rdc && !lazy) {
        fb->problem = "is not a cux PTX container";
        return;
    }
    uint64_t len = 0;
    for (int i = 7; i >= 0; i--)
        len = len << 8 | d[8 + i];
    fb->ptx = (const char *)d + 16;
    fb->len = (size_t)len;
    fb->lazy = lazy;
    if (rdc || lazy)
        fb->source = fb->ptx + fb->len + 1;
}

/* Caller holds ctx.lock. */
static void join_link(cux_rt_fatbin *fb)
{
    cux_ptx_link_input in = {fb->ptx, fb->len, fb->source, fb->lazy};
    fb->link = cux_rt_link_add(fb->origin, &in, &fb->link_index);
}

/* The module's name for one of fb's symbols: the link may rename. */
static const char *symbol_name(const cux_rt_fatbin *fb, const char *name)
{
    return fb->link ? cux_rt_link_name(fb->link, fb->link_index, name)
                    : name;
}

CUX_EXPORT void **__cudaRegisterFatBinary(void *fatCubin)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_fatbin *fb = cux_xcalloc(1, sizeof(*fb));
    parse_container(fb, fatCubin);
    name_origin(fb, fatCubin);
    pthread_mutex_lock(&ctx->lock);
    if (fb->source && !fb->problem)
        join_link(fb);
    fb->next = ctx->fatbins;
    ctx->fatbins = fb;
    pthread_mutex_unlock(&ctx->lock);
    return (void **)fb;
}

static cux_rt_fatbin *fatbin_of(void **handle)
{
    return (cux_rt_fatbin *)handle;
}

CUX_EXPORT void __cudaRegisterFatBinaryEnd(void **fatCubinHandle);

/* What clang's -fgpu-rdc host code calls (as __cudaRegisterLinkedBinary_
 * <module id>, renamed to this by cuxcc): with nvcc that function comes
 * from the device link and registers the linked image; here the object's
 * own relocatable container is registered, and rt_link.c links it with
 * the rest of its image's when first used. */
CUX_EXPORT void cux_register_linked_binary(void (*callback)(void **),
                                           void *fatbin,
                                           const char *module_id,
                                           void (*dummy)(void *))
{
    (void)module_id, (void)dummy;
    void **handle = __cudaRegisterFatBinary(fatbin);
    if (callback)
        callback(handle);
    __cudaRegisterFatBinaryEnd(handle);
}

static cudaError_t load_module(cux_rt_fatbin *fb, cux_rt_device *dev);

/* clang's __managed__ variables are host globals the host may read
 * before any CUDA call, which the host pass leaves zeroed: they get the
 * initial values of their definitions in this file's PTX now.  Only
 * parsing: the module itself (for -rdc=true, the link of every file's
 * code, not all registered yet) loads at first use as usual. */
static void initialise_host_managed(cux_rt_fatbin *fb)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_diag diag = {0};
    cux_ptx_module *m = fb->ptx ? cux_ptx_parse(fb->ptx, fb->len,
                                                fb->origin, &diag)
                                : NULL;
    if (!m)
        return; /* the load reports it, and finds no initial values */
    pthread_mutex_lock(&ctx->lock);
    for (uint32_t i = 0; i < ctx->vars.cap; i++) {
        cux_rt_var *v = ctx->vars.keys[i] ? ctx->vars.values[i] : NULL;
        if (!v || v->fatbin != fb || !v->host_storage || v->initialised)
            continue;
        int32_t at = cux_ptx_find_var(m, v->name);
        const cux_ptx_var *var = at >= 0 ? &m->vars[at] : NULL;
        if (!var || var->linkage == CUX_LINK_EXTERN)
            continue; /* another file defines it and sets it */
        if (var->init)
            memcpy((void *)v->host, var->init,
                   var->size < v->size ? var->size : v->size);
        v->initialised = true;
    }
    pthread_mutex_unlock(&ctx->lock);
    cux_ptx_module_free(m);
}

CUX_EXPORT void __cudaRegisterFatBinaryEnd(void **fatCubinHandle)
{
    cux_rt_fatbin *fb = fatbin_of(fatCubinHandle);
    if (!fb || fb->problem)
        return;
    if (fb->has_host_managed)
        initialise_host_managed(fb);
    /* nvcc's managed variable is reached from the host through a pointer
     * that must be valid before main, so its module loads now. */
    if (!fb->has_managed)
        return;
    cux_rt_device *dev = cux_rt_device_at(0);
    if (!dev)
        return;
    pthread_mutex_lock(&cux_rt_ctx()->load_lock);
    load_module(fb, dev);
    pthread_mutex_unlock(&cux_rt_ctx()->load_lock);
}

static void unload(cux_rt_fatbin *fb, int device);

CUX_EXPORT void __cudaUnregisterFatBinary(void **fatCubinHandle)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_fatbin *fb = fatbin_of(fatCubinHandle);
    if (!fb)
        return;
    if (ctx->devices_ready)
        cux_rt_sync_device(-1); /* kernels of this module may still run */
    pthread_mutex_lock(&ctx->load_lock);
    for (int d = 0; d < ctx->n_devices; d++)
        unload(fb, d);
    if (fb->link)
        cux_rt_link_drop(fb->link, fb->link_index);
    pthread_mutex_unlock(&ctx->load_lock);
    pthread_mutex_lock(&ctx->lock);
    for (cux_rt_fatbin **p = &ctx->fatbins; *p; p = &(*p)->next)
        if (*p == fb) {
            *p = fb->next;
            break;
        }
    map_purge(&ctx->funcs, fb, true);
    map_purge(&ctx->vars, fb, false);
    pthread_mutex_unlock(&ctx->lock);
    free(fb->owned);
    free(fb);
}

/* Kernels and variables -------------------------------------------------- */

CUX_EXPORT void __cudaRegisterFunction(void **fatCubinHandle,
                                       const char *hostFun, char *deviceFun,
                                       const char *deviceName,
                                       int thread_limit, uint3 *tid,
                                       uint3 *bid, dim3 *bDim, dim3 *gDim,
                                       int *wSize)
{
    cux_rt_context *ctx = cux_rt_ctx();
    (void)deviceFun, (void)thread_limit, (void)tid, (void)bid, (void)bDim;
    (void)gDim, (void)wSize;
    if (!fatCubinHandle || !hostFun || !deviceName)
        return;
    cux_rt_func *f = cux_xcalloc(1, sizeof(*f));
    f->host = hostFun;
    f->name = strdup(deviceName);
    f->fatbin = fatbin_of(fatCubinHandle);
    pthread_mutex_lock(&ctx->lock);
    cux_rt_func *old = map_get(&ctx->funcs, hostFun);
    if (old) { /* registered twice: the last registration wins */
        free(old->name);
        free(old);
    }
    map_put(&ctx->funcs, hostFun, f);
    pthread_mutex_unlock(&ctx->lock);
}

/* __managed__ variables compiled by clang (host_defines.h) are host
 * globals in the section cux_managed; each executable and shared object
 * registers its section's bounds from a constructor that runs before its
 * registration code (cuda_runtime.h).  Set before main, read after. */
static struct managed_section {
    const char *start, *stop;
} *managed_sections;
static size_t n_managed_sections;
static pthread_mutex_t managed_sections_lock = PTHREAD_MUTEX_INITIALIZER;

CUX_EXPORT void cux_register_managed_section(const void *start,
                                             const void *stop)
{
    if (!start || (const char *)stop <= (const char *)start)
        return;
    pthread_mutex_lock(&managed_sections_lock);
    for (size_t i = 0; i < n_managed_sections; i++)
        if (managed_sections[i].start == start) { /* one per file */
            pthread_mutex_unlock(&managed_sections_lock);
            return;
        }
    managed_sections = cux_xrealloc(managed_sections,
                                    (n_managed_sections + 1) *
                                        sizeof *managed_sections);
    managed_sections[n_managed_sections++] =
        (struct managed_section){start, stop};
    pthread_mutex_unlock(&managed_sections_lock);
}

static bool in_managed_section(const void *host)
{
    const char *p = host;
    bool found = false;
    pthread_mutex_lock(&managed_sections_lock);
    for (size_t i = 0; i < n_managed_sections && !found; i++)
        found = p >= managed_sections[i].start &&
                p < managed_sections[i].stop;
    pthread_mutex_unlock(&managed_sections_lock);
    return found;
}

static void register_var(void **handle, const void *host, void **managed,
                         const char *name, size_t size, bool constant)
{
    cux_rt_context *ctx = cux_rt_ctx();
    if (!handle || !host || !name)
        return;
    cux_rt_var *v = cux_xcalloc(1, sizeof(*v));
    v->host = host;
    v->name = strdup(name);
    v->fatbin = fatbin_of(handle);
    v->size = size;
    v->constant = constant;
    v->host_storage = !managed && !constant && in_managed_section(host);
    v->managed = managed != NULL || v->host_storage;
    v->managed_ptr = managed;
    pthread_mutex_lock(&ctx->lock);
    cux_rt_var *old = map_get(&ctx->vars, host);
    if (old) {
        /* -rdc=true: another file's extern declaration of the same
         * variable; its initial value may be set already */
        v->initialised = old->initialised;
        free(old->name);
        free(old);
    }
    map_put(&ctx->vars, host, v);
    if (managed)
        v->fatbin->has_managed = true;
    if (v->host_storage)
        v->fatbin->has_host_managed = true;
    pthread_mutex_unlock(&ctx->lock);
}

CUX_EXPORT void __cudaRegisterVar(void **fatCubinHandle, char *hostVar,
                                  char *deviceAddress, const char *deviceName,
                                  int ext, size_t size, int constant,
                                  int global)
{
    (void)deviceAddress, (void)ext, (void)global;
    register_var(fatCubinHandle, hostVar, NULL, deviceName, size,
                 constant != 0);
}

CUX_EXPORT void __cudaRegisterManagedVar(void **fatCubinHandle,
                                         void **hostVarPtrAddress,
                                         char *deviceAddress,
                                         const char *deviceName, int ext,
                                         size_t size, int constant,
                                         int global)
{
    (void)deviceAddress, (void)ext, (void)global;
    register_var(fatCubinHandle, hostVarPtrAddress, hostVarPtrAddress,
                 deviceName, size, constant != 0);
}

/* Texture references (texture<T, dim, mode> at namespace scope): clang
 * registers each with its dimension and read mode.  The device's copy is
 * a .texref, CUX_PTX_TEXREF_SIZE bytes that binding fills with a texture
 * descriptor (rt_texture_reference.c); the host's copy is the
 * textureReference whose fields the program sets. */
CUX_EXPORT void __cudaRegisterTexture(void **fatCubinHandle,
                                      const struct textureReference *hostVar,
                                      const void **deviceAddress,
                                      const char *deviceName, int dim,
                                      int norm, int ext)
{
    (void)deviceAddress, (void)ext;
    register_var(fatCubinHandle, hostVar, NULL, deviceName,
                 CUX_PTX_TEXREF_SIZE, false);
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    cux_rt_var *v = hostVar ? map_get(&ctx->vars, hostVar) : NULL;
    if (v) {
        v->texref_dims = dim;
        v->texref_read_mode = norm;
    }
    pthread_mutex_unlock(&ctx->lock);
}

/* nvcc 13's host code launches through a kernel handle that it asks for
 * once per kernel (__cudaGetKernel) and passes to __cudaLaunchKernel
 * (rt_launch.c).  cux's handle for a kernel is its host stub, as for
 * cudaLaunchKernelEx with a cudaKernel_t. */
CUX_EXPORT cudaError_t __cudaGetKernel(cudaKernel_t *kernel,
                                       const void *hostFun)
{
    if (!kernel)
        return cux_rt_ret(cudaErrorInvalidValue);
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    bool known = map_get(&ctx->funcs, hostFun) != NULL;
    pthread_mutex_unlock(&ctx->lock);
    *kernel = (cudaKernel_t)(uintptr_t)hostFun;
    return known ? cudaSuccess
                 : cux_rt_ret(cudaErrorInvalidDeviceFunction);
}

/* nvcc's host code calls this before the first use of a managed variable
 * (through __nv_init_managed_rt): the module must be loaded so that the
 * variable's host pointer is set.  Returns nonzero on success. */
CUX_EXPORT char __cudaInitModule(void **fatCubinHandle)
{
    cux_rt_fatbin *fb = fatbin_of(fatCubinHandle);
    cux_rt_device *dev = cux_rt_device_at(0);
    if (!fb || !dev)
        return 0;
    pthread_mutex_lock(&cux_rt_ctx()->load_lock);
    cudaError_t err = load_module(fb, dev);
    pthread_mutex_unlock(&cux_rt_ctx()->load_lock);
    return err == cudaSuccess;
}

/* Module loading --------------------------------------------------------- */

/* Whether another device's module uses the same memory for v (a
 * __managed__ variable kept in host memory), which is then known to the
 * allocation table once. */
static bool shared_with_another_device(const cux_rt_var *v, int d)
{
    for (int other = 0; other < CUX_RT_MAX_DEVICES; other++)
        if (other != d && v->dptr[other] && v->dptr[other] == v->dptr[d])
            return true;
    return false;
}

/* Caller holds ctx.load_lock.  Binds every variable of fb's module on
 * the device (recording it as device memory so pointer checks know it):
 * fb's own and, with -rdc=true, those of every file linked into the same
 * module, whose __managed__ variables must move to host memory before
 * the module's code first runs (a build takes the addresses once). */
static void bind_vars(cux_rt_fatbin *fb, cux_rt_device *dev)
{
    cux_rt_context *ctx = cux_rt_ctx();
    int d = dev->dev->ordinal;
    pthread_mutex_lock(&ctx->lock);
    for (uint32_t i = 0; i < ctx->vars.cap; i++) {
        cux_rt_var *v = ctx->vars.keys[i] ? ctx->vars.values[i] : NULL;
        if (!v || v->dptr[d] ||
            (v->fatbin != fb && (!fb->link || v->fatbin->link != fb->link)))
            continue;
        void *ptr;
        size_t size;
        if (dev->dev->ops->module_get_global(dev->dev, fb->module[d],
                                             symbol_name(v->fatbin, v->name),
                                             &ptr, &size) !=
            cudaSuccess)
            continue;
        if (size < v->size)
            v->size = size;
        if (v->host_storage) {
            /* The host's variable is the memory: the device's copy of the
             * initialiser goes there once (a second device, or a reload
             * after cudaDeviceReset, finds the program's values). */
            if (!v->initialised)
                memcpy((void *)v->host, ptr, v->size);
            if (dev->dev->ops->module_place_global(
                    dev->dev, fb->module[d], symbol_name(v->fatbin, v->name),
                    (void *)v->host) != cudaSuccess)
                continue;
            v->initialised = true;
            ptr = (void *)v->host;
        }
        v->dptr[d] = ptr;
        if (!shared_with_another_device(v, d))
            cux_rt_alloc_add(ptr, v->size, CUX_RT_MEM_SYMBOL, d,
                             v->managed ? CUX_RT_SYMBOL_MANAGED : 0);
        if (v->managed_ptr)
            *v->managed_ptr = ptr;
    }
    pthread_mutex_unlock(&ctx->lock);
}

/* Caller holds ctx.load_lock. */
static void read_nvidia(cux_rt_fatbin *fb)
{
    if (!cux_rt_nvfatbin_ptx(fb->nvidia, &fb->ptx, &fb->len, &fb->owned,
                             fb->why, sizeof fb->why))
        fb->problem = fb->why;
    fb->nvidia = NULL;
}

/* Caller holds ctx.load_lock. */
static cudaError_t load_module(cux_rt_fatbin *fb, cux_rt_device *dev)
{
    int d = dev->dev->ordinal;
    if (fb->nvidia)
        read_nvidia(fb);
    if (fb->problem) {
        if (!fb->warned)
            cux_log("%s: %s", fb->origin, fb->problem);
        fb->warned = true;
        return cudaErrorNoKernelImageForDevice;
    }
    if (fb->tried[d])
        return fb->load_error[d];
    fb->tried[d] = true;
    if (fb->link)
        fb->load_error[d] = cux_rt_link_load(fb->link, fb->link_index, dev,
                                             &fb->module[d]);
    else
        fb->load_error[d] = dev->dev->ops->module_load(
            dev->dev, fb->ptx, fb->len, fb->origin, &fb->module[d]);
    if (fb->load_error[d] == cudaSuccess)
        bind_vars(fb, dev);
    return fb->load_error[d];
}

/* Caller holds ctx.load_lock. */
static void unload(cux_rt_fatbin *fb, int d)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_device *dev = &ctx->devices[d];
    pthread_mutex_lock(&ctx->lock);
    for (uint32_t i = 0; i < ctx->funcs.cap; i++) {
        cux_rt_func *f = ctx->funcs.keys[i] ? ctx->funcs.values[i] : NULL;
        if (f && f->fatbin == fb) {
            __atomic_store_n(&f->kernel[d], NULL, __ATOMIC_RELEASE);
            f->info[d] = NULL;
        }
    }
    for (uint32_t i = 0; i < ctx->vars.cap; i++) {
        cux_rt_var *v = ctx->vars.keys[i] ? ctx->vars.values[i] : NULL;
        if (v && v->fatbin == fb && v->dptr[d]) {
            if (!shared_with_another_device(v, d))
                cux_rt_alloc_remove(v->dptr[d], CUX_RT_MEM_SYMBOL);
            v->dptr[d] = NULL;
        }
    }
    pthread_mutex_unlock(&ctx->lock);
    if (fb->module[d] && dev->dev && !fb->link) /* a link's is its own */
        dev->dev->ops->module_unload(dev->dev, fb->module[d]);
    fb->module[d] = NULL;
    fb->tried[d] = false;
}

void cux_rt_modules_unload(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->load_lock);
    for (cux_rt_fatbin *fb = ctx->fatbins; fb; fb = fb->next)
        for (int d = 0; d < ctx->n_devices; d++)
            if (device < 0 || d == device)
                unload(fb, d);
    cux_rt_links_unload(device);
    pthread_mutex_unlock(&ctx->load_lock);
}

void cux_rt_registry_free(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    map_purge(&ctx->funcs, NULL, true);
    map_purge(&ctx->vars, NULL, false);
    while (ctx->fatbins) {
        cux_rt_fatbin *next = ctx->fatbins->next;
        free(ctx->fatbins->owned);
        free(ctx->fatbins);
        ctx->fatbins = next;
    }
    cux_rt_links_free();
    pthread_mutex_unlock(&ctx->lock);
}

static cux_rt_func *find_func(const void *host)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    cux_rt_func *f = map_get(&ctx->funcs, host);
    pthread_mutex_unlock(&ctx->lock);
    return f;
}

cudaError_t cux_rt_func_resolve(const void *host, cux_rt_device *dev,
                                cux_rt_func **out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    int d = dev->dev->ordinal;
    cux_rt_func *f = find_func(host);
    if (!f)
        return cudaErrorInvalidDeviceFunction;
    *out = f;
    if (__atomic_load_n(&f->kernel[d], __ATOMIC_ACQUIRE))
        return cudaSuccess;
    pthread_mutex_lock(&ctx->load_lock);
    cudaError_t err = load_module(f->fatbin, dev);
    if (err == cudaSuccess && !f->kernel[d]) {
        cux_kernel *k;
        err = dev->dev->ops->module_get_kernel(dev->dev, f->fatbin->module[d],
                                               symbol_name(f->fatbin, f->name),
                                               &k, &f->info[d]);
        if (err == cudaSuccess)
            __atomic_store_n(&f->kernel[d], k, __ATOMIC_RELEASE);
        else if (err == cudaErrorInvalidDeviceFunction)
            cux_log("%s: kernel %s not found in its module",
                    f->fatbin->origin, f->name);
        /* else the device has said why it cannot run the kernel */
    }
    pthread_mutex_unlock(&ctx->load_lock);
    return err;
}

cudaError_t cux_rt_var_resolve(const void *host, cux_rt_device *dev,
                               cux_rt_var **out)
{
    cux_rt_context *ctx = cux_rt_ctx();
    int d = dev->dev->ordinal;
    pthread_mutex_lock(&ctx->lock);
    cux_rt_var *v = map_get(&ctx->vars, host);
    pthread_mutex_unlock(&ctx->lock);
    if (!v)
        return cudaErrorInvalidSymbol;
    pthread_mutex_lock(&ctx->load_lock);
    cudaError_t err = load_module(v->fatbin, dev);
    pthread_mutex_unlock(&ctx->load_lock);
    if (err == cudaSuccess && !v->dptr[d])
        err = cudaErrorInvalidSymbol;
    *out = v;
    return err;
}

/* Launch configuration stack --------------------------------------------- */

CUX_EXPORT unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim,
                                                size_t sharedMem,
                                                void *stream)
{
    cux_rt_thread *t = cux_rt_self();
    if (t->n_configs == CUX_RT_CONFIG_DEPTH)
        return 1; /* clang's code then skips the launch */
    t->configs[t->n_configs++] = (cux_rt_config){gridDim, blockDim, sharedMem,
                                                 stream};
    return 0;
}

CUX_EXPORT cudaError_t __cudaPopCallConfiguration(dim3 *gridDim,
                                                  dim3 *blockDim,
                                                  size_t *sharedMem,
                                                  void *stream)
{
    cux_rt_thread *t = cux_rt_self();
    if (t->n_configs == 0)
        return cux_rt_ret(cudaErrorMissingConfiguration);
    cux_rt_config c = t->configs[--t->n_configs];
    *gridDim = c.grid;
    *blockDim = c.block;
    *sharedMem = c.shmem;
    *(void **)stream = c.stream;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaConfigureCall(dim3 gridDim, dim3 blockDim,
                                         size_t sharedMem,
                                         cudaStream_t stream)
{
    if (__cudaPushCallConfiguration(gridDim, blockDim, sharedMem, stream))
        return cux_rt_ret(cudaErrorInvalidConfiguration);
    return cudaSuccess;
}
