#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace streamlint {

Dialect dialect_of(FileKind kind)
{
    switch (kind) {
    case FileKind::Flink: return Dialect::Flink;
    case FileKind::ElasticsearchIndex: return Dialect::Elasticsearch;
    case FileKind::Jvm: return Dialect::Jvm;
    default: return Dialect::Kafka;
    }
}

namespace {

constexpr std::array<std::pair<ValueType, std::string_view>, 8> k_type_names{{
    {ValueType::Int, "int"},
    {ValueType::Long, "long"},
    {ValueType::Double, "double"},
    {ValueType::Bool, "bool"},
    {ValueType::Size, "size"},
    {ValueType::Duration, "duration"},
    {ValueType::Enum, "enum"},
    {ValueType::String, "string"},
}};

bool fail(std::string* error, std::string message)
{
    if (error != nullptr) {
        *error = std::move(message);
    }
    return false;
}

// A whole-string integer in Java's parseInt/parseLong syntax: optional sign, decimal digits only.
std::optional<long long> java_integer(std::string_view s, long long min, long long max)
{
    if (s.empty()) {
        return std::nullopt;
    }
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) {
        return std::nullopt;
    }
    for (std::size_t k = i; k < s.size(); ++k) {
        if (!std::isdigit(static_cast<unsigned char>(s[k]))) {
            return std::nullopt;
        }
    }
    long long v = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

std::optional<long double> decimal(std::string_view s)
{
    if (s.empty()) {
        return std::nullopt;
    }
    std::string t(s);
    char* end = nullptr;
    const long double v = std::strtold(t.c_str(), &end);
    if (end != t.c_str() + t.size() || std::isnan(v)) {
        return std::nullopt;
    }
    return v;
}

std::optional<long double> whole(std::string_view s)
{
    if (auto v = java_integer(s, 0, INT64_MAX)) {
        return static_cast<long double>(*v);
    }
    return std::nullopt;
}

// Splits "  12.5 gb " into "12.5" and "gb" (lower-cased, inner blanks skipped).
std::pair<std::string, std::string> number_and_unit(std::string_view s)
{
    s = trim(s);
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == '-' ||
                            s[i] == '+')) {
        ++i;
    }
    return {std::string(s.substr(0, i)), to_lower(trim(s.substr(i)))};
}

struct Unit {
    std::string_view name;
    long double factor;
};

std::optional<long double> unit_factor(std::string_view unit, const Unit* units, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        if (units[i].name == unit) {
            return units[i].factor;
        }
    }
    return std::nullopt;
}

constexpr long double KiB = 1024.0L;
constexpr long double MiB = KiB * 1024;
constexpr long double GiB = MiB * 1024;
constexpr long double TiB = GiB * 1024;
constexpr long double PiB = TiB * 1024;

// Flink MemorySize.parse: digits, optional blanks, optional unit; units in its MemoryUnit table.
constexpr Unit k_flink_size[] = {{"", 1},          {"b", 1},          {"bytes", 1},      {"k", KiB},
                                 {"kb", KiB},      {"kibibytes", KiB}, {"m", MiB},        {"mb", MiB},
                                 {"mebibytes", MiB}, {"g", GiB},      {"gb", GiB},       {"gibibytes", GiB},
                                 {"t", TiB},       {"tb", TiB},       {"tebibytes", TiB}};
// Elasticsearch ByteSizeValue: a unit is required (but for 0 and -1).
constexpr Unit k_es_size[] = {{"b", 1},     {"k", KiB},  {"kb", KiB}, {"m", MiB},  {"mb", MiB}, {"g", GiB},
                              {"gb", GiB},  {"t", TiB},  {"tb", TiB}, {"p", PiB},  {"pb", PiB}};
// HotSpot memory sizes: k/m/g/t in either case, or bytes.
constexpr Unit k_jvm_size[] = {{"", 1}, {"k", KiB}, {"m", MiB}, {"g", GiB}, {"t", TiB}};

// Flink TimeUtils: labels of each TimeUnit, matched lower-case; no unit means milliseconds.
constexpr Unit k_flink_time[] = {
    {"", 1},           {"ns", 1e-6L},      {"nano", 1e-6L},      {"nanos", 1e-6L},        {"nanosecond", 1e-6L},
    {"nanoseconds", 1e-6L}, {"µs", 1e-3L}, {"micro", 1e-3L},     {"micros", 1e-3L},       {"microsecond", 1e-3L},
    {"microseconds", 1e-3L}, {"ms", 1},    {"milli", 1},         {"millis", 1},           {"millisecond", 1},
    {"milliseconds", 1}, {"s", 1000},      {"sec", 1000},        {"secs", 1000},          {"second", 1000},
    {"seconds", 1000}, {"m", 60000},       {"min", 60000},       {"minute", 60000},       {"minutes", 60000},
    {"h", 3600000},    {"hour", 3600000},  {"hours", 3600000},   {"d", 86400000},         {"day", 86400000},
    {"days", 86400000}};
// Elasticsearch TimeValue: a unit is required (but for 0 and -1).
constexpr Unit k_es_time[] = {{"nanos", 1e-6L}, {"micros", 1e-3L}, {"ms", 1},       {"s", 1000},
                              {"m", 60000},     {"h", 3600000},    {"d", 86400000}};

std::optional<Parsed> parse_size(Dialect dialect, std::string_view text, std::string* error)
{
    const std::string t(trim(text));
    if (dialect == Dialect::Kafka) {
        // Kafka sizes are plain INT/LONG byte counts: `100KB` is rejected.
        if (auto v = java_integer(t, INT64_MIN, INT64_MAX)) {
            return Parsed{ValueType::Size, static_cast<long double>(*v), {}};
        }
        fail(error, "Kafka takes a size as a plain number of bytes");
        return std::nullopt;
    }
    auto [num, unit] = number_and_unit(t);
    if (dialect == Dialect::Elasticsearch && (t == "0" || t == "-1")) {
        return Parsed{ValueType::Size, t == "0" ? 0.0L : -1.0L, {}};
    }
    const Unit* table = k_flink_size;
    std::size_t n = std::size(k_flink_size);
    if (dialect == Dialect::Elasticsearch) {
        table = k_es_size;
        n = std::size(k_es_size);
    } else if (dialect == Dialect::Jvm) {
        table = k_jvm_size;
        n = std::size(k_jvm_size);
    }
    const auto factor = unit_factor(unit, table, n);
    // Flink and HotSpot take whole numbers only; Elasticsearch also takes fractions.
    const bool integral = dialect != Dialect::Elasticsearch;
    const auto value = integral ? whole(num) : decimal(num);
    if (!factor || !value || *value < 0) {
        fail(error, dialect == Dialect::Elasticsearch ? "expected a byte size with a unit such as 512mb or 1gb"
                                                      : "expected a memory size such as 512m or 4g");
        return std::nullopt;
    }
    return Parsed{ValueType::Size, *value * *factor, {}};
}

std::optional<Parsed> parse_duration(Dialect dialect, std::string_view text, std::string* error)
{
    const std::string t(trim(text));
    if (dialect == Dialect::Kafka || dialect == Dialect::Jvm) {
        // Kafka's *.ms keys are LONG milliseconds.
        if (auto v = java_integer(t, INT64_MIN, INT64_MAX)) {
            return Parsed{ValueType::Duration, static_cast<long double>(*v), {}};
        }
        fail(error, "expected a whole number of milliseconds");
        return std::nullopt;
    }
    if (dialect == Dialect::Elasticsearch && (t == "0" || t == "-1")) {
        return Parsed{ValueType::Duration, t == "0" ? 0.0L : -1.0L, {}};
    }
    auto [num, unit] = number_and_unit(t);
    const Unit* table = dialect == Dialect::Elasticsearch ? k_es_time : k_flink_time;
    const std::size_t n = dialect == Dialect::Elasticsearch ? std::size(k_es_time) : std::size(k_flink_time);
    const auto factor = unit_factor(unit, table, n);
    const auto value = dialect == Dialect::Elasticsearch ? decimal(num) : whole(num);
    if (!factor || !value || *value < 0) {
        fail(error, dialect == Dialect::Elasticsearch ? "expected a time value with a unit such as 500ms or 30s"
                                                      : "expected a duration such as 500 ms, 30 s or 5 min");
        return std::nullopt;
    }
    return Parsed{ValueType::Duration, *value * *factor, {}};
}

}  // namespace

std::optional<ValueType> parse_value_type(std::string_view name)
{
    for (const auto& [t, n] : k_type_names) {
        if (n == name) {
            return t;
        }
    }
    return std::nullopt;
}

std::string_view to_string(ValueType t)
{
    for (const auto& [type, n] : k_type_names) {
        if (type == t) {
            return n;
        }
    }
    return "string";
}

std::optional<Parsed> parse_value(ValueType type, Dialect dialect, std::string_view text, std::string* error)
{
    const std::string t(trim(text));
    switch (type) {
    case ValueType::Int:
    case ValueType::Long: {
        const long long min = type == ValueType::Int ? INT32_MIN : INT64_MIN;
        const long long max = type == ValueType::Int ? INT32_MAX : INT64_MAX;
        if (auto v = java_integer(t, min, max)) {
            return Parsed{type, static_cast<long double>(*v), {}};
        }
        fail(error, type == ValueType::Int ? "expected a whole number (32-bit)" : "expected a whole number");
        return std::nullopt;
    }
    case ValueType::Double:
        if (auto v = decimal(t)) {
            return Parsed{type, *v, {}};
        }
        fail(error, "expected a number");
        return std::nullopt;
    case ValueType::Bool:
        // Kafka, Flink and Elasticsearch accept true/false in any case; Elasticsearch is strict lower-case.
        if (dialect == Dialect::Elasticsearch ? t == "true" : iequals(t, "true")) {
            return Parsed{type, 1, {}};
        }
        if (dialect == Dialect::Elasticsearch ? t == "false" : iequals(t, "false")) {
            return Parsed{type, 0, {}};
        }
        fail(error, "expected true or false");
        return std::nullopt;
    case ValueType::Size: return parse_size(dialect, t, error);
    case ValueType::Duration: return parse_duration(dialect, t, error);
    case ValueType::Enum:
    case ValueType::String: return Parsed{type, 0, t};
    }
    return std::nullopt;
}

bool same_meaning(const Parsed& a, const Parsed& b)
{
    if (a.type == ValueType::Enum || b.type == ValueType::Enum) {
        return iequals(a.text, b.text);
    }
    if (a.type == ValueType::String || b.type == ValueType::String) {
        return a.text == b.text;
    }
    return std::fabs(static_cast<double>(a.number - b.number)) < 1e-9;
}

namespace {

std::string integral_text(long double v)
{
    return fmt::format("{}", static_cast<long long>(std::llround(static_cast<double>(v))));
}

// The largest unit that divides the value exactly, in the dialect's spelling.
std::string render_size(long double bytes, Dialect dialect, std::string_view like)
{
    if (dialect == Dialect::Kafka || bytes <= 0) {
        return integral_text(bytes);
    }
    struct U {
        long double factor;
        std::string_view flink, es, jvm;
    };
    static constexpr U units[] = {{TiB, "t", "tb", "t"}, {GiB, "g", "gb", "g"}, {MiB, "m", "mb", "m"},
                                  {KiB, "k", "kb", "k"}};
    // Keep the unit the file already uses when the value is a whole number of it.
    const std::string like_unit = number_and_unit(like).second;
    for (const auto& u : units) {
        const std::string_view name = dialect == Dialect::Flink ? u.flink
                                      : dialect == Dialect::Elasticsearch ? u.es
                                                                          : u.jvm;
        if (!like_unit.empty() && iequals(like_unit.substr(0, 1), name.substr(0, 1))) {
            const long double n = bytes / u.factor;
            if (n == std::floor(n)) {
                return integral_text(n) + std::string(like_unit);
            }
        }
    }
    for (const auto& u : units) {
        const long double n = bytes / u.factor;
        if (n >= 1 && n == std::floor(n)) {
            const std::string_view name = dialect == Dialect::Flink ? u.flink
                                          : dialect == Dialect::Elasticsearch ? u.es
                                                                              : u.jvm;
            return integral_text(n) + std::string(name);
        }
    }
    return integral_text(bytes) + (dialect == Dialect::Elasticsearch ? "b" : "");
}

std::string render_duration(long double ms, Dialect dialect)
{
    if (dialect == Dialect::Kafka || dialect == Dialect::Jvm) {
        return integral_text(ms);
    }
    struct U {
        long double factor;
        std::string_view name;
    };
    static constexpr U units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}, {1, "ms"}};
    for (const auto& u : units) {
        const long double n = ms / u.factor;
        if (n >= 1 && n == std::floor(n)) {
            const std::string_view name = (dialect == Dialect::Elasticsearch && u.name == "min") ? "m" : u.name;
            return integral_text(n) + std::string(name);
        }
    }
    return integral_text(ms) + "ms";
}

}  // namespace

std::string render_value(const Parsed& v, Dialect dialect, std::string_view like)
{
    switch (v.type) {
    case ValueType::Int:
    case ValueType::Long: return integral_text(v.number);
    case ValueType::Double: return fmt::format("{}", static_cast<double>(v.number));
    case ValueType::Bool: return v.number != 0 ? "true" : "false";
    case ValueType::Size: return render_size(v.number, dialect, like);
    case ValueType::Duration: return render_duration(v.number, dialect);
    case ValueType::Enum:
    case ValueType::String: return v.text;
    }
    return v.text;
}

}  // namespace streamlint
