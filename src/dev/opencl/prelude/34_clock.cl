/* 34_clock.cl: %globaltimer, %clock64 and %clock.  OpenCL C has no
 * clock, so the device provides one in the arena at CUX_CLOCK_OFFSET:
 * word 0 is the host's nanosecond clock (CLOCK_REALTIME), which a host
 * thread keeps writing while a kernel that reads a clock runs (on a
 * device that shares the host's memory; elsewhere it is written at the
 * launch only), word 1 the last value handed out, and word 2 the host
 * clock when the device started (a word, not a macro, so that a module's
 * source, and the driver's cache of it, is the same in every run).  A read returns
 * max(last + 1, host clock) and stores it, by compare-and-swap: every
 * read of the launch gets a larger value than every earlier one, so each
 * thread's clock never stands still or goes back, which is what CUDA
 * guarantees of %clock64 (a per-multiprocessor cycle counter, not
 * comparable across multiprocessors); and it follows real time, which
 * it never falls behind.  %clock64 counts "cycles" of the clock rate
 * cudaDeviceProp reports (CUX_CLOCK_KHZ, at least 1 GHz so that the
 * count still grows at each read) since the device started (word 2).
 * Kernels of several streams running at once share the words: their
 * reads still grow across all of them, as a GPU's %globaltimer is one
 * timer for the whole device. */
#ifdef CUX_CLOCK_OFFSET
CUX_INL ulong cux_globaltimer(__global uchar *A_)
{
    __global volatile ulong *w = (__global volatile ulong *)(A_ + CUX_CLOCK_OFFSET);
    ulong now = w[0], last, next;
    do {
        last = w[1];
        next = max(last + 1, now);
    } while (atom_cmpxchg(w + 1, last, next) != last);
    return next;
}

CUX_INL ulong cux_clock64(__global uchar *A_)
{
    ulong t = cux_globaltimer(A_) -
              ((__global const ulong *)(A_ + CUX_CLOCK_OFFSET))[2];
    /* t * kHz / 10^6 without overflowing for a few years */
    return t / 1000000UL * CUX_CLOCK_KHZ + t % 1000000UL * CUX_CLOCK_KHZ / 1000000UL;
}
#endif
