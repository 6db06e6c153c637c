// The streamlint command line: the only place that knows CLI11. It turns options into LintOptions,
// runs the core, picks the report, and maps the outcome to the exit status of the spec.
#include <streamlint/diff.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/model.hpp>
#include <streamlint/report.hpp>
#include <streamlint/rule.hpp>
#include <streamlint/text.hpp>
#include <streamlint/write.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <fstream>
#include <iostream>
#include <sstream>

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
    std::vector<std::string> rule_dirs;

    void add(CLI::App& cmd, const std::vector<std::string>& formats)
    {
        cmd.add_option("--rules", rule_dirs, "Extra rule packs: a directory of rule pack YAML files (repeatable)");
        cmd.add_option("paths", paths, "Files and directories to read (default: .)");
        cmd.add_option("--kind", kind, "Treat the named files as this kind: " + kinds_help());
        cmd.add_option("--config", config, "The project file (default: .streamlint.yaml looked up from each path)");
        cmd.add_option("--target", target, "Versions to check against: " + targets_help());
        cmd.add_option("--format", format, "Output format")->check(CLI::IsMember(formats));
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
        return o;
    }
};

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

int run(int argc, char** argv)
{
    CLI::App app{"streamlint: configuration linter and tuning advisor for Kafka, Flink, Elasticsearch and the JVM",
                 "streamlint"};
    app.set_version_flag("--version", std::string("streamlint ") + std::string(sl::version()));
    app.require_subcommand(1);

    // check
    CLI::App* check = app.add_subcommand("check", "Lint config files and directories");
    CommonOptions check_opts;
    check_opts.add(*check, {"text", "json"});
    std::string output;
    std::string fail_on_text;
    std::string select_text;
    std::vector<std::string> ignore_list;
    check->add_option("--output", output, "Write the report to this file instead of stdout");
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
    }
    sl::LintResult result = sl::run_lint(options);

    std::optional<sl::Severity> fail_on = sl::Severity::Warning;
    if (result.fail_on) {
        fail_on = result.fail_on->level;
    }
    if (!fail_on_text.empty()) {
        fail_on = sl::parse_fail_on(fail_on_text)->level;
    }

    if (is_check && want_diff && want_fix) {
        throw sl::UsageError("--diff and --fix exclude each other: --diff shows what --fix would write");
    }
    if (is_check && unsafe_fixes && !want_diff && !want_fix) {
        throw sl::UsageError("--unsafe-fixes goes with --fix or --diff");
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

    std::ofstream file_out;
    std::ostream* out = &std::cout;
    bool color = color_for_stdout();
    if (is_check && !output.empty()) {
        file_out.open(output, std::ios::binary | std::ios::trunc);
        if (!file_out) {
            throw sl::UsageError(fmt::format("--output: cannot write `{}`", output));
        }
        out = &file_out;
        color = false;
    }
    if (!is_check) {
        common.format == "json" ? sl::write_show_json(*out, result) : sl::write_show_text(*out, result, {color});
        return k_exit_clean;
    }
    common.format == "json" ? sl::write_json_report(*out, result) : sl::write_text_report(*out, result, {color});
    out->flush();
    if (!*out) {
        throw sl::UsageError("cannot write the report");
    }
    return exit_for(result, fail_on);
}

}  // namespace

int main(int argc, char** argv)
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
