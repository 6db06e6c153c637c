// Building edits in a file's own syntax and style: replacing a value, adding a setting, deleting a
// line. Rules call these; nothing here knows a rule.
#pragma once

#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

/// The range of the whole lines a setting occupies, terminator included, for deleting it.
[[nodiscard]] ByteRange line_with_terminator(const Document& doc, ByteRange line_range);

/// The line break a file uses ("\n", "\r\n" or "\r"): its first one; "\n" when it has none.
[[nodiscard]] std::string_view newline_of(const Document& doc);

/// Replaces a setting's value with `value` (the product's spelling, unquoted), writing it as the
/// file's syntax needs: escaped in .properties, quoted in JSON when the old value was a string or the
/// new one is not a number or boolean, kept in quotes in YAML when it was quoted, a +/- sign for a
/// boolean -XX flag. nullopt when the value cannot be written in place.
[[nodiscard]] std::optional<Edit> replace_value(const Document& doc, const Setting& setting, std::string_view value);

/// Inserts a new setting in the file's style: after the last of `near` that the file sets (related
/// keys), else at the end; the file's separator spacing and line ending; a newline first when the
/// file does not end with one. nullopt where the syntax gives no safe place (a JSON body whose
/// settings are nested deeper than `index`).
[[nodiscard]] std::optional<Edit> add_setting(const Document& doc, std::string_view key, std::string_view value,
                                              const std::vector<std::string>& near = {});

/// Deletes the setting's whole lines; nullopt when another setting shares those lines, or in JSON
/// (where a member's comma would be left behind).
[[nodiscard]] std::optional<Edit> delete_setting(const Document& doc, const Setting& setting);

/// Renames a setting's key to `new_key` (as the product reads keys: flattened, `index.` prefixed,
/// `-XX:Name`), keeping its value: escaped in .properties; in nested YAML and JSON only the innermost
/// written part changes, so `new_key` must share the written parents; a -XX flag keeps its +/- sign.
/// nullopt when the key cannot be rewritten in place, or when the file already sets `new_key`.
[[nodiscard]] std::optional<Edit> rename_key(const Document& doc, const Setting& setting, std::string_view new_key);

}  // namespace streamlint
