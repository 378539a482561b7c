"""The working-hours calendar time limits are counted on: working periods per weekday, holidays and adjusted
working days (调休), time limits per event class and urgency."""
