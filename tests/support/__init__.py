"""What the tests share: the real server and Chromium (browser, on benchmarks/serverproc.py), PostgreSQL (postgres),
the steps a person takes on a page (steps, ideas), waiting for a condition (waiting), worked scenarios for the
exports (export_scenario, rating_scenario), what a page shows (shown_text), the audited pages (audit) and the
catalogue once a translation is in (catalogue). Test modules import from here, never from one another
(tests/test_code_checks.py checks)."""
