"""The read-only HTTP API and the offline web explorer (`dateline serve`)."""
