/* curand_philox4x32_x.h: the state of cuRAND's Philox4_32_10 generator,
 * with NVIDIA's name and layout (a program may allocate states on the
 * host by sizeof); its functions are in curand_kernel.h.
 *
 * ctr is the 128-bit counter (x low .. w high; z and w hold the
 * subsequence), output the block philox(ctr, key) and STATE how many of
 * its four words have been handed out. */
#ifndef CUX_CURAND_PHILOX4X32_X_H
#define CUX_CURAND_PHILOX4X32_X_H
#define CURAND_PHILOX4X32_X__H_

#include "vector_types.h"

struct curandStatePhilox4_32_10 {
    uint4 ctr;
    uint4 output;
    uint2 key;
    unsigned int STATE;
    int boxmuller_flag;             /* boxmuller_extra holds a normal */
    int boxmuller_flag_double;
    float boxmuller_extra;
    double boxmuller_extra_double;
};
typedef struct curandStatePhilox4_32_10 curandStatePhilox4_32_10_t;

#endif
