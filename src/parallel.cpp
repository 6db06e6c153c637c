#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace streamlint {

namespace {

/// True on a pool worker, and on the thread that runs a job with them: a job that calls
/// run_parallel again runs its inner jobs itself rather than waiting for workers busy with it.
thread_local bool t_in_job = false;

/// The cores to use. glibc answers hardware_concurrency by reading /sys/devices/system/cpu/online:
/// asked once, not on every call of run_parallel.
unsigned cores()
{
    static const unsigned n = std::max(1U, std::thread::hardware_concurrency());
    return n;
}

/// One worker a core besides the calling thread, started on first use and kept for the process:
/// a run calls run_parallel for every batch of files, and starting threads each time showed up
/// as a tenth of the run's time (clone, stacks, page faults).
class Pool {
public:
    Pool()
    {
        for (unsigned i = 1; i < cores(); ++i) {
            m_threads.emplace_back([this] { work(); });
        }
    }

    ~Pool()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_threads.clear();  // joins
    }

    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    [[nodiscard]] std::size_t workers() const { return m_threads.size(); }

    void run(std::size_t n, const std::function<void(std::size_t)>& job)
    {
        std::lock_guard one_at_a_time(m_run_mutex);
        {
            std::lock_guard lock(m_mutex);
            m_job = &job;
            m_n = n;
            m_next.store(0);
            m_error = nullptr;
            m_busy.store(m_threads.size());
            m_generation.fetch_add(1, std::memory_order_release);
        }
        m_wake.notify_all();
        t_in_job = true;
        drain();
        t_in_job = false;
        const bool joined = spin([this] { return m_busy.load(std::memory_order_acquire) == 0; });
        std::unique_lock lock(m_mutex);
        if (!joined) {
            m_idle.wait(lock, [this] { return m_busy.load() == 0; });
        }
        m_job = nullptr;
        if (m_error) {
            std::exception_ptr error = std::exchange(m_error, nullptr);
            lock.unlock();
            std::rethrow_exception(error);
        }
    }

private:
    /// Waits for `done` by looking again and again for up to a millisecond, false when that was not
    /// enough (the caller then blocks). The serial steps between the parallel ones of a run are
    /// short, and a thread put to sleep for one took, on the 2-core benchmark VM, about as long to
    /// wake again: spinning first made the 1000-directory run 6 % faster (313 -> 292 ms) for 8 %
    /// more CPU (bench/run.sh). OpenMP runtimes wait for their workers the same way (libgomp's
    /// GOMP_SPINCOUNT).
    template <typename Done>
    static bool spin(Done done)
    {
        constexpr auto k_limit = std::chrono::milliseconds(1);
        const auto until = std::chrono::steady_clock::now() + k_limit;
        for (unsigned i = 0;; ++i) {
            if (done()) {
                return true;
            }
            if ((i & 63U) == 63U && std::chrono::steady_clock::now() >= until) {
                return false;
            }
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();  // lets a sibling hyperthread run meanwhile
#endif
        }
    }

    void work()
    {
        t_in_job = true;
        std::uint64_t seen = 0;
        const auto woken = [&] {
            return m_stop.load(std::memory_order_acquire) ||
                   m_generation.load(std::memory_order_acquire) != seen;
        };
        for (;;) {
            if (!spin(woken)) {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, woken);
            }
            if (m_stop.load()) {
                return;
            }
            seen = m_generation.load(std::memory_order_acquire);
            drain();
            m_busy.fetch_sub(1, std::memory_order_acq_rel);
            {
                std::lock_guard lock(m_mutex);  // a run() about to wait is then waiting
            }
            m_idle.notify_one();
        }
    }

    void drain()
    {
        for (std::size_t i = m_next++; i < m_n; i = m_next++) {
            try {
                (*m_job)(i);
            } catch (...) {
                std::lock_guard lock(m_mutex);
                if (!m_error) {
                    m_error = std::current_exception();
                }
            }
        }
    }

    std::mutex m_run_mutex;  // one run_parallel at a time on the pool
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    const std::function<void(std::size_t)>* m_job = nullptr;
    std::size_t m_n = 0;
    std::atomic<std::size_t> m_next{0};
    std::atomic<std::size_t> m_busy{0};
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<bool> m_stop{false};
    std::exception_ptr m_error;
    std::vector<std::jthread> m_threads;  // last: joined before the members they use go
};

}  // namespace

void run_parallel(std::size_t n, const std::function<void(std::size_t)>& job)
{
    if (n <= 1 || t_in_job || cores() <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            job(i);
        }
        return;
    }
    static Pool pool;
    pool.run(n, job);
}

}  // namespace streamlint
