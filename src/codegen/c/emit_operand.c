/* emit_operand.c: C expressions for PTX operands.  A source becomes a
 * lane vector of the instruction's type; a destination write goes
 * through CUX_SET so inactive lanes keep their values. */
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
    double value;
    if (type == CUX_T_F32 && op->kind == CUX_OPND_IMM_F32) /* keep sNaNs */
        return splat_bits(g, type, (uint32_t)op->imm);
    if (type == CUX_T_F32 || type == CUX_T_F64) {
        if (op->kind == CUX_OPND_IMM_F32) {
            float f;
            uint32_t bits = (uint32_t)op->imm;
            memcpy(&f, &bits, 4);
            value = f;
        } else if (op->kind == CUX_OPND_IMM_F64) {
            memcpy(&value, &op->imm, 8);
        } else {
            value = (double)op->imm;
        }
        if (type == CUX_T_F32) {
            float f = (float)value;
            uint32_t bits;
            memcpy(&bits, &f, 4);
            return splat_bits(g, type, bits);
        }
        uint64_t bits;
        memcpy(&bits, &value, 8);
        return splat_bits(g, type, bits);
    }
    if (type == CUX_T_PRED)
        return splat_bits(g, type, op->imm ? 0xffffffffu : 0);
    uint64_t bits = (uint64_t)op->imm;
    uint32_t width = cux_lane_bits(type);
    if (width < 64)
        bits &= (1ull << width) - 1;
    return splat_bits(g, type, bits);
}

static const char *special_register(cux_cgen *g, const cux_ptx_operand *op)
{
    unsigned c = op->component < 3 ? op->component : 0;
    switch (op->value) {
    case CUX_SREG_TID: return FMT("s_tid%u", c);
    case CUX_SREG_NTID: return FMT("CUX_SPLAT32(blk->ntid[%u])", c);
    case CUX_SREG_CTAID: return FMT("CUX_SPLAT32(blk->ctaid[%u])", c);
    case CUX_SREG_NCTAID: return FMT("CUX_SPLAT32(blk->nctaid[%u])", c);
    case CUX_SREG_LANEID: return "cux_iota32()";
    case CUX_SREG_WARPID: return "CUX_SPLAT32(w->index)";
    case CUX_SREG_NWARPID: return "CUX_SPLAT32((blk->nthreads + 31) / 32)";
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
    case CUX_SREG_DYNAMIC_SMEM_SIZE: return "CUX_SPLAT32(blk->dynamic_smem)";
    case CUX_SREG_TOTAL_SMEM_SIZE: return "CUX_SPLAT32(blk->shared_bytes)";
    case CUX_SREG_NSMID: return "CUX_SPLAT32(1)";
    default: return "CUX_SPLAT32(0)"; /* smid, gridid, envreg */
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
    const cux_ptx_var *var = &g->module->vars[op->value];
    int64_t off = op->imm;
    switch (var->space) {
    case CUX_SPACE_SHARED:
        return FMT("CUX_SPLAT64(%" PRIu64 "u)",
                   (uint64_t)(g->layout->shared_offset[op->value] + off));
    case CUX_SPACE_LOCAL:
        return FMT("(lbase + %" PRId64 ")",
                   (int64_t)g->layout->local_offset[op->value] + off);
    case CUX_SPACE_PARAM:
        if (g->layout->kernel_param[op->value])
            return FMT("CUX_SPLAT64((uintptr_t)(blk->params + %u + %" PRId64
                       "))", g->layout->local_offset[op->value], off);
        return FMT("(CUX_SPLAT64((uintptr_t)pv%u + %" PRId64 ") + "
                   "__builtin_convertvector(cux_iota32(), cux_vu64) * %" PRIu64
                   "u)", op->value, off, var->size);
    case CUX_SPACE_GLOBAL: case CUX_SPACE_CONST:
        return FMT("CUX_SPLAT64((uintptr_t)cux_g%u + %" PRId64 ")", op->value,
                   off);
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
        const cux_ptx_reg *reg = &g->func->regs[op->value];
        expr = convert(g, cux_cgen_reg_name(g, op->value),
                       (cux_ptx_type)reg->type, type);
        return op->negate ? FMT("(~%s)", expr) : expr;
    }
    case CUX_OPND_SREG:
        return convert(g, special_register(g, op),
                       sreg_is_64(op) ? CUX_T_U64 : CUX_T_U32, type);
    case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32: case CUX_OPND_IMM_F64:
        return immediate(g, op, type);
    case CUX_OPND_VAR:
        return convert(g, variable_address(g, insn, op), CUX_T_U64, type);
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
    const cux_ptx_reg *reg = &g->func->regs[op->value];
    EMIT("    CUX_SET(%s, %s);\n", cux_cgen_reg_name(g, op->value),
         convert(g, value, type, (cux_ptx_type)reg->type));
}

void cux_cgen_dst(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i,
              cux_ptx_type type, const char *value)
{
    cux_cgen_dst_operand(g, insn, cux_cgen_opnd(g, insn, i), type, value);
}

/* The address of an ld/st/atom operand for lane `l`, as a char pointer. */
const char *cux_cgen_address(cux_cgen *g, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op, cux_ptx_space space)
{
    int64_t off = op->imm;
    if (op->kind != CUX_OPND_ADDR) {
        cux_cgen_fail(g, insn, "expected an address operand [...]");
        return "0";
    }
    if (op->base_kind == CUX_OPND_REG)
        return FMT("(%s + (uintptr_t)%s[l] + %" PRId64 ")",
                   space == CUX_SPACE_SHARED ? "blk->shared" : "(char *)0",
                   cux_cgen_reg_name(g, op->value), off);
    if (op->base_kind != CUX_OPND_VAR)
        return FMT("((char *)(uintptr_t)%" PRId64 ")", off);
    const cux_ptx_var *var = &g->module->vars[op->value];
    int64_t at = (int64_t)g->layout->local_offset[op->value] + off;
    switch (var->space) {
    case CUX_SPACE_SHARED:
        return FMT("(blk->shared + %" PRId64 ")",
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
