"""NiceGUI pages: the only place that builds UI. Pages are thin: they read from and call into LiveWorkshop."""
