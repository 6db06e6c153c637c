// C rules: the configs against the machines of the deployment in the project file and the tuning
// guide's minimum production setup and thresholds (Capacity Planning; Performance Benchmarks:
// memory < 85 %, storage < 85 %). Every rule is silent when the deployment does not say what it needs.
#include "semantic_common.hpp"
#include "semantic_jvm.hpp"

#include <streamlint/text.hpp>

#include <filesystem>

namespace streamlint::semantic {

namespace {

constexpr long double k_memory_target = 0.85;  // guide: memory utilisation < 85 %
constexpr long double k_disk_target = 0.85;    // guide: increase storage when disk utilisation > 85 %

std::string n(long double v)
{
    return fmt::format("{}", static_cast<long long>(v));
}

struct RfKey {
    const char* key;
    const char* fallback;
    const char* consequence;
};
constexpr RfKey k_rf_keys[] = {
    {"default.replication.factor", "1", "creating a topic with the default replication factor fails (InvalidReplicationFactor)"},
    {"offsets.topic.replication.factor", "3",
     "the broker cannot create __consumer_offsets, so consumer groups cannot find a coordinator or commit offsets"},
    {"transaction.state.log.replication.factor", "3",
     "the broker cannot create __transaction_state, so transactional producers (exactly-once sinks) cannot start"},
};

/// The process size of a Flink process, from the memory model; null when Flink would not start it.
struct FlinkProcess {
    flink_memory::Process process;
    const char* role;
    const char* title;
};
constexpr FlinkProcess k_flink_processes[] = {
    {flink_memory::Process::JobManager, "flink-jobmanager", "JobManager"},
    {flink_memory::Process::TaskManager, "flink-taskmanager", "TaskManager"},
};

const Setting* process_anchor(const Document& doc, const flink_memory::Result& r)
{
    const std::string key = r.process == flink_memory::Process::TaskManager ? "taskmanager.memory.process.size"
                                                                            : "jobmanager.memory.process.size";
    if (auto it = r.written.find(key); it != r.written.end()) {
        if (const Setting* s = doc.find(it->second)) {
            return s;
        }
    }
    return memory_anchor(doc, r);
}

void check_flink_host(const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out, bool above_host)
{
    for (const FlinkProcess& p : k_flink_processes) {
        const auto h = host(doc, ctx, p.role);
        if (!h || !h->memory || *h->memory == 0) {
            continue;
        }
        const auto model = flink_process(doc, ctx, p.process);
        const flink_memory::Result& r = *model;
        const auto process = r.total_process();
        if (r.status != flink_memory::Status::Accepted || !process) {
            continue;
        }
        const auto host_bytes = static_cast<long double>(*h->memory);
        const long double share = static_cast<long double>(*process) / host_bytes;
        const bool over_host = share > 1;
        if (above_host != over_host || (!above_host && share <= k_memory_target)) {
            continue;
        }
        const Setting* at = process_anchor(doc, r);
        const bool written = r.written.contains(p.process == flink_memory::Process::TaskManager
                                                    ? "taskmanager.memory.process.size"
                                                    : "jobmanager.memory.process.size");
        const std::string derived = written ? "" : " (derived)";
        std::string message =
            over_host
                ? fmt::format("{} total process memory {}{} > the {} of a {} host ({} of it): the process cannot fit, "
                              "the kernel or the container runtime kills it (OOM) once it uses its memory",
                              p.title, flink_memory::human(*process), derived, gib(host_bytes), p.role, percent(share))
                : fmt::format("{} total process memory {}{} = {} of the {} {} host > the guide's 85 % memory target "
                              "({}){}",
                              p.title, flink_memory::human(*process), derived, percent(share), gib(host_bytes), p.role,
                              flink_memory::human(static_cast<std::int64_t>(host_bytes * k_memory_target)),
                              share >= 1 ? ": nothing is left for the operating system" : "");
        Finding& f = emit_at(out, rule, at, at != nullptr ? at->key : "", std::move(message));
        if (ctx.details) {
            f.details = {{"process", std::string(flink_memory::to_string(p.process))},
                         {"total_process_bytes", *process},
                         {"host_memory_bytes", *h->memory},
                         {"share", static_cast<double>(share)},
                         {"target_share", static_cast<double>(k_memory_target)},
                         {"breakdown", r.to_json()}};
        }
        if (!over_host) {
            f.recommended = flink_memory::human(static_cast<std::int64_t>(host_bytes * k_memory_target) / flink_memory::k_mib *
                                                flink_memory::k_mib);
        }
    }
}

/// Retention as the broker applies it: log.retention.ms, else .minutes, else .hours (168 by default);
/// -1 is unlimited.
struct Retention {
    long double ms = 0;
    const Setting* setting = nullptr;
    std::string source;
};

std::optional<Retention> broker_retention(const Document& doc, const RuleContext& ctx)
{
    if (const auto ms = value(doc, "log.retention.ms", ValueType::Long)) {
        return Retention{ms->number, ms->setting, "log.retention.ms"};
    }
    if (const auto min = value(doc, "log.retention.minutes", ValueType::Int)) {
        return Retention{min->number < 0 ? -1 : min->number * 60000, min->setting, "log.retention.minutes"};
    }
    if (const auto h = value(doc, "log.retention.hours", ValueType::Int)) {
        return Retention{h->number < 0 ? -1 : h->number * 3600000, h->setting, "log.retention.hours"};
    }
    if (ctx.project != nullptr && ctx.project->workload.retention_ms) {
        return Retention{static_cast<long double>(*ctx.project->workload.retention_ms), nullptr, "workload.retention"};
    }
    return Retention{168.0L * 3600000, nullptr, "log.retention.hours (default 168)"};
}

/// The first document of `kind` in the run (by path), so a deployment-wide finding is made once.
bool first_of_kind(const Document& doc, const RuleContext& ctx)
{
    for (const Document* d : others(doc, ctx)) {
        if (d->kind == doc.kind && d->path < doc.path) {
            return false;
        }
    }
    return true;
}

}  // namespace

void register_capacity_rules(std::vector<std::unique_ptr<Rule>>& rules)
{
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C001",
                 "replication-factor-above-brokers",
                 {FileKind::KafkaBroker},
                 Severity::Error,
                 "A replication factor is larger than the number of brokers in the deployment",
                 FixAvailability::None,
                 {"Compares `default.replication.factor` (default 1), `offsets.topic.replication.factor` (default 3) "
                  "and `transaction.state.log.replication.factor` (default 3) with the `kafka-broker` count of the "
                  "project file's deployment. Defaults count: a one-broker cluster that leaves "
                  "offsets.topic.replication.factor unset cannot host consumer groups.",
                  "Kafka places each replica of a partition on a different broker. With fewer brokers than the "
                  "factor, topic creation fails, and for the internal topics the broker keeps refusing to create "
                  "them: consumer groups and transactions never work.",
                  "Kafka broker configs default.replication.factor, offsets.topic.replication.factor, "
                  "transaction.state.log.replication.factor; tuning guide, Minimum Production Setup (3 brokers)",
                  "# .streamlint.yaml: {deployment: {kafka-broker: {count: 2}}}\ndefault.replication.factor=3\n"
                  "offsets.topic.replication.factor=2\ntransaction.state.log.replication.factor=2\n",
                  "# .streamlint.yaml: {deployment: {kafka-broker: {count: 2}}}\ndefault.replication.factor=2\n"
                  "offsets.topic.replication.factor=2\ntransaction.state.log.replication.factor=2\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto brokers = host(doc, ctx, "kafka-broker");
            if (!brokers || !brokers->count) {
                return;
            }
            for (const RfKey& k : k_rf_keys) {
                const auto rf = value(doc, k.key, ValueType::Int, k.fallback);
                if (!rf || rf->number <= static_cast<long double>(*brokers->count)) {
                    continue;
                }
                Finding& f = emit_at(out, rule, rf->setting, k.key,
                                     fmt::format("{} {}{} > {} broker{} in the deployment: {}", k.key, n(rf->number),
                                                 rf->set() ? "" : " (default)", *brokers->count,
                                                 *brokers->count == 1 ? "" : "s", k.consequence));
                f.recommended = n(static_cast<long double>(*brokers->count));
                if (ctx.details) {
                    f.details = {{"replication_factor", rf->number}, {"brokers", *brokers->count}};
                }
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C002",
                 "replicas-not-assignable",
                 {FileKind::ElasticsearchIndex},
                 Severity::Warning,
                 "More replicas than the Elasticsearch nodes can hold: the cluster stays yellow",
                 FixAvailability::None,
                 {"Compares `index.number_of_replicas` (default 1) with the `elasticsearch` node count of the "
                  "deployment: every copy of a shard needs its own node, so replicas + 1 copies need as many nodes. "
                  "Skipped when `index.auto_expand_replicas` adapts the replicas to the nodes.",
                  "Elasticsearch never puts two copies of a shard on one node. Replicas that have no node stay "
                  "unassigned: the index and the cluster health are yellow, and the redundancy the setting asks for "
                  "does not exist.",
                  "Elasticsearch shard allocation (same-shard rule) and index.number_of_replicas; tuning guide, "
                  "Minimum Production Setup (3 nodes)",
                  "// .streamlint.yaml: {deployment: {elasticsearch: {count: 2}}}\n"
                  "{\"settings\": {\"index.number_of_replicas\": 2}}\n",
                  "// .streamlint.yaml: {deployment: {elasticsearch: {count: 2}}}\n"
                  "{\"settings\": {\"index.number_of_replicas\": 1}}\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto nodes = host(doc, ctx, "elasticsearch");
            if (!nodes || !nodes->count) {
                return;
            }
            // Per index body part (a GET _settings response holds several indices).
            std::vector<std::string> scopes{""};
            for (const Setting& s : doc.settings) {
                if (std::find(scopes.begin(), scopes.end(), s.scope) == scopes.end()) {
                    scopes.push_back(s.scope);
                }
            }
            for (const auto& scope : scopes) {
                const Setting* replicas = nullptr;
                bool auto_expand = false;
                bool any = false;
                for (const Setting& s : doc.settings) {
                    if (!s.active() || s.scope != scope) {
                        continue;
                    }
                    any = true;
                    if (s.key == "index.number_of_replicas") {
                        replicas = &s;
                    } else if (s.key == "index.auto_expand_replicas" && to_lower(s.value) != "false") {
                        auto_expand = true;
                    }
                }
                if (!any || auto_expand) {
                    continue;
                }
                const auto parsed = parse_value(ValueType::Int, Dialect::Elasticsearch, replicas ? replicas->value : "1");
                if (!parsed || parsed->number < static_cast<long double>(*nodes->count)) {
                    continue;
                }
                const long double unassigned = (parsed->number + 1 - static_cast<long double>(*nodes->count));
                Finding& f = emit_at(out, rule, replicas, "index.number_of_replicas",
                                     fmt::format("index.number_of_replicas {}{} needs {} nodes for the {} copies of "
                                                 "each shard, the deployment has {}: {} replica{} of every shard "
                                                 "stay{} unassigned and the cluster is yellow",
                                                 n(parsed->number), replicas ? "" : " (default)", n(parsed->number + 1),
                                                 n(parsed->number + 1), *nodes->count, n(unassigned),
                                                 unassigned == 1 ? "" : "s", unassigned == 1 ? "s" : ""));
                f.recommended = n(static_cast<long double>(*nodes->count - 1));
                if (ctx.details) {
                    f.details = {{"replicas", parsed->number},
                                 {"nodes", *nodes->count},
                                 {"unassigned_per_shard", unassigned}};
                }
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C003",
                 "es-heap-over-half-ram",
                 {FileKind::Jvm},
                 Severity::Warning,
                 "The Elasticsearch heap is more than half of the node's memory",
                 FixAvailability::None,
                 {"Compares the node's maximum heap (`-Xmx`, `-XX:MaxHeapSize`, across jvm.options and "
                  "jvm.options.d) with the `elasticsearch` memory of the deployment.",
                  "Elasticsearch's guidance is a heap of at most half the RAM: Lucene reads its files through the "
                  "operating system's page cache, and direct buffers and Netty live off the heap. A larger heap "
                  "starves the page cache (slow searches and merges) and risks the OOM killer.",
                  "Elasticsearch heap sizing guidance (\"no more than 50 % of your total memory\"); "
                  "MachineDependentHeap sizes data nodes at 50 %; reference/elasticsearch/jvm-options-format.md §3",
                  "# .streamlint.yaml: {deployment: {elasticsearch: {memory: 16g}}}\n-Xms12g\n-Xmx12g\n",
                  "# .streamlint.yaml: {deployment: {elasticsearch: {memory: 16g}}}\n-Xms8g\n-Xmx8g\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto node = host(doc, ctx, "elasticsearch");
            if (!es_node_jvm(doc) || !node || !node->memory || *node->memory == 0) {
                return;
            }
            const auto xmx = heap_flag(doc, ctx, true);
            const auto ram = static_cast<long double>(*node->memory);
            if (!xmx || xmx->doc != &doc || xmx->bytes <= ram / 2) {
                return;
            }
            Finding& f = emit_at(out, rule, xmx->setting, xmx->setting->key,
                                 fmt::format("heap {} = {} of the {} elasticsearch node > 50 % ({}): too little is left "
                                             "for the page cache Lucene reads through and for off-heap memory",
                                             gib(xmx->bytes), percent(xmx->bytes / ram), gib(ram), gib(ram / 2)));
            f.recommended = gib(std::min<long double>(ram / 2, 31.0L * 1024 * 1024 * 1024));
            if (ctx.details) {
                f.details = {{"heap_bytes", static_cast<double>(xmx->bytes)},
                             {"node_memory_bytes", *node->memory},
                             {"share", static_cast<double>(xmx->bytes / ram)}};
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C004",
                 "flink-process-exceeds-host",
                 {FileKind::Flink},
                 Severity::Error,
                 "A Flink process needs more memory than its host has",
                 FixAvailability::None,
                 {"Derives the total process memory of the TaskManager and the JobManager with Flink's memory model "
                  "(see M003) and compares it with the memory of a `flink-taskmanager` / `flink-jobmanager` host of "
                  "the deployment (one process per host).",
                  "The JVM reserves heap and direct memory up front and grows into the rest; a process larger than "
                  "the machine (or the container limit) is killed by the kernel's OOM killer or the container "
                  "runtime once it uses its memory, usually under load.",
                  "Flink memory model (ProcessMemoryUtils); tuning guide, Minimum Production Setup",
                  "# .streamlint.yaml: {deployment: {flink-jobmanager: {memory: 4g}}}\n"
                  "jobmanager.memory.process.size: 6144m\n",
                  "# .streamlint.yaml: {deployment: {flink-jobmanager: {memory: 4g}}}\n"
                  "jobmanager.memory.process.size: 3072m\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            check_flink_host(rule, doc, ctx, out, true);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C005",
                 "flink-process-over-memory-target",
                 {FileKind::Flink},
                 Severity::Warning,
                 "A Flink process takes more than the guide's 85 % of its host's memory",
                 FixAvailability::None,
                 {"Derives the total process memory of the TaskManager and the JobManager with Flink's memory model "
                  "and compares it with 85 % of the memory of a `flink-taskmanager` / `flink-jobmanager` host (the "
                  "guide's memory utilisation target). Above 100 % C004 reports it instead.",
                  "The operating system, the page cache RocksDB and checkpoint uploads read through, monitoring "
                  "agents and the container runtime need the rest. The tuning guide gives the JobManager 4096m on a "
                  "4 GB host: 100 % of it.",
                  "Tuning guide, Performance Benchmarks (memory utilisation < 85 %) and Minimum Production Setup; "
                  "Flink memory model",
                  "# .streamlint.yaml: {deployment: {flink-jobmanager: {memory: 4g}}}\n"
                  "jobmanager.memory.process.size: 4096m\n",
                  "# .streamlint.yaml: {deployment: {flink-jobmanager: {memory: 4g}}}\n"
                  "jobmanager.memory.process.size: 3072m\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            check_flink_host(rule, doc, ctx, out, false);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C006",
                 "task-slots-above-cores",
                 {FileKind::Flink},
                 Severity::Warning,
                 "More task slots per TaskManager than its host has cores",
                 FixAvailability::None,
                 {"Compares `taskmanager.numberOfTaskSlots` (default 1) with the cores of a `flink-taskmanager` host.",
                  "Each slot runs a parallel pipeline of tasks, each with its own threads. More slots than cores "
                  "means the slots' tasks share cores: throughput per slot drops, latency rises under load, and the "
                  "parallelism that the slots suggest is not there. The guide runs 4 slots on 8 cores.",
                  "Flink docs \"Task Slots and Resources\"; tuning guide, TaskManager Configuration and Minimum "
                  "Production Setup",
                  "# .streamlint.yaml: {deployment: {flink-taskmanager: {cores: 4}}}\ntaskmanager.numberOfTaskSlots: 8\n",
                  "# .streamlint.yaml: {deployment: {flink-taskmanager: {cores: 4}}}\ntaskmanager.numberOfTaskSlots: 4\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto tm = host(doc, ctx, "flink-taskmanager");
            const auto slots = value(doc, "taskmanager.numberOfTaskSlots", ValueType::Int);
            if (!tm || !tm->cores || !slots || slots->number <= static_cast<long double>(*tm->cores)) {
                return;
            }
            Finding& f = emit_at(out, rule, slots->setting, slots->setting->key,
                                 fmt::format("taskmanager.numberOfTaskSlots {} > {} cores of a flink-taskmanager host: "
                                             "{} slots share each core",
                                             n(slots->number), *tm->cores,
                                             fmt::format("{:.1f}", static_cast<double>(slots->number) /
                                                                       static_cast<double>(*tm->cores))));
            f.recommended = std::to_string(*tm->cores);
            if (ctx.details) {
                f.details = {{"slots", slots->number}, {"cores", *tm->cores}};
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C007",
                 "kafka-disk-retention",
                 {FileKind::KafkaBroker},
                 Severity::Warning,
                 "Retention x throughput x replication does not fit the brokers' disks below the guide's 85 %",
                 FixAvailability::None,
                 {"Computes the log the brokers keep: retention (`log.retention.ms`, `.minutes` or `.hours` as Kafka "
                  "reads them, else the workload's `retention`, else Kafka's 168 h) x the workload's "
                  "`bytes-per-second` x `default.replication.factor`, and compares it with 85 % of the disk of all "
                  "brokers (`kafka-broker` disk size x count). Assumes the bytes are as stored (after producer "
                  "compression) and spread evenly over the brokers; `log.retention.bytes`, when set, is shown as the "
                  "number of partition replicas up to which it would cap the log instead.",
                  "A broker whose log directory fills up stops: it takes every partition on that disk offline. The "
                  "guide's threshold for adding storage is 85 % disk utilisation.",
                  "Tuning guide, Vertical Scaling (storage > 85 %) and Minimum Production Setup (3 x 1 TB SSD); Kafka "
                  "broker configs log.retention.* and default.replication.factor",
                  "# .streamlint.yaml: {deployment: {kafka-broker: {count: 3, disk: {size: 1t}}}, workload: "
                  "{bytes-per-second: 10m}}\nlog.retention.hours=168\ndefault.replication.factor=3\n",
                  "# .streamlint.yaml: {deployment: {kafka-broker: {count: 3, disk: {size: 1t}}}, workload: "
                  "{bytes-per-second: 10m}}\nlog.retention.hours=24\ndefault.replication.factor=3\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto brokers = host(doc, ctx, "kafka-broker");
            if (!brokers || !brokers->count || !brokers->disk_size || ctx.project == nullptr ||
                !ctx.project->workload.bytes_per_second) {
                return;
            }
            const auto retention = broker_retention(doc, ctx);
            const auto rf = value(doc, "default.replication.factor", ValueType::Int, "1");
            if (!retention || !rf) {
                return;
            }
            const auto bps = static_cast<long double>(*ctx.project->workload.bytes_per_second);
            const long double capacity = static_cast<long double>(*brokers->disk_size) * static_cast<long double>(*brokers->count);
            const long double budget = capacity * k_disk_target;
            const bool unlimited = retention->ms < 0;
            const long double needed = unlimited ? 0 : bps * retention->ms / 1000 * rf->number;
            if (!unlimited && needed <= budget) {
                return;
            }
            const long double fits_ms = budget / (bps * rf->number) * 1000;
            std::string message;
            if (unlimited) {
                message = fmt::format("{} -1 keeps the log forever: at {}/s x replication {} the brokers' {} x {} = {} "
                                      "reach the guide's 85 % ({}) after {}",
                                      retention->source, gib(bps), n(rf->number), *brokers->count,
                                      gib(static_cast<long double>(*brokers->disk_size)), gib(capacity), gib(budget),
                                      duration(fits_ms));
            } else {
                message = fmt::format("retention {} ({}) x {}/s x replication {}{} = {} > 85 % of the brokers' {} x {} "
                                      "= {} ({} of {}); at this throughput {} fits",
                                      duration(retention->ms), retention->source, gib(bps), n(rf->number),
                                      rf->set() ? "" : " (default)", gib(needed), *brokers->count,
                                      gib(static_cast<long double>(*brokers->disk_size)), gib(budget),
                                      percent(needed / capacity), gib(capacity), duration(fits_ms));
            }
            const auto rb = value(doc, "log.retention.bytes", ValueType::Long, "-1");
            const auto sb = value(doc, "log.segment.bytes", ValueType::Int, "1073741824");
            std::optional<long double> max_replicas;  // under log.retention.bytes
            if (rb && sb && rb->number > 0) {
                max_replicas = std::floor(budget / (rb->number + sb->number));
                message += fmt::format("; log.retention.bytes {} caps it instead only while the cluster holds at most "
                                       "{} partition replicas ({} retained + {} active segment each), and then "
                                       "deletes data long before {}",
                                       gib(rb->number), count(*max_replicas), gib(rb->number), gib(sb->number),
                                       duration(retention->ms));
            }
            Finding& f = emit_at(out, rule, retention->setting,
                                 retention->setting != nullptr ? retention->setting->key : "log.retention.hours",
                                 std::move(message));
            if (ctx.details) {
                f.details = {{"retention_ms", static_cast<double>(retention->ms)},
                             {"retention_source", retention->source},
                             {"bytes_per_second", static_cast<double>(bps)},
                             {"replication_factor", rf->number},
                             {"needed_bytes", static_cast<double>(needed)},
                             {"disk_bytes", static_cast<double>(capacity)},
                             {"threshold", static_cast<double>(k_disk_target)},
                             {"retention_that_fits_ms", static_cast<double>(fits_ms)}};
                if (max_replicas) {
                    f.details["max_partition_replicas_under_retention_bytes"] = static_cast<double>(*max_replicas);
                }
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C008",
                 "rocksdb-options-disk-type",
                 {FileKind::Flink},
                 Severity::Warning,
                 "RocksDB's predefined options are tuned for another kind of disk than the TaskManagers have",
                 FixAvailability::None,
                 {"Compares `state.backend.rocksdb.predefined-options` with the disk type of a `flink-taskmanager` "
                  "host in the deployment: `SPINNING_DISK_OPTIMIZED` and `SPINNING_DISK_OPTIMIZED_HIGH_MEM` on ssd "
                  "or nvme, `FLASH_SSD_OPTIMIZED` on hdd. RocksDB keeps its working files on the TaskManagers' local "
                  "disks, so only their disk type counts; when the deployment does not give it (the tuning guide "
                  "gives disks for brokers and Elasticsearch nodes only), the rule stays silent.",
                  "The spinning-disk profiles trade CPU and memory for fewer random reads (larger blocks and "
                  "compaction readahead, bigger write buffers), which a flash disk does not need; the flash profile "
                  "assumes cheap random reads a spinning disk does not have.",
                  "Flink PredefinedOptions (state.backend.rocksdb.predefined-options); tuning guide, JobManager "
                  "Configuration (SPINNING_DISK_OPTIMIZED_HIGH_MEM)",
                  "# .streamlint.yaml: {deployment: {flink-taskmanager: {disk: {type: ssd}}}}\n"
                  "state.backend.rocksdb.predefined-options: SPINNING_DISK_OPTIMIZED_HIGH_MEM\n",
                  "# .streamlint.yaml: {deployment: {flink-taskmanager: {disk: {type: ssd}}}}\n"
                  "state.backend.rocksdb.predefined-options: FLASH_SSD_OPTIMIZED\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto tm = host(doc, ctx, "flink-taskmanager");
            const Setting* s = doc.find("state.backend.rocksdb.predefined-options");
            if (!tm || !tm->disk_type || s == nullptr) {
                return;
            }
            const std::string disk = to_lower(*tm->disk_type);
            const std::string options = to_lower(trim(s->value));
            const bool flash = disk == "ssd" || disk == "nvme" || disk == "flash";
            const bool spinning = disk == "hdd" || disk == "spinning" || disk == "disk";
            const bool for_spinning = options.starts_with("spinning_disk_optimized");
            const bool for_flash = options == "flash_ssd_optimized";
            if (!(flash && for_spinning) && !(spinning && for_flash)) {
                return;
            }
            Finding& f = emit_at(out, rule, s, s->key,
                                 fmt::format("{} is tuned for {} disks, but the flink-taskmanager hosts have {} disks",
                                             s->value, for_spinning ? "spinning" : "flash (SSD)", *tm->disk_type));
            f.recommended = for_spinning ? "FLASH_SSD_OPTIMIZED" : "SPINNING_DISK_OPTIMIZED";
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"C009",
                 "cluster-below-guide-minimum",
                 {FileKind::KafkaBroker, FileKind::Flink, FileKind::ElasticsearchIndex},
                 Severity::Warning,
                 "Fewer brokers, TaskManagers or Elasticsearch nodes than the guide's minimum production setup",
                 FixAvailability::None,
                 {"Compares the deployment's `kafka-broker`, `flink-taskmanager` and `elasticsearch` counts with the "
                  "tuning guide's minimum production setup (3 of each; 1 JobManager), once per run, at the first "
                  "file of the component: a broker file, a Flink file, an index body.",
                  "Three brokers are what a replication factor of 3 with min.insync.replicas 2 needs to survive one "
                  "broker; three Elasticsearch nodes are what a master quorum and a replica on another node need; "
                  "three TaskManagers let a job keep running (with fewer slots) while one restarts.",
                  "Tuning guide, Capacity Planning > Minimum Production Setup",
                  "# .streamlint.yaml: {deployment: {kafka-broker: {count: 1}}}\nnum.io.threads=16\n",
                  "# .streamlint.yaml: {deployment: {kafka-broker: {count: 3}}}\nnum.io.threads=16\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const char* role = doc.kind == FileKind::KafkaBroker ? "kafka-broker"
                               : doc.kind == FileKind::Flink     ? "flink-taskmanager"
                                                                 : "elasticsearch";
            const char* what = doc.kind == FileKind::KafkaBroker ? "brokers"
                               : doc.kind == FileKind::Flink     ? "TaskManagers"
                                                                 : "Elasticsearch nodes";
            // The deployment the project file declares (a docker-compose file for development says
            // nothing about the production cluster).
            const HostSpec* h = nullptr;
            if (ctx.project != nullptr) {
                if (const auto it = ctx.project->deployment.find(role); it != ctx.project->deployment.end()) {
                    h = &it->second;
                }
            }
            if (h == nullptr || !h->count || *h->count >= 3 || !first_of_kind(doc, ctx)) {
                return;
            }
            Finding& f = out.emit_file(rule, fmt::format("the deployment has {} {} ({}.count), fewer than the 3 of the "
                                                         "guide's minimum production setup",
                                                         *h->count, what, role));
            if (ctx.details) {
                f.details = {{"role", role}, {"count", *h->count}, {"guide_minimum", 3}};
            }
        }));
}

}  // namespace streamlint::semantic
