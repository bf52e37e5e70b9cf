"""The pure domain: types, voting rules, aggregation, analyses, the co-design cycle and the folded state.

Nothing here does I/O or imports NiceGUI or the store (tests/test_layering.py checks it).
"""
