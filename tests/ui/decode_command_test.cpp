// `rtclab decode` (run_decode): JSON for STUN, one clear line for everything else.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "net/core/hex.h"
#include "net/core/rng.h"
#include "net/stun/rfc5769_vectors.h"
#include "ui/cli/decode_command.h"

using namespace rtclab;
using rtclab::cli::DecodeOptions;
using rtclab::cli::run_decode;

namespace {

struct Run {
    int code = 0;
    std::string out, err;
};

Run decode(DecodeOptions o) {
    std::ostringstream out, err;
    Run r;
    r.code = run_decode(o, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

DecodeOptions hex(std::string_view text) {
    return DecodeOptions{std::string(text), {}, {}, {}};
}

}  // namespace

TEST_CASE("decode prints the JSON of a STUN message", "[ui][decode]") {
    DecodeOptions o = hex(test::rfc5769::kRequest);
    o.password = std::string(test::rfc5769::kShortTermPassword);
    const Run r = decode(o);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["protocol"] == "stun");
    CHECK(j["method"] == "binding");
    CHECK(j["message_integrity"] == "valid");
    CHECK(j["fingerprint"] == "valid");
    // Pretty, 2-space indent, keys in the documented order, a final newline.
    CHECK(r.out.rfind("{\n  \"protocol\": \"stun\",\n  \"class\": \"request\",\n", 0) == 0);
    CHECK(r.out.find("\n    {\n      \"type\": \"SOFTWARE\"") != std::string::npos);
    CHECK(r.out.back() == '\n');
}

TEST_CASE("decode with long-term credentials", "[ui][decode]") {
    DecodeOptions o = hex(test::rfc5769::kLongTermRequest);
    o.username = std::string(test::rfc5769::kLongTermUsername);
    o.realm = std::string(test::rfc5769::kLongTermRealm);
    o.password = std::string(test::rfc5769::kLongTermPassword);
    Run r = decode(o);
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out)["message_integrity"] == "valid");
    CHECK(nlohmann::json::parse(r.out)["fingerprint"] == "absent");

    o.password = "wrong";
    r = decode(o);
    CHECK(nlohmann::json::parse(r.out)["message_integrity"] == "invalid");

    // Without credentials: unverified, not an error.
    r = decode(hex(test::rfc5769::kLongTermRequest));
    CHECK(r.code == 0);
    CHECK(nlohmann::json::parse(r.out)["message_integrity"] == "unverified");
}

TEST_CASE("decode: incomplete credentials are a usage error", "[ui][decode]") {
    for (int which = 0; which < 4; ++which) {
        DecodeOptions o = hex(test::rfc5769::kRequest);
        if (which == 0) o.username = "u";
        if (which == 1) o.realm = "r";
        if (which == 2) {
            o.username = "u";
            o.password = "p";
        }
        if (which == 3) {
            o.realm = "r";
            o.password = "p";
        }
        const Run r = decode(o);
        CAPTURE(which);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("rtclab decode: ", 0) == 0);
        CHECK(r.err.find("--username and --realm") != std::string::npos);
    }
}

TEST_CASE("decode: bad hex, non-STUN and malformed STUN give one line and code 2", "[ui][decode]") {
    Run r = decode(hex("0001 00g8"));
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "rtclab decode: offset 7: 'g' is not a hex digit\n");

    r = decode(hex("000"));
    CHECK(r.code == 2);
    CHECK(r.err.rfind("rtclab decode: offset ", 0) == 0);

    r = decode(hex(""));
    CHECK(r.code == 2);
    CHECK(r.err == "rtclab decode: no hex digits\n");

    // A DTLS-looking record.
    r = decode(hex("16fefd0000000000000000"));
    CHECK(r.code == 2);
    CHECK(r.err.rfind("rtclab decode: not a STUN message: offset ", 0) == 0);

    // Right size, wrong cookie.
    r = decode(hex("0001 0000 2112a443 000000000000000000000000"));
    CHECK(
        r.err ==
        "rtclab decode: not a STUN message: offset 4: magic cookie is 0x2112a443 not 0x2112a442\n");

    // Looks like STUN, but an attribute is broken.
    r = decode(hex("0001 0008 2112a442 000000000000000000000000 0020 0004 0003 0000"));
    CHECK(r.code == 2);
    CHECK(r.err ==
          "rtclab decode: malformed STUN message: offset 20: XOR-MAPPED-ADDRESS: family 0x03 is "
          "neither IPv4 (0x01) nor IPv6 (0x02)\n");
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("decode: garbage never crashes and always answers", "[ui][decode]") {
    net::Rng rng(5);
    const std::string alphabet = "0123456789abcdefABCDEF :-xg\n";
    for (int i = 0; i < 2000; ++i) {
        std::string text;
        const auto n = rng.below(80);
        for (std::uint64_t k = 0; k < n; ++k)
            text += alphabet[rng.below(alphabet.size())];
        if (i % 2 == 0)
            text = std::string(test::rfc5769::kIpv4Response).substr(0, rng.below(200)) +
                   text.substr(0, 3);
        const Run r = decode(hex(text));
        CHECK((r.code == 0 || r.code == 2));
        if (r.code == 0) {
            CHECK(r.err.empty());
            CHECK_NOTHROW(nlohmann::json::parse(r.out));
        } else {
            CHECK(r.out.empty());
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        }
    }
}
