/* analysis.h: analyses over one PTX function, each in its own file.
 * They read the IR and keep their results in side tables. */
#ifndef CUX_ANALYSIS_H
#define CUX_ANALYSIS_H

#include "ptx/ptx.h"

enum { CUX_CFG_EXIT = UINT32_MAX }; /* the virtual exit block */

typedef struct cux_cfg_block {
    uint32_t first, end;   /* instructions [first, end) */
    uint32_t succ[2];      /* successors: [0] branch target or next,
                              [1] fall-through of a conditional branch */
    uint8_t n_succ;        /* 0 when the block exits (ret, exit, trap) */
    uint8_t ends_in_barrier; /* last instruction is a block barrier */
    uint8_t is_reconvergence; /* ipdom of some conditional branch */
    uint32_t ipdom;        /* immediate post-dominator or CUX_CFG_EXIT */
} cux_cfg_block;

typedef struct cux_cfg {
    cux_cfg_block *blocks;
    uint32_t n_blocks;
    uint32_t *block_of_insn; /* n_insns + 1 entries: the block that starts
                                at or contains the instruction */
} cux_cfg;

/* cfg.c: splits a function body into basic blocks.  A block ends at a
 * branch, an exit, a block barrier (so the instruction after a barrier
 * starts the block a yielded warp resumes in) and before every label.
 * Returns false with a diagnostic for constructs it cannot place (an
 * indirect branch).  The caller frees with cux_cfg_free. */
bool cux_cfg_build(const cux_ptx_module *module, const cux_ptx_func *func,
                   cux_cfg *cfg, cux_diag *diag);
void cux_cfg_free(cux_cfg *cfg);

/* postdom.c: fills every block's ipdom and is_reconvergence.  Needs a
 * built CFG; keeps it otherwise unchanged. */
void cux_postdom_compute(cux_cfg *cfg);

/* uniformity.c: per register, whether it may differ between the lanes
 * of a warp; per block, whether it may run with part of the warp (it
 * lies between a branch on a varying predicate and its reconvergence).
 * Needs a CFG with post-dominators.  Free with cux_uniformity_free. */
typedef struct cux_uniformity {
    uint8_t *varying;  /* n_regs entries */
    uint8_t *partial;  /* n_blocks entries */
} cux_uniformity;

void cux_uniformity_compute(const cux_ptx_module *module,
                            const cux_ptx_func *func, const cux_cfg *cfg,
                            cux_uniformity *out);
void cux_uniformity_free(cux_uniformity *u);

/* liveness.c: registers live at the end of each block.  Needs a CFG
 * with post-dominators and the blocks that may run partially (from
 * uniformity.c): a write under a guard or in such a block does not kill,
 * since the other lanes keep the old value.  Free with
 * cux_liveness_free. */
typedef struct cux_liveness {
    uint64_t *out;   /* n_blocks rows of `words` words */
    uint32_t words;
} cux_liveness;

bool cux_liveness_compute(const cux_ptx_func *func, const cux_cfg *cfg,
                          const uint8_t *partial, cux_liveness *live);
bool cux_liveness_out(const cux_liveness *live, uint32_t block, uint32_t reg);
void cux_liveness_free(cux_liveness *live);

#endif
