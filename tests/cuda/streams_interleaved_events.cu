// streams_interleaved_events.cu: eight streams, half blocking and half
// not, each round copying its input in, computing, and combining its
// result with its neighbour's, the two ordered by events both ways (the
// neighbour's data must be ready before it is read, and must not be
// overwritten by the neighbour's next round until it has been read).
// Every round's results are checked, the last ones of the blocking
// streams through a plain cudaMemcpy, which the legacy stream orders
// after all their work.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL streams_interleaved_events\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { NS = 8, ROUNDS = 4, N = 4096 };

__global__ void stage1(int *a, const int *in, int n, int round)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        a[i] = in[i] * 3 + round;
}

__global__ void stage2(int *b, const int *mine, const int *next, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        b[i] = mine[i] + 2 * next[n - 1 - i];
}

static int input(int s, int r, int i)
{
    return i * 7 + s * 1000 + r * 100000;
}

static int expected(int s, int r, int i)
{
    int t = (s + 1) % NS;
    return input(s, r, i) * 3 + r + 2 * (input(t, r, N - 1 - i) * 3 + r);
}

int main()
{
    cudaStream_t st[NS];
    cudaEvent_t ready[NS][ROUNDS], read[NS][ROUNDS];
    int *in[NS], *a[NS], *b[NS], *h_in[NS][ROUNDS], *h_out[NS][ROUNDS];
    for (int s = 0; s < NS; s++) {
        CHECK(cudaStreamCreateWithFlags(&st[s], s % 2 ? cudaStreamNonBlocking
                                                      : cudaStreamDefault));
        CHECK(cudaMalloc(&in[s], N * sizeof(int)));
        CHECK(cudaMalloc(&a[s], N * sizeof(int)));
        CHECK(cudaMalloc(&b[s], N * sizeof(int)));
        for (int r = 0; r < ROUNDS; r++) {
            CHECK(cudaEventCreateWithFlags(&ready[s][r],
                                           cudaEventDisableTiming));
            CHECK(cudaEventCreate(&read[s][r]));
            CHECK(cudaMallocHost(&h_in[s][r], N * sizeof(int)));
            CHECK(cudaMallocHost(&h_out[s][r], N * sizeof(int)));
            for (int i = 0; i < N; i++)
                h_in[s][r][i] = input(s, r, i);
        }
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int s = 0; s < NS; s++) {
            int prev = (s + NS - 1) % NS;
            // a[s] is read by the previous stream's stage2 of last round
            if (r > 0)
                CHECK(cudaStreamWaitEvent(st[s], read[prev][r - 1], 0));
            CHECK(cudaMemcpyAsync(in[s], h_in[s][r], N * sizeof(int),
                                  cudaMemcpyHostToDevice, st[s]));
            stage1<<<N / 128, 128, 0, st[s]>>>(a[s], in[s], N, r);
            CHECK(cudaEventRecord(ready[s][r], st[s]));
        }
        for (int s = 0; s < NS; s++) {
            int next = (s + 1) % NS;
            CHECK(cudaStreamWaitEvent(st[s], ready[next][r], 0));
            stage2<<<N / 128, 128, 0, st[s]>>>(b[s], a[s], a[next], N);
            CHECK(cudaEventRecord(read[s][r], st[s]));
            if (r < ROUNDS - 1 || s % 2)
                CHECK(cudaMemcpyAsync(h_out[s][r], b[s], N * sizeof(int),
                                      cudaMemcpyDeviceToHost, st[s]));
        }
    }
    // the blocking streams' last results: the legacy stream waits for
    // their work, the non-blocking ones are waited for by event
    for (int s = 0; s < NS; s += 2)
        CHECK(cudaMemcpy(h_out[s][ROUNDS - 1], b[s], N * sizeof(int),
                         cudaMemcpyDeviceToHost));
    for (int s = 1; s < NS; s += 2) {
        CHECK(cudaEventSynchronize(read[s][ROUNDS - 1]));
        CHECK(cudaStreamSynchronize(st[s]));
    }
    CHECK(cudaDeviceSynchronize());
    int bad = 0;
    for (int s = 0; s < NS; s++)
        for (int r = 0; r < ROUNDS; r++)
            for (int i = 0; i < N; i++)
                if (h_out[s][r][i] != expected(s, r, i) && bad++ < 5)
                    printf("stream %d round %d [%d] = %d, expected %d\n", s,
                           r, i, h_out[s][r][i], expected(s, r, i));
    float ms = -1;
    CHECK(cudaEventElapsedTime(&ms, read[0][0], read[0][ROUNDS - 1]));
    if (!(ms >= 0)) {
        printf("elapsed time between one stream's events %f\n", ms);
        bad++;
    }
    for (int s = 0; s < NS; s++) {
        for (int r = 0; r < ROUNDS; r++) {
            CHECK(cudaEventDestroy(ready[s][r]));
            CHECK(cudaEventDestroy(read[s][r]));
            CHECK(cudaFreeHost(h_in[s][r]));
            CHECK(cudaFreeHost(h_out[s][r]));
        }
        CHECK(cudaFree(in[s]));
        CHECK(cudaFree(a[s]));
        CHECK(cudaFree(b[s]));
        CHECK(cudaStreamDestroy(st[s]));
    }
    if (bad) {
        printf("FAIL streams_interleaved_events\n");
        return 1;
    }
    printf("PASS streams_interleaved_events\n");
    return 0;
}
