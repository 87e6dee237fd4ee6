/* cpu_device.c: the CPU device.  Device memory is host memory; a module
 * is parsed and translated to C (warps as 32-lane vectors) when loaded,
 * and compiled by the system C compiler into a cached shared object at
 * the first launch that needs it, once for each build (block shapes it
 * specialises for); a launch deals the grid's blocks to one worker per
 * core (CUX_CPU_THREADS).  CUX_CPU_DEVICES devices share the cores out,
 * each with its own workers, modules and builds. */
#include "cpu.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern const char cux_cpu_prelude_text[];

typedef struct cpu_device {
    cux_device base;
    cpu_pool *pool;
    unsigned threads;          /* workers: this device's share of them */
    int index, count;          /* which of CUX_CPU_DEVICES devices it is */
    cpu_worker_mem *mem;       /* one per worker */
    pthread_mutex_t launch_lock; /* one launch at a time uses the pool */
    pthread_mutex_t load_lock;
    size_t memory_bytes;       /* physical memory: the allocation limit */
    bool specialize;           /* builds per block shape (CUX_SPECIALIZE) */
    cux_cpu_heap heap;
} cpu_device;

static cpu_device *cpu(cux_device *dev)
{
    return (cpu_device *)dev;
}

static void get_properties(cux_device *dev, struct cudaDeviceProp *prop)
{
    cpu_device *c = cpu(dev);
    cux_cpu_properties(prop, c->threads, c->memory_bytes, c->index,
                       c->count);
}

enum { HUGE_PAGE = 2 << 20 }; /* x86-64 and arm64 with 4 KB pages */

static cudaError_t mem_alloc(cux_device *dev, size_t size,
                             cux_mem_access access, void **ptr)
{
    (void)access; /* all of it is host memory */
    /* Refuse what the machine cannot hold, as a GPU refuses more than its
     * memory, rather than overcommitting and failing later. */
    if (size > cpu(dev)->memory_bytes) {
        *ptr = NULL;
        return cudaErrorMemoryAllocation;
    }
    /* 512: textureAlignment, as CUDA guarantees that a pointer from
     * cudaMalloc binds to a texture reference with offset 0. */
    size_t bytes = (size + 511) & ~(size_t)511;
    if (size < HUGE_PAGE) {
        *ptr = aligned_alloc(512, bytes);
        return *ptr ? cudaSuccess : cudaErrorMemoryAllocation;
    }
    /* Large buffers start on a huge page and ask the kernel for huge
     * pages (transparent huge pages in `madvise` mode, Debian's
     * default), as a GPU maps its memory in large pages: streaming
     * kernels spend less on the TLB (copy 0.88x, triad 0.85x).  Where
     * the kernel says no, the buffer is an ordinary one.  posix_memalign,
     * as the size need not be a multiple of the alignment. */
    if (posix_memalign(ptr, HUGE_PAGE, bytes)) {
        *ptr = NULL;
        return cudaErrorMemoryAllocation;
    }
    madvise(*ptr, bytes, MADV_HUGEPAGE);
    return cudaSuccess;
}

static void mem_free(cux_device *dev, void *ptr)
{
    (void)dev;
    free(ptr);
}

static void module_free(cux_module *mod)
{
    if (!mod)
        return;
    for (uint32_t k = 0; k < mod->n_kernels; k++) {
        free(mod->kernels[k].params);
        for (int b = 0; b < CUX_CPU_BUILDS; b++)
            if (mod->kernels[k].unit[b].so)
                dlclose(mod->kernels[k].unit[b].so);
    }
    free(mod->kernels);
    for (int b = 0; b < CUX_CPU_BUILDS; b++)
        if (mod->whole[b].so)
            dlclose(mod->whole[b].so);
    if (mod->globals)
        for (uint32_t v = 0; v < mod->ptx->n_vars; v++)
            if (!mod->placed[v])
                free(mod->globals[v]);
    free(mod->globals);
    free(mod->placed);
    free(mod->functions);
    cux_cgen_result_free(&mod->gen);
    cux_module_analysis_free(&mod->analysis);
    cux_ptx_module_free(mod->ptx);
    free(mod);
}

static void *zeroed(size_t align, size_t bytes)
{
    void *p = aligned_alloc(align, bytes);
    if (!p) {
        fputs("cux: out of memory\n", stderr);
        abort();
    }
    return memset(p, 0, bytes);
}

/* Writes the addresses the variables' initialisers hold (the code
 * generator has checked that they name such variables or functions; a
 * function's address is its slot in mod->functions, see CUX_FUNC_SLOT). */
static void apply_relocations(cux_module *mod)
{
    const cux_ptx_module *m = mod->ptx;
    for (uint32_t r = 0; r < m->n_relocs; r++) {
        const cux_ptx_reloc *rel = &m->relocs[r];
        int32_t owner = cux_layout_reloc_owner(m, r);
        const char *base = rel->target_is_func
            ? (const char *)mod->functions + (size_t)rel->target * CUX_FUNC_SLOT
            : (const char *)mod->globals[rel->target];
        uint64_t address = (uint64_t)(uintptr_t)base + (uint64_t)rel->addend;
        uint32_t address32 = (uint32_t)address;
        if (rel->size == 4)
            memcpy((char *)mod->globals[owner] + rel->offset, &address32, 4);
        else
            memcpy((char *)mod->globals[owner] + rel->offset, &address, 8);
    }
}

/* Memory for the module's .global and .const variables, as the PTX
 * initialises it.  Every build of the module's code uses these. */
static void place_globals(cux_module *mod)
{
    const cux_ptx_module *m = mod->ptx;
    mod->globals = cux_xcalloc(m->n_vars + 1, sizeof(void *));
    mod->placed = cux_xcalloc(m->n_vars + 1, sizeof(bool));
    mod->functions = zeroed(CUX_FUNC_SLOT,
                            ((size_t)m->n_funcs + 1) * CUX_FUNC_SLOT);
    for (uint32_t v = 0; v < m->n_vars; v++) {
        const cux_ptx_var *var = &m->vars[v];
        if (!cux_layout_is_module_data(var))
            continue;
        size_t align = cux_layout_var_align(var) < 16
                           ? 16 : cux_layout_var_align(var);
        size_t bytes = ((var->size ? var->size : 1) + align - 1) / align * align;
        mod->globals[v] = zeroed(align, bytes);
        if (var->init)
            memcpy(mod->globals[v], var->init, var->size);
    }
    apply_relocations(mod);
}

/* A clang-compiled __managed__ variable is the host's own global, which
 * host code reads and writes directly: the module's code uses that memory
 * instead of its own, and so do the addresses other variables hold.  The
 * runtime calls this at load, before any build binds the addresses. */
static cudaError_t module_place_global(cux_device *dev, cux_module *mod,
                                       const char *name, void *storage)
{
    (void)dev;
    int32_t v = cux_ptx_find_var(mod->ptx, name);
    if (v < 0 || !mod->globals[v] || !storage)
        return cudaErrorInvalidSymbol;
    if (!mod->placed[v])
        free(mod->globals[v]);
    mod->globals[v] = storage;
    mod->placed[v] = true;
    apply_relocations(mod);
    return cudaSuccess;
}

static void describe_kernels(cux_module *mod)
{
    const cux_cgen_result *gen = &mod->gen;
    mod->kernels = cux_xcalloc(gen->n_kernels + 1, sizeof(cux_kernel));
    mod->n_kernels = gen->n_kernels;
    for (uint32_t i = 0; i < gen->n_kernels; i++) {
        const cux_cgen_kernel *g = &gen->kernels[i];
        const cux_kernel_facts *facts = g->facts;
        const cux_ptx_func *func = &mod->ptx->funcs[g->func];
        cux_kernel *k = &mod->kernels[i];
        snprintf(k->symbol, sizeof k->symbol, "%s", g->symbol);
        snprintf(k->save_symbol, sizeof k->save_symbol, "%s", g->save_symbol);
        k->module = mod;
        k->index = i;
        k->shared_total = mod->analysis.layout.shared_dynamic_offset;
        k->params = cux_xcalloc(func->n_params + 1, sizeof(cux_param_info));
        for (uint32_t p = 0; p < func->n_params; p++) {
            k->params[p].offset = facts->params[p].offset;
            k->params[p].size = facts->params[p].size;
        }
        k->info.name = func->name;
        k->info.n_params = func->n_params;
        k->info.params = k->params;
        k->info.param_bytes = facts->param_bytes;
        k->info.static_smem = facts->static_smem;
        k->info.local_bytes = facts->local_bytes;
        k->info.uses_heap = facts->uses_heap;
        k->info.uses_printf = facts->uses_printf;
        memcpy(k->info.reqntid, func->reqntid, sizeof k->info.reqntid);
        memcpy(k->info.maxntid, func->maxntid, sizeof k->info.maxntid);
    }
}

/* What each build puts ahead of the module's C, and what it is for. */
static const struct {
    const char *defines, *purpose;
} builds[CUX_CPU_BUILDS] = {
    [CUX_CPU_BUILD_GENERAL] = {"", ""},
    [CUX_CPU_BUILD_ROWS_OF_32] = {"#define CUX_XRUN 32u\n",
                                  " (for rows of 32 threads)"},
    [CUX_CPU_BUILD_ROWS_OF_16] = {"#define CUX_XRUN 16u\n",
                                  " (for rows of 16 threads)"},
};

/* Past this much C, a module with several kernels is compiled kernel
 * by kernel (cux_module.by_kernel): below it one compile of the whole
 * costs less than the compiler's start and the prelude once per kernel
 * (the tests' modules, a few kernels each, are all below). */
enum { BY_KERNEL_BYTES = 1 << 20 };

static cux_cpu_unit *unit_of(cux_module *mod, const cux_kernel *kernel,
                             cux_cpu_build b)
{
    return mod->by_kernel ? &mod->kernels[kernel->index].unit[b]
                          : &mod->whole[b];
}

/* Compiles and loads one build of the module, or of the kernel's unit
 * where the module is built kernel by kernel (cached on disk like any),
 * gives it the module's variables and finds its kernels.  Tried once.
 * Caller holds the load lock. */
static cudaError_t build(cux_module *mod, const cux_kernel *kernel,
                         cux_cpu_build b)
{
    cux_cpu_unit *unit = unit_of(mod, kernel, b);
    if (unit->built)
        return unit->built > 0 ? cudaSuccess : cudaErrorInvalidPtx;
    /* entry_for reads built without the lock */
    __atomic_store_n(&unit->built, -1, __ATOMIC_RELAXED);
    char origin[sizeof mod->origin + 160];
    if (mod->by_kernel)
        snprintf(origin, sizeof origin, "%s%s, kernel %.100s", mod->origin,
                 builds[b].purpose, kernel->info.name);
    else
        snprintf(origin, sizeof origin, "%s%s", mod->origin,
                 builds[b].purpose);
    const cux_cgen_result *gen = &mod->gen;
    cux_strbuf code = {0};
    if (mod->by_kernel)
        cux_cgen_kernel_unit(mod->ptx, &mod->analysis, gen, kernel->index,
                             &code);
    else
        cux_strbuf_append(&code, gen->source.data, gen->source.len);
    if (cux_dev_dump_flags() & CUX_DUMP_C)
        fprintf(stderr, "cux: generated C of %s:\n%s%s", origin,
                builds[b].defines, code.data ? code.data : "");
    cux_strbuf source = {0};
    cux_strbuf_puts(&source, builds[b].defines);
    cux_strbuf_puts(&source, cux_cpu_prelude_text);
    cux_strbuf_append(&source, code.data, code.len);
    /* #line directives do not size the compile; a unit, which does not
     * know its share of them, counts them in */
    cux_cpu_jit_input in = {
        .c = source.data, .c_len = source.len,
        .c_weight = source.len - (mod->by_kernel ? 0 : gen->line_bytes),
        .ptx = mod->ptx_text, .ptx_len = mod->ptx_len, .origin = origin,
        .line_info = gen->line_info,
    };
    cudaError_t err = cux_cpu_jit(&in, &unit->so);
    cux_strbuf_free(&source);
    cux_strbuf_free(&code);
    if (err != cudaSuccess)
        return err;
    void (*bind)(void *const *, void *) =
        (void (*)(void *const *, void *))dlsym(unit->so, "cux_module_bind");
    bool complete = bind != NULL;
    for (uint32_t i = 0; i < mod->n_kernels && complete; i++) {
        cux_kernel *k = &mod->kernels[i];
        if (mod->by_kernel && k != kernel)
            continue;
        const uint32_t *save = dlsym(unit->so, k->save_symbol);
        k->fn[b] = (cux_cpu_kernel_fn)dlsym(unit->so, k->symbol);
        complete = save && k->fn[b];
        if (complete)
            k->save_bytes[b] = (*save + 255) & ~255u;
    }
    if (!complete) {
        cux_log("%s: generated module lacks its entry points", origin);
        return cudaErrorInvalidPtx;
    }
    bind((void *const *)mod->globals, mod->functions);
    __atomic_store_n(&unit->built, 1, __ATOMIC_RELEASE);
    return cudaSuccess;
}

/* Translates the module to C, which shows at once whether cux can run
 * it; the C is compiled at the first launch (build). */
static cudaError_t module_load(cux_device *dev, const char *ptx, size_t len,
                               const char *origin, cux_module **out)
{
    (void)dev;
    *out = NULL;
    cux_module *mod = cux_xcalloc(1, sizeof(*mod));
    cudaError_t err = cux_dev_module_prepare(ptx, len, origin, &mod->ptx,
                                             &mod->analysis);
    if (err != cudaSuccess) {
        free(mod);
        return err;
    }
    snprintf(mod->origin, sizeof mod->origin, "%s",
             origin ? origin : "<ptx>");
    mod->ptx_text = ptx;
    mod->ptx_len = len;
    cux_diag diag = {0};
    if (!cux_codegen_c(mod->ptx, &mod->analysis, &mod->gen, &diag)) {
        cux_log("%s", diag.message);
        module_free(mod);
        return cudaErrorInvalidPtx;
    }
    describe_kernels(mod);
    const char *by_kernel = getenv("CUX_JIT_BY_KERNEL");
    mod->by_kernel = mod->n_kernels > 1 &&
                     (mod->gen.source.len - mod->gen.line_bytes > BY_KERNEL_BYTES ||
                      (by_kernel && !strcmp(by_kernel, "1")));
    place_globals(mod);
    *out = mod;
    return cudaSuccess;
}

static void module_unload(cux_device *dev, cux_module *mod)
{
    (void)dev;
    module_free(mod);
}

static cudaError_t module_get_kernel(cux_device *dev, cux_module *mod,
                                     const char *name, cux_kernel **out,
                                     const cux_kernel_info **info)
{
    (void)dev;
    for (uint32_t k = 0; k < mod->n_kernels; k++)
        if (!strcmp(mod->kernels[k].info.name, name)) {
            *out = &mod->kernels[k];
            if (info)
                *info = &mod->kernels[k].info;
            return cudaSuccess;
        }
    return cudaErrorInvalidDeviceFunction;
}

static cudaError_t module_get_global(cux_device *dev, cux_module *mod,
                                     const char *name, void **ptr, size_t *size)
{
    (void)dev;
    int32_t v = cux_ptx_find_var(mod->ptx, name);
    if (v < 0 || !mod->globals[v])
        return cudaErrorInvalidSymbol;
    *ptr = mod->globals[v];
    if (size)
        *size = mod->ptx->vars[v].size;
    return cudaSuccess;
}

/* The build for blocks of this shape.  Every warp of a block whose rows
 * are a multiple of 32 threads holds one whole row (x_run 32, block.c);
 * with blockDim.x 16 and an even blockDim.y (16x16 tiles), two whole
 * rows one %tid.y apart (x_run 16).  Code built knowing which keeps one
 * fast path per access; the general build tests x_run at each one, and
 * GCC then kept the merged vectors, the accumulators of a tiled loop
 * among them, on the stack (sgemm ran 2.1x slower).  Most programs
 * launch only rows of 32 and compile that build alone. */
static cux_cpu_build build_for(const uint32_t *block)
{
    if (block[0] % 32 == 0)
        return CUX_CPU_BUILD_ROWS_OF_32;
    if (block[0] == 16 && block[1] % 2 == 0)
        return CUX_CPU_BUILD_ROWS_OF_16;
    return CUX_CPU_BUILD_GENERAL;
}

/* Sets job->fn and job->save_bytes from the build of the kernel that
 * runs blocks of this shape, built first if need be; the error if none
 * could be.  A build publishes its unit's `built` last (build()), so
 * both are read after it. */
static cudaError_t entry_for(cpu_device *c, cpu_job *job,
                             const uint32_t *block)
{
    const cux_kernel *kernel = job->kernel;
    cux_module *mod = kernel->module;
    cux_cpu_build b = c->specialize ? build_for(block) : CUX_CPU_BUILD_GENERAL;
    cudaError_t err = cudaSuccess;
    /* Built already (the usual launch): no lock. */
    if (__atomic_load_n(&unit_of(mod, kernel, b)->built, __ATOMIC_ACQUIRE) <= 0) {
        pthread_mutex_lock(&c->load_lock);
        /* Rows of 32 gain less from their build (stencil 0.92x,
         * reduce_smem 0.96x) than a second compile costs: a general
         * build at hand runs them.  Rows of 16 gain 2x. */
        if (b == CUX_CPU_BUILD_ROWS_OF_32 && !unit_of(mod, kernel, b)->built &&
            unit_of(mod, kernel, CUX_CPU_BUILD_GENERAL)->built > 0)
            b = CUX_CPU_BUILD_GENERAL;
        err = build(mod, kernel, b);
        if (err != cudaSuccess && b != CUX_CPU_BUILD_GENERAL) {
            cux_log("%s: the build for this block shape failed, launches "
                    "use the general one", mod->origin);
            b = CUX_CPU_BUILD_GENERAL;
            err = build(mod, kernel, b);
        }
        pthread_mutex_unlock(&c->load_lock);
    }
    if (err == cudaSuccess) {
        job->fn = kernel->fn[b];
        job->save_bytes = kernel->save_bytes[b];
    }
    return err;
}

typedef struct launch_round {
    cpu_device *dev;
    cpu_job *job;
} launch_round;

static void run_worker(unsigned worker, void *arg)
{
    launch_round *round = arg;
    cux_cpu_run_blocks(round->job, &round->dev->mem[worker]);
}

static void run_grid_worker(unsigned worker, void *arg)
{
    cux_cpu_grid_run(((launch_round *)arg)->job, worker);
}

/* A cooperative launch (grid.c): every worker takes part, even one
 * without blocks, as each grid barrier waits for all workers. */
static cudaError_t launch_cooperative(cpu_device *c, cpu_job *job)
{
    unsigned workers = c->threads == 1 ? 1 : cux_cpu_pool_size(c->pool) + 1;
    job->grid = cux_cpu_grid_create(job, workers);
    if (!job->grid)
        return cudaErrorMemoryAllocation;
    launch_round round = {c, job};
    pthread_mutex_lock(&c->launch_lock);
    cux_cpu_watch watch;
    cux_cpu_watch_begin(&watch, job);
    if (workers == 1)
        run_grid_worker(0, &round);
    else
        cux_cpu_pool_run(c->pool, run_grid_worker, &round);
    cux_cpu_watch_end(&watch);
    pthread_mutex_unlock(&c->launch_lock);
    cux_cpu_grid_destroy(job->grid);
    return (cudaError_t)atomic_load(&job->error);
}

static cudaError_t launch(cux_device *dev, cux_kernel *kernel,
                          const cux_launch *l)
{
    cpu_device *c = cpu(dev);
    cpu_job job = {.kernel = kernel, .launch = l, .heap = &c->heap};
    cudaError_t err = entry_for(c, &job, l->block);
    if (err != cudaSuccess)
        return err;
    job.n_blocks = (uint64_t)l->grid[0] * l->grid[1] * l->grid[2];
    atomic_init(&job.next_block, 0);
    /* About 16 chunks per worker: few atomics, and still room to balance
     * blocks of unequal cost. */
    job.chunk = job.n_blocks / ((uint64_t)c->threads * 16);
    if (job.chunk == 0)
        job.chunk = 1;
    atomic_init(&job.error, cudaSuccess);
    if (l->cooperative)
        return launch_cooperative(c, &job);
    launch_round round = {c, &job};
    pthread_mutex_lock(&c->launch_lock);
    /* The limit counts from here: the kernel is built, and a launch
     * waiting for another stream's launch to finish is not running. */
    cux_cpu_watch watch;
    cux_cpu_watch_begin(&watch, &job);
    if (job.n_blocks == 1 || c->threads == 1)
        run_worker(0, &round);
    else
        cux_cpu_pool_run(c->pool, run_worker, &round);
    cux_cpu_watch_end(&watch);
    pthread_mutex_unlock(&c->launch_lock);
    return (cudaError_t)atomic_load(&job.error);
}

static void set_heap_size(cux_device *dev, size_t bytes)
{
    atomic_store(&cpu(dev)->heap.limit, bytes);
}

/* A texture or surface handle is the address of the device's copy of
 * its descriptor. */
static cudaError_t copy_to_handle(const void *desc, size_t size,
                                  unsigned long long *handle)
{
    void *copy = malloc(size);
    if (!copy)
        return cudaErrorMemoryAllocation;
    memcpy(copy, desc, size);
    *handle = (unsigned long long)(uintptr_t)copy;
    return cudaSuccess;
}

static cudaError_t texture_create(cux_device *dev, const cux_texture_desc *desc,
                                  unsigned long long *handle)
{
    (void)dev;
    return copy_to_handle(desc, sizeof *desc, handle);
}

static cudaError_t surface_create(cux_device *dev, const cux_surface_desc *desc,
                                  unsigned long long *handle)
{
    (void)dev;
    return copy_to_handle(desc, sizeof *desc, handle);
}

static void handle_free(cux_device *dev, unsigned long long handle)
{
    (void)dev;
    free((void *)(uintptr_t)handle);
}

static void destroy(cux_device *dev)
{
    cpu_device *c = cpu(dev);
    cux_cpu_pool_destroy(c->pool);
    for (unsigned i = 0; i < c->threads; i++)
        cux_cpu_worker_mem_free(&c->mem[i]);
    free(c->mem);
    pthread_mutex_destroy(&c->launch_lock);
    pthread_mutex_destroy(&c->load_lock);
    free(c);
}

static const cux_device_ops cpu_ops = {
    .kind = "cpu",
    .get_properties = get_properties,
    .mem_alloc = mem_alloc,
    .mem_free = mem_free,
    /* Device memory is host memory: copies are memmove. */
    .mem_copy = cux_host_memory_copy,
    .mem_fill = cux_host_memory_fill,
    .module_load = module_load,
    .module_unload = module_unload,
    .module_get_kernel = module_get_kernel,
    .module_get_global = module_get_global,
    .module_place_global = module_place_global,
    .set_heap_size = set_heap_size,
    .launch = launch,
    .texture_create = texture_create,
    .texture_destroy = handle_free,
    .surface_create = surface_create,
    .surface_destroy = handle_free,
    .destroy = destroy,
};

static unsigned thread_count(void)
{
    const char *env = getenv("CUX_CPU_THREADS");
    long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}

int cux_cpu_device_count(void)
{
    const char *env = getenv("CUX_CPU_DEVICES");
    if (!env || !*env)
        return 1;
    char *end;
    long n = strtol(env, &end, 10);
    if (*end || n < 1 || n > CUX_MAX_DEVICES) {
        cux_log("CUX_CPU_DEVICES=%s: not a number of devices from 1 to %d",
                env, CUX_MAX_DEVICES);
        return 0;
    }
    return (int)n;
}

/* Device `index` of `count` gets its share of the workers (the first
 * ones one more where they do not divide evenly), at least one: the
 * devices together use the cores as one device would, so several
 * devices kept busy at once do not oversubscribe the machine. */
static unsigned thread_share(unsigned total, int index, int count)
{
    unsigned share = total / (unsigned)count +
                     ((unsigned)index < total % (unsigned)count);
    return share ? share : 1;
}

cux_device *cux_cpu_device_create(int ordinal, int index, int count)
{
    cpu_device *c = cux_xcalloc(1, sizeof(*c));
    c->base.ops = &cpu_ops;
    c->base.ordinal = ordinal;
    c->index = index;
    c->count = count;
    c->threads = thread_share(thread_count(), index, count);
    const char *specialize = getenv("CUX_SPECIALIZE");
    c->specialize = !specialize || strcmp(specialize, "0") != 0;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    c->memory_bytes = pages > 0 && page > 0 ? (size_t)pages * (size_t)page
                                            : SIZE_MAX;
    c->mem = cux_xcalloc(c->threads, sizeof(cpu_worker_mem));
    cux_cpu_fault_install();
    pthread_mutex_init(&c->launch_lock, NULL);
    pthread_mutex_init(&c->load_lock, NULL);
    /* The launching thread works too: one helper fewer than workers. */
    c->pool = cux_cpu_pool_create(c->threads - 1);
    if (!c->pool) {
        destroy(&c->base);
        return NULL;
    }
    return &c->base;
}
