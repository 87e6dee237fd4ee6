/* ocl_heap.c: the allocator inside the OpenCL device's arena: first fit
 * over a sorted list of free ranges, neighbours merged on free.  CUDA's
 * allocations are few and large, so a list is enough. */
#include "dev/opencl/opencl.h"

#include <stdlib.h>
#include <string.h>

void cux_ocl_heap_init(cux_ocl_heap *h, uint64_t size)
{
    memset(h, 0, sizeof *h);
    h->free_cap = 16;
    h->free = cux_xcalloc(h->free_cap, sizeof *h->free);
    h->free[0] = (cux_ocl_range){0, size};
    h->n_free = 1;
}

void cux_ocl_heap_destroy(cux_ocl_heap *h)
{
    free(h->free);
    free(h->used);
    memset(h, 0, sizeof *h);
}

static void insert_free(cux_ocl_heap *h, uint32_t at, cux_ocl_range r)
{
    if (h->n_free == h->free_cap) {
        h->free_cap *= 2;
        h->free = cux_xrealloc(h->free, h->free_cap * sizeof *h->free);
    }
    memmove(&h->free[at + 1], &h->free[at],
            (h->n_free - at) * sizeof *h->free);
    h->free[at] = r;
    h->n_free++;
}

bool cux_ocl_heap_alloc(cux_ocl_heap *h, uint64_t size, uint64_t *offset)
{
    size = (size + CUX_OCL_ALIGN - 1) & ~(uint64_t)(CUX_OCL_ALIGN - 1);
    if (!size)
        size = CUX_OCL_ALIGN;
    for (uint32_t i = 0; i < h->n_free; i++) {
        if (h->free[i].size < size)
            continue;
        *offset = h->free[i].offset;
        h->free[i].offset += size;
        h->free[i].size -= size;
        if (!h->free[i].size) {
            memmove(&h->free[i], &h->free[i + 1],
                    (h->n_free - i - 1) * sizeof *h->free);
            h->n_free--;
        }
        if (h->n_used == h->used_cap) {
            h->used_cap = h->used_cap ? h->used_cap * 2 : 16;
            h->used = cux_xrealloc(h->used, h->used_cap * sizeof *h->used);
        }
        h->used[h->n_used++] = (cux_ocl_range){*offset, size};
        return true;
    }
    return false;
}

bool cux_ocl_heap_free(cux_ocl_heap *h, uint64_t offset)
{
    uint32_t u = 0;
    while (u < h->n_used && h->used[u].offset != offset)
        u++;
    if (u == h->n_used)
        return false;
    cux_ocl_range r = h->used[u];
    h->used[u] = h->used[--h->n_used];
    uint32_t at = 0;
    while (at < h->n_free && h->free[at].offset < r.offset)
        at++;
    insert_free(h, at, r);
    /* merge with the next range, then with the previous one */
    if (at + 1 < h->n_free &&
        h->free[at].offset + h->free[at].size == h->free[at + 1].offset) {
        h->free[at].size += h->free[at + 1].size;
        memmove(&h->free[at + 1], &h->free[at + 2],
                (h->n_free - at - 2) * sizeof *h->free);
        h->n_free--;
    }
    if (at > 0 &&
        h->free[at - 1].offset + h->free[at - 1].size == h->free[at].offset) {
        h->free[at - 1].size += h->free[at].size;
        memmove(&h->free[at], &h->free[at + 1],
                (h->n_free - at - 1) * sizeof *h->free);
        h->n_free--;
    }
    return true;
}
