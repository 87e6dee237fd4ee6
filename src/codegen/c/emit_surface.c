/* emit_surface.c: suld.b and sust.b, the surface-object loads and stores.
 *
 * Each active lane finds its access through the prelude's
 * cux_surf_offset (45_surface.h) from the handle, a cux_surface_desc, and
 * its coordinates; then moves the bytes with memcpy, which the C compiler
 * turns into one load or store of the access's width.  Lanes go in lane
 * order, so an out-of-range lane under .trap faults the launch after the
 * lanes before it have written, as a GPU may.  .zero leaves a load's
 * value 0 and drops a store; .clamp has already moved the coordinates. */
#include "cgen.h"

#include <string.h>

/* The surface's coordinates as the prelude takes them (x, y, z, layer):
 * for each, the element of the coordinate vector, or -1 for 0. */
static void coordinate_slots(uint8_t geom, int slot[4])
{
    static const int slots[][4] = {
        [CUX_MODE_1D] = {0, -1, -1, -1}, [CUX_MODE_2D] = {0, 1, -1, -1},
        [CUX_MODE_3D] = {0, 1, 2, -1},   [CUX_MODE_A1D] = {1, -1, -1, 0},
        [CUX_MODE_A2D] = {1, 2, -1, 0},
    };
    memcpy(slot, slots[geom], sizeof slots[geom]);
}

/* The lane vector type, as a PTX type, that holds one component. */
static cux_ptx_type piece_type(cux_ptx_type t)
{
    switch (cux_ptx_type_size(t)) {
    case 8: return CUX_T_U64;
    case 4: return CUX_T_U32;
    default: return CUX_T_U16; /* .b8 too: PTX's narrowest register */
    }
}

/* Opens the block: the handle (s_, the descriptor, where it is the same
 * in every lane, as a kernel parameter is: its fields are then read once,
 * not per lane; else h_), c0_..c3_ (x, y, z, layer).  True if s_. */
static bool open_access(cux_cgen *g, const cux_ptx_insn *insn, uint32_t a)
{
    const cux_ptx_operand *addr = cux_cgen_opnd(g, insn, a);
    const cux_ptx_operand *coords = cux_cgen_opnd(g, insn, a + 1);
    cux_ptx_operand handle = {.kind = CUX_OPND_REG, .value = addr->value};
    bool uniform = cux_cgen_reg_scalar(g, addr->value);
    if (uniform)
        EMIT("    { const cux_surface_desc *s_ = (const cux_surface_desc *)"
             "(uintptr_t)%s;\n", cux_cgen_reg_name(g, addr->value));
    else
        EMIT("    { cux_vu64 h_ = %s;\n",
             cux_cgen_src_operand(g, insn, &handle, CUX_T_U64));
    int slot[4];
    coordinate_slots(insn->mode, slot);
    for (int c = 0; c < 4; c++)
        EMIT("      cux_vs32 c%d_ = %s;\n", c, slot[c] < 0 ? "(cux_vs32){0}"
             : cux_cgen_src_operand(g, insn, &g->func->operands[
                   coords->first + (uint32_t)slot[c]], CUX_T_S32));
    return uniform;
}

/* Starts the lane loop up to the lane's pointer p_; an out-of-range lane
 * traps or, with .zero, is skipped. */
static void lane_pointer(cux_cgen *g, const cux_ptx_insn *insn,
                         uint32_t size, bool uniform)
{
    bool clamp = (insn->flags & CUX_PTX_F_CLAMP) != 0;
    bool zero = insn->mode2 == CUX_MODE_ZERO;
    const char *name = insn->op == CUX_OP_SULD ? "suld" : "sust";
    EMIT("      CUX_LANES if (em >> l & 1) {\n");
    if (!uniform)
        EMIT("        const cux_surface_desc *s_ = (const cux_surface_desc *)"
             "(uintptr_t)h_[l];\n");
    EMIT("        int64_t o_ = cux_surf_offset(s_, c0_[l], c1_[l], c2_[l], "
         "(uint32_t)c3_[l], %uu, %d);\n", size, clamp);
    EMIT("        if (o_ < 0) {\n");
    if (zero)
        EMIT("          if (o_ == -1) continue;\n");
    EMIT("          blk->svc->trap(blk, w, l, o_ == -2 ? \"%s through a null "
         "surface object\" : \"%s coordinates outside the surface (%s)\", "
         "%u);\n          return CUX_WARP_FAULT;\n        }\n", name, name,
         clamp ? "access wider than a row" : ".trap", insn->line);
    EMIT("        char *p_ = s_->data + o_;\n");
}

static void load(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type, pt = piece_type(t);
    uint32_t bytes = cux_ptx_type_size(t);
    uint32_t n = insn->vec > 1 ? insn->vec : 1;
    bool uniform = open_access(g, insn, 1);
    for (uint32_t e = 0; e < n; e++)
        EMIT("      %s d%u_ = {0};\n", cux_cgen_vtype(pt), e);
    lane_pointer(g, insn, bytes * n, uniform);
    for (uint32_t e = 0; e < n; e++)
        EMIT("        { %s v_; memcpy(&v_, p_ + %u, %u); d%u_[l] = v_; }\n",
             cux_cgen_stype(bytes == 1 ? CUX_T_U8 : pt), e * bytes, bytes,
             e);
    EMIT("      }\n");
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    for (uint32_t e = 0; e < n; e++)
        cux_cgen_dst_operand(g, insn, dst->kind == CUX_OPND_VEC
                             ? &g->func->operands[dst->first + e] : dst,
                             pt, FMT("d%u_", e));
    EMIT("    }\n");
}

static void store(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type, pt = piece_type(t);
    uint32_t bytes = cux_ptx_type_size(t);
    uint32_t n = insn->vec > 1 ? insn->vec : 1;
    const cux_ptx_operand *src = cux_cgen_opnd(g, insn, 2);
    bool uniform = open_access(g, insn, 0);
    for (uint32_t e = 0; e < n; e++)
        EMIT("      %s v%u_ = %s;\n", cux_cgen_vtype(pt), e,
             cux_cgen_src_operand(g, insn, src->kind == CUX_OPND_VEC
                                  ? &g->func->operands[src->first + e] : src,
                                  pt));
    lane_pointer(g, insn, bytes * n, uniform);
    for (uint32_t e = 0; e < n; e++)
        EMIT("        { %s b_ = (%s)v%u_[l]; memcpy(p_ + %u, &b_, %u); }\n",
             cux_cgen_stype(bytes == 1 ? CUX_T_U8 : pt),
             cux_cgen_stype(bytes == 1 ? CUX_T_U8 : pt), e, e * bytes, bytes);
    EMIT("      }\n    }\n");
}

void cux_cgen_surface(cux_cgen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *addr =
        cux_cgen_opnd(g, insn, insn->op == CUX_OP_SULD ? 1 : 0);
    if (addr->base_kind != CUX_OPND_REG) {
        cux_cgen_fail(g, insn, "surface references (.surfref) are not "
                      "supported; surface objects are");
        return;
    }
    if (insn->flags & CUX_PTX_F_SURF_P) {
        cux_cgen_fail(g, insn, "formatted surface stores (sust.p) are not "
                      "supported yet; sust.b is");
        return;
    }
    if (insn->op == CUX_OP_SULD)
        load(g, insn);
    else
        store(g, insn);
}
