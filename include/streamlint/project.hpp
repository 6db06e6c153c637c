// The project file, `.streamlint.yaml`: targets, rule selection, suppressions by path, and the
// deployment and workload the capacity and latency rules read.
#pragma once

#include <streamlint/finding.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace streamlint {

/// A problem that stops the tool doing its job (exit status 2): bad option, missing path, invalid
/// project file or rule pack. `what()` is the one-line message.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Product versions the rules check against.
struct Targets {
    std::string kafka;
    std::string flink;
    std::string elasticsearch;
    int jdk = 0;
    friend bool operator==(const Targets&, const Targets&) = default;
};

/// The newest versions the catalogs know; used where neither --target nor the project file says.
[[nodiscard]] const Targets& default_targets();

/// Parses "kafka=3.9,flink=1.20,elasticsearch=8.13,jdk=17" on top of `base`. Throws UsageError.
[[nodiscard]] Targets parse_target_option(std::string_view text, Targets base);

struct HostSpec {
    std::optional<std::int64_t> count;
    std::optional<std::int64_t> cores;
    std::optional<std::uint64_t> memory;  // bytes
    std::optional<std::string> disk_type;  // ssd, nvme, hdd, ...
    std::optional<std::uint64_t> disk_size;  // bytes
};

struct Workload {
    std::optional<double> events_per_second;
    std::optional<std::uint64_t> bytes_per_second;
    std::optional<std::uint64_t> latency_p95_ms;
    std::optional<std::uint64_t> retention_ms;
};

/// "error", "warning", "info" or "never" (nullopt).
struct FailOn {
    std::optional<Severity> level = Severity::Warning;
};
[[nodiscard]] std::optional<FailOn> parse_fail_on(std::string_view text);

struct PerFileIgnore {
    std::string pattern;             // glob, relative to the project file's directory
    std::vector<std::string> rules;  // ids or prefixes
};

struct ProjectConfig {
    std::string path;  // the file it came from; empty for the built-in defaults
    std::string dir;   // its directory (globs and rule dirs are relative to it)
    // What the file says; unset fields fall back to the defaults and the command line.
    std::optional<std::string> target_kafka, target_flink, target_elasticsearch;
    std::optional<int> target_jdk;
    std::vector<std::string> select;
    std::vector<std::string> ignore;
    std::map<std::string, Severity> severity;
    std::vector<PerFileIgnore> per_file_ignores;
    std::vector<std::string> rules;  // extra rule pack directories
    std::optional<std::string> baseline;
    std::optional<std::uint64_t> max_file_size;  // larger files are not read (run-wide, like fail-on)
    std::optional<FailOn> fail_on;
    std::map<std::string, HostSpec> deployment;  // role -> hosts
    Workload workload;

    [[nodiscard]] Targets targets(const Targets& fallback) const;
};

/// The deployment roles the project file knows.
[[nodiscard]] const std::vector<std::string>& deployment_roles();

/// Reads and validates a project file. Throws UsageError with "file:line: what is wrong" (unknown
/// keys come with a did-you-mean).
[[nodiscard]] ProjectConfig load_project_file(const std::string& path);
/// The same for a project file's text; `path` names it in messages and gives `dir`.
[[nodiscard]] ProjectConfig load_project_text(std::string_view text, const std::string& path);

/// The nearest `.streamlint.yaml` in `dir` or its parents, or "" when there is none.
[[nodiscard]] std::string find_project_file(const std::string& dir);

}  // namespace streamlint
