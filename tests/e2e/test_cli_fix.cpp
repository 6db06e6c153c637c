// `check --diff` and `check --fix` end to end, with the real git apply and patch.
#include "run.hpp"

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

using namespace sltest;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Every file under a directory, by relative path.
std::map<std::string, std::string> snapshot(const fs::path& root)
{
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file() && e.path().string().find("/.git/") == std::string::npos) {
            out[fs::relative(e.path(), root).string()] = read_file(e.path().string());
        }
    }
    return out;
}

void copy_tree(const fs::path& from, const fs::path& to)
{
    fs::copy(from, to, fs::copy_options::recursive);
}

// The examples plus fixtures that exercise every syntax, CRLF and a missing final newline.
void seed(const TempDir& dir)
{
    copy_tree(fs::path(SL_SOURCE_DIR) / "examples/poc", dir.path() / "poc");
    dir.write("crlf/server.properties", "num.io.threads=8\r\nnum.network.threads=3\r\nnum.io.threads=8\r\n");
    dir.write("nonl/producer.properties", "acks=all\nbatch.size=16384");
    dir.write("yaml/config.yaml", "taskmanager:\n  numberOfTaskSlots: 1\n  memory:\n    process.size: 2048m\n");
    dir.write("json/index.json", "{\n  \"settings\": {\n    \"index\": {\"number_of_shards\": 1},\n"
                                 "    \"refresh_interval\": \"1s\"\n  }\n}\n");
}

}  // namespace

TEST_CASE("cli --diff: a patch that git apply and patch -p1 take; --fix writes the same; a second run is clean")
{
    if (!have("git") || !have("patch")) {
        WARN("git or patch is missing: skipped");
        return;
    }
    TempDir a;
    TempDir b;
    seed(a);
    seed(b);
    const Run diff = streamlint("check --diff --unsafe-fixes .", a.str());
    CHECK(diff.status == 1);
    REQUIRE_FALSE(diff.out.empty());
    const std::map<std::string, std::string> before = snapshot(a.path());
    a.write("../" + a.path().filename().string() + ".patch", diff.out);
    const std::string patch_file = a.str() + ".patch";

    CHECK(shell("git apply --check " + quote(patch_file), a.str()).status == 0);
    CHECK(shell("patch -p1 --dry-run < " + quote(patch_file), a.str()).status == 0);
    CHECK(snapshot(a.path()) == before);  // --diff changes nothing
    REQUIRE(shell("git apply " + quote(patch_file), a.str()).status == 0);

    const Run fix = streamlint("check --fix --unsafe-fixes .", b.str());
    CHECK(fix.err.find("Fixed ") != std::string::npos);
    CHECK(snapshot(a.path()) == snapshot(b.path()));  // --fix writes what --diff shows

    const Run again = streamlint("check --diff --unsafe-fixes .", b.str());
    CHECK(again.out.empty());
    const auto fixed = snapshot(b.path());
    CHECK(streamlint("check --fix --unsafe-fixes .", b.str()).err.find("Fixed 0 findings in 0 files") !=
          std::string::npos);
    CHECK(snapshot(b.path()) == fixed);
    fs::remove(patch_file);

    // CRLF stays CRLF, a file without a final newline is handled, everything still reads
    CHECK(fixed.at("crlf/server.properties").find("\r\n") != std::string::npos);
    CHECK(fixed.at("crlf/server.properties").find("num.io.threads=16\r\n") != std::string::npos);
    CHECK(fixed.at("crlf/server.properties").find("\n\n") == std::string::npos);
    for (const auto& [path, text] : fixed) {
        INFO(path);
        CHECK((text.find("\r\n") == std::string::npos || path.starts_with("crlf/")));
    }
    CHECK(streamlint("check --select S001 .", b.str()).status == 0);
}

TEST_CASE("cli --fix: only safe fixes without --unsafe-fixes; the report shows what remains")
{
    TempDir dir;
    dir.write("server.properties", "num.io.threads=8\nnum.io.threads=8\nnum.network.threads=3\n");
    const Run r = streamlint("check --fix --select S002,G101 .", dir.str());
    CHECK(read_file((dir.path() / "server.properties").string()) == "num.io.threads=8\nnum.network.threads=3\n");
    CHECK(r.out.find("G101") != std::string::npos);  // unsafe: reported, not applied
    CHECK(r.out.find("S002") == std::string::npos);
    CHECK(r.status == 1);
    // what remains is reported at its file and line, as before the fix
    CHECK(r.out.find("server.properties:2:21: warning[G101]") != std::string::npos);
    const json j = json::parse(streamlint("check --fix --format json --select S002,G101 .", dir.str()).out);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["file"] == "server.properties");
}

TEST_CASE("cli --diff: exit 0 with nothing to change and no finding; usage errors for bad combinations")
{
    TempDir dir;
    dir.write("server.properties", "num.io.threads=16\n");
    CHECK(streamlint("check --diff --select S .", dir.str()).status == 0);
    CHECK(streamlint("check --diff --fix .", dir.str()).status == 2);
    CHECK(streamlint("check --unsafe-fixes .", dir.str()).status == 2);
}

TEST_CASE("cli: a deployment that follows the guide draws nothing above info from the guide pack")
{
    const Run r = streamlint("check --select G,S --fail-on warning tests/fixtures/guide-follows");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(r.out.find("warning[") == std::string::npos);
    CHECK(r.out.find("error[") == std::string::npos);
}

TEST_CASE("cli: examples/poc reports the guide's own mistakes at their lines")
{
    const Run r = streamlint("check --format json examples/poc");
    CHECK(r.status == 1);
    const auto j = nlohmann::json::parse(r.out);
    std::set<std::string> at;
    for (const auto& f : j["findings"]) {
        at.insert(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + ":" +
                  f["rule"].get<std::string>());
    }
    INFO(r.out);
    // -XX:+UseG1GC twice: the first line is dead
    CHECK(at.contains("examples/poc/elasticsearch/jvm.options:4:S002"));
}
