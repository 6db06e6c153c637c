// Elasticsearch-style jvm.options files and JAVA_OPTS-style option strings.
//
// Two products read these lines and each can refuse them:
//
//  1. The Elasticsearch launcher (JvmOptionsParser) reads the file as UTF-8, one natural line at a
//     time ("\n", "\r\n" or a lone "\r"). A line is a comment when '#' is its very first character,
//     ignored when it is empty or made only of Java `\s` characters (space, \t, \v, \f), and
//     otherwise must match `((\d+)(-)?(\d+)?:)?(-.*)` as a whole. Anything else is an invalid line:
//     the launcher collects every invalid line of the file, prints them and exits without starting
//     the node. A matching line whose version range excludes the running JDK is skipped.
//  2. The JVM gets the rest of the line, unchanged, as ONE argument: no trailing comments, and
//     trailing whitespace stays part of the option. Whether the JVM then refuses the argument depends
//     on where the whitespace falls (checked with a real JDK 17, see judge_whitespace()).
//
// Conventions of the Settings produced here (the rules stage relies on them):
//  - key: normalised so options that set the same thing compare equal: `-XX:+Name`/`-XX:-Name`/
//    `-XX:Name=v` -> `-XX:Name`; `-Xms8g` -> `-Xms`; `-Xlog:...` -> `-Xlog`; `-Dname=v` -> `-Dname`;
//    `--add-opens=v` -> `--add-opens`; other options up to their `=` (`--x=v`) or `:`/`=` (`-x:v`).
//  - value: the text after the separator ("true"/"false" for -XX booleans, "" when there is none).
//  - key_range: from the leading '-' through the name, the +/- sign of a -XX boolean included (so a
//    fix can rename or flip the flag in one edit). value_range: the value text; for a -XX boolean
//    the sign character; an empty range right after the name when there is no value.
//  - line_range: the whole line content, version prefix and trailing blanks included.
//  - condition: the version prefix exactly as written, colon included (`8-13:`, `17-:`, `11:`), or
//    empty. A prefix that excludes the target JDK makes the setting Inactive::OtherVersion.
//  - When the JVM refuses an option because of whitespace (a SyntaxError note is raised), key and
//    value are those of the option without the offending tail, so the rules stage still sees what
//    was meant. When the JVM accepts it, the value keeps the tail, as the JVM does.
//  - Notes about what the JVM does with an option (whitespace, NUL bytes) are only raised for options
//    that reach the JVM: a line for another JDK version is never handed to it.
//  - Keys and values are what Java sees after UTF-8 decoding: an invalid byte sequence becomes U+FFFD.
#include <streamlint/parse.hpp>
#include <streamlint/text.hpp>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamlint {

namespace {

using Offset = std::uint32_t;

constexpr std::size_t k_excerpt_max = 60;  // longest piece of file text quoted in a message

/// Java's regex `\s` without UNICODE_CHARACTER_CLASS: what both `line.matches("\\s*")` and
/// `split("\\s+")` treat as whitespace.
constexpr bool is_java_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

constexpr bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/// The text as Java reads it through a UTF-8 InputStreamReader: valid sequences are kept, each
/// malformed one becomes U+FFFD (one replacement per maximal ill-formed subpart, as Java does).
std::string java_decoded(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the longest run of valid sequences in one go (the whole text, usually).
        std::size_t run_end = i;
        while (run_end < s.size()) {
            const std::size_t len = utf8_sequence_length(s, run_end);
            if (len == 0) {
                break;
            }
            run_end += len;
        }
        out.append(s.substr(i, run_end - i));
        i = run_end;
        if (i >= s.size()) {
            break;
        }
        out.append("\xEF\xBF\xBD");
        // Swallow the continuation bytes that still fit the broken sequence started at i.
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t want = c >= 0xF0 && c <= 0xF4   ? 3
                           : c >= 0xE0 && c <= 0xEF ? 2
                           : c >= 0xC2 && c <= 0xDF ? 1
                                                    : 0;
        ++i;
        if (want > 0 && i < s.size()) {
            // The second byte has the tighter ranges; a byte outside them is not swallowed.
            const auto second = static_cast<unsigned char>(s[i]);
            const bool ok = is_cont(second) && !(c == 0xE0 && second < 0xA0) &&
                            !(c == 0xED && second > 0x9F) && !(c == 0xF0 && second < 0x90) &&
                            !(c == 0xF4 && second > 0x8F);
            if (ok) {
                ++i;
                --want;
                while (want > 0 && i < s.size() && is_cont(static_cast<unsigned char>(s[i]))) {
                    ++i;
                    --want;
                }
            }
        }
    }
    return out;
}

/// A short, printable, valid-UTF-8 excerpt of file text for a message.
std::string excerpt(std::string_view s)
{
    std::string out;
    std::size_t i = 0;
    while (i < s.size() && out.size() < k_excerpt_max) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0 || c < 0x20 || c == 0x7F) {
            out.push_back(c == '\t' ? ' ' : '?');
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    if (i < s.size()) {
        out.append("...");
    }
    return out;
}

std::string quoted(std::string_view s)
{
    return "'" + excerpt(s) + "'";
}

ByteRange shifted(ByteRange r, Offset by)
{
    return {r.begin + by, r.end + by};
}

// --- one option: key/value normalisation -------------------------------------------------------

/// A JVM option split into key and value. Ranges are relative to the option's first byte.
struct OptionParts {
    std::string key;
    std::string value;
    ByteRange key_range;
    ByteRange value_range;
    bool cumulative = false;
};

/// -XX flags of HotSpot type `ccstrlist`: repeating them appends to the list (checked with
/// -XX:+PrintFlagsFinal on JDK 17: `OnError = echo a` then `OnError += echo b`).
constexpr std::string_view k_list_flags[] = {"AOTLibrary",       "CompileCommand",     "CompileOnly",
                                             "ControlIntrinsic", "DeoptimizeOnlyAt",   "DisableIntrinsic",
                                             "OnError",          "OnOutOfMemoryError", "SuppressErrorAt",
                                             "VerifyGCType",     "VerifySubSet"};

/// Options that may be given several times, each occurrence adding to the others.
constexpr std::string_view k_cumulative_keys[] = {"-Xlog",
                                                  "-javaagent",
                                                  "-agentlib",
                                                  "-agentpath",
                                                  "--add-opens",
                                                  "--add-exports",
                                                  "--add-reads",
                                                  "--add-modules",
                                                  "--enable-native-access",
                                                  "--patch-module",
                                                  "-verbose",
                                                  "-ea",
                                                  "-da",
                                                  "-enableassertions",
                                                  "-disableassertions"};

bool is_one_of(std::string_view s, const auto& list)
{
    for (std::string_view item : list) {
        if (s == item) {
            return true;
        }
    }
    return false;
}

/// Splits `opt` at byte `sep` (the separator is in neither part).
OptionParts split_at(std::string_view opt, std::size_t sep)
{
    OptionParts p;
    const auto s = static_cast<Offset>(sep);
    const auto n = static_cast<Offset>(opt.size());
    p.key = java_decoded(opt.substr(0, sep));
    p.key_range = {0, s};
    if (sep < opt.size()) {
        p.value = java_decoded(opt.substr(sep + 1));
        p.value_range = {s + 1, n};
    } else {
        p.value_range = {n, n};
    }
    return p;
}

/// Splits an option (starting with '-', version prefix already removed) into key and value.
OptionParts normalise_option(std::string_view opt)
{
    const auto n = static_cast<Offset>(opt.size());
    OptionParts p;
    if (opt.starts_with("-XX:")) {
        const bool sign = opt.size() > 4 && (opt[4] == '+' || opt[4] == '-');
        if (sign) {
            // The JVM takes everything after the sign as the flag name.
            p.key = "-XX:" + java_decoded(opt.substr(5));
            p.value = opt[4] == '+' ? "true" : "false";
            p.key_range = {0, n};
            p.value_range = {4, 5};
        } else {
            p = split_at(opt, std::min(opt.find('=', 4), opt.size()));
        }
        p.cumulative = is_one_of(std::string_view(p.key).substr(4), k_list_flags);
        return p;
    }
    if (opt.starts_with("-Xms") || opt.starts_with("-Xmx") || opt.starts_with("-Xss") ||
        opt.starts_with("-Xmn")) {
        // Size options: the value follows the name without a separator.
        p.key = std::string(opt.substr(0, 4));
        p.value = java_decoded(opt.substr(4));
        p.key_range = {0, 4};
        p.value_range = {4, n};
        return p;
    }
    if (opt.starts_with("-D")) {
        p = split_at(opt, std::min(opt.find('='), opt.size()));
        return p;
    }
    if (opt.starts_with("--")) {
        p = split_at(opt, std::min(opt.find('='), opt.size()));
    } else {
        // Single-dash options (-Xlog:..., -Xloggc:f, -Xshare:auto, -javaagent:a.jar=x, -verbose:gc,
        // -server): the name ends at the first ':' or '='.
        p = split_at(opt, std::min(opt.find_first_of(":="), opt.size()));
    }
    p.cumulative = is_one_of(std::string_view(p.key), k_cumulative_keys);
    return p;
}

// --- whitespace inside an option ----------------------------------------------------------------

/// What the JVM does with an option that contains whitespace at `ws` (and maybe more after it).
struct WhitespaceVerdict {
    bool refused = false;
    std::string detail;  // why the JVM refuses it, or what keeping it does (may be empty)
};

/// True for a value HotSpot would parse as a number or a boolean (so any text after it is an error).
bool looks_numeric(std::string_view v)
{
    if (v == "true" || v == "false") {
        return true;
    }
    std::size_t i = 0;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) {
        ++i;
    }
    const std::size_t digits_from = i;
    if (v.substr(i).starts_with("0x") || v.substr(i).starts_with("0X")) {
        i += 2;
        while (i < v.size() && std::isxdigit(static_cast<unsigned char>(v[i])) != 0) {
            ++i;
        }
        return i > digits_from + 2 && i == v.size();
    }
    while (i < v.size() && (is_digit(v[i]) || v[i] == '.')) {
        ++i;
    }
    if (i == digits_from || !is_digit(v[digits_from])) {
        return false;
    }
    if (i < v.size() && std::string_view("kKmMgGtT").find(v[i]) != std::string_view::npos) {
        ++i;
    }
    return i == v.size();
}

/// Judges an option in which the first whitespace byte is at `ws`. Every outcome below was checked
/// with a real JDK 17 (`java '<option>' -version`): string values keep the whitespace silently,
/// names, sizes, numbers and -Xlog selections/decorators do not parse and the VM does not start.
WhitespaceVerdict judge_whitespace(std::string_view opt, std::size_t ws)
{
    const auto refuse = [](std::string d) { return WhitespaceVerdict{true, std::move(d)}; };
    const auto keep = [](std::string d) { return WhitespaceVerdict{false, std::move(d)}; };
    const auto eq = opt.find('=');
    if (opt.starts_with("-XX:")) {
        const bool sign = opt.size() > 4 && (opt[4] == '+' || opt[4] == '-');
        if (sign || eq == std::string_view::npos || ws < eq) {
            return refuse("the whitespace becomes part of the flag name: Unrecognized VM option");
        }
        if (looks_numeric(opt.substr(eq + 1, ws - eq - 1))) {
            return refuse("a number followed by other text is an Improperly specified VM option");
        }
        return keep("");
    }
    if (opt.starts_with("-Xms") || opt.starts_with("-Xmx") || opt.starts_with("-Xss") ||
        opt.starts_with("-Xmn")) {
        return refuse("a size takes digits and an optional k, m, g or t suffix, nothing else");
    }
    if (opt.starts_with("-Xloggc")) {
        if (opt.starts_with("-Xloggc:")) {
            return keep("the whitespace becomes part of the log file name");
        }
        return refuse("Unrecognized option");
    }
    if (opt.starts_with("-Xlog")) {
        // -Xlog:what:output:decorators:output-options; only the output (a file name) takes blanks.
        if (!opt.starts_with("-Xlog:")) {
            return refuse("Unrecognized option");
        }
        std::size_t field = 0;
        for (std::size_t i = 6; i < ws; ++i) {
            field += opt[i] == ':' ? 1 : 0;
        }
        if (field == 1) {
            return keep("the whitespace becomes part of the log output name");
        }
        return refuse(
            "the -Xlog selection, decorators and output options take no whitespace: "
            "Invalid -Xlog option");
    }
    if (opt.starts_with("-D")) {
        return keep("");
    }
    if (opt.starts_with("-javaagent:") || opt.starts_with("-agentpath:") || opt.starts_with("-agentlib:")) {
        if (eq == std::string_view::npos || ws < eq) {
            return refuse("the whitespace becomes part of the agent's file name, which cannot be loaded");
        }
        return keep("the agent receives it as part of its options");
    }
    if (opt.starts_with("--")) {
        if (eq == std::string_view::npos || ws < eq) {
            return refuse("Unrecognized option");
        }
        const std::string_view name = opt.substr(0, eq);
        if (name == "--add-modules") {
            return refuse("the whitespace becomes part of the module name, and no such module is found");
        }
        if (name == "--add-opens" || name == "--add-exports" || name == "--add-reads" ||
            name == "--enable-native-access") {
            return keep(
                "the whitespace becomes part of the module name, which matches no module: the JVM "
                "warns 'Unknown module' and ignores it");
        }
        return keep("");
    }
    for (std::string_view prefix :
         {"-verbose:", "-ea:", "-da:", "-enableassertions:", "-disableassertions:"}) {
        if (opt.starts_with(prefix) && ws >= prefix.size()) {
            return keep("");
        }
    }
    return refuse("Unrecognized option");
}

// --- notes and settings -------------------------------------------------------------------------

void add_note(std::vector<ParseNote>* notes, NoteKind kind, ByteRange range, std::string message,
              std::string key = {})
{
    if (notes != nullptr) {
        notes->push_back(ParseNote{kind, range, std::move(message), std::move(key)});
    }
}

/// Builds the Setting for one option written at absolute offset `at`, raising the notes about what
/// the JVM does with it when `reaches_jvm`. `line` is the whole entry's range.
Setting make_setting(std::string_view opt, Offset at, ByteRange line, bool reaches_jvm,
                     std::vector<ParseNote>* notes)
{
    constexpr auto npos = std::string_view::npos;
    // Where whitespace starts, where a " #" trailing comment starts, where trailing blanks start.
    std::size_t first_ws = npos;
    std::size_t comment_at = npos;
    std::size_t run_start = npos;  // start of the current whitespace run
    for (std::size_t i = 0; i < opt.size(); ++i) {
        if (is_java_space(opt[i])) {
            run_start = run_start == npos ? i : run_start;
            first_ws = first_ws == npos ? i : first_ws;
            continue;
        }
        if (opt[i] == '#' && run_start != npos && comment_at == npos) {
            comment_at = run_start;
        }
        run_start = npos;
    }
    const std::size_t trailing_at = run_start;  // npos when the option does not end in whitespace

    // The JVM refuses the option if any of these blanks sits where it cannot take one (a blank in a
    // -Xlog file name is fine, one after the decorators that follow it is not).
    std::size_t refused_at = npos;
    WhitespaceVerdict verdict;
    for (const std::size_t pos : {first_ws, comment_at, trailing_at}) {
        if (pos != npos) {
            verdict = judge_whitespace(opt, pos);
            if (verdict.refused) {
                refused_at = pos;
                break;
            }
        }
    }
    // A refused option is cut where the trouble starts, so key and value show what was meant; an
    // accepted one keeps its whole text, as the JVM does.
    const std::string_view used = opt.substr(0, refused_at);
    OptionParts parts = normalise_option(used);

    if (reaches_jvm) {
        const auto end = at + static_cast<Offset>(opt.size());
        if (refused_at != npos) {
            std::string what;
            if (refused_at == comment_at) {
                what = "jvm.options has no trailing comments, so the JVM receives " + quoted(opt) +
                       " as one argument and refuses to start (" + verdict.detail + ")";
            } else if (refused_at == trailing_at) {
                what = "the trailing whitespace stays part of the JVM argument " + quoted(opt) +
                       " and the JVM refuses to start (" + verdict.detail + ")";
            } else {
                const std::string_view rest = opt.substr(refused_at);
                const std::size_t next = rest.find_first_not_of(" \t\v\f");
                const bool another_option = next != npos && rest[next] == '-';
                what = "the JVM receives " + quoted(opt) +
                       " as one argument, whitespace included, and refuses to start (" + verdict.detail +
                       ")" + (another_option ? "; write one option per line" : "");
            }
            add_note(notes, NoteKind::SyntaxError, {at + static_cast<Offset>(refused_at), end},
                     std::move(what), parts.key);
        } else if (comment_at != npos || trailing_at != npos) {
            // Accepted with the tail kept in the value: say so, as the value is not what it seems.
            const std::size_t tail_at = comment_at != npos ? comment_at : trailing_at;
            const std::string detail = judge_whitespace(opt, tail_at).detail;
            std::string what =
                comment_at != npos
                    ? "jvm.options has no trailing comments: the JVM keeps " +
                          quoted(opt.substr(comment_at)) + " as part of the value of " + parts.key
                    : "the JVM keeps the trailing whitespace as part of the value of " + parts.key;
            if (!detail.empty()) {
                what += " (" + detail + ")";
            }
            add_note(notes, NoteKind::TrailingWhitespace, {at + static_cast<Offset>(tail_at), end},
                     std::move(what), parts.key);
        }
        const std::size_t nul = opt.find('\0');
        if (nul != npos) {
            const auto nul_at = at + static_cast<Offset>(nul);
            add_note(notes, NoteKind::SyntaxError, {nul_at, nul_at + 1},
                     "the JVM cannot be started with an argument that contains a NUL byte "
                     "(Java's ProcessBuilder rejects it: invalid null character in command)",
                     parts.key);
        }
    }

    Setting s;
    s.key = std::move(parts.key);
    s.value = std::move(parts.value);
    s.key_range = shifted(parts.key_range, at);
    s.value_range = shifted(parts.value_range, at);
    s.line_range = line;
    s.cumulative = parts.cumulative;
    return s;
}

// --- one jvm.options line -----------------------------------------------------------------------

/// A parsed `N:`, `N-:` or `N-M:` prefix.
struct VersionPrefix {
    std::size_t length = 0;  // bytes, colon included
    std::int64_t lower = 0;
    std::int64_t upper = 0;
    bool overflow = false;  // a number too large for Java's Integer.parseInt
};

/// Reads `\d+(-)?(\d+)?:` at the start of `line`; nullopt when it is not there.
std::optional<VersionPrefix> read_version_prefix(std::string_view line)
{
    constexpr std::int64_t k_int_max = std::numeric_limits<std::int32_t>::max();
    VersionPrefix v;
    std::size_t i = 0;
    const auto number = [&](std::int64_t& out) {
        const std::size_t from = i;
        out = 0;
        while (i < line.size() && is_digit(line[i])) {
            out = out * 10 + (line[i] - '0');
            if (out > k_int_max) {
                v.overflow = true;
                out = k_int_max + 1;  // saturate; stays above any real version
            }
            ++i;
        }
        return i > from;
    };
    if (!number(v.lower)) {
        return std::nullopt;
    }
    v.upper = v.lower;
    if (i < line.size() && line[i] == '-') {
        ++i;
        if (!number(v.upper)) {
            v.upper = k_int_max;
        }
    }
    if (i >= line.size() || line[i] != ':') {
        return std::nullopt;
    }
    v.length = i + 1;
    return v;
}

/// The UTF-8 encodings of the characters Java's regex `.` does not match but BufferedReader does not
/// split on: NEL (U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029).
std::optional<std::string_view> java_line_separator(std::string_view s)
{
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0x85) {
            return "U+0085 (next line)";
        }
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
            const auto third = static_cast<unsigned char>(s[i + 2]);
            if (third == 0xA8) {
                return "U+2028 (line separator)";
            }
            if (third == 0xA9) {
                return "U+2029 (paragraph separator)";
            }
        }
    }
    return std::nullopt;
}

/// Why Elasticsearch rejects a line that is neither a comment, blank, nor `[prefix]-option`.
std::string invalid_line_reason(std::string_view line)
{
    if (line.starts_with("\xEF\xBB\xBF")) {
        return "it starts with a UTF-8 byte order mark, which Elasticsearch reads as a character before the "
               "'-' or '#'";
    }
    const std::size_t first = line.find_first_not_of(" \t\v\f");
    if (first > 0 && first != std::string_view::npos) {
        if (line[first] == '#') {
            return "it is an indented comment, and only a '#' in the first column starts a comment";
        }
        return "it has leading whitespace, and an option must start with '-' (or a version prefix) in "
               "the first column";
    }
    if (line.starts_with("@") || line.starts_with("${")) {
        return "it is an unrendered template placeholder " + quoted(line) +
               " (an option must start with '-')";
    }
    if (is_digit(line[0])) {
        if (read_version_prefix(line)) {
            return "the option after the version prefix does not start with '-'";
        }
        const std::size_t colon = line.find(':');
        const std::string_view written = colon == std::string_view::npos ? line : line.substr(0, colon + 1);
        return "its version prefix " + quoted(written) +
               " is malformed (it must be N:, N-: or N-M: with whole numbers)";
    }
    return "it starts with neither '-' (an option), '#' (a comment) nor a version prefix such as '17-:'";
}

/// Reads one jvm.options line (content without terminator) at absolute offset `at`.
void parse_line(Document& doc, std::string_view line, Offset at, int target_jdk)
{
    const ByteRange line_range{at, at + static_cast<Offset>(line.size())};
    const auto invalid = [&](const std::string& why) {
        doc.notes.push_back(
            ParseNote{NoteKind::SyntaxError,
                      line_range,
                      "Elasticsearch refuses to start because of this jvm.options line: " + why,
                      {}});
    };
    if (line.empty()) {
        return;
    }
    if (line[0] == '#') {
        doc.comments.push_back(Comment{line_range, true});
        return;
    }
    if (line.find_first_not_of(" \t\v\f") == std::string_view::npos) {
        return;  // blank
    }

    std::optional<VersionPrefix> prefix = read_version_prefix(line);
    const std::size_t option_at = prefix ? prefix->length : 0;
    if (option_at >= line.size() || line[option_at] != '-') {
        invalid(invalid_line_reason(line));
        return;
    }
    if (const auto sep = java_line_separator(line)) {
        invalid("it contains " + std::string(*sep) +
                ", a character the launcher's option pattern does not accept inside a line");
        return;
    }
    bool active = true;
    if (prefix) {
        const std::string_view written = line.substr(0, prefix->length - 1);
        if (prefix->overflow) {
            invalid("the version in " + quoted(written) + " is too large for a Java integer");
            return;
        }
        if (prefix->upper < prefix->lower) {
            invalid("its version range " + quoted(written) + " has its upper bound below its lower bound");
            return;
        }
        active = prefix->lower <= target_jdk && target_jdk <= prefix->upper;
    }

    const std::string_view option = line.substr(option_at);
    Setting s = make_setting(option, at + static_cast<Offset>(option_at), line_range, active, &doc.notes);
    if (prefix) {
        s.condition = std::string(line.substr(0, prefix->length));
    }
    if (!active) {
        s.inactive = Inactive::OtherVersion;
    }
    doc.settings.push_back(std::move(s));
}

/// Options of the `java` launcher that also accept their value as the next argument
/// (`--add-opens java.base/java.lang=ALL-UNNAMED`, checked on JDK 17).
constexpr std::string_view k_separate_value_options[] = {"--add-opens",
                                                         "--add-exports",
                                                         "--add-reads",
                                                         "--add-modules",
                                                         "--enable-native-access",
                                                         "--patch-module",
                                                         "--limit-modules",
                                                         "--module-path",
                                                         "--upgrade-module-path",
                                                         "-p",
                                                         "-cp",
                                                         "-classpath",
                                                         "--class-path"};

}  // namespace

void parse_jvm_options(Document& doc, int target_jdk)
{
    const std::string_view text = doc.text;
    for_each_line(text, [&](ByteRange content, ByteRange /*terminator*/) {
        parse_line(doc, text.substr(content.begin, content.size()), content.begin, target_jdk);
    });
    resolve_overrides(doc.settings);
}

std::vector<Setting> parse_jvm_options_string(std::string_view text, std::uint32_t base,
                                              std::vector<ParseNote>* notes)
{
    std::vector<Setting> out;
    // Index in `out` of an option whose value may follow as the next piece (-cp x, --add-opens x).
    std::optional<std::size_t> awaiting_value;
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_java_space(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !is_java_space(text[end])) {
            ++end;
        }
        const std::string_view piece = text.substr(i, end - i);
        const Offset at = base + static_cast<Offset>(i);
        const ByteRange piece_range{at, at + static_cast<Offset>(piece.size())};
        if (piece[0] == '-') {
            out.push_back(make_setting(piece, at, piece_range, true, notes));
            const Setting& s = out.back();
            const bool has_value =
                s.value_range.begin < s.value_range.end || piece.find('=') != std::string_view::npos;
            awaiting_value = is_one_of(s.key, k_separate_value_options) && !has_value
                                 ? std::optional<std::size_t>(out.size() - 1)
                                 : std::nullopt;
        } else if (awaiting_value) {
            // The java launcher reads this piece as the value of the option before it.
            Setting& s = out[*awaiting_value];
            s.value = java_decoded(piece);
            s.value_range = piece_range;
            s.line_range.end = piece_range.end;
            awaiting_value.reset();
        } else {
            add_note(
                notes, NoteKind::SyntaxError, piece_range,
                "java takes " + quoted(piece) +
                    ", which does not start with '-', as the main class name instead of an option, so the "
                    "intended program does not start");
        }
        i = end;
    }
    resolve_overrides(out);
    return out;
}

}  // namespace streamlint
