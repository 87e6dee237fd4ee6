/* opencl_device.c: the OpenCL device: memory, copies and launches over
 * the OpenCL 1.2 API.  Device memory is one arena buffer; a CUDA pointer
 * is the arena's base address plus an offset, so kernels turn every
 * address they meet into `arena + (address - base)` and pointers stored
 * in memory keep working on any OpenCL device.  Where the device shares
 * the host's memory (PoCL's CPU device), the arena is host memory used in
 * place (CL_MEM_USE_HOST_PTR) and the base is its host address, so CUDA
 * device pointers are host pointers too, as managed memory needs.  Every
 * call runs to completion on an in-order queue of its own (a lane,
 * ocl_lanes.c), so that the calls of different CUDA streams run at once;
 * the device lock guards only the state they share. */
#include "dev/opencl/ocl_device.h"
#include "codegen/opencl/codegen_opencl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

extern const char cux_ocl_prelude_text[];


/* The live devices, for the exit handler below: the one state of the
 * device outside the runtime's context, because only a handler that
 * exit() runs before the OpenCL driver's own teardown can keep a stream's
 * worker thread out of the driver once that teardown starts (PoCL's LLVM
 * crashed when a program called exit() while another stream's kernel was
 * being compiled).  The runtime's own handler runs too late for that:
 * it was registered before the driver was loaded, so this one asks the
 * runtime to finish the queued work first. */
static struct {
    pthread_mutex_t lock;
    ocl_device *devices[CUX_MAX_DEVICES];
    bool handler_installed;
} live = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Finishes the queued work (CUDA programs may exit without a final
 * synchronize, and cux finishes it: docs/runtime.md), waits for each
 * device's calls in progress (every lane back), then closes it to
 * OpenCL. */
static void close_at_exit(void)
{
    cux_finish_pending_work();
    pthread_mutex_lock(&live.lock);
    for (int i = 0; i < CUX_MAX_DEVICES; i++)
        if (live.devices[i])
            cux_ocl_lanes_close(live.devices[i]);
    pthread_mutex_unlock(&live.lock);
}

static void live_add(ocl_device *o)
{
    pthread_mutex_lock(&live.lock);
    for (int i = 0; i < CUX_MAX_DEVICES; i++)
        if (!live.devices[i]) {
            live.devices[i] = o;
            break;
        }
    if (!live.handler_installed)
        live.handler_installed = atexit(close_at_exit) == 0;
    pthread_mutex_unlock(&live.lock);
}

static void live_remove(ocl_device *o)
{
    pthread_mutex_lock(&live.lock);
    for (int i = 0; i < CUX_MAX_DEVICES; i++)
        if (live.devices[i] == o)
            live.devices[i] = NULL;
    pthread_mutex_unlock(&live.lock);
}

typedef struct ocl_kernel {
    struct ocl_module *module;
    cux_kernel_info info;
    cux_param_info *params;
    cl_kernel kernel;       /* NULL when it cannot run here, or is not
                               built yet (the module's by_kernel) */
    cl_program program;     /* its own, when the module's by_kernel */
    bool error_told;        /* its error is on stderr once; each launch
                               still returns it, as CUDA's do */
    /* From the first clSetKernelArg to clEnqueueNDRangeKernel, which
     * takes the arguments: OpenCL lets one thread at a time set a
     * kernel's arguments, and two streams may launch it at once. */
    pthread_mutex_t args_lock;
    const char *error;
} ocl_kernel;

typedef struct ocl_module {
    char origin[256];
    cux_ptx_module *ptx;
    cux_module_analysis analysis;
    cux_ocl_result gen;
    cl_program program;
    uint64_t *var_offset;   /* per variable: arena offset + 1, 0 if none */
    uint64_t *var_host;     /* per variable: its host storage, 0 if none */
    bool stale;             /* var_host changed since the build */
    bool uses_clock;        /* reads %clock, %clock64 or %globaltimer */
    /* A program per kernel, built at its first launch, instead of one
     * for the module (CUX_JIT_BY_KERNEL, as the CPU device): PoCL's
     * build time grows faster than the source, so CUB's 23 kernels
     * (4.8 MB of OpenCL C) took over ten minutes as one program and
     * about two one by one. */
    bool by_kernel;
    ocl_kernel *kernels;
    uint32_t n_kernels;
} ocl_module;

/* ---- properties -------------------------------------------------------- */

static void get_properties(cux_device *dev, struct cudaDeviceProp *prop)
{
    ocl_device *o = ocl(dev);
    const cux_ocl_api *api = &o->api;
    memset(prop, 0, sizeof *prop);
    char name[200] = "OpenCL device";
    api->clGetDeviceInfo(o->id, CL_DEVICE_NAME, sizeof name - 1, name, NULL);
    snprintf(prop->name, sizeof prop->name, "cux OpenCL: %s", name);
    cl_uint units = 1, mhz = 0;
    cl_ulong local = 48 * 1024, constant = 64 * 1024;
    size_t group = 1024, items[3] = {1024, 1024, 64};
    api->clGetDeviceInfo(o->id, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof units,
                         &units, NULL);
    api->clGetDeviceInfo(o->id, CL_DEVICE_MAX_CLOCK_FREQUENCY, sizeof mhz,
                         &mhz, NULL);
    api->clGetDeviceInfo(o->id, CL_DEVICE_LOCAL_MEM_SIZE, sizeof local,
                         &local, NULL);
    api->clGetDeviceInfo(o->id, CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE,
                         sizeof constant, &constant, NULL);
    api->clGetDeviceInfo(o->id, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof group,
                         &group, NULL);
    api->clGetDeviceInfo(o->id, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof items,
                         items, NULL);
    /* CUDA's limits where the device allows more: programs size their
     * blocks and shared memory by them */
    bool sm80_shared = local >= (164 + 96) * 1024;
    if (group > 1024)
        group = 1024;
    if (local > 48 * 1024)
        local = 48 * 1024;
    prop->totalGlobalMem = o->arena_size;
    prop->sharedMemPerBlock = local;
    prop->sharedMemPerBlockOptin = local;
    prop->sharedMemPerMultiprocessor = local;
    /* With room for compute capability 8.0's shared memory beside cux's
     * own __local arrays (the rounds' records, the collectives' and the
     * warp matrix exchange: under 96 KB together), the device reports
     * 8.0's figures, as the major and minor above and the CPU device
     * say: 48 KB a block unless a kernel opts in, up to 163 KB; 164 KB
     * per SM, 1 KB of it kept per block.  PoCL's CPU device has 1 MB. */
    if (sm80_shared) {
        prop->sharedMemPerBlockOptin = 163 * 1024;
        prop->sharedMemPerMultiprocessor = 164 * 1024;
        prop->reservedSharedMemPerBlock = 1024;
    }
    prop->regsPerBlock = 65536;
    prop->regsPerMultiprocessor = 65536;
    prop->warpSize = 32;
    prop->memPitch = 2147483647;
    prop->maxThreadsPerBlock = (int)group;
    prop->maxThreadsDim[0] = (int)(items[0] < group ? items[0] : group);
    prop->maxThreadsDim[1] = (int)(items[1] < group ? items[1] : group);
    prop->maxThreadsDim[2] = (int)(items[2] < 64 ? items[2] : 64);
    prop->maxGridSize[0] = 2147483647;
    prop->maxGridSize[1] = 65535;
    prop->maxGridSize[2] = 65535;
    prop->totalConstMem = constant < 64 * 1024 ? constant : 64 * 1024;
    prop->major = 8;
    prop->minor = 0;
    prop->textureAlignment = CUX_OCL_ALIGN;
    prop->texturePitchAlignment = 32;
    prop->multiProcessorCount = (int)units;
    prop->integrated = o->unified;
    /* Each call has a queue of its own (ocl_lanes.c), so kernels and
     * copies of different streams may run at once where the device runs
     * more than one thing at a time (PoCL's CPU device: one work-group
     * per compute unit, several commands at once) */
    prop->concurrentKernels = units > 1;
    prop->asyncEngineCount = units > 1;
    prop->unifiedAddressing = 1;
    prop->memoryBusWidth = 64;
    prop->l2CacheSize = 1024 * 1024;
    /* 8.0's L2 persistence: hints the runtime keeps and checks
     * (rt_stream_attr.c) as on the CPU device; OpenCL has no set-aside */
    prop->persistingL2CacheMaxSize = prop->l2CacheSize / 4 * 3;
    prop->accessPolicyMaxWindowSize = 128 * 1024 * 1024 - 4096;
    prop->maxThreadsPerMultiProcessor = 2048;
    prop->maxBlocksPerMultiProcessor = 32;
    prop->managedMemory = o->unified;
    prop->canMapHostMemory = o->host_addressable;
    prop->concurrentManagedAccess = 0;
    prop->directManagedMemAccessFromHost = o->unified;
    /* streams, priorities and pools are the runtime's, as on the CPU */
    prop->streamPrioritiesSupported = 1;
    prop->memoryPoolsSupported = 1;
    prop->pciDomainID = 0;
    prop->pciBusID = 0x40 + o->base.ordinal;
#if CUDART_VERSION < 13000
    /* Fields CUDA 13 removed from cudaDeviceProp. */
    prop->clockRate = (int)o->clock_khz; /* what %clock64 counts */
    prop->deviceOverlap = units > 1;
    prop->memoryClockRate = 1000000;
#endif
    (void)mhz;
}

/* ---- memory ------------------------------------------------------------ */

static cudaError_t mem_alloc(cux_device *dev, size_t size,
                             cux_mem_access access, void **ptr)
{
    ocl_device *o = ocl(dev);
    *ptr = NULL;
    if (access == CUX_MEM_HOST_TOO && !o->unified)
        return cudaErrorMemoryAllocation;
    uint64_t offset;
    pthread_mutex_lock(&o->lock);
    bool ok = cux_ocl_heap_alloc(&o->heap, size, &offset);
    pthread_mutex_unlock(&o->lock);
    if (!ok)
        return cudaErrorMemoryAllocation;
    *ptr = (void *)(uintptr_t)(o->arena_base + offset);
    return cudaSuccess;
}

static void mem_free(cux_device *dev, void *ptr)
{
    ocl_device *o = ocl(dev);
    pthread_mutex_lock(&o->lock);
    cux_ocl_heap_free(&o->heap, (uint64_t)(uintptr_t)ptr - o->arena_base);
    pthread_mutex_unlock(&o->lock);
}


/* Whether [ptr, ptr + bytes) lies in one of them. */
static bool in_window(const ocl_device *o, const void *ptr, uint64_t bytes)
{
    uint64_t a = (uint64_t)(uintptr_t)ptr;
    for (uint32_t i = 0; i < o->n_windows; i++)
        if (a >= o->windows[i][0] && a <= o->windows[i][1] &&
            bytes <= o->windows[i][1] - a)
            return true;
    return false;
}

/* The arena offset of a device address with `bytes` after it, or false. */
static bool arena_offset(const ocl_device *o, const void *ptr, uint64_t bytes,
                         uint64_t *offset)
{
    uint64_t a = (uint64_t)(uintptr_t)ptr;
    if (a < o->arena_base || a - o->arena_base > o->arena_size ||
        bytes > o->arena_size - (a - o->arena_base))
        return false;
    *offset = a - o->arena_base;
    return true;
}

/* The bytes a box spans on one side, from its first byte. */
static uint64_t box_span(const cux_mem_box *b, size_t pitch, size_t slice)
{
    if (!b->width || !b->height || !b->depth)
        return 0;
    return (uint64_t)(b->depth - 1) * slice + (uint64_t)(b->height - 1) * pitch +
           b->width;
}

/* One row of a copy, on queue q; device-to-device rows that overlap go
 * through host memory, which clEnqueueCopyBuffer does not allow. */
static cl_int copy_row(ocl_device *o, cl_command_queue q, uint64_t dst,
                       uint64_t src, const void *host_src, void *host_dst,
                       size_t n, cux_copy_kind kind)
{
    const cux_ocl_api *api = &o->api;
    switch (kind) {
    case CUX_COPY_HOST_TO_DEVICE:
        return api->clEnqueueWriteBuffer(q, o->arena, CL_TRUE, dst, n,
                                         host_src, 0, NULL, NULL);
    case CUX_COPY_DEVICE_TO_HOST:
        return api->clEnqueueReadBuffer(q, o->arena, CL_TRUE, src, n,
                                        host_dst, 0, NULL, NULL);
    default:
        break;
    }
    if (dst == src)
        return CL_SUCCESS;
    if (dst + n <= src || src + n <= dst)
        return api->clEnqueueCopyBuffer(q, o->arena, o->arena, src, dst, n, 0,
                                        NULL, NULL);
    void *tmp = malloc(n);
    if (!tmp)
        return CL_OUT_OF_HOST_MEMORY;
    cl_int err = api->clEnqueueReadBuffer(q, o->arena, CL_TRUE, src, n, tmp,
                                          0, NULL, NULL);
    if (err == CL_SUCCESS)
        err = api->clEnqueueWriteBuffer(q, o->arena, CL_TRUE, dst, n, tmp, 0,
                                        NULL, NULL);
    free(tmp);
    return err;
}

static cudaError_t mem_copy(cux_device *dev, void *dst, const void *src,
                            const cux_mem_box *box, cux_copy_kind kind)
{
    ocl_device *o = ocl(dev);
    uint64_t d = 0, s = 0;
    bool dst_dev = kind != CUX_COPY_DEVICE_TO_HOST;
    bool src_dev = kind != CUX_COPY_HOST_TO_DEVICE;
    /* device memory outside the arena is host memory kernels use in
     * place (a __managed__ variable): the host side of the copy */
    if (dst_dev && in_window(o, dst, box_span(box, box->dst_pitch,
                                              box->dst_slice)))
        dst_dev = false;
    if (src_dev && in_window(o, src, box_span(box, box->src_pitch,
                                              box->src_slice)))
        src_dev = false;
    if (!dst_dev && !src_dev) {
        for (size_t z = 0; z < box->depth; z++)
            for (size_t y = 0; y < box->height; y++)
                memmove((char *)dst + z * box->dst_slice + y * box->dst_pitch,
                        (const char *)src + z * box->src_slice +
                            y * box->src_pitch, box->width);
        return cudaSuccess;
    }
    kind = dst_dev && src_dev ? CUX_COPY_DEVICE_TO_DEVICE
         : dst_dev ? CUX_COPY_HOST_TO_DEVICE : CUX_COPY_DEVICE_TO_HOST;
    if ((dst_dev && !arena_offset(o, dst, box_span(box, box->dst_pitch,
                                                   box->dst_slice), &d)) ||
        (src_dev && !arena_offset(o, src, box_span(box, box->src_pitch,
                                                   box->src_slice), &s))) {
        cux_log("OpenCL device %d: copy outside its memory", dev->ordinal);
        return cudaErrorInvalidValue;
    }
    cl_int err = CL_SUCCESS;
    ocl_lane *lane;
    cudaError_t taken = cux_ocl_lane_take(o, &lane);
    if (taken != cudaSuccess)
        return taken;
    for (size_t z = 0; z < box->depth && err == CL_SUCCESS; z++)
        for (size_t y = 0; y < box->height && err == CL_SUCCESS; y++) {
            uint64_t dr = z * box->dst_slice + y * box->dst_pitch;
            uint64_t sr = z * box->src_slice + y * box->src_pitch;
            err = copy_row(o, lane->queue, d + dr, s + sr,
                           (const char *)src + sr, (char *)dst + dr,
                           box->width, kind);
        }
    if (err == CL_SUCCESS)
        err = o->api.clFinish(lane->queue);
    cux_ocl_lane_give(lane);
    if (err != CL_SUCCESS)
        cux_log("OpenCL device %d: copy failed (OpenCL error %d)",
                dev->ordinal, (int)err);
    return cl_error(err, cudaErrorUnknown);
}

static cudaError_t mem_fill(cux_device *dev, void *dst, unsigned char value,
                            const cux_mem_box *box)
{
    ocl_device *o = ocl(dev);
    uint64_t d;
    if (in_window(o, dst, box_span(box, box->dst_pitch, box->dst_slice))) {
        for (size_t z = 0; z < box->depth; z++)
            for (size_t y = 0; y < box->height; y++)
                memset((char *)dst + z * box->dst_slice + y * box->dst_pitch,
                       value, box->width);
        return cudaSuccess;
    }
    if (!arena_offset(o, dst, box_span(box, box->dst_pitch, box->dst_slice),
                      &d)) {
        cux_log("OpenCL device %d: fill outside its memory", dev->ordinal);
        return cudaErrorInvalidValue;
    }
    cl_int err = CL_SUCCESS;
    ocl_lane *lane;
    cudaError_t taken = cux_ocl_lane_take(o, &lane);
    if (taken != cudaSuccess)
        return taken;
    for (size_t z = 0; z < box->depth && err == CL_SUCCESS; z++)
        for (size_t y = 0; y < box->height && err == CL_SUCCESS; y++)
            if (box->width)
                err = o->api.clEnqueueFillBuffer(
                    lane->queue, o->arena, &value, 1,
                    d + z * box->dst_slice + y * box->dst_pitch, box->width,
                    0, NULL, NULL);
    if (err == CL_SUCCESS)
        err = o->api.clFinish(lane->queue);
    cux_ocl_lane_give(lane);
    if (err != CL_SUCCESS)
        cux_log("OpenCL device %d: fill failed (OpenCL error %d)",
                dev->ordinal, (int)err);
    return cl_error(err, cudaErrorUnknown);
}

/* ---- modules ----------------------------------------------------------- */

static void module_free(ocl_device *o, ocl_module *mod)
{
    if (!mod)
        return;
    bool open = enter(o);
    for (uint32_t k = 0; k < mod->n_kernels; k++) {
        if (mod->kernels[k].kernel && open)
            o->api.clReleaseKernel(mod->kernels[k].kernel);
        if (mod->kernels[k].program && open)
            o->api.clReleaseProgram(mod->kernels[k].program);
        pthread_mutex_destroy(&mod->kernels[k].args_lock);
        free(mod->kernels[k].params);
    }
    free(mod->kernels);
    if (mod->program && open)
        o->api.clReleaseProgram(mod->program);
    if (open)
        pthread_mutex_unlock(&o->lock);
    if (mod->var_offset) {
        pthread_mutex_lock(&o->lock);
        for (uint32_t v = 0; v < mod->ptx->n_vars; v++)
            if (mod->var_offset[v])
                cux_ocl_heap_free(&o->heap, mod->var_offset[v] - 1);
        pthread_mutex_unlock(&o->lock);
    }
    free(mod->var_offset);
    free(mod->var_host);
    cux_ocl_result_free(&mod->gen);
    cux_module_analysis_free(&mod->analysis);
    cux_ptx_module_free(mod->ptx);
    free(mod);
}

/* Arena memory for the module's .global and .const variables, as the
 * PTX initialises them, and the addresses their initialisers hold: of
 * variables, and of functions (virtual tables, tables of function
 * pointers) as the code spells them (CUX_FUNC_ADDRESS). */
static cudaError_t place_globals(ocl_device *o, ocl_module *mod)
{
    const cux_ptx_module *m = mod->ptx;
    mod->var_offset = cux_xcalloc(m->n_vars + 1, sizeof(uint64_t));
    cl_int err = CL_SUCCESS;
    ocl_lane *lane;
    cudaError_t taken = cux_ocl_lane_take(o, &lane);
    if (taken != cudaSuccess)
        return taken;
    cl_command_queue q = lane->queue;
    pthread_mutex_lock(&o->lock);
    for (uint32_t v = 0; v < m->n_vars && err == CL_SUCCESS; v++) {
        const cux_ptx_var *var = &m->vars[v];
        if (!cux_layout_is_module_data(var))
            continue;
        uint64_t off, size = var->size ? var->size : 1;
        if (!cux_ocl_heap_alloc(&o->heap, size, &off)) {
            err = CL_MEM_OBJECT_ALLOCATION_FAILURE;
            break;
        }
        mod->var_offset[v] = off + 1;
        if (var->init)
            err = o->api.clEnqueueWriteBuffer(q, o->arena, CL_TRUE, off,
                                              var->size, var->init, 0, NULL,
                                              NULL);
        else
            err = o->api.clEnqueueFillBuffer(q, o->arena, "", 1, off, size, 0,
                                             NULL, NULL);
    }
    for (uint32_t r = 0; r < m->n_relocs && err == CL_SUCCESS; r++) {
        const cux_ptx_reloc *rel = &m->relocs[r];
        int32_t owner = cux_layout_reloc_owner(m, r);
        if (owner < 0 || !mod->var_offset[owner] ||
            rel->offset + rel->size > m->vars[owner].size)
            continue;
        uint64_t address = 0;
        if (rel->target_is_func) /* as CUX_FUNC_ADDRESS in the prelude */
            address = ((uint64_t)0xfffb << 48 | rel->target) +
                      (uint64_t)rel->addend;
        else if (mod->var_offset[rel->target])
            address = o->arena_base + mod->var_offset[rel->target] - 1 +
                      (uint64_t)rel->addend;
        uint32_t address32 = (uint32_t)address;
        err = o->api.clEnqueueWriteBuffer(
            q, o->arena, CL_TRUE, mod->var_offset[owner] - 1 + rel->offset,
            rel->size, rel->size == 4 ? (const void *)&address32
                                      : (const void *)&address,
            0, NULL, NULL);
    }
    if (err == CL_SUCCESS)
        err = o->api.clFinish(q);
    pthread_mutex_unlock(&o->lock);
    cux_ocl_lane_give(lane);
    if (err != CL_SUCCESS)
        cux_log("%s: no room for the module's variables on the OpenCL device",
                mod->origin);
    return cl_error(err, cudaErrorMemoryAllocation);
}

static void describe_kernels(ocl_module *mod)
{
    const cux_layout *layout = &mod->analysis.layout;
    mod->n_kernels = mod->gen.n_kernels;
    mod->kernels = cux_xcalloc(mod->n_kernels + 1, sizeof(ocl_kernel));
    for (uint32_t i = 0; i < mod->n_kernels; i++) {
        const cux_ocl_kernel *g = &mod->gen.kernels[i];
        const cux_ptx_func *func = &mod->ptx->funcs[g->func];
        const cux_kernel_facts *facts = NULL;
        for (uint32_t f = 0; f < layout->n_kernels; f++)
            if (layout->kernels[f].func == g->func)
                facts = &layout->kernels[f];
        ocl_kernel *k = &mod->kernels[i];
        k->module = mod;
        pthread_mutex_init(&k->args_lock, NULL);
        k->error = g->error;
        k->params = cux_xcalloc(func->n_params + 1, sizeof(cux_param_info));
        for (uint32_t p = 0; facts && p < func->n_params; p++) {
            k->params[p].offset = facts->params[p].offset;
            k->params[p].size = facts->params[p].size;
        }
        k->info.name = func->name;
        k->info.n_params = func->n_params;
        k->info.params = k->params;
        k->info.param_bytes = facts ? facts->param_bytes : 0;
        k->info.static_smem = facts ? facts->static_smem : 0;
        k->info.local_bytes = facts ? facts->local_bytes : 0;
        k->info.uses_heap = facts && facts->uses_heap;
        k->info.uses_printf = facts && facts->uses_printf;
        memcpy(k->info.reqntid, func->reqntid, sizeof k->info.reqntid);
        memcpy(k->info.maxntid, func->maxntid, sizeof k->info.maxntid);
    }
}

/* Whether any function of the module reads a clock register. */
static bool reads_clock(const cux_ptx_module *m)
{
    for (uint32_t f = 0; f < m->n_funcs; f++)
        for (uint32_t i = 0; i < m->funcs[f].n_operands; i++) {
            const cux_ptx_operand *op = &m->funcs[f].operands[i];
            if (op->kind == CUX_OPND_SREG &&
                (op->value == CUX_SREG_CLOCK || op->value == CUX_SREG_CLOCK_HI ||
                 op->value == CUX_SREG_CLOCK64 ||
                 op->value == CUX_SREG_GLOBALTIMER ||
                 op->value == CUX_SREG_GLOBALTIMER_LO ||
                 op->value == CUX_SREG_GLOBALTIMER_HI))
                return true;
        }
    return false;
}

/* The text every program of the module starts with: each module
 * variable's address as a macro, the device's areas, the prelude.  A
 * kernel's fault record and printf area are its lane's (ocl_lanes.c), a
 * different one for each launch that runs beside another; the launch
 * passes their arena offset as the global work offset, which every
 * function of the kernel can read (get_global_offset), so that no
 * helper needs another argument for it.  Nothing else reads the offset:
 * CUDA's indices are the group's and the item's, which it does not
 * move. */
static void source_header(const ocl_device *o, const ocl_module *mod,
                          cux_strbuf *src)
{
    cux_strbuf_printf(src, "#define CUX_LANE_OFFSET "
                      "((ulong)get_global_offset(0))\n"
                      "#define CUX_SVC_OFFSET (CUX_LANE_OFFSET + %uUL)\n"
                      "#define CUX_SVC_BYTES %uu\n"
                      "#define CUX_FAULT_OFFSET CUX_LANE_OFFSET\n"
                      "#define CUX_ARENA_BYTES 0x%llxUL\n"
                      "#define CUX_MALLOC_DESC_OFFSET 0x%llxUL\n"
                      "#define CUX_WINDOWS_OFFSET 0x%llxUL\n"
                      "#define CUX_CLOCK_OFFSET 0x%llxUL\n"
                      "#define CUX_CLOCK_KHZ %uUL\n",
                      (unsigned)CUX_OCL_LANE_SVC,
                      (unsigned)CUX_OCL_PRINTF_BYTES,
                      (unsigned long long)o->arena_size,
                      (unsigned long long)o->malloc_desc_offset,
                      (unsigned long long)o->windows_offset,
                      (unsigned long long)o->clock_offset,
                      (unsigned)o->clock_khz);
    for (uint32_t v = 0; v < mod->ptx->n_vars; v++)
        if (mod->var_host && mod->var_host[v])
            cux_strbuf_printf(src, "#define CUX_VA_%u 0x%llxUL\n", v,
                              (unsigned long long)mod->var_host[v]);
        else if (mod->var_offset[v]) /* from the arena's base argument,
                                         * so the source is the same in
                                         * every run wherever the arena is */
            cux_strbuf_printf(src, "#define CUX_VA_%u (AB_ + 0x%llxUL)\n",
                              v, (unsigned long long)(mod->var_offset[v] - 1));
    cux_strbuf_puts(src, cux_ocl_prelude_text);
}

/* Builds one program of the module from `src` (freed here) and creates
 * the kernels it is for: kernel `only`, or every one that can run (-1).
 * `what` names the program in the message of a failed build. */
static cudaError_t build_program(ocl_device *o, ocl_module *mod,
                                 cux_strbuf *src, const char *what,
                                 int64_t only, cl_program *program)
{
    const cux_ocl_api *api = &o->api;
    /* no queue, but a lane: the build runs without the device lock, so
     * other streams' calls go on meanwhile, and the exit handler waits
     * for it (PoCL's compiler must not be torn down under it) */
    ocl_lane *lane;
    cudaError_t result = cux_ocl_lane_take(o, &lane);
    if (result != cudaSuccess) {
        cux_strbuf_free(src);
        return result;
    }
    cl_int err = cux_ocl_build_program(api, o->ctx, o->id, src->data,
                                       src->len,
                                       "-cl-std=CL1.2 "
                                       "-cl-fp32-correctly-rounded-divide-sqrt",
                                       program);
    cux_strbuf_free(src);
    if (err != CL_SUCCESS) {
        char log[4096] = "";
        if (*program)
            api->clGetProgramBuildInfo(*program, o->id, CL_PROGRAM_BUILD_LOG,
                                       sizeof log - 1, log, NULL);
        cux_log("%s%s: the OpenCL build failed (error %d):\n%s",
                mod->origin, what, (int)err, log);
        result = cudaErrorInvalidPtx;
    }
    for (uint32_t i = 0; i < mod->n_kernels && result == cudaSuccess; i++) {
        ocl_kernel *k = &mod->kernels[i];
        if (k->error || (only >= 0 && i != (uint64_t)only))
            continue;
        k->kernel = api->clCreateKernel(*program, mod->gen.kernels[i].symbol,
                                        &err);
        /* the arena and its base never change: set once, not per launch */
        cl_ulong base = o->arena_base;
        if (err == CL_SUCCESS)
            err = api->clSetKernelArg(k->kernel, 0, sizeof(cl_mem), &o->arena);
        if (err == CL_SUCCESS)
            err = api->clSetKernelArg(k->kernel, 1, sizeof base, &base);
        if (err != CL_SUCCESS) {
            if (k->kernel)
                api->clReleaseKernel(k->kernel);
            k->kernel = NULL;
            cux_log("%s: kernel %s: clCreateKernel or its arguments "
                    "failed (error %d)", mod->origin, k->info.name, (int)err);
            result = cudaErrorInvalidPtx;
        }
    }
    cux_ocl_lane_give(lane);
    return result;
}

enum { BY_KERNEL_BYTES = 1 << 20 };

/* Builds the module's program, or in a module built by kernel, nothing
 * until a kernel's first launch (build_kernel). */
static cudaError_t build(ocl_device *o, ocl_module *mod)
{
    bool any = false;
    for (uint32_t i = 0; i < mod->n_kernels; i++)
        any = any || !mod->kernels[i].error;
    if (!any)
        return cudaSuccess;
    if (mod->gen.uses_f64 && !o->fp64) {
        for (uint32_t i = 0; i < mod->n_kernels; i++)
            if (!mod->kernels[i].error)
                mod->kernels[i].error = "double precision (the OpenCL "
                                        "device lacks cl_khr_fp64)";
        return cudaSuccess;
    }
    bool dump = cux_dev_dump_flags() & CUX_DUMP_C;
    if (mod->by_kernel && !dump)
        return cudaSuccess;
    cux_strbuf src = {0};
    source_header(o, mod, &src);
    cux_strbuf_append(&src, mod->gen.source.data, mod->gen.source.len);
    if (dump)
        fprintf(stderr, "cux: generated OpenCL C of %s:\n%s", mod->origin,
                src.data);
    if (mod->by_kernel) {
        cux_strbuf_free(&src);
        return cudaSuccess;
    }
    return build_program(o, mod, &src, "", -1, &mod->program);
}

/* A kernel of a module built by kernel, at its first launch: its own
 * program of the shared part, the kernel and what it may call.  A
 * failed build is kept as the kernel's error. */
static cudaError_t build_kernel(ocl_device *o, ocl_kernel *k)
{
    ocl_module *mod = k->module;
    uint32_t i = (uint32_t)(k - mod->kernels);
    cudaError_t err = cudaSuccess;
    pthread_mutex_lock(&o->build_lock);
    if (!k->kernel && !k->error) {
        cux_strbuf src = {0};
        source_header(o, mod, &src);
        cux_ocl_kernel_unit(mod->ptx, &mod->analysis, &mod->gen, i, &src);
        char what[300];
        snprintf(what, sizeof what, ": kernel %s", k->info.name);
        err = build_program(o, mod, &src, what, i, &k->program);
        if (err != cudaSuccess)
            k->error = "its OpenCL build failed (see above)";
    }
    if (k->error && err == cudaSuccess) {
        if (!k->error_told)
            cux_log("%s", k->error);
        k->error_told = true;
        err = cudaErrorInvalidPtx;
    }
    k->error_told = k->error_told || err != cudaSuccess;
    pthread_mutex_unlock(&o->build_lock);
    return err;
}

static cudaError_t module_load(cux_device *dev, const char *ptx, size_t len,
                               const char *origin, cux_module **out)
{
    ocl_device *o = ocl(dev);
    *out = NULL;
    ocl_module *mod = cux_xcalloc(1, sizeof *mod);
    cudaError_t err = cux_dev_module_prepare(ptx, len, origin, &mod->ptx,
                                             &mod->analysis);
    if (err != cudaSuccess) {
        free(mod);
        return err;
    }
    snprintf(mod->origin, sizeof mod->origin, "%s", origin ? origin : "<ptx>");
    cux_codegen_opencl(mod->ptx, &mod->analysis, &mod->gen);
    describe_kernels(mod);
    mod->uses_clock = reads_clock(mod->ptx);
    const char *by_kernel = getenv("CUX_JIT_BY_KERNEL");
    mod->by_kernel = mod->n_kernels > 1 &&
                     (mod->gen.source.len > BY_KERNEL_BYTES ||
                      (by_kernel && !strcmp(by_kernel, "1")));
    err = place_globals(o, mod);
    if (err == cudaSuccess)
        err = build(o, mod);
    if (err != cudaSuccess) {
        module_free(o, mod);
        return err;
    }
    *out = (cux_module *)mod;
    return cudaSuccess;
}

static void module_unload(cux_device *dev, cux_module *mod)
{
    module_free(ocl(dev), (ocl_module *)mod);
}

static cudaError_t module_get_kernel(cux_device *dev, cux_module *module,
                                     const char *name, cux_kernel **out,
                                     const cux_kernel_info **info)
{
    (void)dev;
    ocl_module *mod = (ocl_module *)module;
    for (uint32_t k = 0; k < mod->n_kernels; k++) {
        ocl_kernel *kernel = &mod->kernels[k];
        if (strcmp(kernel->info.name, name))
            continue;
        if (kernel->error || (!kernel->kernel && !mod->by_kernel)) {
            /* the runtime asks at every launch of a kernel it could not
             * resolve (under its load lock) */
            if (!kernel->error_told)
                cux_log("%s", kernel->error ? kernel->error
                                            : "kernel not built for OpenCL");
            kernel->error_told = true;
            return cudaErrorInvalidPtx;
        }
        *out = (cux_kernel *)kernel;
        if (info)
            *info = &kernel->info;
        return cudaSuccess;
    }
    return cudaErrorInvalidDeviceFunction;
}

static cudaError_t module_get_global(cux_device *dev, cux_module *module,
                                     const char *name, void **ptr,
                                     size_t *size)
{
    ocl_module *mod = (ocl_module *)module;
    int32_t v = cux_ptx_find_var(mod->ptx, name);
    if (v < 0 || !mod->var_offset[v])
        return cudaErrorInvalidSymbol;
    *ptr = mod->var_host && mod->var_host[v]
               ? (void *)(uintptr_t)mod->var_host[v]
               : (void *)(uintptr_t)(ocl(dev)->arena_base +
                                     mod->var_offset[v] - 1);
    if (size)
        *size = mod->ptx->vars[v].size;
    return cudaSuccess;
}

/* The list of windows kernels read (10_ops.cl: a count, then pairs of
 * first and end addresses), written an entry or the count at a time, on
 * queue q: kernels of other streams may read it meanwhile, so an entry
 * is in place before the count takes it in, and a window stays listed
 * until the count drops it.  Caller holds the device lock. */
static bool write_window(ocl_device *o, cl_command_queue q, uint32_t i)
{
    return o->api.clEnqueueWriteBuffer(
               q, o->arena, CL_TRUE,
               o->windows_offset + sizeof(uint64_t) * (1 + 2 * i),
               sizeof o->windows[i], o->windows[i], 0, NULL,
               NULL) == CL_SUCCESS;
}

static bool write_window_count(ocl_device *o, cl_command_queue q, uint32_t n)
{
    uint64_t count = n;
    return o->api.clEnqueueWriteBuffer(q, o->arena, CL_TRUE,
                                       o->windows_offset, sizeof count,
                                       &count, 0, NULL, NULL) == CL_SUCCESS;
}

/* Lets kernels use [first, first + size) of host memory in place: one
 * more window in the list they read, unless one holds it already.
 * Caller holds the device lock. */
static bool add_window(ocl_device *o, cl_command_queue q, uint64_t first,
                       uint64_t size)
{
    if (in_window(o, (const void *)(uintptr_t)first, size))
        return true;
    if (o->n_windows == CUX_OCL_MAX_WINDOWS)
        return false;
    o->windows[o->n_windows][0] = first;
    o->windows[o->n_windows][1] = first + size;
    if (!write_window(o, q, o->n_windows) ||
        !write_window_count(o, q, o->n_windows + 1))
        return false;
    o->n_windows++;
    return true;
}

/* Takes back the window [first, first + size) exactly: the last window
 * moves into its place, then the count drops, so that a kernel running
 * meanwhile finds every other window throughout (one that reads the
 * entry while it changes may take a bad address in the range for a
 * good one: the fault goes unreported, nothing worse).  Caller holds the
 * device lock. */
static void remove_window(ocl_device *o, cl_command_queue q, uint64_t first,
                          uint64_t size)
{
    for (uint32_t i = 0; i < o->n_windows; i++)
        if (o->windows[i][0] == first && o->windows[i][1] == first + size) {
            uint32_t last = o->n_windows - 1;
            if (i != last) {
                memcpy(o->windows[i], o->windows[last], sizeof o->windows[i]);
                write_window(o, q, i);
            }
            o->n_windows = last;
            write_window_count(o, q, last);
            return;
        }
}

/* Page-locked host memory kernels may use in place: a window, where the
 * device reaches host memory at all (elsewhere kernels fault on it, and
 * canMapHostMemory says 0). */
static void host_memory_visible(cux_device *dev, void *ptr, size_t size,
                                bool visible)
{
    ocl_device *o = ocl(dev);
    ocl_lane *lane;
    if (!o->host_addressable || !size ||
        cux_ocl_lane_take(o, &lane) != cudaSuccess)
        return;
    pthread_mutex_lock(&o->lock);
    if (!visible)
        remove_window(o, lane->queue, (uint64_t)(uintptr_t)ptr, size);
    else if (!add_window(o, lane->queue, (uint64_t)(uintptr_t)ptr, size))
        cux_log("OpenCL device %d: more than %d ranges of host memory for "
                "kernels; kernels fault on %p", dev->ordinal,
                CUX_OCL_MAX_WINDOWS, ptr);
    pthread_mutex_unlock(&o->lock);
    cux_ocl_lane_give(lane);
}

/* A __managed__ variable's host storage (clang keeps it in the program's
 * data): where the arena's device address is its host address, kernels
 * reach host memory in place too, so the storage becomes a window they
 * may use and the variable's address in the code; the module is built
 * again before its next launch.  Elsewhere kernels cannot reach it. */
static cudaError_t module_place_global(cux_device *dev, cux_module *module,
                                       const char *name, void *storage)
{
    ocl_device *o = ocl(dev);
    ocl_module *mod = (ocl_module *)module;
    int32_t v = cux_ptx_find_var(mod->ptx, name);
    if (v < 0 || !mod->var_offset[v])
        return cudaErrorInvalidSymbol;
    if (!o->host_addressable) {
        cux_log("%s: __managed__ variable %s: the OpenCL device cannot reach "
                "host memory in place", mod->origin, name);
        return cudaErrorNotSupported;
    }
    uint64_t size = mod->ptx->vars[v].size ? mod->ptx->vars[v].size : 1;
    ocl_lane *lane;
    cudaError_t taken = cux_ocl_lane_take(o, &lane);
    if (taken != cudaSuccess)
        return taken;
    pthread_mutex_lock(&o->lock);
    bool ok = add_window(o, lane->queue, (uint64_t)(uintptr_t)storage, size);
    pthread_mutex_unlock(&o->lock);
    cux_ocl_lane_give(lane);
    if (!ok) {
        cux_log("%s: __managed__ variable %s: more than %d on the OpenCL "
                "device", mod->origin, name, CUX_OCL_MAX_WINDOWS);
        return cudaErrorNotSupported;
    }
    if (!mod->var_host)
        mod->var_host = cux_xcalloc(mod->ptx->n_vars + 1, sizeof(uint64_t));
    mod->var_host[v] = (uint64_t)(uintptr_t)storage;
    mod->stale = true;
    return cudaSuccess;
}

/* The module's program again, with the variables where they now are. */
static cudaError_t rebuild(ocl_device *o, ocl_module *mod)
{
    cudaError_t err = cudaSuccess;
    pthread_mutex_lock(&o->build_lock);
    if (mod->stale) {
        if (!enter(o)) {
            pthread_mutex_unlock(&o->build_lock);
            return cudaErrorCudartUnloading;
        }
        for (uint32_t k = 0; k < mod->n_kernels; k++) {
            ocl_kernel *kernel = &mod->kernels[k];
            if (kernel->kernel)
                o->api.clReleaseKernel(kernel->kernel);
            if (kernel->program)
                o->api.clReleaseProgram(kernel->program);
            kernel->kernel = NULL;
            kernel->program = NULL;
        }
        if (mod->program)
            o->api.clReleaseProgram(mod->program);
        mod->program = NULL;
        pthread_mutex_unlock(&o->lock);
        err = build(o, mod);
        mod->stale = false;
    }
    pthread_mutex_unlock(&o->build_lock);
    return err;
}

/* ---- launch ------------------------------------------------------------ */

/* The kernel's bad address, if it met one: logged, the record cleared,
 * CUDA's error returned.  The record is the lane's, so a fault is
 * reported by the launch that made it, whatever ran beside it. */
static cudaError_t collect_fault(ocl_device *o, ocl_lane *lane,
                                 const char *kernel)
{
    uint64_t rec[2] = {0};
    if (o->api.clEnqueueReadBuffer(lane->queue, o->arena, CL_TRUE,
                                   lane->area, sizeof rec, rec, 0, NULL,
                                   NULL) != CL_SUCCESS || !(uint32_t)rec[0])
        return cudaSuccess;
    uint32_t kind = (uint32_t)rec[0];
    if (kind == 3)
        cux_log("a thread trapped (trap instruction) in kernel %s on the "
                "OpenCL device", kernel);
    else if (kind == 4)
        cux_log("a surface access outside its surface (.trap) or through "
                "a null surface object (0x%llx) in kernel %s on the OpenCL "
                "device", (unsigned long long)rec[1], kernel);
    else if (kind == 5) /* a kernel in rounds whose threads all wait for
                         * threads that never come (ocl_rounds.c): a hang
                         * on a GPU */
        cux_log("kernel %s: its threads wait at PTX line %llu for threads "
                "that never arrive (a barrier or warp collective not all of "
                "them reach); the launch fails on the OpenCL device instead "
                "of hanging", kernel, (unsigned long long)rec[1]);
    else if (kind == 7) /* ocl_recursion.c: a GPU's call stack overflows */
        cux_log("kernel %s: a recursive call chain went %llu calls deep, "
                "past the OpenCL device's call stack (%u bytes, %u calls)",
                kernel, (unsigned long long)rec[1],
                (unsigned)CUX_OCL_STACK_BYTES,
                (unsigned)CUX_OCL_RECURSION_DEPTH);
    else if (kind == 6) /* ocl_rounds.c: what PTX leaves undefined */
        cux_log("kernel %s: a named barrier at PTX line %llu has an id past "
                "31 or a thread count that is not a positive multiple of "
                "32 on the OpenCL device", kernel,
                (unsigned long long)rec[1]);
    else
        cux_log("%s memory access (address 0x%llx) in kernel %s on the "
                "OpenCL device", kind == 2 ? "misaligned" : "illegal",
                (unsigned long long)rec[1], kernel);
    memset(rec, 0, sizeof rec);
    o->api.clEnqueueWriteBuffer(lane->queue, o->arena, CL_TRUE, lane->area,
                                sizeof rec, rec, 0, NULL, NULL);
    return kind >= 3 ? cudaErrorLaunchFailure
         : kind == 2 ? cudaErrorMisalignedAddress : cudaErrorIllegalAddress;
}

/* A %s string of the arena, through the queue of the lane that the
 * formatting context names (collect_printf). */
static bool read_string(const cux_ocl_printf_ctx *c, uint64_t addr, char *buf,
                        size_t cap)
{
    ocl_lane *lane = c->device;
    ocl_device *o = lane->dev;
    if (addr < o->arena_base || addr - o->arena_base >= o->arena_size || !cap)
        return false;
    uint64_t n = o->arena_size - (addr - o->arena_base);
    if (n > cap - 1)
        n = cap - 1;
    if (o->api.clEnqueueReadBuffer(lane->queue, o->arena, CL_TRUE,
                                   addr - o->arena_base, n, buf, 0, NULL,
                                   NULL) != CL_SUCCESS)
        return false;
    buf[n] = '\0';
    return true;
}

/* The kernel's printf records, formatted, to the runtime; the lane's
 * area emptied.  True if a thread failed an assert.  Each launch hands
 * over its own text whole, so concurrent kernels' lines never mix. */
static bool collect_printf(ocl_device *o, ocl_lane *lane)
{
    const cux_ocl_api *api = &o->api;
    uint64_t svc = lane->area + CUX_OCL_LANE_SVC;
    uint32_t head[4] = {0};
    if (api->clEnqueueReadBuffer(lane->queue, o->arena, CL_TRUE, svc,
                                 sizeof head, head, 0, NULL,
                                 NULL) != CL_SUCCESS)
        return false;
    uint32_t used = head[0] > CUX_OCL_PRINTF_BYTES - 16
                        ? CUX_OCL_PRINTF_BYTES - 16 : head[0];
    if (!used && !head[1])
        return false;
    bool asserted = false;
    cux_ocl_printf_ctx ctx = o->printf_ctx;
    ctx.device = lane;
    uint8_t *area = malloc(used + 1);
    if (area && api->clEnqueueReadBuffer(lane->queue, o->arena, CL_TRUE,
                                         svc + 16, used, area, 0, NULL,
                                         NULL) == CL_SUCCESS)
        asserted = cux_ocl_printf_flush(&ctx, area, used);
    free(area);
    if (head[1])
        cux_log("OpenCL device %d: %u printf records did not fit in its "
                "%u-byte buffer", o->base.ordinal, head[1],
                (unsigned)CUX_OCL_PRINTF_BYTES);
    memset(head, 0, sizeof head);
    api->clEnqueueWriteBuffer(lane->queue, o->arena, CL_TRUE, svc,
                              sizeof head, head, 0, NULL, NULL);
    return asserted;
}

/* Sets the launch's arguments (the parameter block and the shared
 * memory; the arena's are set when the kernel is made) and enqueues it
 * on the lane, its global work offset the lane's areas (build).  The kernel's argument lock
 * keeps another stream's launch of it from setting its arguments in
 * between; the device lock is not held, so a driver that compiles the
 * kernel here holds up no other stream. */
static cl_int enqueue_kernel(ocl_device *o, ocl_kernel *k, ocl_lane *lane,
                             cl_mem params, const cux_launch *l)
{
    const cux_ocl_api *api = &o->api;
    size_t global[3], local[3], offset[3] = {lane->area, 0, 0};
    for (int d = 0; d < 3; d++) {
        local[d] = l->block[d];
        global[d] = (size_t)l->grid[d] * l->block[d];
    }
    size_t shared = k->module->analysis.layout.shared_dynamic_offset +
                    (size_t)l->dynamic_smem;
    pthread_mutex_lock(&k->args_lock);
    cl_int err = api->clSetKernelArg(k->kernel, 2, sizeof(cl_mem), &params);
    if (err == CL_SUCCESS)
        err = api->clSetKernelArg(k->kernel, 3, shared ? shared : 16, NULL);
    if (err == CL_SUCCESS)
        err = api->clEnqueueNDRangeKernel(lane->queue, k->kernel, 3, offset,
                                          global, local, 0, NULL, NULL);
    pthread_mutex_unlock(&k->args_lock);
    return err;
}

/* The device heap of malloc and new, laid out at the first launch of a
 * kernel that uses it.  Kernels of all streams share it, as CUDA's
 * kernels share one heap: its allocator is lock-free (32_malloc.cl). */
static cudaError_t ensure_malloc_heap(ocl_device *o, ocl_lane *lane)
{
    pthread_mutex_lock(&o->lock);
    cudaError_t err = o->malloc_region ? cudaSuccess
                    : cux_ocl_malloc_heap_create(o, lane->queue);
    pthread_mutex_unlock(&o->lock);
    return err;
}

static cudaError_t launch_error(const ocl_kernel *k, cl_int err)
{
    cux_log("kernel %s: the OpenCL launch failed (error %d)", k->info.name,
            (int)err);
    return err == CL_INVALID_WORK_GROUP_SIZE ? cudaErrorInvalidConfiguration
         : err == CL_OUT_OF_RESOURCES || err == CL_INVALID_ARG_SIZE
               ? cudaErrorLaunchOutOfResources
               : cudaErrorLaunchFailure;
}

/* Runs the kernel on a lane of its own, so that other streams' kernels
 * and copies run beside it; the clock words are shared (34_clock.cl
 * says why that is right), the fault record and printf area are the
 * lane's. */
static cudaError_t launch(cux_device *dev, cux_kernel *kernel,
                          const cux_launch *l)
{
    ocl_device *o = ocl(dev);
    ocl_kernel *k = (ocl_kernel *)kernel;
    const cux_ocl_api *api = &o->api;
    if (!l->grid[0] || !l->grid[1] || !l->grid[2])
        return cudaSuccess;
    if (l->cooperative) {
        cux_log("kernel %s: a cooperative launch needs every block running "
                "at once, which OpenCL does not promise of work-groups",
                k->info.name);
        return cudaErrorNotSupported;
    }
    if (k->module->stale) {
        cudaError_t err = rebuild(o, k->module);
        if (err != cudaSuccess)
            return err;
        if (!k->kernel && !k->module->by_kernel)
            return cudaErrorInvalidPtx;
    }
    if (!k->kernel) {
        cudaError_t err = build_kernel(o, k);
        if (err != cudaSuccess)
            return err;
    }
    ocl_lane *lane;
    cudaError_t result = cux_ocl_lane_take(o, &lane);
    if (result != cudaSuccess)
        return result;
    cl_int err;
    char none[16] = {0};
    cl_mem params = api->clCreateBuffer(
        o->ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
        k->info.param_bytes ? k->info.param_bytes : sizeof none,
        k->info.param_bytes ? (void *)l->params : none, &err);
    if (err != CL_SUCCESS) {
        cux_ocl_lane_give(lane);
        return cudaErrorLaunchOutOfResources;
    }
    if (k->info.uses_heap && ensure_malloc_heap(o, lane) != cudaSuccess) {
        api->clReleaseMemObject(params);
        cux_ocl_lane_give(lane);
        return cudaErrorMemoryAllocation;
    }
    cux_ocl_ticker ticker = {.running = false};
    if (k->module->uses_clock)
        cux_ocl_clock_start(o, lane->queue, &ticker);
    err = enqueue_kernel(o, k, lane, params, l);
    cl_int done = api->clFinish(lane->queue);
    cux_ocl_clock_stop(&ticker);
    if (err == CL_SUCCESS)
        err = done;
    bool asserted = err == CL_SUCCESS && k->module->gen.uses_printf &&
                    collect_printf(o, lane);
    cudaError_t fault = err == CL_SUCCESS ? collect_fault(o, lane, k->info.name)
                                          : cudaSuccess;
    api->clReleaseMemObject(params);
    cux_ocl_lane_give(lane);
    if (err != CL_SUCCESS)
        return launch_error(k, err);
    return asserted ? cudaErrorAssert : fault;
}

/* ---- the device -------------------------------------------------------- */

static void destroy(cux_device *dev)
{
    ocl_device *o = ocl(dev);
    live_remove(o);
    cux_ocl_lanes_destroy(o);
    if (o->closing) { /* the driver is being torn down: leave it be */
        o->arena = NULL;
        o->ctx = NULL;
    }
    if (o->arena)
        o->api.clReleaseMemObject(o->arena);
    if (o->ctx)
        o->api.clReleaseContext(o->ctx);
    if (o->host)
        munmap(o->host, o->arena_size);
    cux_ocl_heap_destroy(&o->heap);
    if (!o->closing)
        cux_ocl_api_unload(&o->api);
    pthread_mutex_destroy(&o->lock);
    pthread_cond_destroy(&o->lane_free);
    pthread_mutex_destroy(&o->build_lock);
    free(o);
}

static const cux_device_ops ocl_ops = {
    .kind = "opencl",
    .get_properties = get_properties,
    .mem_alloc = mem_alloc,
    .mem_free = mem_free,
    .mem_copy = mem_copy,
    .mem_fill = mem_fill,
    .module_load = module_load,
    .module_unload = module_unload,
    .module_get_kernel = module_get_kernel,
    .module_get_global = module_get_global,
    .module_place_global = module_place_global,
    .set_heap_size = cux_ocl_set_heap_size,
    .host_memory_visible = host_memory_visible,
    .launch = launch,
    .texture_create = cux_ocl_texture_create,
    .texture_destroy = cux_ocl_descriptor_release,
    .surface_create = cux_ocl_surface_create,
    .surface_destroy = cux_ocl_descriptor_release,
    .destroy = destroy,
};

int cux_opencl_device_count(void)
{
    cux_ocl_api api;
    cl_device_id ids[CUX_MAX_DEVICES];
    int n = 0;
    if (cux_ocl_api_load(&api)) {
        n = cux_ocl_devices(&api, ids, CUX_MAX_DEVICES);
        cux_ocl_api_unload(&api);
    }
    if (!n)
        cux_log("CUX_DEVICE=opencl: no OpenCL device found (an ICD such as "
                "Debian's pocl-opencl-icd provides one)");
    return n;
}

/* The arena's size: CUX_OPENCL_MEMORY_MB, else 4 GiB, at most what one
 * buffer of the device may hold. */
static uint64_t arena_size(const ocl_device *o)
{
    cl_ulong max_alloc = 0;
    o->api.clGetDeviceInfo(o->id, CL_DEVICE_MAX_MEM_ALLOC_SIZE,
                           sizeof max_alloc, &max_alloc, NULL);
    uint64_t size = (uint64_t)4 << 30;
    const char *env = getenv("CUX_OPENCL_MEMORY_MB");
    if (env && *env && strtoull(env, NULL, 10) > 0)
        size = strtoull(env, NULL, 10) << 20;
    if (max_alloc && size > max_alloc)
        size = max_alloc;
    return size & ~(uint64_t)0xfffff;
}

static bool create_arena(ocl_device *o)
{
    cl_bool unified = CL_FALSE;
    o->api.clGetDeviceInfo(o->id, CL_DEVICE_HOST_UNIFIED_MEMORY,
                           sizeof unified, &unified, NULL);
    /* CUX_OPENCL_SEPARATE_MEMORY=1 takes the path of a device whose
     * memory the host cannot address (a discrete GPU's), so that a
     * machine with only a CPU device tests it too */
    const char *separate = getenv("CUX_OPENCL_SEPARATE_MEMORY");
    o->unified = unified == CL_TRUE && !(separate && !strcmp(separate, "1"));
    o->arena_size = arena_size(o);
    if (o->arena_size < ((uint64_t)1 << 20))
        return false;
    cl_int err;
    if (o->unified) {
        /* reserved, not committed: pages appear as kernels touch them */
        o->host = mmap(NULL, o->arena_size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (o->host == MAP_FAILED) {
            o->host = NULL;
            return false;
        }
        o->arena = o->api.clCreateBuffer(o->ctx,
                                         CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR,
                                         o->arena_size, o->host, &err);
        o->arena_base = (uint64_t)(uintptr_t)o->host;
    } else {
        o->arena = o->api.clCreateBuffer(o->ctx, CL_MEM_READ_WRITE,
                                         o->arena_size, NULL, &err);
        o->arena_base = (uint64_t)1 << 32; /* never NULL, never a tag */
    }
    if (err != CL_SUCCESS) {
        o->arena = NULL;
        return false;
    }
    cux_ocl_heap_init(&o->heap, o->arena_size);
    o->printf_ctx = (cux_ocl_printf_ctx){
        .base = o->arena_base, .size = o->arena_size, .unified = o->unified,
        .read_string = read_string};
    /* the first lane (its service areas first in the arena), and the
     * areas all kernels share, zeroed */
    ocl_lane *lane;
    if (cux_ocl_lane_take(o, &lane) != cudaSuccess)
        return false;
    cl_command_queue q = lane->queue;
    bool ok =
        cux_ocl_heap_alloc(&o->heap, 64, &o->malloc_desc_offset) &&
        o->api.clEnqueueFillBuffer(q, o->arena, "", 1, o->malloc_desc_offset,
                                   64, 0, NULL, NULL) == CL_SUCCESS &&
        cux_ocl_heap_alloc(&o->heap, 8 * (1 + 2 * CUX_OCL_MAX_WINDOWS),
                           &o->windows_offset) &&
        cux_ocl_heap_alloc(&o->heap, 64, &o->clock_offset) &&
        o->api.clEnqueueFillBuffer(q, o->arena, "", 1, o->clock_offset, 64,
                                   0, NULL, NULL) == CL_SUCCESS &&
        o->api.clEnqueueFillBuffer(q, o->arena, "", 1, o->windows_offset,
                                   8 * (1 + 2 * CUX_OCL_MAX_WINDOWS), 0, NULL,
                                   NULL) == CL_SUCCESS &&
        o->api.clFinish(q) == CL_SUCCESS;
    cux_ocl_lane_give(lane);
    return ok;
}

/* Builds and runs a kernel, so that the driver has loaded all it loads
 * (PoCL loads clang at its first kernel) before the exit handler is
 * installed: exit() then runs the handler before their teardown.  The
 * kernel writes the arena's device address into the arena's first word
 * (the first lane's fault record, cleared again) on queue q, a lane's:
 * where that is the host address, the
 * device uses host memory in place and may reach other host memory as
 * well (host_addressable). */
static void warm_up(ocl_device *o, cl_command_queue q)
{
    const cux_ocl_api *api = &o->api;
    const char *text = "__kernel void cux_warm_up(__global ulong *a) "
                       "{ a[0] = (ulong)a; }\n";
    size_t one = 1;
    uint64_t where = 0, zero = 0;
    cl_int err;
    cl_program p = api->clCreateProgramWithSource(o->ctx, 1, &text, NULL, &err);
    if (err != CL_SUCCESS)
        return;
    if (api->clBuildProgram(p, 1, &o->id, "", NULL, NULL) == CL_SUCCESS) {
        cl_kernel k = api->clCreateKernel(p, "cux_warm_up", &err);
        if (err == CL_SUCCESS &&
            api->clSetKernelArg(k, 0, sizeof(cl_mem), &o->arena) == CL_SUCCESS &&
            api->clEnqueueNDRangeKernel(q, k, 1, NULL, &one, &one, 0, NULL,
                                        NULL) == CL_SUCCESS &&
            api->clEnqueueReadBuffer(q, o->arena, CL_TRUE, 0,
                                     sizeof where, &where, 0, NULL,
                                     NULL) == CL_SUCCESS)
            o->host_addressable = o->unified && o->host &&
                                  where == (uint64_t)(uintptr_t)o->host;
        api->clEnqueueWriteBuffer(q, o->arena, CL_TRUE, 0, sizeof zero, &zero,
                                  0, NULL, NULL);
        api->clFinish(q);
        if (err == CL_SUCCESS)
            api->clReleaseKernel(k);
    }
    api->clReleaseProgram(p);
}

static bool has_extension(ocl_device *o, const char *name)
{
    char ext[8192] = "";
    o->api.clGetDeviceInfo(o->id, CL_DEVICE_EXTENSIONS, sizeof ext - 1, ext,
                           NULL);
    size_t n = strlen(name);
    for (const char *p = strstr(ext, name); p; p = strstr(p + 1, name))
        if ((p == ext || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

cux_device *cux_opencl_device_create(int ordinal, int index, int count)
{
    (void)count;
    ocl_device *o = cux_xcalloc(1, sizeof *o);
    o->base.ops = &ocl_ops;
    o->base.ordinal = ordinal;
    pthread_mutex_init(&o->lock, NULL);
    pthread_cond_init(&o->lane_free, NULL);
    pthread_mutex_init(&o->build_lock, NULL);
    cl_device_id ids[CUX_MAX_DEVICES];
    cl_int err = CL_SUCCESS;
    if (!cux_ocl_api_load(&o->api) ||
        cux_ocl_devices(&o->api, ids, CUX_MAX_DEVICES) <= index) {
        cux_log("OpenCL device %d: not found", index);
        destroy(&o->base);
        return NULL;
    }
    o->id = ids[index];
    o->ctx = o->api.clCreateContext(NULL, 1, &o->id, NULL, NULL, &err);
    if (err != CL_SUCCESS || !create_arena(o)) {
        cux_log("OpenCL device %d: cannot start it (error %d)", index,
                (int)err);
        destroy(&o->base);
        return NULL;
    }
    o->fp64 = has_extension(o, "cl_khr_fp64");
    cl_uint mhz = 0;
    o->api.clGetDeviceInfo(o->id, CL_DEVICE_MAX_CLOCK_FREQUENCY, sizeof mhz,
                           &mhz, NULL);
    o->clock_khz = mhz >= 1000 ? mhz * 1000u : 1000000u;
    o->clock_epoch_ns = cux_ocl_now_ns(); /* word 2 of 34_clock.cl */
    o->malloc_limit = 8 << 20; /* CUDA's default; the runtime sets it */
    ocl_lane *lane;
    if (cux_ocl_lane_take(o, &lane) == cudaSuccess) { /* as create_arena's */
        o->api.clEnqueueWriteBuffer(lane->queue, o->arena, CL_TRUE,
                                    o->clock_offset + 16, 8,
                                    &o->clock_epoch_ns, 0, NULL, NULL);
        warm_up(o, lane->queue);
        cux_ocl_lane_give(lane);
    }
    o->printf_ctx.host_reachable = o->host_addressable;
    live_add(o);
    return &o->base;
}
