"""WFS 2.0 at ``/wfs``: the layers of the registry as feature types, read through the access seam.

Requests arrive as KVP (``kvp``) or POST XML (``xmlrequests``), become the typed requests of ``requests``, and are
answered by ``capabilities``, ``describe``, ``storedqueries`` and ``getfeature`` (SQL in ``sql`` and ``filters``,
bodies in ``output``). Every client error is an OWS exception report (``exceptions``).
"""
