"""MapServer 8 as the tile benchmark's point of comparison: its mapfile and lighttpd templates, and ``runner``,
which serves them on a free loopback port for the length of a ``with`` block."""
