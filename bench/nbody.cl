// nbody.cl: the OpenCL C port of nbody.cu, run by nbody_ocl.c: all-pairs
// gravitational acceleration, positions tiled through local memory, one
// work-item per body.  BLOCK (the work-group size) and EPS2 come from the
// host's build options.

// Each step stages BLOCK bodies (x, y, z, mass) in local memory and every
// work-item of the group accumulates their pull on its own body.  A body's
// pull on itself is zero (dx = dy = dz = 0 with eps^2 > 0), so no test is
// needed.  n must be a multiple of BLOCK (it is).
__kernel void nbody(__global const float4 *pos, __global float4 *acc, int n)
{
    __local float4 tile[BLOCK];
    int i = get_global_id(0), t = get_local_id(0);
    float4 p = pos[i];
    float ax = 0.0f, ay = 0.0f, az = 0.0f;
    for (int base = 0; base < n; base += BLOCK) {
        tile[t] = pos[base + t];
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int j = 0; j < BLOCK; j++) {
            float4 q = tile[j];
            float dx = q.x - p.x, dy = q.y - p.y, dz = q.z - p.z;
            float inv = rsqrt(dx * dx + dy * dy + dz * dz + EPS2);
            float s = q.w * inv * inv * inv;
            ax += dx * s;
            ay += dy * s;
            az += dz * s;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    acc[i] = (float4)(ax, ay, az, 0.0f);
}
