/* cgen.h: internals of the C code generator, shared by its files.
 * emit_module.c drives; emit_func.c lays out a function and its control
 * flow; emit_alu.c, emit_mem.c and emit_warp.c translate instructions. */
#ifndef CUX_CGEN_H
#define CUX_CGEN_H

#include "analysis/analysis.h"
#include "codegen_c.h"
#include "codegen/common/lane_ops.h"


/* A source line generated C is mapped to (lines.c); line 0: unmapped. */
typedef struct cux_cgen_pos {
    uint32_t line;
    int32_t file;              /* index in the module's files; -1: the PTX */
} cux_cgen_pos;

/* Registers one lane loop reads from pinned pieces, at most. */
enum { CUX_MAX_PINS = 8 };

typedef struct cux_cgen {
    const cux_ptx_module *module;
    cux_strbuf *out;
    cux_diag *diag;
    bool failed;
    const cux_module_analysis *analysis; /* from the pass list */
    const cux_layout *layout;  /* analysis->layout, at hand */
    /* the function being generated */
    const cux_ptx_func *func;
    uint32_t func_index;
    /* the function's analyses, borrowed from the pass list's results */
    cux_cfg cfg;
    cux_liveness live;         /* registers live across each barrier */
    cux_uniformity uniform;    /* warp-uniform registers, partial blocks */
    cux_affine affine;         /* lane-affine registers and their strides */
    cux_alignment alignment;   /* low bits known zero: aligned accesses */
    cux_remat remat;           /* registers recomputed after a barrier */
    cux_induction induction;   /* registers that step per loop trip */
    cux_block_step block_step; /* ...and from one block to the next */
    uint8_t *lane_values;      /* per register: keeps lanes 0 and 31 */
    bool half_lanes;           /* ...and 15 and 16 (emit_affine.c) */
    uint8_t *exact_affine;     /* per register: held as those lanes only,
                                  its vector formed from lane 0 where
                                  read (emit_affine.c) */
    uint8_t *pred_bits;        /* per predicate: only branches and
                                  logic on such bits read it, held as
                                  lane bits (emit_affine.c) */
    uint8_t *lane_only;        /* per register: vector formed where read
                                  (lane_only.c; defined by remat.def) */
    bool forming;              /* emitting such a definition */
    bool vector_formed;        /* ...its vector, for this access, done */
    uint8_t *resident;         /* per register: lives in w->save (S_),
                                  resident.c */
    uint32_t *resident_ordinal; /* per resident register: its index */
    uint32_t n_resident;
    uint8_t *valid_in;         /* per block and resident register: its
                                  local equals the save area on entry */
    uint8_t *local_valid;      /* per register, where emitting now */
    uint8_t *pushed;           /* per block: may be pushed on the SIMT stack */
    uint32_t *serial;          /* per block: 1 + the header of the loop it
                                  lies in that runs lane by lane, or 0
                                  (serial_loops.c) */
    uint32_t *serial_exit;     /* per such header: the loop's exit block */
    bool one_lane;             /* emitting such a loop: `l` is the lane
                                  running it, every address is its own */
    uint8_t *has_twin;         /* per block: also emitted for a full warp */
    bool in_twin;              /* emitting such a copy: every live lane runs */
    bool whole_warp;           /* every live lane runs the code emitted now
                                  (a twin, or a block never partial) */
    uint32_t block;            /* the block being emitted */
    uint32_t block_run;        /* counts emit_block calls (twins too) */
    uint32_t *aligned_run;     /* per register, then per parameter root
                                  (analysis/alignment.c): the block_run, */
    uint32_t *aligned_insn;    /* ...the instruction and */
    uint8_t *aligned_size;     /* ...the access size of the last test of
                                  its alignment for every live lane
                                  (emit_mem.c) */
    bool in_guard;             /* emitting a guarded instruction */
    bool pinning;              /* emitting an unrolled lane loop whose
                                  lanes of registers come from pinned
                                  pieces (cux_cgen_reg_lane), */
    uint32_t n_pins;           /* ...of these registers */
    uint32_t pins[CUX_MAX_PINS];
    bool idle_warps;           /* a warp reports an idle step between two
                                  barriers (idle_warps.c), */
    uint8_t *idle_state;       /* ...per block: IDLE_* */
    uint32_t *idle_guard;      /* ...per block: 1 + the setp its branch
                                  tests where the later warps are checked */
    bool split;                /* the block runs in one call, its warps
                                  looped in each stretch (block_split.c): */
    uint8_t *block_scalar;     /* ...per register: one copy for the block,
                                  written by block-level code only */
    uint8_t *hoist;            /* ...per instruction: block-level code
                                  runs it, not the warps */
    uint8_t *level_entered;    /* ...per block: only block-level code
                                  enters it */
    uint8_t *level_whole;      /* ...per block: block-level code runs it
                                  whole, its branch included */
    uint32_t *stretch;         /* ...per block: 1 + its stretch, or 0 */
    uint32_t n_stretches;
    uint32_t *entry_block;     /* ...per entry into a stretch from
                                  block-level code: its block */
    uint32_t *entry_stretch;   /* ...and its stretch */
    uint32_t n_entries;
    uint8_t *restores;         /* ...per stretch and barrier block: the
                                  stretch restores what that one saved */
    uint8_t *stretch_writes;   /* ...per stretch and register: some
                                  instruction of the stretch writes it */
    uint8_t *stretch_uses;     /* ...or may read it */
    uint8_t *block_affine;     /* ...per register: B + sx * %tid.x + sy *
                                  %tid.y, B the same in every warp
                                  (idle_warps.c), once asked */
    const char *group_store;   /* emitting a store of a group that writes
                                  each lane's whole element (emit_mem.c):
                                  what its whole warp's strided path runs
                                  instead of its own lane loop */
    int8_t streams;            /* the function mostly moves memory
                                  (emit_mem.c); -1 until asked */
    uint32_t *trip_yield;      /* per block: the resume point of the
                                  yield on its back edge (trip_yields.c),
                                  or 0 */
    uint32_t *trip_every;      /* ...and the trips between yields */
    bool trip_yields;          /* ...some block has one */
    const char *pop_label;     /* the SIMT pop of the code emitted now */
    uint32_t n_resume;         /* barrier resume points so far */
    bool yields;               /* has a nanosleep or an mbarrier wait,
                                  where a warp yields */
    bool named_barriers;       /* the module names barriers, counts their
                                  threads or uses bar.arrive: its kernels
                                  wait at CUX_BAR_NAMED (emit_func.c) */
    cux_arena expr;            /* the function's C expressions (FMT) */
    const char **reg_names;    /* per register: its C name (names.c) */
    bool lines;                /* the module has .loc: emit #line */
    cux_cgen_pos pos;          /* where the lines emitted now come from */
    cux_cgen_pos presumed;     /* what the C compiler takes the next for */
    size_t line_bytes;         /* of output, in #line directives */
} cux_cgen;

/* resident.c */
/* The registers insn writes, at most `max` (CUX_MAX_WRITTEN is plenty). */
enum { CUX_MAX_WRITTEN = 8 };
uint32_t cux_cgen_written(cux_cgen *g, const cux_ptx_insn *insn,
                          uint32_t *regs, uint32_t max);
void cux_cgen_choose_resident(cux_cgen *g);
void cux_cgen_resident_block(cux_cgen *g, uint32_t block);
/* Makes the registers `drop` marks live outside the save area again. */
void cux_cgen_resident_drop(cux_cgen *g, const uint8_t *drop);
/* Loads the locals of the resident registers that code entering block
 * `block` takes to equal their save-area copies (a jump there from the
 * resume dispatch). */
void cux_cgen_resident_reload(cux_cgen *g, uint32_t block);
void cux_cgen_resident_forget(cux_cgen *g);
void cux_cgen_resident_before(cux_cgen *g, const cux_ptx_insn *insn);
void cux_cgen_resident_after(cux_cgen *g, const cux_ptx_insn *insn);
void cux_cgen_save_area_copy(cux_cgen *g, uint32_t reg, bool to_area);
/* emit_func.c: whether reg has a place in w->save (resident, or kept
 * across some barrier). */
bool cux_cgen_in_save_area(const cux_cgen *g, uint32_t reg);
void cux_cgen_resident_free(cux_cgen *g);

/* idle_warps.c: chooses whether the function's warps report idle steps
 * (g->idle_warps, and the per-block facts; free with cux_cgen_idle_free).
 * Needs the resident registers, lane values and serial loops. */
void cux_cgen_choose_idle_warps(cux_cgen *g);
enum {
    IDLE_IN = 1,   /* a step may be idle on entry to the block */
    IDLE_RUNS = 2, /* ...and stays so up to its branch or barrier */
    IDLE_ENDS = 4, /* ...and is not idle once it runs */
};
/* Whether a step may be idle through block b (its branch, its barrier). */
bool cux_cgen_idle_runs(const cux_cgen *g, uint32_t b);
void cux_cgen_idle_free(cux_cgen *g);
/* At the top of block b: what a warp running it does to its idle step. */
void cux_cgen_idle_block_top(cux_cgen *g, uint32_t b);
/* What the arm of the branch `bra` of the block being emitted runs where
 * every live lane takes it (lanes_take) or none does, going to block
 * `to`: "" or C code. */
const char *cux_cgen_idle_arm(cux_cgen *g, const cux_ptx_insn *bra,
                              bool lanes_take, uint32_t to);
/* The function the round calls to move a warp where an idle one went. */
void cux_cgen_idle_copy_function(cux_cgen *g);
/* For a stretch's opening setp whose lanes all gave x (block_split.c):
 * code that ends the loop over the warps where every later thread of
 * the block gives x too, so the later warps would skip alike; "" where
 * the setp is not a block-affine register against a block-uniform
 * value. */
const char *cux_cgen_later_alike(cux_cgen *g, const cux_ptx_insn *setp,
                                 bool x);

/* block_split.c: chooses whether the kernel's block runs in one call,
 * and what runs at block level (g->split and what follows it). */
void cux_cgen_choose_block_split(cux_cgen *g);
/* Whether the kernel has barriers, all of them plain block barriers
 * that every warp reaches with all its lanes (bar.sync 0 in
 * block-uniform control), and no loops run lane by lane. */
bool cux_cgen_plain_barriers(const cux_cgen *g);
/* The registers instruction i writes where the warps run it (at most
 * CUX_MAX_WRITTEN): none where a split block's block-level code does. */
uint32_t cux_cgen_warp_written(cux_cgen *g, uint32_t i, uint32_t *regs);
void cux_cgen_block_split_free(cux_cgen *g);

/* trip_yields.c: chooses the loops whose back edges yield every few
 * trips (g->trip_yield and g->trip_every, allocated zeroed by the
 * caller).  Needs the block split, idle warp and serial loop choices. */
void cux_cgen_choose_trip_yields(cux_cgen *g);
/* What a branch from the block being emitted to block `to` runs first
 * where that is such a back edge: a count of the trip, and a jump to
 * the yield (cux_trip<latch>, emit_func.c); else "". */
const char *cux_cgen_trip_yield(cux_cgen *g, uint32_t to);

/* emit_module.c */
void cux_cgen_fail(cux_cgen *g, const cux_ptx_insn *insn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* lines.c: all output (EMIT), with #line directives in line mode */
void cux_cgen_emit(cux_cgen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cux_cgen_lines_init(cux_cgen *g);
void cux_cgen_at_func(cux_cgen *g);
void cux_cgen_at_insn(cux_cgen *g, const cux_ptx_insn *insn);

/* names.c: C names of the function's registers (in g->expr) */
void cux_cgen_name_registers(cux_cgen *g);
const char *cux_cgen_reg_name(cux_cgen *g, uint32_t reg);
const char *cux_cgen_reg_declared_name(cux_cgen *g, uint32_t reg);
const char *cux_cgen_reg_home(cux_cgen *g, uint32_t reg);

/* emit_func.c */
bool cux_cgen_function(cux_cgen *g, uint32_t func_index);
void cux_cgen_exit_lanes(cux_cgen *g, const char *lanes);

/* emit_operand.c: C expressions for operands and destinations */
const char *cux_cgen_vtype(cux_ptx_type type);   /* lane vector type */
const char *cux_cgen_utype(cux_ptx_type type);   /* unsigned lane vector */
const char *cux_cgen_stype(cux_ptx_type type);   /* scalar memory type */
const char *cux_cgen_wtype(cux_ptx_type type);   /* scalar compute type */
const cux_ptx_operand *cux_cgen_opnd(cux_cgen *g, const cux_ptx_insn *insn,
                                 uint32_t i);
const char *cux_cgen_src(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i,
                     cux_ptx_type type);
const char *cux_cgen_src_operand(cux_cgen *g, const cux_ptx_insn *insn,
                             const cux_ptx_operand *op, cux_ptx_type type);
void cux_cgen_dst(cux_cgen *g, const cux_ptx_insn *insn, uint32_t i,
              cux_ptx_type type, const char *value);
/* Warp-uniform registers are scalars of their lane type (wtype). */
bool cux_cgen_reg_scalar(const cux_cgen *g, uint32_t reg);
/* An operand as a scalar of wtype(type), or NULL where it has none (a
 * register that differs between lanes, %tid). */
const char *cux_cgen_operand_scalar(cux_cgen *g, const cux_ptx_operand *op,
                                    cux_ptx_type type);
/* Source i as a scalar of wtype(type); only for uniform operands. */
const char *cux_cgen_src_scalar(cux_cgen *g, const cux_ptx_insn *insn,
                                uint32_t i, cux_ptx_type type);
/* Whether destination 0 is a scalar register; writing it a scalar value
 * of wtype(type). */
bool cux_cgen_dst_scalar(const cux_cgen *g, const cux_ptx_insn *insn);
void cux_cgen_dst_scalar_value(cux_cgen *g, const cux_ptx_insn *insn,
                               cux_ptx_type type, const char *value);
void cux_cgen_dst_operand(cux_cgen *g, const cux_ptx_insn *insn,
                      const cux_ptx_operand *op, cux_ptx_type type,
                      const char *value);
/* Whether an address operand's register is lane-only but not affine
 * (an index loaded from memory): its accesses go lane by lane, each
 * lane's address computed from the definitions, which the C compiler
 * makes a gather or scatter with the narrowest indices it can. */
bool cux_cgen_lane_gather(const cux_cgen *g, const cux_ptx_operand *op);
/* Lane `l`'s address of a lane-only register's access. */
const char *cux_cgen_lane_address(cux_cgen *g, const cux_ptx_operand *op,
                                  cux_ptx_space space);
const char *cux_cgen_address(cux_cgen *g, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op, cux_ptx_space space);
void cux_cgen_address_copy(cux_cgen *g, const cux_ptx_operand *op);

/* expr, a scalar of wtype(from), as a scalar of wtype(to), with the
 * meaning a register conversion has on one lane. */
const char *cux_cgen_scalar_convert(cux_cgen *g, const char *expr,
                                    cux_ptx_type from, cux_ptx_type to);

/* emit_affine.c: a lane-affine register (value U + s * %tid.x, see
 * analysis/affine.c) also keeps its values in lanes 0 and 31 as scalars,
 * computed beside the vector, so that an access through it can tell in
 * three scalar operations that the warp's addresses are contiguous. */
bool cux_cgen_reg_affine(const cux_cgen *g, uint32_t reg, int64_t *sx,
                         int64_t *sy, bool *sy_known);
/* The compare cmp (CUX_CMP_*) with its operands swapped; CUX_CMP_NONE
 * for an unordered one. */
int cux_cgen_mirrored(int cmp);
/* The lanes whose values affine registers keep as scalars, in `lanes`;
 * returns how many (2 or 4). */
unsigned cux_cgen_kept_lanes(const cux_cgen *g, unsigned lanes[4]);
const char *cux_cgen_lane_declared_name(cux_cgen *g, uint32_t reg,
                                       unsigned lane);
const char *cux_cgen_lane_value(cux_cgen *g, uint32_t reg, unsigned lane);
void cux_cgen_affine_values(cux_cgen *g, const cux_ptx_insn *insn);
/* The lane operation of insn over sources a_, b_, ... (lane_ops.h);
 * false if it has none, an unsupported form or a carry. */
bool cux_cgen_lane_op(cux_cgen *g, const cux_ptx_insn *insn, cux_lane_op *op);
/* Lane `l` of a lane-only register (lane_only.c) as a scalar expression
 * over its definitions, for a lane loop. */
const char *cux_cgen_lane_expr(cux_cgen *g, uint32_t reg);
/* Chooses the affine registers that keep lanes 0 and 31: addresses of
 * loads and stores, exact ones (g->exact_affine), and what they are
 * computed from.  Caller frees g->lane_values and g->exact_affine. */
void cux_cgen_choose_lane_values(cux_cgen *g);
/* The register's 32 lanes as a vector expression: its local (or save
 * area member), or for an exact affine register lane 0 plus the strides
 * times each lane's thread index offset. */
const char *cux_cgen_reg_vector(cux_cgen *g, uint32_t reg);
/* The same for lane `l` of a lane loop, as a scalar of wtype; while
 * g->pinning, from the pieces cux_cgen_emit_pins declares. */
const char *cux_cgen_reg_lane(cux_cgen *g, uint32_t reg);
/* Declares the pinned pieces of the registers the expressions built
 * since g->pinning was set read (the prelude's CUX_PIN_LANES), for the
 * unrolled lane loop that follows, and ends the pinning. */
void cux_cgen_emit_pins(cux_cgen *g);
/* Chooses the predicates a branch reads as lane bits computed from an
 * affine compare, or by and/or/xor/not from such bits (g->pred_bits;
 * caller frees it).  Needs lane values. */
void cux_cgen_choose_pred_bits(cux_cgen *g);
/* The C name of such a predicate's lane bits, as code reads and writes
 * them (a local or the save area, like a register) and as declared. */
const char *cux_cgen_pred_bits_name(cux_cgen *g, uint32_t reg);
const char *cux_cgen_pred_bits_declared_name(cux_cgen *g, uint32_t reg);
/* For a setp writing such a predicate: emits `if (the warp is one x run
 * and no lane wraps) bits = <from lane 0>; else` before the lane-wise
 * compare, which then sets the bits from its vector. */
void cux_cgen_pred_bits_fast(cux_cgen *g, const cux_ptx_insn *insn);
/* Emits an and/or/xor/not whose destination is held as bits, on its
 * sources' bits; false for any other instruction. */
bool cux_cgen_pred_bits_logic(cux_cgen *g, const cux_ptx_insn *insn);
/* For an access of `type` elements at base + reg + off with reg affine,
 * emits the fast paths, copying between memory and the vector variable
 * `value`, and opens the `else {` of the rest: for whole warps laid out
 * as one run of 32 or two of 16 (RUNS; `shared`: the access is to the
 * block's shared memory, which a part of the warp may then also move as
 * one run), or for lanes a constant stride apart, never one run
 * (STRIDED); NONE (nothing emitted) if the strides fit no fast path.
 * `fetch` runs on the path of a whole warp's run of 32, after the copy. */
typedef enum cux_affine_paths {
    CUX_AFFINE_NONE, CUX_AFFINE_RUNS, CUX_AFFINE_STRIDED
} cux_affine_paths;
cux_affine_paths cux_cgen_affine_access(cux_cgen *g, uint32_t reg, cux_ptx_type type,
                            const char *base, int64_t off, bool load,
                            bool shared, const char *value,
                            const char *fetch);
/* For a vector access (.v2, .v4) of `type` elements at base + reg + off
 * whose lanes' vectors lie one after another, emits the whole warp's
 * path, between memory and value0_, value1_, ..., and opens its `else`;
 * false (nothing emitted) where the strides or the shape fit none. */
bool cux_cgen_affine_vectors(cux_cgen *g, uint32_t reg, cux_ptx_type type,
                             uint32_t n, const char *base, int64_t off,
                             bool load, const char *value);

/* lane_only.c: chooses the registers whose vector is computed only
 * where a slow path reads it (g->lane_only; caller frees it).  Needs the
 * lane values and resident registers. */
void cux_cgen_choose_lane_only(cux_cgen *g);
/* emit_func.c: emits the computation of a lane-only register's vector
 * (and of the lane-only registers it is computed from); nothing for
 * another register. */
void cux_cgen_form_vector(cux_cgen *g, uint32_t reg);

/* emit_func.c: one instruction as the emitters' view has it */
void cux_cgen_insn(cux_cgen *g, const cux_ptx_insn *insn);
/* Whether a warp resuming after the barrier ending `block` computes reg
 * again from its definition (analysis/remat.c) rather than keeping it. */
bool cux_cgen_recomputed(const cux_cgen *g, uint32_t block, uint32_t reg);

/* serial_loops.c: chooses the divergent loops that gather, to run one
 * lane at a time (g->serial, g->serial_exit; caller frees them).  Needs
 * the lane values, resident registers, lane-only registers and
 * predicate bits. */
void cux_cgen_choose_serial_loops(cux_cgen *g);
/* Whether block b lies in such a loop but does not head it: only its
 * header's code runs it. */
bool cux_cgen_serial_hidden(const cux_cgen *g, uint32_t b);
/* Emits the loop headed by h, lane by lane, for the lanes of `m`, and
 * returns its exit block, where they all go on. */
uint32_t cux_cgen_serial_loop(cux_cgen *g, uint32_t h);

/* emit_alu.c, emit_mem.c, emit_warp.c: true if the opcode was theirs */
bool cux_cgen_alu(cux_cgen *g, const cux_ptx_insn *insn);
bool cux_cgen_mem(cux_cgen *g, const cux_ptx_insn *insn);
/* emit_mem.c: what a branch from the block being emitted to block `to`
 * runs first: where it is a loop's back edge, fetches of what its loads
 * will read a few trips ahead; else "". */
const char *cux_cgen_back_edge(cux_cgen *g, uint32_t to);
/* ...and where it enters a loop from outside, the fetches of what the
 * next block's loads in the loop read on its first trip; else "". */
const char *cux_cgen_loop_entry(cux_cgen *g, uint32_t to);
bool cux_cgen_warp(cux_cgen *g, const cux_ptx_insn *insn);
/* Opens a C block holding id_ and n_, a named barrier's id and thread
 * count (0 where the instruction has none: the whole block), after the
 * check PTX makes of them, a trap naming the line where it fails; the
 * caller emits what the warp does with them and closes the block
 * (emit_func.c). */
void cux_cgen_named_barrier_open(cux_cgen *g, const cux_ptx_insn *insn);
bool cux_cgen_call(cux_cgen *g, const cux_ptx_insn *insn);
/* The names of libdevice's functions, which a call without a body in
 * the module reaches per lane (emit_call.c). */
#define CUX_LIBDEVICE_PREFIX "__nv_"
/* emit_async.c: cp.async and mbarrier; true if the opcode was one */
bool cux_cgen_async(cux_cgen *g, const cux_ptx_insn *insn);

/* emit_indirect.c */
const char *cux_cgen_func_address(cux_cgen *g, uint32_t f);
void cux_cgen_callee_table(cux_cgen *g);
void cux_cgen_indirect_call(cux_cgen *g, const cux_ptx_insn *insn,
                            const cux_ptx_operand *rets,
                            const cux_ptx_operand *args);

/* emit_surface.c: suld, sust */
void cux_cgen_surface(cux_cgen *g, const cux_ptx_insn *insn);
/* emit_wmma.c: wmma.load, wmma.store, wmma.mma */
void cux_cgen_wmma(cux_cgen *g, const cux_ptx_insn *insn);

#define EMIT(...) cux_cgen_emit(g, __VA_ARGS__)
/* A C expression of any length; it lives until the function is done. */
#define FMT(...) cux_arena_printf(&g->expr, __VA_ARGS__)

#endif
