"""The figures' theme is seaborn's, written out so that a kernel need not import seaborn."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
import pytest
import seaborn as sns

from analysis import style


@pytest.fixture
def pristine_matplotlib():
    saved_rc = mpl.rcParams.copy()
    saved_codes = {code: mpl.colors.colorConverter.colors[code] for code in "bgrmyck"}
    yield
    mpl.rcParams.update(saved_rc)
    mpl.colors.colorConverter.colors.update(saved_codes)


def test_the_theme_is_what_seaborn_set_theme_sets(pristine_matplotlib):
    mpl.rcdefaults()
    sns.set_theme(**style.SEABORN_THEME)
    expected = dict(mpl.rcParams)
    expected_codes = {code: mpl.colors.colorConverter.colors[code] for code in "bgrmyck"}
    mpl.rcdefaults()
    for code in "bgrmyck":
        mpl.colors.colorConverter.colors[code] = (0.0, 0.0, 0.0)
    style.apply()
    different = {key for key in expected if expected[key] != mpl.rcParams[key]}
    assert different == {"image.cmap"}  # 'rocket' exists only where seaborn is imported; no figure uses it
    assert {code: mpl.colors.colorConverter.colors[code] for code in "bgrmyck"} == expected_codes


def test_applying_the_theme_imports_neither_seaborn_nor_scipy():
    code = "import sys; from analysis import style; style.apply(); print(sorted({'seaborn', 'scipy'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
