// ClientTransaction: one STUN request over UDP, retransmitted on virtual time until a
// response arrives or the transaction times out (RFC 8489 §6.2.1).
#pragma once

#include <optional>

#include "net/core/bytes.h"
#include "net/core/time.h"
#include "net/stun/message.h"
#include "net/stun/transaction_id.h"

namespace rtclab::net::stun {

// RFC 8489 §6.2.1's three knobs, with its defaults.
struct RetransmitPolicy {
    // "the initial value for RTO SHOULD be greater than or equal to 500 ms ... In fixed-line
    // access links, a value of 500 ms is RECOMMENDED." (RFC 8489 §6.2.1; rtclab keeps no RTT
    // estimate between transactions, so every transaction starts from this value.)
    Duration rto = Duration::millis(500);
    // "Retransmissions continue until a response is received or until a total of Rc
    // requests have been sent. Rc SHOULD be configurable and SHOULD have a default of 7."
    int rc = 7;
    // "If, after the last request, a duration equal to Rm times the RTO has passed without
    // a response ..., the client SHOULD consider the transaction to have failed. Rm SHOULD
    // be configurable and SHOULD have a default of 16."
    int rm = 16;
};

// Sans-IO: the owner sends what poll_transmit() gives, calls handle_timeout() when
// next_timeout() passes and handle_response() for every parsed response. With the defaults
// the request goes out at 0, 500, 1500, 3500, 7500, 15500 and 31500 ms ("the client SHOULD
// retransmit a STUN request message starting with an interval of RTO, doubling after each
// retransmission") and the transaction fails at 39500 ms (31500 + 16 x 500).
class ClientTransaction {
  public:
    enum class State {
        kPending,    // waiting for a response
        kSucceeded,  // a response came: success or error response (check response()->cls);
                     // either way the transaction is complete (RFC 8489 §6.3)
        kFailed,     // timed out: Rc requests and Rm x RTO of silence after the last
    };

    // The first transmission is queued at `now`.
    ClientTransaction(Bytes request, TransactionId id, Instant now, RetransmitPolicy policy = {});

    // The request bytes, once for the first send and once for each retransmission due.
    std::optional<Bytes> poll_transmit();

    // Retransmits or fails when a deadline has passed; does nothing otherwise. If called
    // late, past several deadlines, it catches up on all of them (each missed
    // retransmission counts, one datagram is queued).
    void handle_timeout(Instant now);

    // When handle_timeout() next has something to do; nullopt once complete or failed.
    std::optional<Instant> next_timeout() const;

    // Stops retransmitting, keeping the wait for a response: the transaction still completes
    // if a response comes before it would have failed, and fails then otherwise. (RFC 8445
    // §8.1.2's cancellation of an in-progress check: "the agent will not retransmit the
    // Binding requests ... but will wait the duration of the transaction timeout for a
    // response".) Does nothing unless pending.
    void cancel_retransmissions();
    bool retransmissions_cancelled() const { return cancelled_; }

    // True when response is a success or error response with this transaction's id while
    // the transaction is pending; it then completes. Anything else is left alone (false):
    // RFC 8489 §6.3 has the client match responses by transaction id.
    bool handle_response(Instant now, const Message& response);

    State state() const { return state_; }
    const TransactionId& id() const { return id_; }
    // Requests sent so far (queued for sending), 1..rc.
    int transmissions() const { return transmissions_; }
    // The response that completed the transaction, and when it came.
    const std::optional<Message>& response() const { return response_; }
    std::optional<Instant> completed_at() const { return completed_at_; }

  private:
    Bytes request_;
    TransactionId id_;
    RetransmitPolicy policy_;
    State state_ = State::kPending;
    int transmissions_ = 1;
    bool transmit_pending_ = true;
    bool cancelled_ = false;
    Duration interval_;  // the wait after the latest transmission
    Instant deadline_;   // the next retransmission, or the failure time after the last one
    std::optional<Message> response_;
    std::optional<Instant> completed_at_;
};

}  // namespace rtclab::net::stun
