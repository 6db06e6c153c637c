#include "common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace streamlint::report_detail {

namespace {

/// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        return 1;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + len > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
            return 0;
        }
    }
    return len;
}

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

}  // namespace

std::string valid_utf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8_length(s, i);
        if (len == 0) {
            out += k_replacement;
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

std::string xml_escape(std::string_view s, bool attribute)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8_length(s, i);
        if (len == 0) {
            out += k_replacement;
            ++i;
            continue;
        }
        if (len > 1) {
            // U+FFFE and U+FFFF are not XML characters either.
            const std::string_view seq = s.substr(i, len);
            out += (seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF") ? k_replacement : seq;
            i += len;
            continue;
        }
        const char c = s[i++];
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += attribute ? "&quot;" : "\""; break;
        case '\'': out += attribute ? "&apos;" : "'"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\r': out += "&#13;"; break;
        default:
            if (u < 0x20 || u == 0x7F) {
                out += fmt::format("\\x{:02x}", u);
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h)
{
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

std::map<std::string, const Document*> documents(const LintResult& result)
{
    std::map<std::string, const Document*> docs;
    for (const auto& f : result.files) {
        docs.emplace(f.doc.path, &f.doc);
    }
    return docs;
}

const Document* find_document(const std::map<std::string, const Document*>& docs, const std::string& path)
{
    const auto it = docs.find(path);
    return it == docs.end() ? nullptr : it->second;
}

Position position_after(const Document& doc, std::uint32_t offset)
{
    const auto n = static_cast<std::uint32_t>(doc.text.size());
    if (offset >= n && n > 0 && (doc.text.back() == '\n' || doc.text.back() == '\r')) {
        return {doc.lines.line_count() + 1, 1};
    }
    return doc.position(std::min(offset, n));
}

Position finding_end(const Finding& f, const Document* doc)
{
    if (doc == nullptr || f.whole_file || f.range.end <= f.range.begin) {
        return f.position;
    }
    const Position end = doc->position(f.range.end);
    return (end.line < f.position.line || (end.line == f.position.line && end.column < f.position.column))
               ? f.position
               : end;
}

void write_all(ReportWriter& writer, const LintResult& result)
{
    const auto docs = documents(result);
    for (const Finding& f : result.findings) {
        writer.add(f, find_document(docs, f.file));
    }
    writer.finish(result);
}

std::vector<std::string> report_files(const LintResult& result)
{
    std::set<std::string> files;
    for (const auto& f : result.files) {
        files.insert(f.doc.path);
    }
    for (const auto& f : result.findings) {
        files.insert(f.file);
    }
    return {files.begin(), files.end()};
}

}  // namespace streamlint::report_detail
