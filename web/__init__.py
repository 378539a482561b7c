"""The HTTP edge every app shares."""
