// docker-compose files and Kubernetes manifests through the real binary (issue 10): findings at the
// deployment file's lines, each component shown with its label, --diff and --fix in the file's syntax.
#include "run.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

using namespace sltest;
namespace fs = std::filesystem;

namespace {

std::string fixtures(const std::string& sub)
{
    return std::string(SL_FIXTURES_DIR) + "/" + sub;
}

}  // namespace

TEST_CASE("cli deployment: check reports compose and Kubernetes findings at their lines")
{
    const Run r = streamlint("check --select K001,F001,J002,C004 compose/docker-compose.yml k8s", SL_FIXTURES_DIR);
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find("compose/docker-compose.yml:18:7: error[K001]* Unknown key `num.partitons`") != std::string::npos);
    CHECK(r.out.find("compose/docker-compose.yml:33:9: error[F001]*") != std::string::npos);
    CHECK(r.out.find("compose/docker-compose.yml:22:39: error[J002]*") != std::string::npos);
    CHECK(r.out.find("k8s/flink-deployment.yaml:18:7: error[F001]*") != std::string::npos);
    CHECK(r.out.find("k8s/strimzi-kafka.yaml:27:7: error[J002]*") != std::string::npos);
    CHECK(r.out.find("in 4 files.") != std::string::npos);
}

TEST_CASE("cli deployment: show lists each component of a file with its label")
{
    const Run r = streamlint("show compose/docker-compose.yml", SL_FIXTURES_DIR);
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("compose/docker-compose.yml [service kafka-1: kafka-broker] (compose-environment)\n") != std::string::npos);
    CHECK(r.out.find("compose/docker-compose.yml [service kafka-1: jvm] (jvm-options-variable)\n") != std::string::npos);
    CHECK(r.out.find("compose/docker-compose.yml [service flink-jobmanager: flink] (flink-properties)\n") != std::string::npos);
    CHECK(r.out.find("    33:9   taskmanager.numberOfTaskSlot = 4\n") != std::string::npos);
    const Run json = streamlint("show --format json k8s", SL_FIXTURES_DIR);
    const auto j = nlohmann::json::parse(json.out);
    bool found = false;
    for (const auto& f : j["files"]) {
        if (f.value("component", "") == "Kafka my-cluster") {
            found = true;
            CHECK(f["kind"] == "kafka-broker");
            CHECK(f["targets"]["kafka"] == "3.9");
        }
    }
    CHECK(found);
}

TEST_CASE("cli deployment: --diff is a patch git apply takes; --fix writes it; a second run has nothing to fix")
{
    if (!have("git")) {
        WARN("git is missing: skipped");
        return;
    }
    TempDir dir;
    fs::copy(fixtures("compose"), dir.path() / "compose", fs::copy_options::recursive);
    fs::copy(fixtures("k8s"), dir.path() / "k8s", fs::copy_options::recursive);
    const Run diff = streamlint("check --diff --unsafe-fixes --select K001,F001,J002,J009 .", dir.str());
    INFO(diff.out << diff.err);
    CHECK(diff.status == 1);
    CHECK(diff.out.find("+      KAFKA_NUM_PARTITIONS: 6\n") != std::string::npos);
    CHECK(diff.out.find("+        taskmanager.numberOfTaskSlots: 4\n") != std::string::npos);
    CHECK(diff.out.find("+      timeout: 5min\n") != std::string::npos);
    CHECK(diff.out.find("-      UseParNewGC: \"true\"\n") != std::string::npos);
    const std::string patch = dir.str() + "/../" + dir.path().filename().string() + ".patch";
    {
        std::ofstream out(patch, std::ios::binary);
        out << diff.out;
    }
    TempDir applied;
    fs::copy(fixtures("compose"), applied.path() / "compose", fs::copy_options::recursive);
    fs::copy(fixtures("k8s"), applied.path() / "k8s", fs::copy_options::recursive);
    const Run git = shell("git apply " + quote(patch), applied.str());
    INFO(git.err);
    CHECK(git.status == 0);
    const Run fix = streamlint("check --fix --unsafe-fixes --select K001,F001,J002,J009 .", dir.str());
    INFO(fix.out << fix.err);
    CHECK(fix.status == 0);
    CHECK(read_file((dir.path() / "compose/docker-compose.yml").string()) ==
          read_file((applied.path() / "compose/docker-compose.yml").string()));
    CHECK(read_file((dir.path() / "k8s/strimzi-kafka.yaml").string()) ==
          read_file((applied.path() / "k8s/strimzi-kafka.yaml").string()));
    const Run again = streamlint("check --diff --unsafe-fixes --select K001,F001,J002,J009 .", dir.str());
    CHECK(again.status == 0);
    CHECK(again.out.empty());
    fs::remove(patch);
}

TEST_CASE("cli deployment: the upstream compose files and operator examples give no error")
{
    if (!shared_available()) {
        WARN("../shared/corpus/upstream is absent: skipped");
        return;
    }
    const Run r = streamlint("check --fail-on error compose k8s", std::string(SL_SHARED_DIR) + "/corpus/upstream");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("error[") == std::string::npos);
}

TEST_CASE("cli deployment: YAML that is neither compose nor Kubernetes is skipped silently")
{
    TempDir dir;
    dir.write("ci/.github-workflow.yml", "on: push\njobs: {}\n");
    dir.write("docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n");
    dir.write("chart/values.yaml", "replicaCount: 1\n");
    const Run r = streamlint("check .", dir.str());
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
}
