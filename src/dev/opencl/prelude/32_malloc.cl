/* 32_malloc.cl: malloc, free, new and delete in kernels, on the device
 * heap: a region of the arena (cudaLimitMallocHeapSize bytes of pages)
 * that the device lays out before the first launch of a kernel that uses
 * it, and describes at CUX_MALLOC_DESC_OFFSET (opencl_device.c):
 *   ulong bitmap, runs, pages;  arena offsets of the parts
 *   uint n_pages, n_words;      0 pages: no heap, every malloc fails
 * A page is CUX_MALLOC_PAGE bytes; bit i of the bitmap says page i is
 * taken, and runs[i] is the length in pages of the block starting at
 * page i (0 elsewhere).  OpenCL 1.2 has only 32-bit atomics, so a block
 * is claimed with one compare-and-swap: a run of at most 32 pages inside
 * one bitmap word, or whole words of 32 pages, taken one by one and
 * given back if another thread took one first.  No lock, so no work-item
 * ever waits for another. */
#ifdef CUX_MALLOC_DESC_OFFSET
#define CUX_MALLOC_PAGE 64UL

typedef struct cux_malloc_heap {
    __global volatile uint *bitmap;
    __global uint *runs;
    ulong pages;        /* arena offset of page 0 */
    uint n_pages, n_words;
} cux_malloc_heap;

CUX_INL cux_malloc_heap cux_malloc_heap_of(__global uchar *A_)
{
    __global const ulong *d = (__global const ulong *)(A_ + CUX_MALLOC_DESC_OFFSET);
    cux_malloc_heap h;
    h.bitmap = (__global volatile uint *)(A_ + d[0]);
    h.runs = (__global uint *)(A_ + d[1]);
    h.pages = d[2];
    h.n_pages = ((__global const uint *)(d + 3))[0];
    h.n_words = ((__global const uint *)(d + 3))[1];
    return h;
}

/* k (<= 32) pages inside word w, starting at a multiple of `step`; the
 * first page's index, or -1. */
CUX_INL long cux_malloc_in_word(cux_malloc_heap h, uint w, uint k, uint step)
{
    uint run = k == 32 ? 0xffffffffu : (1u << k) - 1;
    for (int tries = 0; tries < 64; tries++) {
        uint v = h.bitmap[w], p = 0;
        if (v == 0xffffffffu)
            return -1;
        while (p + k <= 32 && (v & (run << p)))
            p += step;
        if (p + k > 32)
            return -1;
        if (atomic_cmpxchg(h.bitmap + w, v, v | (run << p)) == v)
            return (long)w * 32 + p;
        /* another thread changed the word: look at it again */
    }
    return -1;
}

/* m whole words from word s on; true if all were taken here. */
CUX_INL bool cux_malloc_words(cux_malloc_heap h, uint s, uint m)
{
    for (uint i = 0; i < m; i++)
        if (atomic_cmpxchg(h.bitmap + s + i, 0u, 0xffffffffu) != 0u) {
            while (i-- > 0)
                atomic_xchg(h.bitmap + s + i, 0u);
            return false;
        }
    return true;
}

/* The CUDA address of `size` bytes at a multiple of `align` (a power of
 * two), or 0 when the heap has no such room. */
CUX_INL ulong cux_malloc(__global uchar *A_, ulong AB_, ulong size, ulong align)
{
    cux_malloc_heap h = cux_malloc_heap_of(A_);
    if (!h.n_pages || !align || (align & (align - 1)) ||
        size > (ulong)h.n_pages * CUX_MALLOC_PAGE ||
        align > (ulong)h.n_pages * CUX_MALLOC_PAGE)
        return 0;
    uint k = size ? (uint)((size + CUX_MALLOC_PAGE - 1) / CUX_MALLOC_PAGE) : 1u;
    uint step = align > CUX_MALLOC_PAGE ? (uint)(align / CUX_MALLOC_PAGE) : 1u;
    long page = -1;
    if (k <= 32 && step <= 32) {
        /* Small blocks fill the heap from its low end, large ones from
         * its high end, so that small ones do not scatter over the words
         * large ones need whole.  Threads start at different words of the
         * first 256, so that they rarely meet. */
        ulong id = get_global_id(0) + get_global_size(0) *
                   (get_global_id(1) + get_global_size(1) * get_global_id(2));
        uint spread = min(h.n_words, 256u);
        uint start = (uint)((id * 2654435761UL) % spread);
        for (uint i = 0; i < h.n_words && page < 0; i++)
            page = cux_malloc_in_word(h, (start + i) % h.n_words, k, step);
    } else {
        uint m = (k + 31) / 32, word_step = step > 32 ? step / 32 : 1u;
        k = m * 32;
        uint top = m <= h.n_words ? (h.n_words - m) / word_step * word_step : 0;
        for (uint s = top; m <= h.n_words && page < 0; s -= word_step) {
            bool free_run = true;
            for (uint i = 0; i < m && free_run; i++)
                free_run = h.bitmap[s + i] == 0u;
            if (free_run && cux_malloc_words(h, s, m))
                page = (long)s * 32;
            if (s < word_step)
                break;
        }
    }
    if (page < 0)
        return 0;
    h.runs[page] = k;
    mem_fence(CLK_GLOBAL_MEM_FENCE);
    return AB_ + h.pages + (ulong)page * CUX_MALLOC_PAGE;
}

/* free/delete of a block malloc gave; NULL, and what malloc did not give
 * (or gave and got back already), change nothing. */
CUX_INL void cux_free(__global uchar *A_, ulong AB_, ulong p)
{
    cux_malloc_heap h = cux_malloc_heap_of(A_);
    ulong off = p - AB_ - h.pages;
    if (!p || !h.n_pages || off % CUX_MALLOC_PAGE ||
        off >= (ulong)h.n_pages * CUX_MALLOC_PAGE)
        return;
    uint page = (uint)(off / CUX_MALLOC_PAGE);
    uint k = atomic_xchg(h.runs + page, 0u);
    uint w = page / 32, bit = page % 32;
    if (!k)
        return;
    if (k <= 32 && bit + k <= 32) {
        uint run = k == 32 ? 0xffffffffu : (1u << k) - 1;
        atomic_and(h.bitmap + w, ~(run << bit));
        return;
    }
    for (uint i = 0; i < k / 32 && w + i < h.n_words; i++)
        atomic_xchg(h.bitmap + w + i, 0u);
}
#endif
