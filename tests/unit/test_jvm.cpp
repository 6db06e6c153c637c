// Tests for the jvm.options parser and the JAVA_OPTS-style options-string parser.
#include <streamlint/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace sl = streamlint;
using namespace std::string_literals;

namespace {

sl::Document parse(std::string text, int target_jdk = 17)
{
    sl::Document doc("jvm.options", sl::FileKind::Jvm, sl::Syntax::JvmOptions, std::move(text));
    sl::parse_jvm_options(doc, target_jdk);
    return doc;
}

std::vector<const sl::ParseNote*> notes_of(const sl::Document& doc, sl::NoteKind kind)
{
    std::vector<const sl::ParseNote*> out;
    for (const auto& n : doc.notes) {
        if (n.kind == kind) {
            out.push_back(&n);
        }
    }
    return out;
}

std::set<std::uint32_t> syntax_error_lines(const sl::Document& doc)
{
    std::set<std::uint32_t> lines;
    for (const auto* n : notes_of(doc, sl::NoteKind::SyntaxError)) {
        lines.insert(doc.position(n->range.begin).line);
    }
    return lines;
}

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

/// True when every byte sequence in `s` is valid UTF-8 (messages end up in JSON reports).
bool valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80                   ? 1
                          : (c >= 0xC2 && c <= 0xDF) ? 2
                          : (c >= 0xE0 && c <= 0xEF) ? 3
                          : (c >= 0xF0 && c <= 0xF4) ? 4
                                                     : 0;
        if (len == 0 || i + len > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += len;
    }
    return true;
}

/// Every range a parse produced lies inside the text, and every setting's ranges inside its line.
void check_ranges(const sl::Document& doc)
{
    const auto n = static_cast<std::uint32_t>(doc.text.size());
    for (const auto& s : doc.settings) {
        REQUIRE(s.line_range.begin <= s.line_range.end);
        REQUIRE(s.line_range.end <= n);
        REQUIRE(s.key_range.begin >= s.line_range.begin);
        REQUIRE(s.key_range.end <= s.line_range.end);
        REQUIRE(s.value_range.begin >= s.line_range.begin);
        REQUIRE(s.value_range.end <= s.line_range.end);
        REQUIRE(valid_utf8(s.key));
        REQUIRE(valid_utf8(s.value));
    }
    for (const auto& note : doc.notes) {
        REQUIRE(note.range.begin <= note.range.end);
        REQUIRE(note.range.end <= n);
        REQUIRE(valid_utf8(note.message));
        REQUIRE(note.message.size() < 600);
    }
    for (const auto& c : doc.comments) {
        REQUIRE(c.range.end <= n);
    }
}

std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

// --- line grammar ---------------------------------------------------------------------------------

TEST_CASE("jvm.options: comments, blank lines and plain options", "[jvm][grammar]")
{
    const auto doc = parse("# heap\n\n   \n\t\v\f\n-Xmx4g\n## twice\n-XX:+UseG1GC\n");
    CHECK(doc.notes.empty());
    REQUIRE(doc.settings.size() == 2);
    CHECK(doc.settings[0].key == "-Xmx");
    CHECK(doc.settings[0].value == "4g");
    CHECK(doc.position(doc.settings[0].line_range.begin) == sl::Position{5, 1});
    CHECK(doc.slice(doc.settings[0].line_range) == "-Xmx4g");
    CHECK(doc.settings[0].condition.empty());
    CHECK(doc.settings[1].key == "-XX:UseG1GC");
    CHECK(doc.position(doc.settings[1].key_range.begin) == sl::Position{7, 1});

    REQUIRE(doc.comments.size() == 2);
    CHECK(doc.slice(doc.comments[0].range) == "# heap");
    CHECK(doc.comments[0].own_line);
    CHECK(doc.position(doc.comments[0].range.begin) == sl::Position{1, 1});
    CHECK(doc.slice(doc.comments[1].range) == "## twice");
    CHECK(doc.position(doc.comments[1].range.begin) == sl::Position{6, 1});
}

TEST_CASE("jvm.options: a version prefix is kept as written in condition", "[jvm][grammar]")
{
    const auto doc = parse("11:-XX:+A\n9-:-XX:+B\n8-13:-XX:+C\n017-017:-XX:+D\n", 17);
    CHECK(doc.notes.empty());
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[0].condition == "11:");
    CHECK(doc.settings[1].condition == "9-:");
    CHECK(doc.settings[2].condition == "8-13:");
    CHECK(doc.settings[3].condition == "017-017:");  // leading zeros: Integer.parseInt reads 17
    CHECK(doc.settings[3].active());
    // Ranges of the option itself start after the prefix.
    CHECK(doc.slice(doc.settings[2].key_range) == "-XX:+C");
    CHECK(doc.position(doc.settings[2].key_range.begin) == sl::Position{3, 6});
    CHECK(doc.slice(doc.settings[2].line_range) == "8-13:-XX:+C");
}

TEST_CASE("jvm.options: every kind of invalid line is a syntax error at its line", "[jvm][grammar]")
{
    struct Case {
        std::string line;
        std::string reason;  // a piece of the message
    };
    const std::vector<Case> cases{
        {"  -Xmx4g", "leading whitespace"},
        {"\t-Xmx4g", "leading whitespace"},
        {"  # indented comment", "indented comment"},
        {"Xmx4g", "neither '-'"},
        {"8.0:-Xmx4g", "version prefix '8.0:' is malformed"},
        {"a:-Xmx4g", "neither '-'"},
        {"17-11:-Xmx4g", "upper bound below its lower bound"},
        {"@heap.dump.path@", "unrendered template placeholder '@heap.dump.path@'"},
        {"${heap.dump.path}", "unrendered template placeholder '${heap.dump.path}'"},
        {"17: -Xmx4g", "after the version prefix does not start with '-'"},
        {"17:", "after the version prefix does not start with '-'"},
        {"17:Xmx4g", "after the version prefix does not start with '-'"},
        {"8-13-:-Xmx4g", "version prefix '8-13-:' is malformed"},
        {"17 -Xmx4g", "is malformed"},
        {"99999999999:-Xmx4g", "too large"},
        {"8-99999999999:-Xmx4g", "too large"},
        {"\xEF\xBB\xBF-Xmx4g", "byte order mark"},
        {"\xEF\xBB\xBF# comment", "byte order mark"},
        {"-Xmx4g\xE2\x80\xA8", "U+2028"},
        {"-Dx=a\xC2\x85z", "U+0085"},
        {"17:-Dx=\xE2\x80\xA9", "U+2029"},
        {"\xC2\xA0-Xmx4g", "neither '-'"},  // a no-break space is not Java's \s
        {"\x01", "neither '-'"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        const auto doc = parse("-Xms4g\n"s + c.line + "\n-Xmx4g\n");
        const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(doc.position(errors[0]->range.begin) == sl::Position{2, 1});
        CHECK(doc.slice(errors[0]->range) == c.line);
        CHECK(contains(errors[0]->message, "Elasticsearch refuses to start"));
        CHECK(contains(errors[0]->message, c.reason));
        CHECK(valid_utf8(errors[0]->message));
        // The invalid line produces no setting and no comment; its neighbours still parse.
        REQUIRE(doc.settings.size() == 2);
        CHECK(doc.settings[0].key == "-Xms");
        CHECK(doc.settings[1].key == "-Xmx");
        CHECK(doc.comments.empty());
    }
}

TEST_CASE("jvm.options: every invalid line of a file is reported", "[jvm][grammar]")
{
    const auto doc = parse("Xmx1g\n-Xms1g\n  -Xmx1g\n17-11:-Xss1m\n");
    CHECK(syntax_error_lines(doc) == std::set<std::uint32_t>{1, 3, 4});
    REQUIRE(doc.settings.size() == 1);
}

TEST_CASE("jvm.options: oddities that are still valid lines", "[jvm][grammar]")
{
    // A lone dash, a digit-dash option and placeholders inside options match the launcher's pattern.
    const auto doc = parse(
        "-\n-8:-Xmx\n-Djava.io.tmpdir=${ES_TMPDIR}\n-Dx=${other}\n"
        "-Xlog:gc:file=@loggc@\n-XX:ErrorFile=${ES_PATH_CONF}/hs_err.log\n");
    CHECK(doc.notes.empty());
    REQUIRE(doc.settings.size() == 6);
    CHECK(doc.settings[0].key == "-");
    CHECK(doc.settings[0].value.empty());
    CHECK(doc.settings[1].key == "-8");
    CHECK(doc.settings[1].value == "-Xmx");
    CHECK(doc.settings[1].condition.empty());
    CHECK(doc.settings[2].key == "-Djava.io.tmpdir");
    CHECK(doc.settings[2].value == "${ES_TMPDIR}");
    CHECK(doc.settings[3].value == "${other}");
    CHECK(doc.settings[4].value == "gc:file=@loggc@");
    CHECK(doc.settings[5].value == "${ES_PATH_CONF}/hs_err.log");
}

// --- what the JVM makes of the option text ----------------------------------------------------------

TEST_CASE("jvm.options: a trailing comment is part of the option", "[jvm][jvm-args]")
{
    SECTION("refused by the JVM: a size")
    {
        const auto doc = parse("-Xms4g\n-Xmx4g # heap\n");
        const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(doc.position(errors[0]->range.begin) == sl::Position{2, 7});
        CHECK(doc.slice(errors[0]->range) == " # heap");
        CHECK(contains(errors[0]->message, "no trailing comments"));
        CHECK(contains(errors[0]->message, "'-Xmx4g # heap'"));
        CHECK(contains(errors[0]->message, "refuses to start"));
        CHECK(errors[0]->key == "-Xmx");
        CHECK(notes_of(doc, sl::NoteKind::TrailingWhitespace).empty());
        // Key and value are those of the option that was meant.
        REQUIRE(doc.settings.size() == 2);
        CHECK(doc.settings[1].key == "-Xmx");
        CHECK(doc.settings[1].value == "4g");
        CHECK(doc.slice(doc.settings[1].value_range) == "4g");
        CHECK(doc.slice(doc.settings[1].line_range) == "-Xmx4g # heap");
    }
    SECTION("refused by the JVM: booleans and numbers")
    {
        const auto doc = parse("-XX:+UseG1GC # g1\n-XX:G1ReservePercent=25  #x\n-server # s\n");
        const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
        REQUIRE(errors.size() == 3);
        CHECK(doc.position(errors[0]->range.begin) == sl::Position{1, 13});
        CHECK(contains(errors[0]->message, "Unrecognized VM option"));
        CHECK(doc.position(errors[1]->range.begin) == sl::Position{2, 24});
        CHECK(doc.slice(errors[1]->range) == "  #x");
        CHECK(contains(errors[1]->message, "Improperly specified VM option"));
        CHECK(doc.position(errors[2]->range.begin) == sl::Position{3, 8});
        REQUIRE(doc.settings.size() == 3);
        CHECK(doc.settings[0].key == "-XX:UseG1GC");
        CHECK(doc.settings[0].value == "true");
        CHECK(doc.settings[1].value == "25");
        CHECK(doc.settings[2].key == "-server");
    }
    SECTION("kept by the JVM inside a string value")
    {
        const auto doc = parse("-Dfoo=bar # note\n-XX:HeapDumpPath=data # x\n-Xloggc:gc.log # y\n");
        CHECK(notes_of(doc, sl::NoteKind::SyntaxError).empty());
        const auto kept = notes_of(doc, sl::NoteKind::TrailingWhitespace);
        REQUIRE(kept.size() == 3);
        CHECK(doc.position(kept[0]->range.begin) == sl::Position{1, 10});
        CHECK(doc.slice(kept[0]->range) == " # note");
        CHECK(contains(kept[0]->message, "no trailing comments"));
        CHECK(contains(kept[0]->message, "value of -Dfoo"));
        CHECK(kept[0]->key == "-Dfoo");
        CHECK(doc.position(kept[1]->range.begin) == sl::Position{2, 22});
        CHECK(contains(kept[2]->message, "log file name"));
        REQUIRE(doc.settings.size() == 3);
        CHECK(doc.settings[0].value == "bar # note");
        CHECK(doc.settings[1].value == "data # x");
        CHECK(doc.settings[2].value == "gc.log # y");
    }
    SECTION("a '#' without whitespace before it is no comment")
    {
        const auto doc = parse("-XX:ErrorFile=hs_err#1.log\n");
        CHECK(doc.notes.empty());
        CHECK(doc.settings.at(0).value == "hs_err#1.log");
    }
}

TEST_CASE("jvm.options: trailing whitespace", "[jvm][jvm-args]")
{
    struct Case {
        std::string option;
        bool refused;
        std::string key;
        std::string value;
        std::string detail;
    };
    // Each outcome was checked with a real JDK 17: java '<option>' -version.
    const std::vector<Case> cases{
        {"-Xmx4g ", true, "-Xmx", "4g", "a size takes digits"},
        {"-Xms1g\t", true, "-Xms", "1g", "a size takes digits"},
        {"-Xss1m ", true, "-Xss", "1m", ""},
        {"-Xmn256m ", true, "-Xmn", "256m", ""},
        {"-XX:+AlwaysPreTouch  ", true, "-XX:AlwaysPreTouch", "true", "Unrecognized VM option"},
        {"-XX:-UseG1GC ", true, "-XX:UseG1GC", "false", "Unrecognized VM option"},
        {"-XX:MaxGCPauseMillis=200 ", true, "-XX:MaxGCPauseMillis", "200", "Improperly specified"},
        {"-XX:MaxRAMPercentage=75.0 ", true, "-XX:MaxRAMPercentage", "75.0", "Improperly specified"},
        {"-XX:MaxHeapSize=1g ", true, "-XX:MaxHeapSize", "1g", ""},
        {"-XX:MaxDirectMemorySize=0x1F ", true, "-XX:MaxDirectMemorySize", "0x1F", "Improperly specified"},
        {"-Xlog:gc ", true, "-Xlog", "gc", "Invalid -Xlog option"},
        {"-Xlog:gc*:file=x.log:utctime ", true, "-Xlog", "gc*:file=x.log:utctime", "Invalid -Xlog option"},
        {"-server ", true, "-server", "", "Unrecognized option"},
        {"-ea ", true, "-ea", "", "Unrecognized option"},
        {"-Xshare:auto ", true, "-Xshare", "auto", "Unrecognized option"},
        {"--enable-preview ", true, "--enable-preview", "", "Unrecognized option"},
        {"-javaagent:/opt/agent.jar ", true, "-javaagent", "/opt/agent.jar", "agent's file name"},
        {"--add-modules=ALL-SYSTEM ", true, "--add-modules", "ALL-SYSTEM", "no such module"},
        {"-Dfoo=bar  ", false, "-Dfoo", "bar  ", ""},
        {"-XX:HeapDumpPath=/var/dumps ", false, "-XX:HeapDumpPath", "/var/dumps ", ""},
        {"-XX:OnError=kill -9 %p ", false, "-XX:OnError", "kill -9 %p ", ""},
        {"-Xloggc:gc.log ", false, "-Xloggc", "gc.log ", "log file name"},
        {"-Xlog:gc*:file=x.log ", false, "-Xlog", "gc*:file=x.log ", "log output name"},
        {"--add-opens=java.base/java.lang=ALL-UNNAMED ", false, "--add-opens",
         "java.base/java.lang=ALL-UNNAMED ", "Unknown module"},
        {"-javaagent:/opt/agent.jar=port=1 ", false, "-javaagent", "/opt/agent.jar=port=1 ",
         "agent receives"},
        {"-XX:HeapDumpPath= ", false, "-XX:HeapDumpPath", " ", ""},
        {"-ea:com.example... ", false, "-ea", "com.example... ", ""},
        {"-verbose:gc ", false, "-verbose", "gc ", ""},
    };
    for (const auto& c : cases) {
        INFO(c.option);
        const auto doc = parse("17-:" + c.option + "\n", 17);
        REQUIRE(doc.notes.size() == 1);
        const auto& note = doc.notes[0];
        CHECK(note.kind == (c.refused ? sl::NoteKind::SyntaxError : sl::NoteKind::TrailingWhitespace));
        // The note starts at the trailing whitespace.
        const auto ws = static_cast<std::uint32_t>(c.option.find_last_not_of(" \t") + 1);
        CHECK(note.range.begin == 4 + ws);
        CHECK(note.range.end == 4 + c.option.size());
        CHECK(doc.position(note.range.begin) == sl::Position{1, 5 + ws});
        CHECK(note.key == c.key);
        CHECK(contains(note.message, c.refused ? "refuses to start" : "keeps the trailing whitespace"));
        CHECK(contains(note.message, c.detail));
        REQUIRE(doc.settings.size() == 1);
        CHECK(doc.settings[0].key == c.key);
        CHECK(doc.settings[0].value == c.value);
    }
}

TEST_CASE("jvm.options: whitespace inside an option", "[jvm][jvm-args]")
{
    SECTION("two options on one line")
    {
        const auto doc = parse("-Xms1g -Xmx1g\n");
        const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(doc.position(errors[0]->range.begin) == sl::Position{1, 7});
        CHECK(doc.slice(errors[0]->range) == " -Xmx1g");
        CHECK(contains(errors[0]->message, "one option per line"));
        REQUIRE(doc.settings.size() == 1);
        CHECK(doc.settings[0].key == "-Xms");
        CHECK(doc.settings[0].value == "1g");
    }
    SECTION("the launcher's two-argument form does not work on one line")
    {
        const auto doc = parse("--add-opens java.base/java.lang=ALL-UNNAMED\n");
        const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(doc.position(errors[0]->range.begin) == sl::Position{1, 12});
        CHECK(contains(errors[0]->message, "Unrecognized option"));
        CHECK(doc.settings.at(0).key == "--add-opens");
    }
    SECTION("string values take blanks")
    {
        const auto doc = parse("-XX:OnError=kill -9 %p\n-Dgreeting=hello world\n-Xlog:gc:file=my gc.log\n");
        CHECK(doc.notes.empty());
        REQUIRE(doc.settings.size() == 3);
        CHECK(doc.settings[0].value == "kill -9 %p");
        CHECK(doc.settings[1].value == "hello world");
        CHECK(doc.settings[2].value == "gc:file=my gc.log");
    }
    SECTION("a blank kept in the file name, then one the decorators refuse")
    {
        const auto doc = parse("-Xlog:gc:file=my gc.log:uptime \n");
        const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
        REQUIRE(errors.size() == 1);
        CHECK(doc.position(errors[0]->range.begin) == sl::Position{1, 31});
        CHECK(doc.settings.at(0).value == "gc:file=my gc.log:uptime");
    }
    SECTION("a string value with a trailing comment after a blank")
    {
        const auto doc = parse("-XX:OnError=kill -9 %p # stop it\n");
        const auto kept = notes_of(doc, sl::NoteKind::TrailingWhitespace);
        REQUIRE(kept.size() == 1);
        CHECK(doc.position(kept[0]->range.begin) == sl::Position{1, 23});
        CHECK(doc.settings.at(0).value == "kill -9 %p # stop it");
    }
}

TEST_CASE("jvm.options: JVM-level notes only for lines that reach the JVM", "[jvm][jvm-args]")
{
    const auto doc = parse("8:-Xmx4g # heap\n8:-Dx=1 \n8:-Dy=a\0b\n", 17);
    CHECK(doc.notes.empty());
    REQUIRE(doc.settings.size() == 3);
    CHECK(doc.settings[0].value == "4g");
    CHECK(doc.settings[0].inactive == sl::Inactive::OtherVersion);
    // The same file for JDK 8 has three problems.
    const auto doc8 = parse("8:-Xmx4g # heap\n8:-Dx=1 \n8:-Dy=a\0b\n"s, 8);
    CHECK(notes_of(doc8, sl::NoteKind::SyntaxError).size() == 2);
    CHECK(notes_of(doc8, sl::NoteKind::TrailingWhitespace).size() == 1);
}

TEST_CASE("jvm.options: a NUL byte stops the launch", "[jvm][jvm-args]")
{
    const auto doc = parse("-Dx=a\0b\n"s);
    const auto errors = notes_of(doc, sl::NoteKind::SyntaxError);
    REQUIRE(errors.size() == 1);
    CHECK(doc.position(errors[0]->range.begin) == sl::Position{1, 6});
    CHECK(errors[0]->range.size() == 1);
    CHECK(contains(errors[0]->message, "NUL"));
    CHECK(doc.settings.at(0).value == "a\0b"s);
}

// --- key normalisation ------------------------------------------------------------------------------

TEST_CASE("jvm.options: keys and values are normalised", "[jvm][keys]")
{
    struct Case {
        std::string option;
        std::string key;
        std::string value;
        std::string key_text;    // doc.slice(key_range)
        std::string value_text;  // doc.slice(value_range)
        bool cumulative;
    };
    const std::vector<Case> cases{
        {"-XX:+UseG1GC", "-XX:UseG1GC", "true", "-XX:+UseG1GC", "+", false},
        {"-XX:-UseG1GC", "-XX:UseG1GC", "false", "-XX:-UseG1GC", "-", false},
        {"-XX:MaxGCPauseMillis=200", "-XX:MaxGCPauseMillis", "200", "-XX:MaxGCPauseMillis", "200", false},
        {"-XX:HeapDumpPath=", "-XX:HeapDumpPath", "", "-XX:HeapDumpPath", "", false},
        {"-XX:HeapDumpPath", "-XX:HeapDumpPath", "", "-XX:HeapDumpPath", "", false},
        {"-XX:CompileCommand=quiet", "-XX:CompileCommand", "quiet", "-XX:CompileCommand", "quiet", true},
        {"-XX:CompileOnly=java.lang.String::length", "-XX:CompileOnly", "java.lang.String::length",
         "-XX:CompileOnly", "java.lang.String::length", true},
        {"-XX:OnError=echo a", "-XX:OnError", "echo a", "-XX:OnError", "echo a", true},
        {"-XX:OnOutOfMemoryError=kill -9 %p", "-XX:OnOutOfMemoryError", "kill -9 %p",
         "-XX:OnOutOfMemoryError", "kill -9 %p", true},
        {"-XX:DisableIntrinsic=_hashCode", "-XX:DisableIntrinsic", "_hashCode", "-XX:DisableIntrinsic",
         "_hashCode", true},
        {"-XX:+UnlockExperimentalVMOptions", "-XX:UnlockExperimentalVMOptions", "true",
         "-XX:+UnlockExperimentalVMOptions", "+", false},
        {"-Xms8g", "-Xms", "8g", "-Xms", "8g", false},
        {"-Xmx31g", "-Xmx", "31g", "-Xmx", "31g", false},
        {"-Xss1m", "-Xss", "1m", "-Xss", "1m", false},
        {"-Xmn2g", "-Xmn", "2g", "-Xmn", "2g", false},
        {"-Xmx", "-Xmx", "", "-Xmx", "", false},
        {"-Xlog:gc*:file=gc.log", "-Xlog", "gc*:file=gc.log", "-Xlog", "gc*:file=gc.log", true},
        {"-Xlog", "-Xlog", "", "-Xlog", "", true},
        {"-Xlog:disable", "-Xlog", "disable", "-Xlog", "disable", true},
        {"-Xloggc:logs/gc.log", "-Xloggc", "logs/gc.log", "-Xloggc", "logs/gc.log", false},
        {"-Xshare:auto", "-Xshare", "auto", "-Xshare", "auto", false},
        {"-Xint", "-Xint", "", "-Xint", "", false},
        {"-Xbatch", "-Xbatch", "", "-Xbatch", "", false},
        {"-Xbootclasspath/a:lib/x.jar", "-Xbootclasspath/a", "lib/x.jar", "-Xbootclasspath/a", "lib/x.jar",
         false},
        {"-Djava.io.tmpdir=/tmp", "-Djava.io.tmpdir", "/tmp", "-Djava.io.tmpdir", "/tmp", false},
        {"-Dlog4j2.formatMsgNoLookups=true", "-Dlog4j2.formatMsgNoLookups", "true",
         "-Dlog4j2.formatMsgNoLookups", "true", false},
        {"-Dflag", "-Dflag", "", "-Dflag", "", false},
        {"-Da=b=c", "-Da", "b=c", "-Da", "b=c", false},
        {"-Durl=http://x:9200", "-Durl", "http://x:9200", "-Durl", "http://x:9200", false},
        {"-javaagent:/opt/a.jar=x=1", "-javaagent", "/opt/a.jar=x=1", "-javaagent", "/opt/a.jar=x=1", true},
        {"-agentlib:jdwp=transport=dt_socket", "-agentlib", "jdwp=transport=dt_socket", "-agentlib",
         "jdwp=transport=dt_socket", true},
        {"-agentpath:/opt/libyjp.so", "-agentpath", "/opt/libyjp.so", "-agentpath", "/opt/libyjp.so", true},
        {"--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
         "--add-opens", "java.base/java.io=ALL-UNNAMED", true},
        {"--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports",
         "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", true},
        {"--add-reads=a=b", "--add-reads", "a=b", "--add-reads", "a=b", true},
        {"--add-modules=jdk.incubator.vector", "--add-modules", "jdk.incubator.vector", "--add-modules",
         "jdk.incubator.vector", true},
        {"--enable-native-access=ALL-UNNAMED", "--enable-native-access", "ALL-UNNAMED",
         "--enable-native-access", "ALL-UNNAMED", true},
        {"--module-path=a:b", "--module-path", "a:b", "--module-path", "a:b", false},
        {"--enable-preview", "--enable-preview", "", "--enable-preview", "", false},
        {"-server", "-server", "", "-server", "", false},
        {"-ea", "-ea", "", "-ea", "", true},
        {"-verbose:gc", "-verbose", "gc", "-verbose", "gc", true},
        {"-XX:", "-XX:", "", "-XX:", "", false},
    };
    for (const auto& c : cases) {
        INFO(c.option);
        const auto doc = parse("11-:" + c.option + "\n", 17);
        CHECK(doc.notes.empty());
        REQUIRE(doc.settings.size() == 1);
        const auto& s = doc.settings[0];
        CHECK(s.key == c.key);
        CHECK(s.value == c.value);
        CHECK(doc.slice(s.key_range) == c.key_text);
        CHECK(doc.slice(s.value_range) == c.value_text);
        CHECK(s.key_range.begin == 4);
        CHECK(s.cumulative == c.cumulative);
        CHECK(s.line_range == sl::ByteRange{0, static_cast<std::uint32_t>(4 + c.option.size())});
        CHECK(s.active());
        if (c.value_text.empty() && c.option.find('=') == std::string::npos) {
            // No value: an empty range right after the name.
            CHECK(s.value_range.begin == s.key_range.end);
        }
    }
}

TEST_CASE("jvm.options: invalid UTF-8 reads as U+FFFD, as Java's decoder does", "[jvm][keys]")
{
    const auto doc = parse("-Dname=caf\xC3\xA9\n-Dx=\xFF\xFE\n-Dy=\xE2\x82\n-Dz=\xE0\x80\x80\n");
    CHECK(doc.notes.empty());
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[0].value == "caf\xC3\xA9");
    CHECK(doc.settings[1].value == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(doc.settings[2].value == "\xEF\xBF\xBD");                          // truncated sequence: one
    CHECK(doc.settings[3].value == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong: each byte
    CHECK(doc.slice(doc.settings[1].value_range) == "\xFF\xFE");
}

// --- version ranges ---------------------------------------------------------------------------------

TEST_CASE("jvm.options: version ranges judged against the target JDK", "[jvm][versions]")
{
    const std::string text =
        "-XX:+Always\n"
        "8:-XX:+Only8\n"
        "8-13:-XX:+From8To13\n"
        "9-:-XX:+From9\n"
        "11-:-XX:+From11\n"
        "11-17:-XX:+From11To17\n"
        "17:-XX:+Only17\n"
        "14-:-XX:+From14\n"
        "21-21:-XX:+Only21\n"
        "22-:-XX:+From22\n"
        "0-:-XX:+FromZero\n";
    struct Case {
        int jdk;
        std::set<std::string> active;
    };
    const std::vector<Case> cases{
        {8, {"-XX:Always", "-XX:Only8", "-XX:From8To13", "-XX:FromZero"}},
        {11, {"-XX:Always", "-XX:From8To13", "-XX:From9", "-XX:From11", "-XX:From11To17", "-XX:FromZero"}},
        {17,
         {"-XX:Always", "-XX:From9", "-XX:From11", "-XX:From11To17", "-XX:Only17", "-XX:From14",
          "-XX:FromZero"}},
        {21, {"-XX:Always", "-XX:From9", "-XX:From11", "-XX:From14", "-XX:Only21", "-XX:FromZero"}},
    };
    for (const auto& c : cases) {
        INFO("target JDK " << c.jdk);
        const auto doc = parse(text, c.jdk);
        CHECK(doc.notes.empty());
        REQUIRE(doc.settings.size() == 11);
        std::set<std::string> active;
        for (const auto& s : doc.settings) {
            if (s.active()) {
                active.insert(s.key);
            } else {
                CHECK(s.inactive == sl::Inactive::OtherVersion);
                CHECK(!s.condition.empty());
            }
        }
        CHECK(active == c.active);
    }
}

// --- duplicates -----------------------------------------------------------------------------------

TEST_CASE("jvm.options: the last occurrence wins, cumulative options add up", "[jvm][duplicates]")
{
    SECTION("a flag twice")
    {
        const auto doc = parse("-XX:+UseG1GC\n-XX:+UseG1GC\n");
        REQUIRE(doc.settings.size() == 2);
        CHECK(doc.settings[0].inactive == sl::Inactive::Overridden);
        CHECK(doc.settings[0].overridden_by == 1);
        CHECK(doc.settings[1].active());
    }
    SECTION("a flag flipped")
    {
        const auto doc = parse("-XX:+UseG1GC\n-XX:-UseG1GC\n");
        CHECK(doc.settings[0].inactive == sl::Inactive::Overridden);
        REQUIRE(doc.find("-XX:UseG1GC") != nullptr);
        CHECK(doc.find("-XX:UseG1GC")->value == "false");
    }
    SECTION("cumulative options")
    {
        const auto doc = parse(
            "-Xlog:gc*:file=gc.log\n-Xlog:safepoint\n-XX:CompileCommand=quiet\n"
            "-XX:CompileCommand=exclude,A.b\n--add-opens=a/b=c\n--add-opens=d/e=f\n");
        REQUIRE(doc.settings.size() == 6);
        for (const auto& s : doc.settings) {
            CHECK(s.active());
            CHECK(s.cumulative);
        }
    }
    SECTION("a line for another JDK never overrides")
    {
        const auto doc = parse("-Xmx4g\n8:-Xmx2g\n", 17);
        CHECK(doc.settings[0].active());
        CHECK(doc.settings[1].inactive == sl::Inactive::OtherVersion);
        CHECK(doc.find("-Xmx")->value == "4g");
    }
    SECTION("the active range line overrides the plain line")
    {
        const auto doc = parse("-Xmx4g\n17-:-Xmx2g\n", 17);
        CHECK(doc.settings[0].inactive == sl::Inactive::Overridden);
        CHECK(doc.find("-Xmx")->value == "2g");
    }
}

// --- line terminators -----------------------------------------------------------------------------

TEST_CASE("jvm.options: CRLF and lone CR end lines", "[jvm][lines]")
{
    const auto doc = parse("# c\r\n-Xms1g\r\n-Xmx1g\r-Xss1m\n  bad\r\n-Xmn1g");
    CHECK(notes_of(doc, sl::NoteKind::TrailingWhitespace).empty());
    CHECK(syntax_error_lines(doc) == std::set<std::uint32_t>{5});
    REQUIRE(doc.settings.size() == 4);
    CHECK(doc.settings[0].value == "1g");
    CHECK(doc.slice(doc.settings[0].line_range) == "-Xms1g");
    CHECK(doc.position(doc.settings[1].key_range.begin) == sl::Position{3, 1});
    CHECK(doc.position(doc.settings[2].key_range.begin) == sl::Position{4, 1});
    CHECK(doc.position(doc.settings[3].key_range.begin) == sl::Position{6, 1});
    CHECK(doc.settings[3].value == "1g");  // last line without terminator
    REQUIRE(doc.comments.size() == 1);
    CHECK(doc.slice(doc.comments[0].range) == "# c");
}

TEST_CASE("jvm.options: empty input and terminators only", "[jvm][lines]")
{
    for (const std::string text : {"", "\n", "\r\n\r\n", "\r\r"}) {
        const auto doc = parse(text);
        CHECK(doc.settings.empty());
        CHECK(doc.notes.empty());
    }
}

// --- robustness -----------------------------------------------------------------------------------

TEST_CASE("jvm.options: hostile input never throws", "[jvm][robust]")
{
    SECTION("a 50 MB option line")
    {
        std::string text = "-Dbig=" + std::string(50u << 20, 'a') + "\n-Xmx1g\n";
        const auto doc = parse(std::move(text));
        CHECK(doc.notes.empty());
        REQUIRE(doc.settings.size() == 2);
        CHECK(doc.settings[0].value.size() == (50u << 20));
    }
    SECTION("a 50 MB invalid line and a 50 MB refused option")
    {
        std::string text = std::string(50u << 20, 'x') + "\n-Xmx1g" + std::string(50u << 20, ' ') + "#\n";
        const auto doc = parse(std::move(text));
        CHECK(syntax_error_lines(doc) == std::set<std::uint32_t>{1, 2});
        check_ranges(doc);
    }
    SECTION("random bytes")
    {
        std::mt19937 rng(12345);
        const std::string alphabet = "-#:0123456789 \t\r\nXDx+=@${}\xC2\x85\xE2\x80\xA8\xFF"s + '\0';
        for (int round = 0; round < 300; ++round) {
            std::string text;
            const auto len = rng() % 200;
            for (std::uint32_t i = 0; i < len; ++i) {
                text.push_back(alphabet[rng() % alphabet.size()]);
            }
            INFO("round " << round);
            for (const int jdk : {8, 17}) {
                sl::Document doc;
                REQUIRE_NOTHROW(doc = parse(text, jdk));
                check_ranges(doc);
                std::string opts;
                std::vector<sl::ParseNote> notes;
                REQUIRE_NOTHROW((void)sl::parse_jvm_options_string(text, 7, &notes));
                REQUIRE_NOTHROW((void)sl::parse_jvm_options_string(text, 0, nullptr));
            }
        }
    }
}

// --- options strings ------------------------------------------------------------------------------

TEST_CASE("options string: pieces split on whitespace with absolute ranges", "[jvm][string]")
{
    // As if the string sat at byte 20 of a file: KAFKA_HEAP_OPTS="-Xms1g  -Xmx1g ..."
    const std::string file = "KAFKA_HEAP_OPTS=\"   -Xms1g  -Xmx1g\t-XX:+UseG1GC -Dx=a:b\n-Xlog:gc \"\n";
    const std::uint32_t base = 17;
    const std::string_view text = std::string_view(file).substr(base, file.size() - base - 2);
    std::vector<sl::ParseNote> notes;
    const auto settings = sl::parse_jvm_options_string(text, base, &notes);
    CHECK(notes.empty());
    REQUIRE(settings.size() == 5);
    const auto slice = [&](sl::ByteRange r) { return std::string_view(file).substr(r.begin, r.size()); };
    CHECK(settings[0].key == "-Xms");
    CHECK(settings[0].value == "1g");
    CHECK(slice(settings[0].key_range) == "-Xms");
    CHECK(slice(settings[0].value_range) == "1g");
    CHECK(slice(settings[0].line_range) == "-Xms1g");
    CHECK(settings[0].line_range.begin == 20);
    CHECK(slice(settings[1].line_range) == "-Xmx1g");
    CHECK(settings[2].key == "-XX:UseG1GC");
    CHECK(slice(settings[2].value_range) == "+");
    CHECK(settings[3].key == "-Dx");
    CHECK(slice(settings[3].value_range) == "a:b");
    CHECK(settings[4].key == "-Xlog");
    CHECK(settings[4].cumulative);
    for (const auto& s : settings) {
        CHECK(s.condition.empty());
        CHECK(s.active());
    }
}

TEST_CASE("options string: pieces that are not options", "[jvm][string]")
{
    const std::string text = "-Xmx1g heap.jar -Xms1g";
    std::vector<sl::ParseNote> notes;
    const auto settings = sl::parse_jvm_options_string(text, 100, &notes);
    REQUIRE(settings.size() == 2);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].kind == sl::NoteKind::SyntaxError);
    CHECK(notes[0].range == sl::ByteRange{107, 115});
    CHECK(contains(notes[0].message, "'heap.jar'"));
    CHECK(contains(notes[0].message, "main class"));
    // Without a notes vector the same string parses silently.
    CHECK(sl::parse_jvm_options_string(text, 100, nullptr).size() == 2);
}

TEST_CASE("options string: the launcher's two-argument options take the next piece", "[jvm][string]")
{
    const std::string text = "--add-opens java.base/java.lang=ALL-UNNAMED -cp lib/* --add-opens=a/b=c stray";
    std::vector<sl::ParseNote> notes;
    const auto settings = sl::parse_jvm_options_string(text, 10, &notes);
    REQUIRE(settings.size() == 3);
    CHECK(settings[0].key == "--add-opens");
    CHECK(settings[0].value == "java.base/java.lang=ALL-UNNAMED");
    CHECK(settings[0].value_range == sl::ByteRange{22, 53});
    CHECK(settings[0].line_range == sl::ByteRange{10, 53});
    CHECK(settings[0].cumulative);
    CHECK(settings[1].key == "-cp");
    CHECK(settings[1].value == "lib/*");
    CHECK(settings[2].value == "a/b=c");
    // A piece after an option that already has its value is not taken.
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].range.begin == 10 + text.find("stray"));
}

TEST_CASE("options string: duplicates and empty input", "[jvm][string]")
{
    const auto settings = sl::parse_jvm_options_string("-Xmx1g -Xlog:gc -Xmx2g -Xlog:safepoint", 0);
    REQUIRE(settings.size() == 4);
    CHECK(settings[0].inactive == sl::Inactive::Overridden);
    CHECK(settings[0].overridden_by == 2);
    CHECK(settings[1].active());
    CHECK(settings[2].active());
    CHECK(settings[3].active());
    CHECK(sl::parse_jvm_options_string("", 5).empty());
    CHECK(sl::parse_jvm_options_string(" \t\r\n\v\f ", 5).empty());
}

TEST_CASE("options string: a NUL byte in a piece", "[jvm][string]")
{
    std::vector<sl::ParseNote> notes;
    const auto settings = sl::parse_jvm_options_string("-Dx=a\0b"s, 3, &notes);
    REQUIRE(settings.size() == 1);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].range == sl::ByteRange{8, 9});
}

// --- corpus ---------------------------------------------------------------------------------------

namespace {

/// Parses a shared corpus file, or returns false (with a warning) when the shared tree is absent.
bool parse_corpus(const std::string& relative, int target_jdk, sl::Document& out)
{
    const std::filesystem::path path = std::filesystem::path(SL_SHARED_DIR) / relative;
    if (!std::filesystem::exists(path)) {
        WARN("shared corpus not found, skipping: " << path.string());
        return false;
    }
    out = parse(read_file(path), target_jdk);
    check_ranges(out);
    return true;
}

std::set<std::uint32_t> lines_where(const sl::Document& doc, sl::Inactive state)
{
    std::set<std::uint32_t> lines;
    for (const auto& s : doc.settings) {
        if (s.inactive == state) {
            lines.insert(doc.position(s.line_range.begin).line);
        }
    }
    return lines;
}

}  // namespace

TEST_CASE("corpus: Elasticsearch 7.x jvm.options", "[jvm][corpus]")
{
    sl::Document doc;
    if (!parse_corpus("corpus/upstream/elasticsearch-7.x/jvm.options", 17, doc)) {
        return;
    }
    CHECK(doc.notes.empty());
    // The CMS lines are ranged 8-13: and skipped on 17; G1 (14-:) and ExitOnOutOfMemoryError (9-:) apply.
    CHECK(lines_where(doc, sl::Inactive::OtherVersion) == std::set<std::uint32_t>{53, 54, 55});
    CHECK(lines_where(doc, sl::Inactive::Overridden).empty());
    REQUIRE(doc.find("-XX:UseG1GC") != nullptr);
    CHECK(doc.find("-XX:UseG1GC")->condition == "14-:");
    CHECK(doc.find("-XX:UseConcMarkSweepGC") == nullptr);
    CHECK(doc.find("-XX:ExitOnOutOfMemoryError") != nullptr);
    CHECK(doc.find("-Djava.io.tmpdir")->value == "${ES_TMPDIR}");
    CHECK(doc.find("-XX:HeapDumpPath")->value == "data");
    CHECK(doc.find("-Xlog") != nullptr);
    CHECK(doc.settings.size() == 10);

    sl::Document doc8;
    REQUIRE(parse_corpus("corpus/upstream/elasticsearch-7.x/jvm.options", 8, doc8));
    CHECK(doc8.notes.empty());
    CHECK(lines_where(doc8, sl::Inactive::OtherVersion) == std::set<std::uint32_t>{62, 76});
    CHECK(doc8.find("-XX:UseConcMarkSweepGC") != nullptr);
}

TEST_CASE("corpus: jvm.options templates fail exactly at their placeholder lines", "[jvm][corpus]")
{
    sl::Document doc;
    if (!parse_corpus("corpus/upstream/templates/elasticsearch/jvm.options", 17, doc)) {
        return;
    }
    // grep -n '^[@$]' : @heap.dump.path@ and @error.file@ (the @loggc@ inside -Xlog is a valid line).
    CHECK(syntax_error_lines(doc) == std::set<std::uint32_t>{80, 83});
    CHECK(doc.notes.size() == 2);
    for (const auto& n : doc.notes) {
        CHECK(contains(n.message, "unrendered template placeholder"));
    }
    CHECK(lines_where(doc, sl::Inactive::OtherVersion) == std::set<std::uint32_t>{53, 54, 55});

    sl::Document early;
    REQUIRE(parse_corpus("corpus/upstream/templates/elasticsearch/jvm.options.7x-early", 17, early));
    // grep -n '^[@$]' : ${heap.dump.path} and ${error.file}
    CHECK(syntax_error_lines(early) == std::set<std::uint32_t>{79, 82});
    CHECK(early.notes.size() == 2);
    CHECK(lines_where(early, sl::Inactive::OtherVersion) == std::set<std::uint32_t>{56, 57, 58});
}
