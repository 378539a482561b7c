"""Who is asking: the principal of every request (users, roles, tokens and grid assignments come with accounts)."""
