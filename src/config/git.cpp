#include <streamlint/git.hpp>
#include <streamlint/project.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <set>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace streamlint {

namespace fs = std::filesystem;

namespace {

struct Fd {
    int fd = -1;
    Fd() = default;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { close(); }
    void close()
    {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
};

struct Pipe {
    Fd read;
    Fd write;
    bool open()
    {
        std::array<int, 2> fds{};
        if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
            return false;
        }
        read.fd = fds[0];
        write.fd = fds[1];
        return true;
    }
};

std::string first_line(std::string_view s)
{
    const auto nl = s.find('\n');
    std::string line(s.substr(0, nl));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.pop_back();
    }
    return line;
}

std::vector<std::string> split_nul(std::string_view s)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto end = s.find('\0', pos);
        const auto stop = end == std::string_view::npos ? s.size() : end;
        if (stop > pos) {
            out.emplace_back(s.substr(pos, stop - pos));
        }
        pos = stop + 1;
    }
    return out;
}

fs::path lexical_absolute(const std::string& path)
{
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    return (ec ? fs::path(path) : p).lexically_normal();
}

fs::path canonical_or_lexical(const std::string& path)
{
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? lexical_absolute(path) : p.lexically_normal();
}

}  // namespace

CommandOutput run_command(const std::vector<std::string>& argv)
{
    CommandOutput result;
    if (argv.empty()) {
        return result;
    }
    Pipe out;
    Pipe err;
    if (!out.open() || !err.open()) {
        return result;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.write.fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.write.fd, STDERR_FILENO);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    out.write.close();
    err.write.close();
    if (rc != 0) {
        return result;
    }
    // Read both streams until both are closed, so neither can fill up and block the child.
    std::array<pollfd, 2> fds{pollfd{out.read.fd, POLLIN, 0}, pollfd{err.read.fd, POLLIN, 0}};
    std::array<std::string*, 2> sinks{&result.out, &result.err};
    std::array<char, 65536> buf{};
    int open_count = 2;
    while (open_count > 0) {
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) {
                continue;
            }
            const ssize_t n = ::read(fds[i].fd, buf.data(), buf.size());
            if (n > 0) {
                sinks[i]->append(buf.data(), static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return result;
        }
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::vector<std::string> changed_files(const std::string& rev)
{
    const CommandOutput top_out = run_command({"git", "rev-parse", "--show-toplevel"});
    if (top_out.status < 0 || top_out.status == 127) {
        throw UsageError("--changed-since: cannot run `git`; is it installed and on PATH?");
    }
    if (top_out.status != 0 || first_line(top_out.out).empty()) {
        const std::string why = first_line(top_out.err);
        throw UsageError(fmt::format("--changed-since: `{}` is not inside a git work tree{}",
                                     fs::current_path().string(), why.empty() ? "" : " (git: " + why + ")"));
    }
    const std::string top = first_line(top_out.out);
    // A revision that starts with '-' would be read as an option: it can never name a commit.
    if (rev.empty() || rev.front() == '-' ||
        run_command({"git", "-C", top, "rev-parse", "--verify", "--quiet", rev + "^{commit}"}).status != 0) {
        throw UsageError(fmt::format("--changed-since: unknown revision `{}` (no such commit in {})", rev, top));
    }
    // The work tree against REV: commits since REV, staged and unstaged changes. Renames are listed
    // as a deletion and an addition so the new name is always there.
    const CommandOutput diff = run_command(
        {"git", "-C", top, "diff", "--name-only", "--no-renames", "--no-relative", "-z", rev, "--"});
    if (diff.status != 0) {
        throw UsageError(fmt::format("--changed-since: `git diff {}` failed: {}", rev, first_line(diff.err)));
    }
    const CommandOutput untracked = run_command({"git", "-C", top, "ls-files", "--others", "--exclude-standard", "-z"});
    if (untracked.status != 0) {
        throw UsageError(fmt::format("--changed-since: `git ls-files` failed: {}", first_line(untracked.err)));
    }
    std::vector<std::string> names = split_nul(diff.out);
    for (auto& n : split_nul(untracked.out)) {
        names.push_back(std::move(n));
    }
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    std::set<std::string> out;
    for (const auto& name : names) {
        const fs::path abs = (fs::path(top) / name).lexically_normal();
        if (!fs::is_regular_file(abs, ec)) {
            continue;  // deleted (or not a file: a submodule)
        }
        fs::path rel = abs.lexically_relative(cwd);
        out.insert(rel.empty() ? abs.generic_string() : rel.generic_string());
    }
    return {out.begin(), out.end()};
}

std::function<bool(const std::string&)> changed_file_filter(const std::vector<std::string>& changed)
{
    std::set<fs::path> lexical;
    std::set<fs::path> canonical;
    for (const auto& c : changed) {
        lexical.insert(lexical_absolute(c));
        canonical.insert(canonical_or_lexical(c));
    }
    return [lexical = std::move(lexical), canonical = std::move(canonical)](const std::string& path) {
        return lexical.contains(lexical_absolute(path)) || canonical.contains(canonical_or_lexical(path));
    };
}

void keep_changed_files(Discovery& found, const std::vector<std::string>& changed)
{
    const auto keep = changed_file_filter(changed);
    std::erase_if(found.files, [&](const FoundFile& f) { return !keep(f.path); });
    std::erase_if(found.problems, [&](const Finding& f) { return !keep(f.file); });
}

}  // namespace streamlint
