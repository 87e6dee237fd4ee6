/* cux/texture_reference.h: texture references (texture<T, dim, mode>
 * bound with cudaBindTexture*, removed in CUDA 12) stop the build with an
 * error naming the feature, instead of clang's "no template named
 * 'texture'".  cux implements texture objects only
 * (docs/compatibility.md).
 *
 * The template takes the global name `texture`, as CUDA 11's headers did;
 * a program that names something else `texture` at global scope is
 * compiled with -DCUX_NO_TEXTURE_REFERENCE to do without this message
 * (cuda_runtime.h comes first, so a #define in the source is too late). */
#ifndef CUX_TEXTURE_REFERENCE_H
#define CUX_TEXTURE_REFERENCE_H

#ifndef CUX_NO_TEXTURE_REFERENCE
template <class T, int dim = 1,
          enum cudaTextureReadMode mode = cudaReadModeElementType>
struct texture {
    /* dependent on T, so that it fires where a reference is declared */
    static_assert(sizeof(T) == 0,
                  "cux: texture references (texture<T, dim, mode> with "
                  "cudaBindTexture/cudaBindTexture2D/"
                  "cudaBindTextureToArray, removed in CUDA 12) are not "
                  "supported; use texture objects "
                  "(cudaCreateTextureObject, tex1Dfetch<T>(obj, i))");
};
#endif

#endif
