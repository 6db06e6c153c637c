// `check --format`: the name of each report and the writer behind it.
#include <streamlint/project.hpp>
#include <streamlint/report.hpp>

#include <fmt/format.h>

namespace streamlint {

const std::vector<std::string>& report_formats()
{
    static const std::vector<std::string> names{"text", "json", "sarif", "github", "gitlab", "junit", "checkstyle"};
    return names;
}

std::unique_ptr<ReportWriter> report_writer(std::ostream& out, std::string_view format, TextStyle style)
{
    if (format == "text") {
        return text_report_writer(out, style);
    }
    if (format == "json") {
        return json_report_writer(out);
    }
    if (format == "github") {
        return github_report_writer(out);
    }
    return nullptr;
}

void write_report(std::ostream& out, const LintResult& result, std::string_view format, TextStyle style,
                  const std::string& project_dir)
{
    if (format == "text") {
        write_text_report(out, result, style);
    } else if (format == "json") {
        write_json_report(out, result);
    } else if (format == "sarif") {
        write_sarif_report(out, result);
    } else if (format == "github") {
        write_github_report(out, result);
    } else if (format == "gitlab") {
        write_gitlab_report(out, result, project_dir);
    } else if (format == "junit") {
        write_junit_report(out, result);
    } else if (format == "checkstyle") {
        write_checkstyle_report(out, result);
    } else {
        throw UsageError(fmt::format("unknown report format `{}` (expected one of: {})", format,
                                     fmt::join(report_formats(), ", ")));
    }
}

}  // namespace streamlint
