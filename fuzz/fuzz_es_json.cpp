// Fuzz target: Elasticsearch index JSON (the Jackson-faithful reader and the settings walk), and
// the cheap shape test used while walking directories.
#include "fuzz.hpp"

#include <streamlint/parse.hpp>

SL_FUZZ_TARGET(es_json)
{
    using namespace streamlint;
    const std::string text = slfuzz::text_of(data, size);
    Document doc("index.json", FileKind::ElasticsearchIndex, Syntax::Json, text);
    parse_es_json(doc);
    slfuzz::check_document(doc);
    (void)es_json_shape_recognised(text);
    return 0;
}
