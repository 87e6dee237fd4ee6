// softmax.cl: the OpenCL C port of softmax.cu, run by softmax_ocl.c: row
// softmax, one warp of 32 work-items per row, 8 rows per group.  OpenCL C
// 1.2 has no warp shuffles, and PoCL 3.1 offers no sub-groups (clinfo:
// "Max sub-groups per work group 0", no cl_khr_subgroups), so each
// __shfl_xor_sync step of the maximum and the sum becomes a store to local
// memory, a barrier and a load of the partner's (t ^ off) value: the same
// butterfly, so every lane ends with the row's result as on CUDA.  BLOCK
// (the work-group size, a multiple of 32) and COLS (the row length, a
// multiple of 32) come from the host's build options.
#define WARP 32
#define PER_LANE (COLS / WARP)

// The butterfly over the work-item's warp; s holds one float per
// work-item.  Every work-item of the group must call these (barriers).
float warp_max(__local float *s, float v)
{
    int t = get_local_id(0);
    for (int off = WARP / 2; off > 0; off /= 2) {
        s[t] = v;
        barrier(CLK_LOCAL_MEM_FENCE);
        v = fmax(v, s[t ^ off]);
        barrier(CLK_LOCAL_MEM_FENCE); /* all have read s before the next */
    }
    return v;
}

float warp_sum(__local float *s, float v)
{
    int t = get_local_id(0);
    for (int off = WARP / 2; off > 0; off /= 2) {
        s[t] = v;
        barrier(CLK_LOCAL_MEM_FENCE);
        v += s[t ^ off];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return v;
}

// Lane l holds the row's elements l, l + 32, ... in registers, so the row
// is read once and written once; the maximum is subtracted before exp as
// usual, then each element is scaled by 1 / sum.  softmax.cu returns
// early for a row past the end; here such warps must still reach the
// barriers, so they only skip the loads and stores (rows is a multiple of
// the rows per group in the benchmark, so none exists there).
__kernel void softmax(__global const float *in, __global float *out,
                      int rows)
{
    __local float s[BLOCK];
    int t = get_local_id(0);
    int row = get_group_id(0) * (BLOCK / WARP) + t / WARP, lane = t % WARP;
    int live = row < rows;
    __global const float *src = in + (size_t)row * COLS;
    float v[PER_LANE];
    float m = live ? src[lane] : 0.0f;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = live ? src[k * WARP + lane] : 0.0f;
        m = fmax(m, v[k]);
    }
    m = warp_max(s, m);
    float sum = 0.0f;
#pragma unroll
    for (int k = 0; k < PER_LANE; k++) {
        v[k] = exp(v[k] - m);
        sum += v[k];
    }
    sum = warp_sum(s, sum);
    float inv = 1.0f / sum;
    __global float *dst = out + (size_t)row * COLS;
    if (live) {
#pragma unroll
        for (int k = 0; k < PER_LANE; k++)
            dst[k * WARP + lane] = v[k] * inv;
    }
}
