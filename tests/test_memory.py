"""A closed page, a cleared panel or a closed dialog leaves no garbage that needs a full collection to free."""
import gc

from nicegui import Client, ui
from nicegui.page import page

from workshop.ui import memory


def build_and_remove(clear_only: bool) -> int:
    gc.collect()
    gc.disable()
    try:
        client = Client(page('/memory-test'))
        with client:
            with ui.column() as box:
                for _ in range(50):
                    ui.label('A label')
                    ui.button('A button', on_click=lambda: None)
        if clear_only:
            box.clear()
        client.delete()
        del client, box
        return gc.collect()  # objects only the cycle collector could free
    finally:
        gc.enable()


def test_a_deleted_page_is_freed_by_reference_counting_alone():
    memory.install()
    assert build_and_remove(clear_only=False) < 30  # was about 2,000 for these 100 elements


def test_cleared_elements_are_freed_too():
    memory.install()
    assert build_and_remove(clear_only=True) < 30
