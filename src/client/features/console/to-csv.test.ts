import { describe, expect, it } from 'vitest';
import { toCsv } from './to-csv';

describe('toCsv', () => {
  it('quotes what needs quoting and leaves the rest', () => {
    expect(
      toCsv([
        ['Turf', 'Doors'],
        ['Gros-Caillou "nord"', 12],
        ['a,b', undefined],
        ['line\nbreak', 0],
      ]),
    ).toBe('Turf,Doors\r\n"Gros-Caillou ""nord""",12\r\n"a,b",\r\n"line\nbreak",0\r\n');
  });

  it('defuses cells that a spreadsheet would run as formulas, not negative numbers', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', -3]])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),-3\r\n`);
  });
});
