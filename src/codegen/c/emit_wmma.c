/* emit_wmma.c: the warp matrix instructions.  A warp's fragment is its
 * registers' 32-lane vectors side by side, so load, store and mma hand
 * those to the prelude's cux_wmma_* (50_wmma.h; which element each lane
 * holds is codegen/common/wmma_layout.h's rule, which the OpenCL
 * generator keeps too) and take the result back: one call per
 * instruction, no per-element shuffles between lanes. */
#include "cgen.h"
#include "codegen/common/wmma_layout.h"

/* Declares the fragment description `name` of matrix `which`. */
static cux_ptx_wmma_frag describe(cux_cgen *g, const cux_ptx_insn *insn,
                                  char which, const char *name)
{
    cux_ptx_wmma_frag f = cux_ptx_wmma_fragment(insn, which);
    EMIT("      static const cux_wmma_frag %s = {%u, %u, %u, %u, %u, %s};\n",
         name, f.rows, f.cols, f.regs, f.per_reg, f.bits,
         cux_wmma_kind_name(f.type));
    return f;
}

/* The fragment operand i's registers into the vectors name[]. */
static void read_fragment(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i,
                          const char *name)
{
    const cux_ptx_operand *vec = cux_cgen_opnd(g, insn, i);
    EMIT("      cux_vu32 %s[%u];\n", name, vec->count);
    for (uint32_t e = 0; e < vec->count; e++)
        EMIT("      %s[%u] = %s;\n", name, e,
             cux_cgen_src_operand(g, insn,
                                  &g->func->operands[vec->first + e],
                                  CUX_T_B32));
}

static void write_fragment(cux_cgen *g, const cux_ptx_insn *insn,
                           uint32_t i, const char *name)
{
    const cux_ptx_operand *vec = cux_cgen_opnd(g, insn, i);
    for (uint32_t e = 0; e < vec->count; e++)
        cux_cgen_dst_operand(g, insn, &g->func->operands[vec->first + e],
                             CUX_T_B32, FMT("%s[%u]", name, e));
}

/* p_ and ld_: the matrix's address and stride, from the first active
 * lane (every lane passes the same ones, as CUDA requires).  Without a
 * stride, the rows (or columns) lie side by side. */
static void address_and_stride(cux_cgen *g, const cux_ptx_insn *insn,
                               uint32_t at, cux_ptx_wmma_frag f)
{
    const cux_ptx_operand *aop = cux_cgen_opnd(g, insn, at);
    bool col = (insn->flags & CUX_PTX_F_COL) != 0;
    EMIT("      char *p_; uint64_t ld_ = %u;\n", col ? f.rows : f.cols);
    cux_cgen_address_copy(g, aop);
    EMIT("      { const int l = em ? __builtin_ctz(em) : 0; (void)l;\n"
         "        p_ = %s;\n",
         cux_cgen_address(g, insn, aop, (cux_ptx_space)insn->space));
    if (insn->n_operands == 3)
        EMIT("        ld_ = (%s)[l];\n",
             cux_cgen_src(g, insn, 2, CUX_T_U32));
    EMIT("      }\n");
}

static void load(cux_cgen *g, const cux_ptx_insn *insn)
{
    char which = (char)('a' + (insn->mode - CUX_MODE_LOAD_A));
    EMIT("    {\n");
    cux_ptx_wmma_frag f = describe(g, insn, which, "fd_");
    address_and_stride(g, insn, 1, f);
    EMIT("      cux_vu32 f_[%u];\n"
         "      cux_wmma_load(f_, &fd_, %d, p_, ld_);\n", f.regs,
         (insn->flags & CUX_PTX_F_COL) != 0);
    write_fragment(g, insn, 0, "f_");
    EMIT("    }\n");
}

static void store(cux_cgen *g, const cux_ptx_insn *insn)
{
    EMIT("    {\n");
    cux_ptx_wmma_frag f = describe(g, insn, 'd', "fd_");
    address_and_stride(g, insn, 0, f);
    read_fragment(g, insn, 1, "f_");
    EMIT("      cux_wmma_store(f_, &fd_, %d, p_, ld_);\n",
         (insn->flags & CUX_PTX_F_COL) != 0);
    EMIT("    }\n");
}

/* The layouts of a and b mattered to their loads only: a fragment holds
 * its matrix the same way whichever way memory held it. */
static void mma(cux_cgen *g, const cux_ptx_insn *insn)
{
    EMIT("    {\n");
    cux_ptx_wmma_frag d = describe(g, insn, 'd', "dd_");
    describe(g, insn, 'a', "ad_");
    describe(g, insn, 'b', "bd_");
    describe(g, insn, 'c', "cd_");
    read_fragment(g, insn, 1, "a_");
    read_fragment(g, insn, 2, "b_");
    read_fragment(g, insn, 3, "c_");
    EMIT("      cux_vu32 d_[%u];\n"
         "      cux_wmma_mma(d_, a_, b_, c_, &dd_, &ad_, &bd_, &cd_, %d);\n",
         d.regs, (insn->flags & CUX_PTX_F_SAT) != 0);
    write_fragment(g, insn, 0, "d_");
    EMIT("    }\n");
}

void cux_cgen_wmma(cux_cgen *g, const cux_ptx_insn *insn)
{
    switch (insn->mode) {
    case CUX_MODE_MMA: mma(g, insn); break;
    case CUX_MODE_STORE_D: store(g, insn); break;
    default: load(g, insn); break;
    }
}
