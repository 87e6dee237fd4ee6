// atomic_shared.cu: atomics on __shared__ memory, every operation, with
// all threads of a block (several warps) hitting the same few words:
// add (int, unsigned long long, float, double), sub, inc and dec with
// their wrap limit, min and max (signed and unsigned), and, or, xor,
// exch and cas.  The final values are compared with the host's; the old
// values a counter's atomicAdd returns must be 0..n-1, each once, and
// those exchanges return, with the last value, each value once.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_shared\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { THREADS = 200, BLOCKS = 3, INTS = 12 };

struct results {
    int i[INTS];
    unsigned long long wide;
    float f;
    double d;
    int exchanged;
};

__global__ void shared_atomics(results *out, int *tickets)
{
    __shared__ int si[INTS];
    __shared__ unsigned long long swide;
    __shared__ float sf;
    __shared__ double sd;
    __shared__ int sx;
    int t = threadIdx.x;
    if (t < INTS)
        si[t] = t == 5 ? 1000 : t == 7 ? -1 : t == 8 ? 0x0f0f : 0;
    if (t == 0) {
        swide = 1ull << 40;
        sf = 0.5f;
        sd = 0.25;
        sx = -1;
    }
    __syncthreads();
    tickets[blockIdx.x * THREADS + t] = atomicAdd(&si[0], 1);
    atomicSub(&si[1], 3);
    atomicInc((unsigned *)&si[2], 16u);          // wraps to 0 past 16
    atomicDec((unsigned *)&si[3], 9u);           // 0 or > 9 becomes 9
    atomicMax(&si[4], (t * 37) % 101 - 50);
    atomicMin(&si[5], (t * 53) % 211 - 100);
    atomicMax((unsigned *)&si[6], (unsigned)t * 2654435761u);
    atomicMin((unsigned *)&si[7], (unsigned)t * 2654435761u + 7u);
    atomicAnd(&si[8], ~(1 << (t % 16)) | 0xff00);
    atomicOr(&si[9], 1 << (t % 31));
    atomicXor(&si[10], t * 0x01010101);
    // An addition made of compare-and-swap, the classic loop: a failed
    // swap means another thread's succeeded.
    int seen = si[11], assumed;
    do {
        assumed = seen;
        seen = atomicCAS(&si[11], assumed, assumed + t);
    } while (seen != assumed);
    atomicAdd(&swide, (unsigned long long)t << 20);
    atomicAdd(&sf, 0.25f);
    atomicAdd(&sd, 0.125);
    // Each thread swaps itself in; what comes out, with what is left,
    // is every value once.
    tickets[(BLOCKS + blockIdx.x) * THREADS + t] = atomicExch(&sx, t);
    __syncthreads();
    if (t < INTS)
        out[blockIdx.x].i[t] = si[t];
    if (t == 0) {
        out[blockIdx.x].wide = swide;
        out[blockIdx.x].f = sf;
        out[blockIdx.x].d = sd;
        out[blockIdx.x].exchanged = sx;
    }
}

int main()
{
    results *d_out;
    int *d_tickets;
    CHECK(cudaMalloc(&d_out, sizeof(results) * BLOCKS));
    CHECK(cudaMalloc(&d_tickets, sizeof(int) * 2 * BLOCKS * THREADS));
    shared_atomics<<<BLOCKS, THREADS>>>(d_out, d_tickets);
    CHECK(cudaGetLastError());
    results out[BLOCKS];
    static int tickets[2 * BLOCKS * THREADS];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(tickets, d_tickets, sizeof tickets,
                     cudaMemcpyDeviceToHost));

    // The host's answer: the order of the threads does not matter for
    // any of these (inc and dec included, as each step is the same).
    int want[INTS] = {0, 0, 0, 0, -1000, 1000, 0, -1, 0x0f0f, 0, 0, 0};
    unsigned inc = 0, dec = 0;
    unsigned long long wide = 1ull << 40;
    for (int t = 0; t < THREADS; t++) {
        want[0]++;
        want[1] -= 3;
        inc = inc >= 16u ? 0 : inc + 1;
        dec = dec == 0 || dec > 9u ? 9u : dec - 1;
        if ((t * 37) % 101 - 50 > want[4])
            want[4] = (t * 37) % 101 - 50;
        if ((t * 53) % 211 - 100 < want[5])
            want[5] = (t * 53) % 211 - 100;
        if ((unsigned)t * 2654435761u > (unsigned)want[6])
            want[6] = (int)((unsigned)t * 2654435761u);
        if ((unsigned)t * 2654435761u + 7u < (unsigned)want[7])
            want[7] = (int)((unsigned)t * 2654435761u + 7u);
        want[8] &= ~(1 << (t % 16)) | 0xff00;
        want[9] |= 1 << (t % 31);
        want[10] ^= t * 0x01010101;
        wide += (unsigned long long)t << 20;
    }
    want[2] = (int)inc;
    want[3] = (int)dec;
    want[11] = THREADS * (THREADS - 1) / 2;
    int bad = 0;
    for (int b = 0; b < BLOCKS; b++) {
        for (int k = 0; k < INTS; k++)
            if (out[b].i[k] != want[k] && bad++ < 10)
                printf("block %d word %d: got %d, want %d\n", b, k,
                       out[b].i[k], want[k]);
        if (out[b].wide != wide && bad++ < 10)
            printf("block %d: 64-bit sum %llx, want %llx\n", b, out[b].wide,
                   wide);
        if (out[b].f != 0.5f + 0.25f * THREADS ||
            out[b].d != 0.25 + 0.125 * THREADS) {
            if (bad++ < 10)
                printf("block %d: float sums %g %g\n", b, out[b].f, out[b].d);
        }
        // The tickets of one block are a permutation of 0..THREADS-1; the
        // exchanged values and the last one, of -1..THREADS-1.
        int seen[THREADS] = {0}, swapped[THREADS + 1] = {0};
        for (int t = 0; t < THREADS; t++) {
            int v = tickets[b * THREADS + t];
            if (v < 0 || v >= THREADS || seen[v]++) {
                if (bad++ < 10)
                    printf("block %d thread %d: ticket %d\n", b, t, v);
            }
        }
        for (int t = 0; t <= THREADS; t++) {
            int v = t < THREADS ? tickets[(BLOCKS + b) * THREADS + t]
                                : out[b].exchanged;
            if (v < -1 || v >= THREADS || swapped[v + 1]++) {
                if (bad++ < 10)
                    printf("block %d: exchanged value %d twice or unknown\n",
                           b, v);
            }
        }
    }
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_tickets));
    if (bad) {
        printf("FAIL atomic_shared\n");
        return 1;
    }
    printf("PASS atomic_shared\n");
    return 0;
}
