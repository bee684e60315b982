// Tests for the JSON source map: pointers to lines, the nesting pre-check, parse errors with
// lines, duplicate keys, and that no input at all makes it misbehave.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "sim/json_source_map.h"

using namespace rtclab::sim;

namespace {

const char* const kSample = R"({
  "name": "two-homes",
  "networks": [
    {"name": "internet",
     "cidr": "0.0.0.0/0"},
    {
      "name": "home-a",
      "nat":
        {"preset": "symmetric"}
    }
  ],
  "a/b": {"m~n": [1, [2,
                     3]]},
  "caf\u00e9": true,
  "empty": {},
  "list": []
}
)";

}  // namespace

TEST_CASE("source map: every member and element maps to the line its value starts on",
          "[json_source_map]") {
    const auto map = JsonSourceMap::build(kSample);
    CHECK(map.line("") == 1);
    CHECK(map.line("/name") == 2);
    CHECK(map.line("/networks") == 3);
    CHECK(map.line("/networks/0") == 4);
    CHECK(map.line("/networks/0/name") == 4);
    CHECK(map.line("/networks/0/cidr") == 5);
    CHECK(map.line("/networks/1") == 6);
    CHECK(map.line("/networks/1/name") == 7);
    // The value of "nat" starts on the line after its key.
    CHECK(map.line("/networks/1/nat") == 9);
    CHECK(map.key_line("/networks/1/nat") == 8);
    CHECK(map.line("/networks/1/nat/preset") == 9);
    // RFC 6901 escapes: "/" is "~1" and "~" is "~0".
    CHECK(map.line("/a~1b") == 12);
    CHECK(map.line("/a~1b/m~0n/1/0") == 12);
    CHECK(map.line("/a~1b/m~0n/1/1") == 13);
    // Keys are decoded as nlohmann/json decodes them: "\u00e9" is "é".
    CHECK(map.contains("/caf\xC3\xA9"));
    CHECK(map.line("/caf\xC3\xA9") == 14);
    CHECK(map.line("/empty") == 15);
    CHECK(map.line("/list") == 16);
    CHECK(map.duplicate_keys().empty());
}

TEST_CASE("source map: a pointer not in the text gives its nearest ancestor's line",
          "[json_source_map]") {
    const auto map = JsonSourceMap::build(kSample);
    CHECK_FALSE(map.contains("/networks/1/nat/outside"));
    CHECK(map.line("/networks/1/nat/outside") == 9);
    CHECK(map.line("/networks/7/name") == 3);
    CHECK(map.line("/nowhere/at/all") == 1);
    CHECK(JsonSourceMap::build("").line("/x") == 1);
}

TEST_CASE("source map: duplicate keys are found with both lines", "[json_source_map]") {
    const auto map =
        JsonSourceMap::build("{\n \"a\": 1,\n \"b\": {\"x\": 1,\n \"x\": 2},\n \"a\": 3\n}");
    REQUIRE(map.duplicate_keys().size() == 2);
    CHECK(map.duplicate_keys()[0].pointer == "/b/x");
    CHECK(map.duplicate_keys()[0].line == 4);
    CHECK(map.duplicate_keys()[0].first_line == 3);
    CHECK(map.duplicate_keys()[1].pointer == "/a");
    CHECK(map.duplicate_keys()[1].line == 5);
    CHECK(map.duplicate_keys()[1].first_line == 2);
    // nlohmann/json keeps the last value; so does the map.
    CHECK(map.line("/a") == 5);
}

TEST_CASE("source map: the nesting pre-check counts brackets outside strings only",
          "[json_source_map]") {
    CHECK(find_excess_nesting("[[[]]]", 3) == kNoExcess);
    CHECK(find_excess_nesting("[[[[]]]]", 3) == 3);
    CHECK(find_excess_nesting(R"(["[[[[[", "\"[[[["])", 2) == kNoExcess);
    CHECK(find_excess_nesting(R"({"a": {"b": [{}]}})", 4) == kNoExcess);
    CHECK(find_excess_nesting(R"({"a": {"b": [{}]}})", 3) == 13);
    const std::string deep(100000, '[');
    CHECK(find_excess_nesting(deep, kMaxJsonDepth) == static_cast<std::size_t>(kMaxJsonDepth));
    // Unbalanced closers never make the depth negative.
    CHECK(find_excess_nesting("]]]]][[", 1) == 6);
}

TEST_CASE("parse_json_text: valid text parses, with its map", "[json_source_map]") {
    const auto p = parse_json_text(kSample);
    REQUIRE(p.syntax_ok);
    CHECK(p.errors.empty());
    CHECK(p.value["networks"][1]["nat"]["preset"] == "symmetric");
    CHECK(p.map.line("/networks/1/nat/preset") == 9);
    // A UTF-8 byte order mark is skipped by both.
    const auto bom = parse_json_text("\xEF\xBB\xBF{\n\"a\": 1}");
    REQUIRE(bom.syntax_ok);
    CHECK(bom.map.line("/a") == 2);
}

TEST_CASE("parse_json_text: bad text gets one error with its line and pointer",
          "[json_source_map]") {
    SECTION("empty") {
        for (const char* text : {"", "   \n\n", "\xEF\xBB\xBF"}) {
            const auto p = parse_json_text(text);
            CHECK_FALSE(p.syntax_ok);
            REQUIRE(p.errors.size() == 1);
            CHECK(p.errors[0].line == 1);
            CHECK(p.errors[0].message.find("empty") != std::string::npos);
        }
    }
    SECTION("truncated") {
        const auto p = parse_json_text("{\n \"a\": [1,\n  {\"b\": ");
        CHECK_FALSE(p.syntax_ok);
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].line == 3);
        CHECK(p.errors[0].pointer == "/a/1/b");
        CHECK(p.errors[0].message.find("truncated") != std::string::npos);
    }
    SECTION("a syntax error deep inside") {
        const auto p = parse_json_text("{\n \"a\": [1,\n  {\"b\": tru}\n ]\n}");
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].line == 3);
        CHECK(p.errors[0].pointer == "/a/1/b");
        CHECK(p.errors[0].message.find("column") != std::string::npos);
    }
    SECTION("too deep: 100000 '['") {
        const auto p = parse_json_text("\n" + std::string(100000, '['));
        CHECK_FALSE(p.syntax_ok);
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].line == 2);
        CHECK(p.errors[0].message.find("deeper than 64") != std::string::npos);
    }
    SECTION("too deep, but balanced and valid") {
        const std::string text = "{\"x\":\n" + std::string(80, '[') + std::string(80, ']') + "}";
        const auto p = parse_json_text(text);
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].line == 2);
    }
    SECTION("64 levels are fine") {
        const std::string text = std::string(64, '[') + std::string(64, ']');
        CHECK(parse_json_text(text).syntax_ok);
    }
    SECTION("invalid UTF-8 in a string") {
        const auto p = parse_json_text("{\n\"a\": \"caf\xE9\"}");
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].line == 2);
        CHECK(p.errors[0].pointer == "/a");
        // The message itself stays valid UTF-8: the bad byte is shown as \xe9.
        CHECK(p.errors[0].message.find("\\xe9") != std::string::npos);
        CHECK(p.errors[0].message.find('\xE9') == std::string::npos);
    }
    SECTION("a number too large for a double") {
        const auto p = parse_json_text("{\n\"a\": 1,\n\"b\": -1e999}");
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].line == 3);
        CHECK(p.errors[0].pointer == "/b");
        CHECK(p.errors[0].message.find("too large") != std::string::npos);
    }
    SECTION("hand-written JSON mistakes get their own words") {
        CHECK(parse_json_text("{\"a\": 1,\n}").errors.at(0).message.find("comma") !=
              std::string::npos);
        CHECK(parse_json_text("{\n// hi\n}").errors.at(0).message.find("no comments") !=
              std::string::npos);
        CHECK(parse_json_text("{'a': 1}").errors.at(0).message.find("double quotes") !=
              std::string::npos);
    }
}

TEST_CASE("parse_json_text: duplicate keys are errors, the value is still parsed",
          "[json_source_map]") {
    const auto p = parse_json_text("{\n\"seed\": 1,\n\"seed\": 2\n}");
    CHECK(p.syntax_ok);
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].line == 3);
    CHECK(p.errors[0].pointer == "/seed");
    CHECK(p.errors[0].message.find("line 2") != std::string::npos);
}

TEST_CASE("json pointers: escaping and validation follow RFC 6901", "[json_source_map]") {
    CHECK(json_pointer_escape("a/b~c") == "a~1b~0c");
    CHECK(json_pointer_child("", "x") == "/x");
    CHECK(json_pointer_child("/x", std::size_t{3}) == "/x/3");
    CHECK(is_valid_json_pointer(""));
    CHECK(is_valid_json_pointer("/"));
    CHECK(is_valid_json_pointer("/hosts/alice/reflexive/5000"));
    CHECK(is_valid_json_pointer("/a~0b/c~1d"));
    CHECK_FALSE(is_valid_json_pointer("hosts"));
    CHECK_FALSE(is_valid_json_pointer("/a~2"));
    CHECK_FALSE(is_valid_json_pointer("/a~"));
}

TEST_CASE("lines and columns of byte offsets", "[json_source_map]") {
    const std::string_view text = "ab\ncd\n\nef";
    CHECK(line_at_offset(text, 0) == 1);
    CHECK(line_at_offset(text, 2) == 1);
    CHECK(line_at_offset(text, 3) == 2);
    CHECK(line_at_offset(text, 7) == 4);
    CHECK(line_at_offset(text, 999) == 4);
    CHECK(column_at_offset(text, 0) == 1);
    CHECK(column_at_offset(text, 4) == 2);
    CHECK(column_at_offset(text, 8) == 2);
}

TEST_CASE("printable: control characters and invalid UTF-8 are escaped, long text cut",
          "[json_source_map]") {
    CHECK(printable("plain") == "plain");
    CHECK(printable("caf\xC3\xA9") == "caf\xC3\xA9");
    CHECK(printable("a\nb\x01") == "a\\x0ab\\x01");
    CHECK(printable("\xFF\xC0\x80") == "\\xff\\xc0\\x80");
    CHECK(printable("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // a UTF-16 surrogate
    CHECK(printable("\xE2\x82") == "\\xe2\\x82");           // a cut-off sequence
    CHECK(printable(std::string(100, 'x'), 10) == std::string(10, 'x') + "…");
    // Never cut inside a character.
    CHECK(printable("\xC3\xA9\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xC3\xA9…");
}

TEST_CASE("source map and parser survive any bytes", "[json_source_map]") {
    std::mt19937 rng(12345);  // fixed seed: the same inputs every run
    const std::string base = kSample;
    for (int i = 0; i < 1500; ++i) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 6);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % (text.size() + 1);
            switch (rng() % 4) {
                case 0:
                    text.insert(at, 1, static_cast<char>(rng() % 256));
                    break;
                case 1:
                    if (at < text.size()) text.erase(at, 1);
                    break;
                case 2:
                    if (at < text.size()) text[at] = "{}[]\",:\\~/0a \n"[rng() % 14];
                    break;
                default:
                    text.resize(at);
                    break;
            }
        }
        const auto p = parse_json_text(text);
        for (const auto& err : p.errors) {
            CHECK(err.line >= 1);
            CHECK(err.line <= line_at_offset(text, text.size()));
        }
        for (std::size_t stop = 0; stop < text.size(); stop += 1 + rng() % 40) {
            (void)JsonSourceMap::build(text, stop).stop_pointer();
        }
    }
    std::string noise(4096, '\0');
    for (auto& c : noise)
        c = static_cast<char>(rng() % 256);
    CHECK_FALSE(parse_json_text(noise).errors.empty());
}

TEST_CASE("source map: time and memory stay linear on pathological text", "[json_source_map]") {
    // A huge key: nothing below it is recorded, lines come from the nearest ancestor.
    const std::string key(5000, 'k');
    const auto map =
        JsonSourceMap::build("{\n\"a\": {\n\"" + key + "\": [1,\n 2, {\"x\": 1, \"x\": 2}]}}");
    CHECK_FALSE(map.contains("/a/" + key));
    CHECK(map.line("/a/" + key + "/1") == 2);
    REQUIRE(map.duplicate_keys().size() == 1);
    CHECK(map.duplicate_keys()[0].pointer == "/a");  // the nearest pointer that is recorded
    // Deep text: the scan stops at the depth limit instead of growing a stack.
    const auto deep = JsonSourceMap::build(std::string(100000, '['));
    CHECK(deep.size() <= static_cast<std::size_t>(kMaxJsonDepth) + 1);
    // Many values: all parse, and lines come back for those recorded.
    std::string many = "{\"x\": [";
    for (int i = 0; i < 100000; ++i)
        many += i ? ",\n0" : "0";
    many += "]}";
    const auto p = parse_json_text(many);
    REQUIRE(p.syntax_ok);
    CHECK(p.map.line("/x/1000") == 1001);
}
