// Flink 1.x legacy flink-conf.yaml, read the way GlobalConfiguration.loadLegacyYAMLResource reads it.
//
// Flink does not parse this file as YAML. It reads it line by line: everything from the first '#'
// on a line is dropped, the rest is trimmed (Java String.trim: every char <= U+0020), blank lines
// are ignored, and the line is split at the first ": ". A line without ": ", or with an empty key
// or value, is logged as a warning and skipped. Quotes are kept, indentation means nothing, and a
// later duplicate replaces an earlier one.
//
// Besides the settings, this parser records where the file says something else to a reader who
// expects YAML: a '#' that cuts a value, skipped lines, kept quotes and nested blocks whose keys
// Flink reads without their parents.
#include <streamlint/parse.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

/// What Java's String.trim() removes: every char up to and including the space.
bool java_trimmable(char c)
{
    return static_cast<unsigned char>(c) <= 0x20;
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

ByteRange java_trim(std::string_view text, ByteRange r)
{
    while (r.begin < r.end && java_trimmable(text[r.begin])) {
        ++r.begin;
    }
    while (r.end > r.begin && java_trimmable(text[r.end - 1])) {
        --r.end;
    }
    return r;
}

std::string_view slice(std::string_view text, ByteRange r)
{
    return text.substr(r.begin, r.size());
}

std::string quoted(std::string_view code)
{
    std::string out;
    out.reserve(code.size() + 2);
    out += '`';
    out += code;
    out += '`';
    return out;
}

/// A key and value as Flink splits them: at the first ": " of a trimmed line.
struct Split {
    ByteRange key;
    ByteRange value;
};

/// Splits a trimmed range at its first ": "; no separator, empty key or empty value gives nothing.
std::optional<Split> split_pair(std::string_view text, ByteRange conf)
{
    const std::size_t at = slice(text, conf).find(": ");
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const auto sep = conf.begin + static_cast<std::uint32_t>(at);
    const ByteRange key = java_trim(text, {conf.begin, sep});
    const ByteRange value = java_trim(text, {sep + 2, conf.end});
    if (key.empty() || value.empty()) {
        return std::nullopt;
    }
    return Split{key, value};
}

/// One physical line and how Flink's line reader sees it.
struct Line {
    ByteRange content;                  // without the terminator
    std::uint32_t indent = 0;           // leading blanks, for spotting YAML-style nesting
    std::uint32_t first = 0;            // first byte that is not a blank (nor the file's BOM)
    std::optional<std::uint32_t> hash;  // offset of the first '#'
    ByteRange conf;                     // before the first '#', trimmed: what Flink splits
    bool bom_only = false;              // the conf is nothing but the file's byte order mark
};

/// The shapes a line that has no ": " can take.
enum class Shape {
    Pair,      // key: value (Flink reads it)
    Header,    // name:  (a YAML block header when indented lines follow)
    NoSpace,   // key:value
    ListItem,  // - something
    Other,     // anything else
};

/// `- item` or a lone `-`: a YAML block sequence entry.
bool is_list_item(std::string_view text, const Line& line)
{
    const std::string_view conf = slice(text, line.conf);
    return conf == "-" || (conf.size() > 1 && conf[0] == '-' && is_blank(conf[1]));
}

Shape shape_of(std::string_view text, const Line& line)
{
    const std::string_view conf = slice(text, line.conf);
    if (conf.find(": ") != std::string_view::npos) {
        return Shape::Pair;
    }
    if (is_list_item(text, line)) {
        return Shape::ListItem;
    }
    if (conf.size() > 1 && conf.back() == ':') {
        return Shape::Header;
    }
    const std::size_t colon = conf.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        return Shape::NoSpace;
    }
    return Shape::Other;
}

/// The text before the final ':' of a header line, trimmed.
std::string header_name(std::string_view text, const Line& line)
{
    const ByteRange name = java_trim(text, {line.conf.begin, line.conf.end - 1});
    return std::string(slice(text, name));
}

/// The name before the first ':' of a `key:value` line.
std::string name_before_colon(std::string_view text, const Line& line)
{
    const std::string_view conf = slice(text, line.conf);
    const std::size_t colon = conf.find(':');
    const ByteRange name =
        java_trim(text, {line.conf.begin, line.conf.begin + static_cast<std::uint32_t>(colon)});
    return std::string(slice(text, name));
}

/// True when the '#' that cuts this line is a comment a YAML reader would see too: at the start
/// of the line, or after a blank and outside an open quote. Any other '#' is part of the text
/// for YAML (`abc#123`, `"a #b"`) but still cuts the line for Flink.
bool hash_is_real_comment(std::string_view text, const Line& line)
{
    const std::uint32_t h = *line.hash;
    if (line.first == h) {
        return true;
    }
    if (!is_blank(text[h - 1])) {
        return false;
    }
    // Inside quotes: the value part opens a quote that is not closed before the '#'.
    const std::string_view before = text.substr(line.content.begin, h - line.content.begin);
    const std::size_t sep = before.find(": ");
    if (sep == std::string_view::npos) {
        return true;
    }
    std::size_t v = sep + 2;
    while (v < before.size() && java_trimmable(before[v])) {
        ++v;
    }
    if (v >= before.size() || (before[v] != '"' && before[v] != '\'')) {
        return true;
    }
    const char q = before[v];
    std::size_t count = 0;
    for (std::size_t i = v; i < before.size(); ++i) {
        count += before[i] == q ? 1 : 0;
    }
    return count % 2 == 0;
}

class LegacyReader {
public:
    explicit LegacyReader(Document& doc) : doc_(doc), text_(doc.text) {}

    void run()
    {
        split_lines();
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            read_line(i);
        }
        resolve_overrides(doc_.settings);
    }

private:
    /// An open YAML-style block header: the keys under it are read without its name.
    struct OpenHeader {
        std::uint32_t indent;
        std::string path;  // the full dotted key the block stands for
    };

    void split_lines()
    {
        const bool has_bom = text_.substr(0, k_bom.size()) == k_bom;
        for_each_line(text_, [&](ByteRange content, ByteRange) {
            Line line;
            line.content = content;
            std::uint32_t start = content.begin;
            if (has_bom && start == 0 && content.size() >= k_bom.size()) {
                // Not blank for Java's trim, but not indentation either.
                start += static_cast<std::uint32_t>(k_bom.size());
            }
            std::uint32_t p = start;
            while (p < content.end && is_blank(text_[p])) {
                ++p;
            }
            line.indent = p - start;
            line.first = p;
            const std::size_t hash = slice(text_, content).find('#');
            ByteRange before = content;
            if (hash != std::string_view::npos) {
                line.hash = content.begin + static_cast<std::uint32_t>(hash);
                before.end = *line.hash;
            }
            line.conf = java_trim(text_, before);
            if (has_bom && line.conf.begin == 0 && slice(text_, line.conf) == k_bom) {
                // "\uFEFF" alone: Flink warns and skips the line, which held nothing anyway.
                line.bom_only = true;
            }
            lines_.push_back(line);
        });
    }

    [[nodiscard]] bool has_content(std::size_t i) const
    {
        return !lines_[i].conf.empty() && !lines_[i].bom_only;
    }

    /// A `name:` line opens a block when the next line with content is indented deeper, or is a
    /// YAML list item at the same indentation. Returns that line.
    [[nodiscard]] std::optional<std::size_t> block_child(std::size_t i) const
    {
        for (std::size_t j = i + 1; j < lines_.size(); ++j) {
            if (!has_content(j)) {
                continue;
            }
            if (lines_[j].indent > lines_[i].indent ||
                (lines_[j].indent == lines_[i].indent && is_list_item(text_, lines_[j]))) {
                return j;
            }
            return std::nullopt;
        }
        return std::nullopt;
    }

    void add_note(NoteKind kind, ByteRange range, std::string message, std::string key)
    {
        doc_.notes.push_back(ParseNote{kind, range, std::move(message), std::move(key)});
    }

    void read_line(std::size_t i)
    {
        const Line& line = lines_[i];
        const bool cut_by_hash = line.hash && !hash_is_real_comment(text_, line);
        if (line.hash && !cut_by_hash) {
            doc_.comments.push_back(Comment{{*line.hash, line.content.end}, line.first == *line.hash});
        }
        if (!has_content(i)) {
            return;
        }

        // Which YAML-style block (if any) this line sits in.
        const Shape shape = shape_of(text_, line);
        const bool list_item = is_list_item(text_, line);
        while (!open_.empty()) {
            const OpenHeader& top = open_.back();
            if (line.indent > top.indent || (line.indent == top.indent && list_item)) {
                break;
            }
            open_.pop_back();
        }
        const std::string parent = open_.empty() ? std::string() : open_.back().path;

        // A '#' that YAML would keep but Flink cuts at: report what is lost, once per line.
        if (cut_by_hash) {
            const ByteRange whole = java_trim(text_, line.content);
            if (auto uncut = split_pair(text_, whole)) {
                report_hash_cut(line, *uncut);
                if (auto pair = split_pair(text_, line.conf)) {
                    add_setting(line, *pair, parent);
                }
                return;
            }
        }

        switch (shape) {
            case Shape::Pair:
                if (auto pair = split_pair(text_, line.conf)) {
                    add_setting(line, *pair, parent);
                } else {
                    add_note(NoteKind::LineSkipped, line.conf,
                             "Flink skips this line because the key before `: ` is empty", "");
                }
                return;
            case Shape::Header: {
                const std::string name = header_name(text_, line);
                if (const auto child = block_child(i)) {
                    const std::string path = parent.empty() ? name : parent + "." + name;
                    if (is_list_item(text_, lines_[*child])) {
                        add_note(NoteKind::NestedBlockMisread, line.conf,
                                 "Flink skips " + quoted(name + ":") +
                                     " and does not read the YAML list below it as its "
                                     "value; write the list on one line as " +
                                     quoted(path + ": a;b") + ", items separated by `;`",
                                 path);
                    } else {
                        add_note(NoteKind::NestedBlockMisread, line.conf,
                                 "Flink skips " + quoted(name + ":") +
                                     " and reads the indented keys below it without the " +
                                     quoted(path + ".") +
                                     " prefix; write each key in full on its own unindented line",
                                 path);
                    }
                    open_.push_back(OpenHeader{line.indent, path});
                } else {
                    add_note(NoteKind::LineSkipped, line.conf,
                             "Flink skips " + quoted(name) +
                                 " because it has no value; write a value after " + quoted(name + ": ") +
                                 " or remove the line",
                             name);
                }
                return;
            }
            case Shape::NoSpace: {
                const std::string name = name_before_colon(text_, line);
                add_note(NoteKind::LineSkipped, line.conf,
                         "Flink skips this line because the colon after " + quoted(name) +
                             " is not followed by a space; write " + quoted(name + ": ") +
                             " before the value",
                         name);
                return;
            }
            case Shape::ListItem:
                if (!parent.empty()) {
                    add_note(NoteKind::NestedBlockMisread, line.conf,
                             "Flink skips this list item because `flink-conf.yaml` has no YAML lists; write "
                             "the list on "
                             "one line as " +
                                 quoted(parent + ": a;b") + ", items separated by `;`",
                             parent);
                    return;
                }
                add_note(NoteKind::LineSkipped, line.conf,
                         "Flink skips this list item because `flink-conf.yaml` has no YAML lists; write the "
                         "list on "
                         "one line after its key, items separated by `;`",
                         "");
                return;
            case Shape::Other:
                if (!parent.empty()) {
                    add_note(NoteKind::NestedBlockMisread, line.conf,
                             "Flink skips this indented line because `flink-conf.yaml` has no multi-line "
                             "values; put "
                             "the value on one line as " +
                                 quoted(parent + ": value"),
                             parent);
                    return;
                }
                add_note(NoteKind::LineSkipped, line.conf,
                         "Flink skips this line because it is not a `key: value` pair", "");
                return;
        }
    }

    void report_hash_cut(const Line& line, const Split& uncut)
    {
        const std::string key(slice(text_, uncut.key));
        const ByteRange lost{*line.hash, java_trim(text_, line.content).end};
        if (split_pair(text_, line.conf)) {
            add_note(NoteKind::HashTruncatesValue, lost,
                     "Flink treats this `#` as the start of a comment and cuts the value of " + quoted(key) +
                         " here; `flink-conf.yaml` cannot hold a `#` in a value, so use `config.yaml` (Flink "
                         "1.19+) "
                         "with the value quoted",
                     key);
        } else {
            add_note(NoteKind::HashTruncatesValue, lost,
                     "Flink treats this `#` as the start of a comment and skips the line, so " + quoted(key) +
                         " is not set; `flink-conf.yaml` cannot hold a `#` in a key or value",
                     key);
        }
    }

    void add_setting(const Line& line, const Split& pair, const std::string& parent)
    {
        Setting s;
        s.key = std::string(slice(text_, pair.key));
        s.value = std::string(slice(text_, pair.value));
        s.key_range = pair.key;
        s.value_range = pair.value;
        s.line_range = line.content;

        if (pair.key.begin == 0 && s.key.compare(0, k_bom.size(), k_bom) == 0) {
            add_note(NoteKind::Utf8Bom, {0, static_cast<std::uint32_t>(k_bom.size())},
                     "Flink reads the byte order mark as part of the first key, so it does not recognise " +
                         quoted(s.key.substr(k_bom.size())) +
                         "; save the file as UTF-8 without a byte order mark",
                     s.key);
        }
        if (!parent.empty()) {
            const bool list_item = s.key.size() > 1 && s.key[0] == '-' && is_blank(s.key[1]);
            if (list_item) {
                add_note(NoteKind::NestedBlockMisread, pair.key,
                         "Flink reads this list item as the key " + quoted(s.key) +
                             " because `flink-conf.yaml` has no YAML lists; write the list on one line as " +
                             quoted(parent + ": a;b") + ", items separated by `;`",
                         parent);
            } else {
                const std::string full = parent + "." + s.key;
                add_note(NoteKind::NestedBlockMisread, pair.key,
                         "Flink reads this key as " + quoted(s.key) + ", not " + quoted(full) +
                             ", because `flink-conf.yaml` has no nesting; write " + quoted(full + ": ...") +
                             " on one unindented line",
                         full);
            }
        }
        const std::string_view v = s.value;
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
            add_note(NoteKind::QuotesKept, pair.value,
                     "Flink keeps the quotes as part of the value of " + quoted(s.key) +
                         " because `flink-conf.yaml` does not unquote values; remove them",
                     s.key);
        }
        doc_.settings.push_back(std::move(s));
    }

    Document& doc_;
    std::string_view text_;
    std::vector<Line> lines_;
    std::vector<OpenHeader> open_;
};

}  // namespace

void parse_flink_legacy(Document& doc)
{
    LegacyReader(doc).run();
}

}  // namespace streamlint
