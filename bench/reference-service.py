"""The Python Maestro Conductor service's own code, judging one manifest end to end, for bench/run.mjs.

usage: python3 bench/reference-service.py SERVICE_DIR MANIFEST_JSON OUT_DIR

SERVICE_DIR holds the service's `maestro` package (models, storage, checks), which this script
imports and never changes; it is not part of this repository. The script does what the service
does for a run and its artifacts: builds them with its pydantic models in its in-memory store,
evaluates its release gate, generates its compliance report, and writes the release gate, the
compliance report and the run manifest as JSON the way its API encodes them (FastAPI's
JSONResponse: compact, UTF-8). Exit 0 when the gate passed, 1 when it did not.
"""

import json
import os
import sys
from datetime import datetime
from enum import Enum


def main() -> int:
    service_dir, manifest_path, out_dir = sys.argv[1:4]
    sys.path.insert(0, service_dir)
    from maestro.checks import check_release_gate, generate_compliance_report
    from maestro.models import Artifact, Run
    from maestro.storage import MaestroStore

    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)

    store = MaestroStore()
    declared = manifest["run"]
    run = Run(id=declared["id"], name=declared["name"], owner=declared["owner"], status=declared.get("status", "pending"))
    store.create_run(run)
    for artifact in manifest.get("artifacts", []):
        store.create_artifact(
            Artifact(
                id=artifact["id"],
                run_id=run.id,
                kind=artifact["kind"],
                path_or_uri=artifact["path_or_uri"],
                content_hash=artifact.get("content_hash"),
                metadata_json=artifact.get("metadata_json", {}),
            )
        )

    gate = check_release_gate(store, run.id)
    report = generate_compliance_report(store, run.id)
    run_manifest = {
        "run": run.dict(),
        "artifacts": [artifact.dict() for artifact in store.list_artifacts(run_id=run.id)],
        "disclosure_pack": None,
        "compliance_report": report,
    }

    def encode(value):
        # What FastAPI's jsonable_encoder makes of the models' datetimes and enums.
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, Enum):
            return value.value
        raise TypeError(f"cannot encode {type(value).__name__}")

    os.makedirs(out_dir, exist_ok=True)
    files = {
        "release-gate.json": {"run_id": run.id, "passed": gate.passed, "message": gate.message, "details": gate.details},
        "compliance-report.json": report,
        "manifest.json": run_manifest,
    }
    for name, document in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as handle:
            handle.write(json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=encode))
    return 0 if gate.passed else 1


if __name__ == "__main__":
    sys.exit(main())
