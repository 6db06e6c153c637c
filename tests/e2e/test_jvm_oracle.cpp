// The JVM rules against real JVMs: for each set of flags, `java <flags> -version` either starts or
// refuses, and streamlint must report an error exactly when it refuses. The target JDK is the
// feature version each java reports. Skipped cleanly where there is no JDK.
#include "run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <vector>

using sltest::quote;
using sltest::Run;
using sltest::TempDir;

namespace {

/// The feature version `java -version` reports ("17.0.15" -> 17, "1.8.0_412" -> 8), or 0.
int feature_version(const std::string& java)
{
    const Run r = sltest::shell(quote(java) + " -version 2>&1", SL_SOURCE_DIR);
    std::smatch m;
    static const std::regex version(R"re(version "(1\.)?([0-9]+))re");
    if (r.status != 0 || !std::regex_search(r.out, m, version)) {
        return 0;
    }
    return std::stoi(m[2].str());
}

/// The java on PATH and every other JDK under /usr/lib/jvm, each once.
std::vector<std::string> javas()
{
    std::vector<std::string> out;
    std::set<std::string> seen;
    const auto add = [&](const std::filesystem::path& p) {
        std::error_code ec;
        const auto real = std::filesystem::canonical(p, ec);
        if (!ec && seen.insert(real.string()).second) {
            out.push_back(real.string());
        }
    };
    const Run which = sltest::shell("command -v java", SL_SOURCE_DIR);
    if (which.status == 0 && !which.out.empty()) {
        add(which.out.substr(0, which.out.find('\n')));
    }
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/usr/lib/jvm", ec)) {
        if (std::filesystem::exists(e.path() / "bin" / "java")) {
            add(e.path() / "bin" / "java");
        }
    }
    return out;
}

// Flags the rules must judge as the JVM does: removed, misspelt, locked, debug-only, mistyped,
// malformed sizes, conflicts, and controls that start.
const std::vector<std::vector<std::string>> k_cases{
    {"-XX:+UseCGroupMemoryLimitForHeap"},
    {"-XX:+UnlockExperimentalVMOptions", "-XX:+UseCGroupMemoryLimitForHeap"},
    {"-XX:+UseConcMarkSweepGC"},
    {"-XX:+UseParNewGC"},
    {"-XX:+UseG1GCC"},
    {"-XX:+UseG1GC"},
    {"-XX:+UseZGC"},
    {"-XX:+UseSerialGC"},
    {"-XX:+PrintCompilation"},
    {"-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintCompilation"},
    {"-XX:+PrintAssembly"},
    {"-XX:+PrintAssembly", "-XX:+UnlockDiagnosticVMOptions"},
    {"-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintAssembly"},
    {"-XX:+UnlockDiagnosticVMOptions", "-XX:-UnlockDiagnosticVMOptions", "-XX:+PrintAssembly"},
    {"-XX:+UseEpsilonGC"},
    {"-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC"},
    {"-XX:+VerifyOops"},
    {"-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseG1GCC"},
    {"-XX:+UseG1GCC", "-XX:+IgnoreUnrecognizedVMOptions"},
    {"-XX:+UseBiasedLocking"},
    {"-XX:MaxPermSize=256m"},
    {"-XX:+AggressiveOpts"},
    {"-XX:+ZGenerational"},
    {"-XX:+PrintGCDetails"},
    {"-XX:+TraceClassLoading"},
    {"-XX:UseG1GC=true"},
    {"-XX:UseG1GC"},
    {"-XX:+UseLargePages=1"},
    {"-XX:+MaxGCPauseMillis"},
    {"-XX:MaxGCPauseMillis=abc"},
    {"-XX:MaxGCPauseMillis=200"},
    {"-XX:MaxGCPauseMillis=200k"},
    {"-XX:MaxGCPauseMillis=-1"},
    {"-XX:MaxRAMPercentage=75"},
    {"-XX:MaxRAMPercentage=75%"},
    {"-XX:MaxRAMPercentage=1e1"},
    {"-XX:ErrorFile"},
    {"-XX:HeapDumpPath="},
    {"-XX:MaxHeapSize=4gb"},
    {"-Xss1x"},
    {"-Xss100k"},
    {"-Xss136k"},
    {"-Xmx4gb"},
    {"-Xmx4G"},
    {"-Xmx1.5g"},
    {"-Xmx1024"},
    {"-Xms2g", "-Xmx1g"},
    {"-Xms1g", "-Xmx1g"},
    {"-XX:+UseG1GC", "-XX:+UseParallelGC"},
    {"-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:-UseParallelGC"},
};

}  // namespace

TEST_CASE("jvm oracle: the J rules report an error exactly when the real JVM refuses to start")
{
    const std::vector<std::string> jdks = javas();
    if (jdks.empty() || !sltest::have("timeout")) {
        WARN("no JDK on this machine: skipped");
        return;
    }
    std::size_t compared = 0;
    for (const std::string& java : jdks) {
        const int release = feature_version(java);
        if (release == 0) {
            continue;
        }
        TempDir dir;
        for (const auto& flags : k_cases) {
            std::string args;
            std::string lines;
            for (const auto& f : flags) {
                args += " " + quote(f);
                lines += f + "\n";
            }
            const Run vm = sltest::shell("timeout 60 " + quote(java) + args + " -version >/dev/null", dir.str());
            REQUIRE(vm.status != 124);  // timed out: the JVM neither started nor refused
            const bool starts = vm.status == 0;
            dir.write("jvm.options", lines);
            const Run lint = sltest::streamlint(
                "check --select J,S --fail-on error --target jdk=" + std::to_string(release) + " jvm.options", dir.str());
            REQUIRE(lint.status != 2);
            const bool error = lint.status == 1;
            INFO("JDK " << release << " (" << java << "):" << args << "\nJVM exit " << vm.status << ": " << vm.err
                        << "\nstreamlint:\n" << lint.out);
            CHECK(error == !starts);
            ++compared;
        }
    }
    CHECK(compared >= k_cases.size());
}
