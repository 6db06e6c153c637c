#include <streamlint/engine.hpp>
#include <streamlint/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

namespace streamlint {

bool selector_matches(std::string_view selector, const RuleInfo& rule)
{
    return selector == "ALL" || selector == rule.name || std::string_view(rule.id).starts_with(selector);
}

namespace {

bool any_matches(const std::vector<std::string>& selectors, const RuleInfo& rule)
{
    return std::any_of(selectors.begin(), selectors.end(),
                       [&](const std::string& s) { return selector_matches(s, rule); });
}

// How specific a selector is, so "S002: info" beats "S: error" whatever the order.
std::size_t specificity(std::string_view selector, const RuleInfo& rule)
{
    if (selector == rule.id || selector == rule.name) {
        return 1000;
    }
    return selector == "ALL" ? 0 : selector.size();
}

/// One `# streamlint: disable=...` or `disable-file=...` comment.
struct Directive {
    ByteRange range;
    bool file_wide = false;
    std::uint32_t line = 0;  // 1-based line it silences (unused when file_wide)
    std::vector<std::string> rules;
    std::vector<bool> used;
};

std::vector<Directive> read_directives(const Document& doc)
{
    std::vector<Directive> out;
    // Lines [scanned_from, scanned_to) are blank or comments and scanned_to is the line after them:
    // a run of directives on lines of their own is scanned once, not once a directive.
    std::uint32_t scanned_from = 0;
    std::uint32_t scanned_to = 0;
    for (const Comment& c : doc.comments) {
        std::string_view text = doc.slice(c.range);
        while (!text.empty() && (text.front() == '#' || text.front() == '!' || text.front() == '/')) {
            text.remove_prefix(1);
        }
        text = trim(text);
        if (!text.starts_with("streamlint:")) {
            continue;
        }
        text = trim(text.substr(std::string_view("streamlint:").size()));
        Directive d;
        d.range = c.range;
        if (text.starts_with("disable-file=")) {
            d.file_wide = true;
            text.remove_prefix(std::string_view("disable-file=").size());
        } else if (text.starts_with("disable=")) {
            text.remove_prefix(std::string_view("disable=").size());
        } else {
            continue;
        }
        // A reason may follow after whitespace or a second '#': "disable=S002 # kept for the migration".
        const std::size_t end = text.find_first_of(" \t#");
        d.rules = split(text.substr(0, end), ',');
        d.used.assign(d.rules.size(), false);
        const std::uint32_t comment_line = doc.position(c.range.begin).line;
        if (!c.own_line) {
            d.line = comment_line;
        } else {
            // On a line of its own it covers the next line that is neither blank nor a comment.
            std::uint32_t line = comment_line;  // 1-based; the next line is index `line` 0-based
            if (line >= scanned_from && line <= scanned_to) {
                line = scanned_to;
            }
            const std::uint32_t count = doc.lines.line_count();
            while (line < count) {
                const std::string_view content = trim(doc.slice(doc.lines.content(line)));
                const bool comment = content.starts_with("#") || content.starts_with("!") ||
                                     content.starts_with("//");
                if (!content.empty() && !comment) {
                    break;
                }
                ++line;
            }
            scanned_from = comment_line;
            scanned_to = line;
            d.line = line + 1;
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

bool RuleSelection::enabled(const RuleInfo& rule) const
{
    if (!select.empty() && !any_matches(select, rule)) {
        return false;
    }
    return !any_matches(ignore, rule) && !any_matches(file_ignores, rule);
}

std::optional<Severity> RuleSelection::override_for(const RuleInfo& rule) const
{
    std::optional<Severity> result;
    std::size_t best = 0;
    bool found = false;
    for (const auto& [selector, sev] : severity) {
        if (selector_matches(selector, rule)) {
            const std::size_t spec = specificity(selector, rule);
            if (!found || spec > best) {
                best = spec;
                result = sev;
                found = true;
            }
        }
    }
    return result;
}

void apply_selection(std::vector<Finding>& findings, const RuleSelection& selection)
{
    std::erase_if(findings, [&](Finding& f) {
        const Rule* r = find_rule(f.rule);
        if (r == nullptr) {
            return false;
        }
        if (!selection.enabled(r->info())) {
            return true;
        }
        f.severity = selection.override_for(r->info()).value_or(f.severity);
        return false;
    });
}

namespace {

thread_local std::uint64_t t_checks = 0;        // check_document calls begun on this thread
thread_local std::uint64_t t_current_check = 0;  // the one running, 0 for none

/// Marks a check_document call as running for its duration (calls do not nest, but a rule that
/// lints another document would: the outer number is restored after it).
class CheckScope {
public:
    CheckScope() : m_outer(t_current_check) { t_current_check = ++t_checks; }
    CheckScope(const CheckScope&) = delete;
    CheckScope& operator=(const CheckScope&) = delete;
    ~CheckScope() { t_current_check = m_outer; }

private:
    std::uint64_t m_outer;
};

}  // namespace

std::uint64_t current_document_check()
{
    return t_current_check;
}

std::vector<Finding> check_document(const Document& doc, const RuleContext& ctx, const RuleSelection& selection,
                                    const RuleSet& rules)
{
    const CheckScope scope;
    Emitter out(doc);
    for (const Rule* rule : rules.rules_for(doc.kind)) {
        if (selection.enabled(rule->info())) {
            const std::size_t before = out.findings().size();
            rule->check(doc, ctx, out);
            // A rule may report below its default (a recommended key that is merely absent is info);
            // a configured severity applies to all of its findings.
            if (const auto sev = selection.override_for(rule->info())) {
                for (std::size_t i = before; i < out.findings().size(); ++i) {
                    out.findings()[i].severity = *sev;
                }
            }
        }
    }
    std::vector<Finding> findings = std::move(out.findings());

    std::vector<Directive> directives = read_directives(doc);
    if (directives.empty()) {
        return findings;
    }
    // The directives that can silence a finding: the file-wide ones and those of its line.
    std::vector<Directive*> file_wide;
    std::unordered_map<std::uint32_t, std::vector<Directive*>> by_line;
    for (Directive& d : directives) {
        (d.file_wide ? file_wide : by_line[d.line]).push_back(&d);
    }
    std::erase_if(findings, [&](const Finding& f) {
        const Rule* rule = rules.find(f.rule);
        bool silenced = false;
        const auto on_line = by_line.find(f.position.line);
        for (std::size_t k = 0; k < file_wide.size() + (on_line == by_line.end() ? 0 : on_line->second.size()); ++k) {
            Directive& d = k < file_wide.size() ? *file_wide[k] : *on_line->second[k - file_wide.size()];
            for (std::size_t i = 0; i < d.rules.size(); ++i) {
                const bool match = rule != nullptr ? selector_matches(d.rules[i], rule->info()) : d.rules[i] == f.rule;
                if (match) {
                    d.used[i] = true;
                    silenced = true;
                }
            }
        }
        return silenced;
    });

    const Rule* unused = find_rule("S004");
    RuleInfo unused_info = unused->info();
    if (!selection.enabled(unused_info)) {
        return findings;
    }
    unused_info.severity = selection.override_for(unused_info).value_or(unused_info.severity);
    Emitter extra(doc);
    std::unordered_map<std::string, bool> known_selectors;
    for (const Directive& d : directives) {
        for (std::size_t i = 0; i < d.rules.size(); ++i) {
            if (d.used[i]) {
                continue;
            }
            const std::string& sel = d.rules[i];
            auto [known_it, fresh] = known_selectors.try_emplace(sel, false);
            if (fresh) {
                known_it->second = std::any_of(rules.rules().begin(), rules.rules().end(),
                                               [&](const Rule* r) { return selector_matches(sel, r->info()); });
            }
            const bool known = known_it->second;
            // A rule that is switched off for this file cannot fire: its suppression is not stale.
            const Rule* named = rules.find(sel);
            if (named != nullptr && !selection.enabled(named->info())) {
                continue;
            }
            Finding& f = extra.emit(unused_info, d.range,
                                    known ? fmt::format("`{}` reports nothing {}; the suppression is unused", sel,
                                                        d.file_wide ? "in this file" : "on the line it covers")
                                          : fmt::format("`{}` is not a rule id, prefix or name", sel));
            f.severity = unused_info.severity;
        }
    }
    for (auto& f : extra.findings()) {
        findings.push_back(std::move(f));
    }
    return findings;
}

}  // namespace streamlint
