// Fuzz target: Flink 1.x flink-conf.yaml, read with Flink's line reader.
#include "fuzz.hpp"

#include <streamlint/parse.hpp>

SL_FUZZ_TARGET(flink_legacy)
{
    using namespace streamlint;
    Document doc("flink-conf.yaml", FileKind::Flink, Syntax::FlinkLegacyYaml, slfuzz::text_of(data, size));
    parse_flink_legacy(doc);
    slfuzz::check_document(doc);
    return 0;
}
