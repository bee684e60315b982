// JsonSourceMap: the line where each value of a JSON text starts, keyed by JSON pointer.
//
// nlohmann/json keeps no source positions, yet the scenario loader must say
// "FILE:LINE: /json/pointer: message". So the raw text is scanned a second time, by a small
// iterative scanner that never recurses and never trusts its input, and every value (object
// members and array elements alike) is recorded under its RFC 6901 pointer. The same scan
// finds what nlohmann/json accepts silently but a lesson file must not: duplicate keys
// (nlohmann keeps the last one, so the first would be lost without a word).
//
// parse_json_text() is the one entry point the loaders use: nesting pre-check, parse, map.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace rtclab::sim {

// Deeper than this is refused before nlohmann/json sees the text: rtclab files need about
// eight levels, and everything that walks a parsed document afterwards may then recurse.
inline constexpr int kMaxJsonDepth = 64;

// RFC 6901: "~" is written "~0" and "/" is written "~1" inside a reference token.
std::string json_pointer_escape(std::string_view token);
std::string json_pointer_child(const std::string& parent, std::string_view key);
std::string json_pointer_child(const std::string& parent, std::size_t index);
// Whether `text` is a syntactically valid JSON pointer: "" or "/"-prefixed tokens in which
// every "~" is followed by "0" or "1".
bool is_valid_json_pointer(std::string_view text);

// The 1-based line of byte `offset` (clamped to the text).
int line_at_offset(std::string_view text, std::size_t offset);
// The 1-based column (in bytes) of byte `offset` (clamped to the text).
int column_at_offset(std::string_view text, std::size_t offset);

// Byte offset where bracket nesting (outside strings) first exceeds max_depth, if it does.
// Works on any bytes at all, valid JSON or not, in one pass and constant memory.
std::size_t find_excess_nesting(std::string_view text, int max_depth);
inline constexpr std::size_t kNoExcess = static_cast<std::size_t>(-1);

class JsonSourceMap {
  public:
    struct Location {
        int key_line = 0;    // for object members: the line of the key; else = value_line
        int value_line = 0;  // the line where the value starts
    };
    struct DuplicateKey {
        std::string pointer;  // of the second occurrence
        int line = 0;         // of the second occurrence's key
        int first_line = 0;   // of the first occurrence's key
    };
    struct NumberOverflow {
        std::string pointer;
        int line = 0;
        std::string token;
    };

    // Scans `text`. Text that is not valid JSON yields the map of the part before the first
    // error; the scan stops at `stop_at` (a byte offset), remembering where it was then, and
    // where brackets nest deeper than `max_depth`.
    //
    // Time and memory stay linear in the text whatever it holds: a pointer longer than
    // kMaxMappedPointerBytes (a huge key, say) is not recorded, nor is anything below it, and
    // recording stops once the map holds kMaxMapBytes. Such values get their nearest recorded
    // ancestor's line, which is where a reader would look anyway.
    static JsonSourceMap build(std::string_view text, std::size_t stop_at = std::string_view::npos,
                               int max_depth = kMaxJsonDepth);
    static constexpr std::size_t kMaxMappedPointerBytes = 1024;
    static constexpr std::size_t kMaxMapBytes = 16 * 1024 * 1024;

    // The line where the value at `pointer` starts. A pointer that is not in the map (a
    // missing key, say) gives the line of its nearest ancestor that is; 1 when none is.
    int line(std::string_view pointer) const;
    // For an object member: the line of its key (where an "unknown key" error points).
    int key_line(std::string_view pointer) const;
    bool contains(std::string_view pointer) const;
    std::size_t size() const { return locations_.size(); }

    const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }
    // Numbers too large for a double ("1e400"): nlohmann/json refuses them without a position.
    const std::vector<NumberOverflow>& number_overflows() const { return overflows_; }
    // Where the scan was when it stopped (at stop_at, at the first invalid byte, or at the
    // end): the pointer of the value being read, for messages about a syntax error.
    const std::string& stop_pointer() const { return stop_pointer_; }

  private:
    const Location* find(std::string_view pointer) const;

    std::unordered_map<std::string, Location> locations_;
    std::vector<DuplicateKey> duplicates_;
    std::vector<NumberOverflow> overflows_;
    std::string stop_pointer_;
};

// One problem with the text itself, before any meaning is given to it.
struct JsonTextError {
    int line = 1;
    std::string pointer;  // RFC 6901; "" is the whole document
    std::string message;
};

struct ParsedJson {
    nlohmann::json value;
    JsonSourceMap map;
    // Empty when the text parsed. A syntax error, nesting that is too deep or an empty text
    // stops parsing (value is then null); duplicate keys are reported but value is kept.
    std::vector<JsonTextError> errors;

    bool syntax_ok = false;  // the text is JSON: `value` holds it (maybe with duplicate keys)
};

// Checks nesting (max_depth), parses with nlohmann/json (no exception escapes), builds the
// source map and reports duplicate keys. Messages are written for people: they say what is
// wrong and what to do, and never echo invalid UTF-8 or control characters.
ParsedJson parse_json_text(std::string_view text, int max_depth = kMaxJsonDepth);

// `text` made safe to print inside quotes in a one-line message: control characters and
// bytes that are not valid UTF-8 become \xNN, and text past max_bytes is cut with "…".
std::string printable(std::string_view text, std::size_t max_bytes = 80);

}  // namespace rtclab::sim
