/* opencl.h: the OpenCL device's internals shared by its files: the
 * allocator of its memory arena. */
#ifndef CUX_DEV_OPENCL_H
#define CUX_DEV_OPENCL_H

#include "dev/device.h"

/* Allocations start on 512-byte boundaries: CUDA's textureAlignment,
 * and more than any OpenCL type needs. */
enum { CUX_OCL_ALIGN = 512 };

typedef struct cux_ocl_range {
    uint64_t offset, size;
} cux_ocl_range;

typedef struct cux_ocl_heap {
    cux_ocl_range *free;  /* sorted by offset, never adjacent */
    uint32_t n_free, free_cap;
    cux_ocl_range *used;  /* live allocations, unordered */
    uint32_t n_used, used_cap;
} cux_ocl_heap;

/* ocl_heap.c: not thread-safe (the device locks). */
void cux_ocl_heap_init(cux_ocl_heap *h, uint64_t size);
void cux_ocl_heap_destroy(cux_ocl_heap *h);
bool cux_ocl_heap_alloc(cux_ocl_heap *h, uint64_t size, uint64_t *offset);
/* False if no allocation starts at offset. */
bool cux_ocl_heap_free(cux_ocl_heap *h, uint64_t offset);

#endif
