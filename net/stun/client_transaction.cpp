#include "net/stun/client_transaction.h"

#include <algorithm>
#include <utility>

namespace rtclab::net::stun {
namespace {

// Waits are capped at a year so that no policy, however odd (a huge Rc doubles RTO that many
// times), can overflow the microsecond arithmetic.
constexpr Duration kMaxWait = Duration::seconds(365LL * 24 * 3600);

Duration capped_product(Duration d, std::int64_t k) {
    if (k <= 0 || d.us <= 0) return Duration{};
    if (d.us > kMaxWait.us / k) return kMaxWait;
    return d * k;
}

}  // namespace

ClientTransaction::ClientTransaction(Bytes request, TransactionId id, Instant now,
                                     RetransmitPolicy policy)
    : request_(std::move(request)), id_(id), policy_(policy) {
    // At least the first request; at most 1000, which no real policy comes near (7 is the
    // default) and which bounds the catch-up loop in handle_timeout().
    policy_.rc = std::clamp(policy_.rc, 1, 1000);
    if (policy_.rm < 0) policy_.rm = 0;
    policy_.rto = capped_product(policy_.rto, 1);
    interval_ = policy_.rto;
    // With a single request, the wait after it is already the final Rm x RTO.
    if (policy_.rc == 1) interval_ = capped_product(policy_.rto, policy_.rm);
    deadline_ = now + interval_;
}

std::optional<Bytes> ClientTransaction::poll_transmit() {
    if (!transmit_pending_ || state_ != State::kPending) return std::nullopt;
    transmit_pending_ = false;
    return request_;
}

void ClientTransaction::handle_timeout(Instant now) {
    while (state_ == State::kPending && now >= deadline_) {
        if (transmissions_ >= policy_.rc || cancelled_) {
            // The Rm x RTO after the last request has passed in silence (or, cancelled, the
            // time the whole schedule would have taken).
            state_ = State::kFailed;
            transmit_pending_ = false;
            return;
        }
        ++transmissions_;
        transmit_pending_ = true;
        // Doubling after each retransmission; after the last one (the Rc-th request) the
        // wait is Rm x RTO instead.
        interval_ = transmissions_ == policy_.rc ? capped_product(policy_.rto, policy_.rm)
                                                 : capped_product(interval_, 2);
        deadline_ = deadline_ + interval_;
    }
}

void ClientTransaction::cancel_retransmissions() {
    if (state_ != State::kPending || cancelled_) return;
    cancelled_ = true;
    // The schedule handle_timeout() would have followed, walked to its end: the failure time.
    // A request queued but not yet taken stays queued (it was due before the cancellation).
    Instant end = deadline_;
    Duration interval = interval_;
    for (int sent = transmissions_; sent < policy_.rc; ++sent) {
        interval = sent + 1 == policy_.rc ? capped_product(policy_.rto, policy_.rm) : capped_product(interval, 2);
        end = end + interval;
    }
    deadline_ = end;  // nothing more goes out: the next deadline is the failure
}

std::optional<Instant> ClientTransaction::next_timeout() const {
    if (state_ != State::kPending) return std::nullopt;
    return deadline_;
}

bool ClientTransaction::handle_response(Instant now, const Message& response) {
    if (state_ != State::kPending) return false;
    if (response.transaction_id != id_) return false;
    if (response.cls != MessageClass::kSuccessResponse &&
        response.cls != MessageClass::kErrorResponse) {
        return false;
    }
    state_ = State::kSucceeded;
    transmit_pending_ = false;
    response_ = response;
    completed_at_ = now;
    return true;
}

}  // namespace rtclab::net::stun
