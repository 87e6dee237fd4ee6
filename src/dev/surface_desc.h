/* surface_desc.h: what a surface object is to a device: the bytes of a
 * CUDA array and its shape, for suld/sust.  The runtime fills it; the CPU
 * device's generated code includes this header through its prelude, so
 * it is plain C with no other dependency. */
#ifndef CUX_SURFACE_DESC_H
#define CUX_SURFACE_DESC_H

#include <stdint.h>

typedef struct cux_surface_desc {
    char *data;                /* element (0, 0, 0) of layer 0 */
    uint64_t row_bytes;        /* width * element size: x is in bytes */
    uint64_t height, depth;    /* in elements (1 for missing dims) */
    uint64_t layers;           /* 1 unless the array is layered */
    uint64_t pitch;            /* bytes from one row to the next */
    uint64_t slice_pitch;      /* bytes from one 2D slice (or layer) to
                                  the next */
    uint32_t elem;             /* bytes per element */
    uint32_t dims;             /* 1, 2 or 3, not counting layers */
} cux_surface_desc;

#endif
