// What the rules driven by the upstream catalogs (K, F, E, J) share: a rule made of metadata and a
// function, did-you-mean with its distance, the words for validators, and the catalog note a
// finding carries when the target version had no catalog of its own.
#pragma once

#include <streamlint/catalog.hpp>
#include <streamlint/rule.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint::catalog_rules {

using CheckFn = std::function<void(const RuleInfo&, const Document&, const RuleContext&, Emitter&)>;

/// A rule whose check is a function.
class FnRule final : public Rule {
public:
    FnRule(RuleInfo info, CheckFn fn) : m_info(std::move(info)), m_fn(std::move(fn)) {}
    const RuleInfo& info() const override { return m_info; }
    void check(const Document& doc, const RuleContext& ctx, Emitter& out) const override { m_fn(m_info, doc, ctx, out); }

private:
    RuleInfo m_info;
    CheckFn m_fn;
};

inline std::unique_ptr<Rule> make_rule(RuleInfo info, CheckFn fn)
{
    return std::make_unique<FnRule>(std::move(info), std::move(fn));
}

/// A likely misspelling's correction and how far it is.
struct Suggestion {
    std::string key;
    std::size_t distance = 0;
};

/// did_you_mean over `candidates` (the same answer, indexed: fast over a million unknown keys), with
/// the distance of the answer. `candidates` must live as long as the program (catalog key lists).
[[nodiscard]] std::optional<Suggestion> suggest(std::string_view word, const std::vector<std::string>& candidates);
/// The better (closer; on a tie the first) of two suggestions.
[[nodiscard]] std::optional<Suggestion> closer(std::optional<Suggestion> a, std::optional<Suggestion> b);

/// "`a`, `b` or `c`" (at most `max` values, then "…").
[[nodiscard]] std::string quoted_list(const std::vector<std::string_view>& values, std::size_t max = 12,
                                      std::string_view last_joint = " or ");
/// What a validator allows, in words: "at least `1`", "one of `all`, `-1`, `0` or `1`".
[[nodiscard]] std::string describe_validator(const catalog::Validator& v);

/// Records which catalog answered in the finding's details when it is not the target's own.
template <typename Version>
void note_catalog(Finding& f, const catalog::VersionChoice<Version>& choice)
{
    if (!choice.exact || !choice.understood) {
        if (f.details.is_null()) {
            f.details = nlohmann::json::object();
        }
        f.details["catalog"] = catalog::describe(choice);
    }
}

/// Text quoted in a message, cut to a readable length (a 50 MB value is not repeated in full).
[[nodiscard]] std::string excerpt(std::string_view text);

/// The range a value finding points at: the value, or the key when the value is empty.
[[nodiscard]] inline ByteRange value_or_key(const Setting& s)
{
    return s.value_range.empty() ? s.key_range : s.value_range;
}

/// True when the setting reaches the product (JVM lines for another JDK do not).
[[nodiscard]] inline bool reaches_product(const Setting& s)
{
    return s.inactive != Inactive::OtherVersion;
}

/// The last active setting of `key`, or null.
[[nodiscard]] const Setting* last_active(const Document& doc, std::string_view key);

/// Java's Double.parseDouble syntax (decimal forms, NaN, Infinity, an optional d/f suffix).
[[nodiscard]] bool java_double(std::string_view text);

void register_kafka_rules(std::vector<std::unique_ptr<Rule>>& out);
void register_flink_rules(std::vector<std::unique_ptr<Rule>>& out);
void register_es_rules(std::vector<std::unique_ptr<Rule>>& out);
void register_jvm_rules(std::vector<std::unique_ptr<Rule>>& out);

}  // namespace streamlint::catalog_rules
