#include <streamlint/parse.hpp>

namespace streamlint {

void parse_jvm_options(Document& doc, int target_jdk)
{
    (void)doc;  // not written yet
    (void)target_jdk;
}

std::vector<Setting> parse_jvm_options_string(std::string_view text, std::uint32_t base, std::vector<ParseNote>* notes)
{
    (void)text;
    (void)base;
    (void)notes;
    return {};
}

}  // namespace streamlint
