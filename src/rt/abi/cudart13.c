/* cudart13.c: the names CUDA 13 kept but gave new signatures, as
 * libcudart.so.13 must export them.
 *
 * A program nvcc 13 built calls cudaMemAdvise, cudaMemPrefetchAsync,
 * cudaStreamGetCaptureInfo, cudaStreamUpdateCaptureDependencies,
 * cudaGraphAddNode and the graph edge calls by their plain names
 * with CUDA 13's arguments (a cudaMemLocation, edge data); CUDA 12's
 * programs call the same names with the old ones.  libcux and
 * libcudart.so.12 define them as CUDA 12 did (weak: CUX_EXPORT_CUDA12),
 * and only libcudart.so.13 links this file, whose definitions take their
 * place there and forward to the forms cux's headers give CUDA 13 code
 * (the _v2 and _v3 functions).  Each is named by an assembler label,
 * since the C names are CUDA 12's declarations, or macros, in cux's
 * headers. */
#include "rt/rt.h"

#define CUDA13(name) __asm__(#name) CUX_EXPORT

cudaError_t cux_cudart13_mem_prefetch(const void *devPtr, size_t count,
                                      struct cudaMemLocation location,
                                      unsigned int flags,
                                      cudaStream_t stream)
    CUDA13(cudaMemPrefetchAsync);
cudaError_t cux_cudart13_mem_prefetch(const void *devPtr, size_t count,
                                      struct cudaMemLocation location,
                                      unsigned int flags, cudaStream_t stream)
{
    return cudaMemPrefetchAsync_v2(devPtr, count, location, flags, stream);
}

cudaError_t cux_cudart13_mem_advise(const void *devPtr, size_t count,
                                    enum cudaMemoryAdvise advice,
                                    struct cudaMemLocation location)
    CUDA13(cudaMemAdvise);
cudaError_t cux_cudart13_mem_advise(const void *devPtr, size_t count,
                                    enum cudaMemoryAdvise advice,
                                    struct cudaMemLocation location)
{
    return cudaMemAdvise_v2(devPtr, count, advice, location);
}

cudaError_t cux_cudart13_capture_info(
    cudaStream_t stream, enum cudaStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, cudaGraph_t *graph_out,
    const cudaGraphNode_t **dependencies_out,
    const cudaGraphEdgeData **edgeData_out, size_t *numDependencies_out)
    CUDA13(cudaStreamGetCaptureInfo);
cudaError_t cux_cudart13_capture_info(
    cudaStream_t stream, enum cudaStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, cudaGraph_t *graph_out,
    const cudaGraphNode_t **dependencies_out,
    const cudaGraphEdgeData **edgeData_out, size_t *numDependencies_out)
{
    return cudaStreamGetCaptureInfo_v3(stream, captureStatus_out, id_out,
                                       graph_out, dependencies_out,
                                       edgeData_out, numDependencies_out);
}

cudaError_t cux_cudart13_add_dependencies(cudaGraph_t graph,
                                          const cudaGraphNode_t *from,
                                          const cudaGraphNode_t *to,
                                          const cudaGraphEdgeData *edgeData,
                                          size_t numDependencies)
    CUDA13(cudaGraphAddDependencies);
cudaError_t cux_cudart13_add_dependencies(cudaGraph_t graph,
                                          const cudaGraphNode_t *from,
                                          const cudaGraphNode_t *to,
                                          const cudaGraphEdgeData *edgeData,
                                          size_t numDependencies)
{
    return cudaGraphAddDependencies_v2(graph, from, to, edgeData,
                                       numDependencies);
}

cudaError_t cux_cudart13_remove_dependencies(cudaGraph_t graph,
                                             const cudaGraphNode_t *from,
                                             const cudaGraphNode_t *to,
                                             const cudaGraphEdgeData *edgeData,
                                             size_t numDependencies)
    CUDA13(cudaGraphRemoveDependencies);
cudaError_t cux_cudart13_remove_dependencies(cudaGraph_t graph,
                                             const cudaGraphNode_t *from,
                                             const cudaGraphNode_t *to,
                                             const cudaGraphEdgeData *edgeData,
                                             size_t numDependencies)
{
    return cudaGraphRemoveDependencies_v2(graph, from, to, edgeData,
                                          numDependencies);
}

cudaError_t cux_cudart13_dependencies(cudaGraphNode_t node,
                                      cudaGraphNode_t *pDependencies,
                                      cudaGraphEdgeData *edgeData,
                                      size_t *pNumDependencies)
    CUDA13(cudaGraphNodeGetDependencies);
cudaError_t cux_cudart13_dependencies(cudaGraphNode_t node,
                                      cudaGraphNode_t *pDependencies,
                                      cudaGraphEdgeData *edgeData,
                                      size_t *pNumDependencies)
{
    return cudaGraphNodeGetDependencies_v2(node, pDependencies, edgeData,
                                           pNumDependencies);
}

cudaError_t cux_cudart13_dependents(cudaGraphNode_t node,
                                    cudaGraphNode_t *pDependentNodes,
                                    cudaGraphEdgeData *edgeData,
                                    size_t *pNumDependentNodes)
    CUDA13(cudaGraphNodeGetDependentNodes);
cudaError_t cux_cudart13_dependents(cudaGraphNode_t node,
                                    cudaGraphNode_t *pDependentNodes,
                                    cudaGraphEdgeData *edgeData,
                                    size_t *pNumDependentNodes)
{
    return cudaGraphNodeGetDependentNodes_v2(node, pDependentNodes, edgeData,
                                             pNumDependentNodes);
}

cudaError_t cux_cudart13_add_node(cudaGraphNode_t *pGraphNode,
                                  cudaGraph_t graph,
                                  const cudaGraphNode_t *pDependencies,
                                  const cudaGraphEdgeData *dependencyData,
                                  size_t numDependencies,
                                  struct cudaGraphNodeParams *nodeParams)
    CUDA13(cudaGraphAddNode);
cudaError_t cux_cudart13_add_node(cudaGraphNode_t *pGraphNode,
                                  cudaGraph_t graph,
                                  const cudaGraphNode_t *pDependencies,
                                  const cudaGraphEdgeData *dependencyData,
                                  size_t numDependencies,
                                  struct cudaGraphNodeParams *nodeParams)
{
    return cudaGraphAddNode_v2(pGraphNode, graph, pDependencies,
                               dependencyData, numDependencies, nodeParams);
}

cudaError_t cux_cudart13_update_capture_deps(
    cudaStream_t stream, cudaGraphNode_t *dependencies,
    const cudaGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags) CUDA13(cudaStreamUpdateCaptureDependencies);
cudaError_t cux_cudart13_update_capture_deps(
    cudaStream_t stream, cudaGraphNode_t *dependencies,
    const cudaGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags)
{
    return cudaStreamUpdateCaptureDependencies_v2(
        stream, dependencies, dependencyData, numDependencies, flags);
}
