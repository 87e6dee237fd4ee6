// uniform_atomics.cu: integer atomics whose threads all name one word
// (counters, queue tails, sums, maxima, flag words) in global and shared
// memory, which the CPU device combines over a warp's active lanes
// before one read-modify-write (src/codegen/c/emit_mem.c, aggregated).
// Each result is checked for what CUDA promises: the final word, and old
// values that are those of some order of the threads' operations (a
// queue's slots each taken once, ranges that tile the total).  Warps are
// full, partial and divergent; the word is a parameter, a __device__
// variable, one per block or a __shared__ one; exchanges, a CAS lock, a
// wrapping atomicInc and a float sum of small integers (exact in any
// order) too.
#include <cuda_runtime.h>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL uniform_atomics\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int failures;

static void expect(bool ok, const char *what, long long got, long long want)
{
    if (!ok && failures++ < 10)
        printf("FAIL %s: got %lld, want %lld\n", what, got, want);
}

__device__ int device_counter;

// Every thread whose value is a multiple of 3 counts itself, twice: on a
// parameter's word and on a __device__ variable's.
__global__ void count_if(const int *in, int n, int *count)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && in[i] % 3 == 0) {
        atomicAdd(count, 1);
        atomicAdd(&device_counter, 1);
    }
}

// A queue: odd threads append their index; slot[k] gets who took k.
__global__ void append(int n, int *tail, int *slot)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && i % 2)
        slot[atomicAdd(tail, 1)] = i;
}

// Each thread reserves in[i] % 7 slots (some none) and fills its range.
__global__ void reserve(const int *in, int n, unsigned *tail, int *owner)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        unsigned k = in[i] % 7;
        unsigned at = atomicAdd(tail, k);
        for (unsigned j = 0; j < k; j++)
            owner[at + j] = i;
    }
}

// Sums: 64-bit of signed values, 32-bit with atomicSub, per block.
__global__ void sums(const int *in, int n, unsigned long long *total,
                     int *net, int *per_block)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        atomicAdd(total, (unsigned long long)(long long)(in[i] - 500));
        atomicSub(net, in[i] % 11);
        atomicAdd(&per_block[blockIdx.x], 1);
    }
}

// Maxima, minima and bit words, with the old values returned.
__global__ void extremes(const int *in, int n, int *mx, int *mn,
                         unsigned *umax, unsigned *bits_or,
                         unsigned *bits_and, unsigned *bits_xor,
                         int *old_max)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        int v = in[i] - 500;
        old_max[i] = atomicMax(mx, v);
        atomicMin(mn, v);
        atomicMax(umax, (unsigned)in[i] * 3u);
        atomicOr(bits_or, 1u << (in[i] % 32));
        atomicAnd(bits_and, ~(1u << (in[i] % 29)));
        atomicXor(bits_xor, (unsigned)in[i]);
    }
}

// In shared memory: a block's count of its odd values, and a queue of
// the threads whose value is even, each slot read back after the barrier.
__global__ void shared_words(const int *in, int n, int *odd_count,
                             int *even_queue, int *even_count)
{
    __shared__ int count, tail, queue[256];
    int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
    if (t == 0)
        count = tail = 0;
    __syncthreads();
    if (i < n && in[i] % 2)
        atomicAdd(&count, 1);
    if (i < n && in[i] % 2 == 0)
        queue[atomicAdd(&tail, 1)] = t;
    __syncthreads();
    if (t < tail)
        even_queue[blockIdx.x * blockDim.x + t] = queue[t];
    if (t == 0) {
        odd_count[blockIdx.x] = count;
        even_count[blockIdx.x] = tail;
    }
}

// Exchanges, a compare-and-swap only one thread can win, and a counter
// that wraps at 10 (atomicInc), each with the old values kept.
__global__ void chains(int n, int *word, int *old_word, int *lock,
                       int *winner, unsigned *ring, unsigned *old_ring)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        old_word[i] = atomicExch(word, i);
        if (atomicCAS(lock, -1, i) == -1)
            atomicAdd(winner, 1);
        old_ring[i] = atomicInc(ring, 9u);
    }
}

// A loop whose trips differ per thread, one count per trip.
__global__ void trips(const int *in, int n, int *count)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        for (int k = 0; k < in[i] % 5; k++)
            atomicAdd(count, 1);
}

// Floats keep the lane order; small integers sum exactly in any order.
__global__ void float_sum(const int *in, int n, float *total)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        atomicAdd(total, (float)(in[i] % 16));
}

template <typename T> static T *zeroed(int n)
{
    T *d;
    CHECK(cudaMalloc(&d, n * sizeof(T)));
    CHECK(cudaMemset(d, 0, n * sizeof(T)));
    return d;
}

template <typename T> static T *set_to(T value)
{
    T *d;
    CHECK(cudaMalloc(&d, sizeof(T)));
    CHECK(cudaMemcpy(d, &value, sizeof(T), cudaMemcpyHostToDevice));
    return d;
}

template <typename T> static T read(const T *d)
{
    T h;
    CHECK(cudaMemcpy(&h, d, sizeof(T), cudaMemcpyDeviceToHost));
    return h;
}

int main(void)
{
    const int n = 5000, block = 96, blocks = (n + block - 1) / block;
    std::vector<int> h(n);
    unsigned s = 11;
    for (int i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        h[i] = (int)(s >> 22); // 0..1023
    }
    int *in;
    CHECK(cudaMalloc(&in, n * sizeof(int)));
    CHECK(cudaMemcpy(in, h.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    int want_count = 0;
    for (int v : h)
        want_count += v % 3 == 0;
    int *count = zeroed<int>(1), zero = 0;
    CHECK(cudaMemcpyToSymbol(device_counter, &zero, sizeof zero));
    count_if<<<blocks, block>>>(in, n, count);
    CHECK(cudaGetLastError());
    int device_count;
    CHECK(cudaMemcpyFromSymbol(&device_count, device_counter, sizeof device_count));
    expect(read(count) == want_count, "count on a parameter", read(count), want_count);
    expect(device_count == want_count, "count on a __device__ variable",
           device_count, want_count);

    int *tail = zeroed<int>(1), *slot = zeroed<int>(n);
    append<<<blocks, block>>>(n, tail, slot);
    CHECK(cudaGetLastError());
    int taken = read(tail);
    expect(taken == n / 2, "queue length", taken, n / 2);
    std::vector<int> slots(n), seen(n, 0);
    CHECK(cudaMemcpy(slots.data(), slot, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int k = 0; k < taken && k < n; k++) {
        int who = slots[k];
        bool ok = who > 0 && who < n && who % 2 && !seen[who];
        expect(ok, "queue slot taken once by an odd thread", who, k);
        if (ok)
            seen[who] = 1;
    }

    unsigned want_tail = 0;
    for (int v : h)
        want_tail += v % 7;
    unsigned *utail = zeroed<unsigned>(1);
    int *owner;
    CHECK(cudaMalloc(&owner, want_tail * sizeof(int)));
    CHECK(cudaMemset(owner, 0xff, want_tail * sizeof(int)));
    reserve<<<blocks, block>>>(in, n, utail, owner);
    CHECK(cudaGetLastError());
    expect(read(utail) == want_tail, "reserved in all", read(utail), want_tail);
    std::vector<int> owners(want_tail), got_slots(n, 0);
    CHECK(cudaMemcpy(owners.data(), owner, want_tail * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (unsigned k = 0; k < want_tail; k++) {
        int who = owners[k];
        bool ok = who >= 0 && who < n;
        expect(ok, "reserved slot has an owner", who, k);
        if (ok)
            got_slots[who]++;
    }
    for (int i = 0; i < n; i++)
        expect(got_slots[i] == h[i] % 7, "each thread's range whole",
               got_slots[i], h[i] % 7);

    long long want_total = 0;
    int want_net = 0;
    for (int v : h) {
        want_total += v - 500;
        want_net -= v % 11;
    }
    unsigned long long *total = zeroed<unsigned long long>(1);
    int *net = zeroed<int>(1), *per_block = zeroed<int>(blocks);
    sums<<<blocks, block>>>(in, n, total, net, per_block);
    CHECK(cudaGetLastError());
    expect((long long)read(total) == want_total, "64-bit sum",
           (long long)read(total), want_total);
    expect(read(net) == want_net, "atomicSub", read(net), want_net);
    std::vector<int> pb(blocks);
    CHECK(cudaMemcpy(pb.data(), per_block, blocks * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++) {
        int want = b < blocks - 1 ? block : n - b * block;
        expect(pb[b] == want, "a count per block", pb[b], want);
    }

    int want_mx = INT_MIN, want_mn = INT_MAX;
    unsigned want_umax = 0, want_or = 0, want_and = ~0u, want_xor = 0;
    for (int v : h) {
        want_mx = v - 500 > want_mx ? v - 500 : want_mx;
        want_mn = v - 500 < want_mn ? v - 500 : want_mn;
        want_umax = (unsigned)v * 3u > want_umax ? (unsigned)v * 3u : want_umax;
        want_or |= 1u << (v % 32);
        want_and &= ~(1u << (v % 29));
        want_xor ^= (unsigned)v;
    }
    int *mx = set_to(INT_MIN), *mn = set_to(INT_MAX), *old_max = zeroed<int>(n);
    unsigned *umax = zeroed<unsigned>(1), *bor = zeroed<unsigned>(1);
    unsigned *band = set_to(~0u), *bxor = zeroed<unsigned>(1);
    extremes<<<blocks, block>>>(in, n, mx, mn, umax, bor, band, bxor, old_max);
    CHECK(cudaGetLastError());
    expect(read(mx) == want_mx, "atomicMax", read(mx), want_mx);
    expect(read(mn) == want_mn, "atomicMin", read(mn), want_mn);
    expect(read(umax) == want_umax, "unsigned atomicMax", read(umax), want_umax);
    expect(read(bor) == want_or, "atomicOr", read(bor), want_or);
    expect(read(band) == want_and, "atomicAnd", read(band), want_and);
    expect(read(bxor) == want_xor, "atomicXor", read(bxor), want_xor);
    // Every old value is the maximum of the initial word and some of the
    // values: no larger than the final one, and INT_MIN or a value.
    std::vector<int> olds(n), is_value(1024, 0);
    CHECK(cudaMemcpy(olds.data(), old_max, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int v : h)
        is_value[v] = 1;
    int first_seen = 0;
    for (int i = 0; i < n; i++) {
        int o = olds[i];
        bool ok = o == INT_MIN ||
                  (o >= -500 && o < 524 && is_value[o + 500] && o <= want_mx);
        expect(ok, "atomicMax's old value", o, want_mx);
        first_seen += o == INT_MIN;
    }
    expect(first_seen == 1, "one thread saw the initial word", first_seen, 1);

    int *odd_count = zeroed<int>(blocks), *even_count = zeroed<int>(blocks);
    int *even_queue = zeroed<int>(blocks * block);
    shared_words<<<blocks, block>>>(in, n, odd_count, even_queue, even_count);
    CHECK(cudaGetLastError());
    std::vector<int> odds(blocks), evens(blocks), queued(blocks * block);
    CHECK(cudaMemcpy(odds.data(), odd_count, blocks * sizeof(int),
                     cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(evens.data(), even_count, blocks * sizeof(int),
                     cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(queued.data(), even_queue, blocks * block * sizeof(int),
                     cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++) {
        int want_odd = 0, want_even = 0;
        std::vector<int> in_queue(block, 0);
        for (int t = 0; t < block && b * block + t < n; t++) {
            want_odd += h[b * block + t] % 2;
            want_even += h[b * block + t] % 2 == 0;
        }
        expect(odds[b] == want_odd, "shared counter", odds[b], want_odd);
        expect(evens[b] == want_even, "shared queue length", evens[b], want_even);
        for (int k = 0; k < evens[b] && k < block; k++) {
            int t = queued[b * block + k], i = b * block + t;
            bool ok = t >= 0 && t < block && i < n && h[i] % 2 == 0 &&
                      !in_queue[t];
            expect(ok, "shared queue slot taken once by an even thread", t, k);
            if (ok)
                in_queue[t] = 1;
        }
    }

    // Each exchange returns what one other thread (or the initial -1)
    // left: the old values and the final word are every value once.
    int *word = set_to(-1), *old_word = zeroed<int>(n), *lock = set_to(-1);
    int *winner = zeroed<int>(1);
    unsigned *ring = zeroed<unsigned>(1), *old_ring = zeroed<unsigned>(n);
    chains<<<blocks, block>>>(n, word, old_word, lock, winner, ring, old_ring);
    CHECK(cudaGetLastError());
    std::vector<int> exch(n), exch_seen(n + 1, 0);
    std::vector<unsigned> rings(n);
    CHECK(cudaMemcpy(exch.data(), old_word, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rings.data(), old_ring, n * sizeof(unsigned),
                     cudaMemcpyDeviceToHost));
    exch.push_back(read(word));
    for (int v : exch) {
        bool ok = v >= -1 && v < n && !exch_seen[v + 1];
        expect(ok, "atomicExch's values each once", v, n);
        if (ok)
            exch_seen[v + 1] = 1;
    }
    expect(read(winner) == 1, "one atomicCAS wins", read(winner), 1);
    expect(read(lock) >= 0 && read(lock) < n, "the winner's index", read(lock), n);
    expect(read(ring) == (unsigned)(n % 10), "atomicInc wraps", read(ring), n % 10);
    std::vector<int> per_value(10, 0);
    for (unsigned r : rings)
        if (r < 10)
            per_value[r]++;
        else
            expect(false, "atomicInc's old value below 10", r, 10);
    for (int v = 0; v < 10; v++) {
        int want = n / 10 + (v < n % 10);
        expect(per_value[v] == want, "atomicInc's old values", per_value[v], want);
    }

    int want_trips = 0;
    for (int v : h)
        want_trips += v % 5;
    int *trip_count = zeroed<int>(1);
    trips<<<blocks, block>>>(in, n, trip_count);
    CHECK(cudaGetLastError());
    expect(read(trip_count) == want_trips, "counts in a loop", read(trip_count),
           want_trips);

    int want_fsum = 0;
    for (int v : h)
        want_fsum += v % 16;
    float *fsum = zeroed<float>(1);
    float_sum<<<blocks, block>>>(in, n, fsum);
    CHECK(cudaGetLastError());
    expect(read(fsum) == (float)want_fsum, "float sum", (long long)read(fsum),
           want_fsum);

    if (failures) {
        printf("FAIL uniform_atomics: %d wrong\n", failures);
        return 1;
    }
    printf("PASS uniform_atomics\n");
    return 0;
}
