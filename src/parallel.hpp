// Work spread over the cores: used by discovery (reading and recognising files) and by the lint
// pipeline (parsing and checking them).
#pragma once

#include <cstddef>
#include <functional>

namespace streamlint {

/// Runs job(0..n-1) on up to one thread a core; the first exception is rethrown after all joined.
void run_parallel(std::size_t n, const std::function<void(std::size_t)>& job);

}  // namespace streamlint
