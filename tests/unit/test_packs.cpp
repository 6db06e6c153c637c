// Rule packs and their templates, and the guarantees every rule gives: complete docs, and docs
// examples that behave as they say (the bad example fires the rule, the good one does not).
#include "support.hpp"

#include <streamlint/engine.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/packs.hpp>
#include <streamlint/parse.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <regex>
#include <set>

using namespace streamlint;
using sltest::TempDir;

namespace {

Syntax syntax_for(const Rule& rule, FileKind kind)
{
    switch (kind) {
    case FileKind::Flink:
        // The S02x rules (and F006, the legacy file itself) are about the legacy line reader;
        // everything else reads config.yaml.
        return rule.info().id.starts_with("S02") || rule.info().id == "F006" ? Syntax::FlinkLegacyYaml
                                                                                : Syntax::FlinkYaml;
    case FileKind::ElasticsearchIndex: return Syntax::Json;
    case FileKind::Jvm: return Syntax::JvmOptions;
    default: return Syntax::Properties;
    }
}

Document parse_as(FileKind kind, Syntax syntax, std::string text, int jdk = 17)
{
    Document doc("example", kind, syntax, std::move(text));
    switch (syntax) {
    case Syntax::Properties: parse_properties(doc); break;
    case Syntax::FlinkLegacyYaml: parse_flink_legacy(doc); break;
    case Syntax::FlinkYaml: parse_flink_yaml(doc); break;
    case Syntax::Json: parse_es_json(doc); break;
    case Syntax::JvmOptions: parse_jvm_options(doc, jdk); break;
    default: break;  // embedded syntaxes come from deployment files only
    }
    return doc;
}

// Runs every rule (suppressions need their neighbours) and keeps the findings of one.
std::vector<Finding> run_rule(const std::string& id, const Document& doc, Targets targets = default_targets(),
                              const ProjectConfig* project = nullptr)
{
    static const RuleSet rules;
    RuleSelection sel;
    RuleContext ctx;
    ctx.targets = targets;
    ctx.project = project;
    auto findings = check_document(doc, ctx, sel, rules);
    std::erase_if(findings, [&](const Finding& f) { return f.rule != id; });
    return findings;
}

std::string load_error(const std::string& pack)
{
    try {
        (void)load_rule_pack(pack, "pack.yaml");
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

const char* k_rule_head = R"(pack: test
rules:
  - id: T101
    name: test-rule
    kinds: [kafka-broker]
    severity: warning
    summary: A test rule
    docs: {why: because, source: the test, bad: "a=1\n", good: "a=2\n"}
)";

// --- Hook: rules that need a project file (deployment, workload) or several files -----------------
// A docs example whose first line is `# .streamlint.yaml: {...}` (`// .streamlint.yaml: {...}` in
// JSON) is linted with that project file: the rest of the line is the project file in YAML flow
// style. The line stays in the example (a comment to the product), so the docs show the deployment.
std::optional<ProjectConfig> example_project(const std::string& example)
{
    for (const char* marker : {"# .streamlint.yaml:", "// .streamlint.yaml:"}) {
        if (example.starts_with(marker)) {
            const std::string yaml = example.substr(std::string_view(marker).size(), example.find('\n') -
                                                                                           std::string_view(marker).size());
            return load_project_text(yaml, "example/.streamlint.yaml");
        }
    }
    return std::nullopt;
}

// A rule may also have a folder tests/fixtures/<ID>/ with `bad/` and `good/` trees, each linted as a
// whole run under the nearest `.streamlint.yaml` (see tests/fixtures/README.md): the cross-file
// rules' fixtures. For the rules below, whose bad example cannot fire in a file of its own (it needs
// another file of the run), the folder replaces the single-file example check.
const std::set<std::string> k_run_only_examples{"L003"};

std::filesystem::path fixture_dir(const std::string& id)
{
    return std::filesystem::path(SL_FIXTURES_DIR) / id;
}

std::vector<Finding> lint_fixture(const std::string& id, const std::string& side)
{
    LintOptions o;
    o.paths = {(fixture_dir(id) / side).string()};
    o.select = std::vector<std::string>{id};
    std::vector<Finding> out = run_lint(o).findings;
    std::erase_if(out, [&](const Finding& f) { return f.rule != id; });
    return out;
}

}  // namespace

TEST_CASE("every rule has an id, a kebab-case name, a summary and complete docs")
{
    const std::regex id_re("^[A-Z]{1,3}[0-9]{3}$");
    const std::regex name_re("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
    std::set<std::string> names;
    for (const auto& rule : builtin_rules()) {
        const RuleInfo& i = rule->info();
        INFO(i.id);
        CHECK(std::regex_match(i.id, id_re));
        CHECK(std::regex_match(i.name, name_re));
        CHECK(names.insert(i.name).second);
        CHECK_FALSE(i.summary.empty());
        CHECK(i.summary.back() != '.');
        CHECK_FALSE(i.docs.what.empty());
        CHECK_FALSE(i.docs.why.empty());
        CHECK_FALSE(i.docs.source.empty());
        CHECK_FALSE(i.docs.bad.empty());
        CHECK_FALSE(i.docs.good.empty());
        if (i.fix != FixAvailability::None) {
            CHECK_FALSE(i.docs.fix.empty());
        }
    }
}

TEST_CASE("every rule's bad example fires it and its good example does not")
{
    // S003 (a file that cannot be read) has no file text to show; discovery tests cover it.
    const std::set<std::string> not_text{"S003"};
    for (const auto& rule : builtin_rules()) {
        const RuleInfo& i = rule->info();
        if (not_text.contains(i.id)) {
            continue;
        }
        if (k_run_only_examples.contains(i.id)) {
            CHECK(std::filesystem::is_directory(fixture_dir(i.id)));
            continue;  // see "rules with a fixture folder fire on bad/ and stay silent on good/"
        }
        const FileKind kind = i.kinds.empty() ? FileKind::KafkaBroker : i.kinds.front();
        const Syntax syntax = syntax_for(*rule, kind);
        INFO(i.id << " (" << i.name << ") as " << to_string(kind) << "/" << to_string(syntax));
        // Rules gated on versions get a chance under the oldest targets the catalogs know too.
        const Targets oldest{"3.9", "1.20", "7.17", 17};
        INFO("bad:\n" << i.docs.bad);
        const Document bad = parse_as(kind, syntax, i.docs.bad);
        const auto bad_project = example_project(i.docs.bad);
        const ProjectConfig* bp = bad_project ? &*bad_project : nullptr;
        CHECK((!run_rule(i.id, bad, default_targets(), bp).empty() || !run_rule(i.id, bad, oldest, bp).empty()));
        INFO("good:\n" << i.docs.good);
        const Document good = parse_as(kind, syntax, i.docs.good);
        const auto good_project = example_project(i.docs.good);
        const ProjectConfig* gp = good_project ? &*good_project : nullptr;
        CHECK(run_rule(i.id, good, default_targets(), gp).empty());
        CHECK(run_rule(i.id, good, oldest, gp).empty());
        if (bad_project) {
            // The example needs its deployment: without it the rule stays silent, as every rule must.
            CHECK(run_rule(i.id, bad).empty());
        }
    }
}

TEST_CASE("rules with a fixture folder fire on bad/ and stay silent on good/")
{
    std::size_t folders = 0;
    for (const auto& entry : std::filesystem::directory_iterator(SL_FIXTURES_DIR)) {
        if (!entry.is_directory()) {
            continue;
        }
        const std::string id = entry.path().filename().string();
        if (!std::regex_match(id, std::regex("^[A-Z]{1,3}[0-9]{3}$"))) {
            continue;  // fixtures of other tests
        }
        INFO("tests/fixtures/" << id);
        REQUIRE(find_rule(id) != nullptr);
        CHECK(std::filesystem::is_regular_file(entry.path() / "README.md"));
        CHECK_FALSE(lint_fixture(id, "bad").empty());
        CHECK(lint_fixture(id, "good").empty());
        ++folders;
    }
    CHECK(folders > 0);
}

TEST_CASE("recommended-value compares by meaning, reports deviations with current, recommended and a fix")
{
    SECTION("Flink sizes: 4g is 4096m")
    {
        CHECK(run_rule("G401", parse_as(FileKind::Flink, Syntax::FlinkYaml, "jobmanager.memory.process.size: 4g\n"))
                  .empty());
        const auto f = run_rule(
            "G401", parse_as(FileKind::Flink, Syntax::FlinkLegacyYaml, "jobmanager.memory.process.size: 2048m\n"));
        REQUIRE(f.size() == 1);
        CHECK(f[0].current == "2048m");
        CHECK(f[0].recommended == "4096m");  // in the unit the file uses
        CHECK(f[0].position == Position{1, 33});
        REQUIRE(f[0].fix);
        CHECK(f[0].fix->applicability == Applicability::Unsafe);
        CHECK(f[0].fix->edits[0].content == "4096m");
    }
    SECTION("Elasticsearch times: 30000ms is 30s; enums case-insensitively")
    {
        CHECK(run_rule("G503", parse_as(FileKind::ElasticsearchIndex, Syntax::Json,
                                        R"({"index": {"refresh_interval": "30000ms"}})"))
                  .empty());
        CHECK(run_rule("G504", parse_as(FileKind::ElasticsearchIndex, Syntax::Json,
                                        R"({"settings": {"codec": "BEST_COMPRESSION"}})"))
                  .empty());
        const auto f = run_rule("G503", parse_as(FileKind::ElasticsearchIndex, Syntax::Json,
                                                 R"({"settings": {"refresh_interval": "1s"}})"));
        REQUIRE(f.size() == 1);
        CHECK(f[0].key == "index.refresh_interval");
        REQUIRE(f[0].fix);
        CHECK(f[0].fix->edits[0].content == "\"30s\"");  // stays a JSON string
    }
    SECTION("a number in JSON stays a number; a properties value keeps the separator")
    {
        const auto f = run_rule("G501", parse_as(FileKind::ElasticsearchIndex, Syntax::Json,
                                                 R"({"settings": {"number_of_shards": 1}})"));
        REQUIRE(f.size() == 1);
        CHECK(f[0].fix->edits[0].content == "3");
        const auto p = run_rule("G101", parse_as(FileKind::KafkaBroker, Syntax::Properties, "num.network.threads : 3\n"));
        REQUIRE(p.size() == 1);
        CHECK(p[0].fix->edits[0].range == ByteRange{22, 23});
        CHECK(p[0].fix->edits[0].content == "8");
    }
    SECTION("JVM sizes and boolean flags")
    {
        CHECK(run_rule("G602", parse_as(FileKind::Jvm, Syntax::JvmOptions, "-Xmx8192m\n")).empty());
        const auto f = run_rule("G603", parse_as(FileKind::Jvm, Syntax::JvmOptions, "-XX:-UseG1GC\n"));
        REQUIRE(f.size() == 1);
        CHECK(f[0].fix->edits[0].content == "+");
    }
}

TEST_CASE("recommended-value: an absent key is info when the default differs, with a fix that adds it")
{
    const auto f = run_rule("G102", parse_as(FileKind::KafkaBroker, Syntax::Properties,
                                             "num.network.threads = 8\nlog.dirs = /data\n"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Info);
    CHECK(f[0].whole_file);
    CHECK(f[0].recommended == "16");
    REQUIRE(f[0].fix);
    // placed after the related key, in the file's `key = value` style
    CHECK(f[0].fix->edits[0].range == ByteRange{24, 24});
    CHECK(f[0].fix->edits[0].content == "num.io.threads = 16\n");
    // absent, but the default is the guide's value: nothing to say
    CHECK(run_rule("G107", parse_as(FileKind::KafkaBroker, Syntax::Properties, "log.dirs=/d\n")).empty());
}

TEST_CASE("recommended-value: versioned defaults and version gates follow the targets")
{
    const Document producer = parse_as(FileKind::KafkaProducer, Syntax::Properties, "acks=1\n");
    Targets t = default_targets();
    t.kafka = "3.9";
    CHECK(run_rule("G204", producer, t).size() == 1);  // linger.ms defaults to 0 before 4.0
    t.kafka = "4.0";
    CHECK(run_rule("G204", producer, t).empty());  // and to 5, the guide's value, from 4.0

    const Document flink = parse_as(FileKind::Flink, Syntax::FlinkYaml, "taskmanager.network.memory.buffers-per-channel: 2\n");
    t.flink = "1.20";
    CHECK(run_rule("G414", flink, t).size() == 1);
    t.flink = "2.0";
    CHECK(run_rule("G414", flink, t).empty());  // the option is gone in 2.0
}

TEST_CASE("recommended-value: aliases are read like the key")
{
    const auto f = run_rule("G405", parse_as(FileKind::Flink, Syntax::FlinkLegacyYaml, "state.backend: hashmap\n"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].key == "state.backend");
    CHECK(run_rule("G405", parse_as(FileKind::Flink, Syntax::FlinkLegacyYaml, "state.backend: RocksDB\n")).empty());
}

TEST_CASE("pack templates: range, one-of, required, forbidden and ratio fire and stay silent")
{
    const std::string pack = R"(pack: t
rules:
  - {id: T001, name: range-rule, kinds: [kafka-broker], severity: warning, template: value-range,
     params: {key: num.io.threads, type: int, min: 4, max: 32}, summary: Range,
     docs: {why: w, source: s, bad: "num.io.threads=2\n", good: "num.io.threads=8\n"}}
  - {id: T002, name: one-of-rule, kinds: [kafka-producer], severity: warning, template: one-of,
     params: {key: acks, values: [all, "-1"]}, summary: One of,
     docs: {why: w, source: s, bad: "acks=1\n", good: "acks=ALL\n"}}
  - {id: T003, name: required-rule, kinds: [kafka-broker], severity: error, template: required-key,
     params: {key: log.dirs, value: /var/lib/kafka}, summary: Required,
     docs: {why: w, source: s, bad: "num.io.threads=8\n", good: "log.dirs=/d\n"}}
  - {id: T004, name: forbidden-rule, kinds: [kafka-broker], severity: warning, template: forbidden-key,
     params: {keys: [linger.ms, batch.size], reason: "is a producer setting"}, summary: Forbidden,
     docs: {why: w, source: s, bad: "linger.ms=5\n", good: "num.io.threads=8\n"}}
  - {id: T005, name: ratio-rule, kinds: [kafka-broker], severity: warning, template: key-ratio,
     params: {key: replica.fetch.max.bytes, other: message.max.bytes, type: int, min-ratio: 1},
     summary: Ratio,
     docs: {why: w, source: s, bad: "message.max.bytes=2000\nreplica.fetch.max.bytes=1000\n",
            good: "message.max.bytes=1000\nreplica.fetch.max.bytes=1000\n"}}
)";
    RuleSet set;
    set.add(load_rule_pack(pack, "t.yaml"));
    for (const char* id : {"T001", "T002", "T003", "T004", "T005"}) {
        const Rule* rule = set.find(id);
        REQUIRE(rule != nullptr);
        INFO(id);
        RuleSelection sel;
        sel.select = {id};
        RuleContext ctx;
        ctx.targets = default_targets();
        const FileKind kind = rule->info().kinds.front();
        const auto bad = check_document(parse_as(kind, Syntax::Properties, rule->info().docs.bad), ctx, sel, set);
        const auto good = check_document(parse_as(kind, Syntax::Properties, rule->info().docs.good), ctx, sel, set);
        CHECK(bad.size() == 1);
        CHECK(good.empty());
    }
    // forbidden-key removes the line (safe: it had no effect)
    RuleSelection sel;
    sel.select = {"T004"};
    RuleContext ctx;
    const auto f = check_document(parse_as(FileKind::KafkaBroker, Syntax::Properties, "a=1\nlinger.ms=5\nb=2\n"), ctx,
                                  sel, set);
    REQUIRE(f.size() == 1);
    CHECK(f[0].fix->applicability == Applicability::Safe);
    CHECK(f[0].fix->edits[0].range == ByteRange{4, 16});
}

TEST_CASE("a broken rule pack is a usage error at its file and line")
{
    CHECK_THAT(load_error(std::string(k_rule_head) + "    template: recomended-value\n    params: {key: a, type: int, value: 1}\n"),
               Catch::StartsWith("pack.yaml:9: unknown template `recomended-value`") &&
                   Catch::Contains("did you mean `recommended-value`"));
    CHECK_THAT(load_error(std::string(k_rule_head) + "    template: recommended-value\n    params: {key: a, type: int, value: lots}\n"),
               Catch::StartsWith("pack.yaml:10:") && Catch::Contains("`lots` is not a valid int"));
    CHECK_THAT(load_error(std::string(k_rule_head) + "    template: recommended-value\n    params: {key: a, typ: int, value: 1}\n"),
               Catch::Contains("unknown field `typ`") && Catch::Contains("did you mean `type`"));
    CHECK_THAT(load_error(std::string(k_rule_head) + "    template: value-range\n    params: {key: a, type: int}\n"),
               Catch::Contains("needs `min`, `max` or both"));
    CHECK_THAT(load_error(std::string(k_rule_head) + "    template: recommended-value\n    when: {kafka: \"about 3\"}\n    params: {key: a, type: int, value: 1}\n"),
               Catch::Contains("pack.yaml:10:") && Catch::Contains("not a version condition"));
    CHECK_THAT(load_error("pack: t\nrules:\n  - id: bad\n"), Catch::StartsWith("pack.yaml:3:"));
    CHECK_THAT(load_error("pack: t\nrules: [\n"), Catch::StartsWith("pack.yaml:") && Catch::Contains("invalid YAML"));
    CHECK_THAT(load_error("pack: t\nrulez: []\n"), Catch::Contains("did you mean `rules`"));
    const std::string two = std::string(k_rule_head) + "    template: required-key\n    params: {key: a}\n" +
                            "  - id: T101\n    name: other\n    kinds: [kafka-broker]\n    severity: info\n"
                            "    summary: S\n    docs: {why: w, source: s, bad: x, good: y}\n    template: required-key\n    params: {key: b}\n";
    CHECK_THAT(load_error(two), Catch::Contains("used twice"));
    CHECK_THAT(load_error("pack: t\nrules:\n  - {id: T1, name: n, kinds: [jvm], severity: info, summary: S,\n"
                          "     docs: {why: w, source: s}, template: one-of, params: {key: a, values: [x]}}\n"),
               Catch::Contains("must be 1-3 capital letters"));
    CHECK_THAT(load_error("pack: t\nrules:\n  - {id: T100, name: n, kinds: [jvm], severity: info, summary: S,\n"
                          "     docs: {why: w, source: s}, template: one-of, params: {key: a, values: [x]}}\n"),
               Catch::StartsWith("pack.yaml:4:") && Catch::Contains("needs `bad` and `good` examples"));
}

TEST_CASE("a rule pack whose aliases expand without bound is refused at the alias, not expanded")
{
    // Ten to the ninth scalars once expanded; yaml-cpp shares the aliased nodes, the loader copies them.
    std::string bomb = "pack: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i) {
        bomb += fmt::format("a{}: &a{} [", i, i);
        for (int j = 0; j < 10; ++j) {
            bomb += fmt::format("{}*a{}", j == 0 ? "" : ", ", i - 1);
        }
        bomb += "]\n";
    }
    bomb += "rules: []\n";
    CHECK_THAT(load_error(bomb), Catch::StartsWith("pack.yaml:") && Catch::Contains("once its aliases are expanded"));
    // A pack that uses an alias the ordinary way still loads.
    const std::string shared = std::string(k_rule_head) +
                               "    template: one-of\n    params: {key: a, values: &v [x, y]}\n"
                               "  - id: T102\n    name: other\n    kinds: [kafka-broker]\n    severity: info\n"
                               "    summary: S\n    docs: {why: w, source: s, bad: \"a=z\\n\", good: \"a=x\\n\"}\n"
                               "    template: one-of\n    params: {key: b, values: *v}\n";
    CHECK(load_error(shared).empty());
}

TEST_CASE("extra rule packs from --rules and the project file; a clash with a built-in rule is an error")
{
    TempDir dir;
    dir.write("packs/site.yaml", R"(pack: site
rules:
  - id: X100
    name: site-requires-rack
    kinds: [kafka-broker]
    severity: error
    template: required-key
    params: {key: broker.rack}
    summary: Every broker names its rack
    docs: {why: Rack-aware replica placement, source: Site policy, bad: "broker.id=1\n", good: "broker.rack=r1\n"}
)");
    dir.write("kafka/server.properties", "broker.id=1\n");
    LintOptions o;
    o.paths = {(dir.path() / "kafka").string()};
    o.select = std::vector<std::string>{"X"};
    o.rule_dirs = {(dir.path() / "packs").string()};
    LintResult r = run_lint(o);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "X100");
    CHECK(r.findings[0].name == "site-requires-rack");

    o.rule_dirs.clear();
    dir.write(".streamlint.yaml", "rules: [packs]\n");
    r = run_lint(o);
    CHECK(r.findings.size() == 1);

    dir.write("packs/clash.yaml", "pack: c\nrules:\n  - {id: S002, name: mine, kinds: [jvm], severity: info, "
                                  "template: required-key, params: {key: a}, summary: S, "
                                  "docs: {why: w, source: s, bad: x, good: y}}\n");
    CHECK_THROWS_WITH(run_lint(o), Catch::Contains("S002") && Catch::Contains("already defined"));
}

TEST_CASE("compare_versions is numeric")
{
    CHECK(compare_versions("3.10", "3.9") > 0);
    CHECK(compare_versions("2", "2.0") == 0);
    CHECK(compare_versions("1.20", "2.0") < 0);
}
