/**
 * The scanner reads long strings through `codeUnitsOf` instead of `charCodeAt`: the copy must give exactly the same
 * code units, whatever the string holds or however it was built.
 */
import { describe, expect, it } from 'vitest';
import { codeUnitsOf } from '../src/internal/code-units.js';

function expectSameUnits(text: string): void {
  const units = codeUnitsOf(text);
  expect(units).not.toBeNull();
  const expected: number[] = [];
  for (let i = 0; i < text.length; i++) expected.push(text.charCodeAt(i));
  expect(Array.from((units as Uint16Array).subarray(0, text.length))).toEqual(expected);
}

describe('codeUnitsOf', () => {
  it('leaves short strings and strings past the scratch size to charCodeAt', () => {
    expect(codeUnitsOf('password=hunter2')).toBeNull();
    expect(codeUnitsOf('a'.repeat((1 << 21) + 1))).toBeNull();
  });

  it('copies lone surrogates, NULs and non-Latin units unchanged', () => {
    const piece = 'a\ud800b\udfffc\u0000d\u00e9e\u4e2d\ud83d\ude00f';
    expectSameUnits(piece.repeat(20));
    expectSameUnits(`${piece.repeat(20)}\ud800`);
  });

  it('copies sliced and concatenated strings', () => {
    const base = 'user=alice token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB '.repeat(8);
    expectSameUnits(base.slice(3, 300));
    expectSameUnits(base + String(Date.now()) + base);
  });

  it('gives the units of the latest string only, past a longer earlier one', () => {
    expectSameUnits('x'.repeat(50_000));
    expectSameUnits('y'.repeat(300));
    expectSameUnits('z\u00e9'.repeat(60_000));
    expectSameUnits('w'.repeat(400));
  });
});
