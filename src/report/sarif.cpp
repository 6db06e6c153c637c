// SARIF 2.1.0, as GitHub code scanning reads it: every location has a region with startLine (a
// whole-file finding points at line 1), URIs are relative to %SRCROOT% (the checkout), each rule
// has shortDescription, fullDescription and help, and partialFingerprints keep alerts stable when
// lines move. Columns count Unicode code points (columnKind), as the text and JSON reports do.
#include "common.hpp"

#include <streamlint/baseline.hpp>
#include <streamlint/report.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace streamlint {

namespace {

using nlohmann::json;
using report_detail::valid_utf8;

constexpr const char* k_schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* k_fingerprint_key = "streamlintFindingHash/v1";

std::string_view level(Severity s)
{
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
    }
    return "warning";
}

/// A path as a URI reference: relative paths stay relative (resolved against %SRCROOT%), absolute
/// ones become file:// URIs. Every byte outside the unreserved set and '/' is percent-encoded (':'
/// too, so a relative path can never read as a scheme).
std::string path_uri(std::string_view path, bool& absolute)
{
    while (path.starts_with("./")) {
        path.remove_prefix(2);
    }
    absolute = path.starts_with('/');
    std::string out = absolute ? "file://" : "";
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        const bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~' || c == '/' || c == '!' || c == '$' || c == '&' ||
                          c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' ||
                          c == '=' || c == '@';
        out += keep ? std::string(1, c) : fmt::format("%{:02X}", u);
    }
    return out;
}

json artifact_location(const std::string& file, std::size_t index)
{
    bool absolute = false;
    json loc = {{"uri", path_uri(file, absolute)}};
    if (!absolute) {
        loc["uriBaseId"] = "%SRCROOT%";
    }
    loc["index"] = index;
    return loc;
}

std::string help_markdown(const Rule& rule)
{
    std::string md = rule_markdown(rule);
    // The generated-file marker belongs to docs/rules/, not to a help pane.
    if (const auto pos = md.rfind("\n<!--"); pos != std::string::npos) {
        md.erase(pos + 1);
    }
    while (md.size() > 1 && md.back() == '\n' && md[md.size() - 2] == '\n') {
        md.pop_back();
    }
    return md;
}

json rule_descriptor(const Rule& rule)
{
    const RuleInfo& i = rule.info();
    std::ostringstream text;
    write_explain(text, rule);
    json tags = json::array({"configuration"});
    if (i.kinds.empty()) {
        tags.push_back("all-kinds");
    }
    for (const auto k : i.kinds) {
        tags.push_back(std::string(to_string(k)));
    }
    const char* fixable = i.fix == FixAvailability::Always ? "yes" : i.fix == FixAvailability::Sometimes ? "sometimes" : "no";
    return {{"id", i.id},
            {"name", i.name},
            {"shortDescription", {{"text", valid_utf8(i.summary)}}},
            {"fullDescription", {{"text", valid_utf8(i.docs.what.empty() ? i.summary : i.docs.what)}}},
            {"help", {{"text", valid_utf8(text.str())}, {"markdown", valid_utf8(help_markdown(rule))}}},
            {"defaultConfiguration", {{"level", std::string(level(i.severity))}}},
            {"properties", {{"tags", tags}, {"fixable", fixable}}}};
}

json region_of(const Finding& f, const Document* doc)
{
    if (f.whole_file || f.position.line == 0) {
        return {{"startLine", 1}};  // code scanning needs a line; the message says it is the whole file
    }
    const Position end = report_detail::finding_end(f, doc);
    return {{"startLine", f.position.line},
            {"startColumn", f.position.column},
            {"endLine", end.line},
            {"endColumn", end.column}};
}

json fix_json(const Fix& fix, const Document& doc, const json& location)
{
    json replacements = json::array();
    for (const Edit& e : fix.edits) {
        const Position start = report_detail::position_after(doc, e.range.begin);
        const Position end = report_detail::position_after(doc, e.range.end);
        json r = {{"deletedRegion",
                   {{"startLine", start.line},
                    {"startColumn", start.column},
                    {"endLine", end.line},
                    {"endColumn", end.column},
                    {"byteOffset", e.range.begin},
                    {"byteLength", e.range.size()}}}};
        if (!e.content.empty()) {
            r["insertedContent"] = {{"text", valid_utf8(e.content)}};
        }
        replacements.push_back(std::move(r));
    }
    std::string description = fix.title.empty() ? "Apply the fix" : fix.title;
    if (fix.applicability == Applicability::Unsafe) {
        description += " (unsafe: changes behaviour; review it)";
    }
    return {{"description", {{"text", valid_utf8(description)}}},
            {"artifactChanges", json::array({{{"artifactLocation", location}, {"replacements", replacements}}})},
            {"properties", {{"applicability", std::string(to_string(fix.applicability))}}}};
}

}  // namespace

void write_sarif_report(std::ostream& out, const LintResult& result)
{
    const RuleSet fallback;
    const RuleSet& rules = result.rules ? *result.rules : fallback;
    json rule_list = json::array();
    std::map<std::string, std::size_t> rule_index;
    for (const Rule* r : rules.rules()) {
        rule_index.emplace(r->info().id, rule_list.size());
        rule_list.push_back(rule_descriptor(*r));
    }

    const std::vector<std::string> files = report_detail::report_files(result);
    std::map<std::string, std::size_t> file_index;
    json artifacts = json::array();
    for (const auto& file : files) {
        file_index.emplace(file, artifacts.size());
        json loc = artifact_location(file, artifacts.size());
        loc.erase("index");
        artifacts.push_back({{"location", loc}});
    }

    const auto docs = report_detail::documents(result);
    const std::vector<std::string> fingerprints = finding_fingerprints(result);
    json results = json::array();
    for (std::size_t n = 0; n < result.findings.size(); ++n) {
        const Finding& f = result.findings[n];
        const Document* doc = report_detail::find_document(docs, f.file);
        const json location = artifact_location(f.file, file_index.at(f.file));
        json r;
        r["ruleId"] = f.rule;
        if (const auto it = rule_index.find(f.rule); it != rule_index.end()) {
            r["ruleIndex"] = it->second;
        }
        r["level"] = std::string(level(f.severity));
        r["message"] = {{"text", valid_utf8(f.message)}};
        r["locations"] = json::array({{{"physicalLocation", {{"artifactLocation", location}, {"region", region_of(f, doc)}}}}});
        r["partialFingerprints"] = {{k_fingerprint_key, fingerprints[n]}};
        if (f.fix && f.fix->applicability != Applicability::DisplayOnly && !f.fix->edits.empty() && doc != nullptr) {
            r["fixes"] = json::array({fix_json(*f.fix, *doc, location)});
        }
        json props = {{"component", f.component}};
        if (f.key) {
            props["key"] = valid_utf8(*f.key);
        }
        if (f.current) {
            props["current"] = valid_utf8(*f.current);
        }
        if (f.recommended) {
            props["recommended"] = valid_utf8(*f.recommended);
        }
        r["properties"] = props;
        results.push_back(std::move(r));
    }

    const std::string ver(version());
    json driver = {{"name", "streamlint"},
                   {"version", ver},
                   {"semanticVersion", ver},
                   {"rules", rule_list}};
    const json log = {
        {"$schema", k_schema},
        {"version", "2.1.0"},
        {"runs",
         json::array({{{"tool", {{"driver", driver}}},
                       {"invocations", json::array({{{"executionSuccessful", true}}})},
                       {"columnKind", "unicodeCodePoints"},
                       {"artifacts", artifacts},
                       {"results", results}}})}};
    out << log.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace streamlint
