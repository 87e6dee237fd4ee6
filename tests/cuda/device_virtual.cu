// device_virtual.cu: objects made with new in one kernel, called through
// base-class pointers (virtual functions that differ from lane to lane)
// in another and deleted in a third, the kernels launched in block
// shapes that run each build of the module (rows of 32, rows of 16, the
// general one), so a vtable and an object made under one build are used
// under another.  Also new[]/delete[] with constructors and destructors,
// and an object kept in a __device__ variable.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_virtual\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ int constructed, destroyed, parts_made, parts_freed;

struct Shape {
    int id;
    __device__ Shape(int id) : id(id) { atomicAdd(&constructed, 1); }
    __device__ virtual ~Shape() { atomicAdd(&destroyed, 1); }
    __device__ virtual int area() const = 0;
    __device__ virtual int sides() const { return 0; }
    __device__ int describe() const { return area() * 10 + sides(); }
};

struct Square : Shape {
    int s;
    __device__ Square(int id, int s) : Shape(id), s(s) {}
    __device__ int area() const override { return s * s; }
    __device__ int sides() const override { return 4; }
};

struct Rect : Shape {
    int a, b;
    __device__ Rect(int id, int a, int b) : Shape(id), a(a), b(b) {}
    __device__ int area() const override { return a * b; }
    __device__ int sides() const override { return 4 + (a == b); }
};

// Its own destructor holds a further allocation (new[] of objects with
// constructors and destructors), released when the base pointer is
// deleted: the virtual destructor must run the most derived one.
struct Part {
    int v;
    __device__ Part() : v(7) { atomicAdd(&parts_made, 1); }
    __device__ ~Part() { atomicAdd(&parts_freed, 1); }
};

struct Triangle : Shape {
    int b, h;
    Part *parts;
    int n;
    __device__ Triangle(int id, int b, int h, int n)
        : Shape(id), b(b), h(h), parts(new Part[n]), n(n) {}
    __device__ ~Triangle() { delete[] parts; }
    __device__ int area() const override
    {
        int sum = 0;
        for (int i = 0; i < n; i++)
            sum += parts[i].v;
        return b * h / 2 + sum;
    }
    __device__ int sides() const override { return 3; }
};

__device__ Shape *keeper;

__device__ int flat_id()
{
    return (blockIdx.x * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
}

__global__ void make(Shape **objs, int n)
{
    int t = flat_id();
    if (t >= n)
        return;
    switch (t % 3) {
    case 0: objs[t] = new Square(t, t % 7 + 1); break;
    case 1: objs[t] = new Rect(t, t % 5 + 1, t % 4 + 1); break;
    default: objs[t] = new Triangle(t, t % 6 + 2, 4, t % 3 + 1); break;
    }
    if (t == 0)
        keeper = new Rect(-1, 6, 7);
}

__global__ void use(Shape *const *objs, int *out, int n)
{
    int t = flat_id();
    if (t >= n)
        return;
    const Shape *s = objs[t];
    out[t] = s && s->id == t ? s->describe() + keeper->area() * 1000 : -1;
}

__global__ void kill(Shape **objs, int n)
{
    int t = flat_id();
    if (t >= n)
        return;
    delete objs[t];
    objs[t] = nullptr;
    if (t == 0) {
        delete keeper;
        keeper = nullptr;
    }
}

static int expected(int t)
{
    int area, sides;
    switch (t % 3) {
    case 0: area = (t % 7 + 1) * (t % 7 + 1); sides = 4; break;
    case 1: {
        int a = t % 5 + 1, b = t % 4 + 1;
        area = a * b;
        sides = 4 + (a == b);
        break;
    }
    default: area = (t % 6 + 2) * 4 / 2 + 7 * (t % 3 + 1); sides = 3; break;
    }
    return area * 10 + sides + 42 * 1000;
}

static int read_counter(const int &symbol)
{
    int v;
    CHECK(cudaMemcpyFromSymbol(&v, symbol, sizeof v));
    return v;
}

static int run(const char *order, dim3 shapes[3], int n)
{
    Shape **objs;
    int *d_out, *out = (int *)malloc(n * sizeof(int));
    CHECK(cudaMalloc(&objs, n * sizeof(Shape *)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    int zero = 0;
    CHECK(cudaMemcpyToSymbol(constructed, &zero, sizeof zero));
    CHECK(cudaMemcpyToSymbol(destroyed, &zero, sizeof zero));
    CHECK(cudaMemcpyToSymbol(parts_made, &zero, sizeof zero));
    CHECK(cudaMemcpyToSymbol(parts_freed, &zero, sizeof zero));
    dim3 blocks[3];
    for (int k = 0; k < 3; k++) {
        int per = shapes[k].x * shapes[k].y;
        blocks[k] = dim3((n + per - 1) / per);
    }
    make<<<blocks[0], shapes[0]>>>(objs, n);
    CHECK(cudaGetLastError());
    use<<<blocks[1], shapes[1]>>>(objs, d_out, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    kill<<<blocks[2], shapes[2]>>>(objs, n);
    CHECK(cudaDeviceSynchronize());
    int bad = 0, parts = 0;
    for (int t = 0; t < n; t++) {
        if (out[t] != expected(t) && bad++ < 5)
            printf("%s: thread %d: %d, expected %d\n", order, t, out[t],
                   expected(t));
        if (t % 3 == 2)
            parts += t % 3 + 1;
    }
    int c = read_counter(constructed), d = read_counter(destroyed);
    int pm = read_counter(parts_made), pf = read_counter(parts_freed);
    if (c != n + 1 || d != n + 1 || pm != parts || pf != parts) {
        printf("%s: constructed %d destroyed %d (want %d), parts %d/%d "
               "(want %d)\n", order, c, d, n + 1, pm, pf, parts);
        bad++;
    }
    CHECK(cudaFree(objs));
    CHECK(cudaFree(d_out));
    free(out);
    return bad;
}

int main()
{
    // 256x1: rows of 32; 16x16: rows of 16; 24x1: the general build.
    dim3 rows32(256, 1), rows16(16, 16), general(24, 1);
    dim3 a[3] = {rows32, rows16, general};
    dim3 b[3] = {general, rows32, rows16};
    dim3 c[3] = {rows16, general, rows32};
    int bad = run("256x1,16x16,24x1", a, 1000) +
              run("24x1,256x1,16x16", b, 777) +
              run("16x16,24x1,256x1", c, 515);
    printf("%s device_virtual\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
