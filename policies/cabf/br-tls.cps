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

  /// A TLS subscriber (end-entity server) certificate.
  profile tls_subscriber = cert.eku contains serverAuth and not cert.basic_constraints.ca

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
      zlint "e_tls_server_cert_valid_time_longer_than_398_days"
      effective 2020-09-01
      ineffective 2026-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity
      message "validity is {days(cert.validity.duration)} days; at most {max_subscriber_validity} is allowed"
    }

    requirement BR-6.3.2-200 "Subscriber validity from 2026-03-15" {
      severity error
      cites "CABF-BR 6.3.2"
      zlint "e_server_cert_valid_time_longer_than_200_days"
      effective 2026-03-15
      ineffective 2027-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity_2026
      message "validity is {days(cert.validity.duration)} days; at most {max_subscriber_validity_2026} is allowed"
    }

    requirement BR-6.3.2-100 "Subscriber validity from 2027-03-15" {
      severity error
      cites "CABF-BR 6.3.2"
      zlint "e_server_cert_valid_time_longer_than_100_days"
      effective 2027-03-15
      ineffective 2029-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity_2027
      message "validity is {days(cert.validity.duration)} days; at most {max_subscriber_validity_2027} is allowed"
    }

    requirement BR-6.3.2-47 "Subscriber validity from 2029-03-15" {
      severity error
      cites "CABF-BR 6.3.2"
      zlint "e_server_cert_valid_time_longer_than_47_days"
      effective 2029-03-15
      when cert is tls_subscriber
      require cert.validity.duration <= max_subscriber_validity_2029
      message "validity is {days(cert.validity.duration)} days; at most {max_subscriber_validity_2029} is allowed"
    }
  }

  section 7.1.2.7 "Subscriber (Server) Certificate Profile" {
    section 7.1.2.7.8 "Subscriber Certificate Basic Constraints" {
      requirement BR-7.1.2.7.8-CA "Subscriber certificates are not CA certificates" {
        severity error
        cites "CABF-BR 7.1.2.7.8"
        when cert.eku contains serverAuth
        require not cert.basic_constraints.ca and absent(cert.basic_constraints.path_len)
        message "cA is {cert.basic_constraints.ca}"
      }
    }

    section 7.1.2.7.10 "Subscriber Certificate Extended Key Usage" {
      requirement BR-7.1.2.7.10-EKU "Subscriber extended key usage purposes" {
        severity error
        cites "CABF-BR 7.1.2.7.10"
        zlint "e_sub_cert_eku_check"
        when cert is tls_subscriber
        require none(p in cert.eku: p in [codeSigning, emailProtection, timeStamping, OCSPSigning, anyExtendedKeyUsage, 1.3.6.1.4.1.11129.2.4.4])
        message "extKeyUsage holds {cert.eku}; only serverAuth and clientAuth are allowed"
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
    }
  }
}
