import { describe, expect, it } from 'vitest';
import type { DoorAddress } from '@shared/turf-schema';
import { parseSplit, splitTurf } from './split-turf';

const door = (street: string, housenumber: string, more: Partial<DoorAddress> = {}): DoorAddress => ({
  street,
  housenumber,
  citycode: '75107',
  ...more,
});

describe('--split', () => {
  it('parses street, pollingstation and doors:N, and refuses anything else', () => {
    expect(parseSplit('street')).toBe('street');
    expect(parseSplit('pollingstation')).toBe('pollingstation');
    expect(parseSplit('doors:50')).toEqual({ doors: 50 });
    for (const bad of ['doors:0', 'doors:', 'doors:2.5', 'streets', ''])
      expect(() => parseSplit(bad)).toThrow(/--split takes street, pollingstation or doors:N/);
  });

  it('without it, makes one turf in walking order', () => {
    const turfs = splitTurf('Gros-Caillou', [door('Rue Cler', '2'), door('Rue Cler', '1')]);
    expect(turfs).toEqual([{ name: 'Gros-Caillou', doors: [door('Rue Cler', '1'), door('Rue Cler', '2')] }]);
  });

  it('by street: one turf per street, named after it', () => {
    const turfs = splitTurf('7e', [door('Rue Cler', '1'), door('Avenue Rapp', '2'), door('Rue Cler', '3')], 'street');
    expect(turfs.map((t) => [t.name, t.doors.length])).toEqual([
      ['7e — Avenue Rapp', 1],
      ['7e — Rue Cler', 2],
    ]);
  });

  it('by polling station, doors without one together; a file without any is an error', () => {
    const doors = [
      door('Rue Cler', '1', { pollingstation: '712' }),
      door('Rue Cler', '3', { pollingstation: '713' }),
      door('Rue Cler', '5'),
    ];
    expect(splitTurf('7e', doors, 'pollingstation').map((t) => t.name)).toEqual(['7e — bureau 712', '7e — bureau 713', '7e — sans bureau']);
    expect(() => splitTurf('7e', [door('Rue Cler', '1')], 'pollingstation')).toThrow(/no door of this file has a pollingstation/);
  });

  it('by doors:N: runs of N along the walk, numbered, never cutting a building apart', () => {
    const flats = ['1', '2', '3'].map((d) => door('Rue Cler', '3', { door: d }));
    const doors = [door('Rue Cler', '1'), ...flats, door('Rue Cler', '5'), door('Rue Cler', '7')];
    const turfs = splitTurf('Cler', doors, { doors: 2 });
    expect(turfs.map((t) => [t.name, t.doors.map((d) => d.housenumber + (d.door ?? '')).join(' ')])).toEqual([
      ['Cler 1/2', '1 31 32 33'],
      ['Cler 2/2', '5 7'],
    ]);
  });
});
