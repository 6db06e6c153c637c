// Flink's process memory model: TaskManager (TaskExecutorFlinkMemoryUtils) and JobManager
// (JobManagerFlinkMemoryUtils) on top of ProcessMemoryUtils, step by step as Flink runs them, with the
// same checks in the same order and Flink's own messages. Written from
// ../shared/reference/flink/memory-model.md (stable since Flink 1.10 for the TM, 1.11 for the JM).
#include <streamlint/memory_model.hpp>
#include <streamlint/values.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace streamlint::flink_memory {

std::string_view to_string(Process p)
{
    return p == Process::TaskManager ? "taskmanager" : "jobmanager";
}

std::string_view to_string(Path p)
{
    switch (p) {
    case Path::FineGrained: return "fine-grained";
    case Path::TotalFlink: return "total-flink";
    case Path::TotalProcess: return "total-process";
    case Path::None: break;
    }
    return "none";
}

std::string_view to_string(Status s)
{
    switch (s) {
    case Status::NotConfigured: return "not-configured";
    case Status::Insufficient: return "insufficient";
    case Status::Unreadable: return "unreadable";
    case Status::Refused: return "refused";
    case Status::Accepted: return "accepted";
    }
    return "refused";
}

std::string human(std::int64_t bytes)
{
    if (bytes == k_max_bytes) {
        return "infinite";
    }
    if (bytes == 0) {
        return "0";
    }
    // Whole numbers with std::to_string: the derivations' texts call this thousands of times a run, and
    // fmt parsed its format string each time.
    if (bytes % k_mib == 0) {
        return std::to_string(bytes / k_mib) + 'm';
    }
    if (bytes >= k_mib || bytes <= -k_mib) {
        // A few bytes off a round size (Flink's float fractions) read as the round size; the bytes are in
        // the details.
        const double mib = static_cast<double>(bytes) / static_cast<double>(k_mib);
        if (std::fabs(mib - std::round(mib)) < 0.05) {
            return std::to_string(static_cast<long long>(std::round(mib))) + 'm';
        }
        return fmt::format("{:.1f}m", mib);
    }
    if (bytes % 1024 == 0) {
        return std::to_string(bytes / 1024) + 'k';
    }
    return fmt::format("{} bytes", bytes);
}

namespace {
__extension__ typedef unsigned __int128 u128;  // NOLINT: exact products of bytes and 17 decimal digits
}  // namespace

std::int64_t multiply(std::int64_t bytes, double multiplier)
{
    if (bytes <= 0 || !(multiplier > 0) || !std::isfinite(multiplier)) {
        return 0;
    }
    // BigDecimal.valueOf(double) is the decimal of Double.toString: the shortest digits that read
    // back as the same double, which std::to_chars also gives.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, multiplier, std::chars_format::scientific);
    const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
    const std::size_t e = text.find('e');
    std::string digits;
    int point = 0;  // digits after the decimal point of the mantissa
    bool seen_point = false;
    for (char c : text.substr(0, e)) {
        if (c == '.') {
            seen_point = true;
        } else {
            digits.push_back(c);
            point += seen_point ? 1 : 0;
        }
    }
    int exponent = std::atoi(std::string(text.substr(e + 1)).c_str()) - point;  // value = digits * 10^exponent
    u128 product = static_cast<u128>(bytes) * std::stoull(digits);
    for (; exponent > 0; --exponent) {
        product *= 10;
        if (product > static_cast<u128>(k_max_bytes)) {
            return k_max_bytes;  // Flink throws "long overflow"; no real config gets here
        }
    }
    for (; exponent < 0; ++exponent) {
        product /= 10;  // truncating, as BigDecimal.longValue
    }
    return product > static_cast<u128>(k_max_bytes) ? k_max_bytes : static_cast<std::int64_t>(product);
}

std::optional<double> parse_fraction(std::string_view text)
{
    const auto parsed = parse_value(ValueType::Double, Dialect::Flink, text);
    if (!parsed) {
        return std::nullopt;
    }
    // A Float option: the text becomes a float, which Flink widens to a double for the arithmetic.
    return static_cast<double>(static_cast<float>(parsed->number));
}

const std::vector<std::string>& memory_keys(Process process)
{
    static const std::vector<std::string> tm{
        "taskmanager.memory.process.size",         "taskmanager.memory.flink.size",
        "taskmanager.memory.framework.heap.size",  "taskmanager.memory.task.heap.size",
        "taskmanager.memory.framework.off-heap.size", "taskmanager.memory.task.off-heap.size",
        "taskmanager.memory.managed.size",         "taskmanager.memory.size",
        "taskmanager.memory.managed.fraction",     "taskmanager.memory.network.min",
        "taskmanager.memory.network.max",          "taskmanager.memory.network.fraction",
        "taskmanager.network.memory.min",          "taskmanager.network.memory.max",
        "taskmanager.network.memory.fraction",     "taskmanager.network.numberOfBuffers",
        "taskmanager.memory.jvm-metaspace.size",   "taskmanager.memory.jvm-overhead.min",
        "taskmanager.memory.jvm-overhead.max",     "taskmanager.memory.jvm-overhead.fraction",
        "taskmanager.heap.size",                   "taskmanager.heap.mb"};
    static const std::vector<std::string> jm{
        "jobmanager.memory.process.size",        "jobmanager.memory.flink.size",
        "jobmanager.memory.heap.size",           "jobmanager.memory.off-heap.size",
        "jobmanager.memory.jvm-metaspace.size",  "jobmanager.memory.jvm-overhead.min",
        "jobmanager.memory.jvm-overhead.max",    "jobmanager.memory.jvm-overhead.fraction",
        "jobmanager.heap.size",                  "jobmanager.heap.mb"};
    return process == Process::TaskManager ? tm : jm;
}

std::optional<std::int64_t> Result::bytes(std::string_view component) const
{
    for (const auto& c : components) {
        if (c.name == component) {
            return c.bytes;
        }
    }
    return std::nullopt;
}

nlohmann::json Result::to_json() const
{
    nlohmann::json j;
    j["process"] = std::string(to_string(process));
    j["status"] = std::string(to_string(status));
    j["path"] = std::string(to_string(path));
    if (!key.empty()) {
        j["key"] = key;
    }
    if (!flink_message.empty()) {
        j["flink_message"] = flink_message;
    }
    if (!arithmetic.empty()) {
        j["arithmetic"] = arithmetic;
    }
    nlohmann::json comps = nlohmann::json::array();
    for (const auto& c : components) {
        nlohmann::json cj{{"name", c.name},
                          {"bytes", c.bytes},
                          {"size", human(c.bytes)},
                          {"mib", std::round(static_cast<double>(c.bytes) / static_cast<double>(k_mib) * 1000.0) / 1000.0},
                          {"source", c.source}};
        if (!c.key.empty()) {
            cj["key"] = c.key;
        }
        comps.push_back(std::move(cj));
    }
    j["components"] = std::move(comps);
    if (!jvm.empty()) {
        nlohmann::json flags = nlohmann::json::object();
        for (const auto& [flag, b] : jvm) {
            flags[flag] = {{"bytes", b}, {"value", fmt::format("{}", b)}, {"size", human(b)}};  // Flink passes bytes
        }
        j["jvm"] = std::move(flags);
    }
    j["steps"] = steps;
    if (!notes.empty()) {
        j["notes"] = notes;
    }
    if (!written.empty()) {
        j["configured"] = written;
    }
    return j;
}

namespace {

constexpr std::int64_t k_tm_framework_heap = 128 * k_mib;
constexpr std::int64_t k_tm_framework_off_heap = 128 * k_mib;
constexpr std::int64_t k_metaspace = 256 * k_mib;
constexpr std::int64_t k_overhead_min = 192 * k_mib;
constexpr std::int64_t k_overhead_max = 1024 * k_mib;
constexpr std::int64_t k_network_min = 64 * k_mib;
constexpr std::int64_t k_jm_off_heap = 128 * k_mib;
constexpr std::int64_t k_segment_size = 32 * 1024;
constexpr std::int64_t k_min_heap = 128 * k_mib;

std::string fraction_text(double f)
{
    return fmt::format("{}", static_cast<float>(f));
}

/// Thrown inside a derivation to stop it where Flink throws.
struct Stop {};

/// A min/max/fraction triple (RangeFraction) with the keys that set it.
struct Range {
    std::int64_t min = 0;
    std::int64_t max = k_max_bytes;
    double fraction = 0;
    std::string min_key, max_key, fraction_key;  // canonical keys
};

class Deriver {
public:
    Deriver(Process process, const Config& config, const Options& options)
        : m_config(config), m_options(options)
    {
        m_r.process = process;
    }

    Result run()
    {
        try {
            if (m_r.process == Process::TaskManager) {
                taskmanager();
            } else {
                jobmanager();
            }
        } catch (const Stop&) {
        }
        return std::move(m_r);
    }

private:
    const Config& m_config;
    const Options& m_options;
    Result m_r;
    // Legacy heap size mapped onto a new option (canonical key -> bytes), as Flink 1.x does.
    std::map<std::string, std::int64_t, std::less<>> m_mapped;

    // --- reading options --------------------------------------------------------------------------

    /// The written key that supplies `key`: the exact key, else its aliases in Flink's order.
    std::optional<std::string> written(std::string_view key) const
    {
        if (m_config.contains(key)) {
            return std::string(key);
        }
        for (const auto& alias : aliases(key)) {
            if (m_config.contains(alias)) {
                return alias;
            }
        }
        return std::nullopt;
    }

    std::vector<std::string> aliases(std::string_view key) const
    {
        std::vector<std::string> out;
        if (key == "taskmanager.memory.managed.size") {
            out.emplace_back("taskmanager.memory.size");  // deprecated alias, still read by 2.0
        }
        if (m_options.legacy_keys && key.starts_with("taskmanager.memory.network.")) {
            out.push_back("taskmanager.network.memory." + std::string(key.substr(27)));  // removed in 2.0
        }
        return out;
    }

    bool contains(std::string_view key) const { return written(key).has_value() || m_mapped.contains(key); }

    std::string where(std::string_view key) const
    {
        if (const auto it = m_r.written.find(std::string(key)); it != m_r.written.end()) {
            return it->second;  // an alias or a legacy key mapped onto it
        }
        return written(key).value_or(std::string(key));
    }

    [[noreturn]] void unreadable(const std::string& key, std::string_view value, std::string_view what)
    {
        m_r.status = Status::Unreadable;
        m_r.key = key;
        m_r.flink_message = fmt::format("Could not parse value '{}' for key '{}': {}", value, key, what);
        throw Stop{};
    }

    std::optional<std::int64_t> size(std::string_view key)
    {
        if (auto it = m_mapped.find(key); it != m_mapped.end()) {
            return it->second;
        }
        const auto w = written(key);
        if (!w) {
            return std::nullopt;
        }
        const std::string& text = m_config.find(*w)->second;
        const auto parsed = parse_value(ValueType::Size, Dialect::Flink, text);
        if (!parsed || parsed->number >= static_cast<long double>(k_max_bytes)) {
            unreadable(*w, text, "expected a memory size such as 512m or 4g");
        }
        m_r.written[std::string(key)] = *w;
        return static_cast<std::int64_t>(parsed->number);
    }

    std::int64_t size_or(std::string_view key, std::int64_t fallback) { return size(key).value_or(fallback); }

    double fraction_or(std::string_view key, double fallback)
    {
        const auto w = written(key);
        if (!w) {
            return static_cast<double>(static_cast<float>(fallback));
        }
        const std::string& text = m_config.find(*w)->second;
        const auto f = parse_fraction(text);
        if (!f) {
            unreadable(*w, text, "expected a number such as 0.1");
        }
        m_r.written[std::string(key)] = *w;
        return *f;
    }

    Range range(std::string_view prefix, std::int64_t min_default, std::int64_t max_default, double fraction_default,
                std::string_view what)
    {
        Range r;
        r.min_key = std::string(prefix) + ".min";
        r.max_key = std::string(prefix) + ".max";
        r.fraction_key = std::string(prefix) + ".fraction";
        r.min = size_or(r.min_key, min_default);
        r.max = size_or(r.max_key, max_default);
        r.fraction = fraction_or(r.fraction_key, fraction_default);
        // RangeFraction's constructor, rethrown by getRangeFraction as IllegalConfigurationException.
        const bool min_above_max = r.min > r.max;
        if (min_above_max || r.fraction < 0 || r.fraction >= 1) {
            const std::string cause =
                min_above_max ? "min value must be less or equal to max value" : "fraction must be in range [0, 1)";
            const std::string& key = min_above_max ? (written(r.min_key) ? r.min_key : r.max_key) : r.fraction_key;
            refuse(key, {r.min_key, r.max_key, r.fraction_key},
                   fmt::format("Inconsistently configured {} ({}) and its min ({}), max ({}) value: {}", r.fraction_key,
                               fraction_text(r.fraction), human(r.min), human(r.max), cause),
                   min_above_max ? fmt::format("{} min {} > max {}", what, human(r.min), human(r.max))
                                 : fmt::format("{} fraction {} is outside [0, 1)", what, fraction_text(r.fraction)));
        }
        return r;
    }

    // --- results ----------------------------------------------------------------------------------

    [[noreturn]] void refuse(const std::string& key, const std::vector<std::string>& related, std::string flink_message,
                             std::string arithmetic)
    {
        m_r.status = Status::Refused;
        m_r.key = where(key);
        for (const auto& k : related) {
            if (const auto w = written(k); w && *w != m_r.key) {
                m_r.related_keys.push_back(*w);
            }
        }
        m_r.flink_message = std::move(flink_message);
        m_r.arithmetic = std::move(arithmetic);
        throw Stop{};
    }

    /// A derivation step for Result::steps, its text made only when it is wanted (Options::explain):
    /// the texts were most of a derivation's work.
    template <typename Text>
    void step(Text text)
    {
        if (m_options.explain) {
            m_r.steps.push_back(text());
        }
    }

    std::string source(std::string_view key) const
    {
        if (m_mapped.contains(key)) {
            return "mapped from a legacy heap key";
        }
        const auto w = written(key);
        if (!w) {
            return "default";
        }
        return *w == key ? "configured" : "configured as " + *w;
    }

    void component(std::string name, std::string key, std::int64_t bytes, std::string src)
    {
        m_r.components.push_back({std::move(name), std::move(key), bytes, std::move(src)});
    }

    /// The configured key, or the largest configured of several (the one to blame for a sum).
    std::string largest_configured(const std::vector<std::pair<std::string, std::int64_t>>& parts,
                                   const std::string& fallback) const
    {
        std::string best;
        std::int64_t best_bytes = -1;
        for (const auto& [key, bytes] : parts) {
            if (contains(key) && bytes > best_bytes) {
                best = key;
                best_bytes = bytes;
            }
        }
        return best.empty() ? fallback : best;
    }

    /// The key that sets the sizes the derivation starts from: blamed when a remainder is out of range.
    std::string driver_key() const
    {
        switch (m_r.path) {
        case Path::FineGrained:
            if (m_r.process == Process::JobManager) {
                return "jobmanager.memory.heap.size";
            }
            return m_tm_blame;
        case Path::TotalFlink: return p("flink.size");
        default: return p("process.size");
        }
    }
    std::string m_tm_blame = "taskmanager.memory.task.heap.size";

    std::int64_t clamp(std::int64_t v, const Range& r) const { return std::clamp(v, r.min, r.max); }

    std::string clamp_text(std::int64_t raw, std::int64_t clamped, const Range& r) const
    {
        if (raw == clamped) {
            return fmt::format("within [{}, {}]", human(r.min), human(r.max));
        }
        return fmt::format("clamped to [{}, {}] -> {}", human(r.min), human(r.max), human(clamped));
    }

    // --- legacy heap keys (Flink 1.x MemoryBackwardsCompatibilityUtils) ------------------------------

    void map_legacy_heap(std::string_view size_key, std::string_view mb_key, const std::string& target)
    {
        if (!m_options.legacy_keys || contains(target)) {
            return;
        }
        std::optional<std::int64_t> bytes;
        std::string from;
        if (const auto w = written(size_key)) {
            bytes = size(size_key);
            from = *w;
        } else if (const auto wm = written(mb_key)) {
            const std::string& text = m_config.find(*wm)->second;
            const auto mb = parse_value(ValueType::Int, Dialect::Flink, text);
            if (!mb || mb->number < 0) {
                unreadable(*wm, text, "expected a non-negative number of megabytes");
            }
            bytes = static_cast<std::int64_t>(mb->number) * k_mib;
            from = *wm;
            m_r.written[std::string(mb_key)] = *wm;
        }
        if (!bytes) {
            return;
        }
        m_mapped[target] = *bytes;
        m_r.written[target] = from;
        m_r.notes.push_back(fmt::format(
            "legacy `{}: {}` is read as `{}` (Flink 1.x {}; {})", from, human(*bytes), target,
            m_options.legacy_heap == LegacyHeapMapping::Standalone ? "standalone scripts"
                                                                    : "active resource managers (Kubernetes, YARN)",
            m_options.legacy_heap == LegacyHeapMapping::Standalone
                ? "Kubernetes and YARN map it to the total process memory instead"
                : "the standalone scripts map it to a smaller option instead"));
    }

    // --- metaspace and overhead (ProcessMemoryUtils) ---------------------------------------------------

    std::string p(std::string_view suffix) const
    {
        return std::string(m_r.process == Process::TaskManager ? "taskmanager.memory." : "jobmanager.memory.") +
               std::string(suffix);
    }

    /// From a known total Flink memory (paths 1 and 2).
    void metaspace_and_overhead_from_flink(std::int64_t total_flink)
    {
        const std::int64_t metaspace = size_or(p("jvm-metaspace.size"), k_metaspace);
        const std::int64_t flink_and_metaspace = total_flink + metaspace;
        std::int64_t overhead = 0;
        std::int64_t process = 0;
        if (const auto tp = size(p("process.size"))) {
            process = *tp;
            if (process < flink_and_metaspace) {
                refuse(driver_key(), {p("process.size"), p("jvm-metaspace.size"), p("flink.size")},
                       fmt::format("The configured Total Process Memory size ({}) is less than the sum of the derived "
                                   "Total Flink Memory size ({}) and the configured or default JVM Metaspace size ({}).",
                                   human(process), human(total_flink), human(metaspace)),
                       fmt::format("total Flink {} + metaspace {} = {} > total process {}", human(total_flink),
                                   human(metaspace), human(flink_and_metaspace), human(process)));
            }
            overhead = process - flink_and_metaspace;
            step([&] {
                return fmt::format("JVM overhead = total process {} - total Flink {} - metaspace {} = {}",
                                   human(process), human(total_flink), human(metaspace), human(overhead));
            });
            const Range r = range(p("jvm-overhead"), k_overhead_min, k_overhead_max, 0.1, "JVM overhead");
            if (overhead < r.min || overhead > r.max) {
                const bool low = overhead < r.min;
                const std::string bound_key = low ? r.min_key : r.max_key;
                refuse(contains(bound_key) ? bound_key : driver_key(), {p("process.size"), bound_key, driver_key()},
                       fmt::format("Derived JVM Overhead size ({}) is not in configured JVM Overhead range [{}, {}].",
                                   human(overhead), human(r.min), human(r.max)),
                       fmt::format("JVM overhead = total process {} - total Flink {} - metaspace {} = {} {} {} {}",
                                   human(process), human(total_flink), human(metaspace), human(overhead),
                                   low ? "<" : ">", low ? "the minimum" : "the maximum", human(low ? r.min : r.max)));
            }
            step([&] {
                return fmt::format("JVM overhead {} is within [{}, {}]", human(overhead), human(r.min),
                                   human(r.max));
            });
            if (contains(r.fraction_key) && overhead != multiply(process, r.fraction)) {
                m_r.notes.push_back(fmt::format("the derived JVM overhead {} is not {} of the total process memory "
                                                "(Flink logs this at INFO and uses the derived size)",
                                                human(overhead), fraction_text(r.fraction)));
            }
        } else {
            const Range r = range(p("jvm-overhead"), k_overhead_min, k_overhead_max, 0.1, "JVM overhead");
            const std::int64_t raw = multiply(flink_and_metaspace, r.fraction / (1 - r.fraction));
            overhead = clamp(raw, r);
            step([&] {
                return fmt::format("JVM overhead = (total Flink {} + metaspace {}) x {} / (1 - {}) = {}, {}",
                                   human(total_flink), human(metaspace), fraction_text(r.fraction),
                                   fraction_text(r.fraction), human(raw), clamp_text(raw, overhead, r));
            });
            process = flink_and_metaspace + overhead;
            step([&] {
                return fmt::format("total process = total Flink {} + metaspace {} + overhead {} = {}",
                                   human(total_flink), human(metaspace), human(overhead), human(process));
            });
        }
        component("JVM metaspace", p("jvm-metaspace.size"), metaspace, source(p("jvm-metaspace.size")));
        component("JVM overhead", "", overhead, "derived");
        component("total process", p("process.size"), process, contains(p("process.size")) ? source(p("process.size")) : "derived");
    }

    /// Path 3: only the total process memory: overhead from its fraction first.
    std::int64_t flink_from_process(std::int64_t process)
    {
        const std::int64_t metaspace = size_or(p("jvm-metaspace.size"), k_metaspace);
        const Range r = range(p("jvm-overhead"), k_overhead_min, k_overhead_max, 0.1, "JVM overhead");
        const std::int64_t raw = multiply(process, r.fraction);
        const std::int64_t overhead = clamp(raw, r);
        step([&] {
            return fmt::format("JVM overhead = total process {} x {} = {}, {}", human(process),
                               fraction_text(r.fraction), human(raw), clamp_text(raw, overhead, r));
        });
        if (metaspace + overhead > process) {
            refuse(p("process.size"), {p("jvm-metaspace.size"), r.min_key},
                   fmt::format("Sum of configured JVM Metaspace ({}) and JVM Overhead ({}) exceed configured Total "
                               "Process Memory ({}).",
                               human(metaspace), human(overhead), human(process)),
                   fmt::format("metaspace {} + overhead {} = {} > total process {}", human(metaspace), human(overhead),
                               human(metaspace + overhead), human(process)));
        }
        const std::int64_t total_flink = process - metaspace - overhead;
        step([&] {
            return fmt::format("total Flink = total process {} - metaspace {} - overhead {} = {}",
                               human(process), human(metaspace), human(overhead), human(total_flink));
        });
        m_pending_tail = [this, metaspace, overhead, process] {
            component("JVM metaspace", p("jvm-metaspace.size"), metaspace, source(p("jvm-metaspace.size")));
            component("JVM overhead", "", overhead, "derived");
            component("total process", p("process.size"), process, source(p("process.size")));
        };
        return total_flink;
    }
    std::function<void()> m_pending_tail;

    // --- TaskManager ----------------------------------------------------------------------------------

    struct TmParts {
        std::int64_t fh = 0, fo = 0, th = 0, to = 0, m = 0, n = 0;
    };

    bool using_legacy_network() const
    {
        return m_options.legacy_keys && written("taskmanager.network.numberOfBuffers") &&
               !contains("taskmanager.memory.network.min") && !contains("taskmanager.memory.network.max") &&
               !contains("taskmanager.memory.network.fraction");
    }

    std::int64_t legacy_network()
    {
        const std::string key = *written("taskmanager.network.numberOfBuffers");
        const std::string& text = m_config.find(key)->second;
        const auto n = parse_value(ValueType::Int, Dialect::Flink, text);
        if (!n || n->number < 0) {
            unreadable(key, text, "expected a number of buffers");
        }
        const std::int64_t segment = size_or("taskmanager.memory.segment-size", k_segment_size);
        const auto bytes = static_cast<std::int64_t>(n->number) * segment;
        m_r.written["taskmanager.network.numberOfBuffers"] = key;
        step([&] {
            return fmt::format(
                "network = legacy taskmanager.network.numberOfBuffers {} x segment size {} = {}",
                static_cast<std::int64_t>(n->number), human(segment), human(bytes));
        });
        return bytes;
    }

    /// sanityCheckNetworkMemoryWithExplicitlySetTotalFlinkAndHeapMemory: network is the leftover.
    void check_leftover_network(std::int64_t n, std::int64_t total_flink, const std::string& sum_text)
    {
        const std::string wrap =
            "If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then the Network Memory "
            "size is the rest of the Total Flink memory after subtracting all other configured types of memory, but "
            "the derived Network Memory is inconsistent with its configuration: ";
        if (using_legacy_network()) {
            const std::int64_t configured = legacy_network();
            if (configured != n) {
                refuse("taskmanager.network.numberOfBuffers", {"taskmanager.memory.flink.size"},
                       wrap + fmt::format("Derived Network Memory size ({}) does not match configured Network Memory "
                                          "size ({}).",
                                          human(n), human(configured)),
                       fmt::format("network = total Flink {} - ({}) = {} != legacy network {}", human(total_flink),
                                   sum_text, human(n), human(configured)));
            }
            return;
        }
        const Range r = range("taskmanager.memory.network", k_network_min, k_max_bytes, 0.1, "network memory");
        if (n < r.min || n > r.max) {
            const bool low = n < r.min;
            const std::string bound = low ? r.min_key : r.max_key;
            std::string key = contains(bound) ? bound : contains("taskmanager.memory.flink.size") ? "taskmanager.memory.flink.size"
                                                                                                   : "taskmanager.memory.task.heap.size";
            if (!contains(key)) {
                key = "taskmanager.memory.process.size";
            }
            refuse(key, {bound, "taskmanager.memory.task.heap.size", "taskmanager.memory.managed.size"},
                   wrap + fmt::format("Derived Network Memory size ({}) is not in configured Network Memory range "
                                      "[{}, {}].",
                                      human(n), human(r.min), human(r.max)),
                   fmt::format("network = total Flink {} - ({}) = {} {} {} {}", human(total_flink), sum_text, human(n),
                               low ? "<" : ">", low ? "network.min" : "network.max", human(low ? r.min : r.max)));
        }
        step([&] {
            return fmt::format("network {} is within [{}, {}]", human(n), human(r.min), human(r.max));
        });
        if (contains(r.fraction_key) && n != multiply(total_flink, r.fraction)) {
            m_r.notes.push_back(fmt::format("the derived network memory {} is not {} of the total Flink memory (Flink "
                                            "logs this at INFO and uses the derived size)",
                                            human(n), fraction_text(r.fraction)));
        }
    }

    std::int64_t managed_from_total(std::int64_t total_flink)
    {
        if (const auto m = size("taskmanager.memory.managed.size")) {
            return *m;
        }
        const double f = fraction_or("taskmanager.memory.managed.fraction", 0.4);
        if (f < 0 || f >= 1) {
            refuse("taskmanager.memory.managed.fraction", {},
                   fmt::format("Inconsistently configured taskmanager.memory.managed.fraction ({}) and its min (0), "
                               "max (infinite) value: fraction must be in range [0, 1)",
                               fraction_text(f)),
                   fmt::format("managed fraction {} is outside [0, 1)", fraction_text(f)));
        }
        const std::int64_t m = multiply(total_flink, f);
        step([&] {
            return fmt::format("managed = total Flink {} x {} = {}", human(total_flink), fraction_text(f),
                               human(m));
        });
        return m;
    }

    std::string sum_text(const TmParts& t, bool with_task_heap, bool with_network) const
    {
        std::string s = fmt::format("framework heap {} + framework off-heap {}", human(t.fh), human(t.fo));
        if (with_task_heap) {
            s += fmt::format(" + task heap {}", human(t.th));
        }
        s += fmt::format(" + task off-heap {} + managed {}", human(t.to), human(t.m));
        if (with_network) {
            s += fmt::format(" + network {}", human(t.n));
        }
        return s;
    }

    /// TaskExecutorFlinkMemoryUtils.deriveFromTotalFlinkMemory.
    void tm_from_total_flink(TmParts& t, std::int64_t total_flink)
    {
        if (const auto th = size("taskmanager.memory.task.heap.size")) {
            t.th = *th;
            t.m = managed_from_total(total_flink);
            const std::int64_t x = t.fh + t.fo + t.th + t.to + t.m;
            const std::string parts = sum_text(t, true, false);
            if (x > total_flink) {
                const std::string key = largest_configured(
                    {{"taskmanager.memory.task.heap.size", t.th}, {"taskmanager.memory.managed.size", t.m}},
                    "taskmanager.memory.task.heap.size");
                refuse(key, {"taskmanager.memory.flink.size", "taskmanager.memory.process.size",
                             "taskmanager.memory.task.heap.size", "taskmanager.memory.managed.size"},
                       fmt::format("Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory ({}), Task "
                                   "Heap Memory ({}), Task Off-Heap Memory ({}) and Managed Memory ({}) exceed "
                                   "configured Total Flink Memory ({}).",
                                   human(t.fh), human(t.fo), human(t.th), human(t.to), human(t.m), human(total_flink)),
                       fmt::format("{} = {} > total Flink memory {}", parts, human(x), human(total_flink)));
            }
            t.n = total_flink - x;
            step([&] {
                return fmt::format("network = total Flink {} - ({} = {}) = {}", human(total_flink), parts,
                                   human(x), human(t.n));
            });
            check_leftover_network(t.n, total_flink, parts);
        } else {
            t.m = managed_from_total(total_flink);
            if (using_legacy_network()) {
                t.n = legacy_network();
            } else {
                const Range r = range("taskmanager.memory.network", k_network_min, k_max_bytes, 0.1, "network memory");
                const std::int64_t raw = multiply(total_flink, r.fraction);
                t.n = clamp(raw, r);
                step([&] {
                    return fmt::format("network = total Flink {} x {} = {}, {}", human(total_flink),
                                       fraction_text(r.fraction), human(raw), clamp_text(raw, t.n, r));
                });
            }
            const std::int64_t y = t.fh + t.fo + t.to + t.m + t.n;
            const std::string parts = sum_text(t, false, true);
            if (y > total_flink) {
                const std::string key = largest_configured(
                    {{"taskmanager.memory.managed.size", t.m},
                     {"taskmanager.memory.network.min", t.n},
                     {"taskmanager.memory.framework.heap.size", t.fh},
                     {"taskmanager.memory.framework.off-heap.size", t.fo},
                     {"taskmanager.memory.task.off-heap.size", t.to}},
                    contains("taskmanager.memory.flink.size") ? "taskmanager.memory.flink.size"
                                                              : "taskmanager.memory.process.size");
                refuse(key, {"taskmanager.memory.flink.size", "taskmanager.memory.process.size"},
                       fmt::format("Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory ({}), Task "
                                   "Off-Heap Memory ({}), Managed Memory ({}) and Network Memory ({}) exceed configured "
                                   "Total Flink Memory ({}).",
                                   human(t.fh), human(t.fo), human(t.to), human(t.m), human(t.n), human(total_flink)),
                       fmt::format("{} = {} > total Flink memory {}", parts, human(y), human(total_flink)));
            }
            t.th = total_flink - y;
            step([&] {
                return fmt::format("task heap = total Flink {} - ({} = {}) = {}", human(total_flink), parts,
                                   human(y), human(t.th));
            });
        }
    }

    void taskmanager()
    {
        const bool any = std::any_of(memory_keys(Process::TaskManager).begin(), memory_keys(Process::TaskManager).end(),
                                     [&](const std::string& k) {
                                         const bool legacy_only = k.starts_with("taskmanager.heap.") ||
                                                                  k.starts_with("taskmanager.network.");
                                         return m_config.contains(k) && (m_options.legacy_keys || !legacy_only);
                                     });
        if (!any) {
            m_r.status = Status::NotConfigured;
            return;
        }
        map_legacy_heap("taskmanager.heap.size", "taskmanager.heap.mb",
                        m_options.legacy_heap == LegacyHeapMapping::Standalone ? "taskmanager.memory.flink.size"
                                                                                : "taskmanager.memory.process.size");
        TmParts t;
        t.fh = size_or("taskmanager.memory.framework.heap.size", k_tm_framework_heap);
        t.fo = size_or("taskmanager.memory.framework.off-heap.size", k_tm_framework_off_heap);
        t.to = size_or("taskmanager.memory.task.off-heap.size", 0);
        std::int64_t total_flink = 0;

        if (contains("taskmanager.memory.task.heap.size") && contains("taskmanager.memory.managed.size")) {
            m_r.path = Path::FineGrained;
            step([] { return std::string("fine-grained: task heap and managed memory are both set"); });
            t.th = *size("taskmanager.memory.task.heap.size");
            t.m = *size("taskmanager.memory.managed.size");
            m_tm_blame = t.m > t.th ? "taskmanager.memory.managed.size" : "taskmanager.memory.task.heap.size";
            const std::int64_t x = t.fh + t.fo + t.th + t.to + t.m;
            const std::string parts = sum_text(t, true, false);
            step([&] { return fmt::format("X = {} = {}", parts, human(x)); });
            if (const auto tf = size("taskmanager.memory.flink.size")) {
                if (x > *tf) {
                    const std::string key = largest_configured(
                        {{"taskmanager.memory.task.heap.size", t.th}, {"taskmanager.memory.managed.size", t.m}},
                        "taskmanager.memory.task.heap.size");
                    refuse(key, {"taskmanager.memory.flink.size", "taskmanager.memory.task.heap.size",
                                 "taskmanager.memory.managed.size"},
                           fmt::format("Sum of configured Framework Heap Memory ({}), Framework Off-Heap Memory ({}), "
                                       "Task Heap Memory ({}), Task Off-Heap Memory ({}) and Managed Memory ({}) exceed "
                                       "configured Total Flink Memory ({}).",
                                       human(t.fh), human(t.fo), human(t.th), human(t.to), human(t.m), human(*tf)),
                           fmt::format("{} = {} > total Flink memory {}", parts, human(x), human(*tf)));
                }
                t.n = *tf - x;
                step([&] {
                    return fmt::format("network = total Flink {} - X {} = {}", human(*tf), human(x),
                                       human(t.n));
                });
                check_leftover_network(t.n, *tf, parts);
            } else if (using_legacy_network()) {
                t.n = legacy_network();
            } else {
                const Range r = range("taskmanager.memory.network", k_network_min, k_max_bytes, 0.1, "network memory");
                const std::int64_t raw = multiply(x, r.fraction / (1 - r.fraction));
                t.n = clamp(raw, r);
                step([&] {
                    return fmt::format("network = X {} x {} / (1 - {}) = {}, {}", human(x),
                                       fraction_text(r.fraction), fraction_text(r.fraction), human(raw),
                                       clamp_text(raw, t.n, r));
                });
            }
            total_flink = x + t.n;
            step([&] {
                return fmt::format("total Flink = X {} + network {} = {}", human(x), human(t.n),
                                   human(total_flink));
            });
        } else if (const auto tf = size("taskmanager.memory.flink.size")) {
            m_r.path = Path::TotalFlink;
            step([&] { return fmt::format("total Flink memory is set: {}", human(*tf)); });
            total_flink = *tf;
            tm_from_total_flink(t, total_flink);
        } else if (const auto tp = size("taskmanager.memory.process.size")) {
            m_r.path = Path::TotalProcess;
            step([&] { return fmt::format("only the total process memory is set: {}", human(*tp)); });
            total_flink = flink_from_process(*tp);
            tm_from_total_flink(t, total_flink);
        } else {
            insufficient("Either required fine-grained memory (taskmanager.memory.task.heap.size and "
                         "taskmanager.memory.managed.size), or Total Flink Memory size (Key: "
                         "'taskmanager.memory.flink.size'), or Total Process Memory size (Key: "
                         "'taskmanager.memory.process.size') need to be configured explicitly.",
                         "taskmanager");
            return;
        }
        // sanityCheckTotalFlinkMemory: the parts must add up to a configured total Flink memory.
        const std::int64_t sum = t.fh + t.fo + t.th + t.to + t.m + t.n;
        if (const auto tf = size("taskmanager.memory.flink.size"); tf && *tf != sum) {
            refuse("taskmanager.memory.flink.size", {},
                   fmt::format("Configured and Derived Flink internal memory sizes (total {}) do not add up to the "
                               "configured Total Flink Memory size ({}).",
                               human(sum), human(*tf)),
                   fmt::format("{} = {} != total Flink memory {}", sum_text(t, true, true), human(sum), human(*tf)));
        }
        component("framework heap", "taskmanager.memory.framework.heap.size", t.fh,
                  source("taskmanager.memory.framework.heap.size"));
        component("task heap", "taskmanager.memory.task.heap.size", t.th,
                  contains("taskmanager.memory.task.heap.size") ? source("taskmanager.memory.task.heap.size") : "derived");
        component("framework off-heap", "taskmanager.memory.framework.off-heap.size", t.fo,
                  source("taskmanager.memory.framework.off-heap.size"));
        component("task off-heap", "taskmanager.memory.task.off-heap.size", t.to,
                  source("taskmanager.memory.task.off-heap.size"));
        component("managed", "taskmanager.memory.managed.size", t.m,
                  contains("taskmanager.memory.managed.size") ? source("taskmanager.memory.managed.size") : "derived");
        component("network", "", t.n, "derived");
        component("total Flink", "taskmanager.memory.flink.size", sum,
                  contains("taskmanager.memory.flink.size") ? source("taskmanager.memory.flink.size") : "derived");
        if (m_r.path == Path::TotalProcess) {
            m_pending_tail();
        } else {
            metaspace_and_overhead_from_flink(sum);
        }
        if (t.fh + t.th < k_min_heap) {
            m_r.notes.push_back(fmt::format("the JVM heap {} is below Flink's recommended minimum 128m (a WARN only)",
                                            human(t.fh + t.th)));
        }
        m_r.jvm = {{"-Xmx", t.fh + t.th},
                   {"-Xms", t.fh + t.th},
                   {"-XX:MaxDirectMemorySize", t.fo + t.to + t.n},
                   {"-XX:MaxMetaspaceSize", *m_r.bytes("JVM metaspace")}};
        m_r.status = Status::Accepted;
    }

    void insufficient(std::string message, std::string_view what)
    {
        m_r.status = Status::Insufficient;
        for (const auto& k : memory_keys(m_r.process)) {
            const bool legacy_only = k.starts_with("taskmanager.heap.") || k.starts_with("taskmanager.network.") ||
                                     k.starts_with("jobmanager.heap.");
            if (m_config.contains(k) && (m_options.legacy_keys || !legacy_only)) {
                m_r.key = k;
                break;
            }
        }
        m_r.flink_message = std::move(message);
        m_r.arithmetic = fmt::format("no {} size Flink can derive the rest from is set", what);
    }

    // --- JobManager -----------------------------------------------------------------------------------

    void jobmanager()
    {
        const bool any = std::any_of(memory_keys(Process::JobManager).begin(), memory_keys(Process::JobManager).end(),
                                     [&](const std::string& k) {
                                         return m_config.contains(k) &&
                                                (m_options.legacy_keys || !k.starts_with("jobmanager.heap."));
                                     });
        if (!any) {
            m_r.status = Status::NotConfigured;
            return;
        }
        map_legacy_heap("jobmanager.heap.size", "jobmanager.heap.mb",
                        m_options.legacy_heap == LegacyHeapMapping::Standalone ? "jobmanager.memory.heap.size"
                                                                                : "jobmanager.memory.process.size");
        std::int64_t heap = 0;
        std::int64_t off_heap = size_or("jobmanager.memory.off-heap.size", k_jm_off_heap);
        std::int64_t total_flink = 0;
        if (const auto h = size("jobmanager.memory.heap.size")) {
            m_r.path = Path::FineGrained;
            heap = *h;
            step([&] { return fmt::format("fine-grained: the JVM heap is set: {}", human(heap)); });
            if (const auto tf = size("jobmanager.memory.flink.size")) {
                if (contains("jobmanager.memory.off-heap.size")) {
                    if (heap + off_heap != *tf) {
                        refuse("jobmanager.memory.flink.size",
                               {"jobmanager.memory.heap.size", "jobmanager.memory.off-heap.size"},
                               fmt::format("The sum of the configured JVM Heap Memory ({}) and the configured Off-heap "
                                           "Memory ({}) does not match the configured Total Flink Memory ({}).",
                                           human(heap), human(off_heap), human(*tf)),
                               fmt::format("heap {} + off-heap {} = {} != total Flink memory {}", human(heap),
                                           human(off_heap), human(heap + off_heap), human(*tf)));
                    }
                } else {
                    if (heap > *tf) {
                        refuse("jobmanager.memory.heap.size", {"jobmanager.memory.flink.size"},
                               fmt::format("The configured JVM Heap Memory ({}) exceeds the configured Total Flink "
                                           "Memory ({}).",
                                           human(heap), human(*tf)),
                               fmt::format("heap {} > total Flink memory {}", human(heap), human(*tf)));
                    }
                    off_heap = *tf - heap;
                    step([&] {
                        return fmt::format("off-heap = total Flink {} - heap {} = {}", human(*tf),
                                           human(heap), human(off_heap));
                    });
                    if (off_heap != k_jm_off_heap) {
                        m_r.notes.push_back(fmt::format("the derived off-heap memory {} differs from the 128m default "
                                                        "(Flink logs this at INFO)",
                                                        human(off_heap)));
                    }
                }
            }
            total_flink = heap + off_heap;
            step([&] {
                return fmt::format("total Flink = heap {} + off-heap {} = {}", human(heap), human(off_heap),
                                   human(total_flink));
            });
        } else {
            std::optional<std::int64_t> tf = size("jobmanager.memory.flink.size");
            if (tf) {
                m_r.path = Path::TotalFlink;
                step([&] { return fmt::format("total Flink memory is set: {}", human(*tf)); });
            } else if (const auto tp = size("jobmanager.memory.process.size")) {
                m_r.path = Path::TotalProcess;
                step([&] { return fmt::format("only the total process memory is set: {}", human(*tp)); });
                tf = flink_from_process(*tp);
            } else {
                insufficient("Either required fine-grained memory (jobmanager.memory.heap.size), or Total Flink Memory "
                             "size (Key: 'jobmanager.memory.flink.size'), or Total Process Memory size (Key: "
                             "'jobmanager.memory.process.size') need to be configured explicitly.",
                             "jobmanager");
                return;
            }
            total_flink = *tf;
            if (total_flink <= off_heap) {
                refuse(contains("jobmanager.memory.flink.size") ? "jobmanager.memory.flink.size"
                                                                : "jobmanager.memory.process.size",
                       {"jobmanager.memory.off-heap.size"},
                       fmt::format("The configured Total Flink Memory ({}) is less than the configured Off-heap Memory "
                                   "({}).",
                                   human(total_flink), human(off_heap)),
                       fmt::format("total Flink memory {} <= off-heap {}", human(total_flink), human(off_heap)));
            }
            heap = total_flink - off_heap;
            step([&] {
                return fmt::format("heap = total Flink {} - off-heap {} = {}", human(total_flink),
                                   human(off_heap), human(heap));
            });
        }
        component("JVM heap", "jobmanager.memory.heap.size", heap,
                  contains("jobmanager.memory.heap.size") ? source("jobmanager.memory.heap.size") : "derived");
        component("off-heap", "jobmanager.memory.off-heap.size", off_heap,
                  contains("jobmanager.memory.off-heap.size") ? source("jobmanager.memory.off-heap.size")
                  : off_heap == k_jm_off_heap                ? "default"
                                                             : "derived");
        component("total Flink", "jobmanager.memory.flink.size", total_flink,
                  contains("jobmanager.memory.flink.size") ? source("jobmanager.memory.flink.size") : "derived");
        if (m_r.path == Path::TotalProcess) {
            m_pending_tail();
        } else {
            metaspace_and_overhead_from_flink(total_flink);
        }
        if (heap < k_min_heap) {
            m_r.notes.push_back(fmt::format("the JVM heap {} is below Flink's recommended minimum 128m (a WARN only)",
                                            human(heap)));
        }
        m_r.jvm = {{"-Xmx", heap}, {"-Xms", heap}};
        bool direct_limit = false;
        if (const auto it = m_config.find("jobmanager.memory.enable-jvm-direct-memory-limit"); it != m_config.end()) {
            const auto b = parse_value(ValueType::Bool, Dialect::Flink, it->second);
            direct_limit = b && b->number != 0;
        }
        if (direct_limit) {
            m_r.jvm.emplace_back("-XX:MaxDirectMemorySize", off_heap);
        }
        m_r.jvm.emplace_back("-XX:MaxMetaspaceSize", *m_r.bytes("JVM metaspace"));
        m_r.status = Status::Accepted;
    }
};

}  // namespace

Result derive(Process process, const Config& config, const Options& options)
{
    return Deriver(process, config, options).run();
}

}  // namespace streamlint::flink_memory
