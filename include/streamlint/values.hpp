// Values as each product parses them: sizes, durations, numbers, booleans and enums. Comparing by
// meaning (`4g` = `4096m`, `30s` = `30000ms`) and type checking both build on this.
#pragma once

#include <streamlint/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamlint {

/// Whose parser a value goes through.
enum class Dialect : std::uint8_t {
    Kafka,          // ConfigDef: Integer.parseInt / Long.parseLong / Boolean / String, trimmed
    Flink,          // ConfigOption: MemorySize.parse, TimeUtils.parseDuration, case-insensitive enums
    Elasticsearch,  // Settings: ByteSizeValue, TimeValue (units required), Booleans.parseBoolean
    Jvm,            // HotSpot: sizes with k/m/g/t, integers, true/false
};

/// The dialect of a file kind.
[[nodiscard]] Dialect dialect_of(FileKind kind);

enum class ValueType : std::uint8_t { Int, Long, Double, Bool, Size, Duration, Enum, String };

[[nodiscard]] std::optional<ValueType> parse_value_type(std::string_view name);
[[nodiscard]] std::string_view to_string(ValueType t);

/// A value reduced to its meaning.
struct Parsed {
    ValueType type = ValueType::String;
    long double number = 0;  // Int/Long/Double; bytes for Size; milliseconds for Duration; 0/1 for Bool
    std::string text;        // Enum/String: the text; enums are compared case-insensitively
};

/// Parses `text` as the product of `dialect` parses a value of type `type`; nullopt when the
/// product would reject it. The error, when wanted, says why in a few words.
[[nodiscard]] std::optional<Parsed> parse_value(ValueType type, Dialect dialect, std::string_view text,
                                                std::string* error = nullptr);

/// Same meaning? (Enums case-insensitively, as Kafka, Flink and Elasticsearch match them.)
[[nodiscard]] bool same_meaning(const Parsed& a, const Parsed& b);

/// Renders a recommended value in the dialect's own spelling, keeping the style of `like` where it
/// has one (a Flink `4096m` asks for megabytes; a Kafka size is always a plain number).
[[nodiscard]] std::string render_value(const Parsed& v, Dialect dialect, std::string_view like = {});

}  // namespace streamlint
