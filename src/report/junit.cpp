// JUnit XML as GitLab, Jenkins and Azure read it: one <testsuite> a file, one failed <testcase> a
// finding, and a passing testcase for each clean file (and for a run with no file), so a clean run
// shows as passed tests rather than as no tests. Times are 0: the output is byte-identical run to run.
#include "common.hpp"

#include <streamlint/report.hpp>

#include <fmt/format.h>

#include <map>

namespace streamlint {

namespace {

using report_detail::xml_escape;

std::string failure_text(const Finding& f)
{
    std::string where = f.whole_file || f.position.line == 0 ? f.file
                                                              : fmt::format("{}:{}:{}", f.file, f.position.line, f.position.column);
    std::string text = fmt::format("{}: {}[{}] {}", where, to_string(f.severity), f.rule, f.message);
    if (f.key) {
        text += "\nkey: " + *f.key;
    }
    if (f.current) {
        text += "\ncurrent: " + *f.current;
    }
    if (f.recommended) {
        text += "\nrecommended: " + *f.recommended;
    }
    text += fmt::format("\nSee `streamlint explain {}`.", f.rule);
    return text;
}

}  // namespace

void write_junit_report(std::ostream& out, const LintResult& result)
{
    std::map<std::string, std::vector<const Finding*>> by_file;
    for (const auto& f : result.findings) {
        by_file[f.file].push_back(&f);
    }
    const std::vector<std::string> files = report_detail::report_files(result);
    std::size_t tests = 0;
    for (const auto& file : files) {
        const auto it = by_file.find(file);
        tests += it == by_file.end() ? 1 : it->second.size();
    }
    const std::size_t failures = result.findings.size();
    if (files.empty()) {
        tests = 1;
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << fmt::format("<testsuites name=\"streamlint\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
                       tests, failures);
    if (files.empty()) {
        out << "  <testsuite name=\"streamlint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
        out << "    <testcase name=\"no config files found\" classname=\"streamlint\" time=\"0\"/>\n";
        out << "  </testsuite>\n";
    }
    for (const auto& file : files) {
        const std::string name = xml_escape(file, true);
        const auto it = by_file.find(file);
        if (it == by_file.end()) {
            out << fmt::format("  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n", name);
            out << fmt::format("    <testcase name=\"no findings\" classname=\"{}\" file=\"{}\" time=\"0\"/>\n", name, name);
            out << "  </testsuite>\n";
            continue;
        }
        const auto& list = it->second;
        out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
                           name, list.size(), list.size());
        for (const Finding* f : list) {
            const bool located = !f->whole_file && f->position.line > 0;
            const std::string test_name = located ? fmt::format("{} {} at {}:{}", f->rule, f->name, f->position.line,
                                                                f->position.column)
                                                  : fmt::format("{} {} (whole file)", f->rule, f->name);
            out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"{} time=\"0\">\n",
                               xml_escape(test_name, true), name, name,
                               located ? fmt::format(" line=\"{}\"", f->position.line) : "");
            out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_escape(f->message, true),
                               to_string(f->severity), xml_escape(failure_text(*f), false));
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace streamlint
