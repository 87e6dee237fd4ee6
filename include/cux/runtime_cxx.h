/* cux/runtime_cxx.h: the C++ conveniences of cuda_runtime.h: typed
 * overloads and templates over the C API, all inline on the host. */
#ifndef CUX_RUNTIME_CXX_H
#define CUX_RUNTIME_CXX_H

#if defined(__GNUC__)
#pragma GCC system_header   /* long long in C++98 user builds */
#endif

#include "../cuda_runtime_api.h"

#define CUX_HFN static __inline__ __host__

CUX_HFN cudaError_t cudaEventCreate(cudaEvent_t *event, unsigned int flags)
{
    return cudaEventCreateWithFlags(event, flags);
}

CUX_HFN cudaError_t cudaMallocHost(void **ptr, size_t size,
                                   unsigned int flags)
{
    return cudaHostAlloc(ptr, size, flags);
}

template <class T>
CUX_HFN cudaError_t cudaMalloc(T **devPtr, size_t size)
{
    return cudaMalloc((void **)(void *)devPtr, size);
}

template <class T>
CUX_HFN cudaError_t cudaMallocHost(T **ptr, size_t size,
                                   unsigned int flags = 0)
{
    return cudaMallocHost((void **)(void *)ptr, size, flags);
}

template <class T>
CUX_HFN cudaError_t cudaHostAlloc(T **ptr, size_t size, unsigned int flags)
{
    return cudaHostAlloc((void **)(void *)ptr, size, flags);
}

template <class T>
CUX_HFN cudaError_t cudaHostGetDevicePointer(T **pDevice, void *pHost,
                                             unsigned int flags)
{
    return cudaHostGetDevicePointer((void **)(void *)pDevice, pHost, flags);
}

template <class T>
CUX_HFN cudaError_t cudaMallocManaged(T **devPtr, size_t size,
                                      unsigned int flags = cudaMemAttachGlobal)
{
    return cudaMallocManaged((void **)(void *)devPtr, size, flags);
}

template <class T>
CUX_HFN cudaError_t cudaMallocPitch(T **devPtr, size_t *pitch, size_t width,
                                    size_t height)
{
    return cudaMallocPitch((void **)(void *)devPtr, pitch, width, height);
}

template <class T>
CUX_HFN cudaError_t cudaMallocAsync(T **devPtr, size_t size,
                                    cudaStream_t stream)
{
    return cudaMallocAsync((void **)(void *)devPtr, size, stream);
}

template <class T>
CUX_HFN cudaError_t cudaStreamAttachMemAsync(
    cudaStream_t stream, T *devPtr, size_t length = 0,
    unsigned int flags = cudaMemAttachSingle)
{
    return cudaStreamAttachMemAsync(stream, (void *)devPtr, length, flags);
}

/* Symbols: a __device__ variable is named by the variable itself; its
 * host shadow's address is what the runtime registered. */
template <class T>
CUX_HFN cudaError_t cudaMemcpyToSymbol(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyHostToDevice)
{
    return cudaMemcpyToSymbol((const void *)&symbol, src, count, offset,
                              kind);
}

template <class T>
CUX_HFN cudaError_t cudaMemcpyToSymbolAsync(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyHostToDevice,
    cudaStream_t stream = 0)
{
    return cudaMemcpyToSymbolAsync((const void *)&symbol, src, count, offset,
                                   kind, stream);
}

template <class T>
CUX_HFN cudaError_t cudaMemcpyFromSymbol(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyDeviceToHost)
{
    return cudaMemcpyFromSymbol(dst, (const void *)&symbol, count, offset,
                                kind);
}

template <class T>
CUX_HFN cudaError_t cudaMemcpyFromSymbolAsync(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyDeviceToHost,
    cudaStream_t stream = 0)
{
    return cudaMemcpyFromSymbolAsync(dst, (const void *)&symbol, count,
                                     offset, kind, stream);
}

template <class T>
CUX_HFN cudaError_t cudaGetSymbolAddress(void **devPtr, const T &symbol)
{
    return cudaGetSymbolAddress(devPtr, (const void *)&symbol);
}

template <class T>
CUX_HFN cudaError_t cudaGetSymbolSize(size_t *size, const T &symbol)
{
    return cudaGetSymbolSize(size, (const void *)&symbol);
}

/* Kernels: the host stub's address identifies the kernel. */
template <class T>
CUX_HFN cudaError_t cudaLaunchKernel(const T *func, dim3 gridDim,
                                     dim3 blockDim, void **args,
                                     size_t sharedMem = 0,
                                     cudaStream_t stream = 0)
{
    return cudaLaunchKernel((const void *)func, gridDim, blockDim, args,
                            sharedMem, stream);
}

template <class T>
CUX_HFN cudaError_t cudaLaunchCooperativeKernel(const T *func, dim3 gridDim,
                                                dim3 blockDim, void **args,
                                                size_t sharedMem = 0,
                                                cudaStream_t stream = 0)
{
    return cudaLaunchCooperativeKernel((const void *)func, gridDim,
                                       blockDim, args, sharedMem, stream);
}

/* cudaLaunchKernelEx: each actual argument is converted to the kernel's
 * parameter type first (an int to a float parameter, say), so that args
 * points at values of exactly the types the kernel's PTX signature packs.
 * The extra null slot keeps the array legal for a kernel of no
 * parameters.  Variadic templates and lambdas need C++11, as in
 * NVIDIA's header. */
#if __cplusplus >= 201103L
template <typename... ExpTypes, typename... ActTypes>
CUX_HFN cudaError_t cudaLaunchKernelEx(const cudaLaunchConfig_t *config,
                                       void (*kernel)(ExpTypes...),
                                       ActTypes &&...args)
{
    return [&](ExpTypes... coerced) {
        void *pArgs[] = {(void *)&coerced..., nullptr};
        return ::cudaLaunchKernelExC(config, (const void *)kernel, pArgs);
    }(static_cast<ActTypes &&>(args)...);
}

/* The form for a kernel handle: its parameter types are unknown here, so
 * the arguments go as they are. */
template <typename... ActTypes>
CUX_HFN cudaError_t cudaLaunchKernelEx(const cudaLaunchConfig_t *config,
                                       const cudaKernel_t kernel,
                                       ActTypes &&...args)
{
    void *pArgs[] = {(void *)&args..., nullptr};
    return ::cudaLaunchKernelExC(config, (const void *)kernel, pArgs);
}
#endif

template <class T>
CUX_HFN cudaError_t cudaFuncSetCacheConfig(T *func,
                                           enum cudaFuncCache cacheConfig)
{
    return cudaFuncSetCacheConfig((const void *)func, cacheConfig);
}

template <class T>
CUX_HFN cudaError_t cudaFuncGetAttributes(struct cudaFuncAttributes *attr,
                                          T *entry)
{
    return cudaFuncGetAttributes(attr, (const void *)entry);
}

template <class T>
CUX_HFN cudaError_t cudaFuncSetAttribute(T *entry,
                                         enum cudaFuncAttribute attr,
                                         int value)
{
    return cudaFuncSetAttribute((const void *)entry, attr, value);
}

template <class T>
CUX_HFN cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, T func, int blockSize, size_t dynamicSMemSize)
{
    return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        numBlocks, (const void *)func, blockSize, dynamicSMemSize,
        cudaOccupancyDefault);
}

template <class T>
CUX_HFN cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, T func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags)
{
    return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        numBlocks, (const void *)func, blockSize, dynamicSMemSize, flags);
}

template <class T>
CUX_HFN cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, T func, int numBlocks, int blockSize)
{
    return cudaOccupancyAvailableDynamicSMemPerBlock(
        dynamicSmemSize, (const void *)func, numBlocks, blockSize);
}

/* Block-size search: try every multiple of the warp size up to the
 * limit, keep the one that keeps the most threads resident per SM. */
struct cux_smem_constant {
    size_t n;
    __host__ size_t operator()(int) const { return n; }
};

template <typename UnaryFunction, class T>
CUX_HFN cudaError_t cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
    int *minGridSize, int *blockSize, T func,
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0,
    unsigned int flags = 0)
{
    int dev, maxThreads, smCount, warp;
    struct cudaFuncAttributes attr;
    cudaError_t err;
    if (!minGridSize || !blockSize || !func)
        return cudaErrorInvalidValue;
    if ((err = cudaGetDevice(&dev)) != cudaSuccess ||
        (err = cudaDeviceGetAttribute(&maxThreads,
                                      cudaDevAttrMaxThreadsPerBlock, dev)) ||
        (err = cudaDeviceGetAttribute(&smCount,
                                      cudaDevAttrMultiProcessorCount, dev)) ||
        (err = cudaDeviceGetAttribute(&warp, cudaDevAttrWarpSize, dev)) ||
        (err = cudaFuncGetAttributes(&attr, (const void *)func)))
        return err;
    int limit = attr.maxThreadsPerBlock < maxThreads
                    ? attr.maxThreadsPerBlock : maxThreads;
    if (blockSizeLimit > 0 && blockSizeLimit < limit)
        limit = blockSizeLimit;
    int bestBlocks = 0, bestSize = 0, bestThreads = 0;
    for (int size = limit - limit % warp; size > 0; size -= warp) {
        int blocks = 0;
        err = cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
            &blocks, (const void *)func, size,
            blockSizeToDynamicSMemSize(size), flags);
        if (err != cudaSuccess)
            return err;
        if (blocks * size > bestThreads) {
            bestThreads = blocks * size;
            bestBlocks = blocks;
            bestSize = size;
        }
    }
    *minGridSize = bestBlocks * smCount;
    *blockSize = bestSize;
    return cudaSuccess;
}

template <typename UnaryFunction, class T>
CUX_HFN cudaError_t cudaOccupancyMaxPotentialBlockSizeVariableSMem(
    int *minGridSize, int *blockSize, T func,
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0)
{
    return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
        minGridSize, blockSize, func, blockSizeToDynamicSMemSize,
        blockSizeLimit, cudaOccupancyDefault);
}

template <class T>
CUX_HFN cudaError_t cudaOccupancyMaxPotentialBlockSize(
    int *minGridSize, int *blockSize, T func, size_t dynamicSMemSize = 0,
    int blockSizeLimit = 0)
{
    struct cux_smem_constant c = {dynamicSMemSize};
    return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
        minGridSize, blockSize, func, c, blockSizeLimit,
        cudaOccupancyDefault);
}

template <class T>
CUX_HFN cudaError_t cudaOccupancyMaxPotentialBlockSizeWithFlags(
    int *minGridSize, int *blockSize, T func, size_t dynamicSMemSize = 0,
    int blockSizeLimit = 0, unsigned int flags = 0)
{
    struct cux_smem_constant c = {dynamicSMemSize};
    return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
        minGridSize, blockSize, func, c, blockSizeLimit, flags);
}

/* CUDA 11's forms of two graph calls, which programs written for it
 * (cuda-samples' simpleCudaGraphs and jacobiCudaGraphs among them) still
 * make: instantiation with an error node and a log, and an update that
 * returns the failing node and the result apart.  CUDA 12 dropped them;
 * by their number of arguments they cannot be taken for its forms. */
CUX_HFN cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec,
                                         cudaGraph_t graph,
                                         cudaGraphNode_t *pErrorNode,
                                         char *pLogBuffer, size_t bufferSize)
{
    (void)pErrorNode; /* "may be modified" on an error: left as it is */
    cudaError_t err = cudaGraphInstantiate(pGraphExec, graph, 0ULL);
    if (pLogBuffer && bufferSize) {
        const char *text = err == cudaSuccess ? "" : cudaGetErrorString(err);
        size_t n = 0;
        for (; text[n] && n + 1 < bufferSize; n++)
            pLogBuffer[n] = text[n];
        pLogBuffer[n] = '\0';
    }
    return err;
}

CUX_HFN cudaError_t cudaGraphExecUpdate(cudaGraphExec_t hGraphExec,
                                        cudaGraph_t hGraph,
                                        cudaGraphNode_t *hErrorNode_out,
                                        cudaGraphExecUpdateResult *updateResult_out)
{
    cudaGraphExecUpdateResultInfo info;
    info.result = cudaGraphExecUpdateError; /* if it fails before */
    info.errorNode = info.errorFromNode = 0;
    cudaError_t err = cudaGraphExecUpdate(hGraphExec, hGraph, &info);
    if (hErrorNode_out)
        *hErrorNode_out = info.errorNode;
    if (updateResult_out)
        *updateResult_out = info.result;
    return err;
}

#undef CUX_HFN

#endif
