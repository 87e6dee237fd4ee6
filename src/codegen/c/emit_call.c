/* emit_call.c: calls.  Parameters live in lane-major byte arrays (lane l
 * of a b-byte parameter at l*b), so a callee reads its arguments the way
 * the caller stored them.  Module .func bodies become C functions over
 * the warp; runtime externals (vprintf, __assertfail, malloc, free,
 * operator new and delete, cudaGraphSetConditional) go to the runtime;
 * libdevice functions (__nv_*) are called per lane.  Calls through a register:
 * emit_indirect.c. */
#include "cgen.h"
#include "codegen/common/call_param.h"

#include <string.h>

static const cux_ptx_operand *list_elem(cux_cgen *g, const cux_ptx_operand *list,
                                        uint32_t i)
{
    return &g->func->operands[list->first + i];
}

static bool check_param_list(cux_cgen *g, const cux_ptx_insn *insn,
                             const cux_ptx_operand *list)
{
    for (uint32_t i = 0; i < list->count; i++) {
        const cux_ptx_operand *e = list_elem(g, list, i);
        if (e->kind != CUX_OPND_VAR ||
            g->module->vars[e->value].space != CUX_SPACE_PARAM) {
            cux_cgen_fail(g, insn, "call arguments must be .param variables");
            return false;
        }
    }
    return true;
}

/* The type a call sequence stores into (or loads from) param `var`; by
 * the variable's size where no access says. */
static cux_ptx_type param_type(cux_cgen *g, const cux_ptx_insn *call, uint32_t var,
                               bool is_return)
{
    cux_ptx_type t = cux_call_param_type(g->func, call, var, is_return);
    if (t != CUX_T_NONE)
        return t;
    uint32_t size = (uint32_t)g->module->vars[var].size;
    return size == 8 ? CUX_T_U64 : size == 2 ? CUX_T_U16 : CUX_T_U32;
}

static const char *c_arg_type(cux_ptx_type t)
{
    if (t == CUX_T_F32) return "float";
    if (t == CUX_T_F64) return "double";
    if (cux_ptx_type_size(t) == 8) return "uint64_t";
    if (cux_ptx_type_is_signed(t)) return "int32_t";
    return "uint32_t";
}

static uint64_t var_size(cux_cgen *g, uint32_t var)
{
    return g->module->vars[var].size;
}

/* The signed C type of the same width for an unsigned one of c_arg_type. */
static const char *signed_arg_type(const char *ct)
{
    return !strcmp(ct, "uint32_t") ? "int32_t"
         : !strcmp(ct, "uint64_t") ? "int64_t" : ct;
}

static void call_per_lane(cux_cgen *g, const cux_ptx_insn *insn, const char *callee,
                          const cux_ptx_operand *rets,
                          const cux_ptx_operand *args)
{
    const char *proto = args->count ? "" : "void", *values = "";
    const char *sproto = proto;
    for (uint32_t i = 0; i < args->count; i++) {
        uint32_t v = list_elem(g, args, i)->value;
        const char *ct = c_arg_type(param_type(g, insn, v, false));
        proto = FMT("%s%s%s", proto, i ? ", " : "", ct);
        sproto = FMT("%s%s%s", sproto, i ? ", " : "", signed_arg_type(ct));
        values = FMT("%s%s*(%s *)(pv%u + l * %llu)", values, i ? ", " : "", ct,
                     v, (unsigned long long)var_size(g, v));
    }
    const char *rt = "void";
    uint32_t r = 0;
    if (rets->count) {
        r = list_elem(g, rets, 0)->value;
        rt = c_arg_type(param_type(g, insn, r, true));
    }
    /* Called directly, so that the C compiler may inline and vectorise
     * it, when its C type is the one the PTX call implies, or that with
     * its integers signed (`.b32` parameters of libdevice's `int
     * __nv_max(int, int)`: C converts the arguments and the result bit
     * for bit); else through a pointer of that type, which passes the
     * bits as PTX does, but which GCC neither inlines nor vectorises
     * (and warns about). */
    const char *fn = FMT("__builtin_choose_expr(__builtin_types_compatible_p("
                         "__typeof__(%s), %s(%s)) || __builtin_types_compatible_p("
                         "__typeof__(%s), %s(%s)), %s, (%s (*)(%s))(void *)%s)",
                         callee, rt, proto, callee, signed_arg_type(rt), sproto,
                         callee, rt, proto, callee);
    /* A whole warp gets a loop without the lane test, which the C
     * compiler can vectorise once the callee is inlined. */
    const char *body = rets->count
        ? FMT("{ %s r_ = %s(%s); memcpy(pv%u + l * %llu, &r_, sizeof r_); }",
              rt, fn, values, r, (unsigned long long)var_size(g, r))
        : FMT("%s(%s);", fn, values);
    if (g->one_lane) /* lane l alone (serial_loops.c) */
        EMIT("    { %s }\n", body);
    else
        EMIT("    CUX_EACH_ACTIVE_LANE(%s);\n", body);
}

/* malloc and free, and C++'s operator new and delete (Itanium names), in
 * device code: the device heap, which counts against
 * cudaLimitMallocHeapSize (blk->svc, block.c).  new of 0 bytes still
 * returns a distinct object; a failed new returns NULL, as device code
 * has no exceptions. */
static bool heap_call(cux_cgen *g, const cux_ptx_insn *insn, const char *name,
                      const cux_ptx_operand *rets,
                      const cux_ptx_operand *args)
{
    cux_heap_op op = cux_heap_op_of(name);
    if (op == CUX_HEAP_NONE)
        return false;
    bool alloc = op != CUX_HEAP_FREE;
    uint32_t needed = op == CUX_HEAP_NEW_ALIGNED ? 2 : 1;
    bool shaped = args->count >= needed && rets->count == (alloc ? 1u : 0u);
    for (uint32_t i = 0; shaped && i < needed; i++)
        shaped = var_size(g, list_elem(g, args, i)->value) == 8;
    if (shaped && alloc)
        shaped = var_size(g, list_elem(g, rets, 0)->value) == 8;
    if (!shaped) {
        cux_cgen_fail(g, insn, "call to '%s' with parameters that are not "
                      "its 64-bit size and pointer", name);
        return true;
    }
    const char *a0 = FMT("*(uint64_t *)(pv%u + l * 8)",
                         list_elem(g, args, 0)->value);
    if (!alloc) {
        EMIT("    CUX_EACH_ACTIVE_LANE(blk->svc->heap_free(blk, "
             "(void *)(uintptr_t)%s););\n", a0);
        return true;
    }
    const char *size = op == CUX_HEAP_MALLOC ? a0
                                               : FMT("(%s ? %s : 1)", a0, a0);
    const char *align = op == CUX_HEAP_NEW_ALIGNED
        ? FMT("*(uint64_t *)(pv%u + l * 8)", list_elem(g, args, 1)->value)
        : "16";
    EMIT("    CUX_EACH_ACTIVE_LANE({ uint64_t r_ = (uint64_t)(uintptr_t)"
         "blk->svc->heap_alloc(blk, %s, %s); memcpy(pv%u + l * 8, &r_, 8); });\n",
         size, align, list_elem(g, rets, 0)->value);
    return true;
}

#define ARG_PTR(k) "(const char *)(uintptr_t)*(uint64_t *)(pv%u + l * 8)"

static bool runtime_call(cux_cgen *g, const cux_ptx_insn *insn, const char *name,
                         const cux_ptx_operand *rets, const cux_ptx_operand *args)
{
    uint32_t a[5] = {0};
    for (uint32_t i = 0; i < args->count && i < 5; i++)
        a[i] = list_elem(g, args, i)->value;
    if (!strcmp(name, "vprintf") && args->count == 2) {
        EMIT("    CUX_LANES if (em >> l & 1) {\n"
             "      int32_t r_ = blk->svc->vprintf(blk, " ARG_PTR(0) ", " ARG_PTR(1) ");\n",
             a[0], a[1]);
        if (rets->count)
            EMIT("      memcpy(pv%u + l * 4, &r_, 4);\n", list_elem(g, rets, 0)->value);
        else
            EMIT("      (void)r_;\n");
        EMIT("    }\n");
        return true;
    }
    if (!strcmp(name, "__assertfail") && args->count >= 4) {
        EMIT("    CUX_LANES if (em >> l & 1)\n"
             "      blk->svc->assert_fail(blk, w, l, " ARG_PTR(0) ", " ARG_PTR(1)
             ", *(uint32_t *)(pv%u + l * 4), " ARG_PTR(3) ");\n"
             "    return CUX_WARP_FAULT;\n", a[0], a[1], a[2], a[3]);
        return true;
    }
    if (heap_call(g, insn, name, rets, args))
        return true;
    if (!strncmp(name, CUX_LIBDEVICE_PREFIX, strlen(CUX_LIBDEVICE_PREFIX))) {
        call_per_lane(g, insn, name, rets, args);
        return true;
    }
    /* A conditional graph node's value, set from device code; the
     * handle is the address of the word (src/rt/rt_graph_cond.c). */
    if (!strcmp(name, "cudaGraphSetConditional") && args->count == 2 &&
        !rets->count) {
        call_per_lane(g, insn, "cux_graph_set_conditional", rets, args);
        return true;
    }
    /* The runtime calls device code may make under dynamic parallelism
     * (cuda_device_runtime_api.h declares them; nvcc's PTX for a launch
     * calls cudaGetParameterBufferV2 and cudaLaunchDeviceV2). */
    if (!strncmp(name, "cuda", 4))
        cux_cgen_fail(g, insn, "call to '%s' in device code: the device-side "
                      "runtime API (dynamic parallelism) is not supported "
                      "by cux", name);
    else
        cux_cgen_fail(g, insn, "call to external function '%s', which cux "
                      "does not provide", name);
    return true;
}

static void module_call(cux_cgen *g, const cux_ptx_insn *insn, uint32_t callee,
                        const cux_ptx_operand *rets, const cux_ptx_operand *args)
{
    EMIT("    { char *const a_[] = {");
    for (uint32_t i = 0; i < rets->count; i++)
        EMIT("pv%u, ", list_elem(g, rets, i)->value);
    for (uint32_t i = 0; i < args->count; i++)
        EMIT("pv%u, ", list_elem(g, args, i)->value);
    /* Frames stack up in each lane's local memory; a recursion deeper
     * than the budget stops the kernel as a GPU's stack overflow does. */
    const uint32_t *frames = g->layout->frame_bytes;
    EMIT("0};\n      if ((uint64_t)lbase[0] - (uintptr_t)w->local + %uu + %uu > "
         "w->local_stride) {\n"
         "        blk->svc->trap(blk, w, __builtin_ctz(em), \"call stack overflow\", %u);\n"
         "        return CUX_WARP_FAULT;\n      }\n"
         "      if (cux_f%u(blk, w, em, lbase + %uu, a_)) return CUX_WARP_FAULT; }\n",
         frames[g->func_index], frames[callee], insn->line, callee,
         frames[g->func_index]);
}

bool cux_cgen_call(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_CALL)
        return false;
    const cux_ptx_operand *rets = cux_cgen_opnd(g, insn, 0);
    const cux_ptx_operand *target = cux_cgen_opnd(g, insn, 1);
    const cux_ptx_operand *args = insn->n_operands > 2 ? cux_cgen_opnd(g, insn, 2) : NULL;
    static const cux_ptx_operand no_args = {.kind = CUX_OPND_LIST};
    if (!args)
        args = &no_args;
    if (!check_param_list(g, insn, rets) || !check_param_list(g, insn, args))
        return true;
    if (target->kind == CUX_OPND_REG) {
        cux_cgen_indirect_call(g, insn, rets, args);
        return true;
    }
    const cux_ptx_func *callee = &g->module->funcs[target->value];
    if (callee->has_body)
        module_call(g, insn, target->value, rets, args);
    else
        runtime_call(g, insn, callee->name, rets, args);
    return true;
}
