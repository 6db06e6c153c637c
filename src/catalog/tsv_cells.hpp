// How a catalog TSV (rules/catalog/*.tsv) is cut into cells: by the build tool that cuts the
// built-in catalogs at build time (catalog_index.cpp), whose cells the catalog reader (catalog.cpp)
// uses as they are, and by tests/unit/test_catalog.cpp, which holds the compiled-in cells to it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace streamlint::tsv {

struct Cells {
    std::vector<std::string_view> header;  // the first line that is neither empty nor a '#' comment
    /// For each data row, for each header column: the cell's offset into the text and its length. A
    /// missing or empty cell is {0, 0}; fields past the header's width are not kept.
    std::vector<std::uint32_t> cells;
    std::size_t rows = 0;
};

/// Cuts `text`: lines end with "\n" or "\r\n"; empty lines and lines starting with '#' are skipped.
inline Cells cut(std::string_view text)
{
    Cells out;
    bool header_seen = false;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t lf = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, lf - at);
        at = lf + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const std::size_t width = out.header.size();
        if (header_seen) {
            out.cells.resize(out.cells.size() + 2 * width, 0);
            ++out.rows;
        }
        std::uint32_t* row = header_seen ? out.cells.data() + out.cells.size() - 2 * width : nullptr;
        for (std::size_t field = 0, column = 0; header_seen ? column < width : true; ++column) {
            const std::size_t tab = line.find('\t', field);
            const std::size_t end = tab == std::string_view::npos ? line.size() : tab;
            if (!header_seen) {
                out.header.push_back(line.substr(field, end - field));
            } else if (end > field) {
                row[2 * column] = static_cast<std::uint32_t>(line.data() + field - text.data());
                row[2 * column + 1] = static_cast<std::uint32_t>(end - field);
            }
            if (tab == std::string_view::npos) {
                break;
            }
            field = tab + 1;
        }
        header_seen = true;
    }
    return out;
}

}  // namespace streamlint::tsv
