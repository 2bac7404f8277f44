// Example Corp's Certificate Policy for its TLS issuing CA.
//
// Example Corp runs a two-tier enterprise PKI: an offline root CA, and one
// online issuing CA whose key lives in an HSM, operated under two-person
// control. This policy builds on the CA/B Forum baseline and tightens it.
// It is a worked example of every feature of the policy language; see
// docs/language.md for the reference.

policy "Example Corp TLS Issuing CA Certificate Policy" {
  kind cp
  oid 1.3.6.1.4.1.55555.1.1
  oid 1.3.6.1.4.1.55555.1.1.2        // a second OID: the policy's v2 arc
  version "1.2"
  effective 2026-01-01
  authority "Example Corp PKI Policy Authority"
  contact "pki-policy@example.com"
  revision "1.0" 2024-06-01 "First issue"
  revision "1.1" 2025-03-01 "ECDSA P-384 for the issuing CA"
  revision "1.2" 2026-01-01 "Subscriber validity shortened to 90 days"

  include "cpslint:cabf/br-tls"                    // the CA/B Forum baseline, shipped with cpslint

  // Included parameters are tightened, never silently redeclared.
  override param max_subscriber_validity = 90d "Example Corp issues for 90 days at most"
  override param max_subscriber_validity_2026 = 90d
  override param allowed_curves = ["P-256", "P-384"]

  // Parameters of every type.
  param org_name: string = "Example Corp" "Legal name in subject organizationName"
  param org_country: string = "US"
  param policy_oid: oid = 1.3.6.1.4.1.55555.1.1 "The OID subscriber certificates assert"
  param allowed_domains: list<string> = ["example.com", "example.net"] "Registered domains we issue for"
  param max_san_entries: int = 100
  param require_hsm: bool = true
  param launch_date: date = 2024-06-01
  param crl_interval: duration = 7d "Longest interval between CRLs"
  param max_crl_size: size = 10MiB "Largest CRL the relying party software accepts"
  param serial_min_bytes = 9               // the type is inferred: int
  param renewal_window = crl_interval * 2  // constant expressions over other parameters

  // A profile is a named predicate, reusable across requirements.
  profile example_server = cert is tls_subscriber and cert.policies contains policy_oid
  profile issuing_ca = ca.tier == "issuing"

  // The baseline's RSA-size check is replaced by a stricter house rule below.
  disable BR-6.1.5-RSA8 "Example Corp issues ECDSA keys only; see EXC-6.1.5-ALG"

  section 1.1 "Overview" {
    text """
    This Certificate Policy governs the Example Corp TLS Issuing CA. It applies
    to every certificate the CA issues since {launch_date} under policy
    {policy_oid}, for the domains {allowed_domains}.
    """
  }

  section 1.5.2 {
    text "Questions about this policy go to the PKI Policy Authority."
  }

  section 4.9.7 {
    text "The issuing CA publishes a CRL at least every {crl_interval}; a CRL never exceeds {max_crl_size}."

    section 4.9.7.1 "Renewal of CRL signing keys" {
      text "CRL signing keys are renewed at least {renewal_window} before they expire."
    }

    requirement EXC-4.9.7-A "CRL interval" {
      severity error
      cites "CABF-BR 4.9.7"
      target ca
      when issuing_ca
      require ca.revocation.crl_next_update <= crl_interval
      message "nextUpdate is {ca.revocation.crl_next_update} after thisUpdate; at most {crl_interval} is allowed"
      text "CRLs of the issuing CA have a nextUpdate no more than {crl_interval} after thisUpdate."
    }
  }

  section 5.2.2 {
    manual EXC-5.2.2-M "Two-person control of CA operations" {
      severity error
      cites "CABF-BR 5.2.2", "WebTrust for CAs 3.4"
      text "Every operation on the issuing CA key requires two persons in trusted roles."
      evidence "Access-control lists of the HSM partition and the signed quorum log for the audit period"
    }
  }

  section 6.1.1 {
    manual EXC-6.1.1-M "Key generation ceremony" {
      severity error
      cites "CABF-BR 6.1.1.1"
      effective 2024-06-01
      text "CA keys are generated in a scripted ceremony, witnessed and recorded on video."
      evidence "Signed ceremony script, witness attestation and the video's hash"
    }
  }

  section 6.1.5 {
    requirement EXC-6.1.5-ALG "ECDSA subscriber keys only" {
      severity error
      cites "CABF-BR 6.1.5", "Example Corp Security Standard 4.2"
      when example_server
      require cert.public_key.algorithm == "ec" and cert.public_key.ec.curve in allowed_curves
      message "key is {cert.public_key.algorithm}; Example Corp requires ECDSA on {allowed_curves}"
    }
  }

  section 6.2.1 "Cryptographic module standards and controls" {
    requirement EXC-6.2.1-HSM "Issuing CA key held in a FIPS 140 level 3 HSM" {
      severity error
      cites "CABF-BR 6.2.7"
      target ca
      when issuing_ca
      require (require_hsm implies ca.key.storage == "hsm") and ca.key.fips_level >= 3
      message "key storage is {ca.key.storage} at FIPS level {ca.key.fips_level}"
    }

    requirement EXC-6.2.1-ONLINE "Only the issuing CA is online" {
      severity warning
      cites "Example Corp Security Standard 2.1"
      target ca
      require ca.online implies ca.tier == "issuing"
      message "a {ca.tier} CA is online"
    }
  }

  section 7.1 "Certificate profile" {
    section 7.1.2 {
      requirement EXC-7.1.2-SERIAL "Serial number entropy" {
        severity error
        cites "CABF-BR 7.1", "RFC 5280 4.1.2.2"
        when example_server
        require cert.serial.length >= serial_min_bytes and cert.serial.length <= 20
        message "serial number is {cert.serial.length} octets long"
      }

      requirement EXC-7.1.2-V3 "Version 3 certificates" {
        severity error
        cites "RFC 5280 4.1.2.1"
        when example_server
        require cert.version == 3
        message "certificate is version {cert.version}"
      }
    }

    section 7.1.2.7.12 "Subscriber Certificate Subject Alternative Name" {
      requirement EXC-7.1.2.7.12-DOM "Names within our registered domains" {
        severity error
        cites "CABF-BR 3.2.2.4", "Example Corp Security Standard 5.1"
        when example_server and present(cert.san.dns)
        require all(name in cert.san.dns: any(d in allowed_domains: lower(name) == d or ends_with(lower(name), "." + d)))
        message "subjectAltName {cert.san.dns} has names outside {allowed_domains}"
      }

      requirement EXC-7.1.2.7.12-SYNTAX "DNS names are well formed" {
        severity error
        cites "RFC 5280 4.2.1.6", "RFC 1034 3.5"
        pkilint "cabf.serverauth.invalid_dnsname_syntax"
        when example_server and present(cert.san.dns)
        require all(name in cert.san.dns: name matches """^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$""") and unique(cert.san.dns)
        message "subjectAltName {cert.san.dns} has a malformed or repeated DNS name"
      }

      requirement EXC-7.1.2.7.12-COUNT "Bounded number of names" {
        severity warning
        cites "Example Corp Security Standard 5.3"
        when example_server and present(cert.san.dns)
        require len(cert.san.dns) <= max_san_entries and count(n in cert.san.dns: starts_with(n, "*.")) <= 10
        message "{len(cert.san.dns)} DNS names; at most {max_san_entries} are allowed"
      }
    }

    section 7.1.4 "Name forms" {
      requirement EXC-7.1.4-ORG "Subject names Example Corp" {
        severity warning
        cites "CABF-BR 7.1.4.2"
        effective 2025-01-01
        ineffective 2030-01-01
        when example_server and len(cert.subject.o) > 0
        require all(o in cert.subject.o: o == org_name) and not (cert.subject.c != [org_country] and len(cert.subject.c) > 0)
        message "subject O={cert.subject.o} C={cert.subject.c}"
      }
    }

    section 7.1.6 {
      requirement EXC-7.1.6-OID "Subscriber certificates assert our policy" {
        severity error
        cites "CABF-BR 7.1.6.4"
        when cert is tls_subscriber
        require cert.policies contains policy_oid and domainValidated in cert.policies and not (anyPolicy in cert.policies)
        message "certificatePolicies holds {cert.policies}"
      }
    }
  }
}
