"""Shared test configuration: hypothesis profiles for local and CI runs."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Two-core CI machines have noisy timing: never fail a property on a deadline.
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
