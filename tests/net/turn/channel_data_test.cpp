// ChannelData framing (RFC 8656 §12.4-§12.6) and the RFC 7983 first-byte test.
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/core/rng.h"
#include "net/turn/channel_data.h"

using namespace rtclab::net;
using namespace rtclab::net::turn;

TEST_CASE("ChannelData round trip, with and without padding", "[turn][channel_data]") {
    for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 5u, 100u, 1200u}) {
        Bytes data(n);
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 7);
        for (bool pad : {false, true}) {
            CAPTURE(n, pad);
            const Bytes wire = encode_channel_data(0x4001, data, pad);
            CHECK(wire.size() == (pad ? (4 + n + 3) / 4 * 4 : 4 + n));
            CHECK(looks_like_channel_data(wire));
            auto parsed = parse_channel_data(wire);
            REQUIRE(parsed.ok());
            CHECK(parsed->channel == 0x4001);
            CHECK(Bytes(parsed->data.begin(), parsed->data.end()) == data);
        }
    }
}

TEST_CASE("ChannelData wire format is channel, length, data", "[turn][channel_data]") {
    const Bytes b = {'h', 'i', '!'};
    CHECK(to_hex(encode_channel_data(0x4abc, b)) == "4abc0003686921");
    CHECK(to_hex(encode_channel_data(0x4abc, b, true)) == "4abc000368692100");
    CHECK(to_hex(encode_channel_data(0x4000, {})) == "40000000");
}

TEST_CASE("RFC 7983 demultiplexing: 64..79 is ChannelData", "[turn][channel_data]") {
    for (int b = 0; b < 256; ++b) {
        const Bytes d = {static_cast<std::uint8_t>(b), 0, 0, 0};
        CHECK(looks_like_channel_data(d) == (b >= 64 && b <= 79));
    }
    CHECK_FALSE(looks_like_channel_data(Bytes{}));
}

TEST_CASE("malformed ChannelData: each error names its offset", "[turn][channel_data]") {
    struct Case {
        const char* hex;
        std::size_t offset;
        const char* message;
    };
    const Case cases[] = {
        {"", 0, "0 bytes cannot hold the 4-byte ChannelData header"},
        {"4000", 0, "2 bytes cannot hold the 4-byte ChannelData header"},
        {"400000", 0, "3 bytes cannot hold"},
        {"3fff0000", 0, "channel number 0x3FFF is outside 0x4000-0x4FFF"},
        {"50000000", 0, "channel number 0x5000 is outside 0x4000-0x4FFF"},
        {"ffff0000", 0, "channel number 0xFFFF is outside"},
        {"40000004aabbcc", 2, "length 4 is more than the 3 bytes after the header"},
        {"4000ffff", 2, "length 65535 is more than the 0 bytes after the header"},
        {"40000001aa00000000", 5, "4 bytes follow the data; padding is at most 3"},
        {"40000000 00000000", 4, "4 bytes follow the data"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.hex);
        const Bytes b = *c.hex ? *parse_hex(c.hex) : Bytes{};
        auto r = parse_channel_data(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().offset == c.offset);
        CHECK(r.error().message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("padding up to a multiple of 4 is accepted over UDP (RFC 8656 §12.5)", "[turn][channel_data]") {
    auto r = parse_channel_data(*parse_hex("40000002aabb0000"));  // 4 + 2, padded to 8
    REQUIRE(r.ok());
    CHECK(r->data.size() == 2);
    CHECK_FALSE(parse_channel_data(*parse_hex("40000004aabbccdd00")).ok());  // 8 is aligned already
}

TEST_CASE("ChannelData parser survives random bytes", "[turn][channel_data][fuzz]") {
    Rng rng(42);
    for (int i = 0; i < 20000; ++i) {
        Bytes b(rng.below(40));
        rng.fill(b);
        if (!b.empty() && rng.chance(0.7)) b[0] = static_cast<std::uint8_t>(0x40 + rng.below(16));
        auto r = parse_channel_data(b);
        if (r.ok()) {
            CHECK(is_valid_channel(r->channel));
            CHECK(r->data.size() + 4 <= b.size());
            CHECK(b.size() - 4 - r->data.size() < 4);
        }
    }
}
