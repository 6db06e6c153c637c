// Findings: what a rule reports, where, and the fix it offers.
#pragma once

#include <streamlint/source.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

enum class Severity : std::uint8_t { Info = 0, Warning = 1, Error = 2 };

[[nodiscard]] std::string_view to_string(Severity s);
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view s);

/// How far a fix can be trusted (ruff's model): Safe keeps what the product does, Unsafe changes
/// behaviour and needs --unsafe-fixes, DisplayOnly is shown and never applied.
enum class Applicability : std::uint8_t { DisplayOnly = 0, Unsafe = 1, Safe = 2 };

[[nodiscard]] std::string_view to_string(Applicability a);

/// One edit over the original bytes: a deletion (empty content), an insertion (empty range) or a
/// replacement.
struct Edit {
    ByteRange range;
    std::string content;
};

struct Fix {
    Applicability applicability = Applicability::Safe;
    std::string title;  // what the fix does, e.g. "Remove the overridden line"
    std::vector<Edit> edits;  // sorted by range.begin, non-overlapping
};

struct Finding {
    std::string rule;  // rule id, e.g. "S002"
    std::string name;  // the rule's name, e.g. "duplicate-key"
    Severity severity = Severity::Warning;
    std::string file;  // path as found from the working directory
    ByteRange range;   // where; meaningless when whole_file
    bool whole_file = false;
    Position position{0, 0};  // filled from the file's line index; {0,0} for whole-file findings
    std::string component;    // the file's kind, e.g. "kafka-broker"
    std::optional<std::string> key;
    std::optional<std::string> current;
    std::optional<std::string> recommended;
    std::string message;
    std::optional<Fix> fix;
    nlohmann::json details;  // null when there are none
};

/// The order findings are reported in: file, line, column, rule, then message (stable output).
[[nodiscard]] bool finding_less(const Finding& a, const Finding& b);

}  // namespace streamlint
