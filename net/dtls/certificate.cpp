#include "net/dtls/certificate.h"

#include <array>
#include <cstring>
#include <span>

#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/error.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

namespace rtclab::net::dtls {

struct Certificate::State {
    mbedtls_pk_context key;
    Bytes der;
    sdp::Fingerprint fingerprint;
    std::string fingerprint_hex;

    State() { mbedtls_pk_init(&key); }
    ~State() { mbedtls_pk_free(&key); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
};

namespace {

// The CTR_DRBG's entropy source: bytes from the scenario's Rng instead of the operating system
// (DESIGN.md: no unseeded randomness in net/).
int rng_entropy(void* rng, unsigned char* out, std::size_t len) {
    static_cast<Rng*>(rng)->fill(std::span<std::uint8_t>(out, len));
    return 0;
}

Error mbed_error(const char* what, int code) {
    std::array<char, 128> text{};
    mbedtls_strerror(code, text.data(), text.size());
    return make_error(std::string("certificate: ") + what + " failed: " + text.data() + " (-0x" +
                      [code] {
                          static const char* kHex = "0123456789abcdef";
                          std::string h;
                          for (int v = -code; v > 0; v /= 16)
                              h.insert(h.begin(), kHex[v % 16]);
                          return h.empty() ? std::string("0") : h;
                      }() +
                      ")");
}

// RAII holders for the Mbed TLS objects used while generating.
struct Drbg {
    mbedtls_ctr_drbg_context ctx;
    Drbg() { mbedtls_ctr_drbg_init(&ctx); }
    ~Drbg() { mbedtls_ctr_drbg_free(&ctx); }
};
struct CrtWriter {
    mbedtls_x509write_cert ctx;
    CrtWriter() { mbedtls_x509write_crt_init(&ctx); }
    ~CrtWriter() { mbedtls_x509write_crt_free(&ctx); }
};
struct Mpi {
    mbedtls_mpi v;
    Mpi() { mbedtls_mpi_init(&v); }
    ~Mpi() { mbedtls_mpi_free(&v); }
};

}  // namespace

Result<Certificate> Certificate::generate(Rng rng) {
    auto s = std::make_unique<State>();

    Drbg drbg;
    static constexpr char kPersonalization[] = "rtclab dtls certificate";
    if (int rc = mbedtls_ctr_drbg_seed(&drbg.ctx, rng_entropy, &rng,
                                       reinterpret_cast<const unsigned char*>(kPersonalization),
                                       sizeof kPersonalization - 1);
        rc != 0)
        return mbed_error("mbedtls_ctr_drbg_seed", rc);

    // webrtc-pc §4.9.1 (generateCertificate): browsers default to ECDSA on P-256
    // ({name: "ECDSA", namedCurve: "P-256"}).
    if (int rc = mbedtls_pk_setup(&s->key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)); rc != 0)
        return mbed_error("mbedtls_pk_setup", rc);
    if (int rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(s->key),
                                     mbedtls_ctr_drbg_random, &drbg.ctx);
        rc != 0)
        return mbed_error("mbedtls_ecp_gen_key", rc);

    CrtWriter crt;
    mbedtls_x509write_crt_set_version(&crt.ctx, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&crt.ctx, MBEDTLS_MD_SHA256);
    // Self-signed: the same key is subject and issuer.
    mbedtls_x509write_crt_set_subject_key(&crt.ctx, &s->key);
    mbedtls_x509write_crt_set_issuer_key(&crt.ctx, &s->key);
    if (int rc = mbedtls_x509write_crt_set_subject_name(&crt.ctx, kSubject); rc != 0)
        return mbed_error("mbedtls_x509write_crt_set_subject_name", rc);
    if (int rc = mbedtls_x509write_crt_set_issuer_name(&crt.ctx, kSubject); rc != 0)
        return mbed_error("mbedtls_x509write_crt_set_issuer_name", rc);

    // RFC 5280 §4.1.2.2: a positive serial number of up to 20 octets; 8 random bytes with the
    // top bit clear keep it positive.
    std::array<std::uint8_t, 8> serial_bytes{};
    mbedtls_ctr_drbg_random(&drbg.ctx, serial_bytes.data(), serial_bytes.size());
    serial_bytes[0] = static_cast<std::uint8_t>((serial_bytes[0] & 0x7f) | 0x01);
    Mpi serial;
    if (int rc = mbedtls_mpi_read_binary(&serial.v, serial_bytes.data(), serial_bytes.size());
        rc != 0)
        return mbed_error("mbedtls_mpi_read_binary", rc);
    if (int rc = mbedtls_x509write_crt_set_serial(&crt.ctx, &serial.v); rc != 0)
        return mbed_error("mbedtls_x509write_crt_set_serial", rc);
    if (int rc = mbedtls_x509write_crt_set_validity(&crt.ctx, kNotBefore, kNotAfter); rc != 0)
        return mbed_error("mbedtls_x509write_crt_set_validity", rc);
    // One extension, basic constraints (not a CA): without any, Mbed TLS writes an empty
    // extensions list, which RFC 5280 §4.1 forbids ("Extensions ::= SEQUENCE SIZE (1..MAX)").
    if (int rc = mbedtls_x509write_crt_set_basic_constraints(&crt.ctx, 0, -1); rc != 0)
        return mbed_error("mbedtls_x509write_crt_set_basic_constraints", rc);

    // mbedtls_x509write_crt_der writes the DER at the *end* of the buffer and returns its length.
    std::array<unsigned char, 2048> buf{};
    const int len = mbedtls_x509write_crt_der(&crt.ctx, buf.data(), buf.size(),
                                              mbedtls_ctr_drbg_random, &drbg.ctx);
    if (len <= 0) return mbed_error("mbedtls_x509write_crt_der", len);
    s->der.assign(buf.end() - len, buf.end());

    // RFC 8122 §5: "the fingerprint is computed over the DER form of the certificate".
    Bytes digest(32);
    if (int rc = mbedtls_sha256_ret(s->der.data(), s->der.size(), digest.data(), 0); rc != 0)
        return mbed_error("mbedtls_sha256_ret", rc);
    s->fingerprint.hash_function = "sha-256";
    s->fingerprint.digest = std::move(digest);
    s->fingerprint_hex = s->fingerprint.digest_hex();
    return Certificate(std::move(s));
}

Certificate::Certificate(std::unique_ptr<State> s) : s_(std::move(s)) {}
Certificate::~Certificate() = default;
Certificate::Certificate(Certificate&&) noexcept = default;
Certificate& Certificate::operator=(Certificate&&) noexcept = default;

const Bytes& Certificate::der() const {
    return s_->der;
}
const sdp::Fingerprint& Certificate::fingerprint() const {
    return s_->fingerprint;
}
const std::string& Certificate::fingerprint_hex() const {
    return s_->fingerprint_hex;
}
mbedtls_pk_context* Certificate::private_key() const {
    return &s_->key;
}

}  // namespace rtclab::net::dtls
