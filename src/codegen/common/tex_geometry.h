/* tex_geometry.h: where a tex instruction's coordinate vector holds what,
 * by its geometry, for both generators (codegen/c/emit_mem.c,
 * codegen/opencl/ocl_texture.c). */
#ifndef CUX_CODEGEN_TEX_GEOMETRY_H
#define CUX_CODEGEN_TEX_GEOMETRY_H

#include <stdbool.h>
#include <stdint.h>

/* The layer's place in the vector (-1: none), the first coordinate's,
 * how many coordinates it samples with, and the preludes'
 * CUX_TEX_LAYERED / CUX_TEX_CUBE bits. */
typedef struct cux_tex_geometry {
    int layer;
    uint32_t first, dims;
    int kind;
} cux_tex_geometry;

/* False for a mode that is not a tex geometry. */
bool cux_tex_geometry_of(uint8_t mode, cux_tex_geometry *geo);

#endif
