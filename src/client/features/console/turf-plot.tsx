import type { ConsoleTurfDoors } from '@shared/console-schema';
import type { DoorState } from '@shared/turf-schema';
import { useConsoleText } from './console-text';

const STATES: DoorState[] = ['todo', 'absent', 'done', 'refused'];
const WIDTH = 640;
const HEIGHT = 400;
const PAD = 12;

/** The doors of a turf at their coordinates, coloured by state: a plain plot, no map tiles.
 * Longitude is scaled by the cosine of the latitude, so that a street keeps its shape. */
export function TurfPlot({ turf }: { turf: ConsoleTurfDoors }) {
  const text = useConsoleText();
  const placed = turf.doors.filter((d): d is typeof d & { lat: number; lon: number } => d.lat !== undefined && d.lon !== undefined);
  const lats = placed.map((d) => d.lat);
  const lons = placed.map((d) => d.lon);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (HEIGHT - 2 * PAD) / spanY);
  const counts = Object.fromEntries(STATES.map((s) => [s, turf.doors.filter((d) => d.state === s).length])) as Record<DoorState, number>;
  return (
    <figure className="turf-plot">
      {placed.length > 0 && (
        <svg
          role="img"
          aria-label={text.plotLabel(turf.name, placed.length, turf.doors.length)}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="turf-plot__svg"
        >
          <rect width={WIDTH} height={HEIGHT} className="turf-plot__paper" />
          {placed.map((d) => (
            <circle
              key={d.id}
              cx={PAD + (d.lon - minLon) * k * scale}
              cy={HEIGHT - PAD - (d.lat - minLat) * scale}
              r={4}
              className={`turf-plot__door turf-plot__door--${d.state}`}
            >
              <title>{`${d.label}: ${text.states[d.state]}`}</title>
            </circle>
          ))}
        </svg>
      )}
      <figcaption>
        <ul className="turf-plot__legend">
          {STATES.map((s) => (
            <li key={s}>
              <span className={`turf-plot__swatch turf-plot__door--${s}`} aria-hidden="true" />
              {text.states[s]}: {counts[s]}
            </li>
          ))}
        </ul>
        {placed.length < turf.doors.length && <p>{text.notPlaced(turf.doors.length - placed.length)}</p>}
      </figcaption>
    </figure>
  );
}
