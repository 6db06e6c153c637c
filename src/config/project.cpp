#include "../parse/yaml_tree.hpp"

#include <streamlint/project.hpp>
#include <streamlint/source.hpp>
#include <streamlint/text.hpp>
#include <streamlint/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace streamlint {

namespace fs = std::filesystem;

/// Project files nest three levels; deeper ones are refused before they are read as YAML.
constexpr std::size_t k_max_yaml_depth = 64;
/// A project file is a few hundred bytes; anything near this is not one.
constexpr std::uintmax_t k_max_project_file_size = 1024 * 1024;

const Targets& default_targets()
{
    static const Targets targets{"4.0", "2.0", "9.0", 25};
    return targets;
}

namespace {

int parse_jdk(std::string_view text)
{
    std::string t(trim(text));
    if (t.starts_with("1.")) {  // "1.8" is JDK 8
        t = t.substr(2);
    }
    if (t.empty() || t.size() > 3 || t.find_first_not_of("0123456789") != std::string::npos) {
        throw UsageError(fmt::format("invalid JDK version `{}`: expected a feature version such as 17", text));
    }
    const int v = std::stoi(t);
    if (v < 6 || v > 99) {
        throw UsageError(fmt::format("invalid JDK version `{}`: expected a feature version such as 17", text));
    }
    return v;
}

void check_version(std::string_view product, std::string_view text)
{
    // "3.9", "4.0.1", "8.13", "1.20", "9"
    const std::string t(trim(text));
    bool ok = !t.empty() && std::isdigit(static_cast<unsigned char>(t.front())) &&
              t.find_first_not_of("0123456789.") == std::string::npos && t.back() != '.' &&
              t.find("..") == std::string::npos;
    if (!ok) {
        throw UsageError(fmt::format("invalid {} version `{}`: expected a version such as 3.9", product, text));
    }
}

}  // namespace

Targets parse_target_option(std::string_view text, Targets base)
{
    for (const auto& item : split(text, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            throw UsageError(fmt::format("--target: `{}` is not PRODUCT=VERSION (kafka, flink, elasticsearch, jdk)", item));
        }
        const std::string product = to_lower(trim(std::string_view(item).substr(0, eq)));
        const std::string version(trim(std::string_view(item).substr(eq + 1)));
        if (product == "kafka") {
            check_version(product, version);
            base.kafka = version;
        } else if (product == "flink") {
            check_version(product, version);
            base.flink = version;
        } else if (product == "elasticsearch" || product == "es") {
            check_version(product, version);
            base.elasticsearch = version;
        } else if (product == "jdk" || product == "java") {
            base.jdk = parse_jdk(version);
        } else {
            const auto hint = did_you_mean(product, {"kafka", "flink", "elasticsearch", "jdk"});
            throw UsageError(fmt::format("--target: unknown product `{}`{}", product,
                                         hint ? fmt::format(" (did you mean `{}`?)", *hint) : ""));
        }
    }
    return base;
}

std::optional<FailOn> parse_fail_on(std::string_view text)
{
    const std::string t = to_lower(trim(text));
    if (t == "never") {
        return FailOn{std::nullopt};
    }
    if (auto s = parse_severity(t)) {
        return FailOn{*s};
    }
    return std::nullopt;
}

Targets ProjectConfig::targets(const Targets& fallback) const
{
    Targets t = fallback;
    if (target_kafka) {
        t.kafka = *target_kafka;
    }
    if (target_flink) {
        t.flink = *target_flink;
    }
    if (target_elasticsearch) {
        t.elasticsearch = *target_elasticsearch;
    }
    if (target_jdk) {
        t.jdk = *target_jdk;
    }
    return t;
}

const std::vector<std::string>& deployment_roles()
{
    static const std::vector<std::string> roles{"kafka-broker", "kafka-controller", "flink-jobmanager",
                                                "flink-taskmanager", "elasticsearch"};
    return roles;
}

namespace {

/// A node of a project file's YAML tree, or no node (a key that is not there), with the questions
/// the reader asks of it.
class YamlNode {
public:
    YamlNode() = default;
    YamlNode(const yaml_tree::Tree& tree, const yaml_tree::Node* node) : m_tree(&tree), m_node(tree.resolve(node)) {}

    explicit operator bool() const { return m_node != nullptr; }
    [[nodiscard]] bool IsNull() const { return m_node == nullptr || m_node->kind == yaml_tree::NodeKind::Null; }
    [[nodiscard]] bool IsScalar() const { return m_node != nullptr && m_node->is_scalar(); }
    [[nodiscard]] bool IsSequence() const { return m_node != nullptr && m_node->is_seq(); }
    [[nodiscard]] bool IsMap() const { return m_node != nullptr && m_node->is_map(); }
    /// A scalar's text ("" for anything else).
    [[nodiscard]] std::string Scalar() const { return IsScalar() ? m_node->value : std::string(); }
    /// The same, borrowed from the tree.
    [[nodiscard]] std::string_view ScalarView() const
    {
        return IsScalar() ? std::string_view(m_node->value) : std::string_view();
    }
    /// Where the node starts.
    [[nodiscard]] std::uint32_t offset() const { return m_node != nullptr ? m_node->start : 0; }

    /// A mapping's value for `key` (the first, when the key is given twice).
    [[nodiscard]] YamlNode operator[](std::string_view key) const
    {
        if (!IsMap()) {
            return {};
        }
        const auto& c = m_node->children;
        for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
            if (const YamlNode k = child(c[i]); k.IsScalar() && k.m_node->value == key) {
                return child(c[i + 1]);
            }
        }
        return {};
    }
    /// A mapping's keys and values as written, twice-given keys and `<<` included.
    [[nodiscard]] std::vector<std::pair<YamlNode, YamlNode>> entries() const
    {
        std::vector<std::pair<YamlNode, YamlNode>> out;
        if (IsMap()) {
            const auto& c = m_node->children;
            for (std::size_t i = 0; i + 1 < c.size(); i += 2) {
                out.emplace_back(child(c[i]), child(c[i + 1]));
            }
        }
        return out;
    }
    /// A sequence's items.
    [[nodiscard]] std::vector<YamlNode> items() const
    {
        std::vector<YamlNode> out;
        if (IsSequence()) {
            for (const std::uint32_t i : m_node->children) {
                out.push_back(child(i));
            }
        }
        return out;
    }

private:
    [[nodiscard]] YamlNode child(std::uint32_t index) const { return {*m_tree, m_tree->node(index)}; }

    const yaml_tree::Tree* m_tree = nullptr;
    const yaml_tree::Node* m_node = nullptr;
};

/// Reads one project file; every error names the file and line.
class Reader {
public:
    Reader(std::string path, std::string_view text) : m_path(std::move(path)), m_text(text), m_lines(text) {}

    [[noreturn]] void fail(const YamlNode& node, const std::string& what) const
    {
        fail_at(node.offset(), what);
    }
    [[noreturn]] void fail_at(std::uint32_t offset, const std::string& what) const
    {
        throw UsageError(fmt::format("{}:{}: {}", m_path, m_lines.line_of(offset) + 1, what));
    }

    void check_keys(const YamlNode& map, const std::string& where, const std::vector<std::string>& known) const
    {
        if (!map.IsMap()) {
            fail(map, fmt::format("`{}` must be a mapping", where));
        }
        std::vector<std::string_view> seen;  // a handful of keys: no set of copies
        const auto entries = map.entries();
        seen.reserve(entries.size());
        for (const auto& kv : entries) {
            const std::string_view key = kv.first.ScalarView();
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                const auto hint = did_you_mean(key, known);
                fail(kv.first, fmt::format("unknown key `{}`{}{}", key, where.empty() ? "" : " in `" + where + "`",
                                           hint ? fmt::format(" (did you mean `{}`?)", *hint)
                                                : fmt::format(" (expected one of: {})", fmt::join(known, ", "))));
            }
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
                fail(kv.first, fmt::format("`{}` is given twice", key));
            }
            seen.push_back(key);
        }
    }

    std::string scalar(const YamlNode& node, const std::string& what) const
    {
        if (!node.IsScalar()) {
            fail(node, fmt::format("`{}` must be a single value", what));
        }
        return node.Scalar();
    }

    std::vector<std::string> string_list(const YamlNode& node, const std::string& what) const
    {
        std::vector<std::string> out;
        if (node.IsScalar()) {
            return split(node.Scalar(), ',');
        }
        if (!node.IsSequence()) {
            fail(node, fmt::format("`{}` must be a list or a comma-separated string", what));
        }
        for (const auto& item : node.items()) {
            for (auto& part : split(scalar(item, what), ',')) {
                out.push_back(std::move(part));
            }
        }
        return out;
    }

    std::int64_t integer(const YamlNode& node, const std::string& what) const
    {
        const std::string s = scalar(node, what);
        try {
            std::size_t used = 0;
            const long long v = std::stoll(s, &used);
            if (used == s.size() && v >= 0) {
                return v;
            }
        } catch (const std::exception&) {
        }
        fail(node, fmt::format("`{}` must be a non-negative whole number, not `{}`", what, s));
    }

    std::uint64_t size(const YamlNode& node, const std::string& what) const
    {
        const std::string s = scalar(node, what);
        if (auto v = parse_size(s)) {
            return *v;
        }
        fail(node, fmt::format("`{}` must be a size such as 16g or 512m (k/m/g/t are powers of 1024), not `{}`",
                               what, s));
    }

    std::uint64_t duration(const YamlNode& node, const std::string& what) const
    {
        const std::string s = scalar(node, what);
        if (auto v = parse_duration_ms(s)) {
            return *v;
        }
        fail(node, fmt::format("`{}` must be a duration such as 500ms, 1s, 5min or 168h, not `{}`", what, s));
    }

    HostSpec host(const YamlNode& node, const std::string& role) const
    {
        check_keys(node, "deployment." + role, {"count", "cores", "memory", "disk"});
        HostSpec h;
        if (node["count"]) {
            h.count = integer(node["count"], "deployment." + role + ".count");
        }
        if (node["cores"]) {
            h.cores = integer(node["cores"], "deployment." + role + ".cores");
        }
        if (node["memory"]) {
            h.memory = size(node["memory"], "deployment." + role + ".memory");
        }
        if (const auto disk = node["disk"]) {
            check_keys(disk, "deployment." + role + ".disk", {"type", "size"});
            if (disk["type"]) {
                const std::string type = to_lower(scalar(disk["type"], "disk.type"));
                static const std::vector<std::string> types{"ssd", "nvme", "hdd", "network"};
                if (std::find(types.begin(), types.end(), type) == types.end()) {
                    const auto hint = did_you_mean(type, types);
                    fail(disk["type"], fmt::format("unknown disk type `{}`{}", type,
                                                   hint ? fmt::format(" (did you mean `{}`?)", *hint)
                                                        : " (expected ssd, nvme, hdd or network)"));
                }
                h.disk_type = type;
            }
            if (disk["size"]) {
                h.disk_size = size(disk["size"], "deployment." + role + ".disk.size");
            }
        }
        return h;
    }

    ProjectConfig read()
    {
        // The tree is read without recursion, but nothing that nests this deep is a project file (the
        // tree's own scan of the text finds it).
        const yaml_tree::Tree tree = yaml_tree::parse(m_text, m_lines, k_max_yaml_depth);
        if (const auto at = tree.too_deep) {
            fail_at(*at, fmt::format("the YAML nests deeper than {} levels", k_max_yaml_depth));
        }
        if (tree.error) {
            constexpr std::string_view invalid = "The YAML is invalid here: ";
            const std::string& m = tree.error->message;
            fail_at(tree.error->offset, m.starts_with(invalid) ? "invalid YAML: " + m.substr(invalid.size()) : m);
        }
        const YamlNode root = tree.documents.empty() ? YamlNode() : YamlNode(tree, tree.node(tree.documents.front()));
        ProjectConfig cfg;
        cfg.path = m_path;
        cfg.dir = fs::path(m_path).parent_path().string();
        if (root.IsNull()) {
            return cfg;
        }
        check_keys(root, "",
                   {"targets", "select", "ignore", "severity", "per-file-ignores", "rules", "baseline", "fail-on",
                    "deployment", "workload", "max-file-size"});
        if (const auto t = root["targets"]) {
            check_keys(t, "targets", {"kafka", "flink", "elasticsearch", "jdk"});
            try {
                if (t["kafka"]) {
                    cfg.target_kafka = parse_target_option("kafka=" + scalar(t["kafka"], "targets.kafka"), {}).kafka;
                }
                if (t["flink"]) {
                    cfg.target_flink = parse_target_option("flink=" + scalar(t["flink"], "targets.flink"), {}).flink;
                }
                if (t["elasticsearch"]) {
                    cfg.target_elasticsearch =
                        parse_target_option("elasticsearch=" + scalar(t["elasticsearch"], "targets.elasticsearch"), {})
                            .elasticsearch;
                }
                if (t["jdk"]) {
                    cfg.target_jdk = parse_target_option("jdk=" + scalar(t["jdk"], "targets.jdk"), {}).jdk;
                }
            } catch (const UsageError& e) {
                fail(t, e.what());
            }
        }
        if (root["select"]) {
            cfg.select = string_list(root["select"], "select");
        }
        if (root["ignore"]) {
            cfg.ignore = string_list(root["ignore"], "ignore");
        }
        if (const auto sev = root["severity"]) {
            if (!sev.IsMap()) {
                fail(sev, "`severity` must map rule ids to error, warning or info");
            }
            for (const auto& kv : sev.entries()) {
                const std::string rule = kv.first.Scalar();
                const std::string level = scalar(kv.second, "severity." + rule);
                const auto s = parse_severity(to_lower(level));
                if (!s) {
                    fail(kv.second, fmt::format("severity `{}` for `{}` must be error, warning or info", level, rule));
                }
                cfg.severity[rule] = *s;
            }
        }
        if (const auto pfi = root["per-file-ignores"]) {
            if (!pfi.IsMap()) {
                fail(pfi, "`per-file-ignores` must map path globs to rule ids");
            }
            for (const auto& kv : pfi.entries()) {
                const std::string glob = kv.first.Scalar();
                cfg.per_file_ignores.push_back({glob, string_list(kv.second, "per-file-ignores." + glob)});
            }
        }
        if (root["rules"]) {
            cfg.rules = string_list(root["rules"], "rules");
        }
        if (root["baseline"]) {
            cfg.baseline = scalar(root["baseline"], "baseline");
        }
        if (const auto m = root["max-file-size"]) {
            cfg.max_file_size = size(m, "max-file-size");
            if (*cfg.max_file_size == 0) {
                fail(m, "`max-file-size` must be more than 0");
            }
        }
        if (const auto f = root["fail-on"]) {
            const std::string v = scalar(f, "fail-on");
            cfg.fail_on = parse_fail_on(v);
            if (!cfg.fail_on) {
                fail(f, fmt::format("`fail-on` must be error, warning, info or never, not `{}`", v));
            }
        }
        if (const auto d = root["deployment"]) {
            check_keys(d, "deployment", deployment_roles());
            for (const auto& kv : d.entries()) {
                const std::string role = kv.first.Scalar();
                cfg.deployment[role] = host(kv.second, role);
            }
        }
        if (const auto w = root["workload"]) {
            check_keys(w, "workload", {"events-per-second", "bytes-per-second", "latency-p95", "retention"});
            if (w["events-per-second"]) {
                const std::string s = scalar(w["events-per-second"], "workload.events-per-second");
                try {
                    std::size_t used = 0;
                    const double v = std::stod(s, &used);
                    if (used != s.size() || v < 0) {
                        throw std::invalid_argument(s);
                    }
                    cfg.workload.events_per_second = v;
                } catch (const std::exception&) {
                    fail(w["events-per-second"],
                         fmt::format("`workload.events-per-second` must be a number, not `{}`", s));
                }
            }
            if (w["bytes-per-second"]) {
                cfg.workload.bytes_per_second = size(w["bytes-per-second"], "workload.bytes-per-second");
            }
            if (w["latency-p95"]) {
                cfg.workload.latency_p95_ms = duration(w["latency-p95"], "workload.latency-p95");
            }
            if (w["retention"]) {
                cfg.workload.retention_ms = duration(w["retention"], "workload.retention");
            }
        }
        return cfg;
    }

private:
    std::string m_path;
    std::string_view m_text;
    LineIndex m_lines;
};

}  // namespace

ProjectConfig load_project_file(const std::string& path)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw UsageError(fmt::format("{}: the project file does not exist or is not a regular file", path));
    }
    const auto bytes = fs::file_size(path, ec);
    if (!ec && bytes > k_max_project_file_size) {
        throw UsageError(fmt::format("{}: the project file is larger than {} KiB", path, k_max_project_file_size / 1024));
    }
    std::ifstream in(path, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) {
        throw UsageError(fmt::format("{}: cannot read the project file", path));
    }
    return load_project_text(text, path);
}

ProjectConfig load_project_text(std::string_view text, const std::string& path)
{
    return Reader(path, text).read();
}

std::string find_project_file(const std::string& dir)
{
    std::error_code ec;
    fs::path p = fs::absolute(dir.empty() ? "." : dir, ec);
    if (ec) {
        return {};
    }
    p = p.lexically_normal();
    while (true) {
        const fs::path candidate = p / ".streamlint.yaml";
        if (fs::is_regular_file(candidate, ec)) {
            return fs::proximate(candidate, ec).string();
        }
        if (!p.has_parent_path() || p.parent_path() == p) {
            return {};
        }
        p = p.parent_path();
    }
}

}  // namespace streamlint
