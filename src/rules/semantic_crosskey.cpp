// X rules: facts that tie several keys together, each as the product enforces or behaves: Kafka's
// replication and producer guarantees, Kafka's log retention, Elasticsearch's translog and setting
// spellings, and the Elasticsearch heap flags.
#include "semantic_common.hpp"
#include "semantic_jvm.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <map>

namespace streamlint::semantic {

namespace {

const std::vector<FileKind> k_broker{FileKind::KafkaBroker};
const std::vector<FileKind> k_producer{FileKind::KafkaProducer};
const std::vector<FileKind> k_index{FileKind::ElasticsearchIndex};
const std::vector<FileKind> k_jvm{FileKind::Jvm};

std::string n(long double v)
{
    return fmt::format("{}", static_cast<long long>(v));
}

// --- min.insync.replicas against the replication factor it guards ---------------------------------

struct IsrPair {
    const char* isr;
    const char* isr_default;
    const char* rf;
    const char* rf_default;
    const char* what;
};
constexpr IsrPair k_isr_pairs[] = {
    {"min.insync.replicas", "1", "default.replication.factor", "1", "acks=all writes to topics created with the default replication factor"},
    {"transaction.state.log.min.isr", "2", "transaction.state.log.replication.factor", "3", "writes to the transaction state log (every transactional producer)"},
};

void check_isr(const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out, bool above)
{
    for (const IsrPair& p : k_isr_pairs) {
        const auto isr = value(doc, p.isr, ValueType::Int, p.isr_default);
        const auto rf = value(doc, p.rf, ValueType::Int, p.rf_default);
        if (!isr || !rf || (!isr->set() && !rf->set())) {
            continue;
        }
        if (above ? !(isr->number > rf->number) : !(isr->number == rf->number && rf->number >= 2)) {
            continue;
        }
        const std::string isr_text = fmt::format("{} {}{}", p.isr, n(isr->number), isr->set() ? "" : " (default)");
        const std::string rf_text = fmt::format("{} {}{}", p.rf, n(rf->number), rf->set() ? "" : " (default)");
        std::string message =
            above ? fmt::format("{} > {}: a partition never has that many in-sync replicas, so {} always fail with "
                                "NotEnoughReplicas",
                                isr_text, rf_text, p.what)
                  : fmt::format("{} = {}: with all {} replicas needed in sync, the loss or restart of any one broker "
                                "blocks {} (NotEnoughReplicas) until it is back; {} tolerates one failure",
                                isr_text, rf_text, n(rf->number), p.what,
                                fmt::format("{} {}", p.isr, n(rf->number - 1)));
        const Setting* at = isr->set() ? isr->setting : rf->setting;
        Finding& f = emit_at(out, rule, at, at->key, std::move(message));
        if (ctx.details) {
            f.details = {{"min_insync", isr->number}, {"replication_factor", rf->number},
                         {"failures_tolerated", std::max<long double>(0, rf->number - isr->number)}};
        }
        if (!above) {
            f.recommended = n(rf->number - 1);
        }
    }
}

// --- the producer's delivery timeout ---------------------------------------------------------------

std::string_view linger_default(const Targets& t)
{
    return kafka_at_least(t, "4.0") ? "5" : "0";  // KIP-1030
}

void check_delivery_timeout(const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const auto delivery = value(doc, "delivery.timeout.ms", ValueType::Long, "120000");
    const auto linger = value(doc, "linger.ms", ValueType::Long, linger_default(ctx.targets));
    const auto request = value(doc, "request.timeout.ms", ValueType::Long, "30000");
    if (!delivery || !linger || !request || !delivery->set()) {
        return;  // unset, Kafka raises the default to linger + request itself (with a WARN)
    }
    const long double needed = linger->number + request->number;
    if (delivery->number >= needed) {
        return;
    }
    Finding& f = emit_at(out, rule, delivery->setting, "delivery.timeout.ms",
                         fmt::format("delivery.timeout.ms {} < linger.ms {}{} + request.timeout.ms {}{} = {}: the "
                                     "producer refuses to start (ConfigException \"delivery.timeout.ms should be equal "
                                     "to or larger than linger.ms + request.timeout.ms\")",
                                     n(delivery->number), n(linger->number), linger->set() ? "" : " (default)",
                                     n(request->number), request->set() ? "" : " (default)", n(needed)));
    f.recommended = n(needed);
    if (ctx.details) {
        f.details = {{"delivery_timeout_ms", delivery->number}, {"linger_ms", linger->number},
                     {"request_timeout_ms", request->number}, {"minimum_ms", needed}};
    }
    if (auto edit = replace_value(doc, *delivery->setting, n(needed))) {
        f.fix = Fix{Applicability::Unsafe, fmt::format("Raise delivery.timeout.ms to {}", n(needed)), {*edit}};
    }
}

// --- idempotence ----------------------------------------------------------------------------------

/// What the producer does about idempotence (ProducerConfig.postProcessAndValidateIdempotenceConfigs).
struct Idempotence {
    bool explicit_setting = false;
    bool requested = false;             // explicitly true, or the default (true since 3.0)
    bool effective = false;             // what the producer runs with
    std::vector<std::string> conflicts;  // why a requested idempotence cannot hold: "acks=1", ...
    std::vector<const Setting*> conflict_settings;
    const Setting* setting = nullptr;
    std::optional<Value> acks, retries, in_flight;
};

Idempotence idempotence(const Document& doc, const Targets& targets)
{
    Idempotence i;
    const auto enable = value(doc, "enable.idempotence", ValueType::Bool, kafka_at_least(targets, "3.0") ? "true" : "false");
    i.acks = value(doc, "acks", ValueType::String, kafka_at_least(targets, "3.0") ? "all" : "1");
    i.retries = value(doc, "retries", ValueType::Int, "2147483647");
    i.in_flight = value(doc, "max.in.flight.requests.per.connection", ValueType::Int, "5");
    if (!enable || !i.acks || !i.retries || !i.in_flight) {
        return i;
    }
    i.explicit_setting = enable->set();
    i.setting = enable->setting;
    i.requested = enable->number != 0;
    const std::string acks = to_lower(trim(i.acks->text));
    if (acks != "all" && acks != "-1") {
        i.conflicts.push_back("acks=" + acks);
        i.conflict_settings.push_back(i.acks->setting);
    }
    if (i.retries->number == 0) {
        i.conflicts.emplace_back("retries=0");
        i.conflict_settings.push_back(i.retries->setting);
    }
    if (i.in_flight->number > 5) {
        i.conflicts.push_back("max.in.flight.requests.per.connection=" + n(i.in_flight->number) + " (more than 5)");
        i.conflict_settings.push_back(i.in_flight->setting);
    }
    i.effective = i.requested && i.conflicts.empty();
    return i;
}

std::string joined(const std::vector<std::string>& parts)
{
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        out += (k == 0 ? "" : k + 1 == parts.size() ? " and " : ", ") + parts[k];
    }
    return out;
}

// --- Elasticsearch: where a setting is written ---------------------------------------------------------

/// The member names enclosing the JSON member whose name token starts at `offset`, and that name.
std::vector<std::string> json_path_at(std::string_view text, std::uint32_t offset)
{
    struct Frame {
        bool object = false;
        std::string key;
    };
    std::vector<Frame> stack;
    bool expect_key = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
            const bool line = text[i + 1] == '/';
            const std::size_t end = line ? text.find('\n', i) : text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + (line ? 1 : 2);
        } else if (c == '{' || c == '[') {
            stack.push_back({c == '{', ""});
            expect_key = c == '{';
            ++i;
        } else if (c == '}' || c == ']') {
            if (!stack.empty()) {
                stack.pop_back();
            }
            expect_key = false;
            ++i;
        } else if (c == ',') {
            expect_key = !stack.empty() && stack.back().object;
            ++i;
        } else if (c == ':') {
            expect_key = false;
            ++i;
        } else if (c == '"') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != '"') {
                j += text[j] == '\\' ? 2 : 1;
            }
            const std::string name(text.substr(i + 1, std::min(j, text.size()) - i - 1));
            if (expect_key && !stack.empty() && stack.back().object) {
                if (i == offset) {
                    std::vector<std::string> path;
                    for (std::size_t k = 0; k + 1 < stack.size(); ++k) {
                        if (stack[k].object) {
                            path.push_back(stack[k].key);
                        }
                    }
                    path.push_back(name);
                    return path;
                }
                stack.back().key = name;
            }
            i = j + 1;
        } else {
            ++i;
        }
    }
    return {};
}

/// Whether a setting of an index body is written in its short form (`number_of_shards`, without
/// the `index.` that Elasticsearch adds) rather than the long one (`index.number_of_shards` or
/// `{"index": {"number_of_shards": ...}}`).
std::optional<bool> short_form(const Document& doc, const Setting& s)
{
    if (!s.key.starts_with("index.")) {
        return std::nullopt;
    }
    const auto path = json_path_at(doc.text, s.key_range.begin);
    if (path.empty()) {
        return std::nullopt;
    }
    std::string dotted;
    for (const auto& part : path) {
        dotted += (dotted.empty() ? "" : ".") + part;
    }
    const std::string& long_form = s.key;
    const bool is_long = dotted == long_form || dotted.ends_with("." + long_form);
    return !is_long;
}

}  // namespace

void register_crosskey_rules(std::vector<std::unique_ptr<Rule>>& rules)
{
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X001",
                 "min-insync-above-replication-factor",
                 k_broker,
                 Severity::Error,
                 "min.insync.replicas is above the replication factor it guards: acks=all writes always fail",
                 FixAvailability::None,
                 {"Compares the broker's `min.insync.replicas` with `default.replication.factor`, and "
                  "`transaction.state.log.min.isr` with `transaction.state.log.replication.factor` (defaults "
                  "included, once either of a pair is set).",
                  "A partition can never have more in-sync replicas than replicas. With the minimum above the "
                  "replication factor, every acks=all produce to a topic created with the default replication "
                  "factor fails with NotEnoughReplicas, and transactions fail when the transaction log's pair is "
                  "wrong.",
                  "Kafka broker configs min.insync.replicas (default 1) and default.replication.factor (default 1); "
                  "transaction.state.log.min.isr (default 2) and transaction.state.log.replication.factor (default 3)",
                  "default.replication.factor=2\nmin.insync.replicas=3\n",
                  "default.replication.factor=3\nmin.insync.replicas=2\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            check_isr(rule, doc, ctx, out, true);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X002",
                 "min-insync-equals-replication-factor",
                 k_broker,
                 Severity::Warning,
                 "min.insync.replicas equals the replication factor: no broker may fail without blocking writes",
                 FixAvailability::None,
                 {"Finds `min.insync.replicas` equal to `default.replication.factor` (and the transaction log's "
                  "`transaction.state.log.min.isr` equal to its replication factor) when the factor is 2 or more.",
                  "acks=all needs `min.insync.replicas` replicas in sync. When that is every replica, a single broker "
                  "restart (a rolling upgrade) or failure makes the affected partitions reject acks=all writes until "
                  "it catches up: the redundancy buys durability but no availability. The usual setting is the "
                  "replication factor minus one (3 and 2).",
                  "Kafka documentation, min.insync.replicas (\"a typical scenario would be to create a topic with a "
                  "replication factor of 3, set min.insync.replicas to 2, and produce with acks of all\")",
                  "default.replication.factor=3\nmin.insync.replicas=3\n",
                  "default.replication.factor=3\nmin.insync.replicas=2\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            check_isr(rule, doc, ctx, out, false);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X003",
                 "delivery-timeout-too-short",
                 k_producer,
                 Severity::Error,
                 "delivery.timeout.ms is below linger.ms + request.timeout.ms: the producer refuses to start",
                 FixAvailability::Always,
                 {"Checks that an explicitly set `delivery.timeout.ms` is at least `linger.ms` + "
                  "`request.timeout.ms` (defaults 120000, 0 before Kafka 4.0 and 5 from it, 30000).",
                  "The delivery timeout bounds the whole life of a record: waiting in a batch (linger), the request "
                  "and its retries. KafkaProducer rejects a configured value that cannot hold one linger and one "
                  "request (a ConfigException at construction). Left unset, it silently raises the default to the "
                  "sum instead.",
                  "KafkaProducer.configureDeliveryTimeout; Kafka producer config delivery.timeout.ms (KIP-91)",
                  "linger.ms=100\nrequest.timeout.ms=30000\ndelivery.timeout.ms=30000\n",
                  "linger.ms=100\nrequest.timeout.ms=30000\ndelivery.timeout.ms=120000\n",
                  "Raises `delivery.timeout.ms` to `linger.ms` + `request.timeout.ms`, the smallest value the "
                  "producer accepts. Unsafe: records then wait longer before the producer gives up on them."}},
        check_delivery_timeout));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X004",
                 "retries-may-reorder",
                 k_producer,
                 Severity::Warning,
                 "Retries with several requests in flight and idempotence off can reorder records",
                 FixAvailability::None,
                 {"Finds a producer that retries (`retries` > 0, the default is 2147483647) with more than one "
                  "request in flight per connection (`max.in.flight.requests.per.connection`, default 5) while "
                  "idempotence is off: explicitly, or because the producer turns it off (see X006), or because "
                  "the target Kafka predates 3.0, whose default was off. acks=0 is left alone: it never retries.",
                  "When a batch fails and is retried while the next batch to the same partition succeeds, the "
                  "retried records land after the later ones. Only the idempotent producer keeps the order (with up "
                  "to 5 requests in flight); without it, ordering needs max.in.flight.requests.per.connection=1.",
                  "Kafka producer configs retries and max.in.flight.requests.per.connection (\"if set to more than "
                  "1 and enable.idempotence is set to false, there is a risk of message reordering\")",
                  "enable.idempotence=false\nretries=3\nmax.in.flight.requests.per.connection=5\n",
                  "enable.idempotence=false\nretries=3\nmax.in.flight.requests.per.connection=1\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const Idempotence i = idempotence(doc, ctx.targets);
            if (!i.acks || !i.retries || !i.in_flight || i.effective || (i.explicit_setting && i.requested)) {
                return;  // idempotent, or refused outright (X005)
            }
            const std::string acks = to_lower(trim(i.acks->text));
            if (acks == "0" || i.retries->number <= 0 || i.in_flight->number <= 1) {
                return;
            }
            const std::string why = i.explicit_setting ? "enable.idempotence=false"
                                    : i.requested      ? "idempotence is off because of " + joined(i.conflicts)
                                                       : "idempotence is off by default before Kafka 3.0";
            const Setting* at = i.in_flight->set() ? i.in_flight->setting : i.retries->setting;
            Finding& f = emit_at(out, rule, at, at != nullptr ? at->key : "max.in.flight.requests.per.connection",
                                 fmt::format("retries {}{} with max.in.flight.requests.per.connection {}{} and {}: a "
                                             "retried batch can land after a later one, reordering records within "
                                             "a partition",
                                             n(i.retries->number), i.retries->set() ? "" : " (default)",
                                             n(i.in_flight->number), i.in_flight->set() ? "" : " (default)", why));
            if (ctx.details) {
                f.details = {{"retries", i.retries->number}, {"max_in_flight", i.in_flight->number},
                             {"idempotence", "off"}, {"why", why}};
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X005",
                 "idempotence-conflict",
                 k_producer,
                 Severity::Error,
                 "enable.idempotence=true with acks other than all, retries=0 or more than 5 requests in flight",
                 FixAvailability::None,
                 {"Finds a producer that explicitly enables idempotence together with a setting the idempotent "
                  "producer cannot work with: `acks` other than `all`/`-1`, `retries=0`, or "
                  "`max.in.flight.requests.per.connection` above 5.",
                  "The idempotent producer needs every write acknowledged by all in-sync replicas, needs to retry, "
                  "and tracks at most 5 batches in flight. KafkaProducer throws a ConfigException (\"Must set acks "
                  "to all in order to use the idempotent producer\", ...) and never starts.",
                  "ProducerConfig.postProcessAndValidateIdempotenceConfigs (Kafka 3.x and 4.x)",
                  "enable.idempotence=true\nacks=1\n",
                  "enable.idempotence=true\nacks=all\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const Idempotence i = idempotence(doc, ctx.targets);
            if (!i.explicit_setting || !i.requested || i.conflicts.empty()) {
                return;
            }
            for (std::size_t k = 0; k < i.conflicts.size(); ++k) {
                const Setting* at = i.conflict_settings[k] != nullptr ? i.conflict_settings[k] : i.setting;
                emit_at(out, rule, at, at->key,
                        fmt::format("enable.idempotence=true with {}: the producer refuses to start (ConfigException: "
                                    "the idempotent producer needs acks=all, retries above 0 and at most 5 requests in "
                                    "flight)",
                                    i.conflicts[k]));
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X006",
                 "idempotence-silently-disabled",
                 k_producer,
                 Severity::Warning,
                 "acks other than all (or retries=0) silently turns off the producer's default idempotence",
                 FixAvailability::None,
                 {"For Kafka 3.0 and later, where `enable.idempotence` defaults to true: finds a producer that "
                  "leaves it unset but sets `acks` to 0 or 1, `retries` to 0 or more than 5 requests in flight.",
                  "Instead of refusing, the producer logs one line and runs without idempotence: retries can write "
                  "duplicates, and with several requests in flight reorder records (X004). Whoever reads the "
                  "defaults expects exactly-once-per-partition writes that are not there. Set `acks=all` to keep "
                  "idempotence, or set `enable.idempotence=false` to say that it is meant.",
                  "ProducerConfig.postProcessAndValidateIdempotenceConfigs (\"Idempotence will be disabled because "
                  "acks is set to 1, not set to 'all'\"); KIP-679 (idempotence and acks=all by default since 3.0)",
                  "acks=1\nretries=3\n",
                  "acks=all\nretries=3\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            if (!kafka_at_least(ctx.targets, "3.0")) {
                return;
            }
            const Idempotence i = idempotence(doc, ctx.targets);
            if (i.explicit_setting || !i.requested || i.conflicts.empty()) {
                return;
            }
            const Setting* at = i.conflict_settings.front();
            Finding& f = emit_at(out, rule, at, at != nullptr ? at->key : "acks",
                                 fmt::format("{} with enable.idempotence unset: the producer silently turns idempotence "
                                             "off (its default since Kafka 3.0 is on); retries can then duplicate{} "
                                             "records",
                                             joined(i.conflicts),
                                             i.in_flight && i.in_flight->number > 1 ? " and reorder" : ""));
            if (ctx.details) {
                f.details = {{"idempotence", "disabled"}, {"because", i.conflicts}};
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X007",
                 "replica-fetch-below-message-max",
                 k_broker,
                 Severity::Warning,
                 "Brokers accept record batches larger than a replica fetch",
                 FixAvailability::None,
                 {"Compares `message.max.bytes` (default 1048588: 1 MiB plus the 12-byte log overhead) with "
                  "`replica.fetch.max.bytes` (default 1048576): a batch the broker accepts can be larger than what "
                  "a follower fetches per partition.",
                  "Since Kafka 0.10.1 a follower still fetches an oversized batch, alone, so replication does not "
                  "stall, but every such batch costs a fetch round trip of its own: followers fall behind under "
                  "large messages and partitions drop out of the ISR. Raise replica.fetch.max.bytes (and "
                  "replica.fetch.response.max.bytes) with message.max.bytes.",
                  "Kafka broker configs message.max.bytes and replica.fetch.max.bytes (KIP-74)",
                  "message.max.bytes=10485760\n",
                  "message.max.bytes=10485760\nreplica.fetch.max.bytes=10485760\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext&, Emitter& out) {
            const auto message = value(doc, "message.max.bytes", ValueType::Int, "1048588");
            const auto fetch = value(doc, "replica.fetch.max.bytes", ValueType::Int, "1048576");
            if (!message || !fetch || message->number - 12 <= fetch->number) {
                return;
            }
            const Setting* at = message->set() ? message->setting : fetch->setting;
            Finding& f = emit_at(out, rule, at, at != nullptr ? at->key : "message.max.bytes",
                                 fmt::format("message.max.bytes {}{} lets producers write record batches larger than "
                                             "replica.fetch.max.bytes {}{} (the shipped defaults differ only by the "
                                             "12-byte log overhead): followers fetch each such batch in a request of "
                                             "its own",
                                             n(message->number), message->set() ? "" : " (default)", n(fetch->number),
                                             fetch->set() ? "" : " (default)"));
            f.recommended = n(message->number);
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X008",
                 "retention-bytes-within-one-segment",
                 k_broker,
                 Severity::Warning,
                 "log.retention.bytes is not above log.segment.bytes: size retention deletes everything at once",
                 FixAvailability::None,
                 {"Finds a size-based retention (`log.retention.bytes` > 0) that is not larger than one log segment "
                  "(`log.segment.bytes`, default 1 GiB).",
                  "Retention deletes whole closed segments, and only once the partition would still hold "
                  "`log.retention.bytes` without the oldest one. With retention no larger than a segment, a partition "
                  "swings between the retention and the retention plus a segment, and each deletion drops a whole "
                  "segment: 100 % or more of the retained data at once, so consumers that lag lose everything together. The guide's broker "
                  "sets both to 1073741824. Keep segments a small fraction of the retention (a quarter or less).",
                  "Kafka broker configs log.retention.bytes and log.segment.bytes; UnifiedLog retention by size "
                  "(deletes the oldest segments while size - segment >= retention); tuning guide §1, Broker "
                  "Configuration",
                  "log.segment.bytes=1073741824\nlog.retention.bytes=1073741824\n",
                  "log.segment.bytes=268435456\nlog.retention.bytes=1073741824\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            const auto retention = value(doc, "log.retention.bytes", ValueType::Long, "-1");
            const auto segment = value(doc, "log.segment.bytes", ValueType::Int, "1073741824");
            if (!retention || !segment || !retention->set() || retention->number <= 0 ||
                retention->number > segment->number) {
                return;
            }
            const long double share = segment->number / retention->number;
            Finding& f = emit_at(out, rule, retention->setting, "log.retention.bytes",
                                 fmt::format("log.retention.bytes {} ({}) {} log.segment.bytes {} ({}{}): a partition "
                                             "holds {} to {} and each size-based deletion drops one whole {} segment "
                                             "= {} of the retention at once",
                                             n(retention->number), gib(retention->number),
                                             retention->number == segment->number ? "=" : "<", n(segment->number),
                                             gib(segment->number), segment->set() ? "" : ", default",
                                             gib(retention->number), gib(retention->number + segment->number),
                                             gib(segment->number), percent(share)));
            if (ctx.details) {
                f.details = {{"retention_bytes", retention->number}, {"segment_bytes", segment->number},
                             {"deleted_at_once_share", static_cast<double>(share)}};
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X009",
                 "translog-sync-interval-without-async",
                 k_index,
                 Severity::Warning,
                 "index.translog.sync_interval has no effect without async translog durability",
                 FixAvailability::None,
                 {"Finds `index.translog.sync_interval` in an index body whose `index.translog.durability` is "
                  "`request` (the default).",
                  "With request durability Elasticsearch fsyncs the translog before it acknowledges each write, so "
                  "the periodic sync finds nothing left to sync: the interval changes nothing. It only matters with "
                  "`index.translog.durability: async`, where it is the window of acknowledged writes a crash can "
                  "lose (X010). The tuning guide sets it to 30s without async durability.",
                  "Elasticsearch index settings index.translog.durability (default request) and "
                  "index.translog.sync_interval (default 5s); tuning guide §3, Index Settings",
                  "{\"settings\": {\"index.translog.sync_interval\": \"30s\"}}\n",
                  "{\"settings\": {\"index.translog.durability\": \"async\", \"index.translog.sync_interval\": "
                  "\"5s\"}}\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext&, Emitter& out) {
            for (const Setting& s : doc.settings) {
                if (!s.active() || s.key != "index.translog.sync_interval") {
                    continue;
                }
                std::string durability = "request";
                bool durability_set = false;
                for (const Setting& d : doc.settings) {
                    if (d.active() && d.scope == s.scope && d.key == "index.translog.durability") {
                        durability = to_lower(d.value);
                        durability_set = true;
                    }
                }
                if (durability != "request") {
                    continue;
                }
                emit_at(out, rule, &s, s.key,
                        fmt::format("index.translog.sync_interval {} has no effect: index.translog.durability is "
                                    "request{}, so every write is fsynced before it is acknowledged",
                                    s.value, durability_set ? "" : " (the default)"));
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X010",
                 "async-translog-loss-window",
                 k_index,
                 Severity::Warning,
                 "Async translog durability acknowledges writes that a crash can lose",
                 FixAvailability::None,
                 {"Finds `index.translog.durability: async` and reports the window of acknowledged writes a node "
                  "crash loses: `index.translog.sync_interval` (default 5s). A warning above the 5 s default, "
                  "info at or below it.",
                  "With async durability the translog is fsynced every sync_interval in the background, not before "
                  "each write is acknowledged. A crash of the node (not a clean restart) loses the acknowledged "
                  "operations of the last interval on the primary; replicas may still hold them, but a single-copy "
                  "index loses them.",
                  "Elasticsearch index settings index.translog.durability and index.translog.sync_interval "
                  "(\"Translog\" in the index modules reference)",
                  "{\"settings\": {\"index.translog.durability\": \"async\", \"index.translog.sync_interval\": "
                  "\"30s\"}}\n",
                  "{\"settings\": {\"index.translog.durability\": \"request\"}}\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            for (const Setting& s : doc.settings) {
                if (!s.active() || s.key != "index.translog.durability" || to_lower(s.value) != "async") {
                    continue;
                }
                const Setting* interval = nullptr;
                for (const Setting& d : doc.settings) {
                    if (d.active() && d.scope == s.scope && d.key == "index.translog.sync_interval") {
                        interval = &d;
                    }
                }
                const auto parsed = parse_value(ValueType::Duration, Dialect::Elasticsearch,
                                                interval != nullptr ? interval->value : "5s");
                if (!parsed) {
                    continue;
                }
                Finding& f = emit_at(out, rule, &s, s.key,
                                     fmt::format("index.translog.durability async: a node crash loses up to {} "
                                                 "(index.translog.sync_interval{}) of acknowledged writes",
                                                 duration(parsed->number), interval != nullptr ? "" : ", default"));
                if (parsed->number <= 5000) {
                    f.severity = Severity::Info;
                }
                if (ctx.details) {
                    f.details = {{"loss_window_ms", static_cast<double>(parsed->number)}};
                }
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X011",
                 "index-setting-short-and-long-form",
                 k_index,
                 Severity::Warning,
                 "A setting is written both short and with its index. prefix: the short one wins",
                 FixAvailability::None,
                 {"Finds an index body that sets one setting under both spellings, `number_of_shards` and "
                  "`index.number_of_shards` (or `{\"index\": {\"number_of_shards\": ...}}`), with different values.",
                  "Elasticsearch adds `index.` to the short keys after reading the body and puts them back last, so "
                  "the short spelling replaces the long one whatever their order in the file. A reader who edits "
                  "the long form, or trusts the later line, changes nothing; for a static setting like "
                  "`number_of_shards` the index is created with a shard count nobody meant.",
                  "Elasticsearch Settings.Builder.normalizePrefix (the renamed short keys are put back after the loop)",
                  "{\"settings\": {\"number_of_shards\": 3, \"index.number_of_shards\": 5}}\n",
                  "{\"settings\": {\"index.number_of_shards\": 3}}\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            for (const Setting& s : doc.settings) {
                if (s.inactive != Inactive::Overridden || s.overridden_by < 0 ||
                    static_cast<std::size_t>(s.overridden_by) >= doc.settings.size()) {
                    continue;
                }
                const Setting& winner = doc.settings[static_cast<std::size_t>(s.overridden_by)];
                const auto loser_short = short_form(doc, s);
                const auto winner_short = short_form(doc, winner);
                if (!loser_short || !winner_short || *loser_short == *winner_short || s.value == winner.value) {
                    continue;
                }
                const std::string short_key = s.key.substr(6);
                const Position at = doc.position(winner.key_range.begin);
                Finding& f = emit_at(out, rule, &s, s.key,
                                     fmt::format("`{}` = {} here is ignored: `{}` = {} on line {} is the short spelling "
                                                 "of the same setting, and Elasticsearch applies the short one "
                                                 "whatever the order",
                                                 s.key, s.value, short_key, winner.value, at.line));
                if (ctx.details) {
                    f.details = {{"ignored", place(doc, s)}, {"applied", place(doc, winner)}};
                }
            }
        }));
    register_jvm_heap_rules(rules);
}

}  // namespace streamlint::semantic
