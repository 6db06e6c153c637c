#include <streamlint/write.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace streamlint {

namespace fs = std::filesystem;

namespace {

bool write_all(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string read_now(const std::string& path, bool& ok)
{
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string write_file_atomically(const std::string& path, std::string_view content, std::string_view expected)
{
    std::error_code ec;
    const fs::path target = fs::canonical(path, ec);
    if (ec) {
        return fmt::format("cannot resolve the path: {}", ec.message());
    }
    bool ok = false;
    if (read_now(target.string(), ok) != expected || !ok) {
        return "the file changed since it was read; it was left as it is";
    }
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) {
        return fmt::format("cannot stat the file: {}", std::strerror(errno));
    }
    std::string tmpl = (target.parent_path() / ("." + target.filename().string() + ".streamlint-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        return fmt::format("cannot create a temporary file beside it: {}", std::strerror(errno));
    }
    const bool written = write_all(fd, content) && ::fchmod(fd, st.st_mode & 07777) == 0 && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written) {
        ::unlink(tmpl.c_str());
        return fmt::format("cannot write the temporary file: {}", std::strerror(saved));
    }
    // Last check right before the rename: nothing may have touched the file meanwhile.
    if (read_now(target.string(), ok) != expected || !ok) {
        ::unlink(tmpl.c_str());
        return "the file changed since it was read; it was left as it is";
    }
    if (::rename(tmpl.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        return fmt::format("cannot replace the file: {}", std::strerror(err));
    }
    return {};
}

}  // namespace streamlint
