#include <streamlint/source.hpp>

#include <algorithm>

namespace streamlint {

LineIndex::LineIndex(std::string_view text) : text_(text)
{
    starts_.push_back(0);
    const auto n = static_cast<std::uint32_t>(text.size());
    for_each_line(text, [&](ByteRange, ByteRange terminator) {
        if (terminator.end < n) {
            starts_.push_back(terminator.end);
        }
    });
}

std::uint32_t LineIndex::line_of(std::uint32_t offset) const
{
    if (starts_.empty()) {
        return 0;
    }
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<std::uint32_t>(std::distance(starts_.begin(), it) - 1);
}

ByteRange LineIndex::with_terminator(std::uint32_t line) const
{
    if (line >= starts_.size()) {
        const auto n = static_cast<std::uint32_t>(text_.size());
        return {n, n};
    }
    const std::uint32_t end =
        line + 1 < starts_.size() ? starts_[line + 1] : static_cast<std::uint32_t>(text_.size());
    return {starts_[line], end};
}

ByteRange LineIndex::content(std::uint32_t line) const
{
    ByteRange r = with_terminator(line);
    while (r.end > r.begin && (text_[r.end - 1] == '\n' || text_[r.end - 1] == '\r')) {
        --r.end;
    }
    return r;
}

Position LineIndex::position(std::uint32_t offset) const
{
    const auto n = static_cast<std::uint32_t>(text_.size());
    offset = std::min(offset, n);
    const std::uint32_t line = line_of(offset);
    std::uint32_t column = 1;
    const std::uint32_t start = line < starts_.size() ? starts_[line] : 0;
    for (std::uint32_t i = start; i < offset;) {
        const auto c = static_cast<unsigned char>(text_[i]);
        std::uint32_t len = 1;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
        }
        bool valid = i + len <= offset;
        for (std::uint32_t k = 1; valid && k < len; ++k) {
            valid = (static_cast<unsigned char>(text_[i + k]) & 0xC0) == 0x80;
        }
        i += valid ? len : 1;
        ++column;
    }
    return {line + 1, column};
}

}  // namespace streamlint
