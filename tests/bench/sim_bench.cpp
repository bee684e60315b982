#include "sim_bench.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "sim/world.h"

namespace rtclab::bench {

namespace {

using namespace rtclab::sim;

class Sink : public App {
public:
    void on_datagram(World&, const Received&) override { ++received; }
    std::uint64_t received = 0;
};

Scenario two_full_cone_homes() {
    Scenario s;
    s.name = "bench";
    s.duration = net::Duration::seconds(1);
    TopologySpec& t = s.topology;
    const LinkConfig link{net::Duration::millis(5), {}, 0.0};
    t.networks.push_back(NetworkSpec{"internet", *net::Cidr::parse("0.0.0.0/0"), link, "", std::nullopt});
    t.networks.push_back(NetworkSpec{"home-a", *net::Cidr::parse("192.168.1.0/24"), link, "internet",
                                     NatSpec{"nat-a", *net::IpAddress::parse("203.0.113.10"),
                                             *net::IpAddress::parse("192.168.1.1"), *nat_preset("full-cone")}});
    t.networks.push_back(NetworkSpec{"home-b", *net::Cidr::parse("192.168.1.0/24"), link, "internet",
                                     NatSpec{"nat-b", *net::IpAddress::parse("198.51.100.20"),
                                             *net::IpAddress::parse("192.168.1.1"), *nat_preset("full-cone")}});
    t.hosts.push_back(make_host("alice", "Alice", "home-a", *net::IpAddress::parse("192.168.1.10")));
    t.hosts.push_back(make_host("bob", "Bob", "home-b", *net::IpAddress::parse("192.168.1.20")));
    return s;
}

}  // namespace

double bench_sim_datagrams_per_s(std::uint64_t datagrams, bool traced) {
    World world(two_full_cone_homes(), WorldOptions{std::nullopt, traced});
    auto sink = std::make_unique<Sink>();
    Sink* bob_sink = sink.get();
    const std::uint32_t app = world.add_app(std::move(sink));
    const std::uint32_t alice = *world.host_index("alice");
    const std::uint32_t bob = *world.host_index("bob");
    world.bind(bob, 6000, app);
    world.bind(alice, 5000, world.add_app(std::make_unique<Sink>()));
    // Open both NATs: Alice's first packet creates her mapping (and is dropped at nat-b);
    // Bob's creates his, and reaches Alice through her full-cone mapping.
    const std::uint8_t payload[100] = {};
    const auto alice_public = *net::TransportAddress::parse("203.0.113.10:5000");
    const auto bob_public = *net::TransportAddress::parse("198.51.100.20:6000");
    world.send(alice, 5000, bob_public, payload);
    world.run_until(world.now() + net::Duration::millis(100));
    world.send(bob, 6000, alice_public, payload);
    world.run_until(world.now() + net::Duration::millis(100));
    const std::uint64_t before = bob_sink->received;

    constexpr std::uint64_t kBatch = 1000;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t sent = 0; sent < datagrams; sent += kBatch) {
        for (std::uint64_t i = 0; i < kBatch; ++i) world.send(alice, 5000, bob_public, payload);
        world.run_until(world.now() + net::Duration::millis(20));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::uint64_t delivered = bob_sink->received - before;
    if (delivered != (datagrams + kBatch - 1) / kBatch * kBatch) {
        std::fprintf(stderr, "rtclab-bench: only %llu of the datagrams arrived: the benchmark is broken\n",
                     static_cast<unsigned long long>(delivered));
        std::exit(3);
    }
    return static_cast<double>(delivered) / seconds;
}

}  // namespace rtclab::bench
