// Data files compiled into the binary: everything under rules/ (rule packs and catalogs), so a lone
// copied binary needs nothing else.
#pragma once

#include <string_view>
#include <vector>

namespace streamlint {

struct EmbeddedFile {
    std::string_view path;     // relative to rules/, '/'-separated, e.g. "catalog/kafka-configs.tsv"
    std::string_view content;  // the file's bytes
};

/// Every embedded file, sorted by path.
[[nodiscard]] const std::vector<EmbeddedFile>& builtin_files();

/// The built-in rule packs (rules/packs/*.yaml) as trees encoded at build time, by the same paths
/// (src/rules/pack_compile.cpp describes the encoding): start-up rebuilds them without scanning YAML.
[[nodiscard]] const std::vector<EmbeddedFile>& builtin_pack_trees();

/// One embedded file's content, or an empty view when there is none.
[[nodiscard]] std::string_view builtin_file(std::string_view path);

}  // namespace streamlint
