// Shared by every fuzz target: the document invariants, and the target table of the replay build.
#include "fuzz.hpp"

#include <map>
#include <string>

namespace slfuzz {

namespace {

void check_range(const streamlint::Document& doc, streamlint::ByteRange r, const char* what)
{
    const auto size = doc.text.size();
    if (r.begin > r.end || r.end > size) {
        fail(__FILE__, __LINE__, what,
             "[" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ") in a text of " +
                 std::to_string(size) + " bytes");
    }
    const streamlint::Position p = doc.position(r.begin);
    SL_FUZZ_CHECK(p.line >= 1 && p.line <= doc.lines.line_count() + 1, std::string(what) + " line");
    SL_FUZZ_CHECK(p.column >= 1, std::string(what) + " column");
}

}  // namespace

void check_document(const streamlint::Document& doc)
{
    const auto n = static_cast<std::int32_t>(doc.settings.size());
    for (std::int32_t i = 0; i < n; ++i) {
        const streamlint::Setting& s = doc.settings[static_cast<std::size_t>(i)];
        check_range(doc, s.key_range, "setting key_range");
        check_range(doc, s.value_range, "setting value_range");
        check_range(doc, s.line_range, "setting line_range");
        SL_FUZZ_CHECK(s.overridden_by == -1 || (s.overridden_by >= 0 && s.overridden_by < n && s.overridden_by != i),
                      "overridden_by " + std::to_string(s.overridden_by));
        SL_FUZZ_CHECK((s.inactive == streamlint::Inactive::Overridden) == (s.overridden_by >= 0),
                      "Overridden without overridden_by (or the reverse): " + s.key);
        SL_FUZZ_CHECK(s.shape == streamlint::ValueShape::List || s.items.empty(), "items on a non-list: " + s.key);
    }
    for (const streamlint::ParseNote& note : doc.notes) {
        check_range(doc, note.range, "note range");
        SL_FUZZ_CHECK(!note.message.empty(), "a note without a message");
    }
    for (const streamlint::Comment& c : doc.comments) {
        check_range(doc, c.range, "comment range");
    }
}

#if !defined(SL_FUZZ_LIBFUZZER)
std::map<std::string, TargetFn>& targets()
{
    static std::map<std::string, TargetFn> table;
    return table;
}

bool register_target(const char* name, TargetFn fn)
{
    targets()[name] = fn;
    return true;
}
#endif

}  // namespace slfuzz
