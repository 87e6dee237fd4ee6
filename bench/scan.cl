// scan.cl: the OpenCL C port of scan.cu, run by scan_ocl.c: inclusive
// prefix sum in three launches: a work-efficient (Blelloch) scan of each
// SEG-element segment in local memory, a scan of the segment sums in one
// work-group, and the addition of each segment's offset.  SEG comes from
// the host's build options; SEG / 2 work-items scan one segment.

// Exclusive scan of s[0..SEG) in place by SEG / 2 work-items (t is the
// local id): an up-sweep builds partial sums in a tree, the root moves to
// s[SEG] as the total and is replaced by zero, and a down-sweep pushes the
// prefixes back down.  Ends with a barrier, so every work-item may read
// the result and s[SEG].  The whole group must call it.
void scan_segment(__local int *s, int t)
{
    int off = 1;
    for (int d = SEG / 2; d > 0; d /= 2) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (t < d)
            s[off * (2 * t + 2) - 1] += s[off * (2 * t + 1) - 1];
        off *= 2;
    }
    if (t == 0) { /* the work-item that added the root last */
        s[SEG] = s[SEG - 1];
        s[SEG - 1] = 0;
    }
    for (int d = 1; d < SEG; d *= 2) {
        off /= 2;
        barrier(CLK_LOCAL_MEM_FENCE);
        if (t < d) {
            int i = off * (2 * t + 1) - 1, j = off * (2 * t + 2) - 1;
            int v = s[i];
            s[i] = s[j];
            s[j] += v;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

// Launch 1: group b scans segment b of in into out (without the earlier
// segments) and stores the segment's total in sums[b].
__kernel void scan_segments(__global const int *in, __global int *out,
                            __global int *sums)
{
    __local int s[SEG + 1];
    int t = get_local_id(0), base = get_group_id(0) * SEG;
    int a = in[base + t], b = in[base + t + SEG / 2];
    s[t] = a;
    s[t + SEG / 2] = b;
    scan_segment(s, t);
    out[base + t] = s[t] + a;
    out[base + t + SEG / 2] = s[t + SEG / 2] + b;
    if (t == 0)
        sums[get_group_id(0)] = s[SEG];
}

// Launch 2, one group: the inclusive scan of sums[0..n) in place, SEG at
// a time with a running carry.
__kernel void scan_sums(__global int *sums, int n)
{
    __local int s[SEG + 1];
    int t = get_local_id(0), carry = 0;
    for (int base = 0; base < n; base += SEG) {
        int i = base + t, j = base + t + SEG / 2;
        int a = i < n ? sums[i] : 0, b = j < n ? sums[j] : 0;
        s[t] = a;
        s[t + SEG / 2] = b;
        scan_segment(s, t);
        if (i < n)
            sums[i] = carry + s[t] + a;
        if (j < n)
            sums[j] = carry + s[t + SEG / 2] + b;
        carry += s[SEG];
        barrier(CLK_LOCAL_MEM_FENCE); /* all have read s before the next */
    }
}

// Launch 3: segment b > 0 adds the total of segments 0..b-1.
__kernel void add_offsets(__global int *out, __global const int *sums)
{
    int g = get_group_id(0), t = get_local_id(0);
    if (g == 0)
        return;
    int base = g * SEG, off = sums[g - 1];
    out[base + t] += off;
    out[base + t + SEG / 2] += off;
}
