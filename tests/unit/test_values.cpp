#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <catch2/catch.hpp>

using namespace streamlint;

namespace {
long double num(ValueType t, Dialect d, std::string_view text)
{
    auto v = parse_value(t, d, text);
    REQUIRE(v);
    return v->number;
}
bool rejects(ValueType t, Dialect d, std::string_view text)
{
    return !parse_value(t, d, text).has_value();
}
}  // namespace

TEST_CASE("text: trim, to_lower and iequals are the C locale's, bytes above ASCII untouched; concat")
{
    CHECK(trim(" \t\v\f\r\nvalue \t\r\n") == "value");
    CHECK(trim("\xA0value\xA0") == "\xA0value\xA0");  // Latin-1 NBSP is no space in the C locale
    CHECK(trim("   ").empty());
    CHECK(to_lower("LINGER.Ms-\xC9@[`{Z") == "linger.ms-\xC9@[`{z");
    CHECK(iequals("EXACTLY_ONCE", "exactly_once"));
    CHECK_FALSE(iequals("\xC9", "\xE9"));  // only ASCII letters fold
    CHECK_FALSE(iequals("@", "`"));          // the neighbours of A and a do not
    CHECK_FALSE(iequals("ab", "abc"));
    CHECK(concat({}).empty());
    CHECK(concat({"`", "num.io.threads", "` is `", "", "`"}) == "`num.io.threads` is ``");
}

TEST_CASE("values: Kafka numbers are Java integers; sizes are plain byte counts")
{
    CHECK(num(ValueType::Int, Dialect::Kafka, " 16 ") == 16);
    CHECK(rejects(ValueType::Int, Dialect::Kafka, "100KB"));
    CHECK(rejects(ValueType::Int, Dialect::Kafka, "2147483648"));
    CHECK(num(ValueType::Long, Dialect::Kafka, "2147483648") == 2147483648.0L);
    CHECK(rejects(ValueType::Int, Dialect::Kafka, "1e3"));
    CHECK(num(ValueType::Size, Dialect::Kafka, "1073741824") == 1073741824.0L);
    CHECK(rejects(ValueType::Size, Dialect::Kafka, "1gb"));
}

TEST_CASE("values: Flink MemorySize and Duration")
{
    CHECK(num(ValueType::Size, Dialect::Flink, "4096m") == num(ValueType::Size, Dialect::Flink, "4g"));
    CHECK(num(ValueType::Size, Dialect::Flink, "4 gb") == 4.0L * 1024 * 1024 * 1024);
    CHECK(num(ValueType::Size, Dialect::Flink, "1024 mebibytes") == 1024.0L * 1024 * 1024);
    CHECK(num(ValueType::Size, Dialect::Flink, "100") == 100);
    CHECK(rejects(ValueType::Size, Dialect::Flink, "1.5g"));
    CHECK(rejects(ValueType::Size, Dialect::Flink, "4 parsecs"));
    CHECK(num(ValueType::Duration, Dialect::Flink, "10 s") == 10000);
    CHECK(num(ValueType::Duration, Dialect::Flink, "10s") == 10000);
    CHECK(num(ValueType::Duration, Dialect::Flink, "10 sec") == 10000);
    CHECK(num(ValueType::Duration, Dialect::Flink, "100") == 100);
    CHECK(num(ValueType::Duration, Dialect::Flink, "5 MIN") == 300000);
    CHECK(rejects(ValueType::Duration, Dialect::Flink, "10 parsecs"));
}

TEST_CASE("values: Elasticsearch byte sizes and times need a unit, but for 0 and -1")
{
    CHECK(num(ValueType::Size, Dialect::Elasticsearch, "1gb") == 1024.0L * 1024 * 1024);
    CHECK(num(ValueType::Size, Dialect::Elasticsearch, "1.5gb") == 1.5L * 1024 * 1024 * 1024);
    CHECK(rejects(ValueType::Size, Dialect::Elasticsearch, "1073741824"));
    CHECK(num(ValueType::Duration, Dialect::Elasticsearch, "30s") == 30000);
    CHECK(num(ValueType::Duration, Dialect::Elasticsearch, "-1") == -1);
    CHECK(rejects(ValueType::Duration, Dialect::Elasticsearch, "30"));
    CHECK(rejects(ValueType::Duration, Dialect::Elasticsearch, "30 min"));
    CHECK(rejects(ValueType::Bool, Dialect::Elasticsearch, "True"));
    CHECK(num(ValueType::Bool, Dialect::Flink, "TRUE") == 1);
}

TEST_CASE("values: JVM sizes")
{
    CHECK(num(ValueType::Size, Dialect::Jvm, "8g") == num(ValueType::Size, Dialect::Jvm, "8192M"));
    CHECK(rejects(ValueType::Size, Dialect::Jvm, "1x"));
    CHECK(rejects(ValueType::Size, Dialect::Jvm, "8gb"));
}

TEST_CASE("values: same meaning, enums case-insensitively")
{
    auto a = parse_value(ValueType::Enum, Dialect::Flink, "region");
    auto b = parse_value(ValueType::Enum, Dialect::Flink, "REGION");
    CHECK(same_meaning(*a, *b));
    CHECK(same_meaning(*parse_value(ValueType::Duration, Dialect::Elasticsearch, "30s"),
                       *parse_value(ValueType::Duration, Dialect::Elasticsearch, "30000ms")));
}

TEST_CASE("values: rendering in the dialect's spelling, keeping the file's unit")
{
    const Parsed four_g{ValueType::Size, 4.0L * 1024 * 1024 * 1024, {}};
    CHECK(render_value(four_g, Dialect::Flink) == "4g");
    CHECK(render_value(four_g, Dialect::Flink, "1024m") == "4096m");
    CHECK(render_value(four_g, Dialect::Elasticsearch) == "4gb");
    CHECK(render_value(four_g, Dialect::Kafka) == "4294967296");
    CHECK(render_value(Parsed{ValueType::Duration, 30000, {}}, Dialect::Elasticsearch) == "30s");
    CHECK(render_value(Parsed{ValueType::Duration, 100, {}}, Dialect::Flink) == "100ms");
    CHECK(render_value(Parsed{ValueType::Duration, 300000, {}}, Dialect::Elasticsearch) == "5m");
}
