// For the build tools (sl_pack_compile, sl_catalog_index): writes a generated source beside its
// target and renames it over it, so a build stopped halfway leaves no torn file, and creates the
// directory first (a fresh build directory has none yet).
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>

namespace streamlint {

/// Writes `content` to `path`; on failure says why on stderr, prefixed with `tool`, and returns false.
inline bool write_generated(const std::string& tool, const std::string& path, const std::string& content)
{
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    {
        std::ofstream f(path + ".tmp", std::ios::binary | std::ios::trunc);
        f << content;
        if (!f) {
            std::cerr << tool << ": cannot write " << path << ".tmp\n";
            return false;
        }
    }
    std::filesystem::rename(path + ".tmp", path, ec);
    if (ec) {
        std::cerr << tool << ": " << path << ": " << ec.message() << '\n';
        return false;
    }
    return true;
}

}  // namespace streamlint
