/* cuda_occupancy.h: CUDA's header-only occupancy calculator, for cux.
 *
 * The same interface as the header of that name in NVIDIA's toolkit
 * (Thrust includes it; programs call it to size launches without a
 * device): how many blocks of a function fit on one multiprocessor, what
 * limits them, and which block size fills a multiprocessor best.
 *
 * The model is CUDA's: a block is resident while the SM has warp slots,
 * block slots, registers and shared memory for it, so the answer is the
 * least of five quotients (plus named barriers from 9.0 and virtual
 * resources from 10.0).  Registers go to whole warps in 256-register
 * units, each warp's from one of the SM's sub-partitions; shared memory
 * goes to blocks in 128-byte units (256 before 8.0), out of the carveout
 * of the unified L1/shared memory that the device state prefers.  What
 * cudaOccDeviceProp does not report (block slots, granularities, the
 * carveout sizes) comes from the compute capability, in cux_occ_arch.
 *
 * Everything here is static inline so that C and C++ programs can
 * include it from several files; in CUDA sources it is also device code,
 * as in NVIDIA's header.  C users zero the structures ({0}) and fill in
 * what they know; C++ users may build them from cudaDeviceProp and
 * cudaFuncAttributes. */
#ifndef CUX_CUDA_OCCUPANCY_H
#define CUX_CUDA_OCCUPANCY_H
/* NVIDIA's guard name, for code that tests whether it was included. */
#define __cuda_occupancy_h__

#include <limits.h>
#include <stddef.h>

#if defined(__CUDA__)
#define CUX_OCC_HD __attribute__((host, device))
#else
#define CUX_OCC_HD
#endif
#define CUX_OCC_FN static inline CUX_OCC_HD

/* The newest compute capability the tables below know. */
#define __CUDA_OCC_MAJOR__ 12
#define __CUDA_OCC_MINOR__ 1

typedef enum cudaOccError_enum {
    CUDA_OCC_SUCCESS = 0,
    CUDA_OCC_ERROR_INVALID_INPUT = 1,
    CUDA_OCC_ERROR_UNKNOWN_DEVICE = 2 /* compute capability not in tables */
} cudaOccError;

typedef struct cudaOccResult cudaOccResult;
typedef struct cudaOccDeviceProp cudaOccDeviceProp;
typedef struct cudaOccFuncAttributes cudaOccFuncAttributes;
typedef struct cudaOccDeviceState cudaOccDeviceState;

struct cudaOccDeviceProp {
    int computeMajor;
    int computeMinor;
    int maxThreadsPerBlock;
    int maxThreadsPerMultiprocessor;   /* warp slots x warpSize */
    int regsPerBlock;
    int regsPerMultiprocessor;
    int warpSize;
    size_t sharedMemPerBlock;
    size_t sharedMemPerMultiprocessor;
    int numSms;
    size_t sharedMemPerBlockOptin;     /* cudaFuncSetAttribute's ceiling */
    size_t reservedSharedMemPerBlock;  /* the driver's share, 8.0 on */
#ifdef __cplusplus
    /* From cudaDeviceProp (or anything with its field names), so that
     * `cudaOccDeviceProp occ = prop;` works as with NVIDIA's header. */
    template <typename DeviceProp>
    CUX_OCC_HD cudaOccDeviceProp(const DeviceProp &p)
        : computeMajor(p.major), computeMinor(p.minor),
          maxThreadsPerBlock(p.maxThreadsPerBlock),
          maxThreadsPerMultiprocessor(p.maxThreadsPerMultiProcessor),
          regsPerBlock(p.regsPerBlock),
          regsPerMultiprocessor(p.regsPerMultiprocessor),
          warpSize(p.warpSize), sharedMemPerBlock(p.sharedMemPerBlock),
          sharedMemPerMultiprocessor(p.sharedMemPerMultiprocessor),
          numSms(p.multiProcessorCount),
          sharedMemPerBlockOptin(p.sharedMemPerBlockOptin),
          reservedSharedMemPerBlock(p.reservedSharedMemPerBlock) {}
    CUX_OCC_HD cudaOccDeviceProp()
        : computeMajor(0), computeMinor(0), maxThreadsPerBlock(0),
          maxThreadsPerMultiprocessor(0), regsPerBlock(0),
          regsPerMultiprocessor(0), warpSize(0), sharedMemPerBlock(0),
          sharedMemPerMultiprocessor(0), numSms(0),
          sharedMemPerBlockOptin(0), reservedSharedMemPerBlock(0) {}
#endif
};

/* Partitioned global caching (5.2, 5.3, 6.1 on) keeps a block in one half
 * of the SM; the driver turns it off when a block would not fit, unless
 * ON_STRICT asks the calculator to assume it stays on. */
typedef enum cudaOccPartitionedGCConfig_enum {
    PARTITIONED_GC_OFF,
    PARTITIONED_GC_ON,
    PARTITIONED_GC_ON_STRICT
} cudaOccPartitionedGCConfig;

/* Whether the function opted in (cudaFuncSetAttribute) to more than
 * sharedMemPerBlock, up to sharedMemPerBlockOptin. */
typedef enum cudaOccFuncShmemConfig_enum {
    FUNC_SHMEM_LIMIT_DEFAULT,
    FUNC_SHMEM_LIMIT_OPTIN
} cudaOccFuncShmemConfig;

struct cudaOccFuncAttributes {
    int maxThreadsPerBlock;   /* INT_MAX or the device's if unbounded */
    int numRegs;              /* per thread; 0 for a kernel without any */
    size_t sharedSizeBytes;   /* static shared memory */
    cudaOccPartitionedGCConfig partitionedGCConfig;
    cudaOccFuncShmemConfig shmemLimitConfig;
    size_t maxDynamicSharedSizeBytes;  /* enforced when opted in */
    int numBlockBarriers;     /* named barrier sets; 0 leaves them out */
    int virtualResourceCount;
#ifdef __cplusplus
    /* From cudaFuncAttributes: the runtime's attributes carry the
     * function's own limit, so it counts as opted in. */
    template <typename FuncAttributes>
    CUX_OCC_HD cudaOccFuncAttributes(const FuncAttributes &a)
        : maxThreadsPerBlock(a.maxThreadsPerBlock), numRegs(a.numRegs),
          sharedSizeBytes(a.sharedSizeBytes),
          partitionedGCConfig(PARTITIONED_GC_OFF),
          shmemLimitConfig(FUNC_SHMEM_LIMIT_OPTIN),
          maxDynamicSharedSizeBytes((size_t)a.maxDynamicSharedSizeBytes),
          numBlockBarriers(1), virtualResourceCount(0) {}
    CUX_OCC_HD cudaOccFuncAttributes()
        : maxThreadsPerBlock(0), numRegs(0), sharedSizeBytes(0),
          partitionedGCConfig(PARTITIONED_GC_OFF),
          shmemLimitConfig(FUNC_SHMEM_LIMIT_DEFAULT),
          maxDynamicSharedSizeBytes(0), numBlockBarriers(0),
          virtualResourceCount(0) {}
#endif
};

/* cudaFuncSetCacheConfig's preference; what counts from 7.0 on is the
 * carveout below, which this only stands in for when that is DEFAULT. */
typedef enum cudaOccCacheConfig_enum {
    CACHE_PREFER_NONE = 0x00,
    CACHE_PREFER_SHARED = 0x01,
    CACHE_PREFER_L1 = 0x02,
    CACHE_PREFER_EQUAL = 0x03
} cudaOccCacheConfig;

/* Percent of the SM's shared memory capacity to carve out of L1 (any of
 * 0..100 is valid, these are the named points). */
typedef enum cudaOccCarveoutConfig_enum {
    SHAREDMEM_CARVEOUT_DEFAULT = -1,
    SHAREDMEM_CARVEOUT_MAX_SHARED = 100,
    SHAREDMEM_CARVEOUT_MAX_L1 = 0,
    SHAREDMEM_CARVEOUT_HALF = 50
} cudaOccCarveoutConfig;

struct cudaOccDeviceState {
    cudaOccCacheConfig cacheConfig;
    int carveoutConfig;       /* a cudaOccCarveoutConfig or a percent */
#ifdef __cplusplus
    CUX_OCC_HD cudaOccDeviceState()
        : cacheConfig(CACHE_PREFER_NONE),
          carveoutConfig(SHAREDMEM_CARVEOUT_DEFAULT) {}
#endif
};

/* Bits of cudaOccResult.limitingFactors: every limit equal to the result
 * is named, so a tie sets several. */
typedef enum cudaOccLimitingFactor_enum {
    OCC_LIMIT_WARPS = 0x01,
    OCC_LIMIT_REGISTERS = 0x02,
    OCC_LIMIT_SHARED_MEMORY = 0x04,
    OCC_LIMIT_BLOCKS = 0x08,
    OCC_LIMIT_BARRIERS = 0x10,
    OCC_LIMIT_VIRTUAL_RESOURCES = 0x20
} cudaOccLimitingFactor;

struct cudaOccResult {
    int activeBlocksPerMultiprocessor;  /* 0: the launch cannot run */
    unsigned int limitingFactors;       /* cudaOccLimitingFactor bits */
    int blockLimitRegs;                 /* INT_MAX without registers */
    int blockLimitSharedMem;            /* INT_MAX without shared memory */
    int blockLimitWarps;
    int blockLimitBlocks;
    int blockLimitBarriers;             /* INT_MAX where not counted */
    int blockLimitVirtual;              /* INT_MAX where not counted */
    int allocatedRegistersPerBlock;
    size_t allocatedSharedMemPerBlock;
    cudaOccPartitionedGCConfig partitionedGCConfig;  /* as it ends up */
};

typedef enum cudaOccPartitionedGCSupport_enum {
    PARTITIONED_GC_NOT_SUPPORTED,
    PARTITIONED_GC_SUPPORTED
} cudaOccPartitionedGCSupport;

/* ---- architecture tables --------------------------------------------- */

/* What the calculator needs of an architecture beyond cudaOccDeviceProp. */
struct cux_occ_arch {
    int blocks;         /* resident blocks per SM */
    int smem_unit;      /* shared memory allocation granularity, bytes */
    int max_regs;       /* registers one thread may have */
    int subparts;       /* SM sub-partitions; a warp's registers are in one */
    int barriers;       /* named-barrier sets per block slot (9.0 on) */
    int virtual_res;    /* virtual resources per SM; 0: not counted */
    int carveouts;      /* bit i: cux_occ_carveout_kb(i) offered; 0: fixed */
    int partitioned_gc; /* partitioned global caching exists */
};

/* Carveout masks over the sizes of cux_occ_carveout_kb. */
#define CUX_OCC_VOLTA 0x03f   /* 0 to 96 KB */
#define CUX_OCC_TURING 0x018  /* 32 or 64 KB */
#define CUX_OCC_UP100 0x05f   /* 0 to 64, then 100 KB */
#define CUX_OCC_UP164 0x1df   /* ... 132 and 164 KB */
#define CUX_OCC_UP228 0x7df   /* ... 196 and 228 KB */

/* The sizes, in KB, that SMs with a unified L1 split their memory at. */
CUX_OCC_FN int cux_occ_carveout_kb(int i)
{
    switch (i) {
    case 0: return 0;
    case 1: return 8;
    case 2: return 16;
    case 3: return 32;
    case 4: return 64;
    case 5: return 96;
    case 6: return 100;
    case 7: return 132;
    case 8: return 164;
    case 9: return 196;
    default: return 228;
    }
}

/* Fills *a for the device's compute capability (the CUDA Programming
 * Guide's per-capability limits; 10.1 is the part later renumbered 11.0,
 * so both get its numbers).  A capability the tables lack is an error
 * rather than a guess: a wrong occupancy is believed. */
CUX_OCC_FN cudaOccError cux_occ_arch(struct cux_occ_arch *a,
                                     const cudaOccDeviceProp *p)
{
    int major = p->computeMajor, minor = p->computeMinor;
    a->blocks = 32;
    a->smem_unit = major >= 8 ? 128 : 256;
    a->max_regs = major >= 7 ? 256 : 255;
    a->subparts = 4;
    a->barriers = 2;
    a->virtual_res = major >= 10 ? 128 : 0;
    a->carveouts = 0;
    a->partitioned_gc = 0;
    switch (major) {
    case 3:
        a->blocks = 16;
        break;
    case 5:
        a->partitioned_gc = minor == 2 || minor == 3;
        break;
    case 6:
        a->subparts = minor == 0 ? 2 : 4;
        a->partitioned_gc = minor != 0;
        break;
    case 7:
        a->blocks = minor == 5 ? 16 : 32;
        a->carveouts = minor == 5 ? CUX_OCC_TURING : CUX_OCC_VOLTA;
        break;
    case 8:
        a->blocks = minor == 0 ? 32 : minor == 9 ? 24 : 16;
        a->barriers = minor == 0 ? 2 : 1;
        a->carveouts = minor == 0 || minor == 7 ? CUX_OCC_UP164
                                                : CUX_OCC_UP100;
        break;
    case 9:
        a->carveouts = CUX_OCC_UP228;
        break;
    case 10:
    case 11:
        if (minor != 0 && minor != 1 && minor != 3)
            return CUDA_OCC_ERROR_UNKNOWN_DEVICE;
        if (minor == (major == 10 ? 1 : 0)) {
            a->blocks = 24;
            a->barriers = 1;
        }
        a->carveouts = CUX_OCC_UP228;
        break;
    case 12:
        if (minor != 0 && minor != 1)
            return CUDA_OCC_ERROR_UNKNOWN_DEVICE;
        a->blocks = 24;
        a->barriers = 1;
        a->carveouts = CUX_OCC_UP100;
        break;
    default:
        return CUDA_OCC_ERROR_UNKNOWN_DEVICE;
    }
    return CUDA_OCC_SUCCESS;
}

/* ---- helpers ----------------------------------------------------------- */

CUX_OCC_FN int cux_occ_min(int a, int b) { return a < b ? a : b; }

CUX_OCC_FN int cux_occ_round_up(int x, int unit)
{
    return (x + unit - 1) / unit * unit;
}

/* Rounds *bytes up to the smallest carveout the SM offers.  A device with
 * more shared memory than NVIDIA's parts of its capability (a simulator's,
 * or cux's CPU device before it reported 8.0's own 164 KB) gets what it
 * asks up to its capacity, since the table does not describe it; on
 * NVIDIA's parts the largest carveout is the capacity, so this changes
 * none of their answers. */
CUX_OCC_FN cudaOccError cux_occ_carveout(size_t *bytes,
                                         const struct cux_occ_arch *a,
                                         const cudaOccDeviceProp *p)
{
    for (int i = 0; i < 11; i++) {
        size_t size = (size_t)cux_occ_carveout_kb(i) * 1024;
        if (((a->carveouts >> i) & 1) && *bytes <= size) {
            *bytes = size;
            return CUDA_OCC_SUCCESS;
        }
    }
    return *bytes <= p->sharedMemPerMultiprocessor
               ? CUDA_OCC_SUCCESS : CUDA_OCC_ERROR_INVALID_INPUT;
}

/* The shared memory per SM the device state asks for: from 7.0 the
 * carveout percent (or the cache preference mapped to one), rounded up to
 * a size the SM offers; on 3.x the L1 split of 16, 32 or 48 KB; on 5.x
 * and 6.x shared memory is separate and all of it is available. */
CUX_OCC_FN cudaOccError cux_occ_smem_pref(size_t *bytes,
                                          const struct cux_occ_arch *a,
                                          const cudaOccDeviceProp *p,
                                          const cudaOccDeviceState *s)
{
    size_t full = p->sharedMemPerMultiprocessor;
    int percent = s->carveoutConfig;
    if (p->computeMajor >= 7) {
        if (percent < SHAREDMEM_CARVEOUT_DEFAULT ||
            percent > SHAREDMEM_CARVEOUT_MAX_SHARED)
            return CUDA_OCC_ERROR_INVALID_INPUT;
        if (percent == SHAREDMEM_CARVEOUT_DEFAULT)
            percent = s->cacheConfig == CACHE_PREFER_L1 ? 0
                    : s->cacheConfig == CACHE_PREFER_SHARED ? 100
                    : s->cacheConfig == CACHE_PREFER_EQUAL ? 50 : 100;
        *bytes = full * (size_t)percent / 100;
        return cux_occ_carveout(bytes, a, p);
    }
    /* Kepler: 64 KB of L1 and shared, the L1 part 16 KB (the full shared
     * size reported), 48 KB (32 KB less) or half way. */
    *bytes = full;
    if (p->computeMajor == 3 && s->cacheConfig == CACHE_PREFER_L1)
        *bytes = full - 32768;
    else if (p->computeMajor == 3 && s->cacheConfig == CACHE_PREFER_EQUAL)
        *bytes = full - 16384;
    return CUDA_OCC_SUCCESS;
}

/* The most shared memory one block may have, with the driver's reserve
 * (8.0 on).  Opting in raises it only for a function that needs more
 * than the default (`need`: its static, reserve and dynamic maximum). */
CUX_OCC_FN size_t cux_occ_block_smem(const cudaOccDeviceProp *p,
                                     cudaOccFuncShmemConfig config,
                                     size_t need)
{
    size_t limit = p->sharedMemPerBlock;
    if (p->computeMajor >= 7 && config == FUNC_SHMEM_LIMIT_OPTIN &&
        need > p->sharedMemPerBlock)
        limit = p->sharedMemPerBlockOptin;
    return p->computeMajor >= 8 ? limit + p->reservedSharedMemPerBlock
                                : limit;
}

/* Every count in cudaOccDeviceProp must be positive (a zeroed C struct
 * with one field forgotten is the usual mistake); the compute capability
 * is checked against the tables. */
CUX_OCC_FN cudaOccError cux_occ_check(const cudaOccDeviceProp *p,
                                      const cudaOccFuncAttributes *f)
{
    if (p->maxThreadsPerBlock <= 0 || p->maxThreadsPerMultiprocessor <= 0 ||
        p->regsPerBlock <= 0 || p->regsPerMultiprocessor <= 0 ||
        p->warpSize <= 0 || p->sharedMemPerBlock == 0 ||
        p->sharedMemPerMultiprocessor == 0 || p->numSms <= 0 ||
        f->maxThreadsPerBlock <= 0 || f->numRegs < 0)
        return CUDA_OCC_ERROR_INVALID_INPUT;
    return CUDA_OCC_SUCCESS;
}

/* ---- the limits -------------------------------------------------------- */

/* Blocks the SM's warp slots hold; with partitioned caching each half
 * holds whole blocks. */
CUX_OCC_FN int cux_occ_warps_limit(const cudaOccDeviceProp *p,
                                   cudaOccPartitionedGCConfig gc,
                                   int block_size, int warps)
{
    int slots = p->maxThreadsPerMultiprocessor / p->warpSize;
    if (block_size > p->maxThreadsPerBlock)
        return 0;
    if (gc != PARTITIONED_GC_OFF)
        return slots / 2 / warps * 2;
    return slots / warps;
}

/* Blocks the register file holds.  A warp gets numRegs x warpSize
 * registers rounded up to 256, all from one sub-partition, so the SM holds
 * whole warps per sub-partition.  The launch check also models a block's
 * warps as spread over every sub-partition at once, rounding their count
 * up to a multiple of the sub-partitions.  May turn *gc off, as the
 * driver does when caching would leave no room. */
CUX_OCC_FN int cux_occ_regs_limit(cudaOccResult *r,
                                  cudaOccPartitionedGCConfig *gc,
                                  const struct cux_occ_arch *a,
                                  const cudaOccDeviceProp *p,
                                  const cudaOccFuncAttributes *f, int warps)
{
    int per_warp = cux_occ_round_up(f->numRegs * p->warpSize, 256);
    int per_sub, fit;
    r->allocatedRegistersPerBlock = per_warp * warps;
    if (f->numRegs > a->max_regs || per_warp * warps > p->regsPerBlock ||
        per_warp * cux_occ_round_up(warps, a->subparts) > p->regsPerBlock)
        return 0;
    if (per_warp == 0)
        return INT_MAX;
    per_sub = p->regsPerMultiprocessor / a->subparts / per_warp;
    if (*gc != PARTITIONED_GC_OFF) {
        fit = per_sub * (a->subparts / 2) / warps * 2;
        if (fit > 0 || *gc == PARTITIONED_GC_ON_STRICT)
            return fit;
        *gc = PARTITIONED_GC_OFF;
    }
    return per_sub * a->subparts / warps;
}

/* Blocks the shared memory holds.  The device state's carveout is a
 * preference: when one block needs more, the SM grows its carveout to fit
 * it (7.0 on) or has all of its memory anyway (before). */
CUX_OCC_FN cudaOccError cux_occ_smem_limit(int *limit, cudaOccResult *r,
                                           const struct cux_occ_arch *a,
                                           const cudaOccDeviceProp *p,
                                           const cudaOccFuncAttributes *f,
                                           const cudaOccDeviceState *s,
                                           size_t dynamic)
{
    size_t fixed = f->sharedSizeBytes + p->reservedSharedMemPerBlock;
    size_t unit = (size_t)a->smem_unit;
    size_t alloc = (fixed + dynamic + unit - 1) / unit * unit;
    size_t sm;
    cudaOccError err = cux_occ_smem_pref(&sm, a, p, s);
    if (err != CUDA_OCC_SUCCESS)
        return err;
    r->allocatedSharedMemPerBlock = alloc;
    /* An opted-in function launches with at most its own dynamic limit. */
    if ((f->shmemLimitConfig != FUNC_SHMEM_LIMIT_DEFAULT &&
         dynamic > f->maxDynamicSharedSizeBytes) ||
        alloc > cux_occ_block_smem(p, f->shmemLimitConfig,
                                   fixed + f->maxDynamicSharedSizeBytes)) {
        *limit = 0;
        return CUDA_OCC_SUCCESS;
    }
    if (sm < alloc && p->computeMajor >= 7) {
        sm = alloc;
        err = cux_occ_carveout(&sm, a, p);
        if (err != CUDA_OCC_SUCCESS)
            return err;
    } else if (sm < alloc) {
        sm = p->sharedMemPerMultiprocessor;
    }
    *limit = alloc ? (int)(sm / alloc) : INT_MAX;
    return CUDA_OCC_SUCCESS;
}

/* ---- the API ----------------------------------------------------------- */

/* Blocks of blockSize threads, each with dynamicSmemSize bytes of dynamic
 * shared memory, that one SM runs at once, and what limits them.  An
 * activeBlocksPerMultiprocessor of 0 with CUDA_OCC_SUCCESS means the
 * launch cannot run at all. */
CUX_OCC_FN cudaOccError cudaOccMaxActiveBlocksPerMultiprocessor(
    cudaOccResult *result, const cudaOccDeviceProp *properties,
    const cudaOccFuncAttributes *attributes,
    const cudaOccDeviceState *state, int blockSize, size_t dynamicSmemSize)
{
    struct cux_occ_arch a;
    cudaOccPartitionedGCConfig gc;
    cudaOccError err;
    int warps, regs, smem, threads, virt, bars = INT_MAX, n;
    unsigned int why = 0;
    if (!result || !properties || !attributes || !state || blockSize <= 0)
        return CUDA_OCC_ERROR_INVALID_INPUT;
    if ((err = cux_occ_check(properties, attributes)) != CUDA_OCC_SUCCESS ||
        (err = cux_occ_arch(&a, properties)) != CUDA_OCC_SUCCESS)
        return err;
    gc = a.partitioned_gc ? attributes->partitionedGCConfig
                          : PARTITIONED_GC_OFF;
    warps = (blockSize + properties->warpSize - 1) / properties->warpSize;
    regs = cux_occ_regs_limit(result, &gc, &a, properties, attributes, warps);
    if (properties->computeMajor == 6 && properties->computeMinor == 0 &&
        regs > 0) {
        /* GP100 has 2 sub-partitions and the other Pascals 4: what cannot
         * run on those is not let run on GP100 either, so that a binary
         * behaves alike across the family. */
        struct cux_occ_arch gp10x = a;
        cudaOccPartitionedGCConfig gc10x = gc;
        gp10x.subparts = 4;
        if (!cux_occ_regs_limit(result, &gc10x, &gp10x, properties,
                                attributes, warps))
            regs = 0;
    }
    threads = cux_occ_warps_limit(properties, gc, blockSize, warps);
    err = cux_occ_smem_limit(&smem, result, &a, properties, attributes,
                             state, dynamicSmemSize);
    if (err != CUDA_OCC_SUCCESS)
        return err;
    virt = a.virtual_res > 0 && attributes->virtualResourceCount > 0
               ? a.virtual_res / attributes->virtualResourceCount : INT_MAX;
    if (properties->computeMajor >= 9 && attributes->numBlockBarriers > 0)
        bars = a.blocks * a.barriers / attributes->numBlockBarriers;
    n = cux_occ_min(cux_occ_min(cux_occ_min(regs, smem), bars),
                    cux_occ_min(cux_occ_min(threads, a.blocks), virt));
    why |= n == threads ? OCC_LIMIT_WARPS : 0;
    why |= n == regs ? OCC_LIMIT_REGISTERS : 0;
    why |= n == smem ? OCC_LIMIT_SHARED_MEMORY : 0;
    why |= n == a.blocks ? OCC_LIMIT_BLOCKS : 0;
    why |= n == bars ? OCC_LIMIT_BARRIERS : 0;
    why |= n == virt ? OCC_LIMIT_VIRTUAL_RESOURCES : 0;
    result->activeBlocksPerMultiprocessor = n;
    result->limitingFactors = why;
    result->blockLimitRegs = regs;
    result->blockLimitSharedMem = smem;
    result->blockLimitWarps = threads;
    result->blockLimitBlocks = a.blocks;
    result->blockLimitBarriers = bars;
    result->blockLimitVirtual = virt;
    result->partitionedGCConfig = gc;
    return CUDA_OCC_SUCCESS;
}

/* The most dynamic shared memory each block may have so that numBlocks
 * blocks of blockSize threads share one SM.  One block alone may have
 * everything a block may have; several divide the preferred carveout.
 * The driver's per-block reserve is left out of the answer, so that a
 * launch with exactly that much still fits, and an opted-in function's
 * own limit caps it. */
CUX_OCC_FN cudaOccError cudaOccAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, const cudaOccDeviceProp *properties,
    const cudaOccFuncAttributes *attributes,
    const cudaOccDeviceState *state, int numBlocks, int blockSize)
{
    struct cux_occ_arch a;
    cudaOccResult r;
    size_t limit, sm, fixed, avail;
    cudaOccError err;
    if (!dynamicSmemSize || numBlocks <= 0)
        return CUDA_OCC_ERROR_INVALID_INPUT;
    err = cudaOccMaxActiveBlocksPerMultiprocessor(&r, properties, attributes,
                                                  state, blockSize, 0);
    if (err != CUDA_OCC_SUCCESS)
        return err;
    if (r.activeBlocksPerMultiprocessor < numBlocks)
        return CUDA_OCC_ERROR_INVALID_INPUT;
    cux_occ_arch(&a, properties);
    limit = cux_occ_block_smem(properties, attributes->shmemLimitConfig,
                               properties->sharedMemPerMultiprocessor);
    if (numBlocks == 1) {
        sm = limit;
    } else if ((err = cux_occ_smem_pref(&sm, &a, properties, state)) !=
               CUDA_OCC_SUCCESS) {
        return err;
    } else if (sm == 0) {
        /* MAX_L1 prefers none, but the SM grows to its smallest carveout
         * that holds anything. */
        sm = 1;
        if ((err = cux_occ_carveout(&sm, &a, properties)) != CUDA_OCC_SUCCESS)
            return err;
    }
    avail = sm / (size_t)numBlocks / (size_t)a.smem_unit * (size_t)a.smem_unit;
    if (avail > limit)
        avail = limit;
    fixed = attributes->sharedSizeBytes + properties->reservedSharedMemPerBlock;
    avail = avail > fixed ? avail - fixed : 0;
    if (attributes->shmemLimitConfig != FUNC_SHMEM_LIMIT_DEFAULT &&
        avail > attributes->maxDynamicSharedSizeBytes)
        avail = attributes->maxDynamicSharedSizeBytes;
    *dynamicSmemSize = avail;
    return CUDA_OCC_SUCCESS;
}

/* The search behind both block-size suggestions: every block size from
 * the largest the function and device allow down to one warp, in warp
 * steps (the first is the limit itself if not a whole number of warps),
 * keeping the first that runs the most threads per SM; the larger block
 * wins a tie as it needs fewer blocks.  A full SM ends the search.
 * smem(ctx, size) is the dynamic shared memory a block of size needs. */
CUX_OCC_FN cudaOccError cux_occ_search(
    int *minGridSize, int *blockSize, const cudaOccDeviceProp *properties,
    const cudaOccFuncAttributes *attributes,
    const cudaOccDeviceState *state, size_t (*smem)(void *, int), void *ctx)
{
    cudaOccResult r;
    cudaOccError err;
    int step, limit, best = 0, best_blocks = 0, best_threads = 0;
    if (!minGridSize || !blockSize || !properties || !attributes || !state)
        return CUDA_OCC_ERROR_INVALID_INPUT;
    if ((err = cux_occ_check(properties, attributes)) != CUDA_OCC_SUCCESS)
        return err;
    step = properties->warpSize;
    limit = cux_occ_min(properties->maxThreadsPerBlock,
                        attributes->maxThreadsPerBlock);
    for (int up = cux_occ_round_up(limit, step); up > 0; up -= step) {
        int size = cux_occ_min(limit, up);
        err = cudaOccMaxActiveBlocksPerMultiprocessor(
            &r, properties, attributes, state, size, smem(ctx, size));
        if (err != CUDA_OCC_SUCCESS)
            return err;
        if (size * r.activeBlocksPerMultiprocessor > best_threads) {
            best = size;
            best_blocks = r.activeBlocksPerMultiprocessor;
            best_threads = size * best_blocks;
        }
        if (best_threads == properties->maxThreadsPerMultiprocessor)
            break;
    }
    *minGridSize = best_blocks * properties->numSms;
    *blockSize = best;
    return CUDA_OCC_SUCCESS;
}

/* The C API's two ways to give the dynamic shared memory: a function of
 * the block size, or (function NULL) one size for all. */
struct cux_occ_smem_fn {
    size_t (*fn)(int);
    size_t size;
};

CUX_OCC_FN size_t cux_occ_smem_c(void *ctx, int block_size)
{
    const struct cux_occ_smem_fn *f = (const struct cux_occ_smem_fn *)ctx;
    return f->fn ? f->fn(block_size) : f->size;
}

/* The block size that runs the most threads per SM (*blockSize, 0 if none
 * can run) and the grid that fills the device with it (*minGridSize). */
CUX_OCC_FN cudaOccError cudaOccMaxPotentialOccupancyBlockSize(
    int *minGridSize, int *blockSize, const cudaOccDeviceProp *properties,
    const cudaOccFuncAttributes *attributes,
    const cudaOccDeviceState *state,
    size_t (*blockSizeToDynamicSMemSize)(int), size_t dynamicSMemSize)
{
    struct cux_occ_smem_fn f;
    f.fn = blockSizeToDynamicSMemSize;
    f.size = dynamicSMemSize;
    return cux_occ_search(minGridSize, blockSize, properties, attributes,
                          state, cux_occ_smem_c, &f);
}

#if defined(__cplusplus)
/* C++: the same with a constant size, defaulting to none... */
CUX_OCC_FN cudaOccError cudaOccMaxPotentialOccupancyBlockSize(
    int *minGridSize, int *blockSize, const cudaOccDeviceProp *properties,
    const cudaOccFuncAttributes *attributes,
    const cudaOccDeviceState *state, size_t dynamicSMemSize = 0)
{
    return cudaOccMaxPotentialOccupancyBlockSize(
        minGridSize, blockSize, properties, attributes, state,
        (size_t (*)(int))0, dynamicSMemSize);
}

template <typename UnaryFunction>
CUX_OCC_FN size_t cux_occ_smem_functor(void *ctx, int block_size)
{
    return (*(UnaryFunction *)ctx)(block_size);
}

/* ...and with any callable (function, functor, lambda) of the size. */
template <typename UnaryFunction>
CUX_OCC_FN cudaOccError cudaOccMaxPotentialOccupancyBlockSizeVariableSMem(
    int *minGridSize, int *blockSize, const cudaOccDeviceProp *properties,
    const cudaOccFuncAttributes *attributes,
    const cudaOccDeviceState *state,
    UnaryFunction blockSizeToDynamicSMemSize)
{
    return cux_occ_search(minGridSize, blockSize, properties, attributes,
                          state, cux_occ_smem_functor<UnaryFunction>,
                          &blockSizeToDynamicSMemSize);
}
#endif /* __cplusplus */

#undef CUX_OCC_VOLTA
#undef CUX_OCC_TURING
#undef CUX_OCC_UP100
#undef CUX_OCC_UP164
#undef CUX_OCC_UP228
#endif /* CUX_CUDA_OCCUPANCY_H */
