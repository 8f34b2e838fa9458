"""Publishing the built site: the local preview server (and, later, releases to a web server)."""
