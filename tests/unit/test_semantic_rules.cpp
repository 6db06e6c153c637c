// The semantic rules (M memory model, X cross-key, C capacity, L latency): each fires on a
// configuration that breaks it and stays silent on one that does not, shows its arithmetic, and stays
// silent when the deployment or workload it needs is not described. Also: the cross-file pass, and
// what `check examples/poc` reports about the tuning guide's own configs.
#include "support.hpp"

#include <streamlint/engine.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace streamlint;
using sltest::TempDir;

namespace {

Document parse(FileKind kind, Syntax syntax, std::string text, std::string path = "example")
{
    Document doc(std::move(path), kind, syntax, std::move(text));
    switch (syntax) {
    case Syntax::Properties: parse_properties(doc); break;
    case Syntax::FlinkLegacyYaml: parse_flink_legacy(doc); break;
    case Syntax::FlinkYaml: parse_flink_yaml(doc); break;
    case Syntax::Json: parse_es_json(doc); break;
    case Syntax::JvmOptions: parse_jvm_options(doc, 17); break;
    default: break;
    }
    return doc;
}

struct Check {
    std::string project;  // .streamlint.yaml text, "" for none
    Targets targets = default_targets();
    std::vector<const Document*> run;
    bool details = true;  // RuleContext::details: false as for a text report
};

std::vector<Finding> findings(const std::string& id, const Document& doc, const Check& c = {})
{
    static const RuleSet rules;
    RuleSelection sel;
    sel.select = {id};
    RuleContext ctx;
    ctx.targets = c.targets;
    ctx.details = c.details;
    std::optional<ProjectConfig> project;
    if (!c.project.empty()) {
        project = load_project_text(c.project, "test/.streamlint.yaml");
        ctx.project = &*project;
    }
    // as the pipeline hands it to the rules: in path order
    std::vector<const Document*> run = c.run;
    std::stable_sort(run.begin(), run.end(), [](const Document* a, const Document* b) { return a->path < b->path; });
    ctx.run = run.empty() ? nullptr : &run;
    return check_document(doc, ctx, sel, rules);
}

std::vector<Finding> props(const std::string& id, FileKind kind, const std::string& text, const Check& c = {})
{
    return findings(id, parse(kind, Syntax::Properties, text), c);
}

std::vector<Finding> flink(const std::string& id, const std::string& text, const Check& c = {})
{
    return findings(id, parse(FileKind::Flink, Syntax::FlinkYaml, text), c);
}

std::vector<Finding> index_body(const std::string& id, const std::string& text, const Check& c = {})
{
    return findings(id, parse(FileKind::ElasticsearchIndex, Syntax::Json, text), c);
}

std::vector<Finding> jvm(const std::string& id, const std::string& text, const Check& c = {})
{
    return findings(id, parse(FileKind::Jvm, Syntax::JvmOptions, text), c);
}

Check with(std::string project)
{
    Check c;
    c.project = std::move(project);
    return c;
}

}  // namespace

TEST_CASE("M001/M002: Flink's refusals at the responsible key, with the arithmetic and Flink's words")
{
    const auto f = flink("M001", "taskmanager.memory.process.size: 2048m\ntaskmanager.memory.task.heap.size: 4096m\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].key == "taskmanager.memory.task.heap.size");
    CHECK(f[0].position == Position{2, 1});
    CHECK_THAT(f[0].message,
               Catch::StartsWith("Flink refuses to start the TaskManager: framework heap 128m + framework off-heap 128m "
                                 "+ task heap 4096m + task off-heap 0 + managed 634.9m = 4986.9m > total Flink memory "
                                 "1587.2m (total Flink = total process 2048m - metaspace 256m - overhead 204.8m = "
                                 "1587.2m); Flink: \"Sum of configured Framework Heap Memory"));
    CHECK(f[0].details["status"] == "refused");
    CHECK(f[0].details["settings"].size() >= 2);
    // For a text report the derivation writes no steps, but a refusal's message still shows how the
    // total Flink memory came about.
    Check text_report;
    text_report.details = false;
    const auto plain =
        flink("M001", "taskmanager.memory.process.size: 2048m\ntaskmanager.memory.task.heap.size: 4096m\n", text_report);
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].message == f[0].message);
    CHECK(plain[0].details.is_null());

    const auto j = flink("M002", "jobmanager.memory.process.size: 4096m\njobmanager.memory.heap.size: 3600m\n");
    REQUIRE(j.size() == 1);
    CHECK(j[0].key == "jobmanager.memory.heap.size");
    CHECK_THAT(j[0].message, Catch::Contains("JVM overhead = total process 4096m - total Flink 3728m - metaspace 256m = "
                                             "112m < the minimum 192m"));
    // the guide's own configs are accepted; a client-only file has nothing to say
    CHECK(flink("M001", "taskmanager.memory.process.size: 8192m\ntaskmanager.memory.task.heap.size: 4096m\n"
                        "taskmanager.memory.managed.size: 2048m\ntaskmanager.memory.network.min: 256m\n"
                        "taskmanager.memory.network.max: 1024m\n")
              .empty());
    CHECK(flink("M002", "jobmanager.memory.process.size: 4096m\njobmanager.memory.heap.size: 3200m\n").empty());
    CHECK(flink("M001", "rest.address: flink\nparallelism.default: 4\n").empty());
}

TEST_CASE("M001: legacy keys follow the target (a flink-conf.yaml is always read by 1.x)")
{
    // taskmanager.heap.size 300m -> taskmanager.memory.flink.size 300m (standalone): managed 120m, network
    // 64m, FH 128 + FO 128 + TO 0 + M 120 + N 64 = 440m > 300m
    const std::string text = "taskmanager.heap.size: 300m\n";
    const Document legacy = parse(FileKind::Flink, Syntax::FlinkLegacyYaml, text);
    const auto f = findings("M001", legacy);
    REQUIRE(f.size() == 1);
    CHECK(f[0].key == "taskmanager.heap.size");
    CHECK_THAT(f[0].message, Catch::Contains("= 440m > total Flink memory 300m"));
    // config.yaml for Flink 2.0 does not read the key at all (the catalog rules report it as removed)
    CHECK(flink("M001", text).empty());
    Check old;
    old.targets.flink = "1.20";
    CHECK(flink("M001", text, old).size() == 1);
}

TEST_CASE("M003: the breakdown of an accepted configuration, reachable from the JSON report")
{
    const auto f = flink("M003", "jobmanager.memory.process.size: 1600m\ntaskmanager.memory.process.size: 1728m\n");
    REQUIRE(f.size() == 2);
    CHECK(f[0].severity == Severity::Info);
    CHECK(f[0].key == "jobmanager.memory.process.size");
    CHECK_THAT(f[0].message, Catch::Contains("total process 1600m = total Flink 1152m (heap 1024m + off-heap 128m) + "
                                             "metaspace 256m + overhead 192m; JVM -Xmx1024m -Xms1024m "
                                             "-XX:MaxMetaspaceSize=256m"));
    CHECK(f[1].key == "taskmanager.memory.process.size");
    CHECK(f[1].details["components"][1]["bytes"] == 402653174);  // task heap: 384m - 10 bytes
    CHECK(f[1].details["jvm"]["-XX:MaxDirectMemorySize"]["bytes"] == 134217728 + 134217730);
    CHECK(flink("M003", "rest.port: 8081\n").empty());
    CHECK(flink("M003", "taskmanager.memory.process.size: 300m\n").empty());  // refused: M001's
}

TEST_CASE("M004: some memory options but no size Flink can start from")
{
    const auto f = flink("M004", "taskmanager.memory.managed.size: 1024m\ntaskmanager.numberOfTaskSlots: 2\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].key == "taskmanager.memory.managed.size");
    CHECK_THAT(f[0].message, Catch::Contains("need to be configured explicitly"));
    CHECK(flink("M004", "taskmanager.numberOfTaskSlots: 2\n").empty());
    CHECK(flink("M004", "jobmanager.memory.off-heap.size: 256m\njobmanager.memory.flink.size: 1g\n").empty());
    CHECK(flink("M004", "jobmanager.memory.off-heap.size: 256m\n").size() == 1);
}

TEST_CASE("X001/X002: min.insync.replicas against the replication factor")
{
    const auto above = props("X001", FileKind::KafkaBroker, "min.insync.replicas=2\n");  // RF default 1
    REQUIRE(above.size() == 1);
    CHECK_THAT(above[0].message, Catch::StartsWith("min.insync.replicas 2 > default.replication.factor 1 (default)"));
    CHECK(props("X001", FileKind::KafkaBroker, "default.replication.factor=3\nmin.insync.replicas=2\n").empty());
    // the transaction log's pair: min.isr 2 (default) > RF 1
    const auto txn = props("X001", FileKind::KafkaBroker, "transaction.state.log.replication.factor=1\n");
    REQUIRE(txn.size() == 1);
    CHECK(txn[0].key == "transaction.state.log.replication.factor");

    const auto equal = props("X002", FileKind::KafkaBroker, "default.replication.factor=3\nmin.insync.replicas=3\n");
    REQUIRE(equal.size() == 1);
    CHECK(equal[0].severity == Severity::Warning);
    CHECK(equal[0].recommended == "2");
    CHECK_THAT(equal[0].message, Catch::Contains("tolerates one failure"));
    CHECK(props("X002", FileKind::KafkaBroker, "default.replication.factor=1\nmin.insync.replicas=1\n").empty());
    CHECK(props("X002", FileKind::KafkaBroker, "num.io.threads=8\n").empty());  // defaults: nothing said
}

TEST_CASE("X003: delivery.timeout.ms below linger.ms + request.timeout.ms, with a fix")
{
    const auto f = props("X003", FileKind::KafkaProducer, "linger.ms=100\ndelivery.timeout.ms=30000\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.starts_with("delivery.timeout.ms 30000 < linger.ms 100 + request.timeout.ms 30000 (default) = 30100"));
    CHECK(f[0].recommended == "30100");
    REQUIRE(f[0].fix);
    CHECK(f[0].fix->edits[0].content == "30100");
    CHECK(props("X003", FileKind::KafkaProducer, "linger.ms=100\n").empty());  // unset: Kafka raises it itself
    // linger.ms defaults to 5 from Kafka 4.0 (KIP-1030)
    CHECK(props("X003", FileKind::KafkaProducer, "request.timeout.ms=30000\ndelivery.timeout.ms=30002\n").size() == 1);
    Check old;
    old.targets.kafka = "3.9";
    CHECK(props("X003", FileKind::KafkaProducer, "request.timeout.ms=30000\ndelivery.timeout.ms=30002\n", old).empty());
}

TEST_CASE("X004/X005/X006: retries, in-flight requests, acks and idempotence")
{
    const std::string guide = "acks=1\nretries=3\nmax.in.flight.requests.per.connection=5\n";
    const auto silent_off = props("X006", FileKind::KafkaProducer, guide);
    REQUIRE(silent_off.size() == 1);
    CHECK(silent_off[0].key == "acks");
    CHECK_THAT(silent_off[0].message, Catch::StartsWith("acks=1 with enable.idempotence unset: the producer silently "
                                                        "turns idempotence off"));
    const auto reorder = props("X004", FileKind::KafkaProducer, guide);
    REQUIRE(reorder.size() == 1);
    CHECK(reorder[0].key == "max.in.flight.requests.per.connection");
    CHECK_THAT(reorder[0].message, Catch::Contains("idempotence is off because of acks=1"));
    CHECK(props("X005", FileKind::KafkaProducer, guide).empty());

    const auto refused = props("X005", FileKind::KafkaProducer, "enable.idempotence=true\nacks=1\nretries=0\n");
    CHECK(refused.size() == 2);  // acks and retries
    CHECK(props("X004", FileKind::KafkaProducer, "enable.idempotence=true\nacks=1\n").empty());

    // defaults are idempotent since 3.0; before, off by default
    CHECK(props("X004", FileKind::KafkaProducer, "acks=all\n").empty());
    Check v2;
    v2.targets.kafka = "2.8";
    CHECK(props("X004", FileKind::KafkaProducer, "acks=all\n", v2).size() == 1);
    CHECK(props("X006", FileKind::KafkaProducer, "acks=1\n", v2).empty());
    // acks=0 never retries; one request in flight keeps the order
    CHECK(props("X004", FileKind::KafkaProducer, "acks=0\n").empty());
    CHECK(props("X004", FileKind::KafkaProducer, "acks=1\nmax.in.flight.requests.per.connection=1\n").empty());
}

TEST_CASE("X007/X008: replica fetch size and size-based retention within one segment")
{
    CHECK(props("X007", FileKind::KafkaBroker, "replica.fetch.max.bytes=1048576\n").empty());  // the shipped pair
    const auto big = props("X007", FileKind::KafkaBroker, "message.max.bytes=10485760\n");
    REQUIRE(big.size() == 1);
    CHECK_THAT(big[0].message, Catch::Contains("larger than replica.fetch.max.bytes 1048576 (default)"));

    const auto seg = props("X008", FileKind::KafkaBroker, "log.segment.bytes=1073741824\nlog.retention.bytes=1073741824\n");
    REQUIRE(seg.size() == 1);
    CHECK(seg[0].key == "log.retention.bytes");
    CHECK(seg[0].message == "log.retention.bytes 1073741824 (1g) = log.segment.bytes 1073741824 (1g): a partition holds "
                            "1g to 2g and each size-based deletion drops one whole 1g segment = 100 % of the retention "
                            "at once");
    // below the 1g default segment: holds 512m to 1.5g, a deletion drops 1g = 200 % of the retention
    const auto half = props("X008", FileKind::KafkaBroker, "log.retention.bytes=536870912\n");
    REQUIRE(half.size() == 1);
    CHECK_THAT(half[0].message, Catch::EndsWith("holds 512m to 1.5g and each size-based deletion drops one whole 1g "
                                                "segment = 200 % of the retention at once"));
    CHECK(props("X008", FileKind::KafkaBroker, "log.retention.bytes=-1\n").empty());
    CHECK(props("X008", FileKind::KafkaBroker, "log.retention.bytes=4294967296\n").empty());
}

TEST_CASE("X009/X010/X011: translog durability and the two spellings of an index setting")
{
    const auto noop = index_body("X009", R"({"settings": {"index.translog.sync_interval": "30s"}})");
    REQUIRE(noop.size() == 1);
    CHECK_THAT(noop[0].message, Catch::Contains("index.translog.durability is request (the default)"));
    CHECK(index_body("X009", R"({"settings": {"index": {"translog": {"durability": "async", "sync_interval": "30s"}}}})")
              .empty());

    const auto window = index_body("X010", R"({"settings": {"index.translog.durability": "async", "index.translog.sync_interval": "30s"}})");
    REQUIRE(window.size() == 1);
    CHECK(window[0].severity == Severity::Warning);
    CHECK_THAT(window[0].message, Catch::Contains("loses up to 30 s"));
    const auto small = index_body("X010", R"({"settings": {"translog.durability": "async"}})");
    REQUIRE(small.size() == 1);
    CHECK(small[0].severity == Severity::Info);  // the 5 s default
    CHECK(index_body("X010", R"({"settings": {"number_of_shards": 1}})").empty());

    const auto both = index_body("X011", "{\"settings\": {\n  \"index.number_of_shards\": 5,\n  \"number_of_shards\": 3\n}}");
    REQUIRE(both.size() == 1);
    CHECK(both[0].position.line == 2);
    CHECK(both[0].message == "`index.number_of_shards` = 5 here is ignored: `number_of_shards` = 3 on line 3 is the short "
                             "spelling of the same setting, and Elasticsearch applies the short one whatever the order");
    // nested long form counts as long; the same spelling twice, or the same value, is S002's business
    CHECK(index_body("X011", R"({"settings": {"number_of_shards": 3, "index": {"number_of_shards": 5}}})").size() == 1);
    CHECK(index_body("X011", R"({"settings": {"number_of_shards": 3, "index.number_of_shards": 3}})").empty());
    CHECK(index_body("X011", R"({"settings": {"index.number_of_shards": 3, "index": {"number_of_shards": 5}}})").empty());
}

TEST_CASE("X012/X013: the Elasticsearch heap flags")
{
    const auto differ = jvm("X012", "-Xms4g\n-Xmx8g\n");
    REQUIRE(differ.size() == 1);
    CHECK(differ[0].key == "-Xms");
    CHECK_THAT(differ[0].message, Catch::StartsWith("-Xms4g != -Xmx8g"));
    REQUIRE(differ[0].fix);
    CHECK(differ[0].fix->edits[0].content == "8g");
    const auto alone = jvm("X012", "-XX:+UseG1GC\n-Xmx8g\n");
    REQUIRE(alone.size() == 1);
    CHECK(alone[0].fix->edits[0].content == "-Xms8g\n");
    CHECK(jvm("X012", "-Xms8g\n-Xmx8192m\n").empty());
    CHECK(jvm("X012", "-XX:+UseG1GC\n").empty());  // automatic sizing
    CHECK(jvm("X012", "-Xms8g\n-XX:MaxHeapSize=8g\n").empty());

    const auto big = jvm("X013", "-Xms32g\n-Xmx32g\n");
    REQUIRE(big.size() == 1);
    CHECK(big[0].severity == Severity::Warning);
    const auto mid = jvm("X013", "-Xms28g\n-Xmx28g\n");
    REQUIRE(mid.size() == 1);
    CHECK(mid[0].severity == Severity::Info);
    CHECK(jvm("X013", "-Xms26g\n-Xmx26g\n").empty());
}

TEST_CASE("C001/C002/C003: replication against brokers, replicas against nodes, heap against RAM")
{
    const Check one = with("deployment: {kafka-broker: {count: 1}}\n");
    const auto rf = props("C001", FileKind::KafkaBroker, "default.replication.factor=1\n", one);
    REQUIRE(rf.size() == 2);  // offsets and transaction logs default to 3
    CHECK(rf[0].whole_file);
    CHECK_THAT(rf[0].message, Catch::StartsWith("offsets.topic.replication.factor 3 (default) > 1 broker in the deployment"));
    CHECK(props("C001", FileKind::KafkaBroker,
                "offsets.topic.replication.factor=1\ntransaction.state.log.replication.factor=1\n", one)
              .empty());
    CHECK(props("C001", FileKind::KafkaBroker, "default.replication.factor=5\n").empty());  // no deployment

    const Check two = with("deployment: {elasticsearch: {count: 2}}\n");
    const auto yellow = index_body("C002", R"({"settings": {"number_of_shards": 3, "number_of_replicas": 2}})", two);
    REQUIRE(yellow.size() == 1);
    CHECK_THAT(yellow[0].message, Catch::Contains("needs 3 nodes for the 3 copies of each shard, the deployment has 2: 1 "
                                                  "replica of every shard stays unassigned"));
    CHECK(index_body("C002", R"({"settings": {"number_of_replicas": 1}})", two).empty());
    CHECK(index_body("C002", R"({"settings": {"number_of_replicas": 2, "auto_expand_replicas": "0-all"}})", two).empty());
    const Check single = with("deployment: {elasticsearch: {count: 1}}\n");
    CHECK(index_body("C002", R"({"settings": {"number_of_shards": 1}})", single).size() == 1);  // default 1 replica

    const Check ram = with("deployment: {elasticsearch: {memory: 16g}}\n");
    const auto heap = jvm("C003", "-Xms12g\n-Xmx12g\n", ram);
    REQUIRE(heap.size() == 1);
    CHECK(heap[0].message == "heap 12g = 75 % of the 16g elasticsearch node > 50 % (8g): too little is left for the page "
                             "cache Lucene reads through and for off-heap memory");
    CHECK(jvm("C003", "-Xms8g\n-Xmx8g\n", ram).empty());
}

TEST_CASE("C004/C005/C006: Flink processes against their hosts")
{
    const Check jm4 = with("deployment: {flink-jobmanager: {memory: 4g}, flink-taskmanager: {memory: 16g, cores: 8}}\n");
    const auto target = flink("C005", "jobmanager.memory.process.size: 4096m\njobmanager.memory.heap.size: 3200m\n", jm4);
    REQUIRE(target.size() == 1);
    CHECK(target[0].key == "jobmanager.memory.process.size");
    CHECK(target[0].message == "JobManager total process memory 4096m = 100 % of the 4g flink-jobmanager host > the "
                               "guide's 85 % memory target (3481.6m): nothing is left for the operating system");
    CHECK(flink("C004", "jobmanager.memory.process.size: 4096m\n", jm4).empty());  // equal, not above
    const auto over = flink("C004", "jobmanager.memory.heap.size: 4096m\n", jm4);
    REQUIRE(over.size() == 1);  // derived: TF 4096 + 128 = 4224m; OH = (4224 + 256) x 0.111 = 497.8m; 4977.8m
    CHECK_THAT(over[0].message, Catch::StartsWith("JobManager total process memory 4977.8m (derived) > the 4g of a "
                                                  "flink-jobmanager host (121.5 % of it)"));
    CHECK(flink("C005", "taskmanager.memory.process.size: 8192m\n", jm4).empty());  // 50 % of 16g
    CHECK(flink("C005", "taskmanager.memory.process.size: 14g\n", jm4).size() == 1);  // 87.5 %
    CHECK(flink("C005", "jobmanager.memory.process.size: 4096m\n").empty());  // no deployment

    const auto slots = flink("C006", "taskmanager.numberOfTaskSlots: 16\n", jm4);
    REQUIRE(slots.size() == 1);
    CHECK_THAT(slots[0].message, Catch::Contains("16 > 8 cores"));
    CHECK(flink("C006", "taskmanager.numberOfTaskSlots: 8\n", jm4).empty());
}

TEST_CASE("C007: retention x throughput x replication against the brokers' disks")
{
    const Check poc = with("deployment: {kafka-broker: {count: 3, disk: {size: 1t}}}\nworkload: {bytes-per-second: 100m}\n");
    const auto f = props("C007", FileKind::KafkaBroker, "log.retention.hours=168\n", poc);
    REQUIRE(f.size() == 1);
    // 168 h x 100m/s x 1 = 57.7t needed; 3 x 1t = 3t, 85 % = 2.6t; 2.6t / 100m/s = 7.4 h fits
    CHECK(f[0].message == "retention 7 d (log.retention.hours) x 100m/s x replication 1 (default) = 57.7t > 85 % of the "
                          "brokers' 3 x 1t = 2.5t (1922.6 % of 3t); at this throughput 7.4 h fits");
    CHECK(f[0].details["retention_that_fits_ms"].get<double>() == Approx(26738688.0));
    // log.retention.bytes caps it instead up to a number of partition replicas: 2.55t / (1g + 1g) = 1305
    const auto capped = props("C007", FileKind::KafkaBroker, "log.retention.hours=168\nlog.retention.bytes=1073741824\n", poc);
    REQUIRE(capped.size() == 1);
    CHECK_THAT(capped[0].message, Catch::Contains("at most 1,305 partition replicas"));
    CHECK(props("C007", FileKind::KafkaBroker, "log.retention.hours=6\n", poc).empty());
    // the workload's retention when the broker says nothing
    const Check wl = with("deployment: {kafka-broker: {count: 3, disk: {size: 1t}}}\n"
                          "workload: {bytes-per-second: 10m, retention: 24h}\n");
    CHECK(props("C007", FileKind::KafkaBroker, "num.io.threads=8\n", wl).empty());  // 24 h x 10m/s = 844g < 2.5t
    CHECK(props("C007", FileKind::KafkaBroker, "log.retention.hours=168\n").empty());
}

TEST_CASE("C008/C009: RocksDB options against the TaskManagers' disks; the guide's minimum cluster")
{
    const std::string spinning = "state.backend.rocksdb.predefined-options: SPINNING_DISK_OPTIMIZED_HIGH_MEM\n";
    CHECK(flink("C008", spinning, with("deployment: {flink-taskmanager: {disk: {type: nvme}}}\n")).size() == 1);
    CHECK(flink("C008", spinning, with("deployment: {flink-taskmanager: {disk: {type: hdd}}}\n")).empty());
    // the guide's deployment gives disks for brokers only: the TaskManagers' disks are unknown
    CHECK(flink("C008", spinning, with("deployment: {kafka-broker: {disk: {type: ssd}}}\n")).empty());

    const auto small = props("C009", FileKind::KafkaBroker, "num.io.threads=8\n", with("deployment: {kafka-broker: {count: 1}}\n"));
    REQUIRE(small.size() == 1);
    CHECK(small[0].message == "the deployment has 1 brokers (kafka-broker.count), fewer than the 3 of the guide's minimum "
                              "production setup");
    CHECK(flink("C009", "rest.port: 8081\n", with("deployment: {flink-taskmanager: {count: 2}}\n")).size() == 1);
    CHECK(flink("C009", "rest.port: 8081\n", with("deployment: {flink-taskmanager: {count: 3}}\n")).empty());
}

TEST_CASE("L001/L002: the latency budget, per stage and across the files of a run")
{
    const Check p95 = with("workload: {latency-p95: 1s}\n");
    const auto refresh = index_body("L001", R"({"settings": {"refresh_interval": "30s"}})", p95);
    REQUIRE(refresh.size() == 1);
    CHECK(refresh[0].key == "index.refresh_interval");
    CHECK_THAT(refresh[0].message, Catch::StartsWith("Elasticsearch refresh index.refresh_interval 30 s alone exceeds the "
                                                     "1 s p95 latency target"));
    CHECK(refresh[0].details["target_ms"] == 1000.0);
    CHECK(index_body("L001", R"({"settings": {"refresh_interval": "1s"}})", with("workload: {latency-p95: 2s}\n")).empty());
    // the default 1s refresh against a 1 s target uses all of it
    CHECK(index_body("L001", R"({"settings": {"number_of_shards": 1}})", p95).size() == 1);
    CHECK(index_body("L001", R"({"settings": {"refresh_interval": "30s"}})").empty());  // no workload
    // disabled refresh and buffer timeout are unbounded
    CHECK(index_body("L001", R"({"settings": {"refresh_interval": -1}})", p95).size() == 1);
    CHECK(flink("L001", "execution.buffer-timeout.enabled: false\n", p95).size() == 1);
    // the checkpoint interval counts with exactly-once checkpointing only
    CHECK(flink("L001", "execution.checkpointing.interval: 60 s\n", p95).size() == 1);
    CHECK(flink("L001", "execution.checkpointing.interval: 60 s\nexecution.checkpointing.mode: AT_LEAST_ONCE\n", p95).empty());
    // fetch.max.wait.ms waits only when fetch.min.bytes asks for more than a byte
    CHECK(props("L001", FileKind::KafkaConsumer, "fetch.max.wait.ms=1500\n", p95).empty());
    CHECK(props("L001", FileKind::KafkaConsumer, "fetch.min.bytes=50000\nfetch.max.wait.ms=1500\n", p95).size() == 1);

    // across files: the budget of the run is in the details; the sum fires L002 at the largest stage
    const Document producer = parse(FileKind::KafkaProducer, Syntax::Properties, "linger.ms=300\n", "p/producer.properties");
    const Document consumer = parse(FileKind::KafkaConsumer, Syntax::Properties,
                                    "fetch.min.bytes=50000\nfetch.max.wait.ms=400\n", "p/consumer.properties");
    const Document index = parse(FileKind::ElasticsearchIndex, Syntax::Json, R"({"settings": {"refresh_interval": "300ms"}})",
                                 "p/index.json");
    Check run = p95;
    run.run = {&producer, &consumer, &index};
    CHECK(findings("L002", producer, run).empty());
    const auto sum = findings("L002", consumer, run);
    REQUIRE(sum.size() == 1);
    CHECK(sum[0].message == "the pipeline's worst-case waits add up to producer linger 300 ms + consumer fetch wait 400 ms "
                            "+ Elasticsearch refresh 300 ms = 1 s >= the 1 s p95 latency target; the largest is consumer "
                            "fetch wait fetch.max.wait.ms 400 ms");
    CHECK(sum[0].details["stages"].size() == 3);
    CHECK(sum[0].details["total_ms"] == 1000.0);
    CHECK_FALSE(sum[0].details["assumptions"].empty());
}

TEST_CASE("without a project file, the cross-file rules read the files of the same directory only")
{
    // b/ is a compose deployment: 3 TaskManagers of 4 slots each. The Flink file in a/ (8 slots) is
    // another deployment's and sorts first: read as part of b/'s run, it gave b/ 24 slots.
    TempDir dir;
    dir.write("a/flink-conf.yaml", "taskmanager.numberOfTaskSlots: 8\n");
    dir.write("b/docker-compose.yml", "services:\n"
                                      "  kafka:\n"
                                      "    image: apache/kafka:3.9.0\n"
                                      "    environment:\n"
                                      "      KAFKA_NUM_PARTITIONS: 2\n"
                                      "  taskmanager:\n"
                                      "    image: flink:1.20\n"
                                      "    command: taskmanager\n"
                                      "    deploy:\n"
                                      "      replicas: 3\n"
                                      "    environment:\n"
                                      "      FLINK_PROPERTIES: |\n"
                                      "        taskmanager.numberOfTaskSlots: 4\n");
    LintOptions o;
    o.paths = {dir.str()};
    o.select = std::vector<std::string>{"L003"};
    const LintResult r = run_lint(o);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].file == dir.str() + "/b/docker-compose.yml");
    CHECK(r.findings[0].message.find("of the 12 Flink slots (3 TaskManagers x 4 slots)") != std::string::npos);

    // A project file above both makes the run one deployment: the first Flink file of the run answers.
    dir.write(".streamlint.yaml", "deployment: {flink-taskmanager: {count: 3}}\n");
    const LintResult together = run_lint(o);
    REQUIRE(together.findings.size() == 1);
    CHECK(together.findings[0].message.find("of the 24 Flink slots (3 TaskManagers x 8 slots)") != std::string::npos);
}

TEST_CASE("L003 and the cross-file pass through run_lint, --fix keeping the other files in view")
{
    TempDir dir;
    dir.write(".streamlint.yaml", "deployment: {flink-taskmanager: {count: 3}}\nworkload: {events-per-second: 12000}\n");
    dir.write("kafka/server.properties", "num.partitions=2\n");
    dir.write("flink/flink-conf.yaml", "taskmanager.numberOfTaskSlots: 4\n");
    LintOptions o;
    o.paths = {dir.str()};
    o.select = std::vector<std::string>{"L003"};
    const LintResult r = run_lint(o);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "num.partitions 2: a topic created with the broker default feeds at most 2 of the 12 "
                                   "Flink slots (3 TaskManagers x 4 slots); the other 10 source subtasks idle; each "
                                   "partition then carries 6,000 events/s of the 12,000 events/s workload");
    // without the Flink file in the run there are no slots to compare with
    o.paths = {(dir.path() / "kafka").string()};
    CHECK(run_lint(o).findings.empty());

    // --fix re-lints a fixed file with the other files of its run in view: the budget of the fixed
    // producer (linger 600 ms + the consumer's fetch wait 500 ms >= 1 s) survives the fix of X003
    TempDir fix;
    fix.write(".streamlint.yaml", "workload: {latency-p95: 1s}\n");
    fix.write("producer.properties", "linger.ms=600\ndelivery.timeout.ms=1000\n");
    fix.write("consumer.properties", "group.id=g\nfetch.min.bytes=50000\nfetch.max.wait.ms=500\n");
    LintOptions fo;
    fo.paths = {fix.str()};
    fo.select = std::vector<std::string>{"X003", "L002"};
    LintResult before = run_lint(fo);
    const auto count = [](const LintResult& res, const std::string& rule) {
        return std::count_if(res.findings.begin(), res.findings.end(), [&](const Finding& f) { return f.rule == rule; });
    };
    CHECK(count(before, "X003") == 1);
    CHECK(count(before, "L002") == 1);
    FixSettings settings;
    settings.unsafe = true;
    const auto changed = fix_all(before, settings);
    REQUIRE(changed.size() == 1);
    CHECK(changed[0].fixed == "linger.ms=600\ndelivery.timeout.ms=30600\n");
    CHECK(count(before, "X003") == 0);
    CHECK(count(before, "L002") == 1);
}

TEST_CASE("examples/poc: the tuning guide's own contradictions, with the arithmetic")
{
    LintOptions o;
    o.paths = {std::string(SL_SOURCE_DIR) + "/examples/poc"};
    o.select = std::vector<std::string>{"M", "X", "C", "L"};
    const LintResult r = run_lint(o);
    auto find = [&](const std::string& rule, const std::string& file_end) {
        std::vector<const Finding*> out;
        for (const auto& f : r.findings) {
            if (f.rule == rule && f.file.ends_with(file_end)) {
                out.push_back(&f);
            }
        }
        return out;
    };
    // Flink accepts the guide's TaskManager and JobManager: no refusal, two breakdowns
    CHECK(find("M001", "").empty());
    CHECK(find("M002", "").empty());
    REQUIRE(find("M003", "flink-conf.yaml").size() == 2);
    // a 4096m JobManager on a 4 GB host
    const auto jm = find("C005", "flink-conf.yaml");
    REQUIRE(jm.size() == 1);
    CHECK(jm[0]->position.line == 3);
    CHECK(find("C004", "").empty());
    // a 30 s refresh against a 1 s p95 target
    const auto refresh = find("L001", "index-settings.json");
    REQUIRE(refresh.size() == 1);
    CHECK(refresh[0]->key == "index.refresh_interval");
    CHECK(refresh[0]->details["stages"].size() == 4);  // linger, fetch wait, buffer timeout, refresh
    // log.retention.bytes = log.segment.bytes, and the log does not fit the disks
    CHECK(find("X008", "server.properties").size() == 1);
    CHECK(find("C007", "server.properties").size() == 1);
    // translog sync_interval without async durability; the producer's acks=1 and retries
    CHECK(find("X009", "index-settings.json").size() == 1);
    CHECK(find("X006", "producer.properties").size() == 1);
    CHECK(find("X004", "producer.properties").size() == 1);
    // RocksDB's disks are the TaskManagers', which the guide does not describe
    CHECK(find("C008", "").empty());
    for (const auto& f : r.findings) {
        INFO(f.file << ":" << f.position.line << " " << f.rule << " " << f.message);
        CHECK(f.severity != Severity::Error);  // the guide's configs start; nothing is refused
    }
}
