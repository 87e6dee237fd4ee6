/* properties.c: what the CPU device reports through cudaDeviceProp.
 * It tells the truth about the machine (name, cores as multiprocessors,
 * memory; several devices each report their share of the cores and all
 * of the memory, which they share) and the CUDA limits the device implements (compute capability
 * 7.5: every sm_75 feature works; sm_80 instructions do not yet). */
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
    prop->sharedMemPerBlock = 48 * 1024;
    prop->sharedMemPerBlockOptin = 227 * 1024;
    prop->sharedMemPerMultiprocessor = 228 * 1024;
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
    prop->major = 7;
    prop->minor = 5;
    prop->textureAlignment = 512;
    prop->texturePitchAlignment = 32;
    prop->multiProcessorCount = (int)threads;
    prop->integrated = 1;
    prop->canMapHostMemory = 1;
    prop->concurrentKernels = 1;
    prop->asyncEngineCount = 1;
    prop->unifiedAddressing = 1;
    prop->memoryBusWidth = 64;
    prop->l2CacheSize = 1024 * 1024;
    prop->maxThreadsPerMultiProcessor = 1024;
    prop->maxBlocksPerMultiProcessor = 16;
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
