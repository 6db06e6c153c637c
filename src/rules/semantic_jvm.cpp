// X012, X013: the Elasticsearch node's heap flags. A node reads jvm.options and then every
// jvm.options.d/*.options file, so the flags are judged across the files of one config directory.
#include "semantic_jvm.hpp"

#include <streamlint/edits.hpp>
#include <streamlint/text.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace streamlint::semantic {

namespace {

/// The options files of the node, in the order the launcher reads them.
std::vector<const Document*> family(const Document& doc, const RuleContext& ctx)
{
    std::vector<const Document*> docs{&doc};
    if (doc.embedding) {
        return docs;  // a container's options string stands alone
    }
    const std::string_view dir = config_directory(doc.path);
    if (ctx.run != nullptr) {
        // The run is in path order: the files under `dir/` are one stretch of it, found by a
        // binary search rather than a walk through every file of a large run.
        const std::string prefix = dir.empty() ? std::string() : std::string(dir) + "/";
        const auto& run = *ctx.run;
        auto it = std::lower_bound(run.begin(), run.end(), prefix,
                                   [](const Document* d, const std::string& p) { return d->path < p; });
        for (; it != run.end() && (*it)->path.starts_with(prefix); ++it) {
            const Document* d = *it;
            if (d != &doc && es_node_jvm(*d) && !d->embedding && config_directory(d->path) == dir) {
                docs.push_back(d);
            }
        }
    }
    // jvm.options first (its name by string: a std::filesystem::path a comparison was 1 % of a run).
    const auto is_main = [](const Document* d) {
        const std::size_t slash = d->path.rfind('/');
        return std::string_view(d->path).substr(slash == std::string::npos ? 0 : slash + 1) == "jvm.options";
    };
    std::sort(docs.begin(), docs.end(), [&is_main](const Document* a, const Document* b) {
        const bool a_main = is_main(a);
        const bool b_main = is_main(b);
        return a_main != b_main ? a_main : a->path < b->path;
    });
    return docs;
}

std::string flag_text(const Setting& s)
{
    return s.key.starts_with("-XX:") ? s.key + "=" + s.value : s.key + s.value;
}

}  // namespace

std::optional<JvmFlag> heap_flag(const Document& doc, const RuleContext& ctx, bool max)
{
    const std::vector<std::string> keys =
        max ? std::vector<std::string>{"-Xmx", "-XX:MaxHeapSize"} : std::vector<std::string>{"-Xms", "-XX:InitialHeapSize"};
    std::optional<JvmFlag> last;
    for (const Document* d : family(doc, ctx)) {
        for (const Setting& s : d->settings) {
            if (!s.active() || std::find(keys.begin(), keys.end(), s.key) == keys.end()) {
                continue;
            }
            if (const auto parsed = parse_value(ValueType::Size, Dialect::Jvm, s.value)) {
                last = JvmFlag{d, &s, parsed->number};
            }
        }
    }
    return last;
}

void register_jvm_heap_rules(std::vector<std::unique_ptr<Rule>>& rules)
{
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X012",
                 "es-heap-min-max-differ",
                 {FileKind::Jvm},
                 Severity::Error,
                 "-Xms and -Xmx differ, or only one is set: the heap size bootstrap check fails",
                 FixAvailability::Always,
                 {"Compares the Elasticsearch node's initial heap (`-Xms`, `-XX:InitialHeapSize`) with its maximum "
                  "(`-Xmx`, `-XX:MaxHeapSize`) as the launcher combines jvm.options and jvm.options.d/*.options. "
                  "Reported when they differ, or when only one is set (the other then falls back to the JVM's "
                  "default, a fraction of the RAM). Setting neither is fine: Elasticsearch then sizes the heap "
                  "itself, with equal values.",
                  "In production mode (bound to a non-loopback address) Elasticsearch refuses to start when the "
                  "initial heap differs from the maximum: a heap that resizes pauses the node, and memory locking "
                  "cannot cover it.",
                  "Elasticsearch BootstrapChecks (heap size check), JvmOptionsParser and MachineDependentHeap "
                  "(reference/elasticsearch/jvm-options-format.md §3 and §5)",
                  "-Xms4g\n-Xmx8g\n",
                  "-Xms8g\n-Xmx8g\n",
                  "Sets the initial heap to the maximum (or adds the missing flag with the value of the one that is "
                  "there). Unsafe: the node then reserves the whole heap at start."}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            if (!es_node_jvm(doc)) {
                return;
            }
            const auto xmx = heap_flag(doc, ctx, true);
            const auto xms = heap_flag(doc, ctx, false);
            if (!xmx && !xms) {
                return;
            }
            if (xmx && xms) {
                if (xmx->bytes == xms->bytes || xms->doc != &doc) {
                    return;
                }
                Finding& f = emit_at(out, rule, xms->setting, xms->setting->key,
                                     fmt::format("{} != {}{}: Elasticsearch's heap size bootstrap check fails in "
                                                 "production mode (initial heap size [{}] not equal to maximum heap "
                                                 "size [{}]) and the node does not start",
                                                 flag_text(*xms->setting), flag_text(*xmx->setting),
                                                 xmx->doc == &doc ? "" : " (in " + xmx->doc->path + ")",
                                                 static_cast<long long>(xms->bytes), static_cast<long long>(xmx->bytes)));
                f.recommended = xmx->setting->value;
                if (auto edit = replace_value(doc, *xms->setting, xmx->setting->value)) {
                    f.fix = Fix{Applicability::Unsafe,
                                fmt::format("Set {} to the maximum heap {}", xms->setting->key, xmx->setting->value),
                                {*edit}};
                }
                return;
            }
            const JvmFlag& only = xmx ? *xmx : *xms;
            if (only.doc != &doc) {
                return;
            }
            const std::string missing = xmx ? "-Xms" : "-Xmx";
            Finding& f = emit_at(out, rule, only.setting, only.setting->key,
                                 fmt::format("{} without {}: the {} heap falls back to the JVM's default (a fraction "
                                             "of the machine's RAM), not {}; Elasticsearch's heap size bootstrap check "
                                             "fails in production mode and the node does not start",
                                             flag_text(*only.setting), missing, xmx ? "initial" : "maximum",
                                             only.setting->value));
            f.recommended = missing + only.setting->value;
            if (auto edit = add_setting(doc, missing, only.setting->value, {only.setting->key})) {
                f.fix = Fix{Applicability::Unsafe, fmt::format("Add {}{}", missing, only.setting->value), {*edit}};
            }
        }));
    rules.push_back(std::make_unique<FnRule>(
        RuleInfo{"X013",
                 "es-heap-above-compressed-oops",
                 {FileKind::Jvm},
                 Severity::Warning,
                 "The heap is above the compressed-oops threshold (about 31g; zero-based mode about 26g)",
                 FixAvailability::None,
                 {"Finds an Elasticsearch maximum heap (`-Xmx`, `-XX:MaxHeapSize`) above 31g (a warning), or above "
                  "26g (info).",
                  "Below about 32 GB the JVM stores object references in 32 bits (compressed oops). Above it every "
                  "reference doubles, so a 32g heap holds fewer objects than a 31g one; Elasticsearch's own automatic "
                  "sizing stops at 31g. Below about 26g most platforms also get zero-based compressed oops, the "
                  "fastest mode; between 26g and 31g check the node's start-up log line \"compressed ordinary object "
                  "pointers [true]\".",
                  "Elasticsearch heap sizing guidance and MachineDependentHeap (31 GB cap); "
                  "reference/elasticsearch/jvm-options-format.md §3",
                  "-Xms32g\n-Xmx32g\n",
                  "-Xms24g\n-Xmx24g\n",
                  ""}},
        [](const RuleInfo& rule, const Document& doc, const RuleContext& ctx, Emitter& out) {
            if (!es_node_jvm(doc)) {
                return;
            }
            const auto xmx = heap_flag(doc, ctx, true);
            constexpr long double g = 1024.0L * 1024 * 1024;
            if (!xmx || xmx->doc != &doc || xmx->bytes <= 26 * g) {
                return;
            }
            const bool lost = xmx->bytes > 31 * g;
            Finding& f = emit_at(
                out, rule, xmx->setting, xmx->setting->key,
                lost ? fmt::format("{} = {} is above the ~31g compressed-oops threshold: every object reference "
                                   "doubles to 64 bits, so this heap holds fewer objects than a 31g one",
                                   flag_text(*xmx->setting), gib(xmx->bytes))
                     : fmt::format("{} = {} is above ~26g: zero-based compressed oops may be lost on this platform "
                                   "(check the start-up log line on compressed ordinary object pointers)",
                                   flag_text(*xmx->setting), gib(xmx->bytes)));
            if (!lost) {
                f.severity = Severity::Info;
            }
            f.recommended = "31g";
            if (ctx.details) {
                f.details = {{"heap_bytes", static_cast<double>(xmx->bytes)},
                             {"compressed_oops_limit", "31g"},
                             {"zero_based_limit", "26g"}};
            }
        }));
}

}  // namespace streamlint::semantic
