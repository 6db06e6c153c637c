// E rules: Elasticsearch index settings (create-index bodies, templates, GET _settings responses)
// checked against the Elasticsearch catalog (index settings of 7.x, 8.x and 9.x).
#include "catalog_common.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

namespace streamlint::catalog_rules {

namespace {

using catalog::EsVersion;
namespace es = catalog::es;

struct EsFile {
    catalog::VersionChoice<EsVersion> choice;
    EsVersion v = EsVersion::V9;
};

EsFile es_file(const RuleContext& ctx)
{
    EsFile f;
    f.choice = catalog::select_elasticsearch(ctx.targets.elasticsearch);
    f.v = f.choice.version;
    return f;
}

std::string version_name(EsVersion v)
{
    return fmt::format("Elasticsearch {}.x", catalog::to_string(v));
}

enum class Class : std::uint8_t { Known, Deprecated, Removed, TooNew, Unknown };

struct KeyInfo {
    Class cls = Class::Unknown;
    const es::Entry* entry = nullptr;
    std::string since;  // TooNew: the first release that has it, when known
};

KeyInfo classify(const EsFile& f, std::string_view key)
{
    KeyInfo k;
    k.entry = es::lookup(key);
    if (k.entry == nullptr) {
        k.cls = es::family(key) != nullptr ? Class::Known : Class::Unknown;
        return k;
    }
    const auto index = static_cast<std::size_t>(f.v);
    switch (k.entry->status(f.v)) {
    case es::Status::Current:
        if (!k.entry->since.empty() && f.choice.understood &&
            catalog::compare_versions(f.choice.requested, k.entry->since) < 0) {
            k.cls = Class::TooNew;
            k.since = std::string(k.entry->since);
        } else {
            k.cls = Class::Known;
        }
        return k;
    case es::Status::Deprecated: k.cls = Class::Deprecated; return k;
    case es::Status::Removed: k.cls = Class::Removed; return k;
    case es::Status::Absent: break;
    }
    // Absent from this major: too new when a later major has it, else gone.
    k.cls = Class::Removed;
    for (std::size_t later = index + 1; later < k.entry->per_major.size(); ++later) {
        if (k.entry->per_major[later] != es::Status::Absent) {
            k.cls = Class::TooNew;
            k.since = k.entry->since.empty() ? fmt::format("{}.0", catalog::es_major(static_cast<EsVersion>(later)))
                                             : std::string(k.entry->since);
            break;
        }
    }
    return k;
}

bool enum_type(std::string_view type_name)
{
    return type_name == "enum" || type_name == "list<enum>";
}

/// Why Elasticsearch's Setting parser would reject the value, or nullopt.
std::optional<std::string> value_problem(const es::Entry& e, const Setting& s)
{
    if (s.shape == ValueShape::Null || s.shape == ValueShape::Map) {
        return std::nullopt;
    }
    std::string value = s.value;
    if (s.shape == ValueShape::List) {
        if (e.type_name.substr(0, 5) != "list<") {
            return std::nullopt;
        }
        value = fmt::format("{}", fmt::join(s.items, ","));
    }
    const std::string_view t = e.type_name;
    std::optional<Parsed> parsed = Parsed{};
    std::string words;
    if (t == "int") {
        parsed = parse_value(ValueType::Int, Dialect::Elasticsearch, value);
        words = "a whole number";
    } else if (t == "long") {
        parsed = parse_value(ValueType::Long, Dialect::Elasticsearch, value);
        words = "a whole number";
    } else if (t == "double") {
        parsed = java_double(value) ? std::optional<Parsed>(Parsed{}) : std::nullopt;
        words = "a number";
    } else if (t == "bool") {
        parsed = parse_value(ValueType::Bool, Dialect::Elasticsearch, value);
        words = "`true` or `false` (lower case)";
    } else if (t == "time") {
        parsed = parse_value(ValueType::Duration, Dialect::Elasticsearch, value);
        words = "a time value with a unit (`500ms`, `30s`, `1m`, `1h`, `1d`; `-1` where it can be disabled)";
    } else if (t == "bytesize") {
        parsed = parse_value(ValueType::Size, Dialect::Elasticsearch, value);
        words = "a byte size with a unit (`512mb`, `1gb`)";
    }
    if (!parsed) {
        return fmt::format("it takes {}", words);
    }
    // Elasticsearch parses its enums with toUpperCase/toLowerCase: compare them in lower case.
    const std::string checked = enum_type(t) ? to_lower(value) : value;
    if (e.validator.accepts(checked, e.value_kind()) == false) {
        return fmt::format("it must be {}", describe_validator(e.validator));
    }
    return std::nullopt;
}

// --- the rules -----------------------------------------------------------------------------------

/// How many unknown keys a file lists one by one; the rest are counted in one finding.
constexpr std::size_t k_listed_unknown = 200;

void check_unknown(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out, bool misspelt)
{
    const EsFile f = es_file(ctx);
    std::size_t listed = 0;
    std::size_t more = 0;
    for (const Setting& s : doc.settings) {
        if (classify(f, s.key).cls != Class::Unknown) {
            continue;
        }
        const auto hint = suggest(s.key, es::keys(f.v));
        if (misspelt != hint.has_value()) {
            continue;
        }
        if (!misspelt) {
            if (++listed > k_listed_unknown) {
                ++more;
                continue;
            }
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is not a known {} index setting; Elasticsearch rejects settings "
                                               "that no installed plugin registers",
                                               s.key, version_name(f.v)));
            fd.key = s.key;
            note_catalog(fd, f.choice);
            continue;
        }
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("Unknown setting `{}`: did you mean `{}`? Elasticsearch rejects the request",
                                           s.key, hint->key));
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
        Finding& fd = out.emit_file(info, fmt::format("{} more settings Elasticsearch does not know are not listed (the first {} are): "
                                                      "this file may not be an Elasticsearch configuration",
                                                      more, k_listed_unknown));
        if (ctx.details) {
            fd.details = {{"not_listed", more}};
        }
    }
}

void check_values(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const EsFile f = es_file(ctx);
    for (const Setting& s : doc.settings) {
        if (!s.active()) {
            continue;
        }
        const KeyInfo k = classify(f, s.key);
        if (k.entry == nullptr || k.cls == Class::Removed) {
            continue;
        }
        const auto problem = value_problem(*k.entry, s);
        if (!problem) {
            continue;
        }
        Finding& fd = out.emit(info, value_or_key(s),
                               fmt::format("Elasticsearch rejects `{}` for `{}`: {}", excerpt(s.value), s.key, *problem));
        fd.key = s.key;
        fd.current = s.value;
        if (ctx.details) {
            fd.details = {{"type", k.entry->type_name}, {"validator", k.entry->validator.text}};
        }
        note_catalog(fd, f.choice);
        if (k.entry->type_name == "bool" && (iequals(s.value, "true") || iequals(s.value, "false"))) {
            const std::string lower = to_lower(s.value);
            fd.recommended = lower;
            if (auto edit = replace_value(doc, s, lower)) {
                fd.fix = Fix{Applicability::Unsafe, fmt::format("Set `{}` to `{}`", s.key, lower), {*edit}};
            }
        }
    }
}

void check_lifecycle(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out, Class wanted)
{
    const EsFile f = es_file(ctx);
    for (const Setting& s : doc.settings) {
        const KeyInfo k = classify(f, s.key);
        if (k.cls != wanted) {
            continue;
        }
        std::string message;
        switch (wanted) {
        case Class::Deprecated:
            message = fmt::format("`{}` is deprecated in {}", s.key, version_name(f.v));
            if (k.entry->status(EsVersion::V9) == es::Status::Removed && f.v != EsVersion::V9) {
                message += " (a later major removes it)";
            }
            break;
        case Class::Removed:
            message = fmt::format("`{}` was removed before {}; Elasticsearch rejects it on a new index", s.key,
                                  version_name(f.v));
            break;
        case Class::TooNew:
            message = fmt::format("`{}` is not a setting of Elasticsearch {} (it arrived in {}); Elasticsearch rejects it",
                                  s.key, f.choice.understood ? f.choice.requested : version_name(f.v), k.since);
            break;
        default: break;
        }
        Finding& fd = out.emit(info, s.key_range, std::move(message));
        fd.key = s.key;
        if (ctx.details) {
            fd.details = {{"evidence", k.entry->evidence}};
        }
        if (wanted == Class::Removed && k.entry->kb_only) {
            // Not re-read in the source: the catalog says so, and an error would overstate it.
            fd.severity = Severity::Warning;
        }
        note_catalog(fd, f.choice);
    }
}

const std::vector<FileKind> k_es{FileKind::ElasticsearchIndex};

}  // namespace

void register_es_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    out.push_back(make_rule(
        RuleInfo{"E001",
                 "es-misspelt-setting",
                 k_es,
                 Severity::Error,
                 "An Elasticsearch index setting is unknown and close to a real one: a likely misspelling",
                 FixAvailability::Always,
                 {"Finds an index setting (after Elasticsearch's flattening and `index.` prefixing) that the "
                  "target major does not register, through no plugin family, and that is within a few edits of one "
                  "it does: `number_of_shard`, `index.refresh_intervall`.",
                  "Elasticsearch validates index settings: the create-index or template request fails with "
                  "\"unknown setting [...]\", so the index or template is not created.",
                  "Elasticsearch IndexScopedSettings (the registry of built-in index settings) and the setting "
                  "definitions, per major, in rules/catalog/elasticsearch.tsv",
                  "{\"settings\": {\"number_of_shard\": 3}}\n",
                  "{\"settings\": {\"number_of_shards\": 3}}\n",
                  "Renames the setting to the suggestion, keeping its value; only the innermost written name "
                  "changes. Unsafe: the suggestion is a guess from spelling alone."}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) { check_unknown(i, d, c, o, true); }));
    out.push_back(make_rule(
        RuleInfo{"E002",
                 "es-unknown-setting",
                 k_es,
                 Severity::Warning,
                 "An Elasticsearch index setting is not in the catalog",
                 FixAvailability::None,
                 {"Finds an index setting the catalog does not know for the target major, through no plugin "
                  "family, and not close to a known setting (that is E001).",
                  "Elasticsearch rejects settings no installed plugin registers. The catalog leaves out some "
                  "specialised built-in settings (time-series dimensions, logsdb internals, dense-vector options) "
                  "and most plugin settings, so this is a warning: check the name, or suppress it for a plugin's "
                  "setting.",
                  "rules/catalog/elasticsearch.tsv (IndexScopedSettings) and rules/catalog/prefix-families.tsv",
                  "{\"settings\": {\"index.team_owner\": \"search\"}}\n",
                  "{\"settings\": {\"index.number_of_shards\": 3}}\n",
                  ""}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) { check_unknown(i, d, c, o, false); }));
    out.push_back(make_rule(
        RuleInfo{"E003",
                 "es-invalid-value",
                 k_es,
                 Severity::Error,
                 "An Elasticsearch index setting has a value its parser rejects",
                 FixAvailability::Sometimes,
                 {"Reads each value as Elasticsearch's Setting parsers do: time values need a unit (`30s`; only "
                  "`0` and `-1` go without), byte sizes need a unit (`512mb`), booleans are exactly `true` or "
                  "`false`, numbers are Java integers; then checks the setting's bounds and allowed values "
                  "(`index.number_of_shards` 1..1024, `index.translog.sync_interval` at least 100ms, "
                  "`index.translog.durability` request or async). Values outside a list of known values that "
                  "Elasticsearch extends (codecs, store types) are not judged.",
                  "The request fails with \"failed to parse value\" or an out-of-range error: the index or "
                  "template is not created.",
                  "Elasticsearch TimeValue.parseTimeValue, ByteSizeValue.parseBytesSizeValue, Booleans."
                  "parseBoolean and the bounds of each Setting, in rules/catalog/elasticsearch.tsv",
                  "{\"settings\": {\"index.refresh_interval\": \"30s\", \"index.hidden\": \"True\"}}\n",
                  "{\"settings\": {\"index.refresh_interval\": \"30s\", \"index.hidden\": \"true\"}}\n",
                  "A boolean in the wrong case is set in lower case. Unsafe: the request starts to succeed. Other "
                  "values get no fix: which unit was meant is a guess."}},
        check_values));
    out.push_back(make_rule(
        RuleInfo{"E004",
                 "es-deprecated-setting",
                 k_es,
                 Severity::Warning,
                 "An Elasticsearch index setting is deprecated in the target major",
                 FixAvailability::None,
                 {"Finds index settings the target major still accepts but deprecates: "
                  "`index.soft_deletes.enabled`, `index.translog.retention.*`, "
                  "`index.merge.policy.max_merge_at_once_explicit`, `index.data_path`, ….",
                  "Elasticsearch accepts them with a deprecation warning, and some have no effect any more; a "
                  "later major rejects them.",
                  "rules/catalog/elasticsearch.tsv (the settings' Property.Deprecated flags and the docs)",
                  "{\"settings\": {\"index.translog.retention.size\": \"512mb\"}}\n",
                  "{\"settings\": {\"index.translog.flush_threshold_size\": \"512mb\"}}\n",
                  ""}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) {
            check_lifecycle(i, d, c, o, Class::Deprecated);
        }));
    out.push_back(make_rule(
        RuleInfo{"E005",
                 "es-removed-setting",
                 k_es,
                 Severity::Error,
                 "An Elasticsearch index setting was removed before the target major",
                 FixAvailability::None,
                 {"Finds index settings the target major no longer has: `index.mapper.dynamic`, "
                  "`index.*.slowlog.level`, `index.max_adjacency_matrix_filters` (gone in 8), the store throttle "
                  "and translog flush settings of older majors.",
                  "Elasticsearch keeps a removed setting only on indices created before its removal; on a new "
                  "index or template it is an unknown setting and the request fails. Settings whose removal the "
                  "catalog has only from background knowledge (evidence `kb`) are reported as warnings.",
                  "rules/catalog/elasticsearch.tsv (status per major, from the 7.x, 8.x and 9.x sources)",
                  "{\"settings\": {\"index.mapper.dynamic\": false}}\n",
                  "{\"settings\": {\"index.mapping.total_fields.limit\": 1000}}\n",
                  ""}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) {
            check_lifecycle(i, d, c, o, Class::Removed);
        }));
    out.push_back(make_rule(
        RuleInfo{"E006",
                 "es-setting-too-new",
                 k_es,
                 Severity::Error,
                 "An Elasticsearch index setting arrived after the target version",
                 FixAvailability::None,
                 {"Finds index settings that the target release does not have yet: "
                  "`index.translog.flush_threshold_age` before 8.7, `index.mapping.source.mode` on 7.x, ….",
                  "The older release does not know the setting and rejects the request as an unknown setting.",
                  "rules/catalog/elasticsearch.tsv (status per major and the release that added the setting)",
                  "{\"settings\": {\"index.translog.flush_threshold_age\": \"1m\"}}\n",
                  "{\"settings\": {\"index.translog.flush_threshold_size\": \"512mb\"}}\n",
                  ""}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) {
            check_lifecycle(i, d, c, o, Class::TooNew);
        }));
}

}  // namespace streamlint::catalog_rules
