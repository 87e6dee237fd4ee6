/* cuda_fp16.hpp: NVIDIA's cuda_fp16.h includes a .hpp of this name; code
 * that includes it directly gets the whole header. */
#include "cuda_fp16.h"
