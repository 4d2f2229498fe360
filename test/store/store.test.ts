/**
 * The in-memory store: the Maestro service's operations and its 404 messages, word for word.
 * (Linear time for 100,000 artifacts is a benchmark matter, in bench/, never a timed test.)
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, MaestroStore, NotFoundError } from '../../src/store/store.js';
import { NOW, makeArtifact, makePack, makeRun } from '../helpers/factories.js';

const LATER = '2024-05-02T00:00:00Z';

let store: MaestroStore;
beforeEach(() => {
  store = new MaestroStore();
});

describe('runs', () => {
  it('creates and gets a run', () => {
    const run = makeRun({ id: 'r1', status: 'pending' });
    expect(store.createRun(run)).toEqual(run);
    expect(store.getRun('r1')).toEqual(run);
    expect(store.hasRun('r1')).toBe(true);
    expect(store.hasRun('r2')).toBe(false);
  });

  it("says 'Run <id> not found' for an unknown run", () => {
    expect(() => store.getRun('nope')).toThrow(new NotFoundError('Run nope not found'));
    expect(() => store.getRun('nope')).toThrow(NotFoundError);
  });

  it('refuses to overwrite a run', () => {
    store.createRun(makeRun({ id: 'r1', status: 'pending' }));
    expect(() => store.createRun(makeRun({ id: 'r1', owner: 'someone-else', status: 'pending' }))).toThrow(ConflictError);
    expect(store.getRun('r1').owner).toBe('platform');
  });

  describe('list, filtered as GET /maestro/runs?owner=&status=', () => {
    beforeEach(() => {
      store.createRun(makeRun({ id: 'r1', owner: 'alice', status: 'succeeded' }));
      store.createRun(makeRun({ id: 'r2', owner: 'bob', status: 'pending' }));
      store.createRun(makeRun({ id: 'r3', owner: 'alice', status: 'pending' }));
      store.createRun(makeRun({ id: 'r4', owner: 'bob', status: 'succeeded' }));
    });

    it.each([
      { filter: {}, ids: ['r1', 'r2', 'r3', 'r4'] },
      { filter: { owner: 'alice' }, ids: ['r1', 'r3'] },
      { filter: { status: 'pending' as const }, ids: ['r2', 'r3'] },
      { filter: { owner: 'bob', status: 'succeeded' as const }, ids: ['r4'] },
      { filter: { owner: 'carol' }, ids: [] },
      { filter: { owner: undefined, status: undefined }, ids: ['r1', 'r2', 'r3', 'r4'] },
    ])('filter $filter → $ids', ({ filter, ids }) => {
      expect(store.listRuns(filter).map((run) => run.id)).toEqual(ids);
    });

    it('lists in insertion order with no filter argument', () => {
      expect(store.listRuns().map((run) => run.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    });
  });

  it('updates only the given fields and stamps updated_at', () => {
    store.createRun(makeRun({ id: 'r1', status: 'pending' }));
    const updated = store.updateRun('r1', { status: 'succeeded', cost_actual: 12.5, finished_at: undefined }, LATER);
    expect(updated).toMatchObject({ id: 'r1', status: 'succeeded', cost_actual: 12.5, finished_at: null, created_at: NOW, updated_at: LATER });
    expect(store.getRun('r1')).toEqual(updated);
    expect(store.listRuns({ status: 'succeeded' }).map((run) => run.id)).toEqual(['r1']);
  });

  it('does not update an unknown run', () => {
    expect(() => store.updateRun('nope', { status: 'failed' }, LATER)).toThrow('Run nope not found');
  });
});

describe('artifacts', () => {
  beforeEach(() => {
    store.createRun(makeRun({ id: 'r1', status: 'pending' }));
    store.createRun(makeRun({ id: 'r2', status: 'pending' }));
  });

  it('creates, gets and lists artifacts by run, in insertion order', () => {
    store.createArtifact(makeArtifact('b', {}, { run_id: 'r1' }));
    store.createArtifact(makeArtifact('a', {}, { run_id: 'r1' }));
    store.createArtifact(makeArtifact('c', {}, { run_id: 'r2' }));
    expect(store.getArtifact('a')).toEqual(makeArtifact('a', {}, { run_id: 'r1' }));
    expect(store.hasArtifact('c')).toBe(true);
    expect(store.listArtifacts('r1').map((artifact) => artifact.id)).toEqual(['b', 'a']);
    expect(store.listArtifacts('r2').map((artifact) => artifact.id)).toEqual(['c']);
    expect(store.listArtifacts().map((artifact) => `${artifact.run_id}/${artifact.id}`)).toEqual(['r1/b', 'r1/a', 'r2/c']);
  });

  it('lists nothing for a run without artifacts or an unknown run', () => {
    expect(store.listArtifacts('r1')).toEqual([]);
    expect(store.listArtifacts('unknown')).toEqual([]);
  });

  it("says 'Artifact <id> not found' for an unknown artifact", () => {
    expect(() => store.getArtifact('nope')).toThrow(new NotFoundError('Artifact nope not found'));
  });

  it('refuses an artifact of an unknown run', () => {
    expect(() => store.createArtifact(makeArtifact('a', {}, { run_id: 'ghost' }))).toThrow(new NotFoundError('Run ghost not found'));
  });

  it('keeps ids unique within a run, not across runs', () => {
    store.createArtifact(makeArtifact('artifact-1', {}, { run_id: 'r1' }));
    expect(() => store.createArtifact(makeArtifact('artifact-1', {}, { run_id: 'r1' }))).toThrow(ConflictError);
    store.createArtifact(makeArtifact('artifact-1', {}, { run_id: 'r2' }));
    expect(store.listArtifacts('r1')).toHaveLength(1);
    expect(store.listArtifacts('r2')).toHaveLength(1);
    // The global lookup answers with the first one stored.
    expect(store.getArtifact('artifact-1').run_id).toBe('r1');
  });

  it.each([
    ['made before any lookup', false],
    ['made after a lookup', true],
  ])('answers a global lookup with the first artifact of an id made, whatever its run (%s)', (_, lookedUpBefore) => {
    // r2 was created after r1, but its artifact first: the first made wins, not the first run.
    if (lookedUpBefore) expect(store.hasArtifact('shared')).toBe(false);
    store.createArtifact(makeArtifact('shared', {}, { run_id: 'r2' }));
    store.createArtifact(makeArtifact('shared', {}, { run_id: 'r1' }));
    store.createArtifact(makeArtifact('only-r1', {}, { run_id: 'r1' }));
    expect(store.getArtifact('shared').run_id).toBe('r2');
    expect(store.getArtifact('only-r1').run_id).toBe('r1');
    store.createArtifact(makeArtifact('later', {}, { run_id: 'r2' }));
    store.createArtifact(makeArtifact('later', {}, { run_id: 'r1' }));
    expect(store.getArtifact('later').run_id).toBe('r2');
  });

  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'])('stores an artifact id %j as data, and counts it', (id) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    store.createArtifact(makeArtifact(id, {}, { run_id: 'r1' }));
    store.createArtifact(makeArtifact('next', {}, { run_id: 'r1' }));
    expect(store.getArtifact(id).id).toBe(id);
    expect(store.hasArtifact(id)).toBe(true);
    expect(store.listArtifacts('r1').map((artifact) => artifact.id)).toEqual([id, 'next']);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  it('does not find an inherited name that was never stored', () => {
    expect(() => store.getArtifact('__proto__')).toThrow('Artifact __proto__ not found');
    expect(() => store.getRun('constructor')).toThrow('Run constructor not found');
  });
});

describe('disclosure packs', () => {
  beforeEach(() => {
    store.createRun(makeRun({ id: 'r1', status: 'pending' }));
    store.createRun(makeRun({ id: 'r2', status: 'pending' }));
    store.createArtifact(makeArtifact('a1', {}, { run_id: 'r1' }));
    store.createArtifact(makeArtifact('a2', {}, { run_id: 'r1' }));
    store.createArtifact(makeArtifact('b1', {}, { run_id: 'r2' }));
  });

  it('creates, gets, finds by run and lists packs', () => {
    const pack = makePack('p1', { run_id: 'r1', artifact_ids: ['a1', 'a2'] });
    expect(store.createDisclosurePack(pack)).toEqual(pack);
    store.createDisclosurePack(makePack('p2', { run_id: 'r2', artifact_ids: ['b1'] }));
    expect(store.getDisclosurePack('p1')).toEqual(pack);
    expect(store.getDisclosurePackForRun('r1')).toEqual(pack);
    expect(store.getDisclosurePackForRun('r2')?.id).toBe('p2');
    expect(store.listDisclosurePacks().map((entry) => entry.id)).toEqual(['p1', 'p2']);
  });

  it("says 'Disclosure pack <id> not found' for an unknown pack", () => {
    expect(() => store.getDisclosurePack('nope')).toThrow(new NotFoundError('Disclosure pack nope not found'));
  });

  it('has no pack for a run without one', () => {
    expect(store.getDisclosurePackForRun('r2')).toBeNull();
    expect(store.getDisclosurePackForRun('ghost')).toBeNull();
  });

  it("returns the run's most recent pack", () => {
    store.createDisclosurePack(makePack('p1', { run_id: 'r1', artifact_ids: ['a1'] }));
    store.createDisclosurePack(makePack('p2', { run_id: 'r1', artifact_ids: ['a2'] }));
    expect(store.getDisclosurePackForRun('r1')?.id).toBe('p2');
  });

  it('refuses a pack of an unknown run', () => {
    expect(() => store.createDisclosurePack(makePack('p1', { run_id: 'ghost' }))).toThrow(new NotFoundError('Run ghost not found'));
  });

  it('refuses a pack naming an artifact of another run, or none at all', () => {
    expect(() => store.createDisclosurePack(makePack('p1', { run_id: 'r1', artifact_ids: ['b1'] }))).toThrow(new NotFoundError('Artifact b1 not found'));
    expect(() => store.createDisclosurePack(makePack('p1', { run_id: 'r1', artifact_ids: ['zz'] }))).toThrow(new NotFoundError('Artifact zz not found'));
    expect(store.listDisclosurePacks()).toEqual([]);
  });

  it('refuses to overwrite a pack', () => {
    store.createDisclosurePack(makePack('p1', { run_id: 'r1' }));
    expect(() => store.createDisclosurePack(makePack('p1', { run_id: 'r2' }))).toThrow(ConflictError);
    expect(store.getDisclosurePack('p1').run_id).toBe('r1');
  });
});

describe('gateInput: everything the gate judges a run by, in one call', () => {
  it('hands out a manifest run with its evidence and source, and keeps both out of the API shapes', async () => {
    const { loadManifests } = await import('../../src/manifest/load.js');
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const workspace = await mkdtemp(path.join(tmpdir(), 'store-'));
    await writeFile(
      path.join(workspace, 'maestro.yml'),
      [
        'version: 1',
        'run: { id: r1, name: release, owner: platform, status: succeeded }',
        'policy: { require_evidence: true }',
        'artifacts:',
        '  - { id: a1, kind: sbom, path_or_uri: "s3://b/a1", evidence: { sbom: sbom.json } }',
        '  - { id: a2, kind: sbom, path_or_uri: "s3://b/a2" }',
        '',
      ].join('\n'),
    );
    const loaded = await loadManifests({ workspace, patterns: ['maestro.yml'], now: NOW });
    const input = loaded.store.gateInput('r1');

    expect(input.artifacts.map((artifact) => artifact.id)).toEqual(['a1', 'a2']);
    expect(input.evidence.get('a1')).toEqual({ sbom: 'sbom.json' });
    // No `evidence:`, no entry: as for an artifact made over the API.
    expect(input.evidence.has('a2')).toBe(false);
    expect(input.source?.file).toBe('maestro.yml');
    expect(input.source?.policy.require_evidence).toBe(true);
    expect(input.source?.locate(['artifacts', 0, 'evidence']).line).toBe(5);
    // The service's shapes are unchanged: the evidence lives beside the artifact, not in it.
    expect(Object.keys(loaded.store.getArtifact('a1'))).not.toContain('evidence');
  });

  it('gives a run made over the API no evidence and no source', () => {
    store.createRun(makeRun({ id: 'r1', status: 'pending' }));
    store.createArtifact(makeArtifact('a1', {}, { run_id: 'r1' }));
    const input = store.gateInput('r1');
    expect(input.source).toBeNull();
    expect(input.evidence.size).toBe(0);
    expect(input.artifacts).toHaveLength(1);
    expect(input.disclosurePack).toBeNull();
  });

  it("says 'Run <id> not found' for an unknown run", () => {
    expect(() => store.gateInput('nope')).toThrow(new NotFoundError('Run nope not found'));
  });
});
