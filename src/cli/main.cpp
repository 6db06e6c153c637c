// The streamlint command line: the only place that knows CLI11. It turns options into LintOptions,
// runs the core, picks the report, and maps the outcome to the exit status of the spec.
#include <streamlint/baseline.hpp>
#include <streamlint/advise.hpp>
#include <streamlint/diff.hpp>
#include <streamlint/packs.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/model.hpp>
#include <streamlint/report.hpp>
#include <streamlint/rule.hpp>
#include <streamlint/text.hpp>
#include <streamlint/units.hpp>
#include <streamlint/write.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <fstream>
#include <iostream>
#include <sstream>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace sl = streamlint;

namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_findings = 1;
constexpr int k_exit_usage = 2;

bool color_for_stdout()
{
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') {
        return false;
    }
    return ::isatty(STDOUT_FILENO) == 1;
}

std::string kinds_help()
{
    return fmt::format("{}", fmt::join(sl::file_kind_names(), ", "));
}

std::string targets_help()
{
    const auto& t = sl::default_targets();
    return fmt::format("kafka=V,flink=V,elasticsearch=V,jdk=N (defaults: kafka={},flink={},elasticsearch={},jdk={})",
                       t.kafka, t.flink, t.elasticsearch, t.jdk);
}

struct CommonOptions {
    std::vector<std::string> paths;
    std::string kind;
    std::string config;
    std::string target;
    std::string format = "text";
    std::vector<std::string> formats;  // check: --format may repeat, each paired with an --output
    std::vector<std::string> rule_dirs;
    std::string max_file_size;
    bool verbose = false;

    void add(CLI::App& cmd, const std::vector<std::string>& allowed, bool repeatable_format = false)
    {
        cmd.add_flag("-v,--verbose", verbose,
                     "Say on stderr which catalog answers for each target and how each file was read");
        cmd.add_option("--max-file-size", max_file_size,
                       "Files larger than this are not read, a finding (S003) says so: 64m by default; k/m/g/t are "
                       "powers of 1024");
        cmd.add_option("--rules", rule_dirs, "Extra rule packs: a directory of rule pack YAML files (repeatable)");
        cmd.add_option("paths", paths, "Files and directories to read (default: .)");
        cmd.add_option("--kind", kind, "Treat the named files as this kind: " + kinds_help());
        cmd.add_option("--config", config, "The project file (default: .streamlint.yaml looked up from each path)");
        cmd.add_option("--target", target, "Versions to check against: " + targets_help());
        if (repeatable_format) {
            cmd.add_option("--format", formats,
                           fmt::format("Report format: {}; repeat `--format F --output FILE` to write several reports",
                                       fmt::join(allowed, ", ")))
                ->check(CLI::IsMember(allowed))
                ->expected(1)
                ->allow_extra_args(false)
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        } else {
            cmd.add_option("--format", format, "Output format")->check(CLI::IsMember(allowed));
        }
    }

    sl::LintOptions to_lint_options() const
    {
        sl::LintOptions o;
        o.paths = paths;
        if (!kind.empty()) {
            o.kind = sl::parse_file_kind(kind);
            if (!o.kind) {
                throw sl::UsageError(fmt::format("--kind: unknown kind `{}` (expected one of: {})", kind, kinds_help()));
            }
        }
        if (!config.empty()) {
            o.config_file = config;
        }
        if (!target.empty()) {
            o.target = target;
        }
        o.rule_dirs = rule_dirs;
        if (!max_file_size.empty()) {
            o.max_file_size = sl::parse_size(max_file_size);
            if (!o.max_file_size || *o.max_file_size == 0) {
                throw sl::UsageError(fmt::format("--max-file-size: `{}` is not a size such as 64m or 1g", max_file_size));
            }
        }
        return o;
    }
};

/// --verbose: the catalogs the targets select (a target between two catalogs gets the nearest one),
/// then each file with its kind and, where its own targets differ from the run's, its catalog.
void write_verbose(std::ostream& err, const sl::LintResult& result)
{
    std::vector<std::string> run;
    for (const auto& [product, text] : sl::describe_catalogs(result.targets)) {
        run.push_back(text);
    }
    err << fmt::format("streamlint: targets: {}\n", fmt::join(run, ", "));
    for (const auto& f : result.files) {
        const std::string kind(sl::to_string(f.doc.kind));
        const std::string product = kind.starts_with("kafka") ? "kafka"
                                    : kind == "flink"         ? "flink"
                                    : kind.starts_with("elasticsearch") ? "elasticsearch"
                                    : kind == "jvm"           ? "jdk"
                                                              : "";
        std::string note;
        for (const auto& [p, text] : sl::describe_catalogs(f.targets)) {
            if (p == product && std::find(run.begin(), run.end(), text) == run.end()) {
                note = " against the " + text;
            }
        }
        err << fmt::format("streamlint: {}: read as {}{}\n", f.doc.path, kind, note);
    }
}

// A path for the a/ and b/ sides of a patch: relative to the working directory, '/'-separated.
std::string patch_path(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p(path);
    if (p.is_absolute()) {
        const fs::path rel = fs::proximate(p, ec);
        if (!ec) {
            p = rel;
        }
    }
    std::string s = p.lexically_normal().generic_string();
    return s.starts_with("./") ? s.substr(2) : s;
}

int exit_for(const sl::LintResult& result, std::optional<sl::Severity> fail_on)
{
    if (!fail_on) {
        return k_exit_clean;
    }
    for (const auto& f : result.findings) {
        if (f.severity >= *fail_on) {
            return k_exit_findings;
        }
    }
    return k_exit_clean;
}

void write_text_file(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
        throw sl::UsageError(fmt::format("cannot write `{}`", path.string()));
    }
}

// docs/rules/: a page a rule plus an index; pages of rules that no longer exist are removed.
void write_docs(const std::string& dir, const sl::RuleSet& set)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::set<std::string> wanted{"README.md"};
    for (const sl::Rule* r : set.rules()) {
        wanted.insert(r->info().id + ".md");
        write_text_file(fs::path(dir) / (r->info().id + ".md"), sl::rule_markdown(*r));
    }
    write_text_file(fs::path(dir) / "README.md", sl::rules_index_markdown(set));
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".md" && !wanted.contains(e.path().filename().string())) {
            fs::remove(e.path(), ec);
        }
    }
}

// One report of `check`: a format and where it goes ("" = stdout).
struct ReportTarget {
    std::string format;
    std::string file;
};

// The format when none is given: GitHub annotations inside GitHub Actions, else text.
std::string default_format()
{
    const char* gha = std::getenv("GITHUB_ACTIONS");
    return gha != nullptr && *gha != '\0' && std::string_view(gha) != "false" ? "github" : "text";
}

// Pairs each --format with an --output in command-line order: an --output belongs to the --format
// just before it that has none yet (or, given first, to the next --format). A --format without one
// writes to stdout; an --output alone takes the default format.
std::vector<ReportTarget> plan_reports(const CLI::App& check, const std::string& fallback)
{
    const CLI::Option* format_opt = check.get_option("--format");
    const CLI::Option* output_opt = check.get_option("--output");
    const auto& format_values = format_opt->results();
    const auto& output_values = output_opt->results();
    std::size_t next_format = 0;
    std::size_t next_output = 0;
    std::vector<ReportTarget> plan;
    std::vector<std::string> pending;  // outputs given before their format
    for (const CLI::Option* opt : check.parse_order()) {
        if (opt == format_opt && next_format < format_values.size()) {
            plan.push_back({format_values[next_format++], ""});
            if (!pending.empty()) {
                plan.back().file = pending.front();
                pending.erase(pending.begin());
            }
        } else if (opt == output_opt && next_output < output_values.size()) {
            const std::string& file = output_values[next_output++];
            if (!plan.empty() && plan.back().file.empty()) {
                plan.back().file = file;
            } else {
                pending.push_back(file);
            }
        }
    }
    if (plan.empty()) {
        plan.push_back({fallback, pending.empty() ? "" : pending.front()});
        if (!pending.empty()) {
            pending.erase(pending.begin());
        }
    }
    if (!pending.empty()) {
        throw sl::UsageError(fmt::format("--output `{}` has no --format of its own (pair them: --format F --output FILE)",
                                         pending.front()));
    }
    std::set<std::string> files;
    std::size_t to_stdout = 0;
    for (const auto& r : plan) {
        if (r.file.empty()) {
            ++to_stdout;
        } else if (!files.insert(r.file).second) {
            throw sl::UsageError(fmt::format("--output `{}` is given twice", r.file));
        }
    }
    if (to_stdout > 1) {
        throw sl::UsageError("only one report can go to stdout: give the others an --output FILE");
    }
    return plan;
}

// The file a report goes to (truncated), or null for stdout. Throws UsageError.
std::unique_ptr<std::ofstream> open_output(const ReportTarget& r)
{
    if (r.file.empty()) {
        return nullptr;
    }
    auto file = std::make_unique<std::ofstream>(r.file, std::ios::binary | std::ios::trunc);
    if (!*file) {
        throw sl::UsageError(fmt::format("--output: cannot write `{}`", r.file));
    }
    return file;
}

// Flushes a written report; throws UsageError when it did not all get out.
void check_written(std::ostream& out, const ReportTarget& r)
{
    out.flush();
    if (!out) {
        throw sl::UsageError(r.file.empty() ? std::string("cannot write the report")
                                            : fmt::format("--output: cannot write `{}`", r.file));
    }
}

void write_reports(const sl::LintResult& result, const std::vector<ReportTarget>& reports)
{
    const char* project_dir = std::getenv("CI_PROJECT_DIR");
    for (const auto& r : reports) {
        const auto file = open_output(r);
        std::ostream& out = file ? *file : std::cout;
        sl::write_report(out, result, r.format, {!file && color_for_stdout()}, project_dir ? project_dir : "");
        check_written(out, r);
    }
}

// The reports of a `check` that needs no finding twice (no fixes, no baseline) and whose formats can
// be written a finding at a time: written while the run goes on, so no finding is kept.
class StreamedReports final : public sl::FindingSink {
public:
    static std::unique_ptr<StreamedReports> open(const std::vector<ReportTarget>& reports)
    {
        auto out = std::unique_ptr<StreamedReports>(new StreamedReports());
        for (const auto& r : reports) {
            auto file = open_output(r);
            std::ostream* stream = file ? file.get() : &std::cout;
            auto writer = sl::report_writer(*stream, r.format, {!file && color_for_stdout()});
            if (!writer) {
                return nullptr;
            }
            out->m_writers.push_back({std::move(file), std::move(writer), stream, r});
        }
        return out;
    }

    void take(std::vector<sl::Finding>& findings,
              const std::function<const sl::Document*(const std::string&)>& doc_of) override
    {
        const sl::Document* doc = nullptr;
        const std::string* doc_path = nullptr;
        for (const sl::Finding& f : findings) {
            if (doc_path == nullptr || *doc_path != f.file) {
                doc = doc_of(f.file);
                doc_path = &f.file;
            }
            for (auto& w : m_writers) {
                w.writer->add(f, doc);
            }
            m_worst = std::max(m_worst.value_or(f.severity), f.severity);
        }
    }

    void finish(const sl::LintResult& result)
    {
        for (auto& w : m_writers) {
            w.writer->finish(result);
            check_written(*w.stream, w.target);
        }
    }

    /// The most severe finding written.
    [[nodiscard]] std::optional<sl::Severity> worst() const { return m_worst; }

private:
    StreamedReports() = default;

    struct Writer {
        std::unique_ptr<std::ofstream> file;  // null for stdout; outlives the writer that writes to it
        std::unique_ptr<sl::ReportWriter> writer;
        std::ostream* stream;
        ReportTarget target;
    };
    std::vector<Writer> m_writers;
    std::optional<sl::Severity> m_worst;
};

// `advise`: the options, and running it.
struct AdviseCli {
    std::string config;
    std::string profile = "guide";
    std::string out_dir;
    std::string diff_path;
    std::string format = "text";
    std::string target;
    std::vector<std::string> roles;
    std::optional<std::int64_t> count, cores;
    std::string memory, disk, disk_type, eps, bps, p95, retention;

    void add(CLI::App& cmd)
    {
        cmd.add_option("--config", config, "The project file (default: .streamlint.yaml looked up from here)");
        cmd.add_option("--profile", profile, "guide (the guide's values where they fit), throughput, latency or durability")
            ->check(CLI::IsMember({"guide", "throughput", "latency", "durability"}));
        cmd.add_option("--out", out_dir, "Write the configs (and their .streamlint.yaml) into DIR");
        cmd.add_option("--diff", diff_path, "Print a patch that brings the configs under PATH to the advice");
        cmd.add_option("--format", format, "Report format")->check(CLI::IsMember({"text", "json"}));
        cmd.add_option("--target", target, "Versions to write for: " + targets_help());
        cmd.add_option("--role", roles,
                       "Only these roles (repeatable): kafka-broker, kafka-producer, kafka-consumer, flink, "
                       "flink-jobmanager, flink-taskmanager, elasticsearch");
        cmd.add_option("--count", count, "Hosts of the role(s)");
        cmd.add_option("--cores", cores, "Cores of each host of the role(s)");
        cmd.add_option("--memory", memory, "Memory of each host of the role(s) (16g)");
        cmd.add_option("--disk", disk, "Disk size of each host of the role(s) (1t)");
        cmd.add_option("--disk-type", disk_type, "Disk type of the role(s): ssd, nvme, hdd, network");
        cmd.add_option("--events-per-second", eps, "Workload: events per second");
        cmd.add_option("--bytes-per-second", bps, "Workload: bytes per second (100m)");
        cmd.add_option("--latency-p95", p95, "Workload: p95 end-to-end latency target (1s)");
        cmd.add_option("--retention", retention, "Workload: retention (168h)");
    }
};

// The project file `advise` reads, with the quick-run options laid over it.
sl::ProjectConfig advise_project(const AdviseCli& o)
{
    sl::ProjectConfig project;
    const std::string file = o.config.empty() ? sl::find_project_file(".") : o.config;
    if (!file.empty()) {
        project = sl::load_project_file(file);
    }
    std::string yaml;  // the quick-run options, validated by the project file's own reader
    std::vector<std::string> host_roles;
    for (const auto& r : o.roles) {
        if (r == "flink") {
            host_roles.insert(host_roles.end(), {"flink-jobmanager", "flink-taskmanager"});
        } else if (r == "kafka-broker" || r == "elasticsearch" || r.starts_with("flink-")) {
            host_roles.push_back(r);
        }
    }
    if (host_roles.empty()) {
        host_roles = {"kafka-broker", "flink-jobmanager", "flink-taskmanager", "elasticsearch"};
    }
    std::vector<std::string> host;
    if (o.count) {
        host.push_back(fmt::format("count: {}", *o.count));
    }
    if (o.cores) {
        host.push_back(fmt::format("cores: {}", *o.cores));
    }
    if (!o.memory.empty()) {
        host.push_back("memory: \"" + o.memory + "\"");
    }
    if (!o.disk.empty() || !o.disk_type.empty()) {
        std::vector<std::string> d;
        if (!o.disk.empty()) {
            d.push_back("size: \"" + o.disk + "\"");
        }
        if (!o.disk_type.empty()) {
            d.push_back("type: \"" + o.disk_type + "\"");
        }
        host.push_back(fmt::format("disk: {{{}}}", fmt::join(d, ", ")));
    }
    std::vector<std::string> wl;
    for (const auto& [k, v] : {std::pair{"events-per-second", o.eps}, std::pair{"bytes-per-second", o.bps},
                               std::pair{"latency-p95", o.p95}, std::pair{"retention", o.retention}}) {
        if (!v.empty()) {
            wl.push_back(fmt::format("{}: \"{}\"", k, v));
        }
    }
    if (host.empty() && wl.empty()) {
        return project;
    }
    if (!host.empty()) {
        yaml += "deployment:\n";
        for (const auto& r : host_roles) {
            yaml += fmt::format("  {}: {{{}}}\n", r, fmt::join(host, ", "));
        }
    }
    if (!wl.empty()) {
        yaml += fmt::format("workload: {{{}}}\n", fmt::join(wl, ", "));
    }
    // Parse the options through the project file reader, so they get its validation and messages.
    const std::string tmp = (std::filesystem::temp_directory_path() /
                             fmt::format("streamlint-advise-{}.yaml", ::getpid())).string();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << yaml;
    }
    sl::ProjectConfig quick;
    try {
        quick = sl::load_project_file(tmp);
    } catch (const sl::UsageError& e) {
        std::filesystem::remove(tmp);
        std::string msg = e.what();
        const auto colon = msg.find(": ", msg.find(tmp) + tmp.size());
        throw sl::UsageError("advise: " + (colon == std::string::npos ? msg : msg.substr(colon + 2)));
    }
    std::filesystem::remove(tmp);
    for (const auto& [role, spec] : quick.deployment) {
        sl::HostSpec& h = project.deployment[role];
        h.count = spec.count ? spec.count : h.count;
        h.cores = spec.cores ? spec.cores : h.cores;
        h.memory = spec.memory ? spec.memory : h.memory;
        h.disk_type = spec.disk_type ? spec.disk_type : h.disk_type;
        h.disk_size = spec.disk_size ? spec.disk_size : h.disk_size;
    }
    auto& w = project.workload;
    w.events_per_second = quick.workload.events_per_second ? quick.workload.events_per_second : w.events_per_second;
    w.bytes_per_second = quick.workload.bytes_per_second ? quick.workload.bytes_per_second : w.bytes_per_second;
    w.latency_p95_ms = quick.workload.latency_p95_ms ? quick.workload.latency_p95_ms : w.latency_p95_ms;
    w.retention_ms = quick.workload.retention_ms ? quick.workload.retention_ms : w.retention_ms;
    return project;
}

int run_advise(const AdviseCli& o)
{
    if (!o.out_dir.empty() && !o.diff_path.empty()) {
        throw sl::UsageError("advise: --out and --diff exclude each other");
    }
    const sl::ProjectConfig project = advise_project(o);
    sl::Targets targets = project.targets(sl::default_targets());
    if (!o.target.empty()) {
        targets = sl::parse_target_option(o.target, targets);
    }
    sl::AdviseOptions options;
    options.profile = *sl::parse_profile(o.profile);
    for (const auto& r : o.roles) {
        static const std::set<std::string> known{"kafka-broker",     "kafka-producer",    "kafka-consumer", "flink",
                                                 "flink-jobmanager", "flink-taskmanager", "elasticsearch"};
        if (!known.contains(r)) {
            std::vector<std::string> names(known.begin(), known.end());
            const auto hint = sl::did_you_mean(r, names);
            throw sl::UsageError(fmt::format("advise: unknown role `{}`{}", r,
                                             hint ? fmt::format(" (did you mean `{}`?)", *hint) : ""));
        }
        options.roles.push_back(r.starts_with("flink") ? "flink" : r);
    }
    const sl::AdviceResult result = sl::advise(project, targets, options);

    if (!o.diff_path.empty()) {
        namespace fs = std::filesystem;
        std::string patch;
        for (const sl::AdvisedFile& advised : result.files) {
            sl::AdvisedFile f = advised;
            // Flink 1.19 and 1.20 read flink-conf.yaml when it exists: the advice goes there.
            const fs::path legacy = fs::path(o.diff_path) / "flink/flink-conf.yaml";
            std::error_code lec;
            if (f.kind == sl::FileKind::Flink && f.syntax == sl::Syntax::FlinkYaml &&
                sl::compare_versions(targets.flink, "2.0") < 0 && fs::is_regular_file(legacy, lec)) {
                f.path = "flink/flink-conf.yaml";
                f.syntax = sl::Syntax::FlinkLegacyYaml;
            }
            const fs::path path = fs::path(o.diff_path) / f.path;
            std::error_code ec;
            const bool exists = fs::is_regular_file(path, ec);
            std::string before;
            if (exists) {
                std::ifstream in(path, std::ios::binary);
                before.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
            const std::string after = exists ? sl::merge_advice(f, path.string(), before) : f.text;
            const std::string name = patch_path(path.string());
            patch += sl::unified_diff(before, after, exists ? "a/" + name : "/dev/null", "b/" + name);
        }
        std::cout << patch;
        return patch.empty() ? k_exit_clean : k_exit_findings;
    }
    if (!o.out_dir.empty()) {
        namespace fs = std::filesystem;
        for (const auto& f : result.files) {
            const fs::path path = fs::path(o.out_dir) / f.path;
            std::error_code ec;
            fs::create_directories(path.parent_path(), ec);
            write_text_file(path, f.text);
        }
        write_text_file(fs::path(o.out_dir) / ".streamlint.yaml", sl::advised_project_file(project, result));
    }
    if (o.format == "json") {
        std::cout << sl::advice_json(result).dump(2) << "\n";
    } else {
        sl::write_advice_text(std::cout, result);
        if (!o.out_dir.empty()) {
            std::cout << fmt::format("\nWrote {} files and .streamlint.yaml into {}\n", result.files.size(), o.out_dir);
        }
    }
    return k_exit_clean;
}

int run(int argc, char** argv)
{
    CLI::App app{"streamlint: configuration linter and tuning advisor for Kafka, Flink, Elasticsearch and the JVM",
                 "streamlint"};
    app.set_version_flag("--version", std::string("streamlint ") + std::string(sl::version()));
    app.require_subcommand(1);
    const sl::Targets& defaults = sl::default_targets();
    app.footer(fmt::format("Default targets, the newest catalogs: kafka={}, flink={}, elasticsearch={}, jdk={}. A target "
                           "between two catalogs is checked with the nearest one (`check --verbose` says which).",
                           defaults.kafka, defaults.flink, defaults.elasticsearch, defaults.jdk));

    // check
    CLI::App* check = app.add_subcommand("check", "Lint config files and directories");
    CommonOptions check_opts;
    check_opts.add(*check, sl::report_formats(), true);
    std::vector<std::string> outputs;
    std::string fail_on_text;
    std::string select_text;
    std::vector<std::string> ignore_list;
    check->add_option("--output", outputs, "Write the report of the --format before it to this file instead of stdout")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    std::string baseline_file;
    std::string write_baseline_file;
    std::string changed_since;
    bool skip_unrecognised = false;
    check->add_option("--baseline", baseline_file,
                      "Hide the findings recorded in this baseline file (default: the project file's `baseline:`)");
    check->add_option("--write-baseline", write_baseline_file,
                      "Record the current findings in this baseline file and exit 0");
    check->add_option("--changed-since", changed_since,
                      "Lint only the files that differ from this git revision (committed, staged, unstaged, untracked)");
    check->add_flag("--skip-unrecognised", skip_unrecognised,
                    "Skip named files whose kind cannot be told instead of failing (for pre-commit, which names "
                    "every matching file)");
    check->add_option("--fail-on", fail_on_text, "Lowest severity that makes the exit status 1: error, warning "
                                                 "(default), info or never")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    bool want_diff = false;
    bool want_fix = false;
    bool unsafe_fixes = false;
    check->add_flag("--diff", want_diff, "Print the fixes as one unified diff on stdout; change nothing");
    check->add_flag("--fix", want_fix, "Apply the fixes in place, then report what remains");
    check->add_flag("--unsafe-fixes", unsafe_fixes, "With --fix or --diff, also apply fixes marked unsafe");
    check->add_option("--select", select_text, "Only these rules: comma-separated ids, id prefixes or names");
    check->add_option("--ignore", ignore_list, "Skip these rules: comma-separated ids, id prefixes or names")
        ->delimiter(',');

    // show
    CLI::App* show = app.add_subcommand("show", "Show how streamlint reads each file: kind and effective settings");
    CommonOptions show_opts;
    show_opts.add(*show, {"text", "json"});

    // rules
    CLI::App* rules = app.add_subcommand("rules", "List every rule");
    std::string rules_format = "text";
    std::vector<std::string> extra_rule_dirs;
    rules->add_option("--format", rules_format, "Output format")->check(CLI::IsMember({"text", "json"}));
    rules->add_option("--rules", extra_rule_dirs, "Also list the rules of these rule pack directories");
    std::string docs_dir;
    rules->add_option("--write-docs", docs_dir, "Write one Markdown page a rule and an index (README.md) into DIR");

    // explain
    CLI::App* explain = app.add_subcommand("explain", "Show a rule's documentation");
    std::string rule_name;
    explain->add_option("rule", rule_name, "Rule id or name")->required();
    explain->add_option("--rules", extra_rule_dirs, "Also look in these rule pack directories");

    // advise
    CLI::App* advise_cmd = app.add_subcommand("advise", "Recommended configs for the machines and workload, with the arithmetic");
    AdviseCli advise_opts;
    advise_opts.add(*advise_cmd);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "streamlint: " << e.what() << " (see `streamlint --help`)\n";
        return k_exit_usage;
    }

    if (advise_cmd->parsed()) {
        return run_advise(advise_opts);
    }
    if (rules->parsed()) {
        const auto set = sl::load_rules(extra_rule_dirs);
        if (!docs_dir.empty()) {
            write_docs(docs_dir, *set);
            return k_exit_clean;
        }
        rules_format == "json" ? sl::write_rules_json(std::cout, *set) : sl::write_rules_text(std::cout, *set);
        return k_exit_clean;
    }
    if (explain->parsed()) {
        const auto set = sl::load_rules(extra_rule_dirs);
        const sl::Rule* rule = set->find(rule_name);
        if (rule == nullptr) {
            std::vector<std::string> names;
            for (const sl::Rule* r : set->rules()) {
                names.push_back(r->info().id);
                names.push_back(r->info().name);
            }
            const auto hint = sl::did_you_mean(rule_name, names);
            std::cerr << fmt::format("streamlint: unknown rule `{}`{}\n", rule_name,
                                     hint ? fmt::format(" (did you mean `{}`?)", *hint) : "");
            return k_exit_usage;
        }
        sl::write_explain(std::cout, *rule);
        return k_exit_clean;
    }

    const bool is_check = check->parsed();
    CommonOptions& common = is_check ? check_opts : show_opts;
    sl::LintOptions options = common.to_lint_options();
    if (is_check) {
        if (!select_text.empty()) {
            options.select = sl::split(select_text, ',');
        }
        options.ignore = ignore_list;
        if (!changed_since.empty()) {
            options.changed_since = changed_since;
        }
        options.skip_unrecognised = skip_unrecognised;
        // Without fixes, a checked file keeps only what the reports need.
        options.lean = !want_diff && !want_fix;
        if (!write_baseline_file.empty() && want_diff) {
            throw sl::UsageError("--write-baseline does not go with --diff: record the findings without it");
        }
    }
    if (is_check && want_diff && want_fix) {
        throw sl::UsageError("--diff and --fix exclude each other: --diff shows what --fix would write");
    }
    if (is_check && unsafe_fixes && !want_diff && !want_fix) {
        throw sl::UsageError("--unsafe-fixes goes with --fix or --diff");
    }
    const std::vector<ReportTarget> reports = is_check ? plan_reports(*check, default_format()) : std::vector<ReportTarget>{};
    if (is_check) {
        // Only the JSON report reads a finding's details.
        options.details = std::any_of(reports.begin(), reports.end(), [](const ReportTarget& r) { return r.format == "json"; });
    }
    // Reports that need every finding only once are written as the run goes (flat memory); --verbose
    // lists every file at the end, so it keeps them.
    std::unique_ptr<StreamedReports> streamed;
    if (is_check && options.lean && !common.verbose && write_baseline_file.empty() && baseline_file.empty() &&
        !sl::project_baseline(options)) {
        streamed = StreamedReports::open(reports);
        options.sink = streamed.get();
    }
    sl::LintResult result = sl::run_lint(options);
    if (common.verbose) {
        write_verbose(std::cerr, result);
    }

    std::optional<sl::Severity> fail_on = sl::Severity::Warning;
    if (result.fail_on) {
        fail_on = result.fail_on->level;
    }
    if (!fail_on_text.empty()) {
        fail_on = sl::parse_fail_on(fail_on_text)->level;
    }
    if (streamed) {
        streamed->finish(result);
        return fail_on && streamed->worst() && *streamed->worst() >= *fail_on ? k_exit_findings : k_exit_clean;
    }

    if (is_check && (want_diff || want_fix)) {
        // --diff and --fix share this path: the same fixes, the same result.
        sl::FixSettings settings;
        settings.unsafe = unsafe_fixes;
        const std::vector<sl::FixedFile> fixed = sl::fix_all(result, settings);
        std::size_t count = 0;
        for (const auto& f : fixed) {
            count += f.applied.size();
        }
        if (want_diff) {
            for (const auto& f : fixed) {
                const std::string name = patch_path(f.path);
                std::cout << sl::unified_diff(f.original, f.fixed, "a/" + name, "b/" + name);
            }
            std::cout.flush();
            std::cerr << fmt::format("{} fix{} in {} file{} would be applied.\n", count, count == 1 ? "" : "es",
                                     fixed.size(), fixed.size() == 1 ? "" : "s");
            return fixed.empty() ? exit_for(result, fail_on) : k_exit_findings;
        }
        bool refused = false;
        std::size_t written = 0;
        for (const auto& f : fixed) {
            const std::string why = sl::write_file_atomically(f.path, f.fixed, f.original);
            if (!why.empty()) {
                std::cerr << fmt::format("streamlint: {}: not fixed: {}\n", f.path, why);
                refused = true;
                continue;
            }
            ++written;
        }
        std::cerr << fmt::format("Fixed {} finding{} in {} file{}.\n", count, count == 1 ? "" : "s", written,
                                 written == 1 ? "" : "s");
        if (refused) {
            fail_on = sl::Severity::Info;  // a refused file is never a clean run
            if (result.findings.empty()) {
                return k_exit_findings;
            }
        }
    }

    if (!is_check) {
        common.format == "json" ? sl::write_show_json(std::cout, result)
                                : sl::write_show_text(std::cout, result, {color_for_stdout()});
        return k_exit_clean;
    }
    if (!write_baseline_file.empty()) {
        // Everything found now is recorded (an older baseline is replaced, not applied).
        const std::size_t n = sl::write_baseline(result, write_baseline_file);
        write_reports(result, reports);
        std::cerr << fmt::format("Recorded {} finding{} in the baseline `{}`.\n", n, n == 1 ? "" : "s",
                                 write_baseline_file);
        return k_exit_clean;
    }
    if (!baseline_file.empty()) {
        sl::apply_baseline(result, sl::read_baseline(baseline_file));
    } else if (result.baseline_file) {
        sl::apply_baseline(result, sl::read_baseline(*result.baseline_file));
    }
    write_reports(result, reports);
    return exit_for(result, fail_on);
}

/// Pre-faults the heap, grown now by 1 MiB, in one system call. Each first touch of a page otherwise
/// traps into the kernel on its own; on the virtual machines CI runs on, a trap costs about 20 µs, and
/// a check of one small file wrote some 200 fresh heap pages (bench/run.sh, start-up). The JVM's
/// -XX:+AlwaysPreTouch does the same for its heap. Kernels before 5.14 do not know
/// MADV_POPULATE_WRITE: the pages are then touched as used, as before. (Mapping the program's code the
/// same way was measured too: it costs what it saves.) A constructor of priority 101 runs before the
/// program's static initialisers, so their allocations land in the pre-faulted heap too.
__attribute__((constructor(101))) void pretouch_heap()
{
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer has a heap of its own
    // The heap grows in steps of 1 MiB from now on, and blocks up to 512 KiB come from it. One block
    // larger than what is left at its top takes the next step now (touching two pages, not one every
    // 64 KiB as smaller blocks would); the heap, from its start, is then pre-faulted.
    constexpr std::size_t k_step = std::size_t{1} << 20;
    constexpr std::size_t k_block = std::size_t{256} << 10;
    constexpr std::uintptr_t k_page = 4096;
    mallopt(M_TOP_PAD, static_cast<int>(k_step));
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(2 * k_block));
    void* volatile block = std::malloc(k_block);  // volatile: a malloc/free pair may be elided
    std::free(block);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t begin = (end - mallinfo2().arena) & ~(k_page - 1);
    if (end > begin) {
        (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
    }
#endif
}

}  // namespace

namespace {

int run_and_report(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const sl::UsageError& e) {
        std::cerr << "streamlint: " << e.what() << '\n';
        return k_exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "streamlint: internal error: " << e.what() << '\n';
        return k_exit_usage;
    } catch (...) {
        std::cerr << "streamlint: internal error\n";
        return k_exit_usage;
    }
}

}  // namespace

int main(int argc, char** argv)
{
    // A report can be megabytes (5.9 MB on the 1000-directory benchmark): to a pipe or a file it goes
    // out in 64 KiB writes instead of stdio's 4 KiB ones (91 system calls there instead of 1,443). A
    // terminal keeps its line buffering.
    static std::array<char, 1 << 16> stdout_buffer;
    if (::isatty(STDOUT_FILENO) != 1) {
        std::setvbuf(stdout, stdout_buffer.data(), _IOFBF, stdout_buffer.size());
    }
    const int code = run_and_report(argc, argv);
#if defined(__SANITIZE_ADDRESS__)
    return code;  // LeakSanitizer checks at exit
#else
    // Everything is written and closed by now. What is left is freeing the rule table and the
    // catalogs, a tenth of the work of a one-file run, which the kernel does at once; compilers
    // skip it the same way.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#endif
}
