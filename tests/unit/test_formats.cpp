// The CI report formats (SARIF, GitHub annotations, GitLab Code Quality, JUnit, checkstyle), the
// baseline and the git helper, through the core library's API. The consumers themselves (the SARIF
// schema, xmllint, git, pre-commit) are exercised end to end in tests/e2e and tests/integration.
#include "support.hpp"

#include <streamlint/baseline.hpp>
#include <streamlint/git.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/project.hpp>
#include <streamlint/report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>

using namespace streamlint;
using nlohmann::json;
using sltest::TempDir;
namespace fs = std::filesystem;

namespace {

/// Runs the test body in `dir` and goes back afterwards.
class Cwd {
public:
    explicit Cwd(const fs::path& dir) : m_old(fs::current_path()) { fs::current_path(dir); }
    Cwd(const Cwd&) = delete;
    Cwd& operator=(const Cwd&) = delete;
    ~Cwd()
    {
        std::error_code ec;
        fs::current_path(m_old, ec);
    }

private:
    fs::path m_old;
};

// The structural rules only: these tests are about the reports, not the guide's values.
LintResult lint(std::vector<std::string> paths = {"."})
{
    LintOptions o;
    o.paths = std::move(paths);
    o.select = std::vector<std::string>{"S"};
    return run_lint(o);
}

std::string report(const LintResult& r, std::string_view format)
{
    std::ostringstream out;
    write_report(out, r, format, {false});
    return out.str();
}

// A result with one hand-made finding (for what no rule produces: odd characters everywhere).
LintResult handmade(const std::string& file, const std::string& message, Severity severity = Severity::Warning)
{
    LintResult r;
    LintedFile lf;
    lf.doc = Document(file, FileKind::KafkaBroker, Syntax::Properties, "a=1\nbb=2\n");
    r.files.push_back(std::move(lf));
    Finding f;
    f.rule = "S002";
    f.name = "duplicate-key";
    f.severity = severity;
    f.file = file;
    f.range = {4, 8};
    f.position = {2, 1};
    f.component = "kafka-broker";
    f.key = "bb";
    f.current = "2";
    f.message = message;
    r.findings.push_back(std::move(f));
    return r;
}

std::size_t count_of(const std::string& haystack, const std::string& needle)
{
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("text: control characters are escaped wherever they fall in a line; other bytes pass as they are")
{
    // The escaping scans eight bytes at a time: a control character at every offset of a long line.
    const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789 \xc3\xa9\xe2\x82\xac~";
    for (std::size_t at = 0; at <= plain.size(); ++at) {
        for (const char c : {'\n', '\t', '\x1b', '\x7f', '\x01', '\x1f'}) {
            std::string message = plain;
            message.insert(at, 1, c);
            const std::string escaped = c == '\n'     ? "\\n"
                                        : c == '\t'   ? "\\t"
                                        : c == '\x1b' ? "\\x1b"
                                        : c == '\x7f' ? "\\x7f"
                                        : c == '\x01' ? "\\x01"
                                                      : "\\x1f";
            INFO(at);
            const std::string out = report(handmade("dir/server.properties", message), "text");
            const std::string expected = "dir/server.properties:2:1: warning[S002] " + plain.substr(0, at) +
                                         escaped + plain.substr(at) + "\n";
            CHECK(out.substr(0, expected.size()) == expected);
        }
    }
    // a path is escaped the same way, and the line and column are written in full
    LintResult r = handmade("a\x1b[31mb.properties", "m");
    r.findings[0].position = {4294967295U, 1234567};
    CHECK(report(r, "text").starts_with("a\\x1b[31mb.properties:4294967295:1234567: warning[S002] m\n"));
}

TEST_CASE("sarif: the driver carries every rule's metadata and help")
{
    TempDir dir;
    dir.write("server.properties", "a=1\na=2\n");
    Cwd cwd(dir.path());
    const LintResult r = lint();
    const json log = json::parse(report(r, "sarif"));
    CHECK(log["version"] == "2.1.0");
    CHECK(log["$schema"].get<std::string>().find("sarif-schema-2.1.0.json") != std::string::npos);
    REQUIRE(log["runs"].size() == 1);
    const json& run = log["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "streamlint");
    CHECK(run["tool"]["driver"]["version"] == std::string(version()));
    CHECK(run["columnKind"] == "unicodeCodePoints");
    const json& rules = run["tool"]["driver"]["rules"];
    REQUIRE(rules.size() == r.rules->rules().size());
    std::set<std::string> ids;
    for (const json& rule : rules) {
        INFO(rule["id"]);
        ids.insert(rule["id"].get<std::string>());
        CHECK_FALSE(rule["name"].get<std::string>().empty());
        CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
        CHECK_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
        CHECK(rule["help"]["text"].get<std::string>().find("What it checks") != std::string::npos);
        CHECK(rule["help"]["markdown"].get<std::string>().find("## Why") != std::string::npos);
        CHECK(rule["help"]["markdown"].get<std::string>().find("<!--") == std::string::npos);
        const std::string level = rule["defaultConfiguration"]["level"];
        CHECK((level == "error" || level == "warning" || level == "note"));
        CHECK(rule["properties"]["tags"].size() <= 20);
    }
    CHECK(ids.size() == rules.size());
    CHECK(ids.contains("S002"));
}

TEST_CASE("sarif: results point at the finding, with fingerprints and fixes")
{
    TempDir dir;
    dir.write("kafka/server.properties", "a=1\na=2\n");
    dir.write("jvm.options", "-Xmx1g\n  -Xms1g\n");
    Cwd cwd(dir.path());
    const LintResult r = lint();
    REQUIRE(r.findings.size() == 2);
    const json run = json::parse(report(r, "sarif"))["runs"][0];
    const json& results = run["results"];
    REQUIRE(results.size() == 2);

    const json& parse_error = results[0];
    CHECK(parse_error["ruleId"] == "S001");
    CHECK(parse_error["level"] == "error");
    CHECK(run["tool"]["driver"]["rules"][parse_error["ruleIndex"].get<std::size_t>()]["id"] == "S001");
    const json& loc = parse_error["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"] == "jvm.options");
    CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(loc["region"]["startLine"] == 2);
    CHECK_FALSE(parse_error.contains("fixes"));

    const json& dup = results[1];
    CHECK(dup["ruleId"] == "S002");
    CHECK(dup["level"] == "warning");
    CHECK(dup["message"]["text"].get<std::string>().find("line 2") != std::string::npos);
    const json& region = dup["locations"][0]["physicalLocation"]["region"];
    CHECK(region["startLine"] == 1);
    CHECK(region["startColumn"] == 1);
    CHECK(region["endLine"] == 1);
    CHECK(dup["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "kafka/server.properties");
    CHECK(dup["partialFingerprints"].size() == 1);
    CHECK(dup["partialFingerprints"].begin()->get<std::string>().size() == 16);
    CHECK(dup["partialFingerprints"] != parse_error["partialFingerprints"]);
    CHECK(dup["properties"]["key"] == "a");
    CHECK(dup["properties"]["current"] == "1");

    // The fix removes line 1: bytes [0, 4), lines 1:1 to 2:1, nothing inserted.
    REQUIRE(dup.contains("fixes"));
    const json& change = dup["fixes"][0]["artifactChanges"][0];
    CHECK(change["artifactLocation"]["uri"] == "kafka/server.properties");
    const json& deleted = change["replacements"][0]["deletedRegion"];
    CHECK(deleted["byteOffset"] == 0);
    CHECK(deleted["byteLength"] == 4);
    CHECK(deleted["startLine"] == 1);
    CHECK(deleted["startColumn"] == 1);
    CHECK(deleted["endLine"] == 2);
    CHECK(deleted["endColumn"] == 1);
    CHECK_FALSE(change["replacements"][0].contains("insertedContent"));
    CHECK(dup["fixes"][0]["properties"]["applicability"] == std::string(to_string(r.findings[1].fix->applicability)));

    // Every artifact once, each result's index pointing at its file.
    for (const json& res : results) {
        const json& al = res["locations"][0]["physicalLocation"]["artifactLocation"];
        CHECK(run["artifacts"][al["index"].get<std::size_t>()]["location"]["uri"] == al["uri"]);
    }
}

TEST_CASE("sarif: byte-identical run to run; fingerprints survive moved lines")
{
    TempDir dir;
    dir.write("server.properties", "a=1\na=2\n");
    std::string first;
    std::string second;
    std::string moved;
    {
        Cwd cwd(dir.path());
        first = report(lint(), "sarif");
        second = report(lint(), "sarif");
    }
    CHECK(first == second);
    CHECK(first.find(dir.str()) == std::string::npos);  // no absolute path that was not given
    dir.write("server.properties", "# a comment\n\nnum.io.threads=8\na=1\na=2\n");
    {
        Cwd cwd(dir.path());
        moved = report(lint(), "sarif");
    }
    const json a = json::parse(first)["runs"][0]["results"][0];
    const json b = json::parse(moved)["runs"][0]["results"][0];
    CHECK(a["locations"][0]["physicalLocation"]["region"]["startLine"] == 1);
    CHECK(b["locations"][0]["physicalLocation"]["region"]["startLine"] == 4);
    CHECK(a["partialFingerprints"] == b["partialFingerprints"]);
}

TEST_CASE("sarif: paths become URIs: relative to %SRCROOT%, absolute ones file://, odd bytes encoded")
{
    LintResult rel = handmade("dir with space/a:b#c.properties", "m");
    const json r1 = json::parse(report(rel, "sarif"))["runs"][0]["results"][0];
    const json& al = r1["locations"][0]["physicalLocation"]["artifactLocation"];
    CHECK(al["uri"] == "dir%20with%20space/a%3Ab%23c.properties");
    CHECK(al["uriBaseId"] == "%SRCROOT%");

    LintResult abs = handmade("/srv/conf/server.properties", "m");
    const json r2 = json::parse(report(abs, "sarif"))["runs"][0]["results"][0];
    CHECK(r2["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///srv/conf/server.properties");
    CHECK_FALSE(r2["locations"][0]["physicalLocation"]["artifactLocation"].contains("uriBaseId"));

    LintResult info = handmade("x.properties", "m", Severity::Info);
    CHECK(json::parse(report(info, "sarif"))["runs"][0]["results"][0]["level"] == "note");
}

TEST_CASE("sarif: a whole-file finding still has a line for code scanning")
{
    LintResult r = handmade("x.properties", "missing");
    r.findings[0].whole_file = true;
    r.findings[0].position = {0, 0};
    const json res = json::parse(report(r, "sarif"))["runs"][0]["results"][0];
    CHECK(res["locations"][0]["physicalLocation"]["region"] == json({{"startLine", 1}}));
}

TEST_CASE("github: workflow commands, escaped as the runner requires")
{
    LintResult r = handmade("a,b:c%d.properties", "50% done\r\nnext: a, b");
    const std::string out = report(r, "github");
    const std::string first_line = out.substr(0, out.find('\n'));
    CHECK(first_line ==
          "::warning file=a%2Cb%3Ac%25d.properties,line=2,endLine=2,col=1,endColumn=5,"
          "title=streamlint S002 (duplicate-key)::50%25 done%0D%0Anext: a, b");
    CHECK(count_of(out, "\n") == 2);  // one command and the summary line: nothing forged

    r.findings[0].severity = Severity::Info;
    r.findings[0].message = "tab\there \x1b[31mred";
    CHECK(report(r, "github").starts_with("::notice file="));
    CHECK(report(r, "github").find("\x1b") == std::string::npos);
    r.findings[0].severity = Severity::Error;
    r.findings[0].whole_file = true;
    CHECK(report(r, "github").starts_with("::error file=a%2Cb%3Ac%25d.properties,title=streamlint S002 (duplicate-key)::"));
}

TEST_CASE("github: a range over several lines has no columns")
{
    LintResult r = handmade("x.properties", "m");
    r.findings[0].range = {0, 8};
    r.findings[0].position = {1, 1};
    const std::string out = report(r, "github");
    CHECK(out.starts_with("::warning file=x.properties,line=1,endLine=2,title="));
}

TEST_CASE("gitlab: Code Quality issues with unique, stable fingerprints")
{
    TempDir dir;
    // Three identical lines: two identical S002 findings (the last one wins).
    dir.write("server.properties", "a=1\na=1\na=1\nb=2\nb=3\n");
    dir.write("jvm.options", "-Xmx1g\n  -Xms1g\n");
    std::string out;
    {
        Cwd cwd(dir.path());
        out = report(lint(), "gitlab");
    }
    const json issues = json::parse(out);
    REQUIRE(issues.is_array());
    REQUIRE(issues.size() == 4);
    std::set<std::string> fps;
    for (const json& i : issues) {
        INFO(i.dump());
        fps.insert(i["fingerprint"].get<std::string>());
        CHECK(i["check_name"].is_string());
        CHECK(i["description"].get<std::string>().starts_with(i["check_name"].get<std::string>()));
        const std::string sev = i["severity"];
        CHECK((sev == "info" || sev == "minor" || sev == "major" || sev == "critical" || sev == "blocker"));
        CHECK(i["location"]["path"].is_string());
        CHECK(i["location"]["lines"]["begin"].get<int>() >= 1);
    }
    CHECK(fps.size() == issues.size());
    CHECK(issues[0]["severity"] == "major");  // the parse error
    CHECK(issues[1]["severity"] == "minor");

    // Stable across runs and line moves.
    dir.write("server.properties", "# moved\n\na=1\na=1\na=1\nb=2\nb=3\n");
    Cwd cwd(dir.path());
    const json again = json::parse(report(lint(), "gitlab"));
    std::set<std::string> fps2;
    for (const json& i : again) {
        fps2.insert(i["fingerprint"].get<std::string>());
    }
    CHECK(fps == fps2);
}

TEST_CASE("gitlab: paths relative to CI_PROJECT_DIR")
{
    TempDir dir;
    dir.write("sub/server.properties", "a=1\na=2\n");
    Cwd cwd(dir.path() / "sub");
    const LintResult r = lint();
    std::ostringstream out;
    write_gitlab_report(out, r, dir.str());
    CHECK(json::parse(out.str())[0]["location"]["path"] == "sub/server.properties");
    std::ostringstream elsewhere;
    write_gitlab_report(elsewhere, r, "/nonexistent/project");
    CHECK(json::parse(elsewhere.str())[0]["location"]["path"] == "server.properties");
}

TEST_CASE("junit: a testsuite a file, a testcase a finding, passing testcases for clean files")
{
    TempDir dir;
    dir.write("bad/server.properties", "a=1\na=2\nb=1\nb=2\n");
    dir.write("good/server.properties", "a=1\n");
    Cwd cwd(dir.path());
    const std::string out = report(lint(), "junit");
    CHECK(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"streamlint\" tests=\"3\" failures=\"2\""));
    CHECK(count_of(out, "<testsuite ") == 2);
    CHECK(count_of(out, "<testcase ") == 3);
    CHECK(count_of(out, "<failure ") == 2);
    CHECK(out.find("<testsuite name=\"bad/server.properties\" tests=\"2\" failures=\"2\"") != std::string::npos);
    CHECK(out.find("<testcase name=\"S002 duplicate-key at 1:1\" classname=\"bad/server.properties\" "
                   "file=\"bad/server.properties\" line=\"1\"") != std::string::npos);
    CHECK(out.find("<testcase name=\"no findings\" classname=\"good/server.properties\"") != std::string::npos);

    TempDir empty;
    Cwd cwd2(empty.path());
    const std::string clean = report(lint(), "junit");
    CHECK(clean.find("tests=\"1\" failures=\"0\"") != std::string::npos);
    CHECK(count_of(clean, "<testcase ") == 1);
    CHECK(count_of(clean, "<failure") == 0);
}

TEST_CASE("junit and checkstyle: markup and bad bytes are escaped")
{
    LintResult r = handmade("a&b\"<c>.properties", "x < y & \"z\" \x01 \xff 'q'\nnext");
    const std::string junit = report(r, "junit");
    CHECK(junit.find("a&amp;b&quot;&lt;c&gt;.properties") != std::string::npos);
    CHECK(junit.find("message=\"x &lt; y &amp; &quot;z&quot; \\x01 \xEF\xBF\xBD &apos;q&apos;&#10;next\"") !=
          std::string::npos);
    CHECK(junit.find('\x01') == std::string::npos);
    const std::string cs = report(r, "checkstyle");
    CHECK(cs.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"));
    CHECK(cs.find("<file name=\"a&amp;b&quot;&lt;c&gt;.properties\">") != std::string::npos);
    CHECK(cs.find("<error line=\"2\" column=\"1\" severity=\"warning\" message=\"x &lt; y") != std::string::npos);
    CHECK(cs.find("source=\"streamlint.S002\"/>") != std::string::npos);
}

TEST_CASE("checkstyle: every file, each finding an error")
{
    TempDir dir;
    dir.write("a/server.properties", "a=1\na=2\n");
    dir.write("b/server.properties", "a=1\n");
    Cwd cwd(dir.path());
    const LintResult r = lint();
    REQUIRE(r.findings.size() == 1);
    const std::string out = report(r, "checkstyle");
    CHECK(out ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
          "  <file name=\"a/server.properties\">\n"
          "    <error line=\"1\" column=\"1\" severity=\"warning\" message=\"" + r.findings[0].message +
          "\" source=\"streamlint.S002\"/>\n"
          "  </file>\n"
          "  <file name=\"b/server.properties\"/>\n"
          "</checkstyle>\n");
}

TEST_CASE("formats: every name has a writer; an unknown one is a usage error")
{
    const LintResult r = handmade("x.properties", "m");
    for (const auto& f : report_formats()) {
        INFO(f);
        CHECK_FALSE(report(r, f).empty());
    }
    std::ostringstream out;
    CHECK_THROWS_AS(write_report(out, r, "yaml", {false}), UsageError);
}

TEST_CASE("baseline: identity is rule, file, key and value, never the line")
{
    LintResult r = handmade("x.properties", "m");
    const FindingIdentity id = finding_identity(r.findings[0], &r.files[0].doc);
    CHECK(id == FindingIdentity{"S002", "x.properties", "bb", "2"});
    r.findings[0].position = {40, 3};
    CHECK(finding_identity(r.findings[0], &r.files[0].doc) == id);
    // Without a key: the text of the line.
    r.findings[0].key.reset();
    r.findings[0].current.reset();
    CHECK(finding_identity(r.findings[0], &r.files[0].doc).value == "m");  // line 40 does not exist
    r.findings[0].position = {2, 1};
    CHECK(finding_identity(r.findings[0], &r.files[0].doc).value == "bb=2");
    CHECK(identity_hash(id, 0) != identity_hash(id, 1));
    CHECK(identity_hash(id, 0) == identity_hash(id, 0));
}

TEST_CASE("baseline: hides what it recorded, counts duplicates, survives moved lines")
{
    TempDir dir;
    dir.write("server.properties", "a=1\na=1\na=1\nb=1\nb=2\n");
    Cwd cwd(dir.path());
    LintResult r = lint();
    REQUIRE(r.findings.size() == 3);  // a twice, b once
    CHECK(write_baseline(r, "baseline.json") == 3);
    const std::string text = sltest::read_file("baseline.json");
    const json j = json::parse(text);
    CHECK(j["streamlint-baseline"] == 1);
    REQUIRE(j["findings"].size() == 2);
    CHECK(j["findings"][0] == json({{"rule", "S002"}, {"file", "server.properties"}, {"key", "a"}, {"value", "1"}, {"count", 2}}));
    CHECK(text.find("\"line\"") == std::string::npos);

    // Lines inserted above and a third `a=1`: two are hidden, the third is new.
    dir.write("server.properties", "# header\n\n\na=1\na=1\na=1\na=1\nb=1\nb=2\n");
    r = lint();
    REQUIRE(r.findings.size() == 4);
    apply_baseline(r, read_baseline("baseline.json"));
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].key == "a");
    REQUIRE(r.baseline);
    CHECK(r.baseline->hidden == 3);
    CHECK(r.baseline->fixed == 0);

    // b fixed: its entry counts as fixed.
    dir.write("server.properties", "a=1\na=1\na=1\nb=2\n");
    r = lint();
    apply_baseline(r, read_baseline("baseline.json"));
    CHECK(r.findings.empty());
    CHECK(r.baseline->hidden == 2);
    CHECK(r.baseline->fixed == 1);
    CHECK(summary_line(r).find("2 findings hidden by the baseline, 1 baseline entry fixed") != std::string::npos);
    std::ostringstream js;
    write_json_report(js, r);
    CHECK(json::parse(js.str())["summary"]["baseline"] == json({{"file", "baseline.json"}, {"hidden", 2}, {"fixed", 1}}));
}

TEST_CASE("baseline: paths are relative to the baseline's directory, so a moved checkout matches")
{
    TempDir a;
    a.write("repo/kafka/server.properties", "a=1\na=2\n");
    {
        Cwd cwd(a.path() / "repo" / "kafka");
        const LintResult r = lint();
        write_baseline(r, "../ci/baseline.json");  // written from another directory
    }
    const json j = json::parse(sltest::read_file((a.path() / "repo/ci/baseline.json").string()));
    CHECK(j["findings"][0]["file"] == "../kafka/server.properties");

    TempDir b;
    fs::copy(a.path() / "repo", b.path() / "moved", fs::copy_options::recursive);
    Cwd cwd(b.path() / "moved");
    LintResult r = lint();
    REQUIRE(r.findings.size() == 1);
    apply_baseline(r, read_baseline("ci/baseline.json"));
    CHECK(r.findings.empty());
    CHECK(r.baseline->hidden == 1);
}

TEST_CASE("baseline: entries of files not linted in this run are not counted as fixed")
{
    TempDir dir;
    dir.write("a/server.properties", "a=1\na=2\n");
    dir.write("b/server.properties", "a=1\na=2\n");
    Cwd cwd(dir.path());
    write_baseline(lint(), "baseline.json");
    LintResult r = lint({"a"});
    apply_baseline(r, read_baseline("baseline.json"));
    CHECK(r.baseline->hidden == 1);
    CHECK(r.baseline->fixed == 0);
}

TEST_CASE("baseline: a file that is not one is a usage error")
{
    TempDir dir;
    Cwd cwd(dir.path());
    CHECK_THROWS_AS(read_baseline("missing.json"), UsageError);
    dir.write("bad.json", "{not json");
    CHECK_THROWS_AS(read_baseline("bad.json"), UsageError);
    dir.write("other.json", "{\"findings\": []}");
    CHECK_THROWS_AS(read_baseline("other.json"), UsageError);
    dir.write("future.json", "{\"streamlint-baseline\": 99, \"findings\": []}");
    CHECK_THROWS_AS(read_baseline("future.json"), UsageError);
    dir.write("count.json", R"({"streamlint-baseline": 1, "findings": [{"rule": "S002", "file": "x", "key": null, "value": "", "count": 0}]})");
    CHECK_THROWS_AS(read_baseline("count.json"), UsageError);
    dir.write("ok.json", R"({"streamlint-baseline": 1, "findings": [{"rule": "S002", "file": "x", "key": null, "value": ""}]})");
    CHECK(read_baseline("ok.json").entries.size() == 1);
}

TEST_CASE("git: run_command captures both streams and the exit status")
{
    const CommandOutput ok = run_command({"sh", "-c", "echo out; echo err >&2; exit 3"});
    CHECK(ok.status == 3);
    CHECK(ok.out == "out\n");
    CHECK(ok.err == "err\n");
    CHECK(run_command({"/nonexistent/command"}).status == -1);
}

TEST_CASE("git: keep_changed_files compares paths however they are spelt")
{
    TempDir dir;
    dir.write("k/server.properties", "a=1\n");
    dir.write("k/producer.properties", "acks=all\n");
    Cwd cwd(dir.path());
    Discovery found = discover({"k"}, std::nullopt);
    REQUIRE(found.files.size() == 2);
    keep_changed_files(found, {(dir.path() / "k" / "." / "server.properties").string()});
    REQUIRE(found.files.size() == 1);
    CHECK(found.files[0].path == "k/server.properties");
}
