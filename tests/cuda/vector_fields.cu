// vector_fields.cu: whole float2, float4, int4 and double2 elements read
// and written by consecutive threads (one vector access each), in global
// and shared memory, in full warps, a last warp that stops short, blocks
// 16 wide and at an odd start; a float4 array that ends at an
// inaccessible page, read and written in place.  The CPU device moves
// such a warp's span whole and sorts it into lanes; every output is
// compared with the host's.
#include <cuda_runtime.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL vector_fields\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void quads(const float4 *in, float4 *out, int n, int start)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x + start;
    if (i < n) {
        float4 v = in[i];
        out[i] = make_float4(v.x * 2.0f, v.y + 1.0f, v.z - v.w, v.w * v.x);
    }
}

__global__ void int_quads(const int4 *in, int4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        int4 v = in[i];
        out[i] = make_int4(v.w, v.z ^ v.x, v.y - 3, v.x + v.y);
    }
}

__global__ void pairs(const float2 *in, float2 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float2 v = in[i];
        out[i] = make_float2(v.y, v.x * 0.5f);
    }
}

__global__ void double_pairs(const double2 *in, double2 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        double2 v = in[i];
        out[i] = make_double2(v.x + v.y, v.x - v.y);
    }
}

// 16 x 16 blocks over a width x width array: a warp is two runs of 16.
__global__ void tile_quads(const float4 *in, float4 *out, int width)
{
    int x = blockIdx.x * 16 + threadIdx.x, y = blockIdx.y * 16 + threadIdx.y;
    float4 v = in[y * width + x];
    out[y * width + x] = make_float4(v.w, v.z, v.y, v.x + 1.0f);
}

// Through shared memory, forward and reversed (lanes 16 bytes apart
// downwards, never one run).
__global__ void shared_quads(const float4 *in, float4 *out)
{
    __shared__ float4 tile[256];
    int t = threadIdx.x, i = blockIdx.x * 256 + t;
    tile[t] = in[i];
    __syncthreads();
    float4 a = tile[t], b = tile[255 - t];
    out[i] = make_float4(a.x + b.x, a.y - b.y, a.z * b.z, a.w);
}

static float field(int i, int k)
{
    return (float)((i * 13 + k * 7) % 97) - 40.0f;
}

static int bad;

static void expect(bool ok, const char *what, int i)
{
    if (!ok && bad++ < 10)
        printf("%s: element %d differs\n", what, i);
}

static void check_quads(int n, int start, int block)
{
    float4 *in, *out;
    CHECK(cudaMallocManaged(&in, n * sizeof(float4)));
    CHECK(cudaMallocManaged(&out, n * sizeof(float4)));
    for (int i = 0; i < n; i++) {
        in[i] = make_float4(field(i, 0), field(i, 1), field(i, 2), field(i, 3));
        out[i] = make_float4(-7, -7, -7, -7);
    }
    quads<<<(n - start + block - 1) / block, block>>>(in, out, n, start);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++) {
        float4 v = in[i], o = out[i];
        bool ok = i < start
            ? o.x == -7 && o.y == -7 && o.z == -7 && o.w == -7
            : o.x == v.x * 2.0f && o.y == v.y + 1.0f && o.z == v.z - v.w &&
              o.w == v.w * v.x;
        expect(ok, "quads", i);
    }
    CHECK(cudaFree(in));
    CHECK(cudaFree(out));
}

static void check_small_types()
{
    const int n = 1000;
    int4 *iin, *iout;
    float2 *fin, *fout;
    double2 *din, *dout;
    CHECK(cudaMallocManaged(&iin, n * sizeof(int4)));
    CHECK(cudaMallocManaged(&iout, n * sizeof(int4)));
    CHECK(cudaMallocManaged(&fin, n * sizeof(float2)));
    CHECK(cudaMallocManaged(&fout, n * sizeof(float2)));
    CHECK(cudaMallocManaged(&din, n * sizeof(double2)));
    CHECK(cudaMallocManaged(&dout, n * sizeof(double2)));
    for (int i = 0; i < n; i++) {
        iin[i] = make_int4(i * 3, i ^ 0x55, -i, i * i);
        fin[i] = make_float2(field(i, 0), field(i, 1));
        din[i] = make_double2(field(i, 2) * 1e10, field(i, 3) / 3.0);
    }
    int_quads<<<(n + 127) / 128, 128>>>(iin, iout, n);
    pairs<<<(n + 95) / 96, 96>>>(fin, fout, n);
    double_pairs<<<(n + 63) / 64, 64>>>(din, dout, n);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++) {
        int4 v = iin[i], o = iout[i];
        expect(o.x == v.w && o.y == (v.z ^ v.x) && o.z == v.y - 3 &&
               o.w == v.x + v.y, "int_quads", i);
        expect(fout[i].x == fin[i].y && fout[i].y == fin[i].x * 0.5f,
               "pairs", i);
        expect(dout[i].x == din[i].x + din[i].y &&
               dout[i].y == din[i].x - din[i].y, "double_pairs", i);
    }
    CHECK(cudaFree(iin));
    CHECK(cudaFree(iout));
    CHECK(cudaFree(fin));
    CHECK(cudaFree(fout));
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
}

static void check_tiles_and_shared()
{
    const int width = 64, n = width * width;
    float4 *in, *out, *sout;
    CHECK(cudaMallocManaged(&in, n * sizeof(float4)));
    CHECK(cudaMallocManaged(&out, n * sizeof(float4)));
    CHECK(cudaMallocManaged(&sout, n * sizeof(float4)));
    for (int i = 0; i < n; i++)
        in[i] = make_float4(field(i, 0), field(i, 1), field(i, 2), field(i, 3));
    tile_quads<<<dim3(width / 16, width / 16), dim3(16, 16)>>>(in, out, width);
    shared_quads<<<n / 256, 256>>>(in, sout);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++) {
        float4 v = in[i], o = out[i];
        expect(o.x == v.w && o.y == v.z && o.z == v.y && o.w == v.x + 1.0f,
               "tile_quads", i);
        int t = i % 256;
        float4 a = in[i], b = in[i - t + 255 - t], s = sout[i];
        expect(s.x == a.x + b.x && s.y == a.y - b.y && s.z == a.z * b.z &&
               s.w == a.w, "shared_quads", i);
    }
    CHECK(cudaFree(in));
    CHECK(cudaFree(out));
    CHECK(cudaFree(sout));
}

// A float4 array that ends where an inaccessible page begins: a warp's
// span must end with its last lane's element, reading and writing.
static void check_page_end()
{
    long page = sysconf(_SC_PAGESIZE);
    char *mem = (char *)mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED || mprotect(mem + page, page, PROT_NONE)) {
        printf("FAIL vector_fields: no guard page\n");
        exit(1);
    }
    CHECK(cudaHostRegister(mem, page, cudaHostRegisterMapped));
    float4 *dev, *host = (float4 *)mem;
    CHECK(cudaHostGetDevicePointer((void **)&dev, mem, 0));
    int n = (int)(page / sizeof(float4));
    for (int i = 0; i < n; i++)
        host[i] = make_float4(field(i, 0), field(i, 1), field(i, 2), field(i, 3));
    float4 *copy = (float4 *)malloc(page);
    for (int i = 0; i < n; i++)
        copy[i] = host[i];
    quads<<<(n + 63) / 64, 64>>>(dev, dev, n, 0); // in place
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++) {
        float4 v = copy[i], o = host[i];
        expect(o.x == v.x * 2.0f && o.y == v.y + 1.0f && o.z == v.z - v.w &&
               o.w == v.w * v.x, "page_end", i);
    }
    free(copy);
    CHECK(cudaHostUnregister(mem));
    munmap(mem, 2 * page);
}

int main()
{
    check_quads(4096, 0, 256);
    check_quads(1000, 0, 96); // the last warp stops short
    check_quads(1000, 3, 64); // lane 0 at an odd element
    check_small_types();
    check_tiles_and_shared();
    check_page_end();
    if (bad) {
        printf("FAIL vector_fields: %d differences\n", bad);
        return 1;
    }
    printf("PASS vector_fields\n");
    return 0;
}
