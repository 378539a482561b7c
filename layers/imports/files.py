"""What an uploaded file is, and where GDAL finds its layer: the format from its name (and a zip's entries), a
zipped Shapefile unpacked only after every entry was found safe (inside the archive, and not a bomb)."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import conf
from .errors import IncompleteShapefile, UnknownFormat, UnsafeArchive

FORMATS = {".gpkg": "gpkg", ".zip": "shp", ".geojson": "geojson", ".json": "geojson", ".csv": "csv"}
"""File name endings and the format each is read as."""
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")


@dataclass(frozen=True)
class Source:
    """The file(s) GDAL opens (a zip may hold several Shapefiles, one per geometry type, as the exports write them),
    their format, and for each Shapefile the encoding its ``.cpg`` names (None: no .cpg)."""

    paths: tuple[Path, ...]
    format: str
    cpgs: tuple[str | None, ...] = ()

    @property
    def path(self) -> Path:
        return self.paths[0]


def file_format(name: str) -> str:
    """The format of a file called ``name``; 400 naming ``file`` for any other."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in FORMATS:
        raise UnknownFormat(f"File {name[:80]!r} is of no format imports read; send a GeoPackage (.gpkg), a zipped "
                            "Shapefile (.zip), GeoJSON (.geojson, .json) or CSV (.csv).", parameter="file")
    return FORMATS[suffix]


def _check_entries(archive: zipfile.ZipFile, size: int) -> list[zipfile.ZipInfo]:
    entries = [info for info in archive.infolist() if not info.is_dir()]
    for info in entries:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in info.filename:
            raise UnsafeArchive(f"Entry {info.filename[:80]!r} of the zip points outside it; send a zip of plain "
                                "relative names.", parameter="file")
    total = sum(info.file_size for info in entries)
    most, ratio = conf.get("PINGDING_IMPORT_MAX_UNZIPPED_BYTES"), conf.get("PINGDING_IMPORT_MAX_ZIP_RATIO")
    if total > most or total > ratio * max(size, 1):
        raise UnsafeArchive(f"The zip would unpack to {total:,} bytes from {size:,} (at most {most:,} bytes and "
                            f"{ratio}x its size); it is refused unread.", parameter="file")
    return entries


def unpack_shapefile(upload: Path, directory: Path) -> Source:
    """The Shapefiles inside the zip ``upload``, unpacked into ``directory`` under names of our own."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        raise UnknownFormat("The .zip file is not a zip archive.", parameter="file") from None
    with archive:
        entries = _check_entries(archive, upload.stat().st_size)
        shapes = [info for info in entries if info.filename.lower().endswith(".shp")]
        if not shapes:
            raise IncompleteShapefile("The zip holds no .shp file; zip the .shp with its .shx, .dbf and .prj.",
                                      parameter="file")
        paths, cpgs = [], []
        for number, shape in enumerate(shapes):
            paths.append(_unpack_one(archive, entries, shape, directory / f"layer{number}"))
            cpg = paths[-1].with_suffix(".cpg")
            cpgs.append(cpg.read_text("ascii", "replace").strip() or None if cpg.exists() else None)
    return Source(tuple(paths), "shp", tuple(cpgs))


def _unpack_one(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], shape: zipfile.ZipInfo, target: Path) -> Path:
    """The parts of the Shapefile ``shape`` written as ``target.<part>`` (400 when one it needs is missing)."""
    stem = shape.filename[:-4]
    parts = {info.filename[len(stem):].lower(): info for info in entries if info.filename.startswith(stem)
             and info.filename[len(stem):].startswith(".") and "/" not in info.filename[len(stem):]}
    missing = [part for part in SHAPEFILE_PARTS if part not in parts]
    if missing:
        raise IncompleteShapefile(f"The zip holds {shape.filename!r} without its {', '.join(missing)}.",
                                  parameter="file")
    for part, info in parts.items():
        target.with_suffix(part).write_bytes(archive.read(info))
    return target.with_suffix(".shp")


def open_source(upload: Path, name: str, directory: Path) -> Source:
    """The :class:`Source` of the file ``upload`` sent as ``name`` (a zip unpacked into ``directory``)."""
    fmt = file_format(name)
    if fmt == "shp":
        return unpack_shapefile(upload, directory)
    return Source((upload,), fmt)
