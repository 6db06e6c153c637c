// Fuzz target: jvm.options files (version ranges judged against a JDK picked from the input's
// size) and one-line option strings (JAVA_OPTS).
#include "fuzz.hpp"

#include <streamlint/parse.hpp>

#include <array>

SL_FUZZ_TARGET(jvm_options)
{
    using namespace streamlint;
    static constexpr std::array<int, 5> jdks{8, 11, 17, 21, 25};
    const std::string text = slfuzz::text_of(data, size);
    Document doc("jvm.options", FileKind::Jvm, Syntax::JvmOptions, text);
    parse_jvm_options(doc, jdks[size % jdks.size()]);
    slfuzz::check_document(doc);

    std::vector<ParseNote> notes;
    const auto base = static_cast<std::uint32_t>(size % 7);
    const std::string_view slice = std::string_view(text).substr(std::min<std::size_t>(base, text.size()));
    for (const Setting& s : parse_jvm_options_string(slice, base, &notes)) {
        SL_FUZZ_CHECK(s.key_range.begin <= s.key_range.end && s.key_range.end <= text.size(), "option key range");
        SL_FUZZ_CHECK(s.value_range.begin <= s.value_range.end && s.value_range.end <= text.size(),
                      "option value range");
    }
    for (const ParseNote& n : notes) {
        SL_FUZZ_CHECK(n.range.begin <= n.range.end && n.range.end <= text.size(), "option note range");
    }
    return 0;
}
