/* layout.c: where a module's variables live and what each kernel needs
 * to run, the same for every device: offsets of .shared variables in a
 * block's shared memory (static ones first, extern ones after, at the
 * largest alignment they ask for), of .local variables in their
 * function's frame, and of kernel parameters in the packed parameter
 * buffer; per kernel the shared memory it references, its local memory
 * including the deepest call chain, and whether it uses block barriers.
 * A call through a register may reach any function whose address the
 * module takes (an operand other than a call's target, or a function in
 * an initializer such as a vtable), so it counts as a call to each. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

uint32_t cux_layout_var_align(const cux_ptx_var *var)
{
    if (var->align)
        return var->align;
    uint32_t size = cux_ptx_type_size((cux_ptx_type)var->type);
    return size ? size * (var->vec ? var->vec : 1) : 1;
}

bool cux_layout_is_module_data(const cux_ptx_var *var)
{
    return var->func < 0 &&
           (var->space == CUX_SPACE_GLOBAL || var->space == CUX_SPACE_CONST);
}

int32_t cux_layout_reloc_owner(const cux_ptx_module *module, uint32_t reloc)
{
    for (uint32_t v = 0; v < module->n_vars; v++) {
        const cux_ptx_var *var = &module->vars[v];
        if (var->n_relocs && reloc >= var->first_reloc &&
            reloc < var->first_reloc + var->n_relocs)
            return (int32_t)v;
    }
    return -1;
}

static uint32_t align_up(uint32_t value, uint32_t align)
{
    return (value + align - 1) / align * align;
}

static bool is_dynamic_shared(const cux_ptx_var *var)
{
    return var->space == CUX_SPACE_SHARED &&
           (var->linkage == CUX_LINK_EXTERN || var->unsized);
}

static void layout_shared(const cux_ptx_module *m, cux_layout *l)
{
    uint32_t offset = 0, dyn_align = 16;
    for (uint32_t v = 0; v < m->n_vars; v++) {
        const cux_ptx_var *var = &m->vars[v];
        if (var->space != CUX_SPACE_SHARED)
            continue;
        if (is_dynamic_shared(var)) {
            if (cux_layout_var_align(var) > dyn_align)
                dyn_align = cux_layout_var_align(var);
            continue;
        }
        offset = align_up(offset, cux_layout_var_align(var));
        l->shared_offset[v] = offset;
        offset += (uint32_t)var->size;
    }
    l->shared_static = offset;
    l->shared_dynamic_offset = align_up(offset, dyn_align);
    for (uint32_t v = 0; v < m->n_vars; v++)
        if (is_dynamic_shared(&m->vars[v]))
            l->shared_offset[v] = l->shared_dynamic_offset;
}

/* Local variables get offsets in their function's frame; kernel
 * parameters get offsets in the packed parameter buffer. */
static void layout_frames(const cux_ptx_module *m, cux_layout *l)
{
    for (uint32_t f = 0; f < m->n_funcs; f++) {
        const cux_ptx_func *func = &m->funcs[f];
        uint32_t offset = 0;
        for (uint32_t i = 0; i < func->n_locals; i++) {
            const cux_ptx_var *var = &m->vars[func->locals[i]];
            if (var->space != CUX_SPACE_LOCAL)
                continue;
            offset = align_up(offset, cux_layout_var_align(var));
            l->local_offset[func->locals[i]] = offset;
            offset += (uint32_t)var->size;
        }
        l->frame_bytes[f] = align_up(offset, 16);
        if (!func->is_entry)
            continue;
        offset = 0;
        for (uint32_t i = 0; i < func->n_params; i++) {
            const cux_ptx_var *var = &m->vars[func->params[i]];
            offset = align_up(offset, cux_layout_var_align(var));
            l->local_offset[func->params[i]] = offset;
            l->kernel_param[func->params[i]] = 1;
            offset += (uint32_t)var->size;
        }
    }
}

static void mark_address_taken(const cux_ptx_module *m, cux_layout *l)
{
    for (uint32_t r = 0; r < m->n_relocs; r++)
        if (m->relocs[r].target_is_func)
            l->address_taken[m->relocs[r].target] = 1;
    for (uint32_t f = 0; f < m->n_funcs; f++) {
        const cux_ptx_func *func = &m->funcs[f];
        uint8_t *target = cux_xcalloc(func->n_operands + 1, 1);
        for (const cux_ptx_insn *i = func->insns;
             i < func->insns + func->n_insns; i++)
            if (i->op == CUX_OP_CALL && i->n_operands > 1)
                target[i->first_operand + 1] = 1;
        for (uint32_t o = 0; o < func->n_operands; o++)
            if (func->operands[o].kind == CUX_OPND_FUNC && !target[o])
                l->address_taken[func->operands[o].value] = 1;
        free(target);
    }
}

/* Whether f may call callee: directly, or through a register when the
 * callee's address is taken. */
static bool calls(const cux_ptx_func *f, const cux_layout *l, uint32_t callee)
{
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (insn->op == CUX_OP_CALL && insn->n_operands > 1) {
            const cux_ptx_operand *t = &f->operands[insn->first_operand + 1];
            if (t->kind == CUX_OPND_FUNC ? t->value == callee
                                         : l->address_taken[callee])
                return true;
        }
    }
    return false;
}

/* Local bytes of f and its deepest call chain, ignoring recursive calls
 * (those are bounded at run time by the call-stack budget). */
static uint32_t stack_bytes(const cux_ptx_module *m, const cux_layout *l,
                            uint32_t f, uint8_t *visiting, bool *recursive)
{
    uint32_t deepest = 0;
    visiting[f] = 1;
    for (uint32_t c = 0; c < m->n_funcs; c++) {
        if (!m->funcs[c].has_body || !calls(&m->funcs[f], l, c))
            continue;
        if (visiting[c]) {
            *recursive = true;
            continue;
        }
        uint32_t below = stack_bytes(m, l, c, visiting, recursive);
        if (below > deepest)
            deepest = below;
    }
    visiting[f] = 0;
    return l->frame_bytes[f] + deepest;
}

static void mark_shared_uses(const cux_ptx_module *m, const cux_layout *l,
                             uint32_t f, uint8_t *used, uint8_t *seen)
{
    const cux_ptx_func *func = &m->funcs[f];
    if (seen[f])
        return;
    seen[f] = 1;
    for (uint32_t i = 0; i < func->n_operands; i++) {
        const cux_ptx_operand *op = &func->operands[i];
        bool var = op->kind == CUX_OPND_VAR ||
                   (op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_VAR);
        if (var && m->vars[op->value].space == CUX_SPACE_SHARED)
            used[op->value] = 1;
        if (op->kind == CUX_OPND_FUNC && m->funcs[op->value].has_body)
            mark_shared_uses(m, l, op->value, used, seen);
    }
    for (uint32_t c = 0; c < m->n_funcs; c++)
        if (m->funcs[c].has_body && l->address_taken[c] && calls(func, l, c))
            mark_shared_uses(m, l, c, used, seen);
}

cux_heap_op cux_heap_op_of(const char *name)
{
    static const struct {
        const char *name;
        cux_heap_op op;
    } ops[] = {
        {"malloc", CUX_HEAP_MALLOC},
        {"free", CUX_HEAP_FREE},
        {"_Znwm", CUX_HEAP_NEW},
        {"_Znam", CUX_HEAP_NEW},
        {"_ZnwmSt11align_val_t", CUX_HEAP_NEW_ALIGNED},
        {"_ZnamSt11align_val_t", CUX_HEAP_NEW_ALIGNED},
        {"_ZdlPv", CUX_HEAP_FREE},
        {"_ZdaPv", CUX_HEAP_FREE},
        {"_ZdlPvm", CUX_HEAP_FREE},
        {"_ZdaPvm", CUX_HEAP_FREE},
        {"_ZdlPvSt11align_val_t", CUX_HEAP_FREE},
        {"_ZdaPvSt11align_val_t", CUX_HEAP_FREE},
        {"_ZdlPvmSt11align_val_t", CUX_HEAP_FREE},
        {"_ZdaPvmSt11align_val_t", CUX_HEAP_FREE},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(name, ops[i].name))
            return ops[i].op;
    return CUX_HEAP_NONE;
}

/* Which of the runtime's services the calls of f and of what it may call
 * reach: the heap (bit 1) and printf (bit 2).  cudaDeviceSetLimit refuses
 * to resize either once a kernel that uses it has been launched. */
enum { USES_HEAP = 1, USES_PRINTF = 2 };

static unsigned services_used(const cux_ptx_module *m, const cux_layout *l,
                              uint32_t f, uint8_t *seen)
{
    const cux_ptx_func *func = &m->funcs[f];
    unsigned used = 0;
    if (seen[f])
        return 0;
    seen[f] = 1;
    for (uint32_t i = 0; i < func->n_insns; i++) {
        const cux_ptx_insn *insn = &func->insns[i];
        if (insn->op != CUX_OP_CALL || insn->n_operands < 2)
            continue;
        const cux_ptx_operand *t = &func->operands[insn->first_operand + 1];
        if (t->kind != CUX_OPND_FUNC)
            continue;
        const cux_ptx_func *callee = &m->funcs[t->value];
        if (callee->has_body)
            used |= services_used(m, l, t->value, seen);
        else if (cux_heap_op_of(callee->name) != CUX_HEAP_NONE)
            used |= USES_HEAP;
        else if (!strcmp(callee->name, "vprintf"))
            used |= USES_PRINTF;
    }
    for (uint32_t c = 0; c < m->n_funcs; c++) /* calls through registers */
        if (m->funcs[c].has_body && l->address_taken[c] && calls(func, l, c))
            used |= services_used(m, l, c, seen);
    return used;
}

static bool has_block_barrier(const cux_ptx_func *func)
{
    for (uint32_t i = 0; i < func->n_insns; i++)
        if ((cux_ptx_opcode_flags[func->insns[i].op] & CUX_PTX_OPF_BARRIER) &&
            func->insns[i].mode != CUX_MODE_WARP_SYNC)
            return true;
    return false;
}

static void describe_kernel(const cux_ptx_module *m, const cux_layout *l,
                            uint32_t f, cux_kernel_facts *k)
{
    const cux_ptx_func *func = &m->funcs[f];
    k->func = f;
    k->params = cux_xcalloc(func->n_params + 1, sizeof(*k->params));
    for (uint32_t i = 0; i < func->n_params; i++) {
        k->params[i].offset = l->local_offset[func->params[i]];
        k->params[i].size = (uint32_t)m->vars[func->params[i]].size;
        k->param_bytes = k->params[i].offset + k->params[i].size;
    }
    uint8_t *scratch = cux_xcalloc(m->n_funcs + 1, 1);
    k->local_bytes = stack_bytes(m, l, f, scratch, &k->recursive);
    if (k->recursive)
        k->local_bytes += CUX_RECURSION_STACK_BYTES;
    memset(scratch, 0, m->n_funcs + 1);
    uint8_t *used = cux_xcalloc(m->n_vars + 1, 1);
    mark_shared_uses(m, l, f, used, scratch);
    for (uint32_t v = 0; v < m->n_vars; v++)
        if (used[v] && !is_dynamic_shared(&m->vars[v]))
            k->static_smem += (uint32_t)m->vars[v].size;
    free(used);
    memset(scratch, 0, m->n_funcs + 1);
    unsigned services = services_used(m, l, f, scratch);
    k->uses_heap = services & USES_HEAP;
    k->uses_printf = services & USES_PRINTF;
    free(scratch);
    k->uses_barrier = has_block_barrier(func);
}

void cux_layout_compute(const cux_ptx_module *m, cux_layout *l)
{
    memset(l, 0, sizeof(*l));
    l->shared_offset = cux_xcalloc(m->n_vars + 1, sizeof(uint32_t));
    l->local_offset = cux_xcalloc(m->n_vars + 1, sizeof(uint32_t));
    l->kernel_param = cux_xcalloc(m->n_vars + 1, 1);
    l->frame_bytes = cux_xcalloc(m->n_funcs + 1, sizeof(uint32_t));
    l->kernels = cux_xcalloc(m->n_funcs + 1, sizeof(cux_kernel_facts));
    l->address_taken = cux_xcalloc(m->n_funcs + 1, 1);
    mark_address_taken(m, l);
    layout_shared(m, l);
    layout_frames(m, l);
    for (uint32_t f = 0; f < m->n_funcs; f++)
        if (m->funcs[f].is_entry && m->funcs[f].has_body)
            describe_kernel(m, l, f, &l->kernels[l->n_kernels++]);
}

void cux_layout_free(cux_layout *l)
{
    for (uint32_t k = 0; k < l->n_kernels; k++)
        free(l->kernels[k].params);
    free(l->kernels);
    free(l->shared_offset);
    free(l->local_offset);
    free(l->kernel_param);
    free(l->frame_bytes);
    free(l->address_taken);
    memset(l, 0, sizeof(*l));
}

void cux_layout_print(const cux_ptx_module *m, const cux_layout *l,
                      cux_strbuf *out)
{
    cux_strbuf_printf(out, "shared: static %u, dynamic at %u\n",
                      l->shared_static, l->shared_dynamic_offset);
    for (uint32_t v = 0; v < m->n_vars; v++) {
        const cux_ptx_var *var = &m->vars[v];
        if (var->space == CUX_SPACE_SHARED)
            cux_strbuf_printf(out, "  .shared %s at %u\n", var->name,
                              l->shared_offset[v]);
    }
    for (uint32_t f = 0; f < m->n_funcs; f++) {
        const cux_ptx_func *func = &m->funcs[f];
        if (!func->has_body)
            continue;
        cux_strbuf_printf(out, "%s %s: frame %u\n",
                          func->is_entry ? ".entry" : ".func", func->name,
                          l->frame_bytes[f]);
        for (uint32_t i = 0; i < func->n_locals; i++) {
            const cux_ptx_var *var = &m->vars[func->locals[i]];
            if (var->space == CUX_SPACE_LOCAL)
                cux_strbuf_printf(out, "  .local %s at %u\n", var->name,
                                  l->local_offset[func->locals[i]]);
        }
    }
    for (uint32_t k = 0; k < l->n_kernels; k++) {
        const cux_kernel_facts *kf = &l->kernels[k];
        const cux_ptx_func *func = &m->funcs[kf->func];
        cux_strbuf_printf(out, "kernel %s: params %u bytes [", func->name,
                          kf->param_bytes);
        for (uint32_t i = 0; i < func->n_params; i++)
            cux_strbuf_printf(out, "%s%u+%u", i ? " " : "",
                              kf->params[i].offset, kf->params[i].size);
        cux_strbuf_printf(out, "], shared %u, local %u%s%s%s%s\n",
                          kf->static_smem, kf->local_bytes,
                          kf->recursive ? ", recursive" : "",
                          kf->uses_barrier ? ", barriers" : "",
                          kf->uses_heap ? ", heap" : "",
                          kf->uses_printf ? ", printf" : "");
    }
}
