#include "common.hpp"

#include <streamlint/catalog.hpp>
#include <streamlint/report.hpp>
#include <streamlint/rule.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace streamlint {

namespace {

using nlohmann::json;

// Control characters shown as escapes so a value cannot forge report lines or terminal codes.
/// Appends `s` with its control characters escaped (a run of ordinary ones at a time).
void append_printable(std::string& out, std::string_view s)
{
    // Eight bytes at a time until one might need escaping: a report line is mostly ordinary text, and
    // this ran over every byte of every finding's path and message on the main thread.
    constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
    constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        const std::uint64_t below_space = (w - k_ones * 0x20) & ~w & k_highs;  // a byte < 0x20
        const std::uint64_t x = w ^ (k_ones * 0x7F);
        const std::uint64_t del = (x - k_ones) & ~x & k_highs;  // a byte == 0x7F
        if ((below_space | del) != 0) {
            break;
        }
    }
    std::size_t run = 0;
    for (; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u >= 0x20 && u != 0x7F) {
            continue;
        }
        out.append(s, run, i - run);
        run = i + 1;
        if (u == '\n') {
            out += "\\n";
        } else if (u == '\r') {
            out += "\\r";
        } else if (u == '\t') {
            out += "\\t";
        } else {
            fmt::format_to(std::back_inserter(out), "\\x{:02x}", u);
        }
    }
    out.append(s, run, s.size() - run);
}

std::string printable(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    append_printable(out, s);
    return out;
}

// JSON strings must be valid UTF-8: invalid bytes become U+FFFD instead of an exception.
json jstr(std::string_view s)
{
    return json(std::string(s));
}

std::string dump(const json& j, int indent)
{
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

const char* severity_color(Severity s)
{
    switch (s) {
    case Severity::Error: return "\x1b[1;31m";
    case Severity::Warning: return "\x1b[1;33m";
    case Severity::Info: return "\x1b[1;36m";
    }
    return "";
}

json position_json(const Document* doc, std::uint32_t offset)
{
    if (doc == nullptr) {
        return {{"line", 0}, {"column", 0}};
    }
    const Position p = doc->position(offset);
    return {{"line", p.line}, {"column", p.column}};
}

json finding_json(const Finding& f, const Document* doc)
{
    json j;
    j["rule"] = f.rule;
    j["name"] = f.name;
    j["severity"] = std::string(to_string(f.severity));
    j["file"] = jstr(f.file);
    j["line"] = f.whole_file ? 0 : f.position.line;
    j["column"] = f.whole_file ? 0 : f.position.column;
    if (!f.whole_file && doc != nullptr) {
        const Position end = doc->position(f.range.end);
        j["end_line"] = end.line;
        j["end_column"] = end.column;
    }
    j["component"] = f.component;
    j["key"] = f.key ? jstr(*f.key) : json(nullptr);
    j["message"] = jstr(f.message);
    if (f.current) {
        j["current"] = jstr(*f.current);
    }
    if (f.recommended) {
        j["recommended"] = jstr(*f.recommended);
    }
    if (f.fix) {
        json edits = json::array();
        for (const Edit& e : f.fix->edits) {
            edits.push_back({{"start", position_json(doc, e.range.begin)},
                             {"end", position_json(doc, e.range.end)},
                             {"offset", e.range.begin},
                             {"length", e.range.size()},
                             {"content", jstr(e.content)}});
        }
        j["fix"] = {{"applicability", std::string(to_string(f.fix->applicability))},
                    {"title", jstr(f.fix->title)},
                    {"edits", edits}};
    }
    if (!f.details.is_null()) {
        j["details"] = f.details;
    }
    return j;
}

ReportCounts count(const LintResult& result)
{
    ReportCounts c;
    for (const auto& f : result.findings) {
        c.add(f);
    }
    return c;
}

json targets_json(const Targets& t)
{
    return {{"kafka", t.kafka}, {"flink", t.flink}, {"elasticsearch", t.elasticsearch}, {"jdk", t.jdk}};
}

/// Each product's catalogs in use: one for the run's targets, more when project files or image tags
/// set other targets for some files. {"kafka": ["Kafka 3.9 catalog (nearest to 3.8)"], ...}
json catalogs_json(const LintResult& result)
{
    std::vector<std::pair<std::string, std::vector<std::string>>> used;
    const auto add = [&](const Targets& t) {
        for (auto& entry : describe_catalogs(t)) {
            const std::string& product = entry.first;
            std::string& text = entry.second;
            auto it = std::find_if(used.begin(), used.end(), [&product](const auto& u) { return u.first == product; });
            if (it == used.end()) {
                used.emplace_back(product, std::vector<std::string>{});
                it = std::prev(used.end());
            }
            if (std::find(it->second.begin(), it->second.end(), text) == it->second.end()) {
                it->second.push_back(std::move(text));
            }
        }
    };
    if (result.files.empty() && result.released.targets.empty()) {
        add(result.targets);
    }
    for (const auto& t : result.released.targets) {
        add(t);
    }
    for (const auto& f : result.files) {
        add(f.targets);
    }
    json out = json::object();
    for (auto& [product, texts] : used) {
        std::sort(texts.begin(), texts.end());
        out[product] = texts;
    }
    return out;
}

std::string plural(std::size_t n, std::string_view word)
{
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

void ReportCounts::add(const Finding& f)
{
    (f.severity == Severity::Error ? error : f.severity == Severity::Warning ? warning : info)++;
    if (f.fix && f.fix->applicability != Applicability::DisplayOnly) {
        ++fixable;
    }
}

namespace {

class TextWriter final : public ReportWriter {
public:
    TextWriter(std::ostream& out, TextStyle style)
        : m_out(out), m_style(style), m_bold(style.color ? "\x1b[1m" : ""), m_reset(style.color ? "\x1b[0m" : "")
    {
    }

    void finish(const LintResult& result) override { m_out << summary_line(result, counts()) << '\n'; }

protected:
    void write(const Finding& f, const Document* /*doc*/) override
    {
        // `file:line:col: severity[rule]* message`, built in one reused buffer: a run can write
        // tens of thousands of these.
        std::string& line = m_line;
        line.clear();
        line += m_bold;
        append_printable(line, f.file);
        if (!f.whole_file) {
            // ":line:column", without fmt's parsing of a format string for every finding
            for (const std::uint32_t n : {f.position.line, f.position.column}) {
                std::array<char, 16> digits{};
                line += ':';
                line.append(digits.data(),
                            std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr);
            }
        }
        line += m_reset;
        line += ": ";
        line += m_style.color ? std::string_view(severity_color(f.severity)) : std::string_view();
        line += to_string(f.severity);
        line += m_reset;
        line += '[';
        line += f.rule;
        line += ']';
        if (f.fix && f.fix->applicability != Applicability::DisplayOnly) {
            line += '*';
        }
        line += ' ';
        append_printable(line, f.message);
        line += m_reset;
        line += '\n';
        m_out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }

private:
    std::ostream& m_out;
    TextStyle m_style;
    std::string_view m_bold;
    std::string_view m_reset;
    std::string m_line;
};

/// The bytes of nlohmann's dump(2) of the whole report object, written a finding at a time (a run of
/// 37,000 findings took 500 MB as one tree); its keys come in order: findings, summary, version.
class JsonWriter final : public ReportWriter {
public:
    explicit JsonWriter(std::ostream& out) : m_out(out) { m_out << "{\n  \"findings\": ["; }

    void finish(const LintResult& result) override
    {
        m_out << (m_first ? "]" : "\n  ]");
        const ReportCounts& c = counts();
        json by_kind = json::object();
        for (const auto& [kind, n] : result.released.documents_by_kind) {
            by_kind[std::string(to_string(kind))] = n;
        }
        for (const auto& f : result.files) {
            by_kind[std::string(to_string(f.doc.kind))] = by_kind.value(std::string(to_string(f.doc.kind)), 0) + 1;
        }
        json summary = {{"files", file_count(result)},
                        {"files_by_kind", by_kind},
                        {"findings", c.total()},
                        {"error", c.error},
                        {"warning", c.warning},
                        {"info", c.info},
                        {"fixable", c.fixable},
                        {"targets", targets_json(result.targets)},
                        {"catalogs", catalogs_json(result)}};
        if (result.baseline) {
            summary["baseline"] = {{"file", jstr(result.baseline->file)},
                                   {"hidden", result.baseline->hidden},
                                   {"fixed", result.baseline->fixed}};
        }
        m_out << ",\n  \"summary\": " << indented(dump(summary, 2), "  ") << ",\n  \"version\": "
              << dump(json(std::string(version())), 2) << "\n}\n";
    }

protected:
    void write(const Finding& f, const Document* doc) override
    {
        m_out << (m_first ? "\n    " : ",\n    ") << indented(dump(finding_json(f, doc), 2), "    ");
        m_first = false;
    }

private:
    static std::string indented(const std::string& text, std::string_view pad)
    {
        std::string padded;
        padded.reserve(text.size() + text.size() / 8);
        for (const char c : text) {
            padded.push_back(c);
            if (c == '\n') {
                padded.append(pad);
            }
        }
        return padded;
    }

    std::ostream& m_out;
    bool m_first = true;
};

}  // namespace

std::unique_ptr<ReportWriter> text_report_writer(std::ostream& out, TextStyle style)
{
    return std::make_unique<TextWriter>(out, style);
}

std::unique_ptr<ReportWriter> json_report_writer(std::ostream& out)
{
    return std::make_unique<JsonWriter>(out);
}

void write_text_report(std::ostream& out, const LintResult& result, TextStyle style)
{
    TextWriter writer(out, style);
    report_detail::write_all(writer, result);
}

void write_json_report(std::ostream& out, const LintResult& result)
{
    JsonWriter writer(out);
    report_detail::write_all(writer, result);
}

std::string summary_line(const LintResult& result)
{
    return summary_line(result, count(result));
}

std::string summary_line(const LintResult& result, const ReportCounts& c)
{
    const std::size_t total = c.total();
    std::string hidden;
    if (result.baseline) {
        const std::size_t fixed = result.baseline->fixed;
        hidden = fmt::format("{} hidden by the baseline, {} baseline {} fixed",
                             plural(result.baseline->hidden, "finding"), fixed, fixed == 1 ? "entry" : "entries");
    }
    if (total == 0) {
        return fmt::format("All checks passed ({} checked{}).", plural(file_count(result), "file"),
                           hidden.empty() ? "" : "; " + hidden);
    }
    std::string line = fmt::format("Found {} ({} error{}, {} warning{}, {} info) in {}{}.", plural(total, "finding"),
                                   c.error, c.error == 1 ? "" : "s", c.warning, c.warning == 1 ? "" : "s", c.info,
                                   plural(file_count(result), "file"), hidden.empty() ? "" : "; " + hidden);
    if (c.fixable > 0) {
        line += fmt::format(" {} marked * can be fixed (`--fix`, unsafe ones with `--unsafe-fixes`).", c.fixable);
    }
    return line;
}

void write_show_text(std::ostream& out, const LintResult& result, TextStyle style)
{
    const char* bold = style.color ? "\x1b[1m" : "";
    const char* dim = style.color ? "\x1b[2m" : "";
    const char* reset = style.color ? "\x1b[0m" : "";
    bool first = true;
    for (const auto& file : result.files) {
        const Document& doc = file.doc;
        if (!first) {
            out << '\n';
        }
        first = false;
        if (doc.embedding) {
            // A component of a deployment file: `docker-compose.yml [service kafka-1: kafka-broker]`.
            out << fmt::format("{}{} [{}: {}]{} ({})\n", bold, printable(doc.path), printable(doc.embedding->label),
                               to_string(doc.kind), reset, to_string(doc.syntax));
        } else {
            out << fmt::format("{}{}{} ({}, {})\n", bold, printable(doc.path), reset, to_string(doc.kind),
                               to_string(doc.syntax));
        }
        if (doc.settings.empty()) {
            out << "  (no settings)\n";
        }
        for (const Setting& s : doc.settings) {
            const Position p = doc.position(s.key_range.begin);
            std::string note;
            if (s.inactive == Inactive::Overridden && s.overridden_by >= 0) {
                const auto& winner = doc.settings[static_cast<std::size_t>(s.overridden_by)];
                note = fmt::format("  (overridden by line {})", doc.position(winner.key_range.begin).line);
            } else if (s.inactive == Inactive::OtherVersion) {
                note = fmt::format("  (inactive: `{}` excludes JDK {})", s.condition, file.targets.jdk);
            }
            const std::string scope = s.scope.empty() ? "" : "[" + printable(s.scope) + "] ";
            out << fmt::format("  {}{:>4}:{:<3}{} {}{} = {}{}{}{}\n", s.active() ? "" : dim, p.line, p.column,
                               s.active() ? "" : dim, scope, printable(s.key), printable(s.value), note,
                               s.active() ? "" : reset, "");
        }
    }
}

void write_show_json(std::ostream& out, const LintResult& result)
{
    json files = json::array();
    for (const auto& file : result.files) {
        const Document& doc = file.doc;
        json settings = json::array();
        for (const Setting& s : doc.settings) {
            const Position p = doc.position(s.key_range.begin);
            json j = {{"key", jstr(s.key)},
                      {"value", jstr(s.value)},
                      {"line", p.line},
                      {"column", p.column},
                      {"active", s.active()}};
            if (s.shape == ValueShape::List) {
                json items = json::array();
                for (const auto& i : s.items) {
                    items.push_back(jstr(i));
                }
                j["items"] = items;
            } else if (s.shape == ValueShape::Null) {
                j["value"] = nullptr;
            }
            if (!s.scope.empty()) {
                j["scope"] = jstr(s.scope);
            }
            if (!s.condition.empty()) {
                j["condition"] = jstr(s.condition);
            }
            if (s.inactive == Inactive::Overridden && s.overridden_by >= 0) {
                j["overridden_by"] =
                    doc.position(doc.settings[static_cast<std::size_t>(s.overridden_by)].key_range.begin).line;
            }
            settings.push_back(std::move(j));
        }
        files.push_back({{"file", jstr(doc.path)},
                         {"kind", std::string(to_string(doc.kind))},
                         {"syntax", std::string(to_string(doc.syntax))},
                         {"targets", targets_json(file.targets)},
                         {"settings", settings}});
        if (doc.embedding) {
            files.back()["component"] = jstr(doc.embedding->label);
        }
    }
    out << dump(json{{"version", std::string(version())}, {"files", files}}, 2) << '\n';
}

namespace {

std::string kinds_text(const RuleInfo& r)
{
    if (r.kinds.empty()) {
        return "all";
    }
    std::string s;
    for (const auto k : r.kinds) {
        s += (s.empty() ? "" : ", ") + std::string(to_string(k));
    }
    return s;
}

std::string_view fix_text(FixAvailability f)
{
    switch (f) {
    case FixAvailability::None: return "no";
    case FixAvailability::Sometimes: return "sometimes";
    case FixAvailability::Always: return "yes";
    }
    return "no";
}

}  // namespace

void write_rules_text(std::ostream& out, const RuleSet& set)
{
    std::size_t width = 24;
    for (const Rule* r : set.rules()) {
        width = std::max(width, r->info().name.size());
    }
    out << fmt::format("{:<6} {:<{}} {:<8} {:<10} {}\n", "ID", "NAME", width, "SEVERITY", "FIXABLE", "SUMMARY");
    for (const Rule* r : set.rules()) {
        const RuleInfo& i = r->info();
        out << fmt::format("{:<6} {:<{}} {:<8} {:<10} {}\n", i.id, i.name, width, to_string(i.severity),
                           fix_text(i.fix), i.summary);
    }
}

void write_rules_json(std::ostream& out, const RuleSet& set)
{
    json rules = json::array();
    for (const Rule* r : set.rules()) {
        const RuleInfo& i = r->info();
        json kinds = json::array();
        for (const auto k : i.kinds) {
            kinds.push_back(std::string(to_string(k)));
        }
        rules.push_back({{"id", i.id},
                         {"name", i.name},
                         {"component", kinds_text(i)},
                         {"kinds", kinds},
                         {"severity", std::string(to_string(i.severity))},
                         {"fixable", std::string(fix_text(i.fix))},
                         {"summary", i.summary},
                         {"origin", r->origin().empty() ? "built-in" : r->origin()}});
    }
    out << dump(json{{"rules", rules}}, 2) << '\n';
}

namespace {

std::string indented(std::string_view text)
{
    std::string s = "    ";
    for (const char c : text) {
        s += c;
        if (c == '\n') {
            s += "    ";
        }
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) {
        s.pop_back();
    }
    return s;
}

std::string fenced(std::string_view text)
{
    std::string body(text);
    while (!body.empty() && body.back() == '\n') {
        body.pop_back();
    }
    return "```\n" + body + "\n```";
}

}  // namespace

void write_explain(std::ostream& out, const Rule& rule)
{
    const RuleInfo& i = rule.info();
    out << fmt::format("{} ({})\n\n{}.\n\n", i.id, i.name, i.summary);
    out << fmt::format("Applies to: {}\nSeverity: {}\nFix: {}\n", kinds_text(i), to_string(i.severity), fix_text(i.fix));
    if (!rule.origin().empty()) {
        out << "Defined in: " << rule.origin() << "\n";
    }
    out << "\nWhat it checks\n" << indented(i.docs.what) << "\n\n";
    out << "Why\n" << indented(i.docs.why) << "\n\n";
    out << "Source\n" << indented(i.docs.source) << "\n\n";
    out << "Example\n" << indented(i.docs.bad) << "\n\n";
    out << "Use instead\n" << indented(i.docs.good) << "\n";
    if (!i.docs.fix.empty()) {
        out << "\nFix safety\n" << indented(i.docs.fix) << "\n";
    }
}

std::string rule_markdown(const Rule& rule)
{
    const RuleInfo& i = rule.info();
    std::string md = fmt::format("# {} {}\n\n{}.\n\n", i.id, i.name, i.summary);
    md += fmt::format("| applies to | severity | fix |\n| --- | --- | --- |\n| {} | {} | {} |\n\n", kinds_text(i),
                      to_string(i.severity), fix_text(i.fix));
    md += "## What it checks\n\n" + i.docs.what + "\n\n";
    md += "## Why\n\n" + i.docs.why + "\n\n";
    md += "## Source\n\n" + i.docs.source + "\n\n";
    md += "## Example\n\n" + fenced(i.docs.bad) + "\n\nUse instead:\n\n" + fenced(i.docs.good) + "\n";
    if (!i.docs.fix.empty()) {
        md += "\n## Fix safety\n\n" + i.docs.fix + "\n";
    }
    md += "\n<!-- Generated from the rule's metadata by `tools/gen-rule-docs.sh`; do not edit. -->\n";
    return md;
}

std::string rules_index_markdown(const RuleSet& set)
{
    std::string md = "# Rules\n\n| id | name | applies to | severity | fix | summary |\n| --- | --- | --- | --- | --- | --- |\n";
    for (const Rule* r : set.rules()) {
        const RuleInfo& i = r->info();
        md += fmt::format("| [{}]({}.md) | {} | {} | {} | {} | {} |\n", i.id, i.id, i.name, kinds_text(i),
                          to_string(i.severity), fix_text(i.fix), i.summary);
    }
    md += "\n<!-- Generated from the rules' metadata by `tools/gen-rule-docs.sh`; do not edit. -->\n";
    return md;
}

std::vector<std::pair<std::string, std::string>> describe_catalogs(const Targets& targets)
{
    return {{"kafka", catalog::describe(catalog::select_kafka(targets.kafka))},
            {"flink", catalog::describe(catalog::select_flink(targets.flink))},
            {"elasticsearch", catalog::describe(catalog::select_elasticsearch(targets.elasticsearch))},
            {"jdk", catalog::describe(catalog::select_jdk(targets.jdk))}};
}

}  // namespace streamlint
