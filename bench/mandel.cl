// mandel.cl: the OpenCL C port of mandel.cu, run by mandel_ocl.c:
// iteration counts of the Mandelbrot set in 16x16 work-groups.  W, H and
// MAX_ITER come from the host's build options, the window (x0, y0, step)
// as arguments, computed there from mandel.h.

// mandel.h's iterations(), the loop the host's check reruns.
int iterations(float cr, float ci)
{
    float zr = 0.0f, zi = 0.0f;
    int iter = 0;
    while (iter < MAX_ITER && zr * zr + zi * zi <= 4.0f) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        iter++;
    }
    return iter;
}

__kernel void mandel(__global int *out, float x0, float y0, float step)
{
    int px = get_global_id(0), py = get_global_id(1);
    if (px < W && py < H)
        out[py * W + px] = iterations(x0 + px * step, y0 + py * step);
}
