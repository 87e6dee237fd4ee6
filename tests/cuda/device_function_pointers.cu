// device_function_pointers.cu: __device__ function pointers: a table
// initialised statically and indexed by a lane-varying value, pointers
// chosen per lane in one kernel, stored to global memory and called by
// another, and a pointer copied to the host with cudaMemcpyFromSymbol
// and passed back as a kernel argument.  The kernels run in block shapes
// that select each build of the module (rows of 32, rows of 16, the
// general one), so a pointer taken under one build is called under
// another.  A null pointer called is a launch failure, not a crash.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_function_pointers\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

typedef int (*op_fn)(int);

__device__ __noinline__ int add3(int x) { return x + 3; }
__device__ __noinline__ int twice(int x) { return x * 2; }
__device__ __noinline__ int square(int x) { return x * x; }
__device__ __noinline__ int negate(int x) { return -x; }

__device__ op_fn ops[] = {add3, twice, square, negate};
__device__ op_fn chosen = square;

static int host_op(int k, int x)
{
    switch (k & 3) {
    case 0: return x + 3;
    case 1: return x * 2;
    case 2: return x * x;
    default: return -x;
    }
}

__device__ int flat_id()
{
    return (blockIdx.x * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
}

__global__ void from_table(int *out, int n)
{
    int t = flat_id();
    if (t < n)
        out[t] = ops[(t * 7 / 3) & 3](t);
}

// Pointers taken in device code (not loaded from an initializer), kept
// in global memory for another kernel.
__global__ void pick(op_fn *slots, int n)
{
    int t = flat_id();
    if (t >= n)
        return;
    op_fn f;
    switch (t % 5) {
    case 0: f = add3; break;
    case 1: f = twice; break;
    case 2: f = square; break;
    case 3: f = negate; break;
    default: f = ops[t & 3]; break;
    }
    slots[t] = f;
}

__global__ void call_slots(const op_fn *slots, int *out, int n)
{
    int t = flat_id();
    if (t < n)
        out[t] = slots[t](t) + slots[(t + 1) % n](1);
}

__global__ void call_arg(op_fn f, int *out, int n)
{
    int t = flat_id();
    if (t < n)
        out[t] = f(t) + (f == chosen);
}

__global__ void call_null(op_fn *slots, int *out)
{
    out[threadIdx.x] = slots[threadIdx.x](1);
}

static int slot_kind(int t)
{
    return t % 5 == 4 ? (t & 3) : t % 5;
}

static int check(const char *what, const int *got, int n, int (*want)(int, int),
                 int n_all)
{
    int bad = 0;
    for (int t = 0; t < n; t++)
        if (got[t] != want(t, n_all) && bad++ < 5)
            printf("%s: thread %d: %d, expected %d\n", what, t, got[t],
                   want(t, n_all));
    return bad;
}

static int want_table(int t, int n) { (void)n; return host_op((t * 7 / 3) & 3, t); }
static int want_slots(int t, int n)
{
    return host_op(slot_kind(t), t) + host_op(slot_kind((t + 1) % n), 1);
}
static int want_arg(int t, int n) { (void)n; return t * t + 1; }

static int run(const char *order, dim3 shapes[3], int n)
{
    int *d_out, *out = (int *)malloc(n * sizeof(int));
    op_fn *slots;
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMalloc(&slots, n * sizeof(op_fn)));
    dim3 blocks[3];
    for (int k = 0; k < 3; k++)
        blocks[k] = dim3((n + shapes[k].x * shapes[k].y - 1) /
                         (shapes[k].x * shapes[k].y));
    int bad = 0;
    from_table<<<blocks[0], shapes[0]>>>(d_out, n);
    CHECK(cudaMemcpy(out, d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    bad += check(order, out, n, want_table, n);
    pick<<<blocks[1], shapes[1]>>>(slots, n);
    call_slots<<<blocks[2], shapes[2]>>>(slots, d_out, n);
    CHECK(cudaMemcpy(out, d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    bad += check(order, out, n, want_slots, n);
    op_fn f;
    CHECK(cudaMemcpyFromSymbol(&f, chosen, sizeof f));
    call_arg<<<blocks[0], shapes[0]>>>(f, d_out, n);
    CHECK(cudaMemcpy(out, d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    bad += check(order, out, n, want_arg, n);
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(slots));
    free(out);
    return bad;
}

int main()
{
    dim3 rows32(256, 1), rows16(16, 16), general(24, 1);
    dim3 a[3] = {rows32, rows16, general};
    dim3 b[3] = {general, rows32, rows16};
    dim3 c[3] = {rows16, general, rows32};
    int bad = run("256x1,16x16,24x1", a, 1000) +
              run("24x1,256x1,16x16", b, 777) +
              run("16x16,24x1,256x1", c, 515);
    // Lane 3's pointer is null: the launch fails as on a GPU, and the
    // process goes on to report it.
    op_fn *slots;
    int *d_out;
    CHECK(cudaMalloc(&slots, 32 * sizeof(op_fn)));
    CHECK(cudaMalloc(&d_out, 32 * sizeof(int)));
    pick<<<1, 32>>>(slots, 32);
    CHECK(cudaMemset(slots + 3, 0, sizeof(op_fn)));
    call_null<<<1, 32>>>(slots, d_out);
    cudaError_t e = cudaDeviceSynchronize();
    if (e == cudaSuccess) {
        printf("call through a null pointer: no error\n");
        bad++;
    }
    printf("%s device_function_pointers\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
