// Random garbage: thousands of mutated browser offers and candidate strings. Whatever the
// bytes, parsing returns a description or an error naming a line (never a crash -- run under
// ASan/UBSan), and whatever parses writes out text that parses again to the same text.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "net/core/rng.h"
#include "net/sdp/browser_sdp.h"
#include "net/sdp/sdp.h"

using namespace rtclab::net;
using namespace rtclab::net::sdp;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find("\r\n", pos);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

// Bytes that matter to the grammar, so mutations reach deep into the parsers.
// (An array, not a string_view from a pointer: it holds a NUL.)
constexpr char kInteresting[] =
    " :/=-.;*\r\n\0\x7f\xff"
    "0123456789aAzZ{}";

char random_byte(Rng& rng) {
    if (rng.chance(0.5)) return kInteresting[rng.below(sizeof kInteresting - 1)];
    return static_cast<char>(rng.below(256));
}

std::string mutate(const std::string& text, Rng& rng) {
    std::string out = text;
    const int edits = 1 + static_cast<int>(rng.below(6));
    for (int e = 0; e < edits && !out.empty(); ++e) {
        const std::size_t at = rng.below(out.size());
        switch (rng.below(8)) {
            case 0:
                out[at] = random_byte(rng);
                break;  // flip a byte
            case 1:
                out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), random_byte(rng));
                break;
            case 2:
                out.erase(at, 1 + rng.below(8));
                break;  // delete a few
            case 3:
                out.resize(at);
                break;  // truncate
            case 4: {   // duplicate a span
                const std::string span = out.substr(at, rng.below(200));
                out.insert(rng.below(out.size() + 1), span);
                break;
            }
            case 5: {  // swap two lines
                auto lines = split_lines(out);
                if (lines.size() < 2) break;
                std::swap(lines[rng.below(lines.size())], lines[rng.below(lines.size())]);
                out.clear();
                for (const auto& l : lines)
                    out += l + "\r\n";
                break;
            }
            case 6: {  // replace a number-looking run with an extreme one
                static const char* extremes[] = {"0",
                                                 "-1",
                                                 "65536",
                                                 "4294967296",
                                                 "18446744073709551616",
                                                 "99999999999999999999999",
                                                 "",
                                                 " ",
                                                 "256",
                                                 "128"};
                std::size_t end = at;
                while (end < out.size() && out[end] >= '0' && out[end] <= '9')
                    ++end;
                out.replace(at, end - at, extremes[rng.below(std::size(extremes))]);
                break;
            }
            default:  // splice a random field separator
                out.insert(at, rng.chance(0.5) ? " " : ":");
                break;
        }
    }
    return out;
}

void check_one(const std::string& input) {
    auto parsed = parse_sdp(input);
    if (!parsed) {
        // Every error names its line.
        CHECK(parsed.error().message.starts_with("line "));
        return;
    }
    // Whatever parsed writes out as text that parses again, to the same text.
    const std::string once = to_string(*parsed);
    auto again = parse_sdp(once);
    if (!again) {
        FAIL_CHECK("re-parse failed: " << again.error().message << "\ninput:\n" << input);
        return;
    }
    const std::string twice = to_string(*again);
    if (twice != once) FAIL_CHECK("output is not stable for input:\n" << input);
}

}  // namespace

TEST_CASE("thousands of mutated offers never crash and stay consistent", "[sdp][fuzz]") {
    Rng rng(20240607);
    const std::string seeds[] = {test::chrome_offer(), test::firefox_offer(),
                                 to_string(make_offer(OfferShape{}))};
    int accepted = 0;
    constexpr int kRounds = 6000;
    for (int i = 0; i < kRounds; ++i) {
        const std::string input = mutate(seeds[i % std::size(seeds)], rng);
        check_one(input);
        accepted += parse_sdp(input).ok() ? 1 : 0;
    }
    // Some mutations hit harmless places (unknown attributes, values), most break something:
    // both paths are exercised.
    CHECK(accepted > kRounds / 20);
    CHECK(accepted < kRounds);
}

TEST_CASE("pure random bytes never crash", "[sdp][fuzz]") {
    Rng rng(7);
    for (int i = 0; i < 3000; ++i) {
        std::string input(rng.below(400), '\0');
        for (char& c : input)
            c = random_byte(rng);
        if (rng.chance(0.5)) input = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" + input;
        check_one(input);
    }
}

TEST_CASE("mutated candidate strings never crash and print back stably", "[sdp][fuzz]") {
    Rng rng(99);
    const std::string seeds[] = {
        "candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr 192.168.1.20 "
        "rport 54400 generation 0 ufrag EsAw network-id 1 network-cost 10",
        "candidate:2 1 TCP 2105524479 2001:db8::33 9 typ host tcptype active",
        "a=candidate:1 1 udp 2113937151 3f1f0c5e-7b1a-4c53-9d7e-6a2b8c4d1e0f.local 54402 typ host",
    };
    for (int i = 0; i < 5000; ++i) {
        const std::string input = mutate(seeds[i % std::size(seeds)], rng);
        auto c = parse_candidate(input);
        if (!c) {
            CHECK(c.error().message.starts_with("candidate: "));
            continue;
        }
        const std::string once = to_string(*c);
        auto again = parse_candidate(once);
        REQUIRE(again.ok());
        CHECK(*again == *c);
        CHECK(to_string(*again) == once);
    }
}
