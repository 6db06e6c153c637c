#include "parallel.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

namespace streamlint {

namespace {

/// True on a pool worker, and on the thread that runs a job with them: a job that calls
/// run_parallel again runs its inner jobs itself rather than waiting for workers busy with it.
thread_local bool t_in_job = false;

/// A small file's bytes ("" when it cannot be read).
std::string read_small(const std::string& path)
{
    std::string out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return out;
    }
    std::array<char, 4096> buf{};
    for (ssize_t n = 0; (n = ::read(fd, buf.data(), buf.size())) > 0 && out.size() < 65536;) {
        out.append(buf.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

/// The cores to use: the machine's, fewer when the affinity mask (taskset, a container's cpuset)
/// or the cgroup's CPU quota (docker --cpus) allows fewer, counted as Rust's available_parallelism
/// and the JVM's container support count them. Workers beyond that only wait for each other, and a
/// worker that spins for the next run takes the core from the thread it waits for. Asked once.
unsigned cores()
{
    static const unsigned n = [] {
        unsigned count = std::max(1U, std::thread::hardware_concurrency());
        cpu_set_t set;
        CPU_ZERO(&set);
        if (sched_getaffinity(0, sizeof set, &set) == 0) {
            count = std::min(count, std::max(1U, static_cast<unsigned>(CPU_COUNT(&set))));
        }
        if (const auto quota = cgroup_cpu_limit(read_small("/proc/self/cgroup"), "/sys/fs/cgroup", read_small)) {
            count = std::min(count, *quota);
        }
        return count;
    }();
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
    /// Waits for `done` by looking again and again for up to 200 µs, false when that was not enough
    /// (the caller then blocks). The serial steps between the parallel ones of a run are short, and
    /// a thread put to sleep for one took, on the 2-core benchmark VM, about as long to wake again:
    /// spinning made the 1000-directory run 4-6 % faster for 8 % more CPU (bench/run.sh). OpenMP
    /// runtimes wait for their workers the same way (libgomp's GOMP_SPINCOUNT). The spin is short
    /// because a spinning thread holds a core another thread of the run may be waiting for, when
    /// the machine is busier than the count of cores says.
    template <typename Done>
    static bool spin(Done done)
    {
        constexpr auto k_limit = std::chrono::microseconds(200);
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

std::optional<unsigned> cgroup_cpu_limit(std::string_view proc_cgroup, const std::string& root,
                                         const std::function<std::string(const std::string&)>& read)
{
    const auto number = [](std::string_view text) -> std::optional<long long> {
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
            text.remove_suffix(1);
        }
        long long v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        return ec == std::errc() && end == text.data() + text.size() ? std::optional<long long>(v) : std::nullopt;
    };
    const auto cores_of = [](long long quota, long long period) -> std::optional<unsigned> {
        if (quota <= 0 || period <= 0) {
            return std::nullopt;
        }
        return static_cast<unsigned>(std::max<long long>(1, (quota + period - 1) / period));
    };
    std::optional<unsigned> limit;
    const auto tighten = [&limit](std::optional<unsigned> c) {
        if (c) {
            limit = limit ? std::min(*limit, *c) : *c;
        }
    };
    while (!proc_cgroup.empty()) {  // lines of "id:controllers:path"
        const std::size_t eol = proc_cgroup.find('\n');
        const std::string_view line = proc_cgroup.substr(0, eol);
        proc_cgroup.remove_prefix(eol == std::string_view::npos ? proc_cgroup.size() : eol + 1);
        const std::size_t c1 = line.find(':');
        const std::size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
        if (c2 == std::string_view::npos) {
            continue;
        }
        const std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
        std::string path(line.substr(c2 + 1));
        if (path.empty() || path.front() != '/' || path.find("/..") != std::string::npos) {
            continue;
        }
        if (path == "/") {
            path.clear();
        }
        if (controllers.empty()) {
            // cgroup v2: "cpu.max" holds "QUOTA PERIOD" or "max PERIOD", at every level up to the root.
            for (std::string dir = path;; dir = dir.substr(0, dir.rfind('/'))) {
                const std::string max = read(root + dir + "/cpu.max");
                if (const std::size_t sp = max.find(' '); sp != std::string::npos) {
                    const auto quota = number(std::string_view(max).substr(0, sp));
                    const auto period = number(std::string_view(max).substr(sp + 1));
                    if (quota && period) {
                        tighten(cores_of(*quota, *period));
                    }
                }
                if (dir.empty()) {
                    break;
                }
            }
            continue;
        }
        // cgroup v1: the cpu controller's quota and period in microseconds (a quota of -1: none).
        bool cpu = false;
        for (std::string_view rest = controllers; !rest.empty();) {
            const std::size_t comma = rest.find(',');
            cpu = cpu || rest.substr(0, comma) == "cpu";
            rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
        }
        if (cpu) {
            const std::string dir = root + "/" + std::string(controllers) + path;
            const auto quota = number(read(dir + "/cpu.cfs_quota_us"));
            const auto period = number(read(dir + "/cpu.cfs_period_us"));
            if (quota && period) {
                tighten(cores_of(*quota, *period));
            }
        }
    }
    return limit;
}

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
