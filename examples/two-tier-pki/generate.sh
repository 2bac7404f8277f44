#!/usr/bin/env bash
# Regenerates the example's certificates with OpenSSL 3: the root and the
# issuing CA certificate, and subscriber certificates signed by `openssl ca`
# with the issuing CA's own configuration (ca/issuing/openssl.cnf). The
# outputs are committed; nothing runs this script but a person. Software keys
# stand in for the HSM keys, and are thrown away.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The offline root: RSA 4096, 20 years.
cat > "$work/root.ext" <<'EXT'
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EXT
openssl req -x509 -new -newkey rsa:4096 -nodes -keyout "$work/root.key" -sha384 -days 7300 \
  -subj "/C=GB/O=Acme Ltd/CN=Acme Root CA" -extensions v3 -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n[v3]\n'; cat "$work/root.ext") \
  -set_serial "0x$(openssl rand -hex 16)" -out certs/root-ca.pem 2>/dev/null

# The issuing CA: ECDSA P-384, 8 years, certified by the root for TLS servers only.
cat > "$work/issuing.ext" <<'EXT'
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
extendedKeyUsage = serverAuth
certificatePolicies = 2.23.140.1.2.2, 1.3.6.1.4.1.55555.2.1
crlDistributionPoints = URI:http://pki.acme.example/root.crl
authorityInfoAccess = caIssuers;URI:http://pki.acme.example/root.crt
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$work/issuing.key" \
  -subj "/C=GB/O=Acme Ltd/CN=Acme Issuing CA 1" -out "$work/issuing.csr" 2>/dev/null
openssl x509 -req -in "$work/issuing.csr" -CA certs/root-ca.pem -CAkey "$work/root.key" -sha384 -days 2920 \
  -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/issuing.ext" -out certs/issuing-ca.pem 2>/dev/null

# Subscriber certificates, issued by `openssl ca` under the issuing CA's configuration.
mkdir -p "$work/ca/newcerts"
cp ca/issuing/openssl.cnf "$work/ca/"
cp certs/issuing-ca.pem "$work/ca/issuing-ca.pem"
: > "$work/ca/index.txt"
openssl rand -hex 16 > "$work/ca/serial"
issue() { # name days cn sans...
  local name=$1 days=$2 cn=$3; shift 3
  local sans
  sans=$(printf 'DNS:%s,' "$@")
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$name.key" \
    -subj "/C=GB/O=Acme Ltd/CN=$cn" -addext "subjectAltName=${sans%,}" -out "$work/$name.csr" 2>/dev/null
  (cd "$work/ca" && openssl ca -config openssl.cnf -batch -notext -keyfile "$work/issuing.key" \
    -days "$days" -in "$work/$name.csr" -out "$work/$name.pem" 2>/dev/null)
  openssl rand -hex 16 > "$work/ca/serial"
  cp "$work/$name.pem" "certs/$name.pem"
}
# Within every limit: 199 days (the BRs count the last second, so 200 days are 199 and a second).
issue www 199 www.acme.example www.acme.example acme.example
issue api 199 api.acme.example api.acme.example
# Deliberate violation: a year's validity, where the BRs allow 200 days since 2026-03-15.
issue intranet 365 intranet.acme.example intranet.acme.example
