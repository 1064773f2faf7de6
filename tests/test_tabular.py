"""Tests for core.tabular: polynomial features against scikit-learn, standardisation and the linear model's
unit conversions against numpy, the curvature bound against numpy's eigenvalues, divergence detection, and
CSV parsing of good and bad uploads (every bad one must raise CsvError with a message that says why)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.preprocessing import PolynomialFeatures

from core import tabular
from core.config import ConfigError
from core.tabular import (
    CsvError,
    LinearModel,
    build_data,
    check_size,
    curvature_bound,
    n_polynomial_features,
    parse_csv,
    polynomial_features,
    polynomial_names,
    select_columns,
    standardiser,
)


# --- features and the model -----------------------------------------------------------------------------------
@pytest.mark.parametrize("inputs, degree", [(1, 1), (1, 5), (2, 3), (3, 4), (30, 2)])
def test_polynomial_features_match_sklearn(inputs, degree):
    x = np.random.default_rng(inputs * 10 + degree).normal(size=(7, inputs))
    expected = PolynomialFeatures(degree, include_bias=False).fit_transform(x)
    got = polynomial_features(x, degree)
    assert got.shape == expected.shape == (7, n_polynomial_features(inputs, degree))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert len(polynomial_names([f"x{i}" for i in range(inputs)], degree)) == got.shape[1]


def test_polynomial_names_read_like_products():
    assert polynomial_names(["a", "b"], 2) == ["a", "b", "a^2", "a*b", "b^2"]


def test_feature_caps_name_the_limit():
    assert check_size(2, 8, 1000) == 44
    with pytest.raises(ConfigError, match="gives 5,455 features; the limit is 1,000"):
        check_size(30, 3, 455)
    with pytest.raises(ConfigError, match="more than 20,000,000 numbers"):
        check_size(20, 2, 100_000)


def test_standardiser_centres_and_scales():
    x = np.random.default_rng(0).normal(3.0, 5.0, size=(200, 3))
    x[:, 2] = 7.0  # a constant column keeps scale 1 instead of dividing by zero
    shift, scale = standardiser(x, center=True)
    z = (x - shift) / scale
    np.testing.assert_allclose(z[:, :2].mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(z[:, :2].std(0), 1, rtol=1e-12)
    assert scale[2] == 1.0 and np.all(z[:, 2] == 0)
    shift, scale = standardiser(x[:, :2], center=False)  # no intercept: no centring, unit root mean square
    assert np.all(shift == 0)
    np.testing.assert_allclose(np.sqrt(((x[:, :2] / scale) ** 2).mean(0)), 1, rtol=1e-12)


@pytest.mark.parametrize("intercept", [True, False])
def test_raw_coefficients_reproduce_the_model(intercept):
    rng = np.random.default_rng(1)
    x = torch.as_tensor(rng.normal(2.0, 3.0, size=(50, 4)))
    model = LinearModel(4, intercept)
    shift, scale = standardiser(x.numpy(), intercept)
    model.set_standardiser(torch.as_tensor(shift), torch.as_tensor(scale))
    model.set_theta(torch.as_tensor(rng.normal(size=5 if intercept else 4)))
    b, w = model.raw_coefficients()
    with torch.no_grad():
        np.testing.assert_allclose(x.numpy() @ w + b, model(x).numpy(), rtol=1e-12)
    assert model.penalty_mask().tolist() == [1.0] * 4 + ([0.0] if intercept else [])
    torch.testing.assert_close(model.design(x) @ model.theta(), model(x).detach(), rtol=1e-12, atol=1e-12)


def test_curvature_bound_is_the_largest_eigenvalue():
    rng = np.random.default_rng(2)
    raw = rng.normal(size=(80, 2)) * [1.0, 10.0]
    data = build_data(raw, rng.normal(size=80), raw, rng.normal(size=80), degree=2, input_names=["a", "b"],
                      dataset_id="test")
    z = (data.x_train.numpy() - data.shift.numpy()) / data.scale.numpy()
    z = np.hstack([z, np.ones((80, 1))])
    expected = np.linalg.eigvalsh(z.T @ z / 80).max()
    assert curvature_bound(data, True, 1.0, 0.0) == pytest.approx(expected, rel=1e-10)
    assert curvature_bound(data, True, 0.25, 0.5) == pytest.approx(expected / 4 + 0.5, rel=1e-10)


# --- CSV uploads: good files -------------------------------------------------------------------------------------
def test_parse_csv_with_header_missing_values_and_text_column():
    data = b"\xef\xbb\xbfsize,city,price,note\n1,Paris,2.5,a\n2,Rome,,b\n3,Oslo,7.5,c\n4,Nice,NA,d\n"
    table = parse_csv(data)
    assert table.names == ["size", "price"] and table.delimiter == ","
    assert table.skipped == ["city (text such as 'Paris')", "note (text such as 'a')"]
    np.testing.assert_array_equal(table.values[:, 0], [1, 2, 3, 4])
    assert table.values[0, 1] == 2.5 and np.isnan(table.values[1, 1]) and np.isnan(table.values[3, 1])


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_parse_csv_detects_the_separator(sep):
    table = parse_csv(f"x{sep}y\n1{sep}2\n3{sep}4\n".encode())
    assert table.names == ["x", "y"] and table.delimiter == sep
    np.testing.assert_array_equal(table.values, [[1, 2], [3, 4]])


def test_parse_csv_without_header_and_duplicate_names():
    assert parse_csv(b"1,2\n3,4\n").names == ["column 1", "column 2"]
    assert parse_csv(b"a,a,\n1,2,3\n").names == ["a", "a (2)", "column 3"]
    table = parse_csv(b'"x","y"\n"1.5","2e3"\n\n-1,inf\n')  # quotes, a blank line, inf kept for select_columns
    np.testing.assert_array_equal(table.values, [[1.5, 2000.0], [-1.0, np.inf]])


def test_select_columns_drops_non_finite_rows_with_a_note():
    table = parse_csv(b"a,b,y\n1,2,3\n2,nan,5\n3,4,inf\n4,5,6\n5,1,2\n6,0,1\n")
    x, y, note = select_columns(table, "y", ["a", "b"])
    assert x.tolist() == [[1, 2], [4, 5], [5, 1], [6, 0]] and y.tolist() == [3, 6, 2, 1]
    assert note == "Dropped 2 of 6 rows with a missing, NaN or infinite value in the chosen columns."
    assert select_columns(table, "y", ["a"])[2] == "Dropped 1 of 6 rows with a missing, NaN or infinite value in " \
                                                   "the chosen columns."


# --- CSV uploads: bad files --------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"  \n\n ", "The file is empty."),
    (b"x,y\n", "header but no data rows"),
    (b"x y\n1 2\n3 4\n", "Only one column was found"),                      # wrong separator
    (b"a,b\n1,x\n2,y\n", "At least 2 numeric column(s) are needed; found 1. Not numeric: b (text such as 'x')"),
    (b"a;b\n1,5;2,5\n", "decimal commas"),
    (b"a,b\n1,\xff\n", "not UTF-8 text (byte 0xff at position 6)"),
    ("a,b\n1,2\n".encode("utf-16"), "contains NUL bytes"),
    (b"a,b,c\n1,2,3\n4,5\n", "Line 3 has 2 fields but the first row has 3"),
    (b"a,b\nNA,na\n-,?\n", "found 0. Not numeric: a (empty), b (empty)"),
    (b'a,b\n"1,2\n', "Line"),                                              # an unterminated quote
])
def test_bad_csv_says_why(data, message):
    with pytest.raises(CsvError) as err:
        parse_csv(data)
    assert message in str(err.value)


def test_too_many_rows_columns_or_bytes(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    with pytest.raises(CsvError, match="more than 5 rows"):
        parse_csv(b"a,b\n" + b"1,2\n" * 6)
    assert parse_csv(b"a,b\n" + b"1,2\n" * 5).values.shape == (5, 2)
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 3)
    with pytest.raises(CsvError, match="4 columns; the limit is 3"):
        parse_csv(b"a,b,c,d\n1,2,3,4\n")
    monkeypatch.setattr(tabular, "MAX_BYTES", 10)
    with pytest.raises(CsvError, match="the limit is 0 MB"):
        parse_csv(b"a,b\n1,2\n3,4\n")


def test_select_columns_rejects_unusable_choices():
    table = parse_csv(b"a,b,y\n1,2,3\n2,3,5\n3,4,inf\n")
    with pytest.raises(CsvError, match="cannot be both the target and a feature"):
        select_columns(table, "y", ["a", "y"])
    with pytest.raises(CsvError, match="at least one feature column"):
        select_columns(table, "y", [])
    with pytest.raises(CsvError, match="Only 2 usable rows for 2 features: .* at least 4 rows"):
        select_columns(table, "y", ["a", "b"])
    with pytest.raises(CsvError, match="No row has a finite number"):
        select_columns(parse_csv(b"a,y\n1,nan\n2,inf\n"), "y", ["a"])
