#include <streamlint/parse.hpp>

namespace streamlint {

void parse_es_json(Document& doc)
{
    (void)doc;  // not written yet
}

}  // namespace streamlint

namespace streamlint {
bool es_json_shape_recognised(std::string_view text)
{
    (void)text;
    return false;
}
}  // namespace streamlint
