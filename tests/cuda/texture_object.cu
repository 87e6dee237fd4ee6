// texture_object.cu: texture objects over a CUDA array and over linear
// memory: point and linear filtering, clamp and border addressing,
// normalized coordinates with wrap, normalized reads of uchar4 texels,
// and tex1Dfetch.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texture_object\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { W = 8, H = 4, N = 64 };

__global__ void sample2d(cudaTextureObject_t t, const float2 *at, float *out)
{
    int i = threadIdx.x;
    out[i] = tex2D<float>(t, at[i].x, at[i].y);
}

__global__ void sample_rgba(cudaTextureObject_t t, float4 *out)
{
    int i = threadIdx.x;
    out[i] = tex2D<float4>(t, i % W + 0.5f, i / W + 0.5f);
}

__global__ void fetch1d(cudaTextureObject_t t, int *out)
{
    int i = threadIdx.x;
    out[i] = tex1Dfetch<int>(t, i - 2); // two below the start: zeros
}

static float texel(const float *img, int x, int y, bool border)
{
    if (border && (x < 0 || x >= W || y < 0 || y >= H))
        return 0.0f;
    x = x < 0 ? 0 : x >= W ? W - 1 : x;
    y = y < 0 ? 0 : y >= H ? H - 1 : y;
    return img[y * W + x];
}

static float reference(const float *img, float x, float y, bool linear,
                       bool border)
{
    if (!linear)
        return texel(img, (int)floorf(x), (int)floorf(y), border);
    float xb = x - 0.5f, yb = y - 0.5f;
    int i = (int)floorf(xb), j = (int)floorf(yb);
    float a = xb - i, b = yb - j;
    return (1 - a) * (1 - b) * texel(img, i, j, border) +
           a * (1 - b) * texel(img, i + 1, j, border) +
           (1 - a) * b * texel(img, i, j + 1, border) +
           a * b * texel(img, i + 1, j + 1, border);
}

static cudaTextureObject_t make_texture(cudaArray_t array, bool linear,
                                        cudaTextureAddressMode mode,
                                        bool normalized_coords)
{
    cudaResourceDesc res = {};
    res.resType = cudaResourceTypeArray;
    res.res.array.array = array;
    cudaTextureDesc tex = {};
    tex.addressMode[0] = tex.addressMode[1] = mode;
    tex.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
    tex.readMode = cudaReadModeElementType;
    tex.normalizedCoords = normalized_coords;
    cudaTextureObject_t t;
    CHECK(cudaCreateTextureObject(&t, &res, &tex, NULL));
    return t;
}

static int check_float_case(cudaArray_t array, const float *img,
                            const float2 *at, float2 *dat, float *dout,
                            bool linear, cudaTextureAddressMode mode)
{
    cudaTextureObject_t t = make_texture(array, linear, mode, false);
    float got[N];
    sample2d<<<1, N>>>(t, dat, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
    CHECK(cudaDestroyTextureObject(t));
    int bad = 0;
    for (int i = 0; i < N; i++) {
        float want = reference(img, at[i].x, at[i].y, linear,
                               mode == cudaAddressModeBorder);
        // GPUs weight linear filtering with 9-bit fractions: allow for it.
        if (fabsf(got[i] - want) > (linear ? 0.1f : 0.0f) && bad++ < 3)
            printf("%s/%d (%g, %g): %g, expected %g\n",
                   linear ? "linear" : "point", (int)mode, at[i].x, at[i].y,
                   got[i], want);
    }
    return bad;
}

int main()
{
    float img[W * H];
    for (int i = 0; i < W * H; i++)
        img[i] = (float)((i * 37) % 23) - 5.0f;
    cudaChannelFormatDesc fdesc = cudaCreateChannelDesc<float>();
    cudaArray_t array;
    CHECK(cudaMallocArray(&array, &fdesc, W, H));
    CHECK(cudaMemcpy2DToArray(array, 0, 0, img, W * sizeof(float),
                              W * sizeof(float), H, cudaMemcpyHostToDevice));
    float2 at[N], *dat;
    for (int i = 0; i < N; i++)
        at[i] = make_float2(-1.5f + 0.37f * i, -0.75f + 0.11f * i);
    float *dout;
    CHECK(cudaMalloc(&dat, sizeof at));
    CHECK(cudaMalloc(&dout, N * sizeof(float)));
    CHECK(cudaMemcpy(dat, at, sizeof at, cudaMemcpyHostToDevice));
    int bad = 0;
    bad += check_float_case(array, img, at, dat, dout, false, cudaAddressModeClamp);
    bad += check_float_case(array, img, at, dat, dout, true, cudaAddressModeClamp);
    bad += check_float_case(array, img, at, dat, dout, false, cudaAddressModeBorder);
    bad += check_float_case(array, img, at, dat, dout, true, cudaAddressModeBorder);

    // Normalized coordinates with wrap: x = 1.25 is x = 0.25 of the width.
    cudaTextureObject_t wrap = make_texture(array, false, cudaAddressModeWrap, true);
    float2 nat[N];
    for (int i = 0; i < N; i++)
        nat[i] = make_float2(1.0f + (i % W + 0.5f) / W, (i / W % H + 0.5f) / H);
    CHECK(cudaMemcpy(dat, nat, sizeof nat, cudaMemcpyHostToDevice));
    float got[N];
    sample2d<<<1, N>>>(wrap, dat, dout);
    CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        if (got[i] != img[(i / W % H) * W + i % W] && bad++ < 8)
            printf("wrap %d: %g, expected %g\n", i, got[i], img[(i / W % H) * W + i % W]);
    CHECK(cudaDestroyTextureObject(wrap));

    // uchar4 texels read as normalized floats.
    uchar4 rgba[W * H];
    for (int i = 0; i < W * H; i++)
        rgba[i] = make_uchar4(i * 7, 255 - i, i * 3, 128);
    cudaChannelFormatDesc cdesc = cudaCreateChannelDesc<uchar4>();
    cudaArray_t carray;
    CHECK(cudaMallocArray(&carray, &cdesc, W, H));
    CHECK(cudaMemcpy2DToArray(carray, 0, 0, rgba, W * sizeof(uchar4),
                              W * sizeof(uchar4), H, cudaMemcpyHostToDevice));
    cudaResourceDesc res = {};
    res.resType = cudaResourceTypeArray;
    res.res.array.array = carray;
    cudaTextureDesc td = {};
    td.addressMode[0] = td.addressMode[1] = cudaAddressModeClamp;
    td.filterMode = cudaFilterModePoint;
    td.readMode = cudaReadModeNormalizedFloat;
    cudaTextureObject_t ct;
    CHECK(cudaCreateTextureObject(&ct, &res, &td, NULL));
    float4 *d4, got4[W * H];
    CHECK(cudaMalloc(&d4, sizeof got4));
    sample_rgba<<<1, W * H>>>(ct, d4);
    CHECK(cudaMemcpy(got4, d4, sizeof got4, cudaMemcpyDeviceToHost));
    for (int i = 0; i < W * H; i++) {
        float want[4] = {rgba[i].x / 255.0f, rgba[i].y / 255.0f,
                         rgba[i].z / 255.0f, rgba[i].w / 255.0f};
        float have[4] = {got4[i].x, got4[i].y, got4[i].z, got4[i].w};
        for (int c = 0; c < 4; c++)
            if (fabsf(have[c] - want[c]) > 1e-6f && bad++ < 8)
                printf("rgba %d.%d: %g, expected %g\n", i, c, have[c], want[c]);
    }
    CHECK(cudaDestroyTextureObject(ct));

    // tex1Dfetch over linear memory.
    int lin[N], *dlin, *dres, res1[N];
    for (int i = 0; i < N; i++)
        lin[i] = i * i - 7;
    CHECK(cudaMalloc(&dlin, sizeof lin));
    CHECK(cudaMalloc(&dres, sizeof res1));
    CHECK(cudaMemcpy(dlin, lin, sizeof lin, cudaMemcpyHostToDevice));
    cudaResourceDesc lres = {};
    lres.resType = cudaResourceTypeLinear;
    lres.res.linear.devPtr = dlin;
    lres.res.linear.desc = cudaCreateChannelDesc<int>();
    lres.res.linear.sizeInBytes = sizeof lin;
    cudaTextureDesc ltd = {};
    ltd.readMode = cudaReadModeElementType;
    cudaTextureObject_t lt;
    CHECK(cudaCreateTextureObject(&lt, &lres, &ltd, NULL));
    fetch1d<<<1, N>>>(lt, dres);
    CHECK(cudaMemcpy(res1, dres, sizeof res1, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        int want = i < 2 ? 0 : lin[i - 2];
        if (res1[i] != want && bad++ < 8)
            printf("fetch %d: %d, expected %d\n", i, res1[i], want);
    }
    CHECK(cudaDestroyTextureObject(lt));

    CHECK(cudaFreeArray(array));
    CHECK(cudaFreeArray(carray));
    CHECK(cudaFree(dat));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(d4));
    CHECK(cudaFree(dlin));
    CHECK(cudaFree(dres));
    printf("%s texture_object\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
