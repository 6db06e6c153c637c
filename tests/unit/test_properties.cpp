#include <catch2/catch.hpp>
#include <streamlint/parse.hpp>

TEST_CASE("placeholder properties") { SUCCEED(); }
