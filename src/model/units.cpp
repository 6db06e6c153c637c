#include <streamlint/units.hpp>
#include <streamlint/text.hpp>

#include <cctype>
#include <string>

namespace streamlint {

namespace {

// Splits "123abc" into 123 and "abc"; nullopt when there are no digits or the number overflows.
std::optional<std::pair<std::uint64_t, std::string>> split_number(std::string_view text)
{
    text = trim(text);
    std::uint64_t n = 0;
    std::size_t i = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
        const std::uint64_t d = static_cast<std::uint64_t>(text[i] - '0');
        if (n > (UINT64_MAX - d) / 10) {
            return std::nullopt;
        }
        n = n * 10 + d;
    }
    if (i == 0) {
        return std::nullopt;
    }
    std::string unit;
    for (char c : trim(text.substr(i))) {
        unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return std::pair{n, unit};
}

std::optional<std::uint64_t> scale(std::uint64_t n, std::uint64_t factor)
{
    if (factor != 0 && n > UINT64_MAX / factor) {
        return std::nullopt;
    }
    return n * factor;
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text)
{
    auto parts = split_number(text);
    if (!parts) {
        return std::nullopt;
    }
    auto [n, unit] = *parts;
    if (unit.empty() || unit == "b") {
        return n;
    }
    const char head = unit[0];
    const std::string tail = unit.substr(1);
    if (!(tail.empty() || tail == "b" || tail == "i" || tail == "ib")) {
        return std::nullopt;
    }
    switch (head) {
    case 'k': return scale(n, 1ULL << 10);
    case 'm': return scale(n, 1ULL << 20);
    case 'g': return scale(n, 1ULL << 30);
    case 't': return scale(n, 1ULL << 40);
    default: return std::nullopt;
    }
}

std::optional<std::uint64_t> parse_duration_ms(std::string_view text)
{
    auto parts = split_number(text);
    if (!parts) {
        return std::nullopt;
    }
    auto [n, unit] = *parts;
    if (unit.empty() || unit == "ms") {
        return n;
    }
    if (unit == "s" || unit == "sec") {
        return scale(n, 1000);
    }
    if (unit == "m" || unit == "min") {
        return scale(n, 60'000);
    }
    if (unit == "h") {
        return scale(n, 3'600'000);
    }
    if (unit == "d") {
        return scale(n, 86'400'000);
    }
    return std::nullopt;
}

}  // namespace streamlint
