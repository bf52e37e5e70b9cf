"""Web plumbing, apart from the pages: start-up, security headers, role sessions, the memory patch."""
