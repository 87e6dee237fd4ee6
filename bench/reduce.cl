// reduce.cl: the OpenCL C port of reduce.cu, run by reduce_ocl.c: sum of
// 16M floats, grid-stride partial sums, a tree in each warp of 32
// work-items, then a tree over the warps' sums.  OpenCL C 1.2 has no warp
// shuffles, and PoCL 3.1 offers no sub-groups (clinfo: "Max sub-groups per
// work group 0", no cl_khr_subgroups), so each __shfl_down_sync step
// becomes a store to local memory, a barrier and a load of the partner's
// value, in the same order of additions.  BLOCK (the work-group size, a
// multiple of 32) comes from the host's build options.
#define WARP 32

// The sum of v over the work-item's warp, valid in its lane 0, as
// reduce.cu's warp_sum: lane l adds lane l + off's value; lanes whose
// partner lies past the warp keep theirs (they are not read any more).
// s holds one float per work-item; every work-item of the group must call
// it, as it contains barriers.
float warp_sum(__local float *s, float v)
{
    int t = get_local_id(0), lane = t % WARP;
    for (int off = WARP / 2; off > 0; off /= 2) {
        s[t] = v;
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lane + off < WARP)
            v += s[t + off];
        barrier(CLK_LOCAL_MEM_FENCE); /* all have read s before the next */
    }
    return v;
}

// out[group] gets the group's sum, so a second launch with one group
// finishes the job.  The second tree runs in every warp, because a barrier
// must be reached by the whole group; only warp 0's result is stored.
__kernel void reduce(__global const float *in, __global float *out, int n)
{
    __local float s[BLOCK];
    __local float warps[BLOCK / WARP];
    int t = get_local_id(0), lane = t % WARP, warp = t / WARP;
    float v = 0.0f;
    for (int i = get_global_id(0); i < n; i += get_global_size(0))
        v += in[i];
    v = warp_sum(s, v);
    if (lane == 0)
        warps[warp] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    v = lane < BLOCK / WARP ? warps[lane] : 0.0f;
    v = warp_sum(s, v);
    if (t == 0)
        out[get_group_id(0)] = v;
}
