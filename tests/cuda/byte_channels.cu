// byte_channels.cu: pixels of bytes, read and written by consecutive
// threads as image kernels do: uchar4 and char4 read whole (ld.v4.u8),
// uchar2 (ld.v2.u8), uchar3 field by field (bytes 3 apart), uchar4
// written whole (st.v4.u8) and grey bytes written one per thread; in
// full warps, a last warp that stops short, an odd first pixel, through
// shared memory, and arrays that end where an inaccessible page begins.
// The CPU device moves such a warp's bytes at once; every output is
// compared with the host's (integer arithmetic, exact).
#include <cuda_runtime.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL byte_channels\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int bad;

static void expect(bool ok, const char *what, int i)
{
    if (!ok && bad++ < 10)
        printf("%s: pixel %d wrong\n", what, i);
}

__host__ __device__ unsigned char grey(int r, int g, int b, int a)
{
    return (unsigned char)((77 * r + 150 * g + 29 * b + a) >> 8);
}

__global__ void grey4(const uchar4 *in, unsigned char *out, int n, int start)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x + start;
    if (i < n) {
        uchar4 p = in[i];
        out[i] = grey(p.x, p.y, p.z, p.w);
    }
}

__global__ void grey3(const uchar3 *in, unsigned char *out, int n, int start)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x + start;
    if (i < n) {
        uchar3 p = in[i];
        out[i] = grey(p.x, p.y, p.z, 0);
    }
}

__global__ void swap2(const uchar2 *in, uchar2 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        uchar2 p = in[i];
        out[i] = make_uchar2(p.y, (unsigned char)(p.x + 1));
    }
}

__global__ void signed4(const char4 *in, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        char4 p = in[i];
        out[i] = p.x + 3 * p.y + 5 * p.z + 7 * p.w;
    }
}

// Each pixel's channels rotated and inverted, in place; through a shared
// tile read back reversed.
__global__ void rotate4(uchar4 *px, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        uchar4 p = px[i];
        px[i] = make_uchar4(p.y, p.z, p.w, (unsigned char)~p.x);
    }
}

__global__ void shared4(const uchar4 *in, uchar4 *out)
{
    __shared__ uchar4 tile[256];
    int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
    tile[t] = in[i];
    __syncthreads();
    uchar4 p = tile[255 - t];
    out[i] = make_uchar4(p.w, p.z, p.y, p.x);
}

static unsigned char channel(int i, int c)
{
    return (unsigned char)((i * 7 + c * 61 + (i >> 3)) & 255);
}

static void check_grey(int n, int start, int block)
{
    uchar4 *in4;
    uchar3 *in3;
    unsigned char *out4, *out3;
    CHECK(cudaMallocManaged(&in4, n * sizeof(uchar4)));
    CHECK(cudaMallocManaged(&in3, n * sizeof(uchar3)));
    CHECK(cudaMallocManaged(&out4, n));
    CHECK(cudaMallocManaged(&out3, n));
    for (int i = 0; i < n; i++) {
        in4[i] = make_uchar4(channel(i, 0), channel(i, 1), channel(i, 2),
                             channel(i, 3));
        in3[i] = make_uchar3(channel(i, 0), channel(i, 1), channel(i, 2));
        out4[i] = out3[i] = 7;
    }
    int blocks = (n - start + block - 1) / block;
    grey4<<<blocks, block>>>(in4, out4, n, start);
    grey3<<<blocks, block>>>(in3, out3, n, start);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++) {
        unsigned char w4 = i < start ? 7 : grey(channel(i, 0), channel(i, 1),
                                                 channel(i, 2), channel(i, 3));
        unsigned char w3 = i < start ? 7 : grey(channel(i, 0), channel(i, 1),
                                                 channel(i, 2), 0);
        expect(out4[i] == w4, "grey4", i);
        expect(out3[i] == w3, "grey3", i);
    }
    CHECK(cudaFree(in4));
    CHECK(cudaFree(in3));
    CHECK(cudaFree(out4));
    CHECK(cudaFree(out3));
}

static void check_whole_pixels(int n)
{
    uchar2 *in2, *out2;
    char4 *s4;
    uchar4 *px, *out;
    int *sums;
    CHECK(cudaMallocManaged(&in2, n * sizeof(uchar2)));
    CHECK(cudaMallocManaged(&out2, n * sizeof(uchar2)));
    CHECK(cudaMallocManaged(&s4, n * sizeof(char4)));
    CHECK(cudaMallocManaged(&sums, n * sizeof(int)));
    CHECK(cudaMallocManaged(&px, n * sizeof(uchar4)));
    CHECK(cudaMallocManaged(&out, n * sizeof(uchar4)));
    for (int i = 0; i < n; i++) {
        in2[i] = make_uchar2(channel(i, 0), channel(i, 1));
        s4[i] = make_char4((signed char)channel(i, 0), (signed char)channel(i, 1),
                           (signed char)channel(i, 2), (signed char)channel(i, 3));
        px[i] = make_uchar4(channel(i, 0), channel(i, 1), channel(i, 2),
                            channel(i, 3));
    }
    int blocks = (n + 255) / 256;
    swap2<<<blocks, 256>>>(in2, out2, n);
    signed4<<<blocks, 256>>>(s4, sums, n);
    if (n % 256 == 0)
        shared4<<<n / 256, 256>>>(px, out);
    rotate4<<<blocks, 256>>>(px, n);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++) {
        expect(out2[i].x == channel(i, 1) &&
               out2[i].y == (unsigned char)(channel(i, 0) + 1), "swap2", i);
        int want = (signed char)channel(i, 0) + 3 * (signed char)channel(i, 1) +
                   5 * (signed char)channel(i, 2) + 7 * (signed char)channel(i, 3);
        expect(sums[i] == want, "signed4", i);
        expect(px[i].x == channel(i, 1) && px[i].y == channel(i, 2) &&
               px[i].z == channel(i, 3) &&
               px[i].w == (unsigned char)~channel(i, 0), "rotate4", i);
        if (n % 256 == 0) {
            int j = i - i % 256 + 255 - i % 256;
            expect(out[i].x == channel(j, 3) && out[i].y == channel(j, 2) &&
                   out[i].z == channel(j, 1) && out[i].w == channel(j, 0),
                   "shared4", i);
        }
    }
    CHECK(cudaFree(in2));
    CHECK(cudaFree(out2));
    CHECK(cudaFree(s4));
    CHECK(cudaFree(sums));
    CHECK(cudaFree(px));
    CHECK(cudaFree(out));
}

// Pixels that end where an inaccessible page begins: a warp reading the
// last ones must not touch the next page.
static void check_page_end()
{
    long page = sysconf(_SC_PAGESIZE);
    char *mem = (char *)mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED || mprotect(mem + page, page, PROT_NONE)) {
        printf("FAIL byte_channels: no guard page\n");
        exit(1);
    }
    CHECK(cudaHostRegister(mem, page, cudaHostRegisterMapped));
    char *dev;
    CHECK(cudaHostGetDevicePointer((void **)&dev, mem, 0));
    unsigned char *out;
    int n3 = (int)(page / 3 / 32 * 32);
    CHECK(cudaMallocManaged(&out, n3));
    // uchar3 pixels ending at the page's end, the last warp whole: the
    // bytes past its last pixel's blue lie on the next page
    uchar3 *h3 = (uchar3 *)(mem + page - 3 * n3);
    for (int i = 0; i < n3; i++)
        h3[i] = make_uchar3(channel(i, 0), channel(i, 1), channel(i, 2));
    grey3<<<(n3 + 63) / 64, 64>>>((const uchar3 *)(dev + page - 3 * n3), out,
                                  n3, 0);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n3; i++)
        expect(out[i] == grey(channel(i, 0), channel(i, 1), channel(i, 2), 0),
               "page_end_grey3", i);
    // uchar4 pixels filling the page, rotated in place
    int n4 = (int)(page / 4);
    uchar4 *h4 = (uchar4 *)mem;
    for (int i = 0; i < n4; i++)
        h4[i] = make_uchar4(channel(i, 0), channel(i, 1), channel(i, 2),
                            channel(i, 3));
    rotate4<<<(n4 + 255) / 256, 256>>>((uchar4 *)dev, n4);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n4; i++)
        expect(h4[i].x == channel(i, 1) && h4[i].w == (unsigned char)~channel(i, 0),
               "page_end_rotate4", i);
    CHECK(cudaFree(out));
    CHECK(cudaHostUnregister(mem));
    munmap(mem, 2 * page);
}

int main()
{
    check_grey(4096, 0, 256);
    check_grey(1000, 0, 96); // the last warp stops short
    check_grey(1000, 5, 64); // lane 0 at an odd pixel
    check_whole_pixels(4096);
    check_whole_pixels(999);
    check_page_end();
    if (bad) {
        printf("FAIL byte_channels: %d differences\n", bad);
        return 1;
    }
    printf("PASS byte_channels\n");
    return 0;
}
