// Finding the config files under the paths the user names, and telling what each one is.
#pragma once

#include <streamlint/finding.hpp>
#include <streamlint/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace streamlint {

struct Recognised {
    FileKind kind;
    Syntax syntax;
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
};

struct Discovery {
    std::vector<FoundFile> files;      // in a deterministic order: by path, byte-wise
    std::vector<Finding> problems;     // files that could not be read (rule S003)
};

/// Walks files and directories. Each named file and every recognised file under a named directory
/// is read once. Directories are walked without following symbolic links to directories (no loops);
/// FIFOs, sockets and devices are never opened. Throws UsageError when a named path does not exist,
/// or when a named file's kind cannot be told and `forced` is not given.
[[nodiscard]] Discovery discover(const std::vector<std::string>& paths, std::optional<FileKind> forced);

/// Parses a found file with the parser of its syntax.
[[nodiscard]] Document parse_found(FoundFile&& file, int target_jdk);

}  // namespace streamlint
