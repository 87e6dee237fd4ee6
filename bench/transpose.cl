// transpose.cl: the OpenCL C port of transpose.cu, run by
// transpose_ocl.c: out = in^T through a TILE x (TILE + 1) local-memory
// tile with TILE x ROWS work-groups.  TILE and ROWS come from the host's
// build options.

// A group reads a TILE x TILE tile row by row (coalesced) into local
// memory and writes it to the mirrored tile, again row by row, reading the
// local tile down its columns; the extra column keeps those column reads
// off a single bank on a GPU, and costs nothing on a CPU.
__kernel void transpose(__global const float *in, __global float *out,
                        int n)
{
    __local float tile[TILE][TILE + 1];
    int tx = get_local_id(0), ty = get_local_id(1);
    int bx = get_group_id(0), by = get_group_id(1);
    int x = bx * TILE + tx, y = by * TILE + ty;
    for (int j = 0; j < TILE; j += ROWS)
        tile[ty + j][tx] = in[(y + j) * n + x];
    barrier(CLK_LOCAL_MEM_FENCE);
    x = by * TILE + tx;
    y = bx * TILE + ty;
    for (int j = 0; j < TILE; j += ROWS)
        out[(y + j) * n + x] = tile[tx][ty + j];
}
