"""Tidy research tables: reading, scoring, responses, summaries, conversions."""

from __future__ import annotations

import io
from datetime import UTC
from pathlib import Path

import pytest

from ketacore.exceptions import TableError
from ketacore.instruments import PHQ9
from ketacore.tables import (
    Row,
    detect_instrument,
    item_columns,
    parse_cell,
    read_table,
    response_table,
    score_table,
    summarise,
    to_csv_text,
    to_pandas,
    to_polars,
    write_csv,
)
from work_helpers import counting_calls


def _phq9(pid: str, day: int, items: list[int | None], course: str = "esketamine") -> Row:
    return {
        "patient_id": pid,
        "course_type": course,
        "day": day,
        **{f"phq9_{n}": v for n, v in enumerate(items, start=1)},
    }


ROWS = [
    _phq9("SYN-0001", 0, [2, 2, 2, 2, 2, 2, 2, 2, 0]),  # 16
    _phq9("SYN-0001", 28, [0, 0, 1, 1, 1, 0, 0, 0, 0]),  # 3: remission
    _phq9("SYN-0002", 0, [3, 3, 2, 2, 2, 2, 2, 2, 0]),  # 18
    _phq9("SYN-0002", 28, [1, 1, 1, 1, 1, 1, 1, 1, 0]),  # 8: response
    _phq9("SYN-0003", 0, [2, 2, 2, 2, 2, 2, 2, 2, 2]),  # 18
    _phq9("SYN-0003", 28, [2, 2, 2, 2, 2, 2, 1, 1, 1]),  # 15: non-response
]


def test_parse_cell_reads_numbers_booleans_and_blanks() -> None:
    assert parse_cell(" 7 ") == 7
    assert parse_cell("-3") == -3
    assert parse_cell("1.5e3") == 1500
    assert parse_cell("1e3") == 1000
    assert parse_cell("1e-05") == 1e-05
    assert parse_cell("nan") == "nan"
    assert parse_cell(".5") == 0.5
    assert parse_cell("false") is False
    assert parse_cell("TRUE") == "TRUE"  # only the writer's spelling is a boolean
    assert parse_cell("2b") == "2b"


def test_csv_round_trip(tmp_path: Path) -> None:
    rows: list[Row] = [
        {"a": 1, "b": 0.5, "c": None, "d": True, "e": "x, y"},
        {"a": 2, "b": 35.0, "c": "z", "d": False, "e": 'say "hi"'},
    ]
    path = tmp_path / "t.csv"
    path.write_text(to_csv_text(rows), encoding="utf-8")
    table = read_table(path)
    assert table.columns == ("a", "b", "c", "d", "e")
    assert list(table.rows) == [{**rows[0]}, {**rows[1], "b": 35}]
    assert table.lines == (2, 3)


def test_line_numbers_follow_the_file_with_blank_lines_and_quoted_newlines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,4\n', encoding="utf-8")
    table = read_table(path)
    assert table.lines == (3, 5)


def test_short_rows_are_padded_with_blanks(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1\n", encoding="utf-8")
    assert read_table(path).rows == ({"a": 1, "b": None, "c": None},)


def test_progress_is_called_with_row_counts(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a\n" + "1\n" * 2500, encoding="utf-8")
    seen: list[int] = []
    read_table(path, progress=seen.append)
    assert seen == [1000, 2000, 2500]


# --- Reading and writing files without rewriting the data (issues 10 and 15) ------------

PHQ9_ITEMS = ",".join(f"phq9_{n}" for n in range(1, 10))


def test_identifier_columns_keep_the_text_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "redcap.csv"
    path.write_text(
        f"record_id,patient_id,SEQN,visit_id,day,{PHQ9_ITEMS}\n"
        "001,007,93703,0042,7,1,1,1,1,1,1,1,1,0\n",
        encoding="utf-8",
    )
    (row,) = read_table(path).rows
    assert row["record_id"] == "001"
    assert row["patient_id"] == "007"
    assert row["SEQN"] == "93703"
    assert row["visit_id"] == "0042"
    assert row["day"] == 7  # not an identifier: still a number
    assert read_table(path, text_columns=["day"]).rows[0]["day"] == "7"


def test_score_table_keeps_every_other_column_and_marks_bad_rows() -> None:
    rows: list[Row] = [
        {"record_id": "001", "redcap_event_name": "baseline_arm_1", "phq9_date": "2026-01-05",
         **{f"phq9_{n}": 1 for n in range(1, 10)}},
        {"record_id": "002", "redcap_event_name": "baseline_arm_1", "phq9_date": "2026-01-06",
         **{f"phq9_{n}": 1 for n in range(1, 9)}, "phq9_9": None},
    ]  # fmt: skip
    scored = score_table(rows, "phq9")
    assert len(scored.rows) == scored.n_rows == 2
    first, second = scored.rows
    assert list(first)[:3] == ["record_id", "redcap_event_name", "phq9_date"]
    assert (first["phq9_date"], first["total"], first["error"]) == ("2026-01-05", 9, None)
    assert (second["record_id"], second["total"], second["band"]) == ("002", None, None)
    assert str(second["error"]).startswith("PHQ-9 item 9: got None")
    assert second["error"] == scored.errors[0]["reason"]
    assert [r["record_id"] for r in scored.scores] == ["001"]
    only = score_table(rows, "phq9", keys=["record_id"]).rows[0]
    assert list(only)[:2] == ["record_id", "instrument"]


def test_score_table_refuses_keys_it_cannot_copy() -> None:
    from ketacore.exceptions import TableError

    rows: list[Row] = [{"patient_id": "P", **{f"phq9_{n}": 1 for n in range(1, 10)}}]
    with pytest.raises(TableError, match="keys: no column 'visit'"):
        score_table(rows, "phq9", keys=["patient_id", "visit"])
    with pytest.raises(TableError, match="keys: 'total' is a column score_table writes"):
        score_table([{**rows[0], "total": 9}], "phq9")


def test_write_csv_neutralises_cells_a_spreadsheet_would_evaluate(tmp_path: Path) -> None:
    # OWASP "CSV Injection": prefix cells beginning with = + - @ tab or CR with a quote.
    rows: list[Row] = [
        {"id": '=HYPERLINK("http://x","y")', "a": "+1", "b": "-x", "c": "@SUM(A1)",
         "d": "\tx", "n": -3, "f": -0.5, "ok": "SYN-1"},
    ]  # fmt: skip
    assert to_csv_text(rows).split("\n")[1] == (
        '"\'=HYPERLINK(""http://x"",""y"")",\'+1,\'-x,\'@SUM(A1),\'\tx,-3,-0.5,SYN-1'
    )
    assert to_csv_text([{"=cmd": 1}]).split("\n")[0] == "'=cmd"
    path = tmp_path / "cr.csv"
    path.write_text(to_csv_text([{"a": "\rx", "b": 1}]), encoding="utf-8", newline="")
    assert read_table(path).rows == ({"a": "'\rx", "b": 1},)  # one row, not two


def test_a_row_with_more_cells_than_the_header_is_an_error_with_its_line(
    tmp_path: Path,
) -> None:
    from ketacore.exceptions import TableError

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"line 3 has 3 cells but the header names 2 columns"):
        read_table(path)


@pytest.mark.parametrize("digits", [400, 4301, 20_000])
def test_a_cell_of_many_digits_is_a_reported_bad_row(tmp_path: Path, digits: int) -> None:
    from ketacore.exceptions import TableError

    path = tmp_path / "t.csv"
    path.write_text(
        f"patient_id,{PHQ9_ITEMS}\nP,{'1' * digits},1,1,1,1,1,1,1,0\nQ,{'0,' * 8}0\n",
        encoding="utf-8",
    )
    if digits > 10_000:
        with pytest.raises(
            TableError,
            match=r"line 2, column 2: a cell of 20000 characters; ketacore reads cells of up to "
            r"10000",
        ):
            read_table(path)
        return
    scored = score_table(read_table(path), "phq9")
    (error,) = scored.errors
    assert error["line"] == 2
    assert str(error["reason"]).startswith("PHQ-9 item 1: got '111")
    assert [r["total"] for r in scored.scores] == [0]


def test_numbers_are_read_in_bounded_linear_time() -> None:
    assert parse_cell("1" * 4301) == "1" * 4301  # int() would refuse it
    assert parse_cell("1e400") == "1e400"  # not infinity
    assert parse_cell("-1e400") == "-1e400"
    assert parse_cell("1" * 200) == int("1" * 200)


def test_a_very_wide_header_is_refused_quickly(tmp_path: Path) -> None:
    from ketacore.exceptions import TableError

    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{n}" for n in range(1_000_000)) + "\n", encoding="utf-8")
    with (
        counting_calls() as work,
        pytest.raises(TableError, match=r"1000000 columns; ketacore reads at most 20000"),
    ):
        read_table(path)
    assert work.calls < 100_000  # about 8,000: no Python work per column (60 s before)


def test_repeated_column_names_are_found_in_linear_time(tmp_path: Path) -> None:
    from ketacore.exceptions import TableError

    def calls_for(width: int) -> int:
        path = tmp_path / f"wide{width}.csv"
        names = [f"c{n}" for n in range(width)]
        path.write_text(",".join([*names[:-1], "c7"]) + "\n", encoding="utf-8")
        with counting_calls() as work, pytest.raises(TableError, match="'c7' appears twice"):
            read_table(path)
        return work.calls

    calls_for(100)  # warm
    # Twice the columns, about twice the calls (a pairwise check makes four times as many;
    # about 5 s at 20,000 columns before).
    assert calls_for(20_000) < 2.2 * calls_for(10_000)


def test_detect_instrument_counts_the_columns_without_naming_them() -> None:
    from ketacore.exceptions import TableError

    # A file without a header has a patient's values as its column names: never echo them.
    with pytest.raises(TableError) as info:
        detect_instrument(["x" * 5000] * 3 + ["MRN-77310042"] + [f"c{n}" for n in range(10)])
    message = str(info.value)
    assert "among the 14 columns" in message
    assert "xxx" not in message
    assert "MRN" not in message
    assert len(message) < 500


def test_a_headerless_file_is_refused_without_echoing_its_first_row(tmp_path: Path) -> None:
    from ketacore.exceptions import TableError

    path = tmp_path / "noheader.csv"
    path.write_text("PT-SECRET-9,0,1,1,1,1,1,1,1,1,0\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_table(path)
    message = str(info.value)
    assert "PT-SECRET-9" not in message
    assert "column 2 of the first line is a number" in message


def test_score_table_keeps_keys_and_reports_bad_rows_with_lines() -> None:
    rows = [*ROWS, _phq9("SYN-0004", 0, [1, 1, 1, 1, 1, 1, 1, 1, None])]
    rows.append({**_phq9("SYN-0005", 0, [0] * 9), "phq9_3": 4})
    scored = score_table(rows, "phq9")
    assert scored.n_rows == 8
    assert [r["total"] for r in scored.scores] == [16, 3, 18, 8, 18, 15]
    assert scored.scores[0]["patient_id"] == "SYN-0001"
    assert scored.scores[4]["flags"] == "suicide-risk review (item 9 endorsed)"
    assert [(e["line"], e["row"], e["patient_id"]) for e in scored.errors] == [
        (8, 6, "SYN-0004"),
        (9, 7, "SYN-0005"),
    ]
    assert "item 3: got 4" in str(scored.errors[1]["reason"])


def test_prorating_is_marked() -> None:
    rows = [_phq9("SYN-0004", 0, [1, 1, 1, 1, 1, 1, 1, 1, None])]
    scored = score_table(rows, PHQ9, missing="prorate")
    assert scored.scores[0]["total"] == 9
    assert scored.scores[0]["prorated"] is True


def test_empty_rows_score_to_nothing() -> None:
    assert score_table([], "phq9").n_rows == 0
    assert response_table([], "phq9") == []


def test_item_columns_ignore_case_and_order() -> None:
    names = [f"PHQ9_{n}" for n in range(9, 0, -1)]
    assert item_columns("phq9", names)[0] == "PHQ9_1"
    assert detect_instrument(["id", *names]) is PHQ9


def test_response_table_and_summary() -> None:
    responses = response_table(ROWS, "phq9")
    assert [(r["patient_id"], r["status"]) for r in responses] == [
        ("SYN-0001", "remission"),
        ("SYN-0002", "response"),
        ("SYN-0003", "non-response"),
    ]
    assert responses[1]["percent_change"] == 55.6
    assert responses[0]["baseline_day"] == 0
    assert responses[0]["endpoint_day"] == 28
    (row,) = summarise(responses)
    assert row == {
        "instrument": "phq9",
        "course_type": "esketamine",
        "patients": 3,
        "evaluable": 3,
        "responders": 2,
        "response_percent": 66.7,
        "remitters": 1,
        "remission_percent": 33.3,
        "remission_max_total": 4,
        "response_rule": "standard",
        "remission_rule": "standard",
    }


def test_rows_are_ordered_by_day_and_a_single_or_bad_row_is_not_evaluable() -> None:
    rows = [ROWS[1], ROWS[0], _phq9("SYN-0009", 0, [2] * 9)]
    rows.append({**_phq9("SYN-0010", 0, [2] * 9)})
    rows.append({**_phq9("SYN-0010", 28, [0] * 9), "phq9_1": "x"})
    responses = response_table(rows, "phq9")
    assert responses[0]["status"] == "remission"
    assert responses[1]["reason"] == "the current score is missing"
    assert responses[2]["reason"] == "the current score is missing"
    (row,) = summarise(responses)
    assert row["evaluable"] == 1


def test_summary_of_nothing_evaluable_has_no_rates() -> None:
    (row,) = summarise(response_table([_phq9("SYN-0009", 0, [2] * 9)], "phq9"))
    assert row["response_percent"] is None


def test_write_csv_to_an_open_file() -> None:
    out = io.StringIO()
    write_csv([{"a": None, "b": 1.25}], out)
    assert out.getvalue() == "a,b\n,1.25\n"


def test_pandas_and_polars_conversions() -> None:
    scores = score_table(ROWS, "phq9").scores
    frame = to_pandas(scores)
    assert list(frame["total"]) == [16, 3, 18, 8, 18, 15]
    assert list(frame.columns)[:3] == ["patient_id", "course_type", "day"]
    polars_frame = to_polars(scores)
    assert polars_frame["total"].to_list() == [16, 3, 18, 8, 18, 15]
    assert polars_frame.columns == list(frame.columns)


def test_missing_dataframe_libraries_raise_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from ketacore.exceptions import TableError

    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(TableError) as caught:
        to_pandas([])
    assert (caught.value.field, caught.value.fix) == ("to_pandas", "pip install 'ketacore[pandas]'")
    with pytest.raises(TableError) as caught:
        to_polars([])
    assert (caught.value.field, caught.value.fix) == ("to_polars", "pip install 'ketacore[polars]'")


def test_parquet_is_read_when_pyarrow_is_installed(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), path)
    table = read_table(path)
    assert [r["total"] for r in score_table(table, "phq9").scores] == [16, 3, 18, 8, 18, 15]


def test_parquet_identifiers_are_text_and_its_cells_bounded(tmp_path: Path) -> None:
    from ketacore.exceptions import TableError

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pylist([{"record_id": 17, "day": 3, "note": "x"}]), path)
    assert read_table(path).rows == ({"record_id": "17", "day": 3, "note": "x"},)
    pq.write_table(pa.Table.from_pylist([{"record_id": 1, "note": "x" * 20_000}]), path)
    with pytest.raises(TableError, match="row 1, column 2: a cell of 20000 characters"):
        read_table(path)


def test_instruments_without_rules_use_a_50_percent_response_and_no_remission() -> None:
    rows = [
        {"patient_id": "P", "day": d, **{f"gad7_{n}": v for n in range(1, 8)}}
        for d, v in ((0, 3), (14, 1))
    ]
    (row,) = response_table(rows, "gad7")
    # no remission rule: remission is unknown (None), never "no"
    assert (row["status"], row["response"], row["remission"]) == ("response", True, None)
    assert (row["remission_max_total"], row["response_rule"]) == (None, "core")
    assert summarise([row])[0]["remission_percent"] is None
    with pytest.raises(TableError) as caught:
        response_table(rows, "gad7", remission_rules={("gad7", ""): "nope"})
    assert (caught.value.field, caught.value.value) == ("remission_rules", "nope")
    assert "GAD-7 has no remission rule" in str(caught.value.expected)


def _session():
    from datetime import datetime, timedelta

    from ketacore.doses import parse_dose
    from ketacore.instruments import CADSS
    from ketacore.sessions import DosingSession, TimedScore
    from ketacore.vitals import VitalSigns

    dosed = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)

    def at(minutes: int) -> datetime:
        return dosed + timedelta(minutes=minutes)

    return DosingSession(
        id="S-001",
        started_at=at(-15),
        dosed_at=dosed,
        dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
        vitals=[
            VitalSigns(taken_at=at(-5), systolic=128, diastolic=82, heart_rate=70),
            VitalSigns(taken_at=at(40), systolic=150, diastolic=95, spo2=97),
        ],
        assessments=[TimedScore(taken_at=at(40), score=CADSS.score([1] * 6 + [0] * 17))],
    )


def test_dose_rows_of_a_fixed_dose_with_and_without_weight() -> None:
    from ketacore.tables import dose_rows
    from ketacore.units import parse_quantity

    (row,) = dose_rows([_session()])
    assert row == {
        "session_id": "S-001",
        "dosed_at": "2026-03-02T09:10:00+00:00",
        "drug": "esketamine",
        "route": "intranasal",
        "dose_text": "56 mg",
        "dose_mg": 56.0,
        "dose_mg_per_kg": None,
        "duration_min": None,
    }
    (row,) = dose_rows([_session()], weight=parse_quantity("70 kg"), keys={"patient_id": "P"})
    assert next(iter(row)) == "patient_id"
    assert row["dose_mg_per_kg"] == 0.8


def test_vitals_and_assessment_rows_are_timed_from_the_dose() -> None:
    from ketacore.tables import assessment_rows, vitals_rows

    vitals = vitals_rows([_session()], keys={"patient_id": "P"})
    assert [(v["minutes_after_dose"], v["systolic_mmhg"], v["spo2_percent"]) for v in vitals] == [
        (-5.0, 128, None),
        (40.0, 150, 97),
    ]
    (row,) = assessment_rows([_session()])
    assert (row["instrument"], row["total"], row["minutes_after_dose"]) == ("cadss23", 6, 40.0)
    assert row["flags"] == ""
    assert to_csv_text(vitals).splitlines()[0] == (
        "patient_id,session_id,taken_at,minutes_after_dose,systolic_mmhg,diastolic_mmhg,"
        "heart_rate_bpm,spo2_percent,respiratory_rate_per_min"
    )


def test_a_broken_or_missing_parquet_file_is_a_table_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow.parquet")
    from ketacore.exceptions import TableError

    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1")
    with pytest.raises(TableError, match="not a Parquet file"):
        read_table(path)
    with pytest.raises(TableError, match="no such file"):
        read_table(tmp_path / "absent.parquet")


@pytest.mark.parametrize(
    "text",
    [
        "patient_id;day;x\r\nSYN-0001;0;1,5\r\n",  # European spreadsheet export
        "patient_id\tday\tx\nSYN-0001\t0\t1,5\n",
        '\ufeffpatient_id,day,x\r\nSYN-0001,0,"1,5"\r\n',  # BOM and CRLF
    ],
)
def test_semicolon_tab_bom_and_crlf_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path)
    assert table.columns == ("patient_id", "day", "x")
    assert table.rows == ({"patient_id": "SYN-0001", "day": 0, "x": "1,5"},)


def _cadss(pid: str, session: int, minutes: int, total: int, course: str = "esketamine") -> Row:
    items = [1 if n <= total else 0 for n in range(1, 24)]
    return {
        "patient_id": pid,
        "course_type": course,
        "session": session,
        "minutes_after_dose": minutes,
        **{f"cadss23_{n}": v for n, v in enumerate(items, start=1)},
    }


def test_dissociation_table_pairs_each_session_with_its_pre_dose_rating() -> None:
    from ketacore.tables import dissociation_summary, dissociation_table

    rows = [
        _cadss("A", 1, 40, 6),  # listed before its pre-dose rating: order does not matter
        _cadss("A", 1, 0, 1),
        _cadss("A", 2, 0, 5),
        _cadss("A", 2, 40, 5),  # > 4 but no increase: not an event
        _cadss("B", 1, 0, 0),
        _cadss("B", 1, 40, 4),  # not above 4
        _cadss("B", 1, 90, 3),
        _cadss("C", 1, 0, 0),  # no post-dose rating: the session is not counted
        {**_cadss("D", 1, 0, 0), "cadss23_1": 9},  # unscorable pre-dose rating
        _cadss("D", 1, 40, 9),
    ]
    table = dissociation_table(rows)
    assert [(r["patient_id"], r["sessions"], r["event_sessions"]) for r in table] == [
        ("A", 2, 1),
        ("B", 1, 0),
        ("C", 0, 0),
        ("D", 0, 0),
    ]
    assert table[0]["first_event_session"] == 1
    assert dissociation_summary(table) == [
        {
            "instrument": "cadss23",
            "course_type": "esketamine",
            "patients": 2,
            "with_event": 1,
            "event_percent": 50.0,
            "event_sessions_percent": 33.3,
        }
    ]
    assert dissociation_table([]) == []


def test_dissociation_table_needs_patients_and_items() -> None:
    from ketacore.exceptions import TableError
    from ketacore.tables import dissociation_table

    with pytest.raises(TableError, match="no 'patient_id' column"):
        dissociation_table([{"cadss23_1": 0}])
    with pytest.raises(TableError, match="CADSS"):
        dissociation_table([{"patient_id": "A"}])


def _course():
    from datetime import UTC, date, datetime, timedelta

    from ketacore.courses import Course
    from ketacore.doses import parse_dose
    from ketacore.patients import ConsentRecord, Patient
    from ketacore.sessions import DosingSession, IntegrationSession

    topics = {"dissociation", "blood_pressure", "misuse_potential", "no_driving", "off_label"}
    patient = (
        Patient(
            identifier="PT-0042",
            birth_date=date(1980, 5, 17),
            sex_at_birth="F",
            diagnoses={"depression"},
        )
        .with_weight(date(2026, 3, 2), "70 kg")
        .with_consent(ConsentRecord(signed_on=date(2026, 2, 23), form_version="v2", topics=topics))
    )
    infusion = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
    course = Course(
        patient=patient, protocol="ketamine-iv-elekt-d", indication="trd", start=date(2026, 3, 2)
    )
    for n, day in enumerate([2, 5, 9], start=1):
        dosed = datetime(2026, 3, day, 9, 0, tzinfo=UTC)
        session = DosingSession(
            id=f"S{n}",
            started_at=dosed - timedelta(minutes=10),
            dosed_at=dosed,
            dose=infusion,
            observation_end=dosed + timedelta(hours=2),
        )
        course = course.with_session(session, patient=patient.identifier)
    therapy = IntegrationSession(
        id="I1",
        started_at=datetime(2026, 3, 6, 14, 0, tzinfo=UTC),
        duration=timedelta(minutes=50),
        therapist="T",
        modality="integration",
    )
    return course.with_session(therapy, patient=patient.identifier)


def test_course_rows_and_its_sessions_flatten() -> None:
    from ketacore.exceptions import TableError
    from ketacore.tables import course_rows, dose_rows
    from ketacore.units import parse_quantity

    course = _course()
    (row,) = course_rows([course], keys=[{"study_id": "K-1"}])
    assert row == {
        "study_id": "K-1",
        "course_type": "iv_ketamine",
        "protocol": "ketamine-iv-elekt-d",
        "drug": "ketamine",
        "route": "iv",
        "indication": "trd",
        "start": "2026-03-02",
        "start_phase": course.phase,
        "dosing_sessions": 3,
        "first_dose": "2026-03-02T09:00:00+00:00",
        "last_dose": "2026-03-09T09:00:00+00:00",
    }
    assert "PT-0042" not in str(row)
    doses = dose_rows(course.sessions, weight=parse_quantity("70 kg"))
    assert [d["session_id"] for d in doses] == ["S1", "S2", "S3"]  # the therapy session has none
    assert {d["dose_mg"] for d in doses} == {35.0}
    with pytest.raises(TableError) as caught:
        course_rows([course], keys=[{}, {}])
    assert (caught.value.field, caught.value.value) == ("keys", 2)
