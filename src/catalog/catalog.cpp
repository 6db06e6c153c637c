// Catalogs of upstream truth: parses the embedded rules/catalog/*.tsv (written by tools/gen_catalogs.py)
// once per product, on first use, and answers the queries of include/streamlint/catalog.hpp.
#include <streamlint/catalog.hpp>
#include <streamlint/embedded.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <deque>
#include <memory>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>

namespace streamlint::catalog {

namespace {

// --- small text helpers ---------------------------------------------------------------------------

/// Splits on `sep` into `out` (cleared first), keeping empty fields (TSV cells may be empty).
void split_into(std::string_view s, char sep, std::vector<std::string_view>& out)
{
    out.clear();
    std::size_t start = 0;
    while (true) {
        const std::size_t at = s.find(sep, start);
        if (at == std::string_view::npos) {
            out.push_back(s.substr(start));
            return;
        }
        out.push_back(s.substr(start, at - start));
        start = at + 1;
    }
}

/// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> split_all(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    split_into(s, sep, out);
    return out;
}

/// Calls fn(field) for each non-empty field of `s` split on `sep`, in order, without making a list:
/// the loaders split a cell or two of every row, most of them empty or of one field.
template <typename Fn>
void for_each_nonempty(std::string_view s, char sep, Fn fn)
{
    while (!s.empty()) {
        const std::size_t at = s.find(sep);
        if (at != 0) {
            fn(s.substr(0, at));
        }
        if (at == std::string_view::npos) {
            return;
        }
        s.remove_prefix(at + 1);
    }
}

/// Splits on `sep`, dropping empty fields.
std::vector<std::string_view> split_nonempty(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    for_each_nonempty(s, sep, [&out](std::string_view part) { out.push_back(part); });
    return out;
}

std::optional<double> parse_double(std::string_view s)
{
    s = trim(s);
    if (s.empty()) {
        return std::nullopt;
    }
    if (s.front() == '+') {
        s.remove_prefix(1);
    }
    double value = 0;
    const auto* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value);
    if (ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

int parse_int_or_zero(std::string_view s)
{
    int value = 0;
    const auto* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value);
    if (ec != std::errc() || ptr != end) {
        return 0;
    }
    return value;
}

/// Splits a number from its unit suffix: "100ms" -> (100, "ms").
std::optional<std::pair<double, std::string>> number_and_unit(std::string_view s)
{
    s = trim(s);
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
        ++i;
    }
    const auto number = parse_double(s.substr(0, i));
    if (!number) {
        return std::nullopt;
    }
    return std::make_pair(*number, to_lower(trim(s.substr(i))));
}

/// Elasticsearch time values in milliseconds. A bare number is taken as milliseconds, which is how the
/// catalog writes "-1" and "0" bounds.
std::optional<double> parse_es_duration_ms(std::string_view s)
{
    const auto nu = number_and_unit(s);
    if (!nu) {
        return std::nullopt;
    }
    const auto& [n, unit] = *nu;
    static const std::unordered_map<std::string_view, double> factors{
        {"", 1.0},         {"nanos", 1e-6}, {"micros", 1e-3}, {"ms", 1.0},         {"s", 1000.0},
        {"m", 60000.0},    {"h", 3600000.0}, {"d", 86400000.0},
    };
    const auto it = factors.find(unit);
    if (it == factors.end()) {
        return std::nullopt;
    }
    return n * it->second;
}

/// Elasticsearch byte sizes in bytes (powers of 1024); a bare number is bytes.
std::optional<double> parse_es_bytes(std::string_view s)
{
    const auto nu = number_and_unit(s);
    if (!nu) {
        return std::nullopt;
    }
    const auto& [n, unit] = *nu;
    static const std::unordered_map<std::string_view, double> factors{
        {"", 1.0},
        {"b", 1.0},
        {"kb", 1024.0},
        {"mb", 1024.0 * 1024},
        {"gb", 1024.0 * 1024 * 1024},
        {"tb", 1024.0 * 1024 * 1024 * 1024},
        {"pb", 1024.0 * 1024 * 1024 * 1024 * 1024},
    };
    const auto it = factors.find(unit);
    if (it == factors.end()) {
        return std::nullopt;
    }
    return n * it->second;
}

std::optional<double> parse_as(std::string_view s, ValueKind kind)
{
    switch (kind) {
    case ValueKind::Duration:
        return parse_es_duration_ms(s);
    case ValueKind::ByteSize:
        return parse_es_bytes(s);
    case ValueKind::Number:
    case ValueKind::String:
    case ValueKind::List:
        break;
    }
    return parse_double(s);
}

/// An open-addressing hash table of the positions of a list's entries (position + 1; 0: empty), by
/// each entry's key as `key_of(position)` gives it. The catalogs answer thousands of lookups a run:
/// one hash, with no node to allocate an entry as std::unordered_map has. Sized once for `capacity`
/// entries; an entry's key must not change.
class PositionIndex {
public:
    explicit PositionIndex(std::size_t capacity = 0)
    {
        std::size_t size = 16;
        while (size < 2 * capacity) {
            size *= 2;
        }
        m_slots.assign(size, 0);
    }

    /// The slot for `key`: the position + 1 of the entry that has it, or 0 to be filled.
    template <typename KeyOf>
    std::uint32_t& slot(std::string_view key, KeyOf key_of)
    {
        return m_slots[at(key, key_of)];
    }
    /// The position + 1 of the entry with `key`, 0 when there is none.
    template <typename KeyOf>
    [[nodiscard]] std::uint32_t find(std::string_view key, KeyOf key_of) const
    {
        return m_slots[at(key, key_of)];
    }

private:
    template <typename KeyOf>
    [[nodiscard]] std::size_t at(std::string_view key, KeyOf key_of) const
    {
        const std::size_t mask = m_slots.size() - 1;
        std::size_t i = std::hash<std::string_view>{}(key) & mask;
        while (m_slots[i] != 0 && key_of(m_slots[i] - 1) != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    std::vector<std::uint32_t> m_slots;
};

// --- the TSV reader -------------------------------------------------------------------------------

/// Rows of one embedded catalog, with the wanted columns in the wanted order. The data is ours, so a
/// missing file or column is a build mistake: it throws.
class Table {
public:
    /// A row: views of its cells, in the order of the columns asked for.
    class Row {
    public:
        Row(const char* text, const std::uint32_t* cells, const std::uint32_t* columns, std::size_t width)
            : m_text(text), m_cells(cells), m_columns(columns), m_width(width)
        {
        }
        [[nodiscard]] std::string_view operator[](std::size_t column) const
        {
            const std::uint32_t* cell = m_cells + 2 * m_columns[column];
            return {m_text + cell[0], cell[1]};
        }
        [[nodiscard]] std::size_t size() const { return m_width; }

    private:
        const char* m_text;
        const std::uint32_t* m_cells;    // offset, length per column of the file
        const std::uint32_t* m_columns;  // a column asked for -> the file's column
        std::size_t m_width;
    };

    Table(std::string_view file, const std::vector<std::string_view>& columns)
    {
        const std::string path = "catalog/" + std::string(file);
        m_content = builtin_file(path);
        if (m_content.empty()) {
            throw std::runtime_error("catalog file missing from the binary: rules/" + path);
        }
        // The cells were cut at build time (sl_catalog_index, with tsv::cut): nothing to scan,
        // nothing to allocate for them at start-up, where every fresh page of memory costs a trap
        // into the kernel.
        const EmbeddedTable* t = builtin_table(path);
        if (t == nullptr) {
            throw std::runtime_error("catalog cells missing from the binary: rules/" + path);
        }
        const std::span<const std::string_view> header{t->header, t->width};
        const std::uint32_t* cells = t->cells;
        const std::size_t rows = t->rows;
        for (const std::string_view name : columns) {
            const auto it = std::find(header.begin(), header.end(), name);
            const auto at = static_cast<std::uint32_t>(it - header.begin());
            if (it == header.end() || std::find(m_columns.begin(), m_columns.end(), at) != m_columns.end()) {
                throw std::runtime_error("rules/" + path + ": no column " + std::string(name) +
                                         ", or it is asked for twice");
            }
            m_columns.push_back(at);
        }
        m_rows.reserve(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            m_rows.emplace_back(m_content.data(), cells + 2 * header.size() * r, m_columns.data(),
                                columns.size());
        }
    }

    // The rows point into the column map: a move keeps it where it is, a copy would not.
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;
    Table(Table&&) noexcept = default;
    Table& operator=(Table&&) noexcept = default;
    ~Table() = default;

    [[nodiscard]] const std::vector<Row>& rows() const { return m_rows; }
    [[nodiscard]] std::size_t bytes() const { return m_content.size(); }

private:
    std::string_view m_content;
    std::vector<std::uint32_t> m_columns;
    std::vector<Row> m_rows;
};

double elapsed_ms(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// --- key patterns ---------------------------------------------------------------------------------

/// Matches `key` against a catalog pattern: `<x>` stands for one or more characters other than '.'
/// (the rest of the key when the placeholder ends the pattern), a final `*` for any non-empty rest.
/// `rest` receives what the final `*` or placeholder matched.
bool pattern_match(std::string_view pattern, std::string_view key, std::string_view* rest)
{
    while (true) {
        if (pattern.empty()) {
            return key.empty();
        }
        if (pattern == "*") {
            if (key.empty()) {
                return false;
            }
            if (rest != nullptr) {
                *rest = key;
            }
            return true;
        }
        if (pattern.front() == '<') {
            const std::size_t close = pattern.find('>');
            if (close != std::string_view::npos) {
                const std::string_view after = pattern.substr(close + 1);
                if (after.empty()) {
                    if (key.empty()) {
                        return false;
                    }
                    if (rest != nullptr) {
                        *rest = key;
                    }
                    return true;
                }
                for (std::size_t n = 1; n <= key.size() && key[n - 1] != '.'; ++n) {
                    if (pattern_match(after, key.substr(n), rest)) {
                        return true;
                    }
                }
                return false;
            }
        }
        // A literal character ('<' without '>' and a '*' that is not final included): compared one at
        // a time, so a mismatch stops the scan at once.
        if (key.empty() || key.front() != pattern.front()) {
            return false;
        }
        pattern.remove_prefix(1);
        key.remove_prefix(1);
    }
}

/// How specific a pattern is: its literal characters. More specific patterns are tried first.
std::size_t literal_length(std::string_view pattern)
{
    std::size_t n = 0;
    bool in_placeholder = false;
    for (const char c : pattern) {
        if (c == '<') {
            in_placeholder = true;
        } else if (c == '>') {
            in_placeholder = false;
        } else if (!in_placeholder && c != '*') {
            ++n;
        }
    }
    return n;
}

std::string_view first_segment(std::string_view key)
{
    return key.substr(0, key.find('.'));
}

template <typename T>
void sort_strings(std::vector<T>& v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

/// Per-version key lists for did-you-mean: `fill(lists)` adds each version's keys, and each list is
/// then sorted without repeats. The catalogs make them on the first did-you-mean, not when they
/// load: most runs never ask.
template <std::size_t N, typename Fill>
std::array<std::vector<std::string>, N> key_lists(Fill fill)
{
    std::array<std::vector<std::string>, N> lists;
    fill(lists);
    for (auto& list : lists) {
        sort_strings(list);
    }
    return lists;
}

// --- version selection ------------------------------------------------------------------------------

/// "3.7.1" -> {3, 7}; "17" -> {17, 0}; "1.8" stays {1, 8} (the JDK caller maps it). nullopt for no digits.
std::optional<std::pair<int, int>> parse_version(std::string_view text)
{
    text = trim(text);
    if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) {
        text.remove_prefix(1);
    }
    const auto parts = split_all(text, '.');
    int major = 0;
    const auto* end = parts[0].data() + parts[0].size();
    const auto [ptr, ec] = std::from_chars(parts[0].data(), end, major);
    if (ec != std::errc() || ptr == parts[0].data()) {
        return std::nullopt;
    }
    int minor = 0;
    if (parts.size() > 1) {
        const auto* mend = parts[1].data() + parts[1].size();
        std::from_chars(parts[1].data(), mend, minor);  // "0-rc1" reads as 0; junk as 0
    }
    return std::make_pair(major, minor);
}

/// The index of the catalog nearest to `value` among ascending `catalogs` (ties: the older).
std::size_t nearest(const std::vector<long>& catalogs, long value)
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < catalogs.size(); ++i) {
        const long d_best = std::labs(catalogs[best] - value);
        const long d_i = std::labs(catalogs[i] - value);
        if (d_i < d_best) {
            best = i;
        }
    }
    return best;
}

template <typename Version>
VersionChoice<Version> choose(std::string_view target, const std::vector<long>& catalogs,
                              const std::optional<long>& value)
{
    VersionChoice<Version> choice;
    choice.requested = std::string(target);
    if (!value) {
        choice.understood = false;
        choice.version = static_cast<Version>(catalogs.size() - 1);
        return choice;
    }
    const std::size_t i = nearest(catalogs, *value);
    choice.version = static_cast<Version>(i);
    choice.exact = catalogs[i] == *value;
    return choice;
}

template <typename Version>
std::string describe_choice(std::string_view product, const VersionChoice<Version>& choice)
{
    std::string out = std::string(product) + " " + std::string(to_string(choice.version)) + " catalog";
    if (!choice.understood) {
        out += " (`" + choice.requested + "` is not a version; the newest catalog is used)";
    } else if (!choice.exact) {
        out += " (nearest to " + choice.requested + ")";
    }
    return out;
}

// --- validators -----------------------------------------------------------------------------------

ValidatorTerm parse_term(std::string_view text)
{
    ValidatorTerm term;
    const std::size_t colon = text.find(':');
    const std::string_view head = text.substr(0, colon);
    const std::string_view body = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
    if (head == "min" || head == "max") {
        term.kind = head == "min" ? TermKind::Min : TermKind::Max;
        (head == "min" ? term.low : term.high) = body;
        return term;
    }
    if (head == "range") {
        // Bounds may be negative ("range:-131072:22") but never hold a ':'.
        const std::size_t sep = body.find(':');
        if (sep != std::string_view::npos) {
            term.kind = TermKind::Range;
            term.low = body.substr(0, sep);
            term.high = body.substr(sep + 1);
            return term;
        }
    }
    static const std::unordered_map<std::string_view, TermKind> lists{
        {"in", TermKind::In}, {"in-ci", TermKind::InIgnoreCase}, {"list-in", TermKind::ListIn}, {"known", TermKind::Known}};
    if (const auto it = lists.find(head); it != lists.end()) {
        term.kind = it->second;
        term.values = split_all(body, '|');
        return term;
    }
    if (text == "non-empty") {
        term.kind = TermKind::NonEmpty;
        return term;
    }
    term.kind = TermKind::Custom;
    term.name = head == "custom" ? body : text;
    return term;
}

std::optional<bool> compare_bound(std::string_view value, std::string_view bound, ValueKind kind, bool lower)
{
    const auto v = parse_as(value, kind);
    const auto b = parse_as(bound, kind == ValueKind::Number || kind == ValueKind::Duration || kind == ValueKind::ByteSize
                                      ? kind
                                      : ValueKind::Number);
    if (!v || !b) {
        return std::nullopt;
    }
    return lower ? *v >= *b : *v <= *b;
}

std::optional<bool> eval_term(const ValidatorTerm& term, std::string_view value, ValueKind kind)
{
    const auto contains = [&](std::string_view item, bool ignore_case) {
        return std::any_of(term.values.begin(), term.values.end(), [&](std::string_view allowed) {
            return ignore_case ? iequals(allowed, item) : allowed == item;
        });
    };
    const auto items = [&] {
        std::vector<std::string_view> out;
        for (const std::string_view part : split_all(value, ',')) {
            if (!trim(part).empty()) {
                out.push_back(trim(part));
            }
        }
        return out;
    };
    switch (term.kind) {
    case TermKind::Min:
        return compare_bound(value, term.low, kind, true);
    case TermKind::Max:
        return compare_bound(value, term.high, kind, false);
    case TermKind::Range: {
        const auto lo = compare_bound(value, term.low, kind, true);
        const auto hi = compare_bound(value, term.high, kind, false);
        if (!lo || !hi) {
            return std::nullopt;
        }
        return *lo && *hi;
    }
    case TermKind::In:
    case TermKind::InIgnoreCase: {
        const bool ci = term.kind == TermKind::InIgnoreCase;
        if (kind == ValueKind::List) {
            const auto list = items();
            return std::all_of(list.begin(), list.end(), [&](std::string_view i) { return contains(i, ci); });
        }
        return contains(trim(value), ci);
    }
    case TermKind::ListIn: {
        const auto list = items();
        return std::all_of(list.begin(), list.end(), [&](std::string_view i) { return contains(i, false); });
    }
    case TermKind::Known:
        if (contains(trim(value), false)) {
            return true;
        }
        return std::nullopt;
    case TermKind::NonEmpty:
        return !trim(value).empty();
    case TermKind::Custom:
        break;
    }
    return std::nullopt;
}

}  // namespace

// --- versions -------------------------------------------------------------------------------------

std::string_view to_string(KafkaVersion v)
{
    return v == KafkaVersion::V3_9 ? "3.9" : "4.0";
}

std::string_view to_string(FlinkVersion v)
{
    return v == FlinkVersion::V1_20 ? "1.20" : "2.0";
}

std::string_view to_string(EsVersion v)
{
    static constexpr std::array<std::string_view, 3> names{"7", "8", "9"};
    return names[static_cast<std::size_t>(v)];
}

std::string_view to_string(JdkVersion v)
{
    static constexpr std::array<std::string_view, 5> names{"8", "11", "17", "21", "25"};
    return names[static_cast<std::size_t>(v)];
}

int es_major(EsVersion v)
{
    return 7 + static_cast<int>(v);
}

int jdk_release(JdkVersion v)
{
    static constexpr std::array<int, 5> releases{8, 11, 17, 21, 25};
    return releases[static_cast<std::size_t>(v)];
}

int compare_versions(std::string_view a, std::string_view b)
{
    // Component by component, a missing one counting as 0; rules call this for every key they
    // look up, so nothing is allocated.
    const auto next = [](std::string_view& rest) {
        const std::size_t dot = rest.find('.');
        const int value = parse_int_or_zero(rest.substr(0, dot));
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        return value;
    };
    a = trim(a);
    b = trim(b);
    while (!a.empty() || !b.empty()) {
        const int x = next(a);
        const int y = next(b);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

VersionChoice<KafkaVersion> select_kafka(std::string_view target)
{
    const auto v = parse_version(target);
    return choose<KafkaVersion>(target, {3009, 4000},
                                v ? std::optional<long>(v->first * 1000L + v->second) : std::nullopt);
}

VersionChoice<FlinkVersion> select_flink(std::string_view target)
{
    const auto v = parse_version(target);
    return choose<FlinkVersion>(target, {1020, 2000},
                                v ? std::optional<long>(v->first * 1000L + v->second) : std::nullopt);
}

VersionChoice<EsVersion> select_elasticsearch(std::string_view target)
{
    // The catalogs are per major line: 8.13 is answered by the 8.x catalog, exactly.
    const auto v = parse_version(target);
    return choose<EsVersion>(target, {7, 8, 9}, v ? std::optional<long>(v->first) : std::nullopt);
}

VersionChoice<JdkVersion> select_jdk(int target)
{
    auto choice = choose<JdkVersion>(std::to_string(target), {8, 11, 17, 21, 25}, std::optional<long>(target));
    return choice;
}

VersionChoice<JdkVersion> select_jdk(std::string_view target)
{
    const auto v = parse_version(target);
    std::optional<long> release;
    if (v) {
        release = v->first == 1 ? v->second : v->first;  // "1.8" is JDK 8
    }
    return choose<JdkVersion>(target, {8, 11, 17, 21, 25}, release);
}

std::string describe(const VersionChoice<KafkaVersion>& choice)
{
    return describe_choice("Kafka", choice);
}

std::string describe(const VersionChoice<FlinkVersion>& choice)
{
    return describe_choice("Flink", choice);
}

std::string describe(const VersionChoice<EsVersion>& choice)
{
    std::string out = "Elasticsearch " + std::string(to_string(choice.version)) + ".x catalog";
    if (!choice.understood) {
        out += " (`" + choice.requested + "` is not a version; the newest catalog is used)";
    } else if (!choice.exact) {
        out += " (nearest to " + choice.requested + ")";
    }
    return out;
}

std::string describe(const VersionChoice<JdkVersion>& choice)
{
    return describe_choice("JDK", choice);
}

// --- validators -----------------------------------------------------------------------------------

Validator parse_validator(std::string_view text)
{
    Validator validator;
    validator.text = text;
    if (trim(text).empty()) {
        return validator;
    }
    std::string_view rest = text;
    while (true) {
        const std::size_t at = rest.find(" or ");
        const std::string_view alternative = rest.substr(0, at);
        std::vector<ValidatorTerm> terms;
        std::string_view conj = alternative;
        while (true) {
            const std::size_t amp = conj.find(" & ");
            terms.push_back(parse_term(trim(conj.substr(0, amp))));
            if (amp == std::string_view::npos) {
                break;
            }
            conj.remove_prefix(amp + 3);
        }
        validator.alternatives.push_back(std::move(terms));
        if (at == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(at + 4);
    }
    return validator;
}

std::optional<bool> Validator::accepts(std::string_view value, ValueKind kind) const
{
    if (alternatives.empty()) {
        return true;
    }
    bool undecided = false;
    for (const auto& terms : alternatives) {
        bool all_true = true;
        bool any_false = false;
        for (const auto& term : terms) {
            const auto r = eval_term(term, value, kind);
            if (!r) {
                all_true = false;
            } else if (!*r) {
                any_false = true;
                all_true = false;
            }
        }
        if (all_true) {
            return true;
        }
        if (!any_false) {
            undecided = true;
        }
    }
    if (undecided) {
        return std::nullopt;
    }
    return false;
}

const ValidatorTerm* Validator::one_of() const
{
    if (alternatives.size() != 1 || alternatives[0].size() != 1) {
        return nullptr;
    }
    const auto& t = alternatives[0][0];
    const bool list = t.kind == TermKind::In || t.kind == TermKind::InIgnoreCase || t.kind == TermKind::ListIn ||
                      t.kind == TermKind::Known;
    return list ? &t : nullptr;
}

const ValidatorTerm* Validator::bounds() const
{
    if (alternatives.size() != 1 || alternatives[0].size() != 1) {
        return nullptr;
    }
    const auto& t = alternatives[0][0];
    const bool bound = t.kind == TermKind::Min || t.kind == TermKind::Max || t.kind == TermKind::Range;
    return bound ? &t : nullptr;
}

// --- prefix families ------------------------------------------------------------------------------

namespace {

struct FamilyData {
    std::vector<PrefixFamily> families;
    std::size_t bytes = 0;
};

const FamilyData& family_data()
{
    static const FamilyData data = [] {
        FamilyData d;
        const Table table("prefix-families.tsv", {"product", "scope", "pattern", "maps_to", "note"});
        d.bytes = table.bytes();
        for (const auto& row : table.rows()) {
            PrefixFamily f;
            f.product = row[0];
            f.scope = row[1];
            f.pattern = row[2];
            f.maps_to = row[3];
            f.note = row[4];
            if (f.maps_to != "*") {
                f.targets = split_nonempty(f.maps_to, '|');
            }
            d.families.push_back(std::move(f));
        }
        return d;
    }();
    return data;
}

/// The families of one product (and scope, "*" included; every scope when none), most specific first.
std::vector<const PrefixFamily*> families_of(std::string_view product, std::optional<std::string_view> scope)
{
    std::vector<const PrefixFamily*> out;
    for (const auto& f : family_data().families) {
        if (f.product == product && (!scope || f.scope == *scope || f.scope == "*")) {
            out.push_back(&f);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const PrefixFamily* a, const PrefixFamily* b) {
        return literal_length(a->pattern) > literal_length(b->pattern);
    });
    return out;
}

const PrefixFamily* first_open_family(const std::vector<const PrefixFamily*>& families, std::string_view key)
{
    for (const PrefixFamily* f : families) {
        if (f->open() && pattern_match(f->pattern, key, nullptr)) {
            return f;
        }
    }
    return nullptr;
}

}  // namespace

const std::vector<PrefixFamily>& prefix_families()
{
    return family_data().families;
}

// --- Kafka ----------------------------------------------------------------------------------------

namespace kafka {

namespace {

constexpr std::size_t k_kafka_versions = 2;

Type parse_type(std::string_view s)
{
    static const std::unordered_map<std::string_view, Type> types{
        {"BOOLEAN", Type::Boolean}, {"STRING", Type::String}, {"INT", Type::Int},     {"SHORT", Type::Short},
        {"LONG", Type::Long},       {"DOUBLE", Type::Double}, {"LIST", Type::List},   {"CLASS", Type::Class},
        {"PASSWORD", Type::Password},
    };
    const auto it = types.find(s);
    return it == types.end() ? Type::Unknown : it->second;
}

std::uint32_t parse_flags(std::string_view s, std::vector<std::string_view>& broker_defaults)
{
    static const std::unordered_map<std::string_view, Flag> names{
        {"client-only", ClientOnly}, {"also-broker-key", AlsoBrokerKey}, {"internal", Internal},
        {"deprecated", Deprecated},  {"doc-deprecated", DocDeprecated},  {"zk-mode", ZkMode},
        {"default-derived", DefaultDerived}, {"default-computed", DefaultComputed},
        {"client-ssl", ClientSsl},   {"client-sasl", ClientSasl},
    };
    std::uint32_t flags = 0;
    for_each_nonempty(s, ',', [&](std::string_view token) {
        constexpr std::string_view prefix = "broker-default=";
        if (token.substr(0, prefix.size()) == prefix) {
            broker_defaults = split_nonempty(token.substr(prefix.size()), '|');
            return;
        }
        const auto it = names.find(token);
        if (it != names.end()) {
            flags |= it->second;
        }
    });
    return flags;
}

/// A Kafka catalog row as an Entry: its validator parsed, its flags read.
Entry make_entry(const Table::Row& row)
{
    Entry e;
    e.scope = row[0];
    e.key = row[1];
    e.type_name = row[2];
    e.type = parse_type(row[2]);
    e.default_value = row[3];
    e.validator = parse_validator(row[4]);
    e.importance = row[6];
    e.flags = parse_flags(row[7], e.broker_defaults);
    return e;
}

/// Whether the comma-separated `list` holds `item`.
bool list_has(std::string_view list, std::string_view item)
{
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        if (list.substr(0, comma) == item) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        list.remove_prefix(comma + 1);
    }
    return false;
}

struct KafkaData {
    // The catalog rows as cells; a row becomes an Entry the first time a lookup needs it (a run asks
    // for a few dozen of the 935 rows, and making them all was most of a short run's start-up).
    // `present` says whether the key exists in a version.
    Table table{"kafka.tsv", {"scope", "key", "type", "default", "validator", "versions", "importance", "flags"}};
    std::array<std::vector<bool>, k_kafka_versions> present;
    std::vector<std::string_view> scope_list;
    std::unordered_map<std::string_view, std::vector<const PrefixFamily*>> families_by_scope;
    std::vector<const PrefixFamily*> common_families;  // scope "*": for scopes without rows of their own
    std::vector<Lifecycle> lifecycle;
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> lifecycle_by_key;
    LoadInfo info;
    // Entries made so far: a slot per version and row, set once under the lock, read without it.
    mutable std::array<std::unique_ptr<std::atomic<const Entry*>[]>, k_kafka_versions> made;
    mutable std::deque<Entry> entries;  // what the slots point to; a deque never moves its elements

    [[nodiscard]] const Table::Row& cells(std::uint32_t i) const { return table.rows()[i]; }
    [[nodiscard]] std::string_view scope(std::uint32_t i) const { return table.rows()[i][0]; }

    // A key's rows: the index holds the last row of each key, and same_key[row] the one before it
    // with the same key (row + 1; 0: none).
    PositionIndex by_key;
    std::vector<std::uint32_t> same_key;

    [[nodiscard]] std::string_view key(std::uint32_t i) const { return table.rows()[i][1]; }
    /// The last row of `key` + 1 (0: none); the others follow through same_key.
    [[nodiscard]] std::uint32_t last_row_of(std::string_view k) const
    {
        return by_key.find(k, [this](std::uint32_t i) { return key(i); });
    }

    /// Row `i` as an Entry of version `v`: the newest catalog's facts (or, for keys gone from it, their
    /// last ones), with the old default or validator of every change made after an older version.
    [[nodiscard]] const Entry& row(std::size_t v, std::uint32_t i) const
    {
        if (const Entry* e = made[v][i].load(std::memory_order_acquire)) {
            return *e;
        }
        static std::mutex making;
        std::lock_guard lock(making);
        return make(v, i);
    }

private:
    const Entry& make(std::size_t v, std::uint32_t i) const  // with `making` held
    {
        if (const Entry* e = made[v][i].load(std::memory_order_relaxed)) {
            return *e;
        }
        constexpr std::size_t newest = k_kafka_versions - 1;
        const Entry* e = nullptr;
        if (v == newest) {
            e = &entries.emplace_back(make_entry(cells(i)));
        } else {
            const Entry& base = make(newest, i);
            e = &base;
            const auto changes = lifecycle_by_key.find(base.key);
            if (changes != lifecycle_by_key.end() && present[newest][i]) {
                const std::string_view name = to_string(static_cast<KafkaVersion>(v));
                Entry* changed = nullptr;
                for (const std::uint32_t li : changes->second) {
                    const Lifecycle& l = lifecycle[li];
                    if ((l.kind != Change::DefaultChanged && l.kind != Change::ValidatorChanged) ||
                        compare_versions(l.version, name) <= 0 || l.scope != base.scope) {
                        continue;
                    }
                    if (changed == nullptr) {
                        changed = &entries.emplace_back(base);
                    }
                    if (l.kind == Change::DefaultChanged) {
                        changed->default_value = l.old_value;
                    } else {
                        changed->validator = parse_validator(l.old_value);
                    }
                }
                if (changed != nullptr) {
                    e = changed;
                }
            }
        }
        made[v][i].store(e, std::memory_order_release);
        return *e;
    }
};

Change parse_change(std::string_view s)
{
    if (s == "removed") {
        return Change::Removed;
    }
    if (s == "deprecated") {
        return Change::Deprecated;
    }
    if (s == "default") {
        return Change::DefaultChanged;
    }
    return Change::ValidatorChanged;
}

const KafkaData& data()
{
    static const KafkaData d = [] {
        const auto start = std::chrono::steady_clock::now();
        KafkaData k;
        const Table life("kafka-lifecycle.tsv",
                         {"key", "scope", "kind", "version", "replacement", "old", "new", "evidence"});
        const auto& rows = k.table.rows();
        for (std::uint32_t i = 0; i < rows.size(); ++i) {
            for (std::size_t v = 0; v < k_kafka_versions; ++v) {
                k.present[v].push_back(list_has(rows[i][5], to_string(static_cast<KafkaVersion>(v))));
            }
            // A handful of scopes over thousands of rows, in runs: each is listed once.
            if (k.scope_list.empty() || k.scope_list.back() != rows[i][0]) {
                k.scope_list.push_back(rows[i][0]);
            }
        }
        sort_strings(k.scope_list);
        k.by_key = PositionIndex(rows.size());
        k.same_key.assign(rows.size(), 0);
        for (std::uint32_t i = 0; i < rows.size(); ++i) {
            std::uint32_t& last = k.by_key.slot(k.key(i), [&k](std::uint32_t r) { return k.key(r); });
            k.same_key[i] = last;
            last = i + 1;
        }
        for (std::size_t v = 0; v < k_kafka_versions; ++v) {
            k.made[v] = std::make_unique<std::atomic<const Entry*>[]>(rows.size());
        }
        for (const auto& row : life.rows()) {
            Lifecycle l;
            l.key = row[0];
            l.scope = row[1];
            l.kind = parse_change(row[2]);
            l.version = row[3];
            l.replacement = row[4];
            l.old_value = row[5];
            l.new_value = row[6];
            l.evidence = row[7];
            k.lifecycle_by_key[l.key].push_back(static_cast<std::uint32_t>(k.lifecycle.size()));
            k.lifecycle.push_back(l);
        }
        // Kafka's families once, most specific first; a scope's are those of its own and of "*", in
        // that order.
        k.common_families = families_of("kafka", "*");
        const std::vector<const PrefixFamily*> all = families_of("kafka", std::nullopt);
        for (const std::string_view scope : k.scope_list) {
            auto& own = k.families_by_scope[scope];
            std::copy_if(all.begin(), all.end(), std::back_inserter(own),
                         [scope](const PrefixFamily* f) { return f->scope == scope || f->scope == "*"; });
        }
        k.info.product = "kafka";
        k.info.rows = rows.size() + life.rows().size();
        k.info.bytes = k.table.bytes() + life.bytes();
        k.info.milliseconds = elapsed_ms(start);
        return k;
    }();
    return d;
}

const Entry* direct(const KafkaData& k, std::string_view scope, std::string_view key, KafkaVersion v)
{
    const auto vi = static_cast<std::size_t>(v);
    for (std::uint32_t r = k.last_row_of(key); r != 0; r = k.same_key[r - 1]) {
        if (k.scope(r - 1) == scope) {
            return k.present[vi][r - 1] ? &k.row(vi, r - 1) : nullptr;
        }
    }
    return nullptr;
}

Match match_in(const KafkaData& k, std::string_view scope, std::string_view key, KafkaVersion v, int depth)
{
    if (const Entry* e = direct(k, scope, key, v)) {
        return Match{e, nullptr, key};
    }
    if (depth > 2) {
        return {};
    }
    const auto fit = k.families_by_scope.find(scope);
    const auto& families = fit == k.families_by_scope.end() ? k.common_families : fit->second;
    for (const PrefixFamily* f : families) {
        std::string_view rest;
        if (!pattern_match(f->pattern, key, &rest)) {
            continue;
        }
        if (f->open()) {
            return Match{nullptr, f, key};
        }
        for (const std::string_view target : f->targets) {
            const Match inner = match_in(k, target, rest, v, depth + 1);
            if (inner.entry != nullptr) {
                return Match{inner.entry, f, inner.base_key};
            }
            if (inner.family != nullptr) {
                return Match{nullptr, inner.family, inner.base_key};
            }
        }
    }
    return {};
}

}  // namespace

ValueKind Entry::value_kind() const
{
    switch (type) {
    case Type::Int:
    case Type::Short:
    case Type::Long:
    case Type::Double:
        return ValueKind::Number;
    case Type::List:
        return ValueKind::List;
    case Type::Unknown:
    case Type::Boolean:
    case Type::String:
    case Type::Class:
    case Type::Password:
        break;
    }
    return ValueKind::String;
}

const Entry* find(std::string_view scope, std::string_view key, KafkaVersion v)
{
    return match(scope, key, v).entry;
}

Match match(std::string_view scope, std::string_view key, KafkaVersion v)
{
    return match_in(data(), scope, key, v, 0);
}

Match match_any(const std::vector<std::string_view>& scope_list, std::string_view key, KafkaVersion v)
{
    // Direct definitions first, so a worker key is not read as a family member of another scope.
    const auto& k = data();
    for (const std::string_view scope : scope_list) {
        if (const Entry* e = direct(k, scope, key, v)) {
            return Match{e, nullptr, key};
        }
    }
    for (const std::string_view scope : scope_list) {
        const Match m = match_in(k, scope, key, v, 0);
        if (m.known()) {
            return m;
        }
    }
    return {};
}

std::vector<std::string_view> scopes_defining(std::string_view key, KafkaVersion v)
{
    const auto& k = data();
    std::vector<std::string_view> out;
    const auto vi = static_cast<std::size_t>(v);
    for (std::uint32_t r = k.last_row_of(key); r != 0; r = k.same_key[r - 1]) {
        if (k.present[vi][r - 1]) {
            out.push_back(k.scope(r - 1));
        }
    }
    std::reverse(out.begin(), out.end());  // in table order
    return out;
}

const std::vector<std::string>& keys(std::string_view scope, KafkaVersion v)
{
    // Built on the first did-you-mean, not with the catalog: most runs never ask.
    using Lists = std::array<std::vector<std::string>, k_kafka_versions>;
    static const std::unordered_map<std::string_view, Lists> by_scope = [] {
        const auto& k = data();
        std::unordered_map<std::string_view, Lists> out;
        for (std::uint32_t i = 0; i < k.table.rows().size(); ++i) {
            auto& lists = out[k.scope(i)];
            for (std::size_t vi = 0; vi < k_kafka_versions; ++vi) {
                if (k.present[vi][i]) {
                    lists[vi].emplace_back(k.cells(i)[1]);
                }
            }
        }
        for (auto& entry : out) {
            for (auto& list : entry.second) {
                sort_strings(list);
            }
        }
        return out;
    }();
    static const std::vector<std::string> none;
    const auto it = by_scope.find(scope);
    return it == by_scope.end() ? none : it->second[static_cast<std::size_t>(v)];
}

const std::vector<std::string_view>& scopes()
{
    return data().scope_list;
}

const std::vector<std::string_view>& scopes_for(FileKind kind)
{
    static const std::vector<std::string_view> broker{"broker"};
    static const std::vector<std::string_view> producer{"producer"};
    static const std::vector<std::string_view> consumer{"consumer"};
    static const std::vector<std::string_view> connect{"connect-worker", "connect-distributed", "connect-standalone",
                                                       "mirrormaker"};
    static const std::vector<std::string_view> none;
    switch (kind) {
    case FileKind::KafkaBroker:
        return broker;
    case FileKind::KafkaProducer:
        return producer;
    case FileKind::KafkaConsumer:
        return consumer;
    case FileKind::KafkaConnect:
        return connect;
    case FileKind::ZooKeeper:
    case FileKind::Flink:
    case FileKind::ElasticsearchIndex:
    case FileKind::Jvm:
        break;
    }
    return none;
}

std::vector<const Lifecycle*> lifecycle(std::string_view scope, std::string_view key)
{
    const auto& k = data();
    std::vector<const Lifecycle*> out;
    const auto it = k.lifecycle_by_key.find(key);
    if (it == k.lifecycle_by_key.end()) {
        return out;
    }
    for (const std::uint32_t i : it->second) {
        const Lifecycle& l = k.lifecycle[i];
        if (l.scope == scope || l.scope == "common") {
            out.push_back(&l);
        }
    }
    return out;
}

const Lifecycle* removal(std::string_view scope, std::string_view key, KafkaVersion v)
{
    for (const Lifecycle* l : lifecycle(scope, key)) {
        if (l->kind == Change::Removed && !l->version.empty() && compare_versions(l->version, to_string(v)) <= 0) {
            return l;
        }
    }
    return nullptr;
}

const Lifecycle* deprecation(std::string_view scope, std::string_view key, KafkaVersion v)
{
    for (const Lifecycle* l : lifecycle(scope, key)) {
        if (l->kind == Change::Deprecated && (l->version.empty() || compare_versions(l->version, to_string(v)) <= 0)) {
            return l;
        }
    }
    return nullptr;
}

const std::vector<const Lifecycle*>& changes_between(KafkaVersion from, KafkaVersion to)
{
    // Asked once a Kafka file: the answers for every pair of versions are worked out once.
    constexpr std::size_t n = 2;  // KafkaVersion's values
    static const auto table = [] {
        std::array<std::array<std::vector<const Lifecycle*>, n>, n> t;
        for (std::size_t f = 0; f < n; ++f) {
            for (std::size_t k = 0; k < n; ++k) {
                const std::string_view from_name = to_string(static_cast<KafkaVersion>(f));
                const std::string_view to_name = to_string(static_cast<KafkaVersion>(k));
                for (const Lifecycle& l : data().lifecycle) {
                    if ((l.kind == Change::DefaultChanged || l.kind == Change::ValidatorChanged) &&
                        compare_versions(l.version, from_name) > 0 && compare_versions(l.version, to_name) <= 0) {
                        t[f][k].push_back(&l);
                    }
                }
            }
        }
        return t;
    }();
    return table.at(static_cast<std::size_t>(from)).at(static_cast<std::size_t>(to));
}

}  // namespace kafka

// --- Flink ----------------------------------------------------------------------------------------

namespace flink {

namespace {

constexpr std::size_t k_flink_versions = 2;

Type parse_type(std::string_view s)
{
    static const std::unordered_map<std::string_view, Type> types{
        {"Boolean", Type::Boolean}, {"Integer", Type::Integer},       {"Long", Type::Long},
        {"Float", Type::Float},     {"Double", Type::Double},         {"String", Type::String},
        {"MemorySize", Type::MemorySize}, {"Duration", Type::Duration}, {"Enum", Type::Enum},
        {"Map", Type::Map},
    };
    if (s.substr(0, 5) == "List<") {
        return Type::List;
    }
    const auto it = types.find(s);
    return it == types.end() ? Type::String : it->second;
}

Status parse_status(std::string_view s)
{
    static const std::unordered_map<std::string_view, Status> states{
        {"current", Status::Current}, {"deprecated", Status::Deprecated}, {"fallback", Status::Fallback},
        {"removed", Status::Removed}};
    const auto it = states.find(s);
    return it == states.end() ? Status::Unknown : it->second;
}

struct FlinkData {
    std::vector<Entry> entries;
    std::unordered_map<std::string_view, std::uint32_t> by_key;
    // Templated rows by their first segment, most specific first.
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> templates;
    std::vector<const PrefixFamily*> families;
    std::vector<Lifecycle> lifecycle;
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> lifecycle_by_key;
    std::vector<std::uint32_t> lifecycle_templates;
    std::vector<ConnectorOption> connector_options;
    std::unordered_map<std::string_view, std::unordered_map<std::string_view, std::uint32_t>> by_connector;
    LoadInfo info;
};

const FlinkData& data()
{
    static const FlinkData d = [] {
        const auto start = std::chrono::steady_clock::now();
        FlinkData f;
        const Table table("flink.tsv", {"key", "type", "default", "enum_values", "versions"});
        const Table life("flink-lifecycle.tsv",
                         {"old_key", "new_key", "kind", "subject", "status_1_20", "status_2_0", "evidence"});
        const Table conn("flink-connectors.tsv", {"connector", "key", "type", "default", "enum_values",
                                                  "deprecated_keys", "fallback_keys", "requirement"});
        for (const auto& row : table.rows()) {
            Entry e;
            e.key = row[0];
            e.type_name = row[1];
            e.type = parse_type(row[1]);
            if (e.type == Type::List && e.type_name.size() > 6) {
                e.element_type = e.type_name.substr(5, e.type_name.size() - 6);
            }
            e.default_value = row[2];
            e.enum_values = split_nonempty(row[3], '|');
            e.templated = e.key.find('<') != std::string_view::npos;
            for_each_nonempty(row[4], ',', [&e](std::string_view version) {
                for (std::size_t v = 0; v < k_flink_versions; ++v) {
                    if (version == to_string(static_cast<FlinkVersion>(v))) {
                        e.versions = static_cast<std::uint8_t>(e.versions | (1U << v));
                    }
                }
            });
            const auto index = static_cast<std::uint32_t>(f.entries.size());
            if (e.templated) {
                f.templates[first_segment(e.key)].push_back(index);
            } else {
                f.by_key.emplace(e.key, index);
            }
            f.entries.push_back(std::move(e));
        }
        for (auto& [segment, list] : f.templates) {
            std::stable_sort(list.begin(), list.end(), [&f](std::uint32_t a, std::uint32_t b) {
                return literal_length(f.entries[a].key) > literal_length(f.entries[b].key);
            });
        }
        for (const auto& row : life.rows()) {
            Lifecycle l;
            l.old_key = row[0];
            l.new_key = row[1];
            l.kind = row[2] == "fallback" ? Change::Fallback : row[2] == "removed" ? Change::Removed : Change::Deprecated;
            l.subject = row[3] == "file" ? Subject::File : row[3] == "template" ? Subject::Template : Subject::Key;
            l.status = {parse_status(row[4]), parse_status(row[5])};
            l.evidence = row[6];
            const auto index = static_cast<std::uint32_t>(f.lifecycle.size());
            if (l.subject == Subject::Template) {
                f.lifecycle_templates.push_back(index);
            } else {
                f.lifecycle_by_key[l.old_key].push_back(index);
            }
            f.lifecycle.push_back(l);
        }
        for (const auto& row : conn.rows()) {
            ConnectorOption o;
            o.connectors = row[0];
            o.key = row[1];
            o.type_name = row[2];
            o.default_value = row[3];
            o.enum_values = split_nonempty(row[4], '|');
            o.deprecated_keys = row[5];
            o.fallback_keys = row[6];
            o.requirement = row[7];
            const auto index = static_cast<std::uint32_t>(f.connector_options.size());
            f.connector_options.push_back(std::move(o));
            for_each_nonempty(row[0], '|', [&](std::string_view id) { f.by_connector[id].emplace(row[1], index); });
        }
        f.families = families_of("flink", "config");
        f.info.product = "flink";
        f.info.rows = table.rows().size() + life.rows().size() + conn.rows().size();
        f.info.bytes = table.bytes() + life.bytes() + conn.bytes();
        f.info.milliseconds = elapsed_ms(start);
        return f;
    }();
    return d;
}

}  // namespace

bool Lifecycle::accepted(FlinkVersion v) const
{
    return in(v) != Status::Removed;
}

const Entry* find(std::string_view key, FlinkVersion v)
{
    const auto& f = data();
    if (const auto it = f.by_key.find(key); it != f.by_key.end()) {
        const Entry& e = f.entries[it->second];
        return e.in(v) ? &e : nullptr;
    }
    if (const auto it = f.templates.find(first_segment(key)); it != f.templates.end()) {
        for (const std::uint32_t i : it->second) {
            const Entry& e = f.entries[i];
            if (e.in(v) && pattern_match(e.key, key, nullptr)) {
                return &e;
            }
        }
    }
    return nullptr;
}

const std::vector<std::string>& keys(FlinkVersion v)
{
    static const auto lists = key_lists<k_flink_versions>([](auto& out) {
        for (const Entry& e : data().entries) {
            for (std::size_t vi = 0; vi < k_flink_versions && !e.templated; ++vi) {
                if (e.in(static_cast<FlinkVersion>(vi))) {
                    out[vi].emplace_back(e.key);
                }
            }
        }
    });
    return lists[static_cast<std::size_t>(v)];
}

const PrefixFamily* family(std::string_view key)
{
    return first_open_family(data().families, key);
}

std::vector<const Lifecycle*> lifecycle(std::string_view key)
{
    const auto& f = data();
    std::vector<const Lifecycle*> out;
    if (const auto it = f.lifecycle_by_key.find(key); it != f.lifecycle_by_key.end()) {
        for (const std::uint32_t i : it->second) {
            out.push_back(&f.lifecycle[i]);
        }
    }
    for (const std::uint32_t i : f.lifecycle_templates) {
        if (pattern_match(f.lifecycle[i].old_key, key, nullptr)) {
            out.push_back(&f.lifecycle[i]);
        }
    }
    return out;
}

const Lifecycle* deprecation(std::string_view key)
{
    const auto& f = data();
    if (const auto it = f.lifecycle_by_key.find(key); it != f.lifecycle_by_key.end()) {
        for (const std::uint32_t i : it->second) {
            if (f.lifecycle[i].kind != Change::Fallback) {
                return &f.lifecycle[i];
            }
        }
    }
    return nullptr;
}

const ConnectorOption* connector_option(std::string_view connector, std::string_view key)
{
    const auto& f = data();
    const auto it = f.by_connector.find(connector);
    if (it == f.by_connector.end()) {
        return nullptr;
    }
    const auto o = it->second.find(key);
    return o == it->second.end() ? nullptr : &f.connector_options[o->second];
}

}  // namespace flink

// --- Elasticsearch --------------------------------------------------------------------------------

namespace es {

namespace {

constexpr std::size_t k_es_versions = 3;

Status parse_status(std::string_view s)
{
    if (s == "deprecated") {
        return Status::Deprecated;
    }
    if (s == "removed") {
        return Status::Removed;
    }
    if (s == "absent") {
        return Status::Absent;
    }
    return Status::Current;
}

Scope parse_scope(std::string_view s)
{
    static const std::unordered_map<std::string_view, Scope> scopes{
        {"dynamic", Scope::Dynamic}, {"static", Scope::Static}, {"final", Scope::Final},
        {"private", Scope::Private}, {"unregistered", Scope::Unregistered}};
    const auto it = scopes.find(s);
    return it == scopes.end() ? Scope::Dynamic : it->second;
}

struct EsData {
    std::vector<Entry> entries;
    std::unordered_map<std::string_view, std::uint32_t> by_key;
    std::vector<std::uint32_t> patterns;  // most specific first
    std::vector<const PrefixFamily*> families;
    LoadInfo info;
};

const EsData& data()
{
    static const EsData d = [] {
        const auto start = std::chrono::steady_clock::now();
        EsData s;
        const Table table("elasticsearch.tsv", {"key", "level", "type", "default", "validator", "scope", "status", "es7",
                                                "es8", "es9", "since", "old_default", "evidence"});
        for (const auto& row : table.rows()) {
            Entry e;
            e.key = row[0];
            e.pattern = e.key.find('<') != std::string_view::npos || e.key.find('*') != std::string_view::npos;
            e.level = row[1] == "node" ? Level::Node : Level::Index;
            e.type_name = row[2];
            e.default_value = row[3];
            e.validator = parse_validator(row[4]);
            e.scope = parse_scope(row[5]);
            e.overall = parse_status(row[6]);
            e.per_major = {parse_status(row[7]), parse_status(row[8]), parse_status(row[9])};
            e.since = row[10];
            if (const std::size_t lt = row[11].find('<'); lt != std::string_view::npos) {
                e.old_default = row[11].substr(0, lt);
                e.old_default_until = row[11].substr(lt + 1);
            }
            e.evidence = row[12];
            std::size_t tokens = 0;
            for_each_nonempty(e.evidence, ',', [&](std::string_view token) {
                ++tokens;
                e.has_kb = e.has_kb || token == "kb";
            });
            e.kb_only = e.has_kb && tokens == 1;
            const auto index = static_cast<std::uint32_t>(s.entries.size());
            if (e.pattern) {
                s.patterns.push_back(index);
            } else {
                s.by_key.emplace(e.key, index);
            }
            s.entries.push_back(std::move(e));
        }
        std::stable_sort(s.patterns.begin(), s.patterns.end(), [&s](std::uint32_t a, std::uint32_t b) {
            return literal_length(s.entries[a].key) > literal_length(s.entries[b].key);
        });
        s.families = families_of("elasticsearch", "index");
        s.info.product = "elasticsearch";
        s.info.rows = table.rows().size();
        s.info.bytes = table.bytes();
        s.info.milliseconds = elapsed_ms(start);
        return s;
    }();
    return d;
}

/// ES writes group settings as `index.analysis.*`: the `.*` stands for any rest, as a final `*` does.
bool es_pattern_match(std::string_view pattern, std::string_view key)
{
    return pattern_match(pattern, key, nullptr);
}

}  // namespace

ValueKind Entry::value_kind() const
{
    if (type_name == "time") {
        return ValueKind::Duration;
    }
    if (type_name == "bytesize") {
        return ValueKind::ByteSize;
    }
    if (type_name == "int" || type_name == "long" || type_name == "double") {
        return ValueKind::Number;
    }
    if (type_name.substr(0, 5) == "list<") {
        return ValueKind::List;
    }
    return ValueKind::String;
}

const Entry* lookup(std::string_view key)
{
    const auto& s = data();
    if (const auto it = s.by_key.find(key); it != s.by_key.end()) {
        return &s.entries[it->second];
    }
    for (const std::uint32_t i : s.patterns) {
        if (es_pattern_match(s.entries[i].key, key)) {
            return &s.entries[i];
        }
    }
    return nullptr;
}

const Entry* find(std::string_view key, EsVersion v)
{
    const Entry* e = lookup(key);
    return e != nullptr && e->status(v) != Status::Absent ? e : nullptr;
}

const PrefixFamily* family(std::string_view key)
{
    return first_open_family(data().families, key);
}

const std::vector<std::string>& keys(EsVersion v)
{
    static const auto lists = key_lists<k_es_versions>([](auto& out) {
        for (const Entry& e : data().entries) {
            for (std::size_t vi = 0; vi < k_es_versions && !e.pattern; ++vi) {
                if (e.per_major[vi] != Status::Absent) {
                    out[vi].emplace_back(e.key);
                }
            }
        }
    });
    return lists[static_cast<std::size_t>(v)];
}

}  // namespace es

// --- JVM ------------------------------------------------------------------------------------------

namespace jvm {

namespace {

constexpr std::size_t k_jdks = 5;

/// The value `names` pairs with `s`, else `otherwise`: a look through a dozen names, shorter than
/// hashing for each of the catalog's 5,000 cells.
template <typename T, std::size_t N>
T named(const std::array<std::pair<std::string_view, T>, N>& names, std::string_view s, T otherwise)
{
    for (const auto& [name, value] : names) {
        if (name == s) {
            return value;
        }
    }
    return otherwise;
}

Kind parse_kind(std::string_view s)
{
    static constexpr std::array<std::pair<std::string_view, Kind>, 12> kinds{{
        {"product", Kind::Product},           {"product_pd", Kind::ProductPd},
        {"lp64_product", Kind::Lp64Product},  {"product_rw", Kind::ProductRw},
        {"manageable", Kind::Manageable},     {"diagnostic", Kind::Diagnostic},
        {"diagnostic_pd", Kind::DiagnosticPd}, {"experimental", Kind::Experimental},
        {"experimental_pd", Kind::ExperimentalPd}, {"develop", Kind::Develop},
        {"develop_pd", Kind::DevelopPd},      {"notproduct", Kind::NotProduct},
    }};
    return named(kinds, s, Kind::Develop);
}

Type parse_type(std::string_view s)
{
    static constexpr std::array<std::pair<std::string_view, Type>, 10> types{{
        {"bool", Type::Bool},   {"int", Type::Int},       {"intx", Type::Intx},     {"uint", Type::Uint},
        {"uintx", Type::Uintx}, {"uint64_t", Type::Uint64}, {"size_t", Type::SizeT}, {"double", Type::Double},
        {"ccstr", Type::Ccstr}, {"ccstrlist", Type::Ccstrlist},
    }};
    return named(types, s, Type::Unknown);
}

int parse_release(std::string_view s)
{
    return s == "-" ? 0 : parse_int_or_zero(s);
}

std::uint8_t parse_tables(std::string_view s)
{
    std::uint8_t mask = 0;
    for_each_nonempty(s, ',', [&mask](std::string_view t) {
        const int release = parse_int_or_zero(t);
        for (std::size_t v = 0; v < k_jdks; ++v) {
            if (jdk_release(static_cast<JdkVersion>(v)) == release) {
                mask = static_cast<std::uint8_t>(mask | (1U << v));
            }
        }
    });
    return mask;
}

struct NameInfo {
    std::array<std::int32_t, k_jdks> flag{-1, -1, -1, -1, -1};
    std::int32_t lifecycle = -1;
    std::vector<std::uint32_t> aliases;
    std::vector<std::pair<int, std::string_view>> observed;  // (release, observed state)
};

struct JvmData {
    std::vector<Flag> flags;
    std::vector<Lifecycle> lifecycles;
    std::vector<Alias> aliases;
    // Every name of the four tables, each once, in the order first met, and an index of them (a
    // std::unordered_map of the 2,000 names, a node and a NameInfo each, was a quarter of loading
    // the catalog).
    std::vector<std::pair<std::string_view, NameInfo>> names;
    PositionIndex by_name;
    LoadInfo info;

    [[nodiscard]] const NameInfo* find(std::string_view name) const
    {
        const std::uint32_t i = by_name.find(name, [this](std::uint32_t n) { return names[n].first; });
        return i == 0 ? nullptr : &names[i - 1].second;
    }
    /// The entry of `name`, made when it has none.
    NameInfo& at(std::string_view name)
    {
        std::uint32_t& i = by_name.slot(name, [this](std::uint32_t n) { return names[n].first; });
        if (i == 0) {
            names.emplace_back(name, NameInfo{});
            i = static_cast<std::uint32_t>(names.size());
        }
        return names[i - 1].second;
    }
};

const JvmData& data()
{
    static const JvmData d = [] {
        const auto start = std::chrono::steady_clock::now();
        JvmData j;
        const Table flags("jvm-flags.tsv", {"name", "jdk8", "jdk11", "jdk17", "jdk21", "jdk25"});
        const Table life("jvm-lifecycle.tsv",
                         {"name", "deprecated_in", "obsolete_in", "expired_in", "tables", "per_jdk", "condition"});
        const Table aliases("jvm-aliases.tsv", {"alias", "target", "kind", "detail", "tables"});
        const Table observed("jvm-observed.tsv", {"name", "jdk", "observed"});
        j.flags.reserve(flags.rows().size() * 3);
        const std::size_t most = flags.rows().size() + life.rows().size() + aliases.rows().size() + observed.rows().size();
        j.names.reserve(most);  // at() hands out references into it: it must not grow past this
        j.by_name = PositionIndex(most);
        for (const auto& row : flags.rows()) {
            NameInfo& info = j.at(row[0]);
            std::int32_t previous = -1;
            for (std::size_t v = 0; v < k_jdks; ++v) {
                const std::string_view cell = row[v + 1];
                if (cell.size() == 1 && cell[0] == '-') {
                    previous = -1;
                    continue;
                }
                if (cell.size() == 1 && cell[0] == '=') {
                    info.flag[v] = previous;  // the same declaration as the previous JDK
                    continue;
                }
                // kind,type,default: the default never holds a comma.
                const std::size_t c1 = cell.find(',');
                const std::size_t c2 = cell.find(',', c1 + 1);
                if (c1 == std::string_view::npos || c2 == std::string_view::npos) {
                    throw std::runtime_error("rules/catalog/jvm-flags.tsv: bad cell for " + std::string(row[0]));
                }
                Flag f;
                f.name = row[0];
                f.kind_name = cell.substr(0, c1);
                f.kind = parse_kind(f.kind_name);
                f.type_name = cell.substr(c1 + 1, c2 - c1 - 1);
                f.type = parse_type(f.type_name);
                f.default_value = cell.substr(c2 + 1);
                previous = static_cast<std::int32_t>(j.flags.size());
                info.flag[v] = previous;
                j.flags.push_back(f);
            }
        }
        for (const auto& row : life.rows()) {
            Lifecycle l;
            l.name = row[0];
            l.deprecated_in = parse_release(row[1]);
            l.obsolete_in = parse_release(row[2]);
            l.expired_in = parse_release(row[3]);
            l.tables = parse_tables(row[4]);
            l.condition = row[6];
            for (std::size_t v = 0; v < k_jdks; ++v) {
                l.own[v] = {l.deprecated_in, l.obsolete_in, l.expired_in};
            }
            // "8=-/8/9": JDK 8's own table says otherwise than the newest one.
            for_each_nonempty(row[5], ' ', [&l](std::string_view item) {
                const std::size_t eq = item.find('=');
                const auto parts = split_all(item.substr(eq + 1), '/');
                const int release = parse_int_or_zero(item.substr(0, eq));
                for (std::size_t v = 0; v < k_jdks && parts.size() == 3; ++v) {
                    if (jdk_release(static_cast<JdkVersion>(v)) == release) {
                        l.own[v] = {parse_release(parts[0]), parse_release(parts[1]), parse_release(parts[2])};
                    }
                }
            });
            j.at(l.name).lifecycle = static_cast<std::int32_t>(j.lifecycles.size());
            j.lifecycles.push_back(l);
        }
        for (const auto& row : aliases.rows()) {
            Alias a;
            a.alias = row[0];
            a.target = row[1];
            a.logging = row[2] == "logging";
            a.detail = row[3];
            a.tables = parse_tables(row[4]);
            j.at(a.alias).aliases.push_back(static_cast<std::uint32_t>(j.aliases.size()));
            j.aliases.push_back(a);
        }
        for (const auto& row : observed.rows()) {
            j.at(row[0]).observed.emplace_back(parse_int_or_zero(row[1]), row[2]);
        }
        j.info.product = "jvm";
        j.info.rows = flags.rows().size() + life.rows().size() + aliases.rows().size() + observed.rows().size();
        j.info.bytes = flags.bytes() + life.bytes() + aliases.bytes() + observed.bytes();
        j.info.milliseconds = elapsed_ms(start);
        return j;
    }();
    return d;
}

const NameInfo* name_info(std::string_view name)
{
    return data().find(name);
}

/// Refused as unrecognized: gone (Expired) unless only newer JDKs declare the name (Newer).
State unrecognized_state(const Status& s, int release)
{
    if (s.first_declared > release) {
        return State::Newer;
    }
    return s.last_declared != 0 || s.since != 0 ? State::Expired : State::Unknown;
}

/// A state observed on a real JVM ("deprecated:15", "unrecognized", ...), in this API's terms.
Status from_observed(std::string_view seen, Status s, int release)
{
    s.observed = true;
    const Flag* flag = s.flag;
    const std::size_t colon = seen.find(':');
    const std::string_view word = seen.substr(0, colon);
    const int number = colon == std::string_view::npos ? 0 : parse_int_or_zero(seen.substr(colon + 1));
    if (word == "accepted") {
        s.state = State::Ok;
    } else if (word == "deprecated") {
        s.state = State::Deprecated;
        s.since = number;
    } else if (word == "deprecated_alias") {
        s.state = State::Alias;
        s.since = number;
    } else if (word == "obsolete") {
        s.state = flag != nullptr ? State::ObsoleteProcessed : State::Obsolete;
        s.since = number;
    } else if (word == "develop" || word == "notproduct") {
        s.state = State::DebugOnly;
    } else {
        s.state = unrecognized_state(s, release);
    }
    return s;
}

}  // namespace

bool Flag::product_settable() const
{
    return kind != Kind::Develop && kind != Kind::DevelopPd && kind != Kind::NotProduct;
}

std::string_view Flag::unlock_option() const
{
    switch (kind) {
    case Kind::Diagnostic:
    case Kind::DiagnosticPd:
        return "UnlockDiagnosticVMOptions";
    case Kind::Experimental:
    case Kind::ExperimentalPd:
        return "UnlockExperimentalVMOptions";
    case Kind::Product:
    case Kind::ProductPd:
    case Kind::Lp64Product:
    case Kind::ProductRw:
    case Kind::Manageable:
    case Kind::Develop:
    case Kind::DevelopPd:
    case Kind::NotProduct:
        break;
    }
    return {};
}

const Flag* find(std::string_view name, JdkVersion v)
{
    const NameInfo* info = name_info(name);
    if (info == nullptr) {
        return nullptr;
    }
    const std::int32_t i = info->flag[static_cast<std::size_t>(v)];
    return i < 0 ? nullptr : &data().flags[static_cast<std::size_t>(i)];
}

const Lifecycle* lifecycle(std::string_view name)
{
    const NameInfo* info = name_info(name);
    return info == nullptr || info->lifecycle < 0 ? nullptr : &data().lifecycles[static_cast<std::size_t>(info->lifecycle)];
}

const Alias* alias(std::string_view name, JdkVersion v)
{
    const NameInfo* info = name_info(name);
    if (info == nullptr) {
        return nullptr;
    }
    for (const std::uint32_t a : info->aliases) {
        const Alias& al = data().aliases[a];
        if ((al.tables & (1U << static_cast<unsigned>(v))) != 0) {
            return &al;
        }
    }
    return nullptr;
}

Status status(std::string_view name, JdkVersion v)
{
    Status s;
    const NameInfo* info = name_info(name);
    if (info == nullptr) {
        return s;  // Unknown
    }
    const auto vi = static_cast<std::size_t>(v);
    const int release = jdk_release(v);
    const Flag* flag = find(name, v);
    s.flag = flag;
    for (std::size_t i = 0; i < k_jdks; ++i) {
        if (info->flag[i] >= 0) {
            const int declared = jdk_release(static_cast<JdkVersion>(i));
            if (s.first_declared == 0) {
                s.first_declared = declared;
            }
            // Expired reports the newest declaration before this release.
            if (declared < release) {
                s.last_declared = declared;
            }
        }
    }
    // A real JVM of that release overrules the tables where the two disagree.
    for (const auto& [seen_release, seen] : info->observed) {
        if (seen_release == release) {
            return from_observed(seen, s, release);
        }
    }
    const Lifecycle* l = lifecycle(name);
    const Alias* a = alias(name, v);
    // HotSpot consults the special-flag table of its own release: an entry applies only where that
    // table holds the name (and, on linux-x64, never an aarch64-only entry).
    if (l != nullptr && (l->tables & (1U << vi)) != 0 && l->condition != "aarch64") {
        const auto [deprecated_in, obsolete_in, expired_in] = l->own[vi];
        if (expired_in != 0 && release >= expired_in) {
            s.state = State::Expired;
            s.since = expired_in;
            return s;
        }
        if (obsolete_in != 0 && release >= obsolete_in) {
            // From JDK 21 a still-declared obsolete flag is "temporarily processed" and honoured.
            s.state = flag != nullptr && release >= 21 ? State::ObsoleteProcessed : State::Obsolete;
            s.since = obsolete_in;
            return s;
        }
        if (deprecated_in != 0 && release >= deprecated_in) {
            if (a != nullptr) {
                s.state = State::Alias;
                s.alias_target = a->target;
                s.alias_is_logging = a->logging;
            } else {
                s.state = State::Deprecated;
            }
            s.since = deprecated_in;
            return s;
        }
    }
    if (a != nullptr) {
        s.state = State::Alias;
        s.alias_target = a->target;
        s.alias_is_logging = a->logging;
        return s;
    }
    if (flag != nullptr) {
        s.state = flag->product_settable() ? State::Ok : State::DebugOnly;
        return s;
    }
    // Known to the catalogs, but not to this release.
    if (l != nullptr && l->expired_in != 0 && release >= l->expired_in) {
        s.since = l->expired_in;
    }
    s.state = unrecognized_state(s, release);
    if (s.state == State::Unknown) {
        s.state = State::Expired;  // only a table or an alias of another release knows it
    }
    return s;
}

const std::vector<std::string>& names(JdkVersion v)
{
    // Did-you-mean suggests flags a product VM of that release declares, never aliases (they only
    // forward, with a warning, to a name that is in the list anyway).
    static const auto accepted = key_lists<k_jdks>([](auto& out) {
        const auto& j = data();
        for (const auto& [name, info] : j.names) {
            for (std::size_t vi = 0; vi < k_jdks; ++vi) {
                if (info.flag[vi] >= 0 &&
                    j.flags[static_cast<std::size_t>(info.flag[vi])].product_settable()) {
                    out[vi].emplace_back(name);
                }
            }
        }
    });
    return accepted[static_cast<std::size_t>(v)];
}

}  // namespace jvm

// --- loading --------------------------------------------------------------------------------------

std::vector<LoadInfo> load_all()
{
    const auto start = std::chrono::steady_clock::now();
    const auto& families = family_data();
    LoadInfo family_info{"prefix-families", families.families.size(), families.bytes, elapsed_ms(start)};
    return {kafka::data().info, flink::data().info, es::data().info, jvm::data().info, family_info};
}

}  // namespace streamlint::catalog
