// triad.cl: the OpenCL C port of triad.cu, run by triad_ocl.c: the STREAM
// triad a[i] = b[i] + s*c[i], one element per work-item.
__kernel void triad(__global float *a, __global const float *b,
                    __global const float *c, float s, int n)
{
    int i = get_global_id(0);
    if (i < n)
        a[i] = b[i] + s * c[i];
}
