/* xorwow_states.c: the XORWOW generator's 4096 states, as NVIDIA's host
 * generator keeps them (found by comparing with it; docs/curand.md).
 *
 * State s starts at subsequence s of the seed's sequence, 2^67 draws
 * past state s - 1.  Each group of results (one 32-bit number, uniform
 * or double; or one pair of normals) takes the next state in turn, the
 * cursor wrapping after 4096, and that state's next draws: one, two
 * (a double or a float pair) or four (a double pair).  An offset of o
 * results places the cursor at o mod 4096 and each state past the draws
 * that o single numbers would have taken from it. */
#include "curand_int.h"

#include <cux/curand_core.h>
#include <stdlib.h>

cux_xorwow_cache *cux_xorwow_cache_new(void)
{
    cux_xorwow_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->sub = malloc(CUX_XORWOW_SUBS * sizeof(*c->sub));
    if (!c->sub) {
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    c->refs = 1;
    return c;
}

void cux_xorwow_cache_put(cux_xorwow_cache *c)
{
    if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL))
        return;
    pthread_mutex_destroy(&c->lock);
    free(c->sub);
    free(c);
}

/* Offset o: states below o mod 4096 have given o / 4096 + 1 draws, the
 * others o / 4096.  One skip for all, then one 2^67 jump per state. */
void cux_xorwow_states_reset(cux_xorwow_cache *c, unsigned long long seed,
                             unsigned long long offset)
{
    unsigned int d, v[5];
    unsigned first = (unsigned)(offset % CUX_XORWOW_SUBS);
    cux_xorwow_seed(seed, &d, v);
    cux_xorwow_skip(&d, v, offset / CUX_XORWOW_SUBS);
    for (unsigned s = 0; s < CUX_XORWOW_SUBS; s++) {
        struct cux_xorwow_sub *x = &c->sub[s];
        x->d = d;
        for (int i = 0; i < 5; i++)
            x->v[i] = v[i];
        if (s < first)
            cux_xorwow_next(&x->d, x->v);
        cux_xorwow_jump(v, cux_xorwow_jump_table[67]);
    }
    c->cursor = first;
    c->seed = seed;
    c->valid = true;
}

void cux_xorwow_group(cux_xorwow_cache *c, unsigned per, unsigned int *out)
{
    struct cux_xorwow_sub *x = &c->sub[c->cursor];
    c->cursor = (c->cursor + 1) % CUX_XORWOW_SUBS;
    for (unsigned i = 0; i < per; i++)
        out[i] = cux_xorwow_next(&x->d, x->v);
}
