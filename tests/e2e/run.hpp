// Running the real binary from the end-to-end tests.
#pragma once

#include "support.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace sltest {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

inline std::string quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

/// Runs a shell command in `cwd`; stdout and stderr captured apart.
inline Run shell(const std::string& command, const std::string& cwd)
{
    TempDir tmp;
    const std::string err_file = (tmp.path() / "stderr").string();
    const std::string cmd = "cd " + quote(cwd) + " && { " + command + " ; } 2>" + quote(err_file);
    Run r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        r.out.append(buf.data(), n);
    }
    const int st = ::pclose(pipe);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.err = read_file(err_file);
    return r;
}

/// Runs streamlint with `args` (shell-quoted where needed) in `cwd`.
/// GITHUB_ACTIONS and CI_PROJECT_DIR change the default report: cleared, so the tests read the same
/// output inside GitHub Actions or GitLab CI as anywhere else.
inline Run streamlint(const std::string& args, const std::string& cwd = SL_SOURCE_DIR)
{
    return shell("env -u GITHUB_ACTIONS -u CI_PROJECT_DIR " + quote(SL_BINARY) + " " + args, cwd);
}

inline bool have(const std::string& tool)
{
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace sltest
