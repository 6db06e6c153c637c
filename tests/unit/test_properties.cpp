// Tests for parse_properties: java.util.Properties.load semantics with byte positions.
//
// Besides the unit tests, a differential test runs the real JDK (tests/oracle/PropertiesOracle.java)
// over ~500 generated files and compares what Java loads with what we parse.

#include <streamlint/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

using namespace streamlint;

namespace {

Document parse(std::string text)
{
    Document doc("test.properties", FileKind::KafkaBroker, Syntax::Properties, std::move(text));
    parse_properties(doc);
    return doc;
}

/// key -> value of the active settings, as Java's Properties would hold them.
std::map<std::string, std::string> active(const Document& doc)
{
    std::map<std::string, std::string> out;
    for (const Setting& s : doc.settings) {
        if (s.active()) {
            out[s.key] = s.value;
        }
    }
    return out;
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

/// Bytes with everything outside printable ASCII escaped, for failure messages.
std::string printable(std::string_view bytes)
{
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c >= 0x7F) {
            out += "\\x";
            out.push_back(k_hex[c >> 4]);
            out.push_back(k_hex[c & 0xF]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

}  // namespace

// --- separators ------------------------------------------------------------------------------------

TEST_CASE("properties: every separator", "[properties]")
{
    const auto doc = parse(
        "a=1\n"
        "b:2\n"
        "c 3\n"
        "d = 4\n"
        "e : 5\n"
        "f\t6\n"
        "g\f7\n"
        "h   =   8\n"
        "i : = 9\n"
        "j == 10\n"
        "k  value = x\n"
        "l=a=b:c\n");
    const std::map<std::string, std::string> expected{
        {"a", "1"}, {"b", "2"}, {"c", "3"},   {"d", "4"},    {"e", "5"},         {"f", "6"},
        {"g", "7"}, {"h", "8"}, {"i", "= 9"}, {"j", "= 10"}, {"k", "value = x"}, {"l", "a=b:c"},
    };
    CHECK(active(doc) == expected);
    CHECK(doc.notes.empty());
    CHECK(doc.comments.empty());
}

TEST_CASE("properties: keys and values that are empty", "[properties]")
{
    const auto doc = parse("alone\nspaced   \nempty=\n=nokey\n:\n");
    REQUIRE(doc.settings.size() == 5);
    CHECK(doc.settings[0].key == "alone");
    CHECK(doc.settings[0].value.empty());
    CHECK(doc.settings[1].key == "spaced");
    CHECK(doc.settings[1].value.empty());
    CHECK(doc.settings[2].key == "empty");
    CHECK(doc.settings[2].value.empty());
    CHECK(doc.settings[3].key.empty());
    CHECK(doc.settings[3].value == "nokey");
    // ":" is an empty key with an empty value, which overrides "" = "nokey".
    CHECK(doc.settings[4].key.empty());
    CHECK(doc.settings[3].inactive == Inactive::Overridden);
}

TEST_CASE("properties: trailing whitespace is kept in values, leading is skipped", "[properties]")
{
    const auto doc = parse("   key = value \t \f\n\t\fother=x  ");
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].key == "key");
    CHECK(doc.settings[0].value == "value \t \f");
    CHECK(doc.settings[1].value == "x  ");
}

// --- comments and blank lines ------------------------------------------------------------------------

TEST_CASE("properties: comments with # and !, indented, and blank lines", "[properties]")
{
    const std::string text =
        "# hash comment\n"
        "! bang comment\n"
        "   # indented\n"
        "\t! indented too\n"
        "\n"
        "   \t\n"
        "key=value # not a comment\n"
        "other=x!y\n";
    const auto doc = parse(text);
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].value == "value # not a comment");
    CHECK(doc.settings[1].value == "x!y");
    REQUIRE(doc.comments.size() == 4);
    CHECK(doc.slice(doc.comments[0].range) == "# hash comment");
    CHECK(doc.slice(doc.comments[1].range) == "! bang comment");
    CHECK(doc.slice(doc.comments[2].range) == "# indented");
    CHECK(doc.slice(doc.comments[3].range) == "! indented too");
    for (const Comment& c : doc.comments) {
        CHECK(c.own_line);
    }
    CHECK(doc.position(doc.comments[2].range.begin) == Position{3, 4});
}

TEST_CASE("properties: a comment ending in a backslash does not continue", "[properties]")
{
    const auto doc = parse("# comment \\\nkey=value\n! other \\\\\\\nx=1");
    CHECK(active(doc) == std::map<std::string, std::string>{{"key", "value"}, {"x", "1"}});
    CHECK(doc.comments.size() == 2);
}

TEST_CASE("properties: a continuation line starting with # is text, unless nothing was read yet",
          "[properties]")
{
    // After "a=1\" the next line is part of the value.
    CHECK(active(parse("a=1\\\n  # not a comment\n")) ==
          std::map<std::string, std::string>{{"a", "1# not a comment"}});
    // After a lone "\" the logical line is still empty, and Java treats "#" as a comment.
    const auto doc = parse("\\\n#c=1\nx=1\n");
    CHECK(active(doc) == std::map<std::string, std::string>{{"x", "1"}});
    CHECK(doc.comments.size() == 1);
}

// --- continuations -------------------------------------------------------------------------------------

TEST_CASE("properties: continuation lines drop their leading blanks", "[properties]")
{
    const auto doc = parse(
        "list = a,\\\n"
        "       b,\\\n"
        "\t\f    c\n"
        "key\\\n"
        "   part=v\n");
    CHECK(active(doc) == std::map<std::string, std::string>{{"list", "a,b,c"}, {"keypart", "v"}});
}

TEST_CASE("properties: odd and even numbers of trailing backslashes", "[properties]")
{
    const auto doc = parse(
        "one=x\\\n"  // 1: continues
        "y\n"
        "two=x\\\\\n"      // 2: a literal backslash
        "three=x\\\\\\\n"  // 3: a literal backslash, then continues
        "z\n");
    CHECK(active(doc) ==
          std::map<std::string, std::string>{{"one", "xy"}, {"two", "x\\"}, {"three", "x\\z"}});
}

TEST_CASE("properties: continuation onto a blank line or at the end of the file", "[properties]")
{
    CHECK(active(parse("a=1\\\n\nb=2\n")) == std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}});
    CHECK(active(parse("a=1\\\n   \nb=2\n")) == std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}});
    CHECK(active(parse("a=1\\")) == std::map<std::string, std::string>{{"a", "1"}});
    CHECK(active(parse("a=1\\\n")) == std::map<std::string, std::string>{{"a", "1"}});
    CHECK(active(parse("a=1\\\r\n  ")) == std::map<std::string, std::string>{{"a", "1"}});
}

TEST_CASE("properties: an empty continued line at the very end yields the entry \"\" = \"\"", "[properties]")
{
    // Java returns the logical line when the file ends right after its terminator.
    CHECK(active(parse("x=1\n\\")) == std::map<std::string, std::string>{{"", ""}, {"x", "1"}});
    CHECK(active(parse("\\\n")) == std::map<std::string, std::string>{{"", ""}});
    CHECK(active(parse("\\\r")) == std::map<std::string, std::string>{{"", ""}});
    // ... but not when a CRLF or anything else follows.
    CHECK(active(parse("\\\r\n")).empty());
    CHECK(active(parse("\\\n  ")).empty());
    CHECK(active(parse("\\\n\n")).empty());
}

// --- escapes --------------------------------------------------------------------------------------------

TEST_CASE("properties: escapes", "[properties]")
{
    const auto doc = parse(
        "tabs=a\\tb\\nc\\rd\\fe\n"
        "unicode=\\u0041\\u00e9\\u00E9\\u20AC\n"
        "pair=\\uD83D\\uDE00\n"
        "k\\=ey=1\n"
        "k\\:ey=2\n"
        "k\\ ey=3\n"
        "\\#hash=4\n"
        "\\!bang=5\n"
        "back=\\\\server\\\\share\n"
        "nul=\\u0000\n");
    const auto map = active(doc);
    CHECK(map.at("tabs") == "a\tb\nc\rd\fe");
    CHECK(map.at("unicode") == "Aéé€");
    CHECK(map.at("pair") == "😀");
    CHECK(map.at("k=ey") == "1");
    CHECK(map.at("k:ey") == "2");
    CHECK(map.at("k ey") == "3");
    CHECK(map.at("#hash") == "4");
    CHECK(map.at("!bang") == "5");
    CHECK(map.at("back") == "\\server\\share");
    CHECK(map.at("nul") == std::string(1, '\0'));
    CHECK(doc.notes.empty());
}

TEST_CASE("properties: a \\u escape may span a continuation", "[properties]")
{
    CHECK(active(parse("a=\\u00\\\n   41\n")) == std::map<std::string, std::string>{{"a", "A"}});
}

TEST_CASE("properties: a lone surrogate becomes U+FFFD", "[properties]")
{
    CHECK(active(parse("a=\\uD83Dx")) == std::map<std::string, std::string>{{"a", "\xEF\xBF\xBDx"}});
}

TEST_CASE("properties: other escaped characters lose their backslash", "[properties]")
{
    const std::string text = "dir=C:\\data\\kafka\nregex=topic\\.name\n";
    const auto doc = parse(text);
    CHECK(active(doc) == std::map<std::string, std::string>{{"dir", "C:datakafka"}, {"regex", "topic.name"}});
    const auto notes = notes_of(doc, NoteKind::InvalidEscape);
    REQUIRE(notes.size() == 3);
    CHECK(notes[0]->range == ByteRange{6, 7});
    CHECK(notes[0]->message ==
          "Kafka reads `C:\\data\\kafka` as `C:datakafka`: a backslash before `d` is dropped");
    CHECK(notes[0]->key == "dir");
    CHECK(notes[1]->range == ByteRange{11, 12});
    CHECK(notes[1]->message ==
          "Kafka reads `C:\\data\\kafka` as `C:datakafka`: a backslash before `k` is dropped");
    CHECK(doc.slice(notes[2]->range) == "\\");
    CHECK(notes[2]->message ==
          "Kafka reads `topic\\.name` as `topic.name`: a backslash before `.` is dropped");
    CHECK(notes_of(doc, NoteKind::SyntaxError).empty());
}

TEST_CASE("properties: deliberate escapes are not noted", "[properties]")
{
    const auto doc = parse("a\\=b\\:c\\ d\\#e\\!f\\\\g\\\th=\\t\\n\\r\\f\\u0041\n");
    CHECK(doc.notes.empty());
    CHECK(active(doc) == std::map<std::string, std::string>{{"a=b:c d#e!f\\g\th", "\t\n\r\fA"}});
}

TEST_CASE("properties: malformed \\u escapes are syntax errors, the rest is still read", "[properties]")
{
    const std::string text = "a=\\u00g1\nb=2\nc=\\u12\nd\\u0=x\n";
    const auto doc = parse(text);
    const auto errors = notes_of(doc, NoteKind::SyntaxError);
    REQUIRE(errors.size() == 3);
    CHECK(doc.slice(errors[0]->range) == "\\u00");
    CHECK(errors[0]->key == "a");
    CHECK(errors[0]->message ==
          "Kafka cannot load this file: `\\u00` is not a `\\uXXXX` escape with four hex digits (Java throws "
          "`IllegalArgumentException: Malformed \\uxxxx encoding`)");
    CHECK(doc.slice(errors[1]->range) == "\\u12");
    CHECK(doc.position(errors[1]->range.begin) == Position{3, 3});
    // In a key, the escape cannot borrow chars from the value.
    CHECK(doc.slice(errors[2]->range) == "\\u0");
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[1].value == "2");
    CHECK(doc.settings[0].value == "\\u00g1");
}

// --- line terminators -----------------------------------------------------------------------------------

TEST_CASE("properties: CRLF, lone CR and mixed terminators", "[properties]")
{
    const std::map<std::string, std::string> expected{{"a", "1"}, {"b", "23"}, {"c", "3"}};
    CHECK(active(parse("a=1\r\nb=2\\\r\n   3\r\nc=3\r\n")) == expected);
    CHECK(active(parse("a=1\rb=2\\\r   3\rc=3\r")) == expected);
    CHECK(active(parse("a=1\nb=2\\\r\n   3\rc=3")) == expected);

    const auto doc = parse("a=1\r\n# c\r\nb=2\r\n");
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].line_range == ByteRange{0, 3});
    CHECK(doc.slice(doc.comments.at(0).range) == "# c");
    CHECK(doc.settings[1].line_range == ByteRange{10, 13});
    CHECK(doc.position(doc.settings[1].key_range.begin) == Position{3, 1});
}

// --- encoding -------------------------------------------------------------------------------------------

TEST_CASE("properties: a UTF-8 BOM becomes part of the first key", "[properties]")
{
    const auto doc = parse(
        "\xEF\xBB\xBF"
        "broker.id=1\nlog.dirs=/x\n");
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].key == "ï»¿broker.id");
    CHECK(doc.settings[0].key_range == ByteRange{0, 12});
    CHECK(doc.find("broker.id") == nullptr);
    const auto boms = notes_of(doc, NoteKind::Utf8Bom);
    REQUIRE(boms.size() == 1);
    CHECK(boms[0]->range == ByteRange{0, 3});
    CHECK(boms[0]->key == "ï»¿broker.id");
    CHECK(
        boms[0]->message ==
        "Kafka reads the UTF-8 byte order mark as part of the first key: `broker.id` becomes `ï»¿broker.id`");
    CHECK(notes_of(doc, NoteKind::NonLatin1).empty());
}

TEST_CASE("properties: a BOM before a comment turns the comment into a setting", "[properties]")
{
    const auto doc = parse("\xEF\xBB\xBF# comment\nx=1\n");
    CHECK(active(doc) == std::map<std::string, std::string>{{"ï»¿#", "comment"}, {"x", "1"}});
    CHECK(doc.comments.empty());
    const auto boms = notes_of(doc, NoteKind::Utf8Bom);
    REQUIRE(boms.size() == 1);
    CHECK(boms[0]->message ==
          "Kafka reads the UTF-8 byte order mark as text, so the comment on the first line becomes a setting "
          "with key `ï»¿#`");
}

TEST_CASE("properties: non-ASCII bytes are read as ISO-8859-1", "[properties]")
{
    const std::string text =
        "name=caf\xC3\xA9 ok \xE2\x82\xAC\nlatin1=\xE9\n# comment \xC3\xA9\nk\xC3\xA9y=1\n";
    const auto doc = parse(text);
    const auto map = active(doc);
    CHECK(map.at("name") == "cafÃ© ok â\xC2\x82¬");
    CHECK(map.at("latin1") == "é");
    CHECK(map.at("kÃ©y") == "1");

    const auto notes = notes_of(doc, NoteKind::NonLatin1);
    REQUIRE(notes.size() == 4);
    CHECK(doc.slice(notes[0]->range) == "\xC3\xA9");
    CHECK(notes[0]->key == "name");
    CHECK(notes[0]->message ==
          "Kafka reads `é` as `Ã©` because properties files are read as ISO-8859-1: write `\\u00e9` instead");
    CHECK(doc.slice(notes[1]->range) == "\xE2\x82\xAC");
    CHECK(notes[1]->message.find("`\\u20ac`") != std::string::npos);
    CHECK(doc.slice(notes[2]->range) == "\xE9");
    CHECK(notes[2]->message == "Kafka reads these bytes as `é` (ISO-8859-1); they are not valid UTF-8");
    CHECK(notes[3]->key == "kÃ©y");
    CHECK(doc.position(notes[3]->range.begin) == Position{4, 2});
}

TEST_CASE("properties: a byte outside ASCII is found at any offset of a long key or value", "[properties]")
{
    // The search goes eight bytes at a time until one has its high bit set.
    const std::string plain = "abcdefghijklmnopqrstuvwx";
    for (std::size_t at = 0; at <= plain.size(); ++at) {
        INFO(at);
        const std::string with = plain.substr(0, at) + "\xC3\xA9" + plain.substr(at);
        const auto doc = parse("k" + plain + "=" + with + "\n" + with + "=v\n");
        const auto notes = notes_of(doc, NoteKind::NonLatin1);
        REQUIRE(notes.size() == 2);
        CHECK(notes[0]->range.begin == 1 + plain.size() + 1 + at);  // in the value
        CHECK(doc.slice(notes[0]->range) == "\xC3\xA9");
        CHECK(doc.slice(notes[1]->range) == "\xC3\xA9");  // in the key
        CHECK(doc.position(notes[1]->range.begin) == Position{2, static_cast<std::uint32_t>(at + 1)});
    }
}

TEST_CASE("properties: characters outside the BMP are proposed as a surrogate pair", "[properties]")
{
    const auto doc = parse("emoji=\xF0\x9F\x98\x80\n");
    const auto notes = notes_of(doc, NoteKind::NonLatin1);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]->message.find("`\\ud83d\\ude00`") != std::string::npos);
}

// --- duplicates -----------------------------------------------------------------------------------------

TEST_CASE("properties: the last duplicate wins", "[properties]")
{
    const auto doc = parse("a=1\nb=2\na=3\nc=4\na=5\n");
    REQUIRE(doc.settings.size() == 5);
    CHECK(doc.settings[0].inactive == Inactive::Overridden);
    CHECK(doc.settings[0].overridden_by == 4);
    CHECK(doc.settings[2].inactive == Inactive::Overridden);
    CHECK(doc.settings[2].overridden_by == 4);
    CHECK(doc.settings[4].active());
    CHECK(doc.settings[4].overridden_by == -1);
    CHECK(doc.settings[1].active());
    REQUIRE(doc.find("a") != nullptr);
    CHECK(doc.find("a")->value == "5");
}

TEST_CASE("properties: keys are compared after unescaping", "[properties]")
{
    const auto doc = parse("k\\u0041=1\nkA=2\n");
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].inactive == Inactive::Overridden);
    CHECK(doc.settings[0].overridden_by == 1);
}

// --- ranges and positions -------------------------------------------------------------------------------

TEST_CASE("properties: ranges of a single-line entry", "[properties]")
{
    const std::string text = "# header\n  log.dirs = /var/kafka  \nnext=1";
    const auto doc = parse(text);
    REQUIRE(doc.settings.size() == 2);
    const Setting& s = doc.settings[0];
    CHECK(doc.slice(s.key_range) == "log.dirs");
    CHECK(doc.slice(s.value_range) == "/var/kafka  ");
    CHECK(doc.slice(s.line_range) == "  log.dirs = /var/kafka  ");
    CHECK(doc.position(s.key_range.begin) == Position{2, 3});
    CHECK(doc.position(s.value_range.begin) == Position{2, 14});
    CHECK(doc.position(s.line_range.begin) == Position{2, 1});
    CHECK(doc.position(s.line_range.end) == Position{2, 26});

    const Setting& last = doc.settings[1];
    CHECK(doc.slice(last.line_range) == "next=1");
    CHECK(last.value_range ==
          ByteRange{static_cast<std::uint32_t>(text.size()) - 1, static_cast<std::uint32_t>(text.size())});
}

TEST_CASE("properties: ranges of a continued entry", "[properties]")
{
    const std::string text = "x=0\n  plugin\\\n   .path = /a,\\\n      /b\\\n\ny=1\n";
    const auto doc = parse(text);
    REQUIRE(doc.settings.size() == 3);
    const Setting& s = doc.settings[1];
    CHECK(s.key == "plugin.path");
    CHECK(s.value == "/a,/b");
    CHECK(doc.slice(s.key_range) == "plugin\\\n   .path");
    CHECK(doc.slice(s.value_range) == "/a,\\\n      /b\\");
    CHECK(doc.slice(s.line_range) == "  plugin\\\n   .path = /a,\\\n      /b\\");
    CHECK(doc.position(s.key_range.begin) == Position{2, 3});
    CHECK(doc.position(s.key_range.end) == Position{3, 9});
    CHECK(doc.position(s.value_range.begin) == Position{3, 12});
    CHECK(doc.position(s.value_range.end) == Position{4, 10});
    CHECK(doc.settings[2].key == "y");
}

TEST_CASE("properties: ranges of empty values", "[properties]")
{
    const auto doc = parse("key\nkey2 = \nkey3=\\\n\n=\n");
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[0].value_range == ByteRange{3, 3});
    CHECK(doc.settings[0].key_range == ByteRange{0, 3});
    CHECK(doc.settings[1].value_range == ByteRange{11, 11});  // after the trailing blank
    CHECK(doc.settings[1].line_range == ByteRange{4, 11});
    CHECK(doc.settings[2].value_range == ByteRange{17, 17});  // before the continuation backslash
    CHECK(doc.settings[2].line_range == ByteRange{12, 18});
    CHECK(doc.settings[3].key_range == ByteRange{20, 20});
    CHECK(doc.settings[3].value_range == ByteRange{21, 21});
}

// --- robustness -----------------------------------------------------------------------------------------

TEST_CASE("properties: arbitrary bytes never crash and ranges stay in bounds", "[properties]")
{
    std::mt19937 rng(12345);
    static constexpr std::array<char, 14> k_alphabet{'a',  '=', ':', ' ', '\t', '\\', '\n',
                                                     '\r', '#', '!', 'u', '0',  '\0', '\xC3'};
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const auto size = static_cast<std::size_t>(rng() % 64);
        for (std::size_t i = 0; i < size; ++i) {
            text.push_back(rng() % 4 == 0 ? static_cast<char>(rng() & 0xFF)
                                          : k_alphabet[rng() % k_alphabet.size()]);
        }
        const auto doc = parse(text);
        const auto n = static_cast<std::uint32_t>(text.size());
        for (const Setting& s : doc.settings) {
            INFO(printable(text));
            CHECK(s.line_range.begin <= s.key_range.begin);
            CHECK(s.key_range.begin <= s.key_range.end);
            CHECK(s.key_range.end <= s.value_range.begin);
            CHECK(s.value_range.begin <= s.value_range.end);
            CHECK(s.value_range.end <= s.line_range.end);
            CHECK(s.line_range.end <= n);
        }
        for (const ParseNote& note : doc.notes) {
            CHECK(note.range.end <= n);
        }
    }
}

TEST_CASE("properties: a million lines in linear time", "[properties][slow]")
{
    std::string text;
    text.reserve(30'000'000);
    for (int i = 0; i < 1'000'000; ++i) {
        text += i % 10 == 0 ? "# comment line\n"
                            : "some.key." + std::to_string(i % 5000) + " = value\\\n  more\n";
    }
    text += std::string(2'000'000, 'x');  // and one huge line
    const auto start = std::chrono::steady_clock::now();
    const auto doc = parse(std::move(text));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(doc.settings.size() == 900'001);
    CHECK(doc.comments.size() == 100'000);
    CHECK(active(doc).size() == 4501);  // 4500 distinct keys (i % 10 != 0) and the huge line
    // Generous: the sanitizer build is slow, but a quadratic parser would take minutes.
    CHECK(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 60);
}

// --- the upstream corpus --------------------------------------------------------------------------------

namespace {

std::vector<std::filesystem::path> corpus_properties_files()
{
    std::vector<std::filesystem::path> files;
    const std::filesystem::path root = std::filesystem::path(SL_SHARED_DIR) / "corpus" / "upstream";
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        return files;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".properties") {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("properties: the upstream corpus parses without syntax errors", "[properties][corpus]")
{
    const auto files = corpus_properties_files();
    if (files.empty()) {
        WARN("no *.properties under " SL_SHARED_DIR "/corpus/upstream; skipped");
        return;
    }
    for (const auto& path : files) {
        INFO(path.string());
        const auto doc = parse(read_file(path));
        CHECK(notes_of(doc, NoteKind::SyntaxError).empty());
        CHECK_FALSE(doc.settings.empty());
    }
}

// --- differential test against the JDK ------------------------------------------------------------------

namespace {

/// Generates pseudo-random properties files full of the constructs Java treats specially.
class PropertiesFileGenerator {
public:
    explicit PropertiesFileGenerator(std::uint32_t seed) : rng_(seed) {}

    std::string file()
    {
        std::string out;
        if (chance(6)) {
            out += "\xEF\xBB\xBF";
        }
        const bool allow_malformed = chance(10);
        const int lines = 1 + pick(25);
        for (int i = 0; i < lines; ++i) {
            out += line(allow_malformed);
            out += terminator();
        }
        // How the file ends: with or without a final terminator, or inside a continuation.
        switch (pick(6)) {
            case 0:
                out += line(allow_malformed);
                break;
            case 1:
                out += "x=1\\";
                break;
            case 2:
                out += "\\";
                break;
            case 3:
                out += blanks() + "\\" + terminator();
                break;
            case 4:
                out += "y=2\\" + terminator() + blanks();
                break;
            default:
                break;
        }
        return out;
    }

private:
    int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }
    bool chance(int one_in) { return pick(one_in) == 0; }

    std::string terminator()
    {
        static constexpr std::array<const char*, 3> k_terminators{"\n", "\r\n", "\r"};
        return k_terminators[static_cast<std::size_t>(pick(3))];
    }

    std::string blanks()
    {
        static constexpr std::array<const char*, 6> k_blanks{"", "", " ", "  ", "\t", " \f\t "};
        return k_blanks[static_cast<std::size_t>(pick(6))];
    }

    /// Text for a key or value: plain chars, separators, escapes, non-ASCII bytes.
    std::string text(bool allow_malformed, int max_pieces)
    {
        static constexpr std::array<const char*, 40> k_pieces{
            "a",       "b",          "key",      ".",       "-",       "1",
            "=",       ":",          " ",        "\t",      "\f",      "#",
            "!",       "\\=",        "\\:",      "\\ ",     "\\#",     "\\!",
            "\\\\",    "\\t",        "\\n",      "\\r",     "\\f",     "\\d",
            "\\.",     "\\b",        "\\u0041",  "\\u00e9", "\\u00E9", "\\uD83D\\uDE00",
            "\\uDC00", "\\u0000",    "\xC3\xA9", "\xE9",    "\xFF",    "\xE2\x82\xAC",
            "\x00",    "\\\xC3\xA9", "C:\\data", "\\u003d",
        };
        static constexpr std::array<const char*, 5> k_malformed{"\\u", "\\u12", "\\u00g1", "\\uXYZW",
                                                                "\\u004"};
        std::string out;
        const int pieces = pick(max_pieces + 1);
        for (int i = 0; i < pieces; ++i) {
            if (allow_malformed && chance(40)) {
                out += k_malformed[static_cast<std::size_t>(pick(5))];
            } else {
                const auto index = static_cast<std::size_t>(pick(static_cast<int>(k_pieces.size())));
                out.append(k_pieces[index],
                           index == 36 ? 1 : std::char_traits<char>::length(k_pieces[index]));
            }
            if (chance(8)) {
                out += continuation();
            }
        }
        return out;
    }

    /// A run of backslashes then a line break: odd counts continue, even counts do not.
    std::string continuation()
    {
        const int backslashes = 1 + pick(4);
        return std::string(static_cast<std::size_t>(backslashes), '\\') + terminator() + blanks() +
               (chance(6) ? "#" : "") + (chance(10) ? "!" : "");
    }

    std::string separator()
    {
        static constexpr std::array<const char*, 12> k_separators{
            "=", ":", " ", "\t", "\f", " = ", " : ", "  =  ", "==", " :=", "\t:\t", " = = "};
        return k_separators[static_cast<std::size_t>(pick(12))];
    }

    std::string line(bool allow_malformed)
    {
        static constexpr std::array<const char*, 6> k_keys{"a", "b", "dup", "dup.key", "x", "y"};
        switch (pick(12)) {
            case 0:
                return blanks();
            case 1:
                return blanks() + (chance(2) ? "#" : "!") + text(false, 4) + (chance(3) ? "\\" : "");
            case 2:
                return blanks() + "\\";  // a lone backslash line
            case 3:
                return std::string(k_keys[static_cast<std::size_t>(pick(6))]);  // a key alone
            case 4:                                                             // a duplicate-prone key
                return blanks() + k_keys[static_cast<std::size_t>(pick(6))] + separator() +
                       text(allow_malformed, 5) + blanks();
            default:
                return blanks() + text(allow_malformed, 4) + (chance(8) ? "" : separator()) +
                       text(allow_malformed, 8) + blanks();
        }
    }

    std::mt19937 rng_;
};

struct JavaResult {
    bool failed = false;
    std::string error;
    std::map<std::string, std::string> entries;
};

/// "41,e9" -> UTF-8. Lone surrogates become U+FFFD, as parse_properties writes them.
std::string code_points_to_utf8(std::string_view hex_list)
{
    std::string out;
    std::size_t i = 0;
    while (i < hex_list.size()) {
        std::size_t j = hex_list.find(',', i);
        if (j == std::string_view::npos) {
            j = hex_list.size();
        }
        std::uint32_t cp =
            static_cast<std::uint32_t>(std::stoul(std::string(hex_list.substr(i, j - i)), nullptr, 16));
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        i = j + 1;
    }
    return out;
}

/// Parses the oracle's output into one result per file, keyed by path.
std::map<std::string, JavaResult> parse_oracle_output(const std::string& output)
{
    std::map<std::string, JavaResult> results;
    JavaResult* current = nullptr;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("FILE ", 0) == 0) {
            current = &results[line.substr(5)];
        } else if (current == nullptr || line == "END") {
            continue;
        } else if (line.rfind("ERR ", 0) == 0) {
            current->failed = true;
            current->error = line.substr(4);
        } else if (line.rfind("KV ", 0) == 0) {
            const std::string_view body = std::string_view(line).substr(3);
            const std::size_t semi = body.find(';');
            current->entries[code_points_to_utf8(body.substr(0, semi))] =
                code_points_to_utf8(body.substr(semi + 1));
        }
    }
    return results;
}

std::string run_command(const std::string& command)
{
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return output;
    }
    std::array<char, 65536> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        output.append(buffer.data(), n);
    }
    pclose(pipe);
    return output;
}

std::string describe_map(const std::map<std::string, std::string>& map)
{
    std::string out;
    for (const auto& [key, value] : map) {
        out += "    [" + printable(key) + "] = [" + printable(value) + "]\n";
    }
    return out.empty() ? "    (nothing)\n" : out;
}

/// Removes a directory tree when it goes out of scope.
struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "streamlint-props-oracle-XXXXXX").string();
        if (mkdtemp(pattern.data()) != nullptr) {
            path = pattern;
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ec;
        if (!path.empty()) {
            std::filesystem::remove_all(path, ec);
        }
    }
};

}  // namespace

TEST_CASE("properties: differential test against java.util.Properties", "[properties][oracle]")
{
    if (std::system("command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1") != 0) {
        WARN("javac/java not on PATH; differential test skipped");
        return;
    }
    TempDir tmp;
    REQUIRE_FALSE(tmp.path.empty());
    const std::string oracle_source = std::string(SL_SOURCE_DIR) + "/tests/oracle/PropertiesOracle.java";
    const std::string classes = (tmp.path / "classes").string();
    const std::string compile = "javac -d '" + classes + "' '" + oracle_source + "' 2>&1";
    {
        const std::string compile_output = run_command(compile + "; echo \"exit=$?\"");
        INFO(compile_output);
        REQUIRE(compile_output.find("exit=0") != std::string::npos);
    }

    // The generated files, then the upstream corpus files (Java must agree on those too).
    constexpr int k_files = 500;
    std::vector<std::string> paths;
    std::vector<std::string> contents;
    PropertiesFileGenerator generator(20240611);
    for (int i = 0; i < k_files; ++i) {
        const std::string path = (tmp.path / ("case-" + std::to_string(i) + ".properties")).string();
        contents.push_back(generator.file());
        std::ofstream(path, std::ios::binary) << contents.back();
        paths.push_back(path);
    }
    for (const auto& corpus_file : corpus_properties_files()) {
        paths.push_back(corpus_file.string());
        contents.push_back(read_file(corpus_file));
    }

    std::string command = "java -cp '" + classes + "' PropertiesOracle";
    for (const std::string& path : paths) {
        command += " '" + path + "'";
    }
    const auto java = parse_oracle_output(run_command(command + " 2>&1"));
    REQUIRE(java.size() == paths.size());

    int matched = 0;
    int java_failures = 0;
    int reported = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const JavaResult& expected = java.at(paths[i]);
        const auto doc = parse(contents[i]);
        const bool we_fail = !notes_of(doc, NoteKind::SyntaxError).empty();
        const auto ours = active(doc);
        java_failures += expected.failed ? 1 : 0;
        const bool same = expected.failed ? we_fail : (!we_fail && ours == expected.entries);
        if (same) {
            ++matched;
            continue;
        }
        if (reported++ < 5) {
            std::string diff = "file " + paths[i] + "\n  text: " + printable(contents[i]) + "\n";
            diff += expected.failed ? "  java: throws " + expected.error + "\n"
                                    : "  java:\n" + describe_map(expected.entries);
            diff += std::string("  ours") + (we_fail ? " (with a syntax error)" : "") + ":\n" +
                    describe_map(ours);
            FAIL_CHECK(diff);
        }
    }
    INFO("java threw on " << java_failures << " files");
    CHECK(matched == static_cast<int>(paths.size()));
    // The generator must exercise both outcomes.
    CHECK(java_failures > 0);
    CHECK(java_failures < k_files / 4);
}
