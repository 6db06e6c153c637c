// Unified diffs that `git apply` and `patch -p1` take.
#pragma once

#include <string>
#include <string_view>

namespace streamlint {

/// A unified diff from `before` to `after`, with `---`/`+++` headers naming `old_name` and
/// `new_name` (e.g. "a/kafka/server.properties"), `context` lines of context, lines compared and
/// written with their own terminators (CRLF stays CRLF), and `\ No newline at end of file` where a
/// side's last line has no terminator. Empty when the texts are equal.
[[nodiscard]] std::string unified_diff(std::string_view before, std::string_view after, std::string_view old_name,
                                       std::string_view new_name, int context = 3);

}  // namespace streamlint
