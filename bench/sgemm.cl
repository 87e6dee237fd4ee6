// sgemm.cl: the OpenCL C port of sgemm.cu, run by sgemm_ocl.c: C = A*B
// for square float matrices with TILE x TILE local-memory tiles and
// barriers.  TILE comes from the host's build options.

// Each group computes one TILE x TILE tile of C; each step stages one tile
// of A and one of B in local memory, and all work-items read them there.
// n must be a multiple of TILE (the host checks).
__kernel void sgemm(__global const float *a, __global const float *b,
                    __global float *c, int n)
{
    __local float as[TILE][TILE];
    __local float bs[TILE][TILE];
    int tx = get_local_id(0), ty = get_local_id(1);
    int row = get_group_id(1) * TILE + ty, col = get_group_id(0) * TILE + tx;
    float sum = 0.0f;
    for (int t = 0; t < n; t += TILE) {
        as[ty][tx] = a[row * n + t + tx];
        bs[ty][tx] = b[(t + ty) * n + col];
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TILE; k++)
            sum += as[ty][k] * bs[k][tx];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    c[row * n + col] = sum;
}
