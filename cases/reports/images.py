"""Photos decoded and re-encoded with Pillow, so that only the pixels of a real image are ever stored.

Why re-encode: a file may start like a JPEG and carry anything after its header (a PHP script, an HTML page, a
polyglot); the stored file is a fresh encoding of the decoded pixels and nothing else. EXIF (GPS position, camera
serial, time) is dropped after its orientation is applied to the pixels, so the photo still shows upright; the ICC
colour profile is kept. Photos without transparency are stored as JPEG (quality :data:`JPEG_QUALITY`), those with
(PNG or WebP with alpha) as PNG. The camera's GPS position is read before it is dropped (:func:`gps_of`), for
the case loop's on-site check; it is never stored with the photo. The pixel count is read from the header and checked before anything is decoded:
a 5 MB PNG can declare 50,000 x 50,000 pixels (a decompression bomb).
"""
from __future__ import annotations

import dataclasses
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

FORMATS = ("JPEG", "PNG", "WEBP")
"""What Pillow may decode here; any other format (GIF, TIFF, SVG...) is refused whatever the bytes."""
JPEG_QUALITY = 90
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})


class ImageRejected(Exception):
    """The bytes are not an image this server stores; the message says why."""


class TooManyPixels(ImageRejected):
    """The image declares more pixels than a photo may have."""


@dataclass(frozen=True)
class Reencoded:
    """The stored encoding of a photo: ``kind`` is ``"jpeg"`` or ``"png"``; width and height in pixels, upright."""

    data: bytes
    kind: str
    width: int
    height: int
    gps: tuple[float, float] | None = None


def reencode(data: bytes, *, max_pixels: int) -> Reencoded:
    """Decode ``data`` (JPEG, PNG or WebP), apply its EXIF orientation and encode the pixels afresh.

    Raises :class:`TooManyPixels` when the header declares more than ``max_pixels`` pixels, and
    :class:`ImageRejected` for anything Pillow cannot decode completely (truncated, corrupt, not an image)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise TooManyPixels(f"{width} x {height} pixels, over the limit of {max_pixels:,} pixels")
                icc = image.info.get("icc_profile")
                gps = gps_of(image)
                upright = ImageOps.exif_transpose(image)
                return dataclasses.replace(_encode(upright, icc), gps=gps)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own bound (MAX_IMAGE_PIXELS) stops the open of a larger header before ours can look at it.
        raise TooManyPixels(f"more pixels than a photo may have ({error})") from None
    # Pillow's decoders report malformed input as OSError, SyntaxError, ValueError, struct.error, EOFError and
    # more; every one of them here means "not a whole image", which the caller answers 400.
    except Exception as error:  # noqa: BLE001
        raise ImageRejected(f"it cannot be decoded as an image ({type(error).__name__}: {error})") from None


_GPS_IFD = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4


def gps_of(image: Image.Image) -> tuple[float, float] | None:
    """The camera's position in the photo's EXIF GPS tags, ``(lon, lat)`` in WGS 84 degrees; None without one (or
    with one that is not a position). Read before the EXIF is dropped; the stored photo keeps none of it."""
    try:
        tags = image.getexif().get_ifd(_GPS_IFD)
        lat, lon = _degrees(tags[_LAT]), _degrees(tags[_LON])
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None
    lat = -lat if str(tags.get(_LAT_REF, "N")).upper().startswith("S") else lat
    lon = -lon if str(tags.get(_LON_REF, "E")).upper().startswith("W") else lon
    return (lon, lat) if abs(lat) <= 90 and abs(lon) <= 180 else None


def _degrees(value) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    return degrees + minutes / 60 + seconds / 3600


def _encode(image: Image.Image, icc: bytes | None) -> Reencoded:
    """PNG for a photo with transparency, else JPEG; no metadata but the colour profile."""
    transparent = image.mode in _ALPHA_MODES or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if transparent:
        image.save(out, format="PNG", **options)
        kind = "png"
    else:
        image = image if image.mode in ("RGB", "L") else image.convert("RGB")
        image.save(out, format="JPEG", quality=JPEG_QUALITY, **options)
        kind = "jpeg"
    return Reencoded(out.getvalue(), kind, image.width, image.height)
