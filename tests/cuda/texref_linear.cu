// texref_linear.cu: a 1D texture reference over linear memory, as CUDA 11
// programs used them: cudaBindTexture at an unaligned pointer (the offset
// comes back and the kernel adds it), rebinding between two launches,
// cudaUnbindTexture (reads give zero), the alignment-offset and
// reference queries, and the errors CUDA documents for bad arguments.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL texref_linear\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)
#define EXPECT(cond) do { if (!(cond)) { \
    printf("%s:%d: %s\nFAIL texref_linear\n", __FILE__, __LINE__, #cond); \
    exit(1); } } while (0)

enum { N = 256, SKIP = 3 };

texture<float, 1, cudaReadModeElementType> tex_f;
texture<int, 1> tex_i; // the default read mode

__global__ void fetch_f(float *out, int shift)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    out[i] = tex1Dfetch(tex_f, i + shift);
}

__global__ void fetch_i(int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    out[i] = tex1Dfetch(tex_i, i) * 2;
}

static void run_f(float *d_out, float *h_out, int shift)
{
    fetch_f<<<N / 64, 64>>>(d_out, shift);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_out, d_out, N * sizeof(float),
                     cudaMemcpyDeviceToHost));
}

int main()
{
    float h_a[N + SKIP], h_b[N], h_out[N];
    int h_i[N], h_iout[N];
    for (int i = 0; i < N + SKIP; i++)
        h_a[i] = 0.25f * i - 7.0f;
    for (int i = 0; i < N; i++) {
        h_b[i] = 1000.0f + i;
        h_i[i] = i * i - 50;
    }
    float *d_a, *d_b, *d_out;
    int *d_i, *d_iout;
    CHECK(cudaMalloc(&d_a, sizeof h_a));
    CHECK(cudaMalloc(&d_b, sizeof h_b));
    CHECK(cudaMalloc(&d_out, sizeof h_out));
    CHECK(cudaMalloc(&d_i, sizeof h_i));
    CHECK(cudaMalloc(&d_iout, sizeof h_iout));
    CHECK(cudaMemcpy(d_a, h_a, sizeof h_a, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_b, h_b, sizeof h_b, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_i, h_i, sizeof h_i, cudaMemcpyHostToDevice));

    // Bound SKIP floats into an allocation: the base is aligned down and
    // the offset says by how much; the kernel adds it back.
    size_t offset = 1;
    CHECK(cudaBindTexture(&offset, tex_f, d_a + SKIP, N * sizeof(float)));
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    EXPECT(offset == (size_t)(d_a + SKIP) % prop.textureAlignment);
    EXPECT(offset % sizeof(float) == 0 && offset >= SKIP * sizeof(float));
    size_t queried = 0;
    CHECK(cudaGetTextureAlignmentOffset(&queried, tex_f));
    EXPECT(queried == offset);
    run_f(d_out, h_out, (int)(offset / sizeof(float)));
    for (int i = 0; i < N; i++)
        EXPECT(h_out[i] == h_a[i + SKIP]);

    // Rebinding between launches: the next launch reads the new memory.
    // The explicit channel descriptor form, at an aligned pointer.
    cudaChannelFormatDesc fd = cudaCreateChannelDesc<float>();
    CHECK(cudaBindTexture(&offset, tex_f, d_b, fd, N * sizeof(float)));
    EXPECT(offset == 0);
    run_f(d_out, h_out, 0);
    for (int i = 0; i < N; i++)
        EXPECT(h_out[i] == h_b[i]);
    // Past the end reads zero, as a fetch outside the bound range does.
    run_f(d_out, h_out, 8);
    for (int i = 0; i < N; i++)
        EXPECT(h_out[i] == (i + 8 < N ? h_b[i + 8] : 0.0f));

    // Two launches queued back to back with a rebind between them.
    CHECK(cudaBindTexture(NULL, tex_f, d_a, N * sizeof(float)));
    fetch_f<<<N / 64, 64>>>(d_out, 0);
    CHECK(cudaBindTexture(NULL, tex_f, d_b, N * sizeof(float)));
    float *d_out2;
    CHECK(cudaMalloc(&d_out2, sizeof h_out));
    fetch_f<<<N / 64, 64>>>(d_out2, 0);
    CHECK(cudaMemcpy(h_out, d_out, sizeof h_out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        EXPECT(h_out[i] == h_a[i]);
    CHECK(cudaMemcpy(h_out, d_out2, sizeof h_out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        EXPECT(h_out[i] == h_b[i]);

    // Unbound: reads are zero and there is no offset to ask for.
    CHECK(cudaUnbindTexture(tex_f));
    run_f(d_out, h_out, 0);
    for (int i = 0; i < N; i++)
        EXPECT(h_out[i] == 0.0f);
    EXPECT(cudaGetTextureAlignmentOffset(&queried, tex_f) ==
           cudaErrorInvalidTextureBinding);
    cudaGetLastError();

    // A second reference of another type, bound without an offset.
    CHECK(cudaBindTexture(NULL, tex_i, d_i, sizeof h_i));
    fetch_i<<<N / 64, 64>>>(d_iout);
    CHECK(cudaMemcpy(h_iout, d_iout, sizeof h_iout, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        EXPECT(h_iout[i] == h_i[i] * 2);

    // cudaGetTextureReference: the reference of a texture symbol.
    const textureReference *ref = NULL;
    CHECK(cudaGetTextureReference(&ref, &tex_i));
    EXPECT(ref == &tex_i);
    EXPECT(ref->channelDesc.x == 32 &&
           ref->channelDesc.f == cudaChannelFormatKindSigned);

    // Bad arguments get CUDA's errors.
    EXPECT(cudaBindTexture(NULL, tex_f, d_a + 1, sizeof(float)) ==
           cudaErrorInvalidValue); // unaligned, nowhere to say so
    EXPECT(cudaBindTexture(NULL, tex_f, NULL, 4) == cudaErrorInvalidValue);
    float host_var = 0;
    EXPECT(cudaGetTextureReference(&ref, &host_var) ==
           cudaErrorInvalidTexture);
    EXPECT(cudaBindTexture(NULL, (const textureReference *)&host_var, d_a,
                           &fd, 4) == cudaErrorInvalidTexture);
    EXPECT(cudaUnbindTexture(NULL) == cudaErrorInvalidTexture);
    cudaGetLastError();

    cudaFree(d_a);
    cudaFree(d_b);
    cudaFree(d_out);
    cudaFree(d_out2);
    cudaFree(d_i);
    cudaFree(d_iout);
    printf("PASS texref_linear\n");
    return 0;
}
