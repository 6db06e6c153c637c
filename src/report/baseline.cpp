#include "common.hpp"

#include <streamlint/baseline.hpp>
#include <streamlint/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace streamlint {

namespace fs = std::filesystem;
using nlohmann::json;
using report_detail::valid_utf8;

namespace {

constexpr int k_format = 1;
constexpr std::size_t k_max_line_text = 120;

std::string line_text(const Finding& f, const Document* doc)
{
    if (doc == nullptr || f.position.line == 0 || f.position.line > doc->lines.line_count()) {
        return f.message;
    }
    const std::string_view text = trim(doc->slice(doc->lines.content(f.position.line - 1)));
    if (text.size() <= k_max_line_text) {
        return std::string(text);
    }
    // A very long line (minified JSON): its start and a hash of all of it.
    std::size_t cut = k_max_line_text;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return fmt::format("{}... #{:016x}", text.substr(0, cut), report_detail::fnv1a(text));
}

fs::path resolved_dir(const std::string& dir)
{
    std::error_code ec;
    const fs::path abs = fs::absolute(dir.empty() ? "." : dir, ec);
    const fs::path canon = fs::weakly_canonical(abs, ec);
    return (ec ? abs : canon).lexically_normal();
}

std::string relative_to(const std::string& path, const fs::path& dir_resolved)
{
    std::error_code ec;
    const fs::path abs = fs::absolute(path, ec);
    fs::path canon = fs::weakly_canonical(abs, ec);
    if (ec) {
        canon = abs;
    }
    canon = canon.lexically_normal();
    const fs::path rel = canon.lexically_relative(dir_resolved);
    return rel.empty() ? canon.generic_string() : rel.generic_string();
}

std::string baseline_dir(const std::string& baseline_path)
{
    const fs::path parent = fs::path(baseline_path).parent_path();
    return parent.empty() ? "." : parent.string();
}

}  // namespace

FindingIdentity finding_identity(const Finding& f, const Document* doc)
{
    FindingIdentity id;
    id.rule = f.rule;
    id.file = f.file;
    id.key = f.key ? *f.key : "";
    if (f.current) {
        id.value = *f.current;
    } else if (!f.key) {
        id.value = f.whole_file ? f.message : line_text(f, doc);
    }
    id.file = valid_utf8(id.file);
    id.key = valid_utf8(id.key);
    id.value = valid_utf8(id.value);
    return id;
}

std::string identity_hash(const FindingIdentity& id, std::size_t occurrence, std::string_view salt)
{
    std::uint64_t h = report_detail::fnv1a(id.rule);
    for (const std::string_view part : {std::string_view(id.file), std::string_view(id.key),
                                        std::string_view(id.value), salt}) {
        h = report_detail::fnv1a(std::string_view("\0", 1), h);
        h = report_detail::fnv1a(part, h);
    }
    h = report_detail::fnv1a(fmt::format("\x1f{}", occurrence), h);
    return fmt::format("{:016x}", h);
}

std::vector<std::string> finding_fingerprints(const LintResult& result)
{
    const auto docs = report_detail::documents(result);
    std::map<FindingIdentity, std::size_t> seen;
    std::set<std::string> used;
    std::vector<std::string> out;
    out.reserve(result.findings.size());
    for (const Finding& f : result.findings) {
        const FindingIdentity id = finding_identity(f, report_detail::find_document(docs, f.file));
        const std::size_t occurrence = seen[id]++;
        std::string fp = identity_hash(id, occurrence);
        // Two different identities with the same hash: re-salt until unique (GitLab shows only the
        // first issue of a fingerprint).
        for (int salt = 1; used.contains(fp); ++salt) {
            fp = identity_hash(id, occurrence, fmt::format("salt{}", salt));
        }
        used.insert(fp);
        out.push_back(std::move(fp));
    }
    return out;
}

std::string path_relative_to(const std::string& path, const std::string& dir)
{
    return relative_to(path, resolved_dir(dir));
}

Baseline make_baseline(const LintResult& result, const std::string& path)
{
    const fs::path dir = resolved_dir(baseline_dir(path));
    const auto docs = report_detail::documents(result);
    std::map<FindingIdentity, std::size_t> counts;
    for (const Finding& f : result.findings) {
        FindingIdentity id = finding_identity(f, report_detail::find_document(docs, f.file));
        id.file = valid_utf8(relative_to(f.file, dir));
        ++counts[id];
    }
    Baseline b;
    b.path = path;
    for (auto& [id, n] : counts) {
        b.entries.push_back({id, n});
    }
    return b;
}

std::string baseline_json(const Baseline& baseline)
{
    json findings = json::array();
    for (const auto& e : baseline.entries) {
        json j;
        j["rule"] = e.id.rule;
        j["file"] = e.id.file;
        j["key"] = e.id.key.empty() ? json(nullptr) : json(e.id.key);
        j["value"] = e.id.value;
        j["count"] = e.count;
        findings.push_back(std::move(j));
    }
    const json doc = {{"streamlint-baseline", k_format}, {"findings", findings}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::size_t write_baseline(const LintResult& result, const std::string& path)
{
    const Baseline b = make_baseline(result, path);
    std::error_code ec;
    if (const fs::path parent = fs::path(path).parent_path(); !parent.empty()) {
        fs::create_directories(parent, ec);
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << baseline_json(b);
    out.flush();
    if (!out) {
        throw UsageError(fmt::format("--write-baseline: cannot write `{}`", path));
    }
    std::size_t n = 0;
    for (const auto& e : b.entries) {
        n += e.count;
    }
    return n;
}

Baseline read_baseline(const std::string& path)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw UsageError(fmt::format("baseline `{}` does not exist (create it with `--write-baseline {}`)", path, path));
    }
    std::ifstream in(path, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) {
        throw UsageError(fmt::format("baseline `{}`: cannot read it", path));
    }
    const json doc = json::parse(text, nullptr, false);
    const auto bad = [&](std::string_view why) {
        return UsageError(fmt::format("baseline `{}` is not a streamlint baseline: {}", path, why));
    };
    if (doc.is_discarded() || !doc.is_object()) {
        throw bad("not a JSON object");
    }
    const auto fmt_it = doc.find("streamlint-baseline");
    if (fmt_it == doc.end() || !fmt_it->is_number_integer()) {
        throw bad("no `streamlint-baseline` format number");
    }
    if (fmt_it->get<int>() != k_format) {
        throw bad(fmt::format("format {} is not {} (written by another version; rewrite it with --write-baseline)",
                              fmt_it->dump(), k_format));
    }
    const auto list = doc.find("findings");
    if (list == doc.end() || !list->is_array()) {
        throw bad("no `findings` array");
    }
    std::map<FindingIdentity, std::size_t> counts;
    std::size_t index = 0;
    for (const auto& e : *list) {
        const auto where = fmt::format("findings[{}]", index++);
        if (!e.is_object()) {
            throw bad(where + " is not an object");
        }
        const auto str = [&](const char* name, bool nullable) -> std::string {
            const auto it = e.find(name);
            if (it != e.end() && it->is_string()) {
                return it->get<std::string>();
            }
            if (nullable && (it == e.end() || it->is_null())) {
                return {};
            }
            throw bad(fmt::format("{}.{} is not a string", where, name));
        };
        FindingIdentity id{str("rule", false), str("file", false), str("key", true), str("value", true)};
        std::size_t count = 1;
        if (const auto c = e.find("count"); c != e.end()) {
            if (!c->is_number_unsigned() || c->get<std::size_t>() == 0) {
                throw bad(where + ".count is not a positive integer");
            }
            count = c->get<std::size_t>();
        }
        counts[id] += count;
    }
    Baseline b;
    b.path = path;
    for (auto& [id, n] : counts) {
        b.entries.push_back({id, n});
    }
    return b;
}

void apply_baseline(LintResult& result, const Baseline& baseline)
{
    const fs::path dir = resolved_dir(baseline_dir(baseline.path));
    std::map<FindingIdentity, std::size_t> remaining;
    for (const auto& e : baseline.entries) {
        remaining[e.id] += e.count;
    }
    const auto docs = report_detail::documents(result);
    std::map<std::string, std::string> relative;  // reported path -> relative to the baseline
    const auto rel = [&](const std::string& file) -> const std::string& {
        auto [it, inserted] = relative.try_emplace(file);
        if (inserted) {
            it->second = valid_utf8(relative_to(file, dir));
        }
        return it->second;
    };
    std::set<std::string> linted;
    for (const auto& f : result.files) {
        linted.insert(rel(f.doc.path));
    }
    BaselineSummary summary;
    summary.file = baseline.path;
    std::vector<Finding> kept;
    kept.reserve(result.findings.size());
    for (Finding& f : result.findings) {
        linted.insert(rel(f.file));
        FindingIdentity id = finding_identity(f, report_detail::find_document(docs, f.file));
        id.file = rel(f.file);
        const auto it = remaining.find(id);
        if (it != remaining.end() && it->second > 0) {
            --it->second;
            ++summary.hidden;
            continue;
        }
        kept.push_back(std::move(f));
    }
    for (const auto& [id, n] : remaining) {
        if (linted.contains(id.file)) {
            summary.fixed += n;
        }
    }
    result.findings = std::move(kept);
    result.baseline = summary;
}

}  // namespace streamlint
