// spmv.cl: the OpenCL C port of spmv.cu, run by spmv_ocl.c: y = A*x for
// a CSR sparse matrix, one work-item per row (the scalar CSR kernel).
__kernel void spmv(__global const int *row_start, __global const int *col,
                   __global const float *val, __global const float *x,
                   __global float *y, int rows)
{
    int row = get_global_id(0);
    if (row >= rows)
        return;
    float sum = 0.0f;
    for (int k = row_start[row]; k < row_start[row + 1]; k++)
        sum += val[k] * x[col[k]];
    y[row] = sum;
}
