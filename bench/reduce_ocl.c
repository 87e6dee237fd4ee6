// reduce_ocl.c: the OpenCL host side of reduce.cl, the same sum of 16M
// floats in two launches as reduce.cu, on PoCL's CPU device.
#define BLOCK 256
#include "reduce_ocl.h"

#define BLOCKS 1024

int main(void)
{
    return reduce_ocl("reduce", BLOCKS);
}
