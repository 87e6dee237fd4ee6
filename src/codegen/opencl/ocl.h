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
} ocl_gen;

#define EMIT(...) cux_strbuf_printf(g->out, __VA_ARGS__)
#define FMT(...) cux_arena_printf(g->expr, __VA_ARGS__)

/* ocl_operand.c */
const char *cux_ocl_ctype(cux_ptx_type type);   /* register's C type */
const char *cux_ocl_stype(cux_ptx_type type);   /* lane_ops' spelling */
const char *cux_ocl_mtype(cux_ptx_type type);   /* type in memory */
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

/* ocl_mem.c: ld, ldu, st, atom, red. */
void cux_ocl_load_store(ocl_gen *g, const cux_ptx_insn *insn);
void cux_ocl_atomic(ocl_gen *g, const cux_ptx_insn *insn);

/* ocl_warp.c: shfl, vote, activemask, redux, match; and whether an
 * instruction runs with the whole block converged (the uniformity
 * analysis finds no thread-varying branch around it). */
void cux_ocl_warp(ocl_gen *g, const cux_ptx_insn *insn);
bool cux_ocl_whole_block(ocl_gen *g, const cux_ptx_insn *insn);

/* ocl_texture.c: tex, suld, sust. */
void cux_ocl_texture(ocl_gen *g, const cux_ptx_insn *insn);

/* ocl_call.c: call; and each .func's OpenCL signature. */
void cux_ocl_call(ocl_gen *g, const cux_ptx_insn *insn);
const char *cux_ocl_func_signature(ocl_gen *g, uint32_t fi);
/* Whether `caller` may call `callee` through a register (the callee's
 * address is taken and its parameters fit a call there). */
bool cux_ocl_calls_indirectly(const cux_ptx_module *m, const cux_layout *l,
                              uint32_t caller, uint32_t callee);

#endif
