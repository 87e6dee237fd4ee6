/* pool.c: a fixed set of worker threads that all run one function per
 * launch, the launching thread being the last of them; blocks are dealt
 * out by the job's atomic counter, so the pool itself only starts and
 * joins rounds.  Both
 * sides watch briefly before sleeping (cux_cpu_relax), as a wake-up
 * costs more than a short kernel. */
#include "cpu.h"

#include <stdlib.h>

struct cpu_pool {
    pthread_mutex_t lock;
    pthread_cond_t start, finished;
    pthread_t *threads;
    unsigned n_threads;
    unsigned long round;       /* incremented to start a round */
    unsigned running;          /* workers still in the current round */
    void (*fn)(unsigned worker, void *arg);
    void *arg;
    int stopping;
};

typedef struct worker_start {
    cpu_pool *pool;
    unsigned index;
} worker_start;

static void *worker_main(void *p)
{
    worker_start start = *(worker_start *)p;
    free(p);
    cpu_pool *pool = start.pool;
    unsigned long seen = 0;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        /* Briefly watch for the next round before sleeping. */
        pthread_mutex_unlock(&pool->lock);
        for (int i = 0; i < CUX_SPIN_ROUNDS &&
                        __atomic_load_n(&pool->round, __ATOMIC_ACQUIRE) == seen;
             i++)
            cux_cpu_relax();
        pthread_mutex_lock(&pool->lock);
        while (pool->round == seen && !pool->stopping)
            pthread_cond_wait(&pool->start, &pool->lock);
        if (pool->stopping)
            break;
        seen = pool->round;
        pthread_mutex_unlock(&pool->lock);
        pool->fn(start.index, pool->arg);
        pthread_mutex_lock(&pool->lock);
        if (__atomic_sub_fetch(&pool->running, 1, __ATOMIC_RELEASE) == 0)
            pthread_cond_signal(&pool->finished);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

cpu_pool *cux_cpu_pool_create(unsigned threads)
{
    cpu_pool *pool = calloc(1, sizeof(*pool));
    if (!pool)
        return NULL;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->start, NULL);
    pthread_cond_init(&pool->finished, NULL);
    pool->threads = calloc(threads, sizeof(pthread_t));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    /* Generated warp functions keep many 128-byte vectors on the stack. */
    pthread_attr_setstacksize(&attr, 64u << 20);
    for (unsigned i = 0; i < threads; i++) {
        worker_start *start = malloc(sizeof(*start));
        start->pool = pool;
        start->index = i;
        if (pthread_create(&pool->threads[i], &attr, worker_main, start)) {
            free(start);
            break;
        }
        pool->n_threads++;
    }
    pthread_attr_destroy(&attr);
    return pool;
}

unsigned cux_cpu_pool_size(const cpu_pool *pool)
{
    return pool->n_threads;
}

void cux_cpu_pool_run(cpu_pool *pool, void (*fn)(unsigned worker, void *arg),
                      void *arg)
{
    pthread_mutex_lock(&pool->lock);
    pool->fn = fn;
    pool->arg = arg;
    pool->running = pool->n_threads;
    __atomic_store_n(&pool->round, pool->round + 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pool->start);
    pthread_mutex_unlock(&pool->lock);
    fn(pool->n_threads, arg); /* the caller is the last worker */
    for (int i = 0; i < CUX_SPIN_ROUNDS &&
                    __atomic_load_n(&pool->running, __ATOMIC_ACQUIRE); i++)
        cux_cpu_relax();
    pthread_mutex_lock(&pool->lock);
    while (pool->running)
        pthread_cond_wait(&pool->finished, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
}

void cux_cpu_pool_destroy(cpu_pool *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = 1;
    pthread_cond_broadcast(&pool->start);
    pthread_mutex_unlock(&pool->lock);
    for (unsigned i = 0; i < pool->n_threads; i++)
        pthread_join(pool->threads[i], NULL);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->start);
    pthread_cond_destroy(&pool->finished);
    free(pool->threads);
    free(pool);
}
