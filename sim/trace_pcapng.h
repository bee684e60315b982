// Exporting a trace's packets as pcapng: one interface per network (each NAT's inside and
// outside are different networks), every hop a packet with real IP/UDP headers, timestamped
// in virtual time. Works for a live trace and for one read back from JSON Lines.
#pragma once

#include "net/core/bytes.h"
#include "sim/trace.h"

namespace rtclab::sim {

net::Bytes trace_to_pcapng(const Trace& trace);

}  // namespace rtclab::sim
