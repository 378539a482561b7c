"""Filter Encoding 2.0 filters read to a tree (the operators of the capabilities' Filter_Capabilities).

Parsing knows no layer: property names and literals stay text until ``filters`` builds the SQL for one layer
view (names checked against its readable fields, literals typed by the registry and bound). Elements are matched
by local name, so filters in the FES 2.0 namespace and the older OGC Filter one (``PropertyName``, ``FeatureId``,
``GmlObjectId``) read alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from .exceptions import invalid
from .gmlgeometry import Geometry, children, parse_geometry
from .names import local_name, parse_resource_id

LOCATOR = "filter"
COMPARISONS = {
    "PropertyIsEqualTo": "=",
    "PropertyIsNotEqualTo": "<>",
    "PropertyIsLessThan": "<",
    "PropertyIsGreaterThan": ">",
    "PropertyIsLessThanOrEqualTo": "<=",
    "PropertyIsGreaterThanOrEqualTo": ">=",
}
SPATIAL = ("BBOX", "Intersects", "Disjoint", "Within", "Contains")
LOGICAL = ("And", "Or")
_MIRRORED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "<>": "<>"}
_NAME_TAGS = ("ValueReference", "PropertyName")
MAX_DEPTH = 64
"""Operators nested deeper than this are refused (the tree is read and written recursively)."""


@dataclass(frozen=True)
class Comparison:
    operator: str  # SQL: = <> < > <= >=
    name: str
    value: str
    match_case: bool = True


@dataclass(frozen=True)
class Like:
    name: str
    pattern: str
    wild_card: str = "*"
    single_char: str = "."
    escape_char: str = "!"
    match_case: bool = True


@dataclass(frozen=True)
class IsNull:
    name: str


@dataclass(frozen=True)
class Between:
    name: str
    lower: str
    upper: str


@dataclass(frozen=True)
class Logical:
    operator: str  # And, Or
    operands: tuple


@dataclass(frozen=True)
class Not:
    operand: object


@dataclass(frozen=True)
class Spatial:
    operator: str  # one of SPATIAL
    name: str | None
    geometry: Geometry


@dataclass(frozen=True)
class ResourceIds:
    ids: tuple[tuple[str, int], ...]


Node = Comparison | Like | IsNull | Between | Logical | Not | Spatial | ResourceIds


def _name(element: Element) -> str:
    names = [child for child in element if local_name(child.tag) in _NAME_TAGS]
    if len(names) != 1 or not (names[0].text or "").strip():
        raise invalid(LOCATOR, f"fes:{local_name(element.tag)} needs one fes:ValueReference naming a property.")
    return names[0].text.strip()


def _literal(element: Element, operator: str) -> str:
    literals = children(element, "Literal")
    if len(literals) != 1:
        raise invalid(LOCATOR, f"fes:{operator} needs one fes:Literal.")
    return "".join(literals[0].itertext())


def _match_case(element: Element) -> bool:
    return element.get("matchCase", "true").strip().lower() != "false"


def _comparison(element: Element, operator: str) -> Comparison:
    operands = [local_name(child.tag) for child in element]
    if operands[:1] == ["Literal"]:  # Literal first: the operator is read the other way round
        return Comparison(_MIRRORED[COMPARISONS[operator]], _name(element), _literal(element, operator),
                          _match_case(element))
    return Comparison(COMPARISONS[operator], _name(element), _literal(element, operator), _match_case(element))


def _like(element: Element) -> Like:
    characters = {key: element.get(attribute, default) for key, attribute, default in (
        ("wild_card", "wildCard", "*"), ("single_char", "singleChar", "."), ("escape_char", "escapeChar", "!"))}
    if any(len(value) != 1 for value in characters.values()):
        raise invalid(LOCATOR, "fes:PropertyIsLike's wildCard, singleChar and escapeChar must be one character each.")
    return Like(_name(element), _literal(element, "PropertyIsLike"), match_case=_match_case(element), **characters)


def _between(element: Element) -> Between:
    bounds = []
    for boundary in ("LowerBoundary", "UpperBoundary"):
        found = children(element, boundary)
        if len(found) != 1:
            raise invalid(LOCATOR, f"fes:PropertyIsBetween needs one fes:{boundary}.")
        bounds.append(_literal(found[0], boundary))
    return Between(_name(element), *bounds)


def _spatial(element: Element, operator: str) -> Spatial:
    names = [child for child in element if local_name(child.tag) in _NAME_TAGS]
    geometries = [child for child in element if local_name(child.tag) not in _NAME_TAGS]
    if len(names) > 1 or len(geometries) != 1:
        raise invalid(LOCATOR, f"fes:{operator} needs one geometry (and at most one fes:ValueReference).")
    name = (names[0].text or "").strip() if names else None
    return Spatial(operator, name or None, parse_geometry(geometries[0]))


def _resource_ids(elements: list[Element]) -> ResourceIds:
    ids = []
    for element in elements:
        value = element.get("rid") or element.get("fid") or element.get("{http://www.opengis.net/gml}id") or \
            element.get("{http://www.opengis.net/gml/3.2}id") or ""
        parsed = parse_resource_id(value)
        if parsed is None:
            raise invalid("resourceId", f"Resource id {value[:60]!r} is not of the form <type>.<integer> "
                                        "(components.12).")
        ids.append(parsed)
    return ResourceIds(tuple(ids))


def parse_node(element: Element, depth: int = 0) -> Node:
    if depth > MAX_DEPTH:
        raise invalid(LOCATOR, f"The filter nests operators more than {MAX_DEPTH} deep.")
    operator = local_name(element.tag)
    if operator in COMPARISONS:
        return _comparison(element, operator)
    if operator == "PropertyIsLike":
        return _like(element)
    if operator in ("PropertyIsNull", "PropertyIsNil"):
        return IsNull(_name(element))
    if operator == "PropertyIsBetween":
        return _between(element)
    if operator in LOGICAL:
        operands = tuple(parse_node(child, depth + 1) for child in element)
        if len(operands) < 2:
            raise invalid(LOCATOR, f"fes:{operator} needs at least two operands.")
        return Logical(operator, operands)
    if operator == "Not":
        if len(element) != 1:
            raise invalid(LOCATOR, "fes:Not needs one operand.")
        return Not(parse_node(element[0], depth + 1))
    if operator in SPATIAL:
        return _spatial(element, operator)
    if operator in ("ResourceId", "FeatureId", "GmlObjectId"):
        return _resource_ids([element])
    raise invalid(LOCATOR, f"Filter operator {operator[:40]!r} is not supported; see the Filter_Capabilities of "
                           "GetCapabilities.")


def parse_filter(element: Element) -> Node:
    """The tree of a ``fes:Filter`` element: its one operator, or ResourceIds for a list of ``fes:ResourceId``."""
    if local_name(element.tag) != "Filter":
        raise invalid(LOCATOR, f"A filter is a fes:Filter element, not {local_name(element.tag)[:40]}.")
    operands = list(element)
    if operands and all(local_name(child.tag) in ("ResourceId", "FeatureId", "GmlObjectId") for child in operands):
        return _resource_ids(operands)
    if len(operands) != 1:
        raise invalid(LOCATOR, "fes:Filter needs exactly one operator (combine several with fes:And or fes:Or).")
    return parse_node(operands[0])

