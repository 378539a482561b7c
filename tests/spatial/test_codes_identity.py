"""Unified social credit codes (GB 32100) and resident ID numbers (GB 11643)."""

import datetime as dt
import random
import re

import pytest

from spatial.codes import (
    CREDIT_CODE_REGEX,
    ID_NUMBER_REGEX,
    credit_code_check_char,
    id_number_check_char,
    make_id_number,
    validate_credit_code,
    validate_id_number,
)
from spatial.codes.identity import CREDIT_CODE_CHARSET
from spatial.errors import CodeError

# Credit codes of well-known companies, published on their business licences.
PUBLISHED_CREDIT_CODES = [
    "91350100M000100Y43",
    "914403001922038216",
    "91330100799655058B",
    "9144030071526726XG",
    "91110000802100433B",
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes_pass(code):
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code
    assert credit_code_check_char(code[:17]) == code[17]


def test_random_bodies_get_valid_check_characters():
    rng = random.Random(140321)
    for _ in range(200):
        body = (
            rng.choice("159Y")
            + rng.choice("123")
            + "140321"
            + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
        )
        code = body + credit_code_check_char(body)
        assert re.fullmatch(CREDIT_CODE_REGEX, code)
        assert validate_credit_code(code) == code


def test_weights_are_powers_of_three_mod_31():
    # A body of zeros with a single 1 at position i sums to weight i.
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    for i, weight in enumerate(weights):
        body = "0" * i + "1" + "0" * (16 - i)
        assert CREDIT_CODE_CHARSET.index(credit_code_check_char(body)) == (31 - weight % 31) % 31


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("91350100M000100Y44", "should be '3'"),
        ("914403001922038217", "should be '6'"),
        ("91350100M000100Y4", "18 characters"),
        ("91350100M0001I0Y43", "18 characters"),
        ("913501O0M000100Y43", "18 characters"),
        ("", "18 characters"),
    ],
)
def test_invalid_credit_codes(code, fragment):
    with pytest.raises(CodeError, match=fragment) as caught:
        validate_credit_code(code, parameter="credit_code")
    assert caught.value.code == "invalid_credit_code"
    assert caught.value.parameter == "credit_code"


def test_credit_check_char_rejects_bad_body():
    with pytest.raises(CodeError, match="17 characters"):
        credit_code_check_char("91350100M000100")


# The examples printed in GB 11643-1999 and one with an X check character.
@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", "14032119900517123X"])
def test_valid_id_numbers(number):
    assert validate_id_number(number) == number
    assert id_number_check_char(number[:17]) == number[17]


def test_lower_case_x_is_normalised():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "number, fragment",
    [
        ("110105194912310021", "check character"),
        ("440524188001010015", "check character"),
        ("11010519491231002", "18 characters"),
        ("110105491231002", "18 characters"),
        ("11010519491231002Y", "18 characters"),
        ("110105194913310023", "birth date"),
        ("110105179912310023", "birth date"),
    ],
)
def test_invalid_id_numbers(number, fragment):
    with pytest.raises(CodeError, match=fragment) as caught:
        validate_id_number(number)
    assert caught.value.code == "invalid_id_number"
    assert number not in str(caught.value)


def test_future_birth_date_is_rejected():
    number = make_id_number(region="140321", birth=dt.date(2030, 1, 1), sequence=1)
    with pytest.raises(CodeError, match="birth date"):
        validate_id_number(number, today=dt.date(2026, 1, 1))


def test_make_id_number_round_trips():
    rng = random.Random(7)
    for _ in range(100):
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(30_000))
        number = make_id_number(region="140321", birth=birth, sequence=rng.randrange(1, 1000))
        assert re.fullmatch(ID_NUMBER_REGEX, number)
        assert validate_id_number(number) == number
        assert number[6:14] == f"{birth:%Y%m%d}"


def test_make_id_number_rejects_bad_parts():
    with pytest.raises(ValueError, match="between 1 and 999"):
        make_id_number(region="140321", birth=dt.date(1990, 1, 1), sequence=0)
    with pytest.raises(CodeError):
        make_id_number(region="14032", birth=dt.date(1990, 1, 1), sequence=1)
