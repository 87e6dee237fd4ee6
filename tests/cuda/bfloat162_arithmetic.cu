// bfloat162_arithmetic.cu: cuda_bf16.h's __nv_bfloat162 arithmetic on the
// device: special and random triples (and fma ties) as lanes (a, b),
// (b, c), (c, a) through __hadd2 ... __hfma2_relu, __hmax2/__hmin2, every
// pair comparison (__heq2, __hbeq2, __heq2_mask, ...), __hcmadd and the
// C++ operators, against the independent host reference of fp16_ref.h;
// the checks and their tolerances are in fp16_test.h.
#include "bf16_ops.h"

int main()
{
    return run_pair_arithmetic<Bf16Ops>("bfloat162_arithmetic");
}
