// End-to-end: the real `streamlint` binary, as users and CI run it.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <set>
#include <cstdio>
#include <sys/wait.h>

using sltest::TempDir;
using nlohmann::json;

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

/// Runs the binary with `args` (already shell-quoted where needed) in `cwd`.
Run run(const std::string& args, const std::string& cwd = SL_SOURCE_DIR, const std::string& env = "")
{
    TempDir tmp;
    const std::string err_file = (tmp.path() / "stderr").string();
    // GITHUB_ACTIONS would make the default report GitHub annotations: cleared, as on a workstation.
    const std::string cmd = "cd " + quote(cwd) + " && env -u GITHUB_ACTIONS -u CI_PROJECT_DIR " + env + " " +
                            quote(SL_BINARY) + " " + args + " 2>" +
                            quote(err_file);
    Run r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        r.out.append(buf.data(), n);
    }
    const int st = ::pclose(pipe);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.err = sltest::read_file(err_file);
    return r;
}

}  // namespace

TEST_CASE("cli: --version")
{
    const Run r = run("--version");
    CHECK(r.status == 0);
    CHECK(r.out.starts_with("streamlint "));
}

TEST_CASE("cli: check examples/poc prints path:line:col findings and fails on the warning")
{
    const Run r = run("check examples/poc");
    CHECK(r.status == 1);
    CHECK(r.out.find("examples/poc/elasticsearch/jvm.options:4:1: warning[S002]") != std::string::npos);
    CHECK(r.out.find("\x1b[") == std::string::npos);  // not a terminal: no colour
}

TEST_CASE("cli: exit status follows --fail-on and the project file")
{
    TempDir dir;
    dir.write("clean/server.properties", "num.io.threads=16\n");
    dir.write("warn/server.properties", "a=1\na=2\n");
    dir.write("err/jvm.options", "Xmx4g\n");
    CHECK(run("check clean", dir.str()).status == 0);
    CHECK(run("check warn", dir.str()).status == 1);
    CHECK(run("check warn --fail-on error", dir.str()).status == 0);
    CHECK(run("check err --fail-on error", dir.str()).status == 1);
    CHECK(run("check err --fail-on never", dir.str()).status == 0);
    CHECK(run("check warn --fail-on info", dir.str()).status == 1);
    dir.write("warn/.streamlint.yaml", "fail-on: error\n");
    CHECK(run("check warn", dir.str()).status == 0);
    CHECK(run("check warn --fail-on warning", dir.str()).status == 1);  // the option beats the file
}

TEST_CASE("cli: exit 2 with a one-line message for what stops the tool")
{
    TempDir dir;
    dir.write("notes.txt", "hello\n");
    dir.write("bad/.streamlint.yaml", "targets: {kafka: \"3.9\"}\nselcet: [S]\n");
    dir.write("bad/server.properties", "a=1\n");

    Run r = run("check does-not-exist", dir.str());
    CHECK(r.status == 2);
    CHECK(r.err == "streamlint: does-not-exist: no such file or directory\n");

    r = run("check --no-such-option", dir.str());
    CHECK(r.status == 2);

    r = run("check notes.txt", dir.str());
    CHECK(r.status == 2);
    CHECK(r.err.find("--kind") != std::string::npos);
    // Linted, not exit 2 (its one key, `hello`, is an unknown broker key: a warning).
    CHECK(run("check notes.txt --kind kafka-broker --fail-on error", dir.str()).status == 0);

    r = run("check bad", dir.str());
    CHECK(r.status == 2);
    CHECK(r.err.find(".streamlint.yaml:2: unknown key `selcet`") != std::string::npos);
    CHECK(r.err.find("did you mean `select`") != std::string::npos);

    r = run("check --kind kafka-borker notes.txt", dir.str());
    CHECK(r.status == 2);
    r = run("check --target kafka=x.y .", dir.str());
    CHECK(r.status == 2);
    r = run("explain no-such-rule", dir.str());
    CHECK(r.status == 2);
    r = run("", dir.str());
    CHECK(r.status == 2);
}

TEST_CASE("cli: a file that does not parse is a finding; the other files are still linted")
{
    TempDir dir;
    dir.write("a/jvm.options", "-Xms1g\n  -Xmx1g\n");
    dir.write("b/server.properties", "a=1\na=2\n");
    const Run r = run("check --select S --format json .", dir.str());
    CHECK(r.status == 1);
    const json j = json::parse(r.out);
    REQUIRE(j["findings"].size() == 2);
    CHECK(j["findings"][0]["rule"] == "S001");
    CHECK(j["findings"][0]["file"] == "a/jvm.options");
    CHECK(j["findings"][0]["line"] == 2);
    CHECK(j["findings"][1]["rule"] == "S002");
    CHECK(j["summary"]["files"] == 2);
}

TEST_CASE("cli: the JSON report has the spec's shape and is byte-identical run to run")
{
    const Run r1 = run("check --format json examples/poc");
    const Run r2 = run("check --format json examples/poc");
    CHECK(r1.out == r2.out);
    const json j = json::parse(r1.out);
    CHECK(j["version"].is_string());
    REQUIRE(j["findings"].is_array());
    REQUIRE_FALSE(j["findings"].empty());
    for (const auto& f : j["findings"]) {
        for (const char* field : {"rule", "severity", "file", "line", "column", "component", "key", "message"}) {
            INFO(field);
            CHECK(f.contains(field));
        }
        CHECK((f["severity"] == "error" || f["severity"] == "warning" || f["severity"] == "info"));
        CHECK(f["line"].get<int>() >= 0);
        if (f.contains("fix")) {
            CHECK(f["fix"]["applicability"].is_string());
            CHECK(f["fix"]["edits"].is_array());
        }
    }
    const auto& s = j["summary"];
    CHECK(s["findings"] == j["findings"].size());
    CHECK(s["error"].get<int>() + s["warning"].get<int>() + s["info"].get<int>() == s["findings"].get<int>());
    CHECK(s["targets"]["jdk"].is_number());
}

TEST_CASE("cli: reports written as the run goes are those of the whole result, in report order")
{
    // check writes text, JSON and GitHub reports while the run goes on (it keeps no finding); with
    // --verbose it keeps every file and writes them at the end. Files under a nested project file sort
    // between files of the outer one and are checked in another batch; a file too large to read
    // (S003) and files under no project file come in between.
    TempDir dir;
    const std::string bad = "num.io.threads=1\nnum.io.threads=2\n";
    dir.write("a/.streamlint.yaml", "severity: {G102: error}\n");
    dir.write("a/b/.streamlint.yaml", "ignore: [S002]\n");
    for (int i = 0; i < 200; ++i) {
        dir.write(fmt::format("a/x{:03}/server.properties", i), bad);
    }
    for (int i = 0; i < 100; ++i) {
        dir.write(fmt::format("a/b/y{:03}/server.properties", i), bad);
    }
    for (int i = 0; i < 20; ++i) {
        dir.write(fmt::format("z{:02}/server.properties", i), bad);
    }
    dir.write("a/c/server.properties", bad + std::string(3000, '#') + "\n");
    for (const char* format : {"text", "json", "github"}) {
        INFO(format);
        const std::string args = fmt::format("check --format {} --max-file-size 2k --select S002,S003,G102 .", format);
        const Run streamed = run(args, dir.str());
        const Run whole = run(args + " --verbose", dir.str());
        CHECK(streamed.status == 1);
        CHECK(whole.status == streamed.status);
        CHECK(streamed.out == whole.out);
    }
    const json j = json::parse(run("check --format json --max-file-size 2k --select S002,S003,G102 .", dir.str()).out);
    const auto& findings = j["findings"];
    REQUIRE(findings.size() == 200 * 2 + 100 + 20 * 2 + 1);
    for (std::size_t i = 1; i < findings.size(); ++i) {
        CHECK(findings[i - 1]["file"].get<std::string>() <= findings[i]["file"].get<std::string>());
    }
    CHECK(j["summary"]["files"] == 320);
    // G102 is an error under a/ but not under a/b/ (a nested project file inherits nothing); S003 is one
    CHECK(j["summary"]["error"] == 200 + 1);
}

TEST_CASE("cli: the JSON report has every finding's details, also beside a text report that skips them")
{
    // Rules leave the larger details out when no report reads them (text alone).
    TempDir dir;
    dir.write("flink/config.yaml", "taskmanager.memory.process.size: 4g\n");
    dir.write("kafka/server.properties", "num.io.threads=8\n");
    const Run r = run("check --select M003,G110 --format text --format json --output r.json .", dir.str());
    CHECK(r.out.find("[M003]") != std::string::npos);
    const json j = json::parse(sltest::read_file((dir.path() / "r.json").string()));
    std::set<std::string> with_details;
    for (const auto& f : j["findings"]) {
        if (f.contains("details") && !f["details"].empty()) {
            with_details.insert(f["rule"].get<std::string>());
        }
    }
    CHECK(with_details == std::set<std::string>{"G110", "M003"});
}

TEST_CASE("cli: --output writes the report to a file")
{
    TempDir dir;
    dir.write("server.properties", "a=1\na=2\n");
    const Run r = run("check . --select S --format json --output report.json", dir.str());
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(json::parse(sltest::read_file((dir.path() / "report.json").string()))["findings"].size() == 1);
}

TEST_CASE("cli: show lists every file's kind and effective settings")
{
    TempDir dir;
    dir.write("kafka/server.properties", "num.io.threads=8\nlog.dirs = /data\nnum.io.threads=16\n");
    dir.write("es/jvm.options", "8-13:-XX:+UseConcMarkSweepGC\n-Xmx2g\n");
    const Run r = run("show --format json --target jdk=17 .", dir.str());
    CHECK(r.status == 0);
    const json j = json::parse(r.out);
    REQUIRE(j["files"].size() == 2);
    const json& jvm = j["files"][0];
    CHECK(jvm["file"] == "es/jvm.options");
    CHECK(jvm["kind"] == "jvm");
    CHECK(jvm["settings"][0]["key"] == "-XX:UseConcMarkSweepGC");
    CHECK(jvm["settings"][0]["active"] == false);
    CHECK(jvm["settings"][1]["active"] == true);
    const json& kafka = j["files"][1];
    CHECK(kafka["kind"] == "kafka-broker");
    REQUIRE(kafka["settings"].size() == 3);
    CHECK(kafka["settings"][0]["active"] == false);
    CHECK(kafka["settings"][1]["key"] == "log.dirs");
    CHECK(kafka["settings"][1]["value"] == "/data");
    CHECK(kafka["settings"][1]["line"] == 2);
    CHECK(kafka["settings"][1]["column"] == 1);

    const Run text = run("show kafka", dir.str());
    CHECK(text.out.find("kafka/server.properties (kafka-broker, properties)") != std::string::npos);
    CHECK(text.out.find("overridden by line 3") != std::string::npos);
}

TEST_CASE("cli: rules and explain come from the same metadata")
{
    const Run list = run("rules --format json");
    CHECK(list.status == 0);
    const json j = json::parse(list.out);
    REQUIRE(j["rules"].size() >= 10);
    for (const auto& rule : j["rules"]) {
        INFO(rule.dump());
        const Run e = run("explain " + rule["id"].get<std::string>());
        CHECK(e.status == 0);
        CHECK(e.out.find(rule["summary"].get<std::string>()) != std::string::npos);
        for (const char* section : {"What it checks", "Why", "Source", "Example", "Use instead"}) {
            CHECK(e.out.find(section) != std::string::npos);
        }
    }
    CHECK(run("explain duplicate-key").out.starts_with("S002 (duplicate-key)"));
}

TEST_CASE("cli: NO_COLOR is honoured and control characters cannot forge report lines")
{
    TempDir dir;
    dir.write("server.properties", "a=1\\n\\u001b[31mfake:1:1: error[X]\na=2\n");
    const Run r = run("check .", dir.str(), "NO_COLOR=1");
    CHECK(r.out.find('\x1b') == std::string::npos);
    const Run s = run("show .", dir.str());
    CHECK(s.out.find('\x1b') == std::string::npos);
    CHECK(s.out.find("\\n\\x1b[31mfake") != std::string::npos);
}

TEST_CASE("cli: docs/rules is generated from the rules' metadata and is not stale")
{
    TempDir dir;
    const Run r = run("rules --write-docs " + quote(dir.str()));
    REQUIRE(r.status == 0);
    const std::string committed = std::string(SL_SOURCE_DIR) + "/docs/rules";
    std::set<std::string> generated_names;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        const std::string name = e.path().filename().string();
        generated_names.insert(name);
        INFO(name << " differs from docs/rules: run tools/gen-rule-docs.sh");
        CHECK(sltest::read_file(e.path().string()) == sltest::read_file(committed + "/" + name));
    }
    std::set<std::string> committed_names;
    for (const auto& e : std::filesystem::directory_iterator(committed)) {
        committed_names.insert(e.path().filename().string());
    }
    CHECK(generated_names == committed_names);
}

TEST_CASE("cli: a target between two catalogs is checked with the nearest one, and says which")
{
    TempDir dir;
    dir.write("k/server.properties", "num.io.threads=16\n");
    dir.write("j/jvm.options", "-Xmx1g\n");
    dir.write("old/.streamlint.yaml", "targets: {kafka: \"3.7\"}\n");
    dir.write("old/server.properties", "num.io.threads=16\n");

    // --target sets the run's targets; a project file sets its directory's.
    Run r = run("check --format json --fail-on never --target jdk=19 .", dir.str());
    INFO(r.err);
    REQUIRE(r.status == 0);
    json catalogs = json::parse(r.out)["summary"]["catalogs"];
    CHECK(catalogs["kafka"] == json::array({"Kafka 3.9 catalog (nearest to 3.7)", "Kafka 4.0 catalog"}));
    CHECK(catalogs["jdk"] == json::array({"JDK 17 catalog (nearest to 19)"}));
    CHECK(catalogs["flink"] == json::array({"Flink 2.0 catalog"}));
    r = run("check --format json --fail-on never --target kafka=3.8 k", dir.str());
    catalogs = json::parse(r.out)["summary"]["catalogs"];
    CHECK(catalogs["kafka"] == json::array({"Kafka 3.9 catalog (nearest to 3.8)"}));

    const Run v = run("check -v --fail-on never --target jdk=19 .", dir.str());
    CHECK(v.status == 0);
    CHECK(v.err.find("streamlint: targets: Kafka 4.0 catalog, Flink 2.0 catalog, Elasticsearch 9.x catalog, "
                     "JDK 17 catalog (nearest to 19)\n") != std::string::npos);
    CHECK(v.err.find("k/server.properties: read as kafka-broker\n") != std::string::npos);
    CHECK(v.err.find("j/jvm.options: read as jvm\n") != std::string::npos);
    CHECK(v.err.find("old/server.properties: read as kafka-broker against the Kafka 3.9 catalog (nearest to 3.7)\n") !=
          std::string::npos);
    // the report itself is unchanged by --verbose
    CHECK(v.out == run("check --fail-on never --target jdk=19 .", dir.str()).out);

    // the defaults are named in --help
    CHECK(run("--help").out.find("Default targets, the newest catalogs: kafka=4.0") != std::string::npos);
}
