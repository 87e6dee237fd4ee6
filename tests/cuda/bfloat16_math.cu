// bfloat16_math.cu: cuda_bf16.h's math functions (hsqrt ... hrint, and the h2
// forms, __hneg, __habs) on all 65536 bfloat16 bit patterns
// against the independent host reference of fp16_ref.h; the checks and
// their tolerances are in fp16_test.h.
#include "bf16_ops.h"

int main()
{
    return run_math<Bf16Ops>("bfloat16_math");
}
