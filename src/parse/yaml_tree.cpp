#include "yaml_tree.hpp"

#include "yaml_events.hpp"

#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <unordered_map>

namespace streamlint::yaml_tree {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
/// How many merge-key expansions one lookup may follow (a `<<` chain or a merge bomb).
constexpr std::size_t k_merge_budget = 10000;
constexpr int k_max_merge_depth = 16;

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

bool is_break(char c)
{
    return c == '\n' || c == '\r';
}

bool is_space(char c)
{
    return is_blank(c) || is_break(c);
}

bool is_flow_indicator(char c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

std::string sentence(std::string msg)
{
    while (!msg.empty() && (msg.back() == '.' || is_space(msg.back()))) {
        msg.pop_back();
    }
    return msg;
}

// --- the events (yaml_events.hpp) --------------------------------------------------------------

using yaml_events::Event;
using yaml_events::EventType;

// --- the node tree -------------------------------------------------------------------------------

/// Builds nodes from the recorded events, finding each node's end in the text (as flink_yaml.cpp's
/// TreeBuilder does, without the Flink loader's rejections).
class Builder {
public:
    Builder(std::string_view text, const LineIndex& lines, std::uint32_t limit, Tree& tree)
        : text_(text), lines_(lines), limit_(limit), tree_(tree)
    {
    }

    void build(const std::vector<Event>& events)
    {
        std::vector<std::uint32_t> bounds(events.size() + 1, limit_);
        tree_.nodes.reserve(tree_.nodes.size() + events.size());  // at most a node an event; none moves
        for (std::size_t k = events.size(); k-- > 0;) {
            bounds[k] = events[k].has_mark() ? events[k].pos : bounds[k + 1];
        }
        for (std::size_t k = 0; k < events.size(); ++k) {
            const Event& e = events[k];
            switch (e.type) {
            case EventType::DocStart:
                stack_.clear();
                anchors_.clear();
                tree_.documents.push_back(k_none);
                tree_.document_complete.push_back(false);
                break;
            case EventType::DocEnd:
                if (!tree_.document_complete.empty()) {
                    tree_.document_complete.back() = true;
                }
                break;
            case EventType::Scalar:
            case EventType::Null:
            case EventType::Alias:
            case EventType::SeqStart:
            case EventType::MapStart: {
                const std::uint32_t index = open_node(e, bounds[k + 1]);
                if (!tree_.documents.empty() && tree_.documents.back() == k_none) {
                    tree_.documents.back() = index;
                }
                break;
            }
            case EventType::SeqEnd:
            case EventType::MapEnd: close_collection(); break;
            }
        }
        // Collections left open by an error end at their last child.
        while (!stack_.empty()) {
            close_collection();
        }
    }

private:
    struct Frame {
        std::uint32_t node;
        bool in_flow;
        int indent;
    };

    [[nodiscard]] std::uint32_t column_of(std::uint32_t pos) const
    {
        return pos - lines_.content(lines_.line_of(pos)).begin;
    }

    [[nodiscard]] std::uint32_t skip_space_and_comments(std::uint32_t i, std::uint32_t to) const
    {
        while (i < to) {
            if (is_space(text_[i])) {
                ++i;
            } else if (text_[i] == '#' && (i == 0 || is_space(text_[i - 1]))) {
                while (i < to && !is_break(text_[i])) {
                    ++i;
                }
            } else {
                break;
            }
        }
        return i;
    }

    [[nodiscard]] std::uint32_t token_end(std::uint32_t i) const
    {
        if (i + 1 < limit_ && text_[i] == '!' && text_[i + 1] == '<') {
            while (i < limit_ && text_[i] != '>' && !is_break(text_[i])) {
                ++i;
            }
            return i < limit_ && text_[i] == '>' ? i + 1 : i;
        }
        while (i < limit_ && !is_space(text_[i]) && !is_flow_indicator(text_[i])) {
            ++i;
        }
        return i;
    }

    struct Properties {
        std::uint32_t end;
        std::uint32_t content;
    };

    [[nodiscard]] Properties skip_properties(std::uint32_t start, std::uint32_t bound) const
    {
        Properties p{start, start};
        while (p.content < bound && p.content < limit_ && (text_[p.content] == '&' || text_[p.content] == '!')) {
            p.end = token_end(p.content);
            p.content = skip_space_and_comments(p.end, bound);
        }
        return p;
    }

    [[nodiscard]] std::uint32_t quoted_end(std::uint32_t i) const
    {
        const char q = text_[i++];
        while (i < limit_) {
            if (q == '"' && text_[i] == '\\') {
                i += 2;
                continue;
            }
            if (text_[i] == q) {
                if (q == '\'' && i + 1 < limit_ && text_[i + 1] == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            ++i;
        }
        return limit_;
    }

    /// A block scalar (`|` or `>` at `i`) whose parent has indentation `indent`: the header, then
    /// every following line indented deeper (blank lines inside it included, trailing ones not).
    [[nodiscard]] std::uint32_t block_scalar_end(std::uint32_t i, int indent) const
    {
        std::uint32_t end = i + 1;
        int explicit_indent = 0;
        while (end < limit_ && (text_[end] == '+' || text_[end] == '-' || (text_[end] >= '1' && text_[end] <= '9'))) {
            if (text_[end] >= '1' && text_[end] <= '9') {
                explicit_indent = text_[end] - '0';
            }
            ++end;
        }
        int content_indent = explicit_indent > 0 ? std::max(indent, 0) + explicit_indent : -1;
        for (std::uint32_t line = lines_.line_of(i) + 1; line < lines_.line_count(); ++line) {
            const ByteRange content = lines_.content(line);
            if (content.begin >= limit_) {
                break;
            }
            std::uint32_t p = content.begin;
            while (p < content.end && text_[p] == ' ') {
                ++p;
            }
            std::uint32_t q = p;
            while (q < content.end && is_blank(text_[q])) {
                ++q;
            }
            if (q >= content.end) {
                continue;  // blank
            }
            const auto line_indent = static_cast<int>(p - content.begin);
            if (content_indent < 0) {
                if (line_indent <= indent) {
                    break;
                }
                content_indent = line_indent;
            }
            if (line_indent < content_indent) {
                break;
            }
            end = std::min(content.end, limit_);
        }
        return end;
    }

    /// A plain scalar from `i`, over continuation lines indented deeper than `indent` (block
    /// context) that start before the next event's mark and are not comments.
    [[nodiscard]] std::uint32_t plain_end(std::uint32_t i, bool in_flow, int indent, std::uint32_t bound) const
    {
        std::uint32_t end = i;
        std::uint32_t segment = i;
        while (true) {
            bool stopped = false;
            while (i < limit_ && !is_break(text_[i])) {
                const char c = text_[i];
                if (c == '#' && i > segment && is_blank(text_[i - 1])) {
                    stopped = true;
                    break;
                }
                if (c == ':' && (i + 1 >= limit_ || is_space(text_[i + 1]) || (in_flow && is_flow_indicator(text_[i + 1])))) {
                    stopped = true;
                    break;
                }
                if (in_flow && is_flow_indicator(c)) {
                    stopped = true;
                    break;
                }
                if (!is_blank(c)) {
                    end = i + 1;
                }
                ++i;
            }
            if (stopped || i >= limit_) {
                return end;
            }
            std::uint32_t line = lines_.line_of(i) + 1;
            std::uint32_t k = limit_;
            for (; line < lines_.line_count(); ++line) {
                const ByteRange content = lines_.content(line);
                std::uint32_t p = content.begin;
                while (p < content.end && is_blank(text_[p])) {
                    ++p;
                }
                if (p < content.end) {
                    k = p;
                    break;
                }
            }
            if (k >= bound || k >= limit_ || text_[k] == '#') {
                return end;
            }
            const ByteRange content = lines_.content(line);
            const std::string_view head = text_.substr(content.begin, 3);
            if (k == content.begin && (head == "---" || head == "...")) {
                return end;
            }
            if (in_flow ? (is_flow_indicator(text_[k]) || text_[k] == ':') : static_cast<int>(k - content.begin) <= indent) {
                return end;
            }
            i = k;
            segment = k;
        }
    }

    [[nodiscard]] std::uint32_t scalar_end(std::uint32_t i, bool in_flow, int indent, std::uint32_t bound) const
    {
        if (i >= limit_) {
            return i;
        }
        if (text_[i] == '"' || text_[i] == '\'') {
            return quoted_end(i);
        }
        if (!in_flow && (text_[i] == '|' || text_[i] == '>')) {
            return block_scalar_end(i, indent);
        }
        return plain_end(i, in_flow, indent, bound);
    }

    [[nodiscard]] bool is_null_literal(std::uint32_t i) const
    {
        for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
            const std::uint32_t end = i + static_cast<std::uint32_t>(word.size());
            if (end <= limit_ && text_.substr(i, word.size()) == word &&
                (end == limit_ || is_space(text_[end]) || is_flow_indicator(text_[end]) || text_[end] == '#' ||
                 text_[end] == ':')) {
                return true;
            }
        }
        return false;
    }

    [[nodiscard]] std::optional<std::uint32_t> colon_after(std::uint32_t i) const
    {
        i = skip_space_and_comments(i, limit_);
        if (i < limit_ && text_[i] == ':') {
            return i;
        }
        return std::nullopt;
    }

    /// Where an empty (implicit null) node is: just after the `:` or `-` that announces it.
    [[nodiscard]] ByteRange implicit_null_range(std::uint32_t mark) const
    {
        if (stack_.empty()) {
            return {std::min(mark, limit_), std::min(mark, limit_)};
        }
        const Node& parent = tree_.nodes[stack_.back().node];
        if (parent.kind == NodeKind::Map && parent.children.size() % 2 == 1) {
            const Node& key = tree_.nodes[parent.children.back()];
            const std::uint32_t at = colon_after(key.range.end).value_or(key.range.end > 0 ? key.range.end - 1 : 0) + 1;
            return {std::min(at, limit_), std::min(at, limit_)};
        }
        if (parent.kind == NodeKind::Seq && !parent.flow) {
            const std::uint32_t floor =
                parent.children.empty() ? parent.range.begin : tree_.nodes[parent.children.back()].range.end;
            for (std::uint32_t i = std::min(mark, limit_); i > floor; --i) {
                if (text_[i - 1] == '-' && (i >= limit_ || is_space(text_[i]))) {
                    return {i, i};
                }
            }
        }
        const std::uint32_t at = std::min(mark, limit_);
        return {at, at};
    }

    std::uint32_t open_node(const Event& e, std::uint32_t bound)
    {
        const bool in_flow = !stack_.empty() && stack_.back().in_flow;
        int indent = stack_.empty() ? -1 : stack_.back().indent;
        Node* parent = stack_.empty() ? nullptr : &tree_.nodes[stack_.back().node];

        Node n;
        n.start = e.pos;
        n.tag = e.tag;
        if (parent != nullptr && parent->kind == NodeKind::Map && !parent->flow && parent->children.empty()) {
            parent->column = static_cast<int>(column_of(e.pos));
            parent->range.begin = std::min(parent->range.begin, e.pos);
            stack_.back().indent = parent->column;
            indent = parent->column;
        }
        const Properties props = skip_properties(e.pos, std::max(bound, e.pos));
        switch (e.type) {
        case EventType::Scalar: {
            n.kind = NodeKind::Scalar;
            n.value = e.value;
            n.complete = true;
            if (props.content < bound && props.content < limit_) {
                const char c = text_[props.content];
                n.style = c == '"'   ? ScalarStyle::DoubleQuoted
                          : c == '\'' ? ScalarStyle::SingleQuoted
                          : (c == '|' && !in_flow) ? ScalarStyle::Literal
                          : (c == '>' && !in_flow) ? ScalarStyle::Folded
                                                   : ScalarStyle::Plain;
                n.range = {props.content, std::max(props.content, scalar_end(props.content, in_flow, indent, bound))};
            } else {
                n.range = {e.pos, props.end};
            }
            // A plain scalar that YAML resolves to null (`~`, `null`) is a null.
            if (e.plain_untagged() && n.style == ScalarStyle::Plain &&
                (e.value.empty() || e.value == "~" || e.value == "null" || e.value == "Null" || e.value == "NULL")) {
                n.kind = NodeKind::Null;
            }
            break;
        }
        case EventType::Null:
            n.kind = NodeKind::Null;
            n.complete = true;
            if (e.pos < bound && props.content < bound && props.content < limit_ && is_null_literal(props.content)) {
                n.range = {props.content, plain_end(props.content, in_flow, indent, bound)};
            } else if (e.pos < bound && props.end > e.pos) {
                n.range = {e.pos, props.end};
            } else {
                n.range = implicit_null_range(e.pos);
            }
            break;
        case EventType::Alias: {
            n.kind = NodeKind::Alias;
            n.complete = true;
            n.range = {e.pos, token_end(std::min(e.pos + 1, limit_))};
            const auto it = anchors_.find(e.anchor);
            if (it != anchors_.end() && tree_.nodes[it->second].complete) {
                n.target = it->second;  // an alias inside its own anchor stays unresolved
            }
            break;
        }
        case EventType::SeqStart:
        case EventType::MapStart:
            n.kind = e.type == EventType::SeqStart ? NodeKind::Seq : NodeKind::Map;
            n.flow = e.flow;
            n.range = {props.content, props.content};
            if (n.kind == NodeKind::Seq && !n.flow) {
                n.column = static_cast<int>(column_of(props.content));
            }
            break;
        default: return k_none;
        }
        const auto index = static_cast<std::uint32_t>(tree_.nodes.size());
        tree_.nodes.push_back(std::move(n));
        if (e.anchor != 0 && e.type != EventType::Alias) {
            anchors_[e.anchor] = index;
        }
        if (!stack_.empty()) {
            tree_.nodes[stack_.back().node].children.push_back(index);
        }
        const Node& made = tree_.nodes[index];
        if (made.kind == NodeKind::Seq || made.kind == NodeKind::Map) {
            const int child_indent = made.flow || in_flow ? indent : made.column;
            stack_.push_back(Frame{index, in_flow || made.flow, child_indent});
        }
        return index;
    }

    void close_collection()
    {
        if (stack_.empty()) {
            return;
        }
        Node& n = tree_.nodes[stack_.back().node];
        stack_.pop_back();
        std::uint32_t last = n.range.begin;
        for (const std::uint32_t child : n.children) {
            last = std::max(last, tree_.nodes[child].range.end);
        }
        if (n.flow) {
            const char closer = n.kind == NodeKind::Seq ? ']' : '}';
            std::uint32_t i = std::max(last, n.range.begin + 1);
            while (i < limit_) {
                i = skip_space_and_comments(i, limit_);
                if (i < limit_ && (text_[i] == ',' || text_[i] == ':')) {
                    ++i;
                    continue;
                }
                break;
            }
            const std::uint32_t give_up = std::min(limit_, i + 4096);
            while (i < give_up && text_[i] != closer) {
                ++i;
            }
            last = i < give_up ? i + 1 : std::max(last, n.range.begin + 1);
        }
        n.range.end = std::max(last, n.range.begin);
        n.complete = true;
    }

    std::string_view text_;
    const LineIndex& lines_;
    std::uint32_t limit_;
    Tree& tree_;
    std::vector<Frame> stack_;
    std::unordered_map<std::size_t, std::uint32_t> anchors_;
};

/// Comments: a `#` at the start of a line or after a blank, outside every scalar (quoted and
/// block scalars hold `#` as text).
void collect_comments(std::string_view text, const LineIndex& lines, Tree& tree)
{
    std::vector<ByteRange> scalars;
    for (const Node& n : tree.nodes) {
        if ((n.kind == NodeKind::Scalar || n.kind == NodeKind::Null) && !n.range.empty()) {
            scalars.push_back(n.range);
        }
    }
    std::sort(scalars.begin(), scalars.end(), [](ByteRange a, ByteRange b) { return a.begin < b.begin; });
    const auto inside = [&](std::uint32_t at) {
        auto it = std::upper_bound(scalars.begin(), scalars.end(), at,
                                   [](std::uint32_t v, ByteRange r) { return v < r.begin; });
        // Ranges may nest only by being equal; the one starting last before `at` decides, but an
        // earlier long one (a block scalar) may still cover it.
        for (int back = 0; it != scalars.begin() && back < 4; ++back) {
            --it;
            if (it->contains(at)) {
                return true;
            }
        }
        return false;
    };
    for (std::uint32_t line = 0; line < lines.line_count(); ++line) {
        const ByteRange content = lines.content(line);
        for (std::uint32_t i = content.begin; i < content.end; ++i) {
            if (text[i] != '#' || (i > content.begin && !is_blank(text[i - 1]))) {
                continue;
            }
            if (inside(i)) {
                continue;
            }
            bool own_line = true;
            for (std::uint32_t k = content.begin; k < i && own_line; ++k) {
                own_line = is_blank(text[k]) || (line == 0 && k < k_bom.size() && text.substr(0, 3) == k_bom);
            }
            tree.comments.push_back(Comment{{i, content.end}, own_line});
            break;
        }
    }
}

}  // namespace

// --- lookups -------------------------------------------------------------------------------------

const Node* Tree::resolve(const Node* n) const
{
    if (n == nullptr || n->kind != NodeKind::Alias) {
        return n;
    }
    return n->target == k_none ? nullptr : &nodes[n->target];
}

void Tree::collect(const Node* map, std::vector<Entry>& out, std::vector<std::string>& seen, int depth,
                   std::size_t& budget) const
{
    map = resolve(map);
    if (map == nullptr || map->kind != NodeKind::Map || depth > k_max_merge_depth) {
        return;
    }
    std::vector<const Node*> merges;
    for (std::size_t i = 0; i + 1 < map->children.size(); i += 2) {
        const Node* key = &nodes[map->children[i]];
        const Node* value = resolve(&nodes[map->children[i + 1]]);
        const auto name = scalar(resolve(key));
        if (name && *name == "<<" && resolve(key)->tag == "?") {
            merges.push_back(value);
            continue;
        }
        if (budget == 0) {
            return;
        }
        --budget;
        if (name && std::find(seen.begin(), seen.end(), *name) != seen.end()) {
            continue;  // an explicit key (or an earlier merge) wins
        }
        if (name) {
            seen.push_back(*name);
        }
        out.push_back(Entry{key, value});
    }
    for (const Node* m : merges) {
        if (m == nullptr) {
            continue;
        }
        if (m->kind == NodeKind::Seq) {
            for (const std::uint32_t child : m->children) {
                collect(&nodes[child], out, seen, depth + 1, budget);
            }
        } else {
            collect(m, out, seen, depth + 1, budget);
        }
    }
}

std::vector<Entry> Tree::entries(const Node* map) const
{
    std::vector<Entry> out;
    std::vector<std::string> seen;
    std::size_t budget = k_merge_budget;
    collect(map, out, seen, 0, budget);
    return out;
}

const Node* Tree::get(const Node* map, std::string_view key) const
{
    map = resolve(map);
    if (map == nullptr || map->kind != NodeKind::Map) {
        return nullptr;
    }
    // The explicit keys first (cheap), then the merged ones.
    for (std::size_t i = 0; i + 1 < map->children.size(); i += 2) {
        const Node* k = resolve(&nodes[map->children[i]]);
        if (k != nullptr && k->kind == NodeKind::Scalar && k->value == key) {
            return resolve(&nodes[map->children[i + 1]]);
        }
    }
    for (const Entry& e : entries(map)) {
        const Node* k = resolve(e.key);
        if (k != nullptr && k->kind == NodeKind::Scalar && k->value == key) {
            return e.value;
        }
    }
    return nullptr;
}

std::optional<std::string> Tree::scalar(const Node* n) const
{
    n = resolve(n);
    if (n == nullptr || n->kind != NodeKind::Scalar) {
        return std::nullopt;
    }
    return n->value;
}

// --- reading -------------------------------------------------------------------------------------

Tree parse(std::string_view text, const LineIndex& lines, std::size_t max_depth)
{
    Tree tree;
    const auto size = static_cast<std::uint32_t>(text.size());
    std::uint32_t limit = size;
    const std::size_t depth = std::min(max_depth, k_max_depth);
    const YamlScan scan = scan_yaml(text, depth);
    std::optional<std::uint32_t> unclosed = scan.unclosed_quote;
    if (const auto deep = scan.too_deep) {
        tree.too_deep = deep;
        limit = lines.content(lines.line_of(*deep)).begin;
        tree.error = Tree::Error{*deep, "The YAML nests deeper than " + std::to_string(depth) +
                                            " levels, so streamlint does not read it past this point"};
        // What yaml-cpp is handed ends there: a quote that closes only after it is open in it.
        unclosed = yaml_unclosed_quote(text.substr(0, limit));
    }
    if (const auto open = unclosed) {
        limit = lines.content(lines.line_of(*open)).begin;
        tree.error = Tree::Error{*open, "The quoted value opened here is never closed (the file ends inside the "
                                        "quotes), so this is not valid YAML; add the closing quote"};
    }
    // yaml-cpp 0.7 never gets past some bytes that are not UTF-8: it reports one document after
    // another, without end (found by fuzzing; a 3 KB compose file took gigabytes). It is not handed
    // anything from the first such byte on, and it reads no more documents than the text can hold.
    for (std::uint32_t i = 0; i < limit;) {
        const std::size_t len = utf8_sequence_length(text, i);
        if (len == 0) {
            if (!tree.error || tree.error->offset > i) {
                tree.error = Tree::Error{i, "The file is not valid UTF-8 here, so streamlint does not read it past this point"};
            }
            limit = i;
            break;
        }
        i += static_cast<std::uint32_t>(len);
    }
    std::size_t most_documents = 1;
    for_each_line(text.substr(0, limit), [&](ByteRange line, ByteRange) {
        const std::string_view l = text.substr(line.begin, line.size());
        most_documents += l.starts_with("---") || l.starts_with("...") ? 1 : 0;
    });
    yaml_events::Result read = yaml_events::read(text, limit, most_documents);
    if (read.error && !tree.error) {
        const yaml_events::Error& e = *read.error;
        tree.error = e.yaml ? Tree::Error{e.offset, "The YAML is invalid here: " + sentence(e.message)}
                            : Tree::Error{0, e.message.empty() ? "The YAML could not be read"
                                                               : "The YAML could not be read: " + sentence(e.message)};
    }
    const std::vector<yaml_events::Event>& events = read.events;
    Builder(text, lines, limit, tree).build(events);
    collect_comments(text, lines, tree);
    return tree;
}

// --- scalars -------------------------------------------------------------------------------------

ByteRange Decoded::range(std::size_t b, std::size_t e) const
{
    if (b >= e) {
        const std::uint32_t at = b < from.size() ? from[b] : end;
        return {at, at};
    }
    b = std::min(b, from.size() - 1);
    e = std::min(e, to.size());
    return {from[b], to[e - 1]};
}

namespace {

/// Decodes scalars the way YAML 1.2 does, recording where each byte comes from.
class ScalarDecoder {
public:
    ScalarDecoder(std::string_view text, const LineIndex& lines, const Node& node)
        : text_(text), lines_(lines), node_(node)
    {
    }

    Decoded run()
    {
        const ByteRange r = node_.range;
        out_.end = r.end;
        switch (node_.style) {
        case ScalarStyle::Plain: flow_scalar(r.begin, r.end, 0); break;
        case ScalarStyle::SingleQuoted:
            out_.end = r.size() >= 2 ? r.end - 1 : r.end;
            flow_scalar(r.begin + 1, out_.end, '\'');
            break;
        case ScalarStyle::DoubleQuoted:
            out_.end = r.size() >= 2 ? r.end - 1 : r.end;
            flow_scalar(r.begin + 1, out_.end, '"');
            break;
        case ScalarStyle::Literal:
        case ScalarStyle::Folded: block_scalar(); break;
        }
        if (out_.text != node_.value) {
            // Not what yaml-cpp read: keep yaml-cpp's text, with no position inside it.
            out_.text = node_.value;
            out_.from.assign(out_.text.size(), r.begin);
            out_.to.assign(out_.text.size(), r.begin);
            out_.exact = false;
        }
        return std::move(out_);
    }

private:
    void put(char c, std::uint32_t from, std::uint32_t to)
    {
        out_.text += c;
        out_.from.push_back(from);
        out_.to.push_back(to);
    }

    void put_utf8(std::uint32_t cp, std::uint32_t from, std::uint32_t to)
    {
        std::string s;
        streamlint::append_utf8(s, cp);
        for (const char c : s) {
            put(c, from, to);
        }
    }

    /// Plain and quoted scalars: line folding (a break between two lines is a space, n blank lines
    /// are n newlines; blanks around breaks go), quotes' escapes.
    void flow_scalar(std::uint32_t b, std::uint32_t e, char quote)
    {
        std::uint32_t i = b;
        while (i < e) {
            const char c = text_[i];
            if (is_break(c)) {
                // Trailing blanks of the line are dropped (already written: take them back).
                while (!out_.text.empty() && is_blank(out_.text.back()) && !out_.from.empty() &&
                       out_.from.back() >= line_start(i) && !escaped_tail_) {
                    out_.text.pop_back();
                    out_.from.pop_back();
                    out_.to.pop_back();
                }
                const std::uint32_t brk = i;
                std::size_t breaks = 0;
                while (i < e && is_space(text_[i])) {
                    if (text_[i] == '\r' && i + 1 < e && text_[i + 1] == '\n') {
                        ++i;
                    }
                    if (is_break(text_[i])) {
                        ++breaks;
                    }
                    ++i;
                }
                if (breaks == 1) {
                    put(' ', brk, brk + 1);
                } else {
                    for (std::size_t k = 1; k < breaks; ++k) {
                        put('\n', brk, brk + 1);
                    }
                }
                escaped_tail_ = false;
                continue;
            }
            escaped_tail_ = false;
            if (quote == '\'' && c == '\'' && i + 1 < e && text_[i + 1] == '\'') {
                put('\'', i, i + 2);
                i += 2;
                continue;
            }
            if (quote == '"' && c == '\\' && i + 1 < e) {
                i = escape(i, e);
                continue;
            }
            put(c, i, i + 1);
            ++i;
        }
        if (quote == 0) {
            while (!out_.text.empty() && is_blank(out_.text.back())) {
                out_.text.pop_back();
                out_.from.pop_back();
                out_.to.pop_back();
            }
        }
    }

    [[nodiscard]] std::uint32_t line_start(std::uint32_t at) const { return lines_.content(lines_.line_of(at)).begin; }

    /// A double-quoted escape at `i`; returns where the text goes on.
    std::uint32_t escape(std::uint32_t i, std::uint32_t e)
    {
        const char n = text_[i + 1];
        const auto simple = [&](char c) {
            put(c, i, i + 2);
            escaped_tail_ = c == ' ' || c == '\t';
            return i + 2;
        };
        switch (n) {
        case '0': return simple('\0');
        case 'a': return simple('\a');
        case 'b': return simple('\b');
        case 't':
        case '\t': return simple('\t');
        case 'n': return simple('\n');
        case 'v': return simple('\v');
        case 'f': return simple('\f');
        case 'r': return simple('\r');
        case 'e': return simple('\x1b');
        case ' ': return simple(' ');
        case '"': return simple('"');
        case '/': return simple('/');
        case '\\': return simple('\\');
        case 'N': put_utf8(0x85, i, i + 2); return i + 2;
        case '_': put_utf8(0xA0, i, i + 2); return i + 2;
        case 'L': put_utf8(0x2028, i, i + 2); return i + 2;
        case 'P': put_utf8(0x2029, i, i + 2); return i + 2;
        case 'x':
        case 'u':
        case 'U': {
            const std::uint32_t digits = n == 'x' ? 2 : n == 'u' ? 4 : 8;
            std::uint32_t cp = 0;
            std::uint32_t k = i + 2;
            for (; k < i + 2 + digits && k < e; ++k) {
                const char d = text_[k];
                const int v = d >= '0' && d <= '9'   ? d - '0'
                              : d >= 'a' && d <= 'f' ? d - 'a' + 10
                              : d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                     : -1;
                if (v < 0) {
                    break;
                }
                cp = cp * 16 + static_cast<std::uint32_t>(v);
            }
            put_utf8(cp, i, k);
            return k;
        }
        case '\r':
        case '\n': {
            // An escaped line break: the lines join with nothing between them.
            std::uint32_t k = i + 1;
            if (text_[k] == '\r' && k + 1 < e && text_[k + 1] == '\n') {
                ++k;
            }
            ++k;
            while (k < e && is_blank(text_[k])) {
                ++k;
            }
            return k;
        }
        default: put(n, i, i + 2); return i + 2;
        }
    }

    /// Literal (`|`) and folded (`>`) block scalars with their chomping indicator.
    void block_scalar()
    {
        const ByteRange r = node_.range;
        std::uint32_t h = r.begin + 1;
        char chomp = 0;
        int explicit_indent = 0;
        while (h < r.end && !is_space(text_[h])) {
            if (text_[h] == '+' || text_[h] == '-') {
                chomp = text_[h];
            } else if (text_[h] >= '1' && text_[h] <= '9') {
                explicit_indent = text_[h] - '0';
            }
            ++h;
        }
        const std::uint32_t first_line = lines_.line_of(r.begin) + 1;
        // The parent's indentation: the column where the line holding the header starts its content,
        // or the sequence dash / key owning it; explicit indentation counts from the parent node.
        int content_indent = -1;
        if (explicit_indent > 0) {
            content_indent = parent_indent() + explicit_indent;
        }
        std::vector<std::pair<std::uint32_t, std::uint32_t>> body;  // content ranges of the lines
        std::uint32_t last_content_line = first_line;
        bool any = false;
        for (std::uint32_t line = first_line; line < lines_.line_count(); ++line) {
            const ByteRange content = lines_.content(line);
            if (content.begin >= r.end && any) {
                break;
            }
            if (content.begin > r.end) {
                break;
            }
            std::uint32_t p = content.begin;
            while (p < content.end && text_[p] == ' ') {
                ++p;
            }
            const bool blank = std::all_of(text_.begin() + p, text_.begin() + content.end, is_blank);
            if (!blank && content_indent < 0) {
                content_indent = static_cast<int>(p - content.begin);
            }
            body.emplace_back(content.begin, content.end);
            if (!blank) {
                last_content_line = line;
                any = true;
            }
        }
        if (!any) {
            // Only blank lines (or none): the value is empty, or newlines with `+`.
            if (chomp == '+') {
                for (std::size_t k = 0; k < body.size(); ++k) {
                    put('\n', body[k].second, body[k].second + 1);
                }
            }
            return;
        }
        const std::size_t used = last_content_line - first_line + 1;
        const bool folded = node_.style == ScalarStyle::Folded;
        bool previous_more_indented = false;
        bool previous_blank = false;
        bool started = false;
        std::size_t pending_breaks = 0;
        std::uint32_t pending_at = 0;
        for (std::size_t k = 0; k < used; ++k) {
            const auto [b, e] = body[k];
            const std::uint32_t from = std::min(e, b + static_cast<std::uint32_t>(std::max(content_indent, 0)));
            const bool blank = std::all_of(text_.begin() + b, text_.begin() + e, is_blank);
            if (blank) {
                // Spaces beyond the indentation of a blank line are content in a literal scalar.
                ++pending_breaks;
                pending_at = e;
                previous_blank = true;
                if (!folded && e > from) {
                    flush_breaks(pending_breaks, pending_at, started, folded, previous_more_indented, false, true);
                    for (std::uint32_t i = from; i < e; ++i) {
                        put(text_[i], i, i + 1);
                    }
                }
                continue;
            }
            const bool more_indented = folded && from < e && is_blank(text_[from]);
            if (started) {
                ++pending_breaks;  // the break ending the previous content line
            }
            flush_breaks(pending_breaks, pending_at, started, folded, previous_more_indented || more_indented,
                         previous_blank, false);
            for (std::uint32_t i = from; i < e; ++i) {
                put(text_[i], i, i + 1);
            }
            started = true;
            previous_more_indented = more_indented;
            previous_blank = false;
            pending_at = e;
        }
        // The final break(s): chomping.
        const std::uint32_t last_end = body[used - 1].second;
        if (chomp == '-') {
            return;
        }
        put('\n', last_end, last_end + 1);
        if (chomp == '+') {
            for (std::size_t k = used; k < body.size(); ++k) {
                put('\n', body[k].second, body[k].second + 1);
            }
        }
    }

    void flush_breaks(std::size_t& breaks, std::uint32_t at, bool started, bool folded, bool keep_breaks,
                      bool /*after_blank*/, bool /*blank_line*/)
    {
        if (breaks == 0) {
            return;
        }
        if (!started) {
            // Leading blank lines are kept as newlines.
            for (std::size_t k = 0; k < breaks; ++k) {
                put('\n', at, at + 1);
            }
        } else if (!folded || keep_breaks) {
            for (std::size_t k = 0; k < breaks; ++k) {
                put('\n', at, at + 1);
            }
        } else if (breaks == 1) {
            put(' ', at, at + 1);
        } else {
            for (std::size_t k = 1; k < breaks; ++k) {
                put('\n', at, at + 1);
            }
        }
        breaks = 0;
    }

    /// The indentation of the node that owns a block scalar: the column of the first non-blank on
    /// the header's line when that line starts the owner ("key: |", "- |").
    [[nodiscard]] int parent_indent() const
    {
        const ByteRange content = lines_.content(lines_.line_of(node_.range.begin));
        std::uint32_t p = content.begin;
        while (p < content.end && text_[p] == ' ') {
            ++p;
        }
        return static_cast<int>(p - content.begin);
    }

    std::string_view text_;
    const LineIndex& lines_;
    const Node& node_;
    Decoded out_;
    bool escaped_tail_ = false;
};

}  // namespace

Decoded decode(std::string_view text, const LineIndex& lines, const Node& scalar)
{
    if (scalar.kind != NodeKind::Scalar) {
        Decoded d;
        d.end = scalar.range.begin;
        return d;
    }
    return ScalarDecoder(text, lines, scalar).run();
}

}  // namespace streamlint::yaml_tree
