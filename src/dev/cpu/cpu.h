/* cpu.h: internals of the CPU device: modules compiled to shared
 * objects, the worker pool, and the block scheduler. */
#ifndef CUX_DEV_CPU_H
#define CUX_DEV_CPU_H

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>

#include "codegen/c/codegen_c.h"
#include "dev/cpu/prelude/10_runtime.h"
#include "dev/device.h"

/* The builds of a module's code: the general one runs any block shape;
 * the others, code built knowing a shape's warps (cpu_device.c). */
typedef enum cux_cpu_build {
    CUX_CPU_BUILD_GENERAL,
    CUX_CPU_BUILD_ROWS_OF_32,  /* every warp one row of 32 threads */
    CUX_CPU_BUILD_ROWS_OF_16,  /* every warp two rows of 16 threads */
    CUX_CPU_BUILDS
} cux_cpu_build;

/* One compiled shared object for one build: of the whole module, or of
 * one kernel's unit where the module is compiled kernel by kernel. */
typedef struct cux_cpu_unit {
    void *so;                  /* dlopen handle */
    int8_t built;              /* 0 not yet, 1 built, -1 failed */
} cux_cpu_unit;

struct cux_kernel {
    cux_kernel_info info;
    cux_param_info *params;
    cux_cpu_kernel_fn fn[CUX_CPU_BUILDS]; /* one round of a block, per
                                             build; NULL until built */
    char symbol[32];           /* fn's name in the generated C */
    char save_symbol[40];      /* the name of its save-area size */
    uint32_t save_bytes[CUX_CPU_BUILDS]; /* per warp, set with fn[b]: a
                                  launch of one build may run while
                                  another build is made */
    uint32_t shared_total;     /* module static shared (buffer layout) */
    uint32_t index;            /* in module->kernels */
    cux_cpu_unit unit[CUX_CPU_BUILDS]; /* where the module is compiled
                                          kernel by kernel */
    struct cux_module *module;
};

/* A module is translated to C when loaded and built (compiled and
 * loaded) at the first launch that needs a build, so a program whose
 * launches all have one shape compiles once.  A large module with
 * several kernels is built one kernel at a time, at its first launch
 * (by_kernel): Thrust's and CUB's headers put dozens of kernels in a
 * program that launches a few. */
struct cux_module {
    cux_ptx_module *ptx;
    cux_module_analysis analysis; /* layout and facts of ptx */
    cux_cgen_result gen;       /* its C, which every build compiles */
    const char *ptx_text;      /* the PTX, kept beside the C (CUX_KEEP_C) */
    size_t ptx_len;
    cux_kernel *kernels;
    uint32_t n_kernels;
    void **globals;            /* per variable: its memory, or NULL */
    bool *placed;              /* per variable: globals[v] is memory the
                                  runtime owns (module_place_global) */
    void *functions;           /* CUX_FUNC_SLOT bytes per function: its
                                  address as device code sees it */
    cux_cpu_unit whole[CUX_CPU_BUILDS]; /* unless by_kernel */
    bool by_kernel;
    char origin[256];          /* names the module in messages */
};

/* The device heap (malloc, free, new and delete in kernels): memory of
 * the C library, which outlives the kernel as CUDA's heap does, counted
 * against cudaLimitMallocHeapSize (block.c). */
typedef struct cux_cpu_heap {
    atomic_size_t used;        /* bytes taken, with their headers */
    atomic_size_t limit;       /* what the runtime set */
} cux_cpu_heap;

/* A launch being executed: shared by the workers that run its blocks.
 * Workers take `chunk` consecutive blocks per step of the counter, which
 * sits on a cache line of its own: one contended atomic per block made
 * two cores slower than one on short kernels. */
typedef struct cpu_job {
    const cux_kernel *kernel;
    cux_cpu_kernel_fn fn;      /* kernel->fn or its variant for the shape */
    uint32_t save_bytes;       /* the save area per warp of fn's build */
    const cux_launch *launch;
    cux_cpu_heap *heap;        /* the device's */
    struct cpu_grid *grid;     /* cooperative launch: grid.c; else NULL */
    uint64_t n_blocks;
    uint64_t chunk;            /* blocks taken at a time, >= 1 */
    int fault;                 /* set once: stop taking blocks; only
                                  through cux_cpu_job_stop/_stopped */
    atomic_int error;          /* cudaError_t of the first fault */
    int timed_out;             /* set once by the watchdog: its signal
                                  ends the code of this job (watchdog.c) */
    _Alignas(64) atomic_uint_fast64_t next_block;
    char pad_[64 - sizeof(atomic_uint_fast64_t)];
} cpu_job;

/* A fault anywhere in the launch stops every worker taking blocks.  The
 * flag publishes nothing (the error is job->error, read after the pool
 * joins the workers), so relaxed order is enough; generated code reads
 * it the same way (emit_func.c). */
static inline void cux_cpu_job_stop(cpu_job *job)
{
    __atomic_store_n(&job->fault, 1, __ATOMIC_RELAXED);
}

static inline bool cux_cpu_job_stopped(const cpu_job *job)
{
    return __atomic_load_n(&job->fault, __ATOMIC_RELAXED) != 0;
}

/* Per-worker memory reused across blocks and launches. */
typedef struct cpu_worker_mem {
    char *shared, *local, *save;
    size_t shared_cap, local_cap, save_cap;
    cux_cpu_warp *warps;
    uint32_t warps_cap;
    uint32_t shape[3];         /* block shape the warps' tid arrays are for */
} cpu_worker_mem;

typedef struct cpu_pool cpu_pool;

/* jit.c: C source -> loaded shared object, through the on-disk cache. */
typedef struct cux_cpu_jit_input {
    const char *c;         /* the translation unit, prelude first */
    size_t c_len;
    size_t c_weight;       /* c_len less #line directives: sizes the build */
    const char *ptx;       /* the PTX the C was generated from */
    size_t ptx_len;
    const char *origin;    /* names the module in messages */
    bool line_info;        /* c maps lines to CUDA source: line tables */
} cux_cpu_jit_input;

cudaError_t cux_cpu_jit(const cux_cpu_jit_input *in, void **handle);

/* pool.c: `threads` helper threads; run calls fn(worker index, arg) on
 * each of them (0 .. threads-1) and on the calling thread (index
 * threads), and returns when all are done. */
cpu_pool *cux_cpu_pool_create(unsigned threads);
void cux_cpu_pool_run(cpu_pool *pool, void (*fn)(unsigned worker, void *arg),
                      void *arg);
unsigned cux_cpu_pool_size(const cpu_pool *pool);
void cux_cpu_pool_destroy(cpu_pool *pool);

/* block.c: runs all blocks a worker takes from the job.  The others
 * serve grid.c: prepare sets up a block record and the memory of a run of
 * blocks (false after marking the job failed), reset_warps starts a
 * block's warps from the top, open_barrier computes a bar.red's result. */
void cux_cpu_run_blocks(cpu_job *job, cpu_worker_mem *mem);
void cux_cpu_worker_mem_free(cpu_worker_mem *mem);
bool cux_cpu_prepare_blocks(cpu_job *job, cpu_worker_mem *mem,
                            cux_cpu_block *blk, uint32_t *nwarps);
void cux_cpu_reset_warps(cux_cpu_warp *warps, uint32_t nwarps);
bool cux_cpu_open_barrier(cux_cpu_block *blk, cux_cpu_warp *warps,
                          uint32_t nwarps);

/* grid.c: a cooperative launch.  create (launching thread) gives each
 * block memory of its own and NULL without memory; run is each of
 * `workers` workers' part (worker 0 .. workers-1, all of them must call
 * it); destroy frees what create and run allocated. */
struct cpu_grid *cux_cpu_grid_create(cpu_job *job, unsigned workers);
void cux_cpu_grid_run(cpu_job *job, unsigned worker);
void cux_cpu_grid_destroy(struct cpu_grid *grid);
extern const cux_cpu_services cux_cpu_services_table;

/* fault.c: a kernel's bad memory access as cudaErrorIllegalAddress.
 * A worker's block loop keeps a catch on its stack, sigsetjmp's into it
 * and runs generated code only between arm and disarm; a fault there
 * jumps back with what the handler saw, and the loop hands the catch to
 * cux_cpu_fault_caught (unblocks the signal, fails the launch, prints
 * the first fault's line).  install (once per process, any thread) and
 * thread_ready (each worker thread, before it runs kernel code) set up
 * the handler and the thread's alternate signal stack.  pause/resume:
 * a runtime service that takes locks runs disarmed. */
typedef struct cux_cpu_catch {
    sigjmp_buf env;
    cpu_job *volatile job;     /* the launch the worker runs */
    volatile int round;        /* its rounding mode (watchdog.c) */
    const cux_cpu_block *volatile blk; /* the block whose code runs */
    void *volatile addr;       /* the faulting address (si_addr) */
    volatile int sig, code;    /* the signal and its si_code */
    volatile uint32_t ctaid[3]; /* blk's, copied before the jump */
} cux_cpu_catch;

extern _Thread_local cux_cpu_catch *cux_cpu_fault_armed
    __attribute__((tls_model("initial-exec")));

void cux_cpu_fault_install(void);
void cux_cpu_fault_thread_ready(void);
void cux_cpu_fault_caught(cpu_job *job, const cux_cpu_catch *c);
/* Hands a signal cux does not take to `prev`, the disposition cux's
 * handler replaced (called in signal context). */
void cux_cpu_fault_pass_on(const struct sigaction *prev, int sig,
                           siginfo_t *info, void *context);

/* watchdog.c: CUX_KERNEL_TIMEOUT.  begin (the launching thread, after
 * the kernel is built, before any worker runs the job) watches the job
 * until end, both doing nothing without the variable; the watch record
 * is the caller's.  enter and leave bracket each worker's part of a
 * launch, with the catch it lands in; enter sets c->job in any case. */
typedef struct cux_cpu_watch {
    cpu_job *job;
    uint64_t deadline;         /* CLOCK_MONOTONIC, nanoseconds */
    bool expired;              /* the watchdog has ended the job */
    struct cux_cpu_watch *next;
} cux_cpu_watch;

void cux_cpu_watch_begin(cux_cpu_watch *w, cpu_job *job);
void cux_cpu_watch_end(cux_cpu_watch *w);
void cux_cpu_watch_enter(cpu_job *job, cux_cpu_catch *c);
void cux_cpu_watch_leave(void);

/* One round of a block's generated code, with faults caught. */
static inline int cux_cpu_fault_run(cpu_job *job, cux_cpu_catch *c,
                                    cux_cpu_block *blk, cux_cpu_warp *warps,
                                    uint32_t nwarps)
{
    c->blk = blk;
    /* The watchdog's signal may come at any instruction: blk must be
     * stored before the catch is armed. */
    atomic_signal_fence(memory_order_seq_cst);
    cux_cpu_fault_armed = c;
    int waiting = job->fn(blk, warps, nwarps);
    cux_cpu_fault_armed = NULL;
    return waiting;
}

static inline cux_cpu_catch *cux_cpu_fault_pause(void)
{
    cux_cpu_catch *c = cux_cpu_fault_armed;
    cux_cpu_fault_armed = NULL;
    return c;
}

static inline void cux_cpu_fault_resume(cux_cpu_catch *c)
{
    cux_cpu_fault_armed = c;
}

/* properties.c: device `index` of `count` (CUX_CPU_DEVICES) */
void cux_cpu_properties(struct cudaDeviceProp *prop, unsigned threads,
                        size_t memory_bytes, int index, int count);

#endif
