"""The project lead's view: the cycle, ranked lists, decisions, actions and downloads."""
