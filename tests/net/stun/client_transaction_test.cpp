// ClientTransaction: RFC 8489 §6.2.1 retransmission timing on virtual time.
#include <catch2/catch.hpp>

#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

namespace {

const TransactionId kId = {1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144};

Bytes request() {
    return MessageBuilder(MessageClass::kRequest, Method::kBinding, kId).finish();
}

Message response(MessageClass cls, const TransactionId& id) {
    MessageBuilder b(cls, Method::kBinding, id);
    if (cls == MessageClass::kErrorResponse) b.error_code(400);
    if (cls == MessageClass::kSuccessResponse) {
        b.xor_mapped_address(*TransportAddress::parse("203.0.113.10:5000"));
    }
    return parse_message(b.finish()).value();
}

Instant ms(std::int64_t v) {
    return Instant{} + Duration::millis(v);
}

// Drives a transaction that never hears back; returns the send times in ms and when it
// failed.
std::pair<std::vector<std::int64_t>, std::int64_t> run_silent(RetransmitPolicy policy) {
    ClientTransaction t(request(), kId, Instant{}, policy);
    std::vector<std::int64_t> sends;
    Instant now{};
    for (int steps = 0; steps < 100 && t.state() == ClientTransaction::State::kPending; ++steps) {
        while (auto b = t.poll_transmit())
            sends.push_back(now.us / 1000);
        const auto next = t.next_timeout();
        REQUIRE(next.has_value());
        REQUIRE(*next > now);
        now = *next;
        t.handle_timeout(now);
    }
    CHECK(t.state() == ClientTransaction::State::kFailed);
    CHECK_FALSE(t.poll_transmit());
    CHECK_FALSE(t.next_timeout());
    CHECK(t.transmissions() == static_cast<int>(sends.size()));
    return {sends, now.us / 1000};
}

}  // namespace

TEST_CASE("default timing: sends at 0, 500, 1500, ..., 31500 ms and fails at 39500 ms",
          "[stun][transaction]") {
    const auto [sends, failed_at] = run_silent({});
    CHECK(sends == std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 15500, 31500});
    CHECK(failed_at == 39500);
}

TEST_CASE("Rc, Rm and RTO are configurable", "[stun][transaction]") {
    {
        const auto [sends, failed_at] = run_silent({Duration::millis(100), 3, 4});
        CHECK(sends == std::vector<std::int64_t>{0, 100, 300});
        CHECK(failed_at == 700);
    }
    {
        const auto [sends, failed_at] = run_silent({Duration::millis(250), 1, 16});
        CHECK(sends == std::vector<std::int64_t>{0});
        CHECK(failed_at == 4000);
    }
}

TEST_CASE("nothing happens before a deadline; exact deadlines fire", "[stun][transaction]") {
    ClientTransaction t(request(), kId, ms(1000));
    CHECK(t.poll_transmit() == request());
    CHECK_FALSE(t.poll_transmit());
    CHECK(t.next_timeout() == ms(1500));
    t.handle_timeout(ms(1499));
    CHECK_FALSE(t.poll_transmit());
    CHECK(t.transmissions() == 1);
    t.handle_timeout(ms(1500));
    CHECK(t.poll_transmit().has_value());
    CHECK(t.transmissions() == 2);
    CHECK(t.next_timeout() == ms(2500));
}

TEST_CASE("a late timeout catches up on every missed deadline", "[stun][transaction]") {
    ClientTransaction t(request(), kId, Instant{});
    (void)t.poll_transmit();
    t.handle_timeout(ms(4000));  // past 500, 1500 and 3500
    CHECK(t.transmissions() == 4);
    CHECK(t.poll_transmit().has_value());
    CHECK_FALSE(t.poll_transmit());  // one datagram, not three
    CHECK(t.next_timeout() == ms(7500));
    t.handle_timeout(ms(1000000));
    CHECK(t.state() == ClientTransaction::State::kFailed);
}

TEST_CASE("cancelled retransmissions: nothing more is sent, the wait keeps its end", "[stun][transaction]") {
    // rtclab's check schedule: requests at 0, 500, 1500, 3500 ms, failure at 5500 ms.
    const RetransmitPolicy checks{Duration::millis(500), 4, 4};
    {
        ClientTransaction t(request(), kId, Instant{}, checks);
        (void)t.poll_transmit();
        t.handle_timeout(ms(600));  // the second request
        CHECK(t.poll_transmit().has_value());
        t.cancel_retransmissions();
        CHECK(t.retransmissions_cancelled());
        CHECK(t.next_timeout() == ms(5500));  // when it would have failed anyway
        t.handle_timeout(ms(3500));
        CHECK_FALSE(t.poll_transmit());       // the 1500 and 3500 ms requests never go
        CHECK(t.state() == ClientTransaction::State::kPending);
        t.handle_timeout(ms(5500));
        CHECK(t.state() == ClientTransaction::State::kFailed);
        CHECK(t.transmissions() == 2);        // what really went out
    }
    {
        // A late response still completes it.
        ClientTransaction t(request(), kId, Instant{}, checks);
        (void)t.poll_transmit();
        t.cancel_retransmissions();
        t.handle_timeout(ms(4000));
        CHECK_FALSE(t.poll_transmit());
        CHECK(t.handle_response(ms(4000), response(MessageClass::kSuccessResponse, kId)));
        CHECK(t.state() == ClientTransaction::State::kSucceeded);
    }
    {
        // Cancelling a completed transaction changes nothing.
        ClientTransaction t(request(), kId, Instant{}, checks);
        (void)t.poll_transmit();
        REQUIRE(t.handle_response(ms(10), response(MessageClass::kSuccessResponse, kId)));
        t.cancel_retransmissions();
        CHECK_FALSE(t.retransmissions_cancelled());
        CHECK(t.state() == ClientTransaction::State::kSucceeded);
    }
}

TEST_CASE("a matching response completes the transaction", "[stun][transaction]") {
    ClientTransaction t(request(), kId, Instant{});
    (void)t.poll_transmit();
    t.handle_timeout(ms(500));
    (void)t.poll_transmit();

    TransactionId other = kId;
    other[11] ^= 1;
    CHECK_FALSE(t.handle_response(ms(600), response(MessageClass::kSuccessResponse, other)));
    CHECK_FALSE(t.handle_response(ms(600), response(MessageClass::kRequest, kId)));
    CHECK_FALSE(t.handle_response(ms(600), response(MessageClass::kIndication, kId)));
    CHECK(t.state() == ClientTransaction::State::kPending);

    CHECK(t.handle_response(ms(700), response(MessageClass::kSuccessResponse, kId)));
    CHECK(t.state() == ClientTransaction::State::kSucceeded);
    REQUIRE(t.response().has_value());
    CHECK(t.response()->xor_mapped_address()->to_string() == "203.0.113.10:5000");
    CHECK(t.completed_at() == ms(700));
    CHECK(t.transmissions() == 2);
    CHECK_FALSE(t.next_timeout());
    CHECK_FALSE(t.poll_transmit());
    t.handle_timeout(ms(100000));
    CHECK(t.state() == ClientTransaction::State::kSucceeded);
    // A duplicate response (to a retransmission) is not matched again.
    CHECK_FALSE(t.handle_response(ms(800), response(MessageClass::kSuccessResponse, kId)));
}

TEST_CASE("an error response completes the transaction too", "[stun][transaction]") {
    ClientTransaction t(request(), kId, Instant{});
    (void)t.poll_transmit();
    CHECK(t.handle_response(ms(20), response(MessageClass::kErrorResponse, kId)));
    CHECK(t.state() == ClientTransaction::State::kSucceeded);
    CHECK(t.response()->cls == MessageClass::kErrorResponse);
    CHECK(t.response()->error_code()->first == 400);
}

TEST_CASE("a response after failure is ignored", "[stun][transaction]") {
    ClientTransaction t(request(), kId, Instant{});
    t.handle_timeout(ms(40000));
    CHECK(t.state() == ClientTransaction::State::kFailed);
    CHECK_FALSE(t.handle_response(ms(40001), response(MessageClass::kSuccessResponse, kId)));
}

TEST_CASE("odd policies neither overflow nor spin", "[stun][transaction]") {
    for (RetransmitPolicy p :
         {RetransmitPolicy{Duration::seconds(1000000000), 60, 1000000},
          RetransmitPolicy{Duration{}, 5, 16}, RetransmitPolicy{Duration::millis(-5), 0, -3},
          RetransmitPolicy{Duration::millis(1), 1000000000, 16}}) {
        ClientTransaction t(request(), kId, Instant{}, p);
        (void)t.poll_transmit();
        for (int i = 0; i < 2000 && t.state() == ClientTransaction::State::kPending; ++i) {
            const auto next = t.next_timeout();
            REQUIRE(next.has_value());
            t.handle_timeout(*next);
        }
        CHECK(t.state() == ClientTransaction::State::kFailed);
        CHECK(t.transmissions() >= 1);
        CHECK(t.transmissions() <= 1000);
    }
}
