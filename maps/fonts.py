"""The CJK font of the print maps: WenQuanYi Zen Hei (Debian fonts-wqy-zenhei, scripts/install_os_packages.sh),
registered with matplotlib once. A missing font fails loudly: a map with empty boxes for 平定县 is no map."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT_FAMILY = "WenQuanYi Zen Hei"


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """The family name to give matplotlib for Chinese text, after registering the font file."""
    from matplotlib import font_manager

    if not FONT_FILE.exists():
        raise FontMissing(f"{FONT_FILE} is missing: apt-get install -y fonts-wqy-zenhei (scripts/install_os_packages.sh).")
    font_manager.fontManager.addfont(str(FONT_FILE))
    return FONT_FAMILY
