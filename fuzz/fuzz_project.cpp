// Fuzz target: the project file (.streamlint.yaml). Any input either loads or is a UsageError with
// a message; nothing else may escape (another exception would be exit 2 "internal error").
#include "fuzz.hpp"

#include <streamlint/project.hpp>

SL_FUZZ_TARGET(project)
{
    using namespace streamlint;
    try {
        const ProjectConfig cfg = load_project_text(slfuzz::text_of(data, size), "fuzz/.streamlint.yaml");
        (void)cfg.targets(default_targets());
    } catch (const UsageError& e) {
        SL_FUZZ_CHECK(std::string_view(e.what()).starts_with("fuzz/.streamlint.yaml"),
                      std::string("a message that does not name the file: ") + e.what());
    }
    return 0;
}
