// Helpers shared by the tests: temporary directories and files.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace sltest {

/// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir()
    {
        std::random_device rd;
        const auto base = std::filesystem::temp_directory_path();
        for (int i = 0; i < 100; ++i) {
            m_path = base / ("streamlint-test-" + std::to_string(rd()));
            if (std::filesystem::create_directory(m_path)) {
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary directory");
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(m_path, ec);
    }

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::string str() const { return m_path.string(); }

    /// Writes `text` to `relative` (parent directories created) and returns the full path.
    std::string write(const std::string& relative, const std::string& text) const
    {
        const auto p = m_path / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out << text;
        return p.string();
    }

private:
    std::filesystem::path m_path;
};

inline std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool shared_available()
{
    return std::filesystem::is_directory(std::string(SL_SHARED_DIR) + "/corpus/upstream");
}

}  // namespace sltest
