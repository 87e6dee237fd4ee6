/* grid.c: cooperative launches, whose blocks may wait for each other at a
 * grid barrier (barrier.cux_grid, cooperative groups' grid.sync()).
 *
 * An ordinary launch runs each block to its end before the worker takes
 * the next, reusing one set of block memory per worker.  A grid barrier
 * cannot work that way: every block of the grid must be suspended at it
 * at once.  So here every block has memory of its own (warps, save area,
 * local and shared memory), which lives from the launch's start to its
 * end; the co-residency limit the runtime enforces
 * (cudaErrorCooperativeLaunchTooLarge) bounds how much.  Blocks are dealt
 * to the workers in fixed ranges, and the launch runs in phases: each
 * worker runs each of its blocks until it ends or all its live warps wait
 * at the grid barrier (the generated entry point returns there as at a
 * bar.red, codegen/c/emit_func.c), then the workers meet; the last to
 * arrive decides whether another phase follows (some block waits and no
 * block faulted).  The meeting's lock orders memory: what any thread
 * wrote before the barrier is visible to every thread after it.
 *
 * Blocks that have ended count as arrived, as exited threads do at a
 * block barrier.  Ordinary launches never come here and pay nothing.
 *
 * nvcc's cooperative groups sync a grid their own way: the first thread
 * of each block adds to a barrier word in a workspace the driver passes
 * in %envreg1/%envreg2 (codegen/c/emit_operand.c), then spins with
 * ld.acquire until the word's top bit flips.  Each launch here has such
 * a workspace, zeroed.  The spinning load yields (ptx/spin.c), and in a
 * cooperative launch a block whose warps only yield again returns here
 * (codegen/c/emit_func.c): it waits like a block at the grid barrier,
 * and the next phase resumes it, after every other block has run up to
 * its own wait or end.  So the spin ends once all blocks have added,
 * whichever worker runs them.  A block that ends before it adds never
 * arrives, as on a GPU: the others spin until CUX_KERNEL_TIMEOUT. */
#include "cpu.h"

#include <stdlib.h>
#include <string.h>

enum { BLOCK_RUNS, BLOCK_WAITS, BLOCK_ENDED };

/* The driver's grid workspace as nvcc's cooperative groups read it
 * (cooperative_groups/details/driver_abi.h): its size, then the barrier
 * word grid.sync() counts arrivals in.  Only the barrier is read. */
typedef struct grid_workspace {
    uint32_t size;             /* bytes: sizeof(grid_workspace) */
    uint32_t barrier;          /* zero at the launch's start */
} grid_workspace;

typedef struct cpu_grid {
    cpu_worker_mem *mem;       /* per block */
    cux_cpu_block *blk;        /* per block */
    uint8_t *state;            /* per block: BLOCK_* */
    uint64_t n_blocks;
    uint32_t nwarps;
    unsigned workers;
    pthread_mutex_t lock;      /* guards the meeting below */
    pthread_cond_t met;
    unsigned arrived;          /* workers at this meeting so far */
    unsigned long generation;  /* meetings completed */
    uint64_t waiting;          /* blocks at the grid barrier, summed */
    bool go_on;                /* the last meeting's decision */
    grid_workspace workspace;  /* nvcc's grid.sync() spins on it */
} cpu_grid;

struct cpu_grid *cux_cpu_grid_create(cpu_job *job, unsigned workers)
{
    cpu_grid *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->mem = calloc(job->n_blocks, sizeof(*g->mem));
    g->blk = calloc(job->n_blocks, sizeof(*g->blk));
    g->state = calloc(job->n_blocks, 1);
    if (!g->mem || !g->blk || !g->state) {
        cux_cpu_grid_destroy(g);
        return NULL;
    }
    g->n_blocks = job->n_blocks;
    const uint32_t *ntid = job->launch->block;
    g->nwarps = (ntid[0] * ntid[1] * ntid[2] + 31) / 32;
    g->workers = workers;
    g->workspace.size = sizeof(g->workspace);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->met, NULL);
    return g;
}

void cux_cpu_grid_destroy(struct cpu_grid *g)
{
    if (!g)
        return;
    if (g->workers) {
        pthread_mutex_destroy(&g->lock);
        pthread_cond_destroy(&g->met);
    }
    for (uint64_t b = 0; g->mem && b < g->n_blocks; b++)
        cux_cpu_worker_mem_free(&g->mem[b]);
    free(g->mem);
    free(g->blk);
    free(g->state);
    free(g);
}

/* The warps of a block that has returned with some waiting: all at the
 * grid barrier (true), or all at block barriers (false, after opening a
 * bar.red).  Both at once is a program error: on a GPU the grid sync's
 * own block barrier would meet the other one; here the block faults. */
static bool at_grid_barrier(cux_cpu_block *blk, cux_cpu_warp *warps,
                            uint32_t nwarps, bool *mixed)
{
    uint32_t grid = 0, other = 0, first = 0;
    for (uint32_t i = 0; i < nwarps; i++) {
        if (warps[i].done)
            continue;
        if (warps[i].barrier_kind == CUX_BAR_GRID)
            grid++;
        else if (!other++)
            first = i;
    }
    *mixed = grid && other;
    if (*mixed)
        blk->svc->trap(blk, &warps[first], 0, "a block barrier while other "
                       "warps of the block wait at grid.sync()", 0);
    else if (!grid && !cux_cpu_open_barrier(blk, warps, nwarps))
        *mixed = true; /* a barrier that cannot complete: faulted */
    return grid != 0;
}

/* Whether the block returned with warps that yielded: it waits for
 * another block (nvcc's grid.sync() spinning, codegen/c/emit_func.c),
 * and its next call resumes them. */
static bool spins(const cux_cpu_warp *warps, uint32_t nwarps)
{
    for (uint32_t i = 0; i < nwarps; i++)
        if (!warps[i].done && warps[i].yielded)
            return true;
    return false;
}

/* Runs block b until it ends, faults or waits at the grid barrier or for
 * another block. */
static void run_until_grid_barrier(cpu_job *job, cpu_grid *g, uint64_t b,
                                   cux_cpu_catch *c)
{
    cux_cpu_warp *warps = g->mem[b].warps;
    for (;;) {
        int waiting = cux_cpu_fault_run(job, c, &g->blk[b], warps,
                                        g->nwarps);
        bool mixed = false;
        if (waiting > 0 && spins(warps, g->nwarps)) {
            g->state[b] = BLOCK_WAITS;
            return;
        }
        if (waiting > 0 && at_grid_barrier(&g->blk[b], warps, g->nwarps,
                                           &mixed)) {
            g->state[b] = BLOCK_WAITS;
            return;
        }
        if (waiting < 0 || mixed || cux_cpu_job_stopped(job)) {
            cux_cpu_job_stop(job);
            g->state[b] = BLOCK_ENDED;
            return;
        }
        if (!waiting) {
            g->state[b] = BLOCK_ENDED;
            return;
        }
    }
}

/* The block record and memory of block b, its warps at their start. */
static void start_block(cpu_job *job, cpu_grid *g, uint64_t b)
{
    const uint32_t *grid = job->launch->grid;
    cux_cpu_block *blk = &g->blk[b];
    uint32_t nwarps;
    if (cux_cpu_job_stopped(job) ||
        !cux_cpu_prepare_blocks(job, &g->mem[b], blk, &nwarps)) {
        g->state[b] = BLOCK_ENDED;
        return;
    }
    blk->ctaid[0] = (uint32_t)(b % grid[0]);
    blk->ctaid[1] = (uint32_t)((b / grid[0]) % grid[1]);
    blk->ctaid[2] = (uint32_t)(b / ((uint64_t)grid[0] * grid[1]));
    blk->cooperative = 1;
    blk->grid_workspace = (uint64_t)(uintptr_t)&g->workspace;
    memset(blk->bar_arrivals, 0, sizeof blk->bar_arrivals);
    memset(blk->shared + blk->shared_bytes - CUX_RESERVED_SMEM, 0,
           CUX_RESERVED_SMEM);
    cux_cpu_reset_warps(g->mem[b].warps, g->nwarps);
    g->state[b] = BLOCK_RUNS;
}

/* All workers meet; true if another phase follows.  The last to arrive
 * decides, so every worker goes on or stops together.  Watches briefly
 * before sleeping, as the pool does: phases between grid barriers are
 * often short. */
static bool meet(cpu_job *job, cpu_grid *g, uint64_t waiting)
{
    pthread_mutex_lock(&g->lock);
    unsigned long seen = g->generation;
    g->waiting += waiting;
    if (++g->arrived == g->workers) {
        g->go_on = g->waiting > 0 && !cux_cpu_job_stopped(job);
        g->arrived = 0;
        g->waiting = 0;
        __atomic_store_n(&g->generation, seen + 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&g->met);
    } else {
        pthread_mutex_unlock(&g->lock);
        for (int i = 0; i < CUX_SPIN_ROUNDS &&
                        __atomic_load_n(&g->generation, __ATOMIC_ACQUIRE) ==
                            seen; i++)
            cux_cpu_relax();
        pthread_mutex_lock(&g->lock);
        while (g->generation == seen)
            pthread_cond_wait(&g->met, &g->lock);
    }
    /* No later meeting can change go_on before this worker arrives. */
    bool go_on = g->go_on;
    pthread_mutex_unlock(&g->lock);
    return go_on;
}

/* Not inlined into its caller, which calls sigsetjmp (block.c). */
__attribute__((noinline))
static void run_phases(cpu_job *job, cpu_grid *g, uint64_t first,
                       uint64_t end, cux_cpu_catch *c)
{
    uint64_t waiting;
    do {
        waiting = 0;
        for (uint64_t b = first; b < end; b++) {
            if (g->state[b] == BLOCK_ENDED)
                continue;
            if (!cux_cpu_job_stopped(job))
                run_until_grid_barrier(job, g, b, c);
            waiting += g->state[b] == BLOCK_WAITS;
        }
    } while (meet(job, g, waiting));
}

/* A bad memory access (fault.c) or the watchdog's signal (watchdog.c)
 * lands in the middle of a phase: the block ends, and the worker still
 * attends the phase's meeting, which every other worker waits for; the
 * launch has failed, so that meeting ends the launch. */
void cux_cpu_grid_run(cpu_job *job, unsigned worker)
{
    cpu_grid *g = job->grid;
    uint64_t first = g->n_blocks * worker / g->workers;
    uint64_t end = g->n_blocks * (worker + 1) / g->workers;
    for (uint64_t b = first; b < end; b++)
        start_block(job, g, b);
    cux_cpu_catch c;
    cux_cpu_fault_thread_ready();
    cux_cpu_watch_enter(job, &c);
    if (sigsetjmp(c.env, 0)) {
        cux_cpu_fault_caught(job, &c);
        g->state[c.blk - g->blk] = BLOCK_ENDED;
        meet(job, g, 0);
        cux_cpu_watch_leave();
        return;
    }
    run_phases(job, g, first, end, &c);
    cux_cpu_watch_leave();
}
