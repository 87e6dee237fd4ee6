// histogram.cl: the OpenCL C port of histogram.cu, run by
// histogram_ocl.c: a 256-bin histogram with one local-memory histogram per
// work-group (atomic_inc on local memory) merged into the global one with
// atomic_add.  BINS comes from the host's build options.

// Grid-stride over the input; the local atomics stay inside the group, and
// each group adds its non-empty bins to the global histogram once.
__kernel void histogram(__global const uchar *in, __global uint *bins,
                        int n)
{
    __local uint local_bins[BINS];
    int t = get_local_id(0), size = get_local_size(0);
    for (int b = t; b < BINS; b += size)
        local_bins[b] = 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = get_global_id(0); i < n; i += get_global_size(0))
        atomic_inc(&local_bins[in[i]]);
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int b = t; b < BINS; b += size)
        if (local_bins[b] != 0)
            atomic_add(&bins[b], local_bins[b]);
}
