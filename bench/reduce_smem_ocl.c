// reduce_smem_ocl.c: the OpenCL host side of reduce_smem.cl, the same sum
// of 16M floats in two launches as reduce_smem.cu, on PoCL's CPU device.
#define BLOCK 256
#include "reduce_ocl.h"

#define BLOCKS (N / (2 * BLOCK)) /* one pair of elements per work-item */

int main(void)
{
    return reduce_ocl("reduce_smem", BLOCKS);
}
