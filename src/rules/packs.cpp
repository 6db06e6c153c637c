// Rule packs: YAML files whose rules instantiate templates written here. A template validates its
// parameters once, at load, and reports a bad parameter at its line.
#include <streamlint/edits.hpp>
#include <streamlint/embedded.hpp>
#include <streamlint/packs.hpp>
#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

namespace streamlint {

namespace fs = std::filesystem;

int compare_versions(std::string_view a, std::string_view b)
{
    const auto pa = split(a, '.');
    const auto pb = split(b, '.');
    for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const long x = i < pa.size() ? std::strtol(pa[i].c_str(), nullptr, 10) : 0;
        const long y = i < pb.size() ? std::strtol(pb[i].c_str(), nullptr, 10) : 0;
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

namespace {

/// What std::regex's `\s` trims in the C locale.
std::string_view trim_blanks(std::string_view s)
{
    constexpr std::string_view blanks = " \t\n\v\f\r";
    const auto b = s.find_first_not_of(blanks);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(blanks) - b + 1);
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/// `[0-9]+(\.[0-9]+)*`
bool is_dotted_version(std::string_view s)
{
    bool digit_before = false;
    for (const char c : s) {
        if (is_digit(c)) {
            digit_before = true;
        } else if (c == '.' && digit_before) {
            digit_before = false;
        } else {
            return false;
        }
    }
    return digit_before;
}

/// `[A-Z]{1,3}[0-9]{3}`
bool is_rule_id(std::string_view s)
{
    std::size_t letters = 0;
    while (letters < s.size() && s[letters] >= 'A' && s[letters] <= 'Z') {
        ++letters;
    }
    return letters >= 1 && letters <= 3 && s.size() == letters + 3 &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(letters), s.end(), is_digit);
}

/// `[a-z][a-z0-9]*(-[a-z0-9]+)*`
bool is_kebab_name(std::string_view s)
{
    if (s.empty() || s.front() < 'a' || s.front() > 'z' || s.back() == '-') {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || is_digit(c) || (c == '-' && s[i - 1] != '-');
        if (!ok) {
            return false;
        }
    }
    return true;
}

/// A rule pack as a tree: what the loader reads, whether the pack came from YAML text (converted from
/// yaml-cpp's nodes, keeping lines) or is a built-in one (decoded from its build-time encoding with no
/// YAML library in between: yaml-cpp's nodes made building the built-in rules most of start-up).
class PackNode {
public:
    enum class Type : std::uint8_t { Undefined, Null, Scalar, Sequence, Map };

    PackNode() = default;
    static PackNode scalar(std::string text, int line = -1)
    {
        PackNode n(Type::Scalar, line);
        n.m_owned = std::move(text);
        return n;
    }
    /// A scalar whose text lives as long as the program (a built-in pack's encoding): not copied.
    static PackNode borrowed(std::string_view text)
    {
        PackNode n(Type::Scalar, -1);
        n.m_borrowed = text;
        n.m_is_borrowed = true;
        return n;
    }
    static PackNode of(Type type, int line = -1) { return PackNode(type, line); }

    explicit operator bool() const { return m_type != Type::Undefined; }
    [[nodiscard]] bool IsScalar() const { return m_type == Type::Scalar; }
    [[nodiscard]] bool IsSequence() const { return m_type == Type::Sequence; }
    [[nodiscard]] bool IsMap() const { return m_type == Type::Map; }
    [[nodiscard]] std::string_view Scalar() const { return m_is_borrowed ? m_borrowed : std::string_view(m_owned); }
    [[nodiscard]] int line() const { return m_line; }  // 0-based; -1 when unknown

    /// A map's value for `key` (the first, as yaml-cpp answers), else an undefined node.
    [[nodiscard]] const PackNode& operator[](std::string_view key) const
    {
        static const PackNode undefined;
        if (m_type == Type::Map) {
            for (std::size_t i = 0; i < m_keys.size(); ++i) {
                if (m_keys[i].m_type == Type::Scalar && m_keys[i].Scalar() == key) {
                    return m_values[i];
                }
            }
        }
        return undefined;
    }
    /// A sequence's items, or a map's values (in order).
    [[nodiscard]] const std::vector<PackNode>& items() const { return m_values; }
    /// A map's keys, parallel to items().
    [[nodiscard]] const std::vector<PackNode>& keys() const { return m_keys; }

    void push_item(PackNode n) { m_values.push_back(std::move(n)); }
    /// Room for `n` items or entries (the built-in packs' encoding gives the count first).
    void reserve(std::size_t n)
    {
        if (m_type == Type::Map) {
            m_keys.reserve(n);
        }
        m_values.reserve(n);
    }
    void add_entry(PackNode key, PackNode value)
    {
        m_keys.push_back(std::move(key));
        m_values.push_back(std::move(value));
    }

    /// The tree of a yaml-cpp node. Aliases are copied out, so the copy is bounded: a pack of more than
    /// `budget` nodes (an alias bomb), or one nested deeper than `max_depth` through aliases, is refused.
    static PackNode from_yaml(const YAML::Node& y, const std::string& path, std::size_t& budget, int max_depth)
    {
        const int line = y.Mark().line;
        if (budget == 0 || max_depth < 0) {
            throw UsageError(fmt::format("{}:{}: the rule pack is too large or nests too deep once its aliases "
                                         "are expanded",
                                         path, line + 1));
        }
        --budget;
        switch (y.Type()) {
        case YAML::NodeType::Scalar: return scalar(y.Scalar(), line);
        case YAML::NodeType::Sequence: {
            PackNode n(Type::Sequence, line);
            for (const auto& item : y) {
                n.push_item(from_yaml(item, path, budget, max_depth - 1));
            }
            return n;
        }
        case YAML::NodeType::Map: {
            PackNode n(Type::Map, line);
            for (const auto& kv : y) {
                n.add_entry(from_yaml(kv.first, path, budget, max_depth - 1),
                            from_yaml(kv.second, path, budget, max_depth - 1));
            }
            return n;
        }
        case YAML::NodeType::Null: return PackNode(Type::Null, line);
        case YAML::NodeType::Undefined: break;
        }
        return PackNode();
    }

private:
    PackNode(Type type, int line) : m_type(type), m_line(line) {}

    Type m_type = Type::Undefined;
    int m_line = -1;
    bool m_is_borrowed = false;
    std::string m_owned;          // a scalar's text, unless borrowed
    std::string_view m_borrowed;  // a built-in scalar's text, in the binary
    std::vector<PackNode> m_keys;
    std::vector<PackNode> m_values;
};

/// Errors at a node: "path:line: what".
class PackError {
public:
    explicit PackError(std::string path) : m_path(std::move(path)) {}
    [[noreturn]] void at(const PackNode& node, const std::string& what) const
    {
        const int line = node.line();
        throw UsageError(line >= 0 ? fmt::format("{}:{}: {}", m_path, line + 1, what)
                                   : fmt::format("{}: {}", m_path, what));
    }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

void check_fields(const PackError& err, const PackNode& map, const std::string& where,
                  const std::vector<std::string>& allowed)
{
    if (!map.IsMap()) {
        err.at(map, fmt::format("{} must be a mapping", where));
    }
    for (const PackNode& key : map.keys()) {
        const std::string_view k = key.Scalar();
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
            const auto hint = did_you_mean(k, allowed);
            err.at(key, fmt::format("unknown field `{}` in {}{}", k, where,
                                         hint ? fmt::format(" (did you mean `{}`?)", *hint)
                                              : fmt::format(" (expected: {})", fmt::join(allowed, ", "))));
        }
    }
}

std::string scalar(const PackError& err, const PackNode& node, const std::string& what)
{
    if (!node || !node.IsScalar()) {
        err.at(node, fmt::format("`{}` must be a single value", what));
    }
    return std::string(node.Scalar());
}

std::vector<std::string> string_list(const PackError& err, const PackNode& node, const std::string& what)
{
    std::vector<std::string> out;
    if (!node) {
        return out;
    }
    if (node.IsScalar()) {
        return {std::string(node.Scalar())};
    }
    if (!node.IsSequence()) {
        err.at(node, fmt::format("`{}` must be a list", what));
    }
    for (const PackNode& item : node.items()) {
        out.push_back(scalar(err, item, what));
    }
    return out;
}

/// A version condition on the targets: {kafka: ">=3.0", flink: "<2.0", jdk: ">=11"}.
struct VersionGate {
    struct Cond {
        std::string product;
        std::string op;
        std::string version;
    };
    std::vector<Cond> conds;

    [[nodiscard]] bool matches(const Targets& t) const
    {
        for (const Cond& c : conds) {
            const std::string actual = c.product == "kafka"           ? t.kafka
                                       : c.product == "flink"         ? t.flink
                                       : c.product == "elasticsearch" ? t.elasticsearch
                                                                      : std::to_string(t.jdk);
            const int cmp = compare_versions(actual, c.version);
            const bool ok = c.op == "<"    ? cmp < 0
                            : c.op == "<=" ? cmp <= 0
                            : c.op == ">"  ? cmp > 0
                            : c.op == ">=" ? cmp >= 0
                                           : cmp == 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    [[nodiscard]] std::string describe() const
    {
        std::vector<std::string> parts;
        for (const Cond& c : conds) {
            parts.push_back(fmt::format("{} {} {}", c.product, c.op, c.version));
        }
        return fmt::format("{}", fmt::join(parts, ", "));
    }

    static VersionGate parse(const PackError& err, const PackNode& node)
    {
        VersionGate g;
        if (!node) {
            return g;
        }
        check_fields(err, node, "`when`", {"kafka", "flink", "elasticsearch", "jdk"});
        for (std::size_t i = 0; i < node.keys().size(); ++i) {
            const PackNode& key = node.keys()[i];
            const PackNode& value = node.items()[i];
            const std::string text = scalar(err, value, "when");
            // `\s*(<=|>=|<|>|=)?\s*([0-9]+(\.[0-9]+)*)\s*`, read by hand (a std::regex costs more to
            // compile at start-up than the whole pack, and recurses over long input).
            std::string_view rest = trim_blanks(text);
            std::string op = "=";
            for (const std::string_view o : {"<=", ">=", "<", ">", "="}) {
                if (rest.starts_with(o)) {
                    op = std::string(o);
                    rest = trim_blanks(rest.substr(o.size()));
                    break;
                }
            }
            if (!is_dotted_version(rest)) {
                err.at(value, fmt::format("`{}` is not a version condition such as \">=3.0\" or \"<2.0\"", text));
            }
            g.conds.push_back({std::string(key.Scalar()), op, std::string(rest)});
        }
        return g;
    }
};

/// What every template instance shares: metadata, gate, dialect.
struct Common {
    RuleInfo info;
    std::string origin;
    VersionGate gate;
    Dialect dialect = Dialect::Kafka;
    Syntax example_syntax = Syntax::Properties;
};

/// A setting line in the syntax of a kind, for generated examples.
std::string example_line(Syntax syntax, const std::string& key, const std::string& value)
{
    switch (syntax) {
    case Syntax::Properties: return key + "=" + value + "\n";
    case Syntax::FlinkLegacyYaml:
    case Syntax::FlinkYaml: return key + ": " + value + "\n";
    case Syntax::Json: {
        const bool bare = value == "true" || value == "false" ||
                          (!value.empty() && value.find_first_not_of("-0123456789.") == std::string::npos);
        return fmt::format("{{\"settings\": {{\"{}\": {}}}}}\n", key, bare ? value : "\"" + value + "\"");
    }
    case Syntax::JvmOptions:
        if (key.starts_with("-XX:")) {
            if (value == "true" || value == "false") {
                return fmt::format("-XX:{}{}\n", value == "true" ? '+' : '-', key.substr(4));
            }
            return fmt::format("{}={}\n", key, value);
        }
        return key + value + "\n";
    default: break;  // deployment-file syntaxes: examples are written in the file formats
    }
    return key + "=" + value + "\n";
}

/// The setting a rule looks at: the effective one among the key and its aliases.
const Setting* effective(const Document& doc, const std::string& key, const std::vector<std::string>& aliases)
{
    // The last one: looked for from the end (a few hundred pack rules ask of every file).
    for (auto it = doc.settings.rbegin(); it != doc.settings.rend(); ++it) {
        if (it->active() && (it->key == key || std::find(aliases.begin(), aliases.end(), it->key) != aliases.end())) {
            return &*it;
        }
    }
    return nullptr;
}

class PackRule : public Rule {
public:
    explicit PackRule(Common c) : m_c(std::move(c)) {}
    const RuleInfo& info() const override { return m_c.info; }
    std::string origin() const override { return m_c.origin; }
    void check(const Document& doc, const RuleContext& ctx, Emitter& out) const override
    {
        // An `es-` rule of the jvm kind is about an Elasticsearch node's options, not about the JVM
        // options of another product's container (KAFKA_HEAP_OPTS, Strimzi jvmOptions).
        const bool other_jvm = doc.kind == FileKind::Jvm && doc.embedding && doc.embedding->role != "elasticsearch" &&
                               m_c.info.name.starts_with("es-");
        if (m_c.gate.matches(ctx.targets) && !other_jvm) {
            run(doc, ctx, out);
        }
    }

protected:
    virtual void run(const Document& doc, const RuleContext& ctx, Emitter& out) const = 0;
    const Common& common() const { return m_c; }
    Common m_c;
};

// --- recommended-value -------------------------------------------------------------------------
class RecommendedValue final : public PackRule {
public:
    struct Params {
        std::string key;
        std::vector<std::string> aliases;
        ValueType type = ValueType::String;
        std::string value;
        Parsed parsed;
        /// The product's default, possibly by version: the first entry whose gate matches applies.
        struct Default {
            VersionGate gate;
            std::string text;
            Parsed parsed;
        };
        std::vector<Default> defaults;
        std::vector<std::string> near;

        [[nodiscard]] const Default* default_for(const Targets& t) const
        {
            for (const auto& d : defaults) {
                if (d.gate.matches(t)) {
                    return &d;
                }
            }
            return nullptr;
        }
    };

    RecommendedValue(Common c, Params p) : PackRule(std::move(c)), m_p(std::move(p)) {}

    static std::unique_ptr<Rule> make(Common c, const PackNode& params, const PackError& err)
    {
        check_fields(err, params, "`params` of recommended-value", {"key", "aliases", "type", "value", "default", "near"});
        Params p;
        p.key = scalar(err, params["key"], "key");
        p.aliases = string_list(err, params["aliases"], "aliases");
        const std::string type = scalar(err, params["type"], "type");
        const auto t = parse_value_type(type);
        if (!t) {
            err.at(params["type"], fmt::format("unknown type `{}` (int, long, double, bool, size, duration, enum, string)", type));
        }
        p.type = *t;
        p.value = scalar(err, params["value"], "value");
        std::string why;
        auto v = parse_value(p.type, c.dialect, p.value, &why);
        if (!v) {
            err.at(params["value"], fmt::format("`{}` is not a valid {}: {}", p.value, type, why));
        }
        p.parsed = *v;
        // `default: 5`, or by version: `default: [{when: {kafka: "<4.0"}, value: 0}, {value: 5}]`.
        if (const PackNode& def = params["default"]) {
            std::vector<const PackNode*> entries;
            if (def.IsSequence()) {
                for (const PackNode& e : def.items()) {
                    entries.push_back(&e);
                }
            } else {
                entries.push_back(&def);
            }
            for (const PackNode* e : entries) {
                Params::Default d;
                const PackNode* value_node = e;
                if (e->IsMap()) {
                    check_fields(err, *e, "a versioned `default`", {"when", "value"});
                    d.gate = VersionGate::parse(err, (*e)["when"]);
                    value_node = &(*e)["value"];
                }
                d.text = scalar(err, *value_node, "default");
                auto parsed = parse_value(p.type, c.dialect, d.text, &why);
                if (!parsed) {
                    err.at(*value_node, fmt::format("`{}` is not a valid {}: {}", d.text, type, why));
                }
                d.parsed = *parsed;
                p.defaults.push_back(std::move(d));
            }
        }
        p.near = string_list(err, params["near"], "near");
        auto& d = c.info.docs;
        if (d.what.empty()) {
            d.what = fmt::format("Checks that `{}` is `{}`, the recommended value, comparing by meaning ({}). "
                                 "A different value is reported with the current and the recommended value; an "
                                 "absent key is reported (info) when the default{} differs.",
                                 p.key, p.value, type_words(p.type), default_words(p));
        }
        // The bad example is a default that differs from the recommendation; where every default is
        // the recommended value, the pack must give one.
        for (const auto& def : p.defaults) {
            if (d.bad.empty() && !same_meaning(def.parsed, p.parsed)) {
                d.bad = example_line(c.example_syntax, p.key, def.text);
            }
        }
        if (d.good.empty()) {
            d.good = example_line(c.example_syntax, p.key, p.value);
        }
        if (d.fix.empty()) {
            d.fix = fmt::format("Sets `{}` to `{}` in the file's own spelling, or adds the line beside related "
                                "settings when it is absent. Unsafe: the product behaves differently afterwards.",
                                p.key, p.value);
        }
        c.info.fix = FixAvailability::Sometimes;
        return std::make_unique<RecommendedValue>(std::move(c), std::move(p));
    }

private:
    static std::string default_words(const Params& p)
    {
        std::vector<std::string> parts;
        for (const auto& d : p.defaults) {
            parts.push_back(d.gate.conds.empty() ? fmt::format("`{}`", d.text)
                                                 : fmt::format("`{}` for {}", d.text, d.gate.describe()));
        }
        return parts.empty() ? std::string() : fmt::format(" ({})", fmt::join(parts, ", otherwise "));
    }

    static std::string type_words(ValueType t)
    {
        switch (t) {
        case ValueType::Size: return "a size: 4g = 4096m";
        case ValueType::Duration: return "a duration: 30s = 30000ms";
        case ValueType::Enum: return "an enum, case-insensitively";
        case ValueType::Bool: return "a boolean";
        case ValueType::String: return "the exact text";
        default: return "a number";
        }
    }

    void run(const Document& doc, const RuleContext& ctx, Emitter& out) const override
    {
        const RuleInfo& info = m_c.info;
        const Setting* s = effective(doc, m_p.key, m_p.aliases);
        if (s == nullptr) {
            const Params::Default* def = m_p.default_for(ctx.targets);
            if (def == nullptr || same_meaning(def->parsed, m_p.parsed)) {
                return;
            }
            const std::string recommended = render_value(m_p.parsed, m_c.dialect, "");
            // Pieces joined (concat), not fmt::format: these two messages are most of a run's findings.
            Finding& f =
                out.emit_file(info, concat({"`", m_p.key, "` is not set, so the default `", def->text,
                                            "` applies; the recommended value is `", recommended, "`"}));
            f.severity = Severity::Info;  // merely absent: below the rule's own severity
            f.key = m_p.key;
            f.recommended = recommended;
            if (ctx.details) {
                f.details = {{"default", def->text}};
            }
            if (auto edit = add_setting(doc, m_p.key, recommended, m_p.near)) {
                f.fix = Fix{Applicability::Unsafe, concat({"Add `", m_p.key, "` = `", recommended, "`"}), {}};
                f.fix->edits.push_back(std::move(*edit));
            }
            return;
        }
        auto current = parse_value(m_p.type, m_c.dialect, s->value);
        if (current && same_meaning(*current, m_p.parsed)) {
            return;
        }
        const std::string recommended = render_value(m_p.parsed, m_c.dialect, s->value);
        Finding& f = out.emit(
            info, s->value_range.empty() ? s->key_range : s->value_range,
            concat({"`", s->key, "` is `", s->value, "`; the recommended value is `", recommended, "`"}));
        f.key = s->key;
        f.current = s->value;
        f.recommended = recommended;
        if (auto edit = replace_value(doc, *s, recommended)) {
            f.fix = Fix{Applicability::Unsafe, concat({"Set `", s->key, "` to `", recommended, "`"}), {}};
            f.fix->edits.push_back(std::move(*edit));
        }
    }

    Params m_p;
};

// --- value-range ---------------------------------------------------------------------------------
class ValueRange final : public PackRule {
public:
    struct Params {
        std::string key;
        std::vector<std::string> aliases;
        ValueType type = ValueType::Long;
        std::optional<std::string> min_text, max_text;
        std::optional<Parsed> min, max;
    };
    ValueRange(Common c, Params p) : PackRule(std::move(c)), m_p(std::move(p)) {}

    static std::unique_ptr<Rule> make(Common c, const PackNode& params, const PackError& err)
    {
        check_fields(err, params, "`params` of value-range", {"key", "aliases", "type", "min", "max"});
        Params p;
        p.key = scalar(err, params["key"], "key");
        p.aliases = string_list(err, params["aliases"], "aliases");
        const std::string type = scalar(err, params["type"], "type");
        const auto t = parse_value_type(type);
        if (!t || *t == ValueType::Enum || *t == ValueType::String || *t == ValueType::Bool) {
            err.at(params["type"], fmt::format("value-range needs a numeric type (int, long, double, size, duration), not `{}`", type));
        }
        p.type = *t;
        for (const char* bound : {"min", "max"}) {
            if (!params[bound]) {
                continue;
            }
            const std::string text = scalar(err, params[bound], bound);
            std::string why;
            auto v = parse_value(p.type, c.dialect, text, &why);
            if (!v) {
                err.at(params[bound], fmt::format("`{}` is not a valid {}: {}", text, type, why));
            }
            (std::string_view(bound) == "min" ? p.min_text : p.max_text) = text;
            (std::string_view(bound) == "min" ? p.min : p.max) = v;
        }
        if (!p.min && !p.max) {
            err.at(params, "value-range needs `min`, `max` or both");
        }
        if (p.min && p.max && p.min->number > p.max->number) {
            err.at(params["min"], "`min` is larger than `max`");
        }
        auto& d = c.info.docs;
        if (d.what.empty()) {
            d.what = fmt::format("Checks that `{}` lies {}.", p.key, range_words(p));
        }
        if (d.fix.empty()) {
            d.fix = "No automatic fix: the right value within the range depends on the deployment.";
        }
        return std::make_unique<ValueRange>(std::move(c), std::move(p));
    }

private:
    static std::string range_words(const Params& p)
    {
        if (p.min && p.max) {
            return fmt::format("between `{}` and `{}`", *p.min_text, *p.max_text);
        }
        return p.min ? fmt::format("at or above `{}`", *p.min_text) : fmt::format("at or below `{}`", *p.max_text);
    }

    void run(const Document& doc, const RuleContext&, Emitter& out) const override
    {
        const Setting* s = effective(doc, m_p.key, m_p.aliases);
        if (s == nullptr) {
            return;
        }
        auto v = parse_value(m_p.type, m_c.dialect, s->value);
        if (!v) {
            return;  // a value of the wrong type is the type rule's business
        }
        if ((m_p.min && v->number < m_p.min->number) || (m_p.max && v->number > m_p.max->number)) {
            Finding& f = out.emit(m_c.info, s->value_range,
                                  fmt::format("`{}` is `{}`; it should be {}", s->key, s->value, range_words(m_p)));
            f.key = s->key;
            f.current = s->value;
        }
    }

    Params m_p;
};

// --- one-of --------------------------------------------------------------------------------------
class OneOf final : public PackRule {
public:
    struct Params {
        std::string key;
        std::vector<std::string> aliases;
        std::vector<std::string> values;
        bool case_sensitive = false;
    };
    OneOf(Common c, Params p) : PackRule(std::move(c)), m_p(std::move(p)) {}

    static std::unique_ptr<Rule> make(Common c, const PackNode& params, const PackError& err)
    {
        check_fields(err, params, "`params` of one-of", {"key", "aliases", "values", "case-sensitive"});
        Params p;
        p.key = scalar(err, params["key"], "key");
        p.aliases = string_list(err, params["aliases"], "aliases");
        p.values = string_list(err, params["values"], "values");
        if (p.values.empty()) {
            err.at(params, "one-of needs a non-empty `values` list");
        }
        if (params["case-sensitive"]) {
            p.case_sensitive = scalar(err, params["case-sensitive"], "case-sensitive") == "true";
        }
        auto& d = c.info.docs;
        if (d.what.empty()) {
            d.what = fmt::format("Checks that `{}` is one of {}{}.", p.key, quoted_list(p.values),
                                 p.case_sensitive ? "" : " (case-insensitively, as the product matches it)");
        }
        if (d.fix.empty()) {
            d.fix = "No automatic fix: which of the values fits is a choice.";
        }
        return std::make_unique<OneOf>(std::move(c), std::move(p));
    }

private:
    static std::string quoted_list(const std::vector<std::string>& v)
    {
        std::vector<std::string> q;
        for (const auto& s : v) {
            q.push_back("`" + s + "`");
        }
        return fmt::format("{}", fmt::join(q, ", "));
    }

    void run(const Document& doc, const RuleContext&, Emitter& out) const override
    {
        const Setting* s = effective(doc, m_p.key, m_p.aliases);
        if (s == nullptr) {
            return;
        }
        const std::string v(trim(s->value));
        const bool ok = std::any_of(m_p.values.begin(), m_p.values.end(), [&](const std::string& x) {
            return m_p.case_sensitive ? x == v : iequals(x, v);
        });
        if (!ok) {
            Finding& f = out.emit(m_c.info, s->value_range,
                                  fmt::format("`{}` is `{}`; expected one of {}", s->key, s->value, quoted_list(m_p.values)));
            f.key = s->key;
            f.current = s->value;
        }
    }

    Params m_p;
};

// --- required-key --------------------------------------------------------------------------------
class RequiredKey final : public PackRule {
public:
    struct Params {
        std::string key;
        std::vector<std::string> aliases;
        std::optional<std::string> value;
        std::vector<std::string> near;
    };
    RequiredKey(Common c, Params p) : PackRule(std::move(c)), m_p(std::move(p)) {}

    static std::unique_ptr<Rule> make(Common c, const PackNode& params, const PackError& err)
    {
        check_fields(err, params, "`params` of required-key", {"key", "aliases", "value", "near"});
        Params p;
        p.key = scalar(err, params["key"], "key");
        p.aliases = string_list(err, params["aliases"], "aliases");
        if (params["value"]) {
            p.value = scalar(err, params["value"], "value");
        }
        p.near = string_list(err, params["near"], "near");
        auto& d = c.info.docs;
        if (d.what.empty()) {
            d.what = fmt::format("Checks that `{}` is set.", p.key);
        }
        if (d.fix.empty()) {
            d.fix = p.value ? fmt::format("Adds `{}` = `{}`. Unsafe: the product behaves differently afterwards.", p.key, *p.value)
                            : "No automatic fix: the value is a choice.";
        }
        c.info.fix = p.value ? FixAvailability::Always : FixAvailability::None;
        return std::make_unique<RequiredKey>(std::move(c), std::move(p));
    }

private:
    void run(const Document& doc, const RuleContext&, Emitter& out) const override
    {
        if (effective(doc, m_p.key, m_p.aliases) != nullptr) {
            return;
        }
        Finding& f = out.emit_file(m_c.info, fmt::format("`{}` is not set", m_p.key));
        f.key = m_p.key;
        if (m_p.value) {
            f.recommended = *m_p.value;
            if (auto edit = add_setting(doc, m_p.key, *m_p.value, m_p.near)) {
                f.fix = Fix{Applicability::Unsafe, fmt::format("Add `{}` = `{}`", m_p.key, *m_p.value), {*edit}};
            }
        }
    }

    Params m_p;
};

// --- forbidden-key -------------------------------------------------------------------------------
class ForbiddenKey final : public PackRule {
public:
    struct Params {
        std::vector<std::string> keys;
        std::string reason;
    };
    ForbiddenKey(Common c, Params p) : PackRule(std::move(c)), m_p(std::move(p)) {}

    static std::unique_ptr<Rule> make(Common c, const PackNode& params, const PackError& err)
    {
        check_fields(err, params, "`params` of forbidden-key", {"keys", "reason"});
        Params p;
        p.keys = string_list(err, params["keys"], "keys");
        if (p.keys.empty()) {
            err.at(params, "forbidden-key needs a non-empty `keys` list");
        }
        p.reason = scalar(err, params["reason"], "reason");
        auto& d = c.info.docs;
        if (d.what.empty()) {
            d.what = fmt::format("Reports {} where {}.", fmt::join(p.keys, ", "), p.reason);
        }
        if (d.fix.empty()) {
            d.fix = "Removes the line. Safe: the setting had no effect where it stood.";
        }
        c.info.fix = FixAvailability::Sometimes;
        return std::make_unique<ForbiddenKey>(std::move(c), std::move(p));
    }

private:
    void run(const Document& doc, const RuleContext&, Emitter& out) const override
    {
        for (const Setting& s : doc.settings) {
            if (!s.active() || std::find(m_p.keys.begin(), m_p.keys.end(), s.key) == m_p.keys.end()) {
                continue;
            }
            Finding& f = out.emit(m_c.info, s.key_range, fmt::format("`{}` {}", s.key, m_p.reason));
            f.key = s.key;
            f.current = s.value;
            if (auto edit = delete_setting(doc, s)) {
                f.fix = Fix{Applicability::Safe, fmt::format("Remove `{}`", s.key), {*edit}};
            }
        }
    }

    Params m_p;
};

// --- key-ratio -----------------------------------------------------------------------------------
class KeyRatio final : public PackRule {
public:
    struct Params {
        std::string key;
        std::string other;
        ValueType type = ValueType::Long;
        std::optional<double> max_ratio, min_ratio;
    };
    KeyRatio(Common c, Params p) : PackRule(std::move(c)), m_p(std::move(p)) {}

    static std::unique_ptr<Rule> make(Common c, const PackNode& params, const PackError& err)
    {
        check_fields(err, params, "`params` of key-ratio", {"key", "other", "type", "max-ratio", "min-ratio"});
        Params p;
        p.key = scalar(err, params["key"], "key");
        p.other = scalar(err, params["other"], "other");
        const std::string type = scalar(err, params["type"], "type");
        const auto t = parse_value_type(type);
        if (!t || *t == ValueType::Enum || *t == ValueType::String || *t == ValueType::Bool) {
            err.at(params["type"], fmt::format("key-ratio needs a numeric type, not `{}`", type));
        }
        p.type = *t;
        for (const char* bound : {"max-ratio", "min-ratio"}) {
            if (params[bound]) {
                const std::string text = scalar(err, params[bound], bound);
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (end != text.c_str() + text.size() || v <= 0) {
                    err.at(params[bound], fmt::format("`{}` must be a positive number", bound));
                }
                (std::string_view(bound) == "max-ratio" ? p.max_ratio : p.min_ratio) = v;
            }
        }
        if (!p.max_ratio && !p.min_ratio) {
            err.at(params, "key-ratio needs `max-ratio`, `min-ratio` or both");
        }
        auto& d = c.info.docs;
        if (d.what.empty()) {
            d.what = fmt::format("Compares `{}` with `{}`{}{}.", p.key, p.other,
                                 p.max_ratio ? fmt::format(": at most {} times it", *p.max_ratio) : "",
                                 p.min_ratio ? fmt::format(", at least {} times it", *p.min_ratio) : "");
        }
        if (d.fix.empty()) {
            d.fix = "No automatic fix: which of the two keys to change is a choice.";
        }
        return std::make_unique<KeyRatio>(std::move(c), std::move(p));
    }

private:
    void run(const Document& doc, const RuleContext&, Emitter& out) const override
    {
        const Setting* a = doc.find(m_p.key);
        const Setting* b = doc.find(m_p.other);
        if (a == nullptr || b == nullptr) {
            return;
        }
        auto va = parse_value(m_p.type, m_c.dialect, a->value);
        auto vb = parse_value(m_p.type, m_c.dialect, b->value);
        if (!va || !vb || vb->number <= 0) {
            return;
        }
        const double ratio = static_cast<double>(va->number / vb->number);
        const bool too_big = m_p.max_ratio && ratio > *m_p.max_ratio;
        const bool too_small = m_p.min_ratio && ratio < *m_p.min_ratio;
        if (too_big || too_small) {
            const Position other = doc.position(b->key_range.begin);
            Finding& f = out.emit(m_c.info, a->value_range,
                                  fmt::format("`{}` = `{}` is {:.3g} times `{}` = `{}` (line {}); it should be {} {} times",
                                              a->key, a->value, ratio, b->key, b->value, other.line,
                                              too_big ? "at most" : "at least",
                                              too_big ? *m_p.max_ratio : *m_p.min_ratio));
            f.key = a->key;
            f.current = a->value;
        }
    }

    Params m_p;
};

using Factory = std::function<std::unique_ptr<Rule>(Common, const PackNode&, const PackError&)>;

const std::map<std::string, Factory>& factories()
{
    static const std::map<std::string, Factory> f{
        {"recommended-value", &RecommendedValue::make}, {"value-range", &ValueRange::make},
        {"one-of", &OneOf::make},                        {"required-key", &RequiredKey::make},
        {"forbidden-key", &ForbiddenKey::make},          {"key-ratio", &KeyRatio::make},
    };
    return f;
}

Syntax example_syntax_for(FileKind kind)
{
    switch (kind) {
    case FileKind::Flink: return Syntax::FlinkYaml;
    case FileKind::ElasticsearchIndex: return Syntax::Json;
    case FileKind::Jvm: return Syntax::JvmOptions;
    default: return Syntax::Properties;
    }
}

std::unique_ptr<Rule> load_rule(const PackError& err, const PackNode& node, std::set<std::string>& ids,
                                std::set<std::string>& names)
{
    check_fields(err, node, "a rule",
                 {"id", "name", "kinds", "severity", "template", "when", "params", "summary", "docs"});
    Common c;
    c.origin = err.path();
    c.info.id = scalar(err, node["id"], "id");
    if (!is_rule_id(c.info.id)) {
        err.at(node["id"], fmt::format("rule id `{}` must be 1-3 capital letters and 3 digits, such as G101", c.info.id));
    }
    if (!ids.insert(c.info.id).second) {
        err.at(node["id"], fmt::format("rule id `{}` is used twice", c.info.id));
    }
    c.info.name = scalar(err, node["name"], "name");
    if (!is_kebab_name(c.info.name)) {
        err.at(node["name"], fmt::format("rule name `{}` must be kebab-case", c.info.name));
    }
    if (!names.insert(c.info.name).second) {
        err.at(node["name"], fmt::format("rule name `{}` is used twice", c.info.name));
    }
    for (const auto& k : string_list(err, node["kinds"], "kinds")) {
        const auto kind = parse_file_kind(k);
        if (!kind) {
            std::vector<std::string> known(file_kind_names().begin(), file_kind_names().end());
            const auto hint = did_you_mean(k, known);
            err.at(node["kinds"], fmt::format("unknown kind `{}`{}", k, hint ? fmt::format(" (did you mean `{}`?)", *hint) : ""));
        }
        c.info.kinds.push_back(*kind);
    }
    if (c.info.kinds.empty()) {
        err.at(node, "a rule needs `kinds`");
    }
    c.dialect = dialect_of(c.info.kinds.front());
    for (const auto k : c.info.kinds) {
        if (dialect_of(k) != c.dialect) {
            err.at(node["kinds"], "the kinds of one rule must be read the same way (all Kafka, all Flink, ...)");
        }
    }
    c.example_syntax = example_syntax_for(c.info.kinds.front());
    const std::string sev = scalar(err, node["severity"], "severity");
    const auto severity = parse_severity(sev);
    if (!severity) {
        err.at(node["severity"], fmt::format("severity `{}` must be error, warning or info", sev));
    }
    c.info.severity = *severity;
    c.info.summary = scalar(err, node["summary"], "summary");
    if (c.info.summary.empty() || c.info.summary.back() == '.') {
        err.at(node["summary"], "the summary is one line in sentence case with no final period");
    }
    c.gate = VersionGate::parse(err, node["when"]);
    const PackNode& docs = node["docs"];
    if (!docs) {
        err.at(node, "a rule needs `docs` (at least `why` and `source`)");
    }
    check_fields(err, docs, "`docs`", {"what", "why", "source", "bad", "good", "fix"});
    auto opt = [&](const char* f) { return docs[f] ? scalar(err, docs[f], f) : std::string(); };
    c.info.docs = {opt("what"), opt("why"), opt("source"), opt("bad"), opt("good"), opt("fix")};
    if (c.info.docs.why.empty() || c.info.docs.source.empty()) {
        err.at(docs, "`docs` needs `why` and `source`");
    }
    if (!c.gate.conds.empty()) {
        c.info.docs.what += fmt::format(" Applies when the targets are {}.", c.gate.describe());
    }
    const std::string tmpl = scalar(err, node["template"], "template");
    const auto it = factories().find(tmpl);
    if (it == factories().end()) {
        std::vector<std::string> known;
        for (const auto& [name, f] : factories()) {
            known.push_back(name);
        }
        const auto hint = did_you_mean(tmpl, known);
        err.at(node["template"], fmt::format("unknown template `{}`{}", tmpl,
                                             hint ? fmt::format(" (did you mean `{}`?)", *hint)
                                                  : fmt::format(" (expected one of: {})", fmt::join(known, ", "))));
    }
    if (!node["params"]) {
        err.at(node, "a rule needs `params`");
    }
    auto rule = it->second(std::move(c), node["params"], err);
    const RuleDocs& d = rule->info().docs;
    if (d.bad.empty() || d.good.empty()) {
        err.at(docs, "`docs` needs `bad` and `good` examples (this template cannot derive them from its params)");
    }
    return rule;
}

}  // namespace

// A pack's rules from its tree (converted from YAML text, or decoded from a built-in pack's encoding).
static std::vector<std::unique_ptr<Rule>> load_rule_pack_root(const PackNode& root, const std::string& path);

std::vector<std::unique_ptr<Rule>> load_rule_pack(std::string_view text, const std::string& path)
{
    // yaml-cpp recurses once a nesting level: deeper packs are refused before it reads them.
    constexpr std::size_t k_max_yaml_depth = 64;
    if (const auto at = yaml_nesting_exceeds(text, k_max_yaml_depth)) {
        const auto line = 1 + std::count(text.begin(), text.begin() + *at, '\n');
        throw UsageError(fmt::format("{}:{}: the YAML nests deeper than {} levels", path, line, k_max_yaml_depth));
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& e) {
        throw UsageError(fmt::format("{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.msg));
    }
    std::size_t budget = 100'000;  // nodes: a built-in pack has about 600
    return load_rule_pack_root(PackNode::from_yaml(root, path, budget, static_cast<int>(k_max_yaml_depth)), path);
}

namespace {

/// Reads a built-in pack's tree as sl_pack_compile encoded it (see src/rules/pack_compile.cpp).
class TreeReader {
public:
    explicit TreeReader(std::string_view data) : m_data(data) {}

    /// The next value.
    PackNode read()
    {
        const char type = m_data.at(m_pos++);
        if (type == 's') {
            return PackNode::borrowed(scalar());
        }
        if (type == 'M') {
            PackNode n = PackNode::of(PackNode::Type::Map);
            const std::uint32_t count = u32();
            n.reserve(std::min<std::size_t>(count, m_data.size() - m_pos));
            for (std::uint32_t i = 0; i < count; ++i) {
                ++m_pos;  // 's': keys are scalars
                PackNode key = PackNode::borrowed(scalar());
                n.add_entry(std::move(key), read());
            }
            return n;
        }
        if (type == 'S') {
            PackNode n = PackNode::of(PackNode::Type::Sequence);
            const std::uint32_t count = u32();
            n.reserve(std::min<std::size_t>(count, m_data.size() - m_pos));
            for (std::uint32_t i = 0; i < count; ++i) {
                n.push_item(read());
            }
            return n;
        }
        return PackNode::of(PackNode::Type::Null);
    }

private:
    std::uint32_t u32()
    {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_data.at(m_pos++))) << (8 * i);
        }
        return v;
    }

    std::string_view scalar()
    {
        const std::uint32_t len = u32();
        const std::string_view s = m_data.substr(m_pos, len);
        m_pos += len;
        return s;
    }

    std::string_view m_data;
    std::size_t m_pos = 0;
};

}  // namespace

static std::vector<std::unique_ptr<Rule>> load_rule_pack_root(const PackNode& root, const std::string& path)
{
    const PackError err(path);
    check_fields(err, root, "a rule pack", {"pack", "description", "rules"});
    (void)scalar(err, root["pack"], "pack");
    const PackNode& rules = root["rules"];
    if (!rules || !rules.IsSequence()) {
        err.at(root, "a rule pack needs a `rules` list");
    }
    std::set<std::string> ids;
    std::set<std::string> names;
    std::vector<std::unique_ptr<Rule>> out;
    for (const PackNode& node : rules.items()) {
        out.push_back(load_rule(err, node, ids, names));
    }
    return out;
}

std::vector<std::unique_ptr<Rule>> load_rule_pack_dir(const std::string& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw UsageError(fmt::format("{}: rule pack directory does not exist", dir));
    }
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const auto ext = e.path().extension().string();
        if ((ext == ".yaml" || ext == ".yml") && e.is_regular_file(ec)) {
            files.push_back(e.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::unique_ptr<Rule>> out;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (!in && !in.eof()) {
            throw UsageError(fmt::format("{}: cannot read the rule pack", f));
        }
        for (auto& r : load_rule_pack(text, f)) {
            out.push_back(std::move(r));
        }
    }
    return out;
}

const std::vector<TemplateInfo>& rule_templates()
{
    static const std::vector<TemplateInfo> t{
        {"recommended-value", "A key should have a given value (compared by meaning); absent keys are reported when the default differs",
         {"key (required)", "type (required)", "value (required)", "default", "aliases", "near"}},
        {"value-range", "A key's value should lie within bounds", {"key (required)", "type (required)", "min", "max", "aliases"}},
        {"one-of", "A key's value should be one of a list", {"key (required)", "values (required)", "case-sensitive", "aliases"}},
        {"required-key", "A key should be set", {"key (required)", "value", "aliases", "near"}},
        {"forbidden-key", "Keys that have no business in this kind of file", {"keys (required)", "reason (required)"}},
        {"key-ratio", "One key's value compared with another's", {"key (required)", "other (required)", "type (required)", "max-ratio", "min-ratio"}},
    };
    return t;
}

void register_builtin_packs(std::vector<std::unique_ptr<Rule>>& out)
{
    // The packs as trees encoded at build time: scanning their YAML would be most of start-up.
    for (const auto& f : builtin_pack_trees()) {
        for (auto& r : load_rule_pack_root(TreeReader(f.content).read(), "rules/" + std::string(f.path))) {
            out.push_back(std::move(r));
        }
    }
}

}  // namespace streamlint
