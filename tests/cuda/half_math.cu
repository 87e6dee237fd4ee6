// half_math.cu: cuda_fp16.h's math functions (hsqrt ... hrint, and the h2
// forms, __hneg, __habs) on all 65536 half bit patterns
// against the independent host reference of fp16_ref.h; the checks and
// their tolerances are in fp16_test.h.
#include "half_ops.h"

int main()
{
    return run_math<HalfOps>("half_math");
}
