"""Patrols (一日双巡): grid members' tracks, the road length they cover per grid and day, and whether the grid was
patrolled twice."""
