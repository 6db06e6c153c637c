// Small text helpers shared by every stage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

[[nodiscard]] std::string_view trim(std::string_view s);
[[nodiscard]] std::string to_lower(std::string_view s);
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);
[[nodiscard]] std::vector<std::string> split(std::string_view s, char sep);  // trimmed, empties dropped

/// The pieces one after the other, in one allocation: for the messages a run writes tens of
/// thousands of, where fmt::format costs several times as much.
[[nodiscard]] std::string concat(std::initializer_list<std::string_view> pieces);

/// Appends the UTF-8 encoding of a code point (surrogates and values above U+10FFFF are the
/// caller's to avoid).
void append_utf8(std::string& out, std::uint32_t code_point);

/// Length of the well-formed UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when the bytes
/// there are not one: no overlong forms, no surrogates, nothing above U+10FFFF, nothing truncated.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// Levenshtein distance, capped: returns cap + 1 as soon as the distance exceeds cap.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap = 64);

/// The candidate closest to `word` when it is close enough to be a likely misspelling.
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view word,
                                                      const std::vector<std::string>& candidates);

/// The directory whose configuration a file is part of ('/'-separated path, as discovery gives
/// it): its parent; for a file in a `jvm.options.d` directory, the directory above it (the node's
/// config directory, which also holds its `jvm.options`). "" for a file without a directory.
[[nodiscard]] std::string_view config_directory(std::string_view path);

/// Glob match over '/'-separated paths: `*` and `?` stay within a path segment, `**` spans
/// segments, `[abc]` classes. A pattern without '/' matches the file name alone.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace streamlint
