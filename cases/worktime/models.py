"""The working-hours calendar, as the admin keeps it. Times of day are local (Asia/Shanghai, ``TIME_ZONE``)."""
from django.db import models
from django.db.models import F, Q


class WorkCalendar(models.Model):
    """A calendar: working periods per weekday and its holiday ranges. The one with ``is_default`` counts every
    time limit that names no other calendar."""

    name = models.CharField(max_length=60, unique=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                               name="worktime_one_default")]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, "星期一 Monday"
    TUESDAY = 1, "星期二 Tuesday"
    WEDNESDAY = 2, "星期三 Wednesday"
    THURSDAY = 3, "星期四 Thursday"
    FRIDAY = 4, "星期五 Friday"
    SATURDAY = 5, "星期六 Saturday"
    SUNDAY = 6, "星期日 Sunday"


class WorkPeriod(models.Model):
    """One working period of a weekday (0 Monday .. 6 Sunday), from ``start`` to ``end`` local time."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="periods")
    weekday = models.SmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["calendar", "weekday", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="worktime_period_order")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休 holiday (no working hours)"
    WORKDAY = "workday", "班 adjusted working day (调休: Monday's working periods)"


class Holiday(models.Model):
    """A range of days, ``date_from`` to ``date_to`` inclusive: public holidays (no working hours) or adjusted
    working days (调休, a weekend day worked with Monday's periods). Ranges of one calendar never overlap
    (``validation.check_ranges``, run by the admin's formset and the calendar API)."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(max_length=40)
    kind = models.CharField(max_length=8, choices=DayKind.choices, default=DayKind.HOLIDAY)
    date_from = models.DateField()
    date_to = models.DateField()

    class Meta:
        ordering = ["calendar", "date_from"]
        constraints = [models.CheckConstraint(condition=Q(date_to__gte=F("date_from")), name="worktime_holiday_order")]

    def __str__(self) -> str:
        return f"{self.name} {self.date_from}..{self.date_to} ({self.kind})"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般 normal"
    URGENT = "urgent", "紧急 urgent"
    CRITICAL = "critical", "特急 critical"


class TimeLimit(models.Model):
    """Working hours allowed for an event or component class at an urgency. ``major_code``/``minor_code`` empty:
    any (the most specific row wins: major+minor, then major, then any)."""

    major_code = models.CharField(max_length=2, blank=True, default="", help_text="2 digits; empty: any")
    minor_code = models.CharField(max_length=2, blank=True, default="", help_text="2 digits; empty: any")
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    working_hours = models.FloatField()

    class Meta:
        ordering = ["major_code", "minor_code", "urgency"]
        constraints = [
            models.UniqueConstraint(fields=["major_code", "minor_code", "urgency"], name="worktime_limit_unique"),
            models.CheckConstraint(condition=Q(working_hours__gt=0), name="worktime_limit_positive"),
            models.CheckConstraint(condition=Q(minor_code="") | ~Q(major_code=""), name="worktime_limit_minor_needs_major"),
        ]

    def __str__(self) -> str:
        return f"{self.major_code or '*'}{self.minor_code or '*'} {self.urgency}: {self.working_hours} h"
