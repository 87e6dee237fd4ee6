/* ocl_rounds.c: kernels whose barriers or warp collectives only some
 * threads reach, run in rounds.  OpenCL requires every work-item of a
 * group at every barrier call, while CUDA lets a thread leave early (it
 * counts as arrived) and lets part of a warp meet at a collective.  Such
 * a kernel becomes one loop: each round, every work-item runs from where
 * it stopped to its next sync point (a barrier, a warp collective or its
 * end) and records what it waits at in __local memory; then the round's
 * one pair of barriers, which every work-item reaches whatever the CUDA
 * control flow, and between them each work-item decides from the block's
 * records whether its wait is over, and computes its collective's
 * result.  PTX registers are the kernel's locals, so they live on from
 * round to round.  Named barriers (counted by warps, decided by thread
 * 0) and yields (nanosleep, spinning loads, mbarrier waits, where a
 * thread lets the others run for a round) exist in rounds only.
 * docs/opencl.md ("Kernels that run in rounds" and what follows) says
 * why and what a round costs. */
#include "codegen/opencl/ocl.h"

#include <stdlib.h>
#include <string.h>

#define FLAT "((uint)(get_local_id(0) + get_local_size(0) * " \
             "(get_local_id(1) + get_local_size(1) * get_local_id(2))))"
#define THREADS "((uint)(get_local_size(0) * get_local_size(1) * " \
                "get_local_size(2)))"
#define BARRIER "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"

/* What a thread waits at (cux_rw_), beside a collective's key: */
#define WAIT_EXITED 1u  /* nothing: it has ended, for good */
#define WAIT_BARRIER 2u /* bar.sync 0 or bar.red (__syncthreads...) */
/* A .sync collective's key is its kind (opcode and qualifiers): PTX
 * lets the lanes of a membermask meet at different instructions of the
 * same kind.  A legacy one (no membermask) and activemask meet the
 * lanes at the same instruction in the same round, so their key is the
 * instruction. */
#define KEY_KIND 0x80000000u
#define KEY_SITE 0x40000000u
/* A named barrier's key: its id in the low bits, KEY_ARRIVE for
 * bar.arrive.  A thread that yields (nanosleep) waits at WAIT_YIELD:
 * neither matches a collective's key nor the barrier's. */
#define KEY_NAMED 0x20000000u
#define KEY_ARRIVE 0x10000000u
#define WAIT_YIELD 0u
/* The site recorded for waits that no legacy collective must wait for
 * (cux_round_first looks at the sites of earlier waits). */
#define NO_SITE "0xffffffffu"

/* Where a thread lets the block's others run and goes on in the next
 * round: nanosleep, a load a warp spins on (ptx/spin.c), an mbarrier
 * wait that finds its phase incomplete.  Threads of a block that wait
 * for each other through memory need it: a work-item may otherwise run
 * to its end before another starts. */
static bool is_yield(const cux_ptx_insn *insn)
{
    return cux_ptx_parks_warp(insn) && insn->op != CUX_OP_BAR &&
           insn->op != CUX_OP_BARRIER;
}

bool cux_ocl_rounds_sync_point(const cux_ptx_insn *insn)
{
    if (is_yield(insn))
        return true;
    switch (insn->op) {
    case CUX_OP_BAR: case CUX_OP_BARRIER: case CUX_OP_SHFL:
    case CUX_OP_VOTE: case CUX_OP_ACTIVEMASK: case CUX_OP_REDUX:
    case CUX_OP_MATCH:
        return true;
    case CUX_OP_WMMA: /* the warp's a and b meet there (ocl_wmma.c) */
        return insn->mode == CUX_MODE_MMA;
    default:
        return false;
    }
}

static bool is_warp_sync(const cux_ptx_insn *insn)
{
    return (insn->op == CUX_OP_BAR || insn->op == CUX_OP_BARRIER) &&
           insn->mode == CUX_MODE_WARP_SYNC;
}

static bool is_block_barrier(const cux_ptx_insn *insn)
{
    return (insn->op == CUX_OP_BAR || insn->op == CUX_OP_BARRIER) &&
           !is_warp_sync(insn);
}

/* A barrier with an id other than the immediate 0, a thread count, or
 * bar.arrive: one of the block's 16 named barriers (and cux's cooperative
 * groups' 16 more), which the rounds open by counting warps.  bar.red
 * and the grid barrier keep their own forms (barrier_supported). */
static bool is_named(const cux_ptx_insn *insn, const cux_ptx_operand *id)
{
    if (!is_block_barrier(insn) || insn->mode == CUX_MODE_RED ||
        insn->mode == CUX_MODE_CUX_GRID)
        return false;
    return insn->mode == CUX_MODE_ARRIVE || insn->n_operands != 1 ||
           id->kind != CUX_OPND_IMM_INT || id->imm != 0;
}

static bool named_barrier(ocl_gen *g, const cux_ptx_insn *insn)
{
    return insn->n_operands &&
           is_named(insn, &g->func->operands[insn->first_operand]);
}

/* The operand holding a collective's membermask, or -1 (legacy forms,
 * activemask). */
static int membermask_operand(const cux_ptx_insn *insn)
{
    if (is_warp_sync(insn))
        return insn->n_operands ? 0 : -1;
    if (!(insn->flags & CUX_PTX_F_SYNC) || insn->op == CUX_OP_WMMA)
        return -1;
    uint32_t pair = (insn->flags & CUX_PTX_F_PAIR) ? 1 : 0;
    uint32_t at = insn->op == CUX_OP_SHFL ? 4 + pair
                : insn->op == CUX_OP_MATCH ? 2 + pair : 2;
    return at < insn->n_operands ? (int)at : -1;
}

static uint32_t wait_key(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (membermask_operand(insn) < 0)
        return KEY_SITE | (uint32_t)(insn - g->func->insns);
    return KEY_KIND | (uint32_t)(insn->op & 0x7fff) << 16 |
           (uint32_t)insn->mode << 8 | insn->type;
}

/* Marks in `seen` (a byte per block) `from` and every block it reaches,
 * leaving out, where idom is given, edges to a block that dominates
 * their source (loops' back edges).  `stack` holds a block each. */
static void mark_reachable(const cux_cfg *cfg, const uint32_t *idom,
                           uint32_t from, uint8_t *seen, uint32_t *stack)
{
    if (seen[from])
        return;
    uint32_t n = 0;
    seen[from] = 1;
    stack[n++] = from;
    while (n) {
        uint32_t b = stack[--n];
        for (uint32_t k = 0; k < cfg->blocks[b].n_succ; k++) {
            uint32_t t = cfg->blocks[b].succ[k];
            if (!seen[t] && !(idom && cux_dominates(idom, t, b))) {
                seen[t] = 1;
                stack[n++] = t;
            }
        }
    }
}

bool cux_ocl_block_has_sync_point(const ocl_gen *g, uint32_t b)
{
    const cux_cfg_block *blk = &g->analysis->funcs[g->fi].cfg.blocks[b];
    for (uint32_t i = blk->first; i < blk->end; i++)
        if (cux_ocl_rounds_sync_point(&g->func->insns[i]))
            return true;
    return false;
}

/* Whether some thread may end while others go on to a sync point: an
 * exit (or ret) that is guarded by a value that may differ between
 * threads, or lies where only some threads run, and from which the
 * CFG reaches a barrier or collective.  The uniformity analysis does
 * not mark what follows a guarded exit in straight-line code as
 * partial, and OpenCL would run such a thread on into the barrier. */
static bool early_exit_before_sync(ocl_gen *g)
{
    const cux_func_analysis *fa = &g->analysis->funcs[g->fi];
    const cux_cfg *cfg = &fa->cfg;
    const cux_ptx_func *f = g->func;
    uint8_t *seen = cux_xcalloc(cfg->n_blocks + 1, 1);
    uint32_t *stack = cux_xcalloc(cfg->n_blocks + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (insn->op != CUX_OP_EXIT && insn->op != CUX_OP_RET)
            continue;
        uint32_t b = cfg->block_of_insn[i];
        bool varying = fa->uniform.partial[b] || fa->uniform.block_partial[b] ||
                       (insn->guard >= 0 &&
                        (fa->uniform.varying[insn->guard] ||
                         fa->uniform.block_varying[insn->guard]));
        if (!varying)
            continue;
        /* what the threads that stay run next */
        for (uint32_t k = 0; k < cfg->blocks[b].n_succ; k++)
            mark_reachable(cfg, NULL, cfg->blocks[b].succ[k], seen, stack);
        if (insn->guard >= 0 && i + 1 < f->n_insns) /* past a guarded exit */
            mark_reachable(cfg, NULL, cfg->block_of_insn[i + 1], seen, stack);
    }
    bool found = false;
    for (uint32_t b = 0; b < cfg->n_blocks && !found; b++)
        found = seen[b] && cux_ocl_block_has_sync_point(g, b);
    free(seen);
    free(stack);
    return found;
}

/* Whether two sync points lie on parallel paths: neither reaches the
 * other without going round a loop (edges to a block that dominates
 * their source left out), as on the two sides of an if/else.  PoCL 3.1
 * gets such a kernel wrong in the per-thread shape even when every
 * thread takes the same side: after the barrier on the side placed
 * second, a register holds another work-item's value
 * (tests/cuda/uniform_branch_barriers.cu; CUB's BlockReduce for full
 * and partial tiles).  In rounds, with its one barrier pair, it is
 * right.  Loops and straight-line sequences of barriers, the shapes of
 * tiled kernels, keep the faster per-thread shape. */
static bool sync_points_on_parallel_paths(ocl_gen *g)
{
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    uint32_t n = cfg->n_blocks, n_syncs = 0;
    uint8_t *syncs = cux_xcalloc(n + 1, 1);
    for (uint32_t b = 0; b < n; b++)
        n_syncs += syncs[b] = cux_ocl_block_has_sync_point(g, b);
    if (n_syncs < 2) {
        free(syncs);
        return false;
    }
    uint32_t *idom = cux_dominators_compute(cfg);
    uint8_t *reach = cux_xcalloc((size_t)n * n + 1, 1); /* [from * n + to] */
    uint32_t *stack = cux_xcalloc(n + 1, sizeof(uint32_t));
    for (uint32_t b = 0; b < n; b++)
        if (syncs[b])
            mark_reachable(cfg, idom, b, reach + (size_t)b * n, stack);
    bool parallel = false;
    for (uint32_t a = 0; a < n && !parallel; a++)
        for (uint32_t b = a + 1; b < n && !parallel; b++)
            parallel = syncs[a] && syncs[b] && idom[a] != UINT32_MAX &&
                       idom[b] != UINT32_MAX && !reach[(size_t)a * n + b] &&
                       !reach[(size_t)b * n + a];
    free(stack);
    free(reach);
    free(idom);
    free(syncs);
    return parallel;
}

bool cux_ocl_rounds_needed(ocl_gen *g)
{
    if (!g->func->is_entry)
        return false;
    /* a yield and a named barrier exist in rounds only */
    for (uint32_t i = 0; i < g->func->n_insns; i++)
        if (is_yield(&g->func->insns[i]) ||
            named_barrier(g, &g->func->insns[i]))
            return true;
    for (uint32_t i = 0; i < g->func->n_insns; i++)
        if (cux_ocl_rounds_sync_point(&g->func->insns[i]) &&
            !cux_ocl_whole_block(g, &g->func->insns[i]))
            return true;
    return early_exit_before_sync(g) || sync_points_on_parallel_paths(g);
}

/* Helpers the rounds' code calls, once per module that has such a
 * kernel (so that the other kernels' source stays as it was). */
const char *cux_ocl_rounds_helpers(void)
{
    return
        "/* rounds (ocl_rounds.c): one bit per lane set in v (distinct bits) */\n"
        "static uint cux_round_bits(uint16 v)\n{\n"
        "    uint8 a = v.lo + v.hi;\n    uint4 b = a.lo + a.hi;\n"
        "    uint2 c = b.lo + b.hi;\n    return c.x + c.y;\n}\n"
        "/* the lanes of the warp starting at thread w that wait at `key`\n"
        " * with membermask `mask`, and in *live those that have not exited;\n"
        " * 16 lanes a vector, as every thread of the warp asks each round */\n"
        "static uint cux_round_group(__local const uint *rw, __local const "
        "uint *rm,\n    uint w, uint nt, uint key, uint mask, uint *live)\n{\n"
        "    const uint16 bit = (uint16)(1u, 2u, 4u, 8u, 16u, 32u, 64u, 128u,\n"
        "        256u, 512u, 1024u, 2048u, 4096u, 8192u, 16384u, 32768u);\n"
        "    uint16 k0 = vload16(0, rw + w), k1 = vload16(1, rw + w);\n"
        "    uint16 m0 = vload16(0, rm + w), m1 = vload16(1, rm + w);\n"
        "    uint exist = nt - w >= 32u ? 0xffffffffu : (1u << (nt - w)) - 1u;\n"
        "    *live = exist & (cux_round_bits(select((uint16)0u, bit, k0 != 1u)) |\n"
        "        cux_round_bits(select((uint16)0u, bit, k1 != 1u)) << 16);\n"
        "    return exist & (cux_round_bits(select((uint16)0u, bit,\n"
        "                                          (k0 == key) & (m0 == mask))) |\n"
        "        cux_round_bits(select((uint16)0u, bit,\n"
        "                              (k1 == key) & (m1 == mask))) << 16);\n}\n"
        "/* whether no lane of that warp waits at a collective earlier in\n"
        " * the kernel than `site`: lanes behind are let catch up first, so\n"
        " * that a warp meets again where CUDA's would (after a loop its\n"
        " * lanes left one by one, after both sides of a branch) */\n"
        "static int cux_round_first(__local const uint *rw, __local const "
        "uint *rs,\n    uint w, uint nt, uint site)\n{\n"
        "    for (uint k = 0u; k < 32u && w + k < nt; k++)\n"
        "        if (rw[w + k] > 2u && rs[w + k] < site)\n"
        "            return 0;\n"
        "    return 1;\n}\n"
        "/* a round in which no thread could go on: the launch fails (fault\n"
        " * kind 5, with the PTX line a thread waits at) instead of hanging */\n"
        "static void cux_round_stuck(__global uchar *A_, uint line)\n{\n"
        "#ifdef CUX_FAULT_OFFSET\n"
        "    __global volatile uint *f =\n"
        "        (__global volatile uint *)(A_ + CUX_FAULT_OFFSET);\n"
        "    if (line && atomic_cmpxchg(f, 0u, 5u) == 0u)\n"
        "        *(__global volatile ulong *)(A_ + CUX_FAULT_OFFSET + 8) = "
        "line;\n"
        "#else\n    (void)A_; (void)line;\n#endif\n}\n\n";
}

/* The named barriers' decision, once per module whose kernels have
 * them: thread 0's alone, between the round's barriers, over the
 * block's records, so that a round costs the others nothing more.  A
 * warp arrives at barrier `id` (PTX: "marks warps' arrival") once every
 * lane of it that has not exited waits at a named barrier of that id
 * and none is counted yet; it counts 32 threads whatever its lanes, as
 * PTX counts a warp and the CPU device does.  A barrier whose count is
 * reached (no count: every warp that has not exited) releases the
 * threads held at it and starts a new phase; bar.arrive's threads go on
 * as soon as their warp has arrived. */
const char *cux_ocl_rounds_named_helpers(void)
{
    return
        "/* rounds (ocl_rounds.c): named barriers.  rn: per thread, 0 or 2\n"
        " * not counted (2: released, and it has run on since), 1 counted\n"
        " * and held; rb: per id, threads counted in its phase, rq: its\n"
        " * count (0: every warp that has not exited).  1 if anything\n"
        " * changed. */\n"
        "static int cux_round_named(__local const uint *rw, __local const "
        "uint *rm,\n    __local uchar *rn, __local uint *rb, __local uint "
        "*rq, uint nt)\n{\n"
        "    int changed = 0;\n    uint alive = 0u;\n"
        "    for (uint w = 0u; w < nt; w += 32u) {\n"
        "        uint end = min(w + 32u, nt), id = 32u, live = 0u, "
        "whole = 1u, n = 0u;\n"
        "        for (uint t = w; t < end; t++) {\n"
        "            uint k = rw[t];\n"
        "            if (k == 1u)\n                continue;\n"
        "            live++;\n"
        "            if ((k >> 29) != 1u || rn[t] == 1u ||\n"
        "                (id != 32u && (k & 31u) != id))\n"
        "                whole = 0u;\n"
        "            id = k & 31u;\n            n = rm[t];\n        }\n"
        "        alive += live != 0u;\n"
        "        if (!live || !whole)\n            continue;\n"
        "        rb[id] += 32u;\n        rq[id] = n;\n        changed = 1;\n"
        "        for (uint t = w; t < end; t++)\n"
        "            if (rw[t] != 1u)\n"
        "                rn[t] = (rw[t] & 0x10000000u) ? 2u : 1u;\n"
        "    }\n"
        "    for (uint id = 0u; id < 32u; id++) {\n"
        "        if (!rb[id] || rb[id] < (rq[id] ? rq[id] : alive * 32u))\n"
        "            continue;\n"
        "        rb[id] = 0u;\n        changed = 1;\n"
        "        for (uint t = 0u; t < nt; t++)\n"
        "            if (rn[t] == 1u && (rw[t] & 31u) == id)\n"
        "                rn[t] = 2u;\n"
        "    }\n    return changed;\n}\n\n";
}

/* The block's records: what each thread waits at, its membermask and
 * its operand; the number of threads at the block barrier, of those
 * with a true bar.red predicate, of threads that have exited; and, by
 * the round's parity, whether anyone went on. */
/* The CFG blocks from which no path leads to a sync point or an exit:
 * loops that never end, which clang emits for paths it proves cannot
 * run.  Every block of a kernel in rounds must reach the round's
 * barrier: a driver may take a branch away from every barrier for one
 * that all work-items take (PoCL does, and runs exited work-items on). */
static uint8_t *endless_blocks(ocl_gen *g)
{
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    const cux_ptx_func *f = g->func;
    uint8_t *ends = cux_xcalloc(cfg->n_blocks + 1, 1);
    for (uint32_t b = 0; b < cfg->n_blocks; b++) {
        const cux_cfg_block *blk = &cfg->blocks[b];
        ends[b] = blk->n_succ == 0;
        for (uint32_t i = blk->first; i < blk->end; i++)
            ends[b] |= cux_ocl_rounds_sync_point(&f->insns[i]) ||
                       f->insns[i].op == CUX_OP_EXIT ||
                       f->insns[i].op == CUX_OP_RET;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = 0; b < cfg->n_blocks; b++)
            for (uint32_t k = 0; k < cfg->blocks[b].n_succ && !ends[b]; k++)
                if (ends[cfg->blocks[b].succ[k]])
                    ends[b] = changed = true;
    }
    for (uint32_t b = 0; b < cfg->n_blocks; b++)
        ends[b] = !ends[b];
    return ends;
}

static void cut_stop(ocl_gen *g, uint32_t site, uint32_t line)
{
    EMIT("    cux_rw_[cux_t_] = %uu; cux_at_ = %uu; cux_rs_[cux_t_] = "
         NO_SITE "; cux_line_ = %uu; goto E_;\n", WAIT_YIELD, site,
         line ? line : 1);
}

/* A branch that cux_ocl_rounds_cuts chose: the thread yields and goes on
 * at the loop's head.  True if it was one (the caller emits nothing
 * more for the branch). */
bool cux_ocl_rounds_back_edge(ocl_gen *g, const cux_ptx_insn *insn)
{
    uint32_t i = (uint32_t)(insn - g->func->insns);
    if (!g->cut || !(g->cut[i] & CUT_BRANCH))
        return false;
    cut_stop(g, i + 1, insn->line);
    return true;
}

/* Before the labels of instruction i: where the fall-through into it is
 * a cut back edge, the yield, and the head's label to resume at. */
void cux_ocl_rounds_before_labels(ocl_gen *g, uint32_t i)
{
    if (!g->cut || !(g->cut[i] & CUT_FALL))
        return;
    cut_stop(g, g->func->n_insns + 1 + i, g->func->insns[i].line);
    EMIT("H%u_: ;\n", i);
}

/* At the start of an endless block, a way out that is never taken (a
 * volatile the compiler cannot fold). */
void cux_ocl_rounds_before(ocl_gen *g, uint32_t insn)
{
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    uint32_t b = cfg->block_of_insn[insn];
    if (g->endless && g->endless[b] && cfg->blocks[b].first == insn)
        EMIT("    if (cux_never_) goto E_;\n");
}

/* Whether the kernel has yields (g->yields) and named barriers
 * (g->named): their records and the decisions they need are emitted
 * only then, so that other kernels stay as they were. */
static void find_kinds(ocl_gen *g)
{
    g->yields = g->named = false;
    free(g->cut);
    g->cut = cux_ocl_rounds_cuts(g);
    for (uint32_t i = 0; i < g->func->n_insns; i++) {
        g->yields = g->yields || is_yield(&g->func->insns[i]) || g->cut[i];
        g->named = g->named || named_barrier(g, &g->func->insns[i]);
    }
    g->uses_named = g->uses_named || g->named;
}

/* Named barriers: per id, the threads counted in its current phase and
 * the count it needs; how many threads wait at one (thread 0 decides
 * only while some do); per thread, what thread 0 decided (0 not counted,
 * 1 counted and held, 2 released), and whether it waits at one. */
static void begin_named(ocl_gen *g)
{
    EMIT("    __local uint cux_rb_[32], cux_rq_[32], cux_rk_;\n"
         "    __local uchar cux_rn_[1024];\n"
         "    int cux_nw_ = 0;\n"
         "    if (cux_t_ == 0u) {\n"
         "        for (uint i_ = 0u; i_ < 32u; i_++) cux_rb_[i_] = "
         "cux_rq_[i_] = 0u;\n"
         "        cux_rk_ = 0u;\n    }\n"
         "    cux_rn_[cux_t_] = 0u;\n");
}

void cux_ocl_rounds_begin(ocl_gen *g)
{
    free(g->endless);
    g->endless = endless_blocks(g);
    find_kinds(g);
    EMIT("    __local uint cux_rw_[1024], cux_rm_[1024], cux_rs_[1024], "
         "cux_rc_[3], cux_rp_[2];\n"
         "    __local ulong cux_rv_[1024];\n"
         "    const uint cux_t_ = " FLAT ", cux_nt_ = " THREADS ";\n"
         "    uint cux_at_ = 0u, cux_round_ = 0u, cux_line_ = 0u;\n"
         "    volatile int cux_never_ = 0;\n"
         "    int cux_go_ = 1, cux_bw_ = 0, cux_bp_ = 0, cux_stalled_ = 0;\n"
         "    if (cux_t_ == 0u) {\n"
         "        cux_rc_[0] = cux_rc_[1] = cux_rc_[2] = 0u;\n"
         "        cux_rp_[0] = cux_rp_[1] = 0u;\n    }\n");
    if (g->yields) /* by the round's parity, whether anyone yielded */
        EMIT("    __local uint cux_ry_[2];\n"
             "    if (cux_t_ == 0u) cux_ry_[0] = cux_ry_[1] = 0u;\n");
    if (g->named)
        begin_named(g);
    cux_ocl_rounds_keep_begin(g);
    EMIT("    barrier(CLK_LOCAL_MEM_FENCE);\n"
         "    for (;;) {\n"
         "    if (cux_go_) switch (cux_at_) {\n"
         "    case 0u: goto R0_;\n");
    for (uint32_t i = 0; i < g->func->n_insns; i++)
        if (cux_ocl_rounds_sync_point(&g->func->insns[i]))
            EMIT("    case %uu: goto R%u_;\n", i + 1, i + 1);
        else if (g->cut[i] & CUT_BRANCH) /* a loop's head: rounds_loops */
            EMIT("    case %uu: goto B%u;\n", i + 1,
                 g->func->operands[g->func->insns[i].first_operand].value);
    for (uint32_t i = 0; i < g->func->n_insns; i++)
        if (g->cut[i] & CUT_FALL)
            EMIT("    case %uu: goto H%u_;\n", g->func->n_insns + 1 + i, i);
    EMIT("    }\n    goto E_;\nR0_: ;\n");
}

/* Stops the thread at a sync point (where `cond` holds, if given); it
 * goes on at R<i+1>_ in the round where its wait is over, with its
 * result already written.  `rs` is the site recorded for legacy
 * collectives to wait behind (NULL: this one's). */
static void stop_if(ocl_gen *g, const cux_ptx_insn *insn, const char *rs,
                    const char *cond)
{
    uint32_t site = (uint32_t)(insn - g->func->insns) + 1;
    EMIT("    %scux_at_ = %uu; cux_rs_[cux_t_] = %s; cux_line_ = %uu; "
         "goto E_;%s\nR%u_: ;\n", cond ? FMT("if (%s) { ", cond) : "", site,
         rs ? rs : FMT("%uu", site), insn->line ? insn->line : 1,
         cond ? " }" : "", site);
}

static void stop(ocl_gen *g, const cux_ptx_insn *insn)
{
    stop_if(g, insn, NULL, NULL);
}

/* A yield: the thread lets the others run and goes on next round,
 * where `cond` holds (always if NULL). */
void cux_ocl_rounds_yield(ocl_gen *g, const cux_ptx_insn *insn,
                          const char *cond)
{
    EMIT("    %scux_rw_[cux_t_] = %uu;\n", cond ? FMT("if (%s) ", cond) : "",
         WAIT_YIELD);
    stop_if(g, insn, NO_SITE, cond);
}

/* bar.sync/barrier.sync with an id or count, bar.arrive: the thread
 * records the barrier and its count; thread 0 counts its warp once all
 * of the warp's lanes that have not exited are there, and releases it
 * (cux_round_named).  An id past 31 or a count that is not a positive
 * multiple of the warp size faults the launch, as on the CPU device. */
static void named_wait(ocl_gen *g, const cux_ptx_insn *insn)
{
    bool counted = insn->n_operands > 1;
    EMIT("    { uint id_ = %s, n_ = %s;\n"
         "      if (id_ >= 32u || %sn_ %% 32u) {\n"
         "        cux_bad_address(A_, %uUL, 6u); goto X_;\n      }\n"
         "      cux_rw_[cux_t_] = 0x%xu | id_; cux_rm_[cux_t_] = n_;\n"
         "      cux_nw_ = 1; atomic_inc(&cux_rk_);\n    }\n",
         cux_ocl_src(g, insn, 0, CUX_T_U32),
         counted ? cux_ocl_src(g, insn, 1, CUX_T_U32) : "0u",
         counted ? "!n_ || " : "", insn->line,
         KEY_NAMED | (insn->mode == CUX_MODE_ARRIVE ? KEY_ARRIVE : 0));
    stop_if(g, insn, NO_SITE, NULL);
}

bool cux_ocl_rounds_decides(ocl_gen *g, const cux_ptx_insn *insn)
{
    return cux_ocl_rounds_sync_point(insn) && !is_yield(insn) &&
           !named_barrier(g, insn);
}

static bool barrier_supported(ocl_gen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *id = insn->n_operands ? cux_ocl_opnd(g, insn, 0)
                                                 : NULL;
    if (insn->mode == CUX_MODE_RED)
        return insn->n_operands == 3 &&
               cux_ocl_opnd(g, insn, 1)->kind == CUX_OPND_IMM_INT &&
               cux_ocl_opnd(g, insn, 1)->imm == 0;
    return (insn->mode == CUX_MODE_SYNC || insn->mode == CUX_MODE_NONE) &&
           insn->n_operands == 1 && id->kind == CUX_OPND_IMM_INT &&
           id->imm == 0;
}

void cux_ocl_rounds_wait(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (named_barrier(g, insn)) {
        named_wait(g, insn);
        return;
    }
    if (is_block_barrier(insn)) {
        if (!barrier_supported(g, insn)) {
            cux_ocl_fail(g, insn, "this barrier form (a grid barrier, "
                         "or bar.red with a barrier id or thread count)");
            return;
        }
        EMIT("    cux_bp_ = %s;\n",
             insn->mode == CUX_MODE_RED
                 ? FMT("(%s) != 0", cux_ocl_src(g, insn, 2, CUX_T_PRED))
                 : "0");
        EMIT("    cux_rw_[cux_t_] = %uu; cux_bw_ = 1;\n"
             "    atomic_inc(&cux_rc_[0]);\n"
             "    if (cux_bp_) atomic_inc(&cux_rc_[1]);\n", WAIT_BARRIER);
        stop(g, insn);
        return;
    }
    if (insn->op == CUX_OP_WMMA) { /* its words wait in cux_wmma_ */
        cux_ocl_wmma_deposit(g, insn);
        EMIT("    cux_rw_[cux_t_] = 0x%xu; cux_rm_[cux_t_] = 0u;\n",
             wait_key(g, insn));
        stop(g, insn);
        return;
    }
    const char *value = is_warp_sync(insn) ? "0"
                                           : cux_ocl_warp_operand(g, insn);
    if (!value)
        return;
    int mask = membermask_operand(insn);
    EMIT("    cux_rw_[cux_t_] = 0x%xu; cux_rm_[cux_t_] = %s;\n"
         "    cux_rv_[cux_t_] = (ulong)(%s);\n", wait_key(g, insn),
         mask < 0 ? "0u" : cux_ocl_src(g, insn, (uint32_t)mask, CUX_T_U32),
         value);
    stop(g, insn);
}

void cux_ocl_rounds_exit(ocl_gen *g)
{
    EMIT("    goto X_;\n");
}

/* A bar.sync or bar.red waiter goes on when every thread that has not
 * exited waits at the block barrier; bar.red's predicates are counted
 * as the threads arrived. */
static void resolve_barrier(ocl_gen *g, const cux_ptx_insn *insn)
{
    EMIT("      cux_go_ = cux_rc_[0] + nexit_ == cux_nt_;\n");
    if (insn->mode != CUX_MODE_RED)
        return;
    const char *result = insn->mode2 == CUX_MODE_POPC ? "n_"
                       : insn->mode2 == CUX_MODE_AND
                           ? "(-(int)(n_ == cux_rc_[0]))"
                           : "(-(int)(n_ != 0u))";
    EMIT("      if (cux_go_) { uint n_ = cux_rc_[1];\n");
    cux_ocl_dst(g, insn, 0, insn->mode2 == CUX_MODE_POPC ? CUX_T_U32
                                                          : CUX_T_PRED,
                result);
    EMIT("      }\n");
}

/* A collective waiter goes on with the lanes of its warp that wait at
 * the same key (and membermask): for a .sync form, once every lane of
 * its membermask that has not exited is there (a lane never there is
 * CUDA's deadlock, which the round without progress reports); a legacy
 * form or activemask at once, with the lanes there this round. */
static void resolve_collective(ocl_gen *g, const cux_ptx_insn *insn)
{
    int mask = membermask_operand(insn);
    EMIT("      { const uint t_ = cux_t_, l_ = t_ & 31u, w_ = t_ - l_, "
         "nt_ = cux_nt_;\n"
         "        uint live_;\n"
         "        const uint G_ = cux_round_group(cux_rw_, cux_rm_, w_, nt_, "
         "0x%xu, cux_rm_[t_], &live_)%s;\n", wait_key(g, insn),
         mask < 0 ? "" : " & cux_rm_[t_]");
    if (insn->op == CUX_OP_WMMA) { /* .aligned: every lane still there */
        EMIT("        cux_go_ = (live_ & ~G_) == 0u;\n"
             "        if (cux_go_) {\n");
        cux_ocl_wmma_compute(g, insn);
        EMIT("        }\n      }\n");
        return;
    }
    if (mask < 0)
        EMIT("        cux_go_ = cux_stalled_ || cux_round_first(cux_rw_, "
             "cux_rs_, w_, nt_, %uu);\n",
             (uint32_t)(insn - g->func->insns) + 1);
    else
        EMIT("        cux_go_ = (G_ >> l_ & 1u) && "
             "(cux_rm_[t_] & live_ & ~G_) == 0u;\n");
    if (insn->op == CUX_OP_ACTIVEMASK) {
        cux_ocl_dst(g, insn, 0, CUX_T_U32, "G_");
    } else if (!is_warp_sync(insn)) {
        static const cux_ocl_lanes gathered = {
            .words = "cux_rv_", .members = "G_",
            .missing = "!(G_ >> (uint)j & 1u)"};
        EMIT("        if (cux_go_) {\n");
        cux_ocl_warp_compute(g, insn, &gathered);
        cux_ocl_warp_results(g, insn);
        EMIT("        }\n");
    }
    EMIT("      }\n");
}

/* The thread's end; the round's barriers; the decisions between them:
 * who goes on (each from the block's records, which nobody changes
 * until the second barrier), whether every thread has exited (read
 * there, so all agree and leave the loop together), whether the round
 * let anyone on (else nobody ever will: the launch fails). */
void cux_ocl_rounds_end(ocl_gen *g)
{
    EMIT("X_:\n"
         "    cux_rw_[cux_t_] = %uu; atomic_inc(&cux_rc_[2]);\n"
         "    cux_at_ = 0xffffffffu; cux_line_ = 0u;\n"
         "E_:\n    " BARRIER
         "    {\n      const uint nexit_ = cux_rc_[2];\n"
         "      cux_go_ = 0;\n      switch (cux_at_) {\n", WAIT_EXITED);
    for (uint32_t i = 0; i < g->func->n_insns && !g->error; i++) {
        const cux_ptx_insn *insn = &g->func->insns[i];
        if (g->cut[i] & CUT_FALL)
            EMIT("      case %uu: cux_go_ = 2; break;\n",
                 g->func->n_insns + 1 + i); /* a yield at a loop's end */
        if (!cux_ocl_rounds_sync_point(insn) && !(g->cut[i] & CUT_BRANCH))
            continue;
        EMIT("      case %uu:\n", i + 1);
        if (g->cut[i] & CUT_BRANCH)
            EMIT("      cux_go_ = 2;\n"); /* a yield at a loop's end */
        else if (named_barrier(g, insn))
            ; /* thread 0 decides, below; the thread reads it after */
        else if (is_yield(insn))
            EMIT("      cux_go_ = 2;\n"); /* goes on, but no progress */
        else if (is_block_barrier(insn))
            resolve_barrier(g, insn);
        else
            resolve_collective(g, insn);
        EMIT("      break;\n");
    }
    EMIT("      default: break;\n      }\n");
    if (g->yields)
        EMIT("      if (cux_go_ == 2) cux_ry_[cux_round_ & 1u] = 1u;\n"
             "      else if (cux_go_) cux_rp_[cux_round_ & 1u] = 1u;\n");
    else
        EMIT("      if (cux_go_) cux_rp_[cux_round_ & 1u] = 1u;\n");
    if (g->named)
        EMIT("      if (cux_t_ == 0u && cux_rk_ &&\n"
             "          cux_round_named(cux_rw_, cux_rm_, cux_rn_, cux_rb_, "
             "cux_rq_, cux_nt_))\n"
             "        cux_rp_[cux_round_ & 1u] = 1u;\n");
    /* A round in which threads only yielded is no progress, but no
     * deadlock either: a spin may end (a GPU hangs where it does not) */
    EMIT("      " BARRIER
         "      if (nexit_ == cux_nt_) break;\n"
         "      if (cux_rp_[cux_round_ & 1u]) {\n"
         "        cux_stalled_ = 0;\n"
         "      } else if (!cux_stalled_%s) {\n"
         "        cux_stalled_ = 1;\n"
         "      } else {\n"
         "        cux_round_stuck(A_, cux_line_);\n        break;\n      }\n"
         "    }\n"
         "    if (cux_t_ == 0u) cux_rp_[(cux_round_ + 1u) & 1u] = 0u;\n",
         g->yields ? " || cux_ry_[cux_round_ & 1u]" : "");
    if (g->yields)
        EMIT("    if (cux_t_ == 0u) cux_ry_[(cux_round_ + 1u) & 1u] = 0u;\n");
    EMIT("    if (cux_go_ && cux_bw_) {\n"
         "      atomic_dec(&cux_rc_[0]);\n"
         "      if (cux_bp_) atomic_dec(&cux_rc_[1]);\n"
         "      cux_bw_ = 0;\n    }\n");
    if (g->named)
        EMIT("    if (cux_nw_ && cux_rn_[cux_t_] == 2u) {\n"
             "      cux_go_ = 1; cux_nw_ = 0; atomic_dec(&cux_rk_);\n    }\n");
    EMIT("    cux_round_++;\n    }\n");
    free(g->endless);
    g->endless = NULL;
    free(g->cut);
    g->cut = NULL;
    cux_ocl_rounds_keep_free(g);
}
