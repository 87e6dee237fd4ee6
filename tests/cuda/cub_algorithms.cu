// cub_algorithms.cu: CUB (Debian's libcub-dev) as its users call it,
// device-wide with the two-call temporary-storage protocol and inside
// their own kernels: DeviceRadixSort::SortPairs (keys with values, a
// tile's worth), DeviceReduce::Sum and ArgMax, DeviceScan::ExclusiveSum,
// DeviceHistogram::HistogramEven, DeviceSelect::If, and a kernel of
// cub::BlockLoad, BlockReduce, BlockScan and WarpReduce.  Each result is
// checked exactly against the same computation in host C++.
// cux-heavy-jit: CUB's kernels are large; the first run compiles for a minute
// cux-heavy-jit-opencl: PoCL builds its kernels for over a minute the first time
#include <cub/cub.cuh>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

static int failures;

static void check(bool ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

#define CHECK_CUDA(call)                                                     \
    do {                                                                     \
        cudaError_t e_ = (call);                                             \
        if (e_ != cudaSuccess) {                                             \
            printf("FAIL %s: %s\n", #call, cudaGetErrorString(e_));          \
            return 1;                                                        \
        }                                                                    \
    } while (0)

struct below {
    int limit;
    __host__ __device__ bool operator()(int x) const { return x < limit; }
};

enum { THREADS = 128, ITEMS = 4 };

// Per block of THREADS * ITEMS ints: the block's sum (BlockReduce), the
// exclusive prefix sums in place (BlockScan), and each warp's maximum
// of (t * 37) % 101 over its threads t (WarpReduce).
__global__ void block_level(int *data, int *block_sums, int *warp_max)
{
    typedef cub::BlockLoad<int, THREADS, ITEMS, cub::BLOCK_LOAD_TRANSPOSE> Load;
    typedef cub::BlockReduce<int, THREADS> Reduce;
    typedef cub::BlockScan<int, THREADS> Scan;
    typedef cub::WarpReduce<int> Warp;
    __shared__ union {
        typename Load::TempStorage load;
        typename Reduce::TempStorage reduce;
        typename Scan::TempStorage scan;
    } temp;
    __shared__ typename Warp::TempStorage warp_temp[THREADS / 32];
    int items[ITEMS];
    int *tile = data + blockIdx.x * THREADS * ITEMS;
    Load(temp.load).Load(tile, items);
    __syncthreads();
    int sum = Reduce(temp.reduce).Sum(items);
    if (threadIdx.x == 0)
        block_sums[blockIdx.x] = sum;
    __syncthreads();
    Scan(temp.scan).ExclusiveSum(items, items);
    for (int i = 0; i < ITEMS; i++) /* blocked: thread t owns t*ITEMS.. */
        tile[threadIdx.x * ITEMS + i] = items[i];
    int w = threadIdx.x / 32;
    int m = Warp(warp_temp[w]).Reduce((int)((threadIdx.x * 37) % 101),
                                      cub::Max());
    if (threadIdx.x % 32 == 0)
        warp_max[blockIdx.x * (THREADS / 32) + w] = m;
}

int main()
{
    const int n = 100000, tile = 2000, bins = 16;
    std::vector<int> keys(n), vals(n);
    unsigned state = 99;
    for (int i = 0; i < n; i++) {
        state = state * 1664525u + 1013904223u;
        keys[i] = (int)(state >> 12) % 5000 - 1000;
        vals[i] = i;
    }
    int *d_keys, *d_vals, *d_keys_out, *d_vals_out, *d_out;
    CHECK_CUDA(cudaMalloc(&d_keys, n * sizeof(int)));
    CHECK_CUDA(cudaMalloc(&d_vals, n * sizeof(int)));
    CHECK_CUDA(cudaMalloc(&d_keys_out, n * sizeof(int)));
    CHECK_CUDA(cudaMalloc(&d_vals_out, n * sizeof(int)));
    CHECK_CUDA(cudaMalloc(&d_out, (n + 1) * sizeof(int)));
    CHECK_CUDA(cudaMemcpy(d_keys, keys.data(), n * sizeof(int),
                          cudaMemcpyHostToDevice));
    CHECK_CUDA(cudaMemcpy(d_vals, vals.data(), n * sizeof(int),
                          cudaMemcpyHostToDevice));
    void *temp = nullptr;
    size_t temp_bytes = 0, need = 0;
    // One buffer for every call: the size each asks for, at most.
    CHECK_CUDA(cub::DeviceRadixSort::SortPairs(nullptr, need, d_keys,
                                               d_keys_out, d_vals, d_vals_out,
                                               tile));
    temp_bytes = std::max(temp_bytes, need);
    CHECK_CUDA(cub::DeviceScan::ExclusiveSum(nullptr, need, d_keys, d_out, n));
    temp_bytes = std::max(temp_bytes, need);
    CHECK_CUDA(cub::DeviceReduce::Sum(nullptr, need, d_keys, d_out, n));
    temp_bytes = std::max(temp_bytes, need);
    CHECK_CUDA(cub::DeviceHistogram::HistogramEven(nullptr, need, d_keys, d_out,
                                                   bins + 1, -1000, 4120, n));
    temp_bytes = std::max(temp_bytes, need);
    CHECK_CUDA(cub::DeviceSelect::If(nullptr, need, d_keys, d_keys_out,
                                     d_out + n, n, below{0}));
    temp_bytes = std::max(temp_bytes, need);
    CHECK_CUDA(cudaMalloc(&temp, temp_bytes));

    // SortPairs: stable, so equal keys keep the order of their values
    CHECK_CUDA(cub::DeviceRadixSort::SortPairs(temp, temp_bytes, d_keys,
                                               d_keys_out, d_vals, d_vals_out,
                                               tile));
    std::vector<int> order(tile), got_keys(tile), got_vals(tile);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return keys[a] < keys[b]; });
    CHECK_CUDA(cudaMemcpy(got_keys.data(), d_keys_out, tile * sizeof(int),
                          cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(got_vals.data(), d_vals_out, tile * sizeof(int),
                          cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < tile; i++)
        ok &= got_vals[i] == order[i] && got_keys[i] == keys[order[i]];
    check(ok, "DeviceRadixSort::SortPairs");

    // ExclusiveSum over many tiles
    std::vector<int> got(n + 1);
    CHECK_CUDA(cub::DeviceScan::ExclusiveSum(temp, temp_bytes, d_keys, d_out, n));
    CHECK_CUDA(cudaMemcpy(got.data(), d_out, n * sizeof(int),
                          cudaMemcpyDeviceToHost));
    int run = 0;
    ok = true;
    for (int i = 0; i < n; i++) {
        ok &= got[i] == run;
        run += keys[i];
    }
    check(ok, "DeviceScan::ExclusiveSum");

    // Sum
    CHECK_CUDA(cub::DeviceReduce::Sum(temp, temp_bytes, d_keys, d_out, n));
    CHECK_CUDA(cudaMemcpy(got.data(), d_out, sizeof(int), cudaMemcpyDeviceToHost));
    check(got[0] == std::accumulate(keys.begin(), keys.end(), 0),
          "DeviceReduce::Sum");

    // ArgMax: the first index of the largest key
    cub::KeyValuePair<int, int> *d_arg, arg;
    CHECK_CUDA(cudaMalloc(&d_arg, sizeof *d_arg));
    CHECK_CUDA(cub::DeviceReduce::ArgMax(nullptr, need, d_keys, d_arg, n));
    void *temp2;
    CHECK_CUDA(cudaMalloc(&temp2, need));
    CHECK_CUDA(cub::DeviceReduce::ArgMax(temp2, need, d_keys, d_arg, n));
    CHECK_CUDA(cudaMemcpy(&arg, d_arg, sizeof arg, cudaMemcpyDeviceToHost));
    auto top = std::max_element(keys.begin(), keys.end());
    check(arg.key == (int)(top - keys.begin()) && arg.value == *top,
          "DeviceReduce::ArgMax");

    // HistogramEven: 16 bins of width 320 over [-1000, 4120).  A width
    // that divides the range: CUB 1.17 computes integer bins with the
    // width rounded down, as on a GPU.
    CHECK_CUDA(cub::DeviceHistogram::HistogramEven(temp, temp_bytes, d_keys,
                                                   d_out, bins + 1, -1000,
                                                   4120, n));
    std::vector<int> hist(bins, 0);
    for (int k : keys)
        if (k >= -1000 && k < 4120)
            hist[(k + 1000) / 320]++;
    CHECK_CUDA(cudaMemcpy(got.data(), d_out, bins * sizeof(int),
                          cudaMemcpyDeviceToHost));
    check(std::equal(hist.begin(), hist.end(), got.begin()),
          "DeviceHistogram::HistogramEven");

    // Select::If keeps the order of what it selects
    CHECK_CUDA(cub::DeviceSelect::If(temp, temp_bytes, d_keys, d_keys_out,
                                     d_out + n, n, below{0}));
    std::vector<int> neg;
    for (int k : keys)
        if (k < 0)
            neg.push_back(k);
    int count;
    CHECK_CUDA(cudaMemcpy(&count, d_out + n, sizeof count,
                          cudaMemcpyDeviceToHost));
    check(count == (int)neg.size(), "DeviceSelect::If count");
    CHECK_CUDA(cudaMemcpy(got.data(), d_keys_out, neg.size() * sizeof(int),
                          cudaMemcpyDeviceToHost));
    check(std::equal(neg.begin(), neg.end(), got.begin()),
          "DeviceSelect::If values");

    // Block level
    const int blocks = 8, per = THREADS * ITEMS;
    int *d_sums, *d_wmax;
    CHECK_CUDA(cudaMalloc(&d_sums, blocks * sizeof(int)));
    CHECK_CUDA(cudaMalloc(&d_wmax, blocks * (THREADS / 32) * sizeof(int)));
    CHECK_CUDA(cudaMemcpy(d_out, keys.data(), blocks * per * sizeof(int),
                          cudaMemcpyHostToDevice));
    block_level<<<blocks, THREADS>>>(d_out, d_sums, d_wmax);
    CHECK_CUDA(cudaGetLastError());
    std::vector<int> sums(blocks), wmax(blocks * (THREADS / 32));
    CHECK_CUDA(cudaMemcpy(got.data(), d_out, blocks * per * sizeof(int),
                          cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(sums.data(), d_sums, blocks * sizeof(int),
                          cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(wmax.data(), d_wmax, wmax.size() * sizeof(int),
                          cudaMemcpyDeviceToHost));
    ok = true;
    bool scan_ok = true, warp_ok = true;
    for (int b = 0; b < blocks; b++) {
        int s = 0;
        for (int i = 0; i < per; i++) {
            scan_ok &= got[b * per + i] == s;
            s += keys[b * per + i];
        }
        ok &= sums[b] == s;
        for (int w = 0; w < THREADS / 32; w++) {
            int m = 0;
            for (int t = w * 32; t < w * 32 + 32; t++)
                m = std::max(m, (t * 37) % 101);
            warp_ok &= wmax[b * (THREADS / 32) + w] == m;
        }
    }
    check(ok, "BlockReduce::Sum");
    check(scan_ok, "BlockScan::ExclusiveSum");
    check(warp_ok, "WarpReduce max");

    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
