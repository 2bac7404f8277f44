#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets under OUT (one directory per
# target) from the policies and certificates in this repository and, when
# present, the shared corpora in $CPSLINT_SHARED/corpora (default ../shared).
# Nothing here is committed: the seeds are made afresh from their sources.
set -euo pipefail
out="${1:?usage: seeds.sh OUT}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
shared="${CPSLINT_SHARED:-../shared}"
rm -rf "$out"
mkdir -p "$out/compile" "$out/blocks" "$out/cert" "$out/ca"
python3 - "$out" "$shared" <<'PY'
import base64, hashlib, os, re, sys

out, shared = sys.argv[1], sys.argv[2]
MAX_SEED = 256 << 10  # larger files only slow the start; libFuzzer cuts inputs to -max_len anyway

def put(target, data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

def files(*dirs):
    for d in dirs:
        for base, subdirs, names in os.walk(d):
            subdirs.sort()
            for n in sorted(names):
                p = os.path.join(base, n)
                if os.path.isfile(p) and os.path.getsize(p) <= MAX_SEED:
                    yield p

def read(p):
    with open(p, "rb") as f:
        return f.read()

for p in files("policies", "examples", "tests/fixtures/policies"):
    if p.endswith(".cps"):
        put("compile", read(p))

pem = re.compile(rb"-----BEGIN ([A-Z0-9 #]+)-----(.*?)-----END \1-----", re.S)
cert_dirs = ["tests/fixtures/certs", "tests/fixtures/field-groups"]
ca_dirs = ["tests/fixtures/ca", "examples"]
if os.path.isdir(os.path.join(shared, "corpora")):
    cert_dirs.append(os.path.join(shared, "corpora"))
    ca_dirs.append(os.path.join(shared, "ca-configs"))
    print(f"seeds: using {shared}")
else:
    print(f"seeds: {shared} is not there; seeding from the repository only")
for p in files(*cert_dirs):
    data = read(p)
    put("blocks", data)
    found = False
    for m in pem.finditer(data):
        if b"CERTIFICATE" not in m.group(1):
            continue
        try:
            der = base64.b64decode(re.sub(rb"\s+", b"", m.group(2)), validate=True)
        except ValueError:
            continue
        put("cert", der)
        found = True
    if not found and data[:1] == b"\x30":
        put("cert", data)

# CA configurations: manifests, OpenSSL, cfssl, step-ca and ceremony files.
for p in files(*ca_dirs):
    if not p.endswith((".pem", ".der", ".crt", ".cps")):
        put("ca", read(p))

# A dictionary for the policy language: keywords, builtins, operators and field names.
words = set()
for text in (read("grammar/policy.pest"), read("src/compile/builtins/mod.rs"), read("src/schema/fields.rs")):
    words.update(re.findall(rb'"([a-z_][a-z0-9_.]*)"', text))
words.update([b"{", b"}", b"(", b")", b"[", b"]", b"==", b"!=", b"<=", b">=", b"<", b">", b"+", b"-",
              b"*", b"/", b"%", b":", b",", b"\"", b"#", b"//", b"cpslint:cabf/br-tls", b"398d", b"4KiB",
              b"2.5.29.19", b"2026-01-01", b"1.0"])
with open(os.path.join(out, "compile.dict"), "w") as f:
    for w in sorted(words):
        f.write('"' + "".join(chr(c) if 32 <= c < 127 and c not in b'"\\' else "\\x%02x" % c for c in w) + '"\n')
for t in ("compile", "blocks", "cert", "ca"):
    print(f"seeds: {len(os.listdir(os.path.join(out, t)))} for {t}")
PY
