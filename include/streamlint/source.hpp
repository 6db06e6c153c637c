// Byte ranges over a file's original text, and the line index that turns them into line and column.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace streamlint {

/// A half-open range [begin, end) of byte offsets into a file's original text.
struct ByteRange {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    [[nodiscard]] constexpr bool empty() const { return begin >= end; }
    [[nodiscard]] constexpr std::uint32_t size() const { return end > begin ? end - begin : 0; }
    [[nodiscard]] constexpr bool contains(std::uint32_t offset) const { return offset >= begin && offset < end; }
    [[nodiscard]] constexpr bool overlaps(ByteRange other) const
    {
        return begin < other.end && other.begin < end;
    }
    friend constexpr bool operator==(ByteRange, ByteRange) = default;
};

/// 1-based line and column. The column counts characters (UTF-8 code points; a byte that is not
/// valid UTF-8 counts as one character), as editors do.
struct Position {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    friend constexpr bool operator==(Position, Position) = default;
};

/// Where each line starts. A line ends at "\n", "\r\n" or a lone "\r": the three terminators that
/// java.io.BufferedReader, java.util.Properties and YAML all recognise.
class LineIndex {
public:
    LineIndex() = default;
    explicit LineIndex(std::string_view text);

    /// Position of a byte offset (an offset at or past the end maps to the end of the last line).
    [[nodiscard]] Position position(std::uint32_t offset) const;
    /// The 0-based line number holding a byte offset.
    [[nodiscard]] std::uint32_t line_of(std::uint32_t offset) const;
    /// Number of lines (a final terminator does not start a new line of its own).
    [[nodiscard]] std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }
    /// The content of a 0-based line, without its terminator.
    [[nodiscard]] ByteRange content(std::uint32_t line) const;
    /// The content of a 0-based line plus its terminator.
    [[nodiscard]] ByteRange with_terminator(std::uint32_t line) const;
    /// Points the index at another copy of the same text (after the owning string moved).
    void rebind(std::string_view text) { text_ = text; }

private:
    std::string_view text_;
    std::vector<std::uint32_t> starts_;
};

/// Splits text into lines the way LineIndex does; calls f(content_range, terminator_range) per line.
template <typename F>
void for_each_line(std::string_view text, F&& f)
{
    std::uint32_t pos = 0;
    const auto n = static_cast<std::uint32_t>(text.size());
    // Without a carriage return anywhere (almost every file) a line ends at the next line feed,
    // which memchr finds many bytes at a time.
    const bool lf_only = text.find('\r') == std::string_view::npos;
    while (pos < n) {
        std::uint32_t end = pos;
        if (lf_only) {
            const std::size_t lf = text.find('\n', pos);
            end = lf == std::string_view::npos ? n : static_cast<std::uint32_t>(lf);
        }
        while (end < n && text[end] != '\n' && text[end] != '\r') {
            ++end;
        }
        std::uint32_t next = end;
        if (next < n) {
            next += (text[next] == '\r' && next + 1 < n && text[next + 1] == '\n') ? 2 : 1;
        }
        f(ByteRange{pos, end}, ByteRange{end, next});
        pos = next;
    }
}

}  // namespace streamlint
