// Flink's two config formats: the legacy flink-conf.yaml line reader and the standard config.yaml.
#include <streamlint/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace streamlint;

namespace {

Document legacy(std::string text)
{
    Document doc("flink-conf.yaml", FileKind::Flink, Syntax::FlinkLegacyYaml, std::move(text));
    parse_flink_legacy(doc);
    return doc;
}

Document standard(std::string text)
{
    Document doc("config.yaml", FileKind::Flink, Syntax::FlinkYaml, std::move(text));
    parse_flink_yaml(doc);
    return doc;
}

/// "line:column-line:column" of a range, 1-based, end exclusive.
std::string span(const Document& doc, ByteRange r)
{
    const Position a = doc.position(r.begin);
    const Position b = doc.position(r.end);
    return std::to_string(a.line) + ":" + std::to_string(a.column) + "-" + std::to_string(b.line) + ":" +
           std::to_string(b.column);
}

std::vector<const ParseNote*> notes_of(const Document& doc, NoteKind kind)
{
    std::vector<const ParseNote*> out;
    for (const ParseNote& n : doc.notes) {
        if (n.kind == kind) {
            out.push_back(&n);
        }
    }
    return out;
}

/// The first setting with this key, active or not.
const Setting& setting(const Document& doc, std::string_view key)
{
    const auto it = std::find_if(doc.settings.begin(), doc.settings.end(),
                                 [&](const Setting& s) { return s.key == key; });
    REQUIRE(it != doc.settings.end());
    return *it;
}

std::vector<std::string> keys(const Document& doc)
{
    std::vector<std::string> out;
    for (const Setting& s : doc.settings) {
        out.push_back(s.key);
    }
    return out;
}

bool has_key(const Document& doc, std::string_view key)
{
    return std::any_of(doc.settings.begin(), doc.settings.end(),
                       [&](const Setting& s) { return s.key == key; });
}

/// Messages follow the house style: one sentence, sentence case, no final period.
void check_message_style(const Document& doc)
{
    for (const ParseNote& n : doc.notes) {
        INFO(n.message);
        REQUIRE(!n.message.empty());
        CHECK(n.message.back() != '.');
        CHECK(n.message.find(". ") == std::string::npos);
        const char first = n.message.front();
        CHECK(!(first >= 'a' && first <= 'z'));
    }
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The shared corpus lives next to the repository; tests that need it pass with a warning when absent.
bool shared_available(const std::filesystem::path& file)
{
    if (!std::filesystem::exists(file)) {
        WARN("shared corpus not found, skipping: " << file.string());
        return false;
    }
    return true;
}

/// `prefix` followed by the number (built by appending: GCC 12 warns falsely on "literal" + string).
std::string numbered(std::string_view prefix, int i)
{
    std::string out(prefix);
    out += std::to_string(i);
    return out;
}

std::string repeat(std::string_view s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

}  // namespace

// =============================================================================================
// Legacy flink-conf.yaml
// =============================================================================================

TEST_CASE("legacy: key and value split at the first colon-space, with exact ranges")
{
    const Document doc = legacy(
        "jobmanager.rpc.address: localhost\n"
        "  taskmanager.numberOfTaskSlots :   4   \n"
        "env.java.opts: -Da=b: c\n");
    REQUIRE(doc.settings.size() == 3);
    const Setting& a = doc.settings[0];
    CHECK(a.key == "jobmanager.rpc.address");
    CHECK(a.value == "localhost");
    CHECK(span(doc, a.key_range) == "1:1-1:23");
    CHECK(span(doc, a.value_range) == "1:25-1:34");
    CHECK(span(doc, a.line_range) == "1:1-1:34");

    // Indentation means nothing; key and value are trimmed; the line range starts at column 1.
    const Setting& b = doc.settings[1];
    CHECK(b.key == "taskmanager.numberOfTaskSlots");
    CHECK(b.value == "4");
    CHECK(span(doc, b.key_range) == "2:3-2:32");
    CHECK(span(doc, b.value_range) == "2:37-2:38");
    CHECK(span(doc, b.line_range) == "2:1-2:41");

    // A value may contain ": " itself.
    CHECK(doc.settings[2].value == "-Da=b: c");
    CHECK(doc.notes.empty());
    CHECK(doc.comments.empty());
}

TEST_CASE("legacy: trimming is Java's String.trim, so tabs and control characters go too")
{
    const Document doc = legacy("\tkey: \tvalue\x01\t\n");
    REQUIRE(doc.settings.size() == 1);
    CHECK(doc.settings[0].key == "key");
    CHECK(doc.settings[0].value == "value");
    CHECK(span(doc, doc.settings[0].value_range) == "1:8-1:13");
}

TEST_CASE("legacy: comments are recorded and a blank-separated comment after a value is no note")
{
    const Document doc = legacy(
        "# own line\n"
        "   # indented own line\n"
        "a: 1 # trailing\n"
        "b: 2\t#tab before\n");
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].value == "1");
    CHECK(span(doc, doc.settings[0].value_range) == "3:4-3:5");
    CHECK(span(doc, doc.settings[0].line_range) == "3:1-3:16");
    CHECK(doc.settings[1].value == "2");
    CHECK(doc.notes.empty());
    REQUIRE(doc.comments.size() == 4);
    CHECK(span(doc, doc.comments[0].range) == "1:1-1:11");
    CHECK(doc.comments[0].own_line);
    CHECK(span(doc, doc.comments[1].range) == "2:4-2:23");
    CHECK(doc.comments[1].own_line);
    CHECK(span(doc, doc.comments[2].range) == "3:6-3:16");
    CHECK_FALSE(doc.comments[2].own_line);
    CHECK(doc.slice(doc.comments[3].range) == "#tab before");
    CHECK_FALSE(doc.comments[3].own_line);
}

TEST_CASE("legacy: a '#' glued to a value or inside quotes truncates it")
{
    const Document doc = legacy(
        "password: abc#123\n"
        "url: http://x/#frag\n"
        "quoted: \"a #b\"\n"
        "single: 'x # y'\n");
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[0].value == "abc");
    CHECK(span(doc, doc.settings[0].value_range) == "1:11-1:14");
    CHECK(span(doc, doc.settings[0].line_range) == "1:1-1:18");
    CHECK(doc.settings[1].value == "http://x/");
    CHECK(doc.settings[2].value == "\"a");
    CHECK(doc.settings[3].value == "'x");

    const auto cuts = notes_of(doc, NoteKind::HashTruncatesValue);
    REQUIRE(cuts.size() == 4);
    CHECK(cuts[0]->key == "password");
    CHECK(span(doc, cuts[0]->range) == "1:14-1:18");  // the part Flink drops
    CHECK(cuts[0]->message.find("`password`") != std::string::npos);
    CHECK(cuts[1]->key == "url");
    CHECK(span(doc, cuts[1]->range) == "2:15-2:20");
    CHECK(cuts[2]->key == "quoted");
    CHECK(span(doc, cuts[2]->range) == "3:12-3:15");
    CHECK(cuts[3]->key == "single");
    // Not real comments, so not recorded as comments; the half-quoted values are not "quotes kept".
    CHECK(doc.comments.empty());
    CHECK(notes_of(doc, NoteKind::QuotesKept).empty());
    CHECK(doc.notes.size() == 4);
    check_message_style(doc);
}

TEST_CASE("legacy: a closed quote followed by a comment keeps the quotes and cuts nothing")
{
    const Document doc = legacy("q: \"abc\" # real comment\n");
    REQUIRE(doc.settings.size() == 1);
    CHECK(doc.settings[0].value == "\"abc\"");
    CHECK(notes_of(doc, NoteKind::HashTruncatesValue).empty());
    REQUIRE(doc.comments.size() == 1);
    CHECK(doc.slice(doc.comments[0].range) == "# real comment");
}

TEST_CASE("legacy: a '#' that cuts a key makes Flink skip the line")
{
    const Document doc = legacy("a#b: c\n");
    CHECK(doc.settings.empty());
    const auto cuts = notes_of(doc, NoteKind::HashTruncatesValue);
    REQUIRE(cuts.size() == 1);
    CHECK(cuts[0]->key == "a#b");
    CHECK(span(doc, cuts[0]->range) == "1:2-1:7");
    CHECK(notes_of(doc, NoteKind::LineSkipped).empty());
}

TEST_CASE("legacy: lines without a colon-space are skipped")
{
    const Document doc = legacy(
        "key:value\n"
        "tabbed:\tvalue\n"
        "empty:\n"
        "spaced: \n"
        "comment: # the value is a comment\n"
        ": novalue\n"
        "just words\n"
        "ok: 1\n");
    REQUIRE(doc.settings.size() == 1);
    CHECK(doc.settings[0].key == "ok");
    const auto skipped = notes_of(doc, NoteKind::LineSkipped);
    REQUIRE(skipped.size() == 7);
    CHECK(doc.notes.size() == 7);

    CHECK(skipped[0]->key == "key");
    CHECK(span(doc, skipped[0]->range) == "1:1-1:10");
    CHECK(skipped[0]->message.find("not followed by a space") != std::string::npos);
    CHECK(skipped[1]->key == "tabbed");
    CHECK(skipped[2]->key == "empty");
    CHECK(skipped[2]->message.find("no value") != std::string::npos);
    CHECK(span(doc, skipped[2]->range) == "3:1-3:7");
    CHECK(skipped[3]->key == "spaced");
    CHECK(span(doc, skipped[3]->range) == "4:1-4:8");
    CHECK(skipped[4]->key == "comment");
    CHECK(skipped[5]->message.find("key before") != std::string::npos);
    CHECK(span(doc, skipped[6]->range) == "7:1-7:11");
    CHECK(skipped[6]->message.find("not a `key: value` pair") != std::string::npos);
    check_message_style(doc);
}

TEST_CASE("legacy: quotes are kept in the value")
{
    const Document doc = legacy(
        "a: \"quoted value\"\n"
        "b: 'single'\n"
        "c: \"half\n"
        "d: \"\n");
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[0].value == "\"quoted value\"");
    CHECK(span(doc, doc.settings[0].value_range) == "1:4-1:18");
    CHECK(doc.settings[1].value == "'single'");
    const auto kept = notes_of(doc, NoteKind::QuotesKept);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0]->key == "a");
    CHECK(kept[0]->range == doc.settings[0].value_range);
    CHECK(kept[1]->key == "b");
    check_message_style(doc);
}

TEST_CASE("legacy: a nested YAML block is read without its parents")
{
    const Document doc = legacy(
        "taskmanager:\n"
        "  numberOfTaskSlots: 2\n"
        "  # a comment inside\n"
        "\n"
        "  memory:\n"
        "    process.size: 1728m\n"
        "  host: tm1\n"
        "parallelism.default: 4\n");
    CHECK(keys(doc) ==
          std::vector<std::string>{"numberOfTaskSlots", "process.size", "host", "parallelism.default"});
    const auto misread = notes_of(doc, NoteKind::NestedBlockMisread);
    REQUIRE(misread.size() == 5);
    CHECK(notes_of(doc, NoteKind::LineSkipped).empty());  // the headers are not reported twice

    CHECK(misread[0]->key == "taskmanager");
    CHECK(span(doc, misread[0]->range) == "1:1-1:13");
    CHECK(misread[0]->message.find("`taskmanager.`") != std::string::npos);

    CHECK(misread[1]->key == "taskmanager.numberOfTaskSlots");
    CHECK(span(doc, misread[1]->range) == "2:3-2:20");
    CHECK(misread[1]->range == doc.settings[0].key_range);
    CHECK(misread[1]->message.find("`numberOfTaskSlots`") != std::string::npos);
    CHECK(misread[1]->message.find("`taskmanager.numberOfTaskSlots`") != std::string::npos);

    CHECK(misread[2]->key == "taskmanager.memory");
    CHECK(span(doc, misread[2]->range) == "5:3-5:10");
    CHECK(misread[3]->key == "taskmanager.memory.process.size");
    CHECK(span(doc, misread[3]->range) == "6:5-6:17");
    CHECK(misread[4]->key == "taskmanager.host");

    // The block ends at the first line indented no deeper than its header.
    CHECK(doc.notes.size() == 5);
    check_message_style(doc);
}

TEST_CASE("legacy: YAML list items under a key are misread")
{
    const Document doc = legacy(
        "jars:\n"
        "- a.jar\n"
        "- b: c\n"
        "other: 1\n"
        "opts:\n"
        "  - x\n");
    CHECK(keys(doc) == std::vector<std::string>{"- b", "other"});
    const auto misread = notes_of(doc, NoteKind::NestedBlockMisread);
    REQUIRE(misread.size() == 5);
    CHECK(misread[0]->key == "jars");
    CHECK(misread[0]->message.find("list") != std::string::npos);
    CHECK(span(doc, misread[1]->range) == "2:1-2:8");
    CHECK(misread[1]->message.find("`jars: a;b`") != std::string::npos);
    CHECK(span(doc, misread[2]->range) == "3:1-3:4");
    CHECK(misread[2]->message.find("`- b`") != std::string::npos);
    CHECK(misread[3]->key == "opts");
    CHECK(span(doc, misread[4]->range) == "6:3-6:6");
    CHECK(doc.notes.size() == 5);
}

TEST_CASE("legacy: a header with nothing indented under it is an empty value, not a block")
{
    const Document doc = legacy(
        "section:\n"
        "next: 1\n"
        "  indented: 2\n");
    CHECK(keys(doc) == std::vector<std::string>{"next", "indented"});
    REQUIRE(doc.notes.size() == 1);
    CHECK(doc.notes[0].kind == NoteKind::LineSkipped);
    CHECK(doc.notes[0].key == "section");
}

TEST_CASE("legacy: lines inside a nested block that Flink skips anyway")
{
    const Document doc = legacy(
        "outer:\n"
        "  bad:x\n"
        "  leaf:\n"
        "  some words\n");
    CHECK(doc.settings.empty());
    REQUIRE(doc.notes.size() == 4);
    CHECK(doc.notes[0].kind == NoteKind::NestedBlockMisread);
    CHECK(doc.notes[1].kind == NoteKind::LineSkipped);
    CHECK(doc.notes[1].key == "bad");
    CHECK(doc.notes[2].kind == NoteKind::LineSkipped);
    CHECK(doc.notes[2].key == "leaf");
    CHECK(doc.notes[3].kind == NoteKind::NestedBlockMisread);
    CHECK(doc.notes[3].key == "outer");
}

TEST_CASE("legacy: the last duplicate wins")
{
    const Document doc = legacy("a: 1\nb: 2\na: 3\n");
    REQUIRE(doc.settings.size() == 3);
    CHECK(doc.settings[0].inactive == Inactive::Overridden);
    CHECK(doc.settings[0].overridden_by == 2);
    CHECK(doc.settings[1].active());
    CHECK(doc.settings[2].active());
    REQUIRE(doc.find("a") != nullptr);
    CHECK(doc.find("a")->value == "3");
}

TEST_CASE("legacy: CRLF and lone CR line ends")
{
    const Document doc = legacy("a: 1\r\n# c\r\nb: 2 # t\r\rc: x#y\r\n");
    REQUIRE(doc.settings.size() == 3);
    CHECK(span(doc, doc.settings[0].line_range) == "1:1-1:5");
    CHECK(span(doc, doc.settings[1].value_range) == "3:4-3:5");
    CHECK(span(doc, doc.settings[1].line_range) == "3:1-3:9");
    CHECK(span(doc, doc.settings[2].key_range) == "5:1-5:2");
    CHECK(doc.settings[2].value == "x");
    REQUIRE(doc.comments.size() == 2);
    CHECK(doc.slice(doc.comments[0].range) == "# c");
    CHECK(doc.slice(doc.comments[1].range) == "# t");
    const auto cuts = notes_of(doc, NoteKind::HashTruncatesValue);
    REQUIRE(cuts.size() == 1);
    CHECK(doc.slice(cuts[0]->range) == "#y");
}

TEST_CASE("legacy: a byte order mark becomes part of the first key")
{
    const Document doc = legacy("\xEF\xBB\xBFjobmanager.rpc.port: 6123\n");
    REQUIRE(doc.settings.size() == 1);
    CHECK(doc.settings[0].key == "\xEF\xBB\xBFjobmanager.rpc.port");
    const auto bom = notes_of(doc, NoteKind::Utf8Bom);
    REQUIRE(bom.size() == 1);
    CHECK(bom[0]->range == ByteRange{0, 3});

    // Before a comment the mark changes nothing.
    const Document commented = legacy("\xEF\xBB\xBF# comment\na: 1\n");
    CHECK(commented.notes.empty());
    REQUIRE(commented.comments.size() == 1);
    CHECK(commented.comments[0].own_line);
    CHECK(commented.comments[0].range.begin == 3);
}

TEST_CASE("legacy: empty input and hostile bytes")
{
    CHECK(legacy("").settings.empty());
    CHECK(legacy("\n\n\r\n").notes.empty());
    const Document nul = legacy(std::string("a: x\0y\nb: 2\n", 12));
    REQUIRE(nul.settings.size() == 2);
    CHECK(nul.settings[0].value == std::string("x\0y", 3));
    const Document bad = legacy("a: \xFF\xFE\nb: 2\n");
    CHECK(bad.settings.size() == 2);
    const Document deep =
        legacy(repeat("[", 100000) + ": x\n" + repeat(" ", 5000) + "a:\n" + repeat(" ", 5001) + "b: 1\n");
    CHECK(deep.settings.size() == 2);
}

TEST_CASE("legacy: the Flink 1.16 sample flink-conf.yaml")
{
    const std::filesystem::path file =
        std::filesystem::path(SL_SHARED_DIR) / "corpus/upstream/flink-1.16/flink-conf.yaml";
    if (!shared_available(file)) {
        return;
    }
    const Document doc = legacy(read_file(file));
    // The file is flat `key: value` lines and comments: Flink reads all of it as written.
    CHECK(doc.notes.empty());
    CHECK(keys(doc) == std::vector<std::string>{
                           "jobmanager.rpc.address", "jobmanager.rpc.port", "jobmanager.bind-host",
                           "jobmanager.memory.process.size", "taskmanager.bind-host", "taskmanager.host",
                           "taskmanager.memory.process.size", "taskmanager.numberOfTaskSlots",
                           "parallelism.default", "jobmanager.execution.failover-strategy", "rest.address",
                           "rest.bind-address"});
    CHECK(doc.find("taskmanager.memory.process.size")->value == "1728m");
    CHECK(doc.find("jobmanager.memory.process.size")->value == "1600m");
    CHECK(span(doc, doc.find("taskmanager.numberOfTaskSlots")->key_range) == "91:1-91:30");
    CHECK(doc.comments.size() == 229);
    CHECK(std::all_of(doc.comments.begin(), doc.comments.end(), [](const Comment& c) { return c.own_line; }));
}

// =============================================================================================
// Standard config.yaml
// =============================================================================================

TEST_CASE("yaml: nested mappings are flattened with exact ranges")
{
    const Document doc = standard(
        "taskmanager:\n"
        "  numberOfTaskSlots: 4\n"
        "  memory:\n"
        "    process:\n"
        "      size: 1728m   # total\n"
        "jobmanager.rpc.address: jm\n");
    CHECK(keys(doc) == std::vector<std::string>{"taskmanager.numberOfTaskSlots",
                                                "taskmanager.memory.process.size", "jobmanager.rpc.address"});
    const Setting& slots = doc.settings[0];
    CHECK(slots.value == "4");
    CHECK(slots.shape == ValueShape::Scalar);
    CHECK(span(doc, slots.key_range) == "2:3-2:20");
    CHECK(span(doc, slots.value_range) == "2:22-2:23");
    CHECK(span(doc, slots.line_range) == "2:1-2:23");

    const Setting& size = doc.settings[1];
    CHECK(size.value == "1728m");
    CHECK(doc.slice(size.key_range) == "size");
    CHECK(span(doc, size.key_range) == "5:7-5:11");
    CHECK(span(doc, size.value_range) == "5:13-5:18");
    CHECK(span(doc, size.line_range) == "5:1-5:28");

    CHECK(span(doc, doc.settings[2].key_range) == "6:1-6:23");
    CHECK(doc.notes.empty());
    REQUIRE(doc.comments.size() == 1);
    CHECK(doc.slice(doc.comments[0].range) == "# total");
    CHECK_FALSE(doc.comments[0].own_line);
}

TEST_CASE("yaml: dotted keys and nesting mix")
{
    const Document doc = standard(
        "state: {checkpoints.dir: \"s3://b/ck\", backend: {type: rocksdb}}\n"
        "execution:\n"
        "  checkpointing.interval: 10 s\n");
    CHECK(keys(doc) == std::vector<std::string>{"state.checkpoints.dir", "state.backend.type",
                                                "execution.checkpointing.interval"});
    const Setting& dir = doc.settings[0];
    CHECK(dir.value == "s3://b/ck");
    CHECK(doc.slice(dir.key_range) == "checkpoints.dir");
    CHECK(doc.slice(dir.value_range) == "\"s3://b/ck\"");
    CHECK(span(doc, dir.value_range) == "1:26-1:37");
    CHECK(doc.settings[1].value == "rocksdb");
    CHECK(doc.settings[2].value == "10 s");
    CHECK(doc.notes.empty());
}

TEST_CASE("yaml: duplicate keys are all kept and the last one wins")
{
    // yaml-cpp's event API reports both keys of a duplicate pair; its node API would keep both
    // pairs too and `operator[]` would return the first. Flink's loader rejects a key repeated at
    // one mapping level (a SyntaxError note at the repeat); a nested and a dotted spelling of one
    // key are not caught there and the later one wins.
    const Document doc = standard(
        "a: 1\n"
        "b:\n"
        "  c: 2\n"
        "a: 3\n"
        "b.c: 4\n");
    REQUIRE(doc.settings.size() == 4);
    CHECK(keys(doc) == std::vector<std::string>{"a", "b.c", "a", "b.c"});
    CHECK(doc.settings[0].inactive == Inactive::Overridden);
    CHECK(doc.settings[0].overridden_by == 2);
    CHECK(doc.settings[1].inactive == Inactive::Overridden);
    CHECK(doc.settings[1].overridden_by == 3);
    CHECK(doc.find("a")->value == "3");
    CHECK(doc.find("b.c")->value == "4");
    CHECK(span(doc, doc.settings[3].key_range) == "5:1-5:4");
    REQUIRE(doc.notes.size() == 1);  // `a` twice at the top level
    CHECK(doc.notes[0].kind == NoteKind::SyntaxError);
    CHECK(span(doc, doc.notes[0].range) == "4:1-4:2");
}

TEST_CASE("yaml: sequences are lists, stored in Flink's flow form")
{
    const Document doc = standard(
        "pipeline:\n"
        "  jars:\n"
        "    - file:///a.jar\n"
        "    - b.jar\n"
        "flow: [x, \"y z\", '123', 0x1F, TRUE, host:9092, \"\"]\n"
        "maps:\n"
        "- k: v\n"
        "  n: 1\n"
        "- [p, q]\n"
        "empty: []\n");
    const Setting& jars = setting(doc, "pipeline.jars");
    CHECK(jars.shape == ValueShape::List);
    CHECK(jars.items == std::vector<std::string>{"file:///a.jar", "b.jar"});
    CHECK(jars.value == "['file:///a.jar', b.jar]");
    CHECK(span(doc, jars.key_range) == "2:3-2:7");
    CHECK(span(doc, jars.value_range) == "3:5-4:12");
    CHECK(span(doc, jars.line_range) == "2:1-4:12");

    const Setting& flow = setting(doc, "flow");
    CHECK(flow.items == std::vector<std::string>{"x", "y z", "123", "31", "true", "host:9092", ""});
    CHECK(flow.value == "[x, y z, '123', 31, true, 'host:9092', '']");
    CHECK(span(doc, flow.value_range) == "5:7-5:51");

    const Setting& maps = setting(doc, "maps");
    CHECK(maps.shape == ValueShape::List);
    CHECK(maps.value == "[{k: v, n: 1}, [p, q]]");
    CHECK(maps.items == std::vector<std::string>{"{k: v, n: 1}", "[p, q]"});
    CHECK(span(doc, maps.value_range) == "7:1-9:9");

    const Setting& empty = setting(doc, "empty");
    CHECK(empty.shape == ValueShape::List);
    CHECK(empty.value == "[]");
    CHECK(empty.items.empty());
    CHECK(doc.notes.empty());
}

TEST_CASE("yaml: null values have no value, and Flink refuses them")
{
    const Document doc = standard(
        "a:\n"
        "b: ~\n"
        "c: null   # comment\n"
        "d: 'null'\n"
        "e: {}\n"
        "f: 1\n");
    // An empty mapping flattens to nothing, as in Flink.
    CHECK(keys(doc) == std::vector<std::string>{"a", "b", "c", "d", "f"});
    const Setting& a = setting(doc, "a");
    CHECK(a.shape == ValueShape::Null);
    CHECK(a.value.empty());
    CHECK(span(doc, a.value_range) == "1:3-1:3");
    CHECK(span(doc, a.line_range) == "1:1-1:3");
    CHECK(setting(doc, "b").shape == ValueShape::Null);
    CHECK(span(doc, setting(doc, "b").value_range) == "2:4-2:5");
    CHECK(span(doc, setting(doc, "c").value_range) == "3:4-3:8");
    CHECK(setting(doc, "d").shape == ValueShape::Scalar);
    CHECK(setting(doc, "d").value == "null");

    // Flink's Configuration throws on a null value, so loading config.yaml fails.
    const auto errors = notes_of(doc, NoteKind::SyntaxError);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0]->key == "a");
    CHECK(errors[0]->range == a.key_range);
    CHECK(errors[1]->key == "b");
    CHECK(errors[2]->key == "c");
    check_message_style(doc);
}

TEST_CASE("yaml: scalars as YAML resolves them, with their raw spans")
{
    const Document doc = standard(
        "dq: \"a\\tb \\\"q\\\" \\u00e9\"  # c\n"
        "sq: 'it''s # not a comment'\n"
        "plain: first\n"
        "  second  \n"
        "\n"
        "  third   # c2\n"
        "lit: |\n"
        "  line 1\n"
        "    # not a comment\n"
        "\n"
        "  line 3\n"
        "\n"
        "# c3\n"
        "fold: >-\n"
        "  one\n"
        "  two\n"
        "int: 0x10\n"
        "bool: True\n"
        "str: !!str 010\n"
        "after: end\n");
    const Setting& dq = setting(doc, "dq");
    CHECK(dq.value == "a\tb \"q\" \xC3\xA9");
    CHECK(doc.slice(dq.value_range) == "\"a\\tb \\\"q\\\" \\u00e9\"");
    const Setting& sq = setting(doc, "sq");
    CHECK(sq.value == "it's # not a comment");
    CHECK(span(doc, sq.value_range) == "2:5-2:28");
    const Setting& plain = setting(doc, "plain");
    CHECK(plain.value == "first second\nthird");
    CHECK(span(doc, plain.value_range) == "3:8-6:8");
    CHECK(span(doc, plain.line_range) == "3:1-6:15");
    const Setting& lit = setting(doc, "lit");
    CHECK(lit.value == "line 1\n  # not a comment\n\nline 3\n");
    CHECK(span(doc, lit.value_range) == "7:6-11:9");
    const Setting& fold = setting(doc, "fold");
    CHECK(fold.value == "one two");
    CHECK(span(doc, fold.value_range) == "14:7-16:6");
    // Core-schema integers and booleans reach Flink as Integer/Boolean objects.
    CHECK(setting(doc, "int").value == "16");
    CHECK(setting(doc, "bool").value == "true");
    CHECK(setting(doc, "str").value == "010");
    CHECK(setting(doc, "after").value == "end");

    std::vector<std::string> comments;
    for (const Comment& c : doc.comments) {
        comments.emplace_back(doc.slice(c.range));
    }
    CHECK(comments == std::vector<std::string>{"# c", "# c2", "# c3"});
    CHECK(doc.comments[2].own_line);
    CHECK(doc.notes.empty());
}

TEST_CASE("yaml: anchors and aliases")
{
    const Document doc = standard(
        "base: &base\n"
        "  size: 1g\n"
        "copy: *base\n"
        "name: &n tm\n"
        "again: *n\n"
        "list: &l [a, b]\n"
        "list2: *l\n");
    CHECK(keys(doc) == std::vector<std::string>{"base.size", "copy.size", "name", "again", "list", "list2"});
    const Setting& copied = setting(doc, "copy.size");
    CHECK(copied.value == "1g");
    CHECK(span(doc, copied.key_range) == "2:3-2:7");  // where the key is written: under the anchor
    CHECK(setting(doc, "again").value == "tm");
    CHECK(span(doc, setting(doc, "again").value_range) == "5:8-5:10");
    CHECK(span(doc, setting(doc, "name").value_range) == "4:10-4:12");
    CHECK(setting(doc, "list2").value == "[a, b]");
    CHECK(setting(doc, "list2").items == std::vector<std::string>{"a", "b"});
    CHECK(span(doc, setting(doc, "list").value_range) == "6:10-6:16");
    CHECK(doc.notes.empty());
}

TEST_CASE("yaml: a syntax error is noted at yaml-cpp's mark and earlier settings are kept")
{
    const Document doc = standard(
        "a: 1\n"
        "b: [1, 2\n"
        "c: 3\n");
    const auto errors = notes_of(doc, NoteKind::SyntaxError);
    REQUIRE(errors.size() == 1);
    CHECK(span(doc, errors[0]->range) == "3:2-3:3");
    CHECK(errors[0]->message.find("end of sequence flow not found") != std::string::npos);
    CHECK(keys(doc) == std::vector<std::string>{"a"});  // `b` was never closed
    check_message_style(doc);

    const Document indent = standard("a: 1\n  b: 2\n");
    REQUIRE(indent.notes.size() == 1);
    CHECK(span(indent, indent.notes[0].range) == "2:4-2:5");
    CHECK(indent.settings.empty());  // the top-level mapping never closed
}

TEST_CASE("yaml: a quoted value the file never closes stops Flink loading")
{
    // yaml-cpp 0.7 takes the rest of the file as the value; snakeyaml, Flink's reader, refuses it
    // (found by fuzzing: fixes kept rewriting such a file without end).
    for (const char* text : {"a: 1\nb: 'x\n", "a: 1\nb: \"x\nc: 2\n", "a: 1\nb: 'it''s\n"}) {
        INFO(text);
        const Document doc = standard(text);
        const auto errors = notes_of(doc, NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(span(doc, errors[0]->range) == "2:4-2:5");
        CHECK(errors[0]->message.find("never closed") != std::string::npos);
        CHECK(keys(doc) == std::vector<std::string>{"a"});
        check_message_style(doc);
    }
    // closed quotes, apostrophes inside plain scalars and escaped quotes are no error
    const Document fine = standard("a: \"it's \\\" x\"\nb: 'it''s'\nc: don't\nd: [x, 'y']\n");
    CHECK(notes_of(fine, NoteKind::SyntaxError).empty());
    CHECK(keys(fine) == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("yaml: empty documents give nothing")
{
    for (const char* text : {"", "\n\n", "# just a comment\n", "---\n", "---\n...\n", "~\n"}) {
        INFO(text);
        const Document doc = standard(text);
        CHECK(doc.settings.empty());
        CHECK(doc.notes.empty());
    }
}

TEST_CASE("yaml: what Flink's loader refuses")
{
    const Document two = standard("a: 1\n---\nb: 2\n");
    CHECK(keys(two) == std::vector<std::string>{"a"});
    REQUIRE(two.notes.size() == 1);
    CHECK(span(two, two.notes[0].range) == "2:1-2:2");
    CHECK(two.notes[0].message.find("more than one YAML document") != std::string::npos);

    const Document scalar = standard("just a string\n");
    CHECK(scalar.settings.empty());
    REQUIRE(scalar.notes.size() == 1);
    CHECK(scalar.notes[0].message.find("top level") != std::string::npos);
    CHECK(span(scalar, scalar.notes[0].range) == "1:1-1:14");

    const Document list = standard("- a\n- b\n");
    REQUIRE(list.notes.size() == 1);
    CHECK(list.notes[0].kind == NoteKind::SyntaxError);

    const Document number_key = standard("metrics:\n  1: x\n  true: y\n  '2': z\n");
    CHECK(keys(number_key) == std::vector<std::string>{"metrics.1", "metrics.true", "metrics.2"});
    const auto errors = notes_of(number_key, NoteKind::SyntaxError);
    REQUIRE(errors.size() == 2);
    CHECK(span(number_key, errors[0]->range) == "2:3-2:4");
    CHECK(errors[0]->message.find("a number") != std::string::npos);
    CHECK(errors[1]->message.find("a boolean") != std::string::npos);

    const Document tag = standard("a: !custom x\n");
    REQUIRE(tag.notes.size() == 1);
    CHECK(tag.notes[0].message.find("`!custom`") != std::string::npos);
    CHECK(tag.settings.size() == 1);
    check_message_style(two);
    check_message_style(scalar);
    check_message_style(number_key);
}

TEST_CASE("yaml: CRLF files")
{
    const Document doc = standard(
        "# head\r\n"
        "taskmanager:\r\n"
        "  numberOfTaskSlots: 2 # c\r\n"
        "  text: |\r\n"
        "    one\r\n"
        "    two\r\n"
        "list:\r\n"
        "- a\r\n"
        "- b\r\n"
        "plain: x\r\n"
        "  y\r\n");
    CHECK(keys(doc) ==
          std::vector<std::string>{"taskmanager.numberOfTaskSlots", "taskmanager.text", "list", "plain"});
    const Setting& slots = doc.settings[0];
    CHECK(span(doc, slots.key_range) == "3:3-3:20");
    CHECK(span(doc, slots.value_range) == "3:22-3:23");
    CHECK(span(doc, slots.line_range) == "3:1-3:27");
    const Setting& text = doc.settings[1];
    CHECK(text.value == "one\ntwo\n");
    CHECK(span(doc, text.value_range) == "4:9-6:8");
    CHECK(doc.slice(text.value_range).back() == 'o');
    CHECK(span(doc, doc.settings[2].value_range) == "8:1-9:4");
    CHECK(doc.settings[3].value == "x y");
    CHECK(span(doc, doc.settings[3].value_range) == "10:8-11:4");
    REQUIRE(doc.comments.size() == 2);
    CHECK(doc.slice(doc.comments[0].range) == "# head");
    CHECK(doc.slice(doc.comments[1].range) == "# c");
    CHECK(doc.notes.empty());
}

TEST_CASE("yaml: lone CR line ends")
{
    // yaml-cpp 0.7 does not break lines at a lone CR; YAML and Flink do.
    const Document doc = standard("a: 1\rb:\r  c: 2 # x\rd: [1,\r  2]\r");
    CHECK(doc.notes.empty());
    CHECK(keys(doc) == std::vector<std::string>{"a", "b.c", "d"});
    CHECK(setting(doc, "a").value == "1");
    CHECK(span(doc, setting(doc, "b.c").key_range) == "3:3-3:4");
    CHECK(span(doc, setting(doc, "d").value_range) == "4:4-5:5");
    REQUIRE(doc.comments.size() == 1);
    CHECK(span(doc, doc.comments[0].range) == "3:8-3:11");
}

TEST_CASE("yaml: marks are byte offsets, also after multi-byte characters and a BOM")
{
    // yaml-cpp's Mark::pos counts bytes of UTF-8 input; a leading BOM is skipped and not counted.
    const Document doc = standard(
        "\xEF\xBB\xBF"
        "k\xC3\xA9y: \xE2\x82\xAC\xE2\x82\xAC # c\nnext: \"\xF0\x9F\x98\x80\"\n");
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].key == "k\xC3\xA9y");
    CHECK(doc.settings[0].key_range == ByteRange{3, 7});
    CHECK(doc.settings[0].value == "\xE2\x82\xAC\xE2\x82\xAC");
    CHECK(doc.settings[0].value_range == ByteRange{9, 15});
    CHECK(doc.slice(doc.settings[1].value_range) == "\"\xF0\x9F\x98\x80\"");
    REQUIRE(doc.comments.size() == 1);
    CHECK(doc.slice(doc.comments[0].range) == "# c");
    CHECK(doc.notes.empty());
}

TEST_CASE("yaml: the Flink 1.20 and 2.0 sample config.yaml files")
{
    for (const char* version : {"flink-1.20", "flink-2.0"}) {
        INFO(version);
        const std::filesystem::path file =
            std::filesystem::path(SL_SHARED_DIR) / "corpus/upstream" / version / "config.yaml";
        if (!shared_available(file)) {
            return;
        }
        const Document doc = standard(read_file(file));
        CHECK(doc.notes.empty());
        std::vector<std::string> expected{"env.java.opts.all",
                                          "jobmanager.bind-host",
                                          "jobmanager.rpc.address",
                                          "jobmanager.rpc.port",
                                          "jobmanager.memory.process.size",
                                          "jobmanager.execution.failover-strategy",
                                          "taskmanager.bind-host",
                                          "taskmanager.host",
                                          "taskmanager.numberOfTaskSlots",
                                          "taskmanager.memory.process.size",
                                          "parallelism.default",
                                          "rest.address"};
        if (std::string_view(version) == "flink-1.20") {
            expected.emplace_back("rest.bind-address");
        }
        CHECK(keys(doc) == expected);
        CHECK(doc.find("taskmanager.numberOfTaskSlots")->value == "1");
        CHECK(doc.find("taskmanager.memory.process.size")->value == "1728m");
        CHECK(doc.find("jobmanager.memory.process.size")->value == "1600m");
        CHECK(doc.slice(doc.find("taskmanager.memory.process.size")->key_range) == "size");
        CHECK(doc.find("env.java.opts.all")
                  ->value.rfind("--add-exports=java.base/sun.net.util=ALL-UNNAMED", 0) == 0);
        // Every line with a '#' in these files holds a comment.
        std::istringstream lines(read_file(file));
        std::size_t commented = 0;
        for (std::string line; std::getline(lines, line);) {
            commented += line.find('#') != std::string::npos ? 1 : 0;
        }
        CHECK(doc.comments.size() == commented);
    }
}

// =============================================================================================
// Hostile input: a note, no crash, bounded work
// =============================================================================================

TEST_CASE("yaml: deep nesting is refused before yaml-cpp recurses")
{
    SECTION("flow")
    {
        const Document doc = standard("ok: 1\na: " + repeat("[", 10000) + repeat("]", 10000) + "\n");
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.notes[0].kind == NoteKind::SyntaxError);
        CHECK(doc.notes[0].message.find("deeper than 256") != std::string::npos);
        CHECK(span(doc, doc.notes[0].range) == "2:259-2:260");
        CHECK(keys(doc) == std::vector<std::string>{"ok"});
    }
    SECTION("flow mappings")
    {
        const Document doc = standard(repeat("{a: ", 10000) + "1" + repeat("}", 10000) + "\n");
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.settings.empty());
    }
    SECTION("block sequences")
    {
        const Document doc = standard("a:\n  " + repeat("- ", 10000) + "x\n");
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.notes[0].message.find("deeper than 256") != std::string::npos);
        CHECK(doc.settings.empty());  // `a` is cut short, so neither it nor a null note is kept
    }
    SECTION("block mappings")
    {
        std::string text = "first: 1\n";
        for (int i = 0; i < 2000; ++i) {
            text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
        }
        text += std::string(2000, ' ') + "leaf: 1\n";
        const Document doc = standard(text);
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.position(doc.notes[0].range.begin).line == 258);
        CHECK(keys(doc) == std::vector<std::string>{"first"});
    }
    SECTION("just under the limit is read")
    {
        const Document doc = standard("a: " + repeat("[", 200) + "x" + repeat("]", 200) + "\n");
        CHECK(doc.notes.empty());
        REQUIRE(doc.settings.size() == 1);
        CHECK(doc.settings[0].value == repeat("[", 200) + "x" + repeat("]", 200));
    }
}

TEST_CASE("yaml: alias bombs cost bounded work")
{
    SECTION("billion laughs: more aliases to collections than Flink's loader allows")
    {
        std::string text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        for (int i = 1; i < 10; ++i) {
            text += numbered("l", i);
            text += numbered(": &l", i);
            text += " [";
            for (int k = 0; k < 9; ++k) {
                text += numbered(k > 0 ? ", *l" : "*l", i - 1);
            }
            text += "]\n";
        }
        const Document doc = standard(text);
        const auto errors = notes_of(doc, NoteKind::SyntaxError);
        REQUIRE_FALSE(errors.empty());
        CHECK(errors[0]->message.find("more than 50 aliases") != std::string::npos);
        CHECK(span(doc, errors[0]->range) == "7:35-7:36");  // the 51st alias
        CHECK(has_key(doc, "l0"));
        CHECK_FALSE(has_key(doc, "l6"));
    }
    SECTION("exponential expansion within 50 aliases")
    {
        std::string text = "a0: &a0 [x, y]\n";
        for (int i = 1; i < 25; ++i) {
            const std::string prev = numbered("*a", i - 1);
            text += numbered("a", i);
            text += numbered(": &a", i);
            text += " [" + prev + ", " + prev + "]\n";
        }
        const Document doc = standard(text);
        const auto errors = notes_of(doc, NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0]->message.find("expand to more than") != std::string::npos);
        CHECK(setting(doc, "a1").value == "[[x, y], [x, y]]");
        CHECK_FALSE(has_key(doc, "a24"));
    }
    SECTION("mappings expanded into flattened keys")
    {
        std::string text = "m0: &m0 {x: 1, y: 2}\n";
        for (int i = 1; i < 25; ++i) {
            const std::string prev = numbered("*m", i - 1);
            text += numbered("m", i);
            text += numbered(": &m", i);
            text += " {p: " + prev + ", q: " + prev + "}\n";
        }
        const Document doc = standard(text);
        REQUIRE(notes_of(doc, NoteKind::SyntaxError).size() == 1);
        CHECK(doc.settings.size() < 30000);
        CHECK(setting(doc, "m2.p.q.y").value == "2");
    }
    SECTION("an alias inside its own anchor")
    {
        const Document doc = standard("a: &a [1, *a]\nb: 2\n");
        REQUIRE(doc.notes.size() == 1);
        CHECK(span(doc, doc.notes[0].range) == "1:11-1:12");
        CHECK(setting(doc, "b").value == "2");
    }
}

TEST_CASE("yaml: bytes Flink refuses to decode")
{
    SECTION("NUL")
    {
        const Document doc = standard(std::string("a: 1\nb: x\0y\nc: 3\n", 17));
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.notes[0].kind == NoteKind::SyntaxError);
        CHECK(span(doc, doc.notes[0].range) == "2:5-2:6");
        CHECK(doc.notes[0].message.find("U+0000") != std::string::npos);
        CHECK(keys(doc) == std::vector<std::string>{"a"});
    }
    SECTION("other control characters")
    {
        const Document doc = standard("a: x\x07y\n");
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.notes[0].message.find("U+0007") != std::string::npos);
    }
    SECTION("invalid UTF-8")
    {
        for (const std::string bad : {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\xF5\x80\x80\x80"}) {
            const Document doc = standard("a: 1\nb: " + bad + "\nc: 3\n");
            REQUIRE(doc.notes.size() == 1);
            CHECK(span(doc, doc.notes[0].range) == "2:4-2:5");
            CHECK(doc.notes[0].message.find("UTF-8") != std::string::npos);
            CHECK(keys(doc) == std::vector<std::string>{"a"});
        }
    }
    SECTION("UTF-16 with a byte order mark")
    {
        const Document doc =
            standard(std::string("\xFF\xFE"
                                 "a\0:\0 \0"
                                 "1\0",
                                 10));
        REQUIRE(doc.notes.size() == 1);
        CHECK(doc.notes[0].range.begin == 0);
        CHECK(doc.settings.empty());
    }
}

TEST_CASE("yaml: garbage never crashes")
{
    // A fixed pseudo-random soup of YAML indicators; every result must stay inside the text.
    std::uint32_t state = 12345;
    const std::string_view alphabet = "ab:- #'\"[]{},&*!|>?\n\n  \t\r~.0x\\%@`";
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const std::uint32_t length = 1 + (state % 97);
        for (std::uint32_t i = 0; i < length; ++i) {
            state = state * 1103515245u + 12345u;
            text += alphabet[(state >> 16) % alphabet.size()];
        }
        const Document doc = standard(text);
        const Document old = legacy(text);
        for (const Setting& s : doc.settings) {
            CHECK(s.key_range.end <= doc.text.size());
            CHECK(s.value_range.end <= doc.text.size());
            CHECK(s.line_range.end <= doc.text.size());
            CHECK(s.line_range.begin <= s.key_range.begin);
        }
        for (const Comment& c : doc.comments) {
            CHECK(doc.text[c.range.begin] == '#');
        }
        CHECK(old.settings.size() <= old.text.size());
    }
}

TEST_CASE("yaml: a key repeated within one mapping stops Flink loading; nested-versus-dotted does not")
{
    Document same("config.yaml", FileKind::Flink, Syntax::FlinkYaml,
                  "taskmanager:\n  numberOfTaskSlots: 2\n  numberOfTaskSlots: 4\n");
    parse_flink_yaml(same);
    REQUIRE(same.notes.size() == 1);
    CHECK(same.notes[0].kind == NoteKind::SyntaxError);
    CHECK(same.position(same.notes[0].range.begin) == Position{3, 3});
    CHECK(same.notes[0].key == "taskmanager.numberOfTaskSlots");

    Document mixed("config.yaml", FileKind::Flink, Syntax::FlinkYaml,
                   "taskmanager:\n  numberOfTaskSlots: 2\ntaskmanager.numberOfTaskSlots: 4\n");
    parse_flink_yaml(mixed);
    CHECK(mixed.notes.empty());
    REQUIRE(mixed.settings.size() == 2);
    CHECK(mixed.settings[0].inactive == Inactive::Overridden);
}
