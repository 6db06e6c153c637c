// The document model: what a config file says, as its product reads it, with byte positions.
#pragma once

#include <streamlint/source.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

/// What a file configures. The kind decides which rules apply.
enum class FileKind {
    KafkaBroker,         // server.properties, broker.properties, controller.properties
    KafkaProducer,       // producer.properties
    KafkaConsumer,       // consumer.properties
    KafkaConnect,        // connect-standalone/distributed worker files, MirrorMaker 2
    ZooKeeper,           // ZooKeeper's own zookeeper.properties
    Flink,               // flink-conf.yaml or config.yaml
    ElasticsearchIndex,  // index settings, create-index bodies, templates, GET _settings responses
    Jvm,                 // jvm.options, jvm.options.d/*.options
};
/// How many kinds there are: FileKind's values are 0 to this, less one (Jvm stays the last).
inline constexpr std::size_t k_file_kinds = static_cast<std::size_t>(FileKind::Jvm) + 1;

/// How the file is written. One kind can come in several syntaxes (Flink has two).
enum class Syntax {
    Properties,       // java.util.Properties
    FlinkLegacyYaml,  // flink-conf.yaml, Flink 1.x's line reader
    FlinkYaml,        // config.yaml, YAML 1.2 (Flink 1.19+ and 2.x)
    Json,             // Elasticsearch JSON bodies
    JvmOptions,       // Elasticsearch-style jvm.options lines
    // Settings embedded in a deployment file (docker-compose, Kubernetes): the document's text is the
    // whole file, and fixes are written in the embedding's own syntax (see Embedding).
    ComposeEnvironment,    // docker-compose `environment:` entries, map (`KEY: value`) or list (`- KEY=value`)
    EnvFlinkProperties,    // FLINK_PROPERTIES: flink-conf.yaml lines inside an environment value
    EnvJvmOptions,         // a JVM options string in an environment value (KAFKA_HEAP_OPTS, ES_JAVA_OPTS)
    KubernetesConfig,      // a config mapping of a Kubernetes resource (Strimzi `config`, `flinkConfiguration`)
    KubernetesJvmOptions,  // Strimzi `jvmOptions`: `-Xmx: 2g`, `-XX: {Name: value}`, `javaSystemProperties`
};

[[nodiscard]] std::string_view to_string(FileKind kind);
[[nodiscard]] std::string_view to_string(Syntax syntax);
[[nodiscard]] std::optional<FileKind> parse_file_kind(std::string_view name);
/// Every kind name, in a fixed order, for messages and --help.
[[nodiscard]] const std::vector<std::string_view>& file_kind_names();

/// Why a setting does not reach the product.
enum class Inactive : std::uint8_t {
    No,            // the product sees it
    Overridden,    // a later occurrence of the same key wins
    OtherVersion,  // a JVM line whose version range excludes the target JDK
};

/// The shape of a value.
enum class ValueShape : std::uint8_t { Scalar, List, Map, Null };

/// One setting, as the product reads it.
struct Setting {
    std::string key;    // as the product sees it: unescaped, flattened with '.', `index.` prefixed, ...
    std::string value;  // as the product sees it: unescaped, quotes kept where the product keeps them
    ByteRange key_range;    // where the key is written (a flattened key: its innermost part)
    ByteRange value_range;  // where the value is written, as raw text (quotes included when quoted)
    ByteRange line_range;   // the whole entry: from its first byte to the end of its last line,
                            // continuation lines included, line terminator excluded
    Inactive inactive = Inactive::No;
    ValueShape shape = ValueShape::Scalar;
    std::vector<std::string> items;  // list items (ValueShape::List), as the product sees them
    /// True where repeating the key adds to it instead of replacing it (-Xlog, -javaagent, ...).
    bool cumulative = false;
    /// JVM options: the version range as written ("17-:") or empty; Flink legacy etc.: empty.
    std::string condition;
    /// Index of the setting that overrides this one (Inactive::Overridden), or -1.
    std::int32_t overridden_by = -1;
    /// The part of a multi-part file the setting belongs to (an index name in a GET _settings
    /// response with several indices); empty otherwise. Overrides apply within one scope only.
    std::string scope;

    [[nodiscard]] bool active() const { return inactive == Inactive::No; }
};

/// Something a parser saw that changes what the product reads, or that stops it reading at all.
/// Parsers know no rule: the rules stage turns notes into findings.
enum class NoteKind : std::uint8_t {
    SyntaxError,         // the product cannot read the file, or rejects this line
    Utf8Bom,             // a UTF-8 byte order mark the product reads as text (properties: part of the first key)
    NonLatin1,           // properties: non-ASCII bytes that ISO-8859-1 decoding turns into other characters
    HashTruncatesValue,  // flink-conf.yaml: a '#' inside a value cuts the value there
    LineSkipped,         // flink-conf.yaml: a line Flink skips (no ": " separator, empty key or value)
    QuotesKept,          // flink-conf.yaml: quotes that Flink keeps as part of the value
    NestedBlockMisread,  // flink-conf.yaml: an indented block whose keys Flink reads without their parents
    InvalidEscape,       // properties: a backslash before a character that has no escape meaning (dropped)
    TrailingWhitespace,  // whitespace the product keeps as part of a value or option
};

[[nodiscard]] std::string_view to_string(NoteKind kind);

struct ParseNote {
    NoteKind kind = NoteKind::SyntaxError;
    ByteRange range;      // where it is; empty for a whole-file note
    std::string message;  // what the product does, in one sentence, no final period
    std::string key;      // the key involved, if any
};

/// A comment in the file, for suppressions. `text` is the comment's range without the marker.
struct Comment {
    ByteRange range;     // from the comment marker to the end of the line
    bool own_line = false;  // nothing but blanks before it on its line
};

/// How a deployment file writes the Kafka broker settings of a component as environment variables.
enum class EnvNaming : std::uint8_t {
    None,       // settings are not environment variables
    Confluent,  // confluentinc/cp-kafka: KAFKA_ + name, `_` -> `.`, `__` -> `_`, `___` -> `-`; CONFLUENT_SUPPORT_*
    ConfluentServer,  // confluentinc/cp-server: the same, and CONFLUENT_METRICS_* -> confluent.metrics.*
    Apache,     // apache/kafka: the same result, by KafkaDockerWrapper's replacements
    Bitnami,    // bitnami/kafka: KAFKA_CFG_ + name, every `_` -> `.`
};

/// Hosts of one deployment role as a deployment file describes them (compose limits, Kubernetes
/// resources); unset where the file does not say.
struct HostFacts {
    std::optional<std::int64_t> count;
    std::optional<std::int64_t> cores;
    std::optional<std::uint64_t> memory;     // bytes
    std::optional<std::uint64_t> disk_size;  // bytes
};

/// Where a new entry of an embedded document goes: at `at` (the start of a line), indented by
/// `indent`; a key starting with `prefix` is written without it (Strimzi's `-XX:` map).
struct InsertPoint {
    std::string prefix;
    std::uint32_t at = 0;
    std::string indent;
};

/// The kind of deployment file a document is a component of.
enum class DeploymentFormat : std::uint8_t { Compose, Kubernetes };

/// A document that is one component of a deployment file (a docker-compose service, a Kubernetes
/// resource): what the component is, where it is named, how a fix writes a new entry, and what the
/// file says about its product version and its hosts.
struct Embedding {
    DeploymentFormat format = DeploymentFormat::Compose;
    std::string label;   // "service kafka-1", "Kafka my-cluster", "FlinkDeployment basic"
    ByteRange anchor;    // where the component is named: findings about the whole document go there
    EnvNaming naming = EnvNaming::None;
    bool list_form = false;               // compose `environment:` written as `- KEY=value` items
    std::vector<InsertPoint> inserts;     // where add_setting writes (none: it cannot)
    // Versions the file names for the component (an image tag, `flinkVersion`, `spec.version`);
    // empty / 0 where it names none, and `version_source` says where they come from.
    std::string kafka, flink, elasticsearch;
    int jdk = 0;
    std::string version_source;
    std::string role;  // the deployment role of the component's hosts (`kafka-broker`, ...), or ""
    /// The deployment the file describes, by role, as this component sees it (its own hosts for its role).
    std::map<std::string, HostFacts> deployment;
};

/// One parsed file.
struct Document {
    std::string path;  // as found from the working directory
    FileKind kind = FileKind::KafkaBroker;
    Syntax syntax = Syntax::Properties;
    std::string text;  // the raw bytes
    LineIndex lines;   // over `text`
    std::vector<Setting> settings;  // in file order
    std::vector<ParseNote> notes;
    std::vector<Comment> comments;
    /// Set when the document is one component of a deployment file; `text` is then the whole file.
    std::optional<Embedding> embedding;

    Document() = default;
    Document(std::string path_, FileKind kind_, Syntax syntax_, std::string text_);
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;
    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;
    ~Document() = default;

    [[nodiscard]] std::string_view slice(ByteRange r) const;
    [[nodiscard]] Position position(std::uint32_t offset) const { return lines.position(offset); }
    /// The last active setting with this key, or null.
    [[nodiscard]] const Setting* find(std::string_view key) const;
};

/// Marks every non-cumulative setting that a later one with the same key (and scope) replaces as
/// Inactive::Overridden (last one wins, as java.util.Properties, Flink and the JVM do).
/// Settings already inactive are left alone and never override anything.
void resolve_overrides(std::vector<Setting>& settings);

}  // namespace streamlint
