"""The one stored query WFS 2.0 requires, GetFeatureById (answered by ``getfeature``), listed and described."""
from __future__ import annotations

from layers.access import LayerView

from .exceptions import invalid
from .names import GET_FEATURE_BY_ID, NAMESPACE_DECLARATIONS, XS_NS, type_name
from .output import XML_DECLARATION
from .types import type_id

TITLE = "Get feature by identifier"
LANGUAGE = "urn:ogc:def:queryLanguage:OGC-WFS::WFSQueryExpression"


def list_document(views: tuple[LayerView, ...]) -> bytes:
    returns = "".join(f"<wfs:ReturnFeatureType>{type_name(type_id(view))}</wfs:ReturnFeatureType>" for view in views)
    return XML_DECLARATION + (
        f"<wfs:ListStoredQueriesResponse {NAMESPACE_DECLARATIONS}>"
        f'<wfs:StoredQuery id="{GET_FEATURE_BY_ID}"><wfs:Title>{TITLE}</wfs:Title>{returns}</wfs:StoredQuery>'
        "</wfs:ListStoredQueriesResponse>"
    ).encode()


def describe_document(views: tuple[LayerView, ...], ids: tuple[str, ...]) -> bytes:
    unknown = [value for value in ids if value != GET_FEATURE_BY_ID]
    if unknown:
        raise invalid("storedQuery_Id", f"Unknown stored query {unknown[0][:80]!r}; this server offers "
                                        f"{GET_FEATURE_BY_ID}.")
    types = " ".join(type_name(type_id(view)) for view in views)
    return XML_DECLARATION + (
        f'<wfs:DescribeStoredQueriesResponse {NAMESPACE_DECLARATIONS} xmlns:xs="{XS_NS}">'
        f'<wfs:StoredQueryDescription id="{GET_FEATURE_BY_ID}"><wfs:Title>{TITLE}</wfs:Title>'
        "<wfs:Abstract>The feature whose resource id is ID (&lt;type&gt;.&lt;integer&gt;, e.g. components.12); "
        "404 when there is none you may read.</wfs:Abstract>"
        '<wfs:Parameter name="ID" type="xs:string"/>'
        f'<wfs:QueryExpressionText returnFeatureTypes="{types}" language="{LANGUAGE}" isPrivate="true"/>'
        "</wfs:StoredQueryDescription></wfs:DescribeStoredQueriesResponse>"
    ).encode()
