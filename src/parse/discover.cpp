#include <streamlint/deployment.hpp>
#include <streamlint/discover.hpp>

#include "../parallel.hpp"
#include <streamlint/parse.hpp>
#include <streamlint/project.hpp>
#include <streamlint/rule.hpp>
#include <streamlint/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <unistd.h>

namespace streamlint {

namespace fs = std::filesystem;

namespace {

std::string base_name(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string parent_name(const std::string& path)
{
    const fs::path p(path);
    return p.parent_path().filename().string();
}

bool ends_with_ci(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// Keys that only one role's file carries, to tell a `*.properties` file's role when its name does not.
FileKind properties_role_from_keys(const Document& doc, bool& known)
{
    static const std::array<std::string_view, 12> broker{
        "broker.id",        "node.id",      "process.roles",       "log.dirs",
        "log.dir",          "listeners",    "zookeeper.connect",   "controller.quorum.voters",
        "num.partitions",   "log.retention.hours", "controller.listener.names", "advertised.listeners"};
    static const std::array<std::string_view, 5> connect{"config.storage.topic", "offset.storage.topic",
                                                         "offset.storage.file.filename", "plugin.path",
                                                         "key.converter"};
    static const std::array<std::string_view, 4> zookeeper{"dataDir", "clientPort", "tickTime", "initLimit"};
    static const std::array<std::string_view, 5> producer{"key.serializer", "value.serializer", "acks",
                                                          "enable.idempotence", "transactional.id"};
    static const std::array<std::string_view, 6> consumer{"group.id",        "key.deserializer",
                                                          "value.deserializer", "auto.offset.reset",
                                                          "max.poll.records", "enable.auto.commit"};
    auto has_any = [&](const auto& keys) {
        return std::any_of(doc.settings.begin(), doc.settings.end(), [&](const Setting& s) {
            return std::find(keys.begin(), keys.end(), s.key) != keys.end();
        });
    };
    known = true;
    if (has_any(connect)) {
        return FileKind::KafkaConnect;
    }
    if (has_any(zookeeper)) {
        return FileKind::ZooKeeper;
    }
    if (has_any(broker)) {
        return FileKind::KafkaBroker;
    }
    if (has_any(consumer)) {
        return FileKind::KafkaConsumer;
    }
    if (has_any(producer)) {
        return FileKind::KafkaProducer;
    }
    known = false;
    return FileKind::KafkaBroker;
}

std::optional<FileKind> properties_role_from_name(std::string name)
{
    name = to_lower(name);
    if (name.find("zookeeper") != std::string::npos) {
        return FileKind::ZooKeeper;
    }
    if (name.starts_with("connect-") || name.find("mirror-maker") != std::string::npos ||
        name.find("mirrormaker") != std::string::npos) {
        return FileKind::KafkaConnect;
    }
    if (name.find("producer") != std::string::npos) {
        return FileKind::KafkaProducer;
    }
    if (name.find("consumer") != std::string::npos) {
        return FileKind::KafkaConsumer;
    }
    for (const char* word : {"server", "broker", "controller", "kraft"}) {
        if (name.find(word) != std::string::npos) {
            return FileKind::KafkaBroker;
        }
    }
    return std::nullopt;
}

// First segments of Flink option keys, to tell a generic `config.yaml` from Flink's.
bool looks_like_flink(const Document& doc)
{
    static const std::set<std::string, std::less<>> roots{
        "jobmanager", "taskmanager", "parallelism", "state", "execution", "rest",
        "high-availability", "restart-strategy", "pipeline", "blob", "pekko", "akka",
        "classloader", "heartbeat", "slotmanager", "jobstore", "metrics", "env", "table"};
    std::size_t hits = 0;
    bool core = false;
    for (const Setting& s : doc.settings) {
        const std::string_view root = std::string_view(s.key).substr(0, s.key.find('.'));
        if (roots.contains(root)) {
            ++hits;
            core = core || root == "jobmanager" || root == "taskmanager" || root == "parallelism" ||
                   root == "state" || root == "execution" || root == "restart-strategy";
        }
    }
    return core && hits * 2 >= doc.settings.size();
}

}  // namespace

Syntax syntax_for_kind(FileKind kind, const std::string& path)
{
    switch (kind) {
    case FileKind::Flink: {
        const std::string name = to_lower(base_name(path));
        return name.starts_with("flink-conf") ? Syntax::FlinkLegacyYaml : Syntax::FlinkYaml;
    }
    case FileKind::ElasticsearchIndex: return Syntax::Json;
    case FileKind::Jvm: return Syntax::JvmOptions;
    default: return Syntax::Properties;
    }
}

namespace {

/// What a file is. Where telling needs a parse (a `.properties` without a role in its name, a
/// `config.yaml`) and `keep` is given, the parse is kept there, owning the text (moved out of
/// `text`), so the file is parsed once.
std::optional<Recognised> recognise_file(const std::string& path, std::string& text, std::optional<Document>* keep)
{
    const std::string name = base_name(path);
    const std::string lower = to_lower(name);
    // The parse made to tell the kind: it takes the text when it may keep it.
    const auto parse_to_tell = [&](FileKind kind, Syntax syntax, void (*parse)(Document&)) {
        Document doc = keep != nullptr ? Document(path, kind, syntax, std::move(text)) : Document(path, kind, syntax, text);
        parse(doc);
        return doc;
    };
    const auto decided = [&](Document& doc, std::optional<Recognised> what) {
        if (keep != nullptr) {
            if (what) {
                doc.kind = what->kind;
                *keep = std::move(doc);
            } else {
                text = std::move(doc.text);
            }
        }
        return what;
    };
    if (ends_with_ci(name, ".properties")) {
        if (auto role = properties_role_from_name(name)) {
            return Recognised{*role, Syntax::Properties};
        }
        Document doc = parse_to_tell(FileKind::KafkaBroker, Syntax::Properties, parse_properties);
        bool known = false;
        const FileKind kind = properties_role_from_keys(doc, known);
        return decided(doc, known ? std::optional<Recognised>(Recognised{kind, Syntax::Properties}) : std::nullopt);
    }
    if (lower.starts_with("flink-conf") && (ends_with_ci(name, ".yaml") || ends_with_ci(name, ".yml"))) {
        return Recognised{FileKind::Flink, Syntax::FlinkLegacyYaml};
    }
    if (lower == "config.yaml" || lower == "config.yml") {
        Document doc = parse_to_tell(FileKind::Flink, Syntax::FlinkYaml, parse_flink_yaml);
        return decided(doc, looks_like_flink(doc) ? std::optional<Recognised>(Recognised{FileKind::Flink, Syntax::FlinkYaml})
                                                  : std::nullopt);
    }
    if (lower == "jvm.options" || (ends_with_ci(name, ".options") && parent_name(path) == "jvm.options.d")) {
        return Recognised{FileKind::Jvm, Syntax::JvmOptions};
    }
    if (ends_with_ci(name, ".json") && es_json_shape_recognised(text)) {
        return Recognised{FileKind::ElasticsearchIndex, Syntax::Json};
    }
    return std::nullopt;
}

}  // namespace

std::optional<Recognised> recognise(const std::string& path, std::string_view text)
{
    std::string copy(text);
    if (auto what = recognise_file(path, copy, nullptr)) {
        return what;
    }
    if (const auto format = deployment_format(path, text, true)) {
        return Recognised{FileKind::KafkaBroker,
                          *format == DeploymentFormat::Compose ? Syntax::ComposeEnvironment : Syntax::KubernetesConfig,
                          *format};
    }
    return std::nullopt;
}

namespace {

// Directories never worth walking.
bool skipped_directory(std::string_view name)
{
    static const std::set<std::string, std::less<>> skip{".git", ".hg", ".svn", "node_modules", "__pycache__"};
    return skip.contains(name);
}

const RuleInfo& unreadable_rule()
{
    const Rule* r = find_rule("S003");
    return r->info();
}

Finding unreadable(const std::string& path, const std::string& why, bool too_large = false)
{
    Finding f;
    f.rule = unreadable_rule().id;
    f.name = unreadable_rule().name;
    f.severity = unreadable_rule().severity;
    f.file = path;
    f.whole_file = true;
    f.component = "file";
    f.message = too_large ? fmt::format("The file is not read: {}", why) : fmt::format("Cannot read the file: {}", why);
    return f;
}

/// "64 MiB", "1.5 GiB", "300 bytes".
std::string byte_size(std::uint64_t n)
{
    static constexpr std::array<const char*, 4> units{"KiB", "MiB", "GiB", "TiB"};
    if (n < 1024) {
        return fmt::format("{} bytes", n);
    }
    double v = static_cast<double>(n) / 1024;
    std::size_t u = 0;
    while (v >= 1024 && u + 1 < units.size()) {
        v /= 1024;
        ++u;
    }
    return v == static_cast<double>(static_cast<std::uint64_t>(v)) ? fmt::format("{} {}", static_cast<std::uint64_t>(v), units[u])
                                                                    : fmt::format("{:.1f} {}", v, units[u]);
}

// Reads a regular file without ever blocking on a FIFO: it is opened with O_NONBLOCK and checked
// with fstat before a byte is read. A file larger than `max_size` is not read (`too_large` set),
// and neither is the rest of one that grows past it while it is read.
std::optional<std::string> read_regular(const std::string& path, std::string& why, std::uint64_t max_size,
                                        bool& too_large)
{
    // What a file that is not a regular one is, in words.
    const auto not_regular = [](mode_t mode) -> std::string {
        if (S_ISDIR(mode)) {
            return "it is a directory";
        }
        const char* what = S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : (S_ISCHR(mode) || S_ISBLK(mode)) ? "a device" : nullptr;
        return what != nullptr ? fmt::format("it is not a regular file: it is {}", what) : "it is not a regular file";
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int error = errno;
        struct stat st {};
        // Opening a socket fails (ENXIO): say what it is rather than what open(2) says.
        why = ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) ? not_regular(st.st_mode) : std::strerror(error);
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        why = not_regular(st.st_mode);
        ::close(fd);
        return std::nullopt;
    }
    const auto too_big = [&](std::uint64_t size) {
        why = fmt::format("it is {}, larger than the limit of {} (`--max-file-size`)", byte_size(size),
                          byte_size(max_size));
        too_large = true;
        ::close(fd);
        return std::nullopt;
    };
    if (static_cast<std::uint64_t>(st.st_size) > max_size) {
        return too_big(static_cast<std::uint64_t>(st.st_size));
    }
    // Exactly the size fstat gave, and a probe for more through a small buffer, in one readv: growing
    // the string to look for the end left every file with capacity for half as much again (28 MB of
    // 40 on a thousand directories), and a second read(2) only to see the end cost a system call a
    // file. A short read once fstat's size is in is the end of a regular file.
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    std::array<char, 4096> probe{};
    while (true) {
        std::array<iovec, 2> iov{};
        int parts = 0;
        if (got < text.size()) {
            iov[parts++] = {text.data() + got, text.size() - got};
        }
        iov[parts++] = {probe.data(), probe.size()};
        const std::size_t asked = (parts == 2 ? iov[0].iov_len : 0) + probe.size();
        const ssize_t n = ::readv(fd, iov.data(), parts);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            why = std::strerror(errno);
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) {
            break;
        }
        const std::size_t into_text = std::min(static_cast<std::size_t>(n), text.size() - got);
        const std::size_t grown = static_cast<std::size_t>(n) - into_text;
        if (grown > 0) {  // the file grew while it was read
            if (text.size() + grown > max_size) {
                return too_big(text.size() + grown);
            }
            text.append(probe.data(), grown);
        }
        got += static_cast<std::size_t>(n);
        if (static_cast<std::size_t>(n) < asked && got >= static_cast<std::size_t>(st.st_size)) {
            break;
        }
    }
    ::close(fd);
    text.resize(got);
    if (text.size() > 0xFFFF'FFF0ULL) {
        why = "it is larger than 4 GiB";
        return std::nullopt;
    }
    return text;
}

/// The documents of a deployment file, and a parse error (S001) where its YAML does not parse.
void add_deployment_file(Discovery& out, const std::string& path, const std::string& text, DeploymentFormat format)
{
    DeploymentRead read = read_deployment(path, text, format);
    if (read.error) {
        out.problems.push_back(parse_error_finding(path, text, *read.error));
    }
    for (Document& doc : read.documents) {
        const Recognised what{doc.kind, doc.syntax, format};
        out.files.push_back({path, std::string(), what, std::move(doc)});
    }
}

/// Whether a file found under a directory may be a config file by its name: unrelated files are
/// never read.
bool maybe_config(const std::string& path)
{
    const std::string lower = to_lower(base_name(path));
    return ends_with_ci(lower, ".properties") || ends_with_ci(lower, ".yaml") || ends_with_ci(lower, ".yml") ||
           ends_with_ci(lower, ".json") || ends_with_ci(lower, ".options");
}

}  // namespace

std::string display_path(const std::string& path)
{
    // Most paths need only their leading "./" dropped: no "." or ".." component, no "//", no
    // trailing "/". (This runs for every file a walk finds; lexically_normal allocates a lot.)
    std::string_view v = path;
    while (v.starts_with("./")) {
        v.remove_prefix(2);
    }
    bool simple = !v.empty();
    for (std::size_t begin = 0; simple && begin <= v.size();) {
        const std::size_t end = std::min(v.find('/', begin), v.size());
        const std::string_view part = v.substr(begin, end - begin);
        simple = part != "." && part != ".." && (!part.empty() || begin == 0);
        begin = end + 1;
    }
    if (simple) {
        return std::string(v);
    }
    std::string s = fs::path(path).lexically_normal().string();
    if (s.starts_with("./") && s.size() > 2) {
        s = s.substr(2);
    }
    return s;
}

namespace {

/// Reads and recognises one candidate path into `out` (its files, or the problem that stopped it).
void discover_one(const std::string& path, bool named, std::optional<FileKind> forced, std::uint64_t max_file_size,
                  Discovery& out)
{
    std::string why;
    bool too_large = false;
    auto text = read_regular(path, why, max_file_size, too_large);
    if (!text) {
        out.problems.push_back(unreadable(display_path(path), why, too_large));
        return;
    }
    std::optional<Recognised> what;
    std::optional<Document> parsed;
    if (forced) {
        what = Recognised{*forced, syntax_for_kind(*forced, path)};
    } else {
        what = recognise_file(path, *text, &parsed);
    }
    if (!what && !forced) {
        // A docker-compose file or Kubernetes manifest: a document for each component it configures.
        if (const auto format = deployment_format(path, *text, named)) {
            add_deployment_file(out, display_path(path), *text, *format);
            return;
        }
    }
    if (!what) {
        if (named) {
            throw UsageError(fmt::format(
                "{}: cannot tell what kind of config this is; name it with --kind ({})", path,
                fmt::join(file_kind_names(), ", ")));
        }
        return;
    }
    out.files.push_back({display_path(path), std::move(*text), *what, std::move(parsed)});
}

}  // namespace

Finding parse_error_finding(const std::string& path, std::string_view text, const ParseNote& note)
{
    const Rule* rule = find_rule("S001");
    Finding f;
    f.rule = rule->info().id;
    f.name = rule->info().name;
    f.severity = rule->info().severity;
    f.file = path;
    f.range = note.range;
    f.position = LineIndex(text).position(note.range.begin);
    f.component = "file";
    f.message = note.message;
    return f;
}

namespace {

/// `dir`/`name`, as std::filesystem joins them (no second '/' after one that ends `dir`).
std::string join_path(const std::string& dir, std::string_view name)
{
    std::string out;
    out.reserve(dir.size() + 1 + name.size());
    out += dir;
    if (!dir.empty() && dir.back() != '/') {
        out += '/';
    }
    out += name;
    return out;
}

/// One directory's entries, as a walk takes them.
struct Listing {
    std::vector<std::string> subdirs;  // real directories to go into (joined paths), skipped ones left out
    std::vector<std::string> files;    // display paths of the files worth reading
    bool has_project = false;          // an entry named `.streamlint.yaml`
    bool opened = false;
    std::optional<std::string> error;  // why it could not be opened, or listed to the end
};

/// Lists `path` with open(2), getdents64(2) and close(2). std::filesystem's iterator made seven
/// system calls a directory (an fstat and two fcntl for fdopendir) and a path object for every entry:
/// on the 1000-directory benchmark, 5,000 directories, that was 15,000 calls more at a few
/// microseconds each on a virtual machine. A directory is gone into only when it is a real one (a
/// symbolic link to one is never followed: no loops; `path` itself is followed only when
/// `follow_link`, for the root of a walk); a file counts when it is a regular one or a symbolic link
/// to one (never a FIFO, socket or device, nor a dangling link). A directory we may not open lists
/// nothing and is no error.
Listing list_directory(const std::string& path, bool follow_link, bool forced)
{
    Listing out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow_link ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        if (errno != EACCES) {
            out.error = std::strerror(errno);
        }
        return out;
    }
    out.opened = true;
    alignas(struct dirent64) std::array<char, 32768> buffer;  // NOLINT: filled by getdents64
    while (true) {
        const ssize_t got = ::getdents64(fd, buffer.data(), buffer.size());
        if (got < 0) {
            out.error = std::strerror(errno);
            break;
        }
        if (got == 0) {
            break;
        }
        for (ssize_t at = 0; at < got;) {
            const auto* entry = reinterpret_cast<const struct dirent64*>(buffer.data() + at);
            at += entry->d_reclen;
            const std::string_view name = entry->d_name;
            if (name == "." || name == "..") {
                continue;
            }
            unsigned char type = entry->d_type;
            struct stat st {};
            if (type == DT_UNKNOWN) {  // some file systems do not say: ask, without following a link
                type = ::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? DT_UNKNOWN
                       : S_ISDIR(st.st_mode)                                    ? DT_DIR
                       : S_ISREG(st.st_mode)                                    ? DT_REG
                       : S_ISLNK(st.st_mode)                                    ? DT_LNK
                                                                                : DT_UNKNOWN;
            }
            if (type == DT_DIR) {
                if (!skipped_directory(name)) {
                    out.subdirs.push_back(join_path(path, name));
                }
                continue;
            }
            // The project file is read as such, never as a config (not even with --kind).
            if (name == ".streamlint.yaml") {
                out.has_project = true;
                continue;
            }
            const bool regular = type == DT_REG || (type == DT_LNK && ::fstatat(fd, entry->d_name, &st, 0) == 0 &&
                                                    S_ISREG(st.st_mode));
            if (regular) {
                std::string shown = display_path(join_path(path, name));
                if (forced || maybe_config(shown)) {
                    out.files.push_back(std::move(shown));
                }
            }
        }
    }
    ::close(fd);
    return out;
}

/// Everything under `dir` worth reading, into `found`; what cannot be walked into `problems`; the
/// directories listed with no `.streamlint.yaml` entry into `bare` (display paths; none when a listing
/// of the tree broke off: then no directory of this tree is vouched for).
void walk_tree(const std::string& dir, bool forced, std::vector<std::string>& found, std::vector<Finding>& problems,
               std::vector<std::string>& bare)
{
    std::vector<std::string> listed{dir};  // a directory that cannot be opened lists no file either
    std::vector<std::string> pending{dir};
    std::vector<std::string> with_project;
    while (!pending.empty()) {
        const std::string path = std::move(pending.back());
        pending.pop_back();
        // Below the root, a directory that turned into a link since it was listed is not followed
        // (ELOOP, a problem).
        Listing l = list_directory(path, path == dir, forced);
        if (l.error) {
            problems.push_back(unreadable(display_path(path), *l.error));
        }
        if (l.has_project) {
            with_project.push_back(path);
        }
        std::move(l.files.begin(), l.files.end(), std::back_inserter(found));
        for (std::string& sub : l.subdirs) {
            listed.push_back(sub);
            pending.push_back(std::move(sub));
        }
    }
    if (!problems.empty()) {
        return;
    }
    std::sort(with_project.begin(), with_project.end());
    for (const std::string& d : listed) {
        if (!std::binary_search(with_project.begin(), with_project.end(), d)) {
            bare.push_back(display_path(d));
        }
    }
}

}  // namespace

Candidates find_candidates(const std::vector<std::string>& paths, std::optional<FileKind> forced)
{
    Candidates out;
    std::vector<std::pair<std::string, bool>> candidates;  // path, named explicitly
    for (const std::string& named : paths) {
        std::error_code ec;
        const fs::file_status st = fs::status(named, ec);
        if (ec || st.type() == fs::file_type::not_found) {
            const fs::file_status lst = fs::symlink_status(named, ec);
            if (lst.type() == fs::file_type::symlink) {
                out.problems.push_back(unreadable(named, "it is a broken symbolic link"));
                continue;
            }
            throw UsageError(fmt::format("{}: no such file or directory", named));
        }
        if (st.type() != fs::file_type::directory) {
            candidates.emplace_back(named, true);
            continue;
        }
        // The directory's own entries here, then each subdirectory walked on a core of its own (a
        // walk is four system calls a directory: the 1000-directory benchmark spends 35 ms in it).
        Listing top = list_directory(named, true, forced.has_value());
        if (top.error && !top.opened) {
            out.problems.push_back(unreadable(named, *top.error));
            continue;
        }
        if (top.error) {
            out.problems.push_back(unreadable(display_path(named), *top.error));
        }
        std::vector<std::string> found = std::move(top.files);
        const std::vector<std::string>& subdirs = top.subdirs;
        // Not listed to the end: not vouched for.
        const bool has_project = top.has_project || top.error.has_value();
        if (!has_project) {
            out.bare_dirs.push_back(display_path(named));
        }
        std::vector<std::vector<std::string>> found_in(subdirs.size());
        std::vector<std::vector<Finding>> problems_in(subdirs.size());
        std::vector<std::vector<std::string>> bare_in(subdirs.size());
        run_parallel(subdirs.size(), [&](std::size_t k) {
            walk_tree(subdirs[k], forced.has_value(), found_in[k], problems_in[k], bare_in[k]);
        });
        for (std::size_t k = 0; k < subdirs.size(); ++k) {
            found.insert(found.end(), std::make_move_iterator(found_in[k].begin()),
                         std::make_move_iterator(found_in[k].end()));
            out.problems.insert(out.problems.end(), std::make_move_iterator(problems_in[k].begin()),
                                std::make_move_iterator(problems_in[k].end()));
            out.bare_dirs.insert(out.bare_dirs.end(), std::make_move_iterator(bare_in[k].begin()),
                                 std::make_move_iterator(bare_in[k].end()));
        }
        for (auto& f : found) {
            candidates.emplace_back(std::move(f), false);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end(),
                                 [](const auto& a, const auto& b) { return a.first == b.first; }),
                     candidates.end());
    out.paths.reserve(candidates.size());
    for (auto& [path, named] : candidates) {
        out.paths.push_back({std::move(path), named});
    }
    return out;
}

Discovery read_candidate(const Candidate& candidate, std::optional<FileKind> forced, std::uint64_t max_file_size)
{
    Discovery out;
    discover_one(candidate.path, candidate.named, forced, max_file_size, out);
    return out;
}

Discovery discover(const std::vector<std::string>& paths, std::optional<FileKind> forced, std::uint64_t max_file_size)
{
    Candidates candidates = find_candidates(paths, forced);
    Discovery out;
    out.problems = std::move(candidates.problems);
    // Each candidate is read and recognised on its own, on every core; the results are put together
    // in path order, and the first error in that order (a named file of no known kind) is thrown.
    auto parts = parallel_map<Discovery>(candidates.paths.size(), [&](std::size_t i) {
        return read_candidate(candidates.paths[i], forced, max_file_size);
    });
    for (Discovery& part : parts) {
        for (FoundFile& f : part.files) {
            out.files.push_back(std::move(f));
        }
        for (Finding& f : part.problems) {
            out.problems.push_back(std::move(f));
        }
    }
    return out;
}

Document parse_found(FoundFile&& file, int target_jdk)
{
    if (file.parsed && file.parsed->syntax == file.what.syntax && file.parsed->kind == file.what.kind) {
        Document doc = std::move(*file.parsed);  // parsed once already, to tell what it is
        doc.path = std::move(file.path);
        return doc;
    }
    Document doc(std::move(file.path), file.what.kind, file.what.syntax, std::move(file.text));
    switch (doc.syntax) {
    case Syntax::Properties: parse_properties(doc); break;
    case Syntax::FlinkLegacyYaml: parse_flink_legacy(doc); break;
    case Syntax::FlinkYaml: parse_flink_yaml(doc); break;
    case Syntax::Json: parse_es_json(doc); break;
    case Syntax::JvmOptions: parse_jvm_options(doc, target_jdk); break;
    default: break;  // a component of a deployment file: always found parsed (read_deployment)
    }
    return doc;
}

}  // namespace streamlint
