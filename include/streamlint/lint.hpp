// The whole pipeline for `check` and `show`: find files, read their project files, parse, run
// the rules, sort the findings.
#pragma once

#include <streamlint/engine.hpp>
#include <streamlint/finding.hpp>
#include <streamlint/fix.hpp>
#include <streamlint/model.hpp>
#include <streamlint/project.hpp>
#include <streamlint/rule.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace streamlint {

/// Takes a run's findings as they become final (LintOptions::sink), so a report can be written
/// while the run goes on and no finding or document is kept longer than needed.
class FindingSink {
public:
    virtual ~FindingSink() = default;
    /// The findings of a stretch of files, in report order (finding_less): every call's findings
    /// come after the previous call's. `doc_of(path)` is the document of a finding's file (null when
    /// there is none, for a file that could not be read), whole until the call returns.
    virtual void take(std::vector<Finding>& findings,
                      const std::function<const Document*(const std::string&)>& doc_of) = 0;
};

struct LintOptions {
    std::vector<std::string> paths;           // default "."
    std::optional<FileKind> kind;             // --kind
    std::optional<std::string> config_file;   // --config; otherwise looked up per file
    std::optional<std::string> target;        // --target text
    std::optional<std::vector<std::string>> select;  // --select (replaces the project file's)
    std::vector<std::string> ignore;          // --ignore (adds to the project file's)
    std::vector<std::string> rule_dirs;       // --rules DIR (extra rule packs)
    std::optional<std::string> changed_since; // --changed-since REV: only files that differ from REV (git)
    bool skip_unrecognised = false;           // named files whose kind cannot be told are skipped, not exit 2
    std::optional<std::uint64_t> max_file_size;  // --max-file-size: larger files are not read (S003)
    /// Keep of each file only what the reports need once it is checked (the text and line index of
    /// files with findings; the path and kind of the others). `check` without --fix/--diff sets it;
    /// `show`, fixing and the cross-file re-lint of fixes need whole documents.
    bool lean = false;
    /// When set (with `lean`), the findings go to the sink as they become final instead of into
    /// LintResult::findings, which stays empty, and each file is let go of once its findings are
    /// passed on (LintResult::released counts it): memory stays flat in the number of files.
    FindingSink* sink = nullptr;
    /// Whether the findings' details are wanted (RuleContext::details): `check` without a JSON
    /// report does not read them.
    bool details = true;
};

/// What a baseline hid (see baseline.hpp).
struct BaselineSummary {
    std::string file;        // the baseline file
    std::size_t hidden = 0;  // findings it recorded, not reported
    std::size_t fixed = 0;   // its entries for the linted files that no longer occur
};

/// One linted document. A deployment file (docker-compose, Kubernetes) gives several, one for each
/// component it configures, with the same path.
struct LintedFile {
    Document doc;
    std::shared_ptr<const ProjectConfig> config;  // null when there is none
    Targets targets;
    RuleSelection selection;  // the rules selected for this file
};

/// What a streamed run (LintOptions::sink) keeps of the files it let go of once their findings were
/// written: what the reports' summaries read of them.
struct ReleasedFiles {
    std::size_t files = 0;  // as file_count counts them: the documents of one deployment file once
    std::map<FileKind, std::size_t> documents_by_kind;
    std::vector<Targets> targets;  // each distinct one once, in order of first use
};

struct LintResult {
    std::vector<LintedFile> files;  // in path order; in a streamed run, none left at its end
    ReleasedFiles released;         // a streamed run's files once let go of
    std::vector<Finding> findings;  // sorted with finding_less
    Targets targets;                // the run's targets before any project file (defaults + --target)
    std::optional<FailOn> fail_on;  // from the project file(s), when one says
    std::shared_ptr<const RuleSet> rules;  // the rules of the run: built-in and extra packs
    std::optional<std::string> baseline_file;  // the project file's `baseline:`, resolved against its directory
    std::optional<BaselineSummary> baseline;   // set when a baseline was applied
};

/// The rules of a run: built-in plus the packs of --rules and of the project file(s) in `dirs`.
[[nodiscard]] std::shared_ptr<const RuleSet> load_rules(const std::vector<std::string>& dirs);

/// The baseline a run applies from its project file (that of the first path, or --config): its
/// `baseline:` resolved against the project file's directory; what LintResult::baseline_file holds
/// after the run. Throws UsageError for a project file that cannot be read.
[[nodiscard]] std::optional<std::string> project_baseline(const LintOptions& options);

/// Runs the pipeline. Throws UsageError for what makes the tool unable to do its job (exit 2).
[[nodiscard]] LintResult run_lint(const LintOptions& options);

/// Lints `text` the way `file` was linted (its kind, syntax, project file, targets and rules):
/// what re-linting after a fix pass needs.
[[nodiscard]] Relinted relint_file(const LintedFile& file, std::string text, const RuleSet& rules);

struct FixedFile {
    std::string path;
    std::string original;
    std::string fixed;
    std::vector<AppliedFix> applied;
};

/// Applies the fixes of every file (see fix_file) and replaces each file's document and findings in
/// `result` with the fixed text's. Returns the files whose text changed, in file order.
[[nodiscard]] std::vector<FixedFile> fix_all(LintResult& result, const FixSettings& settings);

/// How many files the run read: the documents of one deployment file count once (released ones included).
[[nodiscard]] std::size_t file_count(const LintResult& result);

/// The tool's version.
[[nodiscard]] std::string_view version();

}  // namespace streamlint
