import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { analyse, toReportJson } from '../../../src/index.js';

/**
 * The published report.schema.json, read by a standard JSON Schema validator (ajv, draft 2020-12), accepts the
 * reports this version writes and those of a later release of the same schemaVersion (which may add fields at any
 * level), and rejects a report that lacks a field the contract requires.
 */
const schema = JSON.parse(readFileSync(new URL('../../../report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const SAMPLE = new URL('../../../samples/faults-1.18.zip', import.meta.url).pathname;

type Json = Record<string, unknown>;
const copy = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;
const at = (v: unknown, ...path: (string | number)[]): Json => {
  let node = v;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  assert.ok(node && typeof node === 'object', `no object at ${path.join('.')}`);
  return node as Json;
};

describe('report.schema.json with ajv', () => {
  let report: Json;
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  const errors = () => JSON.stringify(validate.errors?.slice(0, 3));

  before(async () => {
    report = copy(toReportJson(await analyse(SAMPLE)));
  });

  it('accepts a real report of a sample', () => {
    assert.ok(validate(report), errors());
    assert.ok(at(report, 'nodes', 0, 'agent', 'status'), 'the sample report has the status facts');
  });

  it('accepts a report of a later release: an unknown field at every level', () => {
    const later = copy(report);
    const places: Json[] = [
      later,
      at(later, 'generator'),
      at(later, 'bundle'),
      at(later, 'cluster'),
      at(later, 'nodes', 0),
      at(later, 'nodes', 0, 'podCIDRs'),
      at(later, 'nodes', 0, 'agent'),
      at(later, 'nodes', 0, 'agent', 'status'),
      at(later, 'health'),
      at(later, 'health', 'probes', 0),
      at(later, 'findings', 0),
      at(later, 'findings', 0, 'evidence', 0),
    ];
    for (const place of places) place.addedLater = { note: 'a field of a later release', n: 1 };
    assert.ok(validate(later), errors());
  });

  it('rejects a report without a required field, or with one of the wrong type', () => {
    const noVersion = copy(report);
    delete noVersion.schemaVersion;
    assert.equal(validate(noVersion), false);
    const noName = copy(report);
    delete at(noName, 'nodes', 0).name;
    assert.equal(validate(noName), false);
    const noEvidence = copy(report);
    delete at(noEvidence, 'findings', 0).evidence;
    assert.equal(validate(noEvidence), false);
    const wrongType = copy(report);
    at(wrongType, 'cluster').nodes = 'three';
    assert.equal(validate(wrongType), false);
  });
});
