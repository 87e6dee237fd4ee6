/* types.c: the opcode tables generated from opcodes.def and facts about
 * PTX scalar types (size, spelling, class). */
#include "parse.h"

#include <string.h>

const char *const cux_ptx_opcode_names[CUX_OP_COUNT] = {
#define OP(id, text, flags) [CUX_OP_##id] = text,
#include "opcodes.def"
#undef OP
};

const uint32_t cux_ptx_opcode_flags[CUX_OP_COUNT] = {
#define OP(id, text, flags) [CUX_OP_##id] = flags,
#include "opcodes.def"
#undef OP
};

static const struct {
    const char *name;
    uint8_t size;
} type_info[CUX_T_COUNT] = {
    [CUX_T_NONE] = {"", 0},       [CUX_T_PRED] = {"pred", 1},
    [CUX_T_B8] = {"b8", 1},       [CUX_T_B16] = {"b16", 2},
    [CUX_T_B32] = {"b32", 4},     [CUX_T_B64] = {"b64", 8},
    [CUX_T_B128] = {"b128", 16},  [CUX_T_U8] = {"u8", 1},
    [CUX_T_U16] = {"u16", 2},     [CUX_T_U32] = {"u32", 4},
    [CUX_T_U64] = {"u64", 8},     [CUX_T_S8] = {"s8", 1},
    [CUX_T_S16] = {"s16", 2},     [CUX_T_S32] = {"s32", 4},
    [CUX_T_S64] = {"s64", 8},     [CUX_T_F16] = {"f16", 2},
    [CUX_T_F16X2] = {"f16x2", 4}, [CUX_T_BF16] = {"bf16", 2},
    [CUX_T_BF16X2] = {"bf16x2", 4}, [CUX_T_F32] = {"f32", 4},
    [CUX_T_F64] = {"f64", 8},
};

uint32_t cux_ptx_insn_dsts(const cux_ptx_insn *insn)
{
    /* bar.red writes its result; the other barriers write nothing */
    if ((insn->op == CUX_OP_BAR || insn->op == CUX_OP_BARRIER) &&
        insn->mode == CUX_MODE_RED)
        return 1;
    if (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_NODST)
        return 0;
    /* init and inval only change the barrier */
    if (insn->op == CUX_OP_MBARRIER)
        return insn->mode != CUX_MODE_INIT && insn->mode != CUX_MODE_INVAL;
    if (insn->op == CUX_OP_WMMA) /* wmma.store writes memory only */
        return insn->mode != CUX_MODE_STORE_D;
    return insn->flags & CUX_PTX_F_PAIR ? 2 : 1;
}

bool cux_ptx_insn_writes(const cux_ptx_func *func, const cux_ptx_insn *insn,
                         uint32_t reg)
{
    uint32_t dsts = cux_ptx_insn_dsts(insn);
    for (uint32_t d = 0; d < dsts && d < insn->n_operands; d++) {
        const cux_ptx_operand *op = &func->operands[insn->first_operand + d];
        if (op->kind == CUX_OPND_REG && op->value == reg)
            return true;
        for (uint32_t e = 0; op->kind == CUX_OPND_VEC && e < op->count; e++)
            if (func->operands[op->first + e].kind == CUX_OPND_REG &&
                func->operands[op->first + e].value == reg)
                return true;
    }
    return false;
}

bool cux_ptx_parks_warp(const cux_ptx_insn *insn)
{
    if (insn->op == CUX_OP_NANOSLEEP || (insn->flags & CUX_PTX_F_SPIN))
        return true;
    if (insn->op == CUX_OP_MBARRIER)
        return insn->mode == CUX_MODE_TEST_WAIT ||
               insn->mode == CUX_MODE_TRY_WAIT;
    /* bar.arrive passes a barrier without waiting */
    return (cux_ptx_opcode_flags[insn->op] & CUX_PTX_OPF_BARRIER) &&
           insn->mode != CUX_MODE_WARP_SYNC && insn->mode != CUX_MODE_ARRIVE;
}

uint32_t cux_ptx_type_size(cux_ptx_type type)
{
    return (unsigned)type < CUX_T_COUNT ? type_info[type].size : 0;
}

const char *cux_ptx_type_name(cux_ptx_type type)
{
    return (unsigned)type < CUX_T_COUNT ? type_info[type].name : "?";
}

bool cux_ptx_type_is_float(cux_ptx_type type)
{
    return type >= CUX_T_F16 && type <= CUX_T_F64;
}

bool cux_ptx_type_is_signed(cux_ptx_type type)
{
    return type >= CUX_T_S8 && type <= CUX_T_S64;
}

bool cux_ptx_type_is_int(cux_ptx_type type)
{
    return (type >= CUX_T_B8 && type <= CUX_T_B64) ||
           (type >= CUX_T_U8 && type <= CUX_T_S64);
}

const char *const cux_ptx_space_names[CUX_SPACE_COUNT] = {
    "", "reg", "sreg", "const", "global", "local", "param", "shared", "tex",
};

const char *const cux_ptx_rounding_names[10] = {
    "", "rn", "rz", "rm", "rp", "rna", "rni", "rzi", "rmi", "rpi",
};

const char *const cux_ptx_cmp_names[19] = {
    "", "eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs",
    "equ", "neu", "ltu", "leu", "gtu", "geu", "num", "nan",
};

const char *const cux_ptx_mode_names[CUX_MODE_COUNT] = {
    "", "add", "inc", "dec", "min", "max", "and", "or", "xor", "exch", "cas",
    "popc", "lo", "hi", "wide", "all", "any", "uni", "ballot", "up", "down",
    "bfly", "idx", "l", "r", "sync", "arrive", "red", "warp.sync", "cux_grid.sync",
    "f4e",
    "b4e", "rc8", "ecl", "ecr", "rc16", "finite", "infinite", "number",
    "notanumber", "normal", "subnormal", "1d", "2d", "3d", "a1d", "a2d",
    "cube", "acube", "2dms", "a2dms", "trap", "zero", "level", "grad", "g",
    "b", "a", "load.a", "load.b", "load.c", "store.d", "mma", "m16n16k16",
    "m32n8k16", "m8n32k16", "m16n16k8",
    "async", "async.commit_group", "async.wait_group", "async.wait_all",
    "async.mbarrier.arrive",
    "init", "inval", "arrive_drop", "test_wait", "try_wait", "pending_count",
    "fractional", "range", "cvt",
};

const char *const cux_ptx_scope_names[5] = {
    "", "cta", "cluster", "gpu", "sys",
};

const char *const cux_ptx_sem_names[8] = {
    "", "weak", "relaxed", "acquire", "release", "acq_rel", "sc", "mmio",
};

/* Bit i of CUX_PTX_F_*; PAIR and CACHE_HINT are not spelled this way. */
const char *const cux_ptx_flag_names[18] = {
    "ftz", "sat", "approx", "full", "volatile", "nc", "uni", "cc", "to",
    "sync", "aligned", "clamp", "shiftamt", "", "NaN", "relu", "noftz", "",
};

const char *const cux_ptx_sreg_names[CUX_SREG_COUNT] = {
    "%tid", "%ntid", "%ctaid", "%nctaid", "%laneid", "%warpid", "%nwarpid",
    "%smid", "%nsmid", "%gridid", "%lanemask_eq", "%lanemask_le",
    "%lanemask_lt", "%lanemask_ge", "%lanemask_gt", "%clock", "%clock_hi",
    "%clock64", "%globaltimer", "%globaltimer_lo", "%globaltimer_hi",
    "%envreg", "%dynamic_smem_size", "%total_smem_size", "%cux_cooperative",
    "%reserved_smem_offset_begin", "%reserved_smem_offset_end",
    "%reserved_smem_offset_cap", "%reserved_smem_offset_",
};

uint64_t cux_ptx_float_bits(cux_ptx_type type, double value)
{
    if (type == CUX_T_F32) {
        float f = (float)value;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        return bits;
    }
    uint64_t bits;
    memcpy(&bits, &value, 8);
    return bits;
}
