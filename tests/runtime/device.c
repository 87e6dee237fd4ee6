/* device.c: device enumeration, selection, properties and attributes,
 * limits, flags, versions and the bad-argument codes of each. */
#include "rt_test.h"

int main(void)
{
    int count = -1, dev = -1;
    OK(cudaGetDeviceCount(&count));
    CHECK(count >= 1);
    EXPECT(cudaGetDeviceCount(NULL), cudaErrorInvalidValue);
    OK(cudaGetDevice(&dev));
    CHECK(dev == 0);
    EXPECT(cudaSetDevice(count), cudaErrorInvalidDevice);
    EXPECT(cudaSetDevice(-1), cudaErrorInvalidDevice);
    OK(cudaSetDevice(0));

    struct cudaDeviceProp prop;
    OK(cudaGetDeviceProperties(&prop, 0));
    EXPECT(cudaGetDeviceProperties(&prop, count), cudaErrorInvalidDevice);
    EXPECT(cudaGetDeviceProperties(NULL, 0), cudaErrorInvalidValue);
    CHECK(prop.name[0] != '\0');
    CHECK(prop.warpSize == 32);
    CHECK(prop.maxThreadsPerBlock == 1024);
    CHECK(prop.major == 8 && prop.minor == 0); /* every sm_80 feature */
    CHECK(prop.totalGlobalMem > 0);

    int v = 0;
    OK(cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 0));
    CHECK(v == prop.warpSize);
    OK(cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0));
    CHECK(v == prop.multiProcessorCount);
    OK(cudaDeviceGetAttribute(&v, cudaDevAttrComputeCapabilityMajor, 0));
    CHECK(v == prop.major);
    OK(cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerBlockOptin,
                              0));
    CHECK((size_t)v == prop.sharedMemPerBlockOptin);
    OK(cudaDeviceGetAttribute(&v, cudaDevAttrReservedSharedMemoryPerBlock,
                              0));
    CHECK(v == 1024 && (size_t)v == prop.reservedSharedMemPerBlock);
    EXPECT(cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, count),
           cudaErrorInvalidDevice);
    EXPECT(cudaDeviceGetAttribute(NULL, cudaDevAttrWarpSize, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaDeviceGetAttribute(&v, (enum cudaDeviceAttr)100000, 0),
           cudaErrorInvalidValue);

    size_t limit = 0;
    OK(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 4 << 20));
    OK(cudaDeviceGetLimit(&limit, cudaLimitPrintfFifoSize));
    CHECK(limit == 4 << 20);
    OK(cudaDeviceSetLimit(cudaLimitStackSize, 8192));
    OK(cudaDeviceGetLimit(&limit, cudaLimitStackSize));
    CHECK(limit == 8192);
    OK(cudaDeviceGetLimit(&limit, cudaLimitMallocHeapSize));
    CHECK(limit > 0);
    EXPECT(cudaDeviceSetLimit((enum cudaLimit)99, 1),
           cudaErrorUnsupportedLimit);

    enum cudaFuncCache cache;
    OK(cudaDeviceSetCacheConfig(cudaFuncCachePreferShared));
    OK(cudaDeviceGetCacheConfig(&cache));
    CHECK(cache == cudaFuncCachePreferShared);
    OK(cudaThreadSetCacheConfig(cudaFuncCachePreferL1));
    OK(cudaThreadGetCacheConfig(&cache));
    CHECK(cache == cudaFuncCachePreferL1);
    OK(cudaDeviceGetCacheConfig(&cache));
    CHECK(cache == cudaFuncCachePreferL1);
    EXPECT(cudaThreadSetCacheConfig((enum cudaFuncCache)9),
           cudaErrorInvalidValue);
    enum cudaSharedMemConfig bank;
    OK(cudaDeviceSetSharedMemConfig(cudaSharedMemBankSizeEightByte));
    OK(cudaDeviceGetSharedMemConfig(&bank));
    CHECK(bank == cudaSharedMemBankSizeEightByte);
    EXPECT(cudaDeviceGetSharedMemConfig(NULL), cudaErrorInvalidValue);

    unsigned flags = 0;
    OK(cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync));
    OK(cudaGetDeviceFlags(&flags));
    CHECK(flags & cudaDeviceScheduleBlockingSync);
    EXPECT(cudaSetDeviceFlags(0x1000), cudaErrorInvalidValue);

    int version = 0;
    OK(cudaDriverGetVersion(&version));
    CHECK(version == CUDART_VERSION);
    OK(cudaRuntimeGetVersion(&version));
    CHECK(version == CUDART_VERSION);

    size_t free_mem = 0, total = 0;
    OK(cudaMemGetInfo(&free_mem, &total));
    CHECK(total > 0 && free_mem <= total);

    int peer = -1;
    OK(cudaDeviceCanAccessPeer(&peer, 0, 0));
    CHECK(peer == 0);
    int least = 1, greatest = 1;
    OK(cudaDeviceGetStreamPriorityRange(&least, &greatest));
    CHECK(least == 0 && greatest < 0);
    OK(cudaChooseDevice(&dev, &prop));
    CHECK(dev == 0);
    char bus[32];
    OK(cudaDeviceGetPCIBusId(bus, sizeof bus, 0));
    OK(cudaDeviceGetByPCIBusId(&dev, bus));
    CHECK(dev == 0);
    OK(cudaProfilerStart());
    OK(cudaProfilerStop());
    OK(cudaDeviceSynchronize());
    OK(cudaThreadSynchronize());
    OK(cudaDeviceReset());
    OK(cudaDeviceGetCacheConfig(&cache));
    CHECK(cache == cudaFuncCachePreferNone);
    return finish("device");
}
