// Discovery, the project file, the rule engine and the pipeline, through the core library's API.
#include "../../src/order.hpp"
#include "../../src/parallel.hpp"
#include "support.hpp"

#include <streamlint/discover.hpp>
#include <streamlint/engine.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/project.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include <sys/stat.h>

using namespace streamlint;
using sltest::TempDir;

namespace {

std::vector<std::string> rules_of(const LintResult& r)
{
    std::vector<std::string> out;
    for (const auto& f : r.findings) {
        out.push_back(f.rule + "@" + std::to_string(f.position.line));
    }
    return out;
}

// The structural rules only: these tests are about the pipeline, not the guide's values.
LintResult lint_paths(std::vector<std::string> paths)
{
    LintOptions o;
    o.paths = std::move(paths);
    o.select = std::vector<std::string>{"S"};
    return run_lint(o);
}

}  // namespace

TEST_CASE("recognise: Kafka roles from the file name")
{
    CHECK(recognise("a/server.properties", "")->kind == FileKind::KafkaBroker);
    CHECK(recognise("a/broker.properties", "")->kind == FileKind::KafkaBroker);
    CHECK(recognise("kraft/controller.properties", "")->kind == FileKind::KafkaBroker);
    CHECK(recognise("producer.properties", "")->kind == FileKind::KafkaProducer);
    CHECK(recognise("my-consumer.properties", "")->kind == FileKind::KafkaConsumer);
    CHECK(recognise("connect-distributed.properties", "")->kind == FileKind::KafkaConnect);
    CHECK(recognise("zookeeper.properties", "")->kind == FileKind::ZooKeeper);
}

TEST_CASE("recognise: Kafka roles from the keys when the name does not say; other files are not configs")
{
    CHECK(recognise("app.properties", "node.id=1\nprocess.roles=broker\n")->kind == FileKind::KafkaBroker);
    CHECK(recognise("app.properties", "group.id=g\nauto.offset.reset=earliest\n")->kind == FileKind::KafkaConsumer);
    CHECK(recognise("app.properties", "acks=all\nkey.serializer=x\n")->kind == FileKind::KafkaProducer);
    CHECK_FALSE(recognise("log4j.properties", "log4j.rootLogger=INFO, stdout\n"));
}

TEST_CASE("recognise: Flink, JVM options and their syntaxes")
{
    CHECK(recognise("conf/flink-conf.yaml", "")->syntax == Syntax::FlinkLegacyYaml);
    CHECK(recognise("conf/jvm.options", "")->kind == FileKind::Jvm);
    CHECK(recognise("conf/jvm.options.d/heap.options", "")->kind == FileKind::Jvm);
    CHECK_FALSE(recognise("conf/other.d/heap.options", ""));
    CHECK_FALSE(recognise("notes.txt", "broker.id=1"));
    CHECK(syntax_for_kind(FileKind::Flink, "x/flink-conf-prod.yaml") == Syntax::FlinkLegacyYaml);
    CHECK(syntax_for_kind(FileKind::Flink, "x/anything.yaml") == Syntax::FlinkYaml);
}

TEST_CASE("discover: deterministic order, unrelated files skipped, FIFOs never opened, link loops survived")
{
    TempDir dir;
    dir.write("b/server.properties", "broker.id=1\n");
    dir.write("a/producer.properties", "acks=all\n");
    dir.write("a/README.md", "# not a config\n");
    dir.write("a/log4j.properties", "log4j.rootLogger=INFO\n");
    REQUIRE(::mkfifo((dir.path() / "a/fifo.properties").c_str(), 0600) == 0);
    std::filesystem::create_directory_symlink(dir.path(), dir.path() / "a/loop");

    const Discovery d = discover({dir.str()}, std::nullopt);
    REQUIRE(d.files.size() == 2);
    CHECK(d.files[0].path.ends_with("a/producer.properties"));
    CHECK(d.files[1].path.ends_with("b/server.properties"));
    CHECK(d.problems.empty());  // the FIFO is not a regular file: never opened, not a problem
}

TEST_CASE("discover: what the walk of a tree takes, and what it leaves")
{
    TempDir dir;
    dir.write("t/a/producer.properties", "acks=all\n");
    dir.write("t/deep/1/2/3/4/5/6/7/8/server.properties", "num.io.threads=8\n");
    dir.write("t/.git/config.yaml", "a: 1\n");  // never walked: .git, node_modules, ...
    dir.write("t/node_modules/x/jvm.options", "-Xmx1g\n");
    dir.write("t/notes/README.md", "# not a config\n");
    dir.write("elsewhere/consumer.properties", "group.id=g\n");
    dir.write("elsewhere/linked/jvm.options", "-Xmx1g\n");
    std::filesystem::create_symlink(dir.path() / "elsewhere/consumer.properties",
                                    dir.path() / "t/a/consumer.properties");
    std::filesystem::create_directory_symlink(dir.path() / "elsewhere/linked", dir.path() / "t/a/linked");
    std::filesystem::create_symlink(dir.path() / "missing",
                                    dir.path() / "t/a/jvm.options");  // dangling: noise
    REQUIRE(::mkfifo((dir.path() / "t/a/flink-conf.yaml").c_str(), 0600) == 0);
    std::filesystem::create_directory_symlink(dir.path() / "t", dir.path() / "via-link");

    for (const std::string& root : {dir.str() + "/t", dir.str() + "/via-link", dir.str() + "/t/"}) {
        INFO(root);
        const Candidates c = find_candidates({root}, std::nullopt);
        std::vector<std::string> got;
        for (const auto& p : c.paths) {
            got.push_back(p.path.substr(p.path.find_last_of('/', p.path.size() - 1) + 1));
        }
        // a link to a regular file is taken; a link to a directory is not followed
        CHECK(got ==
              std::vector<std::string>{"consumer.properties", "producer.properties", "server.properties"});
        CHECK(c.problems.empty());
        CHECK(std::all_of(c.paths.begin(), c.paths.end(), [&](const Candidate& p) {
            return p.path.find("//") == std::string::npos && p.path.starts_with(dir.str());
        }));
    }
}

TEST_CASE("discover: a project file in a tree is never a config to read, not even with --kind")
{
    TempDir dir;
    dir.write(".streamlint.yaml", "fail-on: error\n");
    dir.write("a/.streamlint.yaml", "fail-on: error\n");
    dir.write("a/server.properties", "num.io.threads=8\n");
    for (const auto forced : {std::optional<FileKind>{}, std::optional<FileKind>{FileKind::KafkaBroker}}) {
        const Candidates c = find_candidates({dir.str()}, forced);
        REQUIRE(c.paths.size() == 1);
        CHECK(c.paths[0].path == dir.str() + "/a/server.properties");
    }
}

TEST_CASE("discover: the walk names the directories that hold no project file, and lookups through them are exact")
{
    TempDir dir;
    dir.write(".streamlint.yaml", "ignore: [G]\n");       // governs a/ and a/b/c/
    dir.write("a/b/c/server.properties", "num.io.threads=8\n");
    dir.write("x/.streamlint.yaml", "select: [G101]\n");  // governs x/y/
    dir.write("x/y/server.properties", "num.io.threads=8\n");
    std::filesystem::create_directories(dir.path() / "d/.streamlint.yaml");  // a directory: no project file
    dir.write("d/server.properties", "num.io.threads=8\n");
    std::filesystem::create_directory_symlink(dir.path() / "x", dir.path() / "link");

    const Candidates c = find_candidates({dir.str()}, std::nullopt);
    std::set<std::string> bare(c.bare_dirs.begin(), c.bare_dirs.end());
    const std::string root = dir.str();
    CHECK(bare == std::set<std::string>{root + "/a", root + "/a/b", root + "/a/b/c", root + "/x/y", root + "/d",
                                        root + "/d/.streamlint.yaml"});

    // Each file is linted under the project file above it, as when every directory is asked.
    // The same three files, each linted under the project file above it: the root's (no G rules)
    // for a/b/c/ and d/ (whose .streamlint.yaml is a directory), x's (only G101) for x/y/.
    LintOptions o;
    o.paths = {dir.str()};
    const LintResult r = run_lint(o);
    REQUIRE(r.files.size() == 3);
    std::map<std::string, std::set<std::string>> rules_by_dir;
    for (const Finding& f : r.findings) {
        rules_by_dir[std::filesystem::path(f.file).parent_path().filename().string()].insert(f.rule);
    }
    for (const char* d : {"c", "d"}) {
        INFO(d);
        CHECK(std::none_of(rules_by_dir[d].begin(), rules_by_dir[d].end(),
                           [](const std::string& rule) { return rule.starts_with("G"); }));
    }
    CHECK(rules_by_dir["y"] == std::set<std::string>{"G101"});
}

TEST_CASE("display_path: a path as reported is its normal form without a leading ./")
{
    // The short cut for paths that are normal already gives what lexically_normal gives.
    for (const std::string p : {"a/b.properties", "./a/b.properties", "././a", "/abs/x.yaml", "a//b", "a/./b",
                                "a/../b", "../a", "a/b/", ".", "./", "..", "x", "./.streamlint.yaml", "a/.b/c"}) {
        INFO(p);
        std::string normal = std::filesystem::path(p).lexically_normal().string();
        if (normal.starts_with("./") && normal.size() > 2) {
            normal = normal.substr(2);
        }
        CHECK(display_path(p) == normal);
    }
}

TEST_CASE("discover: a named FIFO or directory-like config is reported, not opened; the rest still read")
{
    TempDir dir;
    const std::string fifo = (dir.path() / "server.properties").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::string good = dir.write("producer.properties", "acks=all\n");
    const Discovery d = discover({fifo, good}, std::nullopt);
    REQUIRE(d.problems.size() == 1);
    CHECK(d.problems[0].rule == "S003");
    CHECK(d.problems[0].message.find("not a regular file") != std::string::npos);
    REQUIRE(d.files.size() == 1);
}

TEST_CASE("discover: a broken link named like a config in a tree is reported")
{
    TempDir dir;
    std::filesystem::create_symlink(dir.path() / "missing", dir.path() / "server.properties");
    const Discovery named = discover({(dir.path() / "server.properties").string()}, std::nullopt);
    REQUIRE(named.problems.size() == 1);
    CHECK(named.problems[0].message.find("broken symbolic link") != std::string::npos);
}

TEST_CASE("discover: a named path that does not exist, or a named file of unknown kind, is a usage error")
{
    TempDir dir;
    CHECK_THROWS_AS(discover({(dir.path() / "nope").string()}, std::nullopt), UsageError);
    const std::string notes = dir.write("notes.txt", "hello\n");
    CHECK_THROWS_WITH(discover({notes}, std::nullopt), Catch::Contains("--kind"));
    CHECK(discover({notes}, FileKind::KafkaBroker).files.size() == 1);
}

TEST_CASE("project file: the spec's example loads, sizes and durations with units")
{
    TempDir dir;
    const std::string path = dir.write(".streamlint.yaml", R"(
targets: {kafka: "3.7", flink: "1.18", elasticsearch: "8.13", jdk: 17}
select: [S]
ignore: S004
severity: {S002: error}
per-file-ignores: {"legacy/*.properties": [S011, S012]}
fail-on: error
deployment:
  kafka-broker:      {count: 3, cores: 4, memory: 16g, disk: {type: ssd, size: 1t}}
  flink-taskmanager: {count: 3, cores: 8, memory: 16g}
workload:
  events-per-second: 10000
  bytes-per-second: 100m
  latency-p95: 1s
  retention: 168h
)");
    const ProjectConfig cfg = load_project_file(path);
    CHECK(cfg.target_kafka == "3.7");
    CHECK(cfg.target_jdk == 17);
    CHECK(cfg.select == std::vector<std::string>{"S"});
    CHECK(cfg.ignore == std::vector<std::string>{"S004"});
    CHECK(cfg.severity.at("S002") == Severity::Error);
    REQUIRE(cfg.per_file_ignores.size() == 1);
    CHECK(cfg.fail_on->level == Severity::Error);
    CHECK(cfg.deployment.at("kafka-broker").memory == 16ULL << 30);
    CHECK(cfg.deployment.at("kafka-broker").disk_size == 1ULL << 40);
    CHECK(cfg.deployment.at("kafka-broker").disk_type == "ssd");
    CHECK(cfg.workload.latency_p95_ms == 1000);
    CHECK(cfg.workload.retention_ms == 168ULL * 3600 * 1000);
    CHECK(cfg.workload.bytes_per_second == 100ULL << 20);
}

TEST_CASE("project file: unknown keys and bad values name the file and line, with a did-you-mean")
{
    TempDir dir;
    CHECK_THROWS_WITH(load_project_file(dir.write("a.yaml", "targets: {kafka: \"3.9\"}\ndeploymnet: {}\n")),
                      Catch::Contains("a.yaml:2: unknown key `deploymnet`") &&
                          Catch::Contains("did you mean `deployment`"));
    CHECK_THROWS_WITH(load_project_file(dir.write("b.yaml", "deployment:\n  kafka-broker: {memory: 16x}\n")),
                      Catch::Contains("b.yaml:2:") && Catch::Contains("16x"));
    CHECK_THROWS_WITH(load_project_file(dir.write("c.yaml", "fail-on: sometimes\n")), Catch::Contains("c.yaml:1:"));
    CHECK_THROWS_WITH(load_project_file(dir.write("d.yaml", "targets: [\n")), Catch::Contains("d.yaml:"));
    CHECK_THROWS_WITH(load_project_file(dir.write("e.yaml", "targets: {jdk: seventeen}\n")),
                      Catch::Contains("JDK version"));
    CHECK_NOTHROW(load_project_file(dir.write("f.yaml", "")));
    CHECK_NOTHROW(load_project_file(dir.write("g.yaml", "# comments only\n")));
    // Keys given twice, a quote never closed, a value that is not YAML: each at its line.
    CHECK_THROWS_WITH(load_project_file(dir.write("h.yaml", "targets:\n  kafka: 3.9\n  kafka: 4.0\n")),
                      Catch::Contains("h.yaml:3: `kafka` is given twice"));
    CHECK_THROWS_WITH(load_project_file(dir.write("i.yaml", "fail-on: error\nbaseline: \"b.json\n")),
                      Catch::Contains("i.yaml:2:") && Catch::Contains("never closed"));
    CHECK_THROWS_WITH(load_project_file(dir.write("j.yaml", "select: [S]\nfail-on: a: b\n")),
                      Catch::Contains("j.yaml:2: invalid YAML"));
    // The same settings in block and flow style, through an anchor, read alike.
    const ProjectConfig block = load_project_file(
        dir.write("k.yaml", "targets:\n  kafka: '3.9'\nselect:\n  - S\n  - G\nworkload:\n  retention: 7d\n"));
    const ProjectConfig flow =
        load_project_file(dir.write("l.yaml", "targets: {kafka: \"3.9\"}\nselect: &s [S, G]\nworkload: {retention: 7d}\n"));
    CHECK(block.target_kafka == "3.9");
    CHECK(flow.target_kafka == "3.9");
    CHECK(block.select == flow.select);
    CHECK(block.select == std::vector<std::string>{"S", "G"});
    CHECK(block.workload.retention_ms == flow.workload.retention_ms);
}

TEST_CASE("target option parsing: products, versions, did-you-mean")
{
    const Targets t = parse_target_option("kafka=3.9, jdk=1.8,flink=1.20", default_targets());
    CHECK(t.kafka == "3.9");
    CHECK(t.jdk == 8);
    CHECK(t.flink == "1.20");
    CHECK(t.elasticsearch == default_targets().elasticsearch);
    CHECK_THROWS_WITH(parse_target_option("kafak=3.9", default_targets()), Catch::Contains("did you mean `kafka`"));
    CHECK_THROWS_AS(parse_target_option("kafka=three", default_targets()), UsageError);
    CHECK_THROWS_AS(parse_target_option("kafka", default_targets()), UsageError);
}

TEST_CASE("pipeline: duplicate keys are reported at the dead line with the winner's line")
{
    TempDir dir;
    dir.write("server.properties", "num.io.threads=8\nlog.retention.hours=168\nnum.io.threads=16\n");
    const LintResult r = lint_paths({dir.str()});
    REQUIRE(r.findings.size() == 1);
    const Finding& f = r.findings[0];
    CHECK(f.rule == "S002");
    CHECK(f.position == Position{1, 1});
    CHECK(f.key == "num.io.threads");
    CHECK(f.current == "8");
    CHECK(f.message.find("line 3") != std::string::npos);
    REQUIRE(f.fix);
    CHECK(f.fix->applicability == Applicability::Unsafe);  // the values differ
    REQUIRE(f.fix->edits.size() == 1);
    CHECK(f.fix->edits[0].range == ByteRange{0, 17});
    CHECK(f.fix->edits[0].content.empty());
}

TEST_CASE("pipeline: findings carry their details only when a report wants them (LintOptions::details)")
{
    TempDir dir;
    dir.write("server.properties",
              "num.io.threads=8\nnum.io.threads=16\nmin.insync.replicas=3\n"
              "default.replication.factor=3\nlog.retension.hours=1\n");
    LintOptions o;
    o.paths = {dir.str()};
    const LintResult with = run_lint(o);
    o.details = false;  // the text report, for one, shows none
    const LintResult without = run_lint(o);
    REQUIRE(with.findings.size() == without.findings.size());
    REQUIRE(with.findings.size() >= 3);  // S002, X002 and the unknown key's did-you-mean, each with details
    for (std::size_t i = 0; i < with.findings.size(); ++i) {
        INFO(with.findings[i].rule);
        CHECK(with.findings[i].rule == without.findings[i].rule);
        CHECK(with.findings[i].message == without.findings[i].message);
        CHECK_FALSE(with.findings[i].details.is_null());
        CHECK(without.findings[i].details.is_null());
    }
}

TEST_CASE("pipeline: an exact duplicate's removal is safe")
{
    TempDir dir;
    dir.write("jvm.options", "-XX:+UseG1GC\n-Xmx1g\n-XX:+UseG1GC\n");
    const LintResult r = lint_paths({dir.str()});
    REQUIRE(r.findings.size() == 1);
    REQUIRE(r.findings[0].fix);
    CHECK(r.findings[0].fix->applicability == Applicability::Safe);
}

namespace {

/// A rule that records which document check it ran in.
class CheckRecorder final : public Rule {
public:
    explicit CheckRecorder(std::vector<std::uint64_t>& seen) : m_seen(seen) {}
    [[nodiscard]] const RuleInfo& info() const override { return m_info; }
    void check(const Document&, const RuleContext&, Emitter&) const override { m_seen.push_back(current_document_check()); }

private:
    RuleInfo m_info{"Z901", "check-recorder", {}, Severity::Info, "Records the check it ran in", FixAvailability::None, {}};
    std::vector<std::uint64_t>& m_seen;
};

}  // namespace

TEST_CASE("engine: each document check has its own number while it runs, and none outside")
{
    // Rules that keep a derivation for the rest of a document's check (the Flink memory model)
    // rely on this: the same number for every rule of one check, another for the next check.
    std::vector<std::uint64_t> seen;
    std::vector<std::unique_ptr<Rule>> one;
    one.push_back(std::make_unique<CheckRecorder>(seen));
    RuleSet set;
    set.add(std::move(one));
    Document doc("server.properties", FileKind::KafkaBroker, Syntax::Properties, "a=1\n");
    RuleSelection selection;
    selection.select = std::vector<std::string>{"Z901"};
    CHECK(current_document_check() == 0);
    (void)check_document(doc, RuleContext{}, selection, set);
    (void)check_document(doc, RuleContext{}, selection, set);
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] != 0);
    CHECK(seen[1] != 0);
    CHECK(seen[0] != seen[1]);
    CHECK(current_document_check() == 0);
}

TEST_CASE("engine: the rules of each kind of file are listed once, in id order")
{
    const RuleSet rules;
    std::size_t listed = 0;
    for (std::size_t k = 0; k < k_file_kinds; ++k) {
        const auto kind = static_cast<FileKind>(k);
        std::vector<const Rule*> expected;
        for (const Rule* r : rules.rules()) {
            if (r->applies_to(kind)) {
                expected.push_back(r);
            }
        }
        INFO(to_string(kind));
        CHECK(rules.rules_for(kind) == expected);
        CHECK_FALSE(expected.empty());
        listed += expected.size();
    }
    CHECK(listed >= rules.rules().size());  // every rule applies to some kind
    const Rule* s002 = rules.find("S002");  // duplicate-key: every kind
    REQUIRE(s002 != nullptr);
    for (std::size_t k = 0; k < k_file_kinds; ++k) {
        const auto& list = rules.rules_for(static_cast<FileKind>(k));
        CHECK(std::find(list.begin(), list.end(), s002) != list.end());
    }
}

TEST_CASE("engine: suppression comments on their own line, file-wide, and unused ones")
{
    TempDir dir;
    dir.write("a/server.properties",
              "# streamlint: disable=S002\n"
              "num.io.threads=8\n"
              "num.io.threads=16\n");
    dir.write("b/server.properties",
              "num.io.threads=8\n"
              "num.io.threads=16\n"
              "# streamlint: disable-file=duplicate-key\n");
    dir.write("c/server.properties",
              "# streamlint: disable=S002\n"
              "num.io.threads=8\n"
              "# streamlint: disable=S9\n");
    dir.write("d/server.properties",
              "# streamlint: disable=S002\n"
              "\n"
              "# a comment between\n"
              "num.io.threads=8\n"
              "num.io.threads=16\n");
    const LintResult r = lint_paths({dir.str()});
    CHECK(rules_of(r) == std::vector<std::string>{"S004@1", "S004@3"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].file.ends_with("c/server.properties"));
    CHECK(r.findings[1].message.find("not a rule") != std::string::npos);
}

TEST_CASE("engine: select, ignore, per-file-ignores and severity overrides from the project file")
{
    TempDir dir;
    const std::string dup = "num.io.threads=8\nnum.io.threads=16\n";
    dir.write("kafka/server.properties", dup);
    dir.write("legacy/server.properties", dup);
    dir.write(".streamlint.yaml",
              "severity: {S: info, S002: error}\n"
              "per-file-ignores: {\"legacy/*.properties\": [S002]}\n");
    LintResult r = lint_paths({dir.str()});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].file.ends_with("kafka/server.properties"));
    CHECK(r.findings[0].severity == Severity::Error);  // the more specific selector wins

    LintOptions o;
    o.paths = {dir.str()};
    o.select = std::vector<std::string>{"S"};
    o.ignore = {"duplicate-key"};
    CHECK(run_lint(o).findings.empty());
    o.ignore.clear();
    o.select = std::vector<std::string>{"S001"};
    CHECK(run_lint(o).findings.empty());
}

TEST_CASE("pipeline: findings are sorted and the same input gives the same output")
{
    TempDir dir;
    dir.write("z/server.properties", "a=1\na=2\n");
    dir.write("a/server.properties", "b=1\nc=1\nb=2\nc=2\n");
    const LintResult r1 = lint_paths({dir.str()});
    const LintResult r2 = lint_paths({dir.str()});
    REQUIRE(r1.findings.size() == 3);
    CHECK(rules_of(r1) == rules_of(r2));
    CHECK(r1.findings[0].file.ends_with("a/server.properties"));
    CHECK(r1.findings[0].position.line == 1);
    CHECK(r1.findings[1].position.line == 2);
    CHECK(r1.findings[2].file.ends_with("z/server.properties"));
}

TEST_CASE("pipeline: the project file's JDK target decides which jvm.options lines are active")
{
    TempDir dir;
    dir.write("es/jvm.options", "8-13:-XX:+UseConcMarkSweepGC\n14-:-XX:+UseG1GC\n");
    dir.write("es/.streamlint.yaml", "targets: {jdk: 11}\n");
    const LintResult r = lint_paths({dir.str()});
    REQUIRE(r.files.size() == 1);
    const auto& settings = r.files[0].doc.settings;
    REQUIRE(settings.size() == 2);
    CHECK(settings[0].active());
    CHECK(settings[1].inactive == Inactive::OtherVersion);

    LintOptions o;
    o.paths = {dir.str()};
    o.select = std::vector<std::string>{"S"};
    o.target = "jdk=17";  // the command line beats the project file
    const LintResult r17 = run_lint(o);
    CHECK(r17.files[0].doc.settings[0].inactive == Inactive::OtherVersion);
    CHECK(r17.files[0].doc.settings[1].active());
}

TEST_CASE("parallel: every job of every run once, back to back, and errors after all have finished")
{
    // A run follows the last at once, as the batches of a lint run do: the worker that spins
    // between runs must neither miss a run nor take a job twice.
    constexpr std::size_t k_jobs = 37;
    for (int run = 0; run < 500; ++run) {
        std::vector<std::atomic<int>> done(k_jobs);
        streamlint::run_parallel(k_jobs, [&](std::size_t i) { done[i].fetch_add(1); });
        for (std::size_t i = 0; i < k_jobs; ++i) {
            REQUIRE(done[i].load() == 1);
        }
    }
    // A job that throws: the exception comes out once every other job has run, and the pool
    // takes the next run as before.
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH(streamlint::run_parallel(k_jobs,
                                               [&](std::size_t i) {
                                                   ran.fetch_add(1);
                                                   if (i == 5) {
                                                       throw std::runtime_error("job 5");
                                                   }
                                               }),
                      "job 5");
    CHECK(ran.load() == static_cast<int>(k_jobs));
    std::atomic<int> after{0};
    streamlint::run_parallel(k_jobs, [&](std::size_t) { after.fetch_add(1); });
    CHECK(after.load() == static_cast<int>(k_jobs));
}

TEST_CASE("stable_order and stable_sort_large: a stable sort, by merging the runs already in order")
{
    // Pairs compared by their first member only: the second tells equal ones apart, so a merge that
    // took a later run's equal element first would show.
    using Item = std::pair<int, int>;
    const auto less = [](const Item& a, const Item& b) { return a.first < b.first; };
    const auto expected = [&](const std::vector<Item>& items) {
        std::vector<std::size_t> order(items.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return less(items[a], items[b]); });
        return order;
    };
    CHECK_FALSE(stable_order(std::vector<Item>{}, less));
    CHECK_FALSE(stable_order(std::vector<Item>{{1, 0}, {1, 1}, {2, 2}}, less));  // in order: nothing to do
    REQUIRE(stable_order(std::vector<Item>{{2, 0}, {1, 1}}, less));
    CHECK(*stable_order(std::vector<Item>{{2, 0}, {1, 1}}, less) == std::vector<std::size_t>{1, 0});

    std::mt19937 random(20261205);
    for (int round = 0; round < 2000; ++round) {
        // Runs of sorted values (as a batch's files each come sorted), few distinct values (ties).
        std::vector<Item> items;
        const int runs = std::uniform_int_distribution<int>(1, 9)(random);
        for (int r = 0; r < runs; ++r) {
            std::vector<int> run(std::uniform_int_distribution<std::size_t>(0, 7)(random));
            for (int& v : run) {
                v = std::uniform_int_distribution<int>(0, 5)(random);
            }
            std::sort(run.begin(), run.end());
            for (const int v : run) {
                items.emplace_back(v, static_cast<int>(items.size()));
            }
        }
        const auto order = stable_order(items, less);
        const auto want = expected(items);
        INFO("round " << round << ", " << items.size() << " items");
        if (order) {
            CHECK(*order == want);
        } else {
            CHECK(std::is_sorted(want.begin(), want.end()));  // in order already: the identity
        }
        std::vector<Item> sorted = items;
        stable_sort_large(sorted, less);
        std::vector<Item> by_std = items;
        std::stable_sort(by_std.begin(), by_std.end(), less);
        CHECK(sorted == by_std);
    }
}

TEST_CASE("parallel: the cores a cgroup's CPU quota allows, v1 and v2, nested and absent")
{
    std::map<std::string, std::string> files;
    const auto read = [&files](const std::string& path) {
        const auto it = files.find(path);
        return it == files.end() ? std::string() : it->second;
    };
    // cgroup v2 (a container: its own cgroup is the root of its namespace)
    files["/cg/cpu.max"] = "150000 100000\n";
    CHECK(streamlint::cgroup_cpu_limit("0::/\n", "/cg", read) == 2U);  // 1.5 cores: 2 threads
    files["/cg/cpu.max"] = "max 100000\n";
    CHECK(streamlint::cgroup_cpu_limit("0::/\n", "/cg", read) == std::nullopt);
    // nested: the tightest level counts
    files["/cg/a/cpu.max"] = "max 100000\n";
    files["/cg/a/b/cpu.max"] = "400000 100000\n";
    files["/cg/cpu.max"] = "100000 100000\n";
    CHECK(streamlint::cgroup_cpu_limit("0::/a/b\n", "/cg", read) == 1U);
    files["/cg/cpu.max"] = "max 100000\n";
    CHECK(streamlint::cgroup_cpu_limit("0::/a/b\n", "/cg", read) == 4U);
    CHECK(streamlint::cgroup_cpu_limit("0::/a/b\n", "/cg", [](const std::string&) { return std::string(); }) ==
          std::nullopt);
    // cgroup v1: the cpu controller, mounted with cpuacct or alone; a quota of -1 is none
    files["/cg/cpu,cpuacct/job/cpu.cfs_quota_us"] = "50000\n";
    files["/cg/cpu,cpuacct/job/cpu.cfs_period_us"] = "100000\n";
    CHECK(streamlint::cgroup_cpu_limit("4:memory:/job\n3:cpu,cpuacct:/job\n", "/cg", read) == 1U);
    files["/cg/cpu,cpuacct/job/cpu.cfs_quota_us"] = "-1\n";
    CHECK(streamlint::cgroup_cpu_limit("3:cpu,cpuacct:/job\n", "/cg", read) == std::nullopt);
    CHECK(streamlint::cgroup_cpu_limit("3:cpuacct:/job\n", "/cg", read) == std::nullopt);  // not the cpu controller
    // what is not a cgroup line, or climbs out of the tree, is passed over
    CHECK(streamlint::cgroup_cpu_limit("garbage\n1:cpu:../../etc\n\n", "/cg", read) == std::nullopt);
}
