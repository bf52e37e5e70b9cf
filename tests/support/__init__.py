"""What the tests share: the real server and Chromium (browser), PostgreSQL (postgres), the steps a person takes on
a page (steps, ideas), worked scenarios for the exports (export_scenario, rating_scenario), and what a page shows
(shown_text). Test modules import from here, never from one another (tests/test_code_checks.py checks)."""
