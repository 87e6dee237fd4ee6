/* 55_async.h: PTX's asynchronous copies (cp.async) and mbarrier objects
 * for generated code (codegen/c/emit_async.c).
 *
 * A copy completes when it is issued: CUDA lets it complete at any time
 * before the wait that covers it, so at once is one allowed order, and
 * commit_group, wait_group and wait_all then have nothing to wait for.
 *
 * An mbarrier is 64 bits of shared memory whose layout PTX leaves to the
 * implementation.  cux's:
 *
 *   bits  0..19  pending arrivals: how many the current phase still needs
 *   bits 20..39  expected arrivals: what each new phase starts with
 *   bits 40..63  the phase number, modulo 2^24 (its parity: bit 40)
 *
 * An arrive returns the whole word as it was before it (the `state`
 * operand of test_wait, try_wait and pending_count): the phase it arrived
 * in, and the pending count before its arrival, which is what
 * mbarrier.pending_count reports.  A phase tested by its state is complete
 * once the barrier's phase number differs (PTX allows the state of the
 * current or the previous phase only); tested by parity, once the current
 * phase's parity differs from the one given.  A block's warps run on one
 * worker thread, one after another, so an arrive is a plain
 * read-modify-write; the lanes of a warp arrive one by one in lane order,
 * so each counts. */
#ifndef CUX_CPU_ASYNC_H
#define CUX_CPU_ASYNC_H

enum { CUX_MBAR_COUNT_BITS = 20, CUX_MBAR_PHASE_SHIFT = 40 };
#define CUX_MBAR_COUNT_MASK ((1ull << CUX_MBAR_COUNT_BITS) - 1)

static inline uint64_t cux_mbar_pending(uint64_t word)
{
    return word & CUX_MBAR_COUNT_MASK;
}

static inline uint64_t cux_mbar_expected(uint64_t word)
{
    return word >> CUX_MBAR_COUNT_BITS & CUX_MBAR_COUNT_MASK;
}

static inline uint64_t cux_mbar_phase(uint64_t word)
{
    return word >> CUX_MBAR_PHASE_SHIFT;
}

static inline uint64_t cux_mbar_word(uint64_t phase, uint64_t expected,
                                     uint64_t pending)
{
    return phase << CUX_MBAR_PHASE_SHIFT |
           (expected & CUX_MBAR_COUNT_MASK) << CUX_MBAR_COUNT_BITS |
           (pending & CUX_MBAR_COUNT_MASK);
}

/* mbarrier.init: phase 0, `count` arrivals expected and pending. */
static inline void cux_mbar_init(char *p, uint32_t count)
{
    uint64_t word = cux_mbar_word(0, count, count);
    memcpy(p, &word, sizeof word);
}

/* mbarrier.arrive (drop: arrive_drop, which also expects `count` fewer
 * arrivals in every later phase): the arrival that leaves nothing
 * pending completes the phase, and the next one starts with the expected
 * count.  PTX leaves more arrivals than are pending undefined; they
 * complete the phase here.  Returns the word as it was before. */
static inline uint64_t cux_mbar_arrive(char *p, uint32_t count, int drop)
{
    uint64_t old;
    memcpy(&old, p, sizeof old);
    uint64_t phase = cux_mbar_phase(old), expected = cux_mbar_expected(old);
    uint64_t pending = cux_mbar_pending(old);
    if (drop)
        expected = expected > count ? expected - count : 0;
    if (pending > count) {
        pending -= count;
    } else {
        phase++;
        pending = expected;
    }
    uint64_t word = cux_mbar_word(phase, expected, pending);
    memcpy(p, &word, sizeof word);
    return old;
}

/* test_wait, try_wait: whether the phase of `state`, or with `parity`
 * the phase of parity `state`, has completed. */
static inline int cux_mbar_complete(const char *p, uint64_t state, int parity)
{
    uint64_t word;
    memcpy(&word, p, sizeof word);
    if (parity)
        return (cux_mbar_phase(word) & 1) != (state & 1);
    return cux_mbar_phase(word) != cux_mbar_phase(state);
}

/* One lane's cp.async: `size` bytes, of which the first `from_src` (at
 * most `size`) come from src and the rest are zeros. */
static inline void cux_async_copy(char *dst, const char *src, uint32_t size,
                                  uint32_t from_src)
{
    if (from_src > size)
        from_src = size;
    memcpy(dst, src, from_src);
    memset(dst + from_src, 0, size - from_src);
}

#endif
