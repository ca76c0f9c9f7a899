"""Fonts for PDF and charts: DejaVu Sans (shipped with matplotlib) plus Arabic-script fallbacks.

DejaVu Sans covers Latin with every accent, Greek, Cyrillic and most of Arabic, and
matplotlib (a dependency) ships it, so PDFs always have it. It lacks a few Urdu letters
(ہ U+06C1, ے U+06D2), so for Arabic-script runs the renderers prefer an installed font made
for the script, first found of:

* the paths in ``INCIDENTDB_PDF_FONTS`` (separated by ``:``; any TrueType font, e.g. a CJK
  font for Chinese names);
* Noto Naskh Arabic / Noto Sans Arabic (Debian/Ubuntu ``fonts-noto-core``, Fedora
  ``google-noto-naskh-arabic-fonts``, macOS/Windows users can point the variable at any font).

Without one, DejaVu Sans is used and the few missing letters show as empty boxes (a warning
says so once).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

ENV_FONTS = "INCIDENTDB_PDF_FONTS"
_SYSTEM_FALLBACKS = (
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/google-noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/noto/NotoNaskhArabic-Regular.ttf",
    "/Library/Fonts/NotoNaskhArabic-Regular.ttf",
)
_SYSTEM_DEJAVU = "/usr/share/fonts/truetype/dejavu"


@functools.cache
def dejavu_dir() -> Path:
    """The directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "mpl-data" / "fonts" / "ttf"
            if (candidate / "DejaVuSans.ttf").is_file():
                return candidate
    if (Path(_SYSTEM_DEJAVU) / "DejaVuSans.ttf").is_file():
        return Path(_SYSTEM_DEJAVU)
    raise FileNotFoundError("DejaVuSans.ttf not found: is matplotlib installed?")


def fallback_font_files() -> list[Path]:
    """Extra fonts to try, in order (the environment variable's first, then system Arabic fonts)."""
    paths = [Path(p) for p in os.environ.get(ENV_FONTS, "").split(os.pathsep) if p.strip()]
    found = [p for p in paths if p.is_file() and p.suffix.lower() in (".ttf", ".otf")]
    seen = {p.name for p in found}
    for path in map(Path, _SYSTEM_FALLBACKS):
        if path.is_file() and path.name not in seen:
            found.append(path)
            seen.add(path.name)
            break
    return found
