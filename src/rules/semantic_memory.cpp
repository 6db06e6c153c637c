// M rules: Flink's process memory model (include/streamlint/memory_model.hpp) applied to a Flink
// file: what Flink refuses at start-up, and the breakdown it derives when it accepts.
#include "semantic_common.hpp"

namespace streamlint::semantic {

namespace {

using flink_memory::Process;
using flink_memory::Result;
using flink_memory::Status;

std::string_view title(Process p)
{
    return p == Process::TaskManager ? "TaskManager" : "JobManager";
}

/// The details of a memory finding: the model's result plus where each involved key is written.
nlohmann::json details(const Document& doc, const Result& r)
{
    nlohmann::json j = r.to_json();
    nlohmann::json where = nlohmann::json::array();
    std::vector<std::string> keys{r.key};
    keys.insert(keys.end(), r.related_keys.begin(), r.related_keys.end());
    for (const auto& [canonical, written] : r.written) {
        keys.push_back(written);
    }
    std::vector<std::string> seen;
    for (const auto& k : keys) {
        if (k.empty() || std::find(seen.begin(), seen.end(), k) != seen.end()) {
            continue;
        }
        seen.push_back(k);
        if (const Setting* s = doc.find(k)) {
            where.push_back(place(doc, *s));
        }
    }
    j["settings"] = std::move(where);
    return j;
}

/// The refusal message: our arithmetic, how the total Flink memory came about when it was derived,
/// and Flink's own words.
std::string refusal_message(const Result& r)
{
    std::string text = fmt::format("Flink refuses to start the {}: {}", title(r.process), r.arithmetic);
    if (r.path == flink_memory::Path::TotalProcess && r.arithmetic.find("total Flink memory") != std::string::npos) {
        for (const auto& s : r.steps) {
            if (s.starts_with("total Flink = total process")) {
                text += " (" + s + ")";
            }
        }
    }
    return text + "; Flink: \"" + r.flink_message + "\"";
}

void check_refused(const RuleInfo& rule, Process process, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const auto derived = flink_process(doc, ctx, process);
    const Result& r = *derived;
    if (r.status != Status::Refused) {
        return;
    }
    Finding& f = emit_at(out, rule, doc.find(r.key), r.key, refusal_message(r));
    if (ctx.details) {
        f.details = details(doc, r);
    }
}

std::string breakdown_message(const Result& r)
{
    const auto b = [&](std::string_view name) { return flink_memory::human(r.bytes(name).value_or(0)); };
    std::string flags;
    for (const auto& [flag, bytes] : r.jvm) {
        flags += fmt::format(" {}{}{}", flag, flag.starts_with("-XX:") ? "=" : "", flink_memory::human(bytes));
    }
    if (r.process == Process::TaskManager) {
        return fmt::format("TaskManager memory as Flink derives it ({} path): total process {} = total Flink {} "
                           "(framework heap {} + task heap {} + framework off-heap {} + task off-heap {} + managed {} + "
                           "network {}) + metaspace {} + overhead {}; JVM{}",
                           to_string(r.path), b("total process"), b("total Flink"), b("framework heap"), b("task heap"),
                           b("framework off-heap"), b("task off-heap"), b("managed"), b("network"), b("JVM metaspace"),
                           b("JVM overhead"), flags);
    }
    return fmt::format("JobManager memory as Flink derives it ({} path): total process {} = total Flink {} (heap {} + "
                       "off-heap {}) + metaspace {} + overhead {}; JVM{}",
                       to_string(r.path), b("total process"), b("total Flink"), b("JVM heap"), b("off-heap"),
                       b("JVM metaspace"), b("JVM overhead"), flags);
}

const char* k_model_source =
    "Flink ProcessMemoryUtils, TaskExecutorFlinkMemoryUtils, JobManagerFlinkMemoryUtils and "
    "MemoryBackwardsCompatibilityUtils (1.10+ TaskManager, 1.11+ JobManager; summarised in "
    "reference/flink/memory-model.md); Flink docs \"Set up Flink's Memory\"";

}  // namespace

void register_memory_rules(std::vector<std::unique_ptr<Rule>>& rules)
{
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"M001",
                 "taskmanager-memory-refused",
                 {FileKind::Flink},
                 Severity::Error,
                 "Flink refuses to start a TaskManager with this memory configuration",
                 FixAvailability::None,
                 {"Derives the TaskManager's memory exactly as Flink does at start-up: from task heap and managed "
                  "memory when both are set, else from `taskmanager.memory.flink.size`, else from "
                  "`taskmanager.memory.process.size` (legacy `taskmanager.heap.size` mapped as Flink 1.x maps it). "
                  "Reports every condition under which Flink refuses: configured parts that exceed the total Flink "
                  "memory, a derived network memory outside [network.min, network.max], a derived JVM overhead "
                  "outside [jvm-overhead.min, jvm-overhead.max], a total process memory below total Flink memory plus "
                  "metaspace, metaspace plus overhead above the total process memory, and a min above its max or a "
                  "fraction outside [0, 1). The message shows the arithmetic and Flink's own words; the details hold "
                  "every step.",
                  "The TaskManager does not start (IllegalConfigurationException \"TaskManager memory configuration "
                  "failed\"), and on Kubernetes or YARN the resource manager cannot even size the container. The "
                  "numbers are easy to get wrong by hand: network and JVM overhead are derived as fractions or as "
                  "remainders, and a fixed task heap that fits one total does not fit a smaller one.",
                  k_model_source,
                  "taskmanager.memory.process.size: 2048m\ntaskmanager.memory.task.heap.size: 4096m\n",
                  "taskmanager.memory.process.size: 2048m\ntaskmanager.memory.task.heap.size: 512m\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            check_refused(rule, Process::TaskManager, doc, ctx, out);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"M002",
                 "jobmanager-memory-refused",
                 {FileKind::Flink},
                 Severity::Error,
                 "Flink refuses to start the JobManager with this memory configuration",
                 FixAvailability::None,
                 {"Derives the JobManager's memory exactly as Flink does: from `jobmanager.memory.heap.size` when "
                  "set, else from `jobmanager.memory.flink.size`, else from `jobmanager.memory.process.size` (legacy "
                  "`jobmanager.heap.size` mapped as Flink 1.x maps it). Reports every refusal: a heap above the total "
                  "Flink memory, heap plus an explicit off-heap that does not equal it, a total Flink memory not "
                  "above the off-heap memory, a derived JVM overhead outside its [min, max] range, a process size "
                  "below total Flink plus metaspace, and inconsistent overhead min/max/fraction.",
                  "The JobManager does not start, so no job runs. With the process size fixed, the JVM overhead is "
                  "whatever remains after heap, off-heap and metaspace: a heap a little too large pushes it below "
                  "the 192m minimum.",
                  k_model_source,
                  "jobmanager.memory.process.size: 4096m\njobmanager.memory.heap.size: 3600m\n",
                  "jobmanager.memory.process.size: 4096m\njobmanager.memory.heap.size: 3200m\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            check_refused(rule, Process::JobManager, doc, ctx, out);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"M003",
                 "flink-memory-breakdown",
                 {FileKind::Flink},
                 Severity::Info,
                 "How Flink divides the memory of a TaskManager or JobManager this file configures",
                 FixAvailability::None,
                 {"For a TaskManager or JobManager memory configuration that Flink accepts, reports the breakdown "
                  "Flink derives: heap, managed, network, off-heap, metaspace, JVM overhead, total Flink and total "
                  "process memory, and the JVM flags it starts the process with (-Xmx, -Xms, "
                  "-XX:MaxDirectMemorySize, -XX:MaxMetaspaceSize). The finding's `details` hold every component in "
                  "bytes and MiB with where it came from (configured, default, derived) and each derivation step. "
                  "A file that configures no memory of a process (a client-only file) gets nothing for it.",
                  "A memory configuration that starts can still surprise: a 4096m task heap with 2048m managed "
                  "memory in an 8192m process leaves about 711m of network memory and 825m of JVM overhead, not the "
                  "10 % each that the fractions suggest. Seeing the numbers Flink will use is the way to size "
                  "RocksDB, network buffers and the container.",
                  k_model_source,
                  "taskmanager.memory.process.size: 1728m\n",
                  "rest.port: 8081\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            for (const Process p : {Process::JobManager, Process::TaskManager}) {
                const auto derived = flink_process(doc, ctx, p);
                const Result& r = *derived;
                if (r.status != Status::Accepted) {
                    continue;
                }
                const Setting* at = memory_anchor(doc, r);
                Finding& f = emit_at(out, rule, at, at != nullptr ? at->key : "", breakdown_message(r));
                if (ctx.details) {
        f.details = details(doc, r);
    }
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"M004",
                 "flink-memory-size-missing",
                 {FileKind::Flink},
                 Severity::Error,
                 "Memory options are set, but none from which Flink can derive the process sizes",
                 FixAvailability::None,
                 {"Finds a Flink file that sets some memory options of the TaskManager (or JobManager) but none of "
                  "the three sufficient sets: task heap and managed memory together, `*.memory.flink.size`, or "
                  "`*.memory.process.size` (nor a legacy heap key that Flink maps onto one). A file that sets no "
                  "memory option of a process at all (a client-side or JobManager-only file) is not reported: "
                  "Flink's own config.yaml always sets both process sizes, so a cluster config without any is rare "
                  "and a partial one is a mistake.",
                  "Flink refuses to start the process: \"Either required fine-grained memory (...), or Total Flink "
                  "Memory size (...), or Total Process Memory size (...) need to be configured explicitly.\" The "
                  "Flink settings of a docker-compose or Kubernetes file are not reported: they are added to the "
                  "image's config.yaml or sized by the operator. Where another deployment supplies the size (YARN's "
                  "-tm / -jm), ignore this rule for that file.",
                  k_model_source,
                  "taskmanager.memory.task.heap.size: 1024m\n",
                  "taskmanager.memory.task.heap.size: 1024m\ntaskmanager.memory.managed.size: 1024m\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            if (doc.embedding) {
                return;  // a deployment file's Flink settings join the image's config or the operator's sizes
            }
            for (const Process p : {Process::JobManager, Process::TaskManager}) {
                const auto derived = flink_process(doc, ctx, p);
                const Result& r = *derived;
                if (r.status != Status::Insufficient) {
                    continue;
                }
                const std::string p_name(to_string(p));
                Finding& f = emit_at(
                    out, rule, doc.find(r.key), r.key,
                    fmt::format("`{}` is set, but no {} size Flink can derive the rest from (set `{}.memory.process.size`, "
                                "`{}.memory.flink.size`{}); Flink: \"{}\"",
                                r.key, title(p), p_name, p_name,
                                p == Process::TaskManager ? ", or task heap and managed memory together"
                                                          : " or `jobmanager.memory.heap.size`",
                                r.flink_message));
                if (ctx.details) {
        f.details = details(doc, r);
    }
            }
        }));
}

}  // namespace streamlint::semantic
