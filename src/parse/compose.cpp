// docker-compose files: each service that runs Kafka, Flink or Elasticsearch becomes the documents
// of what its container reads.
//
//  - Kafka images (confluentinc/cp-kafka and cp-server, apache/kafka, bitnami/kafka; or an image
//    compose fills in from a variable whose environment carries the broker's own variables, read
//    with the apache/kafka convention): the KAFKA_* (Bitnami: KAFKA_CFG_*) variables are the broker
//    properties (`kafka-broker`); KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS and KAFKA_OPTS, in the
//    order kafka-run-class.sh passes them, the JVM options (`jvm`).
//  - any service with FLINK_PROPERTIES: those lines, as the flink-conf.yaml line reader takes them
//    (`flink`); the role from `command` (jobmanager, standalone-job, taskmanager).
//  - Elasticsearch images: ES_JAVA_OPTS (`jvm`).
// The image tag gives the version (a Confluent Platform release through Confluent's table);
// `mem_limit`/`cpus` or `deploy.resources.limits`, with `deploy.replicas`/`scale`, the deployment.
#include "deploy_common.hpp"

#include <streamlint/text.hpp>

#include <algorithm>
#include <array>
#include <map>

namespace streamlint::deploy {

namespace {

struct Service {
    std::string name;
    const Node* key = nullptr;
    const Node* node = nullptr;
    std::string image_text;
    ImageRef image;
    const Node* env_node = nullptr;
    std::vector<EnvVar> env;
    std::int64_t replicas = 1;
    HostFacts host;  // one container's limits
    std::string role;
};

bool is_space_char(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const EnvVar* find_var(const std::vector<EnvVar>& env, std::string_view name)
{
    const EnvVar* found = nullptr;
    for (const EnvVar& v : env) {
        if (v.name == name) {
            found = &v;  // the last one wins, as compose keeps it
        }
    }
    return found;
}

bool is_elasticsearch_image(const ImageRef& image)
{
    return image.repository == "elasticsearch/elasticsearch" || image.repository == "elasticsearch" ||
           image.repository == "elastic/elasticsearch";
}

bool is_flink_image(const ImageRef& image)
{
    return image.repository == "flink" || image.repository == "apache/flink";
}

/// The naming convention of a Kafka broker image, or None when the service is not one.
EnvNaming kafka_naming(const Service& svc)
{
    const std::string& repo = svc.image.repository;
    if (repo == "confluentinc/cp-kafka" || repo == "confluentinc/cp-enterprise-kafka") {
        return EnvNaming::Confluent;
    }
    if (repo == "confluentinc/cp-server") {
        return EnvNaming::ConfluentServer;
    }
    if (repo == "apache/kafka" || repo == "apache/kafka-native") {
        return EnvNaming::Apache;
    }
    if (repo.ends_with("/kafka") && repo.find("bitnami") != std::string::npos) {
        return EnvNaming::Bitnami;
    }
    if (is_elasticsearch_image(svc.image) || is_flink_image(svc.image)) {
        return EnvNaming::None;
    }
    // Another image (or one compose fills in from a variable): a broker when its environment sets
    // the broker's identity or listeners.
    static constexpr std::array<std::string_view, 8> markers{
        "NODE_ID", "BROKER_ID", "PROCESS_ROLES", "ZOOKEEPER_CONNECT", "LISTENERS", "ADVERTISED_LISTENERS",
        "CONTROLLER_QUORUM_VOTERS", "LOG_DIRS"};
    for (const EnvVar& v : svc.env) {
        for (const std::string_view m : markers) {
            if (v.name == "KAFKA_CFG_" + std::string(m)) {
                return EnvNaming::Bitnami;
            }
            if (v.name == "KAFKA_" + std::string(m)) {
                return EnvNaming::Apache;
            }
        }
    }
    return EnvNaming::None;
}

std::optional<std::int64_t> whole_number(const Tree& tree, const Node* n)
{
    const auto text = tree.scalar(n);
    if (!text) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    const std::string t(trim(*text));
    if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) || t.size() > 12) {
        return std::nullopt;
    }
    v = std::stoll(t);
    return v;
}

std::string first_word(const Tree& tree, const Node* command)
{
    command = tree.resolve(command);
    if (command == nullptr) {
        return {};
    }
    if (command->is_seq()) {
        return command->children.empty() ? std::string() : tree.scalar(tree.node(command->children.front())).value_or("");
    }
    const std::string text(trim(tree.scalar(command).value_or("")));
    return text.substr(0, text.find_first_of(" \t"));
}

std::string flink_role(const std::string& command)
{
    if (command == "jobmanager" || command == "standalone-job") {
        return "flink-jobmanager";
    }
    if (command == "taskmanager") {
        return "flink-taskmanager";
    }
    return {};
}

Service read_service(const Source& src, const yaml_tree::Entry& e)
{
    const Tree& tree = src.tree;
    Service svc;
    svc.key = tree.resolve(e.key);
    svc.node = e.value;
    svc.name = tree.scalar(svc.key).value_or("");
    svc.image_text = tree.scalar(tree.get(svc.node, "image")).value_or("");
    svc.image = parse_image(svc.image_text);
    svc.env_node = tree.resolve(tree.get(svc.node, "environment"));
    svc.env = compose_environment(src, svc.env_node);
    const Node* deploy = tree.get(svc.node, "deploy");
    if (const auto n = whole_number(tree, tree.get(deploy, "replicas"))) {
        svc.replicas = *n;
    } else if (const auto s = whole_number(tree, tree.get(svc.node, "scale"))) {
        svc.replicas = *s;
    }
    const Node* limits = tree.get(tree.get(deploy, "resources"), "limits");
    if (const auto m = tree.scalar(tree.get(svc.node, "mem_limit"))) {
        svc.host.memory = compose_bytes(*m);
    }
    if (!svc.host.memory) {
        if (const auto m = tree.scalar(tree.get(limits, "memory"))) {
            svc.host.memory = compose_bytes(*m);
        }
    }
    if (const auto c = tree.scalar(tree.get(svc.node, "cpus"))) {
        svc.host.cores = cores_of(*c);
    }
    if (!svc.host.cores) {
        if (const auto c = tree.scalar(tree.get(limits, "cpus"))) {
            svc.host.cores = cores_of(*c);
        }
    }
    return svc;
}

Embedding embedding_of(const Service& svc)
{
    Embedding e;
    e.label = "service " + svc.name;
    e.anchor = svc.key != nullptr ? svc.key->range : ByteRange{};
    if (!svc.image_text.empty() && !svc.image.unresolved) {
        e.version_source = "image " + svc.image_text;
    }
    return e;
}

}  // namespace

bool compose_shape(const Tree& tree)
{
    if (tree.documents.empty()) {
        return false;
    }
    const Node* root = tree.resolve(tree.node(tree.documents.front()));
    const Node* services = tree.resolve(tree.get(root, "services"));
    if (services == nullptr || !services->is_map()) {
        return false;
    }
    const auto entries = tree.entries(services);
    return std::all_of(entries.begin(), entries.end(), [](const yaml_tree::Entry& e) {
        return e.value == nullptr || e.value->is_map() || e.value->kind == yaml_tree::NodeKind::Null;
    });
}

std::vector<Document> read_compose(const Source& src)
{
    const Tree& tree = src.tree;
    std::vector<Document> docs;
    if (tree.documents.empty()) {
        return docs;
    }
    const Node* root = tree.resolve(tree.node(tree.documents.front()));
    const Node* services = tree.resolve(tree.get(root, "services"));
    if (services == nullptr || !services->is_map()) {
        return docs;
    }
    std::vector<Service> all;
    for (const yaml_tree::Entry& e : tree.entries(services)) {
        if (e.value != nullptr && e.value->is_map() && tree.scalar(e.key)) {
            all.push_back(read_service(src, e));
        }
    }

    // What each service runs, and the documents it gives.
    struct Made {
        std::size_t service;
        Document doc;
    };
    std::vector<Made> made;
    for (std::size_t i = 0; i < all.size(); ++i) {
        Service& svc = all[i];
        const EnvNaming naming = kafka_naming(svc);
        if (naming != EnvNaming::None) {
            Embedding emb = embedding_of(svc);
            emb.naming = naming;
            emb.list_form = svc.env_node != nullptr && svc.env_node->is_seq();
            if (auto p = insert_after_last(src, svc.env_node)) {
                emb.inserts.push_back(std::move(*p));
            }
            if (naming == EnvNaming::Confluent || naming == EnvNaming::ConfluentServer) {
                if (const auto v = kafka_of_confluent_platform(svc.image.tag)) {
                    emb.kafka = *v;
                }
            } else if (const std::string& repo = svc.image.repository;
                       !svc.image.unresolved && (repo.starts_with("apache/kafka") ||
                                                 (repo.ends_with("/kafka") && repo.find("bitnami") != std::string::npos))) {
                emb.kafka = tag_version(svc.image.tag);  // these images are tagged with the Kafka release
            }
            if (emb.kafka.empty()) {
                emb.version_source.clear();
            }
            Document doc = make_document(src, FileKind::KafkaBroker, Syntax::ComposeEnvironment, emb);
            for (const EnvVar& var : svc.env) {
                if (auto key = kafka_key_from_env(var.name, naming)) {
                    add_env_setting(doc, var, std::move(*key));
                }
            }
            finish(doc);
            const Setting* roles = doc.find("process.roles");
            svc.role = roles == nullptr || roles->value.find("broker") != std::string::npos ? "kafka-broker" : "kafka-controller";
            if (!doc.settings.empty()) {
                made.push_back({i, std::move(doc)});
            }
            // The JVM options, in the order kafka-run-class.sh passes them.
            Embedding jvm = embedding_of(svc);
            jvm.kafka = emb.kafka;
            jvm.version_source = emb.version_source;
            Document options = make_document(src, FileKind::Jvm, Syntax::EnvJvmOptions, jvm);
            for (const char* name : {"KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_OPTS"}) {
                if (const EnvVar* var = find_var(svc.env, name); var != nullptr && var->has_value) {
                    add_jvm_options(options, *var);
                    if (options.embedding->inserts.empty() && var->value.exact) {
                        options.embedding->inserts.push_back(InsertPoint{{}, var->value.end, {}});
                    }
                }
            }
            finish(options);
            if (!options.settings.empty() || !options.notes.empty()) {
                made.push_back({i, std::move(options)});
            }
        }
        if (const EnvVar* props = find_var(svc.env, "FLINK_PROPERTIES"); props != nullptr && props->has_value) {
            Embedding emb = embedding_of(svc);
            if (is_flink_image(svc.image)) {
                emb.flink = tag_version(svc.image.tag);
                emb.jdk = tag_java(svc.image.tag);
            }
            if (emb.flink.empty() && emb.jdk == 0) {
                emb.version_source.clear();
            }
            svc.role = flink_role(first_word(src.tree, src.tree.get(svc.node, "command")));
            // A new line goes after the block's last line, at its indentation.
            const Node* value = nullptr;
            for (const yaml_tree::Entry& e : src.tree.entries(svc.env_node)) {
                if (src.tree.scalar(e.key) == std::optional<std::string>("FLINK_PROPERTIES")) {
                    value = e.value;
                }
            }
            if (svc.env_node != nullptr && svc.env_node->is_seq()) {
                for (const std::uint32_t child : svc.env_node->children) {
                    const Node* item = src.tree.resolve(src.tree.node(child));
                    if (item != nullptr && item->is_scalar() && item->value.starts_with("FLINK_PROPERTIES=")) {
                        value = item;
                    }
                }
            }
            if (value != nullptr && value->style == yaml_tree::ScalarStyle::Literal && props->value.exact &&
                !props->value.from.empty()) {
                const std::uint32_t last = props->value.from.back();
                const std::uint32_t first_line = src.lines.line_of(props->value.from.front());
                std::uint32_t column = props->value.from.front() - src.lines.content(first_line).begin;
                // The indentation of the block's content: its first non-blank line.
                for (std::size_t k = 0; k < props->value.text.size(); ++k) {
                    if (!is_space_char(props->value.text[k])) {
                        const std::uint32_t at = props->value.from[k];
                        column = at - src.lines.content(src.lines.line_of(at)).begin;
                        break;
                    }
                }
                emb.inserts.push_back(InsertPoint{{}, src.lines.with_terminator(src.lines.line_of(last)).end,
                                                  std::string(column, ' ')});
            }
            Document doc = make_document(src, FileKind::Flink, Syntax::EnvFlinkProperties, emb);
            doc.embedding->role = svc.role;
            add_flink_properties(doc, *props);
            finish(doc);
            made.push_back({i, std::move(doc)});
        }
        if (is_elasticsearch_image(svc.image)) {
            svc.role = "elasticsearch";
            if (const EnvVar* opts = find_var(svc.env, "ES_JAVA_OPTS"); opts != nullptr && opts->has_value) {
                Embedding emb = embedding_of(svc);
                emb.elasticsearch = tag_version(svc.image.tag);
                if (emb.elasticsearch.empty()) {
                    emb.version_source.clear();
                }
                if (opts->value.exact) {
                    emb.inserts.push_back(InsertPoint{{}, opts->value.end, {}});
                }
                Document doc = make_document(src, FileKind::Jvm, Syntax::EnvJvmOptions, emb);
                add_jvm_options(doc, *opts);
                finish(doc);
                made.push_back({i, std::move(doc)});
            }
        }
    }

    // The deployment: hosts counted per role over every service; a document sees its own
    // service's limits for its role.
    std::map<std::string, std::int64_t> counts;
    for (const Service& svc : all) {
        if (!svc.role.empty()) {
            counts[svc.role] += svc.replicas;
        }
    }
    for (Made& m : made) {
        const Service& svc = all[m.service];
        Embedding& emb = *m.doc.embedding;
        emb.role = svc.role;
        for (const auto& [role, n] : counts) {
            emb.deployment[role].count = n;
        }
        if (!svc.role.empty()) {
            HostFacts& own = emb.deployment[svc.role];
            own.memory = svc.host.memory;
            own.cores = svc.host.cores;
        }
        docs.push_back(std::move(m.doc));
    }
    return docs;
}

}  // namespace streamlint::deploy
