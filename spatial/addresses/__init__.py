"""Parsing of Chinese addresses of Pingding county into the parts of the standard address library.

Pure Python (no Django): :func:`parse_address` turns text as people type it (with or without the 山西省阳泉市平定县
prefix, traditional characters, full-width digits, Chinese numerals, dash forms) into a :class:`ParsedAddress`.
"""
from .numerals import chinese_to_arabic
from .parser import KNOWN_TOWNS, LEVELS, PREFIX, EmptyAddress, ParsedAddress, parse_address
from .text import normalise_text

__all__ = [
    "KNOWN_TOWNS", "LEVELS", "PREFIX", "EmptyAddress", "ParsedAddress", "chinese_to_arabic", "normalise_text",
    "parse_address",
]
