/* cfg.c: basic blocks and their successors for one PTX function.
 * Leaders are the first instruction, label targets, and whatever follows
 * a branch, exit, block barrier or yield (cux_ptx_parks_warp). */
#include "analysis.h"

#include <stdlib.h>

static bool ends_block(const cux_ptx_insn *insn)
{
    return (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_TERM) ||
           cux_ptx_parks_warp(insn);
}

static uint32_t branch_target(const cux_ptx_func *func,
                              const cux_ptx_insn *insn)
{
    const cux_ptx_operand *target = &func->operands[insn->first_operand];
    return func->labels[target->value].insn;
}

static void mark_leaders(const cux_ptx_func *func, uint8_t *leader)
{
    leader[0] = 1;
    for (uint32_t i = 0; i < func->n_labels; i++)
        leader[func->labels[i].insn] = 1;
    for (uint32_t i = 0; i < func->n_insns; i++)
        if (ends_block(&func->insns[i]))
            leader[i + 1] = 1;
}

static bool link_block(const cux_ptx_module *module, const cux_ptx_func *func,
                       cux_cfg *cfg, cux_cfg_block *block, cux_diag *diag)
{
    const cux_ptx_insn *last = &func->insns[block->end - 1];
    uint32_t next = block->end < func->n_insns
                        ? cfg->block_of_insn[block->end] : CUX_CFG_EXIT;
    block->n_succ = 0;
    if (last->op == CUX_OP_BRA) {
        const cux_ptx_operand *target = &func->operands[last->first_operand];
        if (target->kind != CUX_OPND_LABEL) {
            cux_diag_report(diag, module->origin, last->line, last->column,
                            "indirect branch is not supported");
            return false;
        }
        block->succ[block->n_succ++] =
            cfg->block_of_insn[branch_target(func, last)];
        if (last->guard >= 0)
            block->succ[block->n_succ++] = next;
    } else if (last->op == CUX_OP_RET || last->op == CUX_OP_EXIT ||
               last->op == CUX_OP_TRAP) {
        /* A guarded exit falls through for the other lanes. */
        if (last->guard >= 0)
            block->succ[block->n_succ++] = next;
    } else {
        block->succ[block->n_succ++] = next;
        block->ends_in_barrier = cux_ptx_parks_warp(last);
    }
    return true;
}

bool cux_cfg_build(const cux_ptx_module *module, const cux_ptx_func *func,
                   cux_cfg *cfg, cux_diag *diag)
{
    uint32_t n = func->n_insns;
    uint8_t *leader = cux_xcalloc(n + 1, 1);
    mark_leaders(func, leader);
    cfg->block_of_insn = cux_xcalloc(n + 1, sizeof(uint32_t));
    cfg->n_blocks = 0;
    for (uint32_t i = 0; i < n; i++)
        cfg->n_blocks += leader[i];
    cfg->blocks = cux_xcalloc(cfg->n_blocks, sizeof(cux_cfg_block));
    uint32_t current = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        if (leader[i]) {
            current++;
            cfg->blocks[current].first = i;
        }
        cfg->blocks[current].end = i + 1;
        cfg->block_of_insn[i] = current;
    }
    cfg->block_of_insn[n] = CUX_CFG_EXIT; /* a label at the very end */
    free(leader);
    for (uint32_t b = 0; b < cfg->n_blocks; b++)
        if (!link_block(module, func, cfg, &cfg->blocks[b], diag))
            return false;
    cux_cfg_shared_heads(func, cfg);
    return true;
}

void cux_cfg_free(cux_cfg *cfg)
{
    free(cfg->blocks);
    free(cfg->block_of_insn);
    free(cfg->home);
    cfg->blocks = NULL;
    cfg->block_of_insn = NULL;
    cfg->home = NULL;
    cfg->n_blocks = 0;
}
