// The clocks of TURN: how long allocations, permissions and channel bindings live on the
// server, and when a client refreshes them (RFC 8656 §6, §8, §9, §12).
#pragma once

#include "net/core/time.h"

namespace rtclab::net::turn {

// RFC 8656 §6: "By default, each Allocate or Refresh transaction resets this timer to the
// default lifetime value of 600 seconds (10 minutes)".
inline constexpr Duration kDefaultAllocationLifetime = Duration::seconds(600);

// RFC 8656 §7.2: "It is RECOMMENDED that the server use a maximum allowed lifetime value of
// no more than 3600 seconds (1 hour)."
inline constexpr Duration kMaxAllocationLifetime = Duration::seconds(3600);

// RFC 8656 §9: "The Permission Lifetime MUST be 300 seconds (= 5 minutes)."
inline constexpr Duration kPermissionLifetime = Duration::seconds(300);

// RFC 8656 §12: "A channel binding lasts for 10 minutes unless refreshed."
inline constexpr Duration kChannelLifetime = Duration::seconds(600);

// RFC 8656 §5: the server "SHOULD expire the nonce at least once every hour during the
// lifetime of the allocation."
inline constexpr Duration kDefaultNonceLifetime = Duration::seconds(3600);

// --- client side ------------------------------------------------------------------------------

// RFC 8656 §8: "It is suggested that the client refresh the allocation roughly 1 minute
// before it expires." Allocations shorter than two minutes are refreshed at half their
// lifetime instead, so a refresh never falls due at once.
inline constexpr Duration kAllocationRefreshMargin = Duration::seconds(60);

// Permissions live 300 s and channels 600 s; the client renews each a minute early, so one
// lost request still leaves time for the ClientTransaction's retransmissions (39.5 s).
inline constexpr Duration kPermissionRefreshAfter = Duration::seconds(240);
inline constexpr Duration kChannelRefreshAfter = Duration::seconds(540);

// When to refresh an allocation granted `lifetime` at `granted`.
constexpr Instant allocation_refresh_time(Instant granted, Duration lifetime) {
    return lifetime > kAllocationRefreshMargin * 2 ? granted + lifetime - kAllocationRefreshMargin
                                                   : granted + lifetime / 2;
}

}  // namespace rtclab::net::turn
