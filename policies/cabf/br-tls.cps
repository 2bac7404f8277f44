// CA/Browser Forum TLS Baseline Requirements: the certificate-profile
// requirements a TLS issuing CA's own policy builds on.
//
// Section numbers and wording follow the Baseline Requirements v2.2.6
// (2026-03-31). Organisations include this file and tighten parameters with
// `override param`, or replace a requirement with `override requirement`.

policy "CA/Browser Forum TLS Baseline Requirements (certificate profile excerpt)" {
  kind cp
  oid 2.23.140.1.2.1
  version "2.2.6"
  effective 2026-03-31
  authority "CA/Browser Forum Server Certificate Working Group"

  param min_rsa_modulus: int = 2048 "Smallest RSA modulus allowed, in bits"
  param allowed_curves: list<string> = ["P-256", "P-384", "P-521"] "Elliptic curves allowed for ECDSA keys"
  param max_subscriber_validity: duration = 398d "Longest Validity Period of a Subscriber Certificate issued before 2026-03-15"
  param max_subscriber_validity_2026: duration = 200d "Longest Validity Period from 2026-03-15"
  param max_subscriber_validity_2027: duration = 100d "Longest Validity Period from 2027-03-15"
  param max_subscriber_validity_2029: duration = 47d "Longest Validity Period from 2029-03-15"
  param max_crl_interval: duration = 7d "Longest time between two CRLs of a CA issuing Subscriber Certificates that all carry an AIA OCSP pointer"
  param max_crl_interval_without_ocsp: duration = 4d "Longest time between two CRLs of a CA issuing Subscriber Certificates, in all other cases"
  param max_ca_crl_interval: duration = 366d "Longest time between two CRLs, and nextUpdate, of a CA issuing CA Certificates (twelve months, counted as a leap year)"
  param max_crl_next_update: duration = 10d "Longest nextUpdate after thisUpdate of a CRL"
  param min_ocsp_validity: duration = 8h "Shortest validity interval of an OCSP response"
  param max_ocsp_validity: duration = 10d "Longest validity interval of an OCSP response"
  param min_ca_key_fips_level: int = 3 "Lowest FIPS 140 level of a CA key's module"
  param permitted_signature_algorithms: list<string> = ["sha256", "sha384", "sha512", "sha256withrsaencryption", "sha384withrsaencryption", "sha512withrsaencryption", "rsassa-pss", "ecdsa-with-sha256", "ecdsa-with-sha384", "ecdsa-with-sha512", "sha256withrsa", "sha384withrsa", "sha512withrsa", "ecdsawithsha256", "ecdsawithsha384", "ecdsawithsha512"] "Signature algorithms (or their digests) a CA may sign with, in lower case"

  // Certificate types (7.1.2), told apart by content as pkilint's type detection does.
  // A certificate's issuer is not known here, so a cross-certificate (7.1.2.2) and a
  // subordinate CA (7.1.2.3 to 7.1.2.6) are both `ca_certificate` and not `root_ca`.

  /// A Root CA Certificate (7.1.2.1): self-issued, with a subject (a CA's subject is never
  /// empty, RFC 5280 4.1.2.6; an empty issuer equal to an empty subject names nobody).
  profile root_ca = cert.self_issued and cert.subject.rdns > 0

  /// Any CA certificate (7.1.2.1 to 7.1.2.6): a root, or basicConstraints cA asserted.
  profile ca_certificate = root_ca or cert.basic_constraints.ca

  /// A delegated OCSP Responder Certificate (7.1.2.8): not a CA, and id-kp-OCSPSigning
  /// without serverAuth (with serverAuth it is a Subscriber Certificate whose EKU 7.1.2.7.10 rejects).
  profile ocsp_responder = not ca_certificate and present(cert.eku) and OCSPSigning in cert.eku
    and not (serverAuth in cert.eku)

  /// A Subscriber Certificate (7.1.2.7), final or precertificate: any other certificate a TLS
  /// CA issues. One without serverAuth is still in scope; 7.1.2.7.10 reports its extKeyUsage.
  profile tls_subscriber = not ca_certificate and not ocsp_responder

  // CA configurations (4.9.7): which certificates a CA issues, from its tier or its issuance
  // profiles. A configuration that says neither is neither, and the CRL rules do not apply.

  /// A CA issuing Subscriber Certificates: an issuing CA, or one with an end-entity profile.
  profile issues_subscriber_certificates = (present(ca.tier) and ca.tier == "issuing")
    or (present(ca.profile.kinds) and "end-entity" in ca.profile.kinds)

  /// A CA issuing CA Certificates: a root or an intermediate, or one with a subordinate-CA profile.
  profile issues_ca_certificates = (present(ca.tier) and ca.tier in ["root", "intermediate"])
    or (present(ca.profile.kinds) and "subordinate-ca" in ca.profile.kinds)

  section 6.1.5 "Key sizes" {
    text """
    RSA moduli are at least {min_rsa_modulus} bits long and a multiple of 8 bits.
    ECDSA keys are on one of the curves {allowed_curves}. No other algorithms or
    key sizes are permitted.
    """

    requirement BR-6.1.5-RSA "RSA modulus size" {
      severity error
      cites "CABF-BR 6.1.5"
      zlint "e_rsa_mod_less_than_2048_bits"
      when cert.public_key.algorithm == "rsa"
      require cert.public_key.rsa.modulus_bits >= min_rsa_modulus
      message "RSA modulus is {cert.public_key.rsa.modulus_bits} bits; at least {min_rsa_modulus} are required"
      text "The modulus size, when encoded, is at least 2048 bits."
    }

    requirement BR-6.1.5-RSA8 "RSA modulus size divisible by 8" {
      severity error
      cites "CABF-BR 6.1.5"
      when cert.public_key.algorithm == "rsa"
      require cert.public_key.rsa.modulus_bits % 8 == 0
      message "RSA modulus is {cert.public_key.rsa.modulus_bits} bits, not a multiple of 8"
      text "The modulus size, in bits, is evenly divisible by 8."
    }

    requirement BR-6.1.5-EC "ECDSA curve" {
      severity error
      cites "CABF-BR 6.1.5"
      zlint "e_ec_improper_curves"
      when cert.public_key.algorithm == "ec"
      require cert.public_key.ec.curve in allowed_curves
      message "EC key on curve {cert.public_key.ec.curve}; allowed curves are {allowed_curves}"
    }
  }

  section 6.1.6 "Public key parameters generation and quality checking" {
    requirement BR-6.1.6-EXP "RSA public exponent is odd and at least 3" {
      severity error
      cites "CABF-BR 6.1.6"
      zlint "e_rsa_public_exponent_not_odd", "e_rsa_public_exponent_too_small"
      when cert.public_key.algorithm == "rsa"
      require cert.public_key.rsa.exponent % 2 == 1 and cert.public_key.rsa.exponent >= 3
      message "RSA public exponent is {cert.public_key.rsa.exponent}"
    }

    requirement BR-6.1.6-EXP-RANGE "RSA public exponent is at least 2^16+1" {
      severity warning
      cites "CABF-BR 6.1.6"
      zlint "w_rsa_public_exponent_not_in_range"
      when cert.public_key.algorithm == "rsa"
      require cert.public_key.rsa.exponent >= 65537
      message "RSA public exponent is {cert.public_key.rsa.exponent}; at least 65537 is recommended"
    }
  }

  // CA-side requirements: evaluated on CA configurations (a CA manifest, or an imported
  // OpenSSL, cfssl, step-ca or ceremony file), on what the configuration states.

  section 4.9.7 {
    text """
    A CA issuing Subscriber Certificates publishes a new CRL at least every
    {max_crl_interval} when all its certificates carry an AIA OCSP pointer, and
    at least every {max_crl_interval_without_ocsp} otherwise; a CA issuing CA
    Certificates at least every {max_ca_crl_interval}.
    """

    requirement BR-4.9.7-CRL-INTERVAL "CAs issuing Subscriber Certificates publish CRLs at least every seven days" {
      severity error
      cites "CABF-BR 4.9.7"
      target ca
      when present(ca.revocation.crl_interval) and issues_subscriber_certificates
      require ca.revocation.crl_interval <= max_crl_interval_without_ocsp
        or (present(ca.profile.ocsp_urls) and len(ca.profile.ocsp_urls) > 0 and ca.revocation.crl_interval <= max_crl_interval)
      message "CRLs are published every {ca.revocation.crl_interval}; at most {max_crl_interval} is allowed when every certificate has an OCSP pointer, {max_crl_interval_without_ocsp} otherwise"
    }

    requirement BR-4.9.7-CA-CRL-INTERVAL "CAs issuing CA Certificates publish CRLs at least every twelve months" {
      severity error
      cites "CABF-BR 4.9.7"
      target ca
      when present(ca.revocation.crl_interval) and issues_ca_certificates
      require ca.revocation.crl_interval <= max_ca_crl_interval
      message "CRLs are published every {ca.revocation.crl_interval}; at most {max_ca_crl_interval} is allowed"
    }
  }

  section 4.9.10 {
    requirement BR-4.9.10-OCSP-VALIDITY "OCSP responses for Subscriber Certificates are valid for eight hours to ten days" {
      severity error
      cites "CABF-BR 4.9.10"
      target ca
      when present(ca.revocation.ocsp_validity) and issues_subscriber_certificates
      require ca.revocation.ocsp_validity >= min_ocsp_validity and ca.revocation.ocsp_validity <= max_ocsp_validity
      message "OCSP responses are valid for {ca.revocation.ocsp_validity}; from {min_ocsp_validity} to {max_ocsp_validity} is allowed"
    }
  }

  section 5.2.2 {
    requirement BR-5.2.2-KEY-BACKUP "CA keys are backed up and recovered under dual control" {
      severity error
      cites "CABF-BR 5.2.2"
      target ca
      when present(ca.quorum.backup)
      require ca.quorum.backup >= 2
      message "backing up or recovering the CA key takes {ca.quorum.backup} person; dual control is required"
    }
  }

  section 6.1.1.1 "CA Key Pair Generation" {
    requirement BR-6.1.1.1-SCRIPT "CA key generation follows a Key Generation Script" {
      severity error
      cites "CABF-BR 6.1.1.1"
      target ca
      when ca.ceremony.count > 0 and "key-generation" in ca.ceremony.kinds
      require len(ca.ceremony.without_script) == 0
      message "{ca.ceremony.without_script} followed no Key Generation Script"
    }

    requirement BR-6.1.1.1-MULTI-PERSON "CA keys are generated under multiple person control" {
      severity error
      cites "CABF-BR 6.1.1.1"
      target ca
      when present(ca.quorum.key_generation)
      require ca.quorum.key_generation >= 2
      message "generating a CA key takes {ca.quorum.key_generation} person; multiple person control is required"
    }
  }

  section 6.2.7 {
    requirement BR-6.2.7-CA-KEY "CA keys are held in a FIPS 140 level 3 module" {
      severity error
      cites "CABF-BR 6.2.7"
      target ca
      when present(ca.key.storage)
      require ca.key.storage in ["hsm", "cloud-kms"] and ca.key.fips_level >= min_ca_key_fips_level
      message "the CA key is held in {ca.key.storage} at FIPS 140 level {ca.key.fips_level}; a module at level {min_ca_key_fips_level} or more is required"
    }
  }

  section 6.3.2 {
    text """
    Subscriber Certificates issued before 2026-03-15 have a Validity Period of
    at most {max_subscriber_validity}; from 2026-03-15 at most
    {max_subscriber_validity_2026}; from 2027-03-15 at most
    {max_subscriber_validity_2027}; from 2029-03-15 at most
    {max_subscriber_validity_2029}.
    """

    requirement BR-6.3.2-398 "Subscriber validity before 2026-03-15" {
      severity error
      cites "CABF-BR 6.3.2"

      pkilint "cabf.serverauth.certificate_validity_period_exceeds_398_days"
      zlint "e_tls_server_cert_valid_time_longer_than_398_days"
      effective 2020-09-01
      ineffective 2026-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity
      message "validity is {cert.validity.duration} (notBefore to notAfter inclusive); at most {max_subscriber_validity} is allowed"
    }

    requirement BR-6.3.2-200 "Subscriber validity from 2026-03-15" {
      severity error
      cites "CABF-BR 6.3.2"
      zlint "e_server_cert_valid_time_longer_than_200_days"
      effective 2026-03-15
      ineffective 2027-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity_2026
      message "validity is {cert.validity.duration} (notBefore to notAfter inclusive); at most {max_subscriber_validity_2026} is allowed"
    }

    requirement BR-6.3.2-100 "Subscriber validity from 2027-03-15" {
      severity error
      cites "CABF-BR 6.3.2"
      zlint "e_server_cert_valid_time_longer_than_100_days"
      effective 2027-03-15
      ineffective 2029-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity_2027
      message "validity is {cert.validity.duration} (notBefore to notAfter inclusive); at most {max_subscriber_validity_2027} is allowed"
    }

    requirement BR-6.3.2-47 "Subscriber validity from 2029-03-15" {
      severity error
      cites "CABF-BR 6.3.2"
      zlint "e_server_cert_valid_time_longer_than_47_days"
      effective 2029-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity_2029
      message "validity is {cert.validity.duration} (notBefore to notAfter inclusive); at most {max_subscriber_validity_2029} is allowed"
    }

    requirement BR-6.3.2-PROFILE "Issuance profiles stay within the subscriber Validity Period" {
      severity error
      cites "CABF-BR 6.3.2"
      target ca
      effective 2026-03-15
      ineffective 2027-03-15
      when present(ca.profile.subscriber_validity)
      require all(v in ca.profile.subscriber_validity: v <= max_subscriber_validity_2026)
      message "subscriber profiles give validities of {ca.profile.subscriber_validity}; at most {max_subscriber_validity_2026} is allowed"
    }
  }

  section 7.2 {
    requirement BR-7.2-CRL-NEXT-UPDATE "CRLs covering Subscriber Certificates have a nextUpdate at most ten days out" {
      severity error
      cites "CABF-BR 7.2"
      target ca
      when present(ca.revocation.crl_next_update) and issues_subscriber_certificates
      require ca.revocation.crl_next_update <= max_crl_next_update
      message "nextUpdate is {ca.revocation.crl_next_update} after thisUpdate; at most {max_crl_next_update} is allowed"
    }

    requirement BR-7.2-CA-CRL-NEXT-UPDATE "Other CRLs have a nextUpdate at most twelve months out" {
      severity error
      cites "CABF-BR 7.2"
      target ca
      when present(ca.revocation.crl_next_update) and issues_ca_certificates and not issues_subscriber_certificates
      require ca.revocation.crl_next_update <= max_ca_crl_interval
      message "nextUpdate is {ca.revocation.crl_next_update} after thisUpdate; at most {max_ca_crl_interval} is allowed"
    }
  }

  section 7.1.1 {
    requirement BR-7.1.1-V3 "Certificates are X.509 v3" {
      severity error
      cites "CABF-BR 7.1.1", "RFC 5280 4.1.2.1"
      zlint "e_invalid_certificate_version"
      require cert.version == 3
      message "certificate version is {cert.version}"
    }
  }

  section 7.1.2 {
    // Every profile of 7.1.2 (root, subordinate, subscriber, OCSP responder) asks the same of the
    // serial number, as RFC 5280 asks it of every certificate.
    requirement BR-7.1.2-SERIAL "Serial number greater than zero and less than 2^159" {
      severity error
      cites "RFC 5280 4.1.2.2", "CABF-BR 7.1.2.1", "CABF-BR 7.1.2.3", "CABF-BR 7.1.2.7", "CABF-BR 7.1.2.8"
      zlint "e_serial_number_not_positive", "e_serial_number_longer_than_20_octets"
      pkilint "pkix.certificate_serial_number_out_of_range"
      require not cert.serial.negative and not cert.serial.zero and cert.serial.length <= 20
      message "serial number {cert.serial} ({cert.serial.length} octets) is not in 1 .. 2^159-1"
    }
  }

  section 7.1.2.7 "Subscriber (Server) Certificate Profile" {
    section 7.1.2.7.7 "Subscriber Certificate Authority Information Access" {
      requirement BR-7.1.2.7.7-METHODS "Only OCSP and CA issuers access methods" {
        severity error
        cites "CABF-BR 7.1.2.7.7"
        zlint "e_aia_must_contain_permitted_access_method"
        effective 2023-09-15
        when cert is tls_subscriber and present(cert.aia.methods)
        require len(cert.aia.methods) > 0 and all(m in cert.aia.methods: m in [1.3.6.1.5.5.7.48.1, 1.3.6.1.5.5.7.48.2])
          and all(k in cert.aia.location_kinds: k == "uri")
        message "authorityInfoAccess methods are {cert.aia.methods}, locations are {cert.aia.location_kinds}"
      }

      requirement BR-7.1.2.7.7-HTTP "Access locations are HTTP URLs" {
        severity error
        cites "CABF-BR 7.1.2.7.7"
        zlint "e_aia_ocsp_must_have_http_only", "e_aia_ca_issuers_must_have_http_only"
        effective 2023-09-15
        when cert is tls_subscriber and present(cert.aia.methods)
        require all(u in cert.aia.ocsp + cert.aia.ca_issuers: valid_url(u) and url_scheme(u) == "http")
        message "OCSP {cert.aia.ocsp}, CA issuers {cert.aia.ca_issuers}: every location must be an http:// URL"
      }
    }

    section 7.1.2.7.8 "Subscriber Certificate Basic Constraints" {
      requirement BR-7.1.2.7.8-CA "Subscriber certificates are not CA certificates" {
        severity error
        cites "CABF-BR 7.1.2.7.8"
        pkilint "cabf.serverauth.subscriber_basic_constraints_ca_bit_set"
        when cert is tls_subscriber
        require not cert.basic_constraints.ca and absent(cert.basic_constraints.path_len)
        message "cA is {cert.basic_constraints.ca}"
      }
    }

    section 7.1.2.7.10 "Subscriber Certificate Extended Key Usage" {
      requirement BR-7.1.2.7.10-EKU "Subscriber extended key usage purposes" {
        severity error
        cites "CABF-BR 7.1.2.7.10"
        pkilint "cabf.serverauth.subscriber.serverauth_eku_absent", "cabf.serverauth.subscriber.extended_key_usage_extension_absent"
        zlint "e_sub_cert_eku_check"
        effective 2023-09-15
        when cert is tls_subscriber
        require serverAuth in cert.eku and none(p in cert.eku: p in [codeSigning, emailProtection, timeStamping, OCSPSigning, anyExtendedKeyUsage, 1.3.6.1.4.1.11129.2.4.4])
        message "extKeyUsage holds {cert.eku}; serverAuth is required, and only serverAuth and clientAuth are allowed"
      }
    }

    section 7.1.2.7.11 "Subscriber Certificate Key Usage" {
      requirement BR-7.1.2.7.11-KU "Subscriber key usage excludes CA bits" {
        severity error
        cites "CABF-BR 7.1.2.7.11"
        zlint "e_sub_cert_key_usage_cert_sign_bit_set", "e_sub_cert_key_usage_crl_sign_bit_set"
        when cert is tls_subscriber and present(cert.key_usage)
        require not (cert.key_usage contains "keyCertSign" or cert.key_usage contains "cRLSign")
        message "keyUsage is {cert.key_usage}"
      }
    }

    section 7.1.2.7.12 "Subscriber Certificate Subject Alternative Name" {
      requirement BR-7.1.2.7.12-SAN "Subscriber certificates carry DNS names" {
        severity error
        cites "CABF-BR 7.1.2.7.12", "RFC 5280 4.2.1.6"
        zlint "e_ext_san_missing"
        when cert is tls_subscriber
        require present(cert.san.dns) and len(cert.san.dns) > 0
        message "subjectAltName has no dNSName"
      }

      requirement BR-7.1.2.7.12-TYPES "Only dNSName and iPAddress entries" {
        severity error
        cites "CABF-BR 7.1.2.7.12"
        zlint "e_ext_san_other_name_present", "e_ext_san_rfc822_name_present", "e_ext_san_uniform_resource_identifier_present", "e_ext_san_directory_name_present", "e_ext_san_registered_id_present"
        when cert is tls_subscriber and present(cert.san.count)
        require cert.san.count == len(cert.san.dns) + len(cert.san.ip)
        message "subjectAltName holds {cert.san.count} entries, of which {len(cert.san.dns)} dNSName and {len(cert.san.ip)} iPAddress"
      }

      requirement BR-7.1.2.7.12-DNS "DNS names are LDH or P-labels, without a root dot" {
        severity error
        cites "CABF-BR 7.1.2.7.12", "RFC 5280 4.2.1.6"

        pkilint "cabf.serverauth.invalid_dnsname_syntax"
        zlint "e_dnsname_bad_character_in_label", "e_dnsname_label_too_long", "e_rfc_dnsname_underscore_in_sld"
        when cert is tls_subscriber and present(cert.san.dns)
        require all(n in cert.san.dns: valid_dns_name(n) and valid_idna(n))
        message "dNSName entries {cert.san.dns} include one that is not a valid domain name"
      }

      requirement BR-7.1.2.7.12-IP "No reserved IP addresses" {
        severity error
        cites "CABF-BR 7.1.2.7.12"

        pkilint "cabf.internal_ip_address"
        zlint "e_ext_san_contains_reserved_ip"
        when cert is tls_subscriber and present(cert.san.ip)
        require none(ip in cert.san.ip: ip_reserved(ip))
        message "iPAddress entries {cert.san.ip} include a reserved address"
      }

      requirement BR-7.1.2.7.12-CRITICAL "subjectAltName is critical exactly when the subject is empty" {
        severity error
        cites "CABF-BR 7.1.2.7.12", "RFC 5280 4.2.1.6"
        zlint "e_ext_san_not_critical_without_subject", "w_ext_san_critical_with_subject_dn"
        when cert is tls_subscriber and present(cert.san.critical)
        require cert.san.critical == (cert.subject.rdns == 0)
        message "subjectAltName critical is {cert.san.critical} with {cert.subject.rdns} subject RDNs"
      }
    }
  }

  section 7.1.2.11 "Common Certificate Fields" {
    section 7.1.2.11.2 "CRL Distribution Points" {
      requirement BR-7.1.2.11.2-HTTP "CRL distribution points are HTTP URLs" {
        severity error
        cites "CABF-BR 7.1.2.11.2"
        pkilint "cabf.serverauth.crldp_dpname_prohibited_uri_scheme"
        zlint "e_crl_distrib_points_not_http"
        effective 2023-09-15
        when present(cert.crl_dp.uris)
        require all(u in cert.crl_dp.uris: valid_url(u) and url_scheme(u) == "http")
        message "CRL distribution points {cert.crl_dp.uris} include one that is not an http:// URL"
      }
    }
  }

  section 7.1.3 {
    requirement BR-7.1.3-CA-SIGNATURE "CAs sign with permitted algorithms" {
      severity error
      cites "CABF-BR 7.1.3.2"
      target ca
      when present(ca.signature_algorithms)
      require all(a in ca.signature_algorithms: lower(a) in permitted_signature_algorithms)
      message "the CA signs with {ca.signature_algorithms}; SHA-256, SHA-384 or SHA-512 with RSA, RSASSA-PSS or ECDSA is required"
    }

    section 7.1.3.1.1 "RSA" {
      requirement BR-7.1.3.1.1-PARAMS "RSA keys carry NULL parameters" {
        severity error
        cites "CABF-BR 7.1.3.1.1"
        pkilint "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"
        zlint "e_spki_rsa_encryption_parameter_not_null"
        when cert.public_key.algorithm == "rsa"
        require present(cert.public_key.params) and cert.public_key.params == "0500"
        message "rsaEncryption parameters are not an explicit NULL"
      }

      requirement BR-7.1.3.1-ALGORITHMS "Keys are RSA or ECDSA" {
        severity error
        cites "CABF-BR 7.1.3.1"
        when cert is tls_subscriber
        require cert.public_key.algorithm in ["rsa", "ec"]
        message "public key algorithm is {cert.public_key.algorithm}"
      }
    }

    section 7.1.3.2 "Signature AlgorithmIdentifier" {
      requirement BR-7.1.3.2-SHA1 "No SHA-1 signatures" {
        severity error
        cites "CABF-BR 7.1.3.2"
        zlint "e_sub_cert_or_sub_ca_using_sha1"
        effective 2016-01-01
        require cert.signature_algorithm not in [1.2.840.113549.1.1.5, 1.3.14.3.2.29, 1.2.840.10045.4.1, 1.2.840.10040.4.3]
        message "signed with {cert.signature_algorithm.name}"
      }

      requirement BR-7.1.3.2-MATCH "Outer and inner signature algorithms match" {
        severity error
        cites "RFC 5280 4.1.1.2"
        zlint "e_cert_sig_alg_not_match_tbs_sig_alg"
        when present(cert.outer_signature_algorithm)
        require cert.signature_algorithms_match
        message "signatureAlgorithm differs from the TBSCertificate's signature field"
      }
    }
  }

  section 7.1.4 {
    section 7.1.4.3 "Subscriber Certificate Common Name Attribute" {
      requirement BR-7.1.4.3-CN "The common name is one subjectAltName value" {
        severity error
        cites "CABF-BR 7.1.4.3"
        pkilint "cabf.serverauth.subscriber_common_name_unknown_source"
        zlint "e_subject_common_name_not_exactly_from_san"
        when cert is tls_subscriber and len(cert.subject.cn) > 0
        require len(cert.subject.cn) == 1 and all(cn in cert.subject.cn: cn in cert.san.dns or cn in cert.san.ip)
        message "subject commonName {cert.subject.cn} is not exactly one of the subjectAltName values"
      }
    }
  }
}
