/* ocl_texture.c: tex (texture objects) and suld.b/sust.b (surface
 * objects) for one work-item, through the prelude's software sampler and
 * surface addressing (40_texture.cl): a handle is the CUDA address of
 * the device's copy of the runtime's descriptor.  A surface access
 * outside the surface under .trap (or through a null handle) records a
 * fault of its own kind (4), which fails the launch with
 * cudaErrorLaunchFailure as a GPU's trap does; .zero reads 0 and drops
 * the store; .clamp has moved the coordinates. */
#include "codegen/opencl/ocl.h"
#include "codegen/common/tex_geometry.h"

#include <string.h>

static const char *handle_of(ocl_gen *g, const cux_ptx_insn *insn,
                             const cux_ptx_operand *addr)
{
    cux_ptx_operand reg = {.kind = CUX_OPND_REG, .value = addr->value};
    return cux_ocl_src_operand(g, insn, &reg, CUX_T_U64);
}

/* tex.geom.v4.dtype.ctype {d}, [handle, {coords}] */
static void texture_fetch(ocl_gen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *dst = cux_ocl_opnd(g, insn, 0);
    const cux_ptx_operand *addr = cux_ocl_opnd(g, insn, 1);
    const cux_ptx_operand *coords = cux_ocl_opnd(g, insn, 2);
    cux_tex_geometry geo;
    if (!cux_tex_geometry_of(insn->mode, &geo) ||
        insn->mode2 != CUX_MODE_NONE || insn->n_operands != 3 ||
        dst->kind != CUX_OPND_VEC || addr->kind != CUX_OPND_ADDR ||
        addr->base_kind != CUX_OPND_REG || coords->kind != CUX_OPND_VEC ||
        coords->count < geo.first + geo.dims) {
        cux_ocl_fail(g, insn, "this texture fetch form (tex.1d/2d/3d/a1d/"
                     "a2d/cube/acube on texture objects are translated)");
        return;
    }
    cux_ptx_type ct = (cux_ptx_type)insn->type2, dt = (cux_ptx_type)insn->type;
    bool int_coords = ct == CUX_T_S32 || ct == CUX_T_U32;
    EMIT("    { ulong h_ = %s; uint o_[4];\n", handle_of(g, insn, addr));
    const char *c[3];
    for (uint32_t i = 0; i < 3; i++)
        c[i] = i < geo.dims
            ? cux_ocl_src_operand(g, insn, &g->func->operands[
                  coords->first + geo.first + i], ct)
            : "0";
    /* the layer is an integer whatever the coordinates' type */
    const char *layer = geo.layer < 0 ? "0"
        : cux_ocl_src_operand(g, insn, &g->func->operands[
              coords->first + (uint32_t)geo.layer], CUX_T_S32);
    if (int_coords)
        EMIT("      cux_tex_sample(A_, AB_, h_, 1, 0.0f, 0.0f, 0.0f, (int)%s, "
             "(int)%s, (int)%s, %s, %d, %d, o_);\n", c[0], c[1], c[2], layer,
             geo.kind, dt == CUX_T_F32);
    else
        EMIT("      cux_tex_sample(A_, AB_, h_, 0, (float)%s, (float)%s, "
             "(float)%s, 0, 0, 0, %s, %d, %d, o_);\n", c[0], c[1], c[2],
             layer, geo.kind, dt == CUX_T_F32);
    for (uint32_t e = 0; e < dst->count && e < 4; e++)
        cux_ocl_dst_operand(g, insn, &g->func->operands[dst->first + e],
                            CUX_T_B32, FMT("o_[%u]", e));
    EMIT("    }\n");
}

/* The surface's coordinates as the prelude takes them (x, y, z, layer):
 * for each, the element of the coordinate vector, or -1 for 0. */
static bool coordinate_slots(uint8_t geom, int slot[4])
{
    static const int d1[4] = {0, -1, -1, -1}, d2[4] = {0, 1, -1, -1},
                     d3[4] = {0, 1, 2, -1}, a1[4] = {1, -1, -1, 0},
                     a2[4] = {1, 2, -1, 0};
    const int *pick;
    switch (geom) {
    case CUX_MODE_1D: pick = d1; break;
    case CUX_MODE_2D: pick = d2; break;
    case CUX_MODE_3D: pick = d3; break;
    case CUX_MODE_A1D: pick = a1; break;
    case CUX_MODE_A2D: pick = a2; break;
    default: return false;
    }
    memcpy(slot, pick, 4 * sizeof *slot);
    return true;
}

/* The register type that holds one component (.b8 too in 16 bits). */
static cux_ptx_type piece_type(cux_ptx_type t)
{
    uint32_t size = cux_ptx_type_size(t);
    return size == 8 ? CUX_T_U64 : size == 4 ? CUX_T_U32 : CUX_T_U16;
}

/* The byte-sized memory type of a component. */
static const char *memory_type(uint32_t bytes)
{
    return bytes == 8 ? "ulong" : bytes == 4 ? "uint"
         : bytes == 2 ? "ushort" : "uchar";
}

static void surface_access(ocl_gen *g, const cux_ptx_insn *insn)
{
    bool load = insn->op == CUX_OP_SULD;
    const cux_ptx_operand *addr = cux_ocl_opnd(g, insn, load ? 1 : 0);
    const cux_ptx_operand *coords = cux_ocl_opnd(g, insn, load ? 2 : 1);
    const cux_ptx_operand *data = cux_ocl_opnd(g, insn, load ? 0 : 2);
    int slot[4];
    if (addr->kind != CUX_OPND_ADDR || addr->base_kind != CUX_OPND_REG) {
        cux_ocl_fail(g, insn, "surface references (.surfref); surface "
                     "objects are translated");
        return;
    }
    if (insn->flags & CUX_PTX_F_SURF_P) {
        cux_ocl_fail(g, insn, "formatted surface stores (sust.p)");
        return;
    }
    if (!coordinate_slots(insn->mode, slot) ||
        (coords->kind != CUX_OPND_VEC && slot[1] >= 0)) {
        cux_ocl_fail(g, insn, "a surface access of this geometry");
        return;
    }
    cux_ptx_type t = (cux_ptx_type)insn->type, pt = piece_type(t);
    uint32_t bytes = cux_ptx_type_size(t);
    uint32_t n = insn->vec > 1 ? insn->vec : 1;
    bool clamp = (insn->flags & CUX_PTX_F_CLAMP) != 0;
    bool zero = insn->mode2 == CUX_MODE_ZERO;
    const char *c[4];
    for (int i = 0; i < 4; i++) {
        const cux_ptx_operand *e = slot[i] < 0 ? NULL
            : coords->kind == CUX_OPND_VEC
                ? &g->func->operands[coords->first + (uint32_t)slot[i]]
                : coords;
        c[i] = e ? cux_ocl_src_operand(g, insn, e, CUX_T_S32) : "0";
    }
    EMIT("    { int why_; ulong p_ = cux_surf_address(A_, AB_, %s, %s, %s, "
         "%s, (uint)%s, %uu, %d, &why_);\n", handle_of(g, insn, addr), c[0],
         c[1], c[2], c[3], bytes * n, clamp);
    /* a trap (or a null handle) fails the launch */
    EMIT("      if (why_ == 2%s) cux_bad_address(A_, %s, 4u);\n",
         zero ? "" : " || why_ == 1", handle_of(g, insn, addr));
    const char *mt = memory_type(bytes);
    for (uint32_t e = 0; e < n; e++) {
        const cux_ptx_operand *el = data->kind == CUX_OPND_VEC
            ? &g->func->operands[data->first + e] : data;
        const char *at = FMT("CUX_GLOBAL(%s, p_ + %uUL)", mt, e * bytes);
        if (load)
            cux_ocl_dst_operand(g, insn, el, pt,
                                FMT("(p_ ? (%s)%s : (%s)0)",
                                    cux_ocl_ctype(pt), at, cux_ocl_ctype(pt)));
        else
            EMIT("      if (p_) %s = (%s)%s;\n", at, mt,
                 cux_ocl_src_operand(g, insn, el, pt));
    }
    EMIT("    }\n");
}

void cux_ocl_texture(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_TEX)
        texture_fetch(g, insn);
    else
        surface_access(g, insn);
}
