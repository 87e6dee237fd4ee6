/* crt/mma.hpp: where NVIDIA's toolkit keeps the warp matrix functions;
 * cux has them in mma.h. */
#include "../mma.h"
