// Kubernetes resources of the operators that run Kafka, Flink and Elasticsearch, in a stream of
// YAML documents (`---`):
//  - Strimzi `Kafka` (kafka.strimzi.io): `spec.kafka.config` (`kafka-broker`), `spec.kafka.jvmOptions`
//    (`jvm`: `-Xms`, `-Xmx`, the `-XX` map, `javaSystemProperties`), `version`, `replicas`,
//    `resources` and `storage`; `KafkaNodePool`: its `jvmOptions`, `replicas`, `roles`, `resources`,
//    `storage`.
//  - Flink operator `FlinkDeployment` (flink.apache.org): `spec.flinkConfiguration` (`flink`, nested
//    mappings flattened with '.'), `flinkVersion` (`v1_20`), the image's Java release, and the
//    `jobManager`/`taskManager` `resource` and `replicas` as the hosts.
//  - ECK `Elasticsearch` (elasticsearch.k8s.elastic.co): per `nodeSets[]` entry, ES_JAVA_OPTS of the
//    `elasticsearch` container of its pod template (`jvm`), its `count`, memory and CPU limits and
//    data volume claim; `spec.version`.
// Other resources are skipped.
#include "deploy_common.hpp"

#include <streamlint/text.hpp>
#include <streamlint/values.hpp>

#include <algorithm>
#include <map>

namespace streamlint::deploy {

namespace {

enum class Resource : std::uint8_t { None, StrimziKafka, StrimziNodePool, FlinkDeployment, EckElasticsearch };

Resource resource_of(const Tree& tree, const Node* root)
{
    const auto api = tree.scalar(tree.get(root, "apiVersion"));
    const auto kind = tree.scalar(tree.get(root, "kind"));
    if (!api || !kind) {
        return Resource::None;
    }
    const std::string group = api->substr(0, api->find('/'));
    if (group == "kafka.strimzi.io") {
        return *kind == "Kafka" ? Resource::StrimziKafka : *kind == "KafkaNodePool" ? Resource::StrimziNodePool : Resource::None;
    }
    if (group == "flink.apache.org" && *kind == "FlinkDeployment") {
        return Resource::FlinkDeployment;
    }
    if (group == "elasticsearch.k8s.elastic.co" && *kind == "Elasticsearch") {
        return Resource::EckElasticsearch;
    }
    return Resource::None;
}

struct Component {
    const Node* root = nullptr;
    Resource resource = Resource::None;
    std::string name;
    ByteRange anchor;
};

/// Memory and CPU of a container's `resources` (limits, else requests).
void read_resources(const Tree& tree, const Node* resources, HostFacts& host)
{
    for (const char* side : {"limits", "requests"}) {
        const Node* r = tree.get(resources, side);
        if (!host.memory) {
            if (const auto m = tree.scalar(tree.get(r, "memory"))) {
                host.memory = kubernetes_bytes(*m);
            }
        }
        if (!host.cores) {
            if (const auto c = tree.scalar(tree.get(r, "cpu"))) {
                host.cores = cores_of(*c);
            }
        }
    }
}

/// Strimzi storage: a persistent claim's size, or the sum over a JBOD's volumes.
std::optional<std::uint64_t> strimzi_disk(const Tree& tree, const Node* storage)
{
    storage = tree.resolve(storage);
    if (storage == nullptr) {
        return std::nullopt;
    }
    const auto type = tree.scalar(tree.get(storage, "type")).value_or("");
    if (type == "jbod") {
        std::uint64_t total = 0;
        const Node* volumes = tree.resolve(tree.get(storage, "volumes"));
        if (volumes == nullptr || !volumes->is_seq()) {
            return std::nullopt;
        }
        for (const std::uint32_t child : volumes->children) {
            if (const auto size = strimzi_disk(tree, tree.node(child))) {
                total += *size;
            }
        }
        return total > 0 ? std::optional<std::uint64_t>(total) : std::nullopt;
    }
    if (const auto size = tree.scalar(tree.get(storage, "size"))) {
        return kubernetes_bytes(*size);
    }
    return std::nullopt;
}

std::optional<std::int64_t> count_of(const Tree& tree, const Node* n)
{
    const auto text = tree.scalar(n);
    if (!text || text->empty() || text->size() > 9 ||
        !std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoll(*text);
}

/// A Flink operator memory string: Flink's MemorySize (`2048m` is 2048 MiB), else a Kubernetes quantity.
std::optional<std::uint64_t> flink_memory(std::string_view text)
{
    if (const auto p = parse_value(ValueType::Size, Dialect::Flink, text); p && p->number >= 1) {
        return static_cast<std::uint64_t>(p->number);
    }
    return kubernetes_bytes(text);
}

Embedding embedding_for(const Component& c, std::string label)
{
    Embedding e;
    e.label = std::move(label);
    e.anchor = c.anchor;
    return e;
}

/// Strimzi's `jvmOptions`: `-Xms`/`-Xmx`, the `-XX` map ("true"/"false" switch a flag on or off),
/// `javaSystemProperties` (`-Dname=value`).
Document strimzi_jvm(const Source& src, const Node* jvm, Embedding emb)
{
    const Tree& tree = src.tree;
    if (auto p = insert_after_last(src, jvm)) {
        emb.inserts.push_back(std::move(*p));
    }
    const Node* xx = tree.get(jvm, "-XX");
    if (auto p = insert_after_last(src, xx, "-XX:")) {
        emb.inserts.push_back(std::move(*p));
    }
    Document doc = make_document(src, FileKind::Jvm, Syntax::KubernetesJvmOptions, std::move(emb));
    for (const yaml_tree::Entry& e : tree.entries(jvm)) {
        const auto key = tree.scalar(e.key);
        if (!key || e.value == nullptr) {
            continue;
        }
        const Node* k = tree.resolve(e.key);
        if ((*key == "-Xms" || *key == "-Xmx") && e.value->is_scalar()) {
            Setting s;
            s.key = *key;
            s.value = e.value->value;
            s.key_range = k->range;
            s.value_range = e.value->range;
            s.line_range = entry_lines(src, k->range.begin, e.value->range.end);
            doc.settings.push_back(std::move(s));
        } else if (*key == "-XX" && e.value->is_map()) {
            for (const yaml_tree::Entry& flag : tree.entries(e.value)) {
                const auto name = tree.scalar(flag.key);
                if (!name || flag.value == nullptr || !flag.value->is_scalar()) {
                    continue;
                }
                const Node* fk = tree.resolve(flag.key);
                Setting s;
                s.key = "-XX:" + *name;
                s.value = flag.value->value;
                s.key_range = fk->range;
                s.value_range = flag.value->range;
                s.line_range = entry_lines(src, fk->range.begin, flag.value->range.end);
                doc.settings.push_back(std::move(s));
            }
        } else if (*key == "javaSystemProperties" && e.value->is_seq()) {
            for (const std::uint32_t child : e.value->children) {
                const Node* item = tree.resolve(tree.node(child));
                const Node* name = tree.get(item, "name");
                const Node* value = tree.get(item, "value");
                const auto name_text = tree.scalar(name);
                if (!name_text || item == nullptr) {
                    continue;
                }
                Setting s;
                s.key = "-D" + *name_text;
                s.value = tree.scalar(value).value_or("");
                s.key_range = name->range;
                s.value_range = value != nullptr ? value->range : ByteRange{name->range.end, name->range.end};
                s.line_range = entry_lines(src, item->range.begin, item->range.end);
                doc.settings.push_back(std::move(s));
            }
        }
    }
    finish(doc);
    return doc;
}

struct Made {
    Document doc;
    std::string role;
    HostFacts host;  // its own hosts; the count is filled per role over the file
};

void read_strimzi_kafka(const Source& src, const Component& c, std::vector<Made>& out,
                        std::map<std::string, std::int64_t>& counts)
{
    const Tree& tree = src.tree;
    const Node* kafka = tree.get(tree.get(c.root, "spec"), "kafka");
    if (kafka == nullptr) {
        return;
    }
    HostFacts host;
    read_resources(tree, tree.get(kafka, "resources"), host);
    host.disk_size = strimzi_disk(tree, tree.get(kafka, "storage"));
    if (const auto n = count_of(tree, tree.get(kafka, "replicas"))) {
        counts["kafka-broker"] += *n;
    }
    std::string version;
    if (const auto v = tree.scalar(tree.get(kafka, "version"))) {
        version = tag_version(*v);
    }
    Embedding emb = embedding_for(c, "Kafka " + c.name);
    emb.kafka = version;
    if (!version.empty()) {
        emb.version_source = "spec.kafka.version";
    }
    const Node* config = tree.get(kafka, "config");
    Embedding config_emb = emb;
    if (auto p = insert_after_last(src, config)) {
        config_emb.inserts.push_back(std::move(*p));
    }
    Document doc = make_document(src, FileKind::KafkaBroker, Syntax::KubernetesConfig, std::move(config_emb));
    add_config_map(doc, src, config);
    finish(doc);
    if (!doc.settings.empty()) {
        out.push_back({std::move(doc), "kafka-broker", host});
    }
    if (const Node* jvm = tree.get(kafka, "jvmOptions"); jvm != nullptr && jvm->is_map()) {
        Document options = strimzi_jvm(src, jvm, emb);
        if (!options.settings.empty()) {
            out.push_back({std::move(options), "kafka-broker", host});
        }
    }
}

void read_strimzi_pool(const Source& src, const Component& c, std::vector<Made>& out,
                       std::map<std::string, std::int64_t>& counts)
{
    const Tree& tree = src.tree;
    const Node* spec = tree.get(c.root, "spec");
    bool broker = false;
    const Node* roles = tree.resolve(tree.get(spec, "roles"));
    if (roles != nullptr && roles->is_seq()) {
        for (const std::uint32_t child : roles->children) {
            broker = broker || tree.scalar(tree.node(child)) == std::optional<std::string>("broker");
        }
    }
    const std::string role = broker ? "kafka-broker" : "kafka-controller";
    if (const auto n = count_of(tree, tree.get(spec, "replicas")); n && broker) {
        counts["kafka-broker"] += *n;
    }
    HostFacts host;
    read_resources(tree, tree.get(spec, "resources"), host);
    host.disk_size = strimzi_disk(tree, tree.get(spec, "storage"));
    if (const Node* jvm = tree.get(spec, "jvmOptions"); jvm != nullptr && jvm->is_map()) {
        Document options = strimzi_jvm(src, jvm, embedding_for(c, "KafkaNodePool " + c.name));
        if (!options.settings.empty()) {
            out.push_back({std::move(options), role, host});
        }
    }
}

void read_flink_deployment(const Source& src, const Component& c, std::vector<Made>& out,
                           std::map<std::string, std::int64_t>& counts, std::map<std::string, HostFacts>& hosts)
{
    const Tree& tree = src.tree;
    const Node* spec = tree.get(c.root, "spec");
    Embedding emb = embedding_for(c, "FlinkDeployment " + c.name);
    if (const auto v = tree.scalar(tree.get(spec, "flinkVersion"))) {
        emb.flink = tag_version(*v);
        emb.version_source = "spec.flinkVersion";
    }
    if (const auto image = tree.scalar(tree.get(spec, "image"))) {
        const ImageRef ref = parse_image(*image);
        if (!ref.unresolved) {
            if (emb.flink.empty() && (ref.repository == "flink" || ref.repository == "apache/flink")) {
                emb.flink = tag_version(ref.tag);
                emb.version_source = "image " + *image;
            }
            if (const int java = tag_java(ref.tag)) {
                emb.jdk = java;
                emb.version_source += (emb.version_source.empty() ? "" : ", ") + ("image " + *image);
            }
        }
    }
    // The same configuration runs both processes: each is a host of its role.
    for (const auto& [field, role] : {std::pair{"jobManager", "flink-jobmanager"}, std::pair{"taskManager", "flink-taskmanager"}}) {
        const Node* process = tree.get(spec, field);
        if (process == nullptr) {
            continue;
        }
        const Node* resource = tree.get(process, "resource");
        HostFacts& host = hosts[role];
        if (const auto m = tree.scalar(tree.get(resource, "memory"))) {
            host.memory = flink_memory(*m);
        }
        if (const auto cpu = tree.scalar(tree.get(resource, "cpu"))) {
            host.cores = cores_of(*cpu);
        }
        if (const auto n = count_of(tree, tree.get(process, "replicas"))) {
            counts[role] += *n;
        } else if (std::string_view(role) == "flink-jobmanager") {
            counts[role] += 1;
        }
    }
    const Node* config = tree.get(spec, "flinkConfiguration");
    if (auto p = insert_after_last(src, config)) {
        emb.inserts.push_back(std::move(*p));
    }
    Document doc = make_document(src, FileKind::Flink, Syntax::KubernetesConfig, std::move(emb));
    add_config_map(doc, src, config);
    finish(doc);
    out.push_back({std::move(doc), "", {}});
}

void read_eck(const Source& src, const Component& c, std::vector<Made>& out, std::map<std::string, std::int64_t>& counts)
{
    const Tree& tree = src.tree;
    const Node* spec = tree.get(c.root, "spec");
    std::string version;
    if (const auto v = tree.scalar(tree.get(spec, "version"))) {
        version = tag_version(*v);
    }
    const Node* sets = tree.resolve(tree.get(spec, "nodeSets"));
    if (sets == nullptr || !sets->is_seq()) {
        return;
    }
    for (const std::uint32_t child : sets->children) {
        const Node* set = tree.resolve(tree.node(child));
        if (set == nullptr || !set->is_map()) {
            continue;
        }
        const std::string set_name = tree.scalar(tree.get(set, "name")).value_or("");
        const std::int64_t n = count_of(tree, tree.get(set, "count")).value_or(1);
        counts["elasticsearch"] += n;
        HostFacts host;
        const Node* containers = tree.resolve(tree.get(tree.get(tree.get(set, "podTemplate"), "spec"), "containers"));
        const Node* es = nullptr;
        if (containers != nullptr && containers->is_seq()) {
            for (const std::uint32_t k : containers->children) {
                const Node* container = tree.resolve(tree.node(k));
                if (tree.scalar(tree.get(container, "name")) == std::optional<std::string>("elasticsearch")) {
                    es = container;
                }
            }
        }
        read_resources(tree, tree.get(es, "resources"), host);
        const Node* claims = tree.resolve(tree.get(set, "volumeClaimTemplates"));
        if (claims != nullptr && claims->is_seq()) {
            for (const std::uint32_t k : claims->children) {
                const Node* claim = tree.resolve(tree.node(k));
                const auto size = tree.scalar(tree.get(tree.get(tree.get(tree.get(claim, "spec"), "resources"), "requests"), "storage"));
                if (size) {
                    host.disk_size = kubernetes_bytes(*size);
                }
            }
        }
        for (const EnvVar& var : container_env(src, tree.get(es, "env"))) {
            if (var.name != "ES_JAVA_OPTS" || !var.has_value) {
                continue;
            }
            Embedding emb = embedding_for(c, "Elasticsearch " + c.name + (set_name.empty() ? "" : ", nodeSet " + set_name));
            emb.elasticsearch = version;
            if (!version.empty()) {
                emb.version_source = "spec.version";
            }
            if (var.value.exact) {
                emb.inserts.push_back(InsertPoint{{}, var.value.end, {}});
            }
            Document doc = make_document(src, FileKind::Jvm, Syntax::EnvJvmOptions, std::move(emb));
            add_jvm_options(doc, var);
            finish(doc);
            out.push_back({std::move(doc), "elasticsearch", host});
        }
    }
}

std::vector<Component> components(const Tree& tree)
{
    std::vector<Component> out;
    for (const std::uint32_t root : tree.documents) {
        const Node* r = tree.resolve(tree.node(root));
        if (r == nullptr || !r->is_map()) {
            continue;
        }
        Component c;
        c.root = r;
        c.resource = resource_of(tree, r);
        if (c.resource == Resource::None) {
            continue;
        }
        const Node* name = tree.get(tree.get(r, "metadata"), "name");
        c.name = tree.scalar(name).value_or("");
        c.anchor = name != nullptr ? name->range : tree.get(r, "kind")->range;
        out.push_back(c);
    }
    return out;
}

}  // namespace

bool kubernetes_shape(const Tree& tree)
{
    return !components(tree).empty();
}

std::vector<Document> read_kubernetes(const Source& src)
{
    std::vector<Made> made;
    std::map<std::string, std::int64_t> counts;
    std::map<std::string, HostFacts> flink_hosts;
    for (const Component& c : components(src.tree)) {
        switch (c.resource) {
        case Resource::StrimziKafka: read_strimzi_kafka(src, c, made, counts); break;
        case Resource::StrimziNodePool: read_strimzi_pool(src, c, made, counts); break;
        case Resource::FlinkDeployment: read_flink_deployment(src, c, made, counts, flink_hosts); break;
        case Resource::EckElasticsearch: read_eck(src, c, made, counts); break;
        case Resource::None: break;
        }
    }
    // Strimzi node pools carry the brokers' resources: the cluster's config document takes the
    // first broker pool's when the Kafka resource gives none.
    HostFacts pool_host;
    for (const Made& m : made) {
        if (m.role == "kafka-broker" && m.doc.embedding->label.starts_with("KafkaNodePool") && !pool_host.memory) {
            pool_host = m.host;
        }
    }
    std::vector<Document> docs;
    for (Made& m : made) {
        Embedding& emb = *m.doc.embedding;
        emb.role = m.role;
        for (const auto& [role, n] : counts) {
            emb.deployment[role].count = n;
        }
        if (m.doc.kind == FileKind::Flink) {
            for (const auto& [role, host] : flink_hosts) {
                HostFacts& h = emb.deployment[role];
                h.memory = host.memory;
                h.cores = host.cores;
            }
        } else if (!m.role.empty()) {
            HostFacts& own = emb.deployment[m.role];
            const HostFacts& from = m.host.memory || m.host.cores || m.host.disk_size ? m.host : pool_host;
            own.memory = from.memory;
            own.cores = from.cores;
            own.disk_size = from.disk_size;
        }
        docs.push_back(std::move(m.doc));
    }
    return docs;
}

}  // namespace streamlint::deploy
