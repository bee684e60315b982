#include "sim/json_source_map.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace rtclab::sim {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Characters that end a bare token (number or literal) in the tolerant scan.
bool ends_token(char c) {
    return is_json_space(c) || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '"';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::uint32_t> read_hex4(std::string_view text, std::size_t pos) {
    if (pos + 4 > text.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int h = hex_value(text[pos + i]);
        if (h < 0) return std::nullopt;
        v = (v << 4) | static_cast<std::uint32_t>(h);
    }
    return v;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Reads the JSON string starting at text[pos] == '"'. Returns the offset just past the closing
// quote, or npos when the string is not terminated. Decodes escapes into `out` the way
// nlohmann/json does, so that pointers built from keys match the parsed document's keys.
std::size_t scan_string(std::string_view text, std::size_t pos, std::string* out) {
    ++pos;  // the opening quote
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '"') return pos + 1;
        if (c != '\\') {
            if (out) *out += c;
            ++pos;
            continue;
        }
        if (pos + 1 >= text.size()) return std::string_view::npos;
        const char e = text[pos + 1];
        pos += 2;
        if (!out) {
            continue;  // only the extent is wanted; \" was skipped as a pair
        }
        switch (e) {
            case 'b':
                *out += '\b';
                break;
            case 'f':
                *out += '\f';
                break;
            case 'n':
                *out += '\n';
                break;
            case 'r':
                *out += '\r';
                break;
            case 't':
                *out += '\t';
                break;
            case 'u': {
                auto cp = read_hex4(text, pos);
                if (!cp) break;  // invalid escape: nlohmann refuses the text anyway
                pos += 4;
                if (*cp >= 0xD800 && *cp <= 0xDBFF && pos + 6 <= text.size() && text[pos] == '\\' &&
                    text[pos + 1] == 'u') {
                    auto low = read_hex4(text, pos + 2);
                    if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                        pos += 6;
                        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                    }
                }
                append_utf8(*out, *cp);
                break;
            }
            default:
                *out += e;
                break;  // \" \\ \/ and, tolerantly, anything else
        }
    }
    return std::string_view::npos;
}

// Length of the valid UTF-8 sequence at text[pos], or 0 when it is not valid (overlong forms,
// surrogates and code points past U+10FFFF are not valid).
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
    const auto b0 = static_cast<unsigned char>(text[pos]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (pos + len > text.size()) return 0;
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(text[pos + i]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return len;
}

}  // namespace

std::string json_pointer_escape(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string json_pointer_child(const std::string& parent, std::string_view key) {
    return parent + "/" + json_pointer_escape(key);
}

std::string json_pointer_child(const std::string& parent, std::size_t index) {
    return parent + "/" + std::to_string(index);
}

bool is_valid_json_pointer(std::string_view text) {
    if (text.empty()) return true;
    if (text[0] != '/') return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '~') continue;
        if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) return false;
    }
    return true;
}

int line_at_offset(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    int line = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') ++line;
    }
    return line;
}

int column_at_offset(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
    return static_cast<int>(offset - start) + 1;
}

std::size_t find_excess_nesting(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return kNoExcess;
}

JsonSourceMap JsonSourceMap::build(std::string_view text, std::size_t stop_at, int max_depth) {
    JsonSourceMap map;
    std::size_t map_bytes = 0;  // a rough count of what the map holds

    struct Frame {
        bool object = false;
        bool mapped = true;     // false below a pointer too long to record
        std::string pointer;    // when not mapped: the nearest recorded ancestor's
        std::size_t index = 0;  // arrays: the next element's index
        std::string key;        // objects: the member being read
        int key_line = 0;
        std::unordered_map<std::string, int> keys;  // objects: key -> line of its first use
    };
    enum class State { kValue, kKeyOrEnd, kKey, kColon, kValueOrEnd, kAfterValue, kDone };

    std::vector<Frame> stack;
    State state = State::kValue;
    std::optional<std::string> stopped_in;  // the value being read when the scan stopped
    std::size_t pos = text.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
    std::size_t counted = 0;  // newlines are counted up to here
    int line = 1;
    const auto advance_line = [&](std::size_t to) {
        for (; counted < to && counted < text.size(); ++counted) {
            if (text[counted] == '\n') ++line;
        }
    };
    // The pointer of the value about to be read; nullopt when it is not to be recorded.
    const auto value_pointer = [&]() -> std::optional<std::string> {
        if (stack.empty()) return std::string();
        const Frame& top = stack.back();
        if (!top.mapped) return std::nullopt;
        if (top.object && top.pointer.size() + top.key.size() > kMaxMappedPointerBytes) {
            return std::nullopt;
        }
        std::string p = top.object ? json_pointer_child(top.pointer, top.key)
                                   : json_pointer_child(top.pointer, top.index);
        if (p.size() > kMaxMappedPointerBytes) return std::nullopt;
        return p;
    };
    // For messages: the value's pointer, or its nearest recorded ancestor's.
    const auto value_or_parent_pointer = [&]() -> std::string {
        auto p = value_pointer();
        if (p) return *p;
        return stack.back().pointer;
    };
    const auto context_pointer = [&]() -> std::string {
        // After a key that is not followed by ':' the "key" may be anything (prose that lost
        // its opening quote, say): name the object, not a member that may not exist.
        if (state == State::kValue) return value_or_parent_pointer();
        return stack.empty() ? std::string() : stack.back().pointer;
    };

    while (state != State::kDone) {
        while (pos < text.size() && is_json_space(text[pos]))
            ++pos;
        if (pos >= text.size() || pos >= stop_at) break;
        advance_line(pos);
        const char c = text[pos];

        if (state == State::kKeyOrEnd) {
            if (c == '}') {
                ++pos;
                stack.pop_back();
                state = State::kAfterValue;
                continue;
            }
            state = State::kKey;
        } else if (state == State::kValueOrEnd) {
            if (c == ']') {
                ++pos;
                stack.pop_back();
                state = State::kAfterValue;
                continue;
            }
            state = State::kValue;
        }

        switch (state) {
            case State::kValue: {
                const auto mapped_ptr = value_pointer();
                std::string ptr = mapped_ptr ? *mapped_ptr : stack.back().pointer;
                const bool member = !stack.empty() && stack.back().object;
                if (mapped_ptr && map_bytes < kMaxMapBytes) {
                    const auto [it, inserted] = map.locations_.insert_or_assign(
                        ptr, Location{member ? stack.back().key_line : line, line});
                    if (inserted) map_bytes += ptr.size() + 64;  // the node, roughly
                }
                if (c == '{' || c == '[') {
                    if (static_cast<int>(stack.size()) >= max_depth) {
                        stopped_in = std::move(ptr);
                        state = State::kDone;
                        break;
                    }
                    Frame f;
                    f.object = c == '{';
                    f.mapped = mapped_ptr.has_value();
                    f.pointer = std::move(ptr);
                    stack.push_back(std::move(f));
                    ++pos;
                    state = c == '{' ? State::kKeyOrEnd : State::kValueOrEnd;
                } else if (c == '"') {
                    const std::size_t end = scan_string(text, pos, nullptr);
                    if (end == std::string_view::npos || end > stop_at) {
                        stopped_in = std::move(ptr);  // the problem lies inside this string
                        state = State::kDone;
                        break;
                    }
                    pos = end;
                    state = State::kAfterValue;
                } else {
                    std::size_t end = pos;
                    while (end < text.size() && !ends_token(text[end]))
                        ++end;
                    if (end == pos) {
                        stopped_in = std::move(ptr);  // a stray ',', ':', ']' or '}'
                        state = State::kDone;
                        break;
                    }
                    const std::string_view token = text.substr(pos, end - pos);
                    if (token[0] == '-' || (token[0] >= '0' && token[0] <= '9')) {
                        // nlohmann/json refuses non-finite numbers without saying where.
                        const std::string copy(token);
                        const double v = std::strtod(copy.c_str(), nullptr);
                        if (!std::isfinite(v)) {
                            map.overflows_.push_back({ptr, line, copy});
                        }
                    }
                    if (end >= stop_at) {
                        stopped_in = std::move(ptr);  // the problem is this token
                        state = State::kDone;
                        break;
                    }
                    pos = end;
                    state = State::kAfterValue;
                }
                break;
            }
            case State::kKey: {
                if (c != '"') {
                    state = State::kDone;
                    break;
                }
                std::string key;
                const std::size_t end = scan_string(text, pos, &key);
                if (end == std::string_view::npos) {
                    state = State::kDone;
                    break;
                }
                Frame& top = stack.back();
                const auto [it, inserted] = top.keys.emplace(key, line);
                if (!inserted) {
                    map.duplicates_.push_back(
                        {top.mapped && top.pointer.size() + key.size() <= kMaxMappedPointerBytes
                             ? json_pointer_child(top.pointer, key)
                             : top.pointer,
                         line, it->second});
                }
                top.key = std::move(key);
                top.key_line = line;
                pos = end;
                state = State::kColon;
                break;
            }
            case State::kColon:
                if (c != ':') {
                    state = State::kDone;
                    break;
                }
                ++pos;
                state = State::kValue;
                break;
            case State::kAfterValue: {
                if (stack.empty()) {
                    state = State::kDone;  // trailing content after the document
                    break;
                }
                Frame& top = stack.back();
                if (c == ',') {
                    ++pos;
                    if (top.object) {
                        state = State::kKey;
                    } else {
                        ++top.index;
                        state = State::kValue;
                    }
                } else if ((top.object && c == '}') || (!top.object && c == ']')) {
                    ++pos;
                    stack.pop_back();
                } else {
                    state = State::kDone;
                }
                break;
            }
            default:
                state = State::kDone;
                break;
        }
    }
    map.stop_pointer_ = stopped_in ? *stopped_in : context_pointer();
    return map;
}

const JsonSourceMap::Location* JsonSourceMap::find(std::string_view pointer) const {
    std::string p(pointer);
    while (true) {
        if (auto it = locations_.find(p); it != locations_.end()) return &it->second;
        if (p.empty()) return nullptr;
        p.resize(p.rfind('/'));  // every non-empty pointer in use starts with '/'
    }
}

int JsonSourceMap::line(std::string_view pointer) const {
    const Location* loc = find(pointer);
    return loc ? loc->value_line : 1;
}

int JsonSourceMap::key_line(std::string_view pointer) const {
    const Location* loc = find(pointer);
    return loc ? loc->key_line : 1;
}

bool JsonSourceMap::contains(std::string_view pointer) const {
    return locations_.count(std::string(pointer)) != 0;
}

std::string printable(std::string_view text, std::size_t max_bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (out.size() >= max_bytes) {
            out += "…";
            break;
        }
        const auto b = static_cast<unsigned char>(text[pos]);
        const std::size_t len = utf8_sequence_length(text, pos);
        if (len == 0 || b < 0x20 || b == 0x7F) {
            out += "\\x";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
            ++pos;
        } else {
            out.append(text.substr(pos, len));
            pos += len;
        }
    }
    return out;
}

namespace {

// nlohmann/json's parse_error text is "[json.exception.parse_error.101] parse error at line 1,
// column 4: syntax error while parsing value - unexpected end of input; expected ...".
// Keep what follows the dash: the position is ours to give.
std::string parse_error_detail(const char* what) {
    std::string_view s(what);
    for (std::string_view marker : {std::string_view(" - "), std::string_view(": ")}) {
        if (const auto at = s.find(marker); at != std::string_view::npos) {
            s = s.substr(at + marker.size());
            break;
        }
    }
    return printable(s, 200);
}

}  // namespace

ParsedJson parse_json_text(std::string_view text, int max_depth) {
    ParsedJson out;
    std::size_t body = text.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
    while (body < text.size() && is_json_space(text[body]))
        ++body;
    if (body >= text.size()) {
        out.errors.push_back({1, "",
                              "the file is empty; expected a JSON object such as "
                              "{\"rtclab_scenario\": 1, ...}"});
        return out;
    }

    if (const std::size_t at = find_excess_nesting(text, max_depth); at != kNoExcess) {
        out.map = JsonSourceMap::build(text, at);
        out.errors.push_back(
            {line_at_offset(text, at), out.map.stop_pointer(),
             "brackets nest deeper than " + std::to_string(max_depth) +
                 " levels here; rtclab files need only a few (is a ']' or '}' missing?)"});
        return out;
    }

    try {
        out.value = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts the bytes read, the offending one included.
        const std::size_t at = e.byte == 0 ? 0 : e.byte - 1;
        out.map = JsonSourceMap::build(text, at);
        std::string detail = parse_error_detail(e.what());
        // The mistakes people make when writing JSON by hand get a word of their own.
        std::size_t before = at;
        while (before > 0 && is_json_space(text[before - 1]))
            --before;
        if (detail.find("unexpected end of input") != std::string::npos) {
            detail =
                "the text ends in the middle of a value (is the file truncated, or a ']', "
                "'}' or '\"' missing?)";
        } else if (at < text.size() && text[at] == '/') {
            detail =
                "JSON has no comments; remove it (lesson prose belongs in \"description\" "
                "or \"notes\")";
        } else if (at < text.size() && (text[at] == '}' || text[at] == ']') && before > 0 &&
                   text[before - 1] == ',') {
            detail = "a comma before '" + std::string(1, text[at]) +
                     "' is not allowed in JSON; remove the comma";
        } else if (at < text.size() && text[at] == '\'') {
            detail = "JSON strings use double quotes (\"), not single quotes";
        }
        out.errors.push_back({line_at_offset(text, at), out.map.stop_pointer(),
                              "invalid JSON at column " +
                                  std::to_string(column_at_offset(text, at)) + ": " + detail});
        return out;
    } catch (const nlohmann::json::exception& e) {
        out.map = JsonSourceMap::build(text);
        if (!out.map.number_overflows().empty()) {
            const auto& o = out.map.number_overflows().front();
            out.errors.push_back({o.line, o.pointer,
                                  "the number '" + printable(o.token, 40) +
                                      "' is too large to represent; write a smaller number"});
        } else {
            out.errors.push_back({1, "", "invalid JSON: " + parse_error_detail(e.what())});
        }
        return out;
    }

    out.syntax_ok = true;
    out.map = JsonSourceMap::build(text);
    for (const auto& d : out.map.duplicate_keys()) {
        out.errors.push_back({d.line, d.pointer,
                              "duplicate key (first given at line " + std::to_string(d.first_line) +
                                  "); only one value would be kept, so remove one of them"});
    }
    return out;
}

}  // namespace rtclab::sim
