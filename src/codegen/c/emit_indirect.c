/* emit_indirect.c: device function addresses and calls through them
 * (virtual functions, function-pointer tables, pointers passed between
 * kernels or through the host).
 *
 * A function's address is its slot in a block the device allocates per
 * module (CUX_FUNC_SLOT in the prelude says why not a C pointer): every
 * build of the module reads the block's address from cux_module_bind,
 * and the device writes the same addresses into initializers.  A call
 * through a register splits the active lanes by the address they hold
 * and calls each distinct target once under its lanes' mask, as a GPU
 * serialises a divergent indirect call; each build maps a slot to its
 * own C function through cux_callees.  What cannot be called that way
 * (an external function, a kernel, a function inlined away because it
 * reaches a block barrier, an address that names no function) traps
 * with a message naming it. */
#include "cgen.h"

#include <inttypes.h>
#include <string.h>

/* A function's address as a scalar uint64_t. */
const char *cux_cgen_func_address(cux_cgen *g, uint32_t f)
{
    return FMT("((uint64_t)(uintptr_t)cux_fslots + %uu * CUX_FUNC_SLOT)", f);
}

static bool has_indirect_call(const cux_ptx_module *m)
{
    for (uint32_t f = 0; f < m->n_funcs; f++) {
        const cux_ptx_func *func = &m->funcs[f];
        for (uint32_t i = 0; i < func->n_insns; i++) {
            const cux_ptx_insn *insn = &func->insns[i];
            if (insn->op == CUX_OP_CALL && insn->n_operands > 1 &&
                func->operands[insn->first_operand + 1].kind == CUX_OPND_REG)
                return true;
        }
    }
    return false;
}

/* (return parameters << 16) | parameters: what caller and callee must
 * agree on, since each reads the other's lane-major parameter arrays. */
static uint32_t arity(uint32_t n_rets, uint32_t n_args)
{
    return n_rets << 16 | n_args;
}

/* Why an address-taken function without a C function here cannot be
 * called through its address. */
static const char *cannot_call(cux_cgen *g, const cux_ptx_func *func)
{
    if (!strcmp(func->name, "__cxa_pure_virtual"))
        return "pure virtual function called";
    if (!strcmp(func->name, "__cxa_deleted_virtual"))
        return "deleted virtual function called";
    if (func->is_entry)
        return FMT("call through the address of kernel '%s' (launching "
                   "kernels from device code is not supported)", func->name);
    if (func->linkage == CUX_LINK_EXTERN)
        return FMT("indirect call to external function '%s', which cux "
                   "can call only directly", func->name);
    return FMT("indirect call to '%s', which reaches a block barrier: not "
               "supported", func->name);
}

static void emit_callee(cux_cgen *g, uint32_t f)
{
    const cux_ptx_func *func = &g->module->funcs[f];
    if (!func->has_body || func->is_entry) {
        EMIT("    [%u] = {0, 0, 0, \"%s\"},\n", f, cannot_call(g, func));
        return;
    }
    EMIT("    [%u] = {cux_f%u, %uu, 0x%xu, \"indirect call to '%s' through "
         "a pointer to a function of another type\"},\n", f, f,
         g->layout->frame_bytes[f], arity(func->n_rets, func->n_params),
         func->name);
}

/* The table a call through a register resolves slots with, and the one
 * C function that does it (a call site passes its own arity and frame). */
void cux_cgen_callee_table(cux_cgen *g)
{
    const cux_ptx_module *m = g->module;
    if (!has_indirect_call(m))
        return;
    EMIT("typedef struct cux_callee {\n"
         "    int (*fn)(cux_cpu_block *, cux_cpu_warp *, uint32_t, cux_vu64,\n"
         "              char *const *);\n"
         "    uint32_t frame, arity;\n"
         "    const char *why; /* fn NULL: why not; else: arity mismatch */\n"
         "} cux_callee;\n\n"
         "static const cux_callee cux_callees[%u] = {\n", m->n_funcs + 1);
    for (uint32_t f = 0; f < m->n_funcs; f++)
        if (g->layout->address_taken[f])
            emit_callee(g, f);
    EMIT("};\n\n"
         "static int cux_call_indirect(cux_cpu_block *blk, cux_cpu_warp *w, "
         "uint32_t m, uint64_t f,\n"
         "    uint32_t arity, cux_vu64 lbase, uint32_t frame, "
         "char *const *a, unsigned line)\n{\n"
         "    uint64_t off = f - (uint64_t)(uintptr_t)cux_fslots;\n"
         "    const cux_callee *c = off %% CUX_FUNC_SLOT == 0 && "
         "off / CUX_FUNC_SLOT < %uu\n"
         "        ? &cux_callees[off / CUX_FUNC_SLOT] : 0;\n"
         "    const char *why = 0;\n"
         "    if (!c || (!c->fn && !c->why))\n"
         "        why = \"indirect call through an address that is not a "
         "device function of this module\";\n"
         "    else if (!c->fn || c->arity != arity)\n"
         "        why = c->why;\n"
         /* Frames stack up in each lane's local memory, as for a direct
          * call (emit_call.c). */
         "    else if ((uint64_t)lbase[0] - (uintptr_t)w->local + frame + "
         "c->frame > w->local_stride)\n"
         "        why = \"call stack overflow\";\n"
         "    if (why) {\n"
         "        blk->svc->trap(blk, w, __builtin_ctz(m), why, line);\n"
         "        return 1;\n    }\n"
         "    return c->fn(blk, w, m, lbase + frame, a);\n}\n\n",
         m->n_funcs);
}

static uint64_t param_bytes(cux_cgen *g, const cux_ptx_operand *list,
                            uint32_t i)
{
    return g->module->vars[g->func->operands[list->first + i].value].size;
}

/* call through a register: one call per distinct address among the
 * active lanes, each under the mask of the lanes holding it.  A callee
 * whose every lane runs stores its return values whole, over the lanes
 * of targets called before it; so each call returns into a scratch copy
 * and only its own lanes go to the return parameters.  A target the
 * analysis proves warp-uniform (a virtual call on one object type) is
 * one plain call. */
void cux_cgen_indirect_call(cux_cgen *g, const cux_ptx_insn *insn,
                            const cux_ptx_operand *rets,
                            const cux_ptx_operand *args)
{
    const cux_ptx_operand *target = cux_cgen_opnd(g, insn, 1);
    bool uniform = cux_cgen_reg_scalar(g, target->value);
    EMIT("    {\n");
    for (uint32_t i = 0; !uniform && i < rets->count; i++)
        EMIT("      char r%u_[%" PRIu64 "] __attribute__((aligned(16)));\n",
             i, param_bytes(g, rets, i) * 32);
    EMIT("      char *const a_[] = {");
    for (uint32_t i = 0; i < rets->count; i++)
        if (uniform)
            EMIT("pv%u, ", g->func->operands[rets->first + i].value);
        else
            EMIT("r%u_, ", i);
    for (uint32_t i = 0; i < args->count; i++)
        EMIT("pv%u, ", g->func->operands[args->first + i].value);
    const char *call = FMT("cux_call_indirect(blk, w, s_, f_, 0x%xu, lbase, "
                           "%uu, a_, %uu)", arity(rets->count, args->count),
                           g->layout->frame_bytes[g->func_index], insn->line);
    if (uniform) {
        EMIT("0};\n      uint64_t f_ = %s; uint32_t s_ = em;\n"
             "      if (%s) return CUX_WARP_FAULT; }\n",
             cux_cgen_src_scalar(g, insn, 1, CUX_T_U64), call);
        return;
    }
    EMIT("0};\n      const cux_vu64 t_ = %s;\n"
         "      for (uint32_t left_ = em; left_;) {\n"
         "        uint64_t f_ = t_[__builtin_ctz(left_)];\n"
         "        uint32_t s_ = 0;\n"
         "        CUX_LANES s_ |= (uint32_t)(t_[l] == f_) << l;\n"
         "        s_ &= left_;\n"
         "        left_ &= ~s_;\n"
         "        if (%s) return CUX_WARP_FAULT;\n",
         cux_cgen_src(g, insn, 1, CUX_T_U64), call);
    for (uint32_t i = 0; i < rets->count; i++) {
        uint64_t b = param_bytes(g, rets, i);
        EMIT("        CUX_LANES if (s_ >> l & 1) memcpy(pv%u + l * %" PRIu64
             ", r%u_ + l * %" PRIu64 ", %" PRIu64 ");\n",
             g->func->operands[rets->first + i].value, b, i, b, b);
    }
    EMIT("      } }\n");
}
