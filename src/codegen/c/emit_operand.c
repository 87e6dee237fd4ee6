/* emit_operand.c: C expressions for PTX operands.  A source becomes a
 * lane vector of the instruction's type; a destination write goes
 * through CUX_SET so inactive lanes keep their values. */
#include "cgen.h"

#include <inttypes.h>
#include <stdio.h>
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

uint32_t cux_cgen_lane_bits(cux_ptx_type type)
{
    uint32_t size = cux_ptx_type_size(type);
    if (type == CUX_T_PRED)
        return 32;
    return size <= 2 ? 16 : size == 4 ? 32 : 64;
}

const char *cux_cgen_utype(cux_ptx_type type)
{
    uint32_t bits = cux_cgen_lane_bits(type);
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

const char *cux_cgen_reg_name(cux_cgen *g, uint32_t reg)
{
    char *s = cux_cgen_scratch(g);
    snprintf(s, 512, "r%u", reg);
    return s;
}

static const char *convert(cux_cgen *g, const char *expr, cux_ptx_type from,
                           cux_ptx_type to)
{
    char *s = cux_cgen_scratch(g);
    if (cux_cgen_lane_bits(from) == cux_cgen_lane_bits(to))
        snprintf(s, 512, "((%s)(%s))", cux_cgen_vtype(to), expr);
    else
        snprintf(s, 512, "((%s)__builtin_convertvector(%s, %s))",
                 cux_cgen_vtype(to), expr, cux_cgen_utype(to));
    return s;
}

static const char *splat_bits(cux_cgen *g, cux_ptx_type type, uint64_t bits)
{
    char *s = cux_cgen_scratch(g);
    snprintf(s, 512, "((%s)((%s){0} + (uint64_t)0x%" PRIx64 "u))",
             cux_cgen_vtype(type), cux_cgen_utype(type), bits);
    return s;
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
    uint32_t width = cux_cgen_lane_bits(type);
    if (width < 64)
        bits &= (1ull << width) - 1;
    return splat_bits(g, type, bits);
}

static const char *special_register(cux_cgen *g, const cux_ptx_operand *op)
{
    static const char xyz[] = "xyz";
    char *s = cux_cgen_scratch(g);
    unsigned c = op->component < 3 ? op->component : 0;
    (void)xyz;
    switch (op->value) {
    case CUX_SREG_TID: snprintf(s, 512, "s_tid%u", c); break;
    case CUX_SREG_NTID: snprintf(s, 512, "CUX_SPLAT32(blk->ntid[%u])", c); break;
    case CUX_SREG_CTAID: snprintf(s, 512, "CUX_SPLAT32(blk->ctaid[%u])", c); break;
    case CUX_SREG_NCTAID: snprintf(s, 512, "CUX_SPLAT32(blk->nctaid[%u])", c); break;
    case CUX_SREG_LANEID: snprintf(s, 512, "cux_iota32()"); break;
    case CUX_SREG_WARPID: snprintf(s, 512, "CUX_SPLAT32(w->index)"); break;
    case CUX_SREG_NWARPID:
        snprintf(s, 512, "CUX_SPLAT32((blk->nthreads + 31) / 32)"); break;
    case CUX_SREG_LANEMASK_EQ: snprintf(s, 512, "(CUX_SPLAT32(1) << cux_iota32())"); break;
    case CUX_SREG_LANEMASK_LE:
        snprintf(s, 512, "((CUX_SPLAT32(2) << cux_iota32()) - 1)"); break;
    case CUX_SREG_LANEMASK_LT:
        snprintf(s, 512, "((CUX_SPLAT32(1) << cux_iota32()) - 1)"); break;
    case CUX_SREG_LANEMASK_GE:
        snprintf(s, 512, "(~((CUX_SPLAT32(1) << cux_iota32()) - 1))"); break;
    case CUX_SREG_LANEMASK_GT:
        snprintf(s, 512, "(~((CUX_SPLAT32(2) << cux_iota32()) - 1))"); break;
    case CUX_SREG_CLOCK: snprintf(s, 512, "CUX_SPLAT32((uint32_t)cux_clock())"); break;
    case CUX_SREG_CLOCK_HI:
        snprintf(s, 512, "CUX_SPLAT32((uint32_t)(cux_clock() >> 32))"); break;
    case CUX_SREG_CLOCK64: snprintf(s, 512, "CUX_SPLAT64(cux_clock())"); break;
    case CUX_SREG_GLOBALTIMER:
        snprintf(s, 512, "CUX_SPLAT64(blk->svc->globaltimer())"); break;
    case CUX_SREG_GLOBALTIMER_LO:
        snprintf(s, 512, "CUX_SPLAT32((uint32_t)blk->svc->globaltimer())"); break;
    case CUX_SREG_GLOBALTIMER_HI:
        snprintf(s, 512, "CUX_SPLAT32((uint32_t)(blk->svc->globaltimer() >> 32))"); break;
    case CUX_SREG_DYNAMIC_SMEM_SIZE:
        snprintf(s, 512, "CUX_SPLAT32(blk->dynamic_smem)"); break;
    case CUX_SREG_TOTAL_SMEM_SIZE:
        snprintf(s, 512, "CUX_SPLAT32(blk->shared_bytes)"); break;
    case CUX_SREG_NSMID: snprintf(s, 512, "CUX_SPLAT32(1)"); break;
    default: snprintf(s, 512, "CUX_SPLAT32(0)"); break; /* smid, gridid, envreg */
    }
    return s;
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
    char *s = cux_cgen_scratch(g);
    int64_t off = op->imm;
    switch (var->space) {
    case CUX_SPACE_SHARED:
        snprintf(s, 512, "CUX_SPLAT64(%" PRIu64 "u)",
                 (uint64_t)(g->shared_offset[op->value] + off));
        break;
    case CUX_SPACE_LOCAL:
        snprintf(s, 512, "(lbase + %" PRId64 ")",
                 (int64_t)g->local_offset[op->value] + off);
        break;
    case CUX_SPACE_PARAM:
        if (g->kernel_param[op->value])
            snprintf(s, 512, "CUX_SPLAT64((uintptr_t)(blk->params + %u + %" PRId64 "))",
                     g->local_offset[op->value], off);
        else
            snprintf(s, 512, "(CUX_SPLAT64((uintptr_t)pv%u + %" PRId64 ") + "
                     "__builtin_convertvector(cux_iota32(), cux_vu64) * %" PRIu64 "u)",
                     op->value, off, var->size);
        break;
    case CUX_SPACE_GLOBAL: case CUX_SPACE_CONST:
        snprintf(s, 512, "CUX_SPLAT64((uintptr_t)cux_g%u + %" PRId64 ")",
                 op->value, off);
        break;
    default:
        cux_cgen_fail(g, insn, "address of '%s' in this state space is not "
                  "supported", var->name);
        snprintf(s, 512, "CUX_SPLAT64(0)");
    }
    return s;
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
        if (op->negate) {
            char *s = cux_cgen_scratch(g);
            snprintf(s, 512, "(~%s)", expr);
            expr = s;
        }
        return expr;
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
    EMIT("    CUX_SET(r%u, %s);\n", op->value,
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
    char *s = cux_cgen_scratch(g);
    int64_t off = op->imm;
    if (op->kind != CUX_OPND_ADDR) {
        cux_cgen_fail(g, insn, "expected an address operand [...]");
        return "0";
    }
    if (op->base_kind == CUX_OPND_REG) {
        const char *base = space == CUX_SPACE_SHARED ? "blk->shared" : "(char *)0";
        snprintf(s, 512, "(%s + (uintptr_t)r%u[l] + %" PRId64 ")", base,
                 op->value, off);
        return s;
    }
    if (op->base_kind != CUX_OPND_VAR) {
        snprintf(s, 512, "((char *)(uintptr_t)%" PRId64 ")", off);
        return s;
    }
    const cux_ptx_var *var = &g->module->vars[op->value];
    switch (var->space) {
    case CUX_SPACE_SHARED:
        snprintf(s, 512, "(blk->shared + %" PRId64 ")",
                 (int64_t)g->shared_offset[op->value] + off);
        break;
    case CUX_SPACE_LOCAL:
        snprintf(s, 512, "((char *)(uintptr_t)lbase[l] + %" PRId64 ")",
                 (int64_t)g->local_offset[op->value] + off);
        break;
    case CUX_SPACE_PARAM:
        if (g->kernel_param[op->value])
            snprintf(s, 512, "((char *)blk->params + %" PRId64 ")",
                     (int64_t)g->local_offset[op->value] + off);
        else
            snprintf(s, 512, "(pv%u + l * %" PRIu64 " + %" PRId64 ")",
                     op->value, var->size, off);
        break;
    default:
        snprintf(s, 512, "((char *)cux_g%u + %" PRId64 ")", op->value, off);
    }
    return s;
}
