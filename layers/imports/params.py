"""The multipart form of ``POST /api/imports``, parsed into typed values; each bad value a 400 naming its field."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from layers.access import LayerView, readable_layer
from layers.registry import UnknownLayer
from spatial.crs import resolve_crs
from web.errors import InvalidParameter
from web.params import Integer, Param, check_known, single

from .errors import WrongEncoding
from .models import RowAction
from .reading import python_encoding
from .services import Options

FIELDS = frozenset({"collection", "crs", "encoding", "match", "delete_missing"})
ENCODINGS = ("utf-8", "gbk", "gb18030")
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class ImportRequest:
    view: LayerView
    upload: UploadedFile
    options: Options
    code_column: str


def code_column(view: LayerView) -> str:
    """The layer's code (its first keeper field, e.g. ``code``, ``credit_code``): what rows match by default."""
    return view.model._meta.get_field(view.layer.keeper_fields[0]).column


def _match(view: LayerView, value: str | None) -> str | None:
    if value is None or value == "":
        return code_column(view)
    if value == "none":
        return None
    fields = {f.column: f for f in view.model._meta.concrete_fields}
    if value not in fields or not fields[value].unique or fields[value].primary_key or value not in view.fields:
        unique = sorted(c for c, f in fields.items() if f.unique and not f.primary_key and c in view.fields)
        raise InvalidParameter(f"Features cannot be matched by {value[:40]!r}; use a unique property "
                               f"({', '.join(unique)}) or none (every row is added).", parameter="match")
    return value


def _encoding(value: str | None) -> str | None:
    if not value:
        return None
    if python_encoding(value) not in {python_encoding(e) for e in ENCODINGS}:
        raise WrongEncoding(f"Encoding {value[:40]!r} is not taken; use {', '.join(ENCODINGS)}.", parameter="encoding")
    return value


def parse_import_request(request: HttpRequest, principal) -> ImportRequest:
    form = request.POST
    check_known(form, FIELDS)
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidParameter("Send the file as the multipart field 'file'.", parameter="file")
    collection = form.get("collection") or ""
    if not collection:
        raise InvalidParameter("Name the collection to import into as the field 'collection'.",
                               parameter="collection")
    try:
        view = readable_layer(collection, principal)
    except UnknownLayer:
        raise InvalidParameter(f"There is no collection {collection[:40]!r}; see /ogc/collections.",
                               parameter="collection") from None
    crs = form.get("crs") or None
    if crs:
        resolve_crs(crs, parameter="crs")
    delete = (form.get("delete_missing") or "false").lower()
    if delete not in BOOLEANS:
        raise InvalidParameter("delete_missing is true or false.", parameter="delete_missing")
    options = Options(crs=crs, encoding=_encoding(form.get("encoding")), match=_match(view, form.get("match")),
                      delete_missing=BOOLEANS[delete])
    return ImportRequest(view=view, upload=upload, options=options, code_column=code_column(view))


ROWS_ACTIONS = (RowAction.ADD.value, RowAction.UPDATE.value, RowAction.DELETE.value, RowAction.INVALID.value)
ROWS_ACTION = Param("action", "The kind of rows: add, update, delete or invalid.")
ROWS_OFFSET = Integer("offset", "Rows of the kind to skip (paging; follow the next link).", minimum=0,
                      maximum=2**31 - 1, default=0)
ROWS_LIMIT = Integer("limit", "Rows per page.", minimum=1, maximum=10_000, default=1_000)


@dataclass(frozen=True)
class RowsRequest:
    action: str
    offset: int
    limit: int


def parse_rows_request(query) -> RowsRequest:
    """``GET /api/imports/{id}/rows``: the kind of rows (required) and the page."""
    check_known(query, {"action", "offset", "limit"})
    action = single(query, "action")
    if action not in ROWS_ACTIONS:
        raise InvalidParameter(f"Parameter 'action' must be one of {', '.join(ROWS_ACTIONS)}, got "
                               f"{(action or '')[:40]!r}.", parameter="action")
    return RowsRequest(action=action, offset=ROWS_OFFSET.parse(single(query, "offset")),
                       limit=ROWS_LIMIT.parse(single(query, "limit")))
