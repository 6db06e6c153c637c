// YAML as a list of events with byte positions: what the config.yaml reader (flink_yaml.cpp) and
// the deployment-format tree (yaml_tree.cpp) are built on. Internal to the parsers.
//
// yaml-cpp is the YAML reader of record, but its scanner tries a set of regular expressions on
// every character and costs about a million instructions a kilobyte. Most configuration files are
// a plain subset of YAML: block mappings of one-line keys and values, block sequences of one-line
// items, and one-line flow collections. read_simple() reads that subset directly, in one pass, and
// gives exactly the events yaml-cpp would give, positions included; it declines (returns false)
// anything outside it, and read() then asks yaml-cpp. What it declines: tabs and carriage returns,
// control characters and text that is not UTF-8, directives and document markers, anchors, aliases
// and tags, block scalars, values that continue on the next line, flow collections that do, quoted
// scalars with escapes or line breaks, compact nested collections (`- a: b`, `- - a`), a block
// sequence at its key's indentation, empty items, keys longer than 512 bytes, and a document that
// is not a mapping. The differential fuzz target (fuzz/fuzz_yaml_events.cpp) and the unit tests
// hold the two readers to the same events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint::yaml_events {

enum class EventType : std::uint8_t {
    DocStart,
    DocEnd,
    Scalar,
    Null,
    Alias,
    SeqStart,
    SeqEnd,
    MapStart,
    MapEnd
};

struct Event {
    EventType type = EventType::Scalar;
    bool flow = false;       // a flow collection (`[...]`, `{...}`)
    std::uint32_t pos = 0;   // byte offset into the text (a BOM counted)
    std::size_t anchor = 0;  // yaml-cpp's anchor number; 0 for none
    std::string tag;         // "?" untagged plain, "!" untagged quoted, else the tag
    std::string value;       // a scalar as YAML decodes it

    [[nodiscard]] bool has_mark() const
    {
        return type != EventType::SeqEnd && type != EventType::MapEnd && type != EventType::DocEnd;
    }
    /// Untagged and plain (`?`): a tree builder asks of every node.
    [[nodiscard]] bool plain_untagged() const { return tag.size() == 1 && tag[0] == '?'; }
    /// Untagged and quoted (`!`).
    [[nodiscard]] bool quoted_untagged() const { return tag.size() == 1 && tag[0] == '!'; }
    friend bool operator==(const Event&, const Event&) = default;
};

struct Error {
    std::uint32_t offset = 0;  // where yaml-cpp stopped (0 when it said nothing of where)
    std::string message;       // yaml-cpp's message, or what() of another exception
    bool yaml = true;          // false: not a YAML error (out of memory, say)
    std::size_t document = 0;  // the document (0 = the first) whose reading failed
};

struct Result {
    std::vector<Event> events;
    std::optional<Error> error;  // reading stopped here; the events before it stand
};

/// The events of the first `max_documents` documents of text[0, limit): read_simple() when it
/// takes the text, else yaml-cpp. A lone carriage return ends a line, as YAML says (yaml-cpp 0.7
/// is handed a line feed in its place, which keeps every offset).
[[nodiscard]] Result read(std::string_view text, std::uint32_t limit, std::size_t max_documents);

/// The subset reader alone. `text` starts after any BOM, whose length `base` is added to every
/// position. Appends the events to `out` and returns true, or returns false (and leaves `out` in
/// any state) when the text is outside the subset.
[[nodiscard]] bool read_simple(std::string_view text, std::uint32_t base, std::vector<Event>& out);

/// yaml-cpp alone.
[[nodiscard]] Result read_yaml_cpp(std::string_view text, std::uint32_t limit, std::size_t max_documents);

}  // namespace streamlint::yaml_events
