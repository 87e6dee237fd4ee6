/* ocl_mem.c: loads, stores and atomics.  A CUDA address becomes an
 * OpenCL lvalue by its state space: the arena for global and constant
 * memory (module variables live there too), the block's __local buffer
 * for .shared, the work-item's frame area for .local, the .param block
 * or a call's private parameter array for .param; a generic address
 * picks one of the first three at run time by its tag (prelude). */
#include "codegen/opencl/ocl.h"
#include "codegen/common/lane_ops.h"

#include <inttypes.h>
#include <string.h>

/* The lvalue of a .param access: a kernel's parameter block, or the
 * private array of a .func's parameter or a call's argument. */
static const char *param_lvalue(ocl_gen *g, const cux_ptx_insn *insn,
                                const cux_ptx_operand *addr, const char *t,
                                int64_t extra)
{
    if (addr->kind != CUX_OPND_ADDR) {
        cux_ocl_fail(g, insn, "a .param access of this form");
        return "0";
    }
    int64_t off = addr->imm + extra;
    if (addr->base_kind == CUX_OPND_VAR) {
        uint32_t v = addr->value;
        if (g->layout->kernel_param[v])
            return FMT("(*(__global const %s *)(P_ + %" PRId64 "L))", t,
                       (int64_t)g->layout->local_offset[v] + off);
        return FMT("(*(__private %s *)(pv%u + %" PRId64 "L))", t, v, off);
    }
    if (addr->base_kind == CUX_OPND_REG && g->func->is_entry)
        return FMT("(*(__global const %s *)(P_ + (uint)(%s + %" PRId64 "L)))",
                   t, cux_ocl_convert(g, cux_ocl_reg(g, addr->value),
                                      (cux_ptx_type)g->func->regs[addr->value].type,
                                      CUX_T_U64), off);
    if (addr->base_kind != CUX_OPND_REG) {
        cux_ocl_fail(g, insn, "a .param access of this form");
        return "0";
    }
    /* The register holds a parameter's variable and offset (ocl_operand.c):
     * pick the array among this function's parameter variables. */
    const char *a = FMT("(%s + (ulong)%" PRId64 "L)",
                        cux_ocl_convert(g, cux_ocl_reg(g, addr->value),
                                        (cux_ptx_type)g->func->regs[addr->value].type,
                                        CUX_T_U64), off);
    const char *pick = "((__private uchar *)0)";
    const cux_ptx_func *f = g->func;
    for (uint32_t i = 0; i < f->n_params + f->n_rets + f->n_locals; i++) {
        uint32_t v = i < f->n_params ? f->params[i]
                   : i < f->n_params + f->n_rets ? f->rets[i - f->n_params]
                   : f->locals[i - f->n_params - f->n_rets];
        if (g->module->vars[v].space == CUX_SPACE_PARAM)
            pick = FMT("((uint)(%s >> 32) == %uu ? pv%u : %s)", a, v, v, pick);
    }
    return FMT("(*(__private %s *)(%s + (uint)%s))", t, pick, a);
}

/* The lvalue (or, for generic loads, the value) of element `i` of an
 * access; `store` with `value` emits a generic store itself and returns
 * NULL. */
static const char *access(ocl_gen *g, const cux_ptx_insn *insn,
                          const cux_ptx_operand *addr, uint32_t i,
                          const char *value)
{
    cux_ptx_type type = (cux_ptx_type)insn->type;
    uint32_t size = cux_ptx_type_size(type);
    bool vol = (insn->flags & CUX_PTX_F_VOLATILE) ||
               (insn->sem != CUX_SEM_NONE && insn->sem != CUX_SEM_WEAK);
    const char *t = FMT("%s%s", vol ? "volatile " : "", cux_ocl_mtype(type));
    if (insn->space == CUX_SPACE_PARAM)
        return param_lvalue(g, insn, addr, t, (int64_t)i * size);
    const char *a = cux_ocl_address(g, insn, addr);
    if (i)
        a = FMT("(%s + %uUL)", a, i * size);
    switch (insn->space) {
    case CUX_SPACE_GLOBAL: case CUX_SPACE_CONST:
        return FMT("CUX_GLOBAL(%s, %s)", t, a);
    case CUX_SPACE_SHARED:
        return FMT("CUX_SHARED(%s, %s)", t, a);
    case CUX_SPACE_LOCAL:
        return FMT("CUX_LOCAL(%s, %s)", t, a);
    case CUX_SPACE_GENERIC:
        if (value) {
            EMIT("    CUX_GENERIC_ST(%s, %s, %s);\n", t, a, value);
            return NULL;
        }
        return FMT("CUX_GENERIC_LD(%s, %s)", t, a);
    default:
        cux_ocl_fail(g, insn, "memory in this state space");
        return "0";
    }
}

void cux_ocl_load_store(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type type = (cux_ptx_type)insn->type;
    bool store = insn->op == CUX_OP_ST;
    if (type == CUX_T_B128 || type == CUX_T_PRED || type == CUX_T_NONE ||
        insn->n_operands < 2) {
        cux_ocl_fail(g, insn, "a %s of this type",
                     cux_ptx_opcode_names[insn->op]);
        return;
    }
    const cux_ptx_operand *addr = cux_ocl_opnd(g, insn, store ? 0 : 1);
    const cux_ptx_operand *data = cux_ocl_opnd(g, insn, store ? 1 : 0);
    uint32_t n = data->kind == CUX_OPND_VEC ? data->count : 1;
    /* A vector access is aligned to its whole size (PTX), which the
     * element accesses below do not check. */
    if (n > 1 && insn->space != CUX_SPACE_PARAM &&
        insn->space != CUX_SPACE_LOCAL)
        EMIT("    { ulong va_ = %s; if (va_ & %uUL) "
             "cux_bad_address(A_, va_, 2u); }\n",
             cux_ocl_address(g, insn, addr),
             n * cux_ptx_type_size(type) - 1);
    for (uint32_t i = 0; i < n; i++) {
        const cux_ptx_operand *el =
            data->kind == CUX_OPND_VEC ? &g->func->operands[data->first + i]
                                       : data;
        if (store) {
            const char *v = cux_ocl_src_operand(g, insn, el, type);
            const char *lv = access(g, insn, addr, i, FMT("(%s)%s",
                                    cux_ocl_mtype(type), v));
            if (lv)
                EMIT("    %s = (%s)%s;\n", lv, cux_ocl_mtype(type), v);
        } else if (el->kind != CUX_OPND_SINK) {
            cux_ocl_dst_operand(g, insn, el, type,
                                FMT("((%s)%s)", cux_ocl_ctype(type),
                                    access(g, insn, addr, i, NULL)));
        }
    }
}

static bool is_half_type(cux_ptx_type t)
{
    return t == CUX_T_F16 || t == CUX_T_BF16 || t == CUX_T_F16X2 ||
           t == CUX_T_BF16X2;
}

/* x + y of halves (or of pairs of them) rounded once to nearest: the sum
 * of two halves is exact in double, and rounding it to float by
 * round-to-odd first keeps the rounding to the half the only one. */
static const char *half_sum(ocl_gen *g, cux_ptx_type t, const char *x,
                            const char *y)
{
    bool bf = t == CUX_T_BF16 || t == CUX_T_BF16X2;
    const char *to = bf ? "cux_bf16_to_float" : "cux_half_to_float";
    const char *from = bf ? "cux_float_to_bf16" : "cux_float_to_half";
    const char *one = "%s(cux_f64_to_f32_odd((double)%s((ushort)(%s)) + "
                      "(double)%s((ushort)(%s))))";
    g->uses_f64 = true;
    if (t == CUX_T_F16 || t == CUX_T_BF16)
        return FMT(one, from, to, x, to, y);
    return FMT("((uint)%s | ((uint)%s << 16))", FMT(one, from, to, x, to, y),
               FMT(one, from, to, FMT("(%s >> 16)", x), to,
                   FMT("(%s >> 16)", y)));
}

/* The new value of an atomic on `type`: lane_ops' update, or the rounded
 * sum of halves (the only half-precision atomic PTX has). */
static const char *atomic_update(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type type = (cux_ptx_type)insn->type;
    if (is_half_type(type))
        return insn->mode == CUX_MODE_ADD ? half_sum(g, type, "x_", "b_")
                                          : NULL;
    const char *src[] = {"x_", "b_", "c_"};
    cux_lane_ctx c = {.arena = g->expr, .src = src, .type = cux_ocl_stype};
    return cux_lane_update(&c, insn->mode, type);
}

/* One atomic read-modify-write as a compare-and-swap loop over the
 * word's bits, in `space` ("__global" or "__local") at pointer text
 * `ptr`: every PTX operation, float ones included, then has the one form
 * OpenCL 1.2 offers for 32-bit words and cl_khr_int64_base_atomics for
 * 64-bit ones.  A 16-bit atomic (`shift` its bit offset in the aligned
 * 32-bit word at `ptr`) swaps the whole word, its other half unchanged,
 * so a concurrent change to that half makes the swap retry, as any
 * change would. */
static void cas_loop(ocl_gen *g, const cux_ptx_insn *insn, const char *space,
                     const char *ptr, const char *shift)
{
    cux_ptx_type type = (cux_ptx_type)insn->type;
    uint32_t size = cux_ptx_type_size(type);
    bool wide = size == 8;
    const char *word = wide ? "ulong" : "uint";
    const char *cas = wide ? "atom_cmpxchg" : "atomic_cmpxchg";
    const char *ct = cux_ocl_ctype(type);
    const char *update = atomic_update(g, insn);
    if (!update) {
        cux_ocl_fail(g, insn, "this atomic operation");
        return;
    }
    if (size == 2) {
        EMIT("      { volatile %s uint *p_ = (volatile %s uint *)(%s);\n"
             "        uint sh_ = %s, o_, w_;\n"
             "        do { o_ = *p_; x_ = (%s)(o_ >> sh_); %s n_ = (%s)(%s);\n"
             "             w_ = (o_ & ~(0xffffu << sh_)) | "
             "((uint)(ushort)n_ << sh_); }\n"
             "        while (atomic_cmpxchg(p_, o_, w_) != o_); }\n",
             space, space, ptr, shift, ct, ct, ct, update);
        return;
    }
    const char *from_bits = type == CUX_T_F32 ? "as_float(o_)"
                          : type == CUX_T_F64 ? "as_double(o_)"
                          : FMT("((%s)o_)", ct);
    const char *to_bits = type == CUX_T_F32 ? "as_uint(n_)"
                        : type == CUX_T_F64 ? "as_ulong(n_)"
                        : FMT("((%s)n_)", word);
    EMIT("      { volatile %s %s *p_ = (volatile %s %s *)(%s); %s o_, w_;\n"
         "        do { o_ = *p_; x_ = %s; %s n_ = (%s)(%s); w_ = %s; }\n"
         "        while (%s(p_, o_, w_) != o_); }\n",
         space, word, space, word, ptr, word, from_bits, ct, ct, update,
         to_bits, cas);
}

/* atom d, [a], b (, c for cas); red [a], b. */
void cux_ocl_atomic(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type type = (cux_ptx_type)insn->type;
    uint32_t size = cux_ptx_type_size(type);
    bool red = insn->op == CUX_OP_RED;
    uint32_t a = red ? 0 : 1;
    if ((size != 2 && size != 4 && size != 8) || insn->vec > 1 ||
        insn->n_operands < a + 2) {
        cux_ocl_fail(g, insn, "an atomic of this type or shape");
        return;
    }
    const char *ct = cux_ocl_ctype(type);
    EMIT("    { %s x_, b_ = %s, c_ = %s;\n", ct, cux_ocl_src(g, insn, a + 1, type),
         insn->mode == CUX_MODE_CAS ? cux_ocl_src(g, insn, a + 2, type)
                                    : FMT("(%s)0", ct));
    EMIT("      (void)c_;\n");
    const char *addr = cux_ocl_address(g, insn, cux_ocl_opnd(g, insn, a));
    EMIT("      ulong a_ = %s;\n", addr);
    /* a 16-bit atomic works on the aligned word holding its half */
    const char *global = size == 2
        ? "A_ + (CUX_ARENA_OFFSET(a_, 2u) & ~3UL)"
        : FMT("A_ + CUX_ARENA_OFFSET(a_, %uu)", size);
    const char *local = size == 2 ? "S_ + ((uint)a_ & ~3u)" : "S_ + (uint)a_";
    const char *shift = size == 2 ? "(uint)(a_ & 2UL) * 8u" : NULL;
    switch (insn->space) {
    case CUX_SPACE_GLOBAL:
        cas_loop(g, insn, "__global", global, shift);
        break;
    case CUX_SPACE_SHARED:
        cas_loop(g, insn, "__local", local, shift);
        break;
    case CUX_SPACE_GENERIC:
        EMIT("      if (CUX_IS_SHARED(a_))\n");
        cas_loop(g, insn, "__local", local, shift);
        EMIT("      else\n");
        cas_loop(g, insn, "__global", global, shift);
        break;
    default:
        cux_ocl_fail(g, insn, "an atomic in this state space");
        break;
    }
    if (!red)
        cux_ocl_dst(g, insn, 0, type, "x_");
    EMIT("    }\n");
}
