// Small algorithms the pipeline shares.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <vector>

namespace streamlint {

/// The permutation of `items` that a stable sort by `less` makes, none when they are in order: found
/// by merging the runs already in order (each file's findings come sorted, mostly in file order).
template <typename T, typename Less>
std::optional<std::vector<std::size_t>> stable_order(const std::vector<T>& items, Less less)
{
    std::size_t first_descent = 1;  // in order most often: found without allocating
    while (first_descent < items.size() && !less(items[first_descent], items[first_descent - 1])) {
        ++first_descent;
    }
    if (first_descent >= items.size()) {
        return std::nullopt;
    }
    std::vector<std::size_t> bounds{0, first_descent};  // where each run starts, then the end
    for (std::size_t i = first_descent + 1; i < items.size(); ++i) {
        if (less(items[i], items[i - 1])) {
            bounds.push_back(i);
        }
    }
    bounds.push_back(items.size());
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    const auto by_item = [&](std::size_t a, std::size_t b) { return less(items[a], items[b]); };
    while (bounds.size() > 2) {  // merge neighbouring runs, the earlier one first on ties (stable)
        std::vector<std::size_t> merged{0};
        for (std::size_t r = 0; r + 1 < bounds.size(); r += 2) {
            if (r + 2 < bounds.size()) {
                const auto at = [&](std::size_t b) {
                    return order.begin() + static_cast<std::ptrdiff_t>(bounds[b]);
                };
                std::inplace_merge(at(r), at(r + 1), at(r + 2), by_item);
            }
            merged.push_back(bounds[std::min(r + 2, bounds.size() - 1)]);
        }
        bounds = std::move(merged);
    }
    return order;
}

/// Sorts `items` stably by `less`, moving each element once at most (std::stable_sort moves a large
/// element several times, and takes a buffer of them): for findings, which are large.
template <typename T, typename Less>
void stable_sort_large(std::vector<T>& items, Less less)
{
    const std::optional<std::vector<std::size_t>> order = stable_order(items, less);
    if (!order) {
        return;
    }
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (const std::size_t i : *order) {
        sorted.push_back(std::move(items[i]));
    }
    items = std::move(sorted);
}

}  // namespace streamlint
