/**
 * A risk assessment proves its flag when the file is non-empty and, when JSON or YAML, parses;
 * `level`, `approver` and `expires` are shown, and an assessment past `expires` fails.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyRisk } from '../../src/evidence/risk.js';
import type { EvidenceFile } from '../../src/evidence/types.js';

const FIXTURES = new URL('../fixtures/evidence/risk/', import.meta.url);
const NOW = new Date('2026-06-15T12:00:00Z');

function evidence(path: string, bytes: Buffer): EvidenceFile {
  return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

function fixture(name: string): EvidenceFile {
  return evidence(`evidence/${name}`, readFileSync(new URL(name, FIXTURES)));
}

const yaml = (text: string, path = 'evidence/risk.yaml') => evidence(path, Buffer.from(text));

describe('verifyRisk: fixtures', () => {
  it.each([
    [
      'risk.json',
      { verified: true, reason: 'valid JSON, expires on 2099-12-31', details: { format: 'json', level: 'low', approver: 'Ada Lovelace <ada@example.com>', expires: '2099-12-31' } },
    ],
    ['risk.yaml', { verified: true, reason: 'valid YAML, expires on 2099-12-31', details: { format: 'yaml', level: 'medium', approver: 'Grace Hopper', expires: '2099-12-31' } }],
    ['risk-expired.yml', { verified: false, reason: 'expired on 2024-01-31', details: { format: 'yaml', level: 'high', approver: 'Ada Lovelace', expires: '2024-01-31' } }],
    [
      'risk-bad-date.yaml',
      {
        verified: false,
        reason: 'expires is not a date (use YYYY-MM-DD or an RFC 3339 date-time)',
        details: { format: 'yaml', level: 'low', approver: 'Ada Lovelace', expires: '2025-02-30' },
      },
    ],
    ['risk-invalid.json', { verified: false, reason: 'not valid JSON', details: { format: 'json' } }],
    ['risk-invalid.yaml', { verified: false, reason: 'not valid YAML', details: { format: 'yaml' } }],
    ['risk-duplicate-keys.yaml', { verified: false, reason: "not valid YAML (duplicate key 'level')", details: { format: 'yaml' } }],
    // Nine levels of nine aliases: a billion "lol"s if expanded.
    ['risk-alias-bomb.yaml', { verified: false, reason: 'not valid YAML', details: { format: 'yaml' } }],
    ['multi-document.yaml', { verified: false, reason: 'not valid YAML', details: { format: 'yaml' } }],
    ['comments-only.yaml', { verified: false, reason: 'has no content', details: { format: 'yaml' } }],
    ['whitespace.yaml', { verified: false, reason: 'empty file', details: { format: 'yaml' } }],
    ['empty.md', { verified: false, reason: 'empty file', details: {} }],
    ['risk.md', { verified: true, reason: 'non-empty text file', details: { format: 'text' } }],
    ['risk.txt', { verified: true, reason: 'non-empty text file', details: { format: 'text' } }],
    ['risk.pdf', { verified: true, reason: 'non-empty binary file', details: { format: 'binary' } }],
  ])('%s', (name, expected) => {
    expect(verifyRisk(fixture(name), NOW)).toEqual(expected);
  });
});

describe('verifyRisk: expires', () => {
  it.each([
    // A bare date is valid through that whole day (UTC).
    ['2026-06-15', true, 'valid YAML, expires on 2026-06-15'],
    ['2026-06-14', false, 'expired on 2026-06-14'],
    ['2026-06-15T12:00:01Z', true, 'valid YAML, expires on 2026-06-15'],
    ['2026-06-15T12:00:00Z', false, 'expired on 2026-06-15'],
    ['2026-06-15t11:59:59.999z', false, 'expired on 2026-06-15'],
    // 08:00 in New York is 12:00 UTC: already over.
    ['2026-06-15T08:00:00-04:00', false, 'expired on 2026-06-15'],
    // 23:30 in UTC-5 is 04:30 the next day in UTC; the day shown is the UTC one.
    ['2026-06-15T23:30:00-05:00', true, 'valid YAML, expires on 2026-06-16'],
    ['2026-06-14T23:30:00-05:00', false, 'expired on 2026-06-15'],
    ['"2099-01-01 00:00:00+00:00"', true, 'valid YAML, expires on 2099-01-01'],
  ])('expires: %s → verified %s', (value, verified, reason) => {
    expect(verifyRisk(yaml(`expires: ${value}\n`), NOW)).toMatchObject({ verified, reason });
  });

  it.each([
    ['2026-13-01'],
    ['2026-02-29'],
    ['2026-06-15T10:00'],
    ['2026-06-15T25:00:00Z'],
    ['15/06/2026'],
    ['next year'],
    ['20260615'],
    ['true'],
    ['[2026-06-15]'],
  ])('expires: %s is not a date', (value) => {
    expect(verifyRisk(yaml(`expires: ${value}\n`), NOW)).toMatchObject({
      verified: false,
      reason: 'expires is not a date (use YYYY-MM-DD or an RFC 3339 date-time)',
    });
  });

  it('treats an empty expires as absent', () => {
    expect(verifyRisk(yaml('level: low\nexpires:\n'), NOW)).toEqual({ verified: true, reason: 'valid YAML', details: { format: 'yaml', level: 'low' } });
  });

  it('reads a leap day', () => {
    expect(verifyRisk(yaml('expires: 2028-02-29\n'), NOW)).toMatchObject({ verified: true, reason: 'valid YAML, expires on 2028-02-29' });
  });
});

describe('verifyRisk: duplicate keys', () => {
  it.each([
    ['at the top level', 'level: low\nlevel: high\n', false],
    ['in a mapping inside a list', 'findings:\n  - id: R-1\n    id: R-2\n', false],
    ['with equal numbers written differently', '1: a\n1.0: b\n', false],
    ['a string and a number that look alike are different keys', '"1": a\n1: b\n', true],
    ['the same key in two different mappings is fine', 'a:\n  id: 1\nb:\n  id: 2\n', true],
  ])('%s', (_label, text, verified) => {
    expect(verifyRisk(yaml(text), NOW).verified).toBe(verified);
  });

  it('checks them in linear time: 50 000 keys in seconds, not minutes', () => {
    // The yaml library's uniqueKeys compares every pair: 20 000 keys took 2.6 s with it.
    // 50 000 keys is as many as fit under the 1 MiB cap on YAML risk assessments.
    const text = Array.from({ length: 50_000 }, (_, index) => `key${index}: value${index}`).join('\n');
    const started = performance.now();
    expect(verifyRisk(yaml(`${text}\nlevel: low\n`), NOW)).toEqual({ verified: true, reason: 'valid YAML', details: { format: 'yaml', level: 'low' } });
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);
});

describe('verifyRisk: what is shown', () => {
  it('keeps YAML 1.2 scalars as written: `no` is a string, a date is not converted', () => {
    expect(verifyRisk(yaml('level: no\napprover: 0x10\n'), NOW)).toEqual({ verified: true, reason: 'valid YAML', details: { format: 'yaml', level: 'no', approver: '16' } });
  });

  it('shows numbers and booleans as text, and ignores non-scalar values', () => {
    const file = evidence('evidence/risk.json', Buffer.from(JSON.stringify({ level: 3, approver: { name: 'Ada' } })));
    expect(verifyRisk(file, NOW)).toEqual({ verified: true, reason: 'valid JSON', details: { format: 'json', level: '3' } });
  });

  it('cuts long values and replaces control characters', () => {
    const file = evidence('evidence/risk.json', Buffer.from(JSON.stringify({ approver: `Ada\u001b[2J\n${'x'.repeat(300)}` })));
    expect(verifyRisk(file, NOW).details.approver).toBe(`Ada [2J ${'x'.repeat(192)}…`);
  });

  it('verifies JSON whose top level is not an object, showing nothing', () => {
    expect(verifyRisk(evidence('evidence/risk.json', Buffer.from('["reviewed"]')), NOW)).toEqual({ verified: true, reason: 'valid JSON', details: { format: 'json' } });
  });

  it('reads extensions in any case and ignores a byte-order mark', () => {
    const file = evidence('evidence/RISK.JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"level":"low"}')]));
    expect(verifyRisk(file, NOW)).toEqual({ verified: true, reason: 'valid JSON', details: { format: 'json', level: 'low' } });
  });

  it('says "has no content" for a JSON null', () => {
    expect(verifyRisk(evidence('evidence/risk.json', Buffer.from('null')), NOW)).toEqual({ verified: false, reason: 'has no content', details: { format: 'json' } });
  });

  it('fails JSON or YAML that is not UTF-8', () => {
    const bytes = Buffer.from([0x6c, 0x65, 0x76, 0x65, 0x6c, 0x3a, 0x20, 0xff, 0xfe]);
    expect(verifyRisk(evidence('evidence/risk.yaml', bytes), NOW)).toEqual({ verified: false, reason: 'not valid YAML', details: { format: 'yaml' } });
    expect(verifyRisk(evidence('evidence/risk.json', bytes), NOW)).toEqual({ verified: false, reason: 'not valid JSON', details: { format: 'json' } });
  });

  it('treats a whitespace-only text file as empty and a file with NUL bytes as binary', () => {
    expect(verifyRisk(evidence('evidence/risk.md', Buffer.from('  \n\n')), NOW)).toEqual({ verified: false, reason: 'empty file', details: { format: 'text' } });
    expect(verifyRisk(evidence('evidence/risk.txt', Buffer.from('a\u0000b')), NOW)).toEqual({ verified: true, reason: 'non-empty binary file', details: { format: 'binary' } });
  });

  it('does not echo the content of a file that does not parse', () => {
    const result = verifyRisk(evidence('evidence/risk.json', Buffer.from('{"token": "s3cr3t-value",')), NOW);
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
  });
});
