/* parse_surface.c: the surface instructions suld and sust, checked as a
 * whole once their operands are read:
 *
 *   suld.b.geom{.cop}.vec.dtype{.mode}  d, [a, b];
 *   sust.b.geom{.cop}.vec.ctype{.mode}  [a, b], c;
 *   sust.p.geom.vec.b32{.mode}          [a, b], c;
 *
 * with .geom .1d .2d .3d .a1d .a2d (sust.p: no layers), .vec none, .v2
 * or .v4, .dtype/.ctype .b8 .b16 .b32 .b64 (at most 128 bits in all) and
 * .mode one of .trap (the default) .clamp .zero, as the PTX ISA gives
 * them.  A form outside these is an error naming the instruction, so
 * that code generators see only well-formed surface accesses. */
#include "parse.h"

static const char *surf_name(const cux_ptx_insn *insn)
{
    return insn->op == CUX_OP_SULD ? "suld" : "sust";
}

bool cux_psurface_modifier(cux_parser *p, cux_ptx_insn *insn,
                           const cux_tok *t)
{
    bool b = cux_pis_word(t, ".b"), fmt = cux_pis_word(t, ".p");
    if (!b && !fmt)
        return false;
    if (insn->flags & (CUX_PTX_F_SURF_B | CUX_PTX_F_SURF_P))
        cux_pfail(p, t, "'%s' takes one of .b .p", surf_name(insn));
    insn->flags |= b ? CUX_PTX_F_SURF_B : CUX_PTX_F_SURF_P;
    return true;
}

/* Elements of the coordinate vector each geometry takes: 3d and a2d
 * have a fourth that is ignored. */
static uint32_t coordinates(uint8_t geom)
{
    switch (geom) {
    case CUX_MODE_1D: return 1;
    case CUX_MODE_2D: case CUX_MODE_A1D: return 2;
    case CUX_MODE_3D: case CUX_MODE_A2D: return 4;
    default: return 0;
    }
}

static void check_modifiers(cux_parser *p, const cux_ptx_insn *insn,
                            const cux_tok *at)
{
    const char *name = surf_name(insn);
    bool fmt = (insn->flags & CUX_PTX_F_SURF_P) != 0;
    if (!(insn->flags & (CUX_PTX_F_SURF_B | CUX_PTX_F_SURF_P)))
        cux_pfail(p, at, "'%s' needs .b (or sust's .p) after the opcode",
                  name);
    if (fmt && insn->op == CUX_OP_SULD)
        cux_pfail(p, at, "'suld.p' is not in the PTX ISA; loads are "
                  "suld.b");
    if (!coordinates(insn->mode))
        cux_pfail(p, at, "'%s' needs a geometry: .1d .2d .3d .a1d or .a2d",
                  name);
    if (fmt && insn->mode != CUX_MODE_1D && insn->mode != CUX_MODE_2D &&
        insn->mode != CUX_MODE_3D)
        cux_pfail(p, at, "'sust.p' takes .1d .2d or .3d, not layers");
    uint32_t bytes = cux_ptx_type_size((cux_ptx_type)insn->type);
    bool bits = insn->type == CUX_T_B8 || insn->type == CUX_T_B16 ||
                insn->type == CUX_T_B32 || insn->type == CUX_T_B64;
    if (!bits || insn->type2 || (fmt && insn->type != CUX_T_B32))
        cux_pfail(p, at, "'%s' takes one type: %s", name,
                  fmt ? ".b32" : ".b8 .b16 .b32 or .b64");
    if (insn->vec == 8 || (insn->vec == 4 && bytes == 8))
        cux_pfail(p, at, "'%s' moves at most 128 bits (.v2 or .v4 of up "
                  "to .b32, .v2.b64)", name);
    if ((insn->flags & CUX_PTX_F_CLAMP) && insn->mode2)
        cux_pfail(p, at, "'%s' takes one of .trap .clamp .zero", name);
    if (insn->space || insn->rounding || insn->sem || insn->scope)
        cux_pfail(p, at, "'%s' takes no state space, rounding or memory "
                  "order", name);
}

/* A value vector of the instruction's width: {a, b, ...} or, unvectored,
 * one register or {a}. */
static void check_values(cux_parser *p, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op, uint32_t i,
                         const cux_tok *at)
{
    uint32_t want = insn->vec > 1 ? insn->vec : 1;
    uint32_t have = op->kind == CUX_OPND_VEC ? op->count : 1;
    bool single = op->kind == CUX_OPND_REG || op->kind == CUX_OPND_IMM_INT;
    if ((op->kind != CUX_OPND_VEC && !(single && want == 1)) || have != want)
        cux_pfail(p, at, "operand %u of '%s' must be %u value%s in braces "
                  "like {%%r1%s}", i + 1, surf_name(insn), want,
                  want > 1 ? "s" : "", want > 1 ? ", ..." : "");
}

void cux_psurface_check(cux_parser *p, const cux_ptx_insn *insn,
                        const cux_ptx_operand *ops, uint32_t n)
{
    cux_tok at = {.line = insn->line, .column = insn->column};
    const char *name = surf_name(insn);
    check_modifiers(p, insn, &at);
    uint32_t a = insn->op == CUX_OP_SULD ? 1 : 0;
    if (n != 3 || ops[a].kind != CUX_OPND_ADDR ||
        ops[a + 1].kind != CUX_OPND_VEC)
        cux_pfail(p, &at, "'%s' takes %s", name, a
                  ? "a destination and [surface, {coordinates}]"
                  : "[surface, {coordinates}] and a source");
    if (ops[a].base_kind == CUX_OPND_IMM_INT || ops[a].imm != 0)
        cux_pfail(p, &at, "the surface of '%s' must be a .u64 register or "
                  "a .surfref, without an offset", name);
    uint32_t want = coordinates(insn->mode);
    if (ops[a + 1].count != want)
        cux_pfail(p, &at, "'%s.%s' takes %u coordinate%s, found %u", name,
                  cux_ptx_mode_names[insn->mode], want, want > 1 ? "s" : "",
                  ops[a + 1].count);
    check_values(p, insn, &ops[a ? 0 : 2], a ? 0 : 2, &at);
}
