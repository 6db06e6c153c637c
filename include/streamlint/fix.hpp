// Applying fixes: ruff's model. Non-overlapping fixes are applied all-or-nothing in a fixed order,
// a fix that would break a file that parsed is dropped, and passes repeat (re-linting between
// them) until nothing changes.
#pragma once

#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>

#include <functional>
#include <string>
#include <vector>

namespace streamlint {

struct FixSettings {
    bool unsafe = false;  // --unsafe-fixes: apply Unsafe fixes too
    int max_passes = 10;
};

/// What re-linting a text gives: the document as parsed and its findings.
struct Relinted {
    Document doc;
    std::vector<Finding> findings;
};
using Relint = std::function<Relinted(std::string text)>;

struct AppliedFix {
    std::string rule;
    std::string title;
    Position position;  // where the finding was, in the text of the pass that applied it
};

struct FileFixResult {
    std::string original;
    std::string fixed;
    std::vector<AppliedFix> applied;
    std::vector<Finding> remaining;  // the findings of the fixed text
    Document doc;                    // the fixed text, parsed
    int passes = 0;
};

/// Whether a fix is applied under these settings.
[[nodiscard]] bool fix_applies(const Fix& fix, const FixSettings& settings);

/// Applies the fixes of `findings` to `doc`'s text and repeats with `relint` until no applicable fix
/// is left or `max_passes` is reached. Findings whose fix was skipped say why (a sentence appended
/// to the message of the remaining finding: it overlaps another fix, or it would break the file).
[[nodiscard]] FileFixResult fix_file(Document doc, std::vector<Finding> findings, const Relint& relint,
                                     const FixSettings& settings);

/// Applies one pass: the fixes that apply and do not overlap one applied before them (sorted by
/// their first edit, then rule). Returns the new text; `applied` and `skipped` get the findings.
[[nodiscard]] std::string apply_fixes(std::string_view text, const std::vector<const Finding*>& candidates,
                                      std::vector<const Finding*>& applied, std::vector<const Finding*>& skipped);

}  // namespace streamlint
