// Reports: findings as text or JSON, and `show`'s view of each file.
#pragma once

#include <streamlint/lint.hpp>
#include <streamlint/rule.hpp>

#include <ostream>

namespace streamlint {

struct TextStyle {
    bool color = false;
};

/// `path:line:col: severity[RULE] message`, one line a finding, then a summary line.
void write_text_report(std::ostream& out, const LintResult& result, TextStyle style);

/// The JSON report of the spec: {"version", "findings", "summary"}.
void write_json_report(std::ostream& out, const LintResult& result);

/// `show`: every recognised file's kind and settings in file order.
void write_show_text(std::ostream& out, const LintResult& result, TextStyle style);
void write_show_json(std::ostream& out, const LintResult& result);

/// `rules` and `explain`.
void write_rules_text(std::ostream& out, const RuleSet& rules);
void write_rules_json(std::ostream& out, const RuleSet& rules);
void write_explain(std::ostream& out, const Rule& rule);
/// docs/rules/<ID>.md: the same text as `explain`, as Markdown.
[[nodiscard]] std::string rule_markdown(const Rule& rule);
/// docs/rules/README.md: the index of every rule.
[[nodiscard]] std::string rules_index_markdown(const RuleSet& rules);

}  // namespace streamlint
