#include <streamlint/diff.hpp>
#include <streamlint/source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace streamlint {

namespace {

struct Line {
    std::string_view text;  // content
    std::string_view eol;   // terminator ("" on a last line without one)
    [[nodiscard]] bool operator==(const Line& o) const { return text == o.text && eol == o.eol; }
};

std::vector<Line> split_lines(std::string_view s)
{
    std::vector<Line> out;
    for_each_line(s, [&](ByteRange content, ByteRange term) {
        out.push_back({s.substr(content.begin, content.size()), s.substr(term.begin, term.size())});
    });
    return out;
}

enum class Op : char { Keep = ' ', Del = '-', Add = '+' };

struct Step {
    Op op;
    std::size_t a;  // index in before (Keep/Del)
    std::size_t b;  // index in after (Keep/Add)
};

// Myers' O(ND) shortest edit script, keeping each round's frontier to walk back.
std::vector<Step> edit_script(const std::vector<Line>& a, const std::vector<Line>& b)
{
    const long n = static_cast<long>(a.size());
    const long m = static_cast<long>(b.size());
    const long max = n + m;
    std::vector<long> v(static_cast<std::size_t>(2 * max + 2), 0);
    std::vector<std::vector<long>> trace;
    auto at = [&](std::vector<long>& vec, long k) -> long& { return vec[static_cast<std::size_t>(k + max + 1)]; };
    long found_d = -1;
    for (long d = 0; d <= max && found_d < 0; ++d) {
        trace.push_back(v);
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && at(v, k - 1) < at(v, k + 1))) ? at(v, k + 1) : at(v, k - 1) + 1;
            long y = x - k;
            while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
                ++x;
                ++y;
            }
            at(v, k) = x;
            if (x >= n && y >= m) {
                found_d = d;
                break;
            }
        }
    }
    std::vector<Step> steps;
    long x = n;
    long y = m;
    for (long d = found_d; d > 0; --d) {
        std::vector<long>& pv = trace[static_cast<std::size_t>(d)];
        const long k = x - y;
        const bool down = k == -d || (k != d && at(pv, k - 1) < at(pv, k + 1));
        const long pk = down ? k + 1 : k - 1;
        const long px = at(pv, pk);
        const long py = px - pk;
        while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) {
            --x;
            --y;
            steps.push_back({Op::Keep, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
        }
        if (down) {
            --y;
            steps.push_back({Op::Add, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
        } else {
            --x;
            steps.push_back({Op::Del, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
        }
    }
    while (x > 0 && y > 0) {
        --x;
        --y;
        steps.push_back({Op::Keep, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
    }
    std::reverse(steps.begin(), steps.end());
    return steps;
}

std::string range_text(std::size_t start, std::size_t count)
{
    // An empty side names the line before it (0 at the top), as diff(1) does.
    if (count == 0) {
        return fmt::format("{},0", start);
    }
    return count == 1 ? fmt::format("{}", start + 1) : fmt::format("{},{}", start + 1, count);
}

void write_line(std::string& out, char mark, const Line& line)
{
    out += mark;
    out.append(line.text);
    if (line.eol.empty()) {
        out += "\n\\ No newline at end of file\n";
    } else {
        out.append(line.eol);
    }
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view old_name,
                         std::string_view new_name, int context)
{
    if (before == after) {
        return {};
    }
    const std::vector<Line> a = split_lines(before);
    const std::vector<Line> b = split_lines(after);
    const std::vector<Step> steps = edit_script(a, b);
    const auto ctx = static_cast<std::size_t>(std::max(context, 0));

    std::string out = fmt::format("--- {}\n+++ {}\n", old_name, new_name);
    std::size_t i = 0;
    while (i < steps.size()) {
        // Find the next change, then grow a hunk while changes are within 2*context lines.
        while (i < steps.size() && steps[i].op == Op::Keep) {
            ++i;
        }
        if (i == steps.size()) {
            break;
        }
        std::size_t start = i >= ctx ? i - ctx : 0;
        std::size_t end = i;
        while (true) {
            while (end < steps.size() && steps[end].op != Op::Keep) {
                ++end;
            }
            std::size_t next = end;
            while (next < steps.size() && steps[next].op == Op::Keep) {
                ++next;
            }
            if (next < steps.size() && next - end <= 2 * ctx) {
                end = next;
                continue;
            }
            end = std::min(end + ctx, steps.size());
            break;
        }
        std::size_t a_start = 0;
        std::size_t b_start = 0;
        std::size_t a_count = 0;
        std::size_t b_count = 0;
        bool a_set = false;
        bool b_set = false;
        for (std::size_t k = start; k < end; ++k) {
            const Step& s = steps[k];
            if (s.op != Op::Add) {
                a_start = a_set ? a_start : s.a;
                a_set = true;
                ++a_count;
            }
            if (s.op != Op::Del) {
                b_start = b_set ? b_start : s.b;
                b_set = true;
                ++b_count;
            }
        }
        // An empty side starts after the lines before the hunk on that side.
        if (!a_set) {
            a_start = steps[start].a;
        }
        if (!b_set) {
            b_start = steps[start].b;
        }
        out += fmt::format("@@ -{} +{} @@\n", range_text(a_start, a_count), range_text(b_start, b_count));
        for (std::size_t k = start; k < end; ++k) {
            const Step& s = steps[k];
            if (s.op == Op::Add) {
                write_line(out, '+', b[s.b]);
            } else {
                write_line(out, static_cast<char>(s.op), a[s.a]);
            }
        }
        i = end;
    }
    return out;
}

}  // namespace streamlint
