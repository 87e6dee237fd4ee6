/* blocking.c: CUDA_LAUNCH_BLOCKING=1 makes every launch synchronous. */
#include "rt_test.h"

#include <stdlib.h>

int main(void)
{
    setenv("CUDA_LAUNCH_BLOCKING", "1", 1);
    register_test_module();
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(launch_spin(200, s));
    OK(cudaStreamQuery(s)); /* already done */
    OK(cudaStreamDestroy(s));
    return finish("blocking");
}
