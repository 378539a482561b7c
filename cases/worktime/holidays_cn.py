"""The public holidays of 2022 and 2023 and their adjusted working days (调休), as the State Council announced them
(国办发明电〔2021〕11号, 〔2022〕16号): (name, kind, first day, last day)."""
from datetime import date

HOLIDAYS_2022_2023: tuple[tuple[str, str, date, date], ...] = (
    ("元旦 2022", "holiday", date(2022, 1, 1), date(2022, 1, 3)),
    ("春节调休 2022", "workday", date(2022, 1, 29), date(2022, 1, 30)),
    ("春节 2022", "holiday", date(2022, 1, 31), date(2022, 2, 6)),
    ("清明节调休 2022", "workday", date(2022, 4, 2), date(2022, 4, 2)),
    ("清明节 2022", "holiday", date(2022, 4, 3), date(2022, 4, 5)),
    ("劳动节调休 2022", "workday", date(2022, 4, 24), date(2022, 4, 24)),
    ("劳动节 2022", "holiday", date(2022, 4, 30), date(2022, 5, 4)),
    ("劳动节调休 2022 (5月7日)", "workday", date(2022, 5, 7), date(2022, 5, 7)),
    ("端午节 2022", "holiday", date(2022, 6, 3), date(2022, 6, 5)),
    ("中秋节 2022", "holiday", date(2022, 9, 10), date(2022, 9, 12)),
    ("国庆节 2022", "holiday", date(2022, 10, 1), date(2022, 10, 7)),
    ("国庆节调休 2022", "workday", date(2022, 10, 8), date(2022, 10, 9)),
    ("元旦 2023", "holiday", date(2022, 12, 31), date(2023, 1, 2)),
    ("春节 2023", "holiday", date(2023, 1, 21), date(2023, 1, 27)),
    ("春节调休 2023", "workday", date(2023, 1, 28), date(2023, 1, 29)),
    ("清明节 2023", "holiday", date(2023, 4, 5), date(2023, 4, 5)),
    ("劳动节调休 2023", "workday", date(2023, 4, 23), date(2023, 4, 23)),
    ("劳动节 2023", "holiday", date(2023, 4, 29), date(2023, 5, 3)),
    ("劳动节调休 2023 (5月6日)", "workday", date(2023, 5, 6), date(2023, 5, 6)),
    ("端午节 2023", "holiday", date(2023, 6, 22), date(2023, 6, 24)),
    ("端午节调休 2023", "workday", date(2023, 6, 25), date(2023, 6, 25)),
    ("中秋节、国庆节 2023", "holiday", date(2023, 9, 29), date(2023, 10, 6)),
    ("国庆节调休 2023", "workday", date(2023, 10, 7), date(2023, 10, 8)),
)

WORKING_PERIODS = (("08:30", "12:00"), ("14:30", "17:30"))
"""The county offices' hours, Monday to Friday (6.5 working hours a day)."""

TIME_LIMITS = (("", "", "normal", 16.0), ("", "", "urgent", 4.0), ("", "", "critical", 1.0))
"""Default time limits (working hours) for any class: 一般 two working days and a half, 紧急 half a day, 特急 one hour."""
