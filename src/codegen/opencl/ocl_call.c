/* ocl_call.c: calls.  A .func becomes an OpenCL function that takes the
 * memory context (arena, shared memory, frame area and where its frame
 * starts) and one private byte array per PTX parameter and return
 * parameter, which the caller's call-site .param variables are; a
 * libdevice function (__nv_*) is the prelude's OpenCL function of that
 * name, called with the values the call sequence stored.  Calls through
 * a register and the runtime's externals (printf, malloc, assert) are
 * not translated yet. */
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
    if (target->kind != CUX_OPND_FUNC) {
        cux_ocl_fail(g, insn, "a call through a register");
        return;
    }
    if (!param_list(g, insn, rets) || !param_list(g, insn, args))
        return;
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
            if (g->rounds) /* its block's rounds go on without it */
                cux_ocl_rounds_exit(g);
            else
                EMIT("    return;\n");
            return;
        }
        cux_ocl_fail(g, insn, "a call to '%s'", callee->name);
        return;
    }
    if (args->count != callee->n_params || rets->count != callee->n_rets) {
        cux_ocl_fail(g, insn, "a call whose arguments do not match '%s'",
                     callee->name);
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
}
