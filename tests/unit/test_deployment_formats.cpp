// Deployment formats (issue 10): docker-compose environments and Kubernetes resources read as the
// products read them, every rule applied at the line in the deployment file, fixes in its syntax.
#include "support.hpp"

#include <streamlint/deployment.hpp>
#include <streamlint/edits.hpp>
#include <streamlint/lint.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

using namespace streamlint;

namespace {

/// The 1-based line of the first line holding `needle`.
std::uint32_t line_of(const std::string& text, std::string_view needle)
{
    const auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
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

bool has(const LintResult& r, std::string_view rule, std::uint32_t line)
{
    return std::any_of(r.findings.begin(), r.findings.end(),
                       [&](const Finding& f) { return f.rule == rule && f.position.line == line; });
}

std::vector<Finding> errors_of(const LintResult& r)
{
    std::vector<Finding> out;
    std::copy_if(r.findings.begin(), r.findings.end(), std::back_inserter(out),
                 [](const Finding& f) { return f.severity == Severity::Error; });
    return out;
}

/// Lints one file written into a fresh directory (no project file above it).
struct Linted {
    sltest::TempDir dir;
    std::string path;
    LintResult result;
};

std::unique_ptr<Linted> lint_file(const std::string& name, const std::string& text, std::vector<std::string> select = {})
{
    auto out = std::make_unique<Linted>();
    out->path = out->dir.write(name, text);
    LintOptions o;
    o.paths = {out->path};
    if (!select.empty()) {
        o.select = std::move(select);
    }
    out->result = run_lint(o);
    return out;
}

const LintedFile* component(const LintResult& r, std::string_view label, FileKind kind)
{
    for (const auto& f : r.files) {
        if (f.doc.embedding && f.doc.embedding->label == label && f.doc.kind == kind) {
            return &f;
        }
    }
    return nullptr;
}

std::string apply_edit(const std::string& text, const Edit& e)
{
    return text.substr(0, e.range.begin) + e.content + text.substr(e.range.end);
}

const Setting& setting(const Document& doc, std::string_view key)
{
    const Setting* s = doc.find(key);
    REQUIRE(s != nullptr);
    return *s;
}

DeploymentRead read(const std::string& text, DeploymentFormat format, const std::string& path = "docker-compose.yml")
{
    return read_deployment(path, text, format);
}

}  // namespace

// --- environment variable names -------------------------------------------------------------------

TEST_CASE("env names: confluentinc/cp-kafka (dub env_to_props) and apache/kafka (KafkaDockerWrapper)")
{
    for (const EnvNaming n : {EnvNaming::Confluent, EnvNaming::ConfluentServer, EnvNaming::Apache}) {
        CHECK(kafka_key_from_env("KAFKA_NUM_PARTITIONS", n) == "num.partitions");
        CHECK(kafka_key_from_env("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", n) == "listener.security.protocol.map");
        // `__` is `_`, `___` is `-`.
        CHECK(kafka_key_from_env("KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___256_SASL_JAAS_CONFIG", n) ==
              "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config");
        // Variables the images read themselves set no broker key.
        for (const char* image_variable : {"KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_JMX_PORT",
                                           "KAFKA_JMX_HOSTNAME", "KAFKA_LOG4J_LOGGERS", "KAFKA_VERSION"}) {
            CHECK_FALSE(kafka_key_from_env(image_variable, n));
        }
        CHECK_FALSE(kafka_key_from_env("CLUSTER_ID", n));
        CHECK_FALSE(kafka_key_from_env("KAFKA_", n));
    }
    // Confluent Server's vendor keys; CONFLUENT_SUPPORT_* in both images, CONFLUENT_METRICS_* in cp-server only.
    CHECK(kafka_key_from_env("KAFKA_CONFLUENT_BALANCER_ENABLE", EnvNaming::ConfluentServer) == "confluent.balancer.enable");
    CHECK(kafka_key_from_env("CONFLUENT_SUPPORT_CUSTOMER_ID", EnvNaming::Confluent) == "confluent.support.customer.id");
    CHECK_FALSE(kafka_key_from_env("CONFLUENT_METRICS_ENABLE", EnvNaming::Confluent));
    CHECK(kafka_key_from_env("CONFLUENT_METRICS_ENABLE", EnvNaming::ConfluentServer) == "confluent.metrics.enable");
    CHECK_FALSE(kafka_key_from_env("CONFLUENT_SUPPORT_CUSTOMER_ID", EnvNaming::Apache));
    // KafkaDockerWrapper removes every `KAFKA_`, not just the prefix.
    CHECK(kafka_key_from_env("KAFKA_CONFLUENT_KAFKA_REST_URL", EnvNaming::Apache) == "confluent.rest.url");
    CHECK(kafka_key_from_env("KAFKA_CONFLUENT_KAFKA_REST_URL", EnvNaming::Confluent) == "confluent.kafka.rest.url");
}

TEST_CASE("env names: bitnami/kafka maps KAFKA_CFG_* only, every `_` a `.`, with its sasl fix-ups")
{
    CHECK(kafka_key_from_env("KAFKA_CFG_NUM_PARTITIONS", EnvNaming::Bitnami) == "num.partitions");
    CHECK(kafka_key_from_env("KAFKA_CFG_LISTENER_NAME_SASL_SSL_SSL_CLIENT_AUTH", EnvNaming::Bitnami) ==
          "listener.name.sasl_ssl.ssl.client.auth");
    CHECK(kafka_key_from_env("KAFKA_CFG_SASL_ENABLED_MECHANISMS", EnvNaming::Bitnami) == "sasl.enabled.mechanisms");
    CHECK(kafka_key_from_env("KAFKA_CFG_ZOOKEEPER_CLIENTCNXNSOCKET", EnvNaming::Bitnami) == "zookeeper.clientCnxnSocket");
    CHECK_FALSE(kafka_key_from_env("KAFKA_NUM_PARTITIONS", EnvNaming::Bitnami));
    CHECK_FALSE(kafka_key_from_env("KAFKA_KRAFT_CLUSTER_ID", EnvNaming::Bitnami));
}

TEST_CASE("env names: a key back to its variable, only where the convention can write it")
{
    CHECK(env_from_kafka_key("num.partitions", EnvNaming::Confluent) == "KAFKA_NUM_PARTITIONS");
    CHECK(env_from_kafka_key("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", EnvNaming::Apache) ==
          "KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___256_SASL_JAAS_CONFIG");
    CHECK(env_from_kafka_key("num.partitions", EnvNaming::Bitnami) == "KAFKA_CFG_NUM_PARTITIONS");
    CHECK(env_from_kafka_key("listener.name.sasl_ssl.ssl.client.auth", EnvNaming::Bitnami) ==
          "KAFKA_CFG_LISTENER_NAME_SASL_SSL_SSL_CLIENT_AUTH");
    CHECK_FALSE(env_from_kafka_key("listener.name.x.scram-sha-256.sasl.jaas.config", EnvNaming::Bitnami));
    CHECK_FALSE(env_from_kafka_key("foo_bar", EnvNaming::Bitnami));
    CHECK_FALSE(env_from_kafka_key("zookeeper.clientCnxnSocket", EnvNaming::Confluent));  // lower-cased on the way in
    CHECK_FALSE(env_from_kafka_key("num.partitions", EnvNaming::None));
    // Round trips for every mapped name of the upstream broker configs.
    for (const char* key : {"offsets.topic.replication.factor", "log.dirs", "controller.quorum.voters",
                            "transaction.state.log.min.isr", "group.initial.rebalance.delay.ms"}) {
        for (const EnvNaming n : {EnvNaming::Confluent, EnvNaming::Apache, EnvNaming::Bitnami}) {
            const auto name = env_from_kafka_key(key, n);
            REQUIRE(name);
            CHECK(kafka_key_from_env(*name, n) == key);
        }
    }
}

// --- versions from images and sizes ---------------------------------------------------------------

TEST_CASE("images: repository, tag, and the versions a tag names")
{
    const ImageRef es = parse_image("docker.elastic.co/elasticsearch/elasticsearch:8.15.0");
    CHECK(es.repository == "elasticsearch/elasticsearch");
    CHECK(es.tag == "8.15.0");
    CHECK(parse_image("localhost:5000/flink:1.20").repository == "flink");
    CHECK(parse_image("library/flink").repository == "flink");
    CHECK(parse_image("flink@sha256:abc").tag.empty());
    CHECK(parse_image("${IMAGE}").unresolved);
    CHECK(tag_version("1.20-java17") == "1.20");
    CHECK(tag_version("1.20.0-scala_2.12-java17") == "1.20");
    CHECK(tag_version("v1_20") == "1.20");
    CHECK(tag_version("3.9.0") == "3.9");
    CHECK(tag_version("latest").empty());
    CHECK(tag_java("1.20.0-scala_2.12-java17") == 17);
    CHECK(tag_java("2.0-java21") == 21);
    CHECK(tag_java("1.20") == 0);
    // Confluent Platform releases and the Apache Kafka they are built on.
    CHECK(kafka_of_confluent_platform("7.6.0") == "3.6");
    CHECK(kafka_of_confluent_platform("7.9.1") == "3.9");
    CHECK(kafka_of_confluent_platform("8.0.0") == "4.0");
    CHECK(kafka_of_confluent_platform("8.2.0") == "4.2");
    CHECK(kafka_of_confluent_platform("6.1.3") == "2.7");
    CHECK(kafka_of_confluent_platform("5.5.0") == "2.5");
    CHECK_FALSE(kafka_of_confluent_platform("9.0.0"));
    CHECK_FALSE(kafka_of_confluent_platform("latest"));
}

TEST_CASE("sizes: compose byte values, Kubernetes quantities, CPUs as whole cores")
{
    constexpr std::uint64_t gib = 1024ULL * 1024 * 1024;
    CHECK(compose_bytes("4g") == 4 * gib);
    CHECK(compose_bytes("512m") == 512ULL * 1024 * 1024);
    CHECK(compose_bytes("1gb") == gib);
    CHECK(compose_bytes("1073741824") == gib);
    CHECK_FALSE(compose_bytes("lots"));
    CHECK(kubernetes_bytes("4Gi") == 4 * gib);
    CHECK(kubernetes_bytes("4G") == 4000000000ULL);
    CHECK(kubernetes_bytes("1e9") == 1000000000ULL);
    CHECK_FALSE(kubernetes_bytes("2048m"));  // 2.048 bytes: a milli-byte quantity
    CHECK(cores_of("500m") == 1);
    CHECK(cores_of("1.5") == 2);
    CHECK(cores_of("2") == 2);
    CHECK_FALSE(cores_of("0"));
}

// --- recognising the files ------------------------------------------------------------------------

TEST_CASE("recognition: compose by name and a top-level services mapping; Kubernetes by apiVersion and kind")
{
    const std::string compose = "services:\n  kafka:\n    image: apache/kafka:3.9.0\n";
    CHECK(deployment_format("docker-compose.yml", compose, false) == DeploymentFormat::Compose);
    CHECK(deployment_format("compose.yaml", compose, false) == DeploymentFormat::Compose);
    CHECK(deployment_format("stack.docker-compose.yml", compose, false) == DeploymentFormat::Compose);
    CHECK(deployment_format("docker-compose.override.yml", compose, false) == DeploymentFormat::Compose);
    // Another name: only when named on the command line.
    CHECK_FALSE(deployment_format("stack.yml", compose, false));
    CHECK(deployment_format("stack.yml", compose, true) == DeploymentFormat::Compose);
    // Not the shape: no services, services not a mapping of mappings.
    CHECK_FALSE(deployment_format("docker-compose.yml", "version: '3'\nvolumes: {}\n", false));
    CHECK_FALSE(deployment_format("docker-compose.yml", "services:\n  - kafka\n", false));
    // A compose file that is not YAML still is one: its error is reported.
    CHECK(deployment_format("docker-compose.yml", "services:\n  kafka: [\n", false) == DeploymentFormat::Compose);

    const std::string flink = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: x\n";
    CHECK(deployment_format("deploy/flink.yaml", flink, false) == DeploymentFormat::Kubernetes);
    CHECK(deployment_format("k.yml", "---\napiVersion: v1\nkind: Service\n---\napiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\n",
                            false) == DeploymentFormat::Kubernetes);
    CHECK_FALSE(deployment_format("svc.yaml", "apiVersion: v1\nkind: Service\n", false));
    CHECK_FALSE(deployment_format("x.yaml", "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\n", false));
    CHECK_FALSE(deployment_format("docker-compose.json", compose, true));
}

// --- docker-compose -------------------------------------------------------------------------------

TEST_CASE("compose: map and list environments, settings at the name and value in the file")
{
    const std::string text =
        "services:\n"
        "  kafka-1:\n"
        "    image: confluentinc/cp-kafka:7.6.0\n"
        "    environment:\n"
        "      KAFKA_NUM_PARTITIONS: 6\n"
        "      KAFKA_LOG_DIRS: '/var/lib/kafka/data'\n"
        "      KAFKA_HEAP_OPTS: \"-Xmx2g -Xms2g\"\n"
        "  kafka-2:\n"
        "    image: apache/kafka:3.9.0\n"
        "    environment:\n"
        "      - KAFKA_NUM_PARTITIONS=3\n"
        "      - \"KAFKA_LOG_DIRS=/data/a b\"\n"
        "      - KAFKA_NODE_ID\n"
        "  ui:\n"
        "    image: provectuslabs/kafka-ui\n"
        "    environment:\n"
        "      KAFKA_CLUSTERS_0_NAME: local\n";
    const DeploymentRead r = read(text, DeploymentFormat::Compose);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.documents.size() == 3);  // kafka-1 broker + JVM, kafka-2 broker; the UI is no broker
    const Document& one = r.documents[0];
    CHECK(one.kind == FileKind::KafkaBroker);
    CHECK(one.syntax == Syntax::ComposeEnvironment);
    REQUIRE(one.embedding);
    CHECK(one.embedding->label == "service kafka-1");
    CHECK(one.embedding->naming == EnvNaming::Confluent);
    CHECK(one.embedding->kafka == "3.6");
    CHECK(one.slice(one.embedding->anchor) == "kafka-1");
    const Setting& partitions = setting(one, "num.partitions");
    CHECK(partitions.value == "6");
    CHECK(one.slice(partitions.key_range) == "KAFKA_NUM_PARTITIONS");
    CHECK(one.slice(partitions.value_range) == "6");
    CHECK(one.position(partitions.key_range.begin).line == 5);
    CHECK(setting(one, "log.dirs").value == "/var/lib/kafka/data");
    CHECK(one.slice(setting(one, "log.dirs").value_range) == "'/var/lib/kafka/data'");
    CHECK(one.find("heap.opts") == nullptr);

    const Document& jvm = r.documents[1];
    CHECK(jvm.kind == FileKind::Jvm);
    CHECK(jvm.syntax == Syntax::EnvJvmOptions);
    CHECK(jvm.embedding->role == "kafka-broker");
    CHECK(jvm.slice(setting(jvm, "-Xmx").value_range) == "2g");
    CHECK(jvm.position(setting(jvm, "-Xms").key_range.begin).column == 32);

    const Document& two = r.documents[2];
    CHECK(two.embedding->naming == EnvNaming::Apache);
    CHECK(two.embedding->list_form);
    CHECK(two.embedding->kafka == "3.9");
    CHECK(two.slice(setting(two, "num.partitions").key_range) == "KAFKA_NUM_PARTITIONS");
    CHECK(two.slice(setting(two, "num.partitions").value_range) == "3");
    CHECK(setting(two, "log.dirs").value == "/data/a b");
    CHECK(two.slice(setting(two, "log.dirs").value_range) == "/data/a b");
    CHECK(two.find("node.id") == nullptr);  // `- KAFKA_NODE_ID` passes the host's value: unknown
}

TEST_CASE("compose: FLINK_PROPERTIES lines at their line inside the block, read as flink-conf.yaml")
{
    const std::string text =
        "services:\n"
        "  jobmanager:\n"
        "    image: flink:1.20-java17\n"
        "    command: jobmanager\n"
        "    environment:\n"
        "    - |\n"
        "      FLINK_PROPERTIES=\n"
        "      jobmanager.rpc.address: jobmanager\n"
        "      # a comment Flink skips\n"
        "      taskmanager.numberOfTaskSlots: 4\n"
        "      rest.address: host#1\n"
        "  taskmanager:\n"
        "    image: flink:1.20-java17\n"
        "    command: taskmanager\n"
        "    environment:\n"
        "      FLINK_PROPERTIES: |\n"
        "        parallelism.default: 2\n"
        "        taskmanager:\n"
        "          numberOfTaskSlots: 1\n";
    const DeploymentRead r = read(text, DeploymentFormat::Compose);
    REQUIRE(r.documents.size() == 2);
    const Document& jm = r.documents[0];
    CHECK(jm.kind == FileKind::Flink);
    CHECK(jm.syntax == Syntax::EnvFlinkProperties);
    CHECK(jm.embedding->role == "flink-jobmanager");
    CHECK(jm.embedding->flink == "1.20");
    CHECK(jm.embedding->jdk == 17);
    const Setting& address = setting(jm, "jobmanager.rpc.address");
    CHECK(jm.position(address.key_range.begin).line == 8);
    CHECK(jm.position(address.key_range.begin).column == 7);
    CHECK(jm.slice(address.value_range) == "jobmanager");
    const Setting& slots = setting(jm, "taskmanager.numberOfTaskSlots");
    CHECK(slots.value == "4");
    CHECK(jm.position(slots.key_range.begin).line == 10);
    // Flink's reader: a '#' in the value cuts it; a comment line is a comment (for suppressions).
    CHECK(std::any_of(jm.notes.begin(), jm.notes.end(),
                      [&](const ParseNote& n) { return n.kind == NoteKind::HashTruncatesValue && jm.position(n.range.begin).line == 11; }));
    CHECK(std::any_of(jm.comments.begin(), jm.comments.end(),
                      [&](const Comment& c) { return jm.position(c.range.begin).line == 9; }));
    const Document& tm = r.documents[1];
    CHECK(tm.embedding->role == "flink-taskmanager");
    CHECK(tm.position(setting(tm, "parallelism.default").key_range.begin).line == 17);
    // Indentation counts from the block's own (YAML strips the block's indentation): a nested
    // block inside it is Flink's nested-block mistake, at its lines.
    CHECK(std::any_of(tm.notes.begin(), tm.notes.end(),
                      [&](const ParseNote& n) { return n.kind == NoteKind::NestedBlockMisread && tm.position(n.range.begin).line == 18; }));
    CHECK(tm.notes.size() == 2);
}

TEST_CASE("compose: anchors and merge keys, interpolation, Bitnami, Elasticsearch, hosts from limits")
{
    const std::string text =
        "x-kafka: &kafka-env\n"
        "  KAFKA_CFG_PROCESS_ROLES: broker,controller\n"
        "  KAFKA_CFG_LOG_DIRS: /bitnami/kafka/data\n"
        "services:\n"
        "  kafka:\n"
        "    image: docker.io/bitnami/kafka:3.7.1-debian-12-r0\n"
        "    mem_limit: 4g\n"
        "    cpus: 1.5\n"
        "    environment:\n"
        "      <<: *kafka-env\n"
        "      KAFKA_CFG_LOG_DIRS: /data\n"
        "      KAFKA_CFG_NUM_PARTITIONS: ${PARTITIONS:-12}\n"
        "      KAFKA_CFG_NODE_ID: ${NODE_ID}\n"
        "      KAFKA_CFG_ADVERTISED_LISTENERS: PLAINTEXT://$$HOST:9092\n"
        "  es:\n"
        "    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n"
        "    deploy:\n"
        "      replicas: 3\n"
        "      resources:\n"
        "        limits: {memory: 8G, cpus: '4'}\n"
        "    environment:\n"
        "      - discovery.type=single-node\n"
        "      - ES_JAVA_OPTS=-Xms4g -Xmx4g\n";
    const DeploymentRead r = read(text, DeploymentFormat::Compose);
    REQUIRE(r.documents.size() == 2);
    const Document& kafka = r.documents[0];
    CHECK(kafka.embedding->naming == EnvNaming::Bitnami);
    CHECK(kafka.embedding->kafka == "3.7");
    CHECK(setting(kafka, "process.roles").value == "broker,controller");
    CHECK(kafka.position(setting(kafka, "process.roles").key_range.begin).line == 2);  // in the anchor
    CHECK(setting(kafka, "log.dirs").value == "/data");  // the service's own key beats the merged one
    CHECK(setting(kafka, "num.partitions").value == "12");
    CHECK(kafka.find("node.id") == nullptr);  // needs a variable of the host
    CHECK(setting(kafka, "advertised.listeners").value == "PLAINTEXT://$HOST:9092");
    const HostFacts& broker = kafka.embedding->deployment.at("kafka-broker");
    CHECK(broker.count == 1);
    CHECK(broker.memory == 4ULL << 30);
    CHECK(broker.cores == 2);
    CHECK(kafka.embedding->deployment.at("elasticsearch").count == 3);
    CHECK_FALSE(kafka.embedding->deployment.at("elasticsearch").memory);  // another service's host

    const Document& es = r.documents[1];
    CHECK(es.kind == FileKind::Jvm);
    CHECK(es.embedding->role == "elasticsearch");
    CHECK(es.embedding->elasticsearch == "8.15");
    CHECK(es.embedding->deployment.at("elasticsearch").memory == 8ULL << 30);
    CHECK(es.embedding->deployment.at("elasticsearch").cores == 4);
    CHECK(setting(es, "-Xmx").value == "4g");
}

TEST_CASE("compose: invalid YAML is one error at its place; hostile nesting and merges are bounded")
{
    const DeploymentRead bad = read("services:\n  kafka:\n    image: apache/kafka\n    environment: [a, b\n",
                                    DeploymentFormat::Compose);
    REQUIRE(bad.error);
    CHECK(bad.error->kind == NoteKind::SyntaxError);

    // A quote never closed: yaml-cpp would take the rest of the file as the value.
    const std::string unclosed = "services:\n  kafka:\n    image: apache/kafka:3.9.0\n    environment:\n"
                                 "      KAFKA_NODE_ID: 1\n      KAFKA_NUM_IO_THREADS: '8\n      KAFKA_LOG_DIRS: /tmp\n";
    const DeploymentRead open = read(unclosed, DeploymentFormat::Compose);
    REQUIRE(open.error);
    CHECK(open.error->range.begin == unclosed.find("'8"));
    CHECK(open.error->message.find("never closed") != std::string::npos);

    std::string deep = "services:\n  x:\n    environment:\n      A: ";
    for (int i = 0; i < 5000; ++i) {
        deep += "[";
    }
    const DeploymentRead nested = read(deep + "\n", DeploymentFormat::Compose);
    CHECK(nested.error);

    // Merges of merges of merges: bounded work, no crash.
    std::string bomb = "x0: &a0 {KAFKA_NODE_ID: 1, KAFKA_LOG_DIRS: /d}\n";
    for (int i = 1; i < 30; ++i) {
        bomb += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " {<<: [*a" + std::to_string(i - 1) + ", *a" +
                std::to_string(i - 1) + "]}\n";
    }
    bomb += "services:\n  k:\n    image: apache/kafka:3.9.0\n    environment:\n      <<: *a29\n";
    const DeploymentRead merged = read(bomb, DeploymentFormat::Compose);
    CHECK_FALSE(merged.error);
}

// --- Kubernetes -----------------------------------------------------------------------------------

TEST_CASE("kubernetes: Strimzi Kafka config and jvmOptions, node pools, in a stream of documents")
{
    const std::string text =
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata: {name: other}\n"
        "---\n"
        "apiVersion: kafka.strimzi.io/v1beta2\n"
        "kind: Kafka\n"
        "metadata:\n"
        "  name: my-cluster\n"
        "spec:\n"
        "  kafka:\n"
        "    version: 3.8.0\n"
        "    replicas: 3\n"
        "    resources:\n"
        "      limits: {memory: 16Gi, cpu: \"4\"}\n"
        "    storage:\n"
        "      type: persistent-claim\n"
        "      size: 1Ti\n"
        "    config:\n"
        "      num.io.threads: 16\n"
        "      log.retention.hours: 168\n"
        "    jvmOptions:\n"
        "      -Xms: 8g\n"
        "      -Xmx: 8g\n"
        "      -XX:\n"
        "        UseG1GC: \"true\"\n"
        "        MaxGCPauseMillis: \"20\"\n"
        "      javaSystemProperties:\n"
        "        - name: java.net.preferIPv4Stack\n"
        "          value: \"true\"\n";
    const DeploymentRead r = read(text, DeploymentFormat::Kubernetes, "kafka.yaml");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.documents.size() == 2);
    const Document& config = r.documents[0];
    CHECK(config.kind == FileKind::KafkaBroker);
    CHECK(config.syntax == Syntax::KubernetesConfig);
    CHECK(config.embedding->label == "Kafka my-cluster");
    CHECK(config.embedding->kafka == "3.8");
    CHECK(config.position(setting(config, "num.io.threads").key_range.begin).line == 19);
    const HostFacts& host = config.embedding->deployment.at("kafka-broker");
    CHECK(host.count == 3);
    CHECK(host.memory == 16ULL << 30);
    CHECK(host.cores == 4);
    CHECK(host.disk_size == 1ULL << 40);
    const Document& jvm = r.documents[1];
    CHECK(jvm.kind == FileKind::Jvm);
    CHECK(jvm.syntax == Syntax::KubernetesJvmOptions);
    CHECK(setting(jvm, "-Xmx").value == "8g");
    CHECK(setting(jvm, "-XX:UseG1GC").value == "true");
    CHECK(jvm.slice(setting(jvm, "-XX:MaxGCPauseMillis").key_range) == "MaxGCPauseMillis");
    CHECK(setting(jvm, "-Djava.net.preferIPv4Stack").value == "true");
}

TEST_CASE("kubernetes: FlinkDeployment configuration flattened, versions, hosts; ECK node sets")
{
    const std::string text =
        "apiVersion: flink.apache.org/v1beta1\n"
        "kind: FlinkDeployment\n"
        "metadata:\n"
        "  name: job\n"
        "spec:\n"
        "  image: flink:1.19-java11\n"
        "  flinkVersion: v1_20\n"
        "  flinkConfiguration:\n"
        "    state:\n"
        "      backend.type: rocksdb\n"
        "    taskmanager.numberOfTaskSlots: \"4\"\n"
        "  jobManager:\n"
        "    resource: {memory: \"2048m\", cpu: 1}\n"
        "  taskManager:\n"
        "    replicas: 2\n"
        "    resource: {memory: \"4g\", cpu: 0.5}\n"
        "---\n"
        "apiVersion: elasticsearch.k8s.elastic.co/v1\n"
        "kind: Elasticsearch\n"
        "metadata: {name: logs}\n"
        "spec:\n"
        "  version: 8.15.0\n"
        "  nodeSets:\n"
        "  - name: hot\n"
        "    count: 2\n"
        "    podTemplate:\n"
        "      spec:\n"
        "        containers:\n"
        "        - name: elasticsearch\n"
        "          env:\n"
        "          - name: ES_JAVA_OPTS\n"
        "            value: -Xms4g -Xmx4g\n"
        "          resources: {limits: {memory: 8Gi}}\n"
        "  - name: warm\n"
        "    count: 1\n";
    const DeploymentRead r = read(text, DeploymentFormat::Kubernetes, "apps.yaml");
    REQUIRE(r.documents.size() == 2);
    const Document& flink = r.documents[0];
    CHECK(flink.kind == FileKind::Flink);
    CHECK(flink.embedding->flink == "1.20");  // flinkVersion beats the image tag
    CHECK(flink.embedding->jdk == 11);
    CHECK(setting(flink, "state.backend.type").value == "rocksdb");
    CHECK(flink.slice(setting(flink, "state.backend.type").key_range) == "backend.type");
    CHECK(flink.embedding->deployment.at("flink-jobmanager").memory == 2048ULL << 20);
    CHECK(flink.embedding->deployment.at("flink-taskmanager").memory == 4ULL << 30);
    CHECK(flink.embedding->deployment.at("flink-taskmanager").count == 2);
    CHECK(flink.embedding->deployment.at("flink-taskmanager").cores == 1);
    const Document& es = r.documents[1];
    CHECK(es.embedding->label == "Elasticsearch logs, nodeSet hot");
    CHECK(es.embedding->elasticsearch == "8.15");
    CHECK(es.embedding->deployment.at("elasticsearch").count == 3);
    CHECK(es.embedding->deployment.at("elasticsearch").memory == 8ULL << 30);
    CHECK(es.position(setting(es, "-Xmx").key_range.begin).line == 32);
}

// --- fixes in the file's own syntax ---------------------------------------------------------------

TEST_CASE("edits: compose map and list entries keep their quoting; new entries take the block's form")
{
    const std::string text =
        "services:\n"
        "  a:\n"
        "    image: confluentinc/cp-kafka:7.6.0\n"
        "    environment:\n"
        "      KAFKA_NUM_PARTITIONS: '3'\n"
        "      KAFKA_LOG_DIRS: /data\n"
        "  b:\n"
        "    image: apache/kafka:3.9.0\n"
        "    environment:\n"
        "      - KAFKA_NUM_PARTITONS=3\n"
        "      - \"KAFKA_LOG_DIRS=/data\"\n";
    const DeploymentRead r = read(text, DeploymentFormat::Compose);
    REQUIRE(r.documents.size() == 2);
    const Document& a = r.documents[0];
    const Document& b = r.documents[1];
    CHECK(apply_edit(text, *replace_value(a, setting(a, "num.partitions"), "6")).find("KAFKA_NUM_PARTITIONS: '6'\n") != std::string::npos);
    CHECK(apply_edit(text, *replace_value(a, setting(a, "log.dirs"), "a: b")).find("KAFKA_LOG_DIRS: \"a: b\"\n") != std::string::npos);
    CHECK(apply_edit(text, *rename_key(a, setting(a, "log.dirs"), "log.dir")).find("      KAFKA_LOG_DIR: /data\n") != std::string::npos);
    const std::string added = apply_edit(text, *add_setting(a, "num.io.threads", "16"));
    CHECK(added.find("      KAFKA_LOG_DIRS: /data\n      KAFKA_NUM_IO_THREADS: 16\n  b:") != std::string::npos);
    CHECK(apply_edit(text, *delete_setting(a, setting(a, "log.dirs"))).find("LOG_DIRS: /data") == std::string::npos);

    CHECK(apply_edit(text, *rename_key(b, setting(b, "num.partitons"), "num.partitions")).find("- KAFKA_NUM_PARTITIONS=3\n") !=
          std::string::npos);
    CHECK(apply_edit(text, *replace_value(b, setting(b, "log.dirs"), "/x \"y\"")).find("- \"KAFKA_LOG_DIRS=/x \\\"y\\\"\"\n") !=
          std::string::npos);
    CHECK(apply_edit(text, *replace_value(b, setting(b, "num.partitons"), "a: b")).find("- \"KAFKA_NUM_PARTITONS=a: b\"\n") !=
          std::string::npos);
    CHECK(apply_edit(text, *add_setting(b, "num.io.threads", "16")).ends_with("      - KAFKA_NUM_IO_THREADS=16\n"));
    // A key the image's convention cannot write: no fix.
    CHECK_FALSE(add_setting(b, "zookeeper.clientCnxnSocket", "x"));
}

TEST_CASE("edits: FLINK_PROPERTIES lines, JVM option strings, Strimzi jvmOptions, Kubernetes config")
{
    const std::string compose =
        "services:\n"
        "  tm:\n"
        "    image: flink:1.20\n"
        "    environment:\n"
        "      FLINK_PROPERTIES: |\n"
        "        taskmanager.numberOfTaskSlot: 4\n"
        "        parallelism.default: 2\n"
        "  es:\n"
        "    image: elasticsearch:8.15.0\n"
        "    environment:\n"
        "      ES_JAVA_OPTS: \"-Xms2g -Xmx2g -XX:+UseConcMarkSweepGC\"\n";
    const DeploymentRead r = read(compose, DeploymentFormat::Compose);
    REQUIRE(r.documents.size() == 2);
    const Document& flink = r.documents[0];
    CHECK(apply_edit(compose, *rename_key(flink, setting(flink, "taskmanager.numberOfTaskSlot"), "taskmanager.numberOfTaskSlots"))
              .find("        taskmanager.numberOfTaskSlots: 4\n") != std::string::npos);
    CHECK(apply_edit(compose, *add_setting(flink, "state.backend.type", "rocksdb"))
              .find("        parallelism.default: 2\n        state.backend.type: rocksdb\n  es:") != std::string::npos);
    CHECK(apply_edit(compose, *delete_setting(flink, setting(flink, "parallelism.default"))).find("parallelism") == std::string::npos);
    CHECK_FALSE(replace_value(flink, setting(flink, "parallelism.default"), "2 # two"));

    const Document& jvm = r.documents[1];
    CHECK(apply_edit(compose, *delete_setting(jvm, setting(jvm, "-XX:UseConcMarkSweepGC")))
              .find("ES_JAVA_OPTS: \"-Xms2g -Xmx2g\"\n") != std::string::npos);
    CHECK(apply_edit(compose, *replace_value(jvm, setting(jvm, "-Xms"), "4g")).find("\"-Xms4g -Xmx2g") != std::string::npos);
    CHECK(apply_edit(compose, *add_setting(jvm, "-XX:MaxGCPauseMillis", "200", {"-Xmx"}))
              .find("\"-Xms2g -Xmx2g -XX:MaxGCPauseMillis=200 -XX:+UseConcMarkSweepGC\"") != std::string::npos);

    const std::string strimzi =
        "apiVersion: kafka.strimzi.io/v1beta2\n"
        "kind: KafkaNodePool\n"
        "metadata: {name: pool}\n"
        "spec:\n"
        "  roles: [broker]\n"
        "  jvmOptions:\n"
        "    -Xmx: 2g\n"
        "    -XX:\n"
        "      UseG1GC: \"true\"\n"
        "---\n"
        "apiVersion: kafka.strimzi.io/v1beta2\n"
        "kind: Kafka\n"
        "metadata: {name: c}\n"
        "spec:\n"
        "  kafka:\n"
        "    config:\n"
        "      log:\n"
        "        retention.hours: 1\n"
        "      num.io.threads: 8\n";
    const DeploymentRead k = read(strimzi, DeploymentFormat::Kubernetes, "k.yaml");
    REQUIRE(k.documents.size() == 2);
    const Document& pool = k.documents[0];
    const Document& config = k.documents[1];
    CHECK(apply_edit(strimzi, *add_setting(pool, "-Xms", "2g")).find("    -XX:\n      UseG1GC: \"true\"\n    -Xms: 2g\n") !=
          std::string::npos);
    CHECK(apply_edit(strimzi, *add_setting(pool, "-XX:MaxGCPauseMillis", "20")).find("      UseG1GC: \"true\"\n      MaxGCPauseMillis: \"20\"\n") !=
          std::string::npos);
    CHECK(apply_edit(strimzi, *replace_value(pool, setting(pool, "-XX:UseG1GC"), "false")).find("UseG1GC: \"false\"") != std::string::npos);
    CHECK_FALSE(delete_setting(pool, setting(pool, "-XX:UseG1GC")));  // the `-XX` map would be left empty
    CHECK(apply_edit(strimzi, *add_setting(config, "num.network.threads", "8")).ends_with("      num.io.threads: 8\n      num.network.threads: 8\n"));
    CHECK(apply_edit(strimzi, *rename_key(config, setting(config, "log.retention.hours"), "log.retention.minutes"))
              .find("        retention.minutes: 1\n") != std::string::npos);
    CHECK_FALSE(delete_setting(config, setting(config, "log.retention.hours")));  // `log:` would be left a null
    CHECK(apply_edit(strimzi, *delete_setting(config, setting(config, "num.io.threads"))).ends_with("retention.hours: 1\n"));
}

// --- the pipeline -----------------------------------------------------------------------------------

TEST_CASE("lint: seeded compose mistakes are found at their lines, inside FLINK_PROPERTIES too; vendor keys pass")
{
    const std::string path = std::string(SL_FIXTURES_DIR) + "/compose/docker-compose.yml";
    const std::string text = sltest::read_file(path);
    LintOptions o;
    o.paths = {path};
    const LintResult r = run_lint(o);
    INFO(describe(r.findings));
    CHECK(file_count(r) == 1);
    CHECK(has(r, "K001", line_of(text, "KAFKA_NUM_PARTITONS")));                    // misspelt key
    CHECK(has(r, "C001", line_of(text, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")));  // RF 3 > the 1 broker
    CHECK(has(r, "K003", line_of(text, "KAFKA_LOG_RETENTION_HOURS")));               // not an INT
    CHECK(has(r, "J002", line_of(text, "UseConcMarkSweepGC")));                      // removed collector
    CHECK(has(r, "F001", line_of(text, "taskmanager.numberOfTaskSlot:")));           // inside FLINK_PROPERTIES
    CHECK(has(r, "C004", line_of(text, "jobmanager.memory.process.size")));         // JobManager > its 2g limit
    CHECK(has(r, "C006", line_of(text, "taskmanager.numberOfTaskSlots: 8")));        // 8 slots on 2 CPUs
    CHECK(has(r, "C003", line_of(text, "ES_JAVA_OPTS")));                            // ES heap > half of 4g
    // Vendor keys are Confluent's, not misspelt Apache ones; the ES guide's heap rules stay off Kafka's JVM.
    for (const auto& f : r.findings) {
        CHECK_FALSE((f.key && f.key->starts_with("confluent.")));
        CHECK_FALSE((f.rule.starts_with("G60") && f.position.line == line_of(text, "KAFKA_HEAP_OPTS")));
    }
    // The target comes from the image: cp-kafka 7.6.0 is Kafka 3.6; flink:1.20-java17 is Flink 1.20 on JDK 17.
    const LintedFile* kafka = component(r, "service kafka-1", FileKind::KafkaBroker);
    REQUIRE(kafka != nullptr);
    CHECK(kafka->targets.kafka == "3.6");
    const LintedFile* jm = component(r, "service flink-jobmanager", FileKind::Flink);
    REQUIRE(jm != nullptr);
    CHECK(jm->targets.flink == "1.20");
    CHECK(jm->targets.jdk == 17);
}

TEST_CASE("lint: seeded Kubernetes mistakes are found at their lines; other resources are skipped")
{
    const std::string dir = std::string(SL_FIXTURES_DIR) + "/k8s";
    LintOptions o;
    o.paths = {dir};
    const LintResult r = run_lint(o);
    INFO(describe(r.findings));
    const std::string strimzi = sltest::read_file(dir + "/strimzi-kafka.yaml");
    const std::string flink = sltest::read_file(dir + "/flink-deployment.yaml");
    const std::string eck = sltest::read_file(dir + "/eck-elasticsearch.yaml");
    CHECK(file_count(r) == 3);
    CHECK(has(r, "J009", line_of(strimzi, "-Xms: 2048m")));
    CHECK(has(r, "J002", line_of(strimzi, "UseParNewGC")));
    CHECK(has(r, "C001", line_of(strimzi, "offsets.topic.replication.factor")));
    CHECK(has(r, "K001", line_of(strimzi, "log.retention.hour:")));
    CHECK(has(r, "K003", line_of(strimzi, "num.io.threads")));
    CHECK(has(r, "F001", line_of(flink, "timout")));
    CHECK(has(r, "C004", line_of(flink, "jobmanager.memory.process.size")));
    CHECK(has(r, "C006", line_of(flink, "taskmanager.numberOfTaskSlots")));
    CHECK(has(r, "X012", line_of(eck, "-Xms2g -Xmx4g")));
    CHECK(has(r, "C003", line_of(eck, "-Xms2g -Xmx4g")));
    // A file's components share one count in the summary.
    std::set<std::string> labels;
    for (const auto& f : r.files) {
        REQUIRE(f.doc.embedding);
        labels.insert(f.doc.embedding->label);
    }
    CHECK(labels == std::set<std::string>{"Elasticsearch logs, nodeSet default", "FlinkDeployment orders-pipeline",
                                          "Kafka my-cluster", "KafkaNodePool dual-role"});
}

TEST_CASE("lint: the project file's targets and deployment beat what the deployment file says")
{
    sltest::TempDir dir;
    dir.write(".streamlint.yaml", "targets: {kafka: \"3.9\"}\ndeployment:\n  kafka-broker: {count: 3}\n");
    const std::string path = dir.write("docker-compose.yml",
                                       "services:\n  k:\n    image: confluentinc/cp-kafka:7.6.0\n    environment:\n"
                                       "      KAFKA_NODE_ID: 1\n      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3\n");
    LintOptions o;
    o.paths = {dir.str()};
    const LintResult r = run_lint(o);
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].targets.kafka == "3.9");
    CHECK_FALSE(has(r, "C001", 6));  // 3 brokers by the project file, not the 1 service
    o.target = "kafka=3.7";
    CHECK(run_lint(o).files[0].targets.kafka == "3.7");
}

TEST_CASE("lint: suppressions in a compose file; one unused suppression reported once")
{
    auto l = lint_file("compose.yaml",
                       "services:\n"
                       "  kafka:\n"
                       "    image: apache/kafka:3.9.0\n"
                       "    environment:\n"
                       "      KAFKA_NUM_PARTITONS: 3  # streamlint: disable=K001\n"
                       "      KAFKA_HEAP_OPTS: -Xmx1g  # streamlint: disable=X999\n",
                       {"K001", "S004"});
    INFO(describe(l->result.findings));
    CHECK_FALSE(has(l->result, "K001", 5));
    CHECK(std::count_if(l->result.findings.begin(), l->result.findings.end(),
                        [](const Finding& f) { return f.rule == "S004"; }) == 1);
}

TEST_CASE("lint: a compose file that is not YAML is one S001 at its line, the rest is still read")
{
    auto l = lint_file("docker-compose.yml", "services:\n  kafka:\n    image: apache/kafka\n    environment: {A: [\n");
    const auto errors = errors_of(l->result);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].rule == "S001");
    CHECK(errors[0].position.line >= 4);
}

TEST_CASE("fix: the components of one file are fixed as one text and read again; a second pass is clean")
{
    sltest::TempDir dir;
    const std::string path = dir.write("docker-compose.yml",
                                       "services:\n"
                                       "  kafka:\n"
                                       "    image: apache/kafka:3.9.0\n"
                                       "    environment:\n"
                                       "      - KAFKA_NUM_PARTITONS=3\n"
                                       "      - KAFKA_HEAP_OPTS=-Xmx1g -Xms1g -XX:+UseConcMarkSweepGC\n"
                                       "  tm:\n"
                                       "    image: flink:1.20\n"
                                       "    environment:\n"
                                       "      FLINK_PROPERTIES: |\n"
                                       "        taskmanager.numberOfTaskSlot: 4\n");
    LintOptions o;
    o.paths = {path};
    o.select = std::vector<std::string>{"K001", "J002", "F001"};
    LintResult r = run_lint(o);
    REQUIRE(r.files.size() == 3);
    FixSettings settings;
    settings.unsafe = true;
    const auto fixed = fix_all(r, settings);
    REQUIRE(fixed.size() == 1);
    CHECK(fixed[0].fixed.find("- KAFKA_NUM_PARTITIONS=3\n") != std::string::npos);
    CHECK(fixed[0].fixed.find("- KAFKA_HEAP_OPTS=-Xmx1g -Xms1g\n") != std::string::npos);
    CHECK(fixed[0].fixed.find("        taskmanager.numberOfTaskSlots: 4\n") != std::string::npos);
    CHECK(fixed[0].applied.size() == 3);
    CHECK(r.findings.empty());
    // Every component now stands for the fixed text.
    REQUIRE(r.files.size() == 3);
    for (const auto& f : r.files) {
        CHECK(f.doc.text == fixed[0].fixed);
        CHECK(f.doc.embedding);
    }
    CHECK(r.files[0].doc.find("num.partitions") != nullptr);
}

TEST_CASE("lint: a finding about a whole component goes to where the file names it; deployment-wide ones once")
{
    const std::string text =
        "services:\n"
        "  kafka-1:\n"
        "    image: apache/kafka:4.0.0\n"
        "    environment:\n"
        "      KAFKA_NODE_ID: 1\n"
        "  kafka-2:\n"
        "    image: apache/kafka:4.0.0\n"
        "    environment:\n"
        "      KAFKA_NODE_ID: 2\n";
    auto l = lint_file("docker-compose.yml", text, {"G102", "K007"});
    INFO(describe(l->result.findings));
    // `num.io.threads` is missing from each broker: each gets the finding, and its own fix.
    CHECK(has(l->result, "G102", 2));
    CHECK(has(l->result, "G102", 6));
    // A note without a fix that every broker makes alike (a default Kafka 4.0 changed) is said once.
    std::map<std::string, int> notes;
    for (const auto& f : l->result.findings) {
        if (f.rule == "K007") {
            ++notes[f.message];
        }
    }
    CHECK_FALSE(notes.empty());
    for (const auto& [message, n] : notes) {
        INFO(message);
        CHECK(n == 1);
    }
    for (const auto& f : l->result.findings) {
        CHECK_FALSE(f.whole_file);
    }
}

TEST_CASE("compose: FLINK_PROPERTIES is interpolated line by line")
{
    const std::string text =
        "services:\n"
        "  jm:\n"
        "    image: flink:1.20\n"
        "    environment:\n"
        "      FLINK_PROPERTIES: |\n"
        "        rest.port: ${REST_PORT:-8081}\n"
        "        rest.address: ${HOST}\n"
        "        parallelism.default: 2\n";
    const DeploymentRead r = read(text, DeploymentFormat::Compose);
    REQUIRE(r.documents.size() == 1);
    const Document& doc = r.documents[0];
    CHECK(setting(doc, "rest.port").value == "8081");
    CHECK(doc.find("rest.address") == nullptr);
    CHECK(setting(doc, "parallelism.default").value == "2");
    CHECK_FALSE(replace_value(doc, setting(doc, "rest.port"), "9091"));  // an interpolated value is not edited
    CHECK(replace_value(doc, setting(doc, "parallelism.default"), "4"));
}
