// The catalogs of upstream truth: spot checks against the reference READMEs, families, version
// selection, HotSpot flag states against what real JVMs did, and the staleness of rules/catalog/.
#include <streamlint/catalog.hpp>
#include <streamlint/embedded.hpp>
#include <streamlint/text.hpp>

#include "../../src/catalog/tsv_cells.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

using namespace streamlint;
using namespace streamlint::catalog;

namespace {

bool contains(const std::vector<std::string>& list, std::string_view item)
{
    return std::binary_search(list.begin(), list.end(), std::string(item));
}

bool contains(const std::vector<std::string_view>& list, std::string_view item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string reference_dir()
{
    return std::string(SL_SHARED_DIR) + "/reference";
}

}  // namespace

// --- version selection ----------------------------------------------------------------------------

TEST_CASE("catalog: nearest catalog version, ties to the older")
{
    CHECK(select_kafka("4.0").version == KafkaVersion::V4_0);
    CHECK(select_kafka("4.0").exact);
    CHECK(select_kafka("3.9.1").exact);
    CHECK(select_kafka("3.7").version == KafkaVersion::V3_9);
    CHECK_FALSE(select_kafka("3.7").exact);
    CHECK(select_kafka("4.1").version == KafkaVersion::V4_0);
    CHECK_FALSE(select_kafka("4.1").exact);
    CHECK(select_kafka("2.8").version == KafkaVersion::V3_9);

    CHECK(select_flink("1.18").version == FlinkVersion::V1_20);
    CHECK_FALSE(select_flink("1.18").exact);
    CHECK(select_flink("1.20").exact);
    CHECK(select_flink("2.1").version == FlinkVersion::V2_0);

    CHECK(select_elasticsearch("8.13").version == EsVersion::V8);
    CHECK(select_elasticsearch("8.13").exact);  // the 8.x catalog answers every 8.x release
    CHECK(select_elasticsearch("9.0").version == EsVersion::V9);
    CHECK(select_elasticsearch("6.8").version == EsVersion::V7);
    CHECK_FALSE(select_elasticsearch("6.8").exact);
    CHECK(select_elasticsearch("10.1").version == EsVersion::V9);

    CHECK(select_jdk(17).exact);
    CHECK(select_jdk(19).version == JdkVersion::Jdk17);  // 2 from 17 and from 21: the older
    CHECK_FALSE(select_jdk(19).exact);
    CHECK(select_jdk(9).version == JdkVersion::Jdk8);
    CHECK(select_jdk(10).version == JdkVersion::Jdk11);
    CHECK(select_jdk(14).version == JdkVersion::Jdk11);  // tie between 11 and 17
    CHECK(select_jdk(23).version == JdkVersion::Jdk21);
    CHECK(select_jdk(24).version == JdkVersion::Jdk25);
    CHECK(select_jdk(6).version == JdkVersion::Jdk8);
    CHECK(select_jdk(30).version == JdkVersion::Jdk25);
    CHECK(select_jdk("1.8").version == JdkVersion::Jdk8);
    CHECK(select_jdk("1.8").exact);
    CHECK(select_jdk("21.0.2").version == JdkVersion::Jdk21);

    const auto junk = select_kafka("latest");
    CHECK_FALSE(junk.understood);
    CHECK(junk.version == KafkaVersion::V4_0);

    CHECK(describe(select_kafka("3.7")) == "Kafka 3.9 catalog (nearest to 3.7)");
    CHECK(describe(select_kafka("4.0")) == "Kafka 4.0 catalog");
    CHECK(describe(select_jdk(19)) == "JDK 17 catalog (nearest to 19)");
    CHECK(describe(select_elasticsearch("8.13")) == "Elasticsearch 8.x catalog");
    CHECK(describe(select_flink("1.18")) == "Flink 1.20 catalog (nearest to 1.18)");

    CHECK(compare_versions("3.10", "3.9") > 0);
    CHECK(compare_versions("4.0", "4.0.0") == 0);
    CHECK(compare_versions("1.20", "2.0") < 0);
}

// --- validators -----------------------------------------------------------------------------------

TEST_CASE("catalog: validator grammar")
{
    const Validator gzip = parse_validator("range:1:9 or in:-1");
    REQUIRE(gzip.alternatives.size() == 2);
    CHECK(gzip.accepts("-1", ValueKind::Number) == true);
    CHECK(gzip.accepts("9", ValueKind::Number) == true);
    CHECK(gzip.accepts("0", ValueKind::Number) == false);
    CHECK(gzip.accepts("10", ValueKind::Number) == false);

    const Validator zstd = parse_validator("range:-131072:22");
    REQUIRE(zstd.bounds() != nullptr);
    CHECK(zstd.bounds()->low == "-131072");
    CHECK(zstd.accepts("-5", ValueKind::Number) == true);

    const Validator ci = parse_validator("in-ci:PLAINTEXT|SSL");
    CHECK(ci.accepts("ssl", ValueKind::String) == true);
    CHECK(ci.accepts("TLS", ValueKind::String) == false);

    const Validator list = parse_validator("list-in:compact|delete");
    CHECK(list.accepts("compact, delete", ValueKind::List) == true);
    CHECK(list.accepts("compact,archive", ValueKind::List) == false);

    const Validator custom = parse_validator("non-empty & custom:RegexValidator");
    CHECK(custom.accepts("", ValueKind::String) == false);
    CHECK_FALSE(custom.accepts("x", ValueKind::String).has_value());

    const Validator duration = parse_validator("min:100ms");
    CHECK(duration.accepts("5s", ValueKind::Duration) == true);
    CHECK(duration.accepts("50ms", ValueKind::Duration) == false);
    CHECK(duration.accepts("1m", ValueKind::Duration) == true);
    CHECK_FALSE(duration.accepts("soon", ValueKind::Duration).has_value());

    const Validator bytes = parse_validator("range:0b:2147483647b");
    CHECK(bytes.accepts("100mb", ValueKind::ByteSize) == true);
    CHECK(bytes.accepts("3gb", ValueKind::ByteSize) == false);

    CHECK(parse_validator("").empty());
    CHECK(parse_validator("").accepts("anything", ValueKind::String) == true);
}

// --- Kafka ----------------------------------------------------------------------------------------

TEST_CASE("catalog: Kafka spot checks from the reference README")
{
    const auto* io = kafka::find("broker", "num.io.threads", KafkaVersion::V4_0);
    REQUIRE(io != nullptr);
    CHECK(io->type == kafka::Type::Int);
    CHECK(io->default_value == "8");
    CHECK(io->validator.text == "min:1");
    CHECK(io->validator.accepts("0", ValueKind::Number) == false);

    CHECK(kafka::find("broker", "num.network.threads", KafkaVersion::V4_0)->default_value == "3");
    CHECK(kafka::find("broker", "log.retention.hours", KafkaVersion::V4_0)->default_value == "168");
    CHECK(kafka::find("broker", "socket.send.buffer.bytes", KafkaVersion::V4_0)->default_value == "102400");
    CHECK(kafka::find("producer", "batch.size", KafkaVersion::V4_0)->default_value == "16384");
    CHECK(kafka::find("consumer", "fetch.min.bytes", KafkaVersion::V4_0)->default_value == "1");
    CHECK(kafka::find("consumer", "max.poll.records", KafkaVersion::V4_0)->default_value == "500");
    CHECK(kafka::find("broker", "message.max.bytes", KafkaVersion::V4_0)->default_value == "1048588");
    CHECK(kafka::find("topic", "max.message.bytes", KafkaVersion::V4_0)->default_value == "1048588");

    SECTION("log.segment.bytes: atLeast(14) in 3.9, 1 MiB in 4.0 (KIP-1030)")
    {
        const auto* old = kafka::find("broker", "log.segment.bytes", KafkaVersion::V3_9);
        const auto* now = kafka::find("broker", "log.segment.bytes", KafkaVersion::V4_0);
        REQUIRE(old != nullptr);
        REQUIRE(now != nullptr);
        CHECK(old->default_value == "1073741824");
        CHECK(old->validator.text == "min:14");
        CHECK(now->validator.text == "min:1048576");
        CHECK(old->validator.accepts("1000", ValueKind::Number) == true);
        CHECK(now->validator.accepts("1000", ValueKind::Number) == false);
    }

    SECTION("compression.type: the producer and the broker differ")
    {
        const auto* producer = kafka::find("producer", "compression.type", KafkaVersion::V4_0);
        const auto* broker = kafka::find("broker", "compression.type", KafkaVersion::V4_0);
        const auto* topic = kafka::find("topic", "compression.type", KafkaVersion::V4_0);
        REQUIRE(producer != nullptr);
        REQUIRE(broker != nullptr);
        REQUIRE(topic != nullptr);
        CHECK(producer->default_value == "none");
        CHECK(broker->default_value == "producer");
        CHECK(topic->default_value == "producer");
        CHECK(producer->validator.accepts("producer", ValueKind::String) == false);
        CHECK(broker->validator.accepts("producer", ValueKind::String) == true);
        CHECK(broker->validator.accepts("uncompressed", ValueKind::String) == true);
        CHECK(producer->has(kafka::AlsoBrokerKey));
    }

    SECTION("linger.ms: 0 in 3.9, 5 in 4.0; a producer key, not a broker key")
    {
        CHECK(kafka::find("producer", "linger.ms", KafkaVersion::V3_9)->default_value == "0");
        CHECK(kafka::find("producer", "linger.ms", KafkaVersion::V4_0)->default_value == "5");
        CHECK(kafka::find("producer", "linger.ms", KafkaVersion::V4_0)->has(kafka::ClientOnly));
        CHECK(kafka::find("broker", "linger.ms", KafkaVersion::V4_0) == nullptr);
        const auto scopes = kafka::scopes_defining("linger.ms", KafkaVersion::V4_0);
        CHECK(contains(scopes, "producer"));
        CHECK_FALSE(contains(scopes, "broker"));
    }

    const auto* acks = kafka::find("producer", "acks", KafkaVersion::V4_0);
    REQUIRE(acks != nullptr);
    CHECK(acks->default_value == "all");
    CHECK(acks->validator.accepts("-1", ValueKind::String) == true);
    CHECK(acks->validator.accepts("2", ValueKind::String) == false);

    const auto* reset = kafka::find("consumer", "auto.offset.reset", KafkaVersion::V4_0);
    REQUIRE(reset != nullptr);
    REQUIRE(reset->validator.one_of() != nullptr);
    CHECK(reset->validator.one_of()->values.size() == 3);

    CHECK(kafka::find("broker", "inter.broker.protocol.version", KafkaVersion::V4_0)->default_value == "4.0-IV0");

    const auto* retention = kafka::find("topic", "retention.ms", KafkaVersion::V4_0);
    REQUIRE(retention != nullptr);
    REQUIRE_FALSE(retention->broker_defaults.empty());
    CHECK(retention->broker_defaults.front() == "log.retention.ms");
}

TEST_CASE("catalog: Kafka listener-prefixed keys and other families")
{
    const auto m = kafka::match("broker", "listener.name.internal.ssl.keystore.location", KafkaVersion::V4_0);
    REQUIRE(m.entry != nullptr);
    CHECK(m.entry->key == "ssl.keystore.location");
    CHECK(m.base_key == "ssl.keystore.location");
    REQUIRE(m.family != nullptr);
    CHECK(m.family->pattern == "listener.name.<listener>.*");
    CHECK(kafka::find("broker", "listener.name.internal.ssl.keystore.location", KafkaVersion::V4_0) == m.entry);

    const auto jaas = kafka::match("broker", "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", KafkaVersion::V4_0);
    REQUIRE(jaas.entry != nullptr);
    CHECK(jaas.entry->key == "sasl.jaas.config");
    CHECK(jaas.family->pattern == "listener.name.<listener>.<mechanism>.*");

    CHECK_FALSE(kafka::match("broker", "listener.name.internal.no.such.key", KafkaVersion::V4_0).known());
    // Listener prefixes are a broker feature.
    CHECK_FALSE(kafka::match("producer", "listener.name.internal.ssl.keystore.location", KafkaVersion::V4_0).known());

    const auto confluent = kafka::match("broker", "confluent.license", KafkaVersion::V4_0);
    CHECK(confluent.known());
    CHECK(confluent.entry == nullptr);
    REQUIRE(confluent.family != nullptr);
    CHECK(confluent.family->open());
    CHECK(kafka::match("producer", "confluent.monitoring.interceptor.bootstrap.servers", KafkaVersion::V4_0).known());

    const auto& connect = kafka::scopes_for(FileKind::KafkaConnect);
    const auto worker_producer = kafka::match_any(connect, "producer.linger.ms", KafkaVersion::V4_0);
    REQUIRE(worker_producer.entry != nullptr);
    CHECK(worker_producer.entry->scope == "producer");
    CHECK(worker_producer.entry->default_value == "5");
    CHECK(kafka::match_any(connect, "group.id", KafkaVersion::V4_0).entry->scope == "connect-distributed");
    CHECK(kafka::match_any(connect, "key.converter.schemas.enable", KafkaVersion::V4_0).known());

    const auto override_acks = kafka::match("connect-connector", "producer.override.acks", KafkaVersion::V4_0);
    REQUIRE(override_acks.entry != nullptr);
    CHECK(override_acks.entry->scope == "producer");

    const auto streams = kafka::match("streams", "main.consumer.max.poll.records", KafkaVersion::V4_0);
    REQUIRE(streams.entry != nullptr);
    CHECK(streams.entry->scope == "consumer");

    CHECK(kafka::match("mirrormaker", "primary.bootstrap.servers", KafkaVersion::V4_0).entry != nullptr);
    CHECK(kafka::match("mirrormaker", "us-west->us-east.enabled", KafkaVersion::V4_0).entry != nullptr);
    CHECK(kafka::match("broker", "rlmm.config.remote.log.metadata.topic.replication.factor", KafkaVersion::V4_0)
              .entry->scope == "broker-rlmm");
    CHECK(kafka::match("broker", "super.users", KafkaVersion::V4_0).known());
}

TEST_CASE("catalog: Kafka 3.9 vs 4.0 presence and lifecycle")
{
    // Verified removals: in the 3.9 ConfigDef, gone from the 4.0 snapshot.
    const auto* jmx = kafka::find("producer", "auto.include.jmx.reporter", KafkaVersion::V3_9);
    REQUIRE(jmx != nullptr);
    CHECK(jmx->type == kafka::Type::Unknown);  // the reference has no type for keys gone from the snapshot
    CHECK(kafka::find("producer", "auto.include.jmx.reporter", KafkaVersion::V4_0) == nullptr);
    const auto* jmx_removal = kafka::removal("producer", "auto.include.jmx.reporter", KafkaVersion::V4_0);
    REQUIRE(jmx_removal != nullptr);
    CHECK(jmx_removal->verified());
    CHECK(jmx_removal->replacement == "metric.reporters");
    CHECK(kafka::removal("producer", "auto.include.jmx.reporter", KafkaVersion::V3_9) == nullptr);

    // ZooKeeper keys: still in the snapshot, removed by the 4.0 release (published notes only).
    const auto* zk = kafka::find("broker", "zookeeper.connect", KafkaVersion::V3_9);
    REQUIRE(zk != nullptr);
    CHECK(zk->has(kafka::ZkMode));
    CHECK(kafka::find("broker", "zookeeper.connect", KafkaVersion::V4_0) == nullptr);
    const auto* zk_removal = kafka::removal("broker", "zookeeper.connect", KafkaVersion::V4_0);
    REQUIRE(zk_removal != nullptr);
    CHECK(zk_removal->evidence == "published");
    CHECK_FALSE(zk_removal->verified());
    CHECK(zk_removal->replacement.find("process.roles") != std::string_view::npos);

    // JmxReporter keys are read outside any ConfigDef: lifecycle rows in "common".
    const auto* blacklist = kafka::removal("broker", "metrics.jmx.blacklist", KafkaVersion::V4_0);
    REQUIRE(blacklist != nullptr);
    CHECK(blacklist->replacement == "metrics.jmx.exclude");
    CHECK(kafka::match("broker", "metrics.jmx.exclude", KafkaVersion::V4_0).known());

    const auto* dep = kafka::deprecation("broker", "log.message.timestamp.difference.max.ms", KafkaVersion::V3_9);
    REQUIRE(dep != nullptr);
    CHECK(dep->version == "3.6");
    CHECK(kafka::deprecation("broker", "num.io.threads", KafkaVersion::V4_0) == nullptr);

    const auto changes = kafka::changes_between(KafkaVersion::V3_9, KafkaVersion::V4_0);
    const auto linger = std::find_if(changes.begin(), changes.end(), [](const kafka::Lifecycle* l) {
        return l->key == "linger.ms" && l->scope == "producer";
    });
    REQUIRE(linger != changes.end());
    CHECK((*linger)->old_value == "0");
    CHECK((*linger)->new_value == "5");
    CHECK(kafka::changes_between(KafkaVersion::V4_0, KafkaVersion::V4_0).empty());

    CHECK(kafka::find("admin", "enable.metrics.push", KafkaVersion::V3_9)->default_value == "true");
    CHECK(kafka::find("admin", "enable.metrics.push", KafkaVersion::V4_0)->default_value == "false");
    CHECK(kafka::find("producer", "metric.reporters", KafkaVersion::V3_9)->default_value == "\"\"");
}

TEST_CASE("catalog: Kafka key lists for did-you-mean")
{
    const auto& producer = kafka::keys("producer", KafkaVersion::V4_0);
    REQUIRE_FALSE(producer.empty());
    CHECK(std::is_sorted(producer.begin(), producer.end()));
    CHECK(contains(producer, "linger.ms"));
    CHECK(did_you_mean("linger.msx", producer) == std::optional<std::string>("linger.ms"));
    CHECK(contains(kafka::keys("broker", KafkaVersion::V3_9), "zookeeper.connect"));
    CHECK_FALSE(contains(kafka::keys("broker", KafkaVersion::V4_0), "zookeeper.connect"));
    CHECK(kafka::keys("no-such-scope", KafkaVersion::V4_0).empty());
    CHECK(contains(kafka::scopes(), "broker"));
    CHECK(contains(kafka::scopes(), "connect-distributed"));
    CHECK(kafka::scopes_for(FileKind::KafkaBroker) == std::vector<std::string_view>{"broker"});
}

// --- Flink ----------------------------------------------------------------------------------------

TEST_CASE("catalog: Flink options, templates and lifecycle")
{
    const auto* process = flink::find("taskmanager.memory.process.size", FlinkVersion::V2_0);
    REQUIRE(process != nullptr);
    CHECK(process->type == flink::Type::MemorySize);
    CHECK(process->default_value == "(none)");
    CHECK(flink::find("taskmanager.memory.network.min", FlinkVersion::V1_20)->default_value == "64 mb");

    const auto* mode = flink::find("execution.checkpointing.mode", FlinkVersion::V2_0);
    REQUIRE(mode != nullptr);
    CHECK(mode->type == flink::Type::Enum);
    CHECK(std::find(mode->enum_values.begin(), mode->enum_values.end(), "AT_LEAST_ONCE") != mode->enum_values.end());

    const auto* per_level = flink::find("state.backend.rocksdb.compression.per.level", FlinkVersion::V2_0);
    REQUIRE(per_level != nullptr);
    CHECK(per_level->type == flink::Type::List);
    CHECK(per_level->element_type == "Enum");

    SECTION("state.backend is a deprecated alias of state.backend.type, still accepted in 2.0")
    {
        const auto* dep = flink::deprecation("state.backend");
        REQUIRE(dep != nullptr);
        CHECK(dep->new_key == "state.backend.type");
        CHECK(dep->kind == flink::Change::Deprecated);
        CHECK(dep->in(FlinkVersion::V1_20) == flink::Status::Deprecated);
        CHECK(dep->in(FlinkVersion::V2_0) == flink::Status::Deprecated);
        CHECK(dep->accepted(FlinkVersion::V2_0));
        CHECK(flink::find("state.backend.type", FlinkVersion::V2_0)->default_value == "hashmap");
    }

    SECTION("legacy network memory keys are gone in 2.0")
    {
        const auto* min = flink::deprecation("taskmanager.network.memory.min");
        REQUIRE(min != nullptr);
        CHECK(min->new_key == "taskmanager.memory.network.min");
        CHECK(min->in(FlinkVersion::V1_20) == flink::Status::Deprecated);
        CHECK(min->in(FlinkVersion::V2_0) == flink::Status::Removed);
        CHECK_FALSE(min->accepted(FlinkVersion::V2_0));
        CHECK(min->evidence.find("release-notes") != std::string_view::npos);
    }

    SECTION("keys only one version documents")
    {
        CHECK(flink::find("jobmanager.adaptive-scheduler.resource-wait-timeout", FlinkVersion::V1_20) != nullptr);
        CHECK(flink::find("jobmanager.adaptive-scheduler.resource-wait-timeout", FlinkVersion::V2_0) == nullptr);
        const auto* dep = flink::deprecation("jobmanager.adaptive-scheduler.resource-wait-timeout");
        REQUIRE(dep != nullptr);
        CHECK(dep->in(FlinkVersion::V2_0) == flink::Status::Deprecated);
        CHECK(flink::find("high-availability.zookeeper.path.execution-plans", FlinkVersion::V1_20) == nullptr);
        CHECK(flink::find("high-availability.zookeeper.path.execution-plans", FlinkVersion::V2_0) != nullptr);
    }

    SECTION("fallback keys are not deprecations")
    {
        const auto rows = flink::lifecycle("kubernetes.service-account");
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]->kind == flink::Change::Fallback);
        CHECK(flink::deprecation("kubernetes.service-account") == nullptr);
    }

    const auto file = flink::lifecycle("flink-conf.yaml");
    REQUIRE(file.size() == 1);
    CHECK(file[0]->subject == flink::Subject::File);
    CHECK(file[0]->in(FlinkVersion::V2_0) == flink::Status::Removed);
}

TEST_CASE("catalog: Flink templated keys and open families")
{
    const auto* interval = flink::find("metrics.reporter.prom.interval", FlinkVersion::V2_0);
    REQUIRE(interval != nullptr);
    CHECK(interval->key == "metrics.reporter.<name>.interval");
    CHECK(interval->type == flink::Type::Duration);
    CHECK(interval->default_value == "10 s");
    // A reporter-specific key falls to the open <parameter> template.
    const auto* param = flink::find("metrics.reporter.prom.port", FlinkVersion::V2_0);
    REQUIRE(param != nullptr);
    CHECK(param->key == "metrics.reporter.<name>.<parameter>");
    CHECK(flink::find("flink.hadoop.dfs.replication", FlinkVersion::V1_20) != nullptr);

    CHECK(flink::family("s3.endpoint") != nullptr);
    CHECK(flink::family("fs.s3a.connection.maximum") != nullptr);
    CHECK(flink::family("env.java.opts.foo") != nullptr);
    CHECK(flink::family("external-resource.gpu.vendor") != nullptr);
    CHECK(flink::family("metrics.reporter.jmx.port") != nullptr);
    CHECK(flink::family("taskmanager.memory.process.size") == nullptr);
    CHECK(flink::family("s3") == nullptr);

    // The removed PushGateway template rows match any reporter name: they say so.
    const auto host = flink::lifecycle("metrics.reporter.pgw.host");
    REQUIRE(host.size() == 1);
    CHECK(host[0]->subject == flink::Subject::Template);

    const auto& keys = flink::keys(FlinkVersion::V2_0);
    CHECK(contains(keys, "taskmanager.memory.process.size"));
    CHECK_FALSE(contains(keys, "metrics.reporter.<name>.interval"));
    CHECK(did_you_mean("taskmanager.memory.proces.size", keys) ==
          std::optional<std::string>("taskmanager.memory.process.size"));

    const auto* key_format = flink::connector_option("upsert-kafka", "key.format");
    REQUIRE(key_format != nullptr);
    CHECK(key_format->requirement == "required|optional");
    CHECK(flink::connector_option("upsert-kafka", "no.such.option") == nullptr);
}

// --- Elasticsearch --------------------------------------------------------------------------------

TEST_CASE("catalog: Elasticsearch spot checks from the reference README")
{
    const auto* shards = es::find("index.number_of_shards", EsVersion::V9);
    REQUIRE(shards != nullptr);
    CHECK(shards->scope == es::Scope::Final);
    CHECK(shards->default_value == "1");
    CHECK(shards->validator.text == "range:1:1024");
    CHECK(shards->validator.accepts("0", ValueKind::Number) == false);
    CHECK(shards->validator.accepts("1024", ValueKind::Number) == true);
    CHECK(shards->validator.accepts("1025", ValueKind::Number) == false);
    CHECK(shards->old_default == "5");
    CHECK(shards->old_default_until == "7.0");

    const auto* replicas = es::find("index.number_of_replicas", EsVersion::V8);
    REQUIRE(replicas != nullptr);
    CHECK(replicas->scope == es::Scope::Dynamic);
    CHECK(replicas->validator.accepts("-1", ValueKind::Number) == false);

    const auto* codec = es::find("index.codec", EsVersion::V8);
    REQUIRE(codec != nullptr);
    CHECK(codec->scope == es::Scope::Static);
    CHECK(codec->default_value == "default");
    CHECK(codec->validator.accepts("best_compression", ValueKind::String) == true);
    CHECK_FALSE(codec->validator.accepts("best_speed", ValueKind::String).has_value());  // only "known" values
    REQUIRE(codec->validator.one_of() != nullptr);
    CHECK(codec->validator.one_of()->kind == TermKind::Known);

    const auto* sync = es::find("index.translog.sync_interval", EsVersion::V9);
    REQUIRE(sync != nullptr);
    CHECK(sync->value_kind() == ValueKind::Duration);
    CHECK(sync->default_value == "5s");
    CHECK(sync->validator.accepts(sync->default_value, sync->value_kind()) == true);
    CHECK(sync->validator.accepts("50ms", ValueKind::Duration) == false);
    CHECK(sync->validator.accepts("100ms", ValueKind::Duration) == true);

    const auto* durability = es::find("index.translog.durability", EsVersion::V9);
    REQUIRE(durability != nullptr);
    CHECK(durability->validator.accepts("async", ValueKind::String) == true);
    CHECK(durability->validator.accepts("never", ValueKind::String) == false);

    const auto* flush = es::find("index.translog.flush_threshold_size", EsVersion::V9);
    REQUIRE(flush != nullptr);
    CHECK(flush->default_value == "10gb");
    CHECK(flush->old_default == "512mb");
    CHECK(flush->old_default_until == "8.7");

    CHECK(es::find("index.merge.policy.max_merge_at_once", EsVersion::V9)->status(EsVersion::V9) == es::Status::Current);
    CHECK(es::find("index.merge.policy.max_merge_at_once_explicit", EsVersion::V9)->overall == es::Status::Deprecated);

    const auto* queue = es::find("thread_pool.write.queue_size", EsVersion::V8);
    REQUIRE(queue != nullptr);
    CHECK(queue->level == es::Level::Node);
    CHECK(queue->old_default == "200");
}

TEST_CASE("catalog: Elasticsearch versions, patterns and families")
{
    CHECK(es::find("index.translog.flush_threshold_age", EsVersion::V7) == nullptr);
    const auto* age = es::find("index.translog.flush_threshold_age", EsVersion::V8);
    REQUIRE(age != nullptr);
    CHECK(age->since == "8.7");
    CHECK(es::lookup("index.translog.flush_threshold_age") == age);

    const auto* mapper = es::find("index.mapper.dynamic", EsVersion::V8);
    REQUIRE(mapper != nullptr);
    CHECK(mapper->status(EsVersion::V7) == es::Status::Deprecated);
    CHECK(mapper->status(EsVersion::V8) == es::Status::Removed);

    CHECK(es::find("index.merge.enabled", EsVersion::V9)->scope == es::Scope::Unregistered);

    const auto* require = es::find("index.routing.allocation.require.box_type", EsVersion::V8);
    REQUIRE(require != nullptr);
    CHECK(require->pattern);
    CHECK(require->key == "index.routing.allocation.require.<attr>");
    // The exact row wins over the <attr> pattern.
    CHECK(es::find("index.routing.allocation.include._tier_preference", EsVersion::V8)->key ==
          "index.routing.allocation.include._tier_preference");
    CHECK(es::lookup("index.analysis.analyzer.my_analyzer.tokenizer")->key == "index.analysis.*");

    const auto* cache = es::find("index.requests.cache.enable", EsVersion::V8);
    REQUIRE(cache != nullptr);
    CHECK(cache->kb_only);
    CHECK_FALSE(es::find("index.number_of_shards", EsVersion::V8)->has_kb);

    CHECK(es::family("index.xpack.ccr.following_index") != nullptr);
    CHECK(es::family("index.number_of_shards") == nullptr);
    CHECK(es::lookup("index.no_such_setting") == nullptr);

    CHECK(contains(es::keys(EsVersion::V8), "index.refresh_interval"));
    CHECK_FALSE(contains(es::keys(EsVersion::V7), "index.translog.flush_threshold_age"));
    CHECK_FALSE(contains(es::keys(EsVersion::V9), "index.analysis.*"));
}

// --- JVM ------------------------------------------------------------------------------------------

TEST_CASE("catalog: JVM flag kinds change between JDKs")
{
    CHECK(jvm::find("UseZGC", JdkVersion::Jdk8) == nullptr);
    const auto* zgc11 = jvm::find("UseZGC", JdkVersion::Jdk11);
    REQUIRE(zgc11 != nullptr);
    CHECK(zgc11->kind == jvm::Kind::Experimental);
    CHECK(zgc11->unlock_option() == "UnlockExperimentalVMOptions");
    const auto* zgc17 = jvm::find("UseZGC", JdkVersion::Jdk17);
    REQUIRE(zgc17 != nullptr);
    CHECK(zgc17->kind == jvm::Kind::Product);
    CHECK(zgc17->unlock_option().empty());
    CHECK(zgc17->type == jvm::Type::Bool);
    CHECK(jvm::status("UseZGC", JdkVersion::Jdk11).state == jvm::State::Ok);

    CHECK(jvm::find("G1HeapRegionSize", JdkVersion::Jdk8)->type == jvm::Type::Uintx);
    CHECK(jvm::find("G1HeapRegionSize", JdkVersion::Jdk11)->type == jvm::Type::SizeT);
    CHECK(jvm::find("MaxRAMPercentage", JdkVersion::Jdk8)->default_value == "25.0");
    CHECK(jvm::find("MaxRAMPercentage", JdkVersion::Jdk21)->type == jvm::Type::Double);
    CHECK(jvm::find("PrintGCDetails", JdkVersion::Jdk8)->kind == jvm::Kind::Manageable);
    CHECK(jvm::find("LockingMode", JdkVersion::Jdk21)->kind == jvm::Kind::Experimental);
    CHECK(jvm::find("LockingMode", JdkVersion::Jdk25)->kind == jvm::Kind::Product);
    CHECK(jvm::find("UseBiasedLocking", JdkVersion::Jdk11)->default_value == "true");
    CHECK(jvm::find("UseBiasedLocking", JdkVersion::Jdk17)->default_value == "false");
}

TEST_CASE("catalog: JVM lifecycle states by HotSpot's rules")
{
    SECTION("UseConcMarkSweepGC: deprecated in 11, refused from 17")
    {
        CHECK(jvm::status("UseConcMarkSweepGC", JdkVersion::Jdk8).state == jvm::State::Ok);
        const auto s11 = jvm::status("UseConcMarkSweepGC", JdkVersion::Jdk11);
        CHECK(s11.state == jvm::State::Deprecated);
        CHECK(s11.since == 9);
        const auto s17 = jvm::status("UseConcMarkSweepGC", JdkVersion::Jdk17);
        CHECK(s17.state == jvm::State::Expired);
        CHECK(s17.refused());
        CHECK(s17.last_declared == 11);
    }

    SECTION("UseCGroupMemoryLimitForHeap: experimental on 8, gone from 11")
    {
        const auto s8 = jvm::status("UseCGroupMemoryLimitForHeap", JdkVersion::Jdk8);
        CHECK(s8.state == jvm::State::Ok);
        REQUIRE(s8.flag != nullptr);
        CHECK(s8.flag->unlock_option() == "UnlockExperimentalVMOptions");
        for (const auto v : {JdkVersion::Jdk11, JdkVersion::Jdk17, JdkVersion::Jdk21, JdkVersion::Jdk25}) {
            const auto s = jvm::status("UseCGroupMemoryLimitForHeap", v);
            CHECK(s.state == jvm::State::Expired);
            CHECK(s.since == 11);
            CHECK(s.last_declared == 8);
        }
    }

    SECTION("MaxPermSize: obsolete (warns, ignored) on 8 and 11, refused from 17")
    {
        CHECK(jvm::status("MaxPermSize", JdkVersion::Jdk8).state == jvm::State::Obsolete);
        CHECK(jvm::status("MaxPermSize", JdkVersion::Jdk8).since == 8);
        CHECK(jvm::status("MaxPermSize", JdkVersion::Jdk11).state == jvm::State::Obsolete);
        CHECK(jvm::status("MaxPermSize", JdkVersion::Jdk17).state == jvm::State::Expired);
        const auto* l = jvm::lifecycle("MaxPermSize");
        REQUIRE(l != nullptr);
        CHECK(l->expired_in == 0);  // the newest table (11) sets no expiry ...
        CHECK(l->own[0][2] == 9);   // ... JDK 8's own table says accepted until 9
    }

    SECTION("UseBiasedLocking, ZGenerational, LockingMode")
    {
        CHECK(jvm::status("UseBiasedLocking", JdkVersion::Jdk11).state == jvm::State::Ok);
        const auto b17 = jvm::status("UseBiasedLocking", JdkVersion::Jdk17);
        CHECK(b17.state == jvm::State::Deprecated);
        CHECK(b17.since == 15);
        CHECK(b17.warns());
        CHECK(jvm::status("UseBiasedLocking", JdkVersion::Jdk21).state == jvm::State::Expired);

        const auto z17 = jvm::status("ZGenerational", JdkVersion::Jdk17);
        CHECK(z17.state == jvm::State::Newer);
        CHECK(z17.first_declared == 21);
        CHECK(z17.refused());
        CHECK(jvm::status("ZGenerational", JdkVersion::Jdk21).state == jvm::State::Ok);
        const auto z25 = jvm::status("ZGenerational", JdkVersion::Jdk25);
        CHECK(z25.state == jvm::State::Obsolete);
        CHECK(z25.since == 24);
        CHECK_FALSE(z25.refused());

        CHECK(jvm::status("LockingMode", JdkVersion::Jdk25).state == jvm::State::Deprecated);
        CHECK(jvm::status("LockingMode", JdkVersion::Jdk25).since == 24);
    }

    SECTION("aliases")
    {
        const auto fraction = jvm::status("DefaultMaxRAMFraction", JdkVersion::Jdk17);
        CHECK(fraction.state == jvm::State::Alias);
        CHECK(fraction.alias_target == "MaxRAMFraction");
        CHECK(fraction.since == 8);
        CHECK(jvm::status("DefaultMaxRAMFraction", JdkVersion::Jdk25).state == jvm::State::Expired);
        CHECK(jvm::status("DefaultMaxRAMFraction", JdkVersion::Jdk8).state == jvm::State::Ok);

        const auto tracing = jvm::status("TraceClassLoading", JdkVersion::Jdk11);
        CHECK(tracing.state == jvm::State::Alias);
        CHECK(tracing.alias_is_logging);
        CHECK(tracing.alias_target == "-Xlog:class+load=info");
        CHECK(jvm::status("TraceClassLoading", JdkVersion::Jdk17).state == jvm::State::Expired);
    }

    SECTION("debug-only, unknown, aarch64-only")
    {
        CHECK(jvm::status("PrintGCDetails", JdkVersion::Jdk17).state == jvm::State::Ok);
        CHECK(jvm::status("NoSuchFlagAtAll", JdkVersion::Jdk17).state == jvm::State::Unknown);
        CHECK(jvm::status("NearCpool", JdkVersion::Jdk25).refused());  // an aarch64 table entry
        const auto& names = jvm::names(JdkVersion::Jdk17);
        CHECK(contains(names, "UseG1GC"));
        CHECK_FALSE(contains(names, "DefaultMaxRAMFraction"));  // an alias: never suggested
        CHECK_FALSE(contains(names, "DelayThreadStartALot"));    // develop: a product VM refuses it
        CHECK(jvm::status("DelayThreadStartALot", JdkVersion::Jdk17).state == jvm::State::DebugOnly);
        CHECK(jvm::status("AOTCache", JdkVersion::Jdk17).state == jvm::State::Newer);
        CHECK_FALSE(contains(names, "UseConcMarkSweepGC"));
        CHECK(did_you_mean("UseG1Gc", names) == std::optional<std::string>("UseG1GC"));
    }
}

TEST_CASE("catalog: JVM states agree with what real JVMs did (observed.tsv)")
{
    const std::string path = reference_dir() + "/jvm/observed.tsv";
    if (!std::filesystem::is_regular_file(path)) {
        WARN(path << " is absent: skipped");
        return;
    }
    const auto to_observed = [](std::string_view name, JdkVersion v) -> std::string {
        const auto s = jvm::status(name, v);
        switch (s.state) {
        case jvm::State::Ok:
            return "accepted";
        case jvm::State::Deprecated:
            return "deprecated:" + std::to_string(s.since);
        case jvm::State::Obsolete:
        case jvm::State::ObsoleteProcessed:
            return "obsolete:" + std::to_string(s.since);
        case jvm::State::Alias:
            return "deprecated_alias:" + std::to_string(s.since);
        case jvm::State::DebugOnly:
            return s.flag != nullptr && s.flag->kind == jvm::Kind::NotProduct ? "notproduct" : "develop";
        case jvm::State::Expired:
        case jvm::State::Newer:
        case jvm::State::Unknown:
            break;
        }
        return "unrecognized";
    };
    std::istringstream in(sltest::read_file(path));
    std::string line;
    std::getline(in, line);  // header
    int compared = 0;
    int agreed = 0;
    std::vector<std::string> names_seen;
    while (std::getline(in, line)) {
        std::vector<std::string> raw;
        std::string cell;
        std::istringstream cs(line);
        while (std::getline(cs, cell, '\t')) {
            raw.push_back(cell);
        }
        if (raw.size() < 4) {
            continue;
        }
        names_seen.push_back(raw[0]);
        const std::array<JdkVersion, 3> versions{JdkVersion::Jdk17, JdkVersion::Jdk21, JdkVersion::Jdk25};
        for (std::size_t i = 0; i < versions.size(); ++i) {
            if (raw[i + 1].empty()) {
                continue;
            }
            ++compared;
            const std::string ours = to_observed(raw[0], versions[i]);
            if (ours == raw[i + 1]) {
                ++agreed;
            } else {
                FAIL_CHECK(raw[0] << " on JDK " << to_string(versions[i]) << ": observed " << raw[i + 1] << ", catalog "
                                  << ours);
            }
        }
    }
    CHECK(compared > 4000);
    CHECK(agreed == compared);
    // Names refused by every probed JVM are left out of observed.tsv: UseConcMarkSweepGC is one.
    CHECK(std::find(names_seen.begin(), names_seen.end(), "UseConcMarkSweepGC") == names_seen.end());
    CHECK(std::find(names_seen.begin(), names_seen.end(), "UseCGroupMemoryLimitForHeap") == names_seen.end());
}

// --- loading, embedding, staleness ------------------------------------------------------------------

TEST_CASE("catalog: every catalog is embedded, the placeholder is gone")
{
    for (const char* file : {"kafka.tsv", "kafka-lifecycle.tsv", "flink.tsv", "flink-lifecycle.tsv",
                             "flink-connectors.tsv", "elasticsearch.tsv", "jvm-flags.tsv", "jvm-lifecycle.tsv",
                             "jvm-aliases.tsv", "jvm-observed.tsv", "prefix-families.tsv"}) {
        INFO(file);
        CHECK_FALSE(builtin_file(std::string("catalog/") + file).empty());
    }
    CHECK(builtin_file("catalog/README.tsv").empty());
}

TEST_CASE("catalog: loads quickly, once, from any thread")
{
    // First use from several threads at once: function-local statics make exactly one load.
    std::atomic<int> found{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&found] {
            if (kafka::find("broker", "num.io.threads", KafkaVersion::V4_0) != nullptr &&
                jvm::find("UseG1GC", JdkVersion::Jdk17) != nullptr &&
                flink::find("state.backend.type", FlinkVersion::V2_0) != nullptr &&
                es::find("index.codec", EsVersion::V9) != nullptr) {
                ++found;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(found == 8);

    const auto infos = load_all();
    REQUIRE(infos.size() == 5);
    double total = 0;
    for (const auto& info : infos) {
        INFO(info.product);
        CHECK(info.rows > 0);
        CHECK(info.bytes > 0);
        total += info.milliseconds;
    }
    // Generous: sanitizer builds are several times slower than Release (a few ms there).
    CHECK(total < 2000.0);
}

TEST_CASE("catalog: rules/catalog is what tools/gen_catalogs.py makes of ../shared/reference")
{
    const std::string reference = reference_dir();
    if (!std::filesystem::is_directory(reference + "/kafka") || !std::filesystem::is_directory(reference + "/jvm")) {
        WARN(reference << " is absent: staleness check skipped");
        return;
    }
    if (std::system("python3 -c 'import sys' >/dev/null 2>&1") != 0) {
        WARN("python3 is not on PATH: staleness check skipped");
        return;
    }
    const sltest::TempDir out;
    const std::string source = SL_SOURCE_DIR;
    const std::string command = "python3 '" + source + "/tools/gen_catalogs.py' --quiet --reference '" + reference +
                                "' --out '" + out.str() + "'";
    REQUIRE(std::system(command.c_str()) == 0);

    const std::filesystem::path committed = std::filesystem::path(source) / "rules" / "catalog";
    std::vector<std::string> generated;
    for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
        generated.push_back(entry.path().filename().string());
    }
    std::sort(generated.begin(), generated.end());
    REQUIRE(generated.size() >= 10);
    for (const auto& name : generated) {
        INFO("rules/catalog/" << name << " is stale: run python3 tools/gen_catalogs.py");
        CHECK(sltest::read_file((committed / name).string()) == sltest::read_file((out.path() / name).string()));
    }
    // Nothing in rules/catalog but generated files and the hand-written families.
    for (const auto& entry : std::filesystem::directory_iterator(committed)) {
        const std::string name = entry.path().filename().string();
        INFO("rules/catalog/" << name << " is not made by the generator");
        CHECK((name == "prefix-families.tsv" || std::binary_search(generated.begin(), generated.end(), name)));
    }
}

TEST_CASE("catalog cells: every built-in catalog is cut at build time, exactly as the reader would cut it")
{
    std::size_t tables = 0;
    for (const EmbeddedFile& f : builtin_files()) {
        if (!f.path.starts_with("catalog/") || !f.path.ends_with(".tsv")) {
            continue;
        }
        INFO(f.path);
        ++tables;
        const EmbeddedTable* t = builtin_table(f.path);
        REQUIRE(t != nullptr);
        const tsv::Cells cut = tsv::cut(f.content);
        CHECK(std::vector<std::string_view>(t->header, t->header + t->width) == cut.header);
        REQUIRE(t->rows == cut.rows);
        CHECK(std::equal(cut.cells.begin(), cut.cells.end(), t->cells));
        CHECK(t->width > 0);
    }
    CHECK(tables == builtin_tables().size());
    CHECK(tables >= 10);
}

TEST_CASE("catalog cells: the cutter's rules for lines, comments and short rows")
{
    const std::string text = "# comment\n\nkey\ttype\tnote\r\na\tINT\r\n\n# more\nb\t\tlast\textra\n";
    const tsv::Cells c = tsv::cut(text);
    CHECK(c.header == std::vector<std::string_view>{"key", "type", "note"});
    REQUIRE(c.rows == 2);
    const auto cell = [&](std::size_t row, std::size_t col) {
        return std::string_view(text).substr(c.cells[2 * (3 * row + col)], c.cells[2 * (3 * row + col) + 1]);
    };
    CHECK(cell(0, 0) == "a");
    CHECK(cell(0, 1) == "INT");  // "\r\n" ends a line
    CHECK(cell(0, 2).empty());   // missing: empty
    CHECK(cell(1, 1).empty());
    CHECK(cell(1, 2) == "last");  // a field past the header's width is not kept
}

TEST_CASE("catalog: every Kafka row and every JVM flag is found by its own lookup")
{
    // The lookups search the sorted tables; a row the search cannot reach would be a key reported
    // unknown. Each row is looked for in each version that lists it.
    const auto cells = [](const EmbeddedTable& t, std::size_t row, std::size_t col) {
        const std::uint32_t* c = t.cells + 2 * (row * t.width + col);
        return builtin_file(t.path).substr(c[0], c[1]);
    };
    const EmbeddedTable* kafka_table = builtin_table("catalog/kafka.tsv");
    REQUIRE(kafka_table != nullptr);
    std::size_t found = 0;
    for (std::size_t r = 0; r < kafka_table->rows; ++r) {
        const std::string_view scope = cells(*kafka_table, r, 0);
        const std::string_view key = cells(*kafka_table, r, 1);
        const std::string_view versions = cells(*kafka_table, r, 5);
        for (const KafkaVersion v : {KafkaVersion::V3_9, KafkaVersion::V4_0}) {
            if (versions.find(to_string(v)) == std::string_view::npos) {
                continue;
            }
            INFO(scope << " " << key << " " << to_string(v));
            const kafka::Entry* e = kafka::find(scope, key, v);
            REQUIRE(e != nullptr);
            CHECK(e->key == key);
            CHECK(e->scope == scope);
            const auto scopes = kafka::scopes_defining(key, v);
            CHECK(std::find(scopes.begin(), scopes.end(), scope) != scopes.end());
            ++found;
        }
    }
    CHECK(found > 1500);
    CHECK(kafka::find("broker", "no.such.key", KafkaVersion::V4_0) == nullptr);
    CHECK(kafka::scopes_defining("no.such.key", KafkaVersion::V4_0).empty());

    const EmbeddedTable* jvm_table = builtin_table("catalog/jvm-flags.tsv");
    REQUIRE(jvm_table != nullptr);
    const JdkVersion jdks[] = {JdkVersion::Jdk8, JdkVersion::Jdk11, JdkVersion::Jdk17, JdkVersion::Jdk21,
                               JdkVersion::Jdk25};
    std::size_t declared = 0;
    for (std::size_t r = 0; r < jvm_table->rows; ++r) {
        const std::string_view name = cells(*jvm_table, r, 0);
        for (std::size_t j = 0; j < 5; ++j) {
            INFO(name << " on JDK " << jdk_release(jdks[j]));
            const bool listed = cells(*jvm_table, r, j + 1) != "-";
            const jvm::Flag* f = jvm::find(name, jdks[j]);
            CHECK((f != nullptr) == listed);
            if (f != nullptr) {
                CHECK(f->name == name);
                ++declared;
            }
        }
    }
    CHECK(declared > 5000);
    CHECK(jvm::find("NoSuchFlagAnywhere", JdkVersion::Jdk21) == nullptr);
}
