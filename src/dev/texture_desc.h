/* texture_desc.h: what a texture object is to a device: the memory it
 * reads and how it samples.  The runtime fills it; each device samples it
 * in its own way (the CPU device's generated code includes this header
 * through its prelude, so it is plain C with no other dependency). */
#ifndef CUX_TEXTURE_DESC_H
#define CUX_TEXTURE_DESC_H

#include <stdint.h>

typedef struct cux_texture_desc {
    const char *data;          /* texel (0, 0, 0) */
    uint64_t width, height, depth; /* in texels (1 for missing dims) */
    uint64_t pitch;            /* bytes from one row to the next */
    uint64_t slice_pitch;      /* bytes from one 2D slice to the next */
    uint32_t dims;             /* 1, 2 or 3: of one layer or face */
    uint32_t layers;           /* a layered texture's layers (of six
                                  faces for a cubemap), 0 if not layered;
                                  layer n starts n slices in */
    uint32_t cubemap;          /* six square faces, one slice each */
    uint32_t linear;           /* resource is linear memory (tex1Dfetch) */
    uint32_t channels;         /* 1..4 */
    uint32_t channel_bits;     /* 8, 16 or 32: every channel the same */
    uint32_t kind;             /* cudaChannelFormatKind: 0 signed,
                                  1 unsigned, 2 float */
    uint32_t address_mode[3];  /* cudaTextureAddressMode: 0 wrap,
                                  1 clamp, 2 mirror, 3 border */
    uint32_t filter_linear;    /* cudaFilterModeLinear */
    uint32_t read_normalized;  /* cudaReadModeNormalizedFloat */
    uint32_t normalized_coords;
    float border[4];
} cux_texture_desc;

#endif
