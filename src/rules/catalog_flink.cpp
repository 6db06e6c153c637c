// F rules: Flink's flink-conf.yaml and config.yaml checked against the Flink catalogs (options of
// 1.20 and 2.0, their types and enum constants, deprecated aliases and removals).
#include "catalog_common.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

namespace streamlint::catalog_rules {

namespace {

using catalog::FlinkVersion;
namespace flink = catalog::flink;

struct FlinkFile {
    catalog::VersionChoice<FlinkVersion> choice;
    FlinkVersion v = FlinkVersion::V2_0;
    FlinkVersion other = FlinkVersion::V1_20;
};

FlinkFile flink_file(const RuleContext& ctx)
{
    FlinkFile f;
    f.choice = catalog::select_flink(ctx.targets.flink);
    f.v = f.choice.version;
    f.other = f.v == FlinkVersion::V2_0 ? FlinkVersion::V1_20 : FlinkVersion::V2_0;
    return f;
}

std::string version_name(FlinkVersion v)
{
    return fmt::format("Flink {}", catalog::to_string(v));
}

enum class Class : std::uint8_t { Known, Deprecated, Removed, Older, Newer, Unknown };

struct KeyInfo {
    Class cls = Class::Unknown;
    const flink::Entry* entry = nullptr;
    const flink::Lifecycle* life = nullptr;  // Deprecated / Removed
};

KeyInfo classify(const FlinkFile& f, std::string_view key)
{
    KeyInfo k;
    k.entry = flink::find(key, f.v);
    const flink::Lifecycle* dep = flink::deprecation(key);
    if (dep != nullptr && dep->subject == flink::Subject::Key) {
        switch (dep->in(f.v)) {
        case flink::Status::Deprecated:
            k.cls = Class::Deprecated;
            k.life = dep;
            return k;
        case flink::Status::Removed:
            k.cls = Class::Removed;
            k.life = dep;
            return k;
        default: break;
        }
    }
    if (k.entry != nullptr || flink::family(key) != nullptr) {
        k.cls = Class::Known;
        return k;
    }
    // A fallback key (read when its new key is unset) is a key Flink reads.
    for (const flink::Lifecycle* l : flink::lifecycle(key)) {
        if (l->kind == flink::Change::Fallback && l->subject == flink::Subject::Key && l->accepted(f.v)) {
            k.cls = Class::Known;
            return k;
        }
    }
    if (flink::find(key, f.other) != nullptr) {
        k.cls = f.other == FlinkVersion::V1_20 ? Class::Older : Class::Newer;
        return k;
    }
    return k;
}

/// Every setting's class, worked out once per document check and shared by the F rules (as the K
/// rules share theirs): four rules used to classify every key each.
const std::vector<KeyInfo>& verdicts(const Document& doc, const FlinkFile& f)
{
    struct Memo {
        std::uint64_t check = 0;  // current_document_check() when made; 0: made outside a check
        const Document* doc = nullptr;
        FlinkVersion v = FlinkVersion::V2_0;
        std::vector<KeyInfo> infos;
    };
    thread_local Memo memo;
    const std::uint64_t check = current_document_check();
    if (check == 0 || memo.check != check || memo.doc != &doc || memo.v != f.v) {
        memo.check = check;
        memo.doc = &doc;
        memo.v = f.v;
        memo.infos.clear();
        memo.infos.reserve(doc.settings.size());
        for (const Setting& s : doc.settings) {
            memo.infos.push_back(classify(f, s.key));
        }
    }
    return memo.infos;
}

// --- values --------------------------------------------------------------------------------------

/// Why Flink's ConfigurationUtils would reject the text for the option, or nullopt.
std::optional<std::string> value_problem(const flink::Entry& e, const Setting& s)
{
    const auto enum_ok = [&](std::string_view item) {
        return std::any_of(e.enum_values.begin(), e.enum_values.end(),
                           [&](std::string_view allowed) { return iequals(allowed, trim(item)); });
    };
    std::vector<std::string_view> names(e.enum_values.begin(), e.enum_values.end());
    if (s.shape == ValueShape::Null || s.shape == ValueShape::Map) {
        return std::nullopt;
    }
    if (s.shape == ValueShape::List) {
        if (e.type != flink::Type::List || e.element_type != "Enum") {
            return std::nullopt;
        }
        for (const std::string& item : s.items) {
            if (!enum_ok(item)) {
                return fmt::format("`{}` is not one of {}", item, quoted_list(names));
            }
        }
        return std::nullopt;
    }
    const std::string_view v = s.value;
    switch (e.type) {
    case flink::Type::Boolean:
        if (!iequals(trim(v), "true") && !iequals(trim(v), "false")) {
            return std::string("it takes `true` or `false`");
        }
        return std::nullopt;
    case flink::Type::Integer:
        if (!parse_value(ValueType::Int, Dialect::Flink, v)) {
            return std::string("it takes a whole number (Integer)");
        }
        return std::nullopt;
    case flink::Type::Long:
        if (!parse_value(ValueType::Long, Dialect::Flink, v)) {
            return std::string("it takes a whole number (Long)");
        }
        return std::nullopt;
    case flink::Type::Float:
    case flink::Type::Double:
        if (!java_double(v)) {
            return std::string("it takes a number");
        }
        return std::nullopt;
    case flink::Type::MemorySize:
        if (!parse_value(ValueType::Size, Dialect::Flink, v)) {
            return std::string("it takes a memory size such as `512 mb`, `1g` or `1024m`");
        }
        return std::nullopt;
    case flink::Type::Duration:
        if (!parse_value(ValueType::Duration, Dialect::Flink, v)) {
            return std::string("it takes a duration such as `10 s`, `500 ms` or `5 min`");
        }
        return std::nullopt;
    case flink::Type::Enum:
        if (!e.enum_values.empty() && !enum_ok(v)) {
            return fmt::format("it takes one of {} (any case)", quoted_list(names));
        }
        return std::nullopt;
    case flink::Type::List:
        if (e.element_type == "Enum" && !e.enum_values.empty()) {
            for (const std::string& item : split(v, ';')) {
                if (!enum_ok(item)) {
                    return fmt::format("`{}` is not one of {}", item, quoted_list(names));
                }
            }
        }
        return std::nullopt;
    case flink::Type::String:
    case flink::Type::Map:
        break;
    }
    return std::nullopt;
}

// --- the rules -----------------------------------------------------------------------------------

/// How many unknown keys a file lists one by one; the rest are counted in one finding.
constexpr std::size_t k_listed_unknown = 200;

void check_unknown(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out, bool misspelt)
{
    const FlinkFile f = flink_file(ctx);
    const std::vector<KeyInfo>& infos = verdicts(doc, f);
    std::size_t listed = 0;
    std::size_t more = 0;
    for (std::size_t i = 0; i < doc.settings.size(); ++i) {
        const Setting& s = doc.settings[i];
        const KeyInfo& k = infos[i];
        if (k.cls != Class::Unknown && k.cls != Class::Newer) {
            continue;
        }
        if (k.cls == Class::Newer) {
            if (!misspelt) {
                Finding& fd = out.emit(info, s.key_range,
                                       fmt::format("`{}` is not a {} option (only {} has it); Flink ignores it", s.key,
                                                   version_name(f.v), version_name(f.other)));
                fd.key = s.key;
                note_catalog(fd, f.choice);
            }
            continue;
        }
        const auto hint = suggest(s.key, flink::keys(f.v));
        if (misspelt != hint.has_value()) {
            continue;
        }
        if (!misspelt) {
            if (++listed > k_listed_unknown) {
                ++more;
                continue;
            }
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is not a {} option; Flink ignores it (a plugin or job may read it)",
                                               s.key, version_name(f.v)));
            fd.key = s.key;
            note_catalog(fd, f.choice);
            continue;
        }
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("Unknown option `{}`: did you mean `{}`? Flink ignores it, so `{}` stays unset",
                                           s.key, hint->key, hint->key));
        fd.key = s.key;
        fd.recommended = hint->key;
        if (ctx.details) {
            fd.details = {{"suggestion", hint->key}};
        }
        note_catalog(fd, f.choice);
        if (auto edit = rename_key(doc, s, hint->key)) {
            fd.fix = Fix{Applicability::Unsafe, fmt::format("Rename to `{}`", hint->key), {*edit}};
        }
    }
    if (more > 0) {
        Finding& fd = out.emit_file(info, fmt::format("{} more options Flink does not know are not listed (the first {} are): "
                                                      "this file may not be a Flink configuration",
                                                      more, k_listed_unknown));
        if (ctx.details) {
            fd.details = {{"not_listed", more}};
        }
    }
}

void check_values(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const FlinkFile f = flink_file(ctx);
    const std::vector<KeyInfo>& infos = verdicts(doc, f);
    for (std::size_t i = 0; i < doc.settings.size(); ++i) {
        const Setting& s = doc.settings[i];
        if (!s.active()) {
            continue;
        }
        const KeyInfo& k = infos[i];
        const flink::Entry* e = k.entry;
        if (e == nullptr && k.life != nullptr && !k.life->new_key.empty() && k.cls == Class::Deprecated) {
            e = flink::find(k.life->new_key, f.v);  // a deprecated alias is read as its new key
        }
        if (e == nullptr) {
            continue;
        }
        const auto problem = value_problem(*e, s);
        if (!problem) {
            continue;
        }
        Finding& fd = out.emit(info, value_or_key(s),
                               fmt::format("Flink cannot read `{}` as `{}`: {}", excerpt(s.value), s.key, *problem));
        fd.key = s.key;
        fd.current = s.value;
        if (ctx.details) {
            fd.details = {{"type", e->type_name}};
        }
        note_catalog(fd, f.choice);
        // An enum in another case than the constants is fine for Flink, so the only clear rewrite
        // left is none: the intent of a malformed duration or size is a guess.
    }
}

void check_deprecated(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const FlinkFile f = flink_file(ctx);
    const std::vector<KeyInfo>& infos = verdicts(doc, f);
    for (std::size_t i = 0; i < doc.settings.size(); ++i) {
        const Setting& s = doc.settings[i];
        const KeyInfo& k = infos[i];
        if (k.cls != Class::Deprecated) {
            continue;
        }
        const std::string_view repl = k.life->new_key;
        const bool removed_later = k.life->in(f.other) == flink::Status::Removed && f.other == FlinkVersion::V2_0;
        std::string message = fmt::format("`{}` is deprecated in {}", s.key, version_name(f.v));
        if (!repl.empty()) {
            message += fmt::format("; use `{}`", repl);
        }
        if (removed_later) {
            message += fmt::format(" ({} removes it)", version_name(f.other));
        }
        Finding& fd = out.emit(info, s.key_range, std::move(message));
        fd.key = s.key;
        note_catalog(fd, f.choice);
        if (repl.empty() || flink::find(repl, f.v) == nullptr) {
            continue;
        }
        fd.recommended = std::string(repl);
        if (const Setting* current = doc.find(repl)) {
            (void)current;
            // Flink reads the new key first: this alias has no effect.
            if (auto edit = delete_setting(doc, s)) {
                fd.fix = Fix{Applicability::Safe,
                             fmt::format("Remove `{}` (`{}` is set and takes precedence)", s.key, repl), {*edit}};
            }
        } else if (auto edit = rename_key(doc, s, repl)) {
            fd.fix = Fix{Applicability::Safe, fmt::format("Rename to `{}`", repl), {*edit}};
        }
    }
}

void check_removed(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const FlinkFile f = flink_file(ctx);
    const std::vector<KeyInfo>& infos = verdicts(doc, f);
    for (std::size_t i = 0; i < doc.settings.size(); ++i) {
        const Setting& s = doc.settings[i];
        const KeyInfo& k = infos[i];
        if (k.cls != Class::Removed && k.cls != Class::Older) {
            continue;
        }
        const std::string_view repl = k.life != nullptr ? k.life->new_key : std::string_view();
        std::string message =
            k.cls == Class::Removed
                ? fmt::format("`{}` was removed in {}; Flink ignores it", s.key, version_name(f.v))
                : fmt::format("`{}` is not a {} option any more ({} had it); Flink ignores it", s.key,
                              version_name(f.v), version_name(f.other));
        if (!repl.empty()) {
            message += fmt::format(": use `{}`", repl);
        }
        Finding& fd = out.emit(info, s.key_range, std::move(message));
        fd.key = s.key;
        if (k.life != nullptr) {
            if (ctx.details) {
                fd.details = {{"evidence", k.life->evidence}};
            }
        }
        note_catalog(fd, f.choice);
        if (!repl.empty() && doc.find(repl) == nullptr && flink::find(repl, f.v) != nullptr) {
            if (auto edit = rename_key(doc, s, repl)) {
                fd.recommended = std::string(repl);
                fd.fix = Fix{Applicability::Unsafe, fmt::format("Rename to `{}`", repl), {*edit}};
            }
        } else if (auto edit = delete_setting(doc, s)) {
            fd.fix = Fix{Applicability::Safe, fmt::format("Remove `{}` (it has no effect)", s.key), {*edit}};
        }
    }
}

void check_legacy_file(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const FlinkFile f = flink_file(ctx);
    if (doc.syntax != Syntax::FlinkLegacyYaml || doc.settings.empty()) {
        return;  // nothing is lost when the file sets nothing
    }
    for (const flink::Lifecycle* l : flink::lifecycle("flink-conf.yaml")) {
        if (l->subject == flink::Subject::File && l->in(f.v) == flink::Status::Removed) {
            Finding& fd = out.emit_file(
                info, fmt::format("{} does not read flink-conf.yaml: none of these settings take effect; move them "
                                  "to config.yaml",
                                  version_name(f.v)));
            if (ctx.details) {
                fd.details = {{"evidence", l->evidence}};
            }
            note_catalog(fd, f.choice);
            return;
        }
    }
}

const std::vector<FileKind> k_flink{FileKind::Flink};

}  // namespace

void register_flink_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    out.push_back(make_rule(
        RuleInfo{"F001",
                 "flink-misspelt-key",
                 k_flink,
                 Severity::Error,
                 "A Flink option is unknown and close to a real one: a likely misspelling",
                 FixAvailability::Always,
                 {"Finds an option the target Flink version does not know, through no key family (metrics and "
                  "trace reporters, external resources, `s3.*`, `fs.*`, `env.java.opts.*`, …), that is within a "
                  "few edits of an option it does know: `taskmanager.numberOfTaskSlot`, "
                  "`taskmanager.memory.proces.size`. Options the catalog knows as deprecated or removed are left to "
                  "F004 and F005.",
                  "Flink reads only the options it asks for and never complains about the others: a misspelt "
                  "option is silently ignored and the setting the author meant stays at its default.",
                  "Flink's generated option tables and ConfigOption declarations for 1.20 and 2.0 "
                  "(rules/catalog/flink.tsv)",
                  "taskmanager.numberOfTaskSlot: 4\n",
                  "taskmanager.numberOfTaskSlots: 4\n",
                  "Renames the option to the suggestion, keeping its value; in a nested config.yaml only the "
                  "innermost key changes. Unsafe: the setting starts to take effect, and the suggestion is a guess "
                  "from spelling alone."}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) { check_unknown(i, d, c, o, true); }));
    out.push_back(make_rule(
        RuleInfo{"F002",
                 "flink-unknown-key",
                 k_flink,
                 Severity::Warning,
                 "A Flink option is not known to the target version",
                 FixAvailability::None,
                 {"Finds an option the target Flink version does not document, through no key family, that is not "
                  "close to a known option (that is F001). Options only the other Flink version has are reported "
                  "here too.",
                  "Flink ignores options it does not ask for. The catalog holds the options Flink documents: "
                  "connector, format and filesystem plugin options and many `table.*` options are outside it, so "
                  "this is a warning.",
                  "Flink's generated option tables for 1.20 and 2.0 (rules/catalog/flink.tsv) and the key families "
                  "in rules/catalog/prefix-families.tsv",
                  "my.team.owner: data-platform\n",
                  "pipeline.name: data-platform\n",
                  ""}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) { check_unknown(i, d, c, o, false); }));
    out.push_back(make_rule(
        RuleInfo{"F003",
                 "flink-invalid-value",
                 k_flink,
                 Severity::Error,
                 "A Flink value cannot be read as its option's type",
                 FixAvailability::None,
                 {"Reads each value as Flink's ConfigurationUtils does for the option's type: MemorySize (`512 mb`, "
                  "`1g`), Duration (`10 s`, `10s`, `10 sec`, `500 ms`, a bare number is milliseconds), Boolean, "
                  "Integer, Long, Double, and Enum constants matched in any case (also each item of a list of "
                  "enums). Options of type String and Map are not judged.",
                  "Flink throws an IllegalArgumentException when the option is read: at start-up for cluster "
                  "options, or when the job is submitted. `10 parsecs`, `4 gigs`, `yes` and a misspelt enum "
                  "constant all stop it.",
                  "Flink's MemorySize.parse, TimeUtils.parseDuration and ConfigurationUtils converters; option "
                  "types and enum constants from rules/catalog/flink.tsv",
                  "execution.checkpointing.interval: 10 parsecs\n",
                  "execution.checkpointing.interval: 10 s\n",
                  ""}},
        check_values));
    out.push_back(make_rule(
        RuleInfo{"F004",
                 "flink-deprecated-key",
                 k_flink,
                 Severity::Warning,
                 "A Flink option is deprecated in the target version",
                 FixAvailability::Sometimes,
                 {"Finds options the target Flink version still accepts but deprecates: the aliases declared with "
                  "`withDeprecatedKeys` (`state.backend` → `state.backend.type`, `state.checkpoints.dir` → "
                  "`execution.checkpointing.dir`, `akka.*` → `pekko.*`) and options annotated `@Deprecated` "
                  "(`taskmanager.network.netty.num-arenas`, …). It says when the next version removes them.",
                  "A deprecated option works today and is gone, or silently ignored, after the next upgrade: Flink "
                  "2.0 removed most of the 1.x deprecations.",
                  "rules/catalog/flink-lifecycle.tsv, from the `withDeprecatedKeys` and `@Deprecated` declarations "
                  "of Flink 1.20 and 2.0 and the Flink 2.0 release notes",
                  "state.backend: rocksdb\n",
                  "state.backend.type: rocksdb\n",
                  "Renames a deprecated alias to its option, keeping the value; if the file already sets the new "
                  "option, deletes the alias instead. Safe: Flink reads an alias exactly as its option, and the "
                  "option takes precedence over the alias when both are set. Options deprecated without a "
                  "replacement get no fix."}},
        check_deprecated));
    out.push_back(make_rule(
        RuleInfo{"F005",
                 "flink-removed-key",
                 k_flink,
                 Severity::Warning,
                 "A Flink option was removed in the target version",
                 FixAvailability::Sometimes,
                 {"Finds options the target Flink version no longer has: the removals of Flink 2.0 (its release "
                  "notes' list and the options gone from the 2.0 sources: the legacy `taskmanager.heap.*` memory "
                  "keys, `taskmanager.network.memory.*`, `taskmanager.network.netty.*`, `jobmanager.web.*`, …), or "
                  "an option only the older catalog documents.",
                  "Flink does not validate option names: a removed option is simply not read any more, so whatever "
                  "it tuned silently falls back to the default. The service still starts, hence a warning (a "
                  "memory configuration that no longer adds up is reported by the memory rules).",
                  "rules/catalog/flink-lifecycle.tsv (Flink 2.0 release notes, removed-options list, and the 2.0 "
                  "sources)",
                  "taskmanager.network.memory.min: 256m\n",
                  "taskmanager.memory.network.min: 256m\n",
                  "With a replacement the file does not set yet, renames the option (unsafe: the replacement takes "
                  "effect where the old option was ignored). Otherwise deletes the line, which is safe: the target "
                  "version ignores it anyway."}},
        check_removed));
    out.push_back(make_rule(
        RuleInfo{"F006",
                 "flink-legacy-config-file",
                 k_flink,
                 Severity::Warning,
                 "Flink 2.0 does not read flink-conf.yaml",
                 FixAvailability::None,
                 {"Reports a legacy flink-conf.yaml that sets anything when the target is Flink 2.0 or later.",
                  "Flink 2.0 removed the legacy configuration file (FLINK-33677): it reads only config.yaml, a "
                  "standard YAML 1.2 file, and a cluster started with only flink-conf.yaml runs on defaults. Flink "
                  "1.19 and 1.20 read config.yaml when present, so the migration can happen before the upgrade "
                  "(`bin/migrate-config-file.sh`).",
                  "Flink 2.0 release notes; rules/catalog/flink-lifecycle.tsv (subject `file`)",
                  "taskmanager.numberOfTaskSlots: 4\n",
                  "# moved to config.yaml (taskmanager.numberOfTaskSlots: 4)\n",
                  ""}},
        check_legacy_file));
}

}  // namespace streamlint::catalog_rules
