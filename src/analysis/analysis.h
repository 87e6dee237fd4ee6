/* analysis.h: the device-neutral middle: analyses over one PTX function
 * and the module's memory layout, each in its own file, and the pass list
 * (pipeline.c) that runs them in order for every device.  They read the
 * IR and keep their results in side tables. */
#ifndef CUX_ANALYSIS_H
#define CUX_ANALYSIS_H

#include "ptx/ptx.h"

enum { CUX_CFG_EXIT = UINT32_MAX }; /* the virtual exit block */

typedef struct cux_cfg_block {
    uint32_t first, end;   /* instructions [first, end) */
    uint32_t succ[2];      /* successors: [0] branch target or next,
                              [1] fall-through of a conditional branch */
    uint8_t n_succ;        /* 0 when the block exits (ret, exit, trap) */
    uint8_t ends_in_barrier; /* last instruction parks the warp: a block
                                barrier or a yield (cux_ptx_parks_warp) */
    uint8_t is_reconvergence; /* ipdom of some conditional branch */
    uint32_t ipdom;        /* immediate post-dominator or CUX_CFG_EXIT */
} cux_cfg_block;

typedef struct cux_cfg {
    cux_cfg_block *blocks;
    uint32_t n_blocks;
    uint32_t *block_of_insn; /* n_insns + 1 entries: the block that starts
                                at or contains the instruction */
    uint32_t *home;        /* n_insns + 1 entries: the block at whose end
                              the analyses take the instruction's result
                              as written: its own, or a branch's block for
                              what both sides begin with (shared_heads.c) */
} cux_cfg;

/* cfg.c: splits a function body into basic blocks.  A block ends at a
 * branch, an exit, a block barrier (so the instruction after a barrier
 * starts the block a yielded warp resumes in) and before every label.
 * Returns false with a diagnostic for constructs it cannot place (an
 * indirect branch).  The caller frees with cux_cfg_free. */
bool cux_cfg_build(const cux_ptx_module *module, const cux_ptx_func *func,
                   cux_cfg *cfg, cux_diag *diag);
void cux_cfg_free(cux_cfg *cfg);

/* shared_heads.c: fills cfg->home (cux_cfg_build calls it). */
void cux_cfg_shared_heads(const cux_ptx_func *func, cux_cfg *cfg);

/* postdom.c: fills every block's ipdom and is_reconvergence.  Needs a
 * built CFG; keeps it otherwise unchanged. */
void cux_postdom_compute(cux_cfg *cfg);

/* dominators.c: the immediate dominator of each block (the entry is its
 * own; UINT32_MAX for blocks the entry does not reach), caller frees;
 * and whether block a dominates block b. */
uint32_t *cux_dominators_compute(const cux_cfg *cfg);
bool cux_dominates(const uint32_t *idom, uint32_t a, uint32_t b);

/* dominators.c: each block's predecessors, list[first[b]] up to
 * list[first[b + 1]] (first has n_blocks + 1 entries); and the natural
 * loop of header h added to body: h and every block the entry reaches
 * that reaches a back edge's source without passing h.  It returns the
 * blocks it marked, h included, or 0 where h heads no loop; work holds
 * n_blocks entries. */
typedef struct cux_preds {
    uint32_t *first, *list;
} cux_preds;
void cux_preds_compute(const cux_cfg *cfg, cux_preds *out);
void cux_preds_free(cux_preds *p);
uint32_t cux_natural_loop(const cux_cfg *cfg, const uint32_t *idom,
                          const cux_preds *preds, uint32_t h, uint8_t *body,
                          uint32_t *work);

/* uniformity.c: per register, whether it may differ between the lanes
 * of a warp; per block, whether it may run with part of the warp (it
 * lies between a branch on a varying predicate and its reconvergence).
 * The same one level up: whether a register may differ between the warps
 * of a thread block (block_varying holds every varying register and
 * those uniform in each warp but not across warps), and whether a block
 * may run in only some of the warps.  Needs a CFG with post-dominators.
 * Free with cux_uniformity_free. */
typedef struct cux_liveness cux_liveness;
typedef struct cux_uniformity_regions cux_uniformity_regions;

typedef struct cux_uniformity {
    uint8_t *varying;  /* n_regs entries */
    uint8_t *partial;  /* n_blocks entries */
    uint8_t *block_varying; /* n_regs entries */
    uint8_t *block_partial; /* n_blocks entries */
    /* for cux_uniformity_escapes: each varying branch's region, and
     * ordinary liveness */
    cux_uniformity_regions *regions;
    cux_liveness *killing_live;
} cux_uniformity;

void cux_uniformity_compute(const cux_ptx_module *module,
                            const cux_ptx_func *func, const cux_cfg *cfg,
                            cux_uniformity *out);
/* Whether a value written to reg in `block` can be seen by lanes that
 * did not write it: some varying branch whose region holds the block
 * may read the register on another path before writing it, or after
 * the branch's reconvergence.  False outside partial blocks. */
bool cux_uniformity_escapes(const cux_cfg *cfg, const cux_uniformity *u,
                            uint32_t block, uint32_t reg);
/* Whether lanes that do not run `block` may later read, without writing
 * it first, the value reg had before a write in the block: if not, the
 * write ends the old value's life although it changes only some lanes.
 * False outside partial blocks. */
bool cux_uniformity_old_value_read(const cux_cfg *cfg, const cux_uniformity *u,
                                   uint32_t block, uint32_t reg);
void cux_uniformity_free(cux_uniformity *u);

/* liveness.c: registers live at the end of each block.  Needs a CFG
 * with post-dominators and, for the warp's liveness, the uniformity
 * facts: a write under a guard, or in a block that may run partially
 * where other lanes may read the old value, does not kill.  With u NULL,
 * every unguarded write kills (what one lane sees).  Free with
 * cux_liveness_free. */
struct cux_liveness {
    uint64_t *out;   /* n_blocks rows of `words` words */
    uint64_t *in;    /* the same at the start of each block */
    uint32_t words;
};

bool cux_liveness_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                          const cux_uniformity *u, cux_liveness *live);
bool cux_liveness_out(const cux_liveness *live, uint32_t block, uint32_t reg);
/* Live on entry to `block`; false for CUX_CFG_EXIT. */
bool cux_liveness_in(const cux_liveness *live, uint32_t block, uint32_t reg);
/* Into set (live->words words): the registers live just after
 * instruction insn, from live's sets at the ends of blocks; a guarded
 * write kills nothing, as in cux_liveness_compute without uniformity. */
void cux_liveness_after(const cux_ptx_func *func, const cux_cfg *cfg,
                        const cux_liveness *live, uint32_t insn,
                        uint64_t *set);
void cux_liveness_free(cux_liveness *live);

/* layout.c: memory layout and kernel facts, the same for every device.
 * Recursive device functions get this many bytes of per-thread call
 * stack beyond the static frames (CUDA's default stack is 1 KiB). */
enum { CUX_RECURSION_STACK_BYTES = 8192 };

typedef struct cux_param_slot {
    uint32_t offset, size; /* in the packed parameter buffer */
} cux_param_slot;

typedef struct cux_kernel_facts {
    uint32_t func;           /* index of the .entry in the module */
    cux_param_slot *params;  /* one per parameter of the .entry */
    uint32_t param_bytes;    /* size of the packed parameter buffer */
    uint32_t static_smem;    /* bytes of static .shared it references */
    uint32_t local_bytes;    /* per-thread local memory incl. callees */
    bool recursive;          /* some call chain recurses */
    bool uses_barrier;       /* has a block barrier */
    bool uses_heap;          /* some call chain reaches malloc, free, new
                                or delete (cux_heap_op_of) */
    bool uses_printf;        /* some call chain reaches vprintf */
} cux_kernel_facts;

/* The device heap's entry points as PTX calls them: malloc and free, and
 * C++'s operator new and delete by their Itanium names. */
typedef enum cux_heap_op {
    CUX_HEAP_NONE,        /* not a heap function */
    CUX_HEAP_MALLOC,
    CUX_HEAP_NEW,         /* new and new[]: a distinct object for 0 bytes */
    CUX_HEAP_NEW_ALIGNED, /* with a std::align_val_t argument */
    CUX_HEAP_FREE,        /* free, delete and delete[], sized or aligned */
} cux_heap_op;
cux_heap_op cux_heap_op_of(const char *name);

typedef struct cux_layout {
    uint32_t *shared_offset; /* per variable: offset in shared memory */
    uint32_t *local_offset;  /* per variable: offset in its frame, or in
                                the parameter buffer for kernel params */
    uint8_t *kernel_param;   /* per variable: a parameter of an .entry */
    uint32_t *frame_bytes;   /* per function: own .local frame */
    uint8_t *address_taken;  /* per function: its address is a value
                                (mov, initializer), so a call through a
                                register may reach it */
    uint32_t shared_static;  /* bytes of static .shared in the module */
    uint32_t shared_dynamic_offset; /* where extern .shared starts */
    cux_kernel_facts *kernels; /* one per .entry with a body */
    uint32_t n_kernels;
} cux_layout;

void cux_layout_compute(const cux_ptx_module *module, cux_layout *out);
/* A variable's alignment: as declared, else its element's natural one. */
uint32_t cux_layout_var_align(const cux_ptx_var *var);
/* A .global or .const variable at module scope: memory of the module. */
bool cux_layout_is_module_data(const cux_ptx_var *var);
/* The variable whose initializer holds relocation `reloc`, or -1. */
int32_t cux_layout_reloc_owner(const cux_ptx_module *module, uint32_t reloc);
void cux_layout_free(cux_layout *layout);
void cux_layout_print(const cux_ptx_module *module, const cux_layout *layout,
                      cux_strbuf *out);

/* remat.c: per register, whether its value can be computed again where
 * a warp resumes after a barrier rather than kept across it: its only
 * definition computes it in at most CUX_REMAT_LIMIT integer operations,
 * counting those of its sources, from constants, launch-fixed special
 * registers, module variables' addresses and kernel parameters.  Needs
 * the layout (which .param variables are a kernel's).  Free with
 * cux_remat_free. */
enum { CUX_REMAT_LIMIT = 12 };

typedef struct cux_remat {
    uint32_t *def;   /* per register: its definition (an instruction) */
    uint8_t *cost;   /* per register: instructions to recompute it */
    uint8_t *defs;   /* per register: definitions, 2 for two or more (or
                        one as part of a vector or pair) */
} cux_remat;

void cux_remat_compute(const cux_ptx_module *module, const cux_ptx_func *func,
                       const cux_layout *layout, cux_remat *out);
bool cux_remat_possible(const cux_remat *remat, uint32_t reg);
void cux_remat_free(cux_remat *remat);

/* alignment.c: per register, how many low bits (at most 8) are known in
 * every value it takes: zero, from constants, variables' addresses and
 * the integer arithmetic that keeps low zero bits, or equal to those of
 * a kernel parameter (a pointer the host passed plus multiples of 4).
 * Needs the layout (shared offsets, which .param variables are a
 * kernel's).  Free with cux_alignment_free. */
typedef struct cux_alignment {
    uint8_t *zeros;  /* n_regs entries: the count of low bits known */
    uint32_t *root;  /* n_regs entries: 0 when they are zero, else the
                        parameter load's instruction index + 1 */
} cux_alignment;

void cux_alignment_compute(const cux_ptx_module *module,
                           const cux_ptx_func *func, const cux_layout *layout,
                           cux_alignment *out);
/* Whether [reg + offset] is a multiple of size (a power of two) always. */
bool cux_alignment_known(const cux_alignment *a, uint32_t reg,
                         int64_t offset, uint32_t size);
/* The parameter load whose value [reg + offset] is as aligned as, to
 * size: one test of it covers every such address; 0 where there is none. */
uint32_t cux_alignment_root(const cux_alignment *a, uint32_t reg,
                            int64_t offset, uint32_t size);
/* " %reg(bytes)" or " %reg(bytes as %param)" for each register known
 * aligned to 2 bytes or more, or as a parameter's register. */
void cux_alignment_print(const cux_ptx_func *func, const cux_alignment *a,
                         cux_strbuf *out);
void cux_alignment_free(cux_alignment *a);

/* affine.c: per varying register, whether its value is U + sx * %tid.x
 * + sy * %tid.y with U warp-uniform and sx, sy constants (the strides),
 * and whether some 32-bit step of it was widened to 64 bits on the way
 * (then a lane may have wrapped: users compare lane 31 with lane 0).
 * Needs uniformity.  Free with cux_affine_free. */
typedef struct cux_affine {
    uint8_t *state;    /* n_regs entries, internal */
    int64_t *stride;   /* 2 * n_regs: sx, sy */
    uint8_t *flags;    /* widened; sy uniform but not a constant; ranged */
    int64_t *range;    /* 2 * n_regs: the least and greatest value, where
                          the value is made of %tid and constants only */
    uint8_t *zeros;    /* low bits zero in every lane */
    uint8_t *y_zeros;  /* ...in a %tid.y stride that is not a constant */
} cux_affine;

void cux_affine_compute(const cux_ptx_module *module, const cux_ptx_func *func,
                        const cux_cfg *cfg, const cux_uniformity *u,
                        const cux_alignment *alignment, cux_affine *out);
/* True with the strides of an affine register; *y_known (if not NULL)
 * is false when sy is uniform but not a constant (y * n), which matters
 * only where %tid.y differs within the warp; `widened` if not NULL. */
bool cux_affine_strides(const cux_affine *a, uint32_t reg, int64_t *x,
                        int64_t *y, bool *y_known, bool *widened);
/* Low bits known zero in the %tid.y stride of an affine register whose
 * stride is not a constant (0 otherwise, or where nothing is known). */
int cux_affine_y_zeros(const cux_affine *a, uint32_t reg);
void cux_affine_free(cux_affine *a);

/* remat.c: mov, add, sub, mul, mad, shl, shr, and, or, xor, not, neg,
 * min, max, selp, cvta, setp and cvt, without a carry: they compute from
 * their operands alone and cannot fault (an integer division can). */
bool cux_computes_from_operands(const cux_ptx_insn *insn);

/* induction.c: registers that step by a fixed amount per trip of the
 * innermost loop holding their definition: by scale, or scale times the
 * value of the loop-invariant register `by` (a grid-stride loop's index
 * steps by gridDim.x * blockDim.x). */
#define CUX_INDUCTION_CONSTANT UINT32_MAX /* `by` of a constant step */
typedef struct cux_induction {
    uint32_t *loop;   /* per block: 1 + the header of its innermost loop */
    uint32_t *header; /* per register: 1 + the header of the loop it
                         steps in, or 0 */
    uint32_t *by;     /* per register: see above */
    int64_t *scale;
    struct cux_loop_test *test; /* per block: a loop header's exit test */
    struct cux_loop_load *loads; /* in instruction order */
    uint32_t n_loads;
} cux_induction;

/* A value as a linear form of one basic induction variable `iv` (a
 * register the loop writes only at the end of its latch, as r = r + x)
 * as it stands on entry to the trip: iv_scale * iv + the sum of
 * term_scale[k] * term[k], registers the loop does not write, + offset.
 * The loop's exit test and its loads' addresses take this form in
 * grid-stride loops, where clang computes them afresh from the index on
 * every trip. */
#define CUX_LINEAR_TERMS 4
typedef struct cux_linear {
    uint32_t iv;
    int64_t iv_scale;
    uint32_t n_terms;
    uint32_t term[CUX_LINEAR_TERMS];
    int64_t term_scale[CUX_LINEAR_TERMS];
    int64_t offset;
} cux_linear;

/* How a loop decides whether another trip follows, where that is one
 * ordered compare at the end of its only latch between a counter (a
 * linear form) and a value the loop does not change:
 *
 *     add.s32 %r21, %r21, %r6;  add.s32 %r19, %r5, %r21;
 *     setp.lt.u32 %p3, %r19, %r12;  @%p3 bra header;
 *
 * (the counter %r21 + %r6 + %r5).  The trip K trips after the next runs
 * if the counter computed from iv + (K - 1) * step(iv) passes, with iv
 * read at the back edge; each load in the loop whose address is a
 * linear form is listed with it, so that the back edge can fetch what
 * that trip will read (emit_mem.c). */
typedef struct cux_loop_test {
    uint32_t setp;      /* 1 + the compare's index; 0: no such test */
    uint32_t latch;     /* the block whose branch ends the trip */
    uint8_t again_if;   /* the predicate's value that starts a trip */
    uint8_t bound_side; /* 1 or 2: the compare's source not the counter */
    cux_linear counter;
} cux_loop_test;

typedef struct cux_loop_load {
    uint32_t insn;      /* a global or generic load in a loop with a test */
    uint32_t header;    /* ...that loop's header */
    cux_linear address; /* its address register's value, as a form */
} cux_loop_load;
void cux_induction_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                           cux_induction *out);
/* Whether reg steps in the innermost loop holding `block` (its value
 * read there changes by the step per trip), and by what. */
bool cux_induction_step(const cux_induction *iv, uint32_t block, uint32_t reg,
                        uint32_t *by, int64_t *scale);
/* The exit test of the innermost loop holding `block`, or NULL. */
const cux_loop_test *cux_induction_test(const cux_induction *iv,
                                        uint32_t block);
void cux_induction_print(const cux_ptx_func *func, const cux_induction *iv,
                         cux_strbuf *out);
void cux_induction_print_tests(const cux_ptx_func *func,
                               const cux_induction *iv, uint32_t n_blocks,
                               cux_strbuf *out);
void cux_induction_free(cux_induction *iv);

/* block_step.c: per register, how much its value grows from one thread
 * block to the next along %ctaid.x: scale times 1 or a block dimension
 * (CUX_STEP_*), perhaps times a kernel parameter, where every definition
 * agrees; the hint that lets a block fetch what the next block will
 * read. */
enum { CUX_STEP_ONE, CUX_STEP_NTID_X, CUX_STEP_NTID_Y, CUX_STEP_NTID_Z };
typedef struct cux_block_step {
    uint8_t *known;   /* per register */
    int64_t *scale;
    uint8_t *factor;
    uint32_t *param;  /* 1 + the ld.param whose value multiplies, or 0 */
} cux_block_step;
void cux_block_step_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                            cux_block_step *out);
/* Whether reg's step is known, and what it is. */
bool cux_block_step_of(const cux_block_step *s, uint32_t reg, int64_t *scale,
                    uint8_t *factor, uint32_t *param);
/* " %r5(2*ntid.x)" for each register that steps (CUX_DUMP=analysis). */
void cux_block_step_print(const cux_ptx_func *func, const cux_block_step *s,
                          cux_strbuf *out);
void cux_block_step_free(cux_block_step *s);

/* pipeline.c: the pass list, run once per loaded module. */
typedef struct cux_func_analysis {
    cux_cfg cfg;             /* with post-dominators */
    cux_uniformity uniform;
    cux_affine affine;
    cux_alignment alignment;
    cux_liveness live;
    cux_remat remat;
    cux_induction induction;
    cux_block_step block_step;
} cux_func_analysis;

typedef struct cux_module_analysis {
    cux_layout layout;
    cux_func_analysis *funcs; /* per function; empty for declarations */
    uint32_t n_funcs;
} cux_module_analysis;

enum {
    CUX_DUMP_PTX = 1 << 0,      /* the module as parsed */
    CUX_DUMP_ANALYSIS = 1 << 1, /* each function's facts, the layout */
    CUX_DUMP_C = 1 << 2,        /* generated C (the CPU device prints it) */
    CUX_DUMP_IR = 1 << 3,       /* the module after lowering */
};

/* Lowers the module in place (cux_ptx_inline_barrier_calls), then lays
 * it out and analyses every function with a body.  What `dump` asks for
 * is appended to *dumped.  False with the error in *diag; *out is then
 * empty.  Free with cux_module_analysis_free. */
bool cux_analyze_module(cux_ptx_module *module, unsigned dump,
                        cux_strbuf *dumped, cux_module_analysis *out,
                        cux_diag *diag);
void cux_module_analysis_free(cux_module_analysis *analysis);
void cux_analysis_print(const cux_ptx_module *module, uint32_t func,
                        const cux_func_analysis *analysis, cux_strbuf *out);
/* CUX_DUMP's value ("ptx,analysis,c", "all") as CUX_DUMP_* flags. */
unsigned cux_dump_flags(const char *spec);

#endif
