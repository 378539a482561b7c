"""The Pingding county generator: a deterministic, synthetic county reproducing the published counts.

``python manage.py seed_pingding --scale 1.0 --seed 1`` builds the county outline, towns, communities,
452 base grids, the built-up area's 74,173 city components, buildings, addresses, housing units, residents,
organisations, facilities and incidents, and the case loop's year to 31 May 2023 (``caseyear``: 28,984 cases
filed, 27,865 closed, each an incident with its steps). Small scales of the same generator serve the tests.
"""
