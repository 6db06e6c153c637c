// sl_catalog_index: a build tool. Cuts the built-in catalogs (rules/catalog/*.tsv) into cells with
// tsv::cut (tsv_cells.hpp), and writes a C++ source holding each one's header and cell offsets, for
// builtin_tables() (include/streamlint/embedded.hpp). Start-up then reads no catalog byte by byte
// and allocates nothing for its cells: they are in the binary's read-only data, like the text they
// point into (cmake/embed.cmake embeds the same bytes).
//
// Usage: sl_catalog_index OUT.cpp ROOT TABLE.tsv...   (paths in the output are relative to ROOT)
#include "tsv_cells.hpp"
#include "../write_generated.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

namespace {

std::string quoted(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + '"';
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: sl_catalog_index OUT.cpp ROOT TABLE.tsv...\n";
        return 2;
    }
    const std::filesystem::path root(argv[2]);
    std::ostringstream body;
    std::ostringstream index;
    for (int i = 3; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::cerr << "sl_catalog_index: cannot read " << argv[i] << '\n';
            return 1;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const streamlint::tsv::Cells cut = streamlint::tsv::cut(text);
        const int n = i - 3;
        body << "constexpr std::string_view k_header_" << n << "[] = {";
        for (const auto& h : cut.header) {
            body << quoted(h) << ", ";
        }
        body << "};\nconstexpr std::uint32_t k_cells_" << n << "[] = {";
        for (std::size_t c = 0; c < cut.cells.size(); ++c) {
            body << (c % 16 == 0 ? "\n    " : "") << cut.cells[c] << "u,";
        }
        body << (cut.cells.empty() ? "0u" : "") << "\n};\n";
        const std::string rel = std::filesystem::path(argv[i]).lexically_relative(root).generic_string();
        index << "        {" << quoted(rel) << ", k_header_" << n << ", " << cut.header.size() << ", k_cells_"
              << n << ", " << cut.rows << "},\n";
    }
    const std::string content =
        streamlint::generated_source("sl_catalog_index (src/catalog/catalog_index.cpp) from rules/catalog",
                                     body.str(), "EmbeddedTable", "builtin_tables", index.str());
    return streamlint::write_generated("sl_catalog_index", argv[1], content) ? 0 : 1;
}
