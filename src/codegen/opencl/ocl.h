/* ocl.h: the OpenCL generator's state while it translates one function,
 * shared by its files (operands, instructions, calls, module). */
#ifndef CUX_OCL_H
#define CUX_OCL_H

#include "codegen/opencl/codegen_opencl.h"

typedef struct ocl_gen {
    const cux_ptx_module *module;
    const cux_module_analysis *analysis;
    const cux_layout *layout;
    const cux_ptx_func *func;
    uint32_t fi;               /* the function's index */
    cux_strbuf *out;           /* its body */
    cux_arena *expr;           /* expression text, freed with the result */
    const char *error;         /* first construct it cannot translate */
    bool uses_f64;
    bool uses_printf;
    bool rounds;               /* the kernel runs in rounds (ocl_rounds.c) */
    bool yields;               /* rounds: it has a yield (nanosleep...) */
    bool named;                /* rounds: it has named barriers */
    bool uses_named;           /* some kernel of the module has them */
    bool uses_mbarrier;        /* some function uses mbarrier objects */
    uint8_t *endless;          /* rounds: per CFG block, whether it
                                  reaches no sync point nor exit */
    uint8_t *cut;              /* rounds: per instruction, a loop's back
                                  edge that goes by the round's end */
    uint32_t *home;            /* rounds: per register, its element of
                                  cux_kp_ or UINT32_MAX (ocl_rounds_keep.c) */
    const uint8_t *recursive;  /* per function: on a recursive call chain */
    bool body;                 /* writing such a function's resumable body */
    uint32_t resume;           /* the body's resume points written so far */
    struct ocl_frame *frames;  /* ocl_recursion.c: per function, its frame
                                  on the stack, once computed */
} ocl_gen;

#define EMIT(...) cux_strbuf_printf(g->out, __VA_ARGS__)
#define FMT(...) cux_arena_printf(g->expr, __VA_ARGS__)

/* ocl_operand.c */
const char *cux_ocl_ctype(cux_ptx_type type);   /* register's C type */
const char *cux_ocl_stype(cux_ptx_type type);   /* lane_ops' spelling */
const char *cux_ocl_mtype(cux_ptx_type type);   /* type in memory */
/* Register reg as an lvalue: `r5`, or its home in a kernel in rounds. */
const char *cux_ocl_reg(ocl_gen *g, uint32_t reg);
const char *cux_ocl_convert(ocl_gen *g, const char *expr, cux_ptx_type from,
                            cux_ptx_type to);
const cux_ptx_operand *cux_ocl_opnd(ocl_gen *g, const cux_ptx_insn *insn,
                                    uint32_t i);
const char *cux_ocl_src_operand(ocl_gen *g, const cux_ptx_insn *insn,
                                const cux_ptx_operand *op, cux_ptx_type type);
const char *cux_ocl_src(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i,
                        cux_ptx_type type);
/* Writes `value` (of `type`) to a register operand; sinks ignore it. */
void cux_ocl_dst_operand(ocl_gen *g, const cux_ptx_insn *insn,
                         const cux_ptx_operand *op, cux_ptx_type type,
                         const char *value);
void cux_ocl_dst(ocl_gen *g, const cux_ptx_insn *insn, uint32_t i,
                 cux_ptx_type type, const char *value);
/* The CUDA address an ld/st/atom operand names (a ulong expression), in
 * the instruction's state space; not for .param. */
const char *cux_ocl_address(ocl_gen *g, const cux_ptx_insn *insn,
                            const cux_ptx_operand *addr);
/* Records the first thing the function cannot do, naming the PTX line. */
void cux_ocl_fail(ocl_gen *g, const cux_ptx_insn *insn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ocl_insn.c: one instruction (its guard is the caller's). */
void cux_ocl_insn(ocl_gen *g, const cux_ptx_insn *insn);
/* The thread leaves the function being written (ret, trap, assert):
 * the end of its round in a kernel in rounds, -1 from a body on a
 * recursive chain, else a return. */
void cux_ocl_leave(ocl_gen *g);

/* ocl_mem.c: ld, ldu, st, atom, red. */
void cux_ocl_load_store(ocl_gen *g, const cux_ptx_insn *insn);
void cux_ocl_atomic(ocl_gen *g, const cux_ptx_insn *insn);

/* ocl_warp.c: shfl, vote, activemask, redux, match; and whether an
 * instruction runs with the whole block converged (the uniformity
 * analysis finds no thread-varying branch around it). */
void cux_ocl_warp(ocl_gen *g, const cux_ptx_insn *insn);
bool cux_ocl_whole_block(ocl_gen *g, const cux_ptx_insn *insn);

/* ocl_wmma.c: wmma.load, wmma.store, wmma.mma; the words per thread of
 * the __local scratch (cux_wmma_) a kernel's mma instructions need (0:
 * none), and the functions their code calls, for the module's source. */
void cux_ocl_wmma(ocl_gen *g, const cux_ptx_insn *insn);
/* An mma in two parts, for the converged exchange and the rounds': each
 * work-item's words of a and b into cux_wmma_, and its d computed from
 * its warp's words (t_ the thread, l_ its lane in scope). */
void cux_ocl_wmma_deposit(ocl_gen *g, const cux_ptx_insn *insn);
void cux_ocl_wmma_compute(ocl_gen *g, const cux_ptx_insn *insn);
uint32_t cux_ocl_wmma_scratch_words(const cux_ptx_func *f);
/* Declares a kernel's cux_wmma_, if it has an mma, at kernel scope. */
void cux_ocl_wmma_declare(ocl_gen *g);
const char *cux_ocl_wmma_helpers(void);

/* ocl_texture.c: tex, suld, sust. */
void cux_ocl_texture(ocl_gen *g, const cux_ptx_insn *insn);

/* Where a collective's result code finds its warp's values: lane k's
 * in words[w_ + k] (t_ the thread, l_ its lane, w_ its warp's first
 * thread); members, the lanes taking part (NULL: those of the
 * membermask that exist, ex_ & mask); missing, a condition on the
 * int j that is true where lane j left no value. */
typedef struct cux_ocl_lanes {
    const char *words;
    const char *members;
    const char *missing;
} cux_ocl_lanes;
/* A collective in three parts, for ocl_warp.c's exchange and the
 * rounds': the value each lane contributes (NULL if the collective has
 * no translation, after failing), the code that computes its result
 * from the warp's values, and the writes of the result. */
const char *cux_ocl_warp_operand(ocl_gen *g, const cux_ptx_insn *insn);
void cux_ocl_warp_compute(ocl_gen *g, const cux_ptx_insn *insn,
                          const cux_ocl_lanes *lanes);
void cux_ocl_warp_results(ocl_gen *g, const cux_ptx_insn *insn);

/* ocl_rounds.c: kernels whose barriers or warp collectives only some
 * threads reach run in rounds (docs/opencl.md).  needs: whether the
 * kernel must; begin after the registers, end after the body; wait at
 * each barrier or collective, exit where a thread ends. */
bool cux_ocl_rounds_needed(ocl_gen *g);
void cux_ocl_rounds_begin(ocl_gen *g);
void cux_ocl_rounds_before(ocl_gen *g, uint32_t insn);
void cux_ocl_rounds_wait(ocl_gen *g, const cux_ptx_insn *insn);
/* A yield (nanosleep, a spinning load, an mbarrier wait that failed):
 * the thread goes on next round, where `cond` holds (NULL: always). */
void cux_ocl_rounds_yield(ocl_gen *g, const cux_ptx_insn *insn,
                          const char *cond);
void cux_ocl_rounds_exit(ocl_gen *g);
bool cux_ocl_rounds_back_edge(ocl_gen *g, const cux_ptx_insn *insn);
void cux_ocl_rounds_before_labels(ocl_gen *g, uint32_t insn);
void cux_ocl_rounds_end(ocl_gen *g);
/* Whether the kernel's threads stop at the instruction (a barrier, a
 * collective, a yield). */
bool cux_ocl_rounds_sync_point(const cux_ptx_insn *insn);
/* Whether the round's decision computes insn's results (a barrier or a
 * collective; not a yield nor a named barrier). */
bool cux_ocl_rounds_decides(ocl_gen *g, const cux_ptx_insn *insn);
/* Whether basic block b of the function holds such an instruction. */
bool cux_ocl_block_has_sync_point(const ocl_gen *g, uint32_t b);
/* The functions that rounds' code calls, for the module's source. */
const char *cux_ocl_rounds_helpers(void);
const char *cux_ocl_rounds_named_helpers(void); /* if a kernel has them */

/* ocl_rounds_loops.c: per instruction (a new array, the caller's to
 * free), CUT_BRANCH where the branch there is a back edge that must go
 * by the round's end, CUT_FALL where the fall-through into the block
 * starting there is one (clang places some loops' heads after their
 * latches). */
enum { CUT_BRANCH = 1, CUT_FALL = 2 };
uint8_t *cux_ocl_rounds_cuts(ocl_gen *g);

/* ocl_rounds_keep.c: the registers a thread keeps across the round loop
 * live in a private array.  begin (after g->cut and cux_never_) chooses
 * them and declares the array; home is a register's lvalue there, or
 * NULL for a register of its own (cux_ocl_reg spells either). */
void cux_ocl_rounds_keep_begin(ocl_gen *g);
const char *cux_ocl_rounds_keep_home(ocl_gen *g, uint32_t reg);
void cux_ocl_rounds_keep_free(ocl_gen *g);

/* ocl_async.c: nanosleep, cp.async and mbarrier; the helpers that
 * mbarrier's code calls, for the module's source. */
void cux_ocl_async(ocl_gen *g, const cux_ptx_insn *insn);
const char *cux_ocl_mbarrier_helpers(void);

/* ocl_call.c: call; and each .func's OpenCL signature. */
void cux_ocl_call(ocl_gen *g, const cux_ptx_insn *insn);
const char *cux_ocl_func_signature(ocl_gen *g, uint32_t fi);
/* ocl_recursion.c: a function on a recursive call chain as a resumable
 * body and a driver (under its usual name and signature) that runs the
 * chain's bodies on a private stack; `reach` is the module's call graph
 * closed over paths (n_funcs x n_funcs). */
const char *cux_ocl_body_signature(ocl_gen *g, uint32_t fi);
void cux_ocl_recursive_prologue(ocl_gen *g);
void cux_ocl_recursive_call(ocl_gen *g, uint32_t callee,
                            const cux_ptx_operand *rets,
                            const cux_ptx_operand *args);
void cux_ocl_recursive_driver(ocl_gen *g, uint32_t fi, const uint8_t *reach);

/* Whether `caller` may call `callee` through a register (the callee's
 * address is taken and its parameters fit a call there). */
bool cux_ocl_calls_indirectly(const cux_ptx_module *m, const cux_layout *l,
                              uint32_t caller, uint32_t callee);

#endif
