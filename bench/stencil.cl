// stencil.cl: the OpenCL C port of stencil.cu, run by stencil_ocl.c: one
// Jacobi step of a 5-point stencil, out = 0.25*(N+S+E+W) at interior
// points, neighbours read straight from global memory.

// One work-item per point; the boundary rows and columns are left alone.
__kernel void stencil(__global const float *in, __global float *out, int n)
{
    int x = get_global_id(0), y = get_global_id(1);
    if (x > 0 && x < n - 1 && y > 0 && y < n - 1) {
        int i = y * n + x;
        out[i] = 0.25f * ((in[i - n] + in[i + n]) + (in[i - 1] + in[i + 1]));
    }
}
