/**
 * Where an artifact lives, judged from its spelling alone: relative paths only, no `..`, no
 * scheme but a remote one; and the one inside test, on relative paths rather than prefixes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyLocation, isInside } from '../../src/files/locations.js';

describe('classifyLocation (no file system)', () => {
  it.each([
    ['dist/bundle.tgz', 'dist/bundle.tgz'],
    ['./dist/bundle.tgz', 'dist/bundle.tgz'],
    ['dist//nested/./a.json', 'dist/nested/a.json'],
    ['dist/', 'dist'],
    ['..foo/bar', '..foo/bar'],
    ['a..b', 'a..b'],
    ['café/ünïcode.txt', 'café/ünïcode.txt'],
  ])('local %j → %j', (input, normalised) => {
    expect(classifyLocation(input)).toEqual({ kind: 'local', path: normalised });
  });

  it.each([
    ['https://example.com/a.tgz', 'https'],
    ['http://169.254.169.254/latest/meta-data', 'http'],
    ['HTTPS://EXAMPLE.COM', 'https'],
    ['file:///etc/passwd', 'file'],
    ['data:text/plain,hello', 'data'],
    ['s3://bucket/key', 's3'],
    ['oci+registry://ghcr.io/org/image', 'oci+registry'],
  ])('remote %j (scheme %s), never a local path', (input, scheme) => {
    expect(classifyLocation(input)).toEqual({ kind: 'remote', scheme });
  });

  it.each([
    ['../../etc/passwd', "contains a '..' segment (paths must stay inside the workspace)"],
    ['dist/../../x', "contains a '..' segment (paths must stay inside the workspace)"],
    ['dist/../inside.txt', "contains a '..' segment (paths must stay inside the workspace)"],
    ['..', "contains a '..' segment (paths must stay inside the workspace)"],
    ['/etc/passwd', 'is absolute (paths are relative to the workspace)'],
    ['//server/share', 'is absolute (paths are relative to the workspace)'],
    ['C:\\x', 'is an absolute Windows path'],
    ['c:/windows/system32', 'is an absolute Windows path'],
    ['D:', 'is an absolute Windows path'],
    ['\\\\server\\share', 'contains a backslash (use / between folders)'],
    ['dist\\..\\..\\x', 'contains a backslash (use / between folders)'],
    ['dist/a\u0000.tgz', 'contains a control character'],
    ['dist/a\n.tgz', 'contains a control character'],
    ['.', 'names the workspace itself, not a file'],
    ['./', 'names the workspace itself, not a file'],
    ['', 'names the workspace itself, not a file'],
  ])('unsafe %j: %s', (input, reason) => {
    expect(classifyLocation(input)).toEqual({ kind: 'unsafe', reason });
  });
});

describe('isInside compares relative paths, never string prefixes', () => {
  const root = path.resolve('/work/ws');
  it.each([
    ['/work/ws', true],
    ['/work/ws/a/b', true],
    ['/work/ws/..hidden', true],
    ['/work/ws-evil/x', false],
    ['/work/wsx', false],
    ['/work', false],
    ['/etc/passwd', false],
  ])('%s → %s', (target, inside) => {
    expect(isInside(root, path.resolve(target))).toBe(inside);
  });
});
