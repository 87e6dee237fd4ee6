// exit_pending.cu: main returns with work still queued on several streams
// (kernels, async copies, host functions; no final synchronize), some of
// it queued by host threads that have exited.  CUDA promises nothing
// about such work ("the CUDA runtime and driver do not implicitly
// synchronize with any outstanding work ... during host program
// termination"); cux finishes it at exit (docs/runtime.md).  The test
// asserts that the process exits 0 without a crash or hang, and,
// through exit_pending.expected, that the queued host functions ran,
// the last of them after the kernels and copies before it.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <thread>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL exit_pending\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 1 << 16, ROUNDS = 40 };

__global__ void bump(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        for (int k = 0; k < 50; k++)
            p[i] = p[i] * 3 + 1 - 2 * p[i];  // p[i] + 1, slowly
}

struct tail {
    const char *name;
    int *h;                     // pinned copy of the device buffer
    int want;
};

// The last item of a stream: every bump and the copy before it are done.
static void last(void *p)
{
    tail *t = (tail *)p;
    int ok = 1;
    for (int i = 0; i < N; i += 101)
        ok &= t->h[i] == t->want;
    printf("exit_pending: %s %s\n", t->name, ok ? "done" : "WRONG");
    fflush(stdout);
}

static void queue_rounds(cudaStream_t st, tail *t)
{
    int *d;
    CHECK(cudaMalloc(&d, N * sizeof(int)));
    CHECK(cudaMallocHost(&t->h, N * sizeof(int)));
    CHECK(cudaMemsetAsync(d, 0, N * sizeof(int), st));
    for (int r = 0; r < ROUNDS; r++)
        bump<<<N / 256, 256, 0, st>>>(d, N);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpyAsync(t->h, d, N * sizeof(int), cudaMemcpyDeviceToHost,
                          st));
    t->want = ROUNDS * 50;
    CHECK(cudaLaunchHostFunc(st, last, t));
}

static tail tails[4] = {{"user stream"}, {"non-blocking stream"},
                        {"thread's stream"}, {"legacy stream"}};

int main()
{
    cudaStream_t user, nonblocking;
    CHECK(cudaStreamCreate(&user));
    CHECK(cudaStreamCreateWithFlags(&nonblocking, cudaStreamNonBlocking));
    queue_rounds(user, &tails[0]);
    // A host thread that queues work and exits before it is done.
    std::thread([&] { queue_rounds(nonblocking, &tails[1]); }).join();
    std::thread([] { queue_rounds(cudaStreamPerThread, &tails[2]); }).join();
    queue_rounds(0, &tails[3]);
    printf("PASS exit_pending\n");
    fflush(stdout);
    return 0;
}
