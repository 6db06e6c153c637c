// The CI gate end to end: every report format read by its real consumer (the OASIS SARIF schema
// through python3-jsonschema, xmllint with the JUnit and checkstyle schemas in tests/formats), GitHub
// annotations, GitLab Code Quality, several reports from one run, baselines, --changed-since in a
// real git repository, and the example CI files run as their CI would run them.
#include "run.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <regex>
#include <set>

using namespace sltest;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The binary with the CI variables of the machine running the tests cleared (a test runs inside
// GitHub Actions or GitLab CI too), plus `env` (assignments).
Run sl(const std::string& args, const std::string& cwd, const std::string& env = "")
{
    return shell("env -u GITHUB_ACTIONS -u CI_PROJECT_DIR " + env + " " + quote(SL_BINARY) + " " + args, cwd);
}

std::string sarif_schema()
{
    return std::string(SL_SHARED_DIR) + "/reference/formats/sarif-schema-2.1.0.json";
}

// A python3 that has jsonschema (Debian's python3-jsonschema, or another on PATH), or "".
std::string python_with_jsonschema()
{
    for (const std::string py : {"/usr/bin/python3", "python3"}) {
        if (std::system((py + " -c 'import jsonschema' >/dev/null 2>&1").c_str()) == 0) {
            return py;
        }
    }
    return "";
}

// Validates a SARIF file against the OASIS schema; "" when valid, else what is wrong. Sets
// `skipped` when the schema or the validator is not there.
std::string validate_sarif(const std::string& file, bool& skipped)
{
    skipped = false;
    const std::string py = python_with_jsonschema();
    if (!fs::exists(sarif_schema()) || py.empty()) {
        skipped = true;
        return "";
    }
    const std::string script =
        "import json, sys, jsonschema\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "log = json.load(open(sys.argv[2]))\n"
        "errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))\n"
        "for e in errors[:5]:\n"
        "    print('/'.join(map(str, e.path)), e.message[:300])\n"
        "sys.exit(1 if errors else 0)\n";
    TempDir tmp;
    const std::string py_file = tmp.write("validate.py", script);
    const Run r = shell(py + " " + quote(py_file) + " " + quote(sarif_schema()) + " " + quote(file), tmp.str());
    return r.status == 0 ? "" : r.out + r.err;
}

// What GitHub code scanning needs beyond the schema (docs "SARIF support for code scanning" and
// the sarif-sdk's GH rules): a region with startLine on every location, relative or file:// URIs,
// rules with shortDescription, fullDescription and help text, at most 20 tags, fingerprints.
void check_github_code_scanning(const json& log)
{
    REQUIRE(log["runs"].size() <= 20);
    for (const json& run : log["runs"]) {
        const json& rules = run["tool"]["driver"]["rules"];
        CHECK(rules.size() <= 25000);
        for (const json& rule : rules) {
            INFO(rule["id"]);
            CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
            CHECK_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
            CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
            CHECK(rule["properties"]["tags"].size() <= 20);
        }
        CHECK(run["results"].size() <= 25000);
        for (const json& result : run["results"]) {
            INFO(result.dump());
            REQUIRE(result["locations"].size() >= 1);
            const json& loc = result["locations"][0]["physicalLocation"];
            CHECK(loc["region"]["startLine"].get<int>() >= 1);
            const std::string uri = loc["artifactLocation"]["uri"];
            CHECK((uri.starts_with("file:///") || uri.find(':') == std::string::npos));
            CHECK(uri.find('\\') == std::string::npos);
            CHECK_FALSE(result["message"]["text"].get<std::string>().empty());
            CHECK(rules[result["ruleIndex"].get<std::size_t>()]["id"] == result["ruleId"]);
            CHECK_FALSE(result["partialFingerprints"].empty());
        }
    }
}

// Configs that exercise every parser, odd names and bytes, a parse error, fixes of every shape.
void seed(const TempDir& dir)
{
    fs::copy(fs::path(SL_SOURCE_DIR) / "examples/poc", dir.path() / "poc", fs::copy_options::recursive);
    dir.write("odd name, 100%/server.properties", "num.io.threads=8\nnum.io.threads=8\n");
    dir.write("latin1/producer.properties", "acks=all\nclient.id=caf\xe9\nacks=1\n");
    dir.write("crlf/consumer.properties", "group.id=g\r\ngroup.id=h\r\n");
    dir.write("broken/jvm.options", "-Xmx1g\n  -Xms1g\n-Xmx1g\n");
    dir.write("yaml/config.yaml", "taskmanager:\n  numberOfTaskSlots: 1\n  numberOfTaskSlots: 2\n");
    dir.write("json/index.json", "{\"settings\": {\"number_of_shards\": 1, \"index\": {\"number_of_shards\": 2}}}");
}

std::size_t count_of(const std::string& haystack, const std::string& needle)
{
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

std::string git(const std::string& args, const std::string& cwd)
{
    const Run r = shell("git -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main "
                        "-c commit.gpgsign=false " + args,
                        cwd);
    INFO("git " << args << ": " << r.err);
    REQUIRE(r.status == 0);
    return r.out;
}

}  // namespace

TEST_CASE("ci: SARIF validates against the OASIS 2.1.0 schema and meets code scanning's needs")
{
    TempDir dir;
    seed(dir);
    const Run r = sl("check . --format sarif --output report.sarif", dir.str());
    REQUIRE(r.status == 1);
    CHECK(r.out.empty());
    const std::string file = (dir.path() / "report.sarif").string();
    const json log = json::parse(read_file(file));
    REQUIRE(log["runs"][0]["results"].size() >= 8);
    check_github_code_scanning(log);

    bool skipped = false;
    const std::string problems = validate_sarif(file, skipped);
    if (skipped) {
        WARN("SARIF schema validation skipped: no " << sarif_schema() << " or no python3 jsonschema");
        return;
    }
    INFO(problems);
    CHECK(problems.empty());

    // A clean run is valid too (no results, still every rule).
    TempDir clean;
    clean.write("server.properties", "num.io.threads=16\n");
    REQUIRE(sl("check . --select S --format sarif --output clean.sarif", clean.str()).status == 0);
    CHECK(validate_sarif((clean.path() / "clean.sarif").string(), skipped).empty());
}

TEST_CASE("ci: the SARIF of a finding carries its fix, and a file with odd bytes in its name stays one URI")
{
    TempDir dir;
    seed(dir);
    const json log = json::parse(sl("check . --select S --format sarif", dir.str()).out);
    const json& results = log["runs"][0]["results"];
    bool odd = false;
    bool fixed = false;
    for (const json& r : results) {
        const std::string uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        odd = odd || uri == "odd%20name,%20100%25/server.properties";
        if (r.contains("fixes")) {
            fixed = true;
            for (const json& rep : r["fixes"][0]["artifactChanges"][0]["replacements"]) {
                CHECK(rep["deletedRegion"]["byteOffset"].get<int>() >= 0);
                CHECK(rep["deletedRegion"]["startLine"].get<int>() >= 1);
            }
        }
    }
    CHECK(odd);
    CHECK(fixed);
}

TEST_CASE("ci: JUnit and checkstyle pass xmllint against their schemas")
{
    if (!have("xmllint")) {
        WARN("skipped: xmllint is not installed (package libxml2-utils)");
        return;
    }
    TempDir dir;
    seed(dir);
    dir.write("clean/server.properties", "num.io.threads=16\n");
    const Run r = sl("check . --select S --format junit --output junit.xml --format checkstyle --output checkstyle.xml",
                     dir.str());
    REQUIRE(r.status == 1);
    const std::string formats = std::string(SL_SOURCE_DIR) + "/tests/formats/";
    for (const auto& [file, xsd] : {std::pair{"junit.xml", "junit.xsd"}, std::pair{"checkstyle.xml", "checkstyle.xsd"}}) {
        const Run v = shell("xmllint --noout --schema " + quote(formats + xsd) + " " + file, dir.str());
        INFO(file << ": " << v.err);
        CHECK(v.status == 0);
    }
    // Structure, read back with XPath: counts agree with the JSON report.
    const json report = json::parse(sl("check . --select S --format json", dir.str()).out);
    const std::size_t findings = report["findings"].size();
    const std::size_t files = report["summary"]["files"];
    const auto xpath = [&](const std::string& expr, const std::string& file) {
        Run x = shell("xmllint --xpath " + quote(expr) + " " + file, dir.str());
        INFO(expr << ": " << x.err);
        REQUIRE(x.status == 0);
        while (!x.out.empty() && x.out.back() == '\n') {
            x.out.pop_back();
        }
        return x.out;
    };
    CHECK(xpath("count(//testcase/failure)", "junit.xml") == std::to_string(findings));
    CHECK(xpath("string(/testsuites/@failures)", "junit.xml") == std::to_string(findings));
    CHECK(xpath("count(/testsuites/testsuite)", "junit.xml") == std::to_string(files));
    CHECK(xpath("count(//testcase[not(failure)])", "junit.xml") != "0");  // clean files pass
    CHECK(xpath("string(//testsuite[@name='clean/server.properties']/testcase/@name)", "junit.xml") == "no findings");
    CHECK(xpath("count(//error)", "checkstyle.xml") == std::to_string(findings));
    CHECK(xpath("count(/checkstyle/file)", "checkstyle.xml") == std::to_string(files));
    CHECK(xpath("string(//file[@name='odd name, 100%/server.properties']/error/@source)", "checkstyle.xml") ==
          "streamlint.S002");
    CHECK(xpath("count(//testcase[@file='odd name, 100%/server.properties']/failure[@type='warning'])", "junit.xml") ==
          "1");

    // A clean run: one passing testcase a file, no failure.
    TempDir clean;
    clean.write("server.properties", "num.io.threads=16\n");
    REQUIRE(sl("check . --select S --format junit --output junit.xml", clean.str()).status == 0);
    CHECK(shell("xmllint --noout --schema " + quote(formats + "junit.xsd") + " junit.xml", clean.str()).status == 0);
    CHECK(shell("xmllint --xpath 'count(//testcase)' junit.xml", clean.str()).out == "1\n");
    CHECK(shell("xmllint --xpath 'count(//failure)' junit.xml", clean.str()).out == "0\n");
}

TEST_CASE("ci: GitHub annotations are the default inside GitHub Actions and escape what they must")
{
    TempDir dir;
    dir.write("a,b:c%d/server.properties", "num.io.threads=8\nnum.io.threads=16\n");
    const Run r = sl("check . --select S", dir.str(), "GITHUB_ACTIONS=true");
    CHECK(r.status == 1);
    CHECK(r.out.starts_with("::warning file=a%2Cb%3Ac%25d/server.properties,line=1,endLine=1,col=1,endColumn="));
    CHECK(r.out.find(",title=streamlint S002 (duplicate-key)::") != std::string::npos);
    CHECK(count_of(r.out, "\n::") == 0);  // one annotation, then the summary line
    CHECK(r.out.find("\nFound 1 finding") != std::string::npos);

    // An explicit format wins; outside Actions the default stays text.
    CHECK(sl("check . --select S --format text", dir.str(), "GITHUB_ACTIONS=true").out.starts_with("a,b:c%d/server"));
    CHECK(sl("check . --select S", dir.str()).out.starts_with("a,b:c%d/server.properties:1:1: warning[S002]"));
    // An --output alone takes the default format too.
    REQUIRE(sl("check . --select S --output out.txt", dir.str(), "GITHUB_ACTIONS=true").status == 1);
    CHECK(read_file((dir.path() / "out.txt").string()).starts_with("::warning "));
}

TEST_CASE("ci: GitLab Code Quality has unique, stable fingerprints and repository paths")
{
    TempDir dir;
    seed(dir);
    dir.write("dups/server.properties", "a=1\na=1\na=1\na=1\n");
    const Run r1 = sl("check . --format gitlab", dir.str());
    const Run r2 = sl("check . --format gitlab", dir.str());
    CHECK(r1.out == r2.out);
    const json issues = json::parse(r1.out);
    REQUIRE(issues.size() >= 10);
    std::set<std::string> fingerprints;
    for (const json& i : issues) {
        fingerprints.insert(i["fingerprint"].get<std::string>());
        for (const char* field : {"description", "check_name", "fingerprint", "severity"}) {
            CHECK(i[field].is_string());
        }
        CHECK(i["location"]["path"].is_string());
        CHECK(i["location"]["lines"]["begin"].is_number_integer());
    }
    CHECK(fingerprints.size() == issues.size());

    // Run from a subdirectory inside a GitLab job: paths relative to CI_PROJECT_DIR.
    const Run sub = sl("check . --format gitlab", (dir.path() / "dups").string(), "CI_PROJECT_DIR=" + quote(dir.str()));
    const json sub_issues = json::parse(sub.out);
    REQUIRE_FALSE(sub_issues.empty());
    CHECK(sub_issues[0]["location"]["path"] == "dups/server.properties");
}

TEST_CASE("ci: several reports from one run, each --output paired with its --format")
{
    TempDir dir;
    seed(dir);
    const Run r = sl("check . --format sarif --output a.sarif --format junit --output b.xml --format json "
                     "--format gitlab --output c.json --format checkstyle --output d.xml --format github --output e.txt",
                     dir.str());
    CHECK(r.status == 1);
    CHECK(r.err.empty());
    const json stdout_report = json::parse(r.out);  // the lone --format json went to stdout
    const std::size_t findings = stdout_report["findings"].size();
    CHECK(json::parse(read_file((dir.path() / "a.sarif").string()))["runs"][0]["results"].size() == findings);
    CHECK(count_of(read_file((dir.path() / "b.xml").string()), "<failure ") == findings);
    CHECK(json::parse(read_file((dir.path() / "c.json").string())).size() == findings);
    CHECK(count_of(read_file((dir.path() / "d.xml").string()), "<error ") == findings);
    CHECK(count_of(read_file((dir.path() / "e.txt").string()), "::") == 2 * findings);

    // Every format is byte-identical run to run.
    for (const char* format : {"text", "json", "sarif", "github", "gitlab", "junit", "checkstyle"}) {
        INFO(format);
        CHECK(sl(std::string("check . --format ") + format, dir.str()).out ==
              sl(std::string("check . --format ") + format, dir.str()).out);
    }

    // Today's single report still works, in either order.
    CHECK(sl("check . --format json --output r1.json", dir.str()).out.empty());
    CHECK(sl("check . --output r2.json --format json", dir.str()).out.empty());
    CHECK(read_file((dir.path() / "r1.json").string()) == read_file((dir.path() / "r2.json").string()));

    // What cannot be paired is exit 2 with a message.
    Run bad = sl("check . --format json --format sarif", dir.str());
    CHECK(bad.status == 2);
    CHECK(bad.err.find("only one report can go to stdout") != std::string::npos);
    bad = sl("check . --output a --output b", dir.str());
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--output `b`") != std::string::npos);
    bad = sl("check . --format json --output x --format sarif --output x", dir.str());
    CHECK(bad.status == 2);
    CHECK(sl("check . --format yaml", dir.str()).status == 2);
}

TEST_CASE("ci: a baseline hides today's findings, survives moved lines and reports new ones")
{
    TempDir dir;
    dir.write("kafka/server.properties", "num.io.threads=8\nnum.io.threads=8\n");
    dir.write("es/jvm.options", "-Xmx1g\n-Xmx1g\n");

    Run r = sl("check . --select S --write-baseline .streamlint-baseline.json", dir.str());
    CHECK(r.status == 0);  // writing the baseline exits 0
    CHECK(r.err.find("Recorded 2 findings in the baseline `.streamlint-baseline.json`") != std::string::npos);
    const json baseline = json::parse(read_file((dir.path() / ".streamlint-baseline.json").string()));
    CHECK(baseline["findings"].size() == 2);
    CHECK(baseline.dump().find("\"line\"") == std::string::npos);

    r = sl("check . --select S --baseline .streamlint-baseline.json", dir.str());
    CHECK(r.status == 0);
    CHECK(r.out == "All checks passed (2 files checked; 2 findings hidden by the baseline, 0 baseline entries fixed).\n");

    // Lines inserted above the findings: still hidden.
    dir.write("kafka/server.properties", "# Broker\nlog.dirs=/data\n\nnum.io.threads=8\nnum.io.threads=8\n");
    r = sl("check . --select S --baseline .streamlint-baseline.json", dir.str());
    CHECK(r.status == 0);
    CHECK(r.out.find("2 findings hidden") != std::string::npos);

    // A new finding is reported, alone; a fixed one is counted.
    dir.write("kafka/server.properties", "# Broker\nlog.dirs=/data\nlog.dirs=/data2\n\nnum.io.threads=8\nnum.io.threads=8\n");
    dir.write("es/jvm.options", "-Xmx1g\n");
    r = sl("check . --select S --baseline .streamlint-baseline.json --format json", dir.str());
    CHECK(r.status == 1);
    const json j = json::parse(r.out);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["key"] == "log.dirs");
    CHECK(j["summary"]["baseline"] == json({{"file", ".streamlint-baseline.json"}, {"hidden", 1}, {"fixed", 1}}));

    // The project file's baseline: applies without --baseline (relative to the project file).
    dir.write(".streamlint.yaml", "baseline: .streamlint-baseline.json\n");
    r = sl("check kafka --select S", dir.str());
    CHECK(r.status == 1);
    CHECK(r.out.find("1 finding hidden by the baseline") != std::string::npos);

    // A moved checkout still matches: paths are relative to the baseline file.
    TempDir moved;
    fs::copy(dir.path(), moved.path() / "elsewhere", fs::copy_options::recursive);
    r = sl("check . --select S --format json", (moved.path() / "elsewhere").string());
    CHECK(json::parse(r.out)["summary"]["baseline"]["hidden"] == 1);

    // A baseline that cannot be read is exit 2.
    r = sl("check . --select S --baseline missing.json", dir.str());
    CHECK(r.status == 2);
    CHECK(r.err.find("missing.json") != std::string::npos);
    dir.write(".streamlint.yaml", "baseline: nowhere.json\n");
    CHECK(sl("check . --select S", dir.str()).status == 2);
}

TEST_CASE("ci: --changed-since lints only what differs from a git revision")
{
    if (!have("git")) {
        WARN("skipped: git is not installed");
        return;
    }
    TempDir dir;
    const std::string repo = (dir.path() / "repo").string();
    fs::create_directories(repo);
    const TempDir& d = dir;  // the files live under d/repo
    d.write("repo/a/server.properties", "a=1\na=2\n");
    d.write("repo/b/producer.properties", "acks=all\n");
    d.write("repo/c/jvm.options", "-Xmx1g\n");
    d.write("repo/d/consumer.properties", "group.id=g\n");
    d.write("repo/.gitignore", "ignored/\n");
    git("init -q", repo);
    git("add -A", repo);
    git("commit -qm base", repo);
    const std::string base = git("rev-parse HEAD", repo).substr(0, 40);

    // Nothing changed: nothing linted.
    Run r = sl("check --changed-since HEAD --select S --format json", repo);
    CHECK(r.status == 0);
    CHECK(json::parse(r.out)["summary"]["files"] == 0);

    d.write("repo/b/producer.properties", "acks=all\nacks=1\n");           // unstaged
    d.write("repo/d/consumer.properties", "group.id=g\ngroup.id=h\n");    // staged
    git("add d/consumer.properties", repo);
    d.write("repo/e/server.properties", "x=1\nx=2\n");                     // untracked
    d.write("repo/ignored/server.properties", "x=1\nx=2\n");               // ignored
    d.write("repo/README.md", "# notes\n");                                // untracked, not a config
    fs::remove(fs::path(repo) / "c/jvm.options");                          // deleted

    r = sl("check --changed-since HEAD --select S --format json", repo);
    CHECK(r.status == 1);
    json j = json::parse(r.out);
    std::set<std::string> files;
    for (const auto& f : j["findings"]) {
        files.insert(f["file"].get<std::string>());
    }
    CHECK(files == std::set<std::string>{"b/producer.properties", "d/consumer.properties", "e/server.properties"});
    CHECK(j["summary"]["files"] == 3);

    // Intersected with the named paths; paths relative to the working directory.
    r = sl("check --changed-since HEAD --select S --format json b a", repo);
    j = json::parse(r.out);
    CHECK(j["summary"]["files"] == 1);
    CHECK(j["findings"][0]["file"] == "b/producer.properties");
    r = sl("check --changed-since HEAD --select S --format json .", (fs::path(repo) / "d").string());
    j = json::parse(r.out);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["file"] == "consumer.properties");

    // Committed changes count too: against the base commit after committing everything.
    git("add -A", repo);
    git("commit -qm change", repo);
    CHECK(json::parse(sl("check --changed-since HEAD --select S --format json", repo).out)["summary"]["files"] == 0);
    j = json::parse(sl("check --changed-since " + base + " --select S --format json", repo).out);
    CHECK(j["summary"]["files"] == 3);
    j = json::parse(sl("check --changed-since HEAD~1 --select S --format json", repo).out);
    CHECK(j["summary"]["files"] == 3);

    // Clear exit 2 for an unknown revision and outside a work tree.
    r = sl("check --changed-since no-such-branch", repo);
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown revision `no-such-branch`") != std::string::npos);
    CHECK(sl("check --changed-since --output=x", repo).status == 2);
    TempDir outside;
    outside.write("server.properties", "a=1\n");
    r = sl("check --changed-since HEAD", outside.str(), "GIT_CEILING_DIRECTORIES=" + quote(outside.path().parent_path().string()));
    CHECK(r.status == 2);
    CHECK(r.err.find("not inside a git work tree") != std::string::npos);
}

TEST_CASE("ci: --skip-unrecognised skips named files streamlint does not read")
{
    TempDir dir;
    dir.write("log4j.properties", "log4j.rootLogger=INFO\n");
    dir.write("package.json", "{\"name\": \"x\"}\n");
    dir.write("server.properties", "a=1\na=2\n");
    CHECK(sl("check log4j.properties server.properties", dir.str()).status == 2);
    Run r = sl("check --skip-unrecognised --select S log4j.properties package.json server.properties", dir.str());
    CHECK(r.status == 1);
    CHECK(r.out.find("in 1 file") != std::string::npos);
    r = sl("check --skip-unrecognised --select S log4j.properties package.json", dir.str());
    CHECK(r.status == 0);
    CHECK(r.out == "All checks passed (0 files checked).\n");
}

TEST_CASE("ci: the GitHub Actions example runs streamlint and uploads its SARIF")
{
    const YAML::Node wf = YAML::LoadFile(std::string(SL_SOURCE_DIR) + "/examples/ci/github-actions.yml");
    REQUIRE(wf["on"]);
    CHECK(wf["permissions"]["security-events"].as<std::string>() == "write");
    const YAML::Node steps = wf["jobs"]["streamlint"]["steps"];
    REQUIRE(steps.IsSequence());
    std::string lint_script;
    std::string sarif_file;
    bool upload_always = false;
    for (const auto& step : steps) {
        if (step["run"] && step["run"].as<std::string>().find("streamlint check") != std::string::npos) {
            lint_script = step["run"].as<std::string>();
        }
        if (step["uses"] && step["uses"].as<std::string>().starts_with("github/codeql-action/upload-sarif@")) {
            sarif_file = step["with"]["sarif_file"].as<std::string>();
            upload_always = step["if"] && step["if"].as<std::string>().find("cancelled()") != std::string::npos;
        }
    }
    REQUIRE_FALSE(lint_script.empty());
    REQUIRE_FALSE(sarif_file.empty());
    CHECK(upload_always);  // the upload runs when the lint step failed
    const std::smatch m = [&] {
        std::smatch sm;
        std::regex_search(lint_script, sm, std::regex("--format sarif --output (\\S+)"));
        return sm;
    }();
    REQUIRE(m.size() == 2);
    CHECK(m[1].str() == sarif_file);

    if (!have("git")) {
        WARN("skipped running the example: git is not installed");
        return;
    }
    // Run the step's script as the runner would, in a checkout, on a push and on a pull request.
    TempDir dir;
    const std::string ws = (dir.path() / "workspace").string();
    dir.write("workspace/kafka/server.properties", "num.io.threads=8\nnum.io.threads=16\n");
    dir.write("workspace/es/jvm.options", "-Xmx1g\n");
    git("init -q", ws);
    git("add -A", ws);
    git("commit -qm base", ws);
    git("update-ref refs/remotes/origin/main HEAD", ws);
    const std::string script = dir.write("lint.sh", lint_script);
    const std::string env = "HOME=" + quote(dir.str()) + " GITHUB_WORKSPACE=" + quote(ws) + " PATH=" +
                            quote(fs::path(SL_BINARY).parent_path().string()) + ":\"$PATH\" ";
    Run r = shell(env + "GITHUB_ACTIONS=true bash -e " + quote(script), ws);
    CHECK(r.status == 1);  // the gate fails on the warning
    CHECK(r.out.find("::warning file=kafka/server.properties,line=1") != std::string::npos);
    const json log = json::parse(read_file(ws + "/" + sarif_file));
    check_github_code_scanning(log);
    bool skipped = false;
    CHECK(validate_sarif(ws + "/" + sarif_file, skipped).empty());

    // A pull request that only touches jvm.options: only that file is linted.
    dir.write("workspace/es/jvm.options", "-Xmx1g\n-Xms1g\n");
    r = shell(env + "GITHUB_ACTIONS=true GITHUB_BASE_REF=main bash -e " + quote(script), ws);
    CHECK(r.out.find("kafka/server.properties") == std::string::npos);
    CHECK(r.out.find(" 1 file") != std::string::npos);
}

TEST_CASE("ci: the GitLab CI example writes the Code Quality and JUnit reports it declares")
{
    const YAML::Node ci = YAML::LoadFile(std::string(SL_SOURCE_DIR) + "/examples/ci/gitlab-ci.yml");
    const YAML::Node job = ci["streamlint"];
    REQUIRE(job);
    CHECK(job["artifacts"]["when"].as<std::string>() == "always");
    const std::string codequality = job["artifacts"]["reports"]["codequality"].as<std::string>();
    const std::string junit = job["artifacts"]["reports"]["junit"].as<std::string>();
    std::string script;
    for (const auto& line : job["script"]) {
        script += line.as<std::string>() + "\n";
    }
    CHECK(script.find("--format gitlab --output " + codequality) != std::string::npos);
    CHECK(script.find("--format junit --output " + junit) != std::string::npos);

    if (!have("git")) {
        WARN("skipped running the example: git is not installed");
        return;
    }
    TempDir dir;
    const std::string project = (dir.path() / "project").string();
    dir.write("project/kafka/server.properties", "num.io.threads=8\nnum.io.threads=16\n");
    git("init -q", project);
    git("add -A", project);
    git("commit -qm base", project);
    const std::string file = dir.write("script.sh", script);
    const Run r = shell("HOME=" + quote(dir.str()) + " CI_PROJECT_DIR=" + quote(project) + " PATH=" +
                            quote(fs::path(SL_BINARY).parent_path().string()) + ":\"$PATH\" bash -e " + quote(file),
                        project);
    CHECK(r.status == 1);
    CHECK(r.out.find("kafka/server.properties:1:1: warning[S002]") != std::string::npos);  // the job log
    const json issues = json::parse(read_file(project + "/" + codequality));
    REQUIRE(issues.is_array());
    REQUIRE_FALSE(issues.empty());
    CHECK(issues[0]["location"]["path"] == "kafka/server.properties");
    if (have("xmllint")) {
        CHECK(shell("xmllint --noout --schema " + quote(std::string(SL_SOURCE_DIR) + "/tests/formats/junit.xsd") + " " +
                        quote(junit),
                    project)
                  .status == 0);
    }
}
