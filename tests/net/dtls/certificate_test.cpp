// dtls::Certificate: deterministic per seed, a valid X.509 certificate (Mbed TLS parses it back),
// and a fingerprint that is the SHA-256 of its DER -- checked against OpenSSL's command line, an
// independent implementation.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <unistd.h>

#include <mbedtls/ecp.h>
#include <mbedtls/x509_crt.h>

#include "net/dtls/certificate.h"

using namespace rtclab::net;

namespace {

// Runs a command and returns its standard output (empty if it could not run).
std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>/dev/null").c_str(), "r"),
                                               ::pclose);
    if (!pipe) return {};
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, pipe.get()))
        out += buf;
    return out;
}

}  // namespace

TEST_CASE("a certificate is deterministic per seed", "[dtls][certificate]") {
    auto a = dtls::Certificate::generate(Rng(42).fork("certificate"));
    auto b = dtls::Certificate::generate(Rng(42).fork("certificate"));
    auto c = dtls::Certificate::generate(Rng(43).fork("certificate"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(a->der() == b->der());
    CHECK(a->fingerprint() == b->fingerprint());
    CHECK(a->der() != c->der());
    CHECK(a->fingerprint_hex() != c->fingerprint_hex());
    // A P-256 self-signed certificate with one extension is a few hundred bytes.
    CHECK(a->der().size() > 300);
    CHECK(a->der().size() < 600);
}

TEST_CASE("the fingerprint is sha-256 over the DER, written as a=fingerprint wants it",
          "[dtls][certificate]") {
    auto cert = dtls::Certificate::generate(Rng(7));
    REQUIRE(cert.ok());
    const sdp::Fingerprint& fp = cert->fingerprint();
    CHECK(fp.hash_function == "sha-256");
    CHECK(fp.digest.size() == 32);
    // "AB:CD:..." upper-case, 32 bytes -> 95 characters.
    const std::string& hex = cert->fingerprint_hex();
    REQUIRE(hex.size() == 95);
    for (std::size_t i = 0; i < hex.size(); ++i) {
        if (i % 3 == 2) {
            CHECK(hex[i] == ':');
        } else {
            CHECK(((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'A' && hex[i] <= 'F')));
        }
    }
    // It parses back as an a=fingerprint value.
    auto parsed = sdp::Fingerprint::parse("sha-256 " + hex);
    REQUIRE(parsed.ok());
    CHECK(*parsed == fp);

    // OpenSSL computes the same over the same DER.
    const auto path = std::filesystem::temp_directory_path() /
                      ("rtclab-cert-" + std::to_string(::getpid()) + ".der");
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(cert->der().data()),
                  static_cast<std::streamsize>(cert->der().size()));
    }
    const std::string openssl =
        run("openssl x509 -inform DER -in '" + path.string() + "' -noout -fingerprint -sha256");
    const std::string text =
        run("openssl x509 -inform DER -in '" + path.string() + "' -noout -text");
    std::filesystem::remove(path);
    if (openssl.empty()) {
        WARN("openssl is not installed: the OpenSSL cross-check was skipped");
        return;
    }
    // "sha256 Fingerprint=AB:CD:...\n" (OpenSSL 3; older versions write "SHA256").
    CHECK(openssl.find("Fingerprint=" + hex) != std::string::npos);
    CHECK(text.find("ecdsa-with-SHA256") != std::string::npos);
    CHECK(text.find("prime256v1") != std::string::npos);
    CHECK(text.find("CA:FALSE") != std::string::npos);
    CHECK(text.find("Jan  1 00:00:00 2025 GMT") != std::string::npos);
}

TEST_CASE("the certificate parses back with Mbed TLS and matches its key", "[dtls][certificate]") {
    auto cert = dtls::Certificate::generate(Rng(99));
    REQUIRE(cert.ok());
    mbedtls_x509_crt crt;
    mbedtls_x509_crt_init(&crt);
    REQUIRE(mbedtls_x509_crt_parse_der(&crt, cert->der().data(), cert->der().size()) == 0);
    CHECK(crt.version == 3);
    CHECK(mbedtls_pk_get_type(&crt.pk) == MBEDTLS_PK_ECKEY);
    CHECK(mbedtls_pk_ec(crt.pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1);
    CHECK(crt.ca_istrue == 0);
    // The private key belongs to the public key in the certificate.
    CHECK(mbedtls_pk_check_pair(&crt.pk, cert->private_key()) == 0);
    // Self-signed: subject == issuer.
    CHECK(crt.subject_raw.len == crt.issuer_raw.len);
    mbedtls_x509_crt_free(&crt);

    // Moving keeps the key and DER.
    const Bytes der = cert->der();
    dtls::Certificate moved = std::move(cert.value());
    CHECK(moved.der() == der);
    CHECK(mbedtls_pk_can_do(moved.private_key(), MBEDTLS_PK_ECDSA) == 1);
}
