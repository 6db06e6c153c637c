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

const EmbeddedTable* builtin_table(std::string_view path)
{
    for (const auto& t : builtin_tables()) {
        if (t.path == path) {
            return &t;
        }
    }
    return nullptr;
}

}  // namespace streamlint
