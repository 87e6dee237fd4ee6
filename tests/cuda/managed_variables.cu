// managed_variables.cu: __managed__ variables, which host and device code
// both read and write as one piece of memory: the initialiser seen by the
// host before any CUDA call, host writes seen by a kernel, a kernel's
// atomics and stores seen by the host after a synchronisation, a managed
// variable's host address used by a kernel, the symbol calls
// (cudaMemcpyToSymbol/FromSymbol, cudaGetSymbolAddress/Size) and
// cudaPointerGetAttributes, which says managed.
#include <cuda_runtime.h>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL managed_variables\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)
#define EXPECT(cond) do { if (!(cond)) { \
    printf("%s:%d: expected %s\n", __FILE__, __LINE__, #cond); bad++; } \
    } while (0)

struct stats {
    int count;
    float sum;
};

__managed__ int counter = 5;
__managed__ float data[1000];
__managed__ stats totals = {1, 0.5f};
__managed__ int table[4] = {10, 20, 30, 40};

__global__ void count_and_scale(float factor)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < 1000) {
        data[i] *= factor;
        atomicAdd(&counter, 1);
        atomicAdd(&totals.count, 1);
        atomicAdd(&totals.sum, 1.0f);
    }
}

__global__ void through_pointer(int *counter_address, int add)
{
    if (threadIdx.x == 0)
        *counter_address += add;
    table[threadIdx.x] = 2 * table[threadIdx.x] + threadIdx.x;
}

__global__ void read_into(int *out)
{
    out[threadIdx.x] = table[threadIdx.x];
}

int main()
{
    int bad = 0;
    // Before any CUDA call: the initialisers, as host code sees them.
    EXPECT(counter == 5);
    EXPECT(totals.count == 1 && totals.sum == 0.5f);
    EXPECT(table[0] == 10 && table[3] == 40);
    EXPECT(data[999] == 0.0f);

    for (int i = 0; i < 1000; i++)
        data[i] = (float)i;
    counter = 100; // a host write the kernel must see
    count_and_scale<<<4, 256>>>(3.0f);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    EXPECT(counter == 1100);
    EXPECT(totals.count == 1001 && totals.sum == 1000.5f);
    for (int i = 0; i < 1000; i++)
        if (data[i] != 3.0f * i) {
            printf("data[%d] = %g, want %g\n", i, data[i], 3.0f * i);
            bad++;
            break;
        }

    through_pointer<<<1, 4>>>(&counter, 7);
    CHECK(cudaDeviceSynchronize());
    EXPECT(counter == 1107);
    EXPECT(table[0] == 20 && table[1] == 41 && table[3] == 83);

    // The symbol calls reach the same memory.
    int value = 0;
    CHECK(cudaMemcpyFromSymbol(&value, counter, sizeof value));
    EXPECT(value == 1107);
    int fresh[4] = {1, 2, 3, 4};
    CHECK(cudaMemcpyToSymbol(table, fresh, sizeof fresh));
    EXPECT(table[2] == 3);
    table[3] = 44; // and a host write after them
    int *seen;
    CHECK(cudaMalloc(&seen, 4 * sizeof(int)));
    read_into<<<1, 4>>>(seen);
    int back[4];
    CHECK(cudaMemcpy(back, seen, sizeof back, cudaMemcpyDeviceToHost));
    EXPECT(back[0] == 1 && back[1] == 2 && back[2] == 3 && back[3] == 44);

    void *address = nullptr;
    size_t size = 0;
    CHECK(cudaGetSymbolAddress(&address, counter));
    CHECK(cudaGetSymbolSize(&size, data));
    EXPECT(address == (void *)&counter);
    EXPECT(size == sizeof data);
    cudaPointerAttributes attributes;
    CHECK(cudaPointerGetAttributes(&attributes, &data[10]));
    EXPECT(attributes.type == cudaMemoryTypeManaged);
    EXPECT(attributes.hostPointer == (void *)&data[10] &&
           attributes.devicePointer == (void *)&data[10]);

    // A kernel given a managed variable's address as an argument.
    read_into<<<1, 4>>>(&table[0]);
    CHECK(cudaDeviceSynchronize());
    EXPECT(table[1] == 2);

    CHECK(cudaFree(seen));
    printf("%s managed_variables\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
