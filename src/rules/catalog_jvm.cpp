// J rules: jvm.options lines checked against HotSpot's flag tables (JDK 8, 11, 17, 21, 25): what a
// product JVM of the target release refuses, ignores or warns about. Every refusal here was
// checked with a real `java <flags> -version` (tests/e2e/test_jvm_oracle.cpp keeps checking it).
#include "catalog_common.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cmath>

namespace streamlint::catalog_rules {

namespace {

using catalog::JdkVersion;
namespace jvm = catalog::jvm;

struct JvmFile {
    catalog::VersionChoice<JdkVersion> choice;
    JdkVersion v = JdkVersion::Jdk25;
    int release = 25;               // the target as given
    bool ignore_unrecognized = false;  // -XX:+IgnoreUnrecognizedVMOptions anywhere (HotSpot pre-scans it)
};

JvmFile jvm_file(const Document& doc, const RuleContext& ctx)
{
    JvmFile f;
    f.choice = catalog::select_jdk(ctx.targets.jdk);
    f.v = f.choice.version;
    f.release = ctx.targets.jdk > 0 ? ctx.targets.jdk : catalog::jdk_release(f.v);
    const Setting* ig = doc.find("-XX:IgnoreUnrecognizedVMOptions");
    f.ignore_unrecognized = ig != nullptr && ig->value == "true";
    return f;
}

/// A -XX option as written.
struct XXFlag {
    std::string name;       // after -XX: and the sign, up to '=' when the sign form carries one
    bool sign = false;      // -XX:+Name / -XX:-Name
    bool has_equals = false;  // -XX:Name=... (or a sign form followed by '=')
    std::string value;      // after '='
};

std::optional<XXFlag> xx_flag(const Document& doc, const Setting& s)
{
    if (!s.key.starts_with("-XX:")) {
        return std::nullopt;
    }
    const std::string_view raw = doc.slice(s.key_range);
    XXFlag x;
    x.sign = raw.starts_with("-XX:+") || raw.starts_with("-XX:-");
    x.name = s.key.substr(4);
    if (x.sign) {
        if (const std::size_t eq = x.name.find('='); eq != std::string::npos) {
            x.has_equals = true;
            x.value = x.name.substr(eq + 1);
            x.name.resize(eq);
        }
    } else {
        x.has_equals = s.key_range.end < doc.text.size() && doc.text[s.key_range.end] == '=';
        x.value = s.value;
    }
    if (x.name.empty()) {
        return std::nullopt;
    }
    return x;
}

/// True where options are written as the JVM reads them (jvm.options, a JAVA_OPTS-style string);
/// false for Strimzi's `jvmOptions` map, which the operator turns into options itself.
bool written_as_options(const Document& doc)
{
    return doc.syntax == Syntax::JvmOptions || doc.syntax == Syntax::EnvJvmOptions;
}

std::string jdk_name(const JvmFile& f)
{
    return fmt::format("JDK {}", f.release);
}

/// The whole option text of a setting (version prefix excluded), for messages.
std::string_view option_text(const Document& doc, const Setting& s)
{
    const std::uint32_t end = std::max(s.key_range.end, s.value_range.end);
    return doc.slice({s.key_range.begin, end});
}

// --- HotSpot value syntax ------------------------------------------------------------------------

bool is_signed(jvm::Type t)
{
    return t == jvm::Type::Int || t == jvm::Type::Intx;
}

bool is_integer(jvm::Type t)
{
    return t == jvm::Type::Int || t == jvm::Type::Intx || t == jvm::Type::Uint || t == jvm::Type::Uintx ||
           t == jvm::Type::Uint64 || t == jvm::Type::SizeT;
}

/// HotSpot's integer syntax: decimal (or 0x hex from JDK 9 on), one optional k/m/g/t suffix in either
/// case, a minus sign only for signed types.
bool hotspot_integer(std::string_view v, bool allow_negative, int release)
{
    if (!v.empty() && v.front() == '-') {
        if (!allow_negative) {
            return false;
        }
        v.remove_prefix(1);
    }
    if (!v.empty() && std::string_view("kKmMgGtT").find(v.back()) != std::string_view::npos) {
        v.remove_suffix(1);
    }
    if (release >= 9 && (v.starts_with("0x") || v.starts_with("0X"))) {
        v.remove_prefix(2);
        return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    }
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

/// HotSpot's double syntax as product JVMs take it (checked on 17: `75` and `75.0` pass, `1e1` and
/// `75%` fail; 25 also takes `1e1`); JDK 8 needs the decimal point. nullopt: cannot tell (an
/// exponent on a JDK between 17 and 25, where it was not checked).
std::optional<bool> hotspot_double(std::string_view v, int release)
{
    if (!v.empty() && v.front() == '-') {
        v.remove_prefix(1);
    }
    if (const std::size_t e = v.find_first_of("eE"); e != std::string_view::npos && release > 17) {
        std::string_view exp = v.substr(e + 1);
        if (!exp.empty() && (exp.front() == '-' || exp.front() == '+')) {
            exp.remove_prefix(1);
        }
        const bool exp_ok = !exp.empty() && std::all_of(exp.begin(), exp.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        const auto mantissa = hotspot_double(v.substr(0, e), release);
        if (!exp_ok || mantissa == false) {
            return false;
        }
        return release >= 25 ? std::optional<bool>(true) : std::nullopt;
    }
    const std::size_t dot = v.find('.');
    if (dot == std::string_view::npos && release < 9) {
        return false;
    }
    const std::string_view whole = v.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : v.substr(dot + 1);
    const auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    return !(whole.empty() && frac.empty()) && digits(whole) && digits(frac);
}

std::string_view type_words(jvm::Type t)
{
    switch (t) {
    case jvm::Type::Int:
    case jvm::Type::Intx: return "an integer (optionally with k, m, g or t)";
    case jvm::Type::Uint:
    case jvm::Type::Uintx:
    case jvm::Type::Uint64:
    case jvm::Type::SizeT: return "a non-negative integer (optionally with k, m, g or t)";
    case jvm::Type::Double: return "a decimal number";
    default: return "a value";
    }
}

/// -Xms/-Xmx/-Xmn/-Xss: digits (or 0x hex), one optional k/m/g/t in either case.
bool x_size(std::string_view v)
{
    return hotspot_integer(v, false, 11);
}

std::optional<long double> x_size_bytes(std::string_view v)
{
    if (v.starts_with("0x") || v.starts_with("0X")) {
        return std::nullopt;
    }
    const auto p = parse_value(ValueType::Size, Dialect::Jvm, v);
    return p ? std::optional<long double>(p->number) : std::nullopt;
}

/// What `4gb`, `4GB` or `1.5g` most likely meant, in HotSpot's spelling: `4g`, `1536m`.
std::optional<std::string> x_size_rewrite(std::string_view v)
{
    std::size_t i = 0;
    while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.')) {
        ++i;
    }
    const std::string_view number = v.substr(0, i);
    std::string unit = to_lower(v.substr(i));
    if (unit.size() == 2 && unit[1] == 'b') {
        unit.resize(1);
    }
    static constexpr std::string_view units = "kmgt";
    const std::size_t u = units.find(unit.empty() ? '?' : unit[0]);
    if (number.empty() || unit.size() != 1 || u == std::string_view::npos) {
        return std::nullopt;
    }
    char* end = nullptr;
    const std::string num(number);
    long double n = std::strtold(num.c_str(), &end);
    if (end != num.c_str() + num.size()) {
        return std::nullopt;
    }
    std::size_t level = u;
    while (n != std::floor(n) && level > 0) {
        n *= 1024;
        --level;
    }
    if (n != std::floor(n)) {
        return std::nullopt;
    }
    return fmt::format("{}{}", static_cast<long long>(n), units[level]);
}

// --- the rules -----------------------------------------------------------------------------------

/// Runs `f(setting, flag, status)` for every -XX option that reaches the JVM.
template <typename F>
void for_each_xx(const Document& doc, const JvmFile& file, F&& f)
{
    for (const Setting& s : doc.settings) {
        if (!reaches_product(s)) {
            continue;
        }
        if (auto x = xx_flag(doc, s)) {
            f(s, *x, jvm::status(x->name, file.v));
        }
    }
}

void ignored_instead(Finding& fd, const JvmFile& f)
{
    if (f.ignore_unrecognized) {
        fd.severity = Severity::Warning;
        fd.message += " (but -XX:+IgnoreUnrecognizedVMOptions makes it ignore the flag, so it has no effect)";
    }
}

void check_unknown(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    for_each_xx(doc, f, [&](const Setting& s, const XXFlag& x, const jvm::Status& st) {
        if (st.state != jvm::State::Unknown && st.state != jvm::State::Newer) {
            return;
        }
        if (st.state == jvm::State::Newer) {
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is not a {} flag (it arrived in JDK {}): the JVM refuses to start",
                                               x.name, jdk_name(f), st.first_declared));
            fd.key = s.key;
            ignored_instead(fd, f);
            note_catalog(fd, f.choice);
            return;
        }
        const auto hint = suggest(x.name, jvm::names(f.v));
        Finding& fd = out.emit(info, s.key_range,
                               hint ? fmt::format("Unrecognized VM option `{}`: did you mean `{}`? {} refuses to start",
                                                  x.name, hint->key, jdk_name(f))
                                    : fmt::format("Unrecognized VM option `{}`: {} refuses to start", x.name,
                                                  jdk_name(f)));
        fd.key = s.key;
        ignored_instead(fd, f);
        note_catalog(fd, f.choice);
        if (hint) {
            fd.recommended = "-XX:" + hint->key;
            if (ctx.details) {
                fd.details = {{"suggestion", hint->key}};
            }
            if (auto edit = rename_key(doc, s, "-XX:" + hint->key)) {
                fd.fix = Fix{Applicability::Unsafe, fmt::format("Rename to `{}`", hint->key), {*edit}};
            }
        }
    });
}

void check_expired(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    for_each_xx(doc, f, [&](const Setting& s, const XXFlag& x, const jvm::Status& st) {
        if (st.state != jvm::State::Expired) {
            return;
        }
        std::string when;
        if (st.since != 0 && st.last_declared != 0) {
            when = fmt::format(" in JDK {} (JDK {} still had it)", st.since, st.last_declared);
        } else if (st.since != 0) {
            when = fmt::format(" in JDK {}", st.since);
        } else if (st.last_declared != 0) {
            when = fmt::format(" after JDK {}", st.last_declared);
        }
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("`{}` was removed{}: {} refuses to start with it", x.name, when, jdk_name(f)));
        fd.key = s.key;
        if (ctx.details) {
            fd.details = {{"expired_in", st.since}, {"last_declared", st.last_declared}};
        }
        ignored_instead(fd, f);
        note_catalog(fd, f.choice);
        if (auto edit = delete_setting(doc, s)) {
            fd.fix = Fix{f.ignore_unrecognized ? Applicability::Safe : Applicability::Unsafe,
                         fmt::format("Remove `{}`", x.name), {*edit}};
        }
    });
}

void check_obsolete(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    for_each_xx(doc, f, [&](const Setting& s, const XXFlag& x, const jvm::Status& st) {
        if (st.state != jvm::State::Obsolete && st.state != jvm::State::ObsoleteProcessed) {
            return;
        }
        const bool processed = st.state == jvm::State::ObsoleteProcessed;
        Finding& fd = out.emit(
            info, s.key_range,
            processed ? fmt::format("`{}` is obsolete since JDK {}: {} still honours it but warns that support is "
                                    "scheduled for removal",
                                    x.name, st.since, jdk_name(f))
                      : fmt::format("`{}` is obsolete since JDK {}: {} ignores it with a warning", x.name, st.since,
                                    jdk_name(f)));
        fd.key = s.key;
        if (ctx.details) {
            fd.details = {{"obsolete_in", st.since}};
        }
        note_catalog(fd, f.choice);
        if (auto edit = delete_setting(doc, s)) {
            fd.fix = Fix{processed ? Applicability::Unsafe : Applicability::Safe,
                         fmt::format("Remove `{}`", x.name), {*edit}};
        }
    });
}

/// HotSpot maps these to unified logging with a warning (JDK 9+), though the flags stay declared.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> k_gc_logging{{
    {"PrintGC", "-Xlog:gc"},
    {"PrintGCDetails", "-Xlog:gc*"},
}};

void check_deprecated(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    for_each_xx(doc, f, [&](const Setting& s, const XXFlag& x, const jvm::Status& st) {
        const ByteRange option{s.key_range.begin, std::max(s.key_range.end, s.value_range.end)};
        if (st.state == jvm::State::Deprecated) {
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is deprecated since JDK {}: {} warns, and a later JDK refuses it",
                                               x.name, st.since, jdk_name(f)));
            fd.key = s.key;
            if (ctx.details) {
                fd.details = {{"deprecated_in", st.since}};
            }
            note_catalog(fd, f.choice);
            return;
        }
        if (st.state == jvm::State::Alias) {
            const std::string target = st.alias_is_logging ? std::string(st.alias_target)
                                                           : "-XX:" + std::string(st.alias_target);
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is an old name: {} translates it to `{}`{}", x.name, jdk_name(f),
                                               target, st.since != 0 ? " with a deprecation warning" : ""));
            fd.key = s.key;
            fd.recommended = target;
            note_catalog(fd, f.choice);
            if (!st.alias_is_logging) {
                if (auto edit = rename_key(doc, s, target)) {
                    fd.fix = Fix{Applicability::Safe, fmt::format("Rename to `{}`", st.alias_target), {*edit}};
                }
            } else if (x.sign && s.value == "true" && written_as_options(doc)) {
                fd.fix = Fix{Applicability::Safe, fmt::format("Write `{}`", target), {Edit{option, target}}};
            }
            return;
        }
        if (st.state != jvm::State::Ok || f.release < 9 || !x.sign || s.value != "true") {
            return;
        }
        for (const auto& [name, xlog] : k_gc_logging) {
            if (x.name == name) {
                Finding& fd = out.emit(info, s.key_range,
                                       fmt::format("`{}` is deprecated: {} warns and uses `{}` instead", x.name,
                                                   jdk_name(f), xlog));
                fd.key = s.key;
                fd.recommended = std::string(xlog);
                note_catalog(fd, f.choice);
                if (written_as_options(doc)) {
                    fd.fix = Fix{Applicability::Safe, fmt::format("Write `{}`", xlog), {Edit{option, std::string(xlog)}}};
                }
            }
        }
    });
}

void check_locked(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    bool diagnostic = false;
    bool experimental = false;
    if (!written_as_options(doc)) {
        // Strimzi puts the unlock options first whatever the order of its `-XX` map.
        const Setting* d = doc.find("-XX:UnlockDiagnosticVMOptions");
        const Setting* e = doc.find("-XX:UnlockExperimentalVMOptions");
        diagnostic = d != nullptr && d->value == "true";
        experimental = e != nullptr && e->value == "true";
    }
    for (const Setting& s : doc.settings) {
        if (!reaches_product(s)) {
            continue;
        }
        const auto x = xx_flag(doc, s);
        if (!x) {
            continue;
        }
        // HotSpot reads the options in order: an unlock only counts for the flags after it.
        if (x->name == "UnlockDiagnosticVMOptions" || x->name == "UnlockExperimentalVMOptions") {
            if (written_as_options(doc)) {
                (x->name == "UnlockDiagnosticVMOptions" ? diagnostic : experimental) = s.value == "true";
            }
            continue;
        }
        const jvm::Status st = jvm::status(x->name, f.v);
        if (st.flag == nullptr || st.refused()) {
            continue;
        }
        const std::string_view unlock = st.flag->unlock_option();
        if (unlock.empty() || (unlock == "UnlockDiagnosticVMOptions" ? diagnostic : experimental)) {
            continue;
        }
        const std::string_view what = unlock == "UnlockDiagnosticVMOptions" ? "diagnostic" : "experimental";
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("`{}` is {} in {}: it needs `-XX:+{}` on an earlier line, or the JVM "
                                           "refuses to start",
                                           x->name, what, jdk_name(f), unlock));
        fd.key = s.key;
        fd.recommended = fmt::format("-XX:+{}", unlock);
        note_catalog(fd, f.choice);
        if (doc.syntax == Syntax::JvmOptions) {
            const ByteRange line = line_with_terminator(doc, s.line_range);
            const std::string nl = doc.text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
            fd.fix = Fix{Applicability::Unsafe, fmt::format("Add `-XX:+{}` before it", unlock),
                         {Edit{{line.begin, line.begin}, fmt::format("{}-XX:+{}{}", s.condition, unlock, nl)}}};
        }
        // One unlock line serves every later flag.
        (unlock == "UnlockDiagnosticVMOptions" ? diagnostic : experimental) = true;
    }
}

void check_debug_only(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    for_each_xx(doc, f, [&](const Setting& s, const XXFlag& x, const jvm::Status& st) {
        if (st.state != jvm::State::DebugOnly) {
            return;
        }
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("`{}` is a {} flag: only debug builds accept it, and a product {} refuses "
                                           "to start",
                                           x.name, st.flag != nullptr ? st.flag->kind_name : "develop", jdk_name(f)));
        fd.key = s.key;
        ignored_instead(fd, f);
        note_catalog(fd, f.choice);
        if (auto edit = delete_setting(doc, s)) {
            fd.fix = Fix{f.ignore_unrecognized ? Applicability::Safe : Applicability::Unsafe,
                         fmt::format("Remove `{}`", x.name), {*edit}};
        }
    });
}

void check_syntax(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    if (!written_as_options(doc)) {
        return;  // Strimzi writes each -XX entry in the right form itself
    }
    const JvmFile f = jvm_file(doc, ctx);
    for_each_xx(doc, f, [&](const Setting& s, const XXFlag& x, const jvm::Status& st) {
        if (st.flag == nullptr || st.refused() || st.flag->type == jvm::Type::Unknown) {
            return;
        }
        const jvm::Type t = st.flag->type;
        const std::string_view written = option_text(doc, s);
        std::string message;
        std::optional<std::string> rewrite;
        if (t == jvm::Type::Bool) {
            if (x.sign && !x.has_equals) {
                return;
            }
            if (x.sign) {
                message = fmt::format("`{}` is a boolean flag: the +/- form takes no value", x.name);
            } else {
                message = fmt::format("`{}` is a boolean flag: write `-XX:+{}` or `-XX:-{}` (HotSpot: \"Missing "
                                      "+/- setting\")",
                                      x.name, x.name, x.name);
                const std::string v = to_lower(trim(x.value));
                if (v == "true" || v == "1") {
                    rewrite = fmt::format("-XX:+{}", x.name);
                } else if (v == "false" || v == "0") {
                    rewrite = fmt::format("-XX:-{}", x.name);
                }
            }
        } else if (x.sign) {
            message = fmt::format("`{}` takes a value, not +/-: write `-XX:{}=...` (HotSpot: \"Unexpected +/- "
                                  "setting\")",
                                  x.name, x.name);
        } else if (!x.has_equals) {
            message = fmt::format("`{}` takes a value: write `-XX:{}=...`", x.name, x.name);
        } else if (is_integer(t) && !hotspot_integer(trim(x.value), is_signed(t), f.release)) {
            message = fmt::format("`{}` takes {}, not `{}`", x.name, type_words(t), excerpt(x.value));
        } else if (t == jvm::Type::Double && hotspot_double(trim(x.value), f.release) == false) {
            message = fmt::format("`{}` takes {}{}, not `{}`", x.name, type_words(t),
                                  f.release < 9 ? " with a decimal point on JDK 8" : "", excerpt(x.value));
        } else {
            return;
        }
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("{}; {} refuses to start with `{}`", message, jdk_name(f), excerpt(written)));
        fd.key = s.key;
        fd.current = std::string(written);
        if (ctx.details) {
            fd.details = {{"type", st.flag->type_name}};
        }
        note_catalog(fd, f.choice);
        if (rewrite) {
            fd.recommended = *rewrite;
            const ByteRange option{s.key_range.begin, std::max(s.key_range.end, s.value_range.end)};
            fd.fix = Fix{Applicability::Unsafe, fmt::format("Write `{}`", *rewrite), {Edit{option, *rewrite}}};
        }
    });
}

std::string_view x_size_name(std::string_view key)
{
    if (key == "-Xmx") {
        return "maximum heap size";
    }
    if (key == "-Xms") {
        return "initial heap size";
    }
    if (key == "-Xmn") {
        return "young generation size";
    }
    return "thread stack size";
}

void check_sizes(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    for (const Setting& s : doc.settings) {
        if (!reaches_product(s) || (s.key != "-Xms" && s.key != "-Xmx" && s.key != "-Xmn" && s.key != "-Xss")) {
            continue;
        }
        std::string message;
        std::optional<std::string> rewrite;
        if (!x_size(s.value)) {
            message = fmt::format("Invalid {}: `{}{}` (a size is a whole number with an optional k, m, g or t, "
                                  "such as `4g` or `512m`); {} refuses to start",
                                  x_size_name(s.key), s.key, excerpt(s.value), jdk_name(f));
            rewrite = x_size_rewrite(s.value);
        } else if (const auto bytes = x_size_bytes(s.value)) {
            if (s.key == "-Xss" && f.release >= 17 && *bytes < 136 * 1024) {
                message = fmt::format("`{}{}` is below the 136k thread stack minimum of {} on linux-x64: the JVM "
                                      "refuses to start",
                                      s.key, s.value, jdk_name(f));
            } else if (s.key == "-Xmx" && *bytes < 2 * 1024 * 1024) {
                message = fmt::format("`{}{}` is {} bytes, too small a maximum heap: the JVM refuses to start (a "
                                      "size without a unit is in bytes)",
                                      s.key, s.value, static_cast<long long>(*bytes));
            }
        }
        if (message.empty()) {
            continue;
        }
        Finding& fd = out.emit(info, value_or_key(s), std::move(message));
        fd.key = s.key;
        fd.current = s.value;
        note_catalog(fd, f.choice);
        if (rewrite) {
            fd.recommended = *rewrite;
            if (auto edit = replace_value(doc, s, *rewrite)) {
                fd.fix = Fix{Applicability::Unsafe, fmt::format("Write `{}{}`", s.key, *rewrite), {*edit}};
            }
        }
    }
}

void check_heap_order(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    const Setting* initial = nullptr;
    const Setting* max = nullptr;
    for (const Setting& s : doc.settings) {
        if (!reaches_product(s)) {
            continue;
        }
        // -Xms and -XX:InitialHeapSize set the same flag, as do -Xmx and -XX:MaxHeapSize: the later wins.
        if (s.key == "-Xms" || s.key == "-XX:InitialHeapSize") {
            initial = &s;
        } else if (s.key == "-Xmx" || s.key == "-XX:MaxHeapSize") {
            max = &s;
        }
    }
    if (initial == nullptr || max == nullptr) {
        return;
    }
    const auto lo = x_size_bytes(initial->value);
    const auto hi = x_size_bytes(max->value);
    if (!lo || !hi || *lo <= *hi || *hi == 0) {
        return;
    }
    const Position at = doc.position(max->key_range.begin);
    Finding& fd = out.emit(info, value_or_key(*initial),
                           fmt::format("The initial heap `{}` is larger than the maximum heap `{}` (line {}): the JVM "
                                       "refuses to start",
                                       excerpt(option_text(doc, *initial)), excerpt(option_text(doc, *max)), at.line));
    fd.key = initial->key;
    fd.current = initial->value;
    fd.recommended = max->value;
    note_catalog(fd, f.choice);
    if (initial->key == "-Xms" && max->key == "-Xmx") {
        if (auto edit = replace_value(doc, *initial, max->value)) {
            fd.fix = Fix{Applicability::Unsafe, fmt::format("Set `-Xms` to `{}`", max->value), {*edit}};
        }
    }
}

void check_collectors(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const JvmFile f = jvm_file(doc, ctx);
    // Flags that select a collector, and the collector they select (ParNew pairs with CMS in JDK 8,
    // ParallelOld with Parallel).
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> k_collectors{{
        {"UseSerialGC", "Serial"},
        {"UseParallelGC", "Parallel"},
        {"UseParallelOldGC", "Parallel"},
        {"UseG1GC", "G1"},
        {"UseConcMarkSweepGC", "CMS"},
        {"UseParNewGC", "CMS"},
        {"UseZGC", "Z"},
        {"UseShenandoahGC", "Shenandoah"},
        {"UseEpsilonGC", "Epsilon"},
    }};
    // The last occurrence of each collector flag decides it.
    std::vector<std::pair<const Setting*, std::string_view>> chosen;
    for (const auto& [flag, gc] : k_collectors) {
        const Setting* last = nullptr;
        for (const Setting& s : doc.settings) {
            if (reaches_product(s) && s.key == fmt::format("-XX:{}", flag)) {
                last = &s;
            }
        }
        if (last == nullptr || last->value != "true" || jvm::status(flag, f.v).refused()) {
            continue;
        }
        chosen.emplace_back(last, gc);
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const auto& a, const auto& b) { return a.first->key_range.begin < b.first->key_range.begin; });
    for (std::size_t i = 1; i < chosen.size(); ++i) {
        if (chosen[i].second == chosen[0].second) {
            continue;
        }
        const Position at = doc.position(chosen[0].first->key_range.begin);
        Finding& fd = out.emit(info, chosen[i].first->key_range,
                               fmt::format("`{}` selects a second garbage collector after `{}` (line {}): the JVM "
                                           "refuses to start (\"Multiple garbage collectors selected\")",
                                           option_text(doc, *chosen[i].first), option_text(doc, *chosen[0].first),
                                           at.line));
        fd.key = chosen[i].first->key;
        note_catalog(fd, f.choice);
    }
}

const std::vector<FileKind> k_jvm{FileKind::Jvm};

}  // namespace

void register_jvm_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    out.push_back(make_rule(
        RuleInfo{"J001",
                 "jvm-unknown-flag",
                 k_jvm,
                 Severity::Error,
                 "A -XX flag the target JDK does not know: the JVM refuses to start",
                 FixAvailability::Sometimes,
                 {"Finds -XX flags that no catalog JDK declares (a misspelling: `UseG1GCC`, with a did-you-mean "
                  "over the flags the target JDK accepts) or that only a newer JDK declares. Lines whose version "
                  "range excludes the target JDK are not judged: the JVM never sees them.",
                  "HotSpot prints \"Unrecognized VM option\" and exits: the node does not start. With "
                  "`-XX:+IgnoreUnrecognizedVMOptions` anywhere on the command line the flag is ignored instead, "
                  "and the finding is a warning.",
                  "HotSpot's flag declarations of JDK 8, 11, 17 (headers) and 21, 25 (product VMs), "
                  "rules/catalog/jvm-flags.tsv; checked with `java <flag> -version` on JDK 17 and 25",
                  "-XX:+UseG1GCC\n",
                  "-XX:+UseG1GC\n",
                  "Renames the flag to the suggestion, keeping its +/- sign or value. Unsafe: the JVM starts and "
                  "the flag takes effect, and the suggestion is a guess from spelling alone."}},
        check_unknown));
    out.push_back(make_rule(
        RuleInfo{"J002",
                 "jvm-expired-flag",
                 k_jvm,
                 Severity::Error,
                 "A -XX flag was removed from the target JDK: the JVM refuses to start",
                 FixAvailability::Always,
                 {"Finds -XX flags an older JDK had and the target JDK no longer accepts: expired in HotSpot's "
                  "deprecation table or simply gone (`UseCGroupMemoryLimitForHeap` after 8, `UseConcMarkSweepGC` "
                  "after 13, `UseBiasedLocking` from 19, `MaxPermSize` from 17).",
                  "An expired flag is an unrecognized option: HotSpot refuses to start. Configs copied from JDK 8 "
                  "guides break this way on the first upgrade. With `-XX:+IgnoreUnrecognizedVMOptions` the flag is "
                  "ignored instead (a warning).",
                  "HotSpot's special-flag tables (arguments.cpp) of JDK 8 to 25 and the flag declarations, "
                  "rules/catalog/jvm-lifecycle.tsv and jvm-flags.tsv; checked with `java <flag> -version`",
                  "-XX:+UseCGroupMemoryLimitForHeap\n",
                  "-XX:+UseContainerSupport\n",
                  "Deletes the line. Unsafe: the JVM starts again, without whatever the flag used to do (look for "
                  "its successor: container support is on by default from JDK 10, for instance); safe when "
                  "IgnoreUnrecognizedVMOptions already makes the JVM ignore it."}},
        check_expired));
    out.push_back(make_rule(
        RuleInfo{"J003",
                 "jvm-obsolete-flag",
                 k_jvm,
                 Severity::Warning,
                 "A -XX flag is obsolete in the target JDK: ignored with a warning",
                 FixAvailability::Always,
                 {"Finds -XX flags that HotSpot's table marks obsolete for the target JDK (`ZGenerational` on JDK "
                  "24+): the JVM accepts the option, prints \"Ignoring option …; support was removed in N\" and "
                  "starts without it. From JDK 21 a flag that is obsolete but still declared is \"temporarily "
                  "processed\": honoured, with a warning.",
                  "The flag does nothing (or will soon stop doing anything) while the file suggests it tunes the "
                  "JVM, and the next JDK refuses it as unrecognized.",
                  "HotSpot's special-flag tables (rules/catalog/jvm-lifecycle.tsv); checked with `java <flag> "
                  "-version` on JDK 25",
                  "-XX:+ZGenerational\n",
                  "-XX:+UseZGC\n",
                  "Deletes the line. Safe when the JVM ignores the flag (nothing changes); unsafe when it still "
                  "honours it (JDK 21+ \"temporarily processing\")."}},
        check_obsolete));
    out.push_back(make_rule(
        RuleInfo{"J004",
                 "jvm-deprecated-flag",
                 k_jvm,
                 Severity::Warning,
                 "A -XX flag is deprecated or an old alias in the target JDK",
                 FixAvailability::Sometimes,
                 {"Finds -XX flags the target JDK deprecates (`UseBiasedLocking` on 15-18, `UseConcMarkSweepGC` on "
                  "9-13), old names it translates to new ones (flag aliases, and on JDK 9-11 the `Trace*` flags it "
                  "maps to unified logging), and `-XX:+PrintGC`/`-XX:+PrintGCDetails`, which JDK 9+ accepts with a "
                  "warning and turns into `-Xlog:gc`/`-Xlog:gc*`.",
                  "The JVM still starts but prints a warning at every start, and a later JDK refuses the flag.",
                  "HotSpot's special-flag and alias tables (rules/catalog/jvm-lifecycle.tsv, jvm-aliases.tsv); "
                  "JDK 17 and 25 checked with `java <flag> -version`",
                  "-XX:+PrintGCDetails\n",
                  "-Xlog:gc*\n",
                  "Rewrites an alias to its target, and `-XX:+PrintGC`/`-XX:+PrintGCDetails` to the `-Xlog` option "
                  "the JVM uses in their place. Safe: it is exactly what the JVM does with the old spelling. A "
                  "plain deprecation has no fix: what replaces the flag is a design choice."}},
        check_deprecated));
    out.push_back(make_rule(
        RuleInfo{"J005",
                 "jvm-locked-flag",
                 k_jvm,
                 Severity::Error,
                 "A diagnostic or experimental -XX flag comes without its unlock flag before it",
                 FixAvailability::Always,
                 {"Finds diagnostic flags not preceded by `-XX:+UnlockDiagnosticVMOptions` and experimental flags "
                  "not preceded by `-XX:+UnlockExperimentalVMOptions` (the unlock in effect at that point of the "
                  "file counts, as HotSpot reads options in order). Which flags are locked depends on the JDK: "
                  "`UseZGC` is experimental on 11 and a product flag from 15.",
                  "HotSpot refuses to start: \"VM option '…' is experimental and must be enabled via "
                  "-XX:+UnlockExperimentalVMOptions\", and on 17+ \"The unlock option must precede '…'\". "
                  "IgnoreUnrecognizedVMOptions does not help here.",
                  "HotSpot flag kinds per JDK (rules/catalog/jvm-flags.tsv); checked with `java <flags> -version` "
                  "on JDK 17 (unlock after the flag, unlock then re-lock, no unlock)",
                  "-XX:+UseEpsilonGC\n",
                  "-XX:+UnlockExperimentalVMOptions\n-XX:+UseEpsilonGC\n",
                  "Inserts the unlock flag on the line before, with the same version range. Unsafe: the JVM starts "
                  "with a flag its vendor does not support for production."}},
        check_locked));
    out.push_back(make_rule(
        RuleInfo{"J006",
                 "jvm-debug-only-flag",
                 k_jvm,
                 Severity::Error,
                 "A develop or notproduct -XX flag: product JVMs refuse it",
                 FixAvailability::Always,
                 {"Finds -XX flags HotSpot declares as `develop` or `notproduct`: settable only in debug builds.",
                  "A product JVM stops with \"VM option '…' is develop and is available only in debug version of "
                  "VM\". With IgnoreUnrecognizedVMOptions a product JVM ignores it instead (a warning).",
                  "HotSpot flag kinds per JDK (rules/catalog/jvm-flags.tsv); checked with `java -XX:+VerifyOops "
                  "-version` on JDK 17 and 25",
                  "-XX:+VerifyOops\n",
                  "-XX:+UseG1GC\n",
                  "Deletes the line. Unsafe: the JVM starts again (safe with IgnoreUnrecognizedVMOptions, which "
                  "already ignores it)."}},
        check_debug_only));
    out.push_back(make_rule(
        RuleInfo{"J007",
                 "jvm-flag-value-syntax",
                 k_jvm,
                 Severity::Error,
                 "A -XX flag is written in a form its type does not take: the JVM refuses to start",
                 FixAvailability::Sometimes,
                 {"Checks each -XX flag's form against its type in the target JDK: a boolean takes `-XX:+Name` or "
                  "`-XX:-Name` (`-XX:UseG1GC=true` and `-XX:UseG1GC` fail), other flags take `-XX:Name=value` "
                  "(`-XX:+MaxGCPauseMillis` fails); integers are decimal or 0x hex with one optional k/m/g/t, "
                  "negative only for signed types; doubles are decimal (`75`, `75.0`; not `75%`; an exponent "
                  "such as `1e1` only from JDK 25; JDK 8 needs the decimal point).",
                  "HotSpot stops with \"Missing +/- setting\", \"Unexpected +/- setting\" or \"Improperly specified "
                  "VM option\".",
                  "HotSpot Arguments::parse_argument; flag types per JDK from rules/catalog/jvm-flags.tsv; every "
                  "case checked with `java <flag> -version` on JDK 17",
                  "-XX:UseG1GC=true\n",
                  "-XX:+UseG1GC\n",
                  "A boolean written `=true`/`=1` or `=false`/`=0` becomes `-XX:+Name` or `-XX:-Name`. Unsafe: the "
                  "JVM starts afterwards. Other forms get no fix."}},
        check_syntax));
    out.push_back(make_rule(
        RuleInfo{"J008",
                 "jvm-invalid-size",
                 k_jvm,
                 Severity::Error,
                 "A heap or stack size option the JVM cannot read or refuses",
                 FixAvailability::Sometimes,
                 {"Checks `-Xms`, `-Xmx`, `-Xmn` and `-Xss`: a whole number with one optional k, m, g or t in either "
                  "case (`-Xmx4gb`, `-Xmx1.5g` and `-Xss1x` are invalid), and the limits the JVM enforces: `-Xss` "
                  "below 136k on JDK 17+ (linux-x64) and `-Xmx` below 2 MB (usually a size written without its "
                  "unit, which counts bytes).",
                  "The JVM stops with \"Invalid maximum heap size\", \"Invalid thread stack size\", \"Too small "
                  "maximum heap\" or \"The Java thread stack size specified is too small\".",
                  "HotSpot Arguments::parse_each_vm_init_arg; checked with `java -Xmx4gb -version`, `-Xss1x`, "
                  "`-Xss135k`, `-Xmx1024`, `-Xmx1m` on JDK 17",
                  "-Xmx4gb\n",
                  "-Xmx4g\n",
                  "Rewrites a size with a two-letter unit or a fraction in HotSpot's spelling (`4gb` → `4g`, "
                  "`1.5g` → `1536m`). Unsafe: the JVM starts afterwards."}},
        check_sizes));
    out.push_back(make_rule(
        RuleInfo{"J009",
                 "jvm-heap-min-above-max",
                 k_jvm,
                 Severity::Error,
                 "The initial heap is larger than the maximum heap",
                 FixAvailability::Sometimes,
                 {"Compares the effective initial heap (`-Xms` or `-XX:InitialHeapSize`, the later of the two) with "
                  "the effective maximum (`-Xmx` or `-XX:MaxHeapSize`).",
                  "The JVM stops with \"Initial heap size set to a larger value than the maximum heap size\".",
                  "HotSpot GC argument checks; checked with `java -Xms2g -Xmx1g -version` on JDK 17",
                  "-Xms8g\n-Xmx4g\n",
                  "-Xms4g\n-Xmx4g\n",
                  "Sets `-Xms` to the `-Xmx` value (Elasticsearch requires them equal anyway). Unsafe: the heap "
                  "the author meant may be the larger one."}},
        check_heap_order));
    out.push_back(make_rule(
        RuleInfo{"J010",
                 "jvm-multiple-collectors",
                 k_jvm,
                 Severity::Error,
                 "Two garbage collectors are selected",
                 FixAvailability::None,
                 {"Finds more than one collector selected by the flags in effect (`-XX:+UseG1GC` and "
                  "`-XX:+UseParallelGC`, …); a flag turned off again later, or on a line for another JDK, does not "
                  "count. ParNew with CMS and ParallelOld with Parallel are one collector.",
                  "The JVM stops with \"Multiple garbage collectors selected\".",
                  "HotSpot GCConfig::select_gc; checked with `java -XX:+UseG1GC -XX:+UseParallelGC -version` on "
                  "JDK 17",
                  "-XX:+UseG1GC\n-XX:+UseParallelGC\n",
                  "-XX:+UseG1GC\n",
                  ""}},
        check_collectors));
}

}  // namespace streamlint::catalog_rules
