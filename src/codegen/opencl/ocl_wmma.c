/* ocl_wmma.c: the warp matrix instructions (wmma.load, wmma.store,
 * wmma.mma) with one work-item per CUDA thread.  Each lane holds the
 * elements codegen/common/wmma_layout.h gives it, the CPU device's
 * layout, since programs read and write fragment elements x[i] per
 * thread.
 *
 * load and store need no other lane: each work-item reads or writes its
 * own elements, at the address and stride it was given (CUDA requires
 * every lane to pass the same ones).  mma needs the whole warp's a and
 * b: each work-item leaves the registers of their first copy in the
 * kernel's __local scratch (cux_wmma_, a few words per thread of the
 * block), a work-group barrier, each computes the d elements it holds
 * from its warp's words and its own c, and a second barrier keeps the
 * next exchange from overwriting them early, as the converged warp
 * collectives do (ocl_warp.c).  In a kernel that runs in rounds
 * (ocl_rounds.c) an mma is a sync point instead: a work-item leaves its
 * words and waits; once every lane of its warp that has not exited waits
 * there, each computes its d between the round's barriers.
 *
 * Accumulation is the CPU device's (50_wmma.h): products rounded to
 * float (exact for half, bfloat16 and tf32 multiplicands) and added in
 * k order from c, half results rounded once at the end; integers in 64
 * bits, wrapping to 32 or clamped under .satfinite. */
#include "codegen/opencl/ocl.h"
#include "codegen/common/wmma_layout.h"

#define FLAT "((uint)(get_local_id(0) + get_local_size(0) * " \
             "(get_local_id(1) + get_local_size(1) * get_local_id(2))))"

static uint32_t log2u(uint32_t x)
{
    return (uint32_t)__builtin_ctz(x);
}

/* Registers of a fragment's first copy: an f16 a or b repeats it in
 * its later registers (first_slots is a multiple of per_reg in every
 * shape, so a register holds one copy's elements only). */
static uint32_t first_regs(cux_ptx_wmma_frag f)
{
    return cux_wmma_first_slots(f) / f.per_reg;
}

static const char *mem_type(cux_ptx_wmma_frag f)
{
    return f.bits == 8 ? "uchar" : f.bits == 16 ? "ushort" : "uint";
}

/* The lvalue (generic: the value) of the element at CUDA address a. */
static const char *element(ocl_gen *g, const cux_ptx_insn *insn,
                           const char *t, const char *a)
{
    switch (insn->space) {
    case CUX_SPACE_GLOBAL: return FMT("CUX_GLOBAL(%s, %s)", t, a);
    case CUX_SPACE_SHARED: return FMT("CUX_SHARED(%s, %s)", t, a);
    default: return FMT("CUX_GENERIC_LD(%s, %s)", t, a);
    }
}

/* Opens the block of a load or store: l_ the lane, p_ the matrix's
 * address, ld_ its stride in elements (without one, the rows or
 * columns lie side by side). */
static void open_memory(ocl_gen *g, const cux_ptx_insn *insn, uint32_t at,
                        cux_ptx_wmma_frag f)
{
    bool col = (insn->flags & CUX_PTX_F_COL) != 0;
    const cux_ptx_operand *addr = cux_ocl_opnd(g, insn, at);
    EMIT("    { const uint l_ = " FLAT " & 31u;\n"
         "      const ulong p_ = %s;\n"
         "      const ulong ld_ = %s;\n",
         cux_ocl_address(g, insn, addr),
         insn->n_operands == 3 ? cux_ocl_src(g, insn, 2, CUX_T_U32)
                               : FMT("%uUL", col ? f.rows : f.cols));
}

/* Opens the loop over the slots q_ of the matrix's first copy, with
 * the element lane l_ holds there (e_, at row r_ and column c_), and
 * returns that element's CUDA address; the caller closes the loop.  A
 * loop, not a line per slot, keeps the source small: PoCL compiles a
 * module with many such kernels (one per shape and type) for long. */
static const char *slot_loop(ocl_gen *g, const cux_ptx_insn *insn,
                             cux_ptx_wmma_frag f)
{
    bool col = (insn->flags & CUX_PTX_F_COL) != 0;
    EMIT("      for (uint q_ = 0u; q_ < %uu; q_++) {\n"
         "        const uint e_ = q_ * %uu + l_, r_ = e_ >> %uu, "
         "c_ = e_ & %uu;\n", cux_wmma_first_slots(f),
         cux_wmma_slot_base(f, 1), log2u(f.cols), f.cols - 1);
    return FMT("(p_ + (%s) * %uUL)",
               col ? "(ulong)c_ * ld_ + r_" : "(ulong)r_ * ld_ + c_",
               f.bits / 8);
}

/* Where slot q_'s bits lie in the array of registers name[]. */
static const char *slot_word(ocl_gen *g, cux_ptx_wmma_frag f,
                             const char *name)
{
    return f.per_reg == 1 ? FMT("%s[q_]", name)
                          : FMT("%s[q_ / %uu]", name, f.per_reg);
}

static const char *slot_shift(ocl_gen *g, cux_ptx_wmma_frag f)
{
    return f.per_reg == 1 ? "0u" : FMT("(q_ %% %uu * %uu)", f.per_reg,
                                       f.bits);
}

static void load(ocl_gen *g, const cux_ptx_insn *insn)
{
    char which = (char)('a' + (insn->mode - CUX_MODE_LOAD_A));
    cux_ptx_wmma_frag f = cux_ptx_wmma_fragment(insn, which);
    const cux_ptx_operand *vec = cux_ocl_opnd(g, insn, 0);
    uint32_t first = first_regs(f);
    open_memory(g, insn, 1, f);
    EMIT("      uint f_[%u];\n", f.regs);
    for (uint32_t r = 0; r < first; r++)
        EMIT("      f_[%u] = 0u;\n", r);
    const char *a = slot_loop(g, insn, f);
    EMIT("        %s |= (uint)%s << %s;\n      }\n",
         slot_word(g, f, "f_"), element(g, insn, mem_type(f), a),
         slot_shift(g, f));
    for (uint32_t r = first; r < f.regs; r++) /* the matrix again */
        EMIT("      f_[%u] = f_[%u];\n", r, r % first);
    for (uint32_t r = 0; r < vec->count; r++)
        cux_ocl_dst_operand(g, insn, &g->func->operands[vec->first + r],
                            CUX_T_B32, FMT("f_[%u]", r));
    EMIT("    }\n");
}

static void store(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_wmma_frag f = cux_ptx_wmma_fragment(insn, 'd');
    const cux_ptx_operand *vec = cux_ocl_opnd(g, insn, 1);
    const char *t = mem_type(f);
    open_memory(g, insn, 0, f);
    EMIT("      uint f_[%u];\n", f.regs);
    for (uint32_t r = 0; r < vec->count; r++)
        EMIT("      f_[%u] = %s;\n", r,
             cux_ocl_src_operand(g, insn, &g->func->operands[vec->first + r],
                                 CUX_T_B32));
    const char *a = slot_loop(g, insn, f);
    const char *v = FMT("(%s)(%s >> %s)", t, slot_word(g, f, "f_"),
                        slot_shift(g, f));
    if (insn->space == CUX_SPACE_GLOBAL || insn->space == CUX_SPACE_SHARED)
        EMIT("        %s = %s;\n", element(g, insn, t, a), v);
    else
        EMIT("        CUX_GENERIC_ST(%s, %s, %s);\n", t, a, v);
    EMIT("      }\n    }\n");
}

/* The words of the cux_wmma_ scratch an mma takes per thread: a's first
 * copy, then b's. */
static uint32_t mma_words(const cux_ptx_insn *insn)
{
    return first_regs(cux_ptx_wmma_fragment(insn, 'a')) +
           first_regs(cux_ptx_wmma_fragment(insn, 'b'));
}

/* Reads fragment operand i's registers into the uint array name[]. */
static void read_fragment(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i,
                          const char *name, uint32_t count)
{
    const cux_ptx_operand *vec = cux_ocl_opnd(g, insn, i);
    EMIT("      uint %s[%u];\n", name, vec->count);
    for (uint32_t r = 0; r < count && r < vec->count; r++)
        EMIT("      %s[%u] = %s;\n", name, r,
             cux_ocl_src_operand(g, insn, &g->func->operands[vec->first + r],
                                 CUX_T_B32));
}

/* The d elements lane l_ holds: c's plus the products along its row of
 * a and column of b, from the warp's words at xa_ and xb_. */
static void mma_slots(ocl_gen *g, const cux_ptx_insn *insn, uint32_t words)
{
    cux_ptx_wmma_frag a = cux_ptx_wmma_fragment(insn, 'a');
    cux_ptx_wmma_frag c = cux_ptx_wmma_fragment(insn, 'c');
    cux_ptx_wmma_frag d = cux_ptx_wmma_fragment(insn, 'd');
    bool sat = (insn->flags & CUX_PTX_F_SAT) != 0;
    EMIT("      for (uint q_ = 0u; q_ < %uu; q_++) {\n"
         "        const uint e_ = q_ * %uu + l_;\n"
         "        const uint cv_ = %s >> %s", cux_wmma_slots(d),
         cux_wmma_slot_base(d, 1), slot_word(g, c, "c_"),
         slot_shift(g, c));
    EMIT(c.bits == 32 ? ";\n" : " & 0x%xu;\n",
         c.bits < 32 ? (1u << c.bits) - 1 : 0u); /* no 32-bit shift */
    const char *args = FMT("xa_, xb_, %uu, e_ >> %uu, e_ & %uu, %uu, %uu, "
                           "%s, %uu, %uu", words, log2u(d.cols), d.cols - 1,
                           a.cols, d.cols, cux_wmma_kind_name(a.type),
                           a.per_reg, a.bits);
    const char *value;
    if (d.type == CUX_T_S32)
        value = FMT("cux_wmma_pack_int(cux_wmma_dot_int(%s, (int)cv_), %d)",
                    args, sat);
    else
        value = FMT("cux_wmma_pack(cux_wmma_dot(%s, cux_wmma_float(cv_, "
                    "%s)), %s, %d)", args, cux_wmma_kind_name(c.type),
                    cux_wmma_kind_name(d.type), sat);
    EMIT("        %s |= %s << %s;\n      }\n", slot_word(g, d, "d_"), value,
         slot_shift(g, d));
}

void cux_ocl_wmma_deposit(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_wmma_frag a = cux_ptx_wmma_fragment(insn, 'a');
    uint32_t ra = first_regs(a), words = mma_words(insn);
    EMIT("    { const uint t_ = " FLAT ";\n");
    for (uint32_t r = 0; r < words; r++)
        EMIT("      cux_wmma_[t_ * %uu + %uu] = %s;\n", words, r,
             cux_ocl_src_operand(g, insn, &g->func->operands[
                 cux_ocl_opnd(g, insn, r < ra ? 1 : 2)->first +
                 (r < ra ? r : r - ra)], CUX_T_B32));
    EMIT("    }\n");
}

/* The layouts of a and b mattered to their loads only: a fragment holds
 * its matrix the same way whichever way memory held it.  c is read
 * whole before d is written: an accumulator is often both. */
void cux_ocl_wmma_compute(ocl_gen *g, const cux_ptx_insn *insn)
{
    cux_ptx_wmma_frag a = cux_ptx_wmma_fragment(insn, 'a');
    cux_ptx_wmma_frag c = cux_ptx_wmma_fragment(insn, 'c');
    cux_ptx_wmma_frag d = cux_ptx_wmma_fragment(insn, 'd');
    uint32_t words = mma_words(insn);
    EMIT("      { __local const uint *xa_ = cux_wmma_ + (t_ - l_) * %uu;\n"
         "        __local const uint *xb_ = xa_ + %uu;\n",
         words, first_regs(a));
    read_fragment(g, insn, 3, "c_", c.regs);
    EMIT("      uint d_[%u];\n", d.regs);
    for (uint32_t r = 0; r < d.regs; r++)
        EMIT("      d_[%u] = 0u;\n", r);
    mma_slots(g, insn, words);
    const cux_ptx_operand *vec = cux_ocl_opnd(g, insn, 0);
    for (uint32_t r = 0; r < vec->count; r++)
        cux_ocl_dst_operand(g, insn, &g->func->operands[vec->first + r],
                            CUX_T_B32, FMT("d_[%u]", r));
    EMIT("      }\n");
}

/* mma where the whole block is converged: the exchange between two
 * barriers, as ocl_warp.c's collectives. */
static void mma(ocl_gen *g, const cux_ptx_insn *insn)
{
    if (!g->func->is_entry || !cux_ocl_whole_block(g, insn)) {
        cux_ocl_fail(g, insn, "wmma.mma %s", !g->func->is_entry
                     ? "in a device function"
                     : "that only some threads of the block reach");
        return;
    }
    cux_ocl_wmma_deposit(g, insn);
    EMIT("    barrier(CLK_LOCAL_MEM_FENCE);\n"
         "    { const uint t_ = " FLAT ", l_ = t_ & 31u;\n");
    cux_ocl_wmma_compute(g, insn);
    EMIT("    }\n    barrier(CLK_LOCAL_MEM_FENCE);\n");
}

void cux_ocl_wmma(ocl_gen *g, const cux_ptx_insn *insn)
{
    switch (insn->mode) {
    case CUX_MODE_MMA: mma(g, insn); break;
    case CUX_MODE_STORE_D: store(g, insn); break;
    default: load(g, insn); break;
    }
}

uint32_t cux_ocl_wmma_scratch_words(const cux_ptx_func *f)
{
    uint32_t words = 0;
    for (uint32_t i = 0; i < f->n_insns; i++)
        if (f->insns[i].op == CUX_OP_WMMA && f->insns[i].mode == CUX_MODE_MMA &&
            mma_words(&f->insns[i]) > words)
            words = mma_words(&f->insns[i]);
    return words;
}

/* The most threads a block of the kernel may have: .reqntid's or
 * .maxntid's (the runtime refuses a larger block), else CUDA's 1024. */
static uint32_t block_bound(const cux_ptx_func *f)
{
    const uint32_t *dims = f->reqntid[0] ? f->reqntid
                         : f->maxntid[0] ? f->maxntid : NULL;
    if (!dims)
        return 1024;
    uint64_t n = 1;
    for (int i = 0; i < 3; i++)
        n *= dims[i] ? dims[i] : 1;
    return n < 1024 ? (uint32_t)n : 1024;
}

void cux_ocl_wmma_declare(ocl_gen *g)
{
    uint32_t words = cux_ocl_wmma_scratch_words(g->func);
    if (words) /* mma's words of a and b, per thread of the block */
        EMIT("    __local uint cux_wmma_[%u];\n",
             words * block_bound(g->func));
}

const char *cux_ocl_wmma_helpers(void)
{
    return
        "/* wmma (ocl_wmma.c): element kinds, numbered as the CPU "
        "prelude's */\n"
        "#define CUX_WMMA_F16 0\n#define CUX_WMMA_BF16 1\n"
        "#define CUX_WMMA_TF32 2\n#define CUX_WMMA_F32 3\n"
        "#define CUX_WMMA_S8 4\n#define CUX_WMMA_U8 5\n#define CUX_WMMA_S32 6\n"
        "/* the bits of element e (row-major) of a fragment whose lanes left\n"
        " * the registers of its first copy in x, lane l's register j at\n"
        " * x[l * w + j]: lane e % 32 holds it in slot e / 32 */\n"
        "static uint cux_wmma_bits(__local const uint *x, uint w, uint e,\n"
        "                          uint per, uint bits)\n{\n"
        "    uint q = e >> 5, v = x[(e & 31u) * w + q / per];\n"
        "    return bits == 32u ? v : (v >> (q % per * bits)) & "
        "((1u << bits) - 1u);\n}\n"
        "/* an element's value, exactly; tf32 keeps 10 mantissa bits */\n"
        "static float cux_wmma_float(uint v, int kind)\n{\n"
        "    switch (kind) {\n"
        "    case CUX_WMMA_F16: return cux_half_to_float((ushort)v);\n"
        "    case CUX_WMMA_BF16: return cux_bf16_to_float((ushort)v);\n"
        "    case CUX_WMMA_TF32: return as_float(v & 0xffffe000u);\n"
        "    default: return as_float(v);\n    }\n}\n"
        "static long cux_wmma_int(uint v, int kind)\n{\n"
        "    return kind == CUX_WMMA_S8 ? (long)(char)v : (long)v;\n}\n"
        "/* d[r][c] = acc plus a[r][k] * b[k][c] in k order, each product\n"
        " * rounded to float before it is added, as on the CPU device */\n"
        "static float cux_wmma_dot(__local const uint *xa, __local const "
        "uint *xb,\n    uint w, uint r, uint c, uint K, uint N, int kind, "
        "uint per, uint bits,\n    float acc)\n{\n"
        "    for (uint k = 0u; k < K; k++) {\n"
        "        float p = cux_wmma_float(cux_wmma_bits(xa, w, r * K + k, "
        "per, bits), kind)\n"
        "                * cux_wmma_float(cux_wmma_bits(xb, w, k * N + c, "
        "per, bits), kind);\n"
        "        acc += p;\n    }\n    return acc;\n}\n"
        "static long cux_wmma_dot_int(__local const uint *xa, __local const "
        "uint *xb,\n    uint w, uint r, uint c, uint K, uint N, int kind, "
        "uint per, uint bits,\n    int acc)\n{\n"
        "    long s = acc;\n"
        "    for (uint k = 0u; k < K; k++)\n"
        "        s += cux_wmma_int(cux_wmma_bits(xa, w, r * K + k, per, bits), "
        "kind)\n"
        "           * cux_wmma_int(cux_wmma_bits(xb, w, k * N + c, per, bits), "
        "kind);\n"
        "    return s;\n}\n"
        "/* .satfinite: NaN is 0, beyond the type's largest finite value "
        "that */\n"
        "static float cux_wmma_satfinite(float v, float max)\n{\n"
        "    return isnan(v) ? 0.0f : v > max ? max : v < -max ? -max : v;\n}\n"
        "/* a result's bits: f16 rounded once, to nearest even */\n"
        "static uint cux_wmma_pack(float x, int kind, int sat)\n{\n"
        "    if (kind == CUX_WMMA_F16)\n"
        "        return cux_float_to_half(sat ? cux_wmma_satfinite(x, 65504.0f)"
        " : x);\n"
        "    return as_uint(sat ? cux_wmma_satfinite(x, 0x1.fffffep127f) : "
        "x);\n"
        "}\n"
        "/* an s32 result: clamped under .satfinite, else wrapping */\n"
        "static uint cux_wmma_pack_int(long s, int sat)\n{\n"
        "    if (sat)\n"
        "        s = s > 2147483647L ? 2147483647L : s < -2147483648L ? "
        "-2147483648L : s;\n"
        "    return (uint)s;\n}\n\n";
}
