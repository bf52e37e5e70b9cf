"""The shared screen for the video call."""
