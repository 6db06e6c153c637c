// Hostile inputs, end to end: each is built in a temporary directory next to an ordinary config
// with a known finding, and the real binary is run over the directory (and, where it matters, with
// the hostile file named). Every run must end in bounded time (`timeout 60`), with exit status 0 or 1
// (2 only where the spec says so: an invalid project file or rule pack, a bad option), the ordinary
// file's finding must still be reported, and the hostile file must have a clear finding or be
// skipped: never a crash, a hang or an internal error.
#include "run.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace sltest;
namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int k_million = 200000;  // a sanitized binary is some ten times slower: the same shapes, smaller
#else
constexpr int k_million = 1000000;
#endif

constexpr const char* k_normal = "kafka/server.properties";
constexpr const char* k_normal_finding = "kafka/server.properties:1:1: warning[S002]";

/// A directory with one ordinary broker config whose first line is a duplicate key (S002).
struct Tree {
    TempDir dir;
    Tree() { dir.write(k_normal, "num.io.threads=16\nnum.io.threads=16\n"); }
    [[nodiscard]] std::string path(const std::string& rel) const { return (dir.path() / rel).string(); }
    void write(const std::string& rel, const std::string& text) const { (void)dir.write(rel, text); }
};

/// streamlint with `args` in the tree, killed after 60 s (exit status 124 then).
Run lint(const Tree& t, const std::string& args)
{
    return shell("timeout 60 " + quote(SL_BINARY) + " " + args, t.dir.str());
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// Exit 0 or 1, nothing on stderr that looks like a crash, the ordinary finding reported.
void expect_linted(const Run& r)
{
    INFO("exit " << r.status << "\nstdout (head): " << r.out.substr(0, 2000) << "\nstderr: " << r.err.substr(0, 2000));
    CHECK((r.status == 0 || r.status == 1));
    CHECK_FALSE(contains(r.err, "internal error"));
    CHECK_FALSE(contains(r.err, "Sanitizer"));
    CHECK(contains(r.out, k_normal_finding));
}

/// A clear S001 (or other) finding on `file` in the report.
void expect_finding(const Run& r, const std::string& file, const std::string& rule, const std::string& words = "")
{
    INFO("looking for " << rule << " on " << file << " with `" << words << "` in:\n" << r.out.substr(0, 4000));
    bool found = false;
    std::size_t pos = 0;
    while (!found && pos < r.out.size()) {
        const std::size_t end = std::min(r.out.find('\n', pos), r.out.size());
        const std::string line = r.out.substr(pos, end - pos);
        found = line.starts_with(file + ":") && contains(line, "[" + rule + "]") && contains(line, words);
        pos = end + 1;
    }
    CHECK(found);
}

std::string repeat(const std::string& s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

}  // namespace

TEST_CASE("hostile: YAML nested thousands deep, block and flow")
{
    Tree t;
    std::string block = "taskmanager.numberOfTaskSlots: 4\nparallelism.default: 2\nstate:\n";
    for (int i = 1; i < 5000; ++i) {
        block += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k" + std::to_string(i) + ":\n";
    }
    t.write("block/config.yaml", block);
    t.write("flow/config.yaml", "taskmanager.numberOfTaskSlots: 4\nparallelism.default: " + repeat("[", 200000) + "\n");
    t.write("flowmap/config.yaml", "taskmanager.numberOfTaskSlots: 4\nparallelism.default: " + repeat("{a: ", 200000) + "\n");
    t.write("legacy/flink-conf.yaml", "taskmanager.numberOfTaskSlots: " + repeat("[", 200000) + "\n" + block);
    const Run r = lint(t, "check .");
    expect_linted(r);
    expect_finding(r, "block/config.yaml", "S001", "Nesting deeper than 256 levels");
    expect_finding(r, "flow/config.yaml", "S001", "Nesting deeper than 256 levels");
    expect_finding(r, "flowmap/config.yaml", "S001", "Nesting deeper than 256 levels");
    CHECK(r.status == 1);
}

TEST_CASE("hostile: YAML alias bomb")
{
    Tree t;
    std::string bomb = "taskmanager.numberOfTaskSlots: 4\nparallelism.default: 2\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 12; ++i) {
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k) {
            bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
        }
        bomb += "]\n";
    }
    t.write("flink/config.yaml", bomb);
    Run r = lint(t, "check .");
    expect_linted(r);  // walking, its keys are not Flink's enough: skipped
    r = lint(t, "check --kind flink flink/config.yaml");  // named as Flink's, it is read: the expansion is metered
    CHECK(r.status == 1);
    expect_finding(r, "flink/config.yaml", "S001", "alias");
}

TEST_CASE("hostile: a deep or bomb-laden project file or rule pack is a clear exit 2")
{
    Tree t;
    t.write("rules/deep.yaml", "pack: p\nrules:\n" + repeat("- ", 1) + repeat("[", 100000) + "\n");
    Run r = lint(t, "check --rules rules .");
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(contains(r.err, "rules/deep.yaml:3: the YAML nests deeper than 64 levels"));

    Tree p;
    p.write(".streamlint.yaml", "select: " + repeat("[", 200000) + "\n");
    r = lint(p, "check .");
    CHECK(r.status == 2);
    CHECK(contains(r.err, ".streamlint.yaml:1: the YAML nests deeper than 64 levels"));

    Tree b;
    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 12; ++i) {
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" +
                repeat("*a" + std::to_string(i - 1) + ", ", 9) + "*a" + std::to_string(i - 1) + "]\n";
    }
    b.write(".streamlint.yaml", "select: *a11\n" + bomb);
    r = lint(b, "check .");
    CHECK(r.status == 2);
    CHECK(contains(r.err, ".streamlint.yaml"));
    CHECK_FALSE(contains(r.err, "internal error"));
}

TEST_CASE("hostile: JSON nested 200000 deep")
{
    Tree t;
    t.write("es/index.json", "{\"settings\": {\"index\": " + repeat("{\"a\": ", 200000) + "1" + repeat("}", 200000) + "}}\n");
    t.write("es/array.json", "{\"settings\": {\"index\": {\"a\": " + repeat("[", 200000) + "}}}\n");
    Run r = lint(t, "check .");
    expect_linted(r);
    // Named with its kind, it is read and stops at the depth limit.
    r = lint(t, "check --kind elasticsearch-index es/index.json es/array.json");
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    expect_finding(r, "es/index.json", "S001", "512");
    expect_finding(r, "es/array.json", "S001", "512");
}

TEST_CASE("hostile: a 50 MB line in every format")
{
    const std::string big(50U << 20, 'x');
    const std::vector<std::pair<std::string, std::string>> files{
        {"p/producer.properties", "acks=all\nbatch.size=" + big + "\n"},
        {"f/flink-conf.yaml", "taskmanager.numberOfTaskSlots: " + big + "\n"},
        {"y/config.yaml", "taskmanager.numberOfTaskSlots: 4\nparallelism.default: " + big + "\n"},
        {"e/index.json", "{\"settings\": {\"index.refresh_interval\": \"" + big + "\"}}\n"},
        {"j/jvm.options", "-Xms" + big + "\n"},
    };
    for (const auto& [name, text] : files) {  // one run each: each gets its own time limit
        Tree t;
        t.write(name, text);
        const Run r = lint(t, "check .");
        INFO(name);
        expect_linted(r);
        CHECK(contains(r.out, name + ":"));
    }
}

TEST_CASE("hostile: NUL bytes and invalid UTF-8")
{
    Tree t;
    const std::string nul("\0", 1);
    const std::string bad = "\xC3\x28\xFF\xFE\xED\xA0\x80\xF8";
    t.write("p/producer.properties", "acks=" + nul + "all\nbatch." + nul + "size=1" + bad + "\nlinger.ms=5\n");
    t.write("f/flink-conf.yaml", "taskmanager.numberOfTaskSlots: 4" + nul + "\nparallelism.default: " + bad + "\n");
    t.write("y/config.yaml", "taskmanager.numberOfTaskSlots: 4\nparallelism.default: 2" + nul + "\n");
    t.write("u/config.yaml", "taskmanager.numberOfTaskSlots: 4\nparallelism.default: " + bad + "\n");
    t.write("e/index.json", "{\"settings\": {\"index.refresh_interval\": \"1s" + nul + bad + "\"}}\n");
    t.write("j/jvm.options", "-Xms1g" + nul + "\n-Dx=" + bad + "\n");
    // yaml-cpp reads documents without end after some bytes that are not UTF-8 (found by fuzzing).
    t.write("d/docker-compose.yml", "services:\n  kafka:\n    image: apache/kafka:3.9.0\n    environment:\n"
                                    "      KAFKA_NODE_ID: 1\n   \xAD   KAFKA_LOG_DIRS: '/tmp/logs'\n");
    const Run r = lint(t, "check .");
    expect_linted(r);
    expect_finding(r, "y/config.yaml", "S001", "U+0000");
    expect_finding(r, "u/config.yaml", "S001", "UTF-8");
    expect_finding(r, "j/jvm.options", "S001");
}

TEST_CASE("hostile: FIFOs and sockets are never opened")
{
    Tree t;
    fs::create_directories(t.dir.path() / "k");
    REQUIRE(::mkfifo(t.path("k/consumer.properties").c_str(), 0644) == 0);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string sock = t.path("k/producer.properties");
    REQUIRE(sock.size() < sizeof(addr.sun_path));
    std::copy(sock.begin(), sock.end(), addr.sun_path);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);

    Run r = lint(t, "check .");
    expect_linted(r);
    CHECK_FALSE(contains(r.out, "k/consumer.properties"));  // walking: not a regular file, skipped

    // Named, each is a clear finding (and the read never blocks on the FIFO).
    r = lint(t, "check . k/consumer.properties k/producer.properties");
    expect_linted(r);
    expect_finding(r, "k/consumer.properties", "S003", "not a regular file: it is a FIFO");
    expect_finding(r, "k/producer.properties", "S003", "not a regular file: it is a socket");
    ::close(fd);
}

TEST_CASE("hostile: symbolic link loops, dangling links, a directory named like a config")
{
    Tree t;
    fs::create_directories(t.dir.path() / "loops");
    fs::create_directory_symlink(".", t.dir.path() / "loops/self");
    fs::create_directory_symlink("..", t.dir.path() / "loops/up");
    fs::create_symlink("b.properties", t.dir.path() / "loops/a.properties");
    fs::create_symlink("a.properties", t.dir.path() / "loops/b.properties");
    fs::create_symlink("missing.options", t.dir.path() / "loops/jvm.options");
    fs::create_directories(t.dir.path() / "conf/server.properties");
    t.write("conf/server.properties/producer.properties", "acks=all\nacks=all\n");

    Run r = lint(t, "check .");
    expect_linted(r);
    expect_finding(r, "conf/server.properties/producer.properties", "S002");
    CHECK_FALSE(contains(r.out, "loops/self"));

    r = lint(t, "check . loops/a.properties loops/jvm.options conf/server.properties");
    expect_linted(r);
    expect_finding(r, "loops/a.properties", "S003");
    expect_finding(r, "loops/jvm.options", "S003", "broken symbolic link");
    expect_finding(r, "conf/server.properties/producer.properties", "S002");
}

TEST_CASE("hostile: unreadable files")
{
    Tree t;
    t.write("locked/producer.properties", "acks=all\n");
    fs::permissions(t.dir.path() / "locked/producer.properties", fs::perms::none);
    const Run r = lint(t, "check .");
    expect_linted(r);
    if (::geteuid() != 0) {  // root reads whatever the permission bits say
        expect_finding(r, "locked/producer.properties", "S003", "Permission denied");
    }
}

TEST_CASE("hostile: a million lines")
{
    Tree t;
    std::string lines;
    lines.reserve(30U << 20);
    for (int i = 0; i < k_million; ++i) {
        lines += "custom.setting.number" + std::to_string(i) + "=" + std::to_string(i) + "\n";
    }
    t.write("big/consumer.properties", "group.id=g\n" + lines);
    std::string directives;
    for (int i = 0; i < k_million; ++i) {
        directives += "# streamlint: disable=S002\n";
    }
    t.write("sup/producer.properties", directives + "acks=all\n");
    std::string comments(static_cast<std::size_t>(k_million) * 2, '\n');
    for (std::size_t i = 0; i < comments.size(); i += 2) {
        comments[i] = '#';
    }
    t.write("cmt/jvm.options", comments + "-Xms1g\n-Xms1g\n");
    for (const std::string dir : {"big", "sup", "cmt"}) {  // one run each: each gets its own time limit
        const Run r = lint(t, "check kafka " + dir);
        INFO(dir);
        expect_linted(r);
        if (dir == "sup") {
            expect_finding(r, "sup/producer.properties", "S004");
        } else if (dir == "cmt") {
            expect_finding(r, "cmt/jvm.options", "S002");
        }
    }
}

TEST_CASE("hostile: empty files")
{
    Tree t;
    t.write("e/producer.properties", "");
    t.write("e/flink-conf.yaml", "");
    t.write("e/config.yaml", "");
    t.write("e/jvm.options", "");
    t.write("e/index.json", "");
    Run r = lint(t, "check .");
    expect_linted(r);
    r = lint(t, "check . e/producer.properties e/flink-conf.yaml e/jvm.options");
    expect_linted(r);
}

TEST_CASE("hostile: files over the size limit are a finding, not read")
{
    Tree t;
    t.write("small/producer.properties", "acks=all\n" + std::string(3000, '#') + "\n");
    t.write("huge/consumer.properties", "");
    fs::resize_file(t.path("huge/consumer.properties"), 100U << 20);  // sparse: nothing is written
    Run r = lint(t, "check .");
    expect_linted(r);
    expect_finding(r, "huge/consumer.properties", "S003", "it is 100 MiB, larger than the limit of 64 MiB");

    r = lint(t, "check --max-file-size 2k .");
    expect_linted(r);
    expect_finding(r, "small/producer.properties", "S003", "larger than the limit of 2 KiB");

    t.write(".streamlint.yaml", "max-file-size: 2k\n");
    r = lint(t, "check .");
    expect_linted(r);
    expect_finding(r, "small/producer.properties", "S003", "larger than the limit of 2 KiB");

    r = lint(t, "check --max-file-size lots .");
    CHECK(r.status == 2);
    CHECK(contains(r.err, "--max-file-size"));
}

TEST_CASE("hostile: a fix that cannot settle its finding is not applied again and again")
{
    // JSON read as Flink's config.yaml does not parse; a setting the fix adds at the end lies past
    // the error, where Flink never reads it, so the finding stays (found by fuzzing: every pass added
    // the same line again, ten times).
    Tree t;
    const std::string text = "\n  \"settings\": {\n    \"number_of_shards\": 3\n  }\n}\n";
    t.write("flink/config.yaml", text);
    const Run r = lint(t, "check --kind flink --fix --unsafe-fixes flink/config.yaml");
    CHECK((r.status == 0 || r.status == 1));
    CHECK(read_file(t.path("flink/config.yaml")) == text);
    CHECK(contains(r.out, "the finding would remain after it"));
}
