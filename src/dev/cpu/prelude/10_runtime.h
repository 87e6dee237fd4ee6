/* 10_runtime.h: what generated CPU code and the CPU device share: lane
 * vector types, the block and warp contexts, and small lane helpers. */
#ifndef CUX_CPU_RUNTIME_H
#define CUX_CPU_RUNTIME_H

#include <fenv.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One PTX register of a warp: 32 lanes of its type. */
typedef uint16_t cux_vu16 __attribute__((vector_size(64)));
/* 32 bytes as memory holds them: what a warp's byte loads read at once
 * before widening to the 16-bit lanes that hold 8-bit registers. */
typedef uint8_t cux_vu8 __attribute__((vector_size(32)));
typedef int8_t cux_vs8 __attribute__((vector_size(32)));
typedef int16_t cux_vs16 __attribute__((vector_size(64)));
typedef uint32_t cux_vu32 __attribute__((vector_size(128)));
typedef int32_t cux_vs32 __attribute__((vector_size(128)));
typedef float cux_vf32 __attribute__((vector_size(128)));
typedef uint64_t cux_vu64 __attribute__((vector_size(256)));
typedef int64_t cux_vs64 __attribute__((vector_size(256)));
typedef double cux_vf64 __attribute__((vector_size(256)));

enum { CUX_WARP_SIZE = 32 };

typedef struct cux_cpu_services cux_cpu_services;

/* One thread block in flight on a worker.  Read-only to generated code
 * except `fault`. */
typedef struct cux_cpu_block {
    uint32_t ctaid[3], nctaid[3], ntid[3];
    uint32_t nthreads;           /* ntid.x * ntid.y * ntid.z */
    char *shared;                /* static then dynamic shared memory */
    uint32_t shared_bytes;
    uint32_t dynamic_smem;
    uint32_t cooperative;        /* 1 in a cooperative launch: the grid
                                    barrier may be used */
    uint64_t grid_workspace;     /* cooperative launch: the address of
                                    the launch's grid workspace (grid.c),
                                    which %envreg1 (high half) and
                                    %envreg2 (low) give, as a GPU driver
                                    passes its own to nvcc's grid.sync();
                                    else 0 */
    const char *params;          /* packed kernel parameters */
    const cux_cpu_services *svc; /* runtime entry points */
    int *fault;                  /* launch-wide: non-zero to abort; read
                                    with a relaxed __atomic_load_n */
    void *launch;                /* the device's launch record */
    /* per named barrier, warps that arrived (bar.arrive) in its current
     * phase: the runtime's, between rounds (block.c) */
    uint32_t bar_arrivals[32];
} cux_cpu_block;

/* One warp of a block.  `resume` is where the warp continues after a
 * barrier (0: from the start); generated code saves registers in `save`. */
typedef struct cux_cpu_warp {
    uint32_t index;              /* warp number within the block */
    uint32_t lanes;              /* lanes that exist (partial last warp) */
    uint32_t resume;             /* 0 = start, else a resume point id */
    uint32_t done;               /* all lanes have exited */
    uint32_t barrier_kind;       /* what the warp is waiting at */
    uint32_t yielded;            /* paused at a nanosleep, not at a barrier */
    uint32_t arrive_mask;        /* lanes that reached the barrier */
    uint32_t red_in, red_out;    /* bar.red: per-warp lane predicate
                                    bits in, block-wide result out */
    /* Named barriers (CUX_BAR_NAMED): the one the warp waits at, with
     * its thread count (0: every thread of the block); `held` while it
     * is not complete; and the barriers the warp passed by bar.arrive
     * since the last round, with their counts. */
    uint32_t bar_id, bar_count, held;
    uint32_t arrived;
    uint32_t arrive_count[32];
    uint32_t x_run;              /* 32: all 32 lanes exist, %tid.x steps
                                    by one from lane to lane and %tid.y,
                                    %tid.z are the same; 16: so in each
                                    half, and the second half is the
                                    first one %tid.y further; else 0 */
    char *local;                 /* per-lane local memory, lane-major */
    uint32_t local_stride;       /* bytes of local memory per lane */
    void *save;                  /* register save area for barriers */
    uint32_t tid[3][CUX_WARP_SIZE]; /* thread index of each lane */
    /* %tid.x and %tid.y of each lane less lane 0's, in 32 and 64 bits:
     * a lane-affine register's lanes are lane 0's plus these times its
     * strides (emit_affine.c).  Fixed by the block shape, like tid. */
    int32_t tid_offset[2][CUX_WARP_SIZE];
    int64_t tid_offset64[2][CUX_WARP_SIZE];
} cux_cpu_warp;

/* What generated code may ask of the runtime. */
struct cux_cpu_services {
    int (*vprintf)(const cux_cpu_block *blk, const char *fmt,
                   const char *args);
    void (*assert_fail)(const cux_cpu_block *blk, const cux_cpu_warp *warp,
                        int lane, const char *msg, const char *file,
                        unsigned line, const char *func);
    void (*trap)(const cux_cpu_block *blk, const cux_cpu_warp *warp,
                 int lane, const char *what, unsigned ptx_line);
    /* A lane's access at an address not a multiple of its size, which a
     * GPU refuses (cudaErrorMisalignedAddress) and x86 would complete;
     * the address is CUX_ADDRESS_UNKNOWN where the code did not keep it. */
    void (*misaligned)(const cux_cpu_block *blk, const cux_cpu_warp *warp,
                       int lane, uint64_t address, unsigned size,
                       unsigned ptx_line);
    uint64_t (*globaltimer)(void);
    /* The device heap: malloc and new (size bytes at a multiple of align,
     * a power of two of at least 16), NULL when the heap is full or the
     * alignment is not a power of two; free and delete of such a block
     * or NULL. */
    void *(*heap_alloc)(const cux_cpu_block *blk, uint64_t size,
                        uint64_t align);
    void (*heap_free)(const cux_cpu_block *blk, void *p);
};

#define CUX_ADDRESS_UNKNOWN UINT64_MAX

/* Return codes of a generated warp function. */
enum {
    CUX_WARP_EXITED = 0,  /* all lanes done */
    CUX_WARP_BARRIER = 1, /* waiting at a block barrier: call again */
    CUX_WARP_FAULT = 2,   /* trap or assert: block abandoned */
    CUX_WARP_REDUCE = 3,  /* waiting at a bar.red, whose block-wide
                             result the runtime computes first, or at
                             the grid barrier the runtime opens */
    CUX_WARP_YIELD = 4,   /* paused at a nanosleep, to run again once the
                             block's other warps have had their turn */
    CUX_WARP_IDLE = 5,    /* waiting at a block barrier, having changed
                             since the last one only what every warp of
                             the block holds alike: the round moves the
                             later warps that waited there too without
                             running them (codegen/c/idle_warps.c); never
                             seen by the runtime */
};

/* Barrier kinds in cux_cpu_warp.barrier_kind. */
/* CUX_BAR_GRID: barrier.cux_grid, whose completion the runtime decides
 * (all blocks of the grid there); the warp returns CUX_WARP_REDUCE for it,
 * so the block's entry point hands it to the runtime like a bar.red. */
/* CUX_BAR_NAMED: bar.sync a, b and barrier.sync in a module that names
 * barriers or counts threads (or uses bar.arrive): the warp returns
 * CUX_WARP_REDUCE, and the runtime releases the warps of each barrier
 * whose count is reached (block.c); the others stay held. */
enum { CUX_BAR_SYNC = 0, CUX_BAR_POPC = 1, CUX_BAR_AND = 2, CUX_BAR_OR = 3,
       CUX_BAR_GRID = 4, CUX_BAR_NAMED = 5 };
/* The reserved shared memory at the end of every block's shared memory
 * (%reserved_smem_offset_*: two 8-byte words nvcc's cooperative groups
 * keep tile barriers in); part of shared_bytes, zeroed for each block. */
enum { CUX_RESERVED_SMEM = 16 };

/* Named barrier ids: PTX's 16, and 16 more for cux's cooperative groups
 * (tiles of more than a warp, include/cooperative_groups.h). */
enum { CUX_NAMED_BARRIERS = 32 };

/* A kernel's entry point runs rounds of a block: in each, every warp
 * that has not exited, one after another, up to its next barrier or its
 * end (the warp function is inlined into that loop, so what the warps
 * share is computed once).  It opens plain barriers itself and returns
 * when the block is done (0), when warps wait at a bar.red or the grid
 * barrier (how many wait: the caller computes the result, or waits for
 * the grid, and calls again), or -1 after a fault. */
typedef int (*cux_cpu_kernel_fn)(cux_cpu_block *blk, cux_cpu_warp *warps,
                                 uint32_t nwarps);

/* A device function's address, as PTX code holds it (mov of a function,
 * a vtable or function-pointer table in an initializer, a pointer a
 * kernel stores or the host copies and passes back): the address of
 * slot f in a block of CUX_FUNC_SLOT bytes per function that the device
 * allocates for the module, not a C function pointer.  Each build of the
 * module's code is its own shared object with its own C functions, and
 * the device writes initializers before any build exists; the slot is
 * the same for all of them, and each build calls through its own table
 * indexed by slot.  A real, aligned address keeps what C++ expects of
 * one: distinct per function and module, never null, low bit clear
 * (pointers to members use that bit). */
enum { CUX_FUNC_SLOT = 16 };

#endif
