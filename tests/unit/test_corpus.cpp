// The upstream corpus in ../shared: real configs as Kafka, Flink and Elasticsearch ship them must
// read without a false error; build templates must fail exactly where the product would.
#include "support.hpp"

#include <streamlint/lint.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace streamlint;

namespace {

std::string corpus(const std::string& sub)
{
    return std::string(SL_SHARED_DIR) + "/corpus/upstream/" + sub;
}

std::string describe(const std::vector<Finding>& findings)
{
    std::ostringstream out;
    for (const auto& f : findings) {
        out << f.file << ":" << f.position.line << ":" << f.position.column << " " << to_string(f.severity) << "["
            << f.rule << "] " << f.message << "\n";
    }
    return out.str();
}

}  // namespace

TEST_CASE("upstream corpus: every valid folder reads with no error finding")
{
    if (!sltest::shared_available()) {
        WARN("../shared/corpus/upstream is absent: skipped");
        return;
    }
    for (const char* folder : {"kafka-3.9", "flink-1.16", "flink-1.20", "flink-2.0", "elasticsearch-7.x"}) {
        INFO("folder " << folder);
        LintOptions o;
        o.paths = {corpus(folder)};
        const LintResult r = run_lint(o);
        CHECK_FALSE(r.files.empty());
        std::vector<Finding> errors;
        for (const auto& f : r.findings) {
            if (f.severity == Severity::Error) {
                errors.push_back(f);
            }
        }
        INFO(describe(errors));
        CHECK(errors.empty());
        for (const auto& file : r.files) {
            for (const auto& note : file.doc.notes) {
                INFO(file.doc.path << ": " << note.message);
                CHECK(note.kind != NoteKind::SyntaxError);
            }
        }
    }
}

TEST_CASE("upstream corpus: each file is recognised as what it is")
{
    if (!sltest::shared_available()) {
        WARN("../shared/corpus/upstream is absent: skipped");
        return;
    }
    LintOptions o;
    o.paths = {corpus("kafka-3.9"), corpus("flink-1.16"), corpus("flink-1.20"), corpus("flink-2.0"),
               corpus("elasticsearch-7.x")};
    const LintResult r = run_lint(o);
    std::map<std::string, std::string> kinds;
    for (const auto& f : r.files) {
        const std::string rel = f.doc.path.substr(f.doc.path.find("upstream/") + 9);
        kinds[rel] = std::string(to_string(f.doc.kind)) + "/" + std::string(to_string(f.doc.syntax));
    }
    CHECK(kinds["kafka-3.9/server.properties"] == "kafka-broker/properties");
    CHECK(kinds["kafka-3.9/kraft/controller.properties"] == "kafka-broker/properties");
    CHECK(kinds["kafka-3.9/producer.properties"] == "kafka-producer/properties");
    CHECK(kinds["kafka-3.9/consumer.properties"] == "kafka-consumer/properties");
    CHECK(kinds["kafka-3.9/zookeeper/zookeeper.properties"] == "zookeeper/properties");
    CHECK(kinds["kafka-3.9/connect/connect-distributed.properties"] == "kafka-connect/properties");
    CHECK(kinds["flink-1.16/flink-conf.yaml"] == "flink/flink-conf.yaml");
    CHECK(kinds["flink-1.20/config.yaml"] == "flink/config.yaml");
    CHECK(kinds["flink-2.0/config.yaml"] == "flink/config.yaml");
    CHECK(kinds["elasticsearch-7.x/jvm.options"] == "jvm/jvm.options");
    CHECK(kinds["elasticsearch-7.x/ecs-composable-template.json"] == "elasticsearch-index/json");
}

TEST_CASE("upstream templates: an error exactly at each placeholder line the product rejects, nowhere else")
{
    if (!sltest::shared_available()) {
        WARN("../shared/corpus/upstream is absent: skipped");
        return;
    }
    const std::string root = corpus("templates");
    // What the products reject, found independently of the parsers:
    //  - jvm.options: a line that is only a placeholder does not start with '-' (the launcher refuses it);
    //  - JSON bodies: the first placeholder that stands as a bare JSON value (not inside a string).
    std::set<std::string> expected;
    const std::regex bare_placeholder(R"(^(@[A-Za-z0-9_.]+@|\$\{[A-Za-z0-9_.]+\})\s*$)");
    const std::regex json_placeholder(R"([:\[,]\s*\$\{)");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (name != "jvm.options" && entry.path().extension() != ".json") {
            continue;
        }
        std::istringstream lines(sltest::read_file(entry.path().string()));
        std::string line;
        int n = 0;
        while (std::getline(lines, line)) {
            ++n;
            const bool hit = name == "jvm.options" ? std::regex_search(line, bare_placeholder)
                                                   : std::regex_search(line, json_placeholder);
            if (hit) {
                expected.insert(entry.path().lexically_relative(root).string() + ":" + std::to_string(n));
                if (name != "jvm.options") {
                    break;  // a JSON parser stops at its first error
                }
            }
        }
    }
    REQUIRE(expected.size() >= 4);

    LintOptions o;
    o.paths = {root};
    const LintResult r = run_lint(o);
    std::set<std::string> errors;
    for (const auto& f : r.findings) {
        if (f.severity == Severity::Error) {
            CHECK(f.rule == "S001");
            errors.insert(std::filesystem::path(f.file).lexically_relative(root).string() + ":" +
                          std::to_string(f.position.line));
        }
    }
    CHECK(errors == expected);
}

TEST_CASE("upstream deployment files: compose/ and k8s/ read with no error finding, every component recognised")
{
    if (!sltest::shared_available()) {
        WARN("../shared/corpus/upstream is absent: skipped");
        return;
    }
    LintOptions o;
    o.paths = {corpus("compose"), corpus("k8s")};
    const LintResult r = run_lint(o);
    std::vector<Finding> errors;
    for (const auto& f : r.findings) {
        if (f.severity == Severity::Error) {
            errors.push_back(f);
        }
    }
    INFO(describe(errors));
    CHECK(errors.empty());
    std::set<std::string> components;
    for (const auto& file : r.files) {
        REQUIRE(file.doc.embedding);
        for (const auto& note : file.doc.notes) {
            INFO(file.doc.path << ": " << note.message);
            CHECK(note.kind != NoteKind::SyntaxError);
        }
        const std::string rel = file.doc.path.substr(file.doc.path.find("upstream/") + 9);
        components.insert(rel + " [" + file.doc.embedding->label + ": " + std::string(to_string(file.doc.kind)) + "]");
    }
    // Kafka brokers (controllers included) of both image families, the Flink services of the
    // Confluent demos, and every FlinkDeployment; schema registry, Connect, ksqlDB and the REST proxy
    // are not brokers. The kustomize flink-conf override is no Kubernetes resource.
    for (const char* expected :
         {"compose/apache-kafka-single-node-plaintext.docker-compose.yml [service broker: kafka-broker]",
          "compose/apache-kafka-cluster-isolated-plaintext.docker-compose.yml [service controller-1: kafka-broker]",
          "compose/apache-kafka-cluster-isolated-plaintext.docker-compose.yml [service kafka-3: kafka-broker]",
          "compose/cp-all-in-one.docker-compose.yml [service broker: kafka-broker]",
          "compose/cp-all-in-one.docker-compose.yml [service flink-jobmanager: flink]",
          "compose/cp-all-in-one-community.docker-compose.yml [service flink-taskmanager: flink]",
          "k8s/flink-operator/basic-checkpoint-ha.yaml [FlinkDeployment basic-checkpoint-ha-example: flink]",
          "k8s/flink-operator/autoscaling__autoscaling.yaml [FlinkDeployment autoscaling-example: flink]"}) {
        CHECK(components.contains(expected));
    }
    for (const auto& c : components) {
        CHECK(c.find("schema-registry") == std::string::npos);
        CHECK(c.find("rest-proxy") == std::string::npos);
        CHECK(c.find("kustomize") == std::string::npos);
    }
    CHECK(components.size() == 17);
}
