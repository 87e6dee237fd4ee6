// std_headers.cu: every C++17 standard header with cuda_runtime.h in one
// CUDA file, and host code using std::shared_ptr, so that std_headers.sh
// can check CUDA's qualifiers (host_defines.h) leave the C++ library alone:
// libstdc++ writes __attribute__((__noinline__)) in <memory>.
// Prints PASS when the kernels' results are right.
#include <cuda_runtime.h>

#include <algorithm>
#include <any>
#include <array>
#include <atomic>
#include <bitset>
#include <chrono>
#include <codecvt>
#include <complex>
#include <condition_variable>
#include <deque>
#include <exception>
#include <execution>
#include <filesystem>
#include <forward_list>
#include <fstream>
#include <functional>
#include <future>
#include <initializer_list>
#include <iomanip>
#include <ios>
#include <iosfwd>
#include <iostream>
#include <istream>
#include <iterator>
#include <limits>
#include <list>
#include <locale>
#include <map>
#include <memory>
// libc++ 14 has no <memory_resource>, <cstdalign> or <cuchar> yet; every
// other header must be there (_LIBCPP_VERSION is set by <algorithm>).
#if !defined(_LIBCPP_VERSION) || __has_include(<memory_resource>)
#include <memory_resource>
#endif
#include <mutex>
#include <new>
#include <numeric>
#include <optional>
#include <ostream>
#include <queue>
#include <random>
#include <ratio>
#include <regex>
#include <scoped_allocator>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <stack>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <strstream>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <valarray>
#include <variant>
#include <vector>

#include <cassert>
#include <ccomplex>
#include <cctype>
#include <cerrno>
#include <cfenv>
#include <cfloat>
#include <cinttypes>
#include <ciso646>
#include <climits>
#include <clocale>
#include <cmath>
#include <csetjmp>
#include <csignal>
#if !defined(_LIBCPP_VERSION) || __has_include(<cstdalign>)
#include <cstdalign>
#endif
#include <cstdarg>
#include <cstdbool>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctgmath>
#include <ctime>
#if !defined(_LIBCPP_VERSION) || __has_include(<cuchar>)
#include <cuchar>
#endif
#include <cwchar>
#include <cwctype>

#include <assert.h>
#include <complex.h>
#include <ctype.h>
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <iso646.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>
#include <time.h>
#include <uchar.h>
#include <wchar.h>
#include <wctype.h>

// Named after a library type: the PTX and the host object must agree on
// the name, so both passes must have read the same C++ library.
template <class Base> __global__ void put(int *p)
{
    p[threadIdx.x] = Base::value + (int)threadIdx.x;
}

// CUDA's own use of __noinline__ must still mean "keep this a call".
__device__ __noinline__ int twice(int x) { return 2 * x; }

__global__ void double_all(int *p) { p[threadIdx.x] = twice(p[threadIdx.x]); }

int main()
{
    const int n = 32;
    auto host = std::make_shared<std::vector<int>>(n, 0);
    std::shared_ptr<int> dev(nullptr, [](int *p) { cudaFree(p); });
    int *raw = nullptr;
    if (cudaMalloc(&raw, n * sizeof(int)) != cudaSuccess) {
        std::printf("FAIL cudaMalloc\n");
        return 1;
    }
    dev.reset(raw, [](int *p) { cudaFree(p); });
    put<std::integral_constant<int, 5>><<<1, n>>>(dev.get());
    double_all<<<1, n>>>(dev.get());
    cudaError_t err = cudaMemcpy(host->data(), dev.get(), n * sizeof(int),
                                 cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        std::printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    for (int i = 0; i < n; i++)
        if ((*host)[i] != 2 * (5 + i)) {
            std::printf("FAIL element %d is %d, not %d\n", i, (*host)[i],
                        2 * (5 + i));
            return 1;
        }
    std::printf("PASS\n");
    return 0;
}
