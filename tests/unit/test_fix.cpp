// Fixes: edits in each syntax, applying them (order, overlaps, breakage, convergence), the unified
// diff, atomic writes, and a golden diff per fixable rule.
#include "support.hpp"

#include <streamlint/diff.hpp>
#include <streamlint/edits.hpp>
#include <streamlint/fix.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/parse.hpp>
#include <streamlint/write.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sys/stat.h>

using namespace streamlint;
using sltest::TempDir;

namespace {

Finding finding_with(std::string rule, std::vector<Edit> edits, Applicability a = Applicability::Safe)
{
    Finding f;
    f.rule = std::move(rule);
    f.message = "m" + f.rule;
    f.fix = Fix{a, "t", std::move(edits)};
    return f;
}

std::string file_name_for(FileKind kind, Syntax syntax)
{
    switch (kind) {
    case FileKind::KafkaProducer: return "producer.properties";
    case FileKind::KafkaConsumer: return "consumer.properties";
    case FileKind::Flink: return syntax == Syntax::FlinkLegacyYaml ? "flink-conf.yaml" : "config.yaml";
    case FileKind::ElasticsearchIndex: return "index.json";
    case FileKind::Jvm: return "jvm.options";
    default: return "server.properties";
    }
}

}  // namespace

TEST_CASE("unified_diff: hunks, context, CRLF and missing final newlines")
{
    CHECK(unified_diff("a\n", "a\n", "a/x", "b/x").empty());
    CHECK(unified_diff("a\nb\nc\n", "a\nB\nc\n", "a/x", "b/x") == "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    CHECK(unified_diff("a\nb", "a\nb\nc\n", "a/x", "b/x") ==
          "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
    CHECK(unified_diff("a\r\nb\r\n", "a\r\n", "a/x", "b/x") == "--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n a\r\n-b\r\n");
    CHECK(unified_diff("", "x\n", "a/x", "b/x") == "--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+x\n");
    // two changes 10 lines apart make two hunks; 4 lines apart make one
    std::string base;
    for (int i = 1; i <= 20; ++i) {
        base += std::to_string(i) + "\n";
    }
    std::string far = base;
    far.replace(far.find("2\n"), 2, "two\n");
    far.replace(far.find("15\n"), 3, "fifteen\n");
    const std::string d = unified_diff(base, far, "a/x", "b/x");
    CHECK(d.find("@@ -1,5 +1,5 @@") != std::string::npos);
    CHECK(d.find("@@ -12,7 +12,7 @@") != std::string::npos);
}

TEST_CASE("apply_fixes: sorted by position, overlapping fixes skipped, identical edits applied once")
{
    const std::string text = "abcdefghij";
    Finding a = finding_with("A", {Edit{{0, 2}, "AB"}});
    Finding b = finding_with("B", {Edit{{1, 3}, "X"}});  // overlaps A
    Finding c = finding_with("C", {Edit{{8, 10}, ""}});
    Finding d = finding_with("D", {Edit{{0, 2}, "AB"}});  // the same edit as A
    Finding e = finding_with("E", {Edit{{5, 5}, "+"}, Edit{{6, 7}, "G"}});
    std::vector<const Finding*> applied;
    std::vector<const Finding*> skipped;
    const std::string out = apply_fixes(text, {&c, &b, &a, &d, &e}, applied, skipped);
    CHECK(out == "ABcde+fGh");
    REQUIRE(skipped.size() == 1);
    CHECK(skipped[0]->rule == "B");
    CHECK(applied.size() == 4);
}

TEST_CASE("fix_file: unsafe fixes need the setting; a fix that breaks a file that parsed is dropped")
{
    Document doc("x.json", FileKind::ElasticsearchIndex, Syntax::Json, R"({"settings": {"number_of_shards": 1}})");
    parse_es_json(doc);
    auto relint = [](std::string text) {
        Relinted r{Document("x.json", FileKind::ElasticsearchIndex, Syntax::Json, std::move(text)), {}};
        parse_es_json(r.doc);
        return r;
    };
    const Finding breaks = finding_with("B", {Edit{{35, 36}, ""}});  // deletes the closing brace
    FileFixResult r = fix_file(std::move(doc), {breaks}, relint, {});
    CHECK(r.fixed == r.original);
    REQUIRE(r.remaining.size() == 1);  // the finding stays, and says why its fix was not applied
    CHECK_THAT(r.remaining[0].message, Catch::Contains("would make the file unreadable"));

    Document doc2("x.json", FileKind::ElasticsearchIndex, Syntax::Json, R"({"settings": {"number_of_shards": 1}})");
    parse_es_json(doc2);
    const Finding unsafe = finding_with("U", {Edit{{34, 35}, "3"}}, Applicability::Unsafe);
    CHECK(fix_file(Document(std::move(doc2)), {unsafe}, relint, {}).fixed.find("\": 1}") != std::string::npos);
    Document doc3("x.json", FileKind::ElasticsearchIndex, Syntax::Json, R"({"settings": {"number_of_shards": 1}})");
    parse_es_json(doc3);
    FixSettings s;
    s.unsafe = true;
    CHECK(fix_file(std::move(doc3), {unsafe}, relint, s).fixed == R"({"settings": {"number_of_shards": 3}})");
}

TEST_CASE("newline_of: a new line is written with the file's first line break")
{
    const auto nl = [](std::string text) {
        return std::string(streamlint::newline_of(streamlint::Document(
            "f", streamlint::FileKind::KafkaBroker, streamlint::Syntax::Properties, std::move(text))));
    };
    CHECK(nl("") == "\n");
    CHECK(nl("a=1") == "\n");
    CHECK(nl("a=1\nb=2\r\n") == "\n");
    CHECK(nl("# " + std::string(300, 'x') + "\r\na=1\n") == "\r\n");
    CHECK(nl("a=1\rb=2\r\n") == "\r");
    CHECK(nl("a=1\r") == "\r");
}

TEST_CASE("edits: values and new settings in each file's own style")
{
    SECTION("properties: escapes, the file's separator, after the related key, CRLF kept")
    {
        Document doc("s.properties", FileKind::KafkaBroker, Syntax::Properties, "a : 1\r\nb : 2\r\n");
        parse_properties(doc);
        CHECK(replace_value(doc, doc.settings[0], "C:\\x y")->content == "C:\\\\x y");
        const auto e = add_setting(doc, "n.k", "v", {"a"});
        REQUIRE(e);
        CHECK(e->range == ByteRange{7, 7});
        CHECK(e->content == "n.k : v\r\n");
    }
    SECTION("a file without a final newline gets one before the new line")
    {
        Document doc("s.properties", FileKind::KafkaBroker, Syntax::Properties, "a=1");
        parse_properties(doc);
        CHECK(add_setting(doc, "b", "2")->content == "\nb=2\n");
    }
    SECTION("JSON: a new member after the last setting, with a comma and the indentation")
    {
        Document doc("i.json", FileKind::ElasticsearchIndex, Syntax::Json,
                     "{\n  \"settings\": {\n    \"number_of_shards\": 3\n  }\n}\n");
        parse_es_json(doc);
        const auto e = add_setting(doc, "index.refresh_interval", "30s");
        REQUIRE(e);
        CHECK(e->content == ",\n    \"refresh_interval\": \"30s\"");
    }
    SECTION("jvm.options: flags written as the JVM reads them")
    {
        Document doc("jvm.options", FileKind::Jvm, Syntax::JvmOptions, "-Xmx1g\n");
        parse_jvm_options(doc, 17);
        CHECK(add_setting(doc, "-XX:UseG1GC", "true")->content == "-XX:+UseG1GC\n");
        CHECK(add_setting(doc, "-XX:MaxGCPauseMillis", "200")->content == "-XX:MaxGCPauseMillis=200\n");
        CHECK(add_setting(doc, "-Xms", "1g")->content == "-Xms1g\n");
    }
    SECTION("YAML: quotes kept; unsafe plain scalars quoted")
    {
        Document doc("config.yaml", FileKind::Flink, Syntax::FlinkYaml, "a:\n  b: \"x\"\n  c: y\n");
        parse_flink_yaml(doc);
        REQUIRE(doc.settings.size() == 2);
        CHECK(replace_value(doc, doc.settings[0], "z")->content == "\"z\"");
        CHECK(replace_value(doc, doc.settings[1], "a: b")->content == "\"a: b\"");
        CHECK(replace_value(doc, doc.settings[1], "plain")->content == "plain");
    }
    SECTION("YAML: a new key at the root mapping's indentation; never after a flow root or document markers")
    {
        const auto added = [](const std::string& text) {
            Document doc("config.yaml", FileKind::Flink, Syntax::FlinkYaml, text);
            parse_flink_yaml(doc);
            const auto e = add_setting(doc, "parallelism.default", "4");
            return e ? std::optional<std::string>(e->content) : std::nullopt;
        };
        CHECK(added("# comment\na:\n  b: 1\n") == "parallelism.default: 4\n");
        // an indented root mapping (found by fuzzing: a key at column 0 after it is a second document)
        CHECK(added("# comment\n  a: 1\n  b:\n    c: 2\n") == "  parallelism.default: 4\n");
        CHECK(added("{a: 1}\n") == std::nullopt);
        CHECK(added("a: 1\n...\n") == std::nullopt);
        CHECK(added("a: 1\n---\nb: 2\n") == std::nullopt);
        CHECK(added("a: 1 {b\n%%\n") == std::nullopt);  // a directive line after content (found by fuzzing)
        CHECK(added("---\na: 1\n") == "parallelism.default: 4\n");
        CHECK(added("a: 1\nb: 2\n  ---\n") == std::nullopt);  // a marker after blanks is one too
        CHECK(added("a: 1\nb: --x\nc: ..\n") == "parallelism.default: 4\n");
    }
}

TEST_CASE("write_file_atomically: replaces content, keeps the mode, follows links, refuses a changed file")
{
    TempDir dir;
    const std::string path = dir.write("server.properties", "a=1\n");
    REQUIRE(::chmod(path.c_str(), 0640) == 0);
    CHECK(write_file_atomically(path, "a=2\n", "a=1\n").empty());
    CHECK(sltest::read_file(path) == "a=2\n");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);

    CHECK_FALSE(write_file_atomically(path, "a=3\n", "a=1\n").empty());  // it holds a=2 now
    CHECK(sltest::read_file(path) == "a=2\n");

    const auto link = dir.path() / "link.properties";
    std::filesystem::create_symlink(path, link);
    CHECK(write_file_atomically(link.string(), "a=4\n", "a=2\n").empty());
    CHECK(std::filesystem::is_symlink(link));
    CHECK(sltest::read_file(path) == "a=4\n");
    // no temporary files left behind
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        (void)e;
        ++files;
    }
    CHECK(files == 2);
}

TEST_CASE("golden diff per fixable rule: the fix of each rule's bad example, reviewed like code")
{
    const bool update = std::getenv("STREAMLINT_UPDATE_GOLDEN") != nullptr;
    const std::string golden_dir = std::string(SL_SOURCE_DIR) + "/tests/golden/fixes";
    const RuleSet rules;
    for (const Rule* rule : rules.rules()) {
        const RuleInfo& i = rule->info();
        if (i.fix == FixAvailability::None) {
            continue;
        }
        INFO(i.id << " " << i.name);
        const FileKind kind = i.kinds.empty() ? FileKind::KafkaBroker : i.kinds.front();
        const Syntax syntax = kind == FileKind::Flink ? (i.id.starts_with("S02") ? Syntax::FlinkLegacyYaml : Syntax::FlinkYaml)
                              : kind == FileKind::ElasticsearchIndex ? Syntax::Json
                              : kind == FileKind::Jvm                ? Syntax::JvmOptions
                                                                     : Syntax::Properties;
        const std::string name = file_name_for(kind, syntax);
        LintedFile file{Document(name, kind, syntax, ""), nullptr, default_targets(), {}};
        file.targets = {"3.9", "1.20", "8.15", 17};  // old enough for every version-gated rule
        file.selection.select = {i.id};
        Relinted first = relint_file(file, i.docs.bad, rules);
        if (first.findings.empty()) {
            // A rule about what the newest versions removed fires on the default targets only.
            file.targets = default_targets();
            first = relint_file(file, i.docs.bad, rules);
        }
        FixSettings settings;
        settings.unsafe = true;
        const FileFixResult fixed = fix_file(
            Document(first.doc.path, kind, syntax, first.doc.text), first.findings,
            [&](std::string text) { return relint_file(file, std::move(text), rules); }, settings);
        const std::string diff = unified_diff(fixed.original, fixed.fixed, "a/" + name, "b/" + name);
        const std::string golden_path = golden_dir + "/" + i.id + ".diff";
        if (update) {
            std::filesystem::create_directories(golden_dir);
            std::ofstream(golden_path, std::ios::binary) << diff;
        }
        CHECK(diff == sltest::read_file(golden_path));
        // The fixed file reads cleanly and the rule no longer fires there (fixable ones).
        const Relinted after = relint_file(file, fixed.fixed, rules);
        for (const auto& note : after.doc.notes) {
            CHECK(note.kind != NoteKind::SyntaxError);
        }
        if (i.fix == FixAvailability::Always || !diff.empty()) {
            CHECK(std::none_of(after.findings.begin(), after.findings.end(),
                               [&](const Finding& f) { return f.rule == i.id; }));
        }
    }
}
