/**
 * The oracle for the YAML fast path (src/manifest/yaml-fast.ts): the loader (yaml.ts) run on the
 * same text. `expectSameAsLoader` holds when js-yaml's fast path either leaves the text to the
 * loader or gives the loader's data and the loader's positions for every key path of the data;
 * and `parseManifestText`, whichever path it takes, gives the loader's data, or its issues.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { parseManifestText, type KeyPath, type LocateRequest, type ParsedManifest } from '../../src/manifest/parse.js';
import { fastYaml } from '../../src/manifest/yaml-fast.js';
import { parseYaml } from '../../src/manifest/yaml.js';

/** Every key path of `data`, each as a value and, in mappings, as a key; plus paths that miss. */
export function requestsFor(data: unknown): LocateRequest[] {
  const requests: LocateRequest[] = [{ keyPath: [] }, { keyPath: ['no such key'] }, { keyPath: [0] }];
  const stack: { value: unknown; keyPath: KeyPath }[] = [{ value: data, keyPath: [] }];
  while (stack.length > 0 && requests.length < 5_000) {
    const { value, keyPath } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    requests.push({ keyPath: [...keyPath, 'missing'] }, { keyPath: [...keyPath, 99_999] }, { keyPath, key: 'missing' });
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        requests.push({ keyPath: [...keyPath, index] }, { keyPath: [...keyPath, index, 'deeper'] });
        stack.push({ value: item, keyPath: [...keyPath, index] });
      });
    } else {
      for (const [key, item] of Object.entries(value)) {
        requests.push({ keyPath: [...keyPath, key] }, { keyPath, key });
        stack.push({ value: item, keyPath: [...keyPath, key] });
      }
    }
  }
  return requests;
}

/** What the fast path did with `text`: 'fast' (it read it) or 'loader' (it left it). */
export async function expectSameAsLoader(text: string, label = text.slice(0, 120)): Promise<'fast' | 'loader'> {
  const source = text.replace(/^\uFEFF/, '');
  const loader = parseYaml('case.yml', source);
  const fast = fastYaml(source);
  if (fast !== undefined) {
    if (Array.isArray(loader)) expect.fail(`the fast path accepts what the loader refuses (${JSON.stringify(loader.map((issue) => issue.message))}): ${JSON.stringify(label)}`);
    expect(isDeepStrictEqual(fast.data, loader.data), `same data for ${JSON.stringify(label)}`).toBe(true);
    expectSamePositions(fast, loader, label);
  }
  // The whole entry point, with the JSON path in front: the loader's data or its issues, always.
  const parsed = await parseManifestText('case.yml', text);
  if (Array.isArray(loader)) {
    if (!Array.isArray(parsed) && parsed.form === 'json') return fast === undefined ? 'loader' : 'fast';
    // Where the `yaml` package's own recursion overflows depends on how deep the stack already
    // is, so that one issue's column is not a property of the text.
    const stable = (issues: unknown) => (Array.isArray(issues) ? issues.map((issue: { message: string; column?: number }) => (issue.message === 'nesting is too deep to parse' ? { ...issue, column: 0 } : issue)) : issues);
    expect(stable(parsed), `the loader's issues for ${JSON.stringify(label)}`).toEqual(stable(loader));
  } else {
    expect(Array.isArray(parsed), `accepted: ${JSON.stringify(label)}`).toBe(false);
    expect(isDeepStrictEqual((parsed as ParsedManifest).data, loader.data), `entry point data for ${JSON.stringify(label)}`).toBe(true);
  }
  return fast === undefined ? 'loader' : 'fast';
}

export function expectSamePositions(fast: ParsedManifest, loader: ParsedManifest, label: string): void {
  const requests = requestsFor(loader.data);
  const got = fast.locateAll(requests);
  const want = loader.locateAll(requests);
  const wrong = requests.map((request, index) => ({ request, got: got[index], want: want[index] })).filter(({ got, want }) => !isDeepStrictEqual(got, want));
  expect(wrong.slice(0, 5), `positions for ${JSON.stringify(label)}`).toEqual([]);
  // The single-request form agrees with the batch.
  const sample = requests.slice(0, 20);
  expect(sample.map(({ keyPath, key }) => fast.locate(keyPath, key))).toEqual(want.slice(0, 20));
}
