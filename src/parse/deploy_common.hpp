// What the docker-compose and Kubernetes readers share: environment variables as written, the
// documents they make of them (Kafka keys, JVM option strings, FLINK_PROPERTIES lines, config
// mappings), with every range pointing into the deployment file. Internal to the parsers.
#pragma once

#include "yaml_tree.hpp"

#include <streamlint/deployment.hpp>
#include <streamlint/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint::deploy {

using yaml_tree::Node;
using yaml_tree::Tree;

/// The file being read.
struct Source {
    std::string path;
    const std::string& text;
    const LineIndex& lines;
    const Tree& tree;
};

/// One environment variable as a deployment file writes it.
struct EnvVar {
    std::string name;
    ByteRange name_range;   // where the name is written
    ByteRange entry_range;  // the whole entry (`KEY: value`, `- KEY=value`, `- name: ... value: ...`)
    ByteRange value_range;  // the value as written: a whole YAML scalar (quotes included), or the part
                            // of a `KEY=value` item after the `=`
    yaml_tree::Decoded value;  // the value the container gets, with the file position of each byte
    bool has_value = false;    // false: `- KEY` / `KEY:` pass the host's value, unknown here
    bool interpolated = false; // the value went through compose's ${...} interpolation
};

/// A compose service's `environment:` (a mapping or a list of `KEY=value`), interpolated as compose
/// does with no variable set (`${VAR:-default}` gives the default; a value that needs a variable
/// without a default is left out). Unset variables and invalid entries are left out too.
[[nodiscard]] std::vector<EnvVar> compose_environment(const Source& src, const Node* env);

/// A Kubernetes container's `env:` list (`- name: X` / `value: ...`); `valueFrom` entries are left out.
[[nodiscard]] std::vector<EnvVar> container_env(const Source& src, const Node* env);

/// compose's interpolation with no variable set: `$$` -> `$`, `${V:-d}` and `${V-d}` -> d; nullopt
/// when a variable without a default remains (`$V`, `${V}`, `${V:?err}`, ...).
[[nodiscard]] std::optional<std::string> interpolate(std::string_view value);

/// A document of a component, with the whole file as its text and the file's comments.
[[nodiscard]] Document make_document(const Source& src, FileKind kind, Syntax syntax, Embedding embedding);

/// Adds the setting an environment variable makes (a Kafka key from its name, an Elasticsearch
/// dotted setting).
void add_env_setting(Document& doc, const EnvVar& var, std::string key);

/// Adds the options of a JVM options string held in a variable.
void add_jvm_options(Document& doc, const EnvVar& var);

/// Adds the settings of FLINK_PROPERTIES, read with the flink-conf.yaml line reader. Returns the
/// insertion point after its last line when the value is a literal block scalar.
void add_flink_properties(Document& doc, const EnvVar& var);

/// Adds the entries of a YAML config mapping, nested mappings flattened with '.' (Strimzi `config`,
/// FlinkDeployment `flinkConfiguration`).
void add_config_map(Document& doc, const Source& src, const Node* map);

/// Where a new entry goes in a block mapping or block sequence: the start of the line after its
/// last entry, at the entries' indentation. nullopt for a flow collection or an empty one.
[[nodiscard]] std::optional<InsertPoint> insert_after_last(const Source& src, const Node* collection,
                                                           std::string prefix = {});

/// The line range of a YAML entry from `first` to the end of the line holding `last_byte`.
[[nodiscard]] ByteRange entry_lines(const Source& src, std::uint32_t first, std::uint32_t end);

/// Settings done: overrides resolved (last wins, as the product reads them).
void finish(Document& doc);

/// A docker-compose file's shape: the first document a mapping with a `services` mapping whose
/// entries are mappings.
[[nodiscard]] bool compose_shape(const Tree& tree);
/// The components of a docker-compose file (compose.cpp).
[[nodiscard]] std::vector<Document> read_compose(const Source& src);

/// A document of a supported Kubernetes kind (apiVersion group and kind) in the stream.
[[nodiscard]] bool kubernetes_shape(const Tree& tree);
/// The components of a Kubernetes manifest (kubernetes.cpp).
[[nodiscard]] std::vector<Document> read_kubernetes(const Source& src);

}  // namespace streamlint::deploy
