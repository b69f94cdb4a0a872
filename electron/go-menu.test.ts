// The Go menu and the window's own Alt+letter keys must lead to the same screens.
import { describe, expect, it } from 'vitest';
import { GO_TO, goScript } from './go-menu.js';
import { screenForKey } from '../renderer/src/App.js';
import { SCREENS } from '../renderer/src/store.js';

const press = (letter: string, extra: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}) =>
  screenForKey({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code: `Key${letter}`, ...extra });

describe('Go menu', () => {
  it('lists every screen once, each with the letter the window answers to', () => {
    expect(GO_TO.map((g) => g.screen).sort()).toEqual([...SCREENS].sort());
    for (const g of GO_TO) expect(press(g.letter)).toBe(g.screen);
    expect(new Set(GO_TO.map((g) => g.letter)).size).toBe(GO_TO.length);
  });

  it('leaves the menus\' own Alt keys and modified presses alone', () => {
    for (const letter of ['F', 'E', 'V', 'W', 'H']) expect(press(letter)).toBeNull();
    expect(press('T', { ctrlKey: true })).toBeNull();
    expect(press('T', { shiftKey: true })).toBeNull();
  });

  it('only ever sets the hash to a known screen', () => {
    expect(goScript('ledger')).toBe('location.hash = "#/ledger"');
    expect(() => goScript('x"; alert(1); "')).toThrow(/no screen/);
  });
});
