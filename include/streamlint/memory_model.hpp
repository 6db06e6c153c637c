// Flink's process memory model (TaskManager and JobManager), computed exactly as Flink derives it
// at start-up (ProcessMemoryUtils, TaskExecutorFlinkMemoryUtils, JobManagerFlinkMemoryUtils; see
// ../shared/reference/flink/memory-model.md): the three ways to configure it, every condition under
// which Flink refuses to start, and for an accepted configuration every component and the JVM flags.
//
// The M rules report through it, and the advisor computes its configs through the same code, so a
// config it writes is one Flink accepts. Nothing here knows a rule or a file: the input is the
// options as Flink reads them (key -> value text), the output plain numbers and words.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint::flink_memory {

inline constexpr std::int64_t k_mib = 1024LL * 1024;
inline constexpr std::int64_t k_max_bytes = INT64_MAX;  // MemorySize.MAX_VALUE, "infinite"

enum class Process : std::uint8_t { TaskManager, JobManager };

/// How the sizes were derived (ProcessMemoryUtils.memoryProcessSpecFromConfig's three branches).
enum class Path : std::uint8_t {
    None,          // nothing sufficient configured
    FineGrained,   // TM: task heap and managed memory; JM: JVM heap
    TotalFlink,    // *.memory.flink.size
    TotalProcess,  // *.memory.process.size
};

enum class Status : std::uint8_t {
    NotConfigured,  // no memory option of this process is set (a client-only file, a JM-only file, ...)
    Insufficient,   // some are set, but none of the three sufficient sets: Flink refuses to start
    Unreadable,     // a value does not parse as a memory size or fraction (the type rules report it)
    Refused,        // Flink refuses the configuration (IllegalConfigurationException)
    Accepted,
};

[[nodiscard]] std::string_view to_string(Process p);   // "taskmanager", "jobmanager"
[[nodiscard]] std::string_view to_string(Path p);      // "fine-grained", "total-flink", "total-process", "none"
[[nodiscard]] std::string_view to_string(Status s);    // "accepted", "refused", ...

/// Where Flink 1.x maps the legacy heap keys (taskmanager.heap.size, jobmanager.heap.size, ...).
enum class LegacyHeapMapping : std::uint8_t {
    Standalone,             // bin/ scripts: TM -> taskmanager.memory.flink.size, JM -> jobmanager.memory.heap.size
    ActiveResourceManager,  // Kubernetes/YARN: TM -> taskmanager.memory.process.size, JM -> jobmanager.memory.process.size
};

struct Options {
    /// Read the Flink 1.x keys that 2.0 removed: taskmanager.heap.size/.mb, jobmanager.heap.size/.mb,
    /// taskmanager.network.memory.{min,max,fraction}, taskmanager.network.numberOfBuffers.
    bool legacy_keys = false;
    LegacyHeapMapping legacy_heap = LegacyHeapMapping::Standalone;
    /// Write Result::steps, the text of every derivation step (reports' details, a refusal's
    /// arithmetic). Without them a derivation does a fifth of the work.
    bool explain = true;
};

/// One memory component of the result.
struct Component {
    std::string name;         // "task heap", "managed", ...
    std::string key;          // the option that configures it ("" for a sum)
    std::int64_t bytes = 0;
    std::string source;       // "configured", "default", "derived", "configured as <alias>"
};

/// The configuration options as Flink reads them: the active key -> value of a file (aliases and
/// all; the model resolves them as Flink does: the exact key wins, then deprecated keys).
using Config = std::map<std::string, std::string, std::less<>>;

struct Result {
    Process process = Process::TaskManager;
    Status status = Status::NotConfigured;
    Path path = Path::None;

    /// Refused, Insufficient, Unreadable: the key responsible (as written in the config, an alias
    /// where the alias was used), Flink's own words with the numbers, and our arithmetic in one line.
    std::string key;
    std::vector<std::string> related_keys;  // other written keys the refusal involves
    std::string flink_message;
    std::string arithmetic;

    /// Every derivation step, in order, with its numbers ("X = framework heap 128m + ... = 6400m");
    /// empty unless Options::explain.
    std::vector<std::string> steps;
    /// What Flink only logs (INFO/WARN): a heap below the 128m minimum, a fraction that the derived
    /// size does not match, the legacy key mapping used.
    std::vector<std::string> notes;

    /// The breakdown, complete when Accepted, as far as it got when Refused. In Flink's order:
    /// TM: framework heap, task heap, framework off-heap, task off-heap, managed, network,
    /// total Flink, JVM metaspace, JVM overhead, total process; JM: JVM heap, off-heap, total Flink,
    /// JVM metaspace, JVM overhead, total process.
    std::vector<Component> components;
    /// The JVM flags Flink passes when Accepted: -Xmx, -Xms, -XX:MaxDirectMemorySize (absent for a JM
    /// without the direct-memory limit), -XX:MaxMetaspaceSize; value in bytes.
    std::vector<std::pair<std::string, std::int64_t>> jvm;
    /// Canonical option -> the key written in the config that supplied it (aliases, legacy keys).
    std::map<std::string, std::string> written;

    [[nodiscard]] std::optional<std::int64_t> bytes(std::string_view component) const;
    [[nodiscard]] std::optional<std::int64_t> total_process() const { return bytes("total process"); }
    /// The details for a report: status, path, components (bytes and MiB), JVM flags, steps, notes.
    [[nodiscard]] nlohmann::json to_json() const;
};

/// Derives the memory of one process from the config, exactly as Flink does at start-up.
[[nodiscard]] Result derive(Process process, const Config& config, const Options& options = {});

/// The keys of one process's memory model (canonical, deprecated aliases and legacy keys), for
/// deciding whether a file configures that process at all.
[[nodiscard]] const std::vector<std::string>& memory_keys(Process process);

/// "4096m", "711.1m", "1g" (exact GiB from 1g), "infinite": sizes as the messages show them.
[[nodiscard]] std::string human(std::int64_t bytes);

/// MemorySize.multiply(double): the exact decimal product of the bytes and Double.toString(m),
/// truncated to whole bytes (what Flink computes, to the byte).
[[nodiscard]] std::int64_t multiply(std::int64_t bytes, double multiplier);

/// A Flink Float option (Float.parseFloat, then widened to double as Flink does: 0.1 -> 0.10000000149...).
[[nodiscard]] std::optional<double> parse_fraction(std::string_view text);

}  // namespace streamlint::flink_memory
