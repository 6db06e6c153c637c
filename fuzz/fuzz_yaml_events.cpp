// Fuzz target: the YAML subset reader against yaml-cpp. Whenever read_simple() takes an input,
// yaml-cpp must read it without an error and give the very same events (types, positions, tags,
// values, flow styles) and no second document. read_simple() declining is always allowed.
#include "../src/parse/yaml_events.hpp"
#include "fuzz.hpp"

#include <string>
#include <string_view>

namespace {

std::string describe(const std::vector<streamlint::yaml_events::Event>& events)
{
    std::string out;
    for (const auto& e : events) {
        out += std::to_string(static_cast<int>(e.type)) + (e.flow ? "f" : "") + "@" + std::to_string(e.pos) +
               " " + e.tag + "[" + e.value + "] ";
    }
    return out;
}

}  // namespace

SL_FUZZ_TARGET(yaml_events)
{
    using namespace streamlint::yaml_events;
    const std::string text = slfuzz::text_of(data, size);
    std::string_view input = text;
    const std::uint32_t base = input.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    if (input.find('\r') != std::string_view::npos) {
        return 0;  // read() never offers the subset reader a carriage return
    }
    std::vector<Event> simple;
    if (!read_simple(input.substr(base), base, simple)) {
        return 0;
    }
    const Result reference = read_yaml_cpp(text, static_cast<std::uint32_t>(text.size()), 2);
    SL_FUZZ_CHECK(!reference.error, "yaml-cpp refuses what the subset reader took: " +
                                        (reference.error ? reference.error->message : std::string()));
    SL_FUZZ_CHECK(simple == reference.events,
                  "the subset reader's events differ from yaml-cpp's:\n  subset:   " + describe(simple) +
                      "\n  yaml-cpp: " + describe(reference.events));
    return 0;
}
