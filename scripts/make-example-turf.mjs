// Writes config/example-turf-paris-7.csv: the sandbox demo's turf, the Gros-Caillou quarter of
// Paris 7e in the Base Adresse Nationale's adresses-XX.csv format. The street names, their
// number ranges and their ends are those of the real streets (read off the map); the points in
// between are spread along each street, odd numbers on one side and even on the other, so the
// coordinates are close to, not exactly, the BAN's. Run again only to change the demo turf:
//   node scripts/make-example-turf.mjs

import { writeFileSync } from 'node:fs';

const HEADER =
  'id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles';

// [name, fantoir code, last odd number, last even number, [lat, lon] of the low-numbers end, of the high end]
/** @type {[string, string, number, number, [number, number], [number, number]][]} */
const STREETS = [
  ['Rue Cler', '2187', 45, 52, [48.8553, 2.3066], [48.8583, 2.3046]],
  ['Rue Saint-Dominique', '8547', 91, 96, [48.8592, 2.3118], [48.8597, 2.2987]],
  ['Avenue Bosquet', '1162', 55, 60, [48.8624, 2.3027], [48.8536, 2.3042]],
  ['Rue de Grenelle', '4295', 101, 96, [48.8567, 2.3117], [48.856, 2.301]],
  ['Rue Amélie', '0254', 31, 28, [48.8577, 2.3086], [48.8598, 2.3078]],
  ['Rue Augereau', '0521', 21, 24, [48.8573, 2.3037], [48.859, 2.3028]],
  ['Rue Jean-Nicot', '5033', 29, 32, [48.8598, 2.3073], [48.8618, 2.3067]],
  ['Rue Malar', '5912', 39, 44, [48.8598, 2.3049], [48.8627, 2.304]],
  ['Rue du Champ-de-Mars', '1790', 31, 34, [48.8572, 2.3061], [48.8563, 2.3015]],
  ['Rue Duvivier', '3011', 29, 26, [48.8565, 2.3079], [48.8573, 2.305]],
  ["Rue de l'Exposition", '3470', 31, 30, [48.8577, 2.3025], [48.859, 2.3016]],
  ['Rue Valadon', '9632', 15, 18, [48.856, 2.307], [48.8568, 2.3043]],
];

const rows = [HEADER];
for (const [name, fantoir, lastOdd, lastEven, from, to] of STREETS) {
  const numbers = [];
  for (let n = 1; n <= lastOdd; n += 2) numbers.push(n);
  for (let n = 2; n <= lastEven; n += 2) numbers.push(n);
  const high = Math.max(lastOdd, lastEven);
  // The side of the street: a few metres left or right of its axis.
  const [dLat, dLon] = [to[0] - from[0], to[1] - from[1]];
  const len = Math.hypot(dLat, dLon * Math.cos((48.857 * Math.PI) / 180)) || 1;
  const [sideLat, sideLon] = [(-dLon / len) * 0.00008, (dLat / len) * 0.00012];
  for (const n of numbers) {
    const t = (n - 1) / Math.max(high - 1, 1);
    const s = n % 2 ? 1 : -1;
    const lat = from[0] + dLat * t + sideLat * s;
    const lon = from[1] + dLon * t + sideLon * s;
    // Lambert-93 (the BAN's x, y) near Paris, to within a few metres: enough for an example.
    const x = 652_469 + (lon - 2.35) * 73_360;
    const y = 6_862_034 + (lat - 48.8566) * 111_200;
    const afnor = name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, ' ');
    const additions = n % 10 === 3 ? ['', 'bis'] : [''];
    for (const rep of additions) {
      const id = `75107_${fantoir}_${String(n).padStart(5, '0')}${rep ? `_${rep}` : ''}`;
      rows.push(
        [
          id,
          `75107_${fantoir}`,
          n,
          rep,
          name,
          '75007',
          '75107',
          'Paris',
          '',
          '',
          x.toFixed(2),
          y.toFixed(2),
          lon.toFixed(6),
          lat.toFixed(6),
          'entrée',
          '',
          '',
          'PARIS',
          afnor,
          'commune',
          'commune',
          '1',
          '',
        ].join(';'),
      );
    }
  }
}
writeFileSync(new URL('../config/example-turf-paris-7.csv', import.meta.url), rows.join('\n') + '\n');
console.log(`config/example-turf-paris-7.csv: ${rows.length - 1} addresses`);
