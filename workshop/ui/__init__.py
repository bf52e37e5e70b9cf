"""NiceGUI pages, a folder per door, plus shared pieces. Pages are thin: they read from and call into LiveWorkshop."""
