#include <streamlint/deployment.hpp>
#include <streamlint/discover.hpp>
#include <streamlint/engine.hpp>
#include <streamlint/git.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/packs.hpp>
#include <streamlint/text.hpp>

#include "order.hpp"
#include "parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace streamlint {

namespace fs = std::filesystem;

std::string_view version()
{
    return STREAMLINT_VERSION;
}

std::size_t file_count(const LintResult& result)
{
    std::size_t n = result.released.files;
    for (std::size_t i = 0; i < result.files.size(); ++i) {
        n += i == 0 || result.files[i].doc.path != result.files[i - 1].doc.path ? 1 : 0;
    }
    return n;
}

namespace {

/// RuleContext::run is in path order.
bool by_path(const Document* a, const Document* b)
{
    return a->path < b->path;
}

/// Loads each project file once, and finds the one that governs a file.
class ProjectFiles {
public:
    explicit ProjectFiles(const std::optional<std::string>& forced)
    {
        if (forced) {
            m_forced = std::make_shared<const ProjectConfig>(load_project_file(*forced));
        }
        std::error_code ec;
        m_cwd = fs::current_path(ec);
    }

    /// Directories known to hold no project file (Candidates::bare_dirs): their answer is the one of
    /// the directory above, with no question to the file system.
    void add_bare_dirs(std::vector<std::string> dirs)
    {
        for (auto& d : dirs) {
            m_bare.insert(std::move(d));
        }
    }

    /// The project file that governs `path` (a path from discovery), "" for none.
    const std::string& file_for(const std::string& path)
    {
        // The directory by string (paths from discovery are normal): this runs for every file.
        const std::string own = parent_of(path);
        if (const auto it = m_file_by_dir.find(own); it != m_file_by_dir.end()) {
            return it->second;
        }
        std::string dir = own;
        // Up through the bare directories to one whose answer is known or must be asked for.
        std::vector<std::string> chain;
        while (m_bare.contains(dir) && !m_file_by_dir.contains(dir)) {
            std::string up = parent_of(dir);
            chain.push_back(std::move(dir));
            dir = std::move(up);
            if (dir == chain.back()) {
                break;  // "/"
            }
        }
        auto [it, inserted] = m_file_by_dir.try_emplace(dir);
        if (inserted) {
            it->second = project_file_above(dir.empty() ? "." : dir);
        }
        const std::string file = it->second;
        for (auto& d : chain) {
            m_file_by_dir.insert_or_assign(std::move(d), file);
        }
        return m_file_by_dir.find(own)->second;
    }

    /// Loads the project files of `paths` that are not loaded yet, on every core; the first that
    /// cannot be loaded, in the order of `paths`, is thrown (UsageError).
    void load_for(const std::vector<std::string>& paths)
    {
        if (m_forced) {
            return;
        }
        std::vector<std::string> missing;
        std::set<std::string> seen;
        for (const auto& path : paths) {
            const std::string& file = file_for(path);
            if (!file.empty() && !m_by_path.contains(file) && seen.insert(file).second) {
                missing.push_back(file);
            }
        }
        auto loaded = parallel_map<std::shared_ptr<const ProjectConfig>>(missing.size(), [&](std::size_t k) {
            return std::make_shared<const ProjectConfig>(load_project_file(missing[k]));
        });
        for (std::size_t k = 0; k < missing.size(); ++k) {
            m_by_path.emplace(missing[k], std::move(loaded[k]));
        }
    }

    std::shared_ptr<const ProjectConfig> for_file(const std::string& path)
    {
        if (m_forced) {
            return m_forced;
        }
        const std::string& file = file_for(path);
        if (file.empty()) {
            return nullptr;
        }
        auto [it, inserted] = m_by_path.try_emplace(file);
        if (inserted) {
            it->second = std::make_shared<const ProjectConfig>(load_project_file(file));
        }
        return it->second;
    }

private:
    /// The directory part of a path from discovery, by string: "a/b/c" -> "a/b", "c" -> "", "/c" -> "/".
    static std::string parent_of(const std::string& path)
    {
        const auto slash = path.rfind('/');
        return slash == std::string::npos ? std::string() : slash == 0 ? std::string("/") : path.substr(0, slash);
    }

    /// find_project_file, with each directory on the way up looked at once for the whole run.
    std::string project_file_above(const std::string& dir)
    {
        fs::path p(dir);
        if (!p.is_absolute()) {
            if (m_cwd.empty()) {
                return {};  // the working directory is gone
            }
            p = m_cwd / p;
        }
        p = p.lexically_normal();
        if (!p.has_filename() && p.has_parent_path() && p.parent_path() != p) {
            p = p.parent_path();  // "a/b/" -> "a/b"
        }
        return in_or_above(p);
    }

    std::string in_or_above(const fs::path& abs_dir)
    {
        if (const auto it = m_file_in.find(abs_dir.native()); it != m_file_in.end()) {
            return it->second;
        }
        std::error_code ec;
        std::string file;
        const fs::path candidate = abs_dir / ".streamlint.yaml";
        if (fs::is_regular_file(candidate, ec)) {
            file = candidate.lexically_proximate(m_cwd).string();
        } else if (abs_dir.has_parent_path() && abs_dir.parent_path() != abs_dir) {
            file = in_or_above(abs_dir.parent_path());
        }
        m_file_in.emplace(abs_dir.native(), file);
        return file;
    }

    std::shared_ptr<const ProjectConfig> m_forced;
    fs::path m_cwd;  // the working directory, once: fs::absolute asks the kernel every time
    std::unordered_map<std::string, std::string> m_file_in;  // absolute directory -> its project file or ""
    std::unordered_map<std::string, std::string> m_file_by_dir;  // directory as found -> its project file
    std::unordered_set<std::string> m_bare;  // directories as found that hold no project file
    std::map<std::string, std::shared_ptr<const ProjectConfig>> m_by_path;
};

// --skip-unrecognised: the named paths without the regular files whose kind cannot be told (pre-commit
// passes every file its `files:` pattern matches, log4j.properties and package.json included).
std::vector<std::string> recognised_only(const std::vector<std::string>& named)
{
    if (named.empty()) {
        return {"."};
    }
    std::vector<std::string> kept;
    for (const auto& path : named) {
        std::error_code ec;
        if (fs::is_regular_file(path, ec)) {
            std::ifstream in(path, std::ios::binary);
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (in.bad() || !recognise(path, text)) {
                continue;
            }
        }
        kept.push_back(path);
    }
    return kept;
}

/// Directories made absolute and canonical (symbolic links resolved), each once for the run: a
/// file's path relative to its project file is what per-file-ignores match.
class CanonicalDirs {
public:
    const fs::path& dir(const std::string& d)
    {
        auto [it, fresh] = m_dirs.try_emplace(d);
        if (fresh) {
            std::error_code ec;
            it->second = fs::weakly_canonical(fs::absolute(d.empty() ? "." : d, ec), ec);
        }
        return it->second;
    }

    fs::path file(const std::string& f)
    {
        const fs::path p(f);
        return dir(p.parent_path().string()) / p.filename();
    }

private:
    std::unordered_map<std::string, fs::path> m_dirs;
};

RuleSelection selection_for(const LintOptions& options, const ProjectConfig* cfg, const std::string& file,
                            CanonicalDirs& dirs)
{
    RuleSelection sel;
    if (cfg != nullptr) {
        sel.select = cfg->select;
        sel.ignore = cfg->ignore;
        sel.severity = cfg->severity;
        if (!cfg->per_file_ignores.empty()) {
            const std::string relative = dirs.file(file).lexically_relative(dirs.dir(cfg->dir)).generic_string();
            for (const auto& pfi : cfg->per_file_ignores) {
                if (glob_match(pfi.pattern, relative)) {
                    sel.file_ignores.insert(sel.file_ignores.end(), pfi.rules.begin(), pfi.rules.end());
                }
            }
        }
    }
    if (options.select) {
        sel.select = *options.select;
    }
    sel.ignore.insert(sel.ignore.end(), options.ignore.begin(), options.ignore.end());
    return sel;
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

namespace {

/// Which files a file's cross-file rules read (RuleContext::run): the files under the same project
/// file; for a file under none, the files of its own directory (for a jvm.options.d file, the
/// directory above: the node's config directory) and the other components of its deployment file.
/// Nothing says which other files of the run form a deployment with it, and a run over many
/// deployments must not be checked as one.
using Scope = std::pair<const ProjectConfig*, std::string>;

Scope scope_of(const ProjectConfig* config, std::string_view path)
{
    if (config != nullptr) {
        return {config, {}};
    }
    return {nullptr, std::string(config_directory(path))};
}

Scope scope_of(const LintedFile& f)
{
    return scope_of(f.config.get(), f.doc.path);
}

/// The documents of each scope, for the cross-file rules (RuleContext::run); `skip` is left out
/// (the file being re-linted while it is fixed).
std::map<Scope, std::vector<const Document*>> run_groups(const std::vector<LintedFile>& files,
                                                         const LintedFile* skip = nullptr)
{
    std::map<Scope, std::vector<const Document*>> groups;
    for (const LintedFile& f : files) {
        if (&f != skip) {
            groups[scope_of(f)].push_back(&f.doc);
        }
    }
    for (auto& [scope, docs] : groups) {
        std::stable_sort(docs.begin(), docs.end(), by_path);
    }
    return groups;
}

Relinted relint_in_run(const LintedFile& file, std::string text, const RuleSet& rules,
                       const std::vector<const Document*>* run)
{
    FoundFile found{file.doc.path, std::move(text), {file.doc.kind, file.doc.syntax}};
    Relinted out{parse_found(std::move(found), file.targets.jdk), {}};
    RuleContext ctx;
    ctx.targets = file.targets;
    ctx.project = file.config.get();
    ctx.run = run;
    out.findings = check_document(out.doc, ctx, file.selection, rules);
    std::stable_sort(out.findings.begin(), out.findings.end(), finding_less);
    return out;
}

// --- components of deployment files (docker-compose, Kubernetes) -------------------------------

/// The versions a deployment file names for a component (its image tag, `flinkVersion`), on top of
/// `t`; the project file and --target still beat them.
Targets with_file_versions(Targets t, const Document& doc)
{
    if (!doc.embedding) {
        return t;
    }
    const Embedding& e = *doc.embedding;
    t.kafka = e.kafka.empty() ? t.kafka : e.kafka;
    t.flink = e.flink.empty() ? t.flink : e.flink;
    t.elasticsearch = e.elasticsearch.empty() ? t.elasticsearch : e.elasticsearch;
    t.jdk = e.jdk != 0 ? e.jdk : t.jdk;
    return t;
}

/// The findings of the components of one deployment file: the same finding made by several of
/// them (a setting of a shared anchor, a deployment-wide check) is kept once; a suppression is
/// unused (S004) only when no component uses it; a finding about a whole component is moved to
/// where the file names it (the service, the resource). A finding about a whole component that
/// comes with a fix (adding a key it lacks) stays with each component: each gets its own edit.
void settle_component_findings(const std::vector<const Document*>& docs, const std::vector<std::vector<Finding>*>& lists)
{
    using Key = std::tuple<std::string, std::uint32_t, std::uint32_t, bool, std::string>;
    std::map<Key, std::size_t> unused;  // S004 -> how many components report it
    for (const auto* list : lists) {
        std::set<Key> once;
        for (const Finding& f : *list) {
            if (f.rule == "S004" && once.insert({f.rule, f.range.begin, f.range.end, f.whole_file, f.message}).second) {
                ++unused[{f.rule, f.range.begin, f.range.end, f.whole_file, f.message}];
            }
        }
    }
    std::set<Key> seen;
    for (std::size_t k = 0; k < lists.size(); ++k) {
        std::erase_if(*lists[k], [&](const Finding& f) {
            // A whole-component finding with a fix is each component's own (its edit differs).
            const auto own = static_cast<std::uint32_t>(f.whole_file && f.fix ? k + 1 : 0);
            const Key key{f.rule, f.whole_file ? own : f.range.begin, f.whole_file ? own : f.range.end, f.whole_file,
                          f.message};
            if (f.rule == "S004" && unused[key] < lists.size()) {
                return true;
            }
            return !seen.insert(key).second;
        });
        const Embedding* e = docs[k]->embedding ? &*docs[k]->embedding : nullptr;
        for (Finding& f : *lists[k]) {
            if (f.whole_file && e != nullptr && e->anchor.end > e->anchor.begin) {
                f.whole_file = false;
                f.range = e->anchor;
                f.position = docs[k]->position(e->anchor.begin);
            }
        }
    }
}

/// A deployment file read again after a fix pass: the documents of the components of
/// `files[begin, end)` (null where a component is gone), the carrier of the whole text (its notes:
/// every syntax error, for fix_file) and, when `lint`, the findings of the components.
struct ReadBack {
    Relinted relinted;
    std::vector<std::optional<Document>> docs;
};

ReadBack read_back(const std::vector<LintedFile>& files, std::size_t begin, std::size_t end, std::string text,
                   const RuleSet& rules, const std::map<Scope, std::vector<const Document*>>& peers,
                   bool lint)
{
    const LintedFile& first = files[begin];
    const std::string& path = first.doc.path;
    DeploymentRead read = read_deployment(path, text, first.doc.embedding->format);
    ReadBack out{{Document(path, first.doc.kind, first.doc.syntax, text), {}}, {}};
    if (read.error) {
        out.relinted.doc.notes.push_back(*read.error);
        out.relinted.findings.push_back(parse_error_finding(path, text, *read.error));
    }
    out.docs.resize(end - begin);
    std::vector<bool> taken(read.documents.size(), false);
    for (std::size_t k = begin; k < end; ++k) {
        for (std::size_t d = 0; d < read.documents.size(); ++d) {
            const Document& cand = read.documents[d];
            if (!taken[d] && same_component(cand, files[k].doc)) {
                taken[d] = true;
                out.docs[k - begin] = std::move(read.documents[d]);
                break;
            }
        }
    }
    std::vector<const Document*> present;
    for (const auto& d : out.docs) {
        if (d) {
            present.push_back(&*d);
            for (const ParseNote& n : d->notes) {
                if (n.kind == NoteKind::SyntaxError) {
                    out.relinted.doc.notes.push_back(n);
                }
            }
        }
    }
    if (!lint) {
        return out;
    }
    std::vector<std::vector<Finding>> lists(end - begin);
    std::vector<std::vector<Finding>*> list_ptrs;
    for (std::size_t k = begin; k < end; ++k) {
        const auto& doc = out.docs[k - begin];
        if (!doc) {
            continue;
        }
        std::vector<const Document*> run = present;
        if (const auto it = peers.find(scope_of(files[k])); it != peers.end()) {
            run.insert(run.end(), it->second.begin(), it->second.end());
        }
        std::stable_sort(run.begin(), run.end(), by_path);
        RuleContext ctx;
        ctx.targets = files[k].targets;
        ctx.project = files[k].config.get();
        ctx.run = &run;
        lists[k - begin] = check_document(*doc, ctx, files[k].selection, rules);
        list_ptrs.push_back(&lists[k - begin]);
    }
    settle_component_findings(present, list_ptrs);
    for (auto& list : lists) {
        for (auto& f : list) {
            out.relinted.findings.push_back(std::move(f));
        }
    }
    std::stable_sort(out.relinted.findings.begin(), out.relinted.findings.end(), finding_less);
    return out;
}

/// Fixes the components of one deployment file (`files[begin, end)`) as one file: their fixes
/// apply to one text, and every component is read again after each pass.
void fix_deployment_file(LintResult& result, std::size_t begin, std::size_t end,
                         std::map<std::string, std::vector<Finding>>& by_file, const FixSettings& settings,
                         std::vector<FixedFile>& changed)
{
    const std::string path = result.files[begin].doc.path;
    std::vector<Finding> findings = std::move(by_file[path]);
    by_file.erase(path);
    const bool any = std::any_of(findings.begin(), findings.end(),
                                 [&](const Finding& f) { return f.fix && fix_applies(*f.fix, settings); });
    if (!any) {
        for (auto& f : findings) {
            result.findings.push_back(std::move(f));
        }
        return;
    }
    std::map<Scope, std::vector<const Document*>> peers;
    for (std::size_t k = 0; k < result.files.size(); ++k) {
        if (k < begin || k >= end) {
            peers[scope_of(result.files[k])].push_back(&result.files[k].doc);
        }
    }
    ReadBack start = read_back(result.files, begin, end, result.files[begin].doc.text, *result.rules, peers, false);
    FileFixResult fixed = fix_file(
        std::move(start.relinted.doc), std::move(findings),
        [&](std::string text) {
            return std::move(read_back(result.files, begin, end, std::move(text), *result.rules, peers, true).relinted);
        },
        settings);
    for (auto& f : fixed.remaining) {
        result.findings.push_back(std::move(f));
    }
    if (fixed.fixed == fixed.original) {
        return;
    }
    ReadBack back = read_back(result.files, begin, end, fixed.fixed, *result.rules, peers, false);
    for (std::size_t k = begin; k < end; ++k) {
        LintedFile& file = result.files[k];
        if (auto& doc = back.docs[k - begin]) {
            file.doc = std::move(*doc);
        } else {
            // The component is gone from the fixed text: keep its name, with the new text.
            Document stale(path, file.doc.kind, file.doc.syntax, fixed.fixed);
            stale.embedding = std::move(file.doc.embedding);
            file.doc = std::move(stale);
        }
    }
    changed.push_back({path, std::move(fixed.original), std::move(fixed.fixed), std::move(fixed.applied)});
}

}  // namespace

Relinted relint_file(const LintedFile& file, std::string text, const RuleSet& rules)
{
    if (!file.doc.embedding) {
        return relint_in_run(file, std::move(text), rules, nullptr);
    }
    // A component of a deployment file: read the whole file again and lint this component of it.
    DeploymentRead read = read_deployment(file.doc.path, text, file.doc.embedding->format);
    Relinted out{Document(file.doc.path, file.doc.kind, file.doc.syntax, text), {}};
    for (Document& d : read.documents) {
        if (same_component(d, file.doc)) {
            out.doc = std::move(d);
            break;
        }
    }
    if (read.error) {
        out.doc.notes.push_back(*read.error);
        out.findings.push_back(parse_error_finding(file.doc.path, text, *read.error));
    }
    RuleContext ctx;
    ctx.targets = file.targets;
    ctx.project = file.config.get();
    std::vector<Finding> own = check_document(out.doc, ctx, file.selection, rules);
    std::vector<Finding>* lists[] = {&own};
    settle_component_findings({&out.doc}, {lists[0]});
    out.findings.insert(out.findings.end(), own.begin(), own.end());
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
    for (std::size_t index = 0; index < result.files.size(); ++index) {
        LintedFile& file = result.files[index];
        if (file.doc.embedding) {
            // The components of a deployment file are fixed together, as the one file they are.
            std::size_t end = index + 1;
            while (end < result.files.size() && result.files[end].doc.path == file.doc.path) {
                ++end;
            }
            fix_deployment_file(result, index, end, by_file, settings, changed);
            index = end - 1;
            continue;
        }
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
        // The other files of its project, as they stand now, for the cross-file rules.
        const auto peers = run_groups(result.files, &file);
        const auto group = peers.find(scope_of(file));
        const std::vector<const Document*>* run = group == peers.end() ? nullptr : &group->second;
        Document doc = std::move(file.doc);
        // What relint_in_run reads of the file while its document is being fixed: its name and kind.
        file.doc = Document(path, doc.kind, doc.syntax, std::string());
        FileFixResult fixed = fix_file(
            std::move(doc), std::move(findings),
            [&](std::string text) { return relint_in_run(file, std::move(text), *result.rules, run); }, settings);
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

namespace {

/// What the reports need of a checked file (LintOptions::lean): its path and kind, and for a file
/// with findings its text and line index (positions, the baseline's line fingerprints) and notes.
void keep_for_reports(LintedFile& file, bool has_findings)
{
    Document& doc = file.doc;
    std::vector<Setting>().swap(doc.settings);
    std::vector<Comment>().swap(doc.comments);
    if (!has_findings) {
        std::vector<ParseNote>().swap(doc.notes);
        doc.text.clear();
        doc.text.shrink_to_fit();
        doc.lines = LineIndex(doc.text);
        file.selection = RuleSelection();
    }
}

}  // namespace

namespace {

/// The paths a run looks at.
std::vector<std::string> run_paths(const LintOptions& options)
{
    return options.skip_unrecognised && !options.kind ? recognised_only(options.paths)
           : options.paths.empty()                    ? std::vector<std::string>{"."}
                                                      : options.paths;
}

/// The project file that speaks for the whole run (fail-on, the baseline): the first path's, or --config.
std::shared_ptr<const ProjectConfig> run_project(const std::vector<std::string>& paths, ProjectFiles& projects)
{
    std::error_code ec;
    const std::string first = fs::is_directory(paths.front(), ec) ? paths.front() + "/.streamlint.yaml"
                                                                  : paths.front();
    return projects.for_file(first);
}

std::optional<std::string> baseline_of(const ProjectConfig* cfg)
{
    if (cfg == nullptr || !cfg->baseline) {
        return std::nullopt;
    }
    return (fs::path(cfg->dir.empty() ? "." : cfg->dir) / *cfg->baseline).lexically_normal().string();
}

/// Hands findings to a FindingSink in report order as the batches of a run finish: a finding is
/// passed on once no file still to be checked sorts before its file.
class SinkFeed {
public:
    SinkFeed(FindingSink& sink, std::vector<LintedFile>& files, ReleasedFiles& released)
        : m_sink(sink), m_files(files), m_released(released)
    {
    }

    /// Room for `more` findings to come (a batch's, before they are added one file at a time).
    void reserve(std::size_t more) { m_pending.reserve(m_pending.size() + more); }

    void add(std::vector<Finding>&& findings)
    {
        // A Finding is large to move: growing by doubling moved each one five times on average.
        if (const std::size_t need = m_pending.size() + findings.size(); need > m_pending.capacity()) {
            m_pending.reserve(std::max(need, 2 * m_pending.capacity()));
        }
        for (auto& f : findings) {
            m_pending.push_back(std::move(f));
        }
    }

    /// Passes on the findings of files that sort before `bound` (all when null), and lets go of those
    /// files: indices into the files change (only those still waiting stay, in order). Every file
    /// is checked when this is called.
    void flush(const std::string* bound)
    {
        // Sorted by index: a Finding is large to move around.
        const std::optional<std::vector<std::size_t>> order = stable_order(m_pending, finding_less);
        const auto ready_count = bound == nullptr
                                     ? m_pending.size()
                                     : static_cast<std::size_t>(std::count_if(
                                           m_pending.begin(), m_pending.end(),
                                           [bound](const Finding& f) { return f.file < *bound; }));
        std::vector<Finding> ready;
        if (!order && ready_count == m_pending.size()) {
            ready = std::move(m_pending);  // the usual batch: all of it, in order
            m_pending.clear();
        } else {
            std::vector<Finding> waiting;
            ready.reserve(ready_count);
            waiting.reserve(m_pending.size() - ready_count);
            for (std::size_t k = 0; k < m_pending.size(); ++k) {
                Finding& f = m_pending[order ? (*order)[k] : k];
                (bound == nullptr || f.file < *bound ? ready : waiting).push_back(std::move(f));
            }
            m_pending = std::move(waiting);
        }
        if (!ready.empty()) {
            std::unordered_map<std::string_view, const Document*> docs;
            for (const LintedFile& f : m_files) {
                docs.emplace(f.doc.path, &f.doc);
            }
            m_sink.take(ready, [&docs](const std::string& path) -> const Document* {
                const auto it = docs.find(path);
                return it == docs.end() ? nullptr : it->second;
            });
        }
        // Files whose findings are all passed on are let go of; the reports' summaries count them.
        std::vector<LintedFile> rest;
        const std::string* last_path = nullptr;
        for (LintedFile& f : m_files) {
            if (bound != nullptr && !(f.doc.path < *bound)) {
                rest.push_back(std::move(f));
                continue;
            }
            ReleasedFiles& r = m_released;
            // the documents of one deployment file are consecutive and let go of together
            r.files += last_path == nullptr || *last_path != f.doc.path ? 1 : 0;
            last_path = &f.doc.path;
            ++r.documents_by_kind[f.doc.kind];
            if (std::find(r.targets.begin(), r.targets.end(), f.targets) == r.targets.end()) {
                r.targets.push_back(f.targets);
            }
        }
        m_files = std::move(rest);
    }

private:
    FindingSink& m_sink;
    std::vector<LintedFile>& m_files;
    ReleasedFiles& m_released;
    std::vector<Finding> m_pending;
};

}  // namespace

std::optional<std::string> project_baseline(const LintOptions& options)
{
    const std::vector<std::string> paths = run_paths(options);
    if (paths.empty()) {
        return std::nullopt;
    }
    ProjectFiles projects(options.config_file);
    return baseline_of(run_project(paths, projects).get());
}

LintResult run_lint(const LintOptions& options)
{
    LintResult result;
    result.targets = options.target ? parse_target_option(*options.target, default_targets()) : default_targets();
    const std::vector<std::string> paths = run_paths(options);
    if (paths.empty()) {  // every named file was skipped
        result.rules = load_rules(options.rule_dirs);
        return result;
    }

    ProjectFiles projects(options.config_file);
    // The file size limit is a property of the run, like fail-on: --max-file-size, else the project
    // file of the first path (or --config), else the default.
    std::uint64_t max_file_size = options.max_file_size.value_or(k_default_max_file_size);
    if (!options.max_file_size) {
        if (auto cfg = run_project(paths, projects); cfg && cfg->max_file_size) {
            max_file_size = *cfg->max_file_size;
        }
    }
    // The walk first; each file is read when its batch comes (below), so only a batch's texts are
    // in memory at once.
    Candidates candidates = find_candidates(paths, options.kind);
    projects.add_bare_dirs(std::move(candidates.bare_dirs));
    if (options.changed_since) {
        const auto keep = changed_file_filter(changed_files(*options.changed_since));
        std::erase_if(candidates.paths, [&](const Candidate& c) { return !keep(display_path(c.path)); });
        std::erase_if(candidates.problems, [&](const Finding& f) { return !keep(f.file); });
    }
    const std::size_t n = candidates.paths.size();
    std::vector<std::string> shown(n);  // the path each candidate's files are reported under
    std::vector<std::shared_ptr<const ProjectConfig>> config_of(n);
    for (std::size_t c = 0; c < n; ++c) {
        shown[c] = candidates.paths[c].named ? display_path(candidates.paths[c].path) : candidates.paths[c].path;
    }
    projects.load_for(shown);
    for (std::size_t c = 0; c < n; ++c) {
        config_of[c] = projects.for_file(shown[c]);
    }

    // Extra rule packs: --rules, then the `rules:` of every project file in play (relative to it).
    std::vector<std::string> rule_dirs = options.rule_dirs;
    {
        std::set<const ProjectConfig*> seen;
        for (const auto& cfg : config_of) {
            if (cfg && seen.insert(cfg.get()).second) {
                for (const auto& dir : cfg->rules) {
                    rule_dirs.push_back(
                        (fs::path(cfg->dir.empty() ? "." : cfg->dir) / dir).lexically_normal().string());
                }
            }
        }
    }
    result.rules = load_rules(rule_dirs);

    // Files named on the command line are read before anything is reported: one whose kind cannot
    // be told stops the run (exit 2) before a report begins.
    std::unordered_map<std::size_t, Discovery> named_reads;
    {
        std::vector<std::size_t> named;
        for (std::size_t c = 0; c < n; ++c) {
            if (candidates.paths[c].named) {
                named.push_back(c);
            }
        }
        auto reads = parallel_map<Discovery>(named.size(), [&](std::size_t k) {
            return read_candidate(candidates.paths[named[k]], options.kind, max_file_size);
        });
        for (std::size_t k = 0; k < named.size(); ++k) {
            named_reads.emplace(named[k], std::move(reads[k]));
        }
    }

    std::optional<SinkFeed> feed;
    if (options.sink != nullptr) {
        feed.emplace(*options.sink, result.files, result.released);
    }
    CanonicalDirs dirs;
    // A file that could not be read is a finding of its file, selected like any other.
    const auto add_problem = [&](Finding&& problem, const ProjectConfig* cfg) {
        std::vector<Finding> one{std::move(problem)};
        apply_selection(one, selection_for(options, cfg, one.front().file, dirs));
        if (feed) {
            feed->add(std::move(one));
        } else {
            for (auto& f : one) {
                result.findings.push_back(std::move(f));
            }
        }
    };
    for (Finding& problem : candidates.problems) {
        auto cfg = projects.for_file(problem.file);
        add_problem(std::move(problem), cfg.get());
    }

    // The cross-file rules read the other files of a scope (scope_of), so a scope is parsed whole
    // before any of it is checked. Scopes are taken in order of their first file, in batches of
    // about k_batch candidates; each batch is read, parsed and checked on every core, and only one
    // batch's documents are whole at once (see LintOptions::lean).
    std::vector<std::vector<std::size_t>> scopes;  // candidate indices
    {
        std::map<Scope, std::size_t> scope_index;
        for (std::size_t c = 0; c < n; ++c) {
            const auto [it, fresh] = scope_index.try_emplace(scope_of(config_of[c].get(), shown[c]), scopes.size());
            if (fresh) {
                scopes.emplace_back();
            }
            scopes[it->second].push_back(c);
        }
    }
    // For the sink: the first path (byte-wise) of the candidates in scopes s.. (findings of files
    // before it are final once scope s-1 is checked).
    std::vector<std::string> first_path_from(scopes.size());
    if (feed) {
        for (std::size_t sc = scopes.size(); sc-- > 0;) {
            std::string least = shown[scopes[sc].front()];
            for (const std::size_t c : scopes[sc]) {
                least = std::min(least, shown[c]);
            }
            first_path_from[sc] = sc + 1 < scopes.size() ? std::min(least, first_path_from[sc + 1]) : least;
        }
    }
    std::vector<std::vector<Finding>> per_file;  // by index into result.files
    result.files.reserve(n);
    per_file.reserve(n);
    constexpr std::size_t k_batch = 64;  // bench/: 256 cost 5 MB more for a few per cent less time
    for (std::size_t first = 0; first < scopes.size();) {
        std::size_t last = first;
        std::vector<std::size_t> batch;  // candidate indices
        std::vector<std::size_t> scope_in_batch;
        while (last < scopes.size() && (batch.empty() || batch.size() + scopes[last].size() <= k_batch)) {
            batch.insert(batch.end(), scopes[last].begin(), scopes[last].end());
            scope_in_batch.insert(scope_in_batch.end(), scopes[last].size(), last - first);
            ++last;
        }
        std::vector<Discovery> reads(batch.size());
        run_parallel(batch.size(), [&](std::size_t k) {
            if (const auto it = named_reads.find(batch[k]); it != named_reads.end()) {
                reads[k] = std::move(it->second);
            } else {
                reads[k] = read_candidate(candidates.paths[batch[k]], options.kind, max_file_size);
            }
        });
        // What each file is checked against, in order (project files load once).
        std::vector<std::size_t> files;  // indices into result.files, new in this batch
        std::vector<std::size_t> file_scope;
        std::vector<FoundFile> found;
        for (std::size_t k = 0; k < batch.size(); ++k) {
            const auto& cfg = config_of[batch[k]];
            for (Finding& problem : reads[k].problems) {
                add_problem(std::move(problem), cfg.get());
            }
            for (FoundFile& file : reads[k].files) {
                // --target beats the project file, which beats what a deployment file names (an
                // image tag), which beats the defaults.
                const Targets base =
                    file.parsed ? with_file_versions(default_targets(), *file.parsed) : default_targets();
                Targets targets = cfg ? cfg->targets(base) : base;
                if (options.target) {
                    targets = parse_target_option(*options.target, targets);
                }
                RuleSelection selection = selection_for(options, cfg.get(), file.path, dirs);
                result.files.push_back({Document(), cfg, std::move(targets), std::move(selection)});
                per_file.emplace_back();
                files.push_back(result.files.size() - 1);
                file_scope.push_back(scope_in_batch[k]);
                found.push_back(std::move(file));
            }
        }
        std::vector<Discovery>().swap(reads);
        run_parallel(files.size(), [&](std::size_t k) {
            LintedFile& linted = result.files[files[k]];
            linted.doc = parse_found(std::move(found[k]), linted.targets.jdk);
        });
        std::vector<FoundFile>().swap(found);
        // Each scope's documents, sorted by path once here: the cross-file rules rely on it (RuleContext::run).
        std::vector<std::vector<const Document*>> runs(last - first);
        for (std::size_t k = 0; k < files.size(); ++k) {
            runs[file_scope[k]].push_back(&result.files[files[k]].doc);
        }
        for (auto& run : runs) {
            std::stable_sort(run.begin(), run.end(), by_path);
        }
        run_parallel(files.size(), [&](std::size_t k) {
            const LintedFile& linted = result.files[files[k]];
            RuleContext ctx;
            ctx.targets = linted.targets;
            ctx.project = linted.config.get();
            ctx.run = &runs[file_scope[k]];
            ctx.details = options.details;
            std::vector<Finding>& findings = per_file[files[k]];
            findings = check_document(linted.doc, ctx, linted.selection, *result.rules);
            // In report order here, on every core: the sink's feed then only merges files.
            stable_sort_large(findings, finding_less);
        });
        // The components of one deployment file (consecutive) are reported as one file.
        for (std::size_t k = 0; k < files.size();) {
            std::size_t e = k + 1;
            while (e < files.size() && result.files[files[e]].doc.path == result.files[files[k]].doc.path) {
                ++e;
            }
            if (result.files[files[k]].doc.embedding) {
                std::vector<const Document*> docs;
                std::vector<std::vector<Finding>*> lists;
                for (std::size_t m = k; m < e; ++m) {
                    docs.push_back(&result.files[files[m]].doc);
                    lists.push_back(&per_file[files[m]]);
                }
                settle_component_findings(docs, lists);
            }
            k = e;
        }
        if (options.lean) {
            // A file's text stays while any of its documents has a finding (reports read positions from it).
            std::unordered_set<std::string_view> with_findings;
            for (const std::size_t i : files) {
                if (!per_file[i].empty()) {
                    with_findings.insert(result.files[i].doc.path);
                }
            }
            for (const std::size_t i : files) {
                keep_for_reports(result.files[i], with_findings.contains(result.files[i].doc.path));
            }
        }
        if (feed) {
            std::size_t batch_findings = 0;
            for (const std::size_t i : files) {
                batch_findings += per_file[i].size();
            }
            feed->reserve(batch_findings);  // each finding moved once into the feed, not again as it grows
            for (const std::size_t i : files) {
                feed->add(std::move(per_file[i]));
                std::vector<Finding>().swap(per_file[i]);
            }
            feed->flush(last < scopes.size() ? &first_path_from[last] : nullptr);
            per_file.resize(result.files.size());  // the files let go of were the first ones; all empty
        }
        first = last;
    }
    if (feed) {
        feed->flush(nullptr);
    } else {
        std::size_t total = result.findings.size();
        for (const auto& findings : per_file) {
            total += findings.size();
        }
        result.findings.reserve(total);
        for (auto& findings : per_file) {
            for (auto& f : findings) {
                result.findings.push_back(std::move(f));
            }
            std::vector<Finding>().swap(findings);
        }
    }
    // The files in path order (batches go scope by scope); the documents of one file stay together.
    std::stable_sort(result.files.begin(), result.files.end(),
                     [](const LintedFile& a, const LintedFile& b) { return a.doc.path < b.doc.path; });

    // fail-on and the baseline are properties of the run: the project file of the first path (or
    // --config) decides; the baseline is relative to its directory.
    if (auto cfg = run_project(paths, projects)) {
        result.fail_on = cfg->fail_on;
        result.baseline_file = baseline_of(cfg.get());
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), finding_less);
    return result;
}

}  // namespace streamlint
