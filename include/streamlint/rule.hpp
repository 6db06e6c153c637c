// Rules: metadata every rule carries (the same text feeds `rules`, `explain` and docs/rules/) and
// the interface a rule implements.
#pragma once

#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>
#include <streamlint/project.hpp>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace streamlint {

enum class FixAvailability : std::uint8_t { None, Sometimes, Always };

struct RuleDocs {
    std::string what;     // what it checks
    std::string why;      // why it matters: what the product does
    std::string source;   // where the fact or recommendation comes from
    std::string bad;      // an example that fires (file text)
    std::string good;     // the same example, fixed
    std::string fix;      // how the fix behaves and how safe it is ("" when there is none)
};

struct RuleInfo {
    std::string id;    // "S002": a letter for the family, three digits
    std::string name;  // kebab-case, names the pattern flagged: "duplicate-key"
    std::vector<FileKind> kinds;  // the kinds it applies to; empty = every kind
    Severity severity = Severity::Warning;
    std::string summary;  // one line, sentence case, no final period
    FixAvailability fix = FixAvailability::None;
    RuleDocs docs;
};

/// What a rule sees besides the document.
struct RuleContext {
    Targets targets;                          // the versions this file is checked against
    const ProjectConfig* project = nullptr;   // deployment and workload, when a project file says
    /// Cross-file rules (the latency budget from producer to index, partitions against slots): the
    /// documents of the run that share this file's project file (under none: those of its own
    /// directory, see run_lint). It may hold the checked document
    /// itself (skip it by address); sorted by path; null when the document is linted alone.
    const std::vector<const Document*>* run = nullptr;
    /// Whether Finding::details are read (the JSON report): when not, a rule need not build the
    /// larger ones (the memory breakdown, the latency budget, a default's text).
    bool details = true;
};

/// Collects the findings of one rule on one document.
class Emitter {
public:
    explicit Emitter(const Document& doc) : m_doc(doc) {}
    Finding& emit(const RuleInfo& rule, ByteRange range, std::string message);
    Finding& emit_file(const RuleInfo& rule, std::string message);
    [[nodiscard]] std::vector<Finding>& findings() { return m_findings; }

private:
    const Document& m_doc;
    std::vector<Finding> m_findings;
};

class Rule {
public:
    virtual ~Rule() = default;
    [[nodiscard]] virtual const RuleInfo& info() const = 0;
    virtual void check(const Document& doc, const RuleContext& ctx, Emitter& out) const = 0;
    [[nodiscard]] bool applies_to(FileKind kind) const;
    /// Where the rule is defined: "" for C++ rules, else the rule pack's path.
    [[nodiscard]] virtual std::string origin() const { return {}; }
};

/// Which check_document call is running on this thread: a number unique to the call within the
/// thread, 0 outside one. Rules that share a costly derivation of the document (the Flink memory
/// model) keep it while the number stays the same: the document cannot change or go away meanwhile.
[[nodiscard]] std::uint64_t current_document_check();

/// Every built-in rule (C++ rules and the compiled-in rule packs), sorted by id.
[[nodiscard]] const std::vector<std::unique_ptr<Rule>>& builtin_rules();
/// A built-in rule by id or name, or null.
[[nodiscard]] const Rule* find_rule(std::string_view id_or_name);

/// The rules of one run: the built-in ones plus those of extra rule packs.
class RuleSet {
public:
    RuleSet();  // the built-in rules
    /// Adds rules; throws UsageError on an id or name that is already taken.
    void add(std::vector<std::unique_ptr<Rule>> rules);
    [[nodiscard]] const std::vector<const Rule*>& rules() const { return m_rules; }  // sorted by id
    /// The rules that apply to a kind of file (Rule::applies_to), sorted by id: what each document's
    /// check goes through, listed once instead of tested rule by rule for every file.
    [[nodiscard]] const std::vector<const Rule*>& rules_for(FileKind kind) const
    {
        return m_by_kind[static_cast<std::size_t>(kind)];
    }
    [[nodiscard]] const Rule* find(std::string_view id_or_name) const;

private:
    void reindex();

    std::vector<const Rule*> m_rules;
    std::array<std::vector<const Rule*>, k_file_kinds> m_by_kind;
    std::vector<std::shared_ptr<Rule>> m_owned;
    std::unordered_map<std::string_view, const Rule*> m_index;  // id or name -> rule (ids win)
};

}  // namespace streamlint
