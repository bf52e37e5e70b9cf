"""YAML read with libyaml's C parser when PyYAML has it (about eight times faster than the pure-Python one, which
matters for the string catalogue read at every start and for large templates); the same safe subset either way."""
from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

SafeLoader: type = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Like yaml.safe_load: plain data only, never arbitrary objects."""
    return yaml.load(text, Loader=SafeLoader)  # the safe loader, C or Python: plain data only


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class ComposingLoader(Composer, CParser, SafeConstructor, Resolver):
        """A safe loader whose nodes are built in Python (so a subclass can limit them in compose_node) from the
        events of the C parser: most of the C loader's speed, with room for limits."""

        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:  # PyYAML built without libyaml
    ComposingLoader = yaml.SafeLoader  # type: ignore[misc]
