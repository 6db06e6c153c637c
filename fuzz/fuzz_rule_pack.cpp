// Fuzz target: rule packs (rules written as YAML). Any input either loads or is a UsageError.
#include "fuzz.hpp"

#include <streamlint/packs.hpp>
#include <streamlint/project.hpp>

SL_FUZZ_TARGET(rule_pack)
{
    using namespace streamlint;
    try {
        (void)load_rule_pack(slfuzz::text_of(data, size), "fuzz/pack.yaml");
    } catch (const UsageError& e) {
        SL_FUZZ_CHECK(std::string_view(e.what()).starts_with("fuzz/pack.yaml"),
                      std::string("a message that does not name the pack: ") + e.what());
    }
    return 0;
}
