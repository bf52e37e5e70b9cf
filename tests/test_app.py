"""Start-up: the demo workshop, the storage secret and the port check."""
import socket

import pytest

from workshop.config import load
from workshop.service import UserError
from workshop.store import Store
from workshop.web import app as app_module


def test_the_demo_workshop_is_created_once(cfg):
    store = Store(cfg.data_dir)
    first = app_module.ensure_demo(cfg, store)
    again = app_module.ensure_demo(cfg, store)
    assert first == again and [row.title for row in store.workshops()] == ['CAR T-cell therapy in Aotearoa New Zealand']
    assert store.check_token(first['id'], 'facilitator', first['facilitator_token'])
    assert oct((cfg.data_dir / 'demo-links.json').stat().st_mode & 0o777) == '0o600'


def test_a_public_address_needs_a_storage_secret(tmp_path):
    cfg = load({'CODESIGN_DATA': str(tmp_path), 'CODESIGN_HOST': '0.0.0.0'})
    with pytest.raises(UserError, match='needs CODESIGN_STORAGE_SECRET'):
        app_module.storage_secret(cfg)
    assert app_module.storage_secret(cfg.with_flags(storage_secret='s' * 40)) == 's' * 40


def test_localhost_keeps_a_random_secret_in_the_data_folder(cfg):
    secret = app_module.storage_secret(cfg)
    assert len(secret) > 30 and app_module.storage_secret(cfg) == secret


def test_a_port_in_use_is_a_clear_message():
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError, match=f'cannot listen on 127.0.0.1:{port}'):
            app_module._check_port_free('127.0.0.1', port)
