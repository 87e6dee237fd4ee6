/* rt_device.c: device management: enumeration, selection, properties and
 * attributes, limits, flags, synchronisation, reset and versions.
 *
 * Properties come from the device once (at creation); attributes are read
 * from the same properties so that both views always agree.  The library
 * is built with the CUDA 12 cudaDeviceProp layout (the _v2 entry point);
 * the plain cudaGetDeviceProperties fills the CUDA 13 layout. */
#include "rt/rt.h"

#include <stdio.h>
#include <string.h>

static cudaError_t valid_device(int device, cux_rt_device **out)
{
    cudaError_t err = cux_rt_devices();
    if (err != cudaSuccess)
        return err;
    *out = cux_rt_device_at(device);
    return *out ? cudaSuccess : cudaErrorInvalidDevice;
}

CUX_EXPORT cudaError_t cudaGetDeviceCount(int *count)
{
    if (!count)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_devices();
    *count = err == cudaSuccess ? cux_rt_ctx()->n_devices : 0;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaSetDevice(int device)
{
    cux_rt_device *dev;
    cudaError_t err = valid_device(device, &dev);
    if (err == cudaSuccess)
        cux_rt_self()->device = device;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaGetDevice(int *device)
{
    if (!device)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_devices();
    if (err == cudaSuccess)
        *device = cux_rt_self()->device;
    return cux_rt_ret(err);
}

/* cudaSetDeviceFlags' checks of the flags of device operation. */
static cudaError_t check_device_flags(unsigned flags)
{
    if (flags & ~(unsigned)cudaDeviceMask)
        return cudaErrorInvalidValue;
    /* Only one scheduling policy may be named. */
    unsigned sched = flags & cudaDeviceScheduleMask;
    return sched & (sched - 1) ? cudaErrorInvalidValue : cudaSuccess;
}

/* The device is ready once cux_rt_devices has made it, so initialising
 * it is checking it; "when cudaInitDeviceFlagsAreValid is set in flags,
 * deviceFlags are applied to the requested device" (not made current). */
CUX_EXPORT cudaError_t cudaInitDevice(int device, unsigned int deviceFlags,
                                      unsigned int flags)
{
    cux_rt_device *dev;
    cudaError_t err = valid_device(device, &dev);
    if (err == cudaSuccess && (flags & ~(unsigned)cudaInitDeviceFlagsAreValid))
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess && (flags & cudaInitDeviceFlagsAreValid) &&
        (err = check_device_flags(deviceFlags)) == cudaSuccess)
        dev->flags = deviceFlags;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaSetValidDevices(int *device_arr, int len)
{
    cux_rt_device *dev;
    if (!device_arr || len <= 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    for (int i = 0; i < len; i++)
        if (valid_device(device_arr[i], &dev) != cudaSuccess)
            return cux_rt_ret(cudaErrorInvalidDevice);
    cux_rt_self()->device = device_arr[0];
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaGetDeviceProperties_v2(struct cudaDeviceProp *prop,
                                                  int device)
{
    cux_rt_device *dev;
    if (!prop)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = valid_device(device, &dev);
    if (err == cudaSuccess)
        *prop = dev->prop;
    return cux_rt_ret(err);
}

#undef cudaGetDeviceProperties
#define COPY_FIELD(type, name, dims) \
    memcpy(&out->name, &in->name, sizeof(out->name));

CUX_EXPORT cudaError_t cudaGetDeviceProperties(struct cux_device_prop_v13 *out,
                                               int device)
{
    cux_rt_device *dev;
    if (!out)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = valid_device(device, &dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    const struct cudaDeviceProp *in = &dev->prop;
    memset(out, 0, sizeof(*out));
    CUX_DEVICE_PROP_FIELDS(COPY_FIELD, CUX_PROP_NONE)
    out->deviceNumaConfig = 0;
    out->deviceNumaId = -1;
    out->hostNumaId = -1;
    return cudaSuccess;
}

static int attribute(const struct cudaDeviceProp *p, int attr, bool *ok)
{
    *ok = true;
    switch (attr) {
#define A(name, expr) case name: return (int)(expr);
    A(cudaDevAttrMaxThreadsPerBlock, p->maxThreadsPerBlock)
    A(cudaDevAttrMaxBlockDimX, p->maxThreadsDim[0])
    A(cudaDevAttrMaxBlockDimY, p->maxThreadsDim[1])
    A(cudaDevAttrMaxBlockDimZ, p->maxThreadsDim[2])
    A(cudaDevAttrMaxGridDimX, p->maxGridSize[0])
    A(cudaDevAttrMaxGridDimY, p->maxGridSize[1])
    A(cudaDevAttrMaxGridDimZ, p->maxGridSize[2])
    A(cudaDevAttrMaxSharedMemoryPerBlock, p->sharedMemPerBlock)
    A(cudaDevAttrTotalConstantMemory, p->totalConstMem)
    A(cudaDevAttrWarpSize, p->warpSize)
    A(cudaDevAttrMaxPitch, p->memPitch)
    A(cudaDevAttrMaxRegistersPerBlock, p->regsPerBlock)
    A(cudaDevAttrClockRate, p->clockRate)
    A(cudaDevAttrTextureAlignment, p->textureAlignment)
    A(cudaDevAttrGpuOverlap, p->deviceOverlap)
    A(cudaDevAttrMultiProcessorCount, p->multiProcessorCount)
    A(cudaDevAttrKernelExecTimeout, p->kernelExecTimeoutEnabled)
    A(cudaDevAttrIntegrated, p->integrated)
    A(cudaDevAttrCanMapHostMemory, p->canMapHostMemory)
    A(cudaDevAttrComputeMode, p->computeMode)
    A(cudaDevAttrMaxTexture1DWidth, p->maxTexture1D)
    A(cudaDevAttrMaxTexture2DWidth, p->maxTexture2D[0])
    A(cudaDevAttrMaxTexture2DHeight, p->maxTexture2D[1])
    A(cudaDevAttrMaxTexture3DWidth, p->maxTexture3D[0])
    A(cudaDevAttrMaxTexture3DHeight, p->maxTexture3D[1])
    A(cudaDevAttrMaxTexture3DDepth, p->maxTexture3D[2])
    A(cudaDevAttrSurfaceAlignment, p->surfaceAlignment)
    A(cudaDevAttrConcurrentKernels, p->concurrentKernels)
    A(cudaDevAttrEccEnabled, p->ECCEnabled)
    A(cudaDevAttrPciBusId, p->pciBusID)
    A(cudaDevAttrPciDeviceId, p->pciDeviceID)
    A(cudaDevAttrTccDriver, p->tccDriver)
    A(cudaDevAttrMemoryClockRate, p->memoryClockRate)
    A(cudaDevAttrGlobalMemoryBusWidth, p->memoryBusWidth)
    A(cudaDevAttrL2CacheSize, p->l2CacheSize)
    A(cudaDevAttrMaxThreadsPerMultiProcessor, p->maxThreadsPerMultiProcessor)
    A(cudaDevAttrAsyncEngineCount, p->asyncEngineCount)
    A(cudaDevAttrUnifiedAddressing, p->unifiedAddressing)
    A(cudaDevAttrPciDomainId, p->pciDomainID)
    A(cudaDevAttrTexturePitchAlignment, p->texturePitchAlignment)
    A(cudaDevAttrComputeCapabilityMajor, p->major)
    A(cudaDevAttrComputeCapabilityMinor, p->minor)
    A(cudaDevAttrStreamPrioritiesSupported, p->streamPrioritiesSupported)
    A(cudaDevAttrGlobalL1CacheSupported, p->globalL1CacheSupported)
    A(cudaDevAttrLocalL1CacheSupported, p->localL1CacheSupported)
    A(cudaDevAttrMaxSharedMemoryPerMultiprocessor,
      p->sharedMemPerMultiprocessor)
    A(cudaDevAttrMaxRegistersPerMultiprocessor, p->regsPerMultiprocessor)
    A(cudaDevAttrManagedMemory, p->managedMemory)
    A(cudaDevAttrIsMultiGpuBoard, p->isMultiGpuBoard)
    A(cudaDevAttrMultiGpuBoardGroupID, p->multiGpuBoardGroupID)
    A(cudaDevAttrHostNativeAtomicSupported, p->hostNativeAtomicSupported)
    A(cudaDevAttrSingleToDoublePrecisionPerfRatio,
      p->singleToDoublePrecisionPerfRatio)
    A(cudaDevAttrPageableMemoryAccess, p->pageableMemoryAccess)
    A(cudaDevAttrConcurrentManagedAccess, p->concurrentManagedAccess)
    A(cudaDevAttrComputePreemptionSupported, p->computePreemptionSupported)
    A(cudaDevAttrCanUseHostPointerForRegisteredMem,
      p->canUseHostPointerForRegisteredMem)
    A(cudaDevAttrCooperativeLaunch, p->cooperativeLaunch)
    A(cudaDevAttrCooperativeMultiDeviceLaunch, p->cooperativeMultiDeviceLaunch)
    A(cudaDevAttrMaxSharedMemoryPerBlockOptin, p->sharedMemPerBlockOptin)
    A(cudaDevAttrCanFlushRemoteWrites, 0)
    A(cudaDevAttrHostRegisterSupported, 1)
    A(cudaDevAttrPageableMemoryAccessUsesHostPageTables,
      p->pageableMemoryAccessUsesHostPageTables)
    A(cudaDevAttrDirectManagedMemAccessFromHost,
      p->directManagedMemAccessFromHost)
    A(cudaDevAttrMaxBlocksPerMultiprocessor, p->maxBlocksPerMultiProcessor)
    A(cudaDevAttrMaxPersistingL2CacheSize, p->persistingL2CacheMaxSize)
    A(cudaDevAttrMaxAccessPolicyWindowSize, p->accessPolicyMaxWindowSize)
    A(cudaDevAttrReservedSharedMemoryPerBlock, p->reservedSharedMemPerBlock)
    A(cudaDevAttrSparseCudaArraySupported, p->sparseCudaArraySupported)
    A(cudaDevAttrHostRegisterReadOnlySupported,
      p->hostRegisterReadOnlySupported)
    A(cudaDevAttrMemoryPoolsSupported, p->memoryPoolsSupported)
    A(cudaDevAttrGPUDirectRDMASupported, p->gpuDirectRDMASupported)
    A(cudaDevAttrClusterLaunch, p->clusterLaunch)
    A(cudaDevAttrIpcEventSupport, p->ipcEventSupported)
    A(cudaDevAttrMemSyncDomainCount, 1)
    A(cudaDevAttrNumaConfig, 0)
    A(cudaDevAttrNumaId, -1)
    A(cudaDevAttrHostNumaId, -1)
    A(cudaDevAttrMpsEnabled, 0)
#undef A
    default:
        *ok = false;
        return 0;
    }
}

CUX_EXPORT cudaError_t cudaDeviceGetAttribute(int *value,
                                              enum cudaDeviceAttr attr,
                                              int device)
{
    cux_rt_device *dev;
    bool ok;
    if (!value)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = valid_device(device, &dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    int v = attribute(&dev->prop, attr, &ok);
    if (!ok)
        return cux_rt_ret(cudaErrorInvalidValue);
    *value = v;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaChooseDevice(int *device,
                                        const struct cudaDeviceProp *prop)
{
    if (!device || !prop)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_devices();
    if (err == cudaSuccess)
        *device = 0; /* every device is the closest match to itself */
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaDeviceGetPCIBusId(char *pciBusId, int len,
                                             int device)
{
    cux_rt_device *dev;
    if (!pciBusId || len <= 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = valid_device(device, &dev);
    if (err == cudaSuccess)
        snprintf(pciBusId, (size_t)len, "%04x:%02x:%02x.0",
                 dev->prop.pciDomainID, dev->prop.pciBusID,
                 dev->prop.pciDeviceID);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaDeviceGetByPCIBusId(int *device,
                                               const char *pciBusId)
{
    char id[32];
    if (!device || !pciBusId)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_devices();
    for (int i = 0; err == cudaSuccess && i < cux_rt_ctx()->n_devices; i++) {
        cudaDeviceGetPCIBusId(id, sizeof id, i);
        if (!strcasecmp(id, pciBusId) ||
            !strcasecmp(id + 5, pciBusId)) { /* domain may be left out */
            *device = i;
            return cudaSuccess;
        }
    }
    return cux_rt_ret(err == cudaSuccess ? cudaErrorInvalidDevice : err);
}

static void forget_peers(int device);

/* Synchronisation and reset ---------------------------------------------- */

CUX_EXPORT cudaError_t cudaDeviceSynchronize(void)
{
    cudaError_t err = cux_rt_enter(NULL);
    /* Waiting for everything is "potentially unsafe" during capture. */
    if (err == cudaSuccess)
        err = cux_rt_capture_unsafe();
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cux_rt_sync_device(cux_rt_self()->device);
    cux_rt_mempools_sync(cux_rt_self()->device); /* as cudaStreamSynchronize */
    cux_rt_printf_flush();
    return cux_rt_ret(cux_rt_sticky());
}

CUX_EXPORT cudaError_t cudaThreadSynchronize(void)
{
    return cudaDeviceSynchronize();
}

/* "Explicitly destroys and cleans up all resources associated with the
 * current device in the current process": work, streams, events, memory
 * and modules (reloaded on next use).  It also clears a sticky error, the
 * one way a process recovers from a kernel fault. */
CUX_EXPORT cudaError_t cudaDeviceReset(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cudaError_t err = cux_rt_devices();
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    int d = cux_rt_self()->device;
    cux_rt_device_clear(d);
    cux_rt_device *dev = &ctx->devices[d];
    dev->flags = 0;
    cux_rt_device_defaults(dev); /* limits are the context's */
    forget_peers(d);
    atomic_store(&ctx->sticky, cudaSuccess);
    cux_rt_self()->last_error = cudaSuccess;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaThreadExit(void)
{
    return cudaDeviceReset();
}

/* Limits and configuration ----------------------------------------------- */

CUX_EXPORT cudaError_t cudaDeviceSetLimit(enum cudaLimit limit, size_t value)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if ((unsigned)limit > cudaLimitPersistingL2CacheSize)
        return cux_rt_ret(cudaErrorUnsupportedLimit);
    if (limit == cudaLimitMaxL2FetchGranularity &&
        (value > 128 || (value & (value - 1))))
        return cux_rt_ret(cudaErrorInvalidValue);
    /* "Setting cudaLimitMallocHeapSize [cudaLimitPrintfFifoSize] must not
     * be performed after launching any kernel that uses the malloc() or
     * free() [printf()] device system calls - in such case
     * cudaErrorInvalidValue will be returned." */
    if ((limit == cudaLimitMallocHeapSize &&
         __atomic_load_n(&dev->heap_launched, __ATOMIC_RELAXED)) ||
        (limit == cudaLimitPrintfFifoSize &&
         __atomic_load_n(&dev->printf_launched, __ATOMIC_RELAXED)))
        return cux_rt_ret(cudaErrorInvalidValue);
    dev->limits[limit] = value;
    if (limit == cudaLimitMallocHeapSize)
        cux_rt_heap_size_changed(dev);
    return cudaSuccess;
}

void cux_rt_note_launch(cux_rt_device *dev, const cux_kernel_info *info)
{
    if (info->uses_heap)
        __atomic_store_n(&dev->heap_launched, true, __ATOMIC_RELAXED);
    if (info->uses_printf)
        __atomic_store_n(&dev->printf_launched, true, __ATOMIC_RELAXED);
}

/* Tells the device the size of its heap, which it enforces. */
void cux_rt_heap_size_changed(cux_rt_device *dev)
{
    if (dev->dev && dev->dev->ops->set_heap_size)
        dev->dev->ops->set_heap_size(dev->dev,
                                     dev->limits[cudaLimitMallocHeapSize]);
}

CUX_EXPORT cudaError_t cudaDeviceGetLimit(size_t *pValue,
                                          enum cudaLimit limit)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!pValue)
        return cux_rt_ret(cudaErrorInvalidValue);
    if ((unsigned)limit > cudaLimitPersistingL2CacheSize)
        return cux_rt_ret(cudaErrorUnsupportedLimit);
    *pValue = dev->limits[limit];
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaThreadSetLimit(enum cudaLimit limit, size_t value)
{
    return cudaDeviceSetLimit(limit, value);
}

CUX_EXPORT cudaError_t cudaThreadGetLimit(size_t *pValue,
                                          enum cudaLimit limit)
{
    return cudaDeviceGetLimit(pValue, limit);
}

/* Like the other cudaThread* calls (CUDA 12; gone from CUDA 13's headers),
 * the device-wide setting under an older name. */
CUX_EXPORT cudaError_t cudaThreadSetCacheConfig(enum cudaFuncCache cacheConfig)
{
    return cudaDeviceSetCacheConfig(cacheConfig);
}

CUX_EXPORT cudaError_t cudaThreadGetCacheConfig(enum cudaFuncCache *pCacheConfig)
{
    return cudaDeviceGetCacheConfig(pCacheConfig);
}

CUX_EXPORT cudaError_t cudaDeviceSetCacheConfig(enum cudaFuncCache config)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && (unsigned)config > cudaFuncCachePreferEqual)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        dev->cache_config = config;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaDeviceGetCacheConfig(enum cudaFuncCache *config)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && !config)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        *config = (enum cudaFuncCache)dev->cache_config;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaDeviceSetSharedMemConfig(
    enum cudaSharedMemConfig config)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess &&
        (unsigned)config > cudaSharedMemBankSizeEightByte)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        dev->shmem_config = config;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaDeviceGetSharedMemConfig(
    enum cudaSharedMemConfig *config)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && !config)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        *config = (enum cudaSharedMemConfig)dev->shmem_config;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaSetDeviceFlags(unsigned int flags)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = check_device_flags(flags);
    if (err == cudaSuccess)
        dev->flags = flags;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaGetDeviceFlags(unsigned int *flags)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess && !flags)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        *flags = dev->flags | cudaDeviceMapHost;
    return cux_rt_ret(err);
}

/* Peers ------------------------------------------------------------------
 * Every device of a kind can reach every other's memory (on the CPU
 * device it is all one address space), so enabling access only records
 * it, for CUDA's errors; kernels reach a peer's memory whether or not it
 * was enabled. */

static bool can_access(const cux_rt_device *a, const cux_rt_device *b)
{
    return a != b && a->dev->ops == b->dev->ops;
}

/* "Returns in *canAccessPeer a value of 1 if device device is capable of
 * directly accessing memory from peerDevice and 0 otherwise"; a device
 * and itself give 0, as CUDA reports. */
CUX_EXPORT cudaError_t cudaDeviceCanAccessPeer(int *canAccessPeer, int device,
                                               int peerDevice)
{
    cux_rt_device *a, *b;
    if (!canAccessPeer)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = valid_device(device, &a);
    if (err == cudaSuccess)
        err = valid_device(peerDevice, &b);
    if (err == cudaSuccess)
        *canAccessPeer = can_access(a, b);
    return cux_rt_ret(err);
}

/* The link between two devices, as cux's peer model has it: devices of a
 * kind share one address space, so each reaches the other's memory,
 * arrays included, and its atomics are the host's, all of them native.
 * cudaDevP2PAttrAccessSupported answers whether access can be enabled,
 * as cudaDeviceCanAccessPeer does (CUDA's programs ask it before they
 * enable access).  "Returns cudaErrorInvalidDevice if srcDevice or
 * dstDevice are not valid or if they represent the same device", and
 * cudaErrorInvalidValue for an unknown attribute or a NULL value. */
CUX_EXPORT cudaError_t cudaDeviceGetP2PAttribute(int *value,
                                                 enum cudaDeviceP2PAttr attr,
                                                 int srcDevice, int dstDevice)
{
    cux_rt_device *a, *b;
    cudaError_t err = valid_device(srcDevice, &a);
    if (err == cudaSuccess)
        err = valid_device(dstDevice, &b);
    if (err == cudaSuccess && a == b)
        err = cudaErrorInvalidDevice;
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!value)
        return cux_rt_ret(cudaErrorInvalidValue);
    int linked = can_access(a, b);
    switch (attr) {
    case cudaDevP2PAttrPerformanceRank:
        *value = 0; /* every link alike: all "the most performant" */
        break;
    case cudaDevP2PAttrAccessSupported:
    case cudaDevP2PAttrNativeAtomicSupported:
    case cudaDevP2PAttrCudaArrayAccessSupported:
        *value = linked;
        break;
    case cudaDevP2PAttrOnlyPartialNativeAtomicSupported:
        *value = 0; /* not partial: every atomic is native */
        break;
    default:
        return cux_rt_ret(cudaErrorInvalidValue);
    }
    return cudaSuccess;
}

/* Sets or clears the current device's access to peer, with CUDA's
 * errors: cudaErrorInvalidDevice for a bad ordinal or the current device
 * itself, cudaErrorPeerAccessUnsupported where it cannot be,
 * cudaErrorPeerAccessAlreadyEnabled "if peer access from the current
 * device to peerDevice has already been enabled", and
 * cudaErrorPeerAccessNotEnabled "if direct peer access has not been
 * enabled from the current device". */
static cudaError_t set_peer(int peer, bool enable)
{
    cux_rt_device *dev, *b;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = valid_device(peer, &b);
    if (err == cudaSuccess && b == dev)
        err = cudaErrorInvalidDevice;
    if (err == cudaSuccess && !can_access(dev, b))
        err = cudaErrorPeerAccessUnsupported;
    if (err != cudaSuccess)
        return err;
    uint32_t bit = 1u << peer;
    pthread_mutex_lock(&cux_rt_ctx()->lock);
    if (enable && (dev->peers & bit))
        err = cudaErrorPeerAccessAlreadyEnabled;
    else if (!enable && !(dev->peers & bit))
        err = cudaErrorPeerAccessNotEnabled;
    else
        dev->peers ^= bit;
    pthread_mutex_unlock(&cux_rt_ctx()->lock);
    return err;
}

/* "flags: Reserved for future use and must be set to 0"; access is
 * one-way, from the current device to peerDevice's memory. */
CUX_EXPORT cudaError_t cudaDeviceEnablePeerAccess(int peerDevice,
                                                  unsigned int flags)
{
    cudaError_t err = cux_rt_devices();
    if (err == cudaSuccess && flags != 0)
        err = cudaErrorInvalidValue;
    if (err == cudaSuccess)
        err = set_peer(peerDevice, true);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaDeviceDisablePeerAccess(int peerDevice)
{
    return cux_rt_ret(set_peer(peerDevice, false));
}

/* A reset device's context is gone, and with it its access to peers and
 * theirs to it. */
static void forget_peers(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->lock);
    ctx->devices[device].peers = 0;
    for (int i = 0; i < ctx->n_devices; i++)
        ctx->devices[i].peers &= ~(1u << device);
    pthread_mutex_unlock(&ctx->lock);
}

/* Versions --------------------------------------------------------------- */

CUX_EXPORT cudaError_t cudaDriverGetVersion(int *driverVersion)
{
    if (!driverVersion)
        return cux_rt_ret(cudaErrorInvalidValue);
    *driverVersion = CUDART_VERSION;
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaRuntimeGetVersion(int *runtimeVersion)
{
    if (!runtimeVersion)
        return cux_rt_ret(cudaErrorInvalidValue);
    *runtimeVersion = CUDART_VERSION;
    return cudaSuccess;
}

/* Profiler control: no profiler to start; success, as without one. */
CUX_EXPORT cudaError_t cudaProfilerStart(void)
{
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaProfilerStop(void)
{
    return cudaSuccess;
}
