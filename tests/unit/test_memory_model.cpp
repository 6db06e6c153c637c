// Flink's memory model against cases computed by hand (and to the byte with exact decimal
// arithmetic, as MemorySize.multiply does): accepted configurations with every component, and each
// condition under which Flink refuses to start.
//
// Notation: FH framework heap (128m), FO framework off-heap (128m), TH task heap, TO task off-heap (0),
// M managed, N network, TF total Flink, MS metaspace (256m), OH JVM overhead, TP total process.
// Float fractions are widened as Flink does: 0.1f = 0.10000000149011612, 0.4f = 0.4000000059604645,
// and 0.1f / (1 - 0.1f) = 0.11111111295076065.
#include <streamlint/memory_model.hpp>

#include <catch2/catch.hpp>

using namespace streamlint::flink_memory;

namespace {

constexpr std::int64_t MiB = k_mib;

Result tm_of(Config c, Options o = {})
{
    return derive(Process::TaskManager, c, o);
}

Result jm_of(Config c, Options o = {})
{
    return derive(Process::JobManager, c, o);
}

std::int64_t at(const Result& r, std::string_view component)
{
    const auto b = r.bytes(component);
    REQUIRE(b.has_value());
    return *b;
}

std::int64_t flag(const Result& r, std::string_view name)
{
    for (const auto& [f, bytes] : r.jvm) {
        if (f == name) {
            return bytes;
        }
    }
    FAIL("no JVM flag " << name);
    return 0;
}

bool has_flag(const Result& r, std::string_view name)
{
    return std::any_of(r.jvm.begin(), r.jvm.end(), [&](const auto& p) { return p.first == name; });
}

}  // namespace

TEST_CASE("multiply: exact decimal products of Double.toString, truncated (MemorySize.multiply)")
{
    const double tenth = static_cast<double>(0.1F);  // 0.10000000149011612
    // 1728m x 0.1f = 181193932.8 + 181193932.8 x 1.49e-8 -> 181193935.5... truncated
    CHECK(multiply(1728 * MiB, tenth) == 181193935);
    CHECK(multiply(6400 * MiB, tenth / (1 - tenth)) == 745654056);  // memory-model.md §5(a)
    CHECK(multiply(1280 * MiB, static_cast<double>(0.4F)) == 536870920);  // 512m + 8 bytes
    CHECK(multiply(100, 0.5) == 50);
    CHECK(multiply(0, 0.5) == 0);
    CHECK(parse_fraction("0.1") == static_cast<double>(0.1F));
    CHECK_FALSE(parse_fraction("a tenth"));
    CHECK(human(4096 * MiB) == "4096m");
    CHECK(human(745654056) == "711.1m");
    CHECK(human(k_max_bytes) == "infinite");
}

TEST_CASE("TaskManager, total process only: Flink's shipped 1728m (config.yaml) is accepted")
{
    // OH = clamp(1728m x 0.1 = 172.8m, 192m, 1g) = 192m
    // TF = 1728 - 256 - 192 = 1280m
    // M  = 1280m x 0.4f = 536870920 B (512m + 8 B)
    // N  = clamp(1280m x 0.1f = 134217730 B, 64m, inf) = 134217730 B (128m + 2 B)
    // TH = 1280m - FH 128m - FO 128m - TO 0 - M - N = 402653174 B (384m - 10 B)
    const Result r = tm_of({{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(r.status == Status::Accepted);
    CHECK(r.path == Path::TotalProcess);
    CHECK(at(r, "JVM overhead") == 192 * MiB);
    CHECK(at(r, "total Flink") == 1280 * MiB);
    CHECK(at(r, "managed") == 536870920);
    CHECK(at(r, "network") == 134217730);
    CHECK(at(r, "task heap") == 402653174);
    CHECK(at(r, "total process") == 1728 * MiB);
    CHECK(flag(r, "-Xmx") == 128 * MiB + 402653174);
    CHECK(flag(r, "-Xms") == flag(r, "-Xmx"));
    CHECK(flag(r, "-XX:MaxDirectMemorySize") == 128 * MiB + 134217730);
    CHECK(flag(r, "-XX:MaxMetaspaceSize") == 256 * MiB);
}

TEST_CASE("TaskManager, fine-grained: the tuning guide's TaskManager is accepted (memory-model.md §5a)")
{
    // X  = FH 128 + FO 128 + TH 4096 + TO 0 + M 2048 = 6400m
    // N  = X x 0.1f/(1-0.1f) = 745654056 B (711.1m), within [256m, 1024m]
    // TF = 6400m + N = 7456540456 B (7111.1m)
    // OH = TP 8192m - TF - MS 256m = 864958680 B (824.9m), within [192m, 1g]
    const Config guide{{"taskmanager.memory.process.size", "8192m"},
                       {"taskmanager.memory.task.heap.size", "4096m"},
                       {"taskmanager.memory.managed.size", "2048m"},
                       {"taskmanager.memory.network.min", "256m"},
                       {"taskmanager.memory.network.max", "1024m"},
                       {"taskmanager.numberOfTaskSlots", "4"}};
    const Result r = tm_of(guide);
    REQUIRE(r.status == Status::Accepted);
    CHECK(r.path == Path::FineGrained);
    CHECK(at(r, "network") == 745654056);
    CHECK(at(r, "total Flink") == 7456540456);
    CHECK(at(r, "JVM overhead") == 864958680);
    CHECK(at(r, "total process") == 8192 * MiB);
    CHECK(flag(r, "-Xmx") == 4224 * MiB);
    CHECK(flag(r, "-XX:MaxDirectMemorySize") == 128 * MiB + 745654056);  // 839.1m
    CHECK_FALSE(r.steps.empty());

    SECTION("task heap 5000m: total Flink 8115.6m + metaspace 256m > 8192m")
    {
        // X = 7304m, N = 7304m x 0.111... = 811.6m, TF = 8115.6m, TF + MS = 8371.6m > TP
        Config c = guide;
        c["taskmanager.memory.task.heap.size"] = "5000m";
        const Result bad = tm_of(c);
        REQUIRE(bad.status == Status::Refused);
        CHECK(bad.key == "taskmanager.memory.task.heap.size");
        CHECK_THAT(bad.flink_message, Catch::StartsWith("The configured Total Process Memory size (8192m) is less than "
                                                        "the sum of the derived Total Flink Memory size (8115.6m)"));
    }
    SECTION("task heap 4700m: the overhead left, 153.8m, is below its 192m minimum")
    {
        // X = 7004m, N = 778.2m, TF = 7782.2m, OH = 8192 - 7782.2 - 256 = 153.8m < 192m
        Config c = guide;
        c["taskmanager.memory.task.heap.size"] = "4700m";
        const Result bad = tm_of(c);
        REQUIRE(bad.status == Status::Refused);
        CHECK(bad.key == "taskmanager.memory.task.heap.size");
        CHECK(bad.flink_message == "Derived JVM Overhead size (153.8m) is not in configured JVM Overhead range [192m, 1024m].");
        CHECK_THAT(bad.arithmetic, Catch::Contains("= 153.8m < the minimum 192m"));
    }
    SECTION("without the process size the overhead is derived: 10 % of the process, clamped")
    {
        // TF = 7111.1m; OH = (TF + 256m) x 0.111... = 818.6m (within [192m, 1g]); TP = 8185.7m
        Config c = guide;
        c.erase("taskmanager.memory.process.size");
        const Result r2 = tm_of(c);
        REQUIRE(r2.status == Status::Accepted);
        CHECK(at(r2, "total Flink") == 7456540456);
        const std::int64_t oh = multiply(7456540456 + 256 * MiB, static_cast<double>(0.1F) / (1 - static_cast<double>(0.1F)));
        CHECK(at(r2, "JVM overhead") == oh);
        CHECK(at(r2, "total process") == 7456540456 + 256 * MiB + oh);
    }
}

TEST_CASE("TaskManager, total process with a task heap: a 4096m task heap in a 2048m process is refused")
{
    // OH = 2048m x 0.1f = 214748368 B (204.8m), within [192m, 1g]
    // TF = 2048m - 256m - 204.8m = 1664299824 B (1587.2m)
    // M  = TF x 0.4f = 665719939 B (634.9m)
    // FH 128 + FO 128 + TH 4096 + TO 0 + M 634.9 = 4986.9m > TF 1587.2m
    const Result r = tm_of({{"taskmanager.memory.process.size", "2048m"}, {"taskmanager.memory.task.heap.size", "4096m"}});
    REQUIRE(r.status == Status::Refused);
    CHECK(r.path == Path::TotalProcess);
    CHECK(r.key == "taskmanager.memory.task.heap.size");
    CHECK_THAT(r.flink_message, Catch::StartsWith("Sum of configured Framework Heap Memory (128m), Framework Off-Heap "
                                                  "Memory (128m), Task Heap Memory (4096m), Task Off-Heap Memory (0) "
                                                  "and Managed Memory (634.9m) exceed configured Total Flink Memory "
                                                  "(1587.2m)."));
    CHECK(r.arithmetic == "framework heap 128m + framework off-heap 128m + task heap 4096m + task off-heap 0 + managed "
                          "634.9m = 4986.9m > total Flink memory 1587.2m");
    // A 512m task heap fits: N = 1587.2 - (128 + 128 + 512 + 634.9) = 184.3m >= 64m
    const Result ok = tm_of({{"taskmanager.memory.process.size", "2048m"}, {"taskmanager.memory.task.heap.size", "512m"}});
    REQUIRE(ok.status == Status::Accepted);
    CHECK(at(ok, "network") == 1664299824 - (768 * MiB) - 665719939);
}

TEST_CASE("TaskManager, total Flink memory: network from its fraction, task heap the rest")
{
    // TF = 1280m: M = 512m (+8 B), N = 128m (+2 B), TH = 384m (-10 B);
    // OH = (1280 + 256) x 0.111... = 170.7m -> clamped to 192m; TP = 1280 + 256 + 192 = 1728m
    const Result r = tm_of({{"taskmanager.memory.flink.size", "1280m"}});
    REQUIRE(r.status == Status::Accepted);
    CHECK(r.path == Path::TotalFlink);
    CHECK(at(r, "task heap") == 402653174);
    CHECK(at(r, "JVM overhead") == 192 * MiB);
    CHECK(at(r, "total process") == 1728 * MiB);

    SECTION("managed and network above the total")
    {
        // FH 128 + FO 128 + TO 0 + M 1024 + N clamp(102.4m, 64m, inf) = 1382.4m > TF 1024m
        const Result bad = tm_of({{"taskmanager.memory.flink.size", "1024m"}, {"taskmanager.memory.managed.size", "1024m"}});
        REQUIRE(bad.status == Status::Refused);
        CHECK(bad.key == "taskmanager.memory.managed.size");
        CHECK_THAT(bad.flink_message, Catch::Contains("Network Memory (102.4m) exceed configured Total Flink Memory (1024m)"));
    }
    SECTION("a task heap leaves network as the rest, which must lie in [min, max]")
    {
        // TF 1280m, TH 500m, M = 512m (+8 B): N = 1280 - 128 - 128 - 500 - 512 = 12m (-8 B) < 64m
        const Result bad = tm_of({{"taskmanager.memory.flink.size", "1280m"}, {"taskmanager.memory.task.heap.size", "500m"}});
        REQUIRE(bad.status == Status::Refused);
        CHECK(bad.key == "taskmanager.memory.flink.size");
        CHECK_THAT(bad.flink_message, Catch::StartsWith("If Total Flink, Task Heap and (or) Managed Memory sizes are "
                                                        "explicitly configured") &&
                                          Catch::Contains("is not in configured Network Memory range [64m, infinite]"));
    }
    SECTION("fine-grained plus total Flink: the network is the rest, above an explicit max")
    {
        // X = 128 + 128 + 1024 + 0 + 512 = 1792m; N = 4096 - 1792 = 2304m > network.max 1g
        const Result bad = tm_of({{"taskmanager.memory.flink.size", "4096m"},
                               {"taskmanager.memory.task.heap.size", "1024m"},
                               {"taskmanager.memory.managed.size", "512m"},
                               {"taskmanager.memory.network.max", "1g"}});
        REQUIRE(bad.status == Status::Refused);
        CHECK(bad.path == Path::FineGrained);
        CHECK(bad.key == "taskmanager.memory.network.max");
        CHECK_THAT(bad.arithmetic, Catch::Contains("= 2304m > network.max 1024m"));
    }
    SECTION("fine-grained parts above an explicit total Flink memory")
    {
        const Result bad = tm_of({{"taskmanager.memory.flink.size", "1024m"},
                               {"taskmanager.memory.task.heap.size", "1024m"},
                               {"taskmanager.memory.managed.size", "512m"}});
        REQUIRE(bad.status == Status::Refused);
        CHECK(bad.key == "taskmanager.memory.task.heap.size");
        CHECK_THAT(bad.arithmetic, Catch::EndsWith("= 1792m > total Flink memory 1024m"));
    }
}

TEST_CASE("TaskManager: ranges, fractions, too-small processes and missing sizes")
{
    SECTION("network min above max")
    {
        const Result r = tm_of({{"taskmanager.memory.process.size", "4096m"},
                             {"taskmanager.memory.network.min", "2g"},
                             {"taskmanager.memory.network.max", "1g"}});
        REQUIRE(r.status == Status::Refused);
        CHECK(r.key == "taskmanager.memory.network.min");
        CHECK_THAT(r.flink_message, Catch::StartsWith("Inconsistently configured taskmanager.memory.network.fraction "
                                                      "(0.1) and its min (2048m), max (1024m) value"));
    }
    SECTION("a fraction of 1")
    {
        const Result r = tm_of({{"taskmanager.memory.process.size", "4096m"}, {"taskmanager.memory.jvm-overhead.fraction", "1"}});
        REQUIRE(r.status == Status::Refused);
        CHECK(r.key == "taskmanager.memory.jvm-overhead.fraction");
        CHECK_THAT(r.flink_message, Catch::EndsWith("fraction must be in range [0, 1)"));
    }
    SECTION("metaspace and overhead above the process")
    {
        // OH = clamp(300m x 0.1 = 30m, 192m, 1g) = 192m; MS 256m + OH 192m = 448m > 300m
        const Result r = tm_of({{"taskmanager.memory.process.size", "300m"}});
        REQUIRE(r.status == Status::Refused);
        CHECK(r.key == "taskmanager.memory.process.size");
        CHECK(r.flink_message == "Sum of configured JVM Metaspace (256m) and JVM Overhead (192m) exceed configured Total "
                                 "Process Memory (300m).");
    }
    SECTION("some options, none sufficient; none at all")
    {
        const Result r = tm_of({{"taskmanager.memory.task.heap.size", "1g"}});
        CHECK(r.status == Status::Insufficient);
        CHECK(r.key == "taskmanager.memory.task.heap.size");
        CHECK_THAT(r.flink_message, Catch::StartsWith("Either required fine-grained memory"));
        CHECK(tm_of({{"rest.port", "8081"}, {"taskmanager.numberOfTaskSlots", "4"}}).status == Status::NotConfigured);
    }
    SECTION("a value that is no size is left to the type rules")
    {
        CHECK(tm_of({{"taskmanager.memory.process.size", "lots"}}).status == Status::Unreadable);
    }
    SECTION("a heap below 128m is only a warning in Flink's log")
    {
        // TF 520m, FH 64m: M = 520m x 0.4f = 208m (+ a few bytes); N = clamp(52m, 64m, inf) = 64m;
        // TH = 520 - FH 64 - FO 128 - TO 0 - M 208 - N 64 = 56m; JVM heap FH + TH = 120m < 128m
        const Result r = tm_of({{"taskmanager.memory.flink.size", "520m"}, {"taskmanager.memory.framework.heap.size", "64m"}});
        REQUIRE(r.status == Status::Accepted);
        CHECK(at(r, "task heap") == 520 * MiB - 64 * MiB - 128 * MiB - multiply(520 * MiB, static_cast<double>(0.4F)) - 64 * MiB);
        CHECK(std::any_of(r.notes.begin(), r.notes.end(), [](const std::string& n) { return n.find("below Flink's recommended minimum") != std::string::npos; }));
    }
}

TEST_CASE("TaskManager: deprecated and legacy keys are read as Flink reads them")
{
    SECTION("taskmanager.memory.size is the deprecated managed size (still read by 2.0)")
    {
        const Result r = tm_of({{"taskmanager.memory.task.heap.size", "1024m"}, {"taskmanager.memory.size", "512m"}});
        REQUIRE(r.status == Status::Accepted);
        CHECK(r.path == Path::FineGrained);
        CHECK(at(r, "managed") == 512 * MiB);
        CHECK(r.written.at("taskmanager.memory.managed.size") == "taskmanager.memory.size");
    }
    SECTION("taskmanager.heap.size: total Flink memory for the standalone scripts, process size for Kubernetes/YARN")
    {
        Options o;
        o.legacy_keys = true;
        const Result standalone = tm_of({{"taskmanager.heap.size", "1280m"}}, o);
        REQUIRE(standalone.status == Status::Accepted);
        CHECK(standalone.path == Path::TotalFlink);
        CHECK(at(standalone, "total process") == 1728 * MiB);
        o.legacy_heap = LegacyHeapMapping::ActiveResourceManager;
        const Result active = tm_of({{"taskmanager.heap.mb", "1728"}}, o);
        REQUIRE(active.status == Status::Accepted);
        CHECK(active.path == Path::TotalProcess);
        CHECK(at(active, "task heap") == 402653174);
        // Flink 2.0 no longer reads them: the file configures no TaskManager memory then
        CHECK(tm_of({{"taskmanager.heap.size", "1280m"}}).status == Status::NotConfigured);
    }
    SECTION("taskmanager.network.memory.* (1.x) and the legacy number of buffers")
    {
        Options o;
        o.legacy_keys = true;
        const Result r = tm_of({{"taskmanager.memory.process.size", "1728m"}, {"taskmanager.network.memory.min", "256m"}}, o);
        REQUIRE(r.status == Status::Accepted);
        CHECK(at(r, "network") == 256 * MiB);
        // 4096 buffers x 32k = 128m
        const Result b = tm_of({{"taskmanager.memory.process.size", "1728m"}, {"taskmanager.network.numberOfBuffers", "4096"}}, o);
        REQUIRE(b.status == Status::Accepted);
        CHECK(at(b, "network") == 128 * MiB);
    }
}

TEST_CASE("JobManager: the three paths and every refusal")
{
    SECTION("Flink's shipped 1600m: overhead 192m, total Flink 1152m, heap 1024m")
    {
        // OH = clamp(160m, 192m, 1g) = 192m; TF = 1600 - 256 - 192 = 1152m; heap = 1152 - 128 = 1024m
        const Result r = jm_of({{"jobmanager.memory.process.size", "1600m"}});
        REQUIRE(r.status == Status::Accepted);
        CHECK(r.path == Path::TotalProcess);
        CHECK(at(r, "JVM heap") == 1024 * MiB);
        CHECK(at(r, "off-heap") == 128 * MiB);
        CHECK(at(r, "total Flink") == 1152 * MiB);
        CHECK(flag(r, "-Xmx") == 1024 * MiB);
        CHECK_FALSE(has_flag(r, "-XX:MaxDirectMemorySize"));  // only with enable-jvm-direct-memory-limit
    }
    SECTION("the tuning guide's JobManager: 4096m with a 3200m heap (memory-model.md §5b)")
    {
        // TF = 3200 + 128 = 3328m; OH = 4096 - 3328 - 256 = 512m within [192m, 1g]
        const Result r = jm_of({{"jobmanager.memory.process.size", "4096m"}, {"jobmanager.memory.heap.size", "3200m"}});
        REQUIRE(r.status == Status::Accepted);
        CHECK(r.path == Path::FineGrained);
        CHECK(at(r, "total Flink") == 3328 * MiB);
        CHECK(at(r, "JVM overhead") == 512 * MiB);
        CHECK(flag(r, "-Xmx") == 3200 * MiB);
    }
    SECTION("a heap above 3520m leaves less than 192m of overhead in 4096m; below 2688m more than 1g")
    {
        // 3600: OH = 4096 - 3728 - 256 = 112m < 192m
        const Result high = jm_of({{"jobmanager.memory.process.size", "4096m"}, {"jobmanager.memory.heap.size", "3600m"}});
        REQUIRE(high.status == Status::Refused);
        CHECK(high.key == "jobmanager.memory.heap.size");
        CHECK(high.flink_message == "Derived JVM Overhead size (112m) is not in configured JVM Overhead range [192m, 1024m].");
        // 2600: OH = 4096 - 2728 - 256 = 1112m > 1g
        const Result low = jm_of({{"jobmanager.memory.process.size", "4096m"}, {"jobmanager.memory.heap.size", "2600m"}});
        REQUIRE(low.status == Status::Refused);
        CHECK_THAT(low.arithmetic, Catch::Contains("= 1112m > the maximum 1024m"));
        CHECK(jm_of({{"jobmanager.memory.process.size", "4096m"}, {"jobmanager.memory.heap.size", "3520m"}}).status ==
              Status::Accepted);
        CHECK(jm_of({{"jobmanager.memory.process.size", "4096m"}, {"jobmanager.memory.heap.size", "2688m"}}).status ==
              Status::Accepted);
    }
    SECTION("heap and total Flink memory")
    {
        // off-heap derived: 2048 - 1536 = 512m
        const Result r = jm_of({{"jobmanager.memory.flink.size", "2048m"}, {"jobmanager.memory.heap.size", "1536m"}});
        REQUIRE(r.status == Status::Accepted);
        CHECK(at(r, "off-heap") == 512 * MiB);
        const Result over = jm_of({{"jobmanager.memory.flink.size", "1024m"}, {"jobmanager.memory.heap.size", "1536m"}});
        REQUIRE(over.status == Status::Refused);
        CHECK(over.key == "jobmanager.memory.heap.size");
        CHECK(over.flink_message == "The configured JVM Heap Memory (1536m) exceeds the configured Total Flink Memory (1024m).");
        const Result mismatch = jm_of({{"jobmanager.memory.flink.size", "2048m"},
                                    {"jobmanager.memory.heap.size", "1536m"},
                                    {"jobmanager.memory.off-heap.size", "128m"}});
        REQUIRE(mismatch.status == Status::Refused);
        CHECK(mismatch.key == "jobmanager.memory.flink.size");
        CHECK_THAT(mismatch.arithmetic, Catch::Contains("heap 1536m + off-heap 128m = 1664m != total Flink memory 2048m"));
    }
    SECTION("total Flink memory not above the off-heap (equality is refused too)")
    {
        const Result r = jm_of({{"jobmanager.memory.flink.size", "128m"}});
        REQUIRE(r.status == Status::Refused);
        CHECK(r.flink_message == "The configured Total Flink Memory (128m) is less than the configured Off-heap Memory (128m).");
    }
    SECTION("the direct memory limit, legacy heap keys, nothing sufficient")
    {
        const Result r = jm_of({{"jobmanager.memory.process.size", "1600m"}, {"jobmanager.memory.enable-jvm-direct-memory-limit", "true"}});
        CHECK(flag(r, "-XX:MaxDirectMemorySize") == 128 * MiB);
        Options o;
        o.legacy_keys = true;
        const Result legacy = jm_of({{"jobmanager.heap.size", "1024m"}}, o);
        REQUIRE(legacy.status == Status::Accepted);
        CHECK(legacy.path == Path::FineGrained);
        CHECK(at(legacy, "JVM heap") == 1024 * MiB);
        CHECK(jm_of({{"jobmanager.memory.off-heap.size", "256m"}}).status == Status::Insufficient);
        CHECK(jm_of({{"jobmanager.rpc.address", "localhost"}}).status == Status::NotConfigured);
    }
}

TEST_CASE("to_json: components in bytes and MiB, the JVM flags, the steps")
{
    const Result r = tm_of({{"taskmanager.memory.process.size", "1728m"}});
    const auto j = r.to_json();
    CHECK(j["status"] == "accepted");
    CHECK(j["path"] == "total-process");
    CHECK(j["components"].size() == 10);
    CHECK(j["components"][1]["name"] == "task heap");
    CHECK(j["components"][1]["bytes"] == 402653174);
    CHECK(j["jvm"]["-Xmx"]["bytes"] == 134217728 + 402653174);
    CHECK(j["steps"].size() >= 4);
}
