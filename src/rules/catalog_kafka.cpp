// K rules: Kafka .properties files checked against the Kafka catalogs (keys, types, validators,
// removals, deprecations and default changes of 3.9 and 4.0).
#include "catalog_common.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>

namespace streamlint::catalog_rules {

namespace {

using catalog::KafkaVersion;
namespace kafka = catalog::kafka;

enum class Role : std::uint8_t { Broker, Producer, Consumer, Worker, MirrorMaker, Connector, None };

struct KafkaFile {
    catalog::VersionChoice<KafkaVersion> choice;
    KafkaVersion v = KafkaVersion::V4_0;
    KafkaVersion other = KafkaVersion::V3_9;  // the other catalog
    Role role = Role::None;
    std::vector<std::string_view> scopes;
};

KafkaFile kafka_file(const Document& doc, const RuleContext& ctx)
{
    KafkaFile f;
    f.choice = catalog::select_kafka(ctx.targets.kafka);
    f.v = f.choice.version;
    f.other = f.v == KafkaVersion::V4_0 ? KafkaVersion::V3_9 : KafkaVersion::V4_0;
    f.scopes = kafka::scopes_for(doc.kind);
    switch (doc.kind) {
    case FileKind::KafkaBroker: f.role = Role::Broker; break;
    case FileKind::KafkaProducer: f.role = Role::Producer; break;
    case FileKind::KafkaConsumer: f.role = Role::Consumer; break;
    case FileKind::KafkaConnect:
        if (doc.find("connector.class") != nullptr) {
            // A connector's own configuration: the connector plugin defines most of its keys.
            f.role = Role::Connector;
            f.scopes = {"connect-connector"};
        } else {
            f.role = doc.find("clusters") != nullptr ? Role::MirrorMaker : Role::Worker;
        }
        break;
    default: break;
    }
    return f;
}

/// What a key is to a file.
enum class Class : std::uint8_t {
    Known,      // defined for the file's scopes (directly or through a family)
    Removed,    // a removal applies to the target version
    Older,      // only the older catalog defines it for these scopes
    Newer,      // only the newer catalog defines it for these scopes
    Elsewhere,  // another scope (producer, topic, ...) defines it
    Unknown,
};

struct KeyInfo {
    Class cls = Class::Unknown;
    const kafka::Entry* entry = nullptr;  // Known: the definition, null for an open family
    std::string base_key;                 // Known: the key as defined (without a family prefix)
    const kafka::Lifecycle* removal = nullptr;
    std::vector<std::string_view> elsewhere;  // Class::Elsewhere: the scopes that define it
};

KeyInfo classify(const KafkaFile& f, std::string_view key)
{
    KeyInfo k;
    for (const std::string_view scope : f.scopes) {
        if (k.removal == nullptr) {
            k.removal = kafka::removal(scope, key, f.v);
        }
    }
    if (k.removal != nullptr) {
        k.cls = Class::Removed;
        return k;
    }
    const kafka::Match match = kafka::match_any(f.scopes, key, f.v);
    if (match.known()) {
        k.cls = Class::Known;
        k.entry = match.entry;
        k.base_key = std::string(match.base_key);
        return k;
    }
    if (kafka::match_any(f.scopes, key, f.other).known()) {
        k.cls = f.other == KafkaVersion::V3_9 ? Class::Older : Class::Newer;
        return k;
    }
    k.elsewhere = kafka::scopes_defining(key, f.v);
    k.cls = k.elsewhere.empty() ? Class::Unknown : Class::Elsewhere;
    return k;
}

// --- did-you-mean ----------------------------------------------------------------------------------

/// The sorted union of the keys of several scopes (cached: the lint runs files in parallel).
const std::vector<std::string>& union_keys(const std::vector<std::string_view>& scopes, KafkaVersion v)
{
    static std::mutex mutex;
    static std::map<std::string, std::vector<std::string>> cache;
    std::string id = std::string(catalog::to_string(v));
    for (const auto s : scopes) {
        id += "|" + std::string(s);
    }
    const std::lock_guard lock(mutex);
    auto [it, inserted] = cache.try_emplace(id);
    if (inserted) {
        for (const auto s : scopes) {
            const auto& keys = kafka::keys(s, v);
            it->second.insert(it->second.end(), keys.begin(), keys.end());
        }
        std::sort(it->second.begin(), it->second.end());
        it->second.erase(std::unique(it->second.begin(), it->second.end()), it->second.end());
    }
    return it->second;
}

/// Matches a family pattern (`listener.name.<listener>.*`, `<source>-><target>.*`) against a key and
/// returns where the rest (the part the final `*` stands for) starts.
std::optional<std::size_t> family_rest(std::string_view pattern, std::string_view key, std::size_t pi = 0,
                                       std::size_t ki = 0)
{
    if (pi == pattern.size()) {
        return std::nullopt;  // only patterns ending in `*` map a rest
    }
    if (pattern[pi] == '*' && pi + 1 == pattern.size()) {
        return ki < key.size() ? std::optional<std::size_t>(ki) : std::nullopt;
    }
    if (pattern[pi] == '<') {
        const std::size_t close = pattern.find('>', pi);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        // One or more characters of one segment; try every length.
        for (std::size_t end = ki + 1; end <= key.size() && key[end - 1] != '.'; ++end) {
            if (auto r = family_rest(pattern, key, close + 1, end)) {
                return r;
            }
        }
        return std::nullopt;
    }
    if (ki < key.size() && key[ki] == pattern[pi]) {
        return family_rest(pattern, key, pi + 1, ki + 1);
    }
    return std::nullopt;
}

/// Finds the likely intended key: a key of the file's scopes, or the rest of a mapped family
/// (`producer.<key>`, `listener.name.<l>.<key>`) corrected against the family's scopes.
class KafkaSuggester {
public:
    explicit KafkaSuggester(const KafkaFile& f) : m_keys(union_keys(f.scopes, f.v))
    {
        for (const catalog::PrefixFamily& fam : catalog::prefix_families()) {
            if (fam.product == "kafka" && !fam.open() &&
                (fam.scope == "*" || std::find(f.scopes.begin(), f.scopes.end(), fam.scope) != f.scopes.end())) {
                m_families.emplace_back(&fam, &union_keys(fam.targets, f.v));
            }
        }
    }

    [[nodiscard]] std::optional<Suggestion> operator()(std::string_view key) const
    {
        std::optional<Suggestion> best = suggest(key, m_keys);
        for (const auto& [fam, keys] : m_families) {
            const auto rest = family_rest(fam->pattern, key);
            if (!rest) {
                continue;
            }
            if (auto s = suggest(key.substr(*rest), *keys)) {
                s->key = std::string(key.substr(0, *rest)) + s->key;
                best = closer(best, s);
            }
        }
        return best;
    }

private:
    const std::vector<std::string>& m_keys;
    std::vector<std::pair<const catalog::PrefixFamily*, const std::vector<std::string>*>> m_families;
};

// --- per-document memo ------------------------------------------------------------------------------

/// Every setting's class (and, for unknown keys, the suggestion), computed once per document and
/// shared by the K rules: a file of a million keys is classified once, not once a rule. Per thread,
/// as files are linted in parallel. Within a check_document call the document is recognised by
/// the call's number and its address; outside one, by address, path, size and content.
struct Verdicts {
    std::uint64_t check = 0;  // current_document_check() when made
    const Document* doc = nullptr;
    std::size_t hash = 0;
    std::string path;
    std::size_t count = 0;
    KafkaVersion v = KafkaVersion::V4_0;
    Role role = Role::None;
    std::vector<KeyInfo> infos;
    bool hinted = false;
    std::vector<std::optional<Suggestion>> hints;  // for Class::Unknown keys
};

Verdicts& verdicts(const Document& doc, const KafkaFile& f)
{
    thread_local Verdicts memo;
    const std::uint64_t check = current_document_check();
    // Hashing the text guards against another document at the same address; within one check the
    // document cannot change, so it is not needed there.
    const std::size_t hash = check != 0 ? 0 : std::hash<std::string_view>{}(doc.text);
    if (memo.check != check || memo.doc != &doc || memo.hash != hash || memo.path != doc.path ||
        memo.count != doc.settings.size() || memo.v != f.v || memo.role != f.role) {
        memo = Verdicts{};
        memo.check = check;
        memo.doc = &doc;
        memo.hash = hash;
        memo.path = doc.path;
        memo.count = doc.settings.size();
        memo.v = f.v;
        memo.role = f.role;
        memo.infos.reserve(doc.settings.size());
        for (const Setting& setting : doc.settings) {
            memo.infos.push_back(classify(f, setting.key));
        }
    }
    return memo;
}

const std::vector<std::optional<Suggestion>>& hints(Verdicts& memo, const Document& doc, const KafkaFile& f)
{
    if (!memo.hinted) {
        memo.hints.resize(doc.settings.size());
        // The suggester (every key of the file's scopes, sorted) only for a file with an unknown key.
        std::optional<KafkaSuggester> suggester;
        for (std::size_t i = 0; i < doc.settings.size(); ++i) {
            if (memo.infos[i].cls == Class::Unknown) {
                if (!suggester) {
                    suggester.emplace(f);
                }
                memo.hints[i] = (*suggester)(doc.settings[i].key);
            }
        }
        memo.hinted = true;
    }
    return memo.hints;
}

/// How many unknown keys a file lists one by one; the rest are counted in one finding (a file
/// of thousands of keys Kafka does not know is not a Kafka configuration anyone maintains).
constexpr std::size_t k_listed_unknown = 200;

// --- values --------------------------------------------------------------------------------------

std::string_view type_words(kafka::Type t)
{
    switch (t) {
    case kafka::Type::Int: return "an INT (a whole number up to 2147483647)";
    case kafka::Type::Short: return "a SHORT (a whole number up to 32767)";
    case kafka::Type::Long: return "a LONG (a whole number)";
    case kafka::Type::Double: return "a DOUBLE (a number)";
    case kafka::Type::Boolean: return "a BOOLEAN (`true` or `false`)";
    default: return "a value of its type";
    }
}

/// True when ConfigDef.parseType accepts the text for the type (it trims first).
bool kafka_type_accepts(kafka::Type t, std::string_view raw)
{
    const std::string_view v = trim(raw);
    switch (t) {
    case kafka::Type::Int: return parse_value(ValueType::Int, Dialect::Kafka, v).has_value();
    case kafka::Type::Long: return parse_value(ValueType::Long, Dialect::Kafka, v).has_value();
    case kafka::Type::Short: {
        const auto p = parse_value(ValueType::Int, Dialect::Kafka, v);
        return p && p->number >= -32768 && p->number <= 32767;
    }
    case kafka::Type::Double: return java_double(v);
    case kafka::Type::Boolean: return iequals(v, "true") || iequals(v, "false");
    default: return true;
    }
}

bool sizes_key(std::string_view key)
{
    return key.ends_with(".bytes") || key.find("size") != std::string_view::npos ||
           key.find("memory") != std::string_view::npos || key.find("buffer") != std::string_view::npos;
}

/// What the author most likely meant, in Kafka's spelling: `100KB` for a byte count is 102400,
/// `5s` for a `.ms` key is 5000, `ALL` for `in:all|...` is `all`. nullopt when there is no clear reading.
std::optional<std::string> kafka_rewrite(const kafka::Entry& e, std::string_view key, std::string_view raw)
{
    const std::string v(trim(raw));
    const auto fits = [&](const std::string& text) {
        return kafka_type_accepts(e.type, text) && e.validator.accepts(text, e.value_kind()) == true;
    };
    if (e.type == kafka::Type::Int || e.type == kafka::Type::Long || e.type == kafka::Type::Short) {
        std::optional<Parsed> p;
        if (key.ends_with(".ms")) {
            p = parse_value(ValueType::Duration, Dialect::Flink, v);
        } else if (sizes_key(key)) {
            p = parse_value(ValueType::Size, Dialect::Flink, v);
        }
        if (p && p->number == std::floor(p->number)) {
            const std::string text = fmt::format("{}", static_cast<long long>(p->number));
            if (text != v && fits(text)) {
                return text;
            }
        }
        return std::nullopt;
    }
    if (const auto* one_of = e.validator.one_of()) {
        for (const std::string_view allowed : one_of->values) {
            if (iequals(allowed, v) && allowed != v && fits(std::string(allowed))) {
                return std::string(allowed);
            }
        }
    }
    if (e.type == kafka::Type::Boolean && (iequals(v, "true") || iequals(v, "false"))) {
        return std::nullopt;
    }
    return std::nullopt;
}

// --- where a key belongs ---------------------------------------------------------------------------

std::string_view scope_noun(std::string_view scope)
{
    if (scope == "producer" || scope == "consumer" || scope == "broker" || scope == "topic") {
        return scope;
    }
    if (scope == "admin") {
        return "admin client";
    }
    if (scope.starts_with("connect-connector") || scope == "connect-converter" || scope == "connect-transform") {
        return "Connect connector";
    }
    if (scope.starts_with("connect-")) {
        return "Connect worker";
    }
    if (scope == "mirrormaker") {
        return "MirrorMaker 2";
    }
    if (scope.starts_with("streams")) {
        return "Kafka Streams";
    }
    if (scope == "broker-rlmm") {
        return "remote log metadata manager";
    }
    return "dynamic";
}

std::string_view scope_place(std::string_view scope)
{
    if (scope == "producer") {
        return "the producer configuration (producer.properties)";
    }
    if (scope == "consumer") {
        return "the consumer configuration (consumer.properties)";
    }
    if (scope == "admin") {
        return "an admin client's configuration";
    }
    if (scope == "broker") {
        return "the broker configuration (server.properties)";
    }
    if (scope == "topic") {
        return "a topic's configuration (`kafka-configs --entity-type topics`)";
    }
    if (scope.starts_with("connect-connector") || scope == "connect-converter" || scope == "connect-transform") {
        return "a connector's configuration";
    }
    if (scope.starts_with("connect-")) {
        return "a Kafka Connect worker's configuration";
    }
    if (scope == "mirrormaker") {
        return "a MirrorMaker 2 configuration";
    }
    if (scope.starts_with("streams")) {
        return "a Kafka Streams application's configuration";
    }
    if (scope == "broker-rlmm") {
        return "the broker configuration under the `rlmm.config.` prefix";
    }
    return "a dynamic configuration (`kafka-configs`)";
}

std::string_view role_noun(Role r)
{
    switch (r) {
    case Role::Broker: return "a broker";
    case Role::Producer: return "a producer";
    case Role::Consumer: return "a consumer";
    case Role::Worker: return "a Connect worker";
    case Role::MirrorMaker: return "a MirrorMaker 2";
    case Role::Connector: return "a connector";
    case Role::None: break;
    }
    return "this";
}

/// The scopes in the order a reader looks for them: clients first.
std::vector<std::string_view> ordered(std::vector<std::string_view> scopes)
{
    static const std::vector<std::string_view> order{"producer", "consumer", "admin", "broker", "topic"};
    std::stable_sort(scopes.begin(), scopes.end(), [](std::string_view a, std::string_view b) {
        const auto ia = std::find(order.begin(), order.end(), a) - order.begin();
        const auto ib = std::find(order.begin(), order.end(), b) - order.begin();
        return ia < ib;
    });
    return scopes;
}

bool has(const std::vector<std::string_view>& v, std::string_view s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

// --- the rules -----------------------------------------------------------------------------------

const std::vector<FileKind> k_kafka_kinds{FileKind::KafkaBroker, FileKind::KafkaProducer, FileKind::KafkaConsumer,
                                          FileKind::KafkaConnect};

std::string version_name(KafkaVersion v)
{
    return fmt::format("Kafka {}", catalog::to_string(v));
}

void check_unknown(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out, bool misspelt)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role == Role::None || f.role == Role::Connector) {
        return;  // a connector plugin defines its own keys: no key is unknown there
    }
    Verdicts& memo = verdicts(doc, f);
    const auto& suggestions = hints(memo, doc, f);
    std::size_t listed = 0;
    std::size_t more = 0;
    for (std::size_t index = 0; index < doc.settings.size(); ++index) {
        const Setting& s = doc.settings[index];
        const KeyInfo& k = memo.infos[index];
        if (k.cls != Class::Unknown && k.cls != Class::Newer) {
            continue;
        }
        if (k.cls == Class::Newer) {
            if (misspelt) {
                continue;
            }
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is not a {} setting (only {} has it); Kafka ignores it", s.key,
                                               version_name(f.v), version_name(f.other)));
            fd.key = s.key;
            note_catalog(fd, f.choice);
            continue;
        }
        const auto& hint = suggestions[index];
        if (misspelt != hint.has_value()) {
            continue;
        }
        if (!misspelt) {
            if (++listed > k_listed_unknown) {
                ++more;
                continue;
            }
            Finding& fd = out.emit(info, s.key_range,
                                   fmt::format("`{}` is not a {} {} setting; Kafka ignores it (a plugin may read it)",
                                               s.key, version_name(f.v),
                                               f.role == Role::Broker     ? "broker"
                                               : f.role == Role::Producer ? "producer"
                                               : f.role == Role::Consumer ? "consumer"
                                                                          : "Connect"));
            fd.key = s.key;
            note_catalog(fd, f.choice);
            continue;
        }
        Finding& fd = out.emit(info, s.key_range,
                               fmt::format("Unknown key `{}`: did you mean `{}`? Kafka ignores it, so `{}` stays unset",
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
        Finding& fd = out.emit_file(info, fmt::format("{} more keys Kafka does not know are not listed (the first {} "
                                                      "are): this file may not be a Kafka configuration",
                                                      more, k_listed_unknown));
        if (ctx.details) {
            fd.details = {{"not_listed", more}};
        }
    }
}

void check_values(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role == Role::None) {
        return;
    }
    Verdicts& memo = verdicts(doc, f);
    for (std::size_t index = 0; index < doc.settings.size(); ++index) {
        const Setting& s = doc.settings[index];
        if (!s.active()) {
            continue;
        }
        const KeyInfo& k = memo.infos[index];
        if (k.cls != Class::Known || k.entry == nullptr) {
            continue;
        }
        const kafka::Entry& e = *k.entry;
        if (s.value.find("${") != std::string::npos) {
            continue;  // a config provider reference (`${file:/etc/kafka/secrets:key}`), resolved at start-up
        }
        std::string message;
        if (!kafka_type_accepts(e.type, s.value)) {
            message = fmt::format("`{}` takes {}; Kafka rejects `{}`", s.key, type_words(e.type), excerpt(s.value));
            if ((e.type == kafka::Type::Int || e.type == kafka::Type::Long) && sizes_key(s.key)) {
                message += " (sizes are plain byte counts)";
            } else if ((e.type == kafka::Type::Int || e.type == kafka::Type::Long) && s.key.ends_with(".ms")) {
                message += " (durations are plain milliseconds)";
            }
        } else if (e.validator.accepts(trim(s.value), e.value_kind()) == false) {
            message = fmt::format("`{}` is `{}`; Kafka accepts {}", s.key, excerpt(s.value), describe_validator(e.validator));
        } else {
            continue;
        }
        Finding& fd = out.emit(info, value_or_key(s), std::move(message));
        fd.key = s.key;
        fd.current = s.value;
        if (ctx.details) {
            fd.details = {{"type", e.type_name}, {"validator", e.validator.text}};
        }
        note_catalog(fd, f.choice);
        if (auto better = kafka_rewrite(e, k.base_key, s.value)) {
            fd.recommended = *better;
            if (auto edit = replace_value(doc, s, *better)) {
                fd.fix = Fix{Applicability::Unsafe, fmt::format("Set `{}` to `{}`", s.key, *better), {*edit}};
            }
        }
    }
}

void check_deprecated(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role == Role::None) {
        return;
    }
    Verdicts& memo = verdicts(doc, f);
    for (std::size_t index = 0; index < doc.settings.size(); ++index) {
        const Setting& s = doc.settings[index];
        const KeyInfo& k = memo.infos[index];
        if (k.cls != Class::Known) {
            continue;
        }
        const kafka::Lifecycle* dep = nullptr;
        for (const std::string_view scope : f.scopes) {
            if (dep == nullptr) {
                dep = kafka::deprecation(scope, k.base_key, f.v);
            }
        }
        const bool flagged = k.entry != nullptr && k.entry->has(kafka::Deprecated);
        if (dep == nullptr && !flagged) {
            continue;
        }
        std::string message = fmt::format("`{}` is deprecated", s.key);
        if (dep != nullptr && !dep->version.empty()) {
            message += fmt::format(" since Kafka {}", dep->version);
        }
        if (dep != nullptr && !dep->replacement.empty()) {
            const std::vector<std::string> repl = split(dep->replacement, ',');
            message += fmt::format("; use {} instead",
                                   quoted_list(std::vector<std::string_view>(repl.begin(), repl.end()), 12, " and "));
        }
        const kafka::Lifecycle* gone = nullptr;
        for (const std::string_view scope : f.scopes) {
            if (gone == nullptr) {
                for (const kafka::Lifecycle* l : kafka::lifecycle(scope, k.base_key)) {
                    if (l->kind == kafka::Change::Removed && !l->version.empty()) {
                        gone = l;
                    }
                }
            }
        }
        if (gone != nullptr) {
            message += fmt::format(" (Kafka {} removes it)", gone->version);
        }
        Finding& fd = out.emit(info, s.key_range, std::move(message));
        fd.key = s.key;
        if (dep != nullptr && !dep->replacement.empty()) {
            fd.recommended = std::string(dep->replacement);
        }
        note_catalog(fd, f.choice);
    }
}

void check_removed(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role == Role::None) {
        return;
    }
    Verdicts& memo = verdicts(doc, f);
    for (std::size_t index = 0; index < doc.settings.size(); ++index) {
        const Setting& s = doc.settings[index];
        const KeyInfo& k = memo.infos[index];
        if (k.cls != Class::Removed && k.cls != Class::Older) {
            continue;
        }
        std::string message;
        std::vector<std::string> replacements;
        if (k.removal != nullptr) {
            message = fmt::format("`{}` was removed in Kafka {}; Kafka ignores it", s.key, k.removal->version);
            replacements = split(k.removal->replacement, ',');
        } else {
            message = fmt::format("`{}` is not a {} setting any more ({} had it); Kafka ignores it", s.key,
                                  version_name(f.v), version_name(f.other));
        }
        if (!replacements.empty()) {
            std::vector<std::string_view> views(replacements.begin(), replacements.end());
            message += fmt::format(": use {} instead", quoted_list(views, 12, replacements.size() > 2 ? " and " : " or "));
        }
        Finding& fd = out.emit(info, s.key_range, std::move(message));
        fd.key = s.key;
        if (k.removal != nullptr) {
            if (ctx.details) {
                fd.details = {{"removed_in", k.removal->version}, {"evidence", k.removal->evidence}};
            }
        }
        note_catalog(fd, f.choice);
        if (replacements.size() == 1 && doc.find(replacements[0]) == nullptr) {
            if (auto edit = rename_key(doc, s, replacements[0])) {
                fd.recommended = replacements[0];
                fd.fix = Fix{Applicability::Unsafe, fmt::format("Rename to `{}`", replacements[0]), {*edit}};
            }
        } else if (replacements.empty() || doc.find(replacements[0]) != nullptr) {
            if (auto edit = delete_setting(doc, s)) {
                fd.fix = Fix{Applicability::Safe, fmt::format("Remove `{}` (it has no effect)", s.key), {*edit}};
            }
        }
    }
}

void check_zookeeper_mode(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role != Role::Broker || f.v != KafkaVersion::V4_0) {
        return;
    }
    const Setting* zk = doc.find("zookeeper.connect");
    if (zk == nullptr || doc.find("process.roles") != nullptr) {
        return;
    }
    Finding& fd = out.emit(info, zk->key_range,
                           fmt::format("This broker is configured for ZooKeeper mode (`zookeeper.connect`, no "
                                       "`process.roles`); {} runs in KRaft mode only and will not start it",
                                       version_name(f.v)));
    fd.key = zk->key;
    if (ctx.details) {
        fd.details = {{"missing", {"process.roles", "node.id", "controller.quorum.bootstrap.servers"}}};
    }
    note_catalog(fd, f.choice);
}

void check_changed_defaults(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role != Role::Broker && f.role != Role::Producer && f.role != Role::Consumer) {
        return;
    }
    if (f.v != KafkaVersion::V4_0) {
        return;  // only the newer catalog has an older one to differ from
    }
    for (const kafka::Lifecycle* l : kafka::changes_between(KafkaVersion::V3_9, f.v)) {
        if (l->kind != kafka::Change::DefaultChanged || !has(f.scopes, l->scope) || doc.find(l->key) != nullptr) {
            continue;
        }
        // 3.x added JmxReporter through auto.include.jmx.reporter (default true), which 4.0 removed:
        // the reporters in effect are the same, only where the default is written changed.
        if (l->key == "metric.reporters") {
            continue;
        }
        // Undocumented (defineInternal) keys are no one's tuning; the remote log manager's pools
        // only exist with tiered storage on.
        const kafka::Entry* e = kafka::find(l->scope, l->key, f.v);
        if (e != nullptr && e->has(kafka::Internal)) {
            continue;
        }
        if (l->key.starts_with("remote.log.manager.")) {
            const Setting* tiered = doc.find("remote.log.storage.system.enable");
            if (tiered == nullptr || !iequals(trim(tiered->value), "true")) {
                continue;
            }
        }
        Finding& fd = out.emit_file(
            info, fmt::format("`{}` is not set: its default is `{}` from Kafka {} (it was `{}` before)", l->key,
                              l->new_value, l->version, l->old_value));
        fd.key = std::string(l->key);
        if (ctx.details) {
            fd.details = {{"old_default", l->old_value},
                          {"new_default", l->new_value},
                          {"since", l->version},
                          {"evidence", l->evidence}};
        }
        note_catalog(fd, f.choice);
    }
}

void check_misplaced(const RuleInfo& info, const Document& doc, const RuleContext& ctx, Emitter& out)
{
    const KafkaFile f = kafka_file(doc, ctx);
    if (f.role != Role::Broker && f.role != Role::Producer && f.role != Role::Consumer && f.role != Role::Worker) {
        return;
    }
    Verdicts& memo = verdicts(doc, f);
    for (std::size_t index = 0; index < doc.settings.size(); ++index) {
        const Setting& s = doc.settings[index];
        const KeyInfo& k = memo.infos[index];
        if (k.cls != Class::Elsewhere) {
            continue;
        }
        const std::vector<std::string_view> scopes = ordered(k.elsewhere);
        std::vector<std::string_view> places;
        for (const auto scope : scopes) {
            if (!has(places, scope_place(scope))) {
                places.push_back(scope_place(scope));
            }
        }
        const auto clients = std::count_if(scopes.begin(), scopes.end(), [](std::string_view sc) {
            return sc == "producer" || sc == "consumer" || sc == "admin";
        });
        const std::string_view noun = clients >= 2 ? "client" : scope_noun(scopes.front());
        std::string message = fmt::format("`{}` is a {} setting and has no effect in {} configuration", s.key, noun,
                                          role_noun(f.role));
        std::optional<Fix> fix;
        if (f.role == Role::Worker && (scopes.front() == "producer" || scopes.front() == "consumer" ||
                                       scopes.front() == "admin")) {
            // Connect hands its clients only the keys under their prefix.
            const std::string prefixed = fmt::format("{}.{}", scopes.front(), s.key);
            message += fmt::format(": a worker passes it to its {}s only as `{}`", scopes.front(), prefixed);
            if (doc.find(prefixed) == nullptr) {
                if (auto edit = rename_key(doc, s, prefixed)) {
                    fix = Fix{Applicability::Unsafe, fmt::format("Rename to `{}`", prefixed), {*edit}};
                }
            }
        } else if (f.role == Role::Broker && scopes.front() == "topic") {
            const kafka::Entry* topic = kafka::find("topic", s.key, f.v);
            const std::string_view broker_key =
                topic != nullptr && !topic->broker_defaults.empty() ? topic->broker_defaults.front() : "";
            if (!broker_key.empty()) {
                message += fmt::format(": the broker-wide default is `{}`", broker_key);
                if (doc.find(broker_key) == nullptr) {
                    if (auto edit = rename_key(doc, s, broker_key)) {
                        fix = Fix{Applicability::Unsafe, fmt::format("Rename to `{}`", broker_key), {*edit}};
                    }
                }
            } else {
                message += fmt::format("; it belongs in {}", places.front());
            }
        } else {
            std::vector<std::string_view> shown(places.begin(), places.begin() + std::min<std::ptrdiff_t>(2, places.size()));
            message += fmt::format("; it belongs in {}", fmt::join(shown, " or "));
        }
        if (!fix) {
            if (auto edit = delete_setting(doc, s)) {
                fix = Fix{Applicability::Safe,
                          fmt::format("Remove `{}` (it belongs in {})", s.key, places.front()), {*edit}};
            }
        }
        Finding& fd = out.emit(info, s.key_range, std::move(message));
        fd.key = s.key;
        if (ctx.details) {
            fd.details = {{"belongs_to", scopes}};
        }
        note_catalog(fd, f.choice);
        fd.fix = std::move(fix);
    }
}

}  // namespace

void register_kafka_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    out.push_back(make_rule(
        RuleInfo{"K001",
                 "kafka-misspelt-key",
                 k_kafka_kinds,
                 Severity::Error,
                 "A Kafka key is unknown and close to a real one: a likely misspelling",
                 FixAvailability::Always,
                 {"Finds a key that the target Kafka version does not define for the file's role (broker, producer, "
                  "consumer, Connect worker) and that is within a few edits of one it does: `num.io.thread` for "
                  "`num.io.threads`, `listener.name.internal.ssl.keystore.locaton` for "
                  "`listener.name.internal.ssl.keystore.location`. Keys of mapped families (`listener.name.<l>.`, "
                  "the worker's `producer.`/`consumer.`/`admin.` prefixes) are corrected against the family's "
                  "keys. Keys the catalog knows as removed, deprecated or belonging to another role are left to "
                  "K004, K005 and K008; connector configurations (with `connector.class`) are never checked, since "
                  "the connector plugin defines their keys.",
                  "Kafka only logs \"The configuration '…' was supplied but isn't a known config\" at start-up and "
                  "carries on: the setting the author meant stays at its default without any error. That is a "
                  "misbehaving service, hence an error.",
                  "Kafka's ConfigDef definitions (AbstractConfig.logUnused warns about unknown keys), extracted from "
                  "apache/kafka 3.9 and the 4.0 snapshot into rules/catalog/kafka.tsv",
                  "num.io.thread=16\n",
                  "num.io.threads=16\n",
                  "Renames the key to the suggestion, keeping its value. Unsafe: the setting starts to take "
                  "effect, and the suggestion is a guess from spelling alone."}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) { check_unknown(i, d, c, o, true); }));
    out.push_back(make_rule(
        RuleInfo{"K002",
                 "kafka-unknown-key",
                 k_kafka_kinds,
                 Severity::Warning,
                 "A Kafka key is not defined for this kind of file",
                 FixAvailability::None,
                 {"Finds a key that no Kafka ConfigDef of the target version defines for the file's role, through "
                  "no known key family, and that is not close enough to a real key to be a misspelling (that is "
                  "K001). Keys only the other Kafka version has are reported here too. Connector configurations "
                  "are not checked.",
                  "Kafka ignores keys it does not know, logging a warning. The key may be read by a plugin (an "
                  "authorizer, a metrics reporter, a config provider), so this is a warning rather than an error: "
                  "suppress it for keys a plugin is known to read.",
                  "Kafka's ConfigDef definitions for 3.9 and the 4.0 snapshot (rules/catalog/kafka.tsv) and the "
                  "hand-written key families (rules/catalog/prefix-families.tsv)",
                  "my.company.rack.label=eu-1a\n",
                  "broker.rack=eu-1a\n",
                  ""}},
        [](const RuleInfo& i, const Document& d, const RuleContext& c, Emitter& o) { check_unknown(i, d, c, o, false); }));
    out.push_back(make_rule(
        RuleInfo{"K003",
                 "kafka-invalid-value",
                 k_kafka_kinds,
                 Severity::Error,
                 "A Kafka value has the wrong type or is outside what its validator accepts",
                 FixAvailability::Sometimes,
                 {"Parses each value as Kafka's ConfigDef does for the key's type (INT, SHORT, LONG and DOUBLE as "
                  "Java numbers, BOOLEAN as `true`/`false` in any case, all trimmed) and checks it against the "
                  "key's validator (ranges, one-of lists matched exactly or in any case as Kafka defines them, list "
                  "items). Validators streamlint cannot evaluate (custom classes) and values that reference a "
                  "config provider (`${file:…}`, `${env:…}`, resolved at start-up) are not judged.",
                  "Kafka throws a ConfigException on such a value: a broker refuses to start and a client cannot be "
                  "created. A common trap is a size with a unit (`100KB`): Kafka sizes are plain byte counts, and "
                  "Kafka durations plain milliseconds.",
                  "Kafka ConfigDef.parseType and the validators of each definition, extracted per version into "
                  "rules/catalog/kafka.tsv (e.g. `log.segment.bytes` needs at least 1048576 from 4.0, KIP-1030)",
                  "socket.send.buffer.bytes=100KB\n",
                  "socket.send.buffer.bytes=102400\n",
                  "Where the intent is clear, sets the value Kafka understands: a size with a unit as its byte "
                  "count, a duration with a unit as milliseconds for a `.ms` key, a one-of value in the case the "
                  "validator wants. Unsafe: the product behaves differently afterwards (it starts)."}},
        check_values));
    out.push_back(make_rule(
        RuleInfo{"K004",
                 "kafka-deprecated-key",
                 k_kafka_kinds,
                 Severity::Warning,
                 "A Kafka key is deprecated in the target version",
                 FixAvailability::None,
                 {"Finds keys that the target Kafka version still accepts but has deprecated, from the catalog's "
                  "lifecycle rows and `@Deprecated` key constants, and names the replacement where there is one.",
                  "A deprecated key still works but is scheduled for removal (several 3.x deprecations are gone in "
                  "4.0); its replacements usually mean something slightly different, so the move deserves a look "
                  "before the upgrade rather than after it.",
                  "rules/catalog/kafka-lifecycle.tsv (upgrade notes, KIPs and @Deprecated constants in apache/kafka)",
                  "log.message.timestamp.difference.max.ms=3600000\n",
                  "log.message.timestamp.before.max.ms=3600000\n",
                  ""}},
        check_deprecated));
    out.push_back(make_rule(
        RuleInfo{"K005",
                 "kafka-removed-key",
                 k_kafka_kinds,
                 Severity::Warning,
                 "A Kafka key was removed in the target version",
                 FixAvailability::Sometimes,
                 {"Finds keys the target Kafka version no longer has: a removal in the catalog's lifecycle table "
                  "(the ZooKeeper keys, `log.message.format.version`, the `*.blacklist`/`*.whitelist` keys, … in "
                  "4.0), or a key only the older catalog defines for the file's role.",
                  "Kafka treats a removed key as unknown: it logs a warning and ignores it, so whatever it used to "
                  "do silently stops. That is a warning, not an error, because the service still starts (a broker "
                  "still configured for ZooKeeper mode is K006's error).",
                  "rules/catalog/kafka-lifecycle.tsv: removals verified by diffing the 3.9 and 4.0 ConfigDefs, or "
                  "taken from the 4.0 upgrade notes and KIPs (the finding's `evidence` says which)",
                  "delegation.token.master.key=secret\n",
                  "delegation.token.secret.key=secret\n",
                  "With exactly one replacement that the file does not set yet, renames the key (unsafe: the "
                  "replacement takes effect where the old key was ignored, and may mean something slightly "
                  "different). Otherwise deletes the line, which is safe: the target version ignores it anyway."}},
        check_removed));
    out.push_back(make_rule(
        RuleInfo{"K006",
                 "kafka-zookeeper-mode",
                 {FileKind::KafkaBroker},
                 Severity::Error,
                 "A broker is configured for ZooKeeper mode, which Kafka 4.0 removed",
                 FixAvailability::None,
                 {"Finds a broker file that sets `zookeeper.connect` and not `process.roles` when the target is "
                  "Kafka 4.0 or later.",
                  "Kafka 4.0 runs in KRaft mode only: ZooKeeper mode and its keys are gone, and a broker without "
                  "`process.roles`, `node.id` and a controller quorum does not start. Such a cluster must be "
                  "migrated to KRaft on 3.x before the upgrade.",
                  "Kafka 4.0 upgrade notes (\"ZooKeeper mode removed, KRaft only\", KIP-833); the ZooKeeper keys' "
                  "removal in rules/catalog/kafka-lifecycle.tsv has evidence `published` (taken from the release "
                  "notes, not from the 4.0 source)",
                  "broker.id=0\nzookeeper.connect=localhost:2181\n",
                  "process.roles=broker\nnode.id=1\ncontroller.quorum.bootstrap.servers=localhost:9093\n",
                  ""}},
        check_zookeeper_mode));
    out.push_back(make_rule(
        RuleInfo{"K007",
                 "kafka-changed-default",
                 {FileKind::KafkaProducer, FileKind::KafkaBroker, FileKind::KafkaConsumer},
                 Severity::Info,
                 "A key the file leaves unset has a different default in the target Kafka version",
                 FixAvailability::None,
                 {"When the target is Kafka 4.0, lists the keys of the file's role whose default changed from 3.9 "
                  "and that the file does not set: `linger.ms` 0 → 5 for producers, "
                  "`num.recovery.threads.per.data.dir` 1 → 2 and the consumer rebalance protocol for brokers, and "
                  "the others of KIP-1030 and the 3.9-to-4.0 ConfigDef diff. Left out: `metric.reporters` (3.x "
                  "added JmxReporter through `auto.include.jmx.reporter`, so the reporters in effect did not "
                  "change), undocumented internal keys, and the remote log manager's thread pools unless the file "
                  "turns tiered storage on.",
                  "A file written for 3.x that relies on a default behaves differently after the upgrade without "
                  "any line changing; knowing which defaults moved explains latency or recovery changes.",
                  "rules/catalog/kafka-lifecycle.tsv (KIP-1030 and the 3.9 vs 4.0 ConfigDef diff)",
                  "acks=all\n",
                  "acks=all\nlinger.ms=5\n",
                  ""}},
        check_changed_defaults));
    out.push_back(make_rule(
        RuleInfo{"K008",
                 "kafka-misplaced-key",
                 {FileKind::KafkaBroker, FileKind::KafkaProducer, FileKind::KafkaConsumer, FileKind::KafkaConnect},
                 Severity::Warning,
                 "A key of another Kafka role has no effect in this file",
                 FixAvailability::Sometimes,
                 {"Finds keys that the file's role does not define but another role does: producer and consumer "
                  "keys (`batch.size`, `linger.ms`, `buffer.memory`, `fetch.min.bytes`, …) in a broker file, broker "
                  "keys in a producer or consumer file, consumer keys in a producer file, topic-level keys "
                  "(`retention.ms`) in a broker file, and client keys without their `producer.`/`consumer.`/"
                  "`admin.` prefix in a Connect worker. Keys both roles define (`compression.type`) are never "
                  "misplaced. MirrorMaker 2 files (whose top-level keys reach every cluster's clients) and "
                  "connector configurations are not checked.",
                  "The broker reads only broker keys: a producer tuning block pasted into server.properties does "
                  "nothing (Kafka logs it as unknown) while the author believes the producers are tuned. The tuning "
                  "guide itself puts `batch.size`, `linger.ms` and `buffer.memory` in server.properties.",
                  "The scopes of each key in rules/catalog/kafka.tsv (the ConfigDef that defines it) and the topic "
                  "keys' broker synonyms (ServerTopicConfigSynonyms)",
                  "num.io.threads=16\nbatch.size=65536\n",
                  "num.io.threads=16\n",
                  "Deletes the line, which is safe: it had no effect there; the fix title says where the key "
                  "belongs. A topic key in a broker file is renamed to its broker-wide synonym, and a client key in "
                  "a Connect worker gets its prefix instead (both unsafe: the setting starts to take effect)."}},
        check_misplaced));
}

}  // namespace streamlint::catalog_rules
