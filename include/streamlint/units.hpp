// Sizes and durations as the project file writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace streamlint {

/// "16g", "1t", "512m", "100k", "4096": suffixes k/m/g/t (optionally followed by "b"/"i"/"ib",
/// any case) are powers of 1024; a bare number is bytes. nullopt when malformed or overflowing.
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view text);

/// "1s", "500ms", "5min", "168h", "2d": in milliseconds. A bare number is milliseconds.
[[nodiscard]] std::optional<std::uint64_t> parse_duration_ms(std::string_view text);

}  // namespace streamlint
