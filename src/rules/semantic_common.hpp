// Shared by the semantic rule families (M memory model, X cross-key, C capacity, L latency): a rule
// from a function, reading values as the product does, and the numbers as the messages show them.
#pragma once

#include <streamlint/catalog.hpp>
#include <streamlint/memory_model.hpp>
#include <streamlint/rule.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace streamlint::semantic {

/// A rule whose check is a function.
class FnRule final : public Rule {
public:
    using Check = std::function<void(const RuleInfo&, const Document&, const RuleContext&, Emitter&)>;
    FnRule(RuleInfo info, Check check) : m_info(std::move(info)), m_check(std::move(check)) {}
    const RuleInfo& info() const override { return m_info; }
    void check(const Document& doc, const RuleContext& ctx, Emitter& out) const override { m_check(m_info, doc, ctx, out); }

private:
    RuleInfo m_info;
    Check m_check;
};

/// A value of a document: the setting (null when the key is absent and the default applies) and
/// its meaning.
struct Value {
    const Setting* setting = nullptr;
    long double number = 0;
    std::string text;
    [[nodiscard]] bool set() const { return setting != nullptr; }
};

/// The active value of `key` (or of the first alias set), parsed as the file's product parses it;
/// the default (parsed the same way) when unset; nullopt when the written value does not parse (the
/// type rules report that) or there is no default.
std::optional<Value> value(const Document& doc, std::string_view key, ValueType type,
                           std::optional<std::string_view> fallback = std::nullopt,
                           std::initializer_list<std::string_view> aliases = {});

/// The active settings of a document as the Flink memory model reads them.
flink_memory::Config flink_config(const Document& doc);
/// Whether Flink reads the 1.x keys that 2.0 removed: a flink-conf.yaml (only 1.x reads it) or a
/// Flink target before 2.0.
bool flink_legacy_keys(const Document& doc, const Targets& targets);
/// The memory model for one process of a Flink file; shared by the rules of one document check
/// (derived once a process), so held by pointer. Its steps are written when the context wants
/// details, and for a refusal.
std::shared_ptr<const flink_memory::Result> flink_process(const Document& doc, const RuleContext& ctx,
                                                          flink_memory::Process process);

/// The setting a process's memory derivation starts from (process size, total Flink size, heap).
const Setting* memory_anchor(const Document& doc, const flink_memory::Result& r);

/// The hosts of a role: the project file's deployment, with what a deployment file says about the
/// document's own containers (compose limits, Kubernetes resources) taking precedence; nullopt when
/// neither describes the role.
std::optional<HostSpec> host(const Document& doc, const RuleContext& ctx, std::string_view role);

/// A JVM options document of an Elasticsearch node (jvm.options files, or the JVM options of an
/// Elasticsearch component of a deployment file), not a Kafka broker's KAFKA_HEAP_OPTS.
bool es_node_jvm(const Document& doc);

/// Kafka target at or above `version` ("3.0").
bool kafka_at_least(const Targets& targets, std::string_view version);
bool flink_at_least(const Targets& targets, std::string_view version);

/// Host and disk sizes: "4g", "16g", "1t", "3.5g", "512m".
std::string gib(long double bytes);
/// "5 ms", "500 ms", "1 s", "30 s", "1.5 s", "7 d".
std::string duration(long double ms);
/// "85 %", "100 %", "52.3 %".
std::string percent(long double ratio);
/// A count with thousands separators: "10,000".
std::string count(long double n);

/// Emits at a setting, with `key` and `current` filled in; at the whole file when it is null.
Finding& emit_at(Emitter& out, const RuleInfo& rule, const Setting* setting, std::string_view key, std::string message);

/// The other documents of the run (RuleContext::run) without `doc` itself.
std::vector<const Document*> others(const Document& doc, const RuleContext& ctx);

/// JSON for a setting's place: {"file", "key", "line", "column", "value"}.
nlohmann::json place(const Document& doc, const Setting& s);

void register_memory_rules(std::vector<std::unique_ptr<Rule>>& out);
void register_crosskey_rules(std::vector<std::unique_ptr<Rule>>& out);
void register_capacity_rules(std::vector<std::unique_ptr<Rule>>& out);
void register_latency_rules(std::vector<std::unique_ptr<Rule>>& out);

}  // namespace streamlint::semantic
