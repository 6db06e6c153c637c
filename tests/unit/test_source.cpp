#include <streamlint/model.hpp>
#include <streamlint/source.hpp>
#include <streamlint/text.hpp>
#include <streamlint/units.hpp>

#include <catch2/catch.hpp>

using namespace streamlint;

TEST_CASE("LineIndex: LF, CRLF and lone CR all end a line")
{
    const std::string text = "a=1\nb=2\r\nc=3\rd=4";
    LineIndex idx(text);
    CHECK(idx.line_count() == 4);
    CHECK(idx.position(0) == Position{1, 1});
    CHECK(idx.position(4) == Position{2, 1});
    CHECK(idx.position(9) == Position{3, 1});
    CHECK(idx.position(13) == Position{4, 1});
    CHECK(idx.position(15) == Position{4, 3});
    CHECK(idx.content(1) == ByteRange{4, 7});
    CHECK(idx.with_terminator(1) == ByteRange{4, 9});
    CHECK(idx.content(3) == ByteRange{13, 16});
}

TEST_CASE("LineIndex: a final terminator starts no extra line; empty text has one line")
{
    CHECK(LineIndex("a\n").line_count() == 1);
    CHECK(LineIndex("").line_count() == 1);
    CHECK(LineIndex("").position(0) == Position{1, 1});
    CHECK(LineIndex("\n\n").line_count() == 2);
}

TEST_CASE("LineIndex: columns count characters, invalid bytes count one each")
{
    const std::string text = "k=\xC3\xA9t\xC3\xA9 x\n\xFF\xFEy";  // k=été x / two invalid bytes then y
    LineIndex idx(text);
    CHECK(idx.position(8) == Position{1, 7});  // x after "k=été "
    CHECK(idx.position(12) == Position{2, 3}); // y
}

TEST_CASE("LineIndex: offsets past the end clamp to the end")
{
    const std::string text = "ab\ncd";
    LineIndex idx(text);
    CHECK(idx.position(999) == Position{2, 3});
}

TEST_CASE("Document: moving keeps positions valid")
{
    Document a("x", FileKind::Jvm, Syntax::JvmOptions, std::string("short\nline"));
    Document b(std::move(a));
    CHECK(b.position(6) == Position{2, 1});
    Document c;
    c = std::move(b);
    CHECK(c.position(7) == Position{2, 2});
    CHECK(c.slice({6, 10}) == "line");
}

TEST_CASE("resolve_overrides: the last occurrence wins, cumulative and inactive settings never override")
{
    std::vector<Setting> s(5);
    s[0].key = "a";
    s[1].key = "b";
    s[2].key = "a";
    s[3].key = "b";
    s[3].inactive = Inactive::OtherVersion;
    s[4].key = "-Xlog";
    s[4].cumulative = true;
    resolve_overrides(s);
    CHECK(s[0].inactive == Inactive::Overridden);
    CHECK(s[0].overridden_by == 2);
    CHECK(s[1].active());
    CHECK(s[2].active());
    CHECK(s[3].inactive == Inactive::OtherVersion);
}

TEST_CASE("resolve_overrides: settings in different scopes do not override each other")
{
    std::vector<Setting> s(2);
    s[0].key = s[1].key = "index.refresh_interval";
    s[0].scope = "logs-1";
    s[1].scope = "logs-2";
    resolve_overrides(s);
    CHECK(s[0].active());
    CHECK(s[1].active());
}

TEST_CASE("parse_size: powers of 1024 with k/m/g/t, optional b/ib, any case")
{
    CHECK(parse_size("16g") == 16ULL << 30);
    CHECK(parse_size("1t") == 1ULL << 40);
    CHECK(parse_size("100m") == 100ULL << 20);
    CHECK(parse_size("512MiB") == 512ULL << 20);
    CHECK(parse_size("4KB") == 4ULL << 10);
    CHECK(parse_size("4096") == 4096);
    CHECK_FALSE(parse_size("16x"));
    CHECK_FALSE(parse_size("g"));
    CHECK_FALSE(parse_size("99999999999999999999"));
    CHECK_FALSE(parse_size("17179869184t"));  // overflows
}

TEST_CASE("parse_duration_ms: ms, s, min, h, d")
{
    CHECK(parse_duration_ms("1s") == 1000);
    CHECK(parse_duration_ms("500ms") == 500);
    CHECK(parse_duration_ms("5min") == 300'000);
    CHECK(parse_duration_ms("168h") == 168ULL * 3'600'000);
    CHECK(parse_duration_ms("250") == 250);
    CHECK_FALSE(parse_duration_ms("1 fortnight"));
}

TEST_CASE("edit_distance and did_you_mean")
{
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abcdef", "ghijkl", 2) == 3);  // capped
    CHECK(did_you_mean("deploymnet", {"deployment", "workload", "targets"}) == "deployment");
    CHECK(did_you_mean("zzz", {"deployment", "workload"}) == std::nullopt);
}

TEST_CASE("glob_match: *, ?, ** and classes over / separated paths")
{
    CHECK(glob_match("*.properties", "kafka/server.properties"));  // no '/': the name alone
    CHECK(glob_match("kafka/*.properties", "kafka/server.properties"));
    CHECK_FALSE(glob_match("kafka/*.properties", "kafka/sub/server.properties"));
    CHECK(glob_match("kafka/**/*.properties", "kafka/sub/deep/server.properties"));
    CHECK(glob_match("kafka/**/*.properties", "kafka/server.properties"));
    CHECK(glob_match("**", "a/b/c"));
    CHECK(glob_match("jvm.option?", "es/jvm.options"));
    CHECK(glob_match("[jk]*.options", "jvm.options"));
    CHECK_FALSE(glob_match("[!j]*.options", "jvm.options"));
    CHECK(glob_match("./flink/*", "flink/config.yaml"));
}

TEST_CASE("split trims and drops empty parts")
{
    CHECK(split(" S001, ,S002 ,", ',') == std::vector<std::string>{"S001", "S002"});
    CHECK(split("", ',').empty());
}

TEST_CASE("edit_distance counts an adjacent transposition as one edit")
{
    CHECK(edit_distance("kafak", "kafka") == 1);
    CHECK(edit_distance("ab", "ba") == 1);
    CHECK(edit_distance("abc", "ca") == 3);
}
