// Elasticsearch index JSON: a JSON reader that accepts exactly what Elasticsearch's Jackson parser
// accepts and remembers where every member is written, then the walk that finds the index settings
// in each body shape Elasticsearch takes and flattens them the way Elasticsearch does.
//
// nlohmann/json keeps no source positions, so this file has its own reader: a byte scanner plus an
// iterative descent with an explicit stack (no recursion over the input, so a body nested 200000
// deep is just a syntax error at level 513). It builds a small tree (one vector of nodes, one string
// pool), then the settings walk runs over the tree.
//
// What Elasticsearch does, as read in elastic/elasticsearch and FasterXML/jackson-core:
//
// * JSON syntax. libs/x-content/impl/src/main/java/org/elasticsearch/xcontent/provider/json/
//   JsonXContentImpl.java configures Jackson's JsonFactory with ALLOW_COMMENTS = true (so `//` line
//   comments and `/* */` block comments are accepted wherever blanks are; `#` comments are another
//   feature, ALLOW_YAML_COMMENTS, left off) and STRICT_DUPLICATE_DETECTION = true (a member name
//   repeated in one object is an error, in every object of the body). Every other read feature keeps
//   Jackson's default: names and strings in double quotes only, no trailing commas, no leading
//   zeros, `+`, NaN or Infinity in numbers, no unescaped control characters in strings, no
//   backslash before an arbitrary character, only space, tab, CR and LF between tokens.
// * Limits. libs/x-content/impl/src/main/java/org/elasticsearch/xcontent/provider/
//   XContentImplUtils.java lifts only Jackson's string length limit, so Jackson's other
//   StreamReadConstraints defaults stay: numbers of at most 1000 characters, member names of at most
//   50000 (Jackson 2.16+). Jackson's default nesting limit is 1000 (2.15+); this reader stops at 512
//   as the project asks (k_max_depth).
// * Encoding. libs/x-content/impl/src/main/java/org/elasticsearch/xcontent/provider/json/
//   ESByteSourceJsonBootstrapper.java skips a UTF-8 byte order mark (it inspects the first four
//   bytes, so only when the text has at least four). Jackson's byte parser (lead-byte table in
//   jackson-core src/main/java/com/fasterxml/jackson/core/io/CharTypes.java) rejects a byte that
//   cannot start a UTF-8 sequence (0x80-0xBF, 0xF8-0xFF) and a continuation byte that is not
//   10xxxxxx, in strings, names and comments alike; it does not reject overlong forms or encoded
//   surrogates. Control characters other than tab are rejected inside comments too.
// * Flattening. server/src/main/java/org/elasticsearch/common/settings/Settings.java: fromXContent
//   joins nested member names with '.', turns an array of strings, numbers and booleans into a list
//   setting (anything else inside an array is rejected), keeps null as a null value and takes
//   numbers and booleans as their text. A key met twice after flattening (`{"index": {"a": 1}}` and
//   `"index.a"`) silently replaces the earlier value: the "duplicate settings key" error of 6.x is
//   gone since 7.0 (the 7.6 and 9.x copies of Settings.java have no such check).
//   Settings.Builder.normalizePrefix("index.") then renames every key that neither starts with
//   "index." nor ends with '*', and puts the renamed entries back after the loop, so a short key
//   (`number_of_shards`) replaces its long spelling (`index.number_of_shards`) in any order.
// * Order. server/src/main/java/org/elasticsearch/cluster/metadata/Template.java reads
//   `template.settings` of composable and component templates straight from the request, so the
//   later spelling in the document wins. Create-index and legacy template bodies are first read into
//   java.util.HashMap objects (AbstractXContentParser.map, through XContentHelper.convertToMap(...,
//   ordered = false) in CreateIndexRequest.source and RestPutIndexTemplateAction.prepareRequestSource)
//   and written out again before Settings parses them (CreateIndexRequest.settings(Map),
//   Settings.Builder.loadFromMap), so there "later" means later in HashMap iteration order.
//   server/src/main/java/org/elasticsearch/action/admin/indices/settings/put/
//   UpdateSettingsRequest.java (fromXContent) also copies the top object into a fresh HashMap with
//   putAll, which sizes the table differently. This file reproduces both orders (MemberOrder). A
//   lone `{"settings": {...}}` body could go to either API; it is read as a create-index body.

#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace streamlint {

namespace {

/// Deepest nesting of objects and arrays accepted (the root object is level 1).
constexpr std::uint32_t k_max_depth = 512;
/// Jackson's StreamReadConstraints defaults that Elasticsearch keeps.
constexpr std::uint32_t k_max_number_length = 1000;
constexpr std::uint32_t k_max_name_length = 50000;
/// How much of an offending token a message quotes.
constexpr std::uint32_t k_max_quoted_token = 80;

// ------------------------------------------------------------------------------------------------
// Characters and UTF-8

constexpr bool is_json_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

constexpr int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// A char that continues a bare word (`true`, `nul`, `xpack`): what Java's isJavaIdentifierPart
/// says for ASCII, and every non-ASCII byte.
constexpr bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$' ||
           c >= 0x80;
}

/// Appends a code point Jackson decoded; what Java holds as an unpaired surrogate (or Jackson's
/// arithmetic on a 0xF5-0xF7 lead byte) has no UTF-8 form and becomes U+FFFD.
void append_decoded(std::string& out, std::uint32_t cp)
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        cp = 0xFFFD;
    }
    append_utf8(out, cp);
}

/// One multi-byte UTF-8 sequence, judged as Jackson's byte parser judges it.
struct Utf8Step {
    enum class Status : std::uint8_t { Ok, BadLead, BadContinuation, Truncated };
    Status status = Status::Ok;
    std::uint32_t length = 1;      // bytes of the sequence (Ok)
    std::uint32_t bad_offset = 0;  // the offending byte (BadLead, BadContinuation)
    std::uint32_t cp = 0;          // the decoded code point (Ok)
};

Utf8Step jackson_utf8_step(std::string_view text, std::uint32_t pos)
{
    Utf8Step step;
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::uint32_t needed = 0;
    if ((lead & 0xE0) == 0xC0) {
        needed = 1;
        step.cp = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        needed = 2;
        step.cp = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        needed = 3;
        step.cp = lead & 0x07u;
    } else {
        step.status = Utf8Step::Status::BadLead;
        step.bad_offset = pos;
        return step;
    }
    for (std::uint32_t i = 1; i <= needed; ++i) {
        if (pos + i >= text.size()) {
            step.status = Utf8Step::Status::Truncated;
            return step;
        }
        const auto c = static_cast<unsigned char>(text[pos + i]);
        if ((c & 0xC0) != 0x80) {
            step.status = Utf8Step::Status::BadContinuation;
            step.bad_offset = pos + i;
            return step;
        }
        step.cp = (step.cp << 6) | (c & 0x3Fu);
    }
    step.length = needed + 1;
    return step;
}

std::string hex_byte(unsigned char b)
{
    std::array<char, 8> buf{};
    std::snprintf(buf.data(), buf.size(), "0x%02X", static_cast<unsigned>(b));
    return std::string(buf.data());
}

std::string code_point_name(std::uint32_t cp)
{
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "U+%04X", static_cast<unsigned>(cp));
    return std::string(buf.data());
}

/// How a message names the character at `pos`: "`x`", "U+00A0 (`…`)", "byte 0xFF" or "the end of
/// the file".
std::string describe_char(std::string_view text, std::uint32_t pos)
{
    if (pos >= text.size()) {
        return "the end of the file";
    }
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x20 || c == 0x7F) {
        return "control character " + code_point_name(c);
    }
    if (c < 0x80) {
        return std::string("`") + static_cast<char>(c) + "`";
    }
    const Utf8Step step = jackson_utf8_step(text, pos);
    if (step.status != Utf8Step::Status::Ok) {
        return "byte " + hex_byte(c);
    }
    return code_point_name(step.cp) + " (`" + std::string(text.substr(pos, step.length)) + "`)";
}

/// The bare word or placeholder that starts at `pos`, for messages: `${...}` up to its `}`, a run
/// of word chars, or an empty view when `pos` holds neither.
std::string_view bare_token(std::string_view text, std::uint32_t pos)
{
    const auto n = static_cast<std::uint32_t>(text.size());
    std::uint32_t end = pos;
    if (pos + 1 < n && text[pos] == '$' && text[pos + 1] == '{') {
        end = pos + 2;
        while (end < n && text[end] != '}' && text[end] != '\n' && text[end] != '\r' &&
               end - pos < k_max_quoted_token) {
            ++end;
        }
        if (end < n && text[end] == '}') {
            ++end;
        }
        return text.substr(pos, end - pos);
    }
    while (end < n &&
           (is_word_char(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == '-' ||
            text[end] == '+') &&
           end - pos < k_max_quoted_token) {
        ++end;
    }
    return text.substr(pos, end - pos);
}

/// "`token`" when a bare word starts at `pos`, else the description of the char there.
std::string describe_found(std::string_view text, std::uint32_t pos)
{
    if (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) {
        const std::string_view token = bare_token(text, pos);
        if (token.size() > 1) {
            return "`" + std::string(token) + "`";
        }
    }
    return describe_char(text, pos);
}

// ------------------------------------------------------------------------------------------------
// The tree the reader builds

enum class NodeKind : std::uint8_t { Object, Array, String, Number, True, False, Null };

struct Node {
    NodeKind kind = NodeKind::Null;
    ByteRange range;            // the value as written: quotes and brackets included
    ByteRange key_range;        // object members: the name token, quotes included
    std::uint32_t key_off = 0;  // object members: the unescaped name, in JsonTree::pool
    std::uint32_t key_len = 0;
    std::uint32_t text_off = 0;  // strings: the unescaped content, in JsonTree::pool
    std::uint32_t text_len = 0;
    std::int32_t first_child = -1;
    std::int32_t last_child = -1;
    std::int32_t next = -1;
    std::uint32_t child_count = 0;
};

struct JsonTree {
    std::vector<Node> nodes;  // nodes[0] is the root (an object) once read
    std::string pool;         // unescaped names and strings, as valid UTF-8

    [[nodiscard]] std::string_view key(const Node& n) const
    {
        return std::string_view(pool).substr(n.key_off, n.key_len);
    }
    [[nodiscard]] std::string_view text(const Node& n) const
    {
        return std::string_view(pool).substr(n.text_off, n.text_len);
    }
    [[nodiscard]] const Node& at(std::int32_t i) const { return nodes[static_cast<std::size_t>(i)]; }

    /// The member of an object with this name, or -1 (names are unique: duplicates are an error).
    [[nodiscard]] std::int32_t member(std::int32_t object, std::string_view name) const
    {
        if (object < 0 || at(object).kind != NodeKind::Object) {
            return -1;
        }
        for (std::int32_t c = at(object).first_child; c >= 0; c = at(c).next) {
            if (key(at(c)) == name) {
                return c;
            }
        }
        return -1;
    }
    [[nodiscard]] std::int32_t member_of_kind(std::int32_t object, std::string_view name, NodeKind kind) const
    {
        const std::int32_t m = member(object, name);
        return m >= 0 && at(m).kind == kind ? m : -1;
    }
};

struct JsonError {
    ByteRange range;
    std::string message;
    std::string key;
};

// ------------------------------------------------------------------------------------------------
// The reader

class JsonReader {
public:
    JsonReader(std::string_view text, const LineIndex& lines, std::vector<Comment>& comments)
        : text_(text), n_(static_cast<std::uint32_t>(text.size())), lines_(lines), comments_(comments)
    {
    }

    /// Reads the body into `tree`. False on a syntax error (then error() says where and why).
    /// True with an empty tree when the text holds nothing but blanks and comments.
    bool read(JsonTree& tree);

    [[nodiscard]] const JsonError& error() const { return error_; }
    /// Where content after the root object starts, if there is any.
    [[nodiscard]] std::optional<std::uint32_t> trailing() const { return trailing_; }

private:
    enum class Expect : std::uint8_t {
        Value,       // after `:`, after `,` in an array
        ValueOrEnd,  // right after `[`
        NameOrEnd,   // right after `{`
        Name,        // after `,` in an object
        Colon,       // after a member name
        CommaOrEnd,  // after a member's value or an array element
    };

    /// A member name read but not yet attached to its value.
    struct PendingName {
        ByteRange range;
        std::uint32_t off = 0;
        std::uint32_t len = 0;
    };

    /// A member name of one object, for duplicate detection; the text lives in the tree's pool.
    struct NameRef {
        std::int32_t object = -1;
        std::uint32_t off = 0;
        std::uint32_t len = 0;
        std::uint32_t first_at = 0;  // where the name is first written
    };
    struct NameRefHash {
        const std::string* pool = nullptr;
        std::size_t operator()(const NameRef& r) const
        {
            const std::size_t h = std::hash<std::string_view>{}(std::string_view(*pool).substr(r.off, r.len));
            return h ^ (static_cast<std::size_t>(r.object) * 0x9E3779B97F4A7C15ULL);
        }
    };
    struct NameRefEq {
        const std::string* pool = nullptr;
        bool operator()(const NameRef& a, const NameRef& b) const
        {
            const std::string_view p(*pool);
            return a.object == b.object && p.substr(a.off, a.len) == p.substr(b.off, b.len);
        }
    };

    bool fail(std::uint32_t at, std::string message, std::string key = {})
    {
        error_.range = at < n_ ? ByteRange{at, at + 1} : end_of_file_range();
        error_.message = std::move(message);
        error_.key = std::move(key);
        return false;
    }
    /// EOF errors point at the last byte, so they keep a place (an empty range means "whole file").
    [[nodiscard]] ByteRange end_of_file_range() const
    {
        return n_ > 0 ? ByteRange{n_ - 1, n_} : ByteRange{0, 0};
    }

    [[nodiscard]] std::string where(std::uint32_t offset) const
    {
        const Position p = lines_.position(offset);
        return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
    }

    bool skip_blanks();
    bool skip_comment();
    void record_comment(std::uint32_t begin, std::uint32_t end);
    void scan_trailing();

    bool read_string(JsonTree& tree, std::uint32_t& off, std::uint32_t& len, bool is_name);
    bool read_number(std::uint32_t& end);
    bool read_scalar(JsonTree& tree, Node& node);
    bool fail_value(std::uint32_t at, bool after_comma);

    std::int32_t add_node(JsonTree& tree, Node node, std::vector<std::int32_t>& stack, PendingName& name);

    std::string_view text_;
    std::uint32_t n_;
    std::uint32_t pos_ = 0;
    const LineIndex& lines_;
    std::vector<Comment>& comments_;
    JsonError error_;
    std::optional<std::uint32_t> trailing_;
};

void JsonReader::record_comment(std::uint32_t begin, std::uint32_t end)
{
    // Own line: nothing but blanks between the previous line break (or the start) and the marker.
    std::uint32_t i = begin;
    while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t')) {
        --i;
    }
    const bool own_line = i == 0 || text_[i - 1] == '\n' || text_[i - 1] == '\r' ||
                          (i == 3 && text_.substr(0, 3) == "\xEF\xBB\xBF");
    comments_.push_back(Comment{ByteRange{begin, end}, own_line});
}

/// At a `/`: skips one comment, checking its bytes as Jackson does (tab allowed, other control
/// chars not; UTF-8 sequences must be well formed).
bool JsonReader::skip_comment()
{
    const std::uint32_t begin = pos_;
    if (pos_ + 1 >= n_ || (text_[pos_ + 1] != '/' && text_[pos_ + 1] != '*')) {
        return fail(pos_, "unexpected `/`: a comment starts with `//` or `/*`");
    }
    const bool block = text_[pos_ + 1] == '*';
    pos_ += 2;
    while (pos_ < n_) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (!block && (c == '\n' || c == '\r')) {
            record_comment(begin, pos_);
            return true;
        }
        if (block && c == '*' && pos_ + 1 < n_ && text_[pos_ + 1] == '/') {
            pos_ += 2;
            record_comment(begin, pos_);
            return true;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return fail(pos_,
                        describe_char(text_, pos_) + " inside a comment: only tab, CR and LF are allowed");
        }
        if (c >= 0x80) {
            const Utf8Step step = jackson_utf8_step(text_, pos_);
            if (step.status == Utf8Step::Status::Ok) {
                pos_ += step.length;
                continue;
            }
            if (step.status == Utf8Step::Status::Truncated) {
                return fail(n_, "unexpected end of file inside a comment (truncated UTF-8 sequence)");
            }
            return fail(step.bad_offset, "invalid UTF-8 byte " +
                                             hex_byte(static_cast<unsigned char>(text_[step.bad_offset])) +
                                             " inside a comment");
        }
        ++pos_;
    }
    if (block) {
        return fail(n_, "unexpected end of file: the `/*` comment at " + where(begin) + " is not closed");
    }
    record_comment(begin, pos_);
    return true;
}

/// Skips blanks and comments. False on a char Jackson rejects there.
bool JsonReader::skip_blanks()
{
    while (pos_ < n_) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (is_json_blank(c)) {
            ++pos_;
        } else if (c == '/') {
            if (!skip_comment()) {
                return false;
            }
        } else if (c < 0x20) {
            return fail(pos_, describe_char(text_, pos_) +
                                  " between tokens: only space, tab, CR and LF are allowed there");
        } else {
            return true;
        }
    }
    return true;
}

/// After the root object: Jackson stops reading there, so nothing after it is judged; comments
/// are still recorded, and the first other byte is remembered.
void JsonReader::scan_trailing()
{
    while (pos_ < n_) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (is_json_blank(c)) {
            ++pos_;
            continue;
        }
        if (c == '/' && pos_ + 1 < n_ && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*')) {
            const std::uint32_t begin = pos_;
            if (text_[pos_ + 1] == '/') {
                while (pos_ < n_ && text_[pos_] != '\n' && text_[pos_] != '\r') {
                    ++pos_;
                }
                record_comment(begin, pos_);
                continue;
            }
            const std::size_t close = text_.find("*/", pos_ + 2);
            if (close != std::string_view::npos) {
                pos_ = static_cast<std::uint32_t>(close) + 2;
                record_comment(begin, pos_);
                continue;
            }
        }
        trailing_ = pos_;
        return;
    }
}

/// At a `"`: reads a string or a member name into the pool, unescaped, as valid UTF-8.
bool JsonReader::read_string(JsonTree& tree, std::uint32_t& off, std::uint32_t& len, bool is_name)
{
    const char* what = is_name ? "a member name" : "a string";
    const std::uint32_t open = pos_;
    off = static_cast<std::uint32_t>(tree.pool.size());
    ++pos_;
    while (true) {
        if (pos_ >= n_) {
            return fail(n_, std::string("unexpected end of file inside ") + what + " (the quote at " +
                                where(open) + " is not closed)");
        }
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            ++pos_;
            break;
        }
        if (c == '\\') {
            if (pos_ + 1 >= n_) {
                return fail(n_, std::string("unexpected end of file inside ") + what);
            }
            const char e = text_[pos_ + 1];
            char plain = 0;
            switch (e) {
                case '"':
                    plain = '"';
                    break;
                case '\\':
                    plain = '\\';
                    break;
                case '/':
                    plain = '/';
                    break;
                case 'b':
                    plain = '\b';
                    break;
                case 'f':
                    plain = '\f';
                    break;
                case 'n':
                    plain = '\n';
                    break;
                case 'r':
                    plain = '\r';
                    break;
                case 't':
                    plain = '\t';
                    break;
                case 'u':
                    break;
                default: {
                    const auto ec = static_cast<unsigned char>(e);
                    const std::string shown = ec > 0x20 && ec < 0x7F
                                                  ? "`\\" + std::string(1, e) + "`"
                                                  : "`\\` before " + describe_char(text_, pos_ + 1);
                    return fail(pos_, "invalid escape " + shown + " in " + what +
                                          ": JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
                }
            }
            if (e != 'u') {
                tree.pool.push_back(plain);
                pos_ += 2;
                continue;
            }
            // \uXXXX, and a following \uXXXX when it completes a surrogate pair.
            auto read_hex4 = [&](std::uint32_t at, std::uint32_t& unit) {
                unit = 0;
                for (std::uint32_t i = 0; i < 4; ++i) {
                    if (at + i >= n_) {
                        return fail(n_, std::string("unexpected end of file inside ") + what);
                    }
                    const int h = hex_value(static_cast<unsigned char>(text_[at + i]));
                    if (h < 0) {
                        return fail(at + i, "invalid `\\u` escape: expected 4 hexadecimal digits, found " +
                                                describe_char(text_, at + i));
                    }
                    unit = (unit << 4) | static_cast<std::uint32_t>(h);
                }
                return true;
            };
            std::uint32_t unit = 0;
            if (!read_hex4(pos_ + 2, unit)) {
                return false;
            }
            pos_ += 6;
            if (unit >= 0xD800 && unit <= 0xDBFF && pos_ + 1 < n_ && text_[pos_] == '\\' &&
                text_[pos_ + 1] == 'u') {
                std::uint32_t low = 0;
                if (!read_hex4(pos_ + 2, low)) {
                    return false;
                }
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    pos_ += 6;
                    append_decoded(tree.pool, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                    continue;
                }
            }
            append_decoded(tree.pool, unit);
            continue;
        }
        if (c < 0x20) {
            std::string message = describe_char(text_, pos_) + " inside " + what + ": it must be escaped";
            if (c == '\n' || c == '\r') {
                message = std::string("line break inside ") + what + " (is the closing quote of the one at " +
                          where(open) + " missing?)";
            }
            return fail(pos_, std::move(message));
        }
        if (c < 0x80) {
            tree.pool.push_back(static_cast<char>(c));
            ++pos_;
            continue;
        }
        const Utf8Step step = jackson_utf8_step(text_, pos_);
        if (step.status == Utf8Step::Status::Truncated) {
            return fail(n_,
                        std::string("unexpected end of file inside ") + what + " (truncated UTF-8 sequence)");
        }
        if (step.status != Utf8Step::Status::Ok) {
            const auto bad = static_cast<unsigned char>(text_[step.bad_offset]);
            return fail(
                step.bad_offset,
                std::string("invalid UTF-8 ") +
                    (step.status == Utf8Step::Status::BadLead ? "start byte " : "continuation byte ") +
                    hex_byte(bad) + " in " + what);
        }
        append_decoded(tree.pool, step.cp);
        pos_ += step.length;
    }
    len = static_cast<std::uint32_t>(tree.pool.size()) - off;
    if (is_name && len > k_max_name_length) {
        return fail(open, "member name of " + std::to_string(len) + " bytes: Jackson allows at most " +
                              std::to_string(k_max_name_length));
    }
    return true;
}

/// At `-` or a digit: reads a number with JSON's grammar. `end` is set past its last char.
bool JsonReader::read_number(std::uint32_t& end)
{
    const std::uint32_t begin = pos_;
    std::uint32_t p = pos_;
    auto token = [&] { return "`" + std::string(text_.substr(begin, std::min(p + 1, n_) - begin)) + "`"; };
    if (text_[p] == '-') {
        ++p;
        if (p >= n_ || !is_digit(static_cast<unsigned char>(text_[p]))) {
            return fail(p,
                        "invalid number: `-` must be followed by a digit, found " + describe_found(text_, p));
        }
    }
    if (text_[p] == '0') {
        ++p;
        if (p < n_ && is_digit(static_cast<unsigned char>(text_[p]))) {
            return fail(p, "invalid number " + token() + ": leading zeros are not allowed");
        }
    } else {
        while (p < n_ && is_digit(static_cast<unsigned char>(text_[p]))) {
            ++p;
        }
    }
    if (p < n_ && text_[p] == '.') {
        ++p;
        if (p >= n_ || !is_digit(static_cast<unsigned char>(text_[p]))) {
            return fail(p, "invalid number " + token() + ": a digit must follow the decimal point");
        }
        while (p < n_ && is_digit(static_cast<unsigned char>(text_[p]))) {
            ++p;
        }
    }
    if (p < n_ && (text_[p] == 'e' || text_[p] == 'E')) {
        ++p;
        if (p < n_ && (text_[p] == '+' || text_[p] == '-')) {
            ++p;
        }
        if (p >= n_ || !is_digit(static_cast<unsigned char>(text_[p]))) {
            return fail(p, "invalid number " + token() + ": a digit must follow the exponent");
        }
        while (p < n_ && is_digit(static_cast<unsigned char>(text_[p]))) {
            ++p;
        }
    }
    if (p - begin > k_max_number_length) {
        return fail(begin, "number of " + std::to_string(p - begin) + " characters: Jackson allows at most " +
                               std::to_string(k_max_number_length));
    }
    end = p;
    return true;
}

/// Explains why no value can start at `at`.
bool JsonReader::fail_value(std::uint32_t at, bool after_comma)
{
    if (at >= n_) {
        return fail(n_, "unexpected end of file: expected a value");
    }
    const char c = text_[at];
    if ((c == ']' || c == '}') && after_comma) {
        return fail(at, std::string("expected a value after `,`, found `") + c +
                            "` (trailing commas are not allowed)");
    }
    if (c == '\'') {
        return fail(at, "single-quoted string: JSON strings need double quotes");
    }
    if (c == '#') {
        return fail(at, "`#` comments are not allowed: Elasticsearch reads only `//` and `/* */` comments");
    }
    if (c == '+') {
        return fail(at, "`+` before a number is not allowed in JSON");
    }
    const std::string_view token = bare_token(text_, at);
    if (!token.empty() && static_cast<unsigned char>(c) < 0x80) {
        std::string message = "unquoted token `" + std::string(token) +
                              "`: expected a value (a string, number, "
                              "object, array, `true`, `false` or `null`)";
        if (token.substr(0, 2) == "${") {
            message += "; it looks like an unrendered template placeholder";
        }
        return fail(at, std::move(message));
    }
    return fail(at, "expected a value, found " + describe_char(text_, at));
}

/// Reads a string, number or literal at pos_ into `node`.
bool JsonReader::read_scalar(JsonTree& tree, Node& node)
{
    const std::uint32_t begin = pos_;
    const char c = text_[pos_];
    if (c == '"') {
        node.kind = NodeKind::String;
        if (!read_string(tree, node.text_off, node.text_len, false)) {
            return false;
        }
    } else if (c == '-' || is_digit(static_cast<unsigned char>(c))) {
        node.kind = NodeKind::Number;
        std::uint32_t end = 0;
        if (!read_number(end)) {
            return false;
        }
        pos_ = end;
    } else {
        // true, false, null: the word must match exactly and must not run on into more word chars.
        std::uint32_t end = pos_;
        while (end < n_ && is_word_char(static_cast<unsigned char>(text_[end]))) {
            ++end;
        }
        const std::string_view word = text_.substr(pos_, end - pos_);
        if (word == "true") {
            node.kind = NodeKind::True;
        } else if (word == "false") {
            node.kind = NodeKind::False;
        } else if (word == "null") {
            node.kind = NodeKind::Null;
        } else {
            return fail_value(pos_, false);
        }
        pos_ = end;
    }
    node.range = ByteRange{begin, pos_};
    return true;
}

std::int32_t JsonReader::add_node(JsonTree& tree, Node node, std::vector<std::int32_t>& stack,
                                  PendingName& name)
{
    const auto index = static_cast<std::int32_t>(tree.nodes.size());
    if (!stack.empty()) {
        const std::int32_t parent = stack.back();
        if (tree.at(parent).kind == NodeKind::Object) {
            node.key_range = name.range;
            node.key_off = name.off;
            node.key_len = name.len;
        }
        tree.nodes.push_back(node);
        Node& p = tree.nodes[static_cast<std::size_t>(parent)];
        if (p.last_child >= 0) {
            tree.nodes[static_cast<std::size_t>(p.last_child)].next = index;
        } else {
            p.first_child = index;
        }
        p.last_child = index;
        ++p.child_count;
    } else {
        tree.nodes.push_back(node);
    }
    return index;
}

bool JsonReader::read(JsonTree& tree)
{
    // Jackson detects UTF-16 and UTF-32 from a byte order mark or from zero bytes among the first
    // four (ESByteSourceJsonBootstrapper.detectEncoding) and decodes them; this reader does not.
    if (n_ >= 2) {
        const auto b0 = static_cast<unsigned char>(text_[0]);
        const auto b1 = static_cast<unsigned char>(text_[1]);
        if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE) || b0 == 0 || b1 == 0) {
            return fail(
                0,
                "the file is UTF-16 or UTF-32 encoded: Elasticsearch decodes it, but streamlint reads "
                "only UTF-8 JSON (convert the file to UTF-8)");
        }
    }
    // A UTF-8 byte order mark is skipped (Jackson looks for it only when 4 bytes can be read).
    if (n_ >= 4 && text_.substr(0, 3) == "\xEF\xBB\xBF") {
        pos_ = 3;
    }
    if (!skip_blanks()) {
        return false;
    }
    if (pos_ >= n_) {
        return true;  // an empty body
    }
    if (text_[pos_] != '{') {
        return fail(pos_, "the body must be a JSON object, found " + describe_found(text_, pos_));
    }

    NameRefHash hasher{&tree.pool};
    NameRefEq equal{&tree.pool};
    std::unordered_set<NameRef, NameRefHash, NameRefEq> names(64, hasher, equal);

    std::vector<std::int32_t> stack;  // the open objects and arrays
    PendingName name;
    Expect expect = Expect::Value;

    auto open_container = [&](NodeKind kind) {
        if (stack.size() + 1 > k_max_depth) {
            return fail(pos_, "nesting deeper than " + std::to_string(k_max_depth) + " levels");
        }
        Node node;
        node.kind = kind;
        node.range = ByteRange{pos_, pos_ + 1};
        stack.push_back(add_node(tree, node, stack, name));
        ++pos_;
        expect = kind == NodeKind::Object ? Expect::NameOrEnd : Expect::ValueOrEnd;
        return true;
    };
    // Closes the innermost container at pos_; true when that was the root.
    auto close_container = [&]() {
        tree.nodes[static_cast<std::size_t>(stack.back())].range.end = pos_ + 1;
        stack.pop_back();
        ++pos_;
        expect = Expect::CommaOrEnd;
        return stack.empty();
    };

    while (true) {
        if (!skip_blanks()) {
            return false;
        }
        if (pos_ >= n_) {
            const Node& open = tree.at(stack.back());
            const bool object = open.kind == NodeKind::Object;
            return fail(n_, std::string("unexpected end of file: the ") + (object ? "object" : "array") +
                                " opened at " + where(open.range.begin) + " is not closed (expected `" +
                                (object ? "}" : "]") + "`)");
        }
        const char c = text_[pos_];
        switch (expect) {
            case Expect::Value:
            case Expect::ValueOrEnd: {
                if (c == '{' || c == '[') {
                    if (!open_container(c == '{' ? NodeKind::Object : NodeKind::Array)) {
                        return false;
                    }
                    break;
                }
                if (c == ']' && expect == Expect::ValueOrEnd) {
                    close_container();  // never the root: the root is an object
                    break;
                }
                const bool after_comma = expect == Expect::Value && !stack.empty() &&
                                         tree.at(stack.back()).kind == NodeKind::Array;
                if (c == '}' || c == ']' || c == ',' || c == ':') {
                    return fail_value(pos_, after_comma);
                }
                Node node;
                if (!read_scalar(tree, node)) {
                    return false;
                }
                add_node(tree, node, stack, name);
                expect = Expect::CommaOrEnd;
                break;
            }
            case Expect::NameOrEnd:
            case Expect::Name: {
                if (c == '"') {
                    name.range.begin = pos_;
                    if (!read_string(tree, name.off, name.len, true)) {
                        return false;
                    }
                    name.range.end = pos_;
                    const NameRef ref{stack.back(), name.off, name.len, name.range.begin};
                    auto [it, inserted] = names.insert(ref);
                    if (!inserted) {
                        const std::string key(std::string_view(tree.pool).substr(name.off, name.len));
                        return fail(name.range.begin,
                                    "duplicate key `" + key + "` (first at " + where(it->first_at) +
                                        "): Elasticsearch rejects a name repeated in one object",
                                    key);
                    }
                    expect = Expect::Colon;
                    break;
                }
                if (c == '}' && expect == Expect::NameOrEnd) {
                    if (close_container()) {
                        scan_trailing();
                        return true;
                    }
                    break;
                }
                if (c == '}') {
                    return fail(
                        pos_,
                        "expected a member name after `,`, found `}` (trailing commas are not allowed)");
                }
                std::string message = "expected a double-quoted member name";
                if (expect == Expect::NameOrEnd) {
                    message += " or `}`";
                }
                message += ", found " + describe_found(text_, pos_);
                if (c == '\'') {
                    message += " (JSON names need double quotes)";
                } else if (c == '#') {
                    message +=
                        " (`#` comments are not allowed: Elasticsearch reads only `//` and `/* */` comments)";
                }
                return fail(pos_, std::move(message));
            }
            case Expect::Colon: {
                if (c != ':') {
                    return fail(pos_,
                                "expected `:` after the member name `" +
                                    std::string(std::string_view(tree.pool).substr(name.off, name.len)) +
                                    "`, found " + describe_found(text_, pos_));
                }
                ++pos_;
                expect = Expect::Value;
                break;
            }
            case Expect::CommaOrEnd: {
                const Node& open = tree.at(stack.back());
                const bool object = open.kind == NodeKind::Object;
                const char close = object ? '}' : ']';
                if (c == ',') {
                    ++pos_;
                    expect = object ? Expect::Name : Expect::Value;
                    break;
                }
                if (c == close) {
                    if (close_container()) {
                        scan_trailing();
                        return true;
                    }
                    break;
                }
                if (c == '}' || c == ']') {
                    return fail(pos_, std::string("`") + c + "` does not close the " +
                                          (object ? "object" : "array") + " opened at " +
                                          where(open.range.begin) + ": expected `,` or `" + close + "`");
                }
                return fail(pos_, std::string("expected `,` or `") + close + "` after " +
                                      (object ? "an object member" : "an array element") + ", found " +
                                      describe_found(text_, pos_));
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Java's HashMap iteration order (JDK 8+): entries are visited bucket by bucket, the bucket being
// the spread String.hashCode masked by the table size; within a bucket in insertion order.
// (A bucket of more than 8 colliding names in a table of 64+ is turned into a tree whose order
// differs; no settings object comes near that.)

std::uint32_t java_string_hash(std::string_view utf8)
{
    std::uint32_t h = 0;
    for (std::uint32_t i = 0; i < utf8.size();) {
        std::uint32_t cp = static_cast<unsigned char>(utf8[i]);
        std::uint32_t len = 1;
        if (cp >= 0x80) {
            const Utf8Step step = jackson_utf8_step(utf8, i);  // the pool holds valid UTF-8
            cp = step.status == Utf8Step::Status::Ok ? step.cp : 0xFFFD;
            len = step.status == Utf8Step::Status::Ok ? step.length : 1;
        }
        if (cp >= 0x10000) {
            h = h * 31 + (0xD800 + ((cp - 0x10000) >> 10));
            h = h * 31 + (0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            h = h * 31 + cp;
        }
        i += len;
    }
    return h;
}

/// Table size of a `new HashMap<>()` after `n` puts (grows at 3/4 full).
std::uint32_t hashmap_capacity_grown(std::size_t n)
{
    std::uint32_t cap = 16;
    while (n > cap / 4 * 3) {
        cap *= 2;
    }
    return cap;
}

/// Table size of an empty `new HashMap<>()` after putAll of `n` entries (JDK 19+, as bundled with
/// Elasticsearch 8 and 9: tableSizeFor(ceil(n / 0.75))).
std::uint32_t hashmap_capacity_copied(std::size_t n)
{
    const std::size_t wanted = (n * 4 + 2) / 3;
    std::uint32_t cap = 1;
    while (cap < wanted) {
        cap *= 2;
    }
    return cap;
}

enum class MemberOrder : std::uint8_t {
    Document,     // read from the request stream
    HashMap,      // every object went through a java.util.HashMap
    HashMapCopy,  // the same, and the top object was copied into a fresh HashMap (update settings)
};

// ------------------------------------------------------------------------------------------------
// Finding the settings objects

struct SettingsRoot {
    std::int32_t node = -1;
    std::string scope;
    MemberOrder order = MemberOrder::Document;
};

std::vector<SettingsRoot> find_settings_roots(const JsonTree& tree)
{
    std::vector<SettingsRoot> roots;
    const std::int32_t root = 0;

    // GET _index_template / GET _component_template responses.
    bool response = false;
    for (const auto& [list_name, item_name] :
         {std::pair<std::string_view, std::string_view>{"index_templates", "index_template"},
          std::pair<std::string_view, std::string_view>{"component_templates", "component_template"}}) {
        const std::int32_t list = tree.member_of_kind(root, list_name, NodeKind::Array);
        if (list < 0) {
            continue;
        }
        response = true;
        std::uint32_t i = 0;
        for (std::int32_t item = tree.at(list).first_child; item >= 0; item = tree.at(item).next, ++i) {
            const std::int32_t name = tree.member_of_kind(item, "name", NodeKind::String);
            const std::int32_t body = tree.member_of_kind(item, item_name, NodeKind::Object);
            const std::int32_t templ = tree.member_of_kind(body, "template", NodeKind::Object);
            const std::int32_t settings = tree.member_of_kind(templ, "settings", NodeKind::Object);
            if (settings >= 0) {
                std::string scope = name >= 0 ? std::string(tree.text(tree.at(name)))
                                              : std::string(list_name) + "[" + std::to_string(i) + "]";
                roots.push_back({settings, std::move(scope), MemberOrder::Document});
            }
        }
    }
    if (response) {
        return roots;
    }

    // Composable index templates and component templates: settings under `template`.
    const std::int32_t templ = tree.member_of_kind(root, "template", NodeKind::Object);
    if (templ >= 0) {
        const std::int32_t settings = tree.member_of_kind(templ, "settings", NodeKind::Object);
        if (settings >= 0) {
            roots.push_back({settings, {}, MemberOrder::Document});
        }
        return roots;
    }

    // GET _settings (and GET <index>, GET _template) responses: {"<name>": {"settings": {...}}, ...}.
    bool per_name = tree.at(root).child_count > 0;
    for (std::int32_t m = tree.at(root).first_child; m >= 0 && per_name; m = tree.at(m).next) {
        per_name = tree.member_of_kind(m, "settings", NodeKind::Object) >= 0;
    }
    if (per_name) {
        for (std::int32_t m = tree.at(root).first_child; m >= 0; m = tree.at(m).next) {
            roots.push_back(
                {tree.member(m, "settings"), std::string(tree.key(tree.at(m))), MemberOrder::Document});
        }
        return roots;
    }

    // Create-index bodies and legacy templates (`template` is then a pattern string); with no
    // `settings` member they set no settings.
    const std::int32_t settings = tree.member(root, "settings");
    if (settings >= 0 || tree.member(root, "mappings") >= 0 || tree.member(root, "aliases") >= 0 ||
        tree.member(root, "index_patterns") >= 0) {
        if (settings >= 0 && tree.at(settings).kind == NodeKind::Object) {
            roots.push_back({settings, {}, MemberOrder::HashMap});
        }
        return roots;
    }

    // Bare settings, as for PUT <index>/_settings.
    roots.push_back({root, {}, MemberOrder::HashMapCopy});
    return roots;
}

// ------------------------------------------------------------------------------------------------
// Flattening

/// One setting as Settings.fromXContent produces it, before the `index.` prefix.
struct FlatSetting {
    std::string key;
    std::int32_t node = -1;  // the value (it also holds the innermost member name)
    std::uint64_t seen = 0;  // when Elasticsearch's settings parser meets it
};

class Flattener {
public:
    Flattener(const JsonTree& tree, std::vector<ParseNote>& notes) : tree_(tree), notes_(notes) {}

    std::vector<FlatSetting> flatten(const SettingsRoot& root)
    {
        out_.clear();
        seen_ = 0;
        std::string prefix;
        walk(root.node, prefix, root.order, true);
        return std::move(out_);
    }

private:
    /// The members of an object in the order Elasticsearch's settings parser visits them.
    [[nodiscard]] std::vector<std::int32_t> members_in_order(std::int32_t object, MemberOrder order,
                                                             bool top) const
    {
        std::vector<std::int32_t> members;
        members.reserve(tree_.at(object).child_count);
        for (std::int32_t m = tree_.at(object).first_child; m >= 0; m = tree_.at(m).next) {
            members.push_back(m);
        }
        if (order == MemberOrder::Document || members.size() < 2) {
            return members;
        }
        // Sort key: bucket in the final table, then bucket in the table the entries were copied from
        // (the order putAll inserted them in), then document order (insertion order).
        const std::uint32_t grown = hashmap_capacity_grown(members.size());
        const std::uint32_t final_cap =
            order == MemberOrder::HashMapCopy && top ? hashmap_capacity_copied(members.size()) : grown;
        struct Keyed {
            std::uint32_t bucket;
            std::uint32_t source_bucket;
            std::uint32_t index;
            std::int32_t node;
        };
        std::vector<Keyed> keyed;
        keyed.reserve(members.size());
        for (std::uint32_t i = 0; i < members.size(); ++i) {
            const std::uint32_t h = java_string_hash(tree_.key(tree_.at(members[i])));
            const std::uint32_t spread = h ^ (h >> 16);
            keyed.push_back({spread & (final_cap - 1), spread & (grown - 1), i, members[i]});
        }
        std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
            if (a.bucket != b.bucket) {
                return a.bucket < b.bucket;
            }
            if (a.source_bucket != b.source_bucket) {
                return a.source_bucket < b.source_bucket;
            }
            return a.index < b.index;
        });
        for (std::size_t i = 0; i < keyed.size(); ++i) {
            members[i] = keyed[i].node;
        }
        return members;
    }

    // Recursion is bounded by the reader's nesting limit.
    void walk(std::int32_t object, std::string& prefix, MemberOrder order, bool top)
    {
        const std::size_t base = prefix.size();
        for (const std::int32_t m : members_in_order(object, order, top)) {
            const Node& node = tree_.at(m);
            prefix.resize(base);
            prefix += tree_.key(node);
            if (node.kind == NodeKind::Object) {
                prefix.push_back('.');
                walk(m, prefix, order, false);
                continue;
            }
            if (node.kind == NodeKind::Array && !check_list(m, prefix)) {
                continue;
            }
            out_.push_back(FlatSetting{prefix, m, seen_++});
        }
        prefix.resize(base);
    }

    /// Settings lists hold strings, numbers and booleans; Elasticsearch rejects anything else.
    bool check_list(std::int32_t array, const std::string& key)
    {
        for (std::int32_t e = tree_.at(array).first_child; e >= 0; e = tree_.at(e).next) {
            const NodeKind kind = tree_.at(e).kind;
            if (kind == NodeKind::Object || kind == NodeKind::Array || kind == NodeKind::Null) {
                const char* what = kind == NodeKind::Object  ? "an object"
                                   : kind == NodeKind::Array ? "an array"
                                                             : "`null`";
                notes_.push_back(
                    ParseNote{NoteKind::SyntaxError, tree_.at(e).range,
                              std::string("a settings list may hold only strings, numbers and booleans; "
                                          "Elasticsearch rejects ") +
                                  what + " in `" + key + "`",
                              key});
                return false;
            }
        }
        return true;
    }

    const JsonTree& tree_;
    std::vector<ParseNote>& notes_;
    std::vector<FlatSetting> out_;
    std::uint64_t seen_ = 0;
};

/// Settings.Builder.normalizePrefix("index.").
std::string normalize_prefix(const std::string& key)
{
    constexpr std::string_view prefix = "index.";
    if (key.compare(0, prefix.size(), prefix) == 0 || (!key.empty() && key.back() == '*')) {
        return key;
    }
    return std::string(prefix) + key;
}

/// The text of a scalar as Elasticsearch's settings parser takes it.
std::string scalar_text(const JsonTree& tree, std::string_view text, const Node& node)
{
    switch (node.kind) {
        case NodeKind::String:
            return std::string(tree.text(node));
        case NodeKind::Number:
            return std::string(text.substr(node.range.begin, node.range.size()));
        case NodeKind::True:
            return "true";
        case NodeKind::False:
            return "false";
        default:
            return {};
    }
}

/// Adds the settings of one settings object to the document, with overrides resolved as
/// Elasticsearch resolves them: among spellings of one key the short one wins, and among equal
/// kinds the one the settings parser meets last.
void add_settings(Document& doc, const JsonTree& tree, const SettingsRoot& root,
                  std::vector<FlatSetting> flat)
{
    // Document order for the output.
    std::sort(flat.begin(), flat.end(), [&](const FlatSetting& a, const FlatSetting& b) {
        return tree.at(a.node).range.begin < tree.at(b.node).range.begin;
    });
    const auto first = static_cast<std::int32_t>(doc.settings.size());
    std::unordered_map<std::string, std::vector<std::int32_t>> by_key;
    for (const FlatSetting& f : flat) {
        const Node& node = tree.at(f.node);
        Setting s;
        s.key = normalize_prefix(f.key);
        s.scope = root.scope;
        s.key_range = node.key_range;
        s.value_range = node.range;
        s.line_range = ByteRange{doc.lines.content(doc.lines.line_of(node.key_range.begin)).begin,
                                 doc.lines.content(doc.lines.line_of(node.range.end - 1)).end};
        if (node.kind == NodeKind::Array) {
            s.shape = ValueShape::List;
            for (std::int32_t e = node.first_child; e >= 0; e = tree.at(e).next) {
                s.items.push_back(scalar_text(tree, doc.text, tree.at(e)));
                if (s.items.size() > 1) {
                    s.value.push_back(',');
                }
                s.value += s.items.back();
            }
        } else if (node.kind == NodeKind::Null) {
            s.shape = ValueShape::Null;
        } else {
            s.value = scalar_text(tree, doc.text, node);
        }
        const auto index = static_cast<std::int32_t>(doc.settings.size());
        by_key[s.key].push_back(index);
        doc.settings.push_back(std::move(s));
    }
    for (const auto& [key, indices] : by_key) {
        if (indices.size() < 2) {
            continue;
        }
        const std::string& long_key = key;  // clang 14 cannot capture a structured binding
        auto rank = [&](std::int32_t i) {
            const FlatSetting& f = flat[static_cast<std::size_t>(i - first)];
            const bool short_form = f.key != long_key;
            return std::pair<bool, std::uint64_t>{short_form, f.seen};
        };
        const std::int32_t winner =
            *std::max_element(indices.begin(), indices.end(),
                              [&](std::int32_t a, std::int32_t b) { return rank(a) < rank(b); });
        for (const std::int32_t i : indices) {
            if (i != winner) {
                Setting& s = doc.settings[static_cast<std::size_t>(i)];
                s.inactive = Inactive::Overridden;
                s.overridden_by = winner;
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Shape recognition: a lenient scan that reads member names and skips values without judging
// them, so a body with an unrendered `${...}` placeholder is still recognised.

class ShapeScanner {
public:
    explicit ShapeScanner(std::string_view text) : text_(text), n_(static_cast<std::uint32_t>(text.size())) {}

    struct Member {
        std::string name;
        char first = 0;  // the first char of the value
        std::uint32_t value = 0;
    };

    [[nodiscard]] std::uint32_t skip_blanks(std::uint32_t p) const
    {
        while (p < n_) {
            const char c = text_[p];
            if (is_json_blank(static_cast<unsigned char>(c))) {
                ++p;
            } else if (c == '/' && p + 1 < n_ && text_[p + 1] == '/') {
                while (p < n_ && text_[p] != '\n' && text_[p] != '\r') {
                    ++p;
                }
            } else if (c == '/' && p + 1 < n_ && text_[p + 1] == '*') {
                const std::size_t close = text_.find("*/", p + 2);
                p = close == std::string_view::npos ? n_ : static_cast<std::uint32_t>(close) + 2;
            } else {
                break;
            }
        }
        return p;
    }

    /// At a `"`: past the closing quote; the content (escapes other than \" and \\ kept as written).
    std::uint32_t read_string(std::uint32_t p, std::string* out) const
    {
        ++p;
        while (p < n_ && text_[p] != '"') {
            if (text_[p] == '\\' && p + 1 < n_) {
                ++p;
            }
            if (out != nullptr) {
                out->push_back(text_[p]);
            }
            ++p;
        }
        return std::min(p + 1, n_);
    }

    /// Skips one value of any form, balanced brackets and placeholders included: stops at the
    /// `,`, `}` or `]` that follows it at its own level.
    [[nodiscard]] std::uint32_t skip_value(std::uint32_t p) const
    {
        std::uint32_t depth = 0;
        while (p < n_) {
            const char c = text_[p];
            if (c == '"') {
                p = read_string(p, nullptr);
                continue;
            }
            if (c == '/' && p + 1 < n_ && (text_[p + 1] == '/' || text_[p + 1] == '*')) {
                p = skip_blanks(p);
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return p;
                }
                --depth;
            } else if (c == ',' && depth == 0) {
                return p;
            }
            ++p;
        }
        return p;
    }

    /// The members of the object whose `{` is at `p` (as many as can be read).
    [[nodiscard]] std::vector<Member> members(std::uint32_t p) const
    {
        std::vector<Member> out;
        if (p >= n_ || text_[p] != '{') {
            return out;
        }
        p = skip_blanks(p + 1);
        while (p < n_ && text_[p] == '"') {
            Member m;
            p = skip_blanks(read_string(p, &m.name));
            if (p >= n_ || text_[p] != ':') {
                break;
            }
            p = skip_blanks(p + 1);
            m.value = p;
            m.first = p < n_ ? text_[p] : '\0';
            out.push_back(std::move(m));
            p = skip_blanks(skip_value(p));
            if (p >= n_ || text_[p] != ',') {
                break;
            }
            p = skip_blanks(p + 1);
        }
        return out;
    }

    [[nodiscard]] std::uint32_t start() const
    {
        const std::uint32_t p = n_ >= 4 && text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        return skip_blanks(p);
    }

private:
    std::string_view text_;
    std::uint32_t n_;
};

const ShapeScanner::Member* find_member(const std::vector<ShapeScanner::Member>& members,
                                        std::string_view name)
{
    for (const ShapeScanner::Member& m : members) {
        if (m.name == name) {
            return &m;
        }
    }
    return nullptr;
}

bool has_object(const std::vector<ShapeScanner::Member>& members, std::string_view name)
{
    const ShapeScanner::Member* m = find_member(members, name);
    return m != nullptr && m->first == '{';
}

/// First segments of index settings (the part after `index.`), from the reference table.
constexpr std::string_view k_index_setting_heads[] = {
    "allocation",
    "analysis",
    "analyze",
    "auto_expand_replicas",
    "blocks",
    "bloom_filter_for_id_field",
    "codec",
    "compound_format",
    "creation_date",
    "data_path",
    "default_pipeline",
    "dimensions",
    "fast_refresh",
    "fielddata",
    "final_pipeline",
    "flush_after_merge",
    "format",
    "frozen",
    "gc_deletes",
    "hidden",
    "highlight",
    "indexing",
    "lifecycle",
    "load_fixed_bitset_filters_eagerly",
    "logsdb",
    "look_ahead_time",
    "look_back_time",
    "mapper",
    "mapping",
    "max_adjacency_matrix_filters",
    "max_docvalue_fields_search",
    "max_inner_result_window",
    "max_ngram_diff",
    "max_refresh_listeners",
    "max_regex_length",
    "max_rescore_window",
    "max_result_window",
    "max_script_fields",
    "max_shingle_diff",
    "max_slices_per_scroll",
    "max_terms_count",
    "merge",
    "mode",
    "number_of_replicas",
    "number_of_routing_shards",
    "number_of_shards",
    "optimize_auto_generated_id",
    "priority",
    "provided_name",
    "queries",
    "query",
    "query_string",
    "recovery",
    "refresh_interval",
    "requests",
    "resize",
    "routing",
    "routing_partition_size",
    "routing_path",
    "search",
    "shard",
    "shard_limit",
    "similarity",
    "soft_deletes",
    "sort",
    "store",
    "time_series",
    "translog",
    "unassigned",
    "write",
};

/// Heads too common elsewhere to count as evidence without their `index.` prefix.
constexpr std::string_view k_generic_heads[] = {
    "analyze",  "creation_date", "data_path", "format",        "hidden",  "highlight", "lifecycle",
    "mapper",   "mode",          "priority",  "provided_name", "queries", "query",     "recovery",
    "requests", "search",        "shard",     "sort",          "store",
};

bool known_head(std::string_view head, bool prefixed)
{
    const bool known = std::find(std::begin(k_index_setting_heads), std::end(k_index_setting_heads), head) !=
                       std::end(k_index_setting_heads);
    if (!known || prefixed) {
        return known;
    }
    return std::find(std::begin(k_generic_heads), std::end(k_generic_heads), head) ==
           std::end(k_generic_heads);
}

/// Whether a settings object's names look like index settings: most of them must.
bool looks_like_index_settings(const std::vector<ShapeScanner::Member>& members)
{
    std::size_t hits = 0;
    for (const ShapeScanner::Member& m : members) {
        std::string_view name = m.name;
        if (name == "index") {
            hits += m.first == '{' ? 1 : 0;
            continue;
        }
        const bool prefixed = name.substr(0, 6) == "index.";
        if (prefixed) {
            name.remove_prefix(6);
        }
        const std::string_view head = name.substr(0, name.find('.'));
        hits += known_head(head, prefixed) ? 1 : 0;
    }
    return hits > 0 && hits * 2 > members.size();
}

}  // namespace

void parse_es_json(Document& doc)
{
    if (doc.text.size() >= UINT32_MAX - 8) {
        doc.notes.push_back(
            ParseNote{NoteKind::SyntaxError, {}, "file too large to read (4 GiB or more)", {}});
        return;
    }
    JsonTree tree;
    JsonReader reader(doc.text, doc.lines, doc.comments);
    if (!reader.read(tree)) {
        // Elasticsearch rejects the whole body: nothing of it is read.
        const JsonError& e = reader.error();
        doc.notes.push_back(ParseNote{NoteKind::SyntaxError, e.range, e.message, e.key});
        return;
    }
    if (tree.nodes.empty()) {
        return;  // an empty body: no settings
    }
    if (const std::optional<std::uint32_t> at = reader.trailing()) {
        // Jackson stops at the end of the root object, so Elasticsearch ignores this; almost always
        // a mistake (a stray `}` or a second body), so it is reported, and the body is still read.
        const auto n = static_cast<std::uint32_t>(doc.text.size());
        doc.notes.push_back(
            ParseNote{NoteKind::SyntaxError,
                      ByteRange{*at, std::min(*at + 1, n)},
                      "content after the end of the body (" + describe_found(doc.text, *at) +
                          "): Elasticsearch stops reading at the body's closing `}` and ignores it",
                      {}});
    }
    Flattener flattener(tree, doc.notes);
    for (const SettingsRoot& root : find_settings_roots(tree)) {
        add_settings(doc, tree, root, flattener.flatten(root));
    }
}

bool es_json_shape_recognised(std::string_view text)
{
    if (text.size() > UINT32_MAX - 8) {
        return false;
    }
    const ShapeScanner scan(text);
    const std::uint32_t start = scan.start();
    const std::vector<ShapeScanner::Member> top = scan.members(start);
    if (top.empty()) {
        return false;
    }
    using Members = std::vector<ShapeScanner::Member>;

    // GET _index_template / GET _component_template responses.
    for (const std::string_view list : {"index_templates", "component_templates"}) {
        const ShapeScanner::Member* m = find_member(top, list);
        if (m != nullptr && m->first == '[') {
            return true;
        }
    }
    // Composable index templates and component templates.
    const ShapeScanner::Member* templ = find_member(top, "template");
    if (templ != nullptr && templ->first == '{') {
        const Members inner = scan.members(templ->value);
        for (const std::string_view part : {"settings", "mappings", "aliases", "lifecycle"}) {
            if (find_member(inner, part) != nullptr) {
                return true;
            }
        }
    }
    const bool patterns = find_member(top, "index_patterns") != nullptr;
    if (patterns && find_member(top, "composed_of") != nullptr) {
        return true;
    }
    // Legacy templates: a pattern plus settings, mappings, aliases or an order.
    if ((patterns || (templ != nullptr && templ->first == '"')) &&
        (has_object(top, "settings") || has_object(top, "mappings") || has_object(top, "aliases") ||
         find_member(top, "order") != nullptr)) {
        return true;
    }
    // GET _settings / GET <index> / GET _template responses: every member is {"settings": {"index": ...}}.
    const bool per_name = std::all_of(top.begin(), top.end(), [&](const ShapeScanner::Member& m) {
        if (m.first != '{') {
            return false;
        }
        const Members parts = scan.members(m.value);
        const ShapeScanner::Member* settings = find_member(parts, "settings");
        return settings != nullptr && settings->first == '{' &&
               has_object(scan.members(settings->value), "index");
    });
    if (per_name) {
        return true;
    }
    // Create-index bodies: only settings, mappings and aliases.
    const bool create_index = std::all_of(top.begin(), top.end(), [](const ShapeScanner::Member& m) {
        return m.name == "settings" || m.name == "mappings" || m.name == "aliases";
    });
    if (create_index) {
        if (has_object(top, "mappings") || has_object(top, "aliases")) {
            return true;
        }
        const ShapeScanner::Member* settings = find_member(top, "settings");
        return settings != nullptr && settings->first == '{' &&
               looks_like_index_settings(scan.members(settings->value));
    }
    // Bare settings.
    return looks_like_index_settings(top);
}

}  // namespace streamlint
