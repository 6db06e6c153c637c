// L rules: the end-to-end latency budget against the workload's p95 target, across the files of a
// run (producer -> Kafka -> consumer/Flink -> Elasticsearch), and the parallelism the partitions
// allow the Flink slots.
#include "semantic_common.hpp"

#include <streamlint/text.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

namespace streamlint::semantic {

namespace {

/// One place where a record can wait, at its worst case.
struct Stage {
    const Document* doc = nullptr;
    const Setting* setting = nullptr;  // null: the default applies
    std::string_view stage;            // "producer linger", ...
    std::string_view key;              // the setting's (in its document) or one named here
    long double ms = 0;
    bool unbounded = false;
    std::string why;  // how a record waits there
};

const std::vector<std::string>& assumptions()
{
    static const std::vector<std::string> a{
        "every stage is counted at its worst case: a record waits the full linger, fetch wait, buffer timeout, "
        "checkpoint interval and refresh interval",
        "stages of one kind in several files (two producers, several indices) count once, with the largest value",
        "one Flink network exchange: each further keyBy or rebalance adds another buffer timeout",
        "the checkpoint interval counts when the Flink file sets execution.checkpointing.interval with exactly-once "
        "checkpointing: a two-phase-commit sink (the Kafka sink with delivery guarantee exactly-once, read with "
        "isolation.level=read_committed) makes records visible only when the checkpoint completes; an at-least-once "
        "sink, such as the Elasticsearch sink, does not wait for it",
        "the consumer's fetch.max.wait.ms counts when fetch.min.bytes is above 1 (otherwise a fetch returns as soon "
        "as any data is there)",
        "network, serialisation, processing, GC pauses and broker replication (acks=all) are not counted"};
    return a;
}

const std::vector<std::string>& not_counted()
{
    static const std::vector<std::string> n{
        "Elasticsearch bulk flush: the Flink connector's bulk-flush interval is set in code or in the DDL, not in "
        "these files (the tuning guide's setBulkFlushInterval(10000) alone would add up to 10 s)"};
    return n;
}

std::optional<Stage> duration_stage(const Document& doc, std::string_view stage, std::string_view key,
                                    ValueType type, std::string_view fallback, std::string why,
                                    std::initializer_list<std::string_view> aliases = {})
{
    const auto v = value(doc, key, type, fallback, aliases);
    if (!v) {
        return std::nullopt;
    }
    return Stage{&doc,      v->setting, stage,         v->setting ? std::string_view(v->setting->key) : key,
                 v->number, false,      std::move(why)};
}

std::vector<Stage> stages_of(const Document& doc, const Targets& targets)
{
    std::vector<Stage> out;
    switch (doc.kind) {
    case FileKind::KafkaProducer:
        if (auto s = duration_stage(doc, "producer linger", "linger.ms", ValueType::Long,
                                    kafka_at_least(targets, "4.0") ? "5" : "0",
                                    "a record waits up to linger.ms for its batch to fill")) {
            out.push_back(std::move(*s));
        }
        break;
    case FileKind::KafkaConsumer: {
        const auto min_bytes = value(doc, "fetch.min.bytes", ValueType::Int, "1");
        if (min_bytes && min_bytes->number > 1) {
            if (auto s = duration_stage(doc, "consumer fetch wait", "fetch.max.wait.ms", ValueType::Int, "500",
                                        fmt::format("a fetch waits up to fetch.max.wait.ms for fetch.min.bytes {} to "
                                                    "arrive",
                                                    static_cast<long long>(min_bytes->number)))) {
                out.push_back(std::move(*s));
            }
        }
        break;
    }
    case FileKind::Flink: {
        const auto enabled = value(doc, "execution.buffer-timeout.enabled", ValueType::Bool, "true");
        const Setting* timeout = doc.find("execution.buffer-timeout.interval");
        if (timeout == nullptr) {
            timeout = doc.find("execution.buffer-timeout");
        }
        if ((enabled && enabled->number == 0) || (timeout != nullptr && trim(timeout->value) == "-1")) {
            const Setting* at = enabled && enabled->number == 0 ? enabled->setting : timeout;
            out.push_back(Stage{&doc, at, "Flink buffer timeout", at->key, 0, true,
                                "buffers are sent only when full: with little traffic a record waits without bound"});
        } else if (auto s = duration_stage(doc, "Flink buffer timeout", "execution.buffer-timeout.interval",
                                           ValueType::Duration, "100 ms",
                                           "an output buffer is sent when full or after the buffer timeout",
                                           {"execution.buffer-timeout"})) {
            out.push_back(std::move(*s));
        }
        const auto interval = value(doc, "execution.checkpointing.interval", ValueType::Duration);
        const auto mode = value(doc, "execution.checkpointing.mode", ValueType::Enum, "EXACTLY_ONCE");
        if (interval && interval->set() && mode && iequals(trim(mode->text), "exactly_once")) {
            out.push_back(Stage{&doc, interval->setting, "Flink checkpoint commit", interval->setting->key,
                                interval->number, false,
                                "a two-phase-commit sink makes records visible when the next checkpoint completes"});
        }
        break;
    }
    case FileKind::ElasticsearchIndex: {
        std::map<std::string, const Setting*> by_scope;
        bool any = false;
        for (const Setting& s : doc.settings) {
            if (s.active()) {
                any = true;
                by_scope.try_emplace(s.scope, nullptr);
                if (s.key == "index.refresh_interval") {
                    by_scope[s.scope] = &s;
                }
            }
        }
        if (!any) {
            break;
        }
        for (const auto& [scope, s] : by_scope) {
            const std::string text = s != nullptr ? std::string(trim(s->value)) : "1s";
            if (text == "-1") {
                out.push_back(Stage{&doc, s, "Elasticsearch refresh", "index.refresh_interval", 0, true,
                                    "refresh is disabled: documents become searchable only on an explicit refresh"});
                continue;
            }
            const auto parsed = parse_value(ValueType::Duration, Dialect::Elasticsearch, text);
            if (parsed) {
                out.push_back(Stage{&doc, s, "Elasticsearch refresh", "index.refresh_interval", parsed->number, false,
                                    "an indexed document becomes searchable at the next refresh"});
            }
        }
        break;
    }
    default: break;
    }
    return out;
}

struct Budget {
    std::vector<Stage> all;      // every stage of every file
    std::vector<Stage> counted;  // the largest of each kind
    long double total_ms = 0;
    bool unbounded = false;
};

bool larger(const Stage& a, const Stage& b)
{
    if (a.unbounded != b.unbounded) {
        return a.unbounded;
    }
    return a.ms > b.ms;
}

Budget budget(const Document& doc, const RuleContext& ctx)
{
    Budget b;
    b.all = stages_of(doc, ctx.targets);
    for (const Document* d : others(doc, ctx)) {
        auto more = stages_of(*d, ctx.targets);
        b.all.insert(b.all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    // The largest stage of each kind (the first of equal ones), in the order a record passes them.
    static constexpr std::array<std::string_view, 5> k_order{
        "producer linger", "consumer fetch wait", "Flink buffer timeout", "Flink checkpoint commit",
        "Elasticsearch refresh"};
    std::array<const Stage*, k_order.size()> best{};
    for (const Stage& s : b.all) {
        const auto at = std::find(k_order.begin(), k_order.end(), s.stage);
        if (at == k_order.end()) {
            continue;
        }
        const Stage*& slot = best[static_cast<std::size_t>(at - k_order.begin())];
        if (slot == nullptr || larger(s, *slot)) {
            slot = &s;
        }
    }
    for (const Stage* s : best) {
        if (s != nullptr) {
            b.counted.push_back(*s);
            b.total_ms += s->ms;
            b.unbounded = b.unbounded || s->unbounded;
        }
    }
    return b;
}

std::string stage_value(const Stage& s)
{
    return s.unbounded ? "unbounded" : duration(s.ms);
}

std::string budget_text(const Budget& b)
{
    std::string text;
    for (const Stage& s : b.counted) {
        text += text.empty() ? "" : " + ";
        text += s.stage;
        text += ' ';
        text += stage_value(s);
    }
    return text + " = " + (b.unbounded ? "unbounded" : duration(b.total_ms));
}

nlohmann::json budget_json(const Budget& b, long double target)
{
    nlohmann::json stages = nlohmann::json::array();
    for (const Stage& s : b.all) {
        const bool counted = std::any_of(b.counted.begin(), b.counted.end(), [&](const Stage& c) {
            return c.doc == s.doc && c.setting == s.setting && c.stage == s.stage && c.ms == s.ms;
        });
        nlohmann::json j{
            {"stage", std::string(s.stage)}, {"file", s.doc->path},
            {"key", std::string(s.key)},     {"source", s.setting != nullptr ? "configured" : "default"},
            {"worst_case", s.why},           {"counted", counted}};
        if (s.unbounded) {
            j["ms"] = nullptr;
            j["unbounded"] = true;
        } else {
            j["ms"] = static_cast<double>(s.ms);
        }
        if (s.setting != nullptr) {
            j["line"] = s.doc->position(s.setting->key_range.begin).line;
        }
        stages.push_back(std::move(j));
    }
    nlohmann::json out{{"target_ms", static_cast<double>(target)},
                       {"stages", std::move(stages)},
                       {"assumptions", assumptions()},
                       {"not_counted", not_counted()}};
    if (b.unbounded) {
        out["total_ms"] = nullptr;
        out["unbounded"] = true;
    } else {
        out["total_ms"] = static_cast<double>(b.total_ms);
    }
    return out;
}

std::optional<long double> target_ms(const RuleContext& ctx)
{
    if (ctx.project == nullptr || !ctx.project->workload.latency_p95_ms) {
        return std::nullopt;
    }
    return static_cast<long double>(*ctx.project->workload.latency_p95_ms);
}

const char* k_latency_source =
    "Tuning guide, Performance Benchmarks (end-to-end latency < 1 second, 95th percentile); Kafka producer "
    "linger.ms, consumer fetch.max.wait.ms and fetch.min.bytes; Flink execution.buffer-timeout.interval (default "
    "100 ms) and the two-phase-commit sinks that commit on checkpoints; Elasticsearch index.refresh_interval "
    "(default 1s, -1 disables)";

}  // namespace

void register_latency_rules(std::vector<std::unique_ptr<Rule>>& rules)
{
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"L001",
                 "latency-stage-over-target",
                 {FileKind::ElasticsearchIndex, FileKind::KafkaProducer, FileKind::KafkaConsumer, FileKind::Flink},
                 Severity::Warning,
                 "One stage alone can make a record wait longer than the p95 latency target",
                 FixAvailability::None,
                 {"Compares each place where a record waits, at its worst case, with the workload's `latency-p95` in "
                  "the project file: the producer's `linger.ms`, the consumer's `fetch.max.wait.ms` (when "
                  "`fetch.min.bytes` > 1), Flink's buffer timeout (`execution.buffer-timeout.interval`, 100 ms by "
                  "default; unbounded when disabled), the checkpoint interval when exactly-once checkpointing "
                  "commits a two-phase-commit sink, and Elasticsearch's `index.refresh_interval` (1s by default; "
                  "unbounded at -1). A stage that alone reaches the target is reported at its key (or on the file "
                  "when the default applies); the details hold the budget of the whole run: every stage of every "
                  "file under the same project file, the total and the assumptions.",
                  "End-to-end latency is at least the sum of the waits on the way. A 30 s refresh interval makes "
                  "documents searchable up to 30 s after they are indexed, whatever the rest of the pipeline does: "
                  "the tuning guide asks for both a 30s refresh and a p95 below 1 s.",
                  k_latency_source,
                  "// .streamlint.yaml: {workload: {latency-p95: 1s}}\n{\"settings\": {\"refresh_interval\": \"30s\"}}\n",
                  "// .streamlint.yaml: {workload: {latency-p95: 1s}}\n{\"settings\": {\"refresh_interval\": \"500ms\"}}\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto target = target_ms(ctx);
            if (!target) {
                return;
            }
            std::optional<Budget> b;
            for (const Stage& s : stages_of(doc, ctx.targets)) {
                if (!s.unbounded && s.ms < *target) {
                    continue;
                }
                if (!b) {
                    b = budget(doc, ctx);
                }
                Finding& f = emit_at(
                    out, rule, s.setting, s.key,
                    fmt::format("{} {} {}{} alone {} the {} p95 latency target: {} (budget: {})", s.stage, s.key,
                                stage_value(s), s.setting != nullptr ? "" : " (default)",
                                s.unbounded || s.ms > *target ? "exceeds" : "uses all of", duration(*target), s.why,
                                budget_text(*b)));
                if (ctx.details) {
                    f.details = budget_json(*b, *target);
                }
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"L002",
                 "latency-budget-over-target",
                 {FileKind::Flink, FileKind::KafkaProducer, FileKind::KafkaConsumer, FileKind::ElasticsearchIndex},
                 Severity::Warning,
                 "The waits of the pipeline add up to more than the p95 latency target",
                 FixAvailability::None,
                 {"Adds the worst-case waits of every file under the same project file (see L001: producer linger, "
                  "consumer fetch wait, Flink buffer timeout and checkpoint commit, Elasticsearch refresh; the "
                  "largest of each kind) and compares the sum with the workload's `latency-p95`. Reported once, at "
                  "the largest stage, when the sum reaches the target although no stage does alone (L001 reports "
                  "that case).",
                  "Each stage may look harmless on its own; a record that meets the worst case of each arrives late "
                  "anyway. The details list every stage with its file, key, value and whether the default applies.",
                  k_latency_source,
                  "# .streamlint.yaml: {workload: {latency-p95: 150ms}}\nexecution.buffer-timeout.interval: 100 ms\n"
                  "execution.checkpointing.interval: 100 ms\n",
                  "# .streamlint.yaml: {workload: {latency-p95: 150ms}}\nexecution.buffer-timeout.interval: 10 ms\n"
                  "execution.checkpointing.interval: 100 ms\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto target = target_ms(ctx);
            if (!target) {
                return;
            }
            const Budget b = budget(doc, ctx);
            if (b.counted.empty() || (!b.unbounded && b.total_ms < *target)) {
                return;
            }
            for (const Stage& s : b.counted) {
                if (s.unbounded || s.ms >= *target) {
                    return;  // L001's case
                }
            }
            const Stage* top = &b.counted.front();
            for (const Stage& s : b.counted) {
                if (larger(s, *top)) {
                    top = &s;
                }
            }
            if (top->doc != &doc) {
                return;
            }
            Finding& f = emit_at(out, rule, top->setting, top->key,
                                 fmt::format("the pipeline's worst-case waits add up to {} >= the {} p95 latency "
                                             "target; the largest is {} {} {}",
                                             budget_text(b), duration(*target), top->stage, top->key,
                                             stage_value(*top)));
            if (ctx.details) {
                f.details = budget_json(b, *target);
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"L003",
                 "partitions-below-slots",
                 {FileKind::KafkaBroker},
                 Severity::Info,
                 "Topics created with the broker's default partitions cannot feed every Flink slot",
                 FixAvailability::None,
                 {"Compares the broker's `num.partitions` (default 1), the partition count of every topic created "
                  "without an explicit count, with the Flink slots of the deployment: `flink-taskmanager` count x "
                  "`taskmanager.numberOfTaskSlots` of the Flink file linted with it. With the workload's "
                  "`events-per-second`, the message shows the load each partition then carries. Assumes one such "
                  "topic feeds a job that uses every slot.",
                  "A partition is read by exactly one source subtask: a Kafka source with more subtasks than "
                  "partitions leaves the rest idle, and the events of a partition are processed in order by one "
                  "slot, so the partitions bound the parallelism the slots were bought for.",
                  "Flink Kafka source (one split per partition); Kafka broker config num.partitions; tuning guide, "
                  "Horizontal Scaling",
                  "num.partitions=1\n",
                  "num.partitions=12\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto tm = host(doc, ctx, "flink-taskmanager");
            if (!tm || !tm->count) {
                return;
            }
            std::optional<Value> slots;
            for (const Document* d : others(doc, ctx)) {
                if (d->kind == FileKind::Flink) {
                    slots = value(*d, "taskmanager.numberOfTaskSlots", ValueType::Int, "1");
                    break;
                }
            }
            const auto partitions = value(doc, "num.partitions", ValueType::Int, "1");
            if (!slots || !partitions) {
                return;
            }
            const long double total = slots->number * static_cast<long double>(*tm->count);
            if (partitions->number >= total) {
                return;
            }
            std::string load;
            if (ctx.project != nullptr && ctx.project->workload.events_per_second) {
                load = fmt::format("; each partition then carries {} events/s of the {} events/s workload",
                                   count(*ctx.project->workload.events_per_second / partitions->number),
                                   count(*ctx.project->workload.events_per_second));
            }
            Finding& f = emit_at(
                out, rule, partitions->setting, "num.partitions",
                fmt::format("num.partitions {}{}: a topic created with the broker default feeds at most {} of the {} "
                            "Flink slots ({} TaskManagers x {} slots); the other {} source subtasks idle{}",
                            static_cast<long long>(partitions->number), partitions->set() ? "" : " (default)",
                            static_cast<long long>(partitions->number), static_cast<long long>(total), *tm->count,
                            static_cast<long long>(slots->number), static_cast<long long>(total - partitions->number),
                            load));
            f.recommended = fmt::format("{}", static_cast<long long>(total));
            if (ctx.details) {
                f.details = {
                    {"partitions", partitions->number},
                    {"slots", total},
                    {"taskmanagers", *tm->count},
                    {"slots_per_taskmanager", slots->number},
                    {"assumption",
                     "one topic created with the default partition count feeds a job using every slot"}};
            }
        }));
}

}  // namespace streamlint::semantic
