// Parsers: each reads its format exactly as its product does and fills a Document's settings,
// notes and comments. A parser never throws on bad input: what the product would reject becomes a
// ParseNote of kind SyntaxError at the place of the error, and everything readable is still read.
#pragma once

#include <streamlint/model.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace streamlint {

/// java.util.Properties.load semantics, with the file decoded as ISO-8859-1 as Kafka loads it.
/// Keys and values are returned as UTF-8 of what Java sees (so a UTF-8 "é" becomes "Ã©").
void parse_properties(Document& doc);

/// Flink 1.x legacy flink-conf.yaml: GlobalConfiguration.loadLegacyYAMLResource's line reader.
void parse_flink_legacy(Document& doc);

/// Flink 1.19+/2.x config.yaml: YAML 1.2, nested maps flattened with '.', lists kept as lists.
void parse_flink_yaml(Document& doc);

/// Where YAML text nests deeper than `max_depth` (block indentation levels plus open flow
/// brackets, counted generously by a linear scan that never recurses), or nullopt. yaml-cpp parses
/// recursively: every loader of user YAML checks this first (config.yaml uses 256).
[[nodiscard]] std::optional<std::uint32_t> yaml_nesting_exceeds(std::string_view text, std::size_t max_depth);

/// Where a quoted YAML scalar opens that the text never closes (yaml-cpp 0.7 takes the rest of the
/// text as its value; YAML, snakeyaml and the YAML readers of compose and kubectl refuse it).
[[nodiscard]] std::optional<std::uint32_t> yaml_unclosed_quote(std::string_view text);

/// Both of the above from one scan of the text.
struct YamlScan {
    std::optional<std::uint32_t> too_deep;
    std::optional<std::uint32_t> unclosed_quote;
};
[[nodiscard]] YamlScan scan_yaml(std::string_view text, std::size_t max_depth);

/// Elasticsearch index JSON: create-index bodies, bare settings, {"index": {...}}, composable and
/// component templates (template.settings), legacy templates, GET _settings responses. Settings are
/// flattened with '.', short keys get their `index.` prefix.
void parse_es_json(Document& doc);

/// True when a JSON text has one of the shapes parse_es_json reads (used to recognise `*.json`
/// files while walking a directory). Cheap; never throws; false for invalid JSON.
[[nodiscard]] bool es_json_shape_recognised(std::string_view text);

/// Elasticsearch-style jvm.options lines, with version ranges judged against `target_jdk`.
void parse_jvm_options(Document& doc, int target_jdk);

/// A one-line options string (JAVA_OPTS, ES_JAVA_OPTS, KAFKA_HEAP_OPTS): split on runs of
/// whitespace, no quote handling. `text` is a slice of a larger file starting at byte `base`;
/// the returned settings' ranges are absolute. Parsed like jvm.options lines without ranges.
[[nodiscard]] std::vector<Setting> parse_jvm_options_string(std::string_view text, std::uint32_t base,
                                                            std::vector<ParseNote>* notes = nullptr);

}  // namespace streamlint
