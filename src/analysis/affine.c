/* affine.c: which varying registers are lane-affine: value = U + sx *
 * %tid.x + sy * %tid.y with U the same in every lane of the warp and the
 * strides sx and sy constants, the
 * shape of `base + threadIdx.x * 4` and of every index derived from the
 * thread number by adding, subtracting, scaling by constants and
 * widening (a[ty][tx] of a shared tile, too).  In a warp whose %tid.x
 * runs consecutively over its 32 lanes (the block's x extent a multiple
 * of 32), such a register's lanes step by sx; in a 16-wide block each
 * half-warp steps by sx and the second half starts sy further.  So an
 * access through it is one or two contiguous runs or broadcasts, which
 * the code generator recognises from three scalars instead of 32
 * addresses.
 *
 * Flow-insensitive fixed point over every definition, like uniformity.c:
 * a register starts unknown, each definition proposes a stride, and two
 * proposals that differ make the register not affine.  A definition that
 * is guarded, or that other lanes could see (cux_uniformity_escapes, from
 * its home block: shared_heads.c), or
 * that is anything but the operations below, makes it not affine.
 * Widening a 32-bit value (mul.wide, cvt) keeps the stride only if no
 * lane wraps past the sign (or zero) boundary; that is tested where the
 * stride is used, by comparing lane 31 with lane 0, which shows one such
 * wrap but not two: so at most one widening is allowed on a path.
 * A value made only of %tid.x, %tid.y and constants has a known range
 * (thread indices are below 1024), and widening one whose range the
 * narrow type holds changes nothing: &tile[ty][tx], computed as
 * ty * 64 + tx * 4 widened separately, stays affine.  The low bits
 * known zero in every lane are followed too, so that an `or` with a
 * constant below them, which is an addition (clang's 2 * t + 1), keeps
 * the shape; so are those of a %tid.y stride that is not a constant
 * (`row * pitch` with pitch = width * 4 has two), from the uniform
 * factor's alignment (alignment.c), so that an access through it is
 * known to have every lane as aligned as lane 0. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

enum { UNKNOWN = 0, AFFINE = 1, NOT_AFFINE = 2 };
enum { WIDENED = 1, Y_ANY = 2, RANGED = 4 }; /* cux_affine.flags */

/* Strides beyond this are not tracked: 31 steps must stay far from the
 * 32-bit boundary for the lane 31 test to see a wrap. */
#define MAX_STRIDE (1 << 20)
/* The largest %tid.x or %tid.y (CUDA's limit on a block's x and y). */
#define MAX_TID 1023
/* Ranges are followed while they fit 32 bits, where every value they
 * describe is what the register holds. */
#define MAX_RANGE ((int64_t)1 << 31)

typedef struct shape {
    int state;
    int64_t x, y;     /* strides of %tid.x and %tid.y */
    bool widened;
    bool y_any;       /* the %tid.y stride is uniform but not a constant */
    bool ranged;      /* every lane's value lies in [lo, hi] */
    int64_t lo, hi;
    int zeros;        /* low bits zero in every lane (at most 63) */
    int y_zeros;      /* y_any: low bits zero in the %tid.y stride */
} shape;

static const shape not_affine = {NOT_AFFINE, 0, 0, false, false, false, 0, 0, 0, 0};
static const shape unknown = {UNKNOWN, 0, 0, false, false, false, 0, 0, 0, 0};
static const shape uniform = {AFFINE, 0, 0, false, false, false, 0, 0, 0, 0};

/* The low bits that are zero in v, at most 63. */
static int low_zeros(int64_t v)
{
    return v ? __builtin_ctzll((uint64_t)v) : 63;
}

static int fewer(int a, int b)
{
    return a < b ? a : b;
}

/* r with the range [lo, hi] if that fits, else with none. */
static shape with_range(shape r, int64_t lo, int64_t hi)
{
    r.ranged = lo >= -MAX_RANGE && hi < 2 * MAX_RANGE && lo <= hi;
    r.lo = r.ranged ? lo : 0;
    r.hi = r.ranged ? hi : 0;
    return r;
}

/* What a source operand contributes. */
static shape source(const cux_ptx_module *m, const cux_ptx_func *f,
                    const cux_uniformity *u, const cux_alignment *al,
                    const cux_affine *a, const cux_ptx_operand *op)
{
    (void)m, (void)f;
    switch (op->kind) {
    case CUX_OPND_REG:
        if (op->negate)
            return not_affine;
        if (!u->varying[op->value]) {
            shape r = uniform;
            /* zero bits only, not those equal to a parameter's */
            r.zeros = al->root[op->value] ? 0 : al->zeros[op->value];
            return r;
        }
        if (a->state[op->value] != AFFINE)
            return a->state[op->value] == UNKNOWN ? unknown : not_affine;
        return (shape){AFFINE, a->stride[2 * op->value],
                       a->stride[2 * op->value + 1],
                       a->flags[op->value] & WIDENED,
                       a->flags[op->value] & Y_ANY,
                       a->flags[op->value] & RANGED,
                       a->range[2 * op->value], a->range[2 * op->value + 1],
                       a->zeros[op->value], a->y_zeros[op->value]};
    case CUX_OPND_SREG:
        if (op->value == CUX_SREG_TID && op->component < 2)
            return with_range((shape){AFFINE, op->component == 0,
                                      op->component == 1, false, false,
                                      false, 0, 0, 0, 0},
                              0, MAX_TID);
        if (op->value == CUX_SREG_TID)
            return not_affine;
        switch (op->value) {
        case CUX_SREG_NTID: case CUX_SREG_CTAID: case CUX_SREG_NCTAID:
            return uniform;
        default:
            return not_affine;
        }
    case CUX_OPND_IMM_INT: {
        shape r = with_range(uniform, op->imm, op->imm);
        r.zeros = low_zeros(op->imm);
        return r;
    }
    default:
        return not_affine;
    }
}

/* Integers of 32 or 64 bits: narrower ones are not followed. */
static bool integer(cux_ptx_type t)
{
    return cux_ptx_type_is_int(t) && cux_ptx_type_size(t) >= 4;
}

/* Whether x varies only from row to row, by a stride that is not a
 * constant: one value along each run of %tid.x, and no test of a run's
 * ends relies on its stride (the two runs of a 16-wide block are tested
 * one by one, emit_affine.c). */
static bool rows_only(shape x)
{
    return x.x == 0 && x.y_any;
}

/* x + sign * y, strides and all. */
static shape combine(shape x, shape y, int sign)
{
    if (x.state != AFFINE || y.state != AFFINE)
        return x.state == NOT_AFFINE || y.state == NOT_AFFINE ? not_affine
                                                              : unknown;
    /* Two widenings on a path could wrap twice, which the test of lane
     * 31 against lane 0 cannot see; but a widened row part is one value
     * along each run, so only the other can wrap within one
     * (`in[(y - 2) * w + x]` widened in two parts). */
    if (x.widened && y.widened && !rows_only(x) && !rows_only(y))
        return not_affine;
    /* an unknown y stride plus a known one: the known one's zeros too */
    int y_zeros = fewer(x.y_any ? x.y_zeros : low_zeros(x.y),
                        y.y_any ? y.y_zeros : low_zeros(y.y));
    shape r = {AFFINE, 0, 0, x.widened || y.widened, x.y_any || y.y_any,
               false, 0, 0, fewer(x.zeros, y.zeros),
               x.y_any || y.y_any ? y_zeros : 0};
    /* Strides past any use are not affine; never overflow computing them. */
    if (__builtin_mul_overflow(y.x, sign, &r.x) ||
        __builtin_add_overflow(x.x, r.x, &r.x) ||
        __builtin_mul_overflow(y.y, sign, &r.y) ||
        __builtin_add_overflow(x.y, r.y, &r.y))
        return not_affine;
    /* ranges are within 2^32 of zero: these sums cannot overflow */
    if (x.ranged && y.ranged && sign)
        r = with_range(r, x.lo + (sign > 0 ? y.lo : -y.hi),
                       x.hi + (sign > 0 ? y.hi : -y.lo));
    return r;
}

static shape scale(shape x, int64_t c)
{
    if (x.state != AFFINE)
        return x;
    int zeros = fewer(x.zeros + low_zeros(c), 63);
    shape r = {AFFINE, 0, 0, x.widened, x.y_any, false, 0, 0, zeros,
               x.y_any ? fewer(x.y_zeros + low_zeros(c), 63) : 0};
    int64_t lo, hi;
    if (__builtin_mul_overflow(x.x, c, &r.x) ||
        __builtin_mul_overflow(x.y, c, &r.y))
        return not_affine;
    if (x.ranged && !__builtin_mul_overflow(x.lo, c, &lo) &&
        !__builtin_mul_overflow(x.hi, c, &hi))
        r = with_range(r, lo < hi ? lo : hi, lo < hi ? hi : lo);
    return r;
}

/* The constant value of an operand, if it is an integer immediate. */
static bool constant(const cux_ptx_operand *op, int64_t *value)
{
    if (op->kind != CUX_OPND_IMM_INT)
        return false;
    *value = op->imm;
    return true;
}

static bool is_uniform(shape x)
{
    return x.state == AFFINE && !x.x && !x.y && !x.y_any;
}

/* A product of two sources of which one must be a constant, or both
 * uniform. */
static shape product(shape x, shape y, const cux_ptx_operand *ox,
                     const cux_ptx_operand *oy)
{
    int64_t c;
    if (is_uniform(x) && is_uniform(y))
        return combine(x, y, 0);
    if (constant(oy, &c))
        return scale(x, c);
    if (constant(ox, &c))
        return scale(y, c);
    /* A uniform factor keeps a part in %tid.y alone affine, its stride
     * no longer known (y * n in a[y * n + x]). */
    if (is_uniform(y) && x.state == AFFINE && !x.x)
        return (shape){AFFINE, 0, 0, x.widened, true, false, 0, 0,
                       fewer(x.zeros + y.zeros, 63),
                       fewer(y.zeros + (x.y_any ? x.y_zeros
                                                : low_zeros(x.y)), 63)};
    if (is_uniform(x) && y.state == AFFINE && !y.x)
        return (shape){AFFINE, 0, 0, y.widened, true, false, 0, 0,
                       fewer(x.zeros + y.zeros, 63),
                       fewer(x.zeros + (y.y_any ? y.y_zeros
                                                : low_zeros(y.y)), 63)};
    return x.state == UNKNOWN || y.state == UNKNOWN ? unknown : not_affine;
}

/* Widening a signed or unsigned from_bits value to to_bits. */
static shape widen(shape x, uint32_t from_bits, uint32_t to_bits,
                   bool is_signed)
{
    if (x.state != AFFINE || from_bits >= to_bits || is_uniform(x))
        return x;
    int64_t lo = is_signed ? -((int64_t)1 << (from_bits - 1)) : 0;
    int64_t hi = is_signed ? ((int64_t)1 << (from_bits - 1)) - 1
                           : ((int64_t)1 << from_bits) - 1;
    if (x.ranged && x.lo >= lo && x.hi <= hi)
        return x; /* every lane's value as it was: nothing wrapped */
    return x.widened ? not_affine
                     : (shape){AFFINE, x.x, x.y, true, x.y_any, false, 0, 0,
                               x.zeros, x.y_zeros};
}

/* The shape of destination 0 of insn. */
static shape define(const cux_ptx_module *m, const cux_ptx_func *f,
                    const cux_uniformity *u, const cux_alignment *al,
                    const cux_affine *a, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *ops = &f->operands[insn->first_operand];
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (insn->guard >= 0 || insn->n_operands < 2 ||
        ops[0].kind != CUX_OPND_REG)
        return not_affine;
#define SRC(i) source(m, f, u, al, a, &ops[i])
    switch (insn->op) {
    case CUX_OP_MOV: {
        /* mov.b32 %f, %r moves bits: the float register's lanes are not
         * lane 0's value plus a stride (they were materialised as float
         * additions), unless they are all the same. */
        shape x = integer(t) ? SRC(1) : not_affine;
        cux_ptx_type dt = (cux_ptx_type)f->regs[ops[0].value].type;
        return integer(dt) || is_uniform(x) ? x : not_affine;
    }
    case CUX_OP_CVTA: { /* moves the value by a window's base */
        shape x = SRC(1);
        x.ranged = false;
        x.zeros = 0;
        return insn->space == CUX_SPACE_SHARED || insn->space == CUX_SPACE_GLOBAL
               || insn->space == CUX_SPACE_GENERIC ? x : not_affine;
    }
    case CUX_OP_ADD: case CUX_OP_SUB: {
        if (!integer(t) || (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT)) ||
            insn->n_operands != 3)
            return not_affine;
        return combine(SRC(1), SRC(2), insn->op == CUX_OP_ADD ? 1 : -1);
    }
    case CUX_OP_MUL:
        if (!integer(t) || insn->n_operands != 3)
            return not_affine;
        if (insn->mode == CUX_MODE_WIDE)
            return widen(product(SRC(1), SRC(2), &ops[1], &ops[2]), 32, 64,
                         cux_ptx_type_is_signed(t));
        if (insn->mode != CUX_MODE_LO)
            return not_affine;
        return product(SRC(1), SRC(2), &ops[1], &ops[2]);
    case CUX_OP_MAD: {
        if (!integer(t) || insn->n_operands != 4 ||
            (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT)))
            return not_affine;
        if (insn->mode != CUX_MODE_LO && insn->mode != CUX_MODE_WIDE)
            return not_affine;
        shape p = product(SRC(1), SRC(2), &ops[1], &ops[2]);
        if (insn->mode == CUX_MODE_WIDE)
            p = widen(p, 32, 64, cux_ptx_type_is_signed(t));
        return combine(p, SRC(3), 1);
    }
    case CUX_OP_SHL: {
        int64_t k;
        if (!integer(t) || !constant(&ops[2], &k) || k < 0 || k > 30)
            return not_affine;
        return scale(SRC(1), (int64_t)1 << k);
    }
    case CUX_OP_OR: { /* an addition where the constant's bits are zero */
        int64_t k;
        if (!integer(t) || insn->n_operands != 3)
            return not_affine;
        shape x = SRC(1), y = SRC(2);
        if (constant(&ops[1], &k)) {
            shape swap = x;
            x = y;
            y = swap;
        } else if (!constant(&ops[2], &k)) {
            return x.state == UNKNOWN || y.state == UNKNOWN ? unknown
                                                            : not_affine;
        }
        if (x.state != AFFINE)
            return x;
        if (k < 0 || (x.zeros < 63 && k >> x.zeros))
            return not_affine;
        return combine(x, y, 1);
    }
    case CUX_OP_CVT: {
        cux_ptx_type from = (cux_ptx_type)insn->type2;
        if (!integer(t) || !integer(from) || insn->mode != 0 ||
            (insn->flags & CUX_PTX_F_SAT))
            return not_affine;
        return widen(SRC(1), cux_ptx_type_size(from) * 8,
                     cux_ptx_type_size(t) * 8, cux_ptx_type_is_signed(from));
    }
    default:
        return not_affine;
    }
#undef SRC
}

static bool too_large(int64_t stride)
{
    return stride > MAX_STRIDE || stride < -MAX_STRIDE;
}

static void propose(cux_affine *a, uint32_t reg, shape s, bool *changed)
{
    if (a->state[reg] == NOT_AFFINE || s.state == UNKNOWN)
        return;
    if (s.state == AFFINE && (too_large(s.x) || too_large(s.y)))
        s = not_affine;
    int64_t *stride = &a->stride[2 * reg], *range = &a->range[2 * reg];
    uint8_t *flags = &a->flags[reg];
    if (a->state[reg] == UNKNOWN && s.state == AFFINE) {
        a->state[reg] = AFFINE;
        stride[0] = s.x;
        stride[1] = s.y;
        *flags = (s.widened ? WIDENED : 0) | (s.y_any ? Y_ANY : 0) |
                 (s.ranged ? RANGED : 0);
        range[0] = s.lo;
        range[1] = s.hi;
        a->zeros[reg] = (uint8_t)s.zeros;
        a->y_zeros[reg] = (uint8_t)s.y_zeros;
    } else if (s.state == NOT_AFFINE || stride[0] != s.x ||
               stride[1] != s.y || !(*flags & Y_ANY) != !s.y_any) {
        a->state[reg] = NOT_AFFINE;
    } else if ((*flags & RANGED) &&
               (!s.ranged || s.lo != range[0] || s.hi != range[1])) {
        /* definitions of different ranges (a loop's induction
         * variable): no range, which may widen what uses it */
        *flags &= (uint8_t)~RANGED;
    } else if (s.widened && !(*flags & WIDENED)) {
        *flags |= WIDENED; /* as above, from a definition using it */
    } else if (s.zeros < a->zeros[reg]) {
        a->zeros[reg] = (uint8_t)s.zeros; /* the fewest of the definitions */
    } else if (s.y_any && s.y_zeros < a->y_zeros[reg]) {
        a->y_zeros[reg] = (uint8_t)s.y_zeros;
    } else {
        return;
    }
    *changed = true;
}

void cux_affine_compute(const cux_ptx_module *m, const cux_ptx_func *f,
                        const cux_cfg *cfg, const cux_uniformity *u,
                        const cux_alignment *al, cux_affine *out)
{
    out->state = cux_xcalloc(f->n_regs + 1, 1);
    out->stride = cux_xcalloc(2 * f->n_regs + 2, sizeof(int64_t));
    out->flags = cux_xcalloc(f->n_regs + 1, 1);
    out->range = cux_xcalloc(2 * f->n_regs + 2, sizeof(int64_t));
    out->zeros = cux_xcalloc(f->n_regs + 1, 1);
    out->y_zeros = cux_xcalloc(f->n_regs + 1, 1);
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = 0; b < cfg->n_blocks; b++)
            for (uint32_t i = cfg->blocks[b].first; i < cfg->blocks[b].end; i++) {
                const cux_ptx_insn *insn = &f->insns[i];
                uint32_t dsts = cux_ptx_insn_dsts(insn);
                for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++) {
                    const cux_ptx_operand *op =
                        &f->operands[insn->first_operand + d];
                    if (op->kind == CUX_OPND_VEC) {
                        for (uint32_t e = 0; e < op->count; e++) {
                            const cux_ptx_operand *el =
                                &f->operands[op->first + e];
                            if (el->kind == CUX_OPND_REG)
                                propose(out, el->value, not_affine, &changed);
                        }
                        continue;
                    }
                    if (op->kind != CUX_OPND_REG || !u->varying[op->value])
                        continue;
                    shape s = d == 0 ? define(m, f, u, al, out, insn)
                                     : not_affine;
                    if (cux_uniformity_escapes(cfg, u, cfg->home[i],
                                               op->value))
                        s = not_affine;
                    propose(out, op->value, s, &changed);
                }
            }
    }
    /* Registers whose definitions never settled (a cycle of unknowns)
     * are not affine. */
    for (uint32_t r = 0; r < f->n_regs; r++)
        if (out->state[r] != AFFINE)
            out->state[r] = NOT_AFFINE;
}

bool cux_affine_strides(const cux_affine *a, uint32_t reg, int64_t *x,
                        int64_t *y, bool *y_known, bool *widened)
{
    if (a->state[reg] != AFFINE)
        return false;
    *x = a->stride[2 * reg];
    *y = a->stride[2 * reg + 1];
    if (y_known)
        *y_known = !(a->flags[reg] & Y_ANY);
    if (widened)
        *widened = a->flags[reg] & WIDENED;
    return true;
}

int cux_affine_y_zeros(const cux_affine *a, uint32_t reg)
{
    return a->state[reg] == AFFINE && (a->flags[reg] & Y_ANY)
         ? a->y_zeros[reg] : 0;
}

void cux_affine_free(cux_affine *a)
{
    free(a->state);
    free(a->stride);
    free(a->flags);
    free(a->range);
    free(a->zeros);
    free(a->y_zeros);
    memset(a, 0, sizeof(*a));
}
