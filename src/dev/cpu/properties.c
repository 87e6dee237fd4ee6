/* properties.c: what the CPU device reports through cudaDeviceProp.
 * It tells the truth about the machine (name, cores as multiprocessors,
 * memory and last-level cache; several devices each report their share
 * of the cores and all of the memory, which they share) and otherwise
 * the limits of CUDA's compute capability 8.0, whose instructions cux
 * runs as CUDA code uses them (cp.async, mbarrier, redux.sync, bf16, the
 * reserved shared memory, the L2 policy hints),
 * so that code choosing a path or a tile size by capability gets what an
 * sm_80 GPU would give it. */
#include "cpu.h"

#include <stdio.h>
#include <string.h>

static void cpu_model(char *out, size_t len, int *mhz)
{
    snprintf(out, len, "CPU");
    *mhz = 0;
    FILE *file = fopen("/proc/cpuinfo", "r");
    if (!file)
        return;
    char line[512];
    bool have_name = false;
    while (fgets(line, sizeof line, file)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        char *value = colon + 1 + (colon[1] == ' ');
        value[strcspn(value, "\n")] = '\0';
        if (!have_name && !strncmp(line, "model name", 10)) {
            snprintf(out, len, "%s", value);
            have_name = true;
        } else if (!*mhz && !strncmp(line, "cpu MHz", 7)) {
            double value_mhz = 0;
            sscanf(value, "%lf", &value_mhz);
            *mhz = (int)value_mhz;
        }
    }
    fclose(file);
}

/* The size of the CPU's last-level cache, the one all cores share as a
 * GPU's SMs share its L2, from sysfs (glibc's sysconf answers 0 on some
 * CPUs and sums the sockets' caches on others); 0 if unknown. */
static int last_level_cache(void)
{
    int best_level = 0, best_size = 0;
    for (int i = 0; i < 16; i++) {
        char path[96];
        int level = 0, size = 0;
        char unit = 0;
        snprintf(path, sizeof path,
                 "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        FILE *file = fopen(path, "r");
        if (!file)
            break;
        bool ok = fscanf(file, "%d", &level) == 1;
        fclose(file);
        snprintf(path, sizeof path,
                 "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        if (!ok || !(file = fopen(path, "r")))
            continue;
        ok = fscanf(file, "%d%c", &size, &unit) >= 1;
        fclose(file);
        /* sysfs writes "32768K"; anything past 1 GB is not a cache */
        if (ok && unit == 'K' && size > 0 && size < 1024 * 1024 &&
            level > best_level) {
            best_level = level;
            best_size = size * 1024;
        }
    }
    return best_size;
}

void cux_cpu_properties(struct cudaDeviceProp *prop, unsigned threads,
                        size_t memory_bytes, int index, int count)
{
    memset(prop, 0, sizeof(*prop));
    char model[200];
    int mhz;
    cpu_model(model, sizeof model, &mhz);
    if (count > 1)
        snprintf(prop->name, sizeof prop->name, "cux CPU device %d: %s",
                 index, model);
    else
        snprintf(prop->name, sizeof prop->name, "cux CPU: %s", model);
    /* A bus of its own per device, so that cudaDeviceGetPCIBusId and
     * cudaDeviceGetByPCIBusId tell them apart. */
    prop->pciBusID = index;
    prop->totalGlobalMem = memory_bytes;
    /* 8.0's shared memory: 48 KB per block unless a kernel opts in, up to
     * 163 KB; 164 KB per SM, of which the driver keeps 1 KB per block
     * (where cux's sm_80 reserved words fit too: block.c). */
    prop->sharedMemPerBlock = 48 * 1024;
    prop->sharedMemPerBlockOptin = 163 * 1024;
    prop->sharedMemPerMultiprocessor = 164 * 1024;
    prop->reservedSharedMemPerBlock = 1024;
    prop->regsPerBlock = 65536;
    prop->regsPerMultiprocessor = 65536;
    prop->warpSize = 32;
    prop->memPitch = 2147483647;
    prop->maxThreadsPerBlock = 1024;
    prop->maxThreadsDim[0] = 1024;
    prop->maxThreadsDim[1] = 1024;
    prop->maxThreadsDim[2] = 64;
    prop->maxGridSize[0] = 2147483647;
    prop->maxGridSize[1] = 65535;
    prop->maxGridSize[2] = 65535;
    prop->totalConstMem = 64 * 1024;
    prop->major = 8;
    prop->minor = 0;
    prop->textureAlignment = 512;
    prop->texturePitchAlignment = 32;
    prop->multiProcessorCount = (int)threads;
    prop->integrated = 1;
    prop->canMapHostMemory = 1;
    /* one grid at a time has the worker pool (cpu_device.c's launch
     * lock), so two streams' kernels never run at once; copies do run
     * beside a kernel (asyncEngineCount) */
    prop->concurrentKernels = 0;
    prop->asyncEngineCount = 1;
    prop->unifiedAddressing = 1;
    prop->memoryBusWidth = 64;
    int l2 = last_level_cache();
    prop->l2CacheSize = l2 > 0 ? l2 : 1024 * 1024;
    /* L2 persistence (8.0 on): a set-aside of up to 3/4 of the L2, as
     * NVIDIA's 8.x parts allow, and windows up to the 128 MB less 4 KB
     * they report.  Both are hints, kept (rt_stream_attr.c) and checked
     * as CUDA checks them; a CPU cache has no set-aside. */
    prop->persistingL2CacheMaxSize = prop->l2CacheSize / 4 * 3;
    prop->accessPolicyMaxWindowSize = 128 * 1024 * 1024 - 4096;
    prop->maxThreadsPerMultiProcessor = 2048;
    prop->maxBlocksPerMultiProcessor = 32;
    prop->managedMemory = 1;
    prop->concurrentManagedAccess = 1;
    prop->pageableMemoryAccess = 1;
    prop->pageableMemoryAccessUsesHostPageTables = 1;
    prop->directManagedMemAccessFromHost = 1;
    prop->canUseHostPointerForRegisteredMem = 1;
    prop->cooperativeLaunch = 1; /* grid barriers: grid.c */
    prop->computePreemptionSupported = 0;
    prop->globalL1CacheSupported = 1;
    prop->localL1CacheSupported = 1;
    prop->hostNativeAtomicSupported = 1;
    prop->streamPrioritiesSupported = 1;
    /* stream-ordered pools (src/rt/rt_mempool.c), no shareable handles */
    prop->memoryPoolsSupported = 1;
    prop->memoryPoolSupportedHandleTypes = 0;
#if CUDART_VERSION < 13000
    /* Fields CUDA 13 removed from cudaDeviceProp. */
    prop->clockRate = mhz > 0 ? mhz * 1000 : 1000000;
    prop->deviceOverlap = 1;
    prop->memoryClockRate = 1000000;
#endif
    (void)mhz;
}
