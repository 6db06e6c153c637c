// S rules: what stops a product reading a file, or makes it read something other than what is
// written. Most come straight from the parsers' notes; the parsers know what the product does.
#include <streamlint/edits.hpp>
#include <streamlint/rule.hpp>

#include <fmt/format.h>

namespace streamlint {

namespace {

/// A rule that reports every parser note of one kind.
class NoteRule final : public Rule {
public:
    using FixMaker = std::optional<Fix> (*)(const Document&, const ParseNote&);

    NoteRule(RuleInfo info, NoteKind kind, FixMaker fix = nullptr)
        : m_info(std::move(info)), m_kind(kind), m_fix(fix)
    {
    }

    const RuleInfo& info() const override { return m_info; }

    void check(const Document& doc, const RuleContext&, Emitter& out) const override
    {
        for (const ParseNote& note : doc.notes) {
            if (note.kind != m_kind) {
                continue;
            }
            Finding& f = out.emit(m_info, note.range, note.message);
            if (!note.key.empty()) {
                f.key = note.key;
            }
            if (m_fix) {
                f.fix = m_fix(doc, note);
            }
        }
    }

private:
    RuleInfo m_info;
    NoteKind m_kind;
    FixMaker m_fix;
};

/// A rule whose findings another stage produces (discovery, the suppression engine); registered
/// for its metadata.
class ReportedElsewhere final : public Rule {
public:
    explicit ReportedElsewhere(RuleInfo info) : m_info(std::move(info)) {}
    const RuleInfo& info() const override { return m_info; }
    void check(const Document&, const RuleContext&, Emitter&) const override {}

private:
    RuleInfo m_info;
};

/// S002: every setting that a later one with the same key replaces.
class DuplicateKey final : public Rule {
public:
    const RuleInfo& info() const override
    {
        static const RuleInfo info{
            "S002",
            "duplicate-key",
            {},
            Severity::Warning,
            "A key is set more than once; only the last value takes effect",
            FixAvailability::Sometimes,
            {"Finds a key (or JVM flag) that the same file sets again later. The product keeps the last value "
             "and silently drops the earlier one, so the earlier line is dead configuration.",
             "java.util.Properties, Flink's readers and the JVM all keep the last occurrence without a word. "
             "Whoever edits the first occurrence changes nothing, and a reviewer reading top-down sees a value "
             "that is not in force. In Elasticsearch bodies the short form (`number_of_shards`) overrides "
             "`index.number_of_shards` whatever the order.",
             "java.util.Properties.load (Hashtable.put: last wins); Flink GlobalConfiguration; HotSpot argument "
             "processing (last flag wins); Elasticsearch Settings.Builder.normalizePrefix",
             "num.io.threads=8\nlog.retention.hours=168\nnum.io.threads=16\n",
             "log.retention.hours=168\nnum.io.threads=16\n",
             "Deletes the overridden line. Safe when both lines set the same value (nothing the product sees "
             "changes); unsafe when the values differ, because the author may have meant the earlier value. Not "
             "offered in JSON bodies or where another setting shares the line."}};
        return info;
    }

    void check(const Document& doc, const RuleContext& ctx, Emitter& out) const override
    {
        for (const Setting& s : doc.settings) {
            if (s.inactive != Inactive::Overridden || s.overridden_by < 0 ||
                static_cast<std::size_t>(s.overridden_by) >= doc.settings.size()) {
                continue;
            }
            const Setting& winner = doc.settings[static_cast<std::size_t>(s.overridden_by)];
            const Position at = doc.position(winner.key_range.begin);
            const bool same = s.value == winner.value;
            std::string message =
                same ? fmt::format("`{}` is set again on line {} to the same value; this line has no effect", s.key,
                                   at.line)
                     : fmt::format("`{}` is set again on line {}: `{}` there replaces `{}` here", s.key, at.line,
                                   winner.value, s.value);
            Finding& f = out.emit(info(), s.key_range, std::move(message));
            f.key = s.key;
            f.current = s.value;
            if (ctx.details) {
                f.details = {
                    {"overridden_by", {{"line", at.line}, {"column", at.column}, {"value", winner.value}}}};
            }
            if (auto edit = delete_setting(doc, s)) {
                f.fix = Fix{same ? Applicability::Safe : Applicability::Unsafe,
                            fmt::format("Remove the overridden `{}` line", s.key),
                            {*edit}};
            }
        }
    }
};

std::string escape_codepoint(std::uint32_t cp)
{
    if (cp < 0x10000) {
        return fmt::format("\\u{:04x}", cp);
    }
    cp -= 0x10000;
    return fmt::format("\\u{:04x}\\u{:04x}", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
}

/// S011's fix: the UTF-8 bytes written as \uXXXX escapes, which every Properties reader decodes the same.
std::optional<Fix> escape_non_latin1(const Document& doc, const ParseNote& note)
{
    const std::string_view bytes = doc.slice(note.range);
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (c < 0x80 || len == 1 || i + len > bytes.size()) {
            return std::nullopt;  // not valid UTF-8: no way to know what was meant
        }
        std::uint32_t cp = c & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(bytes[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return std::nullopt;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        out += escape_codepoint(cp);
        i += len;
    }
    return Fix{Applicability::Unsafe, "Write the characters as \\uXXXX escapes", {Edit{note.range, out}}};
}

/// S010's fix: delete the byte order mark.
std::optional<Fix> remove_bom(const Document& doc, const ParseNote& /*note*/)
{
    if (!doc.text.starts_with("\xEF\xBB\xBF")) {
        return std::nullopt;
    }
    return Fix{Applicability::Unsafe, "Remove the byte order mark", {Edit{{0, 3}, ""}}};
}

/// S012's fix: double the backslash so the product keeps it.
std::optional<Fix> double_backslash(const Document& doc, const ParseNote& note)
{
    if (doc.slice({note.range.begin, note.range.begin + 1}) != "\\") {
        return std::nullopt;
    }
    return Fix{Applicability::Unsafe, "Escape the backslash as `\\\\`",
               {Edit{{note.range.begin, note.range.begin}, "\\"}}};
}

}  // namespace

void register_syntax_rules(std::vector<std::unique_ptr<Rule>>& out)
{
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S001",
                 "parse-error",
                 {},
                 Severity::Error,
                 "The product cannot read this file or rejects this line",
                 FixAvailability::None,
                 {"Reports what would stop the product loading the file: a malformed `\\uXXXX` escape in a "
                  ".properties file, invalid YAML in config.yaml, invalid JSON in an index body, an invalid "
                  "line in jvm.options.",
                  "Kafka throws on a malformed escape, Flink 1.19+/2.x aborts start-up on invalid YAML, "
                  "Elasticsearch rejects the request body, and the Elasticsearch launcher refuses to start on "
                  "any invalid jvm.options line. An unrendered template placeholder is the usual cause.",
                  "java.util.Properties.loadConvert; Flink GlobalConfiguration.loadYAMLResource; Elasticsearch "
                  "JvmOptionsParser and its JSON parser",
                  "ssl.key.password=pa\\u00zzword\n",
                  "ssl.key.password=pa\\u00e4ssword\n",
                  ""}},
        NoteKind::SyntaxError));
    out.push_back(std::make_unique<DuplicateKey>());
    out.push_back(std::make_unique<ReportedElsewhere>(RuleInfo{
        "S003",
        "unreadable-file",
        {},
        Severity::Error,
        "A config file cannot be read",
        FixAvailability::None,
        {"Reports a file that looks like a config file (by its name, or because it was named on the command "
         "line) but cannot be read: permissions, a broken symbolic link, a FIFO or device, an I/O error; or that "
         "is larger than the size limit (64 MiB unless `--max-file-size` or the project file's `max-file-size` "
         "says otherwise), so it is not read at all.",
         "A config that cannot be read cannot be checked; the product may not be able to read it either. The "
         "other files are still linted.",
         "streamlint",
         "(a server.properties with mode 000)",
         "(a server.properties the linting user can read)",
         ""}}));
    out.push_back(std::make_unique<ReportedElsewhere>(RuleInfo{
        "S004",
        "unused-suppression",
        {},
        Severity::Info,
        "A suppression comment silences nothing",
        FixAvailability::None,
        {"Reports a `# streamlint: disable=RULE` or `disable-file=RULE` comment for a rule that reports "
         "nothing where the comment applies, or that does not exist.",
         "A stale suppression hides the next real finding of that rule at that place and misleads readers "
         "about what is wrong with the line.",
         "ruff RUF100, pylint useless-suppression",
         "# streamlint: disable=S002\nnum.io.threads=16\n",
         "num.io.threads=16\n",
         ""}}));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S010",
                 "bom-in-key",
                 {FileKind::KafkaBroker, FileKind::KafkaProducer, FileKind::KafkaConsumer, FileKind::KafkaConnect,
                  FileKind::ZooKeeper, FileKind::Flink},
                 Severity::Error,
                 "A UTF-8 byte order mark becomes part of the first key",
                 FixAvailability::Always,
                 {"Finds a UTF-8 byte order mark at the start of a file whose reader does not strip it.",
                  "Kafka loads .properties files as ISO-8859-1, so the three BOM bytes become the characters "
                  "`ï»¿` at the front of the first key: `ï»¿broker.id` is an unknown key and `broker.id` is "
                  "silently unset. Editors on Windows add the mark without showing it.",
                  "java.util.Properties.load(InputStream) decodes ISO-8859-1; Kafka Utils.loadProps",
                  "\xEF\xBB\xBF" "broker.id=1\n",
                  "broker.id=1\n",
                  "Deletes the three BOM bytes. Unsafe: the first key starts to take effect, which is what the "
                  "author meant but changes what the product does."}},
        NoteKind::Utf8Bom, &remove_bom));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S011",
                 "non-latin1-bytes",
                 {FileKind::KafkaBroker, FileKind::KafkaProducer, FileKind::KafkaConsumer, FileKind::KafkaConnect,
                  FileKind::ZooKeeper},
                 Severity::Warning,
                 "Non-ASCII bytes in a .properties file are read as ISO-8859-1",
                 FixAvailability::Sometimes,
                 {"Finds bytes above 0x7F in keys and values of a .properties file.",
                  "Kafka reads .properties files as ISO-8859-1: each UTF-8 byte becomes its own character, so "
                  "`é` (C3 A9) arrives as `Ã©`. Passwords, SASL JAAS texts and paths with such characters do "
                  "not match what the author typed.",
                  "java.util.Properties.load(InputStream) decodes ISO-8859-1; Kafka Utils.loadProps",
                  "ssl.keystore.password=pässword\n",
                  "ssl.keystore.password=p\\u00e4ssword\n",
                  "Rewrites the characters as `\\uXXXX` escapes, which Java decodes to what was typed. Unsafe: "
                  "the value the product sees changes (to the intended one). Offered only for valid UTF-8."}},
        NoteKind::NonLatin1, &escape_non_latin1));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S012",
                 "dropped-backslash",
                 {FileKind::KafkaBroker, FileKind::KafkaProducer, FileKind::KafkaConsumer, FileKind::KafkaConnect,
                  FileKind::ZooKeeper},
                 Severity::Warning,
                 "A backslash that starts no escape is silently dropped",
                 FixAvailability::Always,
                 {"Finds a backslash before a character that has no escape meaning in a .properties file.",
                  "java.util.Properties drops such a backslash: the Windows path `C:\\data\\kafka` is read as "
                  "`C:datakafka`, and a regular expression loses its escapes.",
                  "java.util.Properties.load: an unknown escape `\\c` reads as `c`",
                  "log.dirs=C:\\kafka\\logs\n",
                  "log.dirs=C:\\\\kafka\\\\logs\n",
                  "Doubles the backslash so Java reads one. Unsafe: the value the product sees changes."}},
        NoteKind::InvalidEscape, &double_backslash));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S020",
                 "hash-truncates-value",
                 {FileKind::Flink},
                 Severity::Error,
                 "A `#` inside a flink-conf.yaml value cuts the value there",
                 FixAvailability::None,
                 {"Finds a `#` inside a value of a legacy flink-conf.yaml: in a password, a URL fragment, or "
                  "inside quotes.",
                  "Flink 1.x's flink-conf.yaml reader cuts every line at its first `#`, wherever it stands, so "
                  "`password: abc#123` sets the password to `abc`. Quoting does not help; a value with `#` needs "
                  "config.yaml (Flink 1.19+), where YAML quoting works.",
                  "Flink GlobalConfiguration.loadLegacyYAMLResource (reference/flink/memory-model.md §7)",
                  "security.ssl.keystore-password: abc#123\n",
                  "security.ssl.keystore-password: abc-123\n",
                  ""}},
        NoteKind::HashTruncatesValue));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S021",
                 "line-skipped",
                 {FileKind::Flink},
                 Severity::Error,
                 "Flink skips this flink-conf.yaml line",
                 FixAvailability::None,
                 {"Finds a flink-conf.yaml line that Flink 1.x does not read as a setting: `key:value` without a "
                  "space after the colon, a key with an empty value, a line with no `: ` at all.",
                  "Flink logs a warning nobody reads and goes on without the setting.",
                  "Flink GlobalConfiguration.loadLegacyYAMLResource (reference/flink/memory-model.md §7)",
                  "taskmanager.numberOfTaskSlots:4\n",
                  "taskmanager.numberOfTaskSlots: 4\n",
                  ""}},
        NoteKind::LineSkipped));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S022",
                 "quotes-kept",
                 {FileKind::Flink},
                 Severity::Error,
                 "Flink keeps the quotes around a flink-conf.yaml value",
                 FixAvailability::None,
                 {"Finds a quoted value in a legacy flink-conf.yaml.",
                  "The legacy reader does not remove quotes: `\"4096m\"` is not a memory size, `\"region\"` is "
                  "not a failover strategy, and a quoted path has quote characters in it.",
                  "Flink GlobalConfiguration.loadLegacyYAMLResource (reference/flink/memory-model.md §7)",
                  "jobmanager.execution.failover-strategy: \"region\"\n",
                  "jobmanager.execution.failover-strategy: region\n",
                  ""}},
        NoteKind::QuotesKept));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S023",
                 "nested-block-misread",
                 {FileKind::Flink},
                 Severity::Error,
                 "Flink 1.x reads a nested flink-conf.yaml block without its parent keys",
                 FixAvailability::None,
                 {"Finds YAML nesting (an indented block under a `section:` line) in a legacy flink-conf.yaml.",
                  "The legacy reader ignores indentation: `taskmanager:` followed by `  numberOfTaskSlots: 4` "
                  "sets an unknown key `numberOfTaskSlots`, and `taskmanager.numberOfTaskSlots` stays at its "
                  "default. Nested YAML needs config.yaml (Flink 1.19+).",
                  "Flink GlobalConfiguration.loadLegacyYAMLResource (reference/flink/memory-model.md §7)",
                  "taskmanager:\n  numberOfTaskSlots: 4\n",
                  "taskmanager.numberOfTaskSlots: 4\n",
                  ""}},
        NoteKind::NestedBlockMisread));
    out.push_back(std::make_unique<NoteRule>(
        RuleInfo{"S030",
                 "trailing-whitespace",
                 {FileKind::Jvm},
                 Severity::Warning,
                 "Trailing whitespace or a trailing comment becomes part of the option",
                 FixAvailability::None,
                 {"Finds whitespace, or a would-be comment, at the end of a jvm.options line whose option the "
                  "JVM accepts with the extra text (where the JVM refuses it, the line is a parse error, S001).",
                  "The Elasticsearch launcher passes the rest of the line to the JVM as one argument: "
                  "`-XX:HeapDumpPath=data # dumps` writes heap dumps to a directory called `data # dumps`.",
                  "Elasticsearch JvmOptionsParser (reference/elasticsearch/jvm-options-format.md §2)",
                  "-XX:HeapDumpPath=/var/dumps  \n",
                  "-XX:HeapDumpPath=/var/dumps\n",
                  ""}},
        NoteKind::TrailingWhitespace));
}

}  // namespace streamlint
