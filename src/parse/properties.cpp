// java.util.Properties.load(InputStream) as Kafka uses it (JDK 17 behaviour), with byte positions.
//
// The file is read as ISO-8859-1: every byte is one char U+0000..U+00FF. Reading happens in two
// stages, as in the JDK:
//   1. the line reader joins natural lines into logical lines (continuations, comments, blanks);
//   2. each logical line is split into key and value, and both are unescaped.
// Every char of a logical line remembers the file offset it came from, so keys, values and notes
// point at the bytes as written even when an entry spans several lines.
//
// Behaviour checked against the JDK 17 implementation with tests/oracle/PropertiesOracle.java,
// including these corner cases:
//   - a comment line never continues, even when it ends in a backslash;
//   - a `#` or `!` starts a comment whenever the logical line read so far is empty, so it does on a
//     continuation line that follows a lone `\` line, but not after `a=1\`;
//   - a blank (or whitespace-only) line after a continuation ends the logical line;
//   - a continuation backslash at the end of the file is dropped;
//   - a logical line that is empty after its continuation backslash is dropped normally yields no
//     entry, except when the file ends right after it (no terminator, or a one-byte "\n" / "\r"
//     terminator that is the last byte): then Java adds the entry "" = "";
//   - a UTF-8 byte order mark is read as three chars of the first key, so a first line
//     `<BOM># comment` is a setting with key "ï»¿#", not a comment.

#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

namespace {

/// The three whitespace chars of java.util.Properties.
constexpr bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

constexpr bool is_ascii(char c)
{
    return static_cast<unsigned char>(c) < 0x80;
}

constexpr int hex_value(char c)
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

/// A backslash before one of these is a deliberate escape of a char that would otherwise end the
/// key, start a comment or start an escape; before anything else Java drops it silently.
constexpr bool is_meaningful_escape(char c)
{
    switch (c) {
        case '=':
        case ':':
        case '#':
        case '!':
        case ' ':
        case '\t':
        case '\f':
        case '\\':
            return true;
        default:
            return false;
    }
}

/// Appends Java chars (UTF-16 code units) to a UTF-8 string. Surrogate pairs become one code
/// point; a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD.
class Utf16Sink {
public:
    explicit Utf16Sink(std::string& out) : out_(out) {}
    Utf16Sink(const Utf16Sink&) = delete;
    Utf16Sink& operator=(const Utf16Sink&) = delete;
    ~Utf16Sink() = default;

    void put(std::uint32_t unit)
    {
        const bool high = unit >= 0xD800 && unit <= 0xDBFF;
        const bool low = unit >= 0xDC00 && unit <= 0xDFFF;
        if (pending_high_ != 0) {
            const std::uint32_t first = pending_high_;
            pending_high_ = 0;
            if (low) {
                append_utf8(out_, 0x10000 + ((first - 0xD800) << 10) + (unit - 0xDC00));
                return;
            }
            append_utf8(out_, 0xFFFD);
        }
        if (high) {
            pending_high_ = unit;
        } else {
            append_utf8(out_, low ? 0xFFFD : unit);
        }
    }

    /// ASCII units, `n` of them: what put() does for each, a run at a time.
    void put_ascii(const char* units, std::size_t n)
    {
        if (n == 0) {
            return;
        }
        if (pending_high_ != 0) {  // an ASCII unit is no low surrogate
            append_utf8(out_, 0xFFFD);
            pending_high_ = 0;
        }
        out_.append(units, n);
    }

    void finish()
    {
        if (pending_high_ != 0) {
            append_utf8(out_, 0xFFFD);
            pending_high_ = 0;
        }
    }

private:
    std::string& out_;
    std::uint32_t pending_high_ = 0;
};

/// ISO-8859-1 bytes to UTF-8: what Java reads from these bytes.
std::string latin1_to_utf8(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for (const char c : bytes) {
        append_utf8(out, static_cast<unsigned char>(c));
    }
    return out;
}

/// Strict UTF-8 decoding (no overlong forms, no surrogates, nothing above U+10FFFF).
/// Returns false when `bytes` is not entirely valid UTF-8.
bool decode_utf8(std::string_view bytes, std::vector<std::uint32_t>& code_points)
{
    code_points.clear();
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        std::uint32_t cp = 0;
        std::size_t len = 0;
        std::uint32_t min = 0;
        if (b0 < 0x80) {
            cp = b0;
            len = 1;
        } else if (b0 >= 0xC2 && b0 <= 0xDF) {
            cp = b0 & 0x1Fu;
            len = 2;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            cp = b0 & 0x0Fu;
            len = 3;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            cp = b0 & 0x07u;
            len = 4;
            min = 0x10000;
        } else {
            return false;
        }
        if (i + len > bytes.size()) {
            return false;
        }
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(bytes[i + k]);
            if ((b & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (b & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        code_points.push_back(cp);
        i += len;
    }
    return true;
}

/// Text shown inside backticks in a message: valid UTF-8, control chars spelled as escapes, and
/// cut after `max_chars` code points so one huge value cannot make a huge message.
std::string code_span(std::string_view utf8, std::size_t max_chars = 80)
{
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "`";
    std::size_t chars = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const bool starts_char = (c & 0xC0) != 0x80;
        if (starts_char && chars++ == max_chars) {
            out += "…";
            break;
        }
        switch (c) {
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += "\\u00";
                    out.push_back(k_hex[c >> 4]);
                    out.push_back(k_hex[c & 0xF]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
    out += '`';
    return out;
}

/// The text as written, for a message: the bytes themselves when they are UTF-8, else what an
/// ISO-8859-1 reader sees.
std::string as_written(std::string_view bytes)
{
    std::vector<std::uint32_t> ignored;
    return decode_utf8(bytes, ignored) ? std::string(bytes) : latin1_to_utf8(bytes);
}

std::string java_escape(std::uint32_t unit)
{
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out.push_back(k_hex[(unit >> shift) & 0xF]);
    }
    return out;
}

/// The `\uXXXX` spelling of code points (a surrogate pair for those above U+FFFF).
std::string java_escapes(const std::vector<std::uint32_t>& code_points)
{
    std::string out;
    for (const std::uint32_t cp : code_points) {
        if (cp >= 0x10000) {
            out += java_escape(0xD800 + ((cp - 0x10000) >> 10));
            out += java_escape(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            out += java_escape(cp);
        }
    }
    return out;
}

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

class PropertiesParser {
public:
    explicit PropertiesParser(Document& doc) : doc_(doc), text_(doc.text) {}

    void run()
    {
        if (text_.size() >= std::numeric_limits<std::uint32_t>::max()) {
            doc_.notes.push_back(
                {NoteKind::SyntaxError, {}, "The file is too large to read (4 GiB or more)", {}});
            return;
        }
        has_bom_ = text_.substr(0, k_bom.size()) == k_bom;
        bom_pending_ = has_bom_;
        const auto size = static_cast<std::uint32_t>(text_.size());
        for_each_line(text_, [&](ByteRange content, ByteRange terminator) {
            read_natural_line(content, terminator, size);
        });
        if (!chars_.empty()) {
            // A continuation backslash on the last line with more (blank) lines after it.
            emit_entry();
        }
        resolve_overrides(doc_.settings);
    }

private:
    /// A backslash escape that needs a note once the whole key or value is known.
    struct EscapeEvent {
        std::uint32_t index = 0;  // index of the backslash in chars_
        std::uint32_t end = 0;    // one past the escape's last char in chars_
        bool malformed_unicode = false;
    };

    /// Stage 1, the line reader: adds one natural line to the logical line being built and emits
    /// the entry when the logical line is complete.
    void read_natural_line(ByteRange content, ByteRange terminator, std::uint32_t size)
    {
        std::uint32_t i = content.begin;
        while (i < content.end && is_blank(text_[i])) {
            ++i;
        }
        if (chars_.empty()) {
            if (i == content.end) {
                return;  // a blank line; or a blank line after `\` alone, which Java reads on past
            }
            if (text_[i] == '#' || text_[i] == '!') {
                doc_.comments.push_back(Comment{ByteRange{i, content.end}, true});
                return;
            }
            line_begin_ = content.begin;
            first_offset_ = i;
        } else if (i == content.end) {
            emit_entry();  // a blank line ends a continued logical line
            return;
        }

        chars_.append(text_.data() + i, content.end - i);
        for (std::uint32_t offset = i; offset < content.end; ++offset) {
            offsets_.push_back(offset);
        }
        content_end_ = content.end;

        std::uint32_t backslashes = 0;
        for (std::uint32_t k = content.end; k > i && text_[k - 1] == '\\'; --k) {
            ++backslashes;
        }
        if (backslashes % 2 == 0) {
            emit_entry();
            return;
        }
        // An odd number of trailing backslashes: the last one joins the next natural line.
        chars_.pop_back();
        offsets_.pop_back();
        const bool file_ends_here = terminator.empty() || (terminator.size() == 1 && terminator.end == size);
        if (file_ends_here) {
            // Java returns the line as it stands, even when nothing is left of it (entry "" = "").
            emit_entry();
        }
    }

    /// Stage 2: splits the logical line into key and value, unescapes both, records the setting.
    void emit_entry()
    {
        const auto limit = static_cast<std::uint32_t>(chars_.size());
        std::uint32_t key_len = 0;
        std::uint32_t value_start = limit;
        bool has_separator = false;
        bool preceding_backslash = false;
        while (key_len < limit) {
            const char c = chars_[key_len];
            if ((c == '=' || c == ':') && !preceding_backslash) {
                value_start = key_len + 1;
                has_separator = true;
                break;
            }
            if (is_blank(c) && !preceding_backslash) {
                value_start = key_len + 1;
                break;
            }
            preceding_backslash = c == '\\' ? !preceding_backslash : false;
            ++key_len;
        }
        // After whitespace, one `=` or `:` may still follow; whitespace around it is skipped.
        while (value_start < limit) {
            const char c = chars_[value_start];
            if (!is_blank(c)) {
                if (!has_separator && (c == '=' || c == ':')) {
                    has_separator = true;
                } else {
                    break;
                }
            }
            ++value_start;
        }

        Setting setting;
        // An empty value sits right after the last char Java read (trailing blanks included).
        const std::uint32_t after_last = limit > 0 ? offsets_[limit - 1] + 1 : first_offset_;
        const std::uint32_t key_begin = limit > 0 ? offsets_[0] : first_offset_;
        setting.key_range = ByteRange{key_begin, key_len > 0 ? offsets_[key_len - 1] + 1 : key_begin};
        setting.value_range = value_start < limit ? ByteRange{offsets_[value_start], content_end_}
                                                  : ByteRange{after_last, after_last};
        setting.line_range = ByteRange{line_begin_, content_end_};

        key_events_.clear();
        value_events_.clear();
        unescape(0, key_len, setting.key, key_events_);
        unescape(value_start, limit, setting.value, value_events_);

        if (bom_pending_) {
            // The BOM is always the start of the first entry's key.
            bom_pending_ = false;
            note_bom(setting.key);
        }
        note_escapes(0, key_len, setting.key, key_events_, setting.key);
        note_escapes(value_start, limit, setting.value, value_events_, setting.key);
        note_non_ascii(0, key_len, setting.key);
        note_non_ascii(value_start, limit, setting.key);

        doc_.settings.push_back(std::move(setting));
        chars_.clear();
        offsets_.clear();
    }

    /// Java's unescaping of chars_[begin, end) into UTF-8. Notable escapes go to `events`.
    void unescape(std::uint32_t begin, std::uint32_t end, std::string& out, std::vector<EscapeEvent>& events)
    {
        out.reserve(end - begin);
        Utf16Sink sink(out);
        std::uint32_t i = begin;
        while (i < end) {
            const char c = chars_[i];
            if (c != '\\') {
                if (static_cast<unsigned char>(c) >= 0x80) {
                    sink.put(static_cast<unsigned char>(c));  // ISO-8859-1: one byte, one unit
                    ++i;
                    continue;
                }
                std::uint32_t j = i + 1;
                while (j < end && chars_[j] != '\\' && static_cast<unsigned char>(chars_[j]) < 0x80) {
                    ++j;
                }
                sink.put_ascii(chars_.data() + i, j - i);
                i = j;
                continue;
            }
            if (i + 1 >= end) {
                // Cannot happen (the line reader never leaves an odd backslash at the end of a
                // key or value); drop it rather than read past the end.
                ++i;
                continue;
            }
            const char next = chars_[i + 1];
            if (next == 'u') {
                std::uint32_t value = 0;
                std::uint32_t j = i + 2;
                while (j < end && j < i + 6 && hex_value(chars_[j]) >= 0) {
                    value = (value << 4) | static_cast<std::uint32_t>(hex_value(chars_[j]));
                    ++j;
                }
                if (j == i + 6) {
                    sink.put(value);
                } else {
                    // Java throws here and the whole file fails to load; keep the text as written.
                    events.push_back({i, j, true});
                    for (std::uint32_t k = i; k < j; ++k) {
                        sink.put(static_cast<unsigned char>(chars_[k]));
                    }
                }
                i = j;
                continue;
            }
            switch (next) {
                case 't':
                    sink.put('\t');
                    break;
                case 'n':
                    sink.put('\n');
                    break;
                case 'r':
                    sink.put('\r');
                    break;
                case 'f':
                    sink.put('\f');
                    break;
                default:
                    if (!is_meaningful_escape(next)) {
                        events.push_back({i, i + 2, false});
                    }
                    sink.put(static_cast<unsigned char>(next));
            }
            i += 2;
        }
        sink.finish();
    }

    std::string_view raw(std::uint32_t begin, std::uint32_t end) const
    {
        return std::string_view(chars_).substr(begin, end - begin);
    }

    void note_escapes(std::uint32_t begin, std::uint32_t end, const std::string& java_text,
                      const std::vector<EscapeEvent>& events, const std::string& key)
    {
        for (const EscapeEvent& event : events) {
            const ByteRange range{offsets_[event.index], offsets_[event.end - 1] + 1};
            if (event.malformed_unicode) {
                doc_.notes.push_back(
                    {NoteKind::SyntaxError, range,
                     "Kafka cannot load this file: " + code_span(as_written(raw(event.index, event.end))) +
                         " is not a `\\uXXXX` escape with four hex digits (Java throws "
                         "`IllegalArgumentException: Malformed \\uxxxx encoding`)",
                     key});
            } else {
                const std::string dropped = as_written(raw(event.index + 1, event.end));
                doc_.notes.push_back(
                    {NoteKind::InvalidEscape, ByteRange{offsets_[event.index], offsets_[event.index] + 1},
                     "Kafka reads " + code_span(as_written(raw(begin, end))) + " as " + code_span(java_text) +
                         ": a backslash before " + code_span(dropped) + " is dropped",
                     key});
            }
        }
    }

    void note_bom(const std::string& key)
    {
        // "ï»¿" is six bytes of UTF-8; what follows is the key as the author meant it.
        const std::string intended = key.size() >= 6 ? key.substr(6) : std::string();
        std::string message;
        if (!intended.empty() && (intended[0] == '#' || intended[0] == '!')) {
            message =
                "Kafka reads the UTF-8 byte order mark as text, so the comment on the first line "
                "becomes a setting with key " +
                code_span(key);
        } else {
            message =
                "Kafka reads the UTF-8 byte order mark as part of the first key: " + code_span(intended) +
                " becomes " + code_span(key);
        }
        doc_.notes.push_back({NoteKind::Utf8Bom, ByteRange{0, 3}, std::move(message), key});
    }

    /// One NonLatin1 note per run of non-ASCII bytes in chars_[begin, end) (the BOM excepted).
    void note_non_ascii(std::uint32_t begin, std::uint32_t end, const std::string& key)
    {
        std::uint32_t i = begin;
        // Runs of ASCII eight bytes at a time: nearly every key and value is nothing but ASCII.
        for (std::uint64_t word = 0; i + 8 <= end; i += 8) {
            std::memcpy(&word, chars_.data() + i, 8);
            if ((word & 0x8080808080808080ULL) != 0) {
                break;
            }
        }
        while (i < end) {
            if (is_ascii(chars_[i]) || (has_bom_ && offsets_[i] < k_bom.size())) {
                ++i;
                continue;
            }
            std::uint32_t j = i + 1;
            while (j < end && !is_ascii(chars_[j]) && offsets_[j] == offsets_[j - 1] + 1) {
                ++j;
            }
            const std::string_view bytes = raw(i, j);
            const std::string misread = latin1_to_utf8(bytes);
            std::string message;
            if (decode_utf8(bytes, code_points_)) {
                std::string escapes = java_escapes(code_points_);
                if (code_points_.size() > 16) {
                    code_points_.resize(16);
                    escapes = java_escapes(code_points_) + "…";
                }
                message = "Kafka reads " + code_span(bytes) + " as " + code_span(misread) +
                          " because properties files are read as ISO-8859-1: write `" + escapes + "` instead";
            } else {
                message = "Kafka reads these bytes as " + code_span(misread) +
                          " (ISO-8859-1); they are not valid UTF-8";
            }
            doc_.notes.push_back(
                {NoteKind::NonLatin1, ByteRange{offsets_[i], offsets_[j - 1] + 1}, std::move(message), key});
            i = j;
        }
    }

    Document& doc_;
    std::string_view text_;
    bool has_bom_ = false;
    bool bom_pending_ = false;  // the BOM note is still to be made

    // The logical line being built: its chars and the file offset of each (buffers reused).
    std::string chars_;
    std::vector<std::uint32_t> offsets_;
    std::uint32_t line_begin_ = 0;    // start of its first natural line
    std::uint32_t first_offset_ = 0;  // its first char, blanks skipped
    std::uint32_t content_end_ = 0;   // end of the content of its last non-blank natural line

    std::vector<EscapeEvent> key_events_;
    std::vector<EscapeEvent> value_events_;
    std::vector<std::uint32_t> code_points_;
};

}  // namespace

void parse_properties(Document& doc)
{
    PropertiesParser(doc).run();
}

}  // namespace streamlint
