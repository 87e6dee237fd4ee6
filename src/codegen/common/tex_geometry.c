/* tex_geometry.c: a tex instruction's coordinate layout by geometry. */
#include "codegen/common/tex_geometry.h"

#include "ptx/ptx.h"

bool cux_tex_geometry_of(uint8_t mode, cux_tex_geometry *geo)
{
    switch (mode) {
    case CUX_MODE_1D: *geo = (cux_tex_geometry){-1, 0, 1, 0}; return true;
    case CUX_MODE_2D: *geo = (cux_tex_geometry){-1, 0, 2, 0}; return true;
    case CUX_MODE_3D: *geo = (cux_tex_geometry){-1, 0, 3, 0}; return true;
    /* {layer, x}, {layer, x, y, _} */
    case CUX_MODE_A1D: *geo = (cux_tex_geometry){0, 1, 1, 1}; return true;
    case CUX_MODE_A2D: *geo = (cux_tex_geometry){0, 1, 2, 1}; return true;
    /* {x, y, z, _}, {layer, x, y, z} */
    case CUX_MODE_CUBE: *geo = (cux_tex_geometry){-1, 0, 3, 2}; return true;
    case CUX_MODE_ACUBE: *geo = (cux_tex_geometry){0, 1, 3, 3}; return true;
    default: return false;
    }
}
