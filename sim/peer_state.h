// The /peers/<name> part of the state document (docs/trace-format.md): what a peer's
// PeerConnection looks like at one instant, and the state changes between two such instants.
//
// The peer app snapshots its PeerConnection after everything it records and attaches the
// difference to the event, so that folding the trace gives, at every step, the four
// descriptions, the states, the candidates and the check list exactly as they were.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "net/jsep/peer_connection.h"

namespace rtclab::sim {

// {"signalingState", "iceGatheringState", "iceConnectionState", "connectionState",
//  "localDescription" / "remoteDescription" ("pending" or "current": which one the
//  attribute returns, or null), the four descriptions (null or {"type", "sdp"}),
//  "localCandidates" / "remoteCandidates": {id: {type, address, port, protocol, priority,
//  foundation, relatedAddress}}, "candidatePairs": {id: {state, nominated, local, remote,
//  priority}}, "selectedPair": pair id or null, "role": "controlling"/"controlled",
//  "fingerprint"}.
nlohmann::json peer_state_json(const net::jsep::PeerConnection& pc);

// "host 192.168.1.10:50000": a candidate's id in the state document.
std::string candidate_id(const net::sdp::Candidate& c);

// The state changes that turn `before` into `after` under `base` (e.g. "/peers/alice"):
// one per changed top-level member, and one per changed entry of the candidate and pair maps.
nlohmann::json peer_state_changes(const std::string& base, const nlohmann::json& before,
                                  const nlohmann::json& after);

}  // namespace rtclab::sim
