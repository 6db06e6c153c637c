// Work spread over the cores: used by discovery (reading and recognising files) and by the lint
// pipeline (parsing and checking them).
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

/// The CPU quota of the cgroups that `proc_cgroup` (the text of /proc/self/cgroup) names, in whole
/// cores rounded up, under the cgroup file system at `root` (/sys/fs/cgroup), its files read with
/// `read` ("" for none): cgroup v2's cpu.max at every level, v1's cpu.cfs_quota_us and
/// cpu.cfs_period_us. None when no quota is set.
[[nodiscard]] std::optional<unsigned> cgroup_cpu_limit(std::string_view proc_cgroup, const std::string& root,
                                                       const std::function<std::string(const std::string&)>& read);

/// Runs job(0..n-1) on up to one thread a core; the first exception is rethrown after all joined.
void run_parallel(std::size_t n, const std::function<void(std::size_t)>& job);

/// {fn(0), ..., fn(n-1)} computed on every core; the exception of the lowest index that threw is
/// rethrown (the same one whatever the cores finish first).
template <typename T, typename Fn>
[[nodiscard]] std::vector<T> parallel_map(std::size_t n, Fn fn)
{
    std::vector<T> out(n);
    std::vector<std::exception_ptr> errors(n);
    run_parallel(n, [&](std::size_t k) {
        try {
            out[k] = fn(k);
        } catch (...) {
            errors[k] = std::current_exception();
        }
    });
    for (const auto& error : errors) {
        if (error) {
            std::rethrow_exception(error);
        }
    }
    return out;
}

}  // namespace streamlint
