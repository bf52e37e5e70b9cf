"""Settings: injected from a mapping, each one documented in the README."""
import re
from pathlib import Path

import pytest

from workshop.config import SETTINGS, ConfigError, load

README = Path(__file__).resolve().parent.parent / 'README.md'


def test_defaults_listen_on_localhost_only():
    cfg = load({})
    assert cfg.host == '127.0.0.1' and cfg.port == 8080 and cfg.public_url == 'http://localhost:8080'


def test_the_environment_and_then_flags_decide():
    cfg = load({'CODESIGN_PORT': '9000', 'CODESIGN_BASE_URL': 'https://hui.example.org/'})
    assert cfg.public_url == 'https://hui.example.org'
    assert cfg.with_flags(port=9100, host=None).port == 9100


@pytest.mark.parametrize('env, message', [
    ({'CODESIGN_PORT': 'eighty'}, 'CODESIGN_PORT must be a port number'),
    ({'CODESIGN_SYNC': 'sometimes'}, 'CODESIGN_SYNC must be normal or full'),
    ({'CODESIGN_DATABASE_URL': 'mysql://db/w'}, 'CODESIGN_DATABASE_URL must be a PostgreSQL URL'),
])
def test_a_bad_setting_is_named(env, message):
    with pytest.raises(ConfigError, match=message):
        load(env)


def test_every_setting_is_documented_in_the_readme():
    documented = set(re.findall(r'^\| `(CODESIGN_[A-Z_]+)` \|', README.read_text(), flags=re.MULTILINE))
    assert documented == set(SETTINGS)
