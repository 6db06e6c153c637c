// The tuning advisor. Every value is a formula over the machines and the workload (pgtune's way),
// with the inputs echoed and what cannot be met said plainly (postgresqltuner, Cruise Control: hard
// limits — disk, memory, what Flink accepts — before preferences).
#include <streamlint/advise.hpp>
#include <streamlint/discover.hpp>
#include <streamlint/edits.hpp>
#include <streamlint/engine.hpp>
#include <streamlint/memory_model.hpp>
#include <streamlint/packs.hpp>
#include <streamlint/rule.hpp>
#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace streamlint {

std::optional<Profile> parse_profile(std::string_view name)
{
    if (name == "guide") {
        return Profile::Guide;
    }
    if (name == "throughput") {
        return Profile::Throughput;
    }
    if (name == "latency") {
        return Profile::Latency;
    }
    if (name == "durability") {
        return Profile::Durability;
    }
    return std::nullopt;
}

std::string_view to_string(Profile p)
{
    switch (p) {
    case Profile::Guide: return "guide";
    case Profile::Throughput: return "throughput";
    case Profile::Latency: return "latency";
    case Profile::Durability: return "durability";
    }
    return "guide";
}

namespace {

constexpr std::uint64_t k_mib = 1024ULL * 1024;
constexpr std::uint64_t k_gib = k_mib * 1024;
constexpr std::uint64_t k_tib = k_gib * 1024;

/// The guide's minimum production setup, used for a role the deployment does not describe.
HostSpec guide_host(const std::string& role)
{
    if (role == "kafka-broker") {
        return {3, 4, 16 * k_gib, std::string("ssd"), 1 * k_tib};
    }
    if (role == "flink-jobmanager") {
        return {1, 2, 4 * k_gib, std::nullopt, std::nullopt};
    }
    if (role == "flink-taskmanager") {
        return {3, 8, 16 * k_gib, std::nullopt, std::nullopt};
    }
    return {3, 8, 32 * k_gib, std::string("ssd"), 2 * k_tib};  // elasticsearch
}

std::string size_text(std::uint64_t bytes)
{
    if (bytes >= k_tib && bytes % k_tib == 0) {
        return fmt::format("{}t", bytes / k_tib);
    }
    if (bytes >= k_gib && bytes % k_gib == 0) {
        return fmt::format("{}g", bytes / k_gib);
    }
    if (bytes >= k_mib && bytes % k_mib == 0) {
        return fmt::format("{}m", bytes / k_mib);
    }
    return fmt::format("{}", bytes);
}

std::string rate_text(double bytes_per_second)
{
    return fmt::format("{:.0f} MiB/s", bytes_per_second / static_cast<double>(k_mib));
}

std::string tb_text(double bytes)
{
    return fmt::format("{:.1f} TiB", bytes / static_cast<double>(k_tib));
}

/// Builds the advice, role by role.
class Advisor {
public:
    Advisor(const ProjectConfig& project, const Targets& targets, const AdviseOptions& options)
        : m_project(project), m_targets(targets), m_options(options)
    {
        m_result.profile = options.profile;
        m_result.targets = targets;
    }

    AdviceResult run()
    {
        const Workload& w = m_project.workload;
        m_eps = w.events_per_second.value_or(10000);
        m_bps = static_cast<double>(w.bytes_per_second.value_or(100 * k_mib));
        m_p95_ms = w.latency_p95_ms.value_or(1000);
        m_result.inputs.push_back(fmt::format(
            "profile {}; workload {:.0f} events/s{}, {}{}, p95 latency target {} ms{}; retention {}", to_string(p()),
            m_eps, w.events_per_second ? "" : " (the guide's KPI, not given)", rate_text(m_bps),
            w.bytes_per_second ? "" : " (the guide's KPI, not given)", m_p95_ms,
            w.latency_p95_ms ? "" : " (the guide's KPI, not given)",
            w.retention_ms ? fmt::format("{} h", *w.retention_ms / 3'600'000) : "168 h (the guide's, not given)"));
        m_broker = host("kafka-broker");
        m_jm = host("flink-jobmanager");
        m_tm = host("flink-taskmanager");
        m_es = host("elasticsearch");

        if (wants("kafka-broker")) {
            broker();
        }
        if (wants("kafka-producer")) {
            producer();
        }
        if (wants("kafka-consumer")) {
            consumer();
        }
        if (wants("flink")) {
            flink();
        }
        if (wants("elasticsearch")) {
            elasticsearch_index();
            elasticsearch_jvm();
        }
        return std::move(m_result);
    }

private:
    [[nodiscard]] Profile p() const { return m_options.profile; }

    [[nodiscard]] bool wants(const std::string& role) const
    {
        return m_options.roles.empty() ||
               std::find(m_options.roles.begin(), m_options.roles.end(), role) != m_options.roles.end();
    }

    HostSpec host(const std::string& role)
    {
        const HostSpec guide = guide_host(role);
        HostSpec h = guide;
        auto it = m_project.deployment.find(role);
        if (it != m_project.deployment.end()) {
            const HostSpec& d = it->second;
            h.count = d.count ? d.count : guide.count;
            h.cores = d.cores ? d.cores : guide.cores;
            h.memory = d.memory ? d.memory : guide.memory;
            h.disk_type = d.disk_type ? d.disk_type : guide.disk_type;
            h.disk_size = d.disk_size ? d.disk_size : guide.disk_size;
        } else if (wants_role_of(role)) {
            m_result.caveats.push_back(fmt::format(
                "deployment.{} is not given: sized for the guide's minimum production setup ({})", role,
                describe(guide)));
        }
        m_result.inputs.push_back(fmt::format("{}: {}", role, describe(h)));
        return h;
    }

    [[nodiscard]] bool wants_role_of(const std::string& role) const
    {
        if (role == "kafka-broker") {
            return wants("kafka-broker");
        }
        if (role.starts_with("flink")) {
            return wants("flink");
        }
        return wants("elasticsearch");
    }

    static std::string describe(const HostSpec& h)
    {
        std::string s = fmt::format("{} x {} cores, {} memory", h.count.value_or(1), h.cores.value_or(1),
                                    h.memory ? size_text(*h.memory) : "?");
        if (h.disk_size || h.disk_type) {
            s += fmt::format(", {} {} disk", h.disk_size ? size_text(*h.disk_size) : "?", h.disk_type.value_or("?"));
        }
        return s;
    }

    AdvisedFile& file(std::string path, FileKind kind, Syntax syntax, std::string title)
    {
        AdvisedFile& f = m_result.files.emplace_back();
        f.path = std::move(path);
        f.kind = kind;
        f.syntax = syntax;
        f.title = std::move(title);
        return f;
    }

    static void set(AdvisedFile& f, std::string key, std::string value, std::string reason)
    {
        f.settings.push_back({std::move(key), std::move(value), std::move(reason)});
    }

    // --- Kafka broker --------------------------------------------------------------------------
    void broker()
    {
        const std::int64_t brokers = *m_broker.count;
        const std::int64_t cores = *m_broker.cores;
        AdvisedFile& f = file("kafka/server.properties", FileKind::KafkaBroker, Syntax::Properties,
                              "Kafka broker (server.properties)");
        if (p() == Profile::Guide) {
            set(f, "num.network.threads", "8", "8: the guide's value");
            set(f, "num.io.threads", "16", "16: the guide's value");
        } else {
            set(f, "num.network.threads", std::to_string(std::max<std::int64_t>(3, cores)),
                fmt::format("{} = max(3, {} cores): one network thread a core", std::max<std::int64_t>(3, cores), cores));
            const std::int64_t io = std::max<std::int64_t>(8, 2 * cores);
            set(f, "num.io.threads", std::to_string(io), fmt::format("{} = max(8, 2 x {} cores)", io, cores));
        }
        set(f, "socket.send.buffer.bytes", "102400", "100 KiB: the guide's value");
        set(f, "socket.receive.buffer.bytes", "102400", "100 KiB: the guide's value");
        set(f, "socket.request.max.bytes", "104857600", "100 MiB: the guide's value");

        const std::int64_t rf = std::min<std::int64_t>(3, brokers);
        const std::int64_t isr = rf >= 3 ? rf - 1 : 1;
        set(f, "default.replication.factor", std::to_string(rf),
            fmt::format("{} = min(3, {} brokers)", rf, brokers));
        set(f, "min.insync.replicas", std::to_string(isr),
            rf >= 3 ? fmt::format("{} = replication factor {} - 1: acks=all writes survive one broker down", isr, rf)
                    : fmt::format("1: with replication factor {} a larger value blocks writes when a broker is down", rf));
        set(f, "offsets.topic.replication.factor", std::to_string(rf), fmt::format("{} = min(3, {} brokers)", rf, brokers));
        set(f, "transaction.state.log.replication.factor", std::to_string(rf),
            fmt::format("{} = min(3, {} brokers)", rf, brokers));
        set(f, "transaction.state.log.min.isr", std::to_string(isr), fmt::format("{} = min.insync.replicas", isr));
        if (brokers < 3) {
            m_result.caveats.push_back(fmt::format(
                "{} broker(s) is below the guide's minimum of 3: replication factor {} cannot survive a broker loss "
                "with acks=all",
                brokers, rf));
        }

        // Partitions from the throughput target.
        const double per_partition = (p() == Profile::Latency ? 5.0 : 10.0) * static_cast<double>(k_mib);
        std::int64_t partitions = std::max<std::int64_t>(
            brokers, static_cast<std::int64_t>(std::ceil(m_bps / per_partition)));
        partitions = ((partitions + brokers - 1) / brokers) * brokers;
        set(f, "num.partitions", std::to_string(partitions),
            fmt::format("{} = {} / {} per partition (assumed sustainable rate of one partition with batching), "
                        "rounded up to a multiple of {} brokers",
                        partitions, rate_text(m_bps), rate_text(per_partition), brokers));
        m_partitions = partitions;
        if (partitions / brokers > 3) {
            m_result.caveats.push_back(fmt::format(
                "{} partitions on {} brokers is {} per broker, above the guide's scaling threshold of 3: the guide "
                "would add brokers",
                partitions, brokers, partitions / brokers));
        }

        // Retention that fits the disks: bytes/s x retention x replication <= 85 % of the cluster's disk.
        const double disk = static_cast<double>(*m_broker.disk_size) * static_cast<double>(brokers);
        const double usable = 0.85 * disk;
        const double wanted_h = m_project.workload.retention_ms ? static_cast<double>(*m_project.workload.retention_ms) / 3.6e6
                                                                : 168.0;
        const double need = m_bps * wanted_h * 3600.0 * static_cast<double>(rf);
        std::int64_t hours = static_cast<std::int64_t>(wanted_h);
        if (need > usable) {
            hours = static_cast<std::int64_t>(std::floor(usable / (m_bps * static_cast<double>(rf)) / 3600.0));
            m_result.caveats.push_back(fmt::format(
                "retention of {:.0f} h at {} x replication {} needs {}; 85 % of {} x {} disks holds {}: the retention "
                "that fits is {} h{}",
                wanted_h, rate_text(m_bps), rf, tb_text(need), brokers, size_text(*m_broker.disk_size),
                tb_text(usable), hours, hours < 1 ? " (less than an hour: add disks or brokers)" : ""));
            hours = std::max<std::int64_t>(hours, 1);
        }
        set(f, "log.retention.hours", std::to_string(hours),
            need > usable ? fmt::format("{} h: the most that fits 85 % of the disks (see the caveats)", hours)
                          : fmt::format("{} h: {} x {} h x replication {} = {} fits 85 % of {} disks ({})",
                                        hours, rate_text(m_bps), hours, rf, tb_text(need), brokers, tb_text(usable)));
        // Per-partition cap: the disk share of each partition replica on a broker.
        const double replicas_per_broker = static_cast<double>(partitions * rf) / static_cast<double>(brokers);
        const auto cap = static_cast<std::uint64_t>(0.85 * static_cast<double>(*m_broker.disk_size) / replicas_per_broker);
        const std::uint64_t cap_mib = cap / k_mib * k_mib;
        set(f, "log.retention.bytes", std::to_string(cap_mib),
            fmt::format("{} = 85 % of {} disk / {:.0f} partition replicas a broker ({} partitions x {} / {} brokers)",
                        size_text(cap_mib), size_text(*m_broker.disk_size), replicas_per_broker, partitions, rf, brokers));
        const std::uint64_t segment = std::min<std::uint64_t>(k_gib, cap_mib / 4 / k_mib * k_mib);
        set(f, "log.segment.bytes", std::to_string(segment),
            segment == k_gib ? "1 GiB: the guide's value, a quarter of the per-partition cap or less"
                             : fmt::format("{} = a quarter of log.retention.bytes, so size-based retention deletes "
                                           "a segment at a time",
                                           size_text(segment)));
        set(f, "log.segment.delete.delay.ms", "60000", "60 s: the guide's value");
        const std::int64_t fetchers = p() == Profile::Guide ? 4 : std::max<std::int64_t>(2, cores / 2);
        set(f, "num.replica.fetchers", std::to_string(fetchers),
            p() == Profile::Guide ? "4: the guide's value"
                                  : fmt::format("{} = max(2, {} cores / 2)", fetchers, cores));
        set(f, "replica.fetch.max.bytes", "1048576", "1 MiB: the guide's value");
        set(f, "compression.type", p() == Profile::Throughput ? "zstd" : "lz4",
            p() == Profile::Throughput ? "zstd: the best ratio for a throughput-bound cluster" : "lz4: the guide's value");
        set(f, "background.threads", "10", "10: the guide's value");
    }

    // --- producer ------------------------------------------------------------------------------
    void producer()
    {
        AdvisedFile& f = file("kafka/producer.properties", FileKind::KafkaProducer, Syntax::Properties,
                              "Kafka producer");
        set(f, "bootstrap.servers", "kafka1:29092,kafka2:29093,kafka3:29094", "the guide's POC brokers: replace with yours");
        const bool durable = p() == Profile::Durability;
        set(f, "acks", durable ? "all" : "1",
            durable ? "all: a record is acknowledged once every in-sync replica has it"
                    : "1: the guide's balance between latency and durability (a leader loss can lose acknowledged records)");
        set(f, "enable.idempotence", durable ? "true" : "false",
            durable ? "true: no duplicates on retry, order kept with up to 5 requests in flight"
                    : "false: idempotence needs acks=all");
        set(f, "retries", durable ? "2147483647" : "3",
            durable ? "unbounded: delivery.timeout.ms bounds the retrying" : "3: the guide's value");
        set(f, "max.in.flight.requests.per.connection", durable ? "5" : "1",
            durable ? "5: the most the idempotent producer keeps in order"
                    : "1: with retries and idempotence off, more requests in flight reorder records on retry");
        const std::int64_t linger_budget = std::max<std::int64_t>(0, static_cast<std::int64_t>(m_p95_ms / 20));
        std::int64_t linger = 5;
        std::int64_t batch = 65536;
        std::string batch_reason = "64 KiB: the guide's value";
        std::string linger_reason = "5 ms: the guide's value";
        if (p() == Profile::Throughput) {
            linger = std::min<std::int64_t>(20, linger_budget);
            batch = 262144;
            batch_reason = "256 KiB: fuller batches, better compression at high throughput";
            linger_reason = fmt::format("{} = min(20 ms, 5 % of the {} ms p95 target)", linger, m_p95_ms);
        } else if (p() == Profile::Latency) {
            linger = std::min<std::int64_t>(1, linger_budget);
            batch = 16384;
            batch_reason = "16 KiB: Kafka's default; small batches leave sooner";
            linger_reason = fmt::format("{} = min(1 ms, 5 % of the {} ms p95 target)", linger, m_p95_ms);
        }
        set(f, "batch.size", std::to_string(batch), batch_reason);
        set(f, "linger.ms", std::to_string(linger), linger_reason);
        set(f, "buffer.memory", "134217728", "128 MiB: the guide's value");
        set(f, "compression.type", p() == Profile::Throughput ? "zstd" : (p() == Profile::Latency ? "lz4" : "lz4"),
            p() == Profile::Throughput ? "zstd: the best ratio at high throughput" : "lz4: the guide's fast codec");
        set(f, "request.timeout.ms", "30000", "30 s: Kafka's default, stated for the delivery timeout below");
        set(f, "delivery.timeout.ms", "120000",
            fmt::format("120000 >= linger.ms {} + request.timeout.ms 30000, as Kafka requires", linger));
    }

    // --- consumer ------------------------------------------------------------------------------
    void consumer()
    {
        AdvisedFile& f = file("kafka/consumer.properties", FileKind::KafkaConsumer, Syntax::Properties,
                              "Kafka consumer");
        set(f, "bootstrap.servers", "kafka1:29092,kafka2:29093,kafka3:29094", "the guide's POC brokers: replace with yours");
        const std::int64_t wait_budget = std::max<std::int64_t>(10, static_cast<std::int64_t>(m_p95_ms / 10));
        if (p() == Profile::Latency) {
            set(f, "fetch.min.bytes", "1", "1: answer a fetch as soon as any data is there");
            const std::int64_t wait = std::min<std::int64_t>(100, wait_budget);
            set(f, "fetch.max.wait.ms", std::to_string(wait),
                fmt::format("{} = min(100 ms, 10 % of the {} ms p95 target)", wait, m_p95_ms));
            set(f, "max.poll.records", "500", "500: Kafka's default; smaller polls return sooner");
        } else {
            const bool big = p() == Profile::Throughput;
            set(f, "fetch.min.bytes", big ? "1048576" : "50000", big ? "1 MiB: fuller fetches" : "50 KB: the guide's value");
            const std::int64_t wait = std::min<std::int64_t>(500, wait_budget);
            set(f, "fetch.max.wait.ms", std::to_string(wait),
                wait == 500 ? "500 ms: the guide's value" : fmt::format("{} = 10 % of the {} ms p95 target", wait, m_p95_ms));
            set(f, "max.poll.records", "1000", "1000: the guide's value");
        }
        set(f, "receive.buffer.bytes", "262144", "256 KiB: the guide's value");
        set(f, "send.buffer.bytes", "131072", "128 KiB: the guide's value");
        if (p() == Profile::Durability) {
            set(f, "isolation.level", "read_committed", "read_committed: only records of committed transactions");
        }
    }

    // --- Flink ---------------------------------------------------------------------------------
    std::optional<flink_memory::Result> accepted(flink_memory::Process process, const flink_memory::Config& cfg)
    {
        flink_memory::Result r = flink_memory::derive(process, cfg);
        if (r.status == flink_memory::Status::Accepted) {
            return r;
        }
        return std::nullopt;
    }

    void flink()
    {
        const bool legacy = compare_versions(m_targets.flink, "1.19") < 0;
        AdvisedFile& f = file(legacy ? "flink/flink-conf.yaml" : "flink/config.yaml", FileKind::Flink,
                              legacy ? Syntax::FlinkLegacyYaml : Syntax::FlinkYaml, "Flink cluster");
        const std::uint64_t tm_mem = *m_tm.memory;
        const std::uint64_t jm_mem = *m_jm.memory;
        // Memory: within 85 % of the host (the guide's memory target), through Flink's own model.
        const std::uint64_t tm_cap = static_cast<std::uint64_t>(0.85 * static_cast<double>(tm_mem)) / k_mib * k_mib;
        const std::uint64_t jm_cap = static_cast<std::uint64_t>(0.85 * static_cast<double>(jm_mem)) / k_mib * k_mib;

        // JobManager
        std::uint64_t jm = jm_cap;
        std::string jm_reason = fmt::format("{} = 85 % of the {} JobManager host (the guide's memory target)",
                                            size_text(jm_cap), size_text(jm_mem));
        if (p() == Profile::Guide && 4096 * k_mib <= jm_cap) {
            jm = 4096 * k_mib;
            jm_reason = "4096m: the guide's value, within 85 % of the host";
        } else if (p() == Profile::Guide) {
            m_result.caveats.push_back(fmt::format(
                "the guide's 4096m JobManager does not fit 85 % of its {} host ({}): advising {}", size_text(jm_mem),
                size_text(jm_cap), size_text(jm_cap)));
        }
        flink_memory::Config jm_cfg{{"jobmanager.memory.process.size", size_text(jm)}};
        auto jm_result = accepted(flink_memory::Process::JobManager, jm_cfg);
        set(f, "jobmanager.memory.process.size", size_text(jm), jm_reason);
        if (jm_result) {
            if (auto heap = jm_result->bytes("JVM heap")) {
                m_result.inputs.push_back(fmt::format("JobManager: Flink derives a {} heap from {}",
                                                      flink_memory::human(*heap), size_text(jm)));
            }
        } else {
            m_result.caveats.push_back(fmt::format("Flink refuses a {} JobManager process", size_text(jm)));
        }
        set(f, "jobmanager.execution.failover-strategy", "region", "region: the guide's value");
        set(f, "jobmanager.scheduler", "adaptive", "adaptive: the guide's value");

        // TaskManager
        const std::int64_t cores = *m_tm.cores;
        const std::int64_t tms = *m_tm.count;
        std::uint64_t tm = tm_cap;
        std::string tm_reason = fmt::format("{} = 85 % of the {} TaskManager host (the guide's memory target)",
                                            size_text(tm_cap), size_text(tm_mem));
        flink_memory::Config tm_cfg;
        const bool guide_fits = p() == Profile::Guide && 8192 * k_mib <= tm_cap;
        if (guide_fits) {
            tm = 8192 * k_mib;
            tm_cfg = {{"taskmanager.memory.process.size", "8192m"},
                      {"taskmanager.memory.task.heap.size", "4096m"},
                      {"taskmanager.memory.managed.size", "2048m"},
                      {"taskmanager.memory.network.min", "256m"},
                      {"taskmanager.memory.network.max", "1024m"}};
            tm_reason = "8192m: the guide's value, within 85 % of the host";
        } else {
            tm_cfg = {{"taskmanager.memory.process.size", size_text(tm)}};
        }
        auto tm_result = accepted(flink_memory::Process::TaskManager, tm_cfg);
        if (!tm_result && guide_fits) {
            m_result.caveats.push_back("Flink refuses the guide's TaskManager memory split: advising the process size only");
            tm_cfg = {{"taskmanager.memory.process.size", size_text(tm)}};
            tm_result = accepted(flink_memory::Process::TaskManager, tm_cfg);
        }
        set(f, "taskmanager.memory.process.size", size_text(tm), tm_reason);
        if (tm_cfg.contains("taskmanager.memory.task.heap.size")) {
            set(f, "taskmanager.memory.task.heap.size", "4096m", "4096m: the guide's value (Flink accepts the split)");
            set(f, "taskmanager.memory.managed.size", "2048m", "2048m: the guide's value (RocksDB's memory)");
            set(f, "taskmanager.memory.network.min", "256m", "256m: the guide's value");
            set(f, "taskmanager.memory.network.max", "1024m", "1024m: the guide's value");
        }
        if (tm_result) {
            std::vector<std::string> parts;
            for (const auto& c : tm_result->components) {
                parts.push_back(fmt::format("{} {}", c.name, flink_memory::human(c.bytes)));
            }
            m_result.inputs.push_back(fmt::format("TaskManager memory as Flink derives it: {}", fmt::join(parts, ", ")));
        } else {
            m_result.caveats.push_back(fmt::format("Flink refuses a {} TaskManager process", size_text(tm)));
        }
        const std::int64_t slots = p() == Profile::Guide ? std::min<std::int64_t>(4, cores) : cores;
        set(f, "taskmanager.numberOfTaskSlots", std::to_string(slots),
            p() == Profile::Guide ? fmt::format("{}: the guide's 4, at most one a core ({} cores)", slots, cores)
                                  : fmt::format("{} = one slot a core", slots));
        set(f, "parallelism.default", std::to_string(slots * tms),
            fmt::format("{} = {} TaskManagers x {} slots", slots * tms, tms, slots));
        if (m_partitions > 0 && slots * tms < m_partitions) {
            m_result.caveats.push_back(fmt::format(
                "{} Kafka partitions but only {} slots: some source subtasks read several partitions", m_partitions,
                slots * tms));
        }

        // State and checkpoints
        set(f, "state.backend.type", "rocksdb", "rocksdb: the guide's value (state larger than the heap, incremental checkpoints)");
        set(f, "execution.checkpointing.incremental", "true", "true: the guide's value");
        std::string options = "SPINNING_DISK_OPTIMIZED_HIGH_MEM";
        std::string options_reason = "the guide's value (the deployment gives no TaskManager disk type)";
        if (m_tm.disk_type) {
            const bool flash = *m_tm.disk_type == "ssd" || *m_tm.disk_type == "nvme";
            options = flash ? "FLASH_SSD_OPTIMIZED" : "SPINNING_DISK_OPTIMIZED_HIGH_MEM";
            options_reason = fmt::format("the TaskManagers' disks are {}", *m_tm.disk_type);
        }
        set(f, "state.backend.rocksdb.predefined-options", options, options + ": " + options_reason);
        // A two-phase-commit (exactly-once) sink makes records visible when a checkpoint completes, so
        // the checkpoint interval is part of the end-to-end latency; at-least-once sinks write at once.
        const std::int64_t interval_ms = p() == Profile::Throughput ? 60000 : (p() == Profile::Guide ? 30000 : 10000);
        if (p() == Profile::Durability) {
            // The p95 budget is shared: checkpoint 40 %, refresh 25 %, fetch wait 10 %, buffer timeout 5 %.
            const std::int64_t fits = std::max<std::int64_t>(100, static_cast<std::int64_t>(m_p95_ms * 2 / 5));
            const std::int64_t chosen = std::min(interval_ms, fits);
            set(f, "execution.checkpointing.mode", "EXACTLY_ONCE", "EXACTLY_ONCE: no duplicates in transactional sinks");
            set(f, "execution.checkpointing.interval",
                render_value({ValueType::Duration, static_cast<long double>(chosen), {}}, Dialect::Flink),
                chosen < interval_ms
                    ? fmt::format("{} ms = 40 % of the {} ms p95 target: exactly-once sinks show records when a "
                                  "checkpoint completes",
                                  chosen, m_p95_ms)
                    : "10 s: bounds what a failure replays and how late exactly-once sinks show records");
            if (chosen < 1000) {
                m_result.caveats.push_back(fmt::format(
                    "exactly-once delivery within the {} ms p95 target needs a checkpoint every {} ms, which costs "
                    "throughput and stresses the state backend: relax the target or accept at-least-once",
                    m_p95_ms, chosen));
            }
        } else {
            const bool slow_commit = interval_ms > static_cast<std::int64_t>(m_p95_ms);
            set(f, "execution.checkpointing.mode", slow_commit ? "AT_LEAST_ONCE" : "EXACTLY_ONCE",
                slow_commit ? fmt::format("AT_LEAST_ONCE: an exactly-once sink would hold records until the next "
                                          "checkpoint, {} s, beyond the {} ms p95 target",
                                          interval_ms / 1000, m_p95_ms)
                            : "EXACTLY_ONCE: the checkpoint interval fits the latency target");
            set(f, "execution.checkpointing.interval", fmt::format("{}s", interval_ms / 1000),
                p() == Profile::Throughput ? "60 s: fewer checkpoints, more throughput; recovery replays up to a minute"
                                           : fmt::format("{} s: bounds what a failure replays", interval_ms / 1000));
        }
        // Latency
        std::int64_t timeout = 100;
        std::string timeout_reason = "100 ms: the guide's setBufferTimeout(100)";
        if (p() == Profile::Latency) {
            timeout = std::min<std::int64_t>(10, static_cast<std::int64_t>(m_p95_ms / 100 + 1));
            timeout_reason = fmt::format("{} ms ~ 1 % of the {} ms p95 target", timeout, m_p95_ms);
        } else if (p() == Profile::Durability && static_cast<std::int64_t>(m_p95_ms / 20) < timeout) {
            timeout = std::max<std::int64_t>(1, static_cast<std::int64_t>(m_p95_ms / 20));
            timeout_reason = fmt::format("{} ms = 5 % of the {} ms p95 target (its share of the budget)", timeout, m_p95_ms);
        }
        set(f, "execution.buffer-timeout.interval", fmt::format("{}ms", timeout), timeout_reason);
        set(f, "pipeline.object-reuse", "true", "true: the guide's enableObjectReuse()");
    }

    // --- Elasticsearch -------------------------------------------------------------------------
    void elasticsearch_index()
    {
        AdvisedFile& f = file("elasticsearch/index-settings.json", FileKind::ElasticsearchIndex, Syntax::Json,
                              "Elasticsearch index settings");
        const std::int64_t nodes = *m_es.count;
        set(f, "index.number_of_shards", std::to_string(p() == Profile::Guide ? 3 : nodes),
            p() == Profile::Guide ? "3: the guide's value" : fmt::format("{} = one primary a data node", nodes));
        const std::int64_t replicas = std::min<std::int64_t>(p() == Profile::Durability ? 2 : 1, nodes - 1);
        set(f, "index.number_of_replicas", std::to_string(std::max<std::int64_t>(0, replicas)),
            fmt::format("{} = min({}, {} nodes - 1): every replica on another node", std::max<std::int64_t>(0, replicas),
                        p() == Profile::Durability ? 2 : 1, nodes));
        // Refresh: documents become searchable after at most one refresh interval.
        std::int64_t refresh_ms = p() == Profile::Latency ? 1000 : 30000;
        std::string refresh_reason = p() == Profile::Latency ? "1 s: Elasticsearch's default" : "30 s: the guide's value";
        // Half the p95 budget, or a quarter where exactly-once checkpoints take their share too.
        const std::int64_t share = p() == Profile::Durability ? 4 : 2;
        if (refresh_ms * share > static_cast<std::int64_t>(m_p95_ms)) {
            refresh_ms = std::max<std::int64_t>(100, static_cast<std::int64_t>(m_p95_ms) / share);
            refresh_reason = fmt::format("{} ms = {} of the {} ms p95 target: a document is searchable within one refresh",
                                         refresh_ms, share == 2 ? "half" : "a quarter", m_p95_ms);
            if (p() != Profile::Latency) {
                m_result.caveats.push_back(fmt::format(
                    "the guide's 30 s refresh_interval breaks the {} ms p95 target: advising {} ms", m_p95_ms, refresh_ms));
            }
        }
        set(f, "index.refresh_interval", render_value({ValueType::Duration, static_cast<long double>(refresh_ms), {}},
                                                      Dialect::Elasticsearch),
            refresh_reason);
        set(f, "index.codec", p() == Profile::Latency ? "default" : "best_compression",
            p() == Profile::Latency ? "default (LZ4): cheaper to write and read" : "best_compression: the guide's value");
        set(f, "index.merge.policy.max_merge_at_once", "30", "30: the guide's value");
        set(f, "index.merge.policy.segments_per_tier", "30", "30: the guide's value");
        set(f, "index.translog.flush_threshold_size", "1gb", "1gb: the guide's value");
        set(f, "index.translog.durability", "request",
            "request: every write is fsynced before it is acknowledged (sync_interval has no effect then)");
        const double daily = m_bps * 86400.0;
        const double disk = static_cast<double>(*m_es.disk_size) * static_cast<double>(nodes) * 0.85;
        const double days = disk / (daily * static_cast<double>(1 + std::max<std::int64_t>(0, replicas)));
        if (days < 7) {
            m_result.caveats.push_back(fmt::format(
                "indexing {} with {} replica(s) fills 85 % of {} x {} Elasticsearch disks in {:.1f} days: plan "
                "index lifecycle deletion or more disk",
                rate_text(m_bps), replicas, nodes, size_text(*m_es.disk_size), days));
        }
    }

    void elasticsearch_jvm()
    {
        AdvisedFile& f = file("elasticsearch/jvm.options", FileKind::Jvm, Syntax::JvmOptions,
                              "Elasticsearch node JVM options");
        const std::uint64_t ram = *m_es.memory;
        const std::uint64_t half = ram / 2 / k_gib * k_gib;
        const std::uint64_t cap = 31 * k_gib;
        std::uint64_t heap = std::min(half, cap);
        std::string reason = fmt::format("{} = min(50 % of {} RAM, 31g compressed-oops limit); Xms = Xmx",
                                         size_text(heap), size_text(ram));
        if (p() == Profile::Guide && 8 * k_gib <= heap) {
            heap = 8 * k_gib;
            reason = "8g: the guide's value, within 50 % of the node's RAM; Xms = Xmx";
        } else if (p() == Profile::Guide) {
            m_result.caveats.push_back(fmt::format("the guide's 8g heap is above 50 % of the {} node: advising {}",
                                                   size_text(ram), size_text(heap)));
        }
        if (heap < k_gib) {
            m_result.caveats.push_back(fmt::format("a {} node leaves Elasticsearch less than a 1g heap", size_text(ram)));
            heap = std::max<std::uint64_t>(heap, 512 * k_mib);
        }
        set(f, "-Xms", size_text(heap), reason);
        set(f, "-Xmx", size_text(heap), reason);
        set(f, "-XX:UseG1GC", "true", "G1: the guide's collector, Elasticsearch's default");
        set(f, "-XX:G1HeapRegionSize", "32m", "32m: the guide's value (fewer humongous bulk requests)");
        set(f, "-XX:MaxGCPauseMillis", "200", "200 ms: the guide's pause target");
    }

    const ProjectConfig& m_project;
    Targets m_targets;
    AdviseOptions m_options;
    AdviceResult m_result;
    HostSpec m_broker, m_jm, m_tm, m_es;
    double m_eps = 0;
    double m_bps = 0;
    std::uint64_t m_p95_ms = 0;
    std::int64_t m_partitions = 0;
};

// --- rendering ---------------------------------------------------------------------------------

std::string json_value(const std::string& v)
{
    const bool bare = v == "true" || v == "false" ||
                      (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos && (v == "0" || v[0] != '0'));
    return bare ? v : nlohmann::json(v).dump();
}

std::string jvm_line(const Advice& a)
{
    if (a.key.starts_with("-XX:")) {
        const std::string name = a.key.substr(4);
        if (a.value == "true" || a.value == "false") {
            return fmt::format("-XX:{}{}", a.value == "true" ? '+' : '-', name);
        }
        return fmt::format("{}={}", a.key, a.value);
    }
    return a.key + a.value;
}

std::string setting_line(const AdvisedFile& f, const Advice& a)
{
    switch (f.syntax) {
    case Syntax::Properties: return a.key + "=" + a.value;
    case Syntax::FlinkLegacyYaml:
    case Syntax::FlinkYaml: return a.key + ": " + a.value;
    case Syntax::JvmOptions: return jvm_line(a);
    case Syntax::Json: return nlohmann::json(a.key).dump() + ": " + json_value(a.value);
    default: break;  // deployment-file syntaxes (compose, Kubernetes): the advisor writes config files
    }
    return a.key + "=" + a.value;
}

std::string render(const AdvisedFile& f, Profile profile)
{
    if (f.syntax == Syntax::Json) {
        std::string out = "{\n  \"settings\": {\n";
        for (std::size_t i = 0; i < f.settings.size(); ++i) {
            out += "    " + setting_line(f, f.settings[i]) + (i + 1 < f.settings.size() ? ",\n" : "\n");
        }
        return out + "  }\n}\n";
    }
    std::string out = fmt::format("# {}: written by `streamlint advise --profile {}`.\n", f.title, to_string(profile));
    out += "# Each value comes with the reason for it; `streamlint check` lints this file.\n";
    for (const Advice& a : f.settings) {
        out += "\n# streamlint: " + a.reason + "\n" + setting_line(f, a) + "\n";
    }
    return out;
}

/// Which guide (G) rules a rendered file departs from: the advisor's deliberate choices.
std::vector<std::pair<std::string, std::string>> departures(const AdvisedFile& f, const Targets& targets)
{
    static const RuleSet rules;
    FoundFile found{f.path, f.text, {f.kind, f.syntax}};
    const Document doc = parse_found(std::move(found), targets.jdk);
    RuleSelection sel;
    sel.select = {"G"};
    RuleContext ctx;
    ctx.targets = targets;
    std::vector<std::pair<std::string, std::string>> out;
    for (const Finding& finding : check_document(doc, ctx, sel, rules)) {
        if (finding.severity == Severity::Info || !finding.key) {
            continue;
        }
        std::string reason;
        for (const Advice& a : f.settings) {
            if (a.key == *finding.key) {
                reason = a.reason;
            }
        }
        out.emplace_back(finding.rule, fmt::format("{} is {} here, not the guide's {}: {}", *finding.key,
                                                   finding.current.value_or("?"), finding.recommended.value_or("?"),
                                                   reason));
    }
    return out;
}

}  // namespace

AdviceResult advise(const ProjectConfig& project, const Targets& targets, const AdviseOptions& options)
{
    AdviceResult result = Advisor(project, targets, options).run();
    for (AdvisedFile& f : result.files) {
        f.text = render(f, result.profile);
        auto d = departures(f, targets);
        if (!d.empty()) {
            result.departures.emplace_back(f.path, std::move(d));
        }
    }
    return result;
}

std::string advised_project_file(const ProjectConfig& project, const AdviceResult& result)
{
    std::string out = fmt::format("# Written by `streamlint advise --profile {}` with the configs beside it.\n",
                                  to_string(result.profile));
    const Targets& t = result.targets;
    out += fmt::format("targets: {{kafka: \"{}\", flink: \"{}\", elasticsearch: \"{}\", jdk: {}}}\n", t.kafka, t.flink,
                       t.elasticsearch, t.jdk);
    if (!project.deployment.empty()) {
        out += "deployment:\n";
        for (const auto& [role, h] : project.deployment) {
            std::vector<std::string> parts;
            if (h.count) {
                parts.push_back(fmt::format("count: {}", *h.count));
            }
            if (h.cores) {
                parts.push_back(fmt::format("cores: {}", *h.cores));
            }
            if (h.memory) {
                parts.push_back(fmt::format("memory: {}", size_text(*h.memory)));
            }
            if (h.disk_type || h.disk_size) {
                std::vector<std::string> disk;
                if (h.disk_type) {
                    disk.push_back("type: " + *h.disk_type);
                }
                if (h.disk_size) {
                    disk.push_back("size: " + size_text(*h.disk_size));
                }
                parts.push_back(fmt::format("disk: {{{}}}", fmt::join(disk, ", ")));
            }
            out += fmt::format("  {}: {{{}}}\n", role, fmt::join(parts, ", "));
        }
    }
    const Workload& w = project.workload;
    std::vector<std::string> wl;
    if (w.events_per_second) {
        wl.push_back(fmt::format("events-per-second: {}", *w.events_per_second));
    }
    if (w.bytes_per_second) {
        wl.push_back(fmt::format("bytes-per-second: {}", size_text(*w.bytes_per_second)));
    }
    if (w.latency_p95_ms) {
        wl.push_back(fmt::format("latency-p95: {}ms", *w.latency_p95_ms));
    }
    if (w.retention_ms) {
        wl.push_back(fmt::format("retention: {}ms", *w.retention_ms));
    }
    if (!wl.empty()) {
        out += fmt::format("workload: {{{}}}\n", fmt::join(wl, ", "));
    }
    if (!result.departures.empty()) {
        out += "# Where the profile departs from the tuning guide on purpose, and why:\n";
        out += "per-file-ignores:\n";
        for (const auto& [path, rules] : result.departures) {
            std::vector<std::string> ids;
            for (const auto& [id, why] : rules) {
                out += fmt::format("  # {}: {}\n", id, why);
                ids.push_back(id);
            }
            out += fmt::format("  \"{}\": [{}]\n", path, fmt::join(ids, ", "));
        }
    }
    return out;
}

void write_advice_text(std::ostream& out, const AdviceResult& r)
{
    out << fmt::format("streamlint advise, profile {} (targets: kafka {}, flink {}, elasticsearch {}, jdk {})\n\n",
                       to_string(r.profile), r.targets.kafka, r.targets.flink, r.targets.elasticsearch, r.targets.jdk);
    out << "Inputs\n";
    for (const auto& i : r.inputs) {
        out << "  " << i << "\n";
    }
    if (!r.caveats.empty()) {
        out << "\nWhat cannot be met as asked\n";
        for (const auto& c : r.caveats) {
            out << "  - " << c << "\n";
        }
    }
    for (const auto& f : r.files) {
        out << fmt::format("\n{} ({})\n", f.path, f.title);
        std::size_t width = 0;
        for (const auto& a : f.settings) {
            width = std::max(width, a.key.size() + a.value.size() + 3);
        }
        for (const auto& a : f.settings) {
            out << fmt::format("  {:<{}} {}\n", a.key + " = " + a.value, width, a.reason);
        }
    }
}

nlohmann::json advice_json(const AdviceResult& r)
{
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : r.files) {
        nlohmann::json settings = nlohmann::json::array();
        for (const auto& a : f.settings) {
            settings.push_back({{"key", a.key}, {"value", a.value}, {"reason", a.reason}});
        }
        files.push_back({{"path", f.path}, {"kind", std::string(to_string(f.kind))}, {"title", f.title},
                         {"settings", settings}});
    }
    nlohmann::json departures = nlohmann::json::array();
    for (const auto& [path, rules] : r.departures) {
        for (const auto& [id, why] : rules) {
            departures.push_back({{"file", path}, {"rule", id}, {"reason", why}});
        }
    }
    return {{"profile", std::string(to_string(r.profile))},
            {"targets", {{"kafka", r.targets.kafka}, {"flink", r.targets.flink},
                         {"elasticsearch", r.targets.elasticsearch}, {"jdk", r.targets.jdk}}},
            {"inputs", r.inputs},
            {"caveats", r.caveats},
            {"files", files},
            {"departures", departures}};
}

std::string merge_advice(const AdvisedFile& f, const std::string& path, std::string existing)
{
    FoundFile found{path, std::move(existing), {f.kind, f.syntax}};
    const Document doc = parse_found(std::move(found), 0);
    std::vector<Edit> edits;
    std::string appended;
    for (const Advice& a : f.settings) {
        const Setting* s = doc.find(a.key);
        if (s != nullptr) {
            if (s->value != a.value) {
                if (auto e = replace_value(doc, *s, a.value)) {
                    edits.push_back(*e);
                }
            }
            continue;
        }
        if (f.syntax == Syntax::Json) {
            if (auto e = add_setting(doc, a.key, a.value)) {
                edits.push_back(*e);
            }
            continue;
        }
        appended += "# streamlint: " + a.reason + "\n" + setting_line(f, a) + "\n";
    }
    // JSON members added after one setting land at one place: written there in advice order.
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& x, const Edit& y) { return x.range.begin < y.range.begin; });
    std::string out;
    std::uint32_t pos = 0;
    for (const Edit& e : edits) {
        if (e.range.begin < pos) {
            continue;  // cannot happen: replacements never overlap, insertions are empty
        }
        out.append(doc.text, pos, e.range.begin - pos);
        out += e.content;
        pos = e.range.end;
    }
    out.append(doc.text, pos);
    if (!appended.empty()) {
        if (!out.empty() && out.back() != '\n') {
            out += '\n';
        }
        out += appended;
    }
    return out;
}

}  // namespace streamlint
