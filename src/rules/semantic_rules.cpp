// The semantic rule families: M (Flink's memory model, semantic_memory.cpp), X (cross-key facts,
// semantic_crosskey.cpp), C (capacity against the deployment, semantic_capacity.cpp) and L (the
// latency budget and throughput, semantic_latency.cpp). This file holds what they share.
#include "semantic_common.hpp"

#include <algorithm>

namespace streamlint {

namespace semantic {

std::optional<Value> value(const Document& doc, std::string_view key, ValueType type,
                           std::optional<std::string_view> fallback, std::initializer_list<std::string_view> aliases)
{
    const Setting* s = doc.find(key);
    for (auto it = aliases.begin(); s == nullptr && it != aliases.end(); ++it) {
        s = doc.find(*it);
    }
    const Dialect dialect = dialect_of(doc.kind);
    if (s == nullptr) {
        if (!fallback) {
            return std::nullopt;
        }
        const auto parsed = parse_value(type, dialect, *fallback);
        if (!parsed) {
            return std::nullopt;
        }
        return Value{nullptr, parsed->number, parsed->text.empty() ? std::string(*fallback) : parsed->text};
    }
    if (s->shape != ValueShape::Scalar) {
        return std::nullopt;
    }
    const auto parsed = parse_value(type, dialect, s->value);
    if (!parsed) {
        return std::nullopt;
    }
    return Value{s, parsed->number, parsed->text.empty() ? s->value : parsed->text};
}

flink_memory::Config flink_config(const Document& doc)
{
    flink_memory::Config config;
    for (const Setting& s : doc.settings) {
        if (s.active() && s.shape == ValueShape::Scalar) {
            config[s.key] = s.value;
        }
    }
    return config;
}

bool flink_legacy_keys(const Document& doc, const Targets& targets)
{
    return doc.syntax == Syntax::FlinkLegacyYaml || !flink_at_least(targets, "2.0");
}

std::shared_ptr<const flink_memory::Result> flink_process(const Document& doc, const RuleContext& ctx,
                                                          flink_memory::Process process)
{
    const Targets& targets = ctx.targets;
    flink_memory::Options options;
    options.legacy_keys = flink_legacy_keys(doc, targets);
    // The steps' texts only for the details, and for a refusal's message (derived again then).
    options.explain = ctx.details;
    const auto derive = [&options, process](const flink_memory::Config& config) {
        auto result =
            std::make_shared<const flink_memory::Result>(flink_memory::derive(process, config, options));
        if (!options.explain && result->status == flink_memory::Status::Refused) {
            flink_memory::Options explained = options;
            explained.explain = true;
            result = std::make_shared<const flink_memory::Result>(
                flink_memory::derive(process, config, explained));
        }
        return result;
    };
    // Half a dozen rules derive the same processes of the same document: the derivations, and the
    // settings both processes are derived from, are kept for the rest of the document's check.
    struct Memo {
        std::uint64_t check = 0;
        const Document* doc = nullptr;
        bool legacy_keys = false;
        bool explain = false;
        std::optional<flink_memory::Config> config;
        std::shared_ptr<const flink_memory::Result> results[2];
    };
    thread_local Memo memo;
    const std::uint64_t check = current_document_check();
    if (check == 0) {
        return derive(flink_config(doc));
    }
    if (memo.check != check || memo.doc != &doc || memo.legacy_keys != options.legacy_keys ||
        memo.explain != options.explain) {
        memo = Memo{check, &doc, options.legacy_keys, options.explain, std::nullopt, {}};
    }
    std::shared_ptr<const flink_memory::Result>& slot =
        memo.results[process == flink_memory::Process::JobManager ? 0 : 1];
    if (!slot) {
        if (!memo.config) {
            memo.config = flink_config(doc);
        }
        slot = derive(*memo.config);
    }
    return slot;
}

/// The key a breakdown is reported at: the one its derivation starts from.
const Setting* memory_anchor(const Document& doc, const flink_memory::Result& r)
{
    const std::string prefix = r.process == flink_memory::Process::TaskManager ? "taskmanager.memory." : "jobmanager.memory.";
    std::vector<std::string> canonical;
    switch (r.path) {
    case flink_memory::Path::FineGrained:
        canonical = r.process == flink_memory::Process::TaskManager
                        ? std::vector<std::string>{prefix + "task.heap.size", prefix + "managed.size"}
                        : std::vector<std::string>{prefix + "heap.size"};
        break;
    case flink_memory::Path::TotalFlink: canonical = {prefix + "flink.size"}; break;
    default: canonical = {prefix + "process.size"}; break;
    }
    canonical.push_back(prefix + "process.size");
    for (const auto& c : canonical) {
        if (auto it = r.written.find(c); it != r.written.end()) {
            if (const Setting* s = doc.find(it->second)) {
                return s;
            }
        }
    }
    return nullptr;
}

std::optional<HostSpec> host(const Document& doc, const RuleContext& ctx, std::string_view role)
{
    std::optional<HostSpec> out;
    if (ctx.project != nullptr) {
        if (const auto it = ctx.project->deployment.find(std::string(role)); it != ctx.project->deployment.end()) {
            out = it->second;
        }
    }
    if (doc.embedding) {
        if (const auto it = doc.embedding->deployment.find(std::string(role)); it != doc.embedding->deployment.end()) {
            // What the deployment file says (compose limits, Kubernetes resources) fills in what the
            // project file does not say; the project file wins where both do.
            const HostFacts& facts = it->second;
            HostSpec h = out.value_or(HostSpec{});
            h.count = h.count ? h.count : facts.count;
            h.cores = h.cores ? h.cores : facts.cores;
            h.memory = h.memory ? h.memory : facts.memory;
            h.disk_size = h.disk_size ? h.disk_size : facts.disk_size;
            out = h;
        }
    }
    return out;
}

bool es_node_jvm(const Document& doc)
{
    return doc.kind == FileKind::Jvm && (!doc.embedding || doc.embedding->role == "elasticsearch");
}

bool kafka_at_least(const Targets& targets, std::string_view version)
{
    return targets.kafka.empty() || catalog::compare_versions(targets.kafka, version) >= 0;
}

bool flink_at_least(const Targets& targets, std::string_view version)
{
    return targets.flink.empty() || catalog::compare_versions(targets.flink, version) >= 0;
}

std::string gib(long double bytes)
{
    constexpr long double k = 1024.0L;
    const char* units[] = {"", "k", "m", "g", "t", "p"};
    int u = 0;
    long double v = bytes;
    while (u < 5 && std::fabs(v) >= k) {
        v /= k;
        ++u;
    }
    if (std::fabs(v - std::round(v)) < 1e-9L) {
        return fmt::format("{}{}", static_cast<long long>(std::round(v)), units[u]);
    }
    return fmt::format("{:.1f}{}", static_cast<double>(v), units[u]);
}

std::string duration(long double ms)
{
    const auto whole = [](long double v) { return std::fabs(v - std::round(v)) < 1e-9L; };
    const auto num = [&](long double v) {
        return whole(v) ? fmt::format("{}", static_cast<long long>(std::round(v))) : fmt::format("{:.1f}", static_cast<double>(v));
    };
    if (ms < 1000) {
        return num(ms) + " ms";
    }
    if (ms < 120000) {
        return num(ms / 1000) + " s";
    }
    if (ms < 7200000) {
        return num(ms / 60000) + " min";
    }
    if (ms < 172800000 || !whole(ms / 86400000)) {
        return num(ms / 3600000) + " h";
    }
    return num(ms / 86400000) + " d";
}

std::string percent(long double ratio)
{
    const long double p = ratio * 100;
    if (std::fabs(p - std::round(p)) < 0.05L) {
        return fmt::format("{} %", static_cast<long long>(std::round(p)));
    }
    return fmt::format("{:.1f} %", static_cast<double>(p));
}

std::string count(long double n)
{
    std::string digits = fmt::format("{}", static_cast<long long>(std::round(n)));
    std::string out;
    const std::size_t start = digits.starts_with("-") ? 1 : 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) {
            out.push_back(',');
        }
        out.push_back(digits[i]);
    }
    return out;
}

Finding& emit_at(Emitter& out, const RuleInfo& rule, const Setting* setting, std::string_view key, std::string message)
{
    Finding& f = setting != nullptr ? out.emit(rule, setting->key_range, std::move(message))
                                    : out.emit_file(rule, std::move(message));
    f.key = std::string(key);
    if (setting != nullptr) {
        f.key = setting->key;
        f.current = setting->value;
    }
    return f;
}

std::vector<const Document*> others(const Document& doc, const RuleContext& ctx)
{
    std::vector<const Document*> out;
    if (ctx.run == nullptr) {
        return out;
    }
    for (const Document* d : *ctx.run) {
        if (d != &doc) {
            out.push_back(d);
        }
    }
    return out;
}

nlohmann::json place(const Document& doc, const Setting& s)
{
    const Position at = doc.position(s.key_range.begin);
    return {{"file", doc.path}, {"key", s.key}, {"line", at.line}, {"column", at.column}, {"value", s.value}};
}

}  // namespace semantic

void register_semantic_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    semantic::register_memory_rules(out);
    semantic::register_crosskey_rules(out);
    semantic::register_capacity_rules(out);
    semantic::register_latency_rules(out);
}

}  // namespace streamlint
