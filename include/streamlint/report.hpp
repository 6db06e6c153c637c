// Reports: findings as text or JSON, and `show`'s view of each file.
#pragma once

#include <streamlint/lint.hpp>
#include <streamlint/rule.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamlint {

struct TextStyle {
    bool color = false;
};

/// Which catalog answers for each product, given the targets: {"kafka", "Kafka 3.9 catalog (nearest to 3.8)"}, ...
/// in the order kafka, flink, elasticsearch, jdk.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> describe_catalogs(const Targets& targets);

/// What a report's summary counts of the findings it wrote.
struct ReportCounts {
    std::size_t error = 0;
    std::size_t warning = 0;
    std::size_t info = 0;
    std::size_t fixable = 0;  // with a fix that is not display-only
    void add(const Finding& f);
    [[nodiscard]] std::size_t total() const { return error + warning + info; }
};

/// A report written one finding at a time, so `check` can write it while the run goes on
/// (LintOptions::sink) instead of keeping every finding. The whole-result writers of the same
/// formats (write_text_report, ...) are built on it, so both give the same bytes.
class ReportWriter {
public:
    virtual ~ReportWriter() = default;
    /// The next finding in report order; `doc` is its file's document (null when there is none).
    void add(const Finding& f, const Document* doc)
    {
        m_counts.add(f);
        write(f, doc);
    }
    /// The end of the report; the summary reads `result` (files, targets, baseline) and the counts.
    virtual void finish(const LintResult& result) = 0;
    [[nodiscard]] const ReportCounts& counts() const { return m_counts; }

protected:
    virtual void write(const Finding& f, const Document* doc) = 0;

private:
    ReportCounts m_counts;
};

/// The writer of a format that can be written a finding at a time (text, json, github); null for
/// the formats that need every finding before they begin (sarif, gitlab, junit, checkstyle).
[[nodiscard]] std::unique_ptr<ReportWriter> report_writer(std::ostream& out, std::string_view format,
                                                          TextStyle style);

/// `path:line:col: severity[RULE] message`, one line a finding, then a summary line.
void write_text_report(std::ostream& out, const LintResult& result, TextStyle style);
[[nodiscard]] std::unique_ptr<ReportWriter> text_report_writer(std::ostream& out, TextStyle style);

/// The JSON report of the spec: {"version", "findings", "summary"}.
void write_json_report(std::ostream& out, const LintResult& result);
[[nodiscard]] std::unique_ptr<ReportWriter> json_report_writer(std::ostream& out);

/// The summary line of the text report ("Found 3 findings (...) in 6 files." or "All checks passed
/// (...)."), with what a baseline hid; no final newline.
[[nodiscard]] std::string summary_line(const LintResult& result);
[[nodiscard]] std::string summary_line(const LintResult& result, const ReportCounts& counts);

/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every rule's metadata and help in
/// tool.driver.rules, one result a finding with a region, partialFingerprints and fixes.
void write_sarif_report(std::ostream& out, const LintResult& result);

/// GitHub Actions workflow commands: one `::error|warning|notice file=...,line=...::message` a finding.
void write_github_report(std::ostream& out, const LintResult& result);
[[nodiscard]] std::unique_ptr<ReportWriter> github_report_writer(std::ostream& out);

/// GitLab Code Quality (a CodeClimate subset): a JSON array of issues with unique fingerprints.
/// Paths are made relative to `project_dir` (GitLab's CI_PROJECT_DIR) when it is given and holds them.
void write_gitlab_report(std::ostream& out, const LintResult& result, const std::string& project_dir = {});

/// JUnit XML: one testsuite a file, one failed testcase a finding, a passing testcase for a clean file.
void write_junit_report(std::ostream& out, const LintResult& result);

/// Checkstyle XML (version 4.3): one <file> a file, one <error> a finding.
void write_checkstyle_report(std::ostream& out, const LintResult& result);

/// The names `check --format` takes, in --help order.
[[nodiscard]] const std::vector<std::string>& report_formats();

/// Writes the report of a format named by report_formats(). Throws UsageError for another name.
void write_report(std::ostream& out, const LintResult& result, std::string_view format, TextStyle style,
                  const std::string& project_dir = {});

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
