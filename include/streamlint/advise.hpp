// The tuning advisor: from the machines and the workload, complete configs for every role, each
// value with the formula and numbers behind it. Flink memory goes through the same model the
// linter uses, so Flink accepts what is advised.
#pragma once

#include <streamlint/model.hpp>
#include <streamlint/project.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace streamlint {

enum class Profile : std::uint8_t { Guide, Throughput, Latency, Durability };

[[nodiscard]] std::optional<Profile> parse_profile(std::string_view name);
[[nodiscard]] std::string_view to_string(Profile p);

/// One advised setting.
struct Advice {
    std::string key;
    std::string value;   // in the product's spelling
    std::string reason;  // the formula with its numbers, or where the value comes from
};

/// One file the advisor writes.
struct AdvisedFile {
    std::string path;  // relative to the output directory: "kafka/server.properties", ...
    FileKind kind = FileKind::KafkaBroker;
    Syntax syntax = Syntax::Properties;
    std::string title;              // what the file is for
    std::vector<Advice> settings;   // in the order written
    std::string text;               // the file as written (comments with the reasons, JSON excepted)
};

struct AdviceResult {
    Profile profile = Profile::Guide;
    Targets targets;
    std::vector<std::string> inputs;    // the inputs used, echoed ("kafka-broker: 3 x 4 cores, 16g, 1t ssd")
    std::vector<std::string> caveats;   // what cannot be satisfied, said plainly
    std::vector<AdvisedFile> files;
    /// Guide rules each file departs from on purpose, with the reason (written into the project file
    /// that goes with the configs, as per-file-ignores).
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> departures;
};

/// Restricts the advice to roles ("kafka-broker", "kafka-producer", "kafka-consumer", "flink",
/// "elasticsearch"); empty = all.
struct AdviseOptions {
    Profile profile = Profile::Guide;
    std::vector<std::string> roles;
};

/// Computes the advice for a project (its deployment, workload and targets). Roles the deployment
/// does not describe are sized for the guide's minimum production setup, and the caveats say so.
[[nodiscard]] AdviceResult advise(const ProjectConfig& project, const Targets& targets, const AdviseOptions& options);

/// The project file that goes with written configs: the input's targets, deployment and workload,
/// plus per-file-ignores for the guide rules the profile departs from, each with its reason.
[[nodiscard]] std::string advised_project_file(const ProjectConfig& project, const AdviceResult& result);

void write_advice_text(std::ostream& out, const AdviceResult& result);
[[nodiscard]] nlohmann::json advice_json(const AdviceResult& result);

/// Merges the advice into an existing file's text: advised keys that are set get the advised value,
/// the others are appended with their reasons; everything else stays byte-identical.
[[nodiscard]] std::string merge_advice(const AdvisedFile& file, const std::string& path, std::string existing);

}  // namespace streamlint
