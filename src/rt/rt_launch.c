/* rt_launch.c: kernel launch (cudaLaunchKernel, which the <<<>>> stub
 * calls), the launch-configuration checks CUDA makes, kernel attributes
 * and occupancy.
 *
 * A launch packs its arguments by the kernel's PTX signature into a buffer
 * the queued work owns, so the caller's arguments may die at once.  The
 * stream's worker runs it on the device; a fault it returns poisons the
 * context (a sticky error), as a fault on a GPU does.
 *
 * A cooperative launch (cudaLaunchCooperativeKernel) is the same work with
 * one flag more: the device then keeps every block of the grid resident
 * at once, so that grid.sync() (cux's barrier.cux_grid) can wait for all
 * of them (the CPU device: src/dev/cpu/grid.c).  What it may hold is what
 * the occupancy API promises, checked here as CUDA checks it. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

typedef struct launch_work {
    cux_rt_work base;
    cux_device *dev;
    cux_kernel *kernel;
    cux_launch launch;
    char params[];              /* packed arguments */
} launch_work;

static void run_launch(cux_rt_work *w, struct CUstream_st *s)
{
    launch_work *l = (launch_work *)w;
    (void)s;
    /* After a fault the context is unusable; CUDA runs nothing more. */
    if (cux_rt_sticky() != cudaSuccess)
        return;
    cudaError_t err = l->dev->ops->launch(l->dev, l->kernel, &l->launch);
    if (err != cudaSuccess)
        cux_rt_set_sticky(err);
}

static void free_launch(cux_rt_work *w)
{
    free(w);
}

static uint64_t volume(dim3 d)
{
    return (uint64_t)d.x * d.y * d.z;
}

static uint32_t product(const uint32_t v[3])
{
    return (v[0] ? v[0] : 1) * (v[1] ? v[1] : 1) * (v[2] ? v[2] : 1);
}

/* Shared memory the kernel may take dynamically: the attribute if set,
 * else what remains of the default 48 KiB per block. */
static size_t dynamic_limit(const cux_rt_device *dev, const cux_rt_func *f,
                            const cux_kernel_info *info)
{
    if (f->max_dynamic_smem > 0)
        return (size_t)f->max_dynamic_smem;
    size_t base = dev->prop.sharedMemPerBlock;
    return info->static_smem < base ? base - info->static_smem : 0;
}

cudaError_t cux_rt_check_config(const cux_rt_device *dev,
                                const cux_rt_func *f, dim3 grid, dim3 block,
                                size_t shmem)
{
    const struct cudaDeviceProp *p = &dev->prop;
    const cux_kernel_info *info = f->info[dev->dev->ordinal];
    if (!volume(grid) || !volume(block) ||
        block.x > (unsigned)p->maxThreadsDim[0] ||
        block.y > (unsigned)p->maxThreadsDim[1] ||
        block.z > (unsigned)p->maxThreadsDim[2] ||
        volume(block) > (uint64_t)p->maxThreadsPerBlock ||
        grid.x > (unsigned)p->maxGridSize[0] ||
        grid.y > (unsigned)p->maxGridSize[1] ||
        grid.z > (unsigned)p->maxGridSize[2])
        return cudaErrorInvalidConfiguration;
    /* A block larger than __launch_bounds__ / .maxntid allows, or of
     * another shape than .reqntid demands, cannot get its resources. */
    if (info->maxntid[0] && volume(block) > product(info->maxntid))
        return cudaErrorLaunchOutOfResources;
    if (info->reqntid[0] &&
        (block.x != info->reqntid[0] ||
         block.y != (info->reqntid[1] ? info->reqntid[1] : 1) ||
         block.z != (info->reqntid[2] ? info->reqntid[2] : 1)))
        return cudaErrorInvalidValue;
    /* Too much dynamic shared memory: CUDA reports an invalid argument. */
    if (shmem > dynamic_limit(dev, f, info) ||
        shmem + info->static_smem > p->sharedMemPerBlockOptin)
        return cudaErrorInvalidValue;
    return cudaSuccess;
}

static int blocks_per_sm(const cux_rt_device *dev, const cux_rt_func *f,
                         const cux_kernel_info *info, int blockSize,
                         size_t dynamicSMem);

/* "The total number of blocks launched cannot exceed the maximum number
 * of blocks per multiprocessor as returned by
 * cudaOccupancyMaxActiveBlocksPerMultiprocessor (or
 * cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags) times the number
 * of multiprocessors as specified by the device attribute
 * cudaDevAttrMultiProcessorCount" (cudaLaunchCooperativeKernel). */
static cudaError_t check_cooperative(const cux_rt_device *dev,
                                     const cux_rt_func *f, dim3 grid,
                                     dim3 block, size_t shmem)
{
    if (!dev->prop.cooperativeLaunch)
        return cudaErrorNotSupported;
    const cux_kernel_info *info = f->info[dev->dev->ordinal];
    uint64_t resident = (uint64_t)blocks_per_sm(dev, f, info,
                                                (int)volume(block), shmem) *
                        (uint64_t)dev->prop.multiProcessorCount;
    return volume(grid) > resident ? cudaErrorCooperativeLaunchTooLarge
                                   : cudaSuccess;
}

static launch_work *pack(cux_rt_device *dev, cux_rt_func *f, dim3 grid,
                         dim3 block, void **args, size_t shmem,
                         bool cooperative)
{
    int d = dev->dev->ordinal;
    const cux_kernel_info *info = f->info[d];
    cux_rt_note_launch(dev, info);
    launch_work *w = cux_xcalloc(1, sizeof(*w) + info->param_bytes + 16);
    w->base.run = run_launch;
    w->base.release = free_launch;
    w->dev = dev->dev;
    w->kernel = f->kernel[d];
    w->launch = (cux_launch){{grid.x, grid.y, grid.z},
                             {block.x, block.y, block.z},
                             (uint32_t)shmem, w->params, cooperative};
    for (uint32_t i = 0; i < info->n_params; i++)
        memcpy(w->params + info->params[i].offset, args[i],
               info->params[i].size);
    return w;
}

cudaError_t cux_rt_launch(const void *func, dim3 grid, dim3 block,
                          void **args, size_t shmem, cudaStream_t stream,
                          bool cooperative)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    struct CUstream_st *s;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = cux_rt_func_resolve(func, dev, &f);
    if (err == cudaSuccess)
        err = cux_rt_check_config(dev, f, grid, block, shmem);
    if (err == cudaSuccess && cooperative)
        err = check_cooperative(dev, f, grid, block, shmem);
    if (err == cudaSuccess && f->info[dev->dev->ordinal]->n_params && !args)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = cux_rt_stream_get(stream, &s);
    if (err != cudaSuccess)
        return err;
    /* "A kernel launch will fail if it is issued to a stream that is not
     * associated to the current device" (CUDA programming guide, stream
     * and event behavior); copies may go to any device's stream. */
    if (s->device != dev->dev->ordinal) {
        cux_rt_stream_release(s);
        return cudaErrorInvalidResourceHandle;
    }
    bool capturing;
    err = cux_rt_capture_check(s, &capturing);
    if (err != cudaSuccess || capturing) {
        if (err == cudaSuccess) { /* the arguments are copied now, as
                                   * CUDA copies them at capture */
            cux_rt_node *n = cux_rt_node_kernel(dev, f, grid, block, shmem,
                                                args);
            n->p.kernel.cooperative = cooperative;
            err = cux_rt_capture_node(s, n);
        }
        cux_rt_stream_release(s);
        return err;
    }
    launch_work *w = pack(dev, f, grid, block, args, shmem, cooperative);
    uint64_t seq = cux_rt_stream_enqueue(s, &w->base);
    if (cux_rt_ctx()->launch_blocking) {
        cux_rt_stream_wait(s, seq);
        cux_rt_printf_flush();
        err = cux_rt_sticky();
    }
    cux_rt_stream_release(s);
    return err;
}

CUX_EXPORT cudaError_t cudaLaunchKernel(const void *func, dim3 gridDim,
                                        dim3 blockDim, void **args,
                                        size_t sharedMem, cudaStream_t stream)
{
    return cux_rt_ret(cux_rt_launch(func, gridDim, blockDim, args,
                                    sharedMem, stream, false));
}

/* The launch of nvcc 13's host code: kernel is what __cudaGetKernel gave,
 * the host stub (rt_register.c). */
CUX_EXPORT cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim,
                                          dim3 blockDim, void **args,
                                          size_t sharedMem,
                                          cudaStream_t stream)
{
    return cudaLaunchKernel((const void *)kernel, gridDim, blockDim, args,
                            sharedMem, stream);
}

/* The same from code built with --default-stream per-thread, where the
 * stream 0 means the thread's own default stream. */
CUX_EXPORT cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel,
                                               dim3 gridDim, dim3 blockDim,
                                               void **args, size_t sharedMem,
                                               cudaStream_t stream)
{
    return cudaLaunchKernel((const void *)kernel, gridDim, blockDim, args,
                            sharedMem, stream ? stream : cudaStreamPerThread);
}

/* A launch whose blocks are all resident at once, so that they may wait
 * for each other at grid.sync(); a grid larger than the occupancy API
 * allows gives cudaErrorCooperativeLaunchTooLarge and launches nothing. */
CUX_EXPORT cudaError_t cudaLaunchCooperativeKernel(const void *func,
                                                   dim3 gridDim,
                                                   dim3 blockDim, void **args,
                                                   size_t sharedMem,
                                                   cudaStream_t stream)
{
    return cux_rt_ret(cux_rt_launch(func, gridDim, blockDim, args,
                                    sharedMem, stream, true));
}

/* Kernel attributes ------------------------------------------------------ */

static cudaError_t resolve(const void *func, cux_rt_device **dev,
                           cux_rt_func **f)
{
    cudaError_t err = cux_rt_enter(dev);
    if (err == cudaSuccess)
        err = cux_rt_func_resolve(func, *dev, f);
    return err;
}

CUX_EXPORT cudaError_t cudaFuncGetAttributes(struct cudaFuncAttributes *attr,
                                             const void *func)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if (!attr)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = resolve(func, &dev, &f);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    const cux_kernel_info *info = f->info[dev->dev->ordinal];
    memset(attr, 0, sizeof(*attr));
    attr->sharedSizeBytes = info->static_smem;
    attr->localSizeBytes = info->local_bytes;
    uint32_t limit = info->maxntid[0] ? product(info->maxntid) : 1024;
    attr->maxThreadsPerBlock = (int)(limit < 1024 ? limit : 1024);
    attr->numRegs = 32; /* CPU registers are not a per-thread budget */
    attr->ptxVersion = dev->prop.major * 10 + dev->prop.minor;
    attr->binaryVersion = attr->ptxVersion;
    attr->maxDynamicSharedSizeBytes = (int)dynamic_limit(dev, f, info);
    attr->preferredShmemCarveout = f->carveout ? f->carveout : -1;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaFuncSetAttribute(const void *func,
                                            enum cudaFuncAttribute attr,
                                            int value)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    cudaError_t err = resolve(func, &dev, &f);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    const cux_kernel_info *info = f->info[dev->dev->ordinal];
    switch (attr) {
    case cudaFuncAttributeMaxDynamicSharedMemorySize:
        /* Up to the opt-in maximum, less the kernel's static share. */
        if (value < 0 || (size_t)value + info->static_smem >
                             dev->prop.sharedMemPerBlockOptin)
            return cux_rt_ret(cudaErrorInvalidValue);
        f->max_dynamic_smem = value;
        return cudaSuccess;
    case cudaFuncAttributePreferredSharedMemoryCarveout:
        if (value < -1 || value > 100)
            return cux_rt_ret(cudaErrorInvalidValue);
        f->carveout = value;
        return cudaSuccess;
    default:
        return cux_rt_ret(cudaErrorInvalidValue);
    }
}

CUX_EXPORT cudaError_t cudaFuncSetCacheConfig(const void *func,
                                              enum cudaFuncCache cacheConfig)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if ((unsigned)cacheConfig > cudaFuncCachePreferEqual)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = resolve(func, &dev, &f);
    if (err == cudaSuccess)
        f->cache_config = cacheConfig;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaFuncSetSharedMemConfig(
    const void *func, enum cudaSharedMemConfig config)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if ((unsigned)config > cudaSharedMemBankSizeEightByte)
        return cux_rt_ret(cudaErrorInvalidValue);
    return cux_rt_ret(resolve(func, &dev, &f));
}

CUX_EXPORT cudaError_t cudaFuncGetName(const char **name, const void *func)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if (!name)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = resolve(func, &dev, &f);
    if (err == cudaSuccess)
        *name = f->name;
    return cux_rt_ret(err);
}

/* The device entry function of a kernel, as a cudaFunction_t: the driver
 * API's CUfunction, which cux does not provide.  cux's handle for it is
 * the host stub itself, as its cudaKernel_t is (__cudaGetKernel), so
 * the runtime calls that take a kernel accept it; the kernel's module is
 * loaded on the current device, as for cudaFuncGetAttributes.  A symbol
 * that is no registered kernel: cudaErrorInvalidDeviceFunction. */
CUX_EXPORT cudaError_t cudaGetFuncBySymbol(cudaFunction_t *functionPtr,
                                           const void *symbolPtr)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if (!functionPtr)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = resolve(symbolPtr, &dev, &f);
    if (err == cudaSuccess)
        *functionPtr = (cudaFunction_t)(uintptr_t)f->host;
    return cux_rt_ret(err);
}

/* CUDA 7.5 deprecated these and CUDA 12 removed them: they convert a
 * double for a device without double arithmetic, and "if the device
 * does natively support doubles, then this function does nothing".  The
 * CPU device has doubles, so both leave *d alone and return cudaSuccess
 * (or an error of earlier work, as any call may). */
CUX_EXPORT cudaError_t cudaSetDoubleForDevice(double *d)
{
    (void)d;
    return cux_rt_ret(cux_rt_enter(NULL));
}

CUX_EXPORT cudaError_t cudaSetDoubleForHost(double *d)
{
    (void)d;
    return cux_rt_ret(cux_rt_enter(NULL));
}

/* Occupancy -------------------------------------------------------------- */

/* The unit a multiprocessor hands out shared memory in: 128 bytes from
 * 8.0, 256 before (the Programming Guide's occupancy model, as
 * cuda_occupancy.h has it). */
static size_t smem_unit(const struct cudaDeviceProp *p)
{
    return p->major >= 8 ? 128 : 256;
}

/* Shared memory one block takes from its multiprocessor: its static and
 * dynamic shares and the driver's reserve (8.0 on), in whole units. */
static size_t block_smem(const struct cudaDeviceProp *p,
                         const cux_kernel_info *info, size_t dynamicSMem)
{
    size_t unit = smem_unit(p);
    size_t bytes = info->static_smem + p->reservedSharedMemPerBlock +
                   dynamicSMem;
    return (bytes + unit - 1) / unit * unit;
}

/* Blocks of blockSize threads one multiprocessor holds at once, limited
 * by threads, the block slots and shared memory, as CUDA computes it
 * with the whole capacity carved out as shared memory (the default
 * carveout; a CPU core has no L1 to give it to).  Registers never limit:
 * cudaFuncGetAttributes reports 32 a thread, and a full multiprocessor's
 * threads have that many.  A block asking more dynamic shared memory than
 * the kernel may have cannot run: 0. */
static int blocks_per_sm(const cux_rt_device *dev, const cux_rt_func *f,
                         const cux_kernel_info *info, int blockSize,
                         size_t dynamicSMem)
{
    const struct cudaDeviceProp *p = &dev->prop;
    int warps = (blockSize + p->warpSize - 1) / p->warpSize;
    int by_threads = p->maxThreadsPerMultiProcessor / (warps * p->warpSize);
    int blocks = by_threads < p->maxBlocksPerMultiProcessor ?
                 by_threads : p->maxBlocksPerMultiProcessor;
    if (dynamicSMem > dynamic_limit(dev, f, info))
        return 0;
    size_t smem = block_smem(p, info, dynamicSMem);
    if (smem > 0) {
        size_t by_smem = p->sharedMemPerMultiprocessor / smem;
        blocks = by_smem < (size_t)blocks ? (int)by_smem : blocks;
    }
    return blocks;
}

CUX_EXPORT cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if (!numBlocks || blockSize <= 0 ||
        (flags & ~(unsigned)cudaOccupancyDisableCachingOverride))
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = resolve(func, &dev, &f);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    const cux_kernel_info *info = f->info[dev->dev->ordinal];
    uint32_t limit = info->maxntid[0] ? product(info->maxntid) : 1024;
    *numBlocks = (unsigned)blockSize > limit ? 0 :
                 blocks_per_sm(dev, f, info, blockSize, dynamicSMemSize);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize)
{
    return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        numBlocks, func, blockSize, dynamicSMemSize, cudaOccupancyDefault);
}

/* The most dynamic shared memory each of numBlocks blocks may have so
 * that they share one multiprocessor, as cuda_occupancy.h computes it for
 * the kernel's attributes: one block may have all a block may have, more
 * divide the multiprocessor in allocation units; the static share and
 * the driver's reserve come off, and the kernel's own dynamic limit caps
 * it.  More blocks than fit even without dynamic shared memory:
 * cudaErrorInvalidValue, as the calculator refuses them. */
CUX_EXPORT cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, const void *func, int numBlocks, int blockSize)
{
    cux_rt_device *dev;
    cux_rt_func *f;
    if (!dynamicSmemSize || numBlocks <= 0 || blockSize <= 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = resolve(func, &dev, &f);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    const cux_kernel_info *info = f->info[dev->dev->ordinal];
    const struct cudaDeviceProp *p = &dev->prop;
    uint32_t limit = info->maxntid[0] ? product(info->maxntid) : 1024;
    if ((unsigned)blockSize > limit ||
        blocks_per_sm(dev, f, info, blockSize, 0) < numBlocks)
        return cux_rt_ret(cudaErrorInvalidValue);
    size_t unit = smem_unit(p);
    size_t most = p->sharedMemPerBlockOptin + p->reservedSharedMemPerBlock;
    size_t per_block = p->sharedMemPerMultiprocessor / (size_t)numBlocks;
    per_block = numBlocks == 1 ? most : per_block / unit * unit;
    if (per_block > most)
        per_block = most;
    size_t fixed = info->static_smem + p->reservedSharedMemPerBlock;
    size_t avail = per_block > fixed ? per_block - fixed : 0;
    size_t own = dynamic_limit(dev, f, info);
    *dynamicSmemSize = avail < own ? avail : own;
    return cudaSuccess;
}
