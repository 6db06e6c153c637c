#include "embedded_edits.hpp"

#include <streamlint/deployment.hpp>
#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace streamlint::embedded {

namespace {

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/// A plain YAML scalar that reads back as this same string (not a number, boolean or null in
/// another spelling, no indicator, no `: ` or ` #`).
bool plain_string_ok(std::string_view s)
{
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) != 0 ||
        std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        return false;
    }
    static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
    if (indicators.find(s.front()) != std::string_view::npos &&
        !(s.size() > 1 && s.front() == '-' && std::isdigit(static_cast<unsigned char>(s[1])) != 0)) {
        return false;
    }
    if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos || s.back() == ':' ||
        s.find_first_of("\n\r\t") != std::string_view::npos) {
        return false;
    }
    // Forms YAML resolves to something else than this text: null, other booleans, floats, octal/hex.
    for (const std::string_view word : {"~", "null", "Null", "NULL", "True", "TRUE", "False", "FALSE", "yes", "no",
                                        "on", "off", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF", ".inf", ".nan"}) {
        if (s == word) {
            return false;
        }
    }
    const bool numeric = std::all_of(s.begin() + (s.front() == '-' ? 1 : 0), s.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.'; });
    if (numeric) {
        const std::string_view digits = s.substr(s.front() == '-' ? 1 : 0);
        return !digits.empty() && digits.find('.') == std::string_view::npos && !(digits.size() > 1 && digits[0] == '0');
    }
    return !(s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'));
}

std::string double_quoted(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += c;
        }
    }
    return out + "\"";
}

std::string single_quoted(std::string_view s)
{
    std::string out = "'";
    for (const char c : s) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

/// A whole YAML scalar for `value`, in the style of `raw` (the scalar it replaces) where it has one.
std::optional<std::string> yaml_scalar(std::string_view value, std::string_view raw, bool strings_only)
{
    if (raw.starts_with("|") || raw.starts_with(">")) {
        return std::nullopt;
    }
    if (value.find_first_of("\r\n") != std::string_view::npos) {
        return double_quoted(value);
    }
    if (raw.starts_with("'")) {
        return single_quoted(value);
    }
    if (raw.starts_with("\"")) {
        return double_quoted(value);
    }
    // `strings_only`: a mapping of strings (Strimzi's `-XX`), where `true` or `20` must stay text.
    const bool scalar_of_other_type =
        value == "true" || value == "false" ||
        std::all_of(value.begin() + (value.starts_with("-") ? 1 : 0), value.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    const bool plain = plain_string_ok(value) && !(strings_only && scalar_of_other_type);
    return plain ? std::string(value) : double_quoted(value);
}

/// The part of an entry that the file writes where a setting's range says, or nullopt when the
/// range does not hold it (an interpolated value, a re-encoded scalar).
bool maps_exactly(const Document& doc, const Setting& s)
{
    return !s.key_range.empty() && s.key_range.end <= doc.text.size() && s.value_range.end <= doc.text.size() &&
           !s.key_range.overlaps(s.value_range) && doc.slice(s.value_range).find('$') == std::string_view::npos;
}

/// Where a line-based embedding adds a line: after the `near` setting's entry (with that line's
/// indentation), else at the embedding's insertion point whose prefix fits the key.
struct Place {
    std::uint32_t at = 0;
    std::string indent;
    std::string prefix;
};

std::optional<Place> place_for(const Document& doc, std::string_view key, const std::vector<std::string>& near,
                               bool use_near)
{
    if (use_near) {
        const Setting* anchor = nullptr;
        for (const Setting& s : doc.settings) {
            if (s.active() && std::find(near.begin(), near.end(), s.key) != near.end() && maps_exactly(doc, s)) {
                anchor = &s;
            }
        }
        if (anchor != nullptr) {
            const ByteRange first = doc.lines.content(doc.lines.line_of(anchor->line_range.begin));
            std::uint32_t p = first.begin;
            while (p < first.end && is_blank(doc.text[p])) {
                ++p;
            }
            return Place{line_with_terminator(doc, anchor->line_range).end, std::string(doc.slice({first.begin, p})), {}};
        }
    }
    if (!doc.embedding) {
        return std::nullopt;
    }
    const InsertPoint* best = nullptr;
    for (const InsertPoint& p : doc.embedding->inserts) {
        if (key.starts_with(p.prefix) && (best == nullptr || p.prefix.size() > best->prefix.size())) {
            best = &p;
        }
    }
    if (best == nullptr || best->at > doc.text.size()) {
        return std::nullopt;
    }
    return Place{best->at, best->indent, best->prefix};
}

/// A new line at a place: a line break first when the place is the end of a last line without one.
Edit insert_line(const Document& doc, const Place& place, const std::string& line)
{
    const std::string nl(newline_of(doc));
    const bool needs_break = place.at > 0 && doc.text[place.at - 1] != '\n' && doc.text[place.at - 1] != '\r';
    return Edit{{place.at, place.at}, (needs_break ? nl : std::string()) + place.indent + line + nl};
}

/// Deletes the whole lines of a setting, unless another setting of the document shares them.
std::optional<Edit> delete_lines(const Document& doc, const Setting& s)
{
    const ByteRange lines = line_with_terminator(doc, s.line_range);
    for (const Setting& other : doc.settings) {
        if (&other != &s && other.line_range.overlaps(lines)) {
            return std::nullopt;
        }
    }
    return Edit{lines, ""};
}

// --- docker-compose environment -------------------------------------------------------------------

/// The quote of the `- KEY=value` item a list-form setting sits in (0 when plain).
char item_quote(const Document& doc, const Setting& s)
{
    if (s.key_range.begin == 0) {
        return 0;
    }
    const char c = doc.text[s.key_range.begin - 1];
    return c == '"' || c == '\'' ? c : 0;
}

bool list_item(const Document& doc, const Setting& s)
{
    return s.key_range.end < doc.text.size() && doc.text[s.key_range.end] == '=';
}

std::optional<std::string> env_name(const Document& doc, std::string_view key)
{
    if (!doc.embedding) {
        return std::nullopt;
    }
    return env_from_kafka_key(key, doc.embedding->naming);
}

/// `KEY=value` as a list item of its own.
std::string list_entry(std::string_view name, std::string_view value)
{
    const std::string item = std::string(name) + "=" + std::string(value);
    return plain_string_ok(item) ? item : double_quoted(item);
}

std::optional<Edit> compose_replace(const Document& doc, const Setting& s, std::string_view value)
{
    if (!maps_exactly(doc, s)) {
        return std::nullopt;
    }
    if (!list_item(doc, s)) {
        auto scalar = yaml_scalar(value, doc.slice(s.value_range), false);
        return scalar ? std::optional<Edit>(Edit{s.value_range, *scalar}) : std::nullopt;
    }
    const char q = item_quote(doc, s);
    if (q == '"') {
        std::string escaped = double_quoted(value);
        return Edit{s.value_range, escaped.substr(1, escaped.size() - 2)};
    }
    if (q == '\'') {
        if (value.find_first_of("\r\n") != std::string_view::npos) {
            return std::nullopt;
        }
        std::string escaped = single_quoted(value);
        return Edit{s.value_range, escaped.substr(1, escaped.size() - 2)};
    }
    // A plain item: written plain when it stays one scalar with the same text, else the whole item quoted.
    const std::string name(doc.slice(s.key_range));
    const std::string item = name + "=" + std::string(value);
    if (plain_string_ok(item)) {
        return Edit{s.value_range, std::string(value)};
    }
    return Edit{{s.key_range.begin, s.value_range.end}, double_quoted(item)};
}

std::optional<Edit> compose_add(const Document& doc, std::string_view key, std::string_view value,
                                const std::vector<std::string>& near)
{
    const auto name = env_name(doc, key);
    if (!name || !doc.embedding) {
        return std::nullopt;
    }
    const auto place = place_for(doc, key, near, true);
    if (!place) {
        return std::nullopt;
    }
    if (doc.embedding->list_form) {
        return insert_line(doc, *place, "- " + list_entry(*name, value));
    }
    const auto scalar = yaml_scalar(value, "", false);
    return scalar ? std::optional<Edit>(insert_line(doc, *place, *name + ": " + *scalar)) : std::nullopt;
}

std::optional<Edit> compose_rename(const Document& doc, const Setting& s, std::string_view new_key)
{
    const auto name = env_name(doc, new_key);
    if (!name || !maps_exactly(doc, s)) {
        return std::nullopt;
    }
    const std::string_view raw = doc.slice(s.key_range);
    if (raw.starts_with("\"") || raw.starts_with("'")) {
        return Edit{s.key_range, std::string(1, raw.front()) + *name + std::string(1, raw.front())};
    }
    return Edit{s.key_range, *name};
}

// --- FLINK_PROPERTIES lines ----------------------------------------------------------------------

bool flink_line_exact(const Document& doc, const Setting& s)
{
    return maps_exactly(doc, s) && doc.slice(s.key_range) == s.key;
}

// --- JVM options strings --------------------------------------------------------------------------

/// Text that fits inside the scalar holding the options whatever its quoting.
bool fits_in_options(std::string_view text)
{
    return !text.empty() && text.find_first_of(" \t\r\n\"'\\#") == std::string_view::npos && text.find(": ") == std::string_view::npos;
}

std::string option_text(std::string_view key, std::string_view value)
{
    if (key.starts_with("-XX:")) {
        const std::string_view name = key.substr(4);
        return value == "true" ? fmt::format("-XX:+{}", name)
               : value == "false" ? fmt::format("-XX:-{}", name)
                                  : fmt::format("-XX:{}={}", name, value);
    }
    if (key.starts_with("-D")) {
        return value.empty() ? std::string(key) : fmt::format("{}={}", key, value);
    }
    return std::string(key) + std::string(value);
}

/// An option whose text maps one to one onto the file (an interpolated or re-encoded value maps to
/// a point). Its key range may hold its value range (`-XX:+Name`: the sign).
bool option_exact(const Document& doc, const Setting& s)
{
    return !s.key_range.empty() && !s.line_range.empty() && s.line_range.end <= doc.text.size() &&
           doc.slice(s.line_range).find('$') == std::string_view::npos;
}

bool option_char(char c)
{
    return !is_blank(c) && c != '"' && c != '\'' && c != '\n' && c != '\r' && c != '=' && c != ':';
}

std::optional<Edit> options_delete(const Document& doc, const Setting& s)
{
    if (!option_exact(doc, s)) {
        return std::nullopt;
    }
    const ByteRange token = s.line_range;
    const ByteRange line = doc.lines.content(doc.lines.line_of(token.begin));
    // With the blanks before it when another option precedes it, else with those after it.
    std::uint32_t p = token.begin;
    while (p > line.begin && is_blank(doc.text[p - 1])) {
        --p;
    }
    if (p < token.begin && p > line.begin && option_char(doc.text[p - 1])) {
        return Edit{{p, token.end}, ""};
    }
    std::uint32_t q = token.end;
    while (q < line.end && is_blank(doc.text[q])) {
        ++q;
    }
    if (q > token.end && q < line.end && option_char(doc.text[q])) {
        return Edit{{token.begin, q}, ""};
    }
    return std::nullopt;  // the only option of its variable: removing it would unset the variable
}

std::optional<Edit> options_add(const Document& doc, std::string_view key, std::string_view value,
                                const std::vector<std::string>& near)
{
    const std::string option = option_text(key, value);
    if (!fits_in_options(option)) {
        return std::nullopt;
    }
    for (auto it = doc.settings.rbegin(); it != doc.settings.rend(); ++it) {
        if (it->active() && std::find(near.begin(), near.end(), it->key) != near.end() && option_exact(doc, *it)) {
            return Edit{{it->line_range.end, it->line_range.end}, " " + option};
        }
    }
    if (!doc.embedding || doc.embedding->inserts.empty() || doc.embedding->inserts.front().at > doc.text.size()) {
        return std::nullopt;
    }
    const std::uint32_t at = doc.embedding->inserts.front().at;
    return Edit{{at, at}, " " + option};
}

std::optional<Edit> options_replace(const Document& doc, const Setting& s, std::string_view value)
{
    if (!option_exact(doc, s)) {
        return std::nullopt;
    }
    const std::string_view raw = doc.slice(s.value_range);
    if (raw == "+" || raw == "-") {
        if (value == "true") {
            return Edit{s.value_range, "+"};
        }
        if (value == "false") {
            return Edit{s.value_range, "-"};
        }
        return std::nullopt;
    }
    if (!fits_in_options(value)) {
        return std::nullopt;
    }
    return Edit{s.value_range, std::string(value)};
}

std::optional<Edit> options_rename(const Document& doc, const Setting& s, std::string_view new_key)
{
    if (!option_exact(doc, s) || !fits_in_options(new_key)) {
        return std::nullopt;
    }
    const std::string_view raw = doc.slice(s.key_range);
    if (raw.starts_with("-XX:+") || raw.starts_with("-XX:-")) {
        if (!new_key.starts_with("-XX:")) {
            return std::nullopt;
        }
        return Edit{s.key_range, fmt::format("-XX:{}{}", raw[4], new_key.substr(4))};
    }
    return Edit{s.key_range, std::string(new_key)};
}

// --- Kubernetes config mappings --------------------------------------------------------------------

/// The flattened prefix of a nested key (`job.autoscaler.` of `enabled`), "" for a key written whole.
std::string_view parents_of(const Document& doc, const Setting& s)
{
    const std::string_view written = doc.slice(s.key_range);
    const std::string_view unquoted =
        written.size() >= 2 && (written.front() == '"' || written.front() == '\'') ? written.substr(1, written.size() - 2) : written;
    if (!std::string_view(s.key).ends_with(unquoted)) {
        return s.key;
    }
    return std::string_view(s.key).substr(0, s.key.size() - unquoted.size());
}

std::optional<Edit> config_delete(const Document& doc, const Setting& s)
{
    const std::string_view parents = parents_of(doc, s);
    if (!parents.empty()) {
        const bool sibling = std::any_of(doc.settings.begin(), doc.settings.end(), [&](const Setting& o) {
            return &o != &s && std::string_view(o.key).starts_with(parents);
        });
        if (!sibling) {
            return std::nullopt;  // the parent mapping would be left empty, a null
        }
    }
    return delete_lines(doc, s);
}

std::optional<Edit> config_rename(const Document& doc, const Setting& s, std::string_view new_key)
{
    const std::string_view raw = doc.slice(s.key_range);
    if (raw.empty() || raw.front() == '"' || raw.front() == '\'' || !plain_string_ok(new_key) ||
        new_key.find(':') != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view parents = parents_of(doc, s);
    if (!new_key.starts_with(parents) || new_key.size() == parents.size()) {
        return std::nullopt;
    }
    return Edit{s.key_range, std::string(new_key.substr(parents.size()))};
}

std::optional<Edit> config_add(const Document& doc, std::string_view key, std::string_view value,
                               const std::vector<std::string>& near)
{
    // Next to a related key written whole at the top of the mapping, else at its end: a dotted key
    // there flattens to the same key.
    std::vector<std::string> top_level;
    for (const Setting& s : doc.settings) {
        if (std::find(near.begin(), near.end(), s.key) != near.end() && parents_of(doc, s).empty() &&
            doc.embedding && !doc.embedding->inserts.empty() &&
            doc.lines.position(s.key_range.begin).column == doc.embedding->inserts.front().indent.size() + 1) {
            top_level.push_back(s.key);
        }
    }
    const auto place = place_for(doc, key, top_level, !top_level.empty());
    if (!place || !plain_string_ok(key) || key.find(':') != std::string_view::npos) {
        return std::nullopt;
    }
    const auto scalar = yaml_scalar(value, "", false);
    return scalar ? std::optional<Edit>(insert_line(doc, *place, std::string(key) + ": " + *scalar)) : std::nullopt;
}

// --- Strimzi jvmOptions --------------------------------------------------------------------------

std::optional<Edit> strimzi_replace(const Document& doc, const Setting& s, std::string_view value)
{
    if (s.key.starts_with("-D") || !maps_exactly(doc, s)) {
        return std::nullopt;
    }
    const auto scalar = yaml_scalar(value, doc.slice(s.value_range), true);
    return scalar ? std::optional<Edit>(Edit{s.value_range, *scalar}) : std::nullopt;
}

std::optional<Edit> strimzi_add(const Document& doc, std::string_view key, std::string_view value)
{
    if (!key.starts_with("-XX:") && key != "-Xms" && key != "-Xmx") {
        return std::nullopt;
    }
    const auto place = place_for(doc, key, {}, false);
    if (!place || (key.starts_with("-XX:") && place->prefix != "-XX:")) {
        return std::nullopt;
    }
    const std::string_view name = key.substr(place->prefix.size());
    const auto scalar = yaml_scalar(value, "", true);
    if (!scalar || (!plain_string_ok(name) && !name.starts_with("-X"))) {
        return std::nullopt;
    }
    return insert_line(doc, *place, std::string(name) + ": " + *scalar);
}

std::optional<Edit> strimzi_delete(const Document& doc, const Setting& s)
{
    if (s.key.starts_with("-XX:")) {
        const bool sibling = std::any_of(doc.settings.begin(), doc.settings.end(),
                                         [&](const Setting& o) { return &o != &s && o.key.starts_with("-XX:"); });
        if (!sibling) {
            return std::nullopt;
        }
    }
    return delete_lines(doc, s);
}

std::optional<Edit> strimzi_rename(const Document& /*doc*/, const Setting& s, std::string_view new_key)
{
    if (!s.key.starts_with("-XX:") || !new_key.starts_with("-XX:") || !plain_string_ok(new_key.substr(4))) {
        return std::nullopt;
    }
    return Edit{s.key_range, std::string(new_key.substr(4))};
}

}  // namespace

std::optional<Edit> replace_value(const Document& doc, const Setting& s, std::string_view value)
{
    switch (doc.syntax) {
    case Syntax::ComposeEnvironment: return compose_replace(doc, s, value);
    case Syntax::EnvFlinkProperties:
        if (!flink_line_exact(doc, s) || value.empty() || value.find('#') != std::string_view::npos ||
            value.find_first_of("\r\n") != std::string_view::npos) {
            return std::nullopt;
        }
        return Edit{s.value_range, std::string(value)};
    case Syntax::EnvJvmOptions: return options_replace(doc, s, value);
    case Syntax::KubernetesConfig: {
        if ((s.shape != ValueShape::Scalar && s.shape != ValueShape::Null) || !maps_exactly(doc, s)) {
            return std::nullopt;
        }
        const auto scalar = yaml_scalar(value, doc.slice(s.value_range), false);
        return scalar ? std::optional<Edit>(Edit{s.value_range, *scalar}) : std::nullopt;
    }
    case Syntax::KubernetesJvmOptions: return strimzi_replace(doc, s, value);
    default: return std::nullopt;
    }
}

std::optional<Edit> add_setting(const Document& doc, std::string_view key, std::string_view value,
                                const std::vector<std::string>& near)
{
    switch (doc.syntax) {
    case Syntax::ComposeEnvironment: return compose_add(doc, key, value, near);
    case Syntax::EnvFlinkProperties: {
        if (value.empty() || value.find('#') != std::string_view::npos || key.find(": ") != std::string_view::npos ||
            key.find('#') != std::string_view::npos) {
            return std::nullopt;
        }
        const auto place = place_for(doc, key, near, true);
        return place ? std::optional<Edit>(insert_line(doc, *place, std::string(key) + ": " + std::string(value)))
                     : std::nullopt;
    }
    case Syntax::EnvJvmOptions: return options_add(doc, key, value, near);
    case Syntax::KubernetesConfig: return config_add(doc, key, value, near);
    case Syntax::KubernetesJvmOptions: return strimzi_add(doc, key, value);
    default: return std::nullopt;
    }
}

std::optional<Edit> delete_setting(const Document& doc, const Setting& s)
{
    switch (doc.syntax) {
    case Syntax::ComposeEnvironment: return maps_exactly(doc, s) ? delete_lines(doc, s) : std::nullopt;
    case Syntax::EnvFlinkProperties: return flink_line_exact(doc, s) ? delete_lines(doc, s) : std::nullopt;
    case Syntax::EnvJvmOptions: return options_delete(doc, s);
    case Syntax::KubernetesConfig: return maps_exactly(doc, s) ? config_delete(doc, s) : std::nullopt;
    case Syntax::KubernetesJvmOptions: return maps_exactly(doc, s) ? strimzi_delete(doc, s) : std::nullopt;
    default: return std::nullopt;
    }
}

std::optional<Edit> rename_key(const Document& doc, const Setting& s, std::string_view new_key)
{
    switch (doc.syntax) {
    case Syntax::ComposeEnvironment: return compose_rename(doc, s, new_key);
    case Syntax::EnvFlinkProperties:
        if (!flink_line_exact(doc, s) || new_key.empty() || new_key.find_first_of("#: \t") != std::string_view::npos) {
            return std::nullopt;
        }
        return Edit{s.key_range, std::string(new_key)};
    case Syntax::EnvJvmOptions: return options_rename(doc, s, new_key);
    case Syntax::KubernetesConfig: return maps_exactly(doc, s) ? config_rename(doc, s, new_key) : std::nullopt;
    case Syntax::KubernetesJvmOptions: return maps_exactly(doc, s) ? strimzi_rename(doc, s, new_key) : std::nullopt;
    default: return std::nullopt;
    }
}

}  // namespace streamlint::embedded
