// Rules driven by the upstream catalogs: K (Kafka), F (Flink), E (Elasticsearch), J (JVM). Each
// family lives in its own catalog_*.cpp; this file holds what they share.
#include "catalog_common.hpp"

#include <streamlint/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>

namespace streamlint {

namespace catalog_rules {

namespace {

/// A candidate list prepared for did-you-mean: every bigram's postings, so a query compares its
/// word only with the candidates that share enough bigrams to be within the edit limit. A file of
/// a million unknown keys (hostile, or generated) must not cost a full comparison per catalog key.
class SuggestIndex {
public:
    explicit SuggestIndex(const std::vector<std::string>& candidates) : m_candidates(candidates)
    {
        // Every (bigram, candidate, count) in one list, grouped by bigram at the end: a map of
        // growing vectors made some 20,000 allocations a list, on the first did-you-mean of a run.
        struct Entry {
            std::uint16_t gram;
            Posting posting;
        };
        std::vector<Entry> all;
        std::vector<std::uint16_t> grams;
        for (std::uint32_t id = 0; id < candidates.size(); ++id) {
            const std::string& c = candidates[id];
            m_longest = std::max(m_longest, c.size());
            grams.clear();
            for (std::size_t i = 0; i + 1 < c.size(); ++i) {
                grams.push_back(bigram(c, i));
            }
            std::sort(grams.begin(), grams.end());
            for (std::size_t i = 0; i < grams.size();) {
                std::size_t j = i;
                while (j < grams.size() && grams[j] == grams[i]) {
                    ++j;
                }
                all.push_back({grams[i], {id, static_cast<std::uint16_t>(j - i)}});
                i = j;
            }
        }
        std::stable_sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return a.gram < b.gram; });
        m_postings.reserve(all.size());
        for (const Entry& e : all) {
            if (m_grams.empty() || m_grams.back() != e.gram) {
                m_grams.push_back(e.gram);
                m_starts.push_back(static_cast<std::uint32_t>(m_postings.size()));
            }
            m_postings.push_back(e.posting);
        }
        m_starts.push_back(static_cast<std::uint32_t>(m_postings.size()));
    }

    /// The same answer as did_you_mean(word, candidates): the first candidate at the smallest
    /// distance within the limit.
    [[nodiscard]] std::optional<Suggestion> query(std::string_view word) const
    {
        const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
        if (word.size() > m_longest + limit) {
            return std::nullopt;  // no candidate is that long
        }
        // Each edit changes at most three bigrams (a transposition: the pair and both neighbours), so a
        // candidate within `limit` edits shares at least max(len) - 1 - 3 * limit of them (multiset).
        thread_local std::vector<std::uint16_t> grams;
        thread_local std::vector<std::uint16_t> common;
        grams.clear();
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            grams.push_back(bigram(word, i));
        }
        std::sort(grams.begin(), grams.end());
        common.assign(m_candidates.size(), 0);
        for (std::size_t i = 0; i < grams.size();) {
            std::size_t j = i;
            while (j < grams.size() && grams[j] == grams[i]) {
                ++j;
            }
            const auto n = static_cast<std::uint16_t>(j - i);
            if (const auto it = std::lower_bound(m_grams.begin(), m_grams.end(), grams[i]);
                it != m_grams.end() && *it == grams[i]) {
                const auto g = static_cast<std::size_t>(it - m_grams.begin());
                for (std::uint32_t k = m_starts[g]; k < m_starts[g + 1]; ++k) {
                    const Posting& p = m_postings[k];
                    common[p.id] = static_cast<std::uint16_t>(common[p.id] + std::min(n, p.count));
                }
            }
            i = j;
        }
        std::uint32_t best = 0;
        std::size_t best_distance = limit + 1;
        for (std::uint32_t id = 0; id < m_candidates.size(); ++id) {
            const std::string& c = m_candidates[id];
            const std::size_t longer = std::max(c.size(), word.size());
            const std::size_t shorter = std::min(c.size(), word.size());
            if (longer - shorter > limit) {
                continue;
            }
            const std::size_t needed = longer > 1 + 3 * limit ? longer - 1 - 3 * limit : 0;
            if (common[id] < needed) {
                continue;
            }
            const std::size_t d = edit_distance(word, c, limit);
            if (d < best_distance) {
                best_distance = d;
                best = id;
            }
        }
        if (best_distance > limit) {
            return std::nullopt;
        }
        return Suggestion{m_candidates[best], best_distance};  // one copy, of the one answer
    }

private:
    struct Posting {
        std::uint32_t id;
        std::uint16_t count;
    };

    static std::uint16_t bigram(std::string_view s, std::size_t i)
    {
        return static_cast<std::uint16_t>((static_cast<unsigned char>(s[i]) << 8) | static_cast<unsigned char>(s[i + 1]));
    }

    const std::vector<std::string>& m_candidates;
    std::size_t m_longest = 0;
    std::vector<std::uint16_t> m_grams;   // the bigrams of the candidates, sorted, each once
    std::vector<std::uint32_t> m_starts;  // m_grams[g]'s postings: m_postings[m_starts[g], m_starts[g + 1])
    std::vector<Posting> m_postings;      // by bigram, then candidate
};

}  // namespace

std::optional<Suggestion> suggest(std::string_view word, const std::vector<std::string>& candidates)
{
    // Candidate lists live as long as the program (catalog key lists, cached unions): index each once.
    static std::mutex mutex;
    static std::map<const std::vector<std::string>*, std::unique_ptr<SuggestIndex>> indexes;
    const SuggestIndex* index = nullptr;
    {
        const std::lock_guard lock(mutex);
        auto& slot = indexes[&candidates];
        if (!slot) {
            slot = std::make_unique<SuggestIndex>(candidates);
        }
        index = slot.get();
    }
    return index->query(word);
}

std::optional<Suggestion> closer(std::optional<Suggestion> a, std::optional<Suggestion> b)
{
    if (!a) {
        return b;
    }
    if (!b) {
        return a;
    }
    return b->distance < a->distance ? b : a;
}

std::string quoted_list(const std::vector<std::string_view>& values, std::size_t max, std::string_view last_joint)
{
    std::string out;
    const std::size_t n = std::min(values.size(), max);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) {
            out += (i + 1 == n && n == values.size()) ? std::string(last_joint) : std::string(", ");
        }
        out += fmt::format("`{}`", values[i]);
    }
    if (values.size() > n) {
        out += ", …";
    }
    return out;
}

namespace {

std::string describe_term(const catalog::ValidatorTerm& t)
{
    using catalog::TermKind;
    switch (t.kind) {
    case TermKind::Min: return fmt::format("at least `{}`", t.low);
    case TermKind::Max: return fmt::format("at most `{}`", t.high);
    case TermKind::Range: return fmt::format("between `{}` and `{}`", t.low, t.high);
    case TermKind::In: return "one of " + quoted_list(t.values);
    case TermKind::InIgnoreCase: return "one of " + quoted_list(t.values) + " (any case)";
    case TermKind::ListIn: return "a list of " + quoted_list(t.values);
    case TermKind::Known: return "one of " + quoted_list(t.values);
    case TermKind::NonEmpty: return "not empty";
    case TermKind::Custom: return t.name.empty() ? std::string("valid") : fmt::format("valid for {}", t.name);
    }
    return "valid";
}

}  // namespace

std::string describe_validator(const catalog::Validator& v)
{
    std::vector<std::string> alternatives;
    for (const auto& terms : v.alternatives) {
        std::vector<std::string> parts;
        for (const auto& t : terms) {
            parts.push_back(describe_term(t));
        }
        alternatives.push_back(fmt::format("{}", fmt::join(parts, " and ")));
    }
    return fmt::format("{}", fmt::join(alternatives, ", or "));
}

std::string excerpt(std::string_view text)
{
    constexpr std::size_t k_max = 60;
    if (text.size() <= k_max) {
        return std::string(text);
    }
    std::size_t cut = k_max - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;  // not inside a UTF-8 sequence
    }
    return std::string(text.substr(0, cut)) + "…";
}

const Setting* last_active(const Document& doc, std::string_view key)
{
    return doc.find(key);
}

bool java_double(std::string_view text)
{
    std::string_view s = trim(text);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        s.remove_prefix(1);
    }
    if (s == "NaN" || s == "Infinity") {
        return true;
    }
    if (!s.empty() && (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F')) {
        s.remove_suffix(1);
    }
    std::size_t i = 0;
    std::size_t digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            ++i;
        }
        const std::size_t exp_start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            ++i;
        }
        if (i == exp_start) {
            return false;
        }
    }
    return i == s.size();
}

}  // namespace catalog_rules

void register_catalog_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    catalog_rules::register_kafka_rules(out);
    catalog_rules::register_flink_rules(out);
    catalog_rules::register_es_rules(out);
    catalog_rules::register_jvm_rules(out);
}

}  // namespace streamlint
