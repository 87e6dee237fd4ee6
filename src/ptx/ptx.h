/* ptx.h: cux's PTX intermediate representation and its front end.
 * A module is arrays indexed by 32-bit numbers (functions, variables,
 * registers, instructions, operands, labels), all owned by the module. */
#ifndef CUX_PTX_H
#define CUX_PTX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../util/util.h"

/* ---- opcodes ---------------------------------------------------------- */

enum {
    CUX_PTX_OPF_NODST = 1 << 0,   /* no destination operand */
    CUX_PTX_OPF_TERM = 1 << 1,    /* ends a basic block */
    CUX_PTX_OPF_BARRIER = 1 << 2, /* block-wide barrier (bar/barrier) */
    CUX_PTX_OPF_WARP = 1 << 3,    /* warp collective */
    CUX_PTX_OPF_MEM = 1 << 4,     /* reads or writes memory */
    CUX_PTX_OPF_SIMD = 1 << 5,    /* SIMD video (vadd4, vset2, ...) */
};

typedef enum cux_ptx_opcode {
#define OP(id, text, flags) CUX_OP_##id,
#include "opcodes.def"
#undef OP
    CUX_OP_COUNT
} cux_ptx_opcode;

extern const char *const cux_ptx_opcode_names[CUX_OP_COUNT];
extern const uint32_t cux_ptx_opcode_flags[CUX_OP_COUNT];

/* ---- types and modifiers ------------------------------------------------ */

typedef enum cux_ptx_type {
    CUX_T_NONE,
    CUX_T_PRED,
    CUX_T_B8, CUX_T_B16, CUX_T_B32, CUX_T_B64, CUX_T_B128,
    CUX_T_U8, CUX_T_U16, CUX_T_U32, CUX_T_U64,
    CUX_T_S8, CUX_T_S16, CUX_T_S32, CUX_T_S64,
    CUX_T_F16, CUX_T_F16X2, CUX_T_BF16, CUX_T_BF16X2,
    CUX_T_F32, CUX_T_F64,
    CUX_T_COUNT
} cux_ptx_type;

/* Size in bytes (pred counts as 1), and the printed spelling ("u32"). */
uint32_t cux_ptx_type_size(cux_ptx_type type);
const char *cux_ptx_type_name(cux_ptx_type type);
/* The bits of `value` as a .f32 (rounded) or .f64. */
uint64_t cux_ptx_float_bits(cux_ptx_type type, double value);
bool cux_ptx_type_is_float(cux_ptx_type type);  /* f16..f64 */
bool cux_ptx_type_is_signed(cux_ptx_type type); /* s8..s64 */
bool cux_ptx_type_is_int(cux_ptx_type type);    /* b, u, s 8..64 */

typedef enum cux_ptx_space {
    CUX_SPACE_GENERIC, /* no state space written */
    CUX_SPACE_REG,
    CUX_SPACE_SREG,
    CUX_SPACE_CONST,
    CUX_SPACE_GLOBAL,
    CUX_SPACE_LOCAL,
    CUX_SPACE_PARAM,
    CUX_SPACE_SHARED,  /* also .shared::cta */
    CUX_SPACE_TEX,
    CUX_SPACE_COUNT
} cux_ptx_space;

typedef enum cux_ptx_rounding {
    CUX_RND_NONE,
    CUX_RND_RN, CUX_RND_RZ, CUX_RND_RM, CUX_RND_RP, CUX_RND_RNA,
    CUX_RND_RNI, CUX_RND_RZI, CUX_RND_RMI, CUX_RND_RPI,
} cux_ptx_rounding;

typedef enum cux_ptx_cmp {
    CUX_CMP_NONE,
    CUX_CMP_EQ, CUX_CMP_NE, CUX_CMP_LT, CUX_CMP_LE, CUX_CMP_GT, CUX_CMP_GE,
    CUX_CMP_LO, CUX_CMP_LS, CUX_CMP_HI, CUX_CMP_HS,
    CUX_CMP_EQU, CUX_CMP_NEU, CUX_CMP_LTU, CUX_CMP_LEU, CUX_CMP_GTU,
    CUX_CMP_GEU, CUX_CMP_NUM, CUX_CMP_NAN,
} cux_ptx_cmp;

/* The one "which operation" modifier an opcode takes: the atomic or
 * reduction operation, the combining operation of setp/set, the vote,
 * shuffle or prmt mode, mul/mad's lo/hi/wide, shf's direction, bar's form,
 * testp's class.  Which field names apply depends on the opcode. */
typedef enum cux_ptx_mode {
    CUX_MODE_NONE,
    /* atom, red, redux, bar.red, setp/set combine */
    CUX_MODE_ADD, CUX_MODE_INC, CUX_MODE_DEC, CUX_MODE_MIN, CUX_MODE_MAX,
    CUX_MODE_AND, CUX_MODE_OR, CUX_MODE_XOR, CUX_MODE_EXCH, CUX_MODE_CAS,
    CUX_MODE_POPC,
    /* mul, mad */
    CUX_MODE_LO, CUX_MODE_HI, CUX_MODE_WIDE,
    /* vote */
    CUX_MODE_ALL, CUX_MODE_ANY, CUX_MODE_UNI, CUX_MODE_BALLOT,
    /* shfl */
    CUX_MODE_UP, CUX_MODE_DOWN, CUX_MODE_BFLY, CUX_MODE_IDX,
    /* shf: l/r (the wrap/clamp choice is CUX_PTX_F_CLAMP) */
    CUX_MODE_L, CUX_MODE_R,
    /* bar / barrier forms */
    CUX_MODE_SYNC, CUX_MODE_ARRIVE, CUX_MODE_RED, CUX_MODE_WARP_SYNC,
    CUX_MODE_CUX_GRID, /* barrier.cux_grid.sync: cux's grid barrier */
    /* prmt */
    CUX_MODE_F4E, CUX_MODE_B4E, CUX_MODE_RC8, CUX_MODE_ECL, CUX_MODE_ECR,
    CUX_MODE_RC16,
    /* testp */
    CUX_MODE_FINITE, CUX_MODE_INFINITE, CUX_MODE_NUMBER, CUX_MODE_NOTANUMBER,
    CUX_MODE_NORMAL, CUX_MODE_SUBNORMAL,
    /* tex, tld4, suld, sust: the geometry */
    CUX_MODE_1D, CUX_MODE_2D, CUX_MODE_3D, CUX_MODE_A1D, CUX_MODE_A2D,
    CUX_MODE_CUBE, CUX_MODE_ACUBE, CUX_MODE_2DMS, CUX_MODE_A2DMS,
    /* suld, sust: out-of-range handling, in mode2 (.clamp is
     * CUX_PTX_F_CLAMP) */
    CUX_MODE_TRAP, CUX_MODE_ZERO,
    /* tex's explicit level or gradients, tld4's component (.r is
     * CUX_MODE_R), both in mode2 */
    CUX_MODE_LEVEL, CUX_MODE_GRAD, CUX_MODE_G, CUX_MODE_B, CUX_MODE_A,
    /* wmma: the operation in mode, the shape in mode2 */
    CUX_MODE_LOAD_A, CUX_MODE_LOAD_B, CUX_MODE_LOAD_C, CUX_MODE_STORE_D,
    CUX_MODE_MMA,
    CUX_MODE_M16N16K16, CUX_MODE_M32N8K16, CUX_MODE_M8N32K16,
    CUX_MODE_M16N16K8,
    /* cp: the copy, its groups, and the arrive that tracks the copies */
    CUX_MODE_ASYNC_COPY, CUX_MODE_COMMIT_GROUP, CUX_MODE_WAIT_GROUP,
    CUX_MODE_WAIT_ALL, CUX_MODE_ASYNC_ARRIVE,
    /* mbarrier (its plain arrive is CUX_MODE_ARRIVE) */
    CUX_MODE_INIT, CUX_MODE_INVAL, CUX_MODE_ARRIVE_DROP, CUX_MODE_TEST_WAIT,
    CUX_MODE_TRY_WAIT, CUX_MODE_PENDING_COUNT,
    /* createpolicy */
    CUX_MODE_FRACTIONAL, CUX_MODE_RANGE, CUX_MODE_POLICY_CVT,
    CUX_MODE_COUNT
} cux_ptx_mode;

typedef enum cux_ptx_scope {
    CUX_SCOPE_NONE, CUX_SCOPE_CTA, CUX_SCOPE_CLUSTER, CUX_SCOPE_GPU,
    CUX_SCOPE_SYS,
} cux_ptx_scope;

typedef enum cux_ptx_sem {
    CUX_SEM_NONE, CUX_SEM_WEAK, CUX_SEM_RELAXED, CUX_SEM_ACQUIRE,
    CUX_SEM_RELEASE, CUX_SEM_ACQ_REL, CUX_SEM_SC, CUX_SEM_MMIO,
} cux_ptx_sem;

/* Yes/no modifiers. */
enum {
    CUX_PTX_F_FTZ = 1 << 0,
    CUX_PTX_F_SAT = 1 << 1,
    CUX_PTX_F_APPROX = 1 << 2,
    CUX_PTX_F_FULL = 1 << 3,
    CUX_PTX_F_VOLATILE = 1 << 4,
    CUX_PTX_F_NC = 1 << 5,        /* ld.global.nc */
    CUX_PTX_F_UNI = 1 << 6,       /* bra.uni, call.uni */
    CUX_PTX_F_CC = 1 << 7,        /* writes the carry flag (add.cc, ...) */
    CUX_PTX_F_TO = 1 << 8,        /* cvta.to */
    CUX_PTX_F_SYNC = 1 << 9,      /* shfl.sync, vote.sync, match.sync */
    CUX_PTX_F_ALIGNED = 1 << 10,  /* barrier.sync.aligned */
    CUX_PTX_F_CLAMP = 1 << 11,    /* shf/bmsk/szext.clamp (else wrap);
                                     suld/sust.clamp */
    CUX_PTX_F_SHIFTAMT = 1 << 12, /* bfind.shiftamt */
    CUX_PTX_F_PAIR = 1 << 13,     /* operand 1 is a second destination (p|q) */
    CUX_PTX_F_NAN = 1 << 14,      /* min.NaN, max.NaN */
    CUX_PTX_F_RELU = 1 << 15,
    CUX_PTX_F_NOFTZ = 1 << 16,    /* atom.add.noftz */
    CUX_PTX_F_CACHE_HINT = 1 << 17, /* a cache operator (.ca .cg .cs .lu
                                       .cv .wb .wt, .L1::...) was written;
                                       it has no meaning on a CPU */
    CUX_PTX_F_COL = 1 << 18,      /* wmma.load/store .col, wmma.mma's
                                     first layout .col (else .row) */
    CUX_PTX_F_COL_B = 1 << 19,    /* wmma.mma's second layout .col */
    CUX_PTX_F_SURF_B = 1 << 20,   /* suld.b, sust.b: unformatted bytes */
    CUX_PTX_F_SURF_P = 1 << 21,   /* sust.p: a formatted store */
    CUX_PTX_F_TF32 = 1 << 22,     /* cvt.rna.tf32.f32: the destination is
                                     .tf32, held as .b32 as in wmma */
    CUX_PTX_F_PARITY = 1 << 23,   /* mbarrier.test_wait/try_wait.parity */
    CUX_PTX_F_NO_COMPLETE = 1 << 24, /* mbarrier.arrive.noComplete */
    CUX_PTX_F_NOINC = 1 << 25,    /* cp.async.mbarrier.arrive.noinc */
    CUX_PTX_F_L2_POLICY = 1 << 26, /* .L2::cache_hint on cp.async: its
                                      last operand is a cache policy */
    CUX_PTX_F_SPIN = 1 << 27,     /* an ld.acquire in a loop: the warp
                                     yields after it (spin.c) */
};

/* ---- operands ------------------------------------------------------------ */

typedef enum cux_ptx_sreg {
    CUX_SREG_TID, CUX_SREG_NTID, CUX_SREG_CTAID, CUX_SREG_NCTAID,
    CUX_SREG_LANEID, CUX_SREG_WARPID, CUX_SREG_NWARPID, CUX_SREG_SMID,
    CUX_SREG_NSMID, CUX_SREG_GRIDID,
    CUX_SREG_LANEMASK_EQ, CUX_SREG_LANEMASK_LE, CUX_SREG_LANEMASK_LT,
    CUX_SREG_LANEMASK_GE, CUX_SREG_LANEMASK_GT,
    CUX_SREG_CLOCK, CUX_SREG_CLOCK_HI, CUX_SREG_CLOCK64,
    CUX_SREG_GLOBALTIMER, CUX_SREG_GLOBALTIMER_LO, CUX_SREG_GLOBALTIMER_HI,
    CUX_SREG_ENVREG, /* index in cux_ptx_operand.component */
    CUX_SREG_DYNAMIC_SMEM_SIZE, CUX_SREG_TOTAL_SMEM_SIZE,
    CUX_SREG_CUX_COOPERATIVE, /* %cux_cooperative: 1 in a cooperative
                                 launch, else 0 (cux's own) */
    /* the block's reserved shared memory (sm_80's, which nvcc's
     * cooperative groups use): where it begins and ends, its size, and
     * %reserved_smem_offset_0/1 (index in component) */
    CUX_SREG_RESERVED_SMEM_BEGIN, CUX_SREG_RESERVED_SMEM_END,
    CUX_SREG_RESERVED_SMEM_CAP, CUX_SREG_RESERVED_SMEM_OFFSET,
    CUX_SREG_COUNT
} cux_ptx_sreg;

typedef enum cux_ptx_operand_kind {
    CUX_OPND_REG,     /* value: register index */
    CUX_OPND_SREG,    /* value: cux_ptx_sreg, component: 0..2 for x/y/z */
    CUX_OPND_IMM_INT, /* imm: integer bits (sign-extended to 64) */
    CUX_OPND_IMM_F32, /* imm: the float's 32 bits (0fXXXXXXXX or decimal) */
    CUX_OPND_IMM_F64, /* imm: the double's 64 bits */
    CUX_OPND_VAR,     /* value: variable index; its address (+ offset) */
    CUX_OPND_FUNC,    /* value: function index (call target, or address) */
    CUX_OPND_ADDR,    /* [base + offset]: base_kind says what value is */
    CUX_OPND_VEC,     /* {a, b, ...}: elements first..first+count-1 */
    CUX_OPND_LABEL,   /* value: label index */
    CUX_OPND_LIST,    /* (a, b, ...) of call: elements like VEC */
    CUX_OPND_SINK,    /* "_" */
} cux_ptx_operand_kind;

/* tex/tld4/suld/sust's [handle, {coords}] is two operands: an ADDR whose
 * base is the handle (offset 0), then the coordinates' VEC. */

typedef struct cux_ptx_operand {
    uint8_t kind;      /* cux_ptx_operand_kind */
    uint8_t base_kind; /* ADDR only: CUX_OPND_REG, _VAR, or _IMM_INT (none) */
    uint8_t component; /* SREG x/y/z (0/1/2) or envreg number */
    uint8_t negate;    /* !%p as a source predicate */
    uint32_t value;    /* register / variable / function / label index */
    uint32_t first;    /* VEC, LIST: index of first element operand */
    uint32_t count;    /* VEC, LIST: number of elements */
    int64_t imm;       /* immediate bits, or ADDR/VAR offset in bytes */
} cux_ptx_operand;

/* ---- instructions --------------------------------------------------------- */

typedef struct cux_ptx_insn {
    uint16_t op;       /* cux_ptx_opcode */
    uint8_t type;      /* cux_ptx_type: the (destination) type */
    uint8_t type2;     /* second type: cvt source, set/setp/slct/tex extra */
    uint8_t space;     /* cux_ptx_space for ld/st/atom/red/cvta/isspacep */
    uint8_t vec;       /* 0 or 1: scalar; 2, 4, 8: .v2/.v4/.v8 */
    uint8_t rounding;  /* cux_ptx_rounding */
    uint8_t cmp;       /* cux_ptx_cmp for setp/set/slct */
    uint8_t mode;      /* cux_ptx_mode: main operation modifier */
    uint8_t mode2;     /* cux_ptx_mode: setp/set combine (and/or/xor) */
    uint8_t scope;     /* cux_ptx_scope */
    uint8_t sem;       /* cux_ptx_sem */
    uint32_t flags;    /* CUX_PTX_F_* */
    int32_t guard;     /* predicate register index, or -1 */
    uint8_t guard_negated;
    uint8_t n_operands;
    uint8_t type3;     /* SIMD video only: btype (type: dtype, type2: atype) */
    uint32_t first_operand; /* index into the function's operands */
    uint32_t line, column;  /* where the instruction starts in the PTX */
    uint32_t loc_file, loc_line; /* last .loc before it (0 if none) */
} cux_ptx_insn;

/* wmma: type is the element type of a load or store, and an mma's
 * .dtype; an mma's type2 is its .ctype and type3 its .atype (= .btype).
 * PTX's .tf32 exists only there and is held as .b32, which no wmma form
 * takes; .satfinite is CUX_PTX_F_SAT. */
#define CUX_T_WMMA_TF32 CUX_T_B32

/* ---- wmma fragments ------------------------------------------------------ */

/* One matrix of a wmma instruction as registers: a warp's fragment is
 * `regs` .b32 registers per lane, each holding `per_reg` elements of
 * `bits` bits (f16 pairs, four bytes).  32 * regs * per_reg may exceed
 * rows * cols: f16 a and b fragments always take eight registers, and
 * then hold the matrix more than once. */
typedef struct cux_ptx_wmma_frag {
    uint32_t rows, cols;       /* the matrix: a is MxK, b KxN, c and d MxN */
    uint32_t regs, per_reg, bits;
    uint8_t type;              /* element type (CUX_T_WMMA_TF32 for tf32) */
} cux_ptx_wmma_frag;

/* wmma.c: the fragment of matrix `which` ('a', 'b', 'c' or 'd') of a
 * wmma instruction whose shape and types the parser accepted. */
cux_ptx_wmma_frag cux_ptx_wmma_fragment(const cux_ptx_insn *insn, char which);

/* How many leading operands an instruction writes: none, one, or two for
 * a p|q pair (an operand may be a vector of registers). */
uint32_t cux_ptx_insn_dsts(const cux_ptx_insn *insn);

/* Whether a warp stops at the instruction and resumes after it later:
 * a block barrier (bar, barrier; not bar.warp.sync), or nanosleep, where
 * it yields so the block's other warps run (a warp spinning on what
 * another warp of its block writes would otherwise wait forever, as
 * the warps of a block take turns on one CPU thread), or an mbarrier
 * test_wait or try_wait, where it yields when the phase it tests has not
 * completed: only the block's other warps can complete it. */
bool cux_ptx_parks_warp(const cux_ptx_insn *insn);

/* ---- registers, variables, labels, functions -------------------------------- */

typedef struct cux_ptx_reg {
    const char *name; /* "%r5", "%SP": arena string */
    uint8_t type;     /* cux_ptx_type as declared */
    uint8_t vec;      /* declared .v2/.v4 register (rare): 0 if scalar */
    uint32_t block;   /* cux_ptx_func.blocks index it was declared in */
} cux_ptx_reg;

typedef enum cux_ptx_linkage {
    CUX_LINK_NONE, CUX_LINK_VISIBLE, CUX_LINK_EXTERN, CUX_LINK_WEAK,
    CUX_LINK_COMMON,
} cux_ptx_linkage;

/* An initializer word that holds an address: at byte `offset` of the
 * initializer, the address of variable (or function) `target` + addend. */
typedef struct cux_ptx_reloc {
    uint64_t offset;
    uint32_t target;
    uint8_t target_is_func;
    uint8_t generic;   /* generic(sym): a generic address, else the
                          address within the symbol's state space */
    uint8_t size;      /* 4 or 8 bytes */
    int64_t addend;
} cux_ptx_reloc;

/* A texture reference (.texref) is opaque in PTX; cux gives it storage
 * that the runtime fills with a device's texture descriptor when the
 * program binds it, so that its address is a texture object's handle. */
#define CUX_PTX_TEXREF_SIZE 128

typedef struct cux_ptx_var {
    const char *name;
    uint8_t space;     /* cux_ptx_space: GLOBAL CONST SHARED LOCAL PARAM TEX */
    uint8_t type;      /* element type */
    uint8_t vec;       /* element vector width, 0 if scalar */
    uint8_t linkage;   /* cux_ptx_linkage */
    uint8_t unsized;   /* declared with [] and no size (extern .shared) */
    uint8_t managed;   /* .attribute(.managed): a __managed__ variable */
    uint8_t texref;    /* a .texref: CUX_PTX_TEXREF_SIZE opaque bytes */
    uint32_t align;    /* bytes; 0 = natural alignment of the type */
    uint64_t size;     /* total bytes (element size * element count) */
    const uint8_t *init; /* NULL if no initializer; else `size` bytes */
    uint32_t first_reloc, n_relocs; /* into module relocs */
    int32_t func;      /* owning function index, or -1 at module scope */
    uint32_t line;     /* where it was declared */
    uint32_t block;    /* function-scope vars: the { } block declaring it */
} cux_ptx_var;

typedef struct cux_ptx_label {
    const char *name;
    uint32_t insn; /* index of the first instruction after the label
                      (== n_insns if the label ends the body) */
    uint32_t block;    /* cux_ptx_func.blocks index it was defined in:
                          visible there and in nested blocks only */
    const char *proto; /* NULL; for `name: .callprototype ...;` the
                          prototype's text from ".callprototype" on,
                          without ';' (an indirect call's signature, not
                          a branch target) */
} cux_ptx_label;

/* A { } block of a function body: instructions begin..end-1.  Scope 0 is
 * the body itself.  Kept so the printer can put declarations back where
 * call sequences reuse names in sibling blocks. */
typedef struct cux_ptx_block {
    uint32_t parent; /* enclosing scope (0 for the body itself) */
    uint32_t begin, end;
} cux_ptx_block;

typedef struct cux_ptx_func {
    const char *name;
    uint8_t is_entry;    /* .entry (kernel) rather than .func */
    uint8_t has_body;    /* false for declarations (.extern .func ...;) */
    uint8_t linkage;     /* cux_ptx_linkage */
    uint8_t noreturn;
    uint32_t line;

    uint32_t *params;    /* variable indices (space PARAM), in order */
    uint32_t n_params;
    uint32_t *rets;      /* .func return parameters */
    uint32_t n_rets;

    uint32_t maxntid[3], reqntid[3]; /* 0 where not given */
    uint32_t minnctapersm, maxnreg;

    cux_ptx_reg *regs;
    uint32_t n_regs;
    cux_ptx_insn *insns;
    uint32_t n_insns;
    cux_ptx_operand *operands;
    uint32_t n_operands;
    cux_ptx_label *labels;
    uint32_t n_labels;
    uint32_t *locals;    /* variables declared inside the body */
    uint32_t n_locals;
    cux_ptx_block *blocks; /* blocks[0] is the body */
    uint32_t n_blocks;
} cux_ptx_func;

/* Whether the instruction writes register reg (among its leading
 * operands, cux_ptx_insn_dsts). */
bool cux_ptx_insn_writes(const cux_ptx_func *func, const cux_ptx_insn *insn,
                         uint32_t reg);

typedef struct cux_ptx_file {
    uint32_t index;      /* number written in .file N "name" */
    const char *name;
} cux_ptx_file;

typedef struct cux_ptx_module {
    cux_arena arena;     /* owns every array and string below */
    const char *origin;  /* name used in diagnostics, e.g. "prog.cu.ptx" */
    uint32_t version_major, version_minor;
    const char *target;  /* "sm_75" (extra target options dropped) */
    uint32_t address_size;

    cux_ptx_func *funcs;
    uint32_t n_funcs;
    cux_ptx_var *vars;   /* module-scope and function-scope variables */
    uint32_t n_vars;
    cux_ptx_reloc *relocs;
    uint32_t n_relocs;
    cux_ptx_file *files;
    uint32_t n_files;
} cux_ptx_module;

/* ---- front end ---------------------------------------------------------------- */

/* parse.c (with lex.c): parses PTX text (not necessarily NUL-terminated).
 * Returns a new module the caller owns (cux_ptx_module_free), or NULL with
 * the first error in *diag as "origin:line:col: error: message".  Accepts
 * ISA 6.0-9.0 as clang 14-16 and nvcc 12-13 emit it; anything it does not
 * understand is an error naming the construct, never silently skipped
 * (debug sections and pragmas excepted: they carry no semantics). */
cux_ptx_module *cux_ptx_parse(const char *text, size_t len, const char *origin,
                              cux_diag *diag);
void cux_ptx_module_free(cux_ptx_module *module);

/* Look-ups by name; return -1 if absent. */
int32_t cux_ptx_find_func(const cux_ptx_module *module, const char *name);
int32_t cux_ptx_find_var(const cux_ptx_module *module, const char *name);

/* link.c: links relocatable PTX modules (-rdc=true) into one module, as
 * nvlink does for cubins, but on the text: each .extern declaration
 * resolves against another input's .visible (or .weak) definition, one
 * .weak definition of a name is kept, and an input's own module-scope
 * symbols whose names clash with another input's are renamed.  Lazy
 * inputs (members of a static library) are linked only when they define
 * a symbol that a linked input needs, or are byte-identical copies of a
 * linked input (then they stand for it).  The caller owns *out and frees
 * it with cux_ptx_link_free; on failure (undefined or twice-defined
 * symbol, unreadable input) false, with one line naming the symbol and
 * the inputs in diag->message. */
typedef struct cux_ptx_link_input {
    const char *text; /* borrowed; need not be NUL-terminated */
    size_t len;
    const char *origin; /* the source file, for messages */
    bool lazy;
} cux_ptx_link_input;

typedef struct cux_ptx_rename {
    uint32_t input;
    const char *from, *to; /* in the link's arena */
} cux_ptx_rename;

typedef struct cux_ptx_link {
    cux_strbuf text;        /* the linked module */
    int32_t *same_as;       /* per input: the linked input whose code it
                             * is (itself, an identical one) or -1 */
    CUX_ARRAY(cux_ptx_rename) renames;
    cux_arena arena;
} cux_ptx_link;

bool cux_ptx_link_modules(const cux_ptx_link_input *inputs, uint32_t n,
                          cux_ptx_link *out, cux_diag *diag);
/* The linked module's name for input's module-scope symbol `name`. */
const char *cux_ptx_link_name(const cux_ptx_link *link, uint32_t input,
                              const char *name);
void cux_ptx_link_free(cux_ptx_link *link);

/* spin.c: marks each ld.acquire that lies in a loop CUX_PTX_F_SPIN, so
 * that the warp yields to the block's others after it (a warp that
 * waits for a flag another warp of its block sets) and the functions
 * holding one are inlined like those with a barrier. */
void cux_ptx_mark_spin_loads(cux_ptx_module *module);

/* inline.c: copies each .func that reaches a block barrier (itself or
 * through its calls) into every kernel that calls it, and leaves those
 * functions without a body, since no call to them remains.  False, with
 * the error in *diag, if a barrier lies on a recursive call chain. */
bool cux_ptx_inline_barrier_calls(cux_ptx_module *module, cux_diag *diag);

/* verify.c: true if every index in the module's IR points inside its
 * array and scopes nest; else false with the first problem in *diag
 * (naming the function and PTX line).  Debug builds run it after every
 * pass that rewrites the IR. */
bool cux_ptx_verify(const cux_ptx_module *module, cux_diag *diag);

/* print.c: writes the module back as PTX text that parses to an equal
 * module (parse -> print -> parse -> print is a fixed point). */
void cux_ptx_print(const cux_ptx_module *module, cux_strbuf *out);
/* One instruction as PTX text, without guard-free indentation or ';'. */
void cux_ptx_print_insn(const cux_ptx_module *module, const cux_ptx_func *func,
                        const cux_ptx_insn *insn, cux_strbuf *out);

#endif
