// half_arithmetic.cu: cuda_fp16.h's __half arithmetic on the device:
// special and random triples (and fma ties) through __hadd ... __hfma_relu,
// __hmax/__hmin, every comparison and the C++ operators, against the
// independent host reference of fp16_ref.h; the checks and their
// tolerances are in fp16_test.h.
#include "half_ops.h"

int main()
{
    return run_arithmetic<HalfOps>("half_arithmetic");
}
