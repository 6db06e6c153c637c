// A YAML node tree with byte ranges, for the deployment formats (docker-compose files, Kubernetes
// manifests) and the project file. Internal to the parsers.
//
// It takes the approach of the config.yaml reader (flink_yaml.cpp): the events (yaml_events.hpp:
// the plain-YAML reader's or yaml-cpp's) give each node's start, the ends are found by scanning the
// original text from there, and nothing recurses over the input. Unlike Flink's loader it reads every document of a stream
// (`---`), keeps aliases as references to their anchored node, and knows nothing of any product.
#pragma once

#include <streamlint/model.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamlint::yaml_tree {

inline constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();
/// Nesting deeper than this is not handed to yaml-cpp (it parses recursively).
inline constexpr std::size_t k_max_depth = 256;

enum class NodeKind : std::uint8_t { Scalar, Null, Seq, Map, Alias };
enum class ScalarStyle : std::uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct Node {
    NodeKind kind = NodeKind::Null;
    ScalarStyle style = ScalarStyle::Plain;
    bool flow = false;
    bool complete = false;
    std::string value;  // a scalar as YAML decodes it (yaml-cpp's reading)
    std::string tag;    // as yaml-cpp reports it: "?" untagged plain, "!" untagged quoted, else the tag
    ByteRange range;    // the raw text: quotes and block header included; a collection: all of it
    std::uint32_t start = 0;              // where the node begins, anchor and tag included
    int column = -1;                      // a block collection's indentation
    std::vector<std::uint32_t> children;  // a mapping: key, value, key, value, ...
    std::uint32_t target = k_none;        // an alias: the anchored node

    [[nodiscard]] bool is_map() const { return kind == NodeKind::Map; }
    [[nodiscard]] bool is_seq() const { return kind == NodeKind::Seq; }
    [[nodiscard]] bool is_scalar() const { return kind == NodeKind::Scalar; }
};

struct Entry {
    const Node* key = nullptr;
    const Node* value = nullptr;  // aliases already followed
};

struct Tree {
    std::vector<Node> nodes;
    /// The root of each document of the stream, in order (k_none for an empty document).
    std::vector<std::uint32_t> documents;
    /// False for a document the reading stopped inside (its tree is partial).
    std::vector<bool> document_complete;
    std::vector<Comment> comments;
    struct Error {
        std::uint32_t offset = 0;
        std::string message;
    };
    std::optional<Error> error;  // where reading stopped, and why
    /// Where the text nests deeper than parse's `max_depth` (the reading stopped at that line).
    std::optional<std::uint32_t> too_deep;

    [[nodiscard]] const Node* node(std::uint32_t index) const
    {
        return index < nodes.size() ? &nodes[index] : nullptr;
    }
    /// The node an alias stands for (the node itself when it is none); null for an unknown anchor.
    [[nodiscard]] const Node* resolve(const Node* n) const;
    /// A mapping's entries in document order, merge keys (`<<: *anchor`, `<<: [*a, *b]`) expanded
    /// after the explicit keys, which win. Empty for anything that is not a mapping.
    [[nodiscard]] std::vector<Entry> entries(const Node* map) const;
    /// The value of `key` in a mapping (merge keys included), or null.
    [[nodiscard]] const Node* get(const Node* map, std::string_view key) const;
    /// A scalar's text, or nullopt for anything else (null included).
    [[nodiscard]] std::optional<std::string> scalar(const Node* n) const;

private:
    void collect(const Node* map, std::vector<Entry>& out, std::vector<std::string>& seen, int depth,
                 std::size_t& budget) const;
};

/// Reads a YAML stream. Never throws: a syntax error is recorded in `error`, what was read before it
/// is kept. Nothing nested deeper than `max_depth` (at most k_max_depth) is read (see `too_deep`).
[[nodiscard]] Tree parse(std::string_view text, const LineIndex& lines, std::size_t max_depth = k_max_depth);

/// A scalar's decoded text with, for each of its bytes, the offset in the file it comes from, so a
/// range inside a value (a `KEY=value` list item, a line of a block scalar) maps back to the file.
/// `exact` is false when this decoding disagrees with yaml-cpp's (then every offset is the scalar's
/// start, and nothing may be edited inside it).
struct Decoded {
    std::string text;
    std::vector<std::uint32_t> from;  // per decoded byte: where its source starts
    std::vector<std::uint32_t> to;    // per decoded byte: where its source ends
    std::uint32_t end = 0;            // where the content ends (before a closing quote)
    bool exact = true;

    /// The file range of the decoded bytes [begin, end); an empty range maps to a point.
    [[nodiscard]] ByteRange range(std::size_t begin, std::size_t end) const;
};

[[nodiscard]] Decoded decode(std::string_view text, const LineIndex& lines, const Node& scalar);

}  // namespace streamlint::yaml_tree
