// The rule engine: which rules run on a file, at what severity, and what the file's suppression
// comments silence.
#pragma once

#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>
#include <streamlint/rule.hpp>

#include <map>
#include <string>
#include <vector>

namespace streamlint {

/// A selector is a rule id ("S002"), a prefix of ids ("S", "S0"), a rule name
/// ("duplicate-key") or "ALL".
[[nodiscard]] bool selector_matches(std::string_view selector, const RuleInfo& rule);

struct RuleSelection {
    std::vector<std::string> select;  // empty = every rule
    std::vector<std::string> ignore;
    std::map<std::string, Severity> severity;  // selector -> severity
    std::vector<std::string> file_ignores;     // selectors silenced for this file (per-file-ignores)

    [[nodiscard]] bool enabled(const RuleInfo& rule) const;
    /// The configured severity for a rule (the most specific matching selector), if any.
    [[nodiscard]] std::optional<Severity> override_for(const RuleInfo& rule) const;
};

/// Runs every enabled rule of `rules` that applies to the document's kind, applies severity
/// overrides and the file's `# streamlint: disable=...` comments, and reports unused suppressions.
[[nodiscard]] std::vector<Finding> check_document(const Document& doc, const RuleContext& ctx,
                                                  const RuleSelection& selection, const RuleSet& rules);

/// Applies selection and severity overrides to findings produced outside the rules (discovery).
void apply_selection(std::vector<Finding>& findings, const RuleSelection& selection);

}  // namespace streamlint
