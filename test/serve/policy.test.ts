/**
 * `maestro-gate serve --policy FILE` (SPEC §4a, issue 11): the same trusted policy judges every
 * run, preloaded from a manifest (which may only tighten it) or created over the API (which gets
 * it as it is), exactly as `check --policy` would.
 */
import { describe, expect, it } from 'vitest';
import { serveCommand, type CommandIo } from '../../src/cli/serve.js';
import type { RunningService } from '../../src/serve/server.js';
import { useWorkspaces } from '../helpers/workspace.js';
import { call, json } from './helpers/service.js';

const workspace = useWorkspaces();
const POLICY = 'required_flags: [sbom_present]\nmin_compliant_artifacts: 2\n';

async function serve(args: string[]): Promise<{ out: string[]; err: string[]; code: Promise<number>; running: RunningService | undefined; stop: () => void }> {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let listening: (service: RunningService) => void = () => undefined;
  const running = new Promise<RunningService>((resolve) => (listening = resolve));
  const io: CommandIo = { out: (text) => out.push(text), err: (text) => err.push(text), signal: controller.signal, onListening: (service) => listening(service) };
  const code = serveCommand(['--port', '0', ...args], io);
  const started = await Promise.race([running, code.then(() => undefined)]);
  return { out, err, code, running: started, stop: () => controller.abort() };
}

describe('serve --policy', () => {
  it('judges a run created over the API by the trusted policy, not the service rule', async () => {
    const ws = await workspace({ 'policy.yml': POLICY });
    const session = await serve(['--workspace', ws.root, '--policy', 'policy.yml']);
    const base = session.running!.url;
    expect(session.out.join('\n')).toContain('every run is judged by trusted: policy.yml');
    const run = await json<{ id: string }>(base, 'POST', '/maestro/runs', { name: 'r', owner: 'o' });
    await call(base, 'PATCH', `/maestro/runs/${run.id}`, { status: 'succeeded' });
    const artifact = { run_id: run.id, kind: 'other', path_or_uri: 's3://b/a', metadata_json: { sbom_present: true } };
    await call(base, 'POST', '/maestro/artifacts', artifact);
    // The service's rule would pass nothing here (two flags missing); the policy asks for two artifacts.
    expect(await json(base, 'GET', `/maestro/runs/${run.id}/release-gate`)).toMatchObject({ passed: false, message: expect.stringContaining('policy requires at least 2') });
    await call(base, 'POST', '/maestro/artifacts', { ...artifact, path_or_uri: 's3://b/b' });
    expect(await json(base, 'GET', `/maestro/runs/${run.id}/release-gate`)).toMatchObject({ passed: true, message: 'Release gate passed: 2 compliant artifact(s) found' });
    // The run's manifest says which rules judged it, as check's reports do.
    const manifest = await json<{ compliance_report: { policy_source: Record<string, unknown> } }>(base, 'GET', `/maestro/runs/${run.id}/manifest`);
    expect(manifest.compliance_report.policy_source).toMatchObject({ kind: 'local-file', path: 'policy.yml' });
    session.stop();
    expect(await session.code).toBe(0);
  });

  it('a preloaded manifest may tighten the policy, never loosen it', async () => {
    const ws = await workspace({
      'policy.yml': POLICY,
      'maestro.yml': `run: { id: rel, name: r, owner: o, status: succeeded }\nartifacts:\n  - { kind: other, path_or_uri: s3://b/a, metadata_json: { sbom_present: true } }\n  - { kind: other, path_or_uri: s3://b/b, metadata_json: { sbom_present: true } }\npolicy:\n  min_compliant_artifacts: 1\n  required_flags: [sbom_present, risk_assessment_present]\n`,
    });
    const session = await serve(['--workspace', ws.root, '--policy', 'policy.yml', 'maestro.yml']);
    const gate = await json(session.running!.url, 'GET', '/maestro/runs/rel/release-gate');
    // min 1 is ignored (the policy's 2 stands); the extra flag is a tightening that applies.
    expect(gate).toMatchObject({ passed: false, message: expect.stringContaining('SBOM + risk assessment') });
    session.stop();
    await session.code;
  });

  it('refuses to start when a preloaded manifest brings its own trust anchors', async () => {
    const ws = await workspace({
      'policy.yml': POLICY,
      'key.pem': 'x\n',
      'maestro.yml': 'run: { name: r, owner: o }\npolicy:\n  trusted_keys: [key.pem]\n',
    });
    const session = await serve(['--workspace', ws.root, '--policy', 'policy.yml', 'maestro.yml']);
    expect(await session.code).toBe(2);
    expect(session.err.join('\n')).toContain('policy.trusted_keys');
  });

  it('an unreadable policy file stops the service before it listens', async () => {
    const ws = await workspace({});
    const session = await serve(['--workspace', ws.root, '--policy', 'missing.yml']);
    expect(session.running).toBeUndefined();
    expect(await session.code).toBe(2);
    expect(session.err.join('\n')).toContain('missing.yml');
  });
});
