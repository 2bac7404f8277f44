// Acme Ltd's Certificate Policy for its two-tier TLS PKI: an offline root
// and one online issuing CA (ca/), and the certificates it issues (certs/).
// It builds on the two baselines shipped with cpslint: the CA/B Forum TLS
// Baseline Requirements for the certificates, and the enterprise PKI
// baseline for the CAs themselves.

policy "Acme Ltd TLS Certificate Policy" {
  kind cp
  oid 1.3.6.1.4.1.55555.2.1
  version "1.0"
  effective 2026-01-01
  authority "Acme Ltd PKI Policy Authority"
  contact "pki-policy@acme.example"
  revision "1.0" 2026-01-01 "First issue"

  include "cpslint:cabf/br-tls"
  include "cpslint:enterprise-pki"

  // Acme's end-entity profiles stay within the Baseline Requirements' current limit.
  override param max_end_entity_validity = 200d "Acme issues for at most 200 days, as the BRs allow since 2026-03-15"

  profile acme_server = cert is tls_subscriber and cert.policies contains 1.3.6.1.4.1.55555.2.1

  section 1.1 "Overview" {
    text """
    This policy governs the Acme Root CA and the Acme Issuing CA 1, which
    issues TLS server certificates for Acme's own domains. Every requirement
    below is checked on each certificate before and after issuance, and on the
    CAs' manifests and OpenSSL configuration on every change to them.
    """
  }

  section 7.1.6 {
    requirement ACME-7.1.6-OID "Acme's subscriber certificates assert Acme's policy OID" {
      severity error
      cites "Acme CP 7.1.6"
      when cert is tls_subscriber
      require cert.policies contains 1.3.6.1.4.1.55555.2.1
      message "the certificate asserts {cert.policies}, not Acme's policy 1.3.6.1.4.1.55555.2.1"
    }
  }

  section 4.2.2 {
    requirement ACME-4.2.2-DOMAINS "Certificates are issued only for Acme's domains" {
      severity error
      cites "Acme CP 4.2.2"
      when cert is acme_server and present(cert.san.dns)
      require all(d in cert.san.dns: d == "acme.example" or ends_with(d, ".acme.example"))
      message "the certificate names {cert.san.dns}; only acme.example and its subdomains are Acme's"
    }
  }
}
