"""The WFS 2.0 capabilities document: the types this caller may read, the operations with their URLs, the
CRSs, output formats and the Filter Encoding 2.0 conformance of ``fes`` and ``filters``."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from django.http import HttpRequest

from accounts.middleware import principal_of
from layers.selectors import layer_extent

from .crs import SRIDS, urn
from .fes import COMPARISONS, SPATIAL
from .getfeature import service_url
from .names import NAMESPACE_DECLARATIONS, WFS_NS, WFS_SCHEMA, type_name
from .output import XML_DECLARATION
from .requests import GEOJSON_TYPE, GML_TYPE, OPERATIONS
from .types import feature_types, type_id

TITLE = "Pingding spatial governance WFS (平定县社会治理空间数据服务)"
COUNTY_BOX = (113.3, 37.6, 114.0, 38.1)
"""Lower and upper corner (lon, lat) given for a type with no feature yet."""
CONSTRAINTS = {
    "ImplementsBasicWFS": True, "ImplementsTransactionalWFS": False, "ImplementsLockingWFS": False,
    "KVPEncoding": True, "XMLEncoding": True, "SOAPEncoding": False, "ImplementsInheritance": False,
    "ImplementsRemoteResolve": False, "ImplementsResultPaging": True, "ImplementsStandardJoins": False,
    "ImplementsSpatialJoins": False, "ImplementsTemporalJoins": False, "ImplementsFeatureVersioning": False,
    "ManageStoredQueries": False,
}
FILTER_CONFORMANCE = {
    "ImplementsQuery": True, "ImplementsAdHocQuery": True, "ImplementsFunctions": False,
    "ImplementsResourceId": True, "ImplementsMinStandardFilter": True, "ImplementsStandardFilter": True,
    "ImplementsMinSpatialFilter": True, "ImplementsSpatialFilter": True, "ImplementsMinTemporalFilter": False,
    "ImplementsTemporalFilter": False, "ImplementsVersionNav": False, "ImplementsSorting": True,
    "ImplementsExtendedOperators": False, "ImplementsMinimumXPath": False, "ImplementsSchemaElementFunc": False,
}
COMPARISON_OPERATORS = (*COMPARISONS, "PropertyIsLike", "PropertyIsNull", "PropertyIsBetween")
GEOMETRY_OPERANDS = ("gml:Envelope", "gml:Point", "gml:LineString", "gml:Polygon", "gml:MultiPoint",
                     "gml:MultiCurve", "gml:MultiSurface")


def _constraint(name: str, value: object, tag: str = "ows:Constraint") -> str:
    return (f'<{tag} name="{name}"><ows:NoValues/><ows:DefaultValue>{str(value).upper()}</ows:DefaultValue>'
            f"</{tag}>")


def _service(request: HttpRequest) -> str:
    return (
        f"<ows:ServiceIdentification><ows:Title>{escape(TITLE)}</ows:Title>"
        "<ows:Abstract>The county's standard layers (四标四实 and city components) as WFS 2.0 feature types, "
        "read through the same access rules as the OGC API at /ogc.</ows:Abstract>"
        "<ows:ServiceType>WFS</ows:ServiceType><ows:ServiceTypeVersion>2.0.0</ows:ServiceTypeVersion>"
        "<ows:Fees>NONE</ows:Fees><ows:AccessConstraints>NONE</ows:AccessConstraints></ows:ServiceIdentification>"
        "<ows:ServiceProvider><ows:ProviderName>Pingding county social governance centre</ows:ProviderName>"
        "<ows:ServiceContact/></ows:ServiceProvider>"
    )


def _operations(request: HttpRequest, writes: bool) -> str:
    """The operations and constraints; Transaction (POST only) for a caller who may change some type."""
    url = quoteattr(service_url(request))
    dcp = f'<ows:DCP><ows:HTTP><ows:Get xlink:href={url}/><ows:Post xlink:href={url}/></ows:HTTP></ows:DCP>'
    operations = "".join(f'<ows:Operation name="{name}">{dcp}</ows:Operation>' for name in OPERATIONS)
    if writes:
        operations += (f'<ows:Operation name="Transaction"><ows:DCP><ows:HTTP><ows:Post xlink:href={url}/>'
                       "</ows:HTTP></ows:DCP></ows:Operation>")
    formats = "".join(f"<ows:Value>{escape(value)}</ows:Value>" for value in (GML_TYPE, GEOJSON_TYPE))
    parameters = (
        f'<ows:Parameter name="version"><ows:AllowedValues><ows:Value>2.0.0</ows:Value></ows:AllowedValues>'
        f'</ows:Parameter><ows:Parameter name="outputFormat"><ows:AllowedValues>{formats}</ows:AllowedValues>'
        '</ows:Parameter><ows:Parameter name="resultType"><ows:AllowedValues><ows:Value>results</ows:Value>'
        "<ows:Value>hits</ows:Value></ows:AllowedValues></ows:Parameter>"
    )
    constraints = "".join(_constraint(name, writes if name == "ImplementsTransactionalWFS" else value)
                          for name, value in CONSTRAINTS.items())
    query_expressions = ('<ows:Constraint name="QueryExpressions"><ows:AllowedValues><ows:Value>wfs:Query'
                         "</ows:Value><ows:Value>wfs:StoredQuery</ows:Value></ows:AllowedValues></ows:Constraint>")
    return f"<ows:OperationsMetadata>{operations}{parameters}{constraints}{query_expressions}</ows:OperationsMetadata>"


def _feature_type(view) -> str:
    extent = layer_extent(layer=view.layer).bbox or COUNTY_BOX
    other = "".join(f"<wfs:OtherCRS>{urn(srid)}</wfs:OtherCRS>" for srid in SRIDS[1:])
    formats = "".join(f"<wfs:Format>{escape(value)}</wfs:Format>" for value in (GML_TYPE, GEOJSON_TYPE))
    keywords = "".join(f"<ows:Keyword>{escape(word)}</ows:Keyword>" for word in view.keywords)
    return (
        f"<wfs:FeatureType><wfs:Name>{type_name(type_id(view))}</wfs:Name>"
        f"<wfs:Title>{escape(view.title)} ({escape(view.title_zh)})</wfs:Title>"
        f"<wfs:Abstract>{escape(view.description)}</wfs:Abstract>"
        f"{f'<ows:Keywords>{keywords}</ows:Keywords>' if keywords else ''}"
        f"<wfs:DefaultCRS>{urn(SRIDS[0])}</wfs:DefaultCRS>{other}"
        f"<wfs:OutputFormats>{formats}</wfs:OutputFormats>"
        f"<ows:WGS84BoundingBox><ows:LowerCorner>{extent[0]!r} {extent[1]!r}</ows:LowerCorner>"
        f"<ows:UpperCorner>{extent[2]!r} {extent[3]!r}</ows:UpperCorner></ows:WGS84BoundingBox>"
        "</wfs:FeatureType>"
    )


def _filter_capabilities() -> str:
    conformance = "".join(_constraint(name, value, "fes:Constraint") for name, value in FILTER_CONFORMANCE.items())
    comparisons = "".join(f'<fes:ComparisonOperator name="{name}"/>' for name in COMPARISON_OPERATORS)
    operands = "".join(f'<fes:GeometryOperand name="{name}"/>' for name in GEOMETRY_OPERANDS)
    spatial = "".join(f'<fes:SpatialOperator name="{name}"/>' for name in SPATIAL)
    return (
        f"<fes:Filter_Capabilities><fes:Conformance>{conformance}</fes:Conformance>"
        '<fes:Id_Capabilities><fes:ResourceIdentifier name="fes:ResourceId"/></fes:Id_Capabilities>'
        "<fes:Scalar_Capabilities><fes:LogicalOperators/>"
        f"<fes:ComparisonOperators>{comparisons}</fes:ComparisonOperators></fes:Scalar_Capabilities>"
        f"<fes:Spatial_Capabilities><fes:GeometryOperands>{operands}</fes:GeometryOperands>"
        f"<fes:SpatialOperators>{spatial}</fes:SpatialOperators></fes:Spatial_Capabilities>"
        "</fes:Filter_Capabilities>"
    )


def capabilities_document(request: HttpRequest) -> bytes:
    views = feature_types(principal_of(request))
    types = "".join(_feature_type(view) for view in views)
    return XML_DECLARATION + (
        f'<wfs:WFS_Capabilities version="2.0.0" {NAMESPACE_DECLARATIONS} '
        f'xsi:schemaLocation="{WFS_NS} {WFS_SCHEMA}">'
        f"{_service(request)}{_operations(request, any(view.may_write for view in views))}"
        f"<wfs:FeatureTypeList>{types}</wfs:FeatureTypeList>"
        f"{_filter_capabilities()}</wfs:WFS_Capabilities>"
    ).encode()

