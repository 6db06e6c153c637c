// Baselines: record today's findings so that only new ones are reported (gradual adoption), and the
// stable fingerprints that SARIF and GitLab reports carry. A finding is identified by its rule, its
// file, its key and its value, never by its line: edits elsewhere in a file do not revive it.
#pragma once

#include <streamlint/lint.hpp>

#include <compare>
#include <string>
#include <vector>

namespace streamlint {

/// What identifies a finding across runs and edits.
struct FindingIdentity {
    std::string rule;
    std::string file;   // as reported, or relative to the baseline file's directory in a baseline
    std::string key;    // the setting or flag ("" when the finding has none)
    std::string value;  // its current value; for a finding without a key, the text of its line
                        // (trimmed); for a whole-file finding without a key, the message
    friend auto operator<=>(const FindingIdentity&, const FindingIdentity&) = default;
    friend bool operator==(const FindingIdentity&, const FindingIdentity&) = default;
};

/// The identity of a finding; `doc` (may be null) supplies the line text of keyless findings.
[[nodiscard]] FindingIdentity finding_identity(const Finding& finding, const Document* doc);

/// 16 hex digits (64-bit FNV-1a) of an identity and its occurrence number among identical ones.
[[nodiscard]] std::string identity_hash(const FindingIdentity& id, std::size_t occurrence, std::string_view salt = {});

/// One fingerprint per finding of `result`, in order: the hash of its identity (file as reported)
/// and of how many identical identities came before it. Unique within the run, stable across runs
/// and line moves.
[[nodiscard]] std::vector<std::string> finding_fingerprints(const LintResult& result);

struct BaselineEntry {
    FindingIdentity id;
    std::size_t count = 1;  // identical findings recorded
};

struct Baseline {
    std::string path;
    std::vector<BaselineEntry> entries;  // sorted by identity, each identity once
};

/// Reads a baseline written by write_baseline. Throws UsageError when it cannot be read or is not one.
[[nodiscard]] Baseline read_baseline(const std::string& path);

/// The baseline of `result`'s findings as it would be written to `path` (paths relative to its directory).
[[nodiscard]] Baseline make_baseline(const LintResult& result, const std::string& path);

/// The baseline file's text: JSON, sorted, no timestamps, so it diffs well.
[[nodiscard]] std::string baseline_json(const Baseline& baseline);

/// Writes `result`'s findings to `path`; returns the number of findings recorded. Throws UsageError.
std::size_t write_baseline(const LintResult& result, const std::string& path);

/// Removes from `result.findings` those the baseline records (as many of each identity as it
/// counts) and sets `result.baseline`.
void apply_baseline(LintResult& result, const Baseline& baseline);

/// A path relative to `dir` ('/'-separated), comparing them after resolving symbolic links; the
/// absolute path when there is no relative one.
[[nodiscard]] std::string path_relative_to(const std::string& path, const std::string& dir);

}  // namespace streamlint
