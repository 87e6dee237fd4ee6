// stress_streams.cu: 8 host threads, each with 4 streams of its own, issue
// copies, fills, kernels, host functions, callbacks, event records and
// cross-stream event waits for CUX_STRESS_SECONDS seconds (default 2),
// querying streams and events on the way; every result is checked.
//
// Per stream, iteration k (k = 1, 2, ...) is: an async copy of a constant
// input to the device, a fill of the output, a kernel writing
// out[i] = in[i] * 3 + k whose thread 0 appends k to the stream's log, an
// async copy of the output to pinned memory, a host function (or stream
// callback) that checks that copy and that k follows the previous one,
// and an event record.  The next stream of the thread then waits on that
// event and runs a kernel that checks the log of the first already holds
// k.  Each thread's first stream also waits on, and queries, an event of
// another thread's, and the threads' own cudaStreamPerThread streams and
// the legacy stream (synchronous copies) take part.  Only what CUDA
// guarantees is asserted: stream order, an event
// completes after the work before its record, a host function sees the
// results of the work before it.
#include <cuda_runtime.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL stress_streams\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { THREADS = 8, LANES = 4, N = 1024, LOG = 4096, CHECK_EVERY = 32 };

__global__ void work(const int *in, int *out, int n, int k, int *log,
                     int *count)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = in[i] * 3 + k;
    if (i == 0) {
        log[*count % LOG] = k;
        // Read by peer_check in other streams while this stream runs on.
        atomicAdd(count, 1);
    }
}

// Runs in another stream after waiting on the event recorded after
// iteration k of the stream whose log count this is.
__global__ void peer_check(int *count, int k, int *failures)
{
    if (atomicAdd(count, 0) < k)
        atomicAdd(failures, 1);
}

struct lane {
    cudaStream_t st;
    cudaEvent_t ev;
    int *d_in, *d_out, *d_log, *d_count;
    int *h_in, *h_out;          // pinned
    int issued;                 // iterations queued (host thread only)
    int checked;                // iterations whose log was checked
    int ev_k;                   // iteration of ev's last record
    // Written by this stream's host functions only, which run one after
    // another in stream order; read by the host thread after a
    // synchronisation with the stream.
    int cb_next, cb_errors;
    std::atomic<int> cb_done;   // read while the stream runs
};

// Each thread's first event, for the other threads to wait on; set before
// `started` counts the thread, destroyed after `finished` counts all.
static cudaEvent_t shared_ev[THREADS];
static std::atomic<int> started, finished;

static void wait_all(std::atomic<int> *count)
{
    count->fetch_add(1);
    while (count->load() < THREADS)
        std::this_thread::yield();
}

struct thread_result {
    long iterations, callbacks, queries, failures;
};

static int h_expected(const lane *l, int i, int k)
{
    return l->h_in[i] * 3 + k;
}

// The host function of iteration k: its stream's copy of the output has
// finished, and the host function of k - 1 has run.
struct cb_arg {
    lane *l;
    int k;
};

static void check_output(lane *l, int k)
{
    if (k != l->cb_next)
        l->cb_errors++;
    l->cb_next = k + 1;
    for (int i = 0; i < N; i += 37)
        if (l->h_out[i] != h_expected(l, i, k)) {
            l->cb_errors++;
            break;
        }
    l->cb_done.store(k, std::memory_order_release);
}

static void host_fn(void *p)
{
    cb_arg *a = (cb_arg *)p;
    check_output(a->l, a->k);
    delete a;
}

static void CUDART_CB stream_cb(cudaStream_t, cudaError_t status, void *p)
{
    cb_arg *a = (cb_arg *)p;
    if (status != cudaSuccess)
        a->l->cb_errors++;
    check_output(a->l, a->k);
    delete a;
}

static void lane_init(lane *l, int t, int j)
{
    CHECK(cudaStreamCreateWithFlags(&l->st, (t + j) % 2
                                    ? cudaStreamNonBlocking
                                    : cudaStreamDefault));
    CHECK(cudaEventCreateWithFlags(&l->ev, j % 2 ? cudaEventDisableTiming
                                                 : cudaEventDefault));
    CHECK(cudaMalloc(&l->d_in, N * sizeof(int)));
    CHECK(cudaMalloc(&l->d_out, N * sizeof(int)));
    CHECK(cudaMalloc(&l->d_log, LOG * sizeof(int)));
    CHECK(cudaMalloc(&l->d_count, sizeof(int)));
    CHECK(cudaMemset(l->d_count, 0, sizeof(int)));
    CHECK(cudaMallocHost(&l->h_in, N * sizeof(int)));
    CHECK(cudaMallocHost(&l->h_out, N * sizeof(int)));
    for (int i = 0; i < N; i++)
        l->h_in[i] = i * 7 + t * 100 + j;
    l->issued = l->checked = l->ev_k = 0;
    l->cb_next = 1;
    l->cb_errors = 0;
    l->cb_done.store(0);
}

static void issue(lane *l, bool use_callback)
{
    int k = ++l->issued;
    CHECK(cudaMemcpyAsync(l->d_in, l->h_in, N * sizeof(int),
                          cudaMemcpyHostToDevice, l->st));
    CHECK(cudaMemsetAsync(l->d_out, 0xff, N * sizeof(int), l->st));
    work<<<N / 128, 128, 0, l->st>>>(l->d_in, l->d_out, N, k, l->d_log,
                                     l->d_count);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpyAsync(l->h_out, l->d_out, N * sizeof(int),
                          cudaMemcpyDeviceToHost, l->st));
    cb_arg *a = new cb_arg{l, k};
    if (use_callback)
        CHECK(cudaStreamAddCallback(l->st, stream_cb, a, 0));
    else
        CHECK(cudaLaunchHostFunc(l->st, host_fn, a));
    CHECK(cudaEventRecord(l->ev, l->st));
    l->ev_k = k;
}

// Checks what the synchronised lane's host functions and log say.
static long check_lane(lane *l)
{
    long bad = 0;
    if (l->cb_errors || l->cb_next != l->issued + 1) {
        printf("stream: %d callback errors, next %d after %d issued\n",
               l->cb_errors, l->cb_next, l->issued);
        bad++;
    }
    int count;
    CHECK(cudaMemcpy(&count, l->d_count, sizeof(int),
                     cudaMemcpyDeviceToHost));
    static thread_local int seen[LOG];
    CHECK(cudaMemcpy(seen, l->d_log, sizeof seen, cudaMemcpyDeviceToHost));
    if (count != l->issued) {
        printf("stream: log count %d after %d issued\n", count, l->issued);
        bad++;
    }
    for (int k = l->checked + 1; k <= l->issued && k <= count; k++)
        if (seen[(k - 1) % LOG] != k) {
            printf("stream: log[%d] = %d, want %d (reordered?)\n",
                   (k - 1) % LOG, seen[(k - 1) % LOG], k);
            bad++;
            break;
        }
    l->checked = l->issued;
    return bad;
}

// While work is queued, the queries may say anything but an error, and an
// event that has completed implies its host function has run.
static long query(lane *l, long *queries)
{
    int k = l->ev_k;
    cudaError_t e = cudaEventQuery(l->ev);
    cudaError_t s = cudaStreamQuery(l->st);
    *queries += 2;
    if ((e != cudaSuccess && e != cudaErrorNotReady) ||
        (s != cudaSuccess && s != cudaErrorNotReady)) {
        printf("query: event %s, stream %s\n", cudaGetErrorString(e),
               cudaGetErrorString(s));
        return 1;
    }
    if (e == cudaSuccess &&
        l->cb_done.load(std::memory_order_acquire) < k) {
        printf("event of iteration %d complete before its host function\n",
               k);
        return 1;
    }
    return 0;
}

static void host_thread(int t, double seconds, thread_result *r)
{
    lane lanes[LANES];
    int *d_failures;
    CHECK(cudaMalloc(&d_failures, sizeof(int)));
    CHECK(cudaMemset(d_failures, 0, sizeof(int)));
    for (int j = 0; j < LANES; j++)
        lane_init(&lanes[j], t, j);
    shared_ev[t] = lanes[0].ev;
    wait_all(&started);
    cudaEvent_t other = shared_ev[(t + 1) % THREADS];
    int *d_scratch;
    // The per-thread stream's output, log, log count and input.
    CHECK(cudaMalloc(&d_scratch, (2 * N + LOG + 1) * sizeof(int)));
    int *d_scratch_in = d_scratch + N + LOG + 1;
    CHECK(cudaMemcpy(d_scratch_in, lanes[0].h_in, N * sizeof(int),
                     cudaMemcpyHostToDevice));
    auto end = std::chrono::steady_clock::now() +
               std::chrono::duration<double>(seconds);
    long it = 0, bad = 0;
    do {
        for (int j = 0; j < LANES; j++) {
            lane *l = &lanes[j], *next = &lanes[(j + 1) % LANES];
            issue(l, (it + j) % 3 == 0);
            CHECK(cudaStreamWaitEvent(next->st, l->ev, 0));
            peer_check<<<1, 1, 0, next->st>>>(l->d_count, l->ev_k,
                                               d_failures);
            CHECK(cudaGetLastError());
            bad += query(l, &r->queries);
        }
        // Another thread records `other` meanwhile; any answer but an
        // error is right.
        CHECK(cudaStreamWaitEvent(lanes[0].st, other, 0));
        cudaError_t e = cudaEventQuery(other);
        if (e != cudaSuccess && e != cudaErrorNotReady) {
            printf("query of another thread's event: %s\n",
                   cudaGetErrorString(e));
            bad++;
        }
        if (it % 16 == 5) {
            CHECK(cudaMemsetAsync(d_scratch, 0, (N + LOG + 1) * sizeof(int),
                                  cudaStreamPerThread));
            work<<<N / 128, 128, 0, cudaStreamPerThread>>>(
                d_scratch_in, d_scratch, N, 1, d_scratch + N,
                d_scratch + N + LOG);
            int v[2];
            CHECK(cudaMemcpyAsync(v, d_scratch + 77, sizeof(int),
                                  cudaMemcpyDeviceToHost,
                                  cudaStreamPerThread));
            CHECK(cudaMemcpyAsync(v + 1, d_scratch + N + LOG, sizeof(int),
                                  cudaMemcpyDeviceToHost,
                                  cudaStreamPerThread));
            CHECK(cudaStreamSynchronize(cudaStreamPerThread));
            if (v[0] != h_expected(&lanes[0], 77, 1) || v[1] != 1) {
                printf("per-thread stream: %d, %d\n", v[0], v[1]);
                bad++;
            }
        }
        if (it % 8 == 7) {
            lane *l = &lanes[it / 8 % LANES];
            int k = l->ev_k;
            CHECK(cudaEventSynchronize(l->ev));
            if (l->cb_done.load(std::memory_order_acquire) < k) {
                printf("event synchronised before host function %d\n", k);
                bad++;
            }
        }
        if (++it % CHECK_EVERY == 0)
            for (int j = 0; j < LANES; j++) {
                CHECK(cudaStreamSynchronize(lanes[j].st));
                bad += check_lane(&lanes[j]);
            }
    } while (std::chrono::steady_clock::now() < end);
    for (int j = 0; j < LANES; j++)
        CHECK(cudaStreamSynchronize(lanes[j].st));
    wait_all(&finished);
    int failures;
    CHECK(cudaMemcpy(&failures, d_failures, sizeof(int),
                     cudaMemcpyDeviceToHost));
    if (failures) {
        printf("thread %d: %d peer checks saw a stream behind its event\n",
               t, failures);
        bad++;
    }
    for (int j = 0; j < LANES; j++) {
        lane *l = &lanes[j];
        bad += check_lane(l);
        r->callbacks += l->cb_next - 1;
        CHECK(cudaStreamDestroy(l->st));
        CHECK(cudaEventDestroy(l->ev));
        CHECK(cudaFree(l->d_in));
        CHECK(cudaFree(l->d_out));
        CHECK(cudaFree(l->d_log));
        CHECK(cudaFree(l->d_count));
        CHECK(cudaFreeHost(l->h_in));
        CHECK(cudaFreeHost(l->h_out));
    }
    CHECK(cudaFree(d_failures));
    CHECK(cudaFree(d_scratch));
    r->iterations = it;
    r->failures = bad;
}

int main()
{
    const char *env = getenv("CUX_STRESS_SECONDS");
    double seconds = env && *env ? atof(env) : 2.0;
    thread_result res[THREADS] = {};
    std::thread threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        threads[t] = std::thread(host_thread, t, seconds, &res[t]);
    for (int t = 0; t < THREADS; t++)
        threads[t].join();
    CHECK(cudaDeviceSynchronize());
    long it = 0, cbs = 0, q = 0, bad = 0;
    for (int t = 0; t < THREADS; t++) {
        it += res[t].iterations;
        cbs += res[t].callbacks;
        q += res[t].queries;
        bad += res[t].failures;
    }
    printf("%d threads x %d streams, %.1f s: %ld iterations, %ld host "
           "functions, %ld queries\n", THREADS, LANES, seconds, it, cbs, q);
    if (bad || cbs != it * LANES) {
        printf("FAIL stress_streams (%ld failures)\n", bad);
        return 1;
    }
    printf("PASS stress_streams\n");
    return 0;
}
