#include "deploy_common.hpp"

#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <cctype>

namespace streamlint::deploy {

namespace {

/// The decoded bytes of `d` from `begin` on, with their positions.
yaml_tree::Decoded tail(const yaml_tree::Decoded& d, std::size_t begin)
{
    yaml_tree::Decoded out;
    begin = std::min(begin, d.text.size());
    out.text = d.text.substr(begin);
    out.from.assign(d.from.begin() + static_cast<std::ptrdiff_t>(begin), d.from.end());
    out.to.assign(d.to.begin() + static_cast<std::ptrdiff_t>(begin), d.to.end());
    out.end = d.end;
    out.exact = d.exact;
    return out;
}

/// Replaces a value by its interpolation: the bytes no longer map one to one, so every position
/// becomes the value's start.
void set_interpolated(EnvVar& var, std::string text)
{
    const std::uint32_t at = var.value_range.begin;
    var.value.text = std::move(text);
    var.value.from.assign(var.value.text.size(), at);
    var.value.to.assign(var.value.text.size(), at);
    var.value.exact = false;
    var.interpolated = true;
}

void apply_interpolation(EnvVar& var)
{
    // FLINK_PROPERTIES is interpolated line by line (add_flink_properties): one line that needs a
    // variable of the host does not hide the others.
    if (!var.has_value || var.value.text.find('$') == std::string::npos || var.name == "FLINK_PROPERTIES") {
        return;
    }
    auto resolved = interpolate(var.value.text);
    if (!resolved) {
        var.has_value = false;  // it needs a variable of the host: unknown here
        return;
    }
    if (*resolved != var.value.text) {
        set_interpolated(var, std::move(*resolved));
    }
}

ByteRange remap(const yaml_tree::Decoded& d, ByteRange r)
{
    return d.range(r.begin, r.end);
}

}  // namespace

ByteRange entry_lines(const Source& src, std::uint32_t first, std::uint32_t end)
{
    const std::uint32_t last = end > first ? end - 1 : first;
    return {first, std::max(first, src.lines.content(src.lines.line_of(last)).end)};
}

std::optional<std::string> interpolate(std::string_view v)
{
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '$') {
            out += v[i];
            continue;
        }
        if (i + 1 < v.size() && v[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        if (i + 1 < v.size() && v[i + 1] == '{') {
            // ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?err}, ${NAME:+alt}, nesting allowed in the default.
            std::size_t depth = 1;
            std::size_t k = i + 2;
            for (; k < v.size() && depth > 0; ++k) {
                if (v[k] == '{') {
                    ++depth;
                } else if (v[k] == '}') {
                    --depth;
                }
            }
            if (depth != 0) {
                return std::nullopt;
            }
            const std::string_view body = v.substr(i + 2, k - 1 - (i + 2));
            std::size_t name_end = 0;
            while (name_end < body.size() && (std::isalnum(static_cast<unsigned char>(body[name_end])) != 0 || body[name_end] == '_')) {
                ++name_end;
            }
            const std::string_view op = body.substr(name_end);
            if (op.starts_with(":-") || op.starts_with("-")) {
                auto def = interpolate(op.substr(op.starts_with(":-") ? 2 : 1));
                if (!def) {
                    return std::nullopt;
                }
                out += *def;
            } else if (op.starts_with(":+") || op.starts_with("+")) {
                // set and non-empty: the alternative; unset: empty
            } else {
                return std::nullopt;  // ${NAME}, ${NAME:?err}: the host's value
            }
            i = k - 1;
            continue;
        }
        if (i + 1 < v.size() && (std::isalpha(static_cast<unsigned char>(v[i + 1])) != 0 || v[i + 1] == '_')) {
            return std::nullopt;  // $NAME
        }
        out += '$';
    }
    return out;
}

std::vector<EnvVar> compose_environment(const Source& src, const Node* env)
{
    std::vector<EnvVar> out;
    env = src.tree.resolve(env);
    if (env == nullptr) {
        return out;
    }
    if (env->is_map()) {
        for (const yaml_tree::Entry& e : src.tree.entries(env)) {
            const auto name = src.tree.scalar(e.key);
            if (!name || name->empty()) {
                continue;
            }
            EnvVar var;
            var.name = *name;
            var.name_range = src.tree.resolve(e.key)->range;
            const Node* value = e.value;
            var.entry_range = entry_lines(src, var.name_range.begin,
                                          value != nullptr ? std::max(value->range.end, var.name_range.end) : var.name_range.end);
            if (value != nullptr && value->is_scalar()) {
                var.value = yaml_tree::decode(src.text, src.lines, *value);
                var.value_range = value->range;
                var.has_value = true;
            } else if (value != nullptr && value->kind == yaml_tree::NodeKind::Null) {
                var.value_range = value->range;  // `KEY:` passes the host's value
            } else {
                continue;  // a list or mapping: compose refuses the file
            }
            apply_interpolation(var);
            out.push_back(std::move(var));
        }
        return out;
    }
    if (env->is_seq()) {
        for (const std::uint32_t child : env->children) {
            const Node* item = src.tree.resolve(src.tree.node(child));
            if (item == nullptr || !item->is_scalar()) {
                continue;
            }
            const yaml_tree::Decoded d = yaml_tree::decode(src.text, src.lines, *item);
            const std::size_t eq = d.text.find('=');
            EnvVar var;
            var.name = d.text.substr(0, eq);
            if (var.name.empty()) {
                continue;
            }
            var.name_range = d.range(0, var.name.size());
            var.entry_range = entry_lines(src, item->range.begin, item->range.end);
            if (eq != std::string::npos) {
                var.value = tail(d, eq + 1);
                var.value_range = d.range(eq + 1, d.text.size());
                if (d.text.size() == eq + 1) {
                    var.value_range = {d.end, d.end};
                }
                var.has_value = true;
            }
            apply_interpolation(var);
            out.push_back(std::move(var));
        }
    }
    return out;
}

std::vector<EnvVar> container_env(const Source& src, const Node* env)
{
    std::vector<EnvVar> out;
    env = src.tree.resolve(env);
    if (env == nullptr || !env->is_seq()) {
        return out;
    }
    for (const std::uint32_t child : env->children) {
        const Node* item = src.tree.resolve(src.tree.node(child));
        if (item == nullptr || !item->is_map()) {
            continue;
        }
        const Node* name = src.tree.get(item, "name");
        const auto name_text = src.tree.scalar(name);
        if (!name_text || name_text->empty()) {
            continue;
        }
        EnvVar var;
        var.name = *name_text;
        var.name_range = name->range;
        var.entry_range = entry_lines(src, item->range.begin, item->range.end);
        const Node* value = src.tree.get(item, "value");
        if (value != nullptr && value->is_scalar()) {
            var.value = yaml_tree::decode(src.text, src.lines, *value);
            var.value_range = value->range;
            var.has_value = true;
        }
        out.push_back(std::move(var));
    }
    return out;
}

Document make_document(const Source& src, FileKind kind, Syntax syntax, Embedding embedding)
{
    Document doc(src.path, kind, syntax, src.text);
    doc.comments = src.tree.comments;
    doc.embedding = std::move(embedding);
    return doc;
}

void add_env_setting(Document& doc, const EnvVar& var, std::string key)
{
    if (!var.has_value) {
        return;
    }
    Setting s;
    s.key = std::move(key);
    s.value = var.value.text;
    s.key_range = var.name_range;
    s.value_range = var.value_range;
    s.line_range = var.entry_range;
    doc.settings.push_back(std::move(s));
}

void add_jvm_options(Document& doc, const EnvVar& var)
{
    if (!var.has_value) {
        return;
    }
    std::vector<ParseNote> notes;
    std::vector<Setting> options = parse_jvm_options_string(var.value.text, 0, &notes);
    for (Setting& s : options) {
        s.key_range = remap(var.value, s.key_range);
        s.value_range = remap(var.value, s.value_range);
        s.line_range = remap(var.value, s.line_range);
        s.inactive = Inactive::No;
        s.overridden_by = -1;
        doc.settings.push_back(std::move(s));
    }
    for (ParseNote& n : notes) {
        n.range = remap(var.value, n.range);
        doc.notes.push_back(std::move(n));
    }
}

void add_flink_properties(Document& doc, const EnvVar& var)
{
    if (!var.has_value) {
        return;
    }
    Document lines("", FileKind::Flink, Syntax::FlinkLegacyYaml, var.value.text);
    parse_flink_legacy(lines);
    for (Setting& s : lines.settings) {
        s.key_range = remap(var.value, s.key_range);
        s.value_range = remap(var.value, s.value_range);
        s.line_range = remap(var.value, s.line_range);
        s.inactive = Inactive::No;
        s.overridden_by = -1;
        if (s.value.find('$') != std::string::npos) {
            // compose's interpolation (and the entrypoint's envsubst): a default is the value, a
            // variable of the host is unknown here.
            auto resolved = interpolate(s.value);
            if (!resolved) {
                continue;
            }
            s.value = std::move(*resolved);
        }
        doc.settings.push_back(std::move(s));
    }
    for (ParseNote& n : lines.notes) {
        n.range = remap(var.value, n.range);
        doc.notes.push_back(std::move(n));
    }
    for (Comment& c : lines.comments) {
        c.range = remap(var.value, c.range);
        doc.comments.push_back(c);
    }
    std::sort(doc.comments.begin(), doc.comments.end(),
              [](const Comment& a, const Comment& b) { return a.range.begin < b.range.begin; });
}

namespace {

constexpr int k_max_config_depth = 64;

void flatten(Document& doc, const Source& src, const Node* map, const std::string& prefix, int depth, std::size_t& budget)
{
    if (depth > k_max_config_depth) {
        return;
    }
    for (const yaml_tree::Entry& e : src.tree.entries(map)) {
        if (budget == 0) {
            return;
        }
        --budget;
        const Node* key = src.tree.resolve(e.key);
        if (key == nullptr || (key->kind != yaml_tree::NodeKind::Scalar && key->kind != yaml_tree::NodeKind::Null)) {
            continue;
        }
        const std::string full = prefix + (key->kind == yaml_tree::NodeKind::Null ? std::string("null") : key->value);
        const Node* value = e.value;
        if (value == nullptr) {
            continue;
        }
        if (value->is_map()) {
            flatten(doc, src, value, full + ".", depth + 1, budget);
            continue;
        }
        Setting s;
        s.key = full;
        s.key_range = key->range;
        s.value_range = value->range;
        s.line_range = entry_lines(src, key->range.begin, std::max(value->range.end, key->range.end));
        if (value->is_seq()) {
            s.shape = ValueShape::List;
            std::string joined;
            for (const std::uint32_t child : value->children) {
                const auto item = src.tree.scalar(src.tree.node(child));
                joined += (s.items.empty() ? "" : ", ") + item.value_or("");
                s.items.push_back(item.value_or(""));
            }
            s.value = "[" + joined + "]";
        } else if (value->kind == yaml_tree::NodeKind::Null) {
            s.shape = ValueShape::Null;
        } else if (value->is_scalar()) {
            s.value = value->value;
        } else {
            continue;
        }
        doc.settings.push_back(std::move(s));
    }
}

}  // namespace

void add_config_map(Document& doc, const Source& src, const Node* map)
{
    std::size_t budget = 100000;
    flatten(doc, src, src.tree.resolve(map), "", 0, budget);
}

std::optional<InsertPoint> insert_after_last(const Source& src, const Node* collection, std::string prefix)
{
    collection = src.tree.resolve(collection);
    if (collection == nullptr || collection->flow || collection->children.empty() ||
        (!collection->is_map() && !collection->is_seq())) {
        return std::nullopt;
    }
    std::uint32_t end = collection->range.end;
    for (const std::uint32_t child : collection->children) {
        end = std::max(end, src.tree.nodes[child].range.end);
    }
    const std::uint32_t line = src.lines.line_of(end > 0 ? end - 1 : 0);
    InsertPoint p;
    p.prefix = std::move(prefix);
    p.at = src.lines.with_terminator(line).end;
    const Node& first = src.tree.nodes[collection->children.front()];
    const std::uint32_t column = first.range.begin - src.lines.content(src.lines.line_of(first.range.begin)).begin;
    if (collection->is_seq()) {
        // The dash before the first item.
        const ByteRange content = src.lines.content(src.lines.line_of(first.range.begin));
        std::uint32_t dash = first.range.begin;
        while (dash > content.begin && src.text[dash - 1] != '-') {
            --dash;
        }
        p.indent = std::string(dash > content.begin ? dash - 1 - content.begin : column, ' ');
    } else {
        p.indent = std::string(column, ' ');
    }
    return p;
}

void finish(Document& doc)
{
    for (Setting& s : doc.settings) {
        if (s.inactive == Inactive::Overridden) {
            s.inactive = Inactive::No;
        }
        s.overridden_by = -1;
    }
    resolve_overrides(doc.settings);
}

}  // namespace streamlint::deploy

namespace streamlint {

namespace {

std::string base_name_of(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool yaml_name(const std::string& base)
{
    const std::string lower = to_lower(base);
    return lower.ends_with(".yml") || lower.ends_with(".yaml");
}

/// A line starting with `word:` (a top-level key), cheaply, before any YAML is parsed.
bool has_top_level_key(std::string_view text, std::string_view word)
{
    std::size_t at = 0;
    while ((at = text.find(word, at)) != std::string_view::npos) {
        const bool line_start = at == 0 || text[at - 1] == '\n' || text[at - 1] == '\r';
        const std::size_t after = at + word.size();
        if (line_start && after < text.size() && (text[after] == ':' || text[after] == ' ')) {
            return true;
        }
        at = after;
    }
    return false;
}

bool mentions_supported_kind(std::string_view text)
{
    return text.find("kafka.strimzi.io") != std::string_view::npos ||
           text.find("flink.apache.org") != std::string_view::npos ||
           text.find("elasticsearch.k8s.elastic.co") != std::string_view::npos;
}

}  // namespace

std::optional<DeploymentFormat> deployment_format(const std::string& path, std::string_view text, bool named)
{
    const std::string base = base_name_of(path);
    if (!yaml_name(base)) {
        return std::nullopt;
    }
    const bool compose_named = compose_file_name(base);
    const bool maybe_compose = (compose_named || named) && has_top_level_key(text, "services");
    const bool maybe_kubernetes = mentions_supported_kind(text) && text.find("apiVersion") != std::string_view::npos &&
                                  text.find("kind") != std::string_view::npos;
    if (!maybe_compose && !maybe_kubernetes) {
        return std::nullopt;
    }
    const LineIndex lines(text);
    const yaml_tree::Tree tree = yaml_tree::parse(text, lines);
    if (maybe_compose && (deploy::compose_shape(tree) || (compose_named && tree.error))) {
        return DeploymentFormat::Compose;
    }
    if (maybe_kubernetes && deploy::kubernetes_shape(tree)) {
        return DeploymentFormat::Kubernetes;
    }
    return std::nullopt;
}

DeploymentRead read_deployment(const std::string& path, const std::string& text, DeploymentFormat format)
{
    DeploymentRead out;
    const LineIndex lines(text);
    const yaml_tree::Tree tree = yaml_tree::parse(text, lines);
    const deploy::Source src{path, text, lines, tree};
    out.documents = format == DeploymentFormat::Compose ? deploy::read_compose(src) : deploy::read_kubernetes(src);
    for (Document& doc : out.documents) {
        doc.embedding->format = format;
    }
    if (tree.error) {
        const std::uint32_t at = std::min<std::uint32_t>(tree.error->offset, static_cast<std::uint32_t>(text.size()));
        const std::uint32_t end = at < text.size() ? at + 1 : at;
        const char* product = format == DeploymentFormat::Compose ? "docker compose" : "kubectl";
        out.error = ParseNote{NoteKind::SyntaxError, {at, end},
                              std::string(product) + " refuses the file: " + tree.error->message, {}};
    }
    return out;
}

bool same_component(const Document& a, const Document& b)
{
    return a.kind == b.kind && a.syntax == b.syntax && a.embedding && b.embedding && a.embedding->label == b.embedding->label;
}

}  // namespace streamlint
