// GitHub Actions workflow commands (`::warning file=...,line=...::message`): GitHub turns each into
// an annotation on the file and line. Data is escaped as the runner requires: `%`, CR and LF in the
// message; also `:` and `,` in property values. Other control characters are shown as `\xHH`.
#include "common.hpp"

#include <streamlint/report.hpp>

#include <fmt/format.h>

namespace streamlint {

namespace {

std::string escape(std::string_view s, bool property)
{
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '%': out += "%25"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        case ':': out += property ? "%3A" : ":"; break;
        case ',': out += property ? "%2C" : ","; break;
        default:
            if ((u < 0x20 && c != '\t') || u == 0x7F) {
                out += fmt::format("\\x{:02x}", u);
            } else {
                out += c;
            }
        }
    }
    return report_detail::valid_utf8(out);
}

std::string_view command(Severity s)
{
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "notice";
    }
    return "warning";
}

}  // namespace

namespace {

class GithubWriter final : public ReportWriter {
public:
    explicit GithubWriter(std::ostream& out) : m_out(out) {}

    void finish(const LintResult& result) override
    {
        // Annotations are capped per step: the count is also in the log.
        m_out << summary_line(result, counts()) << '\n';
    }

protected:
    void write(const Finding& f, const Document* doc) override
    {
        std::string props = "file=" + escape(f.file, true);
        if (!f.whole_file && f.position.line > 0) {
            const Position end = report_detail::finding_end(f, doc);
            props += fmt::format(",line={},endLine={}", f.position.line, end.line);
            // Columns mean something to GitHub only on a one-line range.
            if (end.line == f.position.line) {
                props += fmt::format(",col={},endColumn={}", f.position.column, end.column);
            }
        }
        props += ",title=" + escape(fmt::format("streamlint {} ({})", f.rule, f.name), true);
        m_out << "::" << command(f.severity) << ' ' << props << "::" << escape(f.message, false) << '\n';
    }

private:
    std::ostream& m_out;
};

}  // namespace

std::unique_ptr<ReportWriter> github_report_writer(std::ostream& out)
{
    return std::make_unique<GithubWriter>(out);
}

void write_github_report(std::ostream& out, const LintResult& result)
{
    GithubWriter writer(out);
    report_detail::write_all(writer, result);
}

}  // namespace streamlint
