// Tests for parse_es_json and es_json_shape_recognised: Elasticsearch index JSON bodies read as
// Elasticsearch reads them (Jackson with comments and strict duplicate detection, Settings
// flattening, the `index.` prefix), with exact byte positions.
//
// The accept/reject verdicts and the HashMap orders below were checked against jackson-core 2.17 as
// Elasticsearch configures it and against java.util.HashMap on a JDK.

#include <streamlint/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace streamlint;

namespace {

Document parse(std::string text)
{
    Document doc("test.json", FileKind::ElasticsearchIndex, Syntax::Json, std::move(text));
    parse_es_json(doc);
    return doc;
}

std::vector<const ParseNote*> syntax_errors(const Document& doc)
{
    std::vector<const ParseNote*> out;
    for (const ParseNote& n : doc.notes) {
        if (n.kind == NoteKind::SyntaxError) {
            out.push_back(&n);
        }
    }
    return out;
}

/// The active setting with this key (and scope), or null.
const Setting* active(const Document& doc, std::string_view key, std::string_view scope = {})
{
    const Setting* found = nullptr;
    for (const Setting& s : doc.settings) {
        if (s.active() && s.key == key && s.scope == scope) {
            REQUIRE(found == nullptr);  // one active setting per key and scope
            found = &s;
        }
    }
    return found;
}

std::string value_of(const Document& doc, std::string_view key, std::string_view scope = {})
{
    const Setting* s = active(doc, key, scope);
    REQUIRE(s != nullptr);
    return s->value;
}

std::vector<std::string> keys_of(const Document& doc)
{
    std::vector<std::string> out;
    for (const Setting& s : doc.settings) {
        out.push_back(s.key);
    }
    return out;
}

std::uint32_t offset_of(const Document& doc, std::string_view needle, std::size_t from = 0)
{
    const std::size_t at = doc.text.find(needle, from);
    REQUIRE(at != std::string::npos);
    return static_cast<std::uint32_t>(at);
}

ByteRange range_of(const Document& doc, std::string_view needle, std::size_t from = 0)
{
    const std::uint32_t at = offset_of(doc, needle, from);
    return ByteRange{at, at + static_cast<std::uint32_t>(needle.size())};
}

/// The one syntax error of a document.
const ParseNote& only_error(const Document& doc)
{
    const auto errors = syntax_errors(doc);
    INFO(doc.text);
    REQUIRE(errors.size() == 1);
    return *errors.front();
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool shared_dir_present()
{
    return std::filesystem::is_directory(SL_SHARED_DIR "/corpus/upstream");
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// Shapes

TEST_CASE("es_json: create-index body reads settings only", "[es_json][shape]")
{
    const Document doc = parse(R"({
  "settings": {
    "number_of_shards": 3,
    "index": {"refresh_interval": "5s"}
  },
  "mappings": {"properties": {"number_of_replicas": {"type": "keyword"}}},
  "aliases": {"logs": {}}
})");
    CHECK(syntax_errors(doc).empty());
    CHECK(keys_of(doc) == std::vector<std::string>{"index.number_of_shards", "index.refresh_interval"});
    CHECK(value_of(doc, "index.number_of_shards") == "3");
    CHECK(value_of(doc, "index.refresh_interval") == "5s");
    CHECK(doc.settings[0].scope.empty());
}

TEST_CASE("es_json: bare settings bodies", "[es_json][shape]")
{
    SECTION("nested under index")
    {
        const Document doc = parse(R"({"index": {"number_of_replicas": 2, "refresh_interval": "30s"}})");
        CHECK(keys_of(doc) == std::vector<std::string>{"index.number_of_replicas", "index.refresh_interval"});
        CHECK(value_of(doc, "index.number_of_replicas") == "2");
    }
    SECTION("short key")
    {
        const Document doc = parse(R"({"number_of_shards": 1})");
        CHECK(keys_of(doc) == std::vector<std::string>{"index.number_of_shards"});
        CHECK(value_of(doc, "index.number_of_shards") == "1");
    }
    SECTION("dotted key")
    {
        const Document doc = parse(R"({"index.refresh_interval": "1s"})");
        CHECK(keys_of(doc) == std::vector<std::string>{"index.refresh_interval"});
    }
    SECTION("update-settings body wrapped in settings")
    {
        const Document doc = parse(R"({"settings": {"index": {"number_of_replicas": 0}}})");
        CHECK(value_of(doc, "index.number_of_replicas") == "0");
    }
}

TEST_CASE("es_json: composable and component templates read template.settings", "[es_json][shape]")
{
    SECTION("composable index template")
    {
        const Document doc = parse(R"({
  "index_patterns": ["logs-*"],
  "priority": 200,
  "composed_of": ["base"],
  "template": {
    "settings": {"index.number_of_shards": 2, "codec": "best_compression"},
    "mappings": {"properties": {"settings": {"type": "object"}}}
  },
  "version": 3,
  "_meta": {"settings": {"x": 1}}
})");
        CHECK(syntax_errors(doc).empty());
        CHECK(keys_of(doc) == std::vector<std::string>{"index.number_of_shards", "index.codec"});
        CHECK(value_of(doc, "index.codec") == "best_compression");
    }
    SECTION("component template")
    {
        const Document doc =
            parse(R"({"template": {"settings": {"index": {"lifecycle": {"name": "logs"}}}}, "version": 1})");
        CHECK(keys_of(doc) == std::vector<std::string>{"index.lifecycle.name"});
        CHECK(value_of(doc, "index.lifecycle.name") == "logs");
    }
    SECTION("template without settings")
    {
        const Document doc = parse(R"({"template": {"mappings": {"properties": {}}}})");
        CHECK(doc.settings.empty());
        CHECK(doc.notes.empty());
    }
}

TEST_CASE("es_json: legacy templates", "[es_json][shape]")
{
    SECTION("index_patterns")
    {
        const Document doc = parse(R"({"index_patterns": ["logs-*"], "order": 1,
  "settings": {"number_of_shards": 1}, "mappings": {"_doc": {}}})");
        CHECK(keys_of(doc) == std::vector<std::string>{"index.number_of_shards"});
    }
    SECTION("template as a pattern string")
    {
        const Document doc =
            parse(R"({"template": "logs-*", "settings": {"index": {"number_of_replicas": 1}}})");
        CHECK(keys_of(doc) == std::vector<std::string>{"index.number_of_replicas"});
    }
}

TEST_CASE("es_json: GET _settings response with several indices", "[es_json][shape]")
{
    const Document doc = parse(R"({
  "logs-1": {"settings": {"index": {"number_of_shards": "1", "refresh_interval": "1s"}}},
  "logs-2": {"settings": {"index": {"number_of_shards": "3"}}}
})");
    CHECK(syntax_errors(doc).empty());
    REQUIRE(doc.settings.size() == 3);
    CHECK(value_of(doc, "index.number_of_shards", "logs-1") == "1");
    CHECK(value_of(doc, "index.number_of_shards", "logs-2") == "3");
    CHECK(value_of(doc, "index.refresh_interval", "logs-1") == "1s");
    CHECK(active(doc, "index.number_of_shards") == nullptr);  // no unscoped copy
    for (const Setting& s : doc.settings) {
        CHECK(s.active());
    }
}

TEST_CASE("es_json: GET _index_template and _component_template responses", "[es_json][shape]")
{
    SECTION("index templates")
    {
        const Document doc = parse(R"({"index_templates": [
  {"name": "logs", "index_template": {"index_patterns": ["logs-*"], "template": {"settings": {"index": {"number_of_shards": "1"}}}}},
  {"name": "metrics", "index_template": {"index_patterns": ["m-*"], "template": {"settings": {"index": {"number_of_shards": "2"}}}}},
  {"name": "bare", "index_template": {"index_patterns": ["b-*"], "composed_of": ["x"]}}
]})");
        CHECK(syntax_errors(doc).empty());
        REQUIRE(doc.settings.size() == 2);
        CHECK(value_of(doc, "index.number_of_shards", "logs") == "1");
        CHECK(value_of(doc, "index.number_of_shards", "metrics") == "2");
    }
    SECTION("component templates")
    {
        const Document doc = parse(R"({"component_templates": [
  {"name": "base@settings", "component_template": {"template": {"settings": {"index": {"codec": "best_compression"}}}}}
]})");
        CHECK(value_of(doc, "index.codec", "base@settings") == "best_compression");
    }
}

// ------------------------------------------------------------------------------------------------
// Flattening and values

TEST_CASE("es_json: nested objects are flattened with dots and get the index. prefix", "[es_json][flatten]")
{
    const Document doc = parse(R"({"settings": {
  "index": {"merge": {"policy": {"segments_per_tier": 30}}},
  "mapping": {"total_fields.limit": 2000},
  "index.translog": {"durability": "async"},
  "index": 5,
  "*": "x",
  "analysis.*": "y"
}})");
    // The duplicate `index` member is a syntax error: check that apart, then without it.
    CHECK(only_error(doc).message.find("duplicate key `index`") != std::string::npos);

    const Document ok = parse(R"({"settings": {
  "index": {"merge": {"policy": {"segments_per_tier": 30}}},
  "mapping": {"total_fields.limit": 2000},
  "index.translog": {"durability": "async"},
  "indexing": {"slowlog": {"threshold": {"index": {"warn": "10s"}}}},
  "*": "x",
  "analysis.*": "y",
  "": "empty"
}})");
    CHECK(syntax_errors(ok).empty());
    CHECK(keys_of(ok) ==
          std::vector<std::string>{"index.merge.policy.segments_per_tier", "index.mapping.total_fields.limit",
                                   "index.translog.durability", "index.indexing.slowlog.threshold.index.warn",
                                   "*", "analysis.*", "index."});
}

TEST_CASE("es_json: a key named index that is not an object gets the prefix too", "[es_json][flatten]")
{
    const Document doc = parse(R"({"settings": {"index": "oops"}})");
    CHECK(keys_of(doc) == std::vector<std::string>{"index.index"});
}

TEST_CASE("es_json: value shapes", "[es_json][values]")
{
    const Document doc = parse(R"({"settings": {"index": {
  "query": {"default_field": ["message", 1.50, true, "a,b"]},
  "empty_list": [],
  "routing": {"allocation": {"require": {"box": null}}},
  "n1": 1.50, "n2": -0, "n3": 1e3, "n4": 123456789012345678901234567890, "n5": -1.5E-3,
  "t": true, "f": false,
  "s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00",
  "lone": "x\ud800y"
}}})");
    REQUIRE(syntax_errors(doc).empty());

    const Setting* list = active(doc, "index.query.default_field");
    REQUIRE(list != nullptr);
    CHECK(list->shape == ValueShape::List);
    CHECK(list->items == std::vector<std::string>{"message", "1.50", "true", "a,b"});
    CHECK(list->value == "message,1.50,true,a,b");
    CHECK(doc.slice(list->value_range) == R"(["message", 1.50, true, "a,b"])");

    const Setting* empty = active(doc, "index.empty_list");
    REQUIRE(empty != nullptr);
    CHECK(empty->shape == ValueShape::List);
    CHECK(empty->items.empty());
    CHECK(empty->value.empty());

    const Setting* null = active(doc, "index.routing.allocation.require.box");
    REQUIRE(null != nullptr);
    CHECK(null->shape == ValueShape::Null);
    CHECK(null->value.empty());
    CHECK(doc.slice(null->value_range) == "null");

    CHECK(value_of(doc, "index.n1") == "1.50");
    CHECK(value_of(doc, "index.n2") == "-0");
    CHECK(value_of(doc, "index.n3") == "1e3");
    CHECK(value_of(doc, "index.n4") == "123456789012345678901234567890");
    CHECK(value_of(doc, "index.n5") == "-1.5E-3");
    CHECK(active(doc, "index.n1")->shape == ValueShape::Scalar);
    CHECK(value_of(doc, "index.t") == "true");
    CHECK(value_of(doc, "index.f") == "false");
    CHECK(value_of(doc, "index.s") == "a\"b\\c/d\n\t\xC3\xA9\xF0\x9F\x98\x80");
    CHECK(value_of(doc, "index.lone") == "x\xEF\xBF\xBDy");  // an unpaired surrogate has no UTF-8 form
}

TEST_CASE("es_json: escaped member names are unescaped before flattening", "[es_json][values]")
{
    const Document doc = parse(R"({"settings": {"index": {"refresh\u005finterval": "1s", "a\"b": 1}}})");
    CHECK(keys_of(doc) == std::vector<std::string>{"index.refresh_interval", "index.a\"b"});
    CHECK(doc.slice(doc.settings[0].key_range) == R"("refresh\u005finterval")");
}

TEST_CASE("es_json: a settings list may hold only scalars", "[es_json][values]")
{
    const Document doc =
        parse(R"({"settings": {"index": {"bad": [1, {"x": 1}], "worse": ["a", null], "good": "x"}}})");
    const auto errors = syntax_errors(doc);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0]->range == range_of(doc, R"({"x": 1})"));
    CHECK(errors[0]->key == "index.bad");
    CHECK(errors[1]->range == range_of(doc, "null"));
    CHECK(keys_of(doc) == std::vector<std::string>{"index.good"});
}

// ------------------------------------------------------------------------------------------------
// Ranges

TEST_CASE("es_json: key, value and line ranges", "[es_json][ranges]")
{
    const Document doc = parse(
        "{\n"
        "  \"settings\": {\n"
        "    \"index\": {\n"
        "      \"number_of_shards\": 3,\n"
        "      \"refresh_interval\" : \"5s\"\n"
        "    },\n"
        "    \"index.query.default_field\": [\n"
        "      \"message\",\n"
        "      \"é\"\n"
        "    ]\n"
        "  }\n"
        "}\n");
    REQUIRE(syntax_errors(doc).empty());
    REQUIRE(doc.settings.size() == 3);

    const Setting& shards = doc.settings[0];
    CHECK(shards.key == "index.number_of_shards");
    CHECK(shards.key_range == range_of(doc, "\"number_of_shards\""));
    CHECK(shards.value_range == range_of(doc, "3"));
    CHECK(doc.position(shards.key_range.begin) == Position{4, 7});
    CHECK(doc.position(shards.value_range.begin) == Position{4, 27});
    CHECK(doc.slice(shards.line_range) == "      \"number_of_shards\": 3,");

    const Setting& refresh = doc.settings[1];
    CHECK(doc.slice(refresh.key_range) == "\"refresh_interval\"");
    CHECK(doc.slice(refresh.value_range) == "\"5s\"");
    CHECK(doc.position(refresh.value_range.begin) == Position{5, 28});
    CHECK(doc.slice(refresh.line_range) == "      \"refresh_interval\" : \"5s\"");

    const Setting& list = doc.settings[2];
    CHECK(doc.slice(list.key_range) == "\"index.query.default_field\"");
    CHECK(doc.position(list.value_range.begin) == Position{7, 34});
    CHECK(doc.position(list.value_range.end - 1) == Position{10, 5});
    CHECK(doc.position(list.line_range.begin) == Position{7, 1});
    CHECK(doc.slice(list.line_range) ==
          "    \"index.query.default_field\": [\n      \"message\",\n      \"é\"\n    ]");
}

TEST_CASE("es_json: CRLF line ends and a byte order mark keep positions right", "[es_json][ranges]")
{
    const Document doc = parse("\xEF\xBB\xBF{\r\n  \"number_of_replicas\": 1\r\n}\r\n");
    REQUIRE(syntax_errors(doc).empty());
    REQUIRE(doc.settings.size() == 1);
    CHECK(doc.slice(doc.settings[0].line_range) == "  \"number_of_replicas\": 1");
    CHECK(doc.position(doc.settings[0].key_range.begin) == Position{2, 3});
}

// ------------------------------------------------------------------------------------------------
// Duplicates and overrides

TEST_CASE("es_json: the short form wins over the index. form in any order", "[es_json][overrides]")
{
    SECTION("long first")
    {
        const Document doc = parse(R"({"settings": {"index.number_of_shards": 2, "number_of_shards": 3}})");
        REQUIRE(doc.settings.size() == 2);
        CHECK(syntax_errors(doc).empty());
        CHECK(doc.settings[0].inactive == Inactive::Overridden);
        CHECK(doc.settings[0].overridden_by == 1);
        CHECK(doc.settings[1].active());
        CHECK(value_of(doc, "index.number_of_shards") == "3");
    }
    SECTION("short first")
    {
        const Document doc =
            parse(R"({"settings": {"number_of_shards": 3, "index": {"number_of_shards": 2}}})");
        REQUIRE(doc.settings.size() == 2);
        CHECK(doc.settings[0].active());
        CHECK(doc.settings[1].inactive == Inactive::Overridden);
        CHECK(doc.settings[1].overridden_by == 0);
        CHECK(value_of(doc, "index.number_of_shards") == "3");
    }
    SECTION("in a composable template")
    {
        const Document doc =
            parse(R"({"template": {"settings": {"number_of_replicas": 0, "index.number_of_replicas": 1}}})");
        CHECK(value_of(doc, "index.number_of_replicas") == "0");
        CHECK(doc.settings[1].overridden_by == 0);
    }
}

TEST_CASE("es_json: a repeated name in one object is a syntax error", "[es_json][overrides]")
{
    const Document doc = parse("{\"settings\": {\n  \"number_of_shards\": 1,\n  \"number_of_shards\": 2\n}}");
    const ParseNote& e = only_error(doc);
    CHECK(e.range.begin == offset_of(doc, "\"number_of_shards\"", 20));
    CHECK(doc.position(e.range.begin) == Position{3, 3});
    CHECK(e.key == "number_of_shards");
    CHECK(e.message.find("duplicate key `number_of_shards` (first at line 2, column 3)") !=
          std::string::npos);
    CHECK(doc.settings.empty());

    SECTION("also when spelled with an escape, and in objects outside the settings")
    {
        CHECK(only_error(parse(R"({"a": 1, "\u0061": 2})")).range.begin == 9);
        CHECK(only_error(parse(R"({"mappings": {"properties": {"f": {}, "f": {}}}})")).range.begin == 38);
    }
    SECTION("the same name in sibling objects is fine")
    {
        CHECK(parse(R"({"a": {"b": 1}, "c": {"b": 2}})").notes.empty());
    }
}

TEST_CASE("es_json: one key from a nested and a dotted spelling: the later one ES meets wins",
          "[es_json][overrides]")
{
    // Since 7.0 Settings.fromXContent no longer rejects this ("duplicate settings key" was 6.x).
    SECTION("composable template: document order")
    {
        const Document doc = parse(
            R"({"template": {"settings": {"index": {"refresh_interval": "5s"}, "index.refresh_interval": "1s"}}})");
        CHECK(syntax_errors(doc).empty());
        CHECK(value_of(doc, "index.refresh_interval") == "1s");
        CHECK(doc.settings[0].inactive == Inactive::Overridden);
        CHECK(doc.settings[0].overridden_by == 1);
    }
    SECTION("create-index body: java.util.HashMap order, whatever the document order")
    {
        // HashMap iterates "index.refresh_interval" before "index", so the nested one wins.
        const Document a =
            parse(R"({"settings": {"index": {"refresh_interval": "5s"}, "index.refresh_interval": "1s"}})");
        CHECK(value_of(a, "index.refresh_interval") == "5s");
        CHECK(a.settings[1].overridden_by == 0);
        const Document b =
            parse(R"({"settings": {"index.refresh_interval": "1s", "index": {"refresh_interval": "5s"}}})");
        CHECK(value_of(b, "index.refresh_interval") == "5s");
    }
    SECTION("the HashMap order depends on the API the body goes to")
    {
        const std::string body =
            R"({"index.translog.durability": "async", "index": {"translog": {"durability": "request"}}, "codec": "best_compression"})";
        // Update settings copy the top object into a fresh HashMap sized for 3: codec, index,
        // index.translog...
        CHECK(value_of(parse(body), "index.translog.durability") == "async");
        // Create index keeps the parser's HashMap: codec, index.translog.durability, index.
        CHECK(value_of(parse(R"({"settings": )" + body + "}"), "index.translog.durability") == "request");
        // Templates read in document order.
        CHECK(value_of(parse(R"({"template": {"settings": )" + body + "}}"), "index.translog.durability") ==
              "request");
    }
    SECTION("dotted name vs nested name one level down")
    {
        // HashMap iterates "index" before "index.number_of_replicas".
        const Document doc =
            parse(R"({"settings": {"index.number_of_replicas": 2, "index": {"number_of_replicas": 1}}})");
        CHECK(value_of(doc, "index.number_of_replicas") == "2");
    }
}

TEST_CASE("es_json: overrides stay within one scope", "[es_json][overrides]")
{
    const Document doc = parse(R"({"a": {"settings": {"index": {"number_of_shards": "1"}}},
 "b": {"settings": {"index": {"number_of_shards": "2"}}}})");
    for (const Setting& s : doc.settings) {
        CHECK(s.active());
        CHECK(s.overridden_by == -1);
    }
}

// ------------------------------------------------------------------------------------------------
// Syntax errors

namespace {

struct SyntaxCase {
    std::string text;
    std::string at;       // the error is at the first occurrence of this (empty: at the end of the file)
    std::string message;  // a part of the message
};

}  // namespace

TEST_CASE("es_json: syntax errors at the exact byte", "[es_json][syntax]")
{
    const std::vector<SyntaxCase> cases = {
        {R"({"a": 1 "b": 2})", R"("b")", "expected `,` or `}` after an object member, found"},
        {R"({"a": [1 2]})", "2]", "expected `,` or `]` after an array element"},
        {R"({"a": 1,})", "}", "trailing commas are not allowed"},
        {R"({"a": [1,]})", "]}", "expected a value after `,`, found `]`"},
        {R"({"a": [,1]})", ",1", "expected a value, found `,`"},
        {R"({"a" 1})", "1}", "expected `:` after the member name `a`"},
        {R"({"a":})", "}", "expected a value, found `}`"},
        {R"({a: 1})", "a:", "expected a double-quoted member name or `}`, found `a`"},
        {R"({'a': 1})", "'a'", "JSON names need double quotes"},
        {R"({"a": 'x'})", "'x'", "single-quoted string"},
        {R"({"version": ${xpack.version}})", "${", "unquoted token `${xpack.version}`"},
        {R"({"a": tru})", "tru", "unquoted token `tru`"},
        {R"({"a": truex})", "truex", "unquoted token `truex`"},
        {R"({"a": True})", "True", "unquoted token `True`"},
        {R"({"a": NaN})", "NaN", "unquoted token `NaN`"},
        {R"({"a": .5})", ".5", "unquoted token `.5`"},
        {R"({"a": +1})", "+1", "`+` before a number"},
        {R"({"a": 01})", "1}", "leading zeros are not allowed"},
        {R"({"a": -})", "}", "`-` must be followed by a digit"},
        {R"({"a": 1.})", "}", "a digit must follow the decimal point"},
        {R"({"a": 1e+})", "}", "a digit must follow the exponent"},
        {R"({"a": 1x})", "x}", "expected `,` or `}` after an object member, found `x`"},
        {R"({"a": 1])", "]", "`]` does not close the object opened at line 1, column 1"},
        {R"({"a": [1})", "}", "`}` does not close the array opened at line 1, column 7"},
        {R"({"a": "x\qy"})", "\\q", "invalid escape"},
        {R"({"a": "\u00g9"})", "g9", "expected 4 hexadecimal digits"},
        {"{\"a\": \"x\ny\"}", "\ny", "line break inside a string"},
        {"{\"a\": \"x\x01y\"}", "\x01", "control character U+0001 inside a string"},
        {"{\"a\": 1,\x0b\"b\": 2}", "\x0b", "control character U+000B between tokens"},
        {R"({# comment
"a": 1})",
         "#", "`#` comments are not allowed"},
        {R"({"a": 1 / 2})", "/ 2", "a comment starts with `//` or `/*`"},
        {"{\"a\": 1 // ctrl \x01\n}", "\x01", "inside a comment"},
        {R"([1, 2])", "[", "the body must be a JSON object, found `[`"},
        {R"("x")", "\"x\"", "the body must be a JSON object"},
        {R"({"a": 1)", "", "the object opened at line 1, column 1 is not closed"},
        {R"({"a": [1)", "", "the array opened at line 1, column 7 is not closed"},
        {R"({"a": "abc)", "", "unexpected end of file inside a string"},
        {R"({"a": 1 /* open)", "", "the `/*` comment at line 1, column 9 is not closed"},
        {R"({"a)", "", "inside a member name"},
    };
    for (const SyntaxCase& c : cases) {
        INFO(c.text);
        const Document doc = parse(c.text);
        const ParseNote& e = only_error(doc);
        const auto n = static_cast<std::uint32_t>(doc.text.size());
        if (c.at.empty()) {
            CHECK(e.range == ByteRange{n - 1, n});
        } else {
            CHECK(e.range.begin == offset_of(doc, c.at));
            CHECK(e.range.size() == 1);
        }
        CHECK_THAT(e.message, Catch::Contains(c.message));
        CHECK(doc.settings.empty());
    }
}

TEST_CASE("es_json: a syntax error drops every setting of the body", "[es_json][syntax]")
{
    const Document doc = parse(R"({"settings": {"number_of_shards": 1, "number_of_replicas": 1,}})");
    CHECK(syntax_errors(doc).size() == 1);
    CHECK(doc.settings.empty());
}

TEST_CASE("es_json: invalid UTF-8 is rejected as Jackson rejects it", "[es_json][syntax]")
{
    SECTION("a byte that cannot start a sequence")
    {
        const Document doc = parse("{\"a\": \"x\xFFy\"}");
        CHECK(only_error(doc).range.begin == 8);
        CHECK_THAT(only_error(doc).message, Catch::Contains("invalid UTF-8 start byte 0xFF in a string"));
    }
    SECTION("a stray continuation byte")
    {
        CHECK(only_error(parse("{\"a\": \"\x80\"}")).range.begin == 7);
    }
    SECTION("a bad continuation byte")
    {
        const Document doc = parse("{\"a\": \"\xC3(\"}");
        CHECK(only_error(doc).range.begin == 8);
        CHECK_THAT(only_error(doc).message, Catch::Contains("continuation byte 0x28"));
    }
    SECTION("in a member name and in a comment")
    {
        CHECK(only_error(parse("{\"\xFF\": 1}")).range.begin == 2);
        CHECK(only_error(parse("{\"a\": 1 /* \xC3( */}")).range.begin == 12);
    }
    SECTION("overlong forms and encoded surrogates pass, as in Jackson")
    {
        CHECK(syntax_errors(parse("{\"a\": \"\xC0\x80\"}")).empty());
        CHECK(syntax_errors(parse("{\"a\": \"\xED\xA0\x80\"}")).empty());
    }
    SECTION("valid multi-byte text")
    {
        const Document doc = parse("{\"index\": {\"a\": \"\xE2\x82\xAC \xF0\x9F\x98\x80\"}}");
        CHECK(value_of(doc, "index.a") == "\xE2\x82\xAC \xF0\x9F\x98\x80");
    }
}

TEST_CASE("es_json: Jackson's length limits", "[es_json][syntax]")
{
    CHECK(syntax_errors(parse("{\"a\": " + std::string(1000, '1') + "}")).empty());
    CHECK_THAT(only_error(parse("{\"a\": " + std::string(1001, '1') + "}")).message,
               Catch::Contains("at most 1000"));
    CHECK(syntax_errors(parse("{\"" + std::string(50000, 'k') + "\": 1}")).empty());
    CHECK(only_error(parse("{\"" + std::string(50001, 'k') + "\": 1}")).range.begin == 1);
}

TEST_CASE("es_json: nesting limit and very deep input", "[es_json][syntax]")
{
    // Arrays inside the mappings, so that no settings list is involved; the root object is level 1.
    const std::string prefix = "{\"mappings\":";
    auto nested = [&](std::size_t depth) {
        return prefix + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
    };
    CHECK(parse(nested(512)).notes.empty());
    const Document deep = parse(nested(513));
    CHECK(only_error(deep).range.begin == prefix.size() + 511);
    CHECK_THAT(only_error(deep).message, Catch::Contains("nesting deeper than 512 levels"));

    SECTION("200000 levels of arrays")
    {
        const Document doc = parse(nested(200000));
        CHECK(only_error(doc).range.begin == prefix.size() + 511);
    }
    SECTION("200000 levels of objects")
    {
        std::string text;
        for (int i = 0; i < 200000; ++i) {
            text += "{\"a\":";
        }
        text += "1";
        text += std::string(200000, '}');
        const Document doc = parse(text);
        CHECK(only_error(doc).range.begin == 512 * 5);
        CHECK(es_json_shape_recognised(text) == false);
    }
    SECTION("200000 open brackets and nothing else")
    {
        CHECK(syntax_errors(parse(std::string(200000, '{'))).size() == 1);
        CHECK(syntax_errors(parse("{\"a\":" + std::string(200000, '['))).size() == 1);
    }
}

// ------------------------------------------------------------------------------------------------
// Empty files, byte order marks, comments, trailing content, encodings

TEST_CASE("es_json: empty bodies", "[es_json][edge]")
{
    for (const std::string text :
         {"", "   \n\t", "// nothing\n", "/* nothing */", "{}", "{\"settings\": {}}"}) {
        INFO(text);
        const Document doc = parse(text);
        CHECK(doc.notes.empty());
        CHECK(doc.settings.empty());
    }
}

TEST_CASE("es_json: a UTF-8 byte order mark is skipped", "[es_json][edge]")
{
    const Document doc = parse("\xEF\xBB\xBF{\"number_of_shards\": 1}");
    CHECK(doc.notes.empty());
    CHECK(value_of(doc, "index.number_of_shards") == "1");
    CHECK(doc.settings[0].key_range.begin == 4);
    CHECK(parse("\xEF\xBB\xBF{}").notes.empty());
    // Jackson looks for the mark only when it can read four bytes: a lone mark is not skipped.
    CHECK(only_error(parse("\xEF\xBB\xBF")).range.begin == 0);
}

TEST_CASE("es_json: UTF-16 and UTF-32 files get a note", "[es_json][edge]")
{
    std::string utf16le;
    for (const char c : std::string_view(R"({"a": 1})")) {
        utf16le += c;
        utf16le += '\0';
    }
    CHECK_THAT(only_error(parse(utf16le)).message, Catch::Contains("UTF-16 or UTF-32"));
    CHECK_THAT(only_error(parse("\xFE\xFF")).message, Catch::Contains("UTF-16 or UTF-32"));
}

TEST_CASE("es_json: comments are accepted and recorded", "[es_json][comments]")
{
    const Document doc = parse(
        "// head\n"
        "{\n"
        "  /* before */ \"settings\": { // trailing\n"
        "    \"number_of_shards\" /* in */ : /* in */ 1\n"
        "  }\n"
        "} // after\n");
    CHECK(doc.notes.empty());
    CHECK(value_of(doc, "index.number_of_shards") == "1");
    REQUIRE(doc.comments.size() == 6);
    CHECK(doc.slice(doc.comments[0].range) == "// head");
    CHECK(doc.comments[0].own_line);
    CHECK(doc.slice(doc.comments[1].range) == "/* before */");
    CHECK(doc.comments[1].own_line);
    CHECK(doc.slice(doc.comments[2].range) == "// trailing");
    CHECK_FALSE(doc.comments[2].own_line);
    CHECK_FALSE(doc.comments[3].own_line);
    CHECK(doc.slice(doc.comments[5].range) == "// after");
    CHECK_FALSE(doc.comments[5].own_line);
}

TEST_CASE("es_json: content after the body is reported but the body is read", "[es_json][edge]")
{
    const Document doc = parse("{\"number_of_shards\": 1}\n}\n");
    const ParseNote& e = only_error(doc);
    CHECK(e.range.begin == offset_of(doc, "}\n", 23));
    CHECK(doc.position(e.range.begin) == Position{2, 1});
    CHECK_THAT(e.message, Catch::Contains("ignores it"));
    CHECK(value_of(doc, "index.number_of_shards") == "1");
    // Nothing after the body is judged: invalid bytes there are no different.
    CHECK(syntax_errors(parse("{\"a\": 1} \xFF")).size() == 1);
    CHECK(parse("{\"a\": 1} // fine\n/* fine */").notes.empty());
}

// ------------------------------------------------------------------------------------------------
// Shape recognition

TEST_CASE("es_json_shape_recognised: every body shape", "[es_json][recognise]")
{
    const std::vector<std::string> positives = {
        R"({"settings": {"number_of_shards": 1}, "mappings": {}})",
        R"({"settings": {"index": {"refresh_interval": "1s"}}})",
        R"({"mappings": {"properties": {"f": {"type": "keyword"}}}})",
        R"({"index": {"number_of_replicas": 1}})",
        R"({"number_of_shards": 1})",
        R"({"index.refresh_interval": "1s"})",
        R"({"number_of_replicas": 1, "refresh_interval": "30s", "custom_plugin_thing": 1})",
        R"({"index_patterns": ["logs-*"], "template": {"settings": {"number_of_shards": 1}}})",
        R"({"template": {"mappings": {}}, "version": 1})",
        R"({"index_patterns": ["logs-*"], "composed_of": ["a", "b"], "priority": 10})",
        R"({"index_patterns": ["logs-*"], "settings": {}, "order": 0})",
        R"({"template": "logs-*", "settings": {"number_of_shards": 1}})",
        R"({"logs-1": {"settings": {"index": {"number_of_shards": "1"}}}, "logs-2": {"settings": {"index": {}}}})",
        R"({"logs-1": {"aliases": {}, "mappings": {}, "settings": {"index": {"uuid": "x"}}}})",
        R"({"index_templates": []})",
        R"({"component_templates": [{"name": "x", "component_template": {"template": {}}}]})",
        "\xEF\xBB\xBF // comment\n{\"number_of_shards\": 1}",
        // Template bodies with unrendered placeholders are recognised, so their errors get reported.
        R"({"template": {"settings": {"index": {"codec": "best_compression"}}}, "version": ${xpack.version}})",
        R"({"index_patterns": ["x-${v}*"], "version": ${v}, "template": {"settings": {}}})",
    };
    for (const std::string& text : positives) {
        INFO(text);
        CHECK(es_json_shape_recognised(text));
    }
}

TEST_CASE("es_json_shape_recognised: other JSON files", "[es_json][recognise]")
{
    const std::vector<std::string> negatives = {
        "",
        "   ",
        "{}",
        "[]",
        "[{\"settings\": {\"number_of_shards\": 1}}]",
        "not json at all",
        "{\"version\": 1}",
        "{\"query\": {\"match_all\": {}}}",
        "{\"index.html\": \"<html>\", \"index.js\": \"x\"}",
        R"({"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}, "dependencies": {"x": "^1"}})",
        R"({"compilerOptions": {"target": "es2020", "strict": true}, "include": ["src"]})",
        R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"settings": "x"}})",
        R"({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]})",
        R"({"editor.fontSize": 14, "files.exclude": {"**/.git": true}})",
        R"({"settings": {"theme": "dark", "fontSize": 12}})",
        R"({"template": {"name": "x"}})",
        R"({"a": {"settings": {"theme": "dark"}}})",
    };
    for (const std::string& text : negatives) {
        INFO(text);
        CHECK_FALSE(es_json_shape_recognised(text));
    }
}

// ------------------------------------------------------------------------------------------------
// Robustness

TEST_CASE("es_json: random and mutated input never crashes", "[es_json][robust]")
{
    const std::string seed =
        R"({"settings": {"index": {"number_of_shards": 1, "a": [1, "x", true, null], "b": {"c": "\u00e9"}}},
 // comment
 "mappings": {"properties": {}}, "template": {"settings": {"x": 1e5}}, "index_templates": [{"name": "n"}]})";
    std::mt19937 rng(12345);
    const std::string alphabet =
        "{}[]\",:/*\\u0123456789eE+-.truefalsn \n\t\r#'$\x01\x80\xC3\xFF\xEF\xBB\xBF";
    for (int round = 0; round < 3000; ++round) {
        std::string text = seed;
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % (text.size() + 1);
            switch (rng() % 3) {
                case 0:
                    text.insert(at, 1, alphabet[rng() % alphabet.size()]);
                    break;
                case 1:
                    if (at < text.size()) {
                        text.erase(at, 1);
                    }
                    break;
                default:
                    if (at < text.size()) {
                        text[at] = alphabet[rng() % alphabet.size()];
                    }
                    break;
            }
        }
        if (round % 3 == 0) {
            text.resize(rng() % (text.size() + 1));
        }
        const Document doc = parse(text);
        (void)es_json_shape_recognised(text);
        // Every range stays inside the text.
        for (const ParseNote& n : doc.notes) {
            CHECK(n.range.end <= doc.text.size());
        }
        for (const Setting& s : doc.settings) {
            CHECK(s.value_range.end <= doc.text.size());
            CHECK(s.line_range.begin <= s.key_range.begin);
            CHECK(s.line_range.end >= s.value_range.end);
        }
    }
}

TEST_CASE("es_json: a large body is read in linear time", "[es_json][robust]")
{
    std::string text = "{\"settings\": {\"index\": {";
    for (int i = 0; i < 100000; ++i) {
        text += "\"k" + std::to_string(i) + "\": \"v\",";
    }
    text += "\"last\": [" + std::string("1,", 0) + "1]}}}";
    const Document doc = parse(text);
    CHECK(doc.notes.empty());
    CHECK(doc.settings.size() == 100001);
    CHECK(es_json_shape_recognised(text));
}

// ------------------------------------------------------------------------------------------------
// Corpus

TEST_CASE("es_json: corpus: ECS composable template", "[es_json][corpus]")
{
    if (!shared_dir_present()) {
        WARN("shared corpus not found at " SL_SHARED_DIR "; skipped");
        return;
    }
    const std::string text =
        read_file(SL_SHARED_DIR "/corpus/upstream/elasticsearch-7.x/ecs-composable-template.json");
    REQUIRE_FALSE(text.empty());
    CHECK(es_json_shape_recognised(text));
    const Document doc = parse(text);
    CHECK(syntax_errors(doc).empty());
    CHECK(keys_of(doc) == std::vector<std::string>{"index.codec", "index.mapping.total_fields.limit"});
    CHECK(value_of(doc, "index.codec") == "best_compression");
    const Setting* limit = active(doc, "index.mapping.total_fields.limit");
    REQUIRE(limit != nullptr);
    CHECK(limit->value == "2000");
    CHECK(doc.position(limit->key_range.begin) == Position{71, 13});
    CHECK(doc.slice(limit->line_range) == "            \"limit\": 2000");
}

TEST_CASE("es_json: corpus: template bodies with placeholders fail at the first one", "[es_json][corpus]")
{
    if (!shared_dir_present()) {
        WARN("shared corpus not found at " SL_SHARED_DIR "; skipped");
        return;
    }
    const std::filesystem::path dir = SL_SHARED_DIR "/corpus/upstream/templates/elasticsearch/index-bodies";
    REQUIRE(std::filesystem::is_directory(dir));
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        ++files;
        const std::string text = read_file(entry.path());
        INFO(entry.path().filename().string());
        CHECK(es_json_shape_recognised(text));

        // The first `${` that is a value of its own (after `:`, `,` or `[`), not inside a string.
        std::uint32_t line = 0;
        for_each_line(text, [&, n = 0u](ByteRange content, ByteRange) mutable {
            ++n;
            const std::string_view l = std::string_view(text).substr(content.begin, content.size());
            const std::size_t at = l.find("${");
            if (line == 0 && at != std::string_view::npos) {
                const std::size_t before = l.find_last_not_of(" \t", at == 0 ? 0 : at - 1);
                if (before != std::string_view::npos &&
                    (l[before] == ':' || l[before] == ',' || l[before] == '[')) {
                    line = n;
                }
            }
        });
        REQUIRE(line > 0);

        const Document doc = parse(text);
        const ParseNote& e = only_error(doc);
        CHECK(doc.position(e.range.begin).line == line);
        CHECK(doc.slice(e.range) == "$");
        CHECK_THAT(e.message, Catch::Contains("unquoted token `${xpack."));
        CHECK(doc.settings.empty());
    }
    CHECK(files >= 3);

    // The line found above, pinned for the files known today.
    const auto error_line = [&](const char* name) {
        const Document doc = parse(read_file(dir / name));
        return doc.position(only_error(doc).range.begin).line;
    };
    CHECK(error_line("ilm-history.json") == 90);
    CHECK(error_line("deprecation-indexing-settings.json") == 24);
    CHECK(error_line("logs@settings.json") == 24);
}
