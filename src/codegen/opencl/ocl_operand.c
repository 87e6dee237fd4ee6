/* ocl_operand.c: OpenCL C expressions for PTX operands, one work-item's
 * value each.  Registers are C variables of their declared type's
 * computing width (8-bit types compute in 16 bits, predicates are int
 * 0 or -1, as in the C generator), converted to the instruction's type
 * where it reads them. */
#include "codegen/opencl/ocl.h"
#include "codegen/common/lane_ops.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cux_ocl_fail(ocl_gen *g, const cux_ptx_insn *insn, const char *fmt, ...)
{
    if (g->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *what = cux_arena_vprintf(g->expr, fmt, ap);
    va_end(ap);
    cux_strbuf text = {0};
    if (insn)
        cux_ptx_print_insn(g->module, g->func, insn, &text);
    g->error = cux_arena_printf(
        g->expr, "%s:%u: %s%s%s (in %s): not supported on the OpenCL device",
        g->module->origin ? g->module->origin : "<ptx>",
        insn ? insn->line : g->func->line, what,
        text.data ? ": " : "", text.data ? text.data : "", g->func->name);
    cux_strbuf_free(&text);
}

const char *cux_ocl_ctype(cux_ptx_type type)
{
    switch (type) {
    case CUX_T_PRED: return "int";
    case CUX_T_S8: case CUX_T_S16: return "short";
    case CUX_T_B8: case CUX_T_U8: case CUX_T_B16: case CUX_T_U16:
    case CUX_T_F16: case CUX_T_BF16: return "ushort";
    case CUX_T_S32: return "int";
    case CUX_T_F32: return "float";
    case CUX_T_S64: return "long";
    case CUX_T_F64: return "double";
    case CUX_T_B64: case CUX_T_U64: return "ulong";
    default: return "uint";
    }
}

const char *cux_ocl_stype(cux_ptx_type type)
{
    switch (type) {
    case CUX_T_S8: return "char";
    case CUX_T_B8: case CUX_T_U8: case CUX_T_PRED: return "uchar";
    default: return cux_ocl_ctype(type);
    }
}

const char *cux_ocl_mtype(cux_ptx_type type)
{
    return cux_ocl_stype(type);
}

const char *cux_ocl_reg(ocl_gen *g, uint32_t reg)
{
    const char *home = cux_ocl_rounds_keep_home(g, reg);
    return home ? home : FMT("r%u", reg);
}

/* A reinterpretation between types of one width, else a conversion to
 * the unsigned type of the new width (signed sources sign-extend). */
const char *cux_ocl_convert(ocl_gen *g, const char *expr, cux_ptx_type from,
                            cux_ptx_type to)
{
    const char *cf = cux_ocl_ctype(from), *ct = cux_ocl_ctype(to);
    if (!strcmp(cf, ct))
        return expr;
    uint32_t bits = cux_lane_bits(to);
    const char *unsigned_of[] = {[16] = "ushort", [32] = "uint",
                                 [64] = "ulong"};
    const char *raw = expr;
    if (from == CUX_T_F32)
        raw = FMT("as_uint(%s)", expr);
    else if (from == CUX_T_F64)
        raw = FMT("as_ulong(%s)", expr);
    raw = FMT("((%s)(%s))", unsigned_of[bits], raw);
    if (to == CUX_T_F32)
        return FMT("as_float(%s)", raw);
    if (to == CUX_T_F64)
        return FMT("as_double(%s)", raw);
    return FMT("((%s)%s)", ct, raw);
}

const cux_ptx_operand *cux_ocl_opnd(ocl_gen *g, const cux_ptx_insn *insn,
                                    uint32_t i)
{
    return &g->func->operands[insn->first_operand + i];
}

static const char *immediate(ocl_gen *g, const cux_ptx_operand *op,
                             cux_ptx_type type)
{
    uint64_t bits = cux_immediate_bits(op, type);
    if (type == CUX_T_F32)
        return FMT("as_float(0x%" PRIx64 "u)", bits);
    if (type == CUX_T_F64) {
        g->uses_f64 = true;
        return FMT("as_double(0x%" PRIx64 "UL)", bits);
    }
    if (type == CUX_T_PRED)
        return bits ? "(-1)" : "0";
    return FMT("((%s)0x%" PRIx64 "UL)", cux_ocl_ctype(type), bits);
}

/* The block's linear thread index, from which lanes and warps count. */
#define FLAT_TID "((uint)(get_local_id(0) + get_local_size(0) * " \
                 "(get_local_id(1) + get_local_size(1) * get_local_id(2))))"

static const char *special_register(ocl_gen *g, const cux_ptx_insn *insn,
                                    const cux_ptx_operand *op)
{
    unsigned d = op->component;
    switch (op->value) {
    case CUX_SREG_TID: return FMT("((uint)get_local_id(%u))", d);
    case CUX_SREG_NTID: return FMT("((uint)get_local_size(%u))", d);
    case CUX_SREG_CTAID: return FMT("((uint)get_group_id(%u))", d);
    case CUX_SREG_NCTAID: return FMT("((uint)get_num_groups(%u))", d);
    case CUX_SREG_LANEID: return "(" FLAT_TID " & 31u)";
    case CUX_SREG_WARPID: return "(" FLAT_TID " >> 5)";
    case CUX_SREG_NWARPID:
        return "((uint)((get_local_size(0) * get_local_size(1) * "
               "get_local_size(2) + 31) >> 5))";
    case CUX_SREG_LANEMASK_EQ: return "(1u << (" FLAT_TID " & 31u))";
    case CUX_SREG_LANEMASK_LT: return "((1u << (" FLAT_TID " & 31u)) - 1u)";
    case CUX_SREG_LANEMASK_LE:
        return "((uint)((2UL << (" FLAT_TID " & 31u)) - 1UL))";
    case CUX_SREG_LANEMASK_GE: return "(~((1u << (" FLAT_TID " & 31u)) - 1u))";
    case CUX_SREG_LANEMASK_GT:
        return "(~(uint)((2UL << (" FLAT_TID " & 31u)) - 1UL))";
    case CUX_SREG_CUX_COOPERATIVE: return "0u";
    /* the device's clock (34_clock.cl) */
    case CUX_SREG_CLOCK64: return "cux_clock64(A_)";
    case CUX_SREG_CLOCK: return "((uint)cux_clock64(A_))";
    case CUX_SREG_CLOCK_HI: return "((uint)(cux_clock64(A_) >> 32))";
    case CUX_SREG_GLOBALTIMER: return "cux_globaltimer(A_)";
    case CUX_SREG_GLOBALTIMER_LO: return "((uint)cux_globaltimer(A_))";
    case CUX_SREG_GLOBALTIMER_HI:
        return "((uint)(cux_globaltimer(A_) >> 32))";
    default:
        cux_ocl_fail(g, insn, "this special register");
        return "0u";
    }
}

/* A variable's address: the CUDA address of module data, the window
 * address of .shared and .local variables, the offset of a kernel
 * parameter in the .param block. */
static const char *variable_address(ocl_gen *g, const cux_ptx_insn *insn,
                                    const cux_ptx_operand *op)
{
    const cux_ptx_var *var = &g->module->vars[op->value];
    int64_t off = op->imm;
    if (cux_layout_is_module_data(var))
        return FMT("(CUX_VA_%u + (ulong)%" PRId64 "L)", op->value, off);
    switch (var->space) {
    case CUX_SPACE_SHARED:
        return FMT("((ulong)%" PRId64 "L)",
                   (int64_t)g->layout->shared_offset[op->value] + off);
    case CUX_SPACE_LOCAL:
        return FMT("((ulong)(SP_ + %" PRId64 "L))",
                   (int64_t)g->layout->local_offset[op->value] + off);
    case CUX_SPACE_PARAM:
        if (g->layout->kernel_param[op->value])
            return FMT("((ulong)%" PRId64 "L)",
                       (int64_t)g->layout->local_offset[op->value] + off);
        /* a .func's (or a call's) parameter: its variable in the high
         * word, for ld.param through a register (ocl_mem.c) */
        return FMT("(((ulong)%uu << 32) + (ulong)%" PRId64 "L)", op->value,
                   off);
    default:
        break;
    }
    cux_ocl_fail(g, insn, "the address of '%s'", var->name);
    return "0UL";
}

const char *cux_ocl_src_operand(ocl_gen *g, const cux_ptx_insn *insn,
                                const cux_ptx_operand *op, cux_ptx_type type)
{
    if (type == CUX_T_F64)
        g->uses_f64 = true;
    switch (op->kind) {
    case CUX_OPND_REG: {
        const cux_ptx_reg *reg = &g->func->regs[op->value];
        const char *e = cux_ocl_convert(g, cux_ocl_reg(g, op->value),
                                        (cux_ptx_type)reg->type, type);
        return op->negate ? FMT("(~%s)", e) : e;
    }
    case CUX_OPND_SREG:
        return cux_ocl_convert(g, special_register(g, insn, op),
                               op->value == CUX_SREG_CLOCK64 ||
                               op->value == CUX_SREG_GLOBALTIMER
                                   ? CUX_T_U64 : CUX_T_U32,
                               type);
    case CUX_OPND_IMM_INT: case CUX_OPND_IMM_F32: case CUX_OPND_IMM_F64:
        return immediate(g, op, type);
    case CUX_OPND_VAR:
        return cux_ocl_convert(g, variable_address(g, insn, op), CUX_T_U64,
                               type);
    case CUX_OPND_FUNC: /* a tag and the index (ocl_call.c) */
        return cux_ocl_convert(g, FMT("CUX_FUNC_ADDRESS(%uUL)", op->value),
                               CUX_T_U64, type);
    default:
        cux_ocl_fail(g, insn, "this operand form");
        return "0";
    }
}

const char *cux_ocl_src(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i,
                        cux_ptx_type type)
{
    if (i >= insn->n_operands) {
        cux_ocl_fail(g, insn, "a missing operand");
        return "0";
    }
    return cux_ocl_src_operand(g, insn, cux_ocl_opnd(g, insn, i), type);
}

void cux_ocl_dst_operand(ocl_gen *g, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op, cux_ptx_type type,
                         const char *value)
{
    if (op->kind == CUX_OPND_SINK)
        return;
    if (op->kind != CUX_OPND_REG) {
        cux_ocl_fail(g, insn, "a destination that is not a register");
        return;
    }
    const cux_ptx_reg *reg = &g->func->regs[op->value];
    if (reg->type == CUX_T_F64 || type == CUX_T_F64)
        g->uses_f64 = true;
    EMIT("    %s = %s;\n", cux_ocl_reg(g, op->value),
         cux_ocl_convert(g, value, type, (cux_ptx_type)reg->type));
}

void cux_ocl_dst(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i,
                 cux_ptx_type type, const char *value)
{
    if (i >= insn->n_operands) {
        cux_ocl_fail(g, insn, "a missing operand");
        return;
    }
    cux_ocl_dst_operand(g, insn, cux_ocl_opnd(g, insn, i), type, value);
}

const char *cux_ocl_address(ocl_gen *g, const cux_ptx_insn *insn,
                            const cux_ptx_operand *addr)
{
    if (addr->kind != CUX_OPND_ADDR) {
        cux_ocl_fail(g, insn, "an address operand of this form");
        return "0UL";
    }
    const char *base;
    switch (addr->base_kind) {
    case CUX_OPND_REG: {
        const cux_ptx_reg *reg = &g->func->regs[addr->value];
        base = cux_ocl_convert(g, cux_ocl_reg(g, addr->value),
                               (cux_ptx_type)reg->type, CUX_T_U64);
        break;
    }
    case CUX_OPND_VAR: {
        cux_ptx_operand var = {.kind = CUX_OPND_VAR, .value = addr->value};
        base = variable_address(g, insn, &var);
        break;
    }
    default:
        base = "0UL";
        break;
    }
    if (!addr->imm)
        return base;
    return FMT("(%s + (ulong)%" PRId64 "L)", base, addr->imm);
}
