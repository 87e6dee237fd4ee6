/* trip_yields.c: loops whose trips step far through memory yield every
 * few trips, so that a block's warps go through them together.
 *
 * The CPU device runs a block's warps one after another, each up to its
 * next barrier.  In a grid-stride loop
 *
 *     for (i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
 *          i += gridDim.x * blockDim.x)  b[i] = a[i];
 *
 * each warp then walks the whole array alone, 128 bytes a whole grid
 * apart on every trip, and the next warp walks it again 128 bytes on; on
 * a GPU the block's warps run each trip together, over one contiguous
 * run.  With the few blocks per multiprocessor that the CUDA guides
 * advise for such loops (64 blocks of 256 threads over 16M floats), a
 * copy ran 5x slower than with a thread per element: each trip's stores
 * miss, and by the time the next warp comes to a line the first warp's
 * run has pushed it out of the cache.
 *
 * So the back edge of such a loop counts its trips, and every
 * TRIP_YIELD_EVERY trips the warp saves what lives into the loop's
 * header and returns (CUX_WARP_TRIP, emit_func.c); the round runs the
 * block's other warps up to the same point, their barrier or their
 * exit, and the next round resumes it at the header.  CUDA orders no
 * warp of a block before another, so this is an order a GPU may run
 * them in too.  Sixteen trips of a 256-thread block's loads and stores
 * fit in the L1 cache, so the later warps find the lines the first
 * brought; at 32 the copy lost half its gain, at 64 all of it.  A yield
 * costs the warp its save, return and resume, some 25 ns.
 *
 * A loop qualifies where it holds no barrier or yield of its own and
 * runs whole warps (not lane by lane), has its exit test at its latch
 * (analysis/induction.c), and loads a whole-warp run of global memory
 * that steps by at least TRIP_MIN_STEP bytes a trip, or by a multiple of
 * a register (gridDim.x * blockDim.x).  A loop that only loads yields
 * every LOADS_YIELD_EVERY trips: the block's first warp fetches its
 * loads' runs ahead for the others (emit_mem.c), which find them in the
 * cache as long as the first warp is not too far ahead.  A reduction of
 * 16 M floats by 16 or 64 blocks so ran 0.45x and 0.63x; by 1024 blocks,
 * 64 trips a warp, it never yields (yielding every 16 trips, it ran
 * 1.15x slower).  Not in kernels whose warps run a block in one call
 * (block_split.c) or move idle warps (idle_warps.c), whose rounds know
 * no yields, nor where the module names barriers (emit_func.c refuses
 * yields there). */
#include "cgen.h"

#include <stdlib.h>
#include <string.h>

enum { TRIP_YIELD_EVERY = 16, LOADS_YIELD_EVERY = 64, TRIP_MIN_STEP = 4096 };

/* How many trips the loop runs between yields: 0 where it parks the warp
 * already (a barrier, a nanosleep) or runs lane by lane; TRIP_YIELD_EVERY
 * where it stores to global memory, else LOADS_YIELD_EVERY (above). */
static uint32_t trips_between(const cux_cgen *g, const uint8_t *body)
{
    bool stores = false;
    for (uint32_t b = 0; b < g->cfg.n_blocks; b++) {
        const cux_cfg_block *block = &g->cfg.blocks[b];
        if (!body[b])
            continue;
        if (block->ends_in_barrier || g->serial[b])
            return 0;
        for (uint32_t i = block->first; i < block->end; i++) {
            const cux_ptx_insn *insn = &g->func->insns[i];
            stores |= insn->op == CUX_OP_ST &&
                      (insn->space == CUX_SPACE_GLOBAL ||
                       insn->space == CUX_SPACE_GENERIC);
        }
    }
    return stores ? TRIP_YIELD_EVERY : LOADS_YIELD_EVERY;
}

/* Whether the loop headed by h loads a whole-warp run of global memory
 * that steps far, or by a register's multiple, from trip to trip. */
static bool loads_far(cux_cgen *g, uint32_t h, uint32_t latch)
{
    for (uint32_t k = 0; k < g->induction.n_loads; k++) {
        const cux_loop_load *l = &g->induction.loads[k];
        if (l->header != h)
            continue;
        const cux_ptx_insn *insn = &g->func->insns[l->insn];
        const cux_ptx_operand *addr = cux_cgen_opnd(g, insn, 1);
        int64_t sx, scale, bytes;
        int64_t size = (int64_t)cux_ptx_type_size((cux_ptx_type)insn->type) *
                       (insn->vec > 1 ? insn->vec : 1);
        uint32_t by;
        if (!cux_cgen_reg_affine(g, addr->value, &sx, NULL, NULL) ||
            sx != size ||
            !cux_induction_step(&g->induction, latch, l->address.iv, &by,
                                &scale))
            continue;
        if (by != CUX_INDUCTION_CONSTANT)
            return true;
        if (!__builtin_mul_overflow(l->address.iv_scale, scale, &bytes) &&
            (bytes >= TRIP_MIN_STEP || bytes <= -TRIP_MIN_STEP))
            return true;
    }
    return false;
}

void cux_cgen_choose_trip_yields(cux_cgen *g)
{
    uint32_t nb = g->cfg.n_blocks, id = 0;
    if (!nb || !g->func->is_entry || g->split || g->idle_warps ||
        g->named_barriers)
        return;
    for (uint32_t b = 0; b < nb; b++)
        id += g->cfg.blocks[b].ends_in_barrier; /* barriers' ids first */
    uint32_t *idom = cux_dominators_compute(&g->cfg);
    cux_preds preds;
    cux_preds_compute(&g->cfg, &preds);
    uint8_t *body = cux_xcalloc(nb + 1, 1);
    uint32_t *work = cux_xcalloc(nb + 1, sizeof(uint32_t));
    for (uint32_t b = 0; b < nb; b++) {
        const cux_loop_test *t = cux_induction_test(&g->induction, b);
        if (!t || t->latch != b)
            continue;
        uint32_t h = g->induction.loop[b] - 1;
        memset(body, 0, nb + 1);
        if (!cux_natural_loop(&g->cfg, idom, &preds, h, body, work))
            continue;
        uint32_t every = trips_between(g, body);
        if (!every || !loads_far(g, h, b))
            continue;
        g->trip_yield[b] = ++id;
        g->trip_every[b] = every;
        g->trip_yields = true;
    }
    free(work);
    free(body);
    cux_preds_free(&preds);
    free(idom);
}

const char *cux_cgen_trip_yield(cux_cgen *g, uint32_t to)
{
    uint32_t b = g->block;
    if (g->one_lane || b >= g->cfg.n_blocks || !g->trip_yield[b] ||
        to != g->induction.loop[b] - 1)
        return "";
    /* a block of one warp has no sibling to wait for */
    return FMT("if (__builtin_expect(++trips_ == %u, 0) && "
               "blk->nthreads > 32) goto cux_trip%u;", g->trip_every[b], b);
}
