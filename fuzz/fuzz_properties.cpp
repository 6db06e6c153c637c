// Fuzz target: the .properties parser (java.util.Properties.load with ISO-8859-1 decoding), and
// recognising a .properties file's role from its keys.
#include "fuzz.hpp"

#include <streamlint/discover.hpp>
#include <streamlint/parse.hpp>

SL_FUZZ_TARGET(properties)
{
    using namespace streamlint;
    const std::string text = slfuzz::text_of(data, size);
    Document doc("fuzz.properties", FileKind::KafkaBroker, Syntax::Properties, text);
    parse_properties(doc);
    slfuzz::check_document(doc);
    // Parsing is a function of the text.
    Document again("fuzz.properties", FileKind::KafkaBroker, Syntax::Properties, text);
    parse_properties(again);
    SL_FUZZ_CHECK(again.settings.size() == doc.settings.size() && again.notes.size() == doc.notes.size(),
                  "two parses of one text differ");
    (void)recognise("fuzz/unnamed.properties", text);
    return 0;
}
