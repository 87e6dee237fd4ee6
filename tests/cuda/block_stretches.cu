// block_stretches.cu: kernels whose __syncthreads are all in code every
// thread of the block runs, the shape the CPU device runs as one call per
// block (src/codegen/c/block_split.c: block-level loop counters, the
// warps looped between barriers).  Each kernel keeps per-thread values
// across barriers that some steps change and others do not, steps that
// leave whole warps idle, block shapes whose last warp is partial, early
// exits of whole blocks, and branches on block-uniform values that lead
// to different barriers.  Every result is checked against the same
// computation on the host.
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(x)                                                              \
    do {                                                                      \
        cudaError_t e_ = (x);                                                 \
        if (e_ != cudaSuccess) {                                              \
            printf("FAIL %s: %s\n", #x, cudaGetErrorString(e_));              \
            exit(1);                                                          \
        }                                                                     \
    } while (0)

static int failures;

static void expect(bool ok, const char *what, int index, long long got,
                   long long want)
{
    if (!ok && failures++ < 10)
        printf("FAIL %s [%d]: got %lld, want %lld\n", what, index, got, want);
}

// Tree sum of each block's values with halving steps, any block shape
// (the thread index is linear over x and y).  `extra` counts, per thread,
// the steps it worked in: a per-thread value kept across barriers that
// only the working warps change.
__global__ void tree_sum(const int *in, int *sums, int *worked, int nvalid)
{
    extern __shared__ int s[];
    int n = blockDim.x * blockDim.y;
    int t = threadIdx.y * blockDim.x + threadIdx.x;
    if (blockIdx.x >= nvalid) // the whole block leaves
        return;
    int base = blockIdx.x * n;
    int mine = in[base + t];
    s[t] = mine;
    int steps = 0;
    __syncthreads();
    int p = 1;
    while (p < n)
        p *= 2;
    for (int h = p / 2; h > 0; h /= 2) {
        if (t < h && t + h < n) {
            s[t] += s[t + h];
            steps++;
        }
        __syncthreads();
    }
    if (t == 0)
        sums[blockIdx.x] = s[0];
    worked[base + t] = steps * 1000 + mine; // mine read after every step
}

// `rounds` rounds of smoothing in shared memory, ping-pong between two
// halves; odd blocks add a bias on one side of a block-uniform branch
// that has its own barrier.
__global__ void smooth(const int *in, int *out, int rounds)
{
    extern __shared__ int buf[];
    int n = blockDim.x, t = threadIdx.x;
    int *a = buf, *b = buf + n;
    a[t] = in[blockIdx.x * n + t];
    int first = a[t];
    __syncthreads();
    for (int r = 0; r < rounds; r++) {
        int left = a[t > 0 ? t - 1 : t], right = a[t + 1 < n ? t + 1 : t];
        b[t] = (left + 2 * a[t] + right) / 4;
        __syncthreads();
        int *x = a;
        a = b;
        b = x;
    }
    if (blockIdx.x & 1) {
        a[t] += 1;
        __syncthreads();
        out[blockIdx.x * n + t] = a[n - 1 - t] + first;
    } else {
        __syncthreads();
        out[blockIdx.x * n + t] = a[t] - first;
    }
}

// The classic tree over blockDim.x / 2 steps: a warp whose threads all
// wait at a step skips it, and in a one-dimensional block so do all the
// warps after it at once; in a two-dimensional one the later warps'
// threads are not later in x, and each is tested.
__global__ void halving(const int *in, int *sums)
{
    extern __shared__ int s[];
    unsigned t = threadIdx.y * blockDim.x + threadIdx.x;
    unsigned x = threadIdx.x, n = blockDim.x;
    s[t] = in[blockIdx.x * blockDim.x * blockDim.y + t];
    __syncthreads();
    for (unsigned h = n / 2; h > 0; h >>= 1) {
        if (x < h)
            s[t] += s[t + h];
        __syncthreads();
    }
    if (x == 0)
        sums[blockIdx.x * blockDim.y + threadIdx.y] = s[t];
}

static void run_halving(int bx, int by, int blocks)
{
    int total = bx * by * blocks;
    std::vector<int> in(total), sums(by * blocks);
    for (int i = 0; i < total; i++)
        in[i] = (i * 131) % 997 - 400;
    int *d_in, *d_sums;
    CHECK(cudaMalloc(&d_in, total * sizeof(int)));
    CHECK(cudaMalloc(&d_sums, sums.size() * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), total * sizeof(int),
                     cudaMemcpyHostToDevice));
    halving<<<blocks, dim3(bx, by), bx * by * sizeof(int)>>>(d_in, d_sums);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(sums.data(), d_sums, sums.size() * sizeof(int),
                     cudaMemcpyDeviceToHost));
    std::vector<int> row(bx);
    for (int r = 0; r < by * blocks; r++) {
        for (int x = 0; x < bx; x++)
            row[x] = in[r * bx + x];
        for (int h = bx / 2; h > 0; h >>= 1)
            for (int x = 0; x < h; x++)
                row[x] += row[x + h];
        expect(sums[r] == row[0], "halving", r, sums[r], row[0]);
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_sums));
}

// Steps in which no thread of the block may work (active 0): every
// warp skips such a step whole, and the block still goes on past its
// barrier.
__global__ void bump(int *out, int active, int steps)
{
    __shared__ int s[256];
    int t = threadIdx.x;
    s[t] = t;
    __syncthreads();
    for (int k = 0; k < steps; k++) {
        if (t < active)
            s[t] += k + 1;
        __syncthreads();
    }
    out[blockIdx.x * blockDim.x + t] = s[(t + 1) % blockDim.x];
}

static void run_bump(int n, int active, int steps)
{
    int blocks = 3;
    std::vector<int> out(n * blocks);
    int *d_out;
    CHECK(cudaMalloc(&d_out, out.size() * sizeof(int)));
    bump<<<blocks, n>>>(d_out, active, steps);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int i = 0; i < n * blocks; i++) {
        int u = (i % n + 1) % n;
        int want = u + (u < active ? steps * (steps + 1) / 2 : 0);
        expect(out[i] == want, "bump", i, out[i], want);
    }
    CHECK(cudaFree(d_out));
}

static void host_smooth(const int *in, int *out, int blocks, int n,
                        int rounds)
{
    std::vector<int> a(n), b(n);
    for (int k = 0; k < blocks; k++) {
        for (int t = 0; t < n; t++)
            a[t] = in[k * n + t];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < n; t++)
                b[t] = (a[t > 0 ? t - 1 : t] + 2 * a[t] +
                        a[t + 1 < n ? t + 1 : t]) / 4;
            a.swap(b);
        }
        for (int t = 0; t < n; t++) {
            if (k & 1)
                out[k * n + t] = (a[n - 1 - t] + 1) + in[k * n + t];
            else
                out[k * n + t] = a[t] - in[k * n + t];
        }
    }
}

static void run_tree(int bx, int by, int blocks, int nvalid)
{
    int n = bx * by, total = blocks * n;
    std::vector<int> in(total), sums(blocks, -1), worked(total, -1);
    for (int i = 0; i < total; i++)
        in[i] = (i * 7919) % 1000 - 500;
    int *d_in, *d_sums, *d_worked;
    CHECK(cudaMalloc(&d_in, total * sizeof(int)));
    CHECK(cudaMalloc(&d_sums, blocks * sizeof(int)));
    CHECK(cudaMalloc(&d_worked, total * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), total * sizeof(int),
                     cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d_sums, 0xff, blocks * sizeof(int)));
    CHECK(cudaMemset(d_worked, 0xff, total * sizeof(int)));
    tree_sum<<<blocks, dim3(bx, by), n * sizeof(int)>>>(d_in, d_sums,
                                                        d_worked, nvalid);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(sums.data(), d_sums, blocks * sizeof(int),
                     cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(worked.data(), d_worked, total * sizeof(int),
                     cudaMemcpyDeviceToHost));
    int p = 1;
    while (p < n)
        p *= 2;
    for (int k = 0; k < blocks; k++) {
        long long want = -1;
        if (k < nvalid) {
            want = 0;
            for (int t = 0; t < n; t++)
                want += in[k * n + t];
        }
        expect(sums[k] == want, "tree_sum sum", k, sums[k], want);
        for (int t = 0; t < n; t++) {
            int steps = 0;
            for (int h = p / 2; h > 0; h /= 2)
                steps += t < h && t + h < n;
            long long w = k < nvalid ? steps * 1000 + in[k * n + t] : -1;
            expect(worked[k * n + t] == w, "tree_sum worked", k * n + t,
                   worked[k * n + t], w);
        }
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_sums));
    CHECK(cudaFree(d_worked));
}

static void run_smooth(int n, int blocks, int rounds)
{
    int total = n * blocks;
    std::vector<int> in(total), out(total), want(total);
    for (int i = 0; i < total; i++)
        in[i] = (i * 37) % 1001 - 500;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, total * sizeof(int)));
    CHECK(cudaMalloc(&d_out, total * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), total * sizeof(int),
                     cudaMemcpyHostToDevice));
    smooth<<<blocks, n, 2 * n * sizeof(int)>>>(d_in, d_out, rounds);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), d_out, total * sizeof(int),
                     cudaMemcpyDeviceToHost));
    host_smooth(in.data(), want.data(), blocks, n, rounds);
    for (int i = 0; i < total; i++)
        expect(out[i] == want[i], "smooth", i, out[i], want[i]);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
}

int main()
{
    const int shapes[][2] = {{256, 1}, {200, 1}, {32, 1}, {16, 12},
                             {33, 3},  {96, 1},  {1, 1}, {1024, 1}};
    for (const auto &s : shapes) {
        run_tree(s[0], s[1], 7, 7);
        run_tree(s[0], s[1], 9, 4); // blocks 4..8 leave at once
    }
    run_halving(256, 1, 5);
    run_halving(512, 1, 3);
    run_halving(200, 1, 4); // odd steps leave lanes out: partial sums
    run_halving(64, 4, 3);
    run_halving(32, 8, 2);
    run_halving(16, 16, 2);
    run_bump(256, 0, 4);
    run_bump(256, 40, 3);
    run_bump(96, 96, 2);
    run_bump(70, 33, 5);
    run_smooth(128, 6, 0);
    run_smooth(128, 6, 5);
    run_smooth(100, 5, 3);
    run_smooth(512, 3, 8);
    CHECK(cudaDeviceSynchronize());
    if (failures) {
        printf("FAIL block_stretches: %d mismatches\n", failures);
        return 1;
    }
    printf("PASS block_stretches\n");
    return 0;
}
