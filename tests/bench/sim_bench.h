// Simulator throughput: datagrams forwarded through two NATs per wall-clock second.
#pragma once

#include <cstdint>

namespace rtclab::bench {

// Sends `datagrams` UDP datagrams from Alice (behind nat-a) to Bob (behind nat-b) through
// established full-cone mappings — three hops and two NAT translations each — and returns
// delivered datagrams per wall second. With `traced`, every hop and NAT decision is recorded
// in the in-memory trace (not written out).
double bench_sim_datagrams_per_s(std::uint64_t datagrams, bool traced);

}  // namespace rtclab::bench
