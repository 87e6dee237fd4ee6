/* channel_descriptor.h: cudaCreateChannelDesc<T>() for C++ callers.
 * Each channel's width in bits and its kind follow from T. */
#ifndef CUX_CHANNEL_DESCRIPTOR_H
#define CUX_CHANNEL_DESCRIPTOR_H

#include "cuda_runtime_api.h"

#if defined(__cplusplus)

/* The primary template describes no format; the specialisations below
 * cover the scalar and vector types textures use. */
template <class T>
__inline__ __host__ cudaChannelFormatDesc cudaCreateChannelDesc(void)
{
    return cudaCreateChannelDesc(0, 0, 0, 0, cudaChannelFormatKindNone);
}

#define CUX_CHANNEL(T, x, y, z, w, kind) \
    template <> \
    __inline__ __host__ cudaChannelFormatDesc cudaCreateChannelDesc<T>(void) \
    { \
        return cudaCreateChannelDesc(x, y, z, w, kind); \
    }
#define CUX_CHANNEL_VEC(T, S, bits, kind) \
    CUX_CHANNEL(S, bits, 0, 0, 0, kind) \
    CUX_CHANNEL(T##1, bits, 0, 0, 0, kind) \
    CUX_CHANNEL(T##2, bits, bits, 0, 0, kind) \
    CUX_CHANNEL(T##4, bits, bits, bits, bits, kind)

CUX_CHANNEL(char, 8, 0, 0, 0,
            (char)-1 < 0 ? cudaChannelFormatKindSigned
                         : cudaChannelFormatKindUnsigned)
CUX_CHANNEL_VEC(char, signed char, 8, cudaChannelFormatKindSigned)
CUX_CHANNEL_VEC(uchar, unsigned char, 8, cudaChannelFormatKindUnsigned)
CUX_CHANNEL_VEC(short, short, 16, cudaChannelFormatKindSigned)
CUX_CHANNEL_VEC(ushort, unsigned short, 16, cudaChannelFormatKindUnsigned)
CUX_CHANNEL_VEC(int, int, 32, cudaChannelFormatKindSigned)
CUX_CHANNEL_VEC(uint, unsigned int, 32, cudaChannelFormatKindUnsigned)
CUX_CHANNEL_VEC(float, float, 32, cudaChannelFormatKindFloat)

#undef CUX_CHANNEL
#undef CUX_CHANNEL_VEC

#endif

#endif
