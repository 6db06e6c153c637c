// Fuzz target: fixing never breaks a file that parsed, and fixing converges.
//
// The first byte picks the file's kind (and whether a project file with a deployment is in play, so
// the capacity rules run too); the rest is the file. The file is parsed and linted with every rule,
// then:
//   - every fix is well formed: a title, edits inside the text, sorted and not overlapping;
//   - on a file without a syntax error, each applicable fix (unsafe ones included) applied alone
//     leaves a file without a syntax error, and so does fix_file applying them all;
//   - a second fix_file over the fixed text changes nothing (fixing converges).
#include "fuzz.hpp"

#include <streamlint/discover.hpp>
#include <streamlint/engine.hpp>
#include <streamlint/fix.hpp>
#include <streamlint/rule.hpp>

#include <algorithm>
#include <array>

namespace {

using namespace streamlint;

struct Kind {
    const char* path;
    FileKind kind;
    Syntax syntax;
};

constexpr std::array<Kind, 9> k_kinds{{
    {"server.properties", FileKind::KafkaBroker, Syntax::Properties},
    {"producer.properties", FileKind::KafkaProducer, Syntax::Properties},
    {"consumer.properties", FileKind::KafkaConsumer, Syntax::Properties},
    {"connect-distributed.properties", FileKind::KafkaConnect, Syntax::Properties},
    {"zookeeper.properties", FileKind::ZooKeeper, Syntax::Properties},
    {"flink-conf.yaml", FileKind::Flink, Syntax::FlinkLegacyYaml},
    {"config.yaml", FileKind::Flink, Syntax::FlinkYaml},
    {"index.json", FileKind::ElasticsearchIndex, Syntax::Json},
    {"jvm.options", FileKind::Jvm, Syntax::JvmOptions},
}};

const ProjectConfig& deployment()
{
    static const ProjectConfig cfg = [] {
        ProjectConfig c;
        c.path = "fuzz/.streamlint.yaml";
        c.dir = "fuzz";
        const std::uint64_t gib = 1ULL << 30;
        c.deployment["kafka-broker"] = HostSpec{3, 4, 16 * gib, "ssd", 1024 * gib};
        c.deployment["kafka-controller"] = HostSpec{3, 2, 4 * gib, "ssd", 100 * gib};
        c.deployment["flink-jobmanager"] = HostSpec{1, 2, 4 * gib, std::nullopt, std::nullopt};
        c.deployment["flink-taskmanager"] = HostSpec{3, 8, 16 * gib, std::nullopt, std::nullopt};
        c.deployment["elasticsearch"] = HostSpec{3, 8, 32 * gib, "ssd", 2048 * gib};
        c.workload = Workload{10000.0, 100ULL << 20, 1000, 168ULL * 3600 * 1000};
        return c;
    }();
    return cfg;
}

bool has_syntax_error(const Document& doc)
{
    return std::any_of(doc.notes.begin(), doc.notes.end(),
                       [](const ParseNote& n) { return n.kind == NoteKind::SyntaxError; });
}

std::string first_syntax_error(const Document& doc)
{
    for (const ParseNote& n : doc.notes) {
        if (n.kind == NoteKind::SyntaxError) {
            return n.message;
        }
    }
    return {};
}

}  // namespace

SL_FUZZ_TARGET(fix)
{
    if (size == 0) {
        return 0;
    }
    static const RuleSet rules;
    const Kind& k = k_kinds[data[0] % k_kinds.size()];
    RuleContext ctx;
    ctx.targets = default_targets();
    ctx.project = (data[0] & 0x80) != 0 ? &deployment() : nullptr;
    const RuleSelection all;

    auto lint = [&](std::string text) {
        Relinted out{parse_found(FoundFile{k.path, std::move(text), {k.kind, k.syntax}}, ctx.targets.jdk), {}};
        out.findings = check_document(out.doc, ctx, all, rules);
        std::stable_sort(out.findings.begin(), out.findings.end(), finding_less);
        return out;
    };

    Relinted first = lint(slfuzz::text_of(data + 1, size - 1));
    slfuzz::check_document(first.doc);
    const bool clean = !has_syntax_error(first.doc);
    const FixSettings settings{true, 10};

    for (const Finding& f : first.findings) {
        SL_FUZZ_CHECK(f.file == k.path, f.rule + " reports another file");
        SL_FUZZ_CHECK(!f.message.empty(), f.rule + " without a message");
        if (!f.whole_file) {
            SL_FUZZ_CHECK(f.range.begin <= f.range.end && f.range.end <= first.doc.text.size(),
                          f.rule + " range outside the text");
        }
        if (!f.fix) {
            continue;
        }
        SL_FUZZ_CHECK(!f.fix->title.empty(), f.rule + " fix without a title");
        for (std::size_t i = 0; i < f.fix->edits.size(); ++i) {
            const Edit& e = f.fix->edits[i];
            SL_FUZZ_CHECK(e.range.begin <= e.range.end && e.range.end <= first.doc.text.size(),
                          f.rule + " edit outside the text");
            SL_FUZZ_CHECK(i == 0 || f.fix->edits[i - 1].range.end <= e.range.begin,
                          f.rule + " edits unsorted or overlapping");
        }
        if (clean && fix_applies(*f.fix, settings)) {
            std::vector<const Finding*> applied;
            std::vector<const Finding*> skipped;
            const std::string fixed = apply_fixes(first.doc.text, {&f}, applied, skipped);
            const Relinted after = lint(fixed);
            SL_FUZZ_CHECK(!has_syntax_error(after.doc),
                          f.rule + " (" + f.fix->title + ") breaks the file: " + first_syntax_error(after.doc));
        }
    }

    const Relint relint = [&](std::string text) { return lint(std::move(text)); };
    FileFixResult once = fix_file(std::move(first.doc), std::move(first.findings), relint, settings);
    SL_FUZZ_CHECK(!clean || !has_syntax_error(once.doc), "fix_file broke a file that parsed: " +
                                                             first_syntax_error(once.doc));
    slfuzz::check_document(once.doc);
    const std::string fixed_once = once.fixed;
    FileFixResult twice = fix_file(std::move(once.doc), std::move(once.remaining), relint, settings);
    SL_FUZZ_CHECK(twice.fixed == fixed_once, "fixing did not converge (" + std::to_string(once.passes) +
                                                 " passes, then " + std::to_string(twice.passes) + " more)");
    return 0;
}
