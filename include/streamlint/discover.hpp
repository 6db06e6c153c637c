// Finding the config files under the paths the user names, and telling what each one is.
#pragma once

#include <streamlint/deployment.hpp>
#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamlint {

struct Recognised {
    FileKind kind;
    Syntax syntax;
    /// Set for a deployment file (docker-compose, Kubernetes): it holds several documents, each found
    /// with its own kind and syntax.
    std::optional<DeploymentFormat> deployment{};
};

/// What a file is, from its name and, where the name does not say, its content. nullopt when it is
/// not a config file streamlint reads.
[[nodiscard]] std::optional<Recognised> recognise(const std::string& path, std::string_view text);

/// The syntax a file of a forced kind (--kind) is read in.
[[nodiscard]] Syntax syntax_for_kind(FileKind kind, const std::string& path);

struct FoundFile {
    std::string path;
    std::string text;
    Recognised what;
    /// The file already parsed, when telling its kind needed a parse (it then owns the text and
    /// `text` is empty); parse_found uses it instead of parsing again.
    std::optional<Document> parsed{};
};

/// Files larger than this are not read (a finding of rule S003 says so); `--max-file-size` and the
/// project file's `max-file-size` change it.
inline constexpr std::uint64_t k_default_max_file_size = 64ULL << 20;

struct Discovery {
    std::vector<FoundFile> files;      // in a deterministic order: by path, byte-wise
    std::vector<Finding> problems;     // files that could not be read (rule S003)
};

/// A path discovery reads: named on the command line, or found under a named directory.
struct Candidate {
    std::string path;  // as named; a file found under a directory: already as reported (display_path)
    bool named = false;
};

struct Candidates {
    std::vector<Candidate> paths;   // by path, byte-wise, each once
    std::vector<Finding> problems;  // what could not be walked (rule S003)
    /// The directories the walk listed that have no entry named `.streamlint.yaml`, as display paths
    /// (display_path): looking up a file's project file need not ask the file system about them.
    std::vector<std::string> bare_dirs;
};

/// The walk of discover() without the reading: the named files, and the files under named
/// directories whose names may be those of a config file (any name when `forced`). Throws
/// UsageError when a named path does not exist.
[[nodiscard]] Candidates find_candidates(const std::vector<std::string>& paths, std::optional<FileKind> forced);

/// Reads and recognises one candidate: its files (a deployment file gives one a component), or the
/// problem that stopped it. Throws UsageError for a named file whose kind cannot be told and that
/// `forced` does not name.
[[nodiscard]] Discovery read_candidate(const Candidate& candidate, std::optional<FileKind> forced,
                                       std::uint64_t max_file_size = k_default_max_file_size);

/// The path a file is reported under: `./` and `a/../` taken out.
[[nodiscard]] std::string display_path(const std::string& path);

/// Walks files and directories. Each named file and every recognised file under a named directory
/// is read once. Directories are walked without following symbolic links to directories (no loops);
/// FIFOs, sockets and devices are never opened; a file larger than `max_file_size` is a problem
/// (rule S003), not read. Throws UsageError when a named path does not exist, or when a named
/// file's kind cannot be told and `forced` is not given.
[[nodiscard]] Discovery discover(const std::vector<std::string>& paths, std::optional<FileKind> forced,
                                 std::uint64_t max_file_size = k_default_max_file_size);

/// The S001 finding for a file that no document stands for the whole of (a deployment file whose
/// YAML does not parse): at the note's place.
[[nodiscard]] Finding parse_error_finding(const std::string& path, std::string_view text, const ParseNote& note);

/// Parses a found file with the parser of its syntax.
[[nodiscard]] Document parse_found(FoundFile&& file, int target_jdk);

}  // namespace streamlint
