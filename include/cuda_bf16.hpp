/* cuda_bf16.hpp: NVIDIA's cuda_bf16.h includes a .hpp of this name; code
 * that includes it directly gets the whole header. */
#include "cuda_bf16.h"
