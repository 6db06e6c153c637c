// fuzz_replay: runs fuzz targets over saved inputs without libFuzzer (any compiler).
//
//   fuzz_replay [--target NAME]... PATH...
//
// Every file under each PATH (directories are walked, in name order) is fed to every target, or to
// the named ones. An input that breaks an invariant aborts with the target's message; the exit
// status is 0 when every input went through every target.
#include "fuzz.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace slfuzz {
std::map<std::string, TargetFn>& targets();
}

int main(int argc, char** argv)
{
    namespace fs = std::filesystem;
    std::vector<std::string> wanted;
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--target" && i + 1 < argc) {
            wanted.emplace_back(argv[++i]);
            continue;
        }
        if (arg == "--list") {
            for (const auto& [name, fn] : slfuzz::targets()) {
                std::cout << name << '\n';
            }
            return 0;
        }
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            for (const auto& e : fs::recursive_directory_iterator(arg, ec)) {
                if (e.is_regular_file(ec) && e.path().filename().string() != ".gitkeep" &&
                    e.path().filename().string() != "README.md") {
                    files.push_back(e.path());
                }
            }
        } else if (fs::is_regular_file(arg, ec)) {
            files.emplace_back(arg);
        } else {
            std::cerr << "fuzz_replay: " << arg << ": no such file or directory\n";
            return 2;
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, slfuzz::TargetFn>> run;
    for (const auto& [name, fn] : slfuzz::targets()) {
        if (wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end()) {
            run.emplace_back(name, fn);
        }
    }
    if (run.empty()) {
        std::cerr << "fuzz_replay: no such target\n";
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        for (const auto& [name, fn] : run) {
            const auto t0 = std::chrono::steady_clock::now();
            fn(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
            const auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
            if (ms > 2000) {
                std::cerr << "fuzz_replay: slow: " << name << " took " << ms << " ms on " << file.string() << '\n';
            }
        }
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::cout << "fuzz_replay: " << files.size() << " input(s) through " << run.size() << " target(s) in " << ms
              << " ms: ok\n";
    return 0;
}
