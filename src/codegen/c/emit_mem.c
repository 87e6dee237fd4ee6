/* emit_mem.c: moves, address-space conversion, loads, stores, atomics
 * and fences (cvt is a lane operation, emit_alu.c).  Memory is touched lane by lane in lane
 * order and only by active lanes, so inactive lanes never fault. */
#include "cgen.h"
#include "codegen/common/tex_geometry.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* mov with a vector operand packs or unpacks bit fields. */
static void mov_vector(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    const cux_ptx_operand *src = cux_cgen_opnd(g, insn, 1);
    bool pack = src->kind == CUX_OPND_VEC;
    const cux_ptx_operand *vec = pack ? src : dst;
    uint32_t total = cux_ptx_type_size(t) * 8, n = vec->count;
    uint32_t ebits = n ? total / n : total;
    cux_ptx_type et = ebits == 8 ? CUX_T_U8 : ebits == 16 ? CUX_T_U16
                    : ebits == 32 ? CUX_T_U32 : CUX_T_U64;
    cux_ptx_type ut = total == 32 ? CUX_T_U32 : total == 64 ? CUX_T_U64 : CUX_T_U16;
    if (pack) {
        EMIT("    { %s t_ = {0};\n", cux_cgen_vtype(ut));
        for (uint32_t i = 0; i < n; i++) {
            const cux_ptx_operand *e = &g->func->operands[vec->first + i];
            if (e->kind == CUX_OPND_SINK)
                continue;
            EMIT("      t_ |= (%s & (%s)0x%" PRIx64 "u) << %u;\n",
                 cux_cgen_src_operand(g, insn, e, ut), cux_cgen_wtype(ut),
                 (uint64_t)(ebits == 64 ? ~0ull : (1ull << ebits) - 1), i * ebits);
        }
        cux_cgen_dst(g, insn, 0, ut, "t_");
        EMIT("    }\n");
        return;
    }
    EMIT("    { %s s_ = %s;\n", cux_cgen_vtype(ut), cux_cgen_src(g, insn, 1, ut));
    for (uint32_t i = 0; i < n; i++) {
        const cux_ptx_operand *e = &g->func->operands[vec->first + i];
        cux_ptx_type piece = et == CUX_T_U8 ? CUX_T_U16 : et;
        cux_cgen_dst_operand(g, insn, e, piece,
                             FMT("__builtin_convertvector((s_ >> %u) & "
                                 "(%s)0x%" PRIx64 "u, %s)", i * ebits,
                                 cux_cgen_wtype(ut),
                                 (uint64_t)(ebits == 64 ? ~0ull
                                                        : (1ull << ebits) - 1),
                                 cux_cgen_vtype(piece)));
    }
    EMIT("    }\n");
}

static bool mov(cux_cgen *g, const cux_ptx_insn *insn)
{
    if (cux_cgen_opnd(g, insn, 0)->kind == CUX_OPND_VEC ||
        cux_cgen_opnd(g, insn, 1)->kind == CUX_OPND_VEC) {
        mov_vector(g, insn);
        return true;
    }
    cux_cgen_dst(g, insn, 0, insn->type, cux_cgen_src(g, insn, 1, insn->type));
    return true;
}

static bool cvta(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const char *src = cux_cgen_src(g, insn, 1, CUX_T_U64);
    const char *value = insn->space != CUX_SPACE_SHARED ? src
        : FMT("(%s %c CUX_SPLAT64((uintptr_t)blk->shared))", src,
              insn->flags & CUX_PTX_F_TO ? '-' : '+');
    if (cux_ptx_type_size(t) == 8)
        cux_cgen_dst(g, insn, 0, CUX_T_U64, value);
    else
        cux_cgen_dst(g, insn, 0, CUX_T_U32,
                     FMT("__builtin_convertvector(%s, cux_vu32)", value));
    return true;
}

static bool isspacep(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = CUX_T_U64;
    const char *test;
    switch (insn->space) {
    case CUX_SPACE_SHARED:
        test = "a_[l] - (uintptr_t)blk->shared < blk->shared_bytes"; break;
    case CUX_SPACE_LOCAL:
        test = "a_[l] - (uintptr_t)w->local < 32ull * w->local_stride"; break;
    case CUX_SPACE_GLOBAL:
        test = "!(a_[l] - (uintptr_t)blk->shared < blk->shared_bytes) && "
               "!(a_[l] - (uintptr_t)w->local < 32ull * w->local_stride)"; break;
    default:
        test = "0";
    }
    EMIT("    { cux_vu64 a_ = %s; cux_vs32 t_;\n"
         "      CUX_LANES t_[l] = -(int32_t)(%s);\n", cux_cgen_src(g, insn, 1, t), test);
    cux_cgen_dst(g, insn, 0, CUX_T_PRED, "t_");
    EMIT("    }\n");
    return true;
}

static uint32_t vector_count(const cux_cgen *g, const cux_ptx_insn *insn, uint32_t i)
{
    const cux_ptx_operand *op = &g->func->operands[insn->first_operand + i];
    return op->kind == CUX_OPND_VEC ? op->count : 1;
}

static const cux_ptx_operand *element(const cux_cgen *g, const cux_ptx_insn *insn,
                                      uint32_t i, uint32_t e)
{
    const cux_ptx_operand *op = &g->func->operands[insn->first_operand + i];
    return op->kind == CUX_OPND_VEC ? &g->func->operands[op->first + e] : op;
}

/* How an address varies across the warp, which decides the fast path. */
typedef enum address_shape {
    ADDR_PER_LANE,  /* computed per lane, no structure known */
    ADDR_REGISTER,  /* register + offset: may be contiguous at run time */
    ADDR_UNIFORM,   /* the same for every lane (a variable or constant) */
} address_shape;

static address_shape shape_of(cux_cgen *g, const cux_ptx_operand *addr)
{
    if (addr->kind != CUX_OPND_ADDR)
        return ADDR_PER_LANE;
    if (g->one_lane) /* a call's parameters in lane l's slot, too */
        return ADDR_UNIFORM;
    if (addr->base_kind == CUX_OPND_REG)
        return cux_cgen_reg_scalar(g, addr->value) ? ADDR_UNIFORM
                                                    : ADDR_REGISTER;
    if (addr->base_kind != CUX_OPND_VAR)
        return ADDR_UNIFORM;
    const cux_ptx_var *var = &g->module->vars[addr->value];
    if (var->space == CUX_SPACE_LOCAL)
        return ADDR_PER_LANE;
    if (var->space == CUX_SPACE_PARAM && !g->layout->kernel_param[addr->value])
        return ADDR_PER_LANE;
    return ADDR_UNIFORM;
}

/* A GPU refuses an access whose address is not a multiple of its size
 * (vector accesses: of the whole vector) with cudaErrorMisalignedAddress;
 * x86 would complete it, so an address not known aligned
 * (analysis/alignment.c) nor tested earlier in the block is tested
 * before the access, as cheaply as its shape allows.  Only addresses
 * held in registers: variables, and the local and parameter windows cux
 * lays out itself, are aligned as declared. */
static bool written_between(cux_cgen *g, uint32_t reg, uint32_t from,
                            uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        uint32_t regs[16], n = cux_cgen_written(g, &g->func->insns[i], regs, 16);
        for (uint32_t k = 0; k < n; k++)
            if (regs[k] == reg)
                return true;
    }
    return false;
}

/* Whether an earlier test in this block, for every live lane, already
 * covers [reg + off] at `size`: one of the same register not written
 * since (an unrolled loop's [%rd9+128], [%rd9+256], ... differ by
 * multiples of the size), or of an address as aligned as the same
 * parameter, whose value the launch fixes; records this test otherwise. */
static bool tested_before(cux_cgen *g, const cux_ptx_insn *insn, uint32_t reg,
                          int64_t off, uint32_t size)
{
    uint32_t at = (uint32_t)(insn - g->func->insns);
    if ((uint64_t)off % size)
        return false;
    uint32_t root = cux_alignment_root(&g->alignment, reg, off, size);
    uint32_t key = root ? g->func->n_regs + root : reg;
    if (g->aligned_run[key] == g->block_run && g->aligned_size[key] >= size &&
        (root || !written_between(g, reg, g->aligned_insn[key] + 1, at)))
        return true;
    if (insn->guard < 0) { /* a guard tests only its lanes */
        g->aligned_run[key] = g->block_run;
        g->aligned_insn[key] = at;
        g->aligned_size[key] = (uint8_t)size;
    }
    return false;
}

/* The value of the kernel parameter that parameter load `root`
 * (analysis/alignment.c) reads, as a C expression. */
static const char *root_value(cux_cgen *g, uint32_t root)
{
    const cux_ptx_insn *load = &g->func->insns[root - 1];
    const cux_ptx_operand *addr = &g->func->operands[load->first_operand + 1];
    cux_ptx_type t = (cux_ptx_type)load->type;
    return FMT("(uint64_t)*(const uint%u_t *)((const char *)blk->params + %"
               PRId64 ")", cux_ptx_type_size(t) * 8,
               (int64_t)g->layout->local_offset[addr->value] + addr->imm);
}

static void emit_alignment_check(cux_cgen *g, const cux_ptx_insn *insn,
                                 const cux_ptx_operand *aop, uint32_t size)
{
    cux_ptx_space space = (cux_ptx_space)insn->space;
    if (size < 2 || aop->kind != CUX_OPND_ADDR ||
        aop->base_kind != CUX_OPND_REG ||
        (space != CUX_SPACE_GLOBAL && space != CUX_SPACE_SHARED &&
         space != CUX_SPACE_GENERIC) ||
        cux_alignment_known(&g->alignment, aop->value, aop->imm, size) ||
        tested_before(g, insn, aop->value, aop->imm, size))
        return;
    uint32_t reg = aop->value;
    uint64_t mask = size - 1;
    const char *imm = FMT("(uint64_t)%" PRId64 "ll", aop->imm);
    const char *report = FMT("blk->svc->misaligned(blk, w, l, a_, %u, %u); "
                             "return CUX_WARP_FAULT;", size, insn->line);
    uint32_t root = cux_alignment_root(&g->alignment, reg, aop->imm, size);
    if (cux_cgen_reg_scalar(g, reg)) {
        const char *a = FMT("(uint64_t)%s + %s", cux_cgen_reg_name(g, reg), imm);
        EMIT("    if (__builtin_expect(em && ((%s) & %" PRIu64 "u), 0)) "
             "{ const int l = __builtin_ctz(em); uint64_t a_ = %s; %s }\n",
             a, mask, a, report);
        return;
    }
    if (cux_cgen_lane_gather(g, aop)) {
        /* each lane's address from its definitions, as the access will */
        const char *at = FMT("((uint64_t)(uintptr_t)%s - (uint64_t)%s)",
                             cux_cgen_lane_address(g, aop, space),
                             space == CUX_SPACE_SHARED ? "(uintptr_t)sh_"
                                                       : "0");
        const char *any = root ? FMT("((%s) & %" PRIu64 "u)",
                                     root_value(g, root), mask)
            : FMT("({ uint64_t o_ = 0; CUX_LANES o_ |= em >> l & 1 ? %s : 0; "
                  "o_ & %" PRIu64 "u; })", at, mask);
        EMIT("    if (__builtin_expect(em && %s, 0))\n"
             "      CUX_LANES if (em >> l & 1 && (%s & %" PRIu64 "u)) "
             "{ uint64_t a_ = %s; %s }\n", any, at, mask, at, report);
        return;
    }
    /* A test any misaligned lane fails, as cheap as the address allows:
     * of the parameter the address is as aligned as, or of lane 0 (and
     * 16) where the strides are multiples of the size (also where a
     * 32-bit step wrapped: the low bits are the same), or where the warp
     * is one row whatever the %tid.y stride, or two halves. */
    const char *may_fail = "1";
    bool every_lane = false; /* then it fails for every lane or none */
    int64_t sx, sy;
    bool y_known;
    if (root) {
        may_fail = FMT("((%s) & %" PRIu64 "u)", root_value(g, root), mask);
        every_lane = true;
    } else if (g->lane_values[reg] &&
               cux_cgen_reg_affine(g, reg, &sx, &sy, &y_known) &&
               (uint64_t)sx % size == 0) {
        int y_zeros = cux_affine_y_zeros(&g->affine, reg);
        bool rows_aligned = y_known ? (uint64_t)sy % size == 0
                                    : y_zeros < 32 && (1u << y_zeros) >= size;
        const char *lane0 = FMT("((%s + %s) & %" PRIu64 "u)",
                                cux_cgen_lane_value(g, reg, 0), imm, mask);
        every_lane = rows_aligned;
        if (rows_aligned)
            may_fail = lane0;
        else if (g->half_lanes)
            may_fail = FMT("(xrun == 32 ? %s : xrun != 16 || (((%s | %s) + "
                           "%s) & %" PRIu64 "u))", lane0,
                           cux_cgen_lane_value(g, reg, 0),
                           cux_cgen_lane_value(g, reg, 16), imm, mask);
        else
            may_fail = FMT("(xrun != 32 || %s)", lane0);
    }
    if (every_lane) {
        /* The first live lane is a misaligned one.  Its address where it
         * is at hand: forming the 32 addresses here, even on this cold
         * path, made stencil 5% slower. */
        const char *at = g->exact_affine[reg] || !g->lane_only[reg]
            ? FMT("(uint64_t)%s + %s", cux_cgen_reg_lane(g, reg), imm)
            : "CUX_ADDRESS_UNKNOWN";
        EMIT("    if (__builtin_expect(em && %s, 0)) { const int l = "
             "__builtin_ctz(em); uint64_t a_ = %s; %s }\n", may_fail, at,
             report);
        return;
    }
    /* Else the 32 addresses, formed here for this test alone when the
     * register keeps only some lanes (the access forms them again). */
    bool formed_before = g->vector_formed;
    EMIT("    if (__builtin_expect(em && %s, 0)) {\n", may_fail);
    cux_cgen_form_vector(g, reg);
    EMIT("      cux_vu64 v_ = __builtin_convertvector(%s, cux_vu64) + %s;\n"
         "      if (cux_misaligned_bits(v_, em, %" PRIu64 "u))\n"
         "        CUX_LANES if (em >> l & 1 && (v_[l] & %" PRIu64 "u)) "
         "{ uint64_t a_ = v_[l]; %s }\n    }\n",
         cux_cgen_reg_vector(g, reg), imm, mask, mask, report);
    g->vector_formed = formed_before;
}

/* A call's argument or result of one scalar: its lanes lie side by side
 * in the parameter's lane-major array (emit_call.c), so the warp's
 * values move as one vector.  The array's name, or NULL. */
static const char *param_lanes(cux_cgen *g, const cux_ptx_insn *insn,
                               const cux_ptx_operand *addr, uint32_t n)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t size = cux_ptx_type_size(t);
    if (n != 1 || shape_of(g, addr) != ADDR_PER_LANE ||
        addr->kind != CUX_OPND_ADDR || addr->base_kind != CUX_OPND_VAR ||
        addr->imm || (insn->flags & CUX_PTX_F_VOLATILE) ||
        size * 8 != cux_lane_bits(t))
        return NULL;
    const cux_ptx_var *var = &g->module->vars[addr->value];
    if (var->space != CUX_SPACE_PARAM || var->size != size)
        return NULL;
    return FMT("pv%u", addr->value);
}

/* What a register address of the access is relative to. */
static const char *base_of(const cux_ptx_insn *insn)
{
    return insn->space == CUX_SPACE_SHARED ? "sh_" : "(char *)0";
}

/* Opens `if (the whole warp's addresses are one run of size-byte
 * elements) { char *p_ = the first;` by comparing the 32 addresses. */
static void open_run_test(cux_cgen *g, const cux_ptx_insn *insn,
                          const cux_ptx_operand *addr, uint32_t size)
{
    cux_cgen_form_vector(g, addr->value);
    EMIT("      cux_vu64 ad_ = __builtin_convertvector(%s, cux_vu64);\n"
         "      if (em == 0xffffffffu && cux_contiguous(ad_, %u)) {\n"
         "        char *p_ = %s + (uintptr_t)ad_[0] + %lld;\n",
         cux_cgen_reg_vector(g, addr->value), size, base_of(insn),
         (long long)addr->imm);
}

/* The bytes reg grows by from one block to the next, as C; NULL where
 * that is not known or 0. */
static const char *block_step_bytes(cux_cgen *g, uint32_t reg)
{
    int64_t scale;
    uint8_t factor;
    uint32_t param;
    if (!cux_block_step_of(&g->block_step, reg, &scale, &factor, &param) ||
        !scale)
        return NULL;
    const char *bytes = FMT("%lldll", (long long)scale);
    if (factor != CUX_STEP_ONE)
        bytes = FMT("%s * (int64_t)blk->ntid[%d]", bytes,
                    factor - CUX_STEP_NTID_X);
    if (param) { /* read where it lies: its register may be gone */
        const cux_ptx_insn *ld = &g->func->insns[param - 1];
        const cux_ptx_operand *at = cux_cgen_opnd(g, ld, 1);
        if (!g->layout->kernel_param[at->value])
            return NULL;
        bytes = FMT("%s * (int64_t)*(const %s *)(%s)", bytes,
                    cux_cgen_stype((cux_ptx_type)ld->type),
                    cux_cgen_address(g, ld, at, CUX_SPACE_PARAM));
    }
    return bytes;
}

/* A global access at addr whose warp touches one run: its lanes'
 * addresses step by the element size (*sx). */
static bool one_global_run(cux_cgen *g, const cux_ptx_insn *insn,
                           const cux_ptx_operand *addr, int64_t *sx)
{
    return (insn->space == CUX_SPACE_GLOBAL ||
            insn->space == CUX_SPACE_GENERIC) &&
           insn->vec <= 1 && !(insn->flags & CUX_PTX_F_VOLATILE) &&
           addr->kind == CUX_OPND_ADDR && addr->base_kind == CUX_OPND_REG &&
           cux_cgen_reg_affine(g, addr->value, sx, NULL, NULL) &&
           *sx == (int64_t)cux_ptx_type_size((cux_ptx_type)insn->type);
}

/* Where the next block continues this block's run (copy's `b[i] =
 * a[i]`), the hardware streams it, yet not far enough ahead: a worker's
 * warps issue a copy's loads and stores a few lines at a time, and each
 * waited for memory.  In a block of one row, the block's first warp
 * fetches the block's run (`step` bytes, at most 4 KB) the first whole
 * block at least RUN_AHEAD bytes on, for writing where it stores: copy
 * 11.0-11.5 to 8.1-8.7 ms with one thread, the stores' fetches most of
 * it (9.7-10.4 without the loads'); 8 and 4 KB on measured 8.3-8.8 and
 * 8.2-8.7.  A block of rows continues each row apart (stencil's).
 * performance.md, item 68. */
enum { RUN_AHEAD = 16384, STREAM_INSNS = 12, CALL_INSNS = 16 };

/* Whether the function's warps mostly move memory: at most STREAM_INSNS
 * instructions per whole-warp run of global memory it reads or writes,
 * a call (libdevice's expf, a device function) counting as CALL_INSNS.
 * Where they compute more (blackscholes: 1.05x slower with the fetches
 * above) the hardware keeps up, and the fetches only cost their
 * instructions. */
static bool streams(cux_cgen *g)
{
    if (g->streams < 0) {
        uint32_t runs = 0, work = 0;
        for (uint32_t i = 0; i < g->func->n_insns; i++) {
            const cux_ptx_insn *insn = &g->func->insns[i];
            int64_t sx;
            work += insn->op == CUX_OP_CALL ? CALL_INSNS : 1;
            if ((insn->op == CUX_OP_LD || insn->op == CUX_OP_ST) &&
                insn->n_operands == 2 &&
                one_global_run(g, insn,
                               cux_cgen_opnd(g, insn, insn->op == CUX_OP_LD),
                               &sx))
                runs++;
        }
        g->streams = runs && work <= STREAM_INSNS * runs;
    }
    return g->streams;
}

static const char *continued_run_fetch(cux_cgen *g, const char *step,
                                       bool load)
{
    if (!streams(g))
        return "";
    return FMT("if (w->index == 0 && blk->nthreads == blk->ntid[0]) { "
               "int64_t r_ = %s, a_ = r_ * ((%d + r_ - "
               "1) / r_); for (int64_t q_ = 0; q_ < r_ && q_ < 4096; q_ += "
               "64) __builtin_prefetch(p_ + a_ + q_, %d); }",
               step, RUN_AHEAD, !load);
}

/* A block's warps run one after another and a worker's blocks in order,
 * so the next block's accesses follow this one's by the block step.
 * Where they do not continue this block's run (the rows of transpose's
 * 32 x 8 tiles, 16 KB apart), the hardware prefetcher, which follows a
 * few streams within a page, loses them, and every block waited on its
 * first touch of each row: at a whole warp's run outside every loop,
 * the warp fetches its run of the next block, for writing where it
 * stores (transpose's output rows, 32 * n floats on).  transpose 0.60x
 * with the loads alone (one thread); a run the next block continues
 * (copy's `b[i] = a[i]`) gets nothing, as the hardware streams it.
 * Loops have their own fetches (item 52 and cux_cgen_loop_entry).
 * performance.md, item 57. */
static const char *next_run_fetch(cux_cgen *g, const cux_ptx_insn *insn,
                                  const cux_ptx_operand *addr, uint32_t size,
                                  bool load)
{
    int64_t sx, scale;
    uint8_t factor;
    uint32_t param;
    const char *step;
    if (g->one_lane || g->induction.loop[g->block] ||
        !one_global_run(g, insn, addr, &sx) ||
        !cux_block_step_of(&g->block_step, addr->value, &scale, &factor,
                           &param) ||
        !(step = block_step_bytes(g, addr->value)))
        return "";
    if (factor == CUX_STEP_NTID_X && scale == sx && !param)
        return continued_run_fetch(g, step, load);
    const char *at = FMT("p_ + %s", step);
    const char *fetch = "";
    for (uint32_t k = 0; k < 32 * size; k += 64)
        fetch = FMT("%s __builtin_prefetch(%s + %u, %d);", fetch, at, k, !load);
    /* a run that starts inside a line ends in one more */
    return FMT("%s __builtin_prefetch(%s + %u, %d);", fetch, at,
               32 * size - 1, !load);
}

/* How open_contiguous_path left the code.  STRIDED_PATH: the lanes a
 * constant stride apart, with no run to test for; the caller closes one
 * brace more after its slow path, as for FAST_PATHS_NESTED. */
enum { NO_FAST_PATH, FAST_PATH, FAST_PATHS_NESTED, STRIDED_PATH };

/* Whether the code ends in the 32-address run test's open `if`; whether
 * the caller closes one brace more after its slow path. */
static bool run_tested(int fast)
{
    return fast == FAST_PATH || fast == FAST_PATHS_NESTED;
}

static bool nested(int fast)
{
    return fast == FAST_PATHS_NESTED || fast == STRIDED_PATH;
}

/* For a register address, emits the fast paths, each running `body` (a
 * copy between the warp's registers and p_) when the warp's addresses are
 * one run of `size`-byte elements, and leaves an `else` of the last one
 * open.  A lane-affine address is tested on its lanes 0 and 31 first
 * (emit_affine.c, which copies `value` itself), without forming the
 * warp's 32 addresses; otherwise, or when that test fails, the 32
 * addresses are compared.  FAST_PATHS_NESTED: the caller closes one
 * brace more after its slow path. */
static int open_contiguous_path(cux_cgen *g, const cux_ptx_insn *insn,
                                const cux_ptx_operand *addr, uint32_t n,
                                cux_ptx_type t, bool load, const char *value,
                                const char *body)
{
    uint32_t size = cux_ptx_type_size(t);
    if (n != 1 || shape_of(g, addr) != ADDR_REGISTER ||
        size * 8 != cux_lane_bits(t) || cux_cgen_lane_gather(g, addr))
        return NO_FAST_PATH;
    cux_affine_paths affine = cux_cgen_affine_access(
        g, addr->value, t, base_of(insn), addr->imm, load,
        insn->space == CUX_SPACE_SHARED, value,
        next_run_fetch(g, insn, addr, size, load));
    if (affine == CUX_AFFINE_STRIDED)
        /* lanes of one row are never one run: the shapes the strided
         * path leaves (rows shorter than a warp) go lane by lane */
        return STRIDED_PATH;
    open_run_test(g, insn, addr, size);
    EMIT("        %s\n", body);
    return affine == CUX_AFFINE_RUNS ? FAST_PATHS_NESTED : FAST_PATH;
}

/* Whether insn is a .v2/.v4 access, not volatile, through a register
 * address that is not a lane-only gather, and (a store) writing every
 * element: what the vector paths below serve. */
static bool vector_access(cux_cgen *g, const cux_ptx_insn *insn,
                          const cux_ptx_operand *addr, uint32_t n, bool load)
{
    if (n == 1 || (insn->flags & CUX_PTX_F_VOLATILE) ||
        shape_of(g, addr) != ADDR_REGISTER || cux_cgen_lane_gather(g, addr))
        return false;
    for (uint32_t e = 0; e < n && !load; e++)
        if (element(g, insn, 1, e)->kind == CUX_OPND_SINK)
            return false;
    return true;
}

/* A .v2 or .v4 access whose lanes' vectors lie one after another (an
 * array of float2, float4, double2 read or written by consecutive
 * threads): the whole warp's moves through the prelude's permutes
 * (emit_affine.c); lane by lane, a float4 load was 128 scalar loads and
 * as many inserts.  Leaves an `else` open; false, with nothing emitted,
 * where it does not apply. */
static bool open_vector_path(cux_cgen *g, const cux_ptx_insn *insn,
                             const cux_ptx_operand *addr, uint32_t n,
                             bool load)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (!vector_access(g, insn, addr, n, load) ||
        cux_ptx_type_size(t) * 8 != cux_lane_bits(t))
        return false;
    return cux_cgen_affine_vectors(g, addr->value, t, n, base_of(insn),
                                   addr->imm, load, load ? "t" : "v");
}

/* Whether insn moves one byte per lane through a register address
 * that is not a lane-only gather: what the byte paths below serve. */
static bool byte_access(cux_cgen *g, const cux_ptx_insn *insn,
                        const cux_ptx_operand *addr, uint32_t value)
{
    return vector_count(g, insn, value) == 1 &&
           cux_ptx_type_size((cux_ptx_type)insn->type) == 1 &&
           shape_of(g, addr) == ADDR_REGISTER && !cux_cgen_lane_gather(g, addr);
}

/* A whole warp's byte access through an affine address with lanes sx
 * bytes apart: the test of lanes 0 and 31 for that spread, and the
 * address of lane 0's byte. */
static const char *byte_run(cux_cgen *g, const cux_ptx_insn *insn,
                            const cux_ptx_operand *addr, int64_t sx,
                            const char **at)
{
    *at = FMT("%s + (uintptr_t)%s + %lld", base_of(insn),
              cux_cgen_lane_value(g, addr->value, 0), (long long)addr->imm);
    return FMT("em == 0xffffffffu && xrun == 32 && (uint64_t)%s - "
               "(uint64_t)%s == %lldu", cux_cgen_lane_value(g, addr->value, 31),
               cux_cgen_lane_value(g, addr->value, 0), (long long)(31 * sx));
}

/* Opens the test that a whole warp's bytes are 32 consecutive ones, p_
 * at the first: lanes 0 and 31 of an affine address show it, else the 32
 * addresses are compared. */
static void open_byte_run(cux_cgen *g, const cux_ptx_insn *insn,
                          const cux_ptx_operand *addr)
{
    int64_t sx, sy;
    const char *at;
    if (cux_cgen_reg_affine(g, addr->value, &sx, &sy, NULL) && sx == 1) {
        const char *run = byte_run(g, insn, addr, 1, &at);
        EMIT("      if (%s) {\n        char *p_ = %s;\n", run, at);
    } else {
        open_run_test(g, insn, addr, 1);
    }
}

/* A byte load (8-bit types live in 16-bit lanes, so the paths above do
 * not apply): a whole warp reading 32 consecutive bytes, as image and
 * text kernels do, reads them at once and widens them.  Bytes 2, 3 or 4
 * apart (the channels of uchar2, uchar3 and uchar4 pixels) are read as
 * their span, 64 to 128 bytes, whose every sx-th byte GCC picks with a
 * permute or two: lane by lane an RGBA-to-grey kernel ran 2.8x OpenMP.
 * The span's last bytes past the last lane's lie in the guard bands of
 * shared memory (block.c), elsewhere where the test says they share its
 * page.  Leaves an `else` open; false (nothing emitted) for other
 * loads. */
static bool open_byte_path(cux_cgen *g, const cux_ptx_insn *insn,
                           const cux_ptx_operand *addr)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if (!byte_access(g, insn, addr, 0))
        return false;
    const char *bt = cux_ptx_type_is_signed(t) ? "cux_vs8" : "cux_vu8";
    int64_t sx, sy;
    const char *at;
    if (cux_cgen_reg_affine(g, addr->value, &sx, &sy, NULL) && sx >= 2 &&
        sx <= 4) {
        const char *page = insn->space == CUX_SPACE_SHARED ? "1"
            : FMT("(((uintptr_t)p_ + %lld) ^ ((uintptr_t)p_ + %lld)) < 4096",
                  (long long)(31 * sx), (long long)(32 * sx - 1));
        const char *run = byte_run(g, insn, addr, sx, &at);
        EMIT("      char *p_ = %s;\n      if (%s && %s) {\n"
             "        %s b8_; uint8_t s_[%lld]; memcpy(s_, p_, sizeof s_);\n"
             "        CUX_LANES b8_[l] = s_[l * %lld];\n"
             "        t0_ = __builtin_convertvector(b8_, %s);\n      } else\n",
             at, run, page, bt, (long long)(32 * sx), (long long)sx,
             cux_cgen_vtype(t));
        return true;
    }
    open_byte_run(g, insn, addr);
    EMIT("        %s b8_; memcpy(&b8_, p_, sizeof b8_);\n"
         "        t0_ = __builtin_convertvector(b8_, %s);\n      } else\n",
         bt, cux_cgen_vtype(t));
    return true;
}

/* A .v2 or .v4 byte access whose lanes' vectors lie one after another
 * (uchar2, uchar4 and char4 pixels, read or written whole): the warp's
 * 64 or 128 bytes move at once and their bytes are sorted into the
 * registers, or back, by GCC's permutes; lane by lane, a read of an
 * RGBA pixel was 128 byte loads.  The span holds exactly the lanes'
 * vectors.  Leaves an `else` open; false (nothing emitted) for other
 * accesses. */
static bool open_byte_vector_path(cux_cgen *g, const cux_ptx_insn *insn,
                                  const cux_ptx_operand *addr, uint32_t n,
                                  bool load)
{
    int64_t sx, sy;
    cux_ptx_type t = (cux_ptx_type)insn->type;
    if ((n != 2 && n != 4) || cux_ptx_type_size(t) != 1 ||
        !vector_access(g, insn, addr, n, load) ||
        !cux_cgen_reg_affine(g, addr->value, &sx, &sy, NULL) || sx != (int64_t)n)
        return false;
    const char *at, *run = byte_run(g, insn, addr, n, &at);
    const char *bt = cux_ptx_type_is_signed(t) ? "cux_vs8" : "cux_vu8";
    EMIT("      if (%s) {\n        char *p_ = %s; uint8_t s_[%u];\n",
         run, at, 32 * n);
    if (load)
        EMIT("        memcpy(s_, p_, sizeof s_);\n");
    for (uint32_t e = 0; e < n; e++)
        if (load)
            EMIT("        { %s b_; CUX_LANES b_[l] = s_[l * %u + %u];\n"
                 "          t%u_ = __builtin_convertvector(b_, %s); }\n",
                 bt, n, e, e, cux_cgen_vtype(t));
        else
            EMIT("        { cux_vu8 b_ = __builtin_convertvector((cux_vu16)v%u_, "
                 "cux_vu8);\n          CUX_LANES s_[l * %u + %u] = b_[l]; }\n",
                 e, n, e);
    if (!load)
        EMIT("        memcpy(p_, s_, sizeof s_);\n");
    EMIT("      } else\n");
    return true;
}

/* A whole warp's byte store to 32 consecutive bytes (an image's output
 * pixel): narrowed and written at once, as the load above reads them.
 * Leaves an `else` open; false (nothing emitted) for other stores. */
static bool open_byte_store_path(cux_cgen *g, const cux_ptx_insn *insn,
                                 const cux_ptx_operand *addr)
{
    if (!byte_access(g, insn, addr, 1) ||
        element(g, insn, 1, 0)->kind == CUX_OPND_SINK)
        return false;
    open_byte_run(g, insn, addr);
    EMIT("        cux_vu8 b8_ = __builtin_convertvector((cux_vu16)v0_, cux_vu8);\n"
         "        memcpy(p_, &b8_, sizeof b8_);\n      } else\n");
    return true;
}

/* A grid-stride loop's warp reads its run of 32 elements a whole grid
 * apart on every trip, and runs all its trips before the next warp
 * starts: each trip's miss is one the hardware prefetcher does not
 * foresee where the step passes a page, and it waits for the last.  So
 * the loop's back edge fetches the first line that each whole-warp
 * contiguous global load will read PREFETCH_TRIPS trips on, where the
 * loop's exit test says that trip runs (induction.c finds the loads'
 * addresses and the test as linear forms of the loop's index); the
 * block's first warp fetches the whole block's run there, for the warps
 * that follow it (cux_fetch_ahead).  On the back edge it costs nothing
 * in a loop that runs once per thread: fetching at the load instead,
 * after a test of the trip ahead, made reduce_smem 1.2x slower although
 * its fetches never ran, as a flag or a fetch address kept live to the
 * back edge did (performance.md, item 52).  So does a block-stride
 * loop (`k += blockDim.x`: 1 KB a trip in blocks of 256), whose first
 * warp reads 2 lines of every 16 before the others read the rest: the
 * hardware follows the first warp's stride, not the lines between
 * (a row sum over 1 MB rows 0.79x, a row scaling 0.75x; item 69).
 * Shorter steps it follows. */
enum { PREFETCH_TRIPS = 4, PREFETCH_MIN_STEP = 1024 };

/* Whether lane 0 of reg can be read anywhere in its loop: not a vector
 * formed only where a slow path reads it (lane_only.c). */
static bool lane0_readable(const cux_cgen *g, uint32_t reg)
{
    return cux_cgen_reg_scalar(g, reg) || g->lane_values[reg] ||
           !g->lane_only[reg];
}

static bool form_readable(const cux_cgen *g, const cux_linear *f)
{
    for (uint32_t k = 0; k < f->n_terms; k++)
        if (!lane0_readable(g, f->term[k]))
            return false;
    return lane0_readable(g, f->iv);
}

/* Lane 0 of reg read as type `as` (its own where CUX_T_NONE), widened
 * to 64 bits. */
static const char *lane0_as(cux_cgen *g, uint32_t reg, cux_ptx_type as)
{
    const char *v = cux_cgen_reg_scalar(g, reg) ? cux_cgen_reg_name(g, reg)
                  : g->lane_values[reg] ? cux_cgen_lane_value(g, reg, 0)
                  : FMT("(%s)[0]", cux_cgen_reg_name(g, reg));
    cux_ptx_type t = as != CUX_T_NONE ? as
                   : (cux_ptx_type)g->func->regs[reg].type;
    if (cux_ptx_type_size(t) == 8)
        return FMT("(int64_t)%s", v);
    return FMT(cux_ptx_type_is_signed(t) ? "(int64_t)(int32_t)%s"
                                         : "(int64_t)(uint32_t)%s", v);
}

static const char *lane0(cux_cgen *g, uint32_t reg)
{
    return lane0_as(g, reg, CUX_T_NONE);
}

/* The step of reg per trip of the loop holding the latch being emitted,
 * as a C expression, with the analysis's by and scale; NULL if unknown
 * or unreadable. */
static const char *step_of(cux_cgen *g, uint32_t reg, uint32_t *by,
                           int64_t *scale)
{
    if (!cux_induction_step(&g->induction, g->block, reg, by, scale) ||
        (*by != CUX_INDUCTION_CONSTANT && !lane0_readable(g, *by)))
        return NULL;
    if (*by == CUX_INDUCTION_CONSTANT)
        return FMT("%lldll", (long long)*scale);
    return FMT("%lldll * %s", (long long)*scale, lane0(g, *by));
}

/* Form f with its induction variable `trips` steps past its value now,
 * its registers read as type `as` (see lane0_as). */
static const char *linear_value(cux_cgen *g, const cux_linear *f, int trips,
                                const char *step, cux_ptx_type as)
{
    const char *v = FMT("%lldll * (%s + %d * (%s))", (long long)f->iv_scale,
                        lane0_as(g, f->iv, as), trips, step);
    for (uint32_t k = 0; k < f->n_terms; k++)
        v = FMT("%s + %lldll * %s", v, (long long)f->term_scale[k],
                lane0_as(g, f->term[k], as));
    return FMT("(%s + %lldll)", v, (long long)f->offset);
}

/* The fetch of load l (analysis.h, cux_loop_load) PREFETCH_TRIPS trips
 * on, or "" if it is not one that fetches (above). */
static const char *fetch_ahead(cux_cgen *g, const cux_loop_load *l)
{
    const cux_ptx_insn *insn = &g->func->insns[l->insn];
    const cux_ptx_operand *addr = cux_cgen_opnd(g, insn, 1);
    int64_t sx, scale, step_bytes;
    uint32_t by;
    const char *step = step_of(g, l->address.iv, &by, &scale);
    if (!step || insn->vec > 1 || (insn->flags & CUX_PTX_F_VOLATILE) ||
        !form_readable(g, &l->address) ||
        !cux_cgen_reg_affine(g, addr->value, &sx, NULL, NULL) ||
        sx != (int64_t)cux_ptx_type_size((cux_ptx_type)insn->type))
        return "";
    const char *bytes = FMT("%lldll * (%s)", (long long)l->address.iv_scale,
                            step);
    const char *far = "";
    if (by != CUX_INDUCTION_CONSTANT)
        far = FMT("if (%s >= %d || %s <= -%d) ", bytes, PREFETCH_MIN_STEP,
                  bytes, PREFETCH_MIN_STEP);
    else if (__builtin_mul_overflow(l->address.iv_scale, scale, &step_bytes) ||
             (step_bytes < PREFETCH_MIN_STEP && step_bytes > -PREFETCH_MIN_STEP))
        return "";
    return FMT("        %scux_fetch_ahead((const char *)0 + (uintptr_t)%s, w, "
               "(int64_t)blk->ntid[0] * %lld);\n",
               far, linear_value(g, &l->address, PREFETCH_TRIPS, step,
                                 CUX_T_NONE), (long long)sx);
}

const char *cux_cgen_back_edge(cux_cgen *g, uint32_t to)
{
    const cux_loop_test *t = cux_induction_test(&g->induction, g->block);
    if (g->one_lane || !t || t->latch != g->block ||
        to != g->induction.loop[g->block] - 1)
        return "";
    const char *fetches = "";
    for (uint32_t k = 0; k < g->induction.n_loads; k++)
        if (g->induction.loads[k].header == to)
            fetches = FMT("%s%s", fetches,
                          fetch_ahead(g, &g->induction.loads[k]));
    uint32_t by;
    int64_t scale;
    const char *step = step_of(g, t->counter.iv, &by, &scale);
    const cux_ptx_insn *c = &g->func->insns[t->setp - 1];
    const cux_ptx_operand *bound = cux_cgen_opnd(g, c, t->bound_side);
    if (!*fetches || !step || !form_readable(g, &t->counter) ||
        (bound->kind == CUX_OPND_REG && !lane0_readable(g, bound->value)))
        return "";
    /* the compare's type decides how its sources widen: clang declares
     * every register .b32 */
    cux_ptx_type as = (cux_ptx_type)c->type;
    if (cux_ptx_type_size(as) == 4 && cux_ptx_type_is_signed(as) &&
        (c->cmp == CUX_CMP_LO || c->cmp == CUX_CMP_LS ||
         c->cmp == CUX_CMP_HI || c->cmp == CUX_CMP_HS))
        as = CUX_T_U32;
    const char *limit = bound->kind == CUX_OPND_REG
        ? lane0_as(g, bound->value, as) : FMT("%lldll", (long long)bound->imm);
    const char *op;
    switch (c->cmp) {
    case CUX_CMP_LT: case CUX_CMP_LO: op = "<"; break;
    case CUX_CMP_LE: case CUX_CMP_LS: op = "<="; break;
    case CUX_CMP_GT: case CUX_CMP_HI: op = ">"; break;
    default: op = ">="; break;
    }
    const char *counter = linear_value(g, &t->counter, PREFETCH_TRIPS - 1,
                                       step, as);
    return FMT("{ if (%s(%s %s %s)) {\n%s      } }", t->again_if ? "" : "!",
               t->bound_side == 2 ? counter : limit, op,
               t->bound_side == 2 ? limit : counter, fetches);
}

/* A block's warps run one after another, and a worker runs a chunk of
 * consecutive blocks one after another; the next block reads runs a
 * fixed step past this block's (analysis/block_step.c).  With two runs
 * per block or more (reduce_smem's `in[i]` and `in[i + blockDim.x]`) the
 * hardware prefetcher does not follow, and every block's first loads
 * wait for memory.  So where a loop is entered from outside every loop,
 * the block's first warp fetches the next block's run (at most 4 KB) of
 * each whole-warp contiguous global load in it, from the load's address
 * on the first trip: reduce_smem's grid-stride loop runs once per thread
 * (its grid covers its data), 0.86x.  Fetching so at the load of a
 * kernel without a loop made copy, whose one run per block the hardware
 * follows, 1.07x slower.  performance.md, item 54. */


const char *cux_cgen_loop_entry(cux_cgen *g, uint32_t to)
{
    /* an edge into a header from a block in no loop, which no back edge
     * is: once per block, not per trip of an outer loop */
    if (g->one_lane || to >= g->cfg.n_blocks ||
        g->induction.loop[to] != to + 1 || g->induction.loop[g->block])
        return "";
    const char *fetches = "";
    for (uint32_t k = 0; k < g->induction.n_loads; k++) {
        const cux_loop_load *l = &g->induction.loads[k];
        const cux_ptx_insn *insn = &g->func->insns[l->insn];
        int64_t sx;
        if (l->header != to ||
            !one_global_run(g, insn, cux_cgen_opnd(g, insn, 1), &sx) ||
            !form_readable(g, &l->address))
            continue;
        const char *step =
            block_step_bytes(g, cux_cgen_opnd(g, insn, 1)->value);
        if (step)
            fetches = FMT("%s cux_fetch_run((const char *)0 + (uintptr_t)"
                          "(%s + %s), (int64_t)blk->ntid[0] * %lld);",
                          fetches, linear_value(g, &l->address, 0, "0",
                                                CUX_T_NONE),
                          step, (long long)sx);
    }
    return *fetches ? FMT("if (w->index == 0) {%s }", fetches) : "";
}

static bool load(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t n = vector_count(g, insn, 0), size = cux_ptx_type_size(t);
    const char *vol = insn->flags & CUX_PTX_F_VOLATILE ? "volatile " : "";
    const cux_ptx_operand *aop = cux_cgen_opnd(g, insn, 1);
    emit_alignment_check(g, insn, aop, n * size);
    const char *addr = cux_cgen_address(g, insn, aop, (cux_ptx_space)insn->space);
    bool uniform = shape_of(g, aop) == ADDR_UNIFORM && !*vol;
    if (uniform && n == 1 && cux_cgen_dst_scalar(g, insn)) {
        /* A uniform register from a uniform address: one scalar read
         * (one lane's address may name the lane, `l`). */
        if (g->one_lane)
            EMIT("    { char *p_ = %s;\n  ", addr);
        else
            EMIT("    { const int l = 0; char *p_ = %s; (void)l;\n  ", addr);
        cux_cgen_dst_scalar_value(g, insn, t, FMT("*(%s *)p_",
                                                  cux_cgen_stype(t)));
        EMIT("    }\n");
        return true;
    }
    const char *lanes = param_lanes(g, insn, aop, n);
    if (lanes) {
        /* Every lane's, also those that do not run: the register write
         * below keeps what their register held. */
        EMIT("    { %s t0_;\n      memcpy(&t0_, %s, sizeof t0_);\n",
             cux_cgen_vtype(t), lanes);
        cux_cgen_dst_operand(g, insn, element(g, insn, 0, 0), t, "t0_");
        EMIT("    }\n");
        return true;
    }
    /* Every path but the last, lane by lane, writes every lane: only it
     * clears first (a store of zeros before the branch stayed in every
     * warp's loop trip, two 64-byte stores on AVX-512). */
    EMIT("    {\n");
    for (uint32_t e = 0; e < n; e++)
        EMIT("      %s t%u_;\n", cux_cgen_vtype(t), e);
    if (uniform) {
        /* Every lane reads the same place: read it once. */
        EMIT("      { const int l = 0; char *p_ = %s; (void)l;\n", addr);
        for (uint32_t e = 0; e < n; e++)
            EMIT("        t%u_ = cux_splat_%s(*(%s *)(p_ + %u));\n", e,
                 cux_cgen_vtype(t) + 4, cux_cgen_stype(t), e * size);
        EMIT("      }\n");
    } else {
        if (!open_vector_path(g, insn, aop, n, true))
            open_byte_vector_path(g, insn, aop, n, true);
        int fast = *vol ? NO_FAST_PATH
                 : open_contiguous_path(g, insn, aop, n, t, true, "t0_",
                                        "memcpy(&t0_, p_, sizeof t0_);");
        if (fast == NO_FAST_PATH && !*vol)
            open_byte_path(g, insn, aop);
        if (run_tested(fast) && insn->space == CUX_SPACE_SHARED)
            /* Every lane at one shared word that the analyses could not
             * prove one (`sums[threadIdx.x / 32]`): one read, 0.82x a
             * warp's shuffle scan.  In global memory, where softmax's
             * calls' gathers then ran 1.3x slower, the gather stays. */
            EMIT("      } else if (em == 0xffffffffu && cux_contiguous(ad_, 0)) {\n"
                 "        t0_ = cux_splat_%s(*(%s *)(sh_ + (uintptr_t)ad_[0] + %lld));\n",
                 cux_cgen_vtype(t) + strlen("cux_"), cux_cgen_stype(t),
                 (long long)aop->imm);
        if (run_tested(fast))
            /* A full warp reads without per-lane tests, so the C compiler
             * may use the CPU's gather instructions. */
            EMIT("      } else if (em == 0xffffffffu) {\n"
                 "        CUX_LANES t0_[l] = *(%s *)(%s + (uintptr_t)ad_[l] + %lld);\n"
                 "      } else\n", cux_cgen_stype(t), base_of(insn),
                 (long long)aop->imm);
        EMIT("      {\n");
        for (uint32_t e = 0; e < n; e++)
            EMIT("      t%u_ = (%s){0};\n", e, cux_cgen_vtype(t));
        cux_cgen_address_copy(g, aop);
        EMIT("      CUX_LANES if (em >> l & 1) {\n        char *p_ = %s;\n", addr);
        for (uint32_t e = 0; e < n; e++)
            EMIT("        t%u_[l] = *(%s%s *)(p_ + %u);\n", e, vol, cux_cgen_stype(t),
                 e * size);
        EMIT("      } }\n");
        if (nested(fast))
            EMIT("      }\n");
    }
    for (uint32_t e = 0; e < n; e++)
        cux_cgen_dst_operand(g, insn, element(g, insn, 0, e), t, FMT("t%u_", e));
    EMIT("    }\n");
    return true;
}

/* Every lane writes the same place (`if (tid == 0) out[b] = s`): CUDA
 * keeps one lane's write, which one unspecified; the highest live
 * lane's, as a loop over the lanes would leave it, in one store instead
 * of 32 tests.  value[e] is element e's value in lane `l` ("" for a
 * sink); `indent` spaces before the code. */
static void store_one_place(cux_cgen *g, const cux_ptx_insn *insn, uint32_t n,
                            const char *addr, const char *const *value,
                            int indent)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    EMIT("%*sif (em) { const int l = 31 - __builtin_clz(em); "
         "char *p_ = %s; (void)l;\n", indent, "", addr);
    for (uint32_t e = 0; e < n; e++)
        if (*value[e])
            EMIT("%*s*(%s *)(p_ + %u) = (%s)%s;\n", indent + 2, "",
                 cux_cgen_stype(t), e * cux_ptx_type_size(t),
                 cux_cgen_stype(t), value[e]);
    EMIT("%*s}\n", indent, "");
}

/* The same for scalar values (uniform registers, immediates; every
 * register in a loop run lane by lane, serial_loops.c), without the
 * vector a lane would be taken from.  False, with nothing emitted, if
 * some value is not one. */
static bool store_scalar(cux_cgen *g, const cux_ptx_insn *insn, uint32_t n,
                         const char *addr)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const char **value = cux_arena_alloc(&g->expr, n * sizeof *value);
    for (uint32_t e = 0; e < n; e++) {
        const cux_ptx_operand *op = element(g, insn, 1, e);
        value[e] = op->kind == CUX_OPND_SINK ? ""
                 : cux_cgen_operand_scalar(g, op, t);
        if (!value[e])
            return false;
    }
    store_one_place(g, insn, n, addr, value, 4);
    return true;
}

/* Whether b stores like a, `step` bytes further on: one scalar of the
 * same type to the same space through the same register, with no guard,
 * no ordering and not volatile (b == a, step 0: whether a is such a
 * store at all). */
static bool stores_next(cux_cgen *g, const cux_ptx_insn *a,
                        const cux_ptx_insn *b, int64_t step)
{
    if (b->op != CUX_OP_ST || b->type != a->type || b->space != a->space ||
        (b->space != CUX_SPACE_GLOBAL && b->space != CUX_SPACE_SHARED &&
         b->space != CUX_SPACE_GENERIC) ||
        b->guard >= 0 || (b->flags & CUX_PTX_F_VOLATILE) ||
        b->sem > CUX_SEM_WEAK || vector_count(g, b, 1) != 1 ||
        element(g, b, 1, 0)->kind == CUX_OPND_SINK)
        return false;
    const cux_ptx_operand *x = cux_cgen_opnd(g, a, 0);
    const cux_ptx_operand *y = cux_cgen_opnd(g, b, 0);
    return x->kind == CUX_OPND_ADDR && x->base_kind == CUX_OPND_REG &&
           y->kind == CUX_OPND_ADDR && y->base_kind == CUX_OPND_REG &&
           y->value == x->value && y->imm == x->imm + step;
}

enum { MAX_STORE_GROUP = 8 };

/* Whether insn, met between two stores of a group, leaves the group
 * alone: it only computes registers, and none that the address or the
 * values stored so far are held in. */
static bool leaves_group(cux_cgen *g, const cux_ptx_insn *insn,
                         const uint32_t *members, uint32_t count)
{
    if (cux_ptx_opcode_flags[insn->op] & ~(uint32_t)CUX_PTX_OPF_SIMD)
        return false;
    const cux_ptx_insn *first = &g->func->insns[members[0]];
    uint32_t regs[CUX_MAX_WRITTEN];
    uint32_t n = cux_cgen_written(g, insn, regs, CUX_MAX_WRITTEN);
    for (uint32_t i = 0; i < n; i++) {
        if (regs[i] == cux_cgen_opnd(g, first, 0)->value)
            return false;
        for (uint32_t j = 0; j < count; j++) {
            const cux_ptx_operand *v =
                element(g, &g->func->insns[members[j]], 1, 0);
            if (v->kind == CUX_OPND_REG && v->value == regs[i])
                return false;
        }
    }
    return true;
}

/* The stores of one block through one lane-affine register that
 * together write each lane's whole element, the lanes `count * size`
 * bytes apart: a float3's x, y and z, a struct's fields, in order, with
 * only arithmetic between them (clang computes each field's value just
 * before its store).  Returns how many there are (1: insn is in no such
 * group) and their instructions in `members`. */
static uint32_t store_group(cux_cgen *g, const cux_ptx_insn *insn,
                            uint32_t members[MAX_STORE_GROUP])
{
    uint32_t at = (uint32_t)(insn - g->func->insns);
    cux_ptx_type t = (cux_ptx_type)insn->type;
    int64_t size = cux_ptx_type_size(t), sx, sy;
    if (!stores_next(g, insn, insn, 0) || size * 8 != cux_lane_bits(t) ||
        !cux_cgen_reg_affine(g, cux_cgen_opnd(g, insn, 0)->value, &sx, &sy,
                             NULL) ||
        sx < 2 * size || sx > MAX_STORE_GROUP * size || sx % size)
        return 1;
    /* the runs of the block, in order, until the one holding insn ends */
    const cux_cfg_block *block = &g->cfg.blocks[g->cfg.block_of_insn[at]];
    const cux_ptx_insn *insns = g->func->insns;
    uint32_t count = 0;
    for (uint32_t i = block->first; i < block->end; i++) {
        const cux_ptx_insn *next = &insns[i];
        if (count && count < MAX_STORE_GROUP &&
            stores_next(g, &insns[members[0]], next, (int64_t)count * size)) {
            members[count++] = i;
            continue;
        }
        if (count && leaves_group(g, next, members, count))
            continue;
        if (count && members[0] <= at && at <= members[count - 1])
            break;
        count = 0;
        if (stores_next(g, next, next, 0))
            members[count++] = i;
    }
    if (!count || members[0] > at || at > members[count - 1] ||
        (int64_t)count * size != sx)
        return 1;
    return count;
}

/* What the strided path of a whole warp runs for a store of a group
 * (emit_affine.c): the last interleaves the group's values, which are
 * all computed by then, and writes the warp's 32 elements as one span
 * (lane by lane, each store was 32 scalar writes: a float3 96); the
 * others leave their words to it.  Nothing between them reads memory,
 * and the path's test, on the mask and the address, is the same at
 * each. */
static const char *group_store_body(cux_cgen *g, const cux_ptx_insn *insn,
                                    const uint32_t *members, uint32_t count)
{
    const cux_ptx_insn *last = &g->func->insns[members[count - 1]];
    if (insn != last)
        return FMT("(void)p_; /* written with the store at line %u */",
                   last->line);
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const char *st = cux_cgen_stype(t);
    const char *lanes = "";
    for (uint32_t j = 0; j < count; j++) {
        const cux_ptx_insn *member = &g->func->insns[members[j]];
        lanes = FMT("%s buf_[%u * l + %u] = (%s)(%s)[l];", lanes, count, j,
                    st, member == insn
                        ? "v0_"
                        : cux_cgen_src_operand(g, member,
                                               element(g, member, 1, 0), t));
    }
    /* p_ is this store's address in lane 0, the group's last field */
    return FMT("{ %s buf_[%u]; CUX_LANES {%s } "
               "memcpy(p_ - %u, buf_, sizeof buf_); }",
               st, 32 * count, lanes, (count - 1) * cux_ptx_type_size(t));
}

static bool store(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t n = vector_count(g, insn, 1), size = cux_ptx_type_size(t);
    const char *vol = insn->flags & CUX_PTX_F_VOLATILE ? "volatile " : "";
    const cux_ptx_operand *aop = cux_cgen_opnd(g, insn, 0);
    emit_alignment_check(g, insn, aop, n * size);
    const char *addr = cux_cgen_address(g, insn, aop, (cux_ptx_space)insn->space);
    if (!*vol && shape_of(g, aop) == ADDR_UNIFORM && store_scalar(g, insn, n, addr))
        return true;
    EMIT("    {\n");
    for (uint32_t e = 0; e < n; e++) {
        const cux_ptx_operand *op = element(g, insn, 1, e);
        if (op->kind != CUX_OPND_SINK)
            EMIT("      %s v%u_ = %s;\n", cux_cgen_vtype(t), e,
                 cux_cgen_src_operand(g, insn, op, t));
    }
    const char *lanes = param_lanes(g, insn, aop, n);
    if (!*vol && shape_of(g, aop) == ADDR_UNIFORM) {
        const char **value = cux_arena_alloc(&g->expr, n * sizeof *value);
        for (uint32_t e = 0; e < n; e++)
            value[e] = element(g, insn, 1, e)->kind == CUX_OPND_SINK
                ? "" : FMT("v%u_[l]", e);
        store_one_place(g, insn, n, addr, value, 6);
        EMIT("    }\n");
        return true;
    }
    if (!lanes && !open_vector_path(g, insn, aop, n, false))
        open_byte_vector_path(g, insn, aop, n, false);
    uint32_t members[MAX_STORE_GROUP];
    uint32_t count = lanes ? 1 : store_group(g, insn, members);
    if (count > 1)
        g->group_store = group_store_body(g, insn, members, count);
    int fast = *vol || lanes ? NO_FAST_PATH
             : open_contiguous_path(g, insn, aop, n, t, false, "v0_",
                                    "memcpy(p_, &v0_, sizeof v0_);");
    g->group_store = NULL;
    if (fast == NO_FAST_PATH && !*vol && !lanes)
        open_byte_store_path(g, insn, aop);
    if (lanes)
        /* Only where every live lane stores: one side of a divergent
         * branch must not overwrite what the other side stored. */
        EMIT("      if (!partial) memcpy(%s, &v0_, sizeof v0_); else\n", lanes);
    if (run_tested(fast))
        EMIT("      } else\n");
    EMIT("      {\n");
    cux_cgen_address_copy(g, aop);
    /* Lanes at addresses of their own go one by one (GCC made no
     * scatter of them), only the live ones; a parameter's lanes, one
     * after another, stay a lane loop, which GCC makes one masked
     * store (softmax's calls ran 1.3x slower visiting them). */
    EMIT("      %s {\n        char *p_ = %s;\n",
         lanes ? "CUX_LANES if (em >> l & 1)" : "CUX_SET_LANES(em)", addr);
    for (uint32_t e = 0; e < n; e++)
        if (element(g, insn, 1, e)->kind != CUX_OPND_SINK)
            EMIT("        *(%s%s *)(p_ + %u) = (%s)v%u_[l];\n", vol, cux_cgen_stype(t),
                 e * size, cux_cgen_stype(t), e);
    EMIT("      } }\n");
    if (nested(fast))
        EMIT("      }\n");
    EMIT("    }\n");
    return true;
}

/* x + y of halves (or pairs of them) rounded once to nearest: the sum
 * of two halves is exact in double, and rounding it to float by
 * round-to-odd first keeps the final rounding the only one. */
static const char *half_sum(cux_cgen *g, cux_ptx_type t, const char *x,
                            const char *y)
{
    bool bf = t == CUX_T_BF16 || t == CUX_T_BF16X2;
    const char *to = bf ? "cux_bf16_to_float" : "cux_half_to_float";
    const char *from = bf ? "cux_float_to_bf16" : "cux_float_to_half";
    const char *one = "%s(cux_f64_to_f32_odd((double)%s((uint16_t)(%s)) + "
                      "(double)%s((uint16_t)(%s))))";
    if (t == CUX_T_F16 || t == CUX_T_BF16)
        return FMT(one, from, to, x, to, y);
    return FMT("((uint32_t)%s | (uint32_t)%s << 16)",
               FMT(one, from, to, x, to, y),
               FMT(one, from, to, FMT("%s >> 16", x), to,
                   FMT("%s >> 16", y)));
}

/* The GCC builtin __atomic_fetch_<op> for an integer atomic of this
 * mode, which x86 makes one locked instruction (add) or a loop only where
 * the old value is read; NULL where the mode or type has none.  A
 * compare-exchange loop around the update lost twice the time of the
 * builtin to the other worker (atomicAdd on one counter, two threads). */
static const char *fetch_op(uint8_t mode, cux_ptx_type t)
{
    if (!cux_ptx_type_is_int(t) || cux_ptx_type_size(t) < 4)
        return NULL;
    return mode == CUX_MODE_ADD ? "add" : mode == CUX_MODE_AND ? "and"
         : mode == CUX_MODE_OR ? "or" : mode == CUX_MODE_XOR ? "xor" : NULL;
}

/* Declares b_, an atomic's value operand i: a scalar where every lane
 * has the same (atomicAdd(&bin, 1)), else the lanes' vector.  Returns
 * whether it is the scalar. */
static bool atomic_value(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    const cux_ptx_operand *op = cux_cgen_opnd(g, insn, i);
    bool uniform = op->kind == CUX_OPND_REG ? cux_cgen_reg_scalar(g, op->value)
                 : op->kind == CUX_OPND_IMM_INT || op->kind == CUX_OPND_IMM_F32 ||
                   op->kind == CUX_OPND_IMM_F64;
    if (uniform)
        EMIT("      %s b_ = %s;", cux_cgen_wtype(t), cux_cgen_src_scalar(g, insn, i, t));
    else
        EMIT("      %s b_ = %s;", cux_cgen_vtype(t), cux_cgen_src(g, insn, i, t));
    return uniform;
}

/* An atomic whose lanes all name one word (atomicAdd(&count, 1), a
 * queue's atomicAdd(&tail, n), atomicMax(&best, v), atomicAdd(&sum, x)
 * on floats, a lock's atomicCAS), in global or shared memory: the warp
 * makes one read-modify-write for all its active lanes, each lane
 * getting as its old value the word as the lanes before it left it, as
 * if the lanes had gone in lane order with nothing between them, which
 * is one order the GPU may take.  Lane by lane, each of the 32 was a
 * locked instruction on the same cache line, which the workers then
 * pull back and forth (atomicAdd(&count, 1) on a third of the elements
 * 8x slower than OpenMP's reduction with one thread), or in shared
 * memory a read-modify-write waiting on the one before.
 * An integer add, and, or or xor folds the lanes' values first and
 * applies the fold with the machine's fetch-and-op, which never retries;
 * the others run the lanes' updates in order from the word's value, in
 * registers, and store the result if the word still holds that value
 * (else run them again from the new one): a float sum so rounds as the
 * lanes' own adds in lane order would. */
static bool aggregated(cux_cgen *g, const cux_ptx_insn *insn,
                       const cux_ptx_operand *aop, const char *addr)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    uint32_t size = cux_ptx_type_size(t);
    bool red = insn->op == CUX_OP_RED, shared = insn->space == CUX_SPACE_SHARED;
    uint32_t a = red ? 0 : 1;
    const char *st = cux_cgen_stype(t), *vt = cux_cgen_vtype(t);
    const char *const step_src[] = {"acc_", "b_l", "c_[l]"};
    cux_lane_ctx step = {.arena = &g->expr, .src = step_src, .type = cux_cgen_stype};
    const char *update = cux_lane_update(&step, insn->mode, t);
    if (!update || g->one_lane || (size != 4 && size != 8) ||
        shape_of(g, aop) != ADDR_UNIFORM)
        return false;
    const char *fetch = shared ? NULL : fetch_op(insn->mode, t);
    EMIT("    if (em) {\n      %s *p_ = (%s *)(%s); %s acc_, old_; %s t_ = {0};\n",
         st, st, addr, st, vt);
    bool uniform = atomic_value(g, insn, a + 1);
    if (insn->mode == CUX_MODE_CAS)
        EMIT(" %s c_ = %s;", vt, cux_cgen_src(g, insn, a + 2, t));
    const char *b_lane = uniform ? "b_" : "b_[l]";
    if (fetch && uniform && insn->mode == CUX_MODE_ADD) {
        /* n lanes adding one value add n times it */
        EMIT("\n      acc_ = (%s)((%s)__builtin_popcount(em) * b_);\n"
             "      CUX_LANES t_[l] = (%s)((%s)__builtin_popcount(em & "
             "((1u << l) - 1u)) * b_);\n", st, st, st, st);
    } else if (fetch) {
        /* each lane's t_ the fold of the lanes before it, from 0 (and: ~0) */
        EMIT("\n      acc_ = (%s)%s;\n      CUX_LANES if (em >> l & 1) { "
             "%s b_l = %s; t_[l] = acc_; acc_ = (%s)(%s); }\n", st,
             insn->mode == CUX_MODE_AND ? "~(uint64_t)0" : "0", st, b_lane,
             st, update);
    }
    if (fetch) {
        const char *const combine_src[] = {"old_", "t_[l]"};
        cux_lane_ctx combine = step;
        combine.src = combine_src;
        EMIT("      old_ = __atomic_fetch_%s(p_, acc_, __ATOMIC_SEQ_CST);\n"
             "      CUX_LANES t_[l] = (%s)(%s);\n", fetch, st,
             cux_lane_update(&combine, insn->mode, t));
    } else {
        /* the lanes' updates in order from old_, leaving each lane's old
         * value in t_ and the word's new one in acc_ */
        const char *lanes = FMT("acc_ = old_; CUX_LANES if (em >> l & 1) { "
                                "%s b_l = %s; t_[l] = acc_; acc_ = (%s)(%s); }",
                                st, b_lane, st, update);
        if (shared) /* the block's own: see atomic() */
            EMIT("\n      old_ = *p_; %s *p_ = acc_;\n", lanes);
        else
            EMIT("\n      CUX_ATOMIC_RMW(%s, p_, old_, ({ %s acc_; }));\n", st,
                 lanes);
    }
    if (red)
        EMIT("      (void)t_;\n");
    else
        cux_cgen_dst(g, insn, 0, t, "t_");
    EMIT("    }\n");
    return true;
}

static bool atomic(cux_cgen *g, const cux_ptx_insn *insn)
{
    cux_ptx_type t = (cux_ptx_type)insn->type;
    bool red = insn->op == CUX_OP_RED;
    uint32_t a = red ? 0 : 1;
    const char *st = cux_cgen_stype(t);
    bool half = t == CUX_T_F16 || t == CUX_T_BF16 || t == CUX_T_F16X2 ||
                t == CUX_T_BF16X2;
    if (insn->vec > 1 || (half && insn->mode != CUX_MODE_ADD)) {
        cux_cgen_fail(g, insn, "vector atomics, and half-precision atomics "
                      "other than add, are not supported yet");
        return true;
    }
    const cux_ptx_operand *aop = cux_cgen_opnd(g, insn, a);
    emit_alignment_check(g, insn, aop, cux_ptx_type_size(t));
    const char *addr = cux_cgen_address(g, insn, aop, (cux_ptx_space)insn->space);
    if (!half && aggregated(g, insn, aop, addr))
        return true;
    bool shared = insn->space == CUX_SPACE_SHARED;
    EMIT("    {\n");
    if (aop->kind == CUX_OPND_ADDR && aop->base_kind == CUX_OPND_REG &&
        g->lane_only[aop->value]) {
        /* each lane's address from the definitions, in the lane loop:
         * no vector of 64-bit addresses built and stored to be indexed */
        g->pinning = shared;
        addr = cux_cgen_lane_address(g, aop, (cux_ptx_space)insn->space);
        cux_cgen_emit_pins(g);
    } else {
        cux_cgen_address_copy(g, aop);
    }
    /* The unrolled loop of a shared atomic (below) reads its operands'
     * lanes from pinned pieces too, where they are 32 or 64 bits. */
    uint32_t size = cux_ptx_type_size(t);
    bool pin = shared && (size == 4 || size == 8);
    bool uniform = atomic_value(g, insn, a + 1);
    if (pin && !uniform)
        EMIT(" CUX_PIN_LANES(b_p_, b_, %s);", st);
    if (insn->mode == CUX_MODE_CAS)
        EMIT(" %s c_ = %s;", cux_cgen_vtype(t), cux_cgen_src(g, insn, a + 2, t));
    if (insn->mode == CUX_MODE_CAS && pin)
        EMIT(" CUX_PIN_LANES(c_p_, c_, %s);", st);
    const char *b_lane = uniform ? "b_" : pin ? "CUX_PINNED(b_p_, l)" : "b_[l]";
    const char *c_lane = pin ? "CUX_PINNED(c_p_, l)" : "c_[l]";
    /* A whole warp's shared atomics in a loop without a test per lane
     * (the C compiler makes the loop twice, for em whole and not), and
     * unrolled: GCC left the whole warp's loop rolled, each lane's index
     * loaded from the stack copy of its vector, and `perf` put two
     * thirds of histogram's kernel on the increment's wait; unrolled,
     * histogram 0.80x (one thread). */
    EMIT(" %s t_ = {0};\n      %sCUX_LANES if (%s(em >> l & 1)) {\n"
         "        %s *p_ = (%s *)(%s); %s v_ = (%s)%s, old_;\n",
         cux_cgen_vtype(t), shared ? "_Pragma(\"GCC unroll 32\") " : "",
         shared ? "em == 0xffffffffu || " : "", st, st, addr, st, st, b_lane);
    /* cas is the machine's compare-exchange, not a loop around one */
    const char *const src[] = {"old_", "v_", c_lane};
    cux_lane_ctx c = {.arena = &g->expr, .src = src, .type = cux_cgen_stype};
    const char *update = half ? half_sum(g, t, "old_", "v_")
                              : cux_lane_update(&c, insn->mode, t);
    if (!update)
        cux_cgen_fail(g, insn, "atomic operation not supported");
    /* Shared memory belongs to the block, and one worker runs all of a
     * block's warps one after another: nothing else can touch it
     * meanwhile, so its atomics are plain read-modify-writes in lane
     * order. */
    if (insn->mode == CUX_MODE_CAS && shared)
        EMIT("        old_ = *p_; if (old_ == v_) *p_ = %s;\n", c_lane);
    else if (insn->mode == CUX_MODE_CAS)
        EMIT("        old_ = v_; __atomic_compare_exchange_n(p_, &old_, %s, 0, "
             "__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\n", c_lane);
    else if (shared)
        EMIT("        old_ = *p_; *p_ = (%s)(%s);\n", st, update ? update : "v_");
    else if (fetch_op(insn->mode, t))
        EMIT("        old_ = __atomic_fetch_%s(p_, v_, __ATOMIC_SEQ_CST);\n",
             fetch_op(insn->mode, t));
    else
        EMIT("        CUX_ATOMIC_RMW(%s, p_, old_, %s);\n", st,
             update ? update : "v_");
    EMIT("        t_[l] = old_;\n      }\n");
    if (!red)
        cux_cgen_dst(g, insn, 0, t, "t_");
    EMIT("    }\n");
    return true;
}

/* tex.geom.v4.dtype.ctype {d}, [handle, {coords}]: each active lane
 * samples through the prelude's cux_tex_sample. */
static bool texture_fetch(cux_cgen *g, const cux_ptx_insn *insn)
{
    const cux_ptx_operand *dst = cux_cgen_opnd(g, insn, 0);
    const cux_ptx_operand *addr = cux_cgen_opnd(g, insn, 1);
    const cux_ptx_operand *coords = cux_cgen_opnd(g, insn, 2);
    cux_tex_geometry geo;
    /* nvcc names a texture reference in the instruction; its .texref's
     * storage holds the descriptor, so its address is the handle. */
    bool by_ref = addr->kind == CUX_OPND_ADDR &&
                  addr->base_kind == CUX_OPND_VAR && addr->imm == 0 &&
                  g->module->vars[addr->value].texref;
    if (!cux_tex_geometry_of(insn->mode, &geo) ||
        insn->mode2 != CUX_MODE_NONE || insn->n_operands != 3 ||
        dst->kind != CUX_OPND_VEC || addr->kind != CUX_OPND_ADDR ||
        (addr->base_kind != CUX_OPND_REG && !by_ref) ||
        coords->kind != CUX_OPND_VEC ||
        coords->count < geo.first + geo.dims) {
        cux_cgen_fail(g, insn, "this texture fetch form is not supported yet "
                      "(supported: tex.1d/2d/3d/a1d/a2d/cube/acube on "
                      "texture objects and references)");
        return true;
    }
    cux_ptx_type ct = (cux_ptx_type)insn->type2, dt = (cux_ptx_type)insn->type;
    bool int_coords = ct == CUX_T_S32 || ct == CUX_T_U32;
    if (by_ref)
        EMIT("    { cux_vu64 h_ = (cux_vu64){0} + "
             "(uint64_t)(uintptr_t)cux_g%u;\n", addr->value);
    else
        EMIT("    { cux_vu64 h_ = %s;\n", cux_cgen_src_operand(g, insn,
             &(cux_ptx_operand){.kind = CUX_OPND_REG, .value = addr->value},
             CUX_T_U64));
    for (uint32_t c = 0; c < 3; c++) {
        const cux_ptx_operand *e = c < geo.dims
            ? &g->func->operands[coords->first + geo.first + c] : NULL;
        EMIT("      %s c%u_ = %s;\n", cux_cgen_vtype(ct), c,
             e ? cux_cgen_src_operand(g, insn, e, ct)
               : int_coords ? "(cux_vs32){0}" : "(cux_vf32){0}");
    }
    /* The layer is an integer whatever the coordinates' type. */
    EMIT("      cux_vs32 layer_ = %s;\n", geo.layer < 0 ? "(cux_vs32){0}"
         : cux_cgen_src_operand(g, insn,
               &g->func->operands[coords->first + (uint32_t)geo.layer],
               CUX_T_S32));
    EMIT("      cux_vu32 o0_, o1_, o2_, o3_;\n"
         "      CUX_LANES if (em >> l & 1) {\n        uint32_t o_[4];\n");
    if (int_coords)
        EMIT("        cux_tex_sample(h_[l], 1, 0, 0, 0, c0_[l], c1_[l], "
             "c2_[l], layer_[l], %d, %d, o_);\n", geo.kind, dt == CUX_T_F32);
    else
        EMIT("        cux_tex_sample(h_[l], 0, c0_[l], c1_[l], c2_[l], 0, 0, "
             "0, layer_[l], %d, %d, o_);\n", geo.kind, dt == CUX_T_F32);
    EMIT("        o0_[l] = o_[0]; o1_[l] = o_[1]; o2_[l] = o_[2]; o3_[l] = o_[3];\n"
         "      }\n");
    for (uint32_t e = 0; e < dst->count && e < 4; e++)
        cux_cgen_dst_operand(g, insn, &g->func->operands[dst->first + e],
                             CUX_T_B32, FMT("o%u_", e));
    EMIT("    }\n");
    return true;
}

bool cux_cgen_mem(cux_cgen *g, const cux_ptx_insn *insn)
{
    switch (insn->op) {
    case CUX_OP_MOV: return mov(g, insn);
    case CUX_OP_CVTA: return cvta(g, insn);
    case CUX_OP_ISSPACEP: return isspacep(g, insn);
    case CUX_OP_LD: case CUX_OP_LDU: return load(g, insn);
    case CUX_OP_ST: return store(g, insn);
    case CUX_OP_ATOM: case CUX_OP_RED: return atomic(g, insn);
    case CUX_OP_TEX: return texture_fetch(g, insn);
    case CUX_OP_SULD: case CUX_OP_SUST:
        cux_cgen_surface(g, insn);
        return true;
    case CUX_OP_MEMBAR: case CUX_OP_FENCE:
        EMIT("    __atomic_thread_fence(__ATOMIC_SEQ_CST);\n");
        return true;
    case CUX_OP_PREFETCH: case CUX_OP_PREFETCHU: case CUX_OP_NANOSLEEP:
    case CUX_OP_PMEVENT: case CUX_OP_APPLYPRIORITY:
        return true; /* no effect on a CPU */
    case CUX_OP_DISCARD:
        /* The line's bytes become indeterminate: keeping them is one of
         * the values a later read may see. */
        return true;
    case CUX_OP_CREATEPOLICY:
        /* A policy is opaque and only loads' and stores' .L2::cache_hint
         * read it, which the CPU ignores: .cvt keeps the access property
         * it converts, the other forms give 0. */
        cux_cgen_dst(g, insn, 0, CUX_T_U64,
                     insn->mode == CUX_MODE_POLICY_CVT
                         ? cux_cgen_src(g, insn, 1, CUX_T_U64)
                         : "((cux_vu64){0})");
        return true;
    default:
        return false;
    }
}
