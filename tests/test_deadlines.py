"""Day counting, checked against dates worked out by hand on the 2025 official calendar.

2025 holidays used here (国务院办公厅 2024-11-12): 劳动节 May 1–5 (Sunday Apr 27 worked),
端午 May 31–Jun 2, 国庆·中秋 Oct 1–8 (Sunday Sep 28 and Saturday Oct 11 worked).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.config import Config, DeadlineRule, Deadlines, load_config
from docgen.errors import CalendarError, ConfigError
from docgen.petition.deadlines import (
    CALENDAR,
    WORKDAYS,
    Period,
    Profile,
    end_of_period,
    is_working_day,
    profile_from_config,
)

D = dt.date


def test_fifteen_days_ending_in_national_day_holiday_move_to_next_working_day():
    # Sep 20 + 15 days = Oct 5, inside the Oct 1–8 holiday; Oct 9 (Thursday) is the first working day.
    assert end_of_period(D(2025, 9, 20), 15) == D(2025, 10, 9)


def test_fifteen_days_ending_on_an_ordinary_weekday_stay():
    # Mar 3 + 15 = Mar 18, a Tuesday.
    assert end_of_period(D(2025, 3, 3), 15) == D(2025, 3, 18)


def test_period_ending_on_a_saturday_moves_to_monday():
    # Mar 7 + 15 = Mar 22, a Saturday → Monday Mar 24.
    assert end_of_period(D(2025, 3, 7), 15) == D(2025, 3, 24)


def test_period_ending_on_a_swapped_working_saturday_does_not_move():
    # Sep 26 + 15 = Oct 11, a Saturday that is an official working day (调休).
    assert end_of_period(D(2025, 9, 26), 15) == D(2025, 10, 11)


def test_day_one_is_the_day_after_the_trigger():
    # Registered on a Friday: one calendar day ends on Saturday Mar 8 → Monday Mar 10.
    assert end_of_period(D(2025, 3, 7), 1) == D(2025, 3, 10)
    assert end_of_period(D(2025, 3, 10), 1) == D(2025, 3, 11)


def test_workdays_count_the_swapped_saturday_as_a_working_day():
    # After Thu Oct 9: Fri Oct 10 (1), Sat Oct 11 调休 (2), Mon Oct 13 (3).
    assert end_of_period(D(2025, 10, 9), 3, WORKDAYS) == D(2025, 10, 13)
    assert is_working_day(D(2025, 10, 11)) is True
    assert is_working_day(D(2025, 10, 12)) is False


def test_workdays_count_the_swapped_sunday_and_skip_the_holiday():
    # After Fri Sep 26: Sun Sep 28 调休 (1), Mon 29 (2), Tue 30 (3); Oct 1–8 off; Thu Oct 9 (4), Fri 10 (5).
    assert end_of_period(D(2025, 9, 26), 1, WORKDAYS) == D(2025, 9, 28)
    assert end_of_period(D(2025, 9, 26), 5, WORKDAYS) == D(2025, 10, 10)


def test_sixty_days_with_a_thirty_day_extension():
    # Accepted Mar 3: + 60 days = May 2, inside the May 1–5 holiday → Tue May 6.
    # The extension counts from that deadline: May 6 + 30 = Thu Jun 5, a working day.
    profile = Profile()
    original = profile.deadline("办理", D(2025, 3, 3))
    assert original == D(2025, 5, 6)
    assert profile.extend(original, 30) == D(2025, 6, 5)
    assert profile.extend(original, 0) == original


def test_extension_over_thirty_days_is_refused():
    with pytest.raises(ValueError):
        Profile().extend(D(2025, 5, 6), 45)


def test_override_counts_acceptance_in_five_working_days():
    config = Config(deadlines=Deadlines(overrides={"受理": DeadlineRule(days=5, mode="workdays")}))
    profile = profile_from_config(config.deadlines)
    assert profile.periods["受理"].days == 5
    assert profile.deadline("受理", D(2025, 9, 26)) == D(2025, 10, 10)
    # the other periods keep the law's calendar days
    assert profile.periods["办理"].days == 60
    assert profile.periods["办理"].mode == CALENDAR


def test_workdays_profile_from_a_config_file(tmp_path: Path):
    path = tmp_path / "docgen.toml"
    path.write_text(
        '[deadlines]\nmode = "工作日"\n[deadlines.overrides."受理"]\ndays = 5\n'
        '[deadlines.overrides."复查申请"]\nmode = "calendar"\n',
        encoding="utf-8",
    )
    profile = profile_from_config(load_config(path).deadlines)
    assert profile.periods["受理"] == Period(5, WORKDAYS)
    assert profile.periods["办理"].mode == WORKDAYS
    assert profile.periods["复查申请"].mode == CALENDAR
    assert profile.extension_mode == WORKDAYS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[deadlines]\nmode = "weekdays"\n', "mode"),
        ('[deadlines.overrides."受理期限"]\ndays = 5\n', "受理期限"),
        ('[deadlines.overrides."延期"]\ndays = 45\n', "延期"),
        ("[deadlines.overrides.受理]\ndays = 5\n", "双引号"),
        ('[deadlines]\nbeyond_calendar = "guess"\n', "beyond_calendar"),
        ("[rules]\ncollective_threshold = 0\n", "collective_threshold"),
        ('[rules]\nrepeat_same_category = "yes"\n', "repeat_same_category"),
    ],
)
def test_bad_deadline_settings_are_named(tmp_path: Path, text: str, message: str):
    path = tmp_path / "docgen.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)


def test_a_year_the_calendar_does_not_know_is_an_error_not_a_guess():
    # Dec 20, 2026 + 15 days = Jan 4, 2027: the 2027 holidays are not in chinesecalendar 1.11.
    with pytest.raises(CalendarError) as caught:
        end_of_period(D(2026, 12, 20), 15)
    assert "2027" in str(caught.value)
    assert "chinesecalendar" in str(caught.value)


def test_a_year_before_the_calendar_asks_to_check_the_year():
    with pytest.raises(CalendarError) as caught:
        end_of_period(D(2003, 5, 1), 15)
    assert "核对年份" in str(caught.value)


def test_weekends_policy_estimates_unknown_years_by_weekends_only():
    # Dec 18, 2026 + 15 = Sat Jan 2, 2027 → Monday Jan 4 when only weekends are known.
    profile = profile_from_config(Deadlines(beyond_calendar="weekends"))
    assert profile.deadline("受理", D(2026, 12, 18)) == D(2027, 1, 4)
    with pytest.raises(CalendarError):
        Profile().deadline("受理", D(2026, 12, 18))


def test_datetimes_count_from_their_day():
    assert end_of_period(dt.datetime(2025, 9, 20, 16, 30), 15) == D(2025, 10, 9)


def test_bounded_deadline_in_an_unknown_year_keeps_a_safe_lower_bound():
    # Accepted Nov 5, 2026: + 60 = Jan 4, 2027, a year the calendar does not know.
    deadline = Profile().bounded("办理", D(2026, 11, 5))
    assert (deadline.exact, deadline.earliest) == (None, D(2027, 1, 4))
    assert deadline.passed(D(2027, 1, 4)) is False  # holidays only move a deadline later
    with pytest.raises(CalendarError):
        deadline.passed(D(2027, 1, 5))
    with pytest.raises(CalendarError):
        _ = deadline.day
    extended = Profile().extend_bounded(deadline, 30)
    assert (extended.exact, extended.earliest) == (None, D(2027, 2, 3))


def test_bounded_deadline_in_a_known_year_is_exact():
    deadline = Profile().bounded("受理", D(2025, 9, 20))
    assert deadline.exact == deadline.earliest == deadline.day == D(2025, 10, 9)
    assert deadline.passed(D(2025, 10, 10)) and not deadline.passed(D(2025, 10, 9))
    # Accepted Sat Sep 26, 2026: + 60 = Wed Nov 25; + 30 = Fri Dec 25, still inside the known years
    assert Profile().extend_bounded(Profile().bounded("办理", D(2026, 9, 26)), 30).exact == D(2026, 12, 25)
