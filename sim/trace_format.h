// Formatting a trace event for people and files: kind name, lanes, summary, detail,
// explanation, state changes and packet — computed from the compact record when asked.
//
// This is the one place that turns the in-memory trace into the JSON Lines event shape
// (docs/trace-format.md), so the file, the transcript, the GUI and the tests agree.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/trace.h"

namespace rtclab::sim {

std::string event_kind(const Trace& trace, std::size_t i);
std::string event_summary(const Trace& trace, std::size_t i);
std::string event_explain(const Trace& trace, std::size_t i);
nlohmann::ordered_json event_detail(const Trace& trace, std::size_t i);
// The state changes: [{"path", "value"} | {"path", "remove": true}, ...].
nlohmann::json event_changes(const Trace& trace, std::size_t i);
// {"link", "src", "dst", "hex"} or null.
nlohmann::ordered_json event_packet(const Trace& trace, std::size_t i);
// Lane ids, [from, to] for an arrow or [lane] for a mark.
nlohmann::json event_lanes(const Trace& trace, std::size_t i);

// A datagram that went nowhere, outside a NAT's decisions: link.loss, net.unreachable,
// net.no-host, host.port-unreachable (nat.drop is the NAT's own kind).
bool is_lost_datagram_kind(std::string_view kind);

// The whole event as one JSON Lines record.
nlohmann::ordered_json event_json(const Trace& trace, std::size_t i);

// "stun" or "udp": what the payload looks like (RFC 7983 demultiplexing by first byte).
std::string payload_protocol(net::ByteView payload);
// A one-line description of a payload: a STUN summary, or "UDP 5 bytes: "hello"".
std::string payload_summary(net::ByteView payload);

std::string drop_reason_text(DropReason reason);

}  // namespace rtclab::sim
