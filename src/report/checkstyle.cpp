// Checkstyle XML (format 4.3, as ShellCheck and hadolint write it) for Jenkins warnings-ng,
// reviewdog and the like: every file of the run, each finding an <error>. A whole-file finding is
// reported at line 1 without a column.
#include "common.hpp"

#include <streamlint/report.hpp>

#include <fmt/format.h>

#include <map>

namespace streamlint {

void write_checkstyle_report(std::ostream& out, const LintResult& result)
{
    using report_detail::xml_escape;
    std::map<std::string, std::vector<const Finding*>> by_file;
    for (const auto& f : result.findings) {
        by_file[f.file].push_back(&f);
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
    for (const auto& file : report_detail::report_files(result)) {
        const auto it = by_file.find(file);
        if (it == by_file.end()) {
            out << fmt::format("  <file name=\"{}\"/>\n", xml_escape(file, true));
            continue;
        }
        out << fmt::format("  <file name=\"{}\">\n", xml_escape(file, true));
        for (const Finding* f : it->second) {
            const bool located = !f->whole_file && f->position.line > 0;
            const std::string where = located ? fmt::format("line=\"{}\" column=\"{}\"", f->position.line, f->position.column)
                                              : std::string("line=\"1\"");
            out << fmt::format("    <error {} severity=\"{}\" message=\"{}\" source=\"streamlint.{}\"/>\n", where,
                               to_string(f->severity), xml_escape(f->message, true), xml_escape(f->rule, true));
        }
        out << "  </file>\n";
    }
    out << "</checkstyle>\n";
}

}  // namespace streamlint
