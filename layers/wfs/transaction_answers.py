"""The answer to a Transaction in the WFS version it was written in.

WFS 2.0: ``wfs:TransactionResponse`` with its summary and ``fes:ResourceId`` of inserted features; WFS 1.1.0: the
same in the WFS 1.x namespace with ``ogc:FeatureId``; WFS 1.0.0: ``WFS_TransactionResponse`` with a SUCCESS or
FAILED status and, when failed, the reason as its Message, in HTTP 200 as WFS 1.0.0 answers a refused transaction
(QGIS 3.22 writes WFS 1.0.0 and shows that message to its user). Elements of the 1.x forms are in the default
namespace: QGIS finds them by their unprefixed names.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .exceptions import WfsError
from .names import NAMESPACE_DECLARATIONS
from .output import XML_DECLARATION

WFS1_NS = "http://www.opengis.net/wfs"
OGC_NS = "http://www.opengis.net/ogc"
KINDS = ("Inserted", "Updated", "Replaced", "Deleted")


def success(totals, inserted: list[str], version: str) -> bytes:
    if version == "1.0.0":
        ids = "".join(f"<InsertResult><ogc:FeatureId fid={quoteattr(rid)}/></InsertResult>" for rid in inserted)
        return _wfs_1_0(f"{ids}<TransactionResult><Status><SUCCESS/></Status></TransactionResult>")
    if version == "1.1.0":
        summary = "".join(f"<total{kind}>{totals[kind]}</total{kind}>" for kind in KINDS if kind != "Replaced")
        ids = "".join(f"<Feature><ogc:FeatureId fid={quoteattr(rid)}/></Feature>" for rid in inserted)
        return XML_DECLARATION + (
            f'<TransactionResponse xmlns="{WFS1_NS}" xmlns:ogc="{OGC_NS}" version="1.1.0">'
            f"<TransactionSummary>{summary}</TransactionSummary>"
            f"{f'<InsertResults>{ids}</InsertResults>' if ids else ''}</TransactionResponse>"
        ).encode()
    summary = "".join(f"<wfs:total{kind}>{totals[kind]}</wfs:total{kind}>" for kind in KINDS)
    ids = "".join(f"<wfs:Feature><fes:ResourceId rid={quoteattr(rid)}/></wfs:Feature>" for rid in inserted)
    return XML_DECLARATION + (
        f'<wfs:TransactionResponse version="2.0.0" {NAMESPACE_DECLARATIONS}>'
        f"<wfs:TransactionSummary>{summary}</wfs:TransactionSummary>"
        f"{f'<wfs:InsertResults>{ids}</wfs:InsertResults>' if ids else ''}</wfs:TransactionResponse>"
    ).encode()


def failure(error: WfsError) -> bytes:
    """A refused WFS 1.0.0 transaction: FAILED, the locator and the reason."""
    locator = f"<Locator>{escape(error.locator)}</Locator>" if error.locator else ""
    return _wfs_1_0(f"<TransactionResult><Status><FAILED/></Status>{locator}"
                    f"<Message>{escape(error.text)}</Message></TransactionResult>")


def _wfs_1_0(body: str) -> bytes:
    return XML_DECLARATION + (
        f'<WFS_TransactionResponse xmlns="{WFS1_NS}" xmlns:ogc="{OGC_NS}" version="1.0.0">{body}'
        "</WFS_TransactionResponse>"
    ).encode()
