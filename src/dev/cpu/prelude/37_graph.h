/* 37_graph.h: device code's side of CUDA graphs: cudaGraphSetConditional,
 * which clang's and nvcc's PTX both call as an external function.
 *
 * The runtime makes a conditional handle the address of a 32-bit word
 * in host memory (src/rt/rt_graph_cond.c), so setting it is one store,
 * read by the conditional node after the kernel's launch has returned
 * on the same stream worker.  CUDA calls concurrent sets undefined; an
 * atomic store keeps racing lanes to one of their values all the same. */
#ifndef CUX_CPU_GRAPH_H
#define CUX_CPU_GRAPH_H

CUX_INL void cux_graph_set_conditional(uint64_t handle, uint32_t value)
{
    __atomic_store_n((uint32_t *)(uintptr_t)handle, value, __ATOMIC_RELAXED);
}

#endif
