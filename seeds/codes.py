"""Check characters the generator needs in bulk or that :mod:`spatial.codes` does not offer.

* :func:`id_check_chars`: GB 11643 (ISO 7064 MOD 11-2) for many id numbers at once, vectorised, because the
  county has 303,600 residents; the tests check every seeded number with
  :func:`spatial.codes.validate_id_number`, so the two implementations are held to agree.
* :func:`org_code` : a GB 11714 organisation code (8 characters + check), the body of a credit code.
* :func:`credit_code`: a GB 32100 unified social credit code, check character from :mod:`spatial.codes`.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from spatial.codes import credit_code_check_char

_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK = np.array(list("10X98765432"))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_chars(first17: NDArray[np.str_]) -> NDArray[np.str_]:
    """The GB 11643 check character of each 17-digit string."""
    digits = np.frombuffer(np.asarray(first17, dtype="<U17").astype("S17").tobytes(), dtype=np.uint8)
    digits = (digits.reshape(-1, 17) - ord("0")).astype(np.int64)
    return _ID_CHECK[(digits @ _ID_WEIGHTS) % 11]


def org_code(body8: str) -> str:
    """The 9-character GB 11714 organisation code of an 8-digit body: check = 11 - sum mod 11 (10 = X, 11 = 0)."""
    check = 11 - sum(int(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS)) % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(prefix2: str, county: str, body8: str) -> str:
    """A GB 32100 credit code: authority + category (``prefix2``), county code, organisation code, check."""
    first17 = f"{prefix2}{county}{org_code(body8)}"
    return first17 + credit_code_check_char(first17)
