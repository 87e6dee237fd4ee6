// texref_pitch2d.cu: 2D texture references over pitched linear memory
// (cudaMallocPitch + cudaBindTexture2D): point sampling of floats with
// clamping, and uchar texels read as normalized floats
// (cudaReadModeNormalizedFloat), each checked against the host.
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texref_pitch2d\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(cond) do { if (!(cond)) { \
    printf("%s:%d: %s\nFAIL texref_pitch2d\n", __FILE__, __LINE__, #cond); \
    exit(1); } } while (0)

enum { W = 19, H = 7, PAD = 2 };

texture<float, 2, cudaReadModeElementType> img;
texture<unsigned char, 2, cudaReadModeNormalizedFloat> bytes;

// Each thread samples one texel centre of a grid PAD texels wider on
// every side: outside the image, clamping repeats the edge.
__global__ void sample(float *out, float *nout)
{
    int x = (int)threadIdx.x - PAD, y = (int)blockIdx.x - PAD;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    out[i] = tex2D(img, x + 0.5f, y + 0.5f);
    nout[i] = tex2D(bytes, x + 0.5f, y + 0.5f);
}

static int clampi(int v, int n) { return v < 0 ? 0 : v >= n ? n - 1 : v; }

int main()
{
    float h_img[H][W];
    unsigned char h_bytes[H][W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            h_img[y][x] = 10.0f * y + x + 0.5f;
            h_bytes[y][x] = (unsigned char)(x * 13 + y * 29);
        }
    float *d_img;
    unsigned char *d_bytes;
    size_t pitch, bpitch;
    CHECK(cudaMallocPitch((void **)&d_img, &pitch, W * sizeof(float), H));
    CHECK(cudaMallocPitch((void **)&d_bytes, &bpitch, W, H));
    CHECK(cudaMemcpy2D(d_img, pitch, h_img, W * sizeof(float),
                       W * sizeof(float), H, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy2D(d_bytes, bpitch, h_bytes, W, W, H,
                       cudaMemcpyHostToDevice));

    img.addressMode[0] = cudaAddressModeClamp;
    img.addressMode[1] = cudaAddressModeClamp;
    img.filterMode = cudaFilterModePoint;
    img.normalized = false;
    size_t offset = 1;
    CHECK(cudaBindTexture2D(&offset, img, d_img, W, H, pitch));
    EXPECT(offset == 0);
    cudaChannelFormatDesc bd = cudaCreateChannelDesc<unsigned char>();
    CHECK(cudaBindTexture2D(NULL, bytes, d_bytes, bd, W, H, bpitch));

    const int GW = W + 2 * PAD, GH = H + 2 * PAD, n = GW * GH;
    float *d_out, *d_nout, h_out[n], h_nout[n];
    CHECK(cudaMalloc(&d_out, sizeof h_out));
    CHECK(cudaMalloc(&d_nout, sizeof h_nout));
    sample<<<GH, GW>>>(d_out, d_nout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_out, d_out, sizeof h_out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(h_nout, d_nout, sizeof h_nout, cudaMemcpyDeviceToHost));
    for (int gy = 0; gy < GH; gy++)
        for (int gx = 0; gx < GW; gx++) {
            int x = clampi(gx - PAD, W), y = clampi(gy - PAD, H);
            int i = gy * GW + gx;
            EXPECT(h_out[i] == h_img[y][x]);
            EXPECT(fabsf(h_nout[i] - h_bytes[y][x] / 255.0f) < 1e-6f);
        }

    // A pitch that is not a multiple of texturePitchAlignment is refused.
    EXPECT(cudaBindTexture2D(NULL, img, d_img, W, H, pitch - 4) ==
           cudaErrorInvalidValue);
    cudaGetLastError();
    CHECK(cudaUnbindTexture(img));
    CHECK(cudaUnbindTexture(bytes));
    cudaFree(d_img);
    cudaFree(d_bytes);
    cudaFree(d_out);
    cudaFree(d_nout);
    printf("PASS texref_pitch2d\n");
    return 0;
}
