import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonSafe, lookAlikes, skeleton, terminalSafe, visible, visibleDeep } from '../../../src/stages/render/sanitise.js';

describe('visible escapes', () => {
  it('shows terminal escape sequences, other controls, bidi overrides and zero-width characters as escapes', () => {
    assert.equal(visible('a\u001b[2Jb\u0007c\u009bd'), 'a\\x1b[2Jb\\x07c\\x9bd');
    assert.equal(visible('node-\u202eevil\u202c \u2066x\u2069'), 'node-\\u202eevil\\u202c \\u2066x\\u2069');
    assert.equal(visible('cilium-abc12\u200b\u200d\u2060\ufeff'), 'cilium-abc12\\u200b\\u200d\\u2060\\ufeff');
    assert.equal(visible('tag\u{e0041}'), 'tag\\u{e0041}');
  });

  it('keeps tabs; keeps line breaks only when asked, escaping a lone CR either way', () => {
    assert.equal(visible('a\tb\nc\r\nd\re'), 'a\tb\\nc\\r\\nd\\re');
    assert.equal(visible('a\tb\nc\r\nd\re', { lines: true }), 'a\tb\nc\nd\\re');
  });

  it('keeps emoji with their variation selector and escapes a selector after a letter', () => {
    assert.equal(visible('⚠️ [14] failed'), '⚠️ [14] failed');
    assert.equal(visible('cilium-abc12\ufe0f'), 'cilium-abc12\\ufe0f');
    assert.equal(visible('cilium-abc12\u{e0100}x'), 'cilium-abc12\\u{e0100}x', 'a supplementary selector too');
    assert.equal(visible('\u26a0\ufe0f ok'), '\u26a0\ufe0f ok', 'after an emoji it is part of it');
  });

  it('leaves plain text and other scripts alone', () => {
    assert.equal(visible('Ünïcödé → 日本 ✓'), 'Ünïcödé → 日本 ✓');
  });

  it('escapes for JSON without changing the value', () => {
    const value = { name: 'x\u202e\u0085\u007f\u200by\u{e0041}' };
    const json = jsonSafe(JSON.stringify(value));
    assert.doesNotMatch(json, /[\u007f-\u009f\u200b-\u200f\u202a-\u202e]/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('guards rendered output for a terminal and walks render models', () => {
    assert.equal(terminalSafe('# t\n\u001b]0;title\u0007⚠️\n'), '# t\n\\x1b]0;title\\x07⚠️\n');
    assert.deepEqual(visibleDeep({ css: 'a\u001b', rows: [{ n: 'x\u202e', k: 1 }] }, ['css']), { css: 'a\u001b', rows: [{ n: 'x\\u202e', k: 1 }] });
  });
});

describe('look-alike names', () => {
  it('groups names that differ only by invisible characters, other scripts\' look-alikes or fullwidth forms', () => {
    assert.equal(skeleton('cilium-abc12'), 'cilium-abc12');
    assert.equal(skeleton('cilium-abc12\u200b'), 'cilium-abc12');
    assert.equal(skeleton('сilium-аbc12'), 'cilium-abc12'); // Cyrillic с and а
    assert.equal(skeleton('ｃilium‐abc12'), 'cilium-abc12'); // fullwidth c, hyphen U+2010
    assert.deepEqual(lookAlikes(['cilium-abc12', 'cilium-xyz', 'cilium-abc12\u200b', 'cilium-abc12', 'сilium-abc12']), [['cilium-abc12', 'cilium-abc12\u200b', 'сilium-abc12']]);
  });

  it('never groups distinct ASCII names, even ones a font may confuse', () => {
    assert.deepEqual(lookAlikes(['node-1', 'node-l', 'node-I', 'Node-1']), []);
  });
});
