"""Who is asking: users with a role, grids and department, their API tokens and sessions, and the principal of
every request (``accounts.middleware``) that the access seam (``layers.access``) reads."""
