// copy.cl: the OpenCL C port of copy.cu, run by copy_ocl.c: the STREAM
// copy b[i] = a[i], one element per work-item.
__kernel void copy(__global float *b, __global const float *a, int n)
{
    int i = get_global_id(0);
    if (i < n)
        b[i] = a[i];
}
