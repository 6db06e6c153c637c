#include <streamlint/parse.hpp>

namespace streamlint {

void parse_properties(Document& doc)
{
    (void)doc;  // not written yet
}

}  // namespace streamlint
