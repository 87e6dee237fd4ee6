/* postdom.c: immediate post-dominators, the reconvergence points of
 * divergent branches.  Iterative bit-set data flow over the reverse CFG:
 * functions have at most a few thousand blocks, so n^2 bits is cheap.
 * The post-dominators of a block form a chain, so its immediate one is
 * the strict post-dominator with the most post-dominators of its own. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

typedef struct bitsets {
    uint64_t *bits;
    uint32_t words; /* per set */
} bitsets;

static uint64_t *set_of(bitsets *sets, uint32_t block)
{
    return sets->bits + (size_t)block * sets->words;
}

static bool intersect_successors(cux_cfg *cfg, bitsets *sets, uint32_t b,
                                 uint64_t *scratch)
{
    const cux_cfg_block *block = &cfg->blocks[b];
    memset(scratch, 0xff, sets->words * sizeof(uint64_t));
    for (uint32_t s = 0; s < block->n_succ; s++) {
        if (block->succ[s] == CUX_CFG_EXIT) {
            memset(scratch, 0, sets->words * sizeof(uint64_t));
            break;
        }
        uint64_t *succ = set_of(sets, block->succ[s]);
        for (uint32_t w = 0; w < sets->words; w++)
            scratch[w] &= succ[w];
    }
    if (block->n_succ == 0)
        memset(scratch, 0, sets->words * sizeof(uint64_t));
    scratch[b / 64] |= 1ull << (b % 64);
    uint64_t *own = set_of(sets, b);
    if (!memcmp(own, scratch, sets->words * sizeof(uint64_t)))
        return false;
    memcpy(own, scratch, sets->words * sizeof(uint64_t));
    return true;
}

static uint32_t count_bits(const uint64_t *set, uint32_t words)
{
    uint32_t count = 0;
    for (uint32_t w = 0; w < words; w++)
        count += (uint32_t)__builtin_popcountll(set[w]);
    return count;
}

static uint32_t pick_ipdom(cux_cfg *cfg, bitsets *sets, uint32_t b)
{
    uint64_t *own = set_of(sets, b);
    uint32_t best = CUX_CFG_EXIT, best_count = 0;
    uint32_t n = cfg->n_blocks; /* bit n stays set while b cannot exit */
    if (own[n / 64] >> (n % 64) & 1)
        return CUX_CFG_EXIT; /* never reaches the exit: no reconvergence */
    for (uint32_t d = 0; d < cfg->n_blocks; d++) {
        if (d == b || !(own[d / 64] >> (d % 64) & 1))
            continue;
        uint32_t count = count_bits(set_of(sets, d), sets->words);
        if (count > best_count) {
            best = d;
            best_count = count;
        }
    }
    return best;
}

void cux_postdom_compute(cux_cfg *cfg)
{
    bitsets sets = {0};
    sets.words = (cfg->n_blocks + 64) / 64; /* one spare bit, see pick */
    sets.bits = cux_xcalloc((size_t)cfg->n_blocks * sets.words + 1,
                            sizeof(uint64_t));
    memset(sets.bits, 0xff,
           (size_t)cfg->n_blocks * sets.words * sizeof(uint64_t));
    uint64_t *scratch = cux_xcalloc(sets.words + 1, sizeof(uint64_t));
    bool changed = true;
    while (changed) {
        changed = false;
        for (uint32_t b = cfg->n_blocks; b-- > 0;)
            changed |= intersect_successors(cfg, &sets, b, scratch);
    }
    for (uint32_t b = 0; b < cfg->n_blocks; b++) {
        cfg->blocks[b].ipdom = pick_ipdom(cfg, &sets, b);
        if (cfg->blocks[b].n_succ == 2 &&
            cfg->blocks[b].ipdom != CUX_CFG_EXIT)
            cfg->blocks[cfg->blocks[b].ipdom].is_reconvergence = 1;
    }
    free(scratch);
    free(sets.bits);
}
