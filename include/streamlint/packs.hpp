// Rule packs: rules written as data (YAML), each an instance of a template implemented in C++.
#pragma once

#include <streamlint/rule.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

/// Loads one pack. `path` names it in messages. Throws UsageError "path:line: what is wrong" for a
/// pack that is not valid: unknown fields (with a did-you-mean), a missing field, an unknown
/// template, parameters the template rejects, a bad id or name.
[[nodiscard]] std::vector<std::unique_ptr<Rule>> load_rule_pack(std::string_view text, const std::string& path);

/// Loads every `*.yaml` / `*.yml` pack in a directory, in name order. Throws UsageError.
[[nodiscard]] std::vector<std::unique_ptr<Rule>> load_rule_pack_dir(const std::string& dir);

/// The templates a pack can use, with one line on each (for docs).
struct TemplateInfo {
    std::string name;
    std::string summary;
    std::vector<std::string> params;  // "key (required)", "min", ...
};
[[nodiscard]] const std::vector<TemplateInfo>& rule_templates();

/// Compares dotted versions numerically: "3.10" > "3.9", "2" == "2.0".
[[nodiscard]] int compare_versions(std::string_view a, std::string_view b);

}  // namespace streamlint
