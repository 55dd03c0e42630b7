"""Verifies Open Badges 3.0 credentials with openbadgeslib (PyPI), an independent
eddsa-rdfc-2022 implementation. Reads file paths from argv; prints one JSON line per
file: {"file": ..., "verified": bool, "error": str|null}."""
import json
import sys

from openbadgeslib.ob3.ldp import OB3LdpVerifier

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    try:
        OB3LdpVerifier().verify(doc)
        print(json.dumps({"file": path, "verified": True, "error": None}))
    except Exception as e:  # the verifier raises its own error types
        print(json.dumps({"file": path, "verified": False, "error": f"{type(e).__name__}: {e}"}))
