/* alignment.c: how many low bits of each register are known, in every
 * lane and on every path: zero, or equal to those of a kernel parameter.
 *
 * A GPU refuses an access at an address that is not a multiple of its
 * size (cudaErrorMisalignedAddress); the CPU would complete it, so the
 * code generator tests addresses whose alignment it does not know.  Most
 * addresses it does know: a shared tile's `&s[ty][tx]` is a variable's
 * offset plus multiples of 4, an index scaled by 4 and added to another
 * multiple of 4 keeps two zero bits.  A pointer the host passes may
 * point anywhere (a char * may be odd on purpose), but an address made
 * from it by adding multiples of 4 is as aligned as the pointer: one
 * test of the parameter stands for every such access after it.
 *
 *     ld.param.u64  %rd1, [p];           // its own root
 *     mov.u64       %rd2, tile;          // shared offset 64: 6 bits zero
 *     mul.wide.u32  %rd3, %r1, 4;        // 2 bits zero, whatever %r1 is
 *     add.s64       %rd4, %rd2, %rd3;    // min(6, 2) = 2 bits zero
 *     add.s64       %rd5, %rd1, %rd3;    // 2 bits as %rd1's
 *     ld.shared.f32 %f1, [%rd4+8];       // known aligned: no test
 *     ld.global.f32 %f2, [%rd5];         // as aligned as p: test p
 *
 * Flow-insensitive greatest fixed point over every definition, like
 * affine.c: a register starts unseen, and each definition lowers what is
 * known to what it guarantees from its sources' current facts; facts
 * only fall, so the iteration ends, and every definition keeps a fact
 * given its sources do, so it holds for every value the register takes.
 * A parameter's value is the same for the whole launch, so a register
 * whose low bits are a parameter's keeps that meaning anywhere.  Loaded
 * values, %tid and other operations guarantee nothing.  Counts stop at
 * 8: shared memory's window is aligned to 256 bytes, and no access is
 * wider than 16. */
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ZEROS = 8, UNSEEN = 0xff };
#define NO_ROOT 0u
#define UNSEEN_ROOT UINT32_MAX

/* What is known of a value: `zeros` low bits equal those of the root
 * (a parameter load's instruction index + 1), or are zero (NO_ROOT). */
typedef struct fact {
    unsigned zeros;
    uint32_t root;
} fact;

static const fact nothing = {0, NO_ROOT};

static unsigned low_zeros(uint64_t v)
{
    unsigned z = v ? (unsigned)__builtin_ctzll(v) : MAX_ZEROS;
    return z < MAX_ZEROS ? z : MAX_ZEROS;
}

static unsigned least(unsigned a, unsigned b)
{
    return a < b ? a : b;
}

static fact absolute(unsigned zeros)
{
    return (fact){least(zeros, MAX_ZEROS), NO_ROOT};
}

/* The low bits of what is not a root's: of an absolute fact, zero ones;
 * of a rooted one, none known. */
static unsigned known_zeros(fact f)
{
    return f.root == NO_ROOT ? f.zeros : 0;
}

static fact source(const cux_ptx_module *m, const cux_layout *layout,
                   const cux_alignment *a, const cux_ptx_operand *op)
{
    switch (op->kind) {
    case CUX_OPND_REG:
        return op->negate ? nothing
                          : (fact){a->zeros[op->value], a->root[op->value]};
    case CUX_OPND_IMM_INT:
        return absolute(low_zeros((uint64_t)op->imm));
    case CUX_OPND_VAR: {
        const cux_ptx_var *var = &m->vars[op->value];
        if (var->space == CUX_SPACE_SHARED)
            return absolute(low_zeros((uint64_t)layout->shared_offset[op->value]
                                      + (uint64_t)op->imm));
        if (!cux_layout_is_module_data(var))
            return nothing; /* local and parameter windows: not followed */
        /* the device allocates module data at 16 bytes or more */
        uint32_t align = cux_layout_var_align(var);
        return absolute(least(low_zeros(align < 16 ? 16 : align),
                              low_zeros((uint64_t)op->imm)));
    }
    default:
        return nothing;
    }
}

/* x + y (or x - y): a root survives the addition of what has no root. */
static fact sum(fact x, fact y, bool subtract)
{
    if (x.root == UNSEEN_ROOT || y.root == UNSEEN_ROOT)
        return (fact){UNSEEN, UNSEEN_ROOT};
    if (y.root == NO_ROOT)
        return (fact){least(x.zeros, y.zeros), x.root};
    if (x.root == NO_ROOT && !subtract)
        return (fact){least(x.zeros, y.zeros), y.root};
    return nothing;
}

/* x * y: zero bits add up; a root's bits say nothing of the product. */
static fact product(fact x, fact y)
{
    if (x.root == UNSEEN_ROOT || y.root == UNSEEN_ROOT)
        return (fact){UNSEEN, UNSEEN_ROOT};
    return absolute(known_zeros(x) + known_zeros(y));
}

static bool integer(cux_ptx_type t)
{
    return cux_ptx_type_is_int(t) || t == CUX_T_B32 || t == CUX_T_B64;
}

/* A load of a kernel's parameter (not a call's, whose slots change). */
static bool parameter_load(const cux_ptx_func *f, const cux_layout *layout,
                           const cux_ptx_insn *insn)
{
    const cux_ptx_operand *addr = &f->operands[insn->first_operand + 1];
    return insn->op == CUX_OP_LD && insn->space == CUX_SPACE_PARAM &&
           insn->n_operands == 2 && addr->kind == CUX_OPND_ADDR &&
           addr->base_kind == CUX_OPND_VAR &&
           layout->kernel_param[addr->value];
}

/* What destination 0 of insn (instruction index i) guarantees. */
static fact define(const cux_ptx_module *m, const cux_ptx_func *f,
                   const cux_layout *layout, const cux_alignment *a,
                   const cux_ptx_insn *insn, uint32_t i)
{
    const cux_ptx_operand *ops = &f->operands[insn->first_operand];
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (insn->n_operands < 2 || !integer(t) ||
        (insn->flags & (CUX_PTX_F_CC | CUX_PTX_F_SAT)))
        return nothing;
    if (parameter_load(f, layout, insn))
        return (fact){MAX_ZEROS, i + 1};
#define SRC(k) source(m, layout, a, &ops[k])
    switch (insn->op) {
    case CUX_OP_MOV:
        return insn->n_operands == 2 ? SRC(1) : nothing;
    case CUX_OP_CVTA: /* adds or removes the window's base */
        return insn->space == CUX_SPACE_SHARED || insn->space == CUX_SPACE_GLOBAL
             ? SRC(1) : nothing;
    case CUX_OP_CVT: {
        if (insn->mode != 0 || !integer((cux_ptx_type)insn->type2))
            return nothing;
        fact x = SRC(1); /* narrowing keeps the low bits */
        if (x.zeros != UNSEEN)
            x.zeros = least(x.zeros, cux_ptx_type_size(t) * 8);
        return x;
    }
    case CUX_OP_ADD: case CUX_OP_SUB:
        return insn->n_operands == 3
             ? sum(SRC(1), SRC(2), insn->op == CUX_OP_SUB) : nothing;
    case CUX_OP_OR: case CUX_OP_XOR:
        return insn->n_operands == 3
             ? absolute(least(known_zeros(SRC(1)), known_zeros(SRC(2))))
             : nothing;
    case CUX_OP_AND: {
        if (insn->n_operands != 3)
            return nothing;
        unsigned x = known_zeros(SRC(1)), y = known_zeros(SRC(2));
        return absolute(x > y ? x : y);
    }
    case CUX_OP_MUL:
        if (insn->mode != CUX_MODE_LO && insn->mode != CUX_MODE_WIDE)
            return nothing;
        return insn->n_operands == 3 ? product(SRC(1), SRC(2)) : nothing;
    case CUX_OP_MAD:
        if (insn->mode != CUX_MODE_LO && insn->mode != CUX_MODE_WIDE)
            return nothing;
        return insn->n_operands == 4
             ? sum(SRC(3), product(SRC(1), SRC(2)), false) : nothing;
    case CUX_OP_SHL:
        if (insn->n_operands != 3)
            return nothing;
        if (ops[2].kind == CUX_OPND_IMM_INT && ops[2].imm >= 0)
            return product(SRC(1), absolute((unsigned)least(
                                       (unsigned)ops[2].imm & 63, MAX_ZEROS)));
        return absolute(known_zeros(SRC(1)));
    default:
        return nothing;
    }
#undef SRC
}

/* Lowers reg's facts to what both it and f guarantee. */
static bool meet(cux_alignment *a, uint32_t reg, fact f)
{
    if (f.root == UNSEEN_ROOT)
        return false; /* a source not seen yet: nothing proposed */
    fact old = {a->zeros[reg], a->root[reg]};
    fact now = old.root == UNSEEN_ROOT ? f
             : old.root == f.root ? (fact){least(old.zeros, f.zeros), f.root}
             : absolute(least(known_zeros(old), known_zeros(f)));
    if (now.zeros == old.zeros && now.root == old.root)
        return false;
    a->zeros[reg] = (uint8_t)now.zeros;
    a->root[reg] = now.root;
    return true;
}

void cux_alignment_compute(const cux_ptx_module *m, const cux_ptx_func *f,
                           const cux_layout *layout, cux_alignment *out)
{
    out->zeros = cux_xcalloc(f->n_regs + 1, 1);
    out->root = cux_xcalloc(f->n_regs + 1, sizeof(uint32_t));
    memset(out->zeros, UNSEEN, f->n_regs + 1);
    for (uint32_t r = 0; r <= f->n_regs; r++)
        out->root[r] = UNSEEN_ROOT;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < f->n_insns; i++) {
            const cux_ptx_insn *insn = &f->insns[i];
            uint32_t dsts = cux_ptx_insn_dsts(insn);
            for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++) {
                const cux_ptx_operand *op = &f->operands[insn->first_operand + d];
                uint32_t regs = op->kind == CUX_OPND_VEC ? op->count : 1;
                for (uint32_t e = 0; e < regs; e++) {
                    const cux_ptx_operand *reg = op->kind == CUX_OPND_VEC
                        ? &f->operands[op->first + e] : op;
                    if (reg->kind == CUX_OPND_REG)
                        changed |= meet(out, reg->value,
                                        d == 0 && op->kind == CUX_OPND_REG
                                            ? define(m, f, layout, out, insn, i)
                                            : nothing);
                }
            }
        }
    }
    /* A register never written (or only from such) holds whatever it
     * held: nothing known. */
    for (uint32_t r = 0; r <= f->n_regs; r++)
        if (out->root[r] == UNSEEN_ROOT) {
            out->zeros[r] = 0;
            out->root[r] = NO_ROOT;
        }
}

static bool multiple(int64_t offset, uint32_t size)
{
    return size && !(size & (size - 1)) && !((uint64_t)offset & (size - 1));
}

bool cux_alignment_known(const cux_alignment *a, uint32_t reg,
                         int64_t offset, uint32_t size)
{
    return multiple(offset, size) && a->root[reg] == NO_ROOT &&
           (1u << a->zeros[reg]) >= size;
}

uint32_t cux_alignment_root(const cux_alignment *a, uint32_t reg,
                            int64_t offset, uint32_t size)
{
    return multiple(offset, size) && (1u << a->zeros[reg]) >= size
         ? a->root[reg] : NO_ROOT;
}

void cux_alignment_print(const cux_ptx_func *f, const cux_alignment *a,
                         cux_strbuf *out)
{
    for (uint32_t r = 0; r < f->n_regs; r++) {
        uint32_t root_reg = a->root[r] == NO_ROOT ? UINT32_MAX
            : f->operands[f->insns[a->root[r] - 1].first_operand].value;
        if (!a->zeros[r] || root_reg == r) /* not a parameter itself */
            continue;
        cux_strbuf_printf(out, " %s(%u", f->regs[r].name, 1u << a->zeros[r]);
        if (root_reg != UINT32_MAX)
            cux_strbuf_printf(out, " as %s", f->regs[root_reg].name);
        cux_strbuf_puts(out, ")");
    }
}

void cux_alignment_free(cux_alignment *a)
{
    free(a->zeros);
    free(a->root);
    memset(a, 0, sizeof *a);
}
