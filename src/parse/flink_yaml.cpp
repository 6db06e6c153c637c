// Flink 1.19+/2.x config.yaml: a YAML 1.2 document (Core schema), nested mappings flattened with
// '.', sequences kept as lists (Flink stores them as a YAML flow string such as `[a, b]`).
//
// The YAML itself is read as events (yaml_events.hpp: yaml-cpp's, or the same events from the
// subset reader). An event says where a node starts but not where it ends, so the ends are found
// here by scanning the original text from each start. The work is done in passes:
//
//   1. check_characters + lex: what stops Flink before YAML structure matters (invalid UTF-8,
//      control characters), nesting depth (yaml-cpp recurses, so deep input never reaches it),
//      and every comment. Text past the first such problem is not read as YAML.
//   2. yaml_events::read: the events, with their positions.
//   3. TreeBuilder: a node tree with byte ranges. Knowing the next event's mark bounds each scan.
//      Aliases stay references to their anchored node; nothing is copied.
//   4. Flattener: settings in document order. Alias expansion is metered so that an alias bomb
//      costs bounded work.
//
// On an error the settings read before it are kept, and one SyntaxError note says where Flink
// stops: entries whose value was complete before the error, minus one whose value reaches the
// error's line (yaml-cpp may have misread it). Flink itself would load nothing from such a file.
// Notes of kind SyntaxError are also made for what Flink's loader rejects after parsing: null
// values (Configuration refuses them), keys that are not strings, unknown tags, more than one
// document, a top level that is not a mapping, and more than 50 aliases to collections.
#include "yaml_events.hpp"

#include <streamlint/parse.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace streamlint {

namespace {

constexpr std::size_t k_max_depth = 256;
/// snakeyaml(-engine)'s default maxAliasesForCollections: more aliases to a sequence or mapping
/// and Flink's loader rejects the document.
constexpr std::size_t k_max_collection_aliases = 50;
/// How many nodes alias expansion may visit in total before streamlint gives up on it.
constexpr std::size_t k_max_alias_expansion = 20000;
constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();
constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_core_tag = "tag:yaml.org,2002:";

// --- characters -----------------------------------------------------------------------------

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

bool is_break(char c)
{
    return c == '\n' || c == '\r';
}

bool is_space(char c)
{
    return is_blank(c) || is_break(c);
}

bool is_flow_indicator(char c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
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

std::string hex_code_point(std::uint32_t cp)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out = "U+";
    const int width = cp > 0xFFFF ? 6 : 4;
    for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
        out += digits[(cp >> shift) & 0xF];
    }
    return out;
}

// --- pass 1: characters Flink refuses, nesting depth, comments ------------------------------

/// Where Flink (or streamlint) stops reading, and why.
struct Stop {
    std::uint32_t offset = 0;
    std::string message;
};

/// Flink decodes the file as strict UTF-8 and its YAML reader rejects characters outside YAML's
/// printable set (C0 controls other than tab/LF/CR, DEL, C1 controls other than NEL, U+FFFE/F).
std::optional<Stop> check_characters(std::string_view text)
{
    const auto n = static_cast<std::uint32_t>(text.size());
    for (std::uint32_t i = 0; i < n;) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::uint32_t len = 0;
        std::uint32_t cp = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0Fu;
            lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
            hi = c == 0xED ? 0x9F : 0xBF;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07u;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        }
        bool valid = len > 0 && i + len <= n;
        for (std::uint32_t k = 1; valid && k < len; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            valid = b >= (k == 1 ? lo : 0x80) && b <= (k == 1 ? hi : 0xBF);
            cp = (cp << 6) | (b & 0x3Fu);
        }
        if (!valid) {
            return Stop{i,
                        "Flink fails to load `config.yaml` because the file is not valid UTF-8 here; "
                        "save it as UTF-8"};
        }
        const bool printable = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) ||
                               cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
                               cp >= 0x10000;
        if (!printable) {
            return Stop{
                i, "Flink fails to load `config.yaml` because YAML does not allow the control character " +
                       hex_code_point(cp) + " here; remove it"};
        }
        i += len;
    }
    return std::nullopt;
}

/// A lexical pass over the whole text that knows just enough YAML to tell comments from scalar
/// content (quoted scalars, block scalars) and to count nesting: the block indentation levels
/// open on a line plus the open flow brackets. It errs towards counting too much, never recurses,
/// and is linear in the text.
class Lexer {
public:
    explicit Lexer(std::string_view text, std::size_t max_depth = k_max_depth)
        : text_(text), n_(static_cast<std::uint32_t>(text.size())), max_depth_(max_depth)
    {
    }

    void run()
    {
        std::uint32_t i =
            text_.substr(0, k_bom.size()) == k_bom ? static_cast<std::uint32_t>(k_bom.size()) : 0;
        while (i < n_) {
            i = line(i);
        }
    }

    std::vector<Comment> comments;
    std::optional<std::uint32_t> too_deep;  // the first offset where nesting passed k_max_depth
    std::optional<std::uint32_t> unclosed_quote;  // where a quoted scalar opens that the text never closes

private:
    [[nodiscard]] std::uint32_t line_end(std::uint32_t i) const
    {
        while (i < n_ && !is_break(text_[i])) {
            ++i;
        }
        return i;
    }

    [[nodiscard]] std::uint32_t next_line(std::uint32_t i) const
    {
        i = line_end(i);
        if (i < n_ && text_[i] == '\r' && i + 1 < n_ && text_[i + 1] == '\n') {
            return i + 2;
        }
        return i < n_ ? i + 1 : n_;
    }

    [[nodiscard]] std::uint32_t start_of_line(std::uint32_t i) const
    {
        while (i > 0 && !is_break(text_[i - 1])) {
            --i;
        }
        return i;
    }

    [[nodiscard]] bool space_or_end(std::uint32_t i) const { return i >= n_ || is_space(text_[i]); }

    void add_comment(std::uint32_t at)
    {
        const std::uint32_t start = start_of_line(at);
        bool own_line = true;
        for (std::uint32_t k = start; k < at && own_line; ++k) {
            own_line = is_blank(text_[k]) || (k < k_bom.size() && start == 0 && text_.substr(0, 3) == k_bom);
        }
        comments.push_back(Comment{{at, line_end(at)}, own_line});
    }

    void check_depth(std::uint32_t at)
    {
        if (!too_deep && indents_.size() + flow_ > max_depth_) {
            too_deep = at;
        }
    }

    void push_indent(std::uint32_t column, std::uint32_t at)
    {
        if (indents_.empty() || indents_.back() < column) {
            indents_.push_back(column);
            check_depth(at);
        }
    }

    /// Lexes one line (and whatever multi-line token starts on it); returns where the next starts.
    std::uint32_t line(std::uint32_t start)
    {
        std::uint32_t q = start;
        while (q < n_ && is_blank(text_[q])) {
            ++q;
        }
        if (q >= n_ || is_break(text_[q])) {
            return next_line(start);
        }
        if (text_[q] == '#') {
            add_comment(q);
            return next_line(start);
        }
        if (flow_ == 0) {
            if (q == start && text_[q] == '%') {
                return next_line(start);  // a directive
            }
            const std::string_view head = text_.substr(start, 3);
            if (q == start && (head == "---" || head == "...") && space_or_end(start + 3)) {
                indents_.clear();
                q = start + 3;
            } else {
                std::uint32_t indent = 0;
                while (start + indent < n_ && text_[start + indent] == ' ') {
                    ++indent;
                }
                while (!indents_.empty() && indents_.back() > indent) {
                    indents_.pop_back();
                }
                push_indent(indent, q);
            }
        }
        return scan(start, q);
    }

    /// Scans tokens from `i` to the end of the line, or past a multi-line token.
    std::uint32_t scan(std::uint32_t line_start, std::uint32_t i)
    {
        bool at_start = true;                  // a new node may start here
        std::uint32_t owner = i - line_start;  // column of the entry that owns a block scalar
        while (i < n_ && !is_break(text_[i])) {
            const char c = text_[i];
            if (is_blank(c)) {
                ++i;
                continue;
            }
            if (c == '#' && (i == line_start || is_blank(text_[i - 1]))) {
                add_comment(i);
                return next_line(i);
            }
            if (at_start && (c == '"' || c == '\'')) {
                const std::uint32_t open = i;
                i = skip_quoted(i);
                at_start = false;
                if (text_.substr(open, i - open).find_first_of("\r\n") != std::string_view::npos) {
                    line_start = start_of_line(i);  // the scalar ended on a later line
                }
                continue;
            }
            if (c == '[' || c == '{') {
                if (flow_ > 0 || at_start) {
                    ++flow_;
                    check_depth(i);
                    at_start = true;
                    ++i;
                    continue;
                }
            } else if (c == ']' || c == '}') {
                if (flow_ > 0) {
                    --flow_;
                    at_start = false;
                    ++i;
                    continue;
                }
            } else if (c == ',' && flow_ > 0) {
                at_start = true;
                ++i;
                continue;
            } else if (c == ':' && (space_or_end(i + 1) || (flow_ > 0 && is_flow_indicator(text_[i + 1])))) {
                at_start = true;
                ++i;
                continue;
            } else if ((c == '-' || c == '?') && at_start && space_or_end(i + 1)) {
                owner = i - line_start;
                if (flow_ == 0) {
                    std::uint32_t content = i + 1;
                    while (content < n_ && is_blank(text_[content])) {
                        ++content;
                    }
                    push_indent(content - line_start, i);
                }
                ++i;
                continue;
            } else if ((c == '&' || c == '!' || c == '*') && at_start) {
                while (i < n_ && !is_space(text_[i]) && !(flow_ > 0 && is_flow_indicator(text_[i]))) {
                    ++i;
                }
                at_start = c != '*';
                continue;
            } else if ((c == '|' || c == '>') && at_start && flow_ == 0) {
                return skip_block_scalar(i, static_cast<int>(owner));
            }
            if (at_start && flow_ == 0) {
                owner = i - line_start;
            }
            at_start = false;
            ++i;
        }
        return next_line(i);
    }

    /// Past the closing quote (or the end of the text: `unclosed_quote` then says where it opened).
    [[nodiscard]] std::uint32_t skip_quoted(std::uint32_t i)
    {
        const std::uint32_t open = i;
        const char q = text_[i++];
        while (i < n_) {
            if (q == '"' && text_[i] == '\\') {
                i += 2;
                continue;
            }
            if (text_[i] == q) {
                if (q == '\'' && i + 1 < n_ && text_[i + 1] == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            ++i;
        }
        if (!unclosed_quote) {
            unclosed_quote = open;
        }
        return n_;
    }

    /// Skips a block scalar whose header is at `i`; the entry owning it is at column `owner`.
    std::uint32_t skip_block_scalar(std::uint32_t i, int owner)
    {
        int explicit_indent = 0;
        std::uint32_t h = i + 1;
        while (h < n_ && (text_[h] == '+' || text_[h] == '-' || (text_[h] >= '1' && text_[h] <= '9'))) {
            if (text_[h] >= '1' && text_[h] <= '9') {
                explicit_indent = text_[h] - '0';
            }
            ++h;
        }
        // A comment may follow the header.
        for (std::uint32_t k = h; k < n_ && !is_break(text_[k]); ++k) {
            if (text_[k] == '#' && is_blank(text_[k - 1])) {
                add_comment(k);
                break;
            }
        }
        int content_indent = explicit_indent > 0 ? std::max(owner, 0) + explicit_indent : -1;
        std::uint32_t line = next_line(i);
        while (line < n_) {
            std::uint32_t p = line;
            while (p < n_ && text_[p] == ' ') {
                ++p;
            }
            std::uint32_t q = p;
            while (q < n_ && is_blank(text_[q])) {
                ++q;
            }
            if (q >= n_ || is_break(text_[q])) {
                line = next_line(line);
                continue;
            }
            const auto indent = static_cast<int>(p - line);
            if (content_indent < 0) {
                if (indent <= owner) {
                    break;
                }
                content_indent = indent;
            }
            if (indent < content_indent) {
                break;
            }
            line = next_line(line);
        }
        return line;
    }

    std::string_view text_;
    std::uint32_t n_;
    std::size_t max_depth_;
    std::vector<std::uint32_t> indents_;
    std::size_t flow_ = 0;
};

// --- pass 2: the events (yaml_events.hpp) -----------------------------------------------------

using yaml_events::Event;
using yaml_events::EventType;

// --- pass 3: the node tree --------------------------------------------------------------------

enum class NodeKind : std::uint8_t { Scalar, Null, Seq, Map, Alias };

/// A scalar's type under the YAML 1.2 Core schema (or its explicit tag).
enum class ScalarType : std::uint8_t { Str, Int, Float, Bool, Null, Other };

struct Node {
    NodeKind kind = NodeKind::Null;
    bool flow = false;
    bool complete = false;
    ScalarType type = ScalarType::Str;
    std::string value;                    // a scalar as YAML resolves it
    ByteRange range;                      // the raw text (quotes included; a collection: all of it)
    std::uint32_t start = 0;              // where the node begins, anchor and tag included
    int column = -1;                      // a block collection's indentation
    std::vector<std::uint32_t> children;  // a mapping: key, value, key, value, ...
    std::uint32_t target = k_none;        // an alias: the anchored node
};

bool matches_all(std::string_view s, std::size_t from, bool (*pred)(char))
{
    if (from >= s.size()) {
        return false;
    }
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from), s.end(), pred);
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool is_octal(char c)
{
    return c >= '0' && c <= '7';
}

bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_core_float(std::string_view s)
{
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    const std::size_t int_start = i;
    while (i < s.size() && is_digit(s[i])) {
        ++i;
    }
    const bool int_digits = i > int_start;
    bool frac_digits = false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t frac_start = i;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
        }
        frac_digits = i > frac_start;
    }
    if (!int_digits && !frac_digits) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        if (!matches_all(s, i, is_digit)) {
            return false;
        }
        i = s.size();
    }
    return i == s.size();
}

/// What the YAML 1.2 Core schema makes of a plain scalar.
ScalarType core_type(std::string_view s)
{
    // Most scalars of a config (every key, most values) start with a letter that begins no null,
    // boolean, number or special float: a string, without the comparisons below.
    if (!s.empty()) {
        const char c = static_cast<char>(s[0] | 0x20);  // ASCII letters to lower case
        if (c >= 'a' && c <= 'z' && c != 'n' && c != 't' && c != 'f') {
            return ScalarType::Str;
        }
    }
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
        return ScalarType::Null;
    }
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
        return ScalarType::Bool;
    }
    const std::size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (matches_all(s, sign, is_digit) || (s.substr(0, 2) == "0o" && matches_all(s, 2, is_octal)) ||
        (s.substr(0, 2) == "0x" && matches_all(s, 2, is_hex))) {
        return ScalarType::Int;
    }
    if (is_core_float(s)) {
        return ScalarType::Float;
    }
    const std::string_view unsigned_part = s.substr(sign);
    if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF" || s == ".nan" ||
        s == ".NaN" || s == ".NAN") {
        return ScalarType::Float;
    }
    return ScalarType::Str;
}

ScalarType scalar_type(const yaml_events::Event& e)
{
    const std::string& tag = e.tag;
    if (e.plain_untagged()) {
        return core_type(e.value);
    }
    if (tag.empty() || e.quoted_untagged()) {
        return ScalarType::Str;
    }
    if (tag.compare(0, k_core_tag.size(), k_core_tag) == 0) {
        const std::string_view name = std::string_view(tag).substr(k_core_tag.size());
        if (name == "str") {
            return ScalarType::Str;
        }
        if (name == "int") {
            return ScalarType::Int;
        }
        if (name == "float") {
            return ScalarType::Float;
        }
        if (name == "bool") {
            return ScalarType::Bool;
        }
        if (name == "null") {
            return ScalarType::Null;
        }
    }
    return ScalarType::Other;
}

/// The decimal form Java prints for an integer the Core schema resolved (0x1F → 31, +010 → 10).
/// Values too large for 64 bits in hex or octal are left as written.
std::string canonical_int(std::string_view s)
{
    if (s.substr(0, 2) == "0x" || s.substr(0, 2) == "0o") {
        const unsigned base = s[1] == 'x' ? 16 : 8;
        std::uint64_t v = 0;
        for (const char c : s.substr(2)) {
            const unsigned d =
                is_digit(c) ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10);
            if (v > (std::numeric_limits<std::uint64_t>::max() - d) / base) {
                return std::string(s);
            }
            v = v * base + d;
        }
        return std::to_string(v);
    }
    const bool negative = !s.empty() && s[0] == '-';
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    while (i + 1 < s.size() && s[i] == '0') {
        ++i;
    }
    std::string digits(s.substr(i));
    if (digits == "0" || digits.empty()) {
        return "0";
    }
    return negative ? "-" + digits : digits;
}

/// A scalar's value as Flink's Configuration turns it into a string: strings as they are,
/// integers in decimal and booleans in lower case (Java's toString of the constructed object).
std::string flink_string(const Node& n)
{
    if (n.kind != NodeKind::Scalar || n.type != core_type(n.value)) {
        return n.value;  // a string, or an explicit tag on text the tag does not fit
    }
    if (n.type == ScalarType::Int) {
        return canonical_int(n.value);
    }
    if (n.type == ScalarType::Bool) {
        return (n.value[0] == 't' || n.value[0] == 'T') ? "true" : "false";
    }
    return n.value;
}

/// Builds the node tree from the recorded events, finding each node's end in the text.
class TreeBuilder {
public:
    TreeBuilder(std::string_view text, const LineIndex& lines, std::uint32_t limit, std::vector<Node>& nodes,
                std::vector<ParseNote>& notes)
        : text_(text), lines_(lines), limit_(limit), nodes_(nodes), notes_(notes)
    {
    }

    /// Builds the first document; returns its root node, or k_none when there is none.
    std::uint32_t build(const std::vector<Event>& events)
    {
        std::vector<std::uint32_t> bounds(events.size() + 1, limit_);
        nodes_.reserve(nodes_.size() + events.size());  // at most a node an event; none moves
        for (std::size_t k = events.size(); k-- > 0;) {
            bounds[k] = events[k].has_mark() ? events[k].pos : bounds[k + 1];
        }
        std::uint32_t root = k_none;
        std::size_t documents = 0;
        for (std::size_t k = 0; k < events.size(); ++k) {
            const Event& e = events[k];
            const std::uint32_t bound = bounds[k + 1];
            switch (e.type) {
                case EventType::DocStart:
                    if (++documents > 1) {
                        add_note(e.pos,
                                 "Flink fails to load `config.yaml` because it holds more than one YAML "
                                 "document; remove the `---` separator or the second document");
                        return root;
                    }
                    break;
                case EventType::Scalar:
                case EventType::Null:
                case EventType::Alias:
                case EventType::SeqStart:
                case EventType::MapStart: {
                    const std::uint32_t index = open_node(e, bound);
                    if (index == k_none) {
                        return root;
                    }
                    if (root == k_none) {
                        root = index;
                    }
                    break;
                }
                case EventType::SeqEnd:
                case EventType::MapEnd:
                    close_collection();
                    break;
                case EventType::DocEnd:
                    break;
            }
        }
        return root;
    }

private:
    struct Frame {
        std::uint32_t node;
        bool in_flow;  // this collection or one around it is a flow collection
        int indent;    // the block indentation its children must exceed
    };

    void add_note(std::uint32_t at, std::string message, std::string key = {})
    {
        const std::uint32_t end = at < limit_ ? at + 1 : at;
        notes_.push_back(ParseNote{NoteKind::SyntaxError, {at, end}, std::move(message), std::move(key)});
    }

    [[nodiscard]] std::uint32_t column_of(std::uint32_t pos) const
    {
        return pos - lines_.content(lines_.line_of(pos)).begin;
    }

    /// Skips blanks, line breaks and comments up to `to`.
    [[nodiscard]] std::uint32_t skip_space_and_comments(std::uint32_t i, std::uint32_t to) const
    {
        while (i < to) {
            if (is_space(text_[i])) {
                ++i;
            } else if (text_[i] == '#' && (i == 0 || is_space(text_[i - 1]))) {
                while (i < to && !is_break(text_[i])) {
                    ++i;
                }
            } else {
                break;
            }
        }
        return i;
    }

    /// The end of a token that starts at `i`: an anchor, tag or alias name.
    [[nodiscard]] std::uint32_t token_end(std::uint32_t i) const
    {
        if (i + 1 < limit_ && text_[i] == '!' && text_[i + 1] == '<') {
            while (i < limit_ && text_[i] != '>' && !is_break(text_[i])) {
                ++i;
            }
            return i < limit_ && text_[i] == '>' ? i + 1 : i;
        }
        while (i < limit_ && !is_space(text_[i]) && !is_flow_indicator(text_[i])) {
            ++i;
        }
        return i;
    }

    /// Properties (anchor, tag) at a node's start: where they end, and where the content begins.
    struct Properties {
        std::uint32_t end;
        std::uint32_t content;
    };

    [[nodiscard]] Properties skip_properties(std::uint32_t start, std::uint32_t bound) const
    {
        Properties p{start, start};
        while (p.content < bound && (text_[p.content] == '&' || text_[p.content] == '!')) {
            p.end = token_end(p.content);
            p.content = skip_space_and_comments(p.end, bound);
        }
        return p;
    }

    [[nodiscard]] std::uint32_t quoted_end(std::uint32_t i) const
    {
        const char q = text_[i++];
        while (i < limit_) {
            if (q == '"' && text_[i] == '\\') {
                i += 2;
                continue;
            }
            if (text_[i] == q) {
                if (q == '\'' && i + 1 < limit_ && text_[i + 1] == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            ++i;
        }
        return limit_;
    }

    /// A block scalar (`|` or `>` at `i`) whose parent has indentation `indent`: the header, then
    /// every following line indented deeper (blank lines inside it included, trailing ones not).
    [[nodiscard]] std::uint32_t block_scalar_end(std::uint32_t i, int indent) const
    {
        std::uint32_t end = i + 1;
        int explicit_indent = 0;
        while (end < limit_ &&
               (text_[end] == '+' || text_[end] == '-' || (text_[end] >= '1' && text_[end] <= '9'))) {
            if (text_[end] >= '1' && text_[end] <= '9') {
                explicit_indent = text_[end] - '0';
            }
            ++end;
        }
        int content_indent = explicit_indent > 0 ? std::max(indent, 0) + explicit_indent : -1;
        for (std::uint32_t line = lines_.line_of(i) + 1; line < lines_.line_count(); ++line) {
            const ByteRange content = lines_.content(line);
            if (content.begin >= limit_) {
                break;
            }
            std::uint32_t p = content.begin;
            while (p < content.end && text_[p] == ' ') {
                ++p;
            }
            std::uint32_t q = p;
            while (q < content.end && is_blank(text_[q])) {
                ++q;
            }
            if (q >= content.end) {
                continue;  // blank
            }
            const auto line_indent = static_cast<int>(p - content.begin);
            if (content_indent < 0) {
                if (line_indent <= indent) {
                    break;
                }
                content_indent = line_indent;
            }
            if (line_indent < content_indent) {
                break;
            }
            end = std::min(content.end, limit_);
        }
        return end;
    }

    /// A plain scalar from `i`: up to a comment, a `: `, a flow indicator in flow context or the end
    /// of the line; then on continuation lines, which must be indented deeper than `indent` (block
    /// context), start before the next event's mark and not be comments.
    [[nodiscard]] std::uint32_t plain_end(std::uint32_t i, bool in_flow, int indent,
                                          std::uint32_t bound) const
    {
        std::uint32_t end = i;
        std::uint32_t segment = i;
        while (true) {
            bool stopped = false;
            while (i < limit_ && !is_break(text_[i])) {
                const char c = text_[i];
                if (c == '#' && i > segment && is_blank(text_[i - 1])) {
                    stopped = true;
                    break;
                }
                if (c == ':' && (i + 1 >= limit_ || is_space(text_[i + 1]) ||
                                 (in_flow && is_flow_indicator(text_[i + 1])))) {
                    stopped = true;
                    break;
                }
                if (in_flow && is_flow_indicator(c)) {
                    stopped = true;
                    break;
                }
                if (!is_blank(c)) {
                    end = i + 1;
                }
                ++i;
            }
            if (stopped || i >= limit_) {
                return end;
            }
            // A continuation line?
            std::uint32_t line = lines_.line_of(i) + 1;
            std::uint32_t k = limit_;
            for (; line < lines_.line_count(); ++line) {
                const ByteRange content = lines_.content(line);
                std::uint32_t p = content.begin;
                while (p < content.end && is_blank(text_[p])) {
                    ++p;
                }
                if (p < content.end) {
                    k = p;
                    break;
                }
            }
            if (k >= bound || k >= limit_ || text_[k] == '#') {
                return end;
            }
            const ByteRange content = lines_.content(line);
            const std::string_view head = text_.substr(content.begin, 3);
            if (k == content.begin && (head == "---" || head == "...")) {
                return end;
            }
            if (in_flow ? (is_flow_indicator(text_[k]) || text_[k] == ':')
                        : static_cast<int>(k - content.begin) <= indent) {
                return end;
            }
            i = k;
            segment = k;
        }
    }

    [[nodiscard]] std::uint32_t scalar_end(std::uint32_t i, bool in_flow, int indent,
                                           std::uint32_t bound) const
    {
        if (i >= limit_) {
            return i;
        }
        if (text_[i] == '"' || text_[i] == '\'') {
            return quoted_end(i);
        }
        if (!in_flow && (text_[i] == '|' || text_[i] == '>')) {
            return block_scalar_end(i, indent);
        }
        return plain_end(i, in_flow, indent, bound);
    }

    /// `~`, `null`, `Null` or `NULL` as a whole token at `i`.
    [[nodiscard]] bool is_null_literal(std::uint32_t i) const
    {
        for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
            const std::uint32_t end = i + static_cast<std::uint32_t>(word.size());
            if (end <= limit_ && text_.substr(i, word.size()) == word &&
                (end == limit_ || is_space(text_[end]) || is_flow_indicator(text_[end]) ||
                 text_[end] == '#' || text_[end] == ':')) {
                return true;
            }
        }
        return false;
    }

    /// The ':' that follows a mapping key ending at `i`, if any.
    [[nodiscard]] std::optional<std::uint32_t> colon_after(std::uint32_t i) const
    {
        i = skip_space_and_comments(i, limit_);
        if (i < limit_ && text_[i] == ':') {
            return i;
        }
        return std::nullopt;
    }

    /// Where an empty (implicit null) node is: just after the `:` or `-` that announces it.
    [[nodiscard]] ByteRange implicit_null_range(std::uint32_t mark) const
    {
        if (stack_.empty()) {
            return {std::min(mark, limit_), std::min(mark, limit_)};
        }
        const Node& parent = nodes_[stack_.back().node];
        if (parent.kind == NodeKind::Map && parent.children.size() % 2 == 1) {
            const Node& key = nodes_[parent.children.back()];
            const std::uint32_t at = colon_after(key.range.end).value_or(key.range.end - 1) + 1;
            return {at, at};
        }
        if (parent.kind == NodeKind::Seq && !parent.flow) {
            const std::uint32_t floor =
                parent.children.empty() ? parent.range.begin : nodes_[parent.children.back()].range.end;
            for (std::uint32_t i = std::min(mark, limit_); i > floor; --i) {
                if (text_[i - 1] == '-' && (i >= limit_ || is_space(text_[i]))) {
                    return {i, i};
                }
            }
        }
        const std::uint32_t at = std::min(mark, limit_);
        return {at, at};
    }

    /// Creates the node for an event; returns its index, or k_none to stop reading.
    std::uint32_t open_node(const Event& e, std::uint32_t bound)
    {
        const bool in_flow = !stack_.empty() && stack_.back().in_flow;
        int indent = stack_.empty() ? -1 : stack_.back().indent;
        Node* parent = stack_.empty() ? nullptr : &nodes_[stack_.back().node];

        Node n;
        n.start = e.pos;
        // A block mapping's indentation is its first key's column.
        if (parent != nullptr && parent->kind == NodeKind::Map && !parent->flow && parent->children.empty()) {
            parent->column = static_cast<int>(column_of(e.pos));
            parent->range.begin = std::min(parent->range.begin, e.pos);
            stack_.back().indent = parent->column;
            indent = parent->column;
        }

        if (!e.tag.empty() && !e.plain_untagged() && !e.quoted_untagged() &&
            e.tag.compare(0, k_core_tag.size(), k_core_tag) != 0) {
            add_note(e.pos, "Flink fails to load `config.yaml` because its YAML loader knows no tag " +
                                quoted(e.tag) + "; remove the tag");
        }

        const Properties props = skip_properties(e.pos, std::max(bound, e.pos));
        switch (e.type) {
            case EventType::Scalar:
                n.kind = NodeKind::Scalar;
                n.type = scalar_type(e);
                n.value = e.value;
                n.complete = true;
                if (n.type == ScalarType::Null) {
                    n.kind = NodeKind::Null;
                    n.value.clear();
                }
                if (props.content < bound) {
                    n.range = {props.content,
                               std::max(props.content, scalar_end(props.content, in_flow, indent, bound))};
                } else {
                    n.range = {e.pos, props.end};
                }
                break;
            case EventType::Null:
                n.kind = NodeKind::Null;
                n.type = ScalarType::Null;
                n.complete = true;
                if (e.pos < bound && props.content < bound && is_null_literal(props.content)) {
                    n.range = {props.content, plain_end(props.content, in_flow, indent, bound)};
                } else if (e.pos < bound && props.end > e.pos) {
                    n.range = {e.pos, props.end};
                } else {
                    n.range = implicit_null_range(e.pos);
                }
                break;
            case EventType::Alias: {
                n.kind = NodeKind::Alias;
                n.complete = true;
                n.range = {e.pos, token_end(std::min(e.pos + 1, limit_))};
                const auto it = anchors_.find(e.anchor);
                if (it != anchors_.end()) {
                    const Node& target = nodes_[it->second];
                    if (!target.complete) {
                        add_note(e.pos,
                                 "The alias " + quoted(text_.substr(n.range.begin, n.range.size())) +
                                     " refers to the node that contains it, so its value is infinitely deep");
                    } else {
                        n.target = it->second;
                        if ((target.kind == NodeKind::Seq || target.kind == NodeKind::Map) &&
                            ++collection_aliases_ > k_max_collection_aliases) {
                            add_note(
                                e.pos,
                                "Flink fails to load `config.yaml` because it has more than 50 aliases "
                                "to lists or mappings, the limit its YAML loader sets against alias bombs");
                            return k_none;
                        }
                    }
                }
                break;
            }
            case EventType::SeqStart:
            case EventType::MapStart:
                n.kind = e.type == EventType::SeqStart ? NodeKind::Seq : NodeKind::Map;
                n.flow = e.flow;
                n.range = {props.content, props.content};
                if (n.kind == NodeKind::Seq && !n.flow) {
                    n.column = static_cast<int>(column_of(props.content));
                }
                break;
            default:
                return k_none;
        }

        const auto index = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(std::move(n));
        if (e.anchor != 0 && e.type != EventType::Alias) {  // an alias's anchor is the one it uses
            anchors_[e.anchor] = index;
        }
        if (!stack_.empty()) {
            nodes_[stack_.back().node].children.push_back(index);
        }
        const Node& made = nodes_[index];
        if (made.kind == NodeKind::Seq || made.kind == NodeKind::Map) {
            const int child_indent = made.flow || in_flow ? indent : made.column;
            stack_.push_back(Frame{index, in_flow || made.flow, child_indent});
        }
        return index;
    }

    void close_collection()
    {
        if (stack_.empty()) {
            return;
        }
        Node& n = nodes_[stack_.back().node];
        stack_.pop_back();
        std::uint32_t last = n.range.begin;
        for (const std::uint32_t child : n.children) {
            last = std::max(last, nodes_[child].range.end);
        }
        if (n.flow) {
            const char closer = n.kind == NodeKind::Seq ? ']' : '}';
            std::uint32_t i = std::max(last, n.range.begin + 1);
            while (i < limit_) {
                i = skip_space_and_comments(i, limit_);
                if (i < limit_ && (text_[i] == ',' || text_[i] == ':')) {
                    ++i;
                    continue;
                }
                break;
            }
            // Unexpected text: look a little further for the bracket, else end at the last child.
            const std::uint32_t give_up = std::min(limit_, i + 4096);
            while (i < give_up && text_[i] != closer) {
                ++i;
            }
            last = i < give_up ? i + 1 : std::max(last, n.range.begin + 1);
        }
        n.range.end = std::max(last, n.range.begin);
        n.complete = true;
    }

    std::string_view text_;
    const LineIndex& lines_;
    std::uint32_t limit_;
    std::vector<Node>& nodes_;
    std::vector<ParseNote>& notes_;
    std::vector<Frame> stack_;
    std::unordered_map<std::size_t, std::uint32_t> anchors_;
    std::size_t collection_aliases_ = 0;
};

// --- pass 4: flattening -------------------------------------------------------------------------

/// How snakeyaml's emitter writes a string inside a flow collection: plain when that reads back as
/// the same string, else single-quoted, else double-quoted with escapes.
std::string flow_string(const std::string& s)
{
    bool plain = !s.empty() && core_type(s) == ScalarType::Str && s.front() != ' ' && s.back() != ' ' &&
                 s.compare(0, 3, "---") != 0 && s.compare(0, 3, "...") != 0;
    bool single = true;
    for (std::size_t i = 0; i < s.size() && (plain || single); ++i) {
        const char c = s[i];
        const auto u = static_cast<unsigned char>(c);
        const bool followed_by_space = i + 1 >= s.size() || is_space(s[i + 1]);
        if (is_break(c) || (u < 0x20 && c != '\t') || u == 0x7F) {
            plain = false;
            single = false;
        } else if (i == 0) {
            if (std::string_view("#,[]{}&*!|>'\"%@`?:").find(c) != std::string_view::npos ||
                (c == '-' && followed_by_space)) {
                plain = false;
            }
        } else if (std::string_view(",?[]{}:").find(c) != std::string_view::npos ||
                   (c == '#' && is_blank(s[i - 1]))) {
            plain = false;
        }
    }
    if (plain) {
        return s;
    }
    if (single) {
        std::string out = "'";
        for (const char c : s) {
            out += c;
            if (c == '\'') {
                out += '\'';
            }
        }
        return out + "'";
    }
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                    static constexpr char digits[] = "0123456789ABCDEF";
                    out += "\\x";
                    out += digits[(static_cast<unsigned char>(c) >> 4) & 0xF];
                    out += digits[static_cast<unsigned char>(c) & 0xF];
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

class Flattener {
public:
    Flattener(Document& doc, const std::vector<Node>& nodes) : doc_(doc), nodes_(nodes) {}

    void run(std::uint32_t root)
    {
        if (root == k_none) {
            return;
        }
        const Node& r = nodes_[root];
        if (r.kind == NodeKind::Null) {
            return;  // an empty document: an empty configuration
        }
        if (r.kind != NodeKind::Map) {
            note(r.range,
                 "Flink fails to load `config.yaml` because its top level is not a mapping of "
                 "`key: value` pairs",
                 "");
            return;
        }
        flatten(r, "", 0);
    }

private:
    void enter_alias(bool via_alias, const Node& alias)
    {
        if (via_alias && alias_depth_++ == 0) {
            outer_alias_ = alias.range;
        }
    }

    /// Follows an alias; nodes reached through one are charged to the expansion budget.
    const Node* deref(const Node& n)
    {
        if (n.kind != NodeKind::Alias) {
            return &n;
        }
        if (n.target == k_none) {
            return nullptr;
        }
        return &nodes_[n.target];
    }

    /// Charges one node visited through an alias; false once the budget is spent.
    bool charge()
    {
        if (alias_depth_ == 0) {
            return true;
        }
        if (budget_ > 0) {
            --budget_;
            return true;
        }
        ++cuts_;
        if (!budget_noted_) {
            budget_noted_ = true;
            note(outer_alias_,
                 "Aliases here expand to more than " + std::to_string(k_max_alias_expansion) +
                     " nodes, so streamlint stops expanding them",
                 "");
        }
        return false;
    }

    void note(ByteRange range, std::string message, std::string key)
    {
        doc_.notes.push_back(ParseNote{NoteKind::SyntaxError, range, std::move(message), std::move(key)});
    }

    /// A key as Flink's flatten makes it: `prefix + key`, Java's string of the key object.
    std::string key_text(const Node& key, const Node& resolved, bool& is_string)
    {
        is_string = true;
        switch (resolved.kind) {
            case NodeKind::Null:
                return "null";
            case NodeKind::Scalar:
                is_string = resolved.type == ScalarType::Str || resolved.type == ScalarType::Other;
                return flink_string(resolved);
            default:
                is_string = false;
                return render(key, 0);
        }
    }

    static const char* type_name(const Node& n)
    {
        switch (n.kind) {
            case NodeKind::Seq:
                return "a list";
            case NodeKind::Map:
                return "a mapping";
            default:
                break;
        }
        switch (n.type) {
            case ScalarType::Int:
            case ScalarType::Float:
                return "a number";
            case ScalarType::Bool:
                return "a boolean";
            default:
                return "not a string";
        }
    }

    void flatten(const Node& map, const std::string& prefix, int depth)
    {
        if (depth > static_cast<int>(k_max_depth) * 2) {
            return;  // only reachable through aliases; the lexer bounds plain nesting
        }
        // snakeyaml-engine, as Flink 1.19+/2.x configures it, rejects a key repeated within one
        // mapping (nested-versus-dotted repeats are not caught there: the later one wins).
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i + 1 < map.children.size(); i += 2) {
            const Node& key = nodes_[map.children[i]];
            const Node& value = nodes_[map.children[i + 1]];
            const Node* key_node = deref(key);
            const Node* target = deref(value);
            if (key_node == nullptr || target == nullptr || !key_node->complete) {
                continue;
            }
            bool is_string = true;
            const std::string name = key_text(key, *key_node, is_string);
            const std::string full = prefix + name;
            if (!is_string && alias_depth_ == 0) {
                note(key.range,
                     "Flink fails to load `config.yaml` because the key " + quoted(name) + " is " +
                         type_name(*key_node) + ", not a string; quote it",
                     full);
            }
            if (!seen.insert(name).second && alias_depth_ == 0) {
                note(key.range,
                     "Flink fails to load `config.yaml` because the key " + quoted(name) +
                         " appears twice in the same mapping (YAML keys must be unique)",
                     full);
            }
            const bool via_alias = value.kind == NodeKind::Alias;
            enter_alias(via_alias, value);
            if (charge()) {
                add_entry(key, value, *target, full, depth);
            }
            alias_depth_ -= via_alias ? 1 : 0;
        }
    }

    void add_entry(const Node& key, const Node& value, const Node& target, const std::string& full, int depth)
    {
        if (target.kind == NodeKind::Map) {
            flatten(target, full + ".", depth + 1);
            return;
        }
        if (!target.complete) {
            return;
        }
        Setting s;
        s.key = full;
        s.key_range = key.range;
        s.value_range = value.range;
        switch (target.kind) {
            case NodeKind::Seq: {
                const std::size_t cuts_before = cuts_;
                s.shape = ValueShape::List;
                s.value = render(value, depth);
                for (const std::uint32_t child : target.children) {
                    const Node* item = deref(nodes_[child]);
                    if (item == nullptr) {
                        s.items.emplace_back();
                    } else if (item->kind == NodeKind::Scalar) {
                        s.items.push_back(flink_string(*item));
                    } else if (item->kind == NodeKind::Null) {
                        s.items.emplace_back();
                    } else {
                        s.items.push_back(render(nodes_[child], depth));
                    }
                }
                if (cuts_ != cuts_before) {
                    return;  // alias expansion was cut short, so the list is not known
                }
                break;
            }
            case NodeKind::Null:
                s.shape = ValueShape::Null;
                if (alias_depth_ == 0) {
                    note(key.range,
                         "Flink fails to load `config.yaml` because " + quoted(full) +
                             " has no value (null); give it a value or remove the key",
                         full);
                }
                break;
            default:
                s.value = flink_string(target);
                break;
        }
        const std::uint32_t last =
            std::max(s.value_range.empty() ? s.value_range.begin : s.value_range.end - 1, key.range.begin);
        s.line_range = {doc_.lines.content(doc_.lines.line_of(key.range.begin)).begin,
                        doc_.lines.content(doc_.lines.line_of(last)).end};
        if (s.line_range.end < s.line_range.begin) {
            s.line_range.end = s.line_range.begin;
        }
        doc_.settings.push_back(std::move(s));
    }

    /// The YAML flow form of a node, as Flink stores a list (`[a, b]`, `[{k: v}]`).
    std::string render(const Node& n, int depth)
    {
        const bool via_alias = n.kind == NodeKind::Alias;
        const Node* t = deref(n);
        if (t == nullptr || depth > static_cast<int>(k_max_depth) * 2) {
            return "null";
        }
        enter_alias(via_alias, n);
        std::string out;
        if (!charge()) {
            out = "null";
        } else if (t->kind == NodeKind::Seq || t->kind == NodeKind::Map) {
            const bool map = t->kind == NodeKind::Map;
            out = map ? "{" : "[";
            for (std::size_t i = 0; i < t->children.size(); ++i) {
                if (alias_depth_ > 0 && budget_ == 0) {
                    ++cuts_;
                    break;
                }
                if (i > 0) {
                    out += (map && i % 2 == 1) ? ": " : ", ";
                }
                out += render(nodes_[t->children[i]], depth + 1);
            }
            out += map ? "}" : "]";
        } else if (t->kind == NodeKind::Null) {
            out = "null";
        } else if (t->type == ScalarType::Str || t->type == ScalarType::Other) {
            out = flow_string(t->value);
        } else {
            out = flink_string(*t);
        }
        alias_depth_ -= via_alias ? 1 : 0;
        return out;
    }

    Document& doc_;
    const std::vector<Node>& nodes_;
    int alias_depth_ = 0;
    ByteRange outer_alias_;  // the alias an expansion started from
    std::size_t budget_ = k_max_alias_expansion;
    std::size_t cuts_ = 0;  // how often the budget refused a node
    bool budget_noted_ = false;
};

std::string sentence(std::string msg)
{
    while (!msg.empty() && (msg.back() == '.' || is_space(msg.back()))) {
        msg.pop_back();
    }
    return msg;
}

/// Removes the settings `doomed` picks, and the notes made about them (from `first_note` on).
template <typename Pred>
void drop_settings(Document& doc, std::size_t first_note, Pred doomed)
{
    std::vector<ByteRange> dropped;
    std::erase_if(doc.settings, [&](const Setting& s) {
        if (doomed(s)) {
            dropped.push_back(s.key_range);
            return true;
        }
        return false;
    });
    std::size_t index = 0;
    std::erase_if(doc.notes, [&](const ParseNote& n) {
        const bool about_dropped =
            index++ >= first_note && std::find(dropped.begin(), dropped.end(), n.range) != dropped.end();
        return about_dropped;
    });
}

/// yaml-cpp reports an entry as soon as it has scanned it, even when the error comes right after
/// (`a: 1` followed by a wrongly indented `  b: 2` gives `a` = "1 b"). An entry whose value reaches
/// the line of the error is therefore not trusted.
void drop_entries_at_error(Document& doc, std::size_t first_note, std::uint32_t error)
{
    const std::uint32_t error_line = doc.lines.line_of(error);
    drop_settings(doc, first_note, [&](const Setting& s) {
        const std::uint32_t last = s.value_range.empty() ? s.value_range.begin : s.value_range.end - 1;
        return doc.lines.line_of(std::max(last, s.key_range.begin)) >= error_line;
    });
}

/// yaml-cpp saw the text only up to the line where reading stopped, and closed whatever was open
/// there. The entry that line belongs to (the last one read, when the line is indented deeper than
/// its key or continues its list) was cut short, so neither it nor a note about it is kept.
void drop_interrupted_entry(Document& doc, std::size_t first_note, std::uint32_t cut)
{
    if (doc.settings.empty() || cut >= doc.text.size()) {
        return;
    }
    const ByteRange line = doc.lines.content(doc.lines.line_of(cut));
    std::uint32_t first = line.begin;
    while (first < line.end && is_blank(doc.text[first])) {
        ++first;
    }
    const bool list_item = first < line.end && doc.text[first] == '-' &&
                           (first + 1 >= line.end || is_space(doc.text[first + 1]));
    auto last = std::max_element(
        doc.settings.begin(), doc.settings.end(),
        [](const Setting& a, const Setting& b) { return a.key_range.begin < b.key_range.begin; });
    const std::uint32_t key_column =
        last->key_range.begin - doc.lines.content(doc.lines.line_of(last->key_range.begin)).begin;
    const std::uint32_t cut_column = first - line.begin;
    if (cut_column > key_column || (cut_column == key_column && list_item)) {
        const ByteRange key_range = last->key_range;
        drop_settings(doc, first_note, [&](const Setting& s) { return s.key_range == key_range; });
    }
}

}  // namespace

void parse_flink_yaml(Document& doc)
{
    const std::string_view text = doc.text;
    const auto size = static_cast<std::uint32_t>(text.size());

    // Pass 1. Flink stops at the first of these; the text before the line holding it is read.
    Lexer lexer(text);
    lexer.run();
    doc.comments.insert(doc.comments.end(), lexer.comments.begin(), lexer.comments.end());
    std::optional<Stop> stop = check_characters(text);
    if (lexer.too_deep && (!stop || *lexer.too_deep < stop->offset)) {
        stop = Stop{*lexer.too_deep, "Nesting deeper than " + std::to_string(k_max_depth) +
                                         " levels, so streamlint does not read the file past this point"};
    }
    if (lexer.unclosed_quote && (!stop || *lexer.unclosed_quote < stop->offset)) {
        // snakeyaml: "found unexpected end of stream while scanning a quoted scalar"; yaml-cpp 0.7
        // takes the rest of the text as the value instead.
        stop = Stop{*lexer.unclosed_quote, "The quoted value opened here is never closed, so Flink fails to load "
                                           "`config.yaml` (the file ends inside the quotes); add the closing quote"};
    }
    std::uint32_t limit = size;
    if (stop) {
        limit = doc.lines.content(doc.lines.line_of(stop->offset)).begin;
        const std::uint32_t end = stop->offset < size ? stop->offset + 1 : stop->offset;
        doc.notes.push_back(ParseNote{NoteKind::SyntaxError, {stop->offset, end}, stop->message, {}});
    }

    // Pass 2. Flink reads one document; a second one is an error reported by the tree builder,
    // which needs only its start, so errors inside the second document are not reported.
    yaml_events::Result read = yaml_events::read(text, limit, 2);
    std::optional<std::uint32_t> error_at;
    // A cut text ends where Flink already stopped, so an error caused by the cut is not news.
    if (read.error && read.error->document == 0 && !stop) {
        const yaml_events::Error& e = *read.error;
        if (e.yaml) {
            error_at = e.offset;
            const std::uint32_t end = e.offset < size ? e.offset + 1 : e.offset;
            doc.notes.push_back(ParseNote{NoteKind::SyntaxError,
                                          {e.offset, end},
                                          "Flink fails to load `config.yaml` because the YAML is invalid here: " +
                                              sentence(e.message),
                                          {}});
        } else {
            doc.notes.push_back(ParseNote{
                NoteKind::SyntaxError,
                {0, 0},
                e.message.empty() ? "The YAML could not be read" : "The YAML could not be read: " + sentence(e.message),
                {}});
        }
    }
    const std::vector<Event>& events = read.events;

    // Passes 3 and 4: only what was complete before an error becomes a setting.
    std::vector<Node> nodes;
    TreeBuilder builder(text, doc.lines, limit, nodes, doc.notes);
    const std::uint32_t root = builder.build(events);
    const std::size_t first_note = doc.notes.size();
    Flattener(doc, nodes).run(root);
    if (stop) {
        drop_interrupted_entry(doc, first_note, limit);
    } else if (error_at) {
        drop_entries_at_error(doc, first_note, *error_at);
    }
    resolve_overrides(doc.settings);
}

YamlScan scan_yaml(std::string_view text, std::size_t max_depth)
{
    if (text.size() > std::numeric_limits<std::uint32_t>::max() - 8) {
        return {0, std::nullopt};
    }
    Lexer lexer(text, max_depth);
    lexer.run();
    return {lexer.too_deep, lexer.unclosed_quote};
}

std::optional<std::uint32_t> yaml_nesting_exceeds(std::string_view text, std::size_t max_depth)
{
    return scan_yaml(text, max_depth).too_deep;
}

std::optional<std::uint32_t> yaml_unclosed_quote(std::string_view text)
{
    return scan_yaml(text, k_max_depth).unclosed_quote;
}

}  // namespace streamlint
