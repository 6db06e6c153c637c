// `streamlint advise`: complete configs with their arithmetic, that the linter accepts.
#include "run.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

using namespace sltest;
namespace fs = std::filesystem;

namespace {

const char* k_profiles[] = {"guide", "throughput", "latency", "durability"};

std::string poc_project()
{
    return std::string(SL_SOURCE_DIR) + "/examples/poc/.streamlint.yaml";
}

}  // namespace

TEST_CASE("advise: every profile writes a complete, explained set of configs that check passes")
{
    for (const char* profile : k_profiles) {
        INFO("profile " << profile);
        TempDir dir;
        const Run a = streamlint(std::string("advise --config ") + quote(poc_project()) + " --profile " + profile +
                                     " --out cfg",
                                 dir.str());
        REQUIRE(a.status == 0);
        for (const char* f : {"kafka/server.properties", "kafka/producer.properties", "kafka/consumer.properties",
                              "flink/config.yaml", "elasticsearch/index-settings.json", "elasticsearch/jvm.options",
                              ".streamlint.yaml"}) {
            INFO(f);
            CHECK(fs::is_regular_file(dir.path() / "cfg" / f));
        }
        // every written setting carries its reason (JSON excepted)
        const std::string server = read_file((dir.path() / "cfg/kafka/server.properties").string());
        CHECK(server.find("# streamlint: ") != std::string::npos);
        CHECK(read_file((dir.path() / "cfg/elasticsearch/index-settings.json").string()).find('#') == std::string::npos);
        // and the linter agrees: no warning, no error
        const Run c = streamlint("check --fail-on warning cfg", dir.str());
        INFO(c.out);
        CHECK(c.status == 0);
    }
}

TEST_CASE("advise: the arithmetic is in the report, and what cannot be met is said plainly")
{
    const Run r = streamlint("advise --format json --config " + quote(poc_project()));
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["profile"] == "guide");
    bool jm_caveat = false;
    bool retention_caveat = false;
    bool refresh_caveat = false;
    for (const auto& c : j["caveats"]) {
        const std::string s = c.get<std::string>();
        jm_caveat = jm_caveat || s.find("4096m JobManager does not fit") != std::string::npos;
        retention_caveat = retention_caveat || s.find("the retention that fits") != std::string::npos;
        refresh_caveat = refresh_caveat || s.find("30 s refresh_interval breaks") != std::string::npos;
    }
    CHECK(jm_caveat);
    CHECK(retention_caveat);
    CHECK(refresh_caveat);
    for (const auto& f : j["files"]) {
        for (const auto& s : f["settings"]) {
            INFO(s.dump());
            CHECK_FALSE(s["reason"].get<std::string>().empty());
        }
    }
}

TEST_CASE("advise: quick-run options size one role; bad input is exit 2")
{
    const Run r = streamlint("advise --role kafka-broker --count 6 --cores 16 --memory 64g --disk 4t --disk-type nvme "
                             "--bytes-per-second 200m --profile throughput --format json",
                             fs::temp_directory_path().string());
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["files"].size() == 1);
    std::map<std::string, std::string> v;
    for (const auto& s : j["files"][0]["settings"]) {
        v[s["key"]] = s["value"];
    }
    CHECK(v["num.io.threads"] == "32");  // 2 x 16 cores
    CHECK(v["default.replication.factor"] == "3");
    CHECK(v["num.partitions"] == "24");  // 200 MiB/s / 10 MiB/s = 20, rounded up to a multiple of 6
    CHECK(streamlint("advise --memory lots", fs::temp_directory_path().string()).status == 2);
    CHECK(streamlint("advise --role kafka-brokr", fs::temp_directory_path().string()).status == 2);
    CHECK(streamlint("advise --profile fast", fs::temp_directory_path().string()).status == 2);
}

TEST_CASE("advise --diff: a patch against existing configs that git apply takes, keeping what else they say")
{
    if (!have("git")) {
        WARN("git is missing: skipped");
        return;
    }
    TempDir dir;
    fs::copy(fs::path(SL_SOURCE_DIR) / "examples/poc", dir.path() / "poc", fs::copy_options::recursive);
    const Run d = streamlint("advise --diff poc --config poc/.streamlint.yaml", dir.str());
    CHECK(d.status == 1);
    REQUIRE_FALSE(d.out.empty());
    dir.write("advice.patch", d.out);
    CHECK(shell("git apply --check advice.patch", dir.str()).status == 0);
    REQUIRE(shell("git apply advice.patch", dir.str()).status == 0);
    // the broker keeps its comments; the Flink advice went into the flink-conf.yaml Flink 1.20 reads
    const std::string server = read_file((dir.path() / "poc/kafka/server.properties").string());
    CHECK(server.find("# Network and I/O") != std::string::npos);
    CHECK(fs::exists(dir.path() / "poc/flink/flink-conf.yaml"));
    CHECK_FALSE(fs::exists(dir.path() / "poc/flink/config.yaml"));
    // a second diff has nothing left to change
    CHECK(streamlint("advise --diff poc --config poc/.streamlint.yaml", dir.str()).out.empty());
}
