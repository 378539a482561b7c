"""Paper of a print map: ISO 216 sizes in millimetres (portrait width, height) and the two orientations."""
from __future__ import annotations

SIZES: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")
MM_PER_INCH = 25.4
PNG_DPI = 150


def page_inches(size: str, orientation: str) -> tuple[float, float]:
    """``(width, height)`` of the page in inches, as matplotlib takes a figure size."""
    width, height = SIZES[size]
    if orientation == "landscape":
        width, height = height, width
    return width / MM_PER_INCH, height / MM_PER_INCH
