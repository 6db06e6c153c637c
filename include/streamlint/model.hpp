// The document model: what a config file says, as its product reads it, with byte positions.
#pragma once

#include <streamlint/source.hpp>

#include <cstdint>
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

/// How the file is written. One kind can come in several syntaxes (Flink has two).
enum class Syntax {
    Properties,       // java.util.Properties
    FlinkLegacyYaml,  // flink-conf.yaml, Flink 1.x's line reader
    FlinkYaml,        // config.yaml, YAML 1.2 (Flink 1.19+ and 2.x)
    Json,             // Elasticsearch JSON bodies
    JvmOptions,       // Elasticsearch-style jvm.options lines
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
