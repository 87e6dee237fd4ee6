/* mem_box.c: copying and filling a cux_mem_box where both sides are
 * addressable from the host: host-to-host copies the runtime does itself,
 * and the mem_copy and mem_fill of a device whose memory is host memory
 * (the CPU device, the runtime tests' fake). */
#include "dev/device.h"

#include <string.h>

void cux_mem_box_copy(void *dst, const void *src, const cux_mem_box *box)
{
    for (size_t z = 0; z < box->depth; z++)
        for (size_t y = 0; y < box->height; y++)
            memmove((char *)dst + z * box->dst_slice + y * box->dst_pitch,
                    (const char *)src + z * box->src_slice +
                        y * box->src_pitch,
                    box->width);
}

void cux_mem_box_fill(void *dst, unsigned char value, const cux_mem_box *box)
{
    for (size_t z = 0; z < box->depth; z++)
        for (size_t y = 0; y < box->height; y++)
            memset((char *)dst + z * box->dst_slice + y * box->dst_pitch,
                   value, box->width);
}

cudaError_t cux_host_memory_copy(cux_device *dev, void *dst, const void *src,
                                 const cux_mem_box *box, cux_copy_kind kind)
{
    (void)dev, (void)kind;
    cux_mem_box_copy(dst, src, box);
    return cudaSuccess;
}

cudaError_t cux_host_memory_fill(cux_device *dev, void *dst,
                                 unsigned char value, const cux_mem_box *box)
{
    (void)dev;
    cux_mem_box_fill(dst, value, box);
    return cudaSuccess;
}
