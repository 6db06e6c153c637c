#include <streamlint/text.hpp>

#include <algorithm>
#include <array>

namespace streamlint {

namespace {

// std::isspace and std::tolower in the "C" locale, which streamlint never leaves, without a call into
// the C library for every byte: trim alone made 150,000 such calls on the 100-directory benchmark.
constexpr bool c_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

constexpr char c_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string concat(std::initializer_list<std::string_view> pieces)
{
    std::size_t size = 0;
    for (const std::string_view p : pieces) {
        size += p.size();
    }
    std::string out;
    out.reserve(size);
    for (const std::string_view p : pieces) {
        out += p;
    }
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && c_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && c_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string to_lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        c = c_lower(c);
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return c_lower(x) == c_lower(y); });
}

std::vector<std::string> split(std::string_view s, char sep)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find(sep, start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        std::string_view part = trim(s.substr(start, end - start));
        if (!part.empty()) {
            out.emplace_back(part);
        }
        start = end + 1;
    }
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        return 1;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
        hi = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + len > s.size()) {
        return 0;
    }
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < len; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return len;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap)
{
    // Optimal string alignment: Levenshtein plus adjacent transpositions ("kafak" -> "kafka" is 1).
    // Only the band |i - j| <= cap can hold a distance within the cap, so only it is computed (a
    // did-you-mean against a catalog runs this once a catalog key for every unknown key).
    const std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (diff > cap) {
        return cap + 1;
    }
    const std::size_t n = b.size();
    const std::size_t big = cap + 1;  // stands for "more than cap" outside the band
    constexpr std::size_t k_stack = 128;
    std::array<std::size_t, 3 * k_stack> stack_rows;
    std::vector<std::size_t> heap_rows;
    std::size_t* rows = stack_rows.data();
    if (n + 1 > k_stack) {
        heap_rows.resize(3 * (n + 1));
        rows = heap_rows.data();
    }
    const std::size_t width = n + 1 > k_stack ? n + 1 : k_stack;
    std::size_t* before = rows;
    std::size_t* prev = rows + width;
    std::size_t* cur = rows + 2 * width;
    for (std::size_t j = 0; j <= n && j <= cap; ++j) {
        prev[j] = j;
    }
    if (cap < n) {
        prev[cap + 1] = big;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        const std::size_t lo = i > cap ? i - cap : 1;
        const std::size_t hi = std::min(n, i + cap);
        cur[0] = std::min(i, big);
        if (lo > 1) {
            cur[lo - 1] = big;
        }
        std::size_t row_min = lo == 1 ? cur[0] : big;
        for (std::size_t j = lo; j <= hi; ++j) {
            const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                v = std::min(v, before[j - 2] + 1);
            }
            cur[j] = std::min(v, big);
            row_min = std::min(row_min, cur[j]);
        }
        if (hi < n) {
            cur[hi + 1] = big;
        }
        if (row_min > cap) {
            return big;
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[n];
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
    // A third of the word's length, at least 1 and at most 3 edits, reads as a misspelling.
    const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c, limit);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

namespace {

bool match_class(std::string_view& pattern, char c)
{
    // pattern starts just after '['
    bool negate = false;
    std::size_t i = 0;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negate = true;
        ++i;
    }
    bool matched = false;
    bool first = true;
    for (; i < pattern.size() && (first || pattern[i] != ']'); ++i, first = false) {
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            matched = matched || (c >= pattern[i] && c <= pattern[i + 2]);
            i += 2;
        } else {
            matched = matched || c == pattern[i];
        }
    }
    pattern.remove_prefix(std::min(i + 1, pattern.size()));
    return matched != negate;
}

bool glob_rec(std::string_view p, std::string_view s)
{
    while (!p.empty()) {
        if (p.starts_with("**")) {
            p.remove_prefix(2);
            if (p.starts_with("/")) {
                p.remove_prefix(1);
                // "**/" matches zero or more whole segments
                for (std::size_t i = 0;; ) {
                    if (glob_rec(p, s.substr(i))) {
                        return true;
                    }
                    const std::size_t slash = s.find('/', i);
                    if (slash == std::string_view::npos) {
                        return false;
                    }
                    i = slash + 1;
                }
            }
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (glob_rec(p, s.substr(i))) {
                    return true;
                }
            }
            return false;
        }
        const char pc = p.front();
        if (pc == '*') {
            p.remove_prefix(1);
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (glob_rec(p, s.substr(i))) {
                    return true;
                }
                if (i < s.size() && s[i] == '/') {
                    return false;
                }
            }
            return false;
        }
        if (s.empty()) {
            return false;
        }
        if (pc == '?') {
            if (s.front() == '/') {
                return false;
            }
            p.remove_prefix(1);
        } else if (pc == '[') {
            p.remove_prefix(1);
            if (!match_class(p, s.front())) {
                return false;
            }
        } else {
            if (pc != s.front()) {
                return false;
            }
            p.remove_prefix(1);
        }
        s.remove_prefix(1);
    }
    return s.empty();
}

}  // namespace

std::string_view config_directory(std::string_view path)
{
    const auto slash = path.find_last_of('/');
    const std::string_view parent = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
    const auto up = parent.find_last_of('/');
    if ((up == std::string_view::npos ? parent : parent.substr(up + 1)) == "jvm.options.d") {
        return up == std::string_view::npos ? std::string_view() : parent.substr(0, up);
    }
    return parent;
}

bool glob_match(std::string_view pattern, std::string_view path)
{
    if (pattern.find('/') == std::string_view::npos) {
        const std::size_t slash = path.rfind('/');
        if (slash != std::string_view::npos) {
            path.remove_prefix(slash + 1);
        }
    }
    if (pattern.starts_with("./")) {
        pattern.remove_prefix(2);
    }
    if (path.starts_with("./")) {
        path.remove_prefix(2);
    }
    return glob_rec(pattern, path);
}

}  // namespace streamlint
