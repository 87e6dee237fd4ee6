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

/* ocl_printf.c: device printf.  Kernels append records to a service
 * area of CUX_OCL_PRINTF_BYTES in the arena: a 16-byte header (bytes of
 * records used, records dropped), then per record the format's CUDA
 * address (8 bytes), the argument bytes' count (4), 4 unused, the
 * argument bytes padded to 8. */
enum { CUX_OCL_PRINTF_BYTES = 1 << 20 };

typedef struct cux_ocl_printf_ctx {
    uint64_t base, size;  /* the arena's CUDA addresses */
    bool unified;         /* they are host addresses too */
    bool host_reachable;  /* kernels reach other host memory in place */
    void *device;
    /* Copies the NUL-terminated string at a CUDA address (cut at cap);
     * false if it is not in the arena. */
    bool (*read_string)(const struct cux_ocl_printf_ctx *c, uint64_t addr,
                        char *buf, size_t cap);
} cux_ocl_printf_ctx;

/* A failed assert's record (prelude: cux_assert_fail): format address
 * 0 and this length, then the message's, file's and function's CUDA
 * addresses, the line, the block's and the thread's indices; 72 bytes
 * with the head. */
enum { CUX_OCL_ASSERT_MARK = 0xa55e47, CUX_OCL_ASSERT_BYTES = 56 };

/* Formats the records of `area` (`used` bytes, header excluded) and
 * hands the text to the runtime; true if one was a failed assert. */
bool cux_ocl_printf_flush(const cux_ocl_printf_ctx *c, const uint8_t *area,
                          uint32_t used);

#endif
