// Edits for documents embedded in deployment files (docker-compose environments, FLINK_PROPERTIES
// blocks, JVM option strings in variables, Kubernetes config mappings, Strimzi jvmOptions): the
// deployment-file cases of edits.hpp, written in the embedding's own syntax. Each refuses (nullopt)
// where the setting's text does not map one to one onto the file (an interpolated or re-encoded
// value) or where the edit would change more than the setting.
#pragma once

#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint::embedded {

[[nodiscard]] std::optional<Edit> replace_value(const Document& doc, const Setting& s, std::string_view value);
[[nodiscard]] std::optional<Edit> add_setting(const Document& doc, std::string_view key, std::string_view value,
                                              const std::vector<std::string>& near);
[[nodiscard]] std::optional<Edit> delete_setting(const Document& doc, const Setting& s);
[[nodiscard]] std::optional<Edit> rename_key(const Document& doc, const Setting& s, std::string_view new_key);

}  // namespace streamlint::embedded
