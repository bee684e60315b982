// dtls::Certificate: a self-signed ECDSA P-256 certificate and its key, made from a seeded DRBG,
// with the SHA-256 fingerprint that goes into a=fingerprint (RFC 8122 §5).
//
// WebRTC endpoints do not use certificate authorities: each side makes a self-signed certificate
// and the offer/answer carries its fingerprint, which binds the DTLS handshake on the media path
// to the signaling channel (RFC 8827 §6.5, RFC 5763 §5). Browsers generate one per
// RTCPeerConnection (webrtc-pc §4.9, ECDSA P-256 by default); so does rtclab.
//
// Deterministic: the key comes from an Mbed TLS CTR_DRBG whose entropy callback draws from the
// given Rng, the validity dates are fixed, and ECDSA signatures are deterministic (RFC 6979), so
// the same Rng seed gives the same DER, byte for byte.
//
//   auto cert = dtls::Certificate::generate(rng.fork("certificate"));
//   cert->fingerprint().to_string();   // "sha-256 AB:CD:..."
//   cert->der();                        // for the DTLS endpoint (mbedtls_x509_crt_parse_der)
#pragma once

#include <memory>
#include <string>

#include "net/core/bytes.h"
#include "net/core/result.h"
#include "net/core/rng.h"
#include "net/sdp/fingerprint.h"

// Mbed TLS's key type, for the DTLS endpoint (mbedtls_ssl_conf_own_cert).
#include <mbedtls/pk.h>

namespace rtclab::net::dtls {

class Certificate {
  public:
    // The validity period written into every certificate: fixed, since nothing in net/ reads
    // a clock (X.509 GeneralizedTime-like strings as mbedtls_x509write_crt_set_validity takes).
    static constexpr const char* kNotBefore = "20250101000000";
    static constexpr const char* kNotAfter = "20350101000000";
    // The subject and issuer (the same: self-signed). Browsers write "CN=WebRTC".
    static constexpr const char* kSubject = "CN=rtclab";

    // Makes a new key pair and certificate. Fails only if Mbed TLS does (with its error code).
    static Result<Certificate> generate(Rng rng);

    ~Certificate();
    Certificate(Certificate&&) noexcept;
    Certificate& operator=(Certificate&&) noexcept;

    // The certificate, DER-encoded (what the DTLS Certificate message carries).
    const Bytes& der() const;
    // SHA-256 of der(), as the a=fingerprint attribute carries it (RFC 8122 §5).
    const sdp::Fingerprint& fingerprint() const;
    // "AB:CD:...": the upper-case, colon-separated hex of fingerprint().digest.
    const std::string& fingerprint_hex() const;
    // The private key (an ECKEY context on SECP256R1), for mbedtls_ssl_conf_own_cert. Owned by
    // this Certificate; valid for its lifetime (and across moves).
    mbedtls_pk_context* private_key() const;

  private:
    struct State;
    explicit Certificate(std::unique_ptr<State> s);
    std::unique_ptr<State> s_;
};

}  // namespace rtclab::net::dtls
