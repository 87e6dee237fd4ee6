// bfloat16.cu: cuda_bf16.h's conversions on the device: every one of the
// 65536 bfloat16 bit patterns to float and to every integer type in every
// rounding, floats, doubles and integers next to every bfloat16 and every
// midpoint to bfloat16 in every rounding; shuffles and atomicAdd; and
// the host side of the header
// against the independent host reference of fp16_ref.h; the checks and
// their tolerances are in fp16_test.h.
#include "bf16_ops.h"

int main()
{
    // The host side of the header gives the same bits as the device.
    __nv_bfloat16 h = __float2bfloat16(1.0f / 3.0f);
    if (__bfloat16_as_ushort(h) != 0x3eab ||
        __bfloat162float(h + h) != 0.66796875f ||
        __bfloat162int_rn(__float2bfloat16(2.5f)) != 2 ||
        !(h < __float2bfloat16(0.5f)) ||
        __bfloat16_as_ushort(CUDART_INF_BF16) != 0x7f80 ||
        __bfloat16_as_ushort(CUDART_MAX_NORMAL_BF16) != 0x7f7f ||
        __bfloat16_as_ushort(CUDART_NAN_BF16) != 0x7fff ||
        __bfloat162float(CUDART_ONE_BF16) != 1.0f ||
        __bfloat16_as_ushort(__hfma(h, h, h)) != 0x3ee4) {
        printf("FAIL bfloat16: host functions\n");
        return 1;
    }
    return run_conversions<Bf16Ops>("bfloat16");
}
