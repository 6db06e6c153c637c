// Writing a fixed file without ever damaging it.
#pragma once

#include <string>
#include <string_view>

namespace streamlint {

/// Replaces the file at `path` with `content` atomically: a temporary file in the same directory
/// (so the rename cannot cross file systems), written and flushed to disk, given the original's
/// permission bits, then renamed over the original. A symbolic link is followed (its target is
/// replaced, the link stays). Refuses, changing nothing, when the file no longer holds `expected`
/// (it changed since it was read). Returns "" on success, else why it did not write.
[[nodiscard]] std::string write_file_atomically(const std::string& path, std::string_view content,
                                                std::string_view expected);

}  // namespace streamlint
