/* states.c: the XORWOW and MRG32k3a generators' states, as NVIDIA's host
 * generators keep them (found by comparing with them; docs/curand.md).
 *
 * State s starts at subsequence s of the seed's sequence (2^67 draws past
 * state s - 1 for XORWOW, 2^76 for MRG32k3a).  Each group of results (one
 * number, or one pair of normals) takes the next state in turn, the
 * cursor wrapping after the last, and that state's next draws.  An offset
 * of o results places the cursor at o mod count and each state past the
 * draws that o single numbers would have taken from it. */
#include "curand_int.h"

#include <cux/curand_core.h>
#include <stdlib.h>

cux_rand_states *cux_rand_states_new(curandRngType_t type)
{
    cux_rand_states *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->type = type;
    if (type == CURAND_RNG_PSEUDO_MTGP32) {
        if (!cux_mtgp_alloc(c)) {
            free(c);
            return NULL;
        }
    } else if (type == CURAND_RNG_PSEUDO_MRG32K3A) {
        c->count = 81920;
        c->mrg = malloc(c->count * sizeof(*c->mrg));
    } else {
        c->count = 4096;
        c->xorwow = malloc(c->count * sizeof(*c->xorwow));
    }
    if (!c->mrg && !c->xorwow && !c->mtgp) {
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    c->refs = 1;
    return c;
}

void cux_rand_states_put(cux_rand_states *c)
{
    if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL))
        return;
    pthread_mutex_destroy(&c->lock);
    free(c->xorwow);
    free(c->mrg);
    free(c->mtgp);
    free(c);
}

/* States below `first` have given one draw more than the others. */
static void reset_xorwow(cux_rand_states *c, unsigned long long seed,
                         unsigned long long draws, unsigned first)
{
    unsigned int d, v[5];
    cux_xorwow_seed(seed, &d, v);
    cux_xorwow_skip(&d, v, draws);
    for (unsigned s = 0; s < c->count; s++) {
        struct cux_xorwow_sub *x = &c->xorwow[s];
        x->d = d;
        for (int i = 0; i < 5; i++)
            x->v[i] = v[i];
        if (s < first)
            cux_xorwow_next(&x->d, x->v);
        cux_xorwow_jump(v, cux_xorwow_jump_table[67]);
    }
}

static void reset_mrg(cux_rand_states *c, unsigned long long seed,
                      unsigned long long draws, unsigned first)
{
    unsigned int s1[3], s2[3];
    cux_mrg_seed(seed, s1, s2);
    cux_mrg_jumps(s1, s2, draws, 0);
    for (unsigned s = 0; s < c->count; s++) {
        struct cux_mrg_sub *x = &c->mrg[s];
        for (int i = 0; i < 3; i++) {
            x->s1[i] = s1[i];
            x->s2[i] = s2[i];
        }
        if (s < first)
            cux_mrg_next(x->s1, x->s2);
        cux_mrg_jumps(s1, s2, 1, 76);
    }
}

/* One skip for all, then one subsequence jump per state. */
void cux_rand_states_reset(cux_rand_states *c, unsigned long long seed,
                           unsigned long long offset)
{
    unsigned first = (unsigned)(offset % c->count);
    if (c->mrg)
        reset_mrg(c, seed, offset / c->count, first);
    else
        reset_xorwow(c, seed, offset / c->count, first);
    c->cursor = first;
    c->seed = seed;
    c->valid = true;
}

void cux_xorwow_group(cux_rand_states *c, unsigned per, unsigned int *out)
{
    struct cux_xorwow_sub *x = &c->xorwow[c->cursor];
    c->cursor = (c->cursor + 1) % c->count;
    for (unsigned i = 0; i < per; i++)
        out[i] = cux_xorwow_next(&x->d, x->v);
}

void cux_mrg_group(cux_rand_states *c, unsigned per, double *out)
{
    struct cux_mrg_sub *x = &c->mrg[c->cursor];
    c->cursor = (c->cursor + 1) % c->count;
    for (unsigned i = 0; i < per; i++)
        out[i] = cux_mrg_next(x->s1, x->s2);
}
