// GitLab Code Quality: a JSON array of CodeClimate issues. GitLab shows only the first issue with a
// given fingerprint, so every fingerprint is unique (and stable across runs and line moves).
#include "common.hpp"

#include <streamlint/baseline.hpp>
#include <streamlint/report.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace streamlint {

namespace {

using nlohmann::json;

std::string_view gitlab_severity(Severity s)
{
    switch (s) {
    case Severity::Error: return "major";
    case Severity::Warning: return "minor";
    case Severity::Info: return "info";
    }
    return "minor";
}

std::string repo_path(const std::string& file, const std::string& project_dir)
{
    std::string path = file;
    if (!project_dir.empty()) {
        const std::string rel = path_relative_to(file, project_dir);
        if (!rel.starts_with("../") && rel != ".." && !rel.starts_with('/')) {
            path = rel;
        }
    }
    while (path.starts_with("./")) {
        path.erase(0, 2);
    }
    return report_detail::valid_utf8(path);
}

}  // namespace

void write_gitlab_report(std::ostream& out, const LintResult& result, const std::string& project_dir)
{
    const auto docs = report_detail::documents(result);
    const std::vector<std::string> fingerprints = finding_fingerprints(result);
    json issues = json::array();
    for (std::size_t n = 0; n < result.findings.size(); ++n) {
        const Finding& f = result.findings[n];
        const bool located = !f.whole_file && f.position.line > 0;
        const Position end = report_detail::finding_end(f, report_detail::find_document(docs, f.file));
        json lines = {{"begin", located ? f.position.line : 1}};
        if (located) {
            lines["end"] = end.line;
        }
        issues.push_back({{"type", "issue"},
                          {"check_name", f.rule},
                          {"description", report_detail::valid_utf8(f.rule + " " + f.name + ": " + f.message)},
                          {"severity", std::string(gitlab_severity(f.severity))},
                          {"fingerprint", fingerprints[n]},
                          {"location", {{"path", repo_path(f.file, project_dir)}, {"lines", lines}}}});
    }
    out << issues.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace streamlint
