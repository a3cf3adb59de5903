"""The ``ketacore`` command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ketacore.cli import main


def test_dose_command_prints_the_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["dose", "0.5 mg/kg over 40 min at 10 mg/mL", "--weight", "70 kg"]
    status = main([*argv, "--drug", "ketamine", "--route", "iv"])
    out = capsys.readouterr().out
    assert status == 0
    assert "give             35 mg" in out
    assert "rate             0.875 mg/min" in out
    assert "volume           3.5 mL" in out
    assert "pump rate        5.25 mL/h" in out
    assert "findings         none" in out


def test_findings_are_listed_and_strict_fails_on_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["dose", "35 mg/kg", "--weight", "70 kg", "--drug", "ketamine", "--route", "iv"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "error    iv.anaesthetic" in out
    assert "unit.mg_per_kg_as_mg" in out
    assert main([*argv, "--strict"]) == 1


def test_bad_input_exits_2_with_the_message_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["dose", "35 mL", "--weight", "70 kg"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "'35 mL', which is a volume" in captured.err


def test_console_script_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ketacore", "dose", "35 mg", "--weight", "154 lb"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "154 lb = 69.85 kg" in result.stdout


def test_dose_command_rounds_as_format_quantity_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command line shows numbers through ``format_quantity(..., digits=4)`` (issue 14)."""
    from ketacore.doses import parse_dose
    from ketacore.units import format_quantity, parse_quantity

    assert main(["dose", "0.5 mg/kg", "--weight", "176 lb"]) == 0
    given = parse_dose("0.5 mg/kg").resolve(weight=parse_quantity("176 lb"))
    assert format_quantity(given) == "39.916128560000004 mg"
    assert f"give             {format_quantity(given, digits=4)}\n" in capsys.readouterr().out
