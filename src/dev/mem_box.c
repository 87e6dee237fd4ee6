/* mem_box.c: copying and filling a cux_mem_box where both sides are
 * addressable from the host: the CPU device's memory, and host-to-host
 * copies the runtime does itself. */
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
