/* cooperative_groups.h: CUDA's cooperative groups on cux, written on the
 * warp intrinsics clang provides (__syncthreads, __syncwarp, __shfl_*_sync,
 * __ballot_sync, __activemask).
 *
 * Supported: this_thread_block() and thread_block; tiled_partition<N> and
 * thread_block_tile<N> for N a power of two up to 32 (shfl, shfl_up,
 * shfl_down, shfl_xor, any, all, ballot, match_any, match_all, sync,
 * thread_rank, size, num_threads, meta_group_rank, meta_group_size);
 * tiled_partition(parent, n) at run time as a thread_group;
 * coalesced_threads() (size, thread_rank, sync, shfl, any, all, ballot,
 * match_any, match_all); labeled_partition() and
 * binary_partition() of a tile or coalesced group; invoke_one() and
 * invoke_one_broadcast(); this_grid(): ranks,
 * sizes, is_valid(), sync() and barrier_arrive()/barrier_wait() in a
 * cooperative launch; sync(), thread_rank() and group_size() as free
 * functions.  cg::reduce and the scans are in cooperative_groups/reduce.h
 * and cooperative_groups/scan.h, as in CUDA.
 *
 * memcpy_async, wait and wait_prior are in cooperative_groups/memcpy_async.h,
 * as in CUDA.  Tiles of 64 to 1024 threads (whole warps) have ranks,
 * sizes, sync (a named barrier per tile) and reduce/scan;
 * block_tile_memory is accepted, as sm_80 accepts it.
 *
 * Threads form warps in the order of their linear index in the block,
 * so a thread's lane is that index modulo 32 and a tile of N threads is
 * N consecutive lanes. */
#ifndef CUX_COOPERATIVE_GROUPS_H
#define CUX_COOPERATIVE_GROUPS_H

#if defined(__CUDACC__)

#define CUX_CG_DEV __device__ __inline__ __attribute__((always_inline))

namespace cooperative_groups {

namespace details {

CUX_CG_DEV unsigned block_rank()
{
    return threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
}

CUX_CG_DEV unsigned block_threads()
{
    return blockDim.x * blockDim.y * blockDim.z;
}

CUX_CG_DEV unsigned lane()
{
    return block_rank() & 31;
}

/* The lanes of the tile of `size` threads (a power of two up to 32) that
 * holds the calling thread. */
CUX_CG_DEV unsigned tile_mask(unsigned size)
{
    return size >= 32 ? 0xffffffffu
                      : ((1u << size) - 1) << (lane() & ~(size - 1));
}

/* A shuffle of any copyable type, 32 bits at a time, as CUDA's tile
 * shuffles take structs (uint4, a user's pair) as well as numbers. */
template <class T, class Shuffle>
CUX_CG_DEV T shuffle_words(const T &var, Shuffle one)
{
    unsigned words[(sizeof(T) + 3) / 4] = {};
    __builtin_memcpy(words, &var, sizeof(T));
    for (unsigned i = 0; i < (sizeof(T) + 3) / 4; i++)
        words[i] = one(words[i]);
    T result;
    __builtin_memcpy(&result, words, sizeof(T));
    return result;
}

/* For static_assert in templates that must not be instantiated. */
template <class T> struct unsupported {
    static const bool value = false;
};

enum group_kind { block_group, tile_group, coalesced_kind, multi_tile_group };

/* A barrier for the warps of a tile of `size` threads (a power of two
 * above 32): named barrier 16 + the tile's index, which the CPU device
 * keeps beside PTX's 0-15 (a block has at most 16 such tiles), for the
 * tile's threads that exist. */
CUX_CG_DEV void tile_barrier(unsigned size)
{
    unsigned first = block_rank() & ~(size - 1);
    unsigned left = (block_threads() - first + 31) & ~31u;
    unsigned count = left < size ? left : size;
    asm volatile("barrier.sync %0, %1;" ::"r"(16 + first / size), "r"(count)
                 : "memory");
}

} // namespace details

/* A group whose kind and size are known at run time: a block, a tile of
 * it or the coalesced threads of a warp. */
class thread_group {
protected:
    unsigned kind_, size_, mask_;

public:
    CUX_CG_DEV thread_group(unsigned kind, unsigned size, unsigned mask)
        : kind_(kind), size_(size), mask_(mask) {}
    CUX_CG_DEV unsigned long long size() const
    {
        return kind_ == details::block_group ? details::block_threads() : size_;
    }
    CUX_CG_DEV unsigned long long num_threads() const { return size(); }
    CUX_CG_DEV unsigned long long thread_rank() const
    {
        if (kind_ == details::block_group)
            return details::block_rank();
        if (kind_ == details::tile_group)
            return details::lane() & (size_ - 1);
        if (kind_ == details::multi_tile_group)
            return details::block_rank() & (size_ - 1);
        return __popc(mask_ & ((1u << details::lane()) - 1));
    }
    CUX_CG_DEV void sync() const
    {
        if (kind_ == details::block_group)
            __syncthreads();
        else if (kind_ == details::multi_tile_group)
            details::tile_barrier(size_);
        else
            __syncwarp(mask_);
    }
    CUX_CG_DEV bool is_valid() const { return true; }
    /* The warp's lanes in the group (a tile or coalesced group). */
    CUX_CG_DEV unsigned lanes() const { return mask_; }
};

class thread_block : public thread_group {
public:
    CUX_CG_DEV thread_block()
        : thread_group(details::block_group, 0, 0xffffffffu) {}
    CUX_CG_DEV static void sync() { __syncthreads(); }
    CUX_CG_DEV static unsigned thread_rank() { return details::block_rank(); }
    CUX_CG_DEV static unsigned size() { return details::block_threads(); }
    CUX_CG_DEV static unsigned num_threads() { return details::block_threads(); }
    CUX_CG_DEV static dim3 group_index() { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
    CUX_CG_DEV static dim3 thread_index() { return dim3(threadIdx.x, threadIdx.y, threadIdx.z); }
    CUX_CG_DEV static dim3 group_dim() { return dim3(blockDim.x, blockDim.y, blockDim.z); }
    CUX_CG_DEV static dim3 dim_threads() { return group_dim(); }
};

CUX_CG_DEV thread_block this_thread_block() { return thread_block(); }

/* Scratch that tiles of more than a warp need on GPUs before sm_80, in
 * shared memory.  cux's collectives over such tiles keep their own, so
 * the block accepts it and leaves it alone (as sm_80 and later do). */
template <unsigned MaxBlockSize = 1024> struct block_tile_memory {
    static_assert(MaxBlockSize >= 32 && MaxBlockSize <= 1024,
                  "block_tile_memory: MaxBlockSize from 32 to 1024");
    unsigned char scratch[sizeof(unsigned long long) * (MaxBlockSize / 32)];
};

template <unsigned MaxBlockSize>
CUX_CG_DEV thread_block this_thread_block(block_tile_memory<MaxBlockSize> &)
{
    return thread_block();
}

template <unsigned Size, typename ParentT = void> class thread_block_tile;

namespace details {

/* A tile of Size consecutive threads of a block, within one warp. */
template <unsigned Size> class warp_tile : public thread_group {
    static_assert(Size >= 1 && Size <= 32 && (Size & (Size - 1)) == 0,
                  "thread_block_tile: the size must be a power of two");

public:
    CUX_CG_DEV warp_tile()
        : thread_group(details::tile_group, Size, details::tile_mask(Size)) {}
    CUX_CG_DEV static constexpr unsigned size() { return Size; }
    CUX_CG_DEV static constexpr unsigned num_threads() { return Size; }
    CUX_CG_DEV static unsigned thread_rank() { return details::lane() & (Size - 1); }
    CUX_CG_DEV static unsigned meta_group_rank() { return details::block_rank() / Size; }
    CUX_CG_DEV static unsigned meta_group_size()
    {
        return (details::block_threads() + Size - 1) / Size;
    }
    CUX_CG_DEV void sync() const { __syncwarp(mask_); }
    template <class T> CUX_CG_DEV T shfl(T var, int src_rank) const
    {
        unsigned m = mask_;
        return details::shuffle_words(var, [=](unsigned x) {
            return __shfl_sync(m, x, src_rank, Size);
        });
    }
    template <class T> CUX_CG_DEV T shfl_down(T var, unsigned delta) const
    {
        unsigned m = mask_;
        return details::shuffle_words(var, [=](unsigned x) {
            return __shfl_down_sync(m, x, delta, Size);
        });
    }
    template <class T> CUX_CG_DEV T shfl_up(T var, unsigned delta) const
    {
        unsigned m = mask_;
        return details::shuffle_words(var, [=](unsigned x) {
            return __shfl_up_sync(m, x, delta, Size);
        });
    }
    template <class T> CUX_CG_DEV T shfl_xor(T var, unsigned lane_mask) const
    {
        unsigned m = mask_;
        return details::shuffle_words(var, [=](unsigned x) {
            return __shfl_xor_sync(m, x, lane_mask, Size);
        });
    }
    /* The tile's lanes' predicates, bit i for the tile's thread i. */
    CUX_CG_DEV unsigned ballot(int predicate) const
    {
        unsigned first = details::lane() & ~(Size - 1);
        return (__ballot_sync(mask_, predicate) & mask_) >> first;
    }
    CUX_CG_DEV int any(int predicate) const { return ballot(predicate) != 0; }
    CUX_CG_DEV int all(int predicate) const
    {
        return ballot(predicate) == (mask_ >> (details::lane() & ~(Size - 1)));
    }
    /* The tile's threads holding the same value as this one (a 32- or
     * 64-bit integer or floating-point value), bit i for thread i. */
    template <class T> CUX_CG_DEV unsigned match_any(T value) const
    {
        unsigned first = details::lane() & ~(Size - 1);
        return (__match_any_sync(mask_, value) & mask_) >> first;
    }
    /* Every thread of the tile when all hold the same value (pred 1),
     * else none (pred 0). */
    template <class T> CUX_CG_DEV unsigned match_all(T value, int &pred) const
    {
        unsigned first = details::lane() & ~(Size - 1);
        return (__match_all_sync(mask_, value, &pred) & mask_) >> first;
    }
};

/* A tile of Size consecutive threads (64 to 1024), whole warps: as in
 * CUDA it has ranks, sizes, sync and the collectives of reduce.h and
 * scan.h, not the warp functions (shfl, ballot, ...). */
template <unsigned Size> class multi_warp_tile : public thread_group {
    static_assert(Size <= 1024 && (Size & (Size - 1)) == 0,
                  "thread_block_tile: the size must be a power of two up "
                  "to 1024");

public:
    CUX_CG_DEV multi_warp_tile()
        : thread_group(details::multi_tile_group, Size, 0xffffffffu) {}
    CUX_CG_DEV static constexpr unsigned size() { return Size; }
    CUX_CG_DEV static constexpr unsigned num_threads() { return Size; }
    CUX_CG_DEV static unsigned thread_rank()
    {
        return details::block_rank() & (Size - 1);
    }
    CUX_CG_DEV static unsigned meta_group_rank() { return details::block_rank() / Size; }
    CUX_CG_DEV static unsigned meta_group_size()
    {
        return (details::block_threads() + Size - 1) / Size;
    }
    CUX_CG_DEV static void sync() { details::tile_barrier(Size); }
};

template <unsigned Size, bool Multi = (Size > 32)> struct tile_of {
    typedef warp_tile<Size> type;
};
template <unsigned Size> struct tile_of<Size, true> {
    typedef multi_warp_tile<Size> type;
};

} // namespace details

template <unsigned Size>
class thread_block_tile<Size, void> : public details::tile_of<Size>::type {};

/* The tile of a known parent converts to the plain tile, as in CUDA. */
template <unsigned Size, typename ParentT>
class thread_block_tile : public thread_block_tile<Size, void> {};

template <unsigned Size, typename ParentT>
CUX_CG_DEV thread_block_tile<Size, ParentT> tiled_partition(const ParentT &)
{
    return thread_block_tile<Size, ParentT>();
}

/* Tiles of a size known at run time: as in CUDA, a power of two up to
 * 32 (larger tiles only as thread_block_tile<N>; CUDA traps too). */
CUX_CG_DEV thread_group tiled_partition(const thread_group &, unsigned tile_size)
{
    if (tile_size == 0 || tile_size > 32 || (tile_size & (tile_size - 1)))
        __trap();
    return thread_group(details::tile_group, tile_size,
                        details::tile_mask(tile_size));
}

/* The threads of the warp that run this call together. */
class coalesced_group : public thread_group {
    CUX_CG_DEV unsigned lane_of_rank(unsigned rank) const
    {
        unsigned m = mask_;
        for (unsigned i = 0; i < rank; i++)
            m &= m - 1;
        return __ffs(m) - 1;
    }

public:
    CUX_CG_DEV explicit coalesced_group(unsigned mask)
        : thread_group(details::coalesced_kind, __popc(mask), mask) {}
    CUX_CG_DEV unsigned size() const { return size_; }
    CUX_CG_DEV unsigned num_threads() const { return size_; }
    CUX_CG_DEV unsigned thread_rank() const
    {
        return __popc(mask_ & ((1u << details::lane()) - 1));
    }
    CUX_CG_DEV void sync() const { __syncwarp(mask_); }
    template <class T> CUX_CG_DEV T shfl(T var, unsigned src_rank) const
    {
        unsigned m = mask_, lane = lane_of_rank(src_rank % size_);
        return details::shuffle_words(var, [=](unsigned x) {
            return __shfl_sync(m, x, lane);
        });
    }
    /* Lanes of the warp as the group's ranks: bit i for its thread i. */
    CUX_CG_DEV unsigned ranks_of(unsigned lanes) const
    {
        unsigned bits = 0, i = 0;
        for (unsigned m = mask_; m; m &= m - 1, i++)
            if (lanes & (m & -m))
                bits |= 1u << i;
        return bits;
    }
    CUX_CG_DEV unsigned ballot(int predicate) const
    {
        return ranks_of(__ballot_sync(mask_, predicate));
    }
    /* As the tiles' match_any and match_all, by rank. */
    template <class T> CUX_CG_DEV unsigned match_any(T value) const
    {
        return ranks_of(__match_any_sync(mask_, value));
    }
    template <class T> CUX_CG_DEV unsigned match_all(T value, int &pred) const
    {
        return ranks_of(__match_all_sync(mask_, value, &pred));
    }
    CUX_CG_DEV int any(int predicate) const
    {
        return (__ballot_sync(mask_, predicate) & mask_) != 0;
    }
    CUX_CG_DEV int all(int predicate) const
    {
        return (__ballot_sync(mask_, predicate) & mask_) == mask_;
    }
};

CUX_CG_DEV coalesced_group coalesced_threads()
{
    return coalesced_group(__activemask());
}

/* The threads of a warp-sized or smaller group that pass the same label
 * (labeled_partition) or predicate (binary_partition). */
template <class Group>
CUX_CG_DEV coalesced_group labeled_partition(const Group &parent, int label)
{
    unsigned lanes = parent.lanes();
    return coalesced_group(__match_any_sync(lanes, label) & lanes);
}

template <class Group>
CUX_CG_DEV coalesced_group binary_partition(const Group &parent, bool pred)
{
    unsigned lanes = parent.lanes();
    unsigned yes = __ballot_sync(lanes, pred) & lanes;
    return coalesced_group(pred ? yes : lanes & ~yes);
}

namespace details {
template <class T> struct plain { typedef T type; };
template <class T> struct plain<T &> { typedef T type; };
template <class T> struct plain<T &&> { typedef T type; };
template <class T> struct plain<const T> { typedef T type; };
template <class T> struct plain<const T &> { typedef T type; };
} // namespace details

/* One thread of the group calls fn(args...): the one of rank 0 (CUDA
 * leaves unspecified which). */
template <class Group, class Fn, class... Args>
CUX_CG_DEV void invoke_one(const Group &group, Fn &&fn, Args &&...args)
{
    if (group.thread_rank() == 0)
        static_cast<Fn &&>(fn)(static_cast<Args &&>(args)...);
}

/* The same, and every thread of the group (a coalesced group or a tile
 * of up to 32, which have shfl) returns fn's result. */
template <class Group, class Fn, class... Args>
CUX_CG_DEV auto invoke_one_broadcast(const Group &group, Fn &&fn,
                                     Args &&...args) ->
    typename details::plain<decltype(static_cast<Fn &&>(fn)(
        static_cast<Args &&>(args)...))>::type
{
    typename details::plain<decltype(static_cast<Fn &&>(fn)(
        static_cast<Args &&>(args)...))>::type result;
    if (group.thread_rank() == 0)
        result = static_cast<Fn &&>(fn)(static_cast<Args &&>(args)...);
    return group.shfl(result, 0);
}

/* The whole grid.  Its ranks and sizes work in any launch; is_valid()
 * and sync() need a cooperative launch (cudaLaunchCooperativeKernel).
 * NVIDIA's header finds the grid through a driver workspace and waits on
 * it in a spin loop; cux lowers them to PTX of its own that its code
 * generator knows: %cux_cooperative (1 in a cooperative launch) and
 * barrier.cux_grid.sync, a barrier of every thread of the grid that also
 * orders memory like __threadfence().  Outside a cooperative launch the
 * barrier traps with a message naming it, as CUDA's sync() aborts. */
class grid_group {
public:
    CUX_CG_DEV static unsigned long long num_threads()
    {
        return (unsigned long long)gridDim.x * gridDim.y * gridDim.z *
               details::block_threads();
    }
    CUX_CG_DEV static unsigned long long size() { return num_threads(); }
    CUX_CG_DEV static unsigned long long thread_rank()
    {
        return block_rank() * details::block_threads() + details::block_rank();
    }
    CUX_CG_DEV static unsigned long long num_blocks()
    {
        return (unsigned long long)gridDim.x * gridDim.y * gridDim.z;
    }
    CUX_CG_DEV static unsigned long long block_rank()
    {
        return blockIdx.x + (unsigned long long)gridDim.x *
                                (blockIdx.y + (unsigned long long)gridDim.y * blockIdx.z);
    }
    CUX_CG_DEV static dim3 group_dim() { return dim3(gridDim.x, gridDim.y, gridDim.z); }
    CUX_CG_DEV static dim3 dim_blocks() { return group_dim(); }
    CUX_CG_DEV static dim3 block_index() { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
    /* The grid as threads: its extent and the thread's place in it. */
    CUX_CG_DEV static dim3 dim_threads()
    {
        return dim3(gridDim.x * blockDim.x, gridDim.y * blockDim.y,
                    gridDim.z * blockDim.z);
    }
    CUX_CG_DEV static dim3 thread_index()
    {
        return dim3(blockIdx.x * blockDim.x + threadIdx.x,
                    blockIdx.y * blockDim.y + threadIdx.y,
                    blockIdx.z * blockDim.z + threadIdx.z);
    }
    CUX_CG_DEV bool is_valid() const
    {
        unsigned cooperative;
        asm("mov.u32 %0, %%cux_cooperative;" : "=r"(cooperative));
        return cooperative != 0;
    }
    CUX_CG_DEV void sync() const
    {
        asm volatile("barrier.cux_grid.sync;" ::: "memory");
    }
    /* The split barrier: the wait does the whole barrier, which orders
     * no less than an arrival followed by a wait. */
    using arrival_token = unsigned int;
    CUX_CG_DEV arrival_token barrier_arrive() const { return 0; }
    CUX_CG_DEV void barrier_wait(arrival_token &&) const { sync(); }
};

CUX_CG_DEV grid_group this_grid() { return grid_group(); }

template <class Group> CUX_CG_DEV void sync(const Group &g) { g.sync(); }

template <class Group>
CUX_CG_DEV unsigned long long thread_rank(const Group &g) { return g.thread_rank(); }

template <class Group>
CUX_CG_DEV unsigned long long group_size(const Group &g) { return g.size(); }

/* What cg::reduce and the scans combine with. */
template <class T> struct plus {
    CUX_CG_DEV T operator()(T a, T b) const { return a + b; }
};
template <class T> struct less { /* the lesser, as CUDA's reduce uses it */
    CUX_CG_DEV T operator()(T a, T b) const { return b < a ? b : a; }
};
template <class T> struct greater {
    CUX_CG_DEV T operator()(T a, T b) const { return a < b ? b : a; }
};
template <class T> struct bit_and {
    CUX_CG_DEV T operator()(T a, T b) const { return a & b; }
};
template <class T> struct bit_or {
    CUX_CG_DEV T operator()(T a, T b) const { return a | b; }
};
template <class T> struct bit_xor {
    CUX_CG_DEV T operator()(T a, T b) const { return a ^ b; }
};

} // namespace cooperative_groups

#undef CUX_CG_DEV
#endif /* __CUDACC__ */
#endif
