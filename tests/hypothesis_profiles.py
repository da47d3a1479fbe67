"""Hypothesis settings for the whole suite, loaded by tests/conftest.py (pytest_configure) before any test module.

In CI (CI=true) the property tests are derandomised: each runs the same examples every time,
so a failure in CI is a failure on every rerun and on a developer's machine with CI=true, never
a one-in-forty accident. Elsewhere they explore new examples on each run, and a failure prints
the blob that replays it (@reproduce_failure), to be pinned with @example.
"""

from __future__ import annotations

import os

from hypothesis import settings

# Explicit, whatever the Hypothesis version: recent ones load a similar "ci" profile by themselves
# when a CI variable is set, older ones (pyproject allows 6.100) do not.
_DEFAULT = settings.get_profile("default")
settings.register_profile("ci", parent=_DEFAULT, derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", parent=_DEFAULT, print_blob=True)


def profile_name() -> str:
    """HYPOTHESIS_PROFILE if set, else "ci" when the CI variable is set (GitHub, GitLab and
    others set CI=true), else "dev"."""
    chosen = os.environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev"


settings.load_profile(profile_name())
