// kapi's CRD string-format checks (src/validation/formats.ts) against the apiserver's verdicts
// on the values of test/support/format-values.ts, as the check e2e test recorded them from a
// v1.36.3 kube-apiserver in test/data/check-corpus/format-verdicts.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { satisfiesCrdFormat } from '../../src/validation/formats.js';
import { formatValues } from '../support/format-values.js';

const recorded = JSON.parse(readFileSync(new URL('../data/check-corpus/format-verdicts.json', import.meta.url), 'utf8')) as {
  verdicts: Record<string, Record<string, boolean>>;
};

describe('CRD string formats as the apiserver judges them', () => {
  it('the recording covers every value of format-values.ts', () => {
    // Sorted: a JSON object lists integer-like keys ("0", "5") first.
    const sorted = (entries: [string, string[]][]) => Object.fromEntries(entries.map(([format, values]) => [format, [...values].sort()]));
    assert.deepEqual(
      sorted(Object.entries(recorded.verdicts).map(([format, verdicts]) => [format, Object.keys(verdicts)])),
      sorted(Object.entries(formatValues)),
    );
  });

  for (const [format, verdicts] of Object.entries(recorded.verdicts)) {
    it(format, () => {
      const disagreements = Object.entries(verdicts)
        .filter(([value, accepted]) => satisfiesCrdFormat(format, value) !== accepted)
        .map(([value, accepted]) => `${JSON.stringify(value)}: the server ${accepted ? 'accepts' : 'rejects'} it`);
      assert.deepEqual(disagreements, []);
    });
  }
});
