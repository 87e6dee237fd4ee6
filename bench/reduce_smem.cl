// reduce_smem.cl: the OpenCL C port of reduce_smem.cu, run by
// reduce_smem_ocl.c: sum of 16M floats with the classic local-memory tree
// (two elements per work-item, halving strides, a barrier at each step).
// BLOCK (the work-group size, a power of two) comes from the host's build
// options.

// Each work-item first adds the elements i and i + BLOCK of its group's
// span of 2 * BLOCK, striding over the grid when the grid is smaller than
// the input (the second launch), then the group halves the active
// work-items at each step.  out[group] gets the group's sum.
__kernel void reduce_smem(__global const float *in, __global float *out,
                          unsigned n)
{
    __local float sdata[BLOCK];
    unsigned tid = get_local_id(0), size = get_local_size(0);
    float v = 0.0f;
    for (unsigned i = get_group_id(0) * size * 2 + tid; i < n;
         i += get_num_groups(0) * size * 2) {
        v += in[i];
        if (i + size < n)
            v += in[i + size];
    }
    sdata[tid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (unsigned s = size / 2; s > 0; s >>= 1) {
        if (tid < s)
            sdata[tid] += sdata[tid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (tid == 0)
        out[get_group_id(0)] = sdata[0];
}
