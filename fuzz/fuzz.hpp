// One header for every fuzz target. A target is written once:
//
//     SL_FUZZ_TARGET(properties) { ...; return 0; }
//
// Built with clang and -DSTREAMLINT_FUZZ=ON (SL_FUZZ_LIBFUZZER defined), that is libFuzzer's
// LLVMFuzzerTestOneInput and the file is one fuzzer. Built any other way (the normal gcc build) every
// target registers itself in a table, and fuzz_replay (replay_main.cpp) runs them over saved inputs:
// the crashers in fuzz/crashers/ stay regression tests without clang.
//
// Invariants are checked with SL_FUZZ_CHECK, which prints what broke and aborts (a crash to
// libFuzzer, a failed test to ctest).
#pragma once

#include <streamlint/model.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace slfuzz {

using TargetFn = int (*)(const std::uint8_t* data, std::size_t size);

/// Registers a target for fuzz_replay; returns true so it can initialise a static.
bool register_target(const char* name, TargetFn fn);

[[noreturn]] inline void fail(const char* file, int line, const char* what, const std::string& detail)
{
    std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s %s\n", file, line, what, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

/// The input as text (parsers take any bytes).
inline std::string text_of(const std::uint8_t* data, std::size_t size)
{
    return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

/// What every parser promises about a Document it filled: ranges inside the text, begin <= end,
/// overrides pointing at later settings, positions computable.
void check_document(const streamlint::Document& doc);

}  // namespace slfuzz

#define SL_FUZZ_CHECK(cond, detail)                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            ::slfuzz::fail(__FILE__, __LINE__, #cond, (detail));      \
        }                                                             \
    } while (false)

#if defined(SL_FUZZ_LIBFUZZER)
#define SL_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#else
#define SL_FUZZ_TARGET(name)                                                                             \
    static int sl_fuzz_target_##name(const std::uint8_t* data, std::size_t size);                       \
    [[maybe_unused]] static const bool sl_fuzz_registered_##name =                                       \
        ::slfuzz::register_target(#name, &sl_fuzz_target_##name);                                       \
    static int sl_fuzz_target_##name(const std::uint8_t* data, std::size_t size)
#endif
