// texture_read_modes.cu: what texture_object.cu leaves out: mirror
// addressing with normalized coordinates (2D, point filtering, far
// outside [0, 1) on both sides), normalized reads of signed 16-bit
// channels (v / 32767, clamped at -1), half-float channels read as
// floats, and element reads of signed char2 texels, each against the
// CUDA Programming Guide's definitions computed on the host.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texture_read_modes\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { W = 5, H = 3, N = 96 };

__global__ void sample_mirror(cudaTextureObject_t t, const float2 *at,
                              float *out)
{
    int i = threadIdx.x;
    out[i] = tex2D<float>(t, at[i].x, at[i].y);
}

__global__ void sample_channels(cudaTextureObject_t s16, cudaTextureObject_t h,
                                cudaTextureObject_t c2, float2 *norm,
                                float *half_out, int *chars)
{
    int i = threadIdx.x;
    norm[i] = tex1Dfetch<float2>(s16, i);
    half_out[i] = tex1Dfetch<float>(h, i);
    char2 c = tex1Dfetch<char2>(c2, i);
    chars[2 * i] = c.x;
    chars[2 * i + 1] = c.y;
}

// Mirror addressing of texel index i of n: the pattern 0..n-1, n-1..0
// repeated (the Programming Guide's mirror mode).
static int mirror(int i, int n)
{
    int period = 2 * n, m = ((i % period) + period) % period;
    return m < n ? m : period - 1 - m;
}

static cudaTextureObject_t linear_texture(void *data, size_t bytes,
                                          cudaChannelFormatDesc fmt,
                                          cudaTextureReadMode read)
{
    cudaResourceDesc res = {};
    res.resType = cudaResourceTypeLinear;
    res.res.linear.devPtr = data;
    res.res.linear.desc = fmt;
    res.res.linear.sizeInBytes = bytes;
    cudaTextureDesc tex = {};
    tex.readMode = read;
    cudaTextureObject_t t;
    CHECK(cudaCreateTextureObject(&t, &res, &tex, NULL));
    return t;
}

int main()
{
    int bad = 0;

    // ---- mirror addressing -------------------------------------------
    float img[W * H];
    for (int i = 0; i < W * H; i++)
        img[i] = (float)(i * 3 + 1);
    cudaChannelFormatDesc fdesc = cudaCreateChannelDesc<float>();
    cudaArray_t array;
    CHECK(cudaMallocArray(&array, &fdesc, W, H));
    CHECK(cudaMemcpy2DToArray(array, 0, 0, img, W * sizeof(float),
                              W * sizeof(float), H, cudaMemcpyHostToDevice));
    cudaResourceDesc res = {};
    res.resType = cudaResourceTypeArray;
    res.res.array.array = array;
    cudaTextureDesc tex = {};
    tex.addressMode[0] = tex.addressMode[1] = cudaAddressModeMirror;
    tex.filterMode = cudaFilterModePoint;
    tex.readMode = cudaReadModeElementType;
    tex.normalizedCoords = 1;
    cudaTextureObject_t mirrored;
    CHECK(cudaCreateTextureObject(&mirrored, &res, &tex, NULL));
    float2 at[N], *dat;
    float got[N], *dout;
    for (int i = 0; i < N; i++) {
        // texel centres from -3 to +3 texture widths, so every index
        // lands well inside a texel and no rounding decides it
        int xi = i % 32 - 14, yi = i / 32 * 4 - 5;
        at[i].x = (xi + 0.5f) / W;
        at[i].y = (yi + 0.5f) / H;
    }
    CHECK(cudaMalloc(&dat, sizeof at));
    CHECK(cudaMalloc(&dout, sizeof got));
    CHECK(cudaMemcpy(dat, at, sizeof at, cudaMemcpyHostToDevice));
    sample_mirror<<<1, N>>>(mirrored, dat, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        int xi = i % 32 - 14, yi = i / 32 * 4 - 5;
        float want = img[mirror(yi, H) * W + mirror(xi, W)];
        if (got[i] != want && bad++ < 5)
            printf("mirror (%d, %d): %g, expected %g\n", xi, yi, got[i], want);
    }

    // ---- channel formats -----------------------------------------------
    short2 s16[N];
    __half halves[N];
    char2 c2[N];
    for (int i = 0; i < N; i++) {
        s16[i].x = (short)(i * 683 - 32768);   // -32768 included: -1
        s16[i].y = (short)(32767 - i * 331);
        halves[i] = __float2half((i - 40) * 0.375f);
        c2[i].x = (signed char)(i * 5 - 128);
        c2[i].y = (signed char)(127 - i * 3);
    }
    short2 *ds16;
    __half *dh;
    char2 *dc2;
    CHECK(cudaMalloc(&ds16, sizeof s16));
    CHECK(cudaMalloc(&dh, sizeof halves));
    CHECK(cudaMalloc(&dc2, sizeof c2));
    CHECK(cudaMemcpy(ds16, s16, sizeof s16, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dh, halves, sizeof halves, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc2, c2, sizeof c2, cudaMemcpyHostToDevice));
    cudaTextureObject_t t16 = linear_texture(
        ds16, sizeof s16, cudaCreateChannelDesc<short2>(),
        cudaReadModeNormalizedFloat);
    cudaTextureObject_t th = linear_texture(
        dh, sizeof halves,
        cudaCreateChannelDesc(16, 0, 0, 0, cudaChannelFormatKindFloat),
        cudaReadModeElementType);
    cudaTextureObject_t tc = linear_texture(
        dc2, sizeof c2, cudaCreateChannelDesc<char2>(),
        cudaReadModeElementType);
    float2 norm[N], *dnorm;
    float half_out[N], *dhalf_out;
    int chars[2 * N], *dchars;
    CHECK(cudaMalloc(&dnorm, sizeof norm));
    CHECK(cudaMalloc(&dhalf_out, sizeof half_out));
    CHECK(cudaMalloc(&dchars, sizeof chars));
    sample_channels<<<1, N>>>(t16, th, tc, dnorm, dhalf_out, dchars);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(norm, dnorm, sizeof norm, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(half_out, dhalf_out, sizeof half_out,
                     cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(chars, dchars, sizeof chars, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        float wx = fmaxf(s16[i].x / 32767.0f, -1.0f);
        float wy = fmaxf(s16[i].y / 32767.0f, -1.0f);
        if ((fabsf(norm[i].x - wx) > 1e-6f || fabsf(norm[i].y - wy) > 1e-6f) &&
            bad++ < 5)
            printf("short2 %d: (%g, %g), expected (%g, %g)\n", i, norm[i].x,
                   norm[i].y, wx, wy);
        if (half_out[i] != (i - 40) * 0.375f && bad++ < 5)
            printf("half %d: %g, expected %g\n", i, half_out[i],
                   (i - 40) * 0.375f);
        if ((chars[2 * i] != c2[i].x || chars[2 * i + 1] != c2[i].y) &&
            bad++ < 5)
            printf("char2 %d: (%d, %d), expected (%d, %d)\n", i, chars[2 * i],
                   chars[2 * i + 1], c2[i].x, c2[i].y);
    }
    CHECK(cudaDestroyTextureObject(mirrored));
    CHECK(cudaDestroyTextureObject(t16));
    CHECK(cudaDestroyTextureObject(th));
    CHECK(cudaDestroyTextureObject(tc));
    CHECK(cudaFreeArray(array));
    cudaFree(dat);
    cudaFree(dout);
    cudaFree(ds16);
    cudaFree(dh);
    cudaFree(dc2);
    cudaFree(dnorm);
    cudaFree(dhalf_out);
    cudaFree(dchars);
    if (bad) {
        printf("FAIL texture_read_modes\n");
        return 1;
    }
    printf("PASS texture_read_modes\n");
    return 0;
}
