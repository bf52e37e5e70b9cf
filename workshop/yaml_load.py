"""YAML read with libyaml's C parser when PyYAML has it (about eight times faster than the pure-Python one, which
matters for the string catalogue read at every start and for large templates); the same safe subset either way."""
from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Like yaml.safe_load: plain data only, never arbitrary objects."""
    return yaml.load(text, Loader=SafeLoader)  # the safe loader, C or Python: plain data only
