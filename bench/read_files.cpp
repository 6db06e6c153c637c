// The floor streamlint is compared with: walk the same directories the same way (no symbolic links
// to directories followed, only regular files whose names streamlint would consider) and read every
// byte of every file once, as discover() does. Prints files and bytes read.
//
// Built by bench/run.sh (never by CMake, never in CI): c++ -O2 -std=c++20 read_files.cpp
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

static bool candidate(const std::string& name)
{
    for (const char* ext : {".properties", ".yaml", ".yml", ".json", ".options"}) {
        const std::string e(ext);
        if (name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) {
            return true;
        }
    }
    return false;
}

int main(int argc, char** argv)
{
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        for (fs::recursive_directory_iterator it(argv[i], ec), end; it != end; it.increment(ec)) {
            if (it->is_regular_file(ec) && candidate(it->path().filename().string())) {
                files.push_back(it->path().string());
            }
        }
    }
    std::vector<char> buf(1 << 16);
    unsigned long long bytes = 0;
    for (const auto& f : files) {
        const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        ssize_t n = 0;
        while ((n = ::read(fd, buf.data(), buf.size())) > 0) {
            bytes += static_cast<unsigned long long>(n);
        }
        ::close(fd);
    }
    std::printf("%zu files, %llu bytes\n", files.size(), bytes);
    return 0;
}
