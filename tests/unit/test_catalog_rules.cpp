// The rules driven by the upstream catalogs (K, F, E, J): what they report, where, at which
// severity, with which fix, per target version; and, over the upstream corpus, that a misspelling
// of any real key is caught at its line with the original key as the suggestion.
#include "support.hpp"

#include "../../src/rules/catalog_common.hpp"

#include <streamlint/engine.hpp>
#include <streamlint/fix.hpp>
#include <streamlint/lint.hpp>
#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

using namespace streamlint;

namespace {

Document parse_as(FileKind kind, Syntax syntax, std::string text, int jdk = 17)
{
    Document doc("example", kind, syntax, std::move(text));
    switch (syntax) {
    case Syntax::Properties: parse_properties(doc); break;
    case Syntax::FlinkLegacyYaml: parse_flink_legacy(doc); break;
    case Syntax::FlinkYaml: parse_flink_yaml(doc); break;
    case Syntax::Json: parse_es_json(doc); break;
    case Syntax::JvmOptions: parse_jvm_options(doc, jdk); break;
    default: break;  // embedded syntaxes come from deployment files only
    }
    return doc;
}

Targets targets(std::string kafka = "4.0", std::string flink = "2.0", std::string es = "9.0", int jdk = 25)
{
    return Targets{std::move(kafka), std::move(flink), std::move(es), jdk};
}

/// The findings of rules whose id starts with `prefix` (every rule runs, as in a real lint).
std::vector<Finding> lint(const Document& doc, const std::string& prefix, const Targets& t = targets())
{
    static const RuleSet rules;
    RuleContext ctx;
    ctx.targets = t;
    auto findings = check_document(doc, ctx, RuleSelection{}, rules);
    std::erase_if(findings, [&](const Finding& f) { return !f.rule.starts_with(prefix); });
    std::sort(findings.begin(), findings.end(), finding_less);
    return findings;
}

std::vector<Finding> kafka(FileKind kind, const std::string& text, const std::string& prefix, std::string version = "4.0")
{
    return lint(parse_as(kind, Syntax::Properties, text), prefix, targets(std::move(version)));
}

std::vector<Finding> jvm(const std::string& text, const std::string& prefix, int jdk)
{
    return lint(parse_as(FileKind::Jvm, Syntax::JvmOptions, text, jdk), prefix, targets("4.0", "2.0", "9.0", jdk));
}

std::string apply(const Document& doc, const Finding& f)
{
    REQUIRE(f.fix);
    std::string text = doc.text;
    auto edits = f.fix->edits;
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.range.begin > b.range.begin; });
    for (const Edit& e : edits) {
        text.replace(e.range.begin, e.range.size(), e.content);
    }
    return text;
}

std::string describe(const std::vector<Finding>& findings)
{
    std::ostringstream out;
    for (const auto& f : findings) {
        out << f.file << ":" << f.position.line << ":" << f.position.column << " " << to_string(f.severity) << "["
            << f.rule << "] " << f.message << "\n";
    }
    return out.str();
}

}  // namespace

// --- Kafka ---------------------------------------------------------------------------------------

TEST_CASE("K001/K002: misspelt keys are errors with a did-you-mean, other unknown keys warnings")
{
    const Document doc = parse_as(FileKind::KafkaBroker, Syntax::Properties,
                                  "num.io.threads=8\nnum.netwrok.threads=8\nmy.company.label=x\n"
                                  "listener.name.internal.ssl.keystore.locaton=/k\nconfluent.support.metrics.enable=false\n");
    const auto f = lint(doc, "K00", targets("3.9"));
    INFO(describe(f));
    REQUIRE(f.size() == 3);
    CHECK(f[0].rule == "K001");
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].position.line == 2);
    CHECK(f[0].recommended == "num.network.threads");
    CHECK(apply(doc, f[0]).find("\nnum.network.threads=8\n") != std::string::npos);
    CHECK(f[0].fix->applicability == Applicability::Unsafe);
    CHECK(f[1].rule == "K002");
    CHECK(f[1].severity == Severity::Warning);
    CHECK(f[1].position.line == 3);
    CHECK(f[2].rule == "K001");  // corrected within the listener family
    CHECK(f[2].recommended == "listener.name.internal.ssl.keystore.location");
}

TEST_CASE("K001: Connect workers: prefixed client keys are corrected against the client's keys")
{
    const auto f = kafka(FileKind::KafkaConnect,
                         "bootstrap.servers=k:9092\ngroup.id=c\nproducer.lingr.ms=5\nconsumer.max.poll.records=10\n"
                         "key.converter.schemas.enable=true\n",
                         "K00");
    INFO(describe(f));
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "K001");
    CHECK(f[0].recommended == "producer.linger.ms");
    // A connector's own configuration: its plugin defines the keys, none is unknown.
    CHECK(kafka(FileKind::KafkaConnect, "name=src\nconnector.class=FileStreamSource\ntopic=t\nfile=/f\n", "K00").empty());
}

TEST_CASE("K003: values as Kafka's ConfigDef parses them, validators per version")
{
    SECTION("types")
    {
        CHECK(kafka(FileKind::KafkaBroker, "num.io.threads= 8 \nauto.create.topics.enable=TRUE\n", "K003").empty());
        // resolved by a config provider at start-up: not judged
        CHECK(kafka(FileKind::KafkaBroker, "num.io.threads=${env:IO_THREADS}\n", "K003").empty());
        const auto f = kafka(FileKind::KafkaBroker, "num.io.threads=8x\nauto.create.topics.enable=yes\n", "K003");
        REQUIRE(f.size() == 2);
        CHECK(f[0].severity == Severity::Error);
        CHECK(f[0].message.find("INT") != std::string::npos);
        CHECK_FALSE(f[0].fix);
        CHECK(f[1].position.line == 2);
    }
    SECTION("a size with a unit, a duration with a unit: the fix writes what Kafka reads")
    {
        const Document doc = parse_as(FileKind::KafkaBroker, Syntax::Properties,
                                      "socket.send.buffer.bytes=100KB\nlog.retention.check.interval.ms=5min\n");
        const auto f = lint(doc, "K003");
        REQUIRE(f.size() == 2);
        CHECK(f[0].recommended == "102400");
        CHECK(f[1].recommended == "300000");
        CHECK(apply(doc, f[0]).starts_with("socket.send.buffer.bytes=102400\n"));
    }
    SECTION("validators: one-of is case-sensitive where Kafka's is, ranges change with the version")
    {
        const auto acks = kafka(FileKind::KafkaProducer, "acks=ALL\n", "K003");
        REQUIRE(acks.size() == 1);
        CHECK(acks[0].recommended == "all");
        CHECK(kafka(FileKind::KafkaProducer, "acks=-1\n", "K003").empty());
        CHECK(kafka(FileKind::KafkaBroker, "log.segment.bytes=1000\n", "K003", "3.9").empty());
        const auto seg = kafka(FileKind::KafkaBroker, "log.segment.bytes=1000\n", "K003", "4.0");
        REQUIRE(seg.size() == 1);
        CHECK(seg[0].message.find("at least `1048576`") != std::string::npos);
        // a target between catalogs: the nearest answers, and the finding says which
        const auto near = kafka(FileKind::KafkaBroker, "log.segment.bytes=1000\n", "K003", "4.1");
        REQUIRE(near.size() == 1);
        CHECK(near[0].details["catalog"] == "Kafka 4.0 catalog (nearest to 4.1)");
    }
}

TEST_CASE("K004/K005/K006: deprecated and removed keys, ZooKeeper mode on 4.0")
{
    const std::string text = "log.message.timestamp.difference.max.ms=3600000\nzookeeper.connect=zk:2181\n"
                             "zookeeper.connection.timeout.ms=18000\n";
    const auto old = kafka(FileKind::KafkaBroker, text, "K00", "3.9");
    INFO(describe(old));
    REQUIRE(old.size() == 1);
    CHECK(old[0].rule == "K004");
    CHECK(old[0].severity == Severity::Warning);
    CHECK(old[0].message.find("Kafka 4.0 removes it") != std::string::npos);

    const Document doc = parse_as(FileKind::KafkaBroker, Syntax::Properties, text);
    auto now = lint(doc, "K00");
    std::erase_if(now, [](const Finding& f) { return f.rule == "K007"; });
    INFO(describe(now));
    std::vector<std::string> ids;
    for (const auto& f : now) {
        ids.push_back(f.rule + "@" + std::to_string(f.position.line));
    }
    CHECK(ids == std::vector<std::string>{"K005@1", "K005@2", "K006@2", "K005@3"});
    CHECK(now[3].severity == Severity::Warning);
    CHECK(now[2].severity == Severity::Error);
    REQUIRE(now[3].fix);
    CHECK(now[3].fix->applicability == Applicability::Safe);  // ignored anyway
    CHECK(now[3].details["evidence"] == "published");
    // KRaft settings present: not ZooKeeper mode, whatever stale keys remain
    CHECK(kafka(FileKind::KafkaBroker, "process.roles=broker\nzookeeper.connect=zk:2181\n", "K006").empty());

    const Document renamed = parse_as(FileKind::KafkaBroker, Syntax::Properties, "delegation.token.master.key=s\n");
    const auto r = lint(renamed, "K005");
    REQUIRE(r.size() == 1);
    CHECK(apply(renamed, r[0]) == "delegation.token.secret.key=s\n");
}

TEST_CASE("K007: a default that changed, for a file that relies on it, only on the newer target")
{
    const auto f = kafka(FileKind::KafkaProducer, "acks=all\n", "K007");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Info);
    CHECK(f[0].key == "linger.ms");
    CHECK(f[0].message.find("`5`") != std::string::npos);
    CHECK(kafka(FileKind::KafkaProducer, "acks=all\nlinger.ms=0\n", "K007").empty());
    CHECK(kafka(FileKind::KafkaProducer, "acks=all\n", "K007", "3.9").empty());
    for (const auto& b : kafka(FileKind::KafkaBroker, "num.io.threads=8\n", "K007")) {
        CHECK(b.key != "metric.reporters");  // same reporters in effect: not a change
    }
}

TEST_CASE("K008: producer keys in a broker file, broker keys in a client file, unprefixed worker keys")
{
    const Document broker = parse_as(FileKind::KafkaBroker, Syntax::Properties,
                                     "compression.type=lz4\nbatch.size=65536\nlinger.ms=5\nbuffer.memory=134217728\n"
                                     "retention.ms=1000\n");
    const auto f = lint(broker, "K0", targets("3.9"));
    INFO(describe(f));
    REQUIRE(f.size() == 4);  // compression.type is a broker key too
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(f[i].rule == "K008");
        CHECK(f[i].severity == Severity::Warning);
        CHECK(f[i].position.line == i + 2);
        CHECK(f[i].message.find("producer.properties") != std::string::npos);
        REQUIRE(f[i].fix);
        CHECK(f[i].fix->applicability == Applicability::Safe);
        CHECK(f[i].fix->title.find("producer.properties") != std::string::npos);
    }
    CHECK(apply(broker, f[0]) == "compression.type=lz4\nlinger.ms=5\nbuffer.memory=134217728\nretention.ms=1000\n");
    CHECK(f[3].message.find("`log.retention.ms`") != std::string::npos);
    CHECK(apply(broker, f[3]).ends_with("\nlog.retention.ms=1000\n"));

    const auto p = kafka(FileKind::KafkaProducer, "num.io.threads=8\ngroup.id=g\n", "K008");
    REQUIRE(p.size() == 2);
    CHECK(p[0].message.find("broker setting") != std::string::npos);
    CHECK(p[1].message.find("consumer.properties") != std::string::npos);

    const Document worker = parse_as(FileKind::KafkaConnect, Syntax::Properties, "group.id=c\nacks=all\n");
    const auto w = lint(worker, "K008");
    REQUIRE(w.size() == 1);
    CHECK(apply(worker, w[0]) == "group.id=c\nproducer.acks=all\n");
}

TEST_CASE("K rules: ZooKeeper's own file and MirrorMaker 2 files draw no error")
{
    CHECK(kafka(FileKind::ZooKeeper, "dataDir=/tmp/zookeeper\nclientPort=2181\nmaxClientCnxns=0\n", "K").empty());
    const auto mm = kafka(FileKind::KafkaConnect,
                          "clusters = A, B\nA.bootstrap.servers = a:9092\nA->B.enabled = true\nA->B.topics = .*\n"
                          "replication.factor=1\noffset-syncs.topic.replication.factor=1\n",
                          "K");
    INFO(describe(mm));
    CHECK(mm.empty());
}

// --- Flink ---------------------------------------------------------------------------------------

TEST_CASE("F001/F002: misspelt options, in nested config.yaml too; families are never unknown")
{
    const Document doc = parse_as(FileKind::Flink, Syntax::FlinkYaml,
                                  "taskmanager:\n  numberOfTaskSlot: 4\nmetrics.reporter.prom.factory.class: x\n"
                                  "s3.access-key: k\nenv.java.opts.taskmanager: -Xss1m\nmy.team.owner: me\n");
    const auto f = lint(doc, "F00");
    INFO(describe(f));
    REQUIRE(f.size() == 2);
    CHECK(f[0].rule == "F001");
    CHECK(f[0].position == Position{2, 3});
    CHECK(f[0].recommended == "taskmanager.numberOfTaskSlots");
    CHECK(apply(doc, f[0]).starts_with("taskmanager:\n  numberOfTaskSlots: 4\n"));
    CHECK(f[1].rule == "F002");
    CHECK(f[1].position.line == 6);

    // Options Flink reads but leaves out of its documentation (the SSL fallbacks the operator's
    // TLS example sets) are known options, not unknown ones.
    const Document ssl = parse_as(FileKind::Flink, Syntax::FlinkYaml,
                                  "security.ssl:\n  truststore: /tls/truststore.jks\n  truststore-password: p\n"
                                  "  keystore: /tls/keystore.jks\n  keystore-password: p\n  key-password: p\n");
    CHECK(lint(ssl, "F00").empty());

    // The key meant is already set: renaming would make it a duplicate, which config.yaml refuses
    // (found by fuzzing). The suggestion stays; the fix does not.
    const Document both = parse_as(FileKind::Flink, Syntax::FlinkYaml,
                                   "taskmanager.memory.process.size: 2048m\ntaskmanagr.memory.process.size: 2048m\n");
    const auto twice = lint(both, "F001");
    REQUIRE(twice.size() == 1);
    CHECK(twice[0].recommended == "taskmanager.memory.process.size");
    CHECK_FALSE(twice[0].fix);
}

TEST_CASE("F003: durations, sizes, booleans and enums as Flink reads them")
{
    const auto ok = lint(parse_as(FileKind::Flink, Syntax::FlinkYaml,
                                  "execution.checkpointing.interval: 10 s\npipeline.auto-watermark-interval: 10sec\n"
                                  "execution.checkpointing.mode: exactly_once\ntaskmanager.memory.process.size: 4096m\n"
                                  "pipeline.object-reuse: TRUE\n"),
                         "F003");
    INFO(describe(ok));
    CHECK(ok.empty());
    const auto bad = lint(parse_as(FileKind::Flink, Syntax::FlinkYaml,
                                   "execution.checkpointing.interval: 10 parsecs\nexecution.checkpointing.mode: twice\n"
                                   "taskmanager.memory.process.size: 4 gigs\npipeline.object-reuse: yes\n"),
                          "F003");
    REQUIRE(bad.size() == 4);
    CHECK(bad[0].severity == Severity::Error);
    CHECK(bad[1].message.find("EXACTLY_ONCE") != std::string::npos);
}

TEST_CASE("F004/F005/F006: deprecated aliases, removals and the legacy file, per target")
{
    const std::string text = "state.backend: rocksdb\ntaskmanager.network.netty.num-arenas: 4\n"
                             "taskmanager.network.memory.min: 256m\n";
    const Document legacy = parse_as(FileKind::Flink, Syntax::FlinkLegacyYaml, text);
    const auto old = lint(legacy, "F00", targets("4.0", "1.20"));
    INFO(describe(old));
    REQUIRE(old.size() == 3);
    CHECK(old[0].rule == "F004");
    CHECK(old[0].fix->applicability == Applicability::Safe);  // a withDeprecatedKeys alias
    CHECK(apply(legacy, old[0]).starts_with("state.backend.type: rocksdb\n"));
    CHECK(old[1].rule == "F004");
    CHECK(old[1].message.find("Flink 2.0 removes it") != std::string::npos);
    CHECK(old[2].rule == "F004");

    const auto now = lint(legacy, "F00", targets("4.0", "2.0"));
    INFO(describe(now));
    REQUIRE(now.size() == 4);
    CHECK(now[0].rule == "F006");  // whole file: Flink 2.0 reads config.yaml only
    CHECK(now[0].whole_file);
    CHECK(now[1].rule == "F004");  // still an accepted alias in 2.0
    CHECK(now[2].rule == "F005");
    CHECK(now[2].fix->applicability == Applicability::Safe);
    CHECK(now[3].rule == "F005");
    CHECK(now[3].recommended == "taskmanager.memory.network.min");

    // The new key already set: the alias has no effect, deleting it is safe.
    const Document both = parse_as(FileKind::Flink, Syntax::FlinkYaml, "state.backend.type: hashmap\nstate.backend: rocksdb\n");
    const auto b = lint(both, "F004");
    REQUIRE(b.size() == 1);
    CHECK(apply(both, b[0]) == "state.backend.type: hashmap\n");
}

// --- Elasticsearch --------------------------------------------------------------------------------

TEST_CASE("E rules: names, values and versions of index settings")
{
    const Document doc = parse_as(FileKind::ElasticsearchIndex, Syntax::Json,
                                  "{\"settings\": {\n  \"number_of_shard\": 3,\n  \"refresh_interval\": 30,\n"
                                  "  \"index.translog.durability\": \"ASYNC\",\n  \"index.hidden\": \"True\",\n"
                                  "  \"index.routing.allocation.require.box_type\": \"hot\",\n"
                                  "  \"index.xpack.ccr.following_index\": true,\n  \"index.mapper.dynamic\": false,\n"
                                  "  \"index.team\": \"a\"\n}}\n");
    const auto f = lint(doc, "E");
    INFO(describe(f));
    std::vector<std::string> ids;
    for (const auto& x : f) {
        ids.push_back(x.rule + "@" + std::to_string(x.position.line));
    }
    CHECK(ids == std::vector<std::string>{"E001@2", "E003@3", "E003@5", "E005@8", "E002@9"});
    CHECK(apply(doc, f[0]).find("\"number_of_shards\": 3") != std::string::npos);
    CHECK(f[2].recommended == "true");

    const Document age = parse_as(FileKind::ElasticsearchIndex, Syntax::Json,
                                  "{\"settings\": {\"index.translog.flush_threshold_age\": \"1m\"}}");
    CHECK(lint(age, "E006", targets("4.0", "2.0", "7.17")).size() == 1);
    CHECK(lint(age, "E006", targets("4.0", "2.0", "8.5")).size() == 1);  // arrived in 8.7
    CHECK(lint(age, "E006", targets("4.0", "2.0", "8.15")).empty());
}

// --- JVM -----------------------------------------------------------------------------------------

TEST_CASE("J rules: the tuning guide's expired cgroup flag on JDK 17, unlocked or not")
{
    const std::string poc = "-Xms8g\n-Xmx8g\n-XX:+UseG1GC\n-XX:+UnlockExperimentalVMOptions\n"
                            "-XX:+UseCGroupMemoryLimitForHeap\n";
    const auto f = jvm(poc, "J", 17);
    INFO(describe(f));
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "J002");
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].position.line == 5);
    CHECK(f[0].message.find("JDK 11") != std::string::npos);
    // on JDK 8 the flag exists, experimental: fine after the unlock, refused without it
    CHECK(jvm(poc, "J", 8).empty());
    const auto locked = jvm("-XX:+UseCGroupMemoryLimitForHeap\n", "J", 8);
    REQUIRE(locked.size() == 1);
    CHECK(locked[0].rule == "J005");
}

TEST_CASE("J001/J005: unknown flags with a did-you-mean; unlock order; IgnoreUnrecognizedVMOptions")
{
    const Document doc = parse_as(FileKind::Jvm, Syntax::JvmOptions, "-XX:+UseG1GCC\n17-:-XX:+UseEpsilonGC\n", 17);
    const auto f = lint(doc, "J", targets("4.0", "2.0", "9.0", 17));
    REQUIRE(f.size() == 2);
    CHECK(f[0].rule == "J001");
    CHECK(f[0].recommended == "-XX:UseG1GC");
    CHECK(apply(doc, f[0]).starts_with("-XX:+UseG1GC\n"));
    CHECK(f[1].rule == "J005");
    CHECK(apply(doc, f[1]).ends_with("17-:-XX:+UnlockExperimentalVMOptions\n17-:-XX:+UseEpsilonGC\n"));
    // the unlock after the flag does not count
    CHECK(jvm("-XX:+PrintAssembly\n-XX:+UnlockDiagnosticVMOptions\n", "J005", 17).size() == 1);
    CHECK(jvm("-XX:+UnlockDiagnosticVMOptions\n-XX:+PrintAssembly\n", "J005", 17).empty());
    // ignored, not refused
    const auto ig = jvm("-XX:+UseG1GCC\n-XX:+IgnoreUnrecognizedVMOptions\n", "J", 17);
    REQUIRE(ig.size() == 1);
    CHECK(ig[0].severity == Severity::Warning);
    // UseZGC: experimental on 11, a product flag from 15
    CHECK(jvm("-XX:+UseZGC\n", "J005", 11).size() == 1);
    CHECK(jvm("-XX:+UseZGC\n", "J", 17).empty());
}

TEST_CASE("J rules: lines for another JDK are never judged")
{
    const std::string es = "8-13:-XX:+UseConcMarkSweepGC\n8-13:-XX:CMSInitiatingOccupancyFraction=75\n14-:-XX:+UseG1GC\n";
    CHECK(jvm(es, "J", 17).empty());
    const auto eleven = jvm(es, "J", 11);
    REQUIRE_FALSE(eleven.empty());
    CHECK(eleven[0].rule == "J004");  // CMS is deprecated on 9-13
    CHECK(eleven[0].severity == Severity::Warning);
}

TEST_CASE("J003/J004/J006: obsolete, deprecated and debug-only flags")
{
    const auto obsolete = jvm("-XX:+ZGenerational\n", "J", 25);
    REQUIRE(obsolete.size() == 1);
    CHECK(obsolete[0].rule == "J003");
    CHECK(obsolete[0].fix->applicability == Applicability::Safe);
    const auto biased = jvm("-XX:+UseBiasedLocking\n", "J", 17);
    REQUIRE(biased.size() == 1);
    CHECK(biased[0].rule == "J004");
    CHECK(jvm("-XX:+UseBiasedLocking\n", "J", 21)[0].rule == "J002");
    const Document gc = parse_as(FileKind::Jvm, Syntax::JvmOptions, "-XX:+PrintGCDetails\n", 17);
    const auto g = lint(gc, "J004", targets("4.0", "2.0", "9.0", 17));
    REQUIRE(g.size() == 1);
    CHECK(apply(gc, g[0]) == "-Xlog:gc*\n");
    const auto dev = jvm("-XX:+VerifyOops\n", "J", 17);
    REQUIRE(dev.size() == 1);
    CHECK(dev[0].rule == "J006");
}

TEST_CASE("J007-J010: value syntax, sizes, heap order, collectors")
{
    const Document doc = parse_as(FileKind::Jvm, Syntax::JvmOptions,
                                  "-XX:UseG1GC=true\n-XX:+MaxGCPauseMillis\n-XX:MaxGCPauseMillis=abc\n"
                                  "-XX:MaxGCPauseMillis=-1\n-XX:MaxRAMPercentage=75%\n-XX:ErrorFile\n-XX:+UseLargePages=1\n",
                                  17);
    const auto f = lint(doc, "J007", targets("4.0", "2.0", "9.0", 17));
    INFO(describe(f));
    REQUIRE(f.size() == 7);
    CHECK(apply(doc, f[0]).starts_with("-XX:+UseG1GC\n"));
    CHECK(jvm("-XX:MaxGCPauseMillis=200k\n-XX:MaxRAMPercentage=75\n-XX:MaxHeapSize=0x10000000\n-XX:HeapDumpPath=\n",
              "J007", 17)
              .empty());
    CHECK(jvm("-XX:MaxRAMPercentage=75\n", "J007", 8).size() == 1);  // JDK 8 wants 75.0

    const Document sizes = parse_as(FileKind::Jvm, Syntax::JvmOptions, "-Xmx4gb\n-Xss1x\n-Xms1.5g\n-Xss100k\n-Xmx1024\n", 17);
    const auto s = lint(sizes, "J008", targets("4.0", "2.0", "9.0", 17));
    REQUIRE(s.size() == 5);  // the first -Xmx is overridden but still read by the JVM
    CHECK(s[0].recommended == "4g");
    CHECK(s[2].recommended == "1536m");
    CHECK(s[3].message.find("136k") != std::string::npos);
    CHECK(s[4].message.find("too small") != std::string::npos);
    CHECK(jvm("-Xmx4G\n-Xss136k\n-Xmx0x100000000\n", "J008", 17).empty());

    CHECK(jvm("-Xms2g\n-Xmx1g\n", "J009", 17).size() == 1);
    CHECK(jvm("-Xms1g\n-Xmx2g\n-XX:InitialHeapSize=4g\n", "J009", 17).size() == 1);  // the later spelling wins
    CHECK(jvm("-Xms1g\n-Xmx1g\n", "J009", 17).empty());

    CHECK(jvm("-XX:+UseG1GC\n-XX:+UseParallelGC\n", "J010", 17).size() == 1);
    CHECK(jvm("-XX:+UseG1GC\n-XX:+UseG1GC\n-XX:+UseParallelGC\n-XX:-UseParallelGC\n", "J010", 17).empty());
    CHECK(jvm("8-13:-XX:+UseConcMarkSweepGC\n14-:-XX:+UseG1GC\n", "J010", 11).empty());
}

// --- the guide's POC ------------------------------------------------------------------------------

TEST_CASE("examples/poc: the guide's own mistakes come out at their lines")
{
    LintOptions o;
    o.paths = {std::string(SL_SOURCE_DIR) + "/examples/poc"};
    const LintResult r = run_lint(o);
    std::set<std::string> found;
    for (const auto& f : r.findings) {
        const std::string file = f.file.substr(f.file.find("examples/poc/") + 13);
        found.insert(file + ":" + std::to_string(f.position.line) + ":" + f.rule);
    }
    INFO(describe(r.findings));
    for (const char* expected : {"kafka/server.properties:25:K008", "kafka/server.properties:26:K008",
                                 "kafka/server.properties:27:K008", "elasticsearch/jvm.options:9:J002",
                                 "flink/flink-conf.yaml:9:F004", "flink/flink-conf.yaml:12:F004",
                                 "flink/flink-conf.yaml:13:F004", "flink/flink-conf.yaml:23:F004",
                                 "flink/flink-conf.yaml:24:F004", "flink/flink-conf.yaml:25:F004"}) {
        CHECK(found.contains(expected));
    }
    CHECK_FALSE(found.contains("kafka/server.properties:22:K008"));  // compression.type is a broker key too
    CHECK_FALSE(found.contains("elasticsearch/jvm.options:8:J005"));
}

// --- the upstream corpus --------------------------------------------------------------------------

namespace {

/// Every way of misspelling a key the test tries: two adjacent letters swapped, one letter dropped.
std::vector<std::string> misspellings(const std::string& written)
{
    std::vector<std::string> out;
    const std::size_t mid = written.size() / 2;
    for (std::size_t i = mid; i + 1 < written.size(); ++i) {
        if (std::isalpha(static_cast<unsigned char>(written[i])) && std::isalpha(static_cast<unsigned char>(written[i + 1])) &&
            written[i] != written[i + 1]) {
            std::string s = written;
            std::swap(s[i], s[i + 1]);
            out.push_back(s);
            break;
        }
    }
    for (std::size_t i = mid; i < written.size(); ++i) {
        if (std::isalpha(static_cast<unsigned char>(written[i])) && (i == 0 || written[i - 1] != written[i])) {
            std::string s = written;
            s.erase(i, 1);
            out.push_back(s);
            break;
        }
    }
    return out;
}

}  // namespace

TEST_CASE("upstream corpus: a misspelling of any real key is an error at its line suggesting that key")
{
    if (!sltest::shared_available()) {
        WARN("../shared/corpus/upstream is absent: skipped");
        return;
    }
    LintOptions o;
    const std::string root = std::string(SL_SHARED_DIR) + "/corpus/upstream/";
    o.paths = {root + "kafka-3.9", root + "flink-1.16", root + "flink-1.20", root + "flink-2.0",
               root + "elasticsearch-7.x"};
    const LintResult r = run_lint(o);
    static const RuleSet rules;
    std::size_t checked = 0;
    std::size_t skipped = 0;
    for (const LintedFile& file : r.files) {
        const Document& doc = file.doc;
        const std::string prefix = doc.kind == FileKind::Flink                ? "F001"
                                   : doc.kind == FileKind::ElasticsearchIndex ? "E001"
                                   : doc.kind == FileKind::Jvm                ? "J001"
                                   : doc.kind == FileKind::ZooKeeper          ? ""
                                                                              : "K001";
        if (prefix.empty() || (doc.kind == FileKind::KafkaConnect && doc.find("connector.class") != nullptr)) {
            continue;
        }
        RuleContext ctx;
        ctx.targets = file.targets;
        ctx.project = file.config.get();
        // Keys the original file already reports (plugin keys and the like) are not "real" keys.
        std::set<std::string> reported;
        for (const auto& f : check_document(doc, ctx, file.selection, rules)) {
            if (f.key && (f.rule.starts_with("K00") || f.rule.starts_with("F00") || f.rule.starts_with("E00") ||
                          f.rule.starts_with("J00"))) {
                reported.insert(*f.key);
            }
        }
        for (const Setting& s : doc.settings) {
            if (!s.active() || reported.contains(s.key)) {
                continue;
            }
            const std::string written(doc.slice(s.key_range));
            std::string expected = s.key;
            std::size_t offset = 0;          // where the name starts in what is written
            std::size_t length = written.size();
            if (doc.kind == FileKind::Jvm) {
                if (!s.key.starts_with("-XX:")) {
                    continue;
                }
                offset = written.starts_with("-XX:+") || written.starts_with("-XX:-") ? 5 : 4;
                length = written.size() - offset;
            } else if (doc.syntax == Syntax::Json) {
                offset = 1;  // inside the quotes
                length = written.size() - 2;
            }
            const std::string name = written.substr(offset, length);
            if (name.size() < 8) {
                continue;  // too short to be distinctive
            }
            const std::uint32_t line = doc.position(s.key_range.begin).line;
            for (const std::string& bad : misspellings(name)) {
                std::string text = doc.text;
                text.replace(s.key_range.begin + offset, name.size(), bad);
                const Relinted mutated = relint_file(file, text, rules);
                INFO(doc.path << ":" << line << ": `" << name << "` misspelt as `" << bad << "`\n"
                              << describe(mutated.findings));
                std::vector<Finding> here;
                for (const Finding& f : mutated.findings) {
                    if (f.position.line == line && f.rule.size() == 4 && f.rule[0] == prefix[0] && f.rule[1] == '0') {
                        here.push_back(f);
                    }
                }
                if (here.empty()) {
                    // Spelt like another real key, or inside an open family whose keys a plugin
                    // defines (`key.converter.schemas.enable`): nothing to catch.
                    ++skipped;
                    continue;
                }
                const auto hit = std::find_if(here.begin(), here.end(), [&](const Finding& f) { return f.rule == prefix; });
                CHECK(hit != here.end());
                if (hit == here.end()) {
                    continue;
                }
                CHECK(hit->severity == Severity::Error);
                CHECK(hit->recommended == expected);
                ++checked;
            }
        }
    }
    INFO(checked << " misspellings caught, " << skipped << " not misspellings (another key, a plugin's family)");
    CHECK(skipped < checked / 10);
    CHECK(checked > 150);
}

TEST_CASE("did-you-mean: the bigram index answers as the plain search does, for misspellings of every kind")
{
    // suggest() skips candidates that share too few bigrams with the word; it must never skip the
    // one the plain search (did_you_mean, which compares with every candidate) would answer.
    const std::vector<std::string>& keys = catalog::kafka::keys("producer", catalog::KafkaVersion::V4_0);
    REQUIRE(keys.size() > 50);
    std::vector<std::string> words;
    for (std::size_t k = 0; k < keys.size(); k += 3) {
        const std::string& key = keys[k];
        for (std::size_t i = 0; i < key.size(); i += 2) {
            words.push_back(key.substr(0, i) + key.substr(i + 1));                     // a letter dropped
            words.push_back(key.substr(0, i) + "x" + key.substr(i));                   // one added
            words.push_back(key.substr(0, i) + "q" + key.substr(i + 1));               // one changed
            if (i + 1 < key.size()) {
                words.push_back(key.substr(0, i) + key[i + 1] + key[i] + key.substr(i + 2));  // two swapped
            }
        }
        words.push_back(key + ".extra");
        words.push_back("zz" + key.substr(key.size() / 2));
    }
    words.insert(words.end(), {"", "a", "xyz", "linger", "batch.sizes", "compression"});
    std::size_t answered = 0;
    for (const std::string& word : words) {
        INFO(word);
        const auto indexed = catalog_rules::suggest(word, keys);
        const auto plain = did_you_mean(word, keys);
        REQUIRE(indexed.has_value() == plain.has_value());
        if (indexed) {
            CHECK(indexed->key == *plain);
            ++answered;
        }
    }
    CHECK(answered > words.size() / 2);
}
