"""Audit evidence: a zip bundle from which a verdict can be checked and reproduced.

Members: ``submission/<file>`` (the submitted bytes), ``submission.sha256``, ``contracts/…`` (the
contract directories used: checks/, schemas/, expectations/, profiles/ … as found in the contracts
root) and ``contracts.sha256``, ``environment.json`` (tool and dependency versions, UTC time),
``result.json``, ``report.html`` and ``manifest.json`` (SHA-256 of every other member, plus a hash
of that listing). ``verify_evidence`` checks every hash and re-runs ``validate`` on the bundled
submission with the bundled contracts only, in a fresh process.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from ..contracts.paths import OVERRIDE_ENV, contracts_root
from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from .html import render_html
from .json_report import render_json

FORMAT = "budgetcheck-evidence/1"
CONTRACT_DIRS = ("checks", "schemas", "expectations", "profiles", "explanations")
DEPENDENCIES = ("pandas", "pandera", "python-calamine", "openpyxl", "great_expectations", "pyyaml",
                "click", "numpy")
MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def contract_files(root: Path | None = None) -> dict[str, bytes]:
    """Bundle path (contracts/<dir>/...) → bytes of every contract file under the contracts root."""
    root = root or contracts_root()
    files = {}
    for name in CONTRACT_DIRS:
        base = root / name
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                files[str(PurePosixPath("contracts", path.relative_to(root).as_posix()))] = path.read_bytes()
    return files


def listing_hash(hashes: dict[str, str]) -> str:
    return sha256("".join(f"{h}  {name}\n" for name, h in sorted(hashes.items())).encode())


def environment(now: datetime, argv: list[str] | None = None) -> dict[str, Any]:
    versions = {}
    for name in DEPENDENCIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"utc_time": now.isoformat(), "budgetcheck": __version__, "python": sys.version.split()[0],
            "implementation": platform.python_implementation(), "platform": platform.platform(),
            "dependencies": versions, "argv": argv if argv is not None else sys.argv[1:]}


def _options(profile: str | None, explanations: str | None, narrative: str | None
             ) -> tuple[dict[str, bytes], dict[str, str]]:
    """Bundle what else decided the verdict: a profile file (a shipped profile is named, it is in
    contracts/checks/profiles already), the accepted explanations and the narrative text."""
    members: dict[str, bytes] = {}
    options: dict[str, str] = {}
    if profile and Path(profile).is_file():
        member = f"contracts/profile/{Path(profile).name}"
        members[member] = Path(profile).read_bytes()
        options["profile_member"] = member
    elif profile:
        options["profile"] = profile
    for key, path in (("explanations", explanations), ("narrative", narrative)):
        if path:
            member = f"{'contracts' if key == 'explanations' else 'submission'}/{key}/{Path(path).name}"
            members[member] = Path(path).read_bytes()
            options[f"{key}_member"] = member
    return members, options


def build_evidence(result: SubmissionResult, ruleset: RuleSet, out: str | Path, lang: str = "zh",
                   profile: str | None = None, explanations: str | None = None,
                   narrative: str | None = None) -> Path:
    """Write the evidence bundle of one submission to ``out``."""
    now = datetime.now(UTC)
    from ..readers.inputs import input_bytes, input_name

    source = Path(input_name(result.path))
    data = input_bytes(result.path)
    submission_member = f"submission/{source.name}"
    contracts = contract_files()
    members: dict[str, bytes] = {
        submission_member: data,
        "submission.sha256": f"{sha256(data)}  {source.name}\n".encode(),
    }
    extra, options = _options(profile, explanations, narrative)
    contracts.update({k: v for k, v in extra.items() if k.startswith("contracts/")})
    members.update(contracts)
    members.update({k: v for k, v in extra.items() if not k.startswith("contracts/")})
    contract_hashes = {name: sha256(blob) for name, blob in contracts.items()}
    members["contracts.sha256"] = "".join(f"{h}  {n}\n" for n, h in sorted(contract_hashes.items())).encode()
    members["environment.json"] = json.dumps(environment(now), ensure_ascii=False, indent=2).encode()
    members["result.json"] = render_json([result], ruleset, lang).encode()
    members["report.html"] = render_html([result], ruleset, lang).encode()
    hashes = {name: sha256(blob) for name, blob in members.items()}
    manifest = {
        "format": FORMAT, "created_utc": now.isoformat(),
        "submission": {"member": submission_member, "name": source.name, "sha256": sha256(data), "size": len(data)},
        "contracts_sha256": listing_hash(contract_hashes), "profile": profile, "options": options,
        "members": dict(sorted(hashes.items())), "content_sha256": listing_hash(hashes),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, blob in members.items():
            bundle.writestr(name, blob)
        bundle.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return out


class EvidenceUnreadable(Exception):
    """The bundle is not a zip or has no readable manifest (exit 2)."""


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    reproduced: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.reproduced)


def _read(path: str | Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as bundle:
            blobs = {info.filename: bundle.read(info) for info in bundle.infolist() if not info.is_dir()}
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise EvidenceUnreadable(f"{path}: not a readable evidence bundle ({exc})") from None
    if MANIFEST not in blobs:
        raise EvidenceUnreadable(f"{path}: no {MANIFEST} in the bundle")
    try:
        manifest = json.loads(blobs[MANIFEST])
        assert manifest.get("format") == FORMAT and isinstance(manifest.get("members"), dict)
    except (ValueError, AssertionError):
        raise EvidenceUnreadable(f"{path}: {MANIFEST} is not a {FORMAT} manifest") from None
    return manifest, blobs


def _check_hashes(manifest: dict[str, Any], blobs: dict[str, bytes]) -> list[str]:
    problems = []
    listed: dict[str, str] = manifest["members"]
    for name, expected in sorted(listed.items()):
        if name not in blobs:
            problems.append(f"{name}: member missing")
        elif sha256(blobs[name]) != expected:
            problems.append(f"{name}: SHA-256 mismatch")
    for name in sorted(set(blobs) - set(listed) - {MANIFEST}):
        problems.append(f"{name}: member not in the manifest")
    if listing_hash(listed) != manifest.get("content_sha256"):
        problems.append(f"{MANIFEST}: content_sha256 does not match its member list")
    sub = manifest.get("submission") or {}
    member = sub.get("member", "")
    if member in blobs and sha256(blobs[member]) != sub.get("sha256"):
        problems.append(f"{member}: SHA-256 differs from the recorded submission hash")
    stated = blobs.get("submission.sha256", b"").decode(errors="replace").split()
    if member in blobs and (not stated or stated[0] != sha256(blobs[member])):
        problems.append("submission.sha256: does not match the submitted file")
    contracts = {n: sha256(b) for n, b in blobs.items() if n.startswith("contracts/")}
    if listing_hash(contracts) != manifest.get("contracts_sha256"):
        problems.append("contracts/: contracts hash does not match")
    return problems


def _verdict(payload: dict[str, Any]) -> tuple[str, set[tuple[str, tuple[str, ...]]]]:
    sub = payload["submissions"][0]
    return sub["status"], {(f["rule"], tuple(f["cells"])) for f in sub["findings"]}


def rerun(workdir: Path, submission: Path, options: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``budgetcheck validate --format json`` in a fresh process on the bundled contracts,
    with the profile, explanations and narrative the recorded run used."""
    package_parent = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env[OVERRIDE_ENV] = str(workdir / "contracts")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    args = [str(submission), "--format", "json"]
    options = options or {}
    if "profile_member" in options:
        args += ["--profile", str(workdir / PurePosixPath(options["profile_member"]))]
    elif "profile" in options:
        args += ["--profile", options["profile"]]
    for key in ("explanations", "narrative"):
        if f"{key}_member" in options:
            args += [f"--{key}", str(workdir / PurePosixPath(options[f"{key}_member"]))]
    proc = subprocess.run([sys.executable, "-m", "budgetcheck.cli", "validate", *args],
                          capture_output=True, env=env, cwd=workdir, timeout=600, check=False)
    try:  # exit 2 with a report is an unreadable submission: a verdict too
        return json.loads(proc.stdout)
    except ValueError:
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError(lines[-1] if lines else "re-run failed") from None


def verify_evidence(path: str | Path) -> Verification:
    manifest, blobs = _read(path)
    report = Verification(problems=_check_hashes(manifest, blobs))
    if report.problems:
        return report
    with tempfile.TemporaryDirectory(prefix="budgetcheck-evidence-") as tmp:
        work = Path(tmp)
        for name, blob in blobs.items():
            if name.startswith(("contracts/", "submission/")):
                target = work / PurePosixPath(name)
                if work.resolve() not in target.resolve().parents:
                    report.problems.append(f"{name}: unsafe member path")
                    return report
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(blob)
        try:
            fresh = rerun(work, work / PurePosixPath(manifest["submission"]["member"]),
                          manifest.get("options"))
        except (RuntimeError, ValueError, subprocess.SubprocessError) as exc:
            report.problems.append(f"re-run failed: {exc}")
            report.reproduced = False
            return report
    recorded = _verdict(json.loads(io.BytesIO(blobs["result.json"]).read()))
    again = _verdict(fresh)
    report.reproduced = recorded == again
    if recorded[0] != again[0]:
        report.notes.append(f"status: recorded {recorded[0]}, re-run {again[0]}")
    for rule, cells in sorted(recorded[1] - again[1]):
        report.notes.append(f"only recorded: {rule} {', '.join(cells)}")
    for rule, cells in sorted(again[1] - recorded[1]):
        report.notes.append(f"only in re-run: {rule} {', '.join(cells)}")
    return report
