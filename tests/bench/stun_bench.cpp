#include "stun_bench.h"

#include <stun/stunagent.h>

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "net/core/rng.h"
#include "net/stun/stun.h"

namespace rtclab::bench {
namespace {

namespace stun = net::stun;

// A realistic ICE check: "RFRAG:LFRAG" with 4-character ufrags (RFC 8839 §5.4 allows 4 to
// 256), the 22-character ice-pwd of RFC 5769, a host candidate's priority.
constexpr const char* kUsername = "ZXL5:Ff3o";
constexpr const char* kPassword = "VOkJxbRl1RmTxUk/WvJxBt";
constexpr std::uint32_t kPriority = 1853824767;
constexpr std::uint64_t kTieBreaker = 0x932ff9b151263b36ull;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "stun bench: %s\n", what);
    std::abort();
}

// One round trip with our codec; returns whether both checks were valid.
bool our_round_trip(net::Rng& rng, const stun::IntegrityKey& key) {
    const net::Bytes wire =
        stun::MessageBuilder(stun::MessageClass::kRequest, stun::Method::kBinding,
                             stun::random_transaction_id(rng))
            .username(kUsername)
            .priority(kPriority)
            .ice_controlling(kTieBreaker)
            .finish(&key, true);
    auto m = stun::parse_message(wire);
    if (!m) return false;
    return stun::verify_integrity(*m, wire, &key) == stun::Verdict::kValid &&
           stun::verify_fingerprint(*m, wire) == stun::Verdict::kValid;
}

const uint16_t kKnown[] = {STUN_ATTRIBUTE_USERNAME,        STUN_ATTRIBUTE_MESSAGE_INTEGRITY,
                           STUN_ATTRIBUTE_PRIORITY,        STUN_ATTRIBUTE_USE_CANDIDATE,
                           STUN_ATTRIBUTE_ICE_CONTROLLING, STUN_ATTRIBUTE_ICE_CONTROLLED,
                           STUN_ATTRIBUTE_FINGERPRINT,     0};

struct Libnice {
    StunAgent sender{};
    StunAgent receiver{};
    StunDefaultValidaterData credentials[2] = {
        {reinterpret_cast<uint8_t*>(const_cast<char*>(kUsername)), std::strlen(kUsername),
         reinterpret_cast<uint8_t*>(const_cast<char*>(kPassword)), std::strlen(kPassword)},
        {nullptr, 0, nullptr, 0}};
    uint8_t buffer[512] = {};

    Libnice() {
        // OR-ed flags are an int in C++: cast back to the enum.
        const auto flags = static_cast<StunAgentUsageFlags>(
            STUN_AGENT_USAGE_SHORT_TERM_CREDENTIALS | STUN_AGENT_USAGE_USE_FINGERPRINT);
        stun_agent_init(&sender, kKnown, STUN_COMPATIBILITY_RFC5389, flags);
        stun_agent_init(&receiver, kKnown, STUN_COMPATIBILITY_RFC5389, flags);
    }

    bool round_trip() {
        StunMessage msg;
        if (!stun_agent_init_request(&sender, &msg, buffer, sizeof buffer, STUN_BINDING))
            return false;
        stun_message_append_string(&msg, STUN_ATTRIBUTE_USERNAME, kUsername);
        stun_message_append32(&msg, STUN_ATTRIBUTE_PRIORITY, kPriority);
        stun_message_append64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, kTieBreaker);
        const size_t len = stun_agent_finish_message(
            &sender, &msg, reinterpret_cast<const uint8_t*>(kPassword), std::strlen(kPassword));
        // The agent remembers request ids in 200 slots to match responses; none comes here.
        StunTransactionId id;
        stun_message_id(&msg, id);
        stun_agent_forget_transaction(&sender, id);
        if (len == 0) return false;
        StunMessage received;
        // Validation checks FINGERPRINT, USERNAME and MESSAGE-INTEGRITY.
        return stun_agent_validate(&receiver, &received, buffer, len, stun_agent_default_validater,
                                   credentials) == STUN_VALIDATION_SUCCESS;
    }
};

// CPU time of this thread, not wall time: the benchmark machines are shared (two cores,
// parallel builds), and time spent descheduled is not the codec's.
double thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

template <class F>
double mean_ns(int iterations, F&& round_trip) {
    int valid = 0;
    const double start = thread_cpu_ns();
    for (int i = 0; i < iterations; ++i)
        valid += round_trip() ? 1 : 0;
    const double stop = thread_cpu_ns();
    if (valid != iterations) fail("a round trip did not verify inside the timed loop");
    return (stop - start) / static_cast<double>(iterations > 0 ? iterations : 1);
}

}  // namespace

double bench_stun_roundtrip_ns(int iterations) {
    const auto key = stun::IntegrityKey::short_term(kPassword);
    net::Rng rng(1);
    // Checked once outside the loop: a valid request verifies, a tampered one does not.
    {
        net::Rng probe(1);
        if (!our_round_trip(probe, key)) fail("our codec does not verify its own request");
        net::Bytes wire = stun::MessageBuilder(stun::MessageClass::kRequest, stun::Method::kBinding,
                                               stun::random_transaction_id(probe))
                              .username(kUsername)
                              .finish(&key, true);
        wire[25] ^= 1;
        auto m = stun::parse_message(wire);
        if (!m || stun::verify_integrity(*m, wire, &key) != stun::Verdict::kInvalid ||
            stun::verify_fingerprint(*m, wire) != stun::Verdict::kInvalid) {
            fail("our codec accepts a tampered request");
        }
    }
    return mean_ns(iterations, [&] { return our_round_trip(rng, key); });
}

double bench_libnice_stun_roundtrip_ns(int iterations) {
    Libnice nice;
    if (!nice.round_trip()) fail("libnice does not validate its own request");
    return mean_ns(iterations, [&] { return nice.round_trip(); });
}

}  // namespace rtclab::bench
