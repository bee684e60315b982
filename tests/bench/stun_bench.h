// STUN codec cost: one ICE connectivity check built, parsed and verified, with our codec and
// with libnice's.
#pragma once

namespace rtclab::bench {

// Builds a Binding request with USERNAME, PRIORITY, ICE-CONTROLLING, MESSAGE-INTEGRITY
// (short-term key prepared once, outside the loop) and FINGERPRINT, with transaction ids
// from a seeded Rng; then parses it and verifies MESSAGE-INTEGRITY and FINGERPRINT. Returns
// the mean wall-clock nanoseconds per round trip. Aborts if a check does not verify.
double bench_stun_roundtrip_ns(int iterations);

// The same work with libnice's STUN codec (stun_agent_init_request / stun_agent_finish_message
// / stun_agent_validate).
double bench_libnice_stun_roundtrip_ns(int iterations);

}  // namespace rtclab::bench
