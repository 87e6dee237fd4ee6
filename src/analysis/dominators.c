/* dominators.c: the immediate dominator of every block (the iterative
 * algorithm of Cooper, Harvey and Kennedy over reverse postorder), so
 * that uniformity.c can tell that every lane reaching a block has passed
 * through another. */
#include "analysis.h"

#include <stdlib.h>

enum { NONE = UINT32_MAX };

/* Blocks reachable from the entry in reverse postorder; returns how many. */
static uint32_t reverse_postorder(const cux_cfg *cfg, uint32_t *order,
                                  uint32_t *number)
{
    uint32_t n = cfg->n_blocks, count = 0, top = 0;
    uint32_t *stack = cux_xcalloc(n + 1, sizeof(uint32_t));
    uint8_t *next_succ = cux_xcalloc(n + 1, 1), *seen = cux_xcalloc(n + 1, 1);
    uint32_t *post = cux_xcalloc(n + 1, sizeof(uint32_t));
    if (n) {
        stack[top++] = 0;
        seen[0] = 1;
    }
    while (top) {
        uint32_t b = stack[top - 1];
        if (next_succ[b] < cfg->blocks[b].n_succ) {
            uint32_t s = cfg->blocks[b].succ[next_succ[b]++];
            if (s != CUX_CFG_EXIT && !seen[s]) {
                seen[s] = 1;
                stack[top++] = s;
            }
        } else {
            post[count++] = b;
            top--;
        }
    }
    for (uint32_t i = 0; i < count; i++) {
        order[i] = post[count - 1 - i];
        number[order[i]] = i;
    }
    free(stack);
    free(next_succ);
    free(seen);
    free(post);
    return count;
}

uint32_t *cux_dominators_compute(const cux_cfg *cfg)
{
    uint32_t n = cfg->n_blocks;
    uint32_t *idom = cux_xcalloc(n + 1, sizeof(uint32_t));
    uint32_t *order = cux_xcalloc(n + 1, sizeof(uint32_t));
    uint32_t *number = cux_xcalloc(n + 1, sizeof(uint32_t));
    for (uint32_t b = 0; b < n; b++)
        idom[b] = NONE;
    uint32_t count = reverse_postorder(cfg, order, number);
    /* Predecessor lists: preds[first[b] .. first[b + 1]). */
    uint32_t *first = cux_xcalloc(n + 2, sizeof(uint32_t));
    uint32_t *preds = cux_xcalloc(2 * n + 1, sizeof(uint32_t));
    for (uint32_t b = 0; b < n; b++)
        for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
            if (cfg->blocks[b].succ[s] != CUX_CFG_EXIT)
                first[cfg->blocks[b].succ[s] + 2]++;
    for (uint32_t b = 0; b < n; b++)
        first[b + 2] += first[b + 1];
    for (uint32_t b = 0; b < n; b++)
        for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
            if (cfg->blocks[b].succ[s] != CUX_CFG_EXIT)
                preds[first[cfg->blocks[b].succ[s] + 1]++] = b;
    if (count)
        idom[0] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 1; i < count; i++) {
            uint32_t b = order[i], best = NONE;
            for (uint32_t j = first[b]; j < first[b + 1]; j++) {
                uint32_t p = preds[j];
                if (idom[p] == NONE)
                    continue;
                if (best == NONE) {
                    best = p;
                    continue;
                }
                uint32_t x = p, y = best;
                while (x != y) {
                    while (number[x] > number[y])
                        x = idom[x];
                    while (number[y] > number[x])
                        y = idom[y];
                }
                best = x;
            }
            if (best != NONE && idom[b] != best) {
                idom[b] = best;
                changed = true;
            }
        }
    }
    free(first);
    free(preds);
    free(order);
    free(number);
    return idom;
}

bool cux_dominates(const uint32_t *idom, uint32_t a, uint32_t b)
{
    if (idom[b] == NONE)
        return false; /* unreachable */
    for (;;) {
        if (a == b)
            return true;
        if (b == 0 || idom[b] == b)
            return false;
        b = idom[b];
    }
}

void cux_preds_compute(const cux_cfg *cfg, cux_preds *out)
{
    uint32_t nb = cfg->n_blocks;
    out->first = cux_xcalloc(nb + 2, sizeof(uint32_t));
    for (uint32_t b = 0; b < nb; b++)
        for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
            if (cfg->blocks[b].succ[s] < nb)
                out->first[cfg->blocks[b].succ[s] + 1]++;
    for (uint32_t b = 0; b < nb; b++)
        out->first[b + 1] += out->first[b];
    out->list = cux_xcalloc(out->first[nb] + 1, sizeof(uint32_t));
    uint32_t *fill = cux_xcalloc(nb + 1, sizeof(uint32_t));
    for (uint32_t b = 0; b < nb; b++)
        for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++) {
            uint32_t to = cfg->blocks[b].succ[s];
            if (to < nb)
                out->list[out->first[to] + fill[to]++] = b;
        }
    free(fill);
}

void cux_preds_free(cux_preds *p)
{
    free(p->first);
    free(p->list);
    p->first = p->list = NULL;
}

uint32_t cux_natural_loop(const cux_cfg *cfg, const uint32_t *idom,
                          const cux_preds *preds, uint32_t h, uint8_t *body,
                          uint32_t *work)
{
    uint32_t n = 0, size = 0;
    for (uint32_t b = 0; b < cfg->n_blocks; b++)
        for (uint32_t s = 0; s < cfg->blocks[b].n_succ; s++)
            if (cfg->blocks[b].succ[s] == h && idom[b] != NONE &&
                cux_dominates(idom, h, b) && !body[b]) {
                body[b] = 1;
                work[n++] = b;
                size++;
            }
    if (!n)
        return 0;
    if (!body[h])
        size++;
    body[h] = 1;
    while (n) {
        uint32_t b = work[--n];
        if (b == h)
            continue;
        for (uint32_t i = preds->first[b]; i < preds->first[b + 1]; i++) {
            uint32_t p = preds->list[i];
            if (!body[p] && idom[p] != NONE) {
                body[p] = 1;
                work[n++] = p;
                size++;
            }
        }
    }
    return size;
}
