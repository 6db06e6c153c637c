#include "yaml_events.hpp"

#include <streamlint/text.hpp>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <exception>
#include <sstream>
#include <utility>

namespace streamlint::yaml_events {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_none = std::string_view::npos;
/// yaml-cpp refuses a simple key of 1024 characters or more; the subset stops well short of it.
constexpr std::size_t k_max_key = 512;
/// Flow collections nested deeper than this are left to yaml-cpp (and to its depth guard).
constexpr int k_max_flow_depth = 32;

std::uint32_t bom_length(std::string_view text)
{
    return text.starts_with(k_bom) ? static_cast<std::uint32_t>(k_bom.size()) : 0;
}

/// An event without a position: the end of a document or a collection.
Event end_of(EventType type)
{
    Event e;
    e.type = type;
    return e;
}

// --- yaml-cpp ------------------------------------------------------------------------------------

class Recorder final : public YAML::EventHandler {
public:
    Recorder(std::vector<Event>& events, std::uint32_t base, std::uint32_t limit)
        : events_(events), base_(base), limit_(limit)
    {
    }

    void OnDocumentStart(const YAML::Mark& mark) override { add(EventType::DocStart, mark); }
    void OnDocumentEnd() override { events_.push_back(end_of(EventType::DocEnd)); }
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        add(EventType::Null, mark).anchor = anchor;
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        add(EventType::Alias, mark).anchor = anchor;
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override
    {
        Event& e = add(EventType::Scalar, mark);
        e.tag = tag;
        e.anchor = anchor;
        e.value = value;
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override
    {
        start(EventType::SeqStart, mark, tag, anchor, style);
    }
    void OnSequenceEnd() override { events_.push_back(end_of(EventType::SeqEnd)); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override
    {
        start(EventType::MapStart, mark, tag, anchor, style);
    }
    void OnMapEnd() override { events_.push_back(end_of(EventType::MapEnd)); }

private:
    void start(EventType type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
               YAML::EmitterStyle::value style)
    {
        Event& e = add(type, mark);
        e.tag = tag;
        e.anchor = anchor;
        e.flow = style == YAML::EmitterStyle::Flow;
    }

    Event& add(EventType type, const YAML::Mark& mark)
    {
        Event e;
        e.type = type;
        e.pos = mark.pos < 0 ? limit_
                             : std::min<std::uint32_t>(limit_, base_ + static_cast<std::uint32_t>(mark.pos));
        events_.push_back(std::move(e));
        return events_.back();
    }

    std::vector<Event>& events_;
    std::uint32_t base_;
    std::uint32_t limit_;
};

// --- the subset ----------------------------------------------------------------------------------

/// Characters that cannot start a plain scalar here (`-` is allowed when a non-space follows).
bool bad_plain_start(char c)
{
    switch (c) {
        case '?':
        case ':':
        case ',':
        case '[':
        case ']':
        case '{':
        case '}':
        case '#':
        case '&':
        case '*':
        case '!':
        case '|':
        case '>':
        case '\'':
        case '"':
        case '%':
        case '@':
        case '`':
            return true;
        default:
            return false;
    }
}

bool is_null_string(std::string_view s)
{
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

/// Only line feeds, printable ASCII and valid UTF-8 without C1 controls (NEL is a line break to
/// YAML 1.1), the line and paragraph separators, a BOM or the non-characters U+FFFE/U+FFFF.
bool plain_characters(std::string_view t)
{
    const std::size_t n = t.size();
    for (std::size_t i = 0; i < n;) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n') || c == 0x7F) {
                return false;
            }
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence_length(t, i);
        if (len == 0) {
            return false;
        }
        const auto b1 = static_cast<unsigned char>(t[i + 1]);
        const auto b2 = len > 2 ? static_cast<unsigned char>(t[i + 2]) : 0;
        if ((c == 0xC2 && b1 < 0xA0) ||                                 // C1 controls, NEL among them
            (c == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9)) ||  // line and paragraph separators
            (c == 0xEF && b1 == 0xBB && b2 == 0xBF) ||                  // a BOM
            (c == 0xEF && b1 == 0xBF && b2 >= 0xBE)) {                  // U+FFFE, U+FFFF
            return false;
        }
        i += len;
    }
    return true;
}

class SimpleReader {
public:
    SimpleReader(std::string_view text, std::uint32_t base, std::vector<Event>& out)
        : t_(text), base_(base), out_(out)
    {
    }

    bool run()
    {
        if (t_.size() > 0xFFFFFFF0u - base_ || !plain_characters(t_)) {
            return false;
        }
        const std::size_t n = t_.size();
        for (std::size_t i = 0; i < n;) {
            std::size_t eol = t_.find('\n', i);
            eol = eol == k_none ? n : eol;
            std::size_t p = i;
            while (p < eol && t_[p] == ' ') {
                ++p;
            }
            if (p < eol && t_[p] != '#') {
                if (p == i &&
                    (t_[p] == '%' || t_.substr(p).starts_with("---") || t_.substr(p).starts_with("..."))) {
                    return false;
                }
                eol_ = eol;
                if (!line(p, p - i)) {
                    return false;
                }
            }
            i = eol + 1;
        }
        if (!started_) {
            return true;  // comments and blank lines only: no document at all
        }
        if (pending_) {
            emit(EventType::Null, n);
        }
        while (!frames_.empty()) {
            end_frame();
        }
        out_.push_back(end_of(EventType::DocEnd));
        return true;
    }

private:
    struct Frame {
        std::size_t column;
        bool seq;
    };

    void emit(EventType type, std::size_t pos, bool flow = false)
    {
        const bool collection = type == EventType::SeqStart || type == EventType::MapStart;
        out_.push_back(
            Event{type, flow, base_ + static_cast<std::uint32_t>(pos), 0, collection ? "?" : "", {}});
    }
    void emit_scalar(std::size_t pos, bool quoted, std::string value)
    {
        if (!quoted && is_null_string(value)) {
            emit(EventType::Null, pos);
            return;
        }
        out_.push_back(Event{EventType::Scalar, false, base_ + static_cast<std::uint32_t>(pos), 0,
                             quoted ? "!" : "?", std::move(value)});
    }
    void end_frame()
    {
        out_.push_back(end_of(frames_.back().seq ? EventType::SeqEnd : EventType::MapEnd));
        frames_.pop_back();
    }

    [[nodiscard]] bool is_item(std::size_t p) const
    {
        return t_[p] == '-' && (p + 1 == eol_ || t_[p + 1] == ' ');
    }
    [[nodiscard]] std::size_t skip_spaces(std::size_t p) const
    {
        while (p < eol_ && t_[p] == ' ') {
            ++p;
        }
        return p;
    }

    /// One line with content at `p`, indented by `column`.
    bool line(std::size_t p, std::size_t column)
    {
        if (!started_) {
            if (is_item(p)) {
                return false;
            }
            started_ = true;
            emit(EventType::DocStart, p);
            emit(EventType::MapStart, p);
            frames_.push_back({column, false});
        } else if (pending_) {
            pending_ = false;
            if (column > pending_column_) {
                const bool seq = is_item(p);
                emit(seq ? EventType::SeqStart : EventType::MapStart, p);
                frames_.push_back({column, seq});
            } else {
                emit(EventType::Null, p);  // yaml-cpp marks it where the next entry starts
            }
        }
        while (frames_.back().column > column) {
            end_frame();
            if (frames_.empty()) {
                return false;
            }
        }
        if (frames_.back().column != column) {
            return false;  // a continuation line, or an indentation no collection has
        }
        return frames_.back().seq ? item(p) : entry(p, column);
    }

    bool item(std::size_t p)
    {
        if (!is_item(p)) {
            return false;
        }
        const std::size_t q = skip_spaces(p + 1);
        if (q == eol_ || t_[q] == '#') {
            return false;
        }
        return value(q);
    }

    bool entry(std::size_t p, std::size_t column)
    {
        std::size_t colon = k_none;
        if (t_[p] == '\'' || t_[p] == '"') {
            const std::size_t end = quoted(p);
            if (end == k_none) {
                return false;
            }
            colon = skip_spaces(end);
            if (colon == eol_ || t_[colon] != ':') {
                return false;
            }
        } else {
            if (bad_plain_start(t_[p]) || t_[p] == '-') {
                return false;
            }
            for (std::size_t j = p; j < eol_; ++j) {
                const char c = t_[j];
                if (c == ':') {
                    if (j + 1 == eol_ || t_[j + 1] == ' ') {
                        colon = j;
                        break;
                    }
                    return false;
                }
                if ((c == '#' && t_[j - 1] == ' ') || c == ',' || c == '[' || c == ']' || c == '{' ||
                    c == '}') {
                    return false;
                }
            }
            if (colon == k_none) {
                return false;
            }
            std::size_t end = colon;
            while (end > p && t_[end - 1] == ' ') {
                --end;
            }
            emit_scalar(p, false, std::string(t_.substr(p, end - p)));
        }
        if (colon - p >= k_max_key || (colon + 1 < eol_ && t_[colon + 1] != ' ')) {
            return false;
        }
        const std::size_t q = skip_spaces(colon + 1);
        if (q == eol_ || t_[q] == '#') {
            pending_ = true;  // a nested collection on the next lines, or null
            pending_column_ = column;
            return true;
        }
        return value(q);
    }

    /// A value in block context at `q`, then nothing but a comment.
    bool value(std::size_t q)
    {
        std::size_t end = k_none;
        const char c = t_[q];
        if (c == '[' || c == '{') {
            end = flow(q, 0);
        } else if (c == '\'' || c == '"') {
            end = quoted(q);
        } else {
            if (bad_plain_start(c) || (c == '-' && (q + 1 == eol_ || t_[q + 1] == ' '))) {
                return false;
            }
            std::size_t j = q;
            for (; j < eol_; ++j) {
                if (t_[j] == ':' && (j + 1 == eol_ || t_[j + 1] == ' ')) {
                    return false;  // `a: b: c` is an error to yaml-cpp
                }
                if (t_[j] == '#' && t_[j - 1] == ' ') {
                    break;
                }
            }
            while (j > q && t_[j - 1] == ' ') {
                --j;
            }
            emit_scalar(q, false, std::string(t_.substr(q, j - q)));
            return true;
        }
        if (end == k_none) {
            return false;
        }
        const std::size_t rest = skip_spaces(end);
        return rest == eol_ || (t_[rest] == '#' && rest > end);
    }

    /// A one-line quoted scalar at `q` without escapes; returns the position after it.
    std::size_t quoted(std::size_t q)
    {
        const char quote = t_[q];
        std::string value;
        for (std::size_t j = q + 1; j < eol_; ++j) {
            const char c = t_[j];
            if (c == quote) {
                if (quote == '\'' && j + 1 < eol_ && t_[j + 1] == '\'') {
                    value += '\'';
                    ++j;
                    continue;
                }
                emit_scalar(q, true, std::move(value));
                return j + 1;
            }
            if (c == '\\' && quote == '"') {
                return k_none;
            }
            value += c;
        }
        return k_none;
    }

    /// A flow collection that closes on its line; returns the position after it.
    std::size_t flow(std::size_t q, int depth)
    {
        if (depth > k_max_flow_depth) {
            return k_none;
        }
        const bool seq = t_[q] == '[';
        const char close = seq ? ']' : '}';
        emit(seq ? EventType::SeqStart : EventType::MapStart, q, true);
        std::size_t j = skip_spaces(q + 1);
        if (j < eol_ && t_[j] == close) {
            out_.push_back(end_of(seq ? EventType::SeqEnd : EventType::MapEnd));
            return j + 1;
        }
        while (j < eol_) {
            if (!seq) {
                if (t_[j] == '[' || t_[j] == '{') {
                    return k_none;
                }
                j = flow_node(j, depth);
                if (j == k_none || j + 1 >= eol_ || t_[j] != ':' || t_[j + 1] != ' ') {
                    return k_none;
                }
                j = skip_spaces(j + 1);
                if (j == eol_) {
                    return k_none;
                }
            }
            j = flow_node(j, depth);
            if (j == k_none) {
                return k_none;
            }
            j = skip_spaces(j);
            if (j == eol_) {
                return k_none;
            }
            if (t_[j] == close) {
                out_.push_back(end_of(seq ? EventType::SeqEnd : EventType::MapEnd));
                return j + 1;
            }
            if (t_[j] != ',') {
                return k_none;
            }
            j = skip_spaces(j + 1);
            if (j == eol_ || t_[j] == close) {
                return k_none;  // a trailing comma
            }
        }
        return k_none;
    }

    /// A node inside a flow collection; returns the position after it (spaces not skipped).
    std::size_t flow_node(std::size_t q, int depth)
    {
        const char c = t_[q];
        if (c == '[' || c == '{') {
            return flow(q, depth + 1);
        }
        if (c == '\'' || c == '"') {
            return quoted(q);
        }
        if (bad_plain_start(c)) {
            return k_none;
        }
        if (c == '-') {  // `- ` is a block entry, an error inside a flow collection
            const char next = q + 1 < eol_ ? t_[q + 1] : ' ';
            if (next == ' ' || next == ',' || next == ']' || next == '}') {
                return k_none;
            }
        }
        std::size_t j = q;
        for (; j < eol_; ++j) {
            const char d = t_[j];
            if (d == ',' || d == ']' || d == '}') {
                break;
            }
            if (d == '[' || d == '{' || d == '?' || d == '#') {
                return k_none;
            }
            if (d == ':') {
                const char next = j + 1 < eol_ ? t_[j + 1] : ' ';
                if (next == ' ' || next == ',' || next == ']' || next == '}') {
                    break;
                }
            }
        }
        std::size_t end = j;
        while (end > q && t_[end - 1] == ' ') {
            --end;
        }
        if (end == q) {
            return k_none;
        }
        emit_scalar(q, false, std::string(t_.substr(q, end - q)));
        return j;
    }

    std::string_view t_;
    std::uint32_t base_;
    std::vector<Event>& out_;
    std::vector<Frame> frames_;
    std::size_t eol_ = 0;  // end of the line being read
    bool started_ = false;
    bool pending_ = false;  // a key whose value is on the following lines, or null
    std::size_t pending_column_ = 0;
};

}  // namespace

bool read_simple(std::string_view text, std::uint32_t base, std::vector<Event>& out)
{
    return SimpleReader(text, base, out).run();
}

Result read_yaml_cpp(std::string_view text, std::uint32_t limit, std::size_t max_documents)
{
    limit = std::min<std::uint32_t>(limit, static_cast<std::uint32_t>(text.size()));
    const std::uint32_t base = bom_length(text.substr(0, limit));
    Result result;
    std::size_t document = 0;
    try {
        std::string input(text.substr(0, limit));
        for (std::size_t i = 0; i < input.size(); ++i) {
            if (input[i] == '\r' && (i + 1 == input.size() || input[i + 1] != '\n')) {
                input[i] = '\n';
            }
        }
        std::istringstream in(std::move(input));
        YAML::Parser parser(in);
        Recorder recorder(result.events, base, limit);
        for (; document < max_documents && parser.HandleNextDocument(recorder); ++document) {
        }
    } catch (const YAML::Exception& e) {
        const std::uint32_t at = e.mark.is_null() || e.mark.pos < 0
                                     ? 0
                                     : std::min<std::uint32_t>(static_cast<std::uint32_t>(text.size()),
                                                               base + static_cast<std::uint32_t>(e.mark.pos));
        result.error = Error{at, e.msg, true, document};
    } catch (const std::exception& e) {
        result.error = Error{0, e.what(), false, document};
    } catch (...) {
        result.error = Error{0, {}, false, document};
    }
    return result;
}

Result read(std::string_view text, std::uint32_t limit, std::size_t max_documents)
{
    limit = std::min<std::uint32_t>(limit, static_cast<std::uint32_t>(text.size()));
    const std::string_view input = text.substr(0, limit);
    if (max_documents > 0 && input.find('\r') == k_none) {
        const std::uint32_t base = bom_length(input);
        Result result;
        // Room for a key and a value a line: an event is large to move while the vector grows.
        result.events.reserve(2 * static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n')) + 8);
        if (read_simple(input.substr(base), base, result.events)) {
            return result;
        }
    }
    return read_yaml_cpp(text, limit, max_documents);
}

}  // namespace streamlint::yaml_events
