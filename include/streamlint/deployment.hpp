// Deployment formats: docker-compose files and Kubernetes resources that configure Kafka, Flink and
// Elasticsearch through environment variables, embedded config maps and resource specs.
//
// A deployment file yields one Document per configured component (a Kafka broker's properties, its
// JVM options, a Flink configuration, an Elasticsearch node's JVM options), each of a product kind
// so every rule applies unchanged, with its settings' ranges pointing into the file and an
// Embedding that says which component it is and how a fix writes an entry there.
#pragma once

#include <streamlint/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

// --- environment variable names ----------------------------------------------------------------

/// The Kafka key an environment variable sets under a naming convention (KAFKA_NUM_PARTITIONS ->
/// num.partitions), or nullopt when it sets none: another prefix, or a variable the image reads
/// itself (KAFKA_HEAP_OPTS, KAFKA_JMX_PORT, ...).
[[nodiscard]] std::optional<std::string> kafka_key_from_env(std::string_view name, EnvNaming naming);

/// The environment variable that sets a Kafka key under a convention, or nullopt where the
/// convention cannot write the key (Bitnami has no escape for `_` or `-`) or the name would not map
/// back to the key.
[[nodiscard]] std::optional<std::string> env_from_kafka_key(std::string_view key, EnvNaming naming);

/// Variables of the Kafka images that hold JVM options (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS,
/// KAFKA_OPTS).
[[nodiscard]] bool kafka_jvm_variable(std::string_view name);

// --- versions from images ------------------------------------------------------------------------

/// The Apache Kafka release a Confluent Platform release is built on ("7.6.0" -> "3.6"), from
/// Confluent's interoperability tables (CP 5.0-5.5 -> 2.0-2.5, 6.0-6.2 -> 2.6-2.8, 7.0-7.9 ->
/// 3.0-3.9, 8.0-8.3 -> 4.0-4.3); nullopt for a release outside them.
[[nodiscard]] std::optional<std::string> kafka_of_confluent_platform(std::string_view cp_version);

/// What an image reference says: repository (registry and tag stripped, `library/` dropped) and tag.
struct ImageRef {
    std::string repository;  // "confluentinc/cp-kafka", "flink", "elasticsearch/elasticsearch"
    std::string tag;         // "7.6.0", "1.20-java17", "" when none (or a digest)
    bool unresolved = false; // the reference holds a `${VARIABLE}` compose fills in
};
[[nodiscard]] ImageRef parse_image(std::string_view image);

/// "major.minor" of a version at the start of a tag ("1.20.0-scala_2.12-java17" -> "1.20"), or "".
[[nodiscard]] std::string tag_version(std::string_view tag);
/// The Java release a tag names ("1.20-java17" -> 17), or 0.
[[nodiscard]] int tag_java(std::string_view tag);

// --- sizes ---------------------------------------------------------------------------------------

/// A docker-compose byte value (`mem_limit: 4g`, `512m`, `1gb`, a plain number of bytes).
[[nodiscard]] std::optional<std::uint64_t> compose_bytes(std::string_view text);
/// A Kubernetes quantity in bytes (`4Gi`, `4G`, `4096Mi`, `1e9`); nullopt for a milli-quantity (`2048m`).
[[nodiscard]] std::optional<std::uint64_t> kubernetes_bytes(std::string_view text);
/// CPUs as whole cores, rounded up (compose `cpus: 1.5`, Kubernetes `cpu: 500m` -> 1).
[[nodiscard]] std::optional<std::int64_t> cores_of(std::string_view text);

// --- files -----------------------------------------------------------------------------------------

/// Whether a base name is a docker-compose file name: docker-compose*.yml/yaml, compose*.yml/yaml,
/// *.docker-compose.yml/yaml, *.compose.yml/yaml.
[[nodiscard]] bool compose_file_name(std::string_view base_name);

/// What a YAML file is by its shape: a docker-compose file (a compose file name, or `named` on the
/// command line, and a top-level `services` mapping of mappings), a Kubernetes manifest (a document
/// with `apiVersion` and a supported `kind`: Strimzi Kafka and KafkaNodePool, FlinkDeployment, ECK
/// Elasticsearch), or neither (nullopt). A compose-named file that is not valid YAML counts as
/// compose, so its error is reported.
[[nodiscard]] std::optional<DeploymentFormat> deployment_format(const std::string& path, std::string_view text,
                                                                bool named);

struct DeploymentRead {
    std::vector<Document> documents;  // one a configured component, in file order
    std::optional<ParseNote> error;   // the YAML does not parse: where reading stopped, and why
};

/// Reads a deployment file: the documents of the components it configures (those read before a
/// YAML error included), and the error, if any.
[[nodiscard]] DeploymentRead read_deployment(const std::string& path, const std::string& text,
                                             DeploymentFormat format);

/// Whether two documents stand for the same component of a deployment file (same label, kind and
/// syntax): how the documents of a file read again are matched to those they replace.
[[nodiscard]] bool same_component(const Document& a, const Document& b);

}  // namespace streamlint
