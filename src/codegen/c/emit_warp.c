/* emit_warp.c: warp collectives.  The whole warp is one vector, so a
 * shuffle reads another lane's element and a vote reduces the mask of
 * active lanes; no lane has to wait for another.  A .sync collective's
 * membermask splits the warp into groups, one per distinct mask. */
#include "cgen.h"

static const char *shuffle_source(uint8_t mode)
{
    switch (mode) {
    case CUX_MODE_UP: return "j = (int)l - (int)bv; pv = j >= (int)maxl;";
    case CUX_MODE_DOWN: return "j = (int)l + (int)bv; pv = j <= (int)maxl;";
    case CUX_MODE_BFLY: return "j = (int)(l ^ bv); pv = j <= (int)maxl;";
    default: return "j = (int)(minl | (bv & 31 & ~seg)); pv = j <= (int)maxl;";
    }
}

/* Lane `lane`'s source lane for shfl with lane operand b and clamp c
 * (PTX ISA: c holds the segment mask in bits 8-12 and the clamp in bits
 * 0-4); *valid says whether the source lies within the segment.  The
 * lane's own value where it does not, as the instruction returns. */
static uint32_t shuffle_lane(uint8_t mode, uint32_t lane, uint32_t b,
                             uint32_t c, bool *valid)
{
    uint32_t bv = b & 31, seg = (c >> 8) & 31;
    int maxl = (int)((lane & seg) | (c & 31 & ~seg)), j;
    switch (mode) {
    case CUX_MODE_UP: j = (int)lane - (int)bv; *valid = j >= maxl; break;
    case CUX_MODE_DOWN: j = (int)lane + (int)bv; *valid = j <= maxl; break;
    case CUX_MODE_BFLY: j = (int)(lane ^ bv); *valid = j <= maxl; break;
    default: j = (int)((lane & seg) | (bv & ~seg)); *valid = j <= maxl;
    }
    return *valid && j >= 0 && j <= 31 ? (uint32_t)j : lane;
}

/* shfl[.sync].mode.b32 d[|p], a, b, c[, membermask] */
static void shuffle(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t a = pair ? 2 : 1;
    const cux_ptx_operand *b = cux_cgen_opnd(g, insn, a + 1),
                          *c = cux_cgen_opnd(g, insn, a + 2);
    if (b->kind == CUX_OPND_IMM_INT && c->kind == CUX_OPND_IMM_INT) {
        /* Constant lanes (a reduction's __shfl_down_sync(m, v, 16)): the
         * permutation is known here, and the C compiler makes it one
         * permute of constant indices per half (CUX_PERMUTE32_CONST). */
        cux_strbuf from = {0}, valid = {0};
        for (uint32_t l = 0; l < 32; l++) {
            bool ok;
            uint32_t j = shuffle_lane(insn->mode, l, (uint32_t)b->imm,
                                      (uint32_t)c->imm, &ok);
            cux_strbuf_printf(&from, "%s%u", l == 16 ? "), (" : l ? ", " : "",
                              j);
            cux_strbuf_printf(&valid, "%s%d", l ? ", " : "", ok ? -1 : 0);
        }
        EMIT("    { cux_vu32 a_ = %s, t_;\n"
             "      CUX_PERMUTE32_CONST(a_, t_, (%s));\n",
             cux_cgen_src(g, insn, a, CUX_T_U32), from.data);
        cux_cgen_dst(g, insn, 0, CUX_T_U32, "t_");
        if (pair)
            cux_cgen_dst(g, insn, 1, CUX_T_PRED,
                         FMT("((cux_vs32){%s})", valid.data));
        EMIT("    }\n");
        cux_strbuf_free(&from);
        cux_strbuf_free(&valid);
        return;
    }
    EMIT("    { cux_vu32 a_ = %s, b_ = %s, c_ = %s, t_, j_; cux_vs32 p_;\n",
         cux_cgen_src(g, insn, a, CUX_T_U32), cux_cgen_src(g, insn, a + 1, CUX_T_U32),
         cux_cgen_src(g, insn, a + 2, CUX_T_U32));
    /* The source lanes first, then one permutation: a loop that reads
     * a_[j] with a different j per lane would stay scalar. */
    EMIT("      CUX_LANES {\n"
         "        uint32_t bv = b_[l] & 31, cv = c_[l], seg = (cv >> 8) & 31;\n"
         "        uint32_t maxl = ((uint32_t)l & seg) | (cv & 31 & ~seg);\n"
         "        uint32_t minl = (uint32_t)l & seg; int j, pv;\n"
         "        (void)minl; (void)maxl;\n"
         "        %s\n"
         "        if (!pv || j < 0 || j > 31) j = l;\n"
         "        j_[l] = (uint32_t)j; p_[l] = -pv;\n      }\n"
         "      t_ = cux_permute32(a_, j_);\n",
         shuffle_source(insn->mode));
    cux_cgen_dst(g, insn, 0, CUX_T_U32, "t_");
    if (pair)
        cux_cgen_dst(g, insn, 1, CUX_T_PRED, "p_");
    EMIT("    }\n");
}

/* The lanes each lane's collective runs over, as a vector: the active
 * lanes of the lane's membermask, operand i (all active lanes where the
 * instruction has none).  PTX ISA: vote, match and redux.sync work
 * "across all non-exited threads in membermask", and lanes may pass
 * different masks at once: nvcc's cooperative_groups give each tile of
 * 16 lanes 0xffff << (%laneid & 16), so one vote.sync is two ballots. */
static const char *member_lanes(cux_cgen *g, const cux_ptx_insn *insn,
                                uint32_t i)
{
    if (i >= insn->n_operands)
        return "CUX_SPLAT32(em)";
    return FMT("(CUX_SPLAT32(em) & %s)", cux_cgen_src(g, insn, i, CUX_T_U32));
}

/* Whether every lane passes the same membermask (operand i, or none):
 * then the warp's active lanes in it form one group. */
static bool member_uniform(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i)
{
    if (i >= insn->n_operands)
        return true;
    const cux_ptx_operand *m = cux_cgen_opnd(g, insn, i);
    return m->kind == CUX_OPND_IMM_INT ||
           (m->kind == CUX_OPND_REG && cux_cgen_reg_scalar(g, m->value));
}

/* vote[.sync].mode d, {!}a[, membermask]: each lane's result over its
 * group, the active lanes of its membermask.  b_ holds the group's
 * ballot, g_ the group; with one mask for the warp they are splats that
 * the C compiler folds. */
static void vote(cux_cgen *g, const cux_ptx_insn *insn)
{
    EMIT("    { uint32_t v_ = em & cux_bits(%s);\n"
         "      cux_vu32 g_ = %s, b_ = CUX_SPLAT32(v_) & g_;\n",
         cux_cgen_src(g, insn, 1, CUX_T_PRED), member_lanes(g, insn, 2));
    switch (insn->mode) {
    case CUX_MODE_BALLOT:
        cux_cgen_dst(g, insn, 0, CUX_T_U32, "b_");
        break;
    case CUX_MODE_ALL:
        cux_cgen_dst(g, insn, 0, CUX_T_PRED, "(cux_vs32)(b_ == g_)");
        break;
    case CUX_MODE_ANY:
        cux_cgen_dst(g, insn, 0, CUX_T_PRED, "(cux_vs32)(b_ != 0)");
        break;
    default:
        cux_cgen_dst(g, insn, 0, CUX_T_PRED,
                     "(cux_vs32)((b_ == 0) | (b_ == g_))");
    }
    EMIT("    }\n");
}

/* match.any / match.all: lanes of the group holding the same value */
static void match(cux_cgen *g, const cux_ptx_insn *insn)
{
    bool pair = (insn->flags & CUX_PTX_F_PAIR) != 0;
    uint32_t a = pair ? 2 : 1;
    cux_ptx_type t = (cux_ptx_type)insn->type;
    EMIT("    { %s a_ = %s; cux_vu32 g_ = %s, t_ = {0}; cux_vs32 p_;\n"
         "      CUX_LANES if (em >> l & 1) {\n"
         "        uint32_t same = 0;\n"
         "        for (int k = 0; k < 32; k++)\n"
         "          if ((g_[l] >> k & 1) && a_[k] == a_[l]) same |= 1u << k;\n"
         "        t_[l] = same;\n      }\n",
         cux_cgen_vtype(t), cux_cgen_src(g, insn, a, t),
         member_lanes(g, insn, a + 1));
    if (insn->mode == CUX_MODE_ALL) {
        /* the whole group matched: d is the group, else 0 */
        EMIT("      p_ = (cux_vs32)(t_ == g_); t_ = g_ & (cux_vu32)p_;\n");
        if (pair)
            cux_cgen_dst(g, insn, 1, CUX_T_PRED, "p_");
    }
    EMIT("      (void)p_;\n");
    cux_cgen_dst(g, insn, 0, CUX_T_U32, "t_");
    EMIT("    }\n");
}

/* redux.sync.op.type d, a, membermask: one reduction per group; with one
 * mask for the warp, one reduction whose result every lane gets. */
static void redux(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    static const char *const src[] = {"r_", "a_[l]"};
    cux_lane_ctx c = {.arena = &g->expr, .src = src, .type = cux_cgen_stype};
    /* the operator an atomic of the same mode applies */
    const char *op = insn->mode == CUX_MODE_ADD || insn->mode == CUX_MODE_MIN ||
                     insn->mode == CUX_MODE_MAX || insn->mode == CUX_MODE_AND ||
                     insn->mode == CUX_MODE_OR || insn->mode == CUX_MODE_XOR
                     ? cux_lane_update(&c, insn->mode, t) : NULL;
    if (!op) {
        cux_cgen_fail(g, insn, "this redux operation is not supported");
        op = "r_";
    }
    const char *vt = cux_cgen_vtype(t), *wt = cux_cgen_wtype(t);
    if (member_uniform(g, insn, 2)) {
        EMIT("    { %s a_ = %s; %s r_ = 0; int first_ = 1; uint32_t m_ = %s;\n"
             "      CUX_LANES if (m_ >> l & 1) { r_ = first_ ? a_[l] : (%s)(%s); first_ = 0; }\n",
             vt, cux_cgen_src(g, insn, 1, t), wt,
             insn->n_operands > 2
                 ? FMT("em & %s", cux_cgen_src_scalar(g, insn, 2, CUX_T_U32))
                 : "em",
             wt, op);
        cux_cgen_dst(g, insn, 0, t, FMT("((%s){0} + r_)", vt));
        EMIT("    }\n");
        return;
    }
    /* pending_: the active lanes whose group is not reduced yet; each round
     * reduces the group of the lowest and gives its lanes the result. */
    EMIT("    { %s a_ = %s, t_ = {0}; cux_vu32 g_ = %s; uint32_t pending_ = em;\n"
         "      while (pending_) {\n"
         "        uint32_t m_ = g_[__builtin_ctz(pending_)]; %s r_ = 0; int first_ = 1;\n"
         "        CUX_LANES if (m_ >> l & 1) { r_ = first_ ? a_[l] : (%s)(%s); first_ = 0; }\n"
         "        CUX_LANES if ((pending_ >> l & 1) && g_[l] == m_) { t_[l] = r_; pending_ &= ~(1u << l); }\n"
         "      }\n",
         vt, cux_cgen_src(g, insn, 1, t), member_lanes(g, insn, 2), wt, wt,
         op);
    cux_cgen_dst(g, insn, 0, t, "t_");
    EMIT("    }\n");
}

bool cux_cgen_warp(cux_cgen *g, const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_SHFL: shuffle(g, insn); return true;
    case CUX_OP_VOTE: vote(g, insn); return true;
    case CUX_OP_MATCH: match(g, insn); return true;
    case CUX_OP_REDUX: redux(g, insn); return true;
    case CUX_OP_WMMA: cux_cgen_wmma(g, insn); return true;
    case CUX_OP_ACTIVEMASK:
        cux_cgen_dst(g, insn, 0, CUX_T_U32, "CUX_SPLAT32(em)");
        return true;
    case CUX_OP_BAR: case CUX_OP_BARRIER:
        if (insn->mode == CUX_MODE_WARP_SYNC)
            return true; /* a warp runs in lockstep: always converged */
        if (insn->mode != CUX_MODE_ARRIVE)
            return false;
        /* bar.arrive: the warp counts at the barrier and goes on; the
         * runtime adds it up after the round (dev/cpu/block.c) */
        EMIT("    if (em)\n");
        cux_cgen_named_barrier_open(g, insn);
        EMIT("      w->arrived |= 1u << id_; w->arrive_count[id_] = n_; }\n");
        return true;
    case CUX_OP_BRKPT:
        EMIT("    blk->svc->trap(blk, w, __builtin_ctz(em), \"brkpt instruction\", %u);\n"
             "    return CUX_WARP_FAULT;\n", insn->line);
        return true;
    default:
        return false;
    }
}
