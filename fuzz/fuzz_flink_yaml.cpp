// Fuzz target: Flink 1.19+/2.x config.yaml (YAML 1.2 through yaml-cpp, with the depth pre-scan and
// metered alias expansion), and recognising a config.yaml as Flink's.
#include "fuzz.hpp"

#include <streamlint/discover.hpp>
#include <streamlint/parse.hpp>

SL_FUZZ_TARGET(flink_yaml)
{
    using namespace streamlint;
    const std::string text = slfuzz::text_of(data, size);
    Document doc("config.yaml", FileKind::Flink, Syntax::FlinkYaml, text);
    parse_flink_yaml(doc);
    slfuzz::check_document(doc);
    (void)recognise("conf/config.yaml", text);
    return 0;
}
