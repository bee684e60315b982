// Tests for the NAT presets: each RFC 3489 name maps to the RFC 4787 behaviours.
#include <catch2/catch.hpp>

#include "sim/nat_config.h"

using namespace rtclab::sim;

TEST_CASE("NAT presets carry RFC 3489 names over RFC 4787 behaviours", "[nat]") {
    auto full = nat_preset("full-cone");
    REQUIRE(full);
    CHECK(full->mapping == Behavior::kEndpointIndependent);
    CHECK(full->filtering == Behavior::kEndpointIndependent);
    CHECK(nat_preset("restricted-cone")->filtering == Behavior::kAddressDependent);
    CHECK(nat_preset("port-restricted-cone")->filtering == Behavior::kAddressAndPortDependent);
    auto sym = nat_preset("symmetric");
    CHECK(sym->mapping == Behavior::kAddressAndPortDependent);
    CHECK_FALSE(nat_preset("open")->translates);
    CHECK_FALSE(nat_preset("cone"));
    CHECK(describe(*full).find("full cone (RFC 3489)") == 0);
    CHECK(describe(*sym).find("symmetric") == 0);
}
