"""Compare-page server time for 4 plans (issue 11 target: p95 < 150 ms).

    PORTAL_DATA_DIR=$PWD/var/bench .venv/bin/python benchmarks/compare_page.py [--requests 200]

Builds a throwaway test database (the configured engine), loads the demo catalogue with its
documents attached (no indexing), extracts key facts once (the first request after a new
edition), then times the Django handler for /en/compare/ with four GBA medical plans in
process, so only server work is measured. Prints the first (extracting) request and p50/p95.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANS = "lantau-bridgecare,taipo-familycare,tungchung-twinbay,dameisha-gangao-ankang"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.portal.compare_fixtures import attach_demo_documents

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="compare-bench-")
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_demo", skip_index=True, verbosity=0)
        attach_demo_documents()
        client = Client()
        url = f"/en/compare/?products={PLANS}"
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        first = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(
            f"compare 4 plans: first request (extracts key facts) {first:.0f} ms; "
            f"then {args.requests} requests p50 {statistics.median(times):.1f} ms, p95 {pct(times, 95):.1f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
