/**
 * The service's writes as journal records: how each one changes the store. Live requests and
 * journal replay both apply records through `applyRecord`, so a restarted service holds exactly
 * what the running one acknowledged.
 */
import type { MaestroStore, RunUpdate } from '../store/store.js';
import type { JournalRecord } from './journal.js';
import type { UpdateRunRequest } from './schemas.js';

/** Applies one write to the store. Live requests and journal replay both go through here. */
export function applyRecord(store: MaestroStore, record: JournalRecord): void {
  switch (record.op) {
    case 'run.create':
      store.createRun(record.run);
      return;
    case 'run.update':
      store.updateRun(record.run_id, toRunUpdate(record.update), record.at);
      return;
    case 'artifact.create':
      store.createArtifact(record.artifact);
      return;
    case 'disclosure_pack.create':
      store.createDisclosurePack(record.disclosure_pack);
      return;
  }
}

/** The service's PATCH: a field that is absent or null is left unchanged. */
export function toRunUpdate(request: UpdateRunRequest): RunUpdate {
  const update: RunUpdate = {};
  if (request.status != null) update.status = request.status;
  if (request.finished_at != null) update.finished_at = request.finished_at;
  if (request.cost_actual != null) update.cost_actual = request.cost_actual;
  if (request.metadata != null) update.metadata = request.metadata;
  return update;
}

/** The run a record changes, whose cached verdict it invalidates. */
export function runOf(record: JournalRecord): string {
  switch (record.op) {
    case 'run.create':
      return record.run.id;
    case 'run.update':
      return record.run_id;
    case 'artifact.create':
      return record.artifact.run_id;
    case 'disclosure_pack.create':
      return record.disclosure_pack.run_id;
  }
}
