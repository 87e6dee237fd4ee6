/* emit_operand.c: C expressions for PTX operands.  A source becomes a
 * lane vector of the instruction's type; a destination write goes
 * through CUX_SET so inactive lanes keep their values.
 *
 * A register the uniformity analysis finds warp-uniform is one scalar
 * (its lane type): the analysis guarantees that it is written only where
 * the whole warp writes the same value, so a plain assignment is exact.
 * Read where a vector is wanted, it is widened (cux_splat_*); an
 * instruction whose destination is such a register computes it from
 * scalar sources (cux_cgen_src_scalar), or, for instructions without a
 * scalar form, takes lane 0 of the vector result, which every lane
 * holds. */
#include "cgen.h"

#include <inttypes.h>
#include <string.h>

const char *cux_cgen_vtype(cux_ptx_type type)
{
    switch (type) {
    case CUX_T_PRED: return "cux_vs32";
    case CUX_T_S8: case CUX_T_S16: return "cux_vs16";
    case CUX_T_B8: case CUX_T_U8: case CUX_T_B16: case CUX_T_U16:
    case CUX_T_F16: case CUX_T_BF16: return "cux_vu16";
    case CUX_T_S32: return "cux_vs32";
    case CUX_T_F32: return "cux_vf32";
    case CUX_T_S64: return "cux_vs64";
    case CUX_T_F64: return "cux_vf64";
    case CUX_T_B64: case CUX_T_U64: return "cux_vu64";
    default: return "cux_vu32";
    }
}

const char *cux_cgen_utype(cux_ptx_type type)
{
    uint32_t bits = cux_lane_bits(type);
    return bits == 16 ? "cux_vu16" : bits == 32 ? "cux_vu32" : "cux_vu64";
}

const char *cux_cgen_stype(cux_ptx_type type)
{
    switch (type) {
    case CUX_T_S8: return "int8_t";
    case CUX_T_B8: case CUX_T_U8: case CUX_T_PRED: return "uint8_t";
    case CUX_T_S16: return "int16_t";
    case CUX_T_B16: case CUX_T_U16: case CUX_T_F16: case CUX_T_BF16:
        return "uint16_t";
    case CUX_T_S32: return "int32_t";
    case CUX_T_F32: return "float";
    case CUX_T_S64: return "int64_t";
    case CUX_T_F64: return "double";
    case CUX_T_B64: case CUX_T_U64: return "uint64_t";
    default: return "uint32_t";
    }
}

const char *cux_cgen_wtype(cux_ptx_type type)
{
    switch (type) {
    case CUX_T_S8: case CUX_T_S16: return "int16_t";
    case CUX_T_B8: case CUX_T_U8: case CUX_T_B16: case CUX_T_U16:
    case CUX_T_F16: case CUX_T_BF16: return "uint16_t";
    case CUX_T_PRED: return "int32_t";
    default: return cux_cgen_stype(type);
    }
}

const cux_ptx_operand *cux_cgen_opnd(cux_cgen *g, const cux_ptx_insn *insn,
                                 uint32_t i)
{
    return &g->func->operands[insn->first_operand + i];
}

static const char *convert(cux_cgen *g, const char *expr, cux_ptx_type from,
                           cux_ptx_type to)
{
    if (cux_lane_bits(from) == cux_lane_bits(to))
        return FMT("((%s)(%s))", cux_cgen_vtype(to), expr);
    return FMT("((%s)__builtin_convertvector(%s, %s))", cux_cgen_vtype(to),
               expr, cux_cgen_utype(to));
}

static const char *splat_bits(cux_cgen *g, cux_ptx_type type, uint64_t bits)
{
    return FMT("((%s)((%s){0} + (uint64_t)0x%" PRIx64 "u))",
               cux_cgen_vtype(type), cux_cgen_utype(type), bits);
}

static const char *immediate(cux_cgen *g, const cux_ptx_operand *op,
                             cux_ptx_type type)
{
    return splat_bits(g, type, cux_immediate_bits(op, type));
}

/* A scalar of lane type wtype(type) with the given bits. */
static const char *scalar_of_bits(cux_cgen *g, cux_ptx_type type,
                                  uint64_t bits)
{
    if (type == CUX_T_F32)
        return FMT("cux_bits_f32(0x%" PRIx64 "u)", bits);
    if (type == CUX_T_F64)
        return FMT("cux_bits_f64(0x%" PRIx64 "u)", bits);
    return FMT("((%s)0x%" PRIx64 "u)", cux_cgen_wtype(type), bits);
}

bool cux_cgen_reg_scalar(const cux_cgen *g, uint32_t reg)
{
    return !g->uniform.varying[reg];
}

/* The meaning of convert() on one lane: a reinterpretation between
 * types of one width, else a C conversion to the unsigned type of the new
 * width (so signed sources sign-extend, as __builtin_convertvector
 * does). */
const char *cux_cgen_scalar_convert(cux_cgen *g, const char *expr,
                                    cux_ptx_type from, cux_ptx_type to)
{
    const char *wf = cux_cgen_wtype(from), *wt = cux_cgen_wtype(to);
    if (!strcmp(wf, wt))
        return expr;
    uint32_t bits = cux_lane_bits(to);
    const char *raw;
    if (cux_lane_bits(from) != bits)
        raw = FMT("((uint%u_t)(%s))", bits, expr);
    else if (from == CUX_T_F32)
        raw = FMT("cux_f32_bits(%s)", expr);
    else if (from == CUX_T_F64)
        raw = FMT("cux_f64_bits(%s)", expr);
    else
        raw = FMT("((uint%u_t)(%s))", bits, expr);
    if (to == CUX_T_F32)
        return FMT("cux_bits_f32(%s)", raw);
    if (to == CUX_T_F64)
        return FMT("cux_bits_f64(%s)", raw);
    return FMT("((%s)%s)", wt, raw);
}

/* %envreg1 and %envreg2 are the high and low halves of the address of
 * the grid workspace that a GPU driver passes to a cooperative launch:
 * nvcc's cooperative groups read them in this_grid() and spin on a
 * barrier word there in grid.sync() (dev/cpu/grid.c gives the launch
 * one).  Outside a cooperative launch they are 0, as on a GPU, so that
 * grid.is_valid() is false and grid.sync() traps.  The other %envreg
 * carry nothing cux knows of: 0. */
static const char *envreg(unsigned number)
{
    switch (number) {
    case 1: return "((uint32_t)(blk->grid_workspace >> 32))";
    case 2: return "((uint32_t)blk->grid_workspace)";
    default: return "0u";
    }
}

/* A uniform special register as a scalar uint32_t, or NULL. */
static const char *special_scalar(cux_cgen *g, const cux_ptx_operand *op)
{
    unsigned c = op->component < 3 ? op->component : 0;
    switch (op->value) {
    case CUX_SREG_NTID: return FMT("blk->ntid[%u]", c);
    case CUX_SREG_CTAID: return FMT("blk->ctaid[%u]", c);
    case CUX_SREG_NCTAID: return FMT("blk->nctaid[%u]", c);
    case CUX_SREG_WARPID: return "w->index";
    case CUX_SREG_NWARPID: return "((blk->nthreads + 31) / 32)";
    case CUX_SREG_DYNAMIC_SMEM_SIZE: return "blk->dynamic_smem";
    case CUX_SREG_TOTAL_SMEM_SIZE: return "blk->shared_bytes";
    case CUX_SREG_CUX_COOPERATIVE: return "blk->cooperative";
    /* the last CUX_RESERVED_SMEM bytes of the block's shared memory */
    case CUX_SREG_RESERVED_SMEM_BEGIN:
        return "(blk->shared_bytes - CUX_RESERVED_SMEM)";
    case CUX_SREG_RESERVED_SMEM_END: return "blk->shared_bytes";
    case CUX_SREG_RESERVED_SMEM_CAP: return "(uint32_t)CUX_RESERVED_SMEM";
    case CUX_SREG_RESERVED_SMEM_OFFSET:
        return FMT("(blk->shared_bytes - CUX_RESERVED_SMEM + %uu)",
                   (op->component & 1) * 8);
    case CUX_SREG_NSMID: return "1u";
    case CUX_SREG_ENVREG: return envreg(op->component);
    case CUX_SREG_SMID: case CUX_SREG_GRIDID:
        return "0u";
    default: return NULL;
    }
}

/* A uniform variable's address as a scalar uint64_t, or NULL. */
static const char *variable_scalar(cux_cgen *g, const cux_ptx_operand *op)
{
    const cux_ptx_var *var = &g->module->vars[op->value];
    int64_t off = op->imm;
    switch (var->space) {
    case CUX_SPACE_SHARED:
        return FMT("((uint64_t)%" PRId64 ")",
                   (int64_t)g->layout->shared_offset[op->value] + off);
    case CUX_SPACE_PARAM:
        if (!g->layout->kernel_param[op->value])
            return NULL;
        return FMT("((uint64_t)(uintptr_t)(blk->params + %u + %" PRId64 "))",
                   g->layout->local_offset[op->value], off);
    case CUX_SPACE_GLOBAL: case CUX_SPACE_CONST:
        return FMT("((uint64_t)(uintptr_t)cux_g%u + %" PRId64 ")", op->value,
                   off);
    default:
        return NULL;
    }
}

static const char *special_register(cux_cgen *g, const cux_ptx_operand *op)
{
    const char *uniform = special_scalar(g, op);
    if (uniform)
        return FMT("CUX_SPLAT32(%s)", uniform);
    unsigned c = op->component < 3 ? op->component : 0;
    switch (op->value) {
    case CUX_SREG_TID: return FMT("s_tid%u", c);
    case CUX_SREG_LANEID: return "cux_iota32()";
    case CUX_SREG_LANEMASK_EQ: return "(CUX_SPLAT32(1) << cux_iota32())";
    case CUX_SREG_LANEMASK_LE: return "((CUX_SPLAT32(2) << cux_iota32()) - 1)";
    case CUX_SREG_LANEMASK_LT: return "((CUX_SPLAT32(1) << cux_iota32()) - 1)";
    case CUX_SREG_LANEMASK_GE:
        return "(~((CUX_SPLAT32(1) << cux_iota32()) - 1))";
    case CUX_SREG_LANEMASK_GT:
        return "(~((CUX_SPLAT32(2) << cux_iota32()) - 1))";
    case CUX_SREG_CLOCK: return "CUX_SPLAT32((uint32_t)cux_clock())";
    case CUX_SREG_CLOCK_HI: return "CUX_SPLAT32((uint32_t)(cux_clock() >> 32))";
    case CUX_SREG_CLOCK64: return "CUX_SPLAT64(cux_clock())";
    case CUX_SREG_GLOBALTIMER: return "CUX_SPLAT64(blk->svc->globaltimer())";
    case CUX_SREG_GLOBALTIMER_LO:
        return "CUX_SPLAT32((uint32_t)blk->svc->globaltimer())";
    case CUX_SREG_GLOBALTIMER_HI:
        return "CUX_SPLAT32((uint32_t)(blk->svc->globaltimer() >> 32))";
    default: return "CUX_SPLAT32(0)";
    }
}

static bool sreg_is_64(const cux_ptx_operand *op)
{
    return op->value == CUX_SREG_CLOCK64 || op->value == CUX_SREG_GLOBALTIMER;
}

/* The address a variable symbol stands for, as 64-bit lanes. */
static const char *variable_address(cux_cgen *g, const cux_ptx_insn *insn,
                                    const cux_ptx_operand *op)
{
    const char *uniform = variable_scalar(g, op);
    if (uniform)
        return FMT("CUX_SPLAT64(%s)", uniform);
    const cux_ptx_var *var = &g->module->vars[op->value];
    int64_t off = op->imm;
    switch (var->space) {
    case CUX_SPACE_LOCAL:
        return FMT("(lbase + %" PRId64 ")",
                   (int64_t)g->layout->local_offset[op->value] + off);
    case CUX_SPACE_PARAM: /* a call's parameter: one slot per lane */
        return FMT("(CUX_SPLAT64((uintptr_t)pv%u + %" PRId64 ") + "
                   "__builtin_convertvector(cux_iota32(), cux_vu64) * %" PRIu64
                   "u)", op->value, off, var->size);
    default:
        cux_cgen_fail(g, insn, "address of '%s' in this state space is not "
                  "supported", var->name);
        return "CUX_SPLAT64(0)";
    }
}

const char *cux_cgen_src_operand(cux_cgen *g, const cux_ptx_insn *insn,
                             const cux_ptx_operand *op, cux_ptx_type type)
{
    const char *expr;
    switch (op->kind) {
    case CUX_OPND_REG: {
        cux_ptx_type rt = (cux_ptx_type)g->func->regs[op->value].type;
        const char *name = cux_cgen_reg_vector(g, op->value);
        if (cux_cgen_reg_scalar(g, op->value))
            name = FMT("cux_splat_%s(%s)", cux_cgen_vtype(rt) + 4, name);
        expr = convert(g, name, rt, type);
        return op->negate ? FMT("(~%s)", expr) : expr;
    }
    case CUX_OPND_SREG:
        return convert(g, special_register(g, op),
                       sreg_is_64(op) ? CUX_T_U64 : CUX_T_U32, type);
    case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32: case CUX_OPND_IMM_F64:
        return immediate(g, op, type);
    case CUX_OPND_VAR:
        return convert(g, variable_address(g, insn, op), CUX_T_U64, type);
    case CUX_OPND_FUNC:
        return convert(g, FMT("CUX_SPLAT64(%s)",
                              cux_cgen_func_address(g, op->value)),
                       CUX_T_U64, type);
    default:
        cux_cgen_fail(g, insn, "operand form not supported here");
        return "0";
    }
}

const char *cux_cgen_src(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i,
                     cux_ptx_type type)
{
    return cux_cgen_src_operand(g, insn, cux_cgen_opnd(g, insn, i), type);
}

const char *cux_cgen_operand_scalar(cux_cgen *g, const cux_ptx_operand *op,
                                    cux_ptx_type type)
{
    const char *expr = NULL;
    switch (op->kind) {
    case CUX_OPND_REG:
        if (!cux_cgen_reg_scalar(g, op->value))
            return NULL;
        expr = cux_cgen_scalar_convert(g, cux_cgen_reg_name(g, op->value),
                              (cux_ptx_type)g->func->regs[op->value].type,
                              type);
        return op->negate ? FMT("((%s)~%s)", cux_cgen_wtype(type), expr)
                          : expr;
    case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32: case CUX_OPND_IMM_F64:
        return scalar_of_bits(g, type, cux_immediate_bits(op, type));
    case CUX_OPND_SREG:
        expr = special_scalar(g, op);
        return expr ? cux_cgen_scalar_convert(g, expr, CUX_T_U32, type) : NULL;
    case CUX_OPND_VAR:
        expr = variable_scalar(g, op);
        return expr ? cux_cgen_scalar_convert(g, expr, CUX_T_U64, type) : NULL;
    case CUX_OPND_FUNC:
        return cux_cgen_scalar_convert(g, cux_cgen_func_address(g, op->value),
                                       CUX_T_U64, type);
    default:
        return NULL;
    }
}

const char *cux_cgen_src_scalar(cux_cgen *g, const cux_ptx_insn *insn,
                                uint32_t i, cux_ptx_type type)
{
    const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
    const char *expr = cux_cgen_operand_scalar(g, op, type);
    /* Uniform by the analysis but without a scalar spelling: lane 0. */
    return expr ? expr : FMT("(%s)[0]", cux_cgen_src_operand(g, insn, op, type));
}

bool cux_cgen_dst_scalar(const cux_cgen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *op = &g->func->operands[insn->first_operand];
    return op->kind == CUX_OPND_REG && cux_cgen_reg_scalar(g, op->value);
}

void cux_cgen_dst_scalar_value(cux_cgen *g, const cux_ptx_insn *insn,
                               cux_ptx_type type, const char *value)
{
    const cux_ptx_operand *op = cux_cgen_opnd(g, insn, 0);
    EMIT("    %s = %s;\n", cux_cgen_reg_name(g, op->value),
         cux_cgen_scalar_convert(g, value, type,
                        (cux_ptx_type)g->func->regs[op->value].type));
}

void cux_cgen_dst_operand(cux_cgen *g, const cux_ptx_insn *insn,
                      const cux_ptx_operand *op, cux_ptx_type type,
                      const char *value)
{
    if (op->kind == CUX_OPND_SINK)
        return;
    if (op->kind != CUX_OPND_REG) {
        cux_cgen_fail(g, insn, "destination must be a register");
        return;
    }
    cux_ptx_type rt = (cux_ptx_type)g->func->regs[op->value].type;
    const char *name = cux_cgen_reg_name(g, op->value);
    if (cux_cgen_reg_scalar(g, op->value))
        EMIT("    %s = (%s)[0];\n", name, convert(g, value, type, rt));
    else if (!g->in_guard &&
             (g->whole_warp || /* every live lane writes */
              !cux_uniformity_old_value_read(&g->cfg, &g->uniform, g->block,
                                             op->value)))
        /* ...or the lanes that do not never read what they held: the
         * value a blend would keep is dead (analysis/liveness.c). */
        EMIT("    %s = %s;\n", name, convert(g, value, type, rt));
    else
        EMIT("    CUX_SET(%s, %s);\n", name, convert(g, value, type, rt));
}

void cux_cgen_dst(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i,
              cux_ptx_type type, const char *value)
{
    cux_cgen_dst_operand(g, insn, cux_cgen_opnd(g, insn, i), type, value);
}

/* A register indexed by a variable lane number is one the C compiler
 * keeps in memory, stored at each of its writes, even on paths that never
 * index it; so per-lane addressing reads a copy, `ab_`, made where it is
 * needed. */
bool cux_cgen_lane_gather(const cux_cgen *g, const cux_ptx_operand *op)
{
    return op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_REG &&
           g->lane_only[op->value] &&
           !cux_cgen_reg_affine(g, op->value, NULL, NULL, NULL);
}

const char *cux_cgen_lane_address(cux_cgen *g, const cux_ptx_operand *op,
                                  cux_ptx_space space)
{
    return FMT("(%s + (uintptr_t)(%s) + %" PRId64 ")",
               space == CUX_SPACE_SHARED ? "sh_" : "(char *)0",
               cux_cgen_lane_expr(g, op->value), op->imm);
}

void cux_cgen_address_copy(cux_cgen *g, const cux_ptx_operand *op)
{
    if (op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_REG &&
        !cux_cgen_reg_scalar(g, op->value) && !cux_cgen_lane_gather(g, op)) {
        cux_cgen_form_vector(g, op->value);
        EMIT("      %s ab_ = %s;\n",
             cux_cgen_vtype((cux_ptx_type)g->func->regs[op->value].type),
             cux_cgen_reg_vector(g, op->value));
    }
}

/* The address of an ld/st/atom operand for lane `l`, as a char pointer;
 * a per-lane register base reads the copy cux_cgen_address_copy made. */
const char *cux_cgen_address(cux_cgen *g, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op, cux_ptx_space space)
{
    int64_t off = op->imm;
    if (op->kind != CUX_OPND_ADDR) {
        cux_cgen_fail(g, insn, "expected an address operand [...]");
        return "0";
    }
    if (cux_cgen_lane_gather(g, op))
        return cux_cgen_lane_address(g, op, space);
    if (op->base_kind == CUX_OPND_REG)
        return FMT("(%s + (uintptr_t)%s + %" PRId64 ")",
                   space == CUX_SPACE_SHARED ? "sh_" : "(char *)0",
                   cux_cgen_reg_scalar(g, op->value)
                       ? cux_cgen_reg_name(g, op->value) : "ab_[l]", off);
    if (op->base_kind != CUX_OPND_VAR)
        return FMT("((char *)(uintptr_t)%" PRId64 ")", off);
    const cux_ptx_var *var = &g->module->vars[op->value];
    int64_t at = (int64_t)g->layout->local_offset[op->value] + off;
    switch (var->space) {
    case CUX_SPACE_SHARED:
        return FMT("(sh_ + %" PRId64 ")",
                   (int64_t)g->layout->shared_offset[op->value] + off);
    case CUX_SPACE_LOCAL:
        return FMT("((char *)(uintptr_t)lbase[l] + %" PRId64 ")", at);
    case CUX_SPACE_PARAM:
        if (g->layout->kernel_param[op->value])
            return FMT("((char *)blk->params + %" PRId64 ")", at);
        return FMT("(pv%u + l * %" PRIu64 " + %" PRId64 ")", op->value,
                   var->size, off);
    default:
        return FMT("((char *)cux_g%u + %" PRId64 ")", op->value, off);
    }
}
