/* block.c: runs thread blocks on a worker.  A block's warps run one after
 * another on this core; each runs until it exits or reaches a barrier
 * (one round).  The kernel's generated entry point repeats the rounds
 * through plain barriers itself and returns here at a bar.red, whose
 * block-wide result this file computes before the next round.  Also the
 * runtime services generated code calls.  Cooperative launches, whose
 * blocks stay alive across grid barriers, run in grid.c on the helpers
 * exported here.  A bad memory access in a block's generated code comes
 * back to the worker's block loop through fault.c, as does the end of
 * a block that runs past CUX_KERNEL_TIMEOUT (watchdog.c). */
#include "cpu.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *grow(char **buf, size_t *cap, size_t want)
{
    if (want > *cap) {
        free(*buf);
        *buf = aligned_alloc(256, (want + 255) & ~(size_t)255);
        *cap = *buf ? want : 0;
    }
    return *buf;
}

/* Bytes before and after a block's shared memory that generated code may
 * read and write back unchanged: a part of a warp moves a run of 32
 * elements of up to 8 bytes whole (emit_affine.c), and the idle lanes'
 * end of the run may lie past either end of the block's variables. */
enum { SHARED_GUARD = 32 * 8 };

static bool prepare_memory(cpu_worker_mem *mem, const cpu_job *job,
                           uint32_t nwarps, uint32_t shared, uint32_t stride)
{
    if (nwarps > mem->warps_cap) {
        memset(mem->shape, 0, sizeof mem->shape);
        free(mem->warps);
        mem->warps = aligned_alloc(128, ((size_t)nwarps * sizeof(cux_cpu_warp)
                                         + 127) & ~(size_t)127);
        mem->warps_cap = mem->warps ? nwarps : 0;
    }
    return mem->warps && grow(&mem->shared, &mem->shared_cap,
                                    shared + 2 * SHARED_GUARD) &&
           grow(&mem->local, &mem->local_cap,
                (size_t)nwarps * 32 * stride + 16) &&
           grow(&mem->save, &mem->save_cap,
                (size_t)nwarps * job->save_bytes + 16);
}

/* Whether the warp's lanes form runs of `run` lanes over which %tid.x
 * steps by one, each run one %tid.y after the previous (emit_affine.c
 * relies on exactly this). */
static bool run_of(const cux_cpu_warp *w, uint32_t run)
{
    for (uint32_t l = 0; l < CUX_WARP_SIZE; l++)
        if (w->tid[0][l] != w->tid[0][0] + l % run ||
            w->tid[1][l] != w->tid[1][0] + l / run ||
            w->tid[2][l] != w->tid[2][0])
            return false;
    return true;
}

/* Thread indices depend only on the block shape, so they are computed
 * once per shape and reused by every block the worker runs. */
static void init_thread_indices(cpu_worker_mem *mem, const uint32_t *ntid,
                                uint32_t nwarps, uint32_t nthreads)
{
    if (!memcmp(mem->shape, ntid, sizeof mem->shape))
        return;
    for (uint32_t i = 0; i < nwarps; i++) {
        cux_cpu_warp *w = &mem->warps[i];
        w->lanes = 0;
        for (uint32_t l = 0; l < CUX_WARP_SIZE; l++) {
            uint32_t t = i * CUX_WARP_SIZE + l;
            if (t < nthreads)
                w->lanes |= 1u << l;
            w->tid[0][l] = t % ntid[0];
            w->tid[1][l] = (t / ntid[0]) % ntid[1];
            w->tid[2][l] = t / (ntid[0] * ntid[1]);
        }
        for (uint32_t d = 0; d < 2; d++)
            for (uint32_t l = 0; l < CUX_WARP_SIZE; l++) {
                w->tid_offset[d][l] = (int32_t)(w->tid[d][l] - w->tid[d][0]);
                w->tid_offset64[d][l] = w->tid_offset[d][l];
            }
        w->x_run = w->lanes != 0xffffffffu ? 0
                 : run_of(w, 32) ? 32 : run_of(w, 16) ? 16 : 0;
    }
    memcpy(mem->shape, ntid, sizeof mem->shape);
}

static void reset_warp(cux_cpu_warp *w)
{
    w->resume = 0;
    w->done = 0;
    w->barrier_kind = 0;
    w->yielded = 0;
    w->arrive_mask = 0;
    w->red_in = w->red_out = 0;
    w->bar_id = w->bar_count = w->held = w->arrived = 0;
}

/* Named barriers, after a round: each warp that has just arrived at one
 * is held; a barrier whose count of threads (32 per warp, as PTX counts
 * a warp's arrival, whatever its active lanes) is reached by the warps
 * held there and those that passed it by bar.arrive releases its warps
 * and starts a new phase.  Without a count a barrier waits for every
 * warp that has not exited.  False, after a fault naming it, when no
 * barrier can complete: on a GPU the block would hang. */
static bool open_named(cux_cpu_block *blk, cux_cpu_warp *warps,
                       uint32_t nwarps)
{
    uint32_t alive = 0, held_at[CUX_NAMED_BARRIERS] = {0};
    uint32_t need[CUX_NAMED_BARRIERS] = {0};
    for (uint32_t i = 0; i < nwarps; i++) {
        cux_cpu_warp *w = &warps[i];
        for (uint32_t a = w->arrived; a; a &= a - 1) {
            uint32_t id = (uint32_t)__builtin_ctz(a);
            blk->bar_arrivals[id]++;
            need[id] = w->arrive_count[id] / CUX_WARP_SIZE;
        }
        w->arrived = 0;
        if (w->done)
            continue;
        alive++;
        if (w->barrier_kind == CUX_BAR_NAMED && !w->held)
            w->held = 1; /* arrived in this round */
        if (w->held) {
            held_at[w->bar_id]++;
            if (w->bar_count)
                need[w->bar_id] = w->bar_count / CUX_WARP_SIZE;
        }
    }
    uint32_t released = 0, first = 0;
    for (uint32_t id = 0; id < CUX_NAMED_BARRIERS; id++) {
        uint32_t n = need[id] ? need[id] : alive;
        if (held_at[id] + blk->bar_arrivals[id] < n ||
            (!held_at[id] && !blk->bar_arrivals[id]))
            continue;
        blk->bar_arrivals[id] = 0;
        for (uint32_t i = 0; i < nwarps; i++)
            if (warps[i].held && warps[i].bar_id == id && !warps[i].done) {
                warps[i].held = 0;
                warps[i].barrier_kind = CUX_BAR_SYNC;
                released++;
            }
    }
    if (released || !alive)
        return true;
    while (first < nwarps && (warps[first].done || !warps[first].held))
        first++;
    if (first < nwarps)
        blk->svc->trap(blk, &warps[first], 0, "every warp of the block waits "
                       "at a named barrier (bar.sync/barrier.sync with an id "
                       "or a thread count) that too few threads can reach: "
                       "the block would hang", 0);
    return false;
}

/* Whether a warp of the round waits at, or has arrived at, a named
 * barrier: only then does the block's bar_arrivals change. */
static bool named_round(const cux_cpu_warp *warps, uint32_t nwarps)
{
    for (uint32_t i = 0; i < nwarps; i++)
        if (!warps[i].done && (warps[i].barrier_kind == CUX_BAR_NAMED ||
                               warps[i].held || warps[i].arrived))
            return true;
    return false;
}

/* Computes the results of the bar.red all live warps wait at (warps at a
 * plain bar.sync instead count in none), or opens the named barriers
 * that are complete (`named`: named_round's answer for this round).
 * False after a fault. */
static bool open_barrier(cux_cpu_block *blk, cux_cpu_warp *warps,
                         uint32_t nwarps, bool named)
{
    if (named)
        return open_named(blk, warps, nwarps);
    uint32_t count = 0, all = 1, any = 0;
    for (uint32_t i = 0; i < nwarps; i++) {
        if (warps[i].done || warps[i].barrier_kind == CUX_BAR_SYNC)
            continue;
        count += (uint32_t)__builtin_popcount(warps[i].red_in);
        all &= warps[i].red_in == warps[i].arrive_mask;
        any |= warps[i].red_in != 0;
    }
    for (uint32_t i = 0; i < nwarps; i++) {
        uint32_t kind = warps[i].barrier_kind;
        warps[i].red_out = kind == CUX_BAR_POPC ? count
                         : kind == CUX_BAR_AND ? all : any;
        warps[i].red_in = 0;
    }
    return true;
}

/* What every block of a launch shares on this worker: the block record
 * but its %ctaid, the memory and the warps' fixed fields.  Set once per
 * chunk of blocks, not per block. */
static bool prepare_blocks(cpu_job *job, cpu_worker_mem *mem,
                           cux_cpu_block *blk, uint32_t *nwarps)
{
    const cux_launch *l = job->launch;
    const cux_kernel *k = job->kernel;
    memset(blk, 0, sizeof *blk);
    memcpy(blk->nctaid, l->grid, sizeof blk->nctaid);
    memcpy(blk->ntid, l->block, sizeof blk->ntid);
    blk->nthreads = l->block[0] * l->block[1] * l->block[2];
    *nwarps = (blk->nthreads + 31) / 32;
    uint32_t stride = (k->info.local_bytes + 15) & ~15u;
    if (!stride)
        stride = 16;
    blk->shared_bytes = ((k->shared_total + l->dynamic_smem + 7) & ~7u) +
                        CUX_RESERVED_SMEM;
    blk->dynamic_smem = l->dynamic_smem;
    blk->params = l->params;
    blk->svc = &cux_cpu_services_table;
    blk->fault = &job->fault;
    blk->launch = job;
    if (!prepare_memory(mem, job, *nwarps, blk->shared_bytes, stride)) {
        atomic_store(&job->error, cudaErrorMemoryAllocation);
        cux_cpu_job_stop(job);
        return false;
    }
    blk->shared = mem->shared + SHARED_GUARD;
    init_thread_indices(mem, blk->ntid, *nwarps, blk->nthreads);
    for (uint32_t i = 0; i < *nwarps; i++) {
        cux_cpu_warp *w = &mem->warps[i];
        w->index = i;
        w->local = mem->local + (size_t)i * 32 * stride;
        w->local_stride = stride;
        w->save = mem->save + (size_t)i * job->save_bytes;
    }
    return true;
}

void cux_cpu_reset_warps(cux_cpu_warp *warps, uint32_t nwarps)
{
    for (uint32_t i = 0; i < nwarps; i++)
        reset_warp(&warps[i]);
}

bool cux_cpu_open_barrier(cux_cpu_block *blk, cux_cpu_warp *warps,
                          uint32_t nwarps)
{
    return open_barrier(blk, warps, nwarps, named_round(warps, nwarps));
}

bool cux_cpu_prepare_blocks(cpu_job *job, cpu_worker_mem *mem,
                            cux_cpu_block *blk, uint32_t *nwarps)
{
    return prepare_blocks(job, mem, blk, nwarps);
}

static void run_block(cpu_job *job, cpu_worker_mem *mem, cux_cpu_block *blk,
                      uint32_t nwarps, cux_cpu_catch *c)
{
    for (uint32_t i = 0; i < nwarps; i++)
        reset_warp(&mem->warps[i]);
    memset(blk->shared + blk->shared_bytes - CUX_RESERVED_SMEM, 0,
           CUX_RESERVED_SMEM);
    /* bar_arrivals starts zeroed (prepare_blocks) and is cleared after a
     * block that used named barriers, not before every block: clearing
     * its 128 bytes cost an empty block half its time. */
    bool named = false;
    for (;;) {
        int waiting = cux_cpu_fault_run(job, c, blk, mem->warps, nwarps);
        if (waiting < 0 || cux_cpu_job_stopped(job)) {
            cux_cpu_job_stop(job);
            return;
        }
        if (!waiting)
            break;
        bool named_now = named_round(mem->warps, nwarps);
        named = named || named_now;
        if (!open_barrier(blk, mem->warps, nwarps, named_now)) {
            cux_cpu_job_stop(job);
            return;
        }
    }
    if (named)
        memset(blk->bar_arrivals, 0, sizeof blk->bar_arrivals);
}

/* Not inlined into cux_cpu_run_blocks: in a function that calls
 * sigsetjmp the compiler keeps what lives across the call in memory. */
__attribute__((noinline))
static void take_blocks(cpu_job *job, cpu_worker_mem *mem, cux_cpu_catch *c)
{
    const uint32_t *grid = job->launch->grid;
    while (!cux_cpu_job_stopped(job)) {
        uint64_t first = atomic_fetch_add_explicit(&job->next_block,
                                                   job->chunk,
                                                   memory_order_relaxed);
        if (first >= job->n_blocks)
            return;
        uint64_t end = job->n_blocks - first < job->chunk ? job->n_blocks
                                                          : first + job->chunk;
        cux_cpu_block blk;
        uint32_t nwarps;
        if (!prepare_blocks(job, mem, &blk, &nwarps))
            return;
        /* %ctaid of the chunk's first block by division, of the others
         * by counting on: x fastest, as CUDA numbers blocks */
        blk.ctaid[0] = (uint32_t)(first % grid[0]);
        blk.ctaid[1] = (uint32_t)((first / grid[0]) % grid[1]);
        blk.ctaid[2] = (uint32_t)(first / ((uint64_t)grid[0] * grid[1]));
        for (uint64_t index = first;
             index < end && !cux_cpu_job_stopped(job); index++) {
            run_block(job, mem, &blk, nwarps, c);
            if (++blk.ctaid[0] == grid[0]) {
                blk.ctaid[0] = 0;
                if (++blk.ctaid[1] == grid[1]) {
                    blk.ctaid[1] = 0;
                    blk.ctaid[2]++;
                }
            }
        }
    }
}

/* A bad memory access in a block's code lands here (fault.c), and so
 * does the watchdog's signal (watchdog.c): the worker stops taking
 * blocks and returns to the pool like any worker of a failed launch.
 * Nothing set after sigsetjmp is read after the jump but the catch's
 * volatile fields. */
void cux_cpu_run_blocks(cpu_job *job, cpu_worker_mem *mem)
{
    cux_cpu_catch c;
    cux_cpu_fault_thread_ready();
    cux_cpu_watch_enter(job, &c);
    if (sigsetjmp(c.env, 0)) {
        cux_cpu_fault_caught(job, &c);
        cux_cpu_watch_leave();
        return;
    }
    take_blocks(job, mem, &c);
    cux_cpu_watch_leave();
}

void cux_cpu_worker_mem_free(cpu_worker_mem *mem)
{
    free(mem->shared);
    free(mem->local);
    free(mem->save);
    free(mem->warps);
    memset(mem, 0, sizeof(*mem));
}

/* ---- services for generated code ------------------------------------- */

static int service_vprintf(const cux_cpu_block *blk, const char *fmt,
                           const char *args)
{
    (void)blk;
    cux_strbuf text = {0};
    cux_printf_format(&text, fmt ? fmt : "(null)", args);
    int len = (int)text.len;
    /* Formatting reads device memory (%s), so a bad pointer there is
     * the kernel's fault (its text then leaks); the append locks. */
    cux_cpu_catch *c = cux_cpu_fault_pause();
    if (text.data)
        cux_printf_append(text.data, text.len);
    cux_strbuf_free(&text);
    cux_cpu_fault_resume(c);
    return len;
}

static void fault(const cux_cpu_block *blk, cudaError_t error)
{
    cpu_job *job = blk->launch;
    int expected = cudaSuccess;
    atomic_compare_exchange_strong(&job->error, &expected, (int)error);
    cux_cpu_job_stop(job);
}

static void service_assert(const cux_cpu_block *blk, const cux_cpu_warp *w,
                           int lane, const char *msg, const char *file,
                           unsigned line, const char *func)
{
    /* CUDA's own wording, so scripts that grep for it keep working. */
    cux_cpu_catch *c = cux_cpu_fault_pause(); /* the output locks */
    char text[1024];
    int len = snprintf(text, sizeof text,
        "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` "
        "failed.\n", file ? file : "?", line, func ? func : "?",
        blk->ctaid[0], blk->ctaid[1], blk->ctaid[2], w->tid[0][lane],
        w->tid[1][lane], w->tid[2][lane], msg ? msg : "?");
    if (len > 0)
        cux_printf_append(text, (size_t)len < sizeof text ? (size_t)len : sizeof text - 1);
    fault(blk, cudaErrorAssert);
    cux_cpu_fault_resume(c);
}

static void service_trap(const cux_cpu_block *blk, const cux_cpu_warp *w,
                         int lane, const char *what, unsigned ptx_line)
{
    const cpu_job *job = blk->launch;
    cux_cpu_catch *c = cux_cpu_fault_pause(); /* stderr locks */
    cux_log("%s in kernel %s (PTX line %u), block [%u,%u,%u], thread "
            "[%u,%u,%u]", what, job->kernel->info.name, ptx_line,
            blk->ctaid[0], blk->ctaid[1], blk->ctaid[2], w->tid[0][lane],
            w->tid[1][lane], w->tid[2][lane]);
    fault(blk, cudaErrorLaunchFailure);
    cux_cpu_fault_resume(c);
}

static void service_misaligned(const cux_cpu_block *blk,
                               const cux_cpu_warp *w, int lane,
                               uint64_t address, unsigned size,
                               unsigned ptx_line)
{
    const cpu_job *job = blk->launch;
    cux_cpu_catch *c = cux_cpu_fault_pause(); /* stderr locks */
    char where[40] = "";
    if (address != CUX_ADDRESS_UNKNOWN)
        snprintf(where, sizeof where, " 0x%" PRIx64, address);
    cux_log("misaligned address%s (a %u-byte access) in kernel %s (PTX line "
            "%u), block [%u,%u,%u], thread [%u,%u,%u]", where, size,
            job->kernel->info.name, ptx_line, blk->ctaid[0],
            blk->ctaid[1], blk->ctaid[2], w->tid[0][lane], w->tid[1][lane],
            w->tid[2][lane]);
    fault(blk, cudaErrorMisalignedAddress);
    cux_cpu_fault_resume(c);
}

static uint64_t service_globaltimer(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* A heap block is `header` bytes (its alignment, at least 16) holding
 * its whole size and the header's in its last 16, then the caller's
 * bytes.  The block counts against the heap's limit whole. */
static void *service_heap_alloc(const cux_cpu_block *blk, uint64_t size,
                                uint64_t align)
{
    cux_cpu_heap *heap = ((const cpu_job *)blk->launch)->heap;
    if (align < 16)
        align = 16;
    uint64_t limit = atomic_load(&heap->limit);
    if (align & (align - 1) || size > limit || align > limit ||
        size > UINT64_MAX / 4 || align > UINT64_MAX / 4)
        return NULL; /* also keeps the sums below from wrapping */
    uint64_t header = align;
    uint64_t bytes = header + (size + align - 1) / align * align;
    uint64_t used = atomic_fetch_add(&heap->used, bytes);
    char *base = used + bytes <= limit ? aligned_alloc(align, bytes) : NULL;
    if (!base) {
        atomic_fetch_sub(&heap->used, bytes);
        return NULL;
    }
    memcpy(base + header - 16, &bytes, 8);
    memcpy(base + header - 8, &header, 8);
    return base + header;
}

static void service_heap_free(const cux_cpu_block *blk, void *p)
{
    if (!p)
        return;
    cux_cpu_heap *heap = ((const cpu_job *)blk->launch)->heap;
    uint64_t bytes, header;
    memcpy(&bytes, (char *)p - 16, 8);
    memcpy(&header, (char *)p - 8, 8);
    atomic_fetch_sub(&heap->used, bytes);
    free((char *)p - header);
}

const cux_cpu_services cux_cpu_services_table = {
    .vprintf = service_vprintf,
    .assert_fail = service_assert,
    .trap = service_trap,
    .misaligned = service_misaligned,
    .globaltimer = service_globaltimer,
    .heap_alloc = service_heap_alloc,
    .heap_free = service_heap_free,
};
