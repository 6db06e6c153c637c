// `--changed-since REV`: the files that differ from a git revision, found with the `git` command.
#pragma once

#include <streamlint/discover.hpp>

#include <optional>
#include <functional>
#include <string>
#include <vector>

namespace streamlint {

/// The output of a command run without a shell.
struct CommandOutput {
    int status = -1;  // exit status; -1 when it could not be started or was killed
    std::string out;
    std::string err;
};

/// Runs `argv` (argv[0] looked up on PATH) with stdin from /dev/null and captures both streams.
[[nodiscard]] CommandOutput run_command(const std::vector<std::string>& argv);

/// Every file that differs from `rev` in the git work tree around the working directory: committed
/// since `rev`, staged, unstaged and untracked (not ignored) files, as `git diff --name-only REV` and
/// `git ls-files --others --exclude-standard` list them. Paths are relative to the working directory
/// (absolute when outside it); files that no longer exist (deleted) are left out. Throws UsageError
/// outside a git work tree, for an unknown revision, or when git cannot be run.
[[nodiscard]] std::vector<std::string> changed_files(const std::string& rev);

/// Keeps only the found files (and unreadable-file problems) among `changed` (paths compared after
/// making them absolute and normal).
void keep_changed_files(Discovery& found, const std::vector<std::string>& changed);

/// Whether a path is among `changed` (compared the same way): keep_changed_files's test.
[[nodiscard]] std::function<bool(const std::string&)> changed_file_filter(const std::vector<std::string>& changed);

}  // namespace streamlint
