// half_precision.cu: cuda_fp16.h's conversions on the device: every one of the
// 65536 half bit patterns to float and to every integer type in every
// rounding, floats, doubles and integers next to every half and every
// midpoint to half in every rounding; __half/__half2 warp shuffles and
// atomicAdd; and the host side of the header
// against the independent host reference of fp16_ref.h; the checks and
// their tolerances are in fp16_test.h.
#include "half_ops.h"

int main()
{
    // The host side of the header gives the same bits as the device.
    __half h = __float2half(1.0f / 3.0f);
    if (__half_as_ushort(h) != 0x3555 ||
        __half2float(h + h) != 0.66650390625f ||
        __half2int_rn(__float2half(2.5f)) != 2 || !(h < __float2half(0.5f)) ||
        __half_as_ushort(__hfma(h, h, h)) != 0x371c ||
        __half_as_ushort(CUDART_INF_FP16) != 0x7c00 ||
        __half_as_ushort(CUDART_MAX_NORMAL_FP16) != 0x7bff ||
        __half_as_ushort(CUDART_NAN_FP16) != 0x7fff ||
        __half2float(CUDART_ONE_FP16) != 1.0f ||
        __half2float(CUDART_MIN_DENORM_FP16) != 5.9604644775390625e-8f) {
        printf("FAIL half_precision: host functions\n");
        return 1;
    }
    return run_conversions<HalfOps>("half_precision");
}
