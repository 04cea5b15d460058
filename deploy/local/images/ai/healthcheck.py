#!/usr/bin/env python3
"""The images' HEALTHCHECK: exit 0 when GET URL answers 2xx within the timeout (no curl in the base)."""
import sys
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2]) if len(sys.argv) > 2 else 2) as r:
        sys.exit(0 if 200 <= r.status < 300 else 1)
except Exception as e:  # any failure is unhealthy; say why, the engine keeps the output
    print(f"{sys.argv[1]}: {e}")
    sys.exit(1)
