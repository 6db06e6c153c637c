#include <streamlint/discover.hpp>
#include <streamlint/engine.hpp>
#include <streamlint/git.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/packs.hpp>
#include <streamlint/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <filesystem>
#include <map>

namespace streamlint {

namespace fs = std::filesystem;

std::string_view version()
{
    return STREAMLINT_VERSION;
}

namespace {

/// Loads each project file once, and finds the one that governs a file.
class ProjectFiles {
public:
    explicit ProjectFiles(const std::optional<std::string>& forced)
    {
        if (forced) {
            m_forced = std::make_shared<const ProjectConfig>(load_project_file(*forced));
        }
    }

    std::shared_ptr<const ProjectConfig> for_file(const std::string& path)
    {
        if (m_forced) {
            return m_forced;
        }
        const std::string dir = fs::path(path).parent_path().string();
        auto [it, inserted] = m_by_dir.try_emplace(dir);
        if (inserted) {
            const std::string file = find_project_file(dir.empty() ? "." : dir);
            if (!file.empty()) {
                auto [pit, pinserted] = m_by_path.try_emplace(file);
                if (pinserted) {
                    pit->second = std::make_shared<const ProjectConfig>(load_project_file(file));
                }
                it->second = pit->second;
            }
        }
        return it->second;
    }

private:
    std::shared_ptr<const ProjectConfig> m_forced;
    std::map<std::string, std::shared_ptr<const ProjectConfig>> m_by_dir;
    std::map<std::string, std::shared_ptr<const ProjectConfig>> m_by_path;
};

RuleSelection selection_for(const LintOptions& options, const ProjectConfig* cfg, const std::string& file)
{
    RuleSelection sel;
    if (cfg != nullptr) {
        sel.select = cfg->select;
        sel.ignore = cfg->ignore;
        sel.severity = cfg->severity;
        std::error_code ec;
        const fs::path abs_file = fs::weakly_canonical(fs::absolute(file, ec), ec);
        const fs::path abs_dir = fs::weakly_canonical(fs::absolute(cfg->dir.empty() ? "." : cfg->dir, ec), ec);
        const std::string relative = abs_file.lexically_relative(abs_dir).generic_string();
        for (const auto& pfi : cfg->per_file_ignores) {
            if (glob_match(pfi.pattern, relative)) {
                sel.file_ignores.insert(sel.file_ignores.end(), pfi.rules.begin(), pfi.rules.end());
            }
        }
    }
    if (options.select) {
        sel.select = *options.select;
    }
    sel.ignore.insert(sel.ignore.end(), options.ignore.begin(), options.ignore.end());
    return sel;
}

/// Runs job(0..n-1) on up to one thread a core; the first exception is rethrown after all joined.
void run_parallel(std::size_t n, const std::function<void(std::size_t)>& job)
{
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    const std::size_t workers = std::min(cores, n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            job(i);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    {
        std::vector<std::jthread> threads;
        for (std::size_t w = 0; w < workers; ++w) {
            threads.emplace_back([&] {
                for (std::size_t i = next++; i < n; i = next++) {
                    try {
                        job(i);
                    } catch (...) {
                        std::lock_guard lock(error_mutex);
                        if (!error) {
                            error = std::current_exception();
                        }
                    }
                }
            });
        }
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

}  // namespace

std::shared_ptr<const RuleSet> load_rules(const std::vector<std::string>& dirs)
{
    auto set = std::make_shared<RuleSet>();
    std::vector<std::string> seen;
    for (const auto& dir : dirs) {
        std::error_code ec;
        const std::string canonical = fs::weakly_canonical(dir, ec).string();
        if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) {
            continue;
        }
        seen.push_back(canonical);
        set->add(load_rule_pack_dir(dir));
    }
    return set;
}

Relinted relint_file(const LintedFile& file, std::string text, const RuleSet& rules)
{
    FoundFile found{file.doc.path, std::move(text), {file.doc.kind, file.doc.syntax}};
    Relinted out{parse_found(std::move(found), file.targets.jdk), {}};
    RuleContext ctx;
    ctx.targets = file.targets;
    ctx.project = file.config.get();
    out.findings = check_document(out.doc, ctx, file.selection, rules);
    std::stable_sort(out.findings.begin(), out.findings.end(), finding_less);
    return out;
}

std::vector<FixedFile> fix_all(LintResult& result, const FixSettings& settings)
{
    std::vector<FixedFile> changed;
    std::map<std::string, std::vector<Finding>> by_file;
    std::vector<Finding> others;  // findings of files that were not parsed (unreadable)
    for (auto& f : result.findings) {
        by_file[f.file].push_back(std::move(f));
    }
    result.findings.clear();
    for (LintedFile& file : result.files) {
        std::vector<Finding> findings = std::move(by_file[file.doc.path]);
        by_file.erase(file.doc.path);
        const bool any = std::any_of(findings.begin(), findings.end(),
                                     [&](const Finding& f) { return f.fix && fix_applies(*f.fix, settings); });
        if (!any) {
            for (auto& f : findings) {
                result.findings.push_back(std::move(f));
            }
            continue;
        }
        const std::string path = file.doc.path;
        Document doc = std::move(file.doc);
        FileFixResult fixed = fix_file(
            std::move(doc), std::move(findings),
            [&](std::string text) { return relint_file(file, std::move(text), *result.rules); }, settings);
        file.doc = std::move(fixed.doc);
        for (auto& f : fixed.remaining) {
            result.findings.push_back(std::move(f));
        }
        if (fixed.fixed != fixed.original) {
            changed.push_back({path, std::move(fixed.original), std::move(fixed.fixed), std::move(fixed.applied)});
        }
    }
    for (auto& [path, rest] : by_file) {
        for (auto& f : rest) {
            result.findings.push_back(std::move(f));
        }
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), finding_less);
    return changed;
}

LintResult run_lint(const LintOptions& options)
{
    LintResult result;
    result.targets = options.target ? parse_target_option(*options.target, default_targets()) : default_targets();
    const std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;

    ProjectFiles projects(options.config_file);
    Discovery found = discover(paths, options.kind);
    if (options.changed_since) {
        keep_changed_files(found, changed_files(*options.changed_since));
    }

    // Extra rule packs: --rules, then the `rules:` of every project file in play (relative to it).
    std::vector<std::string> rule_dirs = options.rule_dirs;
    for (const auto& file : found.files) {
        if (auto cfg = projects.for_file(file.path)) {
            for (const auto& dir : cfg->rules) {
                rule_dirs.push_back((fs::path(cfg->dir.empty() ? "." : cfg->dir) / dir).lexically_normal().string());
            }
        }
    }
    result.rules = load_rules(rule_dirs);

    for (Finding& problem : found.problems) {
        auto cfg = projects.for_file(problem.file);
        std::vector<Finding> one{std::move(problem)};
        apply_selection(one, selection_for(options, cfg.get(), one.front().file));
        for (auto& f : one) {
            result.findings.push_back(std::move(f));
        }
    }

    // What each file is checked against is settled first, in order (project files load once); the
    // parsing and checking then run on every core, each file on its own.
    result.files.reserve(found.files.size());
    for (FoundFile& file : found.files) {
        auto cfg = projects.for_file(file.path);
        // --target beats the project file, which beats the defaults.
        Targets targets = cfg ? cfg->targets(default_targets()) : default_targets();
        if (options.target) {
            targets = parse_target_option(*options.target, targets);
        }
        RuleSelection selection = selection_for(options, cfg.get(), file.path);
        result.files.push_back({Document(), cfg, targets, std::move(selection)});
    }
    std::vector<std::vector<Finding>> per_file(found.files.size());
    run_parallel(found.files.size(), [&](std::size_t i) {
        LintedFile& linted = result.files[i];
        linted.doc = parse_found(std::move(found.files[i]), linted.targets.jdk);
        RuleContext ctx;
        ctx.targets = linted.targets;
        ctx.project = linted.config.get();
        per_file[i] = check_document(linted.doc, ctx, linted.selection, *result.rules);
    });
    for (auto& findings : per_file) {
        for (auto& f : findings) {
            result.findings.push_back(std::move(f));
        }
    }

    // fail-on is a property of the run: the project file of the first path (or --config) decides.
    std::error_code ec;
    const std::string first = fs::is_directory(paths.front(), ec) ? paths.front() + "/.streamlint.yaml"
                                                                  : paths.front();
    if (auto cfg = projects.for_file(first); cfg && cfg->fail_on) {
        result.fail_on = cfg->fail_on;
    }
    // So is the baseline: the same project file's `baseline:`, relative to its directory.
    if (auto cfg = projects.for_file(first); cfg && cfg->baseline) {
        result.baseline_file = (fs::path(cfg->dir.empty() ? "." : cfg->dir) / *cfg->baseline).lexically_normal().string();
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), finding_less);
    return result;
}

}  // namespace streamlint
