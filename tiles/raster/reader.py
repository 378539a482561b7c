"""The rasterio boundary: every call into rasterio (and its bundled GDAL) for the standard map is here.

Reading: :func:`read_tile` cuts an XYZ tile out of the Cloud-Optimised GeoTIFF with one windowed read. The file
is in EPSG:3857 on a grid aligned with the tile pyramid (see :mod:`tiles.raster.grid`), so no warping is
needed: GDAL picks the matching overview for zooms 7..12, copies base pixels at 13 and upsamples beyond.
Each thread keeps its own open dataset (rasterio datasets are not thread-safe), reopened when the file changes.

Writing: :func:`coverage` burns shapely geometries into anti-aliased masks and :func:`write_cog` writes the COG.
rasterio's errors become :class:`~tiles.raster.errors.StandardMapUnavailable` (reads) or
:class:`~tiles.raster.errors.RasterBuildError` (writes) here and nowhere else.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import rasterio
import rasterio.shutil
from affine import Affine
from numpy.typing import NDArray
from rasterio.enums import ColorInterp, Resampling
from rasterio.errors import RasterioError
from rasterio.features import rasterize as _rio_rasterize
from rasterio.io import DatasetReader, MemoryFile
from rasterio.windows import Window
from shapely.geometry.base import BaseGeometry

from tiles.grid import TileId

from .errors import BUILD_HINT, RasterBuildError, StandardMapUnavailable
from .layout import RasterGrid, tile_window

MERCATOR = "EPSG:3857"
RGBA_INTERP = [ColorInterp.red, ColorInterp.green, ColorInterp.blue, ColorInterp.alpha]


def _transform(grid: RasterGrid) -> Affine:
    """The affine transform of ``grid``: pixel (col, row) to EPSG:3857 (x, y) metres, north up."""
    return Affine.translation(grid.minx, grid.maxy) @ Affine.scale(grid.resolution, -grid.resolution)


def coverage(geometries: Iterable[BaseGeometry], grid: RasterGrid, *, supersample: int = 2) -> NDArray[np.float32]:
    """The share (0..1) of each pixel of ``grid`` that ``geometries`` (EPSG:3857) cover, estimated on
    ``supersample`` x ``supersample`` sub-pixels: anti-aliased masks for painting the overlays."""
    shapes = [(g, 1) for g in geometries if g is not None and not g.is_empty]
    if not shapes:
        return np.zeros((grid.height, grid.width), dtype=np.float32)
    k = supersample
    fine = Affine.translation(grid.minx, grid.maxy) @ Affine.scale(grid.resolution / k, -grid.resolution / k)
    try:
        burnt = _rio_rasterize(
            shapes, out_shape=(grid.height * k, grid.width * k), transform=fine, fill=0, all_touched=False,
            dtype="uint8",
        )
    except (RasterioError, ValueError) as exc:
        raise RasterBuildError(f"rasterising the overlays failed: {exc}") from exc
    rows = sum((burnt[i::k] for i in range(1, k)), burnt[0::k].astype(np.uint16))
    summed = sum((rows[:, j::k] for j in range(1, k)), rows[:, 0::k])
    return summed.astype(np.float32) * np.float32(1.0 / (k * k))


def write_cog(path: Path, rgba: NDArray[np.uint8], grid: RasterGrid, *, overview_factors: list[int],
              tags: dict[str, str], blocksize: int = 256, compress: str = "DEFLATE") -> None:
    """Write ``rgba`` (4 x rows x cols, uint8) on ``grid`` as a Cloud-Optimised GeoTIFF in EPSG:3857,
    with ``tags`` as its metadata.

    The image and its averaged overviews (``overview_factors``) are built in memory, then copied by GDAL's
    COG driver (tiled ``blocksize`` blocks, ``compress``, overviews kept) to a temporary file that replaces
    ``path`` atomically, so readers never see a half-written map.
    """
    profile = {
        "driver": "GTiff", "width": grid.width, "height": grid.height, "count": 4, "dtype": "uint8",
        "crs": MERCATOR, "transform": _transform(grid), "tiled": True, "blockxsize": blocksize,
        "blockysize": blocksize, "photometric": "RGB", "alpha": "YES",
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with MemoryFile() as memfile:
            with memfile.open(**profile) as mem:
                mem.colorinterp = RGBA_INTERP
                mem.update_tags(**tags)
                mem.write(rgba)
                mem.build_overviews(overview_factors, Resampling.average)
            with memfile.open() as mem:
                rasterio.shutil.copy(
                    mem, tmp, driver="COG", BLOCKSIZE=blocksize, COMPRESS=compress, PREDICTOR="YES",
                    LEVEL=6, OVERVIEWS="FORCE_USE_EXISTING", BIGTIFF="IF_SAFER", NUM_THREADS="ALL_CPUS",
                )
        os.replace(tmp, path)
    except (RasterioError, OSError) as exc:
        raise RasterBuildError(f"writing the standard map to {path} failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class CogInfo:
    """What a written standard map file is: CRS, pixel grid, blocks, compression and overview factors."""

    crs: str
    grid: RasterGrid
    count: int
    block_shapes: tuple[tuple[int, int], ...]
    compression: str | None
    overviews: tuple[int, ...]
    layout: str | None
    colorinterp: tuple[str, ...]


def _grid_of(dataset: DatasetReader) -> RasterGrid:
    t = dataset.transform
    return RasterGrid(minx=t.c, maxy=t.f, resolution=t.a, width=dataset.width, height=dataset.height)


def describe(path: Path) -> CogInfo:
    """Read the structure of the standard map at ``path``."""
    try:
        with rasterio.open(path) as ds:
            return CogInfo(
                crs=ds.crs.to_string() if ds.crs else "",
                grid=_grid_of(ds),
                count=ds.count,
                block_shapes=tuple(ds.block_shapes),
                compression=ds.compression.name if ds.compression else None,
                overviews=tuple(ds.overviews(1)),
                layout=ds.tags(ns="IMAGE_STRUCTURE").get("LAYOUT"),
                colorinterp=tuple(c.name for c in ds.colorinterp),
            )
    except RasterioError as exc:
        raise _unavailable(path, exc) from exc


def _unavailable(path: Path, exc: Exception | None = None) -> StandardMapUnavailable:
    why = "is missing" if exc is None else f"cannot be read ({exc})"
    return StandardMapUnavailable(f"The standard map {path} {why}: {BUILD_HINT}.")


class _Handles(threading.local):
    """The datasets this thread has open, by path, with the file state they were opened at."""

    def __init__(self) -> None:
        self.open: dict[str, tuple[tuple[int, int, int], DatasetReader]] = {}


_handles = _Handles()


def file_state(path: Path) -> tuple[int, int, int]:
    """(inode, size, mtime in ns) of ``path``; raises :class:`StandardMapUnavailable` when it is missing."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _unavailable(path) from None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _dataset(path: Path) -> DatasetReader:
    state = file_state(path)
    key = str(path)
    held = _handles.open.get(key)
    if held is not None and held[0] == state:
        return held[1]
    if held is not None:
        held[1].close()
    try:
        dataset = rasterio.open(path, sharing=False)
    except RasterioError as exc:
        _handles.open.pop(key, None)
        raise _unavailable(path, exc) from exc
    _handles.open[key] = (state, dataset)
    return dataset


def read_tags(path: Path) -> dict[str, str]:
    """The metadata tags of the standard map at ``path``, from this thread's open handle."""
    return dict(_dataset(path).tags())


def read_tile(path: Path, tile: TileId, *, tile_size: int = 256) -> NDArray[np.uint8] | None:
    """Pixels of XYZ ``tile`` as (rows, cols, 4) uint8 RGBA, or ``None`` when the tile misses the map
    (or falls entirely in its transparent part)."""
    dataset = _dataset(path)
    window = tile_window(_grid_of(dataset), tile)
    if window is None:
        return None
    try:
        part = dataset.read(
            window=Window(window.col_off, window.row_off, window.width, window.height),
            out_shape=(4, window.dst_height, window.dst_width),
            resampling=Resampling.bilinear,
        )
    except RasterioError as exc:
        raise _unavailable(path, exc) from exc
    if not part[3].any():
        return None
    pixels = np.zeros((tile_size, tile_size, 4), dtype=np.uint8)
    pixels[window.dst_row:window.dst_row + window.dst_height, window.dst_col:window.dst_col + window.dst_width] = (
        np.moveaxis(part, 0, -1)
    )
    return pixels
