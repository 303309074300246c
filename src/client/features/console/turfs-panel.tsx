import { useState } from 'react';
import { useAssign, useCanvassers, useTurfDoors, useTurfs, useUploadTurf, type ConsoleTurf } from './console-api';
import { useConsoleText } from './console-text';
import { QueryState } from './query-state';
import { TurfPlot } from './turf-plot';

export function TurfsPanel() {
  const text = useConsoleText();
  const turfs = useTurfs();
  const canvassers = useCanvassers();
  const names = new Map((canvassers.data?.canvassers ?? []).map((c) => [c.id, c.name]));
  return (
    <section aria-labelledby="turfs-heading" className="console-panel">
      <h2 id="turfs-heading">{text.tabs.turfs}</h2>
      <UploadForm />
      {!turfs.data ? (
        <QueryState isError={turfs.isError} />
      ) : turfs.data.turfs.length === 0 ? (
        <p>{text.noTurfs}</p>
      ) : (
        <ul className="console-turfs">
          {turfs.data.turfs.map((t) => (
            <TurfItem key={t.id} turf={t} names={names} everyone={canvassers.data?.canvassers ?? []} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TurfItem({ turf, names, everyone }: { turf: ConsoleTurf; names: Map<string, string>; everyone: { id: string; name: string }[] }) {
  const text = useConsoleText();
  const assign = useAssign();
  const [choice, setChoice] = useState('');
  const [showDoors, setShowDoors] = useState(false);
  const free = everyone.filter((c) => !turf.canvassers.includes(c.id));
  const headingId = `turf-${turf.id}`;
  return (
    <li className="console-turf" aria-labelledby={headingId}>
      <h3 id={headingId}>{turf.name}</h3>
      <p>
        {text.col.doorsVisited}: {turf.progress.visited} / {turf.progress.doors}
      </p>
      <p>
        {text.assigned}: {turf.canvassers.length === 0 && text.nobody}
      </p>
      {turf.canvassers.length > 0 && (
        <ul className="console-assigned">
          {turf.canvassers.map((id) => (
            <li key={id}>
              {names.get(id) ?? id}{' '}
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={text.unassignLabel(names.get(id) ?? id, turf.name)}
                disabled={assign.isPending}
                onClick={() => assign.mutate({ turfId: turf.id, canvasserId: id, assign: false })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {free.length > 0 && (
        <form
          className="console-assign"
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) assign.mutate({ turfId: turf.id, canvasserId: choice, assign: true }, { onSuccess: () => setChoice('') });
          }}
        >
          <select aria-label={text.assignTo(turf.name)} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">—</option>
            {free.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--secondary" disabled={!choice || assign.isPending}>
            {text.assign}
          </button>
        </form>
      )}
      {assign.isError && <p role="alert">{text.actionFailed}</p>}
      <button type="button" className="button button--secondary" aria-expanded={showDoors} onClick={() => setShowDoors(!showDoors)}>
        {showDoors ? text.hideDoors : text.showDoors(turf.name)}
      </button>
      {showDoors && <TurfDoors turfId={turf.id} />}
    </li>
  );
}

function TurfDoors({ turfId }: { turfId: string }) {
  const doors = useTurfDoors(turfId);
  return doors.data ? <TurfPlot turf={doors.data} /> : <QueryState isError={doors.isError} />;
}

function UploadForm() {
  const text = useConsoleText();
  const upload = useUploadTurf();
  const [file, setFile] = useState<File>();
  const [name, setName] = useState('');
  const [split, setSplit] = useState('');
  const [citycode, setCitycode] = useState('');
  return (
    <form
      className="console-form"
      aria-labelledby="upload-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (file && name.trim()) upload.mutate({ file, name: name.trim(), split, citycode: citycode.trim() });
      }}
    >
      <h3 id="upload-heading">{text.uploadHeading}</h3>
      <p id="upload-hint">{text.uploadHint}</p>
      <label>
        {text.file}
        <input type="file" accept=".csv,text/csv" aria-describedby="upload-hint" required onChange={(e) => setFile(e.target.files?.[0])} />
      </label>
      <label>
        {text.turfName}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="off" />
      </label>
      <label>
        {text.split}
        <select value={split} onChange={(e) => setSplit(e.target.value)}>
          <option value="">{text.splitNone}</option>
          <option value="street">{text.splitStreet}</option>
          <option value="pollingstation">{text.splitPolling}</option>
        </select>
      </label>
      <label>
        {text.citycode}
        <input value={citycode} onChange={(e) => setCitycode(e.target.value)} inputMode="numeric" maxLength={5} autoComplete="off" />
      </label>
      <button type="submit" className="button button--primary" disabled={upload.isPending}>
        {upload.isPending ? text.uploading : text.upload}
      </button>
      {upload.isSuccess && (
        <p role="status">
          {text.uploaded(
            upload.data.turfs.length,
            upload.data.turfs.reduce((n, t) => n + t.doors, 0),
          )}
        </p>
      )}
      {upload.isError && (
        <p role="alert">
          {text.uploadFailed} {upload.error.message}
        </p>
      )}
    </form>
  );
}
