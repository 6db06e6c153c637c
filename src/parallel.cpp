#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace streamlint {

void run_parallel(std::size_t n, const std::function<void(std::size_t)>& job)
{
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    const std::size_t workers = std::min(cores, n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            job(i);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    {
        std::vector<std::jthread> threads;
        for (std::size_t w = 0; w < workers; ++w) {
            threads.emplace_back([&] {
                for (std::size_t i = next++; i < n; i = next++) {
                    try {
                        job(i);
                    } catch (...) {
                        std::lock_guard lock(error_mutex);
                        if (!error) {
                            error = std::current_exception();
                        }
                    }
                }
            });
        }
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

}  // namespace streamlint
