// The YAML subset reader (src/parse/yaml_events.cpp) against yaml-cpp: where it reads a text, it
// must give yaml-cpp's events exactly; where it declines, read() must still give yaml-cpp's.
#include "../../src/parse/yaml_events.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace streamlint::yaml_events;

namespace {

std::string describe(const std::vector<Event>& events)
{
    std::string out;
    for (const auto& e : events) {
        out += std::to_string(static_cast<int>(e.type)) + (e.flow ? "f" : "") + "@" + std::to_string(e.pos) +
               " " + e.tag + "[" + e.value + "]\n";
    }
    return out;
}

bool simple_reads(const std::string& text, std::vector<Event>& out)
{
    const std::uint32_t base = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    return text.find('\r') == std::string::npos &&
           read_simple(std::string_view(text).substr(base), base, out);
}

/// read() and yaml-cpp alone agree on `text`, events and error alike.
void check_same_as_yaml_cpp(const std::string& text)
{
    const auto size = static_cast<std::uint32_t>(text.size());
    const Result fast = read(text, size, 4);
    const Result reference = read_yaml_cpp(text, size, 4);
    CHECK(describe(fast.events) == describe(reference.events));
    CHECK(fast.events == reference.events);
    REQUIRE(fast.error.has_value() == reference.error.has_value());
    if (fast.error) {
        CHECK(fast.error->offset == reference.error->offset);
        CHECK(fast.error->message == reference.error->message);
    }
}

}  // namespace

TEST_CASE("yaml events: the subset reader reads these, and gives yaml-cpp's events")
{
    const std::vector<std::string> cases = {
        "a: 1\n",
        "a: 1",
        "jobmanager:\n  rpc:\n    address: localhost\n    port: 6123\n  bind-host: 0.0.0.0\ntaskmanager:\n"
        "  numberOfTaskSlots: 4\n",
        "a:\n  b:\n    c: 1\nd: 2\n",                  // two levels closed at once
        "a:\n",                                        // null at the end
        "a:",                                          // null at the end, no line feed
        "a:\n# c\n\n",                                 // null before trailing comments
        "a:\nb: 1\n",                                  // null before the next key
        "a:\n  b:\nc: 1\n",                            // null where two levels close
        "a: # c\n  # d\nb: 1\n",                       // null after comments
        "a: ~\nb: null\nc: Null\nd: NULL\ne: nUll\n",  // what yaml-cpp calls null
        "\n\n  a: 1\n  b: 2\n",                        // an indented document
        "'k''x': 'v''w'\n\"q\": \"r s\"\n",            // quoted keys and values
        "a: ''\nb: \"\"\n",                            // empty quoted values
        "a   : 1\n",                                   // spaces before the colon
        "a: x y   \n",                                 // trailing spaces
        "a: x #c\nb: x#c\n",                           // a comment, and a hash that is not one
        "a: -XX:+UseG1GC -Xss1m\n",                    // a value that starts with a dash
        "a: x,y[z]{w}\n",                              // flow indicators inside a block value
        "a: [x, \"2\", {f: g}] # c\n",                 // nested flow collections
        "a: []\nb: {}\nc: [ ]\nd: { }\n",              // empty ones
        "a: [x , y ]\nb: [x,y]\n",
        "a: [http://x, y]\nb: {k: v:w}\n",  // colons inside flow scalars
        "a: {b: [c, d], e: {f: g}}\n",
        "a: [~, null, -x]\n",
        "a:\n  - x\n  - 'y'\n  - [z]\nb: c\n",  // a block sequence under a key
        "a:\n  b:\n    - x\n  c: 1\n",
        "# header\n\n################\nkey.with.dots: value with spaces\n",
        "\xEF\xBB\xBF"
        "a: 1\n",                           // a BOM
        "a: caf\xC3\xA9 # \xE2\x82\xAC\n",  // UTF-8 in a value and a comment
        "targets: {kafka: \"4.0\", flink: \"2.0\", elasticsearch: \"9.0\", jdk: 21}\nignore: [G417]\n"
        "deployment:\n  kafka-broker:      {count: 3, cores: 4, memory: 16g, disk: {type: ssd, size: 1t}}\n",
        "",            // nothing at all
        "# only\n\n",  // comments only: no document
    };
    for (const auto& text : cases) {
        INFO(text);
        std::vector<Event> simple;
        CHECK(simple_reads(text, simple));
        const Result reference = read_yaml_cpp(text, static_cast<std::uint32_t>(text.size()), 4);
        CHECK_FALSE(reference.error);
        CHECK(describe(simple) == describe(reference.events));
        CHECK(simple == reference.events);
    }
}

TEST_CASE("yaml events: the subset reader declines the rest, and read() gives yaml-cpp's reading of it")
{
    const std::vector<std::string> cases = {
        "a:\tb\n",                        // a tab
        "a: 1\r\nb: 2\r\n",               // carriage returns
        "a: &x 1\nb: *x\n",               // an anchor and an alias
        "a: !!str 1\n",                   // a tag
        "a: |\n  text\n",                 // a block scalar
        "a: b\n  c\n",                    // a value continued on the next line
        "a: [b,\n  c]\n",                 // a flow collection continued
        "a:\n  - b: c\n",                 // a compact mapping in a sequence
        "a:\n  - - b\n",                  // a compact sequence in a sequence
        "a:\n- b\n",                      // a sequence at its key's indentation
        "a:\n  -\n",                      // an empty item
        "---\na: 1\n",                    // a document marker
        "a: 1\n...\n",                    // a document end marker
        "%YAML 1.2\n---\na: 1\n",         // a directive
        "a: \"x\\ty\"\n",                 // an escape
        "a: \"x\n  y\"\n",                // a quoted scalar over two lines
        "- a\n- b\n",                     // a sequence at the top
        "just a scalar\n",                // a scalar at the top
        "a: [b, ]\n",                     // a trailing comma
        "a: b: c\n",                      // an error to yaml-cpp
        "a: \"x\" y\n",                   // another
        "a: 1\n  b: 2\n",                 // and another
        "a:\n  b: 1\n c: 2\n",            // an indentation no collection has
        "a: \xC3\n",                      // not UTF-8
        "a: x\xC2\x85y\n",                // NEL, a line break to YAML 1.1
        "? a\n: b\n",                     // an explicit key
        "a: {b}\n",                       // a flow mapping entry without a value
        "a: [b: c]\n",                    // a single-pair mapping in a flow sequence
        std::string(600, 'k') + ": v\n",  // a long key
    };
    for (const auto& text : cases) {
        INFO(text);
        std::vector<Event> simple;
        CHECK_FALSE(simple_reads(text, simple));
        check_same_as_yaml_cpp(text);
    }
}

TEST_CASE(
    "yaml events: every YAML file of the examples, the fixtures and the upstream corpus reads as yaml-cpp "
    "reads it")
{
    namespace fs = std::filesystem;
    std::vector<fs::path> roots{fs::path(SL_SOURCE_DIR) / "examples", fs::path(SL_FIXTURES_DIR)};
    if (sltest::shared_available()) {
        roots.emplace_back(fs::path(SL_SHARED_DIR) / "corpus" / "upstream");
    }
    std::size_t files = 0;
    std::size_t taken = 0;
    for (const auto& root : roots) {
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            const std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) {
                continue;
            }
            const std::string text = sltest::read_file(entry.path().string());
            INFO(entry.path().string());
            check_same_as_yaml_cpp(text);
            std::vector<Event> simple;
            ++files;
            taken += simple_reads(text, simple) ? 1 : 0;
        }
    }
    // The examples are what most deploy directories hold: the subset reader takes most of them.
    CHECK(files > 20);
    CHECK(taken * 2 > files);
    if (sltest::shared_available()) {
        // Flink's own default config.yaml, as it ships, is in the subset.
        for (const char* version : {"flink-1.20", "flink-2.0"}) {
            const fs::path path = fs::path(SL_SHARED_DIR) / "corpus" / "upstream" / version / "config.yaml";
            if (fs::exists(path)) {
                INFO(path.string());
                std::vector<Event> simple;
                CHECK(simple_reads(sltest::read_file(path.string()), simple));
            }
        }
    }
}
