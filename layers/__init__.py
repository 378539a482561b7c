"""The county's standard layers ("四标四实" plus city management) and their feature API.

It owns the models of the standard layers (admin areas, base grids, buildings, standard addresses,
city components, incidents and the housing / population / organisation / facility records behind them),
the layer registry that declares once per layer what is public, restricted, tiled and editable,
and the OGC API - Features endpoints that read that registry. It uses ``spatial``; ``tiles`` and
``geoserver_app`` use it.
"""
