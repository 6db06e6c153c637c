// Helpers shared by the report writers (internal to src/report/).
#pragma once

#include <streamlint/lint.hpp>
#include <streamlint/report.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace streamlint::report_detail {

/// The bytes of `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
[[nodiscard]] std::string valid_utf8(std::string_view s);

/// Text for an XML 1.0 attribute value (`attribute`) or element content: markup characters escaped,
/// invalid UTF-8 replaced, control characters XML cannot carry shown as `\xHH`; in attributes,
/// tab, CR and LF as character references so they survive attribute normalisation.
[[nodiscard]] std::string xml_escape(std::string_view s, bool attribute);

/// 64-bit FNV-1a.
[[nodiscard]] std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 14695981039346656037ULL);

/// Each linted file's document by path.
[[nodiscard]] std::map<std::string, const Document*> documents(const LintResult& result);
[[nodiscard]] const Document* find_document(const std::map<std::string, const Document*>& docs,
                                            const std::string& path);

/// The 1-based position of a byte offset, where an offset at the very end of a text that ends with a
/// line terminator is the first column of the line after it (so a range that deletes the last line,
/// terminator included, ends there).
[[nodiscard]] Position position_after(const Document& doc, std::uint32_t offset);

/// Where a finding ends (line, column), for the formats that take an end: its range's end; the start
/// when the range is empty.
[[nodiscard]] Position finding_end(const Finding& f, const Document* doc);

/// Writes every finding of `result`, each with its file's document, then the end of the report.
void write_all(ReportWriter& writer, const LintResult& result);

/// Every file of the run in report order: the linted files and those that only have findings
/// (unreadable ones), sorted byte-wise.
[[nodiscard]] std::vector<std::string> report_files(const LintResult& result);

}  // namespace streamlint::report_detail
