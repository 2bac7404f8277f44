// Enterprise PKI baseline: what a private (not publicly trusted) CA
// hierarchy is expected to meet, checked on CA manifests and the
// configurations of the CA software they import.
//
// Drawn from established practice: Microsoft's "Securing PKI" guidance (an
// offline root and online issuing CAs, keys in hardware, separation of
// duties, ceremonies), NIST SP 800-57 Part 1 Rev. 5 (key sizes by security
// strength) and SP 800-131A Rev. 2 (transitions: no SHA-1, no RSA below 2048
// bits), and the controls RFC 3647 §4.5 and §4.6 ask a CPS to state.
// It has no policy OID of its own: the CA's policy that includes it asserts
// the CA's OIDs. Include it from a CA's own policy (`include "cpslint:enterprise-pki"`) and
// tighten or loosen a number with `override param`.

policy "Enterprise PKI baseline" {
  kind cp
  version "1.0"
  effective 2026-01-01
  authority "cpslint"

  param min_ca_rsa_bits: int = 3072 "Smallest RSA modulus of a CA key (128-bit security strength, SP 800-57 Part 1 Table 2)"
  param ca_curves: list<string> = ["P-256", "P-384", "P-521"] "Elliptic curves a CA key may use"
  param min_subscriber_rsa_bits: int = 2048 "Smallest RSA modulus an issuance profile accepts (SP 800-131A Rev. 2)"
  param ca_signature_algorithms: list<string> = ["sha256", "sha384", "sha512", "sha256withrsaencryption", "sha384withrsaencryption", "sha512withrsaencryption", "rsassa-pss", "ecdsa-with-sha256", "ecdsa-with-sha384", "ecdsa-with-sha512", "ed25519", "ed448"] "Signature algorithms (or their digests) a CA may sign with, in lower case"
  param min_fips_level: int = 3 "Lowest FIPS 140 level of the module holding a CA key"
  param min_quorum: int = 2 "Fewest people in trusted roles needed for a sensitive task"
  param max_issuing_crl_interval: duration = 7d "Longest time between two CRLs of an issuing CA"
  param max_issuing_crl_next_update: duration = 10d "Longest nextUpdate after thisUpdate of an issuing CA's CRL"
  param max_root_crl_interval: duration = 365d "Longest time between two CRLs of the root or an intermediate"
  param min_audit_log_retention: duration = 730d "Shortest retention of the audit log"
  param max_audit_log_review_interval: duration = 31d "Longest time between two reviews of the audit log"
  param max_end_entity_validity: duration = 398d "Longest validity an end-entity issuance profile allows"

  section 1.3.1 "Certification authorities" {
    text """
    The hierarchy has two tiers: an offline root CA that certifies only issuing
    CAs, and online issuing CAs that certify only end entities. A three-tier
    hierarchy (root, intermediate, issuing) is allowed where the policy says
    why. Every CA other than the root names the CA that certifies it, and its
    certificate's path length leaves no room for tiers that do not exist.
    """

    requirement EPKI-1.3.1-PARENT "Every CA but the root names its parent, and the parent is known" {
      severity error
      cites "RFC 3647 4.1.3"
      target ca
      when present(ca.tier) and ca.tier != "root"
      require present(ca.parent) and present(parent.name)
      message "the {ca.tier} CA `{ca.name}` names parent `{ca.parent}`, which is not among the CA configurations checked"
    }

    requirement EPKI-1.3.1-CERTIFICATE "The manifest agrees with the CA's certificate" {
      severity error
      cites "RFC 3647 4.1.3"
      target ca
      when present(ca.certificate_mismatches)
      require len(ca.certificate_mismatches) == 0
      message "the manifest of `{ca.name}` disagrees with its certificate: {ca.certificate_mismatches}"
    }

    requirement EPKI-1.3.1-TIERS "Tiers follow root, intermediate, issuing" {
      severity error
      cites "RFC 3647 4.1.3"
      target ca
      when present(ca.tier) and present(parent.tier)
      require (ca.tier == "issuing" and parent.tier in ["root", "intermediate"])
        or (ca.tier == "intermediate" and parent.tier == "root")
      message "the {ca.tier} CA `{ca.name}` is certified by the {parent.tier} CA `{parent.name}`"
    }

    requirement EPKI-1.3.1-TWO-TIER "The hierarchy has two tiers" {
      severity warning
      cites "RFC 3647 4.1.3"
      target ca
      when present(ca.tier)
      require ca.tier in ["root", "issuing"]
      message "`{ca.name}` is an intermediate CA: a third tier; state why in the policy or disable this requirement with a reason"
    }

    requirement EPKI-1.3.1-PATH-LENGTH "A parent's path length leaves room for its subordinate tier" {
      severity error
      cites "RFC 5280 4.2.1.9"
      target ca
      when ca.tier == "intermediate" and present(parent.profile.path_lens)
      require all(n in parent.profile.path_lens: n >= 1)
      message "`{parent.name}` certifies CAs with path lengths {parent.profile.path_lens}, so the issuing CAs below the intermediate `{ca.name}` cannot be certified"
    }

    requirement EPKI-1.3.1-NO-EXTRA-TIER "A parent of issuing CAs allows no further tier" {
      severity warning
      cites "RFC 5280 4.2.1.9"
      target ca
      when ca.tier == "issuing" and present(parent.profile.path_lens)
      require all(n in parent.profile.path_lens: n == 0)
      message "`{parent.name}` certifies CAs with path lengths {parent.profile.path_lens}; the issuing CA `{ca.name}` could then certify further CAs"
    }

    requirement EPKI-1.3.1-ISSUING-LEAVES "An issuing CA certifies end entities only" {
      severity error
      cites "RFC 3647 4.1.3"
      target ca
      when ca.tier == "issuing" and present(ca.profile.kinds)
      require not ("subordinate-ca" in ca.profile.kinds)
      message "the issuing CA `{ca.name}` has a profile that issues CA certificates"
    }

    requirement EPKI-1.3.1-EKU-WITHIN-PARENT "A CA's profiles stay within its parent's extended key usages" {
      severity error
      cites "RFC 5280 4.2.1.12"
      target ca
      when present(ca.profile.ekus) and present(parent.profile.ekus)
      require all(e in ca.profile.ekus: e in parent.profile.ekus)
      message "`{ca.name}` issues for {ca.profile.ekus}, but `{parent.name}` certifies CAs for {parent.profile.ekus} only"
    }

    requirement EPKI-1.3.1-POLICY-WITHIN-PARENT "A CA's profiles assert only policies its parent allows" {
      severity error
      cites "RFC 5280 4.2.1.4"
      target ca
      when present(ca.profile.policy_oids) and present(parent.profile.policy_oids)
      require anyPolicy in parent.profile.policy_oids
        or all(o in ca.profile.policy_oids: o in parent.profile.policy_oids)
      message "`{ca.name}` asserts policies {ca.profile.policy_oids}, but `{parent.name}` allows {parent.profile.policy_oids}"
    }
  }

  section 4.9.7 {
    text """
    An issuing CA publishes a CRL at least every {max_issuing_crl_interval},
    each with a nextUpdate at most {max_issuing_crl_next_update} after its
    thisUpdate; the root and intermediates at least every {max_root_crl_interval}. The
    configuration states these itself rather than leaving them to the
    software's default.
    """

    requirement EPKI-4.9.7-ISSUING-CRL "An issuing CA publishes CRLs at least weekly" {
      severity error
      cites "RFC 3647 4.4.9"
      target ca
      when ca.tier == "issuing"
      require ca.revocation.crl_interval <= max_issuing_crl_interval
      message "the CA publishes CRLs every {ca.revocation.crl_interval}; at most {max_issuing_crl_interval} is allowed"
    }

    requirement EPKI-4.9.7-ISSUING-NEXT-UPDATE "An issuing CA's CRLs are valid for at most ten days, as configured" {
      severity error
      cites "RFC 3647 4.4.9", "RFC 5280 5.1.2.5"
      target ca
      when ca.tier == "issuing"
      require explicit(ca.revocation.crl_next_update)
        and ca.revocation.crl_next_update <= max_issuing_crl_next_update
      message "CRL nextUpdate is {ca.revocation.crl_next_update} after thisUpdate; the configuration must set at most {max_issuing_crl_next_update}"
    }

    requirement EPKI-4.9.7-CA-CRL "The root and intermediates publish a CRL at least yearly" {
      severity error
      cites "RFC 3647 4.4.9"
      target ca
      when ca.tier in ["root", "intermediate"]
      require ca.revocation.crl_interval <= max_root_crl_interval
      message "the {ca.tier} CA publishes CRLs every {ca.revocation.crl_interval}; at most {max_root_crl_interval} is allowed"
    }
  }

  section 5.1.2 "Physical access" {
    requirement EPKI-5.1.2-QUORUM "Entering the CA's secure area takes two people" {
      severity error
      cites "RFC 3647 4.5.1"
      target ca
      require ca.quorum.physical_access >= min_quorum
      message "entering the secure area takes {ca.quorum.physical_access} of the people in trusted roles; at least {min_quorum} are required"
    }

    manual EPKI-5.1.2-M "Physical access is logged and reviewed" {
      severity error
      cites "RFC 3647 4.5.1"
      text "Every entry to the area holding CA keys is logged with the people present, and the log is reviewed."
      evidence "The access log of the secure area for the audit period and the record of its reviews"
    }
  }

  section 5.2.1 "Trusted roles" {
    requirement EPKI-5.2.1-ROLES "The trusted roles are defined, an auditor among them" {
      severity error
      cites "RFC 3647 4.5.2"
      target ca
      require present(ca.role.names) and "ca_administrator" in ca.role.names and "auditor" in ca.role.names
      message "the trusted roles are {ca.role.names}; a CA administrator and an auditor role are required"
    }

    requirement EPKI-5.2.1-HOLDERS "Every trusted role is held by someone" {
      severity error
      cites "RFC 3647 4.5.2"
      target ca
      when present(ca.roles)
      require all(r in ca.roles: present(r.holders) and len(r.holders) > 0)
      message "{count(r in ca.roles: absent(r.holders) or len(r.holders) == 0)} of the trusted roles ({ca.role.names}) have no holder"
    }
  }

  section 5.2.3 "Identification and authentication for each role" {
    manual EPKI-5.2.3-M "People in trusted roles authenticate with two factors" {
      severity error
      cites "RFC 3647 4.5.2"
      text "Everyone in a trusted role authenticates to CA systems with at least two factors, one of them a hardware token."
      evidence "The access-control configuration of the CA systems and the token issuance register"
    }
  }

  section 5.2.4 "Roles requiring separation of duties" {
    requirement EPKI-5.2.4-AUDITOR "An auditor holds no other trusted role" {
      severity error
      cites "RFC 3647 4.5.2"
      target ca
      when present(ca.role.names)
      require len(ca.role.auditor_conflicts) == 0
      message "the auditor role is also held in another trusted role by {ca.role.auditor_conflicts}"
    }
  }

  section 5.3.2 "Background check procedures" {
    manual EPKI-5.3.2-M "People in trusted roles pass a background check" {
      severity error
      cites "RFC 3647 4.5.3"
      text "Before appointment to a trusted role, and every five years after, each person passes a background check."
      evidence "The HR record of the checks of every role holder listed in the CA manifests"
    }
  }

  section 5.4.2 "Frequency of processing log" {
    requirement EPKI-5.4.2-REVIEW "The audit log is reviewed at least monthly" {
      severity error
      cites "RFC 3647 4.5.4"
      target ca
      require ca.audit_log.review_interval <= max_audit_log_review_interval
      message "the audit log is reviewed every {ca.audit_log.review_interval}; at most {max_audit_log_review_interval} is allowed"
    }
  }

  section 5.4.3 "Retention period for audit log" {
    requirement EPKI-5.4.3-RETENTION "The audit log is kept at least two years" {
      severity error
      cites "RFC 3647 4.5.4"
      target ca
      require ca.audit_log.retention >= min_audit_log_retention
      message "the audit log is kept {ca.audit_log.retention}; at least {min_audit_log_retention} is required"
    }
  }

  section 5.4.4 "Protection of audit log" {
    requirement EPKI-5.4.4-ARCHIVAL "Archiving the audit log takes two people" {
      severity error
      cites "RFC 3647 4.5.4"
      target ca
      require ca.quorum.audit_log_archival >= min_quorum
      message "archiving the audit log takes {ca.quorum.audit_log_archival} of the people in trusted roles; at least {min_quorum} are required"
    }

    requirement EPKI-5.4.4-DELETION "Deleting audit records takes two people" {
      severity error
      cites "RFC 3647 4.5.4"
      target ca
      require ca.quorum.audit_log_deletion >= min_quorum
      message "deleting audit records takes {ca.quorum.audit_log_deletion} of the people in trusted roles; at least {min_quorum} are required"
    }
  }

  section 6.1.1 "Key pair generation" {
    text """
    Every CA key is generated in a key ceremony that follows a signed script,
    before independent witnesses; each scripted step is signed off by the
    operator who performed it and the witness who saw it, and the ceremony's
    artefacts (CSR or certificate, public key hash, key backups, video) are
    recorded.
    """

    requirement EPKI-6.1.1-CEREMONY "The CA key was generated in a recorded ceremony" {
      severity error
      cites "RFC 3647 4.6.1"
      target ca
      require present(ca.ceremony.kinds) and "key-generation" in ca.ceremony.kinds
      message "no key-generation ceremony is recorded for `{ca.name}`"
    }

    requirement EPKI-6.1.1-SCRIPT "Ceremonies follow a signed script" {
      severity error
      cites "RFC 3647 4.6.1"
      target ca
      when ca.ceremony.count > 0
      require len(ca.ceremony.without_script) == 0
      message "{ca.ceremony.without_script} followed no recorded script"
    }

    requirement EPKI-6.1.1-WITNESSES "Ceremonies have independent witnesses" {
      severity error
      cites "RFC 3647 4.6.1"
      target ca
      when ca.ceremony.count > 0
      require len(ca.ceremony.without_witnesses) == 0
      message "{ca.ceremony.without_witnesses} had no witness"
    }

    requirement EPKI-6.1.1-OPERATOR-SIGN-OFF "Every ceremony step is signed off by its operator" {
      severity error
      cites "RFC 3647 4.6.1"
      target ca
      when ca.ceremony.count > 0
      require len(ca.ceremony.unsigned_steps) == 0
      message "steps without an operator's sign-off: {ca.ceremony.unsigned_steps}"
    }

    requirement EPKI-6.1.1-WITNESS-SIGN-OFF "Every ceremony step is signed off by a witness" {
      severity error
      cites "RFC 3647 4.6.1"
      target ca
      when ca.ceremony.count > 0
      require len(ca.ceremony.unwitnessed_steps) == 0
      message "steps without a witness's sign-off: {ca.ceremony.unwitnessed_steps}"
    }

    requirement EPKI-6.1.1-ARTEFACTS "Ceremonies record their artefacts" {
      severity error
      cites "RFC 3647 4.6.1"
      target ca
      when ca.ceremony.count > 0
      require len(ca.ceremony.without_artefacts) == 0
      message "{ca.ceremony.without_artefacts} recorded no artefacts"
    }
  }

  section 6.1.5 "Key sizes" {
    requirement EPKI-6.1.5-CA-KEY "CA keys have 128-bit security strength" {
      severity error
      cites "NIST SP 800-57 Part 1 Rev. 5 5.6.1", "RFC 3647 4.6.1"
      target ca
      require (ca.key.algorithm == "rsa" and ca.key.bits >= min_ca_rsa_bits)
        or (ca.key.algorithm == "ec" and ca.key.curve in ca_curves)
        or ca.key.algorithm in ["ed25519", "ed448"]
      message "the CA key is {ca.key.algorithm} ({ca.key.bits} bits, curve {ca.key.curve}); RSA of at least {min_ca_rsa_bits} bits or ECDSA on {ca_curves} is required"
    }

    requirement EPKI-6.1.5-PROFILE-RSA "Issuance profiles refuse RSA keys below 2048 bits" {
      severity error
      cites "NIST SP 800-131A Rev. 2 3", "RFC 3647 4.6.1"
      target ca
      when present(ca.profile.min_rsa_bits)
      require all(b in ca.profile.min_rsa_bits: b >= min_subscriber_rsa_bits)
      message "profiles accept RSA keys from {ca.profile.min_rsa_bits} bits; at least {min_subscriber_rsa_bits} is required"
    }
  }

  section 6.2.1 "Cryptographic module standards and controls" {
    requirement EPKI-6.2.1-HSM "CA keys are held in a hardware module" {
      severity error
      cites "RFC 3647 4.6.2"
      target ca
      require ca.key.storage in ["hsm", "cloud-kms"]
      message "the CA key is held in {ca.key.storage}; a hardware security module is required"
    }

    requirement EPKI-6.2.1-FIPS "The module is validated to FIPS 140 level 3" {
      severity error
      cites "RFC 3647 4.6.2", "FIPS 140-3"
      target ca
      require ca.key.fips_level >= min_fips_level
      message "the CA key's module is validated to FIPS 140 level {ca.key.fips_level}; level {min_fips_level} or more is required"
    }
  }

  section 6.2.2 "Private key (n out of m) multi-person control" {
    requirement EPKI-6.2.2-GENERATION "Generating a CA key takes two people" {
      severity error
      cites "RFC 3647 4.6.2"
      target ca
      require ca.quorum.key_generation >= min_quorum
      message "generating a CA key takes {ca.quorum.key_generation} of the people in trusted roles; at least {min_quorum} are required"
    }

    requirement EPKI-6.2.2-ACTIVATION "Activating the CA key takes two people" {
      severity error
      cites "RFC 3647 4.6.2"
      target ca
      require ca.quorum.activation >= min_quorum
      message "activating the CA key takes {ca.quorum.activation} of the people in trusted roles; at least {min_quorum} are required"
    }

    requirement EPKI-6.2.2-BACKUP "Backing up the CA key takes two people" {
      severity error
      cites "RFC 3647 4.6.2"
      target ca
      require ca.quorum.backup >= min_quorum
      message "backing up or restoring the CA key takes {ca.quorum.backup} of the people in trusted roles; at least {min_quorum} are required"
    }
  }

  section 6.3.2 "Certificate operational periods and key pair usage periods" {
    requirement EPKI-6.3.2-PROFILE "End-entity profiles allow at most 398 days" {
      severity error
      cites "RFC 3647 4.6.3"
      target ca
      when present(ca.profile.subscriber_validity)
      require all(v in ca.profile.subscriber_validity: v <= max_end_entity_validity)
      message "end-entity profiles give validities of {ca.profile.subscriber_validity}; at most {max_end_entity_validity} is allowed"
    }
  }

  section 6.7 "Network security controls" {
    requirement EPKI-6.7-ROOT-OFFLINE "The root CA is offline" {
      severity error
      cites "RFC 3647 4.6.7"
      target ca
      when ca.tier == "root"
      require ca.online == false
      message "the root CA `{ca.name}` is online; a root CA is kept offline"
    }
  }

  section 7.1.3 "Algorithm object identifiers" {
    requirement EPKI-7.1.3-SIGNATURE "CAs sign with SHA-2 or better" {
      severity error
      cites "NIST SP 800-131A Rev. 2 9", "RFC 3647 4.7.1"
      target ca
      when present(ca.signature_algorithms)
      require all(a in ca.signature_algorithms: lower(a) in ca_signature_algorithms)
      message "the CA signs with {ca.signature_algorithms}; SHA-256 or stronger is required"
    }
  }
}
