// Data files compiled into the binary: everything under rules/ (rule packs and catalogs), so a lone
// copied binary needs nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
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

/// A built-in catalog (rules/catalog/*.tsv) cut into cells at build time (src/catalog/tsv_cells.hpp
/// says how; src/catalog/catalog_index.cpp is the build tool).
struct EmbeddedTable {
    std::string_view path;           // as builtin_file's, e.g. "catalog/kafka.tsv"
    const std::string_view* header;  // the column names, `width` of them
    std::size_t width;
    const std::uint32_t* cells;  // per row, per column: offset into the file's content, length
    std::size_t rows;
};

/// Every built-in catalog's cells, sorted by path.
[[nodiscard]] const std::vector<EmbeddedTable>& builtin_tables();

/// One built-in catalog's cells, or null when there are none.
[[nodiscard]] const EmbeddedTable* builtin_table(std::string_view path);

}  // namespace streamlint
