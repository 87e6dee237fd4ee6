// shfl_64bit.cu: the four warp shuffles (and the legacy __shfl without
// _sync) on every 64-bit type: unsigned long long, long long, unsigned
// long, long and double, with values whose two halves differ.  clang
// 14's own unsigned long long overload recursed into itself, and the
// kernel silently lost every statement after the shuffle; the kernel
// ends with a store that must happen.
#include <cstdio>

enum { LANES = 32 };

template <class T> __device__ T value(unsigned lane)
{
    return (T)((unsigned long long)(lane + 1) << 36 | (lane * 3 + 1));
}

template <class T>
__global__ void shuffles(T *out, int *done)
{
    unsigned lane = threadIdx.x;
    T v = value<T>(lane);
    out[0 * LANES + lane] = __shfl_sync(0xffffffffu, v, (lane + 5) % LANES);
    out[1 * LANES + lane] = __shfl_up_sync(0xffffffffu, v, 3);
    out[2 * LANES + lane] = __shfl_down_sync(0xffffffffu, v, 2);
    out[3 * LANES + lane] = __shfl_xor_sync(0xffffffffu, v, 9);
    out[4 * LANES + lane] = __shfl_sync(0xffffffffu, v, 7, 16);
    done[lane] = 1;
}

template <class T> static T host_value(unsigned lane)
{
    return (T)((unsigned long long)(lane + 1) << 36 | (lane * 3 + 1));
}

template <class T> static int check(const char *name)
{
    T *out;
    int *done, bad = 0;
    cudaMallocManaged(&out, 5 * LANES * sizeof(T));
    cudaMallocManaged(&done, LANES * sizeof(int));
    for (int i = 0; i < LANES; i++)
        done[i] = 0;
    shuffles<T><<<1, LANES>>>(out, done);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaSuccess) {
        printf("%s: %s\n", name, cudaGetErrorString(e));
        return 1;
    }
    for (unsigned l = 0; l < LANES; l++) {
        T want[5] = {
            host_value<T>((l + 5) % LANES),
            host_value<T>(l >= 3 ? l - 3 : l),
            host_value<T>(l + 2 < LANES ? l + 2 : l),
            host_value<T>(l ^ 9),
            host_value<T>((l & ~15u) + 7),
        };
        for (int k = 0; k < 5; k++)
            if (out[k * LANES + l] != want[k] && bad++ < 5)
                printf("%s: shuffle %d, lane %u: wrong value\n", name, k, l);
        if (!done[l] && bad++ < 5)
            printf("%s: lane %u did not finish the kernel\n", name, l);
    }
    cudaFree(out);
    cudaFree(done);
    return bad;
}

int main()
{
    int bad = check<unsigned long long>("unsigned long long") +
              check<long long>("long long") +
              check<unsigned long>("unsigned long") +
              check<long>("long") + check<double>("double");
    printf("%s shfl_64bit\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
