"""Models of the standard layers. Every geometry is stored in CGCS2000 lon/lat (EPSG:4490, x = longitude).

EPSG:4490 is kept for storage because every client of the county sends or wants geographic coordinates and the
county straddles no zone boundary problem in lon/lat; distances and areas are computed with ``geography``
or after ``ST_Transform`` to EPSG:4547 (GK zone, CM 114E), never in degrees.
"""
from .admin import AdminArea, AdminLevel
from .grids import Grid
from .buildings import Building
from .addresses import Address
from .components import Component, ComponentCategory, ComponentState
from .incidents import EventClass, Incident, IncidentCodeCounter, IncidentStatus
from .records import Facility, HousingUnit, Organisation, Resident

__all__ = [
    "AdminArea",
    "AdminLevel",
    "Grid",
    "Building",
    "Address",
    "Component",
    "ComponentCategory",
    "ComponentState",
    "EventClass",
    "Incident",
    "IncidentCodeCounter",
    "IncidentStatus",
    "Facility",
    "HousingUnit",
    "Organisation",
    "Resident",
]
