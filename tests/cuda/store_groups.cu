// store_groups.cu: structures written field by field by consecutive
// threads (a float3, a pair and a quad of words, a double3), which the
// CPU device writes as one span per warp when the fields cover each
// thread's whole element (src/codegen/c/emit_mem.c, store_group), and
// the shapes it must not: fields left out, whose bytes keep what the
// host put there, a divergent warp, blocks 16 wide, shared memory read
// back by other threads.  Every output is compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL store_groups\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct Pair { float a, b; };         // 4-byte aligned: two st.f32
struct Quad { int a, b, c, d; };     // 4-byte aligned: four st.u32
struct Padded { float x, y, z, w; }; // w left to the host

static int failures;

static void expect(bool ok, const char *what, int i)
{
    if (!ok && failures++ < 10)
        printf("FAIL %s at %d\n", what, i);
}

// pos[i] += vel[i] * dt from element `start` on: a partial last warp
// and a span that starts off any alignment the warp's would have.
__global__ void advance(float3 *pos, const float3 *vel, float dt, int n,
                        int start)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x + start;
    if (i < n) {
        float3 p = pos[i], v = vel[i];
        p.x += v.x * dt;
        p.y += v.y * dt;
        p.z += v.z * dt;
        pos[i] = p;
    }
}

// Constants and the index as values; odd threads only in `odd`.
__global__ void fill3(float3 *out, int n, int odd)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && (!odd || i % 2))
        out[i] = make_float3(1.5f, (float)i, -2.0f);
}

__global__ void pairs_quads(Pair *p, Quad *q, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        p[i].a = i * 0.5f;
        p[i].b = -i * 0.25f;
        q[i].a = i;
        q[i].b = i * 3;
        q[i].c = -i;
        q[i].d = i ^ 0x55;
    }
}

__global__ void doubles3(double3 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = make_double3(i * 0.125, i + 0.5, -(double)i);
}

// Some fields only: the others keep the host's bytes.
__global__ void some_fields(float3 *xz, Padded *xyz, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        xz[i].x = i;
        xz[i].z = -i;
        xyz[i].x = i + 1.0f;
        xyz[i].y = i + 2.0f;
        xyz[i].z = i + 3.0f;
    }
}

// A 2D block 16 wide: the warp's lanes are two rows of 16.
__global__ void grid3(float3 *out, int width)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    out[y * width + x] = make_float3(x, y, x * y);
}

// Each thread writes its float3 to shared memory; after the barrier it
// reads the one its mirror thread wrote.
__global__ void shared_mirror(float3 *out)
{
    __shared__ float3 s[256];
    int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
    s[t] = make_float3(i, i * 2.0f, i * 3.0f);
    __syncthreads();
    out[i] = s[blockDim.x - 1 - t];
}

template <typename T> static T *device_copy(const T *host, int n)
{
    T *d;
    CHECK(cudaMalloc(&d, n * sizeof(T)));
    CHECK(cudaMemcpy(d, host, n * sizeof(T), cudaMemcpyHostToDevice));
    return d;
}

template <typename T> static void back(T *host, T *d, int n)
{
    CHECK(cudaMemcpy(host, d, n * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d));
}

static void test_advance(void)
{
    const int n = 1000, start = 7;
    float3 pos[n], vel[n], want[n];
    for (int i = 0; i < n; i++) {
        pos[i] = make_float3(i, 2 * i, 3 * i);
        vel[i] = make_float3(1 + i % 3, -1, 0.5f * (i % 5));
        want[i] = pos[i];
        if (i >= start) {
            want[i].x += vel[i].x * 0.5f;
            want[i].y += vel[i].y * 0.5f;
            want[i].z += vel[i].z * 0.5f;
        }
    }
    float3 *dp = device_copy(pos, n), *dv = device_copy(vel, n);
    advance<<<(n - start + 127) / 128, 128>>>(dp, dv, 0.5f, n, start);
    CHECK(cudaGetLastError());
    back(pos, dp, n);
    CHECK(cudaFree(dv));
    for (int i = 0; i < n; i++)
        expect(pos[i].x == want[i].x && pos[i].y == want[i].y &&
                   pos[i].z == want[i].z, "advance", i);
}

static void test_fill3(int odd)
{
    const int n = 333;
    float3 out[n];
    for (int i = 0; i < n; i++)
        out[i] = make_float3(7, 7, 7);
    float3 *d = device_copy(out, n);
    fill3<<<(n + 63) / 64, 64>>>(d, n, odd);
    CHECK(cudaGetLastError());
    back(out, d, n);
    for (int i = 0; i < n; i++) {
        bool written = !odd || i % 2;
        float3 w = written ? make_float3(1.5f, (float)i, -2.0f)
                           : make_float3(7, 7, 7);
        expect(out[i].x == w.x && out[i].y == w.y && out[i].z == w.z,
               odd ? "fill3 odd threads" : "fill3", i);
    }
}

static void test_pairs_quads(void)
{
    const int n = 517;
    Pair p[n];
    Quad q[n];
    memset(p, 0, sizeof p);
    memset(q, 0, sizeof q);
    Pair *dp = device_copy(p, n);
    Quad *dq = device_copy(q, n);
    pairs_quads<<<(n + 255) / 256, 256>>>(dp, dq, n);
    CHECK(cudaGetLastError());
    back(p, dp, n);
    back(q, dq, n);
    for (int i = 0; i < n; i++) {
        expect(p[i].a == i * 0.5f && p[i].b == -i * 0.25f, "pair", i);
        expect(q[i].a == i && q[i].b == i * 3 && q[i].c == -i &&
                   q[i].d == (i ^ 0x55), "quad", i);
    }
}

static void test_doubles3(void)
{
    const int n = 300;
    double3 out[n];
    memset(out, 0, sizeof out);
    double3 *d = device_copy(out, n);
    doubles3<<<(n + 95) / 96, 96>>>(d, n);
    CHECK(cudaGetLastError());
    back(out, d, n);
    for (int i = 0; i < n; i++)
        expect(out[i].x == i * 0.125 && out[i].y == i + 0.5 &&
                   out[i].z == -(double)i, "double3", i);
}

static void test_some_fields(void)
{
    const int n = 200;
    float3 xz[n];
    Padded xyz[n];
    for (int i = 0; i < n; i++) {
        xz[i] = make_float3(9, 1000 + i, 9);
        xyz[i] = Padded{9, 9, 9, 2000.0f + i};
    }
    float3 *dxz = device_copy(xz, n);
    Padded *dxyz = device_copy(xyz, n);
    some_fields<<<(n + 127) / 128, 128>>>(dxz, dxyz, n);
    CHECK(cudaGetLastError());
    back(xz, dxz, n);
    back(xyz, dxyz, n);
    for (int i = 0; i < n; i++) {
        expect(xz[i].x == i && xz[i].y == 1000 + i && xz[i].z == -i,
               "x and z of a float3", i);
        expect(xyz[i].x == i + 1.0f && xyz[i].y == i + 2.0f &&
                   xyz[i].z == i + 3.0f && xyz[i].w == 2000.0f + i,
               "x, y and z of four floats", i);
    }
}

static void test_grid3(void)
{
    const int width = 48, height = 32, n = width * height;
    float3 out[n];
    memset(out, 0, sizeof out);
    float3 *d = device_copy(out, n);
    grid3<<<dim3(width / 16, height / 16), dim3(16, 16)>>>(d, width);
    CHECK(cudaGetLastError());
    back(out, d, n);
    for (int i = 0; i < n; i++) {
        int x = i % width, y = i / width;
        expect(out[i].x == x && out[i].y == y && out[i].z == x * y,
               "16-wide blocks", i);
    }
}

static void test_shared_mirror(void)
{
    const int blocks = 3, n = blocks * 256;
    float3 out[n];
    memset(out, 0, sizeof out);
    float3 *d = device_copy(out, n);
    shared_mirror<<<blocks, 256>>>(d);
    CHECK(cudaGetLastError());
    back(out, d, n);
    for (int i = 0; i < n; i++) {
        int from = i / 256 * 256 + 255 - i % 256;
        expect(out[i].x == from && out[i].y == from * 2.0f &&
                   out[i].z == from * 3.0f, "shared float3", i);
    }
}

int main(void)
{
    test_advance();
    test_fill3(0);
    test_fill3(1);
    test_pairs_quads();
    test_doubles3();
    test_some_fields();
    test_grid3();
    test_shared_mirror();
    if (failures) {
        printf("FAIL store_groups: %d wrong\n", failures);
        return 1;
    }
    printf("PASS store_groups\n");
    return 0;
}
