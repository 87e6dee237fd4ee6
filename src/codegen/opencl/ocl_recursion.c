/* ocl_recursion.c: functions on a recursive call chain.  OpenCL C
 * forbids recursion (and PoCL inlines every call, so copies of the
 * functions per depth grow exponentially), so each such function is
 * written twice: a resumable body, `int cux_fN_body(..., F_)`, whose
 * frame F_ on a private stack holds its resume point, parameters,
 * results and the registers it keeps across its calls; and, under the
 * function's usual name and signature, a driver, which the chain's
 * outside callers call as any function.  A call from a body to a
 * function of the chain puts the arguments in the frame after its own,
 * saves the registers the body reads after the call and returns the
 * callee's index; the driver runs the callee's body there, and when that
 * returns -1 (its `ret`) runs the caller again, which goes to the call,
 * restores its registers and takes the results.  The stack holds
 * CUX_OCL_STACK_BYTES; a call past it, past CUX_OCL_RECURSION_DEPTH
 * frames or past the local-memory frames the layout adds for recursion
 * fails the launch (kind 7), as a GPU's call-stack overflow does. */
#include "codegen/opencl/ocl.h"

enum { STACK_WORDS = CUX_OCL_STACK_BYTES / 8 };

static uint32_t words_of(uint64_t bytes)
{
    return (uint32_t)((bytes + 15) / 16 * 2);
}

static bool calls_chain(const ocl_gen *g, const cux_ptx_func *f,
                        const cux_ptx_insn *insn)
{
    if (insn->op != CUX_OP_CALL || insn->n_operands < 2)
        return false;
    const cux_ptx_operand *t = &f->operands[insn->first_operand + 1];
    return t->kind == CUX_OPND_FUNC && g->recursive[t->value];
}

static void mark_registers(const cux_ptx_func *f, const cux_ptx_operand *op,
                           uint8_t *kept)
{
    if (op->kind == CUX_OPND_REG ||
        (op->kind == CUX_OPND_ADDR && op->base_kind == CUX_OPND_REG))
        kept[op->value] = 1;
    else if (op->kind == CUX_OPND_VEC || op->kind == CUX_OPND_LIST)
        for (uint32_t e = 0; e < op->count; e++)
            mark_registers(f, &f->operands[op->first + e], kept);
}

/* The registers a body keeps in its frame across its calls on the
 * chain: those live after a call's basic block, and those the block
 * names after the call (call-site .param arrays are written before a
 * call and read after it, so they need no keeping). */
static uint8_t *kept_registers(const ocl_gen *g, uint32_t fi)
{
    const cux_ptx_func *f = &g->module->funcs[fi];
    const cux_func_analysis *a = &g->analysis->funcs[fi];
    uint8_t *kept = cux_arena_alloc(g->expr, f->n_regs + 1);
    for (uint32_t i = 0; i < f->n_insns; i++) {
        if (!calls_chain(g, f, &f->insns[i]))
            continue;
        uint32_t b = a->cfg.block_of_insn[i];
        for (uint32_t r = 0; r < f->n_regs; r++)
            kept[r] |= cux_liveness_out(&a->live, b, r);
        for (uint32_t j = i + 1; j < a->cfg.blocks[b].end; j++) {
            const cux_ptx_insn *after = &f->insns[j];
            if (after->guard >= 0)
                kept[after->guard] = 1;
            for (uint32_t o = 0; o < after->n_operands; o++)
                mark_registers(f, &f->operands[after->first_operand + o],
                               kept);
        }
    }
    return kept;
}

/* A body's frame, in 8-byte words from F_: the resume point, then its
 * parameters, results and kept registers, each part at an even word so
 * 16-byte values stay aligned. */
struct ocl_frame {
    bool ready;
    uint32_t params, rets, regs, words;
    const uint8_t *kept;
};
typedef struct ocl_frame frame_layout;

/* Function fi's frame, computed once per module. */
static const frame_layout *layout_of(ocl_gen *g, uint32_t fi)
{
    const cux_ptx_module *m = g->module;
    if (!g->frames)
        g->frames = cux_arena_alloc(g->expr,
                                    (m->n_funcs + 1) * sizeof *g->frames);
    frame_layout *l = &g->frames[fi];
    if (l->ready)
        return l;
    const cux_ptx_func *f = &m->funcs[fi];
    *l = (frame_layout){.ready = true, .params = 2,
                        .kept = kept_registers(g, fi)};
    uint32_t at = l->params;
    for (uint32_t i = 0; i < f->n_params; i++)
        at += words_of(m->vars[f->params[i]].size);
    l->rets = at;
    for (uint32_t i = 0; i < f->n_rets; i++)
        at += words_of(m->vars[f->rets[i]].size);
    l->regs = at;
    for (uint32_t r = 0; r < f->n_regs; r++)
        at += l->kept[r];
    l->words = (at + 1) / 2 * 2;
    return l;
}

static uint32_t param_word(ocl_gen *g, uint32_t fi, bool ret, uint32_t index)
{
    const cux_ptx_module *m = g->module;
    const cux_ptx_func *f = &m->funcs[fi];
    const frame_layout *l = layout_of(g, fi);
    const uint32_t *vars = ret ? f->rets : f->params;
    uint32_t at = ret ? l->rets : l->params;
    for (uint32_t i = 0; i < index; i++)
        at += words_of(m->vars[vars[i]].size);
    return at;
}

const char *cux_ocl_body_signature(ocl_gen *g, uint32_t fi)
{
    return FMT("int cux_f%u_body(__global uchar *A_, ulong AB_, "
               "__local uchar *S_, __private uchar *L_, uint SP_, "
               "__private ulong *F_)", fi);
}

/* Saves (or restores) the kept registers in F_. */
static void move_registers(ocl_gen *g, const frame_layout *l, bool save)
{
    const cux_ptx_func *f = g->func;
    uint32_t at = l->regs;
    for (uint32_t r = 0; r < f->n_regs; r++) {
        if (!l->kept[r])
            continue;
        const char *slot = FMT("*(__private %s *)(F_ + %u)",
                               cux_ocl_ctype((cux_ptx_type)f->regs[r].type),
                               at++);
        if (save)
            EMIT("    %s = r%u;\n", slot, r);
        else
            EMIT("    r%u = %s;\n", r, slot);
    }
}

/* Copies a .param variable between the call site and a frame, a byte
 * at a time: the code reads and writes .param bytes as other types, and
 * only character accesses may alias them all. */
static void move_param(ocl_gen *g, uint32_t v, const char *frame,
                       uint32_t word, bool into_frame)
{
    const char *slot = FMT("((__private uchar *)(%s + %u))", frame, word);
    const char *site = FMT("pv%u", v);
    EMIT("    for (uint i_ = 0; i_ < %uu; i_++) %s[i_] = %s[i_];\n",
         (unsigned)g->module->vars[v].size, into_frame ? slot : site,
         into_frame ? site : slot);
}

void cux_ocl_recursive_prologue(ocl_gen *g)
{
    const cux_ptx_func *f = g->func;
    for (uint32_t i = 0; i < f->n_params; i++)
        EMIT("    __private uchar *pv%u = (__private uchar *)(F_ + %u);\n",
             f->params[i], param_word(g, g->fi, false, i));
    for (uint32_t i = 0; i < f->n_rets; i++)
        EMIT("    __private uchar *pv%u = (__private uchar *)(F_ + %u);\n",
             f->rets[i], param_word(g, g->fi, true, i));
    /* one resume point per call on the chain, numbered from 1 in the
     * order cux_ocl_recursive_call meets them */
    uint32_t points = 0;
    for (uint32_t i = 0; i < f->n_insns; i++)
        points += calls_chain(g, f, &f->insns[i]);
    EMIT("    switch ((uint)F_[0]) {\n");
    for (uint32_t point = 1; point <= points; point++)
        EMIT("    case %uu: goto R%u_;\n", point, point);
    EMIT("    default: break;\n    }\n");
    g->resume = 0;
}

void cux_ocl_recursive_call(ocl_gen *g, uint32_t callee,
                            const cux_ptx_operand *rets,
                            const cux_ptx_operand *args)
{
    uint32_t point = ++g->resume;
    const frame_layout *l = layout_of(g, g->fi);
    EMIT("    {\n    __private ulong *C_ = F_ + %u;\n", l->words);
    for (uint32_t i = 0; i < args->count; i++)
        move_param(g, g->func->operands[args->first + i].value, "C_",
                   param_word(g, callee, false, i), true);
    move_registers(g, l, true);
    EMIT("    F_[0] = %u; return %u;\n    }\nR%u_: ;\n", point, callee,
         point);
    move_registers(g, l, false);
    EMIT("    {\n    __private ulong *C_ = F_ + %u;\n", l->words);
    for (uint32_t i = 0; i < rets->count; i++)
        move_param(g, g->func->operands[rets->first + i].value, "C_",
                   param_word(g, callee, true, i), false);
    EMIT("    }\n");
}

/* The recursive functions a driver may have to run: those that `fi`
 * reaches, itself included (`reach` is the module's call graph closed
 * over paths). */
static bool runs(const ocl_gen *g, const uint8_t *reach, uint32_t fi,
                 uint32_t c)
{
    return g->recursive[c] &&
           (c == fi || reach[(size_t)fi * g->module->n_funcs + c]);
}

void cux_ocl_recursive_driver(ocl_gen *g, uint32_t fi, const uint8_t *reach)
{
    const cux_ptx_module *m = g->module;
    const cux_ptx_func *f = &m->funcs[fi];
    const cux_layout *lay = g->layout;
    const frame_layout *l = layout_of(g, fi);
    EMIT("%s\n{\n", cux_ocl_func_signature(g, fi));
    EMIT("    ulong2 stk_[%u];\n"
         "    __private ulong *K_ = (__private ulong *)stk_;\n"
         "    uint fn_[%u], at_[%u], wd_[%u], fb_[%u], sp_[%u];\n"
         "    int top_ = 0;\n",
         STACK_WORDS / 2, CUX_OCL_RECURSION_DEPTH, CUX_OCL_RECURSION_DEPTH,
         CUX_OCL_RECURSION_DEPTH, CUX_OCL_RECURSION_DEPTH,
         CUX_OCL_RECURSION_DEPTH);
    EMIT("    fn_[0] = %uu; at_[0] = 0u; wd_[0] = %uu; fb_[0] = %uu;\n"
         "    sp_[0] = SP_; K_[0] = 0UL;\n", fi, l->words,
         lay->frame_bytes[fi]);
    for (uint32_t i = 0; i < f->n_params; i++)
        move_param(g, f->params[i], "K_", param_word(g, fi, false, i), true);
    EMIT("    for (;;) {\n"
         "    __private ulong *F_ = K_ + at_[top_];\n"
         "    int c_ = -1;\n"
         "    switch (fn_[top_]) {\n");
    for (uint32_t c = 0; c < m->n_funcs; c++)
        if (runs(g, reach, fi, c))
            EMIT("    case %uu: c_ = cux_f%u_body(A_, AB_, S_, L_, sp_[top_], "
                 "F_); break;\n", c, c);
    EMIT("    default: break;\n    }\n"
         "    if (cux_faulted(A_)) return;\n"
         "    if (c_ < 0) {\n"
         "        if (top_ == 0) break;\n"
         "        top_--; continue;\n    }\n"
         "    uint w_ = 0u, b_ = 0u;\n"
         "    switch (c_) {\n");
    for (uint32_t c = 0; c < m->n_funcs; c++)
        if (runs(g, reach, fi, c))
            EMIT("    case %u: w_ = %uu; b_ = %uu; break;\n", c,
                 layout_of(g, c)->words, lay->frame_bytes[c]);
    /* the callee's local-memory frame follows its caller's, all of them
     * within what the layout added to the kernel's for recursion */
    EMIT("    default: break;\n    }\n"
         "    uint next_ = at_[top_] + wd_[top_];\n"
         "    uint sp_next_ = sp_[top_] + fb_[top_];\n"
         "    if (top_ + 1 == %u || next_ + w_ > %uu ||\n"
         "        sp_next_ + b_ - SP_ > %uu) {\n"
         "        cux_bad_address(A_, (ulong)(top_ + 1), 7u); return;\n"
         "    }\n"
         "    top_++;\n"
         "    fn_[top_] = (uint)c_; at_[top_] = next_; wd_[top_] = w_;\n"
         "    fb_[top_] = b_; sp_[top_] = sp_next_; K_[next_] = 0UL;\n"
         "    }\n",
         CUX_OCL_RECURSION_DEPTH, STACK_WORDS,
         (unsigned)CUX_RECURSION_STACK_BYTES);
    for (uint32_t i = 0; i < f->n_rets; i++)
        move_param(g, f->rets[i], "K_", param_word(g, fi, true, i), false);
    EMIT("}\n\n");
}
