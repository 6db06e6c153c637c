#include <streamlint/model.hpp>

#include <algorithm>
#include <array>

namespace streamlint {

namespace {
constexpr std::array<std::pair<FileKind, std::string_view>, 8> k_kind_names{{
    {FileKind::KafkaBroker, "kafka-broker"},
    {FileKind::KafkaProducer, "kafka-producer"},
    {FileKind::KafkaConsumer, "kafka-consumer"},
    {FileKind::KafkaConnect, "kafka-connect"},
    {FileKind::ZooKeeper, "zookeeper"},
    {FileKind::Flink, "flink"},
    {FileKind::ElasticsearchIndex, "elasticsearch-index"},
    {FileKind::Jvm, "jvm"},
}};
}  // namespace

std::string_view to_string(FileKind kind)
{
    for (const auto& [k, name] : k_kind_names) {
        if (k == kind) {
            return name;
        }
    }
    return "unknown";
}

std::optional<FileKind> parse_file_kind(std::string_view name)
{
    for (const auto& [k, n] : k_kind_names) {
        if (n == name) {
            return k;
        }
    }
    return std::nullopt;
}

const std::vector<std::string_view>& file_kind_names()
{
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v;
        for (const auto& [k, n] : k_kind_names) {
            v.push_back(n);
        }
        return v;
    }();
    return names;
}

std::string_view to_string(Syntax syntax)
{
    switch (syntax) {
    case Syntax::Properties: return "properties";
    case Syntax::FlinkLegacyYaml: return "flink-conf.yaml";
    case Syntax::FlinkYaml: return "config.yaml";
    case Syntax::Json: return "json";
    case Syntax::JvmOptions: return "jvm.options";
    case Syntax::ComposeEnvironment: return "compose-environment";
    case Syntax::EnvFlinkProperties: return "flink-properties";
    case Syntax::EnvJvmOptions: return "jvm-options-variable";
    case Syntax::KubernetesConfig: return "kubernetes-config";
    case Syntax::KubernetesJvmOptions: return "strimzi-jvm-options";
    }
    return "unknown";
}

std::string_view to_string(NoteKind kind)
{
    switch (kind) {
    case NoteKind::SyntaxError: return "syntax-error";
    case NoteKind::Utf8Bom: return "utf8-bom";
    case NoteKind::NonLatin1: return "non-latin1";
    case NoteKind::HashTruncatesValue: return "hash-truncates-value";
    case NoteKind::LineSkipped: return "line-skipped";
    case NoteKind::QuotesKept: return "quotes-kept";
    case NoteKind::NestedBlockMisread: return "nested-block-misread";
    case NoteKind::InvalidEscape: return "invalid-escape";
    case NoteKind::TrailingWhitespace: return "trailing-whitespace";
    }
    return "unknown";
}

Document::Document(std::string path_, FileKind kind_, Syntax syntax_, std::string text_)
    : path(std::move(path_)), kind(kind_), syntax(syntax_), text(std::move(text_)), lines(text)
{
}

Document::Document(Document&& other) noexcept
    : path(std::move(other.path)),
      kind(other.kind),
      syntax(other.syntax),
      text(std::move(other.text)),
      lines(std::move(other.lines)),
      settings(std::move(other.settings)),
      notes(std::move(other.notes)),
      comments(std::move(other.comments)),
      embedding(std::move(other.embedding))
{
    lines.rebind(text);
}

Document& Document::operator=(Document&& other) noexcept
{
    if (this != &other) {
        path = std::move(other.path);
        kind = other.kind;
        syntax = other.syntax;
        text = std::move(other.text);
        lines = std::move(other.lines);
        lines.rebind(text);
        settings = std::move(other.settings);
        notes = std::move(other.notes);
        comments = std::move(other.comments);
        embedding = std::move(other.embedding);
    }
    return *this;
}

std::string_view Document::slice(ByteRange r) const
{
    if (r.begin >= text.size()) {
        return {};
    }
    return std::string_view(text).substr(r.begin, r.size());
}

const Setting* Document::find(std::string_view key) const
{
    for (auto it = settings.rbegin(); it != settings.rend(); ++it) {
        if (it->active() && it->key == key) {
            return &*it;
        }
    }
    return nullptr;
}

void resolve_overrides(std::vector<Setting>& settings)
{
    // The last active occurrence of a key (within its scope) wins; every earlier one is
    // overridden by it. Sorting (key, index) pairs finds the groups with one allocation or two,
    // where a hash map of keys made two a setting.
    std::vector<std::string> scoped;  // "scope\0key" of the scoped settings, which `ids` points into
    std::size_t n_scoped = 0;
    for (const Setting& s : settings) {
        n_scoped += s.active() && !s.cumulative && !s.scope.empty() ? 1 : 0;
    }
    scoped.reserve(n_scoped);  // no reallocation: the views below stay valid
    std::vector<std::pair<std::string_view, std::int32_t>> ids;
    ids.reserve(settings.size());
    for (std::size_t i = 0; i < settings.size(); ++i) {
        const Setting& s = settings[i];
        if (!s.active() || s.cumulative) {
            continue;
        }
        std::string_view id = s.key;
        if (!s.scope.empty()) {
            scoped.push_back(s.scope + '\0' + s.key);
            id = scoped.back();
        }
        ids.emplace_back(id, static_cast<std::int32_t>(i));
    }
    std::sort(ids.begin(), ids.end());
    for (std::size_t g = 0; g < ids.size();) {
        std::size_t e = g + 1;
        while (e < ids.size() && ids[e].first == ids[g].first) {
            ++e;
        }
        const std::int32_t winner = ids[e - 1].second;  // the last in the file
        for (std::size_t k = g; k + 1 < e; ++k) {
            Setting& s = settings[static_cast<std::size_t>(ids[k].second)];
            s.inactive = Inactive::Overridden;
            s.overridden_by = winner;
        }
        g = e;
    }
}

}  // namespace streamlint
