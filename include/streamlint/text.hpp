// Small text helpers shared by every stage.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

[[nodiscard]] std::string_view trim(std::string_view s);
[[nodiscard]] std::string to_lower(std::string_view s);
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);
[[nodiscard]] std::vector<std::string> split(std::string_view s, char sep);  // trimmed, empties dropped

/// Levenshtein distance, capped: returns cap + 1 as soon as the distance exceeds cap.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap = 64);

/// The candidate closest to `word` when it is close enough to be a likely misspelling.
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view word,
                                                      const std::vector<std::string>& candidates);

/// Glob match over '/'-separated paths: `*` and `?` stay within a path segment, `**` spans
/// segments, `[abc]` classes. A pattern without '/' matches the file name alone.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace streamlint
