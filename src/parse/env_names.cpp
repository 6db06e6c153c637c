// How the Kafka images turn environment variables into server.properties keys, what an image
// reference says about the product version, and the size units of docker-compose and Kubernetes.
//
// The name rules, as verified from the images' sources (see shared/reference/kafka/README.md):
//  - confluentinc/cp-kafka, cp-server (kafka-images' kafka.properties.template through
//    confluent-docker-utils' dub.py env_to_props): every KAFKA_* variable but the template's
//    exclusions; strip the prefix, lower-case, a single `_` between two other characters becomes
//    `.`, then `___` becomes `-` and `__` becomes `_`. CONFLUENT_SUPPORT_* maps to
//    confluent.support.* the same way, and in cp-server also CONFLUENT_METRICS_* to confluent.metrics.*.
//  - apache/kafka (KafkaDockerWrapper.getServerConfigsFromEnv): every KAFKA_* variable not on its
//    exclude list; `replace("KAFKA_", "")` (every occurrence), lower-case, `_` -> `.`, `...` -> `-`,
//    `..` -> `_`.
//  - bitnami/kafka (libkafka.sh): KAFKA_CFG_* only; strip, every `_` -> `.`, lower-case, then
//    `sasl.ssl` -> `sasl_ssl` and `sasl.plaintext` -> `sasl_plaintext`.
// Variables the images read themselves (JVM options, logging, JMX) set no broker key here, even
// where an image writes them into server.properties as well: apache/kafka's exclude list spells
// `KAFKA_HEAP_OPT` (so KAFKA_HEAP_OPTS also lands there as `heap.opts`), cp-kafka's template lacks a
// comma between 'KAFKA_HEAP_OPTS' and 'KAFKA_LOG4J_OPTS' (so neither is excluded), and neither
// excludes KAFKA_JMX_PORT. Kafka ignores those keys; the variables do their job in the launch scripts.
#include <streamlint/deployment.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <charconv>
#include <cstdlib>

namespace streamlint {

namespace {

constexpr std::array<std::string_view, 13> k_image_variables{
    "KAFKA_VERSION",        "KAFKA_HEAP_OPTS",       "KAFKA_LOG4J_OPTS",           "KAFKA_OPTS",
    "KAFKA_JMX_OPTS",       "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",    "KAFKA_LOG4J_ROOT_LOGLEVEL",
    "KAFKA_LOG4J_LOGGERS",  "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME",   "KAFKA_JMX_PORT",
    "KAFKA_HEAP_OPT"};

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to)
{
    std::size_t at = 0;
    while ((at = s.find(from, at)) != std::string::npos) {
        s.replace(at, from.size(), to);
        at += to.size();
    }
    return s;
}

/// dub.py: a single `_` between two other characters -> `.`, then `___` -> `-`, `__` -> `_`.
std::string dub_name(std::string_view raw)
{
    const std::string lower = to_lower(raw);
    std::string dotted;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const bool single = lower[i] == '_' && i > 0 && lower[i - 1] != '_' && i + 1 < lower.size() && lower[i + 1] != '_';
        dotted += single ? '.' : lower[i];
    }
    // '-'.join(s.split('___')) then '_'.join(s.split('__')): splits scan left to right.
    return replace_all(replace_all(dotted, "___", "-"), "__", "_");
}

bool valid_env_name(std::string_view name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    });
}

}  // namespace

bool kafka_jvm_variable(std::string_view name)
{
    return name == "KAFKA_HEAP_OPTS" || name == "KAFKA_JVM_PERFORMANCE_OPTS" || name == "KAFKA_OPTS";
}

std::optional<std::string> kafka_key_from_env(std::string_view name, EnvNaming naming)
{
    if (std::find(k_image_variables.begin(), k_image_variables.end(), name) != k_image_variables.end()) {
        return std::nullopt;
    }
    switch (naming) {
    case EnvNaming::None: return std::nullopt;
    case EnvNaming::Confluent:
    case EnvNaming::ConfluentServer: {
        if (name.starts_with("KAFKA_") && name.size() > 6) {
            return dub_name(name.substr(6));
        }
        if (name.starts_with("CONFLUENT_SUPPORT_") && name.size() > 18) {
            return "confluent.support." + dub_name(name.substr(18));
        }
        if (naming == EnvNaming::ConfluentServer && name.starts_with("CONFLUENT_METRICS_") && name.size() > 18) {
            return "confluent.metrics." + dub_name(name.substr(18));
        }
        return std::nullopt;
    }
    case EnvNaming::Apache: {
        if (!name.starts_with("KAFKA_")) {
            return std::nullopt;
        }
        std::string key = to_lower(replace_all(std::string(name), "KAFKA_", ""));
        key = replace_all(replace_all(replace_all(key, "_", "."), "...", "-"), "..", "_");
        if (key.empty()) {
            return std::nullopt;
        }
        return key;
    }
    case EnvNaming::Bitnami: {
        if (!name.starts_with("KAFKA_CFG_") || name.size() <= 10) {
            return std::nullopt;
        }
        if (name == "KAFKA_CFG_ZOOKEEPER_CLIENTCNXNSOCKET") {
            return std::string("zookeeper.clientCnxnSocket");
        }
        std::string key = to_lower(replace_all(std::string(name.substr(10)), "_", "."));
        return replace_all(replace_all(key, "sasl.ssl", "sasl_ssl"), "sasl.plaintext", "sasl_plaintext");
    }
    }
    return std::nullopt;
}

std::optional<std::string> env_from_kafka_key(std::string_view key, EnvNaming naming)
{
    if (key.empty()) {
        return std::nullopt;
    }
    std::string name;
    switch (naming) {
    case EnvNaming::None: return std::nullopt;
    case EnvNaming::Confluent:
    case EnvNaming::ConfluentServer:
    case EnvNaming::Apache: {
        std::string body = replace_all(replace_all(std::string(key), "_", "__"), "-", "___");
        name = "KAFKA_" + upper(replace_all(body, ".", "_"));
        break;
    }
    case EnvNaming::Bitnami: name = "KAFKA_CFG_" + upper(replace_all(std::string(key), ".", "_")); break;
    }
    if (!valid_env_name(name) || kafka_key_from_env(name, naming) != std::string(key)) {
        return std::nullopt;
    }
    return name;
}

std::optional<std::string> kafka_of_confluent_platform(std::string_view cp_version)
{
    const std::string v = tag_version(cp_version);
    const auto dot = v.find('.');
    if (dot == std::string::npos) {
        return std::nullopt;
    }
    int major = 0;
    int minor = 0;
    std::from_chars(v.data(), v.data() + dot, major);
    std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor);
    if (major == 5 && minor <= 5) {
        return "2." + std::to_string(minor);
    }
    if (major == 6 && minor <= 2) {
        return "2." + std::to_string(6 + minor);
    }
    if (major == 7 && minor <= 9) {
        return "3." + std::to_string(minor);
    }
    if (major == 8 && minor <= 3) {
        return "4." + std::to_string(minor);
    }
    return std::nullopt;
}

ImageRef parse_image(std::string_view image)
{
    ImageRef ref;
    image = trim(image);
    ref.unresolved = image.find('$') != std::string_view::npos;
    if (const auto at = image.find('@'); at != std::string_view::npos) {
        image = image.substr(0, at);  // a digest: no tag to read
    }
    // A tag is after the last ':' that comes after the last '/' (a registry may have a port).
    const auto slash = image.rfind('/');
    const auto colon = image.rfind(':');
    std::string_view name = image;
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        ref.tag = std::string(image.substr(colon + 1));
        name = image.substr(0, colon);
    }
    // A first component with a '.' or ':' (or `localhost`) is a registry.
    const auto first = name.find('/');
    if (first != std::string_view::npos) {
        const std::string_view head = name.substr(0, first);
        if (head.find('.') != std::string_view::npos || head.find(':') != std::string_view::npos || head == "localhost") {
            name = name.substr(first + 1);
        }
    }
    if (name.starts_with("library/")) {
        name = name.substr(8);
    }
    ref.repository = to_lower(name);
    return ref;
}

std::string tag_version(std::string_view tag)
{
    std::size_t i = 0;
    if (!tag.empty() && (tag[0] == 'v' || tag[0] == 'V')) {
        i = 1;
    }
    const std::size_t start = i;
    while (i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i])) != 0) {
        ++i;
    }
    if (i == start || i >= tag.size() || (tag[i] != '.' && tag[i] != '_')) {
        return {};
    }
    const std::size_t major_end = i++;
    const std::size_t minor_start = i;
    while (i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i])) != 0) {
        ++i;
    }
    if (i == minor_start) {
        return {};
    }
    return std::string(tag.substr(start, major_end - start)) + "." + std::string(tag.substr(minor_start, i - minor_start));
}

int tag_java(std::string_view tag)
{
    const auto at = tag.find("java");
    if (at == std::string_view::npos) {
        return 0;
    }
    int n = 0;
    const auto* begin = tag.data() + at + 4;
    const auto [ptr, ec] = std::from_chars(begin, tag.data() + tag.size(), n);
    return ec == std::errc() && ptr != begin && n >= 8 && n < 100 ? n : 0;
}

namespace {

/// A number with an optional fraction at the start of `s`; the rest (the unit) goes to `unit`.
std::optional<long double> leading_number(std::string_view s, std::string_view& unit)
{
    s = trim(s);
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
        s = trim(s.substr(1, s.size() - 2));
    }
    std::size_t i = 0;
    bool digits = false;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) != 0 || s[i] == '.')) {
        digits = digits || s[i] != '.';
        ++i;
    }
    if (!digits) {
        return std::nullopt;
    }
    long double v = 0;
    try {
        v = std::stold(std::string(s.substr(0, i)));
    } catch (...) {
        return std::nullopt;
    }
    unit = trim(s.substr(i));
    return v;
}

std::optional<std::uint64_t> whole_bytes(long double v)
{
    if (v < 1 || v > 1.8e19L) {
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(std::floor(v));
}

}  // namespace

std::optional<std::uint64_t> compose_bytes(std::string_view text)
{
    std::string_view unit;
    const auto v = leading_number(text, unit);
    if (!v) {
        return std::nullopt;
    }
    const std::string u = to_lower(unit);
    long double m = 1;
    if (u.empty() || u == "b") {
        m = 1;
    } else if (u == "k" || u == "kb" || u == "kib") {
        m = 1024.0L;
    } else if (u == "m" || u == "mb" || u == "mib") {
        m = 1024.0L * 1024;
    } else if (u == "g" || u == "gb" || u == "gib") {
        m = 1024.0L * 1024 * 1024;
    } else if (u == "t" || u == "tb" || u == "tib") {
        m = 1024.0L * 1024 * 1024 * 1024;
    } else {
        return std::nullopt;
    }
    return whole_bytes(*v * m);
}

std::optional<std::uint64_t> kubernetes_bytes(std::string_view text)
{
    std::string_view unit;
    auto v = leading_number(text, unit);
    if (!v) {
        return std::nullopt;
    }
    if (!unit.empty() && (unit[0] == 'e' || unit[0] == 'E') && unit.size() > 1 &&
        std::all_of(unit.begin() + 1, unit.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        return whole_bytes(*v * std::pow(10.0L, std::stoi(std::string(unit.substr(1)))));
    }
    // No `m` (milli): a memory quantity in thousandths of a byte is a Flink-style `2048m` written
    // where Kubernetes reads 2 bytes; it is not taken as a host's memory.
    static const std::array<std::pair<std::string_view, long double>, 12> units{{
        {"", 1.0L},
        {"k", 1e3L},
        {"M", 1e6L},
        {"G", 1e9L},
        {"T", 1e12L},
        {"P", 1e15L},
        {"Ki", 1024.0L},
        {"Mi", 1024.0L * 1024},
        {"Gi", 1024.0L * 1024 * 1024},
        {"Ti", 1024.0L * 1024 * 1024 * 1024},
        {"Pi", 1024.0L * 1024 * 1024 * 1024 * 1024},
        {"E", 1e18L},
    }};
    for (const auto& [name, m] : units) {
        if (unit == name) {
            return whole_bytes(*v * m);
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> cores_of(std::string_view text)
{
    std::string_view unit;
    auto v = leading_number(text, unit);
    if (!v) {
        return std::nullopt;
    }
    if (unit == "m") {
        *v /= 1000;
    } else if (!unit.empty()) {
        return std::nullopt;
    }
    if (*v <= 0 || *v > 1e6L) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(std::ceil(*v - 1e-9L));
}

bool compose_file_name(std::string_view base)
{
    const std::string lower = to_lower(base);
    const bool yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if (!yaml) {
        return false;
    }
    return lower.starts_with("docker-compose") || lower.starts_with("compose.") || lower.starts_with("compose-") ||
           lower.ends_with(".docker-compose.yml") || lower.ends_with(".docker-compose.yaml") ||
           lower.ends_with(".compose.yml") || lower.ends_with(".compose.yaml");
}

}  // namespace streamlint
