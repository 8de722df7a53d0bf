"""Evidence bundles: every member hashed; verify-evidence re-runs the verdict from the bundle."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .publish_helpers import broken_copy, clean_copy, run_cli


def _bundle(tmp_path, workbook):
    out = tmp_path / "evidence.zip"
    run_cli("validate", str(workbook), "--evidence", str(out))
    return out


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info)))


def test_bundle_members_and_manifest(tmp_path):
    broken = broken_copy(tmp_path)
    bundle = _bundle(tmp_path, broken)
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
        assert z.read("submission/broken.xlsx") == broken.read_bytes()
        env = json.loads(z.read("environment.json"))
        result = json.loads(z.read("result.json"))
        assert "<html" in z.read("report.html").decode()
    assert {"submission.sha256", "contracts/checks/rules.yaml", "contracts/checks/tables.yaml",
            "contracts.sha256", "environment.json", "result.json", "report.html", "manifest.json"} <= names
    assert set(manifest["members"]) == names - {"manifest.json"}
    assert env["dependencies"]["openpyxl"] and env["utc_time"].endswith("+00:00")
    assert result["submissions"][0]["status"] == "failed"


def test_fresh_bundle_verifies_for_clean_and_broken(tmp_path):
    for workbook in (clean_copy(tmp_path / "c"), broken_copy(tmp_path / "b")):
        bundle = _bundle(workbook.parent, workbook)
        code, out, _ = run_cli("verify-evidence", str(bundle), "--lang", "en")
        assert code == 0, out
        assert "reproduced" in out


def test_one_changed_byte_of_the_submission_fails_naming_the_member(tmp_path):
    bundle = _bundle(tmp_path, broken_copy(tmp_path))
    tampered = tmp_path / "tampered.zip"

    def flip(name, data):
        if name == "submission/broken.xlsx":
            data = bytearray(data)
            data[len(data) // 2] ^= 0x01
        return bytes(data)

    _rewrite(bundle, tampered, flip)
    code, out, _ = run_cli("verify-evidence", str(tampered), "--lang", "en")
    assert code == 1
    assert "submission/broken.xlsx: SHA-256 mismatch" in out


def test_a_changed_recorded_verdict_is_not_reproduced(tmp_path):
    """Even with re-hashed members, a result that the bundle's inputs do not give is caught."""
    import hashlib

    bundle = _bundle(tmp_path, broken_copy(tmp_path))
    forged = tmp_path / "forged.zip"
    members = {}
    with zipfile.ZipFile(bundle) as z:
        for name in z.namelist():
            members[name] = z.read(name)
    result = json.loads(members["result.json"])
    result["submissions"][0]["findings"].pop()
    members["result.json"] = json.dumps(result).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["result.json"] = hashlib.sha256(members["result.json"]).hexdigest()
    from budgetcheck.reports.evidence import listing_hash

    manifest["content_sha256"] = listing_hash(manifest["members"])
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(forged, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    code, out, _ = run_cli("verify-evidence", str(forged), "--lang", "en")
    assert code == 1 and "only in re-run: INC-003" in out


def test_unreadable_bundle_exits_2(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    code, _, err = run_cli("verify-evidence", str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_an_unreadable_submission_is_reproduced_as_unreadable(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    bundle = tmp_path / "junk.zip"
    code, _, _ = run_cli("validate", str(junk), "--evidence", str(bundle))
    assert code == 2
    code, out, _ = run_cli("verify-evidence", str(bundle), "--lang", "en")
    assert code == 0, out


def test_bundle_replays_profile_explanations_and_narrative(tmp_path) -> None:
    """What decided the verdict besides the workbook travels in the bundle and is replayed."""
    import shutil
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parent.parent
    book = tmp_path / "ref.xlsx"
    shutil.copy(root / "fixtures" / "shangrao_2024_unit_budget.xlsx", book)
    profile = tmp_path / "bureau.yaml"
    profile.write_text("extends: budget\noverride:\n  NAR-PRJ-002: {severity: error}\n", encoding="utf-8")
    explanations = tmp_path / "ok.yaml"
    explanations.write_text(
        "explanations:\n  - rule: NAR-SUM-002\n    table: narrative\n    reason: 口径差异已核实\n    accepted_by: 预审科\n",
        encoding="utf-8",
    )
    text = root / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt"
    bundle = tmp_path / "e.zip"
    run = [sys.executable, "-m", "budgetcheck.cli", "validate", str(book), "--profile", str(profile),
           "--explanations", str(explanations), "--narrative", str(text), "--evidence", str(bundle),
           "--format", "json"]
    first = subprocess.run(run, capture_output=True, text=True, check=False)
    assert first.returncode == 1, first.stderr  # NAR-PRJ-002 is an error under this profile
    names = zipfile.ZipFile(bundle).namelist()
    assert "contracts/profile/bureau.yaml" in names and "submission/narrative/002_7fe24cca4b7a4db4.txt" in names
    verify = subprocess.run([sys.executable, "-m", "budgetcheck.cli", "verify-evidence", str(bundle)],
                            capture_output=True, text=True, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
