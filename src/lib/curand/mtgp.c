/* mtgp.c: the host API's MTGP32 generator, laid out as NVIDIA's host
 * generator lays it out (found by comparing with it; docs/curand.md):
 *
 *  - S states: 192 for CURAND_ORDERING_PSEUDO_DEFAULT and _BEST, 64 for
 *    _LEGACY; state k with the authors' parameter set k and seed
 *    fold(seed) + k + 1, as curandMakeMTGP32KernelState seeds a state per
 *    block (cux/curand_mtgp32_core.h);
 *  - results in blocks of 256, the blocks taking the states in turn:
 *    result e is draw (e / (256 S)) * 256 + e % 256 of state (e / 256) % S
 *    (a GPU block of 256 threads making 256 words per step of the ring).
 *
 * A result depends on the seed, the layout and its index alone.  The generator's
 * position only moves forward (cuRAND takes no offset for MTGP32), so
 * each state is kept where the last call left it and stepped on; a draw
 * behind a state (a new seed) reseeds it. */
#include "curand_int.h"

#include <cux/curand_mtgp32_core.h>
#include <stdlib.h>

/* The published sets in cuRAND's mtgp32_params_fast_t layout; the host
 * generator uses the first 192 (or 64) of the 200. */
static const struct {
    int mexp, pos, sh1, sh2;
    unsigned int tbl[16], tmp_tbl[16], flt_tmp_tbl[16], mask;
    unsigned char poly_sha1[21];
} params[] = CUX_MTGP32_PARAMS_11213;

_Static_assert(sizeof(params) / sizeof(params[0]) >= CUX_MTGP_STATES,
               "fewer parameter sets than states");

bool cux_mtgp_alloc(cux_rand_states *c)
{
    c->count = CUX_MTGP_STATES;
    c->mtgp = malloc(c->count * sizeof(*c->mtgp));
    return c->mtgp != NULL;
}

static void reseed(struct cux_mtgp_sub *m, unsigned k, unsigned long long seed)
{
    cux_mtgp32_seed(m->s, params[k].tbl, cux_mtgp32_fold(seed) + k + 1);
    m->head = 0;
    m->draws = 0;
}

/* One step: the oldest word i is replaced by word i + N, and the draw is
 * that word tempered by word i + pos - 1 (N, i + pos, i + pos - 1 taken
 * around the ring). */
static unsigned int step(struct cux_mtgp_sub *m, unsigned k)
{
    const unsigned n = CUX_MTGP32_N, h = m->head;
    unsigned p = h + (unsigned)params[k].pos;
    unsigned int y = cux_mtgp32_rec(m->s[h], m->s[(h + 1) % n], m->s[p % n],
                                    params[k].mask, (unsigned)params[k].sh1,
                                    (unsigned)params[k].sh2, params[k].tbl);
    unsigned int t = m->s[(p - 1) % n];
    m->s[h] = y;
    m->head = (h + 1) % n;
    m->draws++;
    return cux_mtgp32_temper(y, t, params[k].tmp_tbl);
}

/* Result e of the seed's sequence; the caller holds c->lock. */
static unsigned int at(cux_rand_states *c, unsigned long long e)
{
    unsigned k = (unsigned)((e / 256) % c->used);
    unsigned long long d = e / (256ull * c->used) * 256 + e % 256;
    struct cux_mtgp_sub *m = &c->mtgp[k];
    if (d < m->draws)
        reseed(m, k, c->seed);
    while (m->draws < d)
        step(m, k);
    return step(m, k);
}

/* Sets `count` states up for the seed, unless they are already.  (How
 * NVIDIA's generator goes on when the ordering changes between calls was
 * not compared; cux keeps the position and lays the states out anew.) */
void cux_mtgp_seed(cux_rand_states *c, unsigned long long seed,
                   unsigned count)
{
    if (c->valid && c->seed == seed && c->used == count)
        return;
    for (unsigned k = 0; k < count; k++)
        reseed(&c->mtgp[k], k, seed);
    c->used = count;
    c->seed = seed;
    c->valid = true;
}

/* Results start .. start + n - 1 as draws; the caller holds c->lock. */
void cux_mtgp_draws(cux_rand_states *c, unsigned long long start, size_t n,
                    unsigned int *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = at(c, start + i);
}
