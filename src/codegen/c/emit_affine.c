/* emit_affine.c: lanes 0 and 31 (and 15 and 16, cux_cgen_kept_lanes) of
 * lane-affine registers as scalars.
 *
 * For a register whose value is U + sx * %tid.x + sy * %tid.y
 * (analysis/affine.c), each instruction writing it also computes, on
 * scalars, what it wrote into lanes 0 and 31.  In a warp whose %tid.x
 * steps by one over all 32 lanes (w->x_run 32), lane l then holds lane
 * 0's value plus l * sx; in one made of two such runs of 16 (a block 16
 * wide), lane l holds lane 0's value plus (l % 16) * sx + (l / 16) * sy.
 * An access through such an address is then one contiguous run, two
 * half runs, or two broadcasts, as soon as lane 31 holds what that
 * formula says: that comparison also catches a 32-bit index that wrapped
 * before being widened.
 *
 * A register whose lanes hold exactly what the strides say (no widening
 * that could wrap, the %tid.y stride a constant) has no vector at all:
 * lane l is lane 0 plus sx * (%tid.x of l - %tid.x of lane 0) plus the
 * same in y, in the register's own arithmetic, which is what every
 * definition computed lane by lane, since adding, scaling and exact
 * widening are linear.  So a read that needs the vector forms it from
 * the scalar in two or three operations; a definition computes the kept
 * lanes only, and a barrier saves those.  The 32-lane arithmetic of
 * addresses (four AVX-512 registers for 64 bits) and its stores to the
 * save area were most of a barrier-tiled kernel's work.  Other affine
 * registers keep their vectors, and the scalars only decide the fast
 * path. */
#include "cgen.h"

#include <inttypes.h>
#include <stdlib.h>

/* Lanes 15 and 16 too in a function with an access whose rows lie a
 * run-time pitch apart (a[row * n + col]): in a block 16 wide, lanes 0
 * and 15 then end the first half-warp's row and 16 and 31 the second's,
 * which shows both rows contiguous without forming the 32 addresses. */
unsigned cux_cgen_kept_lanes(const cux_cgen *g, unsigned lanes[4])
{
    unsigned n = 0;
    lanes[n++] = 0;
    if (g->half_lanes) {
        lanes[n++] = 15;
        lanes[n++] = 16;
    }
    lanes[n++] = 31;
    return n;
}

bool cux_cgen_reg_affine(const cux_cgen *g, uint32_t reg, int64_t *sx,
                         int64_t *sy, bool *sy_known)
{
    int64_t x, y;
    bool known;
    if (!g->lane_values[reg] ||
        !cux_affine_strides(&g->affine, reg, &x, &y, &known, NULL))
        return false;
    if (sx)
        *sx = x;
    if (sy)
        *sy = y;
    if (sy_known)
        *sy_known = known;
    return true;
}

/* Marks the affine registers among operands [first, end) of insn. */
static bool mark_sources(cux_cgen *g, const cux_ptx_insn *insn,
                         uint32_t first, uint32_t end)
{
    bool changed = false;
    for (uint32_t i = first; i < end && i < insn->n_operands; i++) {
        const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
        bool reg = op->kind == CUX_OPND_REG ||
                   (op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_REG);
        int64_t x, y;
        if (reg && !g->lane_values[op->value] &&
            cux_affine_strides(&g->affine, op->value, &x, &y, NULL, NULL)) {
            g->lane_values[op->value] = 1;
            changed = true;
        }
    }
    return changed;
}

/* Lanes follow the strides exactly (emit_affine.c's opening comment). */
static bool exact(const cux_cgen *g, uint32_t reg)
{
    int64_t x, y;
    bool y_known, widened;
    return cux_affine_strides(&g->affine, reg, &x, &y, &y_known, &widened) &&
           y_known && !widened;
}

void cux_cgen_choose_lane_values(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    g->lane_values = cux_xcalloc(f->n_regs + 1, 1);
    g->exact_affine = cux_xcalloc(f->n_regs + 1, 1);
    for (uint32_t r = 0; r < f->n_regs; r++)
        g->lane_values[r] = exact(g, r);
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (insn->op == CUX_OP_LD)
            mark_sources(g, insn, 1, 2); /* the address */
        else if (insn->op == CUX_OP_ST)
            mark_sources(g, insn, 0, 1);
    }
    /* Then what those are computed from, back to %tid. */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < f->n_insns; i++) {
            const cux_ptx_operand *dst = cux_cgen_opnd(g, &f->insns[i], 0);
            if (f->insns[i].n_operands && dst->kind == CUX_OPND_REG &&
                g->lane_values[dst->value])
                changed |= mark_sources(g, &f->insns[i], 1, UINT32_MAX);
        }
    }
    g->half_lanes = false;
    for (uint32_t r = 0; r < f->n_regs; r++) {
        g->exact_affine[r] = g->lane_values[r] && exact(g, r);
        int64_t x, y;
        bool y_known;
        if (g->lane_values[r] &&
            cux_affine_strides(&g->affine, r, &x, &y, &y_known, NULL) &&
            !y_known && x)
            g->half_lanes = true;
    }
}

const char *cux_cgen_lane_declared_name(cux_cgen *g, uint32_t reg,
                                       unsigned lane)
{
    return FMT("cux_l%u_%s", lane, cux_cgen_reg_declared_name(g, reg));
}

const char *cux_cgen_lane_value(cux_cgen *g, uint32_t reg, unsigned lane)
{
    return FMT("%s%s", cux_cgen_reg_home(g, reg),
               cux_cgen_lane_declared_name(g, reg, lane));
}

/* An exact affine register's lanes from lane 0: all 32 as a vector, or
 * lane `l` of a lane loop as a scalar.  The offsets of each lane's %tid.x
 * and %tid.y from lane 0's are the warp's tid_offset arrays, which the
 * runtime computes once per block shape: reading them costs a warp less
 * than computing them in every call (7% of reduce_smem's samples). */
static const char *formed(cux_cgen *g, uint32_t reg, bool one_lane)
{
    int64_t stride[2];
    cux_cgen_reg_affine(g, reg, &stride[0], &stride[1], NULL);
    cux_ptx_type rt = (cux_ptx_type)g->func->regs[reg].type;
    int wide = cux_ptx_type_size(rt) == 8, bits = wide ? 64 : 32;
    /* cux_splat_*, not CUX_SPLAT: GCC makes its lane loop a broadcast,
     * where `{0} + x` on a vector wider than the machine's is 32 scalar
     * stores that the next vector load cannot forward from (a warp's
     * shuffle scan ran 1.3x slower so; `lane & 31` is such a use). */
    const char *value = FMT(one_lane ? "(uint%d_t)%s" : "cux_splat_vu%d(%s)",
                            bits, cux_cgen_lane_value(g, reg, 0));
    for (int d = 0; d < 2; d++)
        if (stride[d] && one_lane)
            value = FMT("%s + (uint%d_t)w->tid_offset%s[%d][l] * (uint%d_t)%"
                        PRId64 "ll", value, bits, wide ? "64" : "", d, bits,
                        stride[d]);
        else if (stride[d])
            value = FMT("%s + cux_tid_offset%d(w, %d) * (uint%d_t)%" PRId64
                        "ll", value, bits, d, bits, stride[d]);
    return FMT("((%s)(%s))",
               one_lane ? cux_cgen_wtype(rt) : cux_cgen_vtype(rt), value);
}

const char *cux_cgen_reg_vector(cux_cgen *g, uint32_t reg)
{
    return g->exact_affine[reg] ? formed(g, reg, false)
                                : cux_cgen_reg_name(g, reg);
}

/* Whether reg's lanes are read from pinned pieces in the lane loop being
 * emitted: registers of 32- and 64-bit lanes, while there is room. */
static bool pinned(cux_cgen *g, uint32_t reg)
{
    cux_ptx_type type = (cux_ptx_type)g->func->regs[reg].type;
    uint32_t size = cux_ptx_type_size(type);
    if (!g->pinning || type == CUX_T_PRED || (size != 4 && size != 8))
        return false;
    for (uint32_t i = 0; i < g->n_pins; i++)
        if (g->pins[i] == reg)
            return true;
    if (g->n_pins == CUX_MAX_PINS)
        return false;
    g->pins[g->n_pins++] = reg;
    return true;
}

const char *cux_cgen_reg_lane(cux_cgen *g, uint32_t reg)
{
    if (g->exact_affine[reg])
        return formed(g, reg, true);
    if (pinned(g, reg))
        return FMT("CUX_PINNED(%s_p_, l)", cux_cgen_reg_declared_name(g, reg));
    return FMT("%s[l]", cux_cgen_reg_name(g, reg));
}

void cux_cgen_emit_pins(cux_cgen *g)
{
    for (uint32_t i = 0; i < g->n_pins; i++) {
        uint32_t reg = g->pins[i];
        EMIT("      CUX_PIN_LANES(%s_p_, %s, %s);\n",
             cux_cgen_reg_declared_name(g, reg), cux_cgen_reg_name(g, reg),
             cux_cgen_stype((cux_ptx_type)g->func->regs[reg].type));
    }
    g->pinning = false;
    g->n_pins = 0;
}

/* The names the sources of a lane operation are bound to. */
#define LANE_SOURCE_NAMES {"a_", "b_", "c_", "d_"}

bool cux_cgen_lane_op(cux_cgen *g, const cux_ptx_insn *insn, cux_lane_op *op)
{
    static const char *const names[] = LANE_SOURCE_NAMES;
    cux_lane_ctx c = {.arena = &g->expr, .src = names,
                      .type = cux_cgen_stype,
                      .operands = cux_cgen_opnd(g, insn, 0)};
    return cux_lane_op_of(&c, insn, op) && !op->error && !op->carry;
}

/* A lane by number, or LANE_LOOP: the variable `l` of a lane loop. */
enum { LANE_LOOP = -1 };

/* Source i of insn in lane `lane`, as a scalar of wtype(type). */
static const char *lane_source(cux_cgen *g, const cux_ptx_insn *insn,
                               uint32_t i, cux_ptx_type type, int lane)
{
    const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
    if (op->kind == CUX_OPND_REG && lane == LANE_LOOP &&
        !cux_cgen_reg_scalar(g, op->value)) {
        cux_ptx_type rt = (cux_ptx_type)g->func->regs[op->value].type;
        const char *value = g->lane_only[op->value]
            ? cux_cgen_lane_expr(g, op->value)
            : cux_cgen_reg_lane(g, op->value);
        return cux_cgen_scalar_convert(g, value, rt, type);
    }
    if (op->kind == CUX_OPND_REG &&
        cux_cgen_reg_affine(g, op->value, NULL, NULL, NULL))
        return cux_cgen_scalar_convert(
            g, cux_cgen_lane_value(g, op->value, (unsigned)lane),
            (cux_ptx_type)g->func->regs[op->value].type, type);
    if (op->kind == CUX_OPND_SREG && op->value == CUX_SREG_TID)
        return cux_cgen_scalar_convert(
            g, lane == LANE_LOOP ? FMT("w->tid[%u][l]", op->component)
                                 : FMT("w->tid[%u][%d]", op->component, lane),
            CUX_T_U32, type);
    return cux_cgen_src_scalar(g, insn, i, type); /* uniform */
}

/* The value insn writes to its destination in `lane`, of wtype(*type). */
static const char *lane_result(cux_cgen *g, const cux_ptx_insn *insn,
                               int lane, cux_ptx_type *type)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (insn->op == CUX_OP_MOV) {
        *type = t;
        return lane_source(g, insn, 1, t, lane);
    }
    if (insn->op == CUX_OP_CVTA) {
        const char *v = lane_source(g, insn, 1, CUX_T_U64, lane);
        if (insn->space == CUX_SPACE_SHARED)
            v = FMT("(%s %c (uint64_t)(uintptr_t)blk->shared)", v,
                    insn->flags & CUX_PTX_F_TO ? '-' : '+');
        *type = cux_ptx_type_size(t) == 8 ? CUX_T_U64 : CUX_T_U32;
        return *type == CUX_T_U64 ? v : FMT("((uint32_t)%s)", v);
    }
    static const char *const names[] = LANE_SOURCE_NAMES;
    const char *src[4];
    cux_lane_op op;
    if (!cux_cgen_lane_op(g, insn, &op))
        return NULL; /* neither affine.c nor lane_only.c admits it */
    for (uint32_t i = 0; i < op.n_src; i++)
        src[i] = lane_source(g, insn, i + 1, op.src[i], lane);
    /* The sources are bound by a statement expression, so that each is
     * evaluated once whatever the expression does with it. */
    cux_strbuf bind = {0};
    for (uint32_t i = 0; i < op.n_src; i++)
        cux_strbuf_printf(&bind, "%s %s = %s; ", cux_cgen_wtype(op.src[i]),
                          names[i], src[i]);
    const char *value = FMT("({ %s(%s)(%s); })", bind.data ? bind.data : "",
                            cux_cgen_wtype(op.dst), op.expr);
    cux_strbuf_free(&bind);
    *type = op.dst;
    return value;
}

const char *cux_cgen_lane_expr(cux_cgen *g, uint32_t reg)
{
    const cux_ptx_insn *def = &g->func->insns[g->remat.def[reg]];
    cux_ptx_type type;
    const char *value = lane_result(g, def, LANE_LOOP, &type);
    if (!value) {
        cux_cgen_fail(g, def, "no scalar form for an address register");
        return "0";
    }
    return cux_cgen_scalar_convert(g, value, type,
                                   (cux_ptx_type)g->func->regs[reg].type);
}

void cux_cgen_affine_values(cux_cgen *g, const cux_ptx_insn *insn)
{
    /* membar and the like have no operand 0: the slot after their first
     * operand index belongs to the next instruction */
    if (!insn->n_operands || !cux_ptx_insn_dsts(insn))
        return;
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    if (dst->kind != CUX_OPND_REG ||
        !cux_cgen_reg_affine(g, dst->value, NULL, NULL, NULL))
        return;
    cux_ptx_type rt = (cux_ptx_type)g->func->regs[dst->value].type;
    unsigned lanes[4], n = cux_cgen_kept_lanes(g, lanes);
    /* All computed before any is stored: the destination may be a
     * source too (add %r1, %r1, %r2). */
    EMIT("    { %s", cux_cgen_wtype(rt));
    for (unsigned k = 0; k < n; k++) {
        cux_ptx_type type;
        const char *value = lane_result(g, insn, (int)lanes[k], &type);
        if (!value) {
            cux_cgen_fail(g, insn, "no scalar form for a lane-affine value");
            return;
        }
        EMIT("%s v%u_ = %s", k ? "," : "", lanes[k],
             cux_cgen_scalar_convert(g, value, type, rt));
    }
    EMIT(";\n     ");
    for (unsigned k = 0; k < n; k++)
        EMIT(" %s = v%u_;", cux_cgen_lane_value(g, dst->value, lanes[k]),
             lanes[k]);
    EMIT(" }\n");
}

/* Whether a lane's value may have wrapped: where a 32-bit step was
 * widened (analysis/affine.c), or in a register narrower than an
 * address.  If not, the lanes hold exactly what the strides say. */
static bool may_wrap(const cux_cgen *g, uint32_t reg)
{
    int64_t x, y;
    bool widened;
    return !cux_affine_strides(&g->affine, reg, &x, &y, NULL, &widened) ||
           widened ||
           cux_ptx_type_size((cux_ptx_type)g->func->regs[reg].type) < 8;
}

/* Lane `last` less lane `first` as the warp's shape implies, as uint64_t:
 * the test that shows no lane in between wrapped. */
static const char *spread_test(cux_cgen *g, uint32_t reg, unsigned first,
                               unsigned last, int64_t spread)
{
    if (!may_wrap(g, reg))
        return "1";
    return FMT("(uint64_t)%s - (uint64_t)%s == (uint64_t)%" PRId64 "ll",
               cux_cgen_lane_value(g, reg, last),
               cux_cgen_lane_value(g, reg, first), spread);
}

/* Lanes 2 or 4 elements apart (a tree's s[2 * t], fields of an array
 * of float2 or float4): the span the warp's elements lie in is read
 * whole, 256 or 512 bytes, and every k-th element picked, which the C
 * compiler makes two permutes per machine vector; 2.7x faster than the
 * gather on AVX-512.  The words between the lanes' are read too: in
 * shared memory the guard bands (block.c) hold the few past the last
 * lane's, and also the 256-byte span of a part of the warp wherever its
 * idle lanes point; elsewhere only a whole warp, whose lanes' words
 * cover the span but for its end, which must lie in the last word's
 * page.  Opens an `if` the strided paths continue with `else`. */
static void emit_span_load(cux_cgen *g, int64_t sx, int64_t size, bool shared,
                           const char *spread, const char *at,
                           const char *value, const char *st)
{
    int64_t k = sx / size, span = 32 * sx;
    if (sx % size || (k != 2 && k != 4) || span > 512)
        return;
    const char *whole = "em == 0xffffffffu";
    if (shared && span <= 256)
        whole = "em";
    const char *page = shared ? "1"
        : FMT("(((uintptr_t)(%s) + %" PRId64 ") ^ ((uintptr_t)(%s) + %"
              PRId64 ")) < 4096", at, 31 * sx + size - 1, at, span - 1);
    EMIT("      if (%s && xrun == 32 && %s && %s) {\n"
         "        %s b_[%" PRId64 "]; memcpy(b_, %s, sizeof b_);\n"
         "        CUX_LANES %s[l] = b_[l * %" PRId64 "];\n"
         "      } else\n", whole, spread, page, st, 32 * k, at, value, k);
}

bool cux_cgen_affine_vectors(cux_cgen *g, uint32_t reg, cux_ptx_type type,
                             uint32_t n, const char *base, int64_t off,
                             bool load, const char *value)
{
    int64_t sx, size = cux_ptx_type_size(type);
    if (!cux_cgen_reg_affine(g, reg, &sx, NULL, NULL) ||
        sx != (int64_t)n * size ||
        !((size == 4 && (n == 2 || n == 4)) || (size == 8 && n == 2)))
        return false;
    EMIT("      if (em == 0xffffffffu && xrun == 32 && %s) {\n"
         "        char *p_ = %s + (uintptr_t)%s + %" PRId64 ";\n",
         spread_test(g, reg, 0, 31, 31 * sx), base,
         cux_cgen_lane_value(g, reg, 0), off);
    const char *v = FMT("&%s0_", value);
    for (uint32_t e = 1; e < n; e++)
        v = FMT("%s, &%s%u_", v, value, e);
    if (n == 4)
        EMIT("        cux_%szip4_32(p_, %s);\n", load ? "un" : "", v);
    else
        EMIT("        cux_%szip%" PRId64 "(p_, %s, 32);\n", load ? "un" : "",
             size * 8, v);
    EMIT("      } else\n");
    return true;
}

cux_affine_paths cux_cgen_affine_access(cux_cgen *g, uint32_t reg, cux_ptx_type type,
                            const char *base, int64_t off, bool load,
                            bool shared, const char *value,
                            const char *fetch)
{
    int64_t sx, sy, size = cux_ptx_type_size(type);
    bool sy_known; /* two rows of 16 in one warp need sy; one of 32 not */
    if (!cux_cgen_reg_affine(g, reg, &sx, &sy, &sy_known) || (!sx && !load))
        return CUX_AFFINE_NONE;
    const char *at = FMT("%s + (uintptr_t)%s + %" PRId64, base,
                         cux_cgen_lane_value(g, reg, 0), off);
    const char *st = cux_cgen_stype(type), *vt = cux_cgen_vtype(type);
    if (sx && sx != size) {
        /* Lanes sx bytes apart over one x run (a tree's s[2 * t * off],
         * a tile's column), part of the warp the same under its mask.
         * A load reads through a vector of offsets from lane 0, which
         * the C compiler makes a gather with constant indices: it spells
         * a constant stride as scalar loads merged in ways that measured
         * from half to twice as slow, depending on the stride.  The
         * offsets are 64-bit: gathers of 32-bit ones (16 lanes each)
         * made transpose 1.09x slower.  A store goes lane by lane with
         * immediate displacements. */
        const char *access = load
            ? FMT("%s[l] = *(%s *)(p_ + ix_[l]);", value, st)
            : FMT("*(%s *)(p_ + (ptrdiff_t)l * %" PRId64 ") = (%s)%s[l];",
                  st, sx, st, value);
        const char *whole = !load && g->group_store
            ? g->group_store : FMT("CUX_LANES %s", access);
        const char *spread = spread_test(g, reg, 0, 31, 31 * sx);
        const char *offsets = load
            ? FMT("        cux_vs64 ix_; CUX_LANES ix_[l] = (int64_t)l * %"
                  PRId64 ";\n", sx)
            : "";
        if (load)
            emit_span_load(g, sx, size, shared, spread, at, value, st);
        EMIT("      if (em == 0xffffffffu && xrun == 32 && %s) {\n"
             "        char *p_ = %s;\n%s        %s\n"
             "      } else if (em && xrun == 32 && %s) {\n"
             "        char *p_ = %s;\n%s"
             "        CUX_LANES if (em >> l & 1) %s\n"
             "      } else {\n", spread, at, offsets, whole, spread, at,
             offsets, access);
        return CUX_AFFINE_STRIDED;
    }
    /* A whole warp over one x run: 32 in a row, or one element. */
    EMIT("      if (em == 0xffffffffu && xrun == 32 && %s) {\n"
         "        char *p_ = %s;\n", spread_test(g, reg, 0, 31, 31 * sx), at);
    if (!sx)
        EMIT("        %s = cux_splat_%s(*(%s *)p_);\n", value, vt + 4, st);
    else if (load)
        EMIT("        memcpy(&%s, p_, sizeof %s);%s\n", value, value, fetch);
    else
        EMIT("        memcpy(p_, &%s, sizeof %s);%s\n", value, value, fetch);
    if (shared && sx) {
        /* Part of the warp over one x run in shared memory (the `if (tid
         * < s)` steps of a tree): the run's other words lie within the
         * block's shared window or the guard bands around it (block.c),
         * and no other thread touches the block's shared memory while
         * this warp runs; so a load reads the run whole (the register
         * write keeps the idle lanes' values) and a store writes it back
         * with the idle lanes' words as they were. */
        EMIT("      } else if (em && xrun == 32 && %s) {\n"
             "        char *p_ = %s;\n", spread_test(g, reg, 0, 31, 31 * sx), at);
        if (load)
            EMIT("        memcpy(&%s, p_, sizeof %s);\n", value, value);
        else
            EMIT("        %s old_; memcpy(&old_, p_, sizeof old_);\n"
                 "        CUX_LANES old_[l] = em >> l & 1 ? %s[l] : old_[l];\n"
                 "        memcpy(p_, &old_, sizeof old_);\n", vt, value);
    }
    if (!sy_known && sx) {
        /* Two runs of 16 a run-time pitch apart, starting at lanes 0 and
         * 16 (the same test of the ends as above, for each half). */
        EMIT("      } else if (em == 0xffffffffu && xrun == 16 && %s && %s) {\n"
             "        char *p_ = %s, *q_ = %s + (uintptr_t)%s + %" PRId64 ";\n",
             spread_test(g, reg, 0, 15, 15 * sx),
             spread_test(g, reg, 16, 31, 15 * sx), at, base,
             cux_cgen_lane_value(g, reg, 16), off);
        if (load)
            EMIT("        memcpy(&%s, p_, 16 * %" PRId64 ");\n"
                 "        memcpy((char *)&%s + 16 * %" PRId64 ", q_, 16 * %"
                 PRId64 ");\n", value, size, value, size, size);
        else
            EMIT("        memcpy(p_, &%s, 16 * %" PRId64 ");\n"
                 "        memcpy(q_, (char *)&%s + 16 * %" PRId64 ", 16 * %"
                 PRId64 ");\n", value, size, value, size, size);
    }
    if (!sy_known && !sx) {
        /* Two broadcasts a run-time pitch apart (a[row * n + k] in a
         * block 16 wide: each half-warp's row), read as two scalars;
         * else a gather of 32 lanes for two distinct words. */
        EMIT("      } else if (em == 0xffffffffu && xrun == 16 && %s && %s) {\n"
             "        %s lo_ = *(%s *)(%s), hi_ = *(%s *)(%s + (uintptr_t)%s + %"
             PRId64 ");\n        CUX_LANES %s[l] = l < 16 ? lo_ : hi_;\n",
             spread_test(g, reg, 0, 15, 0), spread_test(g, reg, 16, 31, 0),
             st, st, at, st, base, cux_cgen_lane_value(g, reg, 16), off,
             value);
    }
    if (!sy_known) {
        EMIT("      } else {\n");
        return CUX_AFFINE_RUNS;
    }
    /* Two runs of 16, the second sy further: halves in lane order. */
    EMIT("      } else if (em == 0xffffffffu && xrun == 16 && %s) {\n"
         "        char *p_ = %s;\n", spread_test(g, reg, 0, 31, 15 * sx + sy), at);
    if (!sx)
        EMIT("        %s lo_ = *(%s *)p_, hi_ = *(%s *)(p_ + %" PRId64 ");\n"
             "        CUX_LANES %s[l] = l < 16 ? lo_ : hi_;\n",
             st, st, st, sy, value);
    else if (load)
        EMIT("        memcpy(&%s, p_, 16 * %" PRId64 ");\n"
             "        memcpy((char *)&%s + 16 * %" PRId64 ", p_ + %" PRId64
             ", 16 * %" PRId64 ");\n", value, size, value, size, sy, size);
    else
        EMIT("        memcpy(p_, &%s, 16 * %" PRId64 ");\n"
             "        memcpy(p_ + %" PRId64 ", (char *)&%s + 16 * %" PRId64
             ", 16 * %" PRId64 ");\n", value, size, sy, value, size, size);
    EMIT("      } else {\n");
    return CUX_AFFINE_RUNS;
}

/* ---- compares of an affine register with a uniform value ------------- */

/* The compare in the other operand order (b cmp a for a cmp b). */
int cux_cgen_mirrored(int cmp)
{
    switch (cmp) {
    case CUX_CMP_LT: return CUX_CMP_GT;
    case CUX_CMP_LE: return CUX_CMP_GE;
    case CUX_CMP_GT: return CUX_CMP_LT;
    case CUX_CMP_GE: return CUX_CMP_LE;
    case CUX_CMP_LO: return CUX_CMP_HI;
    case CUX_CMP_LS: return CUX_CMP_HS;
    case CUX_CMP_HI: return CUX_CMP_LO;
    case CUX_CMP_HS: return CUX_CMP_LS;
    case CUX_CMP_EQ: case CUX_CMP_NE: return cmp;
    default: return CUX_CMP_NONE;
    }
}

/* The operand of a 32-bit integer setp that is an exact affine register,
 * the other being uniform: 1 or 2, or 0.  (With no %tid.x stride, as for
 * `y < n`, a warp over one x run has one value.) */
static uint32_t affine_side(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (insn->op != CUX_OP_SETP || insn->guard >= 0 || insn->n_operands != 3 ||
        (insn->flags & CUX_PTX_F_PAIR) || !cux_ptx_type_is_int(t) ||
        cux_ptx_type_size(t) != 4 || cux_cgen_mirrored(insn->cmp) == CUX_CMP_NONE)
        return 0;
    for (uint32_t side = 1; side <= 2; side++) {
        const cux_ptx_operand *a = cux_cgen_opnd(g, insn, side);
        const cux_ptx_operand *b = cux_cgen_opnd(g, insn, 3 - side);
        int64_t sx;
        bool uniform = b->kind == CUX_OPND_IMM_INT ||
                       (b->kind == CUX_OPND_REG &&
                        cux_cgen_reg_scalar(g, b->value));
        if (a->kind == CUX_OPND_REG && g->exact_affine[a->value] && uniform &&
            cux_ptx_type_size((cux_ptx_type)g->func->regs[a->value].type) == 4 &&
            cux_cgen_reg_affine(g, a->value, &sx, NULL, NULL))
            return side;
    }
    return 0;
}

/* and, or, xor or not of predicates, unguarded: the same operation on
 * the bits of its sources, if they are bits. */
static bool bits_logic(const cux_ptx_func *f, const cux_ptx_insn *insn)
{
    if ((insn->op != CUX_OP_AND && insn->op != CUX_OP_OR &&
         insn->op != CUX_OP_XOR && insn->op != CUX_OP_NOT) ||
        insn->type != CUX_T_PRED || insn->guard >= 0)
        return false;
    for (uint32_t k = 0; k < insn->n_operands; k++) {
        const cux_ptx_operand *op = &f->operands[insn->first_operand + k];
        if (op->kind != CUX_OPND_REG)
            return false;
    }
    return true;
}

/* Whether every read of reg (defined at insn def) follows it in its
 * block, where the warp's mask is the one the definition ran under. */
static bool read_after_in_block(const cux_cgen *g, uint32_t reg, uint32_t def)
{
    const cux_ptx_func *f = g->func;
    uint32_t block = g->cfg.block_of_insn[def];
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        bool reads = insn->guard == (int32_t)reg;
        for (uint32_t k = cux_ptx_insn_dsts(insn); k < insn->n_operands; k++) {
            const cux_ptx_operand *op = &f->operands[insn->first_operand + k];
            reads |= op->kind == CUX_OPND_REG && op->value == reg;
        }
        if (reads && (i <= def || g->cfg.block_of_insn[i] != block))
            return false;
    }
    return true;
}

/* A branch tests a predicate's 32 lanes as bits.  Where the predicate
 * compares an affine register with a uniform value (`tid < s`, `i < n`)
 * in a warp over one x run, lane l's value is lane 0's plus l * sx, and
 * unless that wraps, the lanes that pass are a run at one end of the
 * warp that a division by the constant stride finds: a few scalar
 * operations where the compare, the move of the vector's signs into a
 * mask and the join of its halves were 15% of reduce_smem's samples.
 * Chosen where only branches (and logic on such bits) read the
 * predicate, so that it needs no vector at all but those bits (kept
 * across barriers like a register), and where every live lane runs the
 * compare, which then writes all the bits, or every read follows the
 * compare in its block, under the same mask. */
void cux_cgen_choose_pred_bits(cux_cgen *g)
{
    const cux_ptx_func *f = g->func;
    g->pred_bits = cux_xcalloc(f->n_regs + 1, 1);
    for (uint32_t r = 0; r < f->n_regs; r++) {
        if (g->remat.defs[r] != 1 ||
            f->regs[r].type != CUX_T_PRED || cux_cgen_reg_scalar(g, r))
            continue;
        uint32_t def = g->remat.def[r];
        const cux_ptx_insn *insn = &f->insns[def];
        const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
        g->pred_bits[r] = dst->kind == CUX_OPND_REG && dst->value == r &&
                          (affine_side(g, insn) != 0 || bits_logic(f, insn)) &&
                          (!g->uniform.partial[g->cfg.block_of_insn[def]] ||
                           read_after_in_block(g, r, def));
    }
    /* Then only those read by branches and by such operations on bits
     * stay bits: bounds tests such as `x < w && y < h` (an or of the
     * negated compares in clang's PTX) need no vector either. */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < f->n_insns; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            bool on_bits = bits_logic(f, insn) &&
                           g->pred_bits[cux_cgen_opnd(g, insn, 0)->value];
            for (uint32_t k = 1; on_bits && k < insn->n_operands; k++)
                if (!g->pred_bits[cux_cgen_opnd(g, insn, k)->value]) {
                    g->pred_bits[cux_cgen_opnd(g, insn, 0)->value] = 0;
                    on_bits = false;
                    changed = true;
                }
            if (insn->guard >= 0 && insn->op != CUX_OP_BRA &&
                g->pred_bits[insn->guard]) {
                g->pred_bits[insn->guard] = 0;
                changed = true;
            }
            if (on_bits)
                continue;
            for (uint32_t k = cux_ptx_insn_dsts(insn); k < insn->n_operands; k++) {
                const cux_ptx_operand *op = cux_cgen_opnd(g, insn, k);
                uint32_t n = op->kind == CUX_OPND_VEC ? op->count : 1;
                for (uint32_t e = 0; e < n; e++) {
                    const cux_ptx_operand *el =
                        op->kind == CUX_OPND_VEC ? &f->operands[op->first + e] : op;
                    if (el->kind == CUX_OPND_REG && g->pred_bits[el->value]) {
                        g->pred_bits[el->value] = 0;
                        changed = true;
                    }
                }
            }
        }
    }
}

bool cux_cgen_pred_bits_logic(cux_cgen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    if (!bits_logic(g->func, insn) || !g->pred_bits[dst->value])
        return false;
    const char *a = cux_cgen_pred_bits_name(g, cux_cgen_opnd(g, insn, 1)->value);
    const char *value = insn->op == CUX_OP_NOT ? FMT("~%s", a)
        : FMT("%s %c %s", a, insn->op == CUX_OP_AND ? '&'
              : insn->op == CUX_OP_OR ? '|' : '^',
              cux_cgen_pred_bits_name(g, cux_cgen_opnd(g, insn, 2)->value));
    EMIT("    %s = %s;\n", cux_cgen_pred_bits_name(g, dst->value), value);
    return true;
}

const char *cux_cgen_pred_bits_declared_name(cux_cgen *g, uint32_t reg)
{
    return FMT("cux_pb_%s", cux_cgen_reg_declared_name(g, reg));
}

const char *cux_cgen_pred_bits_name(cux_cgen *g, uint32_t reg)
{
    return FMT("%s%s", cux_cgen_reg_home(g, reg),
               cux_cgen_pred_bits_declared_name(g, reg));
}

void cux_cgen_pred_bits_fast(cux_cgen *g, const cux_ptx_insn *insn)
{
    uint32_t side = affine_side(g, insn);
    const cux_ptx_operand *a = cux_cgen_opnd(g, insn, side);
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool is_signed = cux_ptx_type_is_signed(t);
    int cmp = side == 1 ? insn->cmp : cux_cgen_mirrored(insn->cmp);
    int64_t sx = 0;
    cux_cgen_reg_affine(g, a->value, &sx, NULL, NULL);
    /* lane 0 and the uniform side as the compare reads them, exactly */
    const char *st = is_signed ? "int32_t" : "uint32_t";
    const char *v0 = FMT("(int64_t)(%s)%s", st, cux_cgen_lane_value(g, a->value, 0));
    const char *u = FMT("(int64_t)%s", cux_cgen_src_scalar(g, insn, 3 - side, t));
    const char *below = FMT("cux_lanes_below(v0_, %" PRId64 "ll, u_)", sx);
    const char *below1 = FMT("cux_lanes_below(v0_, %" PRId64 "ll, u_ + 1)", sx);
    if (!sx) { /* every lane of the x run has lane 0's value */
        below = "(v0_ < u_ ? 0xffffffffu : 0u)";
        below1 = "(v0_ <= u_ ? 0xffffffffu : 0u)";
    }
    const char *bits;
    switch (cmp) {
    case CUX_CMP_LT: case CUX_CMP_LO: bits = below; break;
    case CUX_CMP_LE: case CUX_CMP_LS: bits = below1; break;
    case CUX_CMP_GE: case CUX_CMP_HS: bits = FMT("~%s", below); break;
    case CUX_CMP_GT: case CUX_CMP_HI: bits = FMT("~%s", below1); break;
    case CUX_CMP_EQ: bits = FMT("(%s & ~%s)", below1, below); break;
    default: bits = FMT("~(%s & ~%s)", below1, below); break;
    }
    EMIT("    { int64_t v0_ = %s, u_ = %s, v31_ = v0_ + 31 * %" PRId64 "ll;\n"
         "      if (xrun == 32 && v31_ >= %s && v31_ <= %s) %s = %s; else\n",
         v0, u, sx, is_signed ? "INT32_MIN" : "0",
         is_signed ? "INT32_MAX" : "(int64_t)UINT32_MAX",
         cux_cgen_pred_bits_name(g, cux_cgen_opnd(g, insn, 0)->value), bits);
}
