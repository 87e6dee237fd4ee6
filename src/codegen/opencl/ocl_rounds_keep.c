/* ocl_rounds_keep.c: what a thread of a kernel in rounds keeps from
 * one round to the next goes through a private array.
 *
 * A thread stops at a sync point, and the round's dispatch takes it on
 * where it stopped, at the head of the round loop; to the OpenCL
 * compiler, every register live there goes round that loop.  Kept in
 * registers, each becomes a phi at the loop's head and others where the
 * stops meet (a CUB sort kernel: some 2,000 of its 3,000), and PoCL 3.1
 * turns each phi into an alloca whose uniformity its analysis checks
 * by copying its whole table of results, for every alloca: the work-
 * group function of Thrust's first sort kernel took 10 minutes to
 * generate.  So each stop stores the registers live where the thread
 * goes on into `cux_kp_`, a private array at an offset the compiler
 * cannot see (a volatile zero), which it can neither split nor promote,
 * and the dispatch loads them back before it jumps.  The round's
 * decision, which computes a collective's or bar.red's result, reads
 * the registers of its operands there and writes its results there,
 * which the dispatch loads with the rest.  Liveness is one thread's,
 * which a guarded write does not end. */
#include "codegen/opencl/ocl.h"

#include <stdlib.h>
#include <string.h>

struct ocl_keep {
    uint32_t *set_of_site; /* per site: its set's index + 1, or 0 */
    uint64_t *sets;        /* per set, `words` words of registers */
    uint32_t *slot;        /* per register: its element of cux_kp_ */
    uint32_t words, n_sets, n_sites, n_slots;
    bool deciding;         /* results go to cux_kp_ (the decision) */
};

static uint64_t *site_set(struct ocl_keep *k, uint32_t site)
{
    uint32_t s = k->set_of_site[site];
    return s ? k->sets + (size_t)(s - 1) * k->words : NULL;
}

static uint64_t *new_set(struct ocl_keep *k, uint32_t site)
{
    k->set_of_site[site] = ++k->n_sets;
    return k->sets + (size_t)(k->n_sets - 1) * k->words;
}

static void mark(uint64_t *set, uint32_t reg)
{
    set[reg / 64] |= 1ull << (reg % 64);
}

static bool marked(const uint64_t *set, uint32_t reg)
{
    return set[reg / 64] >> (reg % 64) & 1;
}

/* Marks the registers of insn's operands: its results (`results`) or
 * what it reads. */
static void mark_operands(const ocl_gen *g, const cux_ptx_insn *insn,
                          uint64_t *set, bool results)
{
    const cux_ptx_func *f = g->func;
    uint32_t dsts = cux_ptx_insn_dsts(insn);
    for (uint32_t i = results ? 0 : dsts;
         i < (results ? dsts : insn->n_operands) && i < insn->n_operands;
         i++) {
        const cux_ptx_operand *op = &f->operands[insn->first_operand + i];
        uint32_t n = op->kind == CUX_OPND_VEC ? op->count : 1;
        for (uint32_t e = 0; e < n; e++) {
            const cux_ptx_operand *el =
                op->kind == CUX_OPND_VEC ? &f->operands[op->first + e] : op;
            if (el->kind == CUX_OPND_REG ||
                (el->kind == CUX_OPND_ADDR && el->base_kind == CUX_OPND_REG))
                mark(set, el->value);
        }
    }
}

/* The label index of a branch's target, as ocl_rounds.c jumps to it. */
static uint32_t target_block(const ocl_gen *g, const cux_ptx_insn *bra)
{
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    uint32_t label = g->func->operands[bra->first_operand].value;
    return cfg->block_of_insn[g->func->labels[label].insn];
}

void cux_ocl_rounds_keep_begin(ocl_gen *g)
{
    const cux_ptx_func *f = g->func;
    const cux_cfg *cfg = &g->analysis->funcs[g->fi].cfg;
    cux_liveness live;
    cux_liveness_compute(f, cfg, NULL, &live);
    struct ocl_keep *k = cux_xcalloc(1, sizeof *k);
    k->words = live.words;
    k->n_sites = 2 * f->n_insns + 2;
    k->set_of_site = cux_xcalloc(k->n_sites, sizeof *k->set_of_site);
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->n_insns; i++)
        n += (cux_ocl_rounds_sync_point(&f->insns[i]) ||
              (g->cut[i] & CUT_BRANCH)) + !!(g->cut[i] & CUT_FALL);
    k->sets = cux_xcalloc((size_t)n * k->words + 1, sizeof *k->sets);
    for (uint32_t i = 0; i < f->n_insns; i++) {
        const cux_ptx_insn *insn = &f->insns[i];
        if (g->cut[i] & CUT_BRANCH) /* on at the loop's head */
            memcpy(new_set(k, i + 1),
                   live.in + (size_t)target_block(g, insn) * k->words,
                   k->words * sizeof(uint64_t));
        else if (cux_ocl_rounds_sync_point(insn)) {
            uint64_t *set = new_set(k, i + 1);
            cux_liveness_after(f, cfg, &live, i, set);
            if (cux_ocl_rounds_decides(g, insn)) {
                mark_operands(g, insn, set, true);
                mark_operands(g, insn, set, false);
            }
        }
        if (g->cut[i] & CUT_FALL) /* on before instruction i's labels */
            memcpy(new_set(k, f->n_insns + 1 + i),
                   live.in + (size_t)cfg->block_of_insn[i] * k->words,
                   k->words * sizeof(uint64_t));
    }
    cux_liveness_free(&live);
    k->slot = cux_xcalloc(f->n_regs + 1, sizeof *k->slot);
    for (uint32_t r = 0; r < f->n_regs; r++) {
        bool kept = false;
        for (uint32_t s = 0; s < k->n_sets && !kept; s++)
            kept = marked(k->sets + (size_t)s * k->words, r);
        k->slot[r] = kept ? k->n_slots++ : UINT32_MAX;
    }
    g->keep = k;
    if (k->n_slots)
        EMIT("    ulong cux_ka_[%u];\n"
             "    __private ulong *const cux_kp_ = cux_ka_ + cux_never_;\n",
             k->n_slots);
}

/* Each register of the site's set, stored (save: not the sync point's
 * results) or loaded. */
static const char *moves(ocl_gen *g, uint32_t site, bool save)
{
    struct ocl_keep *k = g->keep;
    const uint64_t *set = site < k->n_sites ? site_set(k, site) : NULL;
    if (!set)
        return "";
    /* the results the decision writes, unless it reads them too */
    uint64_t *results = cux_xcalloc(2 * (size_t)k->words, sizeof *results);
    uint64_t *operands = results + k->words;
    if (save && site <= g->func->n_insns &&
        cux_ocl_rounds_decides(g, &g->func->insns[site - 1])) {
        mark_operands(g, &g->func->insns[site - 1], results, true);
        mark_operands(g, &g->func->insns[site - 1], operands, false);
    }
    cux_strbuf text = {0};
    for (uint32_t r = 0; r < g->func->n_regs; r++) {
        if (!marked(set, r) || (marked(results, r) && !marked(operands, r)))
            continue;
        const char *type = cux_ocl_ctype((cux_ptx_type)g->func->regs[r].type);
        if (save)
            cux_strbuf_printf(&text, " *(__private %s *)(cux_kp_ + %u) = r%u;",
                              type, k->slot[r], r);
        else
            cux_strbuf_printf(&text, " r%u = *(__private %s *)(cux_kp_ + %u);",
                              r, type, k->slot[r]);
    }
    const char *out = FMT("%s", text.data ? text.data : "");
    cux_strbuf_free(&text);
    free(results);
    return out;
}

const char *cux_ocl_rounds_keep_save(ocl_gen *g, uint32_t site)
{
    return moves(g, site, true);
}

const char *cux_ocl_rounds_keep_restore(ocl_gen *g, uint32_t site)
{
    return moves(g, site, false);
}

void cux_ocl_rounds_keep_deciding(ocl_gen *g, bool on)
{
    if (g->keep)
        g->keep->deciding = on;
}

const char *cux_ocl_rounds_keep_result(ocl_gen *g, uint32_t reg)
{
    struct ocl_keep *k = g->keep;
    if (!k || !k->deciding || k->slot[reg] == UINT32_MAX)
        return NULL;
    return FMT("*(__private %s *)(cux_kp_ + %u)",
               cux_ocl_ctype((cux_ptx_type)g->func->regs[reg].type),
               k->slot[reg]);
}

void cux_ocl_rounds_keep_free(ocl_gen *g)
{
    if (!g->keep)
        return;
    free(g->keep->set_of_site);
    free(g->keep->sets);
    free(g->keep->slot);
    free(g->keep);
    g->keep = NULL;
}
