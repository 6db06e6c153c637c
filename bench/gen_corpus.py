#!/usr/bin/env python3
"""Generates a benchmark corpus: N realistic deploy directories, 7.5 config files each on average.

Each directory dep-NNNNN/ holds what one pipeline deployment carries:
  kafka/server.properties            a KRaft broker, commented like Kafka's own config/ files
  kafka/producer.properties          a producer
  kafka/consumer.properties          a consumer
  flink/flink-conf.yaml              Flink 1.x (40%), or flink/config.yaml, Flink 1.19+ nested YAML (60%)
  elasticsearch/index-settings.json  a create-index body, a composable template or a GET _settings response
  elasticsearch/jvm.options          Elasticsearch's jvm.options with version ranges
  elasticsearch/jvm.options.d/heap.options
  .streamlint.yaml                   half of the directories: targets, deployment, workload, a few ignores
Values vary per directory; about one file in five carries a mistake a linter reports (a duplicate
key, a misspelt key, a value off the tuning guide, trailing blanks, a stale suppression).

Usage: bench/gen_corpus.py --dirs N --out DIR [--seed S]      (deterministic for a seed)
"""
import argparse
import json
import os
import random

KAFKA_HEADER = """# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#    http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""


def section(title):
    return "\n############################# %s #############################\n\n" % title


def server_properties(r, i):
    node = i % 3 + 1
    out = [KAFKA_HEADER, "#\n# This configuration file is intended for use in KRaft mode, where\n"
           "# Apache ZooKeeper is not present.\n#\n", section("Server Basics")]
    out.append("# The role of this server. Setting this puts us in KRaft mode\nprocess.roles=broker,controller\n\n")
    out.append("# The node id associated with this instance's roles\nnode.id=%d\n\n" % node)
    out.append("# The connect string for the controller quorum\ncontroller.quorum.voters=" +
               ",".join("%d@kafka-%d.dep-%05d:9093" % (n, n, i) for n in (1, 2, 3)) + "\n")
    out.append(section("Socket Server Settings"))
    out.append("# The address the socket server listens on.\n#   FORMAT:\n#     listeners = listener_name://host_name:port\n"
               "listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n\n")
    out.append("# Name of listener used for communication between brokers.\ninter.broker.listener.name=PLAINTEXT\n\n")
    out.append("advertised.listeners=PLAINTEXT://kafka-%d.dep-%05d:9092\n\n" % (node, i))
    out.append("controller.listener.names=CONTROLLER\n\n")
    out.append("# Maps listener names to security protocols, the default is for them to be the same.\n"
               "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL\n\n")
    out.append("# The number of threads that the server uses for receiving requests from the network\n"
               "num.network.threads=%d\n\n" % r.choice([8, 8, 8, 3, 6]))
    out.append("# The number of threads that the server uses for processing requests, which may include disk I/O\n"
               "num.io.threads=%d\n\n" % r.choice([16, 16, 8, 12]))
    out.append("# The send buffer (SO_SNDBUF) used by the socket server\nsocket.send.buffer.bytes=102400\n\n")
    out.append("# The receive buffer (SO_RCVBUF) used by the socket server\nsocket.receive.buffer.bytes=102400\n\n")
    out.append("# The maximum size of a request that the socket server will accept\nsocket.request.max.bytes=104857600\n")
    out.append(section("Log Basics"))
    out.append("# A comma separated list of directories under which to store log files\n"
               "log.dirs=/var/lib/kafka/data-%d\n\n" % node)
    out.append("# The default number of log partitions per topic.\nnum.partitions=%d\n\n" % r.choice([6, 12, 12, 24]))
    out.append("num.recovery.threads.per.data.dir=%d\n" % r.choice([1, 2, 4]))
    out.append(section("Internal Topic Settings"))
    out.append("offsets.topic.replication.factor=3\ntransaction.state.log.replication.factor=3\n"
               "transaction.state.log.min.isr=2\ndefault.replication.factor=3\nmin.insync.replicas=2\n")
    out.append(section("Log Flush Policy"))
    out.append("# The number of messages to accept before forcing a flush of data to disk\n"
               "#log.flush.interval.messages=10000\n\n# The maximum amount of time a message can sit in a log before we force a flush\n"
               "#log.flush.interval.ms=1000\n")
    out.append(section("Log Retention Policy"))
    out.append("# The minimum age of a log file to be eligible for deletion due to age\nlog.retention.hours=%d\n\n"
               % r.choice([168, 168, 72, 336]))
    out.append("# The maximum size of a log segment file.\nlog.segment.bytes=1073741824\n\n")
    out.append("log.retention.check.interval.ms=300000\n")
    out.append("num.replica.fetchers=%d\nreplica.lag.time.max.ms=30000\ncompression.type=%s\n"
               % (r.choice([4, 4, 2]), r.choice(["lz4", "lz4", "producer", "zstd"])))
    out.append("group.initial.rebalance.delay.ms=3000\nauto.create.topics.enable=false\n")
    mistake = r.random()
    if mistake < 0.06:
        out.append("num.io.threads=16\n")  # a duplicate
    elif mistake < 0.10:
        out.append("log.retention.hour=168\n")  # misspelt
    elif mistake < 0.13:
        out.append("# streamlint: disable=S002\nunclean.leader.election.enable=false\n")  # stale suppression
    return "".join(out)


def producer_properties(r, i):
    out = [KAFKA_HEADER, "# see org.apache.kafka.clients.producer.ProducerConfig for more details\n\n",
           "############################# Producer Basics #############################\n\n",
           "# list of brokers used for bootstrapping knowledge about the rest of the cluster\n",
           "# format: host1:port1,host2:port2 ...\n",
           "bootstrap.servers=" + ",".join("kafka-%d.dep-%05d:9092" % (n, i) for n in (1, 2, 3)) + "\n\n",
           "# specify the compression codec for all data generated: none, gzip, snappy, lz4, zstd\n",
           "compression.type=%s\n\n" % r.choice(["lz4", "lz4", "zstd", "none"]),
           "key.serializer=org.apache.kafka.common.serialization.StringSerializer\n",
           "value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer\n\n",
           "acks=all\nenable.idempotence=true\n",
           "# the amount of time to wait before sending a batch\nlinger.ms=%d\n" % r.choice([5, 10, 20, 0]),
           "# the default batch size in bytes when batching multiple records sent to a partition\n",
           "batch.size=%d\n" % r.choice([65536, 131072, 16384]),
           "# the total bytes of memory the producer can use to buffer records waiting to be sent to the server\n",
           "buffer.memory=%d\n" % r.choice([67108864, 33554432]),
           "max.in.flight.requests.per.connection=5\nretries=2147483647\ndelivery.timeout.ms=120000\n",
           "client.id=pipeline-producer-%05d\n" % i]
    if r.random() < 0.08:
        out.append("linger.ms =10  \n")  # duplicate with trailing blanks
    return "".join(out)


def consumer_properties(r, i):
    out = [KAFKA_HEADER, "# see org.apache.kafka.clients.consumer.ConsumerConfig for more details\n\n",
           "# list of brokers used for bootstrapping knowledge about the rest of the cluster\n",
           "bootstrap.servers=" + ",".join("kafka-%d.dep-%05d:9092" % (n, i) for n in (1, 2, 3)) + "\n\n",
           "# consumer group id\ngroup.id=pipeline-%05d\n\n" % i,
           "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer\n",
           "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer\n",
           "# What to do when there is no initial offset in Kafka or if the current\n",
           "# offset does not exist any more on the server: latest, earliest, none\n",
           "auto.offset.reset=%s\n" % r.choice(["earliest", "latest"]),
           "enable.auto.commit=false\nisolation.level=read_committed\n",
           "fetch.min.bytes=%d\nfetch.max.wait.ms=%d\n" % (r.choice([1, 1024, 65536]), r.choice([500, 100, 250])),
           "max.poll.records=%d\nmax.poll.interval.ms=300000\n" % r.choice([500, 1000, 2000]),
           "session.timeout.ms=45000\nheartbeat.interval.ms=3000\n",
           "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor\n"]
    if r.random() < 0.05:
        out.append("max.poll.record=500\n")
    return "".join(out)


FLINK_LEGACY_HEADER = """################################################################################
#  Licensed to the Apache Software Foundation (ASF) under one
#  or more contributor license agreements.  See the NOTICE file
#  distributed with this work for additional information
#  regarding copyright ownership.  The ASF licenses this file
#  to you under the Apache License, Version 2.0 (the
#  "License"); you may not use this file except in compliance
#  with the License.  You may obtain a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
#  Unless required by applicable law or agreed to in writing, software
#  distributed under the License is distributed on an "AS IS" BASIS,
#  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
#  See the License for the specific language governing permissions and
# limitations under the License.
################################################################################
"""


def flink_settings(r, i):
    return [
        ("jobmanager.rpc.address", "jobmanager.dep-%05d" % i),
        ("jobmanager.rpc.port", "6123"),
        ("jobmanager.bind-host", "0.0.0.0"),
        ("jobmanager.memory.process.size", r.choice(["1600m", "2g", "4g"])),
        ("taskmanager.bind-host", "0.0.0.0"),
        ("taskmanager.memory.process.size", r.choice(["1728m", "4g", "8g", "16g"])),
        ("taskmanager.numberOfTaskSlots", str(r.choice([2, 4, 8]))),
        ("parallelism.default", str(r.choice([1, 4, 6, 12]))),
        ("execution.checkpointing.interval", r.choice(["10s", "30s", "1min"])),
        ("execution.checkpointing.mode", "EXACTLY_ONCE"),
        ("state.backend.type", r.choice(["rocksdb", "hashmap"])),
        ("state.checkpoints.dir", "s3://checkpoints/dep-%05d" % i),
        ("state.savepoints.dir", "s3://savepoints/dep-%05d" % i),
        ("state.backend.incremental", "true"),
        ("restart-strategy.type", "exponential-delay"),
        ("high-availability.type", "kubernetes"),
        ("high-availability.storageDir", "s3://ha/dep-%05d" % i),
        ("rest.port", "8081"),
        ("rest.address", "0.0.0.0"),
        ("pipeline.object-reuse", r.choice(["true", "false"])),
        ("taskmanager.network.memory.fraction", "0.1"),
        ("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory"),
    ]


def flink_conf_yaml(r, i):
    out = [FLINK_LEGACY_HEADER, "\n"]
    for k, v in flink_settings(r, i):
        if r.random() < 0.3:
            out.append("\n# The %s setting.\n# See the Flink documentation for details.\n" % k.split(".")[-1])
        out.append("%s: %s\n" % (k, v))
    if r.random() < 0.08:
        out.append("taskmanager.numberOfTaskSlots: 4 # four slots\n")  # a '#' that cuts nothing, plus a duplicate
    return "".join(out)


def config_yaml(r, i):
    tree = {}
    for k, v in flink_settings(r, i):
        parts = k.split(".")
        node = tree
        ok = True
        for p in parts[:-1]:
            nxt = node.setdefault(p, {})
            if not isinstance(nxt, dict):
                ok = False
                break
            node = nxt
        if ok and not isinstance(node.get(parts[-1]), dict):
            node[parts[-1]] = v
    out = [FLINK_LEGACY_HEADER.replace("#  Licensed", "# Licensed"), "\n"]

    def emit(node, indent):
        for key, value in node.items():
            if isinstance(value, dict):
                out.append("%s%s:\n" % ("  " * indent, key))
                emit(value, indent + 1)
            else:
                out.append("%s%s: %s\n" % ("  " * indent, key, value))

    emit(tree, 0)
    out.append("env:\n  java:\n    opts:\n      all: --add-exports=java.base/sun.net.util=ALL-UNNAMED\n")
    return "".join(out)


def index_json(r, i):
    settings = {
        "number_of_shards": r.choice([1, 3, 6]),
        "number_of_replicas": r.choice([1, 1, 2, 0]),
        "refresh_interval": r.choice(["30s", "1s", "10s", "-1"]),
        "codec": "best_compression",
        "translog": {"durability": r.choice(["async", "request"]), "sync_interval": "5s"},
        "max_result_window": 10000,
    }
    mappings = {"dynamic": "strict", "properties": {
        "@timestamp": {"type": "date"},
        "event": {"properties": {"id": {"type": "keyword"}, "kind": {"type": "keyword"},
                                 "payload": {"type": "text", "index": False}}},
        "host": {"properties": {"name": {"type": "keyword"}, "ip": {"type": "ip"}}},
        "latency_ms": {"type": "long"},
    }}
    shape = r.random()
    if shape < 0.5:
        body = {"settings": {"index": settings}, "mappings": mappings}
    elif shape < 0.8:
        body = {"index_patterns": ["events-%05d-*" % i], "priority": 200, "composed_of": ["events-mappings"],
                "template": {"settings": settings, "mappings": mappings}}
    else:
        s = {"index." + k: (v if not isinstance(v, dict) else None) for k, v in settings.items()}
        s = {k: v for k, v in s.items() if v is not None}
        body = {"events-%05d-000001" % i: {"settings": {"index": {k[6:]: str(v) for k, v in s.items()}}}}
    return json.dumps(body, indent=2) + "\n"


def jvm_options(r, i):
    heap = r.choice(["4g", "8g", "16g", "31g"])
    out = ["## JVM configuration\n", "\n",
           "################################################################\n",
           "## IMPORTANT: JVM heap size\n",
           "################################################################\n",
           "##\n## The heap size is automatically configured by Elasticsearch\n",
           "## based on the available memory in your system and the roles\n",
           "## each node is configured to fulfill. If specifying heap is\n",
           "## required, it should be done through a file in jvm.options.d,\n",
           "## which should be named with .options suffix, and the min and\n",
           "## max should be set to the same value.\n##\n",
           "################################################################\n\n",
           "## GC configuration\n",
           "8-13:-XX:+UseConcMarkSweepGC\n8-13:-XX:CMSInitiatingOccupancyFraction=75\n",
           "8-13:-XX:+UseCMSInitiatingOccupancyOnly\n\n",
           "14-:-XX:+UseG1GC\n\n",
           "## JVM temporary directory\n-Djava.io.tmpdir=${ES_TMPDIR}\n\n",
           "## heap dumps\n\n# generate a heap dump when an allocation from the Java heap fails\n",
           "-XX:+HeapDumpOnOutOfMemoryError\n\n",
           "# exit right after heap dump on out of memory error\n-XX:+ExitOnOutOfMemoryError\n\n",
           "# specify an alternative path for heap dumps\n-XX:HeapDumpPath=data\n\n",
           "# specify an alternative path for JVM fatal error logs\n-XX:ErrorFile=logs/hs_err_pid%p.log\n\n",
           "## GC logging\n-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,level,pid,tags:filecount=32,filesize=64m\n"]
    if r.random() < 0.1:
        out.append("-XX:+UseG1GC\n")
    heap_file = "# heap, set by the deployment\n-Xms%s\n-Xmx%s\n" % (heap, heap if r.random() > 0.05 else "8g")
    return "".join(out), heap_file


def project_file(r, i):
    return """# streamlint settings for deployment dep-%05d
targets: {kafka: "%s", flink: "%s", elasticsearch: "%s", jdk: %d}
ignore: [G417]
fail-on: %s
deployment:
  kafka-broker:      {count: 3, cores: %d, memory: %dg, disk: {type: ssd, size: 1t}}
  flink-jobmanager:  {count: 1, cores: 2, memory: 4g}
  flink-taskmanager: {count: %d, cores: 8, memory: 16g}
  elasticsearch:     {count: 3, cores: 8, memory: 32g, disk: {type: ssd, size: 2t}}
workload: {events-per-second: %d, bytes-per-second: 100m, latency-p95: 1s, retention: 168h}
""" % (i, r.choice(["3.9", "4.0"]), r.choice(["1.20", "2.0"]), r.choice(["8.15", "9.0"]), r.choice([17, 21]),
       r.choice(["warning", "error"]), r.choice([4, 8]), r.choice([16, 32]), r.choice([2, 3, 6]),
       r.choice([10000, 50000]))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dirs", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    files = 0
    size = 0
    for i in range(args.dirs):
        r = random.Random(args.seed * 1000003 + i)
        d = os.path.join(args.out, "dep-%05d" % i)
        entries = {
            "kafka/server.properties": server_properties(r, i),
            "kafka/producer.properties": producer_properties(r, i),
            "kafka/consumer.properties": consumer_properties(r, i),
        }
        if r.random() < 0.4:
            entries["flink/flink-conf.yaml"] = flink_conf_yaml(r, i)
        else:
            entries["flink/config.yaml"] = config_yaml(r, i)
        entries["elasticsearch/index-settings.json"] = index_json(r, i)
        jvm, heap = jvm_options(r, i)
        entries["elasticsearch/jvm.options"] = jvm
        entries["elasticsearch/jvm.options.d/heap.options"] = heap
        if i % 2 == 0:
            entries[".streamlint.yaml"] = project_file(r, i)
        for rel, text in entries.items():
            write(os.path.join(d, rel), text)
            files += 1
            size += len(text.encode("utf-8"))
    print("%d directories, %d files, %.1f MB" % (args.dirs, files, size / 1e6))


if __name__ == "__main__":
    main()
