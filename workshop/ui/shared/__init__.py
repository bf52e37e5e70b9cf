"""Pieces several doors share: language on a page, the frame, widgets, the journey map, results views."""
