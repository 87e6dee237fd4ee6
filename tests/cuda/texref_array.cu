// texref_array.cu: texture references over CUDA arrays, in the pattern of
// CUDA 10's simpleTexture: fields set from host code, then
// cudaBindTextureToArray, then tex2D in a kernel.  Linear filtering with
// normalized coordinates under wrap and under clamp, and tex1D on a 1D
// array through a reference set up by CUDA's constructor, each checked
// against a host computation.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texref_array\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(cond) do { if (!(cond)) { \
    printf("%s:%d: %s\nFAIL texref_array\n", __FILE__, __LINE__, #cond); \
    exit(1); } } while (0)

enum { W = 16, H = 8, N = 64 };

texture<float, 2, cudaReadModeElementType> tex;
// CUDA's constructor: unnormalized, linear filtering, clamp.
texture<float, 1, cudaReadModeElementType> tex_1d(0, cudaFilterModeLinear,
                                                  cudaAddressModeClamp);

// simpleTexture's kernel shape: normalized coordinates, rotated a little
// so that samples fall between texels and outside [0, 1).
__global__ void transform(float *out, float theta)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    float u = x / (float)W - 0.5f, v = y / (float)H - 0.5f;
    float tu = u * cosf(theta) - v * sinf(theta) + 0.5f;
    float tv = v * cosf(theta) + u * sinf(theta) + 0.5f;
    out[y * W + x] = tex2D(tex, tu * 1.5f, tv * 1.5f);
}

__global__ void sample_1d(float *out)
{
    int i = threadIdx.x;
    out[i] = tex1D(tex_1d, i * 0.37f - 3.0f);
}

static float texel(const float *img, int x, int y, bool wrap)
{
    if (wrap) {
        x = ((x % W) + W) % W;
        y = ((y % H) + H) % H;
    } else {
        x = x < 0 ? 0 : x >= W ? W - 1 : x;
        y = y < 0 ? 0 : y >= H ? H - 1 : y;
    }
    return img[y * W + x];
}

static float bilinear(const float *img, float u, float v, bool wrap)
{
    float xb = u * W - 0.5f, yb = v * H - 0.5f;
    int i = (int)floorf(xb), j = (int)floorf(yb);
    float a = xb - i, b = yb - j;
    return (1 - a) * (1 - b) * texel(img, i, j, wrap) +
           a * (1 - b) * texel(img, i + 1, j, wrap) +
           (1 - a) * b * texel(img, i, j + 1, wrap) +
           a * b * texel(img, i + 1, j + 1, wrap);
}

static void check_2d(cudaTextureAddressMode mode, float *d_out)
{
    const float theta = 0.5f;
    static float h_img[W * H], h_out[W * H];
    for (int i = 0; i < W * H; i++)
        h_img[i] = (float)((i * 7919) % 101) - 50.0f;
    cudaChannelFormatDesc channelDesc = cudaCreateChannelDesc<float>();
    cudaArray *cuArray;
    CHECK(cudaMallocArray(&cuArray, &channelDesc, W, H));
    CHECK(cudaMemcpy2DToArray(cuArray, 0, 0, h_img, W * sizeof(float),
                              W * sizeof(float), H, cudaMemcpyHostToDevice));
    tex.addressMode[0] = mode;
    tex.addressMode[1] = mode;
    tex.filterMode = cudaFilterModeLinear;
    tex.normalized = true;
    CHECK(cudaBindTextureToArray(tex, cuArray, channelDesc));
    dim3 block(8, 8), grid(W / 8, H / 8);
    transform<<<grid, block>>>(d_out, theta);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_out, d_out, sizeof h_out, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float u = x / (float)W - 0.5f, v = y / (float)H - 0.5f;
            float tu = u * cosf(theta) - v * sinf(theta) + 0.5f;
            float tv = v * cosf(theta) + u * sinf(theta) + 0.5f;
            float want = bilinear(h_img, tu * 1.5f, tv * 1.5f,
                                  mode == cudaAddressModeWrap);
            EXPECT(fabsf(h_out[y * W + x] - want) < 1e-3f);
        }
    CHECK(cudaUnbindTexture(tex));
    CHECK(cudaFreeArray(cuArray));
}

static void check_1d()
{
    float h[N], h_out[N], *d_out;
    for (int i = 0; i < N; i++)
        h[i] = sinf(i * 0.3f) * 10.0f;
    cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
    cudaArray *arr;
    CHECK(cudaMallocArray(&arr, &cd, N));
    CHECK(cudaMemcpy2DToArray(arr, 0, 0, h, sizeof h, sizeof h, 1,
                              cudaMemcpyHostToDevice));
    EXPECT(tex_1d.filterMode == cudaFilterModeLinear && !tex_1d.normalized &&
           tex_1d.addressMode[0] == cudaAddressModeClamp &&
           tex_1d.channelDesc.x == 32 &&
           tex_1d.channelDesc.f == cudaChannelFormatKindFloat);
    CHECK(cudaBindTextureToArray(tex_1d, arr)); // the array's format
    CHECK(cudaMalloc(&d_out, sizeof h_out));
    sample_1d<<<1, N>>>(d_out);
    CHECK(cudaMemcpy(h_out, d_out, sizeof h_out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
        float xb = i * 0.37f - 3.0f - 0.5f;
        int j = (int)floorf(xb);
        float a = xb - j;
        int j0 = j < 0 ? 0 : j >= N ? N - 1 : j;
        int j1 = j + 1 < 0 ? 0 : j + 1 >= N ? N - 1 : j + 1;
        EXPECT(fabsf(h_out[i] - ((1 - a) * h[j0] + a * h[j1])) < 1e-4f);
    }
    cudaFree(d_out);
    CHECK(cudaUnbindTexture(tex_1d));
    CHECK(cudaFreeArray(arr));
}

int main()
{
    float *d_out;
    CHECK(cudaMalloc(&d_out, W * H * sizeof(float)));
    check_2d(cudaAddressModeWrap, d_out);
    check_2d(cudaAddressModeClamp, d_out); // rebound with other modes
    cudaFree(d_out);
    check_1d();
    printf("PASS texref_array\n");
    return 0;
}
