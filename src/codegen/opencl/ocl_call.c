/* ocl_call.c: calls.  A .func becomes an OpenCL function that takes the
 * memory context (arena, shared memory, frame area and where its frame
 * starts) and one private byte array per PTX parameter and return
 * parameter, which the caller's call-site .param variables are; a
 * libdevice function (__nv_*) is the prelude's OpenCL function of that
 * name, called with the values the call sequence stored; the runtime's
 * externals (printf, assert, malloc, free, new, delete) call the
 * prelude's services.  OpenCL C has no function pointers: a function's
 * address is a tag and its index (CUX_FUNC_ADDRESS), and a call through
 * a register is a switch over the functions whose address the module
 * takes and whose parameters match. */
#include "codegen/opencl/ocl.h"
#include "codegen/common/call_param.h"

#include <string.h>

const char *cux_ocl_func_signature(ocl_gen *g, uint32_t fi)
{
    const cux_ptx_func *f = &g->module->funcs[fi];
    const char *sig = FMT("void cux_f%u(__global uchar *A_, ulong AB_, "
                          "__local uchar *S_, __private uchar *L_, uint SP_",
                          fi);
    for (uint32_t i = 0; i < f->n_params; i++)
        sig = FMT("%s, __private uchar *pv%u", sig, f->params[i]);
    for (uint32_t i = 0; i < f->n_rets; i++)
        sig = FMT("%s, __private uchar *pv%u", sig, f->rets[i]);
    return FMT("%s)", sig);
}

static bool param_list(ocl_gen *g, const cux_ptx_insn *insn,
                       const cux_ptx_operand *list)
{
    if (list->kind != CUX_OPND_LIST) {
        cux_ocl_fail(g, insn, "a call of this form");
        return false;
    }
    for (uint32_t i = 0; i < list->count; i++) {
        const cux_ptx_operand *e = &g->func->operands[list->first + i];
        if (e->kind != CUX_OPND_VAR ||
            g->module->vars[e->value].space != CUX_SPACE_PARAM) {
            cux_ocl_fail(g, insn, "call arguments that are not .param "
                         "variables");
            return false;
        }
    }
    return true;
}

/* The libdevice functions that write through pointer arguments: the
 * prelude's take the memory context first. */
static bool takes_pointers(const char *name)
{
    static const char *const names[] = {
        "sincosf", "sincos", "sincospif", "sincospi", "frexpf", "frexp",
        "modff", "modf", "remquof", "remquo", "nanf", "nan",
        "fast_sincosf", "normf", "norm", "rnormf", "rnorm",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name + 5, names[i]))
            return true;
    return false;
}

static void libdevice_call(ocl_gen *g, const cux_ptx_insn *insn,
                           const char *name, const cux_ptx_operand *rets,
                           const cux_ptx_operand *args)
{
    const char *values = takes_pointers(name) ? "A_, AB_, S_, L_" : "";
    for (uint32_t i = 0; i < args->count; i++) {
        uint32_t v = g->func->operands[args->first + i].value;
        cux_ptx_type t = cux_call_param_type(g->func, insn, v, false);
        if (t == CUX_T_NONE) {
            cux_ocl_fail(g, insn, "an argument of %s that is never stored",
                         name);
            return;
        }
        if (t == CUX_T_F64)
            g->uses_f64 = true;
        values = FMT("%s%s*(__private %s *)pv%u", values, *values ? ", " : "",
                     cux_ocl_mtype(t), v);
    }
    if (!rets->count) {
        EMIT("    %s(%s);\n", name, values);
        return;
    }
    uint32_t r = g->func->operands[rets->first].value;
    cux_ptx_type rt = cux_call_param_type(g->func, insn, r, true);
    if (rt == CUX_T_NONE) /* the result is never read */
        rt = CUX_T_B64;
    if (rt == CUX_T_F64)
        g->uses_f64 = true;
    EMIT("    *(__private %s *)pv%u = %s(%s);\n", cux_ocl_mtype(rt), r, name,
         values);
}

/* The value of a call's 8-byte .param variable `v`; NULL when it has
 * another size. */
static const char *param_u64(ocl_gen *g, uint32_t v)
{
    if (g->module->vars[v].size != 8)
        return NULL;
    return FMT("*(__private ulong *)pv%u", v);
}

/* malloc, free and C++'s new and delete (cux_heap_op_of): the device
 * heap's (32_malloc.cl).  new of 0 bytes is a distinct object, as in
 * C++; a failed new returns NULL, as device code has no exceptions. */
static bool heap_call(ocl_gen *g, const cux_ptx_insn *insn, const char *name,
                      const cux_ptx_operand *rets, const cux_ptx_operand *args)
{
    cux_heap_op op = cux_heap_op_of(name);
    if (op == CUX_HEAP_NONE)
        return false;
    bool alloc = op != CUX_HEAP_FREE;
    uint32_t needed = op == CUX_HEAP_NEW_ALIGNED ? 2 : 1;
    const char *arg[2] = {NULL, NULL};
    for (uint32_t i = 0; i < needed && i < args->count; i++)
        arg[i] = param_u64(g, g->func->operands[args->first + i].value);
    const char *ret = alloc && rets->count == 1
        ? param_u64(g, g->func->operands[rets->first].value) : NULL;
    if (args->count < needed || !arg[0] || (needed == 2 && !arg[1]) ||
        rets->count != (alloc ? 1u : 0u) || (alloc && !ret)) {
        cux_ocl_fail(g, insn, "a call to '%s' with parameters that are not "
                     "its 64-bit size and pointer", name);
        return true;
    }
    if (!alloc) {
        EMIT("    cux_free(A_, AB_, %s);\n", arg[0]);
        return true;
    }
    const char *size = op == CUX_HEAP_MALLOC
        ? arg[0] : FMT("(%s ? %s : 1UL)", arg[0], arg[0]);
    EMIT("    %s = cux_malloc(A_, AB_, %s, %s);\n", ret, size,
         op == CUX_HEAP_NEW_ALIGNED ? arg[1] : "16UL");
    return true;
}

/* Whether address-taken function `callee` fits an indirect call with
 * n_args arguments and n_rets results. */
static bool indirect_candidate(const cux_ptx_module *m, const cux_layout *l,
                               uint32_t callee, uint32_t n_args,
                               uint32_t n_rets)
{
    const cux_ptx_func *f = &m->funcs[callee];
    return f->has_body && !f->is_entry && l->address_taken[callee] &&
           f->n_params == n_args && f->n_rets == n_rets;
}

bool cux_ocl_calls_indirectly(const cux_ptx_module *m, const cux_layout *l,
                              uint32_t caller, uint32_t callee)
{
    const cux_ptx_func *f = &m->funcs[caller];
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (insn->op != CUX_OP_CALL || insn->n_operands < 2)
            continue;
        const cux_ptx_operand *rets = &f->operands[insn->first_operand];
        const cux_ptx_operand *t = &f->operands[insn->first_operand + 1];
        uint32_t n_args = insn->n_operands > 2
            ? f->operands[insn->first_operand + 2].count : 0;
        if (t->kind == CUX_OPND_REG &&
            indirect_candidate(m, l, callee, n_args, rets->count))
            return true;
    }
    return false;
}

/* After a call into a recursive chain from outside it: where the chain
 * failed the launch (its stack overflowed, or a thread trapped in it)
 * the thread ends instead of running on with results never computed. */
static void after_recursive_call(ocl_gen *g)
{
    EMIT("    if (cux_faulted(A_)) {\n");
    cux_ocl_leave(g);
    EMIT("    }\n");
}

/* call through a register: the function whose tagged index it holds,
 * among the candidates; any other value (a null pointer) faults the
 * launch as an illegal address, as a GPU's call through it would. */
static void indirect_call(ocl_gen *g, const cux_ptx_insn *insn,
                          const cux_ptx_operand *target,
                          const cux_ptx_operand *rets,
                          const cux_ptx_operand *args)
{
    const char *list = "";
    for (uint32_t i = 0; i < args->count; i++)
        list = FMT("%s, pv%u", list, g->func->operands[args->first + i].value);
    for (uint32_t i = 0; i < rets->count; i++)
        list = FMT("%s, pv%u", list, g->func->operands[rets->first + i].value);
    const char *fp = cux_ocl_src_operand(g, insn, target, CUX_T_U64);
    bool recursive = false;
    EMIT("    switch (%s) {\n", fp);
    for (uint32_t c = 0; c < g->module->n_funcs; c++)
        if (indirect_candidate(g->module, g->layout, c, args->count,
                               rets->count)) {
            EMIT("    case CUX_FUNC_ADDRESS(%uUL): cux_f%u(A_, AB_, S_, L_, "
                 "SP_ + %uu%s); break;\n", c, c,
                 g->layout->frame_bytes[g->fi], list);
            recursive = recursive || (g->recursive && g->recursive[c]);
        }
    EMIT("    default: cux_bad_address(A_, %s, 1u); break;\n    }\n", fp);
    /* a body's call on its chain must go through its driver's stack */
    if (recursive && g->body)
        cux_ocl_fail(g, insn, "recursion through a call through a register");
    else if (recursive)
        after_recursive_call(g);
}

void cux_ocl_call(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (insn->n_operands < 2) {
        cux_ocl_fail(g, insn, "a call of this form");
        return;
    }
    const cux_ptx_operand *rets = cux_ocl_opnd(g, insn, 0);
    const cux_ptx_operand *target = cux_ocl_opnd(g, insn, 1);
    cux_ptx_operand none = {.kind = CUX_OPND_LIST};
    const cux_ptx_operand *args =
        insn->n_operands > 2 ? cux_ocl_opnd(g, insn, 2) : &none;
    if (target->kind != CUX_OPND_FUNC && target->kind != CUX_OPND_REG) {
        cux_ocl_fail(g, insn, "a call of this target");
        return;
    }
    if (!param_list(g, insn, rets) || !param_list(g, insn, args))
        return;
    if (target->kind == CUX_OPND_REG) {
        indirect_call(g, insn, target, rets, args);
        return;
    }
    const cux_ptx_func *callee = &g->module->funcs[target->value];
    if (!callee->has_body) {
        if (!strncmp(callee->name, "__nv_", 5)) {
            libdevice_call(g, insn, callee->name, rets, args);
            return;
        }
        if (!strcmp(callee->name, "vprintf") && args->count == 2 &&
            rets->count == 1) {
            g->uses_printf = true;
            EMIT("    *(__private int *)pv%u = cux_vprintf(A_, AB_, S_, L_, "
                 "*(__private ulong *)pv%u, *(__private ulong *)pv%u);\n",
                 g->func->operands[rets->first].value,
                 g->func->operands[args->first].value,
                 g->func->operands[args->first + 1].value);
            return;
        }
        if (!strcmp(callee->name, "__assertfail") && args->count >= 4) {
            /* the thread ends here, as on a GPU; the launch fails */
            g->uses_printf = true;
            const cux_ptx_operand *a = &g->func->operands[args->first];
            EMIT("    cux_assert_fail(*(__private ulong *)pv%u, "
                 "*(__private ulong *)pv%u, *(__private uint *)pv%u, "
                 "*(__private ulong *)pv%u, A_);\n",
                 a[0].value, a[1].value, a[2].value, a[3].value);
            cux_ocl_leave(g); /* a block in rounds goes on without it */
            return;
        }
        if (heap_call(g, insn, callee->name, rets, args))
            return;
        /* a conditional graph node's value: the handle is the address of
         * a host word the runtime lets kernels use in place */
        if (!strcmp(callee->name, "cudaGraphSetConditional") &&
            args->count == 2 && !rets->count) {
            const char *h = param_u64(g, g->func->operands[args->first].value);
            uint32_t v = g->func->operands[args->first + 1].value;
            if (h && g->module->vars[v].size == 4) {
                EMIT("    cux_graph_set_conditional(A_, AB_, %s, "
                     "*(__private uint *)pv%u);\n", h, v);
                return;
            }
        }
        cux_ocl_fail(g, insn, "a call to '%s'", callee->name);
        return;
    }
    if (args->count != callee->n_params || rets->count != callee->n_rets) {
        cux_ocl_fail(g, insn, "a call whose arguments do not match '%s'",
                     callee->name);
        return;
    }
    bool recursive = g->recursive && g->recursive[target->value];
    if (recursive && g->body) {
        cux_ocl_recursive_call(g, target->value, rets, args);
        return;
    }
    const char *list = "";
    for (uint32_t i = 0; i < args->count; i++)
        list = FMT("%s, pv%u", list, g->func->operands[args->first + i].value);
    for (uint32_t i = 0; i < rets->count; i++)
        list = FMT("%s, pv%u", list, g->func->operands[rets->first + i].value);
    /* the callee's frame follows the caller's in the frame area */
    EMIT("    cux_f%u(A_, AB_, S_, L_, SP_ + %uu%s);\n", target->value,
         g->layout->frame_bytes[g->fi], list);
    if (recursive)
        after_recursive_call(g);
}
