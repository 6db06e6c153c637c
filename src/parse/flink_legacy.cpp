#include <streamlint/parse.hpp>

namespace streamlint {

void parse_flink_legacy(Document& doc)
{
    (void)doc;  // not written yet
}

}  // namespace streamlint
