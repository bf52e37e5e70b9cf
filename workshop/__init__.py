"""Codesign Workshop: run health-service co-design workshops over videoconference."""
__version__ = '0.1.0'
