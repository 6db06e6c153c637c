#include <streamlint/rule.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <tuple>

namespace streamlint {

std::string_view to_string(Severity s)
{
    switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view s)
{
    if (s == "info") {
        return Severity::Info;
    }
    if (s == "warning") {
        return Severity::Warning;
    }
    if (s == "error") {
        return Severity::Error;
    }
    return std::nullopt;
}

std::string_view to_string(Applicability a)
{
    switch (a) {
    case Applicability::DisplayOnly: return "display-only";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::Safe: return "safe";
    }
    return "display-only";
}

bool finding_less(const Finding& a, const Finding& b)
{
    return std::tie(a.file, a.position.line, a.position.column, a.rule, a.message) <
           std::tie(b.file, b.position.line, b.position.column, b.rule, b.message);
}

Finding& Emitter::emit(const RuleInfo& rule, ByteRange range, std::string message)
{
    if (m_findings.capacity() == 0) {
        m_findings.reserve(8);  // a file with findings has about five: not grown (and moved) from one
    }
    Finding& f = m_findings.emplace_back();
    f.rule = rule.id;
    f.name = rule.name;
    f.severity = rule.severity;
    f.file = m_doc.path;
    f.range = range;
    f.position = m_doc.position(range.begin);
    f.component = std::string(to_string(m_doc.kind));
    f.message = std::move(message);
    return f;
}

Finding& Emitter::emit_file(const RuleInfo& rule, std::string message)
{
    Finding& f = emit(rule, {}, std::move(message));
    f.whole_file = true;
    f.position = {0, 0};
    return f;
}

bool Rule::applies_to(FileKind kind) const
{
    const auto& kinds = info().kinds;
    return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// Defined next to each family of rules.
void register_syntax_rules(std::vector<std::unique_ptr<Rule>>& out);
// Rules driven by the upstream catalogs (src/rules/catalog_rules.cpp).
void register_catalog_rules(std::vector<std::unique_ptr<Rule>>& out);
// Rules over the meaning of several settings and the machines (src/rules/semantic_rules.cpp).
void register_semantic_rules(std::vector<std::unique_ptr<Rule>>& out);
// The rule packs compiled into the binary (src/rules/packs.cpp).
void register_builtin_packs(std::vector<std::unique_ptr<Rule>>& out);

const std::vector<std::unique_ptr<Rule>>& builtin_rules()
{
    static const std::vector<std::unique_ptr<Rule>> rules = [] {
        std::vector<std::unique_ptr<Rule>> v;
        register_syntax_rules(v);
        register_catalog_rules(v);
        register_semantic_rules(v);
        register_builtin_packs(v);
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a->info().id < b->info().id; });
        return v;
    }();
    return rules;
}

const Rule* find_rule(std::string_view id_or_name)
{
    // Built once: findings name their rule by id, and every one of them may be looked up.
    static const std::unordered_map<std::string_view, const Rule*> index = [] {
        std::unordered_map<std::string_view, const Rule*> m;
        for (const auto& r : builtin_rules()) {
            m.try_emplace(r->info().id, r.get());
        }
        for (const auto& r : builtin_rules()) {
            m.try_emplace(r->info().name, r.get());
        }
        return m;
    }();
    const auto it = index.find(id_or_name);
    return it == index.end() ? nullptr : it->second;
}

RuleSet::RuleSet()
{
    for (const auto& r : builtin_rules()) {
        m_rules.push_back(r.get());
    }
    reindex();
}

void RuleSet::add(std::vector<std::unique_ptr<Rule>> rules)
{
    for (auto& r : rules) {
        for (const Rule* existing : m_rules) {
            if (existing->info().id == r->info().id || existing->info().name == r->info().name) {
                const std::string where = existing->origin();
                throw UsageError(fmt::format("{}: rule {} ({}) is already defined by {}", r->origin(),
                                             r->info().id, r->info().name, where.empty() ? "streamlint" : where));
            }
        }
        m_owned.emplace_back(std::move(r));
        m_rules.push_back(m_owned.back().get());
    }
    std::sort(m_rules.begin(), m_rules.end(), [](const Rule* a, const Rule* b) { return a->info().id < b->info().id; });
    reindex();
}

void RuleSet::reindex()
{
    m_index.clear();
    for (const Rule* r : m_rules) {
        m_index.try_emplace(r->info().id, r);
    }
    for (const Rule* r : m_rules) {
        m_index.try_emplace(r->info().name, r);
    }
    for (std::size_t k = 0; k < m_by_kind.size(); ++k) {
        m_by_kind[k].clear();
        for (const Rule* r : m_rules) {
            if (r->applies_to(static_cast<FileKind>(k))) {
                m_by_kind[k].push_back(r);
            }
        }
    }
}

const Rule* RuleSet::find(std::string_view id_or_name) const
{
    const auto it = m_index.find(id_or_name);
    return it == m_index.end() ? nullptr : it->second;
}

}  // namespace streamlint
