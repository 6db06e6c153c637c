#include "embedded_edits.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace streamlint {

ByteRange line_with_terminator(const Document& doc, ByteRange line_range)
{
    const std::uint32_t first = doc.lines.line_of(line_range.begin);
    const std::uint32_t last =
        doc.lines.line_of(line_range.end > line_range.begin ? line_range.end - 1 : line_range.begin);
    return {doc.lines.with_terminator(first).begin, doc.lines.with_terminator(last).end};
}

std::string_view newline_of(const Document& doc)
{
    // One pass: find_first_of looked each byte up in the set with a call of its own (a fix of an absent
    // key asks this, and a file's first line is often a long comment).
    const std::string& text = doc.text;
    const auto nl = std::find_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; });
    if (nl == text.end()) {
        return "\n";
    }
    if (*nl == '\r') {
        return nl + 1 != text.end() && nl[1] == '\n' ? "\r\n" : "\r";
    }
    return "\n";
}

namespace {

// A value for a .properties file: what Properties.load reads back as `value`.
std::string escape_properties_value(std::string_view value)
{
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\') {
            out += "\\\\";
        } else if (c == ' ' && out.empty()) {
            out += "\\ ";  // a leading blank would be skipped
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += c;
        }
    }
    return out;
}

std::string escape_properties_key(std::string_view key)
{
    std::string out;
    for (const char c : key) {
        if (c == '=' || c == ':' || c == ' ' || c == '\\' || c == '#' || c == '!') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string json_string(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

bool json_number_or_bool(std::string_view s)
{
    if (s == "true" || s == "false") {
        return true;
    }
    if (s.empty()) {
        return false;
    }
    std::size_t i = s[0] == '-' ? 1 : 0;
    if (i >= s.size()) {
        return false;
    }
    bool digits = false;
    bool dot = false;
    for (; i < s.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(s[i]))) {
            digits = true;
        } else if (s[i] == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    return digits && !(s.size() > 1 && s[0] == '0' && s[1] != '.');
}

// A plain YAML scalar that reads back as the same string under YAML 1.2's core schema.
bool yaml_plain_safe(std::string_view s)
{
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) ||
        std::isspace(static_cast<unsigned char>(s.back()))) {
        return false;
    }
    static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
    if (indicators.find(s.front()) != std::string_view::npos) {
        return s.size() > 1 && s.front() == '-' && std::isdigit(static_cast<unsigned char>(s[1]));
    }
    return s.find(": ") == std::string_view::npos && s.find(" #") == std::string_view::npos &&
           s.find_first_of("\n\r\t") == std::string_view::npos;
}

std::string yaml_quoted(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

/// Settings embedded in a deployment file: edited in the embedding's syntax (embedded_edits.cpp).
bool embedded_syntax(Syntax syntax)
{
    return syntax == Syntax::ComposeEnvironment || syntax == Syntax::EnvFlinkProperties ||
           syntax == Syntax::EnvJvmOptions || syntax == Syntax::KubernetesConfig ||
           syntax == Syntax::KubernetesJvmOptions;
}

}  // namespace

std::optional<Edit> replace_value(const Document& doc, const Setting& s, std::string_view value)
{
    if (embedded_syntax(doc.syntax)) {
        return embedded::replace_value(doc, s, value);
    }
    const std::string_view raw = doc.slice(s.value_range);
    switch (doc.syntax) {
    case Syntax::Properties: return Edit{s.value_range, escape_properties_value(value)};
    case Syntax::FlinkLegacyYaml:
        // Flink's line reader takes the rest of the line; a '#' would cut it.
        if (value.find('#') != std::string_view::npos || value.find_first_of("\r\n") != std::string_view::npos) {
            return std::nullopt;
        }
        return Edit{s.value_range, std::string(value)};
    case Syntax::FlinkYaml: {
        const bool was_quoted = raw.starts_with("\"") || raw.starts_with("'");
        if (s.shape != ValueShape::Scalar && s.shape != ValueShape::Null) {
            return std::nullopt;
        }
        return Edit{s.value_range, was_quoted || !yaml_plain_safe(value) ? yaml_quoted(value) : std::string(value)};
    }
    case Syntax::Json: {
        if (s.shape == ValueShape::List) {
            return std::nullopt;
        }
        const bool was_string = raw.starts_with("\"");
        return Edit{s.value_range, was_string || !json_number_or_bool(value) ? json_string(value) : std::string(value)};
    }
    case Syntax::JvmOptions: {
        if (raw == "+" || raw == "-") {
            if (value == "true") {
                return Edit{s.value_range, "+"};
            }
            if (value == "false") {
                return Edit{s.value_range, "-"};
            }
            return std::nullopt;
        }
        if (value.find_first_of(" \t\r\n") != std::string_view::npos) {
            return std::nullopt;
        }
        return Edit{s.value_range, std::string(value)};
    }
    default: break;  // embedded syntaxes: handled above
    }
    return std::nullopt;
}

namespace {

// Where the new line goes: after the last related setting, else at the end of the file.
std::uint32_t insertion_point(const Document& doc, const std::vector<std::string>& near, bool& at_end)
{
    const Setting* anchor = nullptr;
    for (const Setting& s : doc.settings) {
        if (std::find(near.begin(), near.end(), s.key) != near.end() && s.active()) {
            anchor = &s;
        }
    }
    if (anchor != nullptr) {
        at_end = false;
        return line_with_terminator(doc, anchor->line_range).end;
    }
    at_end = true;
    return static_cast<std::uint32_t>(doc.text.size());
}

std::string properties_separator(const Document& doc)
{
    for (const Setting& s : doc.settings) {
        if (s.key_range.end <= s.value_range.begin && !s.value_range.empty()) {
            const std::string_view sep = doc.slice({s.key_range.end, s.value_range.begin});
            if (!sep.empty() && sep.size() <= 4) {
                return std::string(sep);
            }
        }
    }
    return "=";
}

}  // namespace

std::optional<Edit> add_setting(const Document& doc, std::string_view key, std::string_view value,
                                const std::vector<std::string>& near)
{
    if (embedded_syntax(doc.syntax)) {
        return embedded::add_setting(doc, key, value, near);
    }
    const std::string nl(newline_of(doc));
    bool at_end = true;
    std::uint32_t at = insertion_point(doc, near, at_end);
    // An anchor on the last line without a terminator: the new line needs one first.
    const bool needs_newline_first = at > 0 && doc.text[at - 1] != '\n' && doc.text[at - 1] != '\r';
    const std::string lead = needs_newline_first ? nl : "";
    switch (doc.syntax) {
    case Syntax::Properties:
        return Edit{{at, at}, lead + escape_properties_key(key) + properties_separator(doc) +
                                  escape_properties_value(value) + nl};
    case Syntax::FlinkLegacyYaml:
        if (value.find('#') != std::string_view::npos || value.empty()) {
            return std::nullopt;
        }
        return Edit{{at, at}, lead + std::string(key) + ": " + std::string(value) + nl};
    case Syntax::FlinkYaml: {
        if (doc.settings.empty() && !trim(doc.text).empty()) {
            return std::nullopt;  // not a mapping we understand
        }
        // Appended at the end, a dotted top-level key is flattened like the nested form; an anchor
        // inside a nested block would need its indentation, so YAML always appends, at the
        // indentation of the root mapping (which YAML allows to be indented: a key at column 0
        // after `  a: 1` would start something else). A root that is a flow collection or a
        // sequence, or a stream with document markers after its first key, gets no line appended.
        std::optional<std::string> indent;
        bool markers = false;
        for (std::uint32_t i = 0; i < doc.lines.line_count() && !markers; ++i) {
            const std::string_view line = doc.slice(doc.lines.content(i));
            if (indent) {
                // After the first key only a document marker or a directive matters (one before it
                // is harmless): a look at the first bytes of each line, which every absent key of a
                // rule pack asks for.
                std::size_t first = 0;
                while (first < line.size() && std::isspace(static_cast<unsigned char>(line[first])) != 0) {
                    ++first;
                }
                const std::string_view content = line.substr(first);
                const auto begins = [&content](char c) {
                    return content.size() >= 3 && content[0] == c && content[1] == c && content[2] == c;
                };
                markers = begins('-') || begins('.') || (!line.empty() && line[0] == '%');
                continue;
            }
            const std::string_view content = trim(line);
            if (content.empty() || content.starts_with("#") || content.starts_with("%") || content.starts_with("---")) {
                continue;
            }
            const std::size_t spaces = line.find_first_not_of(' ');
            if (content.starts_with("{") || content.starts_with("[") || content.starts_with("- ") || content == "-" ||
                line.substr(0, spaces).find('\t') != std::string_view::npos) {
                return std::nullopt;
            }
            indent = std::string(spaces, ' ');
        }
        if (markers) {
            return std::nullopt;
        }
        const std::uint32_t end = static_cast<std::uint32_t>(doc.text.size());
        const bool nl_first = end > 0 && doc.text[end - 1] != '\n' && doc.text[end - 1] != '\r';
        return Edit{{end, end}, (nl_first ? nl : std::string()) + indent.value_or("") + std::string(key) + ": " +
                                    (yaml_plain_safe(value) ? std::string(value) : yaml_quoted(value)) + nl};
    }
    case Syntax::Json: {
        // After the last setting of the body, as a sibling: its parent must be the settings object
        // itself or its `index` object, where a short key gets the `index.` prefix either way.
        const Setting* last = nullptr;
        for (const Setting& s : doc.settings) {
            if (s.scope.empty()) {
                last = &s;
            }
        }
        if (last == nullptr) {
            return std::nullopt;
        }
        std::string_view raw_key = doc.slice(last->key_range);
        if (raw_key.size() >= 2 && raw_key.front() == '"') {
            raw_key = raw_key.substr(1, raw_key.size() - 2);
        }
        if (!last->key.ends_with(raw_key)) {
            return std::nullopt;
        }
        const std::string parent = last->key.substr(0, last->key.size() - raw_key.size());
        if (parent != "" && parent != "index.") {
            return std::nullopt;
        }
        std::string short_key(key);
        if (short_key.starts_with("index.")) {
            short_key = short_key.substr(6);
        }
        const ByteRange line = doc.lines.content(doc.lines.line_of(last->key_range.begin));
        const std::string_view line_text = doc.slice(line);
        const std::string indent(line_text.substr(0, line_text.find_first_not_of(" \t")));
        const bool same_line = doc.lines.line_of(last->key_range.begin) == doc.lines.line_of(last->value_range.end);
        const std::string member = json_string(short_key) + ": " +
                                   (json_number_or_bool(value) ? std::string(value) : json_string(value));
        const std::uint32_t pos = last->value_range.end;
        return Edit{{pos, pos}, same_line ? "," + nl + indent + member : ", " + member};
    }
    case Syntax::JvmOptions: {
        std::string option;
        if (key.starts_with("-XX:")) {
            const std::string_view name = key.substr(4);
            option = value == "true"    ? fmt::format("-XX:+{}", name)
                     : value == "false" ? fmt::format("-XX:-{}", name)
                                        : fmt::format("-XX:{}={}", name, value);
        } else if (key.starts_with("-D")) {
            option = value.empty() ? std::string(key) : fmt::format("{}={}", key, value);
        } else {
            option = std::string(key) + std::string(value);  // -Xmx8g, -Xss1m
        }
        return Edit{{at, at}, lead + option + nl};
    }
    default: break;  // embedded syntaxes: handled above
    }
    return std::nullopt;
}

std::optional<Edit> delete_setting(const Document& doc, const Setting& setting)
{
    if (embedded_syntax(doc.syntax)) {
        return embedded::delete_setting(doc, setting);
    }
    if (doc.syntax == Syntax::Json) {
        return std::nullopt;
    }
    const ByteRange line = line_with_terminator(doc, setting.line_range);
    for (const Setting& other : doc.settings) {
        if (&other != &setting && other.line_range.overlaps(line)) {
            return std::nullopt;
        }
    }
    return Edit{line, ""};
}

std::optional<Edit> rename_key(const Document& doc, const Setting& setting, std::string_view new_key)
{
    // A key the file already sets: the rename would make a duplicate (which config.yaml refuses and
    // the other formats resolve by order, changing which value counts).
    for (const Setting& other : doc.settings) {
        if (&other != &setting && other.key == new_key) {
            return std::nullopt;
        }
    }
    if (embedded_syntax(doc.syntax)) {
        return embedded::rename_key(doc, setting, new_key);
    }
    const std::string_view raw = doc.slice(setting.key_range);
    if (raw.empty() || new_key.empty()) {
        return std::nullopt;
    }
    // The part of the flattened key the file writes at key_range; the rest comes from its parents.
    const auto innermost = [&](std::string_view written) -> std::optional<std::string> {
        if (!std::string_view(setting.key).ends_with(written)) {
            return std::nullopt;
        }
        const std::string_view parents = std::string_view(setting.key).substr(0, setting.key.size() - written.size());
        if (!new_key.starts_with(parents) || new_key.size() == parents.size()) {
            return std::nullopt;
        }
        return std::string(new_key.substr(parents.size()));
    };
    switch (doc.syntax) {
    case Syntax::Properties:
        return Edit{setting.key_range, escape_properties_key(new_key)};
    case Syntax::FlinkLegacyYaml:
        if (new_key.find_first_of("#: \t") != std::string_view::npos) {
            return std::nullopt;
        }
        return Edit{setting.key_range, std::string(new_key)};
    case Syntax::FlinkYaml: {
        if (raw.front() == '"' || raw.front() == '\'' || !yaml_plain_safe(new_key) ||
            new_key.find(':') != std::string_view::npos) {
            return std::nullopt;
        }
        auto part = innermost(raw);
        if (!part) {
            return std::nullopt;
        }
        return Edit{setting.key_range, *part};
    }
    case Syntax::Json: {
        if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"' || raw.find('\\') != std::string_view::npos) {
            return std::nullopt;
        }
        auto part = innermost(raw.substr(1, raw.size() - 2));
        if (!part) {
            return std::nullopt;
        }
        return Edit{setting.key_range, json_string(*part)};
    }
    case Syntax::JvmOptions:
        if (raw.starts_with("-XX:+") || raw.starts_with("-XX:-")) {
            if (!new_key.starts_with("-XX:")) {
                return std::nullopt;
            }
            return Edit{setting.key_range, fmt::format("-XX:{}{}", raw[4], new_key.substr(4))};
        }
        return Edit{setting.key_range, std::string(new_key)};
    default:
        break;  // settings embedded in a deployment file: their names are written another way
    }
    return std::nullopt;
}

}  // namespace streamlint
