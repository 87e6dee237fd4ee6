/* ocl_warp.c: warp collectives (shfl, vote, activemask, redux, match)
 * where the whole block reaches them converged: each work-item writes
 * its value to the kernel's __local exchange array (one word per thread
 * of the block), a work-group barrier makes them visible, each reads its
 * warp's 32 words, and a second barrier keeps the next exchange from
 * overwriting them early.  That is exact there: every lane of every warp
 * is active, so each lane's membermask group is the lanes of its mask
 * that exist.  A kernel with a collective under thread-varying control
 * runs in rounds instead (ocl_rounds.c, which computes the results with
 * this file's code); one in a device function is refused: a barrier
 * that only some work-items reach is undefined in OpenCL, and the
 * work-items of a work-group do not run in lock step (docs/opencl.md). */
#include "codegen/opencl/ocl.h"
#include "codegen/common/lane_ops.h"

#define FLAT "((uint)(get_local_id(0) + get_local_size(0) * " \
             "(get_local_id(1) + get_local_size(1) * get_local_id(2))))"
#define THREADS "((uint)(get_local_size(0) * get_local_size(1) * " \
                "get_local_size(2)))"

bool cux_ocl_whole_block(ocl_gen *g, const cux_ptx_insn *insn)
{
    const cux_func_analysis *fa = &g->analysis->funcs[g->fi];
    uint32_t block = fa->cfg.block_of_insn[insn - g->func->insns];
    return !fa->uniform.partial[block] && !fa->uniform.block_partial[block];
}

static bool usable(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (!g->func->is_entry) {
        cux_ocl_fail(g, insn, "a warp collective in a device function");
        return false;
    }
    if (!cux_ocl_whole_block(g, insn)) {
        cux_ocl_fail(g, insn, "a warp collective that only some threads of "
                     "the block reach");
        return false;
    }
    return true;
}

/* Opens the exchange of `value` (a ulong expression): t_ is the thread,
 * l_ its lane, w_ its warp's first thread, ex_ the lanes that exist. */
static void exchange(ocl_gen *g, const char *value)
{
    EMIT("    { uint t_ = " FLAT ", l_ = t_ & 31u, w_ = t_ - l_, "
         "nt_ = " THREADS ";\n"
         "      uint ex_ = nt_ - w_ >= 32u ? 0xffffffffu : "
         "(1u << (nt_ - w_)) - 1u;\n"
         "      (void)ex_; (void)l_;\n"
         "      cux_xch_[t_] = (ulong)(%s);\n"
         "      barrier(CLK_LOCAL_MEM_FENCE);\n", value);
}

static void exchange_done(ocl_gen *g)
{
    EMIT("      barrier(CLK_LOCAL_MEM_FENCE);\n");
}

/* The lanes of operand i's membermask that exist, or every lane that
 * exists; the lanes that reached the collective together where the
 * kernel runs in rounds. */
static const char *group(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i,
                         const cux_ocl_lanes *x)
{
    if (x->members)
        return x->members;
    if (i >= insn->n_operands)
        return "ex_";
    return FMT("(ex_ & %s)", cux_ocl_src(g, insn, i, CUX_T_U32));
}

/* The operand of shfl[.sync].mode.b32 d[|p], a, b, c[, membermask]. */
static uint32_t shuffle_a(const cux_ptx_insn *insn)
{
    return (insn->flags & CUX_PTX_F_PAIR) ? 2 : 1;
}

/* shfl: PTX ISA's source lane j (c holds the clamp in bits 0-4 and the
 * segment mask in bits 8-12); a lane out of range or without a value
 * reads its own. */
static void shuffle(ocl_gen *g, const cux_ptx_insn *insn,
                    const cux_ocl_lanes *x)
{
    uint32_t a = shuffle_a(insn);
    const char *source;
    switch (insn->mode) {
    case CUX_MODE_UP: source = "j = (int)l_ - (int)bv; pv = j >= maxl;"; break;
    case CUX_MODE_DOWN: source = "j = (int)l_ + (int)bv; pv = j <= maxl;"; break;
    case CUX_MODE_BFLY: source = "j = (int)(l_ ^ bv); pv = j <= maxl;"; break;
    default: source = "j = (int)(minl | (bv & ~seg)); pv = j <= maxl;"; break;
    }
    const char *vb = cux_ocl_src(g, insn, a + 1, CUX_T_U32);
    const char *vc = cux_ocl_src(g, insn, a + 2, CUX_T_U32);
    EMIT("      uint bv = (%s) & 31u, cv = %s, seg = (cv >> 8) & 31u;\n"
         "      int maxl = (int)((l_ & seg) | (cv & 31u & ~seg));\n"
         "      uint minl = l_ & seg; int j, pv;\n      (void)minl;\n"
         "      %s\n"
         "      if (!pv || j < 0 || j > 31 || %s) j = (int)l_;\n"
         "      uint r_ = (uint)%s[w_ + (uint)j];\n"
         "      int p_ = -pv; (void)p_;\n", vb, vc, source, x->missing,
         x->words);
}

static void shuffle_results(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ocl_dst(g, insn, 0, CUX_T_U32, "r_");
    if (insn->flags & CUX_PTX_F_PAIR)
        cux_ocl_dst(g, insn, 1, CUX_T_PRED, "p_");
}

/* vote[.sync].mode d, {!}a[, membermask] */
static void vote(ocl_gen *g, const cux_ptx_insn *insn, const cux_ocl_lanes *x)
{
    EMIT("      uint g_ = %s, b_ = 0;\n"
         "      for (uint k = 0; k < 32u; k++)\n"
         "        if ((g_ >> k & 1u) && %s[w_ + k]) b_ |= 1u << k;\n",
         group(g, insn, 2, x), x->words);
}

static void vote_results(ocl_gen *g, const cux_ptx_insn *insn)
{
    switch (insn->mode) {
    case CUX_MODE_BALLOT:
        cux_ocl_dst(g, insn, 0, CUX_T_U32, "b_");
        break;
    case CUX_MODE_ALL:
        cux_ocl_dst(g, insn, 0, CUX_T_PRED, "(-(int)(b_ == g_))");
        break;
    case CUX_MODE_ANY:
        cux_ocl_dst(g, insn, 0, CUX_T_PRED, "(-(int)(b_ != 0u))");
        break;
    default:
        cux_ocl_dst(g, insn, 0, CUX_T_PRED,
                    "(-(int)(b_ == 0u || b_ == g_))");
    }
}

/* redux.sync.op.type d, a, membermask: the operation over the group
 * (NULL where it has no 32-bit update; the caller refuses it). */
static const char *reduce_update(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    static const char *const src[] = {"acc_", "v_"};
    cux_lane_ctx c = {.arena = g->expr, .src = src, .type = cux_ocl_stype};
    const char *update = cux_lane_update(&c, insn->mode, t);
    return update && cux_ptx_type_size(t) == 4 ? update : NULL;
}

static void reduce(ocl_gen *g, const cux_ptx_insn *insn,
                   const cux_ocl_lanes *x)
{
    const char *ct = cux_ocl_ctype((cux_ptx_type)insn->type);
    EMIT("      uint g_ = %s; %s acc_ = 0; int first_ = 1;\n"
         "      for (uint k = 0; k < 32u; k++)\n"
         "        if (g_ >> k & 1u) {\n"
         "          %s v_ = (%s)(uint)%s[w_ + k];\n"
         "          acc_ = first_ ? v_ : (%s)(%s); first_ = 0;\n"
         "        }\n", group(g, insn, 2, x), ct, ct, ct, x->words, ct,
         reduce_update(g, insn));
}

/* match.any.sync d, a, membermask; match.all.sync d[|p], a, membermask */
static void match(ocl_gen *g, const cux_ptx_insn *insn, const cux_ocl_lanes *x)
{
    uint32_t a = (insn->flags & CUX_PTX_F_PAIR) ? 2 : 1;
    EMIT("      uint g_ = %s, same_ = 0;\n"
         "      for (uint k = 0; k < 32u; k++)\n"
         "        if ((g_ >> k & 1u) && %s[w_ + k] == %s[t_])\n"
         "          same_ |= 1u << k;\n"
         "      int p_ = -(int)(same_ == g_); (void)p_;\n",
         group(g, insn, a + 1, x), x->words, x->words);
}

static void match_results(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (insn->mode == CUX_MODE_ALL) {
        cux_ocl_dst(g, insn, 0, CUX_T_U32, "(p_ ? g_ : 0u)");
        if (insn->flags & CUX_PTX_F_PAIR)
            cux_ocl_dst(g, insn, 1, CUX_T_PRED, "p_");
    } else {
        cux_ocl_dst(g, insn, 0, CUX_T_U32, "same_");
    }
}

const char *cux_ocl_warp_operand(ocl_gen *g, const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_SHFL:
        if (cux_ptx_type_size(insn->type) != 4) {
            cux_ocl_fail(g, insn, "a shuffle of this type");
            return NULL;
        }
        return cux_ocl_src(g, insn, shuffle_a(insn), CUX_T_U32);
    case CUX_OP_VOTE:
        return FMT("(%s) != 0", cux_ocl_src(g, insn, 1, CUX_T_PRED));
    case CUX_OP_REDUX:
        if (!reduce_update(g, insn)) {
            cux_ocl_fail(g, insn, "this warp reduction");
            return NULL;
        }
        return FMT("(uint)(%s)", cux_ocl_src(g, insn, 1,
                                            (cux_ptx_type)insn->type));
    case CUX_OP_MATCH:
        return cux_ocl_src(g, insn, (insn->flags & CUX_PTX_F_PAIR) ? 2 : 1,
                           cux_ptx_type_size(insn->type) == 8 ? CUX_T_B64
                                                              : CUX_T_B32);
    case CUX_OP_ACTIVEMASK:
        return "0";
    default:
        cux_ocl_fail(g, insn, "'%s'", cux_ptx_opcode_names[insn->op]);
        return NULL;
    }
}

void cux_ocl_warp_compute(ocl_gen *g, const cux_ptx_insn *insn,
                          const cux_ocl_lanes *x)
{
    switch (insn->op) {
    case CUX_OP_SHFL: shuffle(g, insn, x); return;
    case CUX_OP_VOTE: vote(g, insn, x); return;
    case CUX_OP_REDUX: reduce(g, insn, x); return;
    case CUX_OP_MATCH: match(g, insn, x); return;
    default: return;
    }
}

void cux_ocl_warp_results(ocl_gen *g, const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_SHFL: shuffle_results(g, insn); return;
    case CUX_OP_VOTE: vote_results(g, insn); return;
    case CUX_OP_REDUX:
        cux_ocl_dst(g, insn, 0, (cux_ptx_type)insn->type, "acc_");
        return;
    case CUX_OP_MATCH: match_results(g, insn); return;
    default: return;
    }
}

void cux_ocl_warp(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (!usable(g, insn))
        return;
    if (insn->op == CUX_OP_ACTIVEMASK) {
        /* every lane of the warp that exists is active here */
        cux_ocl_dst(g, insn, 0, CUX_T_U32,
                    "((" THREADS " - (" FLAT " & ~31u)) >= 32u ? 0xffffffffu"
                    " : (1u << (" THREADS " - (" FLAT " & ~31u))) - 1u)");
        return;
    }
    const char *value = cux_ocl_warp_operand(g, insn);
    if (!value)
        return;
    static const cux_ocl_lanes converged = {
        .words = "cux_xch_", .missing = "w_ + (uint)j >= nt_"};
    exchange(g, value);
    cux_ocl_warp_compute(g, insn, &converged);
    exchange_done(g);
    cux_ocl_warp_results(g, insn);
    EMIT("    }\n");
}
