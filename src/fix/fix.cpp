#include <streamlint/fix.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace streamlint {

bool fix_applies(const Fix& fix, const FixSettings& settings)
{
    if (fix.edits.empty() || fix.applicability == Applicability::DisplayOnly) {
        return false;
    }
    return fix.applicability == Applicability::Safe || settings.unsafe;
}

namespace {

bool edits_overlap(const Edit& a, const Edit& b)
{
    // Two insertions at one point, or an insertion inside a replaced range, conflict too: the
    // order of the result would be a guess.
    if (a.range.empty() && b.range.empty()) {
        return a.range.begin == b.range.begin;
    }
    if (a.range.empty()) {
        return a.range.begin > b.range.begin && a.range.begin < b.range.end;
    }
    if (b.range.empty()) {
        return b.range.begin > a.range.begin && b.range.begin < a.range.end;
    }
    return a.range.overlaps(b.range);
}

bool has_syntax_error(const Document& doc)
{
    return std::any_of(doc.notes.begin(), doc.notes.end(),
                       [](const ParseNote& n) { return n.kind == NoteKind::SyntaxError; });
}

/// What a finding's fix is, wherever it applies: rule, key, title and the text it writes.
std::string fix_signature(const Finding& f)
{
    std::string sig = f.rule;
    sig += '\0';
    sig += f.key.value_or("");
    sig += '\0';
    sig += f.fix->title;
    for (const Edit& e : f.fix->edits) {
        sig += '\0';
        sig += e.content;
    }
    return sig;
}

/// The applied fixes that settle nothing: as many findings offering the very same fix after the
/// pass as before it.
std::vector<const Finding*> ineffective_fixes(const std::vector<const Finding*>& applied,
                                              const std::vector<Finding>& before, const std::vector<Finding>& after,
                                              const FixSettings& settings)
{
    std::vector<const Finding*> out;
    if (applied.empty()) {
        return out;
    }
    std::map<std::string, int> count;  // signature -> findings after minus findings before
    for (const Finding& f : before) {
        if (f.fix && fix_applies(*f.fix, settings)) {
            --count[fix_signature(f)];
        }
    }
    for (const Finding& f : after) {
        if (f.fix && fix_applies(*f.fix, settings)) {
            ++count[fix_signature(f)];
        }
    }
    for (const Finding* f : applied) {
        if (count[fix_signature(*f)] >= 0) {
            out.push_back(f);
        }
    }
    return out;
}

}  // namespace

std::string apply_fixes(std::string_view text, const std::vector<const Finding*>& candidates,
                        std::vector<const Finding*>& applied, std::vector<const Finding*>& skipped)
{
    std::vector<const Finding*> order = candidates;
    std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) {
        return std::tie(a->fix->edits.front().range.begin, a->rule, a->message) <
               std::tie(b->fix->edits.front().range.begin, b->rule, b->message);
    });
    std::vector<Edit> taken;
    for (const Finding* f : order) {
        bool clash = false;
        for (const Edit& e : f->fix->edits) {
            if (e.range.end > text.size() || e.range.begin > e.range.end) {
                clash = true;  // stale edit: never write outside the text
            }
            for (const Edit& t : taken) {
                clash = clash || edits_overlap(e, t);
            }
        }
        // The same edit twice (two rules fixing one line the same way) is applied once.
        const bool duplicate = std::all_of(f->fix->edits.begin(), f->fix->edits.end(), [&](const Edit& e) {
            return std::any_of(taken.begin(), taken.end(),
                               [&](const Edit& t) { return t.range == e.range && t.content == e.content; });
        });
        if (duplicate) {
            applied.push_back(f);
            continue;
        }
        if (clash) {
            skipped.push_back(f);
            continue;
        }
        applied.push_back(f);
        taken.insert(taken.end(), f->fix->edits.begin(), f->fix->edits.end());
    }
    std::sort(taken.begin(), taken.end(), [](const Edit& a, const Edit& b) {
        return a.range.begin < b.range.begin || (a.range.begin == b.range.begin && a.range.end < b.range.end);
    });
    std::string out;
    out.reserve(text.size());
    std::uint32_t pos = 0;
    for (const Edit& e : taken) {
        out.append(text.substr(pos, e.range.begin - pos));
        out += e.content;
        pos = e.range.end;
    }
    out.append(text.substr(pos));
    return out;
}

FileFixResult fix_file(Document doc, std::vector<Finding> findings, const Relint& relint, const FixSettings& settings)
{
    FileFixResult result;
    result.original = doc.text;
    const bool parsed_cleanly = !has_syntax_error(doc);
    // Findings whose fix could not be applied, by rule and message, with the reason.
    std::map<std::pair<std::string, std::string>, std::string> reasons;

    // Fixes that would make this text unreadable: tried again on the next text, which other fixes
    // may have made readable for them (otherwise a second --fix would still change the file).
    std::map<std::pair<std::string, std::string>, std::string> breaks_text;

    for (int pass = 0; pass < settings.max_passes; ++pass) {
        std::vector<const Finding*> candidates;
        for (const Finding& f : findings) {
            if (f.fix && fix_applies(*f.fix, settings) &&
                !reasons.contains({f.rule, f.message}) && !breaks_text.contains({f.rule, f.message})) {
                candidates.push_back(&f);
            }
        }
        if (candidates.empty()) {
            break;
        }
        std::vector<const Finding*> applied;
        std::vector<const Finding*> skipped;
        std::string text = apply_fixes(doc.text, candidates, applied, skipped);
        Relinted next = relint(text);
        if (parsed_cleanly && has_syntax_error(next.doc)) {
            // Something in this pass breaks the file: keep only the fixes that do not, one by one.
            std::vector<const Finding*> good;
            for (const Finding* f : applied) {
                std::vector<const Finding*> trial = good;
                trial.push_back(f);
                std::vector<const Finding*> a;
                std::vector<const Finding*> s;
                if (has_syntax_error(relint(apply_fixes(doc.text, trial, a, s)).doc)) {
                    breaks_text[{f->rule, f->message}] = "its fix was not applied: it would make the file unreadable";
                } else {
                    good.push_back(f);
                }
            }
            applied.clear();
            skipped.clear();
            text = apply_fixes(doc.text, good, applied, skipped);
            next = relint(text);
        }
        // A fix after which its finding is still there, offering the same fix, would be applied
        // again on every pass (a setting added past a syntax error the product stops at is never
        // read): it is taken back and not offered again.
        const std::vector<const Finding*> ineffective = ineffective_fixes(applied, findings, next.findings, settings);
        if (!ineffective.empty()) {
            std::vector<const Finding*> good;
            for (const Finding* f : applied) {
                if (std::find(ineffective.begin(), ineffective.end(), f) == ineffective.end()) {
                    good.push_back(f);
                } else {
                    reasons[{f->rule, f->message}] = "its fix was not applied: the finding would remain after it";
                }
            }
            applied.clear();
            skipped.clear();
            text = apply_fixes(doc.text, good, applied, skipped);
            next = relint(text);
        }
        // A skipped (overlapping) fix gets another chance in the next pass, against the new text.
        if (text == doc.text) {
            break;
        }
        for (const Finding* f : applied) {
            result.applied.push_back({f->rule, f->fix->title, f->position});
        }
        ++result.passes;
        doc = std::move(next.doc);
        findings = std::move(next.findings);
        breaks_text.clear();
    }
    reasons.merge(breaks_text);

    // What remains is what the last text reports; say why a fix that still applies was not taken.
    std::vector<const Finding*> candidates;
    for (const Finding& f : findings) {
        if (f.fix && fix_applies(*f.fix, settings)) {
            candidates.push_back(&f);
        }
    }
    if (!candidates.empty()) {
        std::vector<const Finding*> applied;
        std::vector<const Finding*> skipped;
        (void)apply_fixes(doc.text, candidates, applied, skipped);
        for (const Finding* f : skipped) {
            reasons.try_emplace({f->rule, f->message}, "its fix was not applied: it overlaps another fix");
        }
        if (result.passes >= settings.max_passes) {
            for (const Finding* f : applied) {
                reasons.try_emplace({f->rule, f->message},
                                    fmt::format("its fix was not applied: fixes did not settle in {} passes",
                                                settings.max_passes));
            }
        }
    }
    for (Finding& f : findings) {
        if (auto it = reasons.find({f.rule, f.message}); it != reasons.end()) {
            f.message += " (" + it->second + ")";
        }
    }
    result.fixed = doc.text;
    result.remaining = std::move(findings);
    result.doc = std::move(doc);
    return result;
}

}  // namespace streamlint
