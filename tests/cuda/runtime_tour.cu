// runtime_tour.cu: a program as a new user writes one, using the runtime
// the way everyday CUDA code does, checked against the host: a pitched 2D
// image copied in and out with cudaMemcpy2D, scratch memory from an
// explicit pool and from the default pool (cudaMallocFromPoolAsync,
// cudaMallocAsync, cudaFreeAsync), two streams ordered by an event, host
// functions queued on a stream, a captured graph launched in a loop, and
// a cooperative kernel whose blocks meet at grid.sync().
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cmath>

namespace cg = cooperative_groups;

#define CHECK(call)                                                        \
    do {                                                                   \
        cudaError_t err_ = (call);                                         \
        if (err_ != cudaSuccess) {                                         \
            printf("FAIL runtime_tour: %s at line %d: %s\n", #call,        \
                   __LINE__, cudaGetErrorString(err_));                    \
            exit(1);                                                       \
        }                                                                  \
    } while (0)

enum { W = 200, H = 120 };

// out = the average of each pixel and its left and right neighbours
// (clamped at the edges), rows `pitch` bytes apart.
__global__ void blur_rows(const float *in, size_t in_pitch, float *out,
                          size_t out_pitch)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= W || y >= H)
        return;
    const float *row = (const float *)((const char *)in + y * in_pitch);
    float l = row[x > 0 ? x - 1 : 0], r = row[x < W - 1 ? x + 1 : W - 1];
    ((float *)((char *)out + y * out_pitch))[x] = (l + row[x] + r) / 3.0f;
}

// sums[x] = the column's sum.
__global__ void column_sums(const float *img, size_t pitch, float *sums)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    if (x >= W)
        return;
    float s = 0;
    for (int y = 0; y < H; y++)
        s += ((const float *)((const char *)img + y * pitch))[x];
    sums[x] = s;
}

__global__ void scale(float *v, int n, float k)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = v[i] * k + 1.0f;
}

// Every block adds its part of v into partial[blockIdx.x]; after the
// grid meets, block 0 adds the partials into *total.
__global__ void grid_total(const float *v, int n, float *partial,
                           float *total)
{
    cg::grid_group grid = cg::this_grid();
    __shared__ float s[256];
    float mine = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        mine += v[i];
    s[threadIdx.x] = mine;
    __syncthreads();
    for (int k = blockDim.x / 2; k > 0; k /= 2) {
        if (threadIdx.x < k)
            s[threadIdx.x] += s[threadIdx.x + k];
        __syncthreads();
    }
    if (threadIdx.x == 0)
        partial[blockIdx.x] = s[0];
    grid.sync();
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        float t = 0;
        for (unsigned b = 0; b < gridDim.x; b++)
            t += partial[b];
        *total = t;
    }
}

static int order[4], n_order = 0;

static void CUDART_CB note(void *tag)
{
    order[n_order++] = (int)(size_t)tag;
}

static bool close_to(double got, double want)
{
    return fabs(got - want) <= 1e-4 * fmax(1.0, fabs(want));
}

int main()
{
    // The image, on the host and as a pitched array.
    static float img[H][W], blurred[H][W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            img[y][x] = (float)((x * 7 + y * 13) % 29) * 0.5f;
    float *d_img, *d_blur;
    size_t pitch_img, pitch_blur;
    CHECK(cudaMallocPitch((void **)&d_img, &pitch_img, W * sizeof(float), H));
    CHECK(cudaMallocPitch((void **)&d_blur, &pitch_blur, W * sizeof(float),
                          H));
    CHECK(cudaMemcpy2D(d_img, pitch_img, img, W * sizeof(float),
                       W * sizeof(float), H, cudaMemcpyHostToDevice));

    // Scratch memory: an explicit pool for one stream, the device's
    // default pool for the other.
    cudaMemPoolProps props = {};
    props.allocType = cudaMemAllocationTypePinned;
    props.location.type = cudaMemLocationTypeDevice;
    props.location.id = 0;
    cudaMemPool_t pool;
    CHECK(cudaMemPoolCreate(&pool, &props));
    unsigned long long threshold = 1 << 20;
    CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold,
                                  &threshold));
    cudaStream_t s1, s2;
    CHECK(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
    CHECK(cudaStreamCreate(&s2));
    float *d_sums, *d_vec;
    CHECK(cudaMallocFromPoolAsync((void **)&d_sums, W * sizeof(float), pool,
                                  s2));
    CHECK(cudaMallocAsync((void **)&d_vec, W * sizeof(float), s1));

    // Stream 1 blurs; stream 2 waits for it through an event, then sums
    // the columns; host functions on stream 2 run in its order.
    cudaEvent_t blurred_done;
    CHECK(cudaEventCreateWithFlags(&blurred_done, cudaEventDisableTiming));
    dim3 block(32, 8), grid((W + 31) / 32, (H + 7) / 8);
    blur_rows<<<grid, block, 0, s1>>>(d_img, pitch_img, d_blur, pitch_blur);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(blurred_done, s1));
    CHECK(cudaLaunchHostFunc(s2, note, (void *)1));
    CHECK(cudaStreamWaitEvent(s2, blurred_done, 0));
    column_sums<<<(W + 63) / 64, 64, 0, s2>>>(d_blur, pitch_blur, d_sums);
    CHECK(cudaGetLastError());
    CHECK(cudaLaunchHostFunc(s2, note, (void *)2));
    CHECK(cudaMemcpyAsync(d_vec, d_sums, W * sizeof(float),
                          cudaMemcpyDeviceToDevice, s2));
    CHECK(cudaFreeAsync(d_sums, s2));
    CHECK(cudaStreamSynchronize(s2));

    // A graph captured once and launched five times: scale then scale.
    cudaGraph_t graph;
    cudaGraphExec_t exec;
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    scale<<<(W + 127) / 128, 128, 0, s1>>>(d_vec, W, 0.5f);
    scale<<<(W + 127) / 128, 128, 0, s1>>>(d_vec, W, 2.0f);
    CHECK(cudaStreamEndCapture(s1, &graph));
    CHECK(cudaGraphInstantiate(&exec, graph, 0));
    for (int i = 0; i < 5; i++)
        CHECK(cudaGraphLaunch(exec, s1));

    // The cooperative total, as many blocks as can be resident.
    int per_sm = 0, sms = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, grid_total,
                                                        256, 0));
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    int blocks = per_sm * sms < 4 ? per_sm * sms : 4;
    float *d_partial, *d_total;
    CHECK(cudaMallocAsync((void **)&d_partial, blocks * sizeof(float), s1));
    CHECK(cudaMallocAsync((void **)&d_total, sizeof(float), s1));
    int n = W;
    void *args[] = {&d_vec, &n, &d_partial, &d_total};
    CHECK(cudaLaunchCooperativeKernel((void *)grid_total, blocks, 256, args,
                                      0, s1));
    float total = 0, vec[W];
    CHECK(cudaMemcpyAsync(&total, d_total, sizeof total,
                          cudaMemcpyDeviceToHost, s1));
    CHECK(cudaMemcpyAsync(vec, d_vec, sizeof vec, cudaMemcpyDeviceToHost,
                          s1));
    CHECK(cudaFreeAsync(d_partial, s1));
    CHECK(cudaFreeAsync(d_total, s1));
    CHECK(cudaFreeAsync(d_vec, s1));
    CHECK(cudaStreamSynchronize(s1));
    CHECK(cudaMemcpy2D(blurred, W * sizeof(float), d_blur, pitch_blur,
                       W * sizeof(float), H, cudaMemcpyDeviceToHost));

    // The host's answers.
    int bad = 0;
    double want_total = 0;
    for (int x = 0; x < W; x++) {
        double col = 0;
        for (int y = 0; y < H; y++) {
            float l = img[y][x > 0 ? x - 1 : 0];
            float r = img[y][x < W - 1 ? x + 1 : W - 1];
            float b = (l + img[y][x] + r) / 3.0f;
            if (!close_to(blurred[y][x], b) && bad++ < 5)
                printf("blurred[%d][%d] = %g, want %g\n", y, x,
                       blurred[y][x], b);
            col += b;
        }
        double v = col;
        for (int i = 0; i < 5; i++)
            v = (v * 0.5 + 1.0) * 2.0 + 1.0;
        if (!close_to(vec[x], v) && bad++ < 5)
            printf("vec[%d] = %g, want %g\n", x, vec[x], v);
        want_total += v;
    }
    if (!close_to(total, want_total) && bad++ < 5)
        printf("total = %g, want %g\n", total, want_total);
    if (n_order != 2 || order[0] != 1 || order[1] != 2) {
        printf("host functions ran %d times, order %d %d\n", n_order,
               order[0], order[1]);
        bad++;
    }
    CHECK(cudaGraphExecDestroy(exec));
    CHECK(cudaGraphDestroy(graph));
    CHECK(cudaEventDestroy(blurred_done));
    CHECK(cudaStreamDestroy(s1));
    CHECK(cudaStreamDestroy(s2));
    CHECK(cudaMemPoolDestroy(pool));
    CHECK(cudaFree(d_img));
    CHECK(cudaFree(d_blur));
    printf("%s runtime_tour\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
