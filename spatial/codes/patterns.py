"""Format-only patterns of the other codes the layers store, written like the standards' own patterns.

Each is anchored with ``\\A``/``\\Z`` and uses ``[0-9]``/``[0-9a-f]``, so Python's :mod:`re` and PostgreSQL's ``~``
read it alike (see :mod:`spatial.codes`). Lengths are in characters.
"""

from __future__ import annotations


def digits_regex(min_length: int, max_length: int | None = None) -> str:
    """ASCII digits only, ``min_length`` to ``max_length`` of them (exactly ``min_length`` without a maximum)."""
    count = f"{min_length}" if max_length is None else f"{min_length},{max_length}"
    return rf"\A[0-9]{{{count}}}\Z"


ADDRESS_CODE_REGEX = digits_regex(12, 30)
"""A standard address code: 12 to 30 digits, from the community down to the room."""
BUILDING_CODE_REGEX = digits_regex(17, 22)
"""A standard building code: the grid code and a serial within the grid, 17 to 22 digits."""
COMPONENT_CATEGORY_REGEX = digits_regex(4)
"""A CJ/T 214 component category: 2-digit major class and 2-digit minor class."""
EVENT_CLASS_REGEX = digits_regex(4)
"""An event class code: 2-digit major and 2-digit minor class."""
SHA256_HEX_REGEX = r"\A[0-9a-f]{64}\Z"
"""A SHA-256 digest in lower-case hexadecimal."""
