#include <streamlint/embedded.hpp>

namespace streamlint {

std::string_view builtin_file(std::string_view path)
{
    for (const auto& f : builtin_files()) {
        if (f.path == path) {
            return f.content;
        }
    }
    return {};
}

}  // namespace streamlint
